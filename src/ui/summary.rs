//! The rehearsal summary: the run's total against the talk's length, a table of slides (time,
//! budget, and the difference from the budget, the previous run and the best run), and a chart
//! of time per slide for this run, the previous one and the best one.

use egui::{Color32, RichText, Ui};
use egui_plot::{Legend, Line, Plot, PlotPoints};

use crate::rehearsal::{SHORT_RUN, deck_budgets, times_for};
use crate::timer::clock;

use super::presenter::Presenter;

const THIS: Color32 = Color32::from_rgb(0x5c, 0xc8, 0xff);
const PREVIOUS: Color32 = Color32::from_rgb(0xb0, 0xb4, 0xbc);
const BEST: Color32 = Color32::from_rgb(0x5c, 0xd0, 0x7a);

/// `+5 s`, `−12 s`, `+1:05`.
pub fn signed(secs: f64) -> String {
    let whole = secs.abs().round() as u64;
    if whole == 0 {
        return "0 s".to_string();
    }
    let sign = if secs >= 0.0 { "+" } else { "−" };
    format!("{sign}{}", crate::timer::span(whole))
}

fn diff_label(ui: &mut Ui, diff: Option<f64>) {
    match diff {
        Some(d) => {
            let color = if d > 0.5 {
                Color32::from_rgb(0xff, 0x70, 0x60)
            } else if d < -0.5 {
                Color32::from_rgb(0x5c, 0xd0, 0x7a)
            } else {
                Color32::from_gray(200)
            };
            ui.label(RichText::new(signed(d)).color(color).monospace());
        }
        None => {
            ui.label("");
        }
    }
}

/// The summary of the run on screen.
pub fn summary_ui(ui: &mut Ui, p: &mut Presenter) {
    let Some(index) = p.show.session().summary() else {
        return;
    };
    let history = p.show.session().history();
    let runs = &history.runs;
    let Some(run) = runs.get(index) else { return };
    let previous = index.checked_sub(1).and_then(|i| runs.get(i));
    let best = history.best_except(Some(index));
    let deck = p.deck();
    let plan = deck_budgets(deck);
    let this: Vec<Option<f64>> = times_for(deck, run);
    let prev: Vec<Option<f64>> = previous.map(|r| times_for(deck, r)).unwrap_or_default();
    let best_t: Vec<Option<f64>> = best.map(|r| times_for(deck, r)).unwrap_or_default();

    egui::ScrollArea::vertical()
        .id_salt("summary")
        .show(ui, |ui| {
            ui.add_space(12.0);
            let over = run.over_secs();
            let verdict = if over > 0.5 {
                format!("{} over", signed(over))
            } else {
                format!("{} to spare", signed(-over).trim_start_matches('+'))
            };
            ui.heading(
                RichText::new(format!(
                    "Run {} of {} · {} for a {} talk · {verdict}",
                    index + 1,
                    runs.len(),
                    clock(run.total_secs.round() as u64),
                    clock(run.duration_secs.round() as u64)
                ))
                .size(26.0)
                .strong(),
            );
            let seen = run.slides.iter().filter(|s| s.secs > 0.0).count();
            let hint = if seen < SHORT_RUN {
                "A short run: D discards it. "
            } else {
                "D discards this run. "
            };
            ui.label(
                RichText::new(format!("{hint}Enter or Esc starts a new run."))
                    .size(15.0)
                    .color(Color32::from_gray(200)),
            );
            ui.add_space(8.0);
            egui::Grid::new("splits")
                .striped(true)
                .spacing([22.0, 6.0])
                .show(ui, |ui| {
                    for head in [
                        "#",
                        "Slide",
                        "Time",
                        "Budget",
                        "vs budget",
                        "vs previous",
                        "vs best",
                    ] {
                        ui.label(RichText::new(head).strong());
                    }
                    ui.end_row();
                    for (i, slide) in deck.slides.iter().enumerate() {
                        let t = this.get(i).copied().flatten();
                        ui.label((i + 1).to_string());
                        ui.label(slide.title.clone().unwrap_or_default());
                        ui.label(
                            RichText::new(t.map_or(String::new(), |t| clock(t.round() as u64)))
                                .monospace(),
                        );
                        ui.label(RichText::new(clock(plan[i].as_secs())).monospace());
                        diff_label(ui, t.map(|t| t - plan[i].as_secs_f64()));
                        diff_label(
                            ui,
                            t.zip(prev.get(i).copied().flatten()).map(|(a, b)| a - b),
                        );
                        diff_label(
                            ui,
                            t.zip(best_t.get(i).copied().flatten()).map(|(a, b)| a - b),
                        );
                        ui.end_row();
                    }
                });
            ui.add_space(12.0);
            // When the previous run is also the best, one line says so instead of two lines
            // drawn on top of each other.
            let same = matches!((previous, best), (Some(a), Some(b)) if std::ptr::eq(a, b));
            chart_ui(ui, &this, if same { &[] } else { &prev }, &best_t, same);
        });
}

fn points(times: &[Option<f64>]) -> PlotPoints<'static> {
    times
        .iter()
        .enumerate()
        .filter_map(|(i, t)| t.map(|t| [(i + 1) as f64, t]))
        .collect::<Vec<_>>()
        .into()
}

fn chart_ui(
    ui: &mut Ui,
    this: &[Option<f64>],
    prev: &[Option<f64>],
    best: &[Option<f64>],
    best_is_previous: bool,
) {
    let best_name = if best_is_previous {
        "previous run = best run"
    } else {
        "best run"
    };
    Plot::new("splits-chart")
        .legend(Legend::default())
        .height(280.0)
        .x_axis_label("slide")
        // Slides are whole numbers: marks only on them, and no "2.5".
        .x_grid_spacer(egui_plot::uniform_grid_spacer(|_| [1.0, 5.0, 10.0]))
        .x_axis_formatter(|mark, _| {
            if mark.value.fract() == 0.0 && mark.value >= 1.0 {
                format!("{}", mark.value as i64)
            } else {
                String::new()
            }
        })
        .y_axis_label("seconds")
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_drag(false)
        .show(ui, |plot| {
            if !best.is_empty() {
                plot.line(Line::new(best_name, points(best)).color(BEST).width(2.0));
            }
            if !prev.is_empty() {
                plot.line(
                    Line::new("previous run", points(prev))
                        .color(PREVIOUS)
                        .width(2.0),
                );
            }
            plot.line(Line::new("this run", points(this)).color(THIS).width(3.0));
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_differences_read_naturally() {
        assert_eq!(signed(5.2), "+5 s");
        assert_eq!(signed(-12.0), "−12 s");
        assert_eq!(signed(65.0), "+1:05");
        assert_eq!(signed(0.0), "0 s");
        assert_eq!(signed(-0.3), "0 s");
    }
}
