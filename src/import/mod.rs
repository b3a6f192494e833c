//! Import plan documents — Word (`.docx`) and Markdown (`.md`, `.txt`) — into the YAML plan format.
//!
//! `plan-lint import` writes the YAML; `plan-lint check` imports in memory and reports every
//! finding at its place in the original document.
//!
//! The pipeline: a reader ([`markdown`] or [`docx`]) turns the document into [`ir::Block`]s;
//! [`structure`] recognises headings, numbered paragraphs, tables, figures and footnotes and
//! builds an [`ir::Plan`]; [`emit`] writes it as YAML with a source map (YAML span → place in the
//! document). Checking a document checks that YAML with [`check::check_source`] — so checking
//! the imported YAML finds exactly what checking the document finds — and then [`remap`]s every
//! finding into the document. What the importer could not map with confidence is reported as
//! I001 ([`crate::rules::import_uncertain`]) and written as a comment in the YAML.

pub mod chart;
pub mod docx;
pub mod emit;
pub mod ir;
pub mod markdown;
pub mod remap;
pub mod structure;
pub mod xml;

use crate::check::{self, CheckOptions, FileReport};
use crate::diagnostic::{Diagnostic, Place};
use crate::rules::{import_uncertain, invalid_yaml};
use crate::source::{SourceFile, Span};
use emit::Emitted;
use remap::SourceMap;
use std::io::Write;
use std::path::Path;

/// Kinds of document that can be imported, by file extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentKind {
    Docx,
    Markdown,
}

impl DocumentKind {
    /// The kind of a file, by its extension; `None` for YAML and anything else.
    pub fn of(name: &str) -> Option<Self> {
        let ext = Path::new(name).extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "docx" => Some(DocumentKind::Docx),
            "md" | "markdown" | "txt" => Some(DocumentKind::Markdown),
            _ => None,
        }
    }
}

/// An imported document: the YAML, its map, and the document's own text (Markdown).
#[derive(Debug)]
pub struct Imported {
    pub kind: DocumentKind,
    /// The Markdown text; empty for a Word document.
    pub source_text: String,
    pub emitted: Emitted,
    /// Word: where the paragraphs and runs are in `word/document.xml`.
    pub layout: Option<docx::Layout>,
}

/// Why a document could not be imported at all.
#[derive(Debug)]
pub struct ImportError {
    pub message: String,
    pub help: &'static str,
}

/// Import a document from its bytes. `name` is used in the YAML's header comment.
pub fn import(name: &str, bytes: Vec<u8>, kind: DocumentKind) -> Result<Imported, ImportError> {
    match kind {
        DocumentKind::Markdown => {
            let text = match check::decode(name, bytes) {
                Ok(source) => source.text,
                Err(report) => {
                    let message =
                        report.diagnostics.first().map_or("not a text file".to_owned(), |d| d.message.clone());
                    return Err(ImportError {
                        message,
                        help: "a Markdown plan is UTF-8 text; is this the right file?",
                    });
                }
            };
            let blocks = markdown::read(&text);
            let plan = structure::build(blocks, structure::Source::Markdown, Vec::new());
            let emitted = emit::emit(&plan, &display_name(name));
            Ok(Imported { kind, source_text: text, emitted, layout: None })
        }
        DocumentKind::Docx => {
            let doc = docx::read(bytes).map_err(|message| ImportError {
                message,
                help: "save the document from Word as a .docx (Word 2007 or later) and try again",
            })?;
            let plan = structure::build(doc.blocks, structure::Source::Word, doc.headers);
            let emitted = emit::emit(&plan, &display_name(name));
            Ok(Imported { kind, source_text: String::new(), emitted, layout: Some(doc.layout) })
        }
    }
}

fn display_name(name: &str) -> String {
    Path::new(name).file_name().map_or(name.to_owned(), |f| f.to_string_lossy().into_owned())
}

/// The findings of checking an imported document, in the document's terms. The YAML is checked
/// exactly as `plan-lint check` checks a YAML file; I001 findings say what the importer was
/// unsure of.
pub fn check_imported(name: &str, imported: &Imported, options: &CheckOptions) -> Vec<Diagnostic> {
    let report = check::check_source(SourceFile::new(name, imported.emitted.yaml.clone()), options);
    let map = SourceMap::new(&imported.emitted, &imported.source_text);
    let mut found = report.diagnostics;
    // I001 obeys `select`, `ignore` and `severity` like any rule found on the YAML.
    let settings = &options.settings;
    if settings.enabled(&import_uncertain::RULE) {
        for (at, message) in &imported.emitted.uncertain {
            let mut d = Diagnostic::new(&import_uncertain::RULE, Span::empty(*at), message.clone())
                .with_help("check this part of the imported plan against the document");
            d.severity = settings.severity(&import_uncertain::RULE);
            found.push(d);
        }
    }
    found.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    for d in &mut found {
        d.plan_span = Some(d.span);
    }
    let mut out: Vec<Diagnostic> = match imported.kind {
        DocumentKind::Markdown => {
            found.into_iter().map(|d| remap::to_markdown(d, &map, &imported.emitted.yaml)).collect()
        }
        DocumentKind::Docx => found.into_iter().map(|d| remap::to_word(d, &map)).collect(),
    };
    if imported.kind == DocumentKind::Markdown {
        out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }
    out
}

/// Check a document by importing it in memory.
pub fn check_document(name: &str, bytes: Vec<u8>, kind: DocumentKind, options: &CheckOptions) -> FileReport {
    // The size limit applies to the document, before a byte of it is imported.
    if bytes.len() > options.limits.max_bytes {
        let d = crate::yaml::too_large(Some(bytes.len() as u64), &options.limits);
        return FileReport { source: SourceFile::new(name, String::new()), diagnostics: vec![d], plan: None };
    }
    match import(name, bytes, kind) {
        Ok(imported) => {
            let diagnostics = check_imported(name, &imported, options);
            let plan = Some(imported.emitted.yaml);
            FileReport { source: SourceFile::new(name, imported.source_text), diagnostics, plan }
        }
        Err(e) => {
            let mut d = Diagnostic::new(&invalid_yaml::RULE, Span::empty(0), e.message).with_help(e.help);
            if kind == DocumentKind::Docx {
                d.place = Some(Place { description: "the document".into(), ..Place::default() });
            }
            FileReport { source: SourceFile::new(name, String::new()), diagnostics: vec![d], plan: None }
        }
    }
}

/// `plan-lint import FILE [-o OUT]`: returns the exit status.
pub fn import_command(file: &Path, output: Option<&Path>) -> u8 {
    let name = file.display().to_string();
    let Some(kind) = DocumentKind::of(&name) else {
        eprintln!("plan-lint: cannot import {name}: import reads Word (.docx) and Markdown (.md, .txt) documents");
        return crate::EXIT_TROUBLE;
    };
    let bytes = match crate::source::read_file(file, crate::yaml::Limits::default().max_bytes) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("plan-lint: cannot read {name}: {e}");
            return crate::EXIT_TROUBLE;
        }
    };
    let imported = match import(&name, bytes, kind) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("plan-lint: cannot import {name}: {}\n  help: {}", e.message, e.help);
            return crate::EXIT_TROUBLE;
        }
    };
    let yaml = &imported.emitted.yaml;
    let written = match output {
        Some(path) => std::fs::write(path, yaml).map_err(|e| format!("cannot write {}: {e}", path.display())),
        None => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            // A closed pipe (`plan-lint import x.docx | head`) is not an error.
            let _ = out.write_all(yaml.as_bytes()).and_then(|()| out.flush());
            Ok(())
        }
    };
    if let Err(e) = written {
        eprintln!("plan-lint: {e}");
        return crate::EXIT_TROUBLE;
    }
    let n = imported.emitted.uncertain.len();
    if n > 0 {
        eprintln!(
            "plan-lint: imported {name} with {n} uncertain place{} (marked `# plan-lint import:` in the YAML)",
            if n == 1 { "" } else { "s" }
        );
    }
    crate::EXIT_CLEAN
}
