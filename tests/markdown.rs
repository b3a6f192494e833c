//! `--format markdown` read back by a CommonMark parser with GitHub's table extension
//! (pulldown-cmark, as GitHub renders GFM): one table per file with findings, four cells a row,
//! every finding either in a table or counted in a "more" line; the output within the size of a
//! pull-request comment. On the 2026 corpus and the 2027 sample.

#[allow(dead_code)]
mod common;

use assert_cmd::Command;
use common::shared;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The tables of a Markdown text: each a list of rows (the header row first), each a list of
/// cell texts; and the text of the paragraphs.
fn read(markdown: &str) -> (Vec<Vec<Vec<String>>>, Vec<String>) {
    let (mut tables, mut paragraphs) = (Vec::new(), Vec::new());
    let mut cell: Option<String> = None;
    let mut paragraph: Option<String> = None;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Table(_)) => tables.push(Vec::new()),
            Event::Start(Tag::TableHead | Tag::TableRow) => tables.last_mut().unwrap().push(Vec::new()),
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                let row: &mut Vec<String> = tables.last_mut().unwrap().last_mut().unwrap();
                row.push(cell.take().unwrap());
            }
            Event::Start(Tag::Paragraph) => paragraph = Some(String::new()),
            Event::End(TagEnd::Paragraph) => paragraphs.push(paragraph.take().unwrap()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = cell.as_mut().or(paragraph.as_mut()) {
                    c.push_str(&t);
                }
            }
            _ => {}
        }
    }
    (tables, paragraphs)
}

fn run(args: &[&str]) -> (String, Vec<serde_json::Value>) {
    let markdown = Command::cargo_bin("plan-lint").unwrap().args(["check", "--format", "markdown"]).args(args).output();
    let markdown = String::from_utf8(markdown.unwrap().stdout).unwrap();
    let json = Command::cargo_bin("plan-lint").unwrap().args(["check", "--format", "json"]).args(args).output();
    (markdown, serde_json::from_slice(&json.unwrap().stdout).unwrap())
}

/// The number in "… and N more finding(s) …".
fn more(line: &str) -> usize {
    line.split_whitespace().nth(2).and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("no count in {line:?}"))
}

#[test]
fn the_corpus_and_the_sample_as_github_markdown() {
    let c26 = shared("corpus/ppb2026");
    let c27 = shared("corpus/ppb2027-sample");
    let (markdown, findings) = run(&["--include", "*.docx", c26.to_str().unwrap(), c27.to_str().unwrap()]);
    assert!(markdown.len() <= 60_000, "{} bytes: more than a pull-request comment should hold", markdown.len());
    let (tables, paragraphs) = read(&markdown);
    assert!(
        paragraphs[0].starts_with(&format!("Found {} findings in 50 of 57 files: ", findings.len())),
        "{}",
        paragraphs[0]
    );
    // The same findings as JSON gives: how many there are is the rules' business, not this test's.
    assert!(findings.len() > 400, "{}", findings.len());
    let mut listed = 0;
    for t in &tables {
        assert_eq!(t[0], ["severity", "rule", "where", "finding"]);
        assert!(t.len() - 1 <= 25, "at most 25 findings a file");
        for row in &t[1..] {
            assert_eq!(row.len(), 4, "{row:?}");
            let code = &row[1][..4];
            assert!(findings.iter().any(|f| f["rule"] == code && row[3].starts_with(f["message"].as_str().unwrap())));
        }
        listed += t.len() - 1;
    }
    let p001 = tables.iter().flatten().find(|r| r[1].starts_with("P001")).expect("a P001 row");
    assert!(p001[2].starts_with("table ") && p001[3].contains("should be "), "{p001:?}");
    let more_lines: Vec<&String> = paragraphs.iter().filter(|p| p.starts_with("… and ")).collect();
    let counted: usize = more_lines.iter().map(|p| more(p)).sum();
    assert_eq!(listed + counted, findings.len(), "every finding listed or counted");
    assert!(more_lines.last().unwrap().contains("more files, not listed here"), "{:?}", more_lines.last());

    // The 2027 sample alone fits: every finding in its file's table.
    let (markdown, findings) = run(&["--include", "*.docx", c27.to_str().unwrap()]);
    let (tables, paragraphs) = read(&markdown);
    // One table per file with findings.
    let files: std::collections::BTreeSet<&str> = findings.iter().filter_map(|f| f["file"].as_str()).collect();
    assert_eq!(tables.len(), files.len());
    assert_eq!(tables.iter().map(|t| t.len() - 1).sum::<usize>(), findings.len());
    assert!(!paragraphs.iter().any(|p| p.starts_with("… and ")));
}

#[test]
fn markdown_with_statistics_is_refused() {
    let out = Command::cargo_bin("plan-lint")
        .unwrap()
        .args(["check", "--format", "markdown", "--statistics", "fixtures/seed"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
