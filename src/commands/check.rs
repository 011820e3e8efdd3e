//! `outsidein check`: walk, lint in parallel, fix, report, decide the exit code.

use std::io::Write;
use std::path::Path;

use rayon::prelude::*;

use super::{Io, Outcome, use_color, width, write_result};
use crate::cli::{CheckArgs, Format};
use crate::config::{Overrides, Settings};
use crate::error::Error;
use crate::finding::Fix;
use crate::fix::{apply_fixes, write_atomically};
use crate::lint::Engine;
use crate::report::{self, FileReport, RenderOptions, Summary};
use crate::rules::FixSafety;
use crate::source::SourceFile;
use crate::walk::{self, Input, WalkOptions};

pub fn run(args: &CheckArgs, cwd: &Path, io: &mut Io<'_>) -> Outcome {
    let overrides = Overrides {
        config: args.source.config.clone(),
        no_config: args.source.no_config,
        rules: args.source.rules.clone(),
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        min_severity: args.min_severity.map(Into::into),
        fail_on: args.fail_on.map(Into::into),
        policies: args.walk.policies.clone(),
    };
    let settings = match super::resolve(cwd, &overrides, io) {
        Ok(s) => s,
        Err(o) => return o,
    };
    if args.print_config {
        return print_config(&settings, io);
    }
    if args.fix && args.paths.iter().any(|p| p.as_os_str() == "-") {
        io.error(&Error::usage(
            "--fix cannot be used with standard input",
            Some("Name the files to fix, or drop --fix to see the suggestions.".into()),
        ));
        return Outcome::Error;
    }
    let fail_on = settings.fail_on;
    let engine = match super::engine(&settings, io) {
        Ok(e) => e.with_cue_labels(matches!(args.format, Format::Fancy)),
        Err(o) => return o,
    };
    // `run` is the binary's whole run: the process ends next, and freeing
    // the engine's compiled regexes one by one was 5% of linting one file.
    let engine = std::mem::ManuallyDrop::new(engine);
    let pipeline = Pipeline {
        paths: &args.paths,
        walk: &args.walk,
        stdin_filename: args.stdin_filename.as_deref(),
        fix: args.fix,
        score: matches!(args.format, Format::Markdown | Format::Html),
    };
    let (inputs, walk_failed) = collect_inputs(cwd, &settings, &pipeline, io);
    let mut had_error = walk_failed;

    let opts = RenderOptions {
        color: args.output.is_none() && use_color(args.color, io.stdout_is_terminal),
        width: width(),
        links: false,
    };
    let rules = engine.active().map(report::RuleInfo::from).collect();
    let mut reporter = report::reporter(args.format, opts, rules);
    let mut summary = Summary::default();
    let mut buffer: Vec<u8> = Vec::new();
    let mut failing = false;
    {
        let color = io.stderr_is_terminal && !super::no_color();
        let (out, err) = (&mut *io.out, &mut *io.err);
        let sink: &mut dyn Write = if args.output.is_some() {
            &mut buffer
        } else {
            out
        };
        let mut on_result = |r: FileResult| -> Result<(), Outcome> {
            match r {
                Ok((report, fixed)) => {
                    summary.add(&report);
                    summary.fixed += fixed;
                    failing |= report.findings.iter().any(|f| f.severity >= fail_on);
                    write_result(reporter.file(sink, &report))
                }
                Err(e) => {
                    had_error = true;
                    summary.unreadable += 1;
                    // Errors go to standard error in order; flush what we have first.
                    let _ = sink.flush();
                    let _ = err.write_all(super::render_error(&e, color).as_bytes());
                    Ok(())
                }
            }
        };
        match lint_inputs(cwd, &settings, &engine, &inputs, &pipeline, &mut on_result) {
            Ok(()) => {}
            Err(Ok(o)) => return o,
            Err(Err(e)) => {
                let _ = err.write_all(super::render_error(&e, color).as_bytes());
                return Outcome::Error;
            }
        }
        if let Err(o) = write_result(reporter.finish(sink, &summary)) {
            return o;
        }
    }
    if let Some(path) = &args.output
        && let Err(e) = std::fs::write(path, &buffer)
    {
        io.error(&crate::source::io_error(
            &crate::source::display_name(path),
            &e,
        ));
        return Outcome::Error;
    }
    if had_error {
        Outcome::Error
    } else if failing {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

/// What to lint and how, shared by `check` and `score`.
pub(crate) struct Pipeline<'a> {
    pub paths: &'a [std::path::PathBuf],
    pub walk: &'a crate::cli::WalkArgs,
    pub stdin_filename: Option<&'a str>,
    pub fix: bool,
    /// Compute each document's score (only reports that show it need it).
    pub score: bool,
}

/// One file's result: its report and how many fixes were applied, or why it
/// could not be linted.
pub(crate) type FileResult = Result<(FileReport, usize), Error>;

/// Walks the paths; path errors are printed as they are found, and the
/// bool says there were some.
pub(crate) fn collect_inputs(
    cwd: &Path,
    settings: &Settings,
    p: &Pipeline<'_>,
    io: &mut Io<'_>,
) -> (Vec<Input>, bool) {
    let (inputs, walk_errors) = walk::collect(
        cwd,
        p.paths,
        settings,
        &WalkOptions {
            no_ignore: p.walk.no_ignore,
            force_exclude: p.walk.force_exclude,
            stdin_filename: p.stdin_filename,
        },
    );
    for e in &walk_errors {
        io.error(e);
    }
    (inputs, !walk_errors.is_empty())
}

/// Files linted in parallel per chunk: results are handed on in path order
/// and dropped, so memory holds one chunk's texts, not the whole tree's.
const CHUNK: usize = 256;

/// Lints every input in parallel and hands each result, in path order, to
/// `on_result`; stops early when it returns an outcome.
pub(crate) fn lint_inputs(
    cwd: &Path,
    settings: &Settings,
    engine: &Engine,
    inputs: &[Input],
    p: &Pipeline<'_>,
    on_result: &mut dyn FnMut(FileResult) -> Result<(), Outcome>,
) -> Result<(), Result<Outcome, Error>> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(p.walk.threads.unwrap_or(0))
        .build()
        .map_err(|e| {
            Err(Error::usage(
                format!("cannot start worker threads: {e}"),
                None,
            ))
        })?;
    // Standard input is read up front, on this thread.
    let stdin: Option<Result<SourceFile, String>> = inputs.iter().find_map(|i| match i {
        Input::Stdin { name } => {
            Some(SourceFile::read_stdin(name.clone()).map_err(|e| e.to_string()))
        }
        Input::File { .. } => None,
    });
    let lint_one = |input: &Input| -> FileResult {
        let source = match input {
            Input::File { name, path } => SourceFile::read(path, name.clone())?,
            Input::Stdin { name } => match &stdin {
                Some(Ok(s)) => s.clone(),
                Some(Err(message)) => {
                    return Err(Error::Io {
                        path: name.clone(),
                        message: message.clone(),
                    });
                }
                None => SourceFile::from_text(name.clone(), ""),
            },
        };
        let policy = settings
            .policies
            .is_match(settings.relative(cwd, Path::new(input.name())));
        let name = source.name.clone();
        // A bug on one file must not lose the others' results.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let score = p.score.then_some(&settings.score);
            lint_and_fix(engine, score, source, p.fix, policy)
        }))
        .unwrap_or_else(|_| {
            Err(Error::Io {
                path: name,
                message: "outsidein crashed on this file (a bug: please report it with the file)"
                    .into(),
            })
        })
    };
    for chunk in inputs.chunks(CHUNK) {
        let results: Vec<FileResult> = pool.install(|| chunk.par_iter().map(lint_one).collect());
        for r in results {
            on_result(r).map_err(Ok)?;
        }
    }
    Ok(())
}

/// Lints a file; with `fix`, applies safe fixes until none are left (at most
/// a few rounds), writes the file once, and reports what remains.
pub(crate) fn lint_and_fix(
    engine: &Engine,
    score: Option<&crate::score::ScoreConfig>,
    source: SourceFile,
    fix: bool,
    policy: bool,
) -> Result<(FileReport, usize), Error> {
    // A score reads the whole document, which a huge file linted piece by
    // piece does not keep.
    let lint = |text: &str| {
        if score.is_some() {
            engine.lint_whole(text, policy)
        } else {
            engine.lint(text, policy)
        }
    };
    let mut linted = lint(&source.text);
    let mut text = source.text.clone();
    let mut fixed = 0;
    if fix && source.path.is_some() {
        for _ in 0..8 {
            let fixes: Vec<Fix> = linted
                .findings
                .iter()
                .filter_map(|f| f.fix.as_deref().cloned())
                .filter(|f| f.safety == FixSafety::Safe)
                .collect();
            if fixes.is_empty() {
                break;
            }
            let new = apply_fixes(&text, &fixes);
            if *new == *text {
                break;
            }
            fixed += fixes.len();
            text = new.into();
            linted = lint(&text);
        }
        if let (true, Some(path)) = (fixed > 0, &source.path) {
            write_atomically(path, &text).map_err(|e| crate::source::io_error(&source.name, &e))?;
        }
    }
    let score = score.map(|cfg| engine.score(cfg, &linted));
    Ok((
        FileReport {
            name: source.name,
            text,
            words: linted.words,
            policy: linted.is_policy,
            findings: linted.findings,
            score,
        },
        fixed,
    ))
}

fn print_config(s: &Settings, io: &mut Io<'_>) -> Outcome {
    let mut out = String::new();
    out.push_str(&format!(
        "config: {}\n",
        s.config_path
            .as_ref()
            .map_or("(none)".to_string(), |p| crate::source::display_name(p))
    ));
    out.push_str(&format!("base directory: {}\n", s.base_dir.display()));
    out.push_str(&format!("rules: [{}]\n", s.rule_sources.join(", ")));
    out.push_str(&format!(
        "rule sets: {}\n",
        s.book
            .sets
            .iter()
            .map(|x| x.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    ));
    out.push_str(&format!("fail_on: {}\n", s.fail_on));
    if let Some(m) = s.rules.min_severity {
        out.push_str(&format!("min_severity: {m}\n"));
    }
    for (sel, sev) in &s.rules.severity {
        out.push_str(&format!(
            "severity {sel}: {}\n",
            sev.map_or("off", |x| x.as_str())
        ));
    }
    if !s.rules.accept.is_empty() {
        out.push_str(&format!("accept: {}\n", s.rules.accept.join(", ")));
    }
    match write_result(io.out.write_all(out.as_bytes())) {
        Ok(()) => Outcome::Clean,
        Err(o) => o,
    }
}
