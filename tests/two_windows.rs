//! Both windows stay in step: keys delivered to the audience window only (the focused one after
//! launch) reach the one state machine, and the console is told to repaint. Two kittest harnesses
//! share one presenter, as the app's two viewports do.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use ltdeck::action::{COMMANDS, Command};
use ltdeck::deck;
use ltdeck::show::Action;
use ltdeck::ui::{Clock, Presenter, Windows, audience_frame, console_ui};

mod common;

type Shared = Arc<Mutex<Presenter>>;

/// The audience harness and whether it asked the console to repaint since `wake` was cleared.
struct Audience {
    p: Shared,
    wake: bool,
}

fn presenter(file: &str, t: Instant) -> Presenter {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let mut p = Presenter::new(deck::load(&path).expect("sample deck loads"));
    p.clock = Clock::Fixed(t, "14:05".into());
    p
}

fn windows(p: Presenter) -> (Harness<'static, Audience>, Harness<'static, Shared>) {
    let builder_a = common::builder(&p, [1280.0, 720.0]);
    let builder_c = common::builder(&p, [1280.0, 800.0]);
    let shared: Shared = Arc::new(Mutex::new(p));
    let audience = builder_a.build_ui_state(
        |ui, a: &mut Audience| {
            let mut p = a.p.lock().expect("lock");
            // Sticky: a step may run more than one pass.
            a.wake |= audience_frame(ui, &mut p);
        },
        Audience {
            p: Arc::clone(&shared),
            wake: false,
        },
    );
    let console = builder_c.build_ui_state(
        |ui, shared: &mut Shared| {
            let mut p = shared.lock().expect("lock");
            p.update(ui.ctx());
            p.handle_input(ui.ctx());
            console_ui(ui, &mut p);
            p.carry_out(ui.ctx(), &Windows::default());
        },
        shared,
    );
    (audience, console)
}

fn set_clock(shared: &Shared, t: Instant) {
    shared.lock().expect("lock").clock = Clock::Fixed(t, "14:05".into());
}

#[test]
fn s_on_the_audience_window_starts_the_countdown_the_console_shows() {
    let t0 = Instant::now();
    let (mut a, mut c) = windows(presenter("decks/welcome.md", t0));
    a.run();
    c.run();
    c.get_by_label("5:00");
    a.state_mut().wake = false;
    a.key_press(Key::S);
    a.step();
    assert!(a.state().wake, "a key on the slides wakes the console");
    set_clock(&a.state().p, t0 + Duration::from_secs(1));
    c.run();
    c.get_by_label("4:59");
    c.get_by_label_contains("elapsed 0:01");
    // A second S on the slides pauses it, and the console says so.
    a.state_mut().wake = false;
    a.key_press(Key::S);
    a.step();
    assert!(a.state().wake);
    c.run();
    c.get_by_label("PAUSED");
}

/// What must be true before a command can change anything on a fresh show: (rehearse, actions
/// first). No wildcard: a new command must say what it needs. The event's commands run in an
/// event of two talks (see `fresh`).
fn setup(c: Command) -> (bool, Vec<Action>) {
    use Command::*;
    let first = |cs: &[Command]| cs.iter().map(|c| Action::Command(*c)).collect();
    match c {
        Previous | First => (false, first(&[Next])),
        PresentFromHere => (false, first(&[BlackScreen])),
        Escape => (false, first(&[Help])),
        TimeAdd | TimeRemove | TimerReset => (false, first(&[TimerToggle])),
        EndRun => (true, first(&[Next])),
        DiscardRun => (true, first(&[Next, EndRun])),
        SwapScreens => (false, vec![Action::Monitors(2)]),
        Finish => (false, first(&[EditNotes])),
        QueueNext => (false, Vec::new()),
        QueuePrevious => (false, first(&[QueueNext])),
        Next | Last | Confirm | GoToPrompt | BlackScreen | WhiteScreen | Overview | Help
        | ToggleFullscreen | ConsoleFullscreen | Quit | NotesBigger | NotesSmaller
        | ToggleSlidesView | TimerToggle | AudienceBar | EditNotes => (false, Vec::new()),
    }
}

fn egui_key(name: &str) -> Key {
    Key::from_name(name).expect("registry keys are egui keys")
}

/// Both windows over a fresh copy of the sample deck, set up so that `c` can change something.
fn fresh(
    c: Command,
    t0: Instant,
) -> (
    tempfile::TempDir,
    Harness<'static, Audience>,
    Harness<'static, Shared>,
) {
    let (rehearse, before) = setup(c);
    // A rehearsal writes its history beside the deck: use a copy in a temp dir.
    let dir = tempfile::tempdir().expect("tempdir");
    let copy = dir.path().join("talk.md");
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("decks/welcome.md");
    std::fs::copy(sample, &copy).expect("copy the sample deck");
    let mut p = presenter(copy.to_str().expect("utf-8 path"), t0);
    if rehearse {
        p.load_history(true);
    }
    if matches!(c, Command::QueueNext | Command::QueuePrevious) {
        let session = ltdeck::event::from_paths(&[copy.clone(), copy.clone()]);
        p.start_event(ltdeck::ui::session::EventRun::load(
            session,
            &Default::default(),
        ));
    }
    for action in before {
        p.apply(action);
    }
    let (mut a, mut c) = windows(p);
    a.run();
    c.run();
    a.state_mut().wake = false;
    (dir, a, c)
}

fn modifiers(key: &ltdeck::action::KeySpec) -> Modifiers {
    Modifiers {
        command: key.command,
        ctrl: key.command,
        shift: key.shift,
        ..Modifiers::NONE
    }
}

/// The show's generation and whether it is quitting.
fn seen(shared: &Shared) -> (u64, bool, usize) {
    let p = shared.lock().expect("lock");
    (p.show.generation(), p.show.quitting(), p.pending.len())
}

#[test]
fn every_registry_command_pressed_in_either_window_reaches_both() {
    let t0 = Instant::now();
    for spec in COMMANDS {
        let key = spec.keys[0];
        // On the slides (the focused window after launch): the console is woken.
        let (_dir, mut a, mut c) = fresh(spec.command, t0);
        let before = seen(&a.state().p);
        a.key_press_modifiers(modifiers(&key), egui_key(key.key));
        a.step();
        let after = seen(&a.state().p);
        assert!(
            after.0 != before.0 || after.2 > before.2,
            "{:?} on the audience window changed nothing",
            spec.command
        );
        assert!(
            a.state().wake,
            "{:?} did not wake the console",
            spec.command
        );
        // The console then draws the same state and carries out what is left.
        c.step();
        assert!(
            a.state().p.lock().expect("lock").pending.is_empty(),
            "{:?}: effects wait for the console",
            spec.command
        );
        // On the console: the same change, which the audience window reads from the same show.
        let (_dir, _a, mut c) = fresh(spec.command, t0);
        let before = seen(c.state());
        c.key_press_modifiers(modifiers(&key), egui_key(key.key));
        c.step();
        let after = seen(c.state());
        assert!(
            after.0 != before.0 || after.1,
            "{:?} on the console changed nothing",
            spec.command
        );
    }
}
