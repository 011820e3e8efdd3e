#!/usr/bin/env bash
# Whole-binary benchmark: outsidein against the pulldown-cmark parse floor,
# measured side by side in one run with hyperfine, plus peak RSS and start-up.
#
#   bash scripts/bench.sh            # corpora of 200 and 2,000 documents and a 100 MB file
#   QUICK=1 bash scripts/bench.sh    # 200 and 2,000 documents only
#
# Needs: python3 (the corpus generator ../shared/bench/gen_corpus.py),
# hyperfine and GNU time (Debian: apt-get install hyperfine time).
# Writes target/bench/results.md and prints it. Quote medians and ratios,
# never single runs: the machines here are shared.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
out="$root/target/bench"
gen="$root/../shared/bench/gen_corpus.py"
floor_src="$root/../shared/bench/md-parse-floor"
mkdir -p "$out"

command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }
[ -f "$gen" ] || { echo "needs the corpus generator at $gen" >&2; exit 2; }

corpus() { # name args...
  local name=$1; shift
  [ -e "$out/$name/.done" ] || { python3 "$gen" "$@" --out "$out/$name" >/dev/null && touch "$out/$name/.done"; }
}
corpus c200 --docs 200
corpus c2000 --docs 2000
[ -n "${QUICK:-}" ] || corpus big --big-file 100

cargo build --release --locked -q
ours="$root/target/release/outsidein"

# The floor: the shared pulldown-cmark parse-only program, built here.
if [ -d "$floor_src" ]; then
  mkdir -p "$out/floor-src"
  cp -r "$floor_src/." "$out/floor-src/"
  (cd "$out/floor-src" && CARGO_TARGET_DIR="$out/floor-target" cargo build --release -q)
  floor="$out/floor-target/release/md-parse-floor"
else
  floor=""
fi

export OUTSIDEIN_TODAY=2026-11-23
lint="$ours check --no-config --format short"
runs=${RUNS:-10}
results="$out/results.md"
{
  echo "# outsidein benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')), $(free -g | awk '/Mem:/{print $2}') GiB; $($ours --version); $(rustc --version)"
  echo
} > "$results"

bench_dir() { # corpus-dir label
  local dir=$1 label=$2
  local bytes files
  bytes=$(find "$dir" -name '*.md' -print0 | xargs -0 cat | wc -c)
  files=$(find "$dir" -name '*.md' | wc -l)
  local cmds=()
  [ -n "$floor" ] && cmds+=(-n "parse floor (pulldown-cmark, 1 thread)" "$floor $dir")
  cmds+=(-n "outsidein --threads 1" "$lint --threads 1 $dir")
  cmds+=(-n "outsidein --threads 2" "$lint --threads 2 $dir")
  hyperfine -N --warmup 1 --runs "$runs" -i --export-json "$out/$label.json" "${cmds[@]}" >/dev/null
  python3 - "$out/$label.json" "$bytes" "$files" "$label" >>"$results" <<'PY'
import json, sys
data = json.load(open(sys.argv[1])); mb = int(sys.argv[2]) / 1e6; files = int(sys.argv[3])
rows = {r["command"]: r for r in data["results"]}
floor = next((r for n, r in rows.items() if n.startswith("parse floor")), None)
print(f"## {sys.argv[4]}: {files} files, {mb:.2f} MB\n")
print("| command | median s | min-max s | MB/s | documents/s | x parse floor throughput |")
print("|---|---:|---:|---:|---:|---:|")
for name, r in rows.items():
    med = r["median"]
    ratio = f"{floor['median'] / med:.3f}" if floor else "-"
    print(f"| {name} | {med:.3f} | {r['min']:.3f}-{r['max']:.3f} | {mb / med:.1f} | {files / med:.0f} | {ratio} |")
print()
PY
}

bench_dir "$out/c200" "200 documents"
bench_dir "$out/c2000" "2,000 documents"
[ -n "${QUICK:-}" ] || bench_dir "$out/big" "one 100 MB file"

# Peak RSS (median of 3) with GNU time.
rss() { # label command...
  local label=$1; shift
  local vals=()
  for _ in 1 2 3; do
    # outsidein exits 1 on findings; GNU time passes that on. -o keeps the
    # figure apart from the command's own standard error.
    /usr/bin/time -f '%M' -o "$out/rss.txt" "$@" >/dev/null 2>&1 || true
    vals+=("$(tail -1 "$out/rss.txt")")
  done
  printf '| %s | %s |\n' "$label" "$(printf '%s\n' "${vals[@]}" | sort -n | sed -n 2p | awk '{printf "%.1f", $1/1024}')"
}
{
  echo "## Peak RSS (median of 3)"
  echo
  echo "| run | MB |"
  echo "|---|---:|"
  rss "2,000 documents, --format short, all cores" $lint "$out/c2000"
  [ -n "${QUICK:-}" ] || rss "100 MB file, --format short" $lint "$out/big"
  echo
} >>"$results"

# Start-up: one small file, as pre-commit runs it.
small="$out/small.md"
printf '# Refunds policy\n\nYou can ask for a refund within 30 days.\n' >"$small"
hyperfine -N --warmup 3 --runs 30 -i --export-json "$out/startup.json" "$lint $small" >/dev/null
python3 - "$out/startup.json" >>"$results" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("## Start-up\n")
print(f"One small file, all built-in rules: median {r['median']*1000:.1f} ms (min {r['min']*1000:.1f} ms, {len(r['times'])} runs).\n")
PY
cat "$results"
