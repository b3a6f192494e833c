//! The JSON contract: an array with one object per finding.
//!
//! Fields: `rule`, `name`, `severity`, `message`, `help` (or null), `file`, `line`, `column`,
//! `end_line`, `end_column` (1-based; columns count characters; the end is just past the last
//! character; null for places that are not lines, see `location`), `document` (0-based YAML
//! document index), `pointer` (JSON pointer into the plan, or null), `labels` (secondary places,
//! each with `message`, `file` (the finding's own, or another: the previous edition's), `line`,
//! `column`, `end_line`, `end_column` and `location`, like a finding's), `location` (for places that
//! are not lines, such as a Word table cell: `description`, `table`, `figure`, `row`, `column`,
//! `paragraph`; otherwise null) and `fix` (null, or `description`, `applicability` and `edits`).
//! Past the cap of findings per rule and file, one object stands for the rest: its message says
//! "and N more CODE …" and its `omitted` field holds N.

use crate::check::FileReport;
use crate::diagnostic::Place;
use crate::source::{SourceFile, Span};
use serde_json::{Value, json};
use std::io::{self, Write};

fn place(source: &SourceFile, span: Span) -> (usize, usize, usize, usize) {
    let start = source.line_col(span.start);
    let end = source.line_col(span.end);
    (start.line, start.column, end.line, end.column)
}

/// A place that is not a line and a column, as the `location` object.
fn location_value(p: &Place) -> Value {
    json!({"description": p.description, "table": p.table, "figure": p.figure,
           "row": p.row, "column": p.column, "paragraph": p.paragraph})
}

/// The findings as JSON values (also used by tests and other front ends).
pub fn to_values(reports: &[FileReport]) -> Vec<Value> {
    let mut out = Vec::new();
    for r in reports {
        for d in &r.diagnostics {
            let (line, column, end_line, end_column) = match d.place {
                Some(_) => (Value::Null, Value::Null, Value::Null, Value::Null),
                None => {
                    let (a, b, c, e) = place(&r.source, d.span);
                    (a.into(), b.into(), c.into(), e.into())
                }
            };
            let location = d.place.as_ref().map(location_value);
            let fix = d.fix.as_ref().map(|f| {
                let edits: Vec<Value> = f
                    .edits
                    .iter()
                    .map(|e| {
                        let (line, column, end_line, end_column) = place(&r.source, e.span);
                        json!({"line": line, "column": column, "end_line": end_line, "end_column": end_column,
                               "replacement": e.replacement})
                    })
                    .collect();
                let applicability = match f.applicability {
                    crate::diagnostic::Applicability::Safe => "safe",
                    crate::diagnostic::Applicability::Unsafe => "unsafe",
                };
                json!({"description": f.description, "applicability": applicability, "edits": edits})
            });
            let labels: Vec<Value> = d
                .labels
                .iter()
                .map(|l| {
                    // A label in another file (the previous edition) names it and is placed in it.
                    let file = l.file.as_ref().map_or(&r.source, |f| &f.0);
                    match &l.place {
                        Some(p) => json!({"message": l.message, "file": file.name, "line": null, "column": null,
                                          "end_line": null, "end_column": null, "location": location_value(p)}),
                        None => {
                            let (line, column, end_line, end_column) = place(file, l.span);
                            json!({"message": l.message, "file": file.name, "line": line, "column": column,
                                   "end_line": end_line, "end_column": end_column, "location": null})
                        }
                    }
                })
                .collect();
            let mut value = json!({
                "rule": d.rule.code,
                "name": d.rule.name,
                "severity": d.severity.as_str(),
                "message": d.message,
                "help": d.help,
                "file": r.source.name,
                "line": line,
                "column": column,
                "end_line": end_line,
                "end_column": end_column,
                "document": d.document,
                "pointer": d.pointer,
                "labels": labels,
                "location": location,
                "fix": fix,
            });
            if d.omitted > 0 {
                // The line that stands for the findings of this rule past the cap.
                value["omitted"] = d.omitted.into();
            }
            out.push(value);
        }
    }
    out
}

pub fn render(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &Value::Array(to_values(reports)))?;
    writeln!(out)
}
