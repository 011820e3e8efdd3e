//! `ratio`: numerator matches against denominator matches per unit, e.g.
//! we/our/the department against you/your in a section.

use super::{Ctx, fill};
use crate::finding::Finding;
use crate::rules::compile::Hit;
use crate::rules::{LexId, Rule, Scope};

pub struct Ratio {
    pub numerator: LexId,
    pub denominator: LexId,
    pub scope: Scope,
    pub max: f64,
    pub min_words: u32,
    pub min_count: u32,
}

fn count_in(hits: &[Hit], r: &std::ops::Range<usize>) -> usize {
    let a = hits.partition_point(|h| (h.start as usize) < r.start);
    let b = hits.partition_point(|h| (h.start as usize) < r.end);
    // Overlapping hits of one list (e.g. "we" inside "we will") count once.
    let mut n = 0;
    let mut end = 0;
    for h in &hits[a..b] {
        if h.start >= end {
            n += 1;
            end = h.end;
        }
    }
    n
}

pub fn check(rule: &Rule, ctx: &Ctx<'_>, r: &Ratio, out: &mut Vec<Finding>) {
    let num_hits = ctx.hits.of(r.numerator);
    let den_hits = ctx.hits.of(r.denominator);
    for (range, anchor) in ctx.units(r.scope) {
        let words = ctx.doc.words_in(range.clone());
        if words < r.min_words as usize {
            continue;
        }
        let num = count_in(num_hits, &range);
        let den = count_in(den_hits, &range);
        if num < r.min_count as usize {
            continue;
        }
        let ratio = num as f64 / den.max(1) as f64;
        if ratio <= r.max {
            continue;
        }
        let message = fill(
            &rule.message,
            &[
                ("numerator", &num.to_string()),
                ("denominator", &den.to_string()),
                ("ratio", &format!("{ratio:.1}")),
                ("max", &format!("{}", r.max)),
                ("scope", r.scope.as_str()),
                ("match", &ctx.text[anchor.range()]),
            ],
        );
        out.push(ctx.finding_at(rule, anchor, message));
    }
}
