//! Y001 invalid-yaml: The file is not valid YAML (or not text at all).
//!
//! Reported while the file is loaded, not by a check on the plan model.

use crate::diagnostic::Severity;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "Y001",
    name: "invalid-yaml",
    severity: Severity::Error,
    summary: "The file is not valid YAML (or not text at all).",
    docs: include_str!("../../rules/invalid-yaml.md"),
};
