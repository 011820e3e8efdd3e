#!/usr/bin/env python3
"""Self-test for score.py's arithmetic: no network, no real text, no outsidein build.

Builds a made-up three-sentence policy and its labels in a temporary directory,
plus a fake `outsidein` that prints canned JSON findings, runs score.py on
them and checks every figure. Exit status 0 when all checks pass.

    python3 scripts/judge/selftest.py
"""
from __future__ import annotations

import io
import json
import os
import stat
import sys
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import score  # noqa: E402
import candidates  # noqa: E402
import agreement  # noqa: E402
import apply_labels  # noqa: E402
import rebuild  # noqa: E402

DOC = (
    "# Refund policy\n"
    "\n"
    "You can get your money back. Claims are logged and assessed. Our office opens at nine.\n"
    "\n"
    "## Procedure\n"
    "\n"
    "Forms must be submitted on the correct form, with the reference quoted.\n"
)


def main() -> int:
    passed = failed = 0

    def check(name, got, want):
        nonlocal passed, failed
        if got == want:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {name}: got {got!r}, want {want!r}")

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "docs").mkdir()
        doc = root / "docs" / "refund.md"
        doc.write_bytes(DOC.encode())
        data = DOC.encode()

        def span(text):
            s = data.index(text.encode())
            return s, s + len(text.encode())

        s1, s2, s3 = (span("You can get your money back."), span("Claims are logged and assessed."),
                      span("Our office opens at nine."))
        proc_head = data.index(b"## Procedure")
        labels = [
            {"file": "docs/refund.md", "kind": "sentence", "byte_start": s1[0], "byte_end": s1[1], "label": "customer"},
            {"file": "docs/refund.md", "kind": "sentence", "byte_start": s2[0], "byte_end": s2[1], "label": "process"},
            {"file": "docs/refund.md", "kind": "sentence", "byte_start": s3[0], "byte_end": s3[1], "label": "neutral"},
            {"file": "docs/refund.md", "kind": "section", "byte_start": 0, "byte_end": proc_head, "label": "outcome"},
            {"file": "docs/refund.md", "kind": "section", "byte_start": proc_head, "byte_end": len(data),
             "label": "no-outcome"},
        ]
        for item in labels:
            item.update(text=data[item["byte_start"]:item["byte_end"]].decode(), split="dev", notes="")
        (root / "labels.jsonl").write_text("".join(json.dumps(x) + "\n" for x in labels))

        def finding(rule, start, end, severity="warning"):
            return {"path": "./docs/refund.md", "rule": rule, "byte_start": start, "byte_end": end,
                    "line": data.count(b"\n", 0, start) + 1, "column": 1, "severity": severity,
                    "match": data[start:end].decode()}

        findings = [
            finding("process-voice/agentless-passive", s2[0] + 7, s2[0] + 17),   # TP ("are logged")
            finding("process-voice/obligation-without-reason", s1[0], s1[0] + 7),  # FP on a customer sentence
            finding("readability/long-sentence", s3[0], s3[1]),                   # not a process-voice rule
            finding("process-voice/vague-time", s3[1], s3[1] + 1),                # starts at s3's end: outside it
            finding("customer-outcome/missing-outcome", proc_head + 3, proc_head + 12),
        ]
        fake = root / "fake-outsidein"
        args_log = root / "args.json"
        fake.write_text(
            "#!" + sys.executable + "\n"
            "import json, sys\n"
            f"json.dump(sys.argv[1:], open({str(args_log)!r}, 'w'))\n"
            f"print({json.dumps(json.dumps(findings))})\n"
            "sys.exit(1)\n"
        )
        fake.chmod(fake.stat().st_mode | stat.S_IEXEC)

        out = io.StringIO()
        json_out = root / "figures.json"
        with redirect_stdout(out):
            rc = score.main(["--labels", str(root / "labels.jsonl"), "--root", str(root), "--bin", str(fake),
                             "--errors", "--json", str(json_out)])
        check("exit status", rc, 0)
        argv = json.loads(args_log.read_text())
        check("runs check", argv[0], "check")
        check("judges every document as a policy", argv[argv.index("--policies") + 1], "**")
        check("no config", "--no-config" in argv, True)
        check("json format", argv[argv.index("--format") + 1], "json")
        check("passes the labelled file", argv[-1], "docs/refund.md")

        fig = json.loads(json_out.read_text())["figures"]
        check("sentence counts", fig["sentences"], {"process": 1, "customer": 1, "neutral": 1})
        check("flagged counts", fig["flagged"], {"process": 1, "customer": 1, "neutral": 0})
        check("precision", fig["precision"], 0.5)
        check("recall", fig["recall"], 1.0)
        check("customer fp rate", fig["customer_fp_rate"], 1.0)
        check("neutral flag rate", fig["neutral_flag_rate"], 0.0)
        check("section accuracy", fig["section_accuracy"], 1.0)
        check("section confusion", fig["section_confusion"]["no-outcome"], {"outcome": 0, "no-outcome": 1})
        check("per rule", fig["per_rule"], {
            "process-voice/agentless-passive": {"process": 1, "customer": 0, "neutral": 0},
            "process-voice/obligation-without-reason": {"process": 0, "customer": 1, "neutral": 0}})
        check("finding at a sentence's end is outside it", fig["findings_outside_labelled_sentences"],
              {"process-voice/vague-time": 1})
        text = out.getvalue()
        check("errors list the false positive", "You can get your money back." in text, True)
        check("printed precision", "precision          0.500" in text, True)

        # A section with no finding on its heading line is predicted 'outcome'; a finding
        # elsewhere in the section does not count.
        moved = [dict(f) for f in findings]
        moved[-1]["byte_start"] = data.index(b"Forms")
        (root / "moved.json").write_text(json.dumps(moved))
        with redirect_stdout(io.StringIO()):
            score.main(["--labels", str(root / "labels.jsonl"), "--root", str(root),
                        "--findings", str(root / "moved.json"), "--json", str(json_out)])
        fig2 = json.loads(json_out.read_text())["figures"]
        check("finding off the heading line", fig2["section_accuracy"], 0.5)

        # The candidate lister finds the same three sentences and two sections.
        sents = [data[s:e].decode() for bs, be in candidates.blocks(data) for s, e in candidates.sentences(data, bs, be)]
        check("candidate sentences", sents[:3], ["You can get your money back.", "Claims are logged and assessed.",
                                                 "Our office opens at nine."])
        check("candidate sections", [(s, e) for s, e, _h, _t in candidates.sections(data)],
              [(0, proc_head), (proc_head, len(data))])
        line = b"Send it, e.g. by post. Then wait."
        check("abbreviation does not split", [line[s:e].decode() for s, e in candidates.sentences(line, 0, len(line))],
              ["Send it, e.g. by post.", "Then wait."])

        # Agreement: hand-worked kappa. Observed 3/4; chance (2*1 + 1*2 + 1*1)/16.
        pairs = [("process", "process"), ("process", "customer"), ("customer", "customer"), ("neutral", "neutral")]
        check("kappa", round(agreement.kappa(pairs), 4), round((0.75 - 5 / 16) / (1 - 5 / 16), 4))
        check("kappa of identical labels", agreement.kappa([("process", "process"), ("neutral", "neutral")]), 1.0)
        # The sources table decides a document's split; unlisted documents fall back to the hash.
        tsv = Path(tmp) / "sources.tsv"
        tsv.write_text("file\torganisation\tsplit\tnotes\ndocs/a.md\tA\tholdout\t\ndocs/b.md\tB\tdev\t\n")
        check("split from sources", apply_labels.read_splits(tsv), {"docs/a.md": "holdout", "docs/b.md": "dev"})

        # Committed labels need no todo file: the items are listed afresh, in candidates.py's order.
        root = Path(tmp)
        labdir = root / "labels"
        labdir.mkdir()
        (labdir / "refund.lab").write_text("0 o\n1 x\n2 c\n3 p agentless\n4 n\n5 p\n")
        out = io.StringIO()
        with redirect_stdout(out):
            rc = apply_labels.main(["--root", str(root), "--labels", str(labdir), "--sources", str(tsv)])
        rows = [json.loads(line) for line in out.getvalue().splitlines()]
        check("labels dir: exit status", rc, 0)
        check("labels dir: every item", [(r["kind"], r["label"]) for r in rows],
              [("section", "outcome"), ("section", "no-outcome"), ("sentence", "customer"),
               ("sentence", "process"), ("sentence", "neutral"), ("sentence", "process")])
        check("labels dir: ranges are the file's", [data[r["byte_start"]:r["byte_end"]].decode() for r in rows][3],
              "Claims are logged and assessed.")
        (labdir / "refund.lab").write_text("0 o\n1 x\n2 c\n")
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
            rc = apply_labels.main(["--root", str(root), "--labels", str(labdir)])
        check("labels dir: an unlabelled item fails", rc, 1)

        # Recipes: line numbers are the raw file's whatever ran before; front matter's title makes the H1.
        raw = "---\ntitle: 'Refunds'\nweight: 2\n---\n\n### Asking\n\nAsk us.\nnav line\n```\n### code\n```\n"
        check("recipe", rebuild.apply("fm-title-h1 ; drop:9-9 ; promote:1 ; final-newline", raw),
              "# Refunds\n\n## Asking\n\nAsk us.\n```\n### code\n```\n")
        check("recipe keep and h2", rebuild.apply("keep:6-8 ; h2:8", raw), "### Asking\n\n## Ask us.\n")
        try:
            rebuild.apply("fm-title-h1", "no front matter\n")
            check("recipe without front matter fails", "no error", "ValueError")
        except ValueError:
            check("recipe without front matter fails", "ValueError", "ValueError")

    print(f"selftest: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
