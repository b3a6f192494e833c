//! P020 series-restart: a cumulative performance measure starts again in this edition from below
//! where the previous edition had already reached.

use crate::diagnostic::Severity;
use crate::edition::{new_figure, show};
use crate::model::{Plan, Point, Series};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: "P020",
    name: "series-restart",
    severity: Severity::Error,
    summary: "A cumulative performance measure starts again below the level the previous edition reported.",
    docs: include_str!("../../rules/series-restart.md"),
};

pub(super) const CHECK: super::Check = check;

/// A point's value: the actual where there is one, else the planned.
fn value<'a>(p: &Point<'a>) -> Option<(f64, &'static str, &'a crate::yaml::Node)> {
    p.actual.map(|v| (v.value, "actual", v.node)).or(p.planned.map(|v| (v.value, "planned", v.node)))
}

/// The latest actual of a series: its year, value and point.
fn last_actual<'s, 'a>(s: &'s Series<'a>) -> Option<(i32, f64, &'s Point<'a>)> {
    s.data.iter().filter_map(|p| Some((p.year?.value, p.actual?.value, p))).max_by_key(|(y, _, _)| *y)
}

fn check(plan: &Plan<'_>, cx: &mut Context<'_>) {
    let Some(cmp) = cx.previous else { return };
    let mut found = Vec::new();
    for m in &cmp.figures {
        let (Some(figure), Some(old_figure)) = (new_figure(plan, m), cmp.old_figure(m)) else { continue };
        let element = &plan.body[m.new];
        for &(a, b) in &m.series {
            let (Some(series), Some(old_series)) = (figure.series.get(a), old_figure.series.get(b)) else { continue };
            if !(series.cumulative || old_series.cumulative) {
                continue;
            }
            let Some((year, reached, old_point)) = last_actual(old_series) else { continue };
            // What this edition shows for that year itself: a fall after it is then P005's
            // (cumulative-decrease) to report, within this edition.
            let own = series.data.iter().find(|p| p.year.is_some_and(|y| y.value == year)).and_then(value);
            let later = series
                .data
                .iter()
                .filter(|p| p.year.is_some_and(|y| y.value > year))
                .filter_map(|p| Some((p.year?.value, value(p)?)))
                .min_by_key(|(y, _)| *y);
            let Some((later_year, (v, measure, node))) = later else { continue };
            if v >= reached || own.is_some_and(|(o, _, _)| o > v) {
                continue;
            }
            let name = series.name.map_or_else(String::new, |n| format!(" (“{}”)", n.value.trim()));
            let d = cx
                .at_node(
                    &RULE,
                    node,
                    format!(
                        "{}{name} is cumulative, but its {later_year} {measure} ({}) is below the {} that {} \
                         reported as reached in {year}: the series restarts",
                        element.describe(),
                        show(v),
                        show(reached),
                        cmp.old.name()
                    ),
                )
                .with_span_label(format!("below {}", show(reached)))
                .with_related(cmp.old.label(
                    old_point.actual.map_or(old_point.node, |v| v.node),
                    format!("{year} actual in {}: {}", cmp.old_element(m.old), show(reached)),
                ))
                .with_help(
                    "a cumulative count does not fall: carry the count on from the previous edition, or say that \
                     the measure was redefined and rename it",
                );
            found.push(d);
        }
    }
    for d in found {
        cx.push(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{cumulative_figure as figure, edition_findings_with};

    #[test]
    fn a_cumulative_count_that_starts_again_is_reported() {
        let old = figure(
            "      - {year: 2023, actual: 14}\n      - {year: 2024, actual: 36}\n      - {year: 2026, planned: 40}\n",
        );
        let new = figure(
            "      - {year: 2025, actual: 5}\n      - {year: 2026, planned: 8}\n      - {year: 2027, planned: 12}\n",
        );
        let found = edition_findings_with(&super::RULE, "", &new, "", &old);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("figure 16.2 is cumulative, but its 2025 actual (5) is below the 36 that A/80/6 (Sect. 16) reported as reached in 2024: the series restarts"), "{found:?}");
    }

    #[test]
    fn a_count_that_goes_on_is_not_and_a_fall_within_the_edition_is_p005s() {
        let old = figure("      - {year: 2024, actual: 36}\n");
        let new = figure("      - {year: 2024, actual: 36}\n      - {year: 2025, actual: 37}\n");
        assert!(edition_findings_with(&super::RULE, "", &new, "", &old).is_empty());
        let new = figure("      - {year: 2024, actual: 36}\n      - {year: 2025, actual: 30}\n");
        assert!(edition_findings_with(&super::RULE, "", &new, "", &old).is_empty());
    }
}
