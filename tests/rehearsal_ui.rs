//! A scripted rehearsal (keys and fake time, egui_kittest): two runs recorded beside the deck,
//! the summary screen with the right numbers, discarding a run, and splits against the best run.

use std::path::Path;
use std::time::{Duration, Instant};

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use ltdeck::deck;
use ltdeck::rehearsal;
use ltdeck::ui::{Clock, Presenter};

mod common;

const DECK: &str = "---\ntitle: Splits\nduration: 1m\n---\n# One\n\n---\n\n# Two\n<!-- time: 30s -->\n\n---\n\n# Three\n";

fn rehearsing(path: &Path, t0: Instant) -> Harness<'static, Presenter> {
    let mut p = Presenter::new(deck::load(path).expect("deck loads"));
    p.clock = Clock::Fixed(t0, "14:05".into());
    p.load_history(true);
    common::console(p)
}

/// Presses a key at a given second after `t0`.
fn key_at(h: &mut Harness<'_, Presenter>, key: Key, t0: Instant, secs: u64) {
    h.state_mut().clock = Clock::Fixed(t0 + Duration::from_secs(secs), "14:05".into());
    h.key_press(key);
    h.run();
}

#[test]
fn two_scripted_runs_give_a_summary_with_the_right_numbers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("talk.md");
    std::fs::write(&path, DECK).expect("write deck");
    let t0 = Instant::now();
    let mut h = rehearsing(&path, t0);
    h.get_by_label("REHEARSAL");

    // Run 1: the first → starts the run on One (slide 1 gets its real time): One 10 s, Two 40 s,
    // Three 20 s: 1:10 in all.
    key_at(&mut h, Key::ArrowRight, t0, 0);
    assert_eq!(
        h.state().show.slide(),
        0,
        "the key that starts the run stays on One"
    );
    key_at(&mut h, Key::ArrowRight, t0, 10);
    key_at(&mut h, Key::ArrowRight, t0, 50);
    key_at(&mut h, Key::ArrowRight, t0, 70); // past the last slide: the run ends
    h.get_by_label_contains("Run 1 of 1 · 1:10 for a 1:00 talk · +10 s over");
    let history = rehearsal::load(&rehearsal::history_path(&path), "x").expect("history");
    assert_eq!(history.runs.len(), 1);
    let secs: Vec<f64> = history.runs[0].slides.iter().map(|s| s.secs).collect();
    assert_eq!(secs, [10.0, 40.0, 20.0]);
    h.get_by_label("+10 s"); // Two: 40 s against a 30 s budget

    // Run 2, after Enter: One 3 s, Two 2 s, back to One 2 s, Two 28 s, Three 20 s: 0:55.
    key_at(&mut h, Key::Enter, t0, 100);
    assert_eq!(h.state().show.slide(), 0);
    key_at(&mut h, Key::ArrowRight, t0, 100); // starts on One
    key_at(&mut h, Key::ArrowRight, t0, 103);
    key_at(&mut h, Key::ArrowLeft, t0, 105); // back to One for 2 s
    key_at(&mut h, Key::ArrowRight, t0, 107);
    // The split on arriving at Two again, against the best run (run 1 arrived at 0:10).
    h.get_by_label_contains("slide 2 at 0:07 · 3 s ahead of best");
    key_at(&mut h, Key::ArrowRight, t0, 135);
    key_at(&mut h, Key::E, t0, 155); // E ends the run on the last slide
    h.get_by_label_contains("Run 2 of 2 · 0:55 for a 1:00 talk · 5 s to spare");
    let history = rehearsal::load(&rehearsal::history_path(&path), "x").expect("history");
    let secs: Vec<f64> = history.runs[1].slides.iter().map(|s| s.secs).collect();
    assert_eq!(secs, [5.0, 30.0, 20.0]);
    // −10 s three times: One against its 15 s budget (5 s), and Two (30 vs 40) against both the
    // previous run and the best run (run 1 is both); +5 s once: Three (20) against its 15 s.
    assert_eq!(h.query_all_by_label("−10 s").count(), 3);
    assert_eq!(
        h.query_all_by_label("+5 s").count(),
        1,
        "Three vs its budget"
    );
    // Run 1 is both the previous and the best run: the chart's legend says so in one line.
    h.get_by_label_contains("previous run = best run");
    assert!(h.query_by_label("best run").is_none());

    // D throws run 2 away; the file keeps run 1 only.
    key_at(&mut h, Key::D, t0, 160);
    let history = rehearsal::load(&rehearsal::history_path(&path), "x").expect("history");
    assert_eq!(history.runs.len(), 1);
    assert!(h.state().show.session().summary().is_none());
}

#[test]
fn a_broken_history_is_moved_aside_and_the_console_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("talk.md");
    std::fs::write(&path, DECK).expect("write deck");
    std::fs::write(rehearsal::history_path(&path), "not json").expect("write history");
    let h = rehearsing(&path, Instant::now());
    h.get_by_label_contains("is not a rehearsal history");
    let moved = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .any(|e| e.file_name().to_string_lossy().contains(".broken-"));
    assert!(moved);
}
