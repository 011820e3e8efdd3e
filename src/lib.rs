//! outsidein: lint Markdown policy and process documents from the customer's side.
//!
//! Modules in pipeline order: `walk` finds files, `source` reads them,
//! `document` parses Markdown into prose with a source map, `rules` loads and
//! compiles rule sets, `lint` runs them, `report` renders findings.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod cli;
pub mod commands;
pub mod config;
pub mod document;
pub mod error;
pub mod finding;
pub mod fix;
pub mod lint;
pub mod position;
pub mod report;
pub mod rules;
pub mod score;
pub mod source;
pub mod walk;

use std::io::Write;

pub use commands::Outcome;

/// Runs the command line `cli` with the given output streams. Meant to be
/// the process's last work: `check` and `score` leave their compiled rules
/// for the process's exit to free.
pub fn run(cli: cli::Cli, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let cwd = match std::env::current_dir() {
        Ok(d) => d,
        Err(e) => {
            let _ = writeln!(err, "error: cannot read the current directory: {e}");
            return Outcome::Error;
        }
    };
    let mut io = commands::Io {
        out,
        err,
        stdout_is_terminal: commands::stdout_is_terminal(),
        stderr_is_terminal: commands::stderr_is_terminal(),
    };
    match &cli.command {
        None => commands::check::run(&cli.check, &cwd, &mut io),
        Some(cli::Command::Check(args)) => commands::check::run(args, &cwd, &mut io),
        Some(cli::Command::Rules(args)) => commands::rules::run(args, &cwd, &mut io),
        Some(cli::Command::Explain(args)) => commands::explain::run(args, &cwd, &mut io),
        Some(cli::Command::Test(args)) => commands::test::run(args, &cwd, &mut io),
        Some(cli::Command::Init) => commands::init::run(&cwd, &mut io),
        Some(cli::Command::Score(args)) => commands::score::run(args, &cwd, &mut io),
    }
}
