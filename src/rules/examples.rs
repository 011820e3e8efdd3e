//! Running rules' own `examples`: each `flag` example must produce a finding
//! of its rule (on the pinned words, with the pinned fix) and each `pass`
//! example none. Used by `outsidein test` and by the test suite.

use crate::fix::apply_fixes;
use crate::lint::Engine;
use crate::rules::Rule;

/// The outcome of one example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseStatus {
    Pass,
    /// A flag example produced no finding of the rule.
    Missing,
    /// A pass example was flagged; the words flagged.
    Noisy(Vec<String>),
    /// Flagged, but at other words or with another fix.
    Wrong(String),
}

/// One example's result.
#[derive(Debug, Clone)]
pub struct CaseResult {
    pub rule: String,
    pub flag: bool,
    pub text: String,
    pub span: std::ops::Range<usize>,
    pub status: CaseStatus,
}

/// Runs every example of `rule` through `engine`.
pub fn run_rule(engine: &Engine, rule: &Rule) -> Vec<CaseResult> {
    let mut out = Vec::new();
    for ex in &rule.examples.flag {
        let linted = engine.lint_with(&ex.text, false, false);
        let mine: Vec<_> = linted
            .findings
            .iter()
            .filter(|f| f.rule == rule.id)
            .collect();
        let status = if mine.is_empty() {
            CaseStatus::Missing
        } else {
            let words: Vec<&str> = mine.iter().map(|f| &ex.text[f.span.range()]).collect();
            let mut status = CaseStatus::Pass;
            if let Some(m) = &ex.match_
                && !words.iter().any(|w| w == m)
            {
                status = CaseStatus::Wrong(format!(
                    "expected to underline {m:?}, underlined {}",
                    quote_list(&words)
                ));
            }
            if let (CaseStatus::Pass, Some(fixed)) = (&status, &ex.fixed) {
                let fixes: Vec<_> = mine
                    .iter()
                    .filter_map(|f| f.fix.as_deref().cloned())
                    .collect();
                let got = apply_fixes(&ex.text, &fixes);
                if &got != fixed {
                    status = CaseStatus::Wrong(format!("expected fix {fixed:?}, got {got:?}"));
                }
            }
            status
        };
        out.push(CaseResult {
            rule: rule.id.to_string(),
            flag: true,
            text: ex.text.clone(),
            span: ex.span.clone(),
            status,
        });
    }
    for ex in &rule.examples.pass {
        let linted = engine.lint_with(&ex.text, false, false);
        let words: Vec<String> = linted
            .findings
            .iter()
            .filter(|f| f.rule == rule.id)
            .map(|f| ex.text[f.span.range()].to_string())
            .collect();
        out.push(CaseResult {
            rule: rule.id.to_string(),
            flag: false,
            text: ex.text.clone(),
            span: ex.span.clone(),
            status: if words.is_empty() {
                CaseStatus::Pass
            } else {
                CaseStatus::Noisy(words)
            },
        });
    }
    out
}

fn quote_list(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| format!("{w:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}
