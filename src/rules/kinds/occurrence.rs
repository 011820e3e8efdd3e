//! `occurrence`: words or matches per unit above `max` or below `min`.

use super::{Ctx, fill};
use crate::finding::Finding;
use crate::rules::{LexId, Rule, Scope};

pub fn check(
    rule: &Rule,
    ctx: &Ctx<'_>,
    (lex, distinct): (Option<LexId>, bool),
    scope: Scope,
    max: Option<u32>,
    min: Option<u32>,
    out: &mut Vec<Finding>,
) {
    let hits = lex.map(|l| ctx.hits.of(l));
    for (range, anchor) in ctx.units(scope) {
        let (count, in_unit) = match hits {
            None => (ctx.doc.words_in(range.clone()), &[][..]),
            Some(hits) => {
                let a = hits.partition_point(|h| (h.start as usize) < range.start);
                let b = hits.partition_point(|h| (h.start as usize) < range.end);
                let n = if distinct {
                    let mut words: Vec<String> = hits[a..b]
                        .iter()
                        .map(|h| ctx.doc.prose[h.range()].to_lowercase())
                        .collect();
                    words.sort_unstable();
                    words.dedup();
                    words.len()
                } else {
                    b - a
                };
                (n, &hits[a..b])
            }
        };
        let over = max.is_some_and(|m| count > m as usize);
        let under = min.is_some_and(|m| count < m as usize);
        if !(over || under) {
            continue;
        }
        let count_s = count.to_string();
        let max_s = max.map(|m| m.to_string()).unwrap_or_default();
        let min_s = min.map(|m| m.to_string()).unwrap_or_default();
        // Sentences and paragraphs are underlined whole; in larger units a
        // "too many" finding points at the first match past the limit.
        let span = match (scope, over, max) {
            (Scope::Section | Scope::Document, true, Some(m)) if !in_unit.is_empty() => {
                let h = in_unit[(m as usize).min(in_unit.len() - 1)];
                ctx.doc.to_source(h.range())
            }
            _ => anchor,
        };
        let words = &ctx.text[span.range()];
        let message = fill(
            &rule.message,
            &[
                ("count", &count_s),
                ("max", &max_s),
                ("min", &min_s),
                ("scope", scope.as_str()),
                ("match", words),
            ],
        );
        out.push(ctx.finding_at(rule, span, message));
    }
}
