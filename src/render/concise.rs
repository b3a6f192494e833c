//! `file:line:col: severity[CODE] message`, one line per finding; with colour, the place is bold
//! and the severity coloured as in the human output.

use crate::check::FileReport;
use crate::diagnostic::Severity;
use std::io::{self, Write};

const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

fn severity_colour(s: Severity) -> &'static str {
    match s {
        Severity::Error => "\x1b[1;31m",
        Severity::Warning => "\x1b[1;33m",
        Severity::Info => "\x1b[1;36m",
    }
}

pub fn render(reports: &[FileReport], color: bool, out: &mut dyn Write) -> io::Result<()> {
    for r in reports {
        for d in &r.diagnostics {
            let at = match &d.place {
                Some(place) => super::brief(place),
                None => {
                    let at = r.source.line_col(d.span.start);
                    format!("{}:{}", at.line, at.column)
                }
            };
            // Labels in another file (the previous edition) end the line, so that the one line
            // names both places.
            let related: String =
                d.labels.iter().filter_map(|l| Some(format!(" (see {}: {})", l.elsewhere()?, l.message))).collect();
            let fixable = match d.fix.as_ref().map(|f| f.applicability) {
                Some(crate::diagnostic::Applicability::Safe) => " [*]",
                _ => "",
            };
            if color {
                writeln!(
                    out,
                    "{BOLD}{}:{at}:{RESET} {}{}{RESET}[{BOLD}{}{RESET}]{fixable} {}{related}",
                    r.source.name,
                    severity_colour(d.severity),
                    d.severity,
                    d.rule.code,
                    d.message
                )?;
            } else {
                writeln!(
                    out,
                    "{}:{at}: {}[{}]{fixable} {}{related}",
                    r.source.name, d.severity, d.rule.code, d.message
                )?;
            }
        }
    }
    writeln!(out, "{}", super::summary(reports))
}
