//! `sentence`: weighs cues per sentence (who acts, who benefits, whether a
//! reason is given) and flags sentences whose weights reach the threshold,
//! naming the cues that fired. Each cue counts once per sentence; negative
//! weights (reasons, reader benefits) pull a sentence back.

use super::{Ctx, fill};
use crate::document::BlockKind;
use crate::finding::Finding;
use crate::rules::compile::Hit;
use crate::rules::{Cue, LexId, Rule};

pub fn check(
    rule: &Rule,
    ctx: &Ctx<'_>,
    cues: &[Cue],
    threshold: f64,
    exceptions: Option<LexId>,
    out: &mut Vec<Finding>,
) {
    let doc = ctx.doc;
    // (sentence, cue, first hit) for every cue that fires in a sentence.
    let mut fired: Vec<(usize, usize, Hit)> = Vec::new();
    for (ci, cue) in cues.iter().enumerate() {
        let hits = if cue.weight > 0.0 {
            ctx.hits_except(cue.lex, exceptions)
        } else {
            ctx.hits.of(cue.lex).to_vec()
        };
        let mut last = usize::MAX;
        for h in hits {
            let Some(s) = doc.sentence_at(h.start as usize) else {
                continue;
            };
            if s != last {
                fired.push((s, ci, h));
                last = s;
            }
        }
    }
    fired.sort_unstable_by_key(|&(s, c, h)| (s, c, h.start));
    fired.dedup_by_key(|&mut (s, c, _)| (s, c));
    for group in fired.chunk_by(|a, b| a.0 == b.0) {
        let s = group[0].0;
        if matches!(
            doc.segments[doc.sentences[s].segment].kind,
            BlockKind::Heading(_)
        ) {
            continue;
        }
        let score: f64 = group.iter().map(|&(_, c, _)| cues[c].weight).sum();
        if score < threshold {
            continue;
        }
        let mut positive: Vec<&(usize, usize, Hit)> = group
            .iter()
            .filter(|&&(_, c, _)| cues[c].weight > 0.0)
            .collect();
        positive.sort_by(|a, b| {
            cues[b.1]
                .weight
                .total_cmp(&cues[a.1].weight)
                .then(a.2.start.cmp(&b.2.start))
        });
        // Underline the strongest cue's words.
        let Some(&&(_, _, hit)) = positive.first() else {
            continue;
        };
        let names: Vec<&str> = positive
            .iter()
            .map(|&&(_, c, _)| cues[c].label.as_str())
            .collect();
        let words = ctx.words(hit.range());
        let message = fill(
            &rule.message,
            &[
                ("cues", &names.join(", ")),
                ("score", &format!("{score:.1}")),
                ("threshold", &format!("{threshold}")),
                ("match", words),
            ],
        );
        out.push(ctx.finding(rule, hit.range(), message));
    }
}
