//! Event mode in the presenter: the session's decks, the queue, and the deck the show holds for
//! each stage — a talk's own deck, or a card (a one-slide deck in the next talk's theme, drawn
//! by the one renderer) between talks. The log is written beside the session at each change.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::deck::{self, Deck};
use crate::event::{Queue, Session, Stage, Step};
use crate::rehearsal::History;

/// A session being run.
pub struct EventRun {
    /// The queue of talks.
    pub queue: Queue,
    /// Each talk's deck, by the session's index.
    pub decks: Vec<Arc<Deck>>,
    /// Where the log goes.
    pub log_path: Option<PathBuf>,
    /// Talks left out because their deck did not load, and why.
    pub problems: Vec<String>,
    /// A problem writing the log.
    pub log_problem: Option<String>,
}

impl EventRun {
    /// Loads every talk's deck (`options` for PDF decks); a deck that does not load is left
    /// out, and said so.
    pub fn load(mut session: Session, pdf: &deck::pdf::PdfOptions) -> Self {
        let file = session
            .path
            .as_ref()
            .map_or("session".to_string(), |p| p.display().to_string());
        let mut problems: Vec<String> = session
            .diagnostics
            .iter()
            .filter(|d| d.severity != crate::deck::Severity::Info)
            .map(|d| d.render(&file))
            .collect();
        let mut decks = Vec::new();
        let mut talks = Vec::new();
        for talk in std::mem::take(&mut session.talks) {
            match deck::load_with(&talk.deck, pdf) {
                Ok(mut d) => {
                    overrides(&session, &talk, *pdf).apply(&mut d);
                    // The room sees the time: the audience bar is on (and flashes at 0:00).
                    d.meta.audience_timer = true;
                    decks.push(Arc::new(d));
                    talks.push(talk);
                }
                Err(e) => problems.push(format!("left out of the session: {e}")),
            }
        }
        session.talks = talks;
        let titles = session
            .talks
            .iter()
            .zip(&decks)
            .map(|(t, d)| {
                t.title
                    .clone()
                    .or_else(|| d.meta.title.clone())
                    .unwrap_or_else(|| {
                        t.deck
                            .file_stem()
                            .unwrap_or_default()
                            .to_string_lossy()
                            .into_owned()
                    })
            })
            .collect();
        let log_path = session
            .path
            .as_deref()
            .or(session.talks.first().map(|t| t.deck.as_path()))
            .map(crate::event::log_path);
        Self {
            queue: Queue::new(session, titles),
            decks,
            log_path,
            problems,
            log_problem: None,
        }
    }

    /// One deck of every talk's slides and every card's text: what the fonts must cover.
    pub fn font_deck(&self) -> Deck {
        let mut all = Deck::default();
        for d in &self.decks {
            all.slides.extend(d.slides.iter().cloned());
        }
        for at in 0..self.decks.len() {
            all.slides
                .extend(self.card(Stage::Card(at)).slides.iter().cloned());
        }
        all.slides
            .extend(self.card(Stage::TimeUp(0)).slides.iter().cloned());
        all.slides
            .extend(self.card(Stage::End).slides.iter().cloned());
        all
    }

    /// The deck the show holds at `stage`, with the rehearsal history its slides compare to
    /// (a card has none).
    pub fn deck_for(&self, stage: Stage) -> (Arc<Deck>, History) {
        if let Stage::Talk(at) = stage
            && let Some(d) = self.queue.talk_at(at).and_then(|t| self.decks.get(t))
        {
            let history = d
                .path
                .as_deref()
                .and_then(|p| crate::rehearsal::load(&crate::rehearsal::history_path(p), "").ok())
                .unwrap_or_default();
            return (Arc::clone(d), history);
        }
        (Arc::new(self.card(stage)), History::default())
    }

    /// The card of `stage`: "next up" (event, speaker, title, length), "time", or the end.
    pub fn card(&self, stage: Stage) -> Deck {
        let session = self.queue.session();
        let event = session.title.clone().unwrap_or_default();
        let talk = match stage {
            Stage::Card(at) | Stage::Talk(at) | Stage::TimeUp(at) => self.queue.talk_at(at),
            Stage::End => None,
        };
        let theme = talk
            .and_then(|t| self.decks.get(t))
            .or(self.decks.first())
            .map(|d| d.meta.theme);
        let speaker = talk
            .and_then(|t| session.talks.get(t))
            .and_then(|t| t.speaker.clone());
        let text = match (stage, talk) {
            (Stage::Card(at), Some(t)) => {
                let length = session.length(&session.talks[t]);
                let format = match session.talks[t].format {
                    Some(crate::event::Format::Ignite) => " · Ignite",
                    Some(crate::event::Format::Pechakucha) => " · PechaKucha",
                    None => "",
                };
                let who = speaker.map_or(String::new(), |s| format!("## {}\n\n", escape(&s)));
                format!(
                    "{}\n\n# {}\n\n{who}Next up · {} of {} · {}{format}\n",
                    escape(&event),
                    escape(self.queue.title(t)),
                    at + 1,
                    self.decks.len(),
                    minutes(length),
                )
            }
            (Stage::TimeUp(_), _) => format!(
                "# Time!\n\n## Thank you{}\n",
                speaker.map_or(String::new(), |s| format!(", {}", escape(&s)))
            ),
            _ => format!("{}\n\n# Thank you!\n", escape(&event)),
        };
        let mut card = deck::parse(text.as_bytes(), std::path::Path::new("."));
        if let Some(theme) = theme {
            card.meta.theme = theme;
        }
        // The console's countdown on a card shows the length of the talk it announces.
        if let (Stage::Card(_), Some(t)) = (stage, talk) {
            card.meta.duration = session.length(&session.talks[t]);
        }
        card.meta.title = Some(event);
        for slide in &mut card.slides {
            slide.style.class = Some("center".into());
            slide.style.slide_number = false;
        }
        card
    }

    /// Applies a queue step; returns whether the stage changed (the show must switch decks).
    pub fn step(&mut self, step: Step, now: Instant, wall: &str) -> bool {
        let before = self.queue.stage();
        let changed = self.queue.apply(step, now, wall);
        if changed {
            self.write_log(now);
        }
        self.queue.stage() != before
    }

    /// Writes `SESSION.log.json` (atomically).
    pub fn write_log(&mut self, now: Instant) {
        let Some(path) = &self.log_path else {
            return;
        };
        let log = self.queue.log(now);
        let result = serde_json::to_vec_pretty(&log)
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                crate::files::write_atomically(path, &bytes).map_err(|e| e.to_string())
            });
        self.log_problem = result
            .err()
            .map(|e| format!("cannot write the event log {}: {e}", path.display()));
    }
}

/// What the event sets on a talk's deck, at load and on every reload: its length and format.
pub fn overrides(
    session: &Session,
    talk: &crate::event::Talk,
    pdf: deck::pdf::PdfOptions,
) -> super::presenter::Overrides {
    super::presenter::Overrides {
        duration: Some(session.length(talk)),
        auto_advance: talk.format.map(|f| f.per_slide()),
        pdf,
    }
}

/// `5 min`, `6 min 40 s`.
fn minutes(d: Duration) -> String {
    let s = d.as_secs();
    match (s / 60, s % 60) {
        (m, 0) => format!("{m} min"),
        (0, r) => format!("{r} s"),
        (m, r) => format!("{m} min {r} s"),
    }
}

/// A name or title as Markdown text (no heading, list or emphasis of its own).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '#' | '[' | ']' | '<' | '>' | '`' | '!' | '|'
        ) {
            out.push('\\');
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    out
}
