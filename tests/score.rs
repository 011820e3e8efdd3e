//! The customer-centricity score orders documents the way the design says.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{bin, root, run_with};

const DIMS: [&str; 5] = ["strategy", "people", "process", "technology", "metrics"];

/// path -> (overall, dimension -> score), via `outsidein score --format json`.
fn scores(dir: &Path, files: &[&str]) -> BTreeMap<String, (f64, BTreeMap<String, f64>)> {
    let mut cmd = bin(dir);
    cmd.env("OUTSIDEIN_TODAY", "2026-11-23");
    let mut args = vec!["score", "--no-config", "--format", "json"];
    args.extend_from_slice(files);
    let r = run_with(cmd, &args, None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let dims = d["dimensions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| {
                    (
                        x["dimension"].as_str().unwrap().to_string(),
                        x["score"].as_f64().unwrap(),
                    )
                })
                .collect();
            (
                d["path"].as_str().unwrap().to_string(),
                (d["overall"].as_f64().unwrap(), dims),
            )
        })
        .collect()
}

#[test]
fn customer_first_twins_score_above_process_first() {
    for p in ["refunds", "complaints", "account-closure", "data-requests"] {
        let good = format!("fixtures/{p}-customer-first.md");
        let bad = format!("fixtures/{p}-process-first.md");
        let s = scores(&root(), &[&good, &bad]);
        let (g, gd) = &s[&good];
        let (b, bd) = &s[&bad];
        assert!(g > b, "{p}: overall {g} vs {b}");
        for d in DIMS {
            assert!(gd[d] >= bd[d], "{p}: {d} {} < {}", gd[d], bd[d]);
        }
        // The twins differ most in what they state for the customer and how
        // the process reads: both dimensions are strictly higher.
        assert!(gd["strategy"] > bd["strategy"], "{p} strategy");
        assert!(gd["process"] > bd["process"], "{p} process");
    }
}

const HOLLOW: &str = "---\ntype: policy\nowner: Head of Service\nreview_date: 2027-06-30\n---\n# Parking permits policy\n\nWe value every resident and we are proud of our parking service.\nOur team works hard every day to keep the borough moving.\n\n## Our approach\n\nWe believe in fairness, respect and teamwork in everything we do.\nWe work closely with partners across the borough and beyond.\n\n## How it works\n\n1. Apply online or by phone on 0300 123 4567.\n2. We check the address with the electoral register.\n3. The permit is posted within 5 working days.\n";

fn with_added(section: &str) -> BTreeMap<String, f64> {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("before.md"), HOLLOW).unwrap();
    std::fs::write(t.path().join("after.md"), format!("{HOLLOW}\n{section}")).unwrap();
    let s = scores(t.path(), &["before.md", "after.md"]);
    let (_, before) = &s["before.md"];
    let (_, after) = &s["after.md"];
    DIMS.iter()
        .map(|d| (d.to_string(), after[*d] - before[*d]))
        .collect()
}

/// The dimension that rose, with no other dimension lower.
fn only_raises(delta: &BTreeMap<String, f64>, dim: &str) {
    assert!(
        delta[dim] > 5.0,
        "{dim} rose only {}: {delta:?}",
        delta[dim]
    );
    for d in DIMS {
        assert!(delta[d] >= -1e-9, "{d} fell: {delta:?}");
        if d != dim {
            assert!(
                delta[d] <= delta[dim],
                "{d} rose more than {dim}: {delta:?}"
            );
        }
    }
}

#[test]
fn adding_an_outcome_section_raises_strategy() {
    only_raises(
        &with_added(
            "## What you get\n\nYou can park in any bay in your zone, and you will get a reminder a month before your permit ends.\n",
        ),
        "strategy",
    );
}

#[test]
fn adding_a_measure_raises_metrics() {
    only_raises(
        &with_added(
            "## How we measure success\n\nWe aim to post 95% of permits within 5 working days; last year we posted 88% within 5 days.\n",
        ),
        "metrics",
    );
}

#[test]
fn adding_an_owner_raises_people() {
    let hollow_no_owner = HOLLOW.replace("owner: Head of Service\n", "");
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("before.md"), &hollow_no_owner).unwrap();
    std::fs::write(
        t.path().join("after.md"),
        format!("{hollow_no_owner}\n## Who owns this policy\n\nThe Head of Parking Services owns this policy.\n"),
    )
    .unwrap();
    let s = scores(t.path(), &["before.md", "after.md"]);
    let delta: BTreeMap<String, f64> = DIMS
        .iter()
        .map(|d| (d.to_string(), s["after.md"].1[*d] - s["before.md"].1[*d]))
        .collect();
    only_raises(&delta, "people");
}

#[test]
fn a_documents_score_does_not_depend_on_the_other_files() {
    let alone = scores(&root(), &["fixtures/refunds-process-first.md"]);
    let crowd = scores(&root(), &["fixtures"]);
    let a = &alone["fixtures/refunds-process-first.md"];
    let b = &crowd["fixtures/refunds-process-first.md"];
    assert_eq!(a.0, b.0);
    assert_eq!(a.1, b.1);
}

#[test]
fn non_policies_are_scored_on_language_only() {
    let s = scores(&root(), &["fixtures/readme-not-a-policy.md"]);
    let (overall, dims) = &s["fixtures/readme-not-a-policy.md"];
    assert_eq!(*overall, 100.0);
    assert!(dims.values().all(|v| *v == 100.0));
}

#[test]
fn min_score_gates_ci() {
    let mut cmd = bin(&root());
    cmd.env("OUTSIDEIN_TODAY", "2026-11-23");
    let r = run_with(
        cmd,
        &[
            "score",
            "--no-config",
            "--min-score",
            "50",
            "fixtures/refunds-process-first.md",
        ],
        None,
    );
    assert_eq!(r.code, 1, "{}", r.stdout);
    let mut cmd = bin(&root());
    cmd.env("OUTSIDEIN_TODAY", "2026-11-23");
    let r = run_with(
        cmd,
        &[
            "score",
            "--no-config",
            "--min-score",
            "50",
            "fixtures/refunds-customer-first.md",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
    // The repository gate uses the word-weighted overall.
    let mut cmd = bin(&root());
    cmd.env("OUTSIDEIN_TODAY", "2026-11-23");
    let r = run_with(
        cmd,
        &[
            "score",
            "--no-config",
            "--min-score",
            "50",
            "--aggregate",
            "fixtures/refunds-customer-first.md",
            "fixtures/refunds-process-first.md",
        ],
        None,
    );
    assert!(r.stdout.contains("Repository: "), "{}", r.stdout);
    assert_eq!(r.code, 0, "{}", r.stdout);
}

#[test]
fn explain_lists_every_point_lost() {
    let mut cmd = bin(&root());
    cmd.env("OUTSIDEIN_TODAY", "2026-11-23");
    let r = run_with(
        cmd,
        &[
            "score",
            "--no-config",
            "--explain",
            "fixtures/hollow-service-charter.md",
        ],
        None,
    );
    insta::assert_snapshot!(r.stdout);
    // Each dimension's losses add up to what it lost.
    let s = scores(&root(), &["fixtures/hollow-service-charter.md"]);
    assert!((s["fixtures/hollow-service-charter.md"].1["people"] - 40.0).abs() < 1e-9);
}
