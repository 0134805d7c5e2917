//! Reading a Markdown draft into top-level pieces, each keeping its source text.
//!
//! Owns the walk over pulldown-cmark's top-level blocks. Pieces keep the author's Markdown as
//! written (lists, code, tables), so converting never rewrites what it does not have to.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use crate::deck::alt::parse_alt;
use crate::deck::comments::{Comment, classify, extract};

/// A top-level piece of a draft.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// A heading: level, plain text, source.
    Heading {
        /// 1–6.
        level: u8,
        /// Plain text.
        text: String,
        /// Its inline Markdown (no `#` marks, no setext underline).
        inline: String,
        /// As written.
        source: String,
    },
    /// A paragraph: source and plain text.
    Paragraph {
        /// As written.
        source: String,
        /// Without Markdown syntax, breaks as spaces.
        plain: String,
    },
    /// A list, one source string per top-level item.
    List(Vec<String>),
    /// A paragraph holding only an image.
    Image {
        /// As written.
        source: String,
        /// Alt text.
        alt: String,
        /// Link target.
        src: String,
        /// The alt text already places it (`bg`, `left`, …).
        explicit: bool,
    },
    /// Code, tables, quotes, footnotes, HTML: kept as written.
    Keep(String),
    /// A comment that is a note.
    Note(String),
    /// A thematic break.
    Break,
}

/// The draft's top-level pieces.
pub fn pieces(text: &str, _split: u8) -> Vec<Piece> {
    let events: Vec<(Event<'_>, Range<usize>)> =
        Parser::new_ext(text, crate::deck::markdown_options())
            .into_offset_iter()
            .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        let end = block_end(&events, i);
        let inner = &events[i..end];
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let source = text[range.clone()].trim().to_string();
                out.push(Piece::Heading {
                    level: *level as u8,
                    text: plain(inner),
                    inline: heading_inline(&source),
                    source,
                })
            }
            Event::Start(Tag::Paragraph) => out.push(paragraph(text, range, inner)),
            Event::Start(Tag::List(_)) => out.push(Piece::List(items(text, inner))),
            Event::Start(Tag::HtmlBlock) => html(&text[range.clone()], &mut out),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => {
                out.push(Piece::Keep(closed_fence(block_source(text, range))))
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => {
                out.push(Piece::Keep(fenced(inner)))
            }
            Event::Start(_) => out.push(Piece::Keep(block_source(text, range))),
            Event::Rule => out.push(Piece::Break),
            _ => {}
        }
        i = end;
    }
    out
}

/// A heading's inline Markdown: `## Title ##` → `Title`; `Title\n---` → `Title`.
fn heading_inline(source: &str) -> String {
    let lines: Vec<&str> = source.lines().collect();
    let content: Vec<&str> = if source.starts_with('#') {
        lines
            .iter()
            .take(1)
            .map(|l| {
                l.trim_start_matches('#')
                    .trim()
                    .trim_end_matches('#')
                    .trim()
            })
            .collect()
    } else {
        lines[..lines.len().saturating_sub(1)]
            .iter()
            .map(|l| l.trim())
            .collect()
    };
    content.join(" ")
}

/// An indented code block as a fenced one: after a list, an indented block would read as part of
/// the last item.
fn fenced(inner: &[(Event<'_>, Range<usize>)]) -> String {
    let code: String = inner
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Text(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    let fence = if code.contains("```") { "~~~~" } else { "```" };
    format!("{fence}\n{}\n{fence}", code.trim_end_matches('\n'))
}

/// A fenced block with its closing fence: a fence left open at the end of a draft would swallow
/// the notes and slides written after it in the deck.
fn closed_fence(source: String) -> String {
    let first = source.lines().next().unwrap_or("").trim_start();
    let ch = first.chars().next().unwrap_or('`');
    let n = first.chars().take_while(|c| *c == ch).count().max(3);
    let closed = source.lines().count() > 1
        && source.lines().last().is_some_and(|l| {
            let t = l.trim();
            t.len() >= n && t.chars().all(|c| c == ch)
        });
    if closed {
        source
    } else {
        format!("{source}\n{}", ch.to_string().repeat(n))
    }
}

/// Index just past the block that starts at `start` (its matching end event).
fn block_end(events: &[(Event<'_>, Range<usize>)], start: usize) -> usize {
    let mut depth = 0usize;
    for (j, (event, _)) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 {
            return j + 1;
        }
    }
    events.len()
}

/// Plain text of a block's events; breaks become spaces.
/// A Markdown text without its syntax: what a reader hears. Blocks (headings, paragraphs, table
/// cells, list items) end in a line break, so their words never run together.
pub fn plain_text(markdown: &str) -> String {
    let mut s = String::new();
    for event in Parser::new_ext(markdown, crate::deck::markdown_options()) {
        match event {
            Event::Text(t) | Event::Code(t) => s.push_str(&t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::TableCell
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_),
            ) => s.push('\n'),
            _ => {}
        }
    }
    s.trim().to_string()
}

fn plain(events: &[(Event<'_>, Range<usize>)]) -> String {
    let mut s = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s.trim().to_string()
}

fn paragraph(text: &str, range: &Range<usize>, inner: &[(Event<'_>, Range<usize>)]) -> Piece {
    let source = text[range.clone()].trim().to_string();
    if let Some((src, alt)) = lone_image(inner) {
        let explicit = parse_alt(&alt).placement().is_some();
        return Piece::Image {
            source,
            alt,
            src,
            explicit,
        };
    }
    Piece::Paragraph {
        plain: plain(inner),
        source,
    }
}

/// `(src, alt)` when a paragraph holds one image and nothing else.
fn lone_image(inner: &[(Event<'_>, Range<usize>)]) -> Option<(String, String)> {
    let body = inner.get(1..inner.len().saturating_sub(1))?;
    let (Event::Start(Tag::Image { dest_url, .. }), _) = body.first()? else {
        return None;
    };
    let close = body
        .iter()
        .position(|(e, _)| matches!(e, Event::End(TagEnd::Image)))?;
    let rest_blank = body[close + 1..].iter().all(|(e, _)| match e {
        Event::Text(t) => t.trim().is_empty(),
        Event::SoftBreak | Event::HardBreak => true,
        _ => false,
    });
    rest_blank.then(|| (dest_url.to_string(), plain(&body[..close])))
}

/// Each top-level item's source, from the start of its line (so nesting indents stay right).
fn items(text: &str, inner: &[(Event<'_>, Range<usize>)]) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    for (event, range) in inner {
        match event {
            Event::Start(Tag::Item) if depth == 1 => {
                out.push(block_source(text, range));
                depth += 1;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    out
}

/// A block's source from the start of its first line, so indentation that means something
/// (an indented code block, a nested list item) survives.
fn block_source(text: &str, range: &Range<usize>) -> String {
    let line_start = text[..range.start].rfind('\n').map_or(0, |p| p + 1);
    let start = if text[line_start..range.start].trim().is_empty() {
        line_start
    } else {
        range.start
    };
    text[start..range.end].trim_end().to_string()
}

/// Comments that are notes become notes; directives (`pause`, `time: 20s`) and other HTML are
/// kept as written.
fn html(source: &str, out: &mut Vec<Piece>) {
    let (bodies, rest) = extract(source);
    if !rest.trim().is_empty() {
        // Comments mixed with other HTML stay where they are; taking them out could join or
        // split the HTML around them.
        out.push(Piece::Keep(source.trim_end().to_string()));
        return;
    }
    for body in bodies {
        match classify(&body) {
            Comment::Note(mut note) => {
                // As the speaker wrote it: converting a converted deck sees the same prose.
                crate::deck::comments::unescape_note(&mut note);
                out.push(Piece::Note(note));
            }
            _ => out.push(Piece::Keep(format!("<!--{body}-->"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_kind_of_piece() {
        let p = pieces(
            "# T\n\nSome *text*.\n\n- a\n- b\n  - c\n\n![x](a.png)\n\n```rs\ncode\n```\n\n<!-- a note -->\n\n---\n\n| a |\n|---|\n| 1 |",
            2,
        );
        assert_eq!(
            p[0],
            Piece::Heading {
                level: 1,
                text: "T".into(),
                inline: "T".into(),
                source: "# T".into()
            }
        );
        assert_eq!(
            p[1],
            Piece::Paragraph {
                source: "Some *text*.".into(),
                plain: "Some text.".into()
            }
        );
        assert_eq!(p[2], Piece::List(vec!["- a".into(), "- b\n  - c".into()]));
        assert_eq!(
            p[3],
            Piece::Image {
                source: "![x](a.png)".into(),
                alt: "x".into(),
                src: "a.png".into(),
                explicit: false
            }
        );
        assert_eq!(p[4], Piece::Keep("```rs\ncode\n```".into()));
        assert_eq!(p[5], Piece::Note("a note".into()));
        assert_eq!(p[6], Piece::Break);
        assert!(matches!(&p[7], Piece::Keep(t) if t.starts_with("| a |")));
    }

    #[test]
    fn numbered_items_keep_their_numbers() {
        let p = pieces("1. one\n2. two\n3. three", 2);
        assert_eq!(
            p[0],
            Piece::List(vec!["1. one".into(), "2. two".into(), "3. three".into()])
        );
    }
}
