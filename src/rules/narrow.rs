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

/// Is every character of `text` common? Runs of ASCII are skipped a
/// word at a time; only the other characters are decoded (most prose has
/// a few curly quotes or dashes, and this runs for every segment).
pub fn is_common(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(word) = bytes.get(i..i + 8) {
            let mut w = [0u8; 8];
            w.copy_from_slice(word);
            if u64::from_ne_bytes(w) & 0x8080_8080_8080_8080 == 0 {
                i += 8;
                continue;
            }
        }
        if bytes[i].is_ascii() {
            i += 1;
            continue;
        }
        let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
            return false;
        };
        if !COMMON.iter().any(|&(a, b)| a <= c && c <= b) {
            return false;
        }
        i += c.len_utf8();
    }
    true
}

/// `hir` with every Unicode class cut down to the common characters.
pub fn narrow(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Class(Class::Unicode(c)) => Hir::class(Class::Unicode(narrow_class(c))),
        HirKind::Empty
        | HirKind::Literal(_)
        | HirKind::Class(Class::Bytes(_))
        | HirKind::Look(_) => hir.clone(),
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            min: r.min,
            max: r.max,
            greedy: r.greedy,
            sub: Box::new(narrow(&r.sub)),
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            index: c.index,
            name: c.name.clone(),
            sub: Box::new(narrow(&c.sub)),
        }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(narrow).collect()),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(narrow).collect()),
    }
}

/// `class` ∩ the common characters. A class such as `\w` has hundreds of
/// ranges and the common characters a few: only the ranges that overlap
/// one of them are looked at.
fn narrow_class(class: &ClassUnicode) -> ClassUnicode {
    let ranges = class.ranges();
    let mut out = Vec::new();
    for &(lo, hi) in COMMON {
        let first = ranges.partition_point(|r| r.end() < lo);
        for r in ranges[first..].iter().take_while(|r| r.start() <= hi) {
            out.push(ClassUnicodeRange::new(r.start().max(lo), r.end().min(hi)));
        }
    }
    ClassUnicode::new(out)
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
    fn narrow_class_is_the_intersection() {
        let common = ClassUnicode::new(COMMON.iter().map(|&(a, b)| ClassUnicodeRange::new(a, b)));
        for p in [
            r"\w",
            r"\W",
            r"[^.;!?]",
            r"\s",
            r"(?i)k",
            r"\p{Greek}",
            r"[a-zé]",
            r"\pL",
        ] {
            let hir = regex_syntax::parse(p).unwrap();
            let HirKind::Class(Class::Unicode(c)) = hir.kind() else {
                panic!("{p}")
            };
            let mut want = c.clone();
            want.intersect(&common);
            assert_eq!(narrow_class(c), want, "{p}");
        }
    }

    #[test]
    fn common_text() {
        assert!(is_common("plain ASCII"));
        assert!(is_common("We’re “done” — £5, café, Łódź…"));
        assert!(is_common("Nguyễn Thị, 5 km → 3 ™ \u{fffc}"));
        assert!(!is_common("Ωmega"));
        assert!(!is_common("日本"));
        // Past a run of ASCII read a word at a time.
        assert!(is_common("an ASCII run of some length, then “quotes”"));
        assert!(!is_common("an ASCII run of some length, then Ωmega"));
        assert!(!is_common("12345678日本"));
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
