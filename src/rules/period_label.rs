//! P006 period-label: "for the period 2020–2022" must match the years the plan covers.

use crate::diagnostic::{Applicability, Severity};
use crate::model::{ElementKind, Measure, Plan, TableKind, Text};
use crate::rules::{Context, Rule};
use regex::Regex;
use std::sync::LazyLock;

pub static RULE: Rule = Rule {
    code: "P006",
    name: "period-label",
    severity: Severity::Error,
    summary: "A period or year label does not match the years the plan covers.",
    docs: include_str!("../../rules/period-label.md"),
};

pub(super) const CHECK: super::Check = check;

static PERIOD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)period\s+(?:of\s+)?((\d{4})\s*([–—-])\s*(\d{4}))").unwrap());
static PERFORMANCE_IN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*programme\s+performance\s+in\s+(\d{4})(?-u:\b)").unwrap());
static PLAN_FOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:planned\s+results|target|proposed\s+programme\s+plan|programme\s+plan)\s+for\s+(\d{4})(?-u:\b)")
        .unwrap()
});

fn check(plan: &Plan<'_>, cx: &mut Context<'_>) {
    let Some(year) = plan.meta.plan_year() else { return };
    let performance = plan.meta.performance_year().unwrap_or(year - 2);
    let first = year - 2;
    for element in &plan.body {
        match &element.kind {
            ElementKind::Table(t) => {
                if let Some(title) = &t.title {
                    check_period(cx, title, &format!("the title of {}", element.describe()), first, year);
                }
                if t.kind == TableKind::Deliverables {
                    check_deliverable_columns(cx, &element.describe(), &t.columns, first, year);
                }
            }
            ElementKind::Figure(f) => {
                if let Some(title) = &f.title {
                    check_period(cx, title, &format!("the title of {}", element.describe()), first, year);
                }
            }
            ElementKind::Heading(h) => {
                let Some(text) = &h.text else { continue };
                check_period(cx, text, &element.describe(), first, year);
                check_year(cx, text, &PERFORMANCE_IN, performance, "the performance year");
                check_year(cx, text, &PLAN_FOR, year, "the plan year");
            }
            _ => {}
        }
    }
}

fn check_period(cx: &mut Context<'_>, text: &Text<'_>, place: &str, first: i32, last: i32) {
    for c in PERIOD.captures_iter(text.value) {
        let (Ok(from), Ok(to)) = (c[2].parse::<i32>(), c[4].parse::<i32>()) else { continue };
        // A plan's period is three years; "strategy for the period 2021–2025" is another period.
        let plan_period = to - from == last - first || text.value.to_lowercase().contains("deliverables");
        if (from, to) == (first, last) || !plan_period {
            continue;
        }
        let dash = &c[3];
        let right = format!("{first}{dash}{last}");
        let range = c.get(1).map_or(0..0, |m| m.range());
        let edit = cx.text_edit(text, range.clone(), right.clone());
        let mut d = cx
            .at_text(
                &RULE,
                text,
                range,
                format!("{place} says the period {}, but a plan for {last} covers {first}–{last}", &c[1]),
            )
            .with_span_label(format!("should be {right}"))
            .with_help(format!("write “{right}”"));
        if let Some(edit) = edit {
            d = d.with_fix(Applicability::Safe, format!("write “{right}”"), vec![edit]);
        }
        cx.push(d);
    }
}

fn check_year(cx: &mut Context<'_>, text: &Text<'_>, pattern: &Regex, expected: i32, what: &str) {
    for c in pattern.captures_iter(text.value) {
        let Some(m) = c.get(1) else { continue };
        if m.as_str().parse() == Ok(expected) {
            continue;
        }
        let d = cx
            .at_text(&RULE, text, m.range(), format!("heading says {}, but {what} is {expected}", m.as_str()))
            .with_span_label(format!("should be {expected}"))
            .with_help(format!("write “{expected}”"));
        let d = match cx.text_edit(text, m.range(), expected.to_string()) {
            Some(edit) => d.with_fix(Applicability::Safe, format!("write “{expected}”"), vec![edit]),
            None => d,
        };
        cx.push(d);
    }
}

/// A deliverables table shows the first year planned and actual, then each later year planned.
fn check_deliverable_columns(
    cx: &mut Context<'_>,
    table: &str,
    columns: &[crate::model::Column<'_>],
    first: i32,
    last: i32,
) {
    let expected: Vec<(i32, Measure)> = std::iter::once((first, Measure::Planned))
        .chain(std::iter::once((first, Measure::Actual)))
        .chain((first + 1..=last).map(|y| (y, Measure::Planned)))
        .collect();
    let years: Vec<_> = columns.iter().filter_map(|c| Some((c.year?, c.measure?, c))).collect();
    if years.len() != expected.len() {
        return;
    }
    for ((y, m, col), (ey, em)) in years.iter().zip(&expected) {
        if (*y, *m) != (*ey, *em) {
            let d = cx
                .at_node(
                    &RULE,
                    col.node,
                    format!("{} of {table} should be “{ey} {}” in a plan for {last}", col.describe(), em.as_str()),
                )
                .with_help(format!(
                    "a deliverables table for {last} has the columns {first} planned, {first} actual, then each year to {last} planned"
                ));
            // Change the year and keep the rest of the header as written.
            let edit = col.label.filter(|_| *m == *em).and_then(|label| {
                let at = label.value.find(&y.to_string())?;
                cx.text_edit(&label, at..at + 4, ey.to_string())
            });
            let d = match edit {
                Some(edit) => d.with_fix(Applicability::Safe, format!("write “{ey}”"), vec![edit]),
                None => d,
            };
            cx.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{findings, plan};

    #[test]
    fn period_in_a_title_and_columns() {
        let yaml = plan(
            "  - table: \"16.1\"\n    title: \"Deliverables for the period 2020–2022\"\n    kind: deliverables\n    \
             columns: [2021 planned, 2021 actual, 2022 planned, 2022 planned]\n",
        );
        assert_eq!(
            findings(&RULE, &yaml),
            [
                "8:41 the title of table 16.1 says the period 2020–2022, but a plan for 2023 covers 2021–2023",
                "10:56 column “2022 planned” of table 16.1 should be “2023 planned” in a plan for 2023",
            ]
        );
    }

    #[test]
    fn headings_name_the_right_years() {
        let yaml = plan(
            "  - heading: Programme performance in 2020\n  - heading: Planned results for 2023\n  \
             - heading: UNODC strategy for the period 2021–2025\n",
        );
        assert_eq!(findings(&RULE, &yaml), ["7:39 heading says 2020, but the performance year is 2021"]);
    }
}
