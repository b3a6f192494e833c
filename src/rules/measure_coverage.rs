//! P012 measure-coverage: a performance measure for a planned result shows the years the plan
//! calls for, and a figure's year labels match its series.

use crate::diagnostic::Severity;
use crate::model::{Element, ElementKind, Figure, Heading, Measure, Plan, Point, Table, TableKind, Text, strip_refs};
use crate::rules::{Context, Rule};
use crate::yaml::Node;
use regex::Regex;
use std::sync::LazyLock;

pub static RULE: Rule = Rule {
    code: "P012",
    name: "measure-coverage",
    severity: Severity::Error,
    summary: "A performance measure for a planned result lacks a year the plan calls for, or its labels do not match its series.",
    docs: include_str!("../../rules/measure-coverage.md"),
};

pub(super) const CHECK: super::Check = check;

/// Headings that open the measures of a planned result.
static OPENS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:planned results?\b|result\s+\d+\b|.*\btarget for\s+\d{4})").unwrap());
/// Headings inside a result that do not end it, whatever their level.
static INSIDE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(?:proposed programme plan for|lessons learned|performance measure)").unwrap());
/// "Programme performance in 2021": the past year's results, measured up to that year only.
static PERFORMANCE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^programme performance in\s+\d{4}\b").unwrap());
static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b((?:19|20)\d{2})\b").unwrap());

/// Whether the body, at this point, is in the "Planned results" part of a subprogramme.
#[derive(Default)]
struct Section {
    open: bool,
    /// The level of the heading that opened it: a heading at that level or above ends it.
    level: u8,
    /// Under "Programme performance in 2024" and before any "Planned results": a "Result 1: …"
    /// heading there is a past result (an annex on performance), not a planned one.
    past: bool,
}

impl Section {
    fn update(&mut self, heading: &Heading<'_>) {
        static RESULT_ONLY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^result\s+\d+\b").unwrap());
        let text = heading.text.map(|t| strip_refs(t.value).trim().to_owned()).unwrap_or_default();
        if PERFORMANCE.is_match(&text) && !text.to_lowercase().contains("target for") {
            (self.open, self.past) = (false, true);
            return;
        }
        if self.past && RESULT_ONLY.is_match(&text) {
            return;
        }
        if OPENS.is_match(&text) {
            self.past = false;
            self.level = if self.open { self.level.min(heading.level) } else { heading.level };
            self.open = true;
        } else if !INSIDE.is_match(&text) && (PERFORMANCE.is_match(&text) || heading.level <= self.level) {
            self.open = false;
        }
    }
}

/// The years a measure for a planned result shows: three actual years up to the performance
/// year, and planned years from the next year to the plan year.
struct Years {
    plan_year: i32,
    actual: Vec<i32>,
    planned: Vec<i32>,
}

impl Years {
    fn expected(&self) -> Vec<(i32, Measure)> {
        let actual = self.actual.iter().map(|y| (*y, Measure::Actual));
        actual.chain(self.planned.iter().map(|y| (*y, Measure::Planned))).collect()
    }

    /// "2019–2021 (actual) and 2022–2023 (planned)".
    fn describe(&self) -> String {
        format!("{} (actual) and {} (planned)", span(&self.actual), span(&self.planned))
    }
}

/// "2019–2021", "2023".
fn span(years: &[i32]) -> String {
    match years {
        [] => String::new(),
        [one] => one.to_string(),
        [first, .., last] => format!("{first}–{last}"),
    }
}

fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn check(plan: &Plan<'_>, cx: &mut Context<'_>) {
    let (Some(plan_year), Some(performance_year)) = (plan.meta.plan_year(), plan.meta.performance_year()) else {
        return;
    };
    if performance_year >= plan_year {
        return;
    }
    let years = Years {
        plan_year,
        actual: (performance_year - 2..=performance_year).collect(),
        planned: (performance_year + 1..=plan_year).collect(),
    };
    let mut section = Section::default();
    for element in &plan.body {
        match &element.kind {
            ElementKind::Heading(h) => section.update(h),
            ElementKind::Table(t) if section.open && t.kind == TableKind::PerformanceMeasure => {
                check_table(cx, &years, element, t);
            }
            ElementKind::Figure(f) => check_figure(cx, &years, element, f, section.open),
            _ => {}
        }
    }
}

fn check_table(cx: &mut Context<'_>, years: &Years, element: &Element<'_>, table: &Table<'_>) {
    // A table with no year in its headers is laid out some other way.
    if table.columns.iter().all(|c| c.year.is_none()) {
        return;
    }
    let missing: Vec<String> = years
        .expected()
        .into_iter()
        .filter(|(y, m)| !table.columns.iter().any(|c| c.year == Some(*y) && c.measure.is_none_or(|cm| cm == *m)))
        .map(|(y, m)| format!("{y} ({})", m.as_str()))
        .collect();
    let name = element.describe();
    if !missing.is_empty() {
        let at = element.node.get("columns").unwrap_or(element.node);
        let d = cx
            .at_node(
                &RULE,
                at,
                format!(
                    "{name} is a performance measure for a planned result but has no column for {}: a plan for {} shows {}",
                    list(&missing),
                    years.plan_year,
                    years.describe()
                ),
            )
            .with_help(format!("add the missing years; the columns should be {}", expected_labels(years, true)))
            .with_pointer(format!("/body/{}/columns", element.index));
        cx.push(d);
    }
    // A year still to come cannot have been achieved.
    for (i, column) in table.columns.iter().enumerate() {
        if let (Some(y), Some(Measure::Actual), Some(label)) = (column.year, column.measure, column.label)
            && years.planned.contains(&y)
        {
            let d = cx
                .at_node(
                    &RULE,
                    label.node,
                    format!(
                        "{name} reports {y} as actual, but {y} is a planned year in a plan for {}",
                        years.plan_year
                    ),
                )
                .with_help(format!("write “{y} (planned)”"))
                .with_pointer(format!("/body/{}/columns/{i}", element.index));
            cx.push(d);
        }
    }
}

/// "(actual), (actual), (actual), (planned), (planned)", or with the years.
fn expected_labels(years: &Years, with_years: bool) -> String {
    let labels: Vec<String> = years
        .expected()
        .iter()
        .map(|(y, m)| if with_years { format!("{y} ({})", m.as_str()) } else { format!("({})", m.as_str()) })
        .collect();
    labels.join(", ")
}

/// A figure label read as a year and a measure: "2021 (actual)" is both, "(planned)" a measure.
type YearLabel = (Option<i32>, Option<Measure>);

/// Read a figure label as a year label; `None` for other labels, such as "(percentage)".
fn read_label(label: &str) -> Option<YearLabel> {
    let lower = label.to_lowercase();
    let year = YEAR.captures(&lower).and_then(|c| c[1].parse().ok());
    let measure = if lower.contains("actual") {
        Some(Measure::Actual)
    } else if lower.contains("planned") || lower.contains("target") {
        Some(Measure::Planned)
    } else {
        None
    };
    (year.is_some() || measure.is_some()).then_some((year, measure))
}

/// Whether a point shows a measure: a value, or a dash (`actual: ~`), which is how a figure shows a
/// year with no value, such as the years before a new measure began. A point without the key
/// does not show it.
fn shows(point: &Point<'_>, m: Measure) -> bool {
    point.get(m).is_some() || point.node.get(m.as_str()).is_some_and(Node::is_null)
}

fn check_figure(cx: &mut Context<'_>, years: &Years, element: &Element<'_>, figure: &Figure<'_>, for_result: bool) {
    let name = element.describe();
    // The data: each year the plan calls for, with its value in some measure. A chart of several
    // measures shows a year when one of them does: a measure may begin later than the others, or
    // a chart may show the actuals by kind and the plan as one total.
    if for_result && figure.has_data() {
        let missing: Vec<String> = years
            .expected()
            .into_iter()
            .filter(|(y, m)| !figure.points().any(|p| p.year.is_some_and(|py| py.value == *y) && shows(p, *m)))
            .map(|(y, m)| format!("{y} ({})", m.as_str()))
            .collect();
        if !missing.is_empty() {
            let (at, pointer) = match figure.series.as_slice() {
                [one] => (one.node.get("data").unwrap_or(one.node), one.data_pointer(element.index)),
                _ => (element.node.get("series").unwrap_or(element.node), format!("/body/{}/series", element.index)),
            };
            let d = cx
                .at_node(
                    &RULE,
                    at,
                    format!(
                        "{name} is a performance measure for a planned result but has no value for {}: a plan for {} shows {}",
                        list(&missing),
                        years.plan_year,
                        years.describe()
                    ),
                )
                .with_help("add the missing points to `data`")
                .with_pointer(pointer);
            cx.push(d);
        }
    }
    // The year labels, against the data or, without data, against the years the plan calls for.
    let labels: Vec<(&Text, YearLabel)> =
        figure.labels.iter().filter_map(|t| read_label(t.value).map(|r| (t, r))).collect();
    if labels.is_empty() {
        return;
    }
    let at = element.node.get("labels").unwrap_or(element.node);
    let shown: Vec<&str> = labels.iter().map(|(t, _)| t.value.trim()).collect();
    if figure.has_data() {
        // The years the figure shows, over all its measures.
        let mut points: Vec<i32> = figure.points().filter_map(|p| p.year.map(|y| y.value)).collect();
        points.sort_unstable();
        points.dedup();
        let label_years: Vec<i32> = labels.iter().filter_map(|(_, (y, _))| *y).collect();
        let years_differ = label_years.len() == labels.len() && label_years != points;
        if labels.len() != points.len() || years_differ {
            let d = cx
                .at_node(
                    &RULE,
                    at,
                    format!(
                        "the year labels of {name} ({}) do not match its {} data points ({})",
                        shown.join(", "),
                        points.len(),
                        points.iter().map(i32::to_string).collect::<Vec<_>>().join(", ")
                    ),
                )
                .with_help("give one label per data point, in the same order")
                .with_pointer(format!("/body/{}/labels", element.index));
            cx.push(d);
        }
        return;
    }
    if !for_result {
        return;
    }
    let expected = years.expected();
    let label_years: Vec<i32> = labels.iter().filter_map(|(_, (y, _))| *y).collect();
    let count = |m: Measure| labels.iter().filter(|(_, (_, lm))| *lm == Some(m)).count();
    let (actual, planned) = (count(Measure::Actual), count(Measure::Planned));
    let wrong = if label_years.is_empty() {
        actual != years.actual.len() || planned != years.planned.len()
    } else {
        let expected_years: Vec<i32> = expected.iter().map(|(y, _)| *y).collect();
        expected_years.iter().any(|y| !label_years.contains(y))
            || label_years.iter().any(|y| !expected_years.contains(y))
    };
    if wrong {
        let plural = |n: usize, what: &str| format!("{n} {what} year{}", if n == 1 { "" } else { "s" });
        let d = cx
            .at_node(
                &RULE,
                at,
                format!(
                    "{name} is a performance measure for a planned result, but its {} year labels ({}) do not match the {} years a plan for {} shows: {}",
                    labels.len(),
                    if label_years.is_empty() {
                        format!("{} and {}", plural(actual, "actual"), plural(planned, "planned"))
                    } else {
                        shown.join(", ")
                    },
                    expected.len(),
                    years.plan_year,
                    years.describe()
                ),
            )
            .with_span_label(format!("{} labels", labels.len()))
            .with_help(format!("label the series {}", expected_labels(years, !label_years.is_empty())))
            .with_pointer(format!("/body/{}/labels", element.index));
        cx.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::rules::testing::{findings, plan};

    const RESULT: &str = "  - heading: Planned results for 2023\n    level: 2\n  - heading: \"Result 1: Better services\"\n    level: 3\n  \
                          - heading: Programme performance in 2021 and target for 2023\n    level: 4\n";

    #[test]
    fn four_labels_for_a_five_year_measure() {
        // Figures 16.20 and 16.22 of the seed.
        let yaml = plan(&format!(
            "{RESULT}  - figure: \"16.20\"\n    title: \"Performance measure: Member States satisfied\"\n    \
             unit: percentage\n    labels: [(actual), (actual), (actual), (planned)]\n"
        ));
        assert_eq!(
            findings(&RULE, &yaml),
            [
                "16:13 figure 16.20 is a performance measure for a planned result, but its 4 year labels (3 actual years and 1 planned year) do not match the 5 years a plan for 2023 shows: 2019–2021 (actual) and 2022–2023 (planned)"
            ]
        );
    }

    #[test]
    fn a_table_for_a_result_needs_every_year_but_the_past_years_section_does_not() {
        let yaml = plan(&format!(
            "  - heading: Programme performance in 2021\n    level: 2\n  - table: \"16.2\"\n    title: Performance measure\n    \
             kind: performance-measure\n    columns: [2019 (actual), 2020 (actual), 2021 (actual)]\n\
             {RESULT}  - table: \"16.3\"\n    title: Performance measure\n    kind: performance-measure\n    \
             columns: [2019 (actual), 2020 (actual), 2021 (actual), 2022 (actual)]\n  \
             - heading: Deliverables\n    level: 2\n  - table: \"16.4\"\n    title: Performance measure\n    \
             kind: performance-measure\n    columns: [2021 (actual)]\n"
        ));
        assert_eq!(
            findings(&RULE, &yaml),
            [
                "22:14 table 16.3 is a performance measure for a planned result but has no column for 2022 (planned) and 2023 (planned): a plan for 2023 shows 2019–2021 (actual) and 2022–2023 (planned)",
                "22:60 table 16.3 reports 2022 as actual, but 2022 is a planned year in a plan for 2023",
            ]
        );
    }

    #[test]
    fn figure_data_must_cover_the_years_and_match_the_labels() {
        let yaml = plan(&format!(
            "{RESULT}  - figure: \"16.1\"\n    title: \"Performance measure: Number of States\"\n    \
             labels: [\"2019\", \"2020\", \"2021\", \"2022\"]\n    data:\n      - {{year: 2019, actual: 1}}\n      \
             - {{year: 2020, actual: 2}}\n      - {{year: 2021, actual: 3}}\n      - {{year: 2022, planned: 4}}\n      \
             - {{year: 2023, planned: 5}}\n  - figure: \"16.2\"\n    title: \"Performance measure: Number of States\"\n    \
             data:\n      - {{year: 2019, actual: 1}}\n      - {{year: 2020, actual: 2}}\n      - {{year: 2021, planned: 3}}\n      \
             - {{year: 2022, planned: 4}}\n      - {{year: 2023, planned: 5}}\n"
        ));
        assert_eq!(
            findings(&RULE, &yaml),
            [
                "15:13 the year labels of figure 16.1 (2019, 2020, 2021, 2022) do not match its 5 data points (2019, 2020, 2021, 2022, 2023)",
                "25:7 figure 16.2 is a performance measure for a planned result but has no value for 2021 (actual): a plan for 2023 shows 2019–2021 (actual) and 2022–2023 (planned)",
            ]
        );
    }

    #[test]
    fn years_shown_as_a_dash_are_covered_but_missing_years_are_not() {
        // A/80/6 (Sect. 14), figure 14.XVII: a new measure, with dashes before its first year. The
        // importer writes a dash in figure data as `~`.
        let yaml = plan(&format!(
            "{RESULT}  - figure: \"16.1\"\n    title: \"Performance measure: number of governments (cumulative)\"\n    \
             data:\n      - {{year: 2019, planned: ~, actual: ~}}\n      - {{year: 2020, planned: ~, actual: ~}}\n      \
             - {{year: 2021, planned: 2, actual: 3}}\n      - {{year: 2022, planned: 5, actual: ~}}\n      \
             - {{year: 2023, planned: 7, actual: ~}}\n  - figure: \"16.2\"\n    title: \"Performance measure: number of States\"\n    \
             data:\n      - {{year: 2019, planned: ~}}\n      - {{year: 2020, actual: 2}}\n      - {{year: 2021, actual: 3}}\n      \
             - {{year: 2022, planned: 4}}\n"
        ));
        assert_eq!(
            findings(&RULE, &yaml),
            [
                "24:7 figure 16.2 is a performance measure for a planned result but has no value for 2019 (actual) and 2023 (planned): a plan for 2023 shows 2019–2021 (actual) and 2022–2023 (planned)"
            ]
        );
    }

    #[test]
    fn five_labels_and_figures_outside_results_pass() {
        let yaml = plan(&format!(
            "  - heading: Programme performance in 2021\n    level: 2\n  - figure: \"16.1\"\n    title: t\n    \
             labels: [(actual), (actual), (actual)]\n{RESULT}  - figure: \"16.2\"\n    title: t\n    \
             unit: percentage\n    labels: [(percentage), (actual), (actual), (actual), (planned), (planned)]\n"
        ));
        assert_eq!(findings(&RULE, &yaml), Vec::<String>::new());
    }
}
