//! P015 value-not-a-number: a cell of a deliverables table that is not a number, a dash or blank.

use crate::diagnostic::Severity;
use crate::model::{ElementKind, Plan, Quantity, TableKind, strip_refs};
use crate::rules::total_mismatch::pointer;
use crate::rules::{Context, Rule};
use crate::yaml::shorten;

pub static RULE: Rule = Rule {
    code: "P015",
    name: "value-not-a-number",
    severity: Severity::Warning,
    summary: "A value in a deliverables table is not a number, a dash or blank, so the totals it is part of cannot be checked.",
    docs: include_str!("../../rules/value-not-a-number.md"),
};

pub(super) const CHECK: super::Check = check;

/// A word written on purpose where a number would go ("Unforeseeable", "n/a", "TBD"): the totals
/// over it are not checked, but it is not a typo. A cell with a digit in it ("1 –", "12a"), or a
/// single letter that reads as a digit ("l", "O"), is.
fn is_deliberate(text: &str) -> bool {
    let t = strip_refs(text);
    let t = t.trim();
    !t.chars().any(|c| c.is_ascii_digit()) && !matches!(t, "l" | "I" | "O" | "o")
}

fn check(plan: &Plan<'_>, cx: &mut Context<'_>) {
    for element in &plan.body {
        let ElementKind::Table(table) = &element.kind else { continue };
        if table.kind != TableKind::Deliverables {
            continue;
        }
        let name = element.describe();
        // Rows in the table's tree: free-text rows hold text by design.
        for row in table.rows.iter().filter(|r| r.kind.depth().is_some()) {
            for (col, cell) in row.cells.iter().enumerate() {
                if cell.quantity != Quantity::Text || cell.text.is_some_and(is_deliberate) {
                    continue;
                }
                let column = table.columns.get(col).map_or_else(|| format!("value {}", col + 1), |c| c.describe());
                let shown =
                    cell.text.map_or_else(|| "a mapping or a list".to_owned(), |t| format!("“{}”", shorten(t, 40)));
                // What the cell keeps from being checked: its parent's total, and its own.
                let unchecked: Vec<String> = table
                    .parent(row)
                    .filter(|p| p.states(col))
                    .map(|p| p.describe())
                    .into_iter()
                    .chain((!row.children.is_empty()).then(|| format!("{} itself", row.describe())))
                    .collect();
                let consequence = match unchecked.as_slice() {
                    [] => String::new(),
                    [one] => format!(", so the total of {one} in this column cannot be checked"),
                    [a, b] => format!(", so the totals of {a} and of {b} in this column cannot be checked"),
                    _ => unreachable!(),
                };
                let d = cx
                    .at_node(
                        &RULE,
                        cell.node,
                        format!("{} in {name}, {column}: {shown} is not a number{consequence}", row.describe()),
                    )
                    .with_span_label("not a number")
                    .with_help("write the number as printed (a letter “l” or “O” for a digit is a typo), “–” for none, or leave it blank")
                    .with_pointer(pointer(element, row, col));
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
    fn a_letter_for_a_digit_is_reported_and_names_the_unchecked_total() {
        let yaml = table(
            "      - subcategory: Publications\n        values: [2, 2, 2, 2]\n      \
             - item: 1. On crime\n        values: [1, l, 1, 1]\n      - item: 2. On drugs\n        values: [1, 1, 1, 1]\n",
        );
        assert_eq!(
            findings(&RULE, &yaml),
            [
                "15:21 line item 1 in table 16.1, column “2021 actual”: “l” is not a number, so the total of subtotal “Publications” in this column cannot be checked"
            ]
        );
    }

    #[test]
    fn numbers_as_printed_dashes_blanks_and_free_text_pass() {
        let yaml = table(
            "      - subcategory: Documentation services\n        values: [\"116 000[^a]\", \"1,200\", \"21 [25]\", ~]\n      \
             - item: 1. On crime\n        values: [–, \"-\", \"—\", ~]\n      \
             - item: 2. Judgments\n        values: [\"Unforeseeable[^a]\", n/a, ~, ~]\n      \
             - text: \"Consultation, advice and advocacy: to States.\"\n",
        );
        assert_eq!(findings(&RULE, &yaml), Vec::<String>::new());
    }
}
