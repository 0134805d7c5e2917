//! Source text: bytes to normalised text, and byte offsets to line numbers.
//!
//! Owns decoding (UTF-8 with or without BOM; CRLF and lone CR become LF, which keeps every line
//! number) and the line index the rest of the parser uses for positions.

use super::diagnostic::Diagnostic;

/// Decodes a deck file: strips a UTF-8 BOM and normalises line endings to `\n`.
pub fn decode(bytes: &[u8]) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(normalise_newlines(text)),
        Err(e) => Err(not_utf8(bytes, e.valid_up_to())),
    }
}

/// `\r\n` and lone `\r` as `\n`.
pub fn normalise_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Byte offset of each line of `text` (a line starts after each `\n`).
pub fn line_starts(text: &str) -> Vec<usize> {
    // memchr's vectorised search: `match_indices` paid a searcher set-up per line.
    let mut starts = Vec::with_capacity(text.len() / 40 + 1);
    starts.push(0);
    starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
    starts
}

/// The lines of `text` (as `text.split('\n')` gives them), from its [`line_starts`].
pub fn lines_of<'a>(text: &'a str, starts: &[usize]) -> Vec<&'a str> {
    let ends = starts.iter().skip(1).map(|next| next - 1);
    starts
        .iter()
        .zip(ends.chain(std::iter::once(text.len())))
        .map(|(&start, end)| &text[start..end])
        .collect()
}

fn not_utf8(bytes: &[u8], offset: usize) -> Diagnostic {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    let byte = bytes.get(offset).copied().unwrap_or(0);
    Diagnostic::new(
        super::diagnostic::Severity::Error,
        line,
        column,
        format!(
            "the deck is not UTF-8 text: byte 0x{byte:02X} at byte offset {offset} is not valid UTF-8"
        ),
        "save the file as UTF-8; a Korean file saved as EUC-KR/CP949 converts with \
         `iconv -f cp949 -t utf-8 deck.md > deck-utf8.md`",
    )
}

/// Maps byte offsets in one text to 0-based lines and 1-based columns.
///
/// It counts the newlines between the offset asked last and the one asked now, so a reader that
/// walks a text front to back (as parser events do) counts each newline about once and allocates
/// nothing. Moving back counts the lines in between, just as exactly.
#[derive(Debug, Clone)]
pub struct LineCursor<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
}

impl<'a> LineCursor<'a> {
    /// A cursor at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            offset: 0,
            line: 0,
        }
    }

    /// 0-based line holding byte `offset` (a newline belongs to the line it ends).
    pub fn line_of(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let bytes = self.text.as_bytes();
        if offset >= self.offset {
            self.line += newlines(&bytes[self.offset..offset]);
        } else {
            self.line -= newlines(&bytes[offset..self.offset]);
        }
        self.offset = offset;
        self.line
    }

    /// 1-based column (in characters) of byte `offset`.
    pub fn column_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let bytes = &self.text.as_bytes()[..offset];
        let start = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        // Counting the bytes that do not continue a UTF-8 sequence counts characters, even
        // when `offset` is not on a character boundary.
        bytes[start..].iter().filter(|&&b| b & 0xC0 != 0x80).count() + 1
    }
}

/// `\n` bytes in `bytes` (memchr counts a vector of bytes at a time).
fn newlines(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', bytes).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_and_normalises_crlf_keeping_lines() {
        let text = decode(b"\xEF\xBB\xBF# A\r\n\r\nb\rc").expect("valid");
        assert_eq!(text, "# A\n\nb\nc");
    }

    #[test]
    fn non_utf8_names_byte_offset_line_and_column() {
        let d = decode(b"# ok\nab\xB0\xA1").expect_err("cp949 bytes");
        assert_eq!((d.line, d.column), (2, 3));
        assert!(d.message.contains("byte offset 7"), "{}", d.message);
        assert!(d.message.contains("0xB0"), "{}", d.message);
    }

    #[test]
    fn line_index_maps_offsets() {
        let text = "ab\n한글\nc";
        let mut idx = LineCursor::new(text);
        assert_eq!(idx.line_of(0), 0);
        assert_eq!(idx.line_of(2), 0);
        assert_eq!(idx.line_of(3), 1);
        assert_eq!(idx.column_of(6), 2);
        assert_eq!(idx.column_of(3), 1);
        assert_eq!(idx.line_of(text.len()), 2);
        // Back again, and past the end.
        assert_eq!(idx.line_of(1), 0);
        assert_eq!(idx.line_of(9), 1);
        assert_eq!(idx.line_of(usize::MAX), 2);
        assert_eq!(idx.column_of(text.len()), 2);
    }

    #[test]
    fn lines_from_line_starts_are_the_split_lines() {
        for text in ["", "\n", "a", "a\n", "\n\nb", "ab\n한글\n\nc\n", "한\n"] {
            let starts = line_starts(text);
            let split: Vec<&str> = text.split('\n').collect();
            assert_eq!(lines_of(text, &starts), split, "{text:?}");
            assert_eq!(starts.len(), split.len(), "{text:?}");
        }
    }
}
