//! Every built-in rule runs its own examples, and carries the docs a user
//! reads in `outsidein explain`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use outsidein::error::YamlSource;
use outsidein::lint::{Engine, RuleSettings};
use outsidein::rules::builtin;
use outsidein::rules::examples::{CaseStatus, run_rule};
use outsidein::rules::load::RuleBook;

fn set(file: &str) -> Engine {
    let (name, text) = builtin::SETS
        .iter()
        .find(|(f, _)| *f == file)
        .expect("built-in set exists");
    let book = RuleBook::load(&[YamlSource::new(*name, *text)]).unwrap_or_else(|e| panic!("{e:?}"));
    Engine::new(book, &RuleSettings::default())
        .unwrap()
        .with_today((2026, 11, 23))
}

fn run_examples(file: &str) {
    let e = set(file);
    let mut failures = Vec::new();
    for rule in &e.book.rules {
        for case in run_rule(&e, rule) {
            if case.status != CaseStatus::Pass {
                failures.push(format!(
                    "{}: {:?} on {:?}",
                    case.rule, case.status, case.text
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "failing examples:\n{}",
        failures.join("\n")
    );
}

fn check_docs(file: &str) {
    let e = set(file);
    assert!(!e.book.rules.is_empty());
    for r in &e.book.rules {
        assert!(
            r.help.len() >= 40,
            "{}: help should say why and what to write instead",
            r.id
        );
        assert!(!r.description.is_empty(), "{}: no description", r.id);
        assert!(
            r.examples.flag.len() >= 2,
            "{}: needs at least two flag examples",
            r.id
        );
        assert!(
            r.examples.pass.len() >= 2,
            "{}: needs at least two pass examples",
            r.id
        );
        let name = r.id.split('/').nth(1).unwrap();
        for bad in ["no-", "avoid-", "bad-"] {
            assert!(
                !name.starts_with(bad),
                "{}: name the thing flagged, not the fix",
                r.id
            );
        }
    }
}

#[test]
fn process_voice_examples() {
    run_examples("process-voice.yml");
}

#[test]
fn customer_outcome_examples() {
    run_examples("customer-outcome.yml");
}

#[test]
fn readability_examples() {
    run_examples("readability.yml");
}

#[test]
fn every_builtin_rule_is_documented() {
    for (file, _) in builtin::SETS {
        check_docs(file);
    }
}

#[test]
fn the_catalogue_families_are_all_built_in() {
    // Perspective judgements live in process-voice; wording advice that is
    // right whatever the sentence's perspective (passive, legal drafting,
    // the organisation in the third person) lives in readability, and a time
    // promise with no number in customer-outcome. Each keeps its old id as
    // `formerly`, so configs and directives written for it still work.
    let e = set("process-voice.yml");
    let pv: Vec<&str> = e.book.rules.iter().map(|r| &*r.id).collect();
    for id in [
        "process-voice/process-first-sentence",
        "process-voice/obligation-without-reason",
        "process-voice/blame",
        "process-voice/liability-shift",
        "process-voice/internal-handoff",
        "process-voice/policy-as-reason",
        "process-voice/form-code",
    ] {
        assert!(pv.contains(&id), "missing {id}");
    }
    let r = set("readability.yml");
    let c = set("customer-outcome.yml");
    for (book, old, now) in [
        (
            &r.book,
            "process-voice/agentless-passive",
            "readability/agentless-passive",
        ),
        (&r.book, "process-voice/legalese", "readability/legalese"),
        (
            &r.book,
            "process-voice/legal-drafting",
            "readability/legal-drafting",
        ),
        (
            &r.book,
            "process-voice/organisation-as-subject",
            "readability/organisation-as-subject",
        ),
        (
            &c.book,
            "process-voice/vague-time",
            "customer-outcome/vague-time",
        ),
    ] {
        assert_eq!(book.renamed(old), Some(now), "{old}");
    }
}

#[test]
fn a_rule_whose_example_no_longer_matches_fails_outsidein_test() {
    // `outsidein test` on a rule file with a stale example: exit 1, naming it.
    let t = tempfile::tempdir().unwrap();
    let rules = "name: house\nrules:\n  legalese:\n    kind: substitution\n    message: x\n    help: Say it plainly, so readers see what happens.\n    swap: {pursuant to: under}\n    examples:\n      flag:\n        - \"Refunds are paid prior to dispatch.\"\n      pass:\n        - \"We pay you before we send it.\"\n";
    std::fs::write(t.path().join("house.yml"), rules).unwrap();
    let out = assert_cmd::Command::cargo_bin("outsidein")
        .unwrap()
        .current_dir(t.path())
        .env("NO_COLOR", "1")
        .args(["test", "house.yml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stdout.contains("test house/legalese (2 examples) ... FAILED"),
        "{stdout}"
    );
    assert!(
        stdout.contains("test result: FAILED. 1 passed; 1 failed"),
        "{stdout}"
    );
    assert!(
        stderr.contains("house/legalese: flag example was not flagged"),
        "{stderr}"
    );
    assert!(
        stderr.contains("house.yml:10:"),
        "points at the example's line: {stderr}"
    );
}

#[test]
fn outsidein_test_passes_on_every_builtin_set() {
    let out = assert_cmd::Command::cargo_bin("outsidein")
        .unwrap()
        .env("NO_COLOR", "1")
        .env("OUTSIDEIN_TODAY", "2026-11-23")
        .args(["test", "--no-config"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("test result: ok."), "{stdout}");
}
