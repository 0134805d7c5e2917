//! Event mode: a whole lightning-talk session on one laptop — the session file, the queue of
//! talks with its "next up" cards, per-talk lengths and formats, what happens at 0:00, and the
//! log of planned and actual times.
//!
//! Owns the session's rules. Like the show, it never touches a window and takes `now`; the
//! presenter shows the deck of the stage the queue is in (a card is a one-slide deck drawn by the
//! one renderer) and writes the log this module makes.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::deck::diagnostic::Diagnostic;
use crate::deck::time::{DURATION_FORMS, parse_duration};

/// How long a talk may run past 0:00 before `overrun: stop` shows the "time" card.
pub const GRACE: Duration = Duration::from_secs(5);

/// The keys a session file knows (event keys, then talk keys).
const EVENT_KEYS: &[&str] = &["title", "duration", "gap", "overrun", "talks"];
const TALK_KEYS: &[&str] = &["deck", "speaker", "title", "duration", "format"];

/// What happens when a talk's time is up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Overrun {
    /// The audience bar flashes and the console says so; the talk goes on.
    #[default]
    Warn,
    /// After [`GRACE`], the audience sees the "time" card.
    Stop,
}

/// A talk format with a fixed slide time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// 20 slides × 15 s.
    Ignite,
    /// 20 slides × 20 s.
    Pechakucha,
}

impl Format {
    /// Seconds a slide is shown.
    pub fn per_slide(self) -> Duration {
        match self {
            Format::Ignite => Duration::from_secs(15),
            Format::Pechakucha => Duration::from_secs(20),
        }
    }
}

/// One talk of the session.
#[derive(Debug, Clone, PartialEq)]
pub struct Talk {
    /// The deck (Markdown or PDF), resolved against the session file's folder.
    pub deck: PathBuf,
    /// Who gives it.
    pub speaker: Option<String>,
    /// Its title (default: the deck's).
    pub title: Option<String>,
    /// Its length (default: the event's, or the format's 20 slides).
    pub duration: Option<Duration>,
    /// Ignite or PechaKucha: slides advance by themselves.
    pub format: Option<Format>,
    /// 1-based line in the session file (0 when made from deck paths).
    pub line: usize,
}

impl Talk {
    /// A talk of `deck` written at `line`, with nothing else said about it.
    pub fn of(deck: PathBuf, line: usize) -> Self {
        Self {
            deck,
            speaker: None,
            title: None,
            duration: None,
            format: None,
            line,
        }
    }
}

/// A session: event settings and the talks in order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Session {
    /// The event's name (`PyCon Korea 2026 lightning talks`).
    pub title: Option<String>,
    /// The default talk length (5 min unless set).
    pub duration: Duration,
    /// Changeover time between talks.
    pub gap: Duration,
    /// What happens at 0:00.
    pub overrun: Overrun,
    /// The talks, in the planned order.
    pub talks: Vec<Talk>,
    /// The session file, when there is one.
    pub path: Option<PathBuf>,
    /// Problems with the file (unknown keys, bad values, missing decks), with lines.
    pub diagnostics: Vec<Diagnostic>,
}

impl Session {
    /// A talk's length: its own, its format's 20 slides, or the event's.
    pub fn length(&self, talk: &Talk) -> Duration {
        talk.duration
            .or(talk.format.map(|f| f.per_slide() * 20))
            .unwrap_or(self.duration)
    }
}

/// Whether `path` names a session file (`.yaml` / `.yml`) rather than a deck.
pub fn is_session_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// Where the event's log goes: `SESSION.log.json` beside the session (or the first deck).
pub fn log_path(session: &Path) -> PathBuf {
    let mut name = session.file_name().unwrap_or_default().to_os_string();
    name.push(".log.json");
    session.with_file_name(name)
}

/// Reads a session file. Only an unreadable file is an error; what is wrong inside it is in
/// the session's diagnostics, and the talks that can be given are kept.
pub fn read(path: &Path) -> Result<Session, String> {
    let bytes = crate::deck::read_bounded(path).map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&bytes);
    let mut session = parse(&text, &crate::deck::base_dir(path));
    session.path = Some(path.to_path_buf());
    let file = path.display().to_string();
    for d in &mut session.diagnostics {
        *d = d.clone().in_file(&file);
    }
    Ok(session)
}

/// A session of the decks given (a folder gives its decks in name order), each talk the
/// event's default length.
pub fn from_paths(paths: &[PathBuf]) -> Session {
    let mut decks = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(path)
                .map(|d| d.flatten().map(|e| e.path()).collect())
                .unwrap_or_default();
            inside.retain(|p| {
                p.is_file()
                    && p.extension().is_some_and(|e| {
                        ["md", "markdown", "pdf"]
                            .iter()
                            .any(|x| e.eq_ignore_ascii_case(x))
                    })
            });
            inside.sort();
            decks.extend(inside);
        } else {
            decks.push(path.clone());
        }
    }
    Session {
        duration: Duration::from_secs(300),
        talks: decks.into_iter().map(|deck| Talk::of(deck, 0)).collect(),
        ..Session::default()
    }
}

/// Parses a session file's text; deck paths resolve against `base`.
pub fn parse(text: &str, base: &Path) -> Session {
    let mut s = Session {
        duration: Duration::from_secs(300),
        ..Session::default()
    };
    let line_of = |needle: &str, from: usize| {
        text.lines()
            .enumerate()
            .skip(from.saturating_sub(1))
            .find(|(_, l)| l.trim_start().trim_start_matches("- ").starts_with(needle))
            .map_or(1, |(i, _)| i + 1)
    };
    let value: Value = match serde_saphyr::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let line = e.location().map_or(1, |l| l.line() as usize);
            s.diagnostics.push(Diagnostic::error(
                line,
                format!("the session is not valid YAML: {}", first_line(&e.to_string())),
                "a session is `title:`, `duration:` and a `talks:` list of `- deck: talk.md` entries",
            ));
            return s;
        }
    };
    let Some(map) = value.as_object() else {
        s.diagnostics.push(Diagnostic::error(
            1,
            "the session is not a mapping of keys",
            "write `talks:` followed by `- deck: talk.md` lines",
        ));
        return s;
    };
    for (key, v) in map {
        let line = line_of(&format!("{key}:"), 1);
        match key.as_str() {
            "title" => s.title = text_of(v),
            "duration" => {
                if let Some(d) = duration_of(v, line, &mut s.diagnostics) {
                    s.duration = d;
                }
            }
            "gap" => {
                if let Some(d) = duration_of(v, line, &mut s.diagnostics) {
                    s.gap = d;
                }
            }
            "overrun" => match v.as_str().map(str::trim) {
                Some("stop") => s.overrun = Overrun::Stop,
                Some("warn") => s.overrun = Overrun::Warn,
                _ => s.diagnostics.push(Diagnostic::warning(
                    line,
                    format!("overrun {v} is not `stop` or `warn`"),
                    "`overrun: stop` shows a time card after 0:00; `warn` only flashes",
                )),
            },
            "talks" => {}
            other => s.diagnostics.push(unknown(other, line, EVENT_KEYS)),
        }
    }
    let talks = map.get("talks").and_then(Value::as_array);
    if talks.is_none_or(|t| t.is_empty()) {
        s.diagnostics.push(Diagnostic::error(
            line_of("talks:", 1),
            "the session has no talks",
            "add `talks:` with a `- deck: talk.md` line per talk",
        ));
    }
    let mut from = line_of("talks:", 1);
    for entry in talks.into_iter().flatten() {
        let line = line_of("deck:", from);
        from = line + 1;
        if let Some(talk) = talk_of(entry, line, base, &line_of, &mut s.diagnostics) {
            s.talks.push(talk);
        }
    }
    s
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
}

fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(t) => Some(t.trim().to_string()).filter(|t| !t.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn duration_of(v: &Value, line: usize, diags: &mut Vec<Diagnostic>) -> Option<Duration> {
    let text = match v {
        Value::Number(n) => format!("{n}m"),
        other => text_of(other).unwrap_or_default(),
    };
    match parse_duration(&text) {
        Ok(d) if !d.is_zero() => Some(d),
        _ => {
            diags.push(Diagnostic::warning(
                line,
                format!("`{text}` is not a length of time"),
                DURATION_FORMS,
            ));
            None
        }
    }
}

fn unknown(key: &str, line: usize, known: &[&str]) -> Diagnostic {
    Diagnostic::warning(
        line,
        format!("unknown key `{key}` in the session"),
        format!("known keys here: {}", known.join(", ")),
    )
}

/// One `talks:` entry; `None` (with a diagnostic) when it names no deck that is there.
fn talk_of(
    entry: &Value,
    line: usize,
    base: &Path,
    line_of: &dyn Fn(&str, usize) -> usize,
    diags: &mut Vec<Diagnostic>,
) -> Option<Talk> {
    let (deck, map) = match entry {
        Value::String(path) => (Some(path.clone()), None),
        Value::Object(map) => (map.get("deck").and_then(text_of), Some(map)),
        _ => (None, None),
    };
    let Some(deck) = deck else {
        diags.push(Diagnostic::error(
            line,
            "a talk without a deck",
            "give each talk `deck: path/to/talk.md` (or .pdf), relative to the session file",
        ));
        return None;
    };
    let mut talk = Talk::of(base.join(&deck), line);
    for (key, v) in map.into_iter().flatten() {
        let line = line_of(&format!("{key}:"), line);
        match key.as_str() {
            "deck" => {}
            "speaker" => talk.speaker = text_of(v),
            "title" => talk.title = text_of(v),
            "duration" => talk.duration = duration_of(v, line, diags),
            "format" => match v.as_str().map(|f| f.trim().to_ascii_lowercase()).as_deref() {
                Some("ignite") => talk.format = Some(Format::Ignite),
                Some("pechakucha" | "pecha-kucha" | "pecha kucha") => {
                    talk.format = Some(Format::Pechakucha)
                }
                _ => diags.push(Diagnostic::warning(
                    line,
                    format!("format {v} is not `ignite` or `pechakucha`"),
                    "leave it out for a talk that moves on when the speaker does",
                )),
            },
            other => diags.push(unknown(other, line, TALK_KEYS)),
        }
    }
    if !talk.deck.is_file() {
        diags.push(Diagnostic::error(
            line,
            format!(
                "deck `{deck}` not found (looked at {})",
                talk.deck.display()
            ),
            "check the path (relative to the session file); the session opens without this talk",
        ));
        return None;
    }
    Some(talk)
}

/// Where the queue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The "next up" card of the talk at this place in the queue.
    Card(usize),
    /// The talk at this place is on.
    Talk(usize),
    /// Its time is up (`overrun: stop`): the audience sees the "time" card.
    TimeUp(usize),
    /// Every talk is done.
    End,
}

/// What the organiser (or the talk) does to the queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// `Enter` on a card: its talk starts.
    Start,
    /// The talk ends (`Ctrl+Enter`, or moving on from its last slide).
    End,
    /// `Ctrl+→`: the next card (a talk on ends first).
    Forward,
    /// `Ctrl+←`: the card before.
    Back,
    /// Move the talk at this place one up / down in the queue (not one that is done or on).
    Raise(usize),
    /// See [`Step::Raise`].
    Lower(usize),
}

/// A talk's run: when it began and ended, by the clock and by the wall.
#[derive(Debug, Clone, PartialEq)]
struct Run {
    started: Instant,
    start_wall: String,
    ended: Option<(Instant, String)>,
}

/// A row of the console's queue list.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Index into the session's talks.
    pub talk: usize,
    /// Done, now, next, later.
    pub status: Status,
    /// Planned start, from the session's start.
    pub planned_start: Duration,
    /// Planned length.
    pub planned: Duration,
    /// How long it ran (so far, for the talk on).
    pub actual: Option<Duration>,
}

/// Where a talk is in the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Given.
    Done,
    /// On now (or its card is up).
    Now,
    /// The one after.
    Next,
    /// Later.
    Later,
    /// Passed over without being given.
    Skipped,
}

/// The log `SESSION.log.json` holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Log {
    /// The event's title.
    pub title: Option<String>,
    /// One entry per talk, in the order given.
    pub talks: Vec<LogTalk>,
}

/// One talk in the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogTalk {
    /// Its title.
    pub title: String,
    /// Its speaker.
    pub speaker: Option<String>,
    /// The deck.
    pub deck: String,
    /// Planned start, minutes:seconds after the session's first talk began.
    pub planned_start: String,
    /// Planned length in seconds.
    pub planned_seconds: u64,
    /// When it began (wall clock), if it did.
    pub start: Option<String>,
    /// When it ended (wall clock), if it did.
    pub end: Option<String>,
    /// How long it ran, in seconds.
    pub actual_seconds: Option<u64>,
    /// Seconds over (positive) or under (negative) its length.
    pub over_seconds: Option<i64>,
}

/// The session's queue: the order, where it is, and each talk's run.
#[derive(Debug, Clone)]
pub struct Queue {
    session: Session,
    titles: Vec<String>,
    order: Vec<usize>,
    stage: Stage,
    runs: Vec<Option<Run>>,
}

impl Queue {
    /// A queue of `session`'s talks, at the first card. `titles` are the talks' titles (the
    /// session's, else each deck's).
    pub fn new(session: Session, titles: Vec<String>) -> Self {
        let n = session.talks.len();
        Self {
            session,
            titles,
            order: (0..n).collect(),
            stage: if n == 0 { Stage::End } else { Stage::Card(0) },
            runs: vec![None; n],
        }
    }

    /// The session.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Where the queue is.
    pub fn stage(&self) -> Stage {
        self.stage
    }

    /// The talk (index into the session) at place `at` of the queue.
    pub fn talk_at(&self, at: usize) -> Option<usize> {
        self.order.get(at).copied()
    }

    /// The talk the stage is about.
    pub fn current(&self) -> Option<usize> {
        match self.stage {
            Stage::Card(at) | Stage::Talk(at) | Stage::TimeUp(at) => self.talk_at(at),
            Stage::End => None,
        }
    }

    /// A talk's title.
    pub fn title(&self, talk: usize) -> &str {
        self.titles.get(talk).map_or("", String::as_str)
    }

    /// Applies a step; returns whether the stage or order changed.
    pub fn apply(&mut self, step: Step, now: Instant, wall: &str) -> bool {
        let before = (self.stage, self.order.clone());
        let last = self.order.len().saturating_sub(1);
        match (step, self.stage) {
            (Step::Start, Stage::Card(at)) => {
                if let Some(t) = self.talk_at(at) {
                    self.runs[t] = Some(Run {
                        started: now,
                        start_wall: wall.to_string(),
                        ended: None,
                    });
                    self.stage = Stage::Talk(at);
                }
            }
            (Step::End | Step::Forward, Stage::Talk(at) | Stage::TimeUp(at)) => {
                self.end_run(at, now, wall);
                self.stage = self.card_after(at);
            }
            (Step::Forward, Stage::Card(at)) => self.stage = self.card_after(at),
            (Step::Back, Stage::Card(at)) if at > 0 => self.stage = Stage::Card(at - 1),
            (Step::Back, Stage::End) if !self.order.is_empty() => self.stage = Stage::Card(last),
            (Step::Back, Stage::Talk(at) | Stage::TimeUp(at)) => {
                self.end_run(at, now, wall);
                self.stage = Stage::Card(at);
            }
            (Step::Raise(at), _) if at > 0 && self.movable(at) && self.movable(at - 1) => {
                self.order.swap(at, at - 1);
            }
            (Step::Lower(at), _) if at < last && self.movable(at) && self.movable(at + 1) => {
                self.order.swap(at, at + 1);
            }
            _ => {}
        }
        (self.stage, self.order.clone()) != before
    }

    /// Time passed: with `overrun: stop`, a talk `overtime` past its 0:00 (more than
    /// [`GRACE`]) gives way to the "time" card. Returns whether the stage changed.
    pub fn tick(&mut self, overtime: Duration) -> bool {
        if let Stage::Talk(at) = self.stage
            && self.session.overrun == Overrun::Stop
            && overtime > GRACE
        {
            self.stage = Stage::TimeUp(at);
            return true;
        }
        false
    }

    fn end_run(&mut self, at: usize, now: Instant, wall: &str) {
        if let Some(Some(run)) = self.talk_at(at).and_then(|t| self.runs.get_mut(t))
            && run.ended.is_none()
        {
            run.ended = Some((now, wall.to_string()));
        }
    }

    fn card_after(&self, at: usize) -> Stage {
        if at + 1 < self.order.len() {
            Stage::Card(at + 1)
        } else {
            Stage::End
        }
    }

    /// Whether the talk at place `at` may change place: not given, not on.
    fn movable(&self, at: usize) -> bool {
        let on = matches!(self.stage, Stage::Talk(a) | Stage::TimeUp(a) if a == at);
        !on && self.talk_at(at).is_some_and(|t| self.runs[t].is_none())
    }

    /// The queue for the console, in order, with planned and actual times.
    pub fn rows(&self, now: Instant) -> Vec<Row> {
        let here = match self.stage {
            Stage::Card(a) | Stage::Talk(a) | Stage::TimeUp(a) => a,
            Stage::End => self.order.len(),
        };
        let mut planned_start = Duration::ZERO;
        let mut rows = Vec::new();
        for (at, &t) in self.order.iter().enumerate() {
            let planned = self.session.length(&self.session.talks[t]);
            let run = &self.runs[t];
            let actual = run.as_ref().map(|r| {
                let end = r.ended.as_ref().map_or(now, |e| e.0);
                end.saturating_duration_since(r.started)
            });
            let status = match (at.cmp(&here), run) {
                (std::cmp::Ordering::Equal, _) => Status::Now,
                (std::cmp::Ordering::Less, Some(_)) => Status::Done,
                (std::cmp::Ordering::Less, None) => Status::Skipped,
                (std::cmp::Ordering::Greater, _) if at == here + 1 => Status::Next,
                _ => Status::Later,
            };
            rows.push(Row {
                talk: t,
                status,
                planned_start,
                planned,
                actual,
            });
            planned_start += planned + self.session.gap;
        }
        rows
    }

    /// The log of the session so far (`SESSION.log.json`).
    pub fn log(&self, now: Instant) -> Log {
        let talks = self
            .rows(now)
            .into_iter()
            .map(|row| {
                let talk = &self.session.talks[row.talk];
                let run = self.runs[row.talk].as_ref();
                let ended = run.and_then(|r| r.ended.as_ref());
                let actual = ended.and(row.actual).map(|a| a.as_secs());
                LogTalk {
                    title: self.title(row.talk).to_string(),
                    speaker: talk.speaker.clone(),
                    deck: talk.deck.display().to_string(),
                    planned_start: crate::timer::clock(row.planned_start.as_secs()),
                    planned_seconds: row.planned.as_secs(),
                    start: run.map(|r| r.start_wall.clone()),
                    end: ended.map(|e| e.1.clone()),
                    actual_seconds: actual,
                    over_seconds: actual.map(|a| a as i64 - row.planned.as_secs() as i64),
                }
            })
            .collect();
        Log {
            title: self.session.title.clone(),
            talks,
        }
    }
}

/// The log as the terminal shows it (`ltdeck event --summary SESSION`).
pub fn summary(log: &Log) -> String {
    let mut out = String::new();
    if let Some(title) = &log.title {
        out.push_str(&format!("{title}\n\n"));
    }
    out.push_str("  #  planned  length  start   end     ran     over    talk\n");
    for (i, t) in log.talks.iter().enumerate() {
        let or_dash = |s: &Option<String>| s.clone().unwrap_or_else(|| "—".into());
        let ran = t
            .actual_seconds
            .map_or("—".to_string(), crate::timer::clock);
        let over = t.over_seconds.map_or("—".to_string(), |o| {
            let sign = if o > 0 {
                "+"
            } else if o < 0 {
                "-"
            } else {
                " "
            };
            format!("{sign}{}", crate::timer::clock(o.unsigned_abs()))
        });
        let who = t
            .speaker
            .as_ref()
            .map_or(String::new(), |s| format!(" — {s}"));
        out.push_str(&format!(
            "{:>3}  {:>7}  {:>6}  {:<6}  {:<6}  {:>6}  {:>6}  {}{who}\n",
            i + 1,
            t.planned_start,
            crate::timer::clock(t.planned_seconds),
            or_dash(&t.start),
            or_dash(&t.end),
            ran,
            over,
            t.title
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    fn session_with(n: usize) -> Session {
        let mut s = from_paths(&[]);
        for i in 0..n {
            s.talks.push(Talk {
                speaker: Some(format!("발표자 {i}")),
                ..Talk::of(PathBuf::from(format!("talk{i}.md")), i + 1)
            });
        }
        s
    }

    fn queue(n: usize) -> Queue {
        Queue::new(
            session_with(n),
            (0..n).map(|i| format!("Talk {i}")).collect(),
        )
    }

    #[test]
    fn the_queue_goes_card_talk_card_and_ends_after_the_last() {
        let t0 = Instant::now();
        let mut q = queue(2);
        assert_eq!(q.stage(), Stage::Card(0));
        assert!(q.apply(Step::Start, t0, "14:00"));
        assert_eq!(q.stage(), Stage::Talk(0));
        assert!(q.apply(Step::End, t0 + secs(290), "14:05"));
        assert_eq!(q.stage(), Stage::Card(1));
        q.apply(Step::Start, t0 + secs(400), "14:07");
        q.apply(Step::End, t0 + secs(730), "14:12");
        assert_eq!(q.stage(), Stage::End);
        let log = q.log(t0 + secs(800));
        assert_eq!(log.talks[0].actual_seconds, Some(290));
        assert_eq!(log.talks[0].over_seconds, Some(-10));
        assert_eq!(log.talks[1].over_seconds, Some(30));
        assert_eq!(log.talks[1].start.as_deref(), Some("14:07"));
        assert_eq!(log.talks[1].end.as_deref(), Some("14:12"));
        assert_eq!(log.talks[1].speaker.as_deref(), Some("발표자 1"));
    }

    #[test]
    fn forward_and_back_move_through_the_cards_and_a_skipped_talk_says_so() {
        let t0 = Instant::now();
        let mut q = queue(3);
        q.apply(Step::Forward, t0, "");
        assert_eq!(q.stage(), Stage::Card(1));
        q.apply(Step::Back, t0, "");
        q.apply(Step::Back, t0, "");
        assert_eq!(q.stage(), Stage::Card(0), "no card before the first");
        q.apply(Step::Forward, t0, "");
        q.apply(Step::Start, t0, "");
        // Back during a talk ends it and shows its card again.
        q.apply(Step::Back, t0 + secs(5), "");
        assert_eq!(q.stage(), Stage::Card(1));
        let rows = q.rows(t0 + secs(9));
        assert_eq!(rows[0].status, Status::Skipped);
        assert_eq!(rows[1].status, Status::Now);
        assert_eq!(rows[1].actual, Some(secs(5)));
        assert_eq!(rows[2].status, Status::Next);
        q.apply(Step::Forward, t0, "");
        q.apply(Step::Forward, t0, "");
        assert_eq!(q.stage(), Stage::End);
        q.apply(Step::Back, t0, "");
        assert_eq!(q.stage(), Stage::Card(2));
    }

    #[test]
    fn lengths_come_from_the_talk_its_format_or_the_event_and_plan_the_starts() {
        let mut s = session_with(3);
        s.gap = secs(60);
        s.talks[0].duration = Some(secs(180));
        s.talks[1].format = Some(Format::Ignite);
        let q = Queue::new(s, vec![String::new(); 3]);
        let rows = q.rows(Instant::now());
        let planned: Vec<u64> = rows.iter().map(|r| r.planned.as_secs()).collect();
        assert_eq!(planned, [180, 300, 300]);
        let starts: Vec<u64> = rows.iter().map(|r| r.planned_start.as_secs()).collect();
        assert_eq!(starts, [0, 240, 600]);
        let mut s = session_with(1);
        s.talks[0].format = Some(Format::Pechakucha);
        assert_eq!(s.length(&s.talks[0]), secs(400));
    }

    #[test]
    fn overrun_stop_shows_the_time_card_after_the_grace_and_warn_never() {
        let t0 = Instant::now();
        let mut q = queue(2);
        q.apply(Step::Start, t0, "");
        assert!(!q.tick(secs(30)), "warn is the default");
        let mut s = session_with(2);
        s.overrun = Overrun::Stop;
        let mut q = Queue::new(s, vec![String::new(); 2]);
        q.apply(Step::Start, t0, "");
        assert!(!q.tick(GRACE));
        assert!(q.tick(GRACE + secs(1)));
        assert_eq!(q.stage(), Stage::TimeUp(0));
        q.apply(Step::End, t0 + secs(310), "");
        assert_eq!(q.stage(), Stage::Card(1));
        assert_eq!(q.log(t0).talks[0].over_seconds, Some(10));
    }

    #[test]
    fn only_talks_not_yet_given_change_places() {
        let t0 = Instant::now();
        let mut q = queue(4);
        q.apply(Step::Start, t0, "");
        q.apply(Step::End, t0, "");
        assert!(!q.apply(Step::Raise(1), t0, ""), "over a talk given");
        assert!(q.apply(Step::Lower(1), t0, ""));
        assert_eq!(q.talk_at(1), Some(2));
        assert_eq!(q.talk_at(2), Some(1));
        assert_eq!(
            q.current(),
            Some(2),
            "the card up is the talk now first in line"
        );
        assert!(!q.apply(Step::Lower(3), t0, ""), "nothing below the last");
        q.apply(Step::Start, t0, "");
        assert!(!q.apply(Step::Lower(1), t0, ""), "not the talk on");
    }

    #[test]
    fn a_session_file_reads_keys_warns_on_unknown_ones_and_drops_missing_decks() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("a.md"), "# A\n").expect("write");
        std::fs::write(dir.path().join("b.pdf"), "%PDF-1.4\n").expect("write");
        let text = "\
title: PyCon Korea 2026 라이트닝 토크
duration: 5m
gap: 1m
overrun: stop
colour: blue
talks:
  - deck: a.md
    speaker: 김파이
    title: 타입 힌트
  - deck: missing.md
    speaker: Nobody
  - deck: b.pdf
    format: ignite
    colour: red
";
        let s = parse(text, dir.path());
        assert_eq!(s.title.as_deref(), Some("PyCon Korea 2026 라이트닝 토크"));
        assert_eq!(
            (s.duration, s.gap, s.overrun),
            (secs(300), secs(60), Overrun::Stop)
        );
        assert_eq!(s.talks.len(), 2, "{:?}", s.diagnostics);
        assert_eq!(s.talks[0].speaker.as_deref(), Some("김파이"));
        assert_eq!(s.talks[0].line, 7);
        assert_eq!(s.talks[1].format, Some(Format::Ignite));
        let said: Vec<(usize, &str)> = s
            .diagnostics
            .iter()
            .map(|d| (d.line, d.message.as_str()))
            .collect();
        assert!(
            said.contains(&(5, "unknown key `colour` in the session")),
            "{said:?}"
        );
        assert!(
            said.iter()
                .any(|(l, m)| *l == 10 && m.starts_with("deck `missing.md` not found")),
            "{said:?}"
        );
        assert!(
            said.iter().any(|(l, m)| *l == 14 && m.contains("`colour`")),
            "{said:?}"
        );
    }

    #[test]
    fn broken_sessions_are_diagnostics_not_panics() {
        for text in [
            "",
            "talks: [",
            "- a\n- b",
            "talks: 3",
            "talks:\n  - 7\n",
            "duration: soon\n",
        ] {
            let s = parse(text, Path::new("."));
            assert!(!s.diagnostics.is_empty(), "{text:?}");
            assert!(s.talks.is_empty());
        }
    }

    #[test]
    fn decks_and_folders_make_a_session_in_name_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        for name in ["b.md", "a.pdf", "notes.txt", "c.markdown"] {
            std::fs::write(dir.path().join(name), "x").expect("write");
        }
        let s = from_paths(&[dir.path().to_path_buf()]);
        let names: Vec<String> = s
            .talks
            .iter()
            .map(|t| t.deck.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.pdf", "b.md", "c.markdown"]);
        assert_eq!(s.duration, secs(300));
    }

    #[test]
    fn the_summary_lists_every_talk_with_its_times() {
        let t0 = Instant::now();
        let mut q = queue(2);
        q.apply(Step::Start, t0, "14:00");
        q.apply(Step::End, t0 + secs(312), "14:05");
        let text = summary(&q.log(t0 + secs(400)));
        assert!(text.contains("14:00") && text.contains("+0:12"), "{text}");
        assert!(text.contains("Talk 1 — 발표자 1"), "{text}");
    }
}
