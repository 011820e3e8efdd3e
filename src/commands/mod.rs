//! One file per subcommand.

pub mod check;
pub mod explain;
pub mod init;
pub mod rules;
pub mod score;
pub mod test;

use std::io::{IsTerminal, Write};

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};

use crate::cli::{ColorChoice, RuleSourceArgs};
use crate::config::{Overrides, Settings};
use crate::error::Error;

/// How a command ended; mapped to the exit code in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing at or above `fail_on`.
    Clean,
    /// Findings at or above `fail_on`, or failing rule examples.
    Findings,
    /// Usage, config, rule or I/O error.
    Error,
}

impl Outcome {
    pub fn code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Findings => 1,
            Outcome::Error => 2,
        }
    }
}

/// Standard output and error for a command, with colour decided.
pub struct Io<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    pub stdout_is_terminal: bool,
    pub stderr_is_terminal: bool,
}

impl Io<'_> {
    /// Writes an error as a miette report to standard error.
    pub fn error(&mut self, e: &Error) {
        let color = self.stderr_is_terminal && !no_color();
        let s = match e {
            // Each YAML problem stands alone, pointing into its file.
            Error::Yaml { problems, summary } => {
                let mut s: String = problems.iter().map(|p| render_error(p, color)).collect();
                if problems.len() > 1 {
                    s.push_str(&format!("{summary}\n"));
                }
                s
            }
            other => render_error(other, color),
        };
        let _ = self.err.write_all(s.as_bytes());
    }
}

pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

pub fn use_color(choice: ColorChoice, is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => is_terminal && !no_color(),
    }
}

pub fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

pub fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}

/// Width for rendering: `COLUMNS` when set, else 100.
pub fn width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|w: &usize| *w >= 40)
        .unwrap_or(100)
}

pub fn render_error(e: &dyn Diagnostic, color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width())
        .with_links(false);
    let mut s = String::new();
    if handler.render_report(&mut s, e).is_err() {
        s = format!("error: {e}\n");
    }
    s
}

/// Settings for commands that only need rules (rules, explain, test).
pub fn settings(source: &RuleSourceArgs, cwd: &std::path::Path) -> Result<Settings, Error> {
    Settings::resolve(
        cwd,
        &Overrides {
            config: source.config.clone(),
            no_config: source.no_config,
            rules: source.rules.clone(),
            ..Overrides::default()
        },
    )
}

/// Resolves config and flags, reporting a failure on standard error.
pub fn resolve(
    cwd: &std::path::Path,
    overrides: &Overrides,
    io: &mut Io<'_>,
) -> Result<Settings, Outcome> {
    let settings = Settings::resolve(cwd, overrides).map_err(|e| {
        io.error(&e);
        Outcome::Error
    })?;
    for n in &settings.notices {
        let _ = writeln!(io.err, "outsidein: note: {n}");
    }
    Ok(settings)
}

/// Compiles the active rules, reporting a failure on standard error.
pub fn engine(settings: &Settings, io: &mut Io<'_>) -> Result<crate::lint::Engine, Outcome> {
    crate::lint::Engine::new(settings.book.clone(), &settings.rules).map_err(|e| {
        io.error(&e);
        Outcome::Error
    })
}

/// Maps a write error: a closed pipe ends the run quietly.
pub fn write_result(r: std::io::Result<()>) -> Result<(), Outcome> {
    match r {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Outcome::Clean),
        Err(_) => Err(Outcome::Error),
    }
}
