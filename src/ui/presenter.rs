//! The presenter: the show (which owns the deck), images, reloads, the rehearsal history file
//! and warnings, and the two views — the presenter console and the audience slides. Both windows
//! feed keys into the same [`Presenter::handle_input`]; only [`crate::show::Show::apply`] changes
//! the show, and [`Presenter::carry_out`] is the one place its effects are carried out.
//!
//! Owns turning state into pictures and effects into viewport commands and file writes. It reads
//! files only through the watcher's reload (a deck is small; images go through the worker
//! threads).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::{Color32, CursorIcon, Rect, Sense, Ui, ViewportCommand, ViewportId};

use crate::deck::{self, Deck, Severity};
use crate::fonts::discover::FontPlan;
use crate::images::ImageCache;
use crate::render::images::{Images, NoImages};
use crate::render::theme::Theme;
use crate::render::{self, View};
use crate::show::{Action, Blank, Effect, Show, Window};
use crate::watch::{Change, DeckWatcher};

use super::draft::{Draft, Problem, Saved};
use super::input;

/// How long the pointer may rest before the audience window hides it.
pub const CURSOR_HIDE_AFTER: Duration = Duration::from_secs(2);

/// How long the deck file must be still before it is re-read: editors and sync tools write in
/// several steps, and a half-written deck must never reach the projector.
pub const RELOAD_SETTLE: Duration = Duration::from_millis(300);

/// Command-line settings that win over the deck's own, on every reload too.
#[derive(Debug, Clone, Copy, Default)]
pub struct Overrides {
    /// `--duration`.
    pub duration: Option<Duration>,
    /// `--ignite`, `--pechakucha`: time per slide.
    pub auto_advance: Option<Duration>,
    /// `--notes`, `--no-overlays`: how a PDF deck is read.
    pub pdf: deck::pdf::PdfOptions,
}

impl Overrides {
    /// Writes the overrides into a deck's settings.
    pub fn apply(&self, deck: &mut Deck) {
        if let Some(d) = self.duration {
            deck.meta.duration = d;
        }
        if let Some(a) = self.auto_advance {
            deck.meta.auto_advance = Some(a);
        }
    }
}

/// The rehearsal history file beside the deck, and what went wrong with it.
#[derive(Debug, Default)]
pub struct HistoryFile {
    /// The history file, when the deck came from a file.
    pub path: Option<PathBuf>,
    /// Where runs go when they cannot go beside the deck (the user's data folder).
    pub kept: Option<PathBuf>,
    /// A problem with the history file (console only).
    pub problem: Option<String>,
}

/// The windows effects are carried out on (from the window layer; empty in tests).
#[derive(Debug, Clone, Default)]
pub struct Windows {
    /// The audience viewport, while it is shown.
    pub audience: Option<ViewportId>,
    /// The monitors, in winit's order.
    pub monitors: Vec<super::Monitor>,
    /// The windows are Wayland surfaces: a window's own monitor list can order outputs
    /// differently from the event loop's after a projector came and went (winit 0.30), so a
    /// monitor index is used only where nothing else will do.
    pub wayland: bool,
}

/// The app's state.
pub struct Presenter {
    /// The rehearsal history file.
    pub history: HistoryFile,
    /// Command-line settings over the deck's.
    pub overrides: Overrides,
    /// Where the deck came from.
    pub path: Option<PathBuf>,
    /// The presentation state, with the deck on screen (the last one that parsed cleanly).
    pub show: Show,
    /// Colours and sizes.
    pub theme: Theme,
    /// Decoded images (made on the first frame, with the egui context).
    pub images: Option<ImageCache>,
    /// Watches the deck for saves.
    pub watcher: Option<DeckWatcher>,
    /// The last reload that failed, and why (console only).
    pub reload_error: Option<String>,
    /// Font problems, such as a script with no font (console only).
    pub font_warnings: Vec<String>,
    /// Image problems `check` found (missing, remote, unreadable), read off the UI thread.
    pub image_warnings: Vec<String>,
    /// Where the background image check reports.
    image_check: Option<std::sync::mpsc::Receiver<Vec<String>>>,
    /// The deck was reloaded: check its images again on the next frame.
    reload_pending_check: bool,
    /// A reload is due at this time.
    reload_due: Option<Instant>,
    /// Last pointer movement over the audience slides.
    pub pointer_moved: Option<Instant>,
    /// Effects still to carry out (from input in either window).
    pub pending: Vec<Effect>,
    /// The wall clock, frozen in tests.
    pub clock: Clock,
    /// The console's slide previews, kept as pictures while they show the same thing.
    pub previews: super::previews::Previews,
    /// Counts frames in which images arrived or were forgotten (previews are drawn again).
    images_seen: u64,
    /// Faces for the text a PDF deck does not embed.
    pub page_fonts: crate::pages::Fallbacks,
    /// Notes being edited in the console, or kept after a save that could not be made.
    pub draft: Option<Draft>,
    /// What became of the last notes edit (saved, or why editing could not begin), and the
    /// slide it is about: the console says it under that slide's notes.
    pub notes_message: Option<(usize, String)>,
    /// Files this presenter wrote (saved notes) and what it wrote: the watcher's report of
    /// its own write reads no deck again.
    own_saves: Vec<(PathBuf, Vec<u8>)>,
    /// Event mode: the session being run.
    pub event: Option<super::session::EventRun>,
    /// The deck changed (the next talk): watch its file from the next frame.
    rewatch: bool,
    /// Where the audience window drew its last slide, at what pixels per point.
    projector: Option<(Rect, f32)>,
    /// Where the console drew its two previews (now, next) in its last frame.
    previews_at: [Option<Rect>; 2],
    /// Where the console drew the notes in its last frame, at what scale.
    notes_at: Option<(Rect, f32)>,
    /// What [`Presenter::lay_out_ahead`] last laid out, and where.
    ahead: Option<Ahead>,
    /// What keeps the screens awake (the console's top bar says it; a failure is a warning).
    pub awake: Option<crate::idle::Report>,
}

/// What [`Presenter::lay_out_ahead`] laid out: the position after the next key, in which deck,
/// where, with which images; the font atlas's size is in it (an atlas started over has lost
/// those glyphs).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Ahead {
    deck: usize,
    position: (usize, usize),
    projector: Option<(Rect, f32)>,
    previews: [Option<Rect>; 2],
    notes: Option<(Rect, f32)>,
    pixels_per_point: f32,
    images: u64,
    atlas: [usize; 2],
}

/// Time source: the real clock, or a fixed one for tests.
#[derive(Debug, Clone)]
pub enum Clock {
    /// `Instant::now()` and the local time.
    Real,
    /// A fixed instant and wall-clock text.
    Fixed(Instant, String),
}

impl Clock {
    /// The monotonic now.
    pub fn now(&self) -> Instant {
        match self {
            Clock::Real => Instant::now(),
            Clock::Fixed(i, _) => *i,
        }
    }

    /// Local time `left` from now, as `14:05` (when the talk ends).
    pub fn wall_after(&self, left: Duration) -> String {
        match self {
            Clock::Real => {
                let end =
                    chrono::Local::now() + chrono::Duration::from_std(left).unwrap_or_default();
                end.format("%H:%M").to_string()
            }
            Clock::Fixed(_, s) => format!("{s}+{}", crate::timer::clock(left.as_secs())),
        }
    }

    /// Today and now, for a rehearsal's date: `2026-11-25 14:05`.
    pub fn date(&self) -> String {
        match self {
            Clock::Real => chrono::Local::now().format("%Y-%m-%d %H:%M").to_string(),
            Clock::Fixed(_, s) => format!("2026-11-25 {s}"),
        }
    }

    /// Local time as `14:05`.
    pub fn wall(&self) -> String {
        match self {
            Clock::Real => chrono::Local::now().format("%H:%M").to_string(),
            Clock::Fixed(_, s) => s.clone(),
        }
    }
}

impl Presenter {
    /// A presenter for a parsed deck.
    pub fn new(deck: Deck) -> Self {
        Self {
            history: HistoryFile::default(),
            overrides: Overrides::default(),
            theme: Theme::named(deck.meta.theme),
            path: deck.path.clone(),
            show: Show::for_deck(deck),
            images: None,
            watcher: None,
            reload_error: None,
            font_warnings: Vec::new(),
            image_warnings: Vec::new(),
            image_check: None,
            reload_pending_check: false,
            reload_due: None,
            pointer_moved: None,
            pending: Vec::new(),
            clock: Clock::Real,
            previews: Default::default(),
            images_seen: 0,
            page_fonts: Default::default(),
            draft: None,
            notes_message: None,
            own_saves: Vec::new(),
            event: None,
            rewatch: false,
            projector: None,
            previews_at: [None; 2],
            notes_at: None,
            ahead: None,
            awake: None,
        }
    }

    /// The deck on screen.
    pub fn deck(&self) -> &Deck {
        self.show.deck()
    }

    /// Which scripts lack a font, as console warnings (the bundled Hangul face is no problem).
    pub fn check_fonts(&mut self, plan: &FontPlan) {
        let text = crate::check::deck_text(self.deck());
        self.font_warnings = crate::check::font_notes(plan, &text)
            .into_iter()
            .filter(|d| d.severity >= Severity::Warning)
            .map(|d| format!("{}: {}", d.message, d.hint))
            .collect();
    }

    /// Checks every image of the deck on a worker thread (file exists, header reads), so the
    /// console lists problems at once, not when their slide comes near.
    pub fn check_images(&mut self, ctx: &egui::Context) {
        let deck = self.show.deck_arc();
        let name = self
            .path
            .as_deref()
            .map_or("deck".to_string(), |p| p.display().to_string());
        let (tx, rx) = std::sync::mpsc::channel();
        let waker = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("ltdeck-check".into())
            .spawn(move || {
                // What needs the speaker's eye: not the info lines (an animation's length).
                let found: Vec<String> = crate::check::image_diagnostics(&deck)
                    .iter()
                    .filter(|d| d.severity != crate::deck::Severity::Info)
                    .map(|d| {
                        d.render(&name)
                            .lines()
                            .next()
                            .unwrap_or_default()
                            .to_string()
                    })
                    .collect();
                if tx.send(found).is_ok() {
                    waker.request_repaint();
                }
            });
        if spawned.is_ok() {
            self.image_check = Some(rx);
        }
    }

    /// Starts watching the deck file for saves.
    pub fn watch(&mut self, ctx: &egui::Context) {
        let Some(path) = self.path.clone() else {
            return;
        };
        let waker = ctx.clone();
        match DeckWatcher::new(&path, move || waker.request_repaint()) {
            Ok(mut w) => {
                w.watch_images(image_paths(self.deck()).iter().map(PathBuf::as_path));
                self.watcher = Some(w);
            }
            Err(e) => self.reload_error = Some(format!("live reload is off: {e}")),
        }
    }

    fn images(&mut self, ctx: &egui::Context) -> &ImageCache {
        let pdf = self.deck().is_pdf();
        // Decoded images are kept at most this large: a 1080p projector shows no more.
        let cache = self
            .images
            .get_or_insert_with(|| ImageCache::new(ctx, 2, [1920, 1200]));
        // A PDF deck's pages come from one thread that owns the document (opened again after a
        // reload: the file changed).
        if pdf
            && cache.pages().is_none()
            && let Some(path) = &self.path
        {
            let pages = crate::pages::PageCache::open(ctx, path, self.page_fonts.clone());
            cache.set_pages(Some(pages));
        }
        cache
    }

    /// Once a frame, before drawing: images that arrived, reloads that are due, auto-advance.
    /// Returns whether images arrived (other views may need to repaint).
    pub fn update(&mut self, ctx: &egui::Context) -> bool {
        if std::mem::take(&mut self.rewatch) {
            self.watcher = None;
            self.watch(ctx);
        }
        let mut images_changed = self.images(ctx).poll();
        if std::mem::take(&mut self.reload_pending_check) {
            self.check_images(ctx);
        }
        if let Some(found) = self.image_check.as_ref().and_then(|rx| rx.try_recv().ok()) {
            self.image_warnings = found;
            self.image_check = None;
        }
        let now = self.clock.now();
        let changes = self
            .watcher
            .as_ref()
            .map(DeckWatcher::changes)
            .unwrap_or_default();
        for change in changes {
            if self.file_changed(change) {
                // Forgotten images are decoded again when drawn: draw (both windows) now.
                images_changed = true;
                ctx.request_repaint();
            }
        }
        self.reload_if_due();
        if let Some(due) = self.reload_due {
            ctx.request_repaint_after(due.saturating_duration_since(now));
        }
        self.prefetch(ctx);
        let date = self.clock.date();
        self.apply(Action::Tick { date });
        self.event_tick();
        // Repaint when the timer's text changes or the next auto-advance is due, not before.
        let next = [
            self.show.timer().next_change(now),
            self.show.until_advance(now),
        ];
        if let Some(wait) = next.into_iter().flatten().min() {
            ctx.request_repaint_after(wait);
        }
        if images_changed {
            self.images_seen += 1;
        }
        images_changed
    }

    /// A slide preview in the console, from its cached picture when it still shows the same
    /// thing (see [`super::previews`]). Returns `None` when there is no such slide.
    pub fn preview(
        &mut self,
        ui: &Ui,
        slot: super::previews::Slot,
        rect: Rect,
        (index, step): (usize, usize),
    ) -> Option<()> {
        self.deck().slides.get(index)?;
        self.previews_at[slot as usize] = Some(rect);
        let ctx = ui.ctx();
        let key = super::previews::PreviewKey {
            deck: std::ptr::from_ref(self.deck()) as usize,
            position: (index, step),
            rect,
            pixels_per_point: ctx.pixels_per_point(),
            images: self.images_seen,
            atlas: ctx.fonts(|f| f.font_image_size()),
        };
        // The current slide's animations play in the console too: drawn every frame they move.
        let playing = (slot == super::previews::Slot::Current)
            .then(|| self.show.playing_for(self.clock.now()))
            .flatten();
        let animated = playing.is_some()
            && self.images.as_ref().is_some_and(|cache| {
                self.deck().slides[index]
                    .images
                    .iter()
                    .any(|i| cache.is_animated(i))
            });
        // Borrowed field by field, so the previews (mutable) and the deck, theme and images
        // (read) can be used together.
        let deck = self.show.deck_arc();
        let (theme, images) = (&self.theme, images_of(&self.images));
        let draw = |painter: &egui::Painter| {
            paint_slide(
                painter,
                rect,
                &deck,
                theme,
                images,
                (index, step),
                false,
                playing,
            );
        };
        if animated {
            draw(ui.painter());
        } else {
            self.previews.show(ui, slot, key, draw);
        }
        Some(())
    }

    /// The notes half of a Beamer notes page, as large as fits `rect`, at its top.
    pub fn notes_page(&self, ui: &Ui, rect: Rect, (index, step): (usize, usize)) {
        let Some(slide) = self.deck().slides.get(index) else {
            return;
        };
        let Some(page) = slide.page.as_ref() else {
            return;
        };
        let Some(part) = page.notes_part() else {
            return;
        };
        let fitted = render::page_rect(rect, page.size);
        let dest = Rect::from_min_size(egui::pos2(fitted.min.x, rect.min.y), fitted.size());
        let view = View {
            slide,
            meta: &self.deck().meta,
            step,
            theme: &self.theme,
            images: images_of(&self.images),
            audience: false,
            playing: None,
        };
        render::draw_page_part(ui.painter(), dest, page.page_at(step), part, &view);
    }

    /// A file the deck uses changed on disk. A deck save is read once the file has been still
    /// for [`RELOAD_SETTLE`] (each change restarts the wait); a changed image is forgotten and
    /// decoded again when drawn, a broken one too. Returns whether an image was forgotten.
    pub fn file_changed(&mut self, change: Change) -> bool {
        match change {
            Change::Deck => {
                if !self.path.clone().is_some_and(|p| self.is_own_save(&p)) {
                    self.reload_later();
                }
                false
            }
            // A PDF's pdfpc notes saved: the deck is read again; its pages stay as they are.
            Change::Image(path) if self.is_sidecar(&path) => {
                if !self.is_own_save(&path) {
                    self.reload_later();
                }
                false
            }
            Change::Image(path) => {
                let forgotten = self.images.as_ref().is_some_and(|i| i.invalidate(&path));
                if forgotten {
                    self.reload_pending_check = true;
                }
                forgotten
            }
        }
    }

    /// Whether `path` holds what this presenter last wrote into it (saved notes): the deck on
    /// screen was read from it already.
    fn is_own_save(&self, path: &Path) -> bool {
        let same = |p: &Path| std::path::absolute(p).ok() == std::path::absolute(path).ok();
        self.own_saves
            .iter()
            .rev()
            .find(|(p, _)| same(p))
            .is_some_and(|(_, bytes)| std::fs::read(path).is_ok_and(|now| now == *bytes))
    }

    /// Starts the draft for the slide the show edits, once (each console frame asks). Editing
    /// that cannot begin ends at once, and the console says why.
    pub fn sync_draft(&mut self, ctx: &egui::Context) {
        let Some(slide) = self.show.editing() else {
            return;
        };
        let began = match (&mut self.draft, &self.path) {
            (Some(d), _) if d.slide == slide => {
                // Editing the notes again after a save that could not be made.
                if d.problem.take().is_some() {
                    d.focused = false;
                }
                return;
            }
            (Some(d), _) => Err(format!(
                "slide {}'s edited notes are not saved yet: save them over, discard or copy them first",
                d.slide + 1
            )),
            (None, None) => Err("notes of a deck read from text have no file to go into".into()),
            (None, Some(path)) => match self.show.deck().slides.get(slide) {
                Some(s) => Draft::begin(path, slide, s),
                None => return,
            },
        };
        match began {
            Ok(draft) => {
                self.draft = Some(draft);
                self.notes_message = None;
                // The keys were pressed in the audience window, maybe: the typing goes here.
                ctx.send_viewport_cmd_to(ViewportId::ROOT, ViewportCommand::Focus);
            }
            Err(why) => {
                self.notes_message = Some((slide, format!("cannot edit these notes: {why}")));
                self.apply(Action::Command(crate::action::Command::Escape));
            }
        }
    }

    /// Saves the draft of `slide` (editing it ended); `over`: even though its file changed
    /// since editing began (the edit is made to the file as it is now).
    pub fn save_notes(&mut self, slide: usize, over: bool) {
        let Some(draft) = self.draft.as_mut().filter(|d| d.slide == slide) else {
            return;
        };
        if over && let Some(path) = &self.path {
            match deck::load_with(path, &self.overrides.pdf) {
                Ok(now) => match now.slides.get(slide) {
                    Some(s) => {
                        if let Err(why) = draft.retarget(path, s) {
                            draft.problem = Some(Problem::Failed(why));
                            return;
                        }
                    }
                    None => {
                        draft.problem = Some(Problem::Failed(format!(
                            "the deck has no slide {} any more",
                            slide + 1
                        )));
                        return;
                    }
                },
                Err(e) => {
                    draft.problem = Some(Problem::Failed(e.to_string()));
                    return;
                }
            }
        }
        match draft.save() {
            Ok(Saved::Unchanged) => self.draft = None,
            Ok(Saved::Written(path, bytes)) => {
                self.draft = None;
                self.notes_message = Some((
                    slide,
                    format!(
                        "notes saved into {}",
                        path.file_name().unwrap_or_default().to_string_lossy()
                    ),
                ));
                self.own_saves.push((path, bytes));
                if self.own_saves.len() > 4 {
                    self.own_saves.remove(0);
                }
                self.reload();
            }
            Err(problem) => draft.problem = Some(problem),
        }
    }

    /// Before quitting: notes still being edited are saved; what cannot be saved (the file
    /// changed meanwhile) goes into `DECK.unsaved-notes.md` beside the deck, so no edit is lost.
    pub fn keep_draft(&mut self) {
        let Some(slide) = self.draft.as_ref().map(|d| d.slide) else {
            return;
        };
        if self.draft.as_ref().is_some_and(|d| d.problem.is_none()) {
            self.save_notes(slide, false);
        }
        let (Some(draft), Some(path)) = (&self.draft, &self.path) else {
            return;
        };
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(".unsaved-notes.md");
        let keep = path.with_file_name(name);
        let text = format!(
            "<!-- notes of slide {} edited in ltdeck, not saved into {}: -->\n\n{}\n",
            slide + 1,
            path.display(),
            draft.text
        );
        match crate::files::write_atomically(&keep, text.as_bytes()) {
            Ok(()) => eprintln!(
                "ltdeck: the edited notes of slide {} could not be saved into the deck; they are in {}",
                slide + 1,
                keep.display()
            ),
            Err(e) => eprintln!(
                "ltdeck: the edited notes of slide {} could not be saved ({e}):\n{}",
                slide + 1,
                draft.text
            ),
        }
    }

    /// Throws the draft away (the speaker chose to, after a save that could not be made).
    pub fn discard_notes(&mut self) {
        self.draft = None;
    }

    /// Whether `path` is the pdfpc sidecar of the PDF deck on screen.
    fn is_sidecar(&self, path: &Path) -> bool {
        self.deck().is_pdf()
            && self.path.as_deref().is_some_and(|deck| {
                std::path::absolute(deck::pdf::sidecar_path(deck)).ok()
                    == std::path::absolute(path).ok()
            })
    }

    /// (Re)starts the wait before the deck is read again.
    fn reload_later(&mut self) {
        self.reload_due = Some(self.clock.now() + RELOAD_SETTLE);
    }

    /// Re-reads the deck when a save has settled.
    pub fn reload_if_due(&mut self) {
        if self.reload_due.is_some_and(|due| self.clock.now() >= due) {
            self.reload_due = None;
            self.reload();
        }
    }

    /// Re-reads the deck. Only a deck that parses cleanly replaces the one on screen: errors, a
    /// structural warning (an unclosed fence or comment would show the audience source), no
    /// slides, or a file still changing while it was read keep the last good deck, and the
    /// console says why with file:line.
    pub fn reload(&mut self) {
        let Some(path) = self.path.clone() else {
            return;
        };
        let stamp = |p: &Path| {
            std::fs::metadata(p)
                .ok()
                .map(|m| (m.len(), m.modified().ok()))
        };
        let before = stamp(&path);
        let loaded = deck::load_with(&path, &self.overrides.pdf).map(|mut d| {
            self.overrides.apply(&mut d);
            d
        });
        if stamp(&path) != before {
            // Written to while it was read: read it again once it is still.
            self.reload_later();
            return;
        }
        let new = match loaded {
            Ok(new) => new,
            Err(e) => {
                self.reload_error = Some(format!(
                    "reload failed, still showing the last good deck: {e}"
                ));
                return;
            }
        };
        if let Some(why) = refused(&new, &path.display().to_string()) {
            self.reload_error = Some(format!(
                "reload refused, still showing the last good deck:\n{why}"
            ));
            return;
        }
        self.reload_error = None;
        self.image_warnings.clear();
        self.reload_pending_check = true;
        if let Some(cache) = &mut self.images
            && cache.pages().is_some_and(crate::pages::PageCache::is_stale)
        {
            // The PDF saved again: its pages are rendered from the new file (a saved sidecar
            // alone leaves them as they are).
            cache.set_pages(None);
        }
        self.theme = Theme::named(new.meta.theme);
        if let Some(w) = &mut self.watcher {
            w.watch_images(image_paths(&new).iter().map(PathBuf::as_path));
        }
        self.apply(Action::Reload(std::sync::Arc::new(new)));
    }

    /// Asks for the images of the current slide, the next two and the two before (each frame,
    /// and once before the first: the first slide's photos decode while the windows open).
    pub fn prefetch(&mut self, ctx: &egui::Context) {
        let from = self.show.slide();
        // Made (with a PDF's page worker) first; then the cache and the deck are borrowed
        // apart, so the slides' images are asked for where they are, not copied each frame.
        self.images(ctx);
        let Some(cache) = &self.images else {
            return;
        };
        let deck = self.show.deck();
        // The direction of travel first, then back: two keys either way stay decoded.
        let reach = [from, from + 1, from + 2].into_iter().chain(
            [from.checked_sub(1), from.checked_sub(2)]
                .into_iter()
                .flatten(),
        );
        cache.prefetch(
            reach
                .filter_map(|i| deck.slides.get(i))
                .flat_map(|s| &s.images),
        );
        if let Some(pages) = cache.pages() {
            pages.prefetch(pages_ahead(deck, from));
        }
    }

    /// Whether the current slide's images have all arrived or failed.
    pub fn images_arrived(&self) -> bool {
        let (Some(cache), Some(slide)) =
            (&self.images, self.show.deck().slides.get(self.show.slide()))
        else {
            return true;
        };
        cache.arrived(&slide.images)
    }

    /// Applies this frame's keys in the console.
    pub fn handle_input(&mut self, ctx: &egui::Context) {
        self.handle_keys(ctx, Window::Console);
    }

    /// Applies this frame's keys in `window` (the console's are text while it edits notes).
    pub fn handle_keys(&mut self, ctx: &egui::Context, window: Window) {
        for action in input::actions(ctx, &self.show, window) {
            self.apply(action);
        }
    }

    /// Applies the key presses among a window's new input events that are commands, and takes
    /// them — and, later, their releases (`taken` remembers which) — out of the input before
    /// egui reads it: egui paints two frames more after any input event, which on a software
    /// renderer is most of what a slide change costs. Other keys stay for egui, and while the
    /// console edits notes all of its presses do. Returns whether anything was applied.
    pub fn take_keys(
        &mut self,
        events: &mut Vec<egui::Event>,
        window: Window,
        taken: &mut std::collections::HashSet<egui::Key>,
    ) -> bool {
        let mut applied = false;
        events.retain(|event| match event {
            egui::Event::Key {
                key, pressed: true, ..
            } if !(window == Window::Console && self.show.editing().is_some()) => {
                match input::action_of(event, &self.show, window) {
                    Some(action) => {
                        self.apply(action);
                        taken.insert(*key);
                        applied = true;
                        false
                    }
                    None => true,
                }
            }
            egui::Event::Key {
                key,
                pressed: false,
                ..
            } => !taken.remove(key),
            _ => true,
        });
        applied
    }

    /// Event mode: what a command does to the queue, if anything — `Enter` on a card starts
    /// its talk, `Ctrl+Enter` (not while editing notes) or moving on from the last slide ends
    /// the talk, `Ctrl+→` / `Ctrl+←` move through the cards.
    fn event_step(&self, action: &Action) -> Option<crate::event::Step> {
        use crate::action::Command as C;
        use crate::event::{Stage, Step};
        let (Action::Command(c), Some(run)) = (action, &self.event) else {
            return None;
        };
        if self.show.editing().is_some() {
            return None;
        }
        match (c, run.queue.stage()) {
            (C::QueueNext, _) => Some(Step::Forward),
            (C::QueuePrevious, _) => Some(Step::Back),
            // Enter, or the speaker's clicker, starts the talk on the card.
            (C::Confirm | C::Next, Stage::Card(_)) => Some(Step::Start),
            (C::Confirm | C::Next | C::Finish, Stage::TimeUp(_)) => Some(Step::End),
            (C::Finish, Stage::Talk(_)) => Some(Step::End),
            (C::Next, Stage::Talk(_)) if self.show.next_position().is_none() => Some(Step::End),
            _ => None,
        }
    }

    /// Applies a step to the event's queue, and shows the deck of the stage it leads to.
    pub fn event_apply(&mut self, step: crate::event::Step) {
        let now = self.clock.now();
        let wall = self.clock.wall();
        let Some(run) = &mut self.event else {
            return;
        };
        if run.step(step, now, &wall) {
            self.show_stage();
        }
    }

    /// Time passed in an event: `overrun: stop` shows the time card after the grace.
    fn event_tick(&mut self) {
        let overtime = self.show.timer().overtime(self.clock.now());
        if let Some(run) = &mut self.event
            && run.queue.tick(overtime)
        {
            self.show_stage();
        }
    }

    /// Runs an event: the show takes the deck of its first stage (the first card).
    pub fn start_event(&mut self, run: super::session::EventRun) {
        self.event = Some(run);
        self.show_stage();
    }

    /// The show takes the deck of the queue's stage: the talk's, or a card.
    fn show_stage(&mut self) {
        let Some(run) = &self.event else {
            return;
        };
        let stage = run.queue.stage();
        let (deck, history) = run.deck_for(stage);
        let talk = match stage {
            crate::event::Stage::Talk(at) => run.queue.talk_at(at),
            _ => None,
        };
        let session = run.queue.session();
        // A reload of the talk's deck keeps the event's length and format.
        self.overrides = match talk.and_then(|t| session.talks.get(t)) {
            Some(t) => super::session::overrides(session, t, self.overrides.pdf),
            None => Overrides {
                pdf: self.overrides.pdf,
                ..Overrides::default()
            },
        };
        self.keep_draft();
        self.draft = None;
        self.notes_message = None;
        self.path = deck.path.clone();
        self.theme = Theme::named(deck.meta.theme);
        if let Some(cache) = &mut self.images {
            cache.set_pages(None);
        }
        self.image_warnings.clear();
        self.reload_error = None;
        self.reload_pending_check = true;
        self.rewatch = true;
        self.apply(Action::Switch(deck, Box::new(history)));
    }

    /// Applies one action; its effects wait for [`Presenter::carry_out`].
    pub fn apply(&mut self, action: Action) {
        if let Some(step) = self.event_step(&action) {
            self.event_apply(step);
            return;
        }
        let outcome = self.show.apply(action, self.clock.now());
        self.pending.extend(outcome.effects);
    }

    /// The window manager asked to close `window` (the talk may refuse).
    pub fn close_requested(&mut self, window: Window) {
        self.apply(Action::CloseRequested(window));
    }

    /// Loads the rehearsal history beside the deck (for splits in a talk, and for rehearsing);
    /// `rehearse` records runs.
    pub fn load_history(&mut self, rehearse: bool) {
        let mut history = crate::rehearsal::History::default();
        if let Some(deck) = &self.path {
            let path = crate::rehearsal::history_path(deck);
            let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
            match crate::rehearsal::load(&path, &stamp) {
                Ok(h) => history = h,
                Err(e) => self.history.problem = Some(e.to_string()),
            }
            // Runs an earlier session could only keep in the data folder come back.
            let kept = crate::rehearsal::data_dir().map(|d| crate::rehearsal::kept_path(deck, &d));
            if let Some(k) = kept.as_deref().filter(|k| k.exists()) {
                match crate::rehearsal::load(k, &stamp) {
                    Ok(h) => history = crate::rehearsal::merge(history, h),
                    Err(e) => self.history.problem = Some(e.to_string()),
                }
            }
            self.history.path = Some(path);
            self.history.kept = kept;
        }
        let scale = self.show.notes_scale();
        self.show = Show::new(self.show.deck_arc(), rehearse, history);
        self.apply(Action::NotesScale(scale));
    }

    /// Carries out the effects of this frame's actions, from whichever window they came: the one
    /// place that turns them into viewport commands and file writes.
    pub fn carry_out(&mut self, ctx: &egui::Context, windows: &Windows) {
        for effect in std::mem::take(&mut self.pending) {
            match effect {
                Effect::Quit => {
                    self.keep_draft();
                    ctx.send_viewport_cmd_to(ViewportId::ROOT, ViewportCommand::Close)
                }
                Effect::KeepOpen(Window::Console) => {
                    ctx.send_viewport_cmd_to(ViewportId::ROOT, ViewportCommand::CancelClose)
                }
                // The audience window is hidden instead: the window layer stops showing it.
                Effect::KeepOpen(Window::Audience) => {}
                Effect::AudienceFullscreen(on) => {
                    // Fullscreen *on the projector*: a plain Fullscreen(true) would fill whichever
                    // monitor the window was on, which after F5 can be the laptop's.
                    // On Wayland the window is on the projector already (made there, never
                    // moved by the compositor), and an index may name the laptop's output.
                    let monitor = self.show.audience_monitor();
                    let command = match (on, monitor) {
                        (true, Some(monitor)) if !windows.wayland => {
                            ViewportCommand::SetMonitor(monitor)
                        }
                        _ => ViewportCommand::Fullscreen(on),
                    };
                    if let Some(id) = windows.audience {
                        ctx.send_viewport_cmd_to(id, command);
                        // Out of fullscreen it stays on the projector, not over the console.
                        if let (false, Some(pos)) =
                            (on, monitor.and_then(|m| origin(ctx, windows, m)))
                        {
                            ctx.send_viewport_cmd_to(id, ViewportCommand::OuterPosition(pos));
                        }
                    }
                }
                // On the monitor the slides are not on, wherever the window manager put it.
                Effect::ConsoleFullscreen(on) => match (on, self.show.console_monitor()) {
                    (true, Some(monitor)) => move_console(ctx, windows, monitor, true),
                    _ => {
                        ctx.send_viewport_cmd_to(ViewportId::ROOT, ViewportCommand::Fullscreen(on))
                    }
                },
                Effect::MoveConsole(monitor) => {
                    move_console(ctx, windows, monitor, self.show.console_fullscreen())
                }
                Effect::SaveHistory => self.save_history(),
                Effect::SaveNotes(slide) => self.save_notes(slide, false),
            }
        }
    }

    /// Writes the history beside the deck, else in the data folder; says where in the console,
    /// and tells the show when it could go nowhere (quitting then asks).
    fn save_history(&mut self) {
        let Some(path) = &self.history.path else {
            return;
        };
        let history = self.show.session().history();
        let saved = crate::rehearsal::save_kept(path, self.history.kept.as_deref(), history);
        let written = saved.is_ok();
        self.history.problem = match saved {
            Ok(kept) => kept.message(path),
            Err(e) => Some(format!(
                "{e}: the runs are only in memory; quitting asks first"
            )),
        };
        self.apply(Action::HistoryWritten(written));
    }

    fn image_source(&self) -> &dyn Images {
        images_of(&self.images)
    }

    /// Draws slide `index` at `step` into `rect`.
    pub fn draw_slide(
        &self,
        ui: &Ui,
        rect: Rect,
        index: usize,
        step: usize,
        audience: bool,
    ) -> Option<Rect> {
        let playing = audience
            .then(|| self.show.playing_for(self.clock.now()))
            .flatten();
        paint_slide(
            ui.painter(),
            rect,
            self.deck(),
            &self.theme,
            self.image_source(),
            (index, step),
            audience,
            playing,
        )
    }

    /// In a console frame: lays out what the projector, the console's two previews and its
    /// notes show after the next key, each at its size, where no window shows it. Their new
    /// glyphs go into the font atlas in this frame, with any growth of the atlas, and not in the
    /// frames right after the key: under software rendering a growth there made the projector's
    /// egui pass 10 ms, and the console's frame that takes a key (the projector waits for it)
    /// took a median 17 ms, up to 138, laying out a Korean deck's previews. Once per position
    /// (and again after the atlas changed size or a window moved); the projector's slide only
    /// where both windows draw at the same pixels per point (glyphs are drawn per size in
    /// pixels).
    pub fn lay_out_ahead(&mut self, ui: &mut Ui) {
        let Some(next) = self.show.next_position() else {
            return;
        };
        let ctx = ui.ctx().clone();
        let ppp = ctx.pixels_per_point();
        let key = Ahead {
            deck: std::ptr::from_ref(self.deck()) as usize,
            position: next,
            projector: self.projector,
            previews: self.previews_at,
            notes: self.notes_at,
            pixels_per_point: ppp,
            images: self.images_seen,
            atlas: ctx.fonts(|f| f.font_image_size()),
        };
        if self.ahead == Some(key) {
            return;
        }
        self.ahead = Some(key);
        let projector = self
            .projector
            .filter(|(_, at)| *at == ppp)
            .map(|(rect, _)| (rect, next, true));
        let [now, then] = self.previews_at;
        let now = now.map(|rect| (rect, next, false));
        let then = then.zip(self.show.position_after(next));
        let then = then.map(|(rect, after)| (rect, after, false));
        let (theme, images) = (&self.theme, self.image_source());
        for (rect, position, audience) in [projector, now, then].into_iter().flatten() {
            super::previews::scratch(&ctx, rect, "ltdeck-ahead", |painter| {
                paint_slide(
                    painter,
                    rect,
                    self.deck(),
                    theme,
                    images,
                    position,
                    audience,
                    None,
                );
            });
        }
        // The next slide's notes, laid out by an invisible child (it paints nothing and takes
        // no input); the same slide's next step has the same notes.
        if next.0 != self.show.slide()
            && let Some((rect, scale)) = self.notes_at
        {
            let mut hidden = ui.new_child(
                egui::UiBuilder::new()
                    .id_salt("ltdeck-ahead-notes")
                    .max_rect(rect)
                    .invisible(),
            );
            super::notes::slide_notes_ui(&mut hidden, rect, scale, self.deck(), next.0);
        }
    }

    /// The notes of slide `index` at `rect`, at `scale` × the notes size; where they are is
    /// where [`Presenter::lay_out_ahead`] lays out the next slide's.
    pub fn notes(&mut self, ui: &mut Ui, rect: Rect, scale: f32, index: usize) {
        self.notes_at = Some((rect, scale));
        super::notes::slide_notes_ui(ui, rect, scale, self.deck(), index);
    }

    /// On an event's card, the console's "next" is the first slide of the talk it announces;
    /// drawn here when it is a Markdown talk (a PDF's pages belong to its own page thread).
    /// Returns whether it was drawn.
    pub fn event_first_slide(&self, ui: &Ui, rect: Rect) -> bool {
        let Some(run) = &self.event else {
            return false;
        };
        let crate::event::Stage::Card(at) = run.queue.stage() else {
            return false;
        };
        let Some(deck) = run.queue.talk_at(at).and_then(|t| run.decks.get(t)) else {
            return false;
        };
        if deck.is_pdf() || deck.slides.is_empty() {
            return false;
        }
        let theme = Theme::named(deck.meta.theme);
        paint_slide(
            ui.painter(),
            rect,
            deck,
            &theme,
            self.image_source(),
            (0, 0),
            false,
            None,
        )
        .is_some()
    }

    /// What the audience sees: the slide, a blank screen, or black when there are no slides.
    /// Nothing else of the console ever reaches this view.
    pub fn audience_ui(&mut self, ui: &mut Ui) {
        let rect = ui.max_rect();
        self.projector = Some((rect, ui.ctx().pixels_per_point()));
        let response = ui.allocate_rect(rect, Sense::click());
        match self.show.blank() {
            Some(Blank::Black) => {
                ui.painter().rect_filled(rect, 0.0, Color32::BLACK);
            }
            Some(Blank::White) => {
                ui.painter().rect_filled(rect, 0.0, Color32::WHITE);
            }
            None => {
                // The slide paints the whole rectangle (letterbox included): no fill beneath it.
                let (slide, step) = (self.show.slide(), self.show.step());
                if self.draw_slide(ui, rect, slide, step, true).is_none() {
                    ui.painter().rect_filled(rect, 0.0, Color32::BLACK);
                }
                super::timer_panel::audience_bar_ui(ui, rect, &self.show, self.clock.now());
            }
        }
        if response.clicked() {
            self.apply(Action::Command(crate::action::Command::Next));
        }
        self.hide_idle_pointer(ui);
    }

    /// Hides the pointer over the slides after it rests for [`CURSOR_HIDE_AFTER`].
    fn hide_idle_pointer(&mut self, ui: &Ui) {
        let now = self.clock.now();
        let moved = ui.input(|i| i.pointer.delta() != egui::Vec2::ZERO || i.pointer.any_pressed());
        if moved || self.pointer_moved.is_none() {
            self.pointer_moved = Some(now);
        }
        let rested = self
            .pointer_moved
            .map_or(Duration::ZERO, |t| now.saturating_duration_since(t));
        if rested >= CURSOR_HIDE_AFTER {
            ui.ctx().set_cursor_icon(CursorIcon::None);
        } else {
            ui.ctx().request_repaint_after(CURSOR_HIDE_AFTER - rested);
        }
    }

    /// Warnings for the console: deck diagnostics, reload and font problems, failed images.
    pub fn warnings(&self) -> Vec<(Severity, String)> {
        let name = self
            .path
            .as_deref()
            .map_or("deck".to_string(), |p| p.display().to_string());
        let mut out: Vec<(Severity, String)> = Vec::new();
        if let Some(e) = &self.reload_error {
            out.push((Severity::Error, e.clone()));
        }
        if let Some(note) = self.show.projector_note() {
            out.push((Severity::Warning, note));
        }
        if let Some(run) = &self.event {
            out.extend(
                run.problems
                    .iter()
                    .chain(&run.log_problem)
                    .map(|p| (Severity::Warning, p.clone())),
            );
        }
        if let Some(e) = &self.history.problem {
            out.push((Severity::Warning, e.clone()));
        }
        if let Some(report) = self.awake.as_ref().filter(|r| r.failed()) {
            out.push((Severity::Warning, report.line()));
        }
        out.extend(
            self.font_warnings
                .iter()
                .map(|w| (Severity::Warning, w.clone())),
        );
        out.extend(
            self.deck()
                .diagnostics
                .iter()
                .filter(|d| d.severity >= Severity::Warning)
                .map(|d| (d.severity, d.render(&name))),
        );
        out.extend(
            self.image_warnings
                .iter()
                .map(|w| (Severity::Warning, w.clone())),
        );
        out.extend(self.failed_images());
        out
    }

    fn failed_images(&self) -> Vec<(Severity, String)> {
        let Some(cache) = &self.images else {
            return Vec::new();
        };
        let mut out: Vec<(Severity, String)> = cache
            .pages()
            .map(|p| p.failures())
            .unwrap_or_default()
            .into_iter()
            .map(|(_, why)| {
                (
                    Severity::Warning,
                    format!("{why}; the audience sees a blank box"),
                )
            })
            .collect();
        // A file that cannot be opened fails every page for one reason: said once.
        out.dedup();
        for slide in &self.deck().slides {
            for image in &slide.images {
                // Only images already asked for: listing warnings must not decode the whole deck.
                let known = self.image_warnings.iter().any(|w| w.contains(&image.src));
                if let Some(crate::render::images::ImageState::Failed(why)) = cache.peek(image)
                    && !known
                {
                    let msg = format!(
                        "slide {}: image {} cannot be shown: {why}",
                        slide.index + 1,
                        image.src
                    );
                    if !out.iter().any(|(_, m)| m == &msg) {
                        out.push((Severity::Warning, msg));
                    }
                }
            }
        }
        out
    }
}

/// Chooses and installs fonts for a deck (its `lang:`, its scripts, its `font:`); returns the
/// plan and the fonts that failed to load.
pub fn install_fonts(ctx: &egui::Context, deck: &Deck) -> (FontPlan, Vec<String>) {
    let plan = crate::check::font_plan(deck);
    let failed = crate::fonts::install(ctx, &plan);
    (plan, failed)
}

/// Why a reloaded deck must not replace the one on screen, if it must not.
fn refused(deck: &Deck, file: &str) -> Option<String> {
    let problems: Vec<String> = deck
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error || d.structural)
        .map(|d| d.render(file))
        .collect();
    if !problems.is_empty() {
        return Some(problems.join("\n"));
    }
    deck.slides
        .is_empty()
        .then(|| format!("{file}: the deck has no slides"))
}

/// The files besides the deck whose changes are watched: its images, and a PDF's pdfpc sidecar
/// (watched before it exists: pdfpc may write it later).
fn image_paths(deck: &Deck) -> Vec<PathBuf> {
    let sidecar = deck
        .path
        .as_deref()
        .filter(|_| deck.is_pdf())
        .map(deck::pdf::sidecar_path);
    deck.slides
        .iter()
        .flat_map(|s| s.images.iter())
        .filter_map(|i| match &i.source {
            deck::ImageSource::File(p) => Some(p.clone()),
            deck::ImageSource::Remote(_) => None,
        })
        .chain(sidecar)
        .collect()
}

/// Loads a deck for presenting; a missing file is an error for the command line.
pub fn open(path: &Path, pdf: &deck::pdf::PdfOptions) -> Result<Deck, deck::LoadError> {
    deck::load_with(path, pdf)
}

/// Moves the console to `monitor` (fullscreen there if it is fullscreen); the audience window
/// follows the show's placement on its next frame.
fn move_console(ctx: &egui::Context, windows: &Windows, monitor: usize, fullscreen: bool) {
    if fullscreen {
        ctx.send_viewport_cmd_to(ViewportId::ROOT, ViewportCommand::SetMonitor(monitor));
    } else if let Some(pos) = origin(ctx, windows, monitor) {
        ctx.send_viewport_cmd_to(ViewportId::ROOT, ViewportCommand::OuterPosition(pos));
    }
}

/// A window position just inside monitor `monitor`'s top-left corner, in points.
fn origin(ctx: &egui::Context, windows: &Windows, monitor: usize) -> Option<egui::Pos2> {
    let m = windows.monitors.get(monitor)?;
    let ppp = ctx.pixels_per_point();
    Some(egui::pos2(
        m.position[0] as f32 / ppp + 40.0,
        m.position[1] as f32 / ppp + 40.0,
    ))
}

/// The image cache, or no images before the first frame made it.
fn images_of(images: &Option<ImageCache>) -> &dyn Images {
    match images {
        Some(c) => c,
        None => &NoImages,
    }
}

/// Paints slide `index` at `step` with the one renderer; `None` when there is no such slide.
#[allow(clippy::too_many_arguments)]
fn paint_slide(
    painter: &egui::Painter,
    rect: Rect,
    deck: &crate::deck::Deck,
    theme: &Theme,
    images: &dyn Images,
    (index, step): (usize, usize),
    audience: bool,
    playing: Option<std::time::Duration>,
) -> Option<Rect> {
    let view = View {
        slide: deck.slides.get(index)?,
        meta: &deck.meta,
        step,
        theme,
        images,
        audience,
        playing,
    };
    Some(render::slide(painter, rect, &view))
}

/// The PDF pages to have ready when slide `from` shows: its own (every step), the next two
/// slides', then the two before (going back is a key away too).
fn pages_ahead(deck: &Deck, from: usize) -> Vec<usize> {
    let order = [0isize, 1, 2, -1, -2];
    order
        .iter()
        .filter_map(|d| from.checked_add_signed(*d))
        .filter_map(|i| deck.slides.get(i)?.page.as_ref())
        .flat_map(|p| p.pages.iter().copied())
        .collect()
}
