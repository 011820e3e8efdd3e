//! `outsidein rules`: every loaded rule as a table or JSON.

use std::path::Path;

use serde::Serialize;

use super::{Io, Outcome, write_result};
use crate::cli::{ListFormat, RulesArgs};

#[derive(Serialize)]
struct RuleRow<'a> {
    id: &'a str,
    kind: &'a str,
    severity: &'a str,
    dimension: &'a str,
    description: &'a str,
}

pub fn run(args: &RulesArgs, cwd: &Path, io: &mut Io<'_>) -> Outcome {
    let settings = match super::settings(&args.source, cwd) {
        Ok(s) => s,
        Err(e) => {
            io.error(&e);
            return Outcome::Error;
        }
    };
    let rows: Vec<RuleRow<'_>> = settings
        .book
        .rules
        .iter()
        .map(|r| RuleRow {
            id: &r.id,
            kind: r.kind.name(),
            severity: r.severity.as_str(),
            dimension: r.dimension.as_str(),
            description: &r.description,
        })
        .collect();
    let out = match args.format {
        ListFormat::Json => serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n",
        ListFormat::Table => table(&rows),
    };
    match write_result(io.out.write_all(out.as_bytes())) {
        Ok(()) => Outcome::Clean,
        Err(o) => o,
    }
}

fn table(rows: &[RuleRow<'_>]) -> String {
    let headers = ["RULE", "KIND", "SEVERITY", "DIMENSION", "DESCRIPTION"];
    let cols = |r: &RuleRow<'_>| {
        [
            r.id.len(),
            r.kind.len(),
            r.severity.len(),
            r.dimension.len(),
        ]
    };
    let mut w = [
        headers[0].len(),
        headers[1].len(),
        headers[2].len(),
        headers[3].len(),
    ];
    for r in rows {
        for (i, n) in cols(r).into_iter().enumerate() {
            w[i] = w[i].max(n);
        }
    }
    let mut s = format!(
        "{:<w0$}  {:<w1$}  {:<w2$}  {:<w3$}  {}\n",
        headers[0],
        headers[1],
        headers[2],
        headers[3],
        headers[4],
        w0 = w[0],
        w1 = w[1],
        w2 = w[2],
        w3 = w[3]
    );
    for r in rows {
        s.push_str(&format!(
            "{:<w0$}  {:<w1$}  {:<w2$}  {:<w3$}  {}\n",
            r.id,
            r.kind,
            r.severity,
            r.dimension,
            r.description,
            w0 = w[0],
            w1 = w[1],
            w2 = w[2],
            w3 = w[3]
        ));
    }
    s.push_str(&format!(
        "\n{} rules. `outsidein explain RULE` shows one in full.\n",
        rows.len()
    ));
    s
}
