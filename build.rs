//! Works out, at build time, the prefilter of every pattern in the built-in
//! rule sets (`rules/*.yml`), so start-up reads a table instead of parsing
//! each pattern again (see `src/rules/prefilter.rs`). The extraction is the
//! crate's own code (`src/rules/literals.rs`), included here as a module.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::PathBuf;

#[allow(dead_code)]
#[path = "src/rules/literals.rs"]
mod literals;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/rules/literals.rs");
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
        "/// (pattern, prefilter, literals, gates) of every built-in pattern, sorted.\n\
         static BUILTIN: &[(&str, Prefilter, &[&str], &[&str])] = &[\n",
    );
    for p in &patterns {
        let (kind, lits, gates) = literals::prefilter(p);
        writeln!(
            out,
            "    ({p:?}, Prefilter::{kind:?}, &{lits:?}, &{gates:?}),"
        )
        .expect("writing to a String");
    }
    out.push_str("];\n");
    let dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(dir.join("prefilters.rs"), out).expect("writing the prefilter table");
}

/// Every string in a list under a `patterns` key, at any depth.
fn collect(value: &serde_json::Value, in_patterns: bool, out: &mut BTreeSet<String>) {
    use serde_json::Value;
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
