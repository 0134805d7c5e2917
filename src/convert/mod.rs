//! `ltdeck convert`: a prose draft (Markdown or plain text) to a first-pass deck whose notes hold
//! the prose.
//!
//! Owns the conversion as a pure function from draft bytes to deck text, plus the summary. It
//! reads drafts with pulldown-cmark and verifies nothing itself: the output is an ordinary deck
//! that `deck::parse` and `check` read. File handling (stdin, `-o`, `--force`) is `main`'s.

mod plain;
mod read;
mod text;

use std::time::Duration;

use crate::check::slide_speaking_time;
use crate::deck::comments::{Comment, classify};
use crate::deck::diagnostic::Diagnostic;
use crate::deck::front_matter;
use crate::deck::source::decode;
use crate::deck::time::format_duration;

use read::Piece;
pub use text::{sentences, short_form, width};

/// Longest paragraph (in display columns) that stays on a slide as it is.
pub const SHORT_PARAGRAPH: usize = 80;

/// Most list items on one slide; a longer list continues on the next slide.
pub const MAX_LIST_ITEMS: usize = 6;

/// How to convert.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The talk's length; else the draft's front matter `duration`, else 5 minutes.
    pub duration: Option<Duration>,
    /// Headings of this level or above start a slide (1–3).
    pub split: u8,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            duration: None,
            split: 2,
        }
    }
}

/// Why a draft could not be converted.
#[derive(Debug, thiserror::Error)]
pub enum ConvertError {
    /// The draft is not UTF-8.
    #[error("line {}: {}", .0.line, .0.message)]
    NotUtf8(Diagnostic),
    /// The draft holds nothing to convert.
    #[error("the draft is empty: there is nothing to convert")]
    Empty,
}

/// A converted deck and what it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversion {
    /// The deck, as Markdown text.
    pub deck: String,
    /// Number of slides.
    pub slides: usize,
    /// Estimated time to say the notes (as `check` estimates it).
    pub notes_time: Duration,
    /// The talk's length.
    pub duration: Duration,
}

impl Conversion {
    /// `12 slides · notes ≈ 6:40 · 1:40 over a 5:00 talk — cut or move notes`.
    pub fn summary(&self) -> String {
        let head = format!(
            "{} slides · notes ≈ {}",
            self.slides,
            format_duration(self.notes_time)
        );
        let talk = format_duration(self.duration);
        if self.notes_time > self.duration {
            let over = format_duration(self.notes_time - self.duration);
            format!("{head} · {over} over a {talk} talk — cut or move notes")
        } else {
            let spare = format_duration(self.duration - self.notes_time);
            format!("{head} · fits a {talk} talk ({spare} to spare)")
        }
    }
}

/// Talk facts a draft names.
#[derive(Debug, Clone, Default, PartialEq)]
struct Facts {
    title: Option<String>,
    author: Option<String>,
    date: Option<String>,
    duration: Option<Duration>,
}

/// Converts a draft into a deck.
pub fn convert(input: &[u8], options: &Options) -> Result<Conversion, ConvertError> {
    let text = decode(input).map_err(ConvertError::NotUtf8)?;
    let lines: Vec<&str> = text.split('\n').collect();
    let fm = front_matter::read(&lines, &mut Vec::new());
    let mut facts = Facts {
        title: fm.meta.title.clone(),
        author: fm.meta.author.clone(),
        date: fm.meta.date.clone(),
        duration: (fm.meta.duration != Duration::from_secs(300)).then_some(fm.meta.duration),
    };
    let body = lines.get(fm.body_start..).unwrap_or(&[]).join("\n");
    if body.trim().is_empty() && facts.title.is_none() {
        return Err(ConvertError::Empty);
    }
    // Front matter means a Markdown file (a converted deck has it), whatever the body looks like.
    let pieces = if fm.body_start > 0 || plain::is_markdown(&body) {
        let mut pieces = read::pieces(&body, options.split);
        take_byline(&mut pieces, &mut facts);
        pieces
    } else {
        let body = plain::take_byline(&body, &mut facts.author, &mut facts.date);
        read::pieces(&plain::to_markdown(&body), options.split)
    };
    let slides = build(pieces, options.split, &mut facts.title);
    if slides.is_empty() {
        return Err(ConvertError::Empty);
    }
    let duration = options
        .duration
        .or(facts.duration)
        .unwrap_or(Duration::from_secs(300));
    let deck = emit(&facts, duration, &slides);
    let parsed = crate::deck::parse(deck.as_bytes(), std::path::Path::new("."));
    let notes_time = parsed.slides.iter().map(slide_speaking_time).sum();
    Ok(Conversion {
        deck,
        slides: parsed.slides.len(),
        notes_time,
        duration,
    })
}

/// Takes the paragraphs right under a Markdown draft's `# title` whose every line is a byline
/// (`By …`, `Date: …`). Notes in between are skipped: the deck moves them to the slide's end.
fn take_byline(pieces: &mut Vec<Piece>, facts: &mut Facts) {
    let Some(h1) = pieces
        .iter()
        .position(|p| matches!(p, Piece::Heading { level: 1, .. }))
    else {
        return;
    };
    let mut i = h1 + 1;
    while i < pieces.len() {
        match &pieces[i] {
            Piece::Note(_) => i += 1,
            Piece::Paragraph { source, .. } => {
                let lines: Vec<plain::Byline> = source.lines().map_while(plain::byline).collect();
                if lines.len() != source.lines().count() {
                    return;
                }
                for line in lines {
                    match line {
                        plain::Byline::Author(a) => _ = facts.author.get_or_insert(a),
                        plain::Byline::Date(d) => _ = facts.date.get_or_insert(d),
                    }
                }
                pieces.remove(i);
            }
            _ => return,
        }
    }
}

/// One slide of the output.
#[derive(Debug, Clone, Default, PartialEq)]
struct SlideOut {
    /// `# title` for the title slide, `## title` for the others.
    title: Option<String>,
    title_slide: bool,
    /// Markdown blocks, in order.
    body: Vec<Body>,
    /// Note paragraphs (Markdown).
    notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Body {
    /// A short paragraph.
    Text(String),
    /// A list: its kind (the marker, `.`/`)` for numbers) and each item as written.
    List(char, Vec<String>),
    /// A code block, table, quote, sub-heading or raw HTML, as written.
    Block(String),
    /// An image paragraph.
    Image(String),
}

impl SlideOut {
    fn is_empty(&self) -> bool {
        self.title.is_none() && self.body.is_empty() && self.notes.is_empty()
    }

    fn has_image(&self) -> bool {
        self.body.iter().any(|b| matches!(b, Body::Image(_)))
    }

    /// Only short text so far: an image may sit beside it.
    fn is_short_text(&self) -> bool {
        self.body.len() <= 2 && self.body.iter().all(|b| matches!(b, Body::Text(_)))
    }
}

/// Groups pieces into slides.
struct Builder {
    slides: Vec<SlideOut>,
    current: SlideOut,
    /// Title of the section, for slides that continue it.
    section: Option<String>,
    /// The current slide is a picture of its own; what follows needs a new slide.
    after_image: bool,
    title_taken: bool,
}

impl Builder {
    fn finish(&mut self) {
        let slide = std::mem::take(&mut self.current);
        if !slide.is_empty() {
            self.slides.push(slide);
        }
        self.after_image = false;
    }

    /// Starts a new slide for content that continues the section after a picture slide.
    fn continue_section(&mut self) {
        if self.after_image {
            self.finish();
            self.current.title = self.section.clone();
        }
    }

    fn heading(&mut self, level: u8, text: String, source: String, split: u8) {
        if level == 1 && !self.title_taken {
            self.finish();
            self.title_taken = true;
            self.current = SlideOut {
                title: Some(text),
                title_slide: true,
                ..SlideOut::default()
            };
        } else if level <= split {
            self.finish();
            self.section = Some(text.clone());
            self.current.title = Some(text);
        } else {
            self.continue_section();
            self.current.body.push(Body::Block(source));
        }
    }

    fn paragraph(&mut self, source: String, plain: String) {
        self.continue_section();
        if width(&plain) <= SHORT_PARAGRAPH {
            self.current.body.push(Body::Text(source));
            return;
        }
        self.current
            .body
            .push(Body::Text(short_form(&plain, SHORT_PARAGRAPH)));
        self.current.notes.push(source);
    }

    fn list(&mut self, mut items: Vec<String>) {
        self.continue_section();
        let kind = list_kind(items.first().map_or("", String::as_str));
        // Lists of one kind that touch are one list in CommonMark: merge them now, so that
        // converting the output again reads the same list.
        if let Some(Body::List(k, prev)) = self.current.body.last()
            && *k == kind
        {
            let mut merged = prev.clone();
            merged.append(&mut items);
            items = merged;
            self.current.body.pop();
        }
        let chunks: Vec<&[String]> = items.chunks(MAX_LIST_ITEMS).collect();
        let total = chunks.len();
        let title = self.current.title.clone().or_else(|| self.section.clone());
        for (i, chunk) in chunks.into_iter().enumerate() {
            if i > 0 {
                self.finish();
            }
            if total > 1 {
                self.current.title = title.as_ref().map(|t| format!("{t} ({}/{total})", i + 1));
            }
            self.current.body.push(Body::List(kind, chunk.to_vec()));
        }
    }

    fn image(&mut self, source: String, alt: &str, src: &str, explicit: bool) {
        if explicit || self.current.body.is_empty() && self.current.title.is_none() {
            self.current.body.push(Body::Image(source));
            return;
        }
        if !self.current.has_image() && self.current.is_short_text() && !self.current.title_slide {
            self.current.body.push(Body::Image(
                format!("![bg right {}]({src})", alt.trim()).replace(" ]", "]"),
            ));
            return;
        }
        self.finish();
        self.current.body.push(Body::Image(source));
        self.after_image = true;
    }
}

fn build(pieces: Vec<Piece>, split: u8, title: &mut Option<String>) -> Vec<SlideOut> {
    let mut b = Builder {
        slides: Vec::new(),
        current: SlideOut::default(),
        section: None,
        after_image: false,
        title_taken: false,
    };
    if let Some(t) = title.clone() {
        // A front matter title makes the title slide, unless the draft's first H1 will.
        if !pieces
            .iter()
            .any(|p| matches!(p, Piece::Heading { level: 1, .. }))
        {
            b.current = SlideOut {
                title: Some(t),
                title_slide: true,
                ..SlideOut::default()
            };
            b.title_taken = true;
        }
    }
    for piece in pieces {
        match piece {
            Piece::Heading {
                level,
                text,
                inline,
                source,
            } => {
                if level == 1 && title.is_none() {
                    *title = Some(text);
                }
                b.heading(level, inline, source, split);
            }
            Piece::Paragraph { source, plain } => b.paragraph(source, plain),
            Piece::List(items) => b.list(items),
            Piece::Image {
                source,
                alt,
                src,
                explicit,
            } => b.image(source, &alt, &src, explicit),
            Piece::Keep(source) => {
                b.continue_section();
                b.current.body.push(Body::Block(source));
            }
            Piece::Note(text) => b.current.notes.push(text),
            Piece::Break => b.finish(),
        }
    }
    b.finish();
    b.slides
}

/// A list's kind from its first item: the bullet (`-`, `*`, `+`) or the number's delimiter.
fn list_kind(item: &str) -> char {
    let t = item.trim_start();
    match t.chars().next() {
        Some(c @ ('-' | '*' | '+')) => c,
        _ => t.chars().find(|c| !c.is_ascii_digit()).unwrap_or('.'),
    }
}

/// Writes the deck: front matter, then slides separated by `---`, notes in comments.
fn emit(facts: &Facts, duration: Duration, slides: &[SlideOut]) -> String {
    let mut out = String::from("---\n");
    if let Some(title) = &facts.title {
        out.push_str(&format!("title: {}\n", yaml_string(title)));
    }
    if let Some(author) = &facts.author {
        out.push_str(&format!("author: {}\n", yaml_string(author)));
    }
    if let Some(date) = &facts.date {
        out.push_str(&format!("date: {}\n", yaml_string(date)));
    }
    out.push_str(&format!("duration: {}\n---\n", duration_text(duration)));
    let rendered: Vec<String> = slides.iter().map(emit_slide).collect();
    out.push('\n');
    out.push_str(&rendered.join("\n---\n\n"));
    out
}

fn emit_slide(slide: &SlideOut) -> String {
    let mut parts = Vec::new();
    if let Some(title) = &slide.title {
        let marks = if slide.title_slide { "#" } else { "##" };
        parts.push(format!("{marks} {title}"));
    }
    for body in &slide.body {
        match body {
            Body::Text(s) | Body::Block(s) | Body::Image(s) => parts.push(s.trim_end().to_string()),
            Body::List(_, items) => parts.push(items.join("\n")),
        }
    }
    if !slide.notes.is_empty() {
        parts.push(note_comment(&slide.notes.join("\n\n")));
    }
    let mut s = parts.join("\n\n");
    s.push('\n');
    s
}

/// Notes as one HTML comment: it holds several paragraphs and any Markdown, and every peer
/// presenter (Marp, Slidev, presenterm) treats a comment as hidden. A note that would read as a
/// directive gets a `Notes:` line first, so it stays a note.
fn note_comment(text: &str) -> String {
    let text = text.replace("-->", "-- >");
    let text = match classify(&text) {
        Comment::Note(_) => text,
        _ => format!("Notes:\n{text}"),
    };
    format!("<!--\n{text}\n-->")
}

/// A YAML scalar: plain when safe, else double-quoted (JSON strings are YAML).
fn yaml_string(s: &str) -> String {
    let plain = !s.is_empty()
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`~ ".contains(c))
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with([' ', ':'])
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "null" | "on" | "off"
        )
        && s.parse::<f64>().is_err();
    if plain {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
    }
}

/// `5m`, `4m30s`, `45s`.
fn duration_text(d: Duration) -> String {
    let s = d.as_secs();
    match (s / 60, s % 60) {
        (0, sec) => format!("{sec}s"),
        (m, 0) => format!("{m}m"),
        (m, sec) => format!("{m}m{sec}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_strings_quote_only_when_needed() {
        assert_eq!(yaml_string("My talk"), "My talk");
        assert_eq!(yaml_string("타입 힌트"), "타입 힌트");
        assert_eq!(
            yaml_string("Rust: the good parts"),
            "\"Rust: the good parts\""
        );
        assert_eq!(yaml_string("2026"), "\"2026\"");
        assert_eq!(yaml_string("yes"), "\"yes\"");
        assert_eq!(yaml_string("#hashtag"), "\"#hashtag\"");
    }

    #[test]
    fn durations_write_compactly() {
        assert_eq!(duration_text(Duration::from_secs(300)), "5m");
        assert_eq!(duration_text(Duration::from_secs(270)), "4m30s");
        assert_eq!(duration_text(Duration::from_secs(45)), "45s");
    }

    #[test]
    fn directive_looking_notes_stay_notes() {
        assert_eq!(note_comment("time: 20s"), "<!--\nNotes:\ntime: 20s\n-->");
        assert_eq!(note_comment("a --> b"), "<!--\na -- > b\n-->");
    }

    #[test]
    fn summary_says_over_or_spare() {
        let c = Conversion {
            deck: String::new(),
            slides: 12,
            notes_time: Duration::from_secs(400),
            duration: Duration::from_secs(300),
        };
        assert_eq!(
            c.summary(),
            "12 slides · notes ≈ 6:40 · 1:40 over a 5:00 talk — cut or move notes"
        );
        let fits = Conversion {
            notes_time: Duration::from_secs(190),
            ..c
        };
        assert_eq!(
            fits.summary(),
            "12 slides · notes ≈ 3:10 · fits a 5:00 talk (1:50 to spare)"
        );
    }
}
