//! `outsidein explain RULE`: what it flags, why, an example, what to write
//! instead, and whether its fix is safe.

use std::path::Path;

use super::{Io, Outcome, write_result};
use crate::cli::ExplainArgs;
use crate::error::{Error, did_you_mean};
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
    let Some(rule) = book.rule(&args.rule) else {
        let ids: Vec<&str> = book.rules.iter().map(|r| &*r.id).collect();
        let help = did_you_mean(&args.rule, ids.iter().copied())
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
