//! `github`: GitHub Actions workflow commands, one annotation per finding:
//! `::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=<rule>::<message>`
//! (columns only when the finding is on one line, as GitHub requires).
//!
//! Escaping follows the runner's rules: in the message (data) `%`, CR and LF;
//! in properties also `:` and `,`.

use std::io::{self, Write};

use super::{FileReport, Reporter, Summary};
use crate::rules::Severity;

pub struct Github;

/// `error`, `warning` or `notice`.
fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Suggestion => "notice",
    }
}

/// Escapes a command's data (the text after `::`).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (`file=`, `title=`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Reporter for Github {
    fn file(&mut self, out: &mut dyn Write, r: &FileReport) -> io::Result<()> {
        let file = escape_property(&r.name);
        for (f, (start, end)) in r.findings.iter().zip(r.positions()) {
            // GitHub takes columns only on one-line annotations.
            let (col, end_col) = if start.line == end.line {
                (
                    format!(",col={}", start.column),
                    format!(",endColumn={}", end.column),
                )
            } else {
                (String::new(), String::new())
            };
            writeln!(
                out,
                "::{} file={file},line={}{col},endLine={}{end_col},title={}::{}",
                command(f.severity),
                start.line,
                end.line,
                escape_property(&f.rule),
                escape_data(&f.message),
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        // A plain line in the log; it cannot start a command.
        writeln!(out, "outsidein: {}", s.line())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_expects() {
        assert_eq!(
            escape_data("50% off:\r\nnow, then"),
            "50%25 off:%0D%0Anow, then"
        );
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
