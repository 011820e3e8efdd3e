//! Property: on arbitrary Markdown, every finding's byte range lies on
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! character boundaries and its line/column agree with its bytes.

use std::sync::{Arc, OnceLock};

use outsidein::error::YamlSource;
use outsidein::lint::{Engine, RuleSettings};
use outsidein::report::FileReport;
use outsidein::rules::load::RuleBook;
use proptest::prelude::*;

const RULES: &str = r#"
name: p
rules:
  words:
    kind: existence
    message: "{match}"
    help: h
    tokens: [shall, must, pursuant to, "we'll", café, in due course]
  passive:
    kind: existence
    message: "{match}"
    help: h
    patterns: ['\b(is|are|will be)\s+\w+ed\b', '(?-i)\b[A-Z]{2,4}-\d+\b']
  swap:
    kind: substitution
    message: "{match} -> {replacement}"
    help: h
    swap: {prior to: before, "&": and}
  long:
    kind: occurrence
    message: "{count}"
    help: h
    scope: sentence
    max: 6
  reason:
    kind: conditional
    message: "{match}"
    help: h
    if: {tokens: [you must]}
    then: {tokens: [so that, because]}
"#;

fn engine() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| {
        let book = RuleBook::load(&[YamlSource::new("p.yml", RULES)]).expect("rules load");
        Engine::new(book, &RuleSettings::default()).expect("engine builds")
    })
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("shall".to_string()),
        Just("must".to_string()),
        Just("pursuant\nto".to_string()),
        Just("prior to".to_string()),
        Just("we'll".to_string()),
        Just("we\u{2019}ll".to_string()),
        Just("café".to_string()),
        Just("caf&eacute;".to_string()),
        Just("&amp;".to_string()),
        Just("&#x41;".to_string()),
        Just("Zoë".to_string()),
        Just("日本".to_string()),
        Just("🙂".to_string()),
        Just("is processed".to_string()),
        Just("CS-12".to_string()),
        Just("you must".to_string()),
        Just("so that".to_string()),
        Just("**".to_string()),
        Just("*".to_string()),
        Just("_".to_string()),
        Just("`code`".to_string()),
        Just("[link](http://x/shall)".to_string()),
        Just("<http://shall.x>".to_string()),
        Just("<b>".to_string()),
        Just("<!-- outsidein-disable -->".to_string()),
        Just("<!-- outsidein-enable p/words -->".to_string()),
        Just("\\*".to_string()),
        Just(".".to_string()),
        Just(". ".to_string()),
        Just("e.g.".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\n\n".to_string()),
        Just("\n# ".to_string()),
        Just("\n- ".to_string()),
        Just("\n> ".to_string()),
        Just("\n```\n".to_string()),
        Just("\n    ".to_string()),
        Just("|".to_string()),
        Just("\n|---|---|\n".to_string()),
        Just("\t".to_string()),
        Just(" ".to_string()),
        Just("---\n".to_string()),
        "[a-zA-Z]{1,8}",
        any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn document() -> impl Strategy<Value = String> {
    (any::<bool>(), proptest::collection::vec(fragment(), 0..60)).prop_map(|(bom, parts)| {
        let mut s = String::new();
        if bom {
            s.push('\u{feff}');
        }
        for p in parts {
            s.push_str(&p);
            s.push(' ');
        }
        s
    })
}

/// Line and column computed independently of `LineIndex`.
fn naive_line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let mut col_text = &before[line_start..];
    if line_start == 0 {
        col_text = col_text.strip_prefix('\u{feff}').unwrap_or(col_text);
    }
    (line, col_text.chars().count() + 1)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn finding_spans_are_exact(text in document()) {
        let linted = engine().lint(&text, false);
        let report = FileReport {
            name: "t.md".into(),
            text: Arc::from(text.as_str()),
            findings: linted.findings,
            words: 0,
            policy: false,
            score: None,
        };
        for (f, (start, end)) in report.findings.iter().zip(report.positions()) {
            prop_assert!(f.span.start <= f.span.end && f.span.end <= text.len());
            prop_assert!(text.is_char_boundary(f.span.start), "start {} not a boundary", f.span.start);
            prop_assert!(text.is_char_boundary(f.span.end), "end {} not a boundary", f.span.end);
            prop_assert_eq!((start.line, start.column), naive_line_col(&text, f.span.start));
            prop_assert_eq!((end.line, end.column), naive_line_col(&text, f.span.end));
            if let Some(fix) = &f.fix {
                // A fix only ever replaces exactly the words it names.
                prop_assert_eq!(fix.span, f.span);
            }
        }
    }

    #[test]
    fn token_findings_cover_their_words(text in document()) {
        // Every `p/words` finding's source text, with markup stripped, is one of the tokens.
        let linted = engine().lint(&text, false);
        for f in linted.findings.iter().filter(|f| &*f.rule == "p/words") {
            let src = &text[f.span.range()];
            let plain: String = src
                .replace("&eacute;", "é")
                .chars()
                .filter(|c| !matches!(c, '*' | '_' | '\r'))
                .map(|c| if c == '\n' { ' ' } else { c })
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
                .replace('\u{2019}', "'");
            prop_assert!(
                ["shall", "must", "pursuant to", "we'll", "café", "in due course"].contains(&plain.as_str()),
                "finding covers {:?}", src
            );
        }
    }
}
