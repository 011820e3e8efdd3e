#!/usr/bin/env bash
# The whole test suite, as README.md and CI run it: installs the external
# tools some tests drive (SARIF multitool, pre-commit, Chromium) when they
# are missing, then runs every test with those tools required.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -x scripts/test-deps.sh ]]; then
  bash scripts/test-deps.sh
fi
OUTSIDEIN_REQUIRE_TOOLS=1 cargo test --locked "$@"
