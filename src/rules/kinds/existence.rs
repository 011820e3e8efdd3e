//! `existence`: any token or pattern appearing is a finding.

use super::{Ctx, fill, non_overlapping};
use crate::finding::Finding;
use crate::rules::{LexId, Rule};

pub fn check(
    rule: &Rule,
    ctx: &Ctx<'_>,
    lex: LexId,
    exceptions: Option<LexId>,
    out: &mut Vec<Finding>,
) {
    for h in non_overlapping(ctx.hits_except(lex, exceptions)) {
        let words = ctx.words(h.range());
        let message = fill(&rule.message, &[("match", words)]);
        out.push(ctx.finding(rule, h.range(), message));
    }
}
