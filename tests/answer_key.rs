//! plan-lint measured against the answer key (`answer-key/`, see its README): every finding on
//! the 2026 corpus, the 2027 sample and the seed is matched to the key's reviewed entries.
//!
//! The key was built without plan-lint's importer or rules: an independent reader of the Word
//! XML (`answer-key/reader/docx_reader.py`) listed candidate defects, and each candidate and each
//! finding of the tool was reviewed by hand against the document.
//!
//! Fails when a confirmed defect the tool reported at review time (`reported = true`) is no
//! longer reported, when a reviewed not-defect the tool did not report at review time (a false
//! positive that was fixed, or a new one) is reported, or when a finding matches no entry (the
//! message lists those as entries ready to review and paste). The false positives the tool made
//! at review time are known (`reported = true` on a not-defect) and listed in a snapshot. The per-rule table (true and
//! false positives, unreviewed, missed, precision, recall) per set (dev / holdout / 2027 / seed)
//! and the lists of missed defects and known false positives are insta snapshots, so an improvement or a regression in
//! recall shows in review.

// Only `shared` is used here.
#[allow(dead_code)]
mod common;

use common::shared;
use plan_lint::check::{CheckOptions, FileReport, check_file};
use plan_lint::diagnostic::Severity;
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One reviewed entry of the key.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct Entry {
    file: String,
    rule: String,
    verdict: String,
    table: Option<String>,
    figure: Option<String>,
    paragraph: Option<String>,
    footnote: Option<String>,
    row: Option<String>,
    column: Option<String>,
    /// Words of the finding's place description (e.g. `heading “Proposed programme plan…`).
    place: Option<String>,
    /// For Markdown documents (the seed): the line of the finding.
    line: Option<usize>,
    /// Words of the finding's message, where the place alone does not single it out.
    message: Option<String>,
    stated: Option<String>,
    expected: Option<String>,
    evidence: String,
    /// The tool reported this entry when it was reviewed. A defect so marked must stay
    /// reported; a not-defect so marked is a known false positive (listed in a snapshot), and a
    /// not-defect without it must never be reported.
    #[serde(default)]
    reported: bool,
    /// A remark for the reader of the key; not matched.
    #[allow(dead_code)]
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Key {
    #[serde(default)]
    entry: Vec<Entry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Split {
    rule: String,
    dev: Vec<String>,
    holdout: Vec<String>,
}

/// What the test needs of a finding.
#[derive(Debug, Clone)]
struct Finding {
    file: String,
    rule: String,
    message: String,
    line: usize,
    description: String,
    table: Option<String>,
    figure: Option<String>,
    paragraph: Option<String>,
    row: Option<String>,
    column: Option<String>,
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn load_key(name: &str) -> Vec<Entry> {
    let path = repo(&format!("answer-key/{name}"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let key: Key = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    for e in &key.entry {
        assert!(
            e.verdict == "defect" || e.verdict == "not-defect",
            "{}: entry for {} {}: verdict must be \"defect\" or \"not-defect\", not {:?}",
            path.display(),
            e.file,
            e.rule,
            e.verdict
        );
        assert!(!e.evidence.trim().is_empty(), "{}: entry for {} {} has no evidence", path.display(), e.file, e.rule);
    }
    key.entry
}

/// Spaces collapsed, every dash a hyphen, the ellipsis of a shortened label dropped.
fn norm(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            '\u{a0}' | '\t' | '\n' => ' ',
            c => c,
        })
        .collect();
    let s = s.trim_end_matches('…');
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn same(a: &Option<String>, b: &Option<String>) -> bool {
    match a {
        None => true,
        Some(want) => b.as_ref().is_some_and(|got| norm(got).eq_ignore_ascii_case(&norm(want))),
    }
}

fn row_matches(want: &Option<String>, got: &Option<String>) -> bool {
    match want {
        None => true,
        Some(want) => got.as_ref().is_some_and(|got| {
            let (w, g) = (norm(want).to_lowercase(), norm(got).to_lowercase());
            !w.is_empty() && !g.is_empty() && (g.starts_with(&w) || w.starts_with(&g))
        }),
    }
}

fn matches(e: &Entry, f: &Finding) -> bool {
    e.file == f.file
        && e.rule == f.rule
        && same(&e.table, &f.table)
        && same(&e.figure, &f.figure)
        && same(&e.paragraph, &f.paragraph)
        && (same(&e.column, &f.column)
            // A total the document left out altogether (a row with no cells in the YAML) is
            // placed at its row; its message names the column.
            || f.column.is_none()
                && e.column.as_ref().is_some_and(|c| f.message.contains(&format!("column “{c}”"))))
        && row_matches(&e.row, &f.row)
        && e.line.is_none_or(|l| l == f.line)
        && e.footnote.as_ref().is_none_or(|n| {
            // "footnote 3", "footnote e, …", "note * of the front matter"
            let d = norm(&f.description);
            let d = d.strip_prefix("foot").unwrap_or(&d);
            let want = format!("note {}", norm(n));
            d == want || d.starts_with(&format!("{want},")) || d.starts_with(&format!("{want} "))
        })
        && e.place.as_ref().is_none_or(|p| norm(&f.description).to_lowercase().contains(&norm(p).to_lowercase()))
        && e.message.as_ref().is_none_or(|m| norm(&f.message).to_lowercase().contains(&norm(m).to_lowercase()))
}

fn findings_of(file: &str, report: &FileReport) -> Vec<Finding> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Info)
        .map(|d| {
            let p = d.place.clone().unwrap_or_default();
            Finding {
                file: file.to_owned(),
                rule: d.rule.code.to_owned(),
                message: d.message.clone(),
                line: report.source.line_col(d.span.start).line,
                description: p.description,
                table: p.table,
                figure: p.figure,
                paragraph: p.paragraph,
                row: p.row,
                column: p.column,
            }
        })
        .collect()
}

/// The set of the edition rules: the 2027 sample compared with the 2026 corpus.
const EDITIONS: &str = "2027 vs 2026";
const EDITION_RULES: [&str; 5] = ["P016", "P017", "P018", "P019", "P020"];

/// Options comparing a fascicle of the 2027 sample (`A_81_6 (SECT. 16).docx`) with its 2026
/// edition (`A_80_6_Sect.16.docx`).
fn edition_options(file: &str) -> CheckOptions {
    let section = file.trim_start_matches("A_81_6 (SECT. ").trim_end_matches(").docx");
    let old = shared(&format!("corpus/ppb2026/A_80_6_Sect.{section}.docx"));
    let edition = plan_lint::edition::Edition::load(&old, &Default::default()).unwrap();
    CheckOptions { previous: Some(std::sync::Arc::new(edition)), ..CheckOptions::default() }
}

fn docx_in(dir: &str) -> Vec<PathBuf> {
    let dir = shared(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    files.sort();
    files
}

fn name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

/// A finding as a key entry, ready to review and paste.
fn as_entry(f: &Finding) -> String {
    let mut s = format!("[[entry]]\nfile = {:?}\nrule = {:?}\nverdict = \"?\"\n", f.file, f.rule);
    for (k, v) in [
        ("table", &f.table),
        ("figure", &f.figure),
        ("paragraph", &f.paragraph),
        ("row", &f.row),
        ("column", &f.column),
    ] {
        if let Some(v) = v {
            s += &format!("{k} = {:?}\n", v.trim_end_matches('…'));
        }
    }
    if f.description.is_empty() {
        s += &format!("line = {}\n", f.line);
    } else if f.table.is_none() && f.figure.is_none() && f.paragraph.is_none() {
        s += &format!("place = {:?}\n", f.description);
    }
    s += &format!("evidence = \"?\"  # {}\n", f.message);
    s
}

#[derive(Default, Clone, Copy)]
struct Tally {
    tp: usize,
    fp: usize,
    unreviewed: usize,
    missed: usize,
}

fn pct(a: usize, b: usize) -> String {
    if b == 0 { "–".to_owned() } else { format!("{:.0} %", 100.0 * a as f64 / b as f64) }
}

struct Outcome {
    table: String,
    missed: Vec<String>,
    known_false: Vec<String>,
    failures: Vec<String>,
    unreviewed: Vec<String>,
    all_defects_reported: Vec<String>,
}

/// The evaluation, made once for both tests (checking every document takes a while).
fn evaluate() -> &'static Outcome {
    static OUT: std::sync::OnceLock<Outcome> = std::sync::OnceLock::new();
    OUT.get_or_init(evaluate_now)
}

fn evaluate_now() -> Outcome {
    let split: Split = toml::from_str(&std::fs::read_to_string(repo("answer-key/split.toml")).unwrap()).unwrap();
    let corpus = docx_in("corpus/ppb2026");
    let sample = docx_in("corpus/ppb2027-sample");
    let seed = shared("seeds/000_cbe8c661e20bcd8f.txt");

    // Every fascicle is in exactly one of dev and holdout.
    let names: Vec<String> = corpus.iter().map(|p| name(p)).collect();
    for n in &names {
        let (d, h) = (split.dev.contains(n), split.holdout.contains(n));
        assert!(d ^ h, "split.toml: {n} must be in exactly one of dev and holdout");
    }
    for n in split.dev.iter().chain(&split.holdout) {
        assert!(names.contains(n), "split.toml names {n}, which is not in the corpus");
    }
    assert!(!split.rule.is_empty());

    let mut sets: Vec<(&str, Vec<PathBuf>, Vec<Entry>)> = Vec::new();
    let key26 = load_key("ppb2026.toml");
    let in_set = |n: &[String]| -> (Vec<PathBuf>, Vec<Entry>) {
        let files = corpus.iter().filter(|p| n.contains(&name(p))).cloned().collect();
        let entries = key26.iter().filter(|e| n.contains(&e.file)).cloned().collect();
        (files, entries)
    };
    let (f, e) = in_set(&split.dev);
    sets.push(("dev (2026)", f, e));
    let (f, e) = in_set(&split.holdout);
    sets.push(("holdout (2026)", f, e));
    sets.push(("2027 sample", sample.clone(), load_key("ppb2027.toml")));
    sets.push(("seed", vec![seed.clone()], load_key("seed.toml")));
    // The edition rules: each fascicle of the 2027 sample compared with its 2026 edition.
    sets.push((EDITIONS, sample.clone(), load_key("editions.toml")));

    // Every entry names a document of its set.
    for (set, files, entries) in &sets {
        let names: Vec<String> = files.iter().map(|p| name(p)).collect();
        for e in entries {
            assert!(names.contains(&e.file), "{set}: entry for {:?} names no document of the set", e.file);
        }
    }
    for e in &key26 {
        assert!(names.contains(&e.file), "ppb2026.toml: entry for {:?} names no fascicle", e.file);
    }

    let all: Vec<PathBuf> = corpus.iter().chain(&sample).chain([&seed]).cloned().collect();
    let reports: BTreeMap<String, Vec<Finding>> = all
        .par_iter()
        .map(|p| {
            let bytes = std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let n = name(p);
            let report = check_file(&n, bytes, &CheckOptions::default());
            (n.clone(), findings_of(&n, &report))
        })
        .collect();
    let compared: BTreeMap<String, Vec<Finding>> = sample
        .par_iter()
        .map(|p| {
            let n = name(p);
            let report = check_file(&n, std::fs::read(p).unwrap(), &edition_options(&n));
            let found = findings_of(&n, &report).into_iter().filter(|f| EDITION_RULES.contains(&f.rule.as_str()));
            (n.clone(), found.collect())
        })
        .collect();

    let mut table = String::from("set             rule   true  false  unreviewed  missed  precision  recall\n");
    let (mut missed, mut failures, mut unreviewed, mut all_defects_reported) = (vec![], vec![], vec![], vec![]);
    let mut known_false = vec![];
    for (set, files, entries) in &sets {
        let mut tally: BTreeMap<String, Tally> = BTreeMap::new();
        let mut hit = vec![false; entries.len()];
        let reports = if *set == EDITIONS { &compared } else { &reports };
        for p in files {
            for f in &reports[&name(p)] {
                let t = tally.entry(f.rule.clone()).or_default();
                // The first matching entry no finding has matched yet, else the first one: two
                // defects at one place (two measures of one chart) are two entries.
                let matching: Vec<usize> = (0..entries.len()).filter(|&i| matches(&entries[i], f)).collect();
                let chosen = matching.iter().copied().find(|&i| !hit[i]).or(matching.first().copied());
                match chosen {
                    Some(i) => {
                        hit[i] = true;
                        if entries[i].verdict == "defect" {
                            t.tp += 1;
                        } else {
                            t.fp += 1;
                            // A false positive the tool made at review time is known and listed;
                            // one it did not make (or no longer made) is a regression.
                            let line = format!(
                                "{set}: {} {} at {}: {}",
                                f.rule,
                                f.file,
                                if f.description.is_empty() {
                                    format!("line {}", f.line)
                                } else {
                                    f.description.clone()
                                },
                                f.message
                            );
                            if entries[i].reported {
                                known_false.push(line);
                            } else {
                                failures.push(format!(
                                    "a reviewed not-defect is reported: {line}\n  key: {}",
                                    entries[i].evidence
                                ));
                            }
                        }
                    }
                    None => {
                        t.unreviewed += 1;
                        unreviewed.push(as_entry(f));
                    }
                }
            }
        }
        for (i, e) in entries.iter().enumerate() {
            if e.verdict != "defect" || hit[i] {
                continue;
            }
            tally.entry(e.rule.clone()).or_default().missed += 1;
            let mut place = Vec::new();
            for (k, v) in [
                ("table", &e.table),
                ("figure", &e.figure),
                ("paragraph", &e.paragraph),
                ("footnote", &e.footnote),
                ("row", &e.row),
                ("column", &e.column),
                ("place", &e.place),
            ] {
                if let Some(v) = v {
                    place.push(format!("{k} {v}"));
                }
            }
            if let Some(l) = e.line {
                place.push(format!("line {l}"));
            }
            let what = match (&e.stated, &e.expected) {
                (Some(s), Some(x)) => format!(" ({s}, expected {x})"),
                (Some(s), None) => format!(" ({s})"),
                _ => String::new(),
            };
            let line = format!("{set}: {} {} {}{what}", e.rule, e.file, place.join(", "));
            if e.reported {
                failures.push(format!("a confirmed defect the tool reported is no longer reported: {line}"));
            }
            if matches!(e.rule.as_str(), "P001" | "P006" | "P003") {
                all_defects_reported.push(line.clone());
            }
            missed.push(line);
        }
        for (rule, t) in &tally {
            let reviewed = t.tp + t.fp;
            table += &format!(
                "{set:<15} {rule:<6} {:>4} {:>6} {:>11} {:>7} {:>10} {:>7}\n",
                t.tp,
                t.fp,
                t.unreviewed,
                t.missed,
                pct(t.tp, reviewed),
                pct(t.tp, t.tp + t.missed)
            );
        }
    }
    Outcome { table, missed, known_false, failures, unreviewed, all_defects_reported }
}

#[test]
fn findings_match_the_answer_key() {
    let out = evaluate();
    println!("{}", out.table);
    insta::assert_snapshot!("per_rule", out.table);
    insta::assert_snapshot!("missed_defects", out.missed.join("\n"));
    insta::assert_snapshot!("known_false_positives", out.known_false.join("\n"));
    let mut problems = out.failures.clone();
    if !out.unreviewed.is_empty() {
        problems.push(format!(
            "{} findings match no entry of the key: review each against the document and add it \
             (answer-key/README.md says how):\n\n{}",
            out.unreviewed.len(),
            out.unreviewed.join("\n")
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Issue 9's bar: every confirmed total, period-title and cross-reference defect is reported.
#[test]
fn every_confirmed_total_period_and_xref_defect_is_reported() {
    let out = evaluate();
    assert!(
        out.all_defects_reported.is_empty(),
        "{} confirmed P001/P006/P003 defects are not reported:\n{}",
        out.all_defects_reported.len(),
        out.all_defects_reported.join("\n")
    );
}
