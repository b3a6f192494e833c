//! Comparing a plan with its previous edition (`plan-lint check NEW --previous OLD`, or
//! `previous` in `plan-lint.toml`).
//!
//! Each year's fascicle repeats figures of the one before: the planned values of the years both
//! show, and the actuals of past years. The previous edition is read once ([`Edition::load`]: a
//! YAML plan, or a Word or Markdown document imported in memory), its model built
//! ([`Previous`]), and the two plans' elements matched by identity, not by position
//! ([`Comparison`]):
//!
//! - deliverables tables by their title without its years ("Subprogramme 3: deliverables for the
//!   period, by category and subcategory");
//! - rows level by level in the table's tree (category › subcategory › group › item › sub-item),
//!   under the rows their parents matched: by their text without its number and footnote
//!   references, in lower case and without punctuation (so a renumbered item still matches),
//!   and, among the rows left, by wording ([`similarity`] of at least [`ROW_SIMILARITY`]); a match
//!   by wording is shown in the finding;
//! - columns by year and measure ("2026 planned" with "2026 planned");
//! - figures by their measure's title, without "Performance measure:" and its years, and then by
//!   wording; the measures of a chart by name; points by year.
//!
//! The edition rules ([`crate::rules`], P016–P020) read the [`Comparison`] from their context
//! and name the previous edition's place in a label in its own file ([`Previous::label`]).

use crate::check::{self, CheckOptions};
use crate::diagnostic::{Label, OtherFile};
use crate::import::{self, DocumentKind, Imported, remap::SourceMap};
use crate::model::{
    Cell, Element, ElementKind, Figure, Measure, Plan, Point, Row, RowKind, Series, Table, TableKind, strip_refs,
};
use crate::source::{SourceFile, Span};
use crate::yaml::{self, Limits, Node, shorten};
use regex::Regex;
use std::fmt;
use std::path::Path;
use std::sync::{Arc, LazyLock};

/// Two rows match by wording when the [`similarity`] of their texts is at least this.
pub const ROW_SIMILARITY: f64 = 0.8;
/// Two figures match by wording when the [`similarity`] of their titles is at least this.
pub const FIGURE_SIMILARITY: f64 = 0.8;

/// The previous edition of a plan, read and parsed once for every file compared with it.
pub struct Edition {
    /// The file as the user sees it, for labels: the YAML or Markdown text; for a Word
    /// document, no text (its places are in words).
    pub shown: Arc<SourceFile>,
    /// The YAML of an imported document (`None`: the file is YAML, `shown` is it).
    yaml: Option<SourceFile>,
    imported: Option<Imported>,
    root: Node,
}

impl fmt::Debug for Edition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Edition({})", self.shown.name)
    }
}

impl Edition {
    /// Read the previous edition at `path`: a YAML plan, or a Word or Markdown document. Why it
    /// cannot be compared with, otherwise (it cannot be read, or is not a plan).
    pub fn load(path: &Path, limits: &Limits) -> Result<Edition, String> {
        let name = {
            let n = path.display().to_string();
            n.strip_prefix("./").map(str::to_owned).unwrap_or(n)
        };
        // A path the configuration made absolute is named from the current folder, as the
        // checked files are.
        let name = std::env::current_dir()
            .ok()
            .and_then(|cwd| Some(path.strip_prefix(cwd).ok()?.display().to_string()))
            .unwrap_or(name);
        let bytes = crate::source::read_file(path, limits.max_bytes)
            .map_err(|e| format!("cannot read the previous edition {name}: {e}"))?;
        Edition::from_bytes(&name, bytes, limits)
    }

    /// The previous edition from its bytes; `name` says what it is (its extension) and names it.
    pub fn from_bytes(name: &str, bytes: Vec<u8>, limits: &Limits) -> Result<Edition, String> {
        let not_a_plan = |why: &str| format!("the previous edition {name} is not a plan that can be compared: {why}");
        let (shown, yaml, imported) = match DocumentKind::of(name) {
            Some(kind) => {
                let imported = import::import(name, bytes, kind).map_err(|e| not_a_plan(&e.message))?;
                let yaml = SourceFile::new(name, imported.emitted.yaml.clone());
                (Arc::new(SourceFile::new(name, imported.source_text.clone())), Some(yaml), Some(imported))
            }
            None => {
                let source = check::decode(name, bytes)
                    .map_err(|r| not_a_plan(r.diagnostics.first().map_or("not text", |d| d.message.as_str())))?;
                (Arc::new(source), None, None)
            }
        };
        let loaded = yaml::load(yaml.as_ref().unwrap_or(&shown), limits);
        if let Some(d) = loaded.diagnostics.iter().find(|d| matches!(d.rule.code, "Y001" | "Y003")) {
            return Err(not_a_plan(&d.message));
        }
        let root = loaded
            .documents
            .into_iter()
            .flatten()
            .find(|r| r.get("body").is_some() || r.get("document").is_some())
            .ok_or_else(|| not_a_plan("it holds no plan (no `document:` or `body:`)"))?;
        Ok(Edition { shown, yaml, imported, root })
    }

    /// The previous edition the settings name ([`crate::config::Settings::previous`]), read:
    /// `None` when they name none, or name one by a pattern that does not exist (a section new
    /// in this edition); why not, when it cannot be read or is not a plan.
    pub fn for_settings(settings: &crate::config::Settings, limits: &Limits) -> Result<Option<Arc<Edition>>, String> {
        let Some(previous) = &settings.previous else { return Ok(None) };
        if previous.by_pattern && !previous.path.exists() {
            return Ok(None);
        }
        Edition::load(&previous.path, limits).map(|e| Some(Arc::new(e)))
    }

    /// The YAML text the model's spans are in.
    fn yaml(&self) -> &SourceFile {
        self.yaml.as_ref().unwrap_or(&self.shown)
    }
}

/// The previous edition's model, and how to name a place in it.
pub struct Previous<'a> {
    pub edition: &'a Edition,
    pub plan: Plan<'a>,
    map: Option<SourceMap<'a>>,
}

impl<'a> Previous<'a> {
    pub fn new(edition: &'a Edition, options: &CheckOptions) -> Previous<'a> {
        let mut plan = Plan::build(&edition.root);
        plan.meta.default_plan_year = options.settings.plan_year;
        let map = edition.imported.as_ref().map(|i| SourceMap::new(&i.emitted, &i.source_text));
        Previous { edition, plan, map }
    }

    /// The previous edition's name in messages: its symbol ("A/80/6 (Sect. 16)"), else its file.
    pub fn name(&self) -> String {
        self.plan
            .meta
            .texts
            .iter()
            .find(|(k, _)| *k == "symbol")
            .map_or_else(|| self.edition.shown.name.clone(), |(_, t)| t.value.trim().to_owned())
    }

    /// A label at `node` of the previous edition, in its own file: a line and a column of a YAML
    /// or Markdown file, or a place in words in a Word document.
    pub fn label(&self, node: &Node, message: impl Into<String>) -> Label {
        let span = node.report_span();
        let file = Some(OtherFile(self.edition.shown.clone()));
        let message = message.into();
        match (&self.map, self.edition.imported.as_ref().map(|i| i.kind)) {
            (Some(map), Some(DocumentKind::Docx)) => {
                Label { span: Span::empty(0), message, place: Some(map.word_place(span)), file }
            }
            (Some(map), _) => Label { span: map.span(span).unwrap_or(Span::empty(0)), message, place: None, file },
            (None, _) => Label { span, message, place: None, file },
        }
    }

    /// The text of the previous edition at `span` of its YAML (for tests and messages).
    pub fn yaml_text(&self, span: Span) -> &str {
        self.edition.yaml().slice(span)
    }
}

/// How a row of this edition matched one of the previous.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowMatch {
    /// The previous edition's row (an index into its table's rows).
    pub old: usize,
    /// By its text exactly (after [`normalize`]), or only by wording.
    pub exact: bool,
    /// Neither: the rows left over under one parent, as many in each edition and of the same
    /// kinds and item numbers, paired in order, or else an item left over with the number of
    /// one left over in the previous edition (an item reworded beyond recognition). Such a pair is not gone (P019), but its values
    /// are not compared.
    pub by_place: bool,
}

/// A deliverables table of this edition and its previous edition's.
#[derive(Debug)]
pub struct TableMatch {
    /// Body indexes of the table in this plan and in the previous.
    pub new: usize,
    pub old: usize,
    /// For each row of this table: the previous edition's row it matched.
    pub rows: Vec<Option<RowMatch>>,
    /// For each row of the previous edition's table: the row of this table that matched it.
    pub old_rows: Vec<Option<usize>>,
    /// For each column of this table: the previous edition's column of the same year and measure.
    pub columns: Vec<Option<usize>>,
}

/// A figure of this edition and its previous edition's, and their measures.
#[derive(Debug)]
pub struct FigureMatch {
    pub new: usize,
    pub old: usize,
    pub exact: bool,
    /// Pairs of series indexes (this figure's, the previous one's) that are the same measure.
    pub series: Vec<(usize, usize)>,
    /// The previous figure's measures (series indexes) that are none of this figure's: left over
    /// when every measure of this figure matched one by name or wording (with measures left over
    /// in both, which was renamed and which went cannot be told: none is said gone).
    pub gone: Vec<usize>,
}

/// The two editions' elements, matched.
pub struct Comparison<'a> {
    pub old: &'a Previous<'a>,
    pub tables: Vec<TableMatch>,
    pub figures: Vec<FigureMatch>,
}

impl<'a> Comparison<'a> {
    /// Match the elements of `new` with those of the previous edition.
    pub fn new(new: &Plan<'_>, old: &'a Previous<'a>) -> Comparison<'a> {
        let tables = match_tables(new, &old.plan);
        let figures = match_figures(new, &old.plan);
        Comparison { old, tables, figures }
    }

    /// The previous edition's table of a match.
    pub fn old_table(&self, m: &TableMatch) -> Option<&Table<'a>> {
        match &self.old.plan.body.get(m.old)?.kind {
            ElementKind::Table(t) => Some(t),
            _ => None,
        }
    }

    /// The previous edition's figure of a match.
    pub fn old_figure(&self, m: &FigureMatch) -> Option<&Figure<'a>> {
        match &self.old.plan.body.get(m.old)?.kind {
            ElementKind::Figure(f) => Some(f),
            _ => None,
        }
    }

    /// "table 16.6 of A/80/6 (Sect. 16)".
    pub fn old_element(&self, index: usize) -> String {
        let e = self.old.plan.body.get(index).map_or_else(|| "the plan".to_owned(), |e| e.describe());
        format!("{e} of {}", self.old.name())
    }
}

/// This plan's table of a match.
pub fn new_table<'p, 'a>(plan: &'p Plan<'a>, m: &TableMatch) -> Option<&'p Table<'a>> {
    match &plan.body.get(m.new)?.kind {
        ElementKind::Table(t) => Some(t),
        _ => None,
    }
}

/// This plan's figure of a match.
pub fn new_figure<'p, 'a>(plan: &'p Plan<'a>, m: &FigureMatch) -> Option<&'p Figure<'a>> {
    match &plan.body.get(m.new)?.kind {
        ElementKind::Figure(f) => Some(f),
        _ => None,
    }
}

/// A text as the matcher compares it: without footnote references, a leading number or letter
/// ("12.", "(a)", "A."), case, punctuation and repeated spaces.
pub fn normalize(s: &str) -> String {
    static MARKER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:\(?[0-9]{1,3}\)?\.?|\([a-zA-Z]{1,5}\)|[a-zA-Z]{1,4}\.|[A-Z]\.)\s+").unwrap()
    });
    let text = strip_refs(s);
    let text = MARKER.replace(&text, "");
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// How alike two normalised texts are: the Dice coefficient of their sets of words (1 when they
/// have the same words, 0 when none in common).
pub fn similarity(a: &str, b: &str) -> f64 {
    let mut x: Vec<&str> = a.split(' ').filter(|w| !w.is_empty()).collect();
    let mut y: Vec<&str> = b.split(' ').filter(|w| !w.is_empty()).collect();
    x.sort_unstable();
    x.dedup();
    y.sort_unstable();
    y.dedup();
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let common = x.iter().filter(|w| y.binary_search(w).is_ok()).count();
    2.0 * common as f64 / (x.len() + y.len()) as f64
}

/// A title without its years and periods ("for the period 2025–2027", "2024"), the
/// "Performance measure:" before it, and its footnote references, normalised.
pub fn title_key(title: &str) -> String {
    static YEARS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:for\s+the\s+period\s+)?\b(?:19|20)\d\d\b(?:\s*[–—-]\s*(?:19|20)?\d\d\b)?").unwrap()
    });
    static MEASURE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)^\s*performance\s+measures?\s*[:.–-]?\s*").unwrap());
    let title = strip_refs(title);
    let title = MEASURE.replace(&title, "");
    normalize(&YEARS.replace_all(&title, " "))
}

/// Pair up `new` and `old` items by key: equal keys first, in order; then, among those left, by
/// [`similarity`] at least `threshold` (the best pair first). Returns, for each new item, its
/// old item's index and whether the keys were equal.
fn pair(new: &[String], old: &[String], threshold: f64) -> Vec<Option<(usize, bool)>> {
    let mut out: Vec<Option<(usize, bool)>> = vec![None; new.len()];
    let mut taken = vec![false; old.len()];
    let mut by_key: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for (j, k) in old.iter().enumerate().rev() {
        by_key.entry(k.as_str()).or_default().push(j);
    }
    for (i, k) in new.iter().enumerate() {
        if k.is_empty() {
            continue;
        }
        if let Some(j) = by_key.get_mut(k.as_str()).and_then(Vec::pop) {
            out[i] = Some((j, true));
            taken[j] = true;
        }
    }
    // By wording, among what is left: the few rows of one parent, so all pairs are looked at.
    let left_new: Vec<usize> = (0..new.len()).filter(|&i| out[i].is_none() && !new[i].is_empty()).collect();
    let left_old: Vec<usize> = (0..old.len()).filter(|&j| !taken[j] && !old[j].is_empty()).collect();
    if left_new.is_empty() || left_old.is_empty() || left_new.len() * left_old.len() > 10_000 {
        return out;
    }
    let mut scored: Vec<(f64, usize, usize)> = Vec::new();
    for &i in &left_new {
        for &j in &left_old {
            let s = similarity(&new[i], &old[j]);
            if s >= threshold {
                scored.push((s, i, j));
            }
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, i, j) in scored {
        if out[i].is_none() && !taken[j] {
            out[i] = Some((j, false));
            taken[j] = true;
        }
    }
    out
}

fn deliverables<'p, 'a>(plan: &'p Plan<'a>) -> Vec<(usize, &'p Table<'a>)> {
    plan.tables().filter(|(_, t)| t.kind == TableKind::Deliverables).map(|(e, t)| (e.index, t)).collect()
}

fn match_tables(new: &Plan<'_>, old: &Plan<'_>) -> Vec<TableMatch> {
    let (new, old) = (deliverables(new), deliverables(old));
    let key = |t: &Table| t.title.map(|t| title_key(t.value)).unwrap_or_default();
    let new_keys: Vec<String> = new.iter().map(|(_, t)| key(t)).collect();
    let old_keys: Vec<String> = old.iter().map(|(_, t)| key(t)).collect();
    pair(&new_keys, &old_keys, 1.0)
        .into_iter()
        .enumerate()
        .filter_map(|(i, m)| {
            let (j, _) = m?;
            let (nt, ot) = (new[i].1, old[j].1);
            let (rows, old_rows) = match_rows(nt, ot);
            let columns = nt
                .columns
                .iter()
                .map(|c| {
                    let (year, measure) = (c.year?, c.measure?);
                    ot.columns.iter().position(|o| o.year == Some(year) && o.measure == Some(measure))
                })
                .collect();
            Some(TableMatch { new: new[i].0, old: old[j].0, rows, old_rows, columns })
        })
        .collect()
}

/// The rows of a table's tree under `parent` (`None`: the top level).
fn children(table: &Table<'_>, parent: Option<usize>) -> Vec<usize> {
    match parent {
        Some(p) => table.rows[p].children.clone(),
        None => table.rows.iter().filter(|r| r.kind.depth().is_some() && r.parent.is_none()).map(|r| r.index).collect(),
    }
}

fn row_key(row: &Row<'_>) -> String {
    row.label.map(|t| normalize(t.value)).unwrap_or_default()
}

fn match_rows(new: &Table<'_>, old: &Table<'_>) -> (Vec<Option<RowMatch>>, Vec<Option<usize>>) {
    let mut rows = vec![None; new.rows.len()];
    let mut old_rows = vec![None; old.rows.len()];
    // Level by level: the children of each matched pair, starting from the top. Each row is
    // visited once, so this is linear in the rows (plus the pairs of unmatched siblings).
    let mut pending: Vec<(Option<usize>, Option<usize>)> = vec![(None, None)];
    while let Some((np, op)) = pending.pop() {
        let (nc, oc) = (children(new, np), children(old, op));
        // Only rows of the same kind match: keys carry the kind.
        let keyed = |t: &Table, list: &[usize]| -> Vec<String> {
            list.iter().map(|&i| format!("{:?} {}", t.rows[i].kind, row_key(&t.rows[i]))).collect()
        };
        let (nk, ok) = (keyed(new, &nc), keyed(old, &oc));
        // A row without a label has only its kind as its key: it matches nothing.
        let blank = |k: &String| k.ends_with(' ');
        let nk: Vec<String> = nk.into_iter().map(|k| if blank(&k) { String::new() } else { k }).collect();
        let ok: Vec<String> = ok.into_iter().map(|k| if blank(&k) { String::new() } else { k }).collect();
        let mut link = |i: usize, j: usize, exact: bool, by_place: bool| {
            rows[nc[i]] = Some(RowMatch { old: oc[j], exact, by_place });
            old_rows[oc[j]] = Some(nc[i]);
            pending.push((Some(nc[i]), Some(oc[j])));
        };
        let mut taken = vec![false; oc.len()];
        let mut left = Vec::new();
        for (i, m) in pair(&nk, &ok, ROW_SIMILARITY).into_iter().enumerate() {
            match m {
                // Wording alone never pairs rows of different kinds (the kind is a word of the key).
                Some((j, exact)) if new.rows[nc[i]].kind == old.rows[oc[j]].kind => {
                    taken[j] = true;
                    link(i, j, exact, false);
                }
                _ => left.push(i),
            }
        }
        // What is left, as many rows of each kind and number in each edition: the same rows,
        // reworded.
        let old_left: Vec<usize> = (0..oc.len()).filter(|&j| !taken[j] && !ok[j].is_empty()).collect();
        let kinds = |t: &Table, list: &[usize], idx: &[usize]| -> Vec<(RowKind, Option<u32>)> {
            idx.iter().map(|&i| (t.rows[list[i]].kind, t.rows[list[i]].item_number)).collect()
        };
        let left: Vec<usize> = left.into_iter().filter(|&i| !nk[i].is_empty()).collect();
        if !left.is_empty() && kinds(new, &nc, &left) == kinds(old, &oc, &old_left) {
            for (&i, &j) in left.iter().zip(&old_left) {
                link(i, j, false, true);
            }
        } else {
            // Otherwise, the numbered items that kept their number: item 7 is item 7, reworded.
            let (nkinds, okinds) = (kinds(new, &nc, &left), kinds(old, &oc, &old_left));
            for (a, &i) in left.iter().enumerate() {
                let number = nkinds[a];
                if number.1.is_none() {
                    continue;
                }
                let same: Vec<usize> = (0..old_left.len()).filter(|&b| okinds[b] == number).collect();
                if let [b] = same[..] {
                    link(i, old_left[b], false, true);
                }
            }
        }
    }
    (rows, old_rows)
}

fn match_figures(new: &Plan<'_>, old: &Plan<'_>) -> Vec<FigureMatch> {
    let list = |p: &'_ Plan<'_>| -> Vec<(usize, String)> {
        p.figures().map(|(e, f)| (e.index, f.title.map(|t| title_key(t.value)).unwrap_or_default())).collect()
    };
    let (nf, of) = (list(new), list(old));
    let nk: Vec<String> = nf.iter().map(|(_, k)| k.clone()).collect();
    let ok: Vec<String> = of.iter().map(|(_, k)| k.clone()).collect();
    let figure = |p: &Plan<'_>, i: usize| -> Vec<String> {
        match &p.body[i].kind {
            ElementKind::Figure(f) => {
                f.series.iter().map(|s| s.name.map(|n| title_key(n.value)).unwrap_or_default()).collect()
            }
            _ => Vec::new(),
        }
    };
    pair(&nk, &ok, FIGURE_SIMILARITY)
        .into_iter()
        .enumerate()
        .filter_map(|(i, m)| {
            let (j, exact) = m?;
            let (ns, os) = (figure(new, nf[i].0), figure(old, of[j].0));
            // One measure each: the same measure, whatever its name. Several: by name.
            let series: Vec<(usize, usize)> = if ns.len() == 1 && os.len() == 1 {
                vec![(0, 0)]
            } else {
                pair(&ns, &os, FIGURE_SIMILARITY).into_iter().enumerate().filter_map(|(a, m)| Some((a, m?.0))).collect()
            };
            let left = |names: &[String], side: fn(&(usize, usize)) -> usize| -> Vec<usize> {
                (0..names.len()).filter(|k| !series.iter().any(|p| side(p) == *k)).collect()
            };
            let (new_left, old_left) = (left(&ns, |p| p.0), left(&os, |p| p.1));
            // Only when every measure here is accounted for: with some left on both sides, which
            // was renamed and which went cannot be told.
            let gone = if new_left.is_empty() { old_left } else { Vec::new() };
            Some(FigureMatch { new: nf[i].0, old: of[j].0, exact, series, gone })
        })
        .collect()
}

/// A cell of this edition's table and the same cell of the previous edition's: the same row
/// (matched) and the same column (year and measure).
pub struct CellPair<'p, 'a, 'b> {
    pub element: &'p Element<'a>,
    pub table: &'p Table<'a>,
    pub row: &'p Row<'a>,
    pub col: usize,
    pub cell: &'p Cell<'a>,
    pub old_element: usize,
    pub old_row: &'p Row<'b>,
    pub old_cell: &'p Cell<'b>,
    /// Whether the rows matched by their text exactly, or only by wording.
    pub exact: bool,
    /// Whether the rows were paired only by their place ([`RowMatch::by_place`]).
    pub by_place: bool,
}

impl CellPair<'_, '_, '_> {
    /// The column's header, for messages: "column “2026 planned”".
    pub fn column(&self) -> String {
        self.table.columns.get(self.col).map_or_else(|| format!("value {}", self.col + 1), |c| c.describe())
    }

    /// The measure of the column (both editions' columns have the same).
    pub fn measure(&self) -> Option<Measure> {
        self.table.columns.get(self.col).and_then(|c| c.measure)
    }

    /// The previous edition's cell as a label: "line item 4 “…” of table 16.6 of A/80/6
    /// (Sect. 16): 40", said to be matched by wording when it was.
    pub fn old_label(&self, cmp: &Comparison<'_>, value: &str) -> Label {
        let how = if self.exact { "" } else { "matched by wording: " };
        let message = format!("{how}{} in {}: {value}", row_name(self.old_row), cmp.old_element(self.old_element));
        cmp.old.label(self.old_cell.node, message)
    }
}

impl CellPair<'_, '_, '_> {
    /// Whether the rows can be compared value by value: not when this edition's row carries a
    /// note the previous edition's did not (the note says what changed: "Includes … listed in
    /// A/80/6 as a separate item", "Presented in A/80/6 as 1. … and 2. …"), nor when it was
    /// matched only by wording and carries a note.
    pub fn comparable(&self) -> bool {
        let noted = |r: &Row<'_>| r.label.is_some_and(|t| t.value.contains("[^"));
        !self.by_place && (!noted(self.row) || (self.exact && noted(self.old_row)))
    }

    /// Whether a change of this cell is marked: the cell gives the previous value in brackets or
    /// carries a footnote; or, for a total, a row under it is marked so in this column (the
    /// tables bracket the line items, and the totals change with them).
    pub fn marked(&self) -> bool {
        fn any_marked(table: &Table<'_>, row: &Row<'_>, col: usize) -> bool {
            table.children(row).any(|c| {
                c.cells
                    .get(col)
                    .is_some_and(|cell| cell.alternative.is_some() || cell.text.is_some_and(|t| t.contains("[^")))
                    || any_marked(table, c, col)
            })
        }
        self.cell.alternative.is_some()
            || self.cell.text.is_some_and(|t| t.contains("[^"))
            || any_marked(self.table, self.row, self.col)
    }
}

/// Whether two values are the same figure: equal, or equal at the precision of the one with
/// fewer decimals (86.98 printed as 87, 87.17 as 87.2 in the next edition's chart).
pub fn same_value(a: f64, b: f64) -> bool {
    fn decimals(v: f64) -> i32 {
        (0..6)
            .find(|&d| {
                let scaled = v * 10f64.powi(d);
                (scaled - scaled.round()).abs() < 1e-6
            })
            .unwrap_or(6)
    }
    if a == b {
        return true;
    }
    let d = decimals(a).min(decimals(b));
    let scale = 10f64.powi(d);
    (a * scale).round() == (b * scale).round()
}

/// Every cell of this plan's deliverables tables that the previous edition also has, in order.
pub fn cell_pairs<'p, 'a>(plan: &'p Plan<'a>, cmp: &'p Comparison<'a>, mut f: impl FnMut(CellPair<'p, 'a, 'a>)) {
    for m in &cmp.tables {
        let (Some(element), Some(old_table)) = (plan.body.get(m.new), cmp.old_table(m)) else { continue };
        let ElementKind::Table(table) = &element.kind else { continue };
        for (row, rm) in table.rows.iter().zip(&m.rows) {
            let Some(rm) = rm else { continue };
            let old_row = &old_table.rows[rm.old];
            for (col, cell) in row.cells.iter().enumerate() {
                let Some(Some(old_col)) = m.columns.get(col) else { continue };
                let Some(old_cell) = old_row.cells.get(*old_col) else { continue };
                f(CellPair {
                    element,
                    table,
                    row,
                    col,
                    cell,
                    old_element: m.old,
                    old_row,
                    old_cell,
                    exact: rm.exact,
                    by_place: rm.by_place,
                });
            }
        }
    }
}

/// A point of a measure of this edition's figure and the same year of the same measure of the
/// previous edition's figure.
pub struct PointPair<'p, 'a> {
    pub element: &'p Element<'a>,
    pub figure: &'p Figure<'a>,
    pub series: &'p Series<'a>,
    pub point: &'p Point<'a>,
    pub old_element: usize,
    pub old_series: &'p Series<'a>,
    pub old_point: &'p Point<'a>,
    /// Whether the figures matched by their titles exactly, or only by wording.
    pub exact: bool,
}

impl PointPair<'_, '_> {
    /// "figure 16.3", with the measure's name for a chart of several.
    pub fn measure(&self) -> String {
        match self.series.name {
            Some(n) => format!("{} (“{}”)", self.element.describe(), shorten(&strip_refs(n.value), 50)),
            None => self.element.describe(),
        }
    }

    /// The previous edition's point as a label: "2024 actual in figure 16.2 of A/80/6: 36".
    pub fn old_label(&self, cmp: &Comparison<'_>, what: &str, value: &str) -> Label {
        let how = if self.exact { "" } else { "matched by wording: " };
        let message = format!("{how}{what} in {}: {value}", cmp.old_element(self.old_element));
        let node = self.old_point.actual.map_or(self.old_point.node, |v| v.node);
        cmp.old.label(node, message)
    }
}

/// Every point of this plan's figures whose year the same measure of the previous edition also
/// shows, in order.
pub fn point_pairs<'p, 'a>(plan: &'p Plan<'a>, cmp: &'p Comparison<'a>, mut f: impl FnMut(PointPair<'p, 'a>)) {
    for m in &cmp.figures {
        let (Some(element), Some(old_figure)) = (plan.body.get(m.new), cmp.old_figure(m)) else { continue };
        let ElementKind::Figure(figure) = &element.kind else { continue };
        for &(a, b) in &m.series {
            let (Some(series), Some(old_series)) = (figure.series.get(a), old_figure.series.get(b)) else { continue };
            for point in &series.data {
                let Some(year) = point.year else { continue };
                let Some(old_point) = old_series.data.iter().find(|p| p.year.is_some_and(|y| y.value == year.value))
                else {
                    continue;
                };
                f(PointPair {
                    element,
                    figure,
                    series,
                    point,
                    old_element: m.old,
                    old_series,
                    old_point,
                    exact: m.exact,
                });
            }
        }
    }
}

/// A row as findings name it: "line item 5 “The Conference of the States Parties…”".
pub fn row_name(row: &Row<'_>) -> String {
    static NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*[0-9]{1,3}\.?\s+").unwrap());
    let described = row.describe();
    match (row.item_number, row.label) {
        (Some(_), Some(t)) => {
            let text = strip_refs(t.value);
            format!("{described} “{}”", shorten(&NUMBER.replace(&text, ""), 50))
        }
        _ => described,
    }
}

/// A cell's value as the editions are compared: a number, a dash as 0; blank and text are not
/// compared.
pub fn compared(q: crate::model::Quantity) -> Option<f64> {
    match q {
        crate::model::Quantity::Number(v) => Some(v),
        crate::model::Quantity::Dash => Some(0.0),
        _ => None,
    }
}

/// A value as printed in messages: `40`, `8.5`, `–` for none.
pub fn show(v: f64) -> String {
    if v == 0.0 { "–".to_owned() } else { crate::model::fmt_number(v) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_normalised_without_numbers_and_punctuation() {
        assert_eq!(normalize("10. On anti-corruption[^a]"), "on anti corruption");
        assert_eq!(normalize("(b) World Forum"), "world forum");
        assert_eq!(
            normalize("A. Facilitation of the intergovernmental process"),
            "facilitation of the intergovernmental process"
        );
        assert_eq!(normalize("Meetings of:"), "meetings of");
        assert_eq!(normalize("36 Meetings of the Commission"), "meetings of the commission");
        assert_eq!(
            title_key("Subprogramme 3: deliverables for the period 2025–2027, by category and subcategory"),
            "subprogramme 3 deliverables by category and subcategory"
        );
        assert_eq!(
            title_key("Performance measure: number of States (cumulative)"),
            title_key("Performance measure: Number of States (cumulative)")
        );
    }

    #[test]
    fn pairs_by_key_then_by_wording() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let new = s(&["on economic crime", "on anti corruption", "on the fight against corruption and bribery"]);
        let old = s(&["on anti corruption", "on the fight against corruption and bribery of officials"]);
        assert_eq!(pair(&new, &old, ROW_SIMILARITY), vec![None, Some((0, true)), Some((1, false))]);
        assert!(similarity("a b", "a c") < ROW_SIMILARITY);
        assert_eq!(similarity("", "a"), 0.0);
    }

    #[test]
    fn values_are_the_same_at_the_precision_of_the_less_precise() {
        assert!(same_value(87.0, 86.98) && same_value(87.2, 87.17) && same_value(40.0, 40.0));
        assert!(!same_value(30.0, 40.0) && !same_value(87.3, 87.17) && !same_value(35.0, 36.0));
    }
}
