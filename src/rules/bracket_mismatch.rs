//! P017 bracket-mismatch: a bracketed value, which gives the previous edition's figure, is not
//! the previous edition's figure.

use crate::diagnostic::Severity;
use crate::edition::{cell_pairs, compared, same_value, show};
use crate::model::Plan;
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: "P017",
    name: "bracket-mismatch",
    severity: Severity::Error,
    summary: "A value in square brackets, which gives the previous edition's figure, is not what the previous edition gives.",
    docs: include_str!("../../rules/bracket-mismatch.md"),
};

pub(super) const CHECK: super::Check = check;

fn check(plan: &Plan<'_>, cx: &mut Context<'_>) {
    let Some(cmp) = cx.previous else { return };
    let mut found = Vec::new();
    cell_pairs(plan, cmp, |p| {
        let Some(bracketed) = p.cell.alternative.and_then(compared) else { return };
        let Some(old) = compared(p.old_cell.quantity) else { return };
        // The previous edition printed the same bracket: it refers to the edition before that
        // one (and a document compared with itself is consistent).
        if p.old_cell.alternative.and_then(compared) == Some(bracketed) {
            return;
        }
        if !p.comparable() || same_value(bracketed, old) {
            return;
        }
        let d = cx
            .at_cell_pair(
                &RULE,
                cmp,
                &p,
                format!("the value in brackets is {}, but {} gives {}", show(bracketed), cmp.old.name(), show(old)),
                old,
            )
            .with_span_label(format!("should be [{}]", show(old)))
            .with_help(format!(
                "the brackets give the previous edition's value: write [{}], or check that the right row was compared",
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

    const OLD: &str = "      - subcategory: Technical materials\n        unit: number of materials\n        values: [6, 1, 6, 6]\n      - item: 9. On anti-corruption\n        values: [6, 1, 6, 6]\n";

    #[test]
    fn a_bracketed_value_must_be_the_previous_editions() {
        let new = "      - subcategory: Technical materials\n        unit: number of materials\n        values: [6, 14, \"– [6]\", 6]\n      - item: 10. On anti-corruption\n        values: [6, 14, \"– [5]\", 4]\n";
        let found = edition_findings(&super::RULE, new, OLD);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("16:25 line item 10 “On anti-corruption” of table 16.1, column “2026 planned”: the value in brackets is 5, but A/80/6 (Sect. 16) gives 6"), "{found:?}");
        assert!(
            found[0]
                .ends_with("line item 9 “On anti-corruption” in table 16.1 of A/80/6 (Sect. 16): 6 @ old.yaml:16:27"),
            "{found:?}"
        );
    }

    #[test]
    fn brackets_in_a_year_the_previous_edition_has_not_are_not_compared() {
        let new = "      - subcategory: Technical materials\n        unit: number of materials\n        values: [6, 14, \"– [6]\", \"4 [9]\"]\n      - item: 10. On anti-corruption\n        values: [6, 14, \"– [6]\", \"4 [9]\"]\n";
        assert!(edition_findings(&super::RULE, new, OLD).is_empty());
    }
}
