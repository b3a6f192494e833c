//! Every input of the official YAML test suite goes through the whole pipeline without a panic or
//! a hang, and the loader agrees with the suite on which inputs are valid YAML.

use plan_lint::check::{CheckOptions, check_bytes};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn suite_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/yaml-test-suite");
    assert!(
        dir.is_dir(),
        "the YAML test suite is expected at {} (../shared/yaml-test-suite from the project root)",
        dir.display()
    );
    dir
}

fn cases(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            if p.join("in.yaml").is_file() {
                out.push(p.clone());
            }
            cases(&p, out);
        }
    }
}

/// Syntax-level findings: invalid YAML and refused documents.
fn yaml_codes(codes: &[&str]) -> bool {
    codes.iter().any(|c| *c == "Y001" || *c == "Y003")
}

#[test]
fn every_suite_input_is_handled_without_panic_and_classified() {
    let mut all = Vec::new();
    cases(&suite_dir(), &mut all);
    assert!(all.len() > 350, "found only {} cases", all.len());
    let options = CheckOptions::default();
    let mut panics = Vec::new();
    let mut missed_errors = Vec::new();
    let mut false_errors = Vec::new();
    for case in &all {
        let name = case.strip_prefix(suite_dir()).unwrap().display().to_string();
        let bytes = std::fs::read(case.join("in.yaml")).unwrap();
        let started = Instant::now();
        let result = std::panic::catch_unwind(|| check_bytes(&name, bytes, &options));
        assert!(started.elapsed() < Duration::from_secs(5), "{name} took {:?}", started.elapsed());
        let Ok(report) = result else {
            panics.push(name);
            continue;
        };
        let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.rule.code).collect();
        let must_fail = case.join("error").exists();
        if must_fail && !yaml_codes(&codes) {
            missed_errors.push(name);
        } else if !must_fail && codes.contains(&"Y001") {
            false_errors.push(name);
        }
    }
    assert!(panics.is_empty(), "panicked on: {panics:?}");
    assert!(missed_errors.is_empty(), "invalid YAML not reported as Y001/Y003: {missed_errors:?}");
    assert!(false_errors.is_empty(), "valid YAML reported as Y001: {false_errors:?}");
}
