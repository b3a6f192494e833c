//! C001 unused-suppression: A suppression comment silences nothing.
//!
//! Reported while suppression comments are applied ([`crate::suppress`]), not by a check on
//! the plan model.

use crate::diagnostic::Severity;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "C001",
    name: "unused-suppression",
    severity: Severity::Warning,
    summary: "A suppression comment silences nothing.",
    docs: include_str!("../../rules/unused-suppression.md"),
};
