//! `markdown`: a summary for a CI step summary (`$GITHUB_STEP_SUMMARY`):
//! totals by severity, a table of files, the top rules, and findings grouped
//! by file in collapsed sections with line links.
//!
//! Stays readable with thousands of findings: at most [`MAX_FILES`] files in
//! the table and in the findings, [`MAX_FINDINGS_PER_FILE`] findings each,
//! and a count of what was left out. Everything taken from documents, rules
//! and paths is escaped, so it renders as text and never as markup.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::Arc;

use super::{
    DOC_COLUMNS, DocStats, FileReport, Reporter, RuleCounts, RuleInfo, Summary, escape_html,
    percent_encode_path, plural,
};

/// Files shown in the table and in the findings.
pub const MAX_FILES: usize = 50;
/// Findings listed per file.
pub const MAX_FINDINGS_PER_FILE: usize = 20;
/// Rules in "Top rules".
pub const MAX_RULES: usize = 10;

pub struct Markdown {
    rules: HashMap<Arc<str>, RuleInfo>,
    counts: RuleCounts,
    /// Files with findings, each with its first findings already rendered.
    files: Vec<(DocStats, Vec<String>)>,
}

impl Markdown {
    pub fn new(rules: Vec<RuleInfo>) -> Self {
        Markdown {
            rules: rules.into_iter().map(|r| (Arc::clone(&r.id), r)).collect(),
            counts: RuleCounts::default(),
            files: Vec::new(),
        }
    }
}

/// Escapes text for inline Markdown (list items, table cells): one line;
/// `<`, `>` and `&` as entities; punctuation that Markdown (or GitHub)
/// would act on backslashed, which includes `|` for tables.
pub fn escape_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut prev_cr = false;
    for c in s.chars() {
        match c {
            '\r' => out.push(' '),
            '\n' if prev_cr => {}
            '\n' => out.push(' '),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // `#` and `@` would link issues and people; `$` starts maths.
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '#' | '|' | '~' | '@' | '$' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        prev_cr = c == '\r';
    }
    out
}

/// A relative link to a line of a file: `path#Lline`.
fn line_link(name: &str, line: usize) -> String {
    format!("{}#L{line}", percent_encode_path(name))
}

/// `3 errors, 2 warnings` (only the non-zero ones).
fn severity_counts(d: &DocStats) -> String {
    let mut parts = Vec::new();
    if d.errors > 0 {
        parts.push(plural(d.errors, "error"));
    }
    if d.warnings > 0 {
        parts.push(plural(d.warnings, "warning"));
    }
    if d.suggestions > 0 {
        parts.push(plural(d.suggestions, "suggestion"));
    }
    parts.join(", ")
}

impl Reporter for Markdown {
    fn file(&mut self, _out: &mut dyn Write, r: &FileReport) -> io::Result<()> {
        if r.findings.is_empty() {
            return Ok(());
        }
        self.counts.add(r);
        for f in &r.findings {
            if !self.rules.contains_key(&f.rule) {
                self.rules
                    .insert(Arc::clone(&f.rule), RuleInfo::from_finding(f));
            }
        }
        let lines = r
            .findings
            .iter()
            .zip(r.positions())
            .take(MAX_FINDINGS_PER_FILE)
            .map(|(f, (start, _))| {
                format!(
                    "- **{}** [line {}:{}]({}) {}: {}",
                    f.severity,
                    start.line,
                    start.column,
                    line_link(&r.name, start.line),
                    escape_inline(&f.rule),
                    escape_inline(&f.message),
                )
            })
            .collect();
        self.files.push((DocStats::of(r), lines));
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        let mut md = String::new();
        md.push_str("## outsidein\n\n");
        let _ = writeln!(md, "{}.\n", escape_inline(&s.line()));
        if s.total() == 0 {
            out.write_all(md.as_bytes())?;
            return Ok(());
        }

        md.push_str("| Severity | Findings |\n| :-- | --: |\n");
        let _ = writeln!(md, "| Error | {} |", s.errors);
        let _ = writeln!(md, "| Warning | {} |", s.warnings);
        let _ = writeln!(md, "| Suggestion | {} |", s.suggestions);
        let _ = writeln!(md, "| **Total** | **{}** |\n", s.total());

        // Most findings first; ties in path order.
        let mut files: Vec<&(DocStats, Vec<String>)> = self.files.iter().collect();
        files.sort_by(|a, b| {
            b.0.total()
                .cmp(&a.0.total())
                .then_with(|| a.0.name.cmp(&b.0.name))
        });
        let shown = files.len().min(MAX_FILES);
        let left_out = files.len() - shown;

        md.push_str("### Files with findings\n\n| File |");
        for c in DOC_COLUMNS {
            let _ = write!(md, " {} |", c.header);
        }
        md.push_str("\n| :-- |");
        for _ in DOC_COLUMNS {
            md.push_str(" --: |");
        }
        md.push('\n');
        for (d, _) in &files[..shown] {
            let _ = write!(
                md,
                "| [{}]({}) |",
                escape_inline(&d.name),
                percent_encode_path(&d.name)
            );
            for c in DOC_COLUMNS {
                let _ = write!(md, " {} |", (c.value)(d));
            }
            md.push('\n');
        }
        if left_out > 0 {
            let _ = writeln!(
                md,
                "\n_…and {} with findings not shown._",
                plural(left_out, "more file")
            );
        }
        md.push('\n');

        md.push_str("### Top rules\n\n| Rule | Severity | Findings | What it flags |\n| :-- | :-- | --: | :-- |\n");
        let ranked = self.counts.ranked();
        for (id, n, sev) in ranked.iter().take(MAX_RULES) {
            let info = self.rules.get(id);
            let name = match info.and_then(|i| i.link.as_deref()) {
                Some(link) => format!("[{}]({})", escape_inline(id), link_destination(link)),
                None => escape_inline(id),
            };
            let description = info.map_or(String::new(), |i| escape_inline(&i.description));
            let _ = writeln!(md, "| {name} | {sev} | {n} | {description} |");
        }
        if ranked.len() > MAX_RULES {
            let _ = writeln!(
                md,
                "\n_…and {} not shown._",
                plural(ranked.len() - MAX_RULES, "more rule")
            );
        }
        md.push('\n');

        md.push_str("### Findings by file\n\n");
        for (d, lines) in &files[..shown] {
            let _ = writeln!(
                md,
                "<details><summary>{} ({})</summary>\n",
                escape_html(&d.name),
                severity_counts(d)
            );
            for l in lines {
                md.push_str(l);
                md.push('\n');
            }
            if d.total() > lines.len() {
                let _ = writeln!(
                    md,
                    "- _…and {} not shown._",
                    plural(d.total() - lines.len(), "more finding")
                );
            }
            md.push_str("\n</details>\n\n");
        }
        if left_out > 0 {
            let _ = writeln!(
                md,
                "_…and {} with findings not shown; run `outsidein check` locally for all of them._\n",
                plural(left_out, "more file")
            );
        }
        out.write_all(md.as_bytes())
    }
}

/// A link destination from a rule's `link`, safe inside `(…)`.
fn link_destination(link: &str) -> String {
    let mut out = String::with_capacity(link.len());
    for c in link.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '|' => out.push_str("%7C"),
            '\n' | '\r' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_text_cannot_break_out() {
        assert_eq!(
            escape_inline("a|b <script>&`x`\r\nnext"),
            "a\\|b &lt;script&gt;&amp;\\`x\\` next"
        );
    }
}
