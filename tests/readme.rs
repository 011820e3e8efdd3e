//! The README stays true: its rule-file examples load and behave as it says.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{bin, root, run_with};

fn readme() -> String {
    std::fs::read_to_string(root().join("README.md")).unwrap()
}

/// The YAML code blocks of the README.
fn yaml_blocks() -> Vec<String> {
    let text = readme();
    let mut out = Vec::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find("```yaml\n") {
        rest = &rest[i + 8..];
        let end = rest.find("```").unwrap();
        out.push(rest[..end].to_string());
        rest = &rest[end + 3..];
    }
    out
}

#[test]
fn the_full_rule_file_example_passes_its_own_tests() {
    let block = yaml_blocks()
        .into_iter()
        .find(|b| b.starts_with("name: house-style"))
        .unwrap();
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("house-style.yml"), block).unwrap();
    let r = run_with(bin(t.path()), &["test", "house-style.yml"], None);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("test result: ok. 3 passed; 0 failed"),
        "{}",
        r.stdout
    );
}

#[test]
fn every_kind_example_loads_and_behaves_as_described() {
    let rules: String = yaml_blocks()
        .into_iter()
        .filter(|b| b.starts_with("  "))
        .collect();
    let t = tempfile::tempdir().unwrap();
    std::fs::write(
        t.path().join("readme.yml"),
        format!("name: readme\nrules:\n{rules}"),
    )
    .unwrap();
    let r = run_with(
        bin(t.path()),
        &["rules", "--no-config", "--rules", "readme.yml"],
        None,
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    for kind in [
        "existence",
        "occurrence",
        "conditional",
        "ratio",
        "section",
        "front-matter",
        "metric",
        "sentence",
    ] {
        assert!(
            r.stdout.contains(kind),
            "the README shows no {kind} example"
        );
    }
    let flags = |text: &str| {
        std::fs::write(t.path().join("t.md"), text).unwrap();
        let r = run_with(
            bin(t.path()),
            &[
                "--no-config",
                "--rules",
                "readme.yml",
                "--format",
                "short",
                "t.md",
            ],
            None,
        );
        r.stdout.lines().filter(|l| l.contains("[readme/")).count()
    };
    // The sentences the README quotes as flagged and passed.
    assert_eq!(flags("We will reply in due course.\n"), 1);
    assert_eq!(flags("We will reply within 5 working days.\n"), 0);
    assert_eq!(flags("You must bring ID.\n"), 1);
    assert_eq!(flags("You must bring ID so we can check it is you.\n"), 0);
    assert_eq!(flags("Claims are logged by the claims team.\n"), 1);
    assert_eq!(flags("Claims are logged so that you can track them.\n"), 0);
    assert_eq!(
        flags("Claims are logged by the claims team, not because you asked.\n"),
        1
    );
    assert_eq!(flags("Are claims logged by the claims team?\n"), 0);
    assert_eq!(flags("Each claim must quote the order number.\n"), 1);
    assert_eq!(flags("We check that each claim must be paid.\n"), 0);
}

#[test]
fn the_two_commands_are_in_the_readme_and_ci() {
    let text = readme();
    assert!(text.contains(
        "cargo install --locked --path . && outsidein fixtures/refunds-process-first.md"
    ));
    assert!(text.contains("bash scripts/test.sh"));
    let ci = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    assert!(
        ci.lines().any(|l| l.trim() == "bash scripts/test.sh"),
        "{ci}"
    );
    assert!(ci.contains("cargo fmt --check"));
    assert!(ci.contains("-- -D warnings"));
}
