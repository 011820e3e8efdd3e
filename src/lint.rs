//! The engine: compiled rules × one document → sorted findings, after
//! directives, `accept` terms and severity filters.

use std::sync::Arc;

use crate::document::directives::{Suppressions, selects};
use crate::document::{Document, Span, SpanSet};
use crate::error::Error;
use crate::finding::Finding;
use crate::rules::compile::{Lexicon, Matcher};
use crate::rules::kinds::{self, Ctx};
use crate::rules::load::RuleBook;
use crate::rules::{Dimension, LexId, Severity};

/// Which rules run and how loud they are, resolved from config and flags.
#[derive(Debug, Clone, Default)]
pub struct RuleSettings {
    /// Selector (set or id) to severity; `None` switches it off.
    pub severity: Vec<(String, Option<Severity>)>,
    /// Only rules matching one of these run (empty: all).
    pub select: Vec<String>,
    /// Rules matching one of these never run.
    pub ignore: Vec<String>,
    pub min_severity: Option<Severity>,
    /// Terms never flagged.
    pub accept: Vec<String>,
    /// Heading patterns of sections whose language is not linted (None: the defaults).
    pub skip_sections: Option<Vec<String>>,
}

/// Sections whose language is quoted, defined or historical, not addressed
/// to the reader: no language finding inside them (structural rules still apply).
pub const DEFAULT_SKIP_SECTIONS: &[&str] = &[
    r"\bdefinitions?\b",
    r"\bglossary\b",
    r"\bterms used\b",
    r"\binterpretation\b",
    r"\blegislation\b",
    r"\blegal basis\b",
    r"\breferences\b",
    r"\bchange ?log\b",
    r"\b(?:revision|version|change|document) (?:history|control)\b",
];

/// Id of the finding about an unknown id in a directive.
pub const UNKNOWN_DIRECTIVE: &str = "outsidein/unknown-directive";

/// Rules compiled for a run; `Sync`, shared by every worker thread.
pub struct Engine {
    pub book: RuleBook,
    /// Indices into `book.rules` of the rules that run.
    active: Vec<usize>,
    matcher: Matcher,
    accept: Option<LexId>,
    min_severity: Severity,
    select: Vec<String>,
    ignore: Vec<String>,
    today: crate::rules::kinds::front_matter::Date,
    /// Score points of each active rule that has them.
    points: std::collections::HashMap<Arc<str>, f64>,
    skip_sections: crate::rules::lazy::LazyRegex,
    /// Whether findings carry labelled spans for each cue a sentence rule
    /// weighed; only the graphical report draws them, so the others do not
    /// pay for them (on a 100 MB file they cost 7% of peak memory).
    cue_labels: bool,
}

/// What linting one document produced.
#[derive(Debug, Default)]
pub struct Linted {
    pub findings: Vec<Finding>,
    pub document: Document,
    /// Whether structural (policy-only) rules applied.
    pub is_policy: bool,
}

impl Engine {
    pub fn new(mut book: RuleBook, settings: &RuleSettings) -> Result<Engine, Error> {
        // Most specific override wins: a full id beats its set.
        for rule in &mut book.rules {
            let mut best: Option<(usize, Option<Severity>)> = None;
            for (sel, sev) in &settings.severity {
                if selects(sel, &rule.id) {
                    let specificity = sel.len();
                    if best.is_none_or(|(s, _)| specificity >= s) {
                        best = Some((specificity, *sev));
                    }
                }
            }
            if let Some((_, sev)) = best {
                match sev {
                    Some(s) => rule.severity = s,
                    None => rule.severity = Severity::Suggestion,
                }
            }
        }
        let off = |id: &str| {
            let mut best: Option<(usize, bool)> = None;
            for (sel, sev) in &settings.severity {
                if selects(sel, id) && best.is_none_or(|(s, _)| sel.len() >= s) {
                    best = Some((sel.len(), sev.is_none()));
                }
            }
            best.is_some_and(|(_, off)| off)
        };
        let min_severity = settings.min_severity.unwrap_or(Severity::Suggestion);
        let mut active: Vec<usize> = book
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                !off(&r.id)
                    && r.severity >= min_severity
                    && (settings.select.is_empty()
                        || settings.select.iter().any(|s| selects(s, &r.id)))
                    && !settings.ignore.iter().any(|s| selects(s, &r.id))
            })
            .map(|(i, _)| i)
            .collect();
        // Sentence judgements run last, so that they can leave a sentence
        // to a more specific rule of theirs that has already flagged it.
        active.sort_by_key(|&i| matches!(book.rules[i].kind, crate::rules::Kind::Sentence { .. }));
        let mut lexicons: Vec<Option<&Lexicon>> = vec![None; book.lexicons.len()];
        for &i in &active {
            for lex in lexicons_of(&book.rules[i].kind) {
                if let Some(slot) = lexicons.get_mut(lex as usize) {
                    *slot = book.lexicons.get(lex as usize);
                }
            }
        }
        let accept_lexicon = Lexicon {
            tokens: settings.accept.clone(),
            patterns: Vec::new(),
        };
        let accept = if settings.accept.is_empty() {
            None
        } else {
            lexicons.push(Some(&accept_lexicon));
            Some((lexicons.len() - 1) as LexId)
        };
        let matcher = Matcher::new(&lexicons).map_err(|e| Error::usage(e, None))?;
        let points = active
            .iter()
            .filter_map(|&i| {
                let r = &book.rules[i];
                r.points.map(|p| (r.id.clone(), p))
            })
            .collect();
        Ok(Engine {
            book,
            active,
            matcher,
            accept,
            min_severity,
            select: settings.select.clone(),
            ignore: settings.ignore.clone(),
            today: crate::rules::kinds::front_matter::today(),
            cue_labels: false,
            points,
            skip_sections: compile_skip_sections(settings.skip_sections.as_deref())?,
        })
    }

    /// Judges review dates against `today` instead of the clock.
    pub fn with_today(mut self, today: crate::rules::kinds::front_matter::Date) -> Self {
        self.today = today;
        self
    }

    /// Scores a linted document with the active rules' points.
    pub fn score(
        &self,
        cfg: &crate::score::ScoreConfig,
        linted: &Linted,
    ) -> crate::score::DocScore {
        let structural: Vec<&crate::rules::Rule> = self
            .active
            .iter()
            .map(|&i| &self.book.rules[i])
            .filter(|r| r.points.is_some() && (linted.is_policy || !r.policies_only))
            .collect();
        crate::score::score(
            cfg,
            &linted.document,
            &linted.findings,
            &self.points,
            &structural,
            linted.is_policy,
        )
    }

    /// The shared matcher (for profiling).
    #[doc(hidden)]
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// Number of rules that run.
    pub fn active_rules(&self) -> usize {
        self.active.len()
    }

    /// Lints one file's text. `policy_by_path` is true when the config's
    /// `policies` globs (or `--policies`) name the file.
    pub fn lint(&self, text: &str, policy_by_path: bool) -> Linted {
        self.lint_with(text, policy_by_path, true)
    }

    /// [`Engine::lint`], choosing whether a `sentence` rule stays silent on
    /// a sentence that another active rule of its set has flagged (`defer`,
    /// as `check` runs). A rule's examples are run with `defer` off, so that
    /// they show what the rule catches on its own.
    pub fn lint_with(&self, text: &str, policy_by_path: bool, defer: bool) -> Linted {
        let document = Document::parse(text);
        let is_policy = policy_by_path || document.is_policy();
        let hits = self.matcher.find(&document.prose);
        let ctx = Ctx {
            doc: &document,
            text,
            hits: &hits,
            today: self.today,
            cue_labels: self.cue_labels,
            defer,
        };
        let skipped = self.skipped_sections(&document, text.len());
        let mut findings = Vec::new();
        for &i in &self.active {
            let rule = &self.book.rules[i];
            if rule.policies_only && !is_policy {
                continue;
            }
            let before = findings.len();
            kinds::check(rule, &ctx, &mut findings);
            if !rule.policies_only && !skipped.is_empty() {
                let mut k = before;
                for j in before..findings.len() {
                    let at = findings[j].span.start;
                    if !skipped.contains(at) {
                        findings.swap(k, j);
                        k += 1;
                    }
                }
                findings.truncate(k);
            }
        }
        if let Some(accept) = self.accept {
            let accepted = SpanSet::new(
                hits.of(accept)
                    .iter()
                    .map(|h| document.to_source(h.range()))
                    .collect(),
            );
            if !accepted.is_empty() {
                findings.retain(|f| !accepted.overlaps(f.span));
            }
        }
        if !document.directives.is_empty() {
            self.unknown_directive_ids(&document, &mut findings);
            let sup =
                Suppressions::new(text, &document.directives).rename(|s| self.book.renamed(s));
            if !sup.is_empty() {
                findings.retain(|f| {
                    &*f.rule == UNKNOWN_DIRECTIVE || !sup.suppressed(&f.rule, f.span.start)
                });
            }
        }
        // Unstable: a stable sort would borrow scratch space of half the
        // findings (47 MB on a 100 MB file). Findings alike in position and
        // rule come out in message order.
        findings.sort_unstable_by(|a, b| {
            (a.span.start, a.span.end, &a.rule, &a.message).cmp(&(
                b.span.start,
                b.span.end,
                &b.rule,
                &b.message,
            ))
        });
        findings.shrink_to_fit();
        Linted {
            findings,
            document,
            is_policy,
        }
    }

    /// Byte ranges of sections (any level) whose heading matches `skip_sections`.
    fn skipped_sections(&self, doc: &Document, len: usize) -> SpanSet {
        if self.skip_sections.is_empty() {
            return SpanSet::default();
        }
        let mut out = Vec::new();
        for (i, h) in doc.headings.iter().enumerate() {
            let text = doc.heading_text(i);
            if !self.skip_sections.is_match(text) {
                continue;
            }
            let end = doc.headings[i + 1..]
                .iter()
                .find(|x| x.level <= h.level)
                .map_or(len, |x| x.block.start);
            out.push(Span::new(h.block.start, end));
        }
        SpanSet::new(out)
    }

    fn unknown_directive_ids(&self, doc: &Document, out: &mut Vec<Finding>) {
        let wanted = Severity::Warning >= self.min_severity
            && (self.select.is_empty()
                || self.select.iter().any(|s| selects(s, UNKNOWN_DIRECTIVE)))
            && !self.ignore.iter().any(|s| selects(s, UNKNOWN_DIRECTIVE));
        if !wanted {
            return;
        }
        let mut known = self.book.known_names();
        known.push("outsidein");
        known.push(UNKNOWN_DIRECTIVE);
        let help: Arc<str> = Arc::from(
            "A directive names rule ids (`readability/legalese`) or set names (`process-voice`); \
             `outsidein rules` lists them. An unknown name suppresses nothing.",
        );
        for d in &doc.directives {
            for id in &d.ids {
                if known.contains(&id.name.as_str()) || self.book.renamed(&id.name).is_some() {
                    continue;
                }
                let message = match self
                    .book
                    .suggest(&id.name, &["outsidein", UNKNOWN_DIRECTIVE])
                {
                    Some(best) => format!(
                        "unknown rule `{}` in directive; did you mean `{best}`?",
                        id.name
                    ),
                    None => format!("unknown rule `{}` in directive", id.name),
                };
                out.push(Finding {
                    rule: Arc::from(UNKNOWN_DIRECTIVE),
                    severity: Severity::Warning,
                    dimension: Dimension::Process,
                    span: Span::new(id.span.0, id.span.1),
                    message,
                    help: help.clone(),
                    link: None,
                    fix: None,
                    weight: 1.0,
                    labels: None,
                });
            }
        }
    }
}

/// The `skip_sections` list, compiled on first use; a configured list is
/// compiled here too, to name a pattern that does not build.
fn compile_skip_sections(list: Option<&[String]>) -> Result<crate::rules::lazy::LazyRegex, Error> {
    use crate::rules::compile::{compile_any, compile_pattern};
    use crate::rules::lazy::LazyRegex;
    let Some(list) = list else {
        return Ok(LazyRegex::new(DEFAULT_SKIP_SECTIONS));
    };
    if compile_any(list).is_err() {
        for p in list {
            compile_pattern(p).map_err(|e| {
                Error::usage(format!("invalid skip_sections pattern `{p}`: {e}"), None)
            })?;
        }
    }
    Ok(LazyRegex::new(list))
}

fn lexicons_of(kind: &crate::rules::Kind) -> Vec<LexId> {
    use crate::rules::Kind;
    match kind {
        Kind::Existence { lex, exceptions } => {
            [Some(*lex), *exceptions].into_iter().flatten().collect()
        }
        Kind::Substitution {
            first_lex,
            replacements,
            exceptions,
            ..
        } => (0..replacements.len() as LexId)
            .map(|i| first_lex + i)
            .chain(*exceptions)
            .collect(),
        Kind::Occurrence { lex, .. } => lex.iter().copied().collect(),
        Kind::Ratio {
            numerator,
            denominator,
            ..
        } => vec![*numerator, *denominator],
        Kind::Section(crate::rules::SectionCheck::Exists {
            require, anywhere, ..
        }) => [*require, *anywhere].into_iter().flatten().collect(),
        Kind::Section(crate::rules::SectionCheck::EachTopLevel { require, .. }) => vec![*require],
        Kind::FrontMatter(_) | Kind::Metric { .. } => Vec::new(),
        Kind::Sentence {
            cues, exceptions, ..
        } => cues
            .iter()
            .filter(|c| c.anchored.is_none())
            .map(|c| c.lex)
            .chain(*exceptions)
            .collect(),
        Kind::Conditional {
            if_,
            then,
            exceptions,
            ..
        } => [Some(*if_), Some(*then), *exceptions]
            .into_iter()
            .flatten()
            .collect(),
    }
}

// For reporters that list the rules a run uses (SARIF's driver). Kept in its
// own block at the end of the file, away from the engine's moving parts.
impl Engine {
    /// Labels every cue a sentence rule weighed on the finding (for the
    /// graphical report).
    pub fn with_cue_labels(mut self, on: bool) -> Self {
        self.cue_labels = on;
        self
    }

    /// The rules that run, in rule-book order.
    pub fn active(&self) -> impl Iterator<Item = &crate::rules::Rule> + '_ {
        self.active.iter().map(|&i| &self.book.rules[i])
    }
}
