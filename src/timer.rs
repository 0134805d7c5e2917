//! The lightning-talk timer: a countdown that can pause, reset and take or give 30 seconds;
//! phases from the deck's warnings; pace against per-slide budgets; and the per-slide clock
//! that drives Ignite-style auto-advance.
//!
//! Plain Rust on a monotonic clock: every method takes `now: Instant`, so tests control time
//! exactly, and nothing here reads a clock or knows about windows.

use std::time::{Duration, Instant};

/// A stopwatch that can pause: time banked so far plus the running stretch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stopwatch {
    banked: Duration,
    since: Option<Instant>,
}

impl Stopwatch {
    /// Time counted so far.
    pub fn elapsed(&self, now: Instant) -> Duration {
        self.banked
            + self
                .since
                .map_or(Duration::ZERO, |s| now.saturating_duration_since(s))
    }

    /// Whether it is counting.
    pub fn running(&self) -> bool {
        self.since.is_some()
    }

    /// Starts or resumes counting.
    pub fn start(&mut self, now: Instant) {
        if self.since.is_none() {
            self.since = Some(now);
        }
    }

    /// Stops counting, keeping the time.
    pub fn pause(&mut self, now: Instant) {
        if let Some(s) = self.since.take() {
            self.banked += now.saturating_duration_since(s);
        }
    }

    /// Back to zero; keeps running if it was.
    pub fn restart(&mut self, now: Instant) {
        let running = self.running();
        *self = Self::default();
        if running {
            self.start(now);
        }
    }
}

/// How the talk is going, by remaining time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    /// Plenty of time.
    Normal,
    /// Past the first warning (default: 1:00 left).
    Warning,
    /// Past the last warning (default: 0:30 left).
    Critical,
    /// Time is up.
    Overtime,
}

/// The countdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timer {
    duration: Duration,
    warnings: Vec<Duration>,
    clock: Stopwatch,
    started: bool,
}

/// Time added or removed by `]` and `[`.
pub const NUDGE: Duration = Duration::from_secs(30);

impl Timer {
    /// A timer for a talk of `duration`, changing phase at each of `warnings` (remaining times).
    pub fn new(duration: Duration, warnings: &[Duration]) -> Self {
        let mut warnings = warnings.to_vec();
        warnings.sort_by(|a, b| b.cmp(a));
        Self {
            duration,
            warnings,
            clock: Stopwatch::default(),
            started: false,
        }
    }

    /// The talk's length, with any time added or removed.
    pub fn duration(&self) -> Duration {
        self.duration
    }

    /// Whether it has been started (running or paused).
    pub fn started(&self) -> bool {
        self.started
    }

    /// Whether it is counting now.
    pub fn running(&self) -> bool {
        self.clock.running()
    }

    /// Whether it was started and is paused.
    pub fn paused(&self) -> bool {
        self.started && !self.running()
    }

    /// Starts (or resumes).
    pub fn start(&mut self, now: Instant) {
        self.started = true;
        self.clock.start(now);
    }

    /// `S`: start, pause or resume.
    pub fn toggle(&mut self, now: Instant) {
        if self.running() {
            self.clock.pause(now);
        } else {
            self.start(now);
        }
    }

    /// Back to the full duration, stopped. Time added or removed is kept.
    pub fn reset(&mut self) {
        self.clock = Stopwatch::default();
        self.started = false;
    }

    /// `]`: 30 s more (only while running).
    pub fn add(&mut self) {
        if self.running() {
            self.duration += NUDGE;
        }
    }

    /// `[`: 30 s less (only while running; never below zero).
    pub fn remove(&mut self) {
        if self.running() {
            self.duration = self.duration.saturating_sub(NUDGE);
        }
    }

    /// Time spoken so far.
    pub fn elapsed(&self, now: Instant) -> Duration {
        self.clock.elapsed(now)
    }

    /// Time left, or `None` once time is up (see [`Timer::overtime`]).
    pub fn remaining(&self, now: Instant) -> Option<Duration> {
        self.duration.checked_sub(self.elapsed(now))
    }

    /// Time past the end (zero before).
    pub fn overtime(&self, now: Instant) -> Duration {
        self.elapsed(now).saturating_sub(self.duration)
    }

    /// The phase at `now`.
    pub fn phase(&self, now: Instant) -> Phase {
        let left = self.duration.saturating_sub(self.elapsed(now));
        if self.elapsed(now) >= self.duration {
            return Phase::Overtime;
        }
        let crossed = self.warnings.iter().filter(|w| left <= **w).count();
        match (crossed, self.warnings.len()) {
            (0, _) => Phase::Normal,
            (c, n) if c >= n && n >= 2 => Phase::Critical,
            _ => Phase::Warning,
        }
    }

    /// The big number: remaining time rounded up (`5:00` for the whole first second, `0:00`
    /// only when time is up), then overtime counting up (`+0:12`).
    pub fn display(&self, now: Instant) -> String {
        match self.remaining(now) {
            Some(left) if !left.is_zero() => clock(ceil_secs(left)),
            _ => {
                let over = self.overtime(now).as_secs();
                if over == 0 {
                    clock(0)
                } else {
                    format!("+{}", clock(over))
                }
            }
        }
    }

    /// How long until the displayed text or phase can change (for the next repaint).
    pub fn next_change(&self, now: Instant) -> Option<Duration> {
        if !self.running() {
            return None;
        }
        let nanos = self.elapsed(now).subsec_nanos();
        // Remaining rounds up and overtime rounds down: both change on whole elapsed seconds.
        Some(Duration::from_nanos(1_000_000_000 - nanos as u64).max(Duration::from_millis(1)))
    }
}

fn ceil_secs(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

/// `4:59`, `12:00`, `1:02:03`.
pub fn clock(secs: u64) -> String {
    crate::deck::time::format_duration(Duration::from_secs(secs))
}

/// Where the talk stands against its plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pace {
    /// Slides done / slides (the hare).
    pub slides: f32,
    /// Elapsed / duration (the tortoise).
    pub time: f32,
    /// Positive: ahead of plan by this much; negative: behind; zero: on pace.
    pub lead_secs: i64,
}

impl Pace {
    /// `12 s behind`, `8 s ahead`, `on pace`.
    pub fn text(&self) -> String {
        match self.lead_secs {
            0 => "on pace".to_string(),
            s if s > 0 => format!("{} ahead", span(s as u64)),
            s => format!("{} behind", span(s.unsigned_abs())),
        }
    }
}

/// A length of time for a sentence: `12 s`, or `1:05` from a minute on.
pub fn span(secs: u64) -> String {
    if secs < 60 {
        format!("{secs} s")
    } else {
        clock(secs)
    }
}

/// Each slide's planned time: its own `<!-- time: … -->`, or an even share of what is left.
pub fn budgets(duration: Duration, given: &[Option<Duration>]) -> Vec<Duration> {
    let fixed: Duration = given.iter().flatten().sum();
    let open = given.iter().filter(|b| b.is_none()).count() as u32;
    let share = if open == 0 {
        Duration::ZERO
    } else {
        duration.saturating_sub(fixed) / open
    };
    given.iter().map(|b| b.unwrap_or(share)).collect()
}

/// Pace on slide `current` after `elapsed`: ahead if the plan has us reaching this slide later,
/// behind if the plan had us leave it already, on pace while inside its window.
pub fn pace(
    duration: Duration,
    given: &[Option<Duration>],
    current: usize,
    elapsed: Duration,
) -> Pace {
    let plan = budgets(duration, given);
    let start: Duration = plan.iter().take(current).sum();
    let end = start + plan.get(current).copied().unwrap_or_default();
    let lead_secs = if elapsed < start {
        (start - elapsed).as_secs() as i64
    } else if elapsed > end {
        -((elapsed - end).as_secs() as i64)
    } else {
        0
    };
    let n = given.len().max(1) as f32;
    Pace {
        slides: (current as f32 / n).clamp(0.0, 1.0),
        time: (elapsed.as_secs_f32() / duration.as_secs_f32().max(1.0)).clamp(0.0, 1.0),
        lead_secs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    fn five_minutes() -> Timer {
        Timer::new(s(300), &[s(30), s(60)])
    }

    #[test]
    fn starts_pauses_resumes_and_resets() {
        let t0 = Instant::now();
        let mut t = five_minutes();
        assert!(!t.started() && !t.running());
        assert_eq!(t.display(t0), "5:00");
        t.toggle(t0);
        assert!(t.running());
        assert_eq!(t.elapsed(t0 + s(10)), s(10));
        t.toggle(t0 + s(10));
        assert!(t.paused());
        assert_eq!(t.elapsed(t0 + s(100)), s(10), "paused time does not count");
        t.toggle(t0 + s(100));
        assert_eq!(t.elapsed(t0 + s(105)), s(15));
        t.reset();
        assert_eq!(
            (t.started(), t.elapsed(t0 + s(200))),
            (false, Duration::ZERO)
        );
    }

    #[test]
    fn remaining_rounds_up_at_every_second_boundary() {
        let t0 = Instant::now();
        let mut t = five_minutes();
        t.start(t0);
        let cases = [
            (ms(0), "5:00"),
            (ms(1), "5:00"),
            (ms(999), "5:00"),
            (ms(1000), "4:59"),
            (ms(1001), "4:59"),
            (ms(60_000), "4:00"),
            (ms(299_001), "0:01"),
            (ms(299_999), "0:01"),
            (ms(300_000), "0:00"),
            (ms(300_999), "0:00"),
            (ms(301_000), "+0:01"),
            (ms(312_500), "+0:12"),
            (ms(3_900_000), "+1:00:00"),
        ];
        for (after, want) in cases {
            assert_eq!(t.display(t0 + after), want, "after {after:?}");
        }
    }

    #[test]
    fn phases_change_at_each_warning_and_at_zero() {
        let t0 = Instant::now();
        let mut t = five_minutes();
        t.start(t0);
        let cases = [
            (ms(0), Phase::Normal),
            (ms(239_999), Phase::Normal),
            (ms(240_000), Phase::Warning),
            (ms(269_999), Phase::Warning),
            (ms(270_000), Phase::Critical),
            (ms(299_999), Phase::Critical),
            (ms(300_000), Phase::Overtime),
            (ms(900_000), Phase::Overtime),
        ];
        for (after, want) in cases {
            assert_eq!(t.phase(t0 + after), want, "after {after:?}");
        }
        let one = Timer::new(s(60), &[s(10)]);
        assert_eq!(one.phase(t0), Phase::Normal);
        let mut one = one;
        one.start(t0);
        assert_eq!(
            one.phase(t0 + s(50)),
            Phase::Warning,
            "a single warning is a warning"
        );
    }

    #[test]
    fn adding_and_removing_time_only_while_running() {
        let t0 = Instant::now();
        let mut t = five_minutes();
        t.add();
        assert_eq!(t.duration(), s(300), "not before it starts");
        t.start(t0);
        t.add();
        t.add();
        assert_eq!(t.display(t0), "6:00");
        t.remove();
        assert_eq!(t.display(t0), "5:30");
        t.toggle(t0 + s(1));
        t.remove();
        assert_eq!(t.duration(), s(330), "not while paused");
        let mut short = Timer::new(s(20), &[]);
        short.start(t0);
        short.remove();
        assert_eq!(short.duration(), Duration::ZERO);
        assert_eq!(short.phase(t0), Phase::Overtime);
    }

    #[test]
    fn next_change_is_the_next_whole_second() {
        let t0 = Instant::now();
        let mut t = five_minutes();
        assert_eq!(t.next_change(t0), None, "a stopped timer never repaints");
        t.start(t0);
        assert_eq!(t.next_change(t0 + ms(250)), Some(ms(750)));
        assert_eq!(t.next_change(t0 + ms(1000)), Some(ms(1000)));
    }

    #[test]
    fn budgets_spread_the_rest_over_slides_without_one() {
        assert_eq!(
            budgets(s(300), &[None, None, None]),
            [s(100), s(100), s(100)]
        );
        assert_eq!(
            budgets(s(300), &[Some(s(20)), None, Some(s(80)), None]),
            [s(20), s(100), s(80), s(100)]
        );
        assert_eq!(
            budgets(s(60), &[Some(s(90)), None]),
            [s(90), s(0)],
            "over-budgeted decks leave nothing"
        );
    }

    #[test]
    fn pace_without_budgets() {
        let given = [None; 5]; // 60 s each in a 5-minute talk
        assert_eq!(pace(s(300), &given, 0, s(30)).lead_secs, 0);
        assert_eq!(
            pace(s(300), &given, 2, s(100)).lead_secs,
            20,
            "reached slide 3 early"
        );
        assert_eq!(
            pace(s(300), &given, 1, s(132)).lead_secs,
            -12,
            "still on slide 2 after its window"
        );
        assert_eq!(pace(s(300), &given, 1, s(132)).text(), "12 s behind");
        assert_eq!(pace(s(300), &given, 2, s(112)).text(), "8 s ahead");
        assert_eq!(pace(s(300), &given, 2, s(150)).text(), "on pace");
        let p = pace(s(300), &given, 2, s(150));
        assert_eq!((p.slides, p.time), (0.4, 0.5));
    }

    #[test]
    fn pace_with_budgets() {
        let given = [Some(s(20)), None, Some(s(80)), None]; // 20, 100, 80, 100
        assert_eq!(pace(s(300), &given, 1, s(10)).lead_secs, 10);
        assert_eq!(pace(s(300), &given, 2, s(100)).lead_secs, 20);
        assert_eq!(pace(s(300), &given, 2, s(230)).lead_secs, -30);
        assert_eq!(pace(s(300), &given, 3, s(250)).text(), "on pace");
    }

    #[test]
    fn stopwatch_restart_keeps_running_state() {
        let t0 = Instant::now();
        let mut w = Stopwatch::default();
        w.start(t0);
        w.restart(t0 + s(5));
        assert_eq!(w.elapsed(t0 + s(7)), s(2));
        w.pause(t0 + s(8));
        w.restart(t0 + s(9));
        assert!(!w.running());
        assert_eq!(w.elapsed(t0 + s(20)), Duration::ZERO);
    }
}
