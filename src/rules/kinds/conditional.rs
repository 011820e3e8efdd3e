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
    (scope, window): (Scope, u32),
    exceptions: Option<LexId>,
    out: &mut Vec<Finding>,
) {
    let thens = ctx.hits.of(then);
    for h in non_overlapping(ctx.hits_except(if_, exceptions)) {
        let mut unit = ctx.unit_of(scope, h.start as usize);
        if scope == Scope::Sentence && window > 0 {
            unit.end = following_sentences_end(ctx, h.start as usize, window).max(unit.end);
        }
        let a = thens.partition_point(|t| (t.start as usize) < unit.start);
        let b = thens.partition_point(|t| (t.start as usize) < unit.end);
        // A `then` match inside the `if` match itself does not count ("to
        // ensure" in "it is your responsibility to ensure"); one around it
        // does (the definition "(SAR)" around the acronym "SAR").
        let inside = |t: &&crate::rules::compile::Hit| {
            t.start >= h.start && t.end <= h.end && (t.start, t.end) != (h.start, h.end)
        };
        let satisfied = thens[a..b]
            .iter()
            .filter(|t| !inside(t))
            .any(|t| match (h.cap, t.cap) {
                (Some((hs, he)), Some((ts, te))) => {
                    ctx.doc.prose[hs as usize..he as usize]
                        == ctx.doc.prose[ts as usize..te as usize]
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

/// The end of the `window` sentences after the one holding `at`, within the
/// same block.
fn following_sentences_end(ctx: &Ctx<'_>, at: usize, window: u32) -> usize {
    let doc = ctx.doc;
    let Some(i) = doc.sentence_at(at) else {
        return at;
    };
    let seg = doc.sentences[i].segment;
    let last = doc.sentences[i..]
        .iter()
        .take(window as usize + 1)
        .take_while(|s| s.segment == seg)
        .last();
    last.map_or(at, |s| s.prose.end)
}
