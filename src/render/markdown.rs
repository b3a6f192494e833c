//! GitHub-flavoured Markdown, for `$GITHUB_STEP_SUMMARY` and pull-request comments: the summary,
//! then a table per file with findings. A file's table lists at most [`PER_FILE`] findings, and
//! the whole output stays under [`BUDGET`] bytes (a pull-request comment holds 65,536
//! characters); past either, a line says how many more there are and how to see them.

use crate::check::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use std::io::{self, Write};

/// Most findings listed per file.
pub const PER_FILE: usize = 25;
/// Most bytes of output, with room left under GitHub's 65,536-character comment limit.
pub const BUDGET: usize = 60_000;
/// Room kept under [`BUDGET`] for the closing lines.
const CLOSING: usize = 1_000;

/// Text for a table cell: Markdown and HTML that would change the table are escaped, line breaks
/// become `<br>`.
fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// A path as a shell word, quoted when it needs to be (and with no backquote, which would end
/// the code span).
fn shell_word(path: &str) -> String {
    let path = path.replace('`', "'");
    if path.chars().all(|c| c.is_ascii_alphanumeric() || "/._-+,=:@".contains(c)) {
        path
    } else {
        format!("'{}'", path.replace('\'', "'\\''"))
    }
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "🔴 error",
        Severity::Warning => "🟡 warning",
        Severity::Info => "🔵 info",
    }
}

/// The counts of one file, as the summary line words them ("2 errors, 7 info").
fn counts(r: &FileReport) -> String {
    let summary = super::summary(std::slice::from_ref(r));
    // "Found N findings in 1 of 1 file: 2 errors, 7 info. …" → "2 errors, 7 info"
    summary.split_once(": ").map_or(summary.clone(), |(_, rest)| rest.split('.').next().unwrap_or(rest).to_owned())
}

fn row(r: &FileReport, d: &Diagnostic) -> String {
    let at = match &d.place {
        Some(p) => p.description.clone(),
        None if d.omitted > 0 => String::new(),
        None => {
            let lc = r.source.line_col(d.span.start);
            format!("line {}, column {}", lc.line, lc.column)
        }
    };
    let mut finding = cell(&d.message);
    if let Some(l) = &d.span_label {
        finding.push_str(&format!("<br>**{}**", cell(l)));
    }
    // A label in another file (the previous edition's place) is said in words.
    for l in &d.labels {
        if let Some(elsewhere) = l.elsewhere() {
            finding.push_str(&format!("<br>see {}: {}", cell(&elsewhere), cell(&l.message)));
        }
    }
    if let Some(h) = &d.help {
        finding.push_str(&format!("<br>help: {}", cell(h)));
    }
    format!("| {} | `{}` {} | {} | {} |\n", severity(d.severity), d.rule.code, d.rule.name, cell(&at), finding)
}

pub fn render(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let mut text = format!("## plan-lint\n\n{}\n", super::summary(reports));
    let with: Vec<&FileReport> = reports.iter().filter(|r| !r.diagnostics.is_empty()).collect();
    let mut skipped_files = 0;
    let mut skipped_findings = 0;
    for (i, r) in with.iter().enumerate() {
        let head = format!(
            "\n### `{}` — {}\n\n| severity | rule | where | finding |\n|---|---|---|---|\n",
            r.source.name.replace('`', "'"),
            counts(r)
        );
        if text.len() + head.len() > BUDGET - CLOSING {
            skipped_files = with.len() - i;
            skipped_findings = with[i..].iter().flat_map(|r| &r.diagnostics).map(Diagnostic::count).sum();
            break;
        }
        text.push_str(&head);
        let total: usize = r.diagnostics.iter().map(Diagnostic::count).sum();
        let mut listed = 0;
        for d in r.diagnostics.iter().take(PER_FILE) {
            let line = row(r, d);
            if text.len() + line.len() > BUDGET - CLOSING {
                break;
            }
            text.push_str(&line);
            listed += d.count();
        }
        if listed < total {
            let more = total - listed;
            text.push_str(&format!(
                "\n… and {more} more finding{} in this file, not listed here: `plan-lint check {}` lists them all.\n",
                if more == 1 { "" } else { "s" },
                shell_word(&r.source.name)
            ));
        }
    }
    if skipped_files > 0 {
        text.push_str(&format!(
            "\n… and {skipped_findings} more finding{} in {skipped_files} more file{}, not listed here (the summary is capped at {} KB).\n",
            if skipped_findings == 1 { "" } else { "s" },
            if skipped_files == 1 { "" } else { "s" },
            BUDGET / 1000
        ));
    }
    let clean = reports.len() - with.len();
    if clean > 0 && !with.is_empty() {
        text.push_str(&format!("\n{clean} file{} with no findings.\n", if clean == 1 { "" } else { "s" }));
    }
    out.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_escape_what_would_break_the_table() {
        assert_eq!(cell("a | b\nc <d> *e* `f`"), "a \\| b<br>c &lt;d&gt; \\*e\\* \\`f\\`");
        assert_eq!(shell_word("plans/a.docx"), "plans/a.docx");
        assert_eq!(shell_word("A_80 (SECT. 1).docx"), "'A_80 (SECT. 1).docx'");
    }
}
