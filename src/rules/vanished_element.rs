//! P019 vanished-element: a line item (or subcategory, group, sub-item) of the previous edition's
//! deliverables table is not in this edition's, and no note says why.

use crate::diagnostic::Severity;
use crate::edition::{compared, new_table, normalize, row_name};
use crate::model::{ElementKind, Plan, RowKind};
use crate::rules::{Context, Rule};

pub static RULE: Rule = Rule {
    code: "P019",
    name: "vanished-element",
    severity: Severity::Warning,
    summary: "A line item of the previous edition's deliverables table is not in this edition's, and no note says why.",
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

    #[test]
    fn a_note_that_names_it_is_enough() {
        let note = "  - footnote: a\n    text: The publication on asset recovery was discontinued.\n";
        assert!(edition_findings_with(&super::RULE, NEW, note, OLD, "").is_empty());
    }
}
