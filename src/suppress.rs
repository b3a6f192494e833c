//! Suppression comments in YAML plans.
//!
//! - `# plan-lint: ignore[P001] reason` at the end of a line silences those rules on that line;
//!   alone on a line, on the next line that is not blank or a comment.
//! - `# plan-lint: disable[P002]` … `# plan-lint: enable[P002]` silences a range of lines.
//! - `# plan-lint: disable-file[P002]` silences the whole file.
//!
//! Rules are named by code, code prefix or name, comma-separated. A suppression that silences
//! nothing is reported (C001), and so is one that is malformed or names no rule (C002).
//! Y001 and Y003 cannot be silenced: a file that could not be read was not checked.

use crate::config::{Settings, selects, valid_selector};
use crate::diagnostic::Diagnostic;
use crate::rules::{Rule, invalid_suppression, unused_suppression};
use crate::source::{SourceFile, Span};
use regex::Regex;
use std::sync::LazyLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    Ignore,
    Disable,
    Enable,
    DisableFile,
}

#[derive(Debug)]
struct Directive {
    action: Action,
    selectors: Vec<String>,
    /// The comment from `#` to the end of the line.
    span: Span,
    /// First and last line (1-based) it covers.
    lines: (usize, usize),
    used: bool,
}

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^#\s*plan-lint\s*:\s*(?P<action>[a-z-]+)\s*(?:\[(?P<codes>[^\]]*)\])?(?P<rest>.*)$").unwrap()
});

/// Find the directives in `source`, skipping `#` inside scalars (`inside`: spans of scalars).
fn directives(source: &SourceFile, inside: &[Span], problems: &mut Vec<Diagnostic>) -> Vec<Directive> {
    let mut found = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let lines = source.line_count();
    for line in 1..=lines {
        let text = source.line_text(line);
        let Some(hash) = comment_start(text) else { continue };
        let comment = &text[hash..];
        if !comment.contains("plan-lint") {
            continue;
        }
        let start = source.offset_of(line, 0) + hash;
        if inside.iter().any(|s| s.start <= start && start < s.end) {
            continue;
        }
        let span = Span::new(start, start + comment.trim_end().len());
        let Some(c) = DIRECTIVE.captures(comment) else { continue };
        let action = match &c["action"] {
            "ignore" => Action::Ignore,
            "disable" => Action::Disable,
            "enable" => Action::Enable,
            "disable-file" => Action::DisableFile,
            other => {
                problems.push(
                    Diagnostic::new(&invalid_suppression::RULE, span, format!("unknown suppression `{other}`"))
                        .with_help("write ignore[CODE], disable[CODE], enable[CODE] or disable-file[CODE]"),
                );
                continue;
            }
        };
        let Some(codes) = c.name("codes") else {
            problems.push(
                Diagnostic::new(&invalid_suppression::RULE, span, "a suppression must name its rules in brackets")
                    .with_help(format!("e.g. `# plan-lint: {}[P001] reason`", &c["action"])),
            );
            continue;
        };
        let selectors: Vec<String> =
            codes.as_str().split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect();
        if selectors.is_empty() {
            problems.push(Diagnostic::new(
                &invalid_suppression::RULE,
                span,
                "a suppression must name at least one rule",
            ));
            continue;
        }
        let unknown: Vec<&String> = selectors.iter().filter(|s| !valid_selector(s)).collect();
        if !unknown.is_empty() {
            let list: Vec<String> = unknown.iter().map(|s| format!("`{s}`")).collect();
            problems.push(
                Diagnostic::new(&invalid_suppression::RULE, span, format!("{} names no rule", list.join(", ")))
                    .with_help("`plan-lint rules` lists the codes and names"),
            );
            continue;
        }
        let own_line = text[..hash].trim().is_empty();
        let lines_covered = match action {
            Action::Ignore if own_line => {
                let next = (line + 1..=lines)
                    .find(|&l| {
                        let t = source.line_text(l).trim_start();
                        !t.is_empty() && !t.starts_with('#')
                    })
                    .unwrap_or(line);
                (next, next)
            }
            Action::Ignore => (line, line),
            Action::Disable => {
                open.push(found.len());
                (line, lines)
            }
            Action::Enable => {
                // Close the latest open range that names the same rules.
                match open.iter().rposition(|&i| same(&found[i], &selectors)) {
                    Some(at) => {
                        let i = open.remove(at);
                        let d: &mut Directive = &mut found[i];
                        d.lines.1 = line;
                        continue;
                    }
                    None => {
                        problems.push(
                            Diagnostic::new(
                                &invalid_suppression::RULE,
                                span,
                                "nothing to enable: no disable before it names these rules",
                            )
                            .with_help("pair each `disable[...]` with an `enable[...]` naming the same rules"),
                        );
                        continue;
                    }
                }
            }
            Action::DisableFile => (1, lines),
        };
        found.push(Directive { action, selectors, span, lines: lines_covered, used: false });
    }
    found
}

fn same(d: &Directive, selectors: &[String]) -> bool {
    d.action == Action::Disable
        && d.selectors.iter().map(|s| s.to_ascii_lowercase()).eq(selectors.iter().map(|s| s.to_ascii_lowercase()))
}

/// Where a YAML comment starts on a line: a `#` at the start or after white space.
fn comment_start(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    (0..bytes.len()).find(|&i| bytes[i] == b'#' && (i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t'))
}

/// Drop the findings the comments silence; add findings for suppressions that silence nothing
/// or are malformed. `scalars` are the spans of scalars that mention "plan-lint" (a `#` inside a
/// quoted or block scalar is text, not a comment).
pub fn apply(source: &SourceFile, scalars: &[Span], settings: &Settings, diagnostics: &mut Vec<Diagnostic>) {
    if !source.text.contains("plan-lint") {
        return;
    }
    let mut problems = Vec::new();
    let mut found = directives(source, scalars, &mut problems);
    diagnostics.retain(|d| {
        if !d.rule.selectable() || d.place.is_some() || d.omitted > 0 {
            return true;
        }
        let line = source.line_col(d.span.start).line;
        let mut silenced = false;
        for dir in &mut found {
            if dir.lines.0 <= line && line <= dir.lines.1 && dir.selectors.iter().any(|s| selects(s, d.rule)) {
                dir.used = true;
                silenced = true;
            }
        }
        !silenced
    });
    // Only say a suppression is unused when its rules ran: not when the file could not be read,
    // nor for rules this configuration turns off.
    let unreadable = diagnostics.iter().any(|d| !d.rule.selectable());
    if !unreadable {
        for dir in found.iter().filter(|d| !d.used) {
            let ran = dir
                .selectors
                .iter()
                .any(|s| crate::rules::REGISTRY.iter().any(|r: &&Rule| selects(s, r) && settings.enabled(r)));
            // Findings past the cap were not kept: one of them may be what this one silences.
            let capped = diagnostics.iter().any(|d| d.omitted > 0 && dir.selectors.iter().any(|s| selects(s, d.rule)));
            let ran = ran && !capped;
            if ran {
                let what = dir.selectors.join(", ");
                problems.push(
                    Diagnostic::new(
                        &unused_suppression::RULE,
                        dir.span,
                        format!("this suppression of {what} silences nothing"),
                    )
                    .with_help("remove it: the finding it was for is gone"),
                );
            }
        }
    }
    diagnostics.append(&mut problems);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::plan;

    fn codes_at(yaml: &str) -> Vec<String> {
        let report = crate::check::check_source(SourceFile::new("t.yaml", yaml), &Default::default());
        // Only the rules these tests are about (footnote rules also look at these plans).
        report
            .diagnostics
            .iter()
            .filter(|d| ["P001", "P002", "C001", "C002"].contains(&d.rule.code))
            .map(|d| format!("{}@{}", d.rule.code, report.source.line_col(d.span.start).line))
            .collect()
    }

    const FOOTNOTES: &str = "  - footnote: 1\n    text: to be updated\n  - footnote: 2\n    text: to be updated\n";

    #[test]
    fn ignore_on_or_above_the_line() {
        let yaml = plan(
            "  - footnote: 1\n    text: to be updated  # plan-lint: ignore[P002] known\n  - footnote: 2\n    \
             # plan-lint: ignore[placeholder-text]\n\n    text: to be updated\n  - footnote: 3\n    text: to be updated\n",
        );
        assert_eq!(codes_at(&yaml), ["P002@14"]);
    }

    #[test]
    fn ranges_and_whole_files() {
        let yaml = plan(&format!("  # plan-lint: disable[P002]\n{FOOTNOTES}  # plan-lint: enable[P002]\n{FOOTNOTES}"));
        assert_eq!(codes_at(&yaml), ["P002@14", "P002@16"]);
        let yaml = format!("# plan-lint: disable-file[P]\n{}", plan(FOOTNOTES));
        assert_eq!(codes_at(&yaml), Vec::<String>::new());
    }

    #[test]
    fn unused_and_invalid_suppressions_are_reported() {
        let yaml = plan(&format!(
            "{FOOTNOTES}  - prose: fine  # plan-lint: ignore[P001]\n  # plan-lint: ignore[P999]\n  # plan-lint: ignore P002\n  \
             # plan-lint: enable[P002]\n"
        ));
        assert_eq!(codes_at(&yaml), ["P002@8", "P002@10", "C001@11", "C002@12", "C002@13", "C002@14"]);
    }

    #[test]
    fn a_hash_inside_text_is_not_a_comment() {
        let yaml = plan("  - footnote: 1\n    text: \"to be updated # plan-lint: ignore[P002]\"\n");
        assert_eq!(codes_at(&yaml), ["P002@8"]);
    }
}
