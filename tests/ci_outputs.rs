//! Output for CI and the pre-commit/CI workflow: SARIF validated against the official schema,
//! stable fingerprints, GitHub annotations, JUnit, several outputs in one run, standard input,
//! configuration files, suppressions, statistics and fixes.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

struct Run {
    stdout: String,
    stderr: String,
    code: i32,
}

fn run_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    let mut cmd = Command::cargo_bin("plan-lint").unwrap();
    cmd.current_dir(dir).env("NO_COLOR", "1").args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input);
    }
    let out = cmd.output().unwrap();
    Run {
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
        code: out.status.code().unwrap_or(-1),
    }
}

fn run(args: &[&str]) -> Run {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args, None)
}

fn sarif_schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas/sarif-schema-2.1.0.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("the SARIF 2.1.0 schema is expected at {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let validator = jsonschema::validator_for(&sarif_schema()).unwrap();
    // A real Word fascicle too: its results have logical locations, not regions.
    let docx = "../shared/corpus/ppb2026/A_80_6_Sect.11.docx";
    for target in ["fixtures/seed", "fixtures/invalid", "fixtures/valid", docx] {
        let out = run(&["check", "--format", "sarif", target]);
        let sarif: Value = serde_json::from_str(&out.stdout).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&sarif).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{target}: {errors:#?}");
        let results = sarif["runs"][0]["results"].as_array().unwrap();
        if target != "fixtures/valid" {
            assert!(!results.is_empty());
        }
        for r in results {
            assert!(r["ruleId"].is_string() && r["partialFingerprints"]["planLint/v1"].is_string());
            let rule = &sarif["runs"][0]["tool"]["driver"]["rules"][r["ruleIndex"].as_u64().unwrap() as usize];
            assert_eq!(rule["id"], r["ruleId"]);
            let page = format!("/rules/{}.md", rule["name"].as_str().unwrap());
            assert!(rule["helpUri"].as_str().unwrap().ends_with(&page), "{}", rule["helpUri"]);
            if target == docx {
                assert!(r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].is_string(), "{r}");
                assert!(r["locations"][0]["physicalLocation"].get("region").is_none());
            }
        }
    }
}

#[test]
fn sarif_fingerprints_survive_edits_above_the_finding() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string("fixtures/invalid/total-mismatch.yaml").unwrap();
    let fingerprints = |text: &str| -> Vec<(String, u64)> {
        std::fs::write(dir.path().join("plan.yaml"), text).unwrap();
        let out = run_in(dir.path(), &["check", "--format", "sarif", "plan.yaml"], None);
        let sarif: Value = serde_json::from_str(&out.stdout).unwrap();
        sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["partialFingerprints"]["planLint/v1"].as_str().unwrap().to_owned(),
                    r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let before = fingerprints(&original);
    let edited =
        original.replacen("body:\n", "body:\n  - prose: A new paragraph added above.\n  - heading: Context\n", 1);
    let after = fingerprints(&edited);
    assert_eq!(before.len(), after.len());
    for ((fa, la), (fb, lb)) in before.iter().zip(&after) {
        assert_eq!(fa, fb, "a fingerprint changed");
        assert_eq!(la + 2, *lb, "the finding moved down two lines");
    }
    let unique: std::collections::HashSet<_> = before.iter().map(|(f, _)| f).collect();
    assert_eq!(unique.len(), before.len(), "fingerprints are distinct");
}

#[test]
fn github_annotations_end_with_a_summary() {
    let out = run(&["check", "--format", "github", "fixtures/invalid/total-mismatch.yaml"]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!("github_total_mismatch", out.stdout);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines[0].starts_with(
        "::error file=fixtures/invalid/total-mismatch.yaml,line=18,col=23,endLine=18,endColumn=26,title=P001 total-mismatch::"
    ));
    let n = lines.iter().filter(|l| l.starts_with("::")).count();
    assert!(lines.last().unwrap().starts_with(&format!("plan-lint: Found {n} findings")));
}

#[test]
fn junit_xml() {
    let out =
        run(&["check", "--format", "junit", "fixtures/invalid/total-mismatch.yaml", "fixtures/valid/example.yaml"]);
    insta::assert_snapshot!("junit", out.stdout);
    let failures = out.stdout.matches("<failure ").count();
    assert!(failures > 0);
    let header = format!(r#"<testsuites name="plan-lint" tests="{}" failures="{failures}">"#, failures + 1);
    assert!(out.stdout.contains(&header), "{}", out.stdout);
}

#[test]
fn several_outputs_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("out.sarif");
    let junit = dir.path().join("out.xml");
    let concise = dir.path().join("out.txt");
    let out = run(&[
        "check",
        "fixtures/invalid/total-mismatch.yaml",
        "--output",
        &format!("sarif={}", sarif.display()),
        "--output",
        &format!("junit={}", junit.display()),
    ]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("P001[total-mismatch]"), "human output on the terminal");
    let s: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    let human_count = out.stdout.matches("[total-mismatch]").count() + out.stdout.matches("[missing-total]").count();
    assert_eq!(s["runs"][0]["results"].as_array().unwrap().len(), human_count);
    assert!(std::fs::read_to_string(&junit).unwrap().starts_with("<?xml"));
    let out = run(&[
        "check",
        "--format",
        "concise",
        "--output-file",
        concise.to_str().unwrap(),
        "fixtures/invalid/total-mismatch.yaml",
    ]);
    assert_eq!((out.code, out.stdout.as_str()), (1, ""));
    assert!(std::fs::read_to_string(&concise).unwrap().contains("error[P001]"));
    let bad = run(&["check", "--output", "xml=out.xml", "fixtures/valid"]);
    assert_eq!(bad.code, 2);
}

#[test]
fn fail_on_exit_zero_and_statistics() {
    assert_eq!(run(&["check", "--exit-zero", "fixtures/invalid/total-mismatch.yaml"]).code, 0);
    assert_eq!(run(&["check", "--exit-zero", "no/such.yaml"]).code, 2);
    let out = run(&["check", "--statistics", "fixtures/seed"]);
    insta::assert_snapshot!("statistics_seed", out.stdout);
}

#[test]
fn standard_input_is_checked_as_the_named_file() {
    let text = std::fs::read_to_string("fixtures/invalid/period-label.yaml").unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = run_in(dir, &["check", "--format", "concise", "--stdin-filename", "plans/sp2.yaml"], Some(&text));
    assert_eq!(out.code, 1);
    assert!(out.stdout.starts_with("plans/sp2.yaml:9:39: error[P006] [*] heading says 2020"), "{}", out.stdout);
    // With --fix, the fixed text goes to standard output and the findings to standard error.
    let out = run_in(dir, &["check", "--fix", "--format", "concise", "--stdin-filename", "sp2.yaml"], Some(&text));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("period 2021–2023"));
    assert!(out.stderr.contains("No findings"));
}

#[test]
fn configuration_is_found_walking_up_and_errors_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("plans/drafts")).unwrap();
    std::fs::copy("fixtures/invalid/placeholder-text.yaml", root.join("plans/final.yaml")).unwrap();
    std::fs::copy("fixtures/invalid/placeholder-text.yaml", root.join("plans/drafts/d.yaml")).unwrap();
    std::fs::write(
        root.join("plans/plan-lint.toml"),
        "[severity]\nplaceholder-text = \"error\"\n[placeholders]\nextend = [\"university students\"]\n\
         [[overrides]]\nfiles = [\"drafts/**\"]\nignore = [\"P002\"]\n",
    )
    .unwrap();
    let out = run_in(root, &["check", "--format", "concise", "plans"], None);
    assert_eq!(out.code, 1);
    assert!(!out.stdout.contains("drafts/d.yaml"), "{}", out.stdout);
    assert!(out.stdout.contains("error[P002] placeholder text left in paragraph 16.47: “university students”"));
    // The nearest configuration wins.
    std::fs::write(root.join("plans/drafts/plan-lint.toml"), "select = [\"S\"]\n").unwrap();
    let out = run_in(root, &["check", "--format", "concise", "plans/drafts"], None);
    assert_eq!((out.code, out.stdout.as_str()), (0, "No findings in 1 file.\n"));
    // --config names one explicitly; a bad one is exit 2 with its place.
    std::fs::write(root.join("bad.toml"), "select = [\"P\"]\nseverity = { P001 = \"loud\" }\n").unwrap();
    let out = run_in(root, &["check", "--config", "bad.toml", "plans"], None);
    assert_eq!(out.code, 2);
    assert_eq!(out.stderr, "plan-lint: bad.toml:2:21: severity `loud` is not one of error, warning, info\n");
}

#[test]
fn suppressions_fixture() {
    let out = run(&["check", "--format", "concise", "fixtures/invalid/suppressions.yaml"]);
    insta::assert_snapshot!("suppressions", out.stdout);
}

#[test]
fn fixes_change_only_what_they_fix_and_are_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.yaml");
    let original =
        std::fs::read_to_string("fixtures/invalid/period-label.yaml").unwrap() + "# a trailing comment, kept\n";
    std::fs::write(&path, &original).unwrap();
    // --diff shows the change and writes nothing.
    let out = run_in(dir.path(), &["check", "--diff", "plan.yaml"], None);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!("period_label_diff", out.stdout);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
    // --fix writes exactly the diff.
    let out = run_in(dir.path(), &["check", "--fix", "--format", "concise", "plan.yaml"], None);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert_eq!(out.stderr, "plan-lint: applied 7 fixes in 1 file\n");
    let fixed = std::fs::read_to_string(&path).unwrap();
    let expected = original
        .replace("Programme performance in 2020", "Programme performance in 2021")
        .replace("target for 2022", "target for 2023")
        .replace("period 2020–2022", "period 2021–2023")
        .replace(
            "[2020 planned, 2020 actual, 2021 planned, 2022 planned]",
            "[2021 planned, 2021 actual, 2022 planned, 2023 planned]",
        );
    assert_eq!(fixed, expected, "everything else is kept byte for byte");
    // A second --fix changes nothing.
    let out = run_in(dir.path(), &["check", "--fix", "plan.yaml"], None);
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), fixed);
    // Without --fix nothing is ever written.
    std::fs::write(&path, &original).unwrap();
    run_in(dir.path(), &["check", "plan.yaml"], None);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
}

#[test]
fn fixes_that_could_be_wrong_need_unsafe_fixes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.yaml");
    let original = std::fs::read_to_string("fixtures/invalid/total-mismatch.yaml").unwrap();
    std::fs::write(&path, &original).unwrap();
    let out = run_in(dir.path(), &["check", "--diff", "plan.yaml"], None);
    assert_eq!((out.code, out.stdout.as_str()), (0, ""), "no safe fix for a total");
    let out = run_in(dir.path(), &["check", "--fix", "--unsafe-fixes", "--format", "concise", "plan.yaml"], None);
    assert_eq!(out.code, 0, "{}", out.stdout);
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        fixed,
        original.replacen("values: [100, 100, 80, 80]", "values: [100, 99, 80, 80]", 1).replacen(
            "values: [3, 3, 3, \"3 [4]\"]",
            "values: [3, 6, 3, \"3 [4]\"]",
            1
        )
    );
    let human = run(&["check", "fixtures/invalid/total-mismatch.yaml"]);
    assert!(human.stdout.contains("P001[total-mismatch] (fixable with --unsafe-fixes)"));
    assert!(human.stdout.contains("2 more with --unsafe-fixes."));
}

#[test]
fn the_configured_plan_year_serves_documents_without_one() {
    let dir = tempfile::tempdir().unwrap();
    let plan = std::fs::read_to_string("fixtures/invalid/period-label.yaml")
        .unwrap()
        .replace("  plan_year: 2023\n", "")
        .replace("  performance_year: 2021\n", "");
    std::fs::write(dir.path().join("plan.yaml"), &plan).unwrap();
    let out = run_in(dir.path(), &["check", "--format", "concise", "--select", "P006,S", "plan.yaml"], None);
    assert_eq!((out.code, out.stdout.as_str()), (0, "No findings in 1 file.\n"), "no plan year: nothing to compare");
    std::fs::write(dir.path().join("plan-lint.toml"), "plan-year = 2023\n").unwrap();
    let out = run_in(dir.path(), &["check", "--format", "concise", "--select", "P006,S", "plan.yaml"], None);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains("the title of table 16.1 says the period 2020–2022, but a plan for 2023 covers 2021–2023")
    );
}
