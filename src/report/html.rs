//! `html`: one self-contained page (inline CSS, inline SVG, a small inline
//! script; nothing fetched): totals, bar charts of findings by rule and by
//! document, a sortable table of documents, and each document's findings
//! with the source lines around them and the matched words highlighted.
//!
//! Everything from documents, paths, rules and messages is HTML-escaped.
//! A per-document value such as the customer-centricity score slots in
//! through `DOC_COLUMNS` (the table) and another chart card in `charts`.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::Arc;

use super::{
    Cell, DOC_COLUMNS, DocStats, FileReport, Reporter, RuleCounts, RuleInfo, Summary, escape_html,
    plural,
};
use crate::document::Span;
use crate::finding::Finding;
use crate::position::{LineCol, LineIndex, ceil_char_boundary, floor_char_boundary};
use crate::rules::Severity;

/// Bars per chart.
const MAX_BARS: usize = 15;
/// Lines longer than this (in bytes) are shown as a window around the match.
const LONG_LINE: usize = 240;
/// Bytes kept on each side of the match in a long line.
const WINDOW: usize = 100;
/// Documents with more findings than this start collapsed.
const OPEN_UP_TO: usize = 40;

pub struct Html {
    rules: HashMap<Arc<str>, RuleInfo>,
    counts: RuleCounts,
    docs: Vec<DocStats>,
    /// Rendered findings of each document that has any, in path order:
    /// (index into `docs`, HTML).
    sections: Vec<(usize, String)>,
}

impl Html {
    pub fn new(rules: Vec<RuleInfo>) -> Self {
        Html {
            rules: rules.into_iter().map(|r| (Arc::clone(&r.id), r)).collect(),
            counts: RuleCounts::default(),
            docs: Vec::new(),
            sections: Vec::new(),
        }
    }
}

/// "…and N more … not shown." under a chart capped at `MAX_BARS`.
fn more(h: &mut String, total: usize, what: &str) {
    if total > MAX_BARS {
        let _ = write!(
            h,
            "<p class=\"more\">…and {} not shown.</p>",
            plural(total - MAX_BARS, what)
        );
    }
}

fn sev_class(s: Severity) -> &'static str {
    s.as_str()
}

/// The id of a document's section: `doc-<n>` by position, so any path works.
fn doc_id(i: usize) -> String {
    format!("doc-{}", i + 1)
}

/// `text` cut to at most `max` characters with an ellipsis; paths keep
/// their end (the file name), other labels their start.
fn truncate(text: &str, max: usize, path: bool) -> String {
    let n = text.chars().count();
    if n <= max {
        text.to_string()
    } else if path {
        let tail: String = text.chars().skip(n - max.saturating_sub(1)).collect();
        format!("…{tail}")
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// The lines around a finding, the matched words in `<mark>`.
fn context_html(text: &str, idx: &LineIndex, span: Span, start: LineCol, end: LineCol) -> String {
    let first = start.line.saturating_sub(1).max(1);
    // A finding over many lines shows its first few.
    let last = (end.line.min(start.line + 5) + 1).min(idx.line_count());
    let mut out = String::from("<pre class=\"src\"><code>");
    for line in first..=last.max(first) {
        let Some(ls) = idx.line_start(line) else {
            break;
        };
        let mut le = idx.line_start(line + 1).unwrap_or(text.len());
        let full = text.get(ls..le).unwrap_or("");
        le = ls + full.trim_end_matches(['\n', '\r']).len();
        let hit = (span.start < le && span.end > ls)
            || (span.is_empty() && line == start.line)
            || (line >= start.line && line <= end.line && span.start <= le && span.end >= ls);
        if !hit && ls == le {
            continue;
        }
        let ms = span.start.clamp(ls, le);
        let me = span.end.clamp(ms, le);
        // Window long lines around the match; cut other long lines short.
        let (ws, we) = if le - ls <= LONG_LINE {
            (ls, le)
        } else if hit {
            (
                floor_char_boundary(text, ms.saturating_sub(WINDOW).max(ls)),
                ceil_char_boundary(text, (me + WINDOW).min(le)),
            )
        } else {
            (ls, floor_char_boundary(text, ls + LONG_LINE))
        };
        let piece = |a: usize, b: usize| escape_html(text.get(a..b).unwrap_or(""));
        let _ = write!(
            out,
            "<span class=\"line{}\"><span class=\"ln\">{line}</span>",
            if hit { " hit" } else { "" }
        );
        if ws > ls {
            out.push('…');
        }
        if hit && me > ms {
            let _ = write!(
                out,
                "{}<mark>{}</mark>{}",
                piece(ws, ms.max(ws)),
                piece(ms.max(ws), me.min(we)),
                piece(me.min(we), we)
            );
        } else {
            out.push_str(&piece(ws, we));
        }
        if we < le {
            out.push('…');
        }
        // Lines are blocks; a newline here would add a blank line.
        out.push_str("</span>");
    }
    out.push_str("</code></pre>");
    out
}

/// One finding as a list item; `id` is its anchor (`doc-2-5`).
fn finding_html(
    id: &str,
    r: &FileReport,
    idx: &LineIndex,
    f: &Finding,
    (start, end): (LineCol, LineCol),
    info: Option<&RuleInfo>,
) -> String {
    let sev = sev_class(f.severity);
    let mut h = String::new();
    let _ = write!(
        h,
        "<li class=\"finding {sev}\" id=\"{id}\" data-rule=\"{}\">\
         <div class=\"fhead\"><span class=\"sev {sev}\">{sev}</span> \
         <a class=\"loc\" href=\"#{id}\">line {}, column {}</a> ",
        escape_html(&f.rule),
        start.line,
        start.column,
    );
    let rule = escape_html(&f.rule);
    match f.link.as_deref().or(info.and_then(|i| i.link.as_deref())) {
        Some(link) => {
            let _ = write!(
                h,
                "<a class=\"rule\" href=\"{}\">{rule}</a>",
                escape_html(link)
            );
        }
        None => {
            let _ = write!(h, "<span class=\"rule\">{rule}</span>");
        }
    }
    let _ = write!(h, "</div><p class=\"msg\">{}</p>", escape_html(&f.message));
    h.push_str(&context_html(&r.text, idx, f.span, start, end));
    if !f.help.is_empty() {
        let _ = write!(h, "<p class=\"help\">{}</p>", escape_html(&f.help));
    }
    if let Some(fix) = &f.fix {
        if fix.replacement.is_empty() {
            h.push_str("<p class=\"fix\">Suggested: remove the highlighted words.</p>");
        } else {
            let _ = write!(
                h,
                "<p class=\"fix\">Suggested: write <ins>{}</ins></p>",
                escape_html(&fix.replacement)
            );
        }
    }
    h.push_str("</li>\n");
    h
}

/// One horizontal bar row: a label (with link) and stacked segments.
struct Bar {
    label: String,
    /// Whether the label keeps its end when cut (paths, rule ids).
    path: bool,
    title: String,
    href: Option<String>,
    /// (value, CSS class) of each part of the bar, left to right.
    segments: Vec<(f64, &'static str)>,
}

const CHART_WIDTH: usize = 560;
const LABEL_WIDTH: usize = 250;
const BAR_AREA: usize = 260;
const ROW: usize = 26;

/// An inline SVG bar chart; bars scale to `scale`, or to the largest total.
fn bar_chart(id: &str, caption: &str, bars: &[Bar], scale: Option<f64>) -> String {
    let max = scale.unwrap_or_else(|| {
        bars.iter()
            .map(|b| b.segments.iter().map(|s| s.0).sum::<f64>())
            .fold(1.0, f64::max)
    });
    let height = bars.len() * ROW + 8;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg id=\"{id}\" class=\"chart\" role=\"img\" aria-label=\"{}\" \
         viewBox=\"0 0 {CHART_WIDTH} {height}\" width=\"100%\" \
         preserveAspectRatio=\"xMinYMin meet\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title>{}</title>",
        escape_html(caption),
        escape_html(caption),
    );
    for (i, b) in bars.iter().enumerate() {
        let y = 4 + i * ROW;
        let total: f64 = b.segments.iter().map(|s| s.0).sum();
        let _ = write!(
            s,
            "<g class=\"bar\"><title>{}</title>",
            escape_html(&b.title)
        );
        let label = escape_html(&truncate(&b.label, 30, b.path));
        let text = format!(
            "<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{label}</text>",
            LABEL_WIDTH - 8,
            y + 17
        );
        match &b.href {
            Some(href) => {
                let _ = write!(s, "<a href=\"{}\">{text}</a>", escape_html(href));
            }
            None => s.push_str(&text),
        }
        let mut x = LABEL_WIDTH as f64;
        for &(n, class) in &b.segments {
            // Empty parts of a stacked bar are left out; a lone bar shows.
            if n == 0.0 && b.segments.len() > 1 {
                continue;
            }
            let w = (n * BAR_AREA as f64 / max).max(2.0);
            let _ = write!(
                s,
                "<rect class=\"{class}\" x=\"{x:.1}\" y=\"{}\" width=\"{w:.1}\" height=\"18\" rx=\"2\"/>",
                y + 4
            );
            x += w;
        }
        let _ = write!(
            s,
            "<text class=\"value\" x=\"{:.1}\" y=\"{}\">{total:.0}</text></g>",
            x + 6.0,
            y + 17
        );
    }
    s.push_str("</svg>");
    s
}

const STYLE: &str = r#"
:root{--error:#c0262d;--warning:#b45f06;--suggestion:#1f6feb;--fg:#1f2328;--muted:#59636e;--border:#d1d9e0;--panel:#f6f8fa;--hit:#fff8c5;--mark:#ffdf5d}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:#fff;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
main{max-width:1120px;margin:0 auto;padding:24px 28px 64px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:19px;margin:36px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--border)}
h3{font-size:16px;margin:0}
a{color:#0550ae}
.summary{color:var(--muted);margin:0 0 16px}
.tiles{display:flex;flex-wrap:wrap;gap:12px}
.tile{flex:1 1 150px;border:1px solid var(--border);border-radius:8px;padding:10px 14px;background:var(--panel)}
.tile .n{display:block;font-size:28px;font-weight:650;line-height:1.2}
.tile .k{color:var(--muted);font-size:13px}
.tile.error .n{color:var(--error)}.tile.warning .n{color:var(--warning)}.tile.suggestion .n{color:var(--suggestion)}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:20px}
.card{border:1px solid var(--border);border-radius:8px;padding:12px 14px}
.card h3{margin-bottom:8px}
.legend{font-size:12px;color:var(--muted);margin:0 0 6px}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 10px;vertical-align:-1px}
.legend i.error,svg rect.error{background:var(--error);fill:var(--error)}
.legend i.warning,svg rect.warning{background:var(--warning);fill:var(--warning)}
.legend i.suggestion,svg rect.suggestion{background:var(--suggestion);fill:var(--suggestion)}
svg.chart{display:block;max-width:100%;height:auto}
svg text{font:12px system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;fill:var(--fg)}
svg text.value{fill:var(--muted)}
svg a text.label{fill:#0550ae}
svg rect.score-low{fill:#cf222e}svg rect.score-mid{fill:#bf8700}svg rect.score-high{fill:#1a7f37}
.more{color:var(--muted);font-size:13px;margin:6px 0 0}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{padding:6px 10px;border-bottom:1px solid var(--border);text-align:left;vertical-align:top}
th{background:var(--panel);white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.path{min-width:14em;overflow-wrap:anywhere}
.scroll{overflow-x:auto}
th button{font:inherit;font-weight:600;color:inherit;background:none;border:0;padding:0;cursor:pointer}
th button::after{content:"\2195";color:var(--muted);margin-left:4px;font-size:11px}
th[aria-sort=ascending] button::after{content:"\25B2";color:var(--fg)}
th[aria-sort=descending] button::after{content:"\25BC";color:var(--fg)}
tr.clean td{color:var(--muted)}
.sev{display:inline-block;min-width:76px;text-align:center;padding:0 8px;border-radius:10px;font-size:12px;font-weight:650;color:#fff;text-transform:uppercase;letter-spacing:.03em}
.sev.error{background:var(--error)}.sev.warning{background:var(--warning)}.sev.suggestion{background:var(--suggestion)}
details.doc{border:1px solid var(--border);border-radius:8px;margin:0 0 14px}
details.doc>summary{cursor:pointer;padding:10px 14px;background:var(--panel);border-radius:8px}
details.doc>summary h3{display:inline;word-break:break-all}
details.doc>summary .counts{color:var(--muted);font-size:13px;margin-left:8px}
ol.findings{list-style:none;margin:0;padding:0 14px}
li.finding{padding:12px 0;border-top:1px solid var(--border)}
li.finding:first-child{border-top:0}
.fhead{display:flex;flex-wrap:wrap;gap:10px;align-items:baseline;font-size:13px}
.fhead .loc{color:var(--muted)}
.fhead .rule{font-family:ui-monospace,"DejaVu Sans Mono",monospace}
.msg{margin:6px 0;font-weight:550;white-space:pre-line}
pre.src{margin:6px 0;padding:6px 0;background:var(--panel);border:1px solid var(--border);border-radius:6px;white-space:pre-wrap;word-break:break-word;font:13px/1.5 ui-monospace,"DejaVu Sans Mono",monospace}
pre.src .line{display:block;padding:0 12px 0 0}
pre.src .line.hit{background:var(--hit)}
pre.src .ln{display:inline-block;min-width:4.5ch;padding:0 10px 0 8px;margin-right:8px;text-align:right;color:var(--muted);border-right:1px solid var(--border);user-select:none}
li.error mark{background:#ffd1d3;box-shadow:inset 0 -2px var(--error)}
li.warning mark{background:var(--mark);box-shadow:inset 0 -2px var(--warning)}
li.suggestion mark{background:#cde4ff;box-shadow:inset 0 -2px var(--suggestion)}
mark{color:inherit;border-radius:2px;padding:0 1px}
.help{color:var(--muted);margin:4px 0;font-size:14px;white-space:pre-wrap}
.fix{margin:4px 0;font-size:14px}
.fix ins{text-decoration:none;background:#dafbe1;padding:0 3px;border-radius:2px}
.clean-run{font-size:17px}
footer{color:var(--muted);font-size:12px;margin-top:40px}
"#;

/// Sorts `table.sortable` by a clicked header; `#sort=<column>:<asc|desc>`
/// in the address sorts on load, and clicking keeps it there.
const SCRIPT: &str = r#"
(function () {
  function value(row, col, numeric) {
    var cell = row.cells[col];
    var v = cell.getAttribute('data-value');
    if (v === null) v = cell.textContent.trim();
    if (!numeric) return v.toLowerCase();
    var n = parseFloat(v);
    return isNaN(n) ? null : n;
  }
  function sort(table, col, dir) {
    var head = table.tHead.rows[0].cells;
    var numeric = head[col].getAttribute('data-type') === 'number';
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = value(a, col, numeric), y = value(b, col, numeric);
      if (x === y) return 0;
      if (x === null) return 1;
      if (y === null) return -1;
      var c = x < y ? -1 : 1;
      return dir === 'ascending' ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    for (var i = 0; i < head.length; i++) head[i].setAttribute('aria-sort', i === col ? dir : 'none');
  }
  var tables = document.querySelectorAll('table.sortable');
  Array.prototype.forEach.call(tables, function (table) {
    var head = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(head, function (th, col) {
      var button = th.querySelector('button');
      if (!button) return;
      button.addEventListener('click', function () {
        var numeric = th.getAttribute('data-type') === 'number';
        var cur = th.getAttribute('aria-sort');
        var dir = cur === 'none' || cur === null ? (numeric ? 'descending' : 'ascending')
          : (cur === 'ascending' ? 'descending' : 'ascending');
        sort(table, col, dir);
        if (history.replaceState) history.replaceState(null, '', '#sort=' + th.getAttribute('data-key') + ':' + (dir === 'ascending' ? 'asc' : 'desc'));
      });
    });
    var m = /^#sort=([\w-]+):(asc|desc)$/.exec(location.hash);
    if (m) {
      for (var i = 0; i < head.length; i++) {
        if (head[i].getAttribute('data-key') === m[1]) sort(table, i, m[2] === 'asc' ? 'ascending' : 'descending');
      }
    }
  });
})();
"#;

/// A stable key for a column header: `Per 1k words` → `per-1k-words`.
fn column_key(header: &str) -> String {
    let mut key = String::new();
    for c in header.chars() {
        if c.is_ascii_alphanumeric() {
            key.push(c.to_ascii_lowercase());
        } else if !key.ends_with('-') {
            key.push('-');
        }
    }
    key.trim_matches('-').to_string()
}

impl Html {
    fn header(&self, h: &mut String, s: &Summary) {
        let _ = write!(
            h,
            "<header><h1>outsidein report</h1><p class=\"summary\" id=\"summary\">{}</p>\
             <div class=\"tiles\">",
            escape_html(&s.line())
        );
        let tiles: [(&str, &str, usize, String); 5] = [
            ("total", "problems", s.total(), "Problems".into()),
            ("error", "errors", s.errors, "Errors".into()),
            ("warning", "warnings", s.warnings, "Warnings".into()),
            (
                "suggestion",
                "suggestions",
                s.suggestions,
                "Suggestions".into(),
            ),
            (
                "files",
                "files",
                s.files_with_findings,
                format!("of {} with findings", plural(s.files, "document")),
            ),
        ];
        for (class, id, n, label) in tiles {
            let _ = write!(
                h,
                "<div class=\"tile {class}\"><span class=\"n\" id=\"total-{id}\">{n}</span>\
                 <span class=\"k\">{}</span></div>",
                escape_html(&label)
            );
        }
        // The repository's score: word-weighted mean over the policies.
        let policies: Vec<(f64, usize)> = self
            .docs
            .iter()
            .filter(|d| d.policy)
            .filter_map(|d| d.score.map(|(o, _)| (o, d.words.max(1))))
            .collect();
        let words: usize = policies.iter().map(|p| p.1).sum();
        if words > 0 {
            let score = policies.iter().map(|(o, w)| o * *w as f64).sum::<f64>() / words as f64;
            let _ = write!(
                h,
                "<div class=\"tile score\"><span class=\"n\" id=\"total-score\">{score:.0}</span>\
                 <span class=\"k\">score over {} (word-weighted)</span></div>",
                plural(policies.len(), "policy")
            );
        }
        h.push_str("</div></header>\n");
    }

    fn charts(&self, h: &mut String) {
        let legend = "<p class=\"legend\" aria-hidden=\"true\"><i class=\"error\"></i>error\
                      <i class=\"warning\"></i>warning<i class=\"suggestion\"></i>suggestion</p>";
        h.push_str("<section id=\"charts\"><h2>Where the findings are</h2><div class=\"charts\">");

        let ranked = self.counts.ranked();
        let bars: Vec<Bar> = ranked
            .iter()
            .take(MAX_BARS)
            .map(|(id, n, sev)| {
                let description = self
                    .rules
                    .get(id)
                    .map_or(String::new(), |r| format!(": {}", r.description));
                Bar {
                    label: id.to_string(),
                    // The rule's own name is at the end of its id.
                    path: true,
                    title: format!("{id}{description} ({})", plural(*n, "finding")),
                    href: None,
                    segments: vec![(*n as f64, sev_class(*sev))],
                }
            })
            .collect();
        let _ = write!(
            h,
            "<div class=\"card\"><h3>Findings by rule</h3>{legend}{}",
            bar_chart("chart-rules", "Findings by rule", &bars, None)
        );
        more(h, ranked.len(), "more rule");
        h.push_str("</div>");

        let mut docs: Vec<(usize, &DocStats)> = self
            .docs
            .iter()
            .enumerate()
            .filter(|(_, d)| d.total() > 0)
            .collect();
        docs.sort_by(|a, b| {
            b.1.total()
                .cmp(&a.1.total())
                .then_with(|| a.1.name.cmp(&b.1.name))
        });
        let bars: Vec<Bar> = docs
            .iter()
            .take(MAX_BARS)
            .map(|(i, d)| Bar {
                label: d.name.clone(),
                path: true,
                title: format!(
                    "{}: {}, {}, {}",
                    d.name,
                    plural(d.errors, "error"),
                    plural(d.warnings, "warning"),
                    plural(d.suggestions, "suggestion")
                ),
                href: Some(format!("#{}", doc_id(*i))),
                segments: vec![
                    (d.errors as f64, sev_class(Severity::Error)),
                    (d.warnings as f64, sev_class(Severity::Warning)),
                    (d.suggestions as f64, sev_class(Severity::Suggestion)),
                ],
            })
            .collect();
        let _ = write!(
            h,
            "<div class=\"card\"><h3>Findings by document</h3>{legend}{}",
            bar_chart("chart-documents", "Findings by document", &bars, None)
        );
        more(h, docs.len(), "more document");
        h.push_str("</div>");
        self.score_chart(h);
        h.push_str("</div></section>\n");
    }

    /// Each document's customer-centricity score, worst first, as bars on a
    /// 0-100 scale coloured by band.
    fn score_chart(&self, h: &mut String) {
        let mut docs: Vec<(usize, &DocStats, f64)> = self
            .docs
            .iter()
            .enumerate()
            .filter_map(|(i, d)| d.score.map(|(o, _)| (i, d, o)))
            .collect();
        if docs.is_empty() {
            return;
        }
        docs.sort_by(|a, b| a.2.total_cmp(&b.2).then_with(|| a.1.name.cmp(&b.1.name)));
        let bars: Vec<Bar> = docs
            .iter()
            .take(MAX_BARS)
            .map(|(i, d, score)| {
                let band = if *score < 50.0 {
                    "score-low"
                } else if *score < 75.0 {
                    "score-mid"
                } else {
                    "score-high"
                };
                let kind = if d.policy {
                    "policy"
                } else {
                    "not a policy: language only"
                };
                Bar {
                    label: d.name.clone(),
                    path: true,
                    title: format!("{}: {score:.0} of 100 ({kind})", d.name),
                    href: Some(format!("#{}", doc_id(*i))),
                    segments: vec![(*score, band)],
                }
            })
            .collect();
        let _ = write!(
            h,
            "<div class=\"card\"><h3>Customer-centricity score (worst first)</h3>\
             <p class=\"legend\">0-100; policies scored on what they state and how they read, other documents on language only.</p>{}",
            bar_chart(
                "chart-scores",
                "Customer-centricity score by document",
                &bars,
                Some(100.0)
            )
        );
        more(h, docs.len(), "more document");
        h.push_str("</div>");
    }

    fn rules_table(&self, h: &mut String) {
        h.push_str(
            "<section id=\"rules\"><h2>Rules that fired</h2><div class=\"scroll\">\
             <table class=\"sortable\" id=\"rules-table\"><thead><tr>\
             <th data-key=\"rule\" aria-sort=\"none\"><button type=\"button\">Rule</button></th>\
             <th data-key=\"severity\" aria-sort=\"none\"><button type=\"button\">Severity</button></th>\
             <th class=\"num\" data-key=\"findings\" data-type=\"number\" aria-sort=\"descending\"><button type=\"button\">Findings</button></th>\
             <th>What it flags</th></tr></thead><tbody>\n",
        );
        for (id, n, sev) in self.counts.ranked() {
            let info = self.rules.get(&id);
            let name = escape_html(&id);
            let name = match info.and_then(|i| i.link.as_deref()) {
                Some(link) => format!("<a href=\"{}\">{name}</a>", escape_html(link)),
                None => name,
            };
            let rank = match sev {
                Severity::Error => 3,
                Severity::Warning => 2,
                Severity::Suggestion => 1,
            };
            let _ = writeln!(
                h,
                "<tr><td class=\"path\">{name}</td><td data-value=\"{rank}\"><span class=\"sev {}\">{}</span></td>\
                 <td class=\"num\">{n}</td><td>{}</td></tr>",
                sev_class(sev),
                sev,
                escape_html(info.map_or("", |i| i.description.as_str()))
            );
        }
        h.push_str("</tbody></table></div></section>\n");
    }

    fn documents_table(&self, h: &mut String) {
        h.push_str(
            "<section id=\"documents\"><h2>Documents</h2><div class=\"scroll\">\
             <table class=\"sortable\" id=\"documents-table\"><thead><tr>\
             <th data-key=\"document\" aria-sort=\"ascending\"><button type=\"button\">Document</button></th>",
        );
        for c in DOC_COLUMNS {
            let _ = write!(
                h,
                "<th class=\"num\" data-type=\"number\" data-key=\"{}\" title=\"{}\" aria-sort=\"none\">\
                 <button type=\"button\">{}</button></th>",
                column_key(c.header),
                escape_html(c.title),
                escape_html(c.header)
            );
        }
        h.push_str("</tr></thead><tbody>\n");
        let with_findings: HashMap<usize, ()> =
            self.sections.iter().map(|(i, _)| (*i, ())).collect();
        for (i, d) in self.docs.iter().enumerate() {
            let name = escape_html(&d.name);
            let name = if with_findings.contains_key(&i) {
                format!("<a href=\"#{}\">{name}</a>", doc_id(i))
            } else {
                name
            };
            let _ = write!(
                h,
                "<tr{}><td class=\"path\">{name}</td>",
                if d.total() == 0 {
                    " class=\"clean\""
                } else {
                    ""
                }
            );
            for c in DOC_COLUMNS {
                let cell = (c.value)(d);
                let value = match cell {
                    Cell::Count(n) => n.to_string(),
                    Cell::Decimal(x) | Cell::Score(x) => format!("{x:.3}"),
                    Cell::None => String::new(),
                };
                let _ = write!(h, "<td class=\"num\" data-value=\"{value}\">{cell}</td>");
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody></table></div></section>\n");
    }
}

impl Reporter for Html {
    fn file(&mut self, _out: &mut dyn Write, r: &FileReport) -> io::Result<()> {
        let doc = self.docs.len();
        let stats = DocStats::of(r);
        if !r.findings.is_empty() {
            self.counts.add(r);
            for f in &r.findings {
                if !self.rules.contains_key(&f.rule) {
                    self.rules
                        .insert(Arc::clone(&f.rule), RuleInfo::from_finding(f));
                }
            }
            let idx = LineIndex::new(&r.text);
            let mut counts = Vec::new();
            for (n, w) in [
                (stats.errors, "error"),
                (stats.warnings, "warning"),
                (stats.suggestions, "suggestion"),
            ] {
                if n > 0 {
                    counts.push(plural(n, w));
                }
            }
            let mut h = String::new();
            let _ = writeln!(
                h,
                "<details class=\"doc\" id=\"{}\"{}><summary><h3>{}</h3>\
                 <span class=\"counts\">{}</span></summary><ol class=\"findings\">",
                doc_id(doc),
                if r.findings.len() <= OPEN_UP_TO {
                    " open"
                } else {
                    ""
                },
                escape_html(&r.name),
                counts.join(", "),
            );
            for (n, (f, pos)) in r.findings.iter().zip(r.positions()).enumerate() {
                let id = format!("{}-{}", doc_id(doc), n + 1);
                h.push_str(&finding_html(&id, r, &idx, f, pos, self.rules.get(&f.rule)));
            }
            h.push_str("</ol></details>\n");
            self.sections.push((doc, h));
        }
        self.docs.push(stats);
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> io::Result<()> {
        let mut h = String::with_capacity(64 * 1024);
        h.push_str(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        );
        let _ = writeln!(
            h,
            "<meta name=\"generator\" content=\"outsidein {}\">\n<title>outsidein report: {}</title>",
            env!("CARGO_PKG_VERSION"),
            escape_html(&s.line())
        );
        let _ = writeln!(h, "<style>{STYLE}</style>\n</head>\n<body>\n<main>");
        self.header(&mut h, s);
        if s.total() == 0 {
            h.push_str("<p class=\"clean-run\" id=\"clean\">No problems found.</p>\n");
        } else {
            self.charts(&mut h);
            self.rules_table(&mut h);
        }
        self.documents_table(&mut h);
        if !self.sections.is_empty() {
            h.push_str("<section id=\"findings\"><h2>Findings</h2>\n");
            for (_, section) in &self.sections {
                h.push_str(section);
            }
            h.push_str("</section>\n");
        }
        let _ = writeln!(
            h,
            "<footer>Generated by outsidein {}.</footer>\n</main>\n<script>{SCRIPT}</script>\n</body>\n</html>",
            env!("CARGO_PKG_VERSION")
        );
        out.write_all(h.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(text: &str, start: usize, end: usize) -> String {
        let idx = LineIndex::new(text);
        let s = idx.line_col(text, start);
        let e = idx.line_col(text, end);
        context_html(text, &idx, Span::new(start, end), s, e)
    }

    #[test]
    fn marks_the_words_with_a_line_either_side() {
        let text = "one\ntwo <b> & three\nfour\nfive\n";
        let at = text.find("three").unwrap_or(0);
        let h = context(text, at, at + 5);
        assert!(h.contains("<span class=\"ln\">1</span>one"), "{h}");
        assert!(h.contains("two &lt;b&gt; &amp; <mark>three</mark>"), "{h}");
        assert!(h.contains("<span class=\"ln\">3</span>four"), "{h}");
        assert!(!h.contains("five"), "{h}");
    }

    #[test]
    fn long_lines_show_a_window_around_the_match() {
        let text = format!("{}needle{}\n", "a".repeat(500), "b".repeat(500));
        let at = 500;
        let h = context(&text, at, at + 6);
        assert!(h.contains("…aaaa"), "{h}");
        assert!(h.contains("<mark>needle</mark>bbbb"), "{h}");
        assert!(h.len() < 400, "{h}");
    }

    #[test]
    fn column_keys_are_slugs() {
        assert_eq!(column_key("Per 1k words"), "per-1k-words");
    }
}
