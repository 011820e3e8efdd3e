//! Byte offsets to 1-based line and column: the only place that converts.
//!
//! Columns count Unicode scalar values from the start of the line, which is
//! what editors show. A byte-order mark at the start of the file is not a
//! column: the first visible character of line 1 is column 1.

/// Line starts of one file, built once per file that has findings.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset of the first byte of each line (after a BOM on line 1).
    starts: Vec<usize>,
}

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let mut starts = vec![bom];
        // A lone CR does not end a line for CommonMark's purposes in practice
        // editors disagree; we follow LF (and CRLF, whose LF ends the line).
        starts.extend(memchr_all(text.as_bytes(), b'\n').map(|i| i + 1));
        Self { starts }
    }

    /// The line and column of a byte offset. Offsets inside a multi-byte
    /// character or past the end are clamped to the nearest boundary before.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.starts[line].min(offset);
        let column = text[start..offset].chars().count() + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// Byte offset where 1-based `line` starts, if it exists.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).copied()
    }

    /// Number of lines (a trailing newline starts an empty last line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

/// Lines and columns of offsets met in ascending order, found by walking
/// the text once: no index of every line start (a 100 MB file has millions).
#[derive(Debug, Clone)]
pub struct LineSweep<'a> {
    text: &'a str,
    /// Lines (0-based) before `at`, and the start of the line holding it.
    line: usize,
    line_start: usize,
    at: usize,
}

impl<'a> LineSweep<'a> {
    pub fn new(text: &'a str) -> Self {
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Self {
            text,
            line: 0,
            line_start: bom,
            at: 0,
        }
    }

    /// What [`LineIndex::line_col`] gives for `offset`, or `None` if it
    /// lies before the previous offset asked for.
    pub fn line_col(&mut self, offset: usize) -> Option<LineCol> {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        if offset < self.at {
            return None;
        }
        let from = self.at;
        for i in memchr::memchr_iter(b'\n', &self.text.as_bytes()[from..offset]) {
            self.line += 1;
            self.line_start = from + i + 1;
        }
        self.at = offset;
        let start = self.line_start.min(offset);
        Some(LineCol {
            line: self.line + 1,
            column: self.text[start..offset].chars().count() + 1,
        })
    }
}

fn memchr_all(hay: &[u8], needle: u8) -> impl Iterator<Item = usize> + '_ {
    hay.iter()
        .enumerate()
        .filter(move |(_, b)| **b == needle)
        .map(|(i, _)| i)
}

/// The largest char boundary at or before `i`.
pub fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary at or after `i`.
pub fn ceil_char_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweep_agrees_with_the_index() {
        let texts = ["ab\ncd\n", "\u{feff}x\r\ny\n\nzé🙂w", "", "\n\n", "é\nü"];
        for t in texts {
            let idx = LineIndex::new(t);
            let mut sweep = LineSweep::new(t);
            for at in 0..=t.len() + 1 {
                assert_eq!(
                    sweep.line_col(at),
                    Some(idx.line_col(t, at)),
                    "{t:?} at {at}"
                );
            }
            let mut back = LineSweep::new(t);
            if t.len() > 1 {
                assert!(back.line_col(t.len()).is_some());
                assert_eq!(back.line_col(0), None);
            }
        }
    }

    #[test]
    fn ascii_lines_and_columns() {
        let t = "ab\ncd\n";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_col(t, 0), LineCol { line: 1, column: 1 });
        assert_eq!(idx.line_col(t, 1), LineCol { line: 1, column: 2 });
        assert_eq!(idx.line_col(t, 3), LineCol { line: 2, column: 1 });
        assert_eq!(idx.line_col(t, 6), LineCol { line: 3, column: 1 });
    }

    #[test]
    fn multibyte_counts_scalars() {
        let t = "café shall\n";
        let idx = LineIndex::new(t);
        let at = t.find("shall").unwrap();
        assert_eq!(idx.line_col(t, at), LineCol { line: 1, column: 6 });
    }

    #[test]
    fn bom_is_not_a_column() {
        let t = "\u{feff}Hello\nworld";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_col(t, 3), LineCol { line: 1, column: 1 });
        assert_eq!(idx.line_col(t, 9), LineCol { line: 2, column: 1 });
    }

    #[test]
    fn crlf_lines() {
        let t = "a\r\nb shall\r\n";
        let idx = LineIndex::new(t);
        let at = t.find("shall").unwrap();
        assert_eq!(idx.line_col(t, at), LineCol { line: 2, column: 3 });
    }

    #[test]
    fn tab_is_one_column() {
        let t = "\tshall";
        let idx = LineIndex::new(t);
        assert_eq!(idx.line_col(t, 1), LineCol { line: 1, column: 2 });
    }
}
