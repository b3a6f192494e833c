//! `plan-lint annotate FILE.docx -o OUT.docx`: a copy of a Word document with a comment (author
//! "plan-lint") on each finding, for reviewers who read the plan in Word.
//!
//! Each comment is anchored where the finding is, as the importer recorded it ([`Anchor`]): on
//! the runs of the characters concerned (a reference, a placeholder, a number in a cell), else on
//! the table cell or the paragraph; a finding with no place in the body (the symbol, read from the
//! page header) goes on the first paragraph. The original is only read. In the copy,
//! `word/document.xml` gets the comment ranges and references inserted and nothing else changed;
//! the comments part gets the new comments after any it had (ids above every id in use); the
//! relationships and content types get the comments part if the document had none. Every other
//! part is copied byte for byte, compressed data included.

mod package;

use crate::check::CheckOptions;
use crate::diagnostic::{Anchor, Diagnostic, Severity};
use crate::import::docx::Layout;
use crate::import::{self, DocumentKind};
use std::path::Path;

pub use package::write;

/// The comment author.
pub const AUTHOR: &str = "plan-lint";

/// Where a comment goes in `word/document.xml`: where its range starts and where it ends (the
/// reference follows the end). Byte offsets, after any byte order mark.
pub fn target(layout: &Layout, anchor: Option<&Anchor>) -> Option<(usize, usize)> {
    let first = || {
        let p = layout.paragraphs.iter().find(|p| p.anchor.cell.is_none() && !p.text.is_empty());
        p.or(layout.paragraphs.first()).map(|p| (p.content.start, p.content.end))
    };
    let Some(a) = anchor else { return first() };
    if let Some(t) = &a.text {
        // The runs that hold the characters (for an empty range, the run at it).
        let end = t.end.max(t.start + 1);
        let from = layout.runs.partition_point(|r| r.text.end <= t.start);
        let runs: Vec<_> = layout.runs[from..].iter().take_while(|r| r.text.start < end).collect();
        if let (Some(a), Some(b)) = (runs.first(), runs.last()) {
            return Some((a.xml.start, b.xml.end));
        }
    }
    let from = layout.paragraphs.partition_point(|p| p.anchor.block < a.block);
    let in_block = layout.paragraphs[from..].iter().take_while(|p| p.anchor.block == a.block);
    let paras: Vec<_> = match a.cell {
        Some(cell) => in_block.filter(|p| p.anchor.cell == Some(cell)).collect(),
        // A paragraph, or a table as a whole: its first paragraph.
        None => in_block.take(1).collect(),
    };
    match (paras.first(), paras.last()) {
        (Some(a), Some(b)) => Some((a.content.start, b.content.end)),
        _ => first(),
    }
}

/// The paragraphs of a finding's comment: what is wrong, then the expected value and the help,
/// then the other places concerned.
pub fn comment_text(d: &Diagnostic) -> Vec<String> {
    let mut paras = vec![format!("{} {} ({}): {}", d.rule.code, d.rule.name, d.severity, d.message)];
    match (&d.span_label, &d.help) {
        (Some(l), Some(h)) => paras.push(format!("{l}: {h}")),
        (Some(x), None) | (None, Some(x)) => paras.push(x.clone()),
        (None, None) => {}
    }
    paras.extend(d.labels.iter().map(|l| l.message.clone()));
    paras
}

/// `plan-lint annotate`: check `file` and write the annotated copy to `output`. Returns the
/// exit status: 0 when no finding is an error, 1 when one is, 2 when it could not be done.
pub fn command(file: &Path, output: &Path, options: &CheckOptions) -> u8 {
    use crate::{EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE};
    let name = file.display().to_string();
    if DocumentKind::of(&name) != Some(DocumentKind::Docx) {
        eprintln!("plan-lint: cannot annotate {name}: annotate writes comments into Word documents (.docx)");
        return EXIT_TROUBLE;
    }
    if same_file(file, output) {
        eprintln!(
            "plan-lint: cannot annotate {name} into itself: give another -o path (the original is never changed)"
        );
        return EXIT_TROUBLE;
    }
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("plan-lint: cannot read {name}: {e}");
            return EXIT_TROUBLE;
        }
    };
    let imported = match import::import(&name, bytes.clone(), DocumentKind::Docx) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("plan-lint: cannot annotate {name}: {}\n  help: {}", e.message, e.help);
            return EXIT_TROUBLE;
        }
    };
    let findings = import::check_imported(&name, &imported, options);
    let layout = imported.layout.unwrap_or_default();
    let annotated = match write(&bytes, &findings, &layout) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("plan-lint: cannot annotate {name}: {e}");
            return EXIT_TROUBLE;
        }
    };
    if let Err(e) = write_copy(file, output, &annotated) {
        eprintln!("plan-lint: cannot write {}: {e}", output.display());
        return EXIT_TROUBLE;
    }
    let count = |s: Severity| findings.iter().filter(|d| d.severity == s).count();
    let mut parts = Vec::new();
    for (n, word) in [(count(Severity::Error), "error"), (count(Severity::Warning), "warning")] {
        if n > 0 {
            parts.push(format!("{n} {word}{}", if n == 1 { "" } else { "s" }));
        }
    }
    if count(Severity::Info) > 0 {
        parts.push(format!("{} info", count(Severity::Info)));
    }
    let n = findings.len();
    eprintln!(
        "plan-lint: wrote {} with {n} comment{}{}",
        output.display(),
        if n == 1 { "" } else { "s" },
        if parts.is_empty() { String::new() } else { format!(" ({})", parts.join(", ")) }
    );
    if findings.iter().any(|d| d.severity == Severity::Error) { EXIT_FINDINGS } else { EXIT_CLEAN }
}

/// Write the copy through a temporary file in the output's folder, renamed into place: a reader
/// (or a failed run) never sees half a document. It takes the original's permissions.
fn write_copy(original: &Path, output: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = output.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new().prefix(".plan-lint-annotate").suffix(".tmp").tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().set_permissions(std::fs::metadata(original)?.permissions())?;
    tmp.as_file().sync_all()?;
    tmp.persist(output).map_err(|e| e.error)?;
    Ok(())
}

/// Whether two paths name the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::docx::{ParaSpan, RunSpan};

    fn para(
        block: usize,
        cell: Option<(usize, usize)>,
        content: std::ops::Range<usize>,
        text: std::ops::Range<usize>,
    ) -> ParaSpan {
        ParaSpan { anchor: Anchor { block, cell, text: None }, content, text }
    }

    #[test]
    fn targets_runs_cells_paragraphs_and_the_first_paragraph() {
        let layout = Layout {
            paragraphs: vec![
                para(0, None, 10..20, 0..0),
                para(1, None, 30..60, 0..9),
                para(2, Some((0, 0)), 70..80, 9..10),
                para(2, Some((0, 1)), 90..100, 10..12),
                para(2, Some((0, 1)), 110..120, 12..13),
            ],
            runs: vec![
                RunSpan { xml: 30..40, text: 0..4 },
                RunSpan { xml: 40..50, text: 4..6 },
                RunSpan { xml: 50..60, text: 6..9 },
                RunSpan { xml: 90..100, text: 10..12 },
            ],
        };
        let at = |block, cell, text| target(&layout, Some(&Anchor { block, cell, text }));
        assert_eq!(at(1, None, Some(5..7)), Some((40, 60)), "the runs of the characters");
        assert_eq!(at(1, None, Some(4..4)), Some((40, 50)), "the run at an empty range");
        assert_eq!(at(2, Some((0, 1)), None), Some((90, 120)), "all of a cell");
        assert_eq!(at(2, None, None), Some((70, 80)), "a table: its first paragraph");
        assert_eq!(at(1, None, Some(50..60)), Some((30, 60)), "characters not in a run: the paragraph");
        assert_eq!(target(&layout, None), Some((30, 60)), "no anchor: the first paragraph with text");
        assert_eq!(at(9, None, None), Some((30, 60)), "an anchor not in the layout: the first paragraph");
    }
}
