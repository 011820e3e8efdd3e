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
    /// Whether every pattern matches the same in a piece of the prose as
    /// in the whole (worked out for the first huge file).
    piecewise: std::sync::OnceLock<bool>,
}

/// Files longer than this are linted piece by piece where that gives the
/// same findings as linting them whole: only one piece's prose, tables and
/// hits are then alive at a time.
pub const SPLIT_MIN: usize = 4 << 20;

/// The least size of a piece of a file linted piece by piece.
const PIECE_MIN: usize = 1 << 20;

/// How a rule runs over a file linted piece by piece.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PieceRun {
    /// Over each piece: its findings depend on that piece alone.
    Each,
    /// Over the first piece only: it reads the front matter and the title.
    First,
    /// A conditional of document scope: over each piece, and a finding
    /// stands if no other piece's `then` matches satisfy it either.
    Deferred,
}

/// What linting one document produced.
#[derive(Debug, Default)]
pub struct Linted {
    pub findings: Vec<Finding>,
    /// The document; empty for a huge file linted piece by piece (see
    /// [`Engine::lint_whole`]).
    pub document: Document,
    /// Words of prose in the file.
    pub words: usize,
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
            piecewise: std::sync::OnceLock::new(),
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
    /// `policies` globs (or `--policies`) name the file. A file over
    /// [`SPLIT_MIN`] bytes is linted piece by piece when that gives the
    /// same findings; its `Linted::document` is then empty.
    pub fn lint(&self, text: &str, policy_by_path: bool) -> Linted {
        self.lint_with(text, policy_by_path, true)
    }

    /// [`Engine::lint`], choosing whether a `sentence` rule stays silent on
    /// a sentence that another active rule of its set has flagged (`defer`,
    /// as `check` runs). A rule's examples are run with `defer` off, so that
    /// they show what the rule catches on its own.
    pub fn lint_with(&self, text: &str, policy_by_path: bool, defer: bool) -> Linted {
        if text.len() > SPLIT_MIN
            && let Some(linted) = self.pieces(text, policy_by_path, PIECE_MIN, defer)
        {
            return linted;
        }
        self.whole(text, policy_by_path, defer)
    }

    /// Lints one file's text as one document, however long.
    pub fn lint_whole(&self, text: &str, policy_by_path: bool) -> Linted {
        self.whole(text, policy_by_path, true)
    }

    fn whole(&self, text: &str, policy_by_path: bool, defer: bool) -> Linted {
        let document = Document::parse(text);
        let is_policy = policy_by_path || document.is_policy();
        let hits = self.matcher.find(&document.prose);
        let ctx = self.ctx(&document, text, &hits, defer);
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
                retain_from(&mut findings, before, |f| !skipped.contains(f.span.start));
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
        self.finish(text, &document.directives, &mut findings);
        Linted {
            findings,
            words: document.words,
            document,
            is_policy,
        }
    }

    /// Applies the file's directives and sorts the findings.
    fn finish(
        &self,
        text: &str,
        directives: &[crate::document::Directive],
        findings: &mut Vec<Finding>,
    ) {
        if !directives.is_empty() {
            self.unknown_directive_ids(directives, findings);
            let sup = Suppressions::new(text, directives).rename(|s| self.book.renamed(s));
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
    }

    /// Lints a huge file piece by piece (see [`Document::plan`]), or
    /// `None` when that might not give the findings linting it whole
    /// gives: a rule that weighs the whole document (other than the ones
    /// [`PieceRun`] handles), a pattern anchored at the prose's start or
    /// end, a piece that does not parse as planned. `min` is the least
    /// size of a piece.
    #[doc(hidden)]
    pub fn lint_pieces(&self, text: &str, policy_by_path: bool, min: usize) -> Option<Linted> {
        self.pieces(text, policy_by_path, min, true)
    }

    fn pieces(&self, text: &str, policy_by_path: bool, min: usize, defer: bool) -> Option<Linted> {
        if !*self
            .piecewise
            .get_or_init(|| patterns_match_in_pieces(&self.matcher))
        {
            return None;
        }
        let plan = Document::plan(text, min)?;
        let mut document = Document::parse_piece(text, &plan, 0)?;
        let is_policy = policy_by_path || document.is_policy();
        let mut runs = Vec::new();
        for &i in &self.active {
            let rule = &self.book.rules[i];
            if rule.policies_only && !is_policy {
                continue;
            }
            runs.push((rule, piece_run(&rule.kind)?));
        }
        // A sentence rule defers to its set's findings as they are made; a
        // deferred rule's findings are only made at the end, so a sentence
        // rule that could defer to one needs the file whole.
        if defer
            && runs.iter().any(|&(s, _)| {
                matches!(s.kind, crate::rules::Kind::Sentence { .. })
                    && runs.iter().any(|&(d, run)| {
                        run == PieceRun::Deferred && d.set == s.set && d.severity >= s.severity
                    })
            })
        {
            return None;
        }
        let mut findings = Vec::new();
        let mut accepted = Vec::new();
        let mut directives = Vec::new();
        let mut words = 0;
        // Skipped sections that run on past their piece (under the title).
        let mut carried: Vec<Span> = Vec::new();
        // Per deferred rule: (piece, capture, finding) left, and each piece's `then`s.
        #[allow(clippy::type_complexity)]
        let mut deferred: Vec<(
            Vec<(usize, Option<String>, Finding)>,
            Vec<kinds::conditional::Thens>,
        )> = runs.iter().map(|_| (Vec::new(), Vec::new())).collect();
        for (p, range) in plan.pieces.iter().enumerate() {
            if p > 0 {
                document = Document::parse_piece(text, &plan, p)?;
            }
            let hits = self.matcher.find(&document.prose);
            let ctx = self.ctx(&document, text, &hits, defer);
            let mut spans = self.skipped_spans(&document, range.end, text.len(), plan.top());
            spans.extend(carried.iter().copied());
            carried = spans
                .iter()
                .copied()
                .filter(|s| s.end > range.end)
                .collect();
            let skipped = SpanSet::new(spans);
            for (r, &(rule, run)) in runs.iter().enumerate() {
                let before = findings.len();
                match run {
                    PieceRun::Each => kinds::check(rule, &ctx, &mut findings),
                    PieceRun::First if p == 0 => kinds::check(rule, &ctx, &mut findings),
                    PieceRun::First => {}
                    PieceRun::Deferred => {
                        let crate::rules::Kind::Conditional {
                            if_,
                            then,
                            exceptions,
                            ..
                        } = rule.kind
                        else {
                            return None;
                        };
                        let (left, thens) =
                            kinds::conditional::check_piece(rule, &ctx, (if_, then), exceptions);
                        let (kept, pieces) = &mut deferred[r];
                        kept.extend(
                            left.into_iter()
                                .filter(|(_, f)| {
                                    rule.policies_only
                                        || skipped.is_empty()
                                        || !skipped.contains(f.span.start)
                                })
                                .map(|(cap, f)| (p, cap, f)),
                        );
                        pieces.push(thens);
                    }
                }
                if !rule.policies_only && !skipped.is_empty() {
                    retain_from(&mut findings, before, |f| !skipped.contains(f.span.start));
                }
            }
            if let Some(accept) = self.accept {
                accepted.extend(
                    hits.of(accept)
                        .iter()
                        .map(|h| document.to_source(h.range())),
                );
            }
            directives.append(&mut document.directives);
            words += document.words;
        }
        drop(document);
        for (kept, pieces) in deferred {
            findings.extend(kept.into_iter().filter_map(|(p, cap, f)| {
                let satisfied = pieces
                    .iter()
                    .enumerate()
                    .any(|(q, t)| q != p && t.satisfy(cap.as_deref()));
                (!satisfied).then_some(f)
            }));
        }
        let accepted = SpanSet::new(accepted);
        if !accepted.is_empty() {
            findings.retain(|f| !accepted.overlaps(f.span));
        }
        self.finish(text, &directives, &mut findings);
        Some(Linted {
            findings,
            document: Document::default(),
            words,
            is_policy,
        })
    }

    /// What the rules see of one document (or one piece of a file).
    fn ctx<'a>(
        &self,
        doc: &'a Document,
        text: &'a str,
        hits: &'a crate::rules::compile::Hits,
        defer: bool,
    ) -> Ctx<'a> {
        Ctx {
            doc,
            text,
            hits,
            today: self.today,
            cue_labels: self.cue_labels,
            defer,
        }
    }

    /// Byte ranges of sections (any level) whose heading matches `skip_sections`.
    fn skipped_sections(&self, doc: &Document, len: usize) -> SpanSet {
        SpanSet::new(self.skipped_spans(doc, len, len, 0))
    }

    /// The sections of `doc` whose heading matches `skip_sections`. One
    /// with no later heading as high in `doc` ends at `end`, or at `len`
    /// if its heading is above level `top` (the title of a file linted
    /// piece by piece heads every piece).
    fn skipped_spans(&self, doc: &Document, end: usize, len: usize, top: u8) -> Vec<Span> {
        if self.skip_sections.is_empty() {
            return Vec::new();
        }
        let mut out = Vec::new();
        for (i, h) in doc.headings.iter().enumerate() {
            let text = doc.heading_text(i);
            if !self.skip_sections.is_match(text) {
                continue;
            }
            let stop = doc.headings[i + 1..]
                .iter()
                .find(|x| x.level <= h.level)
                .map_or(if h.level < top { len } else { end }, |x| x.block.start);
            out.push(Span::new(h.block.start, stop));
        }
        out
    }

    fn unknown_directive_ids(
        &self,
        directives: &[crate::document::Directive],
        out: &mut Vec<Finding>,
    ) {
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
        for d in directives {
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

/// Keeps the findings from index `from` on that `keep` accepts, in order.
fn retain_from(findings: &mut Vec<Finding>, from: usize, keep: impl Fn(&Finding) -> bool) {
    let mut k = from;
    for j in from..findings.len() {
        if keep(&findings[j]) {
            findings.swap(k, j);
            k += 1;
        }
    }
    findings.truncate(k);
}

/// How a rule of `kind` runs over a file linted piece by piece; `None`
/// when it weighs the whole document in a way pieces cannot reproduce.
fn piece_run(kind: &crate::rules::Kind) -> Option<PieceRun> {
    use crate::rules::{Kind, Scope};
    let each = |scope: &Scope| (*scope != Scope::Document).then_some(PieceRun::Each);
    match kind {
        Kind::Existence { .. } | Kind::Substitution { .. } | Kind::Sentence { .. } => {
            Some(PieceRun::Each)
        }
        Kind::Occurrence { scope, .. } | Kind::Ratio { scope, .. } | Kind::Metric { scope, .. } => {
            each(scope)
        }
        Kind::Conditional { scope, .. } => each(scope).or(Some(PieceRun::Deferred)),
        Kind::FrontMatter(_) => Some(PieceRun::First),
        Kind::Section(_) => None,
    }
}

/// Does every pattern find the same in a piece of the prose as in the
/// whole? The matcher searches each segment within the whole prose, so
/// only the prose's own start and end can tell a piece from the whole: no
/// pattern may look for the start (`^`, `\A` without `(?m)`), and none
/// searched over all the prose at once may look for the end or match
/// the empty string.
fn patterns_match_in_pieces(matcher: &Matcher) -> bool {
    use regex_syntax::hir::Look;
    matcher.patterns().all(|(pattern, whole)| {
        let Ok(hir) = regex_syntax::Parser::new().parse(pattern) else {
            return false;
        };
        let props = hir.properties();
        let looks = props.look_set();
        !looks.contains(Look::Start)
            && !(whole && (looks.contains(Look::End) || props.minimum_len() == Some(0)))
    })
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
