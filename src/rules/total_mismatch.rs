//! P001 total-mismatch: a subtotal differs from the sum of its line items.

use crate::diagnostic::{Applicability, Severity};
use crate::model::{Cell, Element, ElementKind, Plan, Quantity, Row, RowKind, Table};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: "P001",
    name: "total-mismatch",
    severity: Severity::Error,
    summary: "A subcategory total differs from the sum of its line items.",
    docs: include_str!("../../rules/total-mismatch.md"),
    check: Some(check),
};

fn check(plan: &Plan<'_>, cx: &mut Context<'_>) {
    for element in &plan.body {
        let ElementKind::Table(table) = &element.kind else { continue };
        for group in groups(table) {
            check_group(cx, element, table, group.0, &group.1);
        }
    }
}

/// Each subcategory row with the line items under it (up to the next subcategory or category).
pub(crate) fn groups<'t, 'a>(table: &'t Table<'a>) -> Vec<(&'t Row<'a>, Vec<&'t Row<'a>>)> {
    let mut out: Vec<(&Row, Vec<&Row>)> = Vec::new();
    let mut open = false;
    for row in &table.rows {
        match row.kind {
            RowKind::Subcategory => {
                out.push((row, Vec::new()));
                open = true;
            }
            RowKind::Item if open => {
                if let Some(last) = out.last_mut() {
                    last.1.push(row);
                }
            }
            RowKind::Category | RowKind::Text => open = false,
            _ => {}
        }
    }
    out.retain(|(_, items)| !items.is_empty());
    out
}

pub(crate) fn pointer(element: &Element<'_>, row: &Row<'_>, col: usize) -> String {
    format!("/body/{}/rows/{}/values/{col}", element.index, row.index)
}

fn check_group(cx: &mut Context<'_>, element: &Element<'_>, table: &Table<'_>, total: &Row<'_>, items: &[&Row<'_>]) {
    let table_name = element.describe();
    for (col, total_cell) in total.cells.iter().enumerate() {
        let cells: Vec<(&Row, &Cell)> = items.iter().filter_map(|r| r.cells.get(col).map(|c| (*r, c))).collect();
        // A column some item does not reach, or any text cell: nothing sure to say.
        if cells.len() != items.len() || cells.iter().any(|(_, c)| c.quantity == Quantity::Text) {
            continue;
        }
        let column = table.columns.get(col).map_or_else(|| format!("value {}", col + 1), |c| c.describe());
        let summed = cells.iter().filter_map(|(_, c)| c.amount()).sum::<f64>();
        let terms = || arithmetic(&cells, summed);
        match total_cell.quantity {
            // A blank total is P010's (missing-total).
            Quantity::Text | Quantity::Blank => {}
            Quantity::Number(_) | Quantity::Dash => {
                let stated = total_cell.amount().unwrap_or(0.0);
                if (stated - summed).abs() > 1e-9 * stated.abs().max(1.0) {
                    let d = cx
                        .at_node(
                            &RULE,
                            total_cell.node,
                            format!(
                                "{} in {table_name}, {column}: the total is {} but its line items sum to {}",
                                total.describe(),
                                fmt(stated),
                                fmt(summed)
                            ),
                        )
                        .with_span_label(format!("should be {}", fmt(summed)))
                        .with_help(format!("items summed: {}", terms()))
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
        }
    }
}

/// "item 3 (3) + item 4 (4) + item 5 (2) = 9"; dashes and blanks count as 0.
pub(crate) fn arithmetic(cells: &[(&Row<'_>, &Cell<'_>)], sum: f64) -> String {
    let parts: Vec<String> = cells
        .iter()
        .map(|(row, cell)| {
            let who = match row.item_number {
                Some(n) => format!("item {n}"),
                None => row.describe(),
            };
            let value = match cell.quantity {
                Quantity::Number(v) => fmt(v),
                Quantity::Dash => "–".into(),
                Quantity::Blank => "blank".into(),
                Quantity::Text => "?".into(),
            };
            format!("{who} ({value})")
        })
        .collect();
    format!("{} = {}", parts.join(" + "), fmt(sum))
}

/// Numbers as people write them: 12, 12.5.
pub fn fmt(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
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
    fn the_bracketed_alternative_does_not_count() {
        let yaml = table(
            "      - subcategory: Publications\n        values: [1, 1, 1, \"– [1]\"]\n      \
             - item: 1. On crime\n        values: [1, 1, 1, –]\n",
        );
        assert_eq!(findings(&RULE, &yaml), Vec::<String>::new());
    }
}
