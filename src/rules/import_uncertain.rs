//! I001 import-uncertain: the importer could not map part of a Word or Markdown document with
//! confidence.
//!
//! Reported by [`crate::import`] while a document is imported, not by a check on the plan model.

use crate::diagnostic::Severity;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "I001",
    name: "import-uncertain",
    severity: Severity::Info,
    summary: "Part of a Word or Markdown document could not be imported with confidence.",
    docs: include_str!("../../rules/import-uncertain.md"),
};
