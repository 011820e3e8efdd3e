//! Every word list of every active rule, compiled into one shared matcher.
//!
//! Literal tokens go into one Aho-Corasick automaton (ASCII case-insensitive,
//! overlapping, word-bounded afterwards); regex patterns into one
//! multi-pattern `meta::Regex` that says which patterns occur, after which
//! only those patterns are run to find where. Built once per run, shared
//! read-only by every worker thread.

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};
use regex_automata::meta;
use regex_automata::{Input, PatternSet};

use super::LexId;

/// A word list as written: literal tokens and regex patterns.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub tokens: Vec<String>,
    pub patterns: Vec<String>,
}

/// One match of one word list in a document's prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: u32,
    pub end: u32,
    pub lex: LexId,
    /// Capture group 1 of a pattern, when it has one.
    pub cap: Option<(u32, u32)>,
}

impl Hit {
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
    pub fn overlaps(&self, other: &Hit) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// All hits of one document, grouped by word list.
#[derive(Debug, Default)]
pub struct Hits {
    hits: Vec<Hit>,
    /// `hits[offsets[lex]..offsets[lex + 1]]` are the hits of `lex`.
    offsets: Vec<u32>,
}

impl Hits {
    pub fn of(&self, lex: LexId) -> &[Hit] {
        let i = lex as usize;
        match (self.offsets.get(i), self.offsets.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.hits[a as usize..b as usize],
            _ => &[],
        }
    }
}

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

/// Compiles one pattern as a rule will use it: case-insensitive unless it
/// says `(?-i)`, ASCII word boundaries.
pub fn compile_pattern(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(&ascii_word_boundaries(pattern))
        .case_insensitive(true)
        .size_limit(1 << 22)
        .build()
}

/// Normalises a token: trimmed, inner whitespace collapsed.
pub fn normalize_token(t: &str) -> String {
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The shared matcher.
pub struct Matcher {
    ac: Option<AhoCorasick>,
    /// For each AC pattern, the word lists that contain it.
    ac_lex: Vec<Vec<LexId>>,
    set: Option<meta::Regex>,
    /// For each pattern of `set`: its own regex and its word list.
    regexes: Vec<(regex::Regex, LexId)>,
    lex_count: usize,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("tokens", &self.ac_lex.len())
            .field("patterns", &self.regexes.len())
            .finish()
    }
}

impl Matcher {
    /// Builds the matcher from the word lists to match (`None` entries are
    /// lists of rules that are switched off). Patterns were validated when
    /// the rules were loaded.
    pub fn new(lexicons: &[Option<&Lexicon>]) -> Result<Matcher, String> {
        let mut token_index: std::collections::HashMap<String, usize> = Default::default();
        let mut tokens: Vec<String> = Vec::new();
        let mut ac_lex: Vec<Vec<LexId>> = Vec::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut regexes = Vec::new();
        for (id, lex) in lexicons.iter().enumerate() {
            let Some(lex) = lex else { continue };
            let id = id as LexId;
            for t in &lex.tokens {
                let t = normalize_token(t).to_ascii_lowercase();
                if t.is_empty() {
                    continue;
                }
                let mut variants = vec![t.clone()];
                if t.contains('\'') {
                    variants.push(t.replace('\'', "\u{2019}"));
                }
                for v in variants {
                    let i = *token_index.entry(v.clone()).or_insert_with(|| {
                        tokens.push(v);
                        ac_lex.push(Vec::new());
                        tokens.len() - 1
                    });
                    if !ac_lex[i].contains(&id) {
                        ac_lex[i].push(id);
                    }
                }
            }
            for p in &lex.patterns {
                let re = compile_pattern(p).map_err(|e| format!("{p}: {e}"))?;
                patterns.push(ascii_word_boundaries(p));
                regexes.push((re, id));
            }
        }
        let ac = if tokens.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .build(&tokens)
                    .map_err(|e| e.to_string())?,
            )
        };
        let set = if patterns.is_empty() {
            None
        } else {
            Some(
                meta::Regex::builder()
                    .configure(meta::Config::new().match_kind(regex_automata::MatchKind::All))
                    .syntax(regex_automata::util::syntax::Config::new().case_insensitive(true))
                    .build_many(&patterns)
                    .map_err(|e| e.to_string())?,
            )
        };
        Ok(Matcher {
            ac,
            ac_lex,
            set,
            regexes,
            lex_count: lexicons.len(),
        })
    }

    /// Finds every hit of every word list in `text`. Hits never cross a
    /// newline (the separator between prose segments).
    pub fn find(&self, text: &str) -> Hits {
        let mut hits: Vec<Hit> = Vec::new();
        let bytes = text.as_bytes();
        if let Some(ac) = &self.ac {
            for m in ac.find_overlapping_iter(text) {
                let (s, e) = (m.start(), m.end());
                if !word_bounded(text, s, e) {
                    continue;
                }
                for &lex in &self.ac_lex[m.pattern().as_usize()] {
                    hits.push(Hit {
                        start: s as u32,
                        end: e as u32,
                        lex,
                        cap: None,
                    });
                }
            }
        }
        if let Some(set) = &self.set {
            let mut which = PatternSet::new(set.pattern_len());
            set.which_overlapping_matches(&Input::new(text), &mut which);
            for pid in which.iter() {
                let (re, lex) = &self.regexes[pid.as_usize()];
                if re.captures_len() > 1 {
                    for c in re.captures_iter(text) {
                        let Some(m) = c.get(0) else { continue };
                        if m.is_empty() || bytes[m.range()].contains(&b'\n') {
                            continue;
                        }
                        let cap = c.get(1).map(|g| (g.start() as u32, g.end() as u32));
                        hits.push(Hit {
                            start: m.start() as u32,
                            end: m.end() as u32,
                            lex: *lex,
                            cap,
                        });
                    }
                } else {
                    for m in re.find_iter(text) {
                        if m.is_empty() || bytes[m.range()].contains(&b'\n') {
                            continue;
                        }
                        hits.push(Hit {
                            start: m.start() as u32,
                            end: m.end() as u32,
                            lex: *lex,
                            cap: None,
                        });
                    }
                }
            }
        }
        hits.sort_unstable_by_key(|h| (h.lex, h.start, std::cmp::Reverse(h.end)));
        hits.dedup_by_key(|h| (h.lex, h.start, h.end));
        let mut offsets = vec![0u32; self.lex_count + 1];
        for h in &hits {
            offsets[h.lex as usize + 1] += 1;
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        Hits { hits, offsets }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A token match is word-bounded where its own edge is a word character.
fn word_bounded(text: &str, s: usize, e: usize) -> bool {
    let m = &text[s..e];
    if let (Some(first), Some(before)) = (m.chars().next(), text[..s].chars().next_back()) {
        if is_word_char(first) && is_word_char(before) {
            return false;
        }
    }
    if let (Some(last), Some(after)) = (m.chars().next_back(), text[e..].chars().next()) {
        if is_word_char(last) && is_word_char(after) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(tokens: &[&str], patterns: &[&str]) -> Lexicon {
        Lexicon {
            tokens: tokens.iter().map(|s| s.to_string()).collect(),
            patterns: patterns.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn tokens_are_case_insensitive_and_word_bounded() {
        let l = lex(&["shall", "pursuant to"], &[]);
        let m = Matcher::new(&[Some(&l)]).unwrap();
        let text = "Shall we? Marshall shall act PURSUANT TO rules; shallow.";
        let hits: Vec<_> = m
            .find(text)
            .of(0)
            .iter()
            .map(|h| &text[h.range()])
            .collect();
        assert_eq!(hits, vec!["Shall", "shall", "PURSUANT TO"]);
    }

    #[test]
    fn overlapping_lists_both_hit() {
        let a = lex(&["the department"], &[]);
        let b = lex(&["the department will process"], &[]);
        let m = Matcher::new(&[Some(&a), Some(&b)]).unwrap();
        let h = m.find("Then the department will process it.");
        assert_eq!(h.of(0).len(), 1);
        assert_eq!(h.of(1).len(), 1);
    }

    #[test]
    fn patterns_use_ascii_boundaries_and_captures() {
        let l = lex(&[], &[r"(?-i)\b([A-Z]{2,5})\b"]);
        let m = Matcher::new(&[Some(&l)]).unwrap();
        let text = "Send form CS to the ÉCOLE team.";
        let h = m.find(text);
        let got: Vec<_> = h.of(0).iter().map(|h| &text[h.range()]).collect();
        assert_eq!(got, vec!["CS", "COLE"]);
        assert!(h.of(0)[0].cap.is_some());
    }

    #[test]
    fn curly_apostrophe_variant() {
        let l = lex(&["we'll"], &[]);
        let m = Matcher::new(&[Some(&l)]).unwrap();
        assert_eq!(m.find("Then we\u{2019}ll call.").of(0).len(), 1);
    }

    #[test]
    fn hits_do_not_cross_segments() {
        let l = lex(&[], &[r"refund\s+policy"]);
        let m = Matcher::new(&[Some(&l)]).unwrap();
        assert!(m.find("refund\npolicy").of(0).is_empty());
    }

    #[test]
    fn rewrites_boundaries_outside_classes_only() {
        assert_eq!(
            ascii_word_boundaries(r"\bx[\b]\B"),
            r"(?-u:\b)x[\b](?-u:\B)"
        );
        assert_eq!(ascii_word_boundaries(r"\\b"), r"\\b");
    }

    #[test]
    fn disabled_lists_do_not_match() {
        let a = lex(&["shall"], &[]);
        let m = Matcher::new(&[None, Some(&a)]).unwrap();
        let h = m.find("shall");
        assert!(h.of(0).is_empty());
        assert_eq!(h.of(1).len(), 1);
    }
}
