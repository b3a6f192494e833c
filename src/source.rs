//! Source text with fast byte ↔ line/column conversion.
//!
//! Every location plan-lint reports is a byte [`Span`] into a [`SourceFile`]. Renderers turn
//! spans into 1-based lines and columns (counted in characters, or in UTF-16 code units for LSP).

use std::ops::Range;

/// A half-open byte range into a source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub const fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// A 1-based line and column; the column counts characters (Unicode scalar values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// A file's text and its line table.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user named it (or as found by the directory walk).
    pub name: String,
    pub text: String,
    /// Byte offset of the start of every line.
    line_starts: Vec<usize>,
    /// Whether every line is pure ASCII (then byte and character columns agree).
    ascii: bool,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(memchr_newlines(&text));
        let ascii = text.is_ascii();
        SourceFile { name: name.into(), text, line_starts, ascii }
    }

    /// Number of lines (a final line without a newline counts).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 0-based line index that holds byte `offset`.
    fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte range of a 0-based line, without its line break.
    fn line_range(&self, line: usize) -> Range<usize> {
        let start = self.line_starts[line];
        let end = self.line_starts.get(line + 1).map_or(self.text.len(), |&next| next - 1);
        let end = if end > start && self.text.as_bytes()[end - 1] == b'\r' { end - 1 } else { end };
        start..end.max(start)
    }

    /// 1-based line and character column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = self.clamp(offset);
        let line = self.line_index(offset);
        let start = self.line_starts[line];
        let column = if self.ascii { offset - start } else { self.text[start..offset].chars().count() };
        LineCol { line: line + 1, column: column + 1 }
    }

    /// 1-based line and UTF-16 column of a byte offset, as the Language Server Protocol counts.
    pub fn line_col_utf16(&self, offset: usize) -> LineCol {
        let offset = self.clamp(offset);
        let line = self.line_index(offset);
        let start = self.line_starts[line];
        let column: usize = self.text[start..offset].chars().map(char::len_utf16).sum();
        LineCol { line: line + 1, column: column + 1 }
    }

    /// Byte offset of a 1-based line and 0-based character column, as the YAML parser reports.
    pub fn offset_of(&self, line: usize, char_col: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        if self.ascii {
            return (start + char_col).min(self.text.len());
        }
        let rest = &self.text[start..];
        match rest.char_indices().nth(char_col) {
            Some((i, _)) => start + i,
            None => start + rest.len(),
        }
    }

    /// The text of the 1-based line `line`.
    pub fn line_text(&self, line: usize) -> &str {
        if line == 0 || line > self.line_starts.len() {
            return "";
        }
        &self.text[self.line_range(line - 1)]
    }

    /// Clamp an offset into the text, on a character boundary.
    pub fn clamp(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        let start = self.clamp(span.start);
        let end = self.clamp(span.end.max(start));
        &self.text[start..end]
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let src = SourceFile::new("t", "ab\nCôte – d'Ivoire\nx");
        let at = src.text.find('d').unwrap();
        assert_eq!(src.line_col(at), LineCol { line: 2, column: 8 });
        assert_eq!(src.line_col_utf16(at), LineCol { line: 2, column: 8 });
        assert_eq!(src.offset_of(2, 7), at);
        assert_eq!(src.line_text(2), "Côte – d'Ivoire");
        assert_eq!(src.line_col(src.text.len()), LineCol { line: 3, column: 2 });
    }

    #[test]
    fn utf16_columns_count_surrogate_pairs() {
        let src = SourceFile::new("t", "𝄞x");
        assert_eq!(src.line_col(4), LineCol { line: 1, column: 2 });
        assert_eq!(src.line_col_utf16(4), LineCol { line: 1, column: 3 });
    }

    #[test]
    fn crlf_lines() {
        let src = SourceFile::new("t", "a: 1\r\nb: 2\r\n");
        assert_eq!(src.line_text(1), "a: 1");
        assert_eq!(src.line_col(6), LineCol { line: 2, column: 1 });
    }
}
