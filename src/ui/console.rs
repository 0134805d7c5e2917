//! The presenter console: current slide (as large as the layout allows), the countdown under
//! it, next slide or next step and the notes beside them, the slide counter and wall clock on
//! top, and the deck's warnings. It fills its window at any size. Overlays: overview grid, help,
//! go-to prompt. None of it ever reaches the audience window.

use egui::emath::GuiRounding as _;
use egui::{Align, Align2, Color32, FontId, Layout, Panel, Rect, RichText, Sense, Ui, vec2};

use crate::action::{COMMANDS, key_label};
use crate::deck::Severity;
use crate::show::{Action, Blank};

use super::presenter::Presenter;
use super::previews::Slot;
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
    super::queue::queue_ui(ui, p);
    let body = ui.available_rect_before_wrap();
    if p.show.session().summary().is_some() {
        egui::Frame::NONE
            .inner_margin(16.0)
            .show(ui, |ui| super::summary::summary_ui(ui, p));
    } else if p.show.overview().is_some() {
        overview_ui(ui, p);
    } else {
        slides_and_notes_ui(ui, p, body);
    }
    if p.show.help() {
        help_ui(ui);
    }
    if let Some(buf) = p.show.goto() {
        prompt_ui(
            ui,
            &format!("Go to slide: {buf}_  (Enter to go, Esc to cancel)"),
        );
    }
    let now = p.clock.now();
    if p.show.quit_asked(now) {
        prompt_ui(ui, &p.show.quit_prompt());
    } else if p.show.reset_asked() {
        prompt_ui(ui, "Press R again to reset the running timer");
    }
}

/// Where each part of the console goes in a window of any size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Regions {
    /// The current slide.
    pub current: Rect,
    /// The countdown and pace, under the current slide.
    pub timer: Rect,
    /// The next slide (or step).
    pub next: Rect,
    /// The notes, under the next slide.
    pub notes: Rect,
}

/// Room above each region for its caption (NOW, NEXT, NOTES), at an 800 px high window.
const CAPTION: f32 = 22.0;

/// How much larger than at 800 px high the console's text is drawn: captions, top bar and
/// notes grow with the window (a 1440p console read from a step away), within limits.
fn window_scale(height: f32) -> f32 {
    (height / 800.0).clamp(1.0, 1.8)
}

/// Lays out the console's body: the current slide as wide as 62% of it (less when the timer
/// would get under a sixth of the height), the timer under it, next slide and notes beside;
/// captions take `scale` times their room at 800 px high.
pub fn regions(body: Rect, aspect: (f32, f32), scale: f32) -> Regions {
    let gap = (body.height() * 0.015).clamp(10.0, 24.0);
    let caption = CAPTION * scale;
    let inner = body.shrink(gap);
    let (cw, ch) = aspect;
    let timer_min = (inner.height() * 0.17).max(80.0);
    let left_w = (inner.width() * 0.62).floor();
    let current_h = (left_w * ch / cw).min(inner.height() - timer_min - caption - gap);
    let current = Rect::from_min_size(
        inner.min + vec2(0.0, caption),
        vec2(current_h * cw / ch, current_h),
    );
    let timer = Rect::from_min_max(
        egui::pos2(inner.left(), current.bottom() + gap),
        egui::pos2(inner.left() + left_w, inner.bottom()),
    );
    let right = Rect::from_min_max(
        egui::pos2(inner.left() + left_w + gap * 1.5, inner.top() + caption),
        inner.max,
    );
    let next_h = (right.width() * ch / cw).min(right.height() * 0.45);
    let next = Rect::from_min_size(right.min, vec2(next_h * cw / ch, next_h));
    let notes = Rect::from_min_max(
        egui::pos2(right.left(), next.bottom() + gap + caption),
        right.max,
    );
    Regions {
        current,
        timer,
        next,
        notes,
    }
}

fn top_bar_ui(ui: &mut Ui, p: &Presenter) {
    let scale = window_scale(ui.ctx().content_rect().height());
    Panel::top("console-top")
        .exact_size(56.0 * scale)
        .frame(unfilled(ui))
        .show(ui, |ui| {
            ui.horizontal_centered(|ui| {
                let total = p.deck().slides.len();
                let counter = format!("{} / {}", p.show.slide() + 1, total.max(1));
                ui.label(
                    RichText::new(counter)
                        .size(30.0 * scale)
                        .strong()
                        .color(Color32::WHITE),
                );
                let steps = p.show.steps_of(p.show.slide());
                if steps > 1 {
                    ui.label(
                        RichText::new(format!("step {} of {steps}", p.show.step() + 1))
                            .size(16.0 * scale)
                            .color(LABEL),
                    );
                }
                if let Some((text, ahead)) = p.show.session().split() {
                    let color = match ahead {
                        Some(a) if *a >= 0.5 => Color32::from_rgb(0x5c, 0xd0, 0x7a),
                        Some(a) if *a <= -0.5 => Color32::from_rgb(0xff, 0x70, 0x60),
                        _ => LABEL,
                    };
                    ui.separator();
                    ui.label(RichText::new(text).size(15.0 * scale).color(color));
                }
                if p.show.session().active() {
                    badge(ui, "REHEARSAL", Color32::from_rgb(0x5c, 0xc8, 0xff));
                }
                match p.show.blank() {
                    Some(Blank::Black) => {
                        badge(ui, "AUDIENCE: BLACK", Color32::from_rgb(0x60, 0x60, 0x60))
                    }
                    Some(Blank::White) => {
                        badge(ui, "AUDIENCE: WHITE", Color32::from_rgb(0x90, 0x90, 0x90))
                    }
                    None => {}
                }
                // The slides window closed, or its projector gone: the warning line says why
                // and which key brings them back.
                if p.show.projector_note().is_some() {
                    badge(
                        ui,
                        "AUDIENCE: NO SLIDES",
                        Color32::from_rgb(0xff, 0xc8, 0x50),
                    );
                }
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    ui.label(
                        RichText::new(p.clock.wall())
                            .size(28.0 * scale)
                            .color(Color32::WHITE),
                    );
                    ui.label(RichText::new("clock").size(14.0 * scale).color(LABEL));
                    ui.separator();
                    let talk = crate::deck::time::format_duration(p.show.timer().duration());
                    ui.label(
                        RichText::new(format!("{talk} talk"))
                            .size(18.0 * scale)
                            .color(LABEL),
                    );
                    awake_ui(ui, p, scale);
                });
            });
        });
}

/// Whether the screens are kept awake, in a word; what did it (or why nothing could) on hover.
/// Said once, where it never moves the layout; a failure is a warning line as well.
fn awake_ui(ui: &mut Ui, p: &Presenter, scale: f32) {
    let Some(report) = &p.awake else {
        return;
    };
    let (text, color) = if report.failed() {
        (
            "screen saver may blank",
            Color32::from_rgb(0xff, 0xc8, 0x50),
        )
    } else {
        ("screens kept awake", LABEL)
    };
    ui.separator();
    ui.label(RichText::new(text).size(14.0 * scale).color(color))
        .on_hover_text(report.line());
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
    let aspect = p.deck().meta.aspect.canvas();
    let scale = window_scale(ui.ctx().content_rect().height());
    let mut at = regions(body, aspect, scale);
    // Previews at whole pixels: their pictures are copied pixel for pixel, with no half-covered
    // edge, and each slide's background is then the picture's clear colour (`damage::over_cover`).
    let ppp = ui.ctx().pixels_per_point();
    at.current = at.current.round_to_pixels(ppp);
    at.next = at.next.round_to_pixels(ppp);
    let room = vec2(0.0, CAPTION * scale);
    caption(ui, at.current.left_top() - room, "NOW", scale);
    let (slide, step) = (p.show.slide(), p.show.step());
    let response = ui.allocate_rect(at.current, Sense::click());
    if p.preview(ui, Slot::Current, at.current, (slide, step))
        .is_none()
    {
        empty_ui(ui, at.current, "This deck has no slides yet.");
    }
    if response.clicked() {
        p.apply(Action::Command(crate::action::Command::Next));
    }
    frame(ui, at.current);
    let now = p.clock.now();
    let clock = p.clock.clone();
    timer_ui(ui, at.timer, &p.show, now, move |left| {
        clock.wall_after(left)
    });

    match p.show.next_position() {
        Some((next, next_step)) => {
            let label = if next == slide { "NEXT STEP" } else { "NEXT" };
            caption(ui, at.next.left_top() - room, label, scale);
            p.preview(ui, Slot::Next, at.next, (next, next_step));
            frame(ui, at.next);
        }
        None if p.event_first_slide(ui, at.next) => {
            caption(ui, at.next.left_top() - room, "THE TALK STARTS WITH", scale);
            frame(ui, at.next);
        }
        None => {
            caption(ui, at.next.left_top() - room, "NEXT", scale);
            empty_ui(ui, at.next, "End of the deck");
        }
    }

    p.sync_draft(ui.ctx());
    let editing = p.show.editing() == Some(slide) && p.draft.is_some();
    let label = if editing {
        "NOTES · EDITING — Esc or Ctrl+Enter saves into the deck"
    } else {
        "NOTES"
    };
    caption(ui, at.notes.left_top() - room, label, scale);
    let notes_scale = p.show.notes_scale() * scale;
    if editing {
        editor_ui(ui, p, at.notes, notes_scale);
        return;
    }
    let mut notes_rect = at.notes;
    if let Some(line) = draft_bar_ui(ui, p, at.notes, scale) {
        notes_rect.min.y = line;
    }
    let double_click = ui.input(|i| {
        i.pointer
            .button_double_clicked(egui::PointerButton::Primary)
            && i.pointer
                .interact_pos()
                .is_some_and(|pos| at.notes.contains(pos))
    });
    if double_click {
        p.apply(Action::Command(crate::action::Command::EditNotes));
    }
    let at = Regions {
        notes: notes_rect,
        ..at
    };
    let deck = p.show.deck_arc();
    // Beamer's notes pages: the notes half of the page is the notes.
    if let Some(page) = deck.slides.get(slide).and_then(|s| s.page.as_ref())
        && page.notes_at.is_some()
    {
        p.notes_page(ui, at.notes, (slide, p.show.step()));
        return;
    }
    // Notes grow with the window, so a fullscreen console reads from a step away.
    p.notes(ui, at.notes, notes_scale, slide);
}

/// The notes editor in place of the notes: the text at the notes' size, the keyboard's from its
/// first frame (Korean through the system's input method, undo with Ctrl+Z).
fn editor_ui(ui: &mut Ui, p: &mut Presenter, rect: Rect, scale: f32) {
    let Some(draft) = p.draft.as_mut() else {
        return;
    };
    let font = egui::FontId::proportional(super::notes::NOTES_SIZE * scale);
    let mut area = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(rect)
            .layout(Layout::top_down(Align::Min)),
    );
    egui::ScrollArea::vertical()
        .id_salt(("notes editor", draft.slide))
        .show(&mut area, |ui| {
            let mut output = egui::TextEdit::multiline(&mut draft.text)
                .id_salt(("notes editor text", draft.slide))
                .font(font)
                .desired_width(rect.width() - 12.0)
                .desired_rows(6)
                .lock_focus(true)
                .show(ui);
            let response = &output.response;
            response.widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::MultilineTextInput, true, "Speaker notes")
            });
            if !draft.focused {
                // Typing starts at the end of the notes, wherever an earlier edit (kept in
                // egui's memory, even across runs) left the cursor.
                let end = egui::text::CCursor::new(draft.text.chars().count());
                output
                    .state
                    .cursor
                    .set_char_range(Some(egui::text::CCursorRange::one(end)));
                output.state.store(ui.ctx(), output.response.id);
                output.response.request_focus();
                draft.focused = true;
            }
        });
}

/// Above the notes: the notes of an edit that could not be saved, with the speaker's choices
/// (save over the file's change, discard, copy), or what became of the last edit. Returns where
/// the notes start below it.
fn draft_bar_ui(ui: &mut Ui, p: &mut Presenter, rect: Rect, scale: f32) -> Option<f32> {
    let size = 15.0 * scale;
    let problem = p
        .draft
        .as_ref()
        .and_then(|d| Some((d.slide, d.problem.clone()?)));
    let Some((slide, problem)) = problem else {
        let (about, message) = p.notes_message.clone()?;
        if about != p.show.slide() {
            return None;
        }
        let mut line = ui.new_child(
            egui::UiBuilder::new()
                .max_rect(rect)
                .layout(Layout::top_down(Align::Min)),
        );
        line.add(
            egui::Label::new(
                egui::RichText::new(message)
                    .size(size)
                    .color(Color32::from_gray(170)),
            )
            .wrap(),
        );
        return Some(line.min_rect().bottom() + 6.0);
    };
    let file = p
        .draft
        .as_ref()
        .and_then(|d| d.target.path().file_name())
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let why = match &problem {
        super::draft::Problem::Changed => format!(
            "{file} changed on disk while you edited the notes of slide {}: nothing was written.",
            slide + 1
        ),
        super::draft::Problem::Failed(why) => {
            format!("the notes of slide {} were not saved: {why}", slide + 1)
        }
    };
    let mut area = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(rect)
            .layout(Layout::top_down(Align::Min)),
    );
    egui::Frame::new()
        .fill(Color32::from_rgb(80, 50, 10))
        .inner_margin(8.0)
        .show(&mut area, |ui| {
            ui.set_width(rect.width() - 16.0);
            ui.label(egui::RichText::new(why).size(size).color(Color32::WHITE));
            if let Some(d) = &p.draft {
                let mut kept: String = d.text.chars().take(240).collect();
                if kept.len() < d.text.len() {
                    kept.push('…');
                }
                ui.label(
                    egui::RichText::new(format!("Your text is kept: {kept}"))
                        .size(size)
                        .italics()
                        .color(Color32::from_gray(220)),
                );
            }
            ui.horizontal(|ui| {
                let over = match problem {
                    super::draft::Problem::Changed => "Save over it",
                    super::draft::Problem::Failed(_) => "Try again",
                };
                if ui.button(egui::RichText::new(over).size(size)).clicked() {
                    p.save_notes(slide, true);
                }
                if ui.button(egui::RichText::new("Edit").size(size)).clicked() {
                    p.apply(Action::GoTo(slide));
                    p.apply(Action::Command(crate::action::Command::EditNotes));
                }
                if ui
                    .button(egui::RichText::new("Copy text").size(size))
                    .clicked()
                    && let Some(d) = &p.draft
                {
                    ui.ctx().copy_text(d.text.clone());
                    p.notes_message = Some((slide, "the edited notes are on the clipboard".into()));
                }
                if ui
                    .button(egui::RichText::new("Discard").size(size))
                    .clicked()
                {
                    p.discard_notes();
                }
            });
        });
    Some(area.min_rect().bottom() + 6.0)
}

fn frame(ui: &Ui, rect: Rect) {
    ui.painter().rect_stroke(
        rect,
        0.0,
        egui::Stroke::new(1.0, Color32::from_gray(80)),
        egui::StrokeKind::Outside,
    );
}

fn caption(ui: &Ui, pos: egui::Pos2, text: &str, scale: f32) {
    ui.painter().text(
        pos,
        Align2::LEFT_TOP,
        text,
        FontId::proportional(15.0 * scale),
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
    let selected = p.show.overview().unwrap_or(0);
    let n = p.deck().slides.len();
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
                let title = p.deck().slides[i].title.clone().unwrap_or_default();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn laid_out(w: f32, h: f32) -> Regions {
        let body = Rect::from_min_size(egui::Pos2::ZERO, vec2(w, h));
        regions(body, (16.0, 9.0), window_scale(h))
    }

    #[test]
    fn the_layout_fills_the_window_at_every_size() {
        for (w, h) in [
            (1280.0, 720.0),
            (1366.0, 768.0),
            (1920.0, 1080.0),
            (2560.0, 1600.0),
        ] {
            let at = laid_out(w, h);
            let window = Rect::from_min_size(egui::Pos2::ZERO, vec2(w, h));
            for r in [at.current, at.timer, at.next, at.notes] {
                assert!(window.contains_rect(r), "{w}x{h}: {r:?}");
                assert!(r.width() > 0.0 && r.height() > 0.0, "{w}x{h}: {r:?}");
            }
            assert!(!at.current.intersects(at.next) && !at.timer.intersects(at.notes));
            // The slide is the largest thing, the timer gets at least a sixth of the height,
            // and only margins are left under the timer and the notes.
            assert!(at.current.width() >= w * 0.55, "{w}x{h}: {:?}", at.current);
            assert!(at.timer.height() >= h * 0.15, "{w}x{h}: {:?}", at.timer);
            assert!(h - at.timer.bottom() < 30.0 && h - at.notes.bottom() < 30.0);
            assert!(at.notes.height() >= h * 0.3, "{w}x{h}: {:?}", at.notes);
        }
    }
}
