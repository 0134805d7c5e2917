//! Splitting a deck body into slides, the way each dialect's own reader would.
//!
//! Owns dialect detection and separator finding. It reads the body once with pulldown-cmark to
//! learn which lines are code (a `---` in a code block never separates) and which `---` lines are
//! thematic breaks rather than setext underlines. It does not look inside slides.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use serde_json::Value;

use super::diagnostic::Diagnostic;
use super::front_matter::{parse_mapping, yaml_key};
use super::model::Dialect;
use super::source::LineCursor;

/// The pulldown-cmark extensions every part of the parser uses.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_GFM
}

/// Deckset and many hand-written decks open a fence on a list line (`- ```kotlin`) and close it
/// at the left margin. CommonMark would end the code at the list item and open a new fence at
/// the stray closer, turning the rest of the deck into code; Deckset reads the closer as closing.
/// This indents such a block into its list item, which keeps the code text and every line number.
/// `None` when no block needs it (the lines stand as they are).
pub fn repair_list_fences<'a>(
    lines: &[&'a str],
    first_line: usize,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<Cow<'a, str>>> {
    let mut out: Option<Vec<Cow<'a, str>>> = None;
    let mut fence: Option<Fence> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(open) = fence {
            if open.closed_by(line) {
                fence = None;
            }
            i += 1;
            continue;
        }
        if let Some(marker) = Fence::opened_by(line) {
            fence = Some(marker);
            i += 1;
            continue;
        }
        if let Some((indent, marker)) = list_item_fence(line)
            && let Some(close) = (i + 1..lines.len()).find(|&j| marker.is(lines[j].trim()))
        {
            let close_indent = lines[close].len() - lines[close].trim_start().len();
            if close_indent < indent {
                let pad = " ".repeat(indent);
                let out =
                    out.get_or_insert_with(|| lines.iter().map(|l| Cow::Borrowed(*l)).collect());
                for (j, line) in out.iter_mut().enumerate().take(close + 1).skip(i + 1) {
                    if !lines[j].trim().is_empty() {
                        *line = Cow::Owned(format!("{pad}{}", lines[j]));
                    }
                }
                diags.push(Diagnostic::new(
                    super::diagnostic::Severity::Info,
                    first_line + close,
                    1,
                    "this fence closes the code block opened in the list item above",
                    "indent the code and the closing fence to the list item's text to say so in CommonMark",
                ));
            }
            i = close + 1;
            continue;
        }
        i += 1;
    }
    out
}

/// A code fence: its character and how many (```` ``` ```` is three backticks).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Fence {
    ch: u8,
    len: usize,
}

impl Fence {
    /// The fence `line` opens at the left margin (```` ``` ```` or `~~~`, any length).
    fn opened_by(line: &str) -> Option<Fence> {
        let t = line.trim_start();
        if line.len() - t.len() > 3 {
            return None;
        }
        let ch = *t.as_bytes().first().filter(|c| matches!(c, b'`' | b'~'))?;
        let len = t.bytes().take_while(|&c| c == ch).count();
        (len >= 3).then_some(Fence { ch, len })
    }

    /// Whether `line` closes this fence: the same character only, at least as many.
    fn closed_by(self, line: &str) -> bool {
        let t = line.trim();
        t.len() >= self.len && t.bytes().all(|c| c == self.ch)
    }

    /// Whether `text` is exactly this fence.
    fn is(self, text: &str) -> bool {
        text.len() == self.len && text.bytes().all(|c| c == self.ch)
    }
}

/// A list item whose text opens a fence: the item's content indent and the fence.
fn list_item_fence(line: &str) -> Option<(usize, Fence)> {
    let lead = line.len() - line.trim_start().len();
    let t = line.trim_start();
    let marker_len = if t.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || !t[digits..].starts_with(['.', ')']) {
            return None;
        }
        digits + 1
    };
    let after = &t[marker_len..];
    let spaces = after.len() - after.trim_start().len();
    if spaces == 0 {
        return None;
    }
    let fence = Fence::opened_by(after.trim_start())?;
    Some((lead + marker_len + spaces, fence))
}

/// What one CommonMark read of the body tells the splitter.
#[derive(Debug, Default)]
pub struct Structure {
    /// For each body line: it belongs to a code block.
    pub code: Vec<bool>,
    /// Body lines that hold a top-level thematic break.
    pub rules: Vec<usize>,
    /// Top-level headings: (body line, level).
    pub headings: Vec<(usize, u8)>,
}

/// [`structure_of`] the lines joined.
#[cfg(test)]
fn structure(lines: &[&str], first_line: usize, diags: &mut Vec<Diagnostic>) -> Structure {
    structure_of(&lines.join("\n"), lines, first_line, diags)
}

/// Reads the block structure of `text`, which is `lines` joined with `\n` (the caller usually
/// has it whole), pushing warnings for fences and comments left open.
pub fn structure_of(
    text: &str,
    lines: &[&str],
    first_line: usize,
    diags: &mut Vec<Diagnostic>,
) -> Structure {
    let mut index = LineCursor::new(text);
    let mut s = Structure {
        code: vec![false; lines.len()],
        ..Structure::default()
    };
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(text, markdown_options()).into_offset_iter() {
        // Line lookups only for the few events that need them: this loop sees every inline event.
        let last = range.end.saturating_sub(1).max(range.start);
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let (start, end) = (index.line_of(range.start), index.line_of(last));
                mark(&mut s.code, start..=end);
                if let CodeBlockKind::Fenced(_) = kind {
                    check_fence_closed(lines, start, end, first_line, diags);
                }
                depth += 1;
            }
            Event::Start(Tag::HtmlBlock) => {
                check_comment_closed(
                    &text[range.clone()],
                    range.end == text.len(),
                    index.line_of(range.start),
                    first_line,
                    diags,
                );
                depth += 1;
            }
            Event::Start(Tag::Heading { level, .. }) => {
                if depth == 0 {
                    s.headings.push((index.line_of(range.start), level as u8));
                }
                depth += 1;
            }
            Event::Start(_) => depth += 1,
            Event::End(TagEnd::CodeBlock) | Event::End(_) => depth = depth.saturating_sub(1),
            Event::Rule if depth == 0 => s.rules.push(index.line_of(range.start)),
            _ => {}
        }
    }
    s
}

fn mark(code: &mut [bool], lines: std::ops::RangeInclusive<usize>) {
    for i in lines {
        if let Some(c) = code.get_mut(i) {
            *c = true;
        }
    }
}

fn check_fence_closed(
    lines: &[&str],
    start: usize,
    end: usize,
    first: usize,
    diags: &mut Vec<Diagnostic>,
) {
    let fence = |l: &str| {
        let t = l.trim_start();
        t.starts_with("```") || t.starts_with("~~~")
    };
    let closed = end > start && lines.get(end).is_some_and(|l| fence(l));
    if !closed {
        diags.push(
            Diagnostic::warning(
                first + start,
                "this code fence is never closed: the rest of the deck is code",
                "close it with a line of ``` (the same fence it opened with)",
            )
            .structural(),
        );
    }
}

fn check_comment_closed(
    block: &str,
    at_end: bool,
    start: usize,
    first: usize,
    diags: &mut Vec<Diagnostic>,
) {
    if at_end && block.trim_start().starts_with("<!--") && !block.contains("-->") {
        diags.push(
            Diagnostic::warning(
                first + start,
                "this comment is never closed: the rest of the deck is hidden in it",
                "end the comment with `-->`",
            )
            .structural(),
        );
    }
}

/// One slide's place in the body.
#[derive(Debug, Clone, PartialEq)]
pub struct Chunk {
    /// Body lines holding the slide.
    pub lines: Range<usize>,
    /// Slidev per-slide front matter, with its first body line.
    pub front: Option<(BTreeMap<String, Value>, usize)>,
}

/// Picks the dialect: one the front matter names (`explicit`) wins over every guess; otherwise
/// from what the body uses.
pub fn detect(
    lines: &[&str],
    code: &[bool],
    s: &Structure,
    hint: Dialect,
    explicit: Option<Dialect>,
) -> Dialect {
    if let Some(dialect) = explicit {
        return dialect;
    }
    let text_lines = || {
        lines
            .iter()
            .zip(code)
            .filter(|(_, c)| !**c)
            .map(|(l, _)| *l)
    };
    if text_lines().any(|l| l.trim() == "<!-- end_slide -->") {
        return Dialect::Presenterm;
    }
    if text_lines().any(|l| matches!(l.trim_end(), "???" | "--")) {
        return Dialect::Remark;
    }
    if hint == Dialect::Deckset || text_lines().any(is_deckset_marker) {
        return Dialect::Deckset;
    }
    if s.rules.is_empty() && blank_runs(lines, code).next().is_some() {
        return Dialect::Reveal;
    }
    Dialect::Common
}

/// Marp's `<!-- headingDivider: N -->` written as a comment in the body (a global directive: the
/// last one wins), outside code.
pub fn comment_heading_divider(lines: &[&str], code: &[bool]) -> Option<u8> {
    lines
        .iter()
        .zip(code)
        .filter(|(_, c)| !**c)
        .filter_map(|(l, _)| {
            let inner = l.trim().strip_prefix("<!--")?.strip_suffix("-->")?;
            let (key, value) = inner.trim().split_once(':')?;
            (key.trim() == "headingDivider").then(|| value.trim().parse::<u8>().ok())?
        })
        .rfind(|n| (1..=6).contains(n))
}

fn is_deckset_marker(line: &str) -> bool {
    line.starts_with("^ ")
        || (line.starts_with("[.") && line.trim_end().ends_with(']'))
        || line
            .trim_start_matches('#')
            .trim_start()
            .starts_with("[fit]")
            && line.starts_with('#')
}

/// Runs of two or more blank lines outside code (reveal.js's `^\n\n` separators), as ranges.
fn blank_runs<'a>(lines: &'a [&str], code: &'a [bool]) -> impl Iterator<Item = Range<usize>> + 'a {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < lines.len() {
            let start = i;
            while i < lines.len() && lines[i].trim().is_empty() && !code[i] {
                i += 1;
            }
            // A run only separates when content sits on both sides of it.
            if i - start >= 2 && start > 0 && i < lines.len() {
                return Some(start..i);
            }
            i = i.max(start + 1);
        }
        None
    })
}

/// A place where one slide ends and the next begins.
#[derive(Debug, Clone)]
struct Cut {
    /// Lines taken by the separator itself (empty for a heading divider).
    consumed: Range<usize>,
    /// Cut only when the slide before it has content (heading dividers).
    soft: bool,
    front: Option<(BTreeMap<String, Value>, usize)>,
}

/// Splits the body into slide chunks. `reveal` holds reveal-md's own separator lines
/// (horizontal, vertical) where the deck sets them.
pub fn split(
    lines: &[&str],
    s: &Structure,
    dialect: Dialect,
    heading_divider: Option<u8>,
    reveal: &[Option<String>; 2],
) -> Vec<Chunk> {
    let mut cuts = separator_cuts(lines, s, dialect, reveal);
    if let Some(level) = heading_divider {
        cuts.extend(
            s.headings
                .iter()
                .filter(|(_, l)| *l <= level)
                .map(|&(line, _)| Cut {
                    consumed: line..line,
                    soft: true,
                    front: None,
                }),
        );
    }
    cuts.sort_by_key(|c| (c.consumed.start, c.consumed.end));
    chunks_between(lines, cuts)
}

fn separator_cuts(
    lines: &[&str],
    s: &Structure,
    dialect: Dialect,
    reveal: &[Option<String>; 2],
) -> Vec<Cut> {
    let plain = |i: usize| Cut {
        consumed: i..i + 1,
        soft: false,
        front: None,
    };
    let text = |i: &usize| !s.code.get(*i).copied().unwrap_or(false);
    let end_slide = (0..lines.len())
        .filter(text)
        .filter(|&i| lines[i].trim() == "<!-- end_slide -->")
        .map(plain);
    match dialect {
        Dialect::Remark => (0..lines.len())
            .filter(text)
            .filter(|&i| lines[i].trim_end() == "---")
            .map(plain)
            .chain(end_slide)
            .collect(),
        Dialect::RevealMd => {
            let horizontal = reveal[0].as_deref().unwrap_or("---");
            let vertical = reveal[1].as_deref().unwrap_or("----");
            (0..lines.len())
                .filter(text)
                .filter(|&i| [horizontal, vertical].contains(&lines[i].trim()))
                .map(plain)
                .chain(end_slide)
                .collect()
        }
        Dialect::Reveal => blank_runs(lines, &s.code)
            .map(|r| Cut {
                consumed: r,
                soft: false,
                front: None,
            })
            .collect(),
        Dialect::Presenterm if !rules_are_rules(lines, s, dialect).is_empty() => {
            end_slide.collect()
        }
        // Otherwise thematic breaks and `<!-- end_slide -->` both end slides: a deck that mixes
        // dialects keeps every slide.
        Dialect::Common | Dialect::Slidev | Dialect::Deckset | Dialect::Presenterm => {
            let mut cuts: Vec<Cut> = end_slide.collect();
            let rules = if dialect == Dialect::Slidev {
                // Slidev's parser ends a slide at every line starting `---`, also one directly
                // under a line of text (Markdown would read a heading there); `***` and
                // `- - -` are rules drawn on the slide.
                (0..lines.len())
                    .filter(text)
                    .filter(|&i| lines[i].starts_with("---"))
                    .collect()
            } else {
                s.rules.clone()
            };
            let mut after = 0;
            for rule in rules {
                if rule < after {
                    // The closing line of a slide's front matter just taken.
                    continue;
                }
                cuts.push(match slide_front_matter(lines, &s.code, rule) {
                    Some((map, close)) => {
                        after = close + 1;
                        Cut {
                            consumed: rule..close + 1,
                            soft: false,
                            front: Some((map, rule + 1)),
                        }
                    }
                    None => plain(rule),
                });
            }
            cuts
        }
    }
}

/// The thematic breaks drawn as horizontal rules instead of ending a slide (body lines): in a
/// presenterm deck that ends slides with `<!-- end_slide -->` at least as often as with breaks,
/// a break is presenterm's horizontal rule. Elsewhere every break ends a slide.
pub fn rules_are_rules(lines: &[&str], s: &Structure, dialect: Dialect) -> Vec<usize> {
    if dialect != Dialect::Presenterm {
        return Vec::new();
    }
    let end_slides = (0..lines.len())
        .filter(|&i| !s.code.get(i).copied().unwrap_or(false))
        .filter(|&i| lines[i].trim() == "<!-- end_slide -->")
        .count();
    if end_slides >= s.rules.len() {
        s.rules.clone()
    } else {
        Vec::new()
    }
}

/// Slidev's per-slide front matter: `---`, `key: value` lines, `---`. Returns the map and the
/// closing line.
fn slide_front_matter(
    lines: &[&str],
    code: &[bool],
    rule: usize,
) -> Option<(BTreeMap<String, Value>, usize)> {
    if lines.get(rule)?.trim_end() != "---" {
        return None;
    }
    yaml_key(lines.get(rule + 1)?)?;
    let close = (rule + 1..lines.len())
        .find(|&i| lines[i].trim_end() == "---" || lines[i].trim().is_empty())?;
    if lines[close].trim().is_empty() || (rule + 1..close).any(|i| code[i]) {
        return None;
    }
    let map = parse_mapping(&lines[rule + 1..close].join("\n")).ok()?;
    Some((map, close))
}

fn chunks_between(lines: &[&str], cuts: Vec<Cut>) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut front = None;
    let mut taken_to = 0;
    for cut in cuts {
        // A separator inside another one (a `---` closing Slidev front matter) is not a new cut.
        if cut.consumed.start < taken_to {
            continue;
        }
        let chunk = Chunk {
            lines: start..cut.consumed.start,
            front: front.take(),
        };
        if cut.soft && holds_nothing_shown(lines, &chunk.lines) {
            front = chunk.front;
            continue;
        }
        chunks.push(chunk);
        start = cut.consumed.end;
        taken_to = cut.consumed.end;
        front = cut.front;
    }
    chunks.push(Chunk {
        lines: start..lines.len(),
        front,
    });
    trim_blank_ends(lines, &mut chunks);
    chunks
}

/// Whether a chunk shows nothing: blank lines and one-line comments (Marp's heading divider
/// does not cut off a slide of directives alone, such as `<!-- headingDivider: 2 -->`).
fn holds_nothing_shown(lines: &[&str], range: &Range<usize>) -> bool {
    lines[range.clone()].iter().all(|l| {
        let t = l.trim();
        t.is_empty() || (t.starts_with("<!--") && t.ends_with("-->"))
    })
}

/// A blank chunk before the first separator or after the last one is not a slide.
fn trim_blank_ends(lines: &[&str], chunks: &mut Vec<Chunk>) {
    if chunks.len() > 1
        && chunks
            .last()
            .is_some_and(|c| c.front.is_none() && is_blank(lines, &c.lines))
    {
        chunks.pop();
    }
    if chunks
        .first()
        .is_some_and(|c| c.front.is_none() && is_blank(lines, &c.lines))
    {
        chunks.remove(0);
    }
}

fn is_blank(lines: &[&str], range: &Range<usize>) -> bool {
    lines[range.clone()].iter().all(|l| l.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(text: &str) -> (Dialect, Vec<Vec<String>>) {
        let lines: Vec<&str> = text.split('\n').collect();
        let mut diags = Vec::new();
        let s = structure(&lines, 1, &mut diags);
        let d = detect(&lines, &s.code, &s, Dialect::Common, None);
        let out = split(&lines, &s, d, None, &[None, None])
            .into_iter()
            .map(|c| {
                lines[c.lines]
                    .iter()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| l.to_string())
                    .collect()
            })
            .collect();
        (d, out)
    }

    #[test]
    fn thematic_breaks_of_every_kind_separate() {
        let (d, c) = chunks("a\n\n---\n\nb\n\n***\n\nc\n\n___\n\nd");
        assert_eq!(d, Dialect::Common);
        assert_eq!(c, [["a"], ["b"], ["c"], ["d"]]);
    }

    #[test]
    fn setext_underline_and_code_do_not_separate() {
        let (_, c) = chunks("Title\n---\ntext\n\n```\n---\n```\n\n---\n\nb");
        assert_eq!(c.len(), 2);
        assert_eq!(c[0][0], "Title");
    }

    #[test]
    fn presenterm_decks_keep_a_rare_break_as_a_rule() {
        let (d, c) = chunks("a\n\n---\n\nb\n<!-- end_slide -->\nc\n<!-- end_slide -->\nd");
        assert_eq!(d, Dialect::Presenterm);
        assert_eq!(c.len(), 3);
    }

    #[test]
    fn end_slide_and_thematic_breaks_both_end_slides_in_one_deck() {
        let (d, c) = chunks("a\n\n---\n\nb\n<!-- end_slide -->\nc\n\n***\n\nd\n\n___\n\ne");
        assert_eq!(d, Dialect::Presenterm);
        let firsts: Vec<&str> = c.iter().map(|s| s[0].as_str()).collect();
        assert_eq!(firsts, ["a", "b", "c", "d", "e"]);
        let (_, c) = chunks("Title\n---\ntext\n<!-- end_slide -->\nnext");
        assert_eq!(c.len(), 2, "a setext underline is a heading, not a break");
    }

    #[test]
    fn remark_splits_every_dash_line_even_under_text() {
        let (d, c) = chunks("a\n---\nb\n???\nnote\n---\nc");
        assert_eq!(d, Dialect::Remark);
        assert_eq!(c.len(), 3);
    }

    #[test]
    fn reveal_splits_on_blank_runs_without_rules() {
        let (d, c) = chunks("# A\n\n\n\n## B\n\nx\n\n\n## C\n\ny");
        assert_eq!(d, Dialect::Reveal);
        assert_eq!(c.len(), 3);
    }

    #[test]
    fn slidev_front_matter_is_one_separator() {
        let lines: Vec<&str> = "# A\n\n---\nlayout: center\nclass: x\n---\n\n# B"
            .split('\n')
            .collect();
        let mut diags = Vec::new();
        let s = structure(&lines, 1, &mut diags);
        let c = split(&lines, &s, Dialect::Common, None, &[None, None]);
        assert_eq!(c.len(), 2);
        let (front, line) = c[1].front.clone().expect("front matter");
        assert_eq!(line, 3);
        assert_eq!(front.get("layout"), Some(&Value::String("center".into())));
    }

    #[test]
    fn heading_divider_splits_before_headings_without_empty_slides() {
        let lines: Vec<&str> = "# A\n\ntext\n\n## B\n\n### C\n\n---\n\n## D"
            .split('\n')
            .collect();
        let mut diags = Vec::new();
        let s = structure(&lines, 1, &mut diags);
        let c = split(&lines, &s, Dialect::Common, Some(2), &[None, None]);
        assert_eq!(c.len(), 3, "{c:?}");
    }

    #[test]
    fn fence_opened_in_a_list_item_closes_at_the_margin() {
        let lines = ["- ```kotlin", "val x = 1", "```", "", "---", "", "b"];
        let mut diags = Vec::new();
        let repaired = repair_list_fences(&lines, 1, &mut diags).expect("repaired");
        assert_eq!(repaired[1], "  val x = 1");
        assert_eq!(repaired[2], "  ```");
        let refs: Vec<&str> = repaired.iter().map(|l| l.as_ref()).collect();
        let s = structure(&refs, 1, &mut diags);
        assert_eq!(s.rules, [4]);
        assert_eq!(diags.len(), 1, "{diags:?}");
    }

    #[test]
    fn fences_in_properly_indented_items_are_untouched() {
        let lines = ["- ```sh", "  ls", "  ```", "```", "- ```x", "```"];
        let mut diags = Vec::new();
        assert_eq!(repair_list_fences(&lines, 1, &mut diags), None);
        assert!(diags.is_empty());
    }

    #[test]
    fn unclosed_fence_warns_once() {
        let lines: Vec<&str> = "a\n\n```\ncode\n---\nmore".split('\n').collect();
        let mut diags = Vec::new();
        let s = structure(&lines, 10, &mut diags);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].line, 12);
        assert!(s.rules.is_empty());
    }
}
