//! `outsidein test [FILES]`: run every rule's examples; failures point at
//! the example in the rule file.

use std::path::Path;

use super::{Io, Outcome, write_result};
use crate::cli::TestArgs;
use crate::config::load_rule_files;
use crate::error::Error;
use crate::lint::{Engine, RuleSettings};
use crate::rules::examples::{CaseStatus, run_rule};
use crate::rules::load::RuleBook;

pub fn run(args: &TestArgs, cwd: &Path, io: &mut Io<'_>) -> Outcome {
    let book = if args.files.is_empty() {
        match super::settings(&args.source, cwd) {
            Ok(s) => Ok(s.book),
            Err(e) => Err(e),
        }
    } else {
        load_rule_files(&args.files, cwd).and_then(|files| RuleBook::load(&files))
    };
    let book = match book {
        Ok(b) => b,
        Err(e) => {
            io.error(&e);
            return Outcome::Error;
        }
    };
    let engine = match Engine::new(book, &RuleSettings::default()) {
        Ok(e) => e,
        Err(e) => {
            io.error(&e);
            return Outcome::Error;
        }
    };
    let (mut passed, mut failed) = (0usize, 0usize);
    // Patterns compile lazily while linting; here every one must compile.
    for (pattern, e) in engine.matcher().compile_all() {
        failed += 1;
        io.error(&Error::usage(
            format!("pattern `{pattern}` does not compile: {e}"),
            Some("Simplify it: bounded repeats such as {0,200} and large classes make the automaton too big.".into()),
        ));
    }
    let mut without_examples = Vec::new();
    let mut report = String::new();
    for rule in &engine.book.rules {
        if rule.examples.flag.is_empty() && rule.examples.pass.is_empty() {
            without_examples.push(rule.id.to_string());
            continue;
        }
        let results = run_rule(&engine, rule);
        let bad: Vec<_> = results
            .iter()
            .filter(|r| r.status != CaseStatus::Pass)
            .collect();
        passed += results.len() - bad.len();
        failed += bad.len();
        let mark = if bad.is_empty() { "ok" } else { "FAILED" };
        report.push_str(&format!(
            "test {} ({} examples) ... {mark}\n",
            rule.id,
            results.len()
        ));
        for case in bad {
            let (what, label) = match &case.status {
                CaseStatus::Missing => (
                    "flag example was not flagged".to_string(),
                    "not flagged".to_string(),
                ),
                CaseStatus::Noisy(words) => (
                    format!(
                        "pass example was flagged at {}",
                        words
                            .iter()
                            .map(|w| format!("{w:?}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    "flagged".to_string(),
                ),
                CaseStatus::Wrong(detail) => (
                    format!("flag example: {detail}"),
                    "wrong match or fix".to_string(),
                ),
                CaseStatus::Pass => continue,
            };
            let problem = rule.origin.file.problem(
                case.span.clone(),
                format!("{}: {what}", case.rule),
                label,
                Some(format!("example text: {:?}", case.text)),
            );
            io.error(&Error::Yaml {
                summary: format!("{} example failed", case.rule),
                problems: vec![problem],
            });
        }
    }
    if !without_examples.is_empty() {
        report.push_str(&format!(
            "note: no examples in {}\n",
            without_examples.join(", ")
        ));
    }
    let status = if failed == 0 { "ok" } else { "FAILED" };
    report.push_str(&format!(
        "\ntest result: {status}. {passed} passed; {failed} failed\n"
    ));
    if let Err(o) = write_result(io.out.write_all(report.as_bytes())) {
        return o;
    }
    if failed > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}
