//! `junit`: JUnit XML for CI test-report views. One test suite; one test
//! case per file, with a `<failure>` listing the file's findings when it has
//! any. Written by hand: XML 1.0 escaping, and characters XML cannot carry
//! replaced by U+FFFD.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{FileReport, Reporter, Summary, plural};
use crate::rules::Severity;

#[derive(Default)]
pub struct Junit {
    cases: String,
    tests: usize,
    failures: usize,
}

/// Whether XML 1.0 can carry `c` at all (even as a character reference).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escapes element text.
pub fn escape_text(s: &str) -> String {
    escape_xml(s, false)
}

/// Escapes a double-quoted attribute value; whitespace other than spaces is
/// written as references so attribute normalisation keeps it.
pub fn escape_attr(s: &str) -> String {
    escape_xml(s, true)
}

fn escape_xml(s: &str, attr: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // A lone CR would be read back as LF, in text and attributes.
            '\r' => out.push_str("&#13;"),
            '"' if attr => out.push_str("&quot;"),
            '\'' if attr => out.push_str("&apos;"),
            '\t' if attr => out.push_str("&#9;"),
            '\n' if attr => out.push_str("&#10;"),
            c if xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

impl Reporter for Junit {
    fn file(&mut self, _out: &mut dyn Write, r: &FileReport) -> io::Result<()> {
        self.tests += 1;
        let name = escape_attr(&r.name);
        if r.findings.is_empty() {
            let _ = writeln!(
                self.cases,
                "    <testcase name=\"{name}\" classname=\"outsidein\" file=\"{name}\"/>"
            );
            return Ok(());
        }
        self.failures += 1;
        let worst = r
            .findings
            .iter()
            .map(|f| f.severity)
            .max()
            .unwrap_or(Severity::Suggestion);
        let mut list = String::new();
        for (f, (start, _)) in r.findings.iter().zip(r.positions()) {
            let _ = writeln!(
                list,
                "{}:{}:{}: {}[{}] {}",
                r.name, start.line, start.column, f.severity, f.rule, f.message
            );
        }
        let message = format!("{} in {}", plural(r.findings.len(), "problem"), r.name);
        let _ = writeln!(
            self.cases,
            "    <testcase name=\"{name}\" classname=\"outsidein\" file=\"{name}\">\n      \
             <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>",
            escape_attr(&message),
            worst,
            escape_text(&list),
        );
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _s: &Summary) -> io::Result<()> {
        let counts = format!(
            "tests=\"{}\" failures=\"{}\" errors=\"0\"",
            self.tests, self.failures
        );
        writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        writeln!(out, "<testsuites name=\"outsidein\" {counts}>")?;
        writeln!(
            out,
            "  <testsuite name=\"outsidein\" {counts} skipped=\"0\">"
        )?;
        out.write_all(self.cases.as_bytes())?;
        writeln!(out, "  </testsuite>")?;
        writeln!(out, "</testsuites>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_what_xml_cannot_carry() {
        assert_eq!(escape_text("a<b & c>\u{1}"), "a&lt;b &amp; c&gt;\u{FFFD}");
        assert_eq!(
            escape_attr("\"x\" 'y'\n\t"),
            "&quot;x&quot; &apos;y&apos;&#10;&#9;"
        );
    }
}
