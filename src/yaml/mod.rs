//! The spanned YAML tree plan-lint works on.
//!
//! [`load`] turns text into [`Node`]s that remember where each key and value is written. Aliases
//! are expanded into copies that remember both the alias (where the finding is reported) and the
//! anchor (shown as a secondary label). Duplicate keys, syntax errors and resource limits become
//! [`Diagnostic`](crate::diagnostic::Diagnostic)s, never panics.

mod load;
mod scalar_span;

pub use load::{Limits, LoadOutcome, MAX_FINDINGS, load, too_large};

use crate::source::Span;
use std::sync::Arc;

/// How a scalar was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// Where content reached through an alias came from.
#[derive(Debug, PartialEq)]
pub struct AliasUse {
    /// The `*alias` that brought the content here.
    pub use_span: Span,
    /// The anchored node the content was copied from.
    pub anchor_span: Span,
}

/// A YAML node with its place in the source.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    /// Where the node is written (for aliased content, inside the anchored node).
    pub span: Span,
    /// Set on every node copied through an alias.
    pub alias: Option<Arc<AliasUse>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    Scalar(Scalar),
    Sequence(Vec<Node>),
    Mapping(Vec<Entry>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    /// The value after YAML's folding and escapes.
    pub value: String,
    pub style: Style,
    /// A core-schema tag (`str`, `int`, ...) when one was written.
    pub tag: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

/// A scalar's meaning under the YAML 1.2 core schema.
#[derive(Clone, Debug, PartialEq)]
pub enum Resolved<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(&'a str),
}

impl Scalar {
    /// Resolve the scalar as the YAML 1.2 core schema does: only plain scalars are typed.
    pub fn resolve(&self) -> Resolved<'_> {
        let v = self.value.as_str();
        match self.tag.as_deref() {
            Some("str") => return Resolved::Str(v),
            Some("null") => return Resolved::Null,
            Some("bool") => {
                return match v {
                    "true" | "True" | "TRUE" => Resolved::Bool(true),
                    "false" | "False" | "FALSE" => Resolved::Bool(false),
                    _ => Resolved::Str(v),
                };
            }
            Some("int") => return parse_int(v).map_or(Resolved::Str(v), Resolved::Int),
            Some("float") => return parse_float(v).map_or(Resolved::Str(v), Resolved::Float),
            _ => {}
        }
        if self.style != Style::Plain {
            return Resolved::Str(v);
        }
        match v {
            "" | "~" | "null" | "Null" | "NULL" => Resolved::Null,
            "true" | "True" | "TRUE" => Resolved::Bool(true),
            "false" | "False" | "FALSE" => Resolved::Bool(false),
            _ => {
                if let Some(i) = parse_int(v) {
                    Resolved::Int(i)
                } else if let Some(f) = parse_float(v) {
                    Resolved::Float(f)
                } else {
                    Resolved::Str(v)
                }
            }
        }
    }
}

fn parse_int(v: &str) -> Option<i64> {
    if let Some(hex) = v.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok();
    }
    if let Some(oct) = v.strip_prefix("0o") {
        return i64::from_str_radix(oct, 8).ok();
    }
    let digits = v.strip_prefix(['-', '+']).unwrap_or(v);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse().ok()
}

fn parse_float(v: &str) -> Option<f64> {
    match v {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    let body = v.strip_prefix(['-', '+']).unwrap_or(v);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int, frac) = match mantissa.find('.') {
        Some(i) => (&mantissa[..i], Some(&mantissa[i + 1..])),
        None => (mantissa, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match frac {
        Some(f) => digits(int) && digits(f) && !(int.is_empty() && f.is_empty()),
        None => !int.is_empty() && digits(int),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    if mantissa_ok && exponent_ok { v.parse().ok() } else { None }
}

impl Node {
    /// The span a finding about this node should point at: the alias for aliased content.
    pub fn report_span(&self) -> Span {
        self.alias.as_ref().map_or(self.span, |a| a.use_span)
    }

    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The scalar's text, whatever its type (`16.10` stays `16.10`).
    pub fn as_str(&self) -> Option<&str> {
        self.as_scalar().map(|s| s.value.as_str())
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Sequence(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.kind {
            NodeKind::Mapping(entries) => Some(entries),
            _ => None,
        }
    }

    /// The entry for `key` in a mapping (the first one, where a key is duplicated).
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_map()?.iter().find(|e| e.key.as_str() == Some(key))
    }

    /// The value for `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    pub fn is_null(&self) -> bool {
        matches!(self.as_scalar().map(Scalar::resolve), Some(Resolved::Null))
    }

    /// A short description of the node's type for messages: "a mapping", "text `12a`".
    pub fn describe(&self) -> String {
        match &self.kind {
            NodeKind::Mapping(_) => "a mapping".into(),
            NodeKind::Sequence(_) => "a list".into(),
            NodeKind::Scalar(s) => match s.resolve() {
                Resolved::Null => "nothing".into(),
                Resolved::Bool(b) => format!("`{b}`"),
                Resolved::Int(_) | Resolved::Float(_) => format!("the number `{}`", s.value),
                Resolved::Str(v) if s.style == Style::Plain => format!("`{}`", shorten(v, 40)),
                Resolved::Str(v) => format!("the text \"{}\"", shorten(v, 40)),
            },
        }
    }

    /// Walk a JSON pointer (RFC 6901) from this node.
    pub fn at_pointer(&self, pointer: &str) -> Option<&Node> {
        let mut node = self;
        if pointer.is_empty() {
            return Some(node);
        }
        for raw in pointer.strip_prefix('/')?.split('/') {
            let segment = raw.replace("~1", "/").replace("~0", "~");
            node = match &node.kind {
                NodeKind::Mapping(_) => node.get(&segment)?,
                NodeKind::Sequence(items) => items.get(segment.parse::<usize>().ok()?)?,
                NodeKind::Scalar(_) => return None,
            };
        }
        Some(node)
    }

    /// Collect the spans of scalars whose value contains `needle`.
    pub fn scalar_spans_containing(&self, needle: &str, out: &mut Vec<Span>) {
        match &self.kind {
            NodeKind::Scalar(s) => {
                if s.value.contains(needle) {
                    out.push(self.span);
                }
            }
            NodeKind::Sequence(items) => items.iter().for_each(|n| n.scalar_spans_containing(needle, out)),
            NodeKind::Mapping(entries) => entries.iter().for_each(|e| {
                e.key.scalar_spans_containing(needle, out);
                e.value.scalar_spans_containing(needle, out);
            }),
        }
    }

    /// Total number of nodes in this subtree (used to bound alias expansion).
    pub fn size(&self) -> usize {
        match &self.kind {
            NodeKind::Scalar(_) => 1,
            NodeKind::Sequence(items) => 1 + items.iter().map(Node::size).sum::<usize>(),
            NodeKind::Mapping(entries) => 1 + entries.iter().map(|e| e.key.size() + e.value.size()).sum::<usize>(),
        }
    }

    /// Convert to JSON for schema validation. Where a key is duplicated the first one wins,
    /// as in [`Node::get`]; non-text keys are written as their text.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.kind {
            NodeKind::Scalar(s) => match s.resolve() {
                Resolved::Null => Value::Null,
                Resolved::Bool(b) => Value::Bool(b),
                Resolved::Int(i) => Value::from(i),
                Resolved::Float(f) => {
                    serde_json::Number::from_f64(f).map_or_else(|| Value::String(s.value.clone()), Value::Number)
                }
                Resolved::Str(v) => Value::String(v.to_owned()),
            },
            NodeKind::Sequence(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeKind::Mapping(entries) => {
                let mut map = serde_json::Map::with_capacity(entries.len());
                for e in entries {
                    let key = match &e.key.kind {
                        NodeKind::Scalar(s) => s.value.clone(),
                        _ => "<complex key>".to_owned(),
                    };
                    map.entry(key).or_insert_with(|| e.value.to_json());
                }
                Value::Object(map)
            }
        }
    }
}

/// Cut text to `max` characters for a message, with an ellipsis.
pub fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", text[..i].trim_end()),
        None => text.to_owned(),
    }
}

pub use scalar_span::{Aligner, sub_span};

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(v: &str) -> Scalar {
        Scalar { value: v.into(), style: Style::Plain, tag: None }
    }

    #[test]
    fn core_schema_resolution() {
        assert_eq!(plain("15").resolve(), Resolved::Int(15));
        assert_eq!(plain("-3").resolve(), Resolved::Int(-3));
        assert_eq!(plain("16.10").resolve(), Resolved::Float(16.1));
        assert_eq!(plain("~").resolve(), Resolved::Null);
        assert_eq!(plain("–").resolve(), Resolved::Str("–"));
        assert_eq!(plain("1,000").resolve(), Resolved::Str("1,000"));
        assert_eq!(plain("12a").resolve(), Resolved::Str("12a"));
        assert_eq!(plain("1e3").resolve(), Resolved::Float(1000.0));
        assert_eq!(plain(".").resolve(), Resolved::Str("."));
        assert_eq!(plain("yes").resolve(), Resolved::Str("yes"));
        let quoted = Scalar { value: "15".into(), style: Style::DoubleQuoted, tag: None };
        assert_eq!(quoted.resolve(), Resolved::Str("15"));
    }
}
