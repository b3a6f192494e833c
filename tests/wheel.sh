#!/usr/bin/env bash
# The Python wheel, for real: build it with maturin (from PyPI) in this checkout's target
# directory, install it into a fresh virtual environment with no Rust on PATH, and run it on the
# fixtures. Leaves the wheel in $TARGET/wheels for tests/pre_commit.sh. Run by .ci/run.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
target_dir=$(bash "$here/tests/metadata.sh" target_directory)
export CARGO_TARGET_DIR="$target_dir"
wheels="$target_dir/wheels"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/build"
"$work/build/bin/pip" install --quiet --disable-pip-version-check 'maturin>=1.5,<2'
rm -rf "$wheels"
(cd "$here" && "$work/build/bin/maturin" build --release --quiet --out "$wheels")
wheel=$(ls "$wheels"/plan_lint_un-*.whl)
version=$(bash "$here/tests/metadata.sh" version)
case "$(basename "$wheel")" in
  "plan_lint_un-$version-"*) ;;
  *) echo "FAIL: the wheel $(basename "$wheel") is not version $version" >&2; exit 1 ;;
esac

# A fresh environment, and a PATH with no cargo: what a user without Rust has.
python3 -m venv "$work/user"
"$work/user/bin/pip" install --quiet --disable-pip-version-check --no-index "$wheel"
bin="$work/user/bin/plan-lint"
export PATH="$work/user/bin:/usr/local/bin:/usr/bin:/bin"
if command -v cargo >/dev/null; then echo "FAIL: cargo is still on PATH" >&2; exit 1; fi
passed=0
[ "$("$bin" --version)" = "plan-lint $version" ] || { echo "FAIL: plan-lint --version" >&2; exit 1; }
passed=$((passed + 1))
cd "$here"
"$bin" check fixtures/valid >/dev/null || { echo "FAIL: the wheel's plan-lint fails a valid plan" >&2; exit 1; }
passed=$((passed + 1))
set +e
out=$(plan-lint check --format concise fixtures/invalid/total-mismatch.yaml)
status=$?
set -e
[ "$status" -eq 1 ] || { echo "FAIL: exit $status for a plan with wrong totals" >&2; exit 1; }
grep -q "error\[P001\]" <<<"$out" || { echo "FAIL: no P001 from the wheel's plan-lint" >&2; exit 1; }
passed=$((passed + 1))
echo "installed $(basename "$wheel") ($(du -h "$wheel" | cut -f1)) without Rust; plan-lint is $(command -v plan-lint)"
echo "wheel: $passed passed, 0 failed"
