//! P013 percentage-range: a measure in per cent lies between 0 and 100.

use crate::diagnostic::Severity;
use crate::model::fmt_number as fmt;
use crate::model::{Column, ElementKind, Measure, Plan, Quantity, Text, strip_refs};
use crate::rules::{Context, Rule};
use crate::yaml::Node;
use regex::Regex;
use std::sync::LazyLock;

pub static RULE: Rule = Rule {
    code: "P013",
    name: "percentage-range",
    severity: Severity::Error,
    summary: "A measure in per cent is below 0 or above 100.",
    docs: include_str!("../../rules/percentage-range.md"),
};

pub(super) const CHECK: super::Check = check;

/// A unit, column header or row unit in per cent: "percentage", "per cent", "%".
static PERCENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bper\s*cent\b|\bpercentage\b|%").unwrap());
/// A title whose measure is a percentage: "Performance measure: Percentage of …", "… (per cent)".
static PERCENT_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:performance measure\s*:\s*)?(?:the\s+)?(?:percentage|per\s*cent|%)\b|\((?:percentage|per\s*cent|%)\)\s*$",
    )
    .unwrap()
});

/// A change, not a level: "Changes Percentage", "Variance (percentage)", "Growth".
static CHANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:change[sd]?|variances?|variations?|increases?|decreases?|growth|differences?)\b").unwrap()
});
/// A title whose measure is a change in per cent: "Percentage increase in …", "… (percentage change)".
static CHANGE_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:\bpercentage|\bper\s*cent|%)\s+(?:change|increase|decrease|growth|variation|variance|difference)\b|\b(?:change|increase|decrease|growth|variation|variance|difference)\s*(?:in\s+)?\(?\s*(?:percentage|per\s*cent|%)",
    )
    .unwrap()
});
/// A header that says nothing but "Percentage", "Per cent" or "%".
static BARE_PERCENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\W*(?:percentage|per\s*cent|%)\W*$").unwrap());

fn says_percent(text: Option<Text<'_>>) -> bool {
    text.is_some_and(|t| PERCENT.is_match(&strip_refs(t.value)))
}

fn says_change(text: Option<Text<'_>>) -> bool {
    text.is_some_and(|t| CHANGE.is_match(&strip_refs(t.value)))
}

fn title_says_percent(text: Option<Text<'_>>) -> bool {
    text.is_some_and(|t| PERCENT_TITLE.is_match(&strip_refs(t.value)))
}

fn title_says_change(text: Option<Text<'_>>) -> bool {
    text.is_some_and(|t| CHANGE_TITLE.is_match(&strip_refs(t.value)))
}

/// Whether column `i` holds a change rather than a level: its header says so ("Changes
/// Percentage", "Variance (percentage)"), or it is headed "Percentage" alone right after a column
/// headed "Change": the change in per cent, beside the change in amount.
fn change_column(columns: &[Column<'_>], i: usize) -> bool {
    let Some(column) = columns.get(i) else { return false };
    says_change(column.label)
        || (column.label.is_some_and(|l| BARE_PERCENT.is_match(&strip_refs(l.value)))
            && i > 0
            && says_change(columns[i - 1].label))
}

fn out_of_range(v: f64) -> bool {
    !(0.0..=100.0).contains(&v)
}

fn check(plan: &Plan<'_>, cx: &mut Context<'_>) {
    for element in &plan.body {
        let name = element.describe();
        match &element.kind {
            ElementKind::Figure(figure) => {
                let percent = says_percent(figure.unit) || title_says_percent(figure.title);
                let change = says_change(figure.unit) || title_says_change(figure.title);
                if !percent || change {
                    continue;
                }
                for series in &figure.series {
                    for (k, point) in series.data.iter().enumerate() {
                        for m in [Measure::Actual, Measure::Planned] {
                            let Some(v) = point.get(m).filter(|v| out_of_range(v.value)) else { continue };
                            let year = point.year.map_or_else(String::new, |y| format!("{} ", y.value));
                            report(
                                cx,
                                v.node,
                                format!(
                                    "{name} is in per cent, but its {year}{} value is {}",
                                    m.as_str(),
                                    fmt(v.value)
                                ),
                                format!("{}/{k}/{}", series.data_pointer(element.index), m.as_str()),
                            );
                        }
                    }
                }
            }
            ElementKind::Table(table) => {
                let whole = title_says_percent(table.title) && !title_says_change(table.title);
                for row in &table.rows {
                    // A change in per cent (a growth rate, a variance) can exceed 100 or be negative.
                    let row_change = says_change(row.unit);
                    let row_percent = says_percent(row.unit);
                    for (i, cell) in row.cells.iter().enumerate() {
                        let column = table.columns.get(i);
                        let percent = whole || row_percent || column.is_some_and(|c| says_percent(c.label));
                        if !percent || row_change || change_column(&table.columns, i) {
                            continue;
                        }
                        let values = [Some(cell.quantity), cell.alternative];
                        let Some(v) = values.into_iter().flatten().find_map(|q| match q {
                            Quantity::Number(v) if out_of_range(v) => Some(v),
                            _ => None,
                        }) else {
                            continue;
                        };
                        let col = column.map_or_else(|| format!("value {}", i + 1), |c| c.describe());
                        report(
                            cx,
                            cell.node,
                            format!("{name} is in per cent, but {} has {} in the {col}", row.describe(), fmt(v)),
                            format!("/body/{}/rows/{}/values/{i}", element.index, row.index),
                        );
                    }
                }
            }
            _ => {}
        }
    }
}

fn report(cx: &mut Context<'_>, node: &Node, message: String, pointer: String) {
    let d = cx
        .at_node(&RULE, node, message)
        .with_span_label("not between 0 and 100")
        .with_help(
            "a share in per cent lies between 0 and 100: check the value, or the unit if it counts something else",
        )
        .with_pointer(pointer);
    cx.push(d);
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{findings, plan};

    #[test]
    fn figure_values_in_per_cent() {
        let yaml = plan(
            "  - figure: \"16.1\"\n    title: \"Performance measure: Member States satisfied\"\n    unit: percentage\n    \
             data:\n      - {year: 2021, planned: 70, actual: 940}\n      - {year: 2022, planned: 100}\n  \
             - figure: \"16.2\"\n    title: \"Performance measure: Percentage of processes established\"\n    \
             data:\n      - {year: 2021, actual: -5}\n  - figure: \"16.3\"\n    title: Number of States\n    \
             data:\n      - {year: 2021, actual: 140}\n",
        );
        assert_eq!(
            findings(&RULE, &yaml),
            [
                "11:43 figure 16.1 is in per cent, but its 2021 actual value is 940",
                "16:30 figure 16.2 is in per cent, but its 2021 actual value is -5",
            ]
        );
    }

    #[test]
    fn table_columns_titles_and_units_in_per_cent() {
        let yaml = plan(
            "  - table: ~\n    title: Shares\n    kind: other\n    columns: [Number of States, Per cent of women]\n    \
             rows:\n      - values: [140, 101]\n      - subcategory: Completion\n        unit: percentage\n        \
             values: [\"–\", \"90 [120]\"]\n  - table: ~\n    title: Performance measure (per cent)\n    kind: other\n    \
             columns: [2021 (actual)]\n    rows:\n      - values: [99.5]\n",
        );
        assert_eq!(
            findings(&RULE, &yaml),
            [
                "12:23 table “Shares” is in per cent, but row 1 has 101 in the column “Per cent of women”",
                "15:23 table “Shares” is in per cent, but subtotal “Completion” has 120 in the column “Per cent of women”",
            ]
        );
    }

    #[test]
    fn changes_in_per_cent_are_not_bounded() {
        // A/80/6 (Sect. 7), table 7.4: hospitality up by 312.7 per cent. A/80/6 (Sect. 32): the
        // change in amount, then in per cent, under a "Change" header. A/80/6 (Sect. 3)/Add.1.
        let yaml = plan(
            "  - table: \"7.4\"\n    title: Evolution of financial resources by object of expenditure\n    kind: other\n    \
             columns: [\"\", 2024 expenditure, 2025 approved, Changes Total, Changes Percentage, 2026 estimate]\n    \
             rows:\n      - values: [Hospitality, 8.2, 8.3, 25.9, 312.7, 34.2]\n  \
             - table: ~\n    title: (3) Extrabudgetary\n    kind: other\n    \
             columns: [Component, 2025 estimate, Change, Percentage, Percentage of total, 2026 estimate]\n    \
             rows:\n      - values: [A. Health insurance, 7 673.5, 10 415.9, 135.7, 101, 18 089.4]\n  \
             - table: \"2\"\n    title: Resources by mission\n    kind: other\n    \
             columns: [Mission, Variance (percentage)]\n    rows:\n      - values: [UNMHA, 122.7]\n  \
             - figure: \"16.I\"\n    title: \"Performance measure: Percentage increase in seizures\"\n    \
             data:\n      - {year: 2024, actual: 140}\n",
        );
        assert_eq!(
            findings(&RULE, &yaml),
            ["18:65 table “(3) Extrabudgetary” is in per cent, but row 1 has 101 in the column “Percentage of total”"]
        );
    }
}
