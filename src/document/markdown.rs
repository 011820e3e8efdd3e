//! pulldown-cmark's offset iterator to prose segments with a source map.
//!
//! Code (fenced, indented, inline), HTML, link destinations, autolink URLs
//! and front matter never reach the prose. Inline code and autolinks leave a
//! placeholder so sentences and positions stay right.

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use super::{
    BlockKind, Document, Heading, PLACEHOLDER, Piece, Section, Segment, Sentence, Span,
    count_words, directives, front_matter, sentences,
};

struct Builder<'a> {
    text: &'a str,
    doc: Document,
    /// Start of the segment being built, in `doc.prose`.
    seg_start: usize,
    seg_kind: BlockKind,
    seg_block: Span,
    /// Depth of containers whose text is not prose (code blocks).
    skip: usize,
    /// Depth of autolinks (their text is a URL).
    autolink: usize,
    quote: usize,
    /// Stack of open block kinds to know a paragraph's parent.
    items: usize,
    heading: Option<(u8, Span)>,
    html_block: Option<usize>,
}

/// Files longer than this are parsed in pieces of about this size, so
/// pulldown-cmark's tree never holds a whole 100 MB handbook at once.
pub(super) const CHUNK: usize = 1 << 20;

pub(super) fn parse(text: &str) -> Document {
    parse_in_chunks(text, CHUNK)
}

/// Parses `text` with pulldown-cmark one chunk at a time (see [`chunks`]);
/// the events, and so the document, are the same as for one parse.
pub(super) fn parse_in_chunks(text: &str, chunk: usize) -> Document {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let fm = front_matter::detect(text, bom);
    let body_start = fm.as_ref().map_or(bom, |f| f.span.1);
    let mut b = Builder::new(text, body_start, fm, text.len());
    let opts = options();
    let body = &text[body_start..];
    let pieces = chunks(body, chunk);
    for (i, piece) in pieces.iter().enumerate() {
        let base = body_start + piece.start;
        let events = Parser::new_ext(&body[piece.clone()], opts).into_offset_iter();
        if i + 1 == pieces.len() {
            b.feed(events, base);
            break;
        }
        let events: Vec<_> = events.collect();
        // The cut is only safe if no block that runs across blank lines
        // (a fence, an HTML block of types 1-5) was still open at it. If
        // one was, parse everything from here on in one go.
        let len = piece.len();
        let open = events.iter().any(|(e, r)| {
            r.end == len && matches!(e, Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock))
        });
        if open {
            b.feed(
                Parser::new_ext(&body[piece.start..], opts).into_offset_iter(),
                base,
            );
            break;
        }
        b.feed(events, base);
    }
    b.flush();
    b.finish()
}

/// Splits a Markdown body into ranges of at least `min` bytes that should
/// parse the same apart as together. A cut goes only before an ATX heading
/// at column 0 that follows a blank line, outside what looks like a
/// top-level fenced code block or an HTML block of CommonMark types 1-5
/// (the kinds that run across blank lines): there every container and
/// paragraph has ended. Link reference and footnote definitions apply to
/// the whole document, so a body with any line that looks like one is never
/// cut. This line scan can be fooled (a fence marker inside an HTML block
/// of type 7, say); `parse_in_chunks` checks each cut against the parse.
fn chunks(body: &str, min: usize) -> Vec<std::ops::Range<usize>> {
    if body.len() <= min || has_definitions(body) {
        return std::iter::once(0..body.len()).collect();
    }
    let mut out = Vec::new();
    let mut start = 0;
    block_lines(body, |here, content, blank_before| {
        if blank_before && here - start >= min && is_atx_heading(content) {
            out.push(start..here);
            start = here;
        }
    });
    out.push(start..body.len());
    out
}

/// Calls `f(offset, line, blank_before)` for each line of `body` that
/// starts outside what looks like a fenced code block or an HTML block of
/// CommonMark types 1-5 (line without its line ending; whether the line
/// before it was blank). Lines inside such blocks are skipped.
fn block_lines(body: &str, mut f: impl FnMut(usize, &str, bool)) {
    let mut fence: Option<(u8, usize)> = None;
    let mut html_end: Option<&'static str> = None;
    let mut blank_before = true;
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        let here = at;
        at += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if let Some((ch, len)) = fence {
            if closes_fence(content, ch, len) {
                fence = None;
            }
            blank_before = false;
            continue;
        }
        if let Some(end) = html_end {
            if content.to_ascii_lowercase().contains(end) {
                html_end = None;
            }
            blank_before = content.trim().is_empty();
            continue;
        }
        f(here, content, blank_before);
        fence = opens_fence(content);
        if fence.is_none() {
            html_end = html_block_end(content).filter(|end| {
                // A block that ends on its own first line does not stay open.
                let rest = content.trim_start().get(1..).unwrap_or("");
                !rest.to_ascii_lowercase().contains(end)
            });
        }
        blank_before = content.trim().is_empty();
    }
}

fn has_definitions(body: &str) -> bool {
    body.lines().any(|l| {
        let t = l.trim_start_matches(' ');
        l.len() - t.len() <= 3 && t.starts_with('[') && t.contains("]:")
    })
}

fn indent_ok(line: &str) -> Option<&str> {
    let t = line.trim_start_matches(' ');
    (line.len() - t.len() <= 3).then_some(t)
}

fn is_atx_heading(line: &str) -> bool {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes) && matches!(line.as_bytes().get(hashes), None | Some(b' ' | b'\t'))
}

/// A fence opener (``` or ~~~, three or more) at most three spaces in.
fn opens_fence(line: &str) -> Option<(u8, usize)> {
    let t = indent_ok(line)?;
    let ch = *t.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = t.bytes().take_while(|&b| b == ch).count();
    // A backtick fence's info string may not contain a backtick.
    (len >= 3 && !(ch == b'`' && t[len..].contains('`'))).then_some((ch, len))
}

fn closes_fence(line: &str, ch: u8, len: usize) -> bool {
    let Some(t) = indent_ok(line) else {
        return false;
    };
    let n = t.bytes().take_while(|&b| b == ch).count();
    n >= len && t[n..].trim().is_empty()
}

/// For an HTML block of types 1-5, the text that ends it.
fn html_block_end(line: &str) -> Option<&'static str> {
    let t = indent_ok(line)?.to_ascii_lowercase();
    let starts_tag = |name: &str| {
        t.strip_prefix('<')
            .and_then(|r| r.strip_prefix(name))
            .is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t', '>']))
    };
    if starts_tag("pre") {
        Some("</pre>")
    } else if starts_tag("script") {
        Some("</script>")
    } else if starts_tag("style") {
        Some("</style>")
    } else if starts_tag("textarea") {
        Some("</textarea>")
    } else if t.starts_with("<!--") {
        Some("-->")
    } else if t.starts_with("<?") {
        Some("?>")
    } else if t.starts_with("<![cdata[") {
        Some("]]>")
    } else if t.starts_with("<!") && t[2..].starts_with(|c: char| c.is_ascii_alphabetic()) {
        Some(">")
    } else {
        None
    }
}

/// How a huge file is cut to be linted piece by piece: byte ranges of the
/// file, the first from byte 0 (BOM and front matter included), each later
/// one starting at a top-level heading, the last ending at the file's end.
#[derive(Debug)]
pub struct Plan {
    pub pieces: Vec<std::ops::Range<usize>>,
    /// The level of the top-level headings the cuts go before.
    top: u8,
    /// Every link label the file defines, when it defines any: a reference
    /// in one piece may use a definition in another.
    labels: Option<HashSet<UniCase<String>>>,
}

impl Plan {
    /// The level of the headings the pieces are cut before.
    pub fn top(&self) -> u8 {
        self.top
    }
}

use std::collections::HashSet;
use unicase::UniCase;

fn options() -> Options {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts
}

/// Plans the pieces of `text`, each at least `min` bytes, cut before ATX
/// headings at the top level (the shallowest below the title) that follow
/// a blank line, outside fences and HTML blocks of types 1-5. `None` when
/// no cut is possible. The line scan is a guess: `parse_piece` checks
/// every piece against it.
pub fn plan(text: &str, min: usize) -> Option<Plan> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body_start = front_matter::detect(text, bom).map_or(bom, |f| f.span.1);
    let body = &text[body_start..];
    if body.len() <= min {
        return None;
    }
    // Anything that may be a definition, in a container or not;
    // pulldown-cmark's first pass says which are.
    let definitions = body.contains("]:");
    // (offset in the file, level, after a blank line) of each ATX heading.
    let mut heads: Vec<(usize, u8, bool)> = Vec::new();
    block_lines(body, |here, content, blank_before| {
        if is_atx_heading(content) {
            let level = content.bytes().take_while(|&b| b == b'#').count() as u8;
            heads.push((body_start + here, level, blank_before));
        }
    });
    let after_title = usize::from(heads.first().is_some_and(|h| h.1 == 1));
    let top = heads[after_title..].iter().map(|h| h.1).min()?;
    let mut pieces = Vec::new();
    let mut start = 0;
    for &(here, level, blank) in &heads[after_title..] {
        if level == top && blank && here - start >= min {
            pieces.push(start..here);
            start = here;
        }
    }
    if pieces.is_empty() {
        return None;
    }
    pieces.push(start..text.len());
    let labels = if definitions {
        Some(link_labels(text, body_start, &pieces)?)
    } else {
        None
    };
    Some(Plan {
        pieces,
        top,
        labels,
    })
}

/// The link labels every piece defines (pulldown-cmark's first pass over
/// each piece). `None` if references could use up pulldown-cmark's budget
/// for expanding them (the text's length) in one parse or the other: the
/// pieces would then not parse as the whole does.
fn link_labels(
    text: &str,
    body_start: usize,
    pieces: &[std::ops::Range<usize>],
) -> Option<HashSet<UniCase<String>>> {
    let mut labels = HashSet::new();
    let mut longest = 0usize;
    for (i, piece) in pieces.iter().enumerate() {
        let from = if i == 0 { body_start } else { piece.start };
        let parser = Parser::new_ext(&text[from..piece.end], options());
        for (label, def) in parser.reference_definitions().iter() {
            longest = longest.max(def.dest.len() + def.title.as_ref().map_or(0, |t| t.len()));
            labels.insert(UniCase::new(label.to_string()));
        }
    }
    // Each expansion needs its own `]`, and costs at most the longest
    // definition; references resolved across pieces cost nothing.
    let brackets = |s: &str| memchr::memchr_iter(b']', s.as_bytes()).count();
    let fits = |s: &str| brackets(s).saturating_mul(longest) < s.len().max(100_000);
    let whole = fits(&text[body_start..]);
    let each = pieces.iter().enumerate().all(|(i, p)| {
        let from = if i == 0 { body_start } else { p.start };
        fits(&text[from..p.end])
    });
    (whole && each).then_some(labels)
}

/// Parses piece `i` of `plan` into a document of its own, with file
/// offsets, sections at the plan's top level and no title but in the first
/// piece: what the whole file's parse holds for those bytes. `None` if the
/// piece does not parse as the plan's line scan expected (a block open at
/// its end, a first heading that is not top-level, a shallower heading),
/// or holds a footnote definition: those apply document-wide, and
/// pulldown-cmark has no hook to resolve one from another piece.
pub fn parse_piece(text: &str, plan: &Plan, i: usize) -> Option<Document> {
    let range = plan.pieces.get(i)?.clone();
    let first = i == 0;
    let last = i + 1 == plan.pieces.len();
    let (body_start, fm) = if first {
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let fm = front_matter::detect(text, bom);
        (fm.as_ref().map_or(bom, |f| f.span.1), fm)
    } else {
        (range.start, None)
    };
    let mut b = Builder::new(text, body_start, fm, range.end);
    let src = &text[body_start..range.end];
    let labels = plan.labels.as_ref();
    let resolve = |link: pulldown_cmark::BrokenLink<'_>| {
        labels
            .is_some_and(|l| l.contains(&UniCase::new(link.reference.to_string())))
            .then_some((CowStr::Borrowed(""), CowStr::Borrowed("")))
    };
    let parser = Parser::new_with_broken_link_callback(src, options(), Some(resolve));
    let mut open = false;
    for (event, r) in parser.into_offset_iter() {
        if matches!(event, Event::Start(Tag::FootnoteDefinition(_))) {
            return None;
        }
        open |= r.end == src.len()
            && matches!(event, Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock));
        b.event(event, Span::new(r.start + body_start, r.end + body_start));
    }
    if open && !last {
        return None;
    }
    b.flush();
    let doc = b.finish_piece(first, plan.top, range.end);
    let title = usize::from(doc.title.is_some());
    let ok = if first {
        !doc.headings.is_empty()
    } else {
        doc.headings.first().is_some_and(|h| {
            h.block.start == range.start && h.level == plan.top && h.segment == Some(0)
        })
    };
    (ok && doc.headings[title..].iter().all(|h| h.level >= plan.top)).then_some(doc)
}

impl<'a> Builder<'a> {
    /// A builder for the document whose body is `text[body_start..end]`,
    /// with room for that much prose.
    fn new(
        text: &'a str,
        body_start: usize,
        front_matter: Option<super::FrontMatter>,
        end: usize,
    ) -> Self {
        Builder {
            text,
            doc: Document {
                body_start,
                front_matter,
                prose: String::with_capacity(end - body_start),
                ..Document::default()
            },
            seg_start: 0,
            seg_kind: BlockKind::Paragraph,
            seg_block: Span::default(),
            skip: 0,
            autolink: 0,
            quote: 0,
            items: 0,
            heading: None,
            html_block: None,
        }
    }

    /// Takes the events of a parse of the text starting at byte `base`.
    fn feed<'e>(
        &mut self,
        events: impl IntoIterator<Item = (Event<'e>, std::ops::Range<usize>)>,
        base: usize,
    ) {
        for (event, range) in events {
            self.event(event, Span::new(range.start + base, range.end + base));
        }
    }

    fn event(&mut self, event: Event<'_>, span: Span) {
        match event {
            Event::Start(tag) => self.start(tag, span),
            Event::End(tag) => self.end(tag, span),
            Event::Text(t) => {
                if self.skip > 0 {
                    return;
                }
                if self.autolink == 0 {
                    self.push_text(&t, span);
                }
            }
            Event::Code(_) => {
                if self.skip == 0 {
                    self.placeholder(span);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if self.skip == 0 {
                    self.push_text(" ", span);
                }
            }
            Event::InlineHtml(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {
                directives::scan(
                    &self.text[span.range()],
                    span.start,
                    &mut self.doc.directives,
                );
            }
            Event::Html(_) => {
                if self.html_block.is_none() {
                    directives::scan(
                        &self.text[span.range()],
                        span.start,
                        &mut self.doc.directives,
                    );
                }
            }
            Event::FootnoteReference(_) | Event::Rule | Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, span: Span) {
        match tag {
            Tag::Paragraph => {
                self.flush();
                self.begin(
                    if self.items > 0 {
                        BlockKind::ListItem
                    } else {
                        BlockKind::Paragraph
                    },
                    span,
                );
            }
            Tag::Heading { level, .. } => {
                self.flush();
                let lv = level as u8;
                self.heading = Some((lv, span));
                self.begin(BlockKind::Heading(lv), span);
            }
            Tag::Item => {
                self.flush();
                self.items += 1;
                self.begin(BlockKind::ListItem, span);
            }
            Tag::TableCell => {
                self.flush();
                self.begin(BlockKind::TableCell, span);
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.quote += 1;
            }
            Tag::CodeBlock(_) | Tag::MetadataBlock(_) => {
                self.flush();
                self.skip += 1;
            }
            Tag::HtmlBlock => {
                self.flush();
                self.html_block = Some(span.start);
            }
            Tag::Link { link_type, .. } => {
                if matches!(link_type, LinkType::Autolink | LinkType::Email) {
                    if self.autolink == 0 && self.skip == 0 {
                        self.placeholder(span);
                    }
                    self.autolink += 1;
                }
            }
            Tag::List(_)
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Superscript
            | Tag::Subscript => {
                self.flush();
            }
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Image { .. } => {}
        }
    }

    fn end(&mut self, tag: TagEnd, span: Span) {
        match tag {
            TagEnd::Heading(_) => {
                let seg = self.flush();
                if let Some((level, block)) = self.heading.take() {
                    self.doc.headings.push(Heading {
                        level,
                        block,
                        segment: seg,
                    });
                }
            }
            TagEnd::Item => {
                self.flush();
                self.items = self.items.saturating_sub(1);
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quote = self.quote.saturating_sub(1);
            }
            TagEnd::CodeBlock | TagEnd::MetadataBlock(_) => {
                self.skip = self.skip.saturating_sub(1);
            }
            TagEnd::HtmlBlock => {
                if let Some(start) = self.html_block.take() {
                    directives::scan(&self.text[start..span.end], start, &mut self.doc.directives);
                }
            }
            TagEnd::Link => {
                // Autolinks nest at most once; a plain link's end is harmless.
                if self.autolink > 0 && self.text[span.range()].starts_with('<') {
                    self.autolink -= 1;
                }
            }
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript => {}
            _ => {
                self.flush();
            }
        }
    }

    fn begin(&mut self, kind: BlockKind, span: Span) {
        self.seg_start = self.doc.prose.len();
        self.seg_kind = kind;
        self.seg_block = span;
    }

    fn push_text(&mut self, t: &str, span: Span) {
        let prose = self.doc.prose.len();
        self.doc.prose.push_str(t);
        self.piece(prose, t.len(), span);
    }

    fn placeholder(&mut self, span: Span) {
        let prose = self.doc.prose.len();
        self.doc.prose.push(PLACEHOLDER);
        self.piece(prose, PLACEHOLDER.len_utf8(), span);
    }

    fn piece(&mut self, prose: usize, prose_len: usize, span: Span) {
        let (p, pl, s, sl) = (
            prose as u32,
            prose_len as u32,
            span.start as u32,
            span.len() as u32,
        );
        if let Some(last) = self.doc.pieces.last_mut() {
            // Merge byte-for-byte runs that continue each other.
            if last.prose_len == last.src_len
                && pl == sl
                && last.prose + last.prose_len == p
                && last.src + last.src_len == s
            {
                last.prose_len += pl;
                last.src_len += sl;
                return;
            }
        }
        self.doc.pieces.push(Piece {
            prose: p,
            src: s,
            prose_len: pl,
            src_len: sl,
        });
    }

    /// Ends the current segment; returns its index if it had any prose.
    fn flush(&mut self) -> Option<usize> {
        let start = self.seg_start;
        let end = self.doc.prose.len();
        if end == start {
            return None;
        }
        let text = &self.doc.prose[start..end];
        if text.trim().is_empty() {
            // Whitespace only: drop it (and its pieces stay harmlessly).
            self.doc.prose.truncate(start);
            while self
                .doc
                .pieces
                .last()
                .is_some_and(|p| p.prose as usize >= start)
            {
                self.doc.pieces.pop();
            }
            return None;
        }
        let idx = self.doc.segments.len();
        let mut ranges = Vec::new();
        sentences::split(&self.doc.prose, start..end, &mut ranges);
        if matches!(self.seg_kind, BlockKind::Heading(_)) && ranges.len() > 1 {
            // A heading is one sentence, however it is punctuated.
            let whole = ranges[0].start..ranges[ranges.len() - 1].end;
            ranges.clear();
            ranges.push(whole);
        }
        // Words are counted once, per sentence; every other count (segment,
        // section, document) is a sum of these.
        for r in ranges {
            let words = count_words(&self.doc.prose[r.clone()]);
            self.doc.words += words;
            self.doc.sentences.push(Sentence {
                prose: r,
                segment: idx,
                words: words as u32,
            });
            self.doc.words_before.push(self.doc.words as u32);
        }
        self.doc.segments.push(Segment {
            prose: start..end,
            block: self.seg_block,
            kind: self.seg_kind,
            quoted: self.quote > 0,
            section: 0,
        });
        self.doc.prose.push('\n');
        self.seg_start = self.doc.prose.len();
        Some(idx)
    }

    fn finish(mut self) -> Document {
        self.doc.title = match self.doc.headings.first() {
            Some(h) if h.level == 1 => Some(0),
            _ => None,
        };
        self.sections();
        self.shrink()
    }

    /// Ends a piece of a file (see [`parse_piece`]): the title only in the
    /// first, sections at level `top`, the last ending at `end`.
    fn finish_piece(mut self, first: bool, top: u8, end: usize) -> Document {
        self.doc.title = match self.doc.headings.first() {
            Some(h) if first && h.level == 1 => Some(0),
            _ => None,
        };
        self.sections_at(Some(top), first, end);
        self.shrink()
    }

    fn shrink(mut self) -> Document {
        // The text's length was reserved for the prose and the tables grew
        // by doubling; give back what a large file never used before the
        // rules add their own.
        let doc = &mut self.doc;
        doc.prose.shrink_to_fit();
        doc.segments.shrink_to_fit();
        doc.sentences.shrink_to_fit();
        doc.words_before.shrink_to_fit();
        doc.pieces.shrink_to_fit();
        self.doc
    }

    /// Splits the document into top-level sections: the title's intro, then
    /// one section per heading at the shallowest level below the title.
    fn sections(&mut self) {
        let doc = &self.doc;
        let after_title = usize::from(doc.title.is_some());
        let top = doc.headings[after_title.min(doc.headings.len())..]
            .iter()
            .map(|h| h.level)
            .min();
        self.sections_at(top, true, self.text.len());
    }

    /// Sections at heading level `top`, after the intro when `intro`; the
    /// last ends at byte `end`.
    fn sections_at(&mut self, top: Option<u8>, intro: bool, end: usize) {
        let doc = &mut self.doc;
        let after_title = usize::from(doc.title.is_some());
        let mut sections = Vec::new();
        if intro {
            sections.push(Section {
                heading: doc.title,
                block: Span::new(doc.body_start, end),
                segments: 0..0,
                intro: true,
            });
        }
        if let Some(top) = top {
            for (i, h) in doc.headings.iter().enumerate().skip(after_title) {
                if h.level == top {
                    sections.push(Section {
                        heading: Some(i),
                        block: Span::new(h.block.start, end),
                        segments: 0..0,
                        intro: false,
                    });
                }
            }
        }
        for i in 1..sections.len() {
            let next = sections[i].block.start;
            sections[i - 1].block.end = next;
        }
        // Assign segments to sections by their block start.
        if sections.is_empty() {
            doc.sections = sections;
            return;
        }
        let mut s = 0;
        for (i, seg) in doc.segments.iter_mut().enumerate() {
            while s + 1 < sections.len() && seg.block.start >= sections[s + 1].block.start {
                s += 1;
            }
            seg.section = s;
            if sections[s].segments.is_empty() {
                sections[s].segments = i..i + 1;
            } else {
                sections[s].segments.end = i + 1;
            }
        }
        // Empty sections keep an empty range positioned after the previous.
        let mut last_end = 0;
        for sec in &mut sections {
            if sec.segments.is_empty() {
                sec.segments = last_end..last_end;
            }
            last_end = sec.segments.end;
        }
        doc.sections = sections;
    }
}
