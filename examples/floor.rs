//! The floor under ltdeck's memory and frame figures: the same eframe (glow) set-up with
//! nothing of ltdeck in it — a console window and a fullscreen audience window on the second
//! monitor, each painting one line of text. What this process holds 5 s after launch is what
//! any two-window eframe app costs on the machine (under llvmpipe: Mesa, its JIT, one XShm
//! image per window), before a deck, a font or a photo. `benches/floor.sh` measures it beside
//! ltdeck.
//!
//! Run: `cargo run --release --example floor` (on the two-monitor server; the second window
//! goes to the right of the first screen).

use eframe::egui::{self, ViewportBuilder, ViewportId};

fn main() -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: ViewportBuilder::default()
            .with_title("floor console")
            .with_position([0.0, 0.0])
            .with_fullscreen(true),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native("floor", options, Box::new(|_cc| Ok(Box::new(Floor))))
}

struct Floor;

impl eframe::App for Floor {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        ui.label("console");
        let audience = ViewportBuilder::default()
            .with_title("floor audience")
            .with_position([1920.0, 0.0])
            .with_fullscreen(true);
        ui.ctx()
            .show_viewport_deferred(ViewportId::from_hash_of("audience"), audience, |ui, _| {
                ui.label("audience");
            });
    }
}
