//! From a flat list of [`Block`]s to a [`Plan`]: the part both readers share.
//!
//! The document's structure is recognised from its text and styles, the way a reader does:
//! "6.16" at the start of a paragraph numbers it; "(a)" makes a lettered item of the paragraph
//! before; "Table 6.2" alone on a line captions the table that follows, and the next paragraph is
//! its title; a table whose header reads "Category and subcategory | 2024 planned | …" is a
//! deliverables table, whose rows are categories ("A. …"), subcategories (bold, with their unit
//! "(number of documents)" and totals), line items ("1. …") and free-text rows.

use super::chart;
use super::ir::{
    Block, Cell, Figure, Footnote, Item, ItemKind, Loc, Para, Plan, RawTable, Row, RowKind, Table, TableKind, TableRow,
    Text,
};
use crate::diagnostic::Place;
use crate::model::{Quantity, parse_quantity};
use regex::Regex;
use std::sync::LazyLock;

/// Which reader the blocks come from: Word places are words, Markdown places are offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Markdown,
    Word,
}

static CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(Table|Figure)\s+((?:[0-9]+[A-Z]?(?:\.(?:[0-9]+|[IVXLC]+))*|[A-Z](?:\.(?:[0-9]+|[IVXLC]+))+|[IVXLC]+))\s*\.?(?:\s*\n\s*(.*))?$")
        .unwrap()
});
static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^((?:[0-9]+[A-Z]?(?:\.[IVXLC]+)?|[A-Z])\.[0-9]+(?:\.[0-9]+)?)\.?(?:\s+|$)").unwrap());
static LETTERED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\((?:[a-z]{1,2}|[ivx]+)\)\s").unwrap());
static FOOTNOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\[\^([^\]\s]+)\]|(\*{1,4})(?:\s|$))\s*(.*)$").unwrap());
static NAME_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?:Subprogramme|Programme)\s+[0-9]+[A-Z]?[.,]?(?:\s+[Cc]omponent\s+[0-9]+\.?)?|Component\s+[0-9]+\.?)$",
    )
    .unwrap()
});
static CATEGORY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[A-H]\.\s+\S").unwrap());
static ITEM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[0-9]+\.\s").unwrap());
/// "Parliamentary documentation (number of documents)", "… (three-hour meetings with
/// interpretation)", "… (thousands of words)": a name and the unit it is counted in.
static UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.*?)\s*\(((?:number|percentage|days|thousands|millions|[a-z-]*\s*(?:meetings|documents|publications|materials|projects|events|missions|sessions|pages|words|hours))\b[^()]*)\)\s*:?\s*$").unwrap()
});
static YEAR_COLUMN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*(19|20)[0-9]{2}\s*\(?\s*(planned|actual|estimate|approved)").unwrap());
static PLAN_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^Proposed programme budget for ((?:19|20)[0-9]{2})$").unwrap());
static SUBTITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^Draft proposed programme plan for ((?:19|20)[0-9]{2}) and programme performance (?:for|in) ((?:19|20)[0-9]{2})")
        .unwrap()
});
static NUMBERED_META: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(Part|Section|Programme)\s+([0-9]+[A-Z]?|[IVXLC]+)$").unwrap());
static SESSION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[A-Z][a-z]+(?:-[a-z]+)?\s+session$").unwrap());
static AGENDA: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^Items?\s.*\bof the preliminary list").unwrap());
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[0-9]{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+[0-9]{4}$")
        .unwrap()
});
static SYMBOL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b([A-Z]{1,3}) ?/ ?([0-9]{2}) ?/ ?([0-9]+)((?: ?\(Sect\. ?[0-9]+[A-Z]?\))?(?: ?/ ?Add\.[0-9]+)?(?: ?/ ?Part [A-Z]\b)?)",
    )
        .unwrap()
});

/// The caption being read: "Table 6.2" and what follows it until the table or chart.
struct Caption {
    figure: bool,
    number: Text,
    title: Option<Text>,
    unit: Option<Text>,
    labels: Vec<Text>,
    loc: Loc,
}

struct Builder {
    source: Source,
    plan: Plan,
    caption: Option<Caption>,
    /// Index in `body` of the paragraph lettered items attach to.
    open_paragraph: Option<usize>,
    /// Whether the last content block could be continued by a line that starts in lower case.
    can_continue: bool,
    /// After a "Contents" heading: tables are the table of contents, up to the next heading.
    skip_contents: bool,
    /// Whether the body proper has started (a numbered paragraph was seen).
    started: bool,
    /// The metadata field the next paragraph is the title of.
    expect: Option<&'static str>,
    /// Header and footer texts (Word), for the symbol.
    header_texts: Vec<String>,
    /// Where pictures without a caption are (the index of the next body item).
    loose_images: Vec<usize>,
}

/// Build the plan from the document's blocks. `name` is the file name (a last resort for the
/// symbol); `header_texts` are the page headers of a Word document.
pub fn build(blocks: Vec<Block>, source: Source, header_texts: Vec<String>) -> Plan {
    let mut b = Builder {
        source,
        plan: Plan::default(),
        caption: None,
        open_paragraph: None,
        can_continue: false,
        skip_contents: false,
        started: false,
        expect: None,
        header_texts,
        loose_images: Vec::new(),
    };
    for block in blocks {
        b.block(block);
    }
    b.flush_caption();
    b.finish_meta();
    bare_numbered_paragraphs(&mut b.plan);
    picture_notes(&mut b.plan, &b.loose_images);
    if source == Source::Word {
        assign_places(&mut b.plan);
    }
    b.plan
}

/// A document that numbers its paragraphs without its section's number ("103. Progress towards
/// …", as the addenda of section 3 do): when no paragraph carries a section's number and most
/// unnumbered paragraphs open with a number that follows the one before, those are its
/// paragraphs. A list that happens to open some paragraphs with "1." does not make them so.
fn bare_numbered_paragraphs(plan: &mut Plan) {
    static BARE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^([0-9]{1,4})\.\s+\S").unwrap());
    if plan.body.iter().any(|i| matches!(i.kind, ItemKind::Paragraph { .. })) {
        return;
    }
    let numbered: Vec<(usize, u32)> = plan
        .body
        .iter()
        .enumerate()
        .filter_map(|(i, item)| match &item.kind {
            // A sentence, not a title ("11. United Nations Integrated Transition Assistance Mission
            // in Sudan" is a heading without a heading's style).
            ItemKind::Prose(t) if !looks_like_title(&t.value) => {
                BARE.captures(&t.value).and_then(|c| c[1].parse().ok()).map(|n| (i, n))
            }
            _ => None,
        })
        .collect();
    let follows = numbered.windows(2).filter(|w| w[1].1 == w[0].1 + 1).count();
    if numbered.len() < 10 || follows * 10 < (numbered.len() - 1) * 8 {
        return;
    }
    for (i, _) in numbered {
        let item = &mut plan.body[i];
        let ItemKind::Prose(t) = &item.kind else { continue };
        let digits = t.value.find('.').unwrap_or(0);
        let rest = t.value[digits + 1..].len() - t.value[digits + 1..].trim_start().len();
        let number = t.slice(0..digits);
        let text = t.slice(digits + 1 + rest..t.value.len());
        item.kind = ItemKind::Paragraph { number, text, items: Vec::new() };
    }
}

/// "11. United Nations Integrated Transition Assistance Mission in Sudan": a short line that
/// ends without a stop and capitalises its words is a title, not a paragraph.
fn looks_like_title(v: &str) -> bool {
    const SMALL: [&str; 8] = ["of", "in", "the", "and", "for", "on", "to", "a"];
    let words: Vec<&str> = v.split_whitespace().skip(1).collect();
    let ends = v.trim_end().ends_with(['.', ':', ';']);
    let big = words.iter().filter(|w| !SMALL.contains(w)).filter(|w| w.starts_with(char::is_uppercase)).count();
    let counted = words.iter().filter(|w| !SMALL.contains(w)).count();
    !ends && words.len() <= 15 && big * 5 >= counted * 4
}

fn para_text(p: &Para) -> Text {
    p.text.squash()
}

impl Builder {
    fn push(&mut self, item: Item) {
        self.plan.body.push(item);
    }

    fn block(&mut self, block: Block) {
        match block {
            Block::Para(p) => self.para(p),
            Block::Table(t) => self.table(t),
            Block::Chart(chart, loc) => self.chart(chart, loc),
            Block::Image(loc) => self.image(loc),
            Block::Break => {}
        }
    }

    // ---- paragraphs ------------------------------------------------------------------------

    fn para(&mut self, p: Para) {
        let notes = p.notes.clone();
        // A paragraph holding line breaks may be a caption and its title ("Table 16.3\nPerformance measure").
        let raw = p.text.trim();
        if raw.value.is_empty() {
            self.push_notes(&notes);
            return;
        }
        if let Some(c) = CAPTION.captures(&raw.value) {
            self.flush_caption();
            let number = raw.slice(c.get(2).unwrap().range());
            let title = c.get(3).filter(|m| !m.as_str().trim().is_empty()).map(|m| raw.slice(m.range()).squash());
            self.caption = Some(Caption {
                figure: &c[1] == "Figure",
                number,
                title,
                unit: None,
                labels: Vec::new(),
                loc: raw.loc.clone(),
            });
            self.can_continue = false;
            self.push_notes(&notes);
            return;
        }
        let text = para_text(&p);
        if self.caption_takes(&text) {
            self.push_notes(&notes);
            return;
        }
        self.flush_caption();
        if !self.started && self.meta(&text, &p) {
            self.push_notes(&notes);
            return;
        }
        self.content(text, &p);
        self.push_notes(&notes);
    }

    /// Footnotes from Word's footnotes.xml, after the paragraph or table that refers to them.
    fn push_notes(&mut self, notes: &[(String, Text)]) {
        for (marker, text) in notes {
            let marker = Text::synthetic(marker.clone(), text.loc.clone());
            let text = text.squash();
            let loc = text.loc.clone();
            self.push(Item::new(ItemKind::Footnote(Footnote { marker, text, loc: loc.clone() }), loc));
        }
    }

    /// Whether a pending caption takes this paragraph as its title, unit or axis labels.
    fn caption_takes(&mut self, text: &Text) -> bool {
        let Some(c) = &mut self.caption else { return false };
        let v = text.value.as_str();
        if c.title.is_none() {
            if NUMBERED.is_match(v) {
                return false;
            }
            c.title = Some(text.clone());
            return true;
        }
        // A footnote marker alone under a caption ("a" in superscript): part of the title.
        static MARKERS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:\[\^[^\]\s]+\]\s*)+$").unwrap());
        if MARKERS.is_match(v) {
            if let Some(t) = &mut c.title {
                t.append(text);
            }
            return true;
        }
        let bracketed = (v.starts_with('(') && v.ends_with(')')) || (v.starts_with('[') && v.ends_with(']'));
        if bracketed && v.len() < 160 {
            // Axis labels "(actual) (actual) (planned)", perhaps after the unit: "(percentage) (actual) …".
            let is_label = |w: &Text| {
                let w = w.value.trim_start_matches('(').trim_end_matches(')');
                w == "actual" || w == "planned" || w.starts_with("actual[^") || w.starts_with("planned[^")
            };
            let words = split_words(text);
            let all_labels = words.len() > 1 && words.iter().all(is_label);
            let unit_then_labels = words.len() > 2
                && !is_label(&words[0])
                && words[0].value.starts_with('(')
                && words[0].value.ends_with(')')
                && words[1..].iter().all(is_label);
            if all_labels {
                c.labels = words;
            } else if unit_then_labels {
                let unit = &words[0];
                if c.unit.is_none() {
                    c.unit = Some(unit.slice(1..unit.value.len() - 1).trim());
                }
                c.labels = words[1..].to_vec();
            } else if c.unit.is_none() && !v.starts_with("(1)") && !v.starts_with("(2)") {
                c.unit = Some(text.slice(1..v.len() - 1).trim());
            } else if let Some(t) = &mut c.title {
                t.push_synthetic(" ");
                t.append(text);
            }
            return true;
        }
        // "(1) Regular budget" under a table caption: part of the title.
        if !c.figure && (v.starts_with("(1)") || v.starts_with("(2)") || v.starts_with("(3)")) && v.len() < 80 {
            if let Some(t) = &mut c.title {
                t.push_synthetic(" ");
                t.append(text);
            }
            return true;
        }
        false
    }

    /// A figure or table caption that no chart or table followed.
    fn flush_caption(&mut self) {
        let Some(c) = self.caption.take() else { return };
        let title = c.title.clone().unwrap_or_else(|| Text::synthetic("", c.loc.clone()));
        if c.figure {
            let loc = c.loc.join(&title.loc);
            let fig = Figure { number: Some(c.number), title, unit: c.unit, labels: c.labels, series: Vec::new() };
            self.push(Item::new(ItemKind::Figure(fig), loc));
        } else {
            let loc = c.loc.join(&title.loc);
            let kind = kind_from_title(&title.value).unwrap_or(TableKind::Other);
            let t = Table {
                number: Some(c.number),
                title,
                kind,
                label_header: None,
                columns: Vec::new(),
                rows: Vec::new(),
            };
            self.push(Item::new(ItemKind::Table(t), loc));
        }
        self.can_continue = false;
        self.open_paragraph = None;
    }

    fn is_heading(&self, text: &str, p: &Para) -> Option<u8> {
        if let Some(l) = p.style.heading {
            return Some(l);
        }
        let short = text.chars().count() <= 300;
        if p.style.bold && short && !p.style.list {
            return Some(3);
        }
        if p.style.italic && short && !text.ends_with('.') && !p.style.list {
            return Some(4);
        }
        None
    }

    fn content(&mut self, text: Text, p: &Para) {
        let v = text.value.clone();
        // "*A/80/50": a symbol note written without a space after its marker.
        static STAR_SYMBOL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(\*{1,3})[A-Z]{1,3}/[0-9]").unwrap());
        if let Some(c) = STAR_SYMBOL.captures(&v).filter(|_| !self.started) {
            let n = c[1].len();
            let note = Footnote { marker: text.slice(0..n), text: text.slice(n..v.len()), loc: text.loc.clone() };
            self.plan.meta.notes.push(note);
            return;
        }
        // A footnote.
        if let Some(c) = FOOTNOTE.captures(&v) {
            let is_note = c.get(1).is_some() || p.style.footnote || !self.started || v.len() < 400;
            let body = c.get(3).map_or(0..0, |m| m.range());
            if is_note && !body.is_empty() {
                static NEXT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s\[\^([a-z]{1,3})\]\s+\S").unwrap());
                let marker_range = c.get(1).or(c.get(2)).unwrap().range();
                // A legend of several notes in one paragraph: "ra Reassignment. rc Reclassification."
                let mut notes = Vec::new();
                let mut marker = marker_range;
                let mut start = body.start;
                if c.get(1).is_some_and(|m| m.as_str().chars().all(|c| c.is_ascii_lowercase())) {
                    for n in NEXT.captures_iter(&v[body.start..]) {
                        let m = n.get(1).unwrap();
                        let (ms, me) = (body.start + m.start(), body.start + m.end());
                        notes.push((marker.clone(), start..body.start + n.get(0).unwrap().start()));
                        marker = ms..me;
                        start = me + 1;
                    }
                }
                notes.push((marker, start..v.len()));
                for (marker, body) in notes {
                    let marker = text.slice(marker);
                    let note_text = text.slice(body).trim();
                    let loc = text.loc.clone();
                    let note = Footnote { marker, text: note_text, loc: loc.clone() };
                    if !self.started && note.marker.value.starts_with('*') {
                        self.plan.meta.notes.push(note);
                    } else {
                        self.push(Item::new(ItemKind::Footnote(note), loc));
                    }
                }
                return;
            }
        }
        if let Some(level) = self.is_heading(&v, p) {
            if v.trim_end_matches(':').eq_ignore_ascii_case("contents") {
                self.skip_contents = true;
                return;
            }
            // In a deliverables table that Markdown broke off: "C. Substantive deliverables".
            if self.extend_deliverables(&text, true) {
                return;
            }
            let loc = text.loc.clone();
            self.skip_contents = false;
            // "Subprogramme 1" / "Climate action": one heading on two lines.
            if let Some(Item { kind: ItemKind::Heading { text: prev, .. }, loc: prev_loc, .. }) =
                self.plan.body.last_mut()
                && NAME_ONLY.is_match(&prev.value)
            {
                prev.push_synthetic(" ");
                prev.append(&text);
                *prev_loc = prev_loc.join(&loc);
                return;
            }
            self.push(Item::new(ItemKind::Heading { text, level }, loc));
            self.open_paragraph = None;
            self.can_continue = false;
            return;
        }
        if let Some(m) = NUMBERED.find(&v) {
            let number_end = v[..m.end()].trim_end().trim_end_matches('.').len();
            let number = text.slice(0..number_end);
            let body = text.slice(m.end()..v.len());
            let loc = text.loc.clone();
            self.started = true;
            self.push(Item::new(ItemKind::Paragraph { number, text: body, items: Vec::new() }, loc));
            self.open_paragraph = Some(self.plan.body.len() - 1);
            self.can_continue = true;
            return;
        }
        if LETTERED.is_match(&v)
            && let Some(i) = self.open_paragraph
            && let Some(item) = self.plan.body.get_mut(i)
            && let ItemKind::Paragraph { items, .. } = &mut item.kind
        {
            item.loc = item.loc.join(&text.loc);
            items.push(text);
            self.can_continue = true;
            return;
        }
        if self.extend_deliverables(&text, false) {
            return;
        }
        // Markdown: a paragraph broken by a page ("… fast-developing nature" / "of these crimes").
        if self.source == Source::Markdown
            && self.can_continue
            && v.chars().next().is_some_and(|c| c.is_lowercase())
            && self.continue_last(&text)
        {
            return;
        }
        let loc = text.loc.clone();
        self.push(Item::new(ItemKind::Prose(text), loc));
        self.open_paragraph = None;
        self.can_continue = true;
    }

    /// Append a continuation line to the last paragraph, item or prose.
    fn continue_last(&mut self, text: &Text) -> bool {
        let Some(item) = self.plan.body.iter_mut().rev().find(|i| !matches!(i.kind, ItemKind::Footnote(_))) else {
            return false;
        };
        let target = match &mut item.kind {
            ItemKind::Paragraph { text, items, .. } => items.last_mut().unwrap_or(text),
            ItemKind::Prose(t) => t,
            _ => return false,
        };
        target.push_synthetic(" ");
        target.append(text);
        item.loc = item.loc.join(&text.loc);
        true
    }

    /// Markdown breaks deliverables tables: "C. Substantive deliverables" as a heading and
    /// "**Consultation, advice and advocacy:** …" as paragraphs after the table. Put them back.
    fn extend_deliverables(&mut self, text: &Text, heading: bool) -> bool {
        if self.source != Source::Markdown {
            return false;
        }
        let Some(last) = self.plan.body.last_mut() else { return false };
        let ItemKind::Table(t) = &mut last.kind else { return false };
        if t.kind != TableKind::Deliverables {
            return false;
        }
        let v = &text.value;
        let category = CATEGORY.is_match(v) && v.len() < 120 && (v.to_lowercase().contains("deliverables") || heading);
        let in_free_text = t.rows.iter().rev().find(|r| r.kind == RowKind::Category).is_some_and(|r| {
            r.label.as_ref().is_some_and(|l| {
                let l = l.value.to_lowercase();
                l.contains("substantive") || l.contains("communication") || l.contains("enabling")
            })
        });
        let row = if category {
            RowKind::Category
        } else if !heading && in_free_text && v.find(':').is_some_and(|i| i < 120) {
            RowKind::Text
        } else {
            return false;
        };
        last.loc = last.loc.join(&text.loc);
        t.rows.push(Row {
            kind: row,
            label: Some(text.clone()),
            unit: None,
            values: Vec::new(),
            loc: text.loc.clone(),
            comment: None,
        });
        true
    }

    // ---- metadata ----------------------------------------------------------------------------

    /// Front matter: the title, part, section, programme, session, agenda. Returns whether the
    /// paragraph was taken.
    fn meta(&mut self, text: &Text, p: &Para) -> bool {
        let v = text.value.as_str();
        let m = &mut self.plan.meta;
        // A footnote between "Programme 23" and its title does not take the title's place.
        if FOOTNOTE.is_match(v) && self.expect.is_some() {
            return false;
        }
        if let Some(key) = self.expect.take() {
            let slot = match key {
                "part" => &mut m.part,
                "section" => &mut m.section,
                _ => &mut m.programme,
            };
            if let Some((_, title)) = slot
                && title.is_none()
                && !NUMBERED_META.is_match(v)
                && !PLAN_TITLE.is_match(v)
            {
                *title = Some(text.clone());
                return true;
            }
        }
        if let Some(c) = PLAN_TITLE.captures(v) {
            if m.title.is_none() {
                m.title = Some(text.clone());
                m.plan_year = c[1].parse().ok().map(|y| (y, text.loc.clone()));
            }
            return true;
        }
        if let Some(c) = SUBTITLE.captures(v)
            && m.subtitle.is_none()
        {
            m.subtitle = Some(text.clone());
            if m.plan_year.is_none() {
                m.plan_year = c[1].parse().ok().map(|y| (y, text.loc.clone()));
            }
            m.performance_year = c[2].parse().ok().map(|y| (y, text.loc.clone()));
            return true;
        }
        if let Some(c) = NUMBERED_META.captures(v) {
            let number = text.slice(c.get(2).unwrap().range());
            let (slot, key) = match &c[1] {
                "Part" => (&mut m.part, "part"),
                "Section" => (&mut m.section, "section"),
                _ => (&mut m.programme, "programme"),
            };
            if slot.is_none() {
                *slot = Some((number, None));
                self.expect = Some(key);
                return true;
            }
            return false;
        }
        if v == "Programme planning" {
            return true;
        }
        if m.symbol.is_none() && SYMBOL.find(v).is_some_and(|s| s.start() == 0 && s.end() == v.len()) {
            m.symbol = Some(text.clone());
            return true;
        }
        if m.session.is_none() && SESSION.is_match(v) && !v.starts_with("Reconvened") {
            m.session = Some(text.clone());
            return true;
        }
        if m.agenda.is_none() && AGENDA.is_match(v) {
            m.agenda = Some(text.clone());
            return true;
        }
        if m.date.is_none() && DATE.is_match(v) && !p.style.bold {
            m.date = Some(text.clone());
            return true;
        }
        if m.language.is_none() && v == "English only" {
            m.language = Some(text.clone());
            return true;
        }
        false
    }

    fn finish_meta(&mut self) {
        let m = &mut self.plan.meta;
        if m.symbol.is_none() {
            // The first page's header gives the symbol, often with the marker of the note that
            // says what the document is ("A/81/6 (Sect. 13)/Part A*"): keep the marker, so that
            // the note counts as referenced. Running headers repeat the symbol without it.
            let mut found: Option<(String, bool)> = None;
            for h in &self.header_texts {
                for c in SYMBOL.captures_iter(h) {
                    let rest = c[4].replace(' ', "").replace("(Sect.", " (Sect. ").replace("/Part", "/Part ");
                    let symbol = format!("{}/{}/{}{}", &c[1], &c[2], &c[3], rest.trim_end());
                    let stars: String = h[c.get(0).unwrap().end()..].chars().take_while(|&ch| ch == '*').collect();
                    let symbol = if (1..=3).contains(&stars.len()) { format!("{symbol}[^{stars}]") } else { symbol };
                    let marked = !stars.is_empty();
                    if found.as_ref().is_none_or(|(_, m)| !m && marked) {
                        found = Some((symbol, marked));
                    }
                }
            }
            if let Some((symbol, _)) = found {
                m.symbol = Some(Text::synthetic(symbol.trim(), Loc::place(place("the page header"))));
            }
        }
        if m.symbol.is_none() {
            // A draft has no symbol yet: A/(plan year − 1946)/6 (Sect. N) is the one it will have.
            let derived = match (&m.plan_year, &m.section) {
                (Some((y, _)), Some((n, _))) => Some(format!("A/{}/6 (Sect. {})", y - 1946, n.value)),
                (Some((y, _)), None) => Some(format!("A/{}/6", y - 1946)),
                _ => None,
            };
            let loc = m.title.as_ref().map(|t| t.loc.clone()).unwrap_or_default();
            match derived {
                Some(s) => {
                    self.plan.uncertain.push((
                        format!("the document states no symbol; `{s}` is derived from its plan year and section"),
                        loc.clone(),
                    ));
                    m.symbol = Some(Text::synthetic(s, Loc::default()));
                }
                None => {
                    self.plan
                        .uncertain
                        .push(("the document states no symbol; write it in `document.symbol`".into(), loc.clone()));
                    m.symbol = Some(Text::synthetic("", Loc::default()));
                }
            }
        }
        if m.title.is_none() {
            self.plan.uncertain.push((
                "no title “Proposed programme budget for YEAR” was found; the plan year is unknown".into(),
                Loc::default(),
            ));
        }
    }

    // ---- tables, charts, pictures ------------------------------------------------------------

    fn table(&mut self, mut raw: RawTable) {
        let notes = raw.notes.clone();
        let cell_notes = Self::cell_footnotes(&mut raw);
        if self.skip_contents && self.caption.is_none() {
            self.contents(&raw);
            return;
        }
        let caption = self.caption.take();
        match caption {
            Some(c) if c.figure => {
                // A table where a figure was announced: the axis labels of a picture (Markdown).
                let mut c = c;
                let cells: Vec<Text> = raw.rows.iter().flat_map(|r| r.cells.iter()).map(|c| c.text.squash()).collect();
                if raw.rows.len() <= 2 && cells.iter().all(|t| t.value.is_empty() || YEAR_COLUMN.is_match(&t.value)) {
                    c.labels = cells.into_iter().filter(|t| !t.value.is_empty()).collect();
                    self.caption = Some(c);
                    self.push_notes(&notes);
                    return;
                }
                self.caption = Some(c);
                self.flush_caption();
                self.unnumbered_table(raw);
            }
            Some(c) => {
                let title = c.title.clone().unwrap_or_else(|| Text::synthetic("", c.loc.clone()));
                let loc = c.loc.join(&title.loc).join(&raw.loc);
                let (table, uncertain) = convert_table(&raw, Some(c.number), title);
                let mut item = Item::new(ItemKind::Table(table), loc);
                item.uncertain = uncertain;
                self.push(item);
            }
            None => {
                if !self.continue_table(&raw) {
                    self.unnumbered_table(raw);
                }
            }
        }
        self.open_paragraph = None;
        self.can_continue = false;
        self.push_notes(&notes);
        for n in cell_notes {
            let loc = n.loc.clone();
            self.push(Item::new(ItemKind::Footnote(n), loc));
        }
    }

    /// A table of contents: each row's text and page ("Foreword . . . . .  2").
    fn contents(&mut self, raw: &RawTable) {
        static LEADER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:\s*[.…]){3,}\s*$").unwrap());
        static PAGE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:[0-9]+|[ivxlc]+|x+)$").unwrap());
        for r in &raw.rows {
            let mut cells: Vec<Text> = r.cells.iter().map(cell_text).filter(|t| !t.value.is_empty()).collect();
            let page = match cells.last() {
                Some(p) if cells.len() > 1 && PAGE.is_match(&p.value) => cells.pop(),
                _ => None,
            };
            let text = Text::join(&cells, " ");
            let cut = LEADER.find(&text.value).map_or(text.value.len(), |m| m.start());
            let text = text.slice(0..cut).trim();
            if text.value.is_empty() || text.value.eq_ignore_ascii_case("page") {
                continue;
            }
            self.plan.contents.push((text, page));
        }
    }

    /// Footnotes written inside table cells ("<sup>1</sup> In particular …" in a cell of a
    /// mandates list): taken out of the table and placed after it.
    fn cell_footnotes(raw: &mut RawTable) -> Vec<Footnote> {
        static NOTE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\[\^([0-9a-z*]{1,4})\]\s*(\S.{15,})$").unwrap());
        let mut notes = Vec::new();
        for r in &mut raw.rows {
            for c in &mut r.cells {
                let t = c.text.squash();
                if let Some(m) = NOTE.captures(&t.value) {
                    let marker = t.slice(m.get(1).unwrap().range());
                    let text = t.slice(m.get(2).unwrap().range());
                    let loc = t.loc.clone();
                    notes.push(Footnote { marker, text, loc });
                    c.text = Text::synthetic("", c.text.loc.clone());
                }
            }
        }
        raw.rows.retain(|r| !row_is_empty(r));
        notes
    }

    fn unnumbered_table(&mut self, raw: RawTable) {
        // The heading just before an unnumbered table is its title ("General Assembly resolutions").
        let title = match self.plan.body.last() {
            Some(Item { kind: ItemKind::Heading { text, .. }, .. }) if text.value.len() < 200 => {
                let t = text.clone();
                self.plan.body.pop();
                t
            }
            _ => Text::synthetic("", raw.loc.clone()),
        };
        let loc = title.loc.join(&raw.loc);
        let (table, uncertain) = convert_table(&raw, None, title);
        if table.rows.is_empty() {
            return;
        }
        let mut item = Item::new(ItemKind::Table(table), loc);
        item.uncertain = uncertain;
        self.push(item);
    }

    /// Markdown: a table broken by a page ("Table 16.27" goes on after a blank line, sometimes
    /// with its header again).
    fn continue_table(&mut self, raw: &RawTable) -> bool {
        if self.source != Source::Markdown {
            return false;
        }
        let Some(last) = self.plan.body.last_mut() else { return false };
        let ItemKind::Table(t) = &mut last.kind else { return false };
        if t.kind != TableKind::Deliverables {
            return false;
        }
        let width = raw.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        if width != t.columns.len() + 1 {
            return false;
        }
        let header: Vec<String> = t.columns.iter().map(|c| c.value.clone()).collect();
        let mut rows = raw.rows.clone();
        rows.retain(|r| {
            let texts: Vec<String> = r.cells.iter().skip(1).map(|c| c.text.squash().value).collect();
            texts != header
        });
        let more = RawTable { rows, loc: raw.loc.clone(), notes: Vec::new() };
        let (converted, _) = deliverables_rows(&more, &t.columns);
        let mut converted = converted;
        // A first row that continues the last item's label ("… HIV/AIDS prevention," / "treatment and care").
        if let (Some(first), Some(prev)) = (converted.first(), t.rows.last_mut())
            && is_label_continuation(first, prev)
        {
            let first = converted.remove(0);
            if let (Some(l), Some(more)) = (&mut prev.label, &first.label) {
                l.push_synthetic(" ");
                l.append(more);
            }
        }
        t.rows.extend(converted);
        last.loc = last.loc.join(&raw.loc);
        true
    }

    fn chart(&mut self, chart: Result<super::ir::Chart, String>, loc: Loc) {
        let caption = self.caption.take();
        let Some(c) = caption.filter(|c| c.figure) else {
            // A chart with no "Figure N" caption: attach it to the figure just before, if it has no data.
            if let Some(Item { kind: ItemKind::Figure(f), uncertain, .. }) = self.plan.body.last_mut()
                && f.series.is_empty()
            {
                let (series, notes) = chart::to_series(&chart, &loc, self.plan.meta.plan_year.as_ref().map(|y| y.0));
                f.series = series;
                uncertain.extend(notes);
                return;
            }
            // Said at the element it follows, so that the place is known.
            match self.plan.body.last_mut() {
                Some(item) => item
                    .uncertain
                    .push("the chart after it has no “Figure” caption before it: it is not imported".into()),
                None => self.plan.uncertain.push(("a chart with no “Figure” caption is not imported".into(), loc)),
            }
            return;
        };
        let title = c.title.clone().unwrap_or_else(|| Text::synthetic("", c.loc.clone()));
        let (series, notes) = chart::to_series(&chart, &loc, self.plan.meta.plan_year.as_ref().map(|y| y.0));
        let item_loc = c.loc.join(&title.loc);
        let fig = Figure { number: Some(c.number), title, unit: c.unit, labels: c.labels, series };
        let mut item = Item::new(ItemKind::Figure(fig), item_loc);
        item.uncertain = notes;
        self.push(item);
        self.open_paragraph = None;
        self.can_continue = false;
    }

    fn image(&mut self, loc: Loc) {
        let Some(c) = self.caption.take() else {
            self.loose_images.push(self.plan.body.len());
            return;
        };
        if !c.figure {
            self.caption = Some(c);
            return;
        }
        let number = c.number.value.clone();
        self.caption = Some(c);
        self.flush_caption();
        if let Some(item) = self.plan.body.last_mut() {
            item.loc = item.loc.join(&loc);
            let _ = number;
            item.uncertain.push("it is a picture, not a chart: its values are not imported".into());
        }
    }
}

/// Every footnote marker the plan's texts refer to.
fn referenced_markers(plan: &Plan) -> std::collections::HashSet<String> {
    static REF: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\[\^([^\]\s]+)\]").unwrap());
    let mut texts: Vec<&Text> = Vec::new();
    let m = &plan.meta;
    texts.extend([&m.title, &m.subtitle, &m.entity, &m.session, &m.agenda, &m.date].into_iter().flatten());
    texts.extend(plan.contents.iter().map(|(t, _)| t));
    for item in &plan.body {
        match &item.kind {
            ItemKind::Heading { text, .. } | ItemKind::Prose(text) => texts.push(text),
            ItemKind::Paragraph { text, items, .. } => {
                texts.push(text);
                texts.extend(items);
            }
            ItemKind::Footnote(n) => texts.push(&n.text),
            ItemKind::Table(t) => {
                texts.push(&t.title);
                texts.extend(&t.columns);
                for r in &t.rows {
                    texts.extend(r.label.iter().chain(&r.unit).chain(&r.values));
                }
            }
            ItemKind::Figure(f) => {
                texts.push(&f.title);
                texts.extend(f.unit.iter().chain(&f.labels));
            }
        }
    }
    texts.iter().flat_map(|t| REF.captures_iter(&t.value).map(|c| c[1].to_owned())).collect()
}

/// Notes on a picture ("a Establishment." under an organization chart drawn as a picture): their
/// markers are inside the picture, which cannot be read. Imported as unnumbered paragraphs, and
/// said, rather than as footnotes that nothing seems to refer to.
fn picture_notes(plan: &mut Plan, images: &[usize]) {
    if images.is_empty() {
        return;
    }
    let referenced = referenced_markers(plan);
    for &at in images {
        for item in plan.body.iter_mut().skip(at) {
            let ItemKind::Footnote(n) = &item.kind else {
                if matches!(item.kind, ItemKind::Prose(_) | ItemKind::Heading { .. }) {
                    continue;
                }
                break;
            };
            let marker = n.marker.value.clone();
            if referenced.contains(&marker) || marker.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            let mut text = n.marker.clone();
            text.push_synthetic(" ");
            text.append(&n.text);
            item.uncertain.push(format!(
                "note {marker} refers to a marker inside the picture above, which cannot be read: imported as an unnumbered paragraph"
            ));
            item.kind = ItemKind::Prose(text);
        }
    }
}

fn split_words(text: &Text) -> Vec<Text> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.value.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push(text.slice(s..i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(text.slice(s..text.value.len()));
    }
    out
}

fn kind_from_title(title: &str) -> Option<TableKind> {
    let t = title.to_lowercase();
    if t.contains("deliverables") {
        Some(TableKind::Deliverables)
    } else if t.starts_with("performance measure") {
        Some(TableKind::PerformanceMeasure)
    } else {
        None
    }
}

// ---- tables -----------------------------------------------------------------------------------

/// A row's cells laid out on the header's columns: each column's text (cells that start inside
/// the column's grid range, joined), and whether a single cell spans the whole row.
fn cell_text(c: &Cell) -> Text {
    if c.merged { Text::synthetic("", c.text.loc.clone()) } else { c.text.squash() }
}

fn row_is_empty(r: &TableRow) -> bool {
    r.cells.iter().all(|c| cell_text(c).value.is_empty())
}

/// The header row of a table with year columns ("2024 planned"), and its index.
fn find_year_header(raw: &RawTable) -> Option<usize> {
    raw.rows.iter().take(6).position(|r| {
        r.cells.iter().skip(1).filter(|c| YEAR_COLUMN.is_match(&cell_text(c).value)).count() >= 2
            || r.cells
                .first()
                .is_some_and(|c| cell_text(c).value.to_lowercase().starts_with("category and subcategory"))
    })
}

/// Columns as grid ranges, with their header text.
fn columns_of(row: &TableRow) -> Vec<(std::ops::Range<usize>, Text)> {
    row.cells.iter().map(|c| (c.col..c.col + c.span.max(1), cell_text(c))).collect()
}

/// The text of a row under each column (by grid range). Each cell goes under the first column
/// its grid range overlaps that no earlier cell of the row took: Word tables whose data cells are
/// drawn one narrow grid column off their header's spans still read one value per column.
fn values_under(row: &TableRow, columns: &[(std::ops::Range<usize>, Text)]) -> Vec<Text> {
    let mut under: Vec<Vec<&Cell>> = vec![Vec::new(); columns.len()];
    let mut next = 0;
    for c in &row.cells {
        let end = c.col + c.span.max(1);
        let mut overlapping = (0..columns.len()).filter(|&i| columns[i].0.start < end && c.col < columns[i].0.end);
        let Some(first) = overlapping.next() else { continue };
        let last = overlapping.next_back().unwrap_or(first);
        let i = if first >= next {
            first
        } else if last >= next {
            next
        } else {
            last
        };
        under[i].push(c);
        next = i + 1;
    }
    under
        .into_iter()
        .map(|cells| {
            let parts: Vec<Text> = cells.iter().map(|c| cell_text(c)).filter(|t| !t.value.is_empty()).collect();
            match parts.len() {
                0 => Text::synthetic("", cells.first().map(|c| c.text.loc.clone()).unwrap_or_default()),
                1 => parts.into_iter().next().unwrap(),
                _ => Text::join(&parts, " "),
            }
        })
        .collect()
}

/// Build a plan table from a grid of cells.
fn convert_table(raw: &RawTable, number: Option<Text>, title: Text) -> (Table, Vec<String>) {
    let mut uncertain = Vec::new();
    let by_title = kind_from_title(&title.value);
    let header_at = find_year_header(raw);
    // "Category and subcategory" heads the label column of a deliverables table; "Category" alone
    // heads resource tables, and year columns alone head performance measures and compliance rates.
    let header_is_deliverables = header_at.is_some_and(|i| {
        raw.rows[i]
            .cells
            .first()
            .is_some_and(|c| cell_text(c).value.to_lowercase().starts_with("category and subcategor"))
    });
    let kind = match by_title {
        Some(TableKind::Deliverables) if header_at.is_some() => TableKind::Deliverables,
        Some(TableKind::Deliverables) => TableKind::Other,
        Some(k) => k,
        None if header_is_deliverables && header_at.is_some() => TableKind::Deliverables,
        None => TableKind::Other,
    };
    let mut table = Table { number, title, kind, label_header: None, columns: Vec::new(), rows: Vec::new() };
    match kind {
        TableKind::Deliverables => {
            let h = header_at.unwrap();
            let mut cols = columns_of(&raw.rows[h]);
            let label = cols.remove(0);
            if !label.1.value.is_empty() {
                table.label_header = Some(label.1.clone());
            }
            // The label column takes the grid columns before the first value column.
            let first_value_col = cols.first().map_or(1, |c| c.0.start);
            let columns: Vec<Text> = cols.iter().map(|c| c.1.clone()).collect();
            let body = RawTable {
                rows: raw.rows[h + 1..]
                    .iter()
                    .filter(|r| {
                        let texts: Vec<String> = values_under(r, &cols).into_iter().map(|t| t.value).collect();
                        let header: Vec<String> = columns.iter().map(|c| c.value.clone()).collect();
                        texts != header || header.iter().all(String::is_empty)
                    })
                    .cloned()
                    .collect(),
                loc: raw.loc.clone(),
                notes: Vec::new(),
            };
            let (rows, notes) = deliverables_rows_grid(&body, &cols, first_value_col);
            table.columns = columns;
            table.rows = rows;
            uncertain.extend(notes);
        }
        TableKind::PerformanceMeasure | TableKind::Other => {
            let header_rows = header_rows(raw, header_at);
            let start = header_rows.as_ref().map_or(0, |h| h.end);
            let cols = header_rows.map(|h| {
                let cols = header_columns(&raw.rows[h]);
                table.columns = cols.iter().map(|c| c.1.clone()).collect();
                cols
            });
            for r in &raw.rows[start..] {
                if row_is_empty(r) {
                    continue;
                }
                let values = match &cols {
                    Some(cols) => values_under(r, cols),
                    None => r.cells.iter().filter(|c| !c.merged).map(cell_text).collect(),
                };
                let loc = values.iter().fold(Loc::default(), |l, v| l.join(&v.loc));
                table.rows.push(Row { kind: RowKind::Values, label: None, unit: None, values, loc, comment: None });
            }
            if table.columns.iter().all(|c| c.value.is_empty()) {
                table.columns.clear();
            }
        }
    }
    (table, uncertain)
}

/// The header rows of a table that is not a deliverables table: the rows Word repeats on every
/// page, or the row with year columns and those above it, or a guessed single header row.
fn header_rows(raw: &RawTable, year_header: Option<usize>) -> Option<std::ops::Range<usize>> {
    let marked = raw.rows.iter().take_while(|r| r.header).count();
    if marked > 0 && marked < raw.rows.len() {
        return Some(0..marked);
    }
    if let Some(h) = year_header {
        return Some(0..h + 1);
    }
    guess_header(raw).map(|h| h..h + 1)
}

/// Columns from several header rows: the grid of the row with the most cells, each labelled with
/// the texts of every header cell above it ("Changes Technical adjustments").
fn header_columns(rows: &[TableRow]) -> Vec<(std::ops::Range<usize>, Text)> {
    let Some(grid) = rows.iter().filter(|r| !row_is_empty(r)).max_by_key(|r| r.cells.len()) else {
        return Vec::new();
    };
    columns_of(grid)
        .into_iter()
        .map(|(range, _)| {
            let mut parts: Vec<Text> = Vec::new();
            for r in rows {
                for c in &r.cells {
                    let covers = c.col < range.end && range.start < c.col + c.span.max(1);
                    let t = cell_text(c);
                    if covers && !t.value.is_empty() && !parts.iter().any(|p| p.value == t.value) {
                        parts.push(t);
                    }
                }
            }
            let label = if parts.is_empty() { Text::default() } else { Text::join(&parts, " ") };
            (range, label)
        })
        .collect()
}

/// A header row for tables without year columns: a row Word marks as a header, or a first row
/// in italics or bold (Markdown's `<i>` header cells) followed by other rows.
fn guess_header(raw: &RawTable) -> Option<usize> {
    let first = raw.rows.iter().position(|r| !row_is_empty(r))?;
    let r = &raw.rows[first];
    if raw.rows.len() > first + 1 && (r.header || r.cells.iter().all(|c| c.bold && !cell_text(c).value.is_empty())) {
        return Some(first);
    }
    None
}

fn deliverables_rows(raw: &RawTable, columns: &[Text]) -> (Vec<Row>, Vec<String>) {
    let cols: Vec<(std::ops::Range<usize>, Text)> =
        columns.iter().enumerate().map(|(i, t)| (i + 1..i + 2, t.clone())).collect();
    deliverables_rows_grid(raw, &cols, 1)
}

/// Whether `row` continues the label of `prev` (a line item broken over two lines).
fn is_label_continuation(row: &Row, prev: &Row) -> bool {
    prev.kind == RowKind::Item
        && matches!(row.kind, RowKind::Text)
        && row.label.as_ref().is_some_and(|l| l.value.chars().next().is_some_and(char::is_lowercase))
}

/// A row of a deliverables table as read, before its kind is decided.
struct Line {
    label: Text,
    values: Vec<Text>,
    loc: Loc,
    all_bold: bool,
    /// "12. On …", or a number followed by a tab ("36<TAB>On …").
    numbered: bool,
}

impl Line {
    fn has_values(&self) -> bool {
        self.values.iter().any(|v| !v.value.is_empty())
    }

    /// Every value is a dash or blank: a header row, not a total.
    fn only_dashes(&self) -> bool {
        self.values.iter().all(|v| v.value.is_empty() || v.value == "–" || v.value == "-")
    }

    /// "Meetings with interpretation for:", "Reports of:": a short label ending in a colon.
    fn colon_header(&self) -> bool {
        let v = self.label.value.as_str();
        v.ends_with(':') && v.len() < 80 && !v[..v.len() - 1].contains(':')
    }
}

/// "(a) …", "a. …", "(iv) …", "ii. …": a sub-item under the line item above it.
static SUBITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\((?:[a-z]{1,2}|[ivx]{1,5})\)|(?:[a-z]|[ivx]{1,5})\.)\s").unwrap());

fn deliverables_rows_grid(
    raw: &RawTable,
    cols: &[(std::ops::Range<usize>, Text)],
    first_value_col: usize,
) -> (Vec<Row>, Vec<String>) {
    static NUMBER_TAB: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*[0-9]{1,3}\s*\t").unwrap());
    let mut lines: Vec<Line> = Vec::new();
    for r in &raw.rows {
        if row_is_empty(r) {
            continue;
        }
        let label_cells: Vec<&Cell> = r.cells.iter().filter(|c| c.col < first_value_col && !c.merged).collect();
        let spans_all = r.cells.len() == 1 || label_cells.iter().any(|c| c.col + c.span > first_value_col);
        let label_parts: Vec<Text> = label_cells.iter().map(|c| cell_text(c)).filter(|t| !t.value.is_empty()).collect();
        let label = Text::join(&label_parts, " ").squash();
        let numbered = ITEM.is_match(&label.value)
            || label_cells.first().is_some_and(|c| NUMBER_TAB.is_match(c.text.value.trim_start_matches(['\t', ' '])));
        let values: Vec<Text> = if spans_all {
            Vec::new()
        } else {
            values_under(r, cols).into_iter().map(|v| normalize_quantity(&v)).collect()
        };
        lines.push(Line {
            label,
            values,
            loc: r.cells.iter().fold(Loc::default(), |l, c| l.join(&c.text.loc)),
            all_bold: label_cells.first().is_some_and(|c| c.bold),
            numbered,
        });
    }
    let mut rows: Vec<Row> = Vec::new();
    // Whether a subcategory is open in the current category, and a group in that subcategory.
    let (mut in_subcategory, mut group_open) = (false, false);
    for (i, line) in lines.iter().enumerate() {
        let lv = line.label.value.as_str();
        let has_values = line.has_values();
        if lv.is_empty() && !has_values {
            continue;
        }
        let mut row = Row {
            kind: RowKind::Text,
            label: Some(line.label.clone()),
            unit: None,
            values: if has_values { line.values.clone() } else { Vec::new() },
            loc: line.loc.clone(),
            comment: None,
        };
        let next_is_numbered_item = lines.get(i + 1).is_some_and(|n| n.numbered);
        if lv.is_empty() {
            row.kind = RowKind::Values;
            row.label = None;
        } else if CATEGORY.is_match(lv) && lv.len() < 120 {
            row.kind = RowKind::Category;
            row.values.clear();
            (in_subcategory, group_open) = (false, false);
        } else if line.numbered {
            row.kind = RowKind::Item;
        } else if SUBITEM.is_match(lv) {
            row.kind = RowKind::Subitem;
        } else if let Some((name, unit)) = subcategory_parts(&line.label, line.all_bold) {
            row.kind = RowKind::Subcategory;
            row.label = Some(name);
            row.unit = unit;
            (in_subcategory, group_open) = (true, false);
        } else if line.colon_header() && (!has_values || line.only_dashes()) {
            // "Reports of:" — a header that gathers the items after it; its dashes are not totals.
            row.kind = RowKind::Group;
            if has_values {
                row.comment = Some("a header row: its dashes are not totals".into());
                row.values.clear();
            }
            group_open = in_subcategory;
        } else if line.colon_header() {
            // "Meetings with interpretation for:" with its own totals: a subtotal in the subcategory.
            row.kind = RowKind::Group;
            group_open = in_subcategory;
        } else if has_values && !in_subcategory {
            // An unnumbered row with values directly under a category is its subcategory,
            // whatever its unit says.
            row.kind = RowKind::Subcategory;
            (in_subcategory, group_open) = (true, false);
        } else if has_values
            && next_is_numbered_item
            && (group_open || rows.last().is_some_and(|r| r.kind == RowKind::Subcategory))
        {
            // An unnumbered row with values at the head of a subcategory (or after another
            // group), followed by its numbered items: a group subtotal ("New York", "Geneva").
            row.kind = RowKind::Group;
            group_open = true;
        } else if has_values {
            row.kind = RowKind::Item;
        } else {
            row.kind = RowKind::Text;
        }
        if let Some(prev) = rows.last_mut()
            && is_label_continuation(&row, prev)
        {
            if let (Some(l), Some(more)) = (&mut prev.label, &row.label) {
                l.push_synthetic(" ");
                l.append(more);
            }
            continue;
        }
        rows.push(row);
    }
    (rows, Vec::new())
}

/// "Parliamentary documentation (number of documents)" in bold: the name and the unit.
fn subcategory_parts(label: &Text, all_bold: bool) -> Option<(Text, Option<Text>)> {
    let v = label.value.as_str();
    if ITEM.is_match(v) || CATEGORY.is_match(v) || SUBITEM.is_match(v) {
        return None;
    }
    if let Some(c) = UNIT.captures(v) {
        let name = label.slice(c.get(1).unwrap().range()).trim();
        let unit = label.slice(c.get(2).unwrap().range()).trim();
        // "Consultation, advice and advocacy: advice to … (…)" is free text, not a name; a name
        // may end in a colon ("Field and technical cooperation projects related to:").
        if !name.value.is_empty() && !name.value.trim_end_matches(':').contains(": ") {
            return Some((name, Some(unit)));
        }
    }
    if all_bold && v.len() < 120 && !v.trim_end_matches(':').contains(": ") {
        return Some((label.clone(), None));
    }
    None
}

/// A deliverables cell as a quantity: other dashes as `–`, "1 000" as `1000`.
fn normalize_quantity(v: &Text) -> Text {
    let s = v.value.trim();
    if s.is_empty() {
        return Text::synthetic("", v.loc.clone());
    }
    if matches!(s, "‒" | "−" | "‑" | "\u{f02d}" | "—") {
        return Text::synthetic("–", v.loc.clone());
    }
    let without_spaces: String = s.chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')).collect();
    if without_spaces != s && parse_quantity(&without_spaces).0 != Quantity::Text && !s.contains('[') {
        return Text::synthetic(without_spaces, v.loc.clone());
    }
    v.trim()
}

// ---- places (Word) --------------------------------------------------------------------------

fn place(description: impl Into<String>) -> Place {
    Place { description: description.into(), ..Place::default() }
}

fn set_place(t: &mut Text, p: &Place) {
    t.loc.place = Some(p.clone());
}

/// Word documents have no lines: give every element, row, cell and value a place in words.
fn assign_places(plan: &mut Plan) {
    let m = &mut plan.meta;
    let front = place("the front matter");
    for t in [&mut m.title, &mut m.subtitle, &mut m.entity, &mut m.session, &mut m.agenda, &mut m.date, &mut m.language]
        .into_iter()
        .flatten()
    {
        set_place(t, &front);
    }
    for (number, title) in [&mut m.part, &mut m.section, &mut m.programme].into_iter().flatten() {
        set_place(number, &front);
        if let Some(t) = title {
            set_place(t, &front);
        }
    }
    if let Some((_, loc)) = &mut m.plan_year {
        loc.place = Some(front.clone());
    }
    for n in &mut m.notes {
        let p = place(format!("note {} of the front matter", n.marker.value));
        n.loc.place = Some(p.clone());
        set_place(&mut n.marker, &p);
        set_place(&mut n.text, &p);
    }
    for (i, (text, page)) in plan.contents.iter_mut().enumerate() {
        let p = place(format!("contents entry {}", i + 1));
        set_place(text, &p);
        if let Some(page) = page {
            set_place(page, &p);
        }
    }
    for (_, loc) in &mut plan.uncertain {
        if loc.place.is_none() {
            loc.place = Some(front.clone());
        }
    }
    let mut last_heading = String::new();
    let mut unnumbered = 0;
    for item in &mut plan.body {
        match &mut item.kind {
            ItemKind::Heading { text, .. } => {
                let p = place(format!("heading “{}”", text.value.trim()));
                set_place(text, &p);
                item.loc.place = Some(p);
                last_heading = text.value.trim().to_owned();
            }
            ItemKind::Paragraph { number, text, items } => {
                let n = number.value.clone();
                let p = Place { description: format!("paragraph {n}"), paragraph: Some(n.clone()), ..Place::default() };
                set_place(number, &p);
                set_place(text, &p);
                for t in items.iter_mut() {
                    let letter = t.value.split(')').next().unwrap_or("").trim_start_matches('(').to_owned();
                    let ip = Place {
                        description: format!("paragraph {n}, item ({letter})"),
                        paragraph: Some(n.clone()),
                        ..Place::default()
                    };
                    set_place(t, &ip);
                }
                item.loc.place = Some(p);
            }
            ItemKind::Prose(text) => {
                unnumbered += 1;
                let p = place(format!(
                    "unnumbered paragraph “{}”{}",
                    text.value.trim(),
                    if last_heading.is_empty() { String::new() } else { format!(" under “{last_heading}”") }
                ));
                let _ = unnumbered;
                set_place(text, &p);
                item.loc.place = Some(p);
            }
            ItemKind::Footnote(n) => {
                let p = place(format!("footnote {}", n.marker.value));
                set_place(&mut n.marker, &p);
                set_place(&mut n.text, &p);
                n.loc.place = Some(p.clone());
                item.loc.place = Some(p);
            }
            ItemKind::Table(t) => {
                let name = match &t.number {
                    Some(n) => format!("table {}", n.value),
                    None if !t.title.value.is_empty() => format!("table “{}”", t.title.value.trim()),
                    None => format!("the table after “{last_heading}”"),
                };
                let number = t.number.as_ref().map(|n| n.value.clone());
                let tp = Place { description: name.clone(), table: number.clone(), ..Place::default() };
                if let Some(n) = &mut t.number {
                    set_place(n, &tp);
                }
                set_place(&mut t.title, &Place { description: format!("{name}, title"), ..tp.clone() });
                if let Some(h) = &mut t.label_header {
                    set_place(h, &Place { description: format!("{name}, header"), ..tp.clone() });
                }
                let col_names: Vec<String> =
                    t.columns.iter().map(|c| crate::model::strip_refs(&c.value).trim().to_owned()).collect();
                for (c, cname) in t.columns.iter_mut().zip(&col_names) {
                    set_place(
                        c,
                        &Place {
                            description: format!("{name}, column header “{cname}”"),
                            column: Some(cname.clone()),
                            ..tp.clone()
                        },
                    );
                }
                for (ri, r) in t.rows.iter_mut().enumerate() {
                    let row_name = match &r.label {
                        Some(l) => l.value.trim().to_owned(),
                        None => r
                            .values
                            .first()
                            .map(|v| v.value.trim().to_owned())
                            .filter(|s| !s.is_empty())
                            .unwrap_or_else(|| format!("{}", ri + 1)),
                    };
                    let rp = Place {
                        description: format!("{name}, row “{row_name}”"),
                        row: Some(row_name.clone()),
                        ..tp.clone()
                    };
                    r.loc.place = Some(rp.clone());
                    for x in r.label.iter_mut().chain(r.unit.iter_mut()) {
                        set_place(x, &rp);
                    }
                    for (ci, v) in r.values.iter_mut().enumerate() {
                        let cname = col_names
                            .get(ci)
                            .cloned()
                            .filter(|c| !c.is_empty())
                            .unwrap_or_else(|| format!("{}", ci + 1));
                        set_place(
                            v,
                            &Place {
                                description: format!("{name}, row “{row_name}”, column “{cname}”"),
                                column: Some(cname),
                                ..rp.clone()
                            },
                        );
                    }
                }
                item.loc.place = Some(tp);
            }
            ItemKind::Figure(f) => {
                let name = match &f.number {
                    Some(n) => format!("figure {}", n.value),
                    None => format!("the figure after “{last_heading}”"),
                };
                let fp = Place {
                    description: name.clone(),
                    figure: f.number.as_ref().map(|n| n.value.clone()),
                    ..Place::default()
                };
                if let Some(n) = &mut f.number {
                    set_place(n, &fp);
                }
                set_place(&mut f.title, &Place { description: format!("{name}, title"), ..fp.clone() });
                for x in f.unit.iter_mut().chain(f.labels.iter_mut()) {
                    set_place(x, &fp);
                }
                for s in &mut f.series {
                    // A chart of several measures names the measure: "figure 20.I, “Events …”, 2024".
                    let name = match &s.name {
                        Some(m) => format!("{name}, “{}”", crate::yaml::shorten(m, 60)),
                        None => name.clone(),
                    };
                    for p in &mut s.data {
                        p.loc.place = Some(Place { description: format!("{name}, {}", p.year), ..fp.clone() });
                        for (m, v) in [("planned", &mut p.planned), ("actual", &mut p.actual)] {
                            if let Some(v) = v {
                                v.loc.place = Some(Place {
                                    description: format!("{name}, {} {m} value", p.year),
                                    column: Some(format!("{} {m}", p.year)),
                                    ..fp.clone()
                                });
                            }
                        }
                    }
                }
                item.loc.place = Some(fp);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::ir::Style;

    fn para(s: &str) -> Block {
        Block::Para(Para { text: Text::synthetic(s, Loc::default()), style: Style::default(), notes: Vec::new() })
    }

    fn bold(s: &str) -> Block {
        Block::Para(Para {
            text: Text::synthetic(s, Loc::default()),
            style: Style { bold: true, ..Style::default() },
            notes: Vec::new(),
        })
    }

    fn cell(s: &str, col: usize, bold: bool) -> Cell {
        Cell {
            text: Text::synthetic(s, Loc::default()),
            bold_prefix: if bold { s.len() } else { 0 },
            bold,
            col,
            span: 1,
            merged: false,
        }
    }

    fn row(cells: &[&str], bold: bool) -> TableRow {
        TableRow { cells: cells.iter().enumerate().map(|(i, s)| cell(s, i, bold)).collect(), header: false }
    }

    #[test]
    fn paragraphs_items_captions_and_deliverables() {
        let mut sub = row(&["Parliamentary documentation (number of documents)", "3", "3", "2", "2"], true);
        sub.cells[0].bold_prefix = "Parliamentary documentation".len();
        sub.cells[0].bold = false;
        let blocks = vec![
            para("Proposed programme budget for 2026"),
            para("Section 6"),
            para("Peaceful uses of outer space"),
            bold("Programme performance in 2024"),
            para("6.16 The programme’s work contributed to 24 agencies."),
            para("(a) First item;"),
            para("Table 6.2"),
            para("Deliverables for the period 2024–2026, by category and subcategory"),
            Block::Table(RawTable {
                rows: vec![
                    row(
                        &["Category and subcategory", "2024 planned", "2024 actual", "2025 planned", "2026 planned"],
                        false,
                    ),
                    row(&["A. Facilitation of the intergovernmental process", "", "", "", ""], true),
                    sub,
                    row(&["Reports of:", "", "", "", ""], false),
                    row(&["1. The Committee", "1", "–", "1", "1"], false),
                    row(&["2. The Assembly", "2", "3", "‒", "1 000"], false),
                    row(&["Consultation, advice and advocacy: advisory services.", "", "", "", ""], false),
                ],
                loc: Loc::default(),
                notes: Vec::new(),
            }),
        ];
        let plan = build(blocks, Source::Word, vec!["United Nations A /80/6 (Sect. 6) General Assembly".into()]);
        assert_eq!(plan.meta.symbol.as_ref().unwrap().value, "A/80/6 (Sect. 6)");
        assert_eq!(plan.meta.plan_year.as_ref().unwrap().0, 2026);
        assert_eq!(plan.meta.section.as_ref().unwrap().1.as_ref().unwrap().value, "Peaceful uses of outer space");
        let kinds: Vec<&str> = plan
            .body
            .iter()
            .map(|i| match &i.kind {
                ItemKind::Heading { .. } => "heading",
                ItemKind::Paragraph { .. } => "paragraph",
                ItemKind::Table(_) => "table",
                _ => "other",
            })
            .collect();
        assert_eq!(kinds, ["heading", "paragraph", "table"]);
        let ItemKind::Paragraph { items, .. } = &plan.body[1].kind else { panic!() };
        assert_eq!(items.len(), 1);
        let ItemKind::Table(t) = &plan.body[2].kind else { panic!() };
        assert_eq!(t.kind, TableKind::Deliverables);
        let rows: Vec<(RowKind, String)> =
            t.rows.iter().map(|r| (r.kind, r.label.as_ref().map_or(String::new(), |l| l.value.clone()))).collect();
        assert_eq!(
            rows,
            [
                (RowKind::Category, "A. Facilitation of the intergovernmental process".into()),
                (RowKind::Subcategory, "Parliamentary documentation".into()),
                (RowKind::Group, "Reports of:".into()),
                (RowKind::Item, "1. The Committee".into()),
                (RowKind::Item, "2. The Assembly".into()),
                (RowKind::Text, "Consultation, advice and advocacy: advisory services.".into()),
            ]
        );
        assert_eq!(t.rows[1].unit.as_ref().unwrap().value, "number of documents");
        let values: Vec<&str> = t.rows[4].values.iter().map(|v| v.value.as_str()).collect();
        assert_eq!(values, ["2", "3", "–", "1000"]);
        let place = t.rows[4].values[3].loc.place.as_ref().unwrap();
        assert_eq!(place.description, "table 6.2, row “2. The Assembly”, column “2026 planned”");
    }

    /// The rows of a deliverables table as (kind, label) pairs.
    fn deliverables_kinds(rows: Vec<TableRow>) -> Vec<(RowKind, String)> {
        let mut all = vec![row(
            &["Category and subcategory", "2025 planned", "2025 actual", "2026 planned", "2027 planned"],
            false,
        )];
        all.extend(rows);
        let blocks = vec![
            para("Table 20.8"),
            para("Subprogramme 2: deliverables for the period 2025–2027, by category and subcategory"),
            Block::Table(RawTable { rows: all, loc: Loc::default(), notes: Vec::new() }),
        ];
        let plan = build(blocks, Source::Word, Vec::new());
        let ItemKind::Table(t) = &plan.body[0].kind else { panic!("{:?}", plan.body[0].kind) };
        assert_eq!(t.kind, TableKind::Deliverables);
        t.rows.iter().map(|r| (r.kind, r.label.as_ref().map_or(String::new(), |l| l.value.clone()))).collect()
    }

    #[test]
    fn the_levels_of_a_deliverables_table() {
        let kinds = deliverables_kinds(vec![
            row(&["A.\tFacilitation of the intergovernmental process and expert bodies", "", "", "", ""], false),
            row(&["Parliamentary documentation (number of documents)", "1 155", "948", "1 012", "1 012"], false),
            // An item whose values are its sub-items'.
            row(&["1.\tDocumentation for the Inland Transport Committee", "", "", "", ""], false),
            row(&["(a)\tInland Transport Committee and Bureau", "31", "34", "28 [31]", "28"], false),
            row(&["b.\tWorld Forum for Harmonization of Vehicle Regulations", "550", "485", "472 [550]", "499"], false),
            // A unit that is not "number of …": still a subcategory.
            row(
                &[
                    "Conference and secretariat services (three-hour meetings with interpretation)",
                    "12 700",
                    "7 643",
                    "12 700",
                    "11 000",
                ],
                false,
            ),
            // Group subtotals, with a colon or without (a duty station), each before its items.
            row(&["Meetings with interpretation for:", "2 850", "2 569", "2 850", "2 650"], false),
            row(&["2.\tThe Security Council", "650", "648", "650", "700"], false),
            row(&["New York", "9 850", "5 074", "9 850", "8 350"], false),
            row(&["36\tThe General Assembly", "9 850", "5 074", "9 850", "8 350"], false),
            row(&["Seminars, workshops and training events (number of days)", "8", "8", "8", "8"], false),
            row(&["37.\tOn road safety", "6", "6", "6", "6"], false),
            // An unnumbered item among numbered ones is an item, not a group.
            row(&["The Commission on Narcotic Drugs", "2", "2", "2", "2"], false),
            row(&["38.\tOn rail transport", "–", "–", "–", "–"], false),
        ]);
        assert_eq!(
            kinds,
            [
                (RowKind::Category, "A. Facilitation of the intergovernmental process and expert bodies".into()),
                (RowKind::Subcategory, "Parliamentary documentation".into()),
                (RowKind::Item, "1. Documentation for the Inland Transport Committee".into()),
                (RowKind::Subitem, "(a) Inland Transport Committee and Bureau".into()),
                (RowKind::Subitem, "b. World Forum for Harmonization of Vehicle Regulations".into()),
                (RowKind::Subcategory, "Conference and secretariat services".into()),
                (RowKind::Group, "Meetings with interpretation for:".into()),
                (RowKind::Item, "2. The Security Council".into()),
                (RowKind::Group, "New York".into()),
                (RowKind::Item, "36 The General Assembly".into()),
                (RowKind::Subcategory, "Seminars, workshops and training events".into()),
                (RowKind::Item, "37. On road safety".into()),
                (RowKind::Item, "The Commission on Narcotic Drugs".into()),
                (RowKind::Item, "38. On rail transport".into()),
            ]
        );
    }
}
