//! Read a plan written as Markdown (or the Markdown-like text that converters produce from
//! Word) into [`Block`]s, keeping the byte offset of every character taken from the source.
//!
//! Recognised: `#` headings; `- ` list items; lines of tab-separated (or `|`-separated) cells as
//! table rows, with separator lines such as `----\t----` skipped; inline `**bold**`, `*italic*`,
//! `<b>`, `<i>`, `<sup>3</sup>` (a footnote marker, written `[^3]`), links `[text](url)` (the
//! text), other HTML tags (dropped), backslash escapes, and `\*` right after a word (a footnote
//! marker `[^*]`); `---` rules are page breaks.

use super::ir::{Block, Cell, Para, RawTable, Style, TableRow, Text};
use regex::Regex;
use std::sync::LazyLock;

static HEADING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$").unwrap());
static LIST: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[ \t]*[-+*][ \t]+").unwrap());
static RULE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$").unwrap());
static SEPARATOR_CELL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*:?-{2,}:?\s*$").unwrap());
static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^<>]*?(/?)>").unwrap());

/// Inline text with its formatting counts.
#[derive(Default)]
struct Inline {
    text: Text,
    bold_letters: usize,
    plain_letters: usize,
    italic_letters: usize,
    upright_letters: usize,
    bold_open: bool,
    bold_prefix: usize,
    bold: bool,
    italic: bool,
}

impl Inline {
    fn new() -> Self {
        Inline { bold_open: true, ..Inline::default() }
    }

    fn count(&mut self, s: &str) {
        let letters = s.chars().filter(|c| !c.is_whitespace()).count();
        if self.bold {
            self.bold_letters += letters;
        } else {
            self.plain_letters += letters;
        }
        if self.italic {
            self.italic_letters += letters;
        } else {
            self.upright_letters += letters;
        }
        if self.bold_open {
            if self.bold && letters > 0 {
                self.bold_prefix = self.text.value.len();
            } else if letters > 0 {
                self.bold_open = false;
            }
        }
    }

    fn source(&mut self, s: &str, at: usize) {
        self.text.push_source(s, at);
        self.count(s);
    }

    fn synthetic(&mut self, s: &str) {
        self.text.push_synthetic(s);
        self.count(s);
    }

    fn all_bold(&self) -> bool {
        self.bold_letters > 0 && self.plain_letters == 0
    }

    fn all_italic(&self) -> bool {
        self.italic_letters > 0 && self.upright_letters == 0
    }
}

fn is_marker(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty() && t.chars().count() <= 4 && t.chars().all(|c| c.is_alphanumeric() || c == '*')
}

/// Parse inline markup of `s`, which starts at byte `base` of the source.
fn inline(s: &str, base: usize, out: &mut Inline) {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        let c = rest.chars().next().unwrap();
        // `2021**` outside emphasis: a footnote marker after a word.
        if c == '*' && !out.bold && !out.italic && i > 0 {
            let n = rest.chars().take_while(|&c| c == '*').count();
            let prev = s[..i].chars().next_back().unwrap_or(' ');
            let next = rest[n..].chars().next();
            if n <= 3
                && (prev.is_alphanumeric() || matches!(prev, ')' | '.'))
                && next.is_none_or(|c| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':'))
            {
                out.synthetic("[^");
                out.synthetic(&rest[..n]);
                out.synthetic("]");
                i += n;
                continue;
            }
        }
        if rest.starts_with("**") {
            out.bold = !out.bold;
            i += 2;
            continue;
        }
        if c == '\\' {
            let next = rest[1..].chars().next();
            match next {
                Some('*') if i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || matches!(bytes[i - 1], b')' | b'.')) => {
                    // `word\*\*`: a footnote marker after a word.
                    let mut j = i;
                    let mut stars = 0;
                    while s[j..].starts_with("\\*") {
                        stars += 1;
                        j += 2;
                    }
                    out.synthetic("[^");
                    out.synthetic(&"*".repeat(stars));
                    out.synthetic("]");
                    i = j;
                    continue;
                }
                Some(n) if n.is_ascii_punctuation() => {
                    out.source(&rest[1..1 + n.len_utf8()], base + i + 1);
                    i += 1 + n.len_utf8();
                    continue;
                }
                _ => {}
            }
        }
        if c == '<'
            && let Some(m) = TAG.captures(rest)
        {
            let whole = m.get(0).unwrap().end();
            let closing = !m[1].is_empty();
            let name = m[2].to_ascii_lowercase();
            match name.as_str() {
                "b" | "strong" => out.bold = !closing,
                "i" | "em" => out.italic = !closing,
                "sup" if !closing => {
                    if let Some(end) = rest[whole..].find("</sup>") {
                        let inner_at = i + whole;
                        let inner = &s[inner_at..inner_at + end];
                        let mut sub = Inline::new();
                        inline(inner, base + inner_at, &mut sub);
                        let t = sub.text.trim();
                        let ordinal = matches!(t.value.as_str(), "st" | "nd" | "rd" | "th")
                            && s[..i].ends_with(|c: char| c.is_ascii_digit());
                        let power = s[..i].ends_with('m') && matches!(t.value.as_str(), "2" | "3");
                        if power {
                            out.synthetic(if t.value == "2" { "²" } else { "³" });
                        } else if is_marker(&t.value) && !ordinal {
                            out.synthetic("[^");
                            out.text.append(&t);
                            out.synthetic("]");
                        } else {
                            out.text.append(&sub.text);
                        }
                        i = inner_at + end + "</sup>".len();
                        continue;
                    }
                }
                _ => {}
            }
            i += whole;
            continue;
        }
        if c == '[' {
            // [text](target): the text.
            if let Some(close) = rest.find("](")
                && let Some(end) = rest[close + 2..].find(')')
            {
                let inner = &rest[1..close];
                if !inner.contains('[') {
                    inline(inner, base + i + 1, out);
                    i += close + 2 + end + 1;
                    continue;
                }
            }
        }
        if c == '*' {
            out.italic = !out.italic;
            i += 1;
            continue;
        }
        out.source(&rest[..c.len_utf8()], base + i);
        i += c.len_utf8();
    }
}

fn para(content: &str, base: usize, style: Style) -> Para {
    let mut inl = Inline::new();
    inline(content, base, &mut inl);
    let style = Style { bold: inl.all_bold(), italic: inl.all_italic(), ..style };
    Para { text: inl.text, style, notes: Vec::new() }
}

fn is_separator(cells: &[&str]) -> bool {
    cells.iter().any(|c| !c.trim().is_empty())
        && cells.iter().all(|c| c.trim().is_empty() || SEPARATOR_CELL.is_match(c))
}

/// Split a table line into cells: (text, byte offset in the line).
fn cells(line: &str) -> Vec<(&str, usize)> {
    let trimmed_end = line.trim_end_matches([' ', '\r']);
    let pipes = trimmed_end.trim_start().starts_with('|')
        && trimmed_end.ends_with('|')
        && trimmed_end.matches('|').count() >= 2;
    let (sep, body, start) = if pipes {
        let s = trimmed_end.find('|').unwrap() + 1;
        ('|', &trimmed_end[s..trimmed_end.len() - 1], s)
    } else {
        ('\t', trimmed_end, 0)
    };
    let mut out = Vec::new();
    let mut at = start;
    for part in body.split(sep) {
        out.push((part, at));
        at += part.len() + 1;
    }
    out
}

fn is_table_line(line: &str) -> bool {
    line.contains('\t') || {
        let t = line.trim();
        t.len() > 2 && t.starts_with('|') && t.ends_with('|') && t.matches('|').count() >= 3
    }
}

/// Read Markdown text into blocks.
pub fn read(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut table: Option<RawTable> = None;
    let mut offset = 0;
    for raw_line in text.split_inclusive('\n') {
        let at = offset;
        offset += raw_line.len();
        let line = raw_line.trim_end_matches(['\n', '\r']);
        if is_table_line(line) && !RULE.is_match(line) {
            let parts = cells(line);
            let texts: Vec<&str> = parts.iter().map(|p| p.0).collect();
            let t = table.get_or_insert_with(RawTable::default);
            t.loc = t.loc.join(&super::ir::Loc::range(at..at + line.len()));
            if is_separator(&texts) {
                // A separator under the first row makes it a header row.
                if t.rows.len() == 1 {
                    t.rows[0].header = true;
                }
                continue;
            }
            let mut row = TableRow::default();
            for (col, (cell, off)) in parts.into_iter().enumerate() {
                let mut inl = Inline::new();
                inline(cell, at + off, &mut inl);
                let bold = inl.all_bold();
                let bold_prefix = if inl.bold_letters > 0 { inl.bold_prefix.max(1) } else { 0 };
                let mut text = inl.text;
                if text.loc.range.is_none() {
                    text.loc.range = Some(at + off..at + off + cell.len());
                }
                row.cells.push(Cell { text, bold_prefix, bold, col, span: 1, merged: false });
            }
            t.rows.push(row);
            continue;
        }
        if let Some(t) = table.take() {
            blocks.push(Block::Table(t));
        }
        if line.trim().is_empty() {
            continue;
        }
        if RULE.is_match(line) {
            blocks.push(Block::Break);
            continue;
        }
        let content = line.trim_end();
        // Two trailing spaces are a Markdown line break: not text.
        if let Some(h) = HEADING.captures(content) {
            let level = h[1].len() as u8;
            let m = h.get(2).unwrap();
            blocks.push(Block::Para(para(
                m.as_str(),
                at + m.start(),
                Style { heading: Some(level), ..Style::default() },
            )));
            continue;
        }
        if let Some(m) = LIST.find(content) {
            let rest = &content[m.end()..];
            blocks.push(Block::Para(para(rest, at + m.end(), Style { list: true, ..Style::default() })));
            continue;
        }
        let lead = content.len() - content.trim_start().len();
        blocks.push(Block::Para(para(content.trim_start(), at + lead, Style::default())));
    }
    if let Some(t) = table.take() {
        blocks.push(Block::Table(t));
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paras(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| match b {
                Block::Para(p) => format!(
                    "{}{}{}{}{}",
                    p.style.heading.map_or(String::new(), |l| format!("h{l} ")),
                    if p.style.bold { "b " } else { "" },
                    if p.style.italic { "i " } else { "" },
                    if p.style.list { "- " } else { "" },
                    p.text.value
                ),
                Block::Table(t) => format!(
                    "table {}",
                    t.rows
                        .iter()
                        .map(|r| r
                            .cells
                            .iter()
                            .map(|c| format!("{}{}", if c.bold { "*" } else { "" }, c.text.value))
                            .collect::<Vec<_>>()
                            .join("|"))
                        .collect::<Vec<_>>()
                        .join(" / ")
                ),
                Block::Break => "---".into(),
                _ => "?".into(),
            })
            .collect()
    }

    #[test]
    fn blocks_and_inline_markup() {
        let src = "## **Overall orientation**\n\n- 16.25 The objective<sup>3</sup> is [here](#).\n\
                   **Result 1: done**\n*Lessons learned*\n\\* Reissued.\nItems xxx of the list\\*\n\
                   Category\t<i>2021 planned</i>\n---\t---\n<b>Publications</b> (number)\t<b>3</b>\n\n---\n";
        let blocks = read(src);
        assert_eq!(
            paras(&blocks),
            [
                "h2 b Overall orientation",
                "- 16.25 The objective[^3] is here.",
                "b Result 1: done",
                "i Lessons learned",
                "* Reissued.",
                "Items xxx of the list[^*]",
                "table Category|2021 planned / Publications (number)|*3",
                "---",
            ]
        );
        // Offsets: "objective" maps back to its bytes.
        let Block::Para(p) = &blocks[1] else { panic!() };
        let i = p.text.value.find("objective").unwrap();
        let piece = p.text.loc.pieces.iter().find(|x| x.value <= i && i < x.value + x.len).unwrap();
        let src_at = piece.source + (i - piece.value);
        assert_eq!(&src[src_at..src_at + 9], "objective");
        let Block::Table(t) = &blocks[6] else { panic!() };
        assert!(t.rows[1].cells[0].bold_prefix > 0);
    }

    #[test]
    fn pipe_tables() {
        let blocks = read("| a | b |\n|---|---|\n| 1 | – |\n");
        assert_eq!(paras(&blocks), ["table  a | b  /  1 | – "]);
    }
}
