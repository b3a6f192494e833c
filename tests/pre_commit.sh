#!/usr/bin/env bash
# The pre-commit hooks, for real, under pre-commit from PyPI:
# 1. `language: python` (pre-commit-mirror/): pre-commit pip-installs the hook package, which
#    pulls the plan-lint wheel that tests/wheel.sh built (found with PIP_FIND_LINKS), with no
#    cargo on PATH: no Rust toolchain is needed, and nothing is compiled.
# 2. `language: rust` (this repository's .pre-commit-hooks.yaml, the alternative): pre-commit
#    builds plan-lint with cargo (reusing this checkout's target directory).
# Each: commit a plan with wrong totals to a scratch repository, see the hook fail with the
# findings; fix the plan and see it pass. Run by .ci/run, after tests/wheel.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Reuse this checkout's build directory (CARGO_TARGET_DIR when set, as cargo resolves it).
CARGO_TARGET_DIR=$(bash "$here/tests/metadata.sh" target_directory)
export CARGO_TARGET_DIR
wheels="$CARGO_TARGET_DIR/wheels"
ls "$wheels"/plan_lint_un-*.whl >/dev/null 2>&1 || bash "$here/tests/wheel.sh"

# The versions must agree: the mirror pins the wheel of plan-lint's version, the README the tag.
version=$(bash "$here/tests/metadata.sh" version)
grep -q "^version = \"$version\"$" "$here/pre-commit-mirror/pyproject.toml" || { echo "FAIL: pre-commit-mirror's version is not $version" >&2; exit 1; }
grep -q "\"plan-lint-un==$version\"" "$here/pre-commit-mirror/pyproject.toml" || { echo "FAIL: pre-commit-mirror does not pin plan-lint-un==$version" >&2; exit 1; }
grep -q "rev: v$version$" "$here/README.md" || { echo "FAIL: the README's pre-commit example does not pin v$version" >&2; exit 1; }

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
export PRE_COMMIT_HOME="$work/pre-commit-home"
passed=0

# A hook repository as a git repository of its own: try-repo installs hooks from one.
snapshot() { # snapshot SOURCE_DIR DEST: the files git would see (uncommitted changes included)
  mkdir -p "$2"
  (cd "$1" && git ls-files -z --cached --others --exclude-standard -- . | xargs -0 -I{} cp --parents {} "$2")
  git -C "$2" init -q
  git -C "$2" add -A
  git -C "$2" -c user.name=ci -c user.email=ci@example.org commit -qm snapshot
}

run_hook() { # run_hook NAME HOOK_REPO: the failing plan, then the fixed one
  local name=$1 repo=$2 plans="$work/plans-$1"
  mkdir -p "$plans/plans"
  git -C "$plans" init -q
  cp "$here/fixtures/invalid/total-mismatch.yaml" "$plans/plans/subprogramme-1.yaml"
  git -C "$plans" add -A
  set +e
  (cd "$plans" && pre-commit try-repo "$repo" plan-lint --files plans/subprogramme-1.yaml) > "$work/fail.log" 2>&1
  local status=$?
  set -e
  cat "$work/fail.log"
  [ "$status" -ne 0 ] || { echo "FAIL ($name): the hook passed a plan with wrong totals" >&2; exit 1; }
  grep -q "P001\[total-mismatch\]" "$work/fail.log" || { echo "FAIL ($name): the hook did not show the P001 finding" >&2; exit 1; }
  grep -q "plans/subprogramme-1.yaml" "$work/fail.log" || { echo "FAIL ($name): the finding does not name the file" >&2; exit 1; }
  passed=$((passed + 1))
  cp "$here/fixtures/valid/example.yaml" "$plans/plans/subprogramme-1.yaml"
  git -C "$plans" add -A
  (cd "$plans" && pre-commit try-repo "$repo" plan-lint --files plans/subprogramme-1.yaml) > "$work/pass.log" 2>&1 || {
    cat "$work/pass.log"
    echo "FAIL ($name): the hook failed on a correct plan" >&2
    exit 1
  }
  cat "$work/pass.log"
  grep -q "Passed" "$work/pass.log" || { echo "FAIL ($name): pre-commit did not report the hook as passed" >&2; exit 1; }
  passed=$((passed + 1))
}

# 1. language: python, from the wheel, with no cargo on PATH.
snapshot "$here/pre-commit-mirror" "$work/mirror"
(
  export PATH="$work/venv/bin:/usr/local/bin:/usr/bin:/bin"
  export PIP_FIND_LINKS="$wheels" PIP_DISABLE_PIP_VERSION_CHECK=1
  if command -v cargo >/dev/null; then echo "FAIL: cargo is still on PATH" >&2; exit 1; fi
  run_hook python "$work/mirror"
  echo "$passed" > "$work/passed"
)
passed=$(cat "$work/passed")
# (try-repo installs into a temporary store, removed afterwards: that the hook ran at all with
# no cargo on PATH, and pip able to find plan-lint-un only in $wheels, is the proof.)

# 2. language: rust, built from this repository.
export PATH="$work/venv/bin:$PATH"
snapshot "$here" "$work/hook-repo"
run_hook rust "$work/hook-repo"
echo "pre-commit hooks: $passed passed, 0 failed"
