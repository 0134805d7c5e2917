//! Event mode in the console: the queue of talks — done, now, next — with planned and actual
//! times, the stage the audience sees, and ▲ ▼ to reorder the talks not yet given.

use egui::{Color32, Panel, RichText, Ui};

use crate::event::{Stage, Status, Step};

use super::presenter::Presenter;

/// The queue panel, on the console's right; nothing outside an event.
pub fn queue_ui(ui: &mut Ui, p: &mut Presenter) {
    let Some(run) = &p.event else {
        return;
    };
    let now = p.clock.now();
    let stage = run.queue.stage();
    let rows = run.queue.rows(now);
    let session = run.queue.session();
    let title = session.title.clone().unwrap_or_else(|| "Event".into());
    let (headline, colour) = match stage {
        Stage::Card(_) => ("CARD UP — Enter starts the talk".to_string(), LIGHT),
        Stage::Talk(_) if p.show.timer().remaining(now).is_none() => (
            "TIME IS UP".to_string(),
            Color32::from_rgb(0xff, 0x70, 0x60),
        ),
        Stage::Talk(_) => ("TALK ON — Ctrl+Enter ends it".to_string(), GREEN),
        Stage::TimeUp(_) => (
            "TIME CARD UP — Enter: next card".to_string(),
            Color32::from_rgb(0xff, 0x70, 0x60),
        ),
        Stage::End => ("SESSION OVER".to_string(), LIGHT),
    };
    let mut step = None;
    Panel::right("event-queue")
        .exact_size(320.0)
        .frame(egui::Frame::new().inner_margin(8.0))
        .show(ui, |ui| {
            ui.label(RichText::new(title).size(18.0).strong().color(LIGHT));
            ui.label(RichText::new(headline).size(14.0).color(colour));
            ui.label(
                RichText::new("Ctrl+→ / Ctrl+← next / previous card")
                    .size(12.0)
                    .color(DIM),
            );
            ui.separator();
            let last = rows.len().saturating_sub(1);
            for (at, row) in rows.iter().enumerate() {
                let talk = &session.talks[row.talk];
                let (mark, colour) = match row.status {
                    Status::Done => ("✓", DIM),
                    Status::Now => ("▶", GREEN),
                    Status::Next => ("next", LIGHT),
                    Status::Later => ("", LIGHT),
                    Status::Skipped => ("skipped", DIM),
                };
                let mut times = format!(
                    "at {} · {} planned",
                    crate::timer::clock(row.planned_start.as_secs()),
                    crate::timer::clock(row.planned.as_secs())
                );
                if let Some(ran) = row.actual {
                    times.push_str(&format!(" · ran {}", crate::timer::clock(ran.as_secs())));
                }
                ui.horizontal(|ui| {
                    ui.label(RichText::new(mark).size(14.0).color(colour));
                    ui.vertical(|ui| {
                        ui.label(
                            RichText::new(format!("{}. {}", at + 1, run.queue.title(row.talk)))
                                .size(15.0)
                                .color(colour),
                        );
                        if let Some(s) = &talk.speaker {
                            ui.label(RichText::new(s).size(13.0).color(colour));
                        }
                        ui.label(RichText::new(times).size(12.0).color(DIM));
                    });
                    let open = matches!(row.status, Status::Next | Status::Later)
                        || (row.status == Status::Now && matches!(stage, Stage::Card(_)));
                    if open {
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
                            if at < last && ui.small_button("▼").on_hover_text("later").clicked()
                            {
                                step = Some(Step::Lower(at));
                            }
                            if at > 0 && ui.small_button("▲").on_hover_text("sooner").clicked() {
                                step = Some(Step::Raise(at));
                            }
                        });
                    }
                });
                ui.add_space(4.0);
            }
        });
    if let Some(step) = step {
        p.event_apply(step);
    }
}

const LIGHT: Color32 = Color32::from_rgb(0xc8, 0xcc, 0xd4);
const DIM: Color32 = Color32::from_gray(120);
const GREEN: Color32 = Color32::from_rgb(0x7c, 0xd9, 0x92);
