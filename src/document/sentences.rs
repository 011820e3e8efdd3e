//! Sentence boundaries inside one prose segment.
//!
//! A sentence ends at `.`, `!` or `?` (plus closing quotes and brackets) when
//! whitespace and then a capital letter, digit or opening quote follow, or the
//! segment ends. Abbreviations such as "e.g.", "No." and "Dr." and initials
//! ("J. Smith") do not end a sentence.

use std::ops::Range;

/// Abbreviations (lowercase, without the final dot) that never end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "eg", "ie", "mr", "mrs", "ms", "dr", "prof", "st", "vs", "approx", "inc", "ltd",
    "co", "corp", "cf", "incl", "dept", "govt", "sr", "jr", "u.s", "u.k", "a.m", "p.m", "viz",
    "al",
];

/// Abbreviations that end no sentence when a number follows ("No. 5", "p. 4").
const NUMBER_ABBREVIATIONS: &[&str] = &[
    "no", "nos", "art", "sec", "s", "para", "paras", "ref", "fig", "p", "pp", "vol", "ch", "tel",
    "ext", "op", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec",
];

/// Appends the sentences of `text[range]` to `out`, as ranges into `text`.
/// Leading and trailing whitespace is trimmed from each sentence.
pub fn split(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    let mut start = range.start;
    let mut i = range.start;
    while i < range.end {
        let b = bytes[i];
        if b == b'.' || b == b'!' || b == b'?' {
            let mut end = i + 1;
            // Absorb runs of terminators and closing punctuation.
            while end < range.end
                && matches!(bytes[end], b'.' | b'!' | b'?' | b'"' | b'\'' | b')' | b']')
            {
                end += 1;
            }
            // Closing curly quotes (3 bytes each).
            while end + 3 <= range.end
                && (text[end..].starts_with('\u{201d}') || text[end..].starts_with('\u{2019}'))
            {
                end += 3;
            }
            if is_boundary(text, range.start, i, end, range.end) {
                push_trimmed(text, start..end, out);
                start = end;
            }
            i = end;
            continue;
        }
        i += 1;
    }
    push_trimmed(text, start..range.end, out);
}

fn is_boundary(text: &str, seg_start: usize, dot: usize, after: usize, seg_end: usize) -> bool {
    let bytes = text.as_bytes();
    if after >= seg_end {
        return true;
    }
    // Must be followed by whitespace.
    let ws_end = text[after..seg_end]
        .char_indices()
        .find(|(_, c)| !c.is_whitespace())
        .map_or(seg_end, |(j, _)| after + j);
    if ws_end == after {
        return false;
    }
    if ws_end >= seg_end {
        return true;
    }
    let next = text[ws_end..seg_end].chars().next().unwrap_or(' ');
    let opens = next.is_uppercase()
        || next.is_ascii_digit()
        || matches!(
            next,
            '"' | '\'' | '(' | '[' | '\u{201c}' | '\u{2018}' | '\u{fffc}' | '*' | '-'
        );
    if !opens {
        return false;
    }
    if bytes[dot] != b'.' {
        return true;
    }
    // The word before the dot: letters and inner dots ("e.g", "U.S").
    let word_start = text[seg_start..dot]
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '.'))
        .map_or(seg_start, |(j, c)| seg_start + j + c.len_utf8());
    let word = &text[word_start..dot];
    if word.is_empty() {
        return true;
    }
    // Initials: a single capital letter ("J. Smith").
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_uppercase()
    {
        return false;
    }
    let lower = word.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return false;
    }
    !(next.is_ascii_digit() && NUMBER_ABBREVIATIONS.contains(&lower.as_str()))
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(r.start + lead..r.end - trail);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(t: &str) -> Vec<&str> {
        let mut out = Vec::new();
        split(t, 0..t.len(), &mut out);
        out.into_iter().map(|r| &t[r]).collect()
    }

    #[test]
    fn splits_on_terminators() {
        assert_eq!(
            sentences("We refund you. Is that fair? Yes! Done"),
            vec!["We refund you.", "Is that fair?", "Yes!", "Done"]
        );
    }

    #[test]
    fn abbreviations_do_not_split() {
        assert_eq!(
            sentences("Bring ID, e.g. a passport. Call Dr. Patel on No. 5 Street."),
            vec![
                "Bring ID, e.g. a passport.",
                "Call Dr. Patel on No. 5 Street."
            ]
        );
    }

    #[test]
    fn initials_and_decimals() {
        assert_eq!(
            sentences("Ask J. Smith. It costs 3.50 pounds."),
            vec!["Ask J. Smith.", "It costs 3.50 pounds."]
        );
    }

    #[test]
    fn lowercase_after_dot_continues() {
        assert_eq!(
            sentences("See section 4. and then go."),
            vec!["See section 4. and then go."]
        );
    }

    #[test]
    fn closing_quotes_stay_with_sentence() {
        assert_eq!(
            sentences("He said \u{201c}no.\u{201d} Then we left."),
            vec!["He said \u{201c}no.\u{201d}", "Then we left."]
        );
    }

    #[test]
    fn issue_2_terminator_before_multibyte_char() {
        // Found by the span property test: a dot, a space, then a 3-byte char.
        // Inline code (the placeholder) may open a sentence.
        assert_eq!(sentences("a. \u{fffc} b"), vec!["a.", "\u{fffc} b"]);
    }

    #[test]
    fn multibyte_text() {
        assert_eq!(
            sentences("Café opens. Zoë waits."),
            vec!["Café opens.", "Zoë waits."]
        );
    }
}
