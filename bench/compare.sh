#!/usr/bin/env bash
# plan-lint beside what a user could use instead, on the same plans: a bare parse with the same
# YAML crate (examples/bare_parse.rs), plan-lint, check-jsonschema (the plan schema, from PyPI)
# and Spectral (schema + subtotal check, bench/spectral/ruleset.js, from npm).
# usage: bench/compare.sh     (installs hyperfine from Debian, the peers into bench/.peers/)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
peers=bench/.peers
if [ ! -x "$peers/venv/bin/check-jsonschema" ]; then
  python3 -m venv "$peers/venv" && "$peers/venv/bin/pip" install -q check-jsonschema
fi
if [ ! -x "$peers/node/node_modules/.bin/spectral" ]; then
  mkdir -p "$peers/node" && npm install -s --prefix "$peers/node" @stoplight/spectral-cli@6 @stoplight/spectral-functions >/dev/null
fi
python3 -c 'import sys; r, s = (open(f).read() for f in sys.argv[1:]); print(r.replace("PLAN_SCHEMA", s.strip()))' \
  bench/spectral/ruleset.js schemas/plan.schema.json > "$peers/node/ruleset.mjs"
cargo build --release --quiet --example bare_parse
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen_large_plan.py 75 > "$work/large.yaml"
cp fixtures/seed/unodc-2023.yaml "$work/seed.yaml"
ls -l "$work"
for plan in "$work/seed.yaml" "$work/large.yaml"; do
  hyperfine --warmup 1 --runs "${RUNS:-5}" -N --ignore-failure --export-markdown "$work/table.md" \
    -n "bare parse" "target/release/examples/bare_parse $plan" \
    -n "plan-lint" "target/release/plan-lint check --format concise $plan" \
    -n "check-jsonschema" "$peers/venv/bin/check-jsonschema --schemafile schemas/plan.schema.json $plan" \
    -n "Spectral" "$peers/node/node_modules/.bin/spectral lint -q -r $peers/node/ruleset.mjs $plan"
  echo "### $(basename "$plan") ($(stat -c %s "$plan") bytes)"
  cat "$work/table.md"
done
/usr/bin/time -v target/release/plan-lint check --format concise "$work/large.yaml" 2>&1 >/dev/null | grep -E 'Maximum resident|Elapsed' || true
/usr/bin/time -v target/release/examples/bare_parse "$work/large.yaml" 2>&1 >/dev/null | grep -E 'Maximum resident|Elapsed' || true
