//! Write an imported [`Plan`] as YAML a person can read and edit, and record where every scalar
//! (and every element and row) is written, so findings on the YAML can be traced back to the
//! document.
//!
//! The YAML is block style throughout; long text is a folded scalar (`>-`) wrapped near 100
//! columns; numbers as printed are quoted (`"16.4"`); values lists are flow lists when every cell
//! is short. The quoting rules are deliberately conservative: anything a plain scalar could
//! misread (a lone `-`, `: `, ` #`, a leading indicator, text that reads as a number, null or
//! boolean) is quoted or folded.

use super::ir::{Figure, Footnote, Item, ItemKind, Loc, Plan, Point, Row, Table, Text};
use crate::yaml::{Resolved, Scalar, Style};
use std::ops::Range;

/// The width folded text is wrapped to.
pub const WIDTH: usize = 100;

/// `len` bytes of YAML at `yaml` are the `len` bytes of the value at `value`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct YamlPiece {
    pub yaml: usize,
    pub value: usize,
    pub len: usize,
}

/// Something written in the YAML and where it came from.
#[derive(Clone, Debug)]
pub struct Record {
    pub span: Range<usize>,
    pub loc: Loc,
    /// For scalars: how the YAML bytes map to the value's bytes.
    pub pieces: Vec<YamlPiece>,
}

/// The YAML and its map.
#[derive(Clone, Debug, Default)]
pub struct Emitted {
    pub yaml: String,
    pub records: Vec<Record>,
    /// What the importer is unsure of: where in the YAML, and what to say.
    pub uncertain: Vec<(usize, String)>,
}

/// How a scalar is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Repr {
    Plain,
    Double,
    Folded,
}

/// Whether a plain scalar would read back as exactly this string.
fn plain_ok(v: &str, flow: bool) -> bool {
    let Some(first) = v.chars().next() else { return false };
    if v.trim() != v || v.len() > 1_000 {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if v.contains(": ") || v.ends_with(':') || v.contains(" #") {
        return false;
    }
    if v.chars().any(|c| c.is_control() || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}')) {
        return false;
    }
    // In a flow list, only plain words and numbers: a hyphen next to a bracket or a comma is
    // read differently by different YAML parsers.
    if flow && !v.chars().all(|c| c.is_alphanumeric() || " ().–—’'%+/".contains(c)) {
        return false;
    }
    let s = Scalar { value: v.to_owned(), style: Style::Plain, tag: None };
    matches!(s.resolve(), Resolved::Str(_))
}

/// Whether the text can be a folded block scalar that reads back exactly.
fn foldable(v: &str) -> bool {
    !v.is_empty()
        && v.trim() == v
        && !v.chars().any(|c| c.is_control() || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}'))
}

/// "12", "0", "2.5": a number that reads back as exactly the amount printed.
fn plain_number(v: &str) -> bool {
    static NUMBER: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"^(?:0|[1-9][0-9]{0,14})(?:\.[0-9]*[1-9])?$").unwrap());
    NUMBER.is_match(v)
}

/// Text that reads as a number (or null, or a boolean) if written plain: "16.4", "2021", "~".
fn reads_as_other(v: &str) -> bool {
    let s = Scalar { value: v.to_owned(), style: Style::Plain, tag: None };
    !matches!(s.resolve(), Resolved::Str(_))
}

fn choose(v: &str, avail: usize, flow: bool, prefer_folded: bool) -> Repr {
    let fits = v.chars().count() <= avail;
    if flow {
        return if plain_ok(v, true) { Repr::Plain } else { Repr::Double };
    }
    if prefer_folded && foldable(v) {
        return Repr::Folded;
    }
    if fits {
        if plain_ok(v, false) { Repr::Plain } else { Repr::Double }
    } else if foldable(v) {
        Repr::Folded
    } else if plain_ok(v, false) {
        Repr::Plain
    } else {
        Repr::Double
    }
}

/// Double-quote `v`; returns the text and the pieces (relative to the opening quote).
fn double_quoted(v: &str) -> (String, Vec<YamlPiece>) {
    let mut out = String::with_capacity(v.len() + 2);
    out.push('"');
    let mut pieces: Vec<YamlPiece> = Vec::new();
    for (i, c) in v.char_indices() {
        let esc: Option<String> = match c {
            '"' => Some("\\\"".into()),
            '\\' => Some("\\\\".into()),
            '\t' => Some("\\t".into()),
            '\n' => Some("\\n".into()),
            '\r' => Some("\\r".into()),
            '\u{85}' => Some("\\N".into()),
            '\u{2028}' => Some("\\L".into()),
            '\u{2029}' => Some("\\P".into()),
            c if c.is_control() || c == '\u{feff}' => Some(format!("\\u{:04X}", c as u32)),
            _ => None,
        };
        match esc {
            Some(e) => out.push_str(&e),
            None => {
                let at = out.len();
                match pieces.last_mut() {
                    Some(p) if p.yaml + p.len == at && p.value + p.len == i => p.len += c.len_utf8(),
                    _ => pieces.push(YamlPiece { yaml: at, value: i, len: c.len_utf8() }),
                }
                out.push(c);
            }
        }
    }
    out.push('"');
    (out, pieces)
}

/// Split folded text into lines of at most `width` characters where possible: breaks only at a
/// single space between two non-spaces, so that folding gives the text back exactly.
fn wrap(v: &str, width: usize) -> Vec<Range<usize>> {
    let bytes = v.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut last_break: Option<usize> = None;
    let mut count = 0usize;
    for (i, c) in v.char_indices() {
        if c == ' ' && i > start && bytes[i - 1] != b' ' && bytes.get(i + 1).is_some_and(|&b| b != b' ') {
            if count > width
                && let Some(b) = last_break
            {
                lines.push(start..b);
                start = b + 1;
                count = v[start..i].chars().count();
                last_break = Some(i);
                count += 1;
                continue;
            }
            last_break = Some(i);
        }
        count += 1;
    }
    if count > width
        && let Some(b) = last_break.filter(|&b| b > start)
    {
        lines.push(start..b);
        start = b + 1;
    }
    lines.push(start..v.len());
    lines
}

struct Writer {
    out: String,
    records: Vec<Record>,
    uncertain: Vec<(usize, String)>,
}

impl Writer {
    fn col(&self) -> usize {
        let line_start = self.out.rfind('\n').map_or(0, |i| i + 1);
        self.out[line_start..].chars().count()
    }

    /// Write a scalar at the current position (after `key: ` or `- `); `indent` is the indentation
    /// of folded content lines. Ends the line unless `flow`.
    fn scalar(&mut self, text: &Text, indent: usize, flow: bool, prefer_folded: bool) {
        let v = text.value.as_str();
        let avail = WIDTH.saturating_sub(self.col());
        let repr = choose(v, avail, flow, prefer_folded);
        let start = self.out.len();
        let mut pieces = Vec::new();
        match repr {
            Repr::Plain => {
                self.out.push_str(v);
                pieces.push(YamlPiece { yaml: start, value: 0, len: v.len() });
            }
            Repr::Double => {
                let (q, ps) = double_quoted(v);
                self.out.push_str(&q);
                pieces.extend(ps.into_iter().map(|p| YamlPiece { yaml: start + p.yaml, ..p }));
            }
            Repr::Folded => {
                self.out.push_str(">-");
                let width = WIDTH.saturating_sub(indent).max(40);
                for line in wrap(v, width) {
                    self.out.push('\n');
                    self.out.extend(std::iter::repeat_n(' ', indent));
                    pieces.push(YamlPiece { yaml: self.out.len(), value: line.start, len: line.len() });
                    self.out.push_str(&v[line]);
                }
            }
        }
        self.records.push(Record { span: start..self.out.len(), loc: text.loc.clone(), pieces });
        if !flow {
            self.out.push('\n');
        }
    }

    /// `prefix key: value`.
    fn entry(&mut self, prefix: &str, key: &str, text: &Text, indent: usize) {
        self.out.push_str(prefix);
        self.out.push_str(key);
        self.out.push_str(": ");
        self.scalar(text, indent, false, false);
    }

    /// `prefix key: >-` (text that reads better folded).
    fn entry_folded(&mut self, prefix: &str, key: &str, text: &Text, indent: usize, always: bool) {
        self.out.push_str(prefix);
        self.out.push_str(key);
        self.out.push_str(": ");
        self.scalar(text, indent, false, always);
    }

    /// `prefix key: "16.4"`: a number as printed, always quoted when it could read as a number.
    fn entry_label(&mut self, prefix: &str, key: &str, text: &Text) {
        self.out.push_str(prefix);
        self.out.push_str(key);
        self.out.push_str(": ");
        let v = text.value.as_str();
        let start = self.out.len();
        let pieces = if reads_as_other(v) || !plain_ok(v, false) {
            let (q, ps) = double_quoted(v);
            self.out.push_str(&q);
            ps.into_iter().map(|p| YamlPiece { yaml: start + p.yaml, ..p }).collect()
        } else {
            self.out.push_str(v);
            vec![YamlPiece { yaml: start, value: 0, len: v.len() }]
        };
        self.records.push(Record { span: start..self.out.len(), loc: text.loc.clone(), pieces });
        self.out.push('\n');
    }

    /// `prefix key: 2026` for a number written by the importer.
    fn entry_raw(&mut self, prefix: &str, key: &str, raw: &str, loc: Option<&Loc>) {
        self.out.push_str(prefix);
        self.out.push_str(key);
        self.out.push_str(": ");
        let start = self.out.len();
        self.out.push_str(raw);
        if let Some(loc) = loc {
            self.records.push(Record { span: start..self.out.len(), loc: loc.clone(), pieces: Vec::new() });
        }
        self.out.push('\n');
    }

    fn comment(&mut self, indent: usize, text: &str) {
        for line in text.lines() {
            self.out.extend(std::iter::repeat_n(' ', indent));
            self.out.push_str("# ");
            self.out.push_str(line);
            self.out.push('\n');
        }
    }

    fn record(&mut self, start: usize, loc: &Loc) {
        let end = self.out.len().saturating_sub(1).max(start);
        self.records.push(Record { span: start..end, loc: loc.clone(), pieces: Vec::new() });
    }
}

fn uncertain_comment(text: &str) -> String {
    format!("plan-lint import: {text}")
}

/// Write the plan as YAML.
pub fn emit(plan: &Plan, source_name: &str) -> Emitted {
    let mut w = Writer { out: String::with_capacity(64 * 1024), records: Vec::new(), uncertain: Vec::new() };
    w.out.push_str(&format!(
        "# Imported by plan-lint from {source_name}. Lines starting with `# plan-lint import:` mark what\n\
         # the importer could not map with confidence; check them against the document.\n"
    ));
    for (msg, _) in &plan.uncertain {
        w.comment(0, &uncertain_comment(msg));
        w.uncertain.push((0, msg.clone()));
    }
    write_meta(&mut w, plan);
    if !plan.contents.is_empty() {
        w.out.push_str("\ncontents:\n");
        for (text, page) in &plan.contents {
            let start = w.out.len();
            w.entry("  - ", "text", text, 6);
            if let Some(p) = page {
                w.entry_label("    ", "page", p);
            }
            w.record(start, &text.loc);
        }
    }
    w.out.push_str(if plan.body.is_empty() { "\nbody: []\n" } else { "\nbody:\n" });
    for item in &plan.body {
        write_item(&mut w, item);
    }
    Emitted { yaml: w.out, records: w.records, uncertain: w.uncertain }
}

fn write_meta(w: &mut Writer, plan: &Plan) {
    let m = &plan.meta;
    w.out.push_str("document:\n");
    let p = "  ";
    let fallback = Text::synthetic("", Loc::default());
    w.entry(p, "symbol", m.symbol.as_ref().unwrap_or(&fallback), 4);
    w.entry(p, "title", m.title.as_ref().unwrap_or(&fallback), 4);
    for (key, t) in [
        ("subtitle", &m.subtitle),
        ("entity", &m.entity),
        ("session", &m.session),
        ("agenda", &m.agenda),
        ("date", &m.date),
        ("language", &m.language),
    ] {
        if let Some(t) = t {
            w.entry(p, key, t, 4);
        }
    }
    for (key, v) in [("part", &m.part), ("section", &m.section), ("programme", &m.programme)] {
        if let Some((number, title)) = v {
            w.out.push_str(&format!("  {key}:\n"));
            w.entry_label("    ", "number", number);
            if let Some(t) = title {
                w.entry("    ", "title", t, 6);
            }
        }
    }
    match &m.plan_year {
        Some((y, loc)) => w.entry_raw(p, "plan_year", &y.to_string(), Some(loc)),
        // Optional in the schema (`plan-year` in plan-lint.toml serves such documents): a `~` here
        // would be a schema violation, so say where the year goes instead.
        None => w.comment(2, "plan_year: not found in the document; give it here, or as plan-year in plan-lint.toml"),
    }
    if let Some((y, loc)) = &m.performance_year {
        w.entry_raw(p, "performance_year", &y.to_string(), Some(loc));
    }
    if !m.notes.is_empty() {
        w.out.push_str("  notes:\n");
        for n in &m.notes {
            write_footnote(w, n, 4);
        }
    }
}

fn write_footnote(w: &mut Writer, n: &Footnote, indent: usize) {
    let start = w.out.len();
    let first = format!("{}- ", " ".repeat(indent));
    let rest = " ".repeat(indent + 2);
    w.entry_label(&first, "footnote", &n.marker);
    w.entry_folded(&rest, "text", &n.text, indent + 4, false);
    w.record(start, &n.loc);
}

/// "table 6.2", "figure 6.I": what an uncertainty is about.
fn describe(item: &Item) -> String {
    let named = |kind: &str, number: &Option<Text>, title: &Text| match number {
        Some(n) => format!("{kind} {}", n.value),
        None => format!("{kind} “{}”", crate::yaml::shorten(&title.value, 50)),
    };
    match &item.kind {
        ItemKind::Table(t) => named("table", &t.number, &t.title),
        ItemKind::Figure(f) => named("figure", &f.number, &f.title),
        ItemKind::Paragraph { number, .. } => format!("paragraph {}", number.value),
        _ => String::new(),
    }
}

fn write_item(w: &mut Writer, item: &Item) {
    let what = describe(item);
    let said = |u: &str| if what.is_empty() { u.to_owned() } else { format!("{what}: {u}") };
    for u in &item.uncertain {
        w.comment(2, &uncertain_comment(&said(u)));
    }
    let start = w.out.len();
    for u in &item.uncertain {
        w.uncertain.push((start, said(u)));
    }
    let first = "  - ";
    let rest = "    ";
    match &item.kind {
        ItemKind::Heading { text, level } => {
            w.entry(first, "heading", text, 6);
            w.entry_raw(rest, "level", &level.to_string(), None);
        }
        ItemKind::Paragraph { number, text, items } => {
            w.entry_label(first, "paragraph", number);
            w.entry_folded(rest, "text", text, 6, true);
            if !items.is_empty() {
                w.out.push_str("    items:\n");
                for t in items {
                    w.out.push_str("      - ");
                    w.scalar(t, 8, false, true);
                }
            }
        }
        ItemKind::Prose(text) => w.entry_folded(first, "prose", text, 6, true),
        ItemKind::Footnote(n) => {
            w.entry_label(first, "footnote", &n.marker);
            w.entry_folded(rest, "text", &n.text, 6, false);
        }
        ItemKind::Table(t) => write_table(w, t),
        ItemKind::Figure(f) => write_figure(w, f),
    }
    w.record(start, &item.loc);
}

fn write_number(w: &mut Writer, key: &str, number: &Option<Text>) {
    match number {
        Some(n) => w.entry_label("  - ", key, n),
        None => w.out.push_str(&format!("  - {key}: ~\n")),
    }
}

fn write_table(w: &mut Writer, t: &Table) {
    write_number(w, "table", &t.number);
    let rest = "    ";
    w.entry(rest, "title", &t.title, 6);
    w.out.push_str(&format!("    kind: {}\n", t.kind.as_str()));
    if let Some(h) = &t.label_header {
        w.entry(rest, "label_header", h, 6);
    }
    if !t.columns.is_empty() {
        write_list(w, "    ", "columns", &t.columns, 6, false);
    }
    if !t.rows.is_empty() {
        w.out.push_str("    rows:\n");
        for r in &t.rows {
            write_row(w, r);
        }
    }
}

/// `key: [a, b, c]` when every value is short; otherwise a block list.
fn write_list(w: &mut Writer, prefix: &str, key: &str, values: &[Text], indent: usize, cells: bool) {
    let short = values.iter().all(|v| v.value.chars().count() <= 24 && (cells || !v.value.is_empty()))
        && prefix.len() + key.len() + 4 + values.iter().map(|v| v.value.chars().count() + 4).sum::<usize>() <= WIDTH;
    w.out.push_str(prefix);
    w.out.push_str(key);
    if short || values.is_empty() {
        w.out.push_str(": [");
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                w.out.push_str(", ");
            }
            write_flow_value(w, v, cells);
        }
        w.out.push_str("]\n");
    } else {
        w.out.push_str(":\n");
        for v in values {
            w.out.extend(std::iter::repeat_n(' ', indent));
            w.out.push_str("- ");
            if v.value.is_empty() {
                let start = w.out.len();
                w.out.push_str(if cells { "~" } else { "\"\"" });
                w.records.push(Record { span: start..w.out.len(), loc: v.loc.clone(), pieces: Vec::new() });
                w.out.push('\n');
            } else if cells && plain_number(&v.value) {
                let start = w.out.len();
                w.out.push_str(&v.value);
                w.records.push(Record {
                    span: start..w.out.len(),
                    loc: v.loc.clone(),
                    pieces: vec![YamlPiece { yaml: start, value: 0, len: v.value.len() }],
                });
                w.out.push('\n');
            } else {
                w.scalar(v, indent + 2, false, false);
            }
        }
    }
}

/// One value of a flow list: a number or dash plain, a blank cell as `~` (other blanks `""`),
/// anything else quoted.
fn write_flow_value(w: &mut Writer, v: &Text, cells: bool) {
    let start = w.out.len();
    if v.value.is_empty() {
        w.out.push_str(if cells { "~" } else { "\"\"" });
        w.records.push(Record { span: start..w.out.len(), loc: v.loc.clone(), pieces: Vec::new() });
    } else if cells && plain_number(&v.value) {
        // A count as printed ("12", "2580"): a plain number reads back as the same amount.
        w.out.push_str(&v.value);
        w.records.push(Record {
            span: start..w.out.len(),
            loc: v.loc.clone(),
            pieces: vec![YamlPiece { yaml: start, value: 0, len: v.value.len() }],
        });
    } else {
        w.scalar(v, 0, true, false);
    }
}

fn write_row(w: &mut Writer, r: &Row) {
    if let Some(c) = &r.comment {
        w.comment(6, c);
    }
    let start = w.out.len();
    let first = "      - ";
    let rest = "        ";
    let key = r.kind.key();
    let mut prefix = first;
    if let (Some(key), Some(label)) = (key, &r.label) {
        w.entry(first, key, label, 10);
        prefix = rest;
    }
    if let Some(u) = &r.unit {
        w.entry(prefix, "unit", u, 10);
        prefix = rest;
    }
    if !r.values.is_empty() || prefix == first {
        write_list(w, prefix, "values", &r.values, 10, true);
    }
    w.record(start, &r.loc);
}

fn write_figure(w: &mut Writer, f: &Figure) {
    write_number(w, "figure", &f.number);
    let rest = "    ";
    w.entry(rest, "title", &f.title, 6);
    if let Some(u) = &f.unit {
        w.entry(rest, "unit", u, 6);
    }
    if !f.labels.is_empty() {
        write_list(w, rest, "labels", &f.labels, 6, false);
    }
    match f.series.as_slice() {
        [] => {}
        [one] if one.name.is_none() => write_points(w, "    ", &one.data),
        several => {
            w.out.push_str("    series:\n");
            for s in several {
                let name = s.name.clone().unwrap_or_default();
                let loc = s.data.first().map(|p| p.loc.clone()).unwrap_or_default();
                w.entry("      - ", "name", &Text::synthetic(&name, loc), 10);
                write_points(w, "        ", &s.data);
            }
        }
    }
}

/// `data:` and one flow mapping per point, at `indent`.
fn write_points(w: &mut Writer, indent: &str, data: &[Point]) {
    if data.is_empty() {
        return;
    }
    w.out.push_str(indent);
    w.out.push_str("data:\n");
    for p in data {
        let start = w.out.len();
        w.out.push_str(indent);
        w.out.push_str("  - {year: ");
        w.out.push_str(&p.year.to_string());
        if let Some(l) = &p.label {
            w.out.push_str(", label: ");
            w.scalar(l, 0, true, false);
        }
        for (key, v, dash) in [("planned", &p.planned, p.planned_dash), ("actual", &p.actual, p.actual_dash)] {
            if v.is_none() && dash {
                // Printed as a dash: shown, but no value.
                w.out.push_str(", ");
                w.out.push_str(key);
                w.out.push_str(": ~");
            }
            if let Some(v) = v {
                w.out.push_str(", ");
                w.out.push_str(key);
                w.out.push_str(": ");
                let at = w.out.len();
                w.out.push_str(&crate::model::fmt_number(v.value));
                w.records.push(Record { span: at..w.out.len(), loc: v.loc.clone(), pieces: Vec::new() });
            }
        }
        w.out.push_str("}\n");
        w.record(start, &p.loc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use crate::yaml::{Limits, load};

    /// Write `v` as the value of `key`, parse it back, and compare.
    fn roundtrip(v: &str) {
        let mut w = Writer { out: String::new(), records: Vec::new(), uncertain: Vec::new() };
        w.entry("", "k", &Text::synthetic(v, Loc::default()), 2);
        w.out.push_str("l: [");
        write_flow_value(&mut w, &Text::synthetic(v, Loc::default()), true);
        w.out.push_str("]\n");
        let src = SourceFile::new("t.yaml", w.out.clone());
        let out = load(&src, &Limits::default());
        assert!(out.diagnostics.is_empty(), "{v:?} → {}: {:?}", w.out, out.diagnostics);
        let root = out.documents[0].as_ref().unwrap();
        assert_eq!(root.get("k").unwrap().as_str(), Some(v), "{}", w.out);
        let item = &root.get("l").unwrap().as_seq().unwrap()[0];
        if !v.is_empty() {
            assert_eq!(item.as_str(), Some(v), "{}", w.out);
            // Counts in cells are plain numbers; everything else reads back as text.
            assert!(matches!(item.as_scalar().unwrap().resolve(), Resolved::Str(_)) || plain_number(v), "{}", w.out);
        }
        assert!(matches!(root.get("k").unwrap().as_scalar().unwrap().resolve(), Resolved::Str(_)), "{}", w.out);
    }

    #[test]
    fn scalars_read_back_exactly() {
        for v in [
            "-",
            "–",
            "– [1]",
            "16.4",
            "2021",
            "~",
            "null",
            "true",
            "a: b",
            "ends with:",
            "a #b",
            "#x",
            "* note",
            "[^a]",
            "3[^a]",
            "1,000",
            "\"quoted\"",
            "back\\slash",
            "tab\there",
            " lead",
            "trail ",
            "Subprogramme 1: deliverables for the period 2021–2023, by category and subcategory, with a \
             very long title that has to be folded over more than one line of the file",
            "two  spaces  inside a very long text that must be folded somewhere after the hundredth \
             column of the line so that wrapping happens",
            "@at",
            "%pct",
            "? q",
            "{x}",
        ] {
            roundtrip(v);
        }
    }

    #[test]
    fn wrapping_keeps_every_character() {
        let v = "word ".repeat(60).trim_end().to_owned();
        let lines = wrap(&v, 40);
        assert!(lines.len() > 5);
        let joined: Vec<&str> = lines.iter().map(|r| &v[r.clone()]).collect();
        assert_eq!(joined.join(" "), v);
        assert!(joined.iter().all(|l| l.chars().count() <= 40));
    }
}
