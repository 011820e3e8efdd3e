//! Rule-file errors point at the exact line and column.

use super::*;
use crate::error::Error;
use crate::position::LineIndex;

/// Loads `yaml` and returns each problem as (line, column, message, help).
fn problems(yaml: &str) -> Vec<(usize, usize, String, Option<String>)> {
    let src = YamlSource::new("test.yml", yaml);
    match RuleBook::load(&[src]) {
        Ok(_) => Vec::new(),
        Err(Error::Yaml { problems, .. }) => {
            let idx = LineIndex::new(yaml);
            problems
                .into_iter()
                .map(|p| {
                    let at = idx.line_col(yaml, p.span.offset());
                    (at.line, at.column, p.message, p.help)
                })
                .collect()
        }
        Err(other) => panic!("unexpected error {other:?}"),
    }
}

const HEAD: &str = "name: house\nrules:\n  r:\n";

#[test]
fn valid_rule_loads() {
    let y =
        format!("{HEAD}    kind: existence\n    message: x\n    help: y\n    tokens: [shall]\n");
    assert!(problems(&y).is_empty());
}

#[test]
fn unknown_key_with_did_you_mean() {
    let y = format!("{HEAD}    kind: existence\n    mesage: x\n    help: y\n    tokens: [a]\n");
    let p = problems(&y);
    assert_eq!(p.len(), 1);
    assert_eq!((p[0].0, p[0].1), (5, 5));
    assert!(p[0].2.contains("unknown key `mesage`"), "{}", p[0].2);
    assert_eq!(p[0].3.as_deref(), Some("did you mean `message`?"));
}

#[test]
fn unknown_kind() {
    let y = format!("{HEAD}    kind: existance\n    message: x\n    help: y\n");
    let p = problems(&y);
    assert_eq!((p[0].0, p[0].1), (4, 11));
    assert_eq!(p[0].3.as_deref(), Some("did you mean `existence`?"));
}

#[test]
fn wrong_type() {
    let y = format!("{HEAD}    kind: occurrence\n    message: x\n    help: y\n    max: lots\n");
    let p = problems(&y);
    assert_eq!((p[0].0, p[0].1), (7, 10));
}

#[test]
fn invalid_regex_points_at_pattern() {
    let y = format!(
        "{HEAD}    kind: existence\n    message: x\n    help: y\n    patterns:\n      - 'ok'\n      - '(unclosed'\n"
    );
    let p = problems(&y);
    assert_eq!(p.len(), 1);
    assert_eq!((p[0].0, p[0].1), (9, 9));
    assert!(p[0].2.starts_with("invalid regex"), "{}", p[0].2);
}

#[test]
fn duplicate_rule_id() {
    let y = "name: house\nrules:\n  r:\n    kind: existence\n    message: x\n    help: y\n    tokens: [a]\n  r:\n    kind: existence\n    message: x\n    help: y\n    tokens: [b]\n";
    let p = problems(y);
    assert_eq!((p[0].0, p[0].1), (8, 3));
    assert!(p[0].2.contains("duplicate"), "{}", p[0].2);
}

#[test]
fn duplicate_set_across_files() {
    let y = format!("{HEAD}    kind: existence\n    message: x\n    help: y\n    tokens: [a]\n");
    let a = YamlSource::new("a.yml", y.clone());
    let b = YamlSource::new("b.yml", y);
    match RuleBook::load(&[a, b]) {
        Err(Error::Yaml { problems, .. }) => {
            assert!(problems[0].message.contains("already defined by a.yml"));
        }
        other => panic!("expected a duplicate-set error, got {other:?}"),
    }
}

#[test]
fn field_not_used_by_kind() {
    let y = format!(
        "{HEAD}    kind: existence\n    message: x\n    help: y\n    tokens: [a]\n    swap: {{a: b}}\n"
    );
    let p = problems(&y);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].0, 8);
    assert!(p[0].2.contains("`swap` is not used by kind `existence`"));
}

#[test]
fn missing_lists_and_help() {
    let y = format!("{HEAD}    kind: existence\n    message: x\n");
    let p = problems(&y);
    let msgs: Vec<_> = p.iter().map(|x| x.2.as_str()).collect();
    assert!(msgs.iter().any(|m| m.contains("has no `help`")), "{msgs:?}");
    assert!(
        msgs.iter()
            .any(|m| m.contains("needs `tokens` or `patterns`")),
        "{msgs:?}"
    );
}

#[test]
fn unknown_placeholder() {
    let y = format!(
        "{HEAD}    kind: existence\n    message: 'bad {{replacement}}'\n    help: y\n    tokens: [a]\n"
    );
    let p = problems(&y);
    assert_eq!(p[0].0, 5);
    assert!(p[0].2.contains("unknown placeholder `{replacement}`"));
}

#[test]
fn example_match_not_in_text() {
    let y = format!(
        "{HEAD}    kind: existence\n    message: x\n    help: y\n    tokens: [a]\n    examples:\n      flag:\n        - {{ text: 'a b', match: 'zzz' }}\n"
    );
    let p = problems(&y);
    assert_eq!(p[0].0, 10);
    assert!(p[0].2.contains("is not in its text"));
}

#[test]
fn pattern_matching_empty_text_is_rejected() {
    let y =
        format!("{HEAD}    kind: existence\n    message: x\n    help: y\n    patterns: ['a*']\n");
    let p = problems(&y);
    assert!(p[0].2.contains("matches empty text"));
}

#[test]
fn scanner_error_points_at_line_and_column() {
    let y = format!(
        "{HEAD}    kind: existence\n    description: A rule: with a colon\n    message: x\n"
    );
    let p = problems(&y);
    assert_eq!((p[0].0, p[0].1), (5, 24));
    assert!(
        p[0].3
            .as_deref()
            .unwrap_or("")
            .starts_with("Quote the value")
    );
}

/// Built-in sets load without parsing their patterns (`YamlSource::builtin`);
/// this loads them as any user file, with every pattern validated.
#[test]
fn builtin_patterns_are_valid() {
    let files: Vec<YamlSource> = crate::rules::builtin::SETS
        .iter()
        .map(|(f, text)| YamlSource::new(*f, *text))
        .collect();
    if let Err(e) = RuleBook::load(&files) {
        panic!("built-in rule sets do not validate: {e:?}");
    }
}

#[test]
fn clause_start_cue_takes_patterns_only() {
    let y = "name: t\nrules:\n  r:\n    kind: sentence\n    message: m\n    help: h\n    threshold: 1\n    cues:\n      c:\n        weight: 1\n        at: clause-start\n        tokens: [each claim]\n";
    let p = problems(y);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!((p[0].0, p[0].1), (12, 18));
    assert!(
        p[0].2.contains("takes `patterns`, not `tokens`"),
        "{}",
        p[0].2
    );
}

#[test]
fn formerly_must_name_rule_ids() {
    let y = "name: t\nrules:\n  r:\n    formerly: [old-rule]\n    kind: existence\n    message: m\n    help: h\n    tokens: [x]\n";
    let p = problems(y);
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!((p[0].0, p[0].1), (4, 16));
    assert!(
        p[0].2
            .contains("`formerly` entry `old-rule` is not a rule id"),
        "{}",
        p[0].2
    );
}
