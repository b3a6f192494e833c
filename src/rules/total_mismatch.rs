//! P001 total-mismatch: a subtotal differs from the sum of its line items.

use crate::diagnostic::{Applicability, Severity};
use crate::model::{Amount, Element, ElementKind, Plan, Quantity, Row, RowKind, Table, fmt_number as fmt};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: "P001",
    name: "total-mismatch",
    severity: Severity::Error,
    summary: "A total differs from the sum of the rows under it: a subcategory, a group or an item with sub-items.",
    docs: include_str!("../../rules/total-mismatch.md"),
};

pub(super) const CHECK: super::Check = check;

fn check(plan: &Plan<'_>, cx: &mut Context<'_>) {
    for element in &plan.body {
        let ElementKind::Table(table) = &element.kind else { continue };
        for row in parents(table) {
            check_parent(cx, element, table, row);
        }
    }
}

/// The rows of a table that have rows under them (a subcategory and its items, a group and its
/// items, an item and its sub-items), in table order.
pub(crate) fn parents<'t, 'a>(table: &'t Table<'a>) -> impl Iterator<Item = &'t Row<'a>> {
    table.rows.iter().filter(|r| !r.children.is_empty())
}

pub(crate) fn pointer(element: &Element<'_>, row: &Row<'_>, col: usize) -> String {
    format!("/body/{}/rows/{}/values/{col}", element.index, row.index)
}

/// The rows whose values make up `parent`'s total, as a reader adds them: its children, and for
/// a header without values among them ("Reports of:"), the rows under that header.
pub(crate) fn terms<'t, 'a>(table: &'t Table<'a>, parent: &Row<'a>) -> Vec<&'t Row<'a>> {
    let mut out = Vec::new();
    for child in table.children(parent) {
        if child.cells.is_empty() && !child.children.is_empty() && child.kind == RowKind::Group {
            out.extend(terms(table, child));
        } else {
            out.push(child);
        }
    }
    out
}

/// What the rows under `parent` are, for messages: "line items", "sub-items", "groups", "rows".
pub(crate) fn children_noun(table: &Table<'_>, parent: &Row<'_>) -> &'static str {
    let mut kinds = terms(table, parent).into_iter().map(|r| r.kind);
    let first = kinds.next();
    let same = kinds.all(|k| Some(k) == first);
    match first {
        Some(RowKind::Item) if same => "line items",
        Some(RowKind::Subitem) if same => "sub-items",
        Some(RowKind::Group) if same => "groups",
        Some(RowKind::Subcategory) if same => "subcategories",
        _ => "rows under it",
    }
}

fn check_parent(cx: &mut Context<'_>, element: &Element<'_>, table: &Table<'_>, total: &Row<'_>) {
    let table_name = element.describe();
    for (col, total_cell) in total.cells.iter().enumerate() {
        // A blank total is P010's (missing-total); text is not a total.
        if !matches!(total_cell.quantity, Quantity::Number(_) | Quantity::Dash) {
            continue;
        }
        // A cell that is not a number (P015), or a row that does not reach the column: the sum
        // is not known, so there is nothing sure to say.
        let Ok(summed) = table.sum(total, col) else { continue };
        let stated = total_cell.amount().unwrap_or(0.0);
        if (stated - summed).abs() <= 1e-9 * stated.abs().max(1.0) {
            continue;
        }
        let column = table.columns.get(col).map_or_else(|| format!("value {}", col + 1), |c| c.describe());
        let d = cx
            .at_node(
                &RULE,
                total_cell.node,
                format!(
                    "{} in {table_name}, {column}: the total is {} but its {} sum to {}",
                    total.describe(),
                    fmt(stated),
                    children_noun(table, total),
                    fmt(summed)
                ),
            )
            .with_span_label(format!("should be {}", fmt(summed)))
            .with_help(format!("items summed: {}", arithmetic(table, total, col)))
            .with_pointer(pointer(element, total, col));
        // Could be wrong: an item may be the mistake, not the total.
        let d = match cx.node_edit(total_cell.node, fmt(summed)) {
            Some(edit) => d.with_fix(
                Applicability::Unsafe,
                format!("set the total to {}, the sum of its items", fmt(summed)),
                vec![edit],
            ),
            None => d,
        };
        cx.push(d);
    }
}

/// "item 3 (3) + item 4 (4) + item 5 (–) = 7", for the rows under `parent` in column `col`: dashes
/// are none; a blank row with rows under it counts for their sum ("item 1 (blank: 949)").
pub(crate) fn arithmetic(table: &Table<'_>, parent: &Row<'_>, col: usize) -> String {
    let mut total = 0.0;
    let parts: Vec<String> = terms(table, parent)
        .into_iter()
        .map(|row| {
            let who = match row.item_number {
                Some(n) => format!("item {n}"),
                None => row.describe(),
            };
            let amount = match table.amount(row, col) {
                Amount::Known(v) => v,
                _ => f64::NAN,
            };
            total += amount;
            let value = match row.cells.get(col).map(|c| c.quantity) {
                Some(Quantity::Number(v)) => fmt(v),
                Some(Quantity::Dash) => "–".into(),
                Some(Quantity::Text) => "?".into(),
                Some(Quantity::Blank) | None if !row.children.is_empty() => format!("blank: {}", fmt(amount)),
                Some(Quantity::Blank) | None => "blank".into(),
            };
            format!("{who} ({value})")
        })
        .collect();
    format!("{} = {}", parts.join(" + "), fmt(total))
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{deliverables as table, findings};

    #[test]
    fn totals_that_match_pass() {
        let yaml = table(
            "      - subcategory: Publications\n        values: [4, 3, \"-\", ~]\n      \
             - item: 1. On crime\n        values: [1, 3, –, ~]\n      - item: 2. On drugs\n        values: [3, –, \"-\", ~]\n",
        );
        assert_eq!(findings(&RULE, &yaml), Vec::<String>::new());
    }

    #[test]
    fn a_wrong_total_is_reported_at_the_total_cell() {
        let yaml = table(
            "      - subcategory: Publications\n        values: [4, 3, 3, 3]\n      \
             - item: 1. On crime\n        values: [1, 6, 3, 3]\n      - item: 2. On drugs\n        values: [3, –, –, –]\n",
        );
        assert_eq!(
            findings(&RULE, &yaml),
            [
                "13:21 subtotal “Publications” in table 16.1, column “2021 actual”: the total is 3 but its line items sum to 6"
            ]
        );
    }

    #[test]
    fn blank_totals_are_left_to_missing_total() {
        let yaml = table(
            "      - subcategory: Seminars\n        values: [~, ~, 3, 3]\n      \
             - item: 1. Webinars\n        values: [2, –, 3, 3]\n",
        );
        assert_eq!(findings(&RULE, &yaml), Vec::<String>::new());
    }

    #[test]
    fn text_cells_and_groups_without_items_are_skipped() {
        let yaml = table(
            "      - subcategory: Publications\n        values: [4, 3, 3, 3]\n      \
             - item: 1. On crime\n        values: [1, some, 3, 3]\n      - category: B. Other\n      \
             - subcategory: Technical materials\n        values: [9, 9, 9, 9]\n",
        );
        assert_eq!(
            findings(&RULE, &yaml),
            [
                "13:18 subtotal “Publications” in table 16.1, column “2021 planned”: the total is 4 but its line items sum to 1"
            ]
        );
    }

    #[test]
    fn every_level_of_the_tree_is_checked() {
        // A/80/6 (Sect. 2), table 2.12: a subcategory that is the sum of two groups, each the
        // sum of its items; here the second group is one short in 2021 actual.
        let yaml = table(
            "      - subcategory: Conference and secretariat services for meetings\n        values: [12700, 7643, 12700, 11000]\n      \
             - group: \"Meetings with interpretation for:\"\n        values: [2850, 2569, 2850, 2650]\n      \
             - item: 9. The Security Council\n        values: [650, 648, 650, 700]\n      \
             - item: 10. The General Assembly\n        values: [2200, 1921, 2200, 1950]\n      \
             - group: \"Meetings without interpretation for:\"\n        values: [9850, 5074, 9850, 8350]\n      \
             - item: 14. The Security Council\n        values: [100, 46, 100, 50]\n      \
             - item: 15. Other requesters\n        values: [9750, 5027, 9750, 8300]\n",
        );
        assert_eq!(
            findings(&RULE, &yaml),
            [
                "21:24 group “Meetings without interpretation for:” in table 16.1, column “2021 actual”: the total is 5074 but its line items sum to 5073"
            ]
        );
    }

    #[test]
    fn a_parent_without_values_stands_for_the_sum_of_its_children() {
        // A/81/6 (Sect. 20), table 20.8: item 1 has no values; its sub-items (a)… count for it.
        let yaml = table(
            "      - subcategory: Parliamentary documentation\n        values: [584, 520, 503, 530]\n      \
             - item: 1. Documentation for the Inland Transport Committee\n      \
             - subitem: (a) Inland Transport Committee and Bureau\n        values: [31, 34, \"28 [31]\", 28]\n      \
             - subitem: (b) World Forum for Harmonization of Vehicle Regulations\n        values: [550, 485, \"472 [550]\", 499]\n      \
             - item: 2. Documentation for the High-Level Meeting\n        values: [3, 2, 3, 3]\n",
        );
        assert_eq!(
            findings(&RULE, &yaml),
            [
                "13:23 subtotal “Parliamentary documentation” in table 16.1, column “2021 actual”: the total is 520 but its line items sum to 521"
            ]
        );
    }

    #[test]
    fn an_item_with_values_is_checked_against_its_sub_items() {
        let yaml = table(
            "      - subcategory: Publications\n        values: [5, 5, 5, 5]\n      \
             - item: 1. Series\n        values: [5, 5, 5, 5]\n      \
             - subitem: a. Volume one\n        values: [3, 3, 3, 3]\n      \
             - subitem: b. Volume two\n        values: [2, 2, 1, 2]\n",
        );
        assert_eq!(
            findings(&RULE, &yaml),
            ["15:24 line item 1 in table 16.1, column “2022 planned”: the total is 5 but its sub-items sum to 4"]
        );
    }

    #[test]
    fn a_cell_that_is_not_a_number_leaves_only_its_column_unchecked() {
        let yaml = table(
            "      - subcategory: Publications\n        values: [4, 3, 3, 9]\n      \
             - item: 1. On crime\n        values: [1, l, 3, 3]\n      - item: 2. On drugs\n        values: [3, –, –, –]\n",
        );
        assert_eq!(
            findings(&RULE, &yaml),
            [
                "13:27 subtotal “Publications” in table 16.1, column “2023 planned”: the total is 9 but its line items sum to 3"
            ]
        );
    }

    #[test]
    fn the_bracketed_alternative_does_not_count() {
        let yaml = table(
            "      - subcategory: Publications\n        values: [1, 1, 1, \"– [1]\"]\n      \
             - item: 1. On crime\n        values: [1, 1, 1, –]\n",
        );
        assert_eq!(findings(&RULE, &yaml), Vec::<String>::new());
    }
}
