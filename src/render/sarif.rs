//! SARIF 2.1.0 for code-scanning services (GitHub code scanning and others).
//!
//! Columns are counted in Unicode code points (`columnKind: unicodeCodePoints`), as in every
//! other format. `partialFingerprints.planLint/v1` hashes the rule, the file, the message and the
//! text of the finding's line, not its line number, so a finding keeps its fingerprint when
//! unrelated lines are added above it.

use crate::check::FileReport;
use crate::diagnostic::{Applicability, Severity};
use crate::rules::REGISTRY;
use crate::source::{SourceFile, Span};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::{self, Write};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative URI reference for a path: forward slashes, unsafe bytes percent-encoded.
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn region(source: &SourceFile, span: Span) -> Value {
    let start = source.line_col(span.start);
    let end = source.line_col(span.end);
    json!({"startLine": start.line, "startColumn": start.column, "endLine": end.line, "endColumn": end.column})
}

/// 64-bit FNV-1a: small, stable across versions and platforms.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

pub fn to_value(reports: &[FileReport]) -> Value {
    let rules: Vec<Value> = REGISTRY
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.summary},
                "help": {"text": r.docs, "markdown": r.docs},
                "defaultConfiguration": {"level": level(r.severity)},
                "properties": {"tags": [if r.code.starts_with('P') { "plan" } else { "format" }]},
            })
        })
        .collect();
    let mut results = Vec::new();
    for r in reports {
        let uri = uri(&r.source.name);
        let mut seen: HashMap<u64, usize> = HashMap::new();
        for d in &r.diagnostics {
            let index = REGISTRY.iter().position(|x| x.code == d.rule.code).unwrap_or(0);
            let mut physical = json!({"artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"}});
            let mut message = d.message.clone();
            let context = match &d.place {
                Some(place) => {
                    message = format!("{message} (at {})", place.description);
                    place.description.clone()
                }
                None => {
                    physical["region"] = region(&r.source, d.span);
                    let line = r.source.line_col(d.span.start).line;
                    format!("{}\n{}", r.source.slice(d.span).trim(), r.source.line_text(line).trim())
                }
            };
            if let Some(help) = &d.help {
                message = format!("{message}. Help: {help}");
            }
            let hash = fnv1a(&[d.rule.code, &r.source.name, &d.message, &context]);
            let occurrence = seen.entry(hash).or_insert(0);
            *occurrence += 1;
            let mut result = json!({
                "ruleId": d.rule.code,
                "ruleIndex": index,
                "level": level(d.severity),
                "message": {"text": message},
                "locations": [{"physicalLocation": physical}],
                "partialFingerprints": {"planLint/v1": format!("{hash:016x}:{occurrence}")},
            });
            if d.place.is_none() && !d.labels.is_empty() {
                result["relatedLocations"] = d
                    .labels
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        json!({"id": i + 1, "message": {"text": l.message},
                               "physicalLocation": {"artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                                                    "region": region(&r.source, l.span)}})
                    })
                    .collect();
            }
            if let Some(fix) = d.fix.as_ref().filter(|f| f.applicability == Applicability::Safe) {
                let replacements: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|e| json!({"deletedRegion": region(&r.source, e.span), "insertedContent": {"text": e.replacement}}))
                    .collect();
                result["fixes"] = json!([{
                    "description": {"text": fix.description},
                    "artifactChanges": [{"artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"}, "replacements": replacements}],
                }]);
            }
            results.push(result);
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "plan-lint",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/plan-lint/plan-lint",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

pub fn render(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &to_value(reports))?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_encoded() {
        assert_eq!(uri("corpus/A_80_6 (Sect. 3).docx"), "corpus/A_80_6%20%28Sect.%203%29.docx");
        assert_eq!(uri("a\\b.yaml"), "a/b.yaml");
    }
}
