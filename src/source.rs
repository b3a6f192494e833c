//! Source text with fast byte ↔ line/column conversion.
//!
//! Every location plan-lint reports is a byte [`Span`] into a [`SourceFile`]. Renderers turn
//! spans into 1-based lines and columns (counted in characters, or in UTF-16 code units for LSP).

use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::ops::Range;
use std::path::Path;

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

/// Characters between two entries of the character index (see [`SourceFile`]).
const STRIDE: usize = 128;

/// The byte and UTF-16 offsets of one character, every [`STRIDE`] characters.
#[derive(Clone, Copy, Debug)]
struct Mark {
    byte: usize,
    utf16: usize,
}

/// A file's text and its line table.
///
/// Every conversion is bounded whatever the line lengths: lines are found by binary search in the
/// line table, and for text that is not pure ASCII a sparse index (the byte and UTF-16 offsets of
/// every 128th character) bounds each character count to one stride. A one-line plan converts as
/// fast as a pretty-printed one.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user named it (or as found by the directory walk).
    pub name: String,
    pub text: String,
    /// Whether the file began with a UTF-8 byte order mark, which `text` leaves out (spans count
    /// from after it); writing the file back puts it back.
    pub bom: bool,
    /// Byte offset of the start of every line.
    line_starts: Vec<usize>,
    /// For text that is not pure ASCII: entry `i` is character `i * STRIDE`. Empty for ASCII.
    marks: Box<[Mark]>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let mut line_starts = Vec::with_capacity(text.len() / 40 + 1);
        line_starts.push(0);
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let marks = if text.is_ascii() { Box::default() } else { char_marks(&text).into_boxed_slice() };
        SourceFile { name: name.into(), text, bom: false, line_starts, marks }
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

    /// The index entry at or before byte `offset` (which is on a character boundary).
    fn mark_before(&self, offset: usize) -> (usize, Mark) {
        let i = self.marks.partition_point(|m| m.byte <= offset).saturating_sub(1);
        (i, self.marks[i])
    }

    /// How many characters come before byte `offset` (on a character boundary).
    fn char_index(&self, offset: usize) -> usize {
        if self.marks.is_empty() {
            return offset;
        }
        let (i, m) = self.mark_before(offset);
        i * STRIDE + self.text[m.byte..offset].chars().count()
    }

    /// How many UTF-16 code units come before byte `offset` (on a character boundary).
    fn utf16_index(&self, offset: usize) -> usize {
        if self.marks.is_empty() {
            return offset;
        }
        let (_, m) = self.mark_before(offset);
        m.utf16 + self.text[m.byte..offset].chars().map(char::len_utf16).sum::<usize>()
    }

    /// The byte offset of character `index` (the end of the text past the last one).
    fn byte_of_char(&self, index: usize) -> usize {
        if self.marks.is_empty() {
            return index.min(self.text.len());
        }
        let Some(m) = self.marks.get(index / STRIDE) else {
            return self.text.len();
        };
        let rest = &self.text[m.byte..];
        rest.char_indices().nth(index % STRIDE).map_or(self.text.len(), |(i, _)| m.byte + i)
    }

    /// 1-based line and character column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = self.clamp(offset);
        let line = self.line_index(offset);
        let column = self.char_index(offset) - self.char_index(self.line_starts[line]);
        LineCol { line: line + 1, column: column + 1 }
    }

    /// 1-based line and UTF-16 column of a byte offset, as the Language Server Protocol counts.
    pub fn line_col_utf16(&self, offset: usize) -> LineCol {
        let offset = self.clamp(offset);
        let line = self.line_index(offset);
        let column = self.utf16_index(offset) - self.utf16_index(self.line_starts[line]);
        LineCol { line: line + 1, column: column + 1 }
    }

    /// Byte offset of a 1-based line and 0-based character column, as the YAML parser reports.
    /// A column past the end of the line runs on into the next lines, as the parser counts.
    pub fn offset_of(&self, line: usize, char_col: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        self.byte_of_char(self.char_index(start) + char_col)
    }

    /// Byte offset of a 0-based line and UTF-16 column (LSP positions), clamped to the line.
    pub fn offset_of_utf16(&self, line: usize, units: usize) -> usize {
        let Some(range) = (line < self.line_starts.len()).then(|| self.line_range(line)) else {
            return self.text.len();
        };
        if self.marks.is_empty() {
            return (range.start + units).min(range.end);
        }
        // Jump to the index entry at or before the target, then walk at most one stride.
        let target = self.utf16_index(range.start) + units;
        let i = self.marks.partition_point(|m| m.utf16 <= target).saturating_sub(1);
        let mut at = self.marks[i].byte.clamp(range.start, range.end);
        let mut count = self.utf16_index(at);
        for c in self.text[at..range.end].chars() {
            if count >= target {
                break;
            }
            count += c.len_utf16();
            at += c.len_utf8();
        }
        at.min(range.end)
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

/// The sparse character index: one entry every [`STRIDE`] characters.
fn char_marks(text: &str) -> Vec<Mark> {
    let mut marks = Vec::with_capacity(text.len() / STRIDE + 1);
    let mut utf16 = 0;
    for (n, (byte, c)) in text.char_indices().enumerate() {
        if n % STRIDE == 0 {
            marks.push(Mark { byte, utf16 });
        }
        utf16 += c.len_utf16();
    }
    if marks.is_empty() {
        marks.push(Mark { byte: 0, utf16: 0 });
    }
    marks
}

/// Why a file's bytes were not read.
#[derive(Debug)]
pub enum ReadError {
    /// Not a regular file: a FIFO, a device, a socket or a directory (reading could block or never end).
    NotRegular(&'static str),
    /// Larger than the limit; `None` when the size is not known in advance (standard input).
    TooLarge(Option<u64>),
    Io(io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotRegular(kind) => write!(f, "it is {kind}, not a regular file"),
            ReadError::TooLarge(Some(n)) => write!(f, "it is too large ({n} bytes)"),
            ReadError::TooLarge(None) => f.write_str("it is too large"),
            ReadError::Io(e) => match e.kind() {
                io::ErrorKind::NotFound => f.write_str("no such file or directory"),
                io::ErrorKind::PermissionDenied => f.write_str("permission denied"),
                _ => write!(f, "{e}"),
            },
        }
    }
}

/// What kind of file, for messages: `None` for a regular file.
pub fn non_regular_kind(meta: &Metadata) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_file() {
        None
    } else if t.is_dir() {
        Some("a directory")
    } else if t.is_fifo() {
        Some("a FIFO (named pipe)")
    } else if t.is_char_device() {
        Some("a character device")
    } else if t.is_block_device() {
        Some("a block device")
    } else if t.is_socket() {
        Some("a socket")
    } else {
        Some("not a file")
    }
}

/// Read a regular file of at most `max_bytes`, refusing anything else before a byte is read: the
/// size comes from the file's metadata (a sparse 1 GB file costs nothing), FIFOs and devices are
/// refused without opening them for a blocking read, and at most `max_bytes` are ever read (a file
/// that grows while it is read is refused, not followed).
pub fn read_file(path: &Path, max_bytes: usize) -> Result<Vec<u8>, ReadError> {
    // stat first: opening a FIFO for reading blocks until a writer comes.
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if let Some(kind) = non_regular_kind(&meta) {
        return Err(ReadError::NotRegular(kind));
    }
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK: should the path have become a FIFO since, opening does not wait for a writer.
    let file =
        std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if let Some(kind) = non_regular_kind(&meta) {
        return Err(ReadError::NotRegular(kind));
    }
    read_limited(file, Some(meta.len()), max_bytes)
}

/// Read standard input, at most `max_bytes`: a redirected file is sized from its metadata first;
/// a pipe is read up to the limit and no further.
pub fn read_stdin(max_bytes: usize) -> Result<Vec<u8>, ReadError> {
    use std::os::fd::AsFd;
    let stdin = io::stdin();
    let size = stdin
        .as_fd()
        .try_clone_to_owned()
        .ok()
        .map(File::from)
        .and_then(|f| f.metadata().ok())
        .filter(Metadata::is_file)
        .map(|m| m.len());
    read_limited(stdin.lock(), size, max_bytes)
}

fn read_limited(reader: impl Read, size: Option<u64>, max_bytes: usize) -> Result<Vec<u8>, ReadError> {
    if let Some(size) = size
        && size > max_bytes as u64
    {
        return Err(ReadError::TooLarge(Some(size)));
    }
    let expected = size.map_or(64 * 1024, |s| s as usize + 1);
    let mut bytes = Vec::with_capacity(expected.min(max_bytes + 1));
    reader.take(max_bytes as u64 + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() > max_bytes {
        return Err(ReadError::TooLarge(size.filter(|&s| s > max_bytes as u64)));
    }
    Ok(bytes)
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
    fn long_lines_convert_both_ways_through_the_index() {
        // Many strides on one line, with characters of 1, 2, 3 and 4 bytes (and 2 UTF-16 units).
        let line: String = (0..1000).map(|i| ['a', 'é', '–', '𝄞'][i % 4]).collect();
        let src = SourceFile::new("t", format!("x\n{line}\ny"));
        let start = 2;
        let mut byte = start;
        let mut utf16 = 0;
        for (col, c) in line.chars().enumerate() {
            assert_eq!(src.offset_of(2, col), byte);
            assert_eq!(src.line_col(byte), LineCol { line: 2, column: col + 1 });
            assert_eq!(src.line_col_utf16(byte).column, utf16 + 1);
            assert_eq!(src.offset_of_utf16(1, utf16), byte);
            byte += c.len_utf8();
            utf16 += c.len_utf16();
        }
        assert_eq!(src.offset_of_utf16(1, utf16 + 50), start + line.len(), "clamped to the line");
        assert_eq!(src.offset_of(3, 0), src.text.len() - 1);
        assert_eq!(src.offset_of(2, 5000), src.text.len(), "past the end: the end");
    }

    #[test]
    fn reading_refuses_what_is_not_a_regular_file_or_too_large() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("plan.yaml");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        assert!(matches!(read_file(&fifo, 100), Err(ReadError::NotRegular("a FIFO (named pipe)"))));
        assert!(matches!(read_file(Path::new("/dev/zero"), 100), Err(ReadError::NotRegular("a character device"))));
        let sparse = dir.path().join("sparse.yaml");
        File::create(&sparse).unwrap().set_len(1 << 40).unwrap();
        assert!(matches!(read_file(&sparse, 100), Err(ReadError::TooLarge(Some(n))) if n == 1 << 40));
        let ok = dir.path().join("ok.yaml");
        std::fs::write(&ok, "a: 1\n").unwrap();
        assert_eq!(read_file(&ok, 5).unwrap(), b"a: 1\n");
        assert!(matches!(read_file(&ok, 4), Err(ReadError::TooLarge(Some(5)))));
        // A reader of unknown size is read up to the limit, and no further.
        let endless = io::repeat(b'a');
        assert!(matches!(read_limited(endless, None, 1000), Err(ReadError::TooLarge(None))));
    }

    #[test]
    fn crlf_lines() {
        let src = SourceFile::new("t", "a: 1\r\nb: 2\r\n");
        assert_eq!(src.line_text(1), "a: 1");
        assert_eq!(src.line_col(6), LineCol { line: 2, column: 1 });
    }
}
