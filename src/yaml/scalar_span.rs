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
    if node.alias.is_some() {
        return node.report_span();
    }
    let NodeKind::Scalar(scalar) = &node.kind else {
        return node.span;
    };
    align(source, node.span, scalar.style, &scalar.value, range).unwrap_or(node.span)
}

fn align(source: &str, span: Span, style: Style, value: &str, range: Range<usize>) -> Option<Span> {
    let src = source.get(span.start..span.end.min(source.len()))?;
    let bytes = src.as_bytes();
    let mut pos = match style {
        Style::Plain => 0,
        Style::SingleQuoted | Style::DoubleQuoted => 1,
        // The span starts at the content; should it start at the header (`>-`, `|2 # note`), skip it.
        Style::Literal | Style::Folded if src.starts_with(['>', '|']) => src.find('\n').map_or(src.len(), |i| i + 1),
        Style::Literal | Style::Folded => 0,
    };
    if range.is_empty() {
        // An empty range: the position before the character at range.start.
        for (vi, c) in value.char_indices() {
            if vi >= range.start {
                break;
            }
            pos = step(src, bytes, pos, c, style)?.1;
        }
        return Some(Span::empty(span.start + pos));
    }
    let mut start = None;
    for (vi, c) in value.char_indices() {
        let (at, next) = step(src, bytes, pos, c, style)?;
        if vi == range.start {
            start = Some(at);
        }
        pos = next;
        if vi + c.len_utf8() >= range.end {
            return Some(Span::new(span.start + start?, span.start + pos));
        }
    }
    None
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
    fn single_quoted() {
        let y = "t: 'it''s to be updated'\n";
        assert_eq!(find(y, "t", "to be updated"), "to be updated");
    }
}
