//! One file per rule kind; each turns a document's hits into findings.

pub mod conditional;
mod existence;
pub mod front_matter;
pub mod metric;
mod occurrence;
mod ratio;
mod section;
mod sentence;
mod substitution;

use std::ops::Range;

use super::compile::{Hit, Hits};
use super::{Kind, LexId, Rule, Scope};
use crate::document::{BlockKind, Document, Span};
use crate::finding::Finding;

/// What a kind needs to check one document.
pub struct Ctx<'a> {
    pub doc: &'a Document,
    pub text: &'a str,
    pub hits: &'a Hits,
    /// Today's date, for review dates.
    pub today: front_matter::Date,
    /// Whether findings should label every cue they weighed.
    pub cue_labels: bool,
    /// Whether a `sentence` rule leaves alone a sentence in which another
    /// rule of the same set already has a finding.
    pub defer: bool,
}

impl Ctx<'_> {
    /// The prose words of a hit.
    pub fn words(&self, r: Range<usize>) -> &str {
        &self.doc.prose[r]
    }

    /// A finding of `rule` on prose range `r`.
    pub fn finding(&self, rule: &Rule, r: Range<usize>, message: String) -> Finding {
        self.finding_at(rule, self.doc.to_source(r), message)
    }

    pub fn finding_at(&self, rule: &Rule, span: Span, mut message: String) -> Finding {
        // Filling the template leaves spare capacity; a huge file keeps
        // hundreds of thousands of messages until it is reported.
        message.shrink_to_fit();
        Finding {
            rule: rule.id.clone(),
            severity: rule.severity,
            dimension: rule.dimension,
            span,
            message,
            help: rule.help.clone(),
            link: rule.link.clone(),
            fix: None,
            weight: 1.0,
            labels: None,
        }
    }

    /// Hits of `lex` that no hit of `exceptions` overlaps.
    pub fn hits_except(&self, lex: LexId, exceptions: Option<LexId>) -> Vec<Hit> {
        self.drop_excepted(self.hits.of(lex), exceptions)
    }

    /// `hits` without those that overlap a hit of `exceptions`.
    pub fn drop_excepted(&self, hits: &[Hit], exceptions: Option<LexId>) -> Vec<Hit> {
        match exceptions {
            None => hits.to_vec(),
            Some(ex) => {
                let ex = self.hits.of(ex);
                if ex.is_empty() {
                    return hits.to_vec();
                }
                // Running maximum of the exceptions' ends (they are sorted by
                // start), so each overlap test is one binary search.
                let mut max_end = Vec::with_capacity(ex.len());
                let mut m = 0;
                for e in ex {
                    m = m.max(e.end);
                    max_end.push(m);
                }
                hits.iter()
                    .copied()
                    .filter(|h| {
                        let upto = ex.partition_point(|o| o.start < h.end);
                        !(upto > 0 && max_end[upto - 1] > h.start)
                    })
                    .collect()
            }
        }
    }

    /// The prose range of the unit of `scope` that holds prose offset `at`.
    pub fn unit_of(&self, scope: Scope, at: usize) -> Range<usize> {
        let doc = self.doc;
        match scope {
            Scope::Sentence => doc
                .sentence_at(at)
                .map_or(at..at, |i| doc.sentences[i].prose.clone()),
            Scope::Paragraph => doc
                .segment_at(at)
                .map_or(at..at, |i| doc.segments[i].prose.clone()),
            Scope::Section => doc
                .segment_at(at)
                .map_or(at..at, |i| self.section_range(doc.segments[i].section)),
            Scope::Document => 0..doc.prose.len(),
        }
    }

    /// The prose range of top-level section `s`.
    pub fn section_range(&self, s: usize) -> Range<usize> {
        let segs = &self.doc.sections[s].segments;
        if segs.is_empty() {
            return 0..0;
        }
        self.doc.segments[segs.start].prose.start..self.doc.segments[segs.end - 1].prose.end
    }

    /// Every unit of `scope`, as prose ranges with the span to point at.
    pub fn units(&self, scope: Scope) -> Vec<(Range<usize>, Span)> {
        let doc = self.doc;
        match scope {
            Scope::Sentence => doc
                .sentences
                .iter()
                .filter(|s| !matches!(doc.segments[s.segment].kind, BlockKind::Heading(_)))
                .map(|s| (s.prose.clone(), doc.to_source(s.prose.clone())))
                .collect(),
            Scope::Paragraph => doc
                .segments
                .iter()
                .filter(|s| !matches!(s.kind, BlockKind::Heading(_)))
                .map(|s| (s.prose.clone(), doc.to_source(s.prose.clone())))
                .collect(),
            Scope::Section => (0..doc.sections.len())
                .filter(|&i| !doc.sections[i].segments.is_empty())
                .map(|i| (self.section_range(i), self.section_anchor(i)))
                .collect(),
            Scope::Document => vec![(0..doc.prose.len(), self.title_anchor())],
        }
    }

    /// Where a finding about a whole section points: its heading line.
    pub fn section_anchor(&self, s: usize) -> Span {
        match self.doc.sections[s].heading {
            Some(h) => self.heading_span(h),
            None => {
                let r = self.section_range(s);
                self.doc.to_source(r.start..r.start)
            }
        }
    }

    /// A heading's text in the file, without the `#` marks.
    pub fn heading_span(&self, h: usize) -> Span {
        let heading = &self.doc.headings[h];
        match heading.segment {
            Some(seg) => self.doc.to_source(self.doc.segments[seg].prose.clone()),
            None => Span::new(heading.block.start, heading.block.start),
        }
    }

    /// Where a document-level finding points: the title, or line 1.
    pub fn title_anchor(&self) -> Span {
        match self.doc.title {
            Some(h) => self.heading_span(h),
            None => {
                let start = self.doc.body_start.min(self.text.len());
                let end = self.text[start..]
                    .find(['\r', '\n'])
                    .map_or(self.text.len(), |i| start + i);
                Span::new(start, end)
            }
        }
    }
}

/// Keeps the longest of overlapping hits, leftmost first.
pub fn non_overlapping(mut hits: Vec<Hit>) -> Vec<Hit> {
    hits.sort_unstable_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
    let mut out: Vec<Hit> = Vec::with_capacity(hits.len());
    for h in hits {
        if out.last().is_some_and(|l| l.end > h.start) {
            continue;
        }
        out.push(h);
    }
    out
}

/// Fills `{name}` placeholders.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    if !template.contains('{') {
        return template.to_string();
    }
    let mut out = template.to_string();
    for (k, v) in values {
        let key = format!("{{{k}}}");
        if out.contains(&key) {
            out = out.replace(&key, v);
        }
    }
    out
}

/// Runs one rule over one document.
pub fn check(rule: &Rule, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    match &rule.kind {
        Kind::Existence { lex, exceptions } => existence::check(rule, ctx, *lex, *exceptions, out),
        Kind::Substitution {
            first_lex,
            replacements,
            fix,
            exceptions,
        } => substitution::check(rule, ctx, *first_lex, replacements, *fix, *exceptions, out),
        Kind::Occurrence {
            lex,
            distinct,
            scope,
            max,
            min,
        } => occurrence::check(rule, ctx, (*lex, *distinct), *scope, *max, *min, out),
        Kind::Conditional {
            if_,
            then,
            scope,
            exceptions,
            window,
        } => conditional::check(rule, ctx, *if_, *then, (*scope, *window), *exceptions, out),
        Kind::Ratio {
            numerator,
            denominator,
            scope,
            max,
            min_words,
            min_count,
        } => ratio::check(
            rule,
            ctx,
            &ratio::Ratio {
                numerator: *numerator,
                denominator: *denominator,
                scope: *scope,
                max: *max,
                min_words: *min_words,
                min_count: *min_count,
            },
            out,
        ),
        Kind::Section(c) => section::check(rule, ctx, c, out),
        Kind::Sentence {
            cues,
            threshold,
            exceptions,
        } => sentence::check(rule, ctx, cues, *threshold, *exceptions, out),
        Kind::FrontMatter(c) => front_matter::check(rule, ctx, c, out),
        Kind::Metric {
            metric,
            scope,
            max,
            min,
            min_words,
        } => metric::check(
            rule,
            ctx,
            &metric::MetricCheck {
                metric: *metric,
                scope: *scope,
                max: *max,
                min: *min,
                min_words: *min_words,
            },
            out,
        ),
    }
}
