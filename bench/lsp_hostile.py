#!/usr/bin/env python3
"""The language-server figures of issue 14, measured on the release binary.

usage: lsp_hostile.py PLAN_LINT_BINARY

Prints Markdown rows: malformed headers and bodies, a 10^12-byte Content-Length (answered, and
the server keeps serving), a 50 MB plan opened (hover answered during its check, time to its
diagnostics, shutdown), and a 10 MB duplicate-keys buffer (peak memory, from GNU time).
"""
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def frame(obj):
    body = (obj if isinstance(obj, str) else json.dumps(obj)).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Server:
    def __init__(self, binary):
        self.peak = tempfile.NamedTemporaryFile()
        self.p = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", self.peak.name, binary, "server"],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.messages = []
        self.lock = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.p.stdout
        while True:
            line = out.readline()
            if not line:
                return
            if line.lower().startswith(b"content-length:"):
                n = int(line.split(b":")[1])
                out.readline()
                msg = json.loads(out.read(n))
                with self.lock:
                    self.messages.append((time.perf_counter(), msg))
                    self.lock.notify_all()

    def send(self, data):
        self.p.stdin.write(data if isinstance(data, bytes) else frame(data))
        self.p.stdin.flush()

    def wait(self, pred, timeout=120):
        end = time.perf_counter() + timeout
        with self.lock:
            while True:
                for t, m in self.messages:
                    if pred(m):
                        return t, m
                left = end - time.perf_counter()
                if left <= 0:
                    return None, None
                self.lock.wait(left)

    def init(self):
        self.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
        self.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        self.wait(lambda m: m.get("id") == 1)

    def close(self, shutdown=True):
        t = time.perf_counter()
        if shutdown:
            self.send({"jsonrpc": "2.0", "id": 99, "method": "shutdown"})
            self.wait(lambda m: m.get("id") == 99)
        self.send({"jsonrpc": "2.0", "method": "exit"})
        code = self.p.wait(timeout=60)
        took = time.perf_counter() - t
        return code, took, int(open(self.peak.name).read().split()[-1]) // 1024


def row(*cells):
    print("| " + " | ".join(str(c) for c in cells) + " |")


def main():
    binary = sys.argv[1]
    s = Server(binary)
    s.init()
    for name, data in [("Content-Length: abc", b"Content-Length: abc\r\n\r\n"),
                       ("invalid JSON", frame("{not json")),
                       ("not a JSON-RPC message", frame('{"jsonrpc":"2.0","id":7,"params":[]}'))]:
        t = time.perf_counter()
        before = len(s.messages)
        s.send(data)
        at, m = s.wait(lambda m, before=before: "error" in m and any(x is m for _, x in s.messages[before:]), 10)
        code = m["error"]["code"] if m else "no answer"
        row(f"server: {name}", f"error {code} in {(at - t) * 1000:.1f} ms" if at else "no answer", "keeps serving")
    t = time.perf_counter()
    s.send(b"Content-Length: 1000000000000\r\n\r\n" + b"x" * (16 << 20))
    # The rest of the 10^12-byte body never comes: the input ends (exit without shutdown).
    s.p.stdin.close()
    code = s.p.wait(timeout=60)
    at, m = s.wait(lambda m: "over the limit" in json.dumps(m), 5)
    peak = int(open(s.peak.name).read().split()[-1]) // 1024
    row("server: Content-Length: 1000000000000 (+16 MiB of it, then end of input)",
        f"error {m['error']['code']} after {(at - t) * 1000:.0f} ms" if at else "no answer",
        f"exit {code}, {peak} MiB peak")

    sys.path.insert(0, HERE)
    plan = subprocess.run([sys.executable, os.path.join(HERE, "gen_large_plan.py"), "1800"],
                          capture_output=True, text=True, check=True).stdout
    s = Server(binary)
    s.init()
    uri = "file:///tmp/big.yaml"
    t = time.perf_counter()
    s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "yaml", "version": 1, "text": plan}}})
    sent = time.perf_counter()
    s.send({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {
        "textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}})
    hover_at, _ = s.wait(lambda m: m.get("id") == 2)
    diag_at, d = s.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics", 300)
    n = len(d["params"]["diagnostics"]) if d else 0
    code, took, peak = s.close()
    row(f"server: {len(plan) / 1e6:.0f} MB plan opened", f"hover answered {(hover_at - sent) * 1000:.0f} ms after the open was sent",
        f"{n} diagnostics {diag_at - t:.2f} s after didOpen; shutdown+exit {took * 1000:.0f} ms, exit {code}, {peak} MiB peak")

    s = Server(binary)
    s.init()
    text = "a: 1\n" * (2 * 1024 * 1024)
    t = time.perf_counter()
    s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": "file:///tmp/dup.yaml", "languageId": "yaml", "version": 1, "text": text}}})
    diag_at, d = s.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics", 300)
    n = len(d["params"]["diagnostics"]) if d else 0
    code, took, peak = s.close()
    row("server: 10 MB duplicate-keys buffer (2 million keys)", f"{n} diagnostics in {diag_at - t:.2f} s",
        f"exit {code}, {peak} MiB peak")


if __name__ == "__main__":
    main()
