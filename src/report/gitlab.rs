//! `gitlab`: a GitLab Code Quality report: a JSON array of issues with
//! `description`, `check_name`, `fingerprint`, `severity` and
//! `location.path` / `location.lines.begin`.
//!
//! The fingerprint hashes the file, the rule, the matched words and which
//! occurrence of them this is, not the line, so an issue keeps its
//! fingerprint when lines above it move.

use std::collections::HashMap;
use std::io::{self, Write};

use serde_json::{Value, json};

use super::{FileReport, Reporter, Summary};
use crate::rules::Severity;

#[derive(Default)]
pub struct Gitlab {
    issues: Vec<Value>,
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Suggestion => "info",
    }
}

/// FNV-1a, 64 bits, from a given basis.
fn fnv1a(basis: u64, parts: &[&[u8]]) -> u64 {
    let mut h = basis;
    for p in parts {
        for &b in *p {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        // Separate the parts so ("ab","c") and ("a","bc") differ.
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// 32 hex digits, stable across runs, platforms and versions.
pub fn fingerprint(parts: &[&[u8]]) -> String {
    let a = fnv1a(0xcbf2_9ce4_8422_2325, parts);
    let b = fnv1a(0x6c62_272e_07bb_0142, parts);
    format!("{a:016x}{b:016x}")
}

impl Reporter for Gitlab {
    fn file(&mut self, _out: &mut dyn Write, r: &FileReport) -> io::Result<()> {
        let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
        for (f, (start, _)) in r.findings.iter().zip(r.positions()) {
            let matched = r.text.get(f.span.range()).unwrap_or("");
            let nth = seen.entry((&f.rule, matched)).or_insert(0);
            *nth += 1;
            let nth = nth.to_string();
            let fp = fingerprint(&[
                r.name.as_bytes(),
                f.rule.as_bytes(),
                matched.as_bytes(),
                nth.as_bytes(),
            ]);
            self.issues.push(json!({
                "description": f.message,
                "check_name": &*f.rule,
                "fingerprint": fp,
                "severity": severity(f.severity),
                "location": {
                    "path": r.name,
                    "lines": { "begin": start.line },
                },
            }));
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _s: &Summary) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &self.issues)?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_separate_parts() {
        let a = fingerprint(&[b"ab", b"c"]);
        assert_eq!(a.len(), 32);
        assert_eq!(a, fingerprint(&[b"ab", b"c"]));
        assert_ne!(a, fingerprint(&[b"a", b"bc"]));
    }
}
