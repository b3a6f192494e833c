//! Renderers: each turns the same findings into one output format.

mod concise;
mod human;
mod json;

use crate::check::FileReport;
use crate::diagnostic::Severity;
use std::io::{self, Write};

pub use concise::render as concise;
pub use human::render as human;
pub use json::render as json;

/// The output formats of `plan-lint check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source snippets with the place underlined (rustc/miette style).
    Human,
    /// One line per finding: `file:line:col: severity[CODE] message`.
    Concise,
    /// A JSON array, one object per finding (a stable contract, see the README).
    Json,
}

/// Render all reports in `format`.
pub fn render(format: Format, reports: &[FileReport], color: bool, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Human => human(reports, color, out),
        Format::Concise => concise(reports, out),
        Format::Json => json(reports, out),
    }
}

/// Counts for the closing line of the human and concise formats.
pub fn summary(reports: &[FileReport]) -> String {
    let count = |s: Severity| reports.iter().flat_map(|r| &r.diagnostics).filter(|d| d.severity == s).count();
    let (errors, warnings, infos) = (count(Severity::Error), count(Severity::Warning), count(Severity::Info));
    let total = errors + warnings + infos;
    let files = reports.len();
    let files_word = if files == 1 { "file" } else { "files" };
    if total == 0 {
        return format!("No findings in {files} {files_word}.");
    }
    let with_findings = reports.iter().filter(|r| !r.diagnostics.is_empty()).count();
    let mut parts = Vec::new();
    for (n, word) in [(errors, "error"), (warnings, "warning"), (infos, "info")] {
        if n > 0 {
            parts.push(format!("{n} {word}{}", if n == 1 || word == "info" { "" } else { "s" }));
        }
    }
    format!(
        "Found {total} finding{} in {with_findings} of {files} {files_word}: {}.",
        if total == 1 { "" } else { "s" },
        parts.join(", ")
    )
}
