//! Regexes a rule asks about a few short texts (section headings, a
//! sentence's clause starts), compiled the first time one is searched.
//!
//! Building them as `regex::Regex` while loading the rules was a fifth of
//! start-up: full-Unicode case-insensitive `\w` in a clause-start cue is
//! thousands of NFA states, and the regex crate builds a reverse NFA and,
//! for small patterns, full DFAs too. Here each list is compiled on first
//! use, narrowed to the common characters for text made only of them (as
//! the matcher does, see `narrow`), and as written for any other text, with
//! a lazy DFA and no full DFA. Matches are the same as `compile_any`'s.

use std::sync::OnceLock;

use regex_automata::Input;

use super::compile::{ascii_word_boundaries, compile_meta, parse_rewritten};
use super::literals::any_pattern;
use super::narrow::{is_common, narrow};
use super::scan_regex::ScanRegex;

/// Patterns that match where any of them does, compiled on first use.
#[derive(Debug, Clone)]
pub struct LazyRegex {
    patterns: Vec<String>,
    /// Narrowed (for common text) and as written; empty where nothing builds.
    narrowed: OnceLock<Vec<ScanRegex>>,
    full: OnceLock<Vec<ScanRegex>>,
}

impl LazyRegex {
    /// Patterns as `compile_pattern` takes them (case-insensitive unless
    /// they say otherwise). They must already be valid: one that does not
    /// build matches nothing.
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> LazyRegex {
        LazyRegex {
            patterns: patterns.iter().map(|p| p.as_ref().to_string()).collect(),
            narrowed: OnceLock::new(),
            full: OnceLock::new(),
        }
    }

    #[cfg(test)]
    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    /// Whether there are no patterns (nothing ever matches).
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Whether any pattern matches somewhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.regexes(is_common(text))
            .iter()
            .any(|re| re.is_match(Input::new(text)))
    }

    /// The first match in `text` (of the first pattern that matches, as
    /// `compile_any` gives a single regex for a single pattern). `common`
    /// says every character of `text` is common (`narrow::is_common`); the
    /// caller may know it for a larger text that holds this one.
    pub fn find(&self, text: &str, common: bool) -> Option<(usize, usize)> {
        self.regexes(common)
            .iter()
            .find_map(|re| re.find(Input::new(text)))
            .map(|m| (m.start(), m.end()))
    }

    fn regexes(&self, narrowed: bool) -> &[ScanRegex] {
        let slot = if narrowed { &self.narrowed } else { &self.full };
        slot.get_or_init(|| compile(&self.patterns, narrowed))
    }
}

/// As `compile_any`: one regex for the alternation, each pattern inside its
/// own group, unless a pattern may hold a `(?x)` comment or the alternation
/// does not build; then one regex per pattern.
fn compile(patterns: &[String], narrowed: bool) -> Vec<ScanRegex> {
    if patterns.len() > 1 && !patterns.iter().any(|p| p.contains('#')) {
        // A built-in list's narrowed alternation was worked out at build
        // time, where rewriting the whole alternation gives the same text
        // as rewriting each pattern.
        let prebuilt = narrowed.then(|| {
            let list: Vec<&str> = patterns.iter().map(String::as_str).collect();
            super::prebuilt::narrowed_hir(&any_pattern(&list))
        });
        let re = match prebuilt {
            Some(Some(hir)) => build_hir(hir),
            _ => {
                let rewritten: Vec<String> =
                    patterns.iter().map(|p| ascii_word_boundaries(p)).collect();
                let rewritten: Vec<&str> = rewritten.iter().map(String::as_str).collect();
                build(&any_pattern(&rewritten), narrowed)
            }
        };
        if let Some(re) = re {
            return vec![re];
        }
    }
    patterns
        .iter()
        .filter_map(|p| {
            // A built-in list's narrowed form was worked out at build time.
            let prebuilt = narrowed.then(|| super::prebuilt::narrowed_hir(p));
            match prebuilt {
                Some(Some(hir)) => build_hir(hir),
                _ => build(&ascii_word_boundaries(p), narrowed),
            }
        })
        .collect()
}

/// One regex from a pattern whose word boundaries are already rewritten.
/// A lazy DFA without meta's own prefilters (building those cost more
/// than they save on headings and clause starts) and no full DFA. The
/// NFA engines alone build a little faster but search the headings of 200
/// documents with 4% more instructions in all.
fn build(rewritten: &str, narrowed: bool) -> Option<ScanRegex> {
    let hir = parse_rewritten(rewritten).ok()?;
    build_hir(if narrowed { narrow(&hir) } else { hir })
}

fn build_hir(hir: regex_syntax::hir::Hir) -> Option<ScanRegex> {
    compile_meta(hir).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compile::compile_any;

    #[test]
    fn matches_as_compile_any_does() {
        let lists: [&[&str]; 4] = [
            &[r"(?-i)^Owner$", r"\bglossary\b", r"(?m)^x", "a#b"],
            &[r"\bwho owns\b", r"\bmeasur"],
            &[r"^(?:(?:the|each) [\w-]+ must\b)"],
            &[r"(?-i)[A-Z]\w+ (?:form|forms)\b"],
        ];
        let texts = [
            "Owner",
            "owner",
            "The Glossary",
            "glossaryx",
            "y\nx",
            "a#b",
            "Who owns this",
            "Measures",
            "each request must go",
            "Each Ωmega must go",
            "Épée forms",
            "Ωmega forms",
            "none",
        ];
        for list in lists {
            let lazy = LazyRegex::new(list);
            let any = compile_any(list).unwrap();
            for t in texts {
                assert_eq!(
                    lazy.is_match(t),
                    any.iter().any(|re| re.is_match(t)),
                    "{list:?} on {t:?}"
                );
                let want = any
                    .iter()
                    .find_map(|re| re.find(t))
                    .map(|m| (m.start(), m.end()));
                assert_eq!(lazy.find(t, is_common(t)), want, "{list:?} on {t:?}");
                assert_eq!(lazy.find(t, false), want, "{list:?} on {t:?}");
            }
        }
    }
}
