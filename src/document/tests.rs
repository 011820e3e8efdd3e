//! Source-map tests: every prose word maps back to the exact source bytes.

use super::*;

/// The source text that the prose occurrence of `needle` maps to.
fn mapped<'a>(src: &'a str, doc: &Document, needle: &str) -> &'a str {
    let at = doc
        .prose
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in prose {:?}", doc.prose));
    let span = doc.to_source(at..at + needle.len());
    &src[span.range()]
}

#[test]
fn plain_paragraph_maps_exactly() {
    let src = "# Refunds\n\nRefunds shall be issued.\n";
    let doc = Document::parse(src);
    assert_eq!(mapped(src, &doc, "shall"), "shall");
    let at = doc.prose.find("shall").unwrap();
    assert_eq!(doc.to_source(at..at + 5).start, src.find("shall").unwrap());
}

#[test]
fn emphasis_and_strong() {
    let src = "We **shall** _refund_ you.\n";
    let doc = Document::parse(src);
    assert_eq!(doc.prose.trim_end(), "We shall refund you.");
    assert_eq!(mapped(src, &doc, "shall refund"), "shall** _refund");
    assert_eq!(mapped(src, &doc, "refund"), "refund");
}

#[test]
fn link_text_is_prose_destination_is_not() {
    let src = "Read [the refund policy](https://example.com/shall \"shall title\").\n";
    let doc = Document::parse(src);
    assert!(!doc.prose.contains("example"));
    assert!(!doc.prose.contains("title"));
    assert_eq!(mapped(src, &doc, "refund policy"), "refund policy");
}

#[test]
fn autolink_url_is_placeholder() {
    let src = "See <https://shall.example> now.\n";
    let doc = Document::parse(src);
    assert!(!doc.prose.contains("shall"));
    assert_eq!(mapped(src, &doc, "\u{fffc}"), "<https://shall.example>");
}

#[test]
fn entity_maps_to_whole_entity() {
    let src = "Terms &amp; conditions shall apply.\n";
    let doc = Document::parse(src);
    assert!(doc.prose.starts_with("Terms & conditions"));
    assert_eq!(mapped(src, &doc, "&"), "&amp;");
    assert_eq!(mapped(src, &doc, "& conditions"), "&amp; conditions");
    assert_eq!(mapped(src, &doc, "shall"), "shall");
}

#[test]
fn numeric_entity_and_escape() {
    let src = "Caf&eacute; \\*shall\\* apply.\n";
    let doc = Document::parse(src);
    assert!(doc.prose.starts_with("Café *shall* apply"));
    assert_eq!(mapped(src, &doc, "Café"), "Caf&eacute;");
    assert_eq!(mapped(src, &doc, "shall"), "shall");
}

#[test]
fn soft_break_joins_lines() {
    let src = "Refunds shall\nbe issued.\n";
    let doc = Document::parse(src);
    assert!(doc.prose.starts_with("Refunds shall be issued."));
    assert_eq!(mapped(src, &doc, "shall be"), "shall\nbe");
}

#[test]
fn crlf_soft_break_and_positions() {
    let src = "Intro line.\r\n\r\nRefunds shall\r\n  be issued.\r\n";
    let doc = Document::parse(src);
    assert_eq!(mapped(src, &doc, "shall be"), "shall\r\n  be");
    assert_eq!(mapped(src, &doc, "issued"), "issued");
}

#[test]
fn bom_offsets_include_the_bom() {
    let src = "\u{feff}Refunds shall be issued.\n";
    let doc = Document::parse(src);
    let at = doc.prose.find("shall").unwrap();
    assert_eq!(doc.to_source(at..at + 5).start, src.find("shall").unwrap());
    assert_eq!(doc.prose.chars().next(), Some('R'));
}

#[test]
fn multibyte_text_maps() {
    let src = "Zoë’s café — refunds shall be issued.\n";
    let doc = Document::parse(src);
    assert_eq!(mapped(src, &doc, "shall"), "shall");
    assert_eq!(mapped(src, &doc, "Zoë’s café"), "Zoë’s café");
}

#[test]
fn tables_give_one_segment_per_cell() {
    let src = "| Step | Who |\n|---|---|\n| Refunds shall be issued | Finance team |\n";
    let doc = Document::parse(src);
    let cells: Vec<_> = doc
        .segments
        .iter()
        .filter(|s| s.kind == BlockKind::TableCell)
        .map(|s| &doc.prose[s.prose.clone()])
        .collect();
    assert_eq!(
        cells,
        vec!["Step", "Who", "Refunds shall be issued", "Finance team"]
    );
    assert_eq!(mapped(src, &doc, "shall"), "shall");
}

#[test]
fn code_and_html_are_not_prose() {
    let src = "Text `shall` here.\n\n```\nshall\n```\n\n    shall indented\n\n<div>shall</div>\n\nEnd <b>bold</b>.\n";
    let doc = Document::parse(src);
    assert!(!doc.prose.contains("shall"), "{:?}", doc.prose);
    assert!(doc.prose.contains("Text \u{fffc} here."));
    assert!(doc.prose.contains("End bold."));
}

#[test]
fn front_matter_is_not_prose() {
    let src = "---\ntitle: shall\ntype: policy\n---\n# Refunds\n\nBody.\n";
    let doc = Document::parse(src);
    assert!(!doc.prose.contains("shall"));
    assert_eq!(doc.front_str("type").as_deref(), Some("policy"));
    assert_eq!(doc.body_start, src.find("# Refunds").unwrap());
    assert_eq!(doc.title, Some(0));
}

#[test]
fn thematic_break_is_not_front_matter() {
    let src = "# T\n\nText.\n\n---\n\nMore shall.\n";
    let doc = Document::parse(src);
    assert!(doc.front_matter.is_none());
    assert!(doc.prose.contains("More shall."));
}

#[test]
fn image_alt_and_footnotes_are_prose() {
    let src = "![Refunds shall be paid](x.png)\n\nText[^1].\n\n[^1]: Footnote shall say.\n";
    let doc = Document::parse(src);
    assert_eq!(
        mapped(src, &doc, "Refunds shall be paid"),
        "Refunds shall be paid"
    );
    assert_eq!(mapped(src, &doc, "Footnote shall"), "Footnote shall");
}

#[test]
fn list_items_are_segments() {
    let src = "- first item\n- second\n  continued\n  - nested one\n";
    let doc = Document::parse(src);
    let items: Vec<_> = doc
        .segments
        .iter()
        .map(|s| &doc.prose[s.prose.clone()])
        .collect();
    assert_eq!(items, vec!["first item", "second continued", "nested one"]);
    assert!(doc.segments.iter().all(|s| s.kind == BlockKind::ListItem));
}

#[test]
fn sections_follow_top_level_headings() {
    let src = "# Policy\n\nIntro.\n\n## One\n\nA.\n\n### Sub\n\nB.\n\n## Two\n\nC.\n";
    let doc = Document::parse(src);
    assert_eq!(doc.sections.len(), 3);
    assert!(doc.sections[0].intro);
    let names: Vec<_> = doc
        .sections
        .iter()
        .map(|s| s.heading.map(|h| doc.heading_text(h)).unwrap_or(""))
        .collect();
    assert_eq!(names, vec!["Policy", "One", "Two"]);
    // "B." under ### Sub belongs to section One.
    let b = doc.prose.find("B.").unwrap();
    let seg = doc.segment_at(b).unwrap();
    assert_eq!(doc.segments[seg].section, 1);
}

#[test]
fn sentences_are_found_inside_segments() {
    let src = "We refund you. You can ask why, e.g. by phone.\n\n- One item\n";
    let doc = Document::parse(src);
    let s: Vec<_> = doc
        .sentences
        .iter()
        .map(|s| &doc.prose[s.prose.clone()])
        .collect();
    assert_eq!(
        s,
        vec![
            "We refund you.",
            "You can ask why, e.g. by phone.",
            "One item"
        ]
    );
}

#[test]
fn directives_come_from_html_not_code() {
    let src = "<!-- outsidein-disable-file -->\n\n```\n<!-- outsidein-disable -->\n```\n\nText <!-- outsidein-disable-next-line a/b --> more.\n";
    let doc = Document::parse(src);
    assert_eq!(doc.directives.len(), 2);
}

#[test]
fn counts_words() {
    assert_eq!(count_words("You can't re-apply for 5 days."), 6);
}

#[test]
fn deep_nesting_does_not_panic() {
    let src = format!("{}shall\n", "> ".repeat(5000));
    let doc = Document::parse(&src);
    assert!(doc.prose.contains("shall"));
    let nested = format!("{}x{}", "[".repeat(20000), "]".repeat(20000));
    let _ = Document::parse(&nested);
}

#[test]
fn titles_that_name_a_policy() {
    for t in [
        "Refund Policy",
        "Complaints Policy and Procedure",
        "Getting a Copy of Your Data: Our Policy",
        "Terms and Conditions",
        "Terms of Service",
        "Policy on Refunds",
        "Customer Care Charter",
        "Expense reimbursement Standard",
        "Account Closure Process (v2.1)",
    ] {
        assert!(title_names_a_policy(t), "{t}");
    }
    for t in [
        "Policy library",
        "Process improvement notes",
        "Team meeting, 12 March",
        "Standards committee minutes",
        "README",
    ] {
        assert!(!title_names_a_policy(t), "{t}");
    }
}

#[test]
fn span_set_merges_and_answers() {
    let set = SpanSet::new(vec![
        Span::new(10, 20),
        Span::new(15, 30),
        Span::new(40, 50),
    ]);
    assert!(set.contains(10) && set.contains(29) && !set.contains(30) && !set.contains(5));
    assert!(set.overlaps(Span::new(25, 45)));
    assert!(!set.overlaps(Span::new(30, 40)));
    assert!(!SpanSet::default().overlaps(Span::new(0, 9)));
}

mod chunked {
    use super::super::markdown::parse_in_chunks;
    use super::*;
    use proptest::prelude::*;

    /// Lines that open, continue and close every kind of block, so cuts are
    /// tried inside fences, HTML blocks, lists, quotes and tables.
    const LINES: &[&str] = &[
        "# Title",
        "## Section",
        "### Sub",
        "#Not a heading",
        "",
        "",
        "Refunds shall be processed in due course.",
        "You can ask for your money back.",
        "- an item",
        "  continued item text",
        "1. numbered",
        "> quoted text",
        ">",
        "    indented code",
        "```",
        "```rust",
        "~~~",
        "<!-- a comment",
        "-->",
        "<!-- outsidein-disable -->",
        "<pre>",
        "</pre>",
        "<div>",
        "</div>",
        "<!DOCTYPE html",
        ">",
        "| a | b |",
        "|---|---|",
        "| c | d |",
        "Setext heading",
        "===",
        "---",
        "Text with `code` and <https://example.org> and &amp; entity.",
        "Line with trailing spaces  ",
        "Ünïcödé text, with “quotes”.",
    ];

    fn doc() -> impl Strategy<Value = String> {
        prop::collection::vec(0..LINES.len(), 0..60).prop_map(|ix| {
            let mut s: String = ix.iter().map(|&i| format!("{}\n", LINES[i])).collect();
            if ix.len() % 3 == 0 {
                s = s.replace('\n', "\r\n");
            }
            s
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Parsing in pieces gives exactly the document one parse gives.
        #[test]
        fn chunked_parse_is_the_same_document(text in doc()) {
            let whole = format!("{:?}", Document::parse(&text));
            for min in [1, 40] {
                let pieces = format!("{:?}", parse_in_chunks(&text, min));
                prop_assert_eq!(&whole, &pieces, "min {}", min);
            }
        }
    }

    #[test]
    fn a_long_document_is_cut_only_before_top_level_headings() {
        let text = "# A\n\nOne.\n\n```\n\n# in a fence\n```\n\n## B\n\nTwo.\n\n<!--\n\n# in a comment\n-->\n\n## C\n\nThree.\n";
        let doc = parse_in_chunks(text, 1);
        let names: Vec<&str> = doc
            .headings
            .iter()
            .map(|h| text[h.block.range()].trim_end())
            .collect();
        assert_eq!(names, ["# A", "## B", "## C"]);
        assert_eq!(format!("{doc:?}"), format!("{:?}", Document::parse(text)));
    }
}

#[test]
fn chunk_regression_tilde_fence_with_blank_line() {
    let text = "</pre>\r\n```\r\n```\r\n~~~\r\n\r\n~~~\r\n# Title\r\n\r\n# Title\r\n";
    assert_eq!(
        format!("{:?}", super::markdown::parse_in_chunks(text, 1)),
        format!("{:?}", Document::parse(text))
    );
}
