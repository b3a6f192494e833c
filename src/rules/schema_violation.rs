//! S001 schema-violation: The plan does not follow the plan schema (schemas/plan.schema.json).
//!
//! Reported while the file is loaded, not by a check on the plan model.

use crate::diagnostic::Severity;
use crate::rules::Rule;

pub static RULE: Rule = Rule {
    code: "S001",
    name: "schema-violation",
    severity: Severity::Error,
    summary: "The plan does not follow the plan schema (schemas/plan.schema.json).",
    docs: include_str!("../../rules/schema-violation.md"),
};
