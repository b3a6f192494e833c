#!/usr/bin/env bash
# What cargo says about this checkout, for the shell tests: `tests/metadata.sh target_directory`
# (where cargo builds: CARGO_TARGET_DIR, or cargo's configuration, or ./target) or
# `tests/metadata.sh version`.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cargo metadata --format-version 1 --no-deps --manifest-path "$here/Cargo.toml" |
  python3 -c 'import json, sys; m = json.load(sys.stdin); print(m["packages"][0]["version"] if sys.argv[1] == "version" else m[sys.argv[1]])' "$1"
