//! P008 item-numbering: the line items of a table and the paragraphs run 1, 2, 3… without gaps
//! or repeats.

use crate::diagnostic::Severity;
use crate::model::{Element, ElementKind, Plan, Row, RowKind, Table};
use crate::rules::numbering::{Entry, Sequence, annex, check_sequence, omission};
use crate::rules::{Context, Rule};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

pub static RULE: Rule = Rule {
    code: "P008",
    name: "item-numbering",
    severity: Severity::Error,
    summary: "Line items of a table or paragraphs are not numbered 1, 2, 3… without gaps or repeats.",
    docs: include_str!("../../rules/item-numbering.md"),
};

pub(super) const CHECK: super::Check = check;

fn check(plan: &Plan<'_>, cx: &mut Context<'_>) {
    // "16", also when written "Section 16".
    let section = plan.meta.section.map(|s| s.as_str().rsplit(' ').next().unwrap_or_default());
    let paragraphs: Vec<Entry> = plan
        .body
        .iter()
        .filter_map(|e| match &e.kind {
            ElementKind::Paragraph(p) => p.number.as_ref().map(Entry::Numbered),
            ElementKind::Omitted(_) => omission(e.node, "paragraphs"),
            ElementKind::Heading(_) => annex(e),
            _ => None,
        })
        .collect();
    check_sequence(cx, &Sequence { rule: &RULE, kind: "paragraph", section, from_one: false }, &paragraphs);
    for element in &plan.body {
        if let ElementKind::Table(table) = &element.kind {
            check_items(cx, element, table);
        }
    }
}

/// How a line item's label starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Label {
    /// "12. The Commission…" (also "12 . The Commission…").
    Number(u32),
    /// "b. World Forum…": a sub-item of the item above it.
    Letter(u8),
    /// No number.
    None,
}

fn label(row: &Row<'_>) -> Label {
    static NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*(\d+)\s*\.(?:\s|$)").unwrap());
    static LETTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*([a-z])\.\s").unwrap());
    let Some(text) = row.label.map(|l| l.value) else { return Label::None };
    if let Some(n) = NUMBER.captures(text).and_then(|c| c[1].parse().ok()) {
        Label::Number(n)
    } else if let Some(c) = LETTER.captures(text) {
        Label::Letter(c[1].as_bytes()[0])
    } else {
        Label::None
    }
}

/// "1. The Commission…": the printed number of each line item, across the whole table; and
/// "a.", "b.", "c." of the sub-items under an item.
fn check_items(cx: &mut Context<'_>, element: &Element<'_>, table: &Table<'_>) {
    let items: Vec<(&Row, Label)> =
        table.rows.iter().filter(|r| r.kind == RowKind::Item).map(|r| (r, label(r))).collect();
    // A table whose items carry no numbers does not number them.
    if !items.iter().any(|(_, l)| matches!(l, Label::Number(_))) {
        return;
    }
    let name = element.describe();
    let mut seen: HashMap<u32, &Row> = HashMap::new();
    let mut last: Option<u32> = None;
    let mut unnumbered: Vec<&Row> = Vec::new();
    // The item sub-items belong to, and the last letter under it.
    let mut parent: Option<String> = None;
    let mut letter: Option<u8> = None;
    for (row, label) in items {
        let n = match label {
            Label::Letter(l) => {
                check_letter(cx, element, row, parent.as_deref(), letter, l);
                letter = Some(letter.map_or(l, |p| p.max(l)));
                continue;
            }
            Label::None => {
                unnumbered.push(row);
                (parent, letter) = (Some(row.describe()), None);
                continue;
            }
            Label::Number(n) => n,
        };
        (parent, letter) = (Some(format!("item {n}")), None);
        let expected = last.map_or(1, |l| l + 1);
        // Unnumbered items take the numbers left between their neighbours, when they fit exactly.
        let fits = n == expected + unnumbered.len() as u32;
        report_unnumbered(cx, element, &unnumbered, (last, Some(n)), fits.then_some(expected));
        unnumbered.clear();
        if let Some(first) = seen.get(&n) {
            let d = cx
                .at_node(&RULE, number_node(row), format!("line item {n} in {name} is numbered twice"))
                .with_label(number_node(first).report_span(), format!("item {n} first"))
                .with_help("number the line items 1, 2, 3… down the table")
                .with_pointer(pointer(element, row));
            cx.push(d);
            continue;
        }
        seen.insert(n, row);
        if !fits && n > expected {
            let missing = match n - expected {
                1 => format!("item {expected} is missing"),
                2 => format!("items {expected} and {} are missing", n - 1),
                _ => format!("items {expected} to {} are missing", n - 1),
            };
            let message = match last {
                Some(l) => format!("line item {n} in {name} follows item {l}: {missing}"),
                None => format!("the first line item of {name} is numbered {n}: {missing}"),
            };
            let d = cx
                .at_node(&RULE, number_node(row), message)
                .with_help("number the line items 1, 2, 3… down the table, across its subcategories")
                .with_pointer(pointer(element, row));
            cx.push(d);
        } else if n < expected {
            let d = cx
                .at_node(
                    &RULE,
                    number_node(row),
                    format!("line item {n} in {name} is out of order: it comes after item {}", expected - 1),
                )
                .with_help("number the line items in the order they appear")
                .with_pointer(pointer(element, row));
            cx.push(d);
        }
        last = Some(n);
    }
    let next = last.map_or(1, |l| l + 1);
    report_unnumbered(cx, element, &unnumbered, (last, None), Some(next));
}

/// Sub-items run a, b, c… under each item: report a letter skipped, repeated or out of order.
fn check_letter(
    cx: &mut Context<'_>,
    element: &Element<'_>,
    row: &Row<'_>,
    parent: Option<&str>,
    previous: Option<u8>,
    l: u8,
) {
    let expected = previous.map_or(b'a', |p| p + 1);
    if l == expected {
        return;
    }
    let (c, name) = (char::from(l), element.describe());
    let of = parent.map_or_else(|| format!("in {name}"), |p| format!("of {p} in {name}"));
    let message = if l > expected {
        let (from, to) = (char::from(expected), char::from(l - 1));
        let missing = match l - expected {
            1 => format!("sub-item {from} is missing"),
            2 => format!("sub-items {from} and {to} are missing"),
            _ => format!("sub-items {from} to {to} are missing"),
        };
        match previous {
            Some(p) => format!("sub-item {c} {of} follows sub-item {}: {missing}", char::from(p)),
            None => format!("the first sub-item {of} is lettered {c}: {missing}"),
        }
    } else if Some(l) == previous {
        format!("sub-item {c} {of} is lettered twice")
    } else {
        format!("sub-item {c} {of} is out of order: it comes after sub-item {}", char::from(expected - 1))
    };
    let d = cx
        .at_node(&RULE, number_node(row), message)
        .with_help("letter the sub-items of each item a, b, c… in the order they appear")
        .with_pointer(pointer(element, row));
    cx.push(d);
}

/// Report line items printed without a number, between the numbered items `around`; `first` is
/// the number the first of them should have.
fn report_unnumbered(
    cx: &mut Context<'_>,
    element: &Element<'_>,
    rows: &[&Row<'_>],
    around: (Option<u32>, Option<u32>),
    first: Option<u32>,
) {
    let place = match around {
        (Some(a), Some(b)) => format!(": it comes between items {a} and {b}"),
        (Some(a), None) => format!(": it comes after item {a}"),
        (None, Some(b)) => format!(": it comes before item {b}"),
        (None, None) => String::new(),
    };
    let name = element.describe();
    for (i, row) in rows.iter().enumerate() {
        let Some(label) = row.label else { continue };
        let mut d = cx
            .at_node(&RULE, label.node, format!("{} in {name} has no number{place}", row.describe()))
            .with_span_label("no item number")
            .with_pointer(pointer(element, row));
        d = match first {
            Some(f) => d.with_help(format!("write “{}. ” before it", f + i as u32)),
            None => d.with_help("number it, or join it to the item it belongs to"),
        };
        cx.push(d);
    }
}

/// The JSON pointer of a line item's label.
fn pointer(element: &Element<'_>, row: &Row<'_>) -> String {
    format!("/body/{}/rows/{}/item", element.index, row.index)
}

/// Where a row's number is written: its label.
fn number_node<'a>(row: &Row<'a>) -> &'a crate::yaml::Node {
    row.label.map_or(row.node, |l| l.node)
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{findings, plan};

    fn table(items: &[&str]) -> String {
        let rows: String = items.iter().map(|i| format!("      - item: {i}\n        values: [1, 1, 1, 1]\n")).collect();
        plan(&format!(
            "  - table: \"16.1\"\n    title: deliverables\n    kind: deliverables\n    \
             columns: [2021 planned, 2021 actual, 2022 planned, 2023 planned]\n    rows:\n      \
             - subcategory: Meetings\n        values: [9, 9, 9, 9]\n{rows}"
        ))
    }

    #[test]
    fn a_clean_sequence_across_subcategories() {
        let yaml = table(&["1. A", "2. B", "3. C"]);
        assert_eq!(findings(&RULE, &yaml), Vec::<String>::new());
    }

    #[test]
    fn an_unnumbered_item_between_11_and_13() {
        // Table 16.24 of the seed.
        let yaml = table(&["1. A", "2. B", "The Commission on Narcotic Drugs", "4. D"]);
        assert_eq!(
            findings(&RULE, &yaml),
            [
                "18:15 line item “The Commission on Narcotic Drugs” in table 16.1 has no number: it comes between items 2 and 4"
            ]
        );
    }

    #[test]
    fn gaps_repeats_and_order() {
        let yaml = table(&["2. A", "3. B", "3. C", "5. D", "4. E"]);
        assert_eq!(
            findings(&RULE, &yaml),
            [
                "14:15 the first line item of table 16.1 is numbered 2: item 1 is missing",
                "18:15 line item 3 in table 16.1 is numbered twice",
                "20:15 line item 5 in table 16.1 follows item 3: item 4 is missing",
                "22:15 line item 4 in table 16.1 is out of order: it comes after item 5",
            ]
        );
    }

    #[test]
    fn tables_without_numbered_items_are_skipped() {
        let yaml = table(&["A", "B"]);
        assert_eq!(findings(&RULE, &yaml), Vec::<String>::new());
    }

    #[test]
    fn paragraphs_run_in_sequence_and_omitted_ranges_fill_gaps() {
        let yaml = plan(
            "  - paragraph: \"16.4\"\n    text: a\n  - paragraph: \"16.5\"\n    text: b\n  \
             - omitted: part\n    paragraphs: 16.6–16.9\n  - paragraph: \"16.10\"\n    text: c\n  \
             - paragraph: \"16.12\"\n    text: d\n  - paragraph: \"16.12\"\n    text: e\n",
        );
        assert_eq!(
            findings(&RULE, &yaml),
            [
                "15:16 paragraph 16.12 follows paragraph 16.10: paragraph 16.11 is missing",
                "17:16 paragraph 16.12 is numbered twice",
            ]
        );
    }

    #[test]
    fn lettered_sub_items_belong_to_the_item_above() {
        // Table 20.7 of the proposed programme budget for 2026: "1. Documentation for the Inland
        // Transport Committee", then "a. Inland Transport Committee and Bureau", "b. …".
        let yaml = table(&["1. A", "a. A1", "b. A2", "2. B", "a. B1", "c. B3", "c. B3 again", "3. C", "b. C2"]);
        assert_eq!(
            findings(&RULE, &yaml),
            [
                "24:15 sub-item c of item 2 in table 16.1 follows sub-item a: sub-item b is missing",
                "26:15 sub-item c of item 2 in table 16.1 is lettered twice",
                "30:15 the first sub-item of item 3 in table 16.1 is lettered b: sub-item a is missing",
            ]
        );
    }

    #[test]
    fn a_space_before_the_full_stop_is_still_a_number() {
        // "11 . Missions of the operational cell…" in addendum 2 of section 3.
        let yaml = table(&["1. A", "2 . B", "3. C"]);
        assert_eq!(findings(&RULE, &yaml), Vec::<String>::new());
    }

    #[test]
    fn paragraphs_of_parts_number_from_one_each() {
        // Sections 3, 5, 8, 27 and 31: paragraphs 8.I.1…8.I.125, then 8.II.1…
        let paragraphs = |numbers: &[&str]| {
            plan(&numbers.iter().map(|n| format!("  - paragraph: \"{n}\"\n    text: t\n")).collect::<String>())
        };
        let clean = paragraphs(&["16.I.7", "16.I.8", "16.II.1", "16.II.2", "16.III.1"]);
        assert_eq!(findings(&RULE, &clean), Vec::<String>::new());
        assert_eq!(
            findings(&RULE, &paragraphs(&["16.I.7", "16.I.8", "16.II.2", "16.II.3", "16.I.9", "24.II.4"])),
            [
                "11:16 the first paragraph of part 16.II is numbered 16.II.2: paragraph 16.II.1 is missing",
                "15:16 paragraph 16.I.9 is out of order: it comes after paragraph 16.II.3",
                "17:16 paragraph 24.II.4 is numbered for section 24, but this is section 16",
            ]
        );
    }
}
