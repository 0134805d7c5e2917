//! Edited speaker notes written back into the deck's own file.
//!
//! Owns turning "slide N's notes are now this text" into the file's new bytes. Only the bytes of
//! the slide's notes change — the note's syntax is kept, and so is every other byte (BOM, line
//! ends, spacing, other notes); a slide without notes gets a `<!-- … -->` comment after its last
//! line. The spans come from the parse ([`NoteSource`]), so nothing here parses Markdown; the
//! result is parsed again and refused unless it is the same deck with only those notes changed.
//! A text the note's own syntax cannot hold (`-->` in a comment, `---` after `???`) is written in
//! the next form that holds it. Pure: bytes in, bytes out.

use std::ops::Range;
use std::path::Path;

use super::comments::{ESCAPED_CLOSE, escape_breaks};
use super::model::{Deck, NoteForm, NoteSource, Slide};
use super::source;

/// Why notes could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The slide has no place in a Markdown file (a PDF page, presenterm's title slide).
    #[error("this slide is not written in the deck's Markdown, so its notes have nowhere to go")]
    NoPlace,
    /// The file does not hold the slide any more (changed since it was read).
    #[error("the file no longer holds this slide where it was; it changed on disk")]
    Moved,
    /// A note inside a quote or list, whose lines carry the container's marks.
    #[error(
        "a note of this slide sits inside a quote or list, where it cannot be rewritten safely; edit the file"
    )]
    Nested,
    /// The file is not UTF-8 text.
    #[error("the file is not UTF-8 text: {0}")]
    NotText(String),
    /// No form of the note kept the rest of the deck as it was.
    #[error(
        "no way of writing this note keeps the rest of the slide as it is (the text would change the deck); nothing was saved"
    )]
    Unsafe,
}

/// The file's new bytes with the notes of the slide whose content ends at byte `end` of the
/// decoded text (its [`super::Origin::end`]) replaced by `text`. `base_dir` is the folder the
/// deck's paths resolve against (the parse that checks the result needs it).
pub fn rewrite(
    bytes: &[u8],
    base_dir: &Path,
    end: usize,
    text: &str,
) -> Result<Vec<u8>, EditError> {
    let decoded = source::decode(bytes).map_err(|d| EditError::NotText(d.message))?;
    let before = super::parse(bytes, base_dir);
    let at = before
        .slides
        .iter()
        .position(|s| s.origin.as_ref().is_some_and(|o| o.end == end))
        .ok_or(EditError::Moved)?;
    let slide = &before.slides[at];
    let text = clean(text);
    if text == slide.notes_markdown() {
        return Ok(bytes.to_vec());
    }
    let sources: Option<Vec<&NoteSource>> = slide.notes.iter().map(|n| n.source.as_ref()).collect();
    let sources = sources.ok_or(EditError::Nested)?;
    // A slide without notes gets its dialect's own form: Deckset reads only `^` paragraphs.
    let new_form = match before.meta.dialect {
        super::Dialect::Deckset => NoteForm::Caret,
        _ => NoteForm::Comment,
    };
    let own = sources.first().map_or(new_form, |s| s.form.clone());
    // An emptied note goes with its lines; where that changes the deck (the one `???` that
    // made it a remark deck), its marker stays alone.
    let mut forms = if text.is_empty() {
        vec![NoteForm::Comment]
    } else {
        Vec::new()
    };
    for fallback in [own, NoteForm::Comment, NoteForm::SpeakerNote] {
        if !forms.contains(&fallback) {
            forms.push(fallback);
        }
    }
    let newline = newline_of(bytes);
    // Each form as typed, then with `---`/`--` lines escaped (the reader takes the escape off).
    let escaped = escape_breaks(&text);
    let writes = forms.iter().flat_map(|f| [(f, &text), (f, &escaped)]);
    for (form, written) in writes {
        let edits = edits(&decoded, &sources, end, form, written);
        let out = apply(bytes, &edits, newline);
        if same_but_notes(&before, at, &super::parse(&out, base_dir), &text) {
            return Ok(out);
        }
    }
    Err(EditError::Unsafe)
}

/// The text as a note holds it: `\n` line ends, no blank lines or spaces at either end.
fn clean(text: &str) -> String {
    source::normalise_newlines(text).trim().to_string()
}

/// The replacements, in decoded-text bytes: the first note becomes `text` in `form`, the
/// slide's other notes go (their text is in `text`, the one editor shows them all).
fn edits(
    decoded: &str,
    sources: &[&NoteSource],
    end: usize,
    form: &NoteForm,
    text: &str,
) -> Vec<(Range<usize>, String)> {
    let Some((first, rest)) = sources.split_first() else {
        return vec![(end..end, format!("\n\n{}", written(form, text, "")))];
    };
    let mut out = Vec::new();
    let old = decoded.get(first.span.clone()).unwrap_or("");
    out.push(match (text.is_empty(), form) {
        (false, _) => (first.span.clone(), written(form, text, old)),
        // Emptied, the note goes with its lines; where that changes the deck, only its text
        // goes: a bare `???` (the one that made it a remark deck), an empty `<!-- -->` (still
        // the last comment, which Slidev reads as the notes).
        (true, NoteForm::Marker(m)) => (first.span.clone(), m.clone()),
        (true, NoteForm::SpeakerNote) => (first.span.clone(), "<!-- -->".into()),
        (true, _) => (whole_lines(decoded, first.span.clone()), String::new()),
    });
    out.extend(
        rest.iter()
            .map(|s| (whole_lines(decoded, s.span.clone()), String::new())),
    );
    out
}

/// `text` written in `form`, following how `old` (the note it replaces) was laid out.
fn written(form: &NoteForm, text: &str, old: &str) -> String {
    let escaped = text.replace("-->", ESCAPED_CLOSE);
    let multi = text.contains('\n') || old.starts_with("<!--\n");
    match form {
        NoteForm::Comment if multi => format!("<!--\n{escaped}\n-->"),
        NoteForm::Comment => format!("<!-- {escaped} -->"),
        NoteForm::SpeakerNote if multi => {
            let body: Vec<String> = escaped
                .lines()
                .map(|l| {
                    if l.is_empty() {
                        String::new()
                    } else {
                        format!("  {l}")
                    }
                })
                .collect();
            format!("<!-- speaker_note: |\n{}\n-->", body.join("\n"))
        }
        NoteForm::SpeakerNote => format!("<!-- speaker_note: {escaped} -->"),
        NoteForm::Caret => text
            .split("\n\n")
            .map(|p| format!("^ {}", p.trim_start()))
            .collect::<Vec<_>>()
            .join("\n\n"),
        NoteForm::Marker(m) => {
            let same_line = old.lines().next().is_some_and(|l| l.trim().len() > m.len());
            if m != "???" && same_line {
                format!("{m} {text}")
            } else {
                format!("{m}\n{text}")
            }
        }
    }
}

/// `span` grown to its lines' ends when it fills them: removing a note that had lines of its
/// own removes those lines.
fn whole_lines(text: &str, span: Range<usize>) -> Range<usize> {
    let bytes = text.as_bytes();
    let at_start = span.start == 0 || bytes.get(span.start - 1) == Some(&b'\n');
    let at_end = span.end >= bytes.len() || bytes.get(span.end) == Some(&b'\n');
    if !(at_start && at_end) {
        return span;
    }
    if span.end < bytes.len() {
        span.start..span.end + 1
    } else {
        span.start.saturating_sub(1)..span.end
    }
}

/// The file's line end: the first one it has (`\n` for a file of one line).
fn newline_of(bytes: &[u8]) -> &'static str {
    match bytes.iter().position(|&b| b == b'\r' || b == b'\n') {
        Some(i) if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') => "\r\n",
        Some(i) if bytes[i] == b'\r' => "\r",
        _ => "\n",
    }
}

/// The file's bytes with `edits` (decoded-text ranges) made, new text in the file's line ends.
fn apply(bytes: &[u8], edits: &[(Range<usize>, String)], newline: &str) -> Vec<u8> {
    let mut sorted: Vec<&(Range<usize>, String)> = edits.iter().collect();
    sorted.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut out = bytes.to_vec();
    for (range, text) in sorted {
        let start = original_offset(bytes, range.start);
        let end = original_offset(bytes, range.end);
        let text = if newline == "\n" {
            text.clone()
        } else {
            text.replace('\n', newline)
        };
        out.splice(start..end, text.into_bytes());
    }
    out
}

/// The byte of the file that decoded-text byte `decoded` came from (the BOM and the `\r` of
/// each `\r\n` are not in the decoded text).
pub fn original_offset(bytes: &[u8], decoded: usize) -> usize {
    let mut i = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let mut d = 0;
    while d < decoded && i < bytes.len() {
        i += if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            2
        } else {
            1
        };
        d += 1;
    }
    i
}

/// Whether `after` is `before` with only slide `at`'s notes changed, to `text`.
fn same_but_notes(before: &Deck, at: usize, after: &Deck, text: &str) -> bool {
    // The dialect may change (a deck whose one remark trait was the `???` note now rewritten as
    // a comment) as long as every slide reads the same.
    let meta = |d: &Deck| super::Meta {
        dialect: super::Dialect::Common,
        ..d.meta.clone()
    };
    before.slides.len() == after.slides.len()
        && meta(before) == meta(after)
        && before
            .slides
            .iter()
            .zip(&after.slides)
            .enumerate()
            .all(|(i, (b, a))| shape(b) == shape(a) && (i == at || notes(b) == notes(a)))
        && after.slides[at].notes_markdown() == text
}

/// What a slide shows, without positions in the file (a longer note moves the lines below it).
fn shape(slide: &Slide) -> String {
    let shown = (
        &slide.title,
        &slide.blocks,
        &slide.images,
        slide.steps,
        &slide.style,
        slide.time_budget,
        &slide.page,
    );
    without_positions(&format!("{shown:?}"))
}

fn notes(slide: &Slide) -> Vec<&str> {
    slide.notes.iter().map(|n| n.text.as_str()).collect()
}

/// `text` (a `Debug` dump) without the numbers after `line: ` and `column: `.
fn without_positions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = ["line: ", "column: "]
        .iter()
        .filter_map(|k| rest.find(k).map(|i| i + k.len()))
        .min()
    {
        out.push_str(&rest[..i]);
        rest = rest[i..].trim_start_matches(|c: char| c.is_ascii_digit());
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEW: &str =
        "천천히 말하기 — slow down\n\n- `-->` is how a comment ends\n---\nthen the demo";

    /// Edits slide `at` of `deck` to `text` and returns the new file and its parse.
    fn edit(deck: &str, at: usize, text: &str) -> (String, Deck) {
        let before = super::super::parse(deck.as_bytes(), Path::new("."));
        let end = before.slides[at].origin.as_ref().expect("origin").end;
        let out = rewrite(deck.as_bytes(), Path::new("."), end, text).expect("rewritten");
        let after = super::super::parse(&out, Path::new("."));
        assert_eq!(after.slides.len(), before.slides.len());
        for (i, (b, a)) in before.slides.iter().zip(&after.slides).enumerate() {
            if i != at {
                assert_eq!(notes(b), notes(a), "slide {i} notes");
            }
            assert_eq!(shape(b), shape(a), "slide {i}");
        }
        assert_eq!(after.slides[at].notes_markdown(), text.trim());
        (String::from_utf8(out).expect("utf-8"), after)
    }

    #[test]
    fn a_comment_note_is_rewritten_in_place() {
        let deck = "# One\n\n<!-- old note -->\n\n---\n\n# Two\n\n<!-- keep me -->\n";
        let (out, _) = edit(deck, 0, "new note");
        assert_eq!(
            out,
            "# One\n\n<!-- new note -->\n\n---\n\n# Two\n\n<!-- keep me -->\n"
        );
    }

    #[test]
    fn every_syntax_takes_korean_multiline_text_with_comment_ends_and_rules() {
        let decks = [
            "# A\n\n<!--\nold\n-->\n\n---\n\n# B\n\n<!-- b -->\n",
            "# A\n\n<!-- speaker_note: old -->\n\n---\n\n# B\n\n<!-- speaker_note: b -->\n",
            "# A\n\n^ old line\ncontinued\n\n---\n\n# B\n\n^ b\n",
            "class: center\n\n# A\n\n???\nold\n\n---\n\n# B\n\n???\nb\n",
            "# A\n\nNote: old\n\n---\n\n# B\n\nNote: b\n",
            "# A\n\nNotes:\nold\n\n---\n\n# B\n\nNotes:\nb\n",
        ];
        for deck in decks {
            let (out, after) = edit(deck, 0, NEW);
            assert!(
                out.ends_with(&deck[deck.find("# B").expect("B")..]),
                "{out}"
            );
            assert_eq!(after.slides[1].notes_markdown(), "b", "{out}");
            assert!(out.starts_with("# A") || out.starts_with("class"), "{out}");
        }
    }

    #[test]
    fn a_slide_without_notes_gets_one_comment_after_its_last_line() {
        let deck = "# One\n\ntext\n\n---\n\n# Two\n";
        let (out, _) = edit(deck, 0, "a note");
        assert_eq!(out, "# One\n\ntext\n\n<!-- a note -->\n\n---\n\n# Two\n");
        let (out, _) = edit(deck, 1, "두 번째\n줄");
        assert_eq!(
            out,
            format!("{}\n\n<!--\n두 번째\n줄\n-->\n", deck.trim_end())
        );
    }

    #[test]
    fn crlf_and_bom_stay() {
        let deck = "\u{feff}# One\r\n\r\n<!-- old -->\r\n\r\n---\r\n\r\n# Two\r\n";
        let (out, _) = edit(deck, 0, "line one\nline two");
        assert_eq!(
            out,
            "\u{feff}# One\r\n\r\n<!--\r\nline one\r\nline two\r\n-->\r\n\r\n---\r\n\r\n# Two\r\n"
        );
        let (out, _) = edit(deck, 1, "added");
        assert_eq!(
            out,
            format!("{}\r\n\r\n<!-- added -->\r\n", deck.trim_end())
        );
    }

    #[test]
    fn an_emptied_note_goes_with_its_lines() {
        let deck = "# One\n\n<!-- old -->\n\n---\n\n# Two\n";
        let (out, after) = edit(deck, 0, "  ");
        assert_eq!(out, "# One\n\n\n---\n\n# Two\n");
        assert!(after.slides[0].notes.is_empty());
    }

    #[test]
    fn a_text_the_comment_would_read_as_a_directive_is_a_speaker_note() {
        let deck = "# One\n\n<!-- old -->\n";
        let (out, _) = edit(deck, 0, "pause");
        assert_eq!(out, "# One\n\n<!-- speaker_note: pause -->\n");
        let (out, _) = edit(deck, 0, "paginate: true");
        assert!(out.contains("speaker_note"), "{out}");
    }

    #[test]
    fn a_slide_break_inside_a_marker_note_is_escaped_and_read_back_as_typed() {
        let deck = "# A\n\n???\nold\n\n---\n\n# B\n";
        let (out, after) = edit(deck, 0, "x\n---\ny");
        assert_eq!(out, "# A\n\n???\nx\n\\---\ny\n\n---\n\n# B\n");
        assert_eq!(after.slides[0].notes_markdown(), "x\n---\ny");
    }

    #[test]
    fn several_notes_become_one_in_the_first_place() {
        let deck = "# A\n\n<!-- one -->\n\ntext\n\n<!-- two -->\n";
        let (out, _) = edit(deck, 0, "one\n\ntwo and more");
        assert_eq!(out, "# A\n\n<!--\none\n\ntwo and more\n-->\n\ntext\n\n");
    }

    #[test]
    fn a_file_that_changed_is_not_guessed_at() {
        let deck = "# A\n\n<!-- one -->\n";
        assert_eq!(
            rewrite(deck.as_bytes(), Path::new("."), 999, "x"),
            Err(EditError::Moved)
        );
    }

    #[test]
    fn offsets_map_back_through_bom_and_crlf() {
        let bytes = b"\xEF\xBB\xBFa\r\nb\rc";
        assert_eq!(original_offset(bytes, 0), 3);
        assert_eq!(original_offset(bytes, 1), 4);
        assert_eq!(original_offset(bytes, 2), 6);
        assert_eq!(original_offset(bytes, 4), 8);
    }
}
