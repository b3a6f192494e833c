//! P011 duplicated-block: a subcategory repeats another's line items and values in the same table.

use crate::diagnostic::Severity;
use crate::model::{Cell, ElementKind, Plan, Quantity, Row, RowKind, strip_refs};
use crate::rules::total_mismatch::parents;
use crate::rules::{Context, Rule};
use regex::Regex;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::LazyLock;

pub static RULE: Rule = Rule {
    code: "P011",
    name: "duplicated-block",
    severity: Severity::Warning,
    summary: "Two subcategories of a table list the same line items with the same values.",
    docs: include_str!("../../rules/duplicated-block.md"),
};

pub(super) const CHECK: super::Check = check;

/// The item number printed before a line item: "12. ".
static ITEM_NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*\d+\.\s+").unwrap());

/// A label or unit as compared: without its item number and footnote references, in lower case,
/// with spacing collapsed.
fn normalize(text: &str) -> String {
    let text = strip_refs(text);
    let text = ITEM_NUMBER.replace(&text, "");
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// What a cell says: its quantity and its alternative, or its text.
fn cell_key(cell: &Cell<'_>) -> String {
    let quantity = |q: Quantity| match q {
        Quantity::Number(v) => format!("{v}"),
        Quantity::Dash => "–".to_owned(),
        Quantity::Blank => "~".to_owned(),
        Quantity::Text => format!("text {}", cell.text.map(normalize).unwrap_or_default()),
    };
    match cell.alternative {
        Some(alt) => format!("{} [{}]", quantity(cell.quantity), quantity(alt)),
        None => quantity(cell.quantity),
    }
}

/// What a group says, for comparing: its unit, then each line item's label and values.
fn block_key(total: &Row<'_>, items: &[&Row<'_>]) -> Vec<String> {
    let mut key = vec![total.unit.map(|u| normalize(u.value)).unwrap_or_default()];
    for item in items {
        key.push(item.label.map(|t| normalize(t.value)).unwrap_or_default());
        key.push(item.cells.iter().map(cell_key).collect::<Vec<_>>().join("\u{1f}"));
    }
    key
}

/// Whether two subcategories are the substantive servicing of meetings and their conference and
/// secretariat servicing, which list the same meetings by design.
fn servicing_pair(a: &Row<'_>, b: &Row<'_>) -> bool {
    let kind = |r: &Row<'_>| {
        let l = r.label.map(|t| normalize(t.value)).unwrap_or_default();
        if l.starts_with("substantive servic") {
            Some(0)
        } else if l.starts_with("conference and secretariat servic") || l.starts_with("conference servic") {
            Some(1)
        } else {
            None
        }
    };
    matches!((kind(a), kind(b)), (Some(x), Some(y)) if x != y)
}

fn check(plan: &Plan<'_>, cx: &mut Context<'_>) {
    for element in &plan.body {
        let ElementKind::Table(table) = &element.kind else { continue };
        // Each block's key, and the first block that had it.
        let mut seen: HashMap<Vec<String>, &Row> = HashMap::new();
        for total in parents(table).filter(|r| r.kind == RowKind::Subcategory) {
            let items: Vec<&Row> = table.children(total).collect();
            let earlier = match seen.entry(block_key(total, &items)) {
                Entry::Occupied(first) => Some(*first.get()),
                Entry::Vacant(slot) => {
                    slot.insert(total);
                    None
                }
            };
            let Some(first) = earlier else { continue };
            // The same meetings under substantive servicing and again under conference and
            // secretariat servicing is how deliverables tables are laid out.
            if servicing_pair(first, total) {
                continue;
            }
            let at = total.label.map_or(total.node, |l| l.node);
            let first_at = first.label.map_or(first.node, |l| l.node);
            let lines = if items.len() == 1 { "line item".to_owned() } else { format!("{} line items", items.len()) };
            let d = cx
                .at_node(
                    &RULE,
                    at,
                    format!(
                        "{} in {} repeats {}: the same {lines} with the same values",
                        total.describe(),
                        element.describe(),
                        first.describe()
                    ),
                )
                .with_span_label("repeated block")
                .with_label(first_at.report_span(), "the first block")
                .with_help("remove the repeated block, or give it its own line items and values")
                .with_pointer(format!("/body/{}/rows/{}", element.index, total.index));
            cx.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{deliverables as table, findings};

    const MEETINGS: &str = "        unit: number of three-hour meetings\n        values: [78, 80, 78, 78]\n";

    #[test]
    fn a_repeated_block_is_reported_at_the_second_subcategory() {
        let yaml = table(&format!(
            "      - subcategory: Substantive services for meetings\n{MEETINGS}      \
             - item: 1. The Board\n        values: [60, 58, 60, 60]\n      \
             - item: 2. Expert groups\n        values: [18, 22, 18, 18]\n      \
             - subcategory: Seminars, workshops and training events\n{MEETINGS}      \
             - item: 3. The Board\n        values: [60, 58, 60, 60]\n      \
             - item: 4. Expert  groups\n        values: [18, 22, 18, 18]\n"
        ));
        assert_eq!(
            findings(&RULE, &yaml),
            [
                "19:22 subtotal “Seminars, workshops and training events” in table 16.1 repeats subtotal “Substantive services for meetings”: the same 2 line items with the same values"
            ]
        );
    }

    #[test]
    fn the_same_meetings_under_substantive_and_conference_servicing_pass() {
        // Table 16.27 of the seed: the layout of a deliverables table, not a copy.
        let yaml = table(&format!(
            "      - subcategory: Substantive services for meetings\n{MEETINGS}      \
             - item: 1. The Board\n        values: [60, 58, 60, 60]\n      \
             - item: 2. Expert groups\n        values: [18, 22, 18, 18]\n      \
             - subcategory: Conference and secretariat services for meetings\n{MEETINGS}      \
             - item: 3. The Board\n        values: [60, 58, 60, 60]\n      \
             - item: 4. Expert  groups\n        values: [18, 22, 18, 18]\n"
        ));
        assert_eq!(findings(&RULE, &yaml), Vec::<String>::new());
    }

    #[test]
    fn blocks_that_differ_in_a_value_a_label_or_the_unit_pass() {
        let yaml = table(&format!(
            "      - subcategory: Meetings\n{MEETINGS}      - item: 1. The Board\n        values: [60, 58, 60, 60]\n      \
             - subcategory: Other meetings\n{MEETINGS}      - item: 2. The Board\n        values: [60, 58, 60, 61]\n      \
             - subcategory: Documents\n        unit: number of documents\n        values: [78, 80, 78, 78]\n      \
             - item: 3. The Board\n        values: [60, 58, 60, 60]\n      \
             - subcategory: Yet other meetings\n{MEETINGS}      - item: 4. The Committee\n        values: [60, 58, 60, 60]\n"
        ));
        assert_eq!(findings(&RULE, &yaml), Vec::<String>::new());
    }
}
