//! Decks: the Markdown deck format, read into an owned model.
//!
//! Owns the whole way from a file's bytes to a [`Deck`]: decoding, front matter, splitting into
//! slides the way each peer presenter would (Marp, Slidev, Deckset, presenterm, remark, reveal.js),
//! notes, directives and images. Parsing never fails and never panics: what is wrong becomes a
//! [`Diagnostic`]. No egui and no threads here; the only file access is reading the deck and
//! the slide files it imports.

pub mod alt;
mod blocks;
mod columns;
pub mod comments;
pub mod diagnostic;
pub mod edit;
mod emoji;
pub mod front_matter;
mod lines;
pub mod model;
pub mod pdf;
mod slide;
pub mod source;
mod split;
pub mod time;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

pub use blocks::plain_text;
pub use diagnostic::{Diagnostic, Severity};
pub use model::*;
pub use split::markdown_options;

use front_matter::parse_bool;
use slide::{Context, Draft};

/// How deep Slidev `src:` imports may nest (a file importing itself stops here).
const MAX_IMPORT_DEPTH: usize = 4;

/// The largest deck (or draft) read: a deck is text; anything bigger is a mistake.
pub const MAX_DECK_BYTES: u64 = 64 * 1024 * 1024;

/// Why a deck could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The deck path as given.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// Not a regular file (a folder, a device such as /dev/zero, a pipe).
    #[error("{path} is not a regular file; give the path of a Markdown deck")]
    NotAFile {
        /// The path as given.
        path: PathBuf,
    },
    /// A PDF that needs a password to open.
    #[error(
        "{path} is a password-protected PDF; save a copy without the password (`qpdf --decrypt --password=… {path} open.pdf`) and present that"
    )]
    PdfLocked {
        /// The path as given.
        path: PathBuf,
    },
    /// A PDF that cannot be read at all.
    #[error(
        "{path} is a damaged PDF: {why}; export it again from the slide program (or try `qpdf {path} repaired.pdf`)"
    )]
    PdfDamaged {
        /// The path as given.
        path: PathBuf,
        /// What is wrong.
        why: String,
    },
    /// Named `.pdf` but not a PDF (empty, cut off, an HTML error page saved under that name).
    #[error(
        "{path}: not a PDF ({size} bytes); export it again from the slide program, or give the Markdown deck"
    )]
    NotPdf {
        /// The path as given.
        path: PathBuf,
        /// Its size.
        size: u64,
    },
    /// A Git LFS pointer where the file should be (a repository cloned without `git lfs`).
    #[error(
        "{path}: this is a Git LFS pointer, not the file itself; run `git lfs pull` in its repository (or download the file)"
    )]
    LfsPointer {
        /// The path as given.
        path: PathBuf,
    },
    /// Larger than [`MAX_DECK_BYTES`].
    #[error("{path} is {size} bytes, over the {} MB a deck may have; is it the right file?", limit >> 20)]
    TooLarge {
        /// The path as given.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The most a deck of its kind may have.
        limit: u64,
    },
}

/// Whether the file at `path` is a PDF (by its first bytes, whatever its name).
pub fn is_pdf_file(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::with_capacity(1024);
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
        && std::fs::File::open(path)
            .and_then(|f| f.take(1024).read_to_end(&mut head))
            .is_ok()
        && pdf::is_pdf(&head)
}

/// Reads a text file of at most [`MAX_DECK_BYTES`], refusing what is not a regular file.
pub fn read_bounded(path: &Path) -> Result<Vec<u8>, LoadError> {
    read_limited(path, MAX_DECK_BYTES)
}

/// Reads a file of at most `limit` bytes, refusing what is not a regular file.
fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, LoadError> {
    use std::io::Read;
    let read_err = |source| LoadError::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(read_err)?;
    if !meta.is_file() {
        return Err(LoadError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    let too_large = |size| LoadError::TooLarge {
        path: path.to_path_buf(),
        size,
        limit,
    };
    if meta.len() > limit {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::new();
    // Read one byte past the limit: a file that grew since `metadata` is refused too.
    std::fs::File::open(path)
        .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
        .map_err(read_err)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Reads and parses a deck file — Markdown or PDF; slide imports (`src:`) are read relative to
/// it.
pub fn load(path: &Path) -> Result<Deck, LoadError> {
    load_with(path, &pdf::PdfOptions::default())
}

/// [`load`], with the options a PDF deck is read with.
pub fn load_with(path: &Path, options: &pdf::PdfOptions) -> Result<Deck, LoadError> {
    if is_pdf_file(path) {
        let bytes = read_limited(path, pdf::MAX_PDF_BYTES)?;
        return pdf::read(path, bytes, options);
    }
    let bytes = read_bounded(path)?;
    if crate::files::is_lfs_pointer(&bytes) {
        return Err(LoadError::LfsPointer {
            path: path.to_path_buf(),
        });
    }
    // A `.pdf` that is not one would open as an empty Markdown deck: a black projector.
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
    {
        return Err(LoadError::NotPdf {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
        });
    }
    let base = base_dir(path);
    let mut read = |p: &Path| read_bounded(p).map_err(|e| e.to_string());
    let mut deck = parse_with(&bytes, &base, &base.join("public"), &mut read, 0);
    deck.path = Some(path.to_path_buf());
    Ok(deck)
}

/// The folder a deck's relative paths resolve against.
pub fn base_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Parses deck bytes; relative image paths resolve against `base_dir`. Slide imports are not
/// followed (there is no file to import from); each gives a warning.
pub fn parse(bytes: &[u8], base_dir: &Path) -> Deck {
    let mut no_files = |p: &Path| Err(format!("{} is not read when parsing text", p.display()));
    parse_with(bytes, base_dir, &base_dir.join("public"), &mut no_files, 0)
}

type Reader<'a> = dyn FnMut(&Path) -> Result<Vec<u8>, String> + 'a;

/// `public_dir`: Slidev's `public/` folder, the presented deck's (imports share it).
fn parse_with(
    bytes: &[u8],
    base_dir: &Path,
    public_dir: &Path,
    read: &mut Reader<'_>,
    depth: usize,
) -> Deck {
    let mut diags = Vec::new();
    let text = match source::decode(bytes) {
        Ok(text) => text,
        Err(d) => {
            return Deck {
                diagnostics: vec![d],
                ..Deck::default()
            };
        }
    };
    let line_starts = source::line_starts(&text);
    let lines = source::lines_of(&text, &line_starts);
    let fm = front_matter::read(&lines, &mut diags);
    let mut meta = fm.meta.clone();
    let first_line = fm.body_start + 1;
    let body_lines = lines.get(fm.body_start..).unwrap_or(&[]);
    let repaired = split::repair_list_fences(body_lines, first_line, &mut diags);
    let repaired: Option<Vec<&str>> = repaired
        .as_ref()
        .map(|r| r.iter().map(|l| l.as_ref()).collect());
    let body = repaired.as_deref().unwrap_or(body_lines);
    // Without repairs the body is the end of the text as it stands: no need to join it again.
    let body_text = match &repaired {
        None => Cow::Borrowed(
            line_starts
                .get(fm.body_start)
                .and_then(|&start| text.get(start..))
                .unwrap_or(""),
        ),
        Some(_) => Cow::Owned(body.join("\n")),
    };
    let structure = split::structure_of(&body_text, body, first_line, &mut diags);
    meta.dialect = split::detect(
        body,
        &structure.code,
        &structure,
        meta.dialect,
        fm.explicit_dialect(),
    );
    // Marp reads global directives from comments anywhere in the deck (the last one wins).
    if meta.dialect == Dialect::Common
        && let Some(level) = split::comment_heading_divider(body, &structure.code)
    {
        meta.heading_divider = Some(level);
    }
    if meta.dialect == Dialect::Reveal && meta.heading_divider.is_some() {
        meta.dialect = Dialect::Common;
    }
    let chunks = split::split(
        body,
        &structure,
        meta.dialect,
        meta.heading_divider,
        &fm.reveal_separators,
    );
    for rule in split::rules_are_rules(body, &structure, meta.dialect) {
        diags.push(Diagnostic::warning(
            first_line + rule,
            "this `---` is drawn as a horizontal rule, not a slide break: the deck ends its slides with `<!-- end_slide -->`",
            "write `<!-- end_slide -->` here to end the slide, or keep `---` for a rule",
        ));
    }
    if meta.dialect == Dialect::Common
        && (fm.is_slidev() || chunks.iter().any(|c| c.front.is_some()))
    {
        meta.dialect = Dialect::Slidev;
    }
    // An imported file is part of a Slidev deck, whatever its own front matter says.
    if depth > 0 && meta.dialect == Dialect::Common {
        meta.dialect = Dialect::Slidev;
    }
    if meta.dialect != Dialect::Slidev {
        diags.extend(fm.unknown_keys.iter().cloned());
    }
    let cx = Context {
        dialect: meta.dialect,
        base_dir,
        public_dir,
        build_lists: meta.build_lists,
        // Deckset by its global lines, not only by a guess (a deck mixing `^` and comment
        // notes keeps both).
        comment_notes: !(fm.meta.dialect == Dialect::Deckset && meta.dialect == Dialect::Deckset),
        source: &text,
        line_starts: &line_starts,
    };
    let mut drafts = Vec::new();
    if headmatter_is_a_slide(&fm, body, &chunks, cx.dialect) {
        let mut draft = slide::build(&[], &[], 2, Some((&fm.map, 2)), &cx, &mut diags);
        draft.import = None;
        drafts.push(draft);
    }
    for chunk in &chunks {
        let range = chunk.lines.clone();
        let front = chunk.front.as_ref().map(|(m, l)| (m, first_line + l));
        let code = structure.code.get(range.clone()).unwrap_or(&[]);
        let draft = slide::build(
            &body[range.clone()],
            code,
            first_line + range.start,
            front,
            &cx,
            &mut diags,
        );
        match draft.import.clone() {
            Some((src, line)) if !draft.hidden => {
                drafts.extend(import(
                    &src, line, base_dir, public_dir, read, depth, &mut diags,
                ));
            }
            _ => drafts.push(draft),
        }
    }
    if depth == 0
        && meta.dialect == Dialect::Presenterm
        && let Some(intro) = presenterm_intro(&fm, &cx)
    {
        drafts.insert(0, intro);
    }
    if let Some((path, fit, line)) = &fm.background_image {
        for draft in &mut drafts {
            let has_own = draft
                .slide
                .images
                .iter()
                .any(|i| matches!(i.placement, Placement::Background { .. }));
            if !has_own {
                let placement = Placement::Background { fit: *fit };
                slide::push_image(&mut draft.slide, path, *line, placement, &cx);
            }
        }
    }
    let slides = apply_directives(drafts, &meta, &fm.directives, base_dir);
    if slides.is_empty() && depth == 0 {
        diags.push(Diagnostic::warning(
            first_line.min(lines.len()),
            "the deck has no slides",
            "write some Markdown; separate slides with a line `---`",
        ));
    }
    // A title may be written in Markdown (presenterm: `Introducing _presenterm_`); windows,
    // PDF metadata and footers show its words.
    meta.title = match meta.title.take() {
        Some(t) => Some(plain_title(&t, base_dir)),
        None => slides.iter().find_map(|s| s.title.clone()),
    };
    diags.sort_by_key(|d| (d.line, d.column));
    Deck {
        path: None,
        meta,
        slides,
        diagnostics: diags,
    }
}

/// The words of a one-line Markdown text (`Introducing _presenterm_` → `Introducing presenterm`).
fn plain_title(text: &str, base_dir: &Path) -> String {
    let content = blocks::build(text, 1, base_dir, false);
    let plain = content.blocks.first().and_then(|b| match &b.kind {
        BlockKind::Paragraph(c) | BlockKind::Heading { content: c, .. } => Some(plain_text(c)),
        _ => None,
    });
    plain
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| text.to_string())
}

/// presenterm's introduction slide, made from the front matter's `title` (Markdown), `sub_title`,
/// `event`, `location`, `date` and `author`, centred; `None` without a title.
fn presenterm_intro(
    fm: &front_matter::FrontMatter,
    cx: &slide::Context<'_>,
) -> Option<slide::Draft> {
    let title = fm.meta.title.as_deref()?;
    let mut text = format!("# {title}\n");
    let parts = [&fm.subtitle, &fm.meta.event, &fm.location, &fm.meta.date];
    for part in parts.into_iter().flatten() {
        text.push_str(&format!("\n{part}\n"));
    }
    if let Some(author) = &fm.meta.author {
        text.push_str(&format!("\n*{author}*\n"));
    }
    let content = blocks::build(&text, 1, cx.base_dir, false);
    let mut draft = slide::Draft::default();
    draft.slide.line = 1;
    draft.slide.title = content.blocks.first().and_then(|b| match &b.kind {
        BlockKind::Heading { content, .. } => Some(plain_text(content)),
        _ => None,
    });
    draft.slide.blocks = content.blocks;
    draft.slide.steps = 1;
    draft.directives.push(("_class".into(), "center".into(), 1));
    Some(draft)
}

/// Slidev's headmatter is also its first slide's front matter: when nothing stands between it
/// and the first slide break (a `title:` with `layout: cover`, the content drawn by the
/// theme), that slide still counts, drawn from the front matter alone — in a deck and in an
/// imported file alike.
fn headmatter_is_a_slide(
    fm: &front_matter::FrontMatter,
    body: &[&str],
    chunks: &[split::Chunk],
    dialect: Dialect,
) -> bool {
    let empty_first = chunks.first().is_none_or(|c| {
        c.front.is_some()
            || body[..c.lines.start.min(body.len())]
                .iter()
                .any(|l| l.trim() == "---")
    });
    let titled = fm
        .map
        .get("title")
        .and_then(front_matter::scalar)
        .is_some_and(|t| !t.trim().is_empty());
    dialect == Dialect::Slidev && fm.body_start > 0 && empty_first && titled
}

/// Slides of a Slidev `src:` import, spliced in place of the importing slide.
fn import(
    src: &str,
    line: usize,
    base_dir: &Path,
    public_dir: &Path,
    read: &mut Reader<'_>,
    depth: usize,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Draft> {
    let path = base_dir.join(src);
    if depth >= MAX_IMPORT_DEPTH {
        diags.push(Diagnostic::error(
            line,
            format!("slide import `{src}` nests more than {MAX_IMPORT_DEPTH} deep"),
            "an imported file probably imports itself; remove the loop",
        ));
        return Vec::new();
    }
    let bytes = match read(&path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::error(
                line,
                format!("cannot import slides from `{src}`: {e}"),
                "check the path in `src:` (relative to this deck's folder)",
            ));
            return Vec::new();
        }
    };
    let deck = parse_with(&bytes, &self::base_dir(&path), public_dir, read, depth + 1);
    for d in deck.diagnostics {
        diags.push(Diagnostic::new(
            d.severity,
            line,
            1,
            format!("in imported `{src}` line {}: {}", d.line, d.message),
            d.hint,
        ));
    }
    deck.slides
        .into_iter()
        .map(|mut slide| {
            if let Some(origin) = &mut slide.origin {
                origin.file.get_or_insert(path.clone());
            }
            Draft {
                slide,
                ..Draft::default()
            }
        })
        .collect()
}

/// Images written in a footer (`footer: ![inline 8%](logo.png) © Me`) are drawn in it, before
/// its text; the markup never shows as text.
fn footer_images(slide: &mut Slide, base_dir: &Path) {
    if !slide
        .style
        .footer
        .as_deref()
        .is_some_and(|f| f.contains("!["))
    {
        return;
    }
    let Some(footer) = slide.style.footer.take() else {
        return;
    };
    let mut text = String::new();
    let mut rest = footer.as_str();
    while let Some(at) = rest.find("![") {
        let image = rest[at + 2..].split_once("](").and_then(|(alt, tail)| {
            let close = tail.find(')')?;
            Some((alt, &tail[..close], &tail[close + 1..]))
        });
        let Some((alt, src, tail)) = image else {
            break;
        };
        text.push_str(&rest[..at]);
        let directives = alt::parse_alt(alt);
        slide.images.push(Image {
            line: slide.line,
            column: 1,
            src: src.trim().to_string(),
            source: alt::resolve(src, base_dir),
            alt: directives.alt.clone(),
            placement: Placement::Footer,
            size: directives.size,
        });
        rest = tail;
    }
    text.push_str(rest);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    slide.style.footer = Some(text).filter(|t| !t.is_empty());
}

/// Marp-style settings that carry from a slide to the next until changed.
#[derive(Debug, Clone, Default)]
struct Carried {
    paginate: Option<bool>,
    footer: Option<String>,
    background_color: Option<String>,
    color: Option<String>,
    class: Option<String>,
}

impl Carried {
    /// Applies one directive; `key` without its `_` prefix.
    fn set(&mut self, key: &str, value: &str) {
        let text = || Some(value.to_string()).filter(|v| !v.is_empty());
        match key {
            "paginate" | "slidenumbers" => self.paginate = parse_bool(value),
            "footer" => self.footer = Some(value.to_string()),
            "hide-footer" | "no_footer" => self.footer = Some(String::new()),
            "backgroundColor" | "background-color" => self.background_color = text(),
            "color" => self.color = text(),
            "class" => self.class = text(),
            _ => {}
        }
    }

    fn style(&self, meta: &Meta) -> SlideStyle {
        let footer = self.footer.clone().or_else(|| meta.footer.clone());
        SlideStyle {
            background_color: self.background_color.clone(),
            color: self.color.clone(),
            class: self.class.clone(),
            slide_number: self.paginate.unwrap_or(meta.slide_numbers),
            footer: footer.filter(|f| !f.trim().is_empty()),
        }
    }
}

/// Keys that apply only to the slide they are on, whatever their prefix.
fn is_spot_only(key: &str) -> bool {
    matches!(
        key,
        "hide-footer" | "no_footer" | "slidenumbers" | "background-color"
    )
}

/// Applies carried and one-slide directives in order, drops hidden slides and numbers the rest.
fn apply_directives(
    drafts: Vec<Draft>,
    meta: &Meta,
    front: &[(String, String, usize)],
    base_dir: &Path,
) -> Vec<Slide> {
    let mut carried = Carried::default();
    let mut first_spot = Vec::new();
    for (key, value, _) in front {
        match key.strip_prefix('_') {
            Some(spot) => first_spot.push((spot.to_string(), value.clone())),
            None => carried.set(key, value),
        }
    }
    let mut slides = Vec::new();
    for draft in drafts {
        let mut this = carried.clone();
        for (key, value) in first_spot.drain(..) {
            this.set(&key, &value);
        }
        for (key, value, _) in &draft.directives {
            if let Some(k) = key.strip_prefix('_') {
                this.set(k, value);
            } else if is_spot_only(key) || meta.dialect == Dialect::Deckset {
                // Deckset's `[.footer: …]` in a slide is that slide's; its globals sit at the
                // top of the file.
                this.set(key, value);
            } else {
                carried.set(key, value);
                this.set(key, value);
            }
        }
        if draft.hidden {
            continue;
        }
        let mut slide = draft.slide;
        slide.style = this.style(meta);
        footer_images(&mut slide, base_dir);
        slide.index = slides.len();
        slides.push(slide);
    }
    slides
}
