//! HTML comments in slides: directives (`pause`, `time: 20s`, Marp's `_class: lead`, presenterm's
//! commands) or speaker notes.
//!
//! Owns the rule that tells them apart. A comment is a directive only when every line of it is a
//! directive ltdeck or a peer presenter knows; anything else is a note, so no note is lost.

use super::front_matter::yaml_key;

/// What a comment means.
#[derive(Debug, Clone, PartialEq)]
pub enum Comment {
    /// Nothing to do (empty, `end_slide`, reveal.js `.slide:` attributes, layout commands).
    Ignore,
    /// `<!-- pause -->`: what follows appears one step later.
    Pause,
    /// `<!--fit-->` inside a heading.
    Fit,
    /// `<!-- time: 20s -->`: this slide's time budget, as written.
    Time(String),
    /// Key/value directives (Marp's `paginate`, `_class`, presenterm's `incremental_lists`).
    Directives(Vec<(String, String)>),
    /// A speaker note (Markdown).
    Note(String),
}

/// Marp's directive keys (global and local; spot directives add a leading `_`).
const MARP_KEYS: &[&str] = &[
    "backgroundColor",
    "backgroundImage",
    "backgroundPosition",
    "backgroundRepeat",
    "backgroundSize",
    "class",
    "color",
    "footer",
    "header",
    "headingDivider",
    "lang",
    "marp",
    "math",
    "paginate",
    "size",
    "style",
    "theme",
    "title",
    "transition",
];

/// presenterm's comment commands (`<!-- column: 1 -->`, `<!-- jump_to_middle -->`, …).
const PRESENTERM_COMMANDS: &[&str] = &[
    "alignment",
    "column",
    "column_layout",
    "font_size",
    "include",
    "incremental_lists",
    "jump_to_middle",
    "list_item_newlines",
    "new_line",
    "new_lines",
    "newline",
    "newlines",
    "no_footer",
    "reset_layout",
    "skip_slide",
    "snippet_output",
];

/// Classifies the text between `<!--` and `-->`.
pub fn classify(body: &str) -> Comment {
    let t = body.trim();
    if t.is_empty() || t == "end_slide" {
        return Comment::Ignore;
    }
    if t == "pause" {
        return Comment::Pause;
    }
    if t == "fit" {
        return Comment::Fit;
    }
    if let Some(note) = t.strip_prefix("speaker_note:") {
        return Comment::Note(speaker_note(note));
    }
    if t.starts_with(".slide:") || t.starts_with(".element:") || commented_out_commands(t) {
        return Comment::Ignore;
    }
    if let Some(time) = t.strip_prefix("time:") {
        return Comment::Time(time.trim().to_string());
    }
    if let Some(directives) = directives(t) {
        return Comment::Directives(directives);
    }
    Comment::Note(dedent(body))
}

/// Deckset commands put inside a comment to switch them off (`<!-- [.footer: …] -->`): Deckset
/// draws comments nowhere, and these are no note.
fn commented_out_commands(text: &str) -> bool {
    let mut lines = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .peekable();
    lines.peek().is_some() && lines.all(|l| l.starts_with("[.") && l.ends_with(']'))
}

/// How a note says `-->` inside a comment (which would end it): `--&gt;`, which Markdown shows
/// as `-->` anyway.
pub const ESCAPED_CLOSE: &str = "--&gt;";

/// A note's lines `---` and `--` written so no slide splitter takes them for a slide break
/// (remark splits at them even inside comments): `\---`, `\--`.
pub fn escape_breaks(note: &str) -> String {
    let lines: Vec<String> = note
        .split('\n')
        .map(|l| match l.trim_end() {
            "---" | "--" => format!("\\{l}"),
            _ => l.to_string(),
        })
        .collect();
    lines.join("\n")
}

/// A note as it is stored inside an HTML comment that holds nothing else: `-->` would end the
/// comment and a `---` or `--` line would split the slide for remark, so they become
/// [`ESCAPED_CLOSE`] and `\---` ([`unescape_note`] reads them back).
pub fn escape_note(note: &str) -> String {
    escape_breaks(&note.replace("-->", ESCAPED_CLOSE))
}

/// A note's text as the speaker wrote it, from how the notes writer had to store it
/// ([`ESCAPED_CLOSE`], [`escape_breaks`]); Markdown shows both forms alike.
pub fn unescape_note(note: &mut String) {
    // Both forms have `--`: most notes have no `-` at all, and a byte search says so fastest.
    if !note.as_bytes().contains(&b'-') {
        return;
    }
    if note.contains(ESCAPED_CLOSE) {
        *note = note.replace(ESCAPED_CLOSE, "-->");
    }
    if note.contains("\\--") {
        let lines: Vec<&str> = note
            .split('\n')
            .map(|l| match l.trim_end() {
                "\\---" | "\\--" => &l[1..],
                _ => l,
            })
            .collect();
        *note = lines.join("\n");
    }
}

/// Every line a known `key: value` directive or a bare presenterm command; otherwise `None`.
fn directives(text: &str) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if PRESENTERM_COMMANDS.contains(&line) {
            out.push((line.to_string(), String::new()));
            continue;
        }
        let key = yaml_key(line)?;
        let bare = key.trim_start_matches('_');
        if !MARP_KEYS.contains(&bare) && !PRESENTERM_COMMANDS.contains(&key) {
            return None;
        }
        let value = line[key.len() + 1..]
            .trim()
            .trim_matches('"')
            .trim_matches('\'');
        out.push((key.to_string(), value.to_string()));
    }
    (!out.is_empty()).then_some(out)
}

/// presenterm notes: one line, or a YAML `|` block on the following lines.
fn speaker_note(rest: &str) -> String {
    let first = rest.lines().next().unwrap_or("").trim();
    if first == "|" || first == "|-" || first == ">" {
        let body: Vec<&str> = rest.lines().skip(1).collect();
        return dedent(&body.join("\n"));
    }
    dedent(rest)
}

/// Removes the indentation common to all non-blank lines, and blank lines at both ends.
pub fn dedent(text: &str) -> String {
    if !text.contains('\n') {
        return text.trim().to_string();
    }
    let lines: Vec<&str> = text.lines().collect();
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let out: Vec<&str> = lines
        .iter()
        .map(|l| l.get(indent..).unwrap_or_else(|| l.trim_start()))
        .collect();
    out.join("\n").trim_matches('\n').trim_end().to_string()
}

/// Every `<!-- … -->` comment body in `html`, and the HTML left once they are removed.
pub fn extract(html: &str) -> (Vec<String>, String) {
    let mut bodies = Vec::new();
    let mut rest = String::new();
    let mut s = html;
    while let Some(open) = find(s, "<!--") {
        rest.push_str(&s[..open]);
        let after = &s[open + 4..];
        match find(after, "-->") {
            Some(close) => {
                bodies.push(after[..close].to_string());
                s = &after[close + 3..];
            }
            None => {
                bodies.push(after.to_string());
                s = "";
            }
        }
    }
    rest.push_str(s);
    (bodies, rest)
}

/// Byte offset of `marker` in `text`. For the short comment markers a scan for the first byte
/// is several times cheaper than `str::find`, which sets up a two-way search for every call.
pub fn find(text: &str, marker: &str) -> Option<usize> {
    let first = *marker.as_bytes().first()?;
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = bytes.get(from..)?.iter().position(|&b| b == first) {
        let at = from + i;
        if bytes[at..].starts_with(marker.as_bytes()) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commented_out_deckset_command_is_no_note() {
        assert_eq!(classify("[.footer: old credit]"), Comment::Ignore);
        assert_eq!(
            classify("[.hide-footer]\n[.slidenumbers: false]"),
            Comment::Ignore
        );
        assert!(matches!(
            classify("[.footer] is what I wrote"),
            Comment::Note(_)
        ));
    }

    #[test]
    fn tells_directives_from_notes() {
        let cases = [
            (" pause ", Comment::Pause),
            ("fit", Comment::Fit),
            (" end_slide ", Comment::Ignore),
            (" time: 20s ", Comment::Time("20s".into())),
            (".slide: data-background=\"#ff0000\"", Comment::Ignore),
            (
                " _class: lead ",
                Comment::Directives(vec![("_class".into(), "lead".into())]),
            ),
            (
                " _backgroundColor: \"#123\" ",
                Comment::Directives(vec![("_backgroundColor".into(), "#123".into())]),
            ),
            (
                " jump_to_middle ",
                Comment::Directives(vec![("jump_to_middle".into(), String::new())]),
            ),
            (
                " column_layout: [1, 3, 1] ",
                Comment::Directives(vec![("column_layout".into(), "[1, 3, 1]".into())]),
            ),
            (" This is a note. ", Comment::Note("This is a note.".into())),
            (
                " Demo: open the terminal ",
                Comment::Note("Demo: open the terminal".into()),
            ),
            (
                " 발표 노트: 천천히 ",
                Comment::Note("발표 노트: 천천히".into()),
            ),
        ];
        for (body, want) in cases {
            assert_eq!(classify(body), want, "{body:?}");
        }
    }

    #[test]
    fn speaker_note_one_line_and_yaml_block() {
        assert_eq!(
            classify(" speaker_note: Hello there "),
            Comment::Note("Hello there".into())
        );
        assert_eq!(
            classify(" speaker_note: |\n    line one\n    - item\n"),
            Comment::Note("line one\n- item".into())
        );
    }

    #[test]
    fn multi_line_note_keeps_markdown_and_relative_indent() {
        assert_eq!(
            classify("\n  Notes:\n  - a\n    - b\n"),
            Comment::Note("Notes:\n- a\n  - b".into())
        );
    }

    #[test]
    fn find_agrees_with_str_find() {
        for text in [
            "",
            "<",
            "<!-",
            "<!--",
            "a<b<!--c",
            "--->",
            "발표 <!-- 노트 -->",
            "<<!---->",
        ] {
            for marker in ["<!--", "-->", "<"] {
                assert_eq!(find(text, marker), text.find(marker), "{text:?} {marker:?}");
            }
        }
    }

    #[test]
    fn extract_finds_every_comment_and_leaves_the_rest() {
        let (bodies, rest) = extract("<div><!-- a --></div>\n<!-- b\nc -->x<!-- open");
        assert_eq!(bodies, [" a ", " b\nc ", " open"]);
        assert_eq!(rest, "<div></div>\nx");
    }
}
