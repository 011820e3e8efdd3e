//! A huge file linted piece by piece gives exactly the findings of linting
//! it whole: checked on generated documents with front matter, directives,
//! link references defined in other sections, code fences with headings
//! inside, skipped sections and form codes explained elsewhere, cut into
//! pieces far smaller than real use does.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::OnceLock;

use outsidein::error::YamlSource;
use outsidein::lint::{Engine, Linted, RuleSettings};
use outsidein::rules::builtin::SETS;
use outsidein::rules::load::RuleBook;
use proptest::prelude::*;

fn book() -> RuleBook {
    let files: Vec<YamlSource> = SETS
        .iter()
        .map(|(name, text)| YamlSource::new(*name, *text))
        .collect();
    RuleBook::load(&files).expect("built-in rules load")
}

/// Every built-in rule.
fn all_rules() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| Engine::new(book(), &RuleSettings::default()).expect("engine builds"))
}

/// The built-in rules without those that weigh a policy as a whole (they
/// make a file be linted whole).
fn piece_rules() -> &'static Engine {
    static E: OnceLock<Engine> = OnceLock::new();
    E.get_or_init(|| {
        let ignore = [
            "customer-outcome/missing-outcome",
            "customer-outcome/missing-owner",
            "customer-outcome/missing-measure",
            "customer-outcome/missing-baseline",
            "customer-outcome/missing-feedback-loop",
            "customer-outcome/missing-journey",
            "customer-outcome/single-channel",
        ];
        let settings = RuleSettings {
            ignore: ignore.iter().map(|s| s.to_string()).collect(),
            ..RuleSettings::default()
        };
        Engine::new(book(), &settings).expect("engine builds")
    })
}

/// Everything a reporter reads of the findings.
fn seen(l: &Linted) -> Vec<String> {
    l.findings
        .iter()
        .map(|f| {
            format!(
                "{} {:?} {:?} {:?} {} {:?} {:?} {}",
                f.rule, f.span, f.severity, f.message, f.help, f.fix, f.labels, f.weight
            )
        })
        .collect()
}

/// Lints `text` whole and in pieces of at least `min` bytes; the findings
/// must agree whenever the pieces are used. Says whether they were.
fn same(engine: &Engine, text: &str, policy: bool, min: usize) -> bool {
    let whole = engine.lint_whole(text, policy);
    let Some(pieces) = engine.lint_pieces(text, policy, min) else {
        return false;
    };
    assert_eq!(seen(&pieces), seen(&whole), "min {min}, text:\n{text}");
    assert_eq!(pieces.words, whole.words);
    assert_eq!(pieces.is_policy, whole.is_policy);
    true
}

const BLOCKS: &[&str] = &[
    "Applications will be processed in accordance with procedure.",
    "Complete Form FIN-156 and return it to us.",
    "Fill in Form FIN-156 (the expenses claim form) and send it to us.",
    "See ref KB12345 for the steps. Attach a copy of CS-45B to your claim.",
    "Refunds shall be issued pursuant to section 4.",
    "You must provide ID so that we can check it. You must sign the form.",
    "It is the responsibility of the applicant to ensure that all documents are provided.",
    "See [our guidance][ref-a] and [the *shall* form][ref-b], or [Ref-C].",
    "[ref-a]: https://x.example/a\n[REF-B]: https://x.example/b \"shall\"",
    "[ref-c]: https://x.example/c",
    "> [ref-q]: https://x.example/q\n\nSee [the quoted guide][ref-q]; staff shall read it.",
    "- [Listed][ref-l] items shall be checked.\n- [ref-l]: https://x.example/l",
    "```yaml\n# routing rules, not a heading\nshall: must\n```",
    "~~~\n## Not a section\n~~~",
    "<!-- outsidein-disable readability/legalese -->",
    "<!-- outsidein-enable readability/legalese -->",
    "<!-- outsidein-disable-next-line -->\nForms shall be signed.",
    "<!-- outsidein-disable process-vioce -->",
    "<!--\n## inside a comment\nshall\n-->",
    "### Definitions\n\n- **Shall**: must. Applications will be processed.",
    "| Role | Duty |\n|---|---|\n| Officer | Forms shall be signed pursuant to policy. |",
    "> Applications will be reviewed by the team in due course.",
    "Setext heading shall\n--------------",
    "<div>\n\nshall\n\n</div>",
    "Don't know anyone? You cannot be refunded. We will not refund cash.",
    "Use `code` here; we shall pay you prior to the review.",
    "Will be processed\nin due course, at our discretion.",
    "1. Issue the decision letter (`GR-44D`) to the applicant.\n2. Notify relevant stakeholders.",
    "We send a decision letter (DL-4) to explain our reasons. Keep DL-4 safe.",
    "Customers must be advised that the department will not accept liability.",
    "Zoë's café: the team will endeavour to respond as soon as practicable.",
    "#### Deep heading\n\nThe manager will action the request.",
    "Forms shall be signed\r\nby the applicant.\r\n\r\n## Crlf part\r\n\r\nRefunds will be processed.",
];

fn document() -> impl Strategy<Value = String> {
    let section = (
        prop_oneof![
            Just("## Refunds"),
            Just("## Definitions"),
            Just("## Revision history"),
            Just("## How we measure"),
            Just("##"),
            Just("### Under"),
            Just("# Part"),
            Just("Setext part\n==========="),
        ],
        proptest::collection::vec(0..BLOCKS.len(), 0..5),
    );
    (
        prop_oneof![
            Just(""),
            Just("---\ntitle: Handbook\nreview_date: 2020-01-01\n---\n"),
            Just("---\ntype: policy\nowner: Ops\nnext_review: 2030-01-01\n---\n"),
        ],
        prop_oneof![
            Just("# Refund handbook\n\n"),
            Just("# Definitions\n\n"),
            Just("# Refund policy\n\nIntro text shall apply.\n\n"),
            Just(""),
        ],
        proptest::collection::vec(section, 1..12),
    )
        .prop_map(|(fm, title, sections)| {
            let mut s = format!("{fm}{title}");
            for (heading, blocks) in sections {
                s.push_str(heading);
                s.push_str(" text\n\n");
                for b in blocks {
                    s.push_str(BLOCKS[b]);
                    s.push_str("\n\n");
                }
            }
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn pieces_find_what_the_whole_finds(doc in document(), min in 1usize..400, policy: bool) {
        same(all_rules(), &doc, policy, min);
        same(piece_rules(), &doc, policy, min);
    }
}

/// A document of every feature above, one block per section.
fn every_block() -> String {
    let mut s = String::from(
        "---\ntitle: Handbook\n---\n# Refund handbook\n\nIntro: Form AB-12 is required.\n\n",
    );
    for (i, b) in BLOCKS.iter().enumerate() {
        s.push_str(&format!("## Section {i}\n\n{b}\n\n"));
    }
    s
}

#[test]
fn a_file_with_every_feature_is_linted_in_pieces_alike() {
    let doc = every_block();
    for min in [1, 50, 200, 1000] {
        assert!(same(all_rules(), &doc, false, min), "not cut at {min}");
        assert!(
            same(piece_rules(), &doc, true, min),
            "policy not cut at {min}"
        );
    }
}

#[test]
fn a_form_code_explained_in_another_piece_is_not_flagged() {
    let doc = "# Handbook\n\n## One\n\nComplete Form FIN-156 and return it to us.\n\n\
               ## Two\n\nForm FIN-156 (the expenses claim form) is on the website.\n";
    assert!(same(all_rules(), doc, false, 1));
    let pieces = all_rules().lint_pieces(doc, false, 1).unwrap();
    assert!(
        pieces
            .findings
            .iter()
            .all(|f| &*f.rule != "process-voice/form-code")
    );
}

#[test]
fn whole_document_rules_and_footnotes_keep_a_file_whole() {
    let doc = every_block();
    // A policy is judged as a whole by its section rules.
    assert!(all_rules().lint_pieces(&doc, true, 1).is_none());
    let with_note = format!("{doc}See the note[^1].\n\n## Notes\n\n[^1]: A footnote.\n");
    assert!(all_rules().lint_pieces(&with_note, false, 1).is_none());
    let in_a_list = format!("{doc}See the note[^1].\n\n## Notes\n\n- [^1]: A footnote.\n");
    assert!(all_rules().lint_pieces(&in_a_list, false, 1).is_none());
}
