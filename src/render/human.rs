//! Human output through miette's graphical renderer: the code, the message, `file:line:col`, the
//! source with the place underlined, and the help.

use crate::check::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceFile;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan,
    SpanContents,
};
use std::fmt;
use std::io::{self, Write};

/// A source file as miette reads it, using our line table (miette's own scans from the start).
struct Code<'a>(&'a SourceFile);

impl SourceCode for Code<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let src = self.0;
        let start = src.clamp(span.offset());
        let end = src.clamp(span.offset() + span.len()).max(start);
        if span.offset() > src.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let first_line = src.line_col(start).line.saturating_sub(before).max(1);
        // An end at the start of a line belongs to the line before it.
        let end_line = src.line_col(if end > start { end - 1 } else { end }).line;
        let last_line = (end_line + after).min(src.line_count());
        let from = src.offset_of(first_line, 0);
        let to = if last_line >= src.line_count() {
            src.text.len()
        } else {
            src.offset_of(last_line + 1, 0).saturating_sub(1)
        };
        let to = to.max(from);
        // miette reads the span alone (no context lines) for the `file:line:column` header: give
        // it the span's own column, so that editors jump to the finding, not to its line.
        let column = if before == 0 && after == 0 { src.line_col(start).column - 1 } else { 0 };
        Ok(Box::new(MietteSpanContents::new_named(
            src.name.clone(),
            &src.text.as_bytes()[from..to],
            SourceSpan::new(from.into(), to - from),
            first_line - 1,
            column,
            last_line + 1 - first_line,
        )))
    }
}

struct Report<'a> {
    d: &'a Diagnostic,
    code: Code<'a>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.d, f)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let fixable = match self.d.fix.as_ref().map(|f| f.applicability) {
            Some(crate::diagnostic::Applicability::Safe) => " (fixable with --fix)",
            Some(crate::diagnostic::Applicability::Unsafe) => " (fixable with --unsafe-fixes)",
            None => "",
        };
        Some(Box::new(format!("{}[{}]{fixable}", self.d.rule.code, self.d.rule.name)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.d.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        match self.d.place {
            Some(_) => None,
            None => Some(&self.code),
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.d.place.is_some() {
            return None;
        }
        let src = self.code.0;
        let span = |s: crate::source::Span| {
            SourceSpan::new(src.clamp(s.start).into(), src.clamp(s.end).saturating_sub(src.clamp(s.start)))
        };
        let primary = LabeledSpan::new_primary_with_span(self.d.span_label.clone(), span(self.d.span));
        // A label in another file (the previous edition) is said in words after the snippet.
        let rest = self
            .d
            .labels
            .iter()
            .filter(|l| l.file.is_none())
            .map(move |l| LabeledSpan::new_with_span(Some(l.message.clone()), span(l.span)));
        Some(Box::new(std::iter::once(primary).chain(rest)))
    }
}

pub fn render(reports: &[FileReport], color: bool, out: &mut dyn Write) -> io::Result<()> {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false);
    for r in reports {
        for d in &r.diagnostics {
            if d.omitted > 0 {
                // No snippet: the findings it stands for are not listed.
                writeln!(out, "{}[{}] … {} ({})\n", d.rule.code, d.rule.name, d.message, r.source.name)?;
                continue;
            }
            let mut text = String::new();
            let report = Report { d, code: Code(&r.source) };
            if handler.render_report(&mut text, &report).is_err() {
                let at = r.source.line_col(d.span.start);
                text = format!(
                    "{}:{}:{}: {}[{}] {}\n",
                    r.source.name, at.line, at.column, d.severity, d.rule.code, d.message
                );
            }
            // Places without lines (a Word document), and labels in another file, are said in
            // words before the help.
            let mut at = String::new();
            if let Some(place) = &d.place {
                at = format!(
                    "  at {}: {}
",
                    r.source.name,
                    super::brief(place)
                );
                for l in d.labels.iter().filter(|l| l.file.is_none()) {
                    if let Some(p) = &l.place {
                        at.push_str(&format!("  {}: {}\n", l.message, super::brief(p)));
                    }
                }
            }
            for l in &d.labels {
                if let Some(elsewhere) = l.elsewhere() {
                    at.push_str(&format!("  see {elsewhere}: {}\n", l.message));
                }
            }
            if !at.is_empty() {
                match text.find("  help:") {
                    Some(i) => text.insert_str(i, &at),
                    None => text.push_str(&at),
                }
            }
            writeln!(out, "{text}")?;
        }
    }
    writeln!(out, "{}", super::summary(reports))
}
