//! `metric`: readability per paragraph, section or document (Flesch-Kincaid
//! grade, Flesch reading ease, words per sentence), over running prose only:
//! headings and table cells are left out, as are units shorter than
//! `min_words`, whose scores are unstable.

use super::{Ctx, fill};
use crate::document::BlockKind;
use crate::finding::Finding;
use crate::rules::{Metric, Rule, Scope};

pub struct MetricCheck {
    pub metric: Metric,
    pub scope: Scope,
    pub max: Option<f64>,
    pub min: Option<f64>,
    pub min_words: u32,
}

/// Words, sentences and syllables of running prose.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct TextStats {
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
}

impl TextStats {
    pub fn value(&self, m: Metric) -> f64 {
        let wps = self.words as f64 / self.sentences.max(1) as f64;
        let spw = self.syllables as f64 / self.words.max(1) as f64;
        match m {
            Metric::FleschKincaid => 0.39 * wps + 11.8 * spw - 15.59,
            Metric::FleschReadingEase => 206.835 - 1.015 * wps - 84.6 * spw,
            Metric::WordsPerSentence => wps,
        }
    }
}

/// Syllables in one word, by vowel groups with a silent final "e".
pub fn syllables(word: &str) -> usize {
    let w: Vec<char> = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    if w.is_empty() {
        return 1;
    }
    let vowel = |c: char| {
        matches!(
            c,
            'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'é' | 'ë' | 'ö' | 'ü' | 'ä'
        )
    };
    let mut n = 0;
    let mut prev = false;
    for &c in &w {
        let v = vowel(c);
        if v && !prev {
            n += 1;
        }
        prev = v;
    }
    let len = w.len();
    let silent_e = len > 2
        && w[len - 1] == 'e'
        && !vowel(w[len - 2])
        && (w[len - 2] != 'l' || vowel(w[len - 3]));
    // "-ed" is silent except after t or d ("processed", but "decided").
    let silent_ed = len > 3
        && w[len - 2] == 'e'
        && w[len - 1] == 'd'
        && !matches!(w[len - 3], 't' | 'd')
        && !vowel(w[len - 3]);
    // "-es" is silent except after sibilants ("makes", but "boxes").
    let silent_es = len > 3
        && w[len - 2] == 'e'
        && w[len - 1] == 's'
        && !matches!(w[len - 3], 's' | 'x' | 'z' | 'c' | 'g' | 'h')
        && !vowel(w[len - 3]);
    if (silent_e || silent_ed || silent_es) && n > 1 {
        n -= 1;
    }
    n.max(1)
}

/// Statistics of the running prose in a prose range.
pub fn stats(ctx: &Ctx<'_>, range: &std::ops::Range<usize>) -> TextStats {
    let doc = ctx.doc;
    let mut st = TextStats::default();
    let a = doc
        .sentences
        .partition_point(|s| s.prose.start < range.start);
    for s in &doc.sentences[a..] {
        if s.prose.start >= range.end {
            break;
        }
        if !matches!(
            doc.segments[s.segment].kind,
            BlockKind::Paragraph | BlockKind::ListItem
        ) {
            continue;
        }
        let text = &doc.prose[s.prose.clone()];
        let mut any = false;
        for word in text
            .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}' || c == '-'))
            .filter(|w| w.chars().any(char::is_alphanumeric))
        {
            st.words += 1;
            st.syllables += syllables(word);
            any = true;
        }
        if any {
            st.sentences += 1;
        }
    }
    st
}

pub fn check(rule: &Rule, ctx: &Ctx<'_>, m: &MetricCheck, out: &mut Vec<Finding>) {
    for (range, anchor) in ctx.units(m.scope) {
        let st = stats(ctx, &range);
        if st.words < m.min_words as usize || st.sentences == 0 {
            continue;
        }
        let value = st.value(m.metric);
        let bad = m.max.is_some_and(|x| value > x) || m.min.is_some_and(|x| value < x);
        if !bad {
            continue;
        }
        let fmt = |x: Option<f64>| x.map(|v| format!("{v}")).unwrap_or_default();
        let message = fill(
            &rule.message,
            &[
                ("value", &format!("{value:.1}")),
                ("max", &fmt(m.max)),
                ("min", &fmt(m.min)),
                ("metric", m.metric.name()),
                ("scope", m.scope.as_str()),
                ("match", &ctx.text[anchor.range()]),
            ],
        );
        out.push(ctx.finding_at(rule, anchor, message));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_syllables() {
        for (w, n) in [
            ("the", 1),
            ("refund", 2),
            ("policy", 3),
            ("make", 1),
            ("table", 2),
            ("application", 4),
            ("you", 1),
            ("processed", 2),
            ("decided", 3),
            ("makes", 1),
            ("boxes", 2),
            ("be", 1),
            ("5", 1),
        ] {
            assert_eq!(syllables(w), n, "{w}");
        }
    }

    #[test]
    fn flesch_kincaid_formula() {
        let st = TextStats {
            words: 100,
            sentences: 5,
            syllables: 150,
        };
        // 0.39 * 20 + 11.8 * 1.5 - 15.59 = 9.91
        assert!((st.value(Metric::FleschKincaid) - 9.91).abs() < 1e-9);
        assert!((st.value(Metric::WordsPerSentence) - 20.0).abs() < 1e-9);
    }
}
