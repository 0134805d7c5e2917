//! The handout: A4 portrait, one slide a page with its speaker notes under it — the notes laid
//! out as slide bodies are (headings, lists, code), dark on white — and the talk's title, date
//! and page number in the footer. The same renderer draws the slide and the notes.

use egui::{Align2, Color32, FontId, Painter, Rect, Stroke, StrokeKind, Vec2, pos2, vec2};
use krilla::Document;
use krilla::outline::Outline;

use crate::deck::{Block, Deck, Slide};
use crate::render::theme::Theme;
use crate::render::{self, View};

use super::pdf::FontBook;
use super::pictures::Pictures;
use super::scene::Scene;

/// A4 in canvas pixels (two a PDF point: 595 × 842 pt).
pub const A4: Vec2 = Vec2::new(1190.0, 1684.0);
const MARGIN: f32 = 96.0;
/// Speaker notes' body text, in canvas pixels (12 pt).
const NOTES_TEXT: f32 = 24.0;
const FOOTER_TEXT: f32 = 18.0;

/// Writes the handout's pages; returns how many.
pub fn write(
    doc: &mut Document,
    deck: &Deck,
    scene: &Scene,
    book: &mut FontBook,
    pictures: &Pictures,
    theme: &Theme,
    outline: &mut Outline,
) -> usize {
    let total = deck.slides.len();
    let footer = footer_text(deck);
    for slide in &deck.slides {
        let draw = |painter: &Painter| page(painter, deck, slide, theme, pictures, &footer, total);
        let shapes = super::record(scene, A4, pictures, draw);
        let links = super::links(slide, usize::MAX, &shapes);
        super::write_page(doc, A4, &shapes, book, pictures, slide.index, &links);
        super::bookmark(outline, slide, slide.index);
    }
    total
}

/// The talk's title and date, for the footer.
fn footer_text(deck: &Deck) -> String {
    let title = deck
        .meta
        .title
        .clone()
        .or_else(|| deck.slides.first().and_then(|s| s.title.clone()))
        .unwrap_or_default();
    let date = deck
        .meta
        .date
        .clone()
        .unwrap_or_else(|| chrono::Local::now().format("%Y-%m-%d").to_string());
    [title, date]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Where the slide goes on a handout page, for a deck of this aspect.
pub fn slide_rect(deck: &Deck) -> Rect {
    let (cw, ch) = deck.meta.aspect.canvas();
    let width = A4.x - 2.0 * MARGIN;
    Rect::from_min_size(pos2(MARGIN, MARGIN), vec2(width, width * ch / cw))
}

fn page(
    painter: &Painter,
    deck: &Deck,
    slide: &Slide,
    theme: &Theme,
    pictures: &Pictures,
    footer: &str,
    total: usize,
) {
    let paper = Rect::from_min_size(pos2(0.0, 0.0), A4);
    let ink = Color32::from_gray(0x22);
    let muted = Color32::from_gray(0x70);
    painter.rect_filled(paper, 0.0, Color32::WHITE);
    let at = slide_rect(deck);
    let view = View {
        slide,
        meta: &deck.meta,
        step: usize::MAX,
        theme,
        images: pictures,
        audience: true,
        playing: None,
    };
    render::slide(painter, at, &view);
    painter.rect_stroke(
        at,
        0.0,
        Stroke::new(1.0, Color32::from_gray(0xc8)),
        StrokeKind::Outside,
    );

    let notes_area = Rect::from_min_max(
        pos2(MARGIN, at.bottom() + 48.0),
        pos2(A4.x - MARGIN, A4.y - MARGIN - 48.0),
    );
    let blocks: Vec<Block> = slide.notes_blocks().cloned().collect();
    if blocks.is_empty() {
        painter.text(
            notes_area.min,
            Align2::LEFT_TOP,
            "No speaker notes.",
            FontId::proportional(NOTES_TEXT),
            muted,
        );
    } else {
        let notes_theme = notes_theme(ink, muted);
        let scale = NOTES_TEXT / notes_theme.body_size;
        render::blocks(painter, notes_area, &blocks, &notes_theme, scale);
    }

    let y = A4.y - MARGIN;
    painter.line_segment(
        [pos2(MARGIN, y - 24.0), pos2(A4.x - MARGIN, y - 24.0)],
        Stroke::new(1.0, Color32::from_gray(0xdd)),
    );
    let font = FontId::proportional(FOOTER_TEXT);
    painter.text(
        pos2(MARGIN, y),
        Align2::LEFT_CENTER,
        footer,
        font.clone(),
        muted,
    );
    painter.text(
        pos2(A4.x - MARGIN, y),
        Align2::RIGHT_CENTER,
        format!("{} / {total}", slide.index + 1),
        font,
        muted,
    );
}

/// Notes on paper: the light theme, without the slide's margins.
fn notes_theme(ink: Color32, muted: Color32) -> Theme {
    Theme {
        text: ink,
        heading: ink,
        muted,
        background: Color32::WHITE,
        ..Theme::light()
    }
}
