//! Importing Word and Markdown plan documents: the YAML `plan-lint import` writes, the findings
//! `plan-lint check` reports at their places in the document, and that checking a document finds
//! exactly what checking its imported YAML finds.

mod common;

use assert_cmd::Command;
use common::{findings, shared};
use plan_lint::check::{CheckOptions, check_file, check_source};
use plan_lint::import::{self, DocumentKind};
use plan_lint::source::SourceFile;
use std::io::Write;
use std::path::{Path, PathBuf};

struct Run {
    stdout: String,
    stderr: String,
    code: i32,
}

fn plan_lint(args: &[&str]) -> Run {
    let out = Command::cargo_bin("plan-lint")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    Run {
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
        code: out.status.code().unwrap_or(-1),
    }
}

/// A small real fascicle of the corpus (A/80/6 (Sect. 6)), beside the checkout.
fn sect6() -> PathBuf {
    shared("corpus/ppb2026/A_80_6_Sect.6.docx")
}

const SECT6: &str = "../shared/corpus/ppb2026/A_80_6_Sect.6.docx";

#[test]
fn markdown_fixture_imports_as_readable_yaml() {
    let run = plan_lint(&["import", "fixtures/import/plan.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("import_markdown_fixture", run.stdout);
}

#[test]
fn checking_markdown_reports_lines_and_columns_of_the_markdown() {
    let run = plan_lint(&["check", "--format", "concise", "fixtures/import/plan.md"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!("check_markdown_fixture_concise", run.stdout);
    // The subtotal "100" of the 2021 actual column is underlined in the Markdown itself.
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/import/plan.md")).unwrap();
    let line = text.lines().position(|l| l.starts_with("<b>Parliamentary documentation</b>")).unwrap() + 1;
    let json = plan_lint(&["check", "--format", "json", "fixtures/import/plan.md"]);
    let values: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let p001 = values.as_array().unwrap().iter().find(|f| f["rule"] == "P001").unwrap();
    assert_eq!(p001["line"], line);
    let col = p001["column"].as_u64().unwrap() as usize;
    let found: String = text.lines().nth(line - 1).unwrap().chars().skip(col - 1).take(3).collect();
    assert_eq!(found, "100");
    assert!(p001["location"].is_null());
    let human = plan_lint(&["check", "fixtures/import/plan.md"]);
    assert!(human.stdout.contains("fixtures/import/plan.md:53:"), "{}", human.stdout);
}

#[test]
fn a_real_fascicle_imports_as_readable_yaml() {
    let _ = sect6();
    let run = plan_lint(&["import", SECT6]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("import_sect6_docx", run.stdout);
}

#[test]
fn checking_a_word_document_reports_places_in_words() {
    let _ = sect6();
    let run = plan_lint(&["check", "--format", "concise", SECT6]);
    insta::assert_snapshot!("check_sect6_docx_concise", run.stdout);
    // The subtotal of 74 seminar days over items that sum to 72 (2026 planned) must be found.
    let json = plan_lint(&["check", "--format", "json", SECT6]);
    let values: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let p001 = values
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["rule"] == "P001" && f["message"].as_str().unwrap().contains("Seminars, workshops and training events")
        })
        .expect("the seminars subtotal of table 6.2");
    assert!(p001["message"].as_str().unwrap().contains("the total is 74 but its line items sum to 72"));
    assert!(p001["line"].is_null());
    assert_eq!(p001["location"]["table"], "6.2");
    assert_eq!(p001["location"]["row"], "Seminars, workshops and training events");
    assert_eq!(p001["location"]["column"], "2026 planned");
    let human = plan_lint(&["check", SECT6]);
    assert!(
        human.stdout.contains("at ../shared/corpus/ppb2026/A_80_6_Sect.6.docx: table 6.2, row “Seminars, workshops and training events”, column “2026 planned”"),
        "{}",
        human.stdout
    );
}

#[test]
fn a_document_and_its_imported_yaml_have_the_same_findings() {
    let options = CheckOptions::default();
    for (path, kind) in [
        (Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/import/plan.md"), DocumentKind::Markdown),
        (sect6(), DocumentKind::Docx),
    ] {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.display().to_string();
        let imported = import::import(&name, bytes.clone(), kind).unwrap();
        let from_yaml = check_source(SourceFile::new("imported.yaml", imported.emitted.yaml.clone()), &options);
        let from_document = check_file(&name, bytes, &options);
        assert_eq!(findings(&from_document), findings(&from_yaml), "{name}");
    }
}

/// A minimal Word document with this body XML and extra parts.
fn docx(body: &str, extra: &[(&str, &str)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default();
        let doc = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><w:body>{body}</w:body></w:document>"#
        );
        z.start_file("word/document.xml", opts).unwrap();
        z.write_all(doc.as_bytes()).unwrap();
        for (name, content) in extra {
            z.start_file(*name, opts).unwrap();
            z.write_all(content.as_bytes()).unwrap();
        }
        z.finish().unwrap();
    }
    out.into_inner()
}

fn p(style: &str, text: &str) -> String {
    let style = if style.is_empty() { String::new() } else { format!(r#"<w:pPr><w:pStyle w:val="{style}"/></w:pPr>"#) };
    format!(r#"<w:p>{style}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

fn row(cells: &[&str], bold: bool) -> String {
    let b = if bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
    let cells: String = cells
        .iter()
        .map(|c| format!(r#"<w:tc><w:p><w:r>{b}<w:t xml:space="preserve">{c}</w:t></w:r></w:p></w:tc>"#))
        .collect();
    format!("<w:tr>{cells}</w:tr>")
}

const CHART: &str = r#"<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart><c:plotArea><c:barChart>
<c:ser><c:tx><c:v>Planned</c:v></c:tx><c:cat><c:strLit><c:ptCount val="5"/><c:pt idx="0"><c:v>2020</c:v></c:pt><c:pt idx="1"><c:v>2021</c:v></c:pt><c:pt idx="2"><c:v>2022</c:v></c:pt><c:pt idx="3"><c:v>2023</c:v></c:pt><c:pt idx="4"><c:v>2024</c:v></c:pt></c:strLit></c:cat>
<c:val><c:numLit><c:ptCount val="5"/><c:pt idx="2"><c:v>25</c:v></c:pt><c:pt idx="3"><c:v>30</c:v></c:pt><c:pt idx="4"><c:v>35</c:v></c:pt></c:numLit></c:val></c:ser>
<c:ser><c:tx><c:v>Actual</c:v></c:tx><c:cat><c:strLit><c:ptCount val="5"/></c:strLit></c:cat>
<c:val><c:numLit><c:ptCount val="5"/><c:pt idx="0"><c:v>15</c:v></c:pt><c:pt idx="1"><c:v>18</c:v></c:pt><c:pt idx="2"><c:v>17</c:v></c:pt><c:pt idx="3"><c:v>0</c:v></c:pt><c:pt idx="4"><c:v>0</c:v></c:pt></c:numLit></c:val></c:ser>
</c:barChart></c:plotArea></c:chart></c:chartSpace>"#;

#[test]
fn word_documents_built_here_are_checked_with_places() {
    let body = [
        p("TitleHCH", "Proposed programme budget for 2024"),
        p("HCh", "Section 9"),
        p("TitleHCH", "Economic and social affairs"),
        p("H1", "Programme performance in 2022 and target for 2024"),
        p("", "\t9.16\tThe programme’s work contributed to 17 agencies becoming members, which met the planned target of 25. The count is to be updated."),
        p("", "\t9.17\tProgress is presented in the performance measure below (see figure 9.I)."),
        p("H23", "Figure 9.I"),
        p("H23", "Performance measure: number of agencies becoming members (cumulative)"),
        r#"<w:p><w:r><w:drawing><c:chart r:id="rId9"/></w:drawing></w:r></w:p>"#.to_owned(),
        p("H23", "Table 9.1"),
        p("H23", "Deliverables for the period 2022–2024, by category and subcategory"),
        format!(
            "<w:tbl>{}{}{}{}{}</w:tbl>",
            row(&["Category and subcategory", "2022 planned", "2022 actual", "2023 planned", "2024 planned"], false),
            row(&["A.\tFacilitation of the intergovernmental process", "", "", "", ""], true),
            row(&["Publications (number of publications)", "3", "3", "2", "2"], true),
            row(&["\t1.\tOn space law", "2", "2", "1", "1"], false),
            row(&["\t2.\tOn space science", "1", "–", "1", "1"], false),
        ),
    ]
    .concat();
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" Target="charts/chart1.xml"/></Relationships>"#;
    let header = r#"<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r><w:t>A/78/6 (Sect. 9)</w:t></w:r></w:p></w:hdr>"#;
    let bytes = docx(
        &body,
        &[("word/_rels/document.xml.rels", rels), ("word/charts/chart1.xml", CHART), ("word/header1.xml", header)],
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.docx");
    std::fs::write(&path, &bytes).unwrap();
    let name = path.display().to_string();
    let yaml = plan_lint(&["import", &name]);
    assert_eq!(yaml.code, 0, "{}", yaml.stderr);
    assert!(yaml.stdout.contains("symbol: A/78/6 (Sect. 9)"), "{}", yaml.stdout);
    // The zero actuals of 2023 and 2024 are placeholder bars of years not yet reported.
    assert!(
        yaml.stdout.contains("      - {year: 2022, planned: 25, actual: 17}\n      - {year: 2023, planned: 30}"),
        "{}",
        yaml.stdout
    );
    let run = plan_lint(&["check", "--format", "concise", &name]);
    let out = run.stdout.replace(&name, "plan.docx");
    assert_eq!(
        out,
        "plan.docx:paragraph 9.16: error[P014] paragraph 9.16 says the result met the target, but figure 9.I shows 2022 actual 17 against a target of 25\n\
         plan.docx:paragraph 9.16: warning[P002] placeholder text left in paragraph 9.16: “to be updated”\n\
         plan.docx:figure 9.I, 2022 actual value: error[P005] figure 9.I is cumulative, but its actual value falls from 18 in 2021 to 17 in 2022\n\
         plan.docx:table 9.1, row “Publications”, column “2022 actual”: error[P001] subtotal “Publications” in table 9.1, column “2022 actual”: the total is 3 but its line items sum to 2\n\
         Found 4 findings in 1 of 1 file: 3 errors, 1 warning.\n"
    );
    // A label in a Word document is a place in words too, never line 1, column 1.
    let json = plan_lint(&["check", "--format", "json", &name]);
    let values: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let p005 = values.as_array().unwrap().iter().find(|f| f["rule"] == "P005").unwrap();
    let label = &p005["labels"][0];
    assert!(label["line"].is_null() && label["column"].is_null(), "{label}");
    assert_eq!(label["location"]["figure"], "9.I");
    assert_eq!(label["location"]["description"], "figure 9.I, 2021 actual value");
    let human = plan_lint(&["check", &name]);
    assert!(human.stdout.contains("  2021 actual: figure 9.I, 2021 actual value\n"), "{}", human.stdout);
    // SARIF: the place as a logical location, for the finding and for its label.
    let sarif = plan_lint(&["check", "--format", "sarif", &name]);
    let sarif: serde_json::Value = serde_json::from_str(&sarif.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let p005 = results.iter().find(|r| r["ruleId"] == "P005").unwrap();
    assert_eq!(
        p005["locations"][0]["logicalLocations"][0],
        serde_json::json!({"name": "2022 actual", "fullyQualifiedName": "figure 9.I, 2022 actual value", "kind": "element"})
    );
    assert!(p005["locations"][0]["physicalLocation"].get("region").is_none());
    assert_eq!(
        p005["relatedLocations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "figure 9.I, 2021 actual value"
    );
}

#[test]
fn documents_that_cannot_be_imported_are_findings_or_trouble() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.docx");
    std::fs::write(&path, b"not a zip").unwrap();
    let name = path.display().to_string();
    let run = plan_lint(&["check", "--format", "concise", &name]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("the document: error[Y001] not a Word document (.docx)"), "{}", run.stdout);
    let run = plan_lint(&["import", &name]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("cannot import"), "{}", run.stderr);
    let run = plan_lint(&["import", "Cargo.toml"]);
    assert_eq!(run.code, 2);
    let out = dir.path().join("out.yaml");
    let run = plan_lint(&["import", "fixtures/import/plan.md", "-o", &out.display().to_string()]);
    assert_eq!(run.code, 0);
    assert!(std::fs::read_to_string(&out).unwrap().contains("table: \"16.11\""));
}

#[test]
fn a_document_without_symbol_or_year_imports_into_a_plan_the_schema_accepts() {
    let text = "Subprogramme 1\n\n16.1 The subprogramme supports three countries.\n";
    let imported = import::import("draft.md", text.as_bytes().to_vec(), DocumentKind::Markdown).unwrap();
    let yaml = &imported.emitted.yaml;
    assert!(!yaml.contains("plan_year:  ~") && !yaml.contains("plan_year: ~"), "{yaml}");
    assert!(
        yaml.contains("  # plan_year: not found in the document; give it here, or as plan-year in plan-lint.toml\n"),
        "{yaml}"
    );
    let report = check_file("draft.md", text.as_bytes().to_vec(), &CheckOptions::default());
    let schema: Vec<_> = report.diagnostics.iter().filter(|d| d.rule.code == "S001").map(|d| &d.message).collect();
    assert!(schema.is_empty(), "{schema:?}");
}

#[test]
fn import_uncertain_findings_obey_select_ignore_and_configuration() {
    let count = |args: &[&str]| {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        all.push("fixtures/import/plan.md");
        let run = plan_lint(&all);
        let values: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        values.as_array().unwrap().iter().filter(|f| f["rule"] == "I001").count()
    };
    assert_eq!(count(&[]), 1);
    assert_eq!(count(&["--ignore", "I001"]), 0);
    assert_eq!(count(&["--ignore", "import-uncertain"]), 0);
    assert_eq!(count(&["--select", "P001"]), 0);
    assert_eq!(count(&["--select", "I"]), 1);
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("plan-lint.toml");
    std::fs::write(&config, "ignore = [\"I001\"]\n").unwrap();
    assert_eq!(count(&["--config", &config.display().to_string()]), 0);
    std::fs::write(&config, "[severity]\nI001 = \"error\"\n").unwrap();
    let run = plan_lint(&[
        "check",
        "--format",
        "concise",
        "--config",
        &config.display().to_string(),
        "fixtures/import/plan.md",
    ]);
    assert!(run.stdout.contains("error[I001]"), "{}", run.stdout);
}

#[test]
fn import_uncertain_docs_example_is_what_check_prints() {
    let docs = plan_lint::rules::import_uncertain::RULE.docs;
    let block = |fence: &str| {
        let start = docs.find(fence).unwrap() + fence.len();
        let len = docs[start..].find("```").unwrap();
        docs[start..start + len].to_owned()
    };
    let markdown = block("```markdown\n");
    let shown = block("```text\n");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("example.md"), &markdown).unwrap();
    let report = check_file(
        &dir.path().join("example.md").display().to_string(),
        markdown.clone().into_bytes(),
        &CheckOptions::default(),
    );
    let mut out = Vec::new();
    plan_lint::render::concise(&[report], false, &mut out).unwrap();
    let out = String::from_utf8(out).unwrap().replace(&format!("{}/", dir.path().display()), "");
    assert_eq!(out, shown);
    // The passing example is what the importer writes for the corrected document.
    let fixed = format!("A/77/6 (Sect. 16)\n\n{markdown}");
    let imported = import::import("example.md", fixed.into_bytes(), DocumentKind::Markdown).unwrap();
    let yaml_start = docs.find("```yaml\n").unwrap() + "```yaml\n".len();
    let yaml_len = docs[yaml_start..].find("```").unwrap();
    assert_eq!(imported.emitted.yaml, docs[yaml_start..yaml_start + yaml_len]);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    /// Any text imports as Markdown without a panic, into YAML that parses and that the schema
    /// accepts; and its findings are at places inside the text.
    #[test]
    fn any_markdown_imports_into_valid_yaml(
        text in "(?s)(#{0,3} ?|- |\\t|<b>|</b>|<sup>|</sup>|\\*\\*|\\\\\\*|Table 16\\.[0-9]|Figure 16\\.[0-9]|16\\.[0-9]{1,2} |\\([a-d]\\) |[0-9–\\-]{1,3}|[a-zA-Z :,.()]{1,12}|\\n|\\|){0,60}"
    ) {
        let imported = import::import("fuzz.md", text.clone().into_bytes(), DocumentKind::Markdown).unwrap();
        let report = check_source(SourceFile::new("fuzz.yaml", imported.emitted.yaml.clone()), &CheckOptions::default());
        let broken: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.rule.code.starts_with('Y') || d.rule.code == "S001")
            .map(|d| format!("{} {}", d.rule.code, d.message))
            .collect();
        proptest::prop_assert!(broken.is_empty(), "{broken:?}\n{}", imported.emitted.yaml);
        let found = check_file("fuzz.md", text.clone().into_bytes(), &CheckOptions::default());
        for d in &found.diagnostics {
            proptest::prop_assert!(d.span.end <= text.len() && d.span.start <= d.span.end);
        }
    }
}

#[test]
fn word_places_keep_the_whole_text_and_say_which_copy() {
    let long = "Technical materials for the prevention of terrorism and the protection of victims";
    let body = [
        p("TitleHCH", "Proposed programme budget for 2024"),
        p("H1", "Deliverables"),
        p("", "\t9.18\tThe xxx meetings and the xxx workshops are listed in table 9.1."),
        p("H23", "Table 9.1"),
        p("H23", "Deliverables for the period 2022–2024, by category and subcategory"),
        format!(
            "<w:tbl>{}{}{}{}</w:tbl>",
            row(&["Category and subcategory", "2022 planned", "2022 actual", "2023 planned", "2024 planned"], false),
            row(&["B.\tGeneration and transfer of knowledge", "", "", "", ""], true),
            row(&[&format!("{long} (number of materials)"), "3", "2", "2", "2"], true),
            row(&["\t1.\tOn the protection of victims", "2", "2", "2", "2"], false),
        ),
    ]
    .concat();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.docx");
    std::fs::write(&path, docx(&body, &[])).unwrap();
    let name = path.display().to_string();
    let json = plan_lint(&["check", "--format", "json", "--select", "P001,P002", &name]);
    let values: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let places: Vec<&str> =
        values.as_array().unwrap().iter().map(|f| f["location"]["description"].as_str().unwrap()).collect();
    // The whole row label, as a reviewer pastes it into Word's search; which “xxx” of the two.
    assert_eq!(
        places,
        [
            "the first “xxx” in paragraph 9.18".to_owned(),
            "the second “xxx” in paragraph 9.18".to_owned(),
            format!("table 9.1, row “{long}”, column “2022 planned”"),
        ]
    );
    assert_eq!(values[2]["location"]["row"], long);
    // Human and concise output shorten the row label.
    let concise = plan_lint(&["check", "--format", "concise", "--select", "P001", &name]);
    assert!(
        concise.stdout.contains(
            "plan.docx:table 9.1, row “Technical materials for the prevention of terroris…”, column “2022 planned”: error[P001]"
        ),
        "{}",
        concise.stdout
    );
    let sarif = plan_lint(&["check", "--format", "sarif", "--select", "P001", &name]);
    assert!(sarif.stdout.contains(long), "{}", sarif.stdout);
}
