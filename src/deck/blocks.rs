//! One slide's Markdown to the owned block tree the renderer lays out.
//!
//! Owns walking pulldown-cmark's events into [`Block`]s and [`Inline`]s, with a source line on
//! every block, reveal steps from `<!-- pause -->`, and comments sorted into notes and
//! directives. It does not decide image placement beyond what the alt text says (see `slide`).

use std::path::Path;

use std::iter::Peekable;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, OffsetIter, Parser, Tag, TagEnd};

use super::alt::{ImgTag, img_tags, parse_alt, resolve};
use super::comments::{Comment, classify, extract};
use super::model::{
    Align, Block, BlockKind, Image, Inline, ListItem, Note, NoteForm, NoteSource, Placement,
};
use super::source::LineCursor;
use super::split::markdown_options;

/// Everything a slide's Markdown yields.
#[derive(Debug, Default)]
pub struct Content {
    /// Blocks in order.
    pub blocks: Vec<Block>,
    /// Images in order of appearance.
    pub images: Vec<Image>,
    /// Notes from comments.
    pub notes: Vec<Note>,
    /// The last comment was a note (Slidev reads only the last comment as the notes).
    pub last_comment_note: bool,
    /// Directives from comments, with 1-based lines.
    pub directives: Vec<(String, String, usize)>,
    /// `<!-- time: … -->` as written, with its line.
    pub time: Option<(String, usize)>,
    /// Number of steps (pauses + 1, or more with built lists).
    pub steps: usize,
    /// For each image: its alt text chose a placement.
    pub explicit: Vec<bool>,
}

/// Builds the content of one slide from its (line-passed) Markdown.
pub fn build(text: &str, first_line: usize, base_dir: &Path, build_lists: bool) -> Content {
    prose(text, first_line).unwrap_or_else(|| markdown(text, first_line, base_dir, build_lists))
}

/// Text without any Markdown in it — one paragraph of words, as most speaker notes are — built
/// without starting a CommonMark parser: the content the parser gives for it, at a fraction of
/// the cost (a parser's set-up alone costs more than a short note). `None` for anything else.
fn prose(text: &str, first_line: usize) -> Option<Content> {
    let mut content = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        if !is_prose_line(line) {
            return None;
        }
        if i > 0 {
            content.push(Inline::SoftBreak);
        }
        content.push(Inline::Text(line.to_string()));
    }
    emojify(&mut content);
    Some(Content {
        blocks: vec![Block {
            line: first_line,
            step: 0,
            kind: BlockKind::Paragraph(content),
        }],
        steps: 1,
        ..Content::default()
    })
}

/// A line CommonMark reads as nothing but its own text inside a paragraph: not blank, no space
/// at either end (indents, hard breaks), no `1.`/`1)` list start, and no character that starts
/// any syntax (ASCII punctuation other than the harmless few, control characters, Unicode
/// spaces).
fn is_prose_line(line: &str) -> bool {
    let numbered = line.trim_start_matches(|c: char| c.is_ascii_digit());
    let list_start = numbered.len() < line.len() && numbered.starts_with(['.', ')']);
    let spaced = line.starts_with(' ') || line.ends_with(' ');
    !line.is_empty()
        && !spaced
        && !list_start
        && line.chars().all(|c| match u8::try_from(c) {
            Ok(b) if b.is_ascii() => PROSE_ASCII[usize::from(b)],
            _ => !c.is_whitespace() && !c.is_control(),
        })
}

/// The ASCII characters prose may hold: letters, digits, space and ` ,.;:?!'"()%/@$`.
const PROSE_ASCII: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    let harmless = b" ,.;:?!'\"()%/@$";
    let mut i = 0;
    while i < harmless.len() {
        table[harmless[i] as usize] = true;
        i += 1;
    }
    table
};

/// [`build`] by a CommonMark parse.
fn markdown(text: &str, first_line: usize, base_dir: &Path, build_lists: bool) -> Content {
    let mut b = Builder {
        events: Parser::new_ext(text, markdown_options())
            .into_offset_iter()
            .peekable(),
        index: LineCursor::new(text),
        text,
        at: 0..0,
        first_line,
        base_dir,
        build_lists,
        step: 0,
        max_step: 0,
        out: Content::default(),
        fit: false,
    };
    let blocks = b.blocks_until(None);
    b.out.blocks = blocks;
    b.out.steps = b.max_step.max(b.step) + 1;
    // A pause at the very end reveals nothing: it is not a step.
    let last_visible = last_step(&b.out.blocks);
    b.out.steps = b.out.steps.min(last_visible + 1);
    b.out
}

struct Builder<'a> {
    events: Peekable<OffsetIter<'a>>,
    index: LineCursor<'a>,
    /// The Markdown being read, and the bytes of the block or inline being read in it.
    text: &'a str,
    at: std::ops::Range<usize>,
    first_line: usize,
    base_dir: &'a Path,
    build_lists: bool,
    step: usize,
    max_step: usize,
    out: Content,
    /// A `<!--fit-->` comment was seen in the heading being built.
    fit: bool,
}

impl<'a> Builder<'a> {
    fn line(&mut self, offset: usize) -> usize {
        self.first_line + self.index.line_of(offset)
    }

    /// Takes the next event.
    fn next(&mut self) -> Option<(Event<'a>, std::ops::Range<usize>)> {
        self.events.next()
    }

    /// Blocks until the end tag `end` (or the end of input for `None`).
    fn blocks_until(&mut self, end: Option<TagEnd>) -> Vec<Block> {
        let mut blocks = Vec::new();
        let mut loose: Vec<Inline> = Vec::new();
        let mut loose_line = 0;
        while let Some((event, range)) = self.next() {
            if let Event::End(tag) = &event
                && Some(*tag) == end
            {
                break;
            }
            if is_inline(&event) {
                // Tight list items hold inline content without a paragraph.
                if loose.is_empty() {
                    loose_line = self.line(range.start);
                }
                self.inline_event(event, &range, &mut loose);
                continue;
            }
            let line = self.line(range.start);
            flush_loose(&mut blocks, &mut loose, loose_line, self.step);
            self.at = range;
            if let Some(kind) = self.block_event(event, line) {
                blocks.push(Block {
                    line,
                    step: self.step,
                    kind,
                });
            }
        }
        flush_loose(&mut blocks, &mut loose, loose_line, self.step);
        blocks
    }

    /// A block-level event starting on `line`; `None` when it produced no block (comments,
    /// pauses, ends).
    fn block_event(&mut self, event: Event<'a>, line: usize) -> Option<BlockKind> {
        match event {
            Event::Start(Tag::Paragraph) => {
                let content = self.inlines_until(TagEnd::Paragraph);
                (!is_empty_inlines(&content)).then_some(BlockKind::Paragraph(content))
            }
            Event::Start(Tag::Heading { level, .. }) => {
                self.fit = false;
                let mut content = self.inlines_until(TagEnd::Heading(level));
                let fit = strip_fit(&mut content) || std::mem::take(&mut self.fit);
                Some(BlockKind::Heading {
                    level: level as u8,
                    fit,
                    content,
                })
            }
            Event::Start(tag @ Tag::BlockQuote(_)) => {
                Some(BlockKind::Quote(self.blocks_until(Some(tag.to_end()))))
            }
            Event::Start(Tag::CodeBlock(kind)) => self.code_block(kind),
            Event::Start(Tag::List(start)) => Some(self.list(start)),
            Event::Start(Tag::Table(aligns)) => Some(self.table(aligns)),
            Event::Start(Tag::FootnoteDefinition(label)) => Some(BlockKind::Footnote {
                label: label.to_string(),
                blocks: self.blocks_until(Some(TagEnd::FootnoteDefinition)),
            }),
            Event::Start(Tag::HtmlBlock) => self.html_block(line),
            Event::Rule => Some(BlockKind::Rule),
            Event::Start(tag) => {
                // Containers ltdeck has no block for (definition lists, metadata): keep their text.
                let inner = self.blocks_until(Some(tag.to_end()));
                (!inner.is_empty()).then_some(BlockKind::Quote(inner))
            }
            _ => None,
        }
    }

    /// A code block; `None` for an R Markdown chunk its author hid (`include=FALSE`,
    /// `echo=FALSE`: knitr shows no code for it, and nothing here runs it).
    fn code_block(&mut self, kind: CodeBlockKind<'a>) -> Option<BlockKind> {
        let (lang, hidden) = match kind {
            CodeBlockKind::Fenced(info) => (fence_language(&info), hidden_chunk(&info)),
            CodeBlockKind::Indented => (None, false),
        };
        let mut text = String::new();
        while let Some((event, _)) = self.next() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
        }
        if text.ends_with('\n') {
            text.pop();
        }
        (!hidden).then_some(BlockKind::Code { lang, text })
    }

    fn list(&mut self, start: Option<u64>) -> BlockKind {
        let ordered = start.is_some();
        let mut items = Vec::new();
        let mut first = true;
        while let Some((event, _)) = self.next() {
            match event {
                Event::Start(Tag::Item) => {
                    if self.build_lists && !first {
                        self.step += 1;
                    }
                    first = false;
                    let step = self.step;
                    let task = match self.events.peek() {
                        Some((Event::TaskListMarker(done), _)) => {
                            let done = *done;
                            self.events.next();
                            Some(done)
                        }
                        _ => None,
                    };
                    let blocks = self.blocks_until(Some(TagEnd::Item));
                    items.push(ListItem { task, step, blocks });
                }
                Event::End(TagEnd::List(o)) if o == ordered => break,
                _ => {}
            }
        }
        BlockKind::List { start, items }
    }

    fn table(&mut self, aligns: Vec<Alignment>) -> BlockKind {
        let align = aligns
            .iter()
            .map(|a| match a {
                Alignment::None => Align::None,
                Alignment::Left => Align::Left,
                Alignment::Center => Align::Center,
                Alignment::Right => Align::Right,
            })
            .collect();
        let mut header = Vec::new();
        let mut rows: Vec<Vec<Vec<Inline>>> = Vec::new();
        let mut in_head = false;
        while let Some((event, _)) = self.next() {
            match event {
                Event::Start(Tag::TableHead) => in_head = true,
                Event::End(TagEnd::TableHead) => in_head = false,
                Event::Start(Tag::TableRow) => rows.push(Vec::new()),
                Event::Start(Tag::TableCell) => {
                    let cell = self.inlines_until(TagEnd::TableCell);
                    match (in_head, rows.last_mut()) {
                        (true, _) | (false, None) => header.push(cell),
                        (false, Some(row)) => row.push(cell),
                    }
                }
                Event::End(TagEnd::Table) => break,
                _ => {}
            }
        }
        BlockKind::Table {
            align,
            header,
            rows,
        }
    }

    fn html_block(&mut self, line: usize) -> Option<BlockKind> {
        let within = self.at.clone();
        let mut html = String::new();
        while let Some((event, _)) = self.next() {
            match event {
                Event::Html(t) | Event::Text(t) => html.push_str(&t),
                Event::End(TagEnd::HtmlBlock) => break,
                _ => {}
            }
        }
        let (bodies, rest) = extract(&html);
        let mut from = within.start;
        for body in bodies {
            let span = self.comment_span(&body, &mut from, within.end);
            self.comment(&body, line, span);
        }
        let rest = rest.trim();
        // Images written as `<img>` tags (in a `<div>` or not) are the block's content; the
        // other markup is not drawn.
        let images: Vec<Inline> = img_tags(rest)
            .into_iter()
            .map(|tag| self.img_tag(tag, within.start))
            .collect();
        if !images.is_empty() {
            return Some(BlockKind::Paragraph(images));
        }
        (!rest.is_empty()).then(|| BlockKind::Html(rest.to_string()))
    }

    /// An `<img>` tag's image, placed inline at its size.
    fn img_tag(&mut self, tag: ImgTag, offset: usize) -> Inline {
        let image = Image {
            line: self.line(offset),
            column: self.index.column_of(offset),
            source: resolve(&tag.src, self.base_dir),
            src: tag.src,
            placement: Placement::Inline,
            alt: tag.alt,
            size: tag.size,
        };
        self.out.images.push(image);
        self.out.explicit.push(false);
        Inline::Image(self.out.images.len() - 1)
    }

    /// Where the comment `<!--body-->` is in the Markdown, looking from `*from` up to `end`
    /// (moved past it); `None` when the text there is not the comment as written (a comment
    /// inside a quote or list, whose lines carry the container's marks).
    fn comment_span(
        &self,
        body: &str,
        from: &mut usize,
        end: usize,
    ) -> Option<std::ops::Range<usize>> {
        let hay = self.text.get(*from..end)?;
        let open = super::comments::find(hay, "<!--")?;
        let start = *from + open;
        let after = self.text.get(start + 4..end)?.strip_prefix(body)?;
        // An unclosed comment runs to the end of its block.
        let close = if after.starts_with("-->") { 3 } else { 0 };
        let len = 4 + body.len() + close;
        *from = start + len;
        Some(start..start + len)
    }

    fn comment(&mut self, body: &str, line: usize, span: Option<std::ops::Range<usize>>) {
        let comment = classify(body);
        self.out.last_comment_note = matches!(comment, Comment::Note(_));
        match comment {
            Comment::Ignore => {}
            Comment::Pause => {
                self.step += 1;
                self.max_step = self.max_step.max(self.step);
            }
            Comment::Fit => self.fit = true,
            Comment::Time(t) => self.out.time = Some((t, line)),
            Comment::Directives(list) => self
                .out
                .directives
                .extend(list.into_iter().map(|(k, v)| (k, v, line))),
            Comment::Note(text) => {
                let form = if body.trim_start().starts_with("speaker_note:") {
                    NoteForm::SpeakerNote
                } else {
                    NoteForm::Comment
                };
                let mut note = Note::new(line, text);
                note.source = span.map(|span| NoteSource { form, span });
                self.out.notes.push(note);
            }
        }
    }

    /// Inline content until `end`.
    fn inlines_until(&mut self, end: TagEnd) -> Vec<Inline> {
        let mut out = Vec::new();
        while let Some((event, range)) = self.next() {
            if matches!(&event, Event::End(t) if *t == end) {
                break;
            }
            self.inline_event(event, &range, &mut out);
        }
        emojify(&mut out);
        out
    }

    /// Appends an inline event's content to `out` (nothing for events that add no content).
    fn inline_event(
        &mut self,
        event: Event<'a>,
        range: &std::ops::Range<usize>,
        out: &mut Vec<Inline>,
    ) {
        let inline = match event {
            Event::Text(t) => push_text(out, &t),
            Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                Some(Inline::Code(t.to_string()))
            }
            Event::SoftBreak => Some(Inline::SoftBreak),
            Event::HardBreak => Some(Inline::HardBreak),
            Event::FootnoteReference(l) => Some(Inline::FootnoteRef(l.to_string())),
            Event::InlineHtml(h) => self.inline_html(&h, range.start),
            Event::Start(Tag::Emphasis) => {
                Some(Inline::Emphasis(self.inlines_until(TagEnd::Emphasis)))
            }
            Event::Start(Tag::Strong) => Some(Inline::Strong(self.inlines_until(TagEnd::Strong))),
            Event::Start(Tag::Strikethrough) => {
                Some(Inline::Strike(self.inlines_until(TagEnd::Strikethrough)))
            }
            Event::Start(tag @ (Tag::Superscript | Tag::Subscript)) => {
                for inline in self.inlines_until(tag.to_end()) {
                    match inline {
                        Inline::Text(t) => {
                            if let Some(Inline::Text(more)) = push_text(out, &t) {
                                out.push(Inline::Text(more));
                            }
                        }
                        other => out.push(other),
                    }
                }
                None
            }
            Event::Start(Tag::Link { dest_url, .. }) => Some(Inline::Link {
                url: dest_url.to_string(),
                content: self.inlines_until(TagEnd::Link),
            }),
            Event::Start(Tag::Image { dest_url, .. }) => Some(self.image(&dest_url, range.start)),
            _ => None,
        };
        if let Some(inline) = inline {
            out.push(inline);
        }
    }

    fn inline_html(&mut self, html: &str, offset: usize) -> Option<Inline> {
        let line = self.line(offset);
        let (bodies, rest) = extract(html);
        let mut from = offset;
        let end = (offset + html.len()).min(self.text.len());
        for body in bodies {
            let span = self.comment_span(&body, &mut from, end);
            self.comment(&body, line, span);
        }
        if let Some(tag) = img_tags(&rest).into_iter().next() {
            return Some(self.img_tag(tag, offset));
        }
        rest.trim()
            .to_ascii_lowercase()
            .starts_with("<br")
            .then_some(Inline::HardBreak)
    }

    fn image(&mut self, dest: &str, offset: usize) -> Inline {
        let alt_inlines = self.inlines_until(TagEnd::Image);
        let directives = parse_alt(&plain_text(&alt_inlines));
        let image = Image {
            line: self.line(offset),
            column: self.index.column_of(offset),
            src: dest.to_string(),
            source: resolve(dest, self.base_dir),
            placement: directives.placement().unwrap_or(Placement::Inline),
            alt: directives.alt.clone(),
            size: directives.size,
        };
        self.out.images.push(image);
        self.out.explicit.push(directives.placement().is_some());
        Inline::Image(self.out.images.len() - 1)
    }
}

/// The highest step at which anything becomes visible.
fn last_step(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|b| match &b.kind {
            BlockKind::List { items, .. } => items
                .iter()
                .map(|i| i.step)
                .max()
                .unwrap_or(b.step)
                .max(b.step),
            _ => b.step,
        })
        .max()
        .unwrap_or(0)
}

/// Events that belong to inline content.
fn is_inline(event: &Event<'_>) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineMath(_)
        | Event::DisplayMath(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::FootnoteReference(_)
        | Event::TaskListMarker(_)
        | Event::InlineHtml(_) => true,
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        _ => false,
    }
}

fn flush_loose(blocks: &mut Vec<Block>, loose: &mut Vec<Inline>, line: usize, step: usize) {
    let mut content = std::mem::take(loose);
    emojify(&mut content);
    if !is_empty_inlines(&content) {
        blocks.push(Block {
            line,
            step,
            kind: BlockKind::Paragraph(content),
        });
    }
}

/// Shortcodes in text runs become emoji (`:+1:` → 👍); code keeps its text.
fn emojify(inlines: &mut [Inline]) {
    for inline in inlines {
        if let Inline::Text(t) = inline
            && let Some(replaced) = super::emoji::replace(t)
        {
            *t = replaced;
        }
    }
}

/// A knitr chunk header (`{r setup, include=FALSE}`) whose code is not shown.
fn hidden_chunk(info: &str) -> bool {
    let info = info.trim();
    if !info.starts_with('{') {
        return false;
    }
    let squeezed: String = info.chars().filter(|c| !c.is_whitespace()).collect();
    [
        "include=FALSE",
        "include=F,",
        "include=F}",
        "echo=FALSE",
        "echo=F,",
        "echo=F}",
    ]
    .iter()
    .any(|k| squeezed.contains(k))
}

/// First word of a fence's info string: ```` ```rust +exec ````, ```` ```{r echo=FALSE} ````.
fn fence_language(info: &str) -> Option<String> {
    let first = info
        .trim()
        .trim_start_matches('{')
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '{' | '}' | '[' | '='))
        .next()
        .unwrap_or("");
    (!first.is_empty()).then(|| first.to_ascii_lowercase())
}

/// Appends text to a trailing text run (pulldown-cmark splits text at `[` and entities);
/// returns a new run only when there is none to extend.
fn push_text(out: &mut [Inline], text: &str) -> Option<Inline> {
    if let Some(Inline::Text(prev)) = out.last_mut() {
        prev.push_str(text);
        return None;
    }
    Some(Inline::Text(text.to_string()))
}

/// Removes a leading `[fit]` from heading text (Deckset); `true` when there was one.
fn strip_fit(content: &mut Vec<Inline>) -> bool {
    let Some(Inline::Text(first)) = content.first_mut() else {
        return false;
    };
    let trimmed = first.trim_start();
    let Some(rest) = trimmed.strip_prefix("[fit]") else {
        return false;
    };
    *first = rest.trim_start().to_string();
    if first.is_empty() {
        content.remove(0);
    }
    true
}

fn is_empty_inlines(content: &[Inline]) -> bool {
    content.iter().all(|i| match i {
        Inline::Text(t) => t.trim().is_empty(),
        Inline::SoftBreak | Inline::HardBreak => true,
        _ => false,
    })
}

/// The plain text of inline content (images give their alt text).
pub fn plain_text(content: &[Inline]) -> String {
    let mut out = String::new();
    push_plain(content, &mut out);
    out.trim().to_string()
}

fn push_plain(content: &[Inline], out: &mut String) {
    for inline in content {
        match inline {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strike(c) => push_plain(c, out),
            Inline::Link { content, .. } => push_plain(content, out),
            Inline::SoftBreak | Inline::HardBreak => out.push(' '),
            Inline::Image(_) | Inline::FootnoteRef(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parsed(text: &str) -> Vec<Block> {
        markdown(text, 7, Path::new("/talk"), false).blocks
    }

    #[test]
    fn prose_is_one_paragraph_of_its_lines_as_the_parser_reads_it() {
        for text in [
            "한국어 노트 12",
            "Note for slide 3: say something useful, in a sentence or two.",
            "Thanks! (really) 100% of 5$ at 12:30 / me@x",
            "first line\n둘째 줄 :smile:",
        ] {
            let fast = prose(text, 7).expect("prose").blocks;
            assert_eq!(fast, parsed(text), "{text:?}");
        }
        assert!(
            prose("한글 :+1:", 1).is_none(),
            "`+` may start a list: parsed"
        );
    }

    #[test]
    fn anything_with_markdown_in_it_goes_to_the_parser() {
        for text in [
            "",
            "a\n\nb",
            "  indented",
            "trailing  ",
            "1. item",
            "2) item",
            "# h",
            "- a",
            "a *b*",
            "a_b_",
            "`c`",
            "<b>",
            "a &amp; b",
            "[x]: /u",
            "> q",
            "a\\",
            "a\tb",
            "~~s~~",
            "a|b",
            "text\n===",
            "text\n---",
            "이\u{3000}것",
        ] {
            assert!(prose(text, 1).is_none(), "{text:?}");
        }
    }

    /// Note-like text: mostly pieces the fast path takes, now and then one it must not.
    fn noteish() -> impl Strategy<Value = String> {
        let safe = prop::sample::select(vec![
            "a", "b", "1", "9", " ", " ", ".", ")", ":", "!", "?", ",", "'", "\"", "(", "%", "/",
            "@", "$", "한", "글", "\n", ":smile:",
        ]);
        let risky = prop::sample::select(vec![
            "*",
            "_",
            "#",
            ">",
            "=",
            "+",
            "|",
            "~",
            "&",
            "<",
            "\\",
            "[",
            "]",
            "`",
            "\t",
            "-",
            "\u{a0}",
            "\u{3000}",
            "\0",
            "\r",
            "&amp;",
            "<b>",
            "_x_",
            "<!-- c -->",
            "[a](b)",
            "![i](p)",
            "\\*",
            "`c`",
            "~~s~~",
            "[^1]",
            "**b**",
            "<http://x>",
            ":+1:",
        ]);
        prop::collection::vec(prop_oneof![12 => safe, 1 => risky], 0..24)
            .prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// Whatever the fast path accepts, it builds exactly what the parser builds.
        #[test]
        fn prose_matches_the_parser(text in noteish()) {
            if let Some(content) = prose(&text, 7) {
                prop_assert_eq!(content.blocks, parsed(&text));
                prop_assert_eq!(content.steps, markdown(&text, 7, Path::new("/"), false).steps);
            }
        }
    }
}
