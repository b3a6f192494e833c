//! `--write-baseline` and `--baseline` on a YAML plan (the seed), a Markdown draft and a real
//! Word fascicle: after edits elsewhere in the file, the recorded findings are not reported, a
//! new one is, and a fixed one is counted as gone.

#[allow(dead_code)]
mod common;

use assert_cmd::Command;
use common::shared;
use std::io::{Read, Write};
use std::path::Path;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn check(dir: &Path, args: &[&str]) -> Run {
    let out = Command::cargo_bin("plan-lint")
        .unwrap()
        .current_dir(dir)
        .args(["check", "--format", "concise"])
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn lines_with(text: &str, what: &str) -> Vec<String> {
    text.lines().filter(|l| l.contains(what)).map(str::to_owned).collect()
}

#[test]
fn a_yaml_plan_edited_elsewhere_reports_only_what_is_new() {
    let dir = tempfile::tempdir().unwrap();
    let seed =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seed/unodc-2023.yaml")).unwrap();
    std::fs::write(dir.path().join("plan.yaml"), &seed).unwrap();
    let first = check(dir.path(), &["plan.yaml", "--write-baseline", "plan-lint.baseline.json"]);
    assert_eq!(first.code, 0, "writing the baseline succeeds: {}", first.stderr);
    assert!(first.stderr.contains("wrote the baseline plan-lint.baseline.json with 25 findings"), "{}", first.stderr);
    let baseline: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("plan-lint.baseline.json")).unwrap()).unwrap();
    assert_eq!(baseline["findings"].as_array().unwrap().len(), 25);
    assert_eq!(baseline["findings"][0]["file"], "plan.yaml");

    // Lines added above every finding, a new wrong total, and one recorded defect fixed (the
    // Parliamentary documentation total of table 16.11: 100 → 99).
    let edited = seed
        .replacen("document:\n", "# reviewed by the section\n# second pass\ndocument:\n", 1)
        .replacen("values: [100, 100, 80, 80]", "values: [100, 99, 80, 80]", 1)
        .replacen("values: [3, 6, 3, 3]", "values: [3, 6, 3, 9]", 1);
    std::fs::write(dir.path().join("plan.yaml"), &edited).unwrap();
    let again = check(dir.path(), &["./plan.yaml", "--baseline", "plan-lint.baseline.json"]);
    assert!(again.stderr.contains("24 findings of the baseline not shown; 1 of the baseline gone"), "{}", again.stderr);
    let reported: Vec<&str> = again.stdout.lines().filter(|l| l.contains("[P")).collect();
    assert!(reported.iter().all(|l| l.contains("error[P001]")), "{reported:?}");
    assert!(!reported.is_empty() && reported.len() <= 2, "only the new total: {reported:?}");
    assert_eq!(again.code, 1, "a new error fails the run");

    // Without the new defect, nothing is reported and the run passes.
    std::fs::write(dir.path().join("plan.yaml"), edited.replacen("values: [3, 6, 3, 9]", "values: [3, 6, 3, 3]", 1))
        .unwrap();
    let clean = check(dir.path(), &["plan.yaml", "--baseline", "plan-lint.baseline.json"]);
    assert_eq!(clean.code, 0, "{}{}", clean.stdout, clean.stderr);
    assert!(clean.stdout.contains("No findings in 1 file."), "{}", clean.stdout);
}

#[test]
fn a_markdown_draft_edited_elsewhere_reports_only_what_is_new() {
    let dir = tempfile::tempdir().unwrap();
    let draft = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/import/plan.md")).unwrap();
    std::fs::write(dir.path().join("draft.md"), &draft).unwrap();
    let first = check(dir.path(), &["draft.md", "--write-baseline", "b.json"]);
    assert!(first.stderr.contains("with 12 findings"), "{}", first.stderr);
    // A line of prose added before the results, and a new placeholder in it.
    let edited = draft.replacen(
        "## Planned results for 2023",
        "The section reviewed this draft.\n\nFigures to be updated.\n\n## Planned results for 2023",
        1,
    );
    std::fs::write(dir.path().join("draft.md"), edited).unwrap();
    let again = check(dir.path(), &["draft.md", "--baseline", "b.json"]);
    assert!(again.stderr.contains("12 findings of the baseline not shown; 0 of the baseline gone"), "{}", again.stderr);
    assert_eq!(lines_with(&again.stdout, "[P").len(), 1, "{}", again.stdout);
    assert!(again.stdout.contains("warning[P002] placeholder text left"), "{}", again.stdout);
}

/// A copy of a Word package with `word/document.xml` changed by `edit`.
fn edit_docx(from: &Path, to: &Path, edit: impl Fn(&str) -> String) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        if name == "word/document.xml" {
            bytes = edit(std::str::from_utf8(&bytes).unwrap()).into_bytes();
        }
        out.start_file(name.as_str(), opts).unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap();
}

#[test]
fn a_word_fascicle_edited_elsewhere_reports_only_what_is_new() {
    let dir = tempfile::tempdir().unwrap();
    let original = shared("corpus/ppb2026/A_80_6_Sect.11.docx");
    std::fs::copy(&original, dir.path().join("sect11.docx")).unwrap();
    let first = check(dir.path(), &["sect11.docx", "--write-baseline", "b.json"]);
    assert!(first.stderr.contains("with 7 findings"), "{}", first.stderr);
    // Paragraphs added at the start of the body, one with a placeholder.
    edit_docx(&original, &dir.path().join("sect11.docx"), |xml| {
        let at = xml.find("<w:body>").unwrap() + "<w:body>".len();
        format!(
            "{}<w:p><w:r><w:t>Reviewed by the section.</w:t></w:r></w:p><w:p><w:r><w:t>Figures to be updated.</w:t></w:r></w:p>{}",
            &xml[..at],
            &xml[at..]
        )
    });
    let again = check(dir.path(), &["sect11.docx", "--baseline", "b.json"]);
    assert!(again.stderr.contains("7 findings of the baseline not shown; 0 of the baseline gone"), "{}", again.stderr);
    let reported = lines_with(&again.stdout, "sect11.docx:");
    assert_eq!(reported.len(), 1, "{}", again.stdout);
    assert!(reported[0].contains("warning[P002]"), "{reported:?}");
}

#[test]
fn a_baseline_that_is_not_one_stops_the_run() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("b.json"), "{\"findings\": 3}").unwrap();
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seed");
    let r = check(dir.path(), &[seed.to_str().unwrap(), "--baseline", "b.json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("b.json is not a plan-lint baseline"), "{}", r.stderr);
    let r = check(dir.path(), &[seed.to_str().unwrap(), "--baseline", "missing.json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("cannot read the baseline missing.json"), "{}", r.stderr);
}

#[test]
fn the_corpus_and_the_sample_against_their_own_baseline_report_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (c26, c27) = (shared("corpus/ppb2026"), shared("corpus/ppb2027-sample"));
    let folders = ["--include", "*.docx", c26.to_str().unwrap(), c27.to_str().unwrap()];
    let first = check(dir.path(), &[&folders[..], &["--write-baseline", "b.json"]].concat());
    assert!(first.stderr.contains("wrote the baseline b.json with 520 findings"), "{}", first.stderr);
    let again = check(dir.path(), &[&folders[..], &["--baseline", "b.json"]].concat());
    assert!(
        again.stderr.contains("520 findings of the baseline not shown; 0 of the baseline gone"),
        "{}",
        again.stderr
    );
    assert!(again.stdout.contains("No findings in 57 files."), "{}", again.stdout);
    assert_eq!(again.code, 0);
}
