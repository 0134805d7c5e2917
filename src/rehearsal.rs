//! Rehearsal: per-slide time of every run, the history file beside the deck, and comparisons
//! with the previous and the best run — like a speedrunner's splits.
//!
//! Plain Rust: times come in as the timer's elapsed time (pauses already left out), dates as
//! text, and files through small functions that never overwrite a history that does not parse.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::deck::Deck;

/// The history file's format version.
pub const SCHEMA: u32 = 1;

/// A run with fewer slides visited than this is offered for discarding.
pub const SHORT_RUN: usize = 3;

/// Time spent on each slide of one run, as it is being recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorder {
    times: Vec<Duration>,
    on: usize,
    mark: Duration,
    visited: Vec<bool>,
}

impl Recorder {
    /// A recorder for a deck of `slides` slides, starting on slide 0 at elapsed zero.
    pub fn new(slides: usize) -> Self {
        let mut visited = vec![false; slides];
        if let Some(v) = visited.first_mut() {
            *v = true;
        }
        Self {
            times: vec![Duration::ZERO; slides],
            on: 0,
            mark: Duration::ZERO,
            visited,
        }
    }

    /// The slide on screen changed to `to` at `elapsed`: the time since the last change goes to
    /// the slide that was on screen (going back and forth accrues to whichever slide is shown).
    pub fn change(&mut self, to: usize, elapsed: Duration) {
        self.accrue(elapsed);
        self.on = to;
        if let Some(v) = self.visited.get_mut(to) {
            *v = true;
        }
    }

    fn accrue(&mut self, elapsed: Duration) {
        if let Some(t) = self.times.get_mut(self.on) {
            *t += elapsed.saturating_sub(self.mark);
        }
        self.mark = elapsed.max(self.mark);
    }

    /// Slides seen so far.
    pub fn visited(&self) -> usize {
        self.visited.iter().filter(|v| **v).count()
    }

    /// Ends the run at `elapsed`.
    pub fn finish(mut self, elapsed: Duration, deck: &Deck, date: &str) -> Run {
        self.accrue(elapsed);
        Run {
            date: date.to_string(),
            duration_secs: deck.meta.duration.as_secs_f64(),
            total_secs: elapsed.as_secs_f64(),
            slides: deck
                .slides
                .iter()
                .enumerate()
                .map(|(i, s)| SlideTime {
                    title: s.title.clone(),
                    position: i,
                    secs: self.times.get(i).map_or(0.0, Duration::as_secs_f64),
                    budget_secs: s.time_budget.map(|b| b.as_secs_f64()),
                })
                .collect(),
        }
    }
}

/// A rehearsal session: the history, the run being recorded, the summary on screen and the last
/// split. Driven by [`crate::show::Show`]; times are the timer's elapsed time, so pauses are left
/// out and tests pass exact values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Session {
    active: bool,
    history: History,
    recorder: Option<Recorder>,
    summary: Option<usize>,
    split: Option<(String, Option<f64>)>,
}

impl Session {
    /// A session; `active` records runs (`ltdeck rehearse`), else it only shows splits.
    pub fn new(active: bool, history: History) -> Self {
        Self {
            active,
            history,
            ..Self::default()
        }
    }

    /// Whether runs are recorded.
    pub fn active(&self) -> bool {
        self.active
    }

    /// Every run so far.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// The run whose summary is on screen.
    pub fn summary(&self) -> Option<usize> {
        self.summary
    }

    /// Whether a run is being recorded.
    pub fn recording(&self) -> bool {
        self.recorder.is_some()
    }

    /// The last split: text, and seconds ahead of the best run (negative: behind).
    pub fn split(&self) -> Option<&(String, Option<f64>)> {
        self.split.as_ref()
    }

    /// The timer started on slide `slide`: a run begins there (rehearsing only).
    pub fn start(&mut self, deck: &Deck, slide: usize) {
        if self.active && self.recorder.is_none() && self.summary.is_none() {
            let mut recorder = Recorder::new(deck.slides.len());
            recorder.change(slide, Duration::ZERO);
            self.recorder = Some(recorder);
        }
    }

    /// Slide `slide` came on screen at `elapsed`: record it, and the split against the best run.
    pub fn slide_changed(&mut self, deck: &Deck, slide: usize, elapsed: Duration) {
        if let Some(recorder) = &mut self.recorder {
            recorder.change(slide, elapsed);
        }
        let arrival = self
            .history
            .best()
            .and_then(|run| arrivals(deck, run).get(slide).copied());
        self.split = Some(split_text(slide, elapsed, arrival));
    }

    /// Ends the run at `elapsed`: stores it and opens its summary. Whether a run was stored.
    pub fn end(&mut self, deck: &Deck, elapsed: Duration, date: &str) -> bool {
        let Some(recorder) = self.recorder.take() else {
            return false;
        };
        self.history.runs.push(recorder.finish(elapsed, deck, date));
        self.summary = Some(self.history.runs.len() - 1);
        true
    }

    /// On the summary: throws the run away. Whether the history changed.
    pub fn discard(&mut self) -> bool {
        let Some(i) = self.summary.take() else {
            return false;
        };
        if i < self.history.runs.len() {
            self.history.runs.remove(i);
        }
        self.reset();
        true
    }

    /// Closes the summary, ready for a new run.
    pub fn reset(&mut self) {
        self.summary = None;
        self.recorder = None;
        self.split = None;
    }
}

/// One slide of a recorded run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SlideTime {
    /// The slide's title then, for matching across edits.
    pub title: Option<String>,
    /// Its position then (from 0).
    pub position: usize,
    /// Seconds spent on it.
    pub secs: f64,
    /// Its `<!-- time: … -->` budget then.
    pub budget_secs: Option<f64>,
}

/// One finished rehearsal.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Run {
    /// When it was recorded (local time, RFC 3339).
    pub date: String,
    /// The talk's length then.
    pub duration_secs: f64,
    /// How long the run took.
    pub total_secs: f64,
    /// Per-slide times.
    pub slides: Vec<SlideTime>,
}

impl Run {
    /// Seconds over (positive) or under (negative) the talk's length.
    pub fn over_secs(&self) -> f64 {
        self.total_secs - self.duration_secs
    }
}

/// Every run of one deck.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct History {
    /// Format version ([`SCHEMA`]).
    pub schema: u32,
    /// Runs, oldest first.
    pub runs: Vec<Run>,
}

impl History {
    /// The run that came closest to the talk's length (ties: the later one).
    pub fn best(&self) -> Option<&Run> {
        self.best_except(None)
    }

    /// Which run is [`History::best`], by its place: runs are told apart by their exact times,
    /// never by their dates (two runs in one minute share one).
    pub fn best_index(&self) -> Option<usize> {
        let best = self.best()?;
        self.runs.iter().position(|r| std::ptr::eq(r, best))
    }

    /// The best run other than run `skip` (to compare a run with the best of the others).
    pub fn best_except(&self, skip: Option<usize>) -> Option<&Run> {
        self.runs
            .iter()
            .enumerate()
            .rev()
            .filter(|(i, _)| Some(*i) != skip)
            .min_by(|(_, a), (_, b)| {
                a.over_secs()
                    .abs()
                    .partial_cmp(&b.over_secs().abs())
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
            .map(|(_, r)| r)
    }

    /// The most recent run.
    pub fn last(&self) -> Option<&Run> {
        self.runs.last()
    }
}

/// For each slide of the deck, the matching slide of a run: same title first, then the same
/// position among slides whose title found no match. History survives inserted slides.
pub fn match_slides(deck: &Deck, run: &Run) -> Vec<Option<usize>> {
    let mut used = vec![false; run.slides.len()];
    let mut out: Vec<Option<usize>> = vec![None; deck.slides.len()];
    for (i, slide) in deck.slides.iter().enumerate() {
        let Some(title) = &slide.title else { continue };
        let found = run
            .slides
            .iter()
            .enumerate()
            .find(|(j, s)| !used[*j] && s.title.as_ref() == Some(title));
        if let Some((j, _)) = found {
            used[j] = true;
            out[i] = Some(j);
        }
    }
    for (i, slot) in out.iter_mut().enumerate() {
        if slot.is_none()
            && let Some(j) = run.slides.iter().position(|s| s.position == i)
            && !used[j]
            && (deck.slides[i].title.is_none()
                || run.slides[j].title.is_none()
                || deck.slides[i].title != run.slides[j].title)
        {
            // Only when the title there changed too (a rename), never onto a matched title.
            let titled_elsewhere = deck
                .slides
                .iter()
                .any(|s| s.title.is_some() && s.title == run.slides[j].title);
            if !titled_elsewhere {
                used[j] = true;
                *slot = Some(j);
            }
        }
    }
    out
}

/// Seconds a run spent on each deck slide (matched), `None` where the slide is new.
pub fn times_for(deck: &Deck, run: &Run) -> Vec<Option<f64>> {
    match_slides(deck, run)
        .into_iter()
        .map(|m| m.map(|j| run.slides[j].secs))
        .collect()
}

/// When a run reached each deck slide (sum of the matched times before it).
pub fn arrivals(deck: &Deck, run: &Run) -> Vec<f64> {
    let times = times_for(deck, run);
    let mut at = 0.0;
    times
        .iter()
        .map(|t| {
            let here = at;
            at += t.unwrap_or(0.0);
            here
        })
        .collect()
}

/// The split shown on each slide change: `slide 6 at 2:03 · 5 s ahead of best`.
pub fn split_text(
    slide: usize,
    elapsed: Duration,
    best_arrival: Option<f64>,
) -> (String, Option<f64>) {
    let at = crate::timer::clock(elapsed.as_secs());
    let Some(best) = best_arrival else {
        return (format!("slide {} at {at}", slide + 1), None);
    };
    let diff = best - elapsed.as_secs_f64();
    let whole = diff.abs().round() as u64;
    let rel = if whole == 0 {
        "even with best".to_string()
    } else if diff > 0.0 {
        format!("{whole} s ahead of best")
    } else {
        format!("{whole} s behind best")
    };
    (format!("slide {} at {at} · {rel}", slide + 1), Some(diff))
}

/// Each slide's planned time in a deck (its own budget, or a share of the rest).
pub fn deck_budgets(deck: &Deck) -> Vec<Duration> {
    let given: Vec<Option<Duration>> = deck.slides.iter().map(|s| s.time_budget).collect();
    crate::timer::budgets(deck.meta.duration, &given)
}

/// Slides that ran most over their budget, on average over the runs: (title, average seconds over).
pub fn most_over_budget(deck: &Deck, history: &History, n: usize) -> Vec<(String, f64)> {
    let budgets = deck_budgets(deck);
    let mut sums = vec![(0.0f64, 0usize); deck.slides.len()];
    for run in &history.runs {
        for (i, t) in times_for(deck, run).into_iter().enumerate() {
            if let Some(t) = t {
                sums[i].0 += t - budgets[i].as_secs_f64();
                sums[i].1 += 1;
            }
        }
    }
    let mut avg: Vec<(String, f64)> = sums
        .iter()
        .enumerate()
        .filter(|(_, (_, n))| *n > 0)
        .map(|(i, (s, n))| {
            let title = deck.slides[i]
                .title
                .clone()
                .unwrap_or_else(|| format!("slide {}", i + 1));
            (title, s / *n as f64)
        })
        .filter(|(_, over)| *over > 0.0)
        .collect();
    avg.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Equal));
    avg.truncate(n);
    avg
}

/// `talk.md` → `talk.rehearsals.json`, beside the deck.
pub fn history_path(deck: &Path) -> PathBuf {
    let stem = deck
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "deck".into());
    deck.with_file_name(format!("{stem}.rehearsals.json"))
}

/// Why the history could not be read as it was.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// It did not decode; it was moved aside, untouched.
    #[error(
        "{path} is not a rehearsal history ({why}); it was moved to {moved} and a new history starts"
    )]
    MovedAside {
        /// The history file.
        path: String,
        /// Why it does not decode.
        why: String,
        /// Where it is now.
        moved: String,
    },
    /// It did not decode, and a read-only command left it where it is.
    #[error(
        "{path} is not a rehearsal history ({why}); left as it is (`ltdeck rehearse` moves it aside)"
    )]
    Broken {
        /// The history file.
        path: String,
        /// Why it does not decode.
        why: String,
    },
    /// It could not be read or moved.
    #[error("cannot use {path}: {why}")]
    Io {
        /// The history file.
        path: String,
        /// What went wrong.
        why: String,
    },
}

/// Reads a history to write to it later (presenting, rehearsing); a missing file is an empty
/// history. One that does not decode for any reason — bad UTF-8, bad JSON, the wrong shape, a
/// newer schema — is moved to `<file>.broken-<stamp>` (never overwritten) before anything is
/// written, and reported; the caller starts a new history.
pub fn load(path: &Path, stamp: &str) -> Result<History, HistoryError> {
    match decode(path)? {
        Ok(history) => Ok(history),
        Err(why) => Err(move_aside(path, stamp, &why)),
    }
}

/// Reads a history for a read-only command (`ltdeck rehearsals`): nothing is moved or written.
pub fn read(path: &Path) -> Result<History, HistoryError> {
    match decode(path)? {
        Ok(history) => Ok(history),
        Err(why) => Err(HistoryError::Broken {
            path: path.display().to_string(),
            why,
        }),
    }
}

/// The file's history, or why it is not one; `Err` only when it cannot be read at all.
fn decode(path: &Path) -> Result<Result<History, String>, HistoryError> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Ok(History {
                schema: SCHEMA,
                runs: Vec::new(),
            }));
        }
        Err(e) => {
            return Err(HistoryError::Io {
                path: path.display().to_string(),
                why: e.to_string(),
            });
        }
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return Ok(Err("it is not UTF-8 text".into()));
    };
    Ok(match serde_json::from_str::<History>(text) {
        Ok(h) if h.schema <= SCHEMA => Ok(h),
        Ok(h) => Err(format!(
            "schema {} is newer than this ltdeck ({SCHEMA})",
            h.schema
        )),
        Err(e) => Err(e.to_string()),
    })
}

fn move_aside(path: &Path, stamp: &str, why: &str) -> HistoryError {
    let mut moved = PathBuf::from(format!("{}.broken-{stamp}", path.display()));
    let mut n = 1;
    while moved.exists() {
        moved = PathBuf::from(format!("{}.broken-{stamp}-{n}", path.display()));
        n += 1;
    }
    match std::fs::rename(path, &moved) {
        Ok(()) => HistoryError::MovedAside {
            path: path.display().to_string(),
            why: why.to_string(),
            moved: moved.display().to_string(),
        },
        Err(e) => HistoryError::Io {
            path: path.display().to_string(),
            why: format!("{why}; and moving it aside failed: {e}"),
        },
    }
}

/// Writes a history atomically: a temporary file beside it, then a rename.
pub fn save(path: &Path, history: &History) -> std::io::Result<()> {
    let text = serde_json::to_string_pretty(history).map_err(std::io::Error::other)?;
    crate::files::write_atomically(path, text.as_bytes())
}

/// The user's data folder for ltdeck: `$XDG_DATA_HOME/ltdeck`, else `~/.local/share/ltdeck`.
pub fn data_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|d| Path::new(d).is_absolute())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    Some(base.join("ltdeck"))
}

/// Where a deck's history is kept when it cannot be written beside the deck (a read-only
/// folder, a full disk): `DATA/rehearsals/NAME-HASH.rehearsals.json`, the hash of the deck's
/// absolute path, so two decks called `talk.md` never share one.
pub fn kept_path(deck: &Path, data: &Path) -> PathBuf {
    let absolute = std::path::absolute(deck).unwrap_or_else(|_| deck.to_path_buf());
    // FNV-1a: stable across Rust versions, unlike std's hasher.
    let hash = absolute
        .to_string_lossy()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    let name = history_path(deck)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "deck.rehearsals.json".into());
    let stem = name.trim_end_matches(".rehearsals.json");
    data.join("rehearsals")
        .join(format!("{stem}-{hash:016x}.rehearsals.json"))
}

/// Where a history went.
#[derive(Debug, PartialEq, Eq)]
pub enum Kept {
    /// Beside the deck, as always.
    Beside,
    /// In the user's data folder, because the deck's folder could not be written.
    Elsewhere {
        /// The file it went to.
        to: PathBuf,
        /// Why it could not go beside the deck.
        why: String,
    },
}

/// A history that could be written nowhere.
#[derive(Debug, thiserror::Error)]
#[error("cannot save the rehearsal history: {beside}: {why}; {kept}: {kept_why}")]
pub struct NotKept {
    /// The history beside the deck.
    pub beside: String,
    /// Why it could not be written there.
    pub why: String,
    /// The data folder's copy.
    pub kept: String,
    /// Why that failed too.
    pub kept_why: String,
}

impl Kept {
    /// The console's words for it: both paths, and where `ltdeck rehearsals` looks.
    pub fn message(&self, beside: &Path) -> Option<String> {
        match self {
            Kept::Beside => None,
            Kept::Elsewhere { to, why } => Some(format!(
                "cannot save {}: {why}; the runs are kept in {} instead (`ltdeck rehearsals` reads them there)",
                beside.display(),
                to.display()
            )),
        }
    }
}

/// Saves a history beside the deck (`path`), or, when that fails, in `kept` (see
/// [`kept_path`]). Once it is beside the deck again, the kept copy (whose runs a load merged in)
/// is removed.
pub fn save_kept(path: &Path, kept: Option<&Path>, history: &History) -> Result<Kept, NotKept> {
    let why = match save(path, history) {
        Ok(()) => {
            if let Some(kept) = kept {
                let _ = std::fs::remove_file(kept);
            }
            return Ok(Kept::Beside);
        }
        Err(e) => e.to_string(),
    };
    let not_kept = |kept: &Path, kept_why: String| NotKept {
        beside: path.display().to_string(),
        why: why.clone(),
        kept: kept.display().to_string(),
        kept_why,
    };
    let Some(kept) = kept else {
        return Err(not_kept(
            Path::new("(no data folder)"),
            "neither XDG_DATA_HOME nor HOME is set".into(),
        ));
    };
    let saved = kept
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| save(kept, history));
    match saved {
        Ok(()) => Ok(Kept::Elsewhere {
            to: kept.to_path_buf(),
            why,
        }),
        Err(e) => Err(not_kept(kept, e.to_string())),
    }
}

/// `history` with the runs of a kept copy it lacks, oldest first.
pub fn merge(mut history: History, kept: History) -> History {
    for run in kept.runs {
        if !history.runs.contains(&run) {
            history.runs.push(run);
        }
    }
    // Dates are `YYYY-MM-DD HH:MM`: their text sorts by time; equal dates keep their order.
    history.runs.sort_by(|a, b| a.date.cmp(&b.date));
    history
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn s(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    fn broken_copies(dir: &Path) -> Vec<PathBuf> {
        std::fs::read_dir(dir)
            .expect("dir")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().contains(".broken-"))
            .collect()
    }

    #[test]
    fn a_history_that_does_not_decode_for_any_reason_is_moved_aside_before_a_write() {
        let cases: [(&str, &[u8]); 4] = [
            (
                "bad utf-8",
                b"{\"schema\": 1, \"runs\": [{\"date\": \"\xff\"}]}",
            ),
            ("bad json", b"{\"schema\": 1, \"runs\": ["),
            ("wrong shape", b"[1, 2, 3]"),
            ("newer schema", b"{\"schema\": 99, \"runs\": []}"),
        ];
        for (case, bytes) in cases {
            let dir = tempfile::tempdir().expect("tempdir");
            let path = dir.path().join("talk.rehearsals.json");
            std::fs::write(&path, bytes).expect("write");
            let err = load(&path, "20261201-2000").expect_err(case);
            assert!(
                matches!(err, HistoryError::MovedAside { .. }),
                "{case}: {err}"
            );
            let moved = broken_copies(dir.path());
            assert_eq!(moved.len(), 1, "{case}");
            assert_eq!(
                std::fs::read(&moved[0]).expect("read"),
                bytes,
                "{case}: kept as it was"
            );
            assert!(
                err.to_string().contains(&moved[0].display().to_string()),
                "{case}"
            );
            assert!(!path.exists(), "{case}");
        }
    }

    #[test]
    fn a_read_only_look_at_a_broken_history_moves_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("talk.rehearsals.json");
        std::fs::write(&path, b"not json").expect("write");
        let err = read(&path).expect_err("broken");
        assert!(matches!(err, HistoryError::Broken { .. }), "{err}");
        assert!(path.exists() && broken_copies(dir.path()).is_empty());
    }

    #[test]
    fn an_older_history_without_later_fields_still_decodes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("talk.rehearsals.json");
        std::fs::write(
            &path,
            br#"{"runs": [{"date": "d", "total_secs": 61.0, "slides": [{"secs": 1.0}]}]}"#,
        )
        .expect("write");
        let h = read(&path).expect("decodes");
        assert_eq!(h.runs[0].total_secs, 61.0);
        assert_eq!(h.runs[0].slides[0].title, None);
    }

    #[test]
    fn saving_keeps_the_files_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("talk.rehearsals.json");
        save(&path, &History::default()).expect("first save");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
        save(&path, &History::default()).expect("save over a read-only file");
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o444);
    }

    fn deck(text: &str) -> Deck {
        crate::deck::parse(text.as_bytes(), Path::new("."))
    }

    fn three() -> Deck {
        deck("---\nduration: 1m\n---\n# A\n\n---\n\n# B\n<!-- time: 30s -->\n\n---\n\n# C\n")
    }

    #[test]
    fn time_accrues_to_the_slide_on_screen_across_back_and_forth() {
        let d = three();
        let mut r = Recorder::new(3);
        r.change(1, s(10)); // A: 10
        r.change(0, s(25)); // B: 15
        r.change(1, s(30)); // A: +5
        r.change(2, s(40)); // B: +10
        let run = r.finish(s(52), &d, "2026-11-25T14:00:00+00:00"); // C: 12
        let times: Vec<f64> = run.slides.iter().map(|t| t.secs).collect();
        assert_eq!(times, [15.0, 25.0, 12.0]);
        assert_eq!(run.total_secs, 52.0);
        assert_eq!(run.slides[1].budget_secs, Some(30.0));
        assert_eq!(run.slides[1].title.as_deref(), Some("B"));
    }

    #[test]
    fn pauses_do_not_count_because_elapsed_already_leaves_them_out() {
        // The recorder is fed the timer's elapsed time: a paused minute never reaches it.
        let t0 = std::time::Instant::now();
        let mut timer = crate::timer::Timer::new(s(60), &[]);
        let mut r = Recorder::new(2);
        timer.start(t0);
        timer.toggle(t0 + s(5)); // pause
        timer.toggle(t0 + s(65)); // resume after a question
        r.change(1, timer.elapsed(t0 + s(70)));
        let run = r.finish(timer.elapsed(t0 + s(71)), &deck("# A\n\n---\n\n# B"), "d");
        assert_eq!(run.slides[0].secs, 10.0);
        assert_eq!(run.slides[1].secs, 1.0);
    }

    #[test]
    fn visited_counts_slides_seen() {
        let mut r = Recorder::new(5);
        assert_eq!(r.visited(), 1);
        r.change(1, s(1));
        r.change(0, s(2));
        r.change(1, s(3));
        assert_eq!(r.visited(), 2);
    }

    fn run(total: f64, times: &[(&str, f64)]) -> Run {
        Run {
            date: "d".into(),
            duration_secs: 60.0,
            total_secs: total,
            slides: times
                .iter()
                .enumerate()
                .map(|(i, (t, secs))| SlideTime {
                    title: Some(t.to_string()),
                    position: i,
                    secs: *secs,
                    budget_secs: None,
                })
                .collect(),
        }
    }

    #[test]
    fn best_run_is_the_one_closest_to_the_talk_length() {
        let h = History {
            schema: SCHEMA,
            runs: vec![
                run(80.0, &[]),
                run(55.0, &[]),
                run(62.0, &[]),
                run(58.0, &[]),
            ],
        };
        assert_eq!(
            h.best().map(|r| r.total_secs),
            Some(58.0),
            "2 s under beats 2 s over? equal: the later one"
        );
        assert_eq!(h.last().map(|r| r.total_secs), Some(58.0));
        assert!(History::default().best().is_none());
    }

    #[test]
    fn slides_match_by_title_after_an_insertion_and_by_position_after_a_rename() {
        let old = run(60.0, &[("A", 10.0), ("B", 20.0), ("C", 30.0)]);
        let inserted = deck("# A\n\n---\n\n# New\n\n---\n\n# B\n\n---\n\n# C");
        assert_eq!(
            match_slides(&inserted, &old),
            [Some(0), None, Some(1), Some(2)]
        );
        assert_eq!(
            times_for(&inserted, &old),
            [Some(10.0), None, Some(20.0), Some(30.0)]
        );
        let renamed = deck("# A\n\n---\n\n# B, renamed\n\n---\n\n# C");
        assert_eq!(match_slides(&renamed, &old), [Some(0), Some(1), Some(2)]);
        let moved = deck("# C\n\n---\n\n# A\n\n---\n\n# B");
        assert_eq!(match_slides(&moved, &old), [Some(2), Some(0), Some(1)]);
        assert_eq!(arrivals(&moved, &old), [0.0, 30.0, 40.0]);
    }

    #[test]
    fn split_text_against_the_best_run() {
        assert_eq!(
            split_text(5, s(123), Some(128.0)).0,
            "slide 6 at 2:03 · 5 s ahead of best"
        );
        assert_eq!(
            split_text(5, s(123), Some(118.0)).0,
            "slide 6 at 2:03 · 5 s behind best"
        );
        assert_eq!(
            split_text(5, s(123), Some(123.2)).0,
            "slide 6 at 2:03 · even with best"
        );
        assert_eq!(split_text(0, s(0), None).0, "slide 1 at 0:00");
    }

    #[test]
    fn most_over_budget_averages_runs() {
        let d = three(); // budgets: A 15, B 30, C 15 (60 s, B given)
        let h = History {
            schema: SCHEMA,
            runs: vec![
                run(70.0, &[("A", 25.0), ("B", 30.0), ("C", 15.0)]),
                run(70.0, &[("A", 15.0), ("B", 40.0), ("C", 15.0)]),
            ],
        };
        assert_eq!(
            most_over_budget(&d, &h, 3),
            [("A".to_string(), 5.0), ("B".to_string(), 5.0)]
        );
    }

    #[test]
    fn a_history_that_cannot_go_beside_the_deck_is_kept_in_the_data_folder() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let data = dir.path().join("data");
        // The deck's folder is gone (unmounted stick, deleted folder): nothing can go beside it.
        let deck = dir.path().join("gone/talk.md");
        let beside = history_path(&deck);
        let kept = kept_path(&deck, &data);
        let history = History {
            schema: SCHEMA,
            runs: vec![run(290.0, &[("A", 290.0)])],
        };
        let where_ = save_kept(&beside, Some(&kept), &history).expect("kept somewhere");
        let Kept::Elsewhere { to, .. } = &where_ else {
            panic!("kept beside a folder that does not exist: {where_:?}");
        };
        assert_eq!(to, &kept);
        assert!(kept.starts_with(data.join("rehearsals")));
        assert_eq!(read(&kept).expect("it reads back"), history);
        let msg = where_.message(&beside).expect("the console says where");
        assert!(
            msg.contains(&beside.display().to_string())
                && msg.contains(&kept.display().to_string()),
            "{msg}"
        );
        // The folder is back: the merged history goes beside the deck, the kept copy goes away.
        std::fs::create_dir_all(beside.parent().expect("a parent")).expect("made");
        let merged = merge(History::default(), read(&kept).expect("read"));
        assert_eq!(
            save_kept(&beside, Some(&kept), &merged).expect("saved"),
            Kept::Beside
        );
        assert!(!kept.exists());
        assert_eq!(read(&beside).expect("read").runs, history.runs);
    }

    #[test]
    fn a_history_that_can_go_nowhere_is_an_error_naming_both_places() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let blocker = dir.path().join("data");
        std::fs::write(&blocker, "a file where the data folder goes").expect("written");
        let deck = dir.path().join("gone/talk.md");
        let kept = kept_path(&deck, &blocker);
        let err = save_kept(&history_path(&deck), Some(&kept), &History::default())
            .expect_err("nowhere to write");
        let text = err.to_string();
        assert!(
            text.contains("gone/talk.rehearsals.json") && text.contains("data/rehearsals"),
            "{text}"
        );
    }

    #[test]
    fn two_decks_of_one_name_keep_their_runs_apart() {
        let data = Path::new("/data");
        let a = kept_path(Path::new("/talks/a/talk.md"), data);
        let b = kept_path(Path::new("/talks/b/talk.md"), data);
        assert_ne!(a, b);
        assert!(
            a.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("talk-"))
        );
    }

    #[test]
    fn merging_a_kept_copy_adds_only_the_runs_missing_in_date_order() {
        let mut a = run(300.0, &[("A", 300.0)]);
        a.date = "2026-12-01 10:00".into();
        let mut b = run(280.0, &[("A", 280.0)]);
        b.date = "2026-12-02 10:00".into();
        let beside = History {
            schema: SCHEMA,
            runs: vec![b.clone()],
        };
        let kept = History {
            schema: SCHEMA,
            runs: vec![a.clone(), b.clone()],
        };
        assert_eq!(merge(beside, kept).runs, [a, b]);
    }

    #[test]
    fn the_best_run_is_one_run_even_when_two_share_a_minute() {
        let mut near = run(61.0, &[("A", 61.0)]);
        near.date = "2026-12-01 10:00".into();
        let mut far = run(120.0, &[("A", 120.0)]);
        far.date = near.date.clone();
        let history = History {
            schema: SCHEMA,
            runs: vec![far, near],
        };
        assert_eq!(history.best_index(), Some(1));
    }

    #[test]
    fn history_round_trips_and_is_written_atomically() {
        let dir = tempfile::tempdir().expect("tempdir");
        let deck_path = dir.path().join("talk.md");
        let path = history_path(&deck_path);
        assert_eq!(
            path.file_name().and_then(|n| n.to_str()),
            Some("talk.rehearsals.json")
        );
        assert_eq!(load(&path, "x").expect("missing is empty").runs.len(), 0);
        let h = History {
            schema: SCHEMA,
            runs: vec![run(61.5, &[("A", 61.5)])],
        };
        save(&path, &h).expect("save");
        assert_eq!(load(&path, "x").expect("load"), h);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .expect("dir")
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains("\"schema\": 1"));
    }

    #[test]
    fn a_broken_history_is_moved_aside_never_overwritten() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("talk.rehearsals.json");
        std::fs::write(&path, "{ not json").expect("write");
        let err = load(&path, "20261125-140000").expect_err("broken");
        let moved = dir
            .path()
            .join("talk.rehearsals.json.broken-20261125-140000");
        assert!(matches!(err, HistoryError::MovedAside { .. }), "{err}");
        assert!(err.to_string().contains("moved to"), "{err}");
        assert_eq!(std::fs::read_to_string(&moved).expect("kept"), "{ not json");
        assert!(!path.exists());
        std::fs::write(&path, "{ also broken").expect("write");
        let _ = load(&path, "20261125-140000");
        assert!(
            dir.path()
                .join("talk.rehearsals.json.broken-20261125-140000-1")
                .exists(),
            "a second one gets its own name"
        );
        std::fs::write(&path, "{\"schema\": 99, \"runs\": []}").expect("write");
        assert!(
            load(&path, "later").is_err(),
            "a newer schema is not read as ours"
        );
    }
}
