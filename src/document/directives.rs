//! `<!-- outsidein-disable … -->` comments: parsed from the HTML the Markdown
//! parser hands us (never from code), then asked "is rule R off at byte B?".

use std::sync::OnceLock;

use regex::Regex;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveKind {
    Disable,
    Enable,
    DisableNextLine,
    DisableFile,
}

/// One rule id or set name named in a directive, with its byte span.
#[derive(Debug, Clone)]
pub struct DirectiveId {
    pub name: String,
    pub span: (usize, usize),
}

#[derive(Debug, Clone)]
pub struct Directive {
    pub kind: DirectiveKind,
    /// Empty means every rule.
    pub ids: Vec<DirectiveId>,
    /// Byte range of the whole comment.
    pub span: (usize, usize),
}

fn directive_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        // The literal regex cannot fail to compile.
        #[allow(clippy::unwrap_used)]
        Regex::new(
            r"(?s)<!--\s*outsidein-(disable-next-line|disable-file|disable|enable)\b(.*?)-->",
        )
        .unwrap()
    })
}

/// Appends the directives found in `html` (which starts at byte `base`).
pub fn scan(html: &str, base: usize, out: &mut Vec<Directive>) {
    if !html.contains("outsidein-") {
        return;
    }
    for cap in directive_re().captures_iter(html) {
        let (Some(whole), Some(kind), Some(args)) = (cap.get(0), cap.get(1), cap.get(2)) else {
            continue;
        };
        let kind = match kind.as_str() {
            "disable" => DirectiveKind::Disable,
            "enable" => DirectiveKind::Enable,
            "disable-next-line" => DirectiveKind::DisableNextLine,
            _ => DirectiveKind::DisableFile,
        };
        let mut ids = Vec::new();
        let a = args.as_str();
        let mut i = 0;
        for part in a.split(|c: char| c.is_whitespace() || c == ',') {
            let at = a[i..].find(part).map_or(i, |j| i + j);
            if !part.is_empty() {
                let s = base + args.start() + at;
                ids.push(DirectiveId {
                    name: part.to_string(),
                    span: (s, s + part.len()),
                });
            }
            i = at + part.len();
        }
        out.push(Directive {
            kind,
            ids,
            span: (base + whole.start(), base + whole.end()),
        });
    }
}

/// True when `selector` (a set name, a full id, or empty for all) covers `rule_id`.
pub fn selects(selector: &str, rule_id: &str) -> bool {
    selector.is_empty()
        || selector == rule_id
        || rule_id
            .strip_prefix(selector)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The resolved suppressions of one document.
#[derive(Debug, Default)]
pub struct Suppressions {
    /// Toggles in document order: (byte where it takes effect, selector, disabled?).
    toggles: Vec<(usize, String, bool)>,
    /// Byte ranges of lines switched off by `disable-next-line`, with selector.
    lines: Vec<(usize, usize, String)>,
    /// Selectors switched off for the whole file.
    file: Vec<String>,
}

impl Suppressions {
    pub fn new(text: &str, directives: &[Directive]) -> Self {
        let mut s = Suppressions::default();
        for d in directives {
            let sels: Vec<String> = if d.ids.is_empty() {
                vec![String::new()]
            } else {
                d.ids.iter().map(|i| i.name.clone()).collect()
            };
            match d.kind {
                DirectiveKind::Disable => {
                    s.toggles
                        .extend(sels.into_iter().map(|x| (d.span.1, x, true)));
                }
                DirectiveKind::Enable => {
                    s.toggles
                        .extend(sels.into_iter().map(|x| (d.span.0, x, false)));
                }
                DirectiveKind::DisableFile => s.file.extend(sels),
                DirectiveKind::DisableNextLine => {
                    let after = d.span.1;
                    let Some(nl) = text[after..].find('\n') else {
                        continue;
                    };
                    let start = after + nl + 1;
                    let end = text[start..].find('\n').map_or(text.len(), |j| start + j);
                    s.lines.extend(sels.into_iter().map(|x| (start, end, x)));
                }
            }
        }
        s
    }

    pub fn is_empty(&self) -> bool {
        self.toggles.is_empty() && self.lines.is_empty() && self.file.is_empty()
    }

    /// Replaces selectors that name a rule by an id it no longer has.
    pub fn rename<'a>(mut self, renamed: impl Fn(&str) -> Option<&'a str>) -> Self {
        let fix = |sel: &mut String| {
            if let Some(now) = renamed(sel) {
                *sel = now.to_string();
            }
        };
        self.toggles.iter_mut().for_each(|(_, sel, _)| fix(sel));
        self.lines.iter_mut().for_each(|(_, _, sel)| fix(sel));
        self.file.iter_mut().for_each(fix);
        self
    }

    /// Is `rule_id` switched off at byte `at`?
    pub fn suppressed(&self, rule_id: &str, at: usize) -> bool {
        if self.file.iter().any(|sel| selects(sel, rule_id)) {
            return true;
        }
        if self
            .lines
            .iter()
            .any(|(s, e, sel)| *s <= at && at <= *e && selects(sel, rule_id))
        {
            return true;
        }
        let mut off = false;
        for (pos, sel, disabled) in &self.toggles {
            if *pos > at {
                break;
            }
            if selects(sel, rule_id) {
                off = *disabled;
            }
        }
        off
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(t: &str) -> Vec<Directive> {
        let mut out = Vec::new();
        scan(t, 0, &mut out);
        out
    }

    #[test]
    fn parses_kinds_and_ids() {
        let d = parse("<!-- outsidein-disable process-voice/legalese, tone -->");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].kind, DirectiveKind::Disable);
        let names: Vec<_> = d[0].ids.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(names, vec!["process-voice/legalese", "tone"]);
        let t = "<!-- outsidein-disable process-voice/legalese, tone -->";
        let (s, e) = d[0].ids[1].span;
        assert_eq!(&t[s..e], "tone");
    }

    #[test]
    fn multi_line_comment() {
        let d = parse("<!-- outsidein-disable-next-line\n  process-voice -->");
        assert_eq!(d[0].kind, DirectiveKind::DisableNextLine);
        assert_eq!(d[0].ids[0].name, "process-voice");
    }

    #[test]
    fn selectors() {
        assert!(selects("", "a/b"));
        assert!(selects("a", "a/b"));
        assert!(selects("a/b", "a/b"));
        assert!(!selects("a/bc", "a/b"));
        assert!(!selects("ab", "a/b"));
    }

    #[test]
    fn disable_enable_region() {
        let t = "x\n<!-- outsidein-disable a -->\nshall\n<!-- outsidein-enable a -->\nshall\n";
        let s = Suppressions::new(t, &parse(t));
        let first = t.find("shall").unwrap();
        let second = t.rfind("shall").unwrap();
        assert!(s.suppressed("a/r", first));
        assert!(!s.suppressed("a/r", second));
        assert!(!s.suppressed("b/r", first));
    }

    #[test]
    fn next_line_only() {
        let t = "<!-- outsidein-disable-next-line -->\nshall\nshall\n";
        let s = Suppressions::new(t, &parse(t));
        assert!(s.suppressed("a/r", t.find("shall").unwrap()));
        assert!(!s.suppressed("a/r", t.rfind("shall").unwrap()));
    }

    #[test]
    fn enable_one_after_disable_all() {
        let t = "<!-- outsidein-disable -->\n<!-- outsidein-enable a/r -->\nshall\n";
        let s = Suppressions::new(t, &parse(t));
        let at = t.find("shall").unwrap();
        assert!(!s.suppressed("a/r", at));
        assert!(s.suppressed("a/q", at));
    }
}
