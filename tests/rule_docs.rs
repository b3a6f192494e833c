//! Every rule's documentation is tested: its failing example makes the rule report, its passing
//! example is clean, and the output it shows is what plan-lint prints today.

use plan_lint::check::{CheckOptions, FileReport, check_source};
use plan_lint::rules::REGISTRY;
use plan_lint::source::SourceFile;

/// The first fenced block of `lang` after `heading`.
fn block<'a>(docs: &'a str, heading: &str, lang: &str) -> Option<&'a str> {
    let after = &docs[docs.find(heading)? + heading.len()..];
    let fence = format!("```{lang}\n");
    let start = after.find(&fence)? + fence.len();
    let len = after[start..].find("```")?;
    Some(&after[start..start + len])
}

/// Check an example. The page of an edition rule (P016–P020) has a `## Previous edition`
/// section: its YAML block is the previous edition both examples are compared with, as
/// `previous.yaml`.
fn check_with(yaml: &str, docs: &str) -> FileReport {
    let previous = block(docs, "## Previous edition", "yaml").map(|old| {
        let edition =
            plan_lint::edition::Edition::from_bytes("previous.yaml", old.as_bytes().to_vec(), &Default::default())
                .expect("the previous edition of the page loads");
        std::sync::Arc::new(edition)
    });
    check_source(SourceFile::new("example.yaml", yaml), &CheckOptions { previous, ..CheckOptions::default() })
}

fn concise(report: FileReport) -> String {
    let mut out = Vec::new();
    plan_lint::render::concise(&[report], false, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn failing_examples_report_their_rule_as_documented() {
    for rule in REGISTRY {
        // I001 (import-uncertain) is reported while a Word or Markdown document is imported,
        // never on a YAML plan: its example is a Markdown document, checked by
        // tests/import.rs (`import_uncertain_docs_example_is_what_check_prints`).
        if rule.code == "I001" {
            continue;
        }
        let example = block(rule.docs, "## Example", "yaml").unwrap_or_else(|| panic!("{rule:?} has no example"));
        let report = check_with(example, rule.docs);
        assert!(
            report.diagnostics.iter().any(|d| d.rule == *rule),
            "the example of {rule:?} does not make it report: {:?}",
            report.diagnostics.iter().map(|d| d.rule.code).collect::<Vec<_>>()
        );
        let shown =
            block(rule.docs, "plan-lint reports:", "text").unwrap_or_else(|| panic!("{rule:?} shows no output"));
        assert_eq!(concise(report), shown, "the output shown in the docs of {rule:?} is stale");
    }
}

#[test]
fn passing_examples_are_clean() {
    for rule in REGISTRY {
        let example =
            block(rule.docs, "## Passing example", "yaml").unwrap_or_else(|| panic!("{rule:?}: no passing example"));
        let report = check_with(example, rule.docs);
        assert!(report.diagnostics.is_empty(), "the passing example of {rule:?} reports {:?}", report.diagnostics);
    }
}

#[test]
fn silencing_sections_describe_what_works_today() {
    for rule in REGISTRY {
        let section =
            &rule.docs[rule.docs.find("## Silencing it").unwrap_or_else(|| panic!("{rule:?}: no silencing section"))..];
        for stale in ["are planned", "not yet available", "read today"] {
            assert!(!section.contains(stale), "{rule:?}'s silencing section still says “{stale}”");
        }
        // I001 is found in Word and Markdown documents, which have no comments; C001 and C002
        // are about the comments themselves.
        if matches!(rule.code, "I001" | "C001" | "C002") {
            continue;
        }
        // The comment the page shows silences the failing example (Y001 and Y003 never are).
        assert!(section.contains(&format!("ignore[{}]", rule.code)), "{rule:?}: no suppression comment shown");
        let example = block(rule.docs, "## Example", "yaml").unwrap();
        let silenced = check_with(&format!("# plan-lint: disable-file[{}] reason\n{example}", rule.code), rule.docs);
        let left = silenced.diagnostics.iter().filter(|d| d.rule == *rule).count();
        if rule.selectable() {
            assert_eq!(left, 0, "{rule:?}: disable-file leaves findings");
        } else {
            assert!(left > 0, "{rule:?} must never be silenced");
        }
    }
}
