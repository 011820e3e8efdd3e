//! The fixture policies, linted with the built-in rules as a user would:
//! process-first documents get findings where expected, their customer-first
//! twins get none, hollow policies get exactly the structural findings they
//! deserve, and non-policies get no structural finding at all.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{block, root, run_with};

fn lint(files: &[&str]) -> common::Run {
    let mut cmd = common::bin(&root());
    cmd.env("OUTSIDEIN_TODAY", "2026-11-23");
    let mut args = vec!["--no-config", "--format", "short"];
    args.extend_from_slice(files);
    run_with(cmd, &args, None)
}

const PAIRS: &[&str] = &["refunds", "complaints", "account-closure", "data-requests"];

#[test]
fn customer_first_twins_are_clean() {
    for p in PAIRS {
        let f = format!("fixtures/{p}-customer-first.md");
        let r = lint(&[&f]);
        assert_eq!(r.code, 0, "{f}:\n{}", r.stdout);
        assert_eq!(r.stdout, "No problems in 1 file\n", "{f}");
    }
}

#[test]
fn process_first_twins_are_flagged() {
    for p in PAIRS {
        let f = format!("fixtures/{p}-process-first.md");
        let r = lint(&[&f]);
        assert_eq!(r.code, 1, "{f}");
        let rules: std::collections::BTreeSet<&str> = r
            .stdout
            .lines()
            .filter_map(|l| l.split('[').nth(1)?.split(']').next())
            .collect();
        assert!(rules.len() >= 5, "{f}: only {rules:?}");
        assert!(rules.iter().any(|r| r.starts_with("process-voice/")), "{f}");
        assert!(rules.contains("customer-outcome/missing-outcome"), "{f}");
    }
}

#[test]
fn refunds_process_first_lines() {
    let args = ["fixtures/refunds-process-first.md"];
    insta::assert_snapshot!(block(&args, &lint(&args)));
}

#[test]
fn complaints_process_first_lines() {
    let args = ["fixtures/complaints-process-first.md"];
    insta::assert_snapshot!(block(&args, &lint(&args)));
}

#[test]
fn account_closure_process_first_lines() {
    let args = ["fixtures/account-closure-process-first.md"];
    insta::assert_snapshot!(block(&args, &lint(&args)));
}

#[test]
fn data_requests_process_first_lines() {
    let args = ["fixtures/data-requests-process-first.md"];
    insta::assert_snapshot!(block(&args, &lint(&args)));
}

/// The structural findings of one file, as `line:rule`.
fn structural(file: &str) -> Vec<String> {
    lint(&[file])
        .stdout
        .lines()
        .filter(|l| l.contains("[customer-outcome/"))
        .map(|l| {
            let line = l.split(':').nth(1).unwrap();
            let rule = l.split('[').nth(1).unwrap().split(']').next().unwrap();
            format!("{line}:{rule}")
        })
        .collect()
}

#[test]
fn hollow_charter_gets_every_structural_finding() {
    assert_eq!(
        structural("fixtures/hollow-service-charter.md"),
        vec![
            "1:customer-outcome/missing-baseline",
            "1:customer-outcome/missing-feedback-loop",
            "1:customer-outcome/missing-journey",
            "1:customer-outcome/missing-measure",
            "1:customer-outcome/missing-outcome",
            "1:customer-outcome/missing-owner",
            "1:customer-outcome/single-channel",
            "1:customer-outcome/stale-review",
            "6:customer-outcome/missing-outcome",
            "11:customer-outcome/missing-outcome",
        ]
    );
}

#[test]
fn hollow_privacy_policy_has_owner_and_review_but_nothing_for_customers() {
    assert_eq!(
        structural("fixtures/hollow-privacy-policy.md"),
        vec![
            "8:customer-outcome/missing-baseline",
            "8:customer-outcome/missing-feedback-loop",
            "8:customer-outcome/missing-journey",
            "8:customer-outcome/missing-measure",
            "8:customer-outcome/missing-outcome",
            "8:customer-outcome/single-channel",
            "13:customer-outcome/missing-outcome",
            "18:customer-outcome/missing-outcome",
        ]
    );
}

#[test]
fn hollow_policies_are_polite() {
    // Nothing in them reads process-first sentence by sentence: the fault is
    // what they leave out.
    let r = lint(&[
        "fixtures/hollow-service-charter.md",
        "fixtures/hollow-privacy-policy.md",
    ]);
    assert!(!r.stdout.contains("[process-voice/"), "{}", r.stdout);
}

#[test]
fn non_policies_get_no_structural_findings() {
    for f in [
        "fixtures/readme-not-a-policy.md",
        "fixtures/meeting-notes-not-a-policy.md",
    ] {
        assert!(structural(f).is_empty(), "{f}");
    }
    let r = lint(&[
        "fixtures/readme-not-a-policy.md",
        "fixtures/meeting-notes-not-a-policy.md",
    ]);
    assert_eq!(r.code, 0, "{}", r.stdout);
}

#[test]
fn policies_glob_makes_a_readme_a_policy() {
    let mut cmd = common::bin(&root());
    cmd.env("OUTSIDEIN_TODAY", "2026-11-23");
    let r = run_with(
        cmd,
        &[
            "--no-config",
            "--format",
            "short",
            "--policies",
            "fixtures/readme-*.md",
            "fixtures/readme-not-a-policy.md",
        ],
        None,
    );
    assert!(
        r.stdout.contains("[customer-outcome/missing-owner]"),
        "{}",
        r.stdout
    );
}

#[test]
fn edge_fixtures_positions() {
    let args = [
        "fixtures/edge-crlf.md",
        "fixtures/edge-bom-multibyte.md",
        "fixtures/edge-markup.md",
        "fixtures/edge-suppression.md",
    ];
    insta::assert_snapshot!(block(&args, &lint(&args)));
}

#[test]
fn json_match_equals_source_bytes_on_every_fixture() {
    let mut cmd = common::bin(&root());
    cmd.env("OUTSIDEIN_TODAY", "2026-11-23");
    let r = run_with(cmd, &["--no-config", "--format", "json", "fixtures"], None);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let items = v.as_array().unwrap();
    assert!(items.len() > 100);
    for it in items {
        let text = std::fs::read(root().join(it["path"].as_str().unwrap())).unwrap();
        let (s, e) = (
            it["byte_start"].as_u64().unwrap() as usize,
            it["byte_end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], it["match"].as_str().unwrap().as_bytes());
        // Line and column agree with the bytes (columns count characters; a BOM is not one).
        let before = std::str::from_utf8(&text[..s]).unwrap();
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..]
            .trim_start_matches('\u{feff}')
            .chars()
            .count()
            + 1;
        assert_eq!(it["line"].as_u64().unwrap() as usize, line);
        assert_eq!(it["column"].as_u64().unwrap() as usize, col);
    }
}
