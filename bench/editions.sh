#!/usr/bin/env bash
# Benchmark comparing editions (issue 13) on the largest pair of the corpus: section 3, the 2027
# fascicle (A/81/6) compared with the 2026 one (A/80/6). Compares the time of the comparison
# with the time of checking both documents, one after the other and in one run.
# usage: bench/editions.sh        (installs hyperfine from Debian if it is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
new="../shared/corpus/ppb2027-sample/A_81_6 (SECT. 3).docx"
old="../shared/corpus/ppb2026/A_80_6_Sect.3.docx"
[ -f "$new" ] && [ -f "$old" ] || { echo "the corpus is missing: expected ../shared beside the checkout" >&2; exit 1; }
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
cargo build --release --quiet
bin=target/release/plan-lint
echo "$(du -h "$new" | cut -f1) and $(du -h "$old" | cut -f1) on $(nproc) cores"
# Exit status 1 means findings: expected.
hyperfine --warmup 2 --runs 10 -N --ignore-failure \
  --command-name "check the 2027 fascicle" "$bin check --format concise ${new@Q}" \
  --command-name "check the 2026 fascicle" "$bin check --format concise ${old@Q}" \
  --command-name "check both in one run" "$bin check --format concise ${new@Q} ${old@Q}" \
  --command-name "compare: check 2027 --previous 2026" "$bin check --format concise ${new@Q} --previous ${old@Q}"
