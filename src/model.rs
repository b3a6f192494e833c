//! The typed plan model, built from the spanned YAML tree.
//!
//! Building is lenient: the model holds whatever the tree gives, and values of the wrong shape are
//! left out (the schema check reports them). Every element keeps the [`Node`] it came from, so
//! rules report findings at the exact place in the source.

use crate::yaml::{Node, NodeKind, Resolved, shorten};
use regex::Regex;
use std::sync::LazyLock;

/// A piece of text in the plan and the node it is written in.
#[derive(Clone, Copy, Debug)]
pub struct Text<'a> {
    pub value: &'a str,
    pub node: &'a Node,
}

impl<'a> Text<'a> {
    fn of(node: &'a Node) -> Option<Self> {
        match &node.kind {
            NodeKind::Scalar(s) if !node.is_null() => Some(Text { value: &s.value, node }),
            _ => None,
        }
    }
}

/// A number as printed, such as `16.4`: its prefix (`16`) and its place in the sequence (`4`).
#[derive(Clone, Copy, Debug)]
pub struct Number<'a> {
    pub text: Text<'a>,
    pub prefix: &'a str,
    pub seq: Option<u32>,
}

impl<'a> Number<'a> {
    fn of(node: &'a Node) -> Option<Self> {
        let text = Text::of(node)?;
        let raw = text.value.trim();
        let (prefix, last) = raw.rsplit_once('.').unwrap_or(("", raw));
        Some(Number { text, prefix, seq: last.parse().ok() })
    }

    pub fn as_str(&self) -> &'a str {
        self.text.value.trim()
    }
}

/// An upper-case Roman numeral from I to LXXXIX, written the usual way (`IV`, not `IIII`). C, D
/// and M are not read: a lone `C` or `D` is far more often a letter than 100 or 500.
pub fn parse_roman(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 8 || !s.bytes().all(|b| matches!(b, b'I' | b'V' | b'X' | b'L')) {
        return None;
    }
    let value = |b: u8| match b {
        b'I' => 1,
        b'V' => 5,
        b'X' => 10,
        _ => 50,
    };
    let bytes = s.as_bytes();
    let mut total = 0i32;
    for (i, &b) in bytes.iter().enumerate() {
        let v = value(b);
        if bytes.get(i + 1).is_some_and(|&next| v < value(next)) { total -= v } else { total += v }
    }
    let n = u32::try_from(total).ok().filter(|&n| n > 0)?;
    (to_roman(n) == s).then_some(n)
}

/// 14 → `XIV`.
pub fn to_roman(mut n: u32) -> String {
    const DIGITS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, digits) in DIGITS {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// A year value and its node.
#[derive(Clone, Copy, Debug)]
pub struct Year<'a> {
    pub value: i32,
    pub node: &'a Node,
}

fn year(node: Option<&Node>) -> Option<Year<'_>> {
    let node = node?;
    match node.as_scalar()?.resolve() {
        Resolved::Int(v) => Some(Year { value: i32::try_from(v).ok()?, node }),
        _ => None,
    }
}

/// A number and its node.
#[derive(Clone, Copy, Debug)]
pub struct Value<'a> {
    pub value: f64,
    pub node: &'a Node,
}

fn value(node: Option<&Node>) -> Option<Value<'_>> {
    let node = node?;
    let v = match node.as_scalar()?.resolve() {
        Resolved::Int(i) => i as f64,
        Resolved::Float(f) => f,
        _ => return None,
    };
    Some(Value { value: v, node })
}

fn text<'a>(node: &'a Node, key: &str) -> Option<Text<'a>> {
    Text::of(node.get(key)?)
}

fn seq<'a>(node: &'a Node, key: &str) -> &'a [Node] {
    node.get(key).and_then(Node::as_seq).unwrap_or(&[])
}

/// A whole plan (one YAML document).
#[derive(Debug)]
pub struct Plan<'a> {
    pub root: &'a Node,
    pub meta: Meta<'a>,
    pub contents: Vec<ContentsEntry<'a>>,
    pub body: Vec<Element<'a>>,
}

/// The `document:` metadata.
#[derive(Debug, Default)]
pub struct Meta<'a> {
    pub node: Option<&'a Node>,
    /// Every text field, with its key, for text checks.
    pub texts: Vec<(&'static str, Text<'a>)>,
    pub section: Option<Number<'a>>,
    pub plan_year: Option<Year<'a>>,
    pub performance_year: Option<Year<'a>>,
    pub notes: Vec<Footnote<'a>>,
    /// The plan year from the configuration, for documents that do not give one.
    pub default_plan_year: Option<i32>,
}

impl Meta<'_> {
    /// The year the plan is for.
    pub fn plan_year(&self) -> Option<i32> {
        self.plan_year.map(|y| y.value).or(self.default_plan_year)
    }

    /// The year whose performance is reported: as given, or two years before the plan year.
    pub fn performance_year(&self) -> Option<i32> {
        self.performance_year.map(|y| y.value).or(self.plan_year().map(|y| y - 2))
    }
}

#[derive(Debug)]
pub struct ContentsEntry<'a> {
    pub node: &'a Node,
    pub text: Option<Text<'a>>,
    pub target: Option<Text<'a>>,
}

/// One element of the body, in document order.
#[derive(Debug)]
pub struct Element<'a> {
    /// Position in `body`.
    pub index: usize,
    pub node: &'a Node,
    pub kind: ElementKind<'a>,
}

#[derive(Debug)]
pub enum ElementKind<'a> {
    Heading(Heading<'a>),
    Paragraph(Paragraph<'a>),
    Prose(Option<Text<'a>>),
    Table(Table<'a>),
    Figure(Figure<'a>),
    Footnote(Footnote<'a>),
    Omitted(Omitted<'a>),
    /// Not a body element the schema allows; the schema check reports it.
    Unknown,
}

#[derive(Debug)]
pub struct Heading<'a> {
    pub text: Option<Text<'a>>,
    pub level: u8,
    pub id: Option<Text<'a>>,
}

#[derive(Debug)]
pub struct Paragraph<'a> {
    pub number: Option<Number<'a>>,
    pub text: Option<Text<'a>>,
    pub items: Vec<Text<'a>>,
}

#[derive(Debug)]
pub struct Footnote<'a> {
    pub node: &'a Node,
    pub marker: Option<Text<'a>>,
    pub text: Option<Text<'a>>,
}

/// Numbers an excerpt leaves out, so that numbering checks see no gap.
#[derive(Debug, Default)]
pub struct Omitted<'a> {
    pub description: Option<Text<'a>>,
    pub paragraphs: Option<NumberRange>,
    pub tables: Option<NumberRange>,
    pub figures: Option<NumberRange>,
    pub footnotes: Option<NumberRange>,
}

/// `16.12–16.22`: prefix `16`, 12 to 22.
#[derive(Clone, Debug, PartialEq)]
pub struct NumberRange {
    pub prefix: String,
    pub first: u32,
    pub last: u32,
}

impl NumberRange {
    fn parse(raw: &str) -> Option<Self> {
        static RANGE: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"^\s*(?:(\S+?)\.)?(\d+)\s*(?:[–—-]\s*(?:(\S+?)\.)?(\d+))?\s*$").unwrap());
        let c = RANGE.captures(raw)?;
        let prefix = c.get(1).map_or("", |m| m.as_str()).to_owned();
        let first = c[2].parse().ok()?;
        let last = c.get(4).map_or(Some(first), |m| m.as_str().parse().ok())?;
        Some(NumberRange { prefix, first, last })
    }

    pub fn contains(&self, prefix: &str, seq: u32) -> bool {
        (self.prefix.is_empty() || self.prefix == prefix) && (self.first..=self.last).contains(&seq)
    }
}

/// What a table reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableKind {
    Deliverables,
    PerformanceMeasure,
    Other,
}

#[derive(Debug)]
pub struct Table<'a> {
    pub number: Option<Number<'a>>,
    pub title: Option<Text<'a>>,
    pub kind: TableKind,
    pub label_header: Option<Text<'a>>,
    pub columns: Vec<Column<'a>>,
    pub rows: Vec<Row<'a>>,
}

impl<'a> Table<'a> {
    /// The rows under `row` in the table's tree.
    pub fn children<'t>(&'t self, row: &Row<'a>) -> impl Iterator<Item = &'t Row<'a>> + 't {
        row.children.clone().into_iter().map(move |i| &self.rows[i])
    }

    /// The row `row` is under, if any.
    pub fn parent(&self, row: &Row<'a>) -> Option<&Row<'a>> {
        row.parent.map(|i| &self.rows[i])
    }

    /// What `row` counts for in column `col` when its parent is summed: its own value where it
    /// gives one; where it is blank, the sum of the rows under it (a parent without values stands
    /// for the sum of its children); a blank row with nothing under it counts as 0.
    pub fn amount<'t>(&'t self, row: &'t Row<'a>, col: usize) -> Amount<'t, 'a> {
        let Some(cell) = row.cells.get(col) else {
            // A row without values at all (a header) stands for its children, like a blank one.
            if row.cells.is_empty() && !row.children.is_empty() {
                return self.sum(row, col).map_or_else(|bad| bad, Amount::Known);
            }
            return if row.cells.is_empty() { Amount::Known(0.0) } else { Amount::Missing(row) };
        };
        match cell.quantity {
            Quantity::Number(v) => Amount::Known(v),
            Quantity::Dash => Amount::Known(0.0),
            Quantity::Text => Amount::Unreadable(row, cell),
            Quantity::Blank if row.children.is_empty() => Amount::Known(0.0),
            Quantity::Blank => self.sum(row, col).map_or_else(|bad| bad, Amount::Known),
        }
    }

    /// The sum of what the rows under `row` count for in column `col`, or the first reason it
    /// cannot be known.
    pub fn sum<'t>(&'t self, row: &'t Row<'a>, col: usize) -> Result<f64, Amount<'t, 'a>> {
        let mut total = 0.0;
        for child in self.children(row) {
            match self.amount(child, col) {
                Amount::Known(v) => total += v,
                other => return Err(other),
            }
        }
        Ok(total)
    }
}

/// Planned or actual.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    Planned,
    Actual,
}

impl Measure {
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Planned => "planned",
            Measure::Actual => "actual",
        }
    }
}

#[derive(Debug)]
pub struct Column<'a> {
    pub node: &'a Node,
    pub label: Option<Text<'a>>,
    pub year: Option<i32>,
    pub measure: Option<Measure>,
}

impl Column<'_> {
    pub fn describe(&self) -> String {
        match self.label {
            Some(t) => format!("column “{}”", strip_refs(t.value).trim()),
            None => "column".into(),
        }
    }
}

/// The kinds of row of a table. In a deliverables table they are the levels of a tree:
/// category › subcategory › group › item › sub-item, each row under the nearest row above it of a
/// higher level (see [`RowKind::depth`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// "A. Facilitation of the intergovernmental process and expert bodies".
    Category,
    /// "Parliamentary documentation (number of documents)", with its totals.
    Subcategory,
    /// An unnumbered row under a subcategory that gathers the items after it: a subtotal with
    /// values ("Meetings with interpretation for:", a duty station), or a header without
    /// ("Reports of:").
    Group,
    /// A numbered line item, "12. On gender equality".
    Item,
    /// A lettered item under a line item: "(a) Inland Transport Committee", "b. …", "(ii) …".
    Subitem,
    /// Free text ("Consultation, advice and advocacy: …"): outside the tree.
    Text,
    /// A row of values only: outside the tree.
    Values,
}

impl RowKind {
    /// Every kind written with a key, in the order the keys are looked for.
    pub const KEYED: [RowKind; 6] =
        [RowKind::Category, RowKind::Subcategory, RowKind::Group, RowKind::Item, RowKind::Subitem, RowKind::Text];

    /// The key that writes this kind of row in a plan (`None` for a row of values only).
    pub fn key(self) -> Option<&'static str> {
        match self {
            RowKind::Category => Some("category"),
            RowKind::Subcategory => Some("subcategory"),
            RowKind::Group => Some("group"),
            RowKind::Item => Some("item"),
            RowKind::Subitem => Some("subitem"),
            RowKind::Text => Some("text"),
            RowKind::Values => None,
        }
    }

    /// The row's level in the tree of a deliverables table (0 for a category); `None` for rows
    /// outside it (free text, values only), which neither have a parent nor end one.
    pub fn depth(self) -> Option<u8> {
        match self {
            RowKind::Category => Some(0),
            RowKind::Subcategory => Some(1),
            RowKind::Group => Some(2),
            RowKind::Item => Some(3),
            RowKind::Subitem => Some(4),
            RowKind::Text | RowKind::Values => None,
        }
    }
}

#[derive(Debug)]
pub struct Row<'a> {
    pub index: usize,
    pub node: &'a Node,
    pub kind: RowKind,
    pub label: Option<Text<'a>>,
    pub unit: Option<Text<'a>>,
    /// For line items printed with a number ("3. On gender equality"): 3.
    pub item_number: Option<u32>,
    /// Whether the item's number is printed with its full stop ("3." rather than "3").
    pub number_stop: bool,
    pub cells: Vec<Cell<'a>>,
    /// The row this one is under in the table's tree (an index into `rows`).
    pub parent: Option<usize>,
    /// The rows under this one, in order (indexes into `rows`).
    pub children: Vec<usize>,
}

impl Row<'_> {
    /// "line item 3", "subtotal “Publications”", "group “Meetings with interpretation for:”",
    /// "sub-item (b) “World Forum…”", "category “A. ...”", "row 4".
    pub fn describe(&self) -> String {
        let label = || self.label.map(|t| shorten(&strip_refs(t.value), 50)).unwrap_or_default();
        match (self.kind, self.item_number) {
            (RowKind::Item, Some(n)) => format!("line item {n}"),
            (RowKind::Item, None) => format!("line item “{}”", label()),
            (RowKind::Subitem, _) => format!("sub-item “{}”", label()),
            (RowKind::Group, _) => format!("group “{}”", label()),
            (RowKind::Subcategory, _) => format!("subtotal “{}”", label()),
            (RowKind::Category, _) => format!("category “{}”", label()),
            _ => format!("row {}", self.index + 1),
        }
    }

    /// Whether the row gives a value in column `col` (a number or a dash, not blank or text).
    pub fn states(&self, col: usize) -> bool {
        self.cells.get(col).is_some_and(|c| matches!(c.quantity, Quantity::Number(_) | Quantity::Dash))
    }
}

/// What a row counts for in column `col` of its parent's sum (see [`Table::amount`]).
#[derive(Clone, Copy, Debug)]
pub enum Amount<'t, 'a> {
    /// A number (dashes and blanks count as 0).
    Known(f64),
    /// The cell that is not a number makes the sum unknown.
    Unreadable(&'t Row<'a>, &'t Cell<'a>),
    /// The row does not reach this column.
    Missing(&'t Row<'a>),
}

/// A table cell read as a quantity.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Quantity {
    Number(f64),
    /// `–` or `-`: none.
    Dash,
    /// `~` or empty.
    Blank,
    /// Text that is not a quantity.
    Text,
}

#[derive(Clone, Copy, Debug)]
pub struct Cell<'a> {
    pub node: &'a Node,
    pub quantity: Quantity,
    /// The bracketed alternative of `– [1]`.
    pub alternative: Option<Quantity>,
    pub text: Option<&'a str>,
}

impl Cell<'_> {
    /// The value that counts in a sum: numbers as they are, dashes and blanks as zero.
    pub fn amount(&self) -> Option<f64> {
        match self.quantity {
            Quantity::Number(v) => Some(v),
            Quantity::Dash | Quantity::Blank => Some(0.0),
            Quantity::Text => None,
        }
    }
}

#[derive(Debug)]
pub struct Figure<'a> {
    pub number: Option<Number<'a>>,
    pub title: Option<Text<'a>>,
    pub unit: Option<Text<'a>>,
    pub labels: Vec<Text<'a>>,
    /// The figure's measures: one for a figure written with `data`, one per entry of `series`
    /// for a chart of several measures.
    pub series: Vec<Series<'a>>,
}

impl<'a> Figure<'a> {
    /// Every point of every measure.
    pub fn points(&self) -> impl Iterator<Item = &Point<'a>> {
        self.series.iter().flat_map(|s| &s.data)
    }

    /// Whether the figure shows any values.
    pub fn has_data(&self) -> bool {
        self.series.iter().any(|s| !s.data.is_empty())
    }
}

/// One measure of a figure: a series of points over years.
#[derive(Debug)]
pub struct Series<'a> {
    pub node: &'a Node,
    /// The position in `series`; `None` for a figure written with `data`.
    pub index: Option<usize>,
    /// The series' name as the chart gives it; `None` for a figure written with `data`.
    pub name: Option<Text<'a>>,
    pub unit: Option<Text<'a>>,
    /// Whether the measure is cumulative: as declared (on the series or the figure), or as the
    /// series' name or the figure's title says ([`says_cumulative`]); a series that names a share
    /// ([`names_a_share`]) does not take "cumulative" from the figure's title.
    pub cumulative: bool,
    pub data: Vec<Point<'a>>,
}

impl Series<'_> {
    /// The JSON pointer of the series' `data` in a figure at body item `element`.
    pub fn data_pointer(&self, element: usize) -> String {
        match self.index {
            Some(i) => format!("/body/{element}/series/{i}/data"),
            None => format!("/body/{element}/data"),
        }
    }
}

/// Whether a title calls its measure cumulative: "(cumulative)", but not "non-cumulative", and not
/// when it also says "(annual)" — a yearly count beside a cumulative one in the same title.
pub fn says_cumulative(title: &str) -> Option<bool> {
    let t = title.to_lowercase();
    if t.contains("(annual)") || t.contains("non-cumulative") || t.contains("noncumulative") {
        return Some(false);
    }
    t.contains("cumulative").then_some(true)
}

/// Whether a measure's name makes it a share ("Percentage of …", "… rate (percentage)"): a share
/// is not a running count, so a figure titled "(cumulative)" does not make it cumulative.
pub fn names_a_share(name: &str) -> bool {
    let t = name.trim_start().to_lowercase();
    ["percentage", "proportion", "share "].iter().any(|w| t.starts_with(w))
        || t.contains("(percentage)")
        || t.contains("per cent")
        || t.contains('%')
        || t.contains(" rate")
}

#[derive(Debug)]
pub struct Point<'a> {
    pub node: &'a Node,
    pub year: Option<Year<'a>>,
    pub label: Option<Text<'a>>,
    pub planned: Option<Value<'a>>,
    pub actual: Option<Value<'a>>,
}

impl<'a> Point<'a> {
    pub fn get(&self, m: Measure) -> Option<Value<'a>> {
        match m {
            Measure::Planned => self.planned,
            Measure::Actual => self.actual,
        }
    }
}

/// The kinds of body element, by their first key.
pub const ELEMENT_KINDS: &[&str] = &["heading", "paragraph", "prose", "table", "figure", "footnote", "omitted"];

impl<'a> Plan<'a> {
    /// Build the model from a document's root node.
    pub fn build(root: &'a Node) -> Plan<'a> {
        let meta = root.get("document").map(build_meta).unwrap_or_default();
        let contents = root
            .get("contents")
            .and_then(Node::as_seq)
            .unwrap_or(&[])
            .iter()
            .map(|node| ContentsEntry { node, text: text(node, "text"), target: text(node, "target") })
            .collect();
        let body = root
            .get("body")
            .and_then(Node::as_seq)
            .unwrap_or(&[])
            .iter()
            .enumerate()
            .map(|(index, node)| Element { index, node, kind: build_element(node) })
            .collect();
        Plan { root, meta, contents, body }
    }

    pub fn tables(&self) -> impl Iterator<Item = (&Element<'a>, &Table<'a>)> {
        self.body.iter().filter_map(|e| match &e.kind {
            ElementKind::Table(t) => Some((e, t)),
            _ => None,
        })
    }

    pub fn figures(&self) -> impl Iterator<Item = (&Element<'a>, &Figure<'a>)> {
        self.body.iter().filter_map(|e| match &e.kind {
            ElementKind::Figure(f) => Some((e, f)),
            _ => None,
        })
    }

    /// Visit every text in the plan with a function that describes where it is.
    pub fn for_each_text(&self, f: &mut dyn FnMut(&Text<'a>, &dyn Fn() -> String)) {
        for (key, t) in &self.meta.texts {
            f(t, &|| format!("`{key}` of the document"));
        }
        for n in &self.meta.notes {
            if let Some(t) = &n.text {
                f(t, &|| format!("note {} of the document", n.marker.map_or("", |m| m.value)));
            }
        }
        for (i, c) in self.contents.iter().enumerate() {
            if let Some(t) = &c.text {
                f(t, &|| format!("contents entry {}", i + 1));
            }
        }
        for e in &self.body {
            e.for_each_text(f);
        }
    }
}

impl<'a> Element<'a> {
    /// "paragraph 16.48", "table 16.4", "footnote 12", "heading “Deliverables”".
    pub fn describe(&self) -> String {
        let numbered = |kind: &str, n: &Option<Number>, title: Option<Text>| match (n, title) {
            (Some(n), _) => format!("{kind} {}", n.as_str()),
            (None, Some(t)) => format!("{kind} “{}”", shorten(t.value, 50)),
            (None, None) => format!("{kind} at body item {}", self.index + 1),
        };
        match &self.kind {
            ElementKind::Heading(h) => match h.text {
                Some(t) => format!("heading “{}”", shorten(t.value, 50)),
                None => format!("heading at body item {}", self.index + 1),
            },
            ElementKind::Paragraph(p) => match &p.number {
                Some(n) => format!("paragraph {}", n.as_str()),
                None => format!("paragraph at body item {}", self.index + 1),
            },
            ElementKind::Prose(_) => format!("unnumbered paragraph at body item {}", self.index + 1),
            ElementKind::Table(t) => numbered("table", &t.number, t.title),
            ElementKind::Figure(f) => numbered("figure", &f.number, f.title),
            ElementKind::Footnote(n) => match n.marker {
                Some(m) => format!("footnote {}", m.value),
                None => format!("footnote at body item {}", self.index + 1),
            },
            ElementKind::Omitted(_) => format!("omission at body item {}", self.index + 1),
            ElementKind::Unknown => format!("body item {}", self.index + 1),
        }
    }

    /// Visit the element's texts.
    pub fn for_each_text(&self, f: &mut dyn FnMut(&Text<'a>, &dyn Fn() -> String)) {
        let here = || self.describe();
        match &self.kind {
            ElementKind::Heading(h) => {
                if let Some(t) = &h.text {
                    f(t, &here);
                }
            }
            ElementKind::Paragraph(p) => {
                for t in p.text.iter().chain(&p.items) {
                    f(t, &here);
                }
            }
            ElementKind::Prose(Some(t)) => f(t, &here),
            ElementKind::Footnote(n) => {
                if let Some(t) = &n.text {
                    f(t, &here);
                }
            }
            ElementKind::Table(t) => {
                if let Some(title) = &t.title {
                    f(title, &|| format!("the title of {}", self.describe()));
                }
                if let Some(header) = &t.label_header {
                    f(header, &|| format!("a column header of {}", self.describe()));
                }
                for c in &t.columns {
                    if let Some(l) = &c.label {
                        f(l, &|| format!("a column header of {}", self.describe()));
                    }
                }
                for r in &t.rows {
                    for x in r.label.iter().chain(&r.unit) {
                        f(x, &|| format!("{} of {}", r.describe(), self.describe()));
                    }
                    for (i, c) in r.cells.iter().enumerate() {
                        if let (Some(s), Quantity::Text) = (c.text, c.quantity) {
                            let cell = Text { value: s, node: c.node };
                            let col = || t.columns.get(i).map_or_else(|| format!("value {}", i + 1), Column::describe);
                            f(&cell, &|| format!("{} of {}, {}", r.describe(), self.describe(), col()));
                        }
                    }
                }
            }
            ElementKind::Figure(fig) => {
                let point_labels = fig.points().filter_map(|p| p.label.as_ref());
                let names = fig.series.iter().flat_map(|s| s.name.iter().chain(&s.unit));
                for t in fig.title.iter().chain(&fig.unit).chain(&fig.labels).chain(names).chain(point_labels) {
                    f(t, &here);
                }
            }
            ElementKind::Omitted(o) => {
                if let Some(t) = &o.description {
                    f(t, &here);
                }
            }
            ElementKind::Prose(None) | ElementKind::Unknown => {}
        }
    }
}

fn build_meta(node: &Node) -> Meta<'_> {
    let mut texts = Vec::new();
    for key in ["symbol", "title", "subtitle", "entity", "session", "agenda", "date"] {
        if let Some(t) = text(node, key) {
            texts.push((key, t));
        }
    }
    for key in ["part", "section", "programme"] {
        if let Some(t) = node.get(key).and_then(|n| text(n, "title")) {
            texts.push((key, t));
        }
    }
    Meta {
        node: Some(node),
        texts,
        section: node.get("section").and_then(|s| s.get("number")).and_then(Number::of),
        plan_year: year(node.get("plan_year")),
        performance_year: year(node.get("performance_year")),
        notes: seq(node, "notes").iter().map(build_footnote).collect(),
        default_plan_year: None,
    }
}

fn build_footnote(node: &Node) -> Footnote<'_> {
    Footnote { node, marker: node.get("footnote").and_then(Text::of), text: text(node, "text") }
}

fn build_element(node: &Node) -> ElementKind<'_> {
    let Some(entries) = node.as_map() else {
        return ElementKind::Unknown;
    };
    let kind = entries.iter().find_map(|e| e.key.as_str().filter(|k| ELEMENT_KINDS.contains(k)));
    match kind {
        Some("heading") => ElementKind::Heading(Heading {
            text: text(node, "heading"),
            level: node
                .get("level")
                .and_then(|n| match n.as_scalar()?.resolve() {
                    Resolved::Int(i) => u8::try_from(i).ok(),
                    _ => None,
                })
                .unwrap_or(1),
            id: text(node, "id"),
        }),
        Some("paragraph") => ElementKind::Paragraph(Paragraph {
            number: node.get("paragraph").and_then(Number::of),
            text: text(node, "text"),
            items: seq(node, "items").iter().filter_map(Text::of).collect(),
        }),
        Some("prose") => ElementKind::Prose(text(node, "prose")),
        Some("footnote") => ElementKind::Footnote(build_footnote(node)),
        Some("table") => ElementKind::Table(build_table(node)),
        Some("figure") => ElementKind::Figure(build_figure(node)),
        Some("omitted") => {
            let range = |k| node.get(k).and_then(Node::as_str).and_then(NumberRange::parse);
            ElementKind::Omitted(Omitted {
                description: text(node, "omitted"),
                paragraphs: range("paragraphs"),
                tables: range("tables"),
                figures: range("figures"),
                footnotes: range("footnotes"),
            })
        }
        _ => ElementKind::Unknown,
    }
}

/// Remove footnote references (`[^3]`) from a text.
pub fn strip_refs(s: &str) -> std::borrow::Cow<'_, str> {
    static REFS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[\^[^\]\s]+\]").unwrap());
    REFS.replace_all(s, "")
}

/// Read "2021 planned", "2019 (actual)", "2026 planned[^a]" as a year and a measure.
pub fn parse_column_label(label: &str) -> (Option<i32>, Option<Measure>) {
    static COLUMN: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)^\s*(\d{4})\s*\(?\s*(planned|actual)?\s*\)?\s*$").unwrap());
    let label = strip_refs(label);
    match COLUMN.captures(&label) {
        Some(c) => {
            (
                c[1].parse().ok(),
                c.get(2).map(|m| {
                    if m.as_str().eq_ignore_ascii_case("planned") { Measure::Planned } else { Measure::Actual }
                }),
            )
        }
        None => (None, None),
    }
}

fn build_table(node: &Node) -> Table<'_> {
    let title = text(node, "title");
    let kind = match node.get("kind").and_then(Node::as_str) {
        Some("deliverables") => TableKind::Deliverables,
        Some("performance-measure") => TableKind::PerformanceMeasure,
        Some(_) => TableKind::Other,
        None => {
            let t = title.map(|t| t.value.to_lowercase()).unwrap_or_default();
            if t.contains("deliverables") {
                TableKind::Deliverables
            } else if t.contains("performance measure") {
                TableKind::PerformanceMeasure
            } else {
                TableKind::Other
            }
        }
    };
    let columns = seq(node, "columns")
        .iter()
        .map(|c| {
            let label = Text::of(c).or_else(|| text(c, "label"));
            let (mut year, mut measure) = label.map_or((None, None), |l| parse_column_label(l.value));
            if c.as_map().is_some() {
                year = self::year(c.get("year")).map(|y| y.value).or(year);
                measure = match c.get("type").and_then(Node::as_str) {
                    Some("planned") => Some(Measure::Planned),
                    Some("actual") => Some(Measure::Actual),
                    _ => measure,
                };
            }
            Column { node: c, label, year, measure }
        })
        .collect();
    let mut rows: Vec<Row> = seq(node, "rows").iter().enumerate().map(|(index, r)| build_row(index, r)).collect();
    link_tree(&mut rows);
    Table {
        number: node.get("table").and_then(Number::of),
        title,
        kind,
        label_header: text(node, "label_header"),
        columns,
        rows,
    }
}

/// "12. On gender equality" → 12, with its stop; "36 Meetings of …" (a number of up to three
/// digits without its stop) → 36, without.
pub fn item_number(label: &str) -> Option<(u32, bool)> {
    static ITEM_NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*(\d{1,3})\s*(\.)?(?:\s|$)").unwrap());
    let c = ITEM_NUMBER.captures(label)?;
    Some((c[1].parse().ok()?, c.get(2).is_some()))
}

fn build_row(index: usize, node: &Node) -> Row<'_> {
    let (kind, label) = RowKind::KEYED
        .into_iter()
        .find_map(|kind| node.get(kind.key()?).map(|n| (kind, Text::of(n))))
        .unwrap_or((RowKind::Values, None));
    let number = match (kind, label) {
        (RowKind::Item, Some(t)) => item_number(t.value),
        _ => None,
    };
    Row {
        index,
        node,
        kind,
        label,
        unit: text(node, "unit"),
        item_number: number.map(|n| n.0),
        number_stop: number.is_some_and(|n| n.1),
        cells: seq(node, "values").iter().map(build_cell).collect(),
        parent: None,
        children: Vec::new(),
    }
}

/// Link each row to the nearest row above it of a higher level ([`RowKind::depth`]).
fn link_tree(rows: &mut [Row<'_>]) {
    let mut open: Vec<(u8, usize)> = Vec::new();
    for i in 0..rows.len() {
        let Some(depth) = rows[i].kind.depth() else { continue };
        while open.last().is_some_and(|&(d, _)| d >= depth) {
            open.pop();
        }
        if let Some(&(_, parent)) = open.last() {
            rows[i].parent = Some(parent);
            rows[parent].children.push(i);
        }
        open.push((depth, i));
    }
}

/// Read a cell: a number, a dash, blank, text, or `value [alternative]`.
pub fn build_cell(node: &Node) -> Cell<'_> {
    let Some(scalar) = node.as_scalar() else {
        return Cell { node, quantity: Quantity::Text, alternative: None, text: None };
    };
    match scalar.resolve() {
        Resolved::Null => Cell { node, quantity: Quantity::Blank, alternative: None, text: None },
        Resolved::Int(i) => Cell { node, quantity: Quantity::Number(i as f64), alternative: None, text: None },
        Resolved::Float(f) => Cell { node, quantity: Quantity::Number(f), alternative: None, text: None },
        Resolved::Bool(_) => Cell { node, quantity: Quantity::Text, alternative: None, text: Some(&scalar.value) },
        Resolved::Str(s) => {
            let (quantity, alternative) = parse_quantity(s);
            Cell { node, quantity, alternative, text: Some(s) }
        }
    }
}

/// A cell as printed: `"12"`, `"1,000"`, `"116 000"` (a space, or a no-break space, between
/// thousands), `"8.5"`, a dash (`–`, `—`, `-`, `‒`, `−`, `_`) meaning none, `"21 [25]"` (a value and
/// a bracketed alternative: the value outside the brackets counts), `""`, anything else (text).
/// Footnote references (`[^a]`) are ignored.
pub fn parse_quantity(s: &str) -> (Quantity, Option<Quantity>) {
    const NUMBER: &str = r"[0-9]{1,3}(?:[,\x{a0}\x{202f}\x{2009} ][0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+";
    const DASH: &str = r"[–—‒−_-]";
    static QUANTITY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(r"^\s*(?P<main>{NUMBER}|{DASH})?\s*(?:\[\s*(?P<alt>{NUMBER}|{DASH})\s*\])?\s*$")).unwrap()
    });
    let one = |m: Option<regex::Match>| match m.map(|m| m.as_str()) {
        None => Quantity::Blank,
        Some(n) if n.chars().count() == 1 && !n.starts_with(|c: char| c.is_ascii_digit()) => Quantity::Dash,
        Some(n) => n
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '.')
            .collect::<String>()
            .parse()
            .map_or(Quantity::Text, Quantity::Number),
    };
    let stripped = strip_refs(s);
    match QUANTITY.captures(&stripped) {
        Some(c) => (one(c.name("main")), c.name("alt").map(|m| one(Some(m)))),
        None => (Quantity::Text, None),
    }
}

fn build_figure(node: &Node) -> Figure<'_> {
    let title = text(node, "title");
    let declared = |n: &Node| match n.get("cumulative").and_then(|n| n.as_scalar()).map(|s| s.resolve()) {
        Some(Resolved::Bool(b)) => Some(b),
        _ => None,
    };
    let figure_cumulative = declared(node).or_else(|| title.and_then(|t| says_cumulative(t.value)));
    fn points(n: &Node) -> Vec<Point<'_>> {
        seq(n, "data")
            .iter()
            .map(|p| Point {
                node: p,
                year: year(p.get("year")),
                label: text(p, "label"),
                planned: value(p.get("planned")),
                actual: value(p.get("actual")),
            })
            .collect()
    }
    let mut series: Vec<Series> = seq(node, "series")
        .iter()
        .enumerate()
        .map(|(index, s)| {
            let name = text(s, "name");
            let inherited = figure_cumulative.filter(|_| !name.is_some_and(|t| names_a_share(t.value)));
            let cumulative = declared(s).or_else(|| name.and_then(|t| says_cumulative(t.value))).or(inherited);
            let cumulative = cumulative.unwrap_or(false);
            Series { node: s, index: Some(index), name, unit: text(s, "unit"), cumulative, data: points(s) }
        })
        .collect();
    if node.get("data").is_some() || series.is_empty() {
        let data = points(node);
        let cumulative = figure_cumulative.unwrap_or(false);
        series.insert(0, Series { node, index: None, name: None, unit: None, cumulative, data });
    }
    Figure {
        number: node.get("figure").and_then(Number::of),
        title,
        unit: text(node, "unit"),
        labels: seq(node, "labels").iter().filter_map(Text::of).collect(),
        series,
    }
}

/// A number as messages and the imported YAML print it: `40`, `8.5`, `-3` (whole numbers
/// without a decimal point).
pub fn fmt_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_not_running_counts() {
        assert!(names_a_share("Percentage of people benefitting from drug treatment"));
        assert!(names_a_share("Mandatory learning completion rate (percentage)"));
        assert!(!names_a_share("Number of people having access to drug treatment"));
        assert!(!names_a_share("Partners"));
    }

    #[test]
    fn quantities() {
        assert_eq!(parse_quantity("12"), (Quantity::Number(12.0), None));
        assert_eq!(parse_quantity("1,000"), (Quantity::Number(1000.0), None));
        assert_eq!(parse_quantity("–"), (Quantity::Dash, None));
        assert_eq!(parse_quantity("-"), (Quantity::Dash, None));
        assert_eq!(parse_quantity("– [1]"), (Quantity::Dash, Some(Quantity::Number(1.0))));
        assert_eq!(parse_quantity("3[^a]"), (Quantity::Number(3.0), None));
        assert_eq!(parse_quantity(""), (Quantity::Blank, None));
        assert_eq!(parse_quantity("12a").0, Quantity::Text);
        assert_eq!(parse_quantity("116 000[^a]"), (Quantity::Number(116000.0), None));
        assert_eq!(parse_quantity("1\u{a0}155 [1 200]"), (Quantity::Number(1155.0), Some(Quantity::Number(1200.0))));
        assert_eq!(parse_quantity("21 [25]"), (Quantity::Number(21.0), Some(Quantity::Number(25.0))));
        assert_eq!(parse_quantity("413.5"), (Quantity::Number(413.5), None));
        assert_eq!(parse_quantity("—").0, Quantity::Dash);
        assert_eq!(parse_quantity("_").0, Quantity::Dash);
        // Not a number: a letter for a digit, two values in one cell, a space inside a group.
        assert_eq!(parse_quantity("l").0, Quantity::Text);
        assert_eq!(parse_quantity("1 –").0, Quantity::Text);
        assert_eq!(parse_quantity("1 00").0, Quantity::Text);
        assert_eq!(parse_quantity("n/a").0, Quantity::Text);
    }

    #[test]
    fn columns() {
        assert_eq!(parse_column_label("2021 planned"), (Some(2021), Some(Measure::Planned)));
        assert_eq!(parse_column_label("2019 (actual)"), (Some(2019), Some(Measure::Actual)));
        assert_eq!(parse_column_label("2026 planned[^a]"), (Some(2026), Some(Measure::Planned)));
        assert_eq!(parse_column_label("Resolution"), (None, None));
    }

    #[test]
    fn ranges() {
        let r = NumberRange::parse("16.12–16.22").unwrap();
        assert_eq!((r.prefix.as_str(), r.first, r.last), ("16", 12, 22));
        let r = NumberRange::parse("15-20").unwrap();
        assert_eq!((r.prefix.as_str(), r.first, r.last), ("", 15, 20));
        assert!(r.contains("", 17));
        assert_eq!(NumberRange::parse("16.5").unwrap().last, 5);
    }
}
