//! Reporters: one per `--format`, all reading `Finding`s. Streaming formats
//! write per file; whole-run formats buffer and write in `finish`.

mod fancy;
mod github;
mod gitlab;
mod html;
mod json;
mod junit;
mod markdown;
mod sarif;
mod short;

use std::io::{self, Write};
use std::sync::Arc;

use crate::cli::Format;
use crate::finding::Finding;
use crate::position::{LineCol, LineIndex, LineSweep};
use crate::rules::{Dimension, Rule, Severity};

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
    /// Line/column of each finding's start and end, in order. Findings
    /// sorted by start (as linting leaves them) are placed in one walk
    /// over the text; others through an index of every line.
    pub fn positions(&self) -> Positions<'_> {
        Positions {
            text: &self.text,
            findings: self.findings.iter(),
            sweep: LineSweep::new(&self.text),
            index: None,
        }
    }
}

/// The iterator of [`FileReport::positions`].
pub struct Positions<'a> {
    text: &'a str,
    findings: std::slice::Iter<'a, Finding>,
    sweep: LineSweep<'a>,
    /// Built the first time a finding starts before the one before it.
    index: Option<LineIndex>,
}

impl Iterator for Positions<'_> {
    type Item = (LineCol, LineCol);

    fn next(&mut self) -> Option<Self::Item> {
        let f = self.findings.next()?;
        if self.index.is_none() {
            if let Some(start) = self.sweep.line_col(f.span.start) {
                // The end walks on from the start, leaving the sweep there.
                if let Some(end) = self.sweep.clone().line_col(f.span.end) {
                    return Some((start, end));
                }
            }
            self.index = Some(LineIndex::new(self.text));
        }
        let idx = self.index.as_ref()?;
        Some((
            idx.line_col(self.text, f.span.start),
            idx.line_col(self.text, f.span.end),
        ))
    }
}

/// `1 file`, `2 files`; words ending in a consonant and `y` take `ies`.
pub(crate) fn plural(n: usize, w: &str) -> String {
    let form = if n == 1 {
        w.to_string()
    } else if let Some(stem) = w
        .strip_suffix('y')
        .filter(|s| !s.ends_with(['a', 'e', 'o', 'u']))
    {
        format!("{stem}ies")
    } else {
        format!("{w}s")
    };
    format!("{n} {form}")
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

/// What reporters know about a rule that runs: SARIF lists every active
/// rule in its driver, and the summary formats name and link them.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    /// `set/rule`.
    pub id: Arc<str>,
    pub description: String,
    pub help: Arc<str>,
    pub link: Option<Arc<str>>,
    /// Severity after config overrides.
    pub severity: Severity,
    pub dimension: Dimension,
    /// Texts of the rule's `flag` and `pass` examples.
    pub flag_examples: Vec<String>,
    pub pass_examples: Vec<String>,
}

impl From<&Rule> for RuleInfo {
    fn from(r: &Rule) -> Self {
        RuleInfo {
            id: Arc::clone(&r.id),
            description: r.description.clone(),
            help: Arc::clone(&r.help),
            link: r.link.clone(),
            severity: r.severity,
            dimension: r.dimension,
            flag_examples: r.examples.flag.iter().map(|e| e.text.clone()).collect(),
            pass_examples: r.examples.pass.iter().map(|e| e.text.clone()).collect(),
        }
    }
}

impl RuleInfo {
    /// A rule that is not in the rule book but produced `f` (the engine's
    /// own checks, such as unknown ids in directives).
    pub fn from_finding(f: &Finding) -> Self {
        let description = if &*f.rule == crate::lint::UNKNOWN_DIRECTIVE {
            "A suppression directive names a rule or set that does not exist.".to_string()
        } else {
            format!("Findings of {}.", f.rule)
        };
        RuleInfo {
            id: Arc::clone(&f.rule),
            description,
            help: Arc::clone(&f.help),
            link: f.link.clone(),
            severity: f.severity,
            dimension: f.dimension,
            flag_examples: Vec::new(),
            pass_examples: Vec::new(),
        }
    }
}

/// Per-document numbers for the whole-run summaries (markdown, html).
///
/// Extension point: a per-document value such as the customer-centricity
/// score goes in a field here and one entry in [`DOC_COLUMNS`]; the markdown
/// table and the sortable HTML table render every column listed there.
#[derive(Debug, Clone, Default)]
pub struct DocStats {
    pub name: String,
    pub words: usize,
    pub errors: usize,
    pub warnings: usize,
    pub suggestions: usize,
    /// Customer-centricity score: overall, then the five dimensions in
    /// `Dimension::ALL` order.
    pub score: Option<(f64, [f64; 5])>,
    /// Judged as a policy (else the score is language only).
    pub policy: bool,
}

impl DocStats {
    pub fn of(r: &FileReport) -> Self {
        let mut s = DocStats {
            name: r.name.clone(),
            words: r.words,
            policy: r.policy,
            score: r.score.as_ref().map(|sc| {
                let mut dims = [0.0; 5];
                for (slot, d) in dims.iter_mut().zip(crate::rules::Dimension::ALL) {
                    *slot = sc.dimension(d);
                }
                (sc.overall, dims)
            }),
            ..DocStats::default()
        };
        for f in &r.findings {
            match f.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Suggestion => s.suggestions += 1,
            }
        }
        s
    }

    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.suggestions
    }

    /// Findings per 1,000 words; `None` for a document without prose.
    pub fn per_thousand_words(&self) -> Option<f64> {
        (self.words > 0).then(|| self.total() as f64 * 1000.0 / self.words as f64)
    }
}

/// A value in a per-document table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    Count(usize),
    /// A number shown with one decimal.
    Decimal(f64),
    /// A 0-100 score, shown as a whole number.
    Score(f64),
    /// Not applicable (sorts last).
    None,
}

impl std::fmt::Display for Cell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cell::Count(n) => write!(f, "{n}"),
            Cell::Decimal(x) => write!(f, "{x:.1}"),
            Cell::Score(x) => write!(f, "{x:.0}"),
            Cell::None => f.write_str("–"),
        }
    }
}

/// One numeric column of the per-document tables.
pub struct DocColumn {
    /// Short header.
    pub header: &'static str,
    /// What the column means (HTML tooltip).
    pub title: &'static str,
    pub value: fn(&DocStats) -> Cell,
}

fn score_cell(d: &DocStats, i: Option<usize>) -> Cell {
    match (d.score, i) {
        (Some((overall, _)), None) => Cell::Score(overall),
        (Some((_, dims)), Some(i)) => Cell::Score(dims[i]),
        (None, _) => Cell::None,
    }
}

/// The per-document columns, after the document's name, in order.
pub const DOC_COLUMNS: &[DocColumn] = &[
    DocColumn {
        header: "Score",
        title: "Customer-centricity score, 0-100 (outsidein explain score); language only for non-policies",
        value: |d| score_cell(d, None),
    },
    DocColumn {
        header: "Strategy",
        title: "Strategy: states what the customer gets and why",
        value: |d| score_cell(d, Some(0)),
    },
    DocColumn {
        header: "People",
        title: "People: owned, no blame, no hand-offs",
        value: |d| score_cell(d, Some(1)),
    },
    DocColumn {
        header: "Process",
        title: "Process: a journey, plain active language",
        value: |d| score_cell(d, Some(2)),
    },
    DocColumn {
        header: "Tech",
        title: "Technology: more than one channel",
        value: |d| score_cell(d, Some(3)),
    },
    DocColumn {
        header: "Metrics",
        title: "Metrics: measure, baseline, feedback, review date",
        value: |d| score_cell(d, Some(4)),
    },
    DocColumn {
        header: "Errors",
        title: "Findings of severity error",
        value: |d| Cell::Count(d.errors),
    },
    DocColumn {
        header: "Warnings",
        title: "Findings of severity warning",
        value: |d| Cell::Count(d.warnings),
    },
    DocColumn {
        header: "Suggestions",
        title: "Findings of severity suggestion",
        value: |d| Cell::Count(d.suggestions),
    },
    DocColumn {
        header: "Findings",
        title: "All findings",
        value: |d| Cell::Count(d.total()),
    },
    DocColumn {
        header: "Words",
        title: "Words of prose in the document",
        value: |d| Cell::Count(d.words),
    },
    DocColumn {
        header: "Per 1k words",
        title: "Findings per 1,000 words of prose",
        value: |d| d.per_thousand_words().map_or(Cell::None, Cell::Decimal),
    },
];

/// Counts findings per rule over a run, for the "top rules" views.
#[derive(Debug, Default)]
pub struct RuleCounts {
    counts: std::collections::BTreeMap<Arc<str>, (usize, Severity)>,
}

impl RuleCounts {
    pub fn add(&mut self, r: &FileReport) {
        for f in &r.findings {
            let e = self
                .counts
                .entry(Arc::clone(&f.rule))
                .or_insert((0, f.severity));
            e.0 += 1;
            e.1 = e.1.max(f.severity);
        }
    }

    /// Rules by count, most first; ties by id. Each with its highest severity.
    pub fn ranked(&self) -> Vec<(Arc<str>, usize, Severity)> {
        let mut v: Vec<_> = self
            .counts
            .iter()
            .map(|(id, (n, s))| (Arc::clone(id), *n, *s))
            .collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v
    }
}

/// Escapes text for HTML element content and double-quoted attributes.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Percent-encodes a relative path for a URI or link: everything but
/// unreserved characters and `/`.
pub fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Builds the reporter for `format`. `rules` are the rules that run.
pub fn reporter(format: Format, opts: RenderOptions, rules: Vec<RuleInfo>) -> Box<dyn Reporter> {
    match format {
        Format::Fancy => Box::new(fancy::Fancy::new(opts)),
        Format::Short => Box::new(short::Short),
        Format::Json => Box::new(json::Json::default()),
        Format::Sarif => Box::new(sarif::Sarif::new(rules)),
        Format::Github => Box::new(github::Github),
        Format::Markdown => Box::new(markdown::Markdown::new(rules)),
        Format::Html => Box::new(html::Html::new(rules)),
        Format::Junit => Box::new(junit::Junit::default()),
        Format::Gitlab => Box::new(gitlab::Gitlab::default()),
    }
}
