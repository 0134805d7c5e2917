//! The presentation state machine — the deck on screen, slide, step, blank screen, overview,
//! help, go-to prompt, notes size, the timer, the rehearsal session, quitting, and which window
//! shows what — and the one place it changes: [`Show::apply`].
//!
//! Owns every rule of presenting. It never touches a window: what the UI must do about a change
//! comes back as [`Effect`]s, and whether anything visible changed as [`Outcome::changed`] (with
//! a [`Show::generation`] counter both windows compare). No egui here, so every rule is tested as
//! plain Rust with injected instants.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::action::Command;
use crate::deck::Deck;
use crate::rehearsal::{History, Session};
use crate::timer::{Stopwatch, Timer};

/// What the audience sees instead of a slide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blank {
    /// A black screen (`B`, `.`).
    Black,
    /// A white screen (`W`, `,`).
    White,
}

/// One of the two windows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// The presenter console (the main window).
    Console,
    /// The audience window (the projector).
    Audience,
}

/// Something that happens to the presentation: every change of state is one of these.
#[derive(Debug, Clone)]
pub enum Action {
    /// A command from the registry (a key or a click in either window).
    Command(Command),
    /// A digit typed towards a slide number.
    Digit(u8),
    /// Jump to a slide (from 0), e.g. a click in the overview.
    GoTo(usize),
    /// Up or down a row in the overview.
    OverviewRow(i32),
    /// Time passed: auto-advance may move on. `date` is the wall clock's text (`2026-11-25
    /// 14:05`), which stamps a rehearsal run that ends.
    Tick {
        /// Local date and time as text.
        date: String,
    },
    /// The deck was saved and parsed cleanly: show it, keeping the position by slide identity.
    Reload(Arc<Deck>),
    /// Another deck from its start, with its rehearsal history (the next talk of an event, or
    /// a card between talks): a fresh talk and timer; the windows stay where they are.
    Switch(Arc<Deck>, Box<History>),
    /// The window manager asked to close a window.
    CloseRequested(Window),
    /// The notes size saved from the last session.
    NotesScale(f32),
    /// The monitors changed (a projector plugged in or out): how many there are now.
    Monitors(usize),
    /// `--screen N`: the audience window belongs on monitor N, and waits for it.
    Screen(usize),
    /// The rehearsal history was written (`true`), or could be written nowhere (`false`):
    /// quitting then asks first and says so.
    HistoryWritten(bool),
}

/// What the UI must carry out after a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Close the app.
    Quit,
    /// Refuse the window manager's close of this window (the talk is live; asked first).
    KeepOpen(Window),
    /// Put the audience window in (or out of) fullscreen.
    AudienceFullscreen(bool),
    /// Put the console in (or out of) fullscreen.
    ConsoleFullscreen(bool),
    /// Move the console to this monitor (the audience window moved to the console's).
    MoveConsole(usize),
    /// The rehearsal history changed: write it.
    SaveHistory,
    /// Editing the notes of this slide ended: save the text the console holds.
    SaveNotes(usize),
}

/// What one [`Show::apply`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct Outcome {
    /// Effects to carry out, in order.
    pub effects: Vec<Effect>,
    /// Whether anything either window shows changed.
    pub changed: bool,
}

/// Notes text scale limits.
const NOTES_SCALE: (f32, f32) = (0.6, 3.0);

/// How long a first Ctrl+Q (or window close) waits for the second that confirms it.
pub const QUIT_CONFIRM: Duration = Duration::from_secs(4);

/// The state of a running presentation.
#[derive(Debug, Clone)]
pub struct Show {
    deck: Arc<Deck>,
    steps: Vec<usize>,
    slide: usize,
    step: usize,
    blank: Option<Blank>,
    overview: Option<usize>,
    help: bool,
    goto: Option<String>,
    notes_scale: f32,
    quit_asked: Option<Instant>,
    quitting: bool,
    reset_asked: bool,
    slides_view: bool,
    audience_fullscreen: bool,
    console_fullscreen: bool,
    audience_hidden: bool,
    timer: Timer,
    slide_clock: Stopwatch,
    /// How long the slide (or step) has been on screen, not counting a blank screen: where its
    /// animations are.
    on_screen: Stopwatch,
    audience_bar: bool,
    session: Session,
    date: String,
    generation: u64,
    /// The last position the speaker (or auto-advance) chose, by title and index: reloads go
    /// back to it, so a half-written save that drops slides never moves the talk for good.
    anchor: (Option<String>, usize, usize),
    monitors: usize,
    screen: Option<usize>,
    swapped_to: Option<usize>,
    had_projector: bool,
    /// The console edits this slide's notes.
    editing: Option<usize>,
    /// Part of an event: the session is live between talks too.
    in_event: bool,
    /// Runs that could be written nowhere: quitting would lose them.
    unsaved: bool,
}

/// Everything the windows show, to tell whether an action changed any of it.
#[derive(Debug, PartialEq)]
struct Visible {
    deck: *const Deck,
    at: (usize, usize),
    blank: Option<Blank>,
    overview: Option<usize>,
    help: bool,
    goto: Option<String>,
    notes_scale: f32,
    asked: (bool, bool),
    windows: (bool, bool, bool, bool),
    audience_monitor: Option<usize>,
    timer: Timer,
    audience_bar: bool,
    session: SessionView,
    editing: Option<usize>,
}

/// What the windows show of the rehearsal session: summary, recording, split, runs.
type SessionView = (Option<usize>, bool, Option<(String, Option<f64>)>, usize);

impl Show {
    /// A show of `deck` at its first slide. `rehearse` records runs into `history`.
    pub fn new(deck: Arc<Deck>, rehearse: bool, history: History) -> Self {
        let mut show = Self {
            steps: Vec::new(),
            slide: 0,
            step: 0,
            blank: None,
            overview: None,
            help: false,
            goto: None,
            notes_scale: 1.0,
            quit_asked: None,
            quitting: false,
            reset_asked: false,
            slides_view: false,
            audience_fullscreen: true,
            console_fullscreen: false,
            audience_hidden: false,
            timer: Timer::new(deck.meta.duration, &deck.meta.warnings),
            slide_clock: Stopwatch::default(),
            on_screen: Stopwatch::default(),
            audience_bar: deck.meta.audience_timer,
            session: Session::new(rehearse, history),
            date: String::new(),
            generation: 0,
            anchor: (None, 0, 0),
            monitors: 0,
            screen: None,
            swapped_to: None,
            had_projector: false,
            editing: None,
            in_event: false,
            unsaved: false,
            deck: Arc::clone(&deck),
        };
        show.set_deck(deck);
        show
    }

    /// A talk (no recording) of `deck`.
    pub fn for_deck(deck: Deck) -> Self {
        Self::new(Arc::new(deck), false, History::default())
    }

    /// The slide whose notes the console is editing (keys in the console go to the editor).
    pub fn editing(&self) -> Option<usize> {
        self.editing
    }

    /// The deck on screen.
    pub fn deck(&self) -> &Deck {
        &self.deck
    }

    /// The deck on screen, shared.
    pub fn deck_arc(&self) -> Arc<Deck> {
        Arc::clone(&self.deck)
    }

    /// Counts visible changes: a window that drew at another generation must draw again.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Current slide (from 0).
    pub fn slide(&self) -> usize {
        self.slide
    }

    /// Current step of the slide (from 0).
    pub fn step(&self) -> usize {
        self.step
    }

    /// How long the current slide (or step) has been on the audience screen, blank screens not
    /// counted; `None` while the screen is blank. Its animations play from this.
    pub fn playing_for(&self, now: Instant) -> Option<Duration> {
        self.blank.is_none().then(|| self.on_screen.elapsed(now))
    }

    /// What the audience sees instead of the slide, if anything.
    pub fn blank(&self) -> Option<Blank> {
        self.blank
    }

    /// The overview grid's selection, while it is open.
    pub fn overview(&self) -> Option<usize> {
        self.overview
    }

    /// Whether the help overlay is open.
    pub fn help(&self) -> bool {
        self.help
    }

    /// Digits typed towards a slide number (`Some("")` after `G`).
    pub fn goto(&self) -> Option<&str> {
        self.goto.as_deref()
    }

    /// Notes text scale (1.0 = the default size).
    pub fn notes_scale(&self) -> f32 {
        self.notes_scale
    }

    /// Whether a first Ctrl+Q (or close) is waiting for the second that confirms it.
    pub fn quit_asked(&self, now: Instant) -> bool {
        self.quit_asked
            .is_some_and(|t| now.saturating_duration_since(t) < QUIT_CONFIRM)
    }

    /// Whether the app is quitting (a quit was confirmed).
    pub fn quitting(&self) -> bool {
        self.quitting
    }

    /// Whether a first `R` is waiting for the second that resets the running timer.
    pub fn reset_asked(&self) -> bool {
        self.reset_asked
    }

    /// One monitor: the console window shows the slides fullscreen.
    pub fn slides_view(&self) -> bool {
        self.slides_view
    }

    /// Whether the audience window is (asked to be) fullscreen.
    pub fn audience_fullscreen(&self) -> bool {
        self.audience_fullscreen
    }

    /// Whether the console is (asked to be) fullscreen.
    pub fn console_fullscreen(&self) -> bool {
        self.console_fullscreen
    }

    /// The speaker closed the audience window; F5 brings it back.
    pub fn audience_hidden(&self) -> bool {
        self.audience_hidden
    }

    /// The talk's countdown.
    pub fn timer(&self) -> &Timer {
        &self.timer
    }

    /// Each slide's `<!-- time: … -->` budget.
    pub fn budgets(&self) -> Vec<Option<Duration>> {
        self.deck.slides.iter().map(|s| s.time_budget).collect()
    }

    /// Whether the audience sees a thin time bar.
    pub fn audience_bar(&self) -> bool {
        self.audience_bar
    }

    /// The monitor the audience window belongs on, or `None` while it must not be shown: one
    /// monitor (the projector is unplugged, or not there yet), `--screen N` not there yet, or
    /// the speaker closed it (F5 brings it back). It is never the console's monitor.
    pub fn audience_monitor(&self) -> Option<usize> {
        if self.audience_hidden || self.monitors < 2 {
            return None;
        }
        let wanted = self.swapped_to.or(self.screen).unwrap_or(1);
        (wanted < self.monitors).then_some(wanted)
    }

    /// The console's monitor while the slides are on another one: the other of the first two.
    pub fn console_monitor(&self) -> Option<usize> {
        self.audience_monitor()
            .map(|slides| usize::from(slides == 0))
    }

    /// What the console says while the audience sees no slides window, if anything: closed by
    /// the window manager, or its projector missing — each with the key that brings it back.
    pub fn projector_note(&self) -> Option<String> {
        let f5 = crate::action::key_of(Command::PresentFromHere);
        if self.audience_hidden && self.monitors >= 2 {
            return Some(format!(
                "the slides window is closed: the audience sees no slides; {f5} brings it back on this slide"
            ));
        }
        if self.audience_hidden || self.audience_monitor().is_some() {
            return None;
        }
        match self.screen {
            Some(n) if self.monitors > 0 => Some(format!(
                "waiting for monitor {n} (--screen {n}): {} connected; the slides appear when it does",
                self.monitors
            )),
            _ if self.had_projector => Some(format!(
                "the projector is gone: the slides come back on it when it returns ({} shows them here)",
                crate::action::key_of(Command::ToggleSlidesView)
            )),
            _ => None,
        }
    }

    /// The rehearsal session: history, recording, summary, splits.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// What the quit prompt says: what a second Ctrl+Q would end, and what it would lose.
    pub fn quit_prompt(&self) -> String {
        let again = crate::action::key_of(Command::Quit);
        let mut text = if self.session.recording() {
            format!(
                "Quit now and this rehearsal run is lost ({} ends it and keeps it)",
                crate::action::key_of(Command::EndRun)
            )
        } else if self.live() {
            "The talk is live".to_string()
        } else {
            "Quit".to_string()
        };
        if self.unsaved {
            text.push_str("; the rehearsal runs could not be saved anywhere (see the warnings)");
        }
        format!("{text}: press {again} again to quit")
    }

    /// Whether the talk is live: the timer runs, a run is being recorded, or an event is on.
    /// Quitting asks first.
    pub fn live(&self) -> bool {
        self.timer.running() || self.session.recording() || self.in_event
    }

    /// Time until the next auto-advance, while the timer runs.
    pub fn until_advance(&self, now: Instant) -> Option<Duration> {
        let per = self.deck.meta.auto_advance?;
        (self.timer.running() && self.next_position().is_some())
            .then(|| per.saturating_sub(self.slide_clock.elapsed(now)))
    }

    /// Number of slides.
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// Whether there are no slides.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Steps of slide `i`.
    pub fn steps_of(&self, i: usize) -> usize {
        self.steps.get(i).copied().unwrap_or(1)
    }

    /// What the next click shows: the next step, else the next slide; `None` at the end.
    pub fn next_position(&self) -> Option<(usize, usize)> {
        self.position_after((self.slide, self.step))
    }

    /// What a click at `(slide, step)` shows: the next step, else the next slide; `None` at
    /// the end.
    pub fn position_after(&self, (slide, step): (usize, usize)) -> Option<(usize, usize)> {
        if step + 1 < self.steps_of(slide) {
            Some((slide, step + 1))
        } else if slide + 1 < self.len() {
            Some((slide + 1, 0))
        } else {
            None
        }
    }

    /// Columns of the overview grid (a near-square grid of 16:9 thumbnails).
    pub fn overview_columns(&self) -> usize {
        let n = self.len().max(1) as f64;
        (n.sqrt() * 1.2).ceil().clamp(1.0, 8.0) as usize
    }

    /// Applies an action: the only place the state changes. Returns the effects to carry out
    /// and whether anything visible changed (then [`Show::generation`] moved on).
    pub fn apply(&mut self, action: Action, now: Instant) -> Outcome {
        let before = self.visible();
        let is_input = matches!(
            action,
            Action::Command(_) | Action::Digit(_) | Action::GoTo(_) | Action::OverviewRow(_)
        );
        if is_input && !matches!(action, Action::Command(Command::Quit)) {
            self.quit_asked = None;
        }
        if !matches!(action, Action::Command(Command::TimerReset)) && is_input {
            self.reset_asked = false;
        }
        let at = (self.slide, self.step);
        let reload = matches!(action, Action::Reload(_));
        let mut effects = self.dispatch(action, now);
        // Notes are edited for one slide: moving to another (a clicker in the audience window)
        // saves them first.
        if let Some(i) = self.editing
            && i != self.slide
        {
            self.editing = None;
            effects.push(Effect::SaveNotes(i));
        }
        if (self.slide, self.step) != at {
            self.moved(at, now);
            self.on_screen = Stopwatch::default();
        }
        // Animations start when their slide appears and pause while the screen is blank.
        if self.blank.is_some() {
            self.on_screen.pause(now);
        } else {
            self.on_screen.start(now);
        }
        // Only a move the speaker (or auto-advance) made sets where a reload returns to: a tick,
        // a timer key or a truncated save in between must not re-anchor the talk there.
        if !reload && (self.slide, self.step) != at {
            self.anchor_here();
        }
        let changed = self.visible() != before;
        if changed {
            self.generation += 1;
        }
        Outcome { effects, changed }
    }

    fn visible(&self) -> Visible {
        Visible {
            deck: Arc::as_ptr(&self.deck),
            at: (self.slide, self.step),
            blank: self.blank,
            overview: self.overview,
            help: self.help,
            goto: self.goto.clone(),
            notes_scale: self.notes_scale,
            asked: (self.quit_asked.is_some(), self.reset_asked),
            windows: (
                self.slides_view,
                self.audience_fullscreen,
                self.console_fullscreen,
                self.audience_hidden,
            ),
            audience_monitor: self.audience_monitor(),
            timer: self.timer.clone(),
            audience_bar: self.audience_bar,
            session: (
                self.session.summary(),
                self.session.recording(),
                self.session.split().cloned(),
                self.session.history().runs.len(),
            ),
            editing: self.editing,
        }
    }

    /// Reloads come back here: the current slide, by title and index.
    fn anchor_here(&mut self) {
        let title = self
            .deck
            .slides
            .get(self.slide)
            .and_then(|s| s.title.clone());
        self.anchor = (title, self.slide, self.step);
    }

    /// The position changed from `from`: the slide clock restarts and the split is taken.
    fn moved(&mut self, from: (usize, usize), now: Instant) {
        // A talk's timer starts on the first move forward from the first slide.
        if from.0 == 0 && (self.slide, self.step) > from && !self.timer.started() {
            self.start_timer(now);
        }
        self.slide_clock.restart(now);
        if self.slide != from.0 {
            let elapsed = self.timer.elapsed(now);
            self.session.slide_changed(&self.deck, self.slide, elapsed);
        }
    }

    fn start_timer(&mut self, now: Instant) {
        self.timer.start(now);
        self.slide_clock.start(now);
        self.session.start(&self.deck, self.slide);
    }

    fn dispatch(&mut self, action: Action, now: Instant) -> Vec<Effect> {
        match action {
            Action::Command(c) if self.session.summary().is_some() => self.summary_command(c, now),
            Action::Command(c) => self.command(c, now),
            Action::Digit(d) => {
                let buf = self.goto.get_or_insert_with(String::new);
                if buf.len() < 4 {
                    buf.push(char::from(b'0' + d.min(9)));
                }
                Vec::new()
            }
            Action::GoTo(i) => {
                self.go_to(i);
                Vec::new()
            }
            Action::OverviewRow(dy) => {
                self.overview_row(dy);
                Vec::new()
            }
            Action::Tick { date } => {
                self.date = date;
                self.tick(now);
                Vec::new()
            }
            Action::Reload(deck) => {
                self.reload(deck);
                Vec::new()
            }
            Action::Switch(deck, history) => {
                self.switch(deck, *history);
                Vec::new()
            }
            Action::CloseRequested(window) => self.close_requested(window, now),
            Action::NotesScale(scale) => {
                self.notes_scale = scale.clamp(NOTES_SCALE.0, NOTES_SCALE.1);
                Vec::new()
            }
            Action::Monitors(n) => {
                if n != self.monitors {
                    // Monitors came or went: swapped places no longer mean the same screens.
                    self.swapped_to = None;
                    self.monitors = n;
                    self.had_projector |= self.audience_monitor().is_some();
                }
                Vec::new()
            }
            Action::Screen(n) => {
                self.screen = Some(n);
                Vec::new()
            }
            Action::HistoryWritten(written) => {
                self.unsaved = !written;
                Vec::new()
            }
        }
    }

    /// `X`: the slides go to the console's monitor and the console to theirs — only while the
    /// slides are on a monitor, so the console never takes the projector alone.
    fn swap_screens(&mut self) -> Vec<Effect> {
        let (Some(audience), Some(console)) = (self.audience_monitor(), self.console_monitor())
        else {
            return Vec::new();
        };
        self.swapped_to = Some(console);
        vec![Effect::MoveConsole(audience)]
    }

    fn command(&mut self, c: Command, now: Instant) -> Vec<Effect> {
        match c {
            Command::Next => return self.next(now),
            Command::EndRun => return self.end_run(now),
            // The event's queue is the presenter's: the show has nothing to do for them.
            Command::DiscardRun | Command::QueueNext | Command::QueuePrevious => {}
            Command::Previous => self.backward(),
            Command::First => self.go_to(0),
            Command::Last => self.go_to(self.len().saturating_sub(1)),
            Command::GoToPrompt => self.goto = Some(String::new()),
            Command::Confirm => self.confirm(),
            Command::BlackScreen => self.toggle_blank(Blank::Black),
            Command::WhiteScreen => self.toggle_blank(Blank::White),
            Command::Overview => {
                self.overview = match self.overview {
                    Some(_) => None,
                    None => Some(self.slide),
                }
            }
            Command::Help => self.help = !self.help,
            Command::ToggleFullscreen => {
                self.audience_fullscreen = !self.audience_fullscreen;
                return vec![Effect::AudienceFullscreen(self.audience_fullscreen)];
            }
            Command::ConsoleFullscreen => {
                self.console_fullscreen = !self.console_fullscreen;
                return vec![Effect::ConsoleFullscreen(self.console_fullscreen)];
            }
            // Never a move: a clicker's slideshow button pressed mid-talk must not jump.
            Command::PresentFromHere => {
                self.blank = None;
                self.audience_hidden = false;
                self.audience_fullscreen = true;
                return vec![Effect::AudienceFullscreen(true)];
            }
            Command::Escape if self.editing.is_some() => return self.end_editing(),
            Command::Escape => self.escape(),
            Command::EditNotes if self.editing.is_some() => return self.end_editing(),
            Command::EditNotes => {
                if !self.slides_view && self.slide < self.len() {
                    self.editing = Some(self.slide);
                }
            }
            Command::Finish => return self.end_editing(),
            Command::Quit => return self.quit(now),
            Command::NotesBigger => self.scale_notes(1.15),
            Command::NotesSmaller => self.scale_notes(1.0 / 1.15),
            Command::SwapScreens => return self.swap_screens(),
            Command::ToggleSlidesView => self.slides_view = !self.slides_view,
            Command::TimerToggle => self.toggle_timer(now),
            Command::TimerReset => self.reset_timer(),
            Command::TimeAdd => self.timer.add(),
            Command::TimeRemove => self.timer.remove(),
            Command::AudienceBar => self.audience_bar = !self.audience_bar,
        }
        Vec::new()
    }

    /// Keys on a rehearsal summary: D discards the run; Enter or Esc starts a new one.
    fn summary_command(&mut self, c: Command, now: Instant) -> Vec<Effect> {
        match c {
            Command::DiscardRun => {
                let changed = self.session.discard();
                self.new_run();
                if changed {
                    return vec![Effect::SaveHistory];
                }
            }
            Command::Confirm | Command::Escape => self.new_run(),
            Command::Quit => return self.quit(now),
            Command::Help => self.help = !self.help,
            _ => {}
        }
        Vec::new()
    }

    fn new_run(&mut self) {
        self.session.reset();
        self.timer.reset();
        self.slide_clock = Stopwatch::default();
        self.go_to(0);
    }

    fn next(&mut self, now: Instant) -> Vec<Effect> {
        let plain = self.overview.is_none() && self.blank.is_none() && self.goto.is_none();
        // Rehearsing, the key that starts the run stays on slide 1, so slide 1 gets its time.
        if plain && self.session.active() && !self.timer.started() {
            self.start_timer(now);
            return Vec::new();
        }
        let at_end = plain && self.next_position().is_none();
        self.forward();
        if at_end {
            return self.end_run(now);
        }
        Vec::new()
    }

    /// Ends the recording run (E, or Next past the end): timer paused, run stored, summary up.
    fn end_run(&mut self, now: Instant) -> Vec<Effect> {
        if !self.session.recording() {
            return Vec::new();
        }
        if self.timer.running() {
            self.timer.toggle(now);
            self.slide_clock.pause(now);
        }
        let elapsed = self.timer.elapsed(now);
        if self.session.end(&self.deck, elapsed, &self.date) {
            return vec![Effect::SaveHistory];
        }
        Vec::new()
    }

    fn toggle_timer(&mut self, now: Instant) {
        if self.timer.running() {
            self.timer.toggle(now);
            self.slide_clock.pause(now);
        } else {
            self.start_timer(now);
        }
    }

    fn reset_timer(&mut self) {
        if self.timer.running() && !self.reset_asked {
            self.reset_asked = true;
            return;
        }
        self.timer.reset();
        self.slide_clock = Stopwatch::default();
        self.reset_asked = false;
        self.session.reset();
    }

    fn scale_notes(&mut self, factor: f32) {
        self.notes_scale = (self.notes_scale * factor).clamp(NOTES_SCALE.0, NOTES_SCALE.1);
    }

    /// Auto-advance: moves on when the current slide's time is up.
    fn tick(&mut self, now: Instant) {
        let Some(per) = self.deck.meta.auto_advance else {
            return;
        };
        if self.timer.running()
            && self.slide_clock.elapsed(now) >= per
            && self.next_position().is_some()
        {
            self.forward();
        }
    }

    /// A new deck: steps and budgets from it; the speaker's last chosen slide found again by its
    /// title (the nearest one of that title), else by its index; the timer runs on untouched.
    fn reload(&mut self, deck: Arc<Deck>) {
        let (title, slide, step) = self.anchor.clone();
        let found = title.and_then(|t| {
            deck.slides
                .iter()
                .enumerate()
                .filter(|(_, s)| s.title.as_ref() == Some(&t))
                .min_by_key(|(i, _)| i.abs_diff(slide))
                .map(|(i, _)| i)
        });
        self.slide = found.unwrap_or(slide);
        self.step = if found.is_none_or(|i| i == slide) {
            step
        } else {
            0
        };
        self.set_deck(deck);
    }

    /// A fresh show of `deck` in place of this one: the windows, the monitors and the notes
    /// size stay; so does the generation count (it only goes up).
    fn switch(&mut self, deck: Arc<Deck>, history: History) {
        let mut fresh = Show::new(deck, false, history);
        fresh.notes_scale = self.notes_scale;
        fresh.slides_view = self.slides_view;
        fresh.audience_fullscreen = self.audience_fullscreen;
        fresh.console_fullscreen = self.console_fullscreen;
        fresh.audience_hidden = self.audience_hidden;
        fresh.monitors = self.monitors;
        fresh.screen = self.screen;
        fresh.swapped_to = self.swapped_to;
        fresh.had_projector = self.had_projector;
        fresh.date = std::mem::take(&mut self.date);
        fresh.generation = self.generation;
        // Only events switch decks: from now on quitting asks first, between talks too.
        fresh.in_event = true;
        *self = fresh;
    }

    fn set_deck(&mut self, deck: Arc<Deck>) {
        self.steps = deck.slides.iter().map(|s| s.steps.max(1)).collect();
        self.deck = deck;
        self.slide = self.slide.min(self.len().saturating_sub(1));
        self.step = self.step.min(self.steps_of(self.slide) - 1);
        if let Some(sel) = self.overview {
            self.overview = Some(sel.min(self.len().saturating_sub(1)));
        }
    }

    fn overview_row(&mut self, dy: i32) {
        if let Some(sel) = self.overview {
            let cols = self.overview_columns() as i64;
            let target = sel as i64 + dy as i64 * cols;
            if (0..self.len() as i64).contains(&target) {
                self.overview = Some(target as usize);
            }
        }
    }

    fn forward(&mut self) {
        if let Some(sel) = self.overview {
            self.overview = Some((sel + 1).min(self.len().saturating_sub(1)));
            return;
        }
        // Moving while blank brings the slide back first: the speaker may have forgotten.
        if self.blank.take().is_some() {
            return;
        }
        if let Some((slide, step)) = self.next_position() {
            self.slide = slide;
            self.step = step;
        }
    }

    fn backward(&mut self) {
        if let Some(sel) = self.overview {
            self.overview = Some(sel.saturating_sub(1));
            return;
        }
        if self.blank.take().is_some() {
            return;
        }
        if self.step > 0 {
            self.step -= 1;
        } else if self.slide > 0 {
            self.slide -= 1;
            // Coming back shows the previous slide as it was left: fully built.
            self.step = self.steps_of(self.slide) - 1;
        }
    }

    fn go_to(&mut self, i: usize) {
        self.overview = None;
        self.goto = None;
        if self.is_empty() {
            return;
        }
        self.slide = i.min(self.len() - 1);
        self.step = 0;
    }

    fn confirm(&mut self) {
        if let Some(sel) = self.overview {
            self.go_to(sel);
        } else if let Some(buf) = self.goto.take() {
            if let Ok(n) = buf.parse::<usize>() {
                self.go_to(n.saturating_sub(1));
            }
        } else {
            self.forward();
        }
    }

    fn toggle_blank(&mut self, kind: Blank) {
        self.blank = if self.blank == Some(kind) {
            None
        } else {
            Some(kind)
        };
    }

    /// Ends editing notes: the console saves them.
    fn end_editing(&mut self) -> Vec<Effect> {
        self.editing
            .take()
            .map(Effect::SaveNotes)
            .into_iter()
            .collect()
    }

    /// Closes the innermost open state, in order: prompt, help, overview, blank. Never the
    /// slides view or a fullscreen window: a clicker sends Esc on its slideshow button's second
    /// press (Tab and F11 leave them).
    fn escape(&mut self) {
        let _ = self.goto.take().is_some()
            || std::mem::take(&mut self.help)
            || self.overview.take().is_some()
            || self.blank.take().is_some();
    }

    /// Quits; while the talk is live, the first Ctrl+Q only asks and a second within
    /// [`QUIT_CONFIRM`] quits.
    fn quit(&mut self, now: Instant) -> Vec<Effect> {
        let loses = self.live() || self.unsaved;
        if self.quitting || !loses || self.quit_asked(now) {
            self.quitting = true;
            return vec![Effect::Quit];
        }
        self.quit_asked = Some(now);
        Vec::new()
    }

    /// The window manager's close: the console asks as Ctrl+Q does; the audience window is only
    /// hidden (F5 brings it back), never closed by accident.
    fn close_requested(&mut self, window: Window, now: Instant) -> Vec<Effect> {
        match window {
            Window::Audience => {
                self.audience_hidden = true;
                vec![Effect::KeepOpen(Window::Audience)]
            }
            Window::Console => {
                let effects = self.quit(now);
                if effects.contains(&Effect::Quit) {
                    effects
                } else {
                    vec![Effect::KeepOpen(Window::Console)]
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// A deck with one slide per entry, each with that many steps (titled `S1`, `S2`, …).
    fn deck_of(steps: &[usize]) -> Deck {
        let text: Vec<String> = steps
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let mut s = format!("# S{}\n\none\n", i + 1);
                for k in 1..*n {
                    s.push_str(&format!("\n<!-- pause -->\n\nstep {k}\n"));
                }
                s
            })
            .collect();
        crate::deck::parse(text.join("\n---\n\n").as_bytes(), Path::new("."))
    }

    fn show(steps: &[usize]) -> Show {
        Show::for_deck(deck_of(steps))
    }

    fn cmd(s: &mut Show, c: Command) -> Vec<Effect> {
        s.apply(Action::Command(c), Instant::now()).effects
    }

    fn at(s: &Show) -> (usize, usize) {
        (s.slide, s.step)
    }

    #[test]
    fn switching_decks_starts_fresh_keeps_the_windows_and_then_quitting_always_asks() {
        let t0 = Instant::now();
        let mut s = show(&[1, 1]);
        let _ = s.apply(Action::NotesScale(1.5), t0);
        let _ = s.apply(Action::Monitors(2), t0);
        cmd(&mut s, Command::Next);
        assert!(s.timer.started());
        let before = s.generation();
        let out = s.apply(
            Action::Switch(Arc::new(deck_of(&[2, 1, 1])), Box::default()),
            t0,
        );
        assert!(out.changed && s.generation() > before);
        assert_eq!((at(&s), s.len(), s.timer.started()), ((0, 0), 3, false));
        assert_eq!((s.notes_scale(), s.monitors), (1.5, 2));
        // Between talks nothing runs, yet the first Ctrl+Q only asks.
        assert!(!cmd(&mut s, Command::Quit).contains(&Effect::Quit));
        assert!(cmd(&mut s, Command::Quit).contains(&Effect::Quit));
    }

    #[test]
    fn next_walks_steps_then_slides_and_stops_at_the_end() {
        let mut s = show(&[1, 3, 1]);
        let mut seen = vec![at(&s)];
        for _ in 0..6 {
            cmd(&mut s, Command::Next);
            seen.push(at(&s));
        }
        assert_eq!(
            seen,
            [(0, 0), (1, 0), (1, 1), (1, 2), (2, 0), (2, 0), (2, 0)]
        );
    }

    #[test]
    fn previous_returns_to_a_fully_built_slide() {
        let mut s = show(&[1, 3, 1]);
        cmd(&mut s, Command::Last);
        cmd(&mut s, Command::Previous);
        assert_eq!(at(&s), (1, 2));
        cmd(&mut s, Command::Previous);
        assert_eq!(at(&s), (1, 1));
        for _ in 0..5 {
            cmd(&mut s, Command::Previous);
        }
        assert_eq!(at(&s), (0, 0));
    }

    #[test]
    fn digits_then_enter_go_to_a_slide_and_g_opens_the_prompt() {
        let mut s = show(&[1; 20]);
        let now = Instant::now();
        let _ = s.apply(Action::Digit(1), now);
        let _ = s.apply(Action::Digit(2), now);
        assert_eq!(s.goto(), Some("12"));
        cmd(&mut s, Command::Confirm);
        assert_eq!(at(&s), (11, 0));
        assert_eq!(s.goto(), None);
        cmd(&mut s, Command::GoToPrompt);
        assert_eq!(s.goto(), Some(""));
        let _ = s.apply(Action::Digit(9), now);
        let _ = s.apply(Action::Digit(9), now);
        cmd(&mut s, Command::Confirm);
        assert_eq!(at(&s), (19, 0), "clamped to the last slide");
        cmd(&mut s, Command::Confirm);
        assert_eq!(at(&s), (19, 0), "Enter without a number is next");
    }

    #[test]
    fn animations_start_with_their_slide_or_step_and_pause_on_a_blank_screen() {
        let t0 = Instant::now();
        let secs = |n: u64| t0 + Duration::from_secs(n);
        let mut s = show(&[2, 1]);
        let tick = |s: &mut Show, at: Instant| {
            let _ = s.apply(
                Action::Tick {
                    date: String::new(),
                },
                at,
            );
        };
        tick(&mut s, t0);
        assert_eq!(s.playing_for(secs(3)), Some(Duration::from_secs(3)));
        // A reveal step starts its animations again.
        let _ = s.apply(Action::Command(Command::Next), secs(3));
        assert_eq!(s.playing_for(secs(4)), Some(Duration::from_secs(1)));
        // Blank: nothing plays, and the time does not count.
        let _ = s.apply(Action::Command(Command::BlackScreen), secs(4));
        assert_eq!(s.playing_for(secs(10)), None);
        let _ = s.apply(Action::Command(Command::BlackScreen), secs(10));
        assert_eq!(s.playing_for(secs(12)), Some(Duration::from_secs(3)));
        // The next slide starts from its first frame.
        let _ = s.apply(Action::Command(Command::Next), secs(12));
        assert_eq!(s.playing_for(secs(12)), Some(Duration::ZERO));
    }

    #[test]
    fn blank_screens_toggle_and_moving_unblanks_first() {
        let mut s = show(&[1, 1]);
        cmd(&mut s, Command::BlackScreen);
        assert_eq!(s.blank(), Some(Blank::Black));
        cmd(&mut s, Command::WhiteScreen);
        assert_eq!(s.blank(), Some(Blank::White));
        cmd(&mut s, Command::WhiteScreen);
        assert_eq!(s.blank(), None);
        cmd(&mut s, Command::BlackScreen);
        cmd(&mut s, Command::Next);
        assert_eq!((s.blank(), at(&s)), (None, (0, 0)));
        cmd(&mut s, Command::Next);
        assert_eq!(at(&s), (1, 0));
    }

    #[test]
    fn overview_moves_a_selection_and_enter_jumps() {
        let mut s = show(&[1; 12]);
        let now = Instant::now();
        cmd(&mut s, Command::Next);
        cmd(&mut s, Command::Overview);
        assert_eq!(s.overview(), Some(1));
        let cols = s.overview_columns();
        let _ = s.apply(Action::OverviewRow(1), now);
        assert_eq!(s.overview(), Some(1 + cols));
        cmd(&mut s, Command::Next);
        cmd(&mut s, Command::Previous);
        cmd(&mut s, Command::Previous);
        assert_eq!(s.overview(), Some(cols));
        assert_eq!(at(&s), (1, 0), "the slide does not move until Enter");
        cmd(&mut s, Command::Confirm);
        assert_eq!((s.overview(), at(&s)), (None, (cols, 0)));
        cmd(&mut s, Command::Overview);
        let _ = s.apply(Action::GoTo(3), now);
        assert_eq!((s.overview(), at(&s)), (None, (3, 0)));
    }

    #[test]
    fn escape_closes_one_thing_at_a_time_and_never_quits() {
        let mut s = show(&[1, 1]);
        cmd(&mut s, Command::BlackScreen);
        cmd(&mut s, Command::Overview);
        cmd(&mut s, Command::Help);
        cmd(&mut s, Command::GoToPrompt);
        for _ in 0..6 {
            assert!(cmd(&mut s, Command::Escape).is_empty());
        }
        assert!(s.goto().is_none() && !s.help() && s.overview().is_none() && s.blank().is_none());
    }

    #[test]
    fn f5_presents_from_here_and_never_moves_the_talk() {
        let mut s = show(&[1, 1, 1]);
        let now = Instant::now();
        let _ = s.apply(Action::Monitors(2), now);
        cmd(&mut s, Command::Next);
        cmd(&mut s, Command::BlackScreen);
        assert_eq!(
            cmd(&mut s, Command::PresentFromHere),
            [Effect::AudienceFullscreen(true)]
        );
        assert_eq!(
            (at(&s), s.blank()),
            ((1, 0), None),
            "unblanked, still slide 2"
        );
        // The window manager closed the slides: the console says so and names the key.
        let _ = s.apply(Action::CloseRequested(Window::Audience), now);
        assert_eq!(s.audience_monitor(), None);
        let note = s
            .projector_note()
            .expect("the console says the slides are closed");
        assert!(note.contains("closed") && note.contains("F5"), "{note}");
        // F5 brings them back on the current slide, on the projector.
        cmd(&mut s, Command::PresentFromHere);
        assert_eq!(
            (at(&s), s.audience_monitor(), s.projector_note()),
            ((1, 0), Some(1), None)
        );
    }

    #[test]
    fn escape_never_leaves_the_slides_view() {
        let mut s = show(&[1, 1]);
        cmd(&mut s, Command::ToggleSlidesView);
        for _ in 0..3 {
            assert!(cmd(&mut s, Command::Escape).is_empty());
        }
        assert!(
            s.slides_view(),
            "a clicker's Esc keeps the slides fullscreen"
        );
        cmd(&mut s, Command::ToggleSlidesView);
        assert!(!s.slides_view(), "Tab leaves them");
    }

    #[test]
    fn notes_size_is_clamped() {
        let mut s = show(&[1]);
        for _ in 0..30 {
            cmd(&mut s, Command::NotesBigger);
        }
        assert_eq!(s.notes_scale(), NOTES_SCALE.1);
        for _ in 0..60 {
            cmd(&mut s, Command::NotesSmaller);
        }
        assert_eq!(s.notes_scale(), NOTES_SCALE.0);
        let _ = s.apply(Action::NotesScale(9.0), Instant::now());
        assert_eq!(
            s.notes_scale(),
            NOTES_SCALE.1,
            "a saved size is clamped too"
        );
    }

    #[test]
    fn reload_keeps_the_slide_by_title_then_by_index() {
        let mut s = show(&[1, 3, 1, 1]);
        let now = Instant::now();
        for _ in 0..3 {
            cmd(&mut s, Command::Next);
        }
        assert_eq!(at(&s), (1, 2));
        let _ = s.apply(Action::Reload(Arc::new(deck_of(&[1, 2, 1, 1]))), now);
        assert_eq!(at(&s), (1, 1), "step clamped");
        // A slide inserted before this one: the position follows the title S2.
        let moved = crate::deck::parse(b"# New\n\n---\n\n# S1\n\n---\n\n# S2\n", Path::new("."));
        let _ = s.apply(Action::Reload(Arc::new(moved)), now);
        assert_eq!(s.slide(), 2);
        cmd(&mut s, Command::Last);
        let _ = s.apply(Action::Reload(Arc::new(deck_of(&[1, 1]))), now);
        assert_eq!(at(&s), (1, 0));
        let _ = s.apply(Action::Reload(Arc::new(Deck::default())), now);
        assert_eq!(at(&s), (0, 0));
    }

    #[test]
    fn the_slides_follow_the_projector_as_it_comes_and_goes() {
        let mut s = show(&[1, 1]);
        let now = Instant::now();
        let monitors = |s: &mut Show, n| s.apply(Action::Monitors(n), now).changed;
        // One monitor at launch: no slides window, and nothing to say (rehearsing at home).
        assert!(!monitors(&mut s, 1) || s.audience_monitor().is_none());
        assert_eq!((s.audience_monitor(), s.projector_note()), (None, None));
        // A projector plugged in late gets the slides.
        assert!(monitors(&mut s, 2));
        assert_eq!(s.audience_monitor(), Some(1));
        // X swaps: the console moves to monitor 1, the slides to 0.
        assert_eq!(cmd(&mut s, Command::SwapScreens), [Effect::MoveConsole(1)]);
        assert_eq!(s.audience_monitor(), Some(0));
        // Unplugged: the slides are hidden, never put over the console, and X does nothing.
        assert!(monitors(&mut s, 1));
        assert_eq!(s.audience_monitor(), None);
        let note = s.projector_note().expect("a note");
        assert!(note.contains("gone") && note.contains("Tab"), "{note}");
        assert!(cmd(&mut s, Command::SwapScreens).is_empty());
        // Back: the slides return to the projector, not to the swapped place.
        assert!(monitors(&mut s, 2));
        assert_eq!((s.audience_monitor(), s.projector_note()), (Some(1), None));
        assert!(!monitors(&mut s, 2), "the same list is no change");
    }

    #[test]
    fn screen_n_waits_for_monitor_n() {
        let mut s = show(&[1]);
        let now = Instant::now();
        let _ = s.apply(Action::Screen(2), now);
        let _ = s.apply(Action::Monitors(2), now);
        assert_eq!(s.audience_monitor(), None);
        assert!(
            s.projector_note()
                .expect("a note")
                .contains("waiting for monitor 2")
        );
        let _ = s.apply(Action::Monitors(3), now);
        assert_eq!(s.audience_monitor(), Some(2));
    }

    #[test]
    fn a_truncated_save_never_moves_the_talk_for_good() {
        let mut s = show(&[1; 8]);
        let now = Instant::now();
        let _ = s.apply(Action::GoTo(5), now);
        // Half a file: three slides. The position clamps to the last...
        let _ = s.apply(Action::Reload(Arc::new(deck_of(&[1; 3]))), now);
        assert_eq!(s.slide(), 2);
        // A tick, a timer key and a second half-save in between (0.5 s apart, a real editor's
        // two writes) re-anchor nothing...
        let tick = || Action::Tick {
            date: String::new(),
        };
        let _ = s.apply(tick(), now);
        let _ = s.apply(Action::Command(Command::TimerToggle), now);
        let _ = s.apply(Action::Reload(Arc::new(deck_of(&[1; 4]))), now);
        let _ = s.apply(tick(), now + Duration::from_millis(500));
        assert_eq!(s.slide(), 3);
        // ...and the whole file brings it back to slide 6.
        let _ = s.apply(Action::Reload(Arc::new(deck_of(&[1; 8]))), now);
        assert_eq!(s.slide(), 5);
        // The speaker's own move on a truncated deck is where the next reload returns to.
        let _ = s.apply(Action::Reload(Arc::new(deck_of(&[1; 3]))), now);
        let _ = s.apply(Action::Command(Command::Previous), now);
        let _ = s.apply(Action::Reload(Arc::new(deck_of(&[1; 8]))), now);
        assert_eq!(s.slide(), 1);
    }

    #[test]
    fn fullscreen_and_swap_are_effects_and_quit_is_immediate_when_not_live() {
        let mut s = show(&[1]);
        assert_eq!(
            cmd(&mut s, Command::ToggleFullscreen),
            [Effect::AudienceFullscreen(false)]
        );
        assert_eq!(
            cmd(&mut s, Command::ConsoleFullscreen),
            [Effect::ConsoleFullscreen(true)]
        );
        assert_eq!(cmd(&mut s, Command::Quit), [Effect::Quit]);
    }

    #[test]
    fn while_live_quitting_asks_and_a_second_press_in_time_confirms() {
        let t0 = Instant::now();
        let mut s = show(&[1, 1]);
        let _ = s.apply(Action::Command(Command::TimerToggle), t0);
        let quit = Action::Command(Command::Quit);
        assert!(s.apply(quit.clone(), t0).effects.is_empty());
        assert!(s.quit_asked(t0));
        // Too late: the second press only asks again.
        let late = t0 + QUIT_CONFIRM + Duration::from_millis(1);
        assert!(!s.quit_asked(late));
        assert!(s.apply(quit.clone(), late).effects.is_empty());
        let t1 = late + Duration::from_secs(1);
        assert_eq!(s.apply(quit.clone(), t1).effects, [Effect::Quit]);
        // A tick between the two presses does not cancel the question; a key does.
        let mut s = show(&[1, 1]);
        let _ = s.apply(Action::Command(Command::TimerToggle), t0);
        let _ = s.apply(quit.clone(), t0);
        let _ = s.apply(
            Action::Tick {
                date: String::new(),
            },
            t0,
        );
        assert!(s.quit_asked(t0));
        let _ = s.apply(Action::Command(Command::Next), t0);
        assert!(!s.quit_asked(t0));
        assert!(s.apply(quit, t0).effects.is_empty());
    }

    #[test]
    fn quitting_asks_and_says_what_is_lost_with_a_run_unfinished_or_unsaved() {
        let t0 = Instant::now();
        let quit = Action::Command(Command::Quit);
        let mut s = rehearsal(&[1, 1]);
        cmd(&mut s, Command::Next);
        assert!(s.session().recording());
        assert!(
            s.apply(quit.clone(), t0).effects.is_empty(),
            "a run is being recorded"
        );
        let prompt = s.quit_prompt();
        assert!(
            prompt.contains("run is lost") && prompt.contains("E ends it"),
            "{prompt}"
        );
        // The run ended but could be written nowhere: quitting still asks, and says why.
        let _ = s.apply(Action::Command(Command::EndRun), t0);
        let _ = s.apply(Action::HistoryWritten(false), t0);
        assert!(!s.live());
        assert!(s.apply(quit.clone(), t0).effects.is_empty());
        assert!(
            s.quit_prompt().contains("could not be saved"),
            "{}",
            s.quit_prompt()
        );
        // Written after all (the folder came back): one press quits.
        let _ = s.apply(Action::HistoryWritten(true), t0);
        let _ = s.apply(Action::Command(Command::Escape), t0);
        assert_eq!(s.apply(quit, t0).effects, [Effect::Quit]);
    }

    #[test]
    fn the_window_managers_close_asks_on_the_console_and_only_hides_the_audience() {
        let t0 = Instant::now();
        let mut s = show(&[1, 1]);
        let _ = s.apply(Action::Command(Command::TimerToggle), t0);
        let close = |w| Action::CloseRequested(w);
        assert_eq!(
            s.apply(close(Window::Console), t0).effects,
            [Effect::KeepOpen(Window::Console)]
        );
        assert_eq!(s.apply(close(Window::Console), t0).effects, [Effect::Quit]);
        let mut s = show(&[1, 1]);
        assert_eq!(
            s.apply(close(Window::Audience), t0).effects,
            [Effect::KeepOpen(Window::Audience)]
        );
        assert!(s.audience_hidden());
        cmd(&mut s, Command::PresentFromHere);
        assert!(!s.audience_hidden(), "F5 brings the slides back");
        assert_eq!(
            s.apply(close(Window::Console), t0).effects,
            [Effect::Quit],
            "not live: closing the console quits at once"
        );
    }

    #[test]
    fn every_visible_change_moves_the_generation_and_nothing_else_does() {
        let t0 = Instant::now();
        // (action, whether it changes what a window shows) on a fresh three-slide show.
        let cases: Vec<(Action, bool)> = vec![
            (Action::Command(Command::Next), true),
            (Action::Command(Command::Previous), false),
            (Action::Command(Command::TimerToggle), true),
            (Action::Command(Command::BlackScreen), true),
            (Action::Command(Command::Overview), true),
            (Action::Command(Command::Help), true),
            (Action::Command(Command::GoToPrompt), true),
            (Action::Digit(2), true),
            (Action::Command(Command::NotesBigger), true),
            (Action::Command(Command::AudienceBar), true),
            (Action::Command(Command::ToggleSlidesView), true),
            (Action::Command(Command::DiscardRun), false),
            (Action::Command(Command::EndRun), false),
            (Action::Tick { date: "d".into() }, false),
            (Action::Reload(Arc::new(deck_of(&[1, 1, 1]))), true),
        ];
        for (action, visible) in cases {
            let mut s = show(&[1, 1, 1]);
            let before = s.generation();
            let outcome = s.apply(action.clone(), t0);
            assert_eq!(outcome.changed, visible, "{action:?}");
            assert_eq!(s.generation() != before, visible, "{action:?}");
        }
    }

    #[test]
    fn auto_advance_moves_on_a_tick_when_the_slide_time_is_up() {
        let t0 = Instant::now();
        let mut d = deck_of(&[1, 1, 1]);
        d.meta.auto_advance = Some(Duration::from_secs(15));
        let mut s = Show::for_deck(d);
        let tick = || Action::Tick {
            date: String::new(),
        };
        let _ = s.apply(Action::Command(Command::TimerToggle), t0);
        assert!(!s.apply(tick(), t0 + Duration::from_secs(14)).changed);
        assert!(s.apply(tick(), t0 + Duration::from_secs(15)).changed);
        assert_eq!(s.slide(), 1);
        assert_eq!(
            s.until_advance(t0 + Duration::from_secs(20)),
            Some(Duration::from_secs(10))
        );
    }

    fn rehearsal(steps: &[usize]) -> Show {
        Show::new(Arc::new(deck_of(steps)), true, History::default())
    }

    #[test]
    fn rehearsal_gives_slide_one_its_real_time() {
        let t0 = Instant::now();
        let mut s = rehearsal(&[1, 1, 1]);
        let next = || Action::Command(Command::Next);
        let _ = s.apply(
            Action::Tick {
                date: "2026-12-01 20:00".into(),
            },
            t0,
        );
        let _ = s.apply(next(), t0);
        assert_eq!(s.slide(), 0, "the key that starts the run stays on slide 1");
        assert!(s.timer().running() && s.session().recording());
        let secs = |n| t0 + Duration::from_secs(n);
        let _ = s.apply(next(), secs(20));
        let _ = s.apply(Action::Command(Command::Previous), secs(30));
        let _ = s.apply(next(), secs(35));
        let _ = s.apply(next(), secs(50));
        let outcome = s.apply(next(), secs(60));
        assert_eq!(
            outcome.effects,
            [Effect::SaveHistory],
            "Next past the end ends the run"
        );
        let run = s.session().history().last().expect("a run").clone();
        let times: Vec<f64> = run.slides.iter().map(|t| t.secs).collect();
        assert_eq!(times, [25.0, 25.0, 10.0]);
        assert_eq!(run.total_secs, 60.0);
        assert_eq!(run.date, "2026-12-01 20:00");
        assert_eq!(s.session().summary(), Some(0));
        assert!(!s.timer().running(), "the summary pauses the timer");
        assert!(!s.live(), "quitting on the summary does not ask");
    }

    #[test]
    fn a_run_ends_with_e_and_the_summary_discards_or_starts_anew() {
        let t0 = Instant::now();
        let mut s = rehearsal(&[1, 1]);
        let c = |c| Action::Command(c);
        let _ = s.apply(c(Command::TimerToggle), t0);
        let _ = s.apply(c(Command::Next), t0 + Duration::from_secs(5));
        assert_eq!(
            s.apply(c(Command::EndRun), t0 + Duration::from_secs(9))
                .effects,
            [Effect::SaveHistory]
        );
        // On the summary, Next does nothing; D throws the run away and starts a new one.
        let _ = s.apply(c(Command::Next), t0 + Duration::from_secs(10));
        assert_eq!(s.session().summary(), Some(0));
        assert_eq!(
            s.apply(c(Command::DiscardRun), t0 + Duration::from_secs(11))
                .effects,
            [Effect::SaveHistory]
        );
        assert!(s.session().history().runs.is_empty());
        assert_eq!((s.slide(), s.timer().started()), (0, false));
        // A second run kept: Enter leaves the summary and keeps it.
        let _ = s.apply(c(Command::TimerToggle), t0 + Duration::from_secs(12));
        let _ = s.apply(c(Command::EndRun), t0 + Duration::from_secs(13));
        let _ = s.apply(c(Command::Confirm), t0 + Duration::from_secs(14));
        assert_eq!(s.session().history().runs.len(), 1);
        assert_eq!(s.session().summary(), None);
    }

    #[test]
    fn a_talk_compares_each_slide_with_the_best_rehearsal() {
        let t0 = Instant::now();
        let mut r = rehearsal(&[1, 1]);
        let _ = r.apply(Action::Command(Command::TimerToggle), t0);
        let _ = r.apply(Action::Command(Command::Next), t0 + Duration::from_secs(30));
        let _ = r.apply(
            Action::Command(Command::EndRun),
            t0 + Duration::from_secs(60),
        );
        let history = r.session().history().clone();
        let mut talk = Show::new(Arc::new(deck_of(&[1, 1])), false, history);
        let _ = talk.apply(Action::Command(Command::Next), t0);
        let _ = talk.apply(
            Action::Command(Command::Previous),
            t0 + Duration::from_secs(1),
        );
        let _ = talk.apply(Action::Command(Command::Next), t0 + Duration::from_secs(25));
        let (text, ahead) = talk.session().split().expect("a split").clone();
        assert!(text.contains("5 s ahead of best"), "{text}");
        assert_eq!(ahead, Some(5.0));
        assert!(!talk.session().recording(), "a talk records nothing");
    }
}
