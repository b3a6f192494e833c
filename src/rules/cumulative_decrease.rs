//! P005 cumulative-decrease: a cumulative measure never goes down from one year to the next.

use crate::diagnostic::Severity;
use crate::model::{ElementKind, Measure, Plan, Quantity, TableKind};
use crate::rules::total_mismatch::fmt;
use crate::rules::{Context, Rule};
use crate::yaml::Node;

pub static RULE: Rule = Rule {
    code: "P005",
    name: "cumulative-decrease",
    severity: Severity::Error,
    summary: "A cumulative series decreases from one year to the next.",
    docs: include_str!("../../rules/cumulative-decrease.md"),
    check: Some(check),
};

/// One value of a series: its year, its measure, its amount and where it is written.
struct Point<'a> {
    year: i32,
    measure: Measure,
    value: f64,
    node: &'a Node,
}

/// Whether a title calls its measure cumulative ("(cumulative)", not "non-cumulative").
pub fn says_cumulative(title: &str) -> bool {
    let t = title.to_lowercase();
    t.contains("cumulative") && !t.contains("non-cumulative") && !t.contains("noncumulative")
}

fn check(plan: &Plan<'_>, cx: &mut Context<'_>) {
    for element in &plan.body {
        // A figure is one series of points; a performance-measure table has one per row.
        let series: Vec<Vec<Point>> = match &element.kind {
            ElementKind::Figure(f) if f.cumulative => {
                let mut points = Vec::new();
                for p in &f.data {
                    let Some(year) = p.year else { continue };
                    for m in [Measure::Actual, Measure::Planned] {
                        if let Some(v) = p.get(m) {
                            points.push(Point { year: year.value, measure: m, value: v.value, node: v.node });
                        }
                    }
                }
                vec![points]
            }
            ElementKind::Table(t)
                if t.kind == TableKind::PerformanceMeasure && t.title.is_some_and(|t| says_cumulative(t.value)) =>
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
        assert!(says_cumulative("Number of States (cumulative)"));
        assert!(says_cumulative("Cumulative number of States"));
        assert!(!says_cumulative("Number of States (non-cumulative)"));
        assert!(!says_cumulative("Number of States each year"));
    }
}
