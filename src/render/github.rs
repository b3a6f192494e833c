//! GitHub Actions workflow commands: one annotation per finding, then a summary line, since
//! GitHub shows at most 10 annotations of each severity per step.

use crate::check::FileReport;
use crate::diagnostic::Severity;
use std::io::{self, Write};

fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    for r in reports {
        for d in &r.diagnostics {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let title = escape_property(&format!("{} {}", d.rule.code, d.rule.name));
            let file = escape_property(&r.source.name);
            let mut message = d.message.clone();
            if let Some(place) = &d.place {
                message = format!("{message} (at {})", place.description);
            }
            for l in &d.labels {
                if let Some(elsewhere) = l.elsewhere() {
                    message = format!("{message}\nsee {elsewhere}: {}", l.message);
                }
            }
            if let Some(help) = &d.help {
                message = format!("{message}\nhelp: {help}");
            }
            match &d.place {
                Some(_) => writeln!(out, "::{command} file={file},title={title}::{}", escape_data(&message))?,
                None => {
                    let (a, b) = (r.source.line_col(d.span.start), r.source.line_col(d.span.end));
                    writeln!(
                        out,
                        "::{command} file={file},line={},col={},endLine={},endColumn={},title={title}::{}",
                        a.line,
                        a.column,
                        b.line,
                        b.column,
                        escape_data(&message)
                    )?;
                }
            }
        }
    }
    let total: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
    let summary = super::summary(reports);
    if total > 0 {
        writeln!(
            out,
            "plan-lint: {summary} GitHub shows at most 10 annotations of each severity; all are listed above."
        )
    } else {
        writeln!(out, "plan-lint: {summary}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
