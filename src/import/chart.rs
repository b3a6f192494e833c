//! Charts: a Word chart part (`word/charts/chartN.xml`) read into series over categories, and
//! series over years turned into a figure's `data` (`{year, planned, actual}`).
//!
//! What is printed wins over what is cached: a data label that shows a dash means no value (the
//! bar under it is a placeholder 0), a label that shows a number is the value the reader sees,
//! and a zero whose number format prints "-" is no value. An actual value for a year after the
//! performance year is a placeholder too.

use super::ir::{Chart, Loc, Point, Series, Value};
use super::xml::{self, Element};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Measure {
    Planned,
    Actual,
}

/// The points of a cache (`c:strCache`, `c:numCache`, `c:multiLvlStrCache`): index → text.
fn cache(e: &Element) -> (usize, HashMap<usize, String>) {
    let Some(c) = e.elements().find_map(|r| {
        if matches!(r.local(), "strCache" | "numCache") {
            return Some(r);
        }
        if r.local().ends_with("Ref") {
            return r.elements().find(|c| matches!(c.local(), "strCache" | "numCache" | "multiLvlStrCache"));
        }
        None
    }) else {
        // `<c:tx><c:v>Name</c:v></c:tx>` or a literal.
        let mut m = HashMap::new();
        if let Some(v) = e.child("v") {
            m.insert(0, v.text());
        }
        for lit in e.elements().filter(|c| matches!(c.local(), "strLit" | "numLit")) {
            for pt in lit.elements().filter(|p| p.local() == "pt") {
                if let (Some(i), Some(v)) = (pt.attr("idx").and_then(|i| i.parse().ok()), pt.child("v")) {
                    m.insert(i, v.text());
                }
            }
        }
        return (m.len(), m);
    };
    let c = if c.local() == "multiLvlStrCache" {
        // The innermost level holds the labels under the bars.
        let count = c.child("ptCount").and_then(|p| p.attr("val")).and_then(|v| v.parse().ok()).unwrap_or(0);
        let lvl = c.elements().find(|l| l.local() == "lvl");
        let mut m = HashMap::new();
        if let Some(lvl) = lvl {
            for pt in lvl.elements().filter(|p| p.local() == "pt") {
                if let (Some(i), Some(v)) = (pt.attr("idx").and_then(|i| i.parse().ok()), pt.child("v")) {
                    m.insert(i, v.text());
                }
            }
        }
        return (count, m);
    } else {
        c
    };
    let count = c.child("ptCount").and_then(|p| p.attr("val")).and_then(|v| v.parse().ok()).unwrap_or(0);
    let mut m = HashMap::new();
    for pt in c.elements().filter(|p| p.local() == "pt") {
        if let (Some(i), Some(v)) = (pt.attr("idx").and_then(|i| i.parse::<usize>().ok()), pt.child("v"))
            && i < 10_000
        {
            m.insert(i, v.text());
        }
    }
    (count.min(10_000), m)
}

fn format_code(e: &Element) -> Option<String> {
    e.find("formatCode")
        .map(|f| f.text())
        .or_else(|| e.find("numFmt").and_then(|n| n.attr("formatCode").map(str::to_owned)))
}

/// Whether a number format prints zero as a dash (its third section is `"-"`).
fn zero_is_dash(format: &str) -> bool {
    let sections: Vec<&str> = format.split(';').collect();
    sections.len() >= 3 && sections[2].contains(['-', '–', '‒']) && !sections[2].contains('0')
}

fn is_dash(s: &str) -> bool {
    matches!(s.trim(), "-" | "–" | "—" | "‒" | "−" | "\u{f02d}" | "")
}

/// "18 217a" → 18217; "3 500" → 3500; "25%" → 25.
fn label_number(s: &str) -> Option<f64> {
    static NUM: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*([0-9][0-9 ,\u{a0}\u{202f}]*(?:\.[0-9]+)?)\s*%?\s*[a-z*]?\s*$").unwrap());
    let c = NUM.captures(s)?;
    c[1].chars().filter(|c| c.is_ascii_digit() || *c == '.').collect::<String>().parse().ok()
}

/// Read a chart part.
pub fn parse(x: &str) -> Result<Chart, String> {
    let root = xml::parse(x)?;
    let plot = root.find("plotArea").ok_or("the chart has no plot area")?;
    let mut chart = Chart::default();
    let mut kinds = Vec::new();
    for group in plot.elements().filter(|e| e.local().ends_with("Chart")) {
        kinds.push(group.local().to_owned());
        for ser in group.elements().filter(|e| e.local() == "ser") {
            let name = ser.child("tx").map(|tx| cache(tx).1.get(&0).cloned().unwrap_or_default()).unwrap_or_default();
            let cat = ser.child("cat").or_else(|| ser.child("xVal"));
            if chart.categories.is_empty()
                && let Some(cat) = cat
            {
                let (count, pts) = cache(cat);
                let n = count.max(pts.keys().max().map_or(0, |m| m + 1));
                chart.categories = (0..n).map(|i| pts.get(&i).cloned().unwrap_or_default()).collect();
            }
            let Some(val) = ser.child("val").or_else(|| ser.child("yVal")) else { continue };
            let (count, pts) = cache(val);
            let n = count.max(pts.keys().max().map_or(0, |m| m + 1));
            let dlbls = ser.child("dLbls");
            let format = dlbls
                .and_then(|d| d.child("numFmt"))
                .and_then(|f| f.attr("formatCode").map(str::to_owned))
                .or_else(|| format_code(val))
                .unwrap_or_default();
            let mut labels: HashMap<usize, String> = HashMap::new();
            if let Some(d) = dlbls {
                for l in d.elements().filter(|e| e.local() == "dLbl") {
                    let Some(i) = l.child("idx").and_then(|e| e.attr("val")).and_then(|v| v.parse::<usize>().ok())
                    else {
                        continue;
                    };
                    if let Some(tx) = l.child("tx") {
                        let t: String = tx.find_all("t").iter().map(|t| t.text()).collect();
                        labels.insert(i, t);
                    }
                }
            }
            let mut series = Series {
                name: name.trim().to_owned(),
                values: Vec::with_capacity(n),
                relabelled: Vec::new(),
                dashes: Vec::new(),
            };
            for i in 0..n {
                let raw = pts.get(&i).and_then(|v| v.trim().parse::<f64>().ok()).filter(|v| v.is_finite());
                let value = match labels.get(&i).map(|s| s.trim()) {
                    Some(l) if is_dash(l) && !l.is_empty() => {
                        series.dashes.push(i);
                        None
                    }
                    Some(l) if l.contains('[') || l.is_empty() => raw,
                    Some(l) => match label_number(l) {
                        Some(shown) => {
                            if raw.is_some_and(|r| (r - shown).abs() > 1e-9) {
                                series.relabelled.push((i, raw.unwrap_or(0.0), shown));
                            }
                            Some(shown)
                        }
                        None => raw,
                    },
                    None if raw == Some(0.0) && zero_is_dash(&format) => {
                        series.dashes.push(i);
                        None
                    }
                    None => raw,
                };
                series.values.push(value);
            }
            chart.series.push(series);
        }
    }
    chart.kind = kinds.join(", ");
    Ok(chart)
}

/// "2022 (actual)", "2022\n(actual)", "2026" → the year and the measure, if said.
fn category(c: &str) -> Option<(i32, Option<Measure>)> {
    static CAT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*((?:19|20)[0-9]{2})\s*(?:\(\s*(planned|actual)s?\s*\)|(planned|actual)s?)?\s*$").unwrap()
    });
    let c = CAT.captures(c)?;
    let year = c[1].parse().ok()?;
    let m = c
        .get(2)
        .or(c.get(3))
        .map(|m| if m.as_str().eq_ignore_ascii_case("planned") { Measure::Planned } else { Measure::Actual });
    Some((year, m))
}

/// "Planned", "actuals", "Countries (planned)" → the measure and what is measured.
fn series_measure(name: &str) -> (String, Option<Measure>) {
    static NAME: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)^\s*(.*?)\s*\(?\b(planned|actuals?|targets?)\b\)?\s*$").unwrap());
    match NAME.captures(name) {
        Some(c) => {
            let m = if c[2].to_lowercase().starts_with("actual") { Measure::Actual } else { Measure::Planned };
            (c[1].trim().to_lowercase(), Some(m))
        }
        None => (name.trim().to_lowercase(), None),
    }
}

fn names(series: &[&Series]) -> String {
    let n: Vec<String> = series.iter().map(|s| format!("“{}”", crate::yaml::shorten(&s.name, 40))).collect();
    n.join(", ")
}

/// The figure data of a chart, and what could not be imported with confidence.
pub fn to_points(chart: &Result<Chart, String>, loc: &Loc, plan_year: Option<i32>) -> (Vec<Point>, Vec<String>) {
    let chart = match chart {
        Ok(c) => c,
        Err(e) => return (Vec::new(), vec![format!("the chart could not be read ({e}); its values are not imported")]),
    };
    // A series with values, or one whose every bar is printed as a dash (a new measure).
    let series: Vec<&Series> =
        chart.series.iter().filter(|s| s.values.iter().any(Option::is_some) || !s.dashes.is_empty()).collect();
    if series.is_empty() {
        return (Vec::new(), vec!["the chart has no values; nothing is imported".into()]);
    }
    let cats: Vec<Option<(i32, Option<Measure>)>> = chart.categories.iter().map(|c| category(c)).collect();
    if chart.kind.contains("pie") || cats.is_empty() || cats.iter().any(Option::is_none) {
        let shown: Vec<String> =
            chart.categories.iter().take(4).map(|c| format!("“{}”", crate::yaml::shorten(c, 30))).collect();
        return (
            Vec::new(),
            vec![format!(
                "the chart's categories are not years ({}{}); its values are not imported",
                shown.join(", "),
                if chart.categories.len() > 4 { ", …" } else { "" }
            )],
        );
    }
    let performance = plan_year.map(|y| y - 2);
    let mut notes = Vec::new();
    // year → (planned, actual), and which are printed as dashes
    let mut points: Vec<(i32, Option<f64>, Option<f64>)> = Vec::new();
    let mut dashes: Vec<(i32, Measure)> = Vec::new();
    let set = |year: i32, m: Measure, v: Option<f64>, points: &mut Vec<(i32, Option<f64>, Option<f64>)>| {
        let i = match points.iter().position(|p| p.0 == year) {
            Some(i) => i,
            None => {
                points.push((year, None, None));
                points.len() - 1
            }
        };
        match m {
            Measure::Planned => points[i].1 = v.or(points[i].1),
            Measure::Actual => points[i].2 = v.or(points[i].2),
        }
    };
    let relabel_note = |s: &Series, notes: &mut Vec<String>| {
        for (i, bar, shown) in &s.relabelled {
            let cat =
                chart.categories.get(*i).map_or(String::new(), |c| c.split_whitespace().collect::<Vec<_>>().join(" "));
            notes.push(format!(
                "the bar for {cat} is drawn at {} but labelled {}; the label is imported",
                crate::rules::total_mismatch::fmt(*bar),
                crate::rules::total_mismatch::fmt(*shown)
            ));
        }
    };
    if cats.iter().all(|c| c.is_some_and(|c| c.1.is_some())) {
        // Each bar says its measure: "2022 (actual)" … "2026 (planned)".
        if series.len() != 1 {
            notes.push(format!(
                "the chart has {} series ({}) over the same years: more than one measure, so its values are not imported",
                series.len(),
                names(&series)
            ));
            return (Vec::new(), notes);
        }
        let s = series[0];
        for (i, c) in cats.iter().enumerate() {
            let (year, m) = c.unwrap();
            set(year, m.unwrap(), s.values.get(i).copied().flatten(), &mut points);
            if s.dashes.contains(&i) {
                dashes.push((year, m.unwrap()));
            }
        }
        relabel_note(s, &mut notes);
    } else {
        let measured: Vec<(String, Option<Measure>)> = series.iter().map(|s| series_measure(&s.name)).collect();
        let one_measure = measured.iter().all(|m| m.1.is_some() && m.0 == measured[0].0);
        let planned = measured.iter().filter(|m| m.1 == Some(Measure::Planned)).count();
        let actual = measured.iter().filter(|m| m.1 == Some(Measure::Actual)).count();
        if !one_measure || planned > 1 || actual > 1 {
            notes.push(format!(
                "the chart's series ({}) are not one planned and one actual series; its values are not imported",
                names(&series)
            ));
            return (Vec::new(), notes);
        }
        for (s, (_, m)) in series.iter().zip(&measured) {
            for (i, c) in cats.iter().enumerate() {
                let (year, _) = c.unwrap();
                set(year, m.unwrap(), s.values.get(i).copied().flatten(), &mut points);
                if s.dashes.contains(&i) {
                    dashes.push((year, m.unwrap()));
                }
            }
            relabel_note(s, &mut notes);
        }
    }
    let data = points
        .into_iter()
        .map(|(year, planned, actual)| {
            // A zero actual for a year not yet reported is a placeholder bar.
            let actual = actual.filter(|v| !(performance.is_some_and(|p| year > p) && *v == 0.0));
            (year, planned, actual)
        })
        .map(|(year, planned, actual)| {
            let planned_dash = planned.is_none() && dashes.contains(&(year, Measure::Planned));
            let actual_dash = actual.is_none() && dashes.contains(&(year, Measure::Actual));
            (year, planned, actual, planned_dash, actual_dash)
        })
        // A year with values, or shown with a dash among years that have values.
        .filter(|(_, p, a, pd, ad)| p.is_some() || a.is_some() || *pd || *ad)
        .map(|(year, planned, actual, planned_dash, actual_dash)| Point {
            year,
            label: None,
            planned: planned.map(|v| Value { value: v, loc: loc.clone() }),
            actual: actual.map(|v| Value { value: v, loc: loc.clone() }),
            planned_dash,
            actual_dash,
            loc: loc.clone(),
        })
        .collect();
    (data, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHART: &str = r##"<c:chartSpace xmlns:c="c" xmlns:a="a"><c:chart><c:plotArea><c:barChart>
<c:ser><c:tx><c:strRef><c:strCache><c:pt idx="0"><c:v>Planned </c:v></c:pt></c:strCache></c:strRef></c:tx>
<c:dLbls><c:dLbl><c:idx val="0"/><c:tx><c:rich><a:p><a:r><a:t>–</a:t></a:r></a:p></c:rich></c:tx></c:dLbl><c:numFmt formatCode="#,##0;-#,##0;&quot;-&quot;" sourceLinked="0"/></c:dLbls>
<c:cat><c:strRef><c:strCache><c:ptCount val="3"/><c:pt idx="0"><c:v>2022</c:v></c:pt><c:pt idx="1"><c:v>2023</c:v></c:pt><c:pt idx="2"><c:v>2024</c:v></c:pt></c:strCache></c:strRef></c:cat>
<c:val><c:numRef><c:numCache><c:ptCount val="3"/><c:pt idx="0"><c:v>0</c:v></c:pt><c:pt idx="1"><c:v>0</c:v></c:pt><c:pt idx="2"><c:v>27</c:v></c:pt></c:numCache></c:numRef></c:val></c:ser>
<c:ser><c:tx><c:v>Actual</c:v></c:tx>
<c:cat><c:strRef><c:strCache><c:ptCount val="3"/></c:strCache></c:strRef></c:cat>
<c:val><c:numRef><c:numCache><c:ptCount val="3"/><c:pt idx="0"><c:v>8</c:v></c:pt><c:pt idx="1"><c:v>27</c:v></c:pt><c:pt idx="2"><c:v>0</c:v></c:pt></c:numCache></c:numRef></c:val></c:ser>
</c:barChart></c:plotArea></c:chart></c:chartSpace>"##;

    #[test]
    fn planned_and_actual_series_over_years() {
        let chart = parse(CHART).unwrap();
        assert_eq!(chart.categories, ["2022", "2023", "2024"]);
        assert_eq!(chart.series[0].values, [None, None, Some(27.0)]);
        let (data, notes) = to_points(&Ok(chart), &Loc::default(), Some(2025));
        assert!(notes.is_empty(), "{notes:?}");
        let got: Vec<(i32, Option<f64>, Option<f64>)> = data
            .iter()
            .map(|p| (p.year, p.planned.as_ref().map(|v| v.value), p.actual.as_ref().map(|v| v.value)))
            .collect();
        // 2024 actual 0 is after the performance year 2023: a placeholder.
        assert_eq!(got, [(2022, None, Some(8.0)), (2023, None, Some(27.0)), (2024, Some(27.0), None)]);
    }

    #[test]
    fn measures_in_the_categories_and_charts_that_are_not_series_over_years() {
        let chart = Chart {
            kind: "barChart".into(),
            categories: vec!["2022 \n(actual)".into(), "2025 (planned)".into()],
            series: vec![Series { name: "Column1".into(), values: vec![Some(3.0), Some(5.0)], ..Series::default() }],
        };
        let (data, _) = to_points(&Ok(chart.clone()), &Loc::default(), Some(2026));
        assert_eq!(data.len(), 2);
        assert_eq!(data[1].planned.as_ref().unwrap().value, 5.0);
        let mut two = chart.clone();
        two.series.push(Series { name: "Other".into(), values: vec![Some(1.0), None], ..Series::default() });
        assert!(to_points(&Ok(two), &Loc::default(), Some(2026)).1[0].contains("more than one measure"));
        let pie = Chart { kind: "pieChart".into(), categories: vec!["Posts".into()], ..chart };
        assert!(to_points(&Ok(pie), &Loc::default(), Some(2026)).1[0].contains("not years"));
    }

    #[test]
    fn labels_and_formats() {
        assert_eq!(label_number("18 217a"), Some(18217.0));
        assert_eq!(label_number("3 500"), Some(3500.0));
        assert_eq!(label_number("abc"), None);
        assert!(zero_is_dash(r#"_(* #\ ##0_);_(* \(#\ ##0\);_(* "-"??_);_(@_)"#));
        assert!(!zero_is_dash("General"));
        assert_eq!(series_measure("Countries (planned)"), ("countries".into(), Some(Measure::Planned)));
        assert_eq!(series_measure("actuals").1, Some(Measure::Actual));
        assert_eq!(series_measure("Column1").1, None);
    }
}
