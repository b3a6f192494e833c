#!/usr/bin/env bash
# Benchmark importing and checking the whole Word corpus (../shared/corpus/ppb2026, 49 fascicles
# of the proposed programme budget for 2026) in one run: plan-lint checks the files in parallel
# (rayon, one thread per core). Reports wall time (hyperfine) and peak memory (/usr/bin/time -v).
# usage: bench/import_corpus.sh        (installs hyperfine from Debian if it is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/corpus/ppb2026
[ -d "$corpus" ] || { echo "the corpus is missing: expected $corpus beside the checkout" >&2; exit 1; }
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
cargo build --release --quiet
bin=target/release/plan-lint
mapfile -t files < <(ls "$corpus"/*.docx)
echo "${#files[@]} documents, $(du -ch "${files[@]}" | tail -1 | cut -f1) on $(nproc) cores"
# Exit status 1 means findings: expected.
hyperfine --warmup 1 --runs 5 -N --ignore-failure \
  --command-name "check all ${#files[@]} documents (concise)" "$bin check --format concise ${files[*]@Q}" \
  --command-name "check all ${#files[@]} documents (json)" "$bin check --format json ${files[*]@Q}"
/usr/bin/time -v "$bin" check --format concise "${files[@]}" 2>&1 >/dev/null | grep -E 'Elapsed|Maximum resident' || true
# One document at a time, for the largest: import alone, then import and check.
largest=$(ls -S "$corpus"/*.docx | head -1)
hyperfine --warmup 1 --runs 5 -N --ignore-failure \
  --command-name "import the largest document" "$bin import ${largest@Q} -o /dev/null" \
  --command-name "import and check the largest document" "$bin check --format concise ${largest@Q}"
