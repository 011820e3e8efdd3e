#!/usr/bin/env python3
"""Turn the peer benchmark's phrase list into an outsidein rule file with the
same semantics (one literal, case-insensitive, word-bounded rule per phrase;
rules independent, so overlapping phrases both report), for an
apples-to-apples row beside textlint + prh.

    python3 bench/phrases_to_rules.py ../shared/bench/rules/phrases.txt > target/bench/phrases.yml
"""
import json
import re
import sys

rules = []
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    if not line.strip() or line.startswith("#"):
        continue
    phrase, _, suggestion = line.partition("\t")
    rules.append((phrase.strip(), suggestion.strip()))

print("name: phrases")
print("description: The peer benchmark's 64 phrases, one existence rule each.")
print("rules:")
for i, (phrase, suggestion) in enumerate(rules):
    slug = re.sub(r"[^a-z0-9]+", "-", phrase.lower()).strip("-")
    print(f"  p{i:02d}-{slug}:")
    print("    kind: existence")
    print(f"    message: {json.dumps(chr(39) + '{match}' + chr(39) + ': ' + suggestion)}")
    print("    help: The phrase list of the peer benchmark.")
    print(f"    tokens: [{json.dumps(phrase)}]")
