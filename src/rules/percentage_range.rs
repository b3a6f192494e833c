//! P013 percentage-range: a measure in per cent lies between 0 and 100.

use crate::diagnostic::Severity;
use crate::model::{ElementKind, Measure, Plan, Quantity, Text, strip_refs};
use crate::rules::total_mismatch::fmt;
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
    check: Some(check),
};

/// A unit, column header or row unit in per cent: "percentage", "per cent", "%".
static PERCENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bper\s*cent\b|\bpercentage\b|%").unwrap());
/// A title whose measure is a percentage: "Performance measure: Percentage of …", "… (per cent)".
static PERCENT_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:performance measure\s*:\s*)?(?:the\s+)?(?:percentage|per\s*cent|%)\b|\((?:percentage|per\s*cent|%)\)\s*$",
    )
    .unwrap()
});

fn says_percent(text: Option<Text<'_>>) -> bool {
    text.is_some_and(|t| PERCENT.is_match(&strip_refs(t.value)))
}

fn title_says_percent(text: Option<Text<'_>>) -> bool {
    text.is_some_and(|t| PERCENT_TITLE.is_match(&strip_refs(t.value)))
}

fn out_of_range(v: f64) -> bool {
    !(0.0..=100.0).contains(&v)
}

fn check(plan: &Plan<'_>, cx: &mut Context<'_>) {
    for element in &plan.body {
        let name = element.describe();
        match &element.kind {
            ElementKind::Figure(figure) => {
                if !says_percent(figure.unit) && !title_says_percent(figure.title) {
                    continue;
                }
                for (k, point) in figure.data.iter().enumerate() {
                    for m in [Measure::Actual, Measure::Planned] {
                        let Some(v) = point.get(m).filter(|v| out_of_range(v.value)) else { continue };
                        let year = point.year.map_or_else(String::new, |y| format!("{} ", y.value));
                        report(
                            cx,
                            v.node,
                            format!("{name} is in per cent, but its {year}{} value is {}", m.as_str(), fmt(v.value)),
                            format!("/body/{}/data/{k}/{}", element.index, m.as_str()),
                        );
                    }
                }
            }
            ElementKind::Table(table) => {
                let whole = title_says_percent(table.title);
                for row in &table.rows {
                    let row_percent = says_percent(row.unit);
                    for (i, cell) in row.cells.iter().enumerate() {
                        let column = table.columns.get(i);
                        if !(whole || row_percent || column.is_some_and(|c| says_percent(c.label))) {
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
}
