//! Read a Word document (`.docx`): paragraphs, tables, footnotes and charts, as [`Block`]s.
//!
//! A .docx is a zip of XML parts. `word/document.xml` holds the body; it is streamed with
//! `quick-xml` (it can be 20 MB). Footnotes (`word/footnotes.xml`), automatic numbering
//! (`word/numbering.xml`), relationships (`word/_rels/document.xml.rels`), page headers (for the
//! document symbol) and charts (`word/charts/chartN.xml`, linked from the body by relationship
//! id) are small and read as trees.

use super::chart;
use super::ir::{Block, Cell, Loc, Para, Piece, RawTable, Style, TableRow, Text};
use super::xml::{self, Element, attributes, resolve_ref};
use crate::diagnostic::Anchor;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::ops::Range;

/// Budgets that keep a hostile .docx (a zip bomb, XML nested or repeated without end) cheap to
/// refuse. The largest of the 49 real fascicles has a 19 MB `word/document.xml` of 547,000
/// elements, inflated 21 times; its other parts are under 300 KB.
pub mod budget {
    /// Most bytes `word/document.xml` may inflate to.
    pub const DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;
    /// Most bytes any other part read (footnotes, numbering, relationships, headers, a chart)
    /// may inflate to.
    pub const PART_BYTES: u64 = 8 * 1024 * 1024;
    /// Most bytes all the parts read may inflate to together.
    pub const TOTAL_BYTES: u64 = 96 * 1024 * 1024;
    /// Most a part may inflate relative to its compressed size (beyond a first 1 MiB): deflate
    /// reaches 1,032 on a run of one byte, real XML about 20.
    pub const RATIO: u64 = 100;
    /// Most elements in `word/document.xml`.
    pub const DOCUMENT_ELEMENTS: usize = 4_000_000;
    /// Most elements in any other part (read as a tree).
    pub const PART_ELEMENTS: usize = 1_000_000;
    /// Deepest nesting of elements.
    pub const DEPTH: usize = 512;
}

/// What was read from a Word document.
#[derive(Debug)]
pub struct Document {
    pub blocks: Vec<Block>,
    /// The text of each page header, for the document symbol.
    pub headers: Vec<String>,
    /// Where the paragraphs and runs are in `word/document.xml`.
    pub layout: Layout,
}

/// Where the body's paragraphs and runs are in `word/document.xml`, so that a finding's
/// [`Anchor`] can be turned into a place to write at (`plan-lint annotate`).
///
/// The *document's text* is the text of every run in the order the reader meets it (tabs and
/// breaks included, a footnote reference counting as its `[^n]` marker); the source offsets of
/// the [`Piece`]s of Word texts, and [`Anchor::text`], are byte offsets into it. XML offsets are
/// byte offsets into `word/document.xml` after a byte order mark, if any.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    /// Paragraphs of the body and of its tables' cells (not of text boxes or nested tables), in
    /// document order.
    pub paragraphs: Vec<ParaSpan>,
    /// Runs with text of those paragraphs, in document order.
    pub runs: Vec<RunSpan>,
}

/// A paragraph in `word/document.xml`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParaSpan {
    /// The body block (and table cell) it is, as in [`Anchor`] (`text` is `None`).
    pub anchor: Anchor,
    /// Where its content is: just after `<w:pPr>…</w:pPr>` (or the start tag) up to `</w:p>`.
    pub content: Range<usize>,
    /// Its characters in the document's text.
    pub text: Range<usize>,
}

/// A run (`<w:r>…</w:r>`) in `word/document.xml` and its characters in the document's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunSpan {
    pub xml: Range<usize>,
    pub text: Range<usize>,
}

/// A .docx package being read, within the budgets.
pub(crate) struct Zip {
    pub(crate) archive: zip::ZipArchive<Cursor<Vec<u8>>>,
    /// What the parts read so far may still inflate to, together.
    left: u64,
}

impl Zip {
    /// Open a package from its bytes.
    pub(crate) fn open(bytes: Vec<u8>) -> Result<Zip, String> {
        let archive =
            zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("not a Word document (.docx): {e}"))?;
        Ok(Zip { archive, left: budget::TOTAL_BYTES })
    }

    /// A part's bytes, inflated as a stream and refused as soon as it passes its budget: its
    /// own limit, [`budget::RATIO`] times its compressed size, and what is left of the total.
    /// `None` when the package has no such part.
    pub(crate) fn read_bytes(&mut self, name: &str, limit: u64) -> Result<Option<Vec<u8>>, String> {
        let mut file = match self.archive.by_name(name) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(format!("cannot read {name}: {e}")),
        };
        let by_ratio = file.compressed_size().saturating_mul(budget::RATIO).saturating_add(1024 * 1024);
        let cap = limit.min(by_ratio).min(self.left);
        let compressed = file.compressed_size();
        let refuse = |what: String| {
            format!(
                "{name} {what}: more than the {} KiB this importer reads from {} KiB compressed; \
                 not a plan document (a zip bomb?)",
                cap / 1024,
                compressed.div_ceil(1024),
            )
        };
        // The declared size can lie, so it only refuses early; the stream is what counts.
        if file.size() > cap {
            return Err(refuse(format!("says it inflates to {} bytes", file.size())));
        }
        let mut bytes = Vec::with_capacity(file.size() as usize);
        file.by_ref().take(cap + 1).read_to_end(&mut bytes).map_err(|e| format!("cannot read {name}: {e}"))?;
        drop(file);
        if bytes.len() as u64 > cap {
            return Err(refuse("inflates to more".to_owned()));
        }
        self.left -= bytes.len() as u64;
        Ok(Some(bytes))
    }

    /// A part's text (UTF-8, without a byte order mark), within its budget as [`Zip::read_bytes`].
    pub(crate) fn read(&mut self, name: &str, limit: u64) -> Result<Option<String>, String> {
        let Some(bytes) = self.read_bytes(name, limit)? else { return Ok(None) };
        let text = String::from_utf8(bytes).map_err(|_| format!("{name} is not UTF-8"))?;
        Ok(Some(match text.strip_prefix('\u{FEFF}') {
            Some(rest) => rest.to_owned(),
            None => text,
        }))
    }

    fn names(&self) -> Vec<String> {
        self.archive.file_names().filter_map(|n| n.ok().map(|n| n.into_owned())).collect()
    }
}

/// Read a .docx from its bytes.
pub fn read(bytes: Vec<u8>) -> Result<Document, String> {
    let mut zip = Zip::open(bytes)?;
    let document = zip
        .read("word/document.xml", budget::DOCUMENT_BYTES)?
        .ok_or("not a Word document: it has no word/document.xml")?;
    let part = budget::PART_BYTES;
    let rels = match zip.read("word/_rels/document.xml.rels", part)? {
        Some(x) => relationships(&x).map_err(|e| format!("word/_rels/document.xml.rels: {e}"))?,
        None => HashMap::new(),
    };
    let footnotes = match zip.read("word/footnotes.xml", part)? {
        Some(x) => footnotes(&x).map_err(|e| format!("word/footnotes.xml: {e}"))?,
        None => HashMap::new(),
    };
    let numbering = match zip.read("word/numbering.xml", part)? {
        Some(x) => Numbering::parse(&x).map_err(|e| format!("word/numbering.xml: {e}"))?,
        None => Numbering::default(),
    };
    let mut headers = Vec::new();
    let mut header_names: Vec<String> =
        zip.names().into_iter().filter(|n| n.starts_with("word/header") && n.ends_with(".xml")).collect();
    header_names.sort();
    for name in header_names {
        if let Some(x) = zip.read(&name, part)? {
            // One line per paragraph: "United Nations" and "A/81/6 (Sect. 13)/Part A*" are two.
            let root = xml::parse(&x).map_err(|e| format!("{name}: {e}"))?;
            let lines: Vec<String> = root
                .find_all("p")
                .iter()
                .map(|p| p.find_all("t").iter().map(|t| t.text()).collect::<String>())
                .collect();
            headers.push(lines.join("\n"));
        }
    }
    let (mut blocks, layout) = Body::new(footnotes, numbering).read(&document)?;
    // Resolve charts: the body names them by relationship id.
    for b in &mut blocks {
        if let Block::Chart(chart, _) = b
            && let Err(rid) = chart
        {
            let target = rels.get(rid.as_str()).cloned();
            *chart = match target {
                Some(t) => {
                    let path = resolve_target(&t);
                    match zip.read(&path, part)? {
                        Some(x) => chart::parse(&x).map_err(|e| format!("{path}: {e}")),
                        None => Err(format!("the chart part {path} is missing")),
                    }
                }
                None => Err(format!("the chart relationship {rid} is missing")),
            };
        }
    }
    Ok(Document { blocks, headers, layout })
}

/// `charts/chart1.xml` relative to word/; `/word/charts/chart1.xml` absolute.
pub(crate) fn resolve_target(t: &str) -> String {
    match t.strip_prefix('/') {
        Some(abs) => abs.to_owned(),
        None => format!("word/{}", t.trim_start_matches("./")),
    }
}

fn relationships(x: &str) -> Result<HashMap<String, String>, String> {
    let root = xml::parse(x)?;
    Ok(root
        .elements()
        .filter(|e| e.local() == "Relationship")
        .filter_map(|e| Some((e.attr("Id")?.to_owned(), e.attr("Target")?.to_owned())))
        .collect())
}

/// The text of each footnote by id, without the separators.
fn footnotes(x: &str) -> Result<HashMap<String, String>, String> {
    let root = xml::parse(x)?;
    let mut out = HashMap::new();
    for f in root.elements().filter(|e| e.local() == "footnote") {
        if f.attr("type").is_some_and(|t| t != "normal") {
            continue;
        }
        let Some(id) = f.attr("id") else { continue };
        let mut paras = Vec::new();
        for p in f.find_all("p") {
            let mut s = String::new();
            collect_run_text(p, &mut s);
            paras.push(s);
        }
        out.insert(id.to_owned(), paras.join(" ").split_whitespace().collect::<Vec<_>>().join(" "));
    }
    Ok(out)
}

fn collect_run_text(e: &Element, out: &mut String) {
    for c in e.elements() {
        match c.name.as_str() {
            "w:t" => out.push_str(&c.text()),
            "w:tab" => out.push('\t'),
            "w:br" | "w:cr" => out.push(' '),
            "w:noBreakHyphen" => out.push('-'),
            "w:del" | "w:moveFrom" | "w:instrText" | "mc:Fallback" => {}
            _ => collect_run_text(c, out),
        }
    }
}

// ---- numbering -------------------------------------------------------------------------------

#[derive(Clone, Debug, Default)]
struct Level {
    format: String,
    text: String,
    start: u32,
}

/// Word's automatic numbering: the numbers it prints before list paragraphs and captions.
#[derive(Debug, Default)]
struct Numbering {
    /// abstractNumId → levels.
    abstracts: HashMap<String, Vec<Level>>,
    /// numId → (abstractNumId, level start overrides).
    nums: HashMap<String, (String, HashMap<usize, u32>)>,
    /// Counters by abstractNumId.
    counters: HashMap<String, Vec<u32>>,
    /// numIds whose start overrides have been applied.
    started: std::collections::HashSet<String>,
}

impl Numbering {
    fn parse(x: &str) -> Result<Self, String> {
        let root = xml::parse(x)?;
        let mut n = Numbering::default();
        for a in root.elements().filter(|e| e.local() == "abstractNum") {
            let Some(id) = a.attr("abstractNumId") else { continue };
            let mut levels = vec![Level::default(); 9];
            for l in a.elements().filter(|e| e.local() == "lvl") {
                let Some(i) = l.attr("ilvl").and_then(|v| v.parse::<usize>().ok()).filter(|&i| i < 9) else { continue };
                levels[i] = Level {
                    format: l.child("numFmt").and_then(|e| e.attr("val")).unwrap_or("decimal").to_owned(),
                    text: l.child("lvlText").and_then(|e| e.attr("val")).unwrap_or("").to_owned(),
                    start: l.child("start").and_then(|e| e.attr("val")).and_then(|v| v.parse().ok()).unwrap_or(1),
                };
            }
            n.abstracts.insert(id.to_owned(), levels);
        }
        for num in root.elements().filter(|e| e.local() == "num") {
            let (Some(id), Some(abs)) = (num.attr("numId"), num.child("abstractNumId").and_then(|e| e.attr("val")))
            else {
                continue;
            };
            let mut overrides = HashMap::new();
            for o in num.elements().filter(|e| e.local() == "lvlOverride") {
                if let (Some(l), Some(s)) = (
                    o.attr("ilvl").and_then(|v| v.parse::<usize>().ok()),
                    o.child("startOverride").and_then(|e| e.attr("val")).and_then(|v| v.parse::<u32>().ok()),
                ) {
                    overrides.insert(l, s);
                }
            }
            n.nums.insert(id.to_owned(), (abs.to_owned(), overrides));
        }
        Ok(n)
    }

    /// The number printed before a paragraph with numbering `num_id` at level `ilvl`.
    fn next(&mut self, num_id: &str, ilvl: usize) -> Option<String> {
        let (abs, overrides) = self.nums.get(num_id)?.clone();
        let levels = self.abstracts.get(&abs)?.clone();
        let level = levels.get(ilvl)?.clone();
        let counters = self.counters.entry(abs.clone()).or_insert_with(|| vec![0; 9]);
        if self.started.insert(num_id.to_owned()) {
            for (l, s) in &overrides {
                if *l < 9 {
                    counters[*l] = s.saturating_sub(1);
                }
            }
        }
        counters[ilvl] = if counters[ilvl] == 0 { level.start.max(1) } else { counters[ilvl] + 1 };
        for c in counters.iter_mut().skip(ilvl + 1) {
            *c = 0;
        }
        if level.format == "bullet" || level.format == "none" || level.text.is_empty() {
            return None;
        }
        let mut out = level.text.clone();
        for (i, l) in levels.iter().enumerate().take(ilvl + 1) {
            let v = if counters[i] == 0 { l.start.max(1) } else { counters[i] };
            out = out.replace(&format!("%{}", i + 1), &format_number(v, &l.format));
        }
        Some(out)
    }
}

fn format_number(n: u32, format: &str) -> String {
    let letter = |n: u32| {
        let c = char::from(b'a' + ((n.max(1) - 1) % 26) as u8);
        c.to_string().repeat(((n.max(1) - 1) / 26 + 1) as usize)
    };
    match format {
        "lowerLetter" => letter(n),
        "upperLetter" => letter(n).to_uppercase(),
        "lowerRoman" => crate::model::to_roman(n).to_lowercase(),
        "upperRoman" => crate::model::to_roman(n),
        _ => n.to_string(),
    }
}

// ---- the body ----------------------------------------------------------------------------------

/// Formatting of the run being read.
#[derive(Clone, Copy, Debug, Default)]
struct RunProps {
    bold: bool,
    italic: bool,
    sup: bool,
}

#[derive(Debug, Default)]
struct ParaState {
    text: String,
    /// Where the bytes of `text` are in the document's text.
    pieces: Vec<Piece>,
    /// The same for `sup_pending`.
    sup_pieces: Vec<Piece>,
    /// The block (and cell) this paragraph is in.
    anchor: Anchor,
    /// For a paragraph of the layout: where its content starts in the XML and its text in the
    /// document's text.
    layout: Option<(usize, usize)>,
    /// The element depth of `<w:p>`.
    depth: usize,
    /// Where each footnote reference of `notes` is in the document's text (none for a custom mark).
    note_refs: Vec<Option<Range<usize>>>,
    bold_chars: usize,
    plain_chars: usize,
    italic_chars: usize,
    upright_chars: usize,
    /// Whether only bold letters have been seen so far, and where the bold start ends.
    bold_open: bool,
    bold_prefix: usize,
    sup_pending: String,
    style: Option<String>,
    num: Option<(String, usize)>,
    notes: Vec<(String, String)>,
    charts: Vec<String>,
    images: usize,
}

impl ParaState {
    fn new() -> Self {
        ParaState { bold_open: true, ..ParaState::default() }
    }

    fn flush_sup(&mut self) {
        if self.sup_pending.is_empty() {
            return;
        }
        let s = std::mem::take(&mut self.sup_pending);
        let sup_pieces = std::mem::take(&mut self.sup_pieces);
        let t = s.trim();
        let lead = s.len() - s.trim_start().len();
        let ordinal = matches!(t, "st" | "nd" | "rd" | "th") && self.text.ends_with(|c: char| c.is_ascii_digit());
        // m², km³: a power, not a footnote marker.
        let unit = self.text.ends_with('m') && matches!(t, "2" | "3");
        if unit {
            self.text.push(if t == "2" { '²' } else { '³' });
        } else if t.is_empty() || ordinal {
            copy_pieces(&sup_pieces, 0..s.len(), self.text.len(), &mut self.pieces);
            self.text.push_str(&s);
        } else if t.chars().count() <= 4 && t.chars().all(|c| c.is_alphanumeric() || c == '*' || c == ',') {
            let mut at = lead;
            for m in t.split(',') {
                if !m.is_empty() {
                    self.text.push_str("[^");
                    copy_pieces(&sup_pieces, at..at + m.len(), self.text.len(), &mut self.pieces);
                    self.text.push_str(m);
                    self.text.push(']');
                }
                at += m.len() + 1;
            }
            if s.ends_with(char::is_whitespace) {
                self.text.push(' ');
            }
        } else {
            copy_pieces(&sup_pieces, 0..s.len(), self.text.len(), &mut self.pieces);
            self.text.push_str(&s);
        }
    }

    /// Append `s`, found at `source` in the document's text (`None`: made by the reader).
    fn push(&mut self, s: &str, run: RunProps, source: Option<usize>) {
        if run.sup {
            if let Some(source) = source {
                add_piece(&mut self.sup_pieces, self.sup_pending.len(), source, s.len());
            }
            self.sup_pending.push_str(s);
            return;
        }
        self.flush_sup();
        if let Some(source) = source {
            add_piece(&mut self.pieces, self.text.len(), source, s.len());
        }
        let letters = s.chars().filter(|c| !c.is_whitespace()).count();
        if run.bold {
            self.bold_chars += letters;
        } else {
            self.plain_chars += letters;
        }
        if run.italic {
            self.italic_chars += letters;
        } else {
            self.upright_chars += letters;
        }
        self.text.push_str(s);
        if self.bold_open {
            if run.bold {
                self.bold_prefix = self.text.len();
            } else if letters > 0 {
                self.bold_open = false;
            }
        }
    }
}

#[derive(Debug, Default)]
struct CellState {
    text: String,
    pieces: Vec<Piece>,
    anchor: Anchor,
    bold_chars: usize,
    plain_chars: usize,
    bold_prefix: usize,
    col: usize,
    span: usize,
    merged: bool,
}

#[derive(Debug, Default)]
struct TableState {
    anchor: Anchor,
    rows: Vec<TableRow>,
    row: Option<TableRow>,
    col: usize,
    cell: Option<CellState>,
}

struct Body {
    footnotes: HashMap<String, String>,
    numbering: Numbering,
    footnote_counter: u32,
    blocks: Vec<Block>,
    tables: Vec<TableState>,
    /// Paragraphs being read: more than one inside text boxes.
    paras: Vec<ParaState>,
    run: RunProps,
    in_rpr: bool,
    in_ppr: bool,
    in_text: bool,
    custom_mark: bool,
    /// Depth at which an ignored element (deleted text, fallback content, text boxes) started.
    skip_from: Option<usize>,
    depth: usize,
    /// Charts, pictures and footnotes met inside tables, emitted after the table.
    table_extras: Vec<Block>,
    table_notes: Vec<(String, Text)>,
    /// Bytes of the document's text read so far.
    text_pos: usize,
    /// Top-level paragraphs and tables started so far.
    blocks_started: usize,
    /// The XML offsets of the event being handled: where it starts and ends.
    at: (usize, usize),
    /// The run of a layout paragraph being read: its depth, XML start and text start.
    run_open: Option<(usize, usize, usize)>,
    layout: Layout,
}

/// Record that `len` bytes at `value` are the bytes at `source`, joining it to the last piece
/// when they continue it.
fn add_piece(pieces: &mut Vec<Piece>, value: usize, source: usize, len: usize) {
    if len == 0 {
        return;
    }
    match pieces.last_mut() {
        Some(p) if p.value + p.len == value && p.source + p.len == source => p.len += len,
        _ => pieces.push(Piece { value, source, len }),
    }
}

/// Copy the mapping of the bytes `range` of a value to a value where they start at `to`.
fn copy_pieces(from: &[Piece], range: Range<usize>, to: usize, out: &mut Vec<Piece>) {
    for p in from {
        let (a, b) = (p.value.max(range.start), (p.value + p.len).min(range.end));
        if a < b {
            add_piece(out, to + (a - range.start), p.source + (a - p.value), b - a);
        }
    }
}

/// The mapping after inserting `len` bytes at each `(at, len)` (sorted by `at`) into the value:
/// a piece is cut where text is inserted into it. Linear in pieces and insertions.
fn shift_pieces(pieces: &[Piece], inserts: &[(usize, usize)]) -> Vec<Piece> {
    let mut out = Vec::with_capacity(pieces.len() + inserts.len());
    let (mut i, mut shift) = (0, 0);
    for p in pieces {
        let (mut start, end) = (p.value, p.value + p.len);
        loop {
            // Insertions at or before `start` move it; one inside the piece cuts it.
            while i < inserts.len() && inserts[i].0 <= start {
                shift += inserts[i].1;
                i += 1;
            }
            let cut = if i < inserts.len() && inserts[i].0 < end { inserts[i].0 } else { end };
            out.push(Piece { value: start + shift, source: p.source + (start - p.value), len: cut - start });
            if cut == end {
                break;
            }
            start = cut;
        }
    }
    out
}

fn val_on(e: &BytesStart<'_>) -> bool {
    match attributes(e).iter().find(|(k, _)| xml::local(k) == "val") {
        Some((_, v)) => !matches!(v.as_str(), "0" | "false" | "off" | "none"),
        None => true,
    }
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    attributes(e).into_iter().find(|(k, _)| xml::local(k) == name).map(|(_, v)| v)
}

/// The heading level a paragraph style means: `HCh` 1, `H1` 2, `H23` 3, `H4` 4, `Heading2` 2.
fn heading_level(style: &str) -> Option<u8> {
    if let Some(rest) = style.strip_prefix("Heading") {
        return rest.parse::<u8>().ok().filter(|l| (1..=6).contains(l));
    }
    let rest = style.strip_prefix("Title").unwrap_or(style);
    let rest = rest.strip_prefix('H')?;
    if rest.starts_with("Ch") || rest.starts_with('M') {
        return Some(1);
    }
    let d = rest.chars().next()?.to_digit(10)?;
    Some((d as u8 + 1).min(6))
}

impl Body {
    fn new(footnotes: HashMap<String, String>, numbering: Numbering) -> Self {
        Body {
            footnotes,
            numbering,
            footnote_counter: 0,
            blocks: Vec::new(),
            tables: Vec::new(),
            paras: Vec::new(),
            run: RunProps::default(),
            in_rpr: false,
            in_ppr: false,
            in_text: false,
            custom_mark: false,
            skip_from: None,
            depth: 0,
            table_extras: Vec::new(),
            table_notes: Vec::new(),
            text_pos: 0,
            blocks_started: 0,
            at: (0, 0),
            run_open: None,
            layout: Layout::default(),
        }
    }

    fn read(mut self, document: &str) -> Result<(Vec<Block>, Layout), String> {
        let mut reader = Reader::from_str(document);
        let mut elements = 0usize;
        let too_many_elements =
            || format!("word/document.xml has more than {} elements; not a plan document", budget::DOCUMENT_ELEMENTS);
        loop {
            let before = reader.buffer_position() as usize;
            let event = reader.read_event().map_err(|e| {
                format!("word/document.xml is not well-formed XML: {e} at byte {}", reader.buffer_position())
            })?;
            self.at = (before, reader.buffer_position() as usize);
            match event {
                Event::Start(e) => {
                    self.depth += 1;
                    elements += 1;
                    if self.depth > budget::DEPTH {
                        return Err(format!("word/document.xml nests elements deeper than {}", budget::DEPTH));
                    }
                    if elements > budget::DOCUMENT_ELEMENTS {
                        return Err(too_many_elements());
                    }
                    if self.skip_from.is_none() {
                        self.start(&e, false);
                    }
                }
                Event::Empty(_) if elements >= budget::DOCUMENT_ELEMENTS => return Err(too_many_elements()),
                Event::Empty(e) if self.skip_from.is_none() => {
                    elements += 1;
                    self.depth += 1;
                    self.start(&e, true);
                    if self.skip_from == Some(self.depth) {
                        self.skip_from = None;
                    }
                    self.end(e.name().as_ref());
                    self.depth -= 1;
                }
                Event::End(e) => {
                    if let Some(d) = self.skip_from {
                        if d == self.depth {
                            self.skip_from = None;
                        }
                    } else {
                        self.end(e.name().as_ref());
                    }
                    self.depth = self.depth.saturating_sub(1);
                }
                Event::Text(t) if self.in_text && self.skip_from.is_none() => {
                    let s = t.xml10_content();
                    self.text(&s);
                }
                Event::GeneralRef(r) if self.in_text && self.skip_from.is_none() => {
                    if let Some(c) = resolve_ref(&r) {
                        self.text(c.encode_utf8(&mut [0; 4]));
                    }
                }
                Event::Eof if self.depth > 0 => {
                    return Err(format!(
                        "word/document.xml ends with {} element{} never closed (is it truncated?)",
                        self.depth,
                        if self.depth == 1 { "" } else { "s" }
                    ));
                }
                Event::Eof => break,
                Event::Empty(_) => elements += 1,
                _ => {}
            }
        }
        Ok((self.blocks, self.layout))
    }

    fn text(&mut self, s: &str) {
        let source = self.text_pos;
        self.text_pos += s.len();
        if self.custom_mark {
            self.custom_mark = false;
            let run = RunProps { sup: false, ..self.run };
            if let Some(p) = &mut self.paras.last_mut() {
                p.flush_sup();
                let lead = s.len() - s.trim_start().len();
                p.push("[^", run, None);
                p.push(s.trim(), run, Some(source + lead));
                p.push("]", run, None);
            }
            return;
        }
        let run = self.run;
        if let Some(p) = &mut self.paras.last_mut() {
            p.push(s, run, Some(source));
        }
    }

    /// The anchor of what starts now: a new top-level block, or the current table cell.
    fn anchor_here(&self) -> Anchor {
        let block = self.blocks_started.saturating_sub(1);
        match self.tables.first() {
            Some(t) => {
                let cell = t.row.as_ref().map(|r| (t.rows.len(), r.cells.len()));
                Anchor { block, cell, text: None }
            }
            None => self.paras.first().map_or(Anchor { block, cell: None, text: None }, |p| p.anchor.clone()),
        }
    }

    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        let name = e.name();
        let name = name.as_ref();
        match name {
            "w:del" | "w:moveFrom" | "mc:Fallback" | "w:instrText" | "w:delText" if !empty => {
                self.skip_from = Some(self.depth);
            }
            "w:p" => {
                if self.paras.is_empty() && self.tables.is_empty() {
                    self.blocks_started += 1;
                }
                let mut p = ParaState::new();
                p.anchor = self.anchor_here();
                p.depth = self.depth;
                if !empty && self.paras.is_empty() && self.tables.len() <= 1 {
                    p.layout = Some((self.at.1, self.text_pos));
                }
                self.paras.push(p);
            }
            "w:pStyle" => {
                if let Some(p) = &mut self.paras.last_mut() {
                    p.style = attr(e, "val");
                }
            }
            "w:numId" => {
                if let (Some(p), Some(v)) = (&mut self.paras.last_mut(), attr(e, "val")) {
                    let lvl = p.num.as_ref().map_or(0, |n| n.1);
                    p.num = Some((v, lvl));
                }
            }
            "w:ilvl" => {
                if let (Some(p), Some(v)) =
                    (&mut self.paras.last_mut(), attr(e, "val").and_then(|v| v.parse::<usize>().ok()))
                {
                    let id = p.num.as_ref().map_or(String::new(), |n| n.0.clone());
                    p.num = Some((id, v.min(8)));
                }
            }
            "w:r" => {
                self.run = RunProps::default();
                if !empty && self.paras.len() == 1 && self.paras[0].layout.is_some() && self.run_open.is_none() {
                    self.run_open = Some((self.depth, self.at.0, self.text_pos));
                }
            }
            "w:rPr" => self.in_rpr = true,
            "w:pPr" if !empty => self.in_ppr = true,
            "w:b" if self.in_rpr => self.run.bold = val_on(e),
            "w:i" if self.in_rpr => self.run.italic = val_on(e),
            "w:vertAlign" if self.in_rpr => self.run.sup = attr(e, "val").as_deref() == Some("superscript"),
            "w:rStyle"
                if self.in_rpr
                    && attr(e, "val").is_some_and(|v| v.contains("FootnoteRef") || v.contains("EndnoteRef")) =>
            {
                self.run.sup = true;
            }
            "w:t" => self.in_text = !empty,
            "w:tab" | "w:ptab" if !self.in_rpr && !self.in_ppr => {
                self.text("\t");
            }
            "w:br" | "w:cr" => self.text("\n"),
            "w:noBreakHyphen" => self.text("-"),
            "w:sym" => {
                let c = attr(e, "char").unwrap_or_default().to_uppercase();
                let s = match c.as_str() {
                    "F02D" | "F0BE" => "–",
                    "F0B7" => "•",
                    _ => "",
                };
                if !s.is_empty() {
                    self.text(s);
                }
            }
            "w:footnoteReference" => {
                let custom = attr(e, "customMarkFollows").is_some_and(|v| v == "1" || v == "true");
                let id = attr(e, "id").unwrap_or_default();
                if custom {
                    self.custom_mark = true;
                    if let Some(text) = self.footnotes.get(&id).cloned() {
                        // The marker is the text that follows; remember the note under it then.
                        if let Some(p) = &mut self.paras.last_mut() {
                            p.notes.push((String::new(), text));
                            p.note_refs.push(None);
                        }
                    }
                } else {
                    self.footnote_counter += 1;
                    let n = self.footnote_counter.to_string();
                    // The marker stands in the document's text for the reference, so that the
                    // note can be anchored on the run that holds it.
                    let marker = format!("[^{n}]");
                    let source = self.text_pos;
                    self.text_pos += marker.len();
                    if let Some(p) = &mut self.paras.last_mut() {
                        p.flush_sup();
                        p.push(&marker, RunProps::default(), Some(source));
                    }
                    if let (Some(text), Some(p)) = (self.footnotes.get(&id).cloned(), self.paras.last_mut()) {
                        p.notes.push((n, text));
                        p.note_refs.push(Some(source..source + marker.len()));
                    }
                }
            }
            "c:chart" => {
                if let (Some(p), Some(rid)) = (&mut self.paras.last_mut(), attr(e, "id")) {
                    p.charts.push(rid);
                }
            }
            "pic:pic" | "v:imagedata" => {
                if let Some(p) = &mut self.paras.last_mut() {
                    p.images += 1;
                }
            }
            "w:tbl" => {
                if self.paras.is_empty() && self.tables.is_empty() {
                    self.blocks_started += 1;
                }
                let anchor = self.anchor_here();
                self.tables.push(TableState { anchor, ..TableState::default() });
            }
            "w:tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.row = Some(TableRow::default());
                    t.col = 0;
                }
            }
            "w:tblHeader" => {
                if let Some(r) = self.tables.last_mut().and_then(|t| t.row.as_mut()) {
                    r.header = val_on(e);
                }
            }
            "w:gridBefore" => {
                if let (Some(t), Some(n)) =
                    (self.tables.last_mut(), attr(e, "val").and_then(|v| v.parse::<usize>().ok()))
                {
                    t.col += n.min(64);
                }
            }
            "w:tc" => {
                let anchor = self.anchor_here();
                if let Some(t) = self.tables.last_mut() {
                    t.cell = Some(CellState { col: t.col, span: 1, anchor, ..CellState::default() });
                }
            }
            "w:gridSpan" => {
                if let (Some(c), Some(n)) = (
                    self.tables.last_mut().and_then(|t| t.cell.as_mut()),
                    attr(e, "val").and_then(|v| v.parse::<usize>().ok()),
                ) {
                    c.span = n.clamp(1, 64);
                }
            }
            "w:vMerge" | "w:hMerge" => {
                if let Some(c) = self.tables.last_mut().and_then(|t| t.cell.as_mut()) {
                    c.merged = attr(e, "val").is_none_or(|v| v == "continue");
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "w:p" => self.end_para(),
            "w:r" => {
                if let Some((depth, xml, text)) = self.run_open
                    && depth == self.depth
                {
                    self.run_open = None;
                    if text < self.text_pos {
                        self.layout.runs.push(RunSpan { xml: xml..self.at.1, text: text..self.text_pos });
                    }
                }
            }
            "w:rPr" => self.in_rpr = false,
            "w:pPr" => {
                self.in_ppr = false;
                // The content of a paragraph starts after its properties.
                if let [p] = self.paras.as_mut_slice()
                    && p.depth + 1 == self.depth
                    && let Some((start, _)) = &mut p.layout
                {
                    *start = self.at.1;
                }
            }
            "w:t" => self.in_text = false,
            "w:tc" => {
                if let Some(t) = self.tables.last_mut()
                    && let Some(c) = t.cell.take()
                {
                    t.col = c.col + c.span;
                    let bold = c.bold_chars > 0 && c.plain_chars == 0;
                    let loc = Loc { pieces: c.pieces, anchor: Some(c.anchor), ..Loc::default() };
                    let cell = Cell {
                        text: Text { value: c.text, loc },
                        bold_prefix: c.bold_prefix,
                        bold,
                        col: c.col,
                        span: c.span,
                        merged: c.merged,
                    };
                    if let Some(r) = &mut t.row {
                        r.cells.push(cell);
                    }
                }
            }
            "w:tr" => {
                if let Some(t) = self.tables.last_mut()
                    && let Some(r) = t.row.take()
                {
                    t.rows.push(r);
                }
            }
            "w:tbl" => {
                let Some(t) = self.tables.pop() else { return };
                if let Some(parent) = self.tables.last_mut() {
                    // A table inside a cell: its text joins the cell's.
                    if let Some(c) = parent.cell.as_mut() {
                        for r in &t.rows {
                            let line: Vec<String> = r.cells.iter().map(|c| c.text.value.clone()).collect();
                            if !c.text.is_empty() {
                                c.text.push('\n');
                            }
                            c.text.push_str(&line.join("\t"));
                        }
                    }
                } else {
                    let notes = std::mem::take(&mut self.table_notes);
                    let loc = Loc { anchor: Some(t.anchor), ..Loc::default() };
                    self.blocks.push(Block::Table(RawTable { rows: t.rows, loc, notes }));
                    let extras = std::mem::take(&mut self.table_extras);
                    self.blocks.extend(extras);
                }
            }
            _ => {}
        }
    }

    fn end_para(&mut self) {
        let Some(mut p) = self.paras.pop() else { return };
        if let Some((content, text)) = p.layout {
            let anchor = Anchor { text: None, ..p.anchor.clone() };
            self.layout.paragraphs.push(ParaSpan { anchor, content: content..self.at.0, text: text..self.text_pos });
        }
        let (p_text, inserted) = star_markers(&p.text);
        p.text = p_text;
        p.pieces = shift_pieces(&p.pieces, &inserted);
        p.flush_sup();
        // Automatic numbering: the number Word prints before the text.
        if let Some((id, lvl)) = p.num.clone()
            && id != "0"
            && !id.is_empty()
            && let Some(prefix) = self.numbering.next(&id, lvl)
        {
            let prefix = format!("{prefix}\t");
            p.text.insert_str(0, &prefix);
            p.pieces = shift_pieces(&p.pieces, &[(0, prefix.len())]);
        }
        let here = Loc { anchor: Some(p.anchor.clone()), ..Loc::default() };
        let notes: Vec<(String, Text)> = p
            .notes
            .iter()
            .zip(&p.note_refs)
            .map(|((m, t), at)| {
                // A note is anchored on its reference.
                let anchor = Anchor { text: at.clone(), ..p.anchor.clone() };
                (m.clone(), Text::synthetic(t.clone(), Loc { anchor: Some(anchor), ..Loc::default() }))
            })
            .collect();
        // Custom-mark notes take the marker written after the reference.
        let notes = fill_custom_markers(&p.text, notes);
        if let Some(t) = self.tables.last_mut()
            && let Some(c) = t.cell.as_mut()
        {
            if !c.text.is_empty() {
                c.text.push('\n');
            }
            if c.text.trim().is_empty() && p.bold_prefix > 0 {
                c.bold_prefix = c.text.len() + p.bold_prefix;
            }
            copy_pieces(&p.pieces, 0..p.text.len(), c.text.len(), &mut c.pieces);
            c.text.push_str(&p.text);
            c.bold_chars += p.bold_chars;
            c.plain_chars += p.plain_chars;
            for rid in &p.charts {
                self.table_extras.push(Block::Chart(Err(rid.clone()), here.clone()));
            }
            self.table_notes.extend(notes);
            return;
        }
        let style = p.style.clone().unwrap_or_default();
        let letters = p.bold_chars + p.plain_chars;
        let loc = Loc { pieces: std::mem::take(&mut p.pieces), ..here.clone() };
        let para = Para {
            text: Text { value: p.text, loc },
            style: Style {
                heading: heading_level(&style),
                bold: letters > 0 && p.plain_chars == 0,
                italic: letters > 0 && p.upright_chars == 0,
                footnote: style.contains("Footnote") || style.contains("footnote"),
                list: false,
            },
            notes,
        };
        if !para.text.value.trim().is_empty() || !para.notes.is_empty() {
            self.blocks.push(Block::Para(para));
        }
        for rid in p.charts {
            self.blocks.push(Block::Chart(Err(rid), here.clone()));
        }
        if p.images > 0 {
            self.blocks.push(Block::Image(here));
        }
    }
}

/// `list*`, `2024**`: asterisks typed right after a word are footnote markers (`[^*]`). Also
/// returns what was inserted: (byte offset in `text`, bytes), in order.
fn star_markers(text: &str) -> (String, Vec<(usize, usize)>) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut inserted = Vec::new();
    let mut at = 0;
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '*' {
            let mut j = i;
            while j < chars.len() && chars[j] == '*' {
                j += 1;
            }
            let prev_ok = i > 0 && !chars[i - 1].is_whitespace() && !matches!(chars[i - 1], '[' | '^' | '*');
            let next_ok =
                j == chars.len() || chars[j].is_whitespace() || matches!(chars[j], '.' | ',' | ';' | ':' | ')');
            if prev_ok && next_ok && j - i <= 3 {
                out.push_str("[^");
                out.extend(&chars[i..j]);
                out.push(']');
                inserted.push((at, 2));
                at += j - i;
                inserted.push((at, 1));
                i = j;
                continue;
            }
        }
        out.push(chars[i]);
        at += chars[i].len_utf8();
        i += 1;
    }
    (out, inserted)
}

/// Notes referenced with a custom mark ("*") have no number: find the mark in the text.
fn fill_custom_markers(text: &str, notes: Vec<(String, Text)>) -> Vec<(String, Text)> {
    let mut marks = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("[^") {
        let after = &rest[i + 2..];
        if let Some(j) = after.find(']') {
            marks.push(after[..j].to_owned());
            rest = &after[j..];
        } else {
            break;
        }
    }
    let mut custom = marks.into_iter().filter(|m| m.parse::<u32>().is_err());
    notes
        .into_iter()
        .map(|(m, t)| if m.is_empty() { (custom.next().unwrap_or_else(|| "*".into()), t) } else { (m, t) })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    /// A minimal .docx with this body XML (inside `<w:body>`), and optional extra parts.
    pub fn docx(body: &str, extra: &[(&str, &str)]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut out);
            let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
            let doc = format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><w:body>{body}</w:body></w:document>"#
            );
            z.start_file("word/document.xml", opts).unwrap();
            z.write_all(doc.as_bytes()).unwrap();
            for (name, content) in extra {
                z.start_file(*name, opts).unwrap();
                z.write_all(content.as_bytes()).unwrap();
            }
            z.finish().unwrap();
        }
        out.into_inner()
    }

    fn texts(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| match b {
                Block::Para(p) => {
                    format!("P{}:{}", p.style.heading.map_or(String::new(), |l| l.to_string()), p.text.value)
                }
                Block::Table(t) => format!(
                    "T:{}",
                    t.rows
                        .iter()
                        .map(|r| r
                            .cells
                            .iter()
                            .map(|c| format!("{}@{}+{}", c.text.value, c.col, c.span))
                            .collect::<Vec<_>>()
                            .join("|"))
                        .collect::<Vec<_>>()
                        .join(" / ")
                ),
                Block::Chart(c, _) => format!("C:{}", c.as_ref().map(|c| c.series.len()).unwrap_or(0)),
                Block::Image(_) => "I".into(),
                Block::Break => "B".into(),
            })
            .collect()
    }

    #[test]
    fn paragraphs_runs_superscripts_tables_and_footnotes() {
        let body = r#"
<w:p><w:pPr><w:pStyle w:val="H23"/></w:pPr><w:r><w:t>Table 6.2</w:t></w:r></w:p>
<w:p><w:r><w:tab/><w:t>6.16</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">It said &amp; did</w:t></w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="2"/></w:r><w:del><w:r><w:delText>gone</w:delText></w:r></w:del></w:p>
<w:tbl><w:tr><w:trPr><w:tblHeader/></w:trPr><w:tc><w:p><w:r><w:t>Category and subcategory</w:t></w:r></w:p></w:tc>
<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>2026 planned</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>a</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Publications</w:t></w:r><w:r><w:t xml:space="preserve"> (number of publications)</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>–</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:drawing><c:chart r:id="rId7"/></w:drawing></w:r></w:p>
"#;
        let notes = r#"<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> To be updated.</w:t></w:r></w:p></w:footnote></w:footnotes>"#;
        let bytes = docx(body, &[("word/footnotes.xml", notes)]);
        let doc = read(bytes).unwrap();
        let t = texts(&doc.blocks);
        assert_eq!(t[0], "P3:Table 6.2");
        assert_eq!(t[1], "P:\t6.16\tIt said & did[^1]");
        assert_eq!(
            t[2],
            "T:Category and subcategory@0+1|2026 planned[^a]@1+2 / Publications (number of publications)@0+1|@1+1|–@2+1"
        );
        assert_eq!(t[3], "C:0");
        let Block::Para(p) = &doc.blocks[1] else { panic!() };
        assert_eq!(p.notes[0].0, "1");
        assert_eq!(p.notes[0].1.value, "To be updated.");
        let Block::Table(tb) = &doc.blocks[2] else { panic!() };
        assert!(tb.rows[0].header);
        assert!(tb.rows[1].cells[0].bold_prefix > 0 && !tb.rows[1].cells[0].bold);
        assert!(tb.rows[1].cells[1].merged);
    }

    /// The text of `word/document.xml` in a .docx.
    fn document_xml(bytes: &[u8]) -> String {
        let mut zip =
            Zip { archive: zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap(), left: budget::TOTAL_BYTES };
        zip.read("word/document.xml", budget::DOCUMENT_BYTES).unwrap().unwrap()
    }

    /// The document's-text offset of byte `v` of a Word text's value.
    fn source_of(t: &Text, v: usize) -> usize {
        let p = t.loc.pieces.iter().find(|p| p.value <= v && v < p.value + p.len).expect("mapped");
        p.source + (v - p.value)
    }

    #[test]
    fn anchors_and_layout() {
        let body = r#"<w:p><w:pPr><w:jc w:val="left"/></w:pPr><w:r><w:t>6.1</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">See figure </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>6.3</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r><w:r><w:t>, and list*.</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>A</w:t></w:r></w:p></w:tc><w:tc><w:tcPr/><w:p><w:r><w:t>7</w:t></w:r><w:r><w:t>2</w:t></w:r></w:p><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#;
        let notes = r#"<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:footnote w:id="2"><w:p><w:r><w:t>A note.</w:t></w:r></w:p></w:footnote></w:footnotes>"#;
        let bytes = docx(body, &[("word/footnotes.xml", notes)]);
        let xml = document_xml(&bytes);
        let doc = read(bytes).unwrap();
        let run_of = |at: usize| doc.layout.runs.iter().find(|r| r.text.contains(&at)).map(|r| &xml[r.xml.clone()]);
        let Block::Para(p) = &doc.blocks[0] else { panic!() };
        assert_eq!(p.text.value, "6.1\tSee figure 6.3[^1], and list[^*].");
        assert_eq!(p.text.loc.anchor, Some(Anchor { block: 0, cell: None, text: None }));
        let at = source_of(&p.text, p.text.value.find("6.3").unwrap());
        assert_eq!(run_of(at), Some("<w:r><w:rPr><w:b/></w:rPr><w:t>6.3</w:t></w:r>"));
        // The star marker moved the text after it, and the mapping follows.
        let dot = source_of(&p.text, p.text.value.len() - 1);
        assert_eq!(run_of(dot), Some("<w:r><w:t>, and list*.</w:t></w:r>"));
        // A note is anchored on the run of its reference.
        let note = p.notes[0].1.loc.anchor.clone().unwrap();
        assert_eq!(run_of(note.text.unwrap().start), Some(r#"<w:r><w:footnoteReference w:id="2"/></w:r>"#));
        // Paragraph content is after the properties; cells know their row and column.
        let para = &doc.layout.paragraphs[0];
        assert!(
            xml[para.content.clone()].starts_with("<w:r><w:t>6.1</w:t>")
                && xml[para.content.clone()].ends_with("</w:r>")
        );
        let Block::Table(t) = &doc.blocks[1] else { panic!() };
        let cell = &t.rows[0].cells[1].text;
        assert_eq!(cell.value, "72\nx");
        assert_eq!(cell.loc.anchor, Some(Anchor { block: 1, cell: Some((0, 1)), text: None }));
        assert_eq!(run_of(source_of(cell, 1)), Some("<w:r><w:t>2</w:t></w:r>"));
        assert_eq!(run_of(source_of(cell, 3)), Some("<w:r><w:t>x</w:t></w:r>"));
        let in_cell: Vec<&str> = doc
            .layout
            .paragraphs
            .iter()
            .filter(|p| p.anchor.cell == Some((0, 1)))
            .map(|p| &xml[p.content.clone()])
            .collect();
        assert_eq!(in_cell, ["<w:r><w:t>7</w:t></w:r><w:r><w:t>2</w:t></w:r>", "<w:r><w:t>x</w:t></w:r>"]);
    }

    #[test]
    fn shifted_pieces_are_cut_at_insertions() {
        let pieces = [Piece { value: 0, source: 100, len: 4 }, Piece { value: 6, source: 200, len: 2 }];
        assert_eq!(
            shift_pieces(&pieces, &[(0, 3), (2, 1), (7, 2)]),
            [
                Piece { value: 3, source: 100, len: 2 },
                Piece { value: 6, source: 102, len: 2 },
                Piece { value: 10, source: 200, len: 1 },
                Piece { value: 13, source: 201, len: 1 },
            ]
        );
    }

    #[test]
    fn automatic_numbering() {
        let numbering = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="Table 1.%1"/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl></w:abstractNum><w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="6"><w:abstractNumId w:val="2"/></w:num></w:numbering>"#;
        let p = |num: &str, lvl: u8, t: &str| {
            format!(
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{t}</w:t></w:r></w:p>"#
            )
        };
        let body =
            [p("5", 0, ""), p("5", 0, ""), p("6", 0, "One"), p("6", 1, "a"), p("6", 1, "b"), p("6", 0, "Two")].concat();
        let doc = read(docx(&body, &[("word/numbering.xml", numbering)])).unwrap();
        assert_eq!(
            texts(&doc.blocks),
            ["P:Table 1.1\t", "P:Table 1.2\t", "P:I.\tOne", "P:(a)\ta", "P:(b)\tb", "P:II.\tTwo"]
        );
    }

    #[test]
    fn not_a_docx() {
        assert!(read(b"hello".to_vec()).unwrap_err().contains("not a Word document"));
        let mut out = Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut out);
            z.start_file("x.txt", zip::write::SimpleFileOptions::default()).unwrap();
            z.finish().unwrap();
        }
        assert!(read(out.into_inner()).unwrap_err().contains("no word/document.xml"));
        let bad = docx("<w:p><w:r><w:t>x</w:r></w:p>", &[]);
        assert!(read(bad).unwrap_err().contains("not well-formed"));
    }
}
