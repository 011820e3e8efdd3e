#!/usr/bin/env python3
"""How far two people agree on sentence labels: raw agreement, Cohen's kappa
and the confusion between them.

    python3 scripts/judge/agreement.py --work target/judge/work --second /tmp/agree

--second holds a second person's `<name>.lab` files for some documents, in the
same compact format as the first labeller's (`<index> <p|c|n> [notes]`, the
index of the item in `<name>.todo.jsonl` under --work). Only sentence items are
compared. The second labeller must not have seen the first one's labels.

Agreement bounds what any tool can be measured at: if two careful people agree
on 80% of sentences, a precision of 0.90 against one of them is partly a
measure of that person's habits. Standard library only.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import apply_labels

CODES = {"p": "process", "c": "customer", "n": "neutral"}
LABELS = ("process", "customer", "neutral")


def read_lab(path: Path) -> dict[int, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split(None, 2)
        code = parts[1]
        out[int(parts[0])] = CODES.get(code, code)
    return out


def kappa(pairs: list[tuple[str, str]]) -> float:
    n = len(pairs)
    if n == 0:
        return float("nan")
    agree = sum(a == b for a, b in pairs) / n
    first = Counter(a for a, _ in pairs)
    second = Counter(b for _, b in pairs)
    chance = sum(first[k] * second[k] for k in LABELS) / (n * n)
    return (agree - chance) / (1 - chance) if chance < 1 else 1.0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    first_at = ap.add_mutually_exclusive_group(required=True)
    first_at.add_argument("--work", type=Path, help="first labeller's *.todo.jsonl and *.lab")
    first_at.add_argument("--labels", type=Path,
                          help="first labeller's STEM.lab for ROOT/docs/STEM.md (items listed afresh; needs --root)")
    ap.add_argument("--root", type=Path, help="with --labels: where docs/ is")
    ap.add_argument("--second", required=True, type=Path, help="second labeller's *.lab files")
    args = ap.parse_args(argv)
    if args.labels and not args.root:
        ap.error("--labels needs --root")
    pairs: list[tuple[str, str]] = []
    per_doc = []
    for lab2 in sorted(args.second.glob("*.lab")):
        name = lab2.name[: -len(".lab")]
        if args.work:
            todo = args.work / f"{name}.todo.jsonl"
            lab1 = args.work / f"{name}.lab"
            if not todo.exists() or not lab1.exists():
                print(f"{lab2}: no {todo.name} or {lab1.name} under {args.work}", file=sys.stderr)
                return 2
            items = [json.loads(l) for l in todo.read_text(encoding="utf-8").splitlines() if l.strip()]
        else:
            lab1 = args.labels / f"{name}.lab"
            doc = args.root / "docs" / f"{name}.md"
            if not lab1.exists() or not doc.exists():
                print(f"{lab2}: no {lab1} or {doc}", file=sys.stderr)
                return 2
            items = apply_labels.list_items(args.root, f"docs/{name}.md")
        first, second = read_lab(lab1), read_lab(lab2)
        doc_pairs = []
        for i, item in enumerate(items):
            if item["kind"] != "sentence":
                continue
            if i not in first or i not in second:
                print(f"{name}: sentence {i} is not labelled by both", file=sys.stderr)
                return 2
            doc_pairs.append((first[i], second[i]))
        pairs += doc_pairs
        per_doc.append((name, doc_pairs))
    if not pairs:
        print("no documents labelled twice", file=sys.stderr)
        return 2
    print(f"{'document':45} {'sentences':>9} {'agree':>6} {'kappa':>6}")
    for name, dp in per_doc:
        print(f"{name:45} {len(dp):9} {sum(a == b for a, b in dp) / len(dp):6.2f} {kappa(dp):6.2f}")
    n = len(pairs)
    print(f"{'all':45} {n:9} {sum(a == b for a, b in pairs) / n:6.2f} {kappa(pairs):6.2f}\n")
    print("first \\ second   " + "  ".join(f"{l:>8}" for l in LABELS))
    c = Counter(pairs)
    for a in LABELS:
        print(f"{a:16} " + "  ".join(f"{c[(a, b)]:8}" for b in LABELS))
    # How the 'process' class alone agrees: what matters for precision and recall.
    both = c[("process", "process")]
    only1 = sum(c[("process", b)] for b in LABELS if b != "process")
    only2 = sum(c[(a, "process")] for a in LABELS if a != "process")
    if both + only1 and both + only2:
        print(f"\nprocess: second labeller as a 'tool' against the first: precision {both / (both + only2):.2f}, recall {both / (both + only1):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
