#!/usr/bin/env bash
# Size scaling: each hostile case at 1x and 10x; fails when time grows faster than the input.
# usage: bench/scaling.sh            (needs PyYAML for the JSON cases: python3-yaml)
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c 'import yaml' 2>/dev/null || { apt-get update -qq && apt-get install -y -qq python3-yaml >/dev/null; }
cargo build --release --quiet
python3 bench/scaling.py target/release/plan-lint "$@"
