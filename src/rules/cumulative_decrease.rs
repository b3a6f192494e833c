//! P005 cumulative-decrease: a cumulative measure never goes down from one year to the next.

use crate::diagnostic::Severity;
use crate::model::fmt_number as fmt;
use crate::model::{ElementKind, Measure, Plan, Quantity, TableKind, says_cumulative};
use crate::rules::{Context, Rule};
use crate::yaml::Node;

pub static RULE: Rule = Rule {
    code: "P005",
    name: "cumulative-decrease",
    severity: Severity::Error,
    summary: "A cumulative series decreases from one year to the next.",
    docs: include_str!("../../rules/cumulative-decrease.md"),
};

pub(super) const CHECK: super::Check = check;

/// One value of a series: its year, its measure, its amount and where it is written.
struct Point<'a> {
    year: i32,
    measure: Measure,
    value: f64,
    node: &'a Node,
}

fn check(plan: &Plan<'_>, cx: &mut Context<'_>) {
    for element in &plan.body {
        // A figure has a series of points per measure; a performance-measure table has one per row.
        let series: Vec<Vec<Point>> = match &element.kind {
            ElementKind::Figure(f) => f
                .series
                .iter()
                .filter(|s| s.cumulative)
                .map(|s| {
                    let mut points = Vec::new();
                    for p in &s.data {
                        let Some(year) = p.year else { continue };
                        for m in [Measure::Actual, Measure::Planned] {
                            if let Some(v) = p.get(m) {
                                points.push(Point { year: year.value, measure: m, value: v.value, node: v.node });
                            }
                        }
                    }
                    points
                })
                .collect(),
            ElementKind::Table(t)
                if t.kind == TableKind::PerformanceMeasure
                    && t.title.and_then(|t| says_cumulative(t.value)).unwrap_or(false) =>
            {
                t.rows
                    .iter()
                    .map(|row| {
                        row.cells
                            .iter()
                            .zip(&t.columns)
                            .filter_map(|(cell, col)| match (cell.quantity, col.year, col.measure) {
                                (Quantity::Number(v), Some(year), Some(m)) => {
                                    Some(Point { year, measure: m, value: v, node: cell.node })
                                }
                                _ => None,
                            })
                            .collect()
                    })
                    .collect()
            }
            _ => continue,
        };
        let what = element.describe();
        for mut points in series {
            // Compare in year order, whatever order the data is written in.
            points.sort_by_key(|p| p.year);
            check_series(cx, &what, &points);
        }
    }
}

fn check_series(cx: &mut Context<'_>, what: &str, points: &[Point<'_>]) {
    // Actual against earlier actual, planned against earlier planned.
    for m in [Measure::Actual, Measure::Planned] {
        let series: Vec<&Point> = points.iter().filter(|p| p.measure == m).collect();
        for pair in series.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            if b.year > a.year && b.value < a.value {
                let d = cx
                    .at_node(
                        &RULE,
                        b.node,
                        format!(
                            "{what} is cumulative, but its {} value falls from {} in {} to {} in {}",
                            m.as_str(),
                            fmt(a.value),
                            a.year,
                            fmt(b.value),
                            b.year
                        ),
                    )
                    .with_label(a.node.report_span(), format!("{} {}", a.year, m.as_str()))
                    .with_help(
                        "a cumulative count includes every earlier year, so it cannot fall; check both values, \
                         or whether the measure is really cumulative",
                    );
                cx.push(d);
            }
        }
    }
    // A target below what was already achieved.
    let Some(last_actual) = points.iter().filter(|p| p.measure == Measure::Actual).max_by_key(|p| p.year) else {
        return;
    };
    for p in points.iter().filter(|p| p.measure == Measure::Planned && p.year > last_actual.year) {
        if p.value < last_actual.value {
            let d = cx
                .at_node(
                    &RULE,
                    p.node,
                    format!(
                        "{what} is cumulative, but the {} target of {} is below the {} actual of {}",
                        p.year,
                        fmt(p.value),
                        last_actual.year,
                        fmt(last_actual.value)
                    ),
                )
                .with_label(last_actual.node.report_span(), format!("{} actual", last_actual.year))
                .with_help("a cumulative target cannot be lower than what has already been achieved");
            cx.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::says_cumulative;

    #[test]
    fn cumulative_titles() {
        assert_eq!(says_cumulative("Number of States (cumulative)"), Some(true));
        assert_eq!(says_cumulative("Cumulative number of States"), Some(true));
        assert_eq!(says_cumulative("Number of States (non-cumulative)"), Some(false));
        assert_eq!(says_cumulative("Number of States each year"), None);
        // "(annual)" wins: a yearly count, even where the title also says "cumulative".
        assert_eq!(
            says_cumulative("Number of new partnerships (annual) and total partnerships (cumulative)"),
            Some(false)
        );
    }
}

#[cfg(test)]
mod plan_tests {
    use super::RULE;
    use crate::rules::testing::{findings, plan};

    #[test]
    fn figures_in_year_order() {
        let yaml = plan(
            "  - figure: \"16.1\"\n    title: States (cumulative)\n    data:\n      \
             - {year: 2021, actual: 3, planned: 17}\n      - {year: 2019, actual: 5}\n      \
             - {year: 2022, planned: 2}\n",
        );
        assert_eq!(
            findings(&RULE, &yaml),
            [
                "10:30 figure 16.1 is cumulative, but its actual value falls from 5 in 2019 to 3 in 2021",
                "12:31 figure 16.1 is cumulative, but its planned value falls from 17 in 2021 to 2 in 2022",
                "12:31 figure 16.1 is cumulative, but the 2022 target of 2 is below the 2021 actual of 3",
            ]
        );
    }

    #[test]
    fn table_rows_are_separate_series() {
        let yaml = plan(
            "  - table: \"16.1\"\n    title: Number of States (cumulative)\n    kind: performance-measure\n    \
             columns: [\"2020 (actual)\", \"2021 (actual)\", \"2022 (planned)\"]\n    rows:\n      \
             - values: [1, 2, 3]\n      - values: [10, 20, 30]\n",
        );
        assert_eq!(findings(&RULE, &yaml), Vec::<String>::new());
    }

    #[test]
    fn non_cumulative_measures_may_fall() {
        let yaml = plan(
            "  - figure: \"16.1\"\n    title: Activities each year (non-cumulative)\n    data:\n      \
             - {year: 2020, actual: 9}\n      - {year: 2021, actual: 3}\n",
        );
        assert_eq!(findings(&RULE, &yaml), Vec::<String>::new());
    }
}
