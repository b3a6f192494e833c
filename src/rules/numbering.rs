//! P004 numbering: tables and figures are numbered in sequence, without gaps or repeats.

use crate::diagnostic::Severity;
use crate::model::{ElementKind, Number, NumberRange, Plan};
use crate::rules::{Context, Rule};
use std::collections::HashMap;

pub static RULE: Rule = Rule {
    code: "P004",
    name: "numbering",
    severity: Severity::Error,
    summary: "Tables or figures are not numbered 1, 2, 3… in document order, or a number is used twice.",
    docs: include_str!("../../rules/numbering.md"),
    check: Some(check),
};

/// A numbered element, or a range of numbers an excerpt leaves out.
pub(crate) enum Entry<'e, 'a> {
    Numbered(&'e Number<'a>),
    Omitted(&'e NumberRange),
}

/// How a sequence of numbers is checked (shared with P007 and P008).
pub(crate) struct Sequence<'s> {
    pub rule: &'static Rule,
    /// "table", "figure", "paragraph", "footnote".
    pub kind: &'s str,
    /// The prefix every number must have; without it, the prefix of the first number.
    pub section: Option<&'s str>,
    /// Whether the first number must be 1, or may be any (an excerpt's paragraphs and footnotes).
    pub from_one: bool,
}

/// "16.4", or "4" for numbers without a prefix (footnotes).
fn show(prefix: &str, seq: u32) -> String {
    if prefix.is_empty() { seq.to_string() } else { format!("{prefix}.{seq}") }
}

fn check(plan: &Plan<'_>, cx: &mut Context<'_>) {
    // "16", also when written "Section 16".
    let section = plan.meta.section.map(|s| s.as_str().rsplit(' ').next().unwrap_or_default());
    for kind in ["table", "figure"] {
        let entries: Vec<Entry> = plan
            .body
            .iter()
            .filter_map(|e| match (&e.kind, kind) {
                (ElementKind::Table(t), "table") => t.number.as_ref().map(Entry::Numbered),
                (ElementKind::Figure(f), "figure") => f.number.as_ref().map(Entry::Numbered),
                (ElementKind::Omitted(o), "table") => o.tables.as_ref().map(Entry::Omitted),
                (ElementKind::Omitted(o), "figure") => o.figures.as_ref().map(Entry::Omitted),
                _ => None,
            })
            .collect();
        check_sequence(cx, &Sequence { rule: &RULE, kind, section, from_one: true }, &entries);
    }
}

pub(crate) fn check_sequence(cx: &mut Context<'_>, sequence: &Sequence<'_>, entries: &[Entry<'_, '_>]) {
    let Sequence { rule, kind, section, from_one } = *sequence;
    let mut seen: HashMap<&str, &Number> = HashMap::new();
    let mut prefix: Option<&str> = section;
    let mut last: Option<(u32, String)> = None;
    for entry in entries {
        let n = match entry {
            Entry::Omitted(r) => {
                last = Some((r.last, format!("{kind}s omitted up to {}", show(&r.prefix, r.last))));
                continue;
            }
            Entry::Numbered(n) => *n,
        };
        let Some(seq) = n.seq else { continue };
        let shown = n.as_str();
        if let Some(first) = seen.get(shown) {
            let d = cx
                .at_node(rule, n.text.node, format!("{kind} {shown} is numbered twice"))
                .with_label(first.text.node.report_span(), format!("{kind} {shown} first"))
                .with_help(format!("renumber the {kind}s in document order"));
            cx.push(d);
            continue;
        }
        seen.insert(shown, n);
        let expected_prefix = *prefix.get_or_insert(n.prefix);
        if n.prefix != expected_prefix {
            let d = cx
                .at_node(
                    rule,
                    n.text.node,
                    format!(
                        "{kind} {shown} is numbered for section {}, but this is section {expected_prefix}",
                        n.prefix
                    ),
                )
                .with_help(format!("write “{}”", show(expected_prefix, seq)));
            cx.push(d);
        }
        let first = if from_one { 1 } else { seq };
        let expected = last.as_ref().map_or(first, |(s, _)| s + 1);
        let previous = last.as_ref().map(|(_, name)| name.clone());
        if seq > expected {
            let (from, to) = (show(expected_prefix, expected), show(expected_prefix, seq - 1));
            let missing = if seq == expected + 1 {
                format!("{kind} {from} is missing")
            } else if seq == expected + 2 {
                format!("{kind}s {from} and {to} are missing")
            } else {
                format!("{kind}s {from} to {to} are missing")
            };
            let message = match previous {
                Some(p) => format!("{kind} {shown} follows {p}: {missing}"),
                None => format!("the first {kind} is numbered {shown}: {missing}"),
            };
            let d = cx.at_node(rule, n.text.node, message).with_help(format!(
                "number {kind}s in sequence; to leave some out of an excerpt, add an `omitted:` item with `{kind}s:`"
            ));
            cx.push(d);
        } else if seq < expected {
            let d = cx
                .at_node(
                    rule,
                    n.text.node,
                    format!("{kind} {shown} is out of order: it comes after {}", previous.unwrap_or_default()),
                )
                .with_help(format!("number {kind}s in the order they appear"));
            cx.push(d);
        }
        last = Some((seq, format!("{kind} {shown}")));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{findings, plan};

    fn tables(numbers: &[&str]) -> String {
        plan(
            &numbers.iter().map(|n| format!("  - table: \"{n}\"\n    title: t\n    kind: other\n")).collect::<String>(),
        )
    }

    #[test]
    fn a_clean_sequence() {
        assert_eq!(findings(&RULE, &tables(&["16.1", "16.2", "16.3"])), Vec::<String>::new());
    }

    #[test]
    fn gaps_repeats_order_and_section() {
        assert_eq!(
            findings(&RULE, &tables(&["16.1", "16.4", "16.4", "16.3", "17.5"])),
            [
                "10:12 table 16.4 follows table 16.1: tables 16.2 and 16.3 are missing",
                "13:12 table 16.4 is numbered twice",
                "16:12 table 16.3 is out of order: it comes after table 16.4",
                "19:12 table 17.5 is numbered for section 17, but this is section 16",
                "19:12 table 17.5 follows table 16.3: table 16.4 is missing",
            ]
        );
    }

    #[test]
    fn omitted_ranges_fill_the_gap() {
        let yaml = plan(
            "  - table: \"16.1\"\n    title: t\n    kind: other\n  - omitted: part\n    tables: 16.2–16.5\n  \
             - table: \"16.6\"\n    title: t\n    kind: other\n",
        );
        assert_eq!(findings(&RULE, &yaml), Vec::<String>::new());
    }
}
