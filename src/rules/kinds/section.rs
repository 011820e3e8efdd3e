//! `section`: in a policy, a section a customer-first policy states (owner,
//! measure, feedback…) must exist with a real body; or every top-level
//! section must state something (the customer-outcome test).

use std::ops::Range;

use super::{Ctx, fill};
use crate::finding::Finding;
use crate::rules::{LexId, Rule, SectionCheck};

/// Segment indices of the body under heading `h`: up to the next heading of
/// the same or a higher level.
fn heading_body(ctx: &Ctx<'_>, h: usize) -> Range<usize> {
    let doc = ctx.doc;
    let head = &doc.headings[h];
    let end_byte = doc.headings[h + 1..]
        .iter()
        .find(|x| x.level <= head.level)
        .map_or(usize::MAX, |x| x.block.start);
    let a = doc
        .segments
        .partition_point(|s| s.block.start < head.block.end);
    let b = doc.segments.partition_point(|s| s.block.start < end_byte);
    a..b.max(a)
}

fn prose_of(ctx: &Ctx<'_>, segs: &Range<usize>) -> Range<usize> {
    if segs.is_empty() {
        return 0..0;
    }
    ctx.doc.segments[segs.start].prose.start..ctx.doc.segments[segs.end - 1].prose.end
}

/// Values that name nobody: empty, "TBC", "n/a"…
fn is_placeholder(v: &str) -> bool {
    let v = v
        .trim()
        .trim_matches(|c: char| c == '.' || c == '"' || c == '\'');
    v.is_empty()
        || [
            "tbc",
            "tbd",
            "n/a",
            "na",
            "none",
            "-",
            "?",
            "todo",
            "unknown",
            "unassigned",
        ]
        .contains(&v.to_ascii_lowercase().as_str())
}

fn has_hit(ctx: &Ctx<'_>, lex: LexId, r: &Range<usize>) -> bool {
    let hits = ctx.hits.of(lex);
    let a = hits.partition_point(|h| (h.start as usize) < r.start);
    hits.get(a).is_some_and(|h| (h.start as usize) < r.end)
}

pub fn check(rule: &Rule, ctx: &Ctx<'_>, c: &SectionCheck, out: &mut Vec<Finding>) {
    match c {
        SectionCheck::Exists {
            heading,
            min_words,
            require,
            front_matter,
            anywhere,
            flag_missing,
        } => {
            let fm = ctx.doc.front_matter.as_ref();
            if front_matter.iter().any(|k| {
                fm.and_then(|f| f.get_str(k))
                    .is_some_and(|v| !is_placeholder(&v))
            }) {
                return;
            }
            if anywhere.is_some_and(|a| !ctx.hits.of(a).is_empty()) {
                return;
            }
            let mut thin: Option<(usize, usize)> = None;
            for h in 0..ctx.doc.headings.len() {
                // The title heads the whole document, not a section of it.
                if ctx.doc.title == Some(h) {
                    continue;
                }
                let text = ctx.doc.heading_text(h);
                if !heading.is_match(text) {
                    continue;
                }
                let body = heading_body(ctx, h);
                let prose = prose_of(ctx, &body);
                let words = ctx.doc.words_in(prose.clone());
                let ok =
                    words >= *min_words as usize && require.is_none_or(|r| has_hit(ctx, r, &prose));
                if ok {
                    return;
                }
                thin.get_or_insert((h, words));
            }
            match thin {
                None if !flag_missing => {}
                None => {
                    let anchor = ctx.title_anchor();
                    let message = fill(
                        &rule.message,
                        &[("heading", ""), ("match", &ctx.text[anchor.range()])],
                    );
                    out.push(ctx.finding_at(rule, anchor, message));
                }
                Some((h, words)) => {
                    let anchor = ctx.heading_span(h);
                    let name = ctx.doc.heading_text(h);
                    let mut message = fill(
                        &rule.message,
                        &[("heading", name), ("match", &ctx.text[anchor.range()])],
                    );
                    let why = if words < *min_words as usize {
                        let unit = if words == 1 { "word" } else { "words" };
                        format!("has {words} {unit} (at least {min_words} needed)")
                    } else {
                        "does not say it".to_string()
                    };
                    if !rule.message.contains("{heading}") {
                        message.push_str(&format!(" The \"{name}\" section {why}."));
                    }
                    out.push(ctx.finding_at(rule, anchor, message));
                }
            }
        }
        SectionCheck::EachTopLevel {
            require,
            skip,
            min_words,
        } => {
            let before = out.len();
            let mut judged = 0usize;
            for (i, sec) in ctx.doc.sections.iter().enumerate() {
                let title = sec.heading.map_or("", |h| ctx.doc.heading_text(h));
                if !sec.intro && skip.is_match(title) {
                    continue;
                }
                // The body: the section's segments after its own heading.
                let mut segs = sec.segments.clone();
                if let Some(hseg) = sec.heading.and_then(|h| ctx.doc.headings[h].segment)
                    && segs.start == hseg
                {
                    segs.start += 1;
                }
                let prose = prose_of(ctx, &segs);
                if ctx.doc.words_in(prose.clone()) < *min_words as usize {
                    continue;
                }
                judged += 1;
                if has_hit(ctx, *require, &prose) {
                    continue;
                }
                let anchor = ctx.section_anchor(i);
                let message = fill(
                    &rule.message,
                    &[("heading", title), ("match", &ctx.text[anchor.range()])],
                );
                out.push(ctx.finding_at(rule, anchor, message));
            }
            // Each flagged section costs its share of the rule's points.
            for f in &mut out[before..] {
                f.weight = 1.0 / judged.max(1) as f32;
            }
        }
    }
}
