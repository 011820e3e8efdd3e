//! `Document`: one file's front matter, outline and prose, with an exact map
//! from every prose byte back to the file's bytes.
//!
//! Prose from every block (headings, paragraphs, list items, table cells…) is
//! copied into one buffer, `prose`, with a `\n` between segments, so the
//! matchers run once per document instead of once per block. `pieces` maps
//! prose offsets back to source offsets.

pub mod directives;
pub mod front_matter;
mod markdown;
pub mod sentences;

use std::ops::Range;

pub use directives::{Directive, Suppressions};
pub use front_matter::FrontMatter;
pub use markdown::Plan;

/// A byte range in the source file (as opposed to a range in `prose`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
    pub fn len(self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// Front-matter `type` values that make a document a policy.
pub const POLICY_TYPES: &[&str] = &[
    "policy",
    "procedure",
    "process",
    "standard",
    "terms",
    "charter",
];

/// Words in a title (first H1) that make a document a policy.
pub const POLICY_TITLE_WORDS: &[&str] = &[
    "policy",
    "policies",
    "procedure",
    "procedures",
    "process",
    "standard",
    "standards",
    "terms",
    "charter",
];

/// Does a title name a policy? The policy word must be the title's head:
/// its last word ("Refund Policy", "Complaints Policy and Procedure",
/// "Terms and Conditions") or its first word before "on", "for", "of" or
/// "and" ("Policy on Refunds", "Terms of Service"). "Policy library" or
/// "Process improvement notes" are not policies.
pub fn title_names_a_policy(title: &str) -> bool {
    let words: Vec<String> = title
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        // Version tags ("v2", "2025") are not words of the title.
        .filter(|w| {
            let digits = w.strip_prefix(['v', 'V']).unwrap_or(w);
            !w.is_empty() && !digits.starts_with(|c: char| c.is_ascii_digit())
        })
        .map(str::to_lowercase)
        .collect();
    let is_head = |w: &str| POLICY_TITLE_WORDS.contains(&w);
    if let Some(last) = words.last()
        && (is_head(last) || (last == "conditions" && words.iter().any(|w| w == "terms")))
    {
        return true;
    }
    match (words.first(), words.get(1)) {
        (Some(first), Some(second)) => {
            is_head(first) && ["on", "for", "of", "and"].contains(&second.as_str())
        }
        _ => false,
    }
}

/// Byte ranges merged into sorted, disjoint spans, asked "does this span
/// touch one of you?" in logarithmic time.
#[derive(Debug, Clone, Default)]
pub struct SpanSet {
    spans: Vec<Span>,
}

impl SpanSet {
    pub fn new(mut spans: Vec<Span>) -> Self {
        spans.sort_unstable();
        let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
        for s in spans {
            match merged.last_mut() {
                Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
                _ => merged.push(s),
            }
        }
        SpanSet { spans: merged }
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Is byte `at` inside a span?
    pub fn contains(&self, at: usize) -> bool {
        let i = self.spans.partition_point(|s| s.end <= at);
        self.spans.get(i).is_some_and(|s| s.start <= at)
    }

    /// Does `span` overlap a span of the set?
    pub fn overlaps(&self, span: Span) -> bool {
        let i = self.spans.partition_point(|s| s.end <= span.start);
        self.spans.get(i).is_some_and(|s| s.start < span.end)
    }
}

/// Placeholder put in the prose for inline code and autolinks: it keeps a
/// place (sentences and columns stay right) but no rule matches it.
pub const PLACEHOLDER: char = '\u{fffc}';

/// What kind of block a prose segment comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Heading(u8),
    Paragraph,
    ListItem,
    TableCell,
}

/// One block's prose.
#[derive(Debug, Clone)]
pub struct Segment {
    /// Range in `Document::prose`.
    pub prose: Range<usize>,
    /// The block's byte range in the file.
    pub block: Span,
    pub kind: BlockKind,
    /// Inside a block quote.
    pub quoted: bool,
    /// Index of the top-level section that holds it.
    pub section: usize,
}

/// A run of prose copied from one run of source. Where both lengths are equal
/// the map is byte for byte; otherwise (entities, CRLF breaks, placeholders)
/// the prose maps to the whole source run.
#[derive(Debug, Clone, Copy)]
struct Piece {
    prose: u32,
    src: u32,
    prose_len: u32,
    src_len: u32,
}

#[derive(Debug, Clone)]
pub struct Sentence {
    pub prose: Range<usize>,
    pub segment: usize,
    /// Words in the sentence.
    pub words: u32,
}

#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    /// The heading block in the file (the whole line for ATX headings).
    pub block: Span,
    /// Its text in `prose`, if it has any.
    pub segment: Option<usize>,
}

/// A top-level section: the intro (the title and what precedes the first
/// top-level heading) or one top-level heading with everything under it.
#[derive(Debug, Clone)]
pub struct Section {
    /// Index into `headings`; None for an intro with no heading.
    pub heading: Option<usize>,
    /// Byte range in the file.
    pub block: Span,
    /// Segments it holds.
    pub segments: Range<usize>,
    /// True for the intro section (the title's own).
    pub intro: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Where the Markdown body starts (after BOM and front matter).
    pub body_start: usize,
    pub front_matter: Option<FrontMatter>,
    pub prose: String,
    pub segments: Vec<Segment>,
    pieces: Vec<Piece>,
    pub sentences: Vec<Sentence>,
    pub headings: Vec<Heading>,
    pub sections: Vec<Section>,
    /// Index into `headings` of the title: the first heading, when it is an H1.
    pub title: Option<usize>,
    pub directives: Vec<Directive>,
    /// Number of words of prose.
    pub words: usize,
    /// `words_before[i]`: words in sentences `0..=i`, for range sums.
    words_before: Vec<u32>,
}

impl Document {
    /// Parses `text` (a whole file, BOM included).
    pub fn parse(text: &str) -> Document {
        markdown::parse(text)
    }

    /// Plans to lint a huge file piece by piece, in pieces of at least
    /// `min` bytes cut before top-level headings; `None` when it cannot be
    /// cut (see [`markdown::plan`]).
    pub fn plan(text: &str, min: usize) -> Option<Plan> {
        markdown::plan(text, min)
    }

    /// Parses piece `i` of `plan`: what the whole file's document holds for
    /// those bytes, or `None` if the piece does not parse as planned.
    pub fn parse_piece(text: &str, plan: &Plan, i: usize) -> Option<Document> {
        markdown::parse_piece(text, plan, i)
    }

    /// Maps a prose range to the file bytes it came from.
    pub fn to_source(&self, r: Range<usize>) -> Span {
        Span::new(self.map_start(r.start), self.map_end(r.end.max(r.start)))
    }

    fn piece_at(&self, off: usize) -> Option<&Piece> {
        let i = self.pieces.partition_point(|p| p.prose as usize <= off);
        self.pieces.get(i.checked_sub(1)?)
    }

    fn map_start(&self, off: usize) -> usize {
        match self.piece_at(off) {
            Some(p) => {
                let rel = off - p.prose as usize;
                if rel >= p.prose_len as usize {
                    // In a separator after the piece: map to its end.
                    (p.src + p.src_len) as usize
                } else if p.prose_len == p.src_len {
                    p.src as usize + rel
                } else {
                    p.src as usize
                }
            }
            None => self.body_start,
        }
    }

    fn map_end(&self, off: usize) -> usize {
        if off == 0 {
            return self.map_start(0);
        }
        match self.piece_at(off - 1) {
            Some(p) => {
                let rel = off - p.prose as usize;
                if rel > p.prose_len as usize {
                    (p.src + p.src_len) as usize
                } else if p.prose_len == p.src_len {
                    p.src as usize + rel
                } else {
                    (p.src + p.src_len) as usize
                }
            }
            None => self.body_start,
        }
    }

    /// Words of prose in `r`, a range made of whole segments or sentences
    /// (counted once, while parsing).
    pub fn words_in(&self, r: Range<usize>) -> usize {
        let a = self.sentences.partition_point(|s| s.prose.start < r.start);
        let b = self.sentences.partition_point(|s| s.prose.start < r.end);
        if b <= a {
            return 0;
        }
        let before = if a == 0 { 0 } else { self.words_before[a - 1] };
        (self.words_before[b - 1] - before) as usize
    }

    /// The index of the segment holding prose offset `off`.
    pub fn segment_at(&self, off: usize) -> Option<usize> {
        let i = self.segments.partition_point(|s| s.prose.start <= off);
        let i = i.checked_sub(1)?;
        (off < self.segments[i].prose.end || off == self.segments[i].prose.start).then_some(i)
    }

    /// When sentence `s` introduces a list (it ends its paragraph with a
    /// colon, and list items follow in the same section), the first sentence
    /// of each of those items, nested ones included; otherwise nothing.
    pub fn lead_in_items(&self, s: usize) -> Vec<usize> {
        let Some(sentence) = self.sentences.get(s) else {
            return Vec::new();
        };
        let seg = sentence.segment;
        let text = self.prose[sentence.prose.clone()]
            .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_'));
        if self.segments[seg].kind != BlockKind::Paragraph
            || !self.ends_segment(s)
            || !text.ends_with(':')
        {
            return Vec::new();
        }
        self.list_items_after(s)
    }

    /// When sentence `s` is (the end of) a heading with a list right under
    /// it, the first sentence of each item of that list, nested ones
    /// included; otherwise nothing.
    pub fn heading_items(&self, s: usize) -> Vec<usize> {
        let Some(sentence) = self.sentences.get(s) else {
            return Vec::new();
        };
        if !matches!(self.segments[sentence.segment].kind, BlockKind::Heading(_))
            || !self.ends_segment(s)
        {
            return Vec::new();
        }
        self.list_items_after(s)
    }

    fn ends_segment(&self, s: usize) -> bool {
        let seg = self.sentences[s].segment;
        self.sentences.get(s + 1).is_none_or(|n| n.segment != seg)
    }

    /// The first sentence of each list item that directly follows sentence
    /// `s`'s block in the same section, up to the first block that is not a
    /// list item.
    fn list_items_after(&self, s: usize) -> Vec<usize> {
        let seg = self.sentences[s].segment;
        let section = self.segments[seg].section;
        let mut items = Vec::new();
        let mut next = s + 1;
        for (j, item) in self.segments.iter().enumerate().skip(seg + 1) {
            if item.kind != BlockKind::ListItem || item.section != section {
                break;
            }
            while self.sentences.get(next).is_some_and(|n| n.segment < j) {
                next += 1;
            }
            if self.sentences.get(next).is_some_and(|n| n.segment == j) {
                items.push(next);
            }
        }
        items
    }

    /// The index of the sentence holding prose offset `off`.
    pub fn sentence_at(&self, off: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.prose.start <= off);
        let i = i.checked_sub(1)?;
        (off < self.sentences[i].prose.end).then_some(i)
    }

    /// The prose text of a heading, or "" when it has none.
    pub fn heading_text(&self, h: usize) -> &str {
        self.headings[h]
            .segment
            .map_or("", |s| &self.prose[self.segments[s].prose.clone()])
    }

    /// Is this document a policy by its own content? Front matter `type`
    /// decides when present; otherwise a title (first H1) naming a Policy,
    /// Procedure, Process, Standard, Terms or Charter.
    pub fn is_policy(&self) -> bool {
        if let Some(t) = self.front_str("type") {
            return POLICY_TYPES.contains(&t.trim().to_ascii_lowercase().as_str());
        }
        let Some(title) = self.title.map(|h| self.heading_text(h)) else {
            return false;
        };
        title_names_a_policy(title)
    }

    /// A front-matter value as text.
    pub fn front_str(&self, key: &str) -> Option<String> {
        self.front_matter.as_ref()?.get_str(key)
    }
}

/// Counts words: runs of letters or digits, with inner apostrophes and
/// hyphens. ASCII bytes take a fast path; other characters are decoded.
pub fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut n = 0;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (word, joiner, len) = if b.is_ascii() {
            (b.is_ascii_alphanumeric(), b == b'\'' || b == b'-', 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.is_alphanumeric(), c == '\u{2019}', c.len_utf8())
        };
        let w = word || (in_word && joiner);
        if w && !in_word {
            n += 1;
        }
        in_word = w;
        i += len;
    }
    n
}

#[cfg(test)]
mod tests;
