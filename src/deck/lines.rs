//! The line pass over one slide: note syntaxes that live on whole lines (`???`, `Note:`, `^ `),
//! Deckset's `[.command]` lines, remark's slide properties, and small rewrites (`#[fit]`, `--`).
//!
//! Owns everything decided per line before the slide's Markdown is parsed. It keeps the line
//! count unchanged (a taken line becomes blank) so every later position still maps to the file.

use std::borrow::Cow;

use super::front_matter::yaml_key;
use super::model::{Dialect, Note, NoteForm};

/// remark's slide property names.
const REMARK_PROPERTIES: &[&str] = &[
    "name",
    "class",
    "layout",
    "template",
    "background-image",
    "background-position",
    "background-size",
    "background-color",
    "count",
    "exclude",
    "seal",
];

/// What the line pass took out of a slide.
#[derive(Debug, Default, PartialEq)]
pub struct LinePass<'a> {
    /// The slide's lines with notes and commands blanked, ready for Markdown.
    pub content: Vec<Cow<'a, str>>,
    /// Notes found on lines, in order.
    pub notes: Vec<Note>,
    /// For each note: its syntax and its lines (indices into the slide's lines, up to its last
    /// non-blank line).
    pub spans: Vec<(NoteForm, std::ops::Range<usize>)>,
    /// Deckset `[.key: value]` commands and remark properties, with 1-based lines.
    pub commands: Vec<(String, String, usize)>,
}

/// Runs the line pass. `code[i]` says whether `lines[i]` is code; `first_line` is the 1-based
/// file line of `lines[0]`.
pub fn run<'a>(
    lines: &[&'a str],
    code: &[bool],
    first_line: usize,
    dialect: Dialect,
) -> LinePass<'a> {
    let mut pass = LinePass {
        content: Vec::with_capacity(lines.len()),
        ..LinePass::default()
    };
    let mut rest_is_notes: Option<usize> = None;
    let mut caret_note = false;
    let mut at_start = true;
    let mut in_comment = false;
    let mut classes: Vec<&str> = Vec::new();
    for (i, &line) in lines.iter().enumerate() {
        let file_line = first_line + i;
        let is_code = code.get(i).copied().unwrap_or(false);
        if let Some(note) = rest_is_notes {
            append(&mut pass.notes[note].text, line);
            if !line.trim().is_empty() {
                pass.spans[note].1.end = i + 1;
            }
            pass.content.push(Cow::Borrowed(""));
            continue;
        }
        if is_code || in_comment || opens_comment(line) {
            in_comment = comment_open_after(line, in_comment) && !is_code;
            caret_note = false;
            at_start = false;
            pass.content.push(Cow::Borrowed(line));
            continue;
        }
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            caret_note = false;
            pass.content.push(Cow::Borrowed(""));
            continue;
        }
        if let Some(first) = rest_of_slide_note(trimmed) {
            let marker = trimmed.find(':').map_or("???", |c| &trimmed[..=c]);
            pass.notes.push(Note::new(file_line, first.to_string()));
            pass.spans
                .push((NoteForm::Marker(marker.to_string()), i..i + 1));
            rest_is_notes = Some(pass.notes.len() - 1);
            pass.content.push(Cow::Borrowed(""));
            continue;
        }
        // Deckset reads `^Text` as a note too (most real decks write it so); elsewhere only
        // `^ text` is one, so a line that merely starts with a caret stays text.
        if let Some(text) = line.strip_prefix('^').filter(|t| {
            t.is_empty()
                || t.starts_with(' ')
                || (dialect == Dialect::Deckset && !t.starts_with('^'))
        }) {
            pass.notes
                .push(Note::new(file_line, text.trim().to_string()));
            pass.spans.push((NoteForm::Caret, i..i + 1));
            caret_note = true;
            pass.content.push(Cow::Borrowed(""));
            continue;
        }
        if caret_note {
            if let Some(note) = pass.notes.last_mut() {
                append(&mut note.text, line.trim());
            }
            if let Some((_, lines)) = pass.spans.last_mut() {
                lines.end = i + 1;
            }
            pass.content.push(Cow::Borrowed(""));
            continue;
        }
        if let Some((key, value)) = deckset_command(trimmed) {
            pass.commands.push((key, value, file_line));
            pass.content.push(Cow::Borrowed(""));
            continue;
        }
        if dialect == Dialect::Remark {
            if at_start && let Some((key, value)) = remark_property(trimmed) {
                pass.commands.push((key, value, file_line));
                pass.content.push(Cow::Borrowed(""));
                continue;
            }
            if is_remark_class_bracket(trimmed) {
                let column = remark_columns(trimmed, file_line, &mut classes, &mut pass.commands);
                // Where columns begin or end, an empty comment keeps a list in one column from
                // running on into the next; other class lines just go.
                pass.content
                    .push(Cow::Borrowed(if column { "<!-- -->" } else { "" }));
                continue;
            }
        }
        at_start = false;
        pass.content.push(rewrite(line, dialect));
    }
    for note in &mut pass.notes {
        trim_in_place(&mut note.text);
    }
    // An empty note goes, with its span.
    (pass.notes, pass.spans) = std::mem::take(&mut pass.notes)
        .into_iter()
        .zip(std::mem::take(&mut pass.spans))
        .filter(|(n, _)| !n.text.is_empty())
        .unzip();
    pass
}

/// A line that starts a comment running past its end.
fn opens_comment(line: &str) -> bool {
    comment_open_after(line, false)
}

/// Whether a comment is still open after `line`, given whether one was open before it.
fn comment_open_after(line: &str, mut open: bool) -> bool {
    // Most lines hold neither; a byte scan is much cheaper than a `char` pattern.
    if !line.bytes().any(|b| b == b'<' || b == b'>') {
        return open;
    }
    let mut s = line;
    loop {
        let marker = if open { "-->" } else { "<!--" };
        let Some(at) = super::comments::find(s, marker) else {
            return open;
        };
        s = &s[at + marker.len()..];
        open = !open;
    }
}

fn trim_in_place(text: &mut String) {
    text.truncate(text.trim_end().len());
    let lead = text.len() - text.trim_start().len();
    text.drain(..lead);
}

fn append(text: &mut String, line: &str) {
    if !text.is_empty() || !line.trim().is_empty() {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(line);
    }
}

/// `???` (remark) and `Note:`/`Notes:` (reveal.js) start notes that run to the slide's end;
/// returns the note text on the same line.
fn rest_of_slide_note(line: &str) -> Option<&str> {
    if line == "???" {
        return Some("");
    }
    // Most lines are not notes: look for the colon only after an `n`.
    if !line.as_bytes().first()?.eq_ignore_ascii_case(&b'n') {
        return None;
    }
    let (head, rest) = line.split_once(':')?;
    (head.eq_ignore_ascii_case("note") || head.eq_ignore_ascii_case("notes")).then(|| rest.trim())
}

/// Deckset's slide commands: `[.hide-footer]`, `[.slidenumbers: false]`, `[.autoscale: true]`.
fn deckset_command(line: &str) -> Option<(String, String)> {
    let inner = line.strip_prefix("[.")?.strip_suffix(']')?;
    let (key, value) = inner.split_once(':').unwrap_or((inner, ""));
    let valid = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    valid.then(|| (key.trim().to_string(), value.trim().to_string()))
}

fn remark_property(line: &str) -> Option<(String, String)> {
    let key = yaml_key(line)?;
    REMARK_PROPERTIES
        .contains(&key)
        .then(|| (key.to_string(), line[key.len() + 1..].trim().to_string()))
}

/// remark's content-class wrappers on their own lines: `.left-column[` and `]`.
fn is_remark_class_bracket(line: &str) -> bool {
    let t = line.trim();
    t == "]"
        || (t.starts_with('.')
            && t.ends_with('[')
            && t[1..t.len() - 1]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
}

/// remark's column classes as column directives: `.left-column[` (a fifth of the width, as
/// remark's default style has it) and `.right-column[`, `.pull-left[` and `.pull-right[` (halves).
/// The layout opens with the first column's class and resets when the right one closes.
/// Returns whether the line opened or closed a column.
fn remark_columns<'a>(
    line: &'a str,
    file_line: usize,
    classes: &mut Vec<&'a str>,
    commands: &mut Vec<(String, String, usize)>,
) -> bool {
    let is_column = |c: &str| {
        matches!(
            c,
            "left-column" | "right-column" | "pull-left" | "pull-right"
        )
    };
    let Some(class) = line.strip_prefix('.').and_then(|c| c.strip_suffix('[')) else {
        // `]` closes the innermost class.
        let closed = classes.pop();
        if matches!(closed, Some("right-column" | "pull-right")) {
            commands.push(("reset_layout".into(), String::new(), file_line));
        }
        return closed.is_some_and(is_column);
    };
    classes.push(class);
    let (layout, column) = match class {
        "left-column" => ("[1, 4]", "0"),
        "right-column" => ("[1, 4]", "1"),
        "pull-left" => ("[1, 1]", "0"),
        "pull-right" => ("[1, 1]", "1"),
        _ => return false,
    };
    let layout_open = commands
        .iter()
        .rev()
        .find(|c| c.0 == "column_layout" || c.0 == "reset_layout")
        .is_some_and(|c| c.0 == "column_layout");
    let mut push = |key: &str, value: &str| {
        commands.push((key.to_string(), value.to_string(), file_line));
    };
    // A left column starts a new layout; a right one joins the open layout or starts one.
    if column == "0" || !layout_open {
        push("column_layout", layout);
    }
    push("column", column);
    true
}

/// Rewrites peer syntax into the CommonMark ltdeck parses: Deckset's `#[fit]` and remark's
/// `#Title` need a space to be headings; remark's `--` line is a pause.
fn rewrite(line: &str, dialect: Dialect) -> Cow<'_, str> {
    if line.trim_end() == "--" {
        return Cow::Borrowed("<!-- pause -->");
    }
    let hashes = line.len() - line.trim_start_matches('#').len();
    let rest = &line[hashes..];
    let needs_space = rest.starts_with("[fit]")
        || (dialect == Dialect::Remark && rest.chars().next().is_some_and(char::is_alphanumeric));
    if (1..=6).contains(&hashes) && needs_space {
        return Cow::Owned(format!("{} {rest}", &line[..hashes]));
    }
    if dialect == Dialect::Remark {
        return unwrap_inline_classes(line);
    }
    if dialect == Dialect::Slidev {
        return strip_mdc_attributes(line);
    }
    Cow::Borrowed(line)
}

/// Slidev's MDC attributes (`Yak{.important-text-3em}`, `[word]{style="color:red"}`,
/// `# Title {#id .big}`) are styling ltdeck does not draw: they go, the text stays. Only a `{`
/// right after text or `]` whose inside starts with `.`, `#` or `name=` is one; code spans are
/// left alone.
fn strip_mdc_attributes(line: &str) -> Cow<'_, str> {
    if !line.contains('{') {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
        }
        let attrs = (!in_code && c == '{')
            .then(|| mdc_attribute_len(rest, out.chars().last()))
            .flatten();
        match attrs {
            Some(len) => {
                // `# Title {#id}`: the space before the attributes goes too.
                out.truncate(out.trim_end().len());
                rest = &rest[len..];
            }
            None => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    Cow::Owned(out)
}

/// The byte length of an MDC attribute group at the start of `text` (`{.a #b c="d"}`), if it is
/// one: after `before` (text, `]`, or a space in a heading), its inside starts with `.`, `#` or
/// `name=`.
fn mdc_attribute_len(text: &str, before: Option<char>) -> Option<usize> {
    let before = before?;
    if before == '{' || before == '$' || before == '\\' {
        return None;
    }
    let close = text.find('}')?;
    let inside = text[1..close].trim();
    let first = inside.split_whitespace().next()?;
    let ident = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':'))
    };
    // Classes and ids may be chained: `{.op50.text-2xl}`, `{#intro.big}`.
    let attribute = first.starts_with(['.', '#']) && first[1..].split(['.', '#']).all(ident)
        || first.split_once('=').is_some_and(|(k, _)| ident(k));
    attribute.then_some(close + 1)
}

/// remark's inline classes, `.red[*]` and `.footnote[text]`, are styling ltdeck does not have:
/// the text stays, the wrapper goes (nested ones too). Code spans are left alone, and a bracket
/// that never closes leaves the rest of the line as written.
fn unwrap_inline_classes(line: &str) -> Cow<'_, str> {
    let bytes = line.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut in_code = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'`' => in_code = !in_code,
            b'.' if !in_code => {
                if let Some((open, close)) = inline_class_at(bytes, i) {
                    out.push_str(&line[copied..i]);
                    out.push_str(&unwrap_inline_classes(&line[open + 1..close]));
                    copied = close + 1;
                    i = close;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if copied == 0 {
        return Cow::Borrowed(line);
    }
    out.push_str(&line[copied..]);
    // `.footnote[.red[*] text]` unwraps to `* text`, which Markdown would read as a list item:
    // text that was inside a class stays text.
    let body = out.trim_start();
    let indent = out.len() - body.len();
    if line.trim_start().starts_with('.') && body.starts_with(['*', '-', '+', '#', '>']) {
        out.insert(indent, '\\');
    }
    Cow::Owned(out)
}

/// For a `.class[…]` starting at `dot`: the byte offsets of its `[` and its matching `]`.
fn inline_class_at(bytes: &[u8], dot: usize) -> Option<(usize, usize)> {
    if !bytes.get(dot + 1)?.is_ascii_alphabetic() {
        return None;
    }
    let name_len = bytes[dot + 1..]
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')))?;
    let open = dot + 1 + name_len;
    if bytes[open] != b'[' {
        return None;
    }
    let mut depth = 0usize;
    for (k, b) in bytes.iter().enumerate().skip(open) {
        match b {
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some((open, k));
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pass(text: &str, dialect: Dialect) -> LinePass<'_> {
        let lines: Vec<&str> = text.split('\n').collect();
        let code = vec![false; lines.len()];
        run(&lines, &code, 10, dialect)
    }

    fn notes<'p>(p: &'p LinePass<'_>) -> Vec<(usize, &'p str)> {
        p.notes.iter().map(|n| (n.line, n.text.as_str())).collect()
    }

    #[test]
    fn slidev_mdc_attributes_never_show_as_text() {
        for (line, want) in [
            ("# Yak{.important-text-3em}", "# Yak"),
            ("# Title {#intro .big}", "# Title"),
            ("A [red]{style=\"color:red\"} word", "A [red] word"),
            ("`code{.not}` stays", "`code{.not}` stays"),
            ("a set {1, 2} and $x^{2}$", "a set {1, 2} and $x^{2}$"),
            ("{.lonely} at the start", "{.lonely} at the start"),
        ] {
            assert_eq!(rewrite(line, Dialect::Slidev), want, "{line:?}");
        }
        assert_eq!(rewrite("# Yak{.x}", Dialect::Common), "# Yak{.x}");
    }

    #[test]
    fn remark_inline_classes_unwrap_to_their_text() {
        let cases = [
            (
                "Then remark might be perfect for your next.red[*] slideshow!",
                "Then remark might be perfect for your next* slideshow!",
            ),
            (
                ".footnote[.red.bold[*] Important footnote]",
                "\\* Important footnote",
            ),
            (
                ".footnote[Go to [the site](https://x.org/a.b)]",
                "Go to [the site](https://x.org/a.b)",
            ),
            ("code `a.b[0]` stays", "code `a.b[0]` stays"),
            ("open .red[never closed", "open .red[never closed"),
            (
                "e.g. [a link](x.md) and 1.5[2]",
                "e.g. [a link](x.md) and 1.5[2]",
            ),
            ("한국어 .red[강조] 끝", "한국어 강조 끝"),
        ];
        for (line, want) in cases {
            assert_eq!(rewrite(line, Dialect::Remark), want, "{line:?}");
        }
        // Other dialects keep the text as written.
        assert_eq!(rewrite("next.red[*]", Dialect::Common), "next.red[*]");
    }

    #[test]
    fn triple_question_mark_notes_run_to_slide_end() {
        let p = pass("# A\ntext\n???\nnote *one*\n\nnote two", Dialect::Remark);
        assert_eq!(notes(&p), [(12, "note *one*\n\nnote two")]);
        assert_eq!(p.content, ["# A", "text", "", "", "", ""]);
    }

    #[test]
    fn reveal_note_prefix_is_case_insensitive_and_keeps_first_line() {
        for prefix in ["Note:", "notes:", "NOTE:"] {
            let text = format!("## A\n{prefix} say hi\nand more");
            let p = pass(&text, Dialect::Common);
            assert_eq!(notes(&p), [(11, "say hi\nand more")], "{prefix}");
        }
    }

    #[test]
    fn caret_paragraphs_are_notes_and_content_continues() {
        let p = pass(
            "# A\n\n^ first note\ncontinues\n\n^ second\n^ third\n\nbody",
            Dialect::Deckset,
        );
        assert_eq!(
            notes(&p),
            [(12, "first note\ncontinues"), (15, "second"), (16, "third")]
        );
        assert_eq!(p.content.last().map(|c| c.as_ref()), Some("body"));
    }

    #[test]
    fn code_lines_are_left_alone() {
        let lines = ["```", "???", "^ x", "Note: y", "```"];
        let code = [true; 5];
        let p = run(&lines, &code, 1, Dialect::Remark);
        assert!(p.notes.is_empty());
        assert_eq!(p.content, lines);
    }

    #[test]
    fn lines_inside_a_multi_line_comment_are_left_for_the_comment() {
        let p = pass("# A\n<!--\nNotes:\n- a\n-->\n^ real", Dialect::Common);
        assert_eq!(notes(&p), [(15, "real")]);
        assert_eq!(p.content[2], "Notes:");
    }

    #[test]
    fn deckset_commands_and_fit_headings() {
        let p = pass(
            "[.hide-footer]\n[.slidenumbers: false]\n#[fit] Big",
            Dialect::Deckset,
        );
        assert_eq!(
            p.commands,
            [
                ("hide-footer".to_string(), String::new(), 10),
                ("slidenumbers".to_string(), "false".to_string(), 11)
            ]
        );
        assert_eq!(p.content[2], "# [fit] Big");
    }

    #[test]
    fn dash_dash_is_a_pause_but_attribution_is_text() {
        let p = pass("a\n--\n-- Alan Kay", Dialect::Common);
        assert_eq!(p.content, ["a", "<!-- pause -->", "-- Alan Kay"]);
    }

    #[test]
    fn remark_headings_may_omit_the_space() {
        assert_eq!(pass("#remark", Dialect::Remark).content, ["# remark"]);
        assert_eq!(pass("#hashtag", Dialect::Common).content, ["#hashtag"]);
    }

    #[test]
    fn remark_properties_only_at_slide_start() {
        let p = pass(
            "name: intro\nclass: center, middle\n\n# Hi\nlayout: not a property",
            Dialect::Remark,
        );
        assert_eq!(p.commands.len(), 2);
        assert_eq!(p.commands[1].1, "center, middle");
        assert_eq!(p.content[4], "layout: not a property");
    }
}
