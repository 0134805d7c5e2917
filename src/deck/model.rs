//! The deck model: what a parsed deck is, as plain owned data.
//!
//! Owns the types every other layer reads (meta, slides, blocks, inlines, images, notes).
//! It does not know how a deck is parsed, checked or drawn, and never depends on egui.

use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;

use super::diagnostic::Diagnostic;

/// A parsed deck: its settings, its slides and what the parser noticed on the way.
#[derive(Debug, Clone, Default)]
pub struct Deck {
    /// The file the deck was read from, when it came from a file.
    pub path: Option<PathBuf>,
    /// Settings from the front matter (or their defaults).
    pub meta: Meta,
    /// The slides, in order; hidden template slides are already left out.
    pub slides: Vec<Slide>,
    /// Errors, warnings and notes about the input, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Deck {
    /// Whether the deck is a PDF's pages (every slide is then a page; a Markdown deck has none).
    pub fn is_pdf(&self) -> bool {
        self.slides.first().is_some_and(|s| s.page.is_some())
    }
}

/// Deck-wide settings, checked and with defaults applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    /// Talk title (front matter `title`, else the first slide's title).
    pub title: Option<String>,
    /// Speaker name.
    pub author: Option<String>,
    /// Where the talk is given.
    pub event: Option<String>,
    /// When the talk is given, as written.
    pub date: Option<String>,
    /// Length of the talk.
    pub duration: Duration,
    /// Remaining times at which the timer changes phase, longest first.
    pub warnings: Vec<Duration>,
    /// Per-slide time for Ignite-style decks.
    pub auto_advance: Option<Duration>,
    /// Colour theme.
    pub theme: ThemeName,
    /// Slide shape.
    pub aspect: Aspect,
    /// Footer text drawn on every slide (Markdown inline text).
    pub footer: Option<String>,
    /// Whether slides show their number.
    pub slide_numbers: bool,
    /// Language tag of the talk (`ko`, `en-US`, …).
    pub lang: Option<String>,
    /// Start a slide before each heading of this level or above.
    pub heading_divider: Option<u8>,
    /// A font file the deck asks for.
    pub font: Option<PathBuf>,
    /// Whether the audience sees a thin timer bar.
    pub audience_timer: bool,
    /// Whether list items appear one by one (Deckset `build-lists`, presenterm `incremental_lists`).
    pub build_lists: bool,
    /// The syntax family the deck was detected as.
    pub dialect: Dialect,
}

impl Default for Meta {
    fn default() -> Self {
        Self {
            title: None,
            author: None,
            event: None,
            date: None,
            duration: Duration::from_secs(5 * 60),
            warnings: vec![Duration::from_secs(60), Duration::from_secs(30)],
            auto_advance: None,
            theme: ThemeName::Dark,
            aspect: Aspect::Wide,
            footer: None,
            slide_numbers: false,
            lang: None,
            heading_divider: None,
            font: None,
            audience_timer: false,
            build_lists: false,
            dialect: Dialect::Common,
        }
    }
}

/// The built-in colour themes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    /// Light text on a dark background (the default).
    Dark,
    /// Dark text on a light background.
    Light,
    /// Marp's `default`: GitHub-like dark text on white.
    Default,
    /// Marp's `gaia`: slate text on cream, blue accents.
    Gaia,
    /// Marp's `uncover`: near-black on white, every slide centred.
    Uncover,
}

/// Slide shape and its logical canvas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Aspect {
    /// 16:9, a 1280×720 canvas.
    #[serde(rename = "16:9")]
    Wide,
    /// 4:3, a 960×720 canvas.
    #[serde(rename = "4:3")]
    Standard,
}

impl Aspect {
    /// Size of the logical canvas in points.
    pub fn canvas(self) -> (f32, f32) {
        match self {
            Aspect::Wide => (1280.0, 720.0),
            Aspect::Standard => (960.0, 720.0),
        }
    }
}

/// Which presenter's conventions the deck follows; it decides what separates slides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// Marp and plain Markdown: thematic breaks separate slides; every comment is a note.
    Common,
    /// Slidev: as common, with per-slide front matter; only a slide's last comment is its note.
    Slidev,
    /// Deckset: as common, and a lone image paragraph is a background.
    Deckset,
    /// presenterm: `<!-- end_slide -->` separates, as thematic breaks do; notes and columns in comments.
    Presenterm,
    /// remark/xaringan: every `---` line outside code separates, and slides have properties.
    Remark,
    /// reveal.js external Markdown without `---`: runs of blank lines separate.
    Reveal,
    /// reveal-md (its front matter has `revealOptions`, `separator` or `verticalSeparator`): a
    /// `---` line separates even right under text (its separator is a `---` line between
    /// newlines, not a thematic break), and so does `----` (vertical slides, shown in order).
    #[serde(rename = "reveal-md")]
    RevealMd,
}

/// One slide.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Slide {
    /// Position in the deck, from 0.
    pub index: usize,
    /// 1-based source line where the slide's content starts.
    pub line: usize,
    /// Plain text of the first heading.
    pub title: Option<String>,
    /// Content shown on the slide.
    pub blocks: Vec<Block>,
    /// Speaker notes, in order, each still Markdown.
    pub notes: Vec<Note>,
    /// Every image the slide uses; blocks refer to them by index.
    pub images: Vec<Image>,
    /// Number of reveal steps (1 for a slide without pauses).
    pub steps: usize,
    /// Layout hints from directives.
    pub style: SlideStyle,
    /// This slide's time budget (`<!-- time: 20s -->`).
    pub time_budget: Option<Duration>,
    /// For a slide of a PDF deck: the pages it shows, one per step.
    pub page: Option<PageRef>,
    /// Where a Markdown slide is written: its notes can be saved there.
    pub origin: Option<Origin>,
}

/// Where a Markdown slide is written, so an edited note can be saved into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file, when it is not the deck's own (a Slidev `src:` import).
    pub file: Option<PathBuf>,
    /// Byte offset, in the file's decoded text (no BOM, `\n` line ends), where the slide's
    /// content ends: after its last non-blank line. A new note goes here.
    pub end: usize,
}

/// A slide of a PDF deck: its pages (an overlay group shows one page per step) and the part of
/// each page the audience sees.
#[derive(Debug, Clone, PartialEq)]
pub struct PageRef {
    /// 0-based page indices, one per step.
    pub pages: Vec<usize>,
    /// The page label (`iii`, `2`), when the PDF gives one; else the page number.
    pub label: String,
    /// Size in PDF points of what the audience sees (the slide half of a notes page).
    pub size: [f32; 2],
    /// Where on the page the speaker's notes are (Beamer's `show notes on second screen`): the
    /// audience sees the other half, the console shows this one as the notes.
    pub notes_at: Option<Edge>,
}

impl PageRef {
    /// The page shown at `step` (the last one past the end).
    pub fn page_at(&self, step: usize) -> usize {
        let last = self.pages.len().saturating_sub(1);
        self.pages.get(step.min(last)).copied().unwrap_or(0)
    }

    /// The part of the page the audience sees, as fractions of the page: `[x0, y0, x1, y1]`.
    pub fn slide_part(&self) -> [f32; 4] {
        match self.notes_at {
            None => [0.0, 0.0, 1.0, 1.0],
            Some(edge) => edge.opposite().half(),
        }
    }

    /// The part of the page that holds the notes, when it has one.
    pub fn notes_part(&self) -> Option<[f32; 4]> {
        self.notes_at.map(Edge::half)
    }
}

/// A side of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Edge {
    /// The left half.
    Left,
    /// The right half.
    Right,
    /// The top half.
    Top,
    /// The bottom half.
    Bottom,
}

impl Edge {
    /// Reads `left`, `right`, `top`, `bottom` (pdfpc's words).
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "left" => Some(Edge::Left),
            "right" => Some(Edge::Right),
            "top" => Some(Edge::Top),
            "bottom" => Some(Edge::Bottom),
            _ => None,
        }
    }

    fn opposite(self) -> Self {
        match self {
            Edge::Left => Edge::Right,
            Edge::Right => Edge::Left,
            Edge::Top => Edge::Bottom,
            Edge::Bottom => Edge::Top,
        }
    }

    /// This half of a page as fractions: `[x0, y0, x1, y1]`, y from the top.
    fn half(self) -> [f32; 4] {
        match self {
            Edge::Left => [0.0, 0.0, 0.5, 1.0],
            Edge::Right => [0.5, 0.0, 1.0, 1.0],
            Edge::Top => [0.0, 0.0, 1.0, 0.5],
            Edge::Bottom => [0.0, 0.5, 1.0, 1.0],
        }
    }
}

impl Slide {
    /// All notes joined into one Markdown text (as written, for font coverage).
    pub fn notes_markdown(&self) -> String {
        let parts: Vec<&str> = self.notes.iter().map(|n| n.text.as_str()).collect();
        parts.join("\n\n")
    }

    /// Every note's blocks, in order: what the console shows and `check` counts.
    pub fn notes_blocks(&self) -> impl Iterator<Item = &Block> {
        self.notes.iter().flat_map(|n| n.blocks.iter())
    }
}

/// A speaker note and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// 1-based source line.
    pub line: usize,
    /// The note's Markdown.
    pub text: String,
    /// The note read once, at parse time, into the same block tree as slide bodies: its text is
    /// Markdown only, never deck syntax (a note that begins `Notes:` or `???` keeps it).
    pub blocks: Vec<Block>,
    /// Where and how the note is written in its file, when it can be rewritten in place.
    pub source: Option<NoteSource>,
}

/// How a note is written and where, in the decoded text (no BOM, `\n` line ends) of the file
/// its slide's [`Origin`] names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteSource {
    /// The syntax.
    pub form: NoteForm,
    /// The bytes of the whole note, syntax included (`<!-- … -->`, `^ …` lines, `???` and the
    /// lines after it up to the last non-blank one).
    pub span: std::ops::Range<usize>,
}

/// The syntaxes a note is written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteForm {
    /// `<!-- … -->` (Marp, Slidev, and ltdeck's own).
    Comment,
    /// presenterm's `<!-- speaker_note: … -->`.
    SpeakerNote,
    /// Deckset's `^ ` paragraphs.
    Caret,
    /// A line that starts notes running to the slide's end: remark's `???`, reveal.js's
    /// `Note:` / `Notes:` (the marker as written).
    Marker(String),
}

impl Note {
    /// A note of `text` at `line`, not yet read into blocks.
    pub fn new(line: usize, text: String) -> Self {
        Self {
            line,
            text,
            blocks: Vec::new(),
            source: None,
        }
    }
}

/// Per-slide presentation hints from Marp, Deckset, remark and presenterm directives.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SlideStyle {
    /// Background colour as written (`beige`, `#123`).
    pub background_color: Option<String>,
    /// Text colour as written.
    pub color: Option<String>,
    /// Class names (`lead`, `center middle`).
    pub class: Option<String>,
    /// Slide number shown on this slide.
    pub slide_number: bool,
    /// Footer shown on this slide.
    pub footer: Option<String>,
}

/// A block of slide content and the source line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// 1-based source line.
    pub line: usize,
    /// The first reveal step (from 0) at which the block is visible.
    pub step: usize,
    /// What the block is.
    pub kind: BlockKind,
}

/// The kinds of block a slide holds.
#[derive(Debug, Clone, PartialEq)]
pub enum BlockKind {
    /// A heading; `fit` asks for it to fill the slide width.
    Heading {
        /// 1 to 6.
        level: u8,
        /// `[fit]` or `<!--fit-->` was given.
        fit: bool,
        /// Heading text.
        content: Vec<Inline>,
    },
    /// A paragraph of inline content.
    Paragraph(Vec<Inline>),
    /// An ordered or unordered list.
    List {
        /// First number of an ordered list; `None` for bullets.
        start: Option<u64>,
        /// The items.
        items: Vec<ListItem>,
    },
    /// A block quote.
    Quote(Vec<Block>),
    /// A code block.
    Code {
        /// Language from the fence info string (first word), if any.
        lang: Option<String>,
        /// The code, ending without a trailing newline.
        text: String,
    },
    /// A GFM table.
    Table {
        /// Column alignments.
        align: Vec<Align>,
        /// Header cells.
        header: Vec<Vec<Inline>>,
        /// Body rows.
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// A horizontal rule inside a slide (presenterm decks).
    Rule,
    /// A footnote definition.
    Footnote {
        /// The label.
        label: String,
        /// Its content.
        blocks: Vec<Block>,
    },
    /// Side-by-side columns (presenterm's `column_layout`), each a flow of blocks.
    Columns {
        /// Relative widths, one per column (`[1, 3, 1]`).
        widths: Vec<u32>,
        /// Each column's blocks, in the order of `widths`.
        columns: Vec<Vec<Block>>,
    },
    /// Raw HTML, kept as text (never run).
    Html(String),
}

/// Column alignment in a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    /// Not specified.
    None,
    /// `:---`.
    Left,
    /// `:---:`.
    Center,
    /// `---:`.
    Right,
}

/// One list item.
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    /// `Some(done)` for a task-list item.
    pub task: Option<bool>,
    /// The first reveal step at which the item is visible.
    pub step: usize,
    /// The item's content.
    pub blocks: Vec<Block>,
}

/// Inline content.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Plain text.
    Text(String),
    /// `code`.
    Code(String),
    /// *emphasis*.
    Emphasis(Vec<Inline>),
    /// **strong**.
    Strong(Vec<Inline>),
    /// ~~strikethrough~~.
    Strike(Vec<Inline>),
    /// A link; its text is inline content.
    Link {
        /// Target as written.
        url: String,
        /// Link text.
        content: Vec<Inline>,
    },
    /// An image, by index into `Slide::images`.
    Image(usize),
    /// A soft line break (a space when laid out).
    SoftBreak,
    /// A hard line break.
    HardBreak,
    /// A footnote reference.
    FootnoteRef(String),
}

/// An image a slide uses.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// 1-based source line of the image.
    pub line: usize,
    /// 1-based column of the image.
    pub column: usize,
    /// Path or URL as written.
    pub src: String,
    /// Where it lives.
    pub source: ImageSource,
    /// Alt text with directive keywords removed.
    pub alt: String,
    /// How it is placed on the slide.
    pub placement: Placement,
    /// Size requested in the alt text.
    pub size: ImageSize,
}

/// Where an image's pixels come from.
#[derive(Debug, Clone, PartialEq)]
pub enum ImageSource {
    /// A file on disk, resolved against the deck's folder.
    File(PathBuf),
    /// An `http(s)://` URL: never fetched.
    Remote(String),
}

/// How an image is placed on its slide.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Placement {
    /// In the flow of the text.
    Inline,
    /// Alone on the slide: as large as it fits.
    Large,
    /// Behind the slide, full bleed.
    Background {
        /// How it fills the slide.
        fit: Fit,
    },
    /// In the footer, before its text (Deckset's `footer: ![inline](logo.png) text`).
    Footer,
    /// One side of a split slide; content takes the other side.
    Split {
        /// Which side the image takes.
        side: Side,
        /// Share of the slide width the image takes (0–1).
        ratio: f32,
        /// How it fills its half.
        fit: Fit,
    },
}

/// How an image fills the box it is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Fit {
    /// Fill the box and crop.
    Cover,
    /// Show it whole, letterboxed.
    Contain,
}

/// A side of a split slide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The left side.
    Left,
    /// The right side.
    Right,
}

/// Size requested for an image, on the logical canvas.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ImageSize {
    /// Width in canvas pixels.
    pub width: Option<f32>,
    /// Height in canvas pixels.
    pub height: Option<f32>,
    /// Scale factor (`50%` → 0.5).
    pub scale: Option<f32>,
}
