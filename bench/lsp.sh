#!/usr/bin/env bash
# Benchmark the language server: change notification to published diagnostics on a ~200 KB plan.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --example lsp_latency
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen_large_plan.py 8 > "$work/plan.yaml"
PLAN_LINT_BIN=target/release/plan-lint target/release/examples/lsp_latency "$work/plan.yaml" 40
