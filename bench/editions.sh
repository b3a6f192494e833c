#!/usr/bin/env bash
# Benchmark comparing editions (issue 13) on the 8 sections both the 2026 corpus (A/80/6) and the
# 2027 sample (A/81/6) have: for each, the time of comparing the 2027 fascicle with the 2026 one,
# against the time of checking both documents (in one run, and one after the other). The issue's
# bar: the largest pair compares in under 2x the time of checking both. Prints a Markdown table.
# usage: bench/editions.sh [SECTION...]   (default: all 8; installs hyperfine from Debian if missing)
# The corpus is ../shared beside the checkout, or PLAN_LINT_SHARED.
set -euo pipefail
cd "$(dirname "$0")/.."
sections=("$@")
shared=${PLAN_LINT_SHARED:-../shared}
[ ${#sections[@]} -gt 0 ] || sections=(3 13 16 20 21 26 29A 31)
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
command -v python3 >/dev/null || { echo "python3 is needed to read hyperfine's JSON" >&2; exit 1; }
cargo build --release --quiet
bin=target/release/plan-lint
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| section | 2027 fascicle | 2026 fascicle | check 2027 | check 2026 | check both in one run | compare (2027 --previous 2026) | compare / both in one run | compare / one after the other |"
echo "|---|---|---|---|---|---|---|---|---|"
for n in "${sections[@]}"; do
  new="$shared/corpus/ppb2027-sample/A_81_6 (SECT. $n).docx"
  old="$shared/corpus/ppb2026/A_80_6_Sect.$n.docx"
  [ -f "$new" ] && [ -f "$old" ] || { echo "section $n: the corpus is missing (expected ../shared beside the checkout)" >&2; exit 1; }
  # Exit status 1 means findings: expected.
  hyperfine --warmup 2 --runs 10 -N --ignore-failure --style none --export-json "$out/$n.json" \
    "$bin check --format concise ${new@Q}" \
    "$bin check --format concise ${old@Q}" \
    "$bin check --format concise ${new@Q} ${old@Q}" \
    "$bin check --format concise ${new@Q} --previous ${old@Q}" >/dev/null 2>"$out/$n.err" \
    || { cat "$out/$n.err" >&2; exit 1; }
  python3 - "$out/$n.json" "$n" "$(du -k "$new" | cut -f1)" "$(du -k "$old" | cut -f1)" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
m = [x["mean"] * 1000 for x in r]
s = [x["stddev"] * 1000 for x in r]
f = lambda i: f"{m[i]:.0f} ms (±{s[i]:.0f})"
print(f"| {sys.argv[2]} | {sys.argv[3]} KB | {sys.argv[4]} KB | {f(0)} | {f(1)} | {f(2)} | {f(3)} | {m[3] / m[2]:.2f}× | {m[3] / (m[0] + m[1]):.2f}× |")
PY
done
