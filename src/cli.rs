//! Command-line types (clap derive) and nothing else.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::rules::Severity;

#[derive(Debug, Parser)]
#[command(
    name = "outsidein",
    version,
    about = "Lint Markdown policy and process documents from the customer's side.",
    long_about = "Lint Markdown policy and process documents from the customer's side.\n\n\
        Flags process-first language (bureaucratic passive, legalese, blame, silo talk, vague \
        time promises, internal form codes) and shows a customer-first rewording.\n\n\
        With no subcommand, `outsidein [PATHS]` runs `outsidein check [PATHS]`.",
    args_conflicts_with_subcommands = true,
    after_help = "Exit codes: 0 no findings at or above --fail-on; 1 findings; 2 usage, config, rule or I/O error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub check: CheckArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint Markdown files (the default command).
    Check(CheckArgs),
    /// List the rules: id, kind, severity, dimension, description.
    Rules(RulesArgs),
    /// Show one rule's help, rationale and examples.
    Explain(ExplainArgs),
    /// Run every rule's examples: flag examples must flag, pass examples must pass.
    Test(TestArgs),
    /// Write a commented starter `.outsidein.yml` (never overwrites one).
    Init,
    /// Customer-centricity score per document and for the repository.
    Score(ScoreArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// Graphical diagnostics with the source underlined (default).
    #[default]
    Fancy,
    /// One line per finding: `path:line:col: severity[rule] message`.
    Short,
    /// A JSON array of findings with line, column and byte offsets.
    Json,
    /// SARIF 2.1.0, for code scanning (e.g. GitHub's upload-sarif).
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// A Markdown summary, e.g. for `$GITHUB_STEP_SUMMARY`.
    Markdown,
    /// A self-contained HTML report with charts and the findings in context.
    Html,
    /// JUnit XML: one test case per file, failing when it has findings.
    Junit,
    /// GitLab Code Quality report (JSON).
    Gitlab,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is unset.
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeverityArg {
    Error,
    Warning,
    Suggestion,
}

impl From<SeverityArg> for Severity {
    fn from(s: SeverityArg) -> Severity {
        match s {
            SeverityArg::Error => Severity::Error,
            SeverityArg::Warning => Severity::Warning,
            SeverityArg::Suggestion => Severity::Suggestion,
        }
    }
}

/// Which files are linted and how, shared by `check` and `score`.
#[derive(Debug, Clone, Args, Default)]
pub struct WalkArgs {
    /// Treat documents matching GLOB as policies (repeatable; `**` for all).
    #[arg(long, value_name = "GLOB")]
    pub policies: Vec<String>,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// Do not honour `.gitignore` and other ignore files.
    #[arg(long)]
    pub no_ignore: bool,
    /// Apply the config's `exclude` even to files named on the command line.
    #[arg(long)]
    pub force_exclude: bool,
}

/// Options shared by commands that load rules and config.
#[derive(Debug, Clone, Args, Default)]
pub struct RuleSourceArgs {
    /// Use this config file instead of discovering `.outsidein.yml`.
    #[arg(long, value_name = "FILE", global = true)]
    pub config: Option<PathBuf>,
    /// Ignore any `.outsidein.yml`.
    #[arg(long, global = true, conflicts_with = "config")]
    pub no_config: bool,
    /// Rule file(s) to use instead of the config's `rules:`; `builtin` means the built-in sets.
    #[arg(long = "rules", value_name = "FILE", global = true)]
    pub rules: Vec<String>,
}

#[derive(Debug, Clone, Args, Default)]
pub struct CheckArgs {
    /// Files or directories to lint (default: `.`); `-` reads standard input.
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub source: RuleSourceArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Fancy)]
    pub format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Only run these rules or sets (comma-separated, repeatable).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub select: Vec<String>,
    /// Never run these rules or sets (comma-separated, repeatable).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,
    /// Hide findings below this severity.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub min_severity: Option<SeverityArg>,
    /// Exit 1 when a finding is at or above this severity (default: warning).
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<SeverityArg>,
    #[command(flatten)]
    pub walk: WalkArgs,

    /// The name to report for standard input (with `-` as the path).
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Apply safe fixes to the files, then report what is left.
    #[arg(long)]
    pub fix: bool,
    /// Print the resolved settings and exit.
    #[arg(long)]
    pub print_config: bool,
}

#[derive(Debug, Clone, Args)]
pub struct RulesArgs {
    #[command(flatten)]
    pub source: RuleSourceArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Args)]
pub struct ExplainArgs {
    /// A rule id such as `readability/legalese`.
    pub rule: String,
    #[command(flatten)]
    pub source: RuleSourceArgs,
}

#[derive(Debug, Clone, Args)]
pub struct TestArgs {
    /// Rule files to test (default: the rule sets the config uses).
    #[arg(value_name = "FILES")]
    pub files: Vec<String>,
    #[command(flatten)]
    pub source: RuleSourceArgs,
}

#[derive(Debug, Clone, Args)]
pub struct ScoreArgs {
    /// Files or directories to score (default: `.`).
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub source: RuleSourceArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
    /// Exit 1 when any policy scores below N overall (with --aggregate: the repository).
    #[arg(long, value_name = "N")]
    pub min_score: Option<f64>,
    /// Apply --min-score to the repository's word-weighted overall score.
    #[arg(long, requires = "min_score")]
    pub aggregate: bool,
    /// List every point lost, with the finding or missing section behind it.
    #[arg(long)]
    pub explain: bool,
    #[command(flatten)]
    pub walk: WalkArgs,
}
