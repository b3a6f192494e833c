//! Getting started: `plan-lint init`, `plan-lint completions SHELL` and `plan-lint man`.

use assert_cmd::Command;
use std::path::Path;

struct Run {
    stdout: String,
    stderr: String,
    code: i32,
}

fn plan_lint(dir: &Path, args: &[&str]) -> Run {
    let out =
        Command::cargo_bin("plan-lint").unwrap().current_dir(dir).env("NO_COLOR", "1").args(args).output().unwrap();
    Run {
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
        code: out.status.code().unwrap_or(-1),
    }
}

fn bin() -> String {
    assert_cmd::cargo::cargo_bin("plan-lint").display().to_string()
}

#[test]
fn init_writes_a_starter_plan_that_checks_clean_and_overwrites_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let run = plan_lint(dir.path(), &["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "wrote ./plan.yaml\nwrote ./plan-lint.toml\nnext: edit the plan, then run `plan-lint check ./plan.yaml`\n"
    );
    let plan = std::fs::read_to_string(dir.path().join("plan.yaml")).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    assert!(plan.starts_with(&format!(
        "# yaml-language-server: $schema=https://raw.githubusercontent.com/plan-lint/plan-lint/v{version}/schemas/plan.schema.json\n"
    )));
    // The URL names a file of the repository at this version's tag: it is the plan schema.
    let first = plan.lines().next().unwrap();
    let in_repo = first.split_once(&format!("/v{version}/")).unwrap().1;
    let schema = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(in_repo)).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&schema).unwrap();
    assert_eq!(schema["title"], "Programme plan");
    // Clean as written, with its configuration read (a folder check finds the plan by discovery).
    let check = plan_lint(dir.path(), &["check", "--fail-on", "info"]);
    assert_eq!((check.code, check.stdout.as_str()), (0, "No findings in 1 file.\n"), "{}", check.stderr);
    // The starter plan exercises the rules: a wrong total in it is found.
    std::fs::write(dir.path().join("plan.yaml"), plan.replace("values: [4, 4, 4, 4]", "values: [5, 4, 4, 4]")).unwrap();
    let check = plan_lint(dir.path(), &["check", "--format", "concise", "plan.yaml"]);
    assert_eq!(check.code, 1);
    assert!(check.stdout.contains("error[P001]"), "{}", check.stdout);
    // A second init writes nothing: exit 2 with a message, and the edited plan is kept.
    let again = plan_lint(dir.path(), &["init"]);
    assert_eq!(again.code, 2);
    assert_eq!(again.stdout, "");
    assert!(again.stderr.contains("plan.yaml exists"), "{}", again.stderr);
    assert!(std::fs::read_to_string(dir.path().join("plan.yaml")).unwrap().contains("[5, 4, 4, 4]"));
    // Nor when only the configuration exists: the plan is not written either.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("plan-lint.toml"), "ignore = [\"P002\"]\n").unwrap();
    let run = plan_lint(other.path(), &["init"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("plan-lint.toml exists"), "{}", run.stderr);
    assert!(!other.path().join("plan.yaml").exists());
    assert_eq!(std::fs::read_to_string(other.path().join("plan-lint.toml")).unwrap(), "ignore = [\"P002\"]\n");
}

#[test]
fn completions_are_generated_for_each_shell_and_load_in_bash() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, marker) in [("bash", "complete -F"), ("zsh", "#compdef plan-lint"), ("fish", "complete -c plan-lint")] {
        let run = plan_lint(dir.path(), &["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains(marker), "{shell}: {}", &run.stdout[..run.stdout.len().min(300)]);
        assert!(run.stdout.contains("unsafe-fixes"), "{shell}");
    }
    // Loaded by bash, the script registers a completion for plan-lint and completes subcommands.
    let script = format!(
        "source <('{}' completions bash) && complete -p plan-lint && COMP_WORDS=(plan-lint ch) COMP_CWORD=1 \
         && _plan__lint plan-lint ch plan-lint && printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        bin()
    );
    let out = std::process::Command::new("bash").args(["-c", &script]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("complete") && stdout.lines().any(|l| l == "check"), "{stdout}");
    let bad = plan_lint(dir.path(), &["completions", "tcsh"]);
    assert_eq!(bad.code, 2);
}

#[test]
fn the_manual_page_renders() {
    let dir = tempfile::tempdir().unwrap();
    let run = plan_lint(dir.path(), &["man"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.starts_with(".ie \\n(.g .ds Aq \\(aq") || run.stdout.contains(".TH plan-lint 1"),
        "{}",
        run.stdout
    );
    let page = dir.path().join("plan-lint.1");
    std::fs::write(&page, &run.stdout).unwrap();
    // `man -l` where man is installed; groff (which man uses) otherwise.
    let man =
        std::process::Command::new("man").arg("-l").arg(&page).env("MANPAGER", "cat").env("MANWIDTH", "80").output();
    let text = match man {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).into_owned(),
        _ => {
            let out = std::process::Command::new("groff").args(["-man", "-Tutf8"]).arg(&page).output().unwrap();
            assert!(out.status.success());
            String::from_utf8_lossy(&out.stdout).into_owned()
        }
    };
    assert!(text.contains("NAME") && text.contains("plan-lint - "), "{text}");
    assert!(text.contains("SUBCOMMANDS") && text.contains("plan-lint-check(1)"), "{text}");
    // --dir writes a page for each subcommand.
    let pages = dir.path().join("man1");
    let run = plan_lint(dir.path(), &["man", "--dir", "man1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for name in ["plan-lint.1", "plan-lint-check.1", "plan-lint-init.1", "plan-lint-completions.1"] {
        assert!(pages.join(name).is_file(), "{name}");
    }
    let check = std::fs::read_to_string(pages.join("plan-lint-check.1")).unwrap();
    assert!(check.contains("unsafe\\-fixes"), "{check}");
}
