//! Laying out a slide's blocks top to bottom: headings, paragraphs, lists, quotes, code, tables,
//! rules and images in the text flow. Layout produces [`Paint`] items with positions relative to
//! the content box; nothing is drawn here, so the caller can measure, shrink to fit, then paint.
//!
//! Every block is laid out whatever the current step, and painted only once its step is
//! reached: content never jumps as steps reveal it, and the text size stays the same.

use std::sync::Arc;

use egui::text::LayoutJob;
use egui::{Align, Color32, Galley, Painter, Pos2, Rect, Vec2, pos2, vec2};

use crate::deck::{
    Align as ColumnAlign, Block, BlockKind, Image, ImageSize, Inline, ListItem, Slide,
};

use super::images::{ImageState, Images};
use super::text::{Style, has_text, job, plain_job};
use super::theme::Theme;

/// Something to draw, relative to the content box's top-left corner.
#[derive(Clone)]
pub enum Paint {
    /// Laid-out text.
    Text {
        /// Top-left corner.
        pos: Vec2,
        /// The text.
        galley: Arc<Galley>,
        /// First step at which it shows.
        step: usize,
    },
    /// A filled box (code background, quote bar, checkbox).
    Fill {
        /// Where.
        rect: Rect,
        /// Colour.
        color: Color32,
        /// Corner radius.
        radius: f32,
        /// First step at which it shows.
        step: usize,
    },
    /// A line (table rules, horizontal rules, checkbox outlines).
    Line {
        /// From.
        a: Pos2,
        /// To.
        b: Pos2,
        /// Width.
        width: f32,
        /// Colour.
        color: Color32,
        /// First step at which it shows.
        step: usize,
    },
    /// An image from `Slide::images`.
    Image {
        /// Where.
        rect: Rect,
        /// Index into the slide's images.
        index: usize,
        /// First step at which it shows.
        step: usize,
    },
}

impl Paint {
    fn step(&self) -> usize {
        match self {
            Paint::Text { step, .. }
            | Paint::Fill { step, .. }
            | Paint::Line { step, .. }
            | Paint::Image { step, .. } => *step,
        }
    }
}

/// Where a block goes: its column (left edge, top, width) and the step at which it shows.
#[derive(Debug, Clone, Copy)]
struct At {
    x: f32,
    y: f32,
    width: f32,
    step: usize,
}

/// What layout needs to know.
pub struct Layout<'a> {
    /// For text layout.
    pub painter: &'a Painter,
    /// Colours and sizes.
    pub theme: &'a Theme,
    /// Screen points per canvas pixel, times the shrink-to-fit factor.
    pub scale: f32,
    /// The slide (its images).
    pub slide: &'a Slide,
    /// Image sizes.
    pub images: &'a dyn Images,
    /// Height available for the content, in screen points.
    pub height: f32,
    /// Slide class asks for centred text (`lead`).
    pub centered: bool,
}

/// Laid-out content.
pub struct Flow {
    /// Items to paint.
    pub items: Vec<Paint>,
    /// Total height used.
    pub height: f32,
}

impl Layout<'_> {
    fn px(&self, canvas: f32) -> f32 {
        canvas * self.scale
    }

    fn galley(&self, job: LayoutJob) -> Arc<Galley> {
        self.painter.layout_job(job)
    }

    /// Lays out blocks in a column of `width`.
    pub fn blocks(&self, blocks: &[Block], width: f32) -> Flow {
        let mut items = Vec::new();
        let height = self.stack(blocks, 0.0, 0.0, width, &mut items);
        Flow { items, height }
    }

    /// Blocks one under another from (`x`, `top`) in a column of `width`; returns the bottom.
    fn stack(&self, blocks: &[Block], x: f32, top: f32, width: f32, out: &mut Vec<Paint>) -> f32 {
        let mut y = top;
        for block in blocks {
            if matches!(block.kind, BlockKind::Html(_)) {
                continue;
            }
            if y > top {
                y += self.px(self.theme.block_gap);
            }
            y = self.block(block, x, y, width, out);
        }
        y
    }

    /// Columns side by side, widths in proportion; returns the bottom of the tallest.
    fn columns(&self, widths: &[u32], columns: &[Vec<Block>], at: At, out: &mut Vec<Paint>) -> f32 {
        let gap = self.px(self.theme.block_gap * 2.0);
        let total = widths.iter().sum::<u32>().max(1) as f32;
        let usable = (at.width - gap * widths.len().saturating_sub(1) as f32).max(0.0);
        let mut x = at.x;
        let mut bottom = at.y;
        for (w, blocks) in widths.iter().zip(columns) {
            let width = usable * *w as f32 / total;
            bottom = bottom.max(self.stack(blocks, x, at.y, width, out));
            x += width + gap;
        }
        bottom
    }

    fn block(&self, block: &Block, x: f32, y: f32, width: f32, out: &mut Vec<Paint>) -> f32 {
        let step = block.step;
        let t = self.theme;
        match &block.kind {
            BlockKind::Heading {
                level,
                fit,
                content,
            } => {
                let size = t.heading_sizes[(*level as usize).clamp(1, 6) - 1];
                let style = Style {
                    bold: true,
                    ..Style::plain(self.px(size), t.heading)
                };
                if *fit {
                    return self.fit_heading(content, style, At { x, y, width, step }, out);
                }
                self.text(content, style, At { x, y, width, step }, out)
            }
            BlockKind::Paragraph(content) => self.paragraph(content, At { x, y, width, step }, out),
            BlockKind::List { start, items } => {
                self.list(*start, items, At { x, y, width, step }, out)
            }
            BlockKind::Quote(inner) => {
                let indent = self.px(t.indent * 0.6);
                let mut inner_items = Vec::new();
                let mut yy = y;
                for (i, b) in inner.iter().enumerate() {
                    if i > 0 {
                        yy += self.px(t.block_gap * 0.5);
                    }
                    yy = self.block(b, x + indent, yy, width - indent, &mut inner_items);
                }
                out.push(Paint::Fill {
                    rect: Rect::from_min_max(pos2(x, y), pos2(x + self.px(6.0), yy)),
                    color: t.accent,
                    radius: self.px(3.0),
                    step,
                });
                out.extend(inner_items.into_iter().map(|p| with_min_step(p, step)));
                yy
            }
            BlockKind::Code { lang, text } => {
                self.code(lang.as_deref(), text, At { x, y, width, step }, out)
            }
            BlockKind::Table {
                align,
                header,
                rows,
            } => self.table(align, header, rows, At { x, y, width, step }, out),
            BlockKind::Rule => {
                let yy = y + self.px(12.0);
                out.push(Paint::Line {
                    a: pos2(x, yy),
                    b: pos2(x + width, yy),
                    width: self.px(2.0),
                    color: t.muted,
                    step,
                });
                yy + self.px(12.0)
            }
            BlockKind::Footnote { label, blocks } => {
                let style = Style::plain(self.px(t.footer_size * 1.2), t.muted);
                let g = self.galley(plain_job(&format!("[{label}]"), style, t, width));
                let w = g.size().x + self.px(8.0);
                out.push(Paint::Text {
                    pos: vec2(x, y),
                    galley: g,
                    step,
                });
                let mut yy = y;
                for b in blocks {
                    if let BlockKind::Paragraph(c) = &b.kind {
                        yy = self.text(
                            c,
                            style,
                            At {
                                x: x + w,
                                y: yy,
                                width: width - w,
                                step,
                            },
                            out,
                        );
                    }
                }
                yy
            }
            BlockKind::Columns { widths, columns } => {
                self.columns(widths, columns, At { x, y, width, step }, out)
            }
            BlockKind::Html(_) => y,
        }
    }

    fn text(&self, content: &[Inline], style: Style, at: At, out: &mut Vec<Paint>) -> f32 {
        let At { x, y, width, step } = at;
        let mut job = job(content, style, self.theme, width);
        if self.centered {
            job.halign = Align::Center;
        }
        let galley = self.galley(job);
        let h = galley.size().y;
        let pos = if self.centered {
            vec2(x + width / 2.0, y)
        } else {
            vec2(x, y)
        };
        out.push(Paint::Text { pos, galley, step });
        y + h
    }

    /// A `[fit]` heading: one line, sized to fill the width.
    fn fit_heading(&self, content: &[Inline], style: Style, at: At, out: &mut Vec<Paint>) -> f32 {
        let At { x, y, width, step } = at;
        let probe = self.galley(job(content, style, self.theme, f32::INFINITY));
        let natural = probe.size().x.max(1.0);
        let size = (style.size * width / natural).min(self.px(self.theme.big_size * 1.4));
        let mut j = job(content, Style { size, ..style }, self.theme, f32::INFINITY);
        j.halign = Align::Center;
        let galley = self.galley(j);
        let h = galley.size().y;
        out.push(Paint::Text {
            pos: vec2(x + width / 2.0, y),
            galley,
            step,
        });
        y + h
    }

    fn paragraph(&self, content: &[Inline], at: At, out: &mut Vec<Paint>) -> f32 {
        let At { x, y, width, step } = at;
        let mut y = y;
        if has_text(content) {
            let style = Style::plain(self.px(self.theme.body_size), self.theme.text);
            y = self.text(content, style, At { x, y, width, step }, out);
        }
        let images: Vec<usize> = content
            .iter()
            .filter_map(|i| match i {
                Inline::Image(n) => Some(*n),
                _ => None,
            })
            .collect();
        if images.is_empty() {
            return y;
        }
        if has_text(content) {
            y += self.px(self.theme.block_gap * 0.5);
        }
        self.image_row(&images, At { x, y, width, step }, out)
    }

    /// Images side by side, at their asked size or natural size, within the width.
    fn image_row(&self, images: &[usize], at: At, out: &mut Vec<Paint>) -> f32 {
        let At { x, y, width, step } = at;
        let gap = self.px(16.0);
        let max_h = (self.height * 0.6).max(self.px(80.0));
        let mut sizes: Vec<Vec2> = images
            .iter()
            .map(|&i| self.image_size(self.slide.images.get(i), max_h))
            .collect();
        let total: f32 = sizes.iter().map(|s| s.x).sum::<f32>() + gap * (sizes.len() as f32 - 1.0);
        if total > width {
            let f = (width - gap * (sizes.len() as f32 - 1.0)).max(1.0)
                / (total - gap * (sizes.len() as f32 - 1.0)).max(1.0);
            sizes.iter_mut().for_each(|s| *s *= f);
        }
        let row_h = sizes.iter().map(|s| s.y).fold(0.0, f32::max);
        let row_w: f32 = sizes.iter().map(|s| s.x).sum::<f32>() + gap * (sizes.len() as f32 - 1.0);
        let mut xx = if self.centered {
            x + (width - row_w).max(0.0) / 2.0
        } else {
            x
        };
        for (&index, size) in images.iter().zip(&sizes) {
            out.push(Paint::Image {
                rect: Rect::from_min_size(pos2(xx, y), *size),
                index,
                step,
            });
            xx += size.x + gap;
        }
        y + row_h
    }

    /// An inline image's size on screen.
    fn image_size(&self, image: Option<&Image>, max_h: f32) -> Vec2 {
        let Some(image) = image else {
            return vec2(self.px(320.0), self.px(180.0));
        };
        let natural = match self.images.state(image) {
            ImageState::Ready { size, .. } | ImageState::Loading { size: Some(size) } => {
                vec2(size[0] as f32, size[1] as f32)
            }
            _ => vec2(480.0, 270.0),
        };
        let aspect = natural.x / natural.y.max(1.0);
        let ImageSize {
            width,
            height,
            scale,
        } = image.size;
        let canvas = match (width, height) {
            (Some(w), Some(h)) => vec2(w, h),
            (Some(w), None) => vec2(w, w / aspect),
            (None, Some(h)) => vec2(h * aspect, h),
            (None, None) => natural * scale.unwrap_or(1.0).min(4.0),
        };
        let mut size = canvas * self.scale;
        if size.y > max_h && width.is_none() && height.is_none() {
            size *= max_h / size.y;
        }
        size
    }

    fn list(&self, start: Option<u64>, items: &[ListItem], at: At, out: &mut Vec<Paint>) -> f32 {
        let At { x, y, width, step } = at;
        let t = self.theme;
        let size = self.px(t.body_size);
        let marker_style = Style {
            bold: start.is_some(),
            ..Style::plain(size, t.accent)
        };
        // Numbers wider than the indent (`10.`, `100.`) push the items' text right.
        let indent = match start {
            Some(first) => {
                let last = first.saturating_add(items.len().saturating_sub(1) as u64);
                let widest = self
                    .galley(plain_job(
                        &format!("{last}."),
                        marker_style,
                        t,
                        f32::INFINITY,
                    ))
                    .size()
                    .x;
                self.px(t.indent).max(widest + self.px(10.0))
            }
            None => self.px(t.indent),
        };
        let mut y = y;
        for (n, item) in items.iter().enumerate() {
            if n > 0 {
                y += self.px(t.block_gap * 0.4);
            }
            let item_step = item.step.max(step);
            match (item.task, start) {
                (Some(done), _) => self.checkbox(done, x, y, size, item_step, out),
                (None, Some(first)) => {
                    let g = self.galley(plain_job(
                        &format!("{}.", first + n as u64),
                        marker_style,
                        t,
                        indent,
                    ));
                    out.push(Paint::Text {
                        pos: vec2(x, y),
                        galley: g,
                        step: item_step,
                    });
                }
                (None, None) => {
                    let r = size * 0.14;
                    let c = pos2(x + r + self.px(6.0), y + size * 0.62);
                    out.push(Paint::Fill {
                        rect: Rect::from_center_size(c, Vec2::splat(r * 2.0)),
                        color: t.accent,
                        radius: r,
                        step: item_step,
                    });
                }
            }
            let mut yy = y;
            for (i, b) in item.blocks.iter().enumerate() {
                if i > 0 {
                    yy += self.px(t.block_gap * 0.3);
                }
                let mut inner = Vec::new();
                yy = self.block(b, x + indent, yy, width - indent, &mut inner);
                out.extend(inner.into_iter().map(|p| with_min_step(p, item_step)));
            }
            y = yy.max(y + size);
        }
        y
    }

    fn checkbox(&self, done: bool, x: f32, y: f32, size: f32, step: usize, out: &mut Vec<Paint>) {
        let side = size * 0.62;
        let rect = Rect::from_min_size(pos2(x, y + size * 0.3), Vec2::splat(side));
        let stroke = (size / 14.0).max(1.0);
        let color = self.theme.accent;
        let corners = [
            rect.left_top(),
            rect.right_top(),
            rect.right_bottom(),
            rect.left_bottom(),
            rect.left_top(),
        ];
        for w in corners.windows(2) {
            out.push(Paint::Line {
                a: w[0],
                b: w[1],
                width: stroke,
                color,
                step,
            });
        }
        if done {
            let a = rect.lerp_inside(vec2(0.2, 0.55));
            let b = rect.lerp_inside(vec2(0.42, 0.78));
            let c = rect.lerp_inside(vec2(0.82, 0.22));
            out.push(Paint::Line {
                a,
                b,
                width: stroke * 1.4,
                color,
                step,
            });
            out.push(Paint::Line {
                a: b,
                b: c,
                width: stroke * 1.4,
                color,
                step,
            });
        }
    }

    fn code(&self, lang: Option<&str>, text: &str, at: At, out: &mut Vec<Paint>) -> f32 {
        let At { x, y, width, step } = at;
        let t = self.theme;
        let pad = self.px(16.0);
        let size = self.px(t.code_size);
        let ctx = self.painter.ctx();
        let code_theme = if t.is_dark() {
            egui_extras::syntax_highlighting::CodeTheme::dark(size)
        } else {
            egui_extras::syntax_highlighting::CodeTheme::light(size)
        };
        let mut job = egui_extras::syntax_highlighting::highlight(
            ctx,
            &ctx.global_style(),
            &code_theme,
            text,
            syntax_name(lang.unwrap_or("txt")),
        );
        job.wrap.max_width = (width - 2.0 * pad).max(1.0);
        let galley = self.galley(job);
        let h = galley.size().y + 2.0 * pad;
        out.push(Paint::Fill {
            rect: Rect::from_min_size(pos2(x, y), vec2(width, h)),
            color: t.code_background,
            radius: self.px(10.0),
            step,
        });
        out.push(Paint::Text {
            pos: vec2(x + pad, y + pad),
            galley,
            step,
        });
        y + h
    }

    fn table(
        &self,
        align: &[ColumnAlign],
        header: &[Vec<Inline>],
        rows: &[Vec<Vec<Inline>>],
        at: At,
        out: &mut Vec<Paint>,
    ) -> f32 {
        let At { x, y, width, step } = at;
        let t = self.theme;
        let pad = self.px(12.0);
        let cols = header
            .len()
            .max(rows.iter().map(Vec::len).max().unwrap_or(0))
            .max(1);
        let body = Style::plain(self.px(t.body_size * 0.85), t.text);
        let head = Style {
            bold: true,
            color: t.heading,
            ..body
        };
        let all_rows: Vec<(&[Vec<Inline>], Style)> = std::iter::once((header, head))
            .chain(rows.iter().map(|r| (r.as_slice(), body)))
            .collect();
        // Natural column widths, then shrink proportionally to fit.
        let mut widths = vec![0.0f32; cols];
        for (row, style) in &all_rows {
            for (c, cell) in row.iter().enumerate().take(cols) {
                let g = self.galley(job(cell, *style, t, f32::INFINITY));
                widths[c] = widths[c].max(g.size().x + 2.0 * pad);
            }
        }
        let total: f32 = widths.iter().sum();
        if total > width {
            widths.iter_mut().for_each(|w| *w *= width / total);
        }
        let table_w: f32 = widths.iter().sum();
        let mut yy = y;
        for (r, (row, style)) in all_rows.iter().enumerate() {
            let mut galleys = Vec::new();
            let mut row_h: f32 = 0.0;
            for (c, w) in widths.iter().enumerate() {
                let cell = row.get(c).map(Vec::as_slice).unwrap_or(&[]);
                let mut j = job(cell, *style, t, (w - 2.0 * pad).max(1.0));
                j.halign = match align.get(c) {
                    Some(ColumnAlign::Center) => Align::Center,
                    Some(ColumnAlign::Right) => Align::RIGHT,
                    _ => Align::LEFT,
                };
                let g = self.galley(j);
                row_h = row_h.max(g.size().y + 2.0 * pad);
                galleys.push(g);
            }
            let mut xx = x;
            for (c, g) in galleys.into_iter().enumerate() {
                let w = widths[c];
                let gx = match align.get(c) {
                    Some(ColumnAlign::Center) => xx + w / 2.0,
                    Some(ColumnAlign::Right) => xx + w - pad,
                    _ => xx + pad,
                };
                out.push(Paint::Text {
                    pos: vec2(gx, yy + pad),
                    galley: g,
                    step,
                });
                xx += w;
            }
            yy += row_h;
            let rule_w = if r == 0 { self.px(3.0) } else { self.px(1.0) };
            out.push(Paint::Line {
                a: pos2(x, yy),
                b: pos2(x + table_w, yy),
                width: rule_w,
                color: t.muted,
                step,
            });
        }
        yy
    }
}

/// The name syntect knows a fence language by: its file extension, or its own name.
fn syntax_name(lang: &str) -> &str {
    match lang.to_ascii_lowercase().as_str() {
        "python" | "python3" | "py" => "py",
        "rust" | "rs" => "rs",
        "javascript" | "js" | "jsx" | "node" => "js",
        "typescript" | "ts" | "tsx" => "ts",
        "shell" | "bash" | "sh" | "zsh" | "console" | "shellsession" => "sh",
        "markdown" | "md" => "md",
        "yaml" | "yml" => "yaml",
        "ruby" | "rb" => "rb",
        "kotlin" | "kt" | "java" => "java",
        "csharp" | "c#" | "cs" => "cs",
        "c++" | "cpp" | "cxx" => "cpp",
        "objectivec" | "objc" | "objective-c" => "m",
        "erlang" | "erl" => "erl",
        "golang" | "go" => "go",
        "haskell" | "hs" => "hs",
        "html" | "xml" | "svg" => "html",
        "json" => "json",
        "c" | "h" => "c",
        "css" | "scss" => "css",
        "sql" => "sql",
        "php" => "php",
        "lua" => "lua",
        "r" => "r",
        "scala" => "scala",
        "diff" | "patch" => "diff",
        "makefile" | "make" => "make",
        "latex" | "tex" => "tex",
        _ => lang,
    }
}

fn with_min_step(p: Paint, step: usize) -> Paint {
    let s = p.step().max(step);
    match p {
        Paint::Text { pos, galley, .. } => Paint::Text {
            pos,
            galley,
            step: s,
        },
        Paint::Fill {
            rect,
            color,
            radius,
            ..
        } => Paint::Fill {
            rect,
            color,
            radius,
            step: s,
        },
        Paint::Line {
            a, b, width, color, ..
        } => Paint::Line {
            a,
            b,
            width,
            color,
            step: s,
        },
        Paint::Image { rect, index, .. } => Paint::Image {
            rect,
            index,
            step: s,
        },
    }
}

/// Whether an item shows at `step`.
pub fn visible(p: &Paint, step: usize) -> bool {
    p.step() <= step
}
