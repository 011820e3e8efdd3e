//! `Finding`: plain data about one problem, read by every reporter.

use std::sync::Arc;

use crate::document::Span;
use crate::rules::{Dimension, FixSafety, Severity};

/// A suggested replacement of the finding's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub replacement: String,
    pub span: Span,
    pub safety: FixSafety,
}

/// Words of a finding's file and what they say (a cue a sentence weighed).
pub type CueLabel = (Span, Arc<str>);

/// One problem found in one file.
#[derive(Debug, Clone)]
pub struct Finding {
    /// `set/rule`.
    pub rule: Arc<str>,
    pub severity: Severity,
    pub dimension: Dimension,
    /// Bytes in the file that the finding underlines.
    pub span: Span,
    /// One line about the matched words.
    pub message: String,
    /// Why it matters and what to write instead.
    pub help: Arc<str>,
    pub link: Option<Arc<str>>,
    /// Boxed: most findings have none, and a huge file has hundreds of
    /// thousands of findings (40 bytes each saved).
    pub fix: Option<Box<Fix>>,
    /// The share of the rule's score `points` this finding costs (1.0 but
    /// for rules judged per section, where each section costs its share).
    pub weight: f32,
    /// Words in the file that explain the finding, each with what it says:
    /// the cues a `sentence` rule weighed. One on `span` names the primary
    /// underline; the graphical report draws the rest beside it. Boxed so
    /// that the many findings without labels stay one pointer larger.
    pub labels: Option<Box<Vec<CueLabel>>>,
}
