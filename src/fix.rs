//! Applying fixes: to a string (examples, previews) and to files (`--fix`),
//! atomically, keeping permissions, line endings and BOM.

use std::io::Write;
use std::path::Path;

use crate::finding::Fix;

/// Applies non-overlapping fixes to `text`; of overlapping ones the first wins.
pub fn apply_fixes(text: &str, fixes: &[Fix]) -> String {
    let mut fixes: Vec<&Fix> = fixes.iter().collect();
    fixes.sort_by_key(|f| (f.span.start, f.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for f in fixes {
        if f.span.start < at || f.span.end > text.len() {
            continue;
        }
        out.push_str(&text[at..f.span.start]);
        out.push_str(&f.replacement);
        at = f.span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Writes `contents` to `path` through a temporary file in the same
/// directory and a rename, keeping the file's permissions.
pub fn write_atomically(path: &Path, contents: &str) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let perms = std::fs::metadata(path)?.permissions();
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(contents.as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.as_file().set_permissions(perms)?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Span;
    use crate::rules::FixSafety;

    fn fix(s: usize, e: usize, r: &str) -> Fix {
        Fix {
            replacement: r.into(),
            span: Span::new(s, e),
            safety: FixSafety::Safe,
        }
    }

    #[test]
    fn applies_in_order_and_skips_overlaps() {
        let t = "Refunds shall be issued prior to Friday.";
        let got = apply_fixes(
            t,
            &[fix(24, 32, "before"), fix(8, 13, "will"), fix(10, 12, "x")],
        );
        assert_eq!(got, "Refunds will be issued before Friday.");
    }
}
