//! `outsidein explain RULE`: what it flags, why, an example, what to write
//! instead, and whether its fix is safe.

use std::path::Path;

use super::{Io, Outcome, write_result};
use crate::cli::ExplainArgs;
use crate::error::Error;
use crate::rules::{FixSafety, Kind};

pub fn run(args: &ExplainArgs, cwd: &Path, io: &mut Io<'_>) -> Outcome {
    let settings = match super::settings(&args.source, cwd) {
        Ok(s) => s,
        Err(e) => {
            io.error(&e);
            return Outcome::Error;
        }
    };
    let book = &settings.book;
    if args.rule == "score" {
        let text = explain_score(&settings);
        return match write_result(io.out.write_all(text.as_bytes())) {
            Ok(()) => Outcome::Clean,
            Err(o) => o,
        };
    }
    let Some(rule) = book
        .rule(&args.rule)
        .or_else(|| book.renamed(&args.rule).and_then(|now| book.rule(now)))
    else {
        let help = book
            .suggest(&args.rule, &[])
            .map(|b| format!("did you mean `{b}`?"))
            .or(Some("`outsidein rules` lists every rule id.".into()));
        io.error(&Error::usage(format!("unknown rule `{}`", args.rule), help));
        return Outcome::Error;
    };
    let mut s = String::new();
    s.push_str(&format!("{}\n{}\n\n", rule.id, "=".repeat(rule.id.len())));
    s.push_str(&format!(
        "kind: {}   severity: {}   dimension: {}\n\n",
        rule.kind.name(),
        rule.severity,
        rule.dimension
    ));
    s.push_str("What it flags\n-------------\n");
    s.push_str(&format!("{}\n\n", rule.description));
    s.push_str("Why it matters\n--------------\n");
    s.push_str(&format!("{}\n\n", rule.help));
    if !rule.examples.flag.is_empty() {
        s.push_str("Example (flagged)\n-----------------\n");
        for ex in &rule.examples.flag {
            s.push_str(&indent(&ex.text));
            if let Some(m) = &ex.match_ {
                s.push_str(&format!("    (flags: {m})\n"));
            }
            if let Some(fixed) = &ex.fixed {
                s.push_str(&format!("    fixed: {}\n", fixed.trim_end()));
            }
            s.push('\n');
        }
    }
    if !rule.examples.pass.is_empty() {
        s.push_str("Instead (not flagged)\n---------------------\n");
        for ex in &rule.examples.pass {
            s.push_str(&indent(&ex.text));
            s.push('\n');
        }
    }
    s.push_str("Fix safety\n----------\n");
    s.push_str(match &rule.kind {
        Kind::Substitution {
            fix: Some(FixSafety::Safe),
            ..
        } => "Safe: `outsidein check --fix` applies the replacement where the words are plain text.\n",
        Kind::Substitution {
            fix: Some(FixSafety::Unsafe),
            ..
        } => "Unsafe: the replacement is shown as a suggestion; `--fix` leaves it for you to decide.\n",
        _ => "No automatic fix: rewrite the sentence from the reader's side.\n",
    });
    if let Some(link) = &rule.link {
        s.push_str(&format!("\nMore: {link}\n"));
    }
    s.push_str(&format!("\nDefined in {}\n", rule.origin.file.name));
    match write_result(io.out.write_all(s.as_bytes())) {
        Ok(()) => Outcome::Clean,
        Err(o) => o,
    }
}

fn indent(text: &str) -> String {
    text.trim_end()
        .lines()
        .map(|l| {
            if l.is_empty() {
                "\n".to_string()
            } else {
                format!("    {l}\n")
            }
        })
        .collect()
}

/// The score's formula with the weights in force, and what it leaves out.
fn explain_score(settings: &crate::config::Settings) -> String {
    use crate::rules::Dimension;
    let c = &settings.score;
    let mut s = String::from(SCORE_FORMULA);
    s.push_str("Weights in force (rules/scoring.yml, overridden by `score:` in config)\n");
    s.push_str(&format!("  S (structure_share) = {}\n", c.structure_share));
    s.push_str(&format!(
        "  severity points: error {}, warning {}, suggestion {}\n",
        c.severity_weights.error, c.severity_weights.warning, c.severity_weights.suggestion
    ));
    s.push_str(&format!(
        "  tau = {}, words_floor = {}, sentence_cap = {}, m (min_share) = {}\n",
        c.tau, c.words_floor, c.sentence_cap, c.min_share
    ));
    let dims: Vec<String> = Dimension::ALL
        .iter()
        .map(|&d| format!("{d} {}", c.dimension_weights.get(d)))
        .collect();
    s.push_str(&format!(
        "  dimension weights: {}\n\nStructural points\n",
        dims.join(", ")
    ));
    for d in Dimension::ALL {
        let rules: Vec<String> = settings
            .book
            .rules
            .iter()
            .filter(|r| r.dimension == d)
            .filter_map(|r| r.points.map(|p| format!("{} {p}", r.id)))
            .collect();
        if !rules.is_empty() {
            s.push_str(&format!("  {d}: {}\n", rules.join(", ")));
        }
    }
    s.push_str(SCORE_LIMITS);
    s
}

const SCORE_FORMULA: &str = r#"Customer-centricity score
=========================

Each document gets 0-100 in five dimensions (strategy, people, process,
technology, metrics) and overall. Every rule names its dimension.

  policies:   dimension = 100 x (S x structure + (1 - S) x language)
  others:     dimension = 100 x language   (a README is never marked down
                                            for lacking an owner)

  structure  = points earned / points possible, over the structural rules of
               the dimension (rules with `points:`). A missing section loses
               all its rule's points; a rule judged per section
               (missing-outcome) loses its points in proportion to the
               sections that fail.
  language   = exp(-density / tau), density = severity points of the
               dimension's language findings per 1,000 words, at most
               `sentence_cap` points per sentence, documents shorter than
               `words_floor` counted as that long.
  overall    = (1 - m) x weighted mean of the dimensions
               + m x the weakest dimension, so a neglected dimension shows.
  repository = word-weighted mean of the policies' scores.

"#;

const SCORE_LIMITS: &str = r#"
Every point lost is listed, with its finding, by `outsidein score --explain`.

What it does not measure
  - The service, only the text: a policy can promise 5 days and take 50.
  - Whether the stated measures are the right ones, or are met.
  - Headings and boilerplate can game the structure part; the body tests (a
    number, a benefit, a channel and what changes) raise the cost of gaming.
  - The weights are judgements until fitted to rated policies: tune them in
    config, and compare documents, not teams.
"#;
