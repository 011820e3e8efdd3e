//! `sentence`: weighs cues per sentence (who acts, who benefits, whether a
//! reason is given) and flags sentences whose weights reach the threshold,
//! naming the cues that fired. Each cue counts once per sentence; negative
//! weights (reasons, reader benefits) pull a sentence back.

use std::sync::Arc;

use super::{Ctx, fill};
use crate::document::BlockKind;
use crate::finding::Finding;
use crate::rules::compile::Hit;
use crate::rules::lazy::LazyRegex;
use crate::rules::spec::CueAt;
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
        let hits = match &cue.anchored {
            Some(re) => {
                let hits = clause_start_hits(ctx, cue.lex, re);
                if cue.weight > 0.0 {
                    ctx.drop_excepted(&hits, exceptions)
                } else {
                    hits
                }
            }
            None if cue.weight > 0.0 => ctx.hits_except(cue.lex, exceptions),
            None => ctx.hits.of(cue.lex).to_vec(),
        };
        let negated = |h: &Hit| cue.weight < 0.0 && is_negated(&doc.prose, h.start as usize);
        let mut last = usize::MAX;
        for h in hits {
            if negated(&h) {
                continue;
            }
            let Some(s) = doc.sentence_at(h.start as usize) else {
                continue;
            };
            if s == last {
                continue;
            }
            last = s;
            let items = match cue.at {
                CueAt::LeadIn => Some(doc.lead_in_items(s)),
                CueAt::Heading => Some(doc.heading_items(s)),
                _ => None,
            };
            if let Some(items) = items {
                // The lead-in's (or heading's) words weigh on each item; the
                // item itself is underlined, since the lead-in is judged on
                // its own.
                for item in items {
                    let range = doc.sentences[item].prose.clone();
                    let text = doc.prose[range.clone()].trim_end();
                    let hit = Hit {
                        start: range.start as u32,
                        end: (range.start + text.len()) as u32,
                        lex: h.lex,
                        cap: None,
                    };
                    fired.push((item, ci, hit));
                }
            } else if cue.at == CueAt::NextSentence {
                // A reason given in the next sentence of the paragraph ("This
                // is so that ...") weighs on the sentence it explains.
                if let Some(before) = s.checked_sub(1)
                    && doc.sentences[before].segment == doc.sentences[s].segment
                {
                    fired.push((before, ci, h));
                }
            } else {
                fired.push((s, ci, h));
            }
        }
    }
    fired.sort_unstable_by_key(|&(s, c, h)| (s, c, h.start));
    fired.dedup_by_key(|&mut (s, c, _)| (s, c));
    // Where a more specific rule of the same set has already flagged words
    // of a sentence as loudly ("'You must' sets a duty with no reason"), one
    // warning says it: the whole-sentence judgement would repeat it.
    let taken: Vec<usize> = if ctx.defer {
        let mut v: Vec<usize> = out
            .iter()
            .filter(|f| {
                f.rule != rule.id
                    && f.severity >= rule.severity
                    && f.rule
                        .strip_prefix(rule.set.as_str())
                        .is_some_and(|r| r.starts_with('/'))
            })
            .map(|f| f.span.start)
            .collect();
        v.sort_unstable();
        v
    } else {
        Vec::new()
    };
    for group in fired.chunk_by(|a, b| a.0 == b.0) {
        let s = group[0].0;
        if matches!(
            doc.segments[doc.sentences[s].segment].kind,
            BlockKind::Heading(_)
        ) || is_question(&doc.prose[doc.sentences[s].prose.clone()])
        {
            continue;
        }
        let score: f64 = group.iter().map(|&(_, c, _)| cues[c].weight).sum();
        if score < threshold {
            continue;
        }
        if !taken.is_empty() {
            let span = doc.to_source(doc.sentences[s].prose.clone());
            let i = taken.partition_point(|&t| t < span.start);
            if taken.get(i).is_some_and(|&t| t < span.end) {
                continue;
            }
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
        let names: Vec<&str> = positive.iter().map(|&&(_, c, _)| &*cues[c].label).collect();
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
        let mut finding = ctx.finding(rule, hit.range(), message);
        // Every cue that weighed, on its own words (the strongest first).
        if ctx.cue_labels {
            let mut labels = Vec::with_capacity(positive.len());
            for &&(_, c, h) in &positive {
                let span = doc.to_source(h.range());
                if !labels.iter().any(|&(s, _)| s == span) {
                    labels.push((span, Arc::clone(&cues[c].label)));
                }
            }
            finding.labels = Some(Box::new(labels));
        }
        out.push(finding);
    }
}

/// Does the sentence ask rather than tell ("Is it something that should be
/// escalated?")? A question lays no duty and refuses nothing: in 2,500
/// hand-labelled policy sentences none ending in a question mark was read
/// as written from the process's side.
fn is_question(sentence: &str) -> bool {
    sentence
        .trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '*' | '_' | '"' | '\'' | '”' | '’' | ')')
        })
        .ends_with('?')
}

/// Is the word before byte `at` a negation ("will **not** be refunded",
/// "**cannot** be reimbursed")? A benefit that is denied is not a benefit, so
/// a negative (reader-side) cue that matches just after one does not count.
pub fn is_negated(prose: &str, at: usize) -> bool {
    let Some(before) = prose.get(..at) else {
        return false;
    };
    let before = before.trim_end();
    let word_start = before
        .rfind(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = before[word_start..].to_lowercase();
    matches!(word.as_str(), "not" | "never" | "cannot")
        || word.ends_with("n't")
        || word.ends_with("n’t")
}

/// Where an anchored clause-start cue matches: tried at each sentence's
/// clause starts only, within the sentence's block, as the shared matcher
/// would confine it. Far cheaper than searching all the prose for a pattern
/// that can begin with almost any word.
fn clause_start_hits(ctx: &Ctx<'_>, lex: LexId, re: &LazyRegex) -> Vec<Hit> {
    let doc = ctx.doc;
    let mut out = Vec::new();
    // Whether the current segment is all common characters (the narrowed
    // regex then matches as the full one), judged once per segment.
    let mut common: Option<(usize, bool)> = None;
    for s in &doc.sentences {
        let seg = doc.segments[s.segment].prose.clone();
        let is_common = match common {
            Some((i, c)) if i == s.segment => c,
            _ => {
                let c = crate::rules::narrow::is_common(&doc.prose[seg.clone()]);
                common = Some((s.segment, c));
                c
            }
        };
        let sentence = &doc.prose[s.prose.clone()];
        for at in clause_starts(sentence) {
            let from = s.prose.start + at;
            if let Some((a, b)) = re.find(&doc.prose[from..seg.end], is_common) {
                out.push(Hit {
                    start: (from + a) as u32,
                    end: (from + b) as u32,
                    lex,
                    cap: None,
                });
            }
        }
    }
    out
}

/// The byte offsets in `sentence` where a main clause may start (see
/// [`is_clause_start`]): its first word, and the word after its first
/// comma, colon or semicolon when what comes before is a lead-in.
fn clause_starts(sentence: &str) -> impl Iterator<Item = usize> + '_ {
    let lead = sentence.len()
        - sentence
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .len();
    let second = sentence[lead..].find([',', ':', ';']).and_then(|i| {
        let after = lead + i + 1;
        let at = sentence.len() - sentence[after..].trim_start().len();
        (at < sentence.len() && is_clause_start(sentence, at)).then_some(at)
    });
    (lead < sentence.len())
        .then_some(lead)
        .into_iter()
        .chain(second)
}

/// Words that open a subordinate clause or a short lead-in before the main
/// clause: "If you are unhappy, ...", "Once approved, ...". A one-word lead-in
/// ("Generally, ...") counts whatever the word.
const LEAD_INS: &[&str] = &[
    "if",
    "when",
    "whenever",
    "once",
    "after",
    "before",
    "where",
    "unless",
    "until",
    "while",
    "whilst",
    "as",
    "in",
    "for",
    "to",
    "on",
    "upon",
    "during",
    "following",
    "because",
    "since",
    "although",
    "though",
    "however",
    "then",
    "also",
    "generally",
    "normally",
    "usually",
];

/// Is byte `at` of `sentence` where its main clause starts? That is the first
/// word of the sentence, the first word after a short label ("Applicants:"),
/// or the first word after a leading clause that ends in a comma ("If you
/// are unhappy, ...", "Once approved, ...").
pub fn is_clause_start(sentence: &str, at: usize) -> bool {
    let lead = sentence.len()
        - sentence
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .len();
    if at <= lead {
        return true;
    }
    let Some(before) = sentence.get(lead..at) else {
        return false;
    };
    let before = before.trim_end();
    let Some(head) = before.strip_suffix([',', ':', ';']) else {
        return false;
    };
    if head.contains([',', ':', ';']) {
        return false;
    }
    let words = head.split_whitespace().count();
    if before.ends_with(':') {
        return words <= 5;
    }
    let first = head
        .split_whitespace()
        .next()
        .map(|w| w.to_ascii_lowercase())
        .unwrap_or_default();
    words == 1 || LEAD_INS.contains(&first.as_str())
}

#[cfg(test)]
mod tests {
    use super::is_clause_start;

    fn at(s: &str, word: &str) -> bool {
        let i = s.find(word).expect("word in sentence");
        is_clause_start(s, i)
    }

    #[test]
    fn questions_are_not_weighed() {
        use super::is_question;
        assert!(is_question("Must you pay a fee?"));
        assert!(is_question("**Can we refuse?** "));
        assert!(is_question("Why do we ask “why?”"));
        assert!(!is_question("You must pay the fee."));
        assert!(!is_question("Ask: why?, then pay."));
    }

    #[test]
    fn negation_before_a_benefit() {
        use super::is_negated;
        let s = "They will not be reimbursed, but you can't be refunded; never refunded.";
        let neg = |w: &str| is_negated(s, s.find(w).expect("word"));
        assert!(neg("be reimbursed"));
        assert!(neg("be refunded"));
        assert!(neg("refunded."));
        assert!(!neg("will not"));
        assert!(!neg("They"));
        assert!(!is_negated("Notable refunds", 8));
    }

    #[test]
    fn clause_start_positions() {
        fn starts(s: &str) -> Vec<&str> {
            super::clause_starts(s).map(|i| &s[i..]).collect()
        }
        assert_eq!(starts("Receipts must be kept."), ["Receipts must be kept."]);
        assert_eq!(
            starts("If you are unhappy, we will look again."),
            [
                "If you are unhappy, we will look again.",
                "we will look again."
            ]
        );
        assert_eq!(
            starts("We check receipts, which must be kept."),
            ["We check receipts, which must be kept."]
        );
        assert_eq!(starts("“Quoted.”"), ["Quoted.”"]);
    }

    #[test]
    fn clause_starts() {
        assert!(at("Receipts must be attached.", "Receipts"));
        assert!(at("- **Receipts** must be attached.", "Receipts"));
        assert!(at(
            "Applicants: checks will be run after an offer.",
            "checks"
        ));
        assert!(at("If you are unhappy, we will look again.", "we will"));
        assert!(at("Once approved, the request is sent on.", "the request"));
        assert!(!at("We check receipts, which must be attached.", "which"));
        assert!(!at("Tell us, and receipts must be attached.", "receipts"));
        assert!(!at("You, the customer, must pay.", "must"));
        assert!(!at("Expenses over the limit need approval.", "need"));
    }
}
