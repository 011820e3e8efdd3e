//! The regex the matcher scans a segment or all the prose with, and the
//! lists compiled on first use (`lazy`) search: what `meta::Regex` does
//! with a lazy DFA and no prefilter, built for less.
//!
//! A `meta::Regex` makes two NFA compilers of its own (forward and
//! reverse), each filling a 10,000-entry cache of UTF-8 states on its
//! first Unicode class, and builds the reverse NFA and every cache up
//! front. On one small file that was a fifth of start-up and a third of
//! its page faults. Here the NFAs come from one compiler per thread and
//! direction, reused, and the reverse NFA, which only finds where a match
//! starts, is built the first time something matches: most patterns never
//! match a small document. The matches are `meta::Regex`'s: a forward lazy
//! DFA finds where the leftmost-first match ends, a reverse one where it
//! starts, and the PikeVM fills capture groups (and takes over when a lazy
//! DFA gives up), as `meta`'s core strategy does.

use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::OnceLock;

use regex_automata::nfa::thompson::{self, NFA, WhichCaptures, pikevm, pikevm::PikeVM};
use regex_automata::util::captures::Captures;
use regex_automata::util::pool::Pool;
use regex_automata::{Anchored, Input, Match, MatchKind, hybrid};
use regex_syntax::hir::Hir;

use super::compile::NFA_COMPILER;

thread_local! {
    /// One reverse NFA compiler per thread, reused as `NFA_COMPILER` is
    /// (its UTF-8 state caches are filled once), configured as
    /// `meta::Regex` configures its own.
    static REVERSE_COMPILER: thompson::Compiler = {
        let mut c = thompson::Compiler::new();
        c.configure(
            thompson::Config::new()
                .nfa_size_limit(Some(1 << 22))
                .shrink(false)
                .which_captures(WhichCaptures::None)
                .reverse(true),
        );
        c
    };
}

/// Compiles `hir` with this thread's forward NFA compiler into the lazy DFA
/// that finds where a match ends and the PikeVM that fills capture groups,
/// as `meta::Regex` configures them.
pub(super) fn forward(hir: &Hir) -> Result<(hybrid::dfa::DFA, PikeVM), String> {
    let nfa: NFA = NFA_COMPILER.with(|c| c.build_from_hir(hir).map_err(|e| e.to_string()))?;
    let fwd = hybrid::dfa::Builder::new()
        .configure(dfa_config())
        .build_from_nfa(nfa.clone())
        .map_err(|e| e.to_string())?;
    let pikevm = PikeVM::new_from_nfa(nfa).map_err(|e| e.to_string())?;
    Ok((fwd, pikevm))
}

/// The lazy DFA settings `meta::Regex` gives its forward DFA.
fn dfa_config() -> hybrid::dfa::Config {
    hybrid::dfa::Config::new()
        .match_kind(MatchKind::LeftmostFirst)
        .starts_for_each_pattern(true)
        .unicode_word_boundary(true)
        .cache_capacity(2 << 20)
        .minimum_cache_clear_count(Some(3))
        .minimum_bytes_per_state(Some(10))
}

/// Per thread: the forward DFA's cache, and the reverse DFA's and the
/// PikeVM's once they are used.
struct ScanCache {
    fwd: hybrid::dfa::Cache,
    rev: Option<hybrid::dfa::Cache>,
    vm: Option<pikevm::Cache>,
}

type CacheFn = Box<dyn Fn() -> ScanCache + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// Makes a thread's caches, the forward DFA's only.
fn cache_fn(fwd: &hybrid::dfa::DFA) -> CacheFn {
    let fwd = fwd.clone();
    Box::new(move || ScanCache {
        fwd: fwd.create_cache(),
        rev: None,
        vm: None,
    })
}

/// An unanchored leftmost-first regex with the matches of `meta::Regex`
/// (boxed: the matcher keeps one per pattern next to smaller kinds).
#[derive(Clone)]
pub struct ScanRegex(Box<Parts>);

impl std::ops::Deref for ScanRegex {
    type Target = Parts;
    fn deref(&self) -> &Parts {
        &self.0
    }
}

pub struct Parts {
    fwd: hybrid::dfa::DFA,
    /// The reverse DFA, built on the first match (`None` if it fails to
    /// build: the PikeVM finds the start instead).
    rev: OnceLock<Option<hybrid::dfa::DFA>>,
    /// Kept to build the reverse NFA from.
    hir: Hir,
    pikevm: PikeVM,
    caches: Pool<ScanCache, CacheFn>,
}

impl Clone for Parts {
    /// The same regex with caches of its own, as `meta::Regex::clone`.
    fn clone(&self) -> Parts {
        Parts {
            fwd: self.fwd.clone(),
            rev: self.rev.clone(),
            hir: self.hir.clone(),
            pikevm: self.pikevm.clone(),
            caches: Pool::new(cache_fn(&self.fwd)),
        }
    }
}

impl std::fmt::Debug for ScanRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScanRegex").finish_non_exhaustive()
    }
}

impl ScanRegex {
    /// Compiles `hir` as `meta::Regex` would (UTF-8 mode, all capture
    /// groups, an NFA size limit of 4 MiB).
    pub fn new(hir: Hir) -> Result<ScanRegex, String> {
        let (fwd, pikevm) = forward(&hir)?;
        Ok(ScanRegex(Box::new(Parts {
            caches: Pool::new(cache_fn(&fwd)),
            fwd,
            rev: OnceLock::new(),
            hir,
            pikevm,
        })))
    }

    fn reverse(&self) -> Option<&hybrid::dfa::DFA> {
        self.rev
            .get_or_init(|| {
                let nfa = REVERSE_COMPILER.with(|c| c.build_from_hir(&self.hir).ok())?;
                hybrid::dfa::Builder::new()
                    .configure(
                        dfa_config()
                            .match_kind(MatchKind::All)
                            .specialize_start_states(false),
                    )
                    .build_from_nfa(nfa)
                    .ok()
            })
            .as_ref()
    }

    /// Slots for `search_captures`.
    pub fn create_captures(&self) -> Captures {
        self.pikevm.create_captures()
    }

    /// Capture groups, the implicit whole-match group included.
    pub fn captures_len(&self) -> usize {
        self.pikevm.get_nfa().group_info().all_group_len()
    }

    /// Whether there is a match in `input`.
    pub fn is_match(&self, input: Input<'_>) -> bool {
        let input = input.earliest(true);
        let mut guard = self.caches.get();
        match self.fwd.try_search_fwd(&mut guard.fwd, &input) {
            Ok(end) => end.is_some(),
            Err(_) => {
                let vm = guard.vm.get_or_insert_with(|| self.pikevm.create_cache());
                self.pikevm.is_match(vm, input)
            }
        }
    }

    /// The leftmost-first match in `input`.
    pub fn find(&self, input: Input<'_>) -> Option<Match> {
        self.search(&input)
    }

    /// The leftmost-first match in `input`.
    pub fn search(&self, input: &Input<'_>) -> Option<Match> {
        let mut guard = self.caches.get();
        match self.try_search(&mut guard, input) {
            Ok(m) => m,
            Err(()) => self.search_vm(&mut guard, input),
        }
    }

    /// The leftmost-first match in `input`, with its capture groups in
    /// `caps` (cleared when there is none).
    pub fn search_captures(&self, input: &Input<'_>, caps: &mut Captures) {
        let mut guard = self.caches.get();
        let cache = &mut *guard;
        // The bounds from the lazy DFAs, then the groups inside them.
        let span = match self.try_search(cache, input) {
            Ok(Some(m)) => input
                .clone()
                .span(m.start()..m.end())
                .anchored(Anchored::Pattern(m.pattern())),
            Ok(None) => {
                caps.set_pattern(None);
                return;
            }
            Err(()) => input.clone(),
        };
        let vm = cache.vm.get_or_insert_with(|| self.pikevm.create_cache());
        self.pikevm.search(vm, &span, caps);
    }

    /// The lazy DFAs' search; `Err` where one gives up.
    fn try_search(&self, cache: &mut ScanCache, input: &Input<'_>) -> Result<Option<Match>, ()> {
        let end = match self.fwd.try_search_fwd(&mut cache.fwd, input) {
            Ok(Some(end)) => end,
            Ok(None) => return Ok(None),
            Err(_) => return Err(()),
        };
        let offset = end.offset();
        if input.start() == offset
            || input.get_anchored().is_anchored()
            || self.fwd.get_nfa().is_always_start_anchored()
        {
            return Ok(Some(Match::new(end.pattern(), input.start()..offset)));
        }
        let Some(rev) = self.reverse() else {
            return Err(());
        };
        let revsearch = input
            .clone()
            .span(input.start()..offset)
            .anchored(Anchored::Yes)
            .earliest(false);
        let rc = cache.rev.get_or_insert_with(|| rev.create_cache());
        match rev.try_search_rev(rc, &revsearch) {
            Ok(Some(start)) => Ok(Some(Match::new(end.pattern(), start.offset()..offset))),
            // A reverse search from a forward match's end always matches.
            Ok(None) | Err(_) => Err(()),
        }
    }

    fn search_vm(&self, cache: &mut ScanCache, input: &Input<'_>) -> Option<Match> {
        let vm = cache.vm.get_or_insert_with(|| self.pikevm.create_cache());
        self.pikevm.find(vm, input.clone())
    }
}

#[cfg(test)]
mod tests {
    use regex_automata::meta;

    use super::*;
    use crate::rules::compile::parse_pattern;

    /// `meta::Regex` as the matcher built it before `ScanRegex`.
    fn meta_regex(hir: &Hir) -> meta::Regex {
        meta::Regex::builder()
            .configure(
                meta::Config::new()
                    .nfa_size_limit(Some(1 << 22))
                    .auto_prefilter(false)
                    .dfa(false)
                    .onepass(false),
            )
            .build_from_hir(hir)
            .unwrap()
    }

    #[test]
    fn matches_as_meta_does() {
        let patterns = [
            r"\bwill (not )?be (\w+ly )?processed",
            r"you (can|may)\s+(\w+)",
            r"(?-i)The\s+[A-Z]\w*",
            r"über(\w+)",
            r"(?m)^\s*[<>≤≥~]?\s*\d[\d,.]*\s*%?\s*$",
            r"\b(?:within|in) \d+ (?:working )?days\b",
            r"a*",
            r"(?m)^",
            r"\B",
            r"\w+\b",
            r"(?-u:\b)x",
            r"(a|ab)(c|bcd)?",
            r"\A\w+",
            r"\w+\z",
        ];
        let texts = [
            "It will not be quickly processed. You may ask. The Board met. ÜBERweg, übernahme",
            "We reply within 5 days.\n 12 %\nIn 10 working days ≥ 3",
            "☃ab☃abcd ÿ x\nxabc",
            "",
        ];
        for p in patterns {
            let hir = parse_pattern(p).unwrap();
            let want = meta_regex(&hir);
            let got = ScanRegex::new(hir).unwrap();
            assert_eq!(got.captures_len(), want.captures_len(), "{p}");
            let (mut g_caps, mut w_caps) = (got.create_captures(), want.create_captures());
            for text in texts {
                for start in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                    for end in [
                        text.len(),
                        text[start..].find('\n').map_or(text.len(), |i| start + i),
                    ] {
                        for anchored in [Anchored::No, Anchored::Yes] {
                            let input = Input::new(text).range(start..end).anchored(anchored);
                            let at = format!("{p} on {text:?} at {start}..{end} {anchored:?}");
                            assert_eq!(got.search(&input), want.search(&input), "{at}");
                            assert_eq!(
                                got.is_match(input.clone()),
                                want.is_match(input.clone()),
                                "{at}"
                            );
                            got.search_captures(&input, &mut g_caps);
                            want.search_captures(&input, &mut w_caps);
                            for i in 0..want.captures_len() {
                                assert_eq!(
                                    g_caps.get_group(i),
                                    w_caps.get_group(i),
                                    "{at} group {i}"
                                );
                            }
                        }
                    }
                }
            }
        }
    }
}
