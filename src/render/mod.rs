//! Renderers: each turns the same findings into one output format.

mod concise;
mod github;
mod html;
mod human;
mod json;
mod junit;
mod markdown;
mod sarif;

use crate::check::FileReport;
use crate::diagnostic::Severity;
use std::io::{self, Write};

pub use concise::render as concise;
pub use github::render as github;
pub use html::render as html;
pub use human::render as human;
pub use json::render as json;
pub use junit::render as junit;
pub use markdown::render as markdown;
pub use sarif::render as sarif;
pub use sarif::to_value as sarif_value;

/// The output formats of `plan-lint check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source snippets with the place underlined (rustc/miette style).
    Human,
    /// One line per finding: `file:line:col: severity[CODE] message`.
    Concise,
    /// A JSON array, one object per finding (a stable contract, see the README).
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// JUnit XML.
    Junit,
    /// GitHub-flavoured Markdown tables, for $GITHUB_STEP_SUMMARY and pull-request comments.
    Markdown,
    /// One self-contained HTML page: summaries, filters, each finding in its table or text.
    Html,
}

/// Render all reports in `format`.
pub fn render(format: Format, reports: &[FileReport], color: bool, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Human => human(reports, color, out),
        Format::Concise => concise(reports, color, out),
        Format::Json => json(reports, out),
        Format::Sarif => sarif(reports, out),
        Format::Github => github(reports, out),
        Format::Junit => junit(reports, out),
        Format::Markdown => markdown(reports, out),
        Format::Html => html(reports, out),
    }
}

/// One line of `--statistics`: a rule, how many findings it made, how many of them are fixable.
struct RuleCount {
    rule: &'static crate::rules::Rule,
    count: usize,
    safe: usize,
    unsafe_: usize,
}

/// The findings counted by rule, most findings first.
fn count_by_rule(reports: &[FileReport]) -> Vec<RuleCount> {
    use crate::diagnostic::Applicability;
    let mut rows: Vec<RuleCount> = Vec::new();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        let row = match rows.iter().position(|r| r.rule == d.rule) {
            Some(i) => &mut rows[i],
            None => {
                rows.push(RuleCount { rule: d.rule, count: 0, safe: 0, unsafe_: 0 });
                rows.last_mut().expect("just pushed")
            }
        };
        row.count += d.count();
        match d.fix.as_ref().map(|f| f.applicability) {
            Some(Applicability::Safe) => row.safe += 1,
            Some(Applicability::Unsafe) => row.unsafe_ += 1,
            None => {}
        }
    }
    rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.rule.code.cmp(b.rule.code)));
    rows
}

/// `--statistics`: how many findings each rule made, and how many can be fixed.
pub fn statistics(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    for row in count_by_rule(reports) {
        let mut fixable = Vec::new();
        if row.safe > 0 {
            fixable.push(format!("{} fixable", row.safe));
        }
        if row.unsafe_ > 0 {
            fixable.push(format!("{} with --unsafe-fixes", row.unsafe_));
        }
        let fixable = if fixable.is_empty() { String::new() } else { format!(" [{}]", fixable.join(", ")) };
        let line = format!("{:>6}  {:<5} {:<22}{fixable}", row.count, row.rule.code, row.rule.name);
        writeln!(out, "{}", line.trim_end())?;
    }
    writeln!(out, "{}", summary(reports))
}

/// `--statistics --format json`: an array with an object per rule that made findings, most
/// findings first: `rule`, `name`, `count`, `fixable` (by `--fix`), `unsafe_fixable` (by
/// `--unsafe-fixes` only).
pub fn statistics_json(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let rows: Vec<serde_json::Value> = count_by_rule(reports)
        .into_iter()
        .map(|r| {
            serde_json::json!({"rule": r.rule.code, "name": r.rule.name, "count": r.count,
                               "fixable": r.safe, "unsafe_fixable": r.unsafe_})
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &rows)?;
    writeln!(out)
}

/// Counts for the closing line of the human and concise formats.
pub fn summary(reports: &[FileReport]) -> String {
    // A line that stands for the findings past the cap counts as all of them.
    let count = |s: Severity| -> usize {
        reports.iter().flat_map(|r| &r.diagnostics).filter(|d| d.severity == s).map(|d| d.count()).sum()
    };
    let (errors, warnings, infos) = (count(Severity::Error), count(Severity::Warning), count(Severity::Info));
    let total = errors + warnings + infos;
    let files = reports.len();
    let files_word = if files == 1 { "file" } else { "files" };
    if total == 0 {
        return format!("No findings in {files} {files_word}.");
    }
    let with_findings = reports.iter().filter(|r| !r.diagnostics.is_empty()).count();
    let mut parts = Vec::new();
    for (n, word) in [(errors, "error"), (warnings, "warning"), (infos, "info")] {
        if n > 0 {
            parts.push(format!("{n} {word}{}", if n == 1 || word == "info" { "" } else { "s" }));
        }
    }
    let fixable = |a: crate::diagnostic::Applicability| {
        reports
            .iter()
            .flat_map(|r| &r.diagnostics)
            .filter(|d| d.fix.as_ref().is_some_and(|f| f.applicability == a))
            .count()
    };
    let safe = fixable(crate::diagnostic::Applicability::Safe);
    let unsafe_ = fixable(crate::diagnostic::Applicability::Unsafe);
    let mut fixes = String::new();
    if safe > 0 {
        fixes += &format!(" {safe} fixable with --fix.");
    }
    if unsafe_ > 0 {
        fixes += &format!(" {unsafe_} more with --unsafe-fixes.");
    }
    format!(
        "Found {total} finding{} in {with_findings} of {files} {files_word}: {}.{fixes}",
        if total == 1 { "" } else { "s" },
        parts.join(", ")
    )
}

/// How long a quoted name (“…”) in a place may be in human and concise output.
const BRIEF_QUOTE: usize = 50;

/// A Word place as human and concise output show it: every quoted name (a row label, a heading)
/// cut to [`BRIEF_QUOTE`] characters. Machine formats (JSON, SARIF, JUnit, GitHub) keep the whole
/// text, which a reviewer pastes into Word's search.
fn brief(place: &crate::diagnostic::Place) -> String {
    let mut out = String::with_capacity(place.description.len());
    let mut rest = place.description.as_str();
    while let Some(open) = rest.find('“') {
        let inner = &rest[open + '“'.len_utf8()..];
        let Some(close) = inner.find('”') else { break };
        out.push_str(&rest[..open + '“'.len_utf8()]);
        out.push_str(&crate::yaml::shorten(&inner[..close], BRIEF_QUOTE));
        out.push('”');
        rest = &inner[close + '”'.len_utf8()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod brief_tests {
    use crate::diagnostic::Place;

    #[test]
    fn brief_cuts_each_quoted_name_and_keeps_the_rest() {
        let long = "Seminars, workshops and training events on the prevention of crime and criminal justice";
        let place = Place {
            description: format!("table 6.2, row “{long}”, column “2026 planned”"),
            ..Place::default()
        };
        assert_eq!(
            super::brief(&place),
            "table 6.2, row “Seminars, workshops and training events on the pre…”, column “2026 planned”"
        );
        let plain = Place { description: "paragraph 16.48 and a stray “ quote".into(), ..Place::default() };
        assert_eq!(super::brief(&plain), plain.description);
    }
}
