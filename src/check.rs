//! Deck checks before going on stage, and the speaking-time estimate.
//!
//! Owns what `ltdeck check` reports: images that are missing, remote or unreadable (header only,
//! pixels are never decoded here), slides with too much text, and notes that take longer to say
//! than the talk lasts. It reads image headers from disk; it never changes a file.

use std::path::Path;
use std::time::Duration;

use serde::Serialize;

use crate::deck::time::format_duration;
use crate::deck::{
    Block, BlockKind, Deck, Diagnostic, Image, ImageSource, Placement, Severity, Slide, plain_text,
};

/// Speaking rate for space-separated scripts, in words per minute. 140 is the low end of
/// conference speech (130–160 wpm): a nervous speaker slows down for the important parts.
pub const WORDS_PER_MINUTE: f64 = 140.0;

/// Speaking rate for Hangul, in syllables per minute. Korean read speech runs at about 5
/// syllables a second and conversation nearer 4; a talk sits between (4.5/s = 270/min).
pub const HANGUL_SYLLABLES_PER_MINUTE: f64 = 270.0;

/// Speaking rate for Han and Kana characters, in characters per minute (Japanese talks run at
/// about 300 characters a minute).
pub const CJK_CHARS_PER_MINUTE: f64 = 300.0;

/// More words than this on one slide is too much to read in a lightning talk.
pub const MAX_WORDS_ON_SCREEN: usize = 40;

/// What a piece of text holds, for the speaking-time estimate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextCount {
    /// Runs of letters and digits in space-separated scripts.
    pub words: usize,
    /// Hangul syllables.
    pub hangul: usize,
    /// Han and Kana characters.
    pub cjk: usize,
}

impl TextCount {
    /// Counts `text`. A mixed token such as `Python은` counts one word and one syllable.
    pub fn of(text: &str) -> Self {
        let mut c = TextCount::default();
        let mut in_word = false;
        for ch in text.chars() {
            if is_hangul_syllable(ch) {
                c.hangul += 1;
                in_word = false;
            } else if is_cjk(ch) {
                c.cjk += 1;
                in_word = false;
            } else if ch.is_alphanumeric() || (in_word && matches!(ch, '\'' | '’' | '-')) {
                if !in_word {
                    c.words += 1;
                }
                in_word = true;
            } else {
                in_word = false;
            }
        }
        c
    }

    /// How long saying it takes at the documented rates.
    pub fn speaking_time(self) -> Duration {
        let minutes = self.words as f64 / WORDS_PER_MINUTE
            + self.hangul as f64 / HANGUL_SYLLABLES_PER_MINUTE
            + self.cjk as f64 / CJK_CHARS_PER_MINUTE;
        Duration::from_secs_f64(minutes * 60.0)
    }
}

fn is_hangul_syllable(ch: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&ch)
}

fn is_cjk(ch: char) -> bool {
    matches!(ch,
        '\u{3040}'..='\u{30FF}'   // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}' // Han extension A
        | '\u{4E00}'..='\u{9FFF}' // Han
        | '\u{F900}'..='\u{FAFF}') // Han compatibility
}

/// A slide's notes as plain text, read from the blocks the parser made of them (code and HTML
/// left out: they are not spoken).
pub fn notes_text(slide: &Slide) -> String {
    let mut out = String::new();
    for note in &slide.notes {
        push_blocks(&note.blocks, &mut out);
    }
    out.trim().to_string()
}

/// The text a slide shows (headings, paragraphs, lists, quotes, tables; not code or HTML).
pub fn screen_text(slide: &Slide) -> String {
    let mut out = String::new();
    push_blocks(&slide.blocks, &mut out);
    out
}

fn push_blocks(blocks: &[Block], out: &mut String) {
    for block in blocks {
        match &block.kind {
            BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) => {
                out.push_str(&plain_text(content));
                out.push('\n');
            }
            BlockKind::List { items, .. } => items.iter().for_each(|i| push_blocks(&i.blocks, out)),
            BlockKind::Quote(inner) | BlockKind::Footnote { blocks: inner, .. } => {
                push_blocks(inner, out)
            }
            BlockKind::Columns { columns, .. } => columns.iter().for_each(|c| push_blocks(c, out)),
            BlockKind::Table { header, rows, .. } => {
                for cell in header.iter().chain(rows.iter().flatten()) {
                    out.push_str(&plain_text(cell));
                    out.push(' ');
                }
                out.push('\n');
            }
            BlockKind::Code { .. } | BlockKind::Rule | BlockKind::Html(_) => {}
        }
    }
}

/// Words on screen: whitespace-separated tokens (a Korean eojeol counts as one).
fn screen_words(slide: &Slide) -> usize {
    screen_text(slide)
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// What a slide will take to say: its notes, or its on-screen text when it has no notes.
pub fn slide_speaking_time(slide: &Slide) -> Duration {
    let notes = notes_text(slide);
    let text = if notes.is_empty() {
        screen_text(slide)
    } else {
        notes
    };
    TextCount::of(&text).speaking_time()
}

/// An image as `check` found it on disk.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImageReport {
    /// Path or URL as written.
    pub src: String,
    /// Resolved path (or the URL).
    pub resolved: String,
    /// The file exists (always false for remote images).
    pub exists: bool,
    /// Pixel width from the header.
    pub width: Option<u32>,
    /// Pixel height from the header.
    pub height: Option<u32>,
    /// How the slide places it.
    pub placement: Placement,
    /// An animation's frames (GIF, WebP, APNG); absent for a still image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frames: Option<usize>,
    /// One pass of an animation, in milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<u64>,
}

/// One slide as `check --json` describes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SlideReport {
    /// Position from 0.
    pub index: usize,
    /// 1-based source line.
    pub line: usize,
    /// First heading's text.
    pub title: Option<String>,
    /// Notes as plain text.
    pub notes: String,
    /// Reveal steps (1 without pauses).
    pub steps: usize,
    /// Words on screen.
    pub words_on_screen: usize,
    /// Estimated speaking time in seconds.
    pub estimate_secs: f64,
    /// Time budget from `<!-- time: … -->`, in seconds.
    pub budget_secs: Option<f64>,
    /// Images on the slide.
    pub images: Vec<ImageReport>,
}

/// Everything `ltdeck check` reports about one deck.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Talk title.
    pub title: Option<String>,
    /// Dialect the deck was read as.
    pub dialect: crate::deck::Dialect,
    /// Talk length in seconds.
    pub duration_secs: f64,
    /// Estimated speaking time in seconds.
    pub estimate_secs: f64,
    /// The slides.
    pub slides: Vec<SlideReport>,
    /// Parser and checker diagnostics, by line.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// Count of diagnostics of one severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// The human summary printed after the diagnostics.
    pub fn summary(&self) -> String {
        let steps: usize = self.slides.iter().map(|s| s.steps).sum();
        let images: usize = self.slides.iter().map(|s| s.images.len()).sum();
        let notes_words: usize = self
            .slides
            .iter()
            .map(|s| s.notes.split_whitespace().count())
            .sum();
        let estimate = Duration::from_secs_f64(self.estimate_secs);
        let duration = Duration::from_secs_f64(self.duration_secs);
        let fit = if estimate > duration {
            format!("{} over", format_duration(estimate - duration))
        } else {
            format!("{} to spare", format_duration(duration - estimate))
        };
        format!(
            "{} slides · {steps} steps · {images} images · {notes_words} words of notes\n\
             speaking time ≈ {} · talk {} · {fit}\n\
             {} errors, {} warnings",
            self.slides.len(),
            format_duration(estimate),
            format_duration(duration),
            self.count(Severity::Error),
            self.count(Severity::Warning),
        )
    }
}

/// Checks a parsed deck: its own diagnostics plus images, text density and time.
pub fn check(deck: &Deck) -> Report {
    let mut diagnostics = deck.diagnostics.clone();
    let slides: Vec<SlideReport> = deck
        .slides
        .iter()
        .map(|s| slide_report(s, &mut diagnostics))
        .collect();
    let estimate: f64 = slides.iter().map(|s| s.estimate_secs).sum();
    let duration = deck.meta.duration.as_secs_f64();
    if estimate > duration {
        diagnostics.push(Diagnostic::warning(
            1,
            format!(
                "the notes take about {} to say, longer than the {} talk",
                format_duration(Duration::from_secs_f64(estimate)),
                format_duration(deck.meta.duration)
            ),
            "cut notes or slides, or raise `duration:` in the front matter",
        ));
    }
    diagnostics.sort_by_key(|d| (d.line, d.column));
    Report {
        title: deck.meta.title.clone(),
        dialect: deck.meta.dialect,
        duration_secs: duration,
        estimate_secs: estimate,
        slides,
        diagnostics,
    }
}

/// A warning when a slide names both its text and background colours and they do not reach
/// WCAG AA (4.5:1): on a projector in a lit room such text is gone. (With a background colour
/// and no text colour, the renderer picks a readable one itself.)
fn contrast_diagnostic(slide: &Slide) -> Option<Diagnostic> {
    let text = slide.style.color.as_deref()?;
    let background = slide.style.background_color.as_deref()?;
    let rgb = |c: [u8; 4]| [c[0], c[1], c[2]];
    let ratio = crate::color::contrast(
        rgb(crate::color::parse(text)?),
        rgb(crate::color::parse(background)?),
    );
    (ratio < crate::color::AA).then(|| {
        Diagnostic::warning(
            slide.line,
            format!(
                "slide {}: text colour {text} on background {background} has a contrast of \
                 {ratio:.1}:1, under the 4.5:1 a projector needs (WCAG AA)",
                slide.index + 1
            ),
            "choose a darker or lighter text colour, or drop `color:` and ltdeck picks a readable one",
        )
    })
}

fn slide_report(slide: &Slide, diags: &mut Vec<Diagnostic>) -> SlideReport {
    diags.extend(contrast_diagnostic(slide));
    let words = screen_words(slide);
    if words > MAX_WORDS_ON_SCREEN {
        diags.push(Diagnostic::warning(
            slide.line,
            format!(
                "slide {} has {words} words on screen; lightning-talk slides read best under {MAX_WORDS_ON_SCREEN}",
                slide.index + 1
            ),
            "move the detail into the speaker notes (`<!-- … -->` or a `^ ` paragraph)",
        ));
    }
    SlideReport {
        index: slide.index,
        line: slide.line,
        title: slide.title.clone(),
        notes: notes_text(slide),
        steps: slide.steps,
        words_on_screen: words,
        estimate_secs: slide_speaking_time(slide).as_secs_f64(),
        budget_secs: slide.time_budget.map(|d| d.as_secs_f64()),
        images: slide
            .images
            .iter()
            .map(|i| image_report(i, diags, Frames::Count))
            .collect(),
    }
}

fn image_report(image: &Image, diags: &mut Vec<Diagnostic>, frames: Frames) -> ImageReport {
    let mut report = ImageReport {
        src: image.src.clone(),
        resolved: String::new(),
        exists: false,
        width: None,
        height: None,
        placement: image.placement,
        frames: None,
        duration_ms: None,
    };
    let mut warn = |message: String, hint: &str| {
        diags.push(Diagnostic::new(
            Severity::Warning,
            image.line,
            image.column,
            message,
            hint,
        ));
    };
    let path = match &image.source {
        ImageSource::Remote(url) => {
            report.resolved = url.clone();
            warn(
                format!("remote image is never fetched: {}", short(url)),
                "download it next to the deck and link the file; the slide shows a placeholder",
            );
            return report;
        }
        ImageSource::File(path) => path,
    };
    report.resolved = path.display().to_string();
    match probe(path) {
        Probe::Missing => warn(
            format!("image not found: {}", image.src),
            &format!(
                "paths are relative to the deck's folder; looked for {}",
                path.display()
            ),
        ),
        Probe::Unreadable(why) => {
            report.exists = true;
            warn(
                format!("image cannot be read: {} ({why})", image.src),
                "re-export it as PNG or JPEG",
            );
        }
        Probe::Size(w, h) => {
            report.exists = true;
            report.width = Some(w);
            report.height = Some(h);
            if frames == Frames::Count
                && let Ok(Some(a)) = crate::anim::summary(path)
            {
                animation_report(image, &a, [w, h], &mut report, diags);
            }
        }
    }
    report
}

/// An animation's frames and length in the report; a warning when it breaks off, or when its
/// frames at full-screen size pass the budget (it then plays at a lower frame rate).
fn animation_report(
    image: &Image,
    a: &crate::anim::Summary,
    size: [u32; 2],
    report: &mut ImageReport,
    diags: &mut Vec<Diagnostic>,
) {
    let at = |severity, message: String, hint: &str| {
        Diagnostic::new(severity, image.line, image.column, message, hint)
    };
    report.frames = Some(a.frames);
    report.duration_ms = Some(a.duration.as_millis() as u64);
    if let Some(why) = &a.truncated {
        diags.push(at(
            Severity::Warning,
            format!(
                "animation breaks off after {} frames: {} ({why})",
                a.frames, image.src
            ),
            "the frames before the break play; re-export it from the original",
        ));
    }
    let shown = crate::anim::shown_size(size, [1920, 1080]);
    let bytes = crate::anim::decoded_bytes(a.frames, shown);
    let mb = |b: u64| b.div_ceil(1024 * 1024);
    let size_text = |b: u64| {
        if b < 1024 * 1024 {
            format!("{} KB", b.div_ceil(1024))
        } else {
            format!("{} MB", mb(b))
        }
    };
    let loops = match a.loops {
        None => "loops for ever".to_string(),
        Some(1) => "plays once".to_string(),
        Some(n) => format!("plays {n} times"),
    };
    diags.push(at(
        Severity::Info,
        format!(
            "animation {}: {} frames, {:.1} s, {loops}, {} decoded at {}×{}",
            image.src,
            a.frames,
            a.duration.as_secs_f64(),
            size_text(bytes),
            shown[0],
            shown[1]
        ),
        "it plays on the slides and the console's current slide, from its first frame",
    ));
    if bytes > crate::anim::FRAME_BUDGET {
        let kept = crate::anim::kept_frames(a.frames, crate::anim::decoded_bytes(1, shown));
        diags.push(at(
            Severity::Warning,
            format!(
                "animation too large to keep: {} frames of {}×{} decode to {} MB, over the {} MB \
                 an animation may use; it plays {} of its frames (a lower frame rate): {}",
                a.frames,
                shown[0],
                shown[1],
                mb(bytes),
                mb(crate::anim::FRAME_BUDGET),
                kept,
                image.src
            ),
            &format!(
                "shrink it: `gifsicle -O3 --resize-fit 640x360 {0} -o small.gif` or \
                 `ffmpeg -i {0} -vf scale=640:-1 small.gif`",
                image.src
            ),
        ));
    }
}

fn short(url: &str) -> String {
    if url.chars().count() > 80 {
        let head: String = url.chars().take(77).collect();
        format!("{head}...")
    } else {
        url.to_string()
    }
}

/// What the header of an image file says.
#[derive(Debug, Clone, PartialEq)]
pub enum Probe {
    /// No such file.
    Missing,
    /// The file exists but its header does not decode.
    Unreadable(String),
    /// Width and height in pixels.
    Size(u32, u32),
}

/// All text of a deck (title, what the slides show, notes), for font coverage.
pub fn deck_text(deck: &Deck) -> String {
    let mut text = String::new();
    for slide in &deck.slides {
        text.push_str(&screen_text(slide));
        text.push_str(&slide.notes_markdown());
    }
    text.push_str(deck.meta.title.as_deref().unwrap_or(""));
    text
}

/// The image problems of a deck (missing, remote, unreadable headers): the part of [`check`]
/// the presenter console lists while the talk runs. Headers only: an animation's frames are
/// decoded once, by the image threads, not again here.
pub fn image_diagnostics(deck: &Deck) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for image in deck.slides.iter().flat_map(|s| &s.images) {
        image_report(image, &mut diags, Frames::Skip);
    }
    diags
}

/// Whether an image report decodes an animation's frames to count them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frames {
    Count,
    Skip,
}

/// The faces this machine draws a deck with (its `lang:`, its scripts, its `font:`): what the
/// presenter installs, export embeds and [`font_diagnostics`] reports on.
pub fn font_plan(deck: &Deck) -> crate::fonts::discover::FontPlan {
    crate::fonts::discover::plan(
        deck.meta.lang.as_deref(),
        &deck_text(deck),
        deck.meta.font.as_deref(),
    )
}

/// Warnings for scripts in the deck that no installed font covers, naming what to install, and
/// one info line for a script only the bundled face covers. Separate from [`check`] because it
/// reads the system's font list.
pub fn font_diagnostics(deck: &Deck) -> Vec<Diagnostic> {
    font_notes(&font_plan(deck), &deck_text(deck))
}

/// [`font_diagnostics`] for a chosen plan.
pub fn font_notes(plan: &crate::fonts::discover::FontPlan, text: &str) -> Vec<Diagnostic> {
    let bundled = plan.bundled(text).into_iter().map(|script| {
        Diagnostic::info(
            1,
            format!(
                "no installed font has {} glyphs: using the bundled {}",
                script.name(),
                crate::fonts::discover::BUNDLED_HANGUL
            ),
            script.install_hint(),
        )
    });
    let missing = plan.missing(text).into_iter().map(|script| {
        Diagnostic::warning(
            1,
            format!(
                "no installed font has {} glyphs: they would show as boxes",
                script.name()
            ),
            script.install_hint(),
        )
    });
    bundled.chain(missing).collect()
}

/// Reads an image's dimensions from its header, without decoding pixels.
pub fn probe(path: &Path) -> Probe {
    let meta = match std::fs::metadata(path) {
        Ok(m) if m.is_file() => m,
        Ok(_) => return Probe::Unreadable("not a file".into()),
        Err(_) => return Probe::Missing,
    };
    if meta.len() == 0 {
        return Probe::Unreadable("the file is empty".into());
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if crate::svg::is_svg(path) {
        return match crate::svg::size(path) {
            Ok([w, h]) => Probe::Size(w, h),
            Err(e) => Probe::Unreadable(e),
        };
    }
    if matches!(ext.as_str(), "mov" | "mp4" | "webm" | "m4v") {
        return Probe::Unreadable("videos are not supported".into());
    }
    let reader = image::ImageReader::open(path).and_then(|r| r.with_guessed_format());
    match reader
        .map_err(|e| e.to_string())
        .and_then(|r| r.into_dimensions().map_err(|e| e.to_string()))
    {
        Ok((w, h)) => Probe::Size(w, h),
        Err(e) => Probe::Unreadable(crate::images::unreadable(path, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_explicit_colour_pair_under_aa_is_a_warning_with_its_ratio() {
        let deck = crate::deck::parse(
            b"# Fine\n\n---\n\n<!-- backgroundColor: beige -->\n<!-- color: white -->\n\n# Gone\n\n---\n\n<!-- backgroundColor: navy -->\n<!-- color: white -->\n\n# Good\n",
            Path::new("."),
        );
        let report = check(&deck);
        let warned: Vec<&Diagnostic> = report
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("contrast"))
            .collect();
        assert_eq!(warned.len(), 1, "{warned:?}");
        assert!(warned[0].message.contains("slide 2") && warned[0].message.contains("1.1:1"));
    }

    #[test]
    fn hangul_from_the_bundled_face_is_info_and_kana_without_a_font_is_a_warning() {
        let plan = crate::fonts::discover::plan_from(&fontdb::Database::new(), None, "", None);
        let notes = font_notes(&plan, "발표 かな");
        let kinds: Vec<(Severity, bool)> = notes
            .iter()
            .map(|d| (d.severity, d.message.contains("bundled")))
            .collect();
        assert_eq!(kinds, [(Severity::Info, true), (Severity::Warning, false)]);
        assert!(notes[1].message.contains("Kana"), "{notes:?}");
        assert!(font_notes(&plan, "plain text").is_empty());
    }

    #[test]
    fn counts_words_syllables_and_han() {
        assert_eq!(
            TextCount::of("Hello, world! It's 2026."),
            TextCount {
                words: 4,
                hangul: 0,
                cjk: 0
            }
        );
        assert_eq!(
            TextCount::of("안녕하세요 여러분"),
            TextCount {
                words: 0,
                hangul: 8,
                cjk: 0
            }
        );
        assert_eq!(
            TextCount::of("Python은 빠릅니다"),
            TextCount {
                words: 1,
                hangul: 5,
                cjk: 0
            }
        );
        assert_eq!(
            TextCount::of("日本語です"),
            TextCount {
                words: 0,
                hangul: 0,
                cjk: 5
            }
        );
    }

    #[test]
    fn speaking_time_uses_the_documented_rates() {
        let english = TextCount {
            words: 140,
            hangul: 0,
            cjk: 0,
        };
        assert_eq!(english.speaking_time(), Duration::from_secs(60));
        let korean = TextCount {
            words: 0,
            hangul: 270,
            cjk: 0,
        };
        assert_eq!(korean.speaking_time(), Duration::from_secs(60));
        let mixed = TextCount {
            words: 70,
            hangul: 135,
            cjk: 150,
        };
        assert_eq!(mixed.speaking_time(), Duration::from_secs(90));
    }

    #[test]
    fn notes_text_drops_syntax_and_keeps_text_that_looks_like_a_notes_marker() {
        let deck = crate::deck::parse(
            b"# A\n\n<!-- **Bold** and `code`\n\n- item -->\n\n---\n\n# B\n\n<!-- Notes: the demo laptop -->\n\n<!-- Link: https://example.org -->\n",
            Path::new("."),
        );
        assert_eq!(notes_text(&deck.slides[0]), "Bold and code\nitem");
        assert_eq!(
            notes_text(&deck.slides[1]),
            "Notes: the demo laptop\nLink: https://example.org"
        );
    }

    #[test]
    fn probe_reports_missing_empty_and_garbage() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert_eq!(probe(&dir.path().join("none.png")), Probe::Missing);
        let empty = dir.path().join("empty.png");
        std::fs::write(&empty, b"").expect("write");
        assert!(matches!(probe(&empty), Probe::Unreadable(_)));
        let junk = dir.path().join("junk.png");
        std::fs::write(&junk, b"not an image at all").expect("write");
        assert!(matches!(probe(&junk), Probe::Unreadable(_)));
        let good = dir.path().join("good.png");
        image::RgbImage::new(3, 2).save(&good).expect("save");
        assert_eq!(probe(&good), Probe::Size(3, 2));
    }
}
