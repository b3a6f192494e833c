//! P016 unmarked-change: a planned value the previous edition also gives has changed, and the
//! change is not marked.

use crate::diagnostic::Severity;
use crate::edition::{cell_pairs, compared, same_value, show};
use crate::model::{Measure, Plan};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: "P016",
    name: "unmarked-change",
    severity: Severity::Error,
    summary: "A planned value the previous edition gives for the same year has changed, and the change is not marked.",
    docs: include_str!("../../rules/unmarked-change.md"),
};

pub(super) const CHECK: super::Check = check;

fn check(plan: &Plan<'_>, cx: &mut Context<'_>) {
    let Some(cmp) = cx.previous else { return };
    let mut found = Vec::new();
    cell_pairs(plan, cmp, |p| {
        if p.measure() != Some(Measure::Planned) || !p.comparable() || p.marked() {
            return;
        }
        let (Some(new), Some(old)) = (compared(p.cell.quantity), compared(p.old_cell.quantity)) else { return };
        if same_value(new, old) {
            return;
        }
        let d = cx
            .at_cell_pair(
                &RULE,
                cmp,
                &p,
                format!(
                    "{} is planned, but {} planned {}, and the change is not marked",
                    show(new),
                    cmp.old.name(),
                    show(old)
                ),
                old,
            )
            .with_span_label(format!("was {}", show(old)))
            .with_help(format!(
                "if {} is the updated plan, write the previous edition's value after it in brackets, “{} [{}]”, \
                 as the table's note says; otherwise write {}",
                show(new),
                show(new),
                show(old),
                show(old)
            ));
        found.push(d);
    });
    for d in found {
        cx.push(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::edition_findings;

    const OLD: &str = "      - subcategory: Publications\n        unit: number of publications\n        values: [3, 3, 3, 3]\n      - item: 1. On anti-corruption\n        values: [3, 3, 3, 3]\n";

    #[test]
    fn a_changed_planned_value_without_brackets_is_reported_and_a_marked_one_is_not() {
        let unmarked = "      - subcategory: Publications\n        unit: number of publications\n        values: [3, 3, 2, 3]\n      - item: 1. On anti-corruption\n        values: [3, 3, 2, 3]\n";
        let found = edition_findings(&super::RULE, unmarked, OLD);
        assert_eq!(
            found,
            [
                "14:24 subtotal “Publications” of table 16.1, column “2026 planned”: 2 is planned, but A/80/6 (Sect. 16) planned 3, and the change is not marked | subtotal “Publications” in table 16.1 of A/80/6 (Sect. 16): 3 @ old.yaml:14:27",
                "16:24 line item 1 “On anti-corruption” of table 16.1, column “2026 planned”: 2 is planned, but A/80/6 (Sect. 16) planned 3, and the change is not marked | line item 1 “On anti-corruption” in table 16.1 of A/80/6 (Sect. 16): 3 @ old.yaml:16:27"
            ]
        );
        // The item gives the previous value in brackets: it is marked, and so is its total.
        let marked = "      - subcategory: Publications\n        unit: number of publications\n        values: [3, 3, 2, 3]\n      - item: 1. On anti-corruption\n        values: [3, 3, \"2 [3]\", 3]\n";
        assert!(edition_findings(&super::RULE, marked, OLD).is_empty(), "{marked}");
    }

    #[test]
    fn renumbered_items_match_by_text_and_actuals_are_not_planned_values() {
        let new = "      - subcategory: Publications\n        unit: number of publications\n        values: [3, 9, 3, 3]\n      - item: 2. On anti-corruption\n        values: [3, 9, 3, 3]\n";
        assert!(edition_findings(&super::RULE, new, OLD).is_empty());
        let new = "      - subcategory: Publications\n        unit: number of publications\n        values: [3, 3, 3, 3]\n      - item: 2. On anti-corruption\n        values: [3, 3, 4, 3]\n";
        let found = edition_findings(&super::RULE, new, OLD);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("16:24 line item 2 “On anti-corruption” of table 16.1"), "{found:?}");
        assert!(found[0].contains("| line item 1 “On anti-corruption” in table 16.1"), "{found:?}");
    }

    #[test]
    fn a_reworded_and_renumbered_item_is_matched_by_wording_and_the_match_is_shown() {
        let old = "      - subcategory: Publications\n        unit: number of publications\n        values: [3, 3, 3, 3]\n      - item: 1. On the fight against corruption and bribery of officials\n        values: [3, 3, 3, 3]\n";
        let new = "      - subcategory: Publications\n        unit: number of publications\n        values: [3, 3, \"2 [3]\", 3]\n      - item: 2. On the fight against corruption and bribery\n        values: [3, 3, 2, 3]\n";
        let found = edition_findings(&super::RULE, new, old);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("16:24 line item 2 “On the fight against corruption and bribery” of table 16.1"),
            "{found:?}"
        );
        assert!(
            found[0].contains("| matched by wording: line item 1 “On the fight against corruption and bribery"),
            "{found:?}"
        );
    }
}
