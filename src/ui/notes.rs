//! Speaker notes in the console: the blocks the parser made of them (headings, paragraphs with
//! bold/italic/code, lists, code), at a size the speaker sets with `+`/`-`. Nothing here reads
//! Markdown: notes are parsed once, with the deck.

use egui::{Align, Color32, Layout, Rect, Ui, UiBuilder};

use crate::deck::{Block, BlockKind, Deck, ListItem};
use crate::render::text::{Style, job};
use crate::render::theme::Theme;

/// Default notes size in points.
pub const NOTES_SIZE: f32 = 22.0;

/// The notes of slide `index` of `deck` at `rect`, scrolling (each slide keeps its own scroll),
/// at `scale` × the default size.
pub fn slide_notes_ui(ui: &mut Ui, rect: Rect, scale: f32, deck: &Deck, index: usize) {
    let notes: Vec<&Block> = deck
        .slides
        .get(index)
        .map(|s| s.notes_blocks().collect())
        .unwrap_or_default();
    let mut area = ui.new_child(
        UiBuilder::new()
            .max_rect(rect)
            .layout(Layout::top_down(Align::Min)),
    );
    egui::ScrollArea::vertical()
        .id_salt(("notes", index))
        .show(&mut area, |ui| {
            ui.set_width(rect.width() - 12.0);
            notes_ui(ui, &notes, scale);
        });
}

/// Draws parsed notes at `scale` × the default size.
pub fn notes_ui(ui: &mut Ui, notes: &[&Block], scale: f32) {
    if notes.is_empty() {
        ui.weak("No notes for this slide.");
        return;
    }
    let size = NOTES_SIZE * scale;
    let mut theme = Theme::dark();
    // Notes are read at a glance from a step away: the brightest text colour, not the dim one.
    theme.text = ui.visuals().strong_text_color();
    theme.heading = ui.visuals().strong_text_color();
    theme.accent = ui.visuals().hyperlink_color;
    theme.code_background = ui.visuals().code_bg_color;
    for block in notes {
        block_ui(ui, &block.kind, size, &theme, 0);
    }
}

fn block_ui(ui: &mut Ui, kind: &BlockKind, size: f32, theme: &Theme, depth: usize) {
    let width = ui.available_width();
    match kind {
        BlockKind::Heading { content, .. } => {
            let style = Style {
                bold: true,
                ..Style::plain(size * 1.1, theme.heading)
            };
            ui.label(job(content, style, theme, width));
        }
        BlockKind::Paragraph(content) => {
            ui.label(job(content, Style::plain(size, theme.text), theme, width));
        }
        BlockKind::List { start, items } => list_ui(ui, *start, items, size, theme, depth),
        BlockKind::Quote(inner) => {
            ui.indent("quote", |ui| {
                for b in inner {
                    block_ui(ui, &b.kind, size, theme, depth);
                }
            });
        }
        // Notes are read, not looked at: columns read one after another.
        BlockKind::Columns { columns, .. } => {
            for b in columns.iter().flatten() {
                block_ui(ui, &b.kind, size, theme, depth);
            }
        }
        BlockKind::Code { text, .. } => {
            ui.label(
                egui::RichText::new(text)
                    .monospace()
                    .size(size * 0.85)
                    .background_color(theme.code_background),
            );
        }
        BlockKind::Table { header, rows, .. } => {
            for row in std::iter::once(header).chain(rows.iter()) {
                let cells: Vec<String> = row.iter().map(|c| crate::deck::plain_text(c)).collect();
                ui.label(egui::RichText::new(cells.join("  |  ")).size(size));
            }
        }
        BlockKind::Rule => {
            ui.separator();
        }
        BlockKind::Footnote { blocks, .. } => {
            for b in blocks {
                block_ui(ui, &b.kind, size * 0.8, theme, depth);
            }
        }
        BlockKind::Html(html) => {
            ui.label(
                egui::RichText::new(html)
                    .size(size * 0.8)
                    .color(Color32::GRAY),
            );
        }
    }
    ui.add_space(size * 0.3);
}

fn list_ui(
    ui: &mut Ui,
    start: Option<u64>,
    items: &[ListItem],
    size: f32,
    theme: &Theme,
    depth: usize,
) {
    for (n, item) in items.iter().enumerate() {
        let marker = match (item.task, start) {
            (Some(true), _) => "☑".to_string(),
            (Some(false), _) => "☐".to_string(),
            (None, Some(first)) => format!("{}.", first + n as u64),
            (None, None) => if depth == 0 { "•" } else { "◦" }.to_string(),
        };
        ui.horizontal_top(|ui| {
            ui.label(egui::RichText::new(marker).size(size).color(theme.accent));
            ui.vertical(|ui| {
                for b in &item.blocks {
                    match &b.kind {
                        BlockKind::Paragraph(content) => {
                            ui.label(job(
                                content,
                                Style::plain(size, theme.text),
                                theme,
                                ui.available_width(),
                            ));
                        }
                        other => block_ui(ui, other, size, theme, depth + 1),
                    }
                }
            });
        });
    }
}
