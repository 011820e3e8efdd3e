//! `outsidein score`: the customer-centricity score per document, worst
//! first, and the repository's word-weighted score; a gate for CI.

use std::path::Path;

use serde::Serialize;

use super::check::{Pipeline, collect_inputs, lint_inputs};
use super::{Io, Outcome, write_result};
use crate::cli::{ListFormat, ScoreArgs};
use crate::config::Overrides;
use crate::report::FileReport;
use crate::rules::Dimension;
use crate::score::{Aggregate, DocScore, aggregate};

#[derive(Serialize)]
struct JsonDoc<'a> {
    path: &'a str,
    #[serde(flatten)]
    score: &'a DocScore,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    documents: Vec<JsonDoc<'a>>,
    repository: Option<Aggregate>,
}

pub fn run(args: &ScoreArgs, cwd: &Path, io: &mut Io<'_>) -> Outcome {
    let overrides = Overrides {
        config: args.source.config.clone(),
        no_config: args.source.no_config,
        rules: args.source.rules.clone(),
        policies: args.walk.policies.clone(),
        ..Overrides::default()
    };
    let settings = match super::resolve(cwd, &overrides, io) {
        Ok(s) => s,
        Err(o) => return o,
    };
    // Left to the process's end, as `check` leaves it.
    let engine = match super::engine(&settings, io) {
        Ok(e) => std::mem::ManuallyDrop::new(e),
        Err(o) => return o,
    };
    let pipeline = Pipeline {
        paths: &args.paths,
        walk: &args.walk,
        stdin_filename: None,
        fix: false,
        score: true,
    };
    let (inputs, mut had_error) = collect_inputs(cwd, &settings, &pipeline, io);
    let mut reports: Vec<FileReport> = Vec::new();
    let mut errors = Vec::new();
    let linted = lint_inputs(cwd, &settings, &engine, &inputs, &pipeline, &mut |r| {
        match r {
            // Scores need no text or findings once computed (but --explain
            // quotes them); keep the rest small.
            Ok((mut report, _)) => {
                if !args.explain {
                    report.text = std::sync::Arc::from("");
                    report.findings = Vec::new();
                }
                reports.push(report);
            }
            Err(e) => errors.push(e),
        }
        Ok(())
    });
    for e in &errors {
        had_error = true;
        io.error(e);
    }
    if let Err(Err(e)) = linted {
        io.error(&e);
        return Outcome::Error;
    }
    // Worst first; ties by name so the order is stable.
    reports.sort_by(|a, b| {
        let sa = a.score.as_ref().map_or(0.0, |s| s.overall);
        let sb = b.score.as_ref().map_or(0.0, |s| s.overall);
        b.policy
            .cmp(&a.policy)
            .then(sa.total_cmp(&sb))
            .then(a.name.cmp(&b.name))
    });
    let scores: Vec<&DocScore> = reports.iter().filter_map(|r| r.score.as_ref()).collect();
    let repo = aggregate(&scores);
    let text = match args.format {
        ListFormat::Json => {
            let out = JsonOut {
                documents: reports
                    .iter()
                    .filter_map(|r| {
                        r.score.as_ref().map(|s| JsonDoc {
                            path: &r.name,
                            score: s,
                        })
                    })
                    .collect(),
                repository: repo.clone(),
            };
            serde_json::to_string_pretty(&out).unwrap_or_default() + "\n"
        }
        ListFormat::Table => table(&reports, repo.as_ref(), args.explain),
    };
    if let Err(o) = write_result(io.out.write_all(text.as_bytes())) {
        return o;
    }
    if had_error {
        return Outcome::Error;
    }
    let below = match (args.min_score, args.aggregate) {
        (Some(min), true) => repo.as_ref().is_some_and(|r| r.overall < min),
        (Some(min), false) => scores.iter().any(|s| s.policy && s.overall < min),
        (None, _) => false,
    };
    if below {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

fn short(d: Dimension) -> &'static str {
    match d {
        Dimension::Strategy => "STRATEGY",
        Dimension::People => "PEOPLE",
        Dimension::Process => "PROCESS",
        Dimension::Technology => "TECH",
        Dimension::Metrics => "METRICS",
    }
}

fn table(reports: &[FileReport], repo: Option<&Aggregate>, explain: bool) -> String {
    let w = reports
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(8)
        .max(8);
    let mut s = format!("{:<w$}", "DOCUMENT");
    for d in Dimension::ALL {
        s.push_str(&format!("  {:>8}", short(d)));
    }
    s.push_str(&format!("  {:>7}\n", "OVERALL"));
    let mut non_policies = 0;
    for r in reports {
        let Some(sc) = &r.score else { continue };
        s.push_str(&format!("{:<w$}", r.name));
        for d in Dimension::ALL {
            s.push_str(&format!("  {:>8.0}", sc.dimension(d)));
        }
        s.push_str(&format!("  {:>7.0}", sc.overall));
        if !sc.policy {
            non_policies += 1;
            s.push_str("  (not a policy: language only)");
        }
        s.push('\n');
        if explain {
            s.push_str(&explain_doc(r, sc));
        }
    }
    s.push('\n');
    match repo {
        Some(a) => {
            s.push_str(&format!(
                "Repository: {:.0} overall over {} {} ({} words, word-weighted)",
                a.overall,
                a.policies,
                if a.policies == 1 {
                    "policy"
                } else {
                    "policies"
                },
                a.words
            ));
            let dims: Vec<String> = a
                .dimensions
                .iter()
                .map(|(d, v)| format!("{d} {v:.0}"))
                .collect();
            s.push_str(&format!(": {}.\n", dims.join(", ")));
        }
        None => s.push_str("Repository: no policies found, so no repository score.\n"),
    }
    if non_policies > 0 {
        s.push_str(&format!(
            "{non_policies} document{} scored on language only (not policies; see --policies).\n",
            if non_policies == 1 { "" } else { "s" }
        ));
    }
    s.push_str(
        "`outsidein explain score` describes the formula; --explain lists every point lost.\n",
    );
    s
}

/// Every point a document lost, per dimension, with the finding behind it.
fn explain_doc(r: &FileReport, sc: &DocScore) -> String {
    let idx = crate::position::LineIndex::new(&r.text);
    let mut s = String::new();
    for d in &sc.dimensions {
        if d.losses.is_empty() {
            continue;
        }
        s.push_str(&format!(
            "    {} {:.0}/100: structure {:.0}/{:.0} points, {:.1} severity points per 1,000 words\n",
            d.dimension, d.score, d.structure_earned, d.structure_possible, d.density
        ));
        for l in &d.losses {
            let f = &r.findings[l.finding];
            let at = idx.line_col(&r.text, f.span.start);
            s.push_str(&format!(
                "      -{:>4.1}  {}:{}  [{}] {}\n",
                l.points, at.line, at.column, l.rule, f.message
            ));
        }
    }
    s
}
