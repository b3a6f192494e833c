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
}

/// Options for checking one file.
#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    pub limits: Limits,
    /// Rules, severities and other settings from the configuration and the command line.
    pub settings: Settings,
}

/// Decode file bytes as UTF-8 text, or say why they are not a plan. The bytes become the text
/// without a copy; a byte order mark is left out of the text and remembered
/// ([`SourceFile::bom`]).
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<SourceFile, FileReport> {
    let not_text = |at: usize, why: &str| {
        let source = SourceFile::new(name, String::new());
        let d = Diagnostic::new(&invalid_yaml::RULE, Span::empty(0), format!("not a text file: {why} at byte {at}"))
            .with_help("plan files are UTF-8 text; is this the right file?");
        FileReport { source, diagnostics: vec![d] }
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
        Err(report) => report,
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
    if loaded.documents.is_empty() && diagnostics.is_empty() {
        diagnostics.push(
            Diagnostic::new(&schema_violation::RULE, Span::empty(0), "the file holds no plan: it is empty")
                .with_help("a plan needs `document:` and `body:`; see the example in the README"),
        );
    }
    for (index, root) in loaded.documents.iter().enumerate() {
        let Some(root) = root else { continue };
        let mut plan = Plan::build(root);
        plan.meta.default_plan_year = options.settings.plan_year;
        // The schema check and the rules are independent: run them side by side, each rule with
        // its own context, and keep the findings in rule order.
        let run_rule = |rule: &&'static rules::Rule| {
            let check = rule.check.filter(|_| options.settings.enabled(rule))?;
            let started = profile.then(std::time::Instant::now);
            let mut cx = Context::new(&source, &options.settings);
            check(&plan, &mut cx);
            if let Some(t) = started {
                eprintln!("plan-lint profile: {} {} {:?}", source.name, rule.code, t.elapsed());
            }
            Some(cx.diagnostics)
        };
        let (mut found, by_rule) = rayon::join(
            || {
                let started = profile.then(std::time::Instant::now);
                let found = crate::schema::check(root, &plan);
                if let Some(t) = started {
                    eprintln!("plan-lint profile: {} model+schema {:?}", source.name, t.elapsed());
                }
                found
            },
            || rules::REGISTRY.par_iter().filter_map(run_rule).collect::<Vec<_>>(),
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
        d.severity = settings.severity(d.rule);
    }
    // A `#` inside a quoted or block scalar is text, not a suppression comment.
    let mut scalars = Vec::new();
    for root in loaded.documents.iter().flatten() {
        root.scalar_spans_containing("plan-lint", &mut scalars);
    }
    crate::suppress::apply(&source, &scalars, settings, &mut diagnostics);
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    FileReport { source, diagnostics }
}
