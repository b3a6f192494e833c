//! Map a range of a scalar's value back to the source bytes it was written as.
//!
//! YAML folds line breaks, strips indentation and decodes escapes, so the value's offsets are not
//! the source's. Findings about a phrase inside a long paragraph ("to be updated", "see figure
//! 16.3") are underlined exactly by aligning value and source character by character. When the
//! alignment fails the whole scalar is the span: never a wrong place, at worst a wide one.

use super::{Node, NodeKind, Style};
use crate::source::Span;
use std::ops::Range;

/// The source span of `range` (byte offsets into the scalar's value) for a scalar node.
pub fn sub_span(source: &str, node: &Node, range: Range<usize>) -> Span {
    Aligner::new(source, node).span(range)
}

/// Maps ranges of one scalar's value to source spans, walking value and source together once:
/// ranges in increasing order (as a regex finds them) cost one pass over the scalar in all, not
/// one pass each. An earlier range starts the walk again.
pub struct Aligner<'a> {
    node: &'a Node,
    /// The scalar's source text, its value and style; `None` when no alignment is possible.
    parts: Option<(&'a str, &'a str, Style)>,
    /// Value bytes consumed so far, and the source position after them.
    vi: usize,
    pos: usize,
    /// Where the walk starts (past the quote or block header).
    origin: usize,
}

impl<'a> Aligner<'a> {
    pub fn new(source: &'a str, node: &'a Node) -> Self {
        let parts = match &node.kind {
            NodeKind::Scalar(scalar) if node.alias.is_none() => source
                .get(node.span.start..node.span.end.min(source.len()))
                .map(|src| (src, scalar.value.as_str(), scalar.style)),
            _ => None,
        };
        let origin = parts.map_or(0, |(src, _, style)| match style {
            Style::Plain => 0,
            Style::SingleQuoted | Style::DoubleQuoted => 1,
            // The span starts at the content; should it start at the header (`>-`, `|2 # note`), skip it.
            Style::Literal | Style::Folded if src.starts_with(['>', '|']) => {
                src.find('\n').map_or(src.len(), |i| i + 1)
            }
            Style::Literal | Style::Folded => 0,
        });
        Aligner { node, parts, vi: 0, pos: origin, origin }
    }

    /// The source span of `range` of the value; the whole node when alignment fails (never a
    /// wrong place, at worst a wide one).
    pub fn span(&mut self, range: Range<usize>) -> Span {
        if self.node.alias.is_some() {
            return self.node.report_span();
        }
        self.align(range).unwrap_or(self.node.span)
    }

    fn align(&mut self, range: Range<usize>) -> Option<Span> {
        let (src, value, style) = self.parts?;
        let base = self.node.span.start;
        if range.start < self.vi {
            self.vi = 0;
            self.pos = self.origin;
        }
        let bytes = src.as_bytes();
        if range.is_empty() {
            // An empty range: the position before the character at range.start.
            for c in value.get(self.vi..)?.chars() {
                if self.vi >= range.start {
                    break;
                }
                self.pos = step(src, bytes, self.pos, c, style)?.1;
                self.vi += c.len_utf8();
            }
            return Some(Span::empty(base + self.pos));
        }
        let mut start = None;
        for c in value.get(self.vi..)?.chars() {
            let (at, next) = step(src, bytes, self.pos, c, style)?;
            if self.vi == range.start {
                start = Some(at);
            }
            self.pos = next;
            self.vi += c.len_utf8();
            if self.vi >= range.end {
                return Some(Span::new(base + start?, base + self.pos));
            }
        }
        None
    }
}

/// Consume the source for one value character; returns where it was matched and the position after.
fn step(src: &str, bytes: &[u8], mut pos: usize, c: char, style: Style) -> Option<(usize, usize)> {
    // Bounded: each loop iteration consumes at least one source byte or returns.
    loop {
        let here = src.get(pos..)?.chars().next()?;
        if here == c {
            return Some((pos, pos + here.len_utf8()));
        }
        match here {
            '\\' if style == Style::DoubleQuoted => {
                let next = *bytes.get(pos + 1)?;
                match next {
                    b'\n' | b'\r' => {
                        // Escaped line break: no value character; skip it and the indentation.
                        pos += 1;
                        while matches!(bytes.get(pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
                            pos += 1;
                        }
                    }
                    b'x' => return Some((pos, pos + 4)),
                    b'u' => return Some((pos, pos + 6)),
                    b'U' => return Some((pos, pos + 10)),
                    _ => return Some((pos, pos + 2)),
                }
            }
            '\'' if style == Style::SingleQuoted => pos += 1,
            ' ' | '\t' | '\n' | '\r' => {
                if c == ' ' || c == '\n' {
                    // A folded line break: the value's space or newline stands for the run.
                    let mut p = pos;
                    while matches!(bytes.get(p), Some(b' ' | b'\t' | b'\n' | b'\r')) {
                        p += 1;
                    }
                    return Some((pos, p));
                }
                pos += 1;
            }
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use crate::yaml::{Limits, load};

    fn find(yaml: &str, key: &str, needle: &str) -> String {
        let src = SourceFile::new("t.yaml", yaml);
        let out = load(&src, &Limits::default());
        let root = out.documents[0].as_ref().unwrap();
        let node = root.get(key).unwrap();
        let value = node.as_str().unwrap();
        let at = value.find(needle).unwrap();
        let span = sub_span(&src.text, node, at..at + needle.len());
        src.slice(span).to_owned()
    }

    #[test]
    fn plain_multiline() {
        let y = "t: see the figure\n  16.3 below\n";
        assert_eq!(find(y, "t", "figure 16.3"), "figure\n  16.3");
    }

    #[test]
    fn folded_block() {
        let y = "t: >-\n  Progress is presented (see\n  figure 16.3). Côte – x\n";
        assert_eq!(find(y, "t", "figure 16.3"), "figure 16.3");
        assert_eq!(find(y, "t", "see figure"), "see\n  figure");
        assert_eq!(find(y, "t", "– x"), "– x");
    }

    #[test]
    fn literal_block() {
        let y = "t: |\n  line one\n  to be updated\n";
        assert_eq!(find(y, "t", "to be updated"), "to be updated");
    }

    #[test]
    fn double_quoted_escapes() {
        let y = "t: \"a \\\"q\\\" \\u2013 to be updated\"\n";
        assert_eq!(find(y, "t", "to be updated"), "to be updated");
        assert_eq!(find(y, "t", "–"), "\\u2013");
    }

    #[test]
    fn ranges_in_order_continue_the_walk_and_earlier_ones_restart_it() {
        let y = "t: >-\n  a to be updated b\n  to be updated c\n";
        let src = SourceFile::new("t.yaml", y);
        let out = load(&src, &Limits::default());
        let node = out.documents[0].as_ref().unwrap().get("t").unwrap();
        let value = node.as_str().unwrap();
        let mut aligner = Aligner::new(&src.text, node);
        let hits: Vec<usize> = value.match_indices("to be updated").map(|(i, _)| i).collect();
        let spans: Vec<Span> = hits.iter().map(|&i| aligner.span(i..i + 13)).collect();
        assert_eq!(spans.iter().map(|&s| src.slice(s)).collect::<Vec<_>>(), ["to be updated", "to be updated"]);
        assert_eq!(aligner.span(hits[0]..hits[0] + 13), spans[0], "an earlier range restarts the walk");
        assert_eq!(spans[1], sub_span(&src.text, node, hits[1]..hits[1] + 13));
    }

    #[test]
    fn single_quoted() {
        let y = "t: 'it''s to be updated'\n";
        assert_eq!(find(y, "t", "to be updated"), "to be updated");
    }
}
