//! What the readers produce and the emitter consumes.
//!
//! A reader (Markdown or Word) turns a document into a flat list of [`Block`]s: paragraphs with
//! their style, tables as grids of cells, charts and pictures. [`super::structure`] turns those
//! blocks into a [`Plan`] — headings, numbered paragraphs, tables, figures, footnotes — and
//! [`super::emit`] writes the plan as YAML. Every piece of text carries a [`Loc`]: where it came
//! from in the document, so that findings on the YAML can be reported in the document.

use crate::diagnostic::{Anchor, Place};
use std::ops::Range;

/// A run of a text value copied verbatim from the source: `len` bytes at `value` in the value
/// are the `len` bytes at `source` in the source text (Markdown only).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Piece {
    pub value: usize,
    pub source: usize,
    pub len: usize,
}

/// Where something came from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Loc {
    /// Markdown: the byte range of the whole thing in the source text.
    pub range: Option<Range<usize>>,
    /// Markdown: how the value's bytes map to the source's.
    pub pieces: Vec<Piece>,
    /// Word: the place in words (table, row, column; paragraph number).
    pub place: Option<Place>,
    /// Word: the paragraph, table or cell the thing is in (the characters are in `pieces`, whose
    /// `source` offsets are in the document's text).
    pub anchor: Option<Anchor>,
}

impl Loc {
    pub fn range(range: Range<usize>) -> Self {
        Loc { range: Some(range), ..Loc::default() }
    }

    pub fn place(place: Place) -> Self {
        Loc { place: Some(place), ..Loc::default() }
    }

    /// The smallest range covering both.
    pub fn join(&self, other: &Loc) -> Loc {
        let range = match (&self.range, &other.range) {
            (Some(a), Some(b)) => Some(a.start.min(b.start)..a.end.max(b.end)),
            (a, b) => a.clone().or(b.clone()),
        };
        Loc {
            range,
            pieces: Vec::new(),
            place: self.place.clone().or(other.place.clone()),
            anchor: self.anchor.clone().or(other.anchor.clone()),
        }
    }
}

/// A text value and where each part of it came from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Text {
    pub value: String,
    pub loc: Loc,
}

impl Text {
    /// Text made by the importer (or from a Word document): no byte mapping.
    pub fn synthetic(value: impl Into<String>, loc: Loc) -> Self {
        Text { value: value.into(), loc }
    }

    /// Append source text written at `source` (a byte offset into the Markdown source).
    pub fn push_source(&mut self, s: &str, source: usize) {
        if s.is_empty() {
            return;
        }
        let value = self.value.len();
        match self.loc.pieces.last_mut() {
            Some(p) if p.value + p.len == value && p.source + p.len == source => p.len += s.len(),
            _ => self.loc.pieces.push(Piece { value, source, len: s.len() }),
        }
        self.value.push_str(s);
        let r = source..source + s.len();
        self.loc.range = Some(match self.loc.range.take() {
            Some(old) => old.start.min(r.start)..old.end.max(r.end),
            None => r,
        });
    }

    /// Append text that is not in the source as such (a space for a line break, `[^3]` for a
    /// superscript marker).
    pub fn push_synthetic(&mut self, s: &str) {
        self.value.push_str(s);
    }

    /// The part `range` (byte offsets into the value) with its mapping.
    pub fn slice(&self, range: Range<usize>) -> Text {
        let mut out = Text { value: self.value[range.clone()].to_owned(), loc: Loc::default() };
        out.loc.place = self.loc.place.clone();
        out.loc.anchor = self.loc.anchor.clone();
        for p in &self.loc.pieces {
            let (a, b) = (p.value.max(range.start), (p.value + p.len).min(range.end));
            if a < b {
                let source = p.source + (a - p.value);
                out.loc.pieces.push(Piece { value: a - range.start, source, len: b - a });
            }
        }
        out.loc.range = match (out.loc.pieces.first(), out.loc.pieces.last()) {
            (Some(f), Some(l)) => Some(f.source..l.source + l.len),
            _ => self.loc.range.clone(),
        };
        out
    }

    /// The text without white space at either end.
    pub fn trim(&self) -> Text {
        let start = self.value.len() - self.value.trim_start().len();
        let end = self.value.trim_end().len();
        if start >= end {
            return Text { value: String::new(), loc: self.loc.clone() };
        }
        self.slice(start..end)
    }

    /// Join texts with `sep` between them.
    pub fn join(parts: &[Text], sep: &str) -> Text {
        let mut out = Text::default();
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                out.push_synthetic(sep);
            }
            out.append(p);
        }
        out
    }

    /// Append another text, keeping its mapping.
    pub fn append(&mut self, other: &Text) {
        let base = self.value.len();
        self.value.push_str(&other.value);
        for p in &other.loc.pieces {
            self.loc.pieces.push(Piece { value: base + p.value, ..*p });
        }
        self.loc.range = match (self.loc.range.take(), other.loc.range.clone()) {
            (Some(a), Some(b)) => Some(a.start.min(b.start)..a.end.max(b.end)),
            (a, b) => a.or(b),
        };
        if self.loc.place.is_none() {
            self.loc.place = other.loc.place.clone();
        }
        if self.loc.anchor.is_none() {
            self.loc.anchor = other.loc.anchor.clone();
        }
    }

    /// Collapse runs of white space (tabs, line breaks, spaces) into one space, keeping the mapping.
    pub fn squash(&self) -> Text {
        let loc = Loc { place: self.loc.place.clone(), anchor: self.loc.anchor.clone(), ..Loc::default() };
        let mut out = Text { value: String::new(), loc };
        let mut pending_space = false;
        let mut run_start: Option<usize> = None;
        let flush = |out: &mut Text, from: usize, to: usize| {
            if from < to {
                let part = self.slice(from..to);
                out.append(&part);
            }
        };
        for (i, c) in self.value.char_indices() {
            if c.is_whitespace() {
                if let Some(s) = run_start.take() {
                    flush(&mut out, s, i);
                }
                pending_space = true;
            } else if run_start.is_none() {
                if pending_space && !out.value.is_empty() {
                    out.push_synthetic(" ");
                }
                pending_space = false;
                run_start = Some(i);
            }
        }
        if let Some(s) = run_start {
            flush(&mut out, s, self.value.len());
        }
        if out.loc.range.is_none() {
            out.loc.range = self.loc.range.clone();
        }
        out
    }
}

/// How a paragraph looks.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Style {
    /// A heading level from the style or the Markdown `#`s.
    pub heading: Option<u8>,
    /// Every letter of the paragraph is bold.
    pub bold: bool,
    /// Every letter is italic.
    pub italic: bool,
    /// A footnote text style (Word) or a footnote line (Markdown).
    pub footnote: bool,
    /// A list item (`- ` in Markdown).
    pub list: bool,
}

/// A paragraph of the document.
#[derive(Clone, Debug, Default)]
pub struct Para {
    pub text: Text,
    pub style: Style,
    /// Footnotes whose references are in this paragraph (Word's footnotes.xml): marker and text.
    pub notes: Vec<(String, Text)>,
}

/// A table cell.
#[derive(Clone, Debug, Default)]
pub struct Cell {
    pub text: Text,
    /// The length in bytes of the bold part the cell's text starts with (0: none).
    pub bold_prefix: usize,
    /// The whole text is bold.
    pub bold: bool,
    /// The first grid column the cell covers, and how many.
    pub col: usize,
    pub span: usize,
    /// A cell continuing a vertical merge (its text is the cell above).
    pub merged: bool,
}

#[derive(Clone, Debug, Default)]
pub struct TableRow {
    pub cells: Vec<Cell>,
    /// Marked as a repeated header row.
    pub header: bool,
}

/// A table as a grid of cells.
#[derive(Clone, Debug, Default)]
pub struct RawTable {
    pub rows: Vec<TableRow>,
    pub loc: Loc,
    /// Footnotes referenced in the table (Word's footnotes.xml).
    pub notes: Vec<(String, Text)>,
}

/// One series of a chart: its name, and a value (or none) per category.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
    /// Values whose printed label differs from the bar: (category index, bar value, label value).
    pub relabelled: Vec<(usize, f64, f64)>,
    /// Category indexes whose value is printed as a dash (shown, but no value).
    pub dashes: Vec<usize>,
}

/// A chart's data as cached in the document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Chart {
    pub kind: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
}

/// One block of the document, in order.
#[derive(Clone, Debug)]
pub enum Block {
    Para(Para),
    Table(RawTable),
    /// A chart (Word), or an error reading it.
    Chart(Result<Chart, String>, Loc),
    /// A picture: a figure whose values cannot be read.
    Image(Loc),
    /// A page break or horizontal rule.
    Break,
}

// ---------------------------------------------------------------------------------------------
// The plan, as the emitter writes it.

/// A document metadata field.
#[derive(Clone, Debug, Default)]
pub struct Meta {
    pub symbol: Option<Text>,
    pub title: Option<Text>,
    pub subtitle: Option<Text>,
    pub entity: Option<Text>,
    pub session: Option<Text>,
    pub agenda: Option<Text>,
    pub date: Option<Text>,
    pub language: Option<Text>,
    pub part: Option<(Text, Option<Text>)>,
    pub section: Option<(Text, Option<Text>)>,
    pub programme: Option<(Text, Option<Text>)>,
    pub plan_year: Option<(i32, Loc)>,
    pub performance_year: Option<(i32, Loc)>,
    pub notes: Vec<Footnote>,
}

#[derive(Clone, Debug)]
pub struct Footnote {
    pub marker: Text,
    pub text: Text,
    pub loc: Loc,
}

/// The row kinds of the plan model: an imported row becomes one of them.
pub use crate::model::RowKind;

#[derive(Clone, Debug)]
pub struct Row {
    pub kind: RowKind,
    pub label: Option<Text>,
    pub unit: Option<Text>,
    pub values: Vec<Text>,
    pub loc: Loc,
    /// A note for the reader of the YAML (written as a comment).
    pub comment: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableKind {
    Deliverables,
    PerformanceMeasure,
    Other,
}

impl TableKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TableKind::Deliverables => "deliverables",
            TableKind::PerformanceMeasure => "performance-measure",
            TableKind::Other => "other",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Table {
    pub number: Option<Text>,
    pub title: Text,
    pub kind: TableKind,
    pub label_header: Option<Text>,
    pub columns: Vec<Text>,
    pub rows: Vec<Row>,
}

/// A figure's value for one year.
#[derive(Clone, Debug)]
pub struct Value {
    pub value: f64,
    pub loc: Loc,
}

#[derive(Clone, Debug)]
pub struct Point {
    pub year: i32,
    pub label: Option<Text>,
    pub planned: Option<Value>,
    pub actual: Option<Value>,
    /// Printed as a dash: written `~` (shown, no value) when there is no value.
    pub planned_dash: bool,
    pub actual_dash: bool,
    pub loc: Loc,
}

#[derive(Clone, Debug)]
pub struct Figure {
    pub number: Option<Text>,
    pub title: Text,
    pub unit: Option<Text>,
    pub labels: Vec<Text>,
    /// The chart's measures: none for a figure without values, one (unnamed) for a chart of one
    /// measure, one per measure (named) for a chart of several.
    pub series: Vec<FigureSeries>,
}

/// One measure of a chart: its name when the chart has several, and its points over years.
#[derive(Clone, Debug, Default)]
pub struct FigureSeries {
    pub name: Option<String>,
    pub data: Vec<Point>,
}

#[derive(Clone, Debug)]
pub enum ItemKind {
    Heading { text: Text, level: u8 },
    Paragraph { number: Text, text: Text, items: Vec<Text> },
    Prose(Text),
    Table(Table),
    Figure(Figure),
    Footnote(Footnote),
}

/// A body element, where it came from, and what the importer is unsure of about it.
#[derive(Clone, Debug)]
pub struct Item {
    pub kind: ItemKind,
    pub loc: Loc,
    /// Things the importer could not map with confidence: reported as I001, written as comments.
    pub uncertain: Vec<String>,
}

impl Item {
    pub fn new(kind: ItemKind, loc: Loc) -> Self {
        Item { kind, loc, uncertain: Vec::new() }
    }
}

/// A whole imported plan.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    pub meta: Meta,
    /// Table of contents entries: text and page.
    pub contents: Vec<(Text, Option<Text>)>,
    pub body: Vec<Item>,
    /// Uncertainties about the document as a whole (the metadata).
    pub uncertain: Vec<(String, Loc)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_keep_their_mapping() {
        let mut t = Text::default();
        t.push_source("Hello", 10);
        t.push_synthetic(" ");
        t.push_source("world", 20);
        assert_eq!(t.value, "Hello world");
        assert_eq!(t.loc.pieces.len(), 2);
        let w = t.slice(6..11);
        assert_eq!(w.loc.pieces, vec![Piece { value: 0, source: 20, len: 5 }]);
        let mut s = Text::default();
        s.push_source("  a \t b  ", 0);
        let q = s.squash();
        assert_eq!(q.value, "a b");
        assert_eq!(q.loc.pieces, vec![Piece { value: 0, source: 2, len: 1 }, Piece { value: 2, source: 6, len: 1 }]);
    }
}
