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

/// The timer block of the console's top bar.
pub fn timer_ui(
    ui: &mut Ui,
    show: &Show,
    now: Instant,
    wall_end: impl Fn(std::time::Duration) -> String,
) {
    let timer = &show.timer;
    let phase = timer.phase(now);
    let color = phase_color(phase);
    let elapsed = timer.elapsed(now);
    // Overtime blinks (once a second): a cue that needs no colour at all.
    let blink_off =
        phase == Phase::Overtime && timer.running() && timer.overtime(now).as_secs() % 2 == 1;
    let text = timer.display(now);
    let big = RichText::new(&text)
        .size(44.0)
        .strong()
        .monospace()
        .color(if blink_off {
            Color32::from_gray(90)
        } else {
            color
        });
    let response = ui.add(egui::Label::new(big).selectable(false));
    let frame_w = match phase {
        Phase::Normal => 0.0,
        Phase::Warning => 2.0,
        Phase::Critical | Phase::Overtime => 4.0,
    };
    if frame_w > 0.0 {
        ui.painter().rect_stroke(
            response.rect.expand(4.0),
            6.0,
            Stroke::new(frame_w, color),
            StrokeKind::Outside,
        );
    }
    ui.add_space(10.0);
    ui.vertical(|ui| {
        let label = phase_label(timer, phase);
        ui.label(
            RichText::new(label)
                .size(16.0)
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
                .size(14.0)
                .color(Color32::from_gray(200)),
        );
    });
    ui.add_space(12.0);
    ui.vertical(|ui| {
        let p = pace(timer.duration(), &show.budgets, show.slide, elapsed);
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
                .size(16.0)
                .strong()
                .color(pace_color),
        );
        hare_and_tortoise_ui(ui, p.slides, p.time);
        if let Some(wait) = show.until_advance(now) {
            ui.label(
                RichText::new(format!(
                    "next slide in {}",
                    clock(wait.as_secs() + u64::from(wait.subsec_nanos() > 0))
                ))
                .size(13.0)
                .color(Color32::from_gray(200)),
            );
        }
    });
}

/// Two bars on one scale: slides done (the hare) over time gone (the tortoise).
fn hare_and_tortoise_ui(ui: &mut Ui, slides: f32, time: f32) {
    let (rect, _) = ui.allocate_exact_size(vec2(180.0, 16.0), Sense::hover());
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
    if !show.audience_bar || !show.timer.started() {
        return;
    }
    let t = &show.timer;
    let f = (t.elapsed(now).as_secs_f32() / t.duration().as_secs_f32().max(1.0)).clamp(0.0, 1.0);
    let h = (rect.height() / 120.0).max(3.0);
    let strip = Rect::from_min_max(egui::pos2(rect.left(), rect.bottom() - h), rect.max);
    let color = match t.phase(now) {
        Phase::Normal | Phase::Warning => Color32::from_rgb(0x5c, 0xc8, 0xff),
        Phase::Critical | Phase::Overtime => Color32::from_rgb(0xff, 0x3a, 0x2a),
    };
    ui.painter()
        .rect_filled(strip, 0.0, Color32::from_black_alpha(120));
    ui.painter().rect_filled(
        Rect::from_min_size(strip.min, vec2(strip.width() * f, h)),
        0.0,
        color,
    );
    if t.running() {
        // Repaint when the bar has grown by a pixel, at most once a second.
        let px = (strip.width() * ui.ctx().pixels_per_point()).max(1.0);
        let step = (t.duration().as_secs_f32() / px).max(1.0);
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs_f32(step));
    }
}
