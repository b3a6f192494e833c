#!/usr/bin/env bash
# Drive Neovim (headless, built-in LSP client) against `plan-lint server`. Run by .ci/run.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v nvim >/dev/null; then
  apt-get update -qq && apt-get install -y -qq neovim >/dev/null
fi
cargo build --quiet --manifest-path "$here/Cargo.toml"
# The binary cargo just built, wherever the target directory is (CARGO_TARGET_DIR, or cargo's
# configuration): cargo says.
target_dir=$(bash "$here/tests/metadata.sh" target_directory)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/tests/nvim/plan.yaml" "$work/plan.yaml"
PLAN_LINT_BIN="$target_dir/debug/plan-lint" PLAN_LINT_FILE="$work/plan.yaml" \
  timeout 120 nvim --headless --clean -u NONE -c "luafile $here/tests/nvim/e2e.lua" 2>&1
# A Markdown draft: the diagnostics Neovim shows are those of `plan-lint check`.
cp "$here/fixtures/import/plan.md" "$work/draft.md"
"$target_dir/debug/plan-lint" check --format json "$work/draft.md" >"$work/expected.json" || [ $? -eq 1 ]
PLAN_LINT_BIN="$target_dir/debug/plan-lint" PLAN_LINT_FILE="$work/draft.md" PLAN_LINT_EXPECTED="$work/expected.json" \
  timeout 120 nvim --headless --clean -u NONE -c "luafile $here/tests/nvim/markdown.lua" 2>&1
