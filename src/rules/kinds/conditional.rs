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
    unsatisfied(
        rule,
        ctx,
        (if_, then),
        (scope, window),
        exceptions,
        |_, f| out.push(f),
    );
}

/// The `then` matches of one piece of a file linted piece by piece, as
/// the other pieces' `if` matches see them.
#[derive(Debug, Default)]
pub struct Thens {
    any: bool,
    /// Some `then` match has no capture (it satisfies any `if`).
    uncaptured: bool,
    captures: std::collections::HashSet<String>,
}

impl Thens {
    /// Does one of these `then` matches satisfy an `if` match with capture `cap`?
    pub fn satisfy(&self, cap: Option<&str>) -> bool {
        self.any && (self.uncaptured || cap.is_none_or(|c| self.captures.contains(c)))
    }
}

/// For a rule of document scope over one piece of a file: the findings the
/// piece's own `then` matches leave, each with its `if` match's capture,
/// and the piece's `then` matches. A finding stands if no other piece's
/// `then` matches satisfy it (see [`Thens::satisfy`]).
#[allow(clippy::type_complexity)]
pub fn check_piece(
    rule: &Rule,
    ctx: &Ctx<'_>,
    (if_, then): (LexId, LexId),
    exceptions: Option<LexId>,
) -> (Vec<(Option<String>, Finding)>, Thens) {
    let mut left = Vec::new();
    unsatisfied(
        rule,
        ctx,
        (if_, then),
        (Scope::Document, 0),
        exceptions,
        |h, f| {
            let cap = h
                .cap
                .map(|(a, b)| ctx.doc.prose[a as usize..b as usize].to_string());
            left.push((cap, f));
        },
    );
    let mut thens = Thens::default();
    for t in ctx.hits.of(then) {
        thens.any = true;
        match t.cap {
            Some((a, b)) => {
                thens
                    .captures
                    .insert(ctx.doc.prose[a as usize..b as usize].to_string());
            }
            None => thens.uncaptured = true,
        }
    }
    (left, thens)
}

/// Calls `f` with each `if` match no `then` match in its unit satisfies,
/// and its finding.
fn unsatisfied(
    rule: &Rule,
    ctx: &Ctx<'_>,
    (if_, then): (LexId, LexId),
    (scope, window): (Scope, u32),
    exceptions: Option<LexId>,
    mut f: impl FnMut(&crate::rules::compile::Hit, Finding),
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
        f(&h, ctx.finding(rule, h.range(), message));
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
