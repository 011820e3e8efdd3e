#!/usr/bin/env python3
"""Turn candidate lists plus compact label files into labels.jsonl.

Workflow (see README.md):

    candidates.py --root ROOT docs/x.md > WORK/x.todo.jsonl   # items to label
    # write WORK/x.lab: one line per item, in order: "<index> <code> [notes]"
    apply_labels.py --root ROOT --work WORK > ROOT/labels.jsonl

The committed labels (scripts/judge/labels/STEM.lab, for ROOT/docs/STEM.md)
need no todo files: with --labels DIR the items are listed afresh from each
document by candidates.py, which is deterministic, so a document rebuilt
byte for byte (rebuild.py checks its hash) gets the same items:

    apply_labels.py --root ROOT --labels scripts/judge/labels --sources scripts/judge/sources.tsv

Codes: sentences p (process), c (customer), n (neutral); sections o (outcome),
x (no-outcome), s (skip). Full words are accepted too.

The split is fixed per document, never per sentence. With --sources, a
document's split is the `split` column of its row in that table (sources.tsv):
that is how a later round adds freshly labelled documents as the new holdout
and folds a holdout whose figures have been seen into dev. Without it, or for
a document the table does not list, a document is holdout when
int(sha256(file path), 16) % 5 == 0 (about a fifth), otherwise dev.

Checks that every candidate has exactly one label of the right kind and that
each item's text is exactly the file's bytes in its range.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import candidates

CODES = {
    "sentence": {"p": "process", "c": "customer", "n": "neutral"},
    "section": {"o": "outcome", "x": "no-outcome", "s": "skip"},
}


def hash_split(path: str) -> str:
    return "holdout" if int(hashlib.sha256(path.encode()).hexdigest(), 16) % 5 == 0 else "dev"


def read_splits(tsv: Path | None) -> dict[str, str]:
    """file -> split, from a sources table with `file` and `split` columns."""
    if tsv is None:
        return {}
    lines = [line.split("\t") for line in tsv.read_text(encoding="utf-8").splitlines() if line.strip()]
    head = lines[0]
    file_col, split_col = head.index("file"), head.index("split")
    splits = {}
    for row in lines[1:]:
        split = row[split_col].strip()
        if split not in ("dev", "holdout"):
            raise SystemExit(f"{tsv}: {row[file_col]}: split must be dev or holdout, not {split!r}")
        splits[row[file_col]] = split
    return splits


def list_items(root: Path, rel: str) -> list[dict]:
    """The items candidates.py lists for ROOT/rel, in its order."""
    data = (root / rel).read_bytes()
    items = [{"file": rel, "kind": "section", "byte_start": s, "byte_end": e, "text": title}
             for s, e, _h, title in candidates.sections(data)]
    for bs, be in candidates.blocks(data):
        for s, e in candidates.sentences(data, bs, be):
            items.append({"file": rel, "kind": "sentence", "byte_start": s, "byte_end": e,
                          "text": data[s:e].decode("utf-8")})
    return items


def pairs(args) -> list[tuple[Path, list[dict] | None, str]]:
    """(label file, items or None when they cannot be listed, what is missing)."""
    root = Path(args.root)
    out = []
    if args.work:
        for todo in sorted(Path(args.work).glob("*.todo.jsonl")):
            lab = todo.with_name(todo.name.replace(".todo.jsonl", ".lab"))
            items = [json.loads(line) for line in todo.read_text(encoding="utf-8").splitlines() if line.strip()]
            out.append((lab, items, "" if lab.exists() else f"{lab}: missing"))
    else:
        for lab in sorted(Path(args.labels).glob("*.lab")):
            rel = f"docs/{lab.stem}.md"
            if not (root / rel).exists():
                out.append((lab, None, f"{lab}: {root / rel} is missing (run rebuild.py)"))
            else:
                out.append((lab, list_items(root, rel), ""))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", required=True)
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--work", help="directory with *.todo.jsonl and *.lab")
    where.add_argument("--labels", help="directory with STEM.lab for ROOT/docs/STEM.md (items listed afresh)")
    ap.add_argument("--sources", type=Path, help="sources.tsv whose split column assigns documents")
    args = ap.parse_args(argv)
    root = Path(args.root)
    splits = read_splits(args.sources)
    errors = 0
    for lab, items, missing in pairs(args):
        if missing:
            print(missing, file=sys.stderr)
            errors += 1
            continue
        labels = {}
        for n, line in enumerate(lab.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split(None, 2)
            idx, code = int(parts[0]), parts[1]
            if idx in labels:
                print(f"{lab}:{n}: index {idx} labelled twice", file=sys.stderr)
                errors += 1
            labels[idx] = (code, parts[2].strip() if len(parts) > 2 else "")
        for i, item in enumerate(items):
            if i not in labels:
                print(f"{lab}: item {i} has no label", file=sys.stderr)
                errors += 1
                continue
            code, notes = labels[i]
            table = CODES[item["kind"]]
            label = table.get(code, code if code in table.values() else None)
            if label is None:
                print(f"{lab}: item {i} ({item['kind']}): bad label {code!r}", file=sys.stderr)
                errors += 1
                continue
            data = (root / item["file"]).read_bytes()
            if item["kind"] == "sentence" and data[item["byte_start"]:item["byte_end"]].decode("utf-8") != item["text"]:
                print(f"{lab}: item {i}: text does not match the file bytes", file=sys.stderr)
                errors += 1
            item.update(label=label, notes=notes, split=splits.get(item["file"]) or hash_split(item["file"]))
            item = {k: item[k] for k in ("file", "kind", "byte_start", "byte_end", "label", "text", "split", "notes")}
            if item["kind"] == "section":
                item["text"] = item["text"] or "(intro)"
            print(json.dumps(item, ensure_ascii=False))
        extra = set(labels) - set(range(len(items)))
        if extra:
            print(f"{lab}: labels for unknown items {sorted(extra)}", file=sys.stderr)
            errors += 1
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
