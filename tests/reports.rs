//! Reports checked by the tools that receive them: SARIF by Microsoft's SARIF
//! multitool, the hook by pre-commit, the HTML report by headless Chromium,
//! the Markdown summary by cmark-gfm, JUnit by an XML parser. Plus escaping
//! in every format and a snapshot of each format on one small fixture.
//!
//! The external tools are installed by `scripts/test-deps.sh`. A test whose
//! tool is missing says so loudly and passes, unless
//! `OUTSIDEIN_REQUIRE_TOOLS=1`, when it fails.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn data() -> PathBuf {
    root().join("tests/data/reports")
}

/// Prints how long a test took when it ends (`--nocapture` shows it).
struct Timer(&'static str, Instant);

impl Timer {
    fn start(name: &'static str) -> Self {
        Timer(name, Instant::now())
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        eprintln!("[time] {}: {:.1}s", self.0, self.1.elapsed().as_secs_f64());
    }
}

fn require_tools() -> bool {
    std::env::var_os("OUTSIDEIN_REQUIRE_TOOLS").is_some_and(|v| v == "1")
}

/// The tool, or a loud skip (a failure under `OUTSIDEIN_REQUIRE_TOOLS=1`).
fn need(tool: &str, found: Option<PathBuf>) -> Option<PathBuf> {
    if found.is_some() {
        return found;
    }
    let bar = "!".repeat(72);
    assert!(
        !require_tools(),
        "\n{bar}\nMISSING TOOL: {tool} not found, and OUTSIDEIN_REQUIRE_TOOLS=1.\n\
         Run scripts/test-deps.sh to install it.\n{bar}\n"
    );
    let msg = format!(
        "\n{bar}\nSKIPPED: {tool} not found. Run scripts/test-deps.sh to install it;\n\
         OUTSIDEIN_REQUIRE_TOOLS=1 turns this skip into a failure.\n{bar}\n"
    );
    eprintln!("{msg}");
    None
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn existing(p: PathBuf) -> Option<PathBuf> {
    p.is_file().then_some(p)
}

fn multitool() -> Option<PathBuf> {
    let platform = match std::env::consts::OS {
        "macos" => "darwin",
        "windows" => "win32",
        other => other,
    };
    existing(root().join(format!(
        "target/tools/npm/node_modules/@microsoft/sarif-multitool-{platform}/Sarif.Multitool"
    )))
    .or_else(|| on_path("sarif-multitool"))
}

fn pre_commit() -> Option<PathBuf> {
    existing(root().join("target/tools/venv/bin/pre-commit")).or_else(|| on_path("pre-commit"))
}

fn chromium() -> Option<PathBuf> {
    existing(PathBuf::from("/usr/bin/chromium"))
        .or_else(|| on_path("chromium"))
        .or_else(|| on_path("chromium-browser"))
}

/// Runs outsidein in `cwd` with the test rules and no config.
fn outsidein(cwd: &Path, rules: &[&str], args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_outsidein"));
    cmd.current_dir(cwd).arg("--no-config");
    for r in rules {
        cmd.arg("--rules").arg(data().join(r));
    }
    cmd.args(args).env("NO_COLOR", "1");
    cmd.output().expect("run outsidein")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 output")
}

fn run(cmd: &mut Command) -> Output {
    let o = cmd.output().expect("run tool");
    eprintln!(
        "$ {cmd:?}\n-> {}\n{}{}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// A file name holding what paths in reports must survive.
const ODD_NAME: &str = "odd %, name: \"q\" <x> & 'y' #2.md";
/// The message of `odd/weird` (tests/data/reports/odd-rules.yml).
const ODD_MESSAGE: &str = "100% sure, see: <script>alert(\"x\")</script> & 'quotes'\nsecond line | `tick` *star* #1 @team $x$";

/// A tempdir with the two policies and the oddly named file.
fn sample_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let policies = dir.path().join("policies");
    std::fs::create_dir_all(&policies).expect("mkdir");
    for f in ["process-first.md", "customer-first.md"] {
        std::fs::copy(data().join("policies").join(f), policies.join(f)).expect("copy");
    }
    std::fs::write(
        dir.path().join(ODD_NAME),
        "# Odd Policy\n\nThe zebra stays.\nAnother zebra, shall we say, prior to lunch.\n",
    )
    .expect("write");
    dir
}

const BOTH: &[&str] = &["rules.yml", "odd-rules.yml"];

// ---------------------------------------------------------------- SARIF

#[test]
fn sarif_passes_the_sarif_multitool_validator() {
    let _t = Timer::start("sarif_passes_the_sarif_multitool_validator");
    let Some(tool) = need(
        "sarif-multitool (npm @microsoft/sarif-multitool)",
        multitool(),
    ) else {
        return;
    };
    let tree = sample_tree();
    // The engine's own finding (unknown id in a directive) has no rule in
    // the book; the driver must still list it.
    std::fs::write(
        tree.path().join("policies/directive.md"),
        "# Notes\n\n<!-- outsidein-disable house/legalse -->\nWe reply within a day.\n",
    )
    .expect("write");
    let out = tempfile::tempdir().expect("tempdir");
    let cases = [
        ("policies.sarif", vec!["policies"]),
        ("all.sarif", vec!["."]),
        ("clean.sarif", vec!["policies/customer-first.md"]),
    ];
    for (file, paths) in cases {
        let sarif = out.path().join(file);
        let mut args = vec![
            "--format",
            "sarif",
            "--output",
            sarif.to_str().expect("path"),
        ];
        args.extend(paths);
        let o = outsidein(tree.path(), BOTH, &args);
        assert!(o.status.code() != Some(2), "{o:?}");

        let log = out.path().join(format!("{file}.validation.sarif"));
        let v = run(Command::new(&tool)
            .arg("validate")
            .arg(&sarif)
            .arg("--output")
            .arg(&log)
            .args(["--log", "ForceOverwrite"]));
        assert!(v.status.success(), "multitool failed to run: {v:?}");
        // The multitool exits 0 even when it finds errors; read its report.
        let report: Value =
            serde_json::from_str(&std::fs::read_to_string(&log).expect("validation log"))
                .expect("validation log is JSON");
        let results = report["runs"][0]["results"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let errors: Vec<&Value> = results.iter().filter(|r| r["level"] == "error").collect();
        for r in &results {
            eprintln!(
                "{file}: {} {} {}",
                r["level"].as_str().unwrap_or("warning"),
                r["ruleId"],
                r["message"]
            );
        }
        assert!(
            errors.is_empty(),
            "{file}: SARIF validation errors: {errors:#?}"
        );
        let notifications = &report["runs"][0]["invocations"][0]["toolExecutionNotifications"];
        assert!(
            notifications.as_array().is_none_or(|n| n.is_empty()),
            "{file}: the validator reported problems running: {notifications}"
        );
    }

    // The content code scanning needs.
    let o = outsidein(tree.path(), BOTH, &["--format", "sarif", "."]);
    let log: Value = serde_json::from_str(&stdout(&o)).expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(
        ids,
        [
            "house/legalese",
            "house/form-code",
            "house/the-department",
            "odd/weird",
            "outsidein/unknown-directive",
        ],
        "every active rule, in rule-book order, then the engine's own"
    );
    assert_eq!(rules[0]["helpUri"], "https://example.org/rules/legalese");
    assert!(rules[1].get("helpUri").is_none(), "no link, no helpUri");
    assert_eq!(rules[2]["defaultConfiguration"]["level"], "note");
    assert_eq!(rules[1]["defaultConfiguration"]["level"], "error");
    let results = run["results"].as_array().expect("results");
    for r in results {
        let i = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
    }
    let first = results
        .iter()
        .find(|r| {
            r["ruleId"] == "house/legalese"
                && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    == "policies/process-first.md"
        })
        .expect("a legalese result");
    let loc = &first["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "policies/process-first.md");
    // `shall` on line 3, columns 12..17 (end exclusive).
    assert_eq!(loc["region"]["startLine"], 3);
    assert_eq!(loc["region"]["startColumn"], 12);
    assert_eq!(loc["region"]["endColumn"], 17);
    assert_eq!(loc["region"]["snippet"]["text"], "shall");
    let replacement = &first["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], "will");
    assert_eq!(replacement["deletedRegion"]["startColumn"], 12);
    assert_eq!(replacement["deletedRegion"]["endColumn"], 17);
}

// ---------------------------------------------------------------- pre-commit

/// Copies the crate's files (tracked and untracked, not ignored) into a new
/// git repository, so pre-commit installs exactly this working tree.
fn hooks_repo(into: &Path) -> bool {
    let files = Command::new("git")
        .current_dir(root())
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .output();
    let Some(files) = files.ok().filter(|o| o.status.success()) else {
        return false;
    };
    for name in files.stdout.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let name = String::from_utf8_lossy(name).into_owned();
        let from = root().join(&name);
        if !from.is_file() {
            continue; // deleted in the working tree
        }
        let to = into.join(&name);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(&from, &to).expect("copy");
    }
    git(into, &["init", "-q"]);
    git(into, &["add", "-A"]);
    git(
        into,
        &[
            "-c",
            "user.name=outsidein tests",
            "-c",
            "user.email=tests@invalid",
            "-c",
            "commit.gpgsign=false",
            "commit",
            "-q",
            "-m",
            "hooks",
        ],
    );
    true
}

fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run git");
    assert!(o.status.success(), "git {args:?}: {o:?}");
}

#[test]
fn pre_commit_hook_fails_on_process_first_and_passes_on_customer_first() {
    let _t = Timer::start("pre_commit_hook_fails_on_process_first_and_passes_on_customer_first");
    let Some(pre_commit) = need("pre-commit (PyPI)", pre_commit()) else {
        return;
    };
    if on_path("git").is_none() {
        need("git", None);
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let hooks = tmp.path().join("hooks");
    if !hooks_repo(&hooks) {
        need(
            "a git checkout of outsidein (for the hook repository)",
            None,
        );
        return;
    }

    // A policy repository with its own rules and config.
    let policies = tmp.path().join("policy-repo");
    std::fs::create_dir_all(policies.join("drafts")).expect("mkdir");
    std::fs::copy(data().join("rules.yml"), policies.join("house.yml")).expect("copy");
    std::fs::write(
        policies.join(".outsidein.yml"),
        "rules: [./house.yml]\nexclude: [\"drafts/**\"]\n",
    )
    .expect("write");
    std::fs::copy(
        data().join("policies/process-first.md"),
        policies.join("refunds.md"),
    )
    .expect("copy");
    git(&policies, &["init", "-q"]);
    git(&policies, &["add", "-A"]);

    let try_repo = |label: &str| {
        let t = Instant::now();
        let o = run(Command::new(&pre_commit)
            .current_dir(&policies)
            .args(["try-repo"])
            .arg(&hooks)
            .args(["outsidein", "--all-files", "--color", "never"])
            // `language: rust` runs `cargo install`: share its build, and
            // skip the release profile's LTO, which only makes it slower.
            // try-repo clones the hooks to a new path each time, so cargo
            // rebuilds outsidein itself (not its dependencies) every run.
            .env("CARGO_TARGET_DIR", root().join("target/pre-commit-build"))
            .env("CARGO_PROFILE_RELEASE_LTO", "off")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
            .env("CARGO_PROFILE_RELEASE_INCREMENTAL", "false")
            .env("PRE_COMMIT_HOME", tmp.path().join("pre-commit-home")));
        eprintln!(
            "[time] pre-commit try-repo ({label}): {:.1}s",
            t.elapsed().as_secs_f64()
        );
        (
            o.status.code(),
            format!("{}{}", stdout(&o), String::from_utf8_lossy(&o.stderr)),
        )
    };

    let (code, out) = try_repo("process-first");
    assert_eq!(
        code,
        Some(1),
        "the hook fails on a process-first policy:\n{out}"
    );
    assert!(out.contains("outsidein") && out.contains("Failed"), "{out}");
    assert!(out.contains("refunds.md"), "{out}");
    assert!(
        out.contains("house/legalese"),
        "prints the findings:\n{out}"
    );
    assert!(out.contains("house/form-code"), "{out}");

    // Customer-first, and the process-first text moved to an excluded draft.
    std::fs::rename(policies.join("refunds.md"), policies.join("drafts/old.md")).expect("mv");
    std::fs::copy(
        data().join("policies/customer-first.md"),
        policies.join("refunds.md"),
    )
    .expect("copy");
    git(&policies, &["add", "-A"]);
    let (code, out) = try_repo("customer-first");
    assert_eq!(
        code,
        Some(0),
        "the hook passes on a customer-first policy:\n{out}"
    );
    assert!(out.contains("Passed"), "{out}");
}

// ---------------------------------------------------------------- HTML

fn chromium_args(cmd: &mut Command, profile: &Path) {
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
        "--hide-scrollbars",
        // Nothing may be fetched: any host lookup fails.
        "--host-resolver-rules=MAP * ~NOTFOUND",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
}

fn file_url(p: &Path) -> String {
    let mut url = String::from("file://");
    for b in p.to_str().expect("utf-8 path").bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

#[test]
fn html_report_renders_in_chromium() {
    let _t = Timer::start("html_report_renders_in_chromium");
    let Some(chromium) = need("chromium (Debian package chromium)", chromium()) else {
        return;
    };
    let tree = sample_tree();
    // A few more documents, so the charts have something to compare.
    let extra = tree.path().join("policies/more");
    std::fs::create_dir_all(&extra).expect("mkdir");
    std::fs::write(
        extra.join("complaints-procedure.md"),
        "# Complaints Procedure\n\nComplaints shall be lodged on form F-220 prior to review.\n\
         The department shall respond pursuant to policy.\n\nApplicants shall wait.\n",
    )
    .expect("write");
    std::fs::write(
        extra.join("privacy-standard.md"),
        "# Privacy Standard\n\nThe department shall keep your data safe.\n",
    )
    .expect("write");
    let out = tempfile::tempdir().expect("tempdir");
    let html = out.path().join("report.html");
    let o = outsidein(
        tree.path(),
        BOTH,
        &[
            "--format",
            "html",
            "--output",
            html.to_str().expect("path"),
            ".",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    let page = std::fs::read_to_string(&html).expect("report");

    // Self-contained: nothing is loaded from anywhere.
    for needle in ["<link", "src=", "@import", "url("] {
        assert!(!page.contains(needle), "the page loads something: {needle}");
    }

    let json = outsidein(tree.path(), BOTH, &["--format", "json", "."]);
    let findings: Vec<Value> = serde_json::from_str(&stdout(&json)).expect("json");

    let dump = |url: &str| {
        let profile = tempfile::tempdir().expect("tempdir");
        let mut cmd = Command::new(&chromium);
        chromium_args(&mut cmd, profile.path());
        let o = cmd
            .arg("--dump-dom")
            .arg(url)
            .output()
            .expect("run chromium");
        assert!(o.status.success(), "{o:?}");
        String::from_utf8(o.stdout).expect("utf-8 DOM")
    };
    let t = Instant::now();
    let dom = dump(&file_url(&html));
    eprintln!(
        "[time] chromium --dump-dom: {:.1}s",
        t.elapsed().as_secs_f64()
    );

    // Totals.
    let total = findings.len();
    let count = |sev: &str| findings.iter().filter(|f| f["severity"] == sev).count();
    for (id, n) in [
        ("total-problems", total),
        ("total-errors", count("error")),
        ("total-warnings", count("warning")),
        ("total-suggestions", count("suggestion")),
        ("total-files", 4),
    ] {
        assert!(
            dom.contains(&format!("id=\"{id}\">{n}<")),
            "{id} should be {n}"
        );
    }
    // The charts: one bar per rule that fired, one per document with findings.
    let chart = |id: &str| {
        let start = dom.find(&format!("<svg id=\"{id}\"")).expect("chart");
        let end = start + dom[start..].find("</svg>").expect("end of chart");
        dom[start..end].to_string()
    };
    assert_eq!(chart("chart-rules").matches("<g class=\"bar\"").count(), 4);
    assert_eq!(
        chart("chart-documents").matches("<g class=\"bar\"").count(),
        4
    );
    // Every finding, with its words highlighted.
    assert_eq!(dom.matches("<li class=\"finding ").count(), total);
    for f in &findings {
        let message = f["message"].as_str().expect("message");
        let escaped = message
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        assert!(dom.contains(&escaped), "finding missing: {message}");
        let matched = f["match"].as_str().expect("match");
        assert!(
            dom.contains(&format!("<mark>{matched}</mark>")),
            "not highlighted: {matched}"
        );
    }
    // Paths and messages are text, never markup.
    assert!(!dom.contains("<x>") && !dom.contains("<script>alert"));
    assert!(dom.contains("odd %, name: \"q\" &lt;x&gt; &amp; 'y' #2.md"));

    // The table sorts (here from the address, as after a click).
    let sorted = dump(&format!("{}#sort=findings:desc", file_url(&html)));
    let table = &sorted[sorted.find("id=\"documents-table\"").expect("table")..];
    let first_row = &table[table.find("<tbody>").expect("tbody")..];
    assert!(
        first_row[..first_row.find("</tr>").expect("row")].contains("process-first.md"),
        "most findings first after sorting"
    );
    assert!(
        table.contains("data-key=\"findings\" title=\"All findings\" aria-sort=\"descending\"")
    );

    // A screenshot to look at: target/report.png.
    let png = root().join("target/report.png");
    let _ = std::fs::remove_file(&png);
    let profile = tempfile::tempdir().expect("tempdir");
    let mut cmd = Command::new(&chromium);
    chromium_args(&mut cmd, profile.path());
    let t = Instant::now();
    let o = cmd
        .arg(format!("--screenshot={}", png.display()))
        .arg("--window-size=1280,2000")
        .arg(file_url(&html))
        .output()
        .expect("run chromium");
    eprintln!(
        "[time] chromium --screenshot: {:.1}s",
        t.elapsed().as_secs_f64()
    );
    assert!(o.status.success(), "{o:?}");
    let size = std::fs::metadata(&png).map(|m| m.len()).unwrap_or(0);
    assert!(size > 20_000, "screenshot looks empty ({size} bytes)");
    let _ = std::fs::copy(&html, root().join("target/report.html"));
}

// ---------------------------------------------------------------- Markdown

#[test]
fn markdown_summary_renders_with_cmark_gfm() {
    let _t = Timer::start("markdown_summary_renders_with_cmark_gfm");
    let Some(cmark) = need("cmark-gfm (Debian package cmark-gfm)", on_path("cmark-gfm")) else {
        return;
    };
    let tree = sample_tree();
    let md = stdout(&outsidein(
        tree.path(),
        BOTH,
        &["--format", "markdown", "."],
    ));
    let mut child = Command::new(cmark)
        .args([
            "-e",
            "table",
            "-e",
            "autolink",
            "-e",
            "strikethrough",
            "-e",
            "tagfilter",
        ])
        .args(["--unsafe", "--to", "html"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run cmark-gfm");
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), md.as_bytes())
        .expect("write");
    let o = child.wait_with_output().expect("cmark-gfm");
    let html = String::from_utf8(o.stdout).expect("utf-8");
    eprintln!("{html}");
    // Tables came out as tables, each row with every column.
    assert_eq!(
        html.matches("<table>").count(),
        3,
        "severity, files and rules tables"
    );
    for table in html.split("<table>").skip(1) {
        let table = &table[..table.find("</table>").expect("end")];
        let widths: Vec<usize> = table
            .split("<tr>")
            .skip(1)
            .map(|row| row.matches("<td").count() + row.matches("<th").count())
            .collect();
        assert!(
            widths.windows(2).all(|w| w[0] == w[1]),
            "ragged table: {widths:?}"
        );
    }
    // Messages and paths stay text.
    assert!(!html.contains("<script>") && !html.contains("<x>"));
    let one_line = ODD_MESSAGE.replace('\n', " ");
    let as_html = one_line
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    assert!(html.contains(&as_html), "message text survives: {as_html}");
    assert!(
        !html.contains("<code>") && !html.contains("<em>"),
        "no markup from messages"
    );
    // Collapsed sections with line links.
    assert!(html.contains("<details><summary>policies/process-first.md"));
    assert!(html.contains("href=\"policies/process-first.md#L3\""));
    assert!(html.contains(
        "href=\"odd%20%25%2C%20name%3A%20%22q%22%20%3Cx%3E%20%26%20%27y%27%20%232.md#L3\""
    ));
}

#[test]
fn markdown_summary_caps_files_and_findings() {
    let dir = tempfile::tempdir().expect("tempdir");
    for i in 0..60 {
        let body = "The zebra shall wait. ".repeat(if i == 0 { 30 } else { 1 });
        std::fs::write(
            dir.path().join(format!("p{i:02}.md")),
            format!("# P\n\n{body}\n"),
        )
        .expect("write");
    }
    let md = stdout(&outsidein(dir.path(), BOTH, &["--format", "markdown", "."]));
    assert!(
        md.contains("_…and 10 more files with findings not shown._"),
        "{md}"
    );
    assert!(md.contains("- _…and 40 more findings not shown._"), "{md}");
    assert_eq!(md.matches("<details>").count(), 50);
    assert!(md.len() < 40_000, "{} bytes", md.len());
}

// ---------------------------------------------------------------- escaping

/// Undoes the runner's escaping of a workflow command property or data.
fn unescape_github(s: &str) -> String {
    s.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).expect("hex");
            out.push(u8::from_str_radix(hex, 16).expect("hex"));
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn every_format_escapes_paths_and_messages() {
    let tree = sample_tree();
    let run = |format: &str| {
        stdout(&outsidein(
            tree.path(),
            &["odd-rules.yml"],
            &["--format", format, "."],
        ))
    };

    // github: parse each command as the runner does.
    let gh = run("github");
    let commands: Vec<&str> = gh.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(commands.len(), 2, "{gh}");
    for line in commands {
        assert!(!line.contains('\n') && !line.contains('\r'));
        let rest = &line[2..];
        let (head, message) = rest.split_once("::").expect("data");
        let (command, props) = head.split_once(' ').expect("properties");
        assert_eq!(command, "warning");
        let props: Vec<(&str, String)> = props
            .split(',')
            .map(|p| {
                let (k, v) = p.split_once('=').expect("key=value");
                (k, unescape_github(v))
            })
            .collect();
        let get = |k: &str| props.iter().find(|p| p.0 == k).map(|p| p.1.clone());
        assert_eq!(get("file").as_deref(), Some(ODD_NAME));
        assert_eq!(get("title").as_deref(), Some("odd/weird"));
        assert!(matches!(get("line").as_deref(), Some("3" | "4")), "{line}");
        assert_eq!(unescape_github(message), ODD_MESSAGE);
    }

    // sarif: JSON strings, and the path as a relative URI reference.
    let sarif: Value = serde_json::from_str(&run("sarif")).expect("json");
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["message"]["text"], ODD_MESSAGE);
    let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .expect("uri");
    assert!(
        uri.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"%-._~/".contains(&b)),
        "{uri}"
    );
    assert_eq!(percent_decode(uri), ODD_NAME);
    let rule = &sarif["runs"][0]["tool"]["driver"]["rules"][0];
    assert_eq!(
        rule["helpUri"],
        "https://example.org/rules/weird?a=1&b=%3C2%3E"
    );

    // junit: a real XML parser reads back what was written.
    let xml = run("junit");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let case = doc
        .descendants()
        .find(|n| n.has_tag_name("testcase") && n.attribute("name") == Some(ODD_NAME))
        .expect("test case named after the file");
    let failure = case
        .children()
        .find(|n| n.has_tag_name("failure"))
        .expect("failure");
    assert_eq!(failure.attribute("type"), Some("warning"));
    assert!(failure.text().expect("text").contains(ODD_MESSAGE));

    // gitlab: JSON strings.
    let gl: Value = serde_json::from_str(&run("gitlab")).expect("json");
    assert_eq!(gl[0]["location"]["path"], ODD_NAME);
    assert_eq!(gl[0]["description"], ODD_MESSAGE);
    assert_ne!(gl[0]["fingerprint"], gl[1]["fingerprint"]);

    // markdown: no raw markup, the table keeps its columns.
    let md = run("markdown");
    assert!(!md.contains("<script") && !md.contains("<x>"), "{md}");
    assert!(md.contains("&lt;script&gt;"), "{md}");
    assert!(
        md.contains("\\| \\`tick\\` \\*star\\* \\#1 \\@team \\$x\\$"),
        "{md}"
    );
    let row = md
        .lines()
        .find(|l| l.starts_with("| [odd"))
        .expect("file row");
    assert_eq!(
        row.matches(" |").count(),
        1 + outsidein::report::DOC_COLUMNS.len(),
        "{row}"
    );

    // html: text, never markup.
    let html = run("html");
    assert!(!html.contains("<x>") && !html.contains("<script>alert"));
    assert!(html.contains(
        "100% sure, see: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;"
    ));
    assert!(html.contains("odd %, name: &quot;q&quot; &lt;x&gt; &amp; &#39;y&#39; #2.md"));
    assert!(html.contains("href=\"https://example.org/rules/weird?a=1&amp;b=&lt;2&gt;\""));
}

// ---------------------------------------------------------------- snapshots

fn snapshot_output(format: &str) -> String {
    let o = outsidein(&data(), &["rules.yml"], &["--format", format, "policies"]);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    stdout(&o).replace(env!("CARGO_PKG_VERSION"), "[VERSION]")
}

#[test]
fn snapshot_sarif() {
    insta::assert_snapshot!(snapshot_output("sarif"));
}

#[test]
fn snapshot_github() {
    insta::assert_snapshot!(snapshot_output("github"));
}

#[test]
fn snapshot_markdown() {
    insta::assert_snapshot!(snapshot_output("markdown"));
}

#[test]
fn snapshot_junit() {
    insta::assert_snapshot!(snapshot_output("junit"));
}

#[test]
fn snapshot_gitlab() {
    insta::assert_snapshot!(snapshot_output("gitlab"));
}

#[test]
fn snapshot_html_body() {
    let html = snapshot_output("html");
    let start = html.find("<main>").expect("main");
    let end = html.find("</main>").expect("end of main");
    insta::assert_snapshot!(&html[start..end + "</main>".len()]);
}

#[test]
fn clean_runs_say_so() {
    let o = outsidein(
        &data(),
        &["rules.yml"],
        &["--format", "markdown", "policies/customer-first.md"],
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "## outsidein\n\nNo problems in 1 file.\n\n");
    let sarif: Value = serde_json::from_str(&stdout(&outsidein(
        &data(),
        &["rules.yml"],
        &["--format", "sarif", "policies/customer-first.md"],
    )))
    .expect("json");
    assert_eq!(sarif["runs"][0]["results"], serde_json::json!([]));
    assert_eq!(
        sarif["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
}

#[test]
fn github_annotations_spanning_lines_have_no_columns() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("p.md"), "Text shall\nprior\nto go.\n").expect("write");
    let gh = stdout(&outsidein(
        dir.path(),
        &["rules.yml"],
        &["--format", "github", "p.md"],
    ));
    let lines: Vec<&str> = gh.lines().collect();
    assert_eq!(
        lines[0],
        "::warning file=p.md,line=1,col=6,endLine=1,endColumn=11,title=house/legalese::'shall' is legalese; write 'will'."
    );
    assert_eq!(
        lines[1],
        "::warning file=p.md,line=2,endLine=3,title=house/legalese::'prior to' is legalese; write 'before'."
    );
}
