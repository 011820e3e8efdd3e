//! In-process throughput: outsidein's lint against the pulldown-cmark
//! parse-only floor, single thread, over the same generated corpus.
//!
//!   cargo bench --bench lint                      # 200 documents
//!   OUTSIDEIN_BENCH_DOCS=2000 cargo bench --bench lint
//!
//! The corpus comes from ../shared/bench/gen_corpus.py (deterministic), or
//! from OUTSIDEIN_BENCH_CORPUS=DIR.

use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pulldown_cmark::{Options, Parser};

fn corpus() -> PathBuf {
    if let Ok(dir) = std::env::var("OUTSIDEIN_BENCH_CORPUS") {
        return PathBuf::from(dir);
    }
    let docs = std::env::var("OUTSIDEIN_BENCH_DOCS").unwrap_or_else(|_| "200".into());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join(format!("target/bench/c{docs}"));
    if !dir.join("manifest.jsonl").exists() {
        let generator = root.join("../shared/bench/gen_corpus.py");
        let ok = std::process::Command::new("python3")
            .arg(&generator)
            .args(["--docs", &docs, "--out"])
            .arg(&dir)
            .status()
            .is_ok_and(|s| s.success());
        assert!(
            ok,
            "could not generate the corpus with {}; set OUTSIDEIN_BENCH_CORPUS",
            generator.display()
        );
    }
    dir
}

fn files(dir: &Path) -> Vec<String> {
    let mut paths = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("corpus dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                paths.push(p);
            }
        }
    }
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("UTF-8 corpus"))
        .collect()
}

fn bench(c: &mut Criterion) {
    let texts = files(&corpus());
    let bytes: usize = texts.iter().map(String::len).sum();
    let book = outsidein::rules::load::RuleBook::load(
        &outsidein::rules::builtin::SETS
            .iter()
            .map(|(f, t)| outsidein::error::YamlSource::new(*f, *t))
            .collect::<Vec<_>>(),
    )
    .expect("built-in rules load");
    let engine = outsidein::lint::Engine::new(book, &Default::default()).expect("engine builds");

    let mut g = c.benchmark_group(format!("{} documents", texts.len()));
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("pulldown-cmark parse only (floor)", |b| {
        let mut opts = Options::empty();
        opts.insert(Options::ENABLE_TABLES);
        opts.insert(Options::ENABLE_FOOTNOTES);
        opts.insert(Options::ENABLE_STRIKETHROUGH);
        b.iter(|| {
            let mut n = 0usize;
            for t in &texts {
                n += Parser::new_ext(t, opts).into_offset_iter().count();
            }
            n
        })
    });
    g.bench_function("outsidein document model only", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| outsidein::document::Document::parse(t).prose.len())
                .sum::<usize>()
        })
    });
    g.bench_function("outsidein lint, all built-in rules, 1 thread", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| engine.lint(t, false).findings.len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
