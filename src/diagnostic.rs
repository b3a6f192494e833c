//! The one finding type every stage produces and every renderer consumes.
//!
//! A [`Diagnostic`] holds spans, never pre-formatted locations: the renderers in
//! [`crate::render`] decide how a finding looks (human, concise, JSON, ...).

use crate::source::{SourceFile, Span};
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rule's identity and documentation. (The checks of the rules that run on the plan model are
/// listed with them in [`crate::rules::CHECKS`].)
pub struct Rule {
    /// Stable code, e.g. `P001`. Never reused.
    pub code: &'static str,
    /// Stable kebab-case name, e.g. `total-mismatch`.
    pub name: &'static str,
    pub severity: Severity,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// The rule's documentation in Markdown.
    pub docs: &'static str,
}

impl Rule {
    /// Where the rule's documentation is published: its page in the repository, at the tag of
    /// this version, so the page matches the binary that links to it (SARIF `helpUri`, LSP
    /// `codeDescription`).
    pub fn help_uri(&self) -> String {
        format!("{}/blob/v{}/rules/{}.md", env!("CARGO_PKG_REPOSITORY"), env!("CARGO_PKG_VERSION"), self.name)
    }

    /// Whether `--select` and `--ignore` may hide this rule. Not for Y001 and Y003: a file that
    /// could not be read was not checked, and hiding that would pass it as clean.
    pub fn selectable(&self) -> bool {
        !matches!(self.code, "Y001" | "Y003")
    }
}

impl PartialEq for Rule {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]", self.code, self.name)
    }
}

/// A secondary location with a short note ("first defined here").
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub span: Span,
    pub message: String,
    /// For sources without lines and columns (Word documents): where the label is; the span is
    /// then empty.
    pub place: Option<Place>,
    /// A label in another file than the finding's (the previous edition of a plan, see
    /// [`crate::edition`]): that file, whose text the span is in. `None`: the finding's file.
    pub file: Option<OtherFile>,
}

/// The file a label is in, when it is not the finding's own.
#[derive(Clone, Debug)]
pub struct OtherFile(pub Arc<SourceFile>);

impl PartialEq for OtherFile {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0.name == other.0.name
    }
}

impl Label {
    /// Where a label in another file is, in words: `old.yaml:12:5` (a line and a column of a
    /// YAML or Markdown file) or `old.docx, table 16.6, row “…”, column “2026 planned”` (a place
    /// in a Word document). `None` for a label in the finding's own file.
    pub fn elsewhere(&self) -> Option<String> {
        let file = &self.file.as_ref()?.0;
        Some(match &self.place {
            Some(p) => format!("{}, {}", file.name, p.description),
            None => {
                let at = file.line_col(self.span.start);
                format!("{}:{}:{}", file.name, at.line, at.column)
            }
        })
    }
}

/// A replacement of the bytes of `span` by `replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

/// Whether a fix can be applied without a person checking it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applicability {
    /// Cannot be wrong: applied by `--fix`.
    Safe,
    /// Could be wrong (rewriting a total when an item may be the mistake): only with
    /// `--unsafe-fixes`.
    Unsafe,
}

/// A change to the source that resolves a finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, e.g. "write “2021–2023”".
    pub description: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

/// A place that is not a line and a column, such as a cell of a Word table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Place {
    /// The whole place in words: "table 6.12, row “Seminars…”, column “2026 planned”".
    pub description: String,
    pub table: Option<String>,
    pub figure: Option<String>,
    pub row: Option<String>,
    pub column: Option<String>,
    pub paragraph: Option<String>,
    /// The same place as an address in the document's body, for tools that write into it
    /// (`plan-lint annotate`); `None` for places outside the body (a page header).
    pub anchor: Option<Anchor>,
}

/// A place in a Word document's body as the reader met it: which top-level paragraph or table,
/// which row and cell, and which characters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Anchor {
    /// The paragraph or table: its index among the paragraphs and tables of the body, in order
    /// (0-based; paragraphs inside tables are not counted).
    pub block: usize,
    /// In a table: the row and the cell within the row (0-based, in the document's order).
    pub cell: Option<(usize, usize)>,
    /// The characters: a byte range in the document's text, the text of all its runs in order
    /// (see [`crate::import::docx::Layout`]).
    pub text: Option<Range<usize>>,
}

/// One finding at one place in one file.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub message: String,
    /// Where the finding is; for content reached through a YAML alias, the alias.
    pub span: Span,
    /// A short note under the primary span.
    pub span_label: Option<String>,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    /// The JSON pointer of the offending node in the plan, where there is one.
    pub pointer: Option<String>,
    /// Index of the YAML document in a multi-document file (0 for the first).
    pub document: usize,
    /// A fix, where the right change is known.
    pub fix: Option<Fix>,
    /// For sources without lines and columns (Word documents): where the finding is.
    pub place: Option<Place>,
    /// Set on the one line that stands for the findings of this rule past the cap
    /// ([`crate::yaml::Limits::max_findings`]): how many more there are. Renderers say
    /// "and N more CODE" for it; it counts as N findings.
    pub omitted: usize,
    /// For a finding in a Word or Markdown document: where it was found in the YAML the document
    /// was imported as ([`crate::check::FileReport::plan`]), for renderers that show the plan
    /// around it. `None` for a YAML file, whose `span` is in the plan already.
    pub plan_span: Option<Span>,
}

impl Diagnostic {
    pub fn new(rule: &'static Rule, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: rule.severity,
            message: message.into(),
            span,
            span_label: None,
            labels: Vec::new(),
            help: None,
            pointer: None,
            document: 0,
            fix: None,
            place: None,
            omitted: 0,
            plan_span: None,
        }
    }

    /// The line that stands for `n` findings of `rule` past the cap in one file, placed after
    /// the last one listed.
    pub fn omitted(rule: &'static Rule, n: usize, at: Span) -> Self {
        let mut d = Diagnostic::new(
            rule,
            at,
            format!("and {} more {} ({}) in this file, not listed", thousands(n), rule.code, rule.name),
        )
        .with_help("the first ones are listed; fix those and check again");
        d.omitted = n;
        d
    }

    /// How many findings this line stands for.
    pub fn count(&self) -> usize {
        self.omitted.max(1)
    }

    pub fn with_fix(mut self, applicability: Applicability, description: impl Into<String>, edits: Vec<Edit>) -> Self {
        self.fix = Some(Fix { description: description.into(), applicability, edits });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label { span, message: message.into(), place: None, file: None });
        self
    }

    /// Add a label made elsewhere (in another file: [`Label::file`]).
    pub fn with_related(mut self, label: Label) -> Self {
        self.labels.push(label);
        self
    }

    pub fn with_span_label(mut self, message: impl Into<String>) -> Self {
        self.span_label = Some(message.into());
        self
    }

    pub fn with_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    /// The order findings are printed in: by place, then by rule.
    pub fn sort_key(&self) -> (usize, usize, usize, &'static str) {
        (self.document, self.span.start, self.span.end, self.rule.code)
    }
}

/// `1999990` as `1,999,990`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Findings kept up to a cap per rule; the rest only counted. Bounds the memory of a file with
/// millions of findings (two million duplicate keys) to the cap.
#[derive(Debug)]
pub struct Capped {
    pub cap: usize,
    pub kept: Vec<Diagnostic>,
    /// Per rule: how many were offered, kept or not.
    counts: Vec<(&'static Rule, usize)>,
}

impl Capped {
    pub fn new(cap: usize) -> Self {
        Capped { cap, kept: Vec::new(), counts: Vec::new() }
    }

    /// Offer a finding of `rule` made only when it will be kept: past the cap it is just counted.
    pub fn push_with(&mut self, rule: &'static Rule, make: impl FnOnce() -> Diagnostic) {
        match self.counts.iter_mut().find(|(r, _)| *r == rule) {
            Some((_, n)) if *n >= self.cap => *n += 1,
            _ => self.push(make()),
        }
    }

    pub fn push(&mut self, d: Diagnostic) {
        let n = match self.counts.iter_mut().find(|(r, _)| *r == d.rule) {
            Some((_, n)) => n,
            None => {
                self.counts.push((d.rule, 0));
                &mut self.counts.last_mut().expect("just pushed").1
            }
        };
        *n += d.count();
        if *n <= self.cap {
            self.kept.push(d);
        }
    }

    /// How many findings of each rule were not kept.
    pub fn omitted(&self) -> impl Iterator<Item = (&'static Rule, usize)> + '_ {
        self.counts.iter().filter(|(_, n)| *n > self.cap).map(|&(r, n)| (r, n - self.kept_of(r)))
    }

    /// The findings kept, then one line per rule for those that were not
    /// ([`Diagnostic::omitted`], after the last one kept).
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        let markers: Vec<Diagnostic> = self
            .omitted()
            .map(|(rule, n)| {
                let last = self.kept.iter().rev().find(|d| d.rule == rule).map_or(Span::empty(0), |d| d.span);
                Diagnostic::omitted(rule, n, last)
            })
            .collect();
        let mut out = self.kept;
        out.extend(markers);
        out
    }

    fn kept_of(&self, rule: &Rule) -> usize {
        self.kept.iter().filter(|d| d.rule == rule).map(Diagnostic::count).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capped_keeps_the_first_of_each_rule_and_counts_the_rest() {
        let y002 = &crate::rules::duplicate_key::RULE;
        let p001 = &crate::rules::total_mismatch::RULE;
        let mut c = Capped::new(2);
        for i in 0..1000 {
            c.push(Diagnostic::new(y002, Span::empty(i), "dup"));
        }
        c.push(Diagnostic::new(p001, Span::empty(0), "total"));
        assert_eq!(c.kept.len(), 3);
        assert_eq!(c.omitted().collect::<Vec<_>>(), [(y002, 998)]);
        assert_eq!(thousands(1_999_990), "1,999,990");
        assert_eq!(thousands(999), "999");
    }
}
