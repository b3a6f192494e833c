//! Baselines: `--write-baseline FILE` records today's findings by fingerprint; `--baseline FILE`
//! then reports only the findings that are not in it, and counts the recorded ones that are gone.
//!
//! A fingerprint hashes the rule, the file, the message and the finding's context without any
//! line number: in a YAML or Markdown file the text of the finding and of its line, in a Word
//! document its place in words ("table 11.6, row “Publications”, column “2026 planned”"). Edits
//! elsewhere in the file leave it as it was. Findings with the same hash are told apart by their
//! order (`…:1`, `…:2`). SARIF's `partialFingerprints` are the same values.

use crate::check::FileReport;
use crate::diagnostic::Diagnostic;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// 64-bit FNV-1a over the parts, each followed by a 0xFF byte (which UTF-8 never has).
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// What a finding is, without where in the file it is by line.
fn context(r: &FileReport, d: &Diagnostic) -> String {
    match &d.place {
        Some(place) => place.description.clone(),
        None => {
            let line = r.source.line_col(d.span.start).line;
            format!("{}\n{}", r.source.slice(d.span).trim(), r.source.line_text(line).trim())
        }
    }
}

/// The fingerprint of each finding of a report, in order: `hash:occurrence`.
pub fn fingerprints(r: &FileReport) -> Vec<String> {
    let mut seen: HashMap<u64, usize> = HashMap::new();
    r.diagnostics
        .iter()
        .map(|d| {
            let hash = fnv1a(&[d.rule.code, &r.source.name, &d.message, &context(r, d)]);
            let n = seen.entry(hash).or_insert(0);
            *n += 1;
            format!("{hash:016x}:{n}")
        })
        .collect()
}

/// A file's name as the baseline keeps it: without a leading `./`.
fn file_key(name: &str) -> &str {
    let mut name = name;
    while let Some(rest) = name.strip_prefix("./") {
        name = rest;
    }
    name
}

#[derive(Serialize, Deserialize)]
struct Entry {
    file: String,
    rule: String,
    fingerprint: String,
    /// For people reading the file; not compared.
    message: String,
}

#[derive(Serialize, Deserialize)]
struct File {
    #[serde(rename = "plan-lint-baseline")]
    version: u32,
    findings: Vec<Entry>,
}

/// Write the findings of `reports` (lines that stand for findings past the cap excepted) as a
/// baseline; returns how many were recorded.
pub fn write(path: &Path, reports: &[FileReport]) -> Result<usize, String> {
    let mut findings = Vec::new();
    for r in reports {
        for (d, fingerprint) in r.diagnostics.iter().zip(fingerprints(r)) {
            if d.omitted > 0 {
                continue;
            }
            findings.push(Entry {
                file: file_key(&r.source.name).to_owned(),
                rule: d.rule.code.to_owned(),
                fingerprint,
                message: d.message.clone(),
            });
        }
    }
    let n = findings.len();
    let mut text = serde_json::to_string_pretty(&File { version: 1, findings }).map_err(|e| e.to_string())?;
    text.push('\n');
    std::fs::write(path, text).map_err(|e| format!("cannot write the baseline {}: {e}", path.display()))?;
    Ok(n)
}

/// What applying a baseline did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Findings in the baseline, and still there (not reported).
    pub known: usize,
    /// Findings in the baseline, of files checked in this run, that are no longer found.
    pub gone: usize,
}

/// Read a baseline.
pub fn read(path: &Path) -> Result<HashMap<(String, String), Vec<String>>, String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("cannot read the baseline {}: {e}", path.display()))?;
    let file: File = serde_json::from_str(&text)
        .map_err(|e| format!("{} is not a plan-lint baseline (--write-baseline writes one): {e}", path.display()))?;
    let mut by_file: HashMap<(String, String), Vec<String>> = HashMap::new();
    for e in file.findings {
        by_file.entry((e.file, e.rule)).or_default().push(e.fingerprint);
    }
    Ok(by_file)
}

/// Drop from `reports` the findings the baseline has, and count them and the ones gone.
pub fn apply(baseline: &HashMap<(String, String), Vec<String>>, reports: &mut [FileReport]) -> Applied {
    let mut applied = Applied::default();
    let mut checked = std::collections::HashSet::new();
    for r in reports.iter_mut() {
        let file = file_key(&r.source.name).to_owned();
        let prints = fingerprints(r);
        let mut keep = Vec::with_capacity(r.diagnostics.len());
        for (d, print) in r.diagnostics.drain(..).zip(prints) {
            let key = (file.clone(), d.rule.code.to_owned());
            let known = d.omitted == 0 && baseline.get(&key).is_some_and(|v| v.contains(&print));
            if known {
                applied.known += 1;
            } else {
                keep.push(d);
            }
        }
        r.diagnostics = keep;
        checked.insert(file);
    }
    let known = applied.known;
    let recorded: usize = baseline.iter().filter(|((f, _), _)| checked.contains(f)).map(|(_, v)| v.len()).sum();
    applied.gone = recorded - known;
    applied
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_and_keys() {
        assert_eq!(fnv1a(&[]), 0xcbf2_9ce4_8422_2325);
        assert_ne!(fnv1a(&["ab", "c"]), fnv1a(&["a", "bc"]));
        assert_eq!(file_key("././plans/a.yaml"), "plans/a.yaml");
    }
}
