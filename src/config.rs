//! `.outsidein.yml`: found upward from the current directory, validated with
//! spans, merged with command-line flags into `Settings`. Nothing downstream
//! reads raw flags or YAML.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use indexmap::IndexMap;
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::error::{Error, YamlProblem, YamlSource};
use crate::lint::RuleSettings;
use crate::rules::Severity;
use crate::rules::builtin;
use crate::rules::load::RuleBook;
use crate::rules::spec::span_of;

pub const CONFIG_NAMES: &[&str] = &[".outsidein.yml", ".outsidein.yaml"];
pub const DEFAULT_INCLUDE: &[&str] = &["**/*.md", "**/*.markdown"];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigSpec {
    #[serde(default)]
    pub rules: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub include: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub exclude: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub policies: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub severity: Option<IndexMap<Spanned<String>, Spanned<SeverityOrOff>>>,
    #[serde(default)]
    pub accept: Option<Vec<String>>,
    /// Heading patterns of sections whose language is not linted.
    #[serde(default)]
    pub skip_sections: Option<Vec<Spanned<String>>>,
    /// Score weights; see rules/scoring.yml for the defaults.
    #[serde(default)]
    pub score: Option<Spanned<crate::score::ScoreSpec>>,
    #[serde(default)]
    pub min_severity: Option<Severity>,
    #[serde(default)]
    pub fail_on: Option<Severity>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SeverityOrOff {
    Error,
    Warning,
    Suggestion,
    Off,
}

impl SeverityOrOff {
    pub fn severity(self) -> Option<Severity> {
        match self {
            SeverityOrOff::Error => Some(Severity::Error),
            SeverityOrOff::Warning => Some(Severity::Warning),
            SeverityOrOff::Suggestion => Some(Severity::Suggestion),
            SeverityOrOff::Off => None,
        }
    }
}

/// A config file as read.
pub struct LoadedConfig {
    pub path: PathBuf,
    pub source: YamlSource,
    pub spec: ConfigSpec,
}

/// Finds `.outsidein.yml` in `start` or its nearest parent.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let mut dir = Some(start);
    while let Some(d) = dir {
        for name in CONFIG_NAMES {
            let p = d.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
        dir = d.parent();
    }
    None
}

pub fn load(path: &Path, cwd: &Path) -> Result<LoadedConfig, Error> {
    let name = crate::source::display_name(path.strip_prefix(cwd).unwrap_or(path));
    let text = std::fs::read_to_string(path).map_err(|e| crate::source::io_error(&name, &e))?;
    let source = YamlSource::new(name.clone(), text);
    let spec: ConfigSpec = if source.text.trim().is_empty() {
        ConfigSpec::default()
    } else {
        serde_saphyr::from_str(&source.text).map_err(|e| Error::Yaml {
            summary: format!("{name} is not a valid config"),
            problems: vec![source.from_saphyr(&e, "config")],
        })?
    };
    Ok(LoadedConfig {
        path: path.to_path_buf(),
        source,
        spec,
    })
}

/// Command-line values that override the config.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub config: Option<PathBuf>,
    pub no_config: bool,
    pub rules: Vec<String>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub min_severity: Option<Severity>,
    pub fail_on: Option<Severity>,
    pub policies: Vec<String>,
}

/// Everything a run needs, resolved once.
pub struct Settings {
    pub config_path: Option<PathBuf>,
    /// Globs are matched against paths relative to this directory.
    pub base_dir: PathBuf,
    pub book: RuleBook,
    pub rules: RuleSettings,
    pub include: GlobSet,
    pub exclude: GlobSet,
    pub policies: GlobSet,
    pub fail_on: Severity,
    /// The text of `rules:`, for `--print-config`.
    pub rule_sources: Vec<String>,
    pub score: crate::score::ScoreConfig,
    /// Things the user should know but that do not stop the run, such as a
    /// rule id in the config that has moved.
    pub notices: Vec<String>,
}

impl Settings {
    pub fn resolve(cwd: &Path, ov: &Overrides) -> Result<Settings, Error> {
        let config = if ov.no_config {
            None
        } else if let Some(p) = &ov.config {
            if !p.is_file() {
                return Err(Error::NotFound {
                    path: crate::source::display_name(p),
                });
            }
            Some(load(p, cwd)?)
        } else {
            discover(cwd).map(|p| load(&p, cwd)).transpose()?
        };
        let base_dir = config
            .as_ref()
            .and_then(|c| c.path.parent().map(Path::to_path_buf))
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| cwd.to_path_buf());
        let base_dir = if base_dir.is_absolute() {
            base_dir
        } else {
            cwd.join(base_dir)
        };
        let mut problems: Vec<YamlProblem> = Vec::new();
        let spec = config.as_ref().map(|c| &c.spec);
        let src = config.as_ref().map(|c| &c.source);

        // Rule files: flags replace the config's list.
        let mut rule_files = Vec::new();
        let mut rule_sources = Vec::new();
        if !ov.rules.is_empty() {
            for r in &ov.rules {
                rule_sources.push(r.clone());
                load_rule_source(r, cwd, &mut rule_files)?;
            }
        } else if let (Some(list), Some(src)) = (spec.and_then(|s| s.rules.as_ref()), src) {
            for r in list {
                rule_sources.push(r.value.clone());
                if let Err(e) = load_rule_source(&r.value, &base_dir, &mut rule_files) {
                    match e {
                        Error::Io { message, .. } => problems.push(src.problem(
                            span_of(r),
                            format!("cannot read rule file `{}`: {message}", r.value),
                            "this rule file",
                            Some("Paths are relative to the config file; `builtin` means the built-in sets.".into()),
                        )),
                        Error::NotFound { .. } => problems.push(src.problem(
                            span_of(r),
                            format!("rule file `{}` not found", r.value),
                            "this rule file",
                            Some("Paths are relative to the config file; `builtin` means the built-in sets.".into()),
                        )),
                        other => return Err(other),
                    }
                }
            }
        } else {
            rule_sources.push("builtin".into());
            load_rule_source("builtin", cwd, &mut rule_files)?;
        }

        let globs = |list: Option<&Vec<Spanned<String>>>,
                     default: &[&str],
                     problems: &mut Vec<YamlProblem>| {
            let mut b = GlobSetBuilder::new();
            match (list, src) {
                (Some(list), Some(src)) => {
                    for g in list {
                        match build_globs(&g.value) {
                            Ok(gs) => gs.into_iter().for_each(|x| {
                                b.add(x);
                            }),
                            Err(e) => problems.push(src.problem(
                                span_of(g),
                                format!("invalid glob `{}`: {e}", g.value),
                                "this glob",
                                Some("Globs use `*`, `**`, `?`, `[abc]` and `{a,b}`.".into()),
                            )),
                        }
                    }
                }
                _ => {
                    for g in default {
                        if let Ok(gs) = build_globs(g) {
                            gs.into_iter().for_each(|x| {
                                b.add(x);
                            });
                        }
                    }
                }
            }
            b.build().unwrap_or_else(|_| GlobSet::empty())
        };
        let include = globs(
            spec.and_then(|s| s.include.as_ref()),
            DEFAULT_INCLUDE,
            &mut problems,
        );
        let exclude = globs(spec.and_then(|s| s.exclude.as_ref()), &[], &mut problems);
        let policies = if ov.policies.is_empty() {
            globs(spec.and_then(|s| s.policies.as_ref()), &[], &mut problems)
        } else {
            let mut b = GlobSetBuilder::new();
            for g in &ov.policies {
                let gs = build_globs(g).map_err(|e| {
                    Error::usage(format!("invalid --policies glob `{g}`: {e}"), None)
                })?;
                gs.into_iter().for_each(|x| {
                    b.add(x);
                });
            }
            b.build().unwrap_or_else(|_| GlobSet::empty())
        };

        let book = if problems.is_empty() {
            RuleBook::load(&rule_files)?
        } else {
            RuleBook::default()
        };

        // Severity overrides must name known rules or sets.
        let mut severity = Vec::new();
        let mut notices = Vec::new();
        if let (Some(map), Some(src)) = (spec.and_then(|s| s.severity.as_ref()), src) {
            let known = book.known_names();
            for (k, v) in map {
                if let Some(now) = book.renamed(&k.value) {
                    notices.push(format!(
                        "`{}` is now `{now}`; rename it under `severity` in {}",
                        k.value, src.name
                    ));
                    severity.push((now.to_string(), v.value.severity()));
                    continue;
                }
                if problems.is_empty() && !known.contains(&k.value.as_str()) {
                    let help = book
                        .suggest(&k.value, &[])
                        .map(|b| format!("did you mean `{b}`?"))
                        .or(Some(
                            "`outsidein rules` lists every rule id and set.".into(),
                        ));
                    problems.push(src.problem(
                        span_of(k),
                        format!("unknown rule or set `{}` in `severity`", k.value),
                        "unknown rule",
                        help,
                    ));
                }
                severity.push((k.value.clone(), v.value.severity()));
            }
        }
        if !problems.is_empty() {
            let name = src.map_or("config".to_string(), |s| s.name.clone());
            let n = problems.len();
            return Err(Error::Yaml {
                summary: format!("{name} has {n} problem{}", if n == 1 { "" } else { "s" }),
                problems,
            });
        }
        let known = book.known_names();
        let rename = |sels: &[String], notices: &mut Vec<String>| -> Vec<String> {
            sels.iter()
                .map(|sel| match book.renamed(sel) {
                    Some(now) => {
                        notices.push(format!("`{sel}` is now `{now}`"));
                        now.to_string()
                    }
                    None => sel.clone(),
                })
                .collect()
        };
        let select = rename(&ov.select, &mut notices);
        let ignore = rename(&ov.ignore, &mut notices);
        for sel in select.iter().chain(&ignore) {
            if !known.contains(&sel.as_str())
                && sel != crate::lint::UNKNOWN_DIRECTIVE
                && sel != "outsidein"
            {
                let help = book
                    .suggest(sel, &[])
                    .map(|b| format!("did you mean `{b}`?"));
                return Err(Error::usage(format!("unknown rule or set `{sel}`"), help));
            }
        }
        let accept = spec.and_then(|s| s.accept.clone()).unwrap_or_default();
        let mut skip_sections = None;
        if let (Some(list), Some(src)) = (spec.and_then(|s| s.skip_sections.as_ref()), src) {
            let mut v = Vec::new();
            for p in list {
                match crate::rules::compile::compile_pattern(&p.value) {
                    Ok(_) => v.push(p.value.clone()),
                    Err(e) => {
                        let n = 1;
                        return Err(Error::Yaml {
                            summary: format!("{} has {n} problem", src.name),
                            problems: vec![src.problem(
                                span_of(p),
                                format!("invalid regex: {}", e.to_string().lines().last().unwrap_or("").trim_start_matches("error: ")),
                                "this pattern",
                                Some("`skip_sections` entries are case-insensitive regexes matched against heading text.".into()),
                            )],
                        });
                    }
                }
            }
            skip_sections = Some(v);
        }
        let min_severity = ov.min_severity.or(spec.and_then(|s| s.min_severity));
        let fail_on = ov
            .fail_on
            .or(spec.and_then(|s| s.fail_on))
            .unwrap_or(Severity::Warning);
        let score_spec = spec.and_then(|s| s.score.as_ref());
        let score = crate::score::ScoreConfig::resolve(score_spec.map(|s| &s.value)).map_err(
            |e| match (score_spec, src) {
                (Some(sp), Some(src)) => Error::Yaml {
                    summary: format!("{} has 1 problem", src.name),
                    problems: vec![src.problem(
                        span_of(sp),
                        format!("invalid score weights: {e}"),
                        "these weights",
                        Some("See rules/scoring.yml for the keys and defaults.".into()),
                    )],
                },
                _ => Error::usage(format!("invalid built-in score weights: {e}"), None),
            },
        )?;
        let rules = RuleSettings {
            severity,
            select,
            ignore,
            min_severity,
            accept,
            skip_sections,
        };
        Ok(Settings {
            config_path: config.map(|c| c.path),
            base_dir,
            book,
            rules,
            include,
            exclude,
            policies,
            fail_on,
            rule_sources,
            score,
            notices,
        })
    }

    /// Path relative to the base directory, with forward slashes.
    pub fn relative(&self, cwd: &Path, path: &Path) -> String {
        let abs = if path.is_absolute() {
            path.to_path_buf()
        } else {
            cwd.join(path)
        };
        let abs = normalize(&abs);
        let rel = abs.strip_prefix(normalize(&self.base_dir)).unwrap_or(&abs);
        crate::source::display_name(rel)
    }

    pub fn is_excluded(&self, rel: &str) -> bool {
        self.exclude.is_match(rel)
    }

    pub fn is_included(&self, rel: &str) -> bool {
        self.include.is_match(rel)
    }
}

/// Removes `.` and resolves `..` components lexically.
fn normalize(p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Glob semantics as in `.gitignore`: `*` stays within a directory, and a
/// pattern without `/` matches at any depth.
fn build_globs(pattern: &str) -> Result<Vec<Glob>, globset::Error> {
    let p = pattern.trim_start_matches("./");
    let mk = |s: &str| GlobBuilder::new(s).literal_separator(true).build();
    let mut v = vec![mk(p)?];
    if !p.contains('/') {
        v.push(mk(&format!("**/{p}"))?);
    }
    if let Some(dir) = p.strip_suffix('/') {
        v = vec![mk(&format!("{dir}/**"))?, mk(&format!("**/{dir}/**"))?];
    }
    Ok(v)
}

/// Adds the rule files one `rules:` entry names.
fn load_rule_source(entry: &str, base: &Path, out: &mut Vec<YamlSource>) -> Result<(), Error> {
    if entry == "builtin" {
        for (file, text) in builtin::SETS {
            out.push(YamlSource::builtin(builtin::display_name(file), text));
        }
        return Ok(());
    }
    if let Some(set) = entry.strip_prefix("builtin:") {
        let file = format!("{set}.yml");
        return match builtin::SETS.iter().find(|(f, _)| *f == file) {
            Some((f, text)) => {
                out.push(YamlSource::builtin(builtin::display_name(f), text));
                Ok(())
            }
            None => Err(Error::NotFound {
                path: entry.to_string(),
            }),
        };
    }
    let path = base.join(entry);
    let name = entry.to_string();
    if !path.exists() {
        return Err(Error::NotFound { path: name });
    }
    let text = std::fs::read_to_string(&path).map_err(|e| crate::source::io_error(&name, &e))?;
    out.push(YamlSource::new(name, text));
    Ok(())
}

/// Loads rule files named on the command line (`outsidein test FILES`).
pub fn load_rule_files(entries: &[String], cwd: &Path) -> Result<Vec<YamlSource>, Error> {
    let mut out = Vec::new();
    for e in entries {
        load_rule_source(e, cwd, &mut out)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(p: &str) -> GlobSet {
        let mut b = GlobSetBuilder::new();
        for g in build_globs(p).unwrap() {
            b.add(g);
        }
        b.build().unwrap()
    }

    #[test]
    fn bare_names_match_anywhere() {
        let s = set("CHANGELOG.md");
        assert!(s.is_match("CHANGELOG.md"));
        assert!(s.is_match("docs/CHANGELOG.md"));
        assert!(!s.is_match("docs/CHANGELOG.md.bak"));
    }

    #[test]
    fn star_stays_in_directory() {
        let s = set("drafts/*.md");
        assert!(s.is_match("drafts/a.md"));
        assert!(!s.is_match("drafts/old/a.md"));
        assert!(set("**/*.md").is_match("a/b/c.md"));
        assert!(set("**/*.md").is_match("c.md"));
    }

    #[test]
    fn trailing_slash_means_directory() {
        let s = set("node_modules/");
        assert!(s.is_match("node_modules/x/README.md"));
        assert!(s.is_match("web/node_modules/x.md"));
    }
}
