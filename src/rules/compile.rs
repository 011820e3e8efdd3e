//! Every word list of every active rule, compiled into one shared matcher.
//!
//! Literal tokens go into one Aho-Corasick automaton (ASCII case-insensitive,
//! overlapping, word-bounded afterwards). The same automaton also carries,
//! for each regex pattern, literals every match must start with or contain,
//! so one pass over the prose says where each regex is worth running:
//! anchored at a required prefix, or over a segment holding a required
//! literal. Only patterns with no usable literal scan all the prose.
//!
//! A single multi-pattern `meta::Regex` (`MatchKind::All`, to learn which
//! patterns occur) was measured first: 27 s on the 2,000-document corpus
//! against 4 s for separate full scans, because the union of real rule
//! patterns blows up the lazy DFA. Built once per run, shared read-only by
//! every worker thread; each regex compiles the first time text calls for it.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use aho_corasick::{AhoCorasick, MatchKind};
use regex_automata::nfa::thompson::{self, pikevm, pikevm::PikeVM};
use regex_automata::util::captures::Captures;
use regex_automata::util::pool::Pool;
use regex_automata::{Anchored, Input, hybrid};

use super::LexId;
use super::literals::Prefilter;
pub use super::literals::{ascii_word_boundaries, parse_pattern, parse_rewritten};
use super::narrow::{is_common, narrow};
use super::scan_regex::ScanRegex;
use super::sorted_literals::SortedLiterals;

/// A word list as written: literal tokens and regex patterns.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub tokens: Vec<String>,
    pub patterns: Vec<String>,
}

/// One match of one word list in a document's prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: u32,
    pub end: u32,
    pub lex: LexId,
    /// Capture group 1 of a pattern, when it has one.
    pub cap: Option<(u32, u32)>,
}

impl Hit {
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// All hits of one document, grouped by word list.
#[derive(Debug, Default)]
pub struct Hits {
    hits: Vec<Hit>,
    /// `hits[offsets[lex]..offsets[lex + 1]]` are the hits of `lex`.
    offsets: Vec<u32>,
}

impl Hits {
    /// Groups `hits` by word list, longest first at each start, without repeats.
    fn from(mut hits: Vec<Hit>, lex_count: usize) -> Hits {
        hits.sort_unstable_by_key(|h| (h.lex, h.start, std::cmp::Reverse(h.end)));
        hits.dedup_by_key(|h| (h.lex, h.start, h.end));
        let mut offsets = vec![0u32; lex_count + 1];
        for h in &hits {
            offsets[h.lex as usize + 1] += 1;
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        Hits { hits, offsets }
    }

    pub fn of(&self, lex: LexId) -> &[Hit] {
        let i = lex as usize;
        match (self.offsets.get(i), self.offsets.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.hits[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// Compiles one pattern as a rule will use it: case-insensitive unless it
/// says `(?-i)`, ASCII word boundaries.
pub fn compile_pattern(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(&ascii_word_boundaries(pattern))
        .case_insensitive(true)
        .size_limit(1 << 22)
        .build()
}

/// Compiles valid patterns that are only ever asked whether any of them
/// matches (`is_match`): one regex for their alternation, each inside its
/// own group so its flags stay its own, or one regex per pattern when the
/// alternation does not build (a repeated group name, the size limit) or a
/// pattern may hold a `(?x)` comment. One regex builds several times faster
/// than many small ones.
pub fn compile_any<S: AsRef<str>>(patterns: &[S]) -> Result<Vec<regex::Regex>, regex::Error> {
    if patterns.len() > 1 && !patterns.iter().any(|p| p.as_ref().contains('#')) {
        let alternation = patterns
            .iter()
            .map(|p| format!("(?:{})", ascii_word_boundaries(p.as_ref())))
            .collect::<Vec<_>>()
            .join("|");
        if let Ok(re) = regex::RegexBuilder::new(&alternation)
            .case_insensitive(true)
            .size_limit(1 << 22)
            .build()
        {
            return Ok(vec![re]);
        }
    }
    patterns
        .iter()
        .map(|p| compile_pattern(p.as_ref()))
        .collect()
}

/// A pattern as `compile_pattern` parses it, narrowed to the common
/// characters or not (see `narrow`).
fn parse_for_matcher(pattern: &str, narrowed: bool) -> Result<regex_syntax::hir::Hir, String> {
    let hir = parse_pattern(pattern)?;
    Ok(if narrowed { narrow(&hir) } else { hir })
}

/// The same pattern as `compile_pattern`, for the matcher's searches over a
/// segment or all the prose (prefix regexes are an `AnchoredRegex`), and
/// for the lists compiled on first use (`lazy`): a lazy DFA without meta's
/// own prefilters and no full DFA, built with this thread's compilers and
/// its reverse half on the first match (see `ScanRegex`).
pub(crate) fn compile_meta(hir: regex_syntax::hir::Hir) -> Result<ScanRegex, String> {
    ScanRegex::new(hir)
}

/// A compiled word-list pattern.
enum Compiled {
    Meta(ScanRegex),
    Anchored(Box<AnchoredRegex>),
}

/// A pattern searched only anchored at candidate starts, where the start of
/// a match is known: a forward lazy DFA finds the end, and the PikeVM fills
/// capture groups (or takes over if the DFA gives up). `meta::Regex` would
/// also build a reverse NFA, a reverse DFA cache per thread and a bounded
/// backtracker, which anchored searches never use: on the built-in rules
/// that was about half of the regexes' memory and compile time.
struct AnchoredRegex {
    dfa: hybrid::dfa::DFA,
    pikevm: PikeVM,
    caches: Pool<AnchoredCache, CacheFn>,
    /// The longest match in bytes, if there is a longest.
    max_len: Option<usize>,
}

type AnchoredCache = (hybrid::dfa::Cache, Option<pikevm::Cache>);
type CacheFn = Box<dyn Fn() -> AnchoredCache + Send + Sync + UnwindSafe + RefUnwindSafe>;

thread_local! {
    /// One NFA compiler per thread, reused for every prefix regex: a
    /// compiler allocates a 10,000-entry cache of UTF-8 states the first
    /// time it compiles a Unicode class, and frees it when dropped, which
    /// was a tenth of compiling a built-in pattern. The NFA it builds is
    /// the same (`build_from_hir` starts from a cleared builder and cache).
    pub(crate) static NFA_COMPILER: thompson::Compiler = {
        let mut c = thompson::Compiler::new();
        c.configure(
            thompson::Config::new()
                .nfa_size_limit(Some(1 << 22))
                .shrink(false),
        );
        c
    };
}

impl AnchoredRegex {
    fn new(hir: &regex_syntax::hir::Hir) -> Result<AnchoredRegex, String> {
        // The lazy DFA and PikeVM a scan uses; anchored searches need no
        // reverse half.
        let (dfa, pikevm) = super::scan_regex::forward(hir)?;
        let fresh = dfa.clone();
        let create: CacheFn = Box::new(move || (fresh.create_cache(), None));
        Ok(AnchoredRegex {
            dfa,
            pikevm,
            caches: Pool::new(create),
            max_len: hir.properties().maximum_len(),
        })
    }

    /// An anchored search: the match starts at `input.start()`.
    fn search(&self, input: &Input<'_>, caps: Option<&mut Captures>) -> Option<Found> {
        self.search_with(&mut self.caches.get(), input, caps)
    }

    /// `search` with this thread's caches, taken once for many searches.
    fn search_with(
        &self,
        cache: &mut AnchoredCache,
        input: &Input<'_>,
        caps: Option<&mut Captures>,
    ) -> Option<Found> {
        debug_assert!(input.get_anchored().is_anchored());
        let (dfa_cache, vm_cache) = cache;
        // The PikeVM's cache is made only where it is used.
        let end = match self.dfa.try_search_fwd(dfa_cache, input) {
            Ok(Some(end)) => end.offset(),
            Ok(None) => return None,
            // The lazy DFA gave up (a thrashing cache, non-ASCII text at a
            // Unicode word boundary): the PikeVM gives the same match.
            Err(_) => {
                let mut own;
                let caps = match caps {
                    Some(c) => c,
                    None => {
                        own = self.pikevm.create_captures();
                        &mut own
                    }
                };
                let vm = vm_cache.get_or_insert_with(|| self.pikevm.create_cache());
                self.pikevm.search(vm, input, caps);
                let m = caps.get_match()?;
                let cap = caps.get_group(1).map(|g| (g.start as u32, g.end as u32));
                return (m.start() < m.end()).then_some((m.start(), m.end(), cap));
            }
        };
        let start = input.start();
        if start >= end {
            return None;
        }
        let cap = match caps {
            Some(caps) => {
                let span = input.clone().range(start..end).anchored(Anchored::Yes);
                let vm = vm_cache.get_or_insert_with(|| self.pikevm.create_cache());
                self.pikevm.search(vm, &span, caps);
                caps.get_group(1).map(|g| (g.start as u32, g.end as u32))
            }
            None => None,
        };
        Some((start, end, cap))
    }
}

impl Compiled {
    /// Compiles `pattern` for searches of `kind`, narrowed to the common
    /// characters or as written.
    fn new(pattern: &str, kind: Prefilter, narrowed: bool) -> Result<Compiled, String> {
        // A built-in pattern's narrowed form was worked out at build time.
        let hir = match narrowed.then(|| super::prebuilt::narrowed_hir(pattern)) {
            Some(Some(hir)) => hir,
            _ => parse_for_matcher(pattern, narrowed)?,
        };
        match kind {
            Prefilter::Prefix => {
                AnchoredRegex::new(&hir).map(|re| Compiled::Anchored(Box::new(re)))
            }
            Prefilter::Inner | Prefilter::Scan => compile_meta(hir).map(Compiled::Meta),
        }
    }

    fn captures_len(&self) -> usize {
        match self {
            Compiled::Meta(re) => re.captures_len(),
            Compiled::Anchored(re) => re.pikevm.get_nfa().group_info().all_group_len(),
        }
    }

    fn create_captures(&self) -> Captures {
        match self {
            Compiled::Meta(re) => re.create_captures(),
            Compiled::Anchored(re) => re.pikevm.create_captures(),
        }
    }
}

/// Normalises a token: trimmed, inner whitespace collapsed.
pub fn normalize_token(t: &str) -> String {
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The shared matcher.
pub struct Matcher {
    /// The lowercased literals; `longest` is the longest one's length.
    literals: Vec<String>,
    longest: usize,
    /// The literals as a sorted table, searched while `small_left` lasts.
    sorted: SortedLiterals,
    /// Bytes the sorted table may still search before the automaton is
    /// built (`each_literal`).
    small_left: AtomicUsize,
    /// The automaton over `literals`, built when a run has searched more
    /// text than `SMALL_BUDGET` (`None` if it failed to build).
    ac: OnceLock<Option<AhoCorasick>>,
    /// For each automaton literal: the word lists that contain it as a
    /// token, and the regexes it prefilters.
    ac_entries: Vec<AcEntry>,
    /// Every pattern: its compiled regexes (on first use), word list, prefilter.
    regexes: Vec<Pattern>,
    /// The pattern text of each regex, for compiling and profiling.
    sources: Vec<String>,
    /// Whether a regex also waits for a rarer literal in the same segment.
    gated: Vec<bool>,
    lex_count: usize,
    /// Set once the first document has had its regexes compiled up front.
    warmed: std::sync::atomic::AtomicBool,
}

/// One word-list pattern of the matcher.
struct Pattern {
    /// Compiled on first use, narrowed to the common characters (for text
    /// made only of them) and as written (for any other text).
    narrowed: OnceLock<Option<Compiled>>,
    full: OnceLock<Option<Compiled>>,
    lex: LexId,
    kind: Prefilter,
}

impl Pattern {
    fn new(lex: LexId, kind: Prefilter) -> Pattern {
        Pattern {
            narrowed: OnceLock::new(),
            full: OnceLock::new(),
            lex,
            kind,
        }
    }

    fn slot(&self, narrowed: bool) -> &OnceLock<Option<Compiled>> {
        if narrowed { &self.narrowed } else { &self.full }
    }
}

#[derive(Debug, Default)]
struct AcEntry {
    lex: Vec<LexId>,
    /// (regex, role): `START` for a required prefix, `GATE` for a rarer
    /// required literal that must occur in the same segment.
    triggers: Vec<(u32, u8)>,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("literals", &self.ac_entries.len())
            .field("patterns", &self.regexes.len())
            .finish()
    }
}

const START: u8 = 0;
const GATE: u8 = 1;

impl Matcher {
    /// Builds the matcher from the word lists to match (`None` entries are
    /// lists of rules that are switched off). Patterns were validated when
    /// the rules were loaded.
    pub fn new(lexicons: &[Option<&Lexicon>]) -> Result<Matcher, String> {
        // Sized up front (tokens, their curly-apostrophe variants, and a
        // few literals per pattern): growing the table and the lists
        // literal by literal was a quarter of a small file's page faults.
        let cap: usize = lexicons
            .iter()
            .flatten()
            .map(|lex| lex.tokens.len() * 2 + lex.patterns.len() * 4)
            .sum();
        let mut index: HashMap<String, usize, BuildHasherDefault<FxHasher>> =
            HashMap::with_capacity_and_hasher(cap, Default::default());
        let mut literals: Vec<String> = Vec::with_capacity(cap);
        let mut entries: Vec<AcEntry> = Vec::with_capacity(cap);
        let mut entry =
            |lit: String, literals: &mut Vec<String>, entries: &mut Vec<AcEntry>| -> usize {
                if let Some(&i) = index.get(&lit) {
                    return i;
                }
                literals.push(lit.clone());
                entries.push(AcEntry::default());
                index.insert(lit, literals.len() - 1);
                literals.len() - 1
            };
        let (mut regexes, mut sources, mut gated) = (Vec::new(), Vec::new(), Vec::new());
        let patterns: Vec<&str> = lexicons
            .iter()
            .flatten()
            .flat_map(|lex| lex.patterns.iter().map(String::as_str))
            .collect();
        let mut prefilters = super::prebuilt::prefilters(&patterns).into_iter();
        for (id, lex) in lexicons.iter().enumerate() {
            let Some(lex) = lex else { continue };
            let id = id as LexId;
            for t in &lex.tokens {
                let t = normalize_token(t).to_ascii_lowercase();
                if t.is_empty() {
                    continue;
                }
                let mut variants = vec![t.clone()];
                if t.contains('\'') {
                    variants.push(t.replace('\'', "\u{2019}"));
                }
                for v in variants {
                    let i = entry(v, &mut literals, &mut entries);
                    if !entries[i].lex.contains(&id) {
                        entries[i].lex.push(id);
                    }
                }
            }
            for p in &lex.patterns {
                let r = regexes.len() as u32;
                let (kind, lits, gates) =
                    prefilters
                        .next()
                        .unwrap_or((Prefilter::Scan, Vec::new(), Vec::new()));
                gated.push(!gates.is_empty());
                let roles = lits
                    .into_iter()
                    .map(|l| (l, START))
                    .chain(gates.into_iter().map(|l| (l, GATE)));
                for (lit, role) in roles {
                    let i = entry(lit, &mut literals, &mut entries);
                    if !entries[i].triggers.contains(&(r, role)) {
                        entries[i].triggers.push((r, role));
                    }
                }
                regexes.push(Pattern::new(id, kind));
                sources.push(p.clone());
            }
        }
        let longest = literals.iter().map(String::len).max().unwrap_or(0);
        Ok(Matcher {
            sorted: SortedLiterals::new(&literals),
            literals,
            small_left: AtomicUsize::new(SMALL_BUDGET),
            ac: OnceLock::new(),
            longest,
            ac_entries: entries,
            regexes,
            sources,
            gated,
            lex_count: lexicons.len(),
            warmed: std::sync::atomic::AtomicBool::new(false),
        })
    }

    /// Regex `r`, compiled on first use: narrowed, for text made only of
    /// common characters (`narrow::is_common`), or as written. A pattern
    /// that parsed at load but fails to compile (a size limit) matches
    /// nothing in the text it fails for; `compile_all` reports it, and
    /// `outsidein test` calls that.
    fn regex(&self, r: usize, narrowed: bool) -> Option<&Compiled> {
        let p = &self.regexes[r];
        p.slot(narrowed)
            .get_or_init(|| Compiled::new(&self.sources[r], p.kind, narrowed).ok())
            .as_ref()
    }

    /// Compiles every pattern now; returns the ones that fail, with why.
    pub fn compile_all(&self) -> Vec<(String, String)> {
        (0..self.regexes.len())
            .flat_map(|r| [(r, false), (r, true)])
            .filter(|&(r, narrowed)| self.regex(r, narrowed).is_none())
            .map(|(r, narrowed)| {
                (
                    self.sources[r].clone(),
                    Compiled::new(&self.sources[r], self.regexes[r].kind, narrowed)
                        .err()
                        .unwrap_or_default(),
                )
            })
            .collect()
    }

    /// Finds every hit of every word list in `text`. Hits never cross a
    /// newline (the separator between prose segments).
    pub fn find(&self, text: &str) -> Hits {
        if !self.warmed.swap(true, std::sync::atomic::Ordering::Relaxed) {
            self.warm(text);
        }
        Hits::from(self.find_raw(text, None), self.lex_count)
    }

    /// Compiles, on every core of the current pool, the regexes the start
    /// of `text` is likely to call for (gates are judged over that whole
    /// stretch, not per segment). Run on the first document only: linting
    /// one small file is otherwise mostly compiling regexes one after
    /// another. Only the first 64 KiB are scanned, so a huge file does not
    /// pay for a second pass.
    fn warm(&self, text: &str) {
        use rayon::prelude::*;
        let mut end = text.len().min(1 << 16);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let text = &text[..end];
        let (mut start, mut gate) = (
            vec![false; self.regexes.len()],
            vec![false; self.regexes.len()],
        );
        self.each_literal(text, &mut |_: usize, _: usize, lit: usize| {
            for &(r, role) in &self.ac_entries[lit].triggers {
                let seen = if role == GATE { &mut gate } else { &mut start };
                seen[r as usize] = true;
            }
        });
        // Text outside the common characters is rare: its regexes are
        // compiled when it comes.
        let needed: Vec<usize> = (0..self.regexes.len())
            .filter(|&r| match self.regexes[r].kind {
                Prefilter::Scan => true,
                _ => start[r] && (!self.gated[r] || gate[r]),
            })
            .filter(|&r| self.regexes[r].narrowed.get().is_none())
            .collect();
        needed.par_iter().for_each(|&r| {
            self.regex(r, true);
        });
    }

    /// The hits, ungrouped; with `profile`, the time each regex took.
    fn find_raw(
        &self,
        text: &str,
        mut profile: Option<&mut Vec<(usize, std::time::Duration)>>,
    ) -> Vec<Hit> {
        let mut hits: Vec<Hit> = Vec::new();
        // Patterns without a usable literal scan the whole text.
        let mut common: Option<bool> = None;
        for (r, p) in self.regexes.iter().enumerate() {
            if p.kind == Prefilter::Scan {
                let t = profile.is_some().then(std::time::Instant::now);
                let narrowed = *common.get_or_insert_with(|| is_common(text));
                if let Some(Compiled::Meta(re)) = self.regex(r, narrowed) {
                    let lex = p.lex;
                    find_confined(re, text, &mut |a, b, cap| hits.push(hit(a, b, lex, cap)));
                }
                if let (Some(p), Some(t)) = (profile.as_deref_mut(), t) {
                    p.push((r, t.elapsed()));
                }
            }
        }
        if self.literals.is_empty() {
            return hits;
        }
        // Candidates of the current segment, bucketed per regex as
        // (position, role). The automaton reports matches by increasing end,
        // and no literal spans a newline, so segments come in order and each
        // is settled once.
        let scratch = Scratch {
            buckets: vec![Vec::new(); self.regexes.len()],
            touched: Vec::new(),
            caps: (0..2 * self.regexes.len()).map(|_| None).collect(),
        };
        let mut collect = Collect {
            matcher: self,
            text,
            segment: 0..0,
            scratch,
            hits,
            profile,
        };
        self.each_literal(text, &mut collect);
        let Collect {
            segment,
            mut scratch,
            mut hits,
            profile,
            ..
        } = collect;
        self.settle(text, segment, &mut scratch, &mut hits, profile);
        hits
    }

    /// Runs the regexes one segment's literals call for, then empties the buckets.
    fn settle(
        &self,
        text: &str,
        segment: Range<usize>,
        scratch: &mut Scratch,
        hits: &mut Vec<Hit>,
        mut profile: Option<&mut Vec<(usize, std::time::Duration)>>,
    ) {
        let mut common: Option<bool> = None;
        for &r in &scratch.touched {
            let r = r as usize;
            let bucket = &mut scratch.buckets[r];
            // A gated regex needs one of its rarer literals in the segment.
            if self.gated[r] && !bucket.iter().any(|c| c.1 == GATE) {
                bucket.clear();
                continue;
            }
            let t = profile.is_some().then(std::time::Instant::now);
            let narrowed = *common.get_or_insert_with(|| is_common(&text[segment.clone()]));
            let Some(re) = self.regex(r, narrowed) else {
                bucket.clear();
                continue;
            };
            // Whether the regex has a capture group is asked once per
            // document, not per segment: the answer is several pointers
            // away in the regex, cold by the time the segment comes.
            let caps = scratch.caps[2 * r + usize::from(narrowed)]
                .get_or_insert_with(|| (re.captures_len() > 1).then(|| re.create_captures()));
            let Pattern { lex, kind, .. } = &self.regexes[r];
            let mut push =
                |a: usize, b: usize, cap: Option<(u32, u32)>| hits.push(hit(a, b, *lex, cap));
            match kind {
                Prefilter::Prefix => {
                    // Nearly sorted already: the automaton reports by end.
                    bucket.sort_unstable();
                    bucket.dedup();
                    let starts = bucket.iter().filter(|c| c.1 == START).map(|c| c.0 as usize);
                    if self.gated[r] {
                        // A start is worth trying only with one of the rarer
                        // literals where the match would hold it: at or
                        // after the start, and before the longest match
                        // from there ends. Most starts of a common prefix
                        // ("the", "we") have none: an anchored search from
                        // one still walks its lazy DFA as far as the
                        // pattern's bounded gaps allow.
                        let reach = match re {
                            Compiled::Anchored(a) => a.max_len,
                            Compiled::Meta(_) => None,
                        };
                        let mut gates = bucket
                            .iter()
                            .filter(|c| c.1 == GATE)
                            .map(|c| c.0 as usize)
                            .peekable();
                        let starts = starts.filter(|&s| {
                            while gates.next_if(|&g| g < s).is_some() {}
                            gates
                                .peek()
                                .is_some_and(|&g| reach.is_none_or(|m| g < s + m))
                        });
                        find_from_candidates(re, text, &segment, starts, caps.as_mut(), &mut push);
                    } else {
                        find_from_candidates(re, text, &segment, starts, caps.as_mut(), &mut push);
                    }
                }
                Prefilter::Inner => {
                    if let Compiled::Meta(re) = re {
                        find_in_segment(re, text, &segment, caps.as_mut(), &mut push);
                    }
                }
                Prefilter::Scan => {}
            }
            bucket.clear();
            if let (Some(p), Some(t)) = (profile.as_deref_mut(), t) {
                p.push((r, t.elapsed()));
            }
        }
        scratch.touched.clear();
    }
}

impl Matcher {
    /// Calls `f(start, end, literal)` for each occurrence of a literal in
    /// `text`, ASCII case-insensitively, by increasing end and, for one end,
    /// increasing start (the automaton's order). The first `SMALL_BUDGET`
    /// bytes a run searches go through the sorted table; after that the
    /// automaton is built and used.
    fn each_literal(&self, text: &str, sink: &mut impl LiteralSink) {
        if self.literals.is_empty() {
            return;
        }
        let ac = self.automaton(text.len());
        each_literal(ac, &self.sorted, self.longest, text, sink);
    }

    /// The automaton, or `None` while the sorted table's budget lasts for
    /// `len` more bytes (or when the automaton fails to build).
    fn automaton(&self, len: usize) -> Option<&AhoCorasick> {
        if let Some(ac) = self.ac.get() {
            return ac.as_ref();
        }
        let spent = self
            .small_left
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                left.checked_sub(len)
            });
        if spent.is_ok() {
            return None;
        }
        self.build_automaton()
    }

    /// The automaton, built now if it is not yet.
    fn build_automaton(&self) -> Option<&AhoCorasick> {
        // Every literal is lowercase: the automaton is case-sensitive and
        // runs over lowercased text, which builds it in about half the time
        // of an ASCII case-insensitive one.
        self.ac
            .get_or_init(|| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    // Dense transitions to depth 8 rather than 3: most
                    // literals are short words, and the sparse states
                    // just past the root were a tenth of the search's
                    // instructions (16 gains no more and costs 3 MB).
                    .dense_depth(8)
                    .build(&self.literals)
                    .ok()
            })
            .as_ref()
    }
}

/// Bytes of text a run searches with the sorted literal table before it
/// builds the automaton: about where their costs cross (see BENCHMARKS.md).
const SMALL_BUDGET: usize = 64 << 10;

/// FxHash (rustc's): the literal table hashes a few thousand short
/// strings once, where SipHash showed in the start-up profile.
#[derive(Default)]
struct FxHasher {
    hash: u64,
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut add = |w: u64| self.hash = (self.hash.rotate_left(5) ^ w).wrapping_mul(K);
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            add(u64::from_le_bytes(w));
        }
        for &b in chunks.remainder() {
            add(u64::from(b));
        }
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// Calls `sink.hit(start, end, literal)` for each of the automaton's
/// matches in `text`, by increasing end, as an ASCII case-insensitive
/// automaton reports them: the automaton holds lowercase literals and the
/// text is lowercased a piece at a time. Each piece is searched from a
/// literal's length before its start, so a match across two pieces is
/// found, and only matches ending inside the piece are reported, so none is
/// reported twice. Without the automaton, `sorted` finds the same in the
/// text lowercased whole.
fn each_literal(
    ac: Option<&AhoCorasick>,
    sorted: &SortedLiterals,
    longest: usize,
    text: &str,
    sink: &mut impl LiteralSink,
) {
    let bytes = text.as_bytes();
    let Some(ac) = ac else {
        let mut lower = bytes.to_vec();
        lower.make_ascii_lowercase();
        for (end, start, lit) in sorted.find(&lower) {
            sink.hit(start as usize, end as usize, lit as usize);
        }
        return;
    };
    let mut lower = Vec::with_capacity(bytes.len().min(PIECE + longest));
    let mut start = 0;
    while start < bytes.len() {
        let end = (start + PIECE).min(bytes.len());
        let from = start.saturating_sub(longest);
        lower.clear();
        lower.extend_from_slice(&bytes[from..end]);
        lower.make_ascii_lowercase();
        for m in ac.find_overlapping_iter(&lower[..]) {
            if from + m.end() > start {
                sink.hit(from + m.start(), from + m.end(), m.pattern().as_usize());
            }
        }
        start = end;
    }
}

/// What `each_literal` calls for each literal occurrence.
trait LiteralSink {
    fn hit(&mut self, start: usize, end: usize, literal: usize);
}

impl<F: FnMut(usize, usize, usize)> LiteralSink for F {
    #[inline(always)]
    fn hit(&mut self, start: usize, end: usize, literal: usize) {
        self(start, end, literal)
    }
}

/// `find_raw`'s sink: buckets each segment's regex candidates, settles a
/// segment when the next begins, and keeps token hits. A type rather than
/// a closure so that its body can be inlined into the loops of both
/// searches: a closure called from both was not inlined into either,
/// which cost 1.3% of linting the 2,000 documents.
struct Collect<'a, 'p> {
    matcher: &'a Matcher,
    text: &'a str,
    /// The current segment (a line of the prose).
    segment: Range<usize>,
    scratch: Scratch,
    hits: Vec<Hit>,
    profile: Option<&'p mut Vec<(usize, std::time::Duration)>>,
}

impl LiteralSink for Collect<'_, '_> {
    #[inline(always)]
    fn hit(&mut self, s: usize, e: usize, lit: usize) {
        let (m, text) = (self.matcher, self.text);
        // Literals come by increasing end and none spans a newline, so
        // segments come in order and each is settled once.
        if s >= self.segment.end {
            m.settle(
                text,
                self.segment.clone(),
                &mut self.scratch,
                &mut self.hits,
                self.profile.as_deref_mut(),
            );
            let bytes = text.as_bytes();
            let start = memchr::memrchr(b'\n', &bytes[..s]).map_or(0, |i| i + 1);
            let end = memchr::memchr(b'\n', &bytes[s..]).map_or(text.len(), |i| s + i);
            self.segment = start..end;
        }
        let entry = &m.ac_entries[lit];
        for &(r, role) in &entry.triggers {
            let bucket = &mut self.scratch.buckets[r as usize];
            if bucket.is_empty() {
                self.scratch.touched.push(r);
            }
            bucket.push((s as u32, role));
        }
        if !entry.lex.is_empty() && word_bounded(text, s, e) {
            self.hits
                .extend(entry.lex.iter().map(|&lex| hit(s, e, lex, None)));
        }
    }
}

/// Bytes lowercased and searched at a time.
const PIECE: usize = 1 << 16;

/// Per-document working memory of `Matcher::find`.
struct Scratch {
    /// Per regex: (position, role) of its literals in the current segment.
    buckets: Vec<Vec<(u32, u8)>>,
    /// Regexes with a non-empty bucket.
    touched: Vec<u32>,
    /// Per regex, narrowed (odd) and as written (even), once the regex has
    /// run: reusable capture slots if it has a capture group.
    caps: Vec<Option<Option<Captures>>>,
}

/// Per-pattern cost over `text`, for benchmarks and profiling: the pattern
/// with its prefilter, the number of searches, and the total time.
#[doc(hidden)]
pub fn profile_patterns(m: &Matcher, text: &str) -> Vec<(String, usize, std::time::Duration)> {
    let mut times = Vec::new();
    let _ = m.find_raw(text, Some(&mut times));
    let mut per: Vec<(usize, std::time::Duration)> =
        vec![(0, std::time::Duration::ZERO); m.regexes.len()];
    for (r, d) in times {
        per[r].0 += 1;
        per[r].1 += d;
    }
    per.into_iter()
        .enumerate()
        .map(|(r, (n, d))| (format!("{:?} {}", m.regexes[r].kind, m.sources[r]), n, d))
        .collect()
}

fn hit(start: usize, end: usize, lex: LexId, cap: Option<(u32, u32)>) -> Hit {
    Hit {
        start: start as u32,
        end: end as u32,
        lex,
        cap,
    }
}

/// Matches of `re` in `segment` that start at one of `starts` (ascending):
/// the same matches a full scan finds, because every match starts with a
/// required prefix. Each start is tried with an anchored search, so a miss
/// costs a few bytes, not a scan.
fn find_from_candidates(
    re: &Compiled,
    text: &str,
    segment: &Range<usize>,
    starts: impl Iterator<Item = usize>,
    mut caps: Option<&mut Captures>,
    push: &mut impl FnMut(usize, usize, Option<(u32, u32)>),
) {
    let mut done = 0usize;
    // The thread's caches of a prefix regex, taken at its first start.
    let mut guard = None;
    for s in starts {
        if s < done {
            continue;
        }
        let input = Input::new(text)
            .range(s..segment.end)
            .anchored(Anchored::Yes);
        let found = match re {
            Compiled::Anchored(re) => {
                let cache = guard.get_or_insert_with(|| re.caches.get());
                re.search_with(cache, &input, caps.as_deref_mut())
            }
            Compiled::Meta(..) => search(re, &input, caps.as_deref_mut()),
        };
        if let Some((a, b, cap)) = found {
            push(a, b, cap);
            done = b;
        }
    }
}

/// Every match of `re` in one segment.
fn find_in_segment(
    re: &ScanRegex,
    text: &str,
    segment: &Range<usize>,
    mut caps: Option<&mut Captures>,
    push: &mut impl FnMut(usize, usize, Option<(u32, u32)>),
) {
    let mut pos = segment.start;
    while pos < segment.end {
        match search_meta(
            re,
            &Input::new(text).range(pos..segment.end),
            caps.as_deref_mut(),
        ) {
            Some((a, b, cap)) => {
                push(a, b, cap);
                pos = b;
            }
            None => break,
        }
    }
}

/// Every match of `re` in `text` that stays inside one segment. A match
/// that would cross a newline is searched again within the segment it
/// starts in, so the match inside the segment is found.
fn find_confined(
    re: &ScanRegex,
    text: &str,
    push: &mut impl FnMut(usize, usize, Option<(u32, u32)>),
) {
    let bytes = text.as_bytes();
    let mut pos = 0;
    while pos < text.len() {
        let Some(m) = re.search(&Input::new(text).range(pos..)) else {
            break;
        };
        let end = memchr::memchr(b'\n', &bytes[m.start()..]).map_or(text.len(), |i| m.start() + i);
        if m.end() <= end {
            let mut caps = captures_for(re);
            if let Some(c) = caps.as_mut() {
                re.search_captures(
                    &Input::new(text)
                        .range(m.start()..m.end())
                        .anchored(Anchored::Yes),
                    c,
                );
            }
            push(
                m.start(),
                m.end(),
                caps.as_ref()
                    .and_then(|c| c.get_group(1))
                    .map(|g| (g.start as u32, g.end as u32)),
            );
            pos = m.end().max(m.start() + 1);
            continue;
        }
        // The match crosses a segment break: keep what lies inside it.
        let segment = m.start()..end;
        let mut caps = captures_for(re);
        find_in_segment(re, text, &segment, caps.as_mut(), push);
        pos = end + 1;
    }
}

/// Captures to fill, for patterns with a capture group.
fn captures_for(re: &ScanRegex) -> Option<Captures> {
    (re.captures_len() > 1).then(|| re.create_captures())
}

/// A match: start, end, and capture group 1 when the pattern has one.
type Found = (usize, usize, Option<(u32, u32)>);

/// One search; `None` for no match or an empty one.
fn search(re: &Compiled, input: &Input<'_>, caps: Option<&mut Captures>) -> Option<Found> {
    match re {
        Compiled::Meta(re) => search_meta(re, input, caps),
        // Prefix regexes are only searched anchored.
        Compiled::Anchored(re) => re.search(input, caps),
    }
}

fn search_meta(re: &ScanRegex, input: &Input<'_>, caps: Option<&mut Captures>) -> Option<Found> {
    match caps {
        Some(caps) => {
            re.search_captures(input, caps);
            let m = caps.get_match()?;
            let cap = caps.get_group(1).map(|g| (g.start as u32, g.end as u32));
            (m.start() < m.end()).then_some((m.start(), m.end(), cap))
        }
        None => {
            let m = re.search(input)?;
            (m.start() < m.end()).then_some((m.start(), m.end(), None))
        }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A token match is word-bounded where its own edge is a word character.
fn word_bounded(text: &str, s: usize, e: usize) -> bool {
    let m = &text[s..e];
    if let (Some(first), Some(before)) = (m.chars().next(), text[..s].chars().next_back())
        && is_word_char(first)
        && is_word_char(before)
    {
        return false;
    }
    if let (Some(last), Some(after)) = (m.chars().next_back(), text[e..].chars().next())
        && is_word_char(last)
        && is_word_char(after)
    {
        return false;
    }
    true
}

// For linting a huge file piece by piece (`lint.rs`), kept apart from the
// matcher's moving parts.
impl Matcher {
    /// Each pattern's text, and whether it is searched over all the prose
    /// at once (no prefilter) rather than one segment at a time.
    pub(crate) fn patterns(&self) -> impl Iterator<Item = (&str, bool)> + '_ {
        self.sources
            .iter()
            .zip(&self.regexes)
            .map(|(s, p)| (s.as_str(), p.kind == Prefilter::Scan))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(tokens: &[&str], patterns: &[&str]) -> Lexicon {
        Lexicon {
            tokens: tokens.iter().map(|s| s.to_string()).collect(),
            patterns: patterns.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn tokens_are_case_insensitive_and_word_bounded() {
        let l = lex(&["shall", "pursuant to"], &[]);
        let m = Matcher::new(&[Some(&l)]).unwrap();
        let text = "Shall we? Marshall shall act PURSUANT TO rules; shallow.";
        let hits: Vec<_> = m
            .find(text)
            .of(0)
            .iter()
            .map(|h| &text[h.range()])
            .collect();
        assert_eq!(hits, vec!["Shall", "shall", "PURSUANT TO"]);
    }

    #[test]
    fn overlapping_lists_both_hit() {
        let a = lex(&["the department"], &[]);
        let b = lex(&["the department will process"], &[]);
        let m = Matcher::new(&[Some(&a), Some(&b)]).unwrap();
        let h = m.find("Then the department will process it.");
        assert_eq!(h.of(0).len(), 1);
        assert_eq!(h.of(1).len(), 1);
    }

    #[test]
    fn patterns_use_ascii_boundaries_and_captures() {
        let l = lex(&[], &[r"(?-i)\b([A-Z]{2,5})\b"]);
        let m = Matcher::new(&[Some(&l)]).unwrap();
        let text = "Send form CS to the ÉCOLE team.";
        let h = m.find(text);
        let got: Vec<_> = h.of(0).iter().map(|h| &text[h.range()]).collect();
        assert_eq!(got, vec!["CS", "COLE"]);
        assert!(h.of(0)[0].cap.is_some());
    }

    #[test]
    fn curly_apostrophe_variant() {
        let l = lex(&["we'll"], &[]);
        let m = Matcher::new(&[Some(&l)]).unwrap();
        assert_eq!(m.find("Then we\u{2019}ll call.").of(0).len(), 1);
    }

    #[test]
    fn hits_do_not_cross_segments() {
        let l = lex(&[], &[r"refund\s+policy"]);
        let m = Matcher::new(&[Some(&l)]).unwrap();
        assert!(m.find("refund\npolicy").of(0).is_empty());
    }

    #[test]
    fn a_match_cut_by_a_segment_end_is_searched_again() {
        // Found by the rule author: "(?:^|[.]\s+)To" matched ".\nTo" and the
        // real match at the start of the next segment was lost.
        let l = lex(&[], &[r"(?:(?m:^)|[.]\s+)To\s+\w+"]);
        let m = Matcher::new(&[Some(&l)]).unwrap();
        let text = "Ends here.\nTo return it";
        let got: Vec<_> = m
            .find(text)
            .of(0)
            .iter()
            .map(|h| &text[h.range()])
            .collect();
        assert_eq!(got, vec!["To return"]);
        // A greedy class that crosses the separator is cut at it.
        let l = lex(&[], &[r"we[^.]*done"]);
        let m = Matcher::new(&[Some(&l)]).unwrap();
        let text = "we are done\nnot done";
        let got: Vec<_> = m
            .find(text)
            .of(0)
            .iter()
            .map(|h| &text[h.range()])
            .collect();
        assert_eq!(got, vec!["we are done"]);
    }

    #[test]
    fn rewrites_boundaries_outside_classes_only() {
        assert_eq!(
            ascii_word_boundaries(r"\bx[\b]\B"),
            r"(?-u:\b)x[\b](?-u:\B)"
        );
        assert_eq!(ascii_word_boundaries(r"\\b"), r"\\b");
    }

    #[test]
    fn anchored_regex_matches_as_meta_does() {
        let patterns = [
            r"\bwill (not )?be (\w+ly )?processed",
            r"you (can|may)\s+(\w+)",
            r"(?-i)The\s+[A-Z]\w*",
            r"über(\w+)",
        ];
        let text =
            "It will not be quickly processed. You may ask. The Board met. ÜBERweg, übernahme";
        for p in patterns {
            let anchored = Compiled::new(p, Prefilter::Prefix, false).unwrap();
            let meta = compile_meta(parse_for_matcher(p, false).unwrap()).unwrap();
            let (mut a_caps, mut m_caps) = (anchored.create_captures(), meta.create_captures());
            assert_eq!(anchored.captures_len(), meta.captures_len());
            for start in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
                let input = Input::new(text).range(start..).anchored(Anchored::Yes);
                for caps in [false, true] {
                    let a = search(&anchored, &input, caps.then_some(&mut a_caps));
                    let m = search_meta(&meta, &input, caps.then_some(&mut m_caps));
                    assert_eq!(a, m, "{p} at {start}, captures {caps}");
                }
            }
        }
    }

    #[test]
    fn compile_any_matches_where_one_pattern_does() {
        let patterns = [r"(?-i)^Owner$", r"\bglossary\b", r"(?m)^x", "a#b"];
        let texts = [
            "Owner",
            "owner",
            "The Glossary",
            "glossaryx",
            "y\nx",
            "a#b",
            "none",
        ];
        for n in 1..=patterns.len() {
            let list = &patterns[..n];
            let any = compile_any(list).unwrap();
            let each: Vec<regex::Regex> =
                list.iter().map(|p| compile_pattern(p).unwrap()).collect();
            for t in texts {
                assert_eq!(
                    any.iter().any(|re| re.is_match(t)),
                    each.iter().any(|re| re.is_match(t)),
                    "{list:?} on {t:?}"
                );
            }
        }
        assert!(compile_any::<&str>(&[]).unwrap().is_empty());
    }

    #[test]
    fn segments_outside_the_common_characters_match_in_full() {
        // The narrowed `\w` holds no Greek letter: a segment with one is
        // searched with the pattern as written.
        let l = lex(&[], &[r"\bthe \w+ly", r"(\w+) fee\b"]);
        let m = Matcher::new(&[Some(&l)]).unwrap();
        let text = "the quickly\nthe Ωly fee\nthe ély x fee";
        let got: Vec<_> = m
            .find(text)
            .of(0)
            .iter()
            .map(|h| &text[h.range()])
            .collect();
        assert_eq!(
            got,
            vec!["the quickly", "the Ωly", "Ωly fee", "the ély", "x fee"]
        );
    }

    #[test]
    fn literals_across_pieces_are_found_once() {
        let l = lex(&["refund policy", "policy"], &[]);
        let m = Matcher::new(&[Some(&l)]).unwrap();
        // Matches that end just before, across and just after each piece edge.
        let mut text = String::new();
        while text.len() < 3 * PIECE {
            text.push_str("Our Refund POLICY. ");
        }
        let want = text.matches("Refund POLICY").count() + text.matches("POLICY").count();
        let got = m.find(&text).of(0).len();
        assert_eq!(got, want);
        let mut ends = Vec::new();
        each_literal(
            m.build_automaton(),
            &m.sorted,
            m.longest,
            &text,
            &mut |_: usize, e: usize, _: usize| ends.push(e),
        );
        assert!(ends.windows(2).all(|w| w[0] <= w[1]), "by increasing end");
    }

    #[test]
    fn disabled_lists_do_not_match() {
        let a = lex(&["shall"], &[]);
        let m = Matcher::new(&[None, Some(&a)]).unwrap();
        let h = m.find("shall");
        assert!(h.of(0).is_empty());
        assert_eq!(h.of(1).len(), 1);
    }

    /// The literal occurrences the sorted table and the automaton report,
    /// in the order they report them.
    type Seen = Vec<(usize, usize, usize)>;

    fn both_ways(literals: &[String], text: &str) -> (Seen, Seen) {
        let mut lower = text.as_bytes().to_vec();
        lower.make_ascii_lowercase();
        let mut sorted = Vec::new();
        let table = SortedLiterals::new(literals);
        each_literal(
            None,
            &table,
            0,
            text,
            &mut |s: usize, e: usize, l: usize| sorted.push((s, e, l)),
        );
        assert!(
            table
                .find(&lower)
                .iter()
                .map(|&(e, s, l)| (s as usize, e as usize, l as usize))
                .eq(sorted.iter().copied())
        );
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(literals)
            .unwrap();
        let longest = literals.iter().map(String::len).max().unwrap_or(0);
        let mut auto = Vec::new();
        let table = SortedLiterals::new(literals);
        each_literal(
            Some(&ac),
            &table,
            longest,
            text,
            &mut |s: usize, e: usize, l: usize| auto.push((s, e, l)),
        );
        (sorted, auto)
    }

    #[test]
    fn sorted_table_reports_overlaps_and_shared_ends_as_the_automaton_does() {
        let literals: Vec<String> = ["a", "aa", "aaa", "ba", "b a", "a’", "’", "ab", "bab"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let text = "AaA bA’ baba b a aaab’";
        let (sorted, auto) = both_ways(&literals, text);
        assert!(auto.len() > 20);
        assert_eq!(sorted, auto);
    }

    proptest::proptest! {
        #[test]
        fn sorted_table_finds_what_the_automaton_finds(
            literals in proptest::collection::btree_set("[ab’ .]{1,5}", 1..40),
            text in "[abAB’ .\n]{0,300}",
        ) {
            let literals: Vec<String> = literals.into_iter().collect();
            let (sorted, auto) = both_ways(&literals, &text);
            proptest::prop_assert_eq!(sorted, auto);
        }

        #[test]
        fn matcher_hits_are_the_same_without_the_automaton(
            tokens in proptest::collection::vec("[ab’' ]{1,6}", 0..12),
            text in "[abAB’' .\n]{0,300}",
        ) {
            let patterns = [r"\ba+b\b", r"(?:ab|ba) (a)", r"b’a+", r"a\s+b"];
            let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
            let l = lex(&tokens, &patterns);
            let small = Matcher::new(&[Some(&l)]).unwrap();
            let auto = Matcher::new(&[Some(&l)]).unwrap();
            auto.build_automaton();
            proptest::prop_assert_eq!(small.find_raw(&text, None), auto.find_raw(&text, None));
            proptest::prop_assert!(small.ac.get().is_none());
        }
    }

    /// The built-in rules' matcher over every fixture, one by one and all
    /// together (several automaton pieces): the same literal occurrences and
    /// the same hits, in the same order, with and without the automaton.
    #[test]
    fn builtin_matcher_finds_the_same_without_the_automaton() {
        use crate::error::YamlSource;
        use crate::lint::{Engine, RuleSettings};
        let engine = || {
            let files: Vec<YamlSource> = crate::rules::builtin::SETS
                .iter()
                .map(|(name, text)| YamlSource::new(*name, *text))
                .collect();
            let book = crate::rules::load::RuleBook::load(&files).unwrap();
            Engine::new(book, &RuleSettings::default()).unwrap()
        };
        let (small, auto) = (engine(), engine());
        let (small, auto) = (small.matcher(), auto.matcher());
        auto.build_automaton();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect();
        paths.sort();
        let mut texts: Vec<String> = paths
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        let mut all = String::new();
        while all.len() < 3 * PIECE {
            all.extend(texts.iter().map(String::as_str));
        }
        texts.push(all);
        for text in &texts {
            let (mut sorted, mut automaton) = (Vec::new(), Vec::new());
            each_literal(
                None,
                &auto.sorted,
                auto.longest,
                text,
                &mut |s: usize, e: usize, l: usize| sorted.push((s, e, l)),
            );
            auto.each_literal(text, &mut |s: usize, e: usize, l: usize| {
                automaton.push((s, e, l))
            });
            assert_eq!(sorted, automaton);
            small.small_left.store(usize::MAX, Ordering::Relaxed);
            assert_eq!(small.find_raw(text, None), auto.find_raw(text, None));
        }
        assert!(small.ac.get().is_none());
    }
}
