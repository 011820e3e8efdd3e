//! Prefilters of the patterns a run matches: the built-in patterns' from a
//! table `build.rs` writes (it runs `literals::prefilter` on every pattern
//! of `rules/*.yml`), any other's worked out now. Extraction parses every
//! pattern and was a fifth of start-up on one small file.

use super::literals::{Prefilter, prefilter};

/// The prefilter of a pattern as `literals::prefilter` gives it.
pub type Found = (Prefilter, Vec<String>, Vec<String>);

// `BUILTIN: &[(pattern, Prefilter, literals, gates)]`, sorted by pattern.
include!(concat!(env!("OUT_DIR"), "/prefilters.rs"));

/// The prefilter of a built-in pattern, from the table.
fn builtin(pattern: &str) -> Option<Found> {
    let i = BUILTIN.binary_search_by(|e| e.0.cmp(pattern)).ok()?;
    let (_, kind, lits, gates) = BUILTIN[i];
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_what_extraction_gives() {
        assert!(
            BUILTIN.windows(2).all(|w| w[0].0 < w[1].0),
            "sorted, no repeats"
        );
        for &(pattern, ..) in BUILTIN {
            assert_eq!(builtin(pattern), Some(prefilter(pattern)), "{pattern}");
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
        }
    }

    #[test]
    fn other_patterns_are_extracted() {
        let got = prefilters(&["\\bneither built in\\b", "[a-z]{3}"]);
        assert_eq!(got[0], prefilter("\\bneither built in\\b"));
        assert_eq!(got[1].0, Prefilter::Scan);
    }
}
