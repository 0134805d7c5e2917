//! `ltdeck convert`: a prose draft (Markdown or plain text) to a first-pass deck whose notes hold
//! the prose.
//!
//! Owns the conversion as a pure function from draft bytes to deck text, plus the summary. It
//! reads drafts with pulldown-cmark and verifies nothing itself: the output is an ordinary deck
//! that `deck::parse` and `check` read. File handling (stdin, `-o`, `--force`) is `main`'s.

mod furniture;
mod html;
mod phrases;
mod plain;
mod read;
pub mod site;
mod templates;
mod text;

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::check::slide_speaking_time;
use crate::deck::comments::{Comment, classify};
use crate::deck::diagnostic::Diagnostic;
use std::collections::HashMap;

use crate::deck::front_matter;
use crate::deck::source::decode;
use crate::deck::time::format_duration;

pub use furniture::iso_date;
pub use phrases::{PHRASE_WIDTH, key_phrases, phrase};
use read::Piece;
pub use text::{sentences, short_form, width};

/// Longest paragraph (in display columns) that stays on a slide as it is; a slide keeps at most
/// two such paragraphs, else its prose goes to the notes.
pub const SHORT_PARAGRAPH: usize = 80;

/// Most key phrases a slide gets from its notes.
pub const PHRASES_PER_SLIDE: usize = 2;

/// A section whose notes take longer than this to say becomes several slides, split between
/// paragraphs (each part at most this long, or one paragraph).
pub const NOTES_PER_SLIDE: Duration = Duration::from_secs(60);

/// Most list items on one slide; a longer list continues on the next slide.
pub const MAX_LIST_ITEMS: usize = 6;

/// How to convert.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The talk's length; else the draft's front matter `duration`, else 5 minutes.
    pub duration: Option<Duration>,
    /// Headings of this level or above start a slide (1–3).
    pub split: u8,
    /// Where a saved web page's own images are, when the deck does not go beside the page:
    /// they are then named by their full path under this folder (`main` finds it).
    pub images_from: Option<PathBuf>,
    /// The static site a Markdown post belongs to: its site-root images (`/assets/x.png`) are
    /// named from there (`main` finds it).
    pub site: Option<site::Site>,
    /// The draft's file name, when it dates the post as Jekyll's do (`2018-02-28-xml.md`): the
    /// date when the draft names none.
    pub file_name: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            duration: None,
            split: 2,
            images_from: None,
            site: None,
            file_name: None,
        }
    }
}

impl Options {
    /// What a web page's image `src` becomes in the deck: remote images stay addresses, a
    /// file saved with the page (`post_files/a%20b.png`) is decoded and named as it is, or under
    /// [`Options::images_from`]; `data:` and script URLs go.
    fn web_image(&self, src: &str) -> Option<String> {
        let src = src.trim();
        if src.starts_with("http://") || src.starts_with("https://") {
            return Some(src.to_string());
        }
        if let Some(rest) = src.strip_prefix("//") {
            return Some(format!("https://{rest}"));
        }
        let local = src.strip_prefix("file://").unwrap_or(src);
        if local.is_empty() || local.contains(':') && !cfg!(windows) {
            return None;
        }
        let local = percent_decode(local.split(['?', '#']).next().unwrap_or(local));
        let local = local.strip_prefix("./").unwrap_or(&local).to_string();
        match &self.images_from {
            Some(dir) if !Path::new(&local).is_absolute() => {
                Some(dir.join(&local).display().to_string())
            }
            _ => Some(local),
        }
    }
}

/// A link or image target as Markdown writes it: in `<…>` when it holds spaces or parentheses.
fn link_target(target: &str) -> String {
    if target.contains([' ', '(', ')']) {
        format!("<{target}>")
    } else {
        target.to_string()
    }
}

/// `%20` and the like as the bytes they stand for.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
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
    /// When the notes run over: the slides to cut first, most notes first.
    pub cuts: Vec<Cut>,
}

/// A slide to shorten so that the notes fit the talk.
#[derive(Debug, Clone, PartialEq)]
pub struct Cut {
    /// Slide number, from 1.
    pub slide: usize,
    /// Its title (or its first words).
    pub title: String,
    /// How long its notes take to say now.
    pub notes: Duration,
    /// How much to cut.
    pub by: Duration,
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
            let cuts: Vec<String> = self
                .cuts
                .iter()
                .map(|c| {
                    format!(
                        "slide {} “{}” by {} (of {})",
                        c.slide,
                        c.title,
                        format_duration(c.by),
                        format_duration(c.notes)
                    )
                })
                .collect();
            if cuts.is_empty() {
                format!("{head} · {over} over a {talk} talk — cut or move notes")
            } else {
                format!(
                    "{head} · {over} over a {talk} talk — cut {}",
                    cuts.join(", ")
                )
            }
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

/// Hugo's TOML front matter (`+++`, `key = value` lines, `+++`): the facts it gives and the
/// first body line; `None` when the draft has none (or it is not TOML).
fn toml_front_matter(lines: &[&str]) -> Option<(Facts, usize)> {
    if lines.first()?.trim_end() != "+++" {
        return None;
    }
    let close = lines.iter().skip(1).position(|l| l.trim_end() == "+++")? + 1;
    let table: toml::Table = lines[1..close].join("\n").parse().ok()?;
    let text = |key: &str| -> Option<String> {
        let value = match table.get(key)? {
            toml::Value::String(s) => s.trim().to_string(),
            // `date = 2022-11-24T20:05:00+09:00`: the day is what a title slide shows.
            toml::Value::Datetime(d) => d.to_string().chars().take(10).collect(),
            toml::Value::Array(items) => items
                .iter()
                .filter_map(|i| i.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            _ => return None,
        };
        Some(value).filter(|v| !v.is_empty())
    };
    let facts = Facts {
        title: text("title"),
        author: text("author").or_else(|| text("authors")),
        date: text("date").or_else(|| text("publishDate")),
        duration: None,
    };
    Some((facts, close + 1))
}

/// Converts a draft into a deck.
pub fn convert(input: &[u8], options: &Options) -> Result<Conversion, ConvertError> {
    let text = decode(input).map_err(ConvertError::NotUtf8)?;
    let lines: Vec<&str> = text.split('\n').collect();
    let (mut facts, body_start) = match toml_front_matter(&lines) {
        Some(found) => found,
        None => {
            let fm = front_matter::read(&lines, &mut Vec::new());
            let facts = Facts {
                title: fm.meta.title.clone(),
                author: fm.meta.author.clone(),
                // Blog engines' other names for it (Astro's `pubDate`, a `pub_date`).
                date: fm.meta.date.clone().or_else(|| {
                    ["pubDate", "pub_date", "publishDate", "published"]
                        .iter()
                        .find_map(|k| fm.map.get(*k).and_then(front_matter::scalar))
                }),
                duration: (fm.meta.duration != Duration::from_secs(300))
                    .then_some(fm.meta.duration),
            };
            (facts, fm.body_start)
        }
    };
    let mut body = lines.get(body_start..).unwrap_or(&[]).join("\n");
    let web_page = body_start == 0 && html::is_html(&body);
    if web_page {
        let page = html::to_markdown(&body, &|src| options.web_image(src));
        facts.title = facts.title.or(page.title);
        facts.author = facts.author.or(page.author);
        facts.date = facts.date.or(page.date);
        body = page.markdown;
    }
    if !web_page {
        // A Hugo or Jekyll post's template tags: what the page would show.
        body = templates::expand(&body);
        if let Some(site) = &options.site {
            body = site::rewrite_images(&body, &|src| site.image(src));
        }
    }
    if body.trim().is_empty() && facts.title.is_none() {
        return Err(ConvertError::Empty);
    }
    let mut byline = furniture::Byline {
        author: facts.author.take(),
        date: facts.date.take(),
    };
    // A converted deck has front matter: its body is the deck, not a page with a byline.
    if body_start == 0 {
        body = furniture::take(&body, &mut byline);
    }
    facts.author = byline.author;
    // `2019-03-05 05:55:09` (Jekyll) is the day the deck names; a Jekyll post's file name
    // dates it when nothing else does.
    facts.date = byline
        .date
        .map(|d| iso_date(&d).unwrap_or(d))
        .or_else(|| options.file_name.as_deref().and_then(date_of_file_name));
    // Front matter means a Markdown file (a converted deck has it), whatever the body looks like.
    let pieces = if web_page || body_start > 0 || plain::is_markdown(&body) {
        read::pieces(&body, options.split)
    } else {
        read::pieces(&plain::to_markdown(&body), options.split)
    };
    let split = split_level(&pieces, options.split);
    let slides = build(pieces, split, &mut facts.title);
    if slides.is_empty() {
        return Err(ConvertError::Empty);
    }
    let duration = options
        .duration
        .or(facts.duration)
        .unwrap_or(Duration::from_secs(300));
    let deck = emit(&facts, duration, &slides);
    let parsed = crate::deck::parse(deck.as_bytes(), std::path::Path::new("."));
    let times: Vec<Duration> = parsed.slides.iter().map(slide_speaking_time).collect();
    let notes_time: Duration = times.iter().sum();
    let cuts = cuts(&parsed, &times, notes_time.saturating_sub(duration));
    Ok(Conversion {
        deck,
        slides: parsed.slides.len(),
        notes_time,
        duration,
        cuts,
    })
}

/// The date a Jekyll post's file name starts with: `2018-02-28-xml.md` → `2018-02-28`.
fn date_of_file_name(name: &str) -> Option<String> {
    let head = name.get(..11)?;
    (head.ends_with('-') && head.is_char_boundary(10))
        .then(|| iso_date(&head[..10]))
        .flatten()
}

/// The heading level that starts slides: `asked`, unless the draft has no section heading that
/// deep (a post written with `###` sections only), then its own top section level — a post is
/// never one slide because its writer started at `###`.
fn split_level(pieces: &[Piece], asked: u8) -> u8 {
    let sections = || {
        pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Heading { level, .. } => Some(*level),
                _ => None,
            })
            .skip_while(|&l| l == 1)
    };
    if sections().any(|l| l <= asked) {
        return asked;
    }
    sections().min().map_or(asked, |top| top.min(6))
}

/// Where to cut `over`: the slides with the most notes, each down to one common length (the
/// longest first), so that the cuts add up to `over`. At most four slides are named.
fn cuts(deck: &crate::deck::Deck, times: &[Duration], over: Duration) -> Vec<Cut> {
    if over.is_zero() {
        return Vec::new();
    }
    let secs: Vec<u64> = times.iter().map(Duration::as_secs).collect();
    let cut_at = |level: u64| -> u64 { secs.iter().map(|t| t.saturating_sub(level)).sum() };
    // The highest level whose cuts cover the overrun.
    let max = secs.iter().copied().max().unwrap_or(0);
    let level = (0..=max)
        .rev()
        .find(|l| cut_at(*l) >= over.as_secs())
        .unwrap_or(0);
    let mut order: Vec<usize> = (0..secs.len()).filter(|i| secs[*i] > level).collect();
    order.sort_by_key(|i| std::cmp::Reverse(secs[*i]));
    order
        .into_iter()
        .take(4)
        .map(|i| {
            let slide = &deck.slides[i];
            let title = slide
                .title
                .clone()
                .unwrap_or_else(|| short_form(&crate::check::screen_text(slide), 30));
            // Rounded up to 5 s: a speaker cuts sentences, not seconds.
            let by = (secs[i] - level).div_ceil(5) * 5;
            Cut {
                slide: i + 1,
                title,
                notes: times[i],
                by: Duration::from_secs(by.min(secs[i])),
            }
        })
        .collect()
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
    /// A paragraph of prose: on the slide if the section has little of it, else in the notes.
    Prose {
        /// As written.
        source: String,
        /// Without Markdown.
        plain: String,
    },
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
        self.body.len() <= 2
            && self
                .body
                .iter()
                .all(|b| matches!(b, Body::Text(_) | Body::Prose { .. }))
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
        // `--`, `* * *`, `· · ·` between sections: not words of the talk.
        if plain::is_separator(&plain) {
            return;
        }
        self.continue_section();
        self.current.body.push(Body::Prose { source, plain });
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
                format!(
                    "![bg right {}]({})",
                    inline_escape(alt.trim()),
                    link_target(src)
                )
                .replace(" ]", "]"),
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
    let mut slides: Vec<SlideOut> = b.slides.into_iter().flat_map(settle).collect();
    number_repeated_titles(&mut slides);
    slides
}

/// Slides that carry one section's title (a long list, text after each picture) are told
/// apart in the overview and the console: `Tips (1/3)`, `Tips (2/3)`, `Tips (3/3)`.
fn number_repeated_titles(slides: &mut [SlideOut]) {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for title in slides
        .iter()
        .filter(|s| !s.title_slide)
        .filter_map(|s| s.title.clone())
    {
        *counts.entry(title).or_default() += 1;
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for slide in slides.iter_mut().filter(|s| !s.title_slide) {
        let Some(title) = slide.title.clone() else {
            continue;
        };
        let of = counts.get(&title).copied().unwrap_or(1);
        if of > 1 {
            let k = seen.entry(title.clone()).or_default();
            *k += 1;
            slide.title = Some(format!("{title} ({k}/{of})"));
        }
    }
}

/// Decides what of a section's prose stays on screen, splits a section whose notes run long,
/// and gives slides with nothing on screen a few key phrases from their notes.
///
/// - Up to two short paragraphs (each at most [`SHORT_PARAGRAPH`] columns) stay on the slide
///   as written; otherwise all the section's prose goes to the notes, in order, before the
///   draft's own note comments.
/// - Notes that take longer than [`NOTES_PER_SLIDE`] to say are split between paragraphs into
///   parts no longer than that (a single longer paragraph stays whole): `Title (1/2)`, …; what
///   the section shows (lists, code, images) stays on the first part.
/// - A slide left with nothing on screen gets up to [`PHRASES_PER_SLIDE`] key phrases as a list
///   ([`phrases::key_phrases`]). The title slide gets none: it shows the title.
fn settle(mut slide: SlideOut) -> Vec<SlideOut> {
    let prose: Vec<(String, String)> = slide
        .body
        .iter()
        .filter_map(|b| match b {
            Body::Prose { source, plain } => Some((source.clone(), plain.clone())),
            _ => None,
        })
        .collect();
    let keep = prose.len() <= 2 && prose.iter().all(|(_, p)| width(p) <= SHORT_PARAGRAPH);
    if keep {
        for b in &mut slide.body {
            if let Body::Prose { source, .. } = b {
                *b = Body::Text(std::mem::take(source));
            }
        }
    } else {
        slide.body.retain(|b| !matches!(b, Body::Prose { .. }));
        merge_lists(&mut slide.body);
        let comments = std::mem::take(&mut slide.notes);
        slide.notes = prose.into_iter().map(|(source, _)| source).collect();
        slide.notes.extend(comments);
    }
    slide.notes = slide
        .notes
        .iter()
        .flat_map(|n| n.split("\n\n"))
        .filter(|n| !n.trim().is_empty())
        // A comment's text is read back without blank lines around it: so is each paragraph
        // here (three newlines in a row leave one at the start of the next paragraph).
        .map(|n| without_blank_lines_around(n).to_string())
        .collect();
    if slide.title_slide {
        return vec![slide];
    }
    let parts = split_notes(std::mem::take(&mut slide.notes));
    let total = parts.len();
    let title = slide.title.clone();
    let mut out = Vec::new();
    for (i, notes) in parts.into_iter().enumerate() {
        let mut part = if i == 0 {
            std::mem::take(&mut slide)
        } else {
            SlideOut::default()
        };
        if total > 1 {
            part.title = title.as_ref().map(|t| format!("{t} ({}/{total})", i + 1));
        }
        part.notes = notes;
        // A picture beside the text (`bg right`) leaves the text's half of the slide empty.
        let nothing_to_read = part.body.iter().all(|b| match b {
            Body::Image(s) => s.starts_with("![bg right"),
            _ => false,
        });
        if nothing_to_read && !part.notes.is_empty() {
            let spoken: Vec<String> = part.notes.iter().map(|n| read::plain_text(n)).collect();
            let found = key_phrases(&spoken, PHRASES_PER_SLIDE, title.as_deref());
            if !found.is_empty() {
                let items = found.iter().map(|p| format!("- {}", escape(p))).collect();
                part.body.push(Body::List('-', items));
            }
        }
        out.push(part);
    }
    out
}

/// `text` without its leading blank lines (the first line with text keeps its indent) and its
/// trailing whitespace.
fn without_blank_lines_around(text: &str) -> &str {
    let first_text = text.len() - text.trim_start().len();
    let line = text[..first_text].rfind('\n').map_or(0, |i| i + 1);
    text[line..].trim_end()
}

/// Lists of one kind that now touch (the prose between them went to the notes) are one list in
/// CommonMark: merge them, so that converting the output again reads the same list.
/// When the two would be longer than a slide's list ([`MAX_LIST_ITEMS`]), the second takes the
/// other marker (`*` for `-`, `)` for `.`) instead, which keeps them two lists.
fn merge_lists(body: &mut Vec<Body>) {
    let mut merged: Vec<Body> = Vec::with_capacity(body.len());
    for b in body.drain(..) {
        let b = match (merged.last_mut(), b) {
            (Some(Body::List(k, items)), Body::List(kind, more)) if *k == kind => {
                if items.len() + more.len() <= MAX_LIST_ITEMS {
                    items.extend(more);
                    continue;
                }
                let other = match kind {
                    '-' => '*',
                    '*' | '+' => '-',
                    '.' => ')',
                    _ => '.',
                };
                let remarked = more.iter().map(|item| remark(item, kind, other)).collect();
                Body::List(other, remarked)
            }
            (_, b) => b,
        };
        merged.push(b);
    }
    *body = merged;
}

/// A list item's source with its first marker (`-`, or the `.` after its number) changed.
fn remark(item: &str, from: char, to: char) -> String {
    match item.find(from) {
        Some(i) => format!("{}{to}{}", &item[..i], &item[i + from.len_utf8()..]),
        None => item.to_string(),
    }
}

/// Note paragraphs in parts that each take at most [`NOTES_PER_SLIDE`] to say (or hold one
/// paragraph); never split inside a code fence.
fn split_notes(notes: Vec<String>) -> Vec<Vec<String>> {
    let time = |n: &String| crate::check::TextCount::of(&read::plain_text(n)).speaking_time();
    let mut parts: Vec<Vec<String>> = vec![Vec::new()];
    let mut spent = Duration::ZERO;
    let mut fences = 0;
    for note in notes {
        let t = time(&note);
        let open = fences % 2 == 1;
        let current = parts.last().map_or(0, Vec::len);
        if current > 0 && !open && spent + t > NOTES_PER_SLIDE {
            parts.push(Vec::new());
            spent = Duration::ZERO;
        }
        fences += note.matches("```").count() + note.matches("~~~").count();
        spent += t;
        if let Some(last) = parts.last_mut() {
            last.push(note);
        }
    }
    parts
}

/// Text as Markdown that reads back as itself (inside a paragraph or an alt text).
fn inline_escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if "\\`*_[]<>".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A phrase as a list item's Markdown text that reads back as itself.
fn escape(phrase: &str) -> String {
    let mut out = inline_escape(phrase);
    // `1. …` or `+ …` at the start would be a list inside the list.
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && out[digits..].starts_with(['.', ')']) {
        out.insert(digits, '\\');
    } else if out.starts_with(['+', '-', '#']) {
        out.insert(0, '\\');
    }
    out
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
            Body::Text(s) | Body::Block(s) | Body::Image(s) | Body::Prose { source: s, .. } => {
                parts.push(s.trim_end().to_string())
            }
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
    let text = crate::deck::comments::escape_note(text);
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
    fn hugos_toml_front_matter_gives_title_author_and_date_and_stays_out_of_the_notes() {
        let draft = "+++\ntitle = \"파이썬 타입 힌트\"\ndate = 2022-11-24T20:05:00+09:00\n\
                     authors = [\"김파이\"]\ndraft = false\ntags = [\"python\"]\n+++\n\n\
                     ## 왜 타입 힌트인가\n\n버그를 줄입니다.\n";
        let out = convert(draft.as_bytes(), &Options::default()).expect("converts");
        let deck = &out.deck;
        assert!(deck.contains("title: 파이썬 타입 힌트"), "{deck}");
        assert!(deck.contains("author: 김파이"), "{deck}");
        assert!(deck.contains("date: 2022-11-24"), "{deck}");
        assert!(
            !deck.contains("draft = false") && !deck.contains("+++"),
            "{deck}"
        );
    }

    #[test]
    fn a_jekyll_posts_file_name_dates_it_when_nothing_else_does() {
        let draft = "---\ntitle: XML이란?\nlayout: post\n---\n\nXML은 마크업 언어입니다.\n";
        let options = Options {
            file_name: Some("2018-02-28-xml.md".into()),
            ..Options::default()
        };
        let out = convert(draft.as_bytes(), &options).unwrap();
        assert!(out.deck.contains("\ndate: 2018-02-28\n"), "{}", out.deck);
        // The front matter's date wins; a name without a date gives none.
        let dated = "---\ntitle: t\ndate: 2020-01-02\n---\n\ntext\n";
        assert!(
            convert(dated.as_bytes(), &options)
                .unwrap()
                .deck
                .contains("date: 2020-01-02")
        );
        assert_eq!(date_of_file_name("notes-2018.md"), None);
        assert_eq!(date_of_file_name("2019-3-5-x.md"), None);
    }

    #[test]
    fn a_blog_engines_own_date_key_is_the_date() {
        let draft = "---\ntitle: '발표툴 - deckset'\nauthor: 'ash84'\npub_date: '2024-02-23'\n---\n\n# 도입\n\n글.\n";
        let out = convert(draft.as_bytes(), &Options::default()).unwrap();
        assert!(out.deck.contains("\ndate: 2024-02-23\n"), "{}", out.deck);
    }

    #[test]
    fn a_post_with_only_h3_sections_splits_at_them() {
        let draft = "# 토큰 정리\n\n### 1. 발급\n\n로그인하면 토큰을 받습니다.\n\n### 2. 사용\n\n\
                     헤더에 넣어 보냅니다.\n\n#### 저장\n\n안전한 곳에 둡니다.\n\n### 3. 갱신\n\n새로 받습니다.\n";
        let out = convert(draft.as_bytes(), &Options::default()).unwrap();
        let parsed = crate::deck::parse(out.deck.as_bytes(), Path::new("."));
        let titles: Vec<_> = parsed
            .slides
            .iter()
            .filter_map(|s| s.title.clone())
            .collect();
        assert_eq!(
            titles,
            ["토큰 정리", "1. 발급", "2. 사용", "3. 갱신"],
            "{}",
            out.deck
        );
        // A draft with H2 sections keeps splitting at H2 only.
        let h2 = "# T\n\n## A\n\ntext\n\n### a1\n\nmore\n\n## B\n\nend\n";
        let out = convert(h2.as_bytes(), &Options::default()).unwrap();
        assert_eq!(out.slides, 3, "{}", out.deck);
    }

    #[test]
    fn a_hugo_posts_shortcodes_become_images_or_go() {
        let draft = "+++\ntitle = \"Charts\"\n+++\n\n## The result\n\n\
                     {{< figure src=\"/images/chart.png\" caption=\"결과\" >}}\n\n\
                     {{< youtube abc >}}\n\nIt went up.\n";
        let out = convert(draft.as_bytes(), &Options::default()).expect("converts");
        assert!(
            out.deck.contains(" 결과](/images/chart.png)"),
            "{}",
            out.deck
        );
        assert!(!out.deck.contains("{{"), "{}", out.deck);
    }

    #[test]
    fn split_parts_of_one_section_get_distinct_titles() {
        // Text after each picture continues the section on a slide of its own.
        let draft = "# 발표\n\n## 팁!\n\n첫 번째 팁입니다.\n\n![a](a.png)\n\n두 번째 팁입니다.\n\n\
                     ![b](b.png)\n\n세 번째 팁입니다.\n\n## 끝\n\n감사합니다.\n";
        let out = convert(draft.as_bytes(), &Options::default()).expect("converts");
        let titles: Vec<&str> = out.deck.lines().filter(|l| l.starts_with("## ")).collect();
        let tips: Vec<&&str> = titles.iter().filter(|t| t.contains("팁!")).collect();
        assert!(tips.len() > 1, "{}", out.deck);
        let mut unique = titles.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), titles.len(), "{titles:?}");
        assert!(titles.contains(&"## 끝"), "{titles:?}");
    }

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
    fn a_comment_closer_in_the_prose_reads_the_same_when_converted_again() {
        for draft in [
            "## Arrows\n\nThe arrow --> points at the next step of the pipeline. We built it over \
             three long years, one stage at a time, and each stage taught us something new.\n",
            "-->\n2. two\nA much longer paragraph that goes on and on about lightning talks and \
             the people who give them at meetups.\n<!-- note -->\n\n--",
        ] {
            let first = convert(draft.as_bytes(), &Options::default()).expect("converts");
            assert!(first.deck.contains("--&gt;"), "{}", first.deck);
            let again = convert(first.deck.as_bytes(), &Options::default()).expect("converts");
            assert_eq!(again.deck, first.deck);
        }
    }

    #[test]
    fn note_paragraphs_lose_the_blank_lines_around_them_but_not_their_indent() {
        assert_eq!(
            without_blank_lines_around("\n\n    code\nmore\n\n"),
            "    code\nmore"
        );
        assert_eq!(without_blank_lines_around("  \n# Title "), "# Title");
        assert_eq!(without_blank_lines_around("text"), "text");
        assert_eq!(without_blank_lines_around(" \n \n"), "");
    }

    #[test]
    fn directive_looking_notes_stay_notes() {
        assert_eq!(note_comment("time: 20s"), "<!--\nNotes:\ntime: 20s\n-->");
        assert_eq!(note_comment("a --> b"), "<!--\na --&gt; b\n-->");
    }

    #[test]
    fn cuts_take_the_longest_notes_down_to_one_length() {
        let deck = crate::deck::parse(
            b"# A\n\n---\n\n# B\n\n---\n\n# C\n",
            std::path::Path::new("."),
        );
        let times = [90, 40, 70].map(Duration::from_secs);
        let cuts = cuts(&deck, &times, Duration::from_secs(40));
        // Down to 60 s: A by 30, C by 10, B untouched.
        assert_eq!(
            cuts.iter()
                .map(|c| (c.slide, c.title.as_str(), c.by.as_secs()))
                .collect::<Vec<_>>(),
            [(1, "A", 30), (3, "C", 10)]
        );
        assert!(super::cuts(&deck, &times, Duration::ZERO).is_empty());
    }

    #[test]
    fn phrases_are_escaped_to_read_back_as_written() {
        assert_eq!(escape("1. step"), "1\\. step");
        assert_eq!(escape("use *args"), "use \\*args");
        assert_eq!(escape("- minus"), "\\- minus");
        assert_eq!(percent_decode("a%20b%ED%95%9C.png"), "a b한.png");
    }

    #[test]
    fn summary_says_over_or_spare() {
        let c = Conversion {
            deck: String::new(),
            slides: 12,
            notes_time: Duration::from_secs(400),
            duration: Duration::from_secs(300),
            cuts: Vec::new(),
        };
        assert_eq!(
            c.summary(),
            "12 slides · notes ≈ 6:40 · 1:40 over a 5:00 talk — cut or move notes"
        );
        let named = Conversion {
            cuts: vec![Cut {
                slide: 4,
                title: "Why async".into(),
                notes: Duration::from_secs(150),
                by: Duration::from_secs(100),
            }],
            ..c.clone()
        };
        assert_eq!(
            named.summary(),
            "12 slides · notes ≈ 6:40 · 1:40 over a 5:00 talk — cut slide 4 “Why async” by 1:40 (of 2:30)"
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
