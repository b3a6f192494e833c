//! Y002 duplicate-key: A mapping names the same key twice.
//!
//! Reported while the file is loaded, not by a check on the plan model.

use crate::diagnostic::Severity;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "Y002",
    name: "duplicate-key",
    severity: Severity::Error,
    summary: "A mapping names the same key twice.",
    docs: include_str!("../../rules/duplicate-key.md"),
};
