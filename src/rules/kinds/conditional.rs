//! `conditional`: where `if` matches, `then` must match in the same unit.
//!
//! When both lists are patterns with a capture group, the captures must be
//! equal: `if` finds an acronym, `then` finds where that acronym is spelled out.

use super::{Ctx, fill, non_overlapping};
use crate::finding::Finding;
use crate::rules::{LexId, Rule, Scope};

pub fn check(
    rule: &Rule,
    ctx: &Ctx<'_>,
    if_: LexId,
    then: LexId,
    scope: Scope,
    exceptions: Option<LexId>,
    out: &mut Vec<Finding>,
) {
    let thens = ctx.hits.of(then);
    for h in non_overlapping(ctx.hits_except(if_, exceptions)) {
        let unit = ctx.unit_of(scope, h.start as usize);
        let a = thens.partition_point(|t| (t.start as usize) < unit.start);
        let b = thens.partition_point(|t| (t.start as usize) < unit.end);
        let satisfied = thens[a..b].iter().any(|t| match (h.cap, t.cap) {
            (Some((hs, he)), Some((ts, te))) => {
                ctx.doc.prose[hs as usize..he as usize] == ctx.doc.prose[ts as usize..te as usize]
            }
            _ => true,
        });
        if satisfied {
            continue;
        }
        let words = ctx.words(h.range());
        let message = fill(&rule.message, &[("match", words)]);
        out.push(ctx.finding(rule, h.range(), message));
    }
}
