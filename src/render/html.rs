//! One self-contained HTML page (styles and script inline, no network reference) for a run over
//! one or many documents: a summary per document and per rule, filters by rule and severity, and
//! each finding with its place in words and its context from the plan: the table with the
//! offending row and cell highlighted and the expected value beside it, the figure's data, or
//! the text around the words concerned.
//!
//! The context comes from the plan the finding was made on: the YAML file itself, or the YAML a
//! Word or Markdown document was imported as ([`FileReport::plan`], with
//! [`Diagnostic::plan_span`]).

use crate::check::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceFile, Span};
use crate::yaml::{self, Limits, Node, NodeKind};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Rows of a table shown around the highlighted one.
const ROWS_AROUND: usize = 6;
/// Characters of text shown around the words concerned.
const TEXT_AROUND: usize = 300;

const STYLE: &str = r#"
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;color:#1d232a;background:#f6f7f9}
header{background:#1a3d6d;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0}
main{padding:12px 24px;max-width:1200px}
h2{font-size:17px;margin:22px 0 8px}h3{font-size:15px;margin:18px 0 6px;word-break:break-all}
table{border-collapse:collapse;background:#fff}th,td{border:1px solid #d5d9df;padding:3px 7px;text-align:left;vertical-align:top}
th{background:#eef1f5;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
.sev{display:inline-block;border-radius:3px;padding:0 6px;font-size:12px;font-weight:700;color:#fff}
.error{background:#c62828}.warning{background:#b26a00}.info{background:#1565c0}
#filters{background:#fff;border:1px solid #d5d9df;padding:8px 12px;margin:12px 0;display:flex;flex-wrap:wrap;gap:6px 16px;align-items:center}
#filters label{white-space:nowrap}#shown{margin-left:auto;font-weight:600}
.finding{background:#fff;border:1px solid #d5d9df;border-left:5px solid #999;margin:10px 0;padding:8px 12px}
.finding.error{border-left-color:#c62828;background:#fff}.finding.warning{border-left-color:#b26a00;background:#fff}.finding.info{border-left-color:#1565c0;background:#fff}
.finding .head{font-weight:600}.finding .place{color:#44505c;margin:2px 0}.finding .msg{margin:4px 0}
.expected{font-weight:700;color:#8a1c1c}.help{color:#44505c}.labels{color:#44505c;margin:2px 0 0 0;padding-left:18px}
.context{margin-top:8px;overflow-x:auto}.context .cap{font-style:italic;padding:2px 0}
tr.hit td{background:#fff6d6}td.hit{background:#ffd54f!important;outline:2px solid #c62828;font-weight:700}
td .want{display:block;font-size:12px;color:#8a1c1c;font-weight:700}
.text{background:#fafbfc;border:1px solid #e3e6ea;padding:6px 8px;white-space:pre-wrap}
mark{background:#ffd54f;outline:1px solid #c62828}
.gap td{color:#8a939c;text-align:center;font-style:italic}
"#;

const SCRIPT: &str = r#"
(function(){
  var boxes=document.querySelectorAll('#filters input');
  var findings=document.querySelectorAll('.finding');
  function apply(){
    var on={};
    for(var i=0;i<boxes.length;i++){on[boxes[i].name+':'+boxes[i].value]=boxes[i].checked;}
    var n=0;
    for(var j=0;j<findings.length;j++){
      var f=findings[j];
      var show=on['rule:'+f.dataset.rule]!==false&&on['severity:'+f.dataset.severity]!==false;
      f.hidden=!show; if(show){n++;}
    }
    document.getElementById('shown').textContent=n+' of '+findings.length+' shown';
  }
  // #rule=P001,P003&severity=error selects from the address.
  var want={};
  location.hash.replace(/^#/,'').split('&').forEach(function(kv){
    var p=kv.split('=');if(p.length===2){want[p[0]]=decodeURIComponent(p[1]).split(',');}
  });
  for(var i=0;i<boxes.length;i++){
    var b=boxes[i];
    if(want[b.name]){b.checked=want[b.name].indexOf(b.value)>=0;}
    b.addEventListener('change',apply);
  }
  apply();
})();
"#;

/// Text for HTML content or a quoted attribute: quick-xml escapes `&`, `<`, `>`, `"` and `'`.
fn esc(s: &str) -> String {
    quick_xml::escape::escape(s).into_owned()
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 || word == "info" { "" } else { "s" })
}

/// The plan of one report, loaded once: its text and its YAML documents.
struct Plan {
    source: SourceFile,
    documents: Vec<Option<Node>>,
}

impl Plan {
    fn of(r: &FileReport) -> Option<Plan> {
        let text = match &r.plan {
            Some(yaml) => yaml.clone(),
            // A YAML plan: findings have spans in its text.
            None if crate::import::DocumentKind::of(&r.source.name).is_none() => r.source.text.clone(),
            None => return None,
        };
        let source = SourceFile::new(r.source.name.clone(), text);
        let documents = yaml::load(&source, &Limits::default()).documents;
        Some(Plan { source, documents })
    }

    /// Where a finding is in this plan's text.
    fn span(&self, r: &FileReport, d: &Diagnostic) -> Option<Span> {
        match (&r.plan, d.plan_span) {
            (Some(_), s) => s,
            (None, _) => Some(d.span),
        }
    }
}

fn holds(n: &Node, at: usize) -> bool {
    n.span.start <= at && at < n.span.end.max(n.span.start + 1)
}

/// The text of a node: a scalar's value (nothing for a blank), or a sequence's values joined.
fn text(n: &Node) -> String {
    match &n.kind {
        NodeKind::Scalar(_) if n.is_null() => String::new(),
        NodeKind::Scalar(s) => s.value.clone(),
        NodeKind::Sequence(items) => items.iter().map(text).collect::<Vec<_>>().join(", "),
        NodeKind::Mapping(_) => n.get("label").map(text).unwrap_or_default(),
    }
}

const ROW_KINDS: [&str; 6] = ["category", "subcategory", "group", "item", "subitem", "text"];

/// The context of a finding at `span` of document `doc`: HTML, or empty.
fn context(plan: &Plan, doc: usize, span: Span, expected: Option<&str>) -> String {
    let Some(Some(root)) = plan.documents.get(doc) else { return String::new() };
    let Some(body) = root.get("body").and_then(Node::as_seq) else { return String::new() };
    let Some(element) = body.iter().find(|e| holds(e, span.start)) else { return String::new() };
    if let Some(rows) = element.get("rows").and_then(Node::as_seq) {
        return table(element, rows, span, expected);
    }
    if let Some(data) = element.get("data").and_then(Node::as_seq) {
        return figure(element, data, span, expected);
    }
    let own =
        ["text", "prose", "heading", "title"].iter().find_map(|k| element.get(k).filter(|n| n.as_str().is_some()));
    let Some(node) = own else { return String::new() };
    let full = text(node);
    // The words concerned, as the plan's text has them, when they are one short piece.
    let needle = plan.source.text.get(span.range()).filter(|s| !s.is_empty() && s.len() <= 200 && !s.contains('\n'));
    let needle = needle.map(|s| s.trim_matches(|c| c == '"' || c == '\''));
    let label = ["paragraph", "footnote", "figure", "table"]
        .iter()
        .find_map(|k| element.get(k).map(|n| format!("{k} {}", text(n))))
        .unwrap_or_default();
    let mut html = String::from("<div class=\"context\">");
    if !label.is_empty() {
        html.push_str(&format!("<div class=\"place\">{}</div>", esc(&label)));
    }
    html.push_str("<div class=\"text\">");
    match needle.and_then(|n| full.find(n).map(|i| (i, n.len()))) {
        Some((i, len)) => {
            let from = floor(&full, i.saturating_sub(TEXT_AROUND));
            let to = ceil(&full, (i + len + TEXT_AROUND).min(full.len()));
            if from > 0 {
                html.push('…');
            }
            html.push_str(&esc(&full[from..i]));
            html.push_str(&format!("<mark>{}</mark>", esc(&full[i..i + len])));
            html.push_str(&esc(&full[i + len..to]));
            if to < full.len() {
                html.push('…');
            }
        }
        None => {
            let to = ceil(&full, (2 * TEXT_AROUND).min(full.len()));
            html.push_str(&esc(&full[..to]));
            if to < full.len() {
                html.push('…');
            }
        }
    }
    html.push_str("</div></div>");
    html
}

fn floor(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// A table with the row holding the finding highlighted, and the cell with the expected value.
fn table(element: &Node, rows: &[Node], span: Span, expected: Option<&str>) -> String {
    let columns: Vec<String> = element.get("columns").and_then(Node::as_seq).unwrap_or(&[]).iter().map(text).collect();
    let title = element.get("title").map(text).unwrap_or_default();
    let number = element.get("table").map(text).filter(|n| !n.is_empty() && n != "~");
    let caption = match number {
        Some(n) => format!("Table {n}: {title}"),
        None => title,
    };
    let hit = rows.iter().position(|r| holds(r, span.start));
    let (from, to) = match hit {
        Some(h) => (h.saturating_sub(ROWS_AROUND), (h + ROWS_AROUND + 1).min(rows.len())),
        None => (0, rows.len().min(2 * ROWS_AROUND + 1)),
    };
    let label_header = element.get("label_header").map(text).unwrap_or_default();
    let mut html = format!(
        "<div class=\"context\"><div class=\"cap\">{}</div><table><tr><th>{}</th>",
        esc(&caption),
        esc(&label_header)
    );
    for c in &columns {
        html.push_str(&format!("<th>{}</th>", esc(c)));
    }
    html.push_str("</tr>");
    let gap = |n: usize| {
        format!("<tr class=\"gap\"><td colspan=\"{}\">… {} …</td></tr>", columns.len() + 1, plural(n, "row"))
    };
    if from > 0 {
        html.push_str(&gap(from));
    }
    for (i, row) in rows.iter().enumerate().take(to).skip(from) {
        let label = ROW_KINDS.iter().find_map(|k| row.get(k).map(text)).unwrap_or_default();
        let label = match row.get("unit").map(text) {
            Some(u) => format!("{label} ({u})"),
            None => label,
        };
        let strong = row.get("category").is_some() || row.get("subcategory").is_some();
        let this = Some(i) == hit;
        html.push_str(if this { "<tr class=\"hit\">" } else { "<tr>" });
        let label_cell = esc(&label);
        let label_hit = this && row.get("values").is_none_or(|v| !holds(v, span.start));
        let label_cell = if strong { format!("<b>{label_cell}</b>") } else { label_cell };
        html.push_str(&format!("<td{}>{label_cell}</td>", if label_hit { " class=\"hit\"" } else { "" }));
        let values = row.get("values").and_then(Node::as_seq).unwrap_or(&[]);
        for c in 0..columns.len().max(values.len()) {
            let Some(v) = values.get(c) else {
                html.push_str("<td></td>");
                continue;
            };
            let cell_hit = this && holds(v, span.start);
            let want = match (cell_hit, expected) {
                (true, Some(e)) => format!("<span class=\"want\">{}</span>", esc(e)),
                _ => String::new(),
            };
            html.push_str(&format!(
                "<td class=\"n{}\">{}{want}</td>",
                if cell_hit { " hit" } else { "" },
                esc(&text(v))
            ));
        }
        html.push_str("</tr>");
    }
    if to < rows.len() {
        html.push_str(&gap(rows.len() - to));
    }
    html.push_str("</table></div>");
    html
}

/// A figure's data, with the point holding the finding highlighted.
fn figure(element: &Node, data: &[Node], span: Span, expected: Option<&str>) -> String {
    let title = element.get("title").map(text).unwrap_or_default();
    let number = element.get("figure").map(text).unwrap_or_default();
    let mut html = format!(
        "<div class=\"context\"><div class=\"cap\">Figure {}: {}</div><table><tr><th>year</th><th>planned</th><th>actual</th></tr>",
        esc(&number),
        esc(&title)
    );
    for point in data {
        let this = holds(point, span.start);
        html.push_str(if this { "<tr class=\"hit\">" } else { "<tr>" });
        html.push_str(&format!("<td>{}</td>", esc(&point.get("year").map(text).unwrap_or_default())));
        for key in ["planned", "actual"] {
            let v = point.get(key);
            let hit = this && v.is_some_and(|v| holds(v, span.start));
            let want = match (hit, expected) {
                (true, Some(e)) => format!("<span class=\"want\">{}</span>", esc(e)),
                _ => String::new(),
            };
            let value = v.map(text).unwrap_or_default();
            html.push_str(&format!("<td class=\"n{}\">{}{want}</td>", if hit { " hit" } else { "" }, esc(&value)));
        }
        html.push_str("</tr>");
    }
    html.push_str("</table></div>");
    html
}

fn severity_badge(s: Severity) -> String {
    format!("<span class=\"sev {s}\">{s}</span>")
}

pub fn render(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let mut html = String::new();
    let summary = super::summary(reports);
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    html.push_str(&format!("<title>plan-lint: {}</title><style>{STYLE}</style></head><body>", esc(&summary)));
    html.push_str(&format!("<header><h1>plan-lint report</h1><p>{}</p></header><main>", esc(&summary)));

    // Per document.
    let count = |r: &FileReport, s: Severity| -> usize {
        r.diagnostics.iter().filter(|d| d.severity == s).map(Diagnostic::count).sum()
    };
    html.push_str("<h2>Documents</h2><table><tr><th>document</th><th>errors</th><th>warnings</th><th>info</th></tr>");
    for (i, r) in reports.iter().enumerate() {
        html.push_str(&format!(
            "<tr><td><a href=\"#file-{i}\">{}</a></td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&r.source.name),
            count(r, Severity::Error),
            count(r, Severity::Warning),
            count(r, Severity::Info)
        ));
    }
    html.push_str("</table>");

    // Per rule.
    let mut by_rule: BTreeMap<&str, (&str, Severity, usize)> = BTreeMap::new();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        let e = by_rule.entry(d.rule.code).or_insert((d.rule.name, d.severity, 0));
        e.1 = e.1.max(d.severity);
        e.2 += d.count();
    }
    html.push_str("<h2>Rules</h2><table><tr><th>rule</th><th>name</th><th>findings</th></tr>");
    for (code, (name, _, n)) in &by_rule {
        html.push_str(&format!("<tr><td>{code}</td><td>{name}</td><td class=\"n\">{n}</td></tr>"));
    }
    html.push_str("</table>");

    // Filters.
    html.push_str("<h2>Findings</h2><form id=\"filters\"><b>rule</b>");
    for (code, (name, _, n)) in &by_rule {
        html.push_str(&format!(
            "<label title=\"{name}\"><input type=\"checkbox\" name=\"rule\" value=\"{code}\" checked> {code} ({n})</label>"
        ));
    }
    html.push_str("<b>severity</b>");
    for s in [Severity::Error, Severity::Warning, Severity::Info] {
        html.push_str(&format!("<label><input type=\"checkbox\" name=\"severity\" value=\"{s}\" checked> {s}</label>"));
    }
    html.push_str("<span id=\"shown\"></span></form>");

    for (i, r) in reports.iter().enumerate() {
        html.push_str(&format!("<section id=\"file-{i}\"><h3>{}</h3>", esc(&r.source.name)));
        if r.diagnostics.is_empty() {
            html.push_str("<p>No findings.</p>");
        }
        let plan = if r.diagnostics.is_empty() { None } else { Plan::of(r) };
        for d in &r.diagnostics {
            let place = match &d.place {
                Some(p) => p.description.clone(),
                None if d.omitted > 0 => String::new(),
                None => {
                    let lc = r.source.line_col(d.span.start);
                    format!("line {}, column {}", lc.line, lc.column)
                }
            };
            html.push_str(&format!(
                "<div class=\"finding {}\" data-rule=\"{}\" data-severity=\"{}\"><div class=\"head\">{} {} {}</div>",
                d.severity,
                d.rule.code,
                d.severity,
                severity_badge(d.severity),
                d.rule.code,
                d.rule.name
            ));
            if !place.is_empty() {
                html.push_str(&format!("<div class=\"place\">{}</div>", esc(&place)));
            }
            html.push_str(&format!("<div class=\"msg\">{}</div>", esc(&d.message)));
            if let Some(l) = &d.span_label {
                html.push_str(&format!("<div class=\"expected\">{}</div>", esc(l)));
            }
            if let Some(h) = &d.help {
                html.push_str(&format!("<div class=\"help\">help: {}</div>", esc(h)));
            }
            if !d.labels.is_empty() {
                html.push_str("<ul class=\"labels\">");
                for l in &d.labels {
                    let at = l.place.as_ref().map(|p| format!(" ({})", p.description)).unwrap_or_default();
                    html.push_str(&format!("<li>{}{}</li>", esc(&l.message), esc(&at)));
                }
                html.push_str("</ul>");
            }
            if let Some(plan) = &plan
                && d.omitted == 0
                && let Some(span) = plan.span(r, d)
            {
                html.push_str(&context(plan, d.document, span, d.span_label.as_deref()));
            }
            html.push_str("</div>");
        }
        html.push_str("</section>");
    }
    html.push_str(&format!("</main><script>{SCRIPT}</script></body></html>\n"));
    out.write_all(html.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(esc("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
    }
}
