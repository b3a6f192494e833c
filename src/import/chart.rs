//! Charts: a Word chart part (`word/charts/chartN.xml`) read into series over categories, and
//! series over years turned into a figure's `data` (`{year, planned, actual}`).
//!
//! What is printed wins over what is cached: a data label that shows a dash means no value (the
//! bar under it is a placeholder 0), a label that shows a number is the value the reader sees,
//! and a zero whose number format prints "-" is no value. An actual value for a year after the
//! performance year is a placeholder too.

use super::ir::{Chart, FigureSeries, Loc, Point, Series, Value};
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

/// "2022 (actual)", "2022\n(actual)", "2026", "2024 (actual)s" → the year and the measure, if said.
fn category(c: &str) -> Option<(i32, Option<Measure>)> {
    static CAT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*((?:19|20)[0-9]{2})\s*(?:\(\s*(planned|actual)s?\s*\)s?|(planned|actual)s?)?\s*$").unwrap()
    });
    let c = CAT.captures(c)?;
    let year = c[1].parse().ok()?;
    let m = c
        .get(2)
        .or(c.get(3))
        .map(|m| if m.as_str().eq_ignore_ascii_case("planned") { Measure::Planned } else { Measure::Actual });
    Some((year, m))
}

/// What a series' name says: what is measured (as written, without the measure's word), a key to
/// pair the planned series with the actual one, and which measure it is.
/// "Countries (planned)", "Planned number of fellows", "actuals" (no name), "Column1" (no measure).
#[derive(Debug, PartialEq)]
struct SeriesName {
    shown: String,
    key: String,
    measure: Option<Measure>,
}

fn series_name(name: &str) -> SeriesName {
    static TRAILING: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)^\s*(.*?)\s*\(?\b(planned|actuals?|targets?)\b\)?\s*$").unwrap());
    static LEADING: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)^\s*(planned|actual|target)s?\b\s*(.*?)\s*$").unwrap());
    let measure = |w: &str| if w.to_lowercase().starts_with("actual") { Measure::Actual } else { Measure::Planned };
    let (shown, m) = if let Some(c) = TRAILING.captures(name) {
        (c[1].to_owned(), Some(measure(&c[2])))
    } else if let Some(c) = LEADING.captures(name) {
        let rest = c[2].to_owned();
        let mut chars = rest.chars();
        let shown = match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        };
        (shown, Some(measure(&c[1])))
    } else {
        (name.trim().to_owned(), None)
    };
    let shown = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    SeriesName { key: shown.to_lowercase(), shown, measure: m }
}

fn names(series: &[&Series]) -> String {
    let n: Vec<String> = series.iter().map(|s| format!("“{}”", crate::yaml::shorten(&s.name, 40))).collect();
    n.join(", ")
}

/// A series that only draws the chart: the gaps between panels ("Dividers"), or a broken reference.
fn is_drawing(name: &str) -> bool {
    let n = name.trim();
    n.eq_ignore_ascii_case("dividers") || n.starts_with("#REF")
}

/// The points of one measure, by year, as the chart's series fill them.
#[derive(Default)]
struct Points {
    /// year → (planned, actual)
    by_year: Vec<(i32, Option<f64>, Option<f64>)>,
    dashes: Vec<(i32, Measure)>,
}

impl Points {
    /// Set one value; a second, different value for the same year and measure is a conflict.
    fn set(&mut self, year: i32, m: Measure, v: Option<f64>) -> Result<(), i32> {
        let i = match self.by_year.iter().position(|p| p.0 == year) {
            Some(i) => i,
            None => {
                self.by_year.push((year, None, None));
                self.by_year.len() - 1
            }
        };
        let slot = match m {
            Measure::Planned => &mut self.by_year[i].1,
            Measure::Actual => &mut self.by_year[i].2,
        };
        match (*slot, v) {
            (Some(old), Some(new)) if (old - new).abs() > 1e-9 => Err(year),
            (_, Some(new)) => {
                *slot = Some(new);
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Fill from one series: each category's year, and its measure (the category's, or `m`).
    fn fill(&mut self, s: &Series, cats: &[(i32, Option<Measure>)], m: Option<Measure>) -> Result<(), i32> {
        for (i, &(year, cm)) in cats.iter().enumerate() {
            let Some(m) = cm.or(m) else { continue };
            self.set(year, m, s.values.get(i).copied().flatten())?;
            if s.dashes.contains(&i) {
                self.dashes.push((year, m));
            }
        }
        Ok(())
    }

    fn into_data(self, loc: &Loc, performance: Option<i32>) -> Vec<Point> {
        let dashes = self.dashes;
        let reported = |year: i32| performance.is_some_and(|p| year <= p);
        // A zero actual for a year not yet reported is a placeholder bar.
        let by_year: Vec<(i32, Option<f64>, Option<f64>)> = self
            .by_year
            .into_iter()
            .map(|(year, planned, actual)| (year, planned, actual.filter(|v| reported(year) || *v != 0.0)))
            .collect();
        // A year the chart shows with an empty bar, in a measure that has values of that kind
        // (the years before a new measure began): shown, with no value.
        let has_actual = by_year.iter().any(|p| p.2.is_some());
        let has_planned = by_year.iter().any(|p| p.1.is_some());
        by_year
            .into_iter()
            .map(|(year, planned, actual)| {
                let planned_dash = planned.is_none()
                    && (dashes.contains(&(year, Measure::Planned))
                        || (has_planned && performance.is_some() && !reported(year)));
                let actual_dash =
                    actual.is_none() && (dashes.contains(&(year, Measure::Actual)) || (has_actual && reported(year)));
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
            .collect()
    }
}

/// How the series of a chart over plain years make measures: each group is one measure, its
/// series each a planned or an actual one. Series are paired by what they measure ("Countries
/// (planned)" with "Countries (actual)"); when the names do not pair but the series alternate
/// planned and actual ("Number of recommendations accepted (planned)", "Recommendations accepted
/// (actual)"), by their order. `None` when neither gives one planned and one actual per measure.
fn pair(named: &[SeriesName]) -> Option<Vec<Vec<usize>>> {
    let mut by_key: Vec<Vec<usize>> = Vec::new();
    for (i, n) in named.iter().enumerate() {
        match by_key.iter_mut().find(|g| named[g[0]].key == n.key) {
            Some(g) => g.push(i),
            None => by_key.push(vec![i]),
        }
    }
    let valid = |groups: &[Vec<usize>]| {
        groups.iter().all(|g| {
            let planned = g.iter().filter(|&&i| named[i].measure == Some(Measure::Planned)).count();
            let actual = g.iter().filter(|&&i| named[i].measure == Some(Measure::Actual)).count();
            planned <= 1 && actual <= 1
        })
    };
    let by_order: Vec<Vec<usize>> = (0..named.len()).collect::<Vec<_>>().chunks(2).map(<[usize]>::to_vec).collect();
    let order_pairs = named.len() > 2
        && named.len().is_multiple_of(2)
        && by_order.iter().all(|g| g.len() == 2 && named[g[0]].measure != named[g[1]].measure);
    let key_valid = valid(&by_key);
    if order_pairs && (!key_valid || by_key.iter().any(|g| g.len() == 1)) {
        return Some(by_order);
    }
    key_valid.then_some(by_key)
}

/// A series of a measure, with the measure its name says (none: the categories say it).
type Member<'c> = (&'c Series, Option<Measure>);

/// The figure's measures from its chart, and what could not be imported with confidence. A chart
/// of one measure gives one unnamed series (written as the figure's `data`); a chart of several
/// gives one named series per measure.
pub fn to_series(chart: &Result<Chart, String>, loc: &Loc, plan_year: Option<i32>) -> (Vec<FigureSeries>, Vec<String>) {
    let chart = match chart {
        Ok(c) => c,
        Err(e) => return (Vec::new(), vec![format!("the chart could not be read ({e}); its values are not imported")]),
    };
    // A series with values, or one whose every bar is printed as a dash (a new measure).
    let series: Vec<&Series> = chart
        .series
        .iter()
        .filter(|s| !is_drawing(&s.name))
        .filter(|s| s.values.iter().any(Option::is_some) || !s.dashes.is_empty())
        .collect();
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
    let cats: Vec<(i32, Option<Measure>)> = cats.into_iter().flatten().collect();
    let performance = plan_year.map(|y| y - 2);
    let mut notes = Vec::new();
    let relabel_note = |s: &Series, notes: &mut Vec<String>| {
        for (i, bar, shown) in &s.relabelled {
            let cat =
                chart.categories.get(*i).map_or(String::new(), |c| c.split_whitespace().collect::<Vec<_>>().join(" "));
            notes.push(format!(
                "the bar for {cat} is drawn at {} but labelled {}; the label is imported",
                crate::model::fmt_number(*bar),
                crate::model::fmt_number(*shown)
            ));
        }
    };
    // The measures: (name, the series that fill it, each with the measure its name says).
    let mut measures: Vec<(String, Vec<Member>)> = Vec::new();
    if cats.iter().all(|c| c.1.is_some()) {
        // Each bar says its measure ("2022 (actual)" … "2026 (planned)"): each series is a measure.
        for s in &series {
            measures.push((s.name.split_whitespace().collect::<Vec<_>>().join(" "), vec![(*s, None)]));
        }
    } else {
        let named: Vec<SeriesName> = series.iter().map(|s| series_name(&s.name)).collect();
        let (with, without): (Vec<usize>, Vec<usize>) = (0..series.len()).partition(|&i| named[i].measure.is_some());
        if with.is_empty() {
            notes.push(format!(
                "the chart's series ({}) do not say which is planned and which actual; its values are not imported",
                names(&series)
            ));
            return (Vec::new(), notes);
        }
        if !without.is_empty() {
            let skipped: Vec<&Series> = without.iter().map(|&i| series[i]).collect();
            notes.push(format!(
                "the chart's series {} say neither planned nor actual; {} not imported",
                names(&skipped),
                if skipped.len() == 1 { "it is" } else { "they are" }
            ));
        }
        let kept: Vec<SeriesName> = with.iter().map(|&i| series_name(&series[i].name)).collect();
        let Some(groups) = pair(&kept) else {
            let kept_series: Vec<&Series> = with.iter().map(|&i| series[i]).collect();
            notes.push(format!(
                "the chart's series ({}) do not pair as one planned and one actual series per measure; its values are not imported",
                names(&kept_series)
            ));
            return (Vec::new(), notes);
        };
        for g in groups {
            let shown = kept[g[0]].shown.clone();
            measures.push((shown, g.iter().map(|&k| (series[with[k]], kept[k].measure)).collect()));
        }
    }
    let several = measures.len() > 1;
    let mut out = Vec::new();
    for (name, members) in measures {
        let mut points = Points::default();
        for (s, m) in &members {
            if let Err(year) = points.fill(s, &cats, *m) {
                notes.push(format!(
                    "the chart shows two values for {year} in series “{}”; its values are not imported",
                    crate::yaml::shorten(&s.name, 40)
                ));
                return (Vec::new(), notes);
            }
            relabel_note(s, &mut notes);
        }
        let data = points.into_data(loc, performance);
        if data.is_empty() {
            continue;
        }
        out.push(FigureSeries { name: several.then_some(name), data });
    }
    (out, notes)
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
        let (series, notes) = to_series(&Ok(chart), &Loc::default(), Some(2025));
        assert!(notes.is_empty(), "{notes:?}");
        let [one] = series.as_slice() else { panic!("{series:?}") };
        assert_eq!(one.name, None);
        let got: Vec<(i32, Option<f64>, Option<f64>)> = one
            .data
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
        let (series, _) = to_series(&Ok(chart.clone()), &Loc::default(), Some(2026));
        assert_eq!(series[0].data.len(), 2);
        assert_eq!(series[0].data[1].planned.as_ref().unwrap().value, 5.0);
        // Two series over categories that say their measure: two measures, each named.
        let mut two = chart.clone();
        two.series.push(Series { name: "Other ".into(), values: vec![Some(1.0), None], ..Series::default() });
        let (series, notes) = to_series(&Ok(two), &Loc::default(), Some(2026));
        assert!(notes.is_empty(), "{notes:?}");
        let names: Vec<Option<&str>> = series.iter().map(|s| s.name.as_deref()).collect();
        assert_eq!(names, [Some("Column1"), Some("Other")]);
        assert_eq!(series[1].data[0].actual.as_ref().unwrap().value, 1.0);
        let pie = Chart { kind: "pieChart".into(), categories: vec!["Posts".into()], ..chart };
        assert!(to_series(&Ok(pie), &Loc::default(), Some(2026)).1[0].contains("not years"));
    }

    #[test]
    fn labels_and_formats() {
        assert_eq!(label_number("18 217a"), Some(18217.0));
        assert_eq!(label_number("3 500"), Some(3500.0));
        assert_eq!(label_number("abc"), None);
        assert!(zero_is_dash(r#"_(* #\ ##0_);_(* \(#\ ##0\);_(* "-"??_);_(@_)"#));
        assert!(!zero_is_dash("General"));
        let n = series_name("Countries  (planned) ");
        assert_eq!((n.shown.as_str(), n.key.as_str(), n.measure), ("Countries", "countries", Some(Measure::Planned)));
        assert_eq!(series_name("actuals").measure, Some(Measure::Actual));
        assert_eq!(series_name("Column1").measure, None);
        let n = series_name("Planned number of fellows (cumulative)");
        assert_eq!((n.shown.as_str(), n.measure), ("Number of fellows (cumulative)", Some(Measure::Planned)));
        assert_eq!(category("2024 (actual)s"), Some((2024, Some(Measure::Actual))));
    }

    fn years(names: &[&str], values: &[&[Option<f64>]]) -> Chart {
        Chart {
            kind: "barChart".into(),
            categories: ["2022", "2023", "2024", "2025", "2026"].map(String::from).to_vec(),
            series: names
                .iter()
                .zip(values)
                .map(|(n, v)| Series { name: (*n).into(), values: v.to_vec(), ..Series::default() })
                .collect(),
        }
    }

    fn got(s: &FigureSeries) -> Vec<(i32, Option<f64>, Option<f64>)> {
        s.data
            .iter()
            .map(|p| (p.year, p.planned.as_ref().map(|v| v.value), p.actual.as_ref().map(|v| v.value)))
            .collect()
    }

    #[test]
    fn several_measures_each_a_planned_and_an_actual_series() {
        // Figure 15.III of A/80/6 (Sect. 15): cities and countries, each planned and actual.
        let chart = years(
            &["Countries (planned)", "Countries (actual)", "Cities (planned)", "Cities (actual) ", "Dividers"],
            &[
                &[Some(2.0), Some(4.0), Some(6.0), Some(8.0), Some(10.0)],
                &[Some(1.0), Some(3.0), Some(7.0), None, None],
                &[None, None, Some(3.0), Some(6.0), Some(17.0)],
                &[Some(0.0), Some(0.0), Some(14.0), None, None],
                &[Some(1.0), Some(1.0), Some(1.0), Some(1.0), Some(1.0)],
            ],
        );
        let (series, notes) = to_series(&Ok(chart), &Loc::default(), Some(2026));
        assert!(notes.is_empty(), "{notes:?}");
        let names: Vec<Option<&str>> = series.iter().map(|s| s.name.as_deref()).collect();
        assert_eq!(names, [Some("Countries"), Some("Cities")]);
        assert_eq!(
            got(&series[1]),
            [
                (2022, None, Some(0.0)),
                (2023, None, Some(0.0)),
                (2024, Some(3.0), Some(14.0)),
                (2025, Some(6.0), None),
                (2026, Some(17.0), None)
            ]
        );
    }

    #[test]
    fn series_pair_by_their_order_when_their_names_differ() {
        // Figure 30.III of A/80/6: "Number of recommendations accepted (planned)" beside
        // "Recommendations accepted (actual)"; "Planned number of …" / "Actual number of …".
        let v: &[Option<f64>] = &[Some(1.0), Some(2.0), Some(3.0), Some(4.0), Some(5.0)];
        let chart = years(
            &[
                "Number of recommendations accepted (planned)",
                "Recommendations accepted (actual)",
                "Planned number of countries",
                "Actual number of countries",
            ],
            &[v, v, v, v],
        );
        let (series, notes) = to_series(&Ok(chart), &Loc::default(), Some(2026));
        assert!(notes.is_empty(), "{notes:?}");
        let names: Vec<Option<&str>> = series.iter().map(|s| s.name.as_deref()).collect();
        assert_eq!(names, [Some("Number of recommendations accepted"), Some("Number of countries")]);
        // Two planned series of one measure, and a series that says neither: not imported, said.
        let chart = years(&["Women (planned)", "Women (planned)", "TOTAL"], &[v, v, v]);
        let (series, notes) = to_series(&Ok(chart), &Loc::default(), Some(2026));
        assert!(series.is_empty());
        assert!(notes[0].contains("“TOTAL” say neither planned nor actual"), "{notes:?}");
        assert!(notes[1].contains("do not pair"), "{notes:?}");
    }

    #[test]
    fn panels_repeat_the_years() {
        // Two panels over the same years (a "Dividers" series between them): each measure fills
        // its own panel; a year shown twice with two values in one series is not guessed.
        let mut chart = years(&["Videos (planned)", "Videos (actual)"], &[&[], &[]]);
        chart.categories = ["2024", "2025", "2024", "2025"].map(String::from).to_vec();
        chart.series[0].values = vec![Some(5.0), Some(6.0), None, None];
        chart.series[1].values = vec![Some(4.0), None, None, None];
        let (series, notes) = to_series(&Ok(chart.clone()), &Loc::default(), Some(2026));
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(got(&series[0]), [(2024, Some(5.0), Some(4.0)), (2025, Some(6.0), None)]);
        chart.series[1].values = vec![Some(4.0), None, Some(9.0), None];
        let (series, notes) = to_series(&Ok(chart), &Loc::default(), Some(2026));
        assert!(series.is_empty());
        assert!(notes[0].contains("two values for 2024"), "{notes:?}");
    }
}
