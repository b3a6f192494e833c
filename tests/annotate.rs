//! `plan-lint annotate`: a copy of a Word document with a comment on each finding, on the runs,
//! cell or paragraph it concerns; the original untouched, every other part byte for byte, the
//! comments a document already had kept. (Word's own reader is stood in for by python-docx and
//! LibreOffice in `tests/annotate_e2e.sh`.)

#[allow(dead_code)]
mod common;
mod word;

use assert_cmd::Command;
use common::shared;
use plan_lint::import::xml::{attributes, resolve_ref};
use quick_xml::Reader;
use quick_xml::events::Event;
use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::Path;
use word::{word_package, word_para, word_row};

struct Run {
    stderr: String,
    code: i32,
}

fn plan_lint(args: &[&str]) -> Run {
    let out = Command::cargo_bin("plan-lint").unwrap().args(args).output().unwrap();
    Run { stderr: String::from_utf8(out.stderr).unwrap(), code: out.status.code().unwrap_or(-1) }
}

/// Every entry of a zip: name → (compression method, stored bytes, uncompressed bytes).
fn entries(bytes: &[u8]) -> BTreeMap<String, (String, Vec<u8>, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..z.len() {
        let (name, method, raw) = {
            let mut f = z.by_index_raw(i).unwrap();
            let mut raw = Vec::new();
            f.read_to_end(&mut raw).unwrap();
            (f.name().unwrap().into_owned(), format!("{:?}", f.compression()), raw)
        };
        let mut data = Vec::new();
        z.by_index(i).unwrap().read_to_end(&mut data).unwrap();
        out.insert(name, (method, raw, data));
    }
    out
}

fn text_of(entries: &BTreeMap<String, (String, Vec<u8>, Vec<u8>)>, name: &str) -> String {
    String::from_utf8(entries[name].2.clone()).unwrap()
}

/// Each comment of `word/comments.xml` by id: its author and its paragraphs.
fn comments(xml: &str) -> BTreeMap<String, (String, Vec<String>)> {
    let mut out = BTreeMap::new();
    let mut r = Reader::from_str(xml);
    let mut current: Option<(String, String, Vec<String>)> = None;
    let mut in_t = false;
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) if e.name().as_ref() == "w:comment" => {
                let attrs = attributes(&e);
                let attr = |k: &str| attrs.iter().find(|a| a.0 == k).map(|a| a.1.clone());
                current = Some((attr("w:id").unwrap(), attr("w:author").unwrap_or_default(), Vec::new()));
            }
            Event::Start(e) if e.name().as_ref() == "w:p" => {
                if let Some(c) = current.as_mut() {
                    c.2.push(String::new());
                }
            }
            Event::Start(e) if e.name().as_ref() == "w:t" => in_t = true,
            Event::End(e) if e.name().as_ref() == "w:t" => in_t = false,
            Event::Text(t) if in_t => {
                if let Some(p) = current.as_mut().and_then(|c| c.2.last_mut()) {
                    p.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(g) if in_t => {
                if let Some(p) = current.as_mut().and_then(|c| c.2.last_mut()) {
                    p.push(resolve_ref(&g).unwrap_or('&'));
                }
            }
            Event::End(e) if e.name().as_ref() == "w:comment" => {
                let (id, author, paras) = current.take().unwrap();
                out.insert(id, (author, paras));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The text each comment range of `word/document.xml` covers, by id, and the ids that have a
/// reference after their range.
fn ranges(xml: &str) -> (BTreeMap<String, String>, Vec<String>) {
    let mut covered = BTreeMap::new();
    let mut open: Vec<String> = Vec::new();
    let mut referenced = Vec::new();
    let mut r = Reader::from_str(xml);
    let mut in_t = false;
    let id = |e: &quick_xml::events::BytesStart<'_>| attributes(e).into_iter().find(|a| a.0 == "w:id").unwrap().1;
    loop {
        match r.read_event().unwrap() {
            Event::Empty(e) if e.name().as_ref() == "w:commentRangeStart" => {
                let i = id(&e);
                covered.insert(i.clone(), String::new());
                open.push(i);
            }
            Event::Empty(e) if e.name().as_ref() == "w:commentRangeEnd" => {
                let i = id(&e);
                open.retain(|o| o != &i);
            }
            Event::Empty(e) if e.name().as_ref() == "w:commentReference" => referenced.push(id(&e)),
            Event::Start(e) if e.name().as_ref() == "w:t" => in_t = true,
            Event::End(e) if e.name().as_ref() == "w:t" => in_t = false,
            Event::Text(t) if in_t => {
                for o in &open {
                    covered.get_mut(o).unwrap().push_str(&t.xml10_content());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (covered, referenced)
}

/// `xml` without the comment marks plan-lint inserts for ids in `ids`.
fn without_marks(xml: &str, ids: &[&String]) -> String {
    let mut out = xml.to_owned();
    for id in ids {
        for mark in [
            format!(r#"<w:commentRangeStart w:id="{id}"/>"#),
            format!(r#"<w:commentRangeEnd w:id="{id}"/><w:r><w:commentReference w:id="{id}"/></w:r>"#),
        ] {
            assert_eq!(out.matches(&mark).count(), 1, "{mark}");
            out = out.replace(&mark, "");
        }
    }
    out
}

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="H23"><w:name w:val="H23"/></w:style></w:styles>"#;

/// A plan with four defects, a comment by a reviewer on its first paragraph, and a bookmark with
/// a high id.
fn reviewed_plan() -> Vec<u8> {
    let body = [
        r#"<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>Proposed programme budget for 2024</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>"#.to_owned(),
        word_para("HCh", "Section 9"),
        word_para("TitleHCH", "Economic and social affairs"),
        word_para("H1", "Programme performance in 2022 and target for 2024"),
        r#"<w:p><w:bookmarkStart w:id="41" w:name="p916"/><w:r><w:tab/><w:t>9.16</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">The deliverables are listed in </w:t></w:r><w:r><w:t>table 9.3</w:t></w:r><w:r><w:t xml:space="preserve">. The count is </w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>to be updated</w:t></w:r><w:r><w:t>.</w:t></w:r><w:bookmarkEnd w:id="41"/></w:p>"#.to_owned(),
        word_para("H23", "Figure 9.I"),
        word_para("H23", "Performance measure: number of agencies (cumulative)"),
        r#"<w:p><w:r><w:drawing><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"/></w:drawing></w:r></w:p>"#.to_owned(),
        word_para("H23", "Table 9.1"),
        word_para("H23", "Deliverables for the period 2022–2024, by category and subcategory"),
        format!(
            "<w:tbl>{}{}{}{}{}</w:tbl>",
            word_row(&["Category and subcategory", "2022 planned", "2022 actual", "2023 planned", "2024 planned"], false),
            word_row(&["A.\tFacilitation of the intergovernmental process", "", "", "", ""], true),
            word_row(&["Publications (number of publications)", "3", "3", "2", "2"], true),
            word_row(&["\t1.\tOn space law", "2", "2", "1", "1"], false),
            word_row(&["\t2.\tOn space science", "1", "–", "1", "1"], false),
        ),
    ]
    .concat();
    let comments = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="0" w:author="A. Reviewer" w:initials="AR"><w:p><w:r><w:t>Check the title against the cover note.</w:t></w:r></w:p></w:comment></w:comments>"#;
    let rels = r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>"#;
    let mut bytes = word_package(&body, rels, &[("word/styles.xml", STYLES), ("word/comments.xml", comments)]);
    // Word lists the comments part in the content types.
    let mut e = entries(&bytes);
    let types = text_of(&e, "[Content_Types].xml").replace(
        "</Types>",
        r#"<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>"#,
    );
    e.get_mut("[Content_Types].xml").unwrap().2 = types.into_bytes();
    let mut out = Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for name in [
            "[Content_Types].xml",
            "_rels/.rels",
            "word/document.xml",
            "word/_rels/document.xml.rels",
            "word/styles.xml",
            "word/comments.xml",
        ] {
            z.start_file(name, opts).unwrap();
            std::io::Write::write_all(&mut z, &e[name].2).unwrap();
        }
        z.finish().unwrap();
    }
    bytes.clear();
    out.into_inner()
}

fn annotate(bytes: &[u8], dir: &Path) -> (Run, Vec<u8>) {
    let input = dir.join("plan.docx");
    let output = dir.join("plan.annotated.docx");
    std::fs::write(&input, bytes).unwrap();
    let run = plan_lint(&["annotate", input.to_str().unwrap(), "-o", output.to_str().unwrap()]);
    assert_eq!(std::fs::read(&input).unwrap(), bytes, "the original is never touched");
    let out = std::fs::read(&output).unwrap_or_default();
    (run, out)
}

#[test]
fn comments_go_on_the_runs_cells_and_paragraphs_of_the_findings() {
    let dir = tempfile::tempdir().unwrap();
    let original = reviewed_plan();
    let (run, annotated) = annotate(&original, dir.path());
    assert_eq!(run.code, 1, "errors were found: {}", run.stderr);
    assert!(
        run.stderr.ends_with("plan.annotated.docx with 5 comments (2 errors, 1 warning, 2 info)\n"),
        "{}",
        run.stderr
    );
    let (before, after) = (entries(&original), entries(&annotated));
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>(), "no part added or lost");
    // Every part but the document and the comments is stored byte for byte as it was.
    for (name, entry) in &before {
        if name != "word/document.xml" && name != "word/comments.xml" {
            assert_eq!(&after[name], entry, "{name} changed");
        }
    }
    // The reviewer's comment is kept; the new ones number past every id in use (the bookmark's 41).
    let all = comments(&text_of(&after, "word/comments.xml"));
    assert_eq!(all["0"], ("A. Reviewer".to_owned(), vec!["Check the title against the cover note.".to_owned()]));
    let new: Vec<&String> = all.keys().filter(|k| *k != "0").collect();
    assert_eq!(new, ["42", "43", "44", "45", "46"]);
    let doc = text_of(&after, "word/document.xml");
    assert_eq!(without_marks(&doc, &new), text_of(&before, "word/document.xml"), "only the marks are inserted");
    let (covered, referenced) = ranges(&doc);
    assert_eq!(referenced, ["0", "42", "43", "44", "45", "46"]);
    let report: Vec<String> =
        new.iter().map(|id| format!("{id} on “{}”:\n  {}", covered[*id], all[*id].1.join("\n  "))).collect();
    insta::assert_snapshot!("annotate_reviewed_plan", report.join("\n"));
    assert!(new.iter().all(|id| all[*id].0 == "plan-lint"));
}

#[test]
fn a_document_without_comments_gets_a_comments_part() {
    let dir = tempfile::tempdir().unwrap();
    let body = [
        word_para("", ""),
        word_para("TitleHCH", "Proposed programme budget for 2024"),
        word_para("", "\t9.1\tThe mandate is xxx."),
    ]
    .concat();
    let original = word_package(&body, "", &[("word/styles.xml", STYLES)]);
    let (run, annotated) = annotate(&original, dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = entries(&annotated);
    assert_eq!(after["word/styles.xml"], entries(&original)["word/styles.xml"]);
    assert!(text_of(&after, "[Content_Types].xml").ends_with(r#"<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>"#));
    assert!(text_of(&after, "word/_rels/document.xml.rels").ends_with(r#"<Relationship Id="rIdPlanLint1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>"#));
    let all = comments(&text_of(&after, "word/comments.xml"));
    let (covered, _) = ranges(&text_of(&after, "word/document.xml"));
    let found: Vec<String> = all.iter().map(|(id, (_, paras))| format!("“{}”: {}", covered[id], paras[0])).collect();
    // The symbol is in no paragraph: its note goes on the first paragraph with text.
    assert_eq!(
        found,
        [
            "“Proposed programme budget for 2024”: I001 import-uncertain (info): the document states no symbol; `A/78/6` is derived from its plan year and section",
            "“\t9.1\tThe mandate is xxx.”: P002 placeholder-text (warning): placeholder text left in paragraph 9.1: “xxx”",
        ]
    );
}

#[test]
fn what_cannot_be_annotated_is_said_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let plan = d.join("plan.docx");
    std::fs::write(&plan, word_package(&word_para("", "Text"), "", &[])).unwrap();
    let plan = plan.to_str().unwrap();
    let run = plan_lint(&["annotate", plan, "-o", plan]);
    assert_eq!((run.code, run.stderr.contains("into itself")), (2, true), "{}", run.stderr);
    let run = plan_lint(&["annotate", "fixtures/valid/example.yaml", "-o", d.join("x.docx").to_str().unwrap()]);
    assert_eq!(
        (run.code, run.stderr.contains("annotate writes comments into Word documents")),
        (2, true),
        "{}",
        run.stderr
    );
    let broken = d.join("broken.docx");
    std::fs::write(&broken, b"not a zip").unwrap();
    let out = d.join("out.docx");
    let run = plan_lint(&["annotate", broken.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("broken.docx: not a Word document (.docx)"), "{}", run.stderr);
    assert!(!out.exists(), "nothing is written when annotating fails");
    let run = plan_lint(&["annotate", d.join("missing.docx").to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!((run.code, run.stderr.contains("cannot read")), (2, true), "{}", run.stderr);
}

#[test]
fn a_real_fascicle_keeps_its_comment_and_gets_one_per_finding() {
    let sect20 = shared("corpus/ppb2027-sample/A_81_6 (SECT. 20).docx");
    let original = std::fs::read(&sect20).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (run, annotated) = annotate(&original, dir.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    let (before, after) = (entries(&original), entries(&annotated));
    let changed: Vec<&String> = before.keys().filter(|k| after[*k] != before[*k]).collect();
    assert_eq!(changed, ["word/comments.xml", "word/document.xml"]);
    let all = comments(&text_of(&after, "word/comments.xml"));
    let old = comments(&text_of(&before, "word/comments.xml"));
    assert!(old.iter().all(|(id, c)| all.get(id) == Some(c)), "the document's own comments are kept");
    let ours: Vec<_> = all.iter().filter(|(_, c)| c.0 == "plan-lint").collect();
    let found = plan_lint::check::check_file(
        &sect20.display().to_string(),
        original.clone(),
        &plan_lint::check::CheckOptions::default(),
    );
    assert_eq!(ours.len(), found.diagnostics.len(), "one comment per finding");
    let (covered, _) = ranges(&text_of(&after, "word/document.xml"));
    let on = |code: &str, says: &str| {
        let (id, _) =
            ours.iter().find(|(_, c)| c.1[0].starts_with(code) && c.1[0].contains(says)).unwrap_or_else(|| {
                panic!("no {code} comment saying {says:?}: {:?}", ours.iter().map(|c| &c.1.1[0]).collect::<Vec<_>>())
            });
        covered[id.as_str()].clone()
    };
    // A chart's value is anchored on the chart itself: a drawing, so the range holds no text.
    assert_eq!(on("P005", "figure 20.XVI is"), "", "a chart value's finding is on the chart");
}
