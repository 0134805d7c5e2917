//! The console's timer: remaining time, big, in a colour *and* a label and frame for each phase
//! (so a colour-blind speaker sees it too), elapsed time, the clock time the talk will end, the
//! pace line, the hare-and-tortoise bars and the countdown to the next auto-advance. Also the
//! audience's thin time bar.

use std::time::Instant;

use egui::{Color32, Rect, RichText, Sense, Stroke, StrokeKind, Ui, vec2};

use crate::show::Show;
use crate::timer::{Phase, Timer, clock, pace};

/// Phase colours, readable on the console's dark frame.
pub fn phase_color(phase: Phase) -> Color32 {
    match phase {
        Phase::Normal => Color32::from_rgb(0xf2, 0xf2, 0xf2),
        Phase::Warning => Color32::from_rgb(0xff, 0xb0, 0x20),
        Phase::Critical => Color32::from_rgb(0xff, 0x4a, 0x3a),
        Phase::Overtime => Color32::from_rgb(0xff, 0x4a, 0x3a),
    }
}

/// Words for the phase, shown beside the time.
pub fn phase_label(timer: &Timer, phase: Phase) -> &'static str {
    if !timer.started() {
        return "press S or → to start";
    }
    if timer.paused() {
        return "PAUSED";
    }
    match phase {
        Phase::Normal => "",
        Phase::Warning => "WARNING",
        Phase::Critical => "CRITICAL",
        Phase::Overtime => "OVERTIME",
    }
}

/// The console's timer area: the countdown as large as `rect` allows (at least a tenth of the
/// window's height), its phase label and frame, elapsed time and end time, pace, the
/// hare-and-tortoise bars and the next auto-advance.
pub fn timer_ui(
    ui: &mut Ui,
    rect: Rect,
    show: &Show,
    now: Instant,
    wall_end: impl Fn(std::time::Duration) -> String,
) {
    let timer = show.timer();
    let phase = timer.phase(now);
    let color = phase_color(phase);
    // Overtime blinks (once a second): a cue that needs no colour at all.
    let blink_off =
        phase == Phase::Overtime && timer.running() && timer.overtime(now).as_secs() % 2 == 1;
    let size = countdown_size(rect, ui.ctx().content_rect().height());
    let text = timer.display(now);
    let shown = if blink_off {
        Color32::from_gray(90)
    } else {
        color
    };
    let galley = ui
        .painter()
        .layout_no_wrap(text.clone(), egui::FontId::monospace(size), shown);
    let frame_w = match phase {
        Phase::Normal => 0.0,
        Phase::Warning => 3.0,
        Phase::Critical | Phase::Overtime => 6.0,
    };
    let pad = size * 0.12;
    let digits = Rect::from_min_size(
        rect.left_center() + vec2(pad, -galley.size().y / 2.0),
        galley.size(),
    );
    // A label (not bare paint), so screen readers and UI tests read the time.
    let big = RichText::new(text).size(size).monospace().color(shown);
    ui.put(digits, egui::Label::new(big).selectable(false));
    if frame_w > 0.0 {
        ui.painter().rect_stroke(
            digits.expand(pad * 0.6),
            8.0,
            Stroke::new(frame_w, color),
            StrokeKind::Outside,
        );
    }
    let side = Rect::from_min_max(egui::pos2(digits.right() + pad * 2.0, rect.top()), rect.max);
    let mut side_ui = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(side)
            .layout(egui::Layout::top_down(egui::Align::Min)),
    );
    details_ui(&mut side_ui, show, now, size, &wall_end);
}

/// The countdown's font size: most of the timer area's height, and never under a tenth of the
/// window (readable from 1.5 m on a laptop screen).
fn countdown_size(rect: Rect, window_h: f32) -> f32 {
    let by_height = rect.height() * 0.62;
    // "0:00" is about 2.4 font sizes wide in a monospace face; leave room for the details.
    let by_width = rect.width() * 0.55 / 2.4;
    by_height.min(by_width).max(window_h * 0.1)
}

/// Phase label, elapsed and end time, pace, hare and tortoise, next auto-advance.
fn details_ui(
    ui: &mut Ui,
    show: &Show,
    now: Instant,
    size: f32,
    wall_end: &dyn Fn(std::time::Duration) -> String,
) {
    let timer = show.timer();
    let phase = timer.phase(now);
    let color = phase_color(phase);
    let elapsed = timer.elapsed(now);
    let text = (size * 0.2).clamp(14.0, 30.0);
    ui.add_space(size * 0.15);
    let label = phase_label(timer, phase);
    ui.label(
        RichText::new(label)
            .size(text * 1.3)
            .strong()
            .color(if label == "PAUSED" {
                Color32::WHITE
            } else {
                color
            }),
    );
    let mut line = format!("elapsed {}", clock(elapsed.as_secs()));
    if let Some(left) = timer.remaining(now) {
        line.push_str(&format!(" · ends {}", wall_end(left)));
    }
    ui.label(
        RichText::new(line)
            .size(text)
            .color(Color32::from_gray(200)),
    );
    let p = pace(timer.duration(), &show.budgets(), show.slide(), elapsed);
    let pace_color = match p.lead_secs {
        0 => Color32::from_gray(220),
        s if s > 0 => Color32::from_rgb(0x5c, 0xd0, 0x7a),
        _ => Color32::from_rgb(0xff, 0x8a, 0x70),
    };
    let pace_text = if timer.started() {
        p.text()
    } else {
        String::new()
    };
    ui.label(
        RichText::new(pace_text)
            .size(text)
            .strong()
            .color(pace_color),
    );
    hare_and_tortoise_ui(ui, p.slides, p.time, text * 12.0);
    if let Some(wait) = show.until_advance(now) {
        ui.label(
            RichText::new(format!(
                "next slide in {}",
                clock(wait.as_secs() + u64::from(wait.subsec_nanos() > 0))
            ))
            .size(text)
            .color(Color32::from_gray(200)),
        );
    }
}

/// Two bars on one scale: slides done (the hare) over time gone (the tortoise).
fn hare_and_tortoise_ui(ui: &mut Ui, slides: f32, time: f32, width: f32) {
    let (rect, _) = ui.allocate_exact_size(vec2(width, 16.0), Sense::hover());
    let bar = |r: Rect, f: f32, c: Color32| {
        ui.painter().rect_filled(r, 2.0, Color32::from_gray(55));
        ui.painter().rect_filled(
            Rect::from_min_size(r.min, vec2(r.width() * f, r.height())),
            2.0,
            c,
        );
    };
    let top = Rect::from_min_size(rect.min, vec2(rect.width(), 6.0));
    let bottom = Rect::from_min_size(rect.min + vec2(0.0, 9.0), vec2(rect.width(), 6.0));
    bar(top, slides, Color32::from_rgb(0x5c, 0xd0, 0x7a));
    bar(bottom, time, Color32::from_rgb(0xf0, 0xa8, 0x30));
}

/// The audience's time bar: a thin strip on the bottom edge that fills with elapsed time and
/// turns red in the critical phase. Nothing else of the timer reaches the audience.
pub fn audience_bar_ui(ui: &Ui, rect: Rect, show: &Show, now: Instant) {
    if !show.audience_bar() || !show.timer().started() {
        return;
    }
    let t = show.timer();
    let f = (t.elapsed(now).as_secs_f32() / t.duration().as_secs_f32().max(1.0)).clamp(0.0, 1.0);
    let h = (rect.height() / 120.0).max(3.0);
    let strip = Rect::from_min_max(egui::pos2(rect.left(), rect.bottom() - h), rect.max);
    // Past 0:00 the whole bar flashes, twice a second: time is up.
    let over = t.phase(now) == Phase::Overtime;
    let half_seconds = t.overtime(now).as_millis() / 500;
    let color = match t.phase(now) {
        Phase::Normal | Phase::Warning => Color32::from_rgb(0x5c, 0xc8, 0xff),
        Phase::Overtime if half_seconds % 2 == 1 => Color32::from_rgb(0x50, 0x10, 0x0c),
        Phase::Critical | Phase::Overtime => Color32::from_rgb(0xff, 0x3a, 0x2a),
    };
    ui.painter()
        .rect_filled(strip, 0.0, Color32::from_black_alpha(120));
    ui.painter().rect_filled(
        Rect::from_min_size(strip.min, vec2(strip.width() * f, h)),
        0.0,
        color,
    );
    if t.running() && over {
        let into = t.overtime(now).as_millis() % 500;
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis((500 - into) as u64));
    } else if t.running() {
        // Repaint when the bar has grown by a pixel, at most once a second.
        let px = (strip.width() * ui.ctx().pixels_per_point()).max(1.0);
        let step = (t.duration().as_secs_f32() / px).max(1.0);
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs_f32(step));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_countdown_is_at_least_a_tenth_of_the_window_and_fills_its_area() {
        let area = |w: f32, h: f32| Rect::from_min_size(egui::Pos2::ZERO, vec2(w, h));
        assert_eq!(countdown_size(area(400.0, 20.0), 720.0), 72.0);
        assert!(countdown_size(area(1200.0, 300.0), 1080.0) > 150.0);
        assert!(countdown_size(area(1200.0, 300.0), 1080.0) <= 300.0 * 0.62);
    }
}
