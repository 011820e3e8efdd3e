#!/usr/bin/env python3
"""Score outsidein's judgement against hand labels (JUDGEMENT.md's measures).

    python3 scripts/judge/score.py --labels target/judge/labels.jsonl \
        --root target/judge --bin /path/to/outsidein [--split dev|holdout|all] \
        [--rules FILE ...] [--errors] [--json OUT.json]

Runs the binary once, `check --no-config --format json --policies '**'`, over
every labelled file of the split (paths relative to --root), then:

- a labelled sentence is *flagged* when a finding whose rule id starts with a
  --prefix (default `process-voice/`) starts inside its byte range;
- a labelled top-level section is *predicted no-outcome* when a
  `customer-outcome/missing-outcome` finding starts on its heading line
  (the section's first line).

Prints precision, recall, customer false-positive rate, neutral flag rate, the
confusion matrices, section accuracy, and per-rule counts; `--errors` lists
every false positive and false negative with its text. `--json` writes the
figures for later comparison.

`--rules` is passed through and replaces the built-in sets, as in outsidein
itself: give `--rules builtin --rules mine.yml` to add a set to the built-ins.
`--findings FILE` scores a saved JSON findings array instead of running a
binary (its paths must be relative to --root).

Label format: see scripts/judge/README.md. Standard library only.
"""
from __future__ import annotations

import argparse
import fnmatch
import json
import os
import math
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

SENTENCE_LABELS = ("process", "customer", "neutral")
SECTION_LABELS = ("outcome", "no-outcome", "skip")
MISSING_OUTCOME = "customer-outcome/missing-outcome"
TARGETS = {"precision": 0.90, "recall": 0.70, "customer_fp_rate": 0.05, "section_accuracy": 0.90}


def wilson(k: int, n: int, z: float = 1.96):
    """95% Wilson interval for k successes in n trials, or None when n == 0."""
    if n == 0:
        return None
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return (max(0.0, c - h), min(1.0, c + h))


def ratio(k: int, n: int):
    return k / n if n else None


def load_labels(path: Path, split: str):
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        item = json.loads(line)
        for key in ("file", "kind", "byte_start", "byte_end", "label"):
            if key not in item:
                raise SystemExit(f"{path}:{n}: missing '{key}'")
        allowed = SENTENCE_LABELS if item["kind"] == "sentence" else SECTION_LABELS if item["kind"] == "section" else None
        if allowed is None:
            raise SystemExit(f"{path}:{n}: kind must be 'sentence' or 'section', not {item['kind']!r}")
        if item["label"] not in allowed:
            raise SystemExit(f"{path}:{n}: label {item['label']!r} is not one of {', '.join(allowed)}")
        item.setdefault("split", "dev")
        if split == "all" or item["split"] == split:
            items.append(item)
    return items


def norm_path(p: str) -> str:
    p = p.replace("\\", "/")
    while p.startswith("./"):
        p = p[2:]
    return p


def run_binary(binary: str, root: Path, files: list[str], rules: list[str]):
    cmd = [binary, "check", "--no-config", "--format", "json", "--color", "never", "--policies", "**"]
    for r in rules:
        cmd += ["--rules", str(Path(r).resolve()) if r != "builtin" and Path(r).exists() else r]
    cmd += files
    proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"{' '.join(cmd)} exited with {proc.returncode}")
    try:
        return json.loads(proc.stdout or "[]"), cmd
    except json.JSONDecodeError as e:
        raise SystemExit(f"could not parse the binary's JSON output: {e}")


def line_end(data: bytes, start: int) -> int:
    nl = data.find(b"\n", start)
    return len(data) if nl < 0 else nl


def line_no(data: bytes, pos: int) -> int:
    return data.count(b"\n", 0, pos) + 1


def score(items, findings, root: Path, prefixes):
    by_file = defaultdict(list)
    for f in findings:
        by_file[norm_path(f["path"])].append(f)
    texts = {}

    def data_of(file):
        if file not in texts:
            texts[file] = (root / file).read_bytes()
        return texts[file]

    sent = Counter()  # (label, flagged) -> n
    per_rule = defaultdict(Counter)  # rule -> label -> sentences it fires in
    neutral_by_sev = Counter()
    errors = {"false_positives": [], "false_negatives": [], "section_errors": []}
    sec = Counter()  # (label, predicted) -> n
    used = set()  # ids of process-voice findings that landed in a labelled sentence

    for it in items:
        f_all = by_file.get(norm_path(it["file"]), [])
        data = data_of(it["file"])
        if it["kind"] == "sentence":
            hits = [f for f in f_all
                    if any(f["rule"].startswith(p) for p in prefixes)
                    and it["byte_start"] <= f["byte_start"] < it["byte_end"]]
            flagged = bool(hits)
            sent[(it["label"], flagged)] += 1
            for f in hits:
                used.add(id(f))
            for rule in sorted({f["rule"] for f in hits}):
                per_rule[rule][it["label"]] += 1
            if flagged and it["label"] == "neutral":
                neutral_by_sev[min((f.get("severity", "warning") for f in hits), key=["error", "warning", "suggestion"].index)] += 1
            entry = {"file": it["file"], "line": line_no(data, it["byte_start"]), "label": it["label"],
                     "text": " ".join(it.get("text", "").split()), "notes": it.get("notes", "")}
            if flagged and it["label"] != "process":
                entry["rules"] = sorted({f["rule"] for f in hits})
                entry["matches"] = [f.get("match", "") for f in hits]
                errors["false_positives"].append(entry)
            elif not flagged and it["label"] == "process":
                errors["false_negatives"].append(entry)
        else:
            head_end = line_end(data, it["byte_start"])
            predicted_missing = any(f["rule"] == MISSING_OUTCOME and it["byte_start"] <= f["byte_start"] <= head_end
                                    for f in f_all)
            pred = "no-outcome" if predicted_missing else "outcome"
            sec[(it["label"], pred)] += 1
            if it["label"] != "skip" and pred != it["label"] or it["label"] == "skip" and predicted_missing:
                errors["section_errors"].append({
                    "file": it["file"], "line": line_no(data, it["byte_start"]), "label": it["label"],
                    "predicted": pred, "heading": it.get("text", ""), "notes": it.get("notes", "")})

    labelled_files = {norm_path(it["file"]) for it in items if it["kind"] == "sentence"}
    outside = Counter()
    for file in labelled_files:
        for f in by_file.get(file, []):
            if any(f["rule"].startswith(p) for p in prefixes) and id(f) not in used:
                outside[f["rule"]] += 1

    n = {lab: sent[(lab, True)] + sent[(lab, False)] for lab in SENTENCE_LABELS}
    tp = sent[("process", True)]
    flagged_total = sum(sent[(lab, True)] for lab in SENTENCE_LABELS)
    judged = [lab for lab in ("outcome", "no-outcome")]
    sec_n = sum(sec[(lab, p)] for lab in judged for p in judged)
    sec_ok = sum(sec[(lab, lab)] for lab in judged)
    nm = sec[("no-outcome", "no-outcome")]
    nm_pred = sec[("outcome", "no-outcome")] + nm
    fig = {
        "sentences": n,
        "flagged": {lab: sent[(lab, True)] for lab in SENTENCE_LABELS},
        "precision": ratio(tp, flagged_total),
        "precision_ci95": wilson(tp, flagged_total),
        "recall": ratio(tp, n["process"]),
        "recall_ci95": wilson(tp, n["process"]),
        "customer_fp_rate": ratio(sent[("customer", True)], n["customer"]),
        "customer_fp_rate_ci95": wilson(sent[("customer", True)], n["customer"]),
        "neutral_flag_rate": ratio(sent[("neutral", True)], n["neutral"]),
        "neutral_flags_by_severity": dict(neutral_by_sev),
        "sections": {lab: sum(sec[(lab, p)] for p in judged) for lab in SECTION_LABELS},
        "section_confusion": {lab: {p: sec[(lab, p)] for p in judged} for lab in SECTION_LABELS},
        "section_accuracy": ratio(sec_ok, sec_n),
        "section_accuracy_ci95": wilson(sec_ok, sec_n),
        "missing_outcome_precision": ratio(nm, nm_pred),
        "missing_outcome_recall": ratio(nm, sec[("no-outcome", "no-outcome")] + sec[("no-outcome", "outcome")]),
        "skip_sections_flagged": sec[("skip", "no-outcome")],
        "per_rule": {rule: {lab: c[lab] for lab in SENTENCE_LABELS} for rule, c in sorted(per_rule.items())},
        "findings_outside_labelled_sentences": dict(sorted(outside.items())),
    }
    return fig, errors


def fmt(x, pct=False):
    if x is None:
        return "n/a"
    return f"{x * 100:.1f}%" if pct else f"{x:.3f}"


def fmt_ci(ci, pct=False):
    if not ci:
        return ""
    return f"  (95% CI {fmt(ci[0], pct)}–{fmt(ci[1], pct)})"


def report(fig, split, files, out=None):
    w = (out or sys.stdout).write
    n = fig["sentences"]
    w(f"split: {split}   documents: {files}   sentences: {sum(n.values())} "
      f"(process {n['process']}, customer {n['customer']}, neutral {n['neutral']})\n\n")
    w("Sentences (process-voice findings starting inside the sentence)\n")
    w(f"  {'label':10s} {'flagged':>8s} {'not':>6s} {'total':>6s}\n")
    for lab in SENTENCE_LABELS:
        f = fig["flagged"][lab]
        w(f"  {lab:10s} {f:8d} {n[lab] - f:6d} {n[lab]:6d}\n")
    ok = lambda key, good: "ok" if fig[key] is not None and good(fig[key]) else "below target"
    w(f"\n  precision          {fmt(fig['precision'])}{fmt_ci(fig['precision_ci95'])}   target >= 0.90: "
      f"{ok('precision', lambda v: v >= TARGETS['precision'])}\n")
    w(f"  recall             {fmt(fig['recall'])}{fmt_ci(fig['recall_ci95'])}   target >= 0.70: "
      f"{ok('recall', lambda v: v >= TARGETS['recall'])}\n")
    w(f"  customer FP rate   {fmt(fig['customer_fp_rate'], True)}{fmt_ci(fig['customer_fp_rate_ci95'], True)}   "
      f"target <= 5%: {ok('customer_fp_rate', lambda v: v <= TARGETS['customer_fp_rate'])}\n")
    sev = ", ".join(f"{k} {v}" for k, v in sorted(fig["neutral_flags_by_severity"].items())) or "none"
    w(f"  neutral flag rate  {fmt(fig['neutral_flag_rate'], True)}   (by strongest severity: {sev})\n")

    w("\nSections (customer-outcome/missing-outcome on the heading line = predicted no-outcome)\n")
    w(f"  {'label':11s} {'pred outcome':>13s} {'pred no-outcome':>16s}\n")
    for lab in SECTION_LABELS:
        c = fig["section_confusion"][lab]
        w(f"  {lab:11s} {c['outcome']:13d} {c['no-outcome']:16d}\n")
    w(f"\n  section accuracy   {fmt(fig['section_accuracy'])}{fmt_ci(fig['section_accuracy_ci95'])}   target >= 0.90: "
      f"{ok('section_accuracy', lambda v: v >= TARGETS['section_accuracy'])}\n")
    w(f"  missing-outcome precision {fmt(fig['missing_outcome_precision'])}, recall {fmt(fig['missing_outcome_recall'])}; "
      f"skip-labelled sections flagged: {fig['skip_sections_flagged']}\n")

    w("\nPer rule: labelled sentences each rule fires in (TP = process)\n")
    w(f"  {'rule':45s} {'TP':>4s} {'FP-cust':>8s} {'FP-neut':>8s}\n")
    for rule, c in fig["per_rule"].items():
        w(f"  {rule:45s} {c['process']:4d} {c['customer']:8d} {c['neutral']:8d}\n")
    if fig["findings_outside_labelled_sentences"]:
        w("  findings outside any labelled sentence (headings, unlabelled text): "
          + ", ".join(f"{k} {v}" for k, v in fig["findings_outside_labelled_sentences"].items()) + "\n")


def report_errors(errors, out=None):
    w = (out or sys.stdout).write
    w(f"\nFalse positives ({len(errors['false_positives'])}): flagged, labelled customer or neutral\n")
    for e in errors["false_positives"]:
        w(f"  {e['file']}:{e['line']} [{e['label']}] {', '.join(e['rules'])} ({'; '.join(repr(m) for m in e['matches'])})\n"
          f"      {e['text']}\n" + (f"      note: {e['notes']}\n" if e["notes"] else ""))
    w(f"\nFalse negatives ({len(errors['false_negatives'])}): labelled process, not flagged\n")
    for e in errors["false_negatives"]:
        w(f"  {e['file']}:{e['line']}  {e['text']}\n" + (f"      note: {e['notes']}\n" if e["notes"] else ""))
    w(f"\nSection errors ({len(errors['section_errors'])})\n")
    for e in errors["section_errors"]:
        w(f"  {e['file']}:{e['line']} '{e['heading']}' labelled {e['label']}, predicted {e['predicted']}"
          + (f"  ({e['notes']})" if e["notes"] else "") + "\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--labels", required=True, type=Path)
    ap.add_argument("--root", required=True, type=Path, help="directory the labels' file paths are relative to")
    ap.add_argument("--bin", help="outsidein binary")
    ap.add_argument("--findings", type=Path, help="score this saved JSON findings array instead of running --bin")
    ap.add_argument("--split", default="dev", choices=["dev", "holdout", "all"])
    ap.add_argument("--files", metavar="GLOB", help="only labelled files matching this glob, e.g. 'docs/r4-*' for one round")
    ap.add_argument("--rules", action="append", default=[], metavar="FILE",
                    help="rule file passed to outsidein (repeatable; replaces the built-ins, add 'builtin' to keep them)")
    ap.add_argument("--prefix", action="append", metavar="RULE_PREFIX",
                    help="rule ids counted as sentence flags (default: process-voice/)")
    ap.add_argument("--errors", action="store_true", help="list false positives, false negatives and section errors")
    ap.add_argument("--json", type=Path, metavar="OUT", help="write the figures (and errors) as JSON")
    args = ap.parse_args(argv)
    # The binary runs from --root: a relative path given from here must still work.
    if args.bin and os.sep in args.bin:
        args.bin = os.path.abspath(args.bin)
    if not args.bin and not args.findings:
        ap.error("give --bin or --findings")
    prefixes = args.prefix or ["process-voice/"]

    items = load_labels(args.labels, args.split)
    if args.files:
        items = [it for it in items if fnmatch.fnmatchcase(it["file"], args.files)]
    if not items:
        raise SystemExit(f"no labelled items in split {args.split!r}")
    files = sorted({it["file"] for it in items})
    if args.findings:
        findings, cmd = json.loads(args.findings.read_text(encoding="utf-8")), None
    else:
        findings, cmd = run_binary(args.bin, args.root, files, args.rules)
    fig, errors = score(items, findings, args.root, prefixes)
    report(fig, args.split, len(files))
    if args.errors:
        report_errors(errors)
    if args.json:
        payload = {"split": args.split, "labels": str(args.labels), "documents": files, "command": cmd,
                   "prefixes": prefixes, "figures": fig, "errors": errors}
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
