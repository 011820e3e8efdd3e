//! Bad input gets a clear error pointing at the cause, and nothing is lost.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{block, run_in};

fn write(dir: &std::path::Path, name: &str, contents: &[u8]) {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(p, contents).unwrap();
}

const RULES: &str = "name: house\nrules:\n  legalese:\n    kind: substitution\n    message: \"'{match}' is legalese\"\n    help: Say it plainly.\n    swap: {prior to: before}\n";

#[test]
fn non_utf8_file_is_named_and_others_still_linted() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "rules.yml", RULES.as_bytes());
    write(t.path(), "a.md", b"Pay prior to Friday.\n");
    write(t.path(), "b.md", b"Caf\xe9 prior to\n");
    let args = [
        "--no-config",
        "--rules",
        "rules.yml",
        "--format",
        "short",
        ".",
    ];
    let r = run_in(t.path(), &args);
    assert_eq!(r.code, 2);
    insta::assert_snapshot!(block(&args, &r));
}

#[test]
fn unreadable_file_is_named() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "rules.yml", RULES.as_bytes());
    write(t.path(), "ok.md", b"Fine.\n");
    // A path through a file cannot be read (ENOTDIR), even as root.
    let r = run_in(
        t.path(),
        &[
            "--no-config",
            "--rules",
            "rules.yml",
            "--format",
            "short",
            "ok.md",
            "ok.md/inner.md",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("cannot read ok.md/inner.md"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("No problems in 1 file"), "{}", r.stdout);
}

fn rule_error(yaml: &str) -> String {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "rules.yml", yaml.as_bytes());
    write(t.path(), "a.md", b"Pay prior to Friday.\n");
    let args = ["--no-config", "--rules", "rules.yml", "a.md"];
    let r = run_in(t.path(), &args);
    assert_eq!(r.code, 2);
    assert!(
        r.stdout.is_empty(),
        "nothing is linted after a rule error: {}",
        r.stdout
    );
    block(&args, &r)
}

#[test]
fn rule_file_unknown_key() {
    insta::assert_snapshot!(rule_error(
        "name: house\nrules:\n  legalese:\n    kind: existence\n    mesage: x\n    help: y\n    tokens: [a]\n"
    ));
}

#[test]
fn rule_file_invalid_regex() {
    insta::assert_snapshot!(rule_error(
        "name: house\nrules:\n  r:\n    kind: existence\n    message: x\n    help: y\n    patterns: ['(unclosed']\n"
    ));
}

#[test]
fn rule_file_unknown_kind() {
    insta::assert_snapshot!(rule_error(
        "name: house\nrules:\n  r:\n    kind: existance\n    message: x\n    help: y\n"
    ));
}

#[test]
fn rule_file_wrong_type() {
    insta::assert_snapshot!(rule_error(
        "name: house\nrules:\n  r:\n    kind: occurrence\n    message: x\n    help: y\n    max: [1]\n"
    ));
}

#[test]
fn rule_file_duplicate_id() {
    insta::assert_snapshot!(rule_error(
        "name: house\nrules:\n  r:\n    kind: existence\n    message: x\n    help: y\n    tokens: [a]\n  r:\n    kind: existence\n    message: x\n    help: y\n    tokens: [b]\n"
    ));
}

#[test]
fn rule_file_not_yaml() {
    insta::assert_snapshot!(rule_error("name: house\nrules: [\n"));
}

#[test]
fn missing_rule_file() {
    let t = tempfile::tempdir().unwrap();
    let r = run_in(t.path(), &["--no-config", "--rules", "nope.yml", "."]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("nope.yml"), "{}", r.stderr);
}

#[test]
fn config_unknown_key_and_bad_severity() {
    let t = tempfile::tempdir().unwrap();
    write(
        t.path(),
        ".outsidein.yml",
        b"rules: [builtin]\nexclud: [x]\n",
    );
    let args: [&str; 0] = [];
    let r = run_in(t.path(), &args);
    assert_eq!(r.code, 2);
    insta::assert_snapshot!(block(&args, &r));
    write(
        t.path(),
        ".outsidein.yml",
        b"severity:\n  process-voice/legalise: error\n",
    );
    let r = run_in(t.path(), &args);
    assert_eq!(r.code, 2);
    insta::assert_snapshot!(block(&args, &r));
}

#[test]
fn config_missing_rule_file_points_at_entry() {
    let t = tempfile::tempdir().unwrap();
    write(
        t.path(),
        ".outsidein.yml",
        b"rules:\n  - builtin\n  - styles/missing.yml\n",
    );
    let args: [&str; 0] = [];
    let r = run_in(t.path(), &args);
    assert_eq!(r.code, 2);
    insta::assert_snapshot!(block(&args, &r));
}

#[test]
fn huge_and_odd_input_does_not_panic() {
    let t = tempfile::tempdir().unwrap();
    let mut big = String::new();
    big.push_str(&"> ".repeat(10_000));
    big.push_str("prior to\n\n");
    big.push_str(&"[".repeat(50_000));
    big.push_str("\n\n");
    big.push_str(&"*a ".repeat(50_000));
    big.push_str("\n\n\u{202e}\u{200d}\u{0301}prior to\u{fffc}\u{feff}\n");
    big.push_str(&"- ".repeat(5_000));
    big.push_str("x\n");
    write(t.path(), "rules.yml", RULES.as_bytes());
    write(t.path(), "odd.md", big.as_bytes());
    let r = run_in(
        t.path(),
        &[
            "--no-config",
            "--rules",
            "rules.yml",
            "--format",
            "short",
            "odd.md",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"));
}
