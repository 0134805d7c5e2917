//! Event mode on screen: the "next up" card shows speaker and title (Korean too) in the
//! audience window, Enter starts the talk, moving on from its last slide brings the next card,
//! the console lists the queue, and the log is written beside the session.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use egui::Key;

use ltdeck::event::{Stage, Step};
use ltdeck::ui::presenter::Clock;
use ltdeck::ui::session::EventRun;
use ltdeck::ui::{Presenter, Windows, audience_frame, console_ui};

mod common;

type Shared = Arc<Mutex<Presenter>>;

/// A session of two Markdown talks in a temp folder.
fn session(dir: &Path) -> ltdeck::event::Session {
    std::fs::write(dir.join("one.md"), "# 첫 발표\n\n---\n\n# 끝\n").unwrap();
    std::fs::write(dir.join("two.md"), "# Second talk\n").unwrap();
    std::fs::write(
        dir.join("lt.yaml"),
        "title: 라이트닝 토크\ngap: 1m\ntalks:\n  - deck: one.md\n    speaker: 김파이\n  - deck: two.md\n    speaker: Ada\n    duration: 3m\n",
    )
    .unwrap();
    ltdeck::event::read(&dir.join("lt.yaml")).expect("session")
}

#[test]
fn the_card_then_the_talk_then_the_next_card_with_a_log() {
    let dir = tempfile::tempdir().unwrap();
    let run = EventRun::load(session(dir.path()), &Default::default());
    assert!(run.problems.is_empty(), "{:?}", run.problems);
    let mut p = Presenter::new(run.font_deck());
    p.clock = Clock::Fixed(Instant::now(), "14:05".into());
    p.start_event(run);
    let audience = common::builder(&p, [1280.0, 720.0]);
    let console = common::builder(&p, [1600.0, 900.0]);
    let shared: Shared = Arc::new(Mutex::new(p));
    let mut a = audience.build_ui_state(
        |ui, p: &mut Shared| {
            audience_frame(ui, &mut p.lock().unwrap());
        },
        Arc::clone(&shared),
    );
    let mut c = console.build_ui_state(
        |ui, p: &mut Shared| {
            let mut p = p.lock().unwrap();
            p.update(ui.ctx());
            p.handle_input(ui.ctx());
            console_ui(ui, &mut p);
            p.carry_out(ui.ctx(), &Windows::default());
        },
        shared,
    );
    a.run();
    c.run();
    // The card: event, talk title, speaker, length — on the projector.
    let card = common::painted_text(&a);
    for words in ["라이트닝 토크", "첫 발표", "김파이", "1 of 2", "5 min"] {
        assert!(card.contains(words), "{words}: {card}");
    }
    // The console lists the queue.
    let queue = common::painted_text(&c);
    assert!(
        queue.contains("CARD UP") && queue.contains("2. Second talk"),
        "{queue}"
    );
    // Enter in the audience window starts the talk: its first slide, timer not yet running.
    a.key_press(Key::Enter);
    a.run();
    {
        let p = c.state().lock().unwrap();
        let run = p.event.as_ref().unwrap();
        assert_eq!(run.queue.stage(), Stage::Talk(0));
        assert_eq!(p.show.deck().slides[0].title.as_deref(), Some("첫 발표"));
        assert!(!p.show.timer().started());
    }
    // Through the talk; moving on from its last slide ends it and shows the next card.
    a.key_press(Key::ArrowRight);
    a.run();
    assert!(c.state().lock().unwrap().show.timer().started());
    a.key_press(Key::ArrowRight);
    a.run();
    let card = common::painted_text(&a);
    assert!(
        card.contains("Second talk") && card.contains("Ada") && card.contains("3 min"),
        "{card}"
    );
    let p = c.state().lock().unwrap();
    assert_eq!(p.event.as_ref().unwrap().queue.stage(), Stage::Card(1));
    let log: ltdeck::event::Log =
        serde_json::from_slice(&std::fs::read(dir.path().join("lt.yaml.log.json")).unwrap())
            .unwrap();
    assert_eq!(log.title.as_deref(), Some("라이트닝 토크"));
    assert_eq!(log.talks[0].start.as_deref(), Some("14:05"));
    assert_eq!(log.talks[0].end.as_deref(), Some("14:05"));
    assert_eq!(log.talks[1].planned_start, "6:00");
    assert_eq!(log.talks[1].start, None);
}

#[test]
fn a_deck_that_does_not_load_is_left_out_and_said_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = session(dir.path());
    // A PDF that is not one: it exists (the session keeps it) but does not open.
    std::fs::write(dir.path().join("broken.pdf"), "%PDF-1.7\nnot really").unwrap();
    let mut broken = s.talks[0].clone();
    broken.deck = dir.path().join("broken.pdf");
    s.talks.insert(1, broken);
    let run = EventRun::load(s, &Default::default());
    assert_eq!(run.decks.len(), 2);
    assert_eq!(run.problems.len(), 1, "{:?}", run.problems);
    assert!(run.problems[0].contains("broken.pdf"), "{:?}", run.problems);
    let mut run = run;
    let now = Instant::now();
    assert!(run.step(Step::Forward, now, ""));
    assert_eq!(run.queue.current(), Some(1));
    assert_eq!(run.queue.title(1), "Second talk");
}

/// The fill colours of the rectangles painted in the harness's last frame.
fn fills<S>(h: &egui_kittest::Harness<'_, S>) -> Vec<egui::Color32> {
    common::painted_shapes(h)
        .iter()
        .filter_map(|s| match s {
            egui::Shape::Rect(r) => Some(r.fill),
            _ => None,
        })
        .collect()
}

#[test]
fn an_event_talk_shows_the_audience_bar_which_flashes_past_zero() {
    let dir = tempfile::tempdir().unwrap();
    let run = EventRun::load(session(dir.path()), &Default::default());
    let t0 = Instant::now();
    let mut p = Presenter::new(run.font_deck());
    p.clock = Clock::Fixed(t0, "14:05".into());
    p.start_event(run);
    p.event_apply(Step::Start);
    p.apply(ltdeck::show::Action::Command(ltdeck::action::Command::Next));
    assert!(p.show.audience_bar() && p.show.timer().started());
    let builder = common::builder(&p, [1280.0, 720.0]);
    let mut a = builder.build_ui_state(|ui, p: &mut Presenter| p.audience_ui(ui), p);
    let red = egui::Color32::from_rgb(0xff, 0x3a, 0x2a);
    let mut seen = Vec::new();
    for ms in [301_000, 301_600, 302_100] {
        a.state_mut().clock =
            Clock::Fixed(t0 + std::time::Duration::from_millis(ms), "14:10".into());
        a.run();
        seen.push(fills(&a).contains(&red));
    }
    assert_eq!(
        seen,
        [true, false, true],
        "lit, dark, lit: half a second each"
    );
}
