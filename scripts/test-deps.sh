#!/usr/bin/env bash
# Installs the external tools that tests/reports.rs checks outsidein's output
# with. Idempotent: each step is skipped when its tool is already there.
#
#   sarif-multitool  npm @microsoft/sarif-multitool   -> target/tools/npm
#   pre-commit       PyPI pre-commit, in a venv       -> target/tools/venv
#   chromium         Debian's chromium                -> /usr/bin/chromium (root only)
#   cmark-gfm        Debian's cmark-gfm               -> /usr/bin/cmark-gfm (root only)
#
# Then: OUTSIDEIN_REQUIRE_TOOLS=1 cargo test
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/target/tools"
mkdir -p "$tools"
missing=()

step() { printf '==> %s\n' "$*"; }
took() { printf '    %s took %ss\n' "$1" "$(($(date +%s) - $2))"; }

# SARIF multitool: the npm package pulls in its platform package, which ships
# the self-contained binary and the SARIF 2.1.0 schema. 5.x: 4.x's
# single-file binary crashes in `validate` (empty Assembly.Location).
multitool_version() {
  sed -n 's/^[[:space:]]*"version":[[:space:]]*"\([0-9.]*\)".*/\1/p' \
    "$tools/npm/node_modules/@microsoft/sarif-multitool/package.json" 2>/dev/null
}
if compgen -G "$tools/npm/node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool" >/dev/null &&
  [[ "$(multitool_version)" == 5.* ]]; then
  step "sarif-multitool: present ($(multitool_version))"
elif command -v npm >/dev/null; then
  step "sarif-multitool: npm install into target/tools/npm"
  t=$(date +%s)
  mkdir -p "$tools/npm"
  [ -f "$tools/npm/package.json" ] || echo '{"private":true}' >"$tools/npm/package.json"
  npm install --prefix "$tools/npm" --no-audit --no-fund --loglevel=error \
    '@microsoft/sarif-multitool@^5.7.0'
  took "sarif-multitool" "$t"
else
  missing+=("npm (Node.js), for @microsoft/sarif-multitool")
fi

# pre-commit in its own venv.
if [ -x "$tools/venv/bin/pre-commit" ]; then
  step "pre-commit: present"
elif command -v python3 >/dev/null; then
  step "pre-commit: pip install into target/tools/venv"
  t=$(date +%s)
  python3 -m venv "$tools/venv"
  "$tools/venv/bin/pip" install --quiet --disable-pip-version-check 'pre-commit>=3,<5'
  took "pre-commit" "$t"
else
  missing+=("python3 with venv, for pre-commit")
fi

# Debian packages: chromium renders the HTML report; cmark-gfm (GitHub's
# CommonMark fork) renders the Markdown summary.
apt_missing=()
command -v chromium >/dev/null || [ -x /usr/bin/chromium ] || apt_missing+=(chromium fonts-dejavu-core)
command -v cmark-gfm >/dev/null || apt_missing+=(cmark-gfm)
if [ ${#apt_missing[@]} -eq 0 ]; then
  step "chromium, cmark-gfm: present"
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  step "apt-get install ${apt_missing[*]}"
  t=$(date +%s)
  export DEBIAN_FRONTEND=noninteractive
  # Refresh the package lists only when a package is not found in them.
  for p in "${apt_missing[@]}"; do
    apt-cache show "$p" >/dev/null 2>&1 || { apt-get update -qq; break; }
  done
  apt-get install -y -qq --no-install-recommends "${apt_missing[@]}" >/dev/null
  took "apt-get install" "$t"
else
  missing+=("as root: apt-get install -y ${apt_missing[*]} (or put them on PATH)")
fi

if [ ${#missing[@]} -gt 0 ]; then
  printf '\nMissing tools; the tests that need them will be skipped:\n' >&2
  printf '  - %s\n' "${missing[@]}" >&2
  exit 1
fi
step "all test tools present"
