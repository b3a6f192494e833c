//! Comparing a plan with its previous edition (issue 13): the hand-made pairs of
//! fixtures/editions through the binary (every output format shows the previous edition's place),
//! `--previous` and `[previous]` in plan-lint.toml, and the real pairs of the corpus compared
//! with themselves.

#[allow(dead_code)]
mod common;

use assert_cmd::Command;
use plan_lint::check::{CheckOptions, check_file};
use plan_lint::edition::Edition;
use plan_lint::rules::EDITION_RULES;
use std::path::Path;
use std::sync::Arc;

struct Run {
    stdout: String,
    stderr: String,
    code: i32,
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

fn plan_lint(args: &[&str]) -> Run {
    plan_lint_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

const PREVIOUS: &str = "fixtures/editions/previous.yaml";

#[test]
fn each_edition_rule_has_a_failing_pair_that_reports_it_alone() {
    for rule in EDITION_RULES {
        let path = format!("fixtures/editions/{}.yaml", rule.name);
        let run = plan_lint(&["check", "--format", "concise", &path, "--previous", PREVIOUS]);
        assert!(run.code == 0 || run.code == 1, "{path}: exit {} {}", run.code, run.stderr);
        let codes: Vec<&str> = run.stdout.lines().filter_map(|l| l.split('[').nth(1)?.split(']').next()).collect();
        assert!(!codes.is_empty() && codes.iter().all(|c| *c == rule.code), "{path}: {}", run.stdout);
        insta::assert_snapshot!(format!("concise_{}", rule.name), run.stdout);
        // Without the previous edition, the file is clean.
        let alone = plan_lint(&["check", &path]);
        assert_eq!(alone.code, 0, "{path} alone: {}", alone.stdout);
    }
}

#[test]
fn the_passing_plan_is_clean_against_its_previous_edition() {
    let run = plan_lint(&["check", "fixtures/editions/passing.yaml", "--previous", PREVIOUS]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.starts_with("No findings in "), "{}", run.stdout);
}

#[test]
fn every_format_names_the_previous_editions_place() {
    let file = "fixtures/editions/unmarked-change.yaml";
    for format in ["human", "json", "sarif", "github", "junit", "markdown"] {
        let run = plan_lint(&["check", "--format", format, file, "--previous", PREVIOUS]);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        insta::assert_snapshot!(format!("unmarked_change_{format}"), run.stdout);
    }
    // SARIF: the related location is in the previous edition's file, with its own region.
    let run = plan_lint(&["check", "--format", "sarif", file, "--previous", PREVIOUS]);
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let related = &sarif["runs"][0]["results"][0]["relatedLocations"][0]["physicalLocation"];
    assert_eq!(related["artifactLocation"]["uri"], "fixtures/editions/previous.yaml");
    assert_eq!(related["region"]["startLine"], 27);
}

#[test]
fn previous_is_for_one_file_and_must_be_readable() {
    let run = plan_lint(&["check", "fixtures/editions", "--previous", PREVIOUS]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--previous compares one plan"), "{}", run.stderr);
    let run = plan_lint(&["check", "fixtures/editions/passing.yaml", "--previous", "fixtures/editions/none.yaml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("cannot read the previous edition fixtures/editions/none.yaml"), "{}", run.stderr);
    let run = plan_lint(&["check", "fixtures/editions/passing.yaml", "--previous", "LICENSE"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("the previous edition LICENSE is not a plan"), "{}", run.stderr);
}

#[test]
fn the_configuration_names_previous_editions_by_file_and_by_section_pattern() {
    let dir = tempfile::tempdir().unwrap();
    let (new, old) = (dir.path().join("2027"), dir.path().join("2026"));
    std::fs::create_dir_all(&new).unwrap();
    std::fs::create_dir_all(&old).unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/editions");
    std::fs::copy(fixtures.join("previous.yaml"), old.join("sect-16.yaml")).unwrap();
    std::fs::copy(fixtures.join("unmarked-change.yaml"), new.join("plan-16.yaml")).unwrap();
    // Section 17 has no previous edition: checked alone.
    std::fs::copy(fixtures.join("passing.yaml"), new.join("plan-17.yaml")).unwrap();
    std::fs::write(dir.path().join("plan-lint.toml"), "[previous]\n\"plan-{n}.yaml\" = \"2026/sect-{n}.yaml\"\n")
        .unwrap();
    let run = plan_lint_in(dir.path(), &["check", "--format", "concise", "2027"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("2027/plan-16.yaml:26:26: error[P016]"), "{}", run.stdout);
    assert!(run.stdout.contains("(see 2026/sect-16.yaml:27:30: "), "{}", run.stdout);
    assert!(!run.stdout.contains("plan-17"), "{}", run.stdout);
    // A previous edition named for the file itself must exist.
    std::fs::write(dir.path().join("plan-lint.toml"), "[previous]\n\"2027/plan-17.yaml\" = \"2026/sect-17.yaml\"\n")
        .unwrap();
    let run = plan_lint_in(dir.path(), &["check", "2027/plan-17.yaml"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("sect-17.yaml"), "{}", run.stderr);
}

/// The sections both the 2026 corpus and the 2027 sample have.
const SHARED: [&str; 8] = ["3", "13", "16", "20", "21", "26", "29A", "31"];

#[test]
fn a_document_compared_with_itself_gives_no_finding() {
    use rayon::prelude::*;
    let files: Vec<String> = SHARED
        .iter()
        .flat_map(|n| {
            [format!("corpus/ppb2026/A_80_6_Sect.{n}.docx"), format!("corpus/ppb2027-sample/A_81_6 (SECT. {n}).docx")]
        })
        .collect();
    let found: Vec<String> = files
        .par_iter()
        .flat_map(|f| {
            let path = common::shared(f);
            let edition = Edition::load(&path, &Default::default()).unwrap();
            let options = CheckOptions { previous: Some(Arc::new(edition)), ..CheckOptions::default() };
            let report = check_file(f, std::fs::read(&path).unwrap(), &options);
            report
                .diagnostics
                .iter()
                .filter(|d| plan_lint::rules::compares_editions(d.rule))
                .map(|d| format!("{f}: {} {}", d.rule.code, d.message))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn markdown_plans_compare_too() {
    // The Markdown fixture (the plan for 2023) and, made from it, its previous edition (the plan
    // for 2022) in which item 2 planned 20 for 2022 where this edition plans 24, unmarked.
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let new = std::fs::read_to_string(root.join("fixtures/import/plan.md")).unwrap();
    let old = new
        .replace("budget for 2023", "budget for 2022")
        .replace("for the period 2021–2023", "for the period 2020–2022")
        .replace(
            "2021 planned\t2021 actual\t2022 planned\t2023 planned",
            "2020 planned\t2020 actual\t2021 planned\t2022 planned",
        )
        .replace("bodies\t25\t24\t24\t17", "bodies\t30\t30\t25\t20");
    assert_ne!(old, new);
    std::fs::write(dir.path().join("plan.md"), &new).unwrap();
    std::fs::write(dir.path().join("old.md"), &old).unwrap();
    let run = plan_lint_in(
        dir.path(),
        &["check", "--format", "concise", "--select", "P016", "plan.md", "--previous", "old.md"],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let line = run
        .stdout
        .lines()
        .find(|l| l.contains("line item 2 “The Conference of the States Parties"))
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(line.contains("24 is planned, but") && line.contains("planned 20"), "{line}");
    // The previous edition's place is a line and column of its Markdown.
    let old_line = old.lines().position(|l| l.starts_with("2. The Conference")).unwrap() + 1;
    assert!(line.contains(&format!("(see old.md:{old_line}:")), "{line}");
    let same = plan_lint_in(
        dir.path(),
        &["check", "--format", "concise", "--select", "P016,P017,P018,P019,P020", "plan.md", "--previous", "plan.md"],
    );
    assert_eq!(same.code, 0, "{}", same.stdout);
}
