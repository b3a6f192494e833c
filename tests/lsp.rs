//! The language server at the protocol level: a client speaking JSON-RPC over an in-memory
//! connection, as an editor would over stdio.

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

struct Client {
    conn: Connection,
    next_id: i32,
    server: Option<std::thread::JoinHandle<()>>,
}

impl Client {
    fn start() -> Client {
        Client::start_with(json!({}))
    }

    fn start_with(capabilities: Value) -> Client {
        let (server, client) = Connection::memory();
        let handle = std::thread::spawn(move || assert_eq!(plan_lint::server::serve(server).unwrap(), 0));
        let mut c = Client { conn: client, next_id: 0, server: Some(handle) };
        let caps = c.request("initialize", json!({"capabilities": capabilities, "processId": null, "rootUri": null}));
        assert_eq!(caps["capabilities"]["positionEncoding"], "utf-16");
        assert_eq!(caps["serverInfo"]["name"], "plan-lint");
        c.notify("initialized", json!({}));
        c
    }

    fn notify(&self, method: &str, params: Value) {
        self.conn.sender.send(Message::Notification(Notification::new(method.into(), params))).unwrap();
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.conn.sender.send(Message::Request(Request::new(id.clone(), method.into(), params))).unwrap();
        loop {
            match self.conn.receiver.recv_timeout(Duration::from_secs(10)).expect("a response") {
                Message::Response(r) if r.id == id => return r.response_result.expect("a successful response"),
                _ => {}
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&self, uri: &str) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.conn.receiver.recv_timeout(left).expect("diagnostics in time") {
                Message::Notification(n) if n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri => {
                    return n.params["diagnostics"].as_array().unwrap().clone();
                }
                _ => {}
            }
        }
    }

    fn shutdown(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        self.server.take().unwrap().join().unwrap();
    }
}

const URI: &str = "file:///tmp/plan-lint-lsp-test/plan.yaml";

fn plan(total: &str) -> String {
    format!(
        "document:\n  symbol: A/77/6 (Sect. 16)\n  title: Plan for Côte d’Ivoire – 2023\n  plan_year: 2023\nbody:\n  \
         - table: \"16.1\"\n    title: \"Côte d’Ivoire – deliverables for the period 2020–2022\"\n    kind: deliverables\n    \
         columns: [2021 planned, 2021 actual, 2022 planned, 2023 planned]\n    rows:\n      - subcategory: Publications\n        \
         values: [3, {total}, 3, 3]\n      - item: 1. On crime\n        values: [3, 6, 3, 3]\n"
    )
}

fn codes(diags: &[Value]) -> Vec<String> {
    let mut c: Vec<String> = diags.iter().map(|d| d["code"].as_str().unwrap().to_owned()).collect();
    c.sort();
    c
}

#[test]
fn diagnostics_code_actions_hover_and_lifecycle() {
    let mut c = Client::start();
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "yaml", "version": 1, "text": plan("3")}}),
    );
    let diags = c.diagnostics(URI);
    assert_eq!(codes(&diags), ["P001", "P006"]);
    // Ranges count UTF-16 units: "    title: \"Côte d’Ivoire – deliverables for the period " is 56 units.
    let p006 = diags.iter().find(|d| d["code"] == "P006").unwrap();
    assert_eq!(p006["range"], json!({"start": {"line": 6, "character": 56}, "end": {"line": 6, "character": 65}}));
    let p001 = diags.iter().find(|d| d["code"] == "P001").unwrap();
    assert_eq!(p001["range"]["start"], json!({"line": 11, "character": 20}));
    assert_eq!(p001["severity"], 1);
    // The code links to the rule's page, as SARIF's helpUri does.
    assert_eq!(
        p001["codeDescription"]["href"],
        format!("https://github.com/plan-lint/plan-lint/blob/v{}/rules/total-mismatch.md", env!("CARGO_PKG_VERSION"))
    );

    // Code actions: the safe fix, and an ignore comment.
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": p006["range"], "context": {"diagnostics": [p006]}}),
    );
    let titles: Vec<&str> = actions.as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["P006: write “2021–2023”", "Ignore P006 (period-label) here"]);
    let edit = &actions[0]["edit"]["changes"][URI][0];
    assert_eq!(edit["newText"], "2021–2023");
    assert_eq!(edit["range"], p006["range"]);
    let ignore = &actions[1]["edit"]["changes"][URI][0];
    assert_eq!(ignore["newText"], "  # plan-lint: ignore[P006]");

    // Hover shows the rule's documentation.
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 11, "character": 20}}),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("# P001 total-mismatch"), "{text}");

    // Typing: several quick changes, one check once typing pauses; fixing the total clears P001.
    for (version, value) in [(2, "4"), (3, "5"), (4, "6")] {
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": version},
                   "contentChanges": [{"range": {"start": {"line": 11, "character": 20}, "end": {"line": 11, "character": 21}}, "text": value}]}),
        );
    }
    let diags = c.diagnostics(URI);
    assert_eq!(codes(&diags), ["P006"]);

    // A syntax error in the unsaved buffer is a diagnostic.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 5},
               "contentChanges": [{"text": "document: [unclosed\n"}]}),
    );
    assert_eq!(codes(&c.diagnostics(URI)), ["Y001"]);

    // Closing clears the diagnostics.
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": URI}}));
    assert!(c.diagnostics(URI).is_empty());
    c.shutdown();
}

#[test]
fn ignore_inside_folded_text_uses_a_range() {
    let mut c = Client::start();
    let text = "document:\n  symbol: A/77/6\n  title: T\n  plan_year: 2023\nbody:\n  - footnote: 3\n    text: >-\n      The figure is\n      to be updated.\n";
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "yaml", "version": 1, "text": text}}),
    );
    let diags = c.diagnostics(URI);
    let p002 = diags.iter().find(|d| d["code"] == "P002").unwrap();
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": p002["range"], "context": {"diagnostics": [p002]}}),
    );
    let edits = &actions[0]["edit"]["changes"][URI];
    assert_eq!(edits[0]["newText"], "    # plan-lint: disable[P002]\n");
    assert_eq!(edits[0]["range"]["start"]["line"], 6);
    assert_eq!(edits[1]["newText"], "    # plan-lint: enable[P002]\n");
    assert_eq!(edits[1]["range"]["start"]["line"], 9);
    c.shutdown();
}

#[test]
fn the_configuration_is_honoured_and_reloaded() {
    let dir = tempfile::tempdir().unwrap();
    let uri = format!("file://{}/plan.yaml", dir.path().display());
    let text =
        "document:\n  symbol: A/77/6\n  title: T\n  plan_year: 2023\nbody:\n  - prose: The figure is to be updated.\n";
    let c = Client::start();
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}),
    );
    assert_eq!(codes(&c.diagnostics(&uri)), ["P002"]);
    // A configuration written next to the plan applies from the next check on.
    std::fs::write(dir.path().join("plan-lint.toml"), "ignore = [\"P002\"]\n").unwrap();
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": format!("{text}\n")}]}),
    );
    assert!(c.diagnostics(&uri).is_empty());
    // Changed again, and saved in the editor: every open plan is checked again at once.
    std::fs::write(dir.path().join("plan-lint.toml"), "[severity]\nP002 = \"error\"\n").unwrap();
    let config_uri = format!("file://{}/plan-lint.toml", dir.path().display());
    c.notify("textDocument/didSave", json!({"textDocument": {"uri": config_uri}}));
    let diags = c.diagnostics(&uri);
    assert_eq!(codes(&diags), ["P002"]);
    assert_eq!(diags[0]["severity"], 1);
    c.shutdown();
}

#[test]
fn clients_that_can_watch_files_are_asked_to_watch_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let uri = format!("file://{}/plan.yaml", dir.path().display());
    let c = Client::start_with(json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}));
    let registration = loop {
        match c.conn.receiver.recv_timeout(Duration::from_secs(10)).expect("a registration request") {
            Message::Request(r) if r.method == "client/registerCapability" => break r,
            _ => {}
        }
    };
    let watcher = &registration.params["registrations"][0];
    assert_eq!(watcher["method"], "workspace/didChangeWatchedFiles");
    assert_eq!(watcher["registerOptions"]["watchers"][0]["globPattern"], "**/plan-lint.toml");
    let text =
        "document:\n  symbol: A/77/6\n  title: T\n  plan_year: 2023\nbody:\n  - prose: The figure is to be updated.\n";
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}),
    );
    assert_eq!(codes(&c.diagnostics(&uri)), ["P002"]);
    // The client reports the change it watched: open plans are checked again.
    std::fs::write(dir.path().join("plan-lint.toml"), "ignore = [\"P002\"]\n").unwrap();
    let changed = format!("file://{}/plan-lint.toml", dir.path().display());
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": changed, "type": 1}]}));
    assert!(c.diagnostics(&uri).is_empty());
    c.shutdown();
}

/// Open `path`'s text in the server as a Markdown draft named `name`, and compare what it
/// publishes with what `check` reports on the same text: rule, range and message of each
/// finding. Returns how many there were.
fn server_publishes_what_check_reports(path: &std::path::Path, name: &str) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    let file = format!("/tmp/plan-lint-lsp-test/{name}");
    let uri = format!("file://{file}");
    let report =
        plan_lint::check::check_file(&file, text.clone().into_bytes(), &plan_lint::check::CheckOptions::default());
    let at = |offset: usize| {
        let lc = report.source.line_col_utf16(offset);
        json!({"line": lc.line - 1, "character": lc.column - 1})
    };
    let mut want: Vec<(String, Value, Value, String)> = report
        .diagnostics
        .iter()
        .map(|d| (d.rule.code.to_owned(), at(d.span.start), at(d.span.end), d.message.clone()))
        .collect();
    let c = Client::start();
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    let mut got: Vec<(String, Value, Value, String)> = c
        .diagnostics(&uri)
        .iter()
        .map(|d| {
            let code = d["code"].as_str().unwrap().to_owned();
            // The server adds the help below the message.
            let message = d["message"].as_str().unwrap().split("\nhelp: ").next().unwrap().to_owned();
            (code, d["range"]["start"].clone(), d["range"]["end"].clone(), message)
        })
        .collect();
    let key = |x: &(String, Value, Value, String)| format!("{}{}{}{}", x.1, x.2, x.0, x.3);
    want.sort_by_key(key);
    got.sort_by_key(key);
    assert_eq!(got, want, "{name}: the server publishes what check reports, at the same ranges");
    c.shutdown();
    want.len()
}

#[test]
fn a_markdown_draft_gets_the_diagnostics_of_check() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/import/plan.md");
    let n = server_publishes_what_check_reports(&path, "draft.md");
    assert!(n >= 10, "{n} findings");
}

/// The real UNODC draft of `../shared/seeds` (Markdown in a .txt file), as an editor opens it.
#[test]
fn the_real_draft_gets_the_diagnostics_of_check() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds/000_cbe8c661e20bcd8f.txt");
    assert!(path.exists(), "{} is missing: this test reads ../shared beside the checkout", path.display());
    let n = server_publishes_what_check_reports(&path, "000_cbe8c661e20bcd8f.txt");
    assert!(n >= 10, "{n} findings");
}
