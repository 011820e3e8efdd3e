//! Works out, at build time, what start-up would otherwise derive from each
//! pattern of the built-in rule sets (`rules/*.yml`): its prefilter and its
//! narrowed `Hir` (see `src/rules/prebuilt.rs`). The patterns are every
//! word-list pattern, each clause-start cue's anchored alternation, and
//! each one-pattern `heading` or `skip` list. The code is the crate's own
//! (`literals.rs`, `narrow.rs`, `hir_code.rs`), included here as modules.
//!
//! It also writes each built-in file's YAML as serde-saphyr reads it, node
//! by node with their locations (`yaml_tree.rs`; see `src/rules/frozen.rs`),
//! so start-up does not parse the YAML.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::PathBuf;

use serde_saphyr::Spanned;

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
    let mut trees = String::from("static TREES: &[Tree] = &[\n");
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let text = std::fs::read_to_string(file).expect("a readable rule file");
        // A file that does not parse adds nothing: loading it reports why,
        // and its patterns are extracted at run time.
        if let Ok(value) = serde_saphyr::from_str::<serde_json::Value>(&text) {
            collect(&value, false, &mut patterns);
        }
        // Rule files only (not `scoring.yml`).
        if let Ok(root) = serde_saphyr::from_str::<Spanned<Node>>(&text)
            && let Node::Map(entries) = &root.value
            && entries
                .iter()
                .any(|(k, _)| matches!(&k.value, Node::Str(k) if k == "rules"))
        {
            tree(file, &root, &mut trees);
        }
    }
    trees.push_str("];\n");
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
    std::fs::write(dir.join("yaml_tree.rs"), trees).expect("writing the trees");
}

/// A YAML node as serde-saphyr hands it to `deserialize_any`, each child
/// with its locations.
enum Node {
    Null,
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    Str(String),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<Node>, Spanned<Node>)>),
}

impl<'de> serde::Deserialize<'de> for Node {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> serde::de::Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a YAML node")
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::I64(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::U64(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::F64(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_string()))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = a.next_element()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = a.next_entry()? {
            entries.push(entry);
        }
        Ok(Node::Map(entries))
    }
}

/// Writes one file's tree: its nodes in document order, each as (value,
/// referenced location, defined location, nodes in its subtree), and the
/// locations as (line, column, offset, length, byte offset, byte length,
/// source id).
fn tree(file: &std::path::Path, root: &Spanned<Node>, out: &mut String) {
    let mut nodes = Vec::new();
    let mut locs = Vec::new();
    flatten(root, &mut nodes, &mut locs);
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .expect("a file name");
    writeln!(
        out,
        "    Tree {{\n        text: include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/rules/{name}\")),\n        nodes: &["
    )
    .expect("writing to a String");
    for n in &nodes {
        writeln!(out, "            {n},").expect("writing to a String");
    }
    out.push_str("        ],\n        locs: &[\n");
    for l in &locs {
        writeln!(out, "            {l:?},").expect("writing to a String");
    }
    out.push_str("        ],\n    },\n");
}

type Loc = [u32; 7];

fn loc(l: &serde_saphyr::Location) -> Loc {
    let s = l.span();
    let raw = |v: u64| u32::try_from(v).expect("a u32 offset");
    [
        raw(l.line()),
        raw(l.column()),
        raw(s.offset()),
        raw(s.len()),
        s.byte_offset().map_or(u32::MAX, raw),
        s.byte_len().map_or(u32::MAX, raw),
        l.source_id(),
    ]
}

/// Appends `node` and its subtree; returns the subtree's node count.
fn flatten(node: &Spanned<Node>, nodes: &mut Vec<String>, locs: &mut Vec<Loc>) -> usize {
    let at = |l: &serde_saphyr::Location, locs: &mut Vec<Loc>| {
        let l = loc(l);
        match locs.last() {
            Some(last) if *last == l => locs.len() - 1,
            _ => {
                locs.push(l);
                locs.len() - 1
            }
        }
    };
    let referenced = at(&node.referenced, locs);
    let defined = at(&node.defined, locs);
    let me = nodes.len();
    nodes.push(String::new());
    let mut size = 1;
    let value = match &node.value {
        Node::Null => "V::Null".to_string(),
        Node::Bool(b) => format!("V::Bool({b})"),
        Node::I64(i) => format!("V::I64({i})"),
        Node::U64(u) => format!("V::U64({u})"),
        Node::F64(f) => format!("V::F64({:#x})", f.to_bits()),
        Node::Str(s) => format!("V::Str({s:?})"),
        Node::Seq(items) => {
            for item in items {
                size += flatten(item, nodes, locs);
            }
            format!("V::Seq({})", items.len())
        }
        Node::Map(entries) => {
            for (k, v) in entries {
                size += flatten(k, nodes, locs);
                size += flatten(v, nodes, locs);
            }
            format!("V::Map({})", entries.len())
        }
    };
    nodes[me] = format!("N({value}, {referenced}, {defined}, {size})");
    size
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
/// `heading` or `skip` list's one pattern or alternation.
fn collect(value: &serde_json::Value, in_patterns: bool, out: &mut BTreeSet<String>) {
    use serde_json::Value;
    if let Value::Object(map) = value {
        if map.get("at").and_then(Value::as_str) == Some("clause-start") {
            let patterns = strings(map.get("patterns"));
            out.insert(literals::clause_start_pattern(&patterns));
        }
        for key in ["heading", "skip"] {
            match strings(map.get(key))[..] {
                [one] => {
                    out.insert(one.to_string());
                }
                ref list if list.len() > 1 && !list.iter().any(|p| p.contains('#')) => {
                    // `rules::lazy` compiles the list as one alternation of
                    // the rewritten patterns: stored where rewriting the
                    // alternation gives the same text.
                    let any = literals::any_pattern(list);
                    let rewritten: Vec<String> = list
                        .iter()
                        .map(|p| literals::ascii_word_boundaries(p))
                        .collect();
                    let rewritten: Vec<&str> = rewritten.iter().map(String::as_str).collect();
                    if literals::ascii_word_boundaries(&any) == literals::any_pattern(&rewritten) {
                        out.insert(any);
                    }
                }
                _ => {}
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
