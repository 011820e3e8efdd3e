//! Each rule kind on small documents: what it flags, where it points, and
//! what it leaves alone. One fancy-output snapshot per kind.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use outsidein::error::YamlSource;
use outsidein::lint::{Engine, RuleSettings};
use outsidein::report::{RenderOptions, render_finding};
use outsidein::rules::load::RuleBook;

fn engine(rule: &str) -> Engine {
    let yaml = format!("name: t\nrules:\n  r:\n    help: Why it matters.\n{rule}");
    let book =
        RuleBook::load(&[YamlSource::new("t.yml", yaml)]).unwrap_or_else(|e| panic!("{e:?}"));
    Engine::new(book, &RuleSettings::default()).unwrap()
}

/// (flagged words, message) for each finding.
fn flags(e: &Engine, doc: &str) -> Vec<(String, String)> {
    e.lint(doc, false)
        .findings
        .iter()
        .map(|f| (doc[f.span.range()].to_string(), f.message.clone()))
        .collect()
}

/// The flagged words only, in order.
fn flagged_words(e: &Engine, doc: &str) -> Vec<String> {
    flags(e, doc).into_iter().map(|(w, _)| w).collect()
}

fn fancy(e: &Engine, doc: &str) -> String {
    let text: Arc<str> = Arc::from(doc);
    let opts = RenderOptions {
        color: false,
        width: 90,
        links: false,
    };
    e.lint(doc, false)
        .findings
        .iter()
        .map(|f| render_finding("doc.md", &text, f, opts))
        .collect()
}

const POLICY: &str = "---\ntype: policy\n---\n";

#[test]
fn existence_with_exceptions() {
    let e = engine(
        "    kind: existence\n    message: \"'{match}' hides who acts.\"\n    patterns: ['\\b(is|are|will be)\\s+\\w+ed\\b']\n    exceptions: {tokens: [are entitled, is closed]}\n",
    );
    assert_eq!(
        flags(
            &e,
            "Claims are assessed monthly. You are entitled to a refund. The office is closed on Sundays.\n"
        ),
        vec![(
            "are assessed".into(),
            "'are assessed' hides who acts.".into()
        )]
    );
    insta::assert_snapshot!(fancy(
        &e,
        "# Claims\n\nClaims will be processed\nin order.\n"
    ));
}

#[test]
fn substitution_keeps_case_and_offers_fix() {
    let e = engine(
        "    kind: substitution\n    message: \"write '{replacement}'\"\n    swap: {prior to: before}\n",
    );
    let doc = "Prior to payment, pay **prior to** Friday.\n";
    let linted = e.lint(doc, false);
    assert_eq!(linted.findings.len(), 2);
    assert_eq!(linted.findings[0].message, "write 'Before'");
    assert_eq!(
        linted.findings[0].fix.as_ref().unwrap().replacement,
        "Before"
    );
    insta::assert_snapshot!(fancy(&e, doc));
}

#[test]
fn substitution_gives_no_fix_across_markup() {
    let e = engine("    kind: substitution\n    message: x\n    swap: {prior to: before}\n");
    let doc = "Pay prior\nto Friday, or *prior* to Monday.\n";
    let linted = e.lint(doc, false);
    assert_eq!(linted.findings.len(), 2);
    assert!(linted.findings.iter().all(|f| f.fix.is_none()));
}

#[test]
fn occurrence_sentence_length() {
    let e = engine(
        "    kind: occurrence\n    message: \"{count} words (max {max})\"\n    scope: sentence\n    max: 8\n",
    );
    let doc = "Short one. This sentence has far too many words in it for the limit. Fine again.\n";
    assert_eq!(
        flags(&e, doc),
        vec![(
            "This sentence has far too many words in it for the limit.".into(),
            "12 words (max 8)".into()
        )]
    );
    insta::assert_snapshot!(fancy(&e, doc));
}

#[test]
fn occurrence_matches_per_section_points_at_the_extra_match() {
    let e = engine(
        "    kind: occurrence\n    message: \"{count} times '{match}'\"\n    scope: section\n    max: 2\n    tokens: [must]\n",
    );
    let doc = "# P\n\n## A\n\nYou must. You must. You must.\n\n## B\n\nYou must. You must.\n";
    let got = flags(&e, doc);
    assert_eq!(got, vec![("must".into(), "3 times 'must'".into())]);
    let f = &e.lint(doc, false).findings[0];
    assert_eq!(f.span.start, doc.rfind("## B").unwrap() - "must.\n\n".len());
}

#[test]
fn conditional_needs_reason_in_sentence() {
    let e = engine(
        "    kind: conditional\n    message: \"'{match}' without a reason\"\n    if: {tokens: [you must]}\n    then: {tokens: [so that, because]}\n",
    );
    let doc = "You must bring ID. You must bring ID so that we can check it is you.\n";
    assert_eq!(
        flags(&e, doc),
        vec![("You must".into(), "'You must' without a reason".into())]
    );
    insta::assert_snapshot!(fancy(&e, doc));
}

#[test]
fn conditional_captures_pair_acronyms_with_definitions() {
    let e = engine(
        "    kind: conditional\n    message: \"'{match}' is never spelled out\"\n    scope: document\n    if: {patterns: ['(?-i)\\b([A-Z]{2,5})\\b']}\n    then: {patterns: ['(?-i)\\(([A-Z]{2,5})\\)']}\n",
    );
    let doc =
        "Send a Subject Access Request (SAR). We answer each SAR quickly. The DPO reads it.\n";
    let got: Vec<_> = flags(&e, doc).into_iter().map(|x| x.0).collect();
    assert_eq!(got, vec!["DPO"]);
}

#[test]
fn ratio_inside_out_section() {
    let e = engine(
        "    kind: ratio\n    message: \"{numerator} we/our to {denominator} you/your\"\n    scope: section\n    max: 2\n    min_count: 3\n    numerator: {tokens: [we, our, the department]}\n    denominator: {tokens: [you, your]}\n",
    );
    let doc = "# P\n\n## How we work\n\nWe review our files. The department checks our logs. We decide.\n\n## Your refund\n\nWe pay you. You get your money back. We tell you.\n";
    assert_eq!(
        flags(&e, doc),
        vec![("How we work".into(), "6 we/our to 0 you/your".into())]
    );
    insta::assert_snapshot!(fancy(&e, doc));
}

#[test]
fn section_exists_or_front_matter_or_anywhere() {
    let e = engine(
        "    kind: section\n    message: \"No owner named\"\n    heading: ['(?i)^(policy )?owner', 'who owns']\n    min_words: 4\n    front_matter: [owner]\n    anywhere: {tokens: [the policy owner is]}\n",
    );
    // Not a policy: never judged.
    assert!(flags(&e, "# Meeting notes\n\nNothing here.\n").is_empty());
    // A policy without an owner: points at the title.
    let doc = format!("{POLICY}# Refund policy\n\nWe refund you.\n");
    assert_eq!(
        flags(&e, &doc),
        vec![("Refund policy".into(), "No owner named".into())]
    );
    insta::assert_snapshot!(fancy(&e, &doc));
    // Thin section: points at it.
    let doc = "# Refund Policy\n\n## Owner\n\nTBC.\n";
    assert_eq!(
        flags(&e, doc),
        vec![(
            "Owner".into(),
            "No owner named The \"Owner\" section has 1 word (at least 4 needed).".into()
        )]
    );
    // Satisfied three ways.
    assert!(
        flags(
            &e,
            "# Refund Policy\n\n## Owner\n\nThe Head of Customer Service owns it.\n"
        )
        .is_empty()
    );
    assert!(
        flags(
            &e,
            "---\ntype: policy\nowner: Head of Service\n---\n# Refunds\n"
        )
        .is_empty()
    );
    assert!(
        flags(
            &e,
            "# Refund Policy\n\nThe policy owner is the Head of Service.\n"
        )
        .is_empty()
    );
}

#[test]
fn section_each_top_level() {
    let e = engine(
        "    kind: section\n    message: \"'{heading}' states no customer outcome\"\n    each: top-level\n    require: {tokens: [you can, you will get]}\n    skip: ['(?i)owner|definitions']\n",
    );
    let doc = "# Refund Policy\n\nYou can get your money back.\n\n## Process\n\nClaims are assessed.\n\n## What you get\n\nYou will get a refund.\n\n## Owner\n\nHead of Service.\n";
    assert_eq!(
        flags(&e, doc),
        vec![(
            "Process".into(),
            "'Process' states no customer outcome".into()
        )]
    );
    insta::assert_snapshot!(fancy(&e, doc));
    // A heading alone does not count: the body must say it.
    let doc = "# Refund Policy\n\n## You can get a refund\n\nClaims are assessed.\n";
    assert_eq!(flags(&e, doc).len(), 1);
}

#[test]
fn front_matter_review_date() {
    let e = engine(
        "    kind: front-matter\n    message: \"review date {value} is missing or past\"\n    keys: [review_date, next_review]\n    date: not-past\n    reject: [tbc]\n",
    )
    .with_today((2026, 11, 23));
    let past = "---\ntype: policy\nreview_date: 2025-01-31\n---\n# Refunds\n";
    assert_eq!(
        flags(&e, past),
        vec![(
            "2025-01-31".into(),
            "review date 2025-01-31 is missing or past".into()
        )]
    );
    insta::assert_snapshot!(fancy(&e, past));
    let quoted = "---\ntype: policy\nnext_review: \"TBC\"\n---\n# Refunds\n";
    assert_eq!(flags(&e, quoted)[0].0, "TBC");
    let missing = "---\ntype: policy\n---\n# Refunds\n";
    assert_eq!(flags(&e, missing)[0].0, "Refunds");
    let fine = "---\ntype: policy\nreview_date: 2027-03-01\n---\n# Refunds\n";
    assert!(flags(&e, fine).is_empty());
}

#[test]
fn metric_grade_per_document() {
    let e = engine(
        "    kind: metric\n    message: \"grade {value} (max {max})\"\n    metric: flesch-kincaid\n    scope: document\n    max: 12\n    min_words: 20\n",
    );
    let hard = "# Policy\n\nNotwithstanding the aforementioned considerations, organisational accountability mechanisms necessitate comprehensive documentation of administrative determinations regarding eligibility. Institutional responsibilities encompass verification, authorisation, and reconciliation procedures.\n";
    let got = flags(&e, hard);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, "Policy");
    assert!(got[0].1.starts_with("grade "), "{}", got[0].1);
    let easy = "# Policy\n\nWe pay you back. It takes five days. You can ask us why. We will tell you. Call us if you need help with it.\n";
    assert!(flags(&e, easy).is_empty());
    // Too short to judge.
    assert!(
        flags(
            &e,
            "# P\n\nNotwithstanding organisational accountability mechanisms.\n"
        )
        .is_empty()
    );
}

#[test]
fn conditional_window_and_overlap() {
    let e = engine(
        "    kind: conditional\n    message: x\n    window: 1\n    if: {tokens: [you must, it is your responsibility to ensure]}\n    then: {tokens: [so that, this is so, to ensure]}\n",
    );
    // The reason in the next sentence of the same paragraph counts…
    assert!(
        flags(
            &e,
            "You must bring ID. This is so we can check it is you.\n"
        )
        .is_empty()
    );
    // …but not two sentences on, nor in the next paragraph.
    assert_eq!(
        flags(
            &e,
            "You must bring ID. Bring it early. This is so we can check.\n"
        )
        .len(),
        1
    );
    assert_eq!(
        flags(&e, "You must bring ID.\n\nThis is so we can check.\n").len(),
        1
    );
    // A `then` inside the `if` itself is not a reason.
    assert_eq!(
        flags(
            &e,
            "It is your responsibility to ensure the form is signed.\n"
        )
        .len(),
        1
    );
}

#[test]
fn definitions_and_history_sections_are_not_linted() {
    let e = engine("    kind: existence\n    message: x\n    tokens: [shall]\n");
    let doc = "# P\n\nWe shall pay.\n\n## Definitions\n\n- **Shall**: what we shall do.\n\n### More terms\n\nShall.\n\n## Refunds\n\nWe shall pay.\n\n## Revision history\n\n| 1.0 | It shall be so |\n";
    let got: Vec<usize> = e
        .lint(doc, false)
        .findings
        .iter()
        .map(|f| f.span.start)
        .collect();
    let first = doc.find("We shall").unwrap() + 3;
    let last = doc.rfind("We shall").unwrap() + 3;
    assert_eq!(got, vec![first, last]);
}

#[test]
fn sentence_weighs_cues_and_names_them() {
    let e = engine(
        "    kind: sentence\n    message: \"reads process-first ({cues}; {score})\"\n    threshold: 2\n    cues:\n      agentless-passive: {weight: 1.5, patterns: ['\\b(?:is|are) (?:logged|assessed)\\b']}\n      internal-team: {weight: 1, label: an internal team, tokens: [claims team]}\n      obligation: {weight: 2, tokens: [you must]}\n      reason: {weight: -1.5, tokens: [so that, because]}\n",
    )
    .with_cue_labels(true);
    let doc = "Claims are logged by the claims team. Claims are assessed weekly. You must sign so that we can check it. You must sign.\n";
    assert_eq!(
        flags(&e, doc),
        vec![
            (
                "are logged".into(),
                "reads process-first (agentless passive, an internal team; 2.5)".into()
            ),
            (
                "You must".into(),
                "reads process-first (obligation; 2.0)".into()
            ),
        ]
    );
    insta::assert_snapshot!(fancy(
        &e,
        "# Claims\n\nClaims are logged by the claims team.\n"
    ));
}

/// A sentence rule whose duty cue also counts from a list's lead-in.
fn lead_in_engine() -> Engine {
    engine(
        "    kind: sentence\n    message: \"reads process-first ({cues})\"\n    threshold: 2\n    cues:\n      duty: {weight: 2, tokens: [users shall]}\n      from-lead-in: {weight: 2, label: a duty set by the lead-in, at: lead-in, tokens: [users shall]}\n      reason: {weight: -1.5, tokens: [so that]}\n",
    )
    .with_cue_labels(true)
}

#[test]
fn lead_in_cue_weighs_on_each_item_of_the_list() {
    let e = lead_in_engine();
    let doc = "# Use\n\nUsers shall:\n\n- keep their password secret;\n- report faults so that others are not affected;\n  - within a day.\n- cite the service in papers.\n\nAfter the list.\n\n- An item with no lead-in.\n";
    assert_eq!(
        flags(&e, doc),
        vec![
            ("Users shall".into(), "reads process-first (duty)".into()),
            (
                "keep their password secret;".into(),
                "reads process-first (a duty set by the lead-in)".into()
            ),
            // a nested item takes the lead-in too
            (
                "within a day.".into(),
                "reads process-first (a duty set by the lead-in)".into()
            ),
            (
                "cite the service in papers.".into(),
                "reads process-first (a duty set by the lead-in)".into()
            ),
        ],
        "the item with a reason and the list after a plain paragraph are not flagged"
    );
    insta::assert_snapshot!(fancy(
        &e,
        "Users shall:\n\n1. keep their password secret;\n"
    ));
}

#[test]
fn lead_in_needs_a_colon_at_the_end_of_its_paragraph_and_the_same_section() {
    let e = lead_in_engine();
    let flagged = |doc: &str| flagged_words(&e, doc);
    // no colon: the paragraph is not a lead-in
    assert_eq!(
        flagged("Users shall agree.\n\n- keep it secret.\n"),
        vec!["Users shall"]
    );
    // the colon is not at the end of its paragraph
    assert_eq!(
        flagged("Users shall: agree. Then read on.\n\n- keep it secret.\n"),
        vec!["Users shall"]
    );
    // bold lead-ins count
    assert_eq!(
        flagged("**Users shall:**\n\n- keep it secret.\n"),
        vec!["Users shall", "keep it secret."]
    );
    // a heading in between ends the list's claim on the lead-in
    assert_eq!(
        flagged("# A\n\nUsers shall:\n\n# B\n\n- keep it secret.\n"),
        vec!["Users shall"]
    );
}

#[test]
fn heading_cue_weighs_on_each_item_of_the_list_right_under_it() {
    let e = engine(
        "    kind: sentence\n    message: \"reads process-first ({cues})\"\n    threshold: 2\n    cues:\n      from-heading: {weight: 2, label: a rule set by the heading, at: heading, tokens: [not covered]}\n      reason: {weight: -1.5, tokens: [so that]}\n",
    );
    let flagged = |doc: &str| flagged_words(&e, doc);
    // every item of the list right under the heading, nested ones too; not
    // the heading itself, and not an item with a reason
    assert_eq!(
        flagged(
            "# Support\n\n## Not covered\n\n- Debugging your code\n  - nor its tests\n- Training, so that you can learn Git\n- General coding questions\n"
        ),
        vec![
            "Debugging your code",
            "nor its tests",
            "General coding questions"
        ]
    );
    // a paragraph between the heading and the list ends the heading's claim
    assert!(flagged("## Not covered\n\nAsk us first.\n\n- Debugging your code\n").is_empty());
    // the words in a paragraph lead-in are not a heading
    assert!(flagged("What is not covered:\n\n- Debugging your code\n").is_empty());
    // a sub-heading under the list's heading starts its own claim
    assert_eq!(
        flagged("## Not covered\n\n### Covered\n\n- Debugging your code\n"),
        Vec::<String>::new()
    );
    assert_eq!(
        fancy(&e, "## Not covered\n\n- Training in Git\n")
            .lines()
            .find(|l| l.contains('⚠'))
            .map(str::trim),
        Some("⚠ reads process-first (a rule set by the heading)")
    );
}

#[test]
fn next_sentence_cue_pulls_back_the_sentence_it_explains() {
    let e = engine(
        "    kind: sentence\n    message: \"reads process-first ({cues})\"\n    threshold: 2\n    cues:\n      duty: {weight: 2, tokens: [must not be published]}\n      reason-next: {weight: -2, at: next-sentence, tokens: [this is to]}\n",
    );
    let flagged = |doc: &str| flagged_words(&e, doc);
    // the reason straight after, in the same paragraph
    assert!(flagged("Budgets must not be published. This is to keep prices fair.\n").is_empty());
    // no reason after it, or the reason in another paragraph, or before it
    assert_eq!(
        flagged("Budgets must not be published.\n"),
        vec!["must not be published"]
    );
    assert_eq!(
        flagged("Budgets must not be published.\n\nThis is to keep prices fair.\n"),
        vec!["must not be published"]
    );
    assert_eq!(
        flagged("This is to keep prices fair. Budgets must not be published.\n"),
        vec!["must not be published"]
    );
    // a positive next-sentence cue is refused: it would underline the wrong sentence
    let book = RuleBook::load(&[YamlSource::new(
        "t.yml",
        "name: t\nrules:\n  r:\n    help: h\n    kind: sentence\n    message: x\n    threshold: 1\n    cues:\n      after: {weight: 1, at: next-sentence, tokens: [because]}\n",
    )]);
    let msg = format!("{:?}", book.err().unwrap());
    assert!(msg.contains("must have a negative weight"), "{msg}");
}

#[test]
fn sentence_rule_errors() {
    let book = RuleBook::load(&[YamlSource::new(
        "t.yml",
        "name: t\nrules:\n  r:\n    help: h\n    kind: sentence\n    message: x\n    threshold: 0\n    cues:\n      reason: {weight: -1, tokens: [because]}\n",
    )]);
    let msg = format!("{:?}", book.err().unwrap());
    assert!(msg.contains("`threshold` must be above 0"), "{msg}");
    assert!(msg.contains("no cue has a positive weight"), "{msg}");
}

/// A set with a word rule and a sentence rule that both hear "you must".
fn word_and_sentence(word_severity: &str) -> Engine {
    let yaml = word_and_sentence_yaml(word_severity);
    let book =
        RuleBook::load(&[YamlSource::new("t.yml", yaml)]).unwrap_or_else(|e| panic!("{e:?}"));
    Engine::new(book, &RuleSettings::default()).unwrap()
}

fn word_and_sentence_yaml(word_severity: &str) -> String {
    format!(
        "name: t\nrules:\n  word:\n    kind: existence\n    severity: {word_severity}\n    message: \"'{{match}}' sets a duty.\"\n    help: Why.\n    tokens: [you must]\n  judge:\n    kind: sentence\n    severity: warning\n    message: \"Process first ({{cues}}).\"\n    help: Why.\n    threshold: 2\n    cues:\n      duty:\n        weight: 2\n        label: a duty\n        tokens: [you must]\n"
    )
}

fn rules_of(linted: &outsidein::lint::Linted) -> Vec<String> {
    linted.findings.iter().map(|f| f.rule.to_string()).collect()
}

#[test]
fn sentence_rule_leaves_a_sentence_to_a_word_rule_of_its_set() {
    let e = word_and_sentence("warning");
    let doc = "You must sign the form.\n\nWe will call you.\n";
    assert_eq!(rules_of(&e.lint(doc, false)), vec!["t/word"]);
    // A rule's examples are judged on its own: both speak.
    assert_eq!(
        rules_of(&e.lint_with(doc, false, false)),
        vec!["t/judge", "t/word"]
    );
    // Accepting the duty on this line silences the sentence too: the
    // judgement does not come back to say the same thing.
    let off = "<!-- outsidein-disable-next-line t/word -->\nYou must sign the form.\n";
    assert_eq!(rules_of(&e.lint(off, false)), Vec::<String>::new());
}

#[test]
fn sentence_rule_speaks_when_the_word_rule_is_not_run() {
    let yaml = word_and_sentence_yaml("warning");
    let book =
        RuleBook::load(&[YamlSource::new("t.yml", yaml)]).unwrap_or_else(|e| panic!("{e:?}"));
    let settings = RuleSettings {
        ignore: vec!["t/word".into()],
        ..RuleSettings::default()
    };
    let e = Engine::new(book, &settings).unwrap();
    let linted = e.lint("You must sign the form.\n", false);
    assert_eq!(rules_of(&linted), vec!["t/judge"]);
}

#[test]
fn sentence_rule_does_not_defer_to_a_quieter_finding() {
    // A suggestion is quieter than the sentence's warning: both are reported.
    let e = word_and_sentence("suggestion");
    let linted = e.lint("You must sign the form.\n", false);
    assert_eq!(rules_of(&linted), vec!["t/judge", "t/word"]);
}
