//! The engine: compiled rules × one document → sorted findings, after
//! directives, `accept` terms and severity filters.

use std::sync::Arc;

use crate::document::directives::{Suppressions, selects};
use crate::document::{Document, Span};
use crate::error::{Error, did_you_mean};
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
}

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
}

/// What linting one document produced.
#[derive(Debug, Default)]
pub struct Linted {
    pub findings: Vec<Finding>,
    pub document: Document,
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
        let active: Vec<usize> = book
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
        Ok(Engine {
            book,
            active,
            matcher,
            accept,
            min_severity,
            select: settings.select.clone(),
            ignore: settings.ignore.clone(),
        })
    }

    /// Number of rules that run.
    pub fn active_rules(&self) -> usize {
        self.active.len()
    }

    /// Lints one file's text.
    pub fn lint(&self, text: &str) -> Linted {
        let document = Document::parse(text);
        let hits = self.matcher.find(&document.prose);
        let ctx = Ctx {
            doc: &document,
            text,
            hits: &hits,
        };
        let mut findings = Vec::new();
        for &i in &self.active {
            kinds::check(&self.book.rules[i], &ctx, &mut findings);
        }
        if let Some(accept) = self.accept {
            let accepted: Vec<Span> = hits
                .of(accept)
                .iter()
                .map(|h| document.to_source(h.range()))
                .collect();
            if !accepted.is_empty() {
                findings.retain(|f| {
                    !accepted
                        .iter()
                        .any(|a| a.start < f.span.end && f.span.start < a.end)
                });
            }
        }
        if !document.directives.is_empty() {
            self.unknown_directive_ids(&document, &mut findings);
            let sup = Suppressions::new(text, &document.directives);
            if !sup.is_empty() {
                findings.retain(|f| {
                    &*f.rule == UNKNOWN_DIRECTIVE || !sup.suppressed(&f.rule, f.span.start)
                });
            }
        }
        findings.sort_by(|a, b| {
            (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
        });
        Linted { findings, document }
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
            "A directive names rule ids (`process-voice/legalese`) or set names (`process-voice`); \
             `outsidein rules` lists them. An unknown name suppresses nothing.",
        );
        for d in &doc.directives {
            for id in &d.ids {
                if known.contains(&id.name.as_str()) {
                    continue;
                }
                let message = match did_you_mean(&id.name, known.iter().copied()) {
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
                });
            }
        }
    }
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
    /// The rules that run, in rule-book order.
    pub fn active(&self) -> impl Iterator<Item = &crate::rules::Rule> + '_ {
        self.active.iter().map(|&i| &self.book.rules[i])
    }
}
