//! The `---` block at the very start of a file: found here, parsed as YAML.
//!
//! pulldown-cmark's metadata option would also swallow `---` blocks in the
//! middle of a document (thematic breaks), so we detect front matter ourselves.

use std::collections::BTreeMap;

/// Parsed front matter: top-level keys to simple values.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    /// Byte range of the whole block, fences included, in the file.
    pub span: (usize, usize),
    /// Byte range of the YAML between the fences.
    pub yaml: (usize, usize),
    pub values: BTreeMap<String, serde_json::Value>,
    /// Set when the YAML did not parse as a mapping; the values are empty.
    pub error: Option<String>,
}

impl FrontMatter {
    /// A value as text, when it is a string, number or bool.
    pub fn get_str(&self, key: &str) -> Option<String> {
        match self.values.get(key)? {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            serde_json::Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

/// Finds front matter starting at `start` (0, or 3 after a BOM). Returns the
/// block and the byte offset where the Markdown body begins.
pub fn detect(text: &str, start: usize) -> Option<FrontMatter> {
    let rest = &text[start..];
    let first_len = if rest.starts_with("---\n") {
        4
    } else if rest.starts_with("---\r\n") {
        5
    } else {
        return None;
    };
    let yaml_start = start + first_len;
    let mut pos = yaml_start;
    while pos <= text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = text[pos..line_end].trim_end_matches('\r');
        if line.trim_end() == "---" || line.trim_end() == "..." {
            let end = if line_end < text.len() {
                line_end + 1
            } else {
                line_end
            };
            let mut fm = FrontMatter {
                span: (start, end),
                yaml: (yaml_start, pos),
                ..FrontMatter::default()
            };
            parse_into(&text[yaml_start..pos], &mut fm);
            return Some(fm);
        }
        if line_end >= text.len() {
            break;
        }
        pos = line_end + 1;
    }
    None
}

fn parse_into(yaml: &str, fm: &mut FrontMatter) {
    if yaml.trim().is_empty() {
        return;
    }
    match serde_saphyr::from_str::<BTreeMap<String, serde_json::Value>>(yaml) {
        Ok(values) => fm.values = values,
        Err(e) => fm.error = Some(e.without_snippet().to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_block_and_values() {
        let t = "---\ntype: policy\nowner: Head of Service\n---\n# Title\n";
        let fm = detect(t, 0).unwrap();
        assert_eq!(
            &t[fm.span.0..fm.span.1],
            "---\ntype: policy\nowner: Head of Service\n---\n"
        );
        assert_eq!(fm.get_str("type").as_deref(), Some("policy"));
        assert_eq!(fm.get_str("owner").as_deref(), Some("Head of Service"));
    }

    #[test]
    fn crlf_and_bom() {
        let t = "\u{feff}---\r\ntype: policy\r\n---\r\nBody";
        let fm = detect(t, 3).unwrap();
        assert_eq!(&t[fm.span.1..], "Body");
        assert_eq!(fm.get_str("type").as_deref(), Some("policy"));
    }

    #[test]
    fn unclosed_is_not_front_matter() {
        assert!(detect("---\ntype: policy\n# Title\n", 0).is_none());
    }

    #[test]
    fn bad_yaml_is_kept_as_error() {
        let fm = detect("---\n: : [\n---\n", 0).unwrap();
        assert!(fm.error.is_some());
        assert!(fm.values.is_empty());
    }

    #[test]
    fn not_at_start_is_not_front_matter() {
        assert!(detect("# T\n\n---\na: b\n---\n", 0).is_none());
    }
}
