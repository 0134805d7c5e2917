//! The one slide renderer: draws a slide into any rectangle — the audience window, the console's
//! current and next previews, the overview thumbnails.
//!
//! Slides are laid out on a logical canvas (1280×720 for 16:9, 960×720 for 4:3), scaled
//! uniformly and letterboxed in the theme background. Content that would overflow shrinks to
//! fit. Owns layout and painting; it reads the deck model and never changes it.

mod flow;
pub mod images;
pub(crate) mod text;
pub mod theme;

use egui::{Align2, Color32, FontId, Painter, Rect, Stroke, StrokeKind, Vec2, pos2, vec2};

use crate::deck::{BlockKind, Fit, Image, Inline, Meta, Placement, Side, Slide, plain_text};

use flow::{Layout, Paint, visible};
use images::{ImageState, Images};
use text::Style;
use theme::Theme;

/// Everything needed to draw one slide.
pub struct View<'a> {
    /// The slide.
    pub slide: &'a Slide,
    /// Deck settings (aspect).
    pub meta: &'a Meta,
    /// Step to show (`usize::MAX` shows every step).
    pub step: usize,
    /// Colours and sizes.
    pub theme: &'a Theme,
    /// Image states.
    pub images: &'a dyn Images,
    /// Drawing for the audience: failed images are quiet neutral boxes, never file names.
    pub audience: bool,
    /// How long the slide has been on screen, where animations play (the audience window and
    /// the console's current slide); `None` draws their first frame, still.
    pub playing: Option<std::time::Duration>,
}

/// The letterboxed slide rectangle inside `rect` and the scale from canvas pixels to points. A
/// slide within a point of filling `rect` fills it: a place rounded to whole pixels (the console's
/// previews) has no hairline bars, and its slide background is one rectangle over all of it.
pub fn canvas_rect(rect: Rect, meta: &Meta) -> (Rect, f32) {
    let (cw, ch) = meta.aspect.canvas();
    let scale = (rect.width() / cw).min(rect.height() / ch).max(0.0001);
    let size = vec2(cw, ch) * scale;
    if (rect.size() - size).abs().max_elem() < 1.0 {
        return (rect, scale);
    }
    (Rect::from_center_size(rect.center(), size), scale)
}

/// Fills the parts of `outer` that `inner` leaves uncovered (the slide is painted over `inner`
/// next). Under software rendering every pixel painted costs CPU time, so the slide's area is not
/// painted twice.
fn letterbox(painter: &Painter, outer: Rect, inner: Rect, color: Color32) {
    for bar in letterbox_bars(outer, inner) {
        painter.rect_filled(bar, 0.0, color);
    }
}

/// The bars around `inner` (inside `outer`): none when it fills `outer`. They reach a pixel into
/// `inner`, so no anti-aliased seam shows between a bar and the slide painted over it.
fn letterbox_bars(outer: Rect, inner: Rect) -> Vec<Rect> {
    let grown = inner.shrink(1.0);
    let bars = [
        (
            outer.min.y,
            inner.min.y,
            Rect::from_min_max(outer.min, pos2(outer.max.x, grown.min.y)),
        ),
        (
            outer.max.y,
            inner.max.y,
            Rect::from_min_max(pos2(outer.min.x, grown.max.y), outer.max),
        ),
        (
            outer.min.x,
            inner.min.x,
            Rect::from_min_max(
                pos2(outer.min.x, inner.min.y),
                pos2(grown.min.x, inner.max.y),
            ),
        ),
        (
            outer.max.x,
            inner.max.x,
            Rect::from_min_max(
                pos2(grown.max.x, inner.min.y),
                pos2(outer.max.x, inner.max.y),
            ),
        ),
    ];
    bars.into_iter()
        .filter(|(edge, inner_edge, _)| (edge - inner_edge).abs() > 0.01)
        .map(|(_, _, bar)| bar)
        .collect()
}

/// Draws a slide into `rect` (letterboxed); returns the slide's own rectangle.
pub fn slide(painter: &Painter, rect: Rect, view: &View<'_>) -> Rect {
    if let Some(page) = &view.slide.page {
        return draw_page(painter, rect, view, page);
    }
    // Marp's `invert` (and gaia's `gaia`) class turns the theme's colours around.
    let inverted = has_class(view.slide, &["invert", "gaia"]).then(|| view.theme.inverted());
    let t = inverted.as_ref().unwrap_or(view.theme);
    let (slide_rect, s) = canvas_rect(rect, view.meta);
    letterbox(painter, rect, slide_rect, t.background);
    let background = view
        .slide
        .style
        .background_color
        .as_deref()
        .and_then(Theme::parse_color)
        .unwrap_or(t.background);
    let painter = painter.with_clip_rect(slide_rect.intersect(painter.clip_rect()));
    // Under a full-bleed opaque background image the fill would be painted over entirely: under
    // software rendering every pixel painted twice costs (a 10 fps meme: a third of the CPU).
    if !covered(view) {
        painter.rect_filled(slide_rect, 0.0, background);
    }
    let text_color_theme = slide_colors(t, view.slide, background);
    let theme = &text_color_theme;

    let mut content = slide_rect;
    let mut photo = None;
    for (i, image) in view.slide.images.iter().enumerate() {
        match image.placement {
            Placement::Background { fit } => {
                let scaled = image.size.scale.map(|f| {
                    Rect::from_center_size(slide_rect.center(), slide_rect.size() * f.min(1.0))
                });
                let (at, fit) = match scaled {
                    Some(r) => (r, Fit::Contain),
                    None => (slide_rect, fit),
                };
                draw_image(&painter, at, image, fit, view, theme);
                if photo.is_none() {
                    photo = Backdrop::of(at, image, fit, view);
                }
            }
            Placement::Split { side, ratio, fit } => {
                let w = slide_rect.width() * ratio;
                let (img_rect, rest) = match side {
                    Side::Left => (
                        Rect::from_min_size(slide_rect.min, vec2(w, slide_rect.height())),
                        Rect::from_min_max(
                            pos2(slide_rect.left() + w, slide_rect.top()),
                            slide_rect.max,
                        ),
                    ),
                    Side::Right => (
                        Rect::from_min_max(
                            pos2(slide_rect.right() - w, slide_rect.top()),
                            slide_rect.max,
                        ),
                        Rect::from_min_max(
                            slide_rect.min,
                            pos2(slide_rect.right() - w, slide_rect.bottom()),
                        ),
                    ),
                };
                let img_rect = match image.size.scale {
                    Some(f) => {
                        Rect::from_center_size(img_rect.center(), img_rect.size() * f.min(1.0))
                    }
                    None => img_rect,
                };
                let _ = i;
                draw_image(
                    &painter,
                    img_rect,
                    image,
                    if image.size.scale.is_some() {
                        Fit::Contain
                    } else {
                        fit
                    },
                    view,
                    theme,
                );
                content = content.intersect(rest);
            }
            Placement::Inline | Placement::Large | Placement::Footer => {}
        }
    }

    let footer = view.slide.style.footer.is_some()
        || view.slide.style.slide_number
        || footer_images(view.slide).next().is_some();
    let margin = theme.margin * s;
    let bottom = if footer { margin.max(56.0 * s) } else { margin };
    let area = Rect::from_min_max(
        content.min + Vec2::splat(margin),
        content.max - vec2(margin, bottom),
    );

    let photo_theme = photo
        .as_ref()
        .filter(|_| view.slide.style.color.is_none())
        .and_then(|p| p.colors(theme, area));
    let theme = photo_theme.as_ref().unwrap_or(theme);
    let band = if footer { 56.0 * s } else { 0.0 };
    let image_area = Rect::from_min_max(slide_rect.min, slide_rect.max - vec2(0.0, band));
    let photo = photo.as_ref();
    if !draw_lone_image(&painter, image_area, view, theme)
        && !draw_big_text(&painter, area, s, view, theme, photo)
    {
        draw_flow(&painter, area, s, view, theme, photo);
    }
    if footer {
        draw_footer(&painter, slide_rect, s, view, theme, photo);
    }
    slide_rect
}

/// A photo behind the text (a background image that has arrived): where it is drawn and how
/// bright it is where, so text over it gets a readable colour and, where needed, a backing.
struct Backdrop {
    dest: Rect,
    uv: Rect,
    tone: std::sync::Arc<crate::color::Tone>,
}

impl Backdrop {
    fn of(rect: Rect, image: &Image, fit: Fit, view: &View<'_>) -> Option<Self> {
        let ImageState::Ready { size, .. } = view.images.state(image) else {
            return None;
        };
        let tone = view.images.tone(image)?;
        let (dest, uv) = fitted(rect, size, fit);
        Some(Self { dest, uv, tone })
    }

    /// What lies under `rect` (screen points).
    fn region(&self, rect: Rect) -> Option<crate::color::Region> {
        let r = rect.intersect(self.dest);
        if !r.is_positive() {
            return None;
        }
        let u =
            |x: f32| self.uv.min.x + (x - self.dest.min.x) / self.dest.width() * self.uv.width();
        let v =
            |y: f32| self.uv.min.y + (y - self.dest.min.y) / self.dest.height() * self.uv.height();
        self.tone
            .region([u(r.min.x), v(r.min.y), u(r.max.x), v(r.max.y)])
    }

    /// The theme with text colours that read on the photo under `area` (its mean colour), or
    /// `None` when the theme's already do.
    fn colors(&self, theme: &Theme, area: Rect) -> Option<Theme> {
        let region = self.region(area)?;
        if crate::color::contrast(region.mean, rgb(theme.text)) >= crate::color::AA {
            return None;
        }
        let [r, g, b] = crate::color::text_over(region);
        let text = Color32::from_rgb(r, g, b);
        let mut t = theme.clone();
        t.text = text;
        t.heading = text;
        t.muted = text.gamma_multiply(0.85);
        if crate::color::contrast(region.mean, rgb(theme.accent)) < crate::color::AA_LARGE {
            t.accent = text;
        }
        Some(t)
    }

    /// Paints the backing that keeps `color` text in `rect` readable on every pixel under it
    /// (nothing when none is needed); returns whether it painted one.
    fn back(&self, painter: &Painter, rect: Rect, color: Color32, s: f32) -> bool {
        let Some(region) = self.region(rect) else {
            return false;
        };
        let (under, alpha) = crate::color::backing(rgb(color), region, crate::color::AA);
        if alpha <= 0.0 {
            return false;
        }
        let [r, g, b] = under;
        let fill = Color32::from_rgba_unmultiplied(r, g, b, (alpha * 255.0).ceil() as u8);
        painter.rect_filled(rect.expand2(vec2(12.0, 6.0) * s), 8.0 * s, fill);
        true
    }
}

/// A slide that is one `Large` image: as large as it fits.
fn draw_lone_image(painter: &Painter, slide_rect: Rect, view: &View<'_>, theme: &Theme) -> bool {
    let [block] = view.slide.blocks.as_slice() else {
        return false;
    };
    let BlockKind::Paragraph(content) = &block.kind else {
        return false;
    };
    let mut images = content.iter().filter_map(|i| match i {
        Inline::Image(n) => Some(*n),
        _ => None,
    });
    let (Some(index), None) = (images.next(), images.next()) else {
        return false;
    };
    let Some(image) = view.slide.images.get(index) else {
        return false;
    };
    if image.placement != Placement::Large || block.step > view.step {
        return image.placement == Placement::Large;
    }
    let inset = slide_rect.shrink(slide_rect.height() * 0.03);
    draw_image(painter, inset, image, Fit::Contain, view, theme);
    true
}

/// A slide whose whole body is one short heading or line: drawn big and centred (Takahashi).
fn draw_big_text(
    painter: &Painter,
    area: Rect,
    s: f32,
    view: &View<'_>,
    theme: &Theme,
    photo: Option<&Backdrop>,
) -> bool {
    let [block] = view.slide.blocks.as_slice() else {
        return false;
    };
    let (content, color, bold) = match &block.kind {
        BlockKind::Heading {
            content,
            fit: false,
            ..
        } => (content, theme.heading, true),
        BlockKind::Paragraph(content) => (content, theme.text, false),
        _ => return false,
    };
    let plain = plain_text(content);
    if plain.is_empty()
        || plain.split_whitespace().count() > 6
        || content.iter().any(|i| matches!(i, Inline::Image(_)))
    {
        return false;
    }
    if block.step > view.step {
        return true;
    }
    let style = Style {
        bold,
        ..Style::plain(theme.big_size * s, color)
    };
    let probe = painter.layout_job(text::job(content, style, theme, area.width()));
    let fit = (area.width() / probe.size().x.max(1.0))
        .min(area.height() * 0.7 / probe.size().y.max(1.0))
        .min(1.0);
    let mut job = text::job(
        content,
        Style {
            size: style.size * fit,
            ..style
        },
        theme,
        area.width(),
    );
    job.halign = egui::Align::Center;
    let galley = painter.layout_job(job);
    let pos = pos2(area.center().x, area.center().y - galley.size().y / 2.0);
    over_photo(painter, pos, &galley, color, photo, s);
    painter.galley(pos, galley, color);
    true
}

/// Under text on a photo: a backing where the photo would make it hard to read, else a soft
/// shadow.
fn over_photo(
    painter: &Painter,
    at: egui::Pos2,
    galley: &std::sync::Arc<egui::Galley>,
    color: Color32,
    photo: Option<&Backdrop>,
    s: f32,
) {
    let Some(photo) = photo else { return };
    let rect = galley.rect.translate(at.to_vec2());
    // A dark shadow helps light text only.
    if !photo.back(painter, rect, color, s) && crate::color::is_light(rgb(color)) {
        shadow(painter, at, galley, s);
    }
}

/// The ordinary case: blocks top to bottom, shrunk until they fit.
fn draw_flow(
    painter: &Painter,
    area: Rect,
    s: f32,
    view: &View<'_>,
    theme: &Theme,
    photo: Option<&Backdrop>,
) {
    let centered = theme.centred || has_class(view.slide, &["lead", "center"]);
    let flow = fit_flow(
        painter,
        area,
        s,
        view.slide,
        &view.slide.blocks,
        view.images,
        theme,
        centered,
    );
    // Content sits in the middle of the slide, as Marp's and Deckset's default themes do: a
    // short slide read from the back of a room should not hug the top edge.
    let top = area.top() + ((area.height() - flow.height) / 2.0).max(0.0);
    paint_flow(
        painter,
        &flow,
        pos2(area.left(), top),
        view.step,
        photo,
        s,
        theme,
        |rect, index| {
            if let Some(image) = view.slide.images.get(index) {
                draw_image(painter, rect, image, Fit::Contain, view, theme);
            }
        },
    );
}

/// Blocks that are not a slide's — a handout's speaker notes — laid out as a slide's body is,
/// from the top of `area`, at `scale` screen points per canvas pixel, shrunk until they fit.
pub fn blocks(
    painter: &Painter,
    area: Rect,
    blocks: &[crate::deck::Block],
    theme: &Theme,
    scale: f32,
) {
    let slide = Slide::default();
    let flow = fit_flow(
        painter,
        area,
        scale,
        &slide,
        blocks,
        &images::NoImages,
        theme,
        false,
    );
    paint_flow(
        painter,
        &flow,
        area.min,
        usize::MAX,
        None,
        scale,
        theme,
        |_, _| {},
    );
}

/// Lays out blocks, shrinking them (to 30 % at most) until they fit `area`'s height.
#[allow(clippy::too_many_arguments)]
fn fit_flow(
    painter: &Painter,
    area: Rect,
    s: f32,
    slide: &Slide,
    blocks: &[crate::deck::Block],
    images: &dyn Images,
    theme: &Theme,
    centered: bool,
) -> flow::Flow {
    let mut factor = 1.0;
    let mut tries = 0;
    loop {
        tries += 1;
        let layout = Layout {
            painter,
            theme,
            scale: s * factor,
            slide,
            images,
            height: area.height(),
            centered,
        };
        let f = layout.blocks(blocks, area.width());
        if f.height <= area.height() || factor <= 0.3 || tries == 5 {
            return f;
        }
        factor = (factor * area.height() / f.height * 0.97).max(0.3);
    }
}

/// Paints laid-out blocks with their top-left corner at `at`: what is visible at `step`.
#[allow(clippy::too_many_arguments)]
fn paint_flow(
    painter: &Painter,
    flow: &flow::Flow,
    at: egui::Pos2,
    step: usize,
    photo: Option<&Backdrop>,
    s: f32,
    theme: &Theme,
    image: impl Fn(Rect, usize),
) {
    let origin = at.to_vec2();
    for item in flow.items.iter().filter(|p| visible(p, step)) {
        match item {
            Paint::Text { pos, galley, .. } => {
                let at = pos2(pos.x, pos.y) + origin;
                over_photo(painter, at, galley, theme.text, photo, s);
                painter.galley(at, galley.clone(), theme.text)
            }
            Paint::Fill {
                rect,
                color,
                radius,
                ..
            } => {
                painter.rect_filled(rect.translate(origin), *radius, *color);
            }
            Paint::Line {
                a, b, width, color, ..
            } => {
                painter.line_segment([*a + origin, *b + origin], Stroke::new(*width, *color));
            }
            Paint::Image { rect, index, .. } => image(rect.translate(origin), *index),
        }
    }
}

/// A dark copy of the text, offset down-right, drawn under it.
fn shadow(painter: &Painter, at: egui::Pos2, galley: &std::sync::Arc<egui::Galley>, s: f32) {
    let shade = Color32::from_black_alpha(170);
    let d = (2.0 * s).max(1.0);
    painter.galley_with_override_text_color(at + vec2(d, d), galley.clone(), shade);
}

fn draw_footer(
    painter: &Painter,
    slide_rect: Rect,
    s: f32,
    view: &View<'_>,
    theme: &Theme,
    photo: Option<&Backdrop>,
) {
    let y = slide_rect.bottom() - 28.0 * s;
    let font = FontId::proportional(theme.footer_size * s);
    let put = |text: String, x: f32, align: Align2| {
        let galley = painter.layout_no_wrap(text, font.clone(), theme.muted);
        let rect = align.anchor_size(pos2(x, y), galley.size());
        if let Some(photo) = photo {
            photo.back(painter, rect, theme.muted, s);
        }
        painter.galley(rect.min, galley, theme.muted);
    };
    // Images in the footer (a logo, a licence badge) come first, as tall as the footer's line.
    let mut x = slide_rect.left() + theme.margin * s;
    let height = theme.footer_size * 1.6 * s;
    for image in footer_images(view.slide) {
        let size = match view.images.state(image) {
            ImageState::Ready { size, .. } | ImageState::Loading { size: Some(size) } => Some(size),
            _ => None,
        };
        let width = match size {
            Some([w, h]) if h > 0 => height * w as f32 / h as f32,
            _ => height,
        };
        let at = Rect::from_min_size(pos2(x, y - height / 2.0), vec2(width, height));
        draw_image(painter, at, image, Fit::Contain, view, theme);
        x += width + 8.0 * s;
    }
    if let Some(footer) = &view.slide.style.footer {
        put(footer.clone(), x, Align2::LEFT_CENTER);
    }
    if view.slide.style.slide_number {
        let n = (view.slide.index + 1).to_string();
        put(
            n,
            slide_rect.right() - theme.margin * s,
            Align2::RIGHT_CENTER,
        );
    }
}

/// The slide's footer images, in order.
fn footer_images(slide: &crate::deck::Slide) -> impl Iterator<Item = &crate::deck::Image> {
    slide
        .images
        .iter()
        .filter(|i| i.placement == Placement::Footer)
}

/// Whether the slide's class names one of `names` (`class: lead invert`, `_class: center`).
fn has_class(slide: &crate::deck::Slide, names: &[&str]) -> bool {
    slide
        .style
        .class
        .as_deref()
        .is_some_and(|c| c.split([' ', ',']).any(|w| names.contains(&w)))
}

/// The theme with the slide's own colours: its `color`, or — when it sets a background colour
/// and no text colour — text, headings and footer chosen to stay readable on that background
/// (WCAG AA: 4.5:1 for text, 3:1 for headings and the footer), so a dark theme's white text never
/// vanishes on `backgroundColor: beige`.
fn slide_colors(t: &Theme, slide: &crate::deck::Slide, background: Color32) -> Theme {
    let mut theme = t.clone();
    if let Some(c) = slide.style.color.as_deref().and_then(Theme::parse_color) {
        theme.text = c;
        theme.heading = c;
        return theme;
    }
    if slide.style.background_color.is_none() {
        return theme;
    }
    let pick = |c: Color32, needed: f32| {
        let [r, g, b] = crate::color::readable(rgb(background), rgb(c), needed);
        Color32::from_rgb(r, g, b)
    };
    theme.text = pick(t.text, crate::color::AA);
    theme.heading = pick(t.heading, crate::color::AA_LARGE);
    theme.muted = pick(t.muted, crate::color::AA_LARGE);
    theme.accent = pick(t.accent, crate::color::AA_LARGE);
    theme
}

/// A colour's red, green and blue, for [`crate::color`].
fn rgb(c: Color32) -> [u8; 3] {
    [c.r(), c.g(), c.b()]
}

/// Whether a background image that has arrived covers the whole slide with opaque pixels.
fn covered(view: &View<'_>) -> bool {
    view.slide.images.iter().any(|image| {
        matches!(image.placement, Placement::Background { fit: Fit::Cover })
            && image.size.scale.is_none()
            && matches!(
                view.images.state(image),
                ImageState::Ready { opaque: true, .. }
            )
    })
}

/// Draws an image into `rect` by `fit`; placeholders while loading or when it failed.
fn draw_image(
    painter: &Painter,
    rect: Rect,
    image: &Image,
    fit: Fit,
    view: &View<'_>,
    theme: &Theme,
) {
    match view.images.state(image) {
        ImageState::Ready { texture, size, .. } => {
            let moving = view.playing.and_then(|t| view.images.moving(image, t));
            if let Some(next) = moving.and_then(|m| m.next) {
                // The next frame is due then: no repaints for animations not on screen.
                painter.ctx().request_repaint_after(next);
            }
            let texture = moving.map_or(texture, |m| m.texture);
            let (dest, uv) = fitted(rect, size, fit);
            painter
                .with_clip_rect(rect.intersect(painter.clip_rect()))
                .image(texture, dest, uv, Color32::WHITE);
        }
        ImageState::Loading { size } => {
            let dest = size.map_or(rect, |s| fitted(rect, s, Fit::Contain).0);
            painter.rect_filled(dest, 0.0, theme.placeholder);
        }
        ImageState::Failed(why) => {
            let name = image.src.rsplit('/').next().unwrap_or(&image.src);
            failed_box(painter, rect, &format!("⚠ {name}\n{why}"), view, theme);
        }
    }
}

/// The placeholder of something that could not be drawn: a neutral box for the audience; in
/// the console, outlined and saying what and why.
fn failed_box(painter: &Painter, rect: Rect, text: &str, view: &View<'_>, theme: &Theme) {
    painter.rect_filled(rect, 0.0, theme.placeholder);
    if view.audience {
        return;
    }
    let stroke = Stroke::new(2.0, Color32::from_rgb(0xe0, 0x60, 0x40));
    painter.rect_stroke(rect, 0.0, stroke, StrokeKind::Inside);
    let size = (rect.height() / 8.0).clamp(9.0, 18.0);
    // Wrapped to the box and clipped by it: a small preview box must not spill the file name
    // and reason over the rest of the slide.
    let galley = painter.layout(
        text.to_string(),
        FontId::proportional(size),
        theme.text,
        (rect.width() - 8.0).max(size),
    );
    let pos = rect.center() - galley.size() / 2.0;
    painter
        .with_clip_rect(rect.intersect(painter.clip_rect()))
        .galley(pos, galley, theme.text);
}

/// Where a PDF page's slide part is drawn in `rect`: as large as fits, in its own aspect.
pub fn page_rect(rect: Rect, size: [f32; 2]) -> Rect {
    let page = vec2(size[0].max(1.0), size[1].max(1.0));
    let f = (rect.width() / page.x).min(rect.height() / page.y);
    Rect::from_center_size(rect.center(), page * f)
}

/// Draws `part` (fractions of the page) of page `index` into `dest`, rendered for its pixel
/// size.
pub fn draw_page_part(
    painter: &Painter,
    dest: Rect,
    index: usize,
    part: [f32; 4],
    view: &View<'_>,
) {
    let ppp = painter.ctx().pixels_per_point();
    let [x0, y0, x1, y1] = part;
    let whole = [
        (dest.width() * ppp / (x1 - x0).max(0.01)).ceil() as u32,
        (dest.height() * ppp / (y1 - y0).max(0.01)).ceil() as u32,
    ];
    match view.images.page(index, whole) {
        ImageState::Ready { texture, .. } => {
            let uv = Rect::from_min_max(pos2(x0, y0), pos2(x1, y1));
            painter.image(texture, dest, uv, Color32::WHITE);
        }
        // A page on its way is blank paper (it is usually there already: pages are rendered
        // ahead).
        ImageState::Loading { .. } => {
            painter.rect_filled(dest, 0.0, Color32::WHITE);
        }
        ImageState::Failed(why) => failed_box(painter, dest, &format!("⚠ {why}"), view, view.theme),
    }
}

/// A PDF deck's slide: its page for the step, letterboxed in black.
fn draw_page(painter: &Painter, rect: Rect, view: &View<'_>, page: &crate::deck::PageRef) -> Rect {
    let dest = page_rect(rect, page.size);
    letterbox(painter, rect, dest, Color32::BLACK);
    draw_page_part(
        painter,
        dest,
        page.page_at(view.step),
        page.slide_part(),
        view,
    );
    dest
}

/// Destination rectangle and UV for an image of `size` pixels in `rect`.
fn fitted(rect: Rect, size: [u32; 2], fit: Fit) -> (Rect, Rect) {
    let img = vec2(size[0].max(1) as f32, size[1].max(1) as f32);
    let full_uv = Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
    match fit {
        Fit::Contain => {
            let f = (rect.width() / img.x).min(rect.height() / img.y);
            (Rect::from_center_size(rect.center(), img * f), full_uv)
        }
        Fit::Cover => {
            let f = (rect.width() / img.x).max(rect.height() / img.y);
            let shown = vec2(rect.width() / (img.x * f), rect.height() / (img.y * f));
            let uv = Rect::from_center_size(pos2(0.5, 0.5), shown);
            (rect, uv)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canvas_letterboxes_and_scales_uniformly() {
        let meta = Meta::default();
        let (r, s) = canvas_rect(
            Rect::from_min_size(pos2(0.0, 0.0), vec2(1920.0, 1200.0)),
            &meta,
        );
        assert_eq!(s, 1.5);
        assert_eq!(r.size(), vec2(1920.0, 1080.0));
        assert_eq!(r.top(), 60.0);
        // Within a point of the slide's shape, the slide fills its place.
        let place = Rect::from_min_size(pos2(11.0, 89.0), vec2(779.0, 438.0));
        let (r, s) = canvas_rect(place, &meta);
        assert_eq!(r, place);
        assert_eq!(s, 438.0 / 720.0);
    }

    #[test]
    fn letterbox_bars_cover_only_what_the_slide_leaves() {
        let outer = Rect::from_min_size(pos2(0.0, 0.0), vec2(1920.0, 1080.0));
        // 16:9 on 16:9: the slide covers everything, nothing else is painted.
        let (inner, _) = canvas_rect(outer, &Meta::default());
        assert!(letterbox_bars(outer, inner).is_empty());
        // 4:3 on 16:9: two side bars, 240 px each, reaching a pixel under the slide.
        let meta = Meta {
            aspect: crate::deck::Aspect::Standard,
            ..Meta::default()
        };
        let (inner, _) = canvas_rect(outer, &meta);
        let bars = letterbox_bars(outer, inner);
        assert_eq!(bars.len(), 2, "{bars:?}");
        assert_eq!(
            bars[0],
            Rect::from_min_max(pos2(0.0, 0.0), pos2(241.0, 1080.0))
        );
        assert_eq!(
            bars[1],
            Rect::from_min_max(pos2(1679.0, 0.0), pos2(1920.0, 1080.0))
        );
        // Every pixel of the window is painted by a bar or the slide.
        for x in (0..1920).step_by(7) {
            for y in (0..1080).step_by(7) {
                let p = pos2(x as f32 + 0.5, y as f32 + 0.5);
                assert!(
                    inner.contains(p) || bars.iter().any(|b| b.contains(p)),
                    "{p:?}"
                );
            }
        }
    }

    /// An image source whose one image is an animation with its next frame due in 80 ms.
    struct OneAnimation;

    impl Images for OneAnimation {
        fn state(&self, _image: &crate::deck::Image) -> ImageState {
            ImageState::Ready {
                texture: egui::TextureId::Managed(0),
                size: [480, 270],
                opaque: true,
            }
        }

        fn moving(
            &self,
            _image: &crate::deck::Image,
            _playing: std::time::Duration,
        ) -> Option<images::Moving> {
            Some(images::Moving {
                texture: egui::TextureId::Managed(0),
                next: Some(std::time::Duration::from_millis(80)),
            })
        }
    }

    /// The repaint a frame that draws the deck's first slide asks for.
    fn repaint_after(playing: Option<std::time::Duration>) -> std::time::Duration {
        let deck = crate::deck::parse(b"![bg](meme.gif)\n", std::path::Path::new("."));
        let ctx = egui::Context::default();
        let theme = Theme::default();
        // egui's first frames repaint at once (fonts, layout): look at a later one.
        for _ in 0..3 {
            let mut warm = ctx.run_ui(egui::RawInput::default(), |_| {});
            warm.textures_delta.clear();
        }
        let mut out = ctx.run_ui(egui::RawInput::default(), |ui| {
            let view = View {
                slide: &deck.slides[0],
                meta: &deck.meta,
                step: 0,
                theme: &theme,
                images: &OneAnimation,
                audience: true,
                playing,
            };
            slide(ui.painter(), ui.max_rect(), &view);
        });
        out.textures_delta.clear();
        out.viewport_output
            .get(&egui::ViewportId::ROOT)
            .map_or(std::time::Duration::MAX, |v| v.repaint_delay)
    }

    #[test]
    fn a_playing_animation_asks_for_a_repaint_when_its_next_frame_is_due_and_a_still_one_never() {
        assert_eq!(
            repaint_after(Some(std::time::Duration::ZERO)),
            std::time::Duration::from_millis(80)
        );
        assert_eq!(repaint_after(None), std::time::Duration::MAX);
    }

    /// One image that has arrived, opaque or not.
    struct Arrived(bool);

    impl Images for Arrived {
        fn state(&self, _image: &crate::deck::Image) -> ImageState {
            ImageState::Ready {
                texture: egui::TextureId::Managed(0),
                size: [1920, 1080],
                opaque: self.0,
            }
        }
    }

    #[test]
    fn only_a_full_bleed_opaque_background_saves_the_slide_fill() {
        let theme = Theme::default();
        for (text, opaque, saved) in [
            ("![bg](a.jpg)\n", true, true),
            ("![bg](a.png)\n", false, false),
            ("![bg fit](a.jpg)\n", true, false),
            ("![bg 50%](a.jpg)\n", true, false),
            ("![bg left](a.jpg)\n\n# Text\n", true, false),
            ("# No image\n", true, false),
        ] {
            let deck = crate::deck::parse(text.as_bytes(), std::path::Path::new("."));
            let view = View {
                slide: &deck.slides[0],
                meta: &deck.meta,
                step: 0,
                theme: &theme,
                images: &Arrived(opaque),
                audience: true,
                playing: None,
            };
            assert_eq!(covered(&view), saved, "{text}");
        }
    }

    #[test]
    fn text_on_a_slide_background_colour_stays_readable() {
        let dark = Theme::default();
        let rgb = |c: Color32| [c.r(), c.g(), c.b()];
        for (text, bg) in [
            (
                "<!-- backgroundColor: beige -->\n\n# Watch\n",
                [0xf5, 0xf5, 0xdc],
            ),
            (
                "<!-- backgroundColor: #ffffff -->\n\n# White\n",
                [0xff, 0xff, 0xff],
            ),
            (
                "<!-- backgroundColor: #202020 -->\n\n# Dark\n",
                [0x20, 0x20, 0x20],
            ),
        ] {
            let deck = crate::deck::parse(text.as_bytes(), std::path::Path::new("."));
            let background = Color32::from_rgb(bg[0], bg[1], bg[2]);
            let theme = slide_colors(&dark, &deck.slides[0], background);
            assert!(
                crate::color::contrast(bg, rgb(theme.text)) >= crate::color::AA,
                "{text}"
            );
            assert!(
                crate::color::contrast(bg, rgb(theme.heading)) >= crate::color::AA_LARGE,
                "{text}"
            );
        }
        // An explicit text colour is the author's: kept, even when it is a poor choice.
        let deck = crate::deck::parse(
            b"<!-- backgroundColor: beige -->\n<!-- color: white -->\n\n# Mine\n",
            std::path::Path::new("."),
        );
        let theme = slide_colors(&dark, &deck.slides[0], Color32::from_rgb(0xf5, 0xf5, 0xdc));
        assert_eq!(theme.text, Color32::WHITE);
        // No background colour: the theme as it is.
        let deck = crate::deck::parse(b"# Plain\n", std::path::Path::new("."));
        assert_eq!(
            slide_colors(&dark, &deck.slides[0], dark.background).text,
            dark.text
        );
    }

    #[test]
    fn marp_themes_and_the_invert_class() {
        use crate::deck::ThemeName;
        let gaia = Theme::named(ThemeName::Gaia);
        let uncover = Theme::named(ThemeName::Uncover);
        let default = Theme::named(ThemeName::Default);
        assert!(uncover.centred && !gaia.centred && !default.centred);
        let rgb = |c: Color32| [c.r(), c.g(), c.b()];
        for t in [
            &gaia,
            &uncover,
            &default,
            &gaia.inverted(),
            &default.inverted(),
        ] {
            assert!(
                crate::color::contrast(rgb(t.background), rgb(t.text)) >= crate::color::AA,
                "{t:?}"
            );
        }
        // Inverted: the text colour becomes the background.
        assert_eq!(default.inverted().background, default.text);
        assert_eq!(default.inverted().text, default.background);
        let deck = crate::deck::parse(
            b"<!-- class: lead invert -->\n\n# Hi\n",
            std::path::Path::new("."),
        );
        assert!(has_class(&deck.slides[0], &["invert"]) && has_class(&deck.slides[0], &["lead"]));
    }

    #[test]
    fn cover_crops_and_contain_letterboxes() {
        let rect = Rect::from_min_size(pos2(0.0, 0.0), vec2(200.0, 100.0));
        let (dest, uv) = fitted(rect, [100, 100], Fit::Contain);
        assert_eq!(dest.size(), vec2(100.0, 100.0));
        assert_eq!(uv.size(), vec2(1.0, 1.0));
        let (dest, uv) = fitted(rect, [100, 100], Fit::Cover);
        assert_eq!(dest, rect);
        assert_eq!(uv.size(), vec2(1.0, 0.5));
    }
}
