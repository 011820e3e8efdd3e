//! Paths on the command line to a sorted, de-duplicated list of files:
//! directories walked honouring `.gitignore`, `include`/`exclude` applied.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::Settings;
use crate::error::Error;

/// One input to lint.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    File { name: String, path: PathBuf },
    Stdin { name: String },
}

impl Input {
    pub fn name(&self) -> &str {
        match self {
            Input::File { name, .. } | Input::Stdin { name } => name,
        }
    }
}

pub struct WalkOptions<'a> {
    pub no_ignore: bool,
    pub force_exclude: bool,
    pub stdin_filename: Option<&'a str>,
}

/// Collects the inputs; paths that do not exist become errors, and the
/// rest are still returned.
pub fn collect(
    cwd: &Path,
    paths: &[PathBuf],
    settings: &Settings,
    opts: &WalkOptions<'_>,
) -> (Vec<Input>, Vec<Error>) {
    let mut files: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut stdin = None;
    let mut errors = Vec::new();
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    for p in paths {
        if p.as_os_str() == "-" {
            let name = opts.stdin_filename.unwrap_or("<stdin>").to_string();
            if opts.force_exclude && settings.is_excluded(&settings.relative(cwd, Path::new(&name)))
            {
                continue;
            }
            stdin = Some(Input::Stdin { name });
            continue;
        }
        let meta = match std::fs::metadata(p) {
            Ok(m) => m,
            Err(e) => {
                errors.push(if e.kind() == std::io::ErrorKind::NotFound {
                    Error::NotFound {
                        path: crate::source::display_name(p),
                    }
                } else {
                    crate::source::io_error(&crate::source::display_name(p), &e)
                });
                continue;
            }
        };
        if !meta.is_dir() {
            // Named explicitly: always linted, unless --force-exclude says otherwise.
            let rel = settings.relative(cwd, p);
            if opts.force_exclude && settings.is_excluded(&rel) {
                continue;
            }
            files
                .entry(crate::source::display_name(p))
                .or_insert_with(|| p.clone());
            continue;
        }
        let mut wb = ignore::WalkBuilder::new(p);
        wb.git_ignore(!opts.no_ignore)
            .git_global(!opts.no_ignore)
            .git_exclude(!opts.no_ignore)
            .ignore(!opts.no_ignore)
            .parents(!opts.no_ignore)
            .require_git(false)
            .hidden(true)
            .sort_by_file_name(|a, b| a.cmp(b));
        for entry in wb.build() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    errors.push(Error::Io {
                        path: crate::source::display_name(p),
                        message: e.to_string(),
                    });
                    continue;
                }
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let path = entry.path();
            let rel = settings.relative(cwd, path);
            if !settings.is_included(&rel) || settings.is_excluded(&rel) {
                continue;
            }
            files
                .entry(crate::source::display_name(path))
                .or_insert_with(|| path.to_path_buf());
        }
    }
    let mut out: Vec<Input> = files
        .into_iter()
        .map(|(name, path)| Input::File { name, path })
        .collect();
    out.extend(stdin);
    (out, errors)
}
