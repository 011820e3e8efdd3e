//! `fancy`: one miette graphical report per finding (the single miette
//! adapter for findings lives here), then the summary line.

use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource,
    Severity as MSeverity, SourceCode,
};

use super::{FileReport, RenderOptions, Reporter, Summary};
use crate::finding::Finding;
use crate::rules::{FixSafety, Severity};

/// A finding dressed as a miette diagnostic.
struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    source: NamedSource<Arc<str>>,
    help: String,
}

impl fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&*self.finding.rule))
    }
    fn severity(&self) -> Option<MSeverity> {
        Some(match self.finding.severity {
            Severity::Error => MSeverity::Error,
            Severity::Warning => MSeverity::Warning,
            Severity::Suggestion => MSeverity::Advice,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        (!self.help.is_empty()).then(|| Box::new(&self.help) as Box<dyn fmt::Display>)
    }
    fn url<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.finding
            .link
            .as_ref()
            .map(|l| Box::new(&**l) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let f = self.finding;
        let label = match &f.fix {
            Some(fix) if fix.replacement.is_empty() => Some("remove this".to_string()),
            Some(fix) => Some(format!("write \"{}\"", fix.replacement)),
            None => None,
        };
        let labels: &[crate::finding::CueLabel] = f.labels.as_deref().map_or(&[], |v| v);
        let named = |s: &crate::document::Span| {
            labels
                .iter()
                .find(|(l, _)| l == s)
                .map(|(_, text)| text.to_string())
        };
        let primary = LabeledSpan::new_primary_with_span(
            label.or_else(|| named(&f.span)),
            f.span.start..f.span.end,
        );
        let others = labels
            .iter()
            .filter(|(s, _)| *s != f.span)
            .map(|(s, text)| LabeledSpan::new_with_span(Some(text.to_string()), s.start..s.end));
        Some(Box::new(std::iter::once(primary).chain(others)))
    }
}

/// Renders one finding as miette would print it.
pub fn render_finding(name: &str, text: &Arc<str>, f: &Finding, opts: RenderOptions) -> String {
    let mut help = f.help.to_string();
    if let Some(fix) = &f.fix
        && fix.safety == FixSafety::Safe
    {
        help.push_str(" (fixable with --fix)");
    }
    let d = FindingDiagnostic {
        finding: f,
        source: NamedSource::new(name, Arc::clone(text)),
        help,
    };
    let theme = if opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(opts.width)
        .with_links(opts.links)
        .with_urls(true)
        .with_context_lines(1);
    let mut out = String::new();
    if handler.render_report(&mut out, &d).is_err() {
        out = format!("{name}: {} [{}]\n", f.message, f.rule);
    }
    out
}

pub struct Fancy {
    opts: RenderOptions,
}

impl Fancy {
    pub fn new(opts: RenderOptions) -> Self {
        Self { opts }
    }
}

impl Reporter for Fancy {
    fn file(&mut self, out: &mut dyn Write, r: &FileReport) -> io::Result<()> {
        for f in &r.findings {
            let s = render_finding(&r.name, &r.text, f, self.opts);
            out.write_all(s.as_bytes())?;
            writeln!(out)?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        writeln!(out, "{}", s.line())
    }
}
