//! The binary as a user runs it: exit codes, formats, config, bad input.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{bin, block, case_dir, run_in, run_with};

fn basic(args: &[&str]) -> String {
    let r = run_in(&case_dir("basic"), args);
    block(args, &r)
}

#[test]
fn fancy_output_on_a_repo() {
    insta::assert_snapshot!(basic(&[]));
}

#[test]
fn short_output_on_a_repo() {
    insta::assert_snapshot!(basic(&["check", "--format", "short"]));
}

#[test]
fn json_output_fields_and_offsets() {
    let dir = case_dir("basic");
    let r = run_in(&dir, &["--format", "json"]);
    assert_eq!(r.code, 1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("valid JSON");
    let items = v.as_array().expect("an array");
    assert_eq!(items.len(), 4);
    for item in items {
        let path = dir.join(item["path"].as_str().unwrap());
        let text = std::fs::read_to_string(&path).unwrap();
        let (s, e) = (
            item["byte_start"].as_u64().unwrap() as usize,
            item["byte_end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], item["match"].as_str().unwrap());
        for key in [
            "line",
            "column",
            "end_line",
            "end_column",
            "rule",
            "severity",
            "message",
            "help",
            "fix",
        ] {
            assert!(item.get(key).is_some(), "missing {key}");
        }
    }
    assert_eq!(items[0]["fix"]["replacement"], "before");
    assert!(items[2]["fix"].is_null());
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn exit_0_when_clean() {
    let r = run_in(&case_dir("basic"), &["docs/clean.md"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "No problems in 1 file\n");
}

#[test]
fn exit_1_on_findings_and_fail_on_raises_the_bar() {
    assert_eq!(run_in(&case_dir("basic"), &["docs/refund.md"]).code, 1);
    // Only an error fails the run with --fail-on error; the file has one.
    assert_eq!(
        run_in(
            &case_dir("basic"),
            &["--fail-on", "error", "docs/refund.md"]
        )
        .code,
        1
    );
    // Without the error rule, warnings no longer fail it.
    let r = run_in(
        &case_dir("basic"),
        &[
            "--fail-on",
            "error",
            "--ignore",
            "house/blame",
            "docs/refund.md",
        ],
    );
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("3 problems"), "{}", r.stdout);
}

#[test]
fn exit_2_on_missing_path_but_lints_the_rest() {
    let args = ["--format", "short", "docs/clean.md", "docs/nope.md"];
    let r = run_in(&case_dir("basic"), &args);
    assert_eq!(r.code, 2);
    insta::assert_snapshot!(block(&args, &r));
}

#[test]
fn gitignore_include_and_exclude() {
    let r = run_in(&case_dir("basic"), &["--format", "short"]);
    assert!(!r.stdout.contains("drafts/"), "gitignored file linted");
    assert!(!r.stdout.contains("archive"), "excluded file linted");
    assert!(!r.stdout.contains("notes.txt"), "non-Markdown file linted");
    let r = run_in(&case_dir("basic"), &["--format", "short", "--no-ignore"]);
    assert!(r.stdout.contains("drafts/ignored.md:1:20"), "{}", r.stdout);
}

#[test]
fn named_files_are_always_linted_unless_force_exclude() {
    let r = run_in(
        &case_dir("basic"),
        &["--format", "short", "docs/archive/old.md", "notes.txt"],
    );
    assert!(r.stdout.contains("docs/archive/old.md:1:10"));
    assert!(r.stdout.contains("notes.txt:1:1"));
    let r = run_in(
        &case_dir("basic"),
        &[
            "--format",
            "short",
            "--force-exclude",
            "docs/archive/old.md",
        ],
    );
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout, "No problems in 0 files\n");
}

#[test]
fn stdin_with_filename() {
    let args = [
        "--format",
        "short",
        "--stdin-filename",
        "drafts/new.md",
        "-",
    ];
    let r = run_with(
        bin(&case_dir("basic")),
        &args,
        Some("Pay prior to Friday.\n"),
    );
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stdout,
        "drafts/new.md:1:5: warning[house/legalese] 'prior to' is legalese; write 'before'.\n1 problem (1 warning) in 1 of 1 file\n"
    );
}

#[test]
fn select_ignore_and_min_severity() {
    let r = run_in(
        &case_dir("basic"),
        &[
            "--format",
            "short",
            "--select",
            "house/blame",
            "docs/refund.md",
        ],
    );
    assert_eq!(
        r.stdout.lines().filter(|l| l.contains("[house/")).count(),
        1
    );
    let r = run_in(
        &case_dir("basic"),
        &[
            "--format",
            "short",
            "--min-severity",
            "warning",
            "docs/refund.md",
        ],
    );
    assert!(!r.stdout.contains("vague-time"));
    assert!(r.stdout.contains("3 problems"));
    let args = ["--select", "house/blam", "docs/refund.md"];
    let r = run_in(&case_dir("basic"), &args);
    assert_eq!(r.code, 2);
    insta::assert_snapshot!(block(&args, &r));
}

#[test]
fn unknown_subcommand_or_flag_is_usage_error() {
    let r = run_in(&case_dir("basic"), &["--frobnicate"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--frobnicate"));
}

#[test]
fn no_config_uses_builtin_rules() {
    let args = ["--no-config", "--format", "short", "docs/refund.md"];
    let r = run_in(&case_dir("basic"), &args);
    assert!(!r.stdout.contains("[house/"), "{}", r.stdout);
    assert!(r.stdout.contains("[process-voice/"), "{}", r.stdout);
}

#[test]
fn fix_rewrites_safely_keeps_bom_crlf_and_code_and_is_idempotent() {
    let t = tempfile::tempdir().unwrap();
    std::fs::copy(
        case_dir("basic").join("styles/house.yml"),
        t.path().join("house.yml"),
    )
    .unwrap();
    let original = "\u{feff}---\r\ntitle: prior to\r\n---\r\n# Refunds\r\n\r\nPay prior to Friday, pursuant to the rules.\r\n\r\n```\r\nprior to\r\n```\r\n\r\nKeep *prior to* as it is split by nothing. And `prior to` in code.\r\n";
    let path = t.path().join("p.md");
    std::fs::write(&path, original).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    }
    let args = [
        "--no-config",
        "--rules",
        "house.yml",
        "--format",
        "short",
        "--fix",
        "p.md",
    ];
    let r = run_in(t.path(), &args);
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        fixed,
        "\u{feff}---\r\ntitle: prior to\r\n---\r\n# Refunds\r\n\r\nPay before Friday, under the rules.\r\n\r\n```\r\nprior to\r\n```\r\n\r\nKeep *before* as it is split by nothing. And `prior to` in code.\r\n"
    );
    assert!(r.stdout.contains("fixed 3 problems"), "{}", r.stdout);
    assert_eq!(r.code, 0, "nothing left at warning or above: {}", r.stdout);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
    // A second run changes nothing.
    let r = run_in(t.path(), &args);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), fixed);
    assert!(!r.stdout.contains("fixed"), "{}", r.stdout);
}

#[test]
fn fix_with_stdin_is_a_usage_error() {
    let r = run_with(
        bin(&case_dir("basic")),
        &["--fix", "-"],
        Some("Pay prior to Friday.\n"),
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("--fix cannot be used with standard input"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_moved_rule_answers_to_its_old_id() {
    // `process-voice/legalese` moved to `readability/legalese`: a config, a
    // flag and a directive that still use the old id keep working, and the
    // user is told the new id on stderr.
    let t = tempfile::tempdir().unwrap();
    std::fs::write(
        t.path().join(".outsidein.yml"),
        "severity:\n  process-voice/legalese: error\n",
    )
    .unwrap();
    std::fs::write(
        t.path().join("a.md"),
        "Refunds are paid prior to dispatch.\n\n<!-- outsidein-disable-next-line process-voice/agentless-passive -->\nRequests will be processed next week.\n",
    )
    .unwrap();
    let r = run_in(t.path(), &["--format", "short", "a.md"]);
    assert_eq!(
        r.stdout,
        "a.md:1:18: error[readability/legalese] 'prior to' is legal drafting; write 'before'.\n1 problem (1 error) in 1 of 1 file\n"
    );
    assert_eq!(
        r.stderr,
        "outsidein: note: `process-voice/legalese` is now `readability/legalese`; rename it under `severity` in .outsidein.yml\n"
    );
    assert_eq!(r.code, 1);

    let r = run_in(
        t.path(),
        &[
            "--no-config",
            "--ignore",
            "process-voice/legalese",
            "--format",
            "short",
            "a.md",
        ],
    );
    assert_eq!(r.stdout, "No problems in 1 file\n");
    assert!(
        r.stderr
            .contains("`process-voice/legalese` is now `readability/legalese`"),
        "{}",
        r.stderr
    );

    let r = run_in(t.path(), &["explain", "process-voice/legalese"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with("readability/legalese"), "{}", r.stdout);
}

#[test]
fn fancy_output_labels_every_cue_a_sentence_weighed() {
    // The terminal report underlines each cue with its label; the
    // one-line formats are unchanged and carry only the message.
    let t = tempfile::tempdir().unwrap();
    std::fs::write(
        t.path().join("a.md"),
        "Complaints shall be handled in line with the complaints framework.\n",
    )
    .unwrap();
    let args = [
        "--no-config",
        "--select",
        "process-voice/process-first-sentence",
        "a.md",
    ];
    let r = run_in(t.path(), &args);
    let labels: Vec<&str> = r
        .stdout
        .lines()
        .filter_map(|l| l.split_once("╰── ").map(|(_, label)| label))
        .collect();
    assert_eq!(
        labels,
        [
            "handling in the passive",
            "a duty with no one named",
            "a rule about things that names no one"
        ],
        "{}",
        r.stdout
    );
    let r = run_in(t.path(), &[&["--format", "short"][..], &args].concat());
    assert_eq!(
        r.stdout,
        "a.md:1:1: warning[process-voice/process-first-sentence] This sentence reads from the process's side (a rule about things that names no one, a duty with no one named, handling in the passive).\n1 problem (1 warning) in 1 of 1 file\n"
    );
}
