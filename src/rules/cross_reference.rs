//! P003 cross-reference: "see figure 16.3" must name the table or figure that exists and follows.

use crate::diagnostic::{Applicability, Severity};
use crate::model::{Element, ElementKind, Number, Plan, Text};
use crate::rules::{Context, Rule};
use regex::Regex;
use std::sync::LazyLock;

pub static RULE: Rule = Rule {
    code: "P003",
    name: "cross-reference",
    severity: Severity::Error,
    summary: "A reference to a table or figure names one that does not exist or is not the one that follows.",
    docs: include_str!("../../rules/cross-reference.md"),
    check: Some(check),
};

/// "table 16.4", "figures 16.2 and 16.3", "tables 18.39 to 18.41".
static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(table|figure)s?\s+(\d+(?:\.\d+)+(?:\s*(?:,|and|to|–|-)\s*\d+(?:\.\d+)+)*)").unwrap()
});
static EXTERNAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^,?\s+(?:of|in)\s+(?:the\s+)?(?:document\s+|report\s+)?[A-Z]+/").unwrap());
static NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d+(?:\.\d+)+").unwrap());

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

fn check(plan: &Plan<'_>, cx: &mut Context<'_>) {
    for element in &plan.body {
        let texts: Vec<&Text> = match &element.kind {
            ElementKind::Paragraph(p) => p.text.iter().chain(&p.items).collect(),
            ElementKind::Prose(Some(t)) => vec![t],
            _ => continue,
        };
        for text in texts {
            check_text(plan, cx, element, text);
        }
    }
}

fn check_text(plan: &Plan<'_>, cx: &mut Context<'_>, element: &Element<'_>, text: &Text<'_>) {
    let section = plan.meta.section.map(|s| s.as_str().rsplit(' ').next().unwrap_or_default());
    for m in REFERENCE.captures_iter(text.value) {
        let kind = if m[1].eq_ignore_ascii_case("table") { Kind::Table } else { Kind::Figure };
        let list = m.get(2).expect("group 2 always matches");
        let numbers: Vec<_> = NUMBER.find_iter(list.as_str()).collect();
        // "table 2.1 of A/76/6", "figure III in document E/2021/10": another document's.
        if EXTERNAL.is_match(&text.value[list.end()..]) {
            continue;
        }
        let introduces = numbers.len() == 1 && introduces(text.value, m.get(0).map_or(0, |g| g.start()), list.end());
        for n in numbers {
            let range = list.start() + n.start()..list.start() + n.end();
            let number = n.as_str();
            let whole = m.get(0).map_or(range.clone(), |g| g.start()..range.end);
            // Another section's table ("table 2.1" in section 16), or one an excerpt leaves out.
            let prefix = number.rsplit_once('.').map_or("", |(p, _)| p);
            if section.is_some_and(|s| s != prefix) || plan.body.iter().any(|e| kind.omitted(e, number)) {
                continue;
            }
            let target = plan.body.iter().find(|e| kind.number(e).is_some_and(|x| x.as_str() == number));
            if target.is_none() {
                let other = if kind == Kind::Table { Kind::Figure } else { Kind::Table };
                let d = match plan.body.iter().find_map(|e| other.number(e).filter(|x| x.as_str() == number)) {
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
            if !introduces {
                continue;
            }
            // The table or figure a paragraph introduces is the next one of its kind.
            let next = plan.body[element.index + 1..].iter().find_map(|e| kind.number(e));
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

/// Whether a reference introduces what follows: "(see figure 16.3)", "Table 16.8 lists",
/// "presented in the performance measure below (see table 16.9)". Not "as shown above".
fn introduces(text: &str, start: usize, end: usize) -> bool {
    let sentence_start = text[..start].rfind(". ").map_or(0, |i| i + 2);
    let sentence_end = text[end..].find(". ").map_or(text.len(), |i| end + i);
    let sentence = text[sentence_start..sentence_end].to_lowercase();
    if sentence.contains("above") || sentence.contains("previous") {
        return false;
    }
    let before = text[sentence_start..start].to_lowercase();
    let after = text[end..].trim_start().to_lowercase();
    before.trim_end().ends_with("see")
        || sentence.contains("below")
        || ["lists", "shows", "presents", "provides", "sets out", "summarizes"].iter().any(|w| after.starts_with(w))
}

#[cfg(test)]
mod tests {
    use super::introduces;

    #[test]
    fn introducing_references() {
        let t = "Progress is presented in the performance measure below (see figure 16.3).";
        let s = t.find("figure").unwrap();
        assert!(introduces(t, s, s + 11));
        let t = "Table 16.8 lists all deliverables of the subprogramme.";
        assert!(introduces(t, 0, 10));
        let t = "As shown in table 16.2 above, the target was met.";
        let s = t.find("table").unwrap();
        assert!(!introduces(t, s, s + 10));
        let t = "The results in table 16.2 were used.";
        let s = t.find("table").unwrap();
        assert!(!introduces(t, s, s + 10));
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
