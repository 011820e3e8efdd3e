//! `sarif`: SARIF 2.1.0 for code scanning. One run; `tool.driver.rules`
//! lists every active rule; one result per finding with its region, a
//! snippet, the surrounding lines and, for substitutions, a fix.
//!
//! Columns are Unicode scalar values (`columnKind: unicodeCodePoints`),
//! 1-based, and `endColumn` is the column after the last character, as the
//! engine's `LineCol` already is.

use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::{FileReport, Reporter, RuleInfo, Summary, percent_encode_path};
use crate::position::{LineCol, LineIndex};
use crate::rules::Severity;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub struct Sarif {
    rules: Vec<RuleInfo>,
    index: HashMap<Arc<str>, usize>,
    results: Vec<Value>,
}

impl Sarif {
    pub fn new(rules: Vec<RuleInfo>) -> Self {
        let index = rules
            .iter()
            .enumerate()
            .map(|(i, r)| (Arc::clone(&r.id), i))
            .collect();
        Sarif {
            rules,
            index,
            results: Vec::new(),
        }
    }

    /// Index of the rule in the driver, adding rules the book does not
    /// list (the engine's own checks) the first time they fire.
    fn rule_index(&mut self, f: &crate::finding::Finding) -> usize {
        if let Some(&i) = self.index.get(&f.rule) {
            return i;
        }
        let i = self.rules.len();
        self.rules.push(RuleInfo::from_finding(f));
        self.index.insert(Arc::clone(&f.rule), i);
        i
    }
}

/// `error`, `warning` or `note`.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Suggestion => "note",
    }
}

/// The artifact URI for a reported name: relative names stay relative
/// (percent-encoded, forward slashes); absolute paths become `file://` URIs.
pub fn artifact_uri(name: &str) -> String {
    let name = name.replace('\\', "/");
    let bytes = name.as_bytes();
    let drive = bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && &bytes[1..3] == b":/";
    if drive {
        format!("file:///{}{}", &name[..2], percent_encode_path(&name[2..]))
    } else if name.starts_with('/') {
        format!("file://{}", percent_encode_path(&name))
    } else {
        percent_encode_path(&name)
    }
}

fn region(start: LineCol, end: LineCol) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("startLine".into(), json!(start.line));
    m.insert("startColumn".into(), json!(start.column));
    m.insert("endLine".into(), json!(end.line));
    m.insert("endColumn".into(), json!(end.column));
    m
}

/// Text of lines `first..=last` (1-based), line endings kept.
fn lines_text<'a>(idx: &LineIndex, text: &'a str, first: usize, last: usize) -> &'a str {
    let start = idx.line_start(first).unwrap_or(text.len());
    let end = idx.line_start(last + 1).unwrap_or(text.len());
    text.get(start..end.max(start)).unwrap_or("")
}

fn rule_descriptor(r: &RuleInfo) -> Value {
    // Rule help is written by the rule's author, in Markdown (backticks,
    // indented examples); the examples are plain sentences.
    let mut text = r.help.to_string();
    let mut markdown = r.help.to_string();
    if let Some(ex) = r.flag_examples.first() {
        text.push_str(&format!("\n\nFlagged: {ex}"));
        markdown.push_str(&format!("\n\n**Flagged:** {}", markdown_escape(ex)));
    }
    if let Some(ex) = r.pass_examples.first() {
        text.push_str(&format!("\n\nInstead: {ex}"));
        markdown.push_str(&format!("\n\n**Instead:** {}", markdown_escape(ex)));
    }
    let short = if r.description.is_empty() {
        r.id.to_string()
    } else {
        r.description.clone()
    };
    let full = if r.help.is_empty() {
        short.clone()
    } else {
        r.help.to_string()
    };
    let mut d = Map::new();
    d.insert("id".into(), json!(&*r.id));
    d.insert("name".into(), json!(rule_name(&r.id)));
    d.insert("shortDescription".into(), json!({ "text": short }));
    d.insert("fullDescription".into(), json!({ "text": full }));
    d.insert("help".into(), json!({ "text": text, "markdown": markdown }));
    if let Some(link) = r.link.as_deref().filter(|l| is_absolute_uri(l)) {
        d.insert("helpUri".into(), json!(encode_uri(link)));
    }
    d.insert(
        "defaultConfiguration".into(),
        json!({ "level": level(r.severity) }),
    );
    d.insert(
        "properties".into(),
        json!({ "tags": ["customer-centricity", r.dimension.as_str()] }),
    );
    Value::Object(d)
}

/// The rule's readable name: its part after the set, in PascalCase
/// (`process-voice/legalese` → `Legalese`).
fn rule_name(id: &str) -> String {
    let part = id.rsplit('/').next().unwrap_or(id);
    part.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(c) => c.to_uppercase().chain(cs).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

fn is_absolute_uri(s: &str) -> bool {
    match s.split_once(':') {
        Some((scheme, rest)) => {
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !rest.is_empty()
                && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// Percent-encodes what RFC 3986 does not allow in a URI (spaces, `<`,
/// `>`, `"`, non-ASCII, a `%` that starts no escape), keeping the rest.
pub fn encode_uri(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in b.iter().enumerate() {
        let escape_start = c == b'%'
            && b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        if c.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&c) || escape_start {
            out.push(c as char);
        } else {
            out.push_str(&format!("%{c:02X}"));
        }
    }
    out
}

/// Backslash-escapes Markdown punctuation so rule text renders as written.
fn markdown_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '<' | '>' | '#' | '|' | '!' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Reporter for Sarif {
    fn file(&mut self, _out: &mut dyn Write, r: &FileReport) -> io::Result<()> {
        if r.findings.is_empty() {
            return Ok(());
        }
        let idx = LineIndex::new(&r.text);
        let uri = artifact_uri(&r.name);
        let text: &str = &r.text;
        for (f, (start, end)) in r.findings.iter().zip(r.positions()) {
            let rule_index = self.rule_index(f);
            let mut reg = region(start, end);
            let snippet = text.get(f.span.range()).unwrap_or("");
            if !snippet.is_empty() {
                reg.insert("snippet".into(), json!({ "text": snippet }));
            }
            let first = start.line.saturating_sub(1).max(1);
            let last = (end.line + 1).min(idx.line_count());
            let mut context = Map::new();
            context.insert("startLine".into(), json!(first));
            context.insert("endLine".into(), json!(last.max(first)));
            context.insert(
                "snippet".into(),
                json!({ "text": lines_text(&idx, text, first, last.max(first)) }),
            );
            let location = json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": uri },
                    "region": reg,
                    "contextRegion": context,
                }
            });
            let mut result = Map::new();
            result.insert("ruleId".into(), json!(&*f.rule));
            result.insert("ruleIndex".into(), json!(rule_index));
            result.insert("level".into(), json!(level(f.severity)));
            result.insert("message".into(), json!({ "text": f.message }));
            result.insert("locations".into(), json!([location]));
            if let Some(fix) = &f.fix {
                let fs = idx.line_col(text, fix.span.start);
                let fe = idx.line_col(text, fix.span.end);
                let description = if fix.replacement.is_empty() {
                    format!("Remove '{}'", text.get(fix.span.range()).unwrap_or(""))
                } else {
                    format!("Write '{}'", fix.replacement)
                };
                result.insert(
                    "fixes".into(),
                    json!([{
                        "description": { "text": description },
                        "artifactChanges": [{
                            "artifactLocation": { "uri": uri },
                            "replacements": [{
                                "deletedRegion": region(fs, fe),
                                "insertedContent": { "text": fix.replacement },
                            }],
                        }],
                    }]),
                );
            }
            result.insert(
                "properties".into(),
                json!({ "dimension": f.dimension.as_str() }),
            );
            self.results.push(Value::Object(result));
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        let mut driver = Map::new();
        driver.insert("name".into(), json!("outsidein"));
        driver.insert("version".into(), json!(env!("CARGO_PKG_VERSION")));
        driver.insert("semanticVersion".into(), json!(env!("CARGO_PKG_VERSION")));
        let repo = env!("CARGO_PKG_REPOSITORY");
        if is_absolute_uri(repo) {
            driver.insert("informationUri".into(), json!(repo));
        }
        driver.insert(
            "rules".into(),
            Value::Array(self.rules.iter().map(rule_descriptor).collect()),
        );
        let log = json!({
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": driver },
                "invocations": [{ "executionSuccessful": s.unreadable == 0 }],
                "columnKind": "unicodeCodePoints",
                "results": std::mem::take(&mut self.results),
            }],
        });
        serde_json::to_writer_pretty(&mut *out, &log)?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(
            artifact_uri("docs/refund policy.md"),
            "docs/refund%20policy.md"
        );
        assert_eq!(artifact_uri("a:b,c%.md"), "a%3Ab%2Cc%25.md");
        assert_eq!(artifact_uri("docs\\x.md"), "docs/x.md");
        assert_eq!(artifact_uri("/tmp/x y.md"), "file:///tmp/x%20y.md");
        assert_eq!(artifact_uri("C:/p/x.md"), "file:///C:/p/x.md");
        assert_eq!(artifact_uri("ré.md"), "r%C3%A9.md");
    }

    #[test]
    fn links_are_made_valid_uris() {
        assert_eq!(
            encode_uri("https://x.org/a b?q=<2>&r=%41%z"),
            "https://x.org/a%20b?q=%3C2%3E&r=%41%25z"
        );
        assert_eq!(encode_uri("https://x.org/ré"), "https://x.org/r%C3%A9");
    }

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(rule_name("process-voice/legalese"), "Legalese");
        assert_eq!(rule_name("customer-outcome/missing-owner"), "MissingOwner");
    }

    #[test]
    fn only_absolute_links_become_help_uris() {
        assert!(is_absolute_uri("https://example.org/rules#x"));
        assert!(!is_absolute_uri("docs/rules.md"));
        assert!(!is_absolute_uri("see: the guide"));
    }
}
