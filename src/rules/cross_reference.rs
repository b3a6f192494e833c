//! P003 cross-reference: "see figure 16.3" must name the table or figure that exists and follows.

use crate::diagnostic::{Applicability, Severity};
use crate::model::{Element, ElementKind, Number, Plan, Text};
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

/// "table 16.4", "figures 16.2 and 16.3", "tables 18.39 to 18.41".
static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(table|figure)s?\s+(\d+(?:\.\d+)+(?:\s*(?:,|and|to|–|-)\s*\d+(?:\.\d+)+)*)").unwrap()
});
static EXTERNAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^,?\s+(?:of|in)\s+(?:the\s+)?(?:document\s+|report\s+)?[A-Z]+/").unwrap());
static NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d+(?:\.\d+)+").unwrap());
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
/// Words just after a reference that present what follows: "table 16.1 below", "Table 16.8 lists".
static FORWARD_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:\(\s*\d+\s*\)\s*)?(?:below\b|(?:below\s+)?(?:lists|shows|presents|provides|sets\s+out|summarizes)\b)",
    )
    .unwrap()
});
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

/// The tables and figures of a plan, looked up by number and by place: built once, so that a
/// reference costs the same however long the plan is.
struct Index<'p> {
    /// The first table (figure) with each number.
    tables: HashMap<&'p str, &'p Number<'p>>,
    figures: HashMap<&'p str, &'p Number<'p>>,
    /// The `omitted:` elements, which say which numbers an excerpt leaves out.
    omitted: Vec<&'p Element<'p>>,
    /// For each body index: the last table (figure) before it, and the first after it.
    before: Vec<[Option<&'p Number<'p>>; 2]>,
    after: Vec<[Option<&'p Number<'p>>; 2]>,
}

impl<'p> Index<'p> {
    fn new(plan: &'p Plan<'p>) -> Self {
        let mut tables = HashMap::new();
        let mut figures = HashMap::new();
        let mut omitted = Vec::new();
        let mut before = Vec::with_capacity(plan.body.len());
        let mut last = [None, None];
        for e in &plan.body {
            before.push(last);
            if matches!(e.kind, ElementKind::Omitted(_)) {
                omitted.push(e);
            }
            for (slot, kind, map) in [(0, Kind::Table, &mut tables), (1, Kind::Figure, &mut figures)] {
                if let Some(n) = kind.number(e) {
                    map.entry(n.as_str()).or_insert(n);
                    last[slot] = Some(n);
                }
            }
        }
        let mut after = vec![[None, None]; plan.body.len()];
        let mut next = [None, None];
        for (i, e) in plan.body.iter().enumerate().rev() {
            after[i] = next;
            for (slot, kind) in [(0, Kind::Table), (1, Kind::Figure)] {
                if let Some(n) = kind.number(e) {
                    next[slot] = Some(n);
                }
            }
        }
        Index { tables, figures, omitted, before, after }
    }

    fn find(&self, kind: Kind, number: &str) -> Option<&'p Number<'p>> {
        match kind {
            Kind::Table => self.tables.get(number).copied(),
            Kind::Figure => self.figures.get(number).copied(),
        }
    }
}

impl Kind {
    fn slot(self) -> usize {
        match self {
            Kind::Table => 0,
            Kind::Figure => 1,
        }
    }
}

fn check(plan: &Plan<'_>, cx: &mut Context<'_>) {
    let index = Index::new(plan);
    for element in &plan.body {
        let texts: Vec<&Text> = match &element.kind {
            ElementKind::Paragraph(p) => p.text.iter().chain(&p.items).collect(),
            ElementKind::Prose(Some(t)) => vec![t],
            _ => continue,
        };
        for text in texts {
            check_text(plan, &index, cx, element, text);
        }
    }
}

fn check_text(plan: &Plan<'_>, index: &Index<'_>, cx: &mut Context<'_>, element: &Element<'_>, text: &Text<'_>) {
    let section = plan.meta.section.map(|s| s.as_str().rsplit(' ').next().unwrap_or_default());
    for m in REFERENCE.captures_iter(text.value) {
        let kind = if m[1].eq_ignore_ascii_case("table") { Kind::Table } else { Kind::Figure };
        let list = m.get(2).expect("group 2 always matches");
        let numbers: Vec<_> = NUMBER.find_iter(list.as_str()).collect();
        // "table 2.1 of A/76/6", "figure III in document E/2021/10": another document's.
        if EXTERNAL.is_match(&text.value[list.end()..]) {
            continue;
        }
        let introduces = if numbers.len() == 1 {
            introduces(text.value, m.get(0).map_or(0, |g| g.start()), list.end())
        } else {
            Introduces::No
        };
        for n in numbers {
            let range = list.start() + n.start()..list.start() + n.end();
            let number = n.as_str();
            let whole = m.get(0).map_or(range.clone(), |g| g.start()..range.end);
            // Another section's table ("table 2.1" in section 16), or one an excerpt leaves out.
            let prefix = number.rsplit_once('.').map_or("", |(p, _)| p);
            if section.is_some_and(|s| s != prefix) || index.omitted.iter().any(|e| kind.omitted(e, number)) {
                continue;
            }
            if index.find(kind, number).is_none() {
                let other = if kind == Kind::Table { Kind::Figure } else { Kind::Table };
                let d = match index.find(other, number) {
                    Some(o) => cx
                        .at_text(
                            &RULE,
                            text,
                            whole,
                            format!(
                                "{} refers to {} {number}, but {number} is a {}",
                                element.describe(),
                                kind.name(),
                                other.name()
                            ),
                        )
                        .with_label(o.text.node.report_span(), format!("{} {number}", other.name()))
                        .with_help(format!(
                            "write “{} {number}”, or number the {} that is meant",
                            other.name(),
                            kind.name()
                        )),
                    None => cx
                        .at_text(
                            &RULE,
                            text,
                            whole,
                            format!(
                                "{} refers to {} {number}, which is not in this plan",
                                element.describe(),
                                kind.name()
                            ),
                        )
                        .with_span_label(format!("no {} {number}", kind.name())),
                };
                cx.push(d);
                continue;
            }
            if introduces == Introduces::No {
                continue;
            }
            // "(see table 16.2)" just after table 16.2 refers back to it.
            let previous = index.before[element.index][kind.slot()];
            if introduces == Introduces::See && previous.is_some_and(|p| p.as_str() == number) {
                continue;
            }
            // The table or figure a paragraph introduces is the next one of its kind.
            let next = index.after[element.index][kind.slot()];
            if let Some(next) = next.filter(|x| x.as_str() != number) {
                let d = cx
                    .at_text(
                        &RULE,
                        text,
                        range.clone(),
                        format!(
                            "{} refers to {} {number}, but the {} that follows it is {} {}",
                            element.describe(),
                            kind.name(),
                            kind.name(),
                            kind.name(),
                            next.as_str()
                        ),
                    )
                    .with_span_label(format!("should be {}", next.as_str()))
                    .with_label(next.text.node.report_span(), format!("the next {}", kind.name()))
                    .with_help(format!("write “{} {}”", kind.name(), next.as_str()));
                // The intended one is unambiguous: the next of its kind.
                let d = match cx.text_edit(text, range.clone(), next.as_str()) {
                    Some(edit) => d.with_fix(
                        Applicability::Safe,
                        format!("write “{} {}”", kind.name(), next.as_str()),
                        vec![edit],
                    ),
                    None => d,
                };
                cx.push(d);
            }
        }
    }
}

/// How far before a reference [`introduces`] looks: the longest words attached ("the previous
/// (see also the") are well within it.
const WINDOW: usize = 120;

/// How a reference relates to what follows it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Introduces {
    /// It does not introduce anything: "the results in table 16.2", "table 16.2 above".
    No,
    /// "(see table 16.4)": the table that follows, or the one just before the paragraph.
    See,
    /// "below (see figure 16.3)", "table 16.1 below", "Table 16.8 lists": the one that follows.
    Below,
}

/// Whether the reference at `start..end` introduces what follows. Only the words attached to the
/// reference count — "see" or "below" just before it, "below", "lists", "shows"… just after it —
/// not words elsewhere in the sentence: in "As reflected in table 16.23 (1), the changes are as
/// shown below:", "below" introduces a list, not table 16.23.
fn introduces(text: &str, start: usize, end: usize) -> Introduces {
    // The words attached come from a short window before the reference: searching the whole text
    // before each reference would cost the square of a long paragraph's length.
    let mut from = start.saturating_sub(WINDOW);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let (before, after) = (&text[from..start], &text[end..]);
    if ABOVE_BEFORE.is_match(before) || ABOVE_AFTER.is_match(after) {
        Introduces::No
    } else if BELOW_BEFORE.is_match(before) || FORWARD_AFTER.is_match(after) {
        Introduces::Below
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
        assert_eq!(how(t, "figure 16.3"), Introduces::Below);
        assert_eq!(how("Table 16.8 lists all deliverables of the subprogramme.", "Table 16.8"), Introduces::Below);
        assert_eq!(
            how("as reflected in table 1.151 below under country coordination", "table 1.151"),
            Introduces::Below
        );
        assert_eq!(how("The changes are shown below in table 16.3.", "table 16.3"), Introduces::Below);
        assert_eq!(how("They include $281.8 million (see table 1.152).", "table 1.152"), Introduces::See);
        assert_eq!(how("As shown in table 16.2 above, the target was met.", "table 16.2"), Introduces::No);
        assert_eq!(how("As shown above (see table 16.2), the target was met.", "table 16.2"), Introduces::No);
        assert_eq!(how("The results in table 16.2 were used.", "table 16.2"), Introduces::No);
        // "above" or "below" elsewhere in the sentence says nothing about the reference.
        let t = "The above-mentioned results are presented in the performance measure below (see figure 16.3).";
        assert_eq!(how(t, "figure 16.3"), Introduces::Below);
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
            ["8:41 paragraph 16.2 refers to figure 16.2, but the figure that follows it is figure 16.1"]
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
}
