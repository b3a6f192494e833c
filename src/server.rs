//! `plan-lint server`: a Language Server Protocol server over standard input and output.
//!
//! Editors get every finding as they type: diagnostics on open, change (debounced) and save, with
//! ranges in UTF-16 code units as LSP requires; quick fixes (the safe fix, or an ignore comment);
//! and the rule's documentation on hover. Unsaved text is what is checked, with the configuration
//! (`plan-lint.toml`) of the file's folder.

use crate::check::{CheckOptions, FileReport, check_file};
use crate::config::{self, Discovery, Settings};
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::rules;
use crate::source::{SourceFile, Span};
use crate::yaml::{Node, NodeKind, Style};
use crossbeam_channel::{Receiver, RecvTimeoutError, Sender, unbounded};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use lsp_types::notification::{self as notif, Notification as _};
use lsp_types::request::{self as req, Request as _};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long typing must pause before a changed document is checked.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// An open document.
#[derive(Debug)]
struct Document {
    text: String,
    version: i32,
    /// Byte offset of the start of every line, kept up to date edit by edit: an LSP position
    /// becomes an offset without a scan from the top.
    lines: Vec<usize>,
    /// The findings of the last check and the version they are for: hover and quick fixes read
    /// them instead of checking again on the main loop.
    report: Option<(i32, Arc<FileReport>)>,
    /// Raised when the text changes or the document closes: the check of the old text stops.
    cancel: Arc<AtomicBool>,
}

impl Document {
    fn new(text: String, version: i32) -> Self {
        let lines = line_starts(&text);
        Document { text, version, lines, report: None, cancel: Arc::default() }
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)).collect()
}

/// Buffers up to this size may be checked on the main loop when a request finds no report for
/// their current version; a larger one answers from the worker's report only.
const CHECK_INLINE: usize = 1024 * 1024;

type Documents = Arc<Mutex<HashMap<String, Document>>>;

enum Job {
    /// Check now (open, save).
    Now(String),
    /// Check once typing pauses (change).
    Later(String),
    /// Configuration files may have changed.
    Reload,
    /// The document was closed: clear its diagnostics.
    Closed(String),
}

/// Run the server on standard input and output; returns the exit status: 0 after `shutdown`
/// and `exit`, 1 when the client exits (or goes away) without `shutdown`, as the protocol says.
pub fn run() -> u8 {
    let (connection, io_threads) = transport::stdio();
    let status = match serve(connection) {
        Ok(status) => status,
        Err(e) => {
            eprintln!("plan-lint server: {e}");
            1
        }
    };
    // Everything answered is written before the process ends; the reader may be blocked on
    // standard input, and ends with the process.
    let _ = io_threads.writer.join();
    status
}

/// The server's capabilities.
pub fn capabilities() -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        position_encoding: Some(lsp::PositionEncodingKind::UTF16),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(lsp::TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
            save: Some(lsp::TextDocumentSyncSaveOptions::SaveOptions(lsp::SaveOptions { include_text: Some(false) })),
            ..Default::default()
        })),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(lsp::CodeActionOptions {
            code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX]),
            ..Default::default()
        })),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        ..Default::default()
    }
}

/// Serve one client on `connection` until it exits; returns the exit status (0 after
/// `shutdown`, 1 for an `exit` without it or a client that went away).
pub fn serve(connection: Connection) -> Result<u8, Box<dyn std::error::Error + Send + Sync>> {
    let init = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": {"name": "plan-lint", "version": env!("CARGO_PKG_VERSION")},
    });
    let (id, params) = connection.initialize_start()?;
    connection.initialize_finish(id, init)?;
    // Ask the client to tell us when a plan-lint.toml changes on disk, where it can.
    if params["capabilities"]["workspace"]["didChangeWatchedFiles"]["dynamicRegistration"] == true {
        let registration = lsp::RegistrationParams {
            registrations: vec![lsp::Registration {
                id: "plan-lint-config".into(),
                method: notif::DidChangeWatchedFiles::METHOD.into(),
                register_options: serde_json::to_value(lsp::DidChangeWatchedFilesRegistrationOptions {
                    watchers: vec![lsp::FileSystemWatcher {
                        glob_pattern: lsp::GlobPattern::String(format!("**/{}", config::FILE_NAME)),
                        kind: None,
                    }],
                })
                .ok(),
            }],
        };
        connection.sender.send(Message::Request(Request::new(
            RequestId::from("plan-lint-config".to_owned()),
            req::RegisterCapability::METHOD.into(),
            registration,
        )))?;
    }
    let documents: Documents = Arc::default();
    let (jobs, job_rx) = unbounded();
    let worker = {
        let documents = Arc::clone(&documents);
        let sender = connection.sender.clone();
        std::thread::spawn(move || worker(&job_rx, &documents, &sender))
    };
    let mut discovery = Discovery::new(None).unwrap_or_default();
    let mut status = 1;
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request)? {
                    status = 0;
                    break;
                }
                let response = handle_request(request, &documents, &mut discovery);
                connection.sender.send(Message::Response(response))?;
            }
            // `exit` before `shutdown`: exit at once, with status 1.
            Message::Notification(n) if n.method == notif::Exit::METHOD => break,
            Message::Notification(n) => handle_notification(n, &documents, &jobs, &mut discovery),
            Message::Response(_) => {}
        }
    }
    // A check still running is of no use now: stop it, so that exiting does not wait for it.
    for doc in documents.lock().unwrap_or_else(|p| p.into_inner()).values() {
        doc.cancel.store(true, Ordering::Relaxed);
    }
    drop(jobs);
    let _ = worker.join();
    Ok(status)
}

fn handle_notification(n: Notification, documents: &Documents, jobs: &Sender<Job>, discovery: &mut Discovery) {
    let mut docs = documents.lock().unwrap_or_else(|p| p.into_inner());
    match n.method.as_str() {
        notif::DidOpenTextDocument::METHOD => {
            if let Ok(p) = serde_json::from_value::<lsp::DidOpenTextDocumentParams>(n.params) {
                let uri = p.text_document.uri.as_str().to_owned();
                let doc = Document::new(p.text_document.text, p.text_document.version);
                if let Some(old) = docs.insert(uri.clone(), doc) {
                    old.cancel.store(true, Ordering::Relaxed);
                }
                let _ = jobs.send(Job::Now(uri));
            }
        }
        notif::DidChangeTextDocument::METHOD => {
            if let Ok(p) = serde_json::from_value::<lsp::DidChangeTextDocumentParams>(n.params) {
                let uri = p.text_document.uri.as_str().to_owned();
                if let Some(doc) = docs.get_mut(&uri) {
                    for change in p.content_changes {
                        apply_change(doc, change);
                    }
                    doc.version = p.text_document.version;
                    doc.cancel.store(true, Ordering::Relaxed);
                    let _ = jobs.send(Job::Later(uri));
                }
            }
        }
        notif::DidSaveTextDocument::METHOD => {
            if let Ok(p) = serde_json::from_value::<lsp::DidSaveTextDocumentParams>(n.params) {
                let uri = p.text_document.uri.as_str().to_owned();
                if uri.ends_with(config::FILE_NAME) {
                    *discovery = Discovery::new(None).unwrap_or_default();
                    let _ = jobs.send(Job::Reload);
                } else {
                    let _ = jobs.send(Job::Now(uri));
                }
            }
        }
        notif::DidCloseTextDocument::METHOD => {
            if let Ok(p) = serde_json::from_value::<lsp::DidCloseTextDocumentParams>(n.params) {
                let uri = p.text_document.uri.as_str().to_owned();
                if let Some(old) = docs.remove(&uri) {
                    old.cancel.store(true, Ordering::Relaxed);
                }
                let _ = jobs.send(Job::Closed(uri));
            }
        }
        notif::DidChangeWatchedFiles::METHOD => {
            *discovery = Discovery::new(None).unwrap_or_default();
            let _ = jobs.send(Job::Reload);
        }
        _ => {}
    }
}

/// The checking thread: coalesces changes while typing goes on, then publishes.
fn worker(jobs: &Receiver<Job>, documents: &Documents, sender: &Sender<Message>) {
    let mut discovery = Discovery::new(None).unwrap_or_default();
    while let Ok(first) = jobs.recv() {
        let mut due: Vec<String> = Vec::new();
        let mut wait = take(first, &mut due, &mut discovery, documents, sender);
        // While changes keep coming, wait: check only when typing pauses.
        loop {
            let next =
                if wait { jobs.recv_timeout(DEBOUNCE) } else { jobs.try_recv().map_err(|_| RecvTimeoutError::Timeout) };
            match next {
                Ok(job) => wait = take(job, &mut due, &mut discovery, documents, sender),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        // plan-lint.toml may have changed on disk since the last round.
        discovery.refresh();
        for uri in due {
            let doc = documents.lock().unwrap_or_else(|p| p.into_inner()).get_mut(&uri).map(|d| {
                d.cancel = Arc::default();
                (snapshot(d), d.version, Arc::clone(&d.cancel))
            });
            let Some((text, version, cancel)) = doc else { continue };
            let report = Arc::new(check_document(&uri, text, &mut discovery, Some(cancel)));
            // A newer edit came while this check ran: its own check follows; publish nothing stale.
            let mut docs = documents.lock().unwrap_or_else(|p| p.into_inner());
            let Some(doc) = docs.get_mut(&uri).filter(|d| d.version == version) else { continue };
            doc.report = Some((version, Arc::clone(&report)));
            drop(docs);
            let diagnostics = report.diagnostics.iter().map(|d| to_lsp(&report, &uri, d)).collect();
            publish(sender, &uri, Some(version), diagnostics);
        }
    }
}

/// Note a job; returns whether it asks to wait for typing to pause.
fn take(
    job: Job,
    due: &mut Vec<String>,
    discovery: &mut Discovery,
    documents: &Documents,
    sender: &Sender<Message>,
) -> bool {
    match job {
        Job::Now(uri) => push_unique(due, uri),
        Job::Later(uri) => {
            push_unique(due, uri);
            return true;
        }
        Job::Reload => {
            *discovery = Discovery::new(None).unwrap_or_default();
            let docs = documents.lock().unwrap_or_else(|p| p.into_inner());
            for uri in docs.keys() {
                push_unique(due, uri.clone());
            }
        }
        Job::Closed(uri) => {
            due.retain(|u| u != &uri);
            publish(sender, &uri, None, Vec::new());
        }
    }
    false
}

fn push_unique(due: &mut Vec<String>, uri: String) {
    if !due.contains(&uri) {
        due.push(uri);
    }
}

fn publish(sender: &Sender<Message>, uri: &str, version: Option<i32>, diagnostics: Vec<lsp::Diagnostic>) {
    let Ok(uri) = uri.parse::<lsp::Uri>() else { return };
    let params = lsp::PublishDiagnosticsParams { uri, diagnostics, version };
    let _ = sender.send(Message::Notification(Notification::new(notif::PublishDiagnostics::METHOD.to_owned(), params)));
}

/// The local path of a `file:` URI.
pub fn uri_to_path(uri: &str) -> Option<PathBuf> {
    // `url` decodes the escapes and, on Windows, turns `file:///C:/…` into a drive path.
    let url = url::Url::parse(uri).ok()?;
    if url.scheme() != "file" {
        return None;
    }
    url.to_file_path().ok()
}

/// The `file:` URI of a local path (made absolute).
fn path_to_uri(path: &str) -> Option<lsp::Uri> {
    let absolute = std::path::absolute(path).ok()?;
    url::Url::from_file_path(absolute).ok()?.as_str().parse().ok()
}

/// The text of a document to check: a copy, or its length when it is over the size limit (which
/// is not copied).
fn snapshot(doc: &Document) -> Result<String, usize> {
    if doc.text.len() > crate::yaml::Limits::default().max_bytes { Err(doc.text.len()) } else { Ok(doc.text.clone()) }
}

/// Check the text of an open document with its folder's configuration, and the CLI's limits: a
/// buffer over the size limit is a Y003 finding.
fn check_document(
    uri: &str,
    text: Result<String, usize>,
    discovery: &mut Discovery,
    cancel: Option<Arc<AtomicBool>>,
) -> FileReport {
    let path = uri_to_path(uri).unwrap_or_else(|| PathBuf::from(uri));
    let settings: Settings = match discovery.config_for(&path) {
        Ok(Some(c)) => c.settings_for(&path),
        _ => Settings::default(),
    };
    // A previous edition that cannot be read leaves the plan checked alone.
    let previous = crate::edition::Edition::for_settings(&settings, &Default::default()).ok().flatten();
    let mut options = CheckOptions { settings, previous, ..CheckOptions::default() };
    options.limits.cancel = cancel;
    let name = path.display().to_string();
    let text = match text {
        Ok(text) => text,
        Err(len) => {
            let d = crate::yaml::too_large(Some(len as u64), &options.limits);
            return FileReport { source: SourceFile::new(name, String::new()), diagnostics: vec![d], plan: None };
        }
    };
    // The copy becomes the file's bytes as it is: no second copy.
    std::panic::catch_unwind(|| check_file(&name, text.into_bytes(), &options)).unwrap_or_else(|_| FileReport {
        source: SourceFile::new(name.clone(), String::new()),
        diagnostics: Vec::new(),
        plan: None,
    })
}

/// An LSP position (0-based line, UTF-16 column) for a byte offset.
fn position(source: &SourceFile, offset: usize) -> lsp::Position {
    let lc = source.line_col_utf16(offset);
    lsp::Position { line: (lc.line - 1) as u32, character: (lc.column - 1) as u32 }
}

fn range(source: &SourceFile, span: crate::source::Span) -> lsp::Range {
    lsp::Range { start: position(source, span.start), end: position(source, span.end) }
}

/// The byte offset of an LSP position in `text` (clamped to the line and the text).
pub fn offset(text: &str, pos: lsp::Position) -> usize {
    offset_in(text, &line_starts(text), pos)
}

/// [`offset`] with the line table: only the position's own line is walked.
fn offset_in(text: &str, lines: &[usize], pos: lsp::Position) -> usize {
    let Some(&line_start) = lines.get(pos.line as usize) else { return text.len() };
    let line_end = lines.get(pos.line as usize + 1).map_or(text.len(), |&next| next - 1);
    let mut units = 0;
    for (i, c) in text[line_start..line_end].char_indices() {
        if units >= pos.character as usize {
            return line_start + i;
        }
        units += c.len_utf16();
    }
    line_end
}

fn apply_change(doc: &mut Document, change: lsp::TextDocumentContentChangeEvent) {
    match change.range {
        None => {
            doc.lines = line_starts(&change.text);
            doc.text = change.text;
        }
        Some(r) => {
            let start = offset_in(&doc.text, &doc.lines, r.start);
            let end = offset_in(&doc.text, &doc.lines, r.end).max(start);
            doc.text.replace_range(start..end, &change.text);
            // The lines that started inside the replaced text go; the new text's come in; the
            // ones after move by the change in length.
            let from = doc.lines.partition_point(|&l| l <= start);
            let to = doc.lines.partition_point(|&l| l <= end);
            let added = memchr::memchr_iter(b'\n', change.text.as_bytes()).map(|i| start + i + 1);
            let count = doc.lines.len();
            doc.lines.splice(from..to, added);
            let shifted_from = from + doc.lines.len() + to - from - count;
            let delta = change.text.len() as isize - (end - start) as isize;
            for l in &mut doc.lines[shifted_from..] {
                *l = (*l as isize + delta) as usize;
            }
        }
    }
}

fn to_lsp(report: &FileReport, uri: &str, d: &Diagnostic) -> lsp::Diagnostic {
    let source = &report.source;
    let mut message = d.message.clone();
    if let Some(place) = &d.place {
        message = format!("{message} (at {})", place.description);
    }
    if let Some(help) = &d.help {
        message = format!("{message}\nhelp: {help}");
    }
    let related = uri.parse::<lsp::Uri>().ok().map(|u| {
        d.labels
            .iter()
            .filter_map(|l| {
                // A label in another file (the previous edition) points into that file.
                let (uri, file) = match &l.file {
                    Some(f) => (path_to_uri(&f.0.name)?, &*f.0),
                    None => (u.clone(), source),
                };
                let range = if l.place.is_some() { lsp::Range::default() } else { range(file, l.span) };
                Some(lsp::DiagnosticRelatedInformation {
                    location: lsp::Location { uri, range },
                    message: match &l.place {
                        Some(p) => format!("{} (at {})", l.message, p.description),
                        None => l.message.clone(),
                    },
                })
            })
            .collect::<Vec<_>>()
    });
    let code_description = d.rule.help_uri().parse::<lsp::Uri>().ok().map(|href| lsp::CodeDescription { href });
    lsp::Diagnostic {
        range: if d.place.is_some() { lsp::Range::default() } else { range(source, d.span) },
        severity: Some(match d.severity {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
            Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        }),
        code: Some(lsp::NumberOrString::String(d.rule.code.to_owned())),
        code_description,
        source: Some("plan-lint".to_owned()),
        message,
        related_information: related.filter(|r| !r.is_empty()),
        ..Default::default()
    }
}

fn handle_request(request: Request, documents: &Documents, discovery: &mut Discovery) -> Response {
    let id = request.id.clone();
    let result = match request.method.as_str() {
        req::CodeActionRequest::METHOD => serde_json::from_value::<CodeActionParams>(request.params)
            .map(|p| serde_json::to_value(code_actions(&p, documents, discovery)).unwrap_or_default()),
        req::HoverRequest::METHOD => serde_json::from_value::<lsp::HoverParams>(request.params)
            .map(|p| serde_json::to_value(hover(&p, documents, discovery)).unwrap_or_default()),
        _ => {
            return Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("unknown request {}", request.method),
            );
        }
    };
    match result {
        Ok(value) => Response::new_ok(id, value),
        Err(e) => invalid(id, &e),
    }
}

fn invalid(id: RequestId, e: &serde_json::Error) -> Response {
    Response::new_err(id, ErrorCode::InvalidParams as i32, e.to_string())
}

/// The findings for the document's current text: the worker's, when it has checked this version;
/// otherwise checked here for a small buffer. A large one being checked answers nothing rather
/// than block the requests behind it.
fn current(uri: &str, documents: &Documents, discovery: &mut Discovery) -> Option<Arc<FileReport>> {
    let text = {
        let docs = documents.lock().unwrap_or_else(|p| p.into_inner());
        let doc = docs.get(uri)?;
        if let Some((version, report)) = &doc.report
            && *version == doc.version
        {
            return Some(Arc::clone(report));
        }
        if doc.text.len() > CHECK_INLINE {
            return None;
        }
        snapshot(doc)
    };
    discovery.refresh();
    Some(Arc::new(check_document(uri, text, discovery, None)))
}

fn overlaps(a: lsp::Range, b: lsp::Range) -> bool {
    let key = |p: lsp::Position| (p.line, p.character);
    key(a.start) <= key(b.end) && key(b.start) <= key(a.end)
}

/// The parts of `textDocument/codeAction` used: clients send `context.diagnostics` in many
/// shapes (some without ranges), and the server recomputes them anyway.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct CodeActionParams {
    text_document: lsp::TextDocumentIdentifier,
    range: lsp::Range,
}

fn code_actions(p: &CodeActionParams, documents: &Documents, discovery: &mut Discovery) -> Vec<lsp::CodeAction> {
    let uri_str = p.text_document.uri.as_str();
    let Some(report) = current(uri_str, documents, discovery) else { return Vec::new() };
    let source = &report.source;
    let mut actions = Vec::new();
    for d in &report.diagnostics {
        if d.place.is_some() {
            continue;
        }
        let r = range(source, d.span);
        if !overlaps(r, p.range) {
            continue;
        }
        let lsp_diag = to_lsp(&report, uri_str, d);
        if let Some(fix) = &d.fix {
            let edits = fix
                .edits
                .iter()
                .map(|e| lsp::TextEdit { range: range(source, e.span), new_text: e.replacement.clone() })
                .collect();
            let safe = fix.applicability == Applicability::Safe;
            actions.push(lsp::CodeAction {
                title: format!("{}: {}{}", d.rule.code, fix.description, if safe { "" } else { " (unsafe: check it)" }),
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp_diag.clone()]),
                edit: Some(workspace_edit(&p.text_document.uri, edits)),
                is_preferred: Some(safe),
                ..Default::default()
            });
        }
        if d.rule.selectable()
            && !report.source.text.is_empty()
            && crate::import::DocumentKind::of(&source.name).is_none()
        {
            let edits = ignore_edits(source, d);
            actions.push(lsp::CodeAction {
                title: format!("Ignore {} ({}) here", d.rule.code, d.rule.name),
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp_diag]),
                edit: Some(workspace_edit(&p.text_document.uri, edits)),
                is_preferred: Some(false),
                ..Default::default()
            });
        }
    }
    actions
}

// `lsp::Uri` hashes its text only, so it is a sound map key despite clippy's worry about its
// inner cell.
#[allow(clippy::mutable_key_type)]
fn workspace_edit(uri: &lsp::Uri, edits: Vec<lsp::TextEdit>) -> lsp::WorkspaceEdit {
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), edits);
    lsp::WorkspaceEdit { changes: Some(changes), ..Default::default() }
}

/// The scalar at `at` and the key of the mapping entry it belongs to.
fn scalar_at(node: &Node, at: usize, key: Option<&Node>) -> Option<(Option<Span>, Span, bool)> {
    match &node.kind {
        NodeKind::Scalar(s) => (node.alias.is_none() && node.span.start <= at && at <= node.span.end)
            .then(|| (key.map(|k| k.span), node.span, matches!(s.style, Style::Literal | Style::Folded))),
        NodeKind::Sequence(items) => items.iter().find_map(|n| scalar_at(n, at, key)),
        NodeKind::Mapping(entries) => entries
            .iter()
            .find_map(|e| scalar_at(&e.key, at, Some(&e.key)).or_else(|| scalar_at(&e.value, at, Some(&e.key)))),
    }
}

/// A comment that silences `d`: at the end of its line when the finding's text is on one line;
/// a `disable`/`enable` pair around the entry when the text spans lines (a comment line inside
/// it would become part of the text); otherwise a comment line above.
fn ignore_edits(source: &SourceFile, d: &Diagnostic) -> Vec<lsp::TextEdit> {
    let code = d.rule.code;
    let line = source.line_col(d.span.start).line;
    let at_line_start = |line: usize| {
        let p = position(source, source.offset_of(line, 0));
        lsp::Range { start: p, end: p }
    };
    let indent_of = |line: usize| {
        let t = source.line_text(line);
        " ".repeat(t.len() - t.trim_start().len())
    };
    let loaded = crate::yaml::load(source, &crate::yaml::Limits::default());
    let found = loaded.documents.iter().flatten().find_map(|root| scalar_at(root, d.span.start, None));
    let comment_above = || {
        vec![lsp::TextEdit {
            range: at_line_start(line),
            new_text: format!("{}# plan-lint: ignore[{code}]\n", indent_of(line)),
        }]
    };
    match found {
        Some((key, span, block)) => {
            let last = source.line_col(span.end).line;
            if !block && last == line {
                if source.line_text(line).contains(" #") {
                    return comment_above();
                }
                let end = source.offset_of(line, 0) + source.line_text(line).len();
                let p = position(source, end);
                return vec![lsp::TextEdit {
                    range: lsp::Range { start: p, end: p },
                    new_text: format!("  # plan-lint: ignore[{code}]"),
                }];
            }
            let first = key.map_or(source.line_col(span.start).line, |k| source.line_col(k.start).line);
            let pad = indent_of(first);
            vec![
                lsp::TextEdit { range: at_line_start(first), new_text: format!("{pad}# plan-lint: disable[{code}]\n") },
                lsp::TextEdit {
                    range: at_line_start(last + 1),
                    new_text: format!("{pad}# plan-lint: enable[{code}]\n"),
                },
            ]
        }
        None => comment_above(),
    }
}

fn hover(p: &lsp::HoverParams, documents: &Documents, discovery: &mut Discovery) -> Option<lsp::Hover> {
    let uri = p.text_document_position_params.text_document.uri.as_str();
    let report = current(uri, documents, discovery)?;
    let at = offset(&report.source.text, p.text_document_position_params.position);
    let d = report.diagnostics.iter().find(|d| d.place.is_none() && d.span.start <= at && at <= d.span.end)?;
    let rule = rules::find(d.rule.code)?;
    Some(lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: format!("**{}**\n\n{}", d.message, rule.docs),
        }),
        range: Some(range(&report.source, d.span)),
    })
}

/// The JSON-RPC transport over standard input and output, for any input: a header that does not
/// parse, a body that is not JSON or not a JSON-RPC message, or a message over the size limit is
/// answered with an error (−32700 parse error, −32600 invalid request) and the server reads on.
/// Memory is bounded: header lines and bodies are read within [`transport::MAX_MESSAGE`], and the
/// body of a message over it is skipped as it streams past, never held.
pub mod transport {
    use crossbeam_channel::{Receiver, Sender, bounded, select};
    use lsp_server::{Connection, Message};
    use std::io::{self, BufRead, Read, Write};
    use std::thread::JoinHandle;

    /// The largest message read: a 64 MiB plan, JSON-escaped, fits.
    pub const MAX_MESSAGE: usize = 96 * 1024 * 1024;
    /// The longest header line.
    const MAX_HEADER_LINE: u64 = 4096;

    pub struct IoThreads {
        pub reader: JoinHandle<()>,
        pub writer: JoinHandle<()>,
    }

    /// A connection on standard input and output.
    pub fn stdio() -> (Connection, IoThreads) {
        let (to_server, from_client) = bounded::<Message>(0);
        let (to_client, outgoing) = bounded::<Message>(0);
        let (raw_tx, raw_rx) = bounded::<String>(16);
        let writer = std::thread::spawn(move || write_loop(&outgoing, &raw_rx, &mut io::stdout().lock()));
        let reader = std::thread::spawn(move || {
            let _ = read_loop(&mut io::stdin().lock(), &to_server, &raw_tx);
        });
        (Connection { sender: to_client, receiver: from_client }, IoThreads { reader, writer })
    }

    fn write_loop(messages: &Receiver<Message>, raw: &Receiver<String>, out: &mut impl Write) {
        loop {
            let done = select! {
                recv(messages) -> m => match m {
                    Ok(m) => m.write(out).is_err(),
                    Err(_) => {
                        // The server is done: say what is still to be said, then stop.
                        for body in raw.try_iter() {
                            let _ = write!(out, "Content-Length: {}\r\n\r\n{body}", body.len());
                        }
                        let _ = out.flush();
                        true
                    }
                },
                recv(raw) -> r => match r {
                    Ok(body) => write!(out, "Content-Length: {}\r\n\r\n{body}", body.len()).and_then(|()| out.flush()).is_err(),
                    Err(_) => false,
                },
            };
            if done {
                return;
            }
        }
    }

    /// What reading one message gave.
    #[derive(Debug)]
    pub enum Read1 {
        Message(Message),
        /// A JSON-RPC error response to send (the message could not be read), then read on.
        Error(String),
        Eof,
    }

    /// Read messages until the input ends or the server stops listening.
    pub fn read_loop(input: &mut impl BufRead, to_server: &Sender<Message>, raw: &Sender<String>) -> io::Result<()> {
        loop {
            match read_message(input)? {
                Read1::Message(m) => {
                    let exit = matches!(&m, Message::Notification(n) if n.method == "exit");
                    if to_server.send(m).is_err() || exit {
                        return Ok(());
                    }
                }
                Read1::Error(body) => {
                    if raw.send(body).is_err() {
                        return Ok(());
                    }
                }
                Read1::Eof => return Ok(()),
            }
        }
    }

    fn error(code: i32, id: serde_json::Value, message: String) -> Read1 {
        Read1::Error(
            serde_json::json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}}).to_string(),
        )
    }

    /// Read one message: headers, then a body of `Content-Length` bytes.
    pub fn read_message(input: &mut impl BufRead) -> io::Result<Read1> {
        let mut length: Option<Result<usize, String>> = None;
        let mut line = Vec::new();
        let mut any = false;
        loop {
            line.clear();
            let n = input.by_ref().take(MAX_HEADER_LINE).read_until(b'\n', &mut line)?;
            if n == 0 {
                return Ok(if any {
                    error(-32700, serde_json::Value::Null, "the input ended inside a header".into())
                } else {
                    Read1::Eof
                });
            }
            any = true;
            if !line.ends_with(b"\n") {
                // Over-long header line: skip the rest of it.
                let mut rest = Vec::new();
                while !rest.ends_with(b"\n") {
                    rest.clear();
                    if input.by_ref().take(MAX_HEADER_LINE).read_until(b'\n', &mut rest)? == 0 {
                        break;
                    }
                }
                length = Some(Err("a header line is too long".into()));
                continue;
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                if length.is_some() {
                    break;
                }
                continue; // blank lines between messages
            }
            // `Content-Length:` may follow the tail of a broken message on the same line: start there.
            let lower = text.to_ascii_lowercase();
            if let Some(at) = lower.find("content-length:") {
                let value = text[at + "content-length:".len()..].trim();
                length = Some(value.parse::<usize>().map_err(|_| format!("Content-Length `{value}` is not a number")));
            } else if !text.contains(':') {
                length.get_or_insert(Err(format!("malformed header: {:?}", crate::yaml::shorten(text, 60))));
            }
        }
        let length = match length {
            Some(Ok(n)) => n,
            Some(Err(why)) => return Ok(error(-32700, serde_json::Value::Null, why)),
            None => unreachable!("the loop ends only with a length"),
        };
        if length > MAX_MESSAGE {
            // Skip the body as it streams past, without holding it.
            io::copy(&mut input.by_ref().take(length as u64), &mut io::sink())?;
            return Ok(error(
                -32700,
                serde_json::Value::Null,
                format!("a message of {length} bytes is over the limit of {MAX_MESSAGE} bytes"),
            ));
        }
        // The whole length at once (it is within the limit): a body grown by doubling would
        // hold twice its size while it grows. Pages a short body leaves untouched cost nothing.
        let mut body = Vec::with_capacity(length);
        input.by_ref().take(length as u64).read_to_end(&mut body)?;
        if body.len() < length {
            return Ok(error(-32700, serde_json::Value::Null, "the input ended inside a message".into()));
        }
        // A JSON value first, then the message from it: a message read straight from the bytes
        // would be buffered whole on the way (its kind is told by its fields), a second copy of a
        // large text. From the value, the strings move.
        let value = match serde_json::from_slice::<serde_json::Value>(&body) {
            Ok(value) => value,
            Err(e) => return Ok(error(-32700, serde_json::Value::Null, format!("the message is not JSON: {e}"))),
        };
        drop(body);
        let id = value.get("id").filter(|id| id.is_number() || id.is_string()).cloned();
        match serde_json::from_value::<Message>(value) {
            Ok(m) => Ok(Read1::Message(m)),
            Err(e) => Ok(error(-32600, id.unwrap_or_default(), format!("not a JSON-RPC message: {e}"))),
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn read_all(input: &[u8]) -> Vec<String> {
            let mut r = io::BufReader::new(input);
            let mut out = Vec::new();
            loop {
                match read_message(&mut r).unwrap() {
                    Read1::Message(Message::Request(q)) => out.push(format!("request {}", q.method)),
                    Read1::Message(Message::Notification(n)) => out.push(format!("notification {}", n.method)),
                    Read1::Message(Message::Response(_)) => out.push("response".into()),
                    Read1::Error(e) => {
                        let v: serde_json::Value = serde_json::from_str(&e).unwrap();
                        out.push(format!("error {}", v["error"]["code"]));
                    }
                    Read1::Eof => return out,
                }
            }
        }

        fn framed(body: &str) -> String {
            format!("Content-Length: {}\r\n\r\n{body}", body.len())
        }

        #[test]
        fn what_cannot_be_read_is_answered_and_reading_goes_on() {
            let ok = framed(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#);
            let input = [
                "Content-Length: abc\r\n\r\n".to_owned(),
                ok.clone(),
                framed("{not json"),
                ok.clone(),
                framed(r#"{"jsonrpc":"2.0","id":7,"params":3}"#),
                ok.clone(),
                "Content-Length: 1000000000000\r\n\r\n".to_owned() + &"x".repeat(100),
            ]
            .concat();
            assert_eq!(
                read_all(input.as_bytes()),
                [
                    "error -32700",
                    "notification initialized",
                    "error -32700",
                    "notification initialized",
                    "error -32600",
                    "notification initialized",
                    "error -32700",
                ]
            );
        }

        #[test]
        fn a_header_line_without_end_is_bounded() {
            let mut input = "X".repeat(10 * 1024 * 1024);
            input.push_str("\r\n\r\n");
            input += &framed(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#);
            assert_eq!(read_all(input.as_bytes()), ["error -32700", "notification initialized"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets() {
        let text = "a: Côte\nb: 𝄞x\n";
        assert_eq!(offset(text, lsp::Position { line: 0, character: 6 }), text.find('e').unwrap());
        // 𝄞 is two UTF-16 units.
        assert_eq!(offset(text, lsp::Position { line: 1, character: 5 }), text.find('x').unwrap());
        assert_eq!(offset(text, lsp::Position { line: 9, character: 0 }), text.len());
        let src = SourceFile::new("t", text);
        assert_eq!(position(&src, text.find('x').unwrap()), lsp::Position { line: 1, character: 5 });
    }

    #[test]
    fn incremental_changes() {
        let mut doc = Document::new("values: [3, 3]\n".to_owned(), 1);
        let change = lsp::TextDocumentContentChangeEvent {
            range: Some(lsp::Range {
                start: lsp::Position { line: 0, character: 12 },
                end: lsp::Position { line: 0, character: 13 },
            }),
            range_length: None,
            text: "6".into(),
        };
        apply_change(&mut doc, change);
        assert_eq!(doc.text, "values: [3, 6]\n");
        // Edits across lines keep the line table what a scan would give.
        let edits = [((0, 8), (0, 14), "[\n  1,\n  2]"), ((1, 0), (2, 2), ""), ((0, 0), (0, 0), "a: b\nc: d\n")];
        for ((l1, c1), (l2, c2), new) in edits {
            let range = lsp::Range {
                start: lsp::Position { line: l1, character: c1 },
                end: lsp::Position { line: l2, character: c2 },
            };
            apply_change(
                &mut doc,
                lsp::TextDocumentContentChangeEvent { range: Some(range), range_length: None, text: new.into() },
            );
            assert_eq!(doc.lines, line_starts(&doc.text), "after {new:?}: {:?}", doc.text);
        }
        assert_eq!(doc.text, "a: b\nc: d\nvalues: [\n2]\n");
    }

    #[test]
    fn file_uris() {
        #[cfg(unix)]
        {
            assert_eq!(uri_to_path("file:///tmp/a%20b.yaml"), Some(PathBuf::from("/tmp/a b.yaml")));
            assert_eq!(uri_to_path("file://localhost/tmp/%C3%A9t%C3%A9.yaml"), Some(PathBuf::from("/tmp/été.yaml")));
        }
        #[cfg(windows)]
        assert_eq!(uri_to_path("file:///C:/plans/a%20b.yaml"), Some(PathBuf::from("C:\\plans\\a b.yaml")));
        assert_eq!(uri_to_path("untitled:1"), None);
        assert_eq!(uri_to_path("https://example.org/plan.yaml"), None);
    }
}
