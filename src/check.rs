//! The whole pipeline for one file: load, model, schema, rules.

use crate::config::Settings;
use crate::diagnostic::Diagnostic;
use crate::model::Plan;
use crate::rules::{self, Context, invalid_yaml, schema_violation};
use crate::source::{SourceFile, Span};
use crate::yaml::{self, Limits};
use rayon::prelude::*;

/// What checking one file found.
#[derive(Debug)]
pub struct FileReport {
    pub source: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
    /// For a Word or Markdown document: the YAML plan it was imported as (what the findings'
    /// [`Diagnostic::plan_span`] point into); `None` for a YAML file.
    pub plan: Option<String>,
}

/// Options for checking one file.
#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    pub limits: Limits,
    /// Rules, severities and other settings from the configuration and the command line.
    pub settings: Settings,
    /// The previous edition to compare the plan with (the edition rules, P016–P020).
    pub previous: Option<std::sync::Arc<crate::edition::Edition>>,
}

impl CheckOptions {
    fn cancelled(&self) -> bool {
        self.limits.cancelled()
    }
}

/// Decode file bytes as UTF-8 text, or say why they are not a plan. The bytes become the text
/// without a copy; a byte order mark is left out of the text and remembered
/// ([`SourceFile::bom`]).
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<SourceFile, Box<FileReport>> {
    let not_text = |at: usize, why: &str| {
        let source = SourceFile::new(name, String::new());
        let d = Diagnostic::new(&invalid_yaml::RULE, Span::empty(0), format!("not a text file: {why} at byte {at}"))
            .with_help("plan files are UTF-8 text; is this the right file?");
        Box::new(FileReport { source, diagnostics: vec![d], plan: None })
    };
    if let Some(at) = memchr::memchr(0, &bytes) {
        return Err(not_text(at, "a NUL byte"));
    }
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            let bom = text.starts_with('\u{FEFF}');
            if bom {
                text.drain(..3);
            }
            let mut source = SourceFile::new(name, text);
            source.bom = bom;
            Ok(source)
        }
        Err(e) => Err(not_text(e.utf8_error().valid_up_to(), "invalid UTF-8")),
    }
}

/// Check a file by its name: Word and Markdown documents are imported in memory
/// ([`crate::import`]); anything else is read as a YAML plan.
pub fn check_file(name: &str, bytes: Vec<u8>, options: &CheckOptions) -> FileReport {
    match crate::import::DocumentKind::of(name) {
        Some(kind) => crate::import::check_document(name, bytes, kind, options),
        None => check_bytes(name, bytes, options),
    }
}

/// Check a file's bytes as a YAML plan: decode, then [`check_source`].
pub fn check_bytes(name: &str, bytes: Vec<u8>, options: &CheckOptions) -> FileReport {
    match decode(name, bytes) {
        Ok(source) => check_source(source, options),
        Err(report) => *report,
    }
}

/// Run the whole pipeline on one source file. Findings come back sorted by place.
pub fn check_source(source: SourceFile, options: &CheckOptions) -> FileReport {
    // PLAN_LINT_PROFILE=1 prints how long each stage and rule takes, for developers.
    let profile = std::env::var_os("PLAN_LINT_PROFILE").is_some();
    let started = profile.then(std::time::Instant::now);
    let loaded = yaml::load(&source, &options.limits);
    if let Some(t) = started {
        eprintln!("plan-lint profile: {} load {:?}", source.name, t.elapsed());
    }
    let mut diagnostics = loaded.diagnostics;
    if options.cancelled() {
        return FileReport { source, diagnostics, plan: None };
    }
    if loaded.documents.is_empty() && diagnostics.is_empty() {
        diagnostics.push(
            Diagnostic::new(&schema_violation::RULE, Span::empty(0), "the file holds no plan: it is empty")
                .with_help("a plan needs `document:` and `body:`; see the example in the README"),
        );
    }
    let previous = options.previous.as_deref().map(|e| crate::edition::Previous::new(e, options));
    for (index, root) in loaded.documents.iter().enumerate() {
        let Some(root) = root.as_ref().filter(|_| !options.cancelled()) else { continue };
        let mut plan = Plan::build(root);
        plan.meta.default_plan_year = options.settings.plan_year;
        let started = profile.then(std::time::Instant::now);
        let comparison = previous.as_ref().map(|p| crate::edition::Comparison::new(&plan, p));
        if let (Some(t), Some(_)) = (started, &comparison) {
            eprintln!("plan-lint profile: {} match editions {:?}", source.name, t.elapsed());
        }
        // The schema check and the rules are independent: run them side by side, each rule with
        // its own context, and keep the findings in rule order.
        let run_rule = |&(rule, check): &(&'static rules::Rule, rules::Check)| {
            if !options.settings.enabled(rule) || options.cancelled() {
                return None;
            }
            let started = profile.then(std::time::Instant::now);
            let mut cx = Context::with_cap(&source, &options.settings, options.limits.max_findings);
            cx.previous = comparison.as_ref();
            check(&plan, &mut cx);
            if let Some(t) = started {
                eprintln!("plan-lint profile: {} {} {:?}", source.name, rule.code, t.elapsed());
            }
            Some(cx.into_diagnostics())
        };
        let (mut found, by_rule) = rayon::join(
            || {
                let started = profile.then(std::time::Instant::now);
                let found = crate::schema::check(root, &plan, options.limits.max_findings);
                if let Some(t) = started {
                    eprintln!("plan-lint profile: {} model+schema {:?}", source.name, t.elapsed());
                }
                found
            },
            || rules::CHECKS.par_iter().filter_map(run_rule).collect::<Vec<_>>(),
        );
        found.extend(by_rule.into_iter().flatten());
        for mut d in found {
            d.document = index;
            diagnostics.push(d);
        }
    }
    let settings = &options.settings;
    diagnostics.retain(|d| settings.enabled(d.rule));
    for d in &mut diagnostics {
        d.severity = settings.finding_severity(d.rule, d.severity);
    }
    // A `#` inside a quoted or block scalar is text, not a suppression comment. (No
    // `plan-lint` in the file: no suppression comment, and no need to walk the tree.)
    let mut scalars = Vec::new();
    if memchr::memmem::find(source.text.as_bytes(), b"plan-lint").is_some() {
        for root in loaded.documents.iter().flatten() {
            root.scalar_spans_containing("plan-lint", &mut scalars);
        }
    }
    crate::suppress::apply(&source, &scalars, settings, &mut diagnostics);
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    cap(&mut diagnostics, options.limits.max_findings, settings);
    FileReport { source, diagnostics, plan: None }
}

/// Keep the first `max` findings of each rule (in place order) and say how many more there are
/// in one line per rule, after the last one listed. The stages have already stopped keeping
/// findings past the cap (to bound memory) and left such lines; they are added up here.
pub fn cap(diagnostics: &mut Vec<Diagnostic>, max: usize, settings: &Settings) {
    struct Tally {
        rule: &'static rules::Rule,
        kept: usize,
        omitted: usize,
        last: usize,
    }
    let mut tallies: Vec<Tally> = Vec::new();
    let mut out = Vec::with_capacity(diagnostics.len());
    for d in diagnostics.drain(..) {
        let i = match tallies.iter().position(|t| t.rule == d.rule) {
            Some(i) => i,
            None => {
                tallies.push(Tally { rule: d.rule, kept: 0, omitted: 0, last: 0 });
                tallies.len() - 1
            }
        };
        let t = &mut tallies[i];
        if d.omitted > 0 {
            t.omitted += d.omitted;
        } else if t.kept < max {
            t.kept += 1;
            t.last = out.len();
            out.push(d);
        } else {
            t.omitted += 1;
        }
    }
    let mut markers: Vec<(usize, Diagnostic)> = Vec::new();
    for t in tallies.iter().filter(|t| t.omitted > 0) {
        let (span, document) =
            out.get(t.last).filter(|_| t.kept > 0).map_or((Span::empty(0), 0), |d| (d.span, d.document));
        let mut d = Diagnostic::omitted(t.rule, t.omitted, span);
        d.document = document;
        d.severity = settings.severity(t.rule);
        markers.push((if t.kept > 0 { t.last + 1 } else { 0 }, d));
    }
    // Each marker goes right after the last finding of its rule.
    markers.sort_by_key(|(at, _)| *at);
    for (shift, (at, d)) in markers.into_iter().enumerate() {
        out.insert(at + shift, d);
    }
    *diagnostics = out;
}
