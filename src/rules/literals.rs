//! What literals every match of a pattern must start with or contain: the
//! prefilters the shared matcher's automaton looks for on a regex's behalf.
//!
//! Also how a pattern is parsed. Depends on `regex-syntax` alone, because
//! `build.rs` includes this file too: it works out the built-in patterns'
//! prefilters and parsed forms at build time (`rules::prebuilt`), so
//! start-up does not parse each pattern again.

/// Rewrites `\b` and `\B` outside classes to their ASCII forms, which keep
/// the regex engines on their fast DFA paths for non-ASCII text.
pub fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut chars = pattern.chars().peekable();
    let mut class_depth = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(n) = chars.next() else {
                    out.push('\\');
                    break;
                };
                if class_depth == 0 && (n == 'b' || n == 'B') {
                    out.push_str(if n == 'b' { "(?-u:\\b)" } else { "(?-u:\\B)" });
                } else {
                    out.push('\\');
                    out.push(n);
                }
            }
            '[' => {
                class_depth += 1;
                out.push(c);
                // A `]` right after `[` or `[^` is literal.
                if chars.peek() == Some(&'^') {
                    out.push('^');
                    chars.next();
                }
                if chars.peek() == Some(&']') {
                    out.push(']');
                    chars.next();
                }
            }
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Parses a pattern as `compile::compile_pattern` compiles it, without
/// building an automaton: cheap enough to validate every rule at start-up.
pub fn parse_pattern(pattern: &str) -> Result<regex_syntax::hir::Hir, String> {
    parse_rewritten(&ascii_word_boundaries(pattern))
}

/// `parse_pattern` for a pattern whose word boundaries are already rewritten.
pub fn parse_rewritten(rewritten: &str) -> Result<regex_syntax::hir::Hir, String> {
    regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(rewritten)
        .map_err(|e| e.to_string())
}

/// A list of patterns as one alternation, each in its own group so its
/// flags stay its own, before word boundaries are rewritten: how
/// `rules::lazy` compiles a list, and the key `build.rs` stores the
/// narrowed alternation of a built-in list under.
pub fn any_pattern(patterns: &[&str]) -> String {
    patterns
        .iter()
        .map(|p| format!("(?:{p})"))
        .collect::<Vec<_>>()
        .join("|")
}

/// The one pattern a cue with `at: clause-start` is searched with: its
/// patterns as alternatives, anchored at the start of the text.
pub fn clause_start_pattern(patterns: &[&str]) -> String {
    let alternation = patterns
        .iter()
        .map(|p| format!("(?:{p})"))
        .collect::<Vec<_>>()
        .join("|");
    format!("^(?:{alternation})")
}

/// How the automaton narrows down where a regex can match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefilter {
    /// Every match starts with one of the literals: try an anchored search
    /// at each place one occurs.
    Prefix,
    /// Every match contains one of the literals: search the segments
    /// (paragraphs, list items, cells) where one occurs.
    Inner,
    /// No usable literal: scan all the prose.
    Scan,
}

/// Literals the automaton looks for on a regex's behalf, lowercased. Only
/// literals without non-ASCII letters are usable: the automaton folds ASCII
/// case only, and a prefilter must never miss a match.
fn usable(lits: &[Vec<u8>]) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for l in lits {
        let s = std::str::from_utf8(l).ok()?;
        if s.is_empty() || s.chars().any(|c| !c.is_ascii() && c.is_alphabetic()) {
            return None;
        }
        out.push(s.to_ascii_lowercase());
    }
    out.sort();
    out.dedup();
    (!out.is_empty() && out.len() <= 200).then_some(out)
}

/// How selective a literal set is: its shortest literal, then fewer is better.
fn selectivity(lits: &[String]) -> (usize, std::cmp::Reverse<usize>) {
    (
        lits.iter().map(String::len).min().unwrap_or(0),
        std::cmp::Reverse(lits.len()),
    )
}

/// A set of literals one of which every match of `hir` contains, if there
/// is a small one: the most selective required part of a concatenation, or
/// the union over the branches of an alternation.
fn required_inner(hir: &regex_syntax::hir::Hir) -> Option<Vec<String>> {
    use regex_syntax::hir::{Class, HirKind};
    match hir.kind() {
        HirKind::Literal(l) => usable(&[l.0.to_vec()]),
        HirKind::Class(Class::Unicode(c)) => {
            // Count before listing: `\w` and friends have thousands of chars.
            let mut n = 0usize;
            for r in c.iter() {
                let (a, b) = (r.start() as usize, r.end() as usize);
                // A range across the surrogate gap holds no chars there.
                let gap = if a < 0xD800 && b > 0xDFFF { 0x800 } else { 0 };
                n += b - a + 1 - gap;
                if n > 4 {
                    return None;
                }
            }
            let chars: Vec<Vec<u8>> = c
                .iter()
                .flat_map(|r| r.start()..=r.end())
                .map(|ch| ch.to_string().into_bytes())
                .collect();
            usable(&chars)
        }
        HirKind::Class(Class::Bytes(_)) | HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Repetition(r) if r.min >= 1 => required_inner(&r.sub),
        HirKind::Repetition(_) => None,
        HirKind::Capture(c) => required_inner(&c.sub),
        HirKind::Concat(subs) => subs
            .iter()
            .filter_map(required_inner)
            .max_by(|a, b| selectivity(a).cmp(&selectivity(b))),
        HirKind::Alternation(subs) => {
            let mut all: Vec<String> = Vec::new();
            for sub in subs {
                all.extend(required_inner(sub)?);
            }
            all.sort();
            all.dedup();
            (all.len() <= 200).then_some(all)
        }
    }
}

/// The prefilter for `pattern`, its literals, and (for prefix prefilters)
/// rarer required literals that gate which segments are tried at all.
pub fn prefilter(pattern: &str) -> (Prefilter, Vec<String>, Vec<String>) {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let Ok(hir) = regex_syntax::ParserBuilder::new()
        .build()
        .parse(&ascii_word_boundaries(pattern))
    else {
        return (Prefilter::Scan, Vec::new(), Vec::new());
    };
    let mut ex = Extractor::new();
    ex.kind(ExtractKind::Prefix).limit_class(4).limit_total(200);
    let prefix = ex
        .extract(&hir)
        .literals()
        .and_then(|l| usable(&l.iter().map(|x| x.as_bytes().to_vec()).collect::<Vec<_>>()));
    let inner = required_inner(&hir);
    match (prefix, inner) {
        // Anchored at the prefixes, but only in segments that also hold one
        // of the rarer required literals (short prefixes such as "a",
        // "the", "it" are everywhere).
        (Some(p), Some(i)) if selectivity(&i) > selectivity(&p) && i != p => {
            (Prefilter::Prefix, p, i)
        }
        (Some(p), _) => (Prefilter::Prefix, p, Vec::new()),
        (None, Some(i)) => (Prefilter::Inner, i, Vec::new()),
        (None, None) => (Prefilter::Scan, Vec::new(), Vec::new()),
    }
}
