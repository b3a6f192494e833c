//! P018 actual-changed: an actual of a past year differs from the previous edition's.

use crate::diagnostic::Severity;
use crate::edition::{cell_pairs, compared, point_pairs, same_value, show};
use crate::model::{Measure, Plan};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: "P018",
    name: "actual-changed",
    severity: Severity::Error,
    summary: "An actual of a past year differs from what the previous edition reported for it.",
    docs: include_str!("../../rules/actual-changed.md"),
};

pub(super) const CHECK: super::Check = check;

fn check(plan: &Plan<'_>, cx: &mut Context<'_>) {
    let Some(cmp) = cx.previous else { return };
    let mut found = Vec::new();
    cell_pairs(plan, cmp, |p| {
        if p.measure() != Some(Measure::Actual) || !p.comparable() {
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
                format!("the actual is {}, but {} reported {}", show(new), cmp.old.name(), show(old)),
                old,
            )
            .with_span_label(format!("was {}", show(old)))
            .with_help("an actual, once reported, does not change: write the previous edition's, or explain the correction in a note");
        found.push(d);
    });
    point_pairs(plan, cmp, |p| {
        let (Some(new), Some(old)) = (p.point.actual, p.old_point.actual) else { return };
        if same_value(new.value, old.value) {
            return;
        }
        let year = p.point.year.map_or(0, |y| y.value);
        let d = cx
            .at_node(
                &RULE,
                new.node,
                format!(
                    "{}: the actual for {year} is {}, but {} reported {}",
                    p.measure(),
                    show(new.value),
                    cmp.old.name(),
                    show(old.value)
                ),
            )
            .with_span_label(format!("was {}", show(old.value)))
            .with_related(p.old_label(cmp, &format!("{year} actual"), &show(old.value)))
            .with_help("an actual, once reported, does not change: write the previous edition's, or explain the correction in a note");
        found.push(d);
    });
    for d in found {
        cx.push(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{cumulative_figure as figure, edition_findings_with};

    #[test]
    fn an_actual_of_a_year_both_editions_show_must_not_change() {
        let old = figure(
            "      - {year: 2022, actual: 11}\n      - {year: 2023, actual: 14}\n      - {year: 2024, actual: 36}\n      - {year: 2025, planned: 38}\n",
        );
        let new = figure(
            "      - {year: 2023, actual: 14}\n      - {year: 2024, actual: 35}\n      - {year: 2025, actual: 37}\n",
        );
        let found = edition_findings_with(&super::RULE, "", &new, "", &old);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("figure 16.2: the actual for 2024 is 35, but A/80/6 (Sect. 16) reported 36 | 2024 actual in figure 16.2 of A/80/6 (Sect. 16): 36 @ old.yaml:"), "{found:?}");
    }

    #[test]
    fn a_planned_value_that_became_an_actual_is_not_an_actual_that_changed() {
        let old = figure("      - {year: 2024, actual: 36}\n      - {year: 2025, planned: 38}\n");
        let new = figure("      - {year: 2024, actual: 36}\n      - {year: 2025, actual: 37}\n");
        assert!(edition_findings_with(&super::RULE, "", &new, "", &old).is_empty());
    }
}
