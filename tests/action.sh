#!/usr/bin/env bash
# The GitHub Action (action.yml), for real where it can be here: its shell steps run in order as
# the runner would run them — inputs and step outputs substituted, GITHUB_OUTPUT, GITHUB_PATH,
# GITHUB_STEP_SUMMARY and RUNNER_TEMP in a scratch folder — installing plan-lint from the wheel
# tests/wheel.sh built, with no Rust on PATH. The `uses:` step (upload-sarif) is not run: the
# test checks that its condition holds and that the file it would upload is valid SARIF.
# Run by .ci/run after tests/wheel.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
target_dir=$(bash "$here/tests/metadata.sh" target_directory)
version=$(bash "$here/tests/metadata.sh" version)
wheel=$(ls "$target_dir"/wheels/plan_lint_un-"$version"-*.whl 2>/dev/null | head -1 || true)
if [ -z "$wheel" ]; then
  echo "FAIL: no wheel in $target_dir/wheels: run tests/wheel.sh first" >&2
  exit 1
fi
python3 -c 'import yaml' 2>/dev/null || python3 -m pip install --quiet pyyaml
cd "$here"
# No cargo on PATH: the action needs none.
PATH="/usr/local/bin:/usr/bin:/bin" exec python3 - "$here/action.yml" "$wheel" "$version" <<'PY'
import json, os, re, shutil, subprocess, sys, tempfile

action_file, wheel, version = sys.argv[1:]
action = json.loads(json.dumps(__import__("yaml").safe_load(open(action_file))))
failed = passed = 0


def check(ok, what):
    global failed, passed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {what}", file=sys.stderr)


def run_action(inputs, tmp):
    """Run the composite action's steps as GitHub's runner does; returns what a workflow sees."""
    values = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
    values.update(inputs)
    env_files = {n: os.path.join(tmp, n.lower()) for n in ("GITHUB_OUTPUT", "GITHUB_PATH", "GITHUB_STEP_SUMMARY")}
    for f in env_files.values():
        open(f, "w").close()
    runner_temp = os.path.join(tmp, "runner-temp")
    os.makedirs(runner_temp, exist_ok=True)
    outputs, path_extra, logs, uploads, status = {}, [], [], [], 0

    def expr(text):
        def value(ref):
            ref = ref.strip()
            if ref.startswith("inputs."):
                return values[ref[len("inputs."):]]
            m = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", ref)
            if m:
                return outputs.get(m.group(1), {}).get(m.group(2), "")
            raise ValueError(f"unknown expression {ref}")
        return value

    def substitute(text):
        return re.sub(r"\$\{\{(.*?)\}\}", lambda m: expr(text)(m.group(1)), text)

    def condition(text):
        text = text.strip()
        if text.startswith("${{"):
            text = text[3:-2]
        py = re.sub(r"(inputs\.[\w-]+|steps\.[\w-]+\.outputs\.[\w-]+)", lambda m: repr(expr(text)(m.group(1))), text)
        py = py.replace("always()", "True").replace("&&", " and ").replace("||", " or ").replace("!=", " != ")
        return eval(py, {}, {})

    for step in action["runs"]["steps"]:
        if "if" in step:
            ok = condition(step["if"])
        else:
            ok = status == 0  # success()
        if not ok:
            continue
        if "uses" in step:
            uploads.append((step["uses"], {k: substitute(str(v)) for k, v in step.get("with", {}).items()}))
            continue
        assert step["shell"] == "bash"
        env = dict(os.environ)
        env.update({"RUNNER_TEMP": runner_temp, "GITHUB_WORKSPACE": os.getcwd(), "GITHUB_ACTIONS": "true"})
        env.update(env_files)
        env["PATH"] = os.pathsep.join(path_extra + [env["PATH"]])
        env.update({k: substitute(str(v)) for k, v in step.get("env", {}).items()})
        open(env_files["GITHUB_OUTPUT"], "w").close()
        script = os.path.join(tmp, "step.sh")
        with open(script, "w") as f:
            f.write(substitute(step["run"]))
        # As the runner runs `shell: bash`.
        p = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], env=env,
                           capture_output=True, text=True)
        logs.append((step.get("name", ""), p.stdout, p.stderr))
        if step.get("id"):
            outputs[step["id"]] = dict(
                line.split("=", 1) for line in open(env_files["GITHUB_OUTPUT"]).read().splitlines() if "=" in line)
        path_extra = [l for l in open(env_files["GITHUB_PATH"]).read().splitlines() if l] [::-1]
        if p.returncode != 0:
            status = p.returncode
    summary = open(env_files["GITHUB_STEP_SUMMARY"]).read()
    action_outputs = {k: substitute(v["value"]) for k, v in action["outputs"].items()}
    return status, action_outputs, summary, logs, uploads


check(action["inputs"]["version"]["default"] == version, f"action.yml installs version {version} by default")
check(action["runs"]["using"] == "composite", "a composite action")
# The README pins this version everywhere: pre-commit revs, the action, the schema URL.
readme = open(os.path.join(os.path.dirname(action_file), "README.md")).read()
pins = re.findall(r"rev: v(\d[\w.]*)|plan-lint/plan-lint@v(\d[\w.]*)|/plan-lint/v(\d[\w.]*)/schemas", readme)
pins = [next(p for p in m if p) for m in pins]
check(len(pins) >= 4 and set(pins) == {version}, f"README pins version {version}: {pins}")

# 1. A plan with wrong totals: annotations, SARIF, a summary, and the job fails.
with tempfile.TemporaryDirectory() as tmp:
    status, out, summary, logs, uploads = run_action(
        {"wheel": wheel, "paths": "fixtures/invalid/total-mismatch.yaml"}, tmp)
    check(status == 1, f"findings fail the job (status {status}): {logs}")
    check(out["exit-code"] == "1", f"exit-code output 1, not {out['exit-code']!r}")
    install = logs[0][1]
    check(install.strip() == f"plan-lint {version}", f"installed from the wheel: {install!r}")
    annotations = logs[1][1]
    check("::error file=fixtures/invalid/total-mismatch.yaml,line=18,col=23" in annotations,
          f"annotations on the changed lines: {annotations[:400]!r}")
    check(uploads and uploads[0][0].startswith("github/codeql-action/upload-sarif@"), f"upload-sarif runs: {uploads}")
    sarif_path = uploads[0][1]["sarif_file"] if uploads else ""
    sarif = json.load(open(sarif_path)) if os.path.isfile(sarif_path) else {}
    check(sarif.get("version") == "2.1.0" and any(r["ruleId"] == "P001" for r in sarif["runs"][0]["results"]),
          "the SARIF file holds the P001 findings")
    check(out["sarif"] == sarif_path, "the sarif output names the uploaded file")
    check("P001" in summary and "| " in summary, f"the job summary lists the findings: {summary[:300]!r}")
    print("--- job summary (findings) ---\n" + summary.strip())

# 2. Clean plans: the job passes, and the summary says so.
with tempfile.TemporaryDirectory() as tmp:
    status, out, summary, logs, uploads = run_action({"wheel": wheel, "paths": "fixtures/valid"}, tmp)
    check(status == 0, f"clean plans pass (status {status}): {logs}")
    check(out["exit-code"] == "0", "exit-code output 0")
    check(summary.strip() != "", "a summary for a clean run")
    print("--- job summary (clean) ---\n" + summary.strip())

# 3. More arguments, with a quoted glob; no SARIF upload and no summary when turned off.
with tempfile.TemporaryDirectory() as tmp:
    status, out, summary, logs, uploads = run_action(
        {"wheel": wheel, "paths": "fixtures", "args": "--include 'fixtures/seed/*.yaml' --fail-on warning",
         "upload-sarif": "false", "summary": "false"}, tmp)
    check(status == 1 and out["exit-code"] == "1", f"--fail-on warning fails the seed: {status} {logs}")
    check("unodc-2023.yaml" in logs[1][1] and "total-mismatch.yaml" not in logs[1][1],
          "--include chose the seed only")
    check(uploads == [] and summary == "", "upload-sarif and summary turned off")

# 4. A path that does not exist: exit status 2 passed on.
with tempfile.TemporaryDirectory() as tmp:
    status, out, summary, logs, uploads = run_action({"wheel": wheel, "paths": "no/such/plans"}, tmp)
    check(status == 2 and out["exit-code"] == "2", f"could not run: status {status}")

print(f"action: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
