//! Helpers shared by the import tests.

use plan_lint::check::FileReport;
use std::path::{Path, PathBuf};

/// A file of `../shared` beside the checkout; fails with a clear message when it is missing.
pub fn shared(path: &str) -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared").join(path);
    assert!(
        p.exists(),
        "{} is missing: these tests read the shared corpus beside the checkout (../shared)",
        p.display()
    );
    p
}

/// `rule|message` of each finding but I001 (which only a document has), sorted: what is
/// compared between a document and its imported YAML.
pub fn findings(report: &FileReport) -> Vec<String> {
    let mut out: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule.code != "I001")
        .map(|d| format!("{}|{}", d.rule.code, d.message))
        .collect();
    out.sort();
    out
}
