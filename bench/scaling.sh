#!/usr/bin/env bash
# Size scaling: each hostile case at 1x and 10x; fails when time grows faster than the input.
# usage: bench/scaling.sh            (PyYAML for the JSON cases: installed from PyPI if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -c 'import yaml' 2>/dev/null || python3 -m pip install -q pyyaml
cargo build --release --quiet
python3 bench/scaling.py target/release/plan-lint "$@"
