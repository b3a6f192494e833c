//! P003 cross-reference: "see figure 16.3" must name the table or figure that exists and follows.

use crate::diagnostic::{Applicability, Severity};
use crate::model::{Element, ElementKind, Number, Plan, Text, parse_roman, to_roman};
use crate::rules::{Context, Rule};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

pub static RULE: Rule = Rule {
    code: "P003",
    name: "cross-reference",
    severity: Severity::Error,
    summary: "A reference to a table or figure names one that does not exist or is not the one that follows.",
    docs: include_str!("../../rules/cross-reference.md"),
};

pub(super) const CHECK: super::Check = check;

/// One number as written: "16.4", "18.XX", "16B.3", "A.1", "I", "58", and the misprints "1. XV"
/// (a space after the stop) and "16.B.3".
const NUM: &str = r"(?:(?:\d+[A-Z]?|[A-Z]|[IVXL]+)(?:\.\s?(?:\d+|[IVXLC]+|[A-Z]))+|\d+|[IVXLC]+)(?-u:\b)";

/// "table 16.4", "figures 16.2 and 16.3", "tables 18.39 to 18.41", "figure I", "table 58".
static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?-u:\b)((?i:table|figure))(?i:s)?\s+({NUM}(?:\s*(?:,|and|to|–|-)\s*{NUM})*)")).unwrap()
});
static NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(NUM).unwrap());
static EXTERNAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^,?\s+(?:of|in)\s+(?:the\s+)?(?:document\s+|report\s+)?[A-Z]+/").unwrap());
/// Words just before a reference that point back: "see above, table 16.2", "the previous table 16.2".
static ABOVE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:above|previous|preceding)\s*(?:[(,:]\s*)?(?:(?:see|in|at)\s+)?(?:the\s+)?$").unwrap()
});
/// Words just after a reference that point back: "table 16.2 above", "table 16.23 (1) above".
static ABOVE_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*(?:\(\s*\d+\s*\)\s*)?(?:above|earlier)\b").unwrap());
/// "below" just before a reference: "the performance measure below (see figure 16.3)", "as
/// shown below in table 16.3".
static BELOW_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bbelow\s*(?:[(,:]\s*)?(?:(?:see|in|at)\s+)?(?:also\s+)?(?:the\s+)?$").unwrap());
/// Words just after a reference that present what follows: "Table 16.8 lists", "table 16.1 below shows".
static PRESENTS_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:\(\s*\d+\s*\)\s*)?(?:below\s+)?(?:lists|shows|presents|provides|sets\s+out|summarizes)\b")
        .unwrap()
});
/// "below" just after a reference: "as provided in table 6 below" (somewhere further on).
static BELOW_AFTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^\s*(?:\(\s*\d+\s*\)\s*)?below\b").unwrap());
/// "see" just before a reference: "(see table 16.4)", "see also figure 16.2".
static SEE_BEFORE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bsee(?:\s+also)?\s*$").unwrap());

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Table,
    Figure,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Table => "table",
            Kind::Figure => "figure",
        }
    }

    fn other(self) -> Kind {
        match self {
            Kind::Table => Kind::Figure,
            Kind::Figure => Kind::Table,
        }
    }

    fn number<'a>(self, e: &'a Element<'a>) -> Option<&'a Number<'a>> {
        match (&e.kind, self) {
            (ElementKind::Table(t), Kind::Table) => t.number.as_ref(),
            (ElementKind::Figure(f), Kind::Figure) => f.number.as_ref(),
            _ => None,
        }
    }

    fn omitted(self, e: &Element<'_>, n: &str) -> bool {
        let ElementKind::Omitted(o) = &e.kind else { return false };
        let range = match self {
            Kind::Table => &o.tables,
            Kind::Figure => &o.figures,
        };
        let (prefix, seq) = n.rsplit_once('.').unwrap_or(("", n));
        range.as_ref().zip(seq.parse().ok()).is_some_and(|(r, s)| r.contains(prefix, s))
    }
}

/// A number's parts, whatever separates them: "16B.3" and "16.B.3" are both 16 › B › 3, "1. XV"
/// is 1 › XV.
fn parts(n: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut digits = None;
    for c in n.chars() {
        if c == '.' || c.is_whitespace() {
            digits = None;
            continue;
        }
        let d = c.is_ascii_digit();
        match (out.last_mut(), digits) {
            (Some(last), Some(was)) if was == d => last.push(c),
            _ => out.push(c.to_string()),
        }
        digits = Some(d);
    }
    out
}

fn key(parts: &[String]) -> String {
    parts.join(".")
}

/// The same number with its last part in the other numeral system: "4.1" ↔ "4.I".
fn other_numerals(parts: &[String]) -> Option<String> {
    let (last, head) = parts.split_last()?;
    let swapped = match last.parse::<u32>() {
        Ok(n) if n > 0 => to_roman(n),
        _ => parse_roman(last)?.to_string(),
    };
    Some(key(&[head, &[swapped]].concat()))
}

/// The captions of one kind: where each is, by its exact number and by its parts.
#[derive(Default)]
struct Captions<'p> {
    /// (body index, number) in document order.
    order: Vec<(usize, &'p Number<'p>)>,
    exact: HashMap<&'p str, Vec<usize>>,
    by_key: HashMap<String, &'p Number<'p>>,
}

impl<'p> Captions<'p> {
    fn of(plan: &'p Plan<'p>, kind: Kind) -> Self {
        let mut c = Captions::default();
        for e in &plan.body {
            if let Some(n) = kind.number(e) {
                c.order.push((e.index, n));
                c.exact.entry(n.as_str()).or_default().push(e.index);
                c.by_key.entry(key(&parts(n.as_str()))).or_insert(n);
            }
        }
        c
    }

    /// The `nth` caption after body item `at` (0: the first).
    fn next(&self, at: usize, nth: usize) -> Option<&'p Number<'p>> {
        let i = self.order.partition_point(|(e, _)| *e <= at);
        self.order.get(i + nth).map(|(_, n)| *n)
    }

    /// Whether a caption's number is misprinted ("18.XXLIII"): a reference that names no caption
    /// may mean it, so it is not reported (P004 reports the caption).
    fn misprinted(&self, prefix_of: &str) -> bool {
        self.order.iter().any(|(_, n)| {
            let n = n.as_str();
            let last = n.rsplit('.').next().unwrap_or(n);
            prefix(n) == prefix_of && last.parse::<u32>().is_err() && parse_roman(last).is_none()
        })
    }

    /// The last caption before body item `at`.
    fn previous(&self, at: usize) -> Option<&'p Number<'p>> {
        let i = self.order.partition_point(|(e, _)| *e < at);
        i.checked_sub(1).map(|i| self.order[i].1)
    }

    /// Whether caption `n` comes after body item `at`.
    fn later(&self, n: &str, at: usize) -> bool {
        self.exact.get(n).is_some_and(|v| v.iter().any(|&e| e > at))
    }

    /// The caption a number written in another form stands for, when no caption of either kind
    /// has its parts: the other numerals ("4.1" for 4.I), or a letter for a digit in the
    /// section's number ("I.150" for 1.150).
    fn written_otherwise(&self, written: &[String], section: Option<&str>) -> Option<&'p Number<'p>> {
        if let Some(n) = other_numerals(written).and_then(|k| self.by_key.get(&k)) {
            return Some(n);
        }
        let (first, rest) = written.split_first()?;
        let digits: String = first
            .chars()
            .map(|c| {
                if matches!(c, 'I' | 'l') {
                    '1'
                } else if c == 'O' {
                    '0'
                } else {
                    c
                }
            })
            .collect();
        if digits != *first && section == Some(digits.as_str()) {
            return self.by_key.get(&key(&[&[digits], rest].concat())).copied();
        }
        None
    }
}

fn check(plan: &Plan<'_>, cx: &mut Context<'_>) {
    let tables = Captions::of(plan, Kind::Table);
    let figures = Captions::of(plan, Kind::Figure);
    if tables.order.is_empty() && figures.order.is_empty() && !has_references(plan) {
        return;
    }
    let section = plan.meta.section.map(|s| s.as_str().rsplit(' ').next().unwrap_or_default());
    // The prefixes this plan numbers its tables and figures with: "16" in 16.4, "" in "Table 3".
    let mut prefixes: Vec<&str> = tables.order.iter().chain(&figures.order).map(|(_, n)| prefix(n.as_str())).collect();
    prefixes.extend(section);
    prefixes.sort_unstable();
    prefixes.dedup();
    let omitted: Vec<&Element> = plan.body.iter().filter(|e| matches!(e.kind, ElementKind::Omitted(_))).collect();
    let refs = Refs { tables, figures, section, prefixes, omitted };
    for element in &plan.body {
        let texts: Vec<&Text> = match &element.kind {
            ElementKind::Paragraph(p) => p.text.iter().chain(&p.items).collect(),
            ElementKind::Prose(Some(t)) => vec![t],
            _ => continue,
        };
        for text in texts {
            check_text(&refs, cx, element, text);
        }
    }
}

fn has_references(plan: &Plan<'_>) -> bool {
    plan.body.iter().any(|e| matches!(e.kind, ElementKind::Paragraph(_) | ElementKind::Prose(Some(_))))
}

/// The part of a number before its last stop: "16" in "16.4", "" in "58".
fn prefix(n: &str) -> &str {
    n.rsplit_once('.').map_or("", |(p, _)| p.trim())
}

/// What the references of a plan are checked against.
struct Refs<'p> {
    tables: Captions<'p>,
    figures: Captions<'p>,
    section: Option<&'p str>,
    prefixes: Vec<&'p str>,
    omitted: Vec<&'p Element<'p>>,
}

impl<'p> Refs<'p> {
    fn of(&self, kind: Kind) -> &Captions<'p> {
        match kind {
            Kind::Table => &self.tables,
            Kind::Figure => &self.figures,
        }
    }
}

/// What a written number names.
enum Target<'p> {
    /// A caption of the kind, written as it is.
    Exact,
    /// A caption of the kind, written in a form no caption uses.
    Form(&'p Number<'p>),
    /// A caption of the other kind.
    OtherKind(&'p Number<'p>),
    /// Nothing in this plan.
    Missing,
    /// Another document's, another section's, or one an excerpt leaves out: not checked.
    Elsewhere,
}

fn resolve<'p>(refs: &Refs<'p>, kind: Kind, written: &str) -> Target<'p> {
    let own = refs.of(kind);
    if own.exact.contains_key(written) {
        return Target::Exact;
    }
    if refs.omitted.iter().any(|e| kind.omitted(e, written)) {
        return Target::Elsewhere;
    }
    let ps = parts(written);
    if let Some(n) = own.by_key.get(&key(&ps)) {
        return Target::Form(n);
    }
    let other = refs.of(kind.other());
    if let Some(n) = other.by_key.get(&key(&ps)) {
        return Target::OtherKind(n);
    }
    if let Some(n) = own.written_otherwise(&ps, refs.section) {
        return Target::Form(n);
    }
    // "1. XV" that is no caption's number is not read as a reference; nor is a number whose
    // prefix this plan does not use ("table 2.1" in section 16, "table I.16" of a report).
    let p = prefix(written);
    if written.contains(char::is_whitespace) || refs.prefixes.binary_search(&p).is_err() || own.misprinted(p) {
        return Target::Elsewhere;
    }
    Target::Missing
}

fn check_text(refs: &Refs<'_>, cx: &mut Context<'_>, element: &Element<'_>, text: &Text<'_>) {
    // How many references of each kind (tables, figures) in this text introduce what follows.
    let mut introduced = (0usize, 0usize);
    for m in REFERENCE.captures_iter(text.value) {
        let kind = if m[1].eq_ignore_ascii_case("table") { Kind::Table } else { Kind::Figure };
        let list = m.get(2).expect("group 2 always matches");
        let numbers: Vec<_> = NUMBER.find_iter(list.as_str()).collect();
        // "table 2.1 of A/76/6", "figure III in document E/2021/10": another document's.
        if EXTERNAL.is_match(&text.value[list.end()..]) {
            continue;
        }
        let start = m.get(0).map_or(0, |g| g.start());
        let introduces = if numbers.len() == 1 { introduces(text.value, start, list.end()) } else { Introduces::No };
        // "Table 2 provides …, while table 3 provides …": the second introduces the second table.
        let nth = match (introduces, kind) {
            (Introduces::Next | Introduces::See, Kind::Table) => &mut introduced.0,
            (Introduces::Next | Introduces::See, Kind::Figure) => &mut introduced.1,
            _ => &mut 0,
        };
        let this = *nth;
        *nth += 1;
        for n in numbers {
            let range = list.start() + n.start()..list.start() + n.end();
            let number = n.as_str();
            let whole = start..range.end;
            let what = element.describe();
            let d = match resolve(refs, kind, number) {
                Target::Elsewhere => continue,
                Target::Exact => match order(refs, kind, number, element.index, introduces, this) {
                    Order::Fine => continue,
                    Order::NotNext { next, later } => {
                        let mut d = cx
                            .at_text(
                                &RULE,
                                text,
                                range.clone(),
                                format!(
                                    "{what} refers to {k} {number}, but the {k} that follows it is {k} {}{}",
                                    next.as_str(),
                                    if later {
                                        format!(" ({} {number} comes later)", kind.name())
                                    } else {
                                        String::new()
                                    },
                                    k = kind.name(),
                                ),
                            )
                            .with_span_label(format!("should be {}", next.as_str()))
                            .with_label(next.text.node.report_span(), format!("the next {}", kind.name()))
                            .with_help(format!("write “{} {}”", kind.name(), next.as_str()));
                        if later {
                            // It names a table further on: perhaps meant, so a warning, and no fix.
                            d.severity = Severity::Warning;
                        } else if let Some(edit) = cx.text_edit(text, range.clone(), next.as_str()) {
                            // The intended one is unambiguous: the next of its kind.
                            d = d.with_fix(
                                Applicability::Safe,
                                format!("write “{} {}”", kind.name(), next.as_str()),
                                vec![edit],
                            );
                        }
                        d
                    }
                    Order::NotBelow => cx
                        .at_text(
                            &RULE,
                            text,
                            whole,
                            format!(
                                "{what} refers to {k} {number} below, but {k} {number} comes before it",
                                k = kind.name()
                            ),
                        )
                        .with_span_label(format!("{} {number} is above", kind.name()))
                        .with_help(format!("write “above”, or refer to the {} that follows", kind.name())),
                },
                Target::Form(caption) => {
                    let d = cx
                        .at_text(
                            &RULE,
                            text,
                            range.clone(),
                            format!(
                                "{what} refers to {k} {number}, a form no caption uses: the caption reads {k} {}",
                                caption.as_str(),
                                k = kind.name()
                            ),
                        )
                        .with_span_label(format!("should be {}", caption.as_str()))
                        .with_label(caption.text.node.report_span(), format!("{} {}", kind.name(), caption.as_str()))
                        .with_help(format!("write “{} {}”", kind.name(), caption.as_str()));
                    match cx.text_edit(text, range.clone(), caption.as_str()) {
                        Some(edit) => d.with_fix(
                            Applicability::Safe,
                            format!("write “{} {}”", kind.name(), caption.as_str()),
                            vec![edit],
                        ),
                        None => d,
                    }
                }
                Target::OtherKind(o) => {
                    let other = kind.other().name();
                    cx.at_text(
                        &RULE,
                        text,
                        whole,
                        format!("{what} refers to {} {number}, but {} is a {other}", kind.name(), o.as_str()),
                    )
                    .with_label(o.text.node.report_span(), format!("{other} {}", o.as_str()))
                    .with_help(format!(
                        "write “{other} {}”, or number the {} that is meant",
                        o.as_str(),
                        kind.name()
                    ))
                }
                Target::Missing => cx
                    .at_text(
                        &RULE,
                        text,
                        whole,
                        format!("{what} refers to {} {number}, which is not in this plan", kind.name()),
                    )
                    .with_span_label(format!("no {} {number}", kind.name())),
            };
            cx.push(d);
        }
    }
}

/// Whether a reference to an existing caption is where it says.
enum Order<'p> {
    Fine,
    /// It introduces what follows, and what follows is `next`; `later`: the one named comes further on.
    NotNext {
        next: &'p Number<'p>,
        later: bool,
    },
    /// "table 6 below" where table 6 is above.
    NotBelow,
}

fn order<'p>(refs: &Refs<'p>, kind: Kind, number: &str, at: usize, introduces: Introduces, nth: usize) -> Order<'p> {
    let own = refs.of(kind);
    let later = own.later(number, at);
    let is = |n: Option<&Number>| n.is_some_and(|n| n.as_str() == number);
    match introduces {
        Introduces::No => Order::Fine,
        Introduces::Later if later => Order::Fine,
        Introduces::Later => Order::NotBelow,
        // "(see figure 35.II)" for a figure further on points ahead; "(see table 16.2)" just
        // after table 16.2 refers back to it.
        Introduces::See if later || is(own.previous(at)) => Order::Fine,
        Introduces::See | Introduces::Next => match own.next(at, 0) {
            Some(next) if !is(Some(next)) && !is(own.next(at, nth)) => Order::NotNext { next, later },
            _ => Order::Fine,
        },
    }
}

/// How a reference relates to what follows it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Introduces {
    /// It does not introduce anything: "the results in table 16.2", "table 16.2 above".
    No,
    /// "(see table 16.4)": the table that follows, or the one just before the paragraph.
    See,
    /// "below (see figure 16.3)", "Table 16.8 lists": the one that follows.
    Next,
    /// "as provided in table 6 below": one further on, not necessarily the next.
    Later,
}

/// Whether the reference at `start..end` introduces what follows. Only the words attached to the
/// reference count — "see" or "below" just before it, "below", "lists", "shows"… just after it —
/// not words elsewhere in the sentence: in "As reflected in table 16.23 (1), the changes are as
/// shown below:", "below" introduces a list, not table 16.23.
fn introduces(text: &str, start: usize, end: usize) -> Introduces {
    let (before, after) = (&text[..start], &text[end..]);
    if ABOVE_BEFORE.is_match(before) || ABOVE_AFTER.is_match(after) {
        Introduces::No
    } else if BELOW_BEFORE.is_match(before) || PRESENTS_AFTER.is_match(after) {
        Introduces::Next
    } else if BELOW_AFTER.is_match(after) {
        Introduces::Later
    } else if SEE_BEFORE.is_match(before) {
        Introduces::See
    } else {
        Introduces::No
    }
}

#[cfg(test)]
mod tests {
    use super::{Introduces, introduces};

    /// How the reference `reference` in `text` introduces what follows.
    fn how(text: &str, reference: &str) -> Introduces {
        let s = text.find(reference).unwrap();
        introduces(text, s, s + reference.len())
    }

    #[test]
    fn introducing_references() {
        let t = "Progress is presented in the performance measure below (see figure 16.3).";
        assert_eq!(how(t, "figure 16.3"), Introduces::Next);
        assert_eq!(how("Table 16.8 lists all deliverables of the subprogramme.", "Table 16.8"), Introduces::Next);
        assert_eq!(
            how("as reflected in table 1.151 below under country coordination", "table 1.151"),
            Introduces::Later
        );
        assert_eq!(how("Table 16.1 below shows the changes.", "Table 16.1"), Introduces::Next);
        assert_eq!(how("The changes are shown below in table 16.3.", "table 16.3"), Introduces::Next);
        assert_eq!(how("They include $281.8 million (see table 1.152).", "table 1.152"), Introduces::See);
        assert_eq!(how("As shown in table 16.2 above, the target was met.", "table 16.2"), Introduces::No);
        assert_eq!(how("As shown above (see table 16.2), the target was met.", "table 16.2"), Introduces::No);
        assert_eq!(how("The results in table 16.2 were used.", "table 16.2"), Introduces::No);
        // "above" or "below" elsewhere in the sentence says nothing about the reference.
        let t = "The above-mentioned results are presented in the performance measure below (see figure 16.3).";
        assert_eq!(how(t, "figure 16.3"), Introduces::Next);
    }

    #[test]
    fn below_that_introduces_a_list_is_not_about_the_table() {
        // A/80/6 (Sect. 16), paragraph 16.152.
        let t = "As reflected in table 16.23 (1), resource changes reflect an increase of $5,000, resulting \
                 from a higher standard price, and a set of cost-neutral changes, as shown below:";
        assert_eq!(how(t, "table 16.23"), Introduces::No);
    }
}

#[cfg(test)]
mod plan_tests {
    use super::RULE;
    use crate::rules::testing::{findings, plan};

    const FIGURES: &str = "  - figure: \"16.1\"\n    title: a\n  - figure: \"16.2\"\n    title: b\n";

    #[test]
    fn the_figure_that_follows_is_the_one_named() {
        let yaml = plan(&format!("  - paragraph: \"16.2\"\n    text: Progress is below (see figure 16.2).\n{FIGURES}"));
        assert_eq!(
            findings(&RULE, &yaml),
            [
                "8:41 paragraph 16.2 refers to figure 16.2, but the figure that follows it is figure 16.1 (figure 16.2 comes later)"
            ]
        );
        let yaml = plan(&format!("  - paragraph: \"16.2\"\n    text: Progress is below (see figure 16.1).\n{FIGURES}"));
        assert_eq!(findings(&RULE, &yaml), Vec::<String>::new());
    }

    #[test]
    fn only_the_words_attached_to_a_reference_make_it_introduce() {
        // A/80/6 (Sect. 1), paragraph 1.356: "(see table 1.152)" just after table 1.152. A/80/6
        // (Sect. 16), paragraph 16.152: "below" introduces the list of changes, and table 16.23 is
        // named earlier in the sentence.
        let tables = |a: &str, b: &str| {
            format!(
                "  - table: \"{a}\"\n    title: a\n    kind: other\n  - table: \"{b}\"\n    title: b\n    kind: other\n"
            )
        };
        let yaml = plan(&format!(
            "{}  - paragraph: \"16.152\"\n    text: The overall requirements include $281.8 million (see table 16.24).\n  \
             - paragraph: \"16.153\"\n    text: >-\n      As reflected in table 16.23 (1), resource changes reflect an \
             increase of $5,000,\n      and a set of cost-neutral changes, as shown below:\n{}",
            tables("16.23", "16.24"),
            tables("16.25", "16.26"),
        ));
        assert_eq!(findings(&RULE, &yaml), Vec::<String>::new());
        // "below" attached to the reference still makes it introduce the table that follows.
        let yaml = plan(&format!(
            "{}  - paragraph: \"16.153\"\n    text: The requirements are presented below (see table 16.24).\n{}",
            tables("16.23", "16.24"),
            tables("16.25", "16.26"),
        ));
        assert_eq!(
            findings(&RULE, &yaml),
            ["14:59 paragraph 16.153 refers to table 16.24, but the table that follows it is table 16.25"]
        );
    }

    #[test]
    fn missing_and_wrong_kind_targets() {
        let yaml = plan(&format!(
            "{FIGURES}  - paragraph: \"16.2\"\n    text: As in table 16.1 and figure 16.7, and table 2.1 of A/76/6.\n"
        ));
        assert_eq!(
            findings(&RULE, &yaml),
            [
                "12:17 paragraph 16.2 refers to table 16.1, but 16.1 is a figure",
                "12:32 paragraph 16.2 refers to figure 16.7, which is not in this plan",
            ]
        );
    }

    #[test]
    fn references_to_other_sections_and_omitted_numbers_are_not_checked() {
        let yaml = plan(
            "  - omitted: subprogrammes 4 to 8\n    figures: 16.3–16.9\n  \
             - paragraph: \"16.2\"\n    text: See figure 16.4 and table 2.1; figure 17.3 too.\n",
        );
        assert_eq!(findings(&RULE, &yaml), Vec::<String>::new());
    }

    fn messages(yaml: &str) -> Vec<String> {
        findings(&RULE, yaml).into_iter().map(|f| f.split_once(' ').unwrap().1.to_owned()).collect()
    }

    #[test]
    fn forms_no_caption_uses() {
        // A/80/6 (Sect. 1), paragraphs 1.121 and 1.353: "figure 1. XV", "table I.150".
        let yaml = "document:\n  symbol: A/80/6 (Sect. 1)\n  section: {number: 1}\n  plan_year: 2026\nbody:\n  \
             - figure: \"1.XV\"\n    title: a\n  - table: \"1.150\"\n    title: b\n    kind: other\n  \
             - figure: \"1.IV\"\n    title: c\n  - table: \"1B.3\"\n    title: d\n    kind: other\n  \
             - paragraph: \"1.2\"\n    text: As in figure 1. XV, table I.150, figure 1.4 and table 1.B.3.\n";
        assert_eq!(
            messages(yaml),
            [
                "paragraph 1.2 refers to figure 1. XV, a form no caption uses: the caption reads figure 1.XV",
                "paragraph 1.2 refers to table I.150, a form no caption uses: the caption reads table 1.150",
                "paragraph 1.2 refers to figure 1.4, a form no caption uses: the caption reads figure 1.IV",
                "paragraph 1.2 refers to table 1.B.3, a form no caption uses: the caption reads table 1B.3",
            ]
        );
        // "table I.16" of a report in section 25 is another document's: not read as 1.16.
        let yaml = yaml.replace("(Sect. 1)\n  section: {number: 1}", "(Sect. 25)\n  section: {number: 25}");
        assert!(messages(&yaml).iter().all(|m| !m.contains("I.150")), "{:?}", messages(&yaml));
    }

    #[test]
    fn roman_numbers_and_bare_numbers_of_the_other_kind() {
        // A/80/6 (Sect. 18), paragraph 18.128 "(see table 18.XX)" above figure 18.XX; A/80/6
        // (Sect. 3)/Add.4, paragraph 259 "(see figure 58)" above table 58.
        let yaml = plan(
            "  - paragraph: \"16.1\"\n    text: Progress is shown below (see table 16.XX).\n  \
             - figure: \"16.XX\"\n    title: a\n",
        );
        assert_eq!(messages(&yaml), ["paragraph 16.1 refers to table 16.XX, but 16.XX is a figure"]);
        let yaml = plan(
            "  - paragraph: \"16.1\"\n    text: Progress is shown below (see figure 58), and in figure I.\n  \
             - table: \"58\"\n    title: a\n    kind: other\n  - figure: \"1\"\n    title: b\n",
        );
        assert_eq!(
            messages(&yaml),
            [
                "paragraph 16.1 refers to figure 58, but 58 is a table",
                "paragraph 16.1 refers to figure I, a form no caption uses: the caption reads figure 1"
            ]
        );
    }

    #[test]
    fn what_comes_later_and_what_came_before() {
        let tables =
            "  - table: \"3\"\n    title: a\n    kind: other\n  - table: \"4\"\n    title: b\n    kind: other\n";
        // A/80/6 (Sect. 3)/Add.5: "below (see table 4)" where table 3 comes first: a warning.
        let yaml = plan(&format!("  - paragraph: \"16.1\"\n    text: It is presented below (see table 4).\n{tables}"));
        let report = crate::check::check_source(
            crate::source::SourceFile::new("t.yaml", yaml.as_str()),
            &crate::check::CheckOptions::default(),
        );
        let d: Vec<_> = report.diagnostics.iter().filter(|d| d.rule == &RULE).collect();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].severity, crate::diagnostic::Severity::Warning);
        assert!(d[0].fix.is_none());
        // A/80/6 (Sect. 3)/Add.1, paragraph 96: two tables introduced in turn; paragraph 142
        // "as provided in table 6 below" with another table first; A/80/6 (Sect. 35), paragraph
        // 35.3: "(see figure …)" for figures further on.
        let yaml = plan(&format!(
            "  - paragraph: \"16.1\"\n    text: Table 3 provides the ratios, while table 4 provides the rest.\n{tables}  \
             - paragraph: \"16.2\"\n    text: As provided in table 6 below, and in general (see table 6).\n{}",
            tables.replace("\"3\"", "\"5\"").replace("\"4\"", "\"6\"")
        ));
        assert_eq!(messages(&yaml), Vec::<String>::new());
        // "table 3 below" after table 3; "(see table 3)" far after it: both point the wrong way.
        let yaml = plan(&format!(
            "{tables}  - paragraph: \"16.1\"\n    text: As in table 3 below.\n  \
             - paragraph: \"16.2\"\n    text: It is large (see table 3).\n  - table: \"5\"\n    title: c\n    kind: other\n"
        ));
        assert_eq!(
            messages(&yaml),
            [
                "paragraph 16.1 refers to table 3 below, but table 3 comes before it",
                "paragraph 16.2 refers to table 3, but the table that follows it is table 5",
            ]
        );
    }
}
