//! Reporters: one per `--format`, all reading `Finding`s. Streaming formats
//! write per file; whole-run formats buffer and write in `finish`.

mod fancy;
mod json;
mod short;

use std::io::{self, Write};
use std::sync::Arc;

use crate::cli::Format;
use crate::finding::Finding;
use crate::position::{LineCol, LineIndex};
use crate::rules::Severity;

pub use fancy::render_finding;

/// One file's results, as reporters see them.
#[derive(Debug)]
pub struct FileReport {
    pub name: String,
    pub text: Arc<str>,
    pub findings: Vec<Finding>,
    pub words: usize,
    /// Whether the document was judged as a policy.
    pub policy: bool,
    /// The customer-centricity score.
    pub score: Option<crate::score::DocScore>,
}

impl FileReport {
    /// Line/column of each finding's start and end, computed once.
    pub fn positions(&self) -> Vec<(LineCol, LineCol)> {
        if self.findings.is_empty() {
            return Vec::new();
        }
        let idx = LineIndex::new(&self.text);
        self.findings
            .iter()
            .map(|f| {
                (
                    idx.line_col(&self.text, f.span.start),
                    idx.line_col(&self.text, f.span.end),
                )
            })
            .collect()
    }
}

/// Totals over a run.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    pub files: usize,
    pub files_with_findings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub suggestions: usize,
    /// Files that could not be read.
    pub unreadable: usize,
    pub fixed: usize,
}

impl Summary {
    pub fn add(&mut self, r: &FileReport) {
        self.files += 1;
        if !r.findings.is_empty() {
            self.files_with_findings += 1;
        }
        for f in &r.findings {
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Suggestion => self.suggestions += 1,
            }
        }
    }

    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.suggestions
    }

    /// `12 problems (3 errors, 9 warnings) in 4 of 120 files`.
    pub fn line(&self) -> String {
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        let files = plural(self.files, "file");
        let mut s = if self.total() == 0 {
            format!("No problems in {files}")
        } else {
            let mut parts = Vec::new();
            if self.errors > 0 {
                parts.push(plural(self.errors, "error"));
            }
            if self.warnings > 0 {
                parts.push(plural(self.warnings, "warning"));
            }
            if self.suggestions > 0 {
                parts.push(plural(self.suggestions, "suggestion"));
            }
            format!(
                "{} ({}) in {} of {files}",
                plural(self.total(), "problem"),
                parts.join(", "),
                self.files_with_findings
            )
        };
        if self.fixed > 0 {
            s.push_str(&format!("; fixed {}", plural(self.fixed, "problem")));
        }
        if self.unreadable > 0 {
            s.push_str(&format!(
                "; {} could not be read",
                plural(self.unreadable, "file")
            ));
        }
        s
    }
}

/// How to render for this output.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    pub color: bool,
    pub width: usize,
    /// Terminal hyperlinks for rule links.
    pub links: bool,
}

pub trait Reporter {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()>;
    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()>;
}

pub fn reporter(format: Format, opts: RenderOptions) -> Box<dyn Reporter> {
    match format {
        Format::Fancy => Box::new(fancy::Fancy::new(opts)),
        Format::Short => Box::new(short::Short),
        Format::Json => Box::new(json::Json::default()),
    }
}
