//! Put findings made on the imported YAML back where they belong in the document: a line and
//! column of the Markdown source, or a place in words in a Word document.

use super::emit::{Emitted, Record};
use crate::diagnostic::{Diagnostic, Label, Place};
use crate::source::Span;

/// The map from YAML offsets to the document.
pub struct SourceMap<'a> {
    records: &'a [Record],
    /// Record indexes sorted by start, then by end descending: records are nested, so walking
    /// back from the last one starting at or before an offset meets the innermost holder first.
    order: Vec<usize>,
    /// Markdown source text (empty for Word).
    source: &'a str,
    /// The imported YAML the findings' spans are in.
    yaml: &'a str,
}

impl<'a> SourceMap<'a> {
    pub fn new(emitted: &'a Emitted, source: &'a str) -> Self {
        let records = &emitted.records;
        let mut order: Vec<usize> = (0..records.len()).collect();
        order.sort_by_key(|&i| (records[i].span.start, std::cmp::Reverse(records[i].span.end)));
        SourceMap { records, order, source, yaml: &emitted.yaml }
    }

    /// The innermost record holding YAML offset `y` (for an empty span, the one starting there).
    fn innermost(&self, y: usize, filter: impl Fn(&Record) -> bool) -> Option<&'a Record> {
        let last = self.order.partition_point(|&i| self.records[i].span.start <= y);
        self.order[..last].iter().rev().map(|&i| &self.records[i]).find(|r| {
            let holds = (r.span.start <= y && y < r.span.end) || (r.span.start == y && r.span.end == y);
            holds && filter(r)
        })
    }

    /// The Word place of YAML offset `y`.
    pub fn place(&self, y: usize) -> Place {
        self.innermost(y, |r| r.loc.place.is_some())
            .and_then(|r| r.loc.place.clone())
            .unwrap_or_else(|| Place { description: "the document".into(), ..Place::default() })
    }

    /// The Word place of a YAML span: the place in words of the innermost record at its start,
    /// with the anchor of the innermost record holding all of it, narrowed to the characters the
    /// span covers where they are the document's own.
    pub fn word_place(&self, span: Span) -> Place {
        let mut place = self.place(span.start);
        let holder = self.innermost(span.start, |r| r.loc.anchor.is_some() && span.end <= r.span.end);
        if let Some(r) = holder
            && let Some(mut anchor) = r.loc.anchor.clone()
        {
            if let Some(text) = word_text(r, span) {
                anchor.text = Some(text);
            }
            place.anchor = Some(anchor);
            if let Some(which) = which_copy(self.yaml, r.span.clone(), span) {
                place.description = format!("{which} in {}", place.description);
            }
        }
        place
    }

    /// The Markdown offset of YAML offset `y`, or of the character before it (`end`).
    fn offset(&self, y: usize, end: bool) -> Option<usize> {
        let at = if end { y.saturating_sub(1) } else { y };
        let r = self.innermost(at, |r| r.loc.range.is_some())?;
        let range = r.loc.range.clone()?;
        let value = r
            .pieces
            .iter()
            .find(|p| p.yaml <= at && at < p.yaml + p.len)
            .map(|p| p.value + (at - p.yaml))
            .or_else(|| r.pieces.iter().find(|p| p.yaml > at).map(|p| p.value));
        let source = value.and_then(|v| {
            r.loc.pieces.iter().find(|q| q.value <= v && v < q.value + q.len).map(|q| q.source + (v - q.value))
        });
        let source = match source {
            Some(s) => s,
            // A container, or a value the importer wrote itself: its place in the source.
            None if end => {
                let line_end = self.source[range.start.min(self.source.len())..]
                    .find('\n')
                    .map_or(self.source.len(), |i| range.start + i);
                return Some(range.end.min(line_end).max(range.start));
            }
            None => return Some(range.start),
        };
        if end {
            let len = self.source.get(source..).and_then(|s| s.chars().next()).map_or(1, char::len_utf8);
            Some(source + len)
        } else {
            Some(source)
        }
    }

    /// A YAML span as a Markdown span.
    pub fn span(&self, span: Span) -> Option<Span> {
        let start = self.offset(span.start, false)?;
        if span.is_empty() {
            return Some(Span::empty(start));
        }
        let end = self.offset(span.end, true)?.max(start);
        Some(Span::new(start, end))
    }
}

/// The characters of the document's text that YAML `span` covers in record `r`.
fn word_text(r: &Record, span: Span) -> Option<std::ops::Range<usize>> {
    let (first, last) = (r.pieces.first()?, r.pieces.last()?);
    // From YAML bytes to the value's (quotes and folds are not the value's), then to the
    // document's text.
    let value_start = r
        .pieces
        .iter()
        .find(|p| span.start < p.yaml + p.len)
        .map_or(first.value, |p| p.value + span.start.saturating_sub(p.yaml));
    let value_end = match span.end.checked_sub(1) {
        Some(e) if !span.is_empty() => r
            .pieces
            .iter()
            .rev()
            .find(|p| p.yaml <= e)
            .map_or(last.value + last.len, |p| p.value + (e - p.yaml).min(p.len - 1) + 1),
        _ => value_start,
    };
    let source =
        |v: usize| r.loc.pieces.iter().find(|q| q.value <= v && v < q.value + q.len).map(|q| q.source + (v - q.value));
    let start = source(value_start)?;
    if value_end <= value_start {
        return Some(start..start);
    }
    let end = source(value_end - 1)? + 1;
    (start < end).then_some(start..end)
}

/// When the text a finding covers occurs more than once in the value holding it (“72” twice in a
/// paragraph), which one it is — “the second “72”” — so that a reviewer searching the document
/// for it knows where to stop. `None` when it is the whole value or occurs once.
fn which_copy(yaml: &str, holder: std::ops::Range<usize>, span: Span) -> Option<String> {
    let needle = yaml.get(span.range())?;
    let value = yaml.get(holder.clone())?;
    if needle.trim().is_empty()
        || needle.contains('\n')
        || needle.chars().count() > 60
        || needle.len() >= value.trim().len()
    {
        return None;
    }
    // Copies standing alone: “72” is not in “172” or “72.5”, but is in “72.” and “(72)”.
    let alone = |i: usize| {
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let mut before = value[..i].chars().rev();
        let mut after = value[i + needle.len()..].chars();
        let (b1, b2, a1, a2) = (before.next(), before.next(), after.next(), after.next());
        let first_word = word(needle.chars().next());
        let last_word = word(needle.chars().next_back());
        let joins = |sep: Option<char>, digit: Option<char>| {
            matches!(sep, Some('.' | ',')) && digit.is_some_and(|c| c.is_ascii_digit())
        };
        !(first_word && (word(b1) || joins(b1, b2))) && !(last_word && (word(a1) || joins(a1, a2)))
    };
    let starts: Vec<usize> = value.match_indices(needle).map(|(i, _)| i).filter(|&i| alone(i)).collect();
    if starts.len() < 2 {
        return None;
    }
    let n = starts.iter().position(|&i| holder.start + i == span.start)?;
    const ORDINALS: [&str; 10] =
        ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];
    let ordinal = ORDINALS.get(n).map_or_else(|| format!("{}th", n + 1), |o| (*o).to_owned());
    Some(format!("the {ordinal} “{}”", needle.trim()))
}

/// Remap a finding on the YAML to the Markdown source.
pub fn to_markdown(mut d: Diagnostic, map: &SourceMap<'_>, yaml: &str) -> Diagnostic {
    let span = map.span(d.span).unwrap_or(Span::empty(0));
    // A label in another file (the previous edition) is already in that file's terms.
    d.labels = d
        .labels
        .into_iter()
        .map(|l| match l.file {
            Some(_) => l,
            None => Label { span: map.span(l.span).unwrap_or(Span::empty(0)), ..l },
        })
        .collect();
    if let Some(fix) = d.fix.take() {
        let mut edits = Vec::new();
        let mut exact = true;
        for e in fix.edits {
            match map.span(e.span) {
                Some(s) if map.source.get(s.range()) == yaml.get(e.span.range()) => {
                    edits.push(crate::diagnostic::Edit { span: s, replacement: e.replacement });
                }
                _ => exact = false,
            }
        }
        if exact {
            d.fix = Some(crate::diagnostic::Fix { edits, ..fix });
        }
    }
    d.span = span;
    d
}

/// Remap a finding on the YAML to a place in a Word document. The span is cleared: a Word
/// document has no lines.
pub fn to_word(mut d: Diagnostic, map: &SourceMap<'_>) -> Diagnostic {
    d.place = Some(map.word_place(d.span));
    d.labels = d
        .labels
        .into_iter()
        .map(|l| match l.file {
            Some(_) => l,
            None => Label { span: Span::empty(0), message: l.message, place: Some(map.word_place(l.span)), file: None },
        })
        .collect();
    d.fix = None;
    d.span = Span::empty(0);
    d
}

#[cfg(test)]
mod tests {
    use super::which_copy;
    use crate::source::Span;

    fn at(yaml: &str, value: &str, nth: usize, needle: &str) -> Option<String> {
        let holder = yaml.find(value).unwrap();
        let start = holder + value.match_indices(needle).nth(nth).unwrap().0;
        which_copy(yaml, holder..holder + value.len(), Span::new(start, start + needle.len()))
    }

    #[test]
    fn which_copy_names_the_second_of_two_standing_alone() {
        let yaml = "text: In 2024, 72 States joined; 172 had signed, and 72.5 per cent (72) reported.\n";
        let value = &yaml[6..yaml.len() - 1];
        // Copies: “72” (first), not in “172” or “72.5”, “(72)” (second).
        assert_eq!(at(yaml, value, 0, "72").as_deref(), Some("the first “72”"));
        assert_eq!(at(yaml, value, 3, "72").as_deref(), Some("the second “72”"));
        // Once only, or the whole value: nothing to say.
        assert_eq!(at(yaml, value, 0, "2024"), None);
        assert_eq!(which_copy(yaml, 6..yaml.len() - 1, Span::new(6, yaml.len() - 1)), None);
        // “72.” at the end of a sentence is a copy.
        let yaml = "text: 72 were planned and the result was 72.\n";
        assert_eq!(at(yaml, &yaml[6..yaml.len() - 1], 1, "72").as_deref(), Some("the second “72”"));
    }
}
