#!/usr/bin/env python3
"""List the items to label in Markdown documents: sentences and top-level sections.

Writes one JSON object a line (the labels.jsonl format with an empty "label"),
so a labeller fills in labels without computing byte offsets by hand:

    python3 scripts/judge/candidates.py --root target/judge docs/x.md > x.todo.jsonl

Sentences are found in paragraphs, list items and table cells (headings, code,
front matter and HTML are skipped) and split at ., ! or ? followed by a capital
letter, a digit or an opening quote. Sections are the H1's intro and each
top-level heading below it (the shallowest level after the title), running to
the next top-level heading, as outsidein judges them.

This splitter is deliberately simple and independent of outsidein's own: a
sentence label must not depend on how the tool under test segments text. Check
its output by eye; fix a range by editing byte_start/byte_end if needed.

Standard library only.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

HEADING = re.compile(rb"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
LIST_ITEM = re.compile(rb"^([ \t]*)(?:[-*+]|\d{1,3}[.)])[ \t]+")
FENCE = re.compile(rb"^[ \t]*(```|~~~)")
TABLE_SEP = re.compile(rb"^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$")
# Abbreviations after which a period does not end a sentence.
ABBREV = re.compile(rb"(?i)(?:\b(?:e\.g|i\.e|vs|mr|mrs|ms|dr|st|etc|approx|incl|ie|eg)|\bU\.S)\.$")
END = re.compile(rb"[.!?]+[\"'\)\]_*\xe2\x80\x9d\xe2\x80\x99]*")


def lines_with_offsets(data: bytes):
    pos = 0
    for raw in data.splitlines(keepends=True):
        line = raw.rstrip(b"\r\n")
        yield pos, line
        pos += len(raw)


def blocks(data: bytes):
    """Yield (start, end) byte ranges of prose blocks: paragraphs, list items, table cells."""
    cur: list[int] | None = None  # [start, end]
    in_fence = False
    in_front = False
    out = []

    def flush():
        nonlocal cur
        if cur is not None:
            out.append((cur[0], cur[1]))
            cur = None

    for i, (pos, line) in enumerate(lines_with_offsets(data)):
        if i == 0 and line.strip() == b"---":
            in_front = True
            continue
        if in_front:
            if line.strip() in (b"---", b"..."):
                in_front = False
            continue
        if FENCE.match(line):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        if HEADING.match(stripped) and not line.startswith((b"    ", b"\t")):
            flush()
            continue
        if stripped.startswith(b"<") and stripped.endswith(b">"):
            flush()
            continue
        if stripped.startswith(b"|"):
            flush()
            if TABLE_SEP.match(line):
                continue
            # each cell is a block
            lead = len(line) - len(line.lstrip())
            cell_start = pos + lead + 1
            for cell in stripped[1:].split(b"|"):
                text = cell.strip()
                if text:
                    off = cell.find(text)
                    out.append((cell_start + off, cell_start + off + len(text)))
                cell_start += len(cell) + 1
            continue
        m = LIST_ITEM.match(line)
        if m:
            flush()
            cur = [pos + m.end(), pos + len(line.rstrip())]
            continue
        if cur is None:
            lead = len(line) - len(line.lstrip())
            cur = [pos + lead, pos + len(line.rstrip())]
        else:
            cur[1] = pos + len(line.rstrip())
    flush()
    return out


def sentences(data: bytes, start: int, end: int):
    """Split one block into sentence ranges."""
    text = data[start:end]
    s = 0
    out = []
    for m in END.finditer(text):
        e = m.end()
        rest = text[e:]
        if rest and not rest[:1].isspace():
            continue  # "github.com", "2.5", "e.g.,"
        nxt = rest.lstrip()
        if nxt:
            c = nxt[:1]
            opener = nxt[:3] in (b"\xe2\x80\x9c", b"\xe2\x80\x98")
            if not (c.isupper() or c.isdigit() or c in b"\"'([*_" or opener):
                continue
            if ABBREV.search(text[: m.start() + 1]):
                continue
        seg = text[s:e]
        lead = len(seg) - len(seg.lstrip())
        if seg.strip():
            out.append((start + s + lead, start + e))
        s = e
    seg = text[s:]
    if seg.strip():
        lead = len(seg) - len(seg.lstrip())
        out.append((start + s + lead, start + s + len(seg.rstrip())))
    return out


def sections(data: bytes):
    """Top-level sections as (start, end, heading_line_start, heading_text)."""
    heads = []  # (pos, level, text)
    in_fence = False
    in_front = False
    for i, (pos, line) in enumerate(lines_with_offsets(data)):
        if i == 0 and line.strip() == b"---":
            in_front = True
            continue
        if in_front:
            if line.strip() in (b"---", b"..."):
                in_front = False
            continue
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        m = HEADING.match(line)
        if m:
            heads.append((pos, len(m.group(1)), m.group(2).decode("utf-8", "replace")))
    if not heads:
        return [(0, len(data), 0, "")]
    title = heads[0] if heads[0][1] == 1 else None
    rest = heads[1:] if title else heads
    top = min((h[1] for h in rest), default=None)
    starts = []
    if title:
        starts.append(title)
    else:
        starts.append((0, 0, ""))
    starts += [h for h in rest if h[1] == top]
    out = []
    for i, (pos, _lvl, text) in enumerate(starts):
        nxt = starts[i + 1][0] if i + 1 < len(starts) else len(data)
        out.append((pos, nxt, pos, text))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", default=".", help="directory the file paths are relative to")
    ap.add_argument("files", nargs="+", help="Markdown files, relative to --root")
    args = ap.parse_args(argv)
    root = Path(args.root)
    for rel in args.files:
        data = (root / rel).read_bytes()
        for s, e, _h, title in sections(data):
            print(json.dumps({"file": rel, "kind": "section", "byte_start": s, "byte_end": e,
                              "label": "", "text": title, "split": "", "notes": ""}, ensure_ascii=False))
        for bs, be in blocks(data):
            for s, e in sentences(data, bs, be):
                print(json.dumps({"file": rel, "kind": "sentence", "byte_start": s, "byte_end": e,
                                  "label": "", "text": data[s:e].decode("utf-8"), "split": "", "notes": ""},
                                 ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
