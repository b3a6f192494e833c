//! P019 vanished-element: a line item (or subcategory, group, sub-item) of the previous edition's
//! deliverables table is not in this edition's, or a measure of the previous edition's chart is
//! not in this edition's, and no note says why.

use crate::diagnostic::Severity;
use crate::edition::{compared, new_figure, new_table, normalize, row_name};
use crate::model::{ElementKind, Plan, RowKind, strip_refs};
use crate::rules::{Context, Rule};
use crate::yaml::shorten;

pub static RULE: Rule = Rule {
    code: "P019",
    name: "vanished-element",
    severity: Severity::Warning,
    summary: "A line item of the previous edition's deliverables table, or a measure of its chart, is not in this edition's, and no note says why.",
    docs: include_str!("../../rules/vanished-element.md"),
};

pub(super) const CHECK: super::Check = check;

/// The texts of the plan that can say why an item went: footnotes, paragraphs and notes,
/// normalised and joined, each after a separator (U+001F, which normalising never leaves).
fn notes(plan: &Plan<'_>) -> String {
    let mut out = String::new();
    for e in &plan.body {
        let texts = match &e.kind {
            ElementKind::Footnote(n) => n.text.into_iter().collect::<Vec<_>>(),
            ElementKind::Paragraph(p) => p.text.iter().chain(&p.items).copied().collect(),
            ElementKind::Prose(t) => t.iter().copied().collect(),
            _ => Vec::new(),
        };
        for t in texts {
            out.push_str(" \u{1f} ");
            out.push_str(&normalize(t.value));
        }
    }
    for t in plan.meta.notes.iter().filter_map(|n| n.text) {
        out.push_str(" \u{1f} ");
        out.push_str(&normalize(t.value));
    }
    out.push(' ');
    out
}

/// Whether a note (its words, sorted) names an item (its normalised text): all its words when
/// it has two or fewer, else at least 70 % of them.
fn covers(note: &[&str], key: &str) -> bool {
    let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    let found = words.iter().filter(|w| note.binary_search(w).is_ok()).count();
    words.len() >= 3 && found * 10 >= words.len() * 7
}

fn check(plan: &Plan<'_>, cx: &mut Context<'_>) {
    let Some(cmp) = cx.previous else { return };
    let notes = notes(plan);
    // Notes that speak of the previous edition ("Presented in A/80/6 (Sect. 20) as 1. … and
    // 2. …"): they may name an item in other words.
    let symbol = format!(" {} ", normalize(&cmp.old.name()));
    let about_previous: Vec<Vec<&str>> = notes
        .split(" \u{1f} ")
        .filter(|n| format!(" {n} ").contains(&symbol))
        .map(|n| {
            let mut words: Vec<&str> = n.split(' ').collect();
            words.sort_unstable();
            words
        })
        .collect();
    let mut found = Vec::new();
    for m in &cmp.tables {
        let (Some(table), Some(old_table)) = (new_table(plan, m), cmp.old_table(m)) else { continue };
        let element = &plan.body[m.new];
        for old in &old_table.rows {
            if m.old_rows[old.index].is_some() || old.kind.depth().is_none() || old.label.is_none() {
                continue;
            }
            // Only the highest row that went: its parent is still there (or it had none).
            let parent = match old.parent {
                Some(p) => match m.old_rows[p] {
                    Some(new_parent) => Some(&table.rows[new_parent]),
                    None => continue,
                },
                None => None,
            };
            // A group header without values ("Meetings of:") is layout, not a deliverable; and a
            // row with nothing planned or done in the years this edition also shows (an item
            // of the years before) leaves with them.
            if old.kind == RowKind::Group && old.cells.is_empty() {
                continue;
            }
            let shared = |col: &usize| old.cells.get(*col).and_then(|c| compared(c.quantity)).is_some_and(|v| v != 0.0);
            if !m.columns.iter().flatten().any(shared) {
                continue;
            }
            let key = normalize(old.label.map_or("", |t| t.value));
            if key.split(' ').count() >= 2 && notes.contains(&format!(" {key} ")) {
                continue;
            }
            if about_previous.iter().any(|note| covers(note, &key)) {
                continue;
            }
            let (node, under) = match parent {
                Some(p) => (p.label.map_or(p.node, |t| t.node), format!("under {} ", row_name(p))),
                None => (table.title.map_or(element.node, |t| t.node), String::new()),
            };
            let d = cx
                .at_node(
                    &RULE,
                    node,
                    format!(
                        "{} of {} is not {under}in {} of this edition, and no note says why",
                        row_name(old),
                        cmp.old_element(m.old),
                        element.describe()
                    ),
                )
                .with_span_label("was here")
                .with_related(cmp.old.label(old.label.map_or(old.node, |t| t.node), format!("{} in {}", row_name(old), cmp.old_element(m.old))))
                .with_help("if the deliverable was discontinued, say so in a note; if it was renamed, it may have changed beyond recognition")
                .with_pointer(format!("/body/{}", m.new));
            found.push(d);
        }
    }
    // The measures of a chart: one the previous edition's figure had, gone from this one's.
    for m in &cmp.figures {
        let (Some(figure), Some(old_figure)) = (new_figure(plan, m), cmp.old_figure(m)) else { continue };
        let element = &plan.body[m.new];
        let first_year = figure.points().filter_map(|p| p.year.map(|y| y.value)).min();
        for &k in &m.gone {
            let Some(old) = old_figure.series.get(k) else { continue };
            let Some(name) = old.name else { continue };
            // A measure with nothing in the years this figure shows left with them.
            let shown = old.data.iter().any(|p| {
                p.year.is_some_and(|y| first_year.is_some_and(|f| y.value >= f))
                    && [p.actual, p.planned].iter().flatten().any(|v| v.value != 0.0)
            });
            let key = normalize(name.value);
            if !shown
                || key.is_empty()
                || notes.contains(&format!(" {key} "))
                || about_previous.iter().any(|n| covers(n, &key))
            {
                continue;
            }
            let what = format!("measure “{}” of {}", shorten(&strip_refs(name.value), 60), cmp.old_element(m.old));
            let d = cx
                .at_node(
                    &RULE,
                    figure.title.map_or(element.node, |t| t.node),
                    format!("{what} is not in {} of this edition, and no note says why", element.describe()),
                )
                .with_span_label("was here")
                .with_related(cmp.old.label(name.node, what))
                .with_help("if the measure was dropped, say so in a note; if it was renamed, it may have changed beyond recognition")
                .with_pointer(format!("/body/{}", m.new));
            found.push(d);
        }
    }
    for d in found {
        cx.push(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{edition_findings, edition_findings_with};

    const OLD: &str = "      - subcategory: Publications\n        unit: number of publications\n        values: [3, 1, 4, 4]\n      - item: 8. On anti-corruption\n        values: [3, 1, 3, 3]\n      - item: 9. On asset recovery\n        values: [–, –, 1, 1]\n";
    const NEW: &str = "      - subcategory: Publications\n        unit: number of publications\n        values: [4, 3, 3, 2]\n      - item: 8. On anti-corruption\n        values: [3, 3, 3, 2]\n";

    #[test]
    fn an_item_that_went_is_reported_under_its_parent() {
        let found = edition_findings(&super::RULE, NEW, OLD);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("12:22 line item 9 “On asset recovery” of table 16.1 of A/80/6 (Sect. 16) is not under subtotal “Publications” in table 16.1 of this edition"), "{found:?}");
        assert!(found[0].ends_with("@ old.yaml:17:15"), "{found:?}");
    }

    #[test]
    fn a_note_on_the_previous_edition_may_name_it_in_other_words() {
        let note = "  - footnote: a\n    text: Presented in A/80/6 (Sect. 16) as 9. Asset recovery; and 8. On anti-corruption.\n";
        assert!(edition_findings_with(&super::RULE, NEW, note, OLD, "").is_empty());
        let elsewhere = "  - footnote: a\n    text: Presented in A/79/6 as 9. Asset recovery.\n";
        assert_eq!(edition_findings_with(&super::RULE, NEW, elsewhere, OLD, "").len(), 1);
    }

    fn chart(measures: &[(&str, &str)]) -> String {
        let mut out = String::from(
            "  - figure: \"16.XXI\"\n    title: \"Performance measure: number of data points on trafficking in persons\"\n    series:\n",
        );
        for (name, data) in measures {
            out += &format!("      - name: {name}\n        data: [{data}]\n");
        }
        out
    }

    #[test]
    fn a_measure_of_a_chart_that_went_is_reported_and_a_renamed_one_is_not() {
        let old = chart(&[
            ("Total number of points", "{year: 2024, actual: 33840}, {year: 2026, planned: 38500}"),
            ("Gender-sensitive data points", "{year: 2024, actual: 24521}, {year: 2026, planned: 29500}"),
        ]);
        let one = chart(&[("Total number of points", "{year: 2024, actual: 33840}, {year: 2027, planned: 41000}")]);
        let found = edition_findings_with(&super::RULE, "", &one, "", &old);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("measure “Gender-sensitive data points” of figure 16.XXI of A/80/6 (Sect. 16) is not in figure 16.XXI of this edition, and no note says why"),
            "{found:?}"
        );
        assert!(found[0].contains("@ old.yaml:"), "{found:?}");
        // Renamed: as many measures left over in each, the same measures.
        let renamed = chart(&[
            ("Total number of points", "{year: 2024, actual: 33840}"),
            ("Sex-disaggregated data points", "{year: 2024, actual: 24521}"),
        ]);
        assert!(edition_findings_with(&super::RULE, "", &renamed, "", &old).is_empty());
        // Said in a note.
        let note = "  - footnote: a\n    text: Gender-sensitive data points are no longer collected.\n";
        assert!(edition_findings_with(&super::RULE, "", &format!("{one}{note}"), "", &old).is_empty());
    }

    #[test]
    fn a_note_that_names_it_is_enough() {
        let note = "  - footnote: a\n    text: The publication on asset recovery was discontinued.\n";
        assert!(edition_findings_with(&super::RULE, NEW, note, OLD, "").is_empty());
    }
}
