//! Patterns narrowed to the characters nearly all prose is written in.
//!
//! A Unicode class such as `\w` or `[^.;!?]` holds thousands of characters,
//! and each one costs the compiled automaton states: `\w` alone is hundreds
//! of NFA states, and every lazy-DFA state built over it is a large set of
//! them with a transition for each of some hundred byte classes. Most text
//! uses a few hundred characters at most. A pattern whose classes are cut
//! down to those (`narrow`) matches exactly as the pattern does on any text
//! made only of them (`is_common`), because a match only ever consumes
//! characters of the text searched; look-around assertions are left as they
//! are. The matcher runs the narrowed pattern on such text and the pattern
//! as written on any other.

use regex_syntax::hir::{
    Capture, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Repetition,
};

/// The common characters: the Latin script (ASCII, Latin-1 with `£`, `·`
/// and the no-break space, Latin Extended-A and -B and Additional, so every
/// accented Latin letter), general punctuation (spaces, dashes, curly
/// quotes, bullets, the ellipsis), currency signs, letterlike symbols and
/// number forms (`™`, `№`, `⅓`), arrows, and the placeholder the document
/// puts in the prose for inline code (U+FFFC, beside U+FFFD).
const COMMON: &[(char, char)] = &[
    ('\0', '\u{24F}'),
    ('\u{1E00}', '\u{1EFF}'),
    ('\u{2000}', '\u{206F}'),
    ('\u{20A0}', '\u{20CF}'),
    ('\u{2100}', '\u{21FF}'),
    ('\u{FFFC}', '\u{FFFD}'),
];

/// Is every character of `text` common?
pub fn is_common(text: &str) -> bool {
    text.is_ascii()
        || text
            .chars()
            .all(|c| COMMON.iter().any(|&(a, b)| a <= c && c <= b))
}

/// `hir` with every Unicode class cut down to the common characters.
pub fn narrow(hir: &Hir) -> Hir {
    let common = ClassUnicode::new(COMMON.iter().map(|&(a, b)| ClassUnicodeRange::new(a, b)));
    narrow_with(hir, &common)
}

fn narrow_with(hir: &Hir, common: &ClassUnicode) -> Hir {
    match hir.kind() {
        HirKind::Class(Class::Unicode(c)) => {
            let mut c = c.clone();
            c.intersect(common);
            Hir::class(Class::Unicode(c))
        }
        HirKind::Empty
        | HirKind::Literal(_)
        | HirKind::Class(Class::Bytes(_))
        | HirKind::Look(_) => hir.clone(),
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            min: r.min,
            max: r.max,
            greedy: r.greedy,
            sub: Box::new(narrow_with(&r.sub, common)),
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            index: c.index,
            name: c.name.clone(),
            sub: Box::new(narrow_with(&c.sub, common)),
        }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(|s| narrow_with(s, common)).collect()),
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.iter().map(|s| narrow_with(s, common)).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_automata::meta::Regex;

    fn both(pattern: &str) -> (Regex, Regex) {
        let hir = regex_syntax::ParserBuilder::new()
            .case_insensitive(true)
            .build()
            .parse(pattern)
            .unwrap();
        (
            Regex::builder().build_from_hir(&hir).unwrap(),
            Regex::builder().build_from_hir(&narrow(&hir)).unwrap(),
        )
    }

    #[test]
    fn narrowed_patterns_match_alike_on_common_text() {
        let patterns = [
            r"\b(\w+ly )?processed",
            r"[^.;!?]{0,20}?\bdone",
            r"(?-i:[A-Z])[\w'’-]*",
            r"k\w",
            r"\W+",
            r"caf\w\b",
            r"(?-u:\b)\w+(?-u:\b)",
            r"\p{Greek}|x",
        ];
        let texts = [
            "It was quickly processed.",
            "We’re “done” — nearly… done.",
            "Café Zoë, £5 · Łódź · naïve",
            "K\u{212A} kelvin ſ Nguyễn → \u{fffc}",
            "Ωmega",
            "",
        ];
        for p in patterns {
            let (full, narrow) = both(p);
            for t in texts.iter().filter(|t| is_common(t)) {
                let a: Vec<_> = full.find_iter(*t).map(|m| m.range()).collect();
                let b: Vec<_> = narrow.find_iter(*t).map(|m| m.range()).collect();
                assert_eq!(a, b, "{p} on {t:?}");
            }
        }
    }

    #[test]
    fn common_text() {
        assert!(is_common("plain ASCII"));
        assert!(is_common("We’re “done” — £5, café, Łódź…"));
        assert!(is_common("Nguyễn Thị, 5 km → 3 ™ \u{fffc}"));
        assert!(!is_common("Ωmega"));
        assert!(!is_common("日本"));
    }

    #[test]
    fn narrowing_shrinks_unicode_classes() {
        use regex_automata::nfa::thompson::NFA;
        let hir = regex_syntax::ParserBuilder::new()
            .case_insensitive(true)
            .build()
            .parse(r"(?:\w+ ){0,3}done")
            .unwrap();
        let full = NFA::compiler().build_from_hir(&hir).unwrap();
        let small = NFA::compiler().build_from_hir(&narrow(&hir)).unwrap();
        assert!(small.states().len() * 4 < full.states().len());
    }
}
