//! Y003 yaml-limit: The file exceeds a safety limit: size, nesting depth or alias expansion.
//!
//! Reported while the file is loaded, not by a check on the plan model.

use crate::diagnostic::Severity;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "Y003",
    name: "yaml-limit",
    severity: Severity::Error,
    summary: "The file exceeds a safety limit: size, nesting depth or alias expansion.",
    docs: include_str!("../../rules/yaml-limit.md"),
};
