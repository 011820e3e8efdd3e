//! `short`: `path:line:col: severity[rule-id] message`, one per line.

use std::io::{self, Write};

use super::{FileReport, Reporter, Summary};

pub struct Short;

impl Reporter for Short {
    fn file(&mut self, out: &mut dyn Write, r: &FileReport) -> io::Result<()> {
        for (f, (start, _)) in r.findings.iter().zip(r.positions()) {
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                r.name,
                start.line,
                start.column,
                f.severity,
                f.rule,
                one_line(&f.message)
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        writeln!(out, "{}", s.line())
    }
}

/// Messages are one line; never let a newline in the text break the format.
pub fn one_line(s: &str) -> String {
    if s.contains(['\n', '\r']) {
        s.replace("\r\n", " ").replace(['\n', '\r'], " ")
    } else {
        s.to_string()
    }
}
