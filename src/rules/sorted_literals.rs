//! The matcher's literals found without an automaton: a table of them
//! sorted by their bytes, looked up at each position of the text. Building
//! it is a sort (about 1 M instructions for the built-in rules' 2,500
//! literals) where the Aho-Corasick automaton took about 32 M, so the first
//! small texts of a run, which is all of it for a pre-commit hook on one
//! file, are searched this way; a run that goes on to more text builds the
//! automaton, which is faster per byte (`compile::Matcher`).

/// Literals sorted by their bytes, with where each two-byte prefix's run
/// starts; one-byte literals apart.
#[derive(Debug, Default)]
pub(crate) struct SortedLiterals {
    /// The literals of two bytes or more, one after another in sorted order.
    bytes: Vec<u8>,
    /// `bytes[starts[k]..starts[k + 1]]` is the `k`-th of them.
    starts: Vec<u32>,
    /// The id (index in the list given to `new`) of each of them.
    ids: Vec<u32>,
    /// Those starting with bytes `a`, `b` are `pairs[p]..pairs[p + 1]`,
    /// where `p = 256 * a + b`.
    pairs: Vec<u32>,
    /// The id of the literal that is byte `b`, if any, plus one.
    single: Vec<u32>,
}

impl SortedLiterals {
    /// Sorts `literals`, which must be distinct. Empty ones are left out
    /// (none are registered).
    pub(crate) fn new(literals: &[String]) -> SortedLiterals {
        let mut single = vec![0u32; 256];
        let mut order: Vec<u32> = Vec::with_capacity(literals.len());
        for (i, lit) in literals.iter().enumerate() {
            match lit.as_bytes() {
                [] => {}
                &[b] => single[usize::from(b)] = i as u32 + 1,
                _ => order.push(i as u32),
            }
        }
        order.sort_unstable_by(|&a, &b| {
            literals[a as usize]
                .as_bytes()
                .cmp(literals[b as usize].as_bytes())
        });
        let mut bytes = Vec::with_capacity(order.iter().map(|&i| literals[i as usize].len()).sum());
        let mut starts = Vec::with_capacity(order.len() + 1);
        let mut pairs = vec![0u32; (1 << 16) + 1];
        for &i in &order {
            let lit = literals[i as usize].as_bytes();
            starts.push(bytes.len() as u32);
            bytes.extend_from_slice(lit);
            pairs[pair(lit[0], lit[1]) + 1] += 1;
        }
        starts.push(bytes.len() as u32);
        for p in 1..pairs.len() {
            pairs[p] += pairs[p - 1];
        }
        SortedLiterals {
            bytes,
            starts,
            ids: order,
            pairs,
            single,
        }
    }

    /// The `k`-th literal of two bytes or more in sorted order.
    fn literal(&self, k: usize) -> &[u8] {
        &self.bytes[self.starts[k] as usize..self.starts[k + 1] as usize]
    }

    /// Every occurrence of every literal in `text` as (end, start, id),
    /// overlapping ones included, by increasing end and, for one end,
    /// increasing start: the order of the automaton's overlapping search
    /// (`MatchKind::Standard`), whose matches at one end come longest first.
    pub(crate) fn find(&self, text: &[u8]) -> Vec<(u32, u32, u32)> {
        // (end, start, id): distinct literals never share both ends.
        let mut found: Vec<(u32, u32, u32)> = Vec::new();
        for (i, w) in text.windows(2).enumerate() {
            if let Some(id) = self.single[usize::from(w[0])].checked_sub(1) {
                found.push((i as u32 + 1, i as u32, id));
            }
            let p = pair(w[0], w[1]);
            let (mut lo, mut hi) = (self.pairs[p] as usize, self.pairs[p + 1] as usize);
            // Invariant: the literals `lo..hi` are those starting with
            // `text[i..i + k]`, and one equal to it sorts first.
            let mut k = 2;
            while lo < hi {
                if self.literal(lo).len() == k {
                    found.push(((i + k) as u32, i as u32, self.ids[lo]));
                    lo += 1;
                }
                let Some(&c) = text.get(i + k) else { break };
                // Every literal left is longer than `k`.
                lo += self.partition(lo, hi, |lit| lit[k] < c);
                hi = lo + self.partition(lo, hi, |lit| lit[k] <= c);
                k += 1;
            }
        }
        if let Some(&b) = text.last()
            && let Some(id) = self.single[usize::from(b)].checked_sub(1)
        {
            let i = text.len() - 1;
            found.push((i as u32 + 1, i as u32, id));
        }
        found.sort_unstable();
        found
    }

    /// How many of the sorted literals `lo..hi` come before the first one
    /// for which `before` is false (`before` must be true of a prefix).
    fn partition(&self, lo: usize, hi: usize, before: impl Fn(&[u8]) -> bool) -> usize {
        let (mut a, mut b) = (lo, hi);
        while a < b {
            let mid = a + (b - a) / 2;
            if before(self.literal(mid)) {
                a = mid + 1;
            } else {
                b = mid;
            }
        }
        a - lo
    }
}

fn pair(a: u8, b: u8) -> usize {
    usize::from(a) << 8 | usize::from(b)
}
