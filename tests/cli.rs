//! The built binary on the bundled fixtures: full output snapshots (human, concise, JSON), exit
//! statuses, and the findings the seed must produce, at their exact places.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

struct Run {
    stdout: String,
    stderr: String,
    code: i32,
}

fn plan_lint(args: &[&str]) -> Run {
    plan_lint_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn plan_lint_in(dir: &Path, args: &[&str]) -> Run {
    let out =
        Command::cargo_bin("plan-lint").unwrap().current_dir(dir).env("NO_COLOR", "1").args(args).output().unwrap();
    Run {
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
        code: out.status.code().unwrap_or(-1),
    }
}

fn json(args: &[&str]) -> Vec<Value> {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let run = plan_lint(&all);
    serde_json::from_str::<Value>(&run.stdout).unwrap().as_array().unwrap().clone()
}

/// `CODE@line:column` for each finding, in output order.
fn places(findings: &[Value]) -> Vec<String> {
    findings.iter().map(|f| format!("{}@{}:{}", f["rule"].as_str().unwrap(), f["line"], f["column"])).collect()
}

#[test]
fn seed_fixture_reports_its_real_defects() {
    let findings = json(&["fixtures/seed"]);
    let text = std::fs::read_to_string("fixtures/seed/unodc-2023.yaml").unwrap();
    // The 1-based line of the last of `needles`, each found after the one before.
    let line_of = |needles: &[&str]| {
        let mut at = 0;
        for needle in needles {
            at += text.lines().skip(at).position(|l| l.contains(needle)).unwrap();
        }
        at + 1
    };
    let has = |rule: &str, message_part: &str| {
        findings.iter().any(|f| f["rule"] == rule && f["message"].as_str().unwrap().contains(message_part))
    };
    // Totals: tables 16.4, 16.11, 16.24 and 16.27.
    assert!(has(
        "P001",
        "“Publications” in table 16.4, column “2021 actual”: the total is 3 but its line items sum to 6"
    ));
    assert!(has(
        "P001",
        "“Parliamentary documentation” in table 16.11, column “2021 actual”: the total is 100 but its line items sum to 99"
    ));
    assert!(has(
        "P001",
        "“Substantive services for meetings” in table 16.24, column “2021 actual”: the total is 164 but its line items sum to 148"
    ));
    assert!(has(
        "P001",
        "“Technical materials” in table 16.27, column “2022 planned”: the total is 92 but its line items sum to 96"
    ));
    assert!(has(
        "P001",
        "“Technical materials” in table 16.27, column “2023 planned”: the total is 92 but its line items sum to 96"
    ));
    // Period labels: tables 16.8 and 16.24.
    assert!(has("P006", "table 16.8 says the period 2020–2022, but a plan for 2023 covers 2021–2023"));
    assert!(has("P006", "table 16.24 says the period 2020–2022"));
    // The cross reference in paragraph 16.48.
    assert!(has("P003", "paragraph 16.48 refers to figure 16.3, but the figure that follows it is figure 16.4"));
    // The contents' "transitional", the unnumbered line item of table 16.24, the repeated block of
    // table 16.27, and the four year labels of figures 16.20 and 16.22.
    assert!(has(
        "P009",
        "“Subprogramme 1. Countering transitional organized crime” says “transitional” where its heading says “transnational”"
    ));
    assert!(has(
        "P008",
        "“The Commission on Narcotic Drugs” in table 16.24 has no number: it comes between items 11 and 13"
    ));
    // Table 16.27 lists the same meetings under substantive and under conference and secretariat
    // servicing: the usual layout of a deliverables table, not a repeated block.
    assert!(!findings.iter().any(|f| f["rule"] == "P011"), "table 16.27's servicing blocks are not a duplicate");
    for figure in ["figure 16.20", "figure 16.22"] {
        assert!(has("P012", &format!("{figure} is a performance measure for a planned result, but its 4 year labels")));
    }
    let f = findings.iter().find(|f| f["rule"] == "P009").unwrap();
    let line = line_of(&["text: Subprogramme 1. Countering transitional"]);
    assert_eq!((f["line"].as_u64().unwrap() as usize, f["column"].as_u64().unwrap()), (line, 38));
    assert_eq!(f["end_column"].as_u64().unwrap(), 50);
    // Placeholders: footnotes 3, 12, 13, 14, 21, the 76/xxxx symbol and figure 16.23's title.
    for part in [
        "footnote 3:",
        "footnote 12:",
        "footnote 13:",
        "footnote 14:",
        "footnote 21:",
        "“76/xxxx”",
        "figure 16.23: “will require updating”",
    ] {
        assert!(has("P002", part), "no placeholder finding for {part}");
    }
    // Exact places: the 2021 actual total of table 16.4 (`[3, 3, 3, 3]`, second value) ...
    let f = findings.iter().find(|f| f["message"].as_str().unwrap().contains("table 16.4")).unwrap();
    let line = line_of(&["table: \"16.4\"", "subcategory: Publications", "values: [3, 3, 3, 3]"]);
    assert_eq!((f["line"].as_u64().unwrap() as usize, f["column"].as_u64().unwrap()), (line, 21));
    assert_eq!(f["pointer"].as_str().unwrap().split('/').nth(1), Some("body"));
    // ... and "figure 16.3" in the text of paragraph 16.48.
    let f = findings.iter().find(|f| f["rule"] == "P003").unwrap();
    let line = line_of(&["paragraph: \"16.48\"", "(see figure 16.3)."]);
    assert_eq!(f["line"].as_u64().unwrap() as usize, line);
    assert_eq!(f["column"].as_u64().unwrap(), 25);
    assert_eq!(f["end_column"].as_u64().unwrap(), 29);
    // No schema or YAML findings: the transcription follows the format.
    assert!(findings.iter().all(|f| f["rule"].as_str().unwrap().starts_with('P')));
}

#[test]
fn seed_fixture_full_output() {
    let run = plan_lint(&["check", "fixtures/seed"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("seed_human", run.stdout);
    let run = plan_lint(&["check", "--format", "json", "fixtures/seed"]);
    insta::assert_snapshot!("seed_json", run.stdout);
    let run = plan_lint(&["check", "--format", "concise", "fixtures/seed"]);
    insta::assert_snapshot!("seed_concise", run.stdout);
}

#[test]
fn valid_fixtures_are_clean() {
    let run = plan_lint(&["check", "fixtures/valid"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.starts_with("No findings in "), "{}", run.stdout);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn invalid_fixtures_full_output() {
    let mut names: Vec<_> =
        std::fs::read_dir("fixtures/invalid").unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    assert!(names.len() >= 12);
    for name in names {
        let path = format!("fixtures/invalid/{name}");
        let run = plan_lint(&["check", &path]);
        assert!(run.code == 0 || run.code == 1, "{path}: exit {}", run.code);
        assert!(!run.stdout.starts_with("No findings"), "{path} must have findings");
        insta::assert_snapshot!(format!("invalid_{}", name.trim_end_matches(".yaml")), run.stdout);
    }
}

#[test]
fn each_rule_has_a_failing_fixture() {
    let findings = json(&["fixtures/invalid"]);
    // I001 (import-uncertain) is reported only when a Word or Markdown document is imported:
    // tests/import.rs covers it. The edition rules need a previous edition: their fixtures are
    // pairs in fixtures/editions (tests/editions.rs).
    for rule in
        plan_lint::rules::REGISTRY.iter().filter(|r| r.code != "I001" && !plan_lint::rules::compares_editions(r))
    {
        assert!(
            findings.iter().any(|f| f["rule"] == rule.code),
            "no fixture in fixtures/invalid makes {} ({}) report",
            rule.code,
            rule.name
        );
    }
}

#[test]
fn aliased_content_is_reported_at_the_alias_with_the_anchor() {
    let findings = json(&["fixtures/invalid/aliases.yaml"]);
    assert_eq!(places(&findings), ["P001@15:18", "P001@23:11", "P001@24:9"]);
    // Table 16.2 uses `rows: *rows`: the finding is at the alias, the anchor is a label.
    let labels = findings[1]["labels"].as_array().unwrap();
    assert_eq!(labels[0]["message"], "in the content of this anchor");
    assert_eq!(labels[0]["line"], 15);
}

#[test]
fn multi_document_files_are_a_plan_per_document() {
    let findings = json(&["fixtures/invalid/multi-document.yaml"]);
    assert_eq!(places(&findings), ["P002@17:11"]);
    assert_eq!(findings[0]["document"], 1);
}

#[test]
fn exit_status_follows_the_fail_on_level() {
    // Only warnings: exit 0 by default, 1 with --fail-on warning.
    assert_eq!(plan_lint(&["check", "fixtures/invalid/placeholder-text.yaml"]).code, 0);
    assert_eq!(plan_lint(&["check", "--fail-on", "warning", "fixtures/invalid/placeholder-text.yaml"]).code, 1);
    assert_eq!(plan_lint(&["check", "fixtures/invalid/total-mismatch.yaml"]).code, 1);
    assert_eq!(plan_lint(&["check", "--ignore", "P001", "fixtures/invalid/total-mismatch.yaml"]).code, 0);
    assert_eq!(plan_lint(&["check", "--select", "P", "fixtures/invalid/schema-errors.yaml"]).code, 0);
    // A file that could not be read is never clean, whatever is selected.
    assert_eq!(plan_lint(&["check", "--select", "P", "fixtures/invalid/yaml-syntax.yaml"]).code, 1);
    assert_eq!(plan_lint(&["check", "--ignore", "Y", "fixtures/invalid/alias-bomb.yaml"]).code, 1);
}

#[test]
fn tool_failures_exit_2_with_a_message() {
    let run = plan_lint(&["check", "no/such/plan.yaml"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, "plan-lint: cannot read no/such/plan.yaml: no such file or directory\n");
    // The other files are still checked and reported.
    let run = plan_lint(&["check", "no/such/plan.yaml", "fixtures/invalid/total-mismatch.yaml"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.contains("P001"));
    let run = plan_lint(&["check", "--ignore", "P999", "fixtures/valid"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("`P999` names no rule"));
    assert_eq!(plan_lint(&["check", "--format", "xml", "fixtures/valid"]).code, 2);
    assert_eq!(plan_lint(&["rule", "P999"]).code, 2);
    let dir = tempfile::tempdir().unwrap();
    let run = plan_lint(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no plan files"));
}

#[test]
fn nothing_checked_prints_no_summary() {
    for format in ["human", "concise", "json", "sarif"] {
        let run = plan_lint(&["check", "--format", format, "no/such/dir"]);
        assert_eq!(run.code, 2);
        assert_eq!(run.stdout, "", "--format {format}");
        assert_eq!(run.stderr, "plan-lint: cannot read no/such/dir: no such file or directory\n");
    }
}

#[test]
fn statistics_follow_the_format() {
    let run = plan_lint(&["check", "--statistics", "--format", "json", "fixtures/seed"]);
    assert_eq!(run.code, 1);
    let rows: Value = serde_json::from_str(&run.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(
        rows[0],
        serde_json::json!({"rule": "P002", "name": "placeholder-text", "count": 13, "fixable": 0, "unsafe_fixable": 0})
    );
    let p006 = rows.iter().find(|r| r["rule"] == "P006").unwrap();
    assert_eq!((p006["count"].as_u64(), p006["fixable"].as_u64()), (Some(2), Some(2)));
    let total: u64 = rows.iter().map(|r| r["count"].as_u64().unwrap()).sum();
    assert_eq!(total as usize, json(&["fixtures/seed"]).len());
    let run = plan_lint(&["check", "--statistics", "--format", "junit", "fixtures/seed"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--statistics prints a table, or JSON with --format json"), "{}", run.stderr);
}

#[test]
fn human_header_names_the_findings_line_and_column() {
    let findings = json(&["fixtures/seed"]);
    let human = plan_lint(&["check", "fixtures/seed"]).stdout;
    // The headers of each finding: a snippet per place, each headed by its place (a finding
    // with a far label has two snippets).
    let mut headers: Vec<Vec<String>> = Vec::new();
    for line in human.lines() {
        if line.starts_with(['P', 'S', 'Y', 'C']) && line.contains('[') {
            headers.push(Vec::new());
        } else if let Some(rest) = line.trim_start().strip_prefix("╭─[fixtures/seed/unodc-2023.yaml:") {
            headers.last_mut().unwrap().push(rest.trim_end_matches(']').to_owned());
        }
    }
    let expected: Vec<String> = findings.iter().map(|f| format!("{}:{}", f["line"], f["column"])).collect();
    assert_eq!(headers.len(), expected.len());
    for (shown, place) in headers.iter().zip(&expected) {
        assert!(shown.contains(place), "the finding at {place} is headed {shown:?}");
    }
}

#[test]
fn colour_is_forced_by_the_environment_and_used_in_concise_output() {
    let run = |env: &[(&str, &str)], args: &[&str]| {
        let mut cmd = Command::cargo_bin("plan-lint").unwrap();
        cmd.current_dir(env!("CARGO_MANIFEST_DIR")).env_remove("NO_COLOR").env_remove("FORCE_COLOR");
        cmd.env_remove("CLICOLOR_FORCE");
        for (k, v) in env {
            cmd.env(k, v);
        }
        String::from_utf8(cmd.args(args).output().unwrap().stdout).unwrap()
    };
    let concise = ["check", "--format", "concise", "fixtures/invalid/total-mismatch.yaml"];
    // Not a terminal: no colour, unless forced.
    assert!(!run(&[], &concise).contains('\x1b'));
    let forced = run(&[("FORCE_COLOR", "1")], &concise);
    assert!(
        forced.starts_with(
            "\x1b[1mfixtures/invalid/total-mismatch.yaml:18:23:\x1b[0m \x1b[1;31merror\x1b[0m[\x1b[1mP001\x1b[0m]"
        ),
        "{forced:?}"
    );
    assert!(run(&[("CLICOLOR_FORCE", "1")], &concise).contains('\x1b'));
    assert!(
        run(&[("CLICOLOR_FORCE", "1")], &concise[..1].iter().chain(&concise[3..]).copied().collect::<Vec<_>>())
            .contains('\x1b')
    );
    assert!(
        !run(&[("FORCE_COLOR", "1")], &["check", "--color", "never", "fixtures/invalid/total-mismatch.yaml"])
            .contains('\x1b')
    );
    assert!(
        run(
            &[("NO_COLOR", "1")],
            &["check", "--color", "always", "--format", "concise", "fixtures/invalid/total-mismatch.yaml"]
        )
        .contains('\x1b')
    );
}

#[test]
fn binary_and_non_utf8_files_are_findings_not_crashes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("binary.yaml"), b"document:\x00\x01\x02").unwrap();
    std::fs::write(dir.path().join("latin1.yaml"), b"document: C\xf4te d'Ivoire\n").unwrap();
    let run = plan_lint_in(dir.path(), &["check", "--format", "concise", "."]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "binary.yaml:1:1: error[Y001] not a text file: a NUL byte at byte 9\n\
         latin1.yaml:1:1: error[Y001] not a text file: invalid UTF-8 at byte 11\n\
         Found 2 findings in 2 of 2 files: 2 errors.\n"
    );
}

#[test]
fn directories_are_walked_gitignore_aware_in_a_stable_order() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::process::Command::new("git").arg("init").arg("-q").current_dir(root).status().unwrap();
    std::fs::write(root.join(".gitignore"), "ignored/\n").unwrap();
    for sub in ["b", "a", "ignored"] {
        std::fs::create_dir(root.join(sub)).unwrap();
        std::fs::copy("fixtures/invalid/placeholder-text.yaml", root.join(sub).join("plan.yml")).unwrap();
    }
    std::fs::write(root.join("a/notes.txt"), "not a plan").unwrap();
    let run = plan_lint_in(root, &["check", "--format", "concise", "--select", "P002", "."]);
    let files: Vec<&str> =
        run.stdout.lines().filter_map(|l| l.split(':').next()).filter(|f| f.ends_with(".yml")).collect();
    let mut unique = files.clone();
    unique.dedup();
    assert_eq!(unique, ["a/plan.yml", "b/plan.yml"]);
}

#[test]
fn folders_hold_plans_and_other_yaml_and_documents() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("docker-compose.yml"), "services:\n  web:\n    image: nginx\n").unwrap();
    std::fs::create_dir_all(root.join("plans/archive")).unwrap();
    std::fs::copy("fixtures/invalid/total-mismatch.yaml", root.join("plans/sp1.yaml")).unwrap();
    std::fs::copy("fixtures/invalid/total-mismatch.yaml", root.join("plans/archive/old.yaml")).unwrap();
    std::fs::create_dir(root.join("drafts")).unwrap();
    std::fs::copy("fixtures/import/plan.md", root.join("drafts/plan.md")).unwrap();
    let files = |run: &Run| {
        let mut f: Vec<String> = run.stdout.lines().filter_map(|l| l.split(':').next()).map(str::to_owned).collect();
        f.retain(|l| !l.starts_with("Found") && !l.starts_with("No findings"));
        f.dedup();
        f
    };
    // The compose file is not a plan: no S001 for it.
    let run = plan_lint_in(root, &["check", "--format", "concise", "."]);
    assert_eq!(files(&run), ["plans/archive/old.yaml", "plans/sp1.yaml"], "{}", run.stdout);
    let run = plan_lint_in(root, &["check", "--format", "concise", "--exclude", "archive", "."]);
    assert_eq!(files(&run), ["plans/sp1.yaml"]);
    std::fs::write(root.join("plan-lint.toml"), "exclude = [\"plans/archive/**\"]\n").unwrap();
    let run = plan_lint_in(root, &["check", "--format", "concise", "."]);
    assert_eq!(files(&run), ["plans/sp1.yaml"]);
    // Named, the compose file is checked: it is not a plan.
    let run = plan_lint_in(root, &["check", "--format", "concise", "docker-compose.yml"]);
    assert!(run.stdout.contains("docker-compose.yml:1:1: error[S001]"), "{}", run.stdout);
    // Documents are checked when asked; a folder of them alone says how.
    let run = plan_lint_in(root, &["check", "drafts"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "plan-lint: no plan files (*.yaml, *.yml with a top-level `document:`) found in drafts\n  \
         hint: the folder has 1 Markdown or text document: check it with --include '*.md'\n"
    );
    let run = plan_lint_in(root, &["check", "--format", "concise", "--include", "*.md", "--include", "*.yaml", "."]);
    assert_eq!(files(&run), ["drafts/plan.md", "plans/sp1.yaml"]);
    std::fs::write(root.join("plan-lint.toml"), "include = [\"drafts/*.md\"]\n").unwrap();
    let run = plan_lint_in(root, &["check", "--format", "concise", "."]);
    assert_eq!(files(&run), ["drafts/plan.md"]);
    std::fs::write(root.join("plan-lint.toml"), "include = [\"drafts/[\"]\n").unwrap();
    let run = plan_lint_in(root, &["check", "."]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("plan-lint.toml:1:12: bad glob `drafts/[`"), "{}", run.stderr);
}

#[test]
fn columns_count_characters_not_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let text = "document:\n  symbol: A/77/6\n  title: Plan for Côte d’Ivoire – 2023\n  plan_year: 2023\nbody:\n  - prose: Côte d’Ivoire – to be updated\n";
    std::fs::write(dir.path().join("p.yaml"), text).unwrap();
    let run = plan_lint_in(dir.path(), &["check", "--format", "json", "p.yaml"]);
    let findings: Value = serde_json::from_str(&run.stdout).unwrap();
    let f = &findings[0];
    assert_eq!(f["rule"], "P002");
    // "  - prose: Côte d’Ivoire – " is 27 characters (33 bytes): the phrase starts at column 28.
    assert_eq!((f["line"].as_u64(), f["column"].as_u64()), (Some(6), Some(28)));
    assert_eq!(f["end_column"].as_u64(), Some(41));
}

#[test]
fn json_output_is_the_documented_contract() {
    let findings = json(&["fixtures/invalid/total-mismatch.yaml"]);
    let f = &findings[0];
    for (key, kind) in [
        ("rule", "string"),
        ("name", "string"),
        ("severity", "string"),
        ("message", "string"),
        ("help", "string"),
        ("file", "string"),
        ("line", "number"),
        ("column", "number"),
        ("end_line", "number"),
        ("end_column", "number"),
        ("document", "number"),
        ("pointer", "string"),
        ("labels", "array"),
    ] {
        let ok = match kind {
            "string" => f[key].is_string(),
            "number" => f[key].is_u64(),
            _ => f[key].is_array(),
        };
        assert!(ok, "`{key}` should be a {kind}: {f}");
    }
    assert_eq!(f["name"], "total-mismatch");
    assert_eq!(f["pointer"], "/body/1/rows/1/values/1");
}

#[test]
fn rules_are_listed_and_documented() {
    let run = plan_lint(&["rules"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!("rules", run.stdout);
    let run = plan_lint(&["rule", "total-mismatch"]);
    assert!(run.stdout.starts_with("# P001 total-mismatch"));
    let run = plan_lint(&["rules", "--format", "json"]);
    let rules: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(rules.as_array().unwrap().len(), plan_lint::rules::REGISTRY.len());
}

#[test]
fn readme_shows_real_output() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    for (command, args) in [
        ("$ plan-lint check --format concise fixtures/seed\n", &["check", "--format", "concise", "fixtures/seed"][..]),
        (
            "$ plan-lint check fixtures/invalid/total-mismatch.yaml\n",
            &["check", "fixtures/invalid/total-mismatch.yaml"][..],
        ),
    ] {
        let start = readme.find(command).unwrap_or_else(|| panic!("README lacks {command}")) + command.len();
        let shown = &readme[start..start + readme[start..].find("```").unwrap()];
        let actual = plan_lint(args).stdout;
        // The README may elide the middle of long output with a line "...".
        for part in shown.split("\n...\n") {
            assert!(actual.contains(part.trim()), "README output is stale for {command}:\n{part}");
        }
    }
    let rules = plan_lint(&["rules"]).stdout;
    assert!(readme.contains(&rules), "README's rule list is stale");
    // What a folder of Word documents says (on standard error).
    let command = "$ plan-lint check ../shared/corpus/ppb2026\n";
    let start = readme.find(command).expect("README lacks the folder of Word documents") + command.len();
    let shown = &readme[start..start + readme[start..].find("```").unwrap()];
    assert_eq!(plan_lint(&["check", "../shared/corpus/ppb2026"]).stderr, shown);
}

// ---- getting started: `plan-lint init`, `plan-lint completions SHELL`, `plan-lint man` ----

/// The built binary's path, for scripts that run it.
fn bin() -> String {
    assert_cmd::cargo::cargo_bin("plan-lint").display().to_string()
}

#[test]
fn init_writes_a_starter_plan_that_checks_clean_and_overwrites_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let run = plan_lint_in(dir.path(), &["init"]);
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
    let check = plan_lint_in(dir.path(), &["check", "--fail-on", "info"]);
    assert_eq!((check.code, check.stdout.as_str()), (0, "No findings in 1 file.\n"), "{}", check.stderr);
    // The starter plan exercises the rules: a wrong total in it is found.
    std::fs::write(dir.path().join("plan.yaml"), plan.replace("values: [4, 4, 4, 4]", "values: [5, 4, 4, 4]")).unwrap();
    let check = plan_lint_in(dir.path(), &["check", "--format", "concise", "plan.yaml"]);
    assert_eq!(check.code, 1);
    assert!(check.stdout.contains("error[P001]"), "{}", check.stdout);
    // A second init writes nothing: exit 2 with a message, and the edited plan is kept.
    let again = plan_lint_in(dir.path(), &["init"]);
    assert_eq!(again.code, 2);
    assert_eq!(again.stdout, "");
    assert!(again.stderr.contains("plan.yaml exists"), "{}", again.stderr);
    assert!(std::fs::read_to_string(dir.path().join("plan.yaml")).unwrap().contains("[5, 4, 4, 4]"));
    // Nor when only the configuration exists: the plan is not written either.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("plan-lint.toml"), "ignore = [\"P002\"]\n").unwrap();
    let run = plan_lint_in(other.path(), &["init"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("plan-lint.toml exists"), "{}", run.stderr);
    assert!(!other.path().join("plan.yaml").exists());
    assert_eq!(std::fs::read_to_string(other.path().join("plan-lint.toml")).unwrap(), "ignore = [\"P002\"]\n");
}

#[test]
fn completions_are_generated_for_each_shell_and_load_in_bash() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, marker) in [("bash", "complete -F"), ("zsh", "#compdef plan-lint"), ("fish", "complete -c plan-lint")] {
        let run = plan_lint_in(dir.path(), &["completions", shell]);
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
    let bad = plan_lint_in(dir.path(), &["completions", "tcsh"]);
    assert_eq!(bad.code, 2);
}

#[test]
fn the_manual_page_renders() {
    let dir = tempfile::tempdir().unwrap();
    let run = plan_lint_in(dir.path(), &["man"]);
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
    let run = plan_lint_in(dir.path(), &["man", "--dir", "man1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for name in ["plan-lint.1", "plan-lint-check.1", "plan-lint-init.1", "plan-lint-completions.1"] {
        assert!(pages.join(name).is_file(), "{name}");
    }
    let check = std::fs::read_to_string(pages.join("plan-lint-check.1")).unwrap();
    assert!(check.contains("unsafe\\-fixes"), "{check}");
}
