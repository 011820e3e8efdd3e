//! Errors that stop a run or skip a file: I/O, bad rule files, bad config.
//!
//! Every error about a YAML file carries the file as a `NamedSource` and a
//! label on the exact span, so miette can underline the mistake.

use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};

/// Where the docs for rule files and config live, linked from error help.
pub const DOCS_URL: &str = "https://github.com/outsidein-lint/outsidein#readme";

#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum Error {
    /// A file or directory could not be read.
    #[error("cannot read {path}: {message}")]
    #[diagnostic(code(outsidein::io))]
    Io { path: String, message: String },

    /// A file is not UTF-8.
    #[error("{path} is not valid UTF-8 (invalid byte at line {line}, column {column})")]
    #[diagnostic(
        code(outsidein::io),
        help(
            "outsidein reads UTF-8 Markdown. Convert the file, e.g. `iconv -f WINDOWS-1252 -t UTF-8`."
        )
    )]
    NotUtf8 {
        path: String,
        line: usize,
        column: usize,
    },

    /// A path named on the command line does not exist.
    #[error("no such file or directory: {path}")]
    #[diagnostic(
        code(outsidein::io),
        help("Check the spelling, or run from the directory that holds it.")
    )]
    NotFound { path: String },

    /// A rule file or config with one or more mistakes, each pointed at.
    #[error("{summary}")]
    #[diagnostic(code(outsidein::yaml))]
    Yaml {
        summary: String,
        #[related]
        problems: Vec<YamlProblem>,
    },

    /// Command-line usage that clap cannot catch (conflicting or bad values).
    #[error("{message}")]
    #[diagnostic(code(outsidein::usage))]
    Usage {
        message: String,
        #[help]
        help: Option<String>,
    },
}

/// One mistake in a YAML file, with the file and the span it concerns.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(outsidein::yaml))]
pub struct YamlProblem {
    pub message: String,
    #[source_code]
    pub src: NamedSource<Arc<str>>,
    #[label("{label}")]
    pub span: SourceSpan,
    pub label: String,
    #[help]
    pub help: Option<String>,
}

impl Error {
    /// The exit-code class of this error (all errors exit 2 today).
    pub fn usage(message: impl Into<String>, help: Option<String>) -> Self {
        Error::Usage {
            message: message.into(),
            help,
        }
    }
}

/// Builds YAML problems for one file.
#[derive(Clone)]
pub struct YamlSource {
    pub name: String,
    pub text: Arc<str>,
    /// A built-in set: its patterns are checked by the test suite
    /// (`builtin_patterns_are_valid`), so loading does not parse them again.
    pub builtin: bool,
}

impl YamlSource {
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
            builtin: false,
        }
    }

    /// One of the sets embedded in the binary.
    pub fn builtin(name: impl Into<String>, text: &'static str) -> Self {
        Self {
            builtin: true,
            ..Self::new(name, text)
        }
    }

    pub fn problem(
        &self,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
        help: Option<String>,
    ) -> YamlProblem {
        let len = self.text.len();
        let start = span.start.min(len);
        let end = span.end.clamp(start, len);
        YamlProblem {
            message: message.into(),
            src: NamedSource::new(self.name.clone(), Arc::clone(&self.text)),
            span: (start..end).into(),
            label: label.into(),
            help,
        }
    }

    /// Turns a serde-saphyr error into a problem pointing at its location.
    pub fn from_saphyr(&self, err: &serde_saphyr::Error, what: &str) -> YamlProblem {
        let raw = err.without_snippet().to_string();
        let raw = strip_location_suffix(&raw);
        let help = yaml_help(raw, what);
        let label = short_label(raw);
        let mut message = plain_message(raw);
        let span = err
            .location()
            .map(|loc| {
                let s = loc.span();
                let len = s
                    .byte_len()
                    .filter(|&l| l < u64::from(u32::MAX))
                    .unwrap_or(1)
                    .max(1) as usize;
                // Scanner errors carry a line and column but no byte offset.
                let start = s
                    .byte_offset()
                    .filter(|&o| o < u64::from(u32::MAX))
                    .map(|o| o as usize)
                    .unwrap_or_else(|| self.offset_of(loc.line() as usize, loc.column() as usize));
                start..start + len
            })
            .unwrap_or(0..0);
        let mut help = help;
        if label == "wrong type"
            && let Some((key, expected)) = self
                .key_before(span.start)
                .and_then(|k| expected_type(&k).map(|e| (k, e)))
        {
            message = format!("wrong type of value for `{key}`");
            help = Some(format!("`{key}` takes {expected}."));
        }
        self.problem(span, format!("invalid {what}: {message}"), label, help)
    }

    /// Byte offset of a 1-based line and character column.
    fn offset_of(&self, line: usize, column: usize) -> usize {
        let mut start = 0;
        for _ in 1..line {
            match self.text[start..].find('\n') {
                Some(i) => start += i + 1,
                None => return self.text.len(),
            }
        }
        let line_text = &self.text[start..];
        start
            + line_text
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(line_text.len(), |(i, _)| i)
    }

    /// The mapping key written before byte `at` on its line (`key: value`).
    fn key_before(&self, at: usize) -> Option<String> {
        let at = at.min(self.text.len());
        let line_start = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
        let before = &self.text[line_start..at];
        let key = before
            .rsplit_once(':')?
            .0
            .trim()
            .trim_start_matches("- ")
            .trim();
        (!key.is_empty() && !key.contains(' ')).then(|| key.to_string())
    }
}

/// serde-saphyr appends " at line N, column M"; miette shows that itself.
fn strip_location_suffix(msg: &str) -> &str {
    match msg.rfind(" at line ") {
        Some(i) if msg[i..].contains(", column ") => &msg[..i],
        _ => msg,
    }
}

/// What each key takes, for "wrong type" errors.
fn expected_type(key: &str) -> Option<&'static str> {
    Some(match key {
        "max" | "min" => "a whole number, e.g. `max: 25`",
        "tokens" | "patterns" | "include" | "exclude" | "policies" | "accept" | "rules" => {
            "a list of strings, e.g. `[one, two]`"
        }
        "severity" | "min_severity" | "fail_on" => "one of `error`, `warning`, `suggestion`",
        "dimension" => "one of `strategy`, `people`, `process`, `technology`, `metrics`",
        "scope" => "one of `sentence`, `paragraph`, `section`, `document`",
        "message" | "help" | "description" | "link" | "name" => "text",
        "swap" => "a mapping of phrase to replacement, e.g. `{shall: will}`",
        _ => return None,
    })
}

/// serde's messages, reworded for people who write YAML, not Rust.
fn plain_message(raw: &str) -> String {
    let name = |rest: &str| rest.split(',').next().unwrap_or("").trim().to_string();
    if let Some(rest) = raw.strip_prefix("unknown field ") {
        return format!("unknown key {}", name(rest));
    }
    if let Some(rest) = raw.strip_prefix("unknown variant ") {
        return format!("unknown value {}", name(rest));
    }
    if let Some(rest) = raw.strip_prefix("duplicate mapping key: ") {
        return format!("duplicate key `{}`", name(rest));
    }
    if let Some(rest) = raw.strip_prefix("missing field ") {
        return format!("missing key {}", name(rest));
    }
    if raw.starts_with("expected ") || raw.starts_with("invalid ") {
        return format!("wrong type of value: {raw}");
    }
    raw.to_string()
}

fn short_label(message: &str) -> String {
    if message.starts_with("unknown field") {
        "unknown key".into()
    } else if message.starts_with("unknown variant") {
        "unknown value".into()
    } else if message.starts_with("duplicate") {
        "defined twice".into()
    } else if message.starts_with("missing field") {
        "missing key".into()
    } else if message.starts_with("invalid") || message.starts_with("expected") {
        "wrong type".into()
    } else {
        "here".into()
    }
}

/// Help for common serde messages: a "did you mean" for unknown keys and
/// values, and a pointer to the docs otherwise.
fn yaml_help(message: &str, what: &str) -> Option<String> {
    // "unknown field `mx`, expected one of `kind`, `max`" (the list format
    // varies between serde and serde-saphyr; strip backticks).
    for prefix in ["unknown field ", "unknown variant "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let (got, expected) = match rest.split_once(", expected ") {
                Some((g, e)) => (g, e),
                None => (rest, ""),
            };
            let got = got.trim_matches('`');
            let expected = expected
                .trim_start_matches("one of ")
                .split(',')
                .map(|s| s.trim().trim_matches('`').trim())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>();
            if let Some(best) = did_you_mean(got, expected.iter().copied()) {
                return Some(format!("did you mean `{best}`?"));
            }
            if !expected.is_empty() {
                return Some(format!("expected one of: {}", expected.join(", ")));
            }
        }
    }
    if message.contains("mapping values are not allowed") {
        return Some("Quote the value: in unquoted text, `: ` starts a new key. Write `key: \"text: more\"`.".into());
    }
    if message.starts_with("duplicate mapping key") {
        return Some(format!(
            "Each key may appear once in a {what}; rename or merge the second one."
        ));
    }
    Some(format!("See the {what} reference: {DOCS_URL}"))
}

/// The closest candidate to `got`, if one is close enough to be a typo.
pub fn did_you_mean<'a>(
    got: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let got_l = got.to_ascii_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&got_l, &c.to_ascii_lowercase());
        if score >= 0.8 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_finds_typos() {
        assert_eq!(did_you_mean("mesage", ["message", "help"]), Some("message"));
        assert_eq!(did_you_mean("zzz", ["message", "help"]), None);
    }

    #[test]
    fn unknown_field_help_suggests() {
        let h = yaml_help(
            "unknown field `sevrity`, expected one of kind, severity, help",
            "rule file",
        );
        assert_eq!(h.as_deref(), Some("did you mean `severity`?"));
    }

    #[test]
    fn strips_location() {
        assert_eq!(
            strip_location_suffix("invalid u32 at line 5, column 10"),
            "invalid u32"
        );
    }
}
