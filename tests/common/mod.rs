//! Helpers shared by the integration tests: run the binary like a user and
//! describe what happened in one block for snapshots.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn case_dir(case: &str) -> PathBuf {
    root().join("fixtures/cli").join(case)
}

/// The binary, with a fixed environment: no colour, fixed width.
pub fn bin(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("outsidein").expect("binary builds");
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_with(bin(dir), args, None)
}

pub fn run_with(mut cmd: Command, args: &[&str], stdin: Option<&str>) -> Run {
    cmd.args(args);
    if let Some(s) = stdin {
        cmd.write_stdin(s);
    }
    let out = cmd.output().expect("binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// One block: arguments, exit code, stdout, stderr.
pub fn block(args: &[&str], r: &Run) -> String {
    format!(
        "args: {}\nexit: {}\n----- stdout -----\n{}----- stderr -----\n{}",
        args.join(" "),
        r.code,
        r.stdout,
        r.stderr
    )
}
