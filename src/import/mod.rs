//! Import plan documents — Word (`.docx`) and Markdown (`.md`, `.txt`) — into the YAML plan format.
//!
//! `plan-lint import` writes the YAML; `plan-lint check` imports in memory and reports every
//! finding at its place in the original document.

use crate::check::{CheckOptions, FileReport};
use std::path::Path;

/// Kinds of document that can be imported, by file extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentKind {
    Docx,
    Markdown,
}

impl DocumentKind {
    /// The kind of a file, by its extension; `None` for YAML and anything else.
    pub fn of(name: &str) -> Option<Self> {
        let ext = Path::new(name).extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "docx" => Some(DocumentKind::Docx),
            "md" | "markdown" | "txt" => Some(DocumentKind::Markdown),
            _ => None,
        }
    }
}

/// Check a document by importing it in memory.
pub fn check_document(name: &str, bytes: Vec<u8>, kind: DocumentKind, options: &CheckOptions) -> FileReport {
    let _ = (bytes, kind, options);
    unimplemented_report(name)
}

/// `plan-lint import FILE [-o OUT]`: returns the exit status.
pub fn import_command(file: &Path, output: Option<&Path>) -> u8 {
    let _ = output;
    eprintln!("plan-lint: importing {} is not available yet", file.display());
    crate::cli::EXIT_TROUBLE
}

fn unimplemented_report(name: &str) -> FileReport {
    use crate::diagnostic::Diagnostic;
    use crate::source::{SourceFile, Span};
    let d = Diagnostic::new(
        &crate::rules::invalid_yaml::RULE,
        Span::empty(0),
        "this kind of document cannot be checked yet; convert it to a YAML plan",
    );
    FileReport { source: SourceFile::new(name, String::new()), diagnostics: vec![d] }
}
