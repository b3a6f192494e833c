//! Measure `plan-lint server`: the time from a change notification to the diagnostics it
//! publishes, on a given plan. Used by `bench/lsp.sh`.
//!
//! usage: cargo run --release --example lsp_latency -- PLAN.yaml [ROUNDS]

use lsp_server::{Message, Notification, Request, RequestId};
use serde_json::json;
use std::io::BufReader;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let plan = args.next().expect("usage: lsp_latency PLAN.yaml [ROUNDS]");
    let rounds: usize = args.next().map_or(30, |r| r.parse().expect("ROUNDS is a number"));
    let text = std::fs::read_to_string(&plan).expect("a readable plan");
    let bin = std::env::var("PLAN_LINT_BIN").unwrap_or_else(|_| "target/release/plan-lint".into());
    let mut child = Command::new(bin)
        .arg("server")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the server starts");
    let mut input = child.stdin.take().unwrap();
    let mut output = BufReader::new(child.stdout.take().unwrap());
    let mut send = |m: Message| m.write(&mut input).unwrap();
    let mut next = || Message::read(&mut output).unwrap().expect("a message");

    send(Message::Request(Request::new(RequestId::from(1), "initialize".into(), json!({"capabilities": {}}))));
    while !matches!(next(), Message::Response(_)) {}
    send(Message::Notification(Notification::new("initialized".into(), json!({}))));
    let uri = "file:///tmp/plan-lint-latency/plan.yaml";
    let wait_diagnostics = |next: &mut dyn FnMut() -> Message| loop {
        if let Message::Notification(n) = next()
            && n.method == "textDocument/publishDiagnostics"
        {
            return n.params["diagnostics"].as_array().map_or(0, Vec::len);
        }
    };
    let started = Instant::now();
    send(Message::Notification(Notification::new(
        "textDocument/didOpen".into(),
        json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}),
    )));
    let n = wait_diagnostics(&mut next);
    println!("{} bytes, {n} findings; open to diagnostics: {:.1} ms", text.len(), ms(started.elapsed()));

    // Each round types one character at the end of the first line, then waits for the result.
    let mut times = Vec::with_capacity(rounds);
    for version in 2..rounds as i32 + 2 {
        let change = json!({"textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": {"line": 0, "character": 9}, "end": {"line": 0, "character": 9}}, "text": " "}]});
        let t = Instant::now();
        send(Message::Notification(Notification::new("textDocument/didChange".into(), change)));
        wait_diagnostics(&mut next);
        times.push(t.elapsed());
    }
    times.sort();
    let debounce = plan_lint::server::DEBOUNCE;
    let median = times[times.len() / 2];
    println!(
        "change to diagnostics over {rounds} changes: median {:.1} ms, p90 {:.1} ms, max {:.1} ms \
         (includes the {} ms debounce; check and publish: median {:.1} ms)",
        ms(median),
        ms(times[times.len() * 9 / 10]),
        ms(*times.last().unwrap()),
        debounce.as_millis(),
        ms(median.saturating_sub(debounce)),
    );
    send(Message::Request(Request::new(RequestId::from(2), "shutdown".into(), json!(null))));
    send(Message::Notification(Notification::new("exit".into(), json!(null))));
    let _ = child.wait();
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
