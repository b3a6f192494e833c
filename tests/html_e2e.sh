#!/usr/bin/env bash
# `--format html` in a real browser: headless Chromium. Run by .ci/run.
#  1. The report of the 2026 corpus and the 2027 sample refers to nothing outside itself.
#  2. Chromium loads it with no console error (a page that throws is seen, so the check works),
#     runs its filters (#rule=P001 shows exactly the P001 findings), and shows each subtotal's
#     table with the offending cell highlighted and the expected value in it.
#  3. A screenshot of the report of A/80/6 (Sect. 11), kept in target/e2e/html/.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared="$here/../shared"
if ! command -v chromium >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
cargo build --quiet --manifest-path "$here/Cargo.toml"
target_dir=$(bash "$here/tests/metadata.sh" target_directory)
bin="$target_dir/debug/plan-lint"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "html e2e: $*" >&2; exit 1; }

chrome() { # chrome PROFILE ARGS...: headless Chromium with a fresh profile, console on stderr
  local profile=$1
  shift
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/$profile" --enable-logging=stderr --v=0 "$@"
}
console_errors() { # the console errors and failed loads in a Chromium log
  grep -E 'CONSOLE|Uncaught|net::ERR' "$1" || true
}

"$bin" check --format html --output-file "$work/report.html" --include '*.docx' \
  "$shared/corpus/ppb2026" "$shared/corpus/ppb2027-sample" || [ $? -eq 1 ]
"$bin" check --format json --include '*.docx' "$shared/corpus/ppb2026" "$shared/corpus/ppb2027-sample" \
  >"$work/findings.json" || [ $? -eq 1 ]
p001=$(python3 -c 'import json,sys; print(sum(f["rule"] == "P001" for f in json.load(open(sys.argv[1]))))' "$work/findings.json")
total=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$work/findings.json")

# 1. Self-contained: no address outside the page.
if grep -oE '(src|href|action)="[^"#][^"]*"|url\(|@import|https?://' "$work/report.html" | head -5 | grep .; then
  fail "the report refers to something outside itself"
fi

# 2. The console check sees an error when there is one.
printf '<!DOCTYPE html><title>probe</title><script>throw new Error("plan-lint-probe")</script>' >"$work/probe.html"
chrome probe --dump-dom "file://$work/probe.html" >/dev/null 2>"$work/probe.log"
console_errors "$work/probe.log" | grep -q plan-lint-probe || fail "Chromium's log did not show a page's error: $(tail -5 "$work/probe.log")"

chrome report --dump-dom "file://$work/report.html#rule=P001" >"$work/dom.html" 2>"$work/report.log"
errors=$(console_errors "$work/report.log")
[ -z "$errors" ] || fail "console errors: $errors"
python3 - "$work/dom.html" "$p001" "$total" <<'PY'
import html.parser, sys
dom, p001, total = open(sys.argv[1]).read(), int(sys.argv[2]), int(sys.argv[3])

class Reader(html.parser.HTMLParser):
    """The findings of the page as Chromium left them: rule, hidden, and per highlighted cell its text."""
    def __init__(self):
        super().__init__()
        self.findings, self.depth, self.cell, self.shown = [], 0, None, None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag == "div" and "finding" in cls:
            self.findings.append({"rule": a["data-rule"], "hidden": "hidden" in a, "hits": []})
        if tag == "td" and "hit" in cls and self.findings:
            self.cell = ""
        if a.get("id") == "shown":
            self.shown = ""
    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.findings[-1]["hits"].append(self.cell)
            self.cell = None
        if tag == "span" and self.shown is not None and self.shown:
            self.result, self.shown = self.shown, None
    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data
        if self.shown is not None:
            self.shown += data

r = Reader()
r.feed(dom)
assert len(r.findings) == total, f"{len(r.findings)} findings on the page, {total} from check"
visible = [f for f in r.findings if not f["hidden"]]
assert len(visible) == p001 and all(f["rule"] == "P001" for f in visible), f"#rule=P001 shows {len(visible)}"
assert r.result == f"{p001} of {total} shown", r.result
for f in visible:
    assert any("should be" in h for h in f["hits"]), f"a P001 without its highlighted cell: {f}"
print(f"chromium: {total} findings, the P001 filter shows {p001}, each with its cell highlighted; no console error")
PY

# 3. The screenshot.
"$bin" check --format html --output-file "$work/sect11.html" "$shared/corpus/ppb2026/A_80_6_Sect.11.docx" || [ $? -eq 1 ]
mkdir -p "$target_dir/e2e/html"
png="$target_dir/e2e/html/sect11.png"
rm -f "$png"
chrome shot --screenshot="$png" --window-size=1280,2200 --hide-scrollbars "file://$work/sect11.html#severity=error" \
  2>"$work/shot.log" >/dev/null
errors=$(console_errors "$work/shot.log")
[ -z "$errors" ] || fail "console errors: $errors"
[ -s "$png" ] || fail "no screenshot"
echo "chromium $(chromium --version | awk '{print $2}'): screenshot of the report of A/80/6 (Sect. 11): $png"
