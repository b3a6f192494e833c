//! The rules: one file each, listed once in [`REGISTRY`].
//!
//! A rule declares its [`Rule`]: code, name, default severity, a one-line summary and its
//! documentation (the Markdown file of the same name in `rules/` at the repository root). Plan
//! rules also have a [`Check`] (`CHECK`) that runs on the typed [`Plan`]; the YAML and schema
//! rules have none, since the loader and the schema validator emit their findings. (`Rule` itself
//! lives in [`crate::diagnostic`], since a finding names its rule: a diagnostic needs no rule.)
//!
//! Adding a rule: write `src/rules/<name>.rs` and `rules/<name>.md`, add fixtures, and add one
//! line to the `registry!` list below.

use crate::config::Settings;
pub use crate::diagnostic::Rule;
use crate::diagnostic::{Capped, Diagnostic, Edit};
use crate::model::{Plan, Text};
use crate::source::{SourceFile, Span};
use crate::yaml::{Node, sub_span};
use std::ops::Range;

pub mod actual_changed;
pub mod bracket_mismatch;
pub mod contents_heading;
pub mod cross_reference;
pub mod cumulative_decrease;
pub mod duplicate_key;
pub mod duplicated_block;
pub mod figure_statement;
pub mod footnote_integrity;
pub mod import_uncertain;
pub mod invalid_suppression;
pub mod invalid_yaml;
pub mod item_numbering;
pub mod measure_coverage;
pub mod missing_total;
pub mod numbering;
pub mod percentage_range;
pub mod period_label;
pub mod placeholder_text;
pub mod schema_violation;
pub mod series_restart;
pub mod total_mismatch;
pub mod unmarked_change;
pub mod unused_suppression;
pub mod value_not_a_number;
pub mod vanished_element;
pub mod yaml_limit;

/// A plan rule's check: it runs on the typed plan and puts its findings in the context.
pub type Check = fn(&Plan<'_>, &mut Context<'_>);

/// Lists each rule once, and makes [`REGISTRY`] (every rule) and [`CHECKS`] (the checks of the
/// rules that run on the plan model) from it, both in code order. `module => CHECK` is a plan
/// rule; a bare module is a rule whose findings the loader, the schema, the suppressions or the
/// importer make.
macro_rules! registry {
    ($($module:ident $(=> $check:ident)?,)*) => {
        /// Every rule, in code order.
        pub static REGISTRY: &[&Rule] = &[$(&$module::RULE,)*];
        /// The plan rules and their checks, in code order.
        pub static CHECKS: &[(&Rule, Check)] = &[$($((&$module::RULE, $module::$check),)?)*];
    };
}

registry! {
    invalid_yaml,
    duplicate_key,
    yaml_limit,
    schema_violation,
    unused_suppression,
    invalid_suppression,
    total_mismatch => CHECK,
    placeholder_text => CHECK,
    cross_reference => CHECK,
    numbering => CHECK,
    cumulative_decrease => CHECK,
    period_label => CHECK,
    footnote_integrity => CHECK,
    item_numbering => CHECK,
    contents_heading => CHECK,
    missing_total => CHECK,
    duplicated_block => CHECK,
    measure_coverage => CHECK,
    percentage_range => CHECK,
    figure_statement => CHECK,
    value_not_a_number => CHECK,
    unmarked_change => CHECK,
    bracket_mismatch => CHECK,
    actual_changed => CHECK,
    vanished_element => CHECK,
    series_restart => CHECK,
    import_uncertain,
}

/// The rules that compare a plan with its previous edition ([`Context::previous`]): they run
/// only when there is one (`--previous`, or `previous` in `plan-lint.toml`).
pub static EDITION_RULES: &[&Rule] = &[
    &unmarked_change::RULE,
    &bracket_mismatch::RULE,
    &actual_changed::RULE,
    &vanished_element::RULE,
    &series_restart::RULE,
];

/// Whether the rule compares the plan with its previous edition ([`EDITION_RULES`]).
pub fn compares_editions(rule: &Rule) -> bool {
    EDITION_RULES.contains(&rule)
}

/// Find a rule by code (`P001`) or name (`total-mismatch`), case-insensitively.
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    REGISTRY
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name.eq_ignore_ascii_case(code_or_name))
}

/// What a rule's check gets besides the plan: the source, and a place to put findings (kept up
/// to [`crate::yaml::Limits::max_findings`] per rule, the rest counted).
pub struct Context<'a> {
    pub source: &'a SourceFile,
    pub settings: &'a Settings,
    /// The plan matched with its previous edition, when there is one (`--previous`): what the
    /// edition rules (P016–P020) check.
    pub previous: Option<&'a crate::edition::Comparison<'a>>,
    found: Capped,
}

impl<'a> Context<'a> {
    pub fn new(source: &'a SourceFile, settings: &'a Settings) -> Self {
        Self::with_cap(source, settings, crate::yaml::Limits::default().max_findings)
    }

    pub fn with_cap(source: &'a SourceFile, settings: &'a Settings, cap: usize) -> Self {
        Context { source, settings, previous: None, found: Capped::new(cap) }
    }

    /// How many findings of a rule are listed per file.
    pub fn cap(&self) -> usize {
        self.found.cap
    }

    /// The findings, with one line per rule for those past the cap.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.found.into_diagnostics()
    }

    /// A finding on a cell compared with the previous edition's: "ROW of TABLE, COLUMN: {what}" at
    /// this edition's cell, with the previous edition's cell (holding `old`) as its related place.
    pub fn at_cell_pair(
        &self,
        rule: &'static Rule,
        cmp: &crate::edition::Comparison<'_>,
        p: &crate::edition::CellPair<'_, '_, '_>,
        what: String,
        old: f64,
    ) -> Diagnostic {
        let message =
            format!("{} of {}, {}: {what}", crate::edition::row_name(p.row), p.element.describe(), p.column());
        self.at_node(rule, p.cell.node, message)
            .with_related(p.old_label(cmp, &crate::edition::show(old)))
            .with_pointer(format!("/body/{}/rows/{}/values/{}", p.element.index, p.row.index, p.col))
    }

    /// A finding on a whole node. For aliased content it points at the alias and shows the anchor.
    pub fn at_node(&self, rule: &'static Rule, node: &Node, message: impl Into<String>) -> Diagnostic {
        with_alias_label(Diagnostic::new(rule, node.report_span(), message), node)
    }

    /// A finding on part of a text (byte range of its value), underlined exactly in the source.
    pub fn at_text(
        &self,
        rule: &'static Rule,
        text: &Text<'_>,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let span = sub_span(&self.source.text, text.node, range);
        with_alias_label(Diagnostic::new(rule, span, message), text.node)
    }

    /// The span of part of a text.
    pub fn text_span(&self, text: &Text<'_>, range: Range<usize>) -> Span {
        sub_span(&self.source.text, text.node, range)
    }

    /// An edit replacing part of a text, when the source holds exactly those characters there
    /// (not folded over a line break, escaped, or reached through an alias), so that applying it
    /// changes nothing else.
    pub fn text_edit(&self, text: &Text<'_>, range: Range<usize>, replacement: impl Into<String>) -> Option<Edit> {
        if text.node.alias.is_some() {
            return None;
        }
        let span = self.text_span(text, range.clone());
        (self.source.slice(span) == text.value.get(range)?).then(|| Edit { span, replacement: replacement.into() })
    }

    /// An edit replacing a whole scalar written plainly (unquoted, on one line).
    pub fn node_edit(&self, node: &Node, replacement: impl Into<String>) -> Option<Edit> {
        let value = node.as_str()?;
        (node.alias.is_none() && self.source.slice(node.span) == value)
            .then(|| Edit { span: node.span, replacement: replacement.into() })
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.found.push(d);
    }
}

/// For content that an alias brought in: say so at the alias, and show the anchor.
pub fn with_alias_label(mut d: Diagnostic, node: &Node) -> Diagnostic {
    if node.alias.is_some() {
        d.span_label.get_or_insert_with(|| "through this alias".to_owned());
        d = d.with_label(node.span, "in the content of this anchor");
    }
    d
}

/// Helpers for the rules' unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use super::Rule;
    use crate::check::{CheckOptions, check_source};
    use crate::source::SourceFile;

    /// A plan for 2023, section 16, with `body` (YAML list items indented by two spaces).
    pub fn plan(body: &str) -> String {
        format!(
            "document:\n  symbol: A/77/6 (Sect. 16)\n  title: Proposed programme budget for 2023\n  \
             section: {{number: 16}}\n  plan_year: 2023\nbody:\n{body}"
        )
    }

    /// A plan with one deliverables table, 16.1, with the four usual columns and `rows`
    /// (YAML list items indented by six spaces).
    pub fn deliverables(rows: &str) -> String {
        plan(&format!(
            "  - table: \"16.1\"\n    title: deliverables\n    kind: deliverables\n    \
             columns: [2021 planned, 2021 actual, 2022 planned, 2023 planned]\n    rows:\n{rows}"
        ))
    }

    /// A plan for `year` (A/80/6 for 2026, A/81/6 for 2027) with one deliverables table, 16.1, of
    /// the usual four columns and `rows` (YAML list items indented by six spaces), and `more`
    /// body items after it (indented by two).
    pub fn edition(year: i32, rows: &str, more: &str) -> String {
        let (y, session) = (year, year - 1946);
        format!(
            "document:\n  symbol: A/{session}/6 (Sect. 16)\n  title: Proposed programme budget for {y}\n  \
             section: {{number: 16}}\n  plan_year: {y}\nbody:\n  - table: \"16.1\"\n    title: \"Subprogramme 1: \
             deliverables for the period {}–{y}, by category and subcategory\"\n    kind: deliverables\n    \
             columns: [{} planned, {} actual, {} planned, {y} planned]\n    rows:\n{rows}{more}",
            y - 2,
            y - 2,
            y - 2,
            y - 1
        )
    }

    /// `line:column message | label message @ place` of each finding of `rule` on the plan for
    /// 2027 with `new` rows and `new_more` body items, compared with the plan for 2026 with
    /// `old` rows and `old_more` items (file `old.yaml`).
    pub fn edition_findings_with(
        rule: &'static Rule,
        new: &str,
        new_more: &str,
        old: &str,
        old_more: &str,
    ) -> Vec<String> {
        let old = crate::edition::Edition::from_bytes(
            "old.yaml",
            edition(2026, old, old_more).into_bytes(),
            &crate::yaml::Limits::default(),
        )
        .expect("the previous edition loads");
        let options = CheckOptions { previous: Some(std::sync::Arc::new(old)), ..CheckOptions::default() };
        let report = check_source(SourceFile::new("t.yaml", edition(2027, new, new_more)), &options);
        report
            .diagnostics
            .iter()
            .filter(|d| d.rule == rule)
            .map(|d| {
                let at = report.source.line_col(d.span.start);
                let labels: Vec<String> = d
                    .labels
                    .iter()
                    .map(|l| format!(" | {} @ {}", l.message, l.elsewhere().unwrap_or_default()))
                    .collect();
                format!("{}:{} {}{}", at.line, at.column, d.message, labels.concat())
            })
            .collect()
    }

    /// Figure 16.2, a cumulative count of States with new laws, with `data` (its points, one per
    /// line), for the edition rules' tests.
    pub fn cumulative_figure(data: &str) -> String {
        format!(
            "  - figure: \"16.2\"\n    title: \"Performance measure: number of States with new laws (cumulative)\"\n    data:\n{data}"
        )
    }

    /// [`edition_findings_with`] for two plans of one table each.
    pub fn edition_findings(rule: &'static Rule, new: &str, old: &str) -> Vec<String> {
        edition_findings_with(rule, new, "", old, "")
    }

    /// `line:column message` of each finding of `rule`, in order.
    pub fn findings(rule: &'static Rule, yaml: &str) -> Vec<String> {
        let report = check_source(SourceFile::new("t.yaml", yaml), &CheckOptions::default());
        report
            .diagnostics
            .iter()
            .filter(|d| d.rule == rule)
            .map(|d| {
                let at = report.source.line_col(d.span.start);
                format!("{}:{} {}", at.line, at.column, d.message)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_but_those_made_elsewhere_has_a_check() {
        // Y001–Y003 come from the loader, S001 from the schema, C001/C002 from the suppressions,
        // I001 from the importer; every other rule runs on the plan, in code order.
        let elsewhere = ["Y001", "Y002", "Y003", "S001", "C001", "C002", "I001"];
        let planned: Vec<_> = REGISTRY.iter().filter(|r| !elsewhere.contains(&r.code)).map(|r| r.code).collect();
        let checked: Vec<_> = CHECKS.iter().map(|(r, _)| r.code).collect();
        assert_eq!(checked, planned);
    }

    #[test]
    fn codes_and_names_are_unique_and_documented() {
        let mut codes: Vec<_> = REGISTRY.iter().map(|r| r.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), REGISTRY.len());
        for r in REGISTRY {
            assert!(
                r.docs.starts_with(&format!("# {} {}", r.code, r.name)),
                "{:?} docs must start with its heading",
                r
            );
            for section in ["## What it checks", "## Why", "## Example", "## Passing example"] {
                assert!(r.docs.contains(section), "{:?} docs lack {section}", r);
            }
            assert_eq!(find(r.name), Some(*r));
            let page = r.help_uri();
            let file = page.rsplit_once("/rules/").map(|(_, f)| f).unwrap();
            assert!(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules").join(file).is_file(),
                "{page} names no page in rules/"
            );
            assert_eq!(find(&r.code.to_lowercase()), Some(*r));
        }
    }
}
