//! Reading and validating rule files: YAML to `Rule`s, or miette errors that
//! point at the exact key or value in the YAML.

use std::sync::Arc;

use serde_saphyr::Spanned;

use super::compile::{Lexicon, compile_pattern, normalize_token};
use super::spec::{
    self, FixSpec, KindSpec, LexiconSpec, RuleFileSpec, RuleSpec, ScopeSpec, span_of,
};
use super::{
    Dimension, Examples, FixSafety, FlagExample, Kind, LexId, Origin, PassExample, Rule,
    RuleSetInfo, Scope, Severity,
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

    fn load_one(&mut self, file: &YamlSource) -> Result<(), Error> {
        let spec: RuleFileSpec = serde_saphyr::from_str(&file.text).map_err(|e| Error::Yaml {
            summary: format!("{} is not a valid rule file", file.name),
            problems: vec![file.from_saphyr(&e, "rule file")],
        })?;
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
                let kind_name = format!("{kind:?}").to_lowercase();
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
            match compile_pattern(&p.value) {
                Ok(re) if re.is_match("") => self.err(
                    span_of(p),
                    format!("pattern `{}` matches empty text", p.value),
                    "matches nothing at all",
                    Some(
                        "A pattern must match at least one character, or it would flag everywhere."
                            .into(),
                    ),
                ),
                Ok(_) => lex.patterns.push(p.value.clone()),
                Err(e) => {
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

    fn unused(&mut self, kind: KindSpec, field: &str, span: Option<std::ops::Range<usize>>) {
        if let Some(span) = span {
            let k = format!("{kind:?}").to_lowercase();
            self.err(
                span,
                format!("`{field}` is not used by kind `{k}`"),
                "not used",
                Some(format!(
                    "Remove `{field}`, or change `kind`. {}",
                    kind_fields(kind)
                )),
            );
        }
    }

    fn kind(&mut self, id: &str, key: &Spanned<String>, s: &RuleSpec) -> Option<Kind> {
        let k = s.kind.value;
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
        // Fields that only some kinds use.
        let sp = |x: Option<std::ops::Range<usize>>| x;
        if k != KindSpec::Substitution {
            self.unused(k, "swap", sp(s.swap.as_ref().map(span_of)));
            self.unused(k, "fix", sp(s.fix.as_ref().map(span_of)));
        }
        if k != KindSpec::Conditional {
            self.unused(k, "if", sp(s.if_.as_ref().map(span_of)));
            self.unused(k, "then", sp(s.then.as_ref().map(span_of)));
        }
        if k != KindSpec::Occurrence {
            self.unused(k, "max", sp(s.max.as_ref().map(span_of)));
            self.unused(k, "min", sp(s.min.as_ref().map(span_of)));
            self.unused(k, "count", sp(s.count.as_ref().map(span_of)));
        }
        if matches!(k, KindSpec::Existence | KindSpec::Substitution) {
            self.unused(k, "scope", sp(s.scope.as_ref().map(span_of)));
        }
        if matches!(k, KindSpec::Substitution | KindSpec::Conditional) {
            self.unused(k, "tokens", sp(s.tokens.as_ref().map(span_of)));
            self.unused(k, "patterns", sp(s.patterns.as_ref().map(span_of)));
        }
        if k == KindSpec::Occurrence {
            self.unused(k, "exceptions", sp(s.exceptions.as_ref().map(span_of)));
        }
        match k {
            KindSpec::Existence => {
                if tokens.is_empty() && patterns.is_empty() {
                    self.err(
                        span_of(&s.kind),
                        format!("existence rule `{id}` has no `tokens` or `patterns`"),
                        "needs tokens or patterns",
                        Some(
                            "Add `tokens: [...]` (literal words) or `patterns: [...]` (regexes)."
                                .into(),
                        ),
                    );
                }
                let lex = self.lexicon(tokens, patterns);
                Some(Kind::Existence { lex, exceptions })
            }
            KindSpec::Substitution => {
                let Some(swap) = &s.swap else {
                    self.err(
                        span_of(&s.kind),
                        format!("substitution rule `{id}` has no `swap`"),
                        "needs swap",
                        Some("Add `swap:` mapping each phrase to its replacement, e.g. `shall: will`.".into()),
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
                if s.max.is_none() && s.min.is_none() {
                    self.err(
                        span_of(&s.kind),
                        format!("occurrence rule `{id}` has neither `max` nor `min`"),
                        "needs max or min",
                        Some(
                            "Add `max: N` to flag more than N, or `min: N` to flag fewer than N."
                                .into(),
                        ),
                    );
                }
                let count = s.count.as_ref().map(|c| c.value).unwrap_or(if has_list {
                    spec::CountSpec::Matches
                } else {
                    spec::CountSpec::Words
                });
                let lex = match count {
                    spec::CountSpec::Words => {
                        if has_list {
                            self.unused(
                                k,
                                "tokens/patterns (with `count: words`)",
                                s.tokens
                                    .as_ref()
                                    .map(span_of)
                                    .or(s.patterns.as_ref().map(span_of)),
                            );
                        }
                        None
                    }
                    spec::CountSpec::Matches => {
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
                    scope: scope.unwrap_or(Scope::Sentence),
                    max: s.max.as_ref().map(|m| m.value),
                    min: s.min.as_ref().map(|m| m.value),
                })
            }
            KindSpec::Conditional => {
                let (Some(if_), Some(then)) = (&s.if_, &s.then) else {
                    self.err(
                        span_of(&s.kind),
                        format!("conditional rule `{id}` needs both `if` and `then`"),
                        "needs if and then",
                        Some("`if:` is what triggers the check, `then:` what must be near it; each has `tokens:`/`patterns:`.".into()),
                    );
                    return None;
                };
                let if_ = self.lexicon_spec(if_, "if");
                let then = self.lexicon_spec(then, "then");
                Some(Kind::Conditional {
                    if_,
                    then,
                    scope: scope.unwrap_or(Scope::Sentence),
                    exceptions,
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
                    if let Some(m) = &full.match_ {
                        if !full.text.contains(m.as_str()) {
                            self.err(
                                span.clone(),
                                format!("example `match: {m}` is not in its text"),
                                "this example",
                                Some("`match` must be the exact words the rule underlines in `text`.".into()),
                            );
                        }
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

fn kind_fields(kind: KindSpec) -> &'static str {
    match kind {
        KindSpec::Existence => "An existence rule uses `tokens`, `patterns` and `exceptions`.",
        KindSpec::Substitution => "A substitution rule uses `swap`, `fix` and `exceptions`.",
        KindSpec::Occurrence => {
            "An occurrence rule uses `scope`, `count`, `max`, `min`, `tokens` and `patterns`."
        }
        KindSpec::Conditional => "A conditional rule uses `if`, `then`, `scope` and `exceptions`.",
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
