//! The presentation state — slide, step, blank screen, overview, help, go-to prompt, notes size,
//! which window shows what — and the one place it changes: [`Show::apply`].
//!
//! Owns navigation rules. It never touches a window: what the UI must do about a change comes
//! back as [`Effect`]s. No egui here, so every rule is tested as plain Rust.

use std::time::{Duration, Instant};

use crate::action::Command;
use crate::deck::Deck;
use crate::timer::{Stopwatch, Timer};

/// What the audience sees instead of a slide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blank {
    /// A black screen (`B`, `.`).
    Black,
    /// A white screen (`W`, `,`).
    White,
}

/// Something that happens to the presentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// A command from the registry.
    Command(Command),
    /// A digit typed towards a slide number.
    Digit(u8),
    /// Jump to a slide (from 0), e.g. a click in the overview.
    GoTo(usize),
    /// Up or down a row in the overview.
    OverviewRow(i32),
}

/// What the UI must carry out after a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Close the app.
    Quit,
    /// Put the audience window in (or out of) fullscreen.
    AudienceFullscreen(bool),
    /// Swap the monitors of the console and the audience window.
    SwapScreens,
    /// Save settings that persist (notes size).
    SaveSettings,
    /// Next was pressed on the last step of the last slide.
    PastEnd,
    /// `E`: end the rehearsal run.
    EndRun,
    /// `D`: discard the rehearsal run.
    DiscardRun,
}

/// Notes text scale limits.
const NOTES_SCALE: (f32, f32) = (0.6, 3.0);

/// The state of a running presentation.
#[derive(Debug, Clone)]
pub struct Show {
    steps: Vec<usize>,
    /// Current slide (from 0).
    pub slide: usize,
    /// Current step of the slide (from 0).
    pub step: usize,
    /// The audience screen is blanked.
    pub blank: Option<Blank>,
    /// The overview grid is open, with this slide selected.
    pub overview: Option<usize>,
    /// The help overlay is open.
    pub help: bool,
    /// Digits typed towards a slide number (`Some("")` after `G`).
    pub goto: Option<String>,
    /// Notes text scale (1.0 = the default size).
    pub notes_scale: f32,
    /// Quit was asked while the timer runs; a second Ctrl+Q quits.
    pub quit_asked: bool,
    /// One monitor: the console window shows the slides fullscreen.
    pub slides_view: bool,
    /// The audience window is fullscreen.
    pub audience_fullscreen: bool,
    /// When the last action happened.
    pub last_action: Option<Instant>,
    /// The talk's countdown.
    pub timer: Timer,
    /// Time on the current slide (pauses with the timer), for auto-advance.
    pub slide_clock: Stopwatch,
    /// Ignite/PechaKucha: move on after this long on a slide.
    pub auto_advance: Option<Duration>,
    /// Each slide's `<!-- time: … -->` budget.
    pub budgets: Vec<Option<Duration>>,
    /// The audience sees a thin time bar.
    pub audience_bar: bool,
    /// Reset was asked while the timer runs; a second `R` resets.
    pub reset_asked: bool,
}

impl Show {
    /// A show at the first slide. `steps[i]` is slide i's number of steps (at least 1).
    pub fn new(steps: Vec<usize>) -> Self {
        Self {
            steps: steps.into_iter().map(|s| s.max(1)).collect(),
            slide: 0,
            step: 0,
            blank: None,
            overview: None,
            help: false,
            goto: None,
            notes_scale: 1.0,
            quit_asked: false,
            slides_view: false,
            audience_fullscreen: true,
            last_action: None,
            timer: Timer::new(
                Duration::from_secs(300),
                &[Duration::from_secs(60), Duration::from_secs(30)],
            ),
            slide_clock: Stopwatch::default(),
            auto_advance: None,
            budgets: Vec::new(),
            audience_bar: false,
            reset_asked: false,
        }
    }

    /// A show for a deck: its steps, its timer (duration, warnings), budgets and auto-advance.
    pub fn for_deck(deck: &Deck) -> Self {
        let mut show = Self::new(deck.slides.iter().map(|s| s.steps).collect());
        show.timer = Timer::new(deck.meta.duration, &deck.meta.warnings);
        show.auto_advance = deck.meta.auto_advance;
        show.budgets = deck.slides.iter().map(|s| s.time_budget).collect();
        show.audience_bar = deck.meta.audience_timer;
        show
    }

    /// After a reload: the new deck's steps and budgets; the timer runs on untouched.
    pub fn reload_deck(&mut self, deck: &Deck) {
        self.reload(deck.slides.iter().map(|s| s.steps).collect());
        self.budgets = deck.slides.iter().map(|s| s.time_budget).collect();
        self.auto_advance = deck.meta.auto_advance;
    }

    /// Auto-advance: moves on when the current slide's time is up. Returns whether it moved.
    pub fn tick(&mut self, now: Instant) -> bool {
        let Some(per) = self.auto_advance else {
            return false;
        };
        if !self.timer.running()
            || self.slide_clock.elapsed(now) < per
            || self.next_position().is_none()
        {
            return false;
        }
        self.forward();
        self.slide_clock.restart(now);
        true
    }

    /// Time until the next auto-advance, while the timer runs.
    pub fn until_advance(&self, now: Instant) -> Option<Duration> {
        let per = self.auto_advance?;
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

    /// After a reload: keep the slide (clamped) and the step (clamped).
    pub fn reload(&mut self, steps: Vec<usize>) {
        self.steps = steps.into_iter().map(|s| s.max(1)).collect();
        self.slide = self.slide.min(self.len().saturating_sub(1));
        self.step = self.step.min(self.steps_of(self.slide) - 1);
        if let Some(sel) = self.overview {
            self.overview = Some(sel.min(self.len().saturating_sub(1)));
        }
    }

    /// What the next click shows: the next step, else the next slide; `None` at the end.
    pub fn next_position(&self) -> Option<(usize, usize)> {
        if self.step + 1 < self.steps_of(self.slide) {
            Some((self.slide, self.step + 1))
        } else if self.slide + 1 < self.len() {
            Some((self.slide + 1, 0))
        } else {
            None
        }
    }

    /// Columns of the overview grid (a near-square grid of 16:9 thumbnails).
    pub fn overview_columns(&self) -> usize {
        let n = self.len().max(1) as f64;
        (n.sqrt() * 1.2).ceil().clamp(1.0, 8.0) as usize
    }

    /// Applies an action; returns what the UI must do. The only place the state changes.
    pub fn apply(&mut self, action: Action, now: Instant) -> Vec<Effect> {
        self.last_action = Some(now);
        if !matches!(action, Action::Command(Command::Quit)) {
            self.quit_asked = false;
        }
        if !matches!(action, Action::Command(Command::TimerReset)) {
            self.reset_asked = false;
        }
        let before = (self.slide, self.step);
        let effects = self.dispatch(action, now);
        let after = (self.slide, self.step);
        if after != before {
            // The timer starts on the first move forward from the first slide.
            if before.0 == 0 && after > before && !self.timer.started() {
                self.timer.start(now);
                self.slide_clock.start(now);
            }
            self.slide_clock.restart(now);
        }
        effects
    }

    fn dispatch(&mut self, action: Action, now: Instant) -> Vec<Effect> {
        match action {
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
                if let Some(sel) = self.overview {
                    let cols = self.overview_columns() as i64;
                    let target = sel as i64 + dy as i64 * cols;
                    if (0..self.len() as i64).contains(&target) {
                        self.overview = Some(target as usize);
                    }
                }
                Vec::new()
            }
        }
    }

    fn command(&mut self, c: Command, now: Instant) -> Vec<Effect> {
        match c {
            Command::Next => {
                let at_end = self.next_position().is_none()
                    && self.overview.is_none()
                    && self.blank.is_none();
                self.forward();
                if at_end {
                    return vec![Effect::PastEnd];
                }
            }
            Command::EndRun => return vec![Effect::EndRun],
            Command::DiscardRun => return vec![Effect::DiscardRun],
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
            Command::StartFromFirst | Command::StartFromCurrent => {
                if c == Command::StartFromFirst {
                    self.go_to(0);
                }
                self.blank = None;
                self.audience_fullscreen = true;
                return vec![Effect::AudienceFullscreen(true)];
            }
            Command::Escape => self.escape(),
            Command::Quit => return self.quit(),
            Command::NotesBigger | Command::NotesSmaller => {
                let factor = if c == Command::NotesBigger {
                    1.15
                } else {
                    1.0 / 1.15
                };
                self.notes_scale = (self.notes_scale * factor).clamp(NOTES_SCALE.0, NOTES_SCALE.1);
                return vec![Effect::SaveSettings];
            }
            Command::SwapScreens => return vec![Effect::SwapScreens],
            Command::ToggleSlidesView => self.slides_view = !self.slides_view,
            Command::TimerToggle => {
                self.timer.toggle(now);
                if self.timer.running() {
                    self.slide_clock.start(now);
                } else {
                    self.slide_clock.pause(now);
                }
            }
            Command::TimerReset => {
                if self.timer.running() && !self.reset_asked {
                    self.reset_asked = true;
                } else {
                    self.timer.reset();
                    self.slide_clock = Stopwatch::default();
                    self.reset_asked = false;
                }
            }
            Command::TimeAdd => self.timer.add(),
            Command::TimeRemove => self.timer.remove(),
            Command::AudienceBar => self.audience_bar = !self.audience_bar,
        }
        Vec::new()
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
        if self.is_empty() {
            return;
        }
        self.slide = i.min(self.len() - 1);
        self.step = 0;
        self.overview = None;
        self.goto = None;
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

    /// Closes the innermost open state, in order: prompt, help, overview, blank, slides view.
    fn escape(&mut self) {
        let closed = self.goto.take().is_some()
            || std::mem::take(&mut self.help)
            || self.overview.take().is_some()
            || self.blank.take().is_some();
        if !closed {
            self.slides_view = false;
        }
    }

    /// Quits; while the timer runs, the first Ctrl+Q only asks.
    fn quit(&mut self) -> Vec<Effect> {
        if self.timer.running() && !self.quit_asked {
            self.quit_asked = true;
            return Vec::new();
        }
        vec![Effect::Quit]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(steps: &[usize]) -> Show {
        Show::new(steps.to_vec())
    }

    fn cmd(s: &mut Show, c: Command) -> Vec<Effect> {
        s.apply(Action::Command(c), Instant::now())
    }

    fn at(s: &Show) -> (usize, usize) {
        (s.slide, s.step)
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
    fn next_position_is_the_next_step_or_slide() {
        let mut s = show(&[2, 1]);
        assert_eq!(s.next_position(), Some((0, 1)));
        cmd(&mut s, Command::Next);
        assert_eq!(s.next_position(), Some((1, 0)));
        cmd(&mut s, Command::Next);
        assert_eq!(s.next_position(), None);
    }

    #[test]
    fn digits_then_enter_go_to_a_slide_and_g_opens_the_prompt() {
        let mut s = show(&[1; 20]);
        s.apply(Action::Digit(1), Instant::now());
        s.apply(Action::Digit(2), Instant::now());
        assert_eq!(s.goto.as_deref(), Some("12"));
        cmd(&mut s, Command::Confirm);
        assert_eq!(at(&s), (11, 0));
        assert_eq!(s.goto, None);
        cmd(&mut s, Command::GoToPrompt);
        assert_eq!(s.goto.as_deref(), Some(""));
        s.apply(Action::Digit(9), Instant::now());
        s.apply(Action::Digit(9), Instant::now());
        cmd(&mut s, Command::Confirm);
        assert_eq!(at(&s), (19, 0), "clamped to the last slide");
        cmd(&mut s, Command::Confirm);
        assert_eq!(at(&s), (19, 0), "Enter without a number is next");
    }

    #[test]
    fn blank_screens_toggle_and_moving_unblanks_first() {
        let mut s = show(&[1, 1]);
        cmd(&mut s, Command::BlackScreen);
        assert_eq!(s.blank, Some(Blank::Black));
        cmd(&mut s, Command::WhiteScreen);
        assert_eq!(s.blank, Some(Blank::White));
        cmd(&mut s, Command::WhiteScreen);
        assert_eq!(s.blank, None);
        cmd(&mut s, Command::BlackScreen);
        cmd(&mut s, Command::Next);
        assert_eq!((s.blank, at(&s)), (None, (0, 0)));
        cmd(&mut s, Command::Next);
        assert_eq!(at(&s), (1, 0));
    }

    #[test]
    fn overview_moves_a_selection_and_enter_jumps() {
        let mut s = show(&[1; 12]);
        cmd(&mut s, Command::Next);
        cmd(&mut s, Command::Overview);
        assert_eq!(s.overview, Some(1));
        let cols = s.overview_columns();
        s.apply(Action::OverviewRow(1), Instant::now());
        assert_eq!(s.overview, Some(1 + cols));
        cmd(&mut s, Command::Next);
        cmd(&mut s, Command::Previous);
        cmd(&mut s, Command::Previous);
        assert_eq!(s.overview, Some(cols));
        assert_eq!(at(&s), (1, 0), "the slide does not move until Enter");
        cmd(&mut s, Command::Confirm);
        assert_eq!((s.overview, at(&s)), (None, (cols, 0)));
        cmd(&mut s, Command::Overview);
        s.apply(Action::GoTo(3), Instant::now());
        assert_eq!((s.overview, at(&s)), (None, (3, 0)));
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
        assert!(s.goto.is_none() && !s.help && s.overview.is_none() && s.blank.is_none());
    }

    #[test]
    fn f5_starts_from_the_first_slide_and_shift_f5_from_here() {
        let mut s = show(&[1, 1, 1]);
        cmd(&mut s, Command::Last);
        cmd(&mut s, Command::BlackScreen);
        assert_eq!(
            cmd(&mut s, Command::StartFromCurrent),
            [Effect::AudienceFullscreen(true)]
        );
        assert_eq!((at(&s), s.blank), ((2, 0), None));
        cmd(&mut s, Command::StartFromFirst);
        assert_eq!(at(&s), (0, 0));
    }

    #[test]
    fn notes_size_is_clamped_and_saved() {
        let mut s = show(&[1]);
        for _ in 0..30 {
            assert_eq!(cmd(&mut s, Command::NotesBigger), [Effect::SaveSettings]);
        }
        assert_eq!(s.notes_scale, NOTES_SCALE.1);
        for _ in 0..60 {
            cmd(&mut s, Command::NotesSmaller);
        }
        assert_eq!(s.notes_scale, NOTES_SCALE.0);
    }

    #[test]
    fn reload_keeps_the_slide_clamped() {
        let mut s = show(&[1, 3, 1, 1]);
        cmd(&mut s, Command::Next);
        cmd(&mut s, Command::Next);
        cmd(&mut s, Command::Next);
        assert_eq!(at(&s), (1, 2));
        s.reload(vec![1, 2, 1, 1]);
        assert_eq!(at(&s), (1, 1));
        cmd(&mut s, Command::Last);
        s.reload(vec![1, 1]);
        assert_eq!(at(&s), (1, 0));
        s.reload(vec![]);
        assert_eq!(at(&s), (0, 0));
    }

    #[test]
    fn quit_and_fullscreen_are_effects() {
        let mut s = show(&[1]);
        assert_eq!(
            cmd(&mut s, Command::ToggleFullscreen),
            [Effect::AudienceFullscreen(false)]
        );
        assert_eq!(cmd(&mut s, Command::SwapScreens), [Effect::SwapScreens]);
        assert_eq!(cmd(&mut s, Command::Quit), [Effect::Quit]);
    }
}
