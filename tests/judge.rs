//! The judgement scorer's own arithmetic (scripts/judge/selftest.py): no
//! network, no real text, just a made-up labelled document.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[test]
fn judge_scorer_selftest() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = match std::process::Command::new("python3")
        .arg(root.join("scripts/judge/selftest.py"))
        .current_dir(root)
        .output()
    {
        Ok(o) => o,
        Err(e) => {
            assert!(
                std::env::var_os("OUTSIDEIN_REQUIRE_TOOLS").is_none(),
                "python3 is required: {e}"
            );
            eprintln!("MISSING TOOL: python3 ({e}); judge selftest not run");
            return;
        }
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(
        stdout.contains("0 failed") || stderr.contains("0 failed"),
        "{stdout}{stderr}"
    );
}
