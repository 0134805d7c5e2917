//! A headless egui context that the one renderer paints into: no window, no GPU, no display.
//! What the renderer painted comes back as egui's shapes, which the PDF backend writes.

use egui::epaint::ClippedShape;
use egui::{Context, FontDefinitions, Id, LayerId, Order, Painter, Pos2, RawInput, Rect, Vec2};

/// Largest font atlas side: a 200 pt Takahashi heading must never fill it in one page.
const ATLAS_SIDE: usize = 8192;

/// A context with the deck's fonts, laid out at one pixel per point (the projector's pixels).
pub struct Scene {
    ctx: Context,
}

impl Scene {
    /// A scene with these fonts (the deck's font plan).
    pub fn new(fonts: FontDefinitions) -> Self {
        let ctx = Context::default();
        ctx.set_fonts(fonts);
        Self { ctx }
    }

    /// Paints with `draw` on a canvas of `size` points and returns what was painted, in order.
    pub fn record(&self, size: Vec2, draw: impl FnOnce(&Painter)) -> Vec<ClippedShape> {
        let rect = Rect::from_min_size(Pos2::ZERO, size);
        let mut input = RawInput {
            screen_rect: Some(rect),
            max_texture_side: Some(ATLAS_SIDE),
            ..RawInput::default()
        };
        input
            .viewports
            .entry(egui::ViewportId::ROOT)
            .or_default()
            .native_pixels_per_point = Some(1.0);
        self.ctx.begin_pass(input);
        let painter = Painter::new(
            self.ctx.clone(),
            LayerId::new(Order::Background, Id::unique("ltdeck-export")),
            rect,
        );
        draw(&painter);
        let mut output = self.ctx.end_pass();
        // Font atlas uploads go nowhere: the PDF takes glyphs from the fonts themselves.
        output.textures_delta.clear();
        output.shapes
    }
}
