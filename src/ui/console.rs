//! The presenter console: current slide (large), next slide or next step, notes, the slide
//! counter, the wall clock, a place for the timer, and the deck's warnings. Overlays: overview
//! grid, help, go-to prompt. None of it ever reaches the audience window.

use egui::{Align, Align2, Color32, FontId, Layout, Panel, Rect, RichText, Sense, Ui, vec2};

use crate::action::{COMMANDS, key_label};
use crate::deck::Severity;
use crate::show::{Action, Blank};

use super::notes::notes_ui;
use super::presenter::Presenter;
use super::timer_panel::timer_ui;

/// Console colours: a calm dark frame around the slides. The window is cleared to it
/// (`App::clear_color`) rather than painted: under software rendering a full-window fill costs
/// as much CPU as everything else in a timer tick.
pub const CONSOLE_BACKGROUND: Color32 = Color32::from_rgb(0x1b, 0x1e, 0x24);
const LABEL: Color32 = Color32::from_rgb(0xc8, 0xcc, 0xd4);

/// The whole console, on a window cleared to [`CONSOLE_BACKGROUND`].
pub fn console_ui(ui: &mut Ui, p: &mut Presenter) {
    top_bar_ui(ui, p);
    warnings_ui(ui, p);
    let body = ui.available_rect_before_wrap();
    if p.rehearsal.summary.is_some() {
        egui::Frame::NONE
            .inner_margin(16.0)
            .show(ui, |ui| super::summary::summary_ui(ui, p));
    } else if p.show.overview.is_some() {
        overview_ui(ui, p);
    } else {
        slides_and_notes_ui(ui, p, body);
    }
    if p.show.help {
        help_ui(ui);
    }
    if let Some(buf) = &p.show.goto {
        prompt_ui(
            ui,
            &format!("Go to slide: {buf}_  (Enter to go, Esc to cancel)"),
        );
    }
}

fn top_bar_ui(ui: &mut Ui, p: &Presenter) {
    Panel::top("console-top")
        .exact_size(84.0)
        .frame(unfilled(ui))
        .show(ui, |ui| {
            ui.horizontal_centered(|ui| {
                let total = p.deck.slides.len();
                let counter = format!("{} / {}", p.show.slide + 1, total.max(1));
                ui.label(
                    RichText::new(counter)
                        .size(34.0)
                        .strong()
                        .color(Color32::WHITE),
                );
                let steps = p.show.steps_of(p.show.slide);
                if steps > 1 {
                    ui.label(
                        RichText::new(format!("step {} of {steps}", p.show.step + 1))
                            .size(16.0)
                            .color(LABEL),
                    );
                }
                ui.separator();
                let now = p.clock.now();
                let clock = p.clock.clone();
                timer_ui(ui, &p.show, now, move |left| clock.wall_after(left));
                if let Some((text, ahead)) = &p.rehearsal.split {
                    let color = match ahead {
                        Some(a) if *a >= 0.5 => Color32::from_rgb(0x5c, 0xd0, 0x7a),
                        Some(a) if *a <= -0.5 => Color32::from_rgb(0xff, 0x70, 0x60),
                        _ => LABEL,
                    };
                    ui.separator();
                    ui.label(RichText::new(text).size(15.0).color(color));
                }
                if p.rehearsal.active {
                    badge(ui, "REHEARSAL", Color32::from_rgb(0x5c, 0xc8, 0xff));
                }
                match p.show.blank {
                    Some(Blank::Black) => {
                        badge(ui, "AUDIENCE: BLACK", Color32::from_rgb(0x60, 0x60, 0x60))
                    }
                    Some(Blank::White) => {
                        badge(ui, "AUDIENCE: WHITE", Color32::from_rgb(0x90, 0x90, 0x90))
                    }
                    None => {}
                }
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    ui.label(
                        RichText::new(p.clock.wall())
                            .size(30.0)
                            .color(Color32::WHITE),
                    );
                    ui.label(RichText::new("clock").size(14.0).color(LABEL));
                    ui.separator();
                    let talk = crate::deck::time::format_duration(p.show.timer.duration());
                    ui.label(
                        RichText::new(format!("{talk} talk"))
                            .size(18.0)
                            .color(LABEL),
                    );
                });
            });
        });
}

/// A panel frame with no fill: the window is cleared to [`CONSOLE_BACKGROUND`] already, and every pixel
/// painted again costs CPU time under software rendering.
fn unfilled(ui: &Ui) -> egui::Frame {
    egui::Frame::side_top_panel(ui.style()).fill(Color32::TRANSPARENT)
}

fn badge(ui: &mut Ui, text: &str, color: Color32) {
    ui.label(
        RichText::new(text)
            .size(16.0)
            .strong()
            .color(Color32::BLACK)
            .background_color(color),
    );
}

fn warnings_ui(ui: &mut Ui, p: &Presenter) {
    let warnings = p.warnings();
    if warnings.is_empty() {
        return;
    }
    Panel::bottom("console-warnings")
        .max_size(140.0)
        .frame(unfilled(ui))
        .show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                for (severity, text) in &warnings {
                    let color = match severity {
                        Severity::Error => Color32::from_rgb(0xff, 0x70, 0x60),
                        _ => Color32::from_rgb(0xff, 0xc8, 0x50),
                    };
                    let mark = if *severity == Severity::Error {
                        "✖"
                    } else {
                        "⚠"
                    };
                    ui.label(
                        RichText::new(format!("{mark} {text}"))
                            .size(14.0)
                            .color(color),
                    );
                }
            });
        });
}

fn slides_and_notes_ui(ui: &mut Ui, p: &mut Presenter, body: Rect) {
    let gap = 16.0;
    let inner = body.shrink(gap);
    let left_w = (inner.width() * 0.62).floor();
    let current = Rect::from_min_size(inner.min, vec2(left_w, inner.height()));
    let right = Rect::from_min_max(egui::pos2(current.right() + gap, inner.top()), inner.max);
    let next_h = (right.width() * 9.0 / 16.0).min(right.height() * 0.45);
    let next_rect = Rect::from_min_size(right.min + vec2(0.0, 22.0), vec2(right.width(), next_h));
    let notes_rect = Rect::from_min_max(
        egui::pos2(right.left(), next_rect.bottom() + 30.0),
        right.max,
    );

    caption(ui, current.left_top(), "NOW");
    let current_slide = fit_top(
        Rect::from_min_max(current.min + vec2(0.0, 22.0), current.max),
        p,
    );
    let next_rect = fit_top(next_rect, p);
    let (slide, step) = (p.show.slide, p.show.step);
    let response = ui.allocate_rect(current_slide, Sense::click());
    let drawn = p.draw_slide(ui, current_slide, slide, step, false);
    if drawn.is_none() {
        empty_ui(ui, current_slide, "This deck has no slides yet.");
    }
    if response.clicked() {
        p.apply(Action::Command(crate::action::Command::Next));
    }
    frame(ui, current_slide);

    match p.show.next_position() {
        Some((next, next_step)) => {
            let label = if next == slide { "NEXT STEP" } else { "NEXT" };
            caption(ui, right.left_top(), label);
            p.draw_slide(ui, next_rect, next, next_step, false);
            frame(ui, next_rect);
        }
        None => {
            caption(ui, right.left_top(), "NEXT");
            empty_ui(ui, next_rect, "End of the deck");
        }
    }

    caption(ui, notes_rect.left_top() - vec2(0.0, 22.0), "NOTES");
    let notes = p.notes_blocks();
    let scale = p.show.notes_scale;
    let mut notes_ui_area = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(notes_rect)
            .layout(Layout::top_down(Align::Min)),
    );
    egui::ScrollArea::vertical()
        .id_salt(("notes", slide))
        .show(&mut notes_ui_area, |ui| {
            ui.set_width(notes_rect.width() - 12.0);
            notes_ui(ui, &notes, scale);
        });
}

/// The largest slide-shaped rectangle at the top of `area`.
fn fit_top(area: Rect, p: &Presenter) -> Rect {
    let (cw, ch) = p.deck.meta.aspect.canvas();
    let h = area.height().min(area.width() * ch / cw);
    Rect::from_min_size(area.min, vec2(h * cw / ch, h))
}

fn frame(ui: &Ui, rect: Rect) {
    ui.painter().rect_stroke(
        rect,
        0.0,
        egui::Stroke::new(1.0, Color32::from_gray(80)),
        egui::StrokeKind::Outside,
    );
}

fn caption(ui: &Ui, pos: egui::Pos2, text: &str) {
    ui.painter().text(
        pos,
        Align2::LEFT_TOP,
        text,
        FontId::proportional(15.0),
        LABEL,
    );
}

fn empty_ui(ui: &Ui, rect: Rect, text: &str) {
    ui.painter()
        .rect_filled(rect, 6.0, Color32::from_rgb(0x10, 0x12, 0x16));
    ui.painter().text(
        rect.center(),
        Align2::CENTER_CENTER,
        text,
        FontId::proportional(18.0),
        LABEL,
    );
}

/// The overview grid: every slide as a thumbnail; click or arrows + Enter to jump.
fn overview_ui(ui: &mut Ui, p: &mut Presenter) {
    let cols = p.show.overview_columns();
    let selected = p.show.overview.unwrap_or(0);
    let n = p.deck.slides.len();
    let rows = n.div_ceil(cols).max(1);
    let area = ui.available_rect_before_wrap().shrink(16.0);
    let cell_w = area.width() / cols as f32;
    let cell_h = (cell_w * 9.0 / 16.0 + 24.0)
        .min(area.height() / rows as f32)
        .max(60.0);
    let mut clicked = None;
    egui::ScrollArea::vertical()
        .id_salt("overview")
        .show(ui, |ui| {
            let (rect, _) =
                ui.allocate_exact_size(vec2(area.width(), cell_h * rows as f32), Sense::hover());
            for i in 0..n {
                let (r, c) = (i / cols, i % cols);
                let cell = Rect::from_min_size(
                    rect.min + vec2(c as f32 * cell_w, r as f32 * cell_h),
                    vec2(cell_w, cell_h),
                )
                .shrink(6.0);
                let thumb = Rect::from_min_max(cell.min, cell.max - vec2(0.0, 20.0));
                let response = ui.interact(cell, ui.scope_id().with(("thumb", i)), Sense::click());
                p.draw_slide(ui, thumb, i, usize::MAX, false);
                let color = if i == selected {
                    Color32::from_rgb(0x5c, 0xc8, 0xff)
                } else {
                    Color32::from_gray(70)
                };
                let width = if i == selected { 4.0 } else { 1.0 };
                ui.painter().rect_stroke(
                    thumb,
                    2.0,
                    egui::Stroke::new(width, color),
                    egui::StrokeKind::Outside,
                );
                let title = p.deck.slides[i].title.clone().unwrap_or_default();
                let label = format!("{}  {}", i + 1, title);
                ui.painter().text(
                    egui::pos2(thumb.left(), thumb.bottom() + 4.0),
                    Align2::LEFT_TOP,
                    label,
                    FontId::proportional(13.0),
                    LABEL,
                );
                if response.clicked() {
                    clicked = Some(i);
                }
            }
        });
    if let Some(i) = clicked {
        p.apply(Action::GoTo(i));
    }
}

/// Every command and its keys, read from the registry.
fn help_ui(ui: &mut Ui) {
    egui::Window::new("Keys")
        .collapsible(false)
        .resizable(false)
        .anchor(Align2::CENTER_CENTER, vec2(0.0, 0.0))
        .show(ui.ctx(), |ui| {
            egui::Grid::new("help-grid")
                .striped(true)
                .spacing([24.0, 6.0])
                .show(ui, |ui| {
                    for spec in COMMANDS {
                        let mut keys: Vec<String> = Vec::new();
                        for label in spec.keys.iter().map(key_label) {
                            if !keys.contains(&label) {
                                keys.push(label);
                            }
                        }
                        ui.label(RichText::new(keys.join("  ")).monospace().strong());
                        ui.label(spec.label);
                        ui.label(RichText::new(spec.help).weak());
                        ui.end_row();
                    }
                    ui.label(RichText::new("0 – 9").monospace().strong());
                    ui.label("Slide number");
                    ui.label(RichText::new("Type a number, then Enter").weak());
                    ui.end_row();
                });
        });
}

fn prompt_ui(ui: &mut Ui, text: &str) {
    egui::Area::new(egui::Id::unique("goto-prompt"))
        .anchor(Align2::CENTER_CENTER, vec2(0.0, 0.0))
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.label(RichText::new(text).size(26.0).strong());
            });
        });
}
