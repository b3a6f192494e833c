//! P010 missing-total: a subtotal left blank in a column where its line items are filled in.

use crate::diagnostic::Severity;
use crate::model::{ElementKind, Plan, Quantity, RowKind, fmt_number as fmt};
use crate::rules::total_mismatch::{arithmetic, children_noun, parents, pointer, terms};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: "P010",
    name: "missing-total",
    severity: Severity::Error,
    summary: "A total is blank in a column where the rows under it are filled in.",
    docs: include_str!("../../rules/missing-total.md"),
};

pub(super) const CHECK: super::Check = check;

fn check(plan: &Plan<'_>, cx: &mut Context<'_>) {
    for element in &plan.body {
        let ElementKind::Table(table) = &element.kind else { continue };
        let table_name = element.describe();
        for total in parents(table) {
            // A group or an item with no values at all is a header: it stands for the sum of its
            // children ("Reports of:"). A subcategory is where the document prints its totals:
            // one with no values over rows that have some is blank in each of their columns.
            let blank: Vec<(usize, &crate::yaml::Node)> = if total.cells.is_empty() {
                if total.kind != RowKind::Subcategory {
                    continue;
                }
                (0..table.columns.len()).map(|col| (col, total.node)).collect()
            } else {
                let cells = total.cells.iter().enumerate();
                cells.filter(|(_, c)| c.quantity == Quantity::Blank).map(|(col, c)| (col, c.node)).collect()
            };
            for (col, node) in blank {
                // Only rows with a number or a dash in this column make the total missing.
                if !terms(table, total).iter().any(|r| r.states(col)) {
                    continue;
                }
                let column = table.columns.get(col).map_or_else(|| format!("value {}", col + 1), |c| c.describe());
                let noun = children_noun(table, total);
                let help = match table.sum(total, col) {
                    Ok(0.0) => format!("write “–”: the {noun} have none ({})", arithmetic(table, total, col)),
                    Ok(summed) => format!("the {noun} sum to {}: {}", fmt(summed), arithmetic(table, total, col)),
                    Err(_) => "fill in the total for this column".to_owned(),
                };
                let d = cx
                    .at_node(
                        &RULE,
                        node,
                        format!(
                            "{} in {table_name} has no total in the {column}, but its {noun} are filled in",
                            total.describe()
                        ),
                    )
                    .with_span_label("blank total")
                    .with_help(help)
                    .with_pointer(pointer(element, total, col));
                cx.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{deliverables as table, findings};

    #[test]
    fn a_blank_total_over_numbers_or_dashes_is_reported() {
        // Table 16.22 of the seed: a blank total over a dash, and one over numbers.
        let yaml = table(
            "      - subcategory: Seminars\n        values: [~, \"\", 13, 13]\n      \
             - item: 1. On programme development\n        values: [\"-\", 2, 13, 13]\n",
        );
        assert_eq!(
            findings(&RULE, &yaml),
            [
                "13:18 subtotal “Seminars” in table 16.1 has no total in the column “2021 planned”, but its line items are filled in",
                "13:21 subtotal “Seminars” in table 16.1 has no total in the column “2021 actual”, but its line items are filled in",
            ]
        );
    }

    #[test]
    fn a_subcategory_without_values_over_filled_items_is_blank_in_their_columns() {
        // Table 9.15 of A/80/6 (Sect. 9): "Publications" has no values; its one item prints dashes.
        let yaml = table(
            "      - subcategory: Publications\n        unit: number of publications\n      \
             - item: 11. Global Sustainable Development Report\n        values: [\"–\", \"–\", ~, 1]\n",
        );
        let found = findings(&RULE, &yaml);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].ends_with("subtotal “Publications” in table 16.1 has no total in the column “2021 planned”, but its line items are filled in"), "{found:?}");
        assert!(found[2].contains("“2023 planned”"), "{found:?}");
    }

    #[test]
    fn a_blank_total_over_blank_items_and_filled_totals_pass() {
        let yaml = table(
            "      - subcategory: Seminars\n        values: [~, 3, 3, 3]\n      \
             - item: 1. Webinars\n        values: [~, 3, 4, 3]\n",
        );
        assert_eq!(findings(&RULE, &yaml), Vec::<String>::new());
    }

    #[test]
    fn groups_without_items_and_items_without_a_subcategory_are_skipped() {
        let yaml = table(
            "      - subcategory: Seminars\n        values: [~, ~, ~, ~]\n      - category: B. Other\n      \
             - item: 1. Webinars\n        values: [1, 1, 1, 1]\n",
        );
        assert_eq!(findings(&RULE, &yaml), Vec::<String>::new());
    }
}
