//! Inline content to egui text layout jobs: bold, italic, strikethrough, code and links.

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontFamily, FontId, Stroke};

use crate::deck::Inline;
use crate::fonts::bold_family;

use super::theme::Theme;

/// Text style while walking nested inlines.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Font size in screen points.
    pub size: f32,
    /// Base colour.
    pub color: Color32,
    /// Bold (a heading, or `**…**`).
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Struck through.
    pub strike: bool,
    /// A link.
    pub link: bool,
}

impl Style {
    /// Plain text of a size and colour.
    pub fn plain(size: f32, color: Color32) -> Self {
        Self {
            size,
            color,
            bold: false,
            italic: false,
            strike: false,
            link: false,
        }
    }

    fn format(&self, theme: &Theme) -> TextFormat {
        let family = if self.bold {
            bold_family()
        } else {
            FontFamily::Proportional
        };
        let color = if self.link { theme.accent } else { self.color };
        TextFormat {
            font_id: FontId::new(self.size, family),
            color,
            italics: self.italic,
            underline: if self.link {
                Stroke::new((self.size / 18.0).max(1.0), color)
            } else {
                Stroke::NONE
            },
            strikethrough: if self.strike {
                Stroke::new((self.size / 16.0).max(1.0), color)
            } else {
                Stroke::NONE
            },
            ..TextFormat::default()
        }
    }
}

/// A layout job for inline content, wrapping at `width`.
pub fn job(inlines: &[Inline], style: Style, theme: &Theme, width: f32) -> LayoutJob {
    let mut job = LayoutJob::default();
    append(&mut job, trimmed(inlines), style, theme);
    job.wrap.max_width = width.max(1.0);
    job
}

/// A layout job for one run of plain text.
pub fn plain_job(text: &str, style: Style, theme: &Theme, width: f32) -> LayoutJob {
    let mut job = LayoutJob::simple_format(text.to_string(), style.format(theme));
    job.wrap.max_width = width.max(1.0);
    job
}

fn append(job: &mut LayoutJob, inlines: &[Inline], style: Style, theme: &Theme) {
    for inline in inlines {
        match inline {
            Inline::Text(t) => job.append(t, 0.0, style.format(theme)),
            Inline::Code(t) => {
                let mut f = style.format(theme);
                f.font_id = FontId::monospace(style.size * 0.88);
                f.background = theme.code_background;
                job.append(t, 0.0, f);
            }
            Inline::Emphasis(c) => append(
                job,
                c,
                Style {
                    italic: true,
                    ..style
                },
                theme,
            ),
            Inline::Strong(c) => append(
                job,
                c,
                Style {
                    bold: true,
                    ..style
                },
                theme,
            ),
            Inline::Strike(c) => append(
                job,
                c,
                Style {
                    strike: true,
                    ..style
                },
                theme,
            ),
            Inline::Link { content, .. } => append(
                job,
                content,
                Style {
                    link: true,
                    ..style
                },
                theme,
            ),
            Inline::SoftBreak => job.append(" ", 0.0, style.format(theme)),
            Inline::HardBreak => job.append("\n", 0.0, style.format(theme)),
            Inline::FootnoteRef(label) => {
                let small = Style {
                    size: style.size * 0.6,
                    ..style
                };
                job.append(&format!("[{label}]"), 0.0, small.format(theme));
            }
            Inline::Image(_) => {}
        }
    }
}

/// Content without trailing breaks, so a paragraph ending in a break does not grow a line.
fn trimmed(inlines: &[Inline]) -> &[Inline] {
    let end = inlines
        .iter()
        .rposition(|i| !matches!(i, Inline::SoftBreak | Inline::HardBreak))
        .map_or(0, |p| p + 1);
    &inlines[..end]
}

/// Whether inline content has any visible text.
pub fn has_text(inlines: &[Inline]) -> bool {
    inlines.iter().any(|i| match i {
        Inline::Text(t) | Inline::Code(t) => !t.trim().is_empty(),
        Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strike(c) => has_text(c),
        Inline::Link { content, .. } => has_text(content),
        Inline::FootnoteRef(_) => true,
        Inline::SoftBreak | Inline::HardBreak | Inline::Image(_) => false,
    })
}
