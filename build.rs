//! Works out, at build time, what start-up would otherwise derive from each
//! pattern of the built-in rule sets (`rules/*.yml`): its prefilter and its
//! narrowed `Hir` (see `src/rules/prebuilt.rs`). The patterns are every
//! word-list pattern, each clause-start cue's anchored alternation, and
//! each one-pattern `heading` or `skip` list. The code is the crate's own
//! (`literals.rs`, `narrow.rs`, `hir_code.rs`), included here as modules.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::PathBuf;

#[allow(dead_code)]
#[path = "src/rules/hir_code.rs"]
mod hir_code;
#[allow(dead_code)]
#[path = "src/rules/literals.rs"]
mod literals;
#[allow(dead_code)]
#[path = "src/rules/narrow.rs"]
mod narrow;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    for module in ["hir_code", "literals", "narrow"] {
        println!("cargo:rerun-if-changed=src/rules/{module}.rs");
    }
    println!("cargo:rerun-if-changed=rules");
    let mut files: Vec<PathBuf> = std::fs::read_dir("rules")
        .expect("the rules/ folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yml"))
        .collect();
    files.sort();
    let mut patterns = BTreeSet::new();
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let text = std::fs::read_to_string(file).expect("a readable rule file");
        // A file that does not parse adds nothing: loading it reports why,
        // and its patterns are extracted at run time.
        if let Ok(value) = serde_saphyr::from_str::<serde_json::Value>(&text) {
            collect(&value, false, &mut patterns);
        }
    }
    let mut out = String::from(
        "/// (pattern, prefilter, literals, gates, narrowed `Hir` in `hir_code`'s\n\
         /// form or empty) of every built-in pattern, sorted by pattern.\n\
         static BUILTIN: &[Entry] = &[\n",
    );
    for p in &patterns {
        let (kind, lits, gates) = literals::prefilter(p);
        let mut hir = Vec::new();
        // A pattern that does not parse is reported when it is loaded.
        if let Ok(parsed) = literals::parse_pattern(p) {
            hir_code::encode(&narrow::narrow(&parsed), &mut hir);
        }
        writeln!(
            out,
            "    ({p:?}, Prefilter::{kind:?}, &{lits:?}, &{gates:?}, b\"{}\"),",
            hir.escape_ascii()
        )
        .expect("writing to a String");
    }
    out.push_str("];\n");
    let dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(dir.join("prebuilt.rs"), out).expect("writing the table");
}

/// The strings of a list, if `value` is one.
fn strings(value: Option<&serde_json::Value>) -> Vec<&str> {
    value
        .and_then(serde_json::Value::as_array)
        .map(|a| a.iter().filter_map(serde_json::Value::as_str).collect())
        .unwrap_or_default()
}

/// Every string in a list under a `patterns` key, at any depth, and the
/// patterns `rules::lazy` compiles: a clause-start cue's alternation, a
/// one-pattern `heading` or `skip` list.
fn collect(value: &serde_json::Value, in_patterns: bool, out: &mut BTreeSet<String>) {
    use serde_json::Value;
    if let Value::Object(map) = value {
        if map.get("at").and_then(Value::as_str) == Some("clause-start") {
            let patterns = strings(map.get("patterns"));
            out.insert(literals::clause_start_pattern(&patterns));
        }
        for key in ["heading", "skip"] {
            if let [one] = strings(map.get(key))[..] {
                out.insert(one.to_string());
            }
        }
    }
    match value {
        Value::String(s) if in_patterns => {
            out.insert(s.clone());
        }
        Value::Array(items) => {
            for item in items {
                collect(item, in_patterns, out);
            }
        }
        Value::Object(map) => {
            for (key, v) in map {
                collect(v, key == "patterns", out);
            }
        }
        _ => {}
    }
}
