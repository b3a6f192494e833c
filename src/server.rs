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
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long typing must pause before a changed document is checked.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// An open document.
#[derive(Clone, Debug)]
struct Document {
    text: String,
    version: i32,
}

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

/// Run the server on standard input and output; returns the exit status.
pub fn run() -> u8 {
    let (connection, io_threads) = Connection::stdio();
    let status = match serve(connection) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("plan-lint server: {e}");
            1
        }
    };
    match io_threads.join() {
        Ok(()) => status,
        Err(e) => {
            eprintln!("plan-lint server: {e}");
            1
        }
    }
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

/// Serve one client on `connection` until it shuts down.
pub fn serve(connection: Connection) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
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
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request)? {
                    break;
                }
                let response = handle_request(request, &documents, &mut discovery);
                connection.sender.send(Message::Response(response))?;
            }
            Message::Notification(n) => handle_notification(n, &documents, &jobs, &mut discovery),
            Message::Response(_) => {}
        }
    }
    drop(jobs);
    let _ = worker.join();
    Ok(())
}

fn handle_notification(n: Notification, documents: &Documents, jobs: &Sender<Job>, discovery: &mut Discovery) {
    let mut docs = documents.lock().unwrap_or_else(|p| p.into_inner());
    match n.method.as_str() {
        notif::DidOpenTextDocument::METHOD => {
            if let Ok(p) = serde_json::from_value::<lsp::DidOpenTextDocumentParams>(n.params) {
                let uri = p.text_document.uri.as_str().to_owned();
                docs.insert(uri.clone(), Document { text: p.text_document.text, version: p.text_document.version });
                let _ = jobs.send(Job::Now(uri));
            }
        }
        notif::DidChangeTextDocument::METHOD => {
            if let Ok(p) = serde_json::from_value::<lsp::DidChangeTextDocumentParams>(n.params) {
                let uri = p.text_document.uri.as_str().to_owned();
                if let Some(doc) = docs.get_mut(&uri) {
                    for change in p.content_changes {
                        apply_change(&mut doc.text, change);
                    }
                    doc.version = p.text_document.version;
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
                docs.remove(&uri);
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
            let doc = documents.lock().unwrap_or_else(|p| p.into_inner()).get(&uri).cloned();
            let Some(doc) = doc else { continue };
            let report = check_document(&uri, &doc.text, &mut discovery);
            let diagnostics = report.diagnostics.iter().map(|d| to_lsp(&report, &uri, d)).collect();
            publish(sender, &uri, Some(doc.version), diagnostics);
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

/// Check the text of an open document with its folder's configuration.
fn check_document(uri: &str, text: &str, discovery: &mut Discovery) -> FileReport {
    let path = uri_to_path(uri).unwrap_or_else(|| PathBuf::from(uri));
    let settings: Settings = match discovery.config_for(&path) {
        Ok(Some(c)) => c.settings_for(&path),
        _ => Settings::default(),
    };
    let options = CheckOptions { settings, ..CheckOptions::default() };
    let name = path.display().to_string();
    std::panic::catch_unwind(|| check_file(&name, text.as_bytes().to_vec(), &options)).unwrap_or_else(|_| FileReport {
        source: SourceFile::new(name.clone(), text.to_owned()),
        diagnostics: Vec::new(),
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
    let mut line_start = 0;
    for _ in 0..pos.line {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => return text.len(),
        }
    }
    let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
    let mut units = 0;
    for (i, c) in text[line_start..line_end].char_indices() {
        if units >= pos.character as usize {
            return line_start + i;
        }
        units += c.len_utf16();
    }
    line_end
}

fn apply_change(text: &mut String, change: lsp::TextDocumentContentChangeEvent) {
    match change.range {
        None => *text = change.text,
        Some(r) => {
            let start = offset(text, r.start);
            let end = offset(text, r.end).max(start);
            text.replace_range(start..end, &change.text);
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
            .map(|l| lsp::DiagnosticRelatedInformation {
                location: lsp::Location { uri: u.clone(), range: range(source, l.span) },
                message: match &l.place {
                    Some(p) => format!("{} (at {})", l.message, p.description),
                    None => l.message.clone(),
                },
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

fn current(uri: &str, documents: &Documents, discovery: &mut Discovery) -> Option<FileReport> {
    let doc = documents.lock().unwrap_or_else(|p| p.into_inner()).get(uri).cloned()?;
    discovery.refresh();
    Some(check_document(uri, &doc.text, discovery))
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
        let mut text = "values: [3, 3]\n".to_owned();
        let change = lsp::TextDocumentContentChangeEvent {
            range: Some(lsp::Range {
                start: lsp::Position { line: 0, character: 12 },
                end: lsp::Position { line: 0, character: 13 },
            }),
            range_length: None,
            text: "6".into(),
        };
        apply_change(&mut text, change);
        assert_eq!(text, "values: [3, 6]\n");
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
