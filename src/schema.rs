//! Validate a plan against `schemas/plan.schema.json` and say what is wrong in a planner's words.
//!
//! The validator is compiled once per process. Each schema error becomes a finding at the
//! offending YAML node (the key for an unexpected property, the mapping for a missing one, the
//! value for a wrong type), with a message that names the place in plan terms ("line item 3 in
//! table 16.4") and the JSON pointer kept for the JSON output.

use crate::diagnostic::{Capped, Diagnostic};
use crate::model::{ELEMENT_KINDS, ElementKind, Plan};
use crate::rules::{schema_violation::RULE, with_alias_label};
use crate::yaml::Node;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{JsonType, ValidationError, Validator};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// The plan schema, as shipped.
pub const SCHEMA_TEXT: &str = include_str!("../schemas/plan.schema.json");

static SCHEMA: LazyLock<Value> =
    LazyLock::new(|| serde_json::from_str(SCHEMA_TEXT).expect("the bundled schema is JSON"));

static VALIDATOR: LazyLock<Validator> = LazyLock::new(|| {
    jsonschema::draft202012::new(&SCHEMA).expect("the bundled schema is a valid draft 2020-12 schema")
});

/// Check one plan document; returns its schema findings in document order, at most `cap` listed
/// (and a line that counts the rest).
pub fn check(root: &Node, plan: &Plan<'_>, cap: usize) -> Vec<Diagnostic> {
    let instance = root.to_json();
    let errors: Vec<ValidationError<'_>> = VALIDATOR.iter_errors(&instance).collect();
    // A body item with two kinds is one mistake: say that, not every key the kinds disallow.
    let multi: HashSet<&str> = errors
        .iter()
        .filter(|e| matches!(e.kind(), ValidationErrorKind::OneOfMultipleValid { .. }))
        .map(|e| e.instance_path().as_str())
        .collect();
    let mut found = Capped::new(cap);
    for e in &errors {
        if matches!(e.kind(), ValidationErrorKind::AdditionalProperties { .. })
            && multi.contains(e.instance_path().as_str())
        {
            continue;
        }
        translate(root, plan, e, &mut found);
    }
    let mut out = found.into_diagnostics();
    out.sort_by_key(|d| (d.span.start, d.span.end, d.omitted));
    out.dedup_by(|a, b| a.span == b.span && a.message == b.message);
    out
}

fn translate(root: &Node, plan: &Plan<'_>, e: &ValidationError<'_>, found: &mut Capped) {
    let pointer = e.instance_path().as_str().to_owned();
    let Some(node) = root.at_pointer(&pointer) else {
        return;
    };
    let segments: Vec<String> = pointer.split('/').skip(1).map(|s| s.replace("~1", "/").replace("~0", "~")).collect();
    let place = describe(plan, &segments);
    let mut at = |d: Diagnostic| found.push(d.with_pointer(pointer.clone()));
    let found_text = node.describe();
    let found = &found_text;
    match e.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            let known = known_properties(e);
            // One lookup table for the mapping, not a scan of it per key: 100,000 unexpected keys
            // cost 100,000 lookups.
            let entries: HashMap<&str, &crate::yaml::Entry> = node
                .as_map()
                .unwrap_or(&[])
                .iter()
                .rev()
                .filter_map(|entry| Some((entry.key.as_str()?, entry)))
                .collect();
            for key in unexpected {
                let Some(entry) = entries.get(key.as_str()) else { continue };
                at_key(&mut at, key, entry, &place, &known, &pointer);
            }
        }
        ValidationErrorKind::Required { property } => {
            let property = property.as_str().unwrap_or_default();
            let message = if segments.is_empty() {
                format!("the plan has no `{property}`")
            } else {
                format!("{place} has no `{property}`")
            };
            at(with_alias_label(Diagnostic::new(&RULE, head_span(node), message), node)
                .with_help(format!("add `{property}:`")))
        }
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => type_name(*t).to_owned(),
                TypeKind::Multiple(set) => {
                    let names: Vec<&str> = set.iter().filter(|t| *t != JsonType::Null).map(type_name).collect();
                    names.join(" or ")
                }
            };
            let message = if segments.is_empty() {
                format!("a plan must be a mapping with `document` and `body`, found {found}")
            } else {
                format!("{place} must be {expected}, found {found}")
            };
            let quoted_number = node
                .as_scalar()
                .is_some_and(|s| s.style != crate::yaml::Style::Plain && s.value.trim().parse::<f64>().is_ok());
            let d = node_diag(node, message);
            at(if quoted_number && expected.contains("number") {
                d.with_help("remove the quotes: quoted, it is text")
            } else {
                d
            })
        }
        ValidationErrorKind::OneOfNotValid { .. } if is_body_item(&segments) && node.as_map().is_some() => {
            at(node_diag(node, format!("{place} does not say what it is: it needs one of {}", list(ELEMENT_KINDS)))
                .with_help("start the item with its kind, e.g. `- paragraph: \"16.1\"` or `- heading: Deliverables`"))
        }
        ValidationErrorKind::OneOfMultipleValid { .. } if is_body_item(&segments) => {
            let kinds: Vec<&str> = node
                .as_map()
                .unwrap_or(&[])
                .iter()
                .filter_map(|e| e.key.as_str())
                .filter(|k| ELEMENT_KINDS.contains(k))
                .collect();
            at(node_diag(node, format!("{place} has more than one kind: {}", list(&kinds).replace(" or ", " and ")))
                .with_help("split it into one body item per kind"))
        }
        ValidationErrorKind::Not { .. } if segments.iter().any(|s| s == "rows") => {
            at(node_diag(node, format!("{place} has more than one of `category`, `subcategory`, `item` and `text`"))
                .with_help("a row is one of them; split it into two rows"))
        }
        ValidationErrorKind::Enum { options } => {
            let options: Vec<String> = options
                .as_array()
                .map(|a| a.iter().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned)).collect())
                .unwrap_or_default();
            let refs: Vec<&str> = options.iter().map(String::as_str).collect();
            let mut d = node_diag(node, format!("{place} must be one of {}, found {found}", list(&refs)));
            if let Some(s) = node.as_str().and_then(|v| closest(v, &refs)) {
                d = d.with_help(format!("did you mean `{s}`?"));
            }
            at(d)
        }
        ValidationErrorKind::Minimum { limit } | ValidationErrorKind::ExclusiveMinimum { limit } => {
            at(node_diag(node, format!("{place} must be at least {limit}, found {found}")))
        }
        ValidationErrorKind::Maximum { limit } | ValidationErrorKind::ExclusiveMaximum { limit } => {
            at(node_diag(node, format!("{place} must be at most {limit}, found {found}")))
        }
        ValidationErrorKind::OneOfNotValid { .. } if segments.iter().rev().nth(1).is_some_and(|s| s == "columns") => {
            at(node_diag(
                node,
                format!("{place} must be a header such as \"2021 planned\", or a mapping with `label`, found {found}"),
            ))
        }
        _ => at(node_diag(node, format!("{place} is not valid: {e}"))),
    }
}

/// The finding for one unexpected key, with a suggestion.
fn at_key(
    at: &mut impl FnMut(Diagnostic),
    key: &str,
    entry: &crate::yaml::Entry,
    place: &str,
    known: &[&'static str],
    pointer: &str,
) {
    let mut d = with_alias_label(
        Diagnostic::new(&RULE, entry.key.report_span(), format!("unexpected key `{key}` in {place}")),
        &entry.key,
    );
    // A suggestion compares the key with each known one: not for keys no one would misspell.
    let suggestion = if key.len() <= 64 { closest(key, known) } else { None };
    d = match suggestion {
        Some(s) => d.with_help(format!("did you mean `{s}`?")),
        None if !known.is_empty() => d.with_help(format!("allowed here: {}", list(known))),
        None => d,
    };
    at(d.with_pointer(format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"))));
}

fn node_diag(node: &Node, message: String) -> Diagnostic {
    with_alias_label(Diagnostic::new(&RULE, node.report_span(), message), node)
}

/// For a mapping, its first line (first key and value) rather than the whole block.
fn head_span(node: &Node) -> crate::source::Span {
    match node.as_map().and_then(|m| m.first()) {
        Some(first) if node.alias.is_none() => {
            crate::source::Span::new(first.key.span.start, first.value.span.end.max(first.key.span.end))
        }
        _ => node.report_span(),
    }
}

fn is_body_item(segments: &[String]) -> bool {
    segments.len() == 2 && segments[0] == "body"
}

fn type_name(t: JsonType) -> &'static str {
    match t {
        JsonType::Null => "nothing",
        JsonType::Boolean => "true or false",
        JsonType::Integer => "a whole number",
        JsonType::Number => "a number",
        JsonType::String => "text",
        JsonType::Array => "a list",
        JsonType::Object => "a mapping",
    }
}

fn list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("`{s}`")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        n => format!("{} or {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

/// The properties the schema allows where an unexpected one was found.
fn known_properties(e: &ValidationError<'_>) -> Vec<&'static str> {
    let Some(location) = e.absolute_keyword_location() else {
        return Vec::new();
    };
    let Some(fragment) = location.fragment() else {
        return Vec::new();
    };
    let pointer = fragment.as_str();
    let Some(parent) = pointer.strip_suffix("/additionalProperties").or(pointer.strip_suffix("/unevaluatedProperties"))
    else {
        return Vec::new();
    };
    let schema: &'static Value = &SCHEMA;
    schema
        .pointer(&format!("{parent}/properties"))
        .and_then(Value::as_object)
        .map(|props| props.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// The known word nearest to a misspelt one, if it is near enough (Levenshtein distance, by
/// `strsim`: at most a third of the known word's length).
fn closest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    let word = word.to_lowercase();
    known
        .iter()
        .map(|k| (strsim::levenshtein(&word, k), *k))
        .filter(|(d, k)| *d <= (k.len() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Say where a JSON pointer is in plan terms.
fn describe(plan: &Plan<'_>, segments: &[String]) -> String {
    let seg = |i: usize| segments.get(i).map(String::as_str);
    let index = |i: usize| seg(i).and_then(|s| s.parse::<usize>().ok());
    match seg(0) {
        None => "the plan".into(),
        Some("document") => match (seg(1), seg(2)) {
            (None, _) => "`document`".into(),
            (Some("notes"), Some(_)) if index(2).is_some() => {
                format!("note {} of the document", index(2).unwrap_or(0) + 1)
            }
            (Some(k), None) => format!("`{k}` of the document"),
            (Some(k), Some(sub)) => format!("`{sub}` of `{k}` in the document"),
        },
        Some("contents") => match (index(1), seg(2)) {
            (Some(i), None) => format!("contents entry {}", i + 1),
            (Some(i), Some(k)) => format!("`{k}` of contents entry {}", i + 1),
            _ => "`contents`".into(),
        },
        Some("body") => {
            let Some(element) = index(1).and_then(|i| plan.body.get(i)) else {
                return "`body`".into();
            };
            let what = element.describe();
            let table = match &element.kind {
                ElementKind::Table(t) => Some(t),
                _ => None,
            };
            match (seg(2), index(3), seg(4), index(5)) {
                (None, ..) => what,
                (Some("rows"), Some(r), Some("values"), Some(c)) => {
                    let row =
                        table.and_then(|t| t.rows.get(r)).map_or_else(|| format!("row {}", r + 1), |r| r.describe());
                    match table.and_then(|t| t.columns.get(c)).and_then(|c| c.label) {
                        Some(l) => format!("the “{}” value of {row} in {what}", l.value.trim()),
                        None => format!("value {} of {row} in {what}", c + 1),
                    }
                }
                (Some("rows"), Some(r), rest, _) => {
                    let row =
                        table.and_then(|t| t.rows.get(r)).map_or_else(|| format!("row {}", r + 1), |r| r.describe());
                    match rest {
                        None => format!("{row} in {what}"),
                        Some(k) => format!("`{k}` of {row} in {what}"),
                    }
                }
                (Some("columns"), Some(c), ..) => format!("column {} of {what}", c + 1),
                (Some("data"), Some(p), rest, _) => {
                    let year = match &element.kind {
                        ElementKind::Figure(f) => {
                            f.series.first().and_then(|s| s.data.get(p)).and_then(|p| p.year).map(|y| y.value)
                        }
                        _ => None,
                    };
                    let point = year.map_or_else(|| format!("point {}", p + 1), |y| format!("the {y} point"));
                    match rest {
                        None => format!("{point} of {what}"),
                        Some(k) => format!("`{k}` of {point} of {what}"),
                    }
                }
                (Some(list @ ("items" | "labels")), Some(i), ..) => {
                    format!("{} {} of {what}", list.trim_end_matches('s'), i + 1)
                }
                (Some(k), ..) => format!("`{k}` of {what}"),
            }
        }
        Some(_) => format!("`/{}`", segments.join("/")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_schema_compiles() {
        LazyLock::force(&VALIDATOR);
    }

    #[test]
    fn suggestions() {
        assert_eq!(closest("colums", &["columns", "rows", "title"]), Some("columns"));
        assert_eq!(closest("xyz", &["columns", "rows", "title"]), None);
        assert_eq!(closest("Colums", &["columns", "rows", "title"]), Some("columns"));
    }
}
