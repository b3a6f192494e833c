#!/usr/bin/env bash
# Benchmark plan-lint with hyperfine: check a large generated plan (>= 2 MB) and the seed fixture.
# usage: bench/run.sh            (installs hyperfine from Debian if it is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen_large_plan.py 75 > "$work/large.yaml"
python3 bench/gen_large_plan.py 600 > "$work/huge.yaml"
ls -l "$work"/*.yaml
bin=target/release/plan-lint
hyperfine --warmup 3 -N --ignore-failure \
  "$bin check --format concise $work/large.yaml" \
  "$bin check --format json $work/large.yaml" \
  "$bin check $work/large.yaml" \
  "$bin check --format concise fixtures/seed/unodc-2023.yaml"
hyperfine --warmup 1 -N --ignore-failure --runs 5 "$bin check --format concise $work/huge.yaml"
/usr/bin/time -v "$bin" check --format concise "$work/huge.yaml" 2>&1 >/dev/null | grep -E 'Maximum resident|Elapsed' || true
