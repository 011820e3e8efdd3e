#!/usr/bin/env python3
"""Rebuild the judge documents from their raw sources, and check their hashes.

The real text is not ours, so it is never committed. What is committed is
`recipes.tsv`: for every labelled document, the raw file it comes from (as
fetched from the source listed in `sources.tsv`, saved byte for byte under
ROOT/raw/), the edits that turn it into the labelled document, and the
SHA-256 of the result. The labels (`labels/*.lab`) point at byte ranges of
that result, so a document that does not hash right must not be scored.

    rebuild.py --root target/judge            # raw/ -> docs/, check every hash
    rebuild.py --root target/judge --record   # write the hashes of what was built

A recipe is a list of operations separated by ` ; `, applied in order. Line
numbers are always the raw file's (1-based, inclusive), whatever ran before:

    verbatim        nothing to do (the whole recipe)
    fm-title-h1     drop YAML (---) or TOML (+++) front matter; its `title`
                    becomes an H1 followed by one blank line
    drop-fm         drop the front matter, add nothing
    keep:A-B        keep only raw lines A..B (several keep ranges add up)
    drop:A-B        drop raw lines A..B
    h1:N / h2:N     make raw line N a heading of that level (leading '#'s,
                    surrounding '**' and trailing ':' are removed)
    promote:K       every ATX heading outside fenced code loses K '#'s
                    (never below one)
    final-newline   end the text with exactly one newline
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

HEADING = re.compile(r"^(#{1,6})(\s)")
FENCE = re.compile(r"^\s{0,3}(```|~~~)")


def split_lines(text: str) -> list[tuple[int | None, str]]:
    """(raw line number, line with its newline) pairs."""
    return [(n, line) for n, line in enumerate(text.splitlines(keepends=True), 1)]


def front_matter_end(lines: list[tuple[int | None, str]]) -> int | None:
    """Index of the closing front-matter fence, if the text opens with one."""
    if not lines:
        return None
    fence = lines[0][1].strip()
    if fence not in ("---", "+++"):
        return None
    for i in range(1, len(lines)):
        if lines[i][1].strip() == fence:
            return i
    return None


def front_matter_title(block: list[str]) -> str | None:
    for line in block:
        m = re.match(r"""^title\s*[:=]\s*(.+?)\s*$""", line)
        if m:
            value = m.group(1)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            return value
    return None


def parse_range(arg: str, op: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d+)-(\d+)", arg)
    if not m or int(m.group(1)) > int(m.group(2)):
        raise ValueError(f"{op} needs A-B with A <= B, not {arg!r}")
    return int(m.group(1)), int(m.group(2))


def apply(recipe: str, raw: str) -> str:
    lines = split_lines(raw)
    ops = [op.strip() for op in recipe.split(" ; ") if op.strip()]
    keeps = [parse_range(op.split(":", 1)[1], "keep") for op in ops if op.startswith("keep:")]
    if keeps:
        lines = [(n, s) for n, s in lines if any(a <= n <= b for a, b in keeps)]
    for op in ops:
        name, _, arg = op.partition(":")
        if name in ("verbatim", "keep"):
            continue
        if name in ("fm-title-h1", "drop-fm"):
            end = front_matter_end(lines)
            if end is None:
                raise ValueError(f"{op}: the text does not open with front matter")
            block = [s for _, s in lines[1:end]]
            rest = lines[end + 1 :]
            if name == "fm-title-h1":
                title = front_matter_title(block)
                if title is None:
                    raise ValueError(f"{op}: the front matter has no title")
                while rest and not rest[0][1].strip():
                    rest = rest[1:]
                rest = [(None, f"# {title}\n"), (None, "\n")] + rest
            lines = rest
        elif name == "drop":
            a, b = parse_range(arg, "drop")
            lines = [(n, s) for n, s in lines if n is None or not a <= n <= b]
        elif name in ("h1", "h2", "h3"):
            target = int(arg)
            level = int(name[1])
            found = False
            for i, (n, s) in enumerate(lines):
                if n == target:
                    body = s.rstrip("\r\n").strip().lstrip("#").strip()
                    if body.startswith("**") and body.endswith("**") and len(body) > 4:
                        body = body[2:-2].strip()
                    body = body.rstrip(":").strip()
                    lines[i] = (n, "#" * level + " " + body + "\n")
                    found = True
            if not found:
                raise ValueError(f"{op}: raw line {target} is not in the text")
        elif name == "promote":
            k = int(arg)
            fenced = False
            for i, (n, s) in enumerate(lines):
                if FENCE.match(s):
                    fenced = not fenced
                    continue
                m = HEADING.match(s)
                if not fenced and m:
                    level = max(1, len(m.group(1)) - k)
                    lines[i] = (n, "#" * level + s[len(m.group(1)) :])
        elif name == "final-newline":
            while lines and not lines[-1][1].strip():
                lines.pop()
            if lines and not lines[-1][1].endswith("\n"):
                n, s = lines[-1]
                lines[-1] = (n, s + "\n")
        else:
            raise ValueError(f"unknown operation {op!r}")
    return "".join(s for _, s in lines)


def read_recipes(path: Path) -> tuple[list[str], list[list[str]]]:
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows[0], rows[1:]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", required=True, type=Path, help="holds raw/; docs/ is written there")
    ap.add_argument("--recipes", type=Path, default=Path(__file__).with_name("recipes.tsv"))
    ap.add_argument("--record", action="store_true", help="write the built documents' hashes into the recipes")
    ap.add_argument("--only", help="rebuild only documents whose path contains this")
    args = ap.parse_args(argv)
    head, rows = read_recipes(args.recipes)
    col = {name: i for i, name in enumerate(head)}
    bad = built = 0
    for row in rows:
        file, raw, recipe = row[col["file"]], row[col["raw"]], row[col["recipe"]]
        if args.only and args.only not in file:
            continue
        raw_path = args.root / raw
        if not raw_path.exists():
            print(f"{file}: raw file {raw_path} is missing (fetch it from sources.tsv)", file=sys.stderr)
            bad += 1
            continue
        try:
            text = apply(recipe, raw_path.read_bytes().decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as err:
            print(f"{file}: {err}", file=sys.stderr)
            bad += 1
            continue
        data = text.encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()
        out = args.root / file
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        built += 1
        want = row[col["sha256"]].strip() if len(row) > col["sha256"] else ""
        if args.record:
            while len(row) <= col["sha256"]:
                row.append("")
            row[col["sha256"]] = digest
        elif want and want != digest:
            print(f"{file}: built text hashes to {digest[:12]}, labels were made on {want[:12]}", file=sys.stderr)
            bad += 1
        elif not want:
            print(f"{file}: no hash recorded; run with --record once it is labelled", file=sys.stderr)
    if args.record:
        args.recipes.write_text("\n".join("\t".join(r) for r in [head] + rows) + "\n", encoding="utf-8")
    print(f"rebuild: {built} built, {bad} with problems", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
