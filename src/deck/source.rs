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

fn normalise_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
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

/// Maps byte offsets in one text to 1-based line and column numbers.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        // `split` finds `\n` with memchr; a byte-by-byte filter was a tenth of parse time.
        let mut starts = Vec::with_capacity(text.len() / 24 + 1);
        let mut pos = 0;
        for line in text.split('\n') {
            starts.push(pos);
            pos += line.len() + 1;
        }
        Self { starts }
    }

    /// 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// 1-based column (in characters) of byte `offset` in `text`.
    pub fn column_of(&self, text: &str, offset: usize) -> usize {
        let start = self.starts.get(self.line_of(offset)).copied().unwrap_or(0);
        text.get(start..offset.min(text.len()))
            .map_or(0, |s| s.chars().count())
            + 1
    }
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
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_of(0), 0);
        assert_eq!(idx.line_of(2), 0);
        assert_eq!(idx.line_of(3), 1);
        assert_eq!(idx.column_of(text, 6), 2);
        assert_eq!(idx.line_of(text.len()), 2);
    }
}
