//! P014 figure-statement: what a paragraph says about a result must agree with the figure that
//! shows it.
//!
//! Results are reported in a fixed form: "The programme's work contributed to 24 national
//! agencies becoming authorized users …, which did not meet the planned target of 27", followed by
//! the figure with the planned and actual values. The paragraph and the figure are drafted
//! separately, and they drift apart.

use crate::diagnostic::Severity;
use crate::model::fmt_number as fmt;
use crate::model::{Element, ElementKind, Figure, Plan};
use crate::rules::{Context, Rule};
use regex::Regex;
use std::sync::LazyLock;

pub static RULE: Rule = Rule {
    code: "P014",
    name: "figure-statement",
    severity: Severity::Error,
    summary: "What a paragraph says about a result (the number achieved, the target, met or not) disagrees with its figure.",
    docs: include_str!("../../rules/figure-statement.md"),
};

pub(super) const CHECK: super::Check = check;

/// Longest first, so that "seventeen" is not read as "seven".
const NUMBER_WORDS: &str = r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|zero|one|two|three|four|five|six|seven|eight|nine|ten";

/// "…, which did not meet the planned target of 27", "which exceeded the target of a total of
/// seventeen", "which met the planned target".
static STATEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(did\s+not\s+meet|has\s+not\s+met|was\s+below|met|exceeded|surpassed)\s+(?:the\s+|its\s+)?(?:planned\s+|annual\s+)?target(?:\s+of\s+(?:a\s+total\s+of\s+)?(?P<target>[0-9][0-9,]*(?:\.[0-9]+)?|(?:{NUMBER_WORDS})(?:[-\s](?:{NUMBER_WORDS}))*)(?:\s+per\s*cent|%)?)?"
    ))
    .unwrap()
});

/// "… target of four for a total of eight", "…, bringing the total to 12": the total after an
/// increment.
static TOTAL_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\s*,?\s*(?:for\s+a\s+total\s+of|bringing\s+(?:the|its)\s+total\s+to)\s+([0-9][0-9,]*(?:\.[0-9]+)?|(?:{NUMBER_WORDS})(?:-(?:{NUMBER_WORDS}))?)(?-u:\b)"
    ))
    .unwrap()
});

/// A number in the text: digits or words ("47", "1,200", "seventeen", "twenty-five").
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)(?:[0-9][0-9,]*(?:\.[0-9]+)?|(?:{NUMBER_WORDS})(?:-(?:{NUMBER_WORDS}))?)(?-u:\b)"
    ))
    .unwrap()
});

/// "seventeen" → 17, "twenty-five" → 25, "1,200" → 1200.
fn number_value(s: &str) -> Option<f64> {
    let s = s.trim().to_lowercase();
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        return s.replace(',', "").parse().ok();
    }
    let word = |w: &str| -> Option<f64> {
        let units = [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ];
        if let Some(i) = units.iter().position(|u| *u == w) {
            return Some(i as f64);
        }
        let tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
        tens.iter().position(|t| *t == w).map(|i| (i as f64 + 2.0) * 10.0)
    };
    let mut total = 0.0;
    for part in s.split(['-', ' ']).filter(|p| !p.is_empty()) {
        if part == "hundred" {
            total = if total == 0.0 { 100.0 } else { total * 100.0 };
        } else {
            total += word(part)?;
        }
    }
    Some(total)
}

const STOP: &[&str] = &[
    "the", "and", "for", "with", "that", "from", "into", "their", "which", "were", "have", "this", "more", "than",
    "total", "other", "such", "also", "each", "over", "under", "being", "been",
];

fn stem(w: &str) -> String {
    let w = w.to_lowercase();
    let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
    w.strip_suffix("ies").map(|s| format!("{s}y")).unwrap_or_else(|| w.strip_suffix('s').unwrap_or(w).to_owned())
}

/// Whether the words after a number name what the figure counts ("47 country-level activities"
/// for "Number of annual country-level activities …").
fn names_the_measure(after: &str, title: &str) -> bool {
    let title_words: Vec<String> = title.split_whitespace().map(stem).collect();
    after
        .split_whitespace()
        .take(4)
        .map(stem)
        .filter(|w| w.chars().count() >= 4 && !STOP.contains(&w.as_str()))
        .any(|w| title_words.contains(&w))
}

/// The figure a paragraph's statement is about: the next figure, before any heading or table.
fn figure_after<'p, 'a>(plan: &'p Plan<'a>, index: usize) -> Option<(&'p Element<'a>, &'p Figure<'a>)> {
    for e in &plan.body[index + 1..] {
        match &e.kind {
            ElementKind::Figure(f) => return Some((e, f)),
            ElementKind::Paragraph(_) | ElementKind::Prose(_) | ElementKind::Footnote(_) | ElementKind::Omitted(_) => {}
            _ => return None,
        }
    }
    None
}

fn check(plan: &Plan<'_>, cx: &mut Context<'_>) {
    let Some(year) = plan.meta.performance_year() else { return };
    for element in &plan.body {
        let ElementKind::Paragraph(p) = &element.kind else { continue };
        let Some(text) = &p.text else { continue };
        let statements: Vec<_> = STATEMENT.captures_iter(text.value).collect();
        // Two results in one paragraph: which figure each is about is not clear.
        if statements.len() != 1 {
            continue;
        }
        let Some((fig_el, fig)) = figure_after(plan, element.index) else { continue };
        // A chart of several measures: which one the paragraph speaks of is not sure.
        let [series] = fig.series.as_slice() else { continue };
        let Some(point) = series.data.iter().find(|d| d.year.is_some_and(|y| y.value == year)) else { continue };
        let (planned, actual) = (point.planned.map(|v| v.value), point.actual.map(|v| v.value));
        let c = &statements[0];
        let figure = fig_el.describe();
        let here = element.describe();
        // "the planned target of four additional members": an increment, not the figure's total;
        // "the planned target of four for a total of eight": the increment, then the total.
        let target_match: Option<(&str, std::ops::Range<usize>)> =
            c.name("target").map(|m| match TOTAL_AFTER.captures(&text.value[m.end()..]).and_then(|t| t.get(1)) {
                Some(g) => {
                    let r = m.end() + g.start()..m.end() + g.end();
                    (&text.value[r.clone()], r)
                }
                None => (m.as_str(), m.range()),
            });
        let target_is_increment = target_match.as_ref().is_some_and(|(_, r)| increment(&text.value[r.end..]));
        let stated_target = target_match
            .filter(|_| !target_is_increment)
            .and_then(|(w, r)| Stated::of(w, &text.value[r.end..]).map(|v| (v, r)));
        if let (Some((n, range)), Some(planned)) = (&stated_target, planned.filter(|p| *p > 0.0))
            && !n.is(planned)
        {
            let n = &n.value;
            let d = cx
                .at_text(
                    &RULE,
                    text,
                    range.clone(),
                    format!(
                        "{here} says the planned target was {}, but {figure} shows a {year} target of {}",
                        fmt(*n),
                        fmt(planned)
                    ),
                )
                .with_span_label(format!("{figure}: {}", fmt(planned)))
                .with_label(point.planned.unwrap().node.report_span(), format!("{year} planned"))
                .with_help("make the paragraph and the figure give the same target");
            cx.push(d);
        }
        let target = planned.or(stated_target.map(|t| t.0.value)).filter(|t| *t > 0.0);
        let verb = c.get(1).unwrap();
        let said = verb.as_str().to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
        let title = fig.title.map_or("", |t| t.value);
        if let (Some(a), Some(t)) = (actual, target) {
            // For a measure where less is better (claims outstanding, time taken), exceeding a
            // target means staying below it.
            // The sentence of the statement, up to its verb: "… contributed to a reduction in …".
            let sentence = &text.value[text.value[..verb.start()].rfind(". ").map_or(0, |i| i + 2)..verb.start()];
            let Some(lower_better) =
                lower_is_better(title).and_then(|l| if l { Some(true) } else { lowered(sentence, series) })
            else {
                continue;
            };
            let (better, worse) = if lower_better { (a < t, a > t) } else { (a > t, a < t) };
            let (agrees, claim) = match said.as_str() {
                "exceeded" | "surpassed" => (better, "exceeded"),
                "met" => (!worse, "met"),
                _ => (worse, "did not meet"),
            };
            if !agrees {
                let d = cx
                    .at_text(
                        &RULE,
                        text,
                        verb.range(),
                        format!(
                            "{here} says the result {claim} the target, but {figure} shows {year} actual {} against a target of {}{}",
                            fmt(a),
                            fmt(t),
                            if lower_better { " (a measure where less is better)" } else { "" }
                        ),
                    )
                    .with_help("correct the paragraph or the figure's values");
                cx.push(d);
            }
        }
        // The number achieved: a number before "…, which" followed by words naming what the
        // figure counts ("47 country-level activities"). Any such number giving the figure's
        // value is agreement; a single one that does not is a finding.
        let Some(actual_value) = point.actual else { continue };
        let clause_start = text.value[..verb.start()].rfind(". ").map_or(0, |i| i + 2);
        let clause = &text.value[clause_start..verb.start()];
        // For a cumulative measure, the paragraph may give the year's increase.
        let previous = series
            .data
            .iter()
            .find(|d| d.year.is_some_and(|y| y.value == year - 1))
            .and_then(|d| d.actual.map(|v| v.value));
        let agrees = |v: &Stated| {
            v.is(actual_value.value) || (series.cumulative && previous.is_some_and(|p| v.is(actual_value.value - p)))
        };
        let numbers: Vec<_> = NUMBER
            .find_iter(clause)
            .filter(|m| {
                let v = m.as_str();
                let before = clause[..m.start()].trim_end().to_lowercase();
                let year_like = v.len() == 4 && (v.starts_with("19") || v.starts_with("20"));
                !year_like && !before.ends_with('/') && !clause[m.end()..].starts_with('/')
            })
            .filter_map(|m| Stated::of(m.as_str(), &clause[m.end()..]).map(|v| (m, v)))
            .collect();
        // Any number of the clause giving the figure's value ("for a total of 95") is agreement.
        if numbers.iter().any(|(_, v)| agrees(v)) {
            continue;
        }
        let candidates: Vec<_> = numbers
            .into_iter()
            .filter(|(m, _)| {
                let before = clause[..m.start()].trim_end().to_lowercase();
                let after = &clause[m.end()..];
                !before.ends_with("goal")
                    && !before.ends_with("resolution")
                    && !before.ends_with("additional")
                    && !before.ends_with("another")
                    && !increment(after)
                    && names_the_measure(after, title)
            })
            .collect();
        if candidates.len() != 1 {
            continue;
        }
        let (m, _) = &candidates[0];
        let after = &clause[m.end()..];
        let range = clause_start + m.start()..clause_start + m.end();
        let d = cx
            .at_text(
                &RULE,
                text,
                range,
                format!(
                    "{here} says {} {}, but {figure} shows a {year} actual of {}",
                    m.as_str(),
                    noun(after),
                    fmt(actual_value.value)
                ),
            )
            .with_span_label(format!("{figure}: {}", fmt(actual_value.value)))
            .with_label(actual_value.node.report_span(), format!("{year} actual"))
            .with_help("make the paragraph and the figure give the same result");
        cx.push(d);
    }
}

/// The words after a number, up to three and up to a comma: "country-level activities".
fn noun(after: &str) -> String {
    let mut words = Vec::new();
    for w in after.split_whitespace().take(3) {
        if !words.is_empty() && matches!(w, "to" | "in" | "for" | "of" | "by" | "with" | "through" | "which" | "and") {
            break;
        }
        let end = w.ends_with(',');
        words.push(w.trim_end_matches(','));
        if end {
            break;
        }
    }
    words.join(" ")
}

/// "two additional countries", "five more", "three new": a change, not the figure's level.
fn increment(after: &str) -> bool {
    let first = after.split_whitespace().next().unwrap_or("").to_lowercase();
    matches!(first.trim_matches(|c: char| !c.is_alphanumeric()), "additional" | "more" | "new" | "further" | "other")
}

/// A number as the text writes it: its value, how many decimals it gives, and the scale a word
/// after it names ("1.1 million").
#[derive(Clone, Copy, Debug)]
struct Stated {
    value: f64,
    decimals: i32,
    scale: Option<f64>,
}

impl Stated {
    fn of(written: &str, after: &str) -> Option<Stated> {
        let value = number_value(written)?;
        let decimals = written.split_once('.').map_or(0, |(_, d)| d.chars().filter(char::is_ascii_digit).count());
        let word = after.split_whitespace().next().unwrap_or("").to_lowercase();
        let scale = match word.trim_matches(|c: char| !c.is_alphabetic()) {
            "thousand" => Some(1e3),
            "million" => Some(1e6),
            "billion" => Some(1e9),
            _ => None,
        };
        Some(Stated { value, decimals: decimals.min(6) as i32, scale })
    }

    /// Whether `value` is what the text says: equal as printed ("33 per cent" for 32.7, "18.217
    /// million" for 18,217 thousand), or the value rounded to the text's precision ("79.8 per
    /// cent" for 79.81; "over 1.1 million" for 1,142,727; "14.6 million" for 14.62 in a chart of
    /// millions).
    fn is(&self, value: f64) -> bool {
        let round = |v: f64| {
            let k = 10f64.powi(self.decimals);
            (v * k).round() / k
        };
        let rounded = |v: f64| (round(v) - self.value).abs() <= 1e-9 * self.value.abs().max(1.0);
        same(self.value, value) || rounded(value) || self.scale.is_some_and(|k| rounded(value / k))
    }
}

/// Equal as printed: rounded to a whole number ("33 per cent" for 32.7) or in thousands or
/// millions ("18.217 million" for 18,217 thousand).
fn same(stated: f64, value: f64) -> bool {
    let close = |a: f64, b: f64| {
        (a - b).abs() <= 1e-6 * b.abs().max(1.0)
            || (a.fract() == 0.0 && b.round() == a)
            || (b.fract() == 0.0 && a.round() == b)
    };
    [1.0, 1e3, 1e6, 1e-3, 1e-6].iter().any(|k| close(stated * k, value))
}

/// Whether less is better for this measure: `Some(true)` when its title starts so ("reduced
/// number of unprocessed claims", "average number of days"), `Some(false)` when nothing in it
/// suggests so, `None` when such words come later in the title ("countries that reduce
/// emissions", "birth intervals of less than 36 months"): then which way is better is not clear.
/// Falling targets alone do not say it: a programme may plan fewer of something for other reasons.
fn lower_is_better(title: &str) -> Option<bool> {
    static LOWER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:reduc\w*|decreas\w*|less\s+than|fewer|lower|backlog|outstanding|unprocessed|pending|delay\w*|time\s+taken|average\s+time|average\s+(?:number\s+of\s+)?days|turnaround|vacancy|unrepresented|underrepresented)\b")
            .unwrap()
    });
    let measure = title.split_once(':').map_or(title, |(_, m)| m).trim();
    let Some(m) = LOWER.find(measure) else { return Some(false) };
    let words_before = measure[..m.start()].split_whitespace().count();
    if words_before <= 3 { Some(true) } else { None }
}

/// For a measure whose title says nothing of which way is better: whether the plan and the
/// paragraph both say lower is better — targets that fall year after year, and a paragraph that
/// speaks of a reduction in the sentence of its statement ("… contributed to a reduction in the
/// number of claims requiring rectification to 62 damage claims, which exceeded …"). One without
/// the other leaves it unclear (`None`): targets may fall because resources do. Neither: higher
/// is better.
fn lowered(sentence: &str, series: &crate::model::Series<'_>) -> Option<bool> {
    static SAYS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\b(?:reduc\w*|decreas\w*|fewer|lower(?:ed|ing)?)\b").unwrap());
    let mut planned: Vec<(i32, f64)> =
        series.data.iter().filter_map(|p| Some((p.year?.value, p.planned?.value))).collect();
    planned.sort_by_key(|p| p.0);
    let falls = planned.len() >= 2
        && planned.windows(2).all(|w| w[1].1 <= w[0].1)
        && planned.last().map(|p| p.1) < planned.first().map(|p| p.1);
    match (falls, SAYS.is_match(sentence)) {
        (true, true) => Some(true),
        (false, false) => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{findings, plan};

    #[test]
    fn numbers_in_words_and_digits() {
        assert_eq!(number_value("seventeen"), Some(17.0));
        assert_eq!(number_value("twenty-five"), Some(25.0));
        assert_eq!(number_value("1,200"), Some(1200.0));
        assert_eq!(number_value("one hundred"), Some(100.0));
        assert!(names_the_measure(
            "country-level activities to fast-track",
            "Number of annual country-level activities"
        ));
        assert!(!names_the_measure("countries (Burkina Faso", "Number of Member States that have adopted"));
    }

    fn with_figure(text: &str, data: &str) -> String {
        plan(&format!(
            "  - paragraph: \"16.48\"\n    text: {text}\n  - paragraph: \"16.49\"\n    text: Progress is shown below (see figure 16.4).\n  \
             - figure: \"16.4\"\n    title: Number of annual country-level activities to fast-track implementation\n    data:\n{data}"
        ))
    }

    #[test]
    fn statements_against_the_figure() {
        let data = "      - {year: 2020, actual: 20}\n      - {year: 2021, planned: 31, actual: 47}\n";
        let ok = with_figure(
            "The work supported 47 country-level activities, which exceeded the planned target of 31.",
            data,
        );
        assert_eq!(findings(&RULE, &ok), Vec::<String>::new());
        let bad = with_figure(
            "The work supported 45 country-level activities, which did not meet the planned target of 30.",
            data,
        );
        assert_eq!(
            findings(&RULE, &bad),
            [
                "8:30 paragraph 16.48 says 45 country-level activities, but figure 16.4 shows a 2021 actual of 47",
                "8:65 paragraph 16.48 says the result did not meet the target, but figure 16.4 shows 2021 actual 47 against a target of 31",
                "8:100 paragraph 16.48 says the planned target was 30, but figure 16.4 shows a 2021 target of 31",
            ]
        );
    }

    #[test]
    fn unrelated_numbers_and_figures_without_the_year_are_left_alone() {
        let data = "      - {year: 2021, planned: 17, actual: 14}\n";
        let text = "It supported three countries (Mali and Chad) in adopting laws, which did not meet the planned target of seventeen.";
        assert_eq!(findings(&RULE, &with_figure(text, data)), Vec::<String>::new());
        let other_year = "      - {year: 2020, planned: 1, actual: 9}\n";
        let text = "It supported 2 country-level activities, which met the planned target of 5.";
        assert_eq!(findings(&RULE, &with_figure(text, other_year)), Vec::<String>::new());
    }

    #[test]
    fn rounded_to_the_text_scaled_and_totals_after_an_increment() {
        // A/81/6 (Sect. 26), paragraph 26.51: 79.8 per cent for 79.81; (Sect. 3), 3.I.64: "over
        // 1.1 million" for 1,142,727; (Sect. 21), 21.29: "the planned target of four for a total
        // of eight" against a cumulative target of 8.
        let data = "      - {year: 2021, planned: 85, actual: 79.81}\n";
        let text = "It reached 79.8 per cent of country-level activities, which did not meet the planned target of 85.";
        assert_eq!(findings(&RULE, &with_figure(text, data)), Vec::<String>::new());
        let data = "      - {year: 2021, planned: 1860000, actual: 1142727}\n";
        let text = "It reached over 1.1 million country-level activities, which did not meet the planned target of 1.86 million.";
        assert_eq!(findings(&RULE, &with_figure(text, data)), Vec::<String>::new());
        let text =
            "It reached 1.3 million country-level activities, which did not meet the planned target of 1.86 million.";
        assert_eq!(
            findings(&RULE, &with_figure(text, data)),
            [
                "8:22 paragraph 16.48 says 1.3 million country-level activities, but figure 16.4 shows a 2021 actual of 1142727"
            ]
        );
        let data = "      - {year: 2020, actual: 4}\n      - {year: 2021, planned: 8, actual: 6}\n";
        let text = "It added two new country-level activities, which did not meet the planned target of four for a total of eight.";
        assert_eq!(findings(&RULE, &with_figure(text, data)), Vec::<String>::new());
    }

    #[test]
    fn lower_is_better_when_the_plan_and_the_sentence_both_say_so() {
        // A/81/6 (Sect. 3), paragraph 3.III.15: claims requiring rectification, targets 100, 80, 60.
        let data = "      - {year: 2020, actual: 160}\n      - {year: 2021, planned: 100, actual: 62}\n      \
                    - {year: 2022, planned: 80}\n      - {year: 2023, planned: 60}\n";
        let text = "It contributed to a reduction in country-level activities to 62, which exceeded the planned target of 100.";
        assert_eq!(findings(&RULE, &with_figure(text, data)), Vec::<String>::new());
        // (Sect. 16), 16.36: targets fall with resources; the sentence does not speak of a
        // reduction: which way is better is not clear, so no finding either way.
        let text =
            "It implemented 24 country-level activities, which exceeded the planned target of 100. Resources decrease.";
        assert!(findings(&RULE, &with_figure(text, data)).iter().all(|f| !f.contains("says the result")));
    }
}
