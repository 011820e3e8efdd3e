//! Reading and validating rule files: YAML to `Rule`s, or miette errors that
//! point at the exact key or value in the YAML.

use std::sync::Arc;

use serde_saphyr::Spanned;

use super::compile::{Lexicon, compile_pattern, normalize_token};
use super::lazy::LazyRegex;
use super::spec::{
    self, FixSpec, KindSpec, LexiconSpec, RuleFileSpec, RuleSpec, ScopeSpec, span_of,
};
use super::{
    Cue, DateCheck, Dimension, Examples, FixSafety, FlagExample, FrontMatterCheck, Kind, LexId,
    Metric, Origin, PassExample, Rule, RuleSetInfo, Scope, SectionCheck, Severity,
};
use crate::error::{Error, YamlProblem, YamlSource};

/// Every loaded rule, with the word lists they use.
#[derive(Debug, Default, Clone)]
pub struct RuleBook {
    pub rules: Vec<Rule>,
    pub lexicons: Vec<Lexicon>,
    pub sets: Vec<RuleSetInfo>,
}

impl RuleBook {
    /// Loads rule files in order. All problems of a file are reported together.
    pub fn load(files: &[YamlSource]) -> Result<RuleBook, Error> {
        let mut book = RuleBook::default();
        for file in files {
            book.load_one(file)?;
        }
        Ok(book)
    }

    /// Every rule id and set name, for directive and config checks.
    pub fn known_names(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.rules.iter().map(|r| &*r.id).collect();
        v.extend(self.sets.iter().map(|s| s.name.as_str()));
        v
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| &*r.id == id)
    }

    /// The closest known rule id or set name to a mistyped `got` (or one of
    /// `extra`), matching old ids too: `process-voice/legalise` suggests
    /// `readability/legalese`, which was `process-voice/legalese`.
    pub fn suggest<'a>(&'a self, got: &str, extra: &[&'a str]) -> Option<&'a str> {
        let mut candidates = self.known_names();
        candidates.extend_from_slice(extra);
        candidates.extend(
            self.rules
                .iter()
                .flat_map(|r| r.formerly.iter().map(|f| f.as_str())),
        );
        let best = crate::error::did_you_mean(got, candidates)?;
        Some(self.renamed(best).unwrap_or(best))
    }

    /// The current id of a rule that `old` named before it moved, when
    /// `old` is not itself a known rule or set.
    pub fn renamed(&self, old: &str) -> Option<&str> {
        if self.rule(old).is_some() || self.sets.iter().any(|s| s.name == old) {
            return None;
        }
        self.rules
            .iter()
            .find(|r| r.formerly.iter().any(|f| f == old))
            .map(|r| &*r.id)
    }

    fn load_one(&mut self, file: &YamlSource) -> Result<(), Error> {
        // A built-in file was read at build time (`frozen`).
        let frozen = file
            .builtin
            .then(|| super::frozen::builtin_spec(&file.text))
            .flatten();
        let spec: RuleFileSpec = match frozen {
            Some(spec) => spec,
            None => serde_saphyr::from_str(&file.text).map_err(|e| Error::Yaml {
                summary: format!("{} is not a valid rule file", file.name),
                problems: vec![file.from_saphyr(&e, "rule file")],
            })?,
        };
        let mut problems = Vec::new();
        let set = spec.name.value.clone();
        if !is_kebab(&set) {
            problems.push(file.problem(
                span_of(&spec.name),
                format!("rule set name `{set}` must be kebab-case"),
                "not kebab-case",
                Some("Use lowercase letters, digits and hyphens, e.g. `house-style`.".into()),
            ));
        }
        if let Some(prev) = self.sets.iter().find(|s| s.name == set) {
            problems.push(
                file.problem(
                    span_of(&spec.name),
                    format!("rule set `{set}` is already defined by {}", prev.file),
                    "duplicate set name",
                    Some(
                        "Rule ids are `set/rule`, so two sets cannot share a name. Rename one set."
                            .into(),
                    ),
                ),
            );
        }
        for (key, rule) in &spec.rules {
            let mut v = Validator {
                file,
                problems: &mut problems,
                lexicons: &mut self.lexicons,
            };
            if let Some(r) = v.rule(&set, key, rule) {
                self.rules.push(r);
            }
        }
        if !problems.is_empty() {
            let n = problems.len();
            return Err(Error::Yaml {
                summary: format!(
                    "{} has {n} problem{}",
                    file.name,
                    if n == 1 { "" } else { "s" }
                ),
                problems,
            });
        }
        self.sets.push(RuleSetInfo {
            name: set,
            description: spec.description.unwrap_or_default(),
            file: file.name.clone(),
        });
        Ok(())
    }
}

fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.ends_with('-')
}

struct Validator<'a> {
    file: &'a YamlSource,
    problems: &'a mut Vec<YamlProblem>,
    lexicons: &'a mut Vec<Lexicon>,
}

/// Placeholders a message may use, per kind.
fn placeholders(kind: KindSpec) -> &'static [&'static str] {
    match kind {
        KindSpec::Existence | KindSpec::Conditional => &["match"],
        KindSpec::Substitution => &["match", "replacement"],
        KindSpec::Occurrence => &["match", "count", "max", "min", "scope"],
        KindSpec::Ratio => &["match", "numerator", "denominator", "ratio", "max", "scope"],
        KindSpec::Section => &["match", "heading"],
        KindSpec::FrontMatter => &["match", "key", "value"],
        KindSpec::Metric => &["match", "value", "max", "min", "metric", "scope"],
        KindSpec::Sentence => &["match", "cues", "score", "threshold"],
    }
}

impl Validator<'_> {
    fn err(
        &mut self,
        span: std::ops::Range<usize>,
        msg: impl Into<String>,
        label: &str,
        help: Option<String>,
    ) {
        self.problems
            .push(self.file.problem(span, msg, label, help));
    }

    fn rule(&mut self, set: &str, key: &Spanned<String>, spec: &Spanned<RuleSpec>) -> Option<Rule> {
        let name = &key.value;
        let id = format!("{set}/{name}");
        let before = self.problems.len();
        if !is_kebab(name) {
            self.err(
                span_of(key),
                format!("rule name `{name}` must be kebab-case"),
                "not kebab-case",
                Some(
                    "Use lowercase letters, digits and hyphens; the id is `set/rule-name`.".into(),
                ),
            );
        }
        let s = &spec.value;
        let kind_spec = s.kind.value;
        self.check_message(&s.message, kind_spec);
        if s.help.as_deref().is_none_or(|h| h.trim().is_empty()) {
            self.err(
                span_of(key),
                format!("rule `{id}` has no `help`"),
                "this rule",
                Some(
                    "Add `help:` saying why this reads process-first and what to write instead."
                        .into(),
                ),
            );
        }
        if let Some(p) = &s.points
            && !(p.value > 0.0 && p.value.is_finite())
        {
            self.err(span_of(p), "`points` must be a positive number", "not positive", Some("`points` is what the check is worth in the customer-centricity score, e.g. `points: 25`.".into()));
        }
        for f in s.formerly.iter().flatten() {
            if !f.value.contains('/') || !f.value.split('/').all(is_kebab) {
                self.err(
                    span_of(f),
                    format!("`formerly` entry `{}` is not a rule id", f.value),
                    "not set/rule-name",
                    Some("`formerly` lists the full ids this rule had before, e.g. `process-voice/legalese`.".into()),
                );
            }
        }
        let kind = self.kind(&id, key, s)?;
        let examples = self.examples(s);
        if self.problems.len() > before {
            return None;
        }
        let severity = s.severity.unwrap_or(Severity::Warning);
        let message = s.message.value.trim().to_string();
        Some(Rule {
            id: Arc::from(id.as_str()),
            set: set.to_string(),
            kind,
            severity,
            default_severity: severity,
            dimension: s.dimension.unwrap_or(Dimension::Process),
            description: s
                .description
                .clone()
                .unwrap_or_else(|| first_sentence(s.help.as_deref().unwrap_or(&message))),
            message,
            help: Arc::from(s.help.as_deref().unwrap_or("").trim()),
            link: s.link.as_deref().map(Arc::from),
            examples,
            origin: Origin {
                file: self.file.clone(),
                key: span_of(key),
            },
            points: s.points.as_ref().map(|p| p.value),
            formerly: s
                .formerly
                .iter()
                .flatten()
                .map(|f| f.value.clone())
                .collect(),
            policies_only: match s.applies_to.as_ref().map(|a| a.value) {
                Some(spec::AppliesSpec::Policies) => true,
                Some(spec::AppliesSpec::All) => false,
                None => matches!(kind_spec, KindSpec::Section | KindSpec::FrontMatter),
            },
        })
    }

    fn check_message(&mut self, msg: &Spanned<String>, kind: KindSpec) {
        let allowed = placeholders(kind);
        let text = &msg.value;
        let mut rest = text.as_str();
        while let Some(i) = rest.find('{') {
            let after = &rest[i + 1..];
            let Some(j) = after.find('}') else { break };
            let name = &after[..j];
            if !allowed.contains(&name) {
                let kind_name = kind.name();
                self.err(
                    span_of(msg),
                    format!("unknown placeholder `{{{name}}}` in message"),
                    "in this message",
                    Some(format!(
                        "A {kind_name} rule's message can use: {}",
                        allowed
                            .iter()
                            .map(|a| format!("{{{a}}}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                );
            }
            rest = &after[j + 1..];
        }
    }

    /// Registers a word list, validating every token and pattern.
    fn lexicon(&mut self, tokens: &[Spanned<String>], patterns: &[Spanned<String>]) -> LexId {
        let mut lex = Lexicon::default();
        for t in tokens {
            if normalize_token(&t.value).is_empty() {
                self.err(
                    span_of(t),
                    "empty token",
                    "empty",
                    Some("Remove it, or write the word.".into()),
                );
            } else {
                lex.tokens.push(t.value.clone());
            }
        }
        for p in patterns {
            if self.file.builtin {
                lex.patterns.push(p.value.clone());
                continue;
            }
            // Parsing is enough to validate a word-list pattern; the matcher
            // compiles it when the text first calls for it.
            match super::compile::parse_pattern(&p.value) {
                Ok(hir) if hir.properties().minimum_len() == Some(0) => self.err(
                    span_of(p),
                    format!("pattern `{}` matches empty text", p.value),
                    "matches nothing at all",
                    Some(
                        "A pattern must match at least one character, or it would flag everywhere."
                            .into(),
                    ),
                ),
                Ok(_) => lex.patterns.push(p.value.clone()),
                Err(e) => self.regex_error(p, &e),
            }
        }
        self.lexicons.push(lex);
        (self.lexicons.len() - 1) as LexId
    }

    fn lexicon_spec(&mut self, l: &Spanned<LexiconSpec>, what: &str) -> LexId {
        if l.value.tokens.is_empty() && l.value.patterns.is_empty() {
            self.err(
                span_of(l),
                format!("`{what}` has no tokens or patterns"),
                "empty",
                Some(format!("Give `{what}` a `tokens:` or `patterns:` list.")),
            );
        }
        self.lexicon(&l.value.tokens, &l.value.patterns)
    }

    /// Reports every field the rule's kind does not use.
    fn unused_fields(&mut self, s: &RuleSpec) {
        let k = s.kind.value;
        let present: [(&str, Option<std::ops::Range<usize>>); 30] = [
            ("cues", s.cues.as_ref().map(span_of)),
            ("threshold", s.threshold.as_ref().map(span_of)),
            ("window", s.window.as_ref().map(span_of)),
            ("if_missing", s.if_missing.as_ref().map(span_of)),
            ("tokens", s.tokens.as_ref().map(span_of)),
            ("patterns", s.patterns.as_ref().map(span_of)),
            ("exceptions", s.exceptions.as_ref().map(span_of)),
            ("swap", s.swap.as_ref().map(span_of)),
            ("fix", s.fix.as_ref().map(span_of)),
            ("scope", s.scope.as_ref().map(span_of)),
            ("count", s.count.as_ref().map(span_of)),
            ("max", s.max.as_ref().map(span_of)),
            ("min", s.min.as_ref().map(span_of)),
            ("min_words", s.min_words.as_ref().map(span_of)),
            ("if", s.if_.as_ref().map(span_of)),
            ("then", s.then.as_ref().map(span_of)),
            ("numerator", s.numerator.as_ref().map(span_of)),
            ("denominator", s.denominator.as_ref().map(span_of)),
            ("min_count", s.min_count.as_ref().map(span_of)),
            ("heading", s.heading.as_ref().map(span_of)),
            ("each", s.each.as_ref().map(span_of)),
            ("require", s.require.as_ref().map(span_of)),
            ("front_matter", s.front_matter.as_ref().map(span_of)),
            ("anywhere", s.anywhere.as_ref().map(span_of)),
            ("skip", s.skip.as_ref().map(span_of)),
            ("keys", s.keys.as_ref().map(span_of)),
            ("pattern", s.pattern.as_ref().map(span_of)),
            ("reject", s.reject.as_ref().map(span_of)),
            ("date", s.date.as_ref().map(span_of)),
            ("metric", s.metric.as_ref().map(span_of)),
        ];
        let used = fields_of(k);
        for (field, span) in present {
            if let (Some(span), false) = (span, used.contains(&field)) {
                self.err(
                    span,
                    format!("`{field}` is not used by kind `{}`", k.name()),
                    "not used",
                    Some(format!(
                        "Remove `{field}`, or change `kind`. A {} rule uses: {}.",
                        k.name(),
                        used.iter()
                            .map(|f| format!("`{f}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                );
            }
        }
    }

    fn required(&mut self, id: &str, s: &RuleSpec, what: &str, help: &str) {
        self.err(
            span_of(&s.kind),
            format!("{} rule `{id}` needs {what}", s.kind.value.name()),
            &format!("needs {what}"),
            Some(help.to_string()),
        );
    }

    /// Patterns asked only whether any of them matches, compiled on first
    /// use; a user file's are compiled here too, to report the bad ones.
    fn regexes(&mut self, list: Option<&Spanned<Vec<Spanned<String>>>>) -> LazyRegex {
        let list = list.map(|l| l.value.as_slice()).unwrap_or(&[]);
        let patterns: Vec<&str> = list.iter().map(|p| p.value.as_str()).collect();
        if !self.file.builtin && super::compile::compile_any(&patterns).is_err() {
            for p in list {
                if let Err(e) = compile_pattern(&p.value) {
                    self.regex_error(p, &e);
                }
            }
        }
        LazyRegex::new(&patterns)
    }

    fn regex_error(&mut self, p: &Spanned<String>, e: &dyn std::fmt::Display) {
        let detail = e.to_string();
        let last = detail.lines().last().unwrap_or("").trim();
        let last = last.strip_prefix("error: ").unwrap_or(last).to_string();
        self.err(
            span_of(p),
            format!("invalid regex: {last}"),
            "this pattern",
            Some("Patterns use Rust `regex` syntax (no look-around or backreferences): https://docs.rs/regex/latest/regex/#syntax".into()),
        );
    }

    fn kind(&mut self, id: &str, key: &Spanned<String>, s: &RuleSpec) -> Option<Kind> {
        let k = s.kind.value;
        self.unused_fields(s);
        let exceptions = s
            .exceptions
            .as_ref()
            .map(|e| self.lexicon_spec(e, "exceptions"));
        let tokens = s.tokens.as_ref().map(|t| t.value.as_slice()).unwrap_or(&[]);
        let patterns = s
            .patterns
            .as_ref()
            .map(|t| t.value.as_slice())
            .unwrap_or(&[]);
        let has_list = s.tokens.is_some() || s.patterns.is_some();
        let scope = s.scope.as_ref().map(|x| match x.value {
            ScopeSpec::Sentence => Scope::Sentence,
            ScopeSpec::Paragraph => Scope::Paragraph,
            ScopeSpec::Section => Scope::Section,
            ScopeSpec::Document => Scope::Document,
        });
        let max = s.max.as_ref().map(|m| m.value);
        let min = s.min.as_ref().map(|m| m.value);
        let min_words = s.min_words.as_ref().map(|m| m.value);
        match k {
            KindSpec::Existence => {
                if tokens.is_empty() && patterns.is_empty() {
                    self.required(
                        id,
                        s,
                        "`tokens` or `patterns`",
                        "Add `tokens: [...]` (literal words) or `patterns: [...]` (regexes).",
                    );
                }
                let lex = self.lexicon(tokens, patterns);
                Some(Kind::Existence { lex, exceptions })
            }
            KindSpec::Substitution => {
                let Some(swap) = &s.swap else {
                    self.required(
                        id,
                        s,
                        "`swap`",
                        "Add `swap:` mapping each phrase to its replacement, e.g. `shall: will`.",
                    );
                    return None;
                };
                if swap.value.is_empty() {
                    self.err(span_of(swap), "`swap` is empty", "empty", None);
                }
                let mut first = None;
                let mut replacements = Vec::new();
                for (from, to) in &swap.value {
                    let lex = self.lexicon(std::slice::from_ref(from), &[]);
                    first.get_or_insert(lex);
                    replacements.push(to.value.clone());
                }
                let fix = match s.fix.as_ref().map(|f| f.value) {
                    None | Some(FixSpec::Safe) => Some(FixSafety::Safe),
                    Some(FixSpec::Unsafe) => Some(FixSafety::Unsafe),
                    Some(FixSpec::None) => None,
                };
                Some(Kind::Substitution {
                    first_lex: first.unwrap_or(0),
                    replacements,
                    fix,
                    exceptions,
                })
            }
            KindSpec::Occurrence => {
                if max.is_none() && min.is_none() {
                    self.required(
                        id,
                        s,
                        "`max` or `min`",
                        "Add `max: N` to flag more than N, or `min: N` to flag fewer than N.",
                    );
                }
                for m in [&s.max, &s.min].into_iter().flatten() {
                    if m.value < 0.0 || m.value.fract() != 0.0 {
                        self.err(
                            span_of(m),
                            "occurrence limits are whole numbers",
                            "not a whole number",
                            Some("Counts are whole numbers, e.g. `max: 25`.".into()),
                        );
                    }
                }
                let count = s.count.as_ref().map(|c| c.value).unwrap_or(if has_list {
                    spec::CountSpec::Matches
                } else {
                    spec::CountSpec::Words
                });
                let lex = match count {
                    spec::CountSpec::Words => {
                        if let Some(span) = s
                            .tokens
                            .as_ref()
                            .map(span_of)
                            .or(s.patterns.as_ref().map(span_of))
                        {
                            self.err(
                                span,
                                "`count: words` counts words, not tokens or patterns",
                                "not used",
                                Some("Remove the list, or use `count: matches`.".into()),
                            );
                        }
                        None
                    }
                    spec::CountSpec::Matches | spec::CountSpec::Distinct => {
                        if !has_list {
                            self.err(
                                span_of(key),
                                format!("occurrence rule `{id}` counts matches but has no `tokens` or `patterns`"),
                                "nothing to count",
                                Some("Add `tokens:`/`patterns:`, or `count: words` to count words.".into()),
                            );
                        }
                        Some(self.lexicon(tokens, patterns))
                    }
                };
                Some(Kind::Occurrence {
                    lex,
                    distinct: s
                        .count
                        .as_ref()
                        .is_some_and(|c| c.value == spec::CountSpec::Distinct),
                    scope: scope.unwrap_or(Scope::Sentence),
                    max: max.map(|m| m as u32),
                    min: min.map(|m| m as u32),
                })
            }
            KindSpec::Conditional => {
                let (Some(if_), Some(then)) = (&s.if_, &s.then) else {
                    self.required(id, s, "both `if` and `then`", "`if:` is what triggers the check, `then:` what must be near it; each has `tokens:`/`patterns:`.");
                    return None;
                };
                let if_ = self.lexicon_spec(if_, "if");
                let then = self.lexicon_spec(then, "then");
                let scope = scope.unwrap_or(Scope::Sentence);
                if let (Some(w), false) = (&s.window, scope == Scope::Sentence) {
                    self.err(
                        span_of(w),
                        "`window` only applies with `scope: sentence`",
                        "not used",
                        None,
                    );
                }
                Some(Kind::Conditional {
                    if_,
                    then,
                    scope,
                    exceptions,
                    window: s.window.as_ref().map_or(0, |w| w.value),
                })
            }
            KindSpec::Ratio => {
                let (Some(num), Some(den)) = (&s.numerator, &s.denominator) else {
                    self.required(id, s, "`numerator` and `denominator`", "Each is a word list with `tokens:`/`patterns:`; the rule flags units where numerator/denominator exceeds `max`.");
                    return None;
                };
                let Some(max) = max else {
                    self.required(id, s, "`max`", "Add `max: 2` to flag units with more than twice as many numerator as denominator matches.");
                    return None;
                };
                let numerator = self.lexicon_spec(num, "numerator");
                let denominator = self.lexicon_spec(den, "denominator");
                Some(Kind::Ratio {
                    numerator,
                    denominator,
                    scope: scope.unwrap_or(Scope::Section),
                    max,
                    min_words: min_words.unwrap_or(0),
                    min_count: s.min_count.as_ref().map_or(1, |m| m.value),
                })
            }
            KindSpec::Section => {
                let require = s.require.as_ref().map(|r| self.lexicon_spec(r, "require"));
                if s.each.is_some() {
                    if let Some(h) = &s.heading {
                        self.err(span_of(h), "`heading` and `each` cannot be combined", "remove one", Some("`each: top-level` judges every top-level section; `heading:` asks for one section.".into()));
                    }
                    let Some(require) = require else {
                        self.required(id, s, "`require`", "With `each: top-level`, `require:` says what every top-level section must contain.");
                        return None;
                    };
                    if let Some(m) = &s.if_missing {
                        self.err(
                            span_of(m),
                            "`if_missing` only applies with `heading`",
                            "not used",
                            None,
                        );
                    }
                    let skip = self.regexes(s.skip.as_ref());
                    return Some(Kind::Section(SectionCheck::EachTopLevel {
                        require,
                        skip,
                        min_words: min_words.unwrap_or(1),
                    }));
                }
                if s.heading.is_none() {
                    self.required(id, s, "`heading` or `each`", "`heading: ['owner', 'who owns']` asks for a section with a matching heading; `each: top-level` judges every top-level section.");
                    return None;
                }
                if let Some(sk) = &s.skip {
                    self.err(
                        span_of(sk),
                        "`skip` only applies with `each: top-level`",
                        "not used",
                        None,
                    );
                }
                let heading = self.regexes(s.heading.as_ref());
                let anywhere = s
                    .anywhere
                    .as_ref()
                    .map(|a| self.lexicon_spec(a, "anywhere"));
                Some(Kind::Section(SectionCheck::Exists {
                    heading,
                    min_words: min_words.unwrap_or(0),
                    require,
                    front_matter: s
                        .front_matter
                        .as_ref()
                        .map(|f| f.value.iter().map(|k| k.value.clone()).collect())
                        .unwrap_or_default(),
                    anywhere,
                    flag_missing: s
                        .if_missing
                        .as_ref()
                        .is_none_or(|m| m.value == spec::IfMissingSpec::Flag),
                }))
            }
            KindSpec::FrontMatter => {
                let Some(keys) = &s.keys else {
                    self.required(id, s, "`keys`", "List the front-matter keys to check, e.g. `keys: [review_date, next_review]`.");
                    return None;
                };
                let pattern = match &s.pattern {
                    Some(p) => match compile_pattern(&p.value) {
                        Ok(re) => Some(re),
                        Err(e) => {
                            self.regex_error(p, &e);
                            None
                        }
                    },
                    None => None,
                };
                Some(Kind::FrontMatter(FrontMatterCheck {
                    keys: keys.value.iter().map(|k| k.value.clone()).collect(),
                    pattern,
                    reject: s
                        .reject
                        .as_ref()
                        .map(|r| {
                            r.value
                                .iter()
                                .map(|v| v.value.trim().to_lowercase())
                                .collect()
                        })
                        .unwrap_or_default(),
                    date: s.date.as_ref().map(|d| match d.value {
                        spec::DateSpec::Valid => DateCheck::Valid,
                        spec::DateSpec::NotPast => DateCheck::NotPast,
                    }),
                }))
            }
            KindSpec::Sentence => {
                let Some(cues) = &s.cues else {
                    self.required(id, s, "`cues`", "Give named cues, each with `weight:` and `tokens:`/`patterns:`; negative weights for reasons and reader benefits.");
                    return None;
                };
                let Some(threshold) = &s.threshold else {
                    self.required(
                        id,
                        s,
                        "`threshold`",
                        "Add `threshold: 2` to flag sentences whose cue weights sum to 2 or more.",
                    );
                    return None;
                };
                if threshold.value <= 0.0 {
                    self.err(span_of(threshold), "`threshold` must be above 0", "not above 0", Some("With a threshold of 0 or less, sentences with no cue at all would be flagged.".into()));
                }
                if !cues.value.values().any(|c| c.value.weight.value > 0.0) {
                    self.err(
                        span_of(cues),
                        "no cue has a positive weight",
                        "nothing can reach the threshold",
                        None,
                    );
                }
                let mut out = Vec::new();
                for (name, cue) in &cues.value {
                    let c = &cue.value;
                    if c.tokens.is_empty() && c.patterns.is_empty() {
                        self.err(
                            span_of(name),
                            format!("cue `{}` has no tokens or patterns", name.value),
                            "empty cue",
                            None,
                        );
                    }
                    if c.weight.value == 0.0 || !c.weight.value.is_finite() {
                        self.err(
                            span_of(&c.weight),
                            "a cue weight must be a non-zero number",
                            "weight",
                            None,
                        );
                    }
                    if c.at == Some(spec::CueAt::NextSentence) && c.weight.value > 0.0 {
                        self.err(
                            span_of(&c.weight),
                            "a cue with `at: next-sentence` must have a negative weight",
                            "weight",
                            Some("It is for reasons given after the fact (\"This is so that ...\"); a finding would underline words of the wrong sentence.".into()),
                        );
                    }
                    let before = self.problems.len();
                    let lex = self.lexicon(&c.tokens, &c.patterns);
                    let anchored = if c.at == Some(spec::CueAt::ClauseStart) {
                        if let Some(t) = c.tokens.first() {
                            self.err(
                                span_of(t),
                                "a cue with `at: clause-start` takes `patterns`, not `tokens`",
                                "token",
                                Some("Write the words as a pattern, e.g. `'(?:each|every) \\w+ must\\b'`.".into()),
                            );
                        }
                        let patterns: Vec<&str> =
                            c.patterns.iter().map(|p| p.value.as_str()).collect();
                        let anchored = super::literals::clause_start_pattern(&patterns);
                        let built = if self.file.builtin {
                            Ok(())
                        } else {
                            compile_pattern(&anchored).map(drop)
                        };
                        match built {
                            Ok(()) => Some(LazyRegex::new(&[anchored])),
                            Err(e) => {
                                // Each pattern alone was reported above if it is invalid.
                                if self.problems.len() == before {
                                    self.err(
                                        span_of(name),
                                        format!("cue `{}`: its patterns do not build as one anchored regex: {e}", name.value),
                                        "this cue",
                                        None,
                                    );
                                }
                                None
                            }
                        }
                    } else {
                        None
                    };
                    out.push(Cue {
                        label: Arc::from(
                            c.label
                                .clone()
                                .unwrap_or_else(|| name.value.replace('-', " ")),
                        ),
                        weight: c.weight.value,
                        lex,
                        anchored,
                        at: c.at.unwrap_or_default(),
                    });
                }
                Some(Kind::Sentence {
                    cues: out,
                    threshold: threshold.value,
                    exceptions,
                })
            }
            KindSpec::Metric => {
                let Some(metric) = &s.metric else {
                    self.required(id, s, "`metric`", "Choose `metric: flesch-kincaid`, `flesch-reading-ease` or `words-per-sentence`.");
                    return None;
                };
                if max.is_none() && min.is_none() {
                    self.required(
                        id,
                        s,
                        "`max` or `min`",
                        "Add `max: 9` to flag units above grade 9, for example.",
                    );
                }
                if scope == Some(Scope::Sentence)
                    && let Some(sc) = &s.scope
                {
                    self.err(
                        span_of(sc),
                        "a metric needs more than one sentence",
                        "use paragraph, section or document",
                        None,
                    );
                }
                Some(Kind::Metric {
                    metric: match metric.value {
                        spec::MetricSpec::FleschKincaid => Metric::FleschKincaid,
                        spec::MetricSpec::FleschReadingEase => Metric::FleschReadingEase,
                        spec::MetricSpec::WordsPerSentence => Metric::WordsPerSentence,
                    },
                    scope: scope.unwrap_or(Scope::Document),
                    max,
                    min,
                    min_words: min_words.unwrap_or(100),
                })
            }
        }
    }

    fn examples(&mut self, s: &RuleSpec) -> Examples {
        let Some(ex) = &s.examples else {
            return Examples::default();
        };
        let mut out = Examples::default();
        for f in &ex.value.flag {
            let span = span_of(f);
            match &f.value {
                spec::FlagExampleSpec::Text(t) => out.flag.push(FlagExample {
                    text: t.clone(),
                    match_: None,
                    fixed: None,
                    span,
                }),
                spec::FlagExampleSpec::Full(full) => {
                    if let Some(m) = &full.match_
                        && !full.text.contains(m.as_str())
                    {
                        self.err(
                            span.clone(),
                            format!("example `match: {m}` is not in its text"),
                            "this example",
                            Some(
                                "`match` must be the exact words the rule underlines in `text`."
                                    .into(),
                            ),
                        );
                    }
                    out.flag.push(FlagExample {
                        text: full.text.clone(),
                        match_: full.match_.clone(),
                        fixed: full.fixed.clone(),
                        span,
                    })
                }
            }
        }
        for p in &ex.value.pass {
            out.pass.push(PassExample {
                text: p.value.clone(),
                span: span_of(p),
            });
        }
        out
    }
}

/// The optional fields each kind uses.
fn fields_of(kind: KindSpec) -> &'static [&'static str] {
    match kind {
        KindSpec::Existence => &["tokens", "patterns", "exceptions"],
        KindSpec::Substitution => &["swap", "fix", "exceptions"],
        KindSpec::Occurrence => &["scope", "count", "max", "min", "tokens", "patterns"],
        KindSpec::Conditional => &["if", "then", "scope", "exceptions", "window"],
        KindSpec::Ratio => &[
            "numerator",
            "denominator",
            "scope",
            "max",
            "min_words",
            "min_count",
        ],
        KindSpec::Section => &[
            "heading",
            "each",
            "require",
            "front_matter",
            "anywhere",
            "skip",
            "min_words",
            "if_missing",
        ],
        KindSpec::FrontMatter => &["keys", "pattern", "reject", "date"],
        KindSpec::Metric => &["metric", "scope", "max", "min", "min_words"],
        KindSpec::Sentence => &["cues", "threshold", "exceptions"],
    }
}

fn first_sentence(s: &str) -> String {
    let s = s.trim();
    match s.find(". ") {
        Some(i) => s[..=i].to_string(),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests;
