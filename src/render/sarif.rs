//! SARIF 2.1.0 for code-scanning services (GitHub code scanning and others).
//!
//! Columns are counted in Unicode code points (`columnKind: unicodeCodePoints`), as in every
//! other format. `partialFingerprints.planLint/v1` ([`crate::baseline::fingerprints`]) hashes the rule, the file, the message and the
//! text of the finding's line, not its line number, so a finding keeps its fingerprint when
//! unrelated lines are added above it.

use crate::check::FileReport;
use crate::diagnostic::{Applicability, Place, Severity};
use crate::rules::REGISTRY;
use crate::source::{SourceFile, Span};
use serde_json::{Value, json};
use std::io::{self, Write};
use std::path::{Component, Path};
use url::Url;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The artifact location of a file: an absolute path as a `file:` URI (`url` writes Windows
/// drive paths as `file:///C:/…`); a relative one as a relative reference under `%SRCROOT%`,
/// each path segment percent-encoded.
pub fn artifact_location(path: &str) -> Value {
    let p = Path::new(path);
    if p.is_absolute()
        && let Ok(url) = Url::from_file_path(p)
    {
        return json!({"uri": url.as_str()});
    }
    json!({"uri": relative_uri(p), "uriBaseId": "%SRCROOT%"})
}

/// A relative path as a relative URI reference: its segments, each encoded as `url` encodes a
/// path segment, joined with `/` (`..` is kept: the reference climbs out of the base).
fn relative_uri(path: &Path) -> String {
    let encode = |segment: &str| {
        let mut url = Url::parse("file:///").expect("a valid base");
        url.path_segments_mut().expect("a file URL has a path").push(segment);
        url.path()[1..].to_owned()
    };
    let segments: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(encode(&s.to_string_lossy())),
            Component::ParentDir => Some("..".to_owned()),
            _ => None,
        })
        .collect();
    segments.join("/")
}

fn region(source: &SourceFile, span: Span) -> Value {
    let start = source.line_col(span.start);
    let end = source.line_col(span.end);
    json!({"startLine": start.line, "startColumn": start.column, "endLine": end.line, "endColumn": end.column})
}

/// A place in a Word document as a SARIF logical location: named by its most specific part (the
/// column, row, paragraph, figure or table), fully qualified by the whole place in words.
fn logical_location(place: &Place) -> Value {
    let name = [&place.column, &place.row, &place.paragraph, &place.figure, &place.table]
        .into_iter()
        .find_map(|p| p.as_deref())
        .unwrap_or(&place.description);
    json!({"name": name, "fullyQualifiedName": place.description, "kind": "element"})
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
                "helpUri": r.help_uri(),
                "defaultConfiguration": {"level": level(r.severity)},
                "properties": {"tags": [if r.code.starts_with('P') { "plan" } else { "format" }]},
            })
        })
        .collect();
    let mut results = Vec::new();
    for r in reports {
        let artifact = artifact_location(&r.source.name);
        for (d, fingerprint) in r.diagnostics.iter().zip(crate::baseline::fingerprints(r)) {
            let index = REGISTRY.iter().position(|x| x.code == d.rule.code).unwrap_or(0);
            let mut physical = json!({"artifactLocation": artifact});
            let mut message = d.message.clone();
            let mut location = json!({});
            match &d.place {
                Some(place) => {
                    // GitHub shows the message, not logical locations: say the place there too.
                    message = format!("{message} (at {})", place.description);
                    location["logicalLocations"] = json!([logical_location(place)]);
                }
                None => physical["region"] = region(&r.source, d.span),
            }
            location["physicalLocation"] = physical;
            if let Some(help) = &d.help {
                message = format!("{message}. Help: {help}");
            }
            let mut result = json!({
                "ruleId": d.rule.code,
                "ruleIndex": index,
                "level": level(d.severity),
                "message": {"text": message},
                "locations": [location],
                "partialFingerprints": {"planLint/v1": fingerprint},
            });
            if !d.labels.is_empty() {
                result["relatedLocations"] = d
                    .labels
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        // A label in another file (the previous edition) has its own artifact.
                        let (artifact, file) = match &l.file {
                            Some(f) => (artifact_location(&f.0.name), &*f.0),
                            None => (artifact.clone(), &r.source),
                        };
                        match &l.place {
                            Some(place) => json!({"id": i + 1, "message": {"text": l.message},
                                                  "physicalLocation": {"artifactLocation": artifact},
                                                  "logicalLocations": [logical_location(place)]}),
                            None => json!({"id": i + 1, "message": {"text": l.message},
                                           "physicalLocation": {"artifactLocation": artifact,
                                                                "region": region(file, l.span)}}),
                        }
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
                    "artifactChanges": [{"artifactLocation": artifact, "replacements": replacements}],
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
        let uri = |p: &str| artifact_location(p)["uri"].as_str().unwrap().to_owned();
        assert_eq!(uri("corpus/A_80_6 (Sect. 3).docx"), "corpus/A_80_6%20(Sect.%203).docx");
        assert_eq!(uri("../shared/50% #1?.yaml"), "../shared/50%25%20%231%3F.yaml");
        assert_eq!(artifact_location("plans/a.yaml")["uriBaseId"], "%SRCROOT%");
        #[cfg(unix)]
        {
            assert_eq!(artifact_location("/tmp/plans/a b.yaml"), json!({"uri": "file:///tmp/plans/a%20b.yaml"}));
            // A backslash is part of a Unix file name.
            assert_eq!(uri("a\\b.yaml"), "a%5Cb.yaml");
        }
        #[cfg(windows)]
        {
            assert_eq!(uri("plans\\a.yaml"), "plans/a.yaml");
            assert_eq!(artifact_location("C:\\plans\\a b.yaml"), json!({"uri": "file:///C:/plans/a%20b.yaml"}));
        }
    }
}
