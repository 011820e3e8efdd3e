//! What `build.rs` worked out about every pattern of the built-in rule sets
//! (`rules/*.yml`): its prefilter (`literals::prefilter`) and its narrowed
//! `Hir` (`narrow::narrow` of `literals::parse_pattern`, in `hir_code`'s
//! form). Start-up looks a built-in pattern up here instead of parsing it:
//! extracting the prefilters was a fifth of start-up on one small file, and
//! parsing and narrowing a third of compiling a pattern. Other patterns
//! (user rule files) are worked out at run time.

use regex_syntax::hir::Hir;

use super::literals::{Prefilter, prefilter};

/// The prefilter of a pattern as `literals::prefilter` gives it.
pub type Found = (Prefilter, Vec<String>, Vec<String>);

/// (pattern, prefilter, literals, gates, narrowed `Hir` or empty).
type Entry = (
    &'static str,
    Prefilter,
    &'static [&'static str],
    &'static [&'static str],
    &'static [u8],
);

include!(concat!(env!("OUT_DIR"), "/prebuilt.rs"));

fn entry(pattern: &str) -> Option<&'static Entry> {
    let i = BUILTIN.binary_search_by(|e| e.0.cmp(pattern)).ok()?;
    BUILTIN.get(i)
}

/// The prefilter of a built-in pattern, from the table.
fn builtin(pattern: &str) -> Option<Found> {
    let &(_, kind, lits, gates, _) = entry(pattern)?;
    let owned = |l: &[&str]| l.iter().map(|s| s.to_string()).collect();
    Some((kind, owned(lits), owned(gates)))
}

/// The prefilter of each pattern, in order. Patterns not in the table
/// (user rule files) are parsed on both cores.
pub fn prefilters(patterns: &[&str]) -> Vec<Found> {
    use rayon::prelude::*;
    let mut found: Vec<Option<Found>> = patterns.iter().map(|p| builtin(p)).collect();
    let missing: Vec<usize> = (0..patterns.len())
        .filter(|&i| found[i].is_none())
        .collect();
    if !missing.is_empty() {
        let extracted: Vec<Found> = missing
            .par_iter()
            .map(|&i| prefilter(patterns[i]))
            .collect();
        for (i, f) in missing.into_iter().zip(extracted) {
            found[i] = Some(f);
        }
    }
    found
        .into_iter()
        .zip(patterns)
        .map(|(f, p)| f.unwrap_or_else(|| prefilter(p)))
        .collect()
}

/// The narrowed `Hir` of a built-in pattern, as `compile` would derive it.
pub fn narrowed_hir(pattern: &str) -> Option<Hir> {
    let &(.., code) = entry(pattern)?;
    super::hir_code::decode(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_what_run_time_gives() {
        assert!(
            BUILTIN.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted, no repeats"
        );
        for &(pattern, ..) in BUILTIN {
            assert_eq!(builtin(pattern), Some(prefilter(pattern)), "{pattern}");
            let parsed = super::super::literals::parse_pattern(pattern).ok();
            let narrowed = parsed.map(|h| super::super::narrow::narrow(&h));
            assert_eq!(narrowed_hir(pattern), narrowed, "{pattern}");
        }
    }

    #[test]
    fn every_builtin_pattern_is_in_the_table() {
        use crate::rules::builtin::{SETS, display_name};
        let files: Vec<crate::error::YamlSource> = SETS
            .iter()
            .map(|(f, text)| crate::error::YamlSource::builtin(display_name(f), text))
            .collect();
        let book = crate::rules::load::RuleBook::load(&files).expect("built-in rules load");
        let patterns: Vec<&str> = book
            .lexicons
            .iter()
            .flat_map(|l| l.patterns.iter().map(String::as_str))
            .collect();
        assert!(!patterns.is_empty());
        for p in patterns {
            assert!(builtin(p).is_some(), "{p} is not in the table");
            assert!(narrowed_hir(p).is_some(), "{p} has no narrowed Hir");
        }
        // The clause-start cues and one-pattern heading and skip lists
        // (`rules::lazy`).
        use crate::rules::{Kind, SectionCheck};
        let mut lazy = 0;
        for rule in &book.rules {
            let lists: Vec<&crate::rules::lazy::LazyRegex> = match &rule.kind {
                Kind::Sentence { cues, .. } => {
                    cues.iter().filter_map(|c| c.anchored.as_ref()).collect()
                }
                Kind::Section(SectionCheck::Exists { heading, .. }) => vec![heading],
                Kind::Section(SectionCheck::EachTopLevel { skip, .. }) => vec![skip],
                _ => Vec::new(),
            };
            for list in lists {
                let p = match list.patterns() {
                    [p] => p.clone(),
                    [] => continue,
                    more => {
                        let more: Vec<&str> = more.iter().map(String::as_str).collect();
                        super::super::literals::any_pattern(&more)
                    }
                };
                assert!(narrowed_hir(&p).is_some(), "{p} has no narrowed Hir");
                lazy += 1;
            }
        }
        assert!(
            lazy >= 4,
            "the clause-start cues and heading lists are in the table"
        );
    }

    #[test]
    fn other_patterns_are_worked_out() {
        let got = prefilters(&["\\bneither built in\\b", "[a-z]{3}"]);
        assert_eq!(got[0], prefilter("\\bneither built in\\b"));
        assert_eq!(got[1].0, Prefilter::Scan);
        assert!(narrowed_hir("\\bneither built in\\b").is_none());
    }

    #[test]
    fn hir_code_round_trips() {
        for p in [
            r"(?-i)\b([A-Z]{2,5})\b",
            r"(?P<n>a|b)+?c{0,3}",
            r"(?m)^x$",
            r"[^\w\s]",
            "",
        ] {
            let hir = super::super::literals::parse_pattern(p).expect("valid");
            let mut code = Vec::new();
            super::super::hir_code::encode(&hir, &mut code);
            assert_eq!(super::super::hir_code::decode(&code), Some(hir), "{p}");
            assert_eq!(
                super::super::hir_code::decode(&code[..code.len() - 1]),
                None
            );
        }
    }
}
