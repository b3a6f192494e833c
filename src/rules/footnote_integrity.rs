//! P007 footnote-integrity: every footnote marker has a footnote, every footnote is referenced,
//! and numbered footnotes run 1, 2, 3… without gaps or repeats.

use crate::diagnostic::Severity;
use crate::model::{ElementKind, Footnote, Number, NumberRange, Plan, Text};
use crate::rules::numbering::{Entry, Sequence, check_sequence};
use crate::rules::{Context, Rule};
use crate::yaml::{Node, NodeKind};
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

pub static RULE: Rule = Rule {
    code: "P007",
    name: "footnote-integrity",
    severity: Severity::Error,
    summary: "A footnote marker has no footnote, a footnote is never referenced, or footnotes are not numbered 1, 2, 3….",
    docs: include_str!("../../rules/footnote-integrity.md"),
};

pub(super) const CHECK: super::Check = check;

/// `[^12]`, `[^a]`, `[^**]`.
static REFERENCE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[\^([^\]\s]+)\]").unwrap());

/// A footnote reference: the text it is in and the byte range of `[^…]` in it.
struct Reference<'a> {
    text: Text<'a>,
    range: std::ops::Range<usize>,
    marker: &'a str,
}

/// A footnote's number, when it is a whole number (`12`); symbol and letter notes have none.
fn number(marker: &str) -> Option<u32> {
    marker.trim().parse().ok()
}

fn check(plan: &Plan<'_>, cx: &mut Context<'_>) {
    // Every reference, in any text of the plan, in source order.
    let mut scalars = Vec::new();
    collect_scalars(plan.root, &mut scalars);
    let mut references: Vec<Reference> = Vec::new();
    for text in &scalars {
        for c in REFERENCE.captures_iter(text.value) {
            let (whole, marker) = (c.get(0).expect("group 0"), c.get(1).expect("group 1"));
            references.push(Reference { text: *text, range: whole.range(), marker: marker.as_str() });
        }
    }
    references.sort_by_key(|r| r.text.node.report_span().start);

    // Every footnote: the document's notes, then the body's, with the ranges an excerpt leaves out.
    let body_notes = plan.body.iter().filter_map(|e| match &e.kind {
        ElementKind::Footnote(f) => Some(f),
        _ => None,
    });
    let notes: Vec<&Footnote> = plan.meta.notes.iter().chain(body_notes).collect();
    let omitted: Vec<&NumberRange> = plan
        .body
        .iter()
        .filter_map(|e| match &e.kind {
            ElementKind::Omitted(o) => o.footnotes.as_ref(),
            _ => None,
        })
        .collect();
    let defined: HashSet<&str> = notes.iter().filter_map(|n| n.marker.map(|m| m.value.trim())).collect();
    let referenced: HashSet<&str> = references.iter().map(|r| r.marker).collect();

    // 1. A marker with no footnote text.
    let missing: Vec<&Reference> = references
        .iter()
        .filter(|r| {
            let left_out = number(r.marker).is_some_and(|n| omitted.iter().any(|o| o.contains(&o.prefix, n)));
            !defined.contains(r.marker) && !left_out
        })
        .collect();
    // Where those markers are, in words ("a column header of table 16.20").
    let mut places: HashMap<*const Node, String> =
        missing.iter().map(|r| (r.text.node as *const Node, String::new())).collect();
    if !places.is_empty() {
        plan.for_each_text(&mut |t, describe| {
            if let Some(place) = places.get_mut(&(t.node as *const Node))
                && place.is_empty()
            {
                *place = describe();
            }
        });
    }
    for r in missing {
        let place = match places.get(&(r.text.node as *const Node)) {
            Some(p) if !p.is_empty() => format!(" in {p}"),
            _ => String::new(),
        };
        let d = cx
            .at_text(
                &RULE,
                &r.text,
                r.range.clone(),
                format!("footnote marker [^{}]{place} has no footnote text", r.marker),
            )
            .with_span_label("no footnote for this marker")
            .with_help(format!(
                "add the footnote (`- footnote: {}` with its `text`), or remove the marker",
                quote_marker(r.marker)
            ));
        cx.push(d);
    }

    // 2. A footnote no text refers to.
    for note in &notes {
        let Some(marker) = note.marker else { continue };
        if referenced.contains(marker.value.trim()) {
            continue;
        }
        let m = marker.value.trim();
        let d = cx
            .at_node(&RULE, marker.node, format!("footnote {m} is never referenced: no text carries the marker [^{m}]"))
            .with_span_label("unreferenced footnote")
            .with_help(format!("add [^{m}] right after the word the footnote annotates, or remove the footnote"));
        cx.push(d);
    }

    // 3. Numbered footnotes run 1, 2, 3… in document order, each number once. Symbol and letter
    //    notes (*, **, a, b) start again on each page or table and are not a sequence.
    let numbers: Vec<(usize, Number)> = notes
        .iter()
        .filter_map(|n| {
            let m = n.marker?;
            let seq = number(m.value)?;
            Some((n.node.report_span().start, Number { text: m, prefix: "", seq: Some(seq) }))
        })
        .collect();
    let mut entries: Vec<(usize, Entry)> = numbers.iter().map(|(at, n)| (*at, Entry::Numbered(n))).collect();
    for e in &plan.body {
        if let ElementKind::Omitted(o) = &e.kind
            && let Some(r) = &o.footnotes
        {
            entries.push((e.node.report_span().start, Entry::Omitted { prefix: &r.prefix, last: r.last }));
        }
    }
    entries.sort_by_key(|(at, _)| *at);
    let entries: Vec<Entry> = entries.into_iter().map(|(_, e)| e).collect();
    check_sequence(cx, &Sequence { rule: &RULE, kind: "footnote", section: None, from_one: false }, &entries);

    // 4. Numbered footnotes are numbered in the order they are first referenced.
    let mut first_seen: HashSet<u32> = HashSet::new();
    let mut highest: Option<u32> = None;
    for r in &references {
        let Some(n) = number(r.marker) else { continue };
        if !first_seen.insert(n) {
            continue;
        }
        match highest {
            Some(h) if n < h => {
                let d = cx
                    .at_text(
                        &RULE,
                        &r.text,
                        r.range.clone(),
                        format!("footnote {n} is first referenced after footnote {h}: footnotes are numbered in the order they are first referenced"),
                    )
                    .with_help("renumber the footnotes in the order their markers appear");
                cx.push(d);
            }
            _ => highest = Some(highest.map_or(n, |h| h.max(n))),
        }
    }
}

/// `12`, or `"*"` for markers YAML would not read as plain text.
fn quote_marker(m: &str) -> String {
    if m.chars().all(|c| c.is_alphanumeric()) { m.to_owned() } else { format!("\"{m}\"") }
}

/// Every scalar in the tree with text in it.
fn collect_scalars<'a>(node: &'a Node, out: &mut Vec<Text<'a>>) {
    match &node.kind {
        NodeKind::Scalar(s) => {
            if s.value.contains("[^") {
                out.push(Text { value: &s.value, node });
            }
        }
        NodeKind::Sequence(items) => items.iter().for_each(|n| collect_scalars(n, out)),
        NodeKind::Mapping(entries) => entries.iter().for_each(|e| collect_scalars(&e.value, out)),
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{findings, plan};

    #[test]
    fn markers_and_footnotes_that_match_pass() {
        let yaml = plan(
            "  - prose: One[^1] and two[^2], and one again[^1].\n  - footnote: 1\n    text: a\n  \
             - footnote: 2\n    text: b\n",
        );
        assert_eq!(findings(&RULE, &yaml), Vec::<String>::new());
    }

    #[test]
    fn a_marker_without_a_footnote_and_a_footnote_without_a_marker() {
        // Table 16.20's "2021 (actual)a" and footnote 17 of the seed.
        let yaml = plan(
            "  - table: \"16.1\"\n    title: Performance measure\n    kind: performance-measure\n    \
             columns: [2019 (actual), \"2021 (actual)[^a]\"]\n  - footnote: 1\n    text: Not yet finalized.\n",
        );
        assert_eq!(
            findings(&RULE, &yaml),
            [
                "10:44 footnote marker [^a] in a column header of table 16.1 has no footnote text",
                "11:15 footnote 1 is never referenced: no text carries the marker [^1]",
            ]
        );
    }

    #[test]
    fn numbered_footnotes_run_in_sequence_and_omitted_ranges_fill_gaps() {
        let yaml = plan(
            "  - prose: A[^1] B[^2] C[^2] D[^7] E[^9] F[^17]\n  - footnote: 1\n    text: a\n  \
             - footnote: 2\n    text: b\n  - footnote: 2\n    text: c\n  - omitted: part\n    footnotes: 3–6\n  \
             - footnote: 7\n    text: d\n  - footnote: 9\n    text: e\n",
        );
        assert_eq!(
            findings(&RULE, &yaml),
            [
                "7:43 footnote marker [^17] in unnumbered paragraph at body item 1 has no footnote text",
                "12:15 footnote 2 is numbered twice",
                "18:15 footnote 9 follows footnote 7: footnote 8 is missing",
            ]
        );
    }

    #[test]
    fn symbol_notes_may_repeat_per_page() {
        let notes = "  notes:\n    - footnote: \"*\"\n      text: a\n    - footnote: \"*\"\n      text: b\n    \
                     - footnote: \"**\"\n      text: c\nbody:\n";
        let yaml = plan("  - prose: x[^*] y[^**]\n").replace("body:\n", notes);
        assert_eq!(findings(&RULE, &yaml), Vec::<String>::new());
    }

    #[test]
    fn footnotes_are_numbered_in_the_order_they_are_referenced() {
        let yaml = plan("  - prose: A[^2] B[^1]\n  - footnote: 1\n    text: a\n  - footnote: 2\n    text: b\n");
        assert_eq!(
            findings(&RULE, &yaml),
            [
                "7:19 footnote 1 is first referenced after footnote 2: footnotes are numbered in the order they are first referenced"
            ]
        );
    }
}
