//! `ltdeck export`: the deck as a PDF with real text, as PNG pictures, or as a handout.
//!
//! There is no second layout: every page is painted by the one renderer ([`crate::render`])
//! into a headless egui context ([`scene`]) at the projector's size, and what it painted is
//! written as PDF by [`pdf`]. PNG pictures are that PDF rasterised in-process by `hayro` (pure
//! Rust): no display, no GPU, and the pictures are the PDF's pages. The handout lays out each
//! slide and its notes on A4 with the same renderer.

mod annotations;
mod handout;
pub mod pdf;
mod pictures;
pub mod scene;

use std::num::NonZeroU32;
use std::path::{Path, PathBuf};

use egui::{Rect, Vec2, pos2};
use krilla::Document;
use krilla::action::{Action, LinkAction};
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::destination::XyzDestination;
use krilla::geom::{Point, Transform};
use krilla::metadata::Metadata;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::{NumberingStyle, PageLabel, PageSettings};

use crate::deck::{Aspect, Block, BlockKind, Deck, Inline, ListItem, Slide};
use crate::fonts::discover::FontPlan;
use crate::render::theme::Theme;
use crate::render::{self, View};

use pdf::FontBook;
use pictures::Pictures;
use scene::Scene;

/// What to export.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// One page per reveal step instead of one per slide (its last step).
    pub steps: bool,
    /// A4 portrait pages: each slide with its notes.
    pub handout: bool,
    /// Page size in pixels (the slides are letterboxed in it); `None`: the projector's.
    pub size: Option<[u32; 2]>,
}

/// A finished export.
#[derive(Debug)]
pub struct Exported {
    /// The PDF file's bytes.
    pub pdf: Vec<u8>,
    /// Pages written.
    pub pages: usize,
    /// Problems that did not stop it (missing images, fonts), one line each.
    pub warnings: Vec<String>,
}

/// One page of slides: which slide, at which step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageOf {
    pub slide: usize,
    /// The step shown (`usize::MAX`: all of them).
    pub step: usize,
}

/// The pages of an export: a slide each (every step shown), or one per reveal step.
pub fn pages(deck: &Deck, steps: bool) -> Vec<PageOf> {
    deck.slides
        .iter()
        .flat_map(|s| {
            let n = if steps { s.steps.max(1) } else { 1 };
            (0..n).map(move |step| PageOf {
                slide: s.index,
                step: if steps { step } else { usize::MAX },
            })
        })
        .collect()
}

/// The canvas pages are painted on, in pixels: `size`, else the projector's (1920×1080,
/// 1440×1080 for 4:3). A PDF point is two of them, so a 16:9 page is 960×540 pt (PowerPoint's
/// and Marp's size).
pub fn canvas(aspect: Aspect, size: Option<[u32; 2]>) -> Vec2 {
    match (size, aspect) {
        (Some([w, h]), _) => Vec2::new(w as f32, h as f32),
        (None, Aspect::Wide) => Vec2::new(1920.0, 1080.0),
        (None, Aspect::Standard) => Vec2::new(1440.0, 1080.0),
    }
}

/// File names of PNG pages: `01.png`, … (as many digits as the count needs, at least two).
pub fn png_names(count: usize) -> Vec<String> {
    let digits = count.to_string().len().max(2);
    (1..=count).map(|n| format!("{n:0digits$}.png")).collect()
}

/// PDF points per canvas pixel.
const POINTS_PER_PIXEL: f32 = 0.5;

/// Exports a deck as PDF, with the fonts the presenter would choose on this machine.
pub fn pdf(deck: &Deck, options: &Options) -> Exported {
    let plan = crate::check::font_plan(deck);
    pdf_with_fonts(deck, options, &plan)
}

/// Exports a deck as PDF with the faces of `plan`.
pub fn pdf_with_fonts(deck: &Deck, options: &Options, plan: &FontPlan) -> Exported {
    let mut warnings = Vec::new();
    let (defs, failed) = crate::fonts::definitions(plan);
    warnings.extend(failed.into_iter().map(|f| format!("font not loaded: {f}")));
    let scene = Scene::new(defs.clone());
    let mut book = FontBook::new(&defs);
    let pictures = Pictures::new(deck);
    let theme = Theme::named(deck.meta.theme);
    let mut doc = Document::new();
    let mut outline = Outline::new();
    let mut notes = Vec::new();
    let list = pages(deck, options.steps);
    let mut written = 0;
    if options.handout {
        written = handout::write(
            &mut doc,
            deck,
            &scene,
            &mut book,
            &pictures,
            &theme,
            &mut outline,
        );
    } else {
        for (n, page) in list.iter().enumerate() {
            let Some(slide) = deck.slides.get(page.slide) else {
                continue;
            };
            let size = canvas(deck.meta.aspect, options.size);
            let draw = |painter: &egui::Painter| {
                let view = View {
                    slide,
                    meta: &deck.meta,
                    step: page.step,
                    theme: &theme,
                    images: &pictures,
                    audience: true,
                    playing: None,
                };
                render::slide(painter, Rect::from_min_size(pos2(0.0, 0.0), size), &view);
            };
            let shapes = record(&scene, size, &pictures, draw);
            let links = links(slide, page.step, &shapes);
            write_page(
                &mut doc,
                size,
                &shapes,
                &mut book,
                &pictures,
                slide.index,
                &links,
            );
            if n == 0 || list[n - 1].slide != page.slide {
                bookmark(&mut outline, slide, n);
            }
            notes.push(notes_text(slide));
            written += 1;
        }
    }
    doc.set_outline(outline);
    doc.set_metadata(metadata(deck));
    warnings.extend(pictures.warnings());
    let bytes = match doc.finish() {
        Ok(bytes) => bytes,
        Err(e) => {
            warnings.push(format!("the PDF could not be written: {e:?}"));
            Vec::new()
        }
    };
    let height = POINTS_PER_PIXEL * canvas(deck.meta.aspect, options.size).y;
    let pdf = match annotations::add_notes(bytes, &notes, height) {
        Ok(pdf) => pdf,
        Err((pdf, why)) => {
            warnings.push(format!("speaker notes not added to the PDF: {why}"));
            pdf
        }
    };
    Exported {
        pdf,
        pages: written,
        warnings,
    }
}

/// Writes one page of painted shapes (canvas pixels), labelled with slide number `slide + 1`,
/// with its links.
fn write_page(
    doc: &mut Document,
    size: Vec2,
    shapes: &[egui::epaint::ClippedShape],
    book: &mut FontBook,
    pictures: &Pictures,
    slide: usize,
    links: &[(Rect, String)],
) {
    let label = PageLabel::new(
        Some(NumberingStyle::Arabic),
        None,
        NonZeroU32::new(slide as u32 + 1),
    );
    // Sizes are at least 16 px a side (the command line checks), so the page is never empty;
    // were it, a 16:9 page is the safe choice.
    let settings = PageSettings::from_wh(size.x * POINTS_PER_PIXEL, size.y * POINTS_PER_PIXEL)
        .or_else(|| PageSettings::from_wh(960.0, 540.0))
        .unwrap_or_default()
        .with_page_label(label);
    let mut page = doc.start_page_with(settings);
    let mut surface = page.surface();
    surface.push_transform(&Transform::from_scale(POINTS_PER_PIXEL, POINTS_PER_PIXEL));
    let mut painter = pdf::Painter {
        fonts: book,
        pictures,
        canvas: Rect::from_min_size(pos2(0.0, 0.0), size),
    };
    painter.shapes(&mut surface, shapes);
    surface.pop();
    surface.finish();
    for (rect, url) in links {
        let rect = rect.intersect(Rect::from_min_size(pos2(0.0, 0.0), size));
        let Some(r) = krilla::geom::Rect::from_ltrb(
            rect.left() * POINTS_PER_PIXEL,
            rect.top() * POINTS_PER_PIXEL,
            rect.right() * POINTS_PER_PIXEL,
            rect.bottom() * POINTS_PER_PIXEL,
        ) else {
            continue;
        };
        let target = Target::Action(Action::Link(LinkAction::new(url.clone())));
        let link = LinkAnnotation::new(r, target);
        page.add_annotation(Annotation::new_link(link, Some(url.clone())));
    }
    page.finish();
}

/// An outline entry for `slide`, opening page `page` (from 0).
fn bookmark(outline: &mut Outline, slide: &Slide, page: usize) {
    let title = slide
        .title
        .clone()
        .unwrap_or_else(|| format!("Slide {}", slide.index + 1));
    outline.push_child(OutlineNode::new(
        title,
        XyzDestination::new(page, Point::from_xy(0.0, 0.0)),
    ));
}

/// Paints a page; when a picture turns out unreadable, paints it again with its placeholder.
fn record(
    scene: &Scene,
    size: Vec2,
    pictures: &Pictures,
    draw: impl Fn(&egui::Painter),
) -> Vec<egui::epaint::ClippedShape> {
    loop {
        let shapes = scene.record(size, &draw);
        if !pictures.prepare(&shapes) {
            return shapes;
        }
    }
}

fn metadata(deck: &Deck) -> Metadata {
    let mut meta = Metadata::new().creator(format!("ltdeck {}", env!("CARGO_PKG_VERSION")));
    if let Some(title) = deck
        .meta
        .title
        .clone()
        .or_else(|| deck.slides.first().and_then(|s| s.title.clone()))
    {
        meta = meta.title(title);
    }
    if let Some(author) = &deck.meta.author {
        meta = meta.authors(vec![author.clone()]);
    }
    if let Some(lang) = &deck.meta.lang {
        meta = meta.language(lang.clone());
    }
    if let Some(event) = &deck.meta.event {
        meta = meta.description(event.clone());
    }
    meta
}

/// A slide's notes as plain text, for a PDF note (`None` without notes).
fn notes_text(slide: &Slide) -> Option<String> {
    let text = slide.notes_markdown();
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// The slide's links that are on the page, with where they landed: each underlined run the
/// renderer painted is matched, in order, with the first unused link of the same text.
fn links(slide: &Slide, step: usize, shapes: &[egui::epaint::ClippedShape]) -> Vec<(Rect, String)> {
    let mut wanted = Vec::new();
    for block in &slide.blocks {
        block_links(block, step, &mut wanted);
    }
    let mut out = Vec::new();
    for (text, rects) in pdf::underlined_runs(shapes) {
        let Some(i) = wanted.iter().position(|(t, _)| *t == text.trim()) else {
            continue;
        };
        let (_, url) = wanted.remove(i);
        if url.starts_with('#') || url.is_empty() {
            continue;
        }
        out.extend(rects.into_iter().map(|r| (r, url.clone())));
    }
    out
}

fn block_links(block: &Block, step: usize, out: &mut Vec<(String, String)>) {
    if block.step > step {
        return;
    }
    let mut inlines = |content: &[Inline]| inline_links(content, out);
    match &block.kind {
        BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) => inlines(content),
        BlockKind::List { items, .. } => {
            for item in items.iter().filter(|i: &&ListItem| i.step <= step) {
                for b in &item.blocks {
                    block_links(b, step, out);
                }
            }
        }
        BlockKind::Quote(blocks) | BlockKind::Footnote { blocks, .. } => {
            for b in blocks {
                block_links(b, step, out);
            }
        }
        BlockKind::Columns { columns, .. } => {
            for b in columns.iter().flatten() {
                block_links(b, step, out);
            }
        }
        BlockKind::Table { header, rows, .. } => {
            for cell in header.iter().chain(rows.iter().flatten()) {
                inline_links(cell, out);
            }
        }
        _ => {}
    }
}

fn inline_links(content: &[Inline], out: &mut Vec<(String, String)>) {
    for inline in content {
        match inline {
            Inline::Link { url, content } => {
                out.push((
                    crate::deck::plain_text(content).trim().to_string(),
                    url.clone(),
                ));
            }
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strike(c) => inline_links(c, out),
            _ => {}
        }
    }
}

/// Where `export` writes by default: `DECK.pdf` (`DECK.handout.pdf`) beside the deck.
pub fn default_output(deck_path: &Path, handout: bool) -> PathBuf {
    deck_path.with_extension(if handout { "handout.pdf" } else { "pdf" })
}

/// PNG pictures of a PDF's pages, `width` pixels wide, rasterised by hayro.
pub fn png_pages(pdf: &[u8], width: u32) -> Result<Vec<Vec<u8>>, String> {
    use hayro::hayro_interpret::InterpreterSettings;
    use hayro::hayro_syntax::Pdf;
    use hayro::vello_cpu::color::palette::css::WHITE;
    use hayro::{PixmapSettings, RenderCache, RenderSettings, render};
    let pdf = Pdf::new(pdf.to_vec()).map_err(|e| format!("the PDF cannot be read back: {e:?}"))?;
    let cache = RenderCache::new();
    let settings = InterpreterSettings::default();
    let mut out = Vec::new();
    for page in pdf.pages().iter() {
        let (w, _) = page.render_dimensions();
        let scale = width as f32 / w.max(1.0);
        let pixmap = render(
            page,
            &cache,
            &settings,
            &RenderSettings::default(),
            &PixmapSettings {
                x_scale: scale,
                y_scale: scale,
                bg_color: WHITE,
            },
        );
        out.push(
            pixmap
                .into_png()
                .map_err(|e| format!("PNG encoding failed: {e:?}"))?,
        );
    }
    Ok(out)
}
