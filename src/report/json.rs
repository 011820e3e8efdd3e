//! `json`: an array of findings with positions and byte offsets.

use std::io::{self, Write};

use serde::Serialize;

use super::{FileReport, Reporter, Summary};

#[derive(Serialize)]
pub struct JsonFix {
    pub replacement: String,
    pub safety: crate::rules::FixSafety,
}

#[derive(Serialize)]
pub struct JsonFinding {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    pub rule: String,
    pub severity: crate::rules::Severity,
    pub dimension: crate::rules::Dimension,
    pub message: String,
    pub help: String,
    #[serde(rename = "match")]
    pub match_: String,
    pub fix: Option<JsonFix>,
}

#[derive(Default)]
pub struct Json {
    items: Vec<JsonFinding>,
}

pub fn findings(r: &FileReport) -> Vec<JsonFinding> {
    r.findings
        .iter()
        .zip(r.positions())
        .map(|(f, (s, e))| JsonFinding {
            path: r.name.clone(),
            line: s.line,
            column: s.column,
            end_line: e.line,
            end_column: e.column,
            byte_start: f.span.start,
            byte_end: f.span.end,
            rule: f.rule.to_string(),
            severity: f.severity,
            dimension: f.dimension,
            message: f.message.clone(),
            help: f.help.to_string(),
            match_: r.text.get(f.span.range()).unwrap_or("").to_string(),
            fix: f.fix.as_ref().map(|x| JsonFix {
                replacement: x.replacement.clone(),
                safety: x.safety,
            }),
        })
        .collect()
}

impl Reporter for Json {
    fn file(&mut self, _out: &mut dyn Write, r: &FileReport) -> io::Result<()> {
        self.items.extend(findings(r));
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _s: &Summary) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &self.items)?;
        writeln!(out)
    }
}
