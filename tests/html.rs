//! `--format html` on the seed: one self-contained page with every finding, its place, and the
//! subtotal's table with the offending cell highlighted and the expected value in it. (Headless
//! Chromium loads the report of the whole corpus in `tests/html_e2e.sh`.)

use assert_cmd::Command;

#[test]
fn the_seed_as_one_self_contained_page() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let out = Command::cargo_bin("plan-lint")
        .unwrap()
        .args(["check", "--format", "html", "--output-file", page.to_str().unwrap(), "fixtures/seed"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    for outside in ["http://", "https://", " src=", "url(", "@import"] {
        assert!(!html.contains(outside), "the page refers to something outside itself: {outside}");
    }
    assert_eq!(html.matches("<div class=\"finding ").count(), 25, "every finding of the seed");
    assert!(html.contains("data-rule=\"P001\" data-severity=\"error\""));
    // Table 16.11, Parliamentary documentation, 2021 actual: 100 where the items sum to 99.
    let cell = "<td class=\"n hit\">100<span class=\"want\">should be 99</span></td>";
    assert!(html.contains(cell), "the offending cell, highlighted, with the expected value");
    assert!(html.contains("<div class=\"cap\">Table 16.11: "), "the table's caption");
    assert!(
        html.contains("<mark>76/xxxx</mark>") || html.contains("<td class=\"n hit\">76/xxxx"),
        "a placeholder, marked"
    );
    assert!(html.contains("name=\"rule\" value=\"P002\""), "a filter per rule");
    assert!(html.contains("name=\"severity\" value=\"warning\""), "a filter per severity");
}

/// A run over a YAML plan and a real Word fascicle: the summary has a row per document with its
/// counts and a row per rule, and the Word finding is placed in words with its table.
#[test]
fn a_yaml_plan_and_a_word_fascicle_summarised_per_document_and_rule() {
    let sect11 = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/ppb2026/A_80_6_Sect.11.docx");
    assert!(sect11.exists(), "{} is missing: this test reads ../shared beside the checkout", sect11.display());
    let inputs = ["fixtures/seed/unodc-2023.yaml", sect11.to_str().unwrap()];
    let run = |format: &str| {
        let out =
            Command::cargo_bin("plan-lint").unwrap().args(["check", "--format", format]).args(inputs).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        String::from_utf8(out.stdout).unwrap()
    };
    let html = run("html");
    let findings: Vec<serde_json::Value> = serde_json::from_str(&run("json")).unwrap();
    // The report lists documents in path order, as check's other formats do.
    let mut files = inputs;
    files.sort();
    for (i, file) in files.iter().enumerate() {
        let of = |s: &str| findings.iter().filter(|f| f["file"] == *file && f["severity"] == s).count();
        let row = format!(
            "<tr><td><a href=\"#file-{i}\">{file}</a></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            of("error"),
            of("warning"),
            of("info")
        );
        assert!(html.contains(&row), "the document's summary row {row}");
        assert!(html.contains(&format!("<section id=\"file-{i}\"><h3>{file}</h3>")), "its section");
    }
    let mut rules: Vec<&str> = findings.iter().map(|f| f["rule"].as_str().unwrap()).collect();
    rules.sort();
    rules.dedup();
    for code in rules {
        let n = findings.iter().filter(|f| f["rule"] == code).count();
        assert!(html.contains(&format!("<tr><td>{code}</td>")), "a summary row for {code}");
        assert!(html.contains(&format!("name=\"rule\" value=\"{code}\" checked> {code} ({n})")), "{code}: {n}");
    }
    // Table 11.6 of A/80/6 (Sect. 11): 5 publications for 2026 where the items sum to 6.
    assert!(html.contains("<div class=\"place\">table 11.6, row “Publications”, column “2026 planned”</div>"));
    assert!(html.contains("<td class=\"n hit\">5<span class=\"want\">should be 6</span></td>"));
}
