#!/usr/bin/env bash
# The pre-commit hook, for real: install pre-commit from PyPI, make a git repository with a
# defective plan, run `pre-commit try-repo` against this repository, see the hook fail with the
# findings; fix the plan and see it pass. Run by .ci/run.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
export PATH="$work/venv/bin:$PATH"
# Reuse this checkout's build directory (CARGO_TARGET_DIR when set, as cargo resolves it) so the
# hook's `cargo install` is incremental.
CARGO_TARGET_DIR=$(cargo metadata --format-version 1 --no-deps --manifest-path "$here/Cargo.toml" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
export CARGO_TARGET_DIR
export PRE_COMMIT_HOME="$work/pre-commit-home"

# try-repo installs the hook from a git repository: use a snapshot of the working tree, so that
# uncommitted changes are what is tested.
hook_repo="$work/hook-repo"
mkdir -p "$hook_repo"
(cd "$here" && git ls-files -z --cached --others --exclude-standard | xargs -0 -I{} cp --parents {} "$hook_repo")
git -C "$hook_repo" init -q
git -C "$hook_repo" add -A
git -C "$hook_repo" -c user.name=ci -c user.email=ci@example.org commit -qm snapshot

plans="$work/plans-repo"
mkdir -p "$plans/plans"
git -C "$plans" init -q
cp "$here/fixtures/invalid/total-mismatch.yaml" "$plans/plans/subprogramme-1.yaml"
git -C "$plans" add -A

cd "$plans"
set +e
pre-commit try-repo "$hook_repo" plan-lint --files plans/subprogramme-1.yaml > "$work/fail.log" 2>&1
status=$?
set -e
cat "$work/fail.log"
if [ "$status" -eq 0 ]; then
  echo "FAIL: the hook passed a plan with wrong totals" >&2
  exit 1
fi
grep -q "P001\[total-mismatch\]" "$work/fail.log" || { echo "FAIL: the hook did not show the P001 finding" >&2; exit 1; }
grep -q "plans/subprogramme-1.yaml" "$work/fail.log" || { echo "FAIL: the finding does not name the file" >&2; exit 1; }

# Fix the plan: a correct one.
cp "$here/fixtures/valid/example.yaml" "$plans/plans/subprogramme-1.yaml"
git -C "$plans" add -A
pre-commit try-repo "$hook_repo" plan-lint --files plans/subprogramme-1.yaml > "$work/pass.log" 2>&1 || {
  cat "$work/pass.log"
  echo "FAIL: the hook failed on a correct plan" >&2
  exit 1
}
cat "$work/pass.log"
grep -q "Passed" "$work/pass.log" || { echo "FAIL: pre-commit did not report the hook as passed" >&2; exit 1; }
echo "pre-commit hook: 2 passed, 0 failed"
