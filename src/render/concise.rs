//! `file:line:col: severity[CODE] message`, one line per finding.

use crate::check::FileReport;
use std::io::{self, Write};

pub fn render(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    for r in reports {
        for d in &r.diagnostics {
            let at = match &d.place {
                Some(place) => place.description.clone(),
                None => {
                    let at = r.source.line_col(d.span.start);
                    format!("{}:{}", at.line, at.column)
                }
            };
            let fixable = match d.fix.as_ref().map(|f| f.applicability) {
                Some(crate::diagnostic::Applicability::Safe) => " [*]",
                _ => "",
            };
            writeln!(out, "{}:{at}: {}[{}]{fixable} {}", r.source.name, d.severity, d.rule.code, d.message)?;
        }
    }
    writeln!(out, "{}", super::summary(reports))
}
