//! The YAML schema of a rule file, as spanned serde types.
//!
//! Every key is checked (`deny_unknown_fields`) and values that later
//! validation may complain about carry their span, so errors point at the
//! exact line and column. No flatten or untagged enums except where the
//! whole value is wrapped in `Spanned`, which keeps its location.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_saphyr::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFileSpec {
    pub name: Spanned<String>,
    #[serde(default)]
    pub description: Option<String>,
    pub rules: IndexMap<Spanned<String>, Spanned<RuleSpec>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KindSpec {
    Existence,
    Substitution,
    Occurrence,
    Conditional,
    Ratio,
    Section,
    FrontMatter,
    Metric,
    Sentence,
}

impl KindSpec {
    pub fn name(self) -> &'static str {
        match self {
            KindSpec::Existence => "existence",
            KindSpec::Substitution => "substitution",
            KindSpec::Occurrence => "occurrence",
            KindSpec::Conditional => "conditional",
            KindSpec::Ratio => "ratio",
            KindSpec::Section => "section",
            KindSpec::FrontMatter => "front-matter",
            KindSpec::Metric => "metric",
            KindSpec::Sentence => "sentence",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AppliesSpec {
    /// Only documents detected as policies.
    Policies,
    /// Every Markdown document.
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EachSpec {
    /// Every top-level section: the title's intro and each H2.
    TopLevel,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IfMissingSpec {
    Flag,
    Ignore,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MetricSpec {
    /// Flesch-Kincaid grade level.
    FleschKincaid,
    /// Flesch reading ease (higher is easier).
    FleschReadingEase,
    /// Average words per sentence.
    WordsPerSentence,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateSpec {
    /// The value must be a date (YYYY-MM-DD).
    Valid,
    /// The value must be a date today or later.
    NotPast,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScopeSpec {
    Sentence,
    Paragraph,
    Section,
    Document,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CountSpec {
    Words,
    Matches,
    /// Distinct matched words (case-insensitive).
    Distinct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixSpec {
    Safe,
    Unsafe,
    None,
}

/// Tokens and patterns: the one shape every word list takes.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconSpec {
    #[serde(default)]
    pub tokens: Vec<Spanned<String>>,
    #[serde(default)]
    pub patterns: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CueAt {
    #[default]
    Anywhere,
    ClauseStart,
    /// In the sentence that introduces a list (it ends with a colon): the
    /// cue then counts for the first sentence of each item of the list.
    LeadIn,
    /// In a heading with a list right under it: the cue then counts for
    /// the first sentence of each item of that list.
    Heading,
    /// In the sentence that follows in the same paragraph ("This is so that
    /// ..."): the cue then counts for the sentence before it.
    NextSentence,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub kind: Spanned<KindSpec>,
    #[serde(default)]
    pub severity: Option<crate::rules::Severity>,
    #[serde(default)]
    pub dimension: Option<crate::rules::Dimension>,
    #[serde(default)]
    pub description: Option<String>,
    pub message: Spanned<String>,
    #[serde(default)]
    pub help: Option<String>,
    #[serde(default)]
    pub link: Option<String>,
    /// Score points this rule's check is worth (structural checks).
    #[serde(default)]
    pub points: Option<Spanned<f64>>,
    /// Full ids this rule had before it moved or was renamed; configs,
    /// flags and directives that still use them keep working.
    #[serde(default)]
    pub formerly: Option<Vec<Spanned<String>>>,

    // existence / occurrence
    #[serde(default)]
    pub tokens: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub patterns: Option<Spanned<Vec<Spanned<String>>>>,
    /// Matches overlapping one of these are not findings.
    #[serde(default)]
    pub exceptions: Option<Spanned<LexiconSpec>>,

    // substitution
    #[serde(default)]
    pub swap: Option<Spanned<IndexMap<Spanned<String>, Spanned<String>>>>,
    #[serde(default)]
    pub fix: Option<Spanned<FixSpec>>,

    // occurrence / conditional
    #[serde(default)]
    pub scope: Option<Spanned<ScopeSpec>>,
    #[serde(default)]
    pub count: Option<Spanned<CountSpec>>,
    #[serde(default)]
    pub max: Option<Spanned<f64>>,
    #[serde(default)]
    pub min: Option<Spanned<f64>>,
    /// Units with fewer words are not judged.
    #[serde(default)]
    pub min_words: Option<Spanned<u32>>,
    #[serde(default)]
    pub applies_to: Option<Spanned<AppliesSpec>>,

    // ratio
    #[serde(default)]
    pub numerator: Option<Spanned<LexiconSpec>>,
    #[serde(default)]
    pub denominator: Option<Spanned<LexiconSpec>>,
    /// The numerator must reach this count before the ratio is judged.
    #[serde(default)]
    pub min_count: Option<Spanned<u32>>,

    // section
    /// Regexes for the heading that must exist.
    #[serde(default)]
    pub heading: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub each: Option<Spanned<EachSpec>>,
    /// What the section's body (or each top-level section) must contain.
    #[serde(default)]
    pub require: Option<Spanned<LexiconSpec>>,
    /// Front-matter keys that satisfy the rule instead of a section.
    #[serde(default)]
    pub front_matter: Option<Spanned<Vec<Spanned<String>>>>,
    /// Text anywhere in the document that satisfies the rule instead of a section.
    #[serde(default)]
    pub anywhere: Option<Spanned<LexiconSpec>>,
    /// Heading regexes of top-level sections that are not judged.
    #[serde(default)]
    pub skip: Option<Spanned<Vec<Spanned<String>>>>,
    /// With `heading`: `ignore` judges the section only when it exists.
    #[serde(default)]
    pub if_missing: Option<Spanned<IfMissingSpec>>,

    // front-matter
    /// Keys to look for; the first present is checked.
    #[serde(default)]
    pub keys: Option<Spanned<Vec<Spanned<String>>>>,
    /// A regex the value must match.
    #[serde(default)]
    pub pattern: Option<Spanned<String>>,
    /// Values that count as missing (e.g. TBC).
    #[serde(default)]
    pub reject: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub date: Option<Spanned<DateSpec>>,

    // metric
    #[serde(default)]
    pub metric: Option<Spanned<MetricSpec>>,

    // sentence
    /// Named cues, each a word list with a weight.
    #[serde(default)]
    pub cues: Option<Spanned<IndexMap<Spanned<String>, Spanned<CueSpec>>>>,
    /// A sentence is flagged when its cues' weights sum to at least this.
    #[serde(default)]
    pub threshold: Option<Spanned<f64>>,

    // conditional
    #[serde(default, rename = "if")]
    pub if_: Option<Spanned<LexiconSpec>>,
    #[serde(default)]
    pub then: Option<Spanned<LexiconSpec>>,
    /// With `scope: sentence`: also look in this many following sentences of the same block.
    #[serde(default)]
    pub window: Option<Spanned<u32>>,

    #[serde(default)]
    pub examples: Option<Spanned<ExamplesSpec>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExamplesSpec {
    #[serde(default)]
    pub flag: Vec<Spanned<FlagExampleSpec>>,
    #[serde(default)]
    pub pass: Vec<Spanned<String>>,
}

/// One cue of a `sentence` rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CueSpec {
    pub weight: Spanned<f64>,
    /// How the cue is named in messages (default: its key with spaces).
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub tokens: Vec<Spanned<String>>,
    #[serde(default)]
    pub patterns: Vec<Spanned<String>>,
    /// Where a match must start to count: anywhere in the sentence, or where
    /// its main clause starts (who acts).
    #[serde(default)]
    pub at: Option<CueAt>,
}

/// A flag example: plain text, or text with the words it must underline and
/// the text after the fix.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum FlagExampleSpec {
    Text(String),
    Full(FlagExampleFull),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlagExampleFull {
    pub text: String,
    #[serde(default, rename = "match")]
    pub match_: Option<String>,
    #[serde(default)]
    pub fixed: Option<String>,
}

/// Byte range of a spanned value in its YAML file.
pub fn span_of<T>(s: &Spanned<T>) -> std::ops::Range<usize> {
    let sp = s.referenced.span();
    let start = sp.byte_offset().unwrap_or(0) as usize;
    let len = sp.byte_len().unwrap_or(0) as usize;
    start..start + len.max(1)
}
