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
