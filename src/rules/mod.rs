//! Rules: what a rule is once loaded, and the set of them a run uses.

pub mod builtin;
pub mod compile;
pub mod examples;
mod frozen;
mod hir_code;
pub mod kinds;
pub mod lazy;
mod literals;
pub mod load;
pub(crate) mod narrow;
mod prebuilt;
mod scan_regex;
mod sorted_literals;
pub mod spec;

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::YamlSource;

/// How serious a finding is. Ordered: suggestion < warning < error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Suggestion,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Suggestion => "suggestion",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "suggestion" => Some(Severity::Suggestion),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The customer-centricity dimension a rule speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dimension {
    Strategy,
    People,
    Process,
    Technology,
    Metrics,
}

impl Dimension {
    pub const ALL: [Dimension; 5] = [
        Dimension::Strategy,
        Dimension::People,
        Dimension::Process,
        Dimension::Technology,
        Dimension::Metrics,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Strategy => "strategy",
            Dimension::People => "people",
            Dimension::Process => "process",
            Dimension::Technology => "technology",
            Dimension::Metrics => "metrics",
        }
    }
}

impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The unit a rule counts in or looks within.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Sentence,
    Paragraph,
    Section,
    Document,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Sentence => "sentence",
            Scope::Paragraph => "paragraph",
            Scope::Section => "section",
            Scope::Document => "document",
        }
    }
}

/// Whether `--fix` may apply a rule's fixes without review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixSafety {
    Safe,
    Unsafe,
}

/// Index of a word list registered with the matcher.
pub type LexId = u32;

/// One `flag` example.
#[derive(Debug, Clone)]
pub struct FlagExample {
    pub text: String,
    pub match_: Option<String>,
    pub fixed: Option<String>,
    /// Byte range of the example in its rule file.
    pub span: std::ops::Range<usize>,
}

#[derive(Debug, Clone)]
pub struct PassExample {
    pub text: String,
    pub span: std::ops::Range<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Examples {
    pub flag: Vec<FlagExample>,
    pub pass: Vec<PassExample>,
}

/// A rule's check, with its word lists already registered.
#[derive(Debug, Clone)]
pub enum Kind {
    Existence {
        lex: LexId,
        exceptions: Option<LexId>,
    },
    Substitution {
        /// One word list per swap key, in order; `replacements[i]` for `lex + i`.
        first_lex: LexId,
        replacements: Vec<String>,
        fix: Option<FixSafety>,
        exceptions: Option<LexId>,
    },
    Occurrence {
        /// None counts words.
        lex: Option<LexId>,
        /// Count distinct matched words instead of matches.
        distinct: bool,
        scope: Scope,
        max: Option<u32>,
        min: Option<u32>,
    },
    Conditional {
        if_: LexId,
        then: LexId,
        scope: Scope,
        exceptions: Option<LexId>,
        /// Following sentences (same block) that also count, for sentence scope.
        window: u32,
    },
    Ratio {
        numerator: LexId,
        denominator: LexId,
        scope: Scope,
        max: f64,
        min_words: u32,
        min_count: u32,
    },
    Section(SectionCheck),
    FrontMatter(FrontMatterCheck),
    Metric {
        metric: Metric,
        scope: Scope,
        max: Option<f64>,
        min: Option<f64>,
        min_words: u32,
    },
    Sentence {
        cues: Vec<Cue>,
        threshold: f64,
        exceptions: Option<LexId>,
    },
}

/// A weighted cue of a `sentence` rule.
#[derive(Debug, Clone)]
pub struct Cue {
    /// Shared with every finding that underlines this cue.
    pub label: Arc<str>,
    pub weight: f64,
    pub lex: LexId,
    /// For a cue that counts only where the sentence's main clause starts
    /// (its subject: `at: clause-start`), its patterns anchored (`^`), tried
    /// only at clause starts instead of searched through all the prose.
    pub anchored: Option<lazy::LazyRegex>,
    /// Where the cue counts (`at:`): in the sentence it matches, at a clause
    /// start of it, for the items of the list it introduces (`lead-in`), or
    /// for the sentence before it (`next-sentence`).
    pub at: spec::CueAt,
}

/// A `section` rule: one section must exist, or every top-level section must
/// state something.
#[derive(Debug, Clone)]
pub enum SectionCheck {
    Exists {
        heading: lazy::LazyRegex,
        min_words: u32,
        /// The section's body must match this.
        require: Option<LexId>,
        /// A non-empty front-matter key that satisfies the rule.
        front_matter: Vec<String>,
        /// Prose anywhere in the document that satisfies the rule.
        anywhere: Option<LexId>,
        /// When no heading matches: flag (true) or leave it to another rule.
        flag_missing: bool,
    },
    EachTopLevel {
        require: LexId,
        skip: lazy::LazyRegex,
        min_words: u32,
    },
}

#[derive(Debug, Clone)]
pub struct FrontMatterCheck {
    pub keys: Vec<String>,
    pub pattern: Option<regex::Regex>,
    /// Lowercased values that count as missing.
    pub reject: Vec<String>,
    pub date: Option<DateCheck>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateCheck {
    Valid,
    NotPast,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    FleschKincaid,
    FleschReadingEase,
    WordsPerSentence,
}

impl Metric {
    pub fn name(self) -> &'static str {
        match self {
            Metric::FleschKincaid => "Flesch-Kincaid grade",
            Metric::FleschReadingEase => "Flesch reading ease",
            Metric::WordsPerSentence => "words per sentence",
        }
    }
}

impl Kind {
    pub fn name(&self) -> &'static str {
        match self {
            Kind::Existence { .. } => "existence",
            Kind::Substitution { .. } => "substitution",
            Kind::Occurrence { .. } => "occurrence",
            Kind::Conditional { .. } => "conditional",
            Kind::Ratio { .. } => "ratio",
            Kind::Section(_) => "section",
            Kind::FrontMatter(_) => "front-matter",
            Kind::Metric { .. } => "metric",
            Kind::Sentence { .. } => "sentence",
        }
    }
}

/// Where a rule was defined, for errors and `outsidein test`.
#[derive(Clone)]
pub struct Origin {
    pub file: YamlSource,
    /// Byte range of the rule's key in the file.
    pub key: std::ops::Range<usize>,
}

impl fmt::Debug for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{:?}", self.file.name, self.key)
    }
}

/// A loaded rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// `set/name`.
    pub id: Arc<str>,
    pub set: String,
    pub kind: Kind,
    /// Severity after config overrides.
    pub severity: Severity,
    /// Severity the rule file gives.
    pub default_severity: Severity,
    pub dimension: Dimension,
    pub description: String,
    pub message: String,
    pub help: Arc<str>,
    pub link: Option<Arc<str>>,
    pub examples: Examples,
    pub origin: Origin,
    /// Runs only on documents detected as policies.
    pub policies_only: bool,
    /// Score points the check is worth, for structural checks.
    pub points: Option<f64>,
    /// Ids the rule had before it moved or was renamed.
    pub formerly: Vec<String>,
}

/// A loaded rule file.
#[derive(Debug, Clone)]
pub struct RuleSetInfo {
    pub name: String,
    pub description: String,
    pub file: String,
}
