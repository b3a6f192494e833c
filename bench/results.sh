#!/usr/bin/env bash
# The figures of issues 11 and 14, measured now (release build): each case's input is made by
# bench/hostile.py, timed by hyperfine (mean of RUNS runs) and its peak memory, exit status and
# output size taken from GNU time. Prints the Markdown rows of bench/RESULTS.md's "after" column.
# usage: bench/results.sh     (hyperfine and GNU time from Debian, PyYAML from PyPI if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
python3 -c 'import yaml' 2>/dev/null || python3 -m pip install -q pyyaml
cargo build --release --quiet --example bare_parse
cargo build --release --quiet
bin=$PWD/target/release/plan-lint
bare=$PWD/target/release/examples/bare_parse
w=$(mktemp -d)
trap 'rm -rf "$w"' EXIT
python3 bench/hostile.py "$w" oneline pretty placeholders keys dupkeys figrefs zipbomb
python3 bench/gen_large_plan.py 75 >"$w/large.yaml"
python3 - "$w" <<'PY'
import os, sys
sys.path.insert(0, "bench")
import hostile
d = sys.argv[1]
def w(name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
w("placeholders-8.yaml", hostile.placeholders(8))
w("placeholders-100.yaml", hostile.placeholders(100))
w("long50.yaml", hostile.HEAD + "body:\n  - prose: Côte " + "word " * (10 * 1024 * 1024) + "\n")
md = hostile.markdown(1)
w("big.md", md * (100 * 1024 * 1024 // len(md) + 1))
PY
head -c $((100 * 1024 * 1024)) /dev/zero | tr '\0' 'a' >"$w/100mb.yaml"
truncate -s 1G "$w/sparse.yaml"
mkfifo "$w/plan.yaml"
RUNS=${RUNS:-3}

# row LABEL COMMAND (one shell string): | label | mean ± sd | peak MiB | exit | output bytes |
row() {
  local label=$1 cmd=$2
  hyperfine --runs "$RUNS" --ignore-failure --style none --export-json "$w/h.json" "$cmd" >/dev/null 2>&1
  local mean
  mean=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; m=r["mean"]; sd=r["stddev"] or 0; print(f"{m*1000:.0f} ms ± {sd*1000:.0f}" if m < 10 else f"{m:.2f} s ± {sd:.2f}")' "$w/h.json")
  local code=0
  /usr/bin/time -f '%M' -o "$w/t" bash -c "exec $cmd" >"$w/out" 2>"$w/err" </dev/null || code=$?
  printf '| %s | %s | %s MiB | %s | %s |\n' "$label" "$mean" "$(($(tail -1 "$w/t") / 1024))" "$code" "$(stat -c %s "$w/out")"
}

echo "| case | time (hyperfine mean) | peak RSS | exit | stdout bytes |"
echo "|---|---|---|---|---|"
for n in 1 2 4; do
  row "one-line JSON seed ×$n ($(stat -c %s "$w/oneline-$n.json") B)" "$bin check --format concise $w/oneline-$n.json"
  row "pretty JSON seed ×$n ($(stat -c %s "$w/pretty-$n.json") B)" "$bin check --format concise $w/pretty-$n.json"
done
row "2.1 MB plan: bare parse (saphyr-parser)" "$bare $w/large.yaml"
row "2.1 MB plan: plan-lint" "$bin check --format concise $w/large.yaml"
row "zip bomb .docx (250 MiB document.xml)" "$bin check --format concise $w/zipbomb.docx"
row "FIFO plan.yaml by name" "$bin check --format concise $w/plan.yaml"
row "/dev/urandom by name" "$bin check --format concise /dev/urandom"
row "/dev/zero by name" "$bin check --format concise /dev/zero"
row "/dev/null (char device) by name" "$bin check --format concise /dev/null"
row "100 MB file" "$bin check --format concise $w/100mb.yaml"
row "1 GB sparse file" "$bin check --format concise $w/sparse.yaml"
row "100 MB Markdown" "$bin check --format concise $w/big.md"
row "50 MB one-line scalar" "$bin check --format concise $w/long50.yaml"
row "stdin 100 MB" "head -c 104857600 /dev/zero | tr '\\0' a | $bin check --format concise -"
for n in 1 2 4 8 100; do
  row "P002 long scalar $((n * 10)) KB" "$bin check --format concise $w/placeholders-$n.yaml"
done
for n in 1 2 4; do
  row "P003 $((n * 5))k paragraphs" "$bin check --format concise $w/figrefs-$n.yaml"
done
for n in 1 2 4 10; do
  row "unexpected top-level keys $((n * 10))k" "$bin check --format concise $w/keys-$n.yaml"
done
python3 -c 'import sys; sys.stdout.write("document: {}\nbody: []\nextra:\n" + "  a: 1\n" * 2_000_000)' >"$w/dup2m.yaml"
row "2 million duplicate keys, JSON output ($(stat -c %s "$w/dup2m.yaml") B)" "$bin check --format json $w/dup2m.yaml"
# The directory walk past the FIFO (and a plan beside it).
printf 'document: {}\n' >"$w/good.yaml"
mkdir "$w/walk" && mv "$w/plan.yaml" "$w/good.yaml" "$w/walk/"
row "directory walk with a FIFO" "$bin check --format concise $w/walk"
sed -n 1,3p "$w/err" >&2
# The language server (issue 14).
python3 bench/lsp_hostile.py "$bin"
