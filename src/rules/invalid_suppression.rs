//! C002 invalid-suppression: A suppression comment is malformed or names no rule.
//!
//! Reported while suppression comments are applied ([`crate::suppress`]), not by a check on
//! the plan model.

use crate::diagnostic::Severity;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "C002",
    name: "invalid-suppression",
    severity: Severity::Error,
    summary: "A suppression comment is malformed or names no rule.",
    docs: include_str!("../../rules/invalid-suppression.md"),
};
