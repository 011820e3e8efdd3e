#!/usr/bin/env python3
"""Measure candidate sentence cues against hand labels, and fit weights.

    python3 scripts/judge/cues.py --labels target/judge/labels.jsonl \
        --cues scripts/judge/cues-proposal.json [--split dev] [--fit] [--cv] [--show CUE]

For each cue (a named list of regexes, case-insensitive), counts the labelled
sentences it fires in by label (process / customer / neutral), so a rule author
sees what a cue would catch and what it would wrongly flag before writing it
into a rule file.

--fit   fits one weight per cue on the split (smoothed log-odds of process vs not,
        which is what a `sentence` rule's summed weights approximate), picks the
        lowest threshold whose precision is >= 0.90, and prints the result.
--cv    leave-one-document-out: fits on the other documents, scores the held one;
        the honest estimate of how the fitted cues do on text they were not fitted on.
--show  prints the sentences a cue fires in, with their labels.

Cue file format (JSON): {"cues": [{"name": "...", "side": "process"|"customer",
"weight": 2.0, "patterns": ["regex", ...]}], "threshold": 2.0}. Patterns should
stay within what Rust's `regex` crate accepts (no look-around, no
backreferences), so they can be copied into a rule file. "weight" and
"threshold" are the hand-set starting values; --fit reports fitted ones.

Never tune on the holdout split. Standard library only.
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

LABELS = ("process", "customer", "neutral")


def load(labels_path: Path, split: str):
    out = []
    for line in labels_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        it = json.loads(line)
        if it["kind"] != "sentence":
            continue
        if split != "all" and it.get("split", "dev") != split:
            continue
        it["flat"] = " ".join(it["text"].replace("’", "'").replace("**", "").replace("__", "").split())
        out.append(it)
    return out


def compile_cues(path: Path):
    spec = json.loads(path.read_text(encoding="utf-8"))
    cues = []
    for c in spec["cues"]:
        cues.append({**c, "res": [re.compile(p, re.IGNORECASE) for p in c["patterns"]]})
    return cues, spec.get("threshold", 2.0)


def fires(cue, text: str) -> bool:
    return any(r.search(text) for r in cue["res"])


def evaluate(items, cues, weights, threshold):
    tp = fp_c = fp_n = 0
    n = Counter(it["label"] for it in items)
    for it in items:
        s = sum(weights[c["name"]] for c in cues if it["hits"][c["name"]])
        if s >= threshold:
            if it["label"] == "process":
                tp += 1
            elif it["label"] == "customer":
                fp_c += 1
            else:
                fp_n += 1
    flagged = tp + fp_c + fp_n
    return {
        "flagged": flagged, "tp": tp, "fp_customer": fp_c, "fp_neutral": fp_n,
        "precision": tp / flagged if flagged else None,
        "recall": tp / n["process"] if n["process"] else None,
        "customer_fp_rate": fp_c / n["customer"] if n["customer"] else None,
        "neutral_flag_rate": fp_n / n["neutral"] if n["neutral"] else None,
    }


def fit(items, cues, min_precision=0.90):
    """Smoothed log-odds weight per cue, then the lowest threshold reaching min_precision."""
    P = sum(1 for it in items if it["label"] == "process")
    N = len(items) - P
    weights = {}
    for c in cues:
        p = sum(1 for it in items if it["hits"][c["name"]] and it["label"] == "process")
        q = sum(1 for it in items if it["hits"][c["name"]] and it["label"] != "process")
        w = math.log((p + 0.5) / (P + 1)) - math.log((q + 0.5) / (N + 1))
        # keep a cue on its declared side: a customer cue may only subtract
        w = max(w, 0.0) if c["side"] == "process" else min(w, 0.0)
        weights[c["name"]] = round(w, 2)
    sums = sorted({round(sum(weights[c["name"]] for c in cues if it["hits"][c["name"]]), 2) for it in items}, reverse=True)
    best = (max(sums) + 1 if sums else 1.0, None)
    for t in sums:
        if t <= 0:
            break
        r = evaluate(items, cues, weights, t)
        if r["precision"] is not None and r["precision"] >= min_precision:
            best = (t, r)
    return weights, best[0]


def fmt(x):
    return "n/a" if x is None else f"{x:.3f}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--labels", required=True, type=Path)
    ap.add_argument("--cues", required=True, type=Path)
    ap.add_argument("--split", default="dev", choices=["dev", "holdout", "all"])
    ap.add_argument("--fit", action="store_true")
    ap.add_argument("--cv", action="store_true")
    ap.add_argument("--show", action="append", default=[], metavar="CUE")
    ap.add_argument("--json", type=Path, metavar="OUT")
    args = ap.parse_args(argv)

    items = load(args.labels, args.split)
    cues, threshold = compile_cues(args.cues)
    for it in items:
        it["hits"] = {c["name"]: fires(c, it["flat"]) for c in cues}
    n = Counter(it["label"] for it in items)
    print(f"split {args.split}: {len(items)} sentences (process {n['process']}, customer {n['customer']}, "
          f"neutral {n['neutral']})\n")
    print(f"{'cue':28s} {'side':8s} {'w':>5s} {'proc':>5s} {'cust':>5s} {'neut':>5s}  proc-share")
    table = {}
    for c in cues:
        k = Counter(it["label"] for it in items if it["hits"][c["name"]])
        tot = sum(k.values())
        table[c["name"]] = {lab: k[lab] for lab in LABELS}
        share = f"{k['process'] / tot:.2f}" if tot else "-"
        print(f"{c['name']:28s} {c['side']:8s} {c['weight']:5.1f} {k['process']:5d} {k['customer']:5d} {k['neutral']:5d}  {share}")

    hand = {c["name"]: c["weight"] for c in cues}
    r = evaluate(items, cues, hand, threshold)
    print(f"\nhand weights, threshold {threshold}: flagged {r['flagged']} (TP {r['tp']}, customer {r['fp_customer']}, "
          f"neutral {r['fp_neutral']}): precision {fmt(r['precision'])}, recall {fmt(r['recall'])}, "
          f"customer FP rate {fmt(r['customer_fp_rate'])}, neutral flag rate {fmt(r['neutral_flag_rate'])}")
    result = {"split": args.split, "counts": table, "hand": {"threshold": threshold, **r}}

    if args.fit:
        w, t = fit(items, cues)
        rf = evaluate(items, cues, w, t)
        print(f"\nfitted weights (log-odds, on {args.split}), threshold {t}:")
        for c in cues:
            print(f"  {c['name']:28s} {w[c['name']]:6.2f}")
        print(f"  -> flagged {rf['flagged']}: precision {fmt(rf['precision'])}, recall {fmt(rf['recall'])}, "
              f"customer FP rate {fmt(rf['customer_fp_rate'])}, neutral flag rate {fmt(rf['neutral_flag_rate'])}"
              f"  (in-sample: optimistic)")
        result["fitted"] = {"weights": w, "threshold": t, **rf}

    if args.cv:
        docs = sorted({it["file"] for it in items})
        agg = Counter()
        for d in docs:
            train = [it for it in items if it["file"] != d]
            test = [it for it in items if it["file"] == d]
            w, t = fit(train, cues)
            rr = evaluate(test, cues, w, t)
            agg["tp"] += rr["tp"]
            agg["fp_c"] += rr["fp_customer"]
            agg["fp_n"] += rr["fp_neutral"]
        flagged = agg["tp"] + agg["fp_c"] + agg["fp_n"]
        cv = {"precision": agg["tp"] / flagged if flagged else None, "recall": agg["tp"] / n["process"],
              "customer_fp_rate": agg["fp_c"] / n["customer"], "neutral_flag_rate": agg["fp_n"] / n["neutral"],
              "flagged": flagged}
        print(f"\nleave-one-document-out ({len(docs)} folds): flagged {flagged}: precision {fmt(cv['precision'])}, "
              f"recall {fmt(cv['recall'])}, customer FP rate {fmt(cv['customer_fp_rate'])}, "
              f"neutral flag rate {fmt(cv['neutral_flag_rate'])}")
        result["cv"] = cv

    for name in args.show:
        print(f"\n== {name}")
        for it in items:
            if it["hits"].get(name):
                print(f"  [{it['label'][:4]}] {it['file']}: {it['flat'][:200]}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
