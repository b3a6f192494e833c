//! `file:line:col: severity[CODE] message`, one line per finding.

use crate::check::FileReport;
use std::io::{self, Write};

pub fn render(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    for r in reports {
        for d in &r.diagnostics {
            let at = r.source.line_col(d.span.start);
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                r.source.name, at.line, at.column, d.severity, d.rule.code, d.message
            )?;
        }
    }
    writeln!(out, "{}", super::summary(reports))
}
