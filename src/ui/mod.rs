//! The windows: the presenter console (the main window) and the audience window (fullscreen on
//! the second monitor), both from one process, both feeding keys to the same presenter.
//!
//! Owns eframe and winit: monitors (listed, watched as projectors come and go), which window
//! shows what, fullscreen, titles, the mouse pointer, persistence. Drawing is `console` and
//! `Presenter::audience_ui`; state changes are `Show::apply`'s.

mod console;
pub mod damage;
pub mod draft;
mod input;
mod notes;
pub mod presenter;
mod previews;
mod queue;
#[cfg(all(unix, not(target_os = "macos")))]
mod randr;
pub mod session;
mod summary;
mod timer_panel;

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::images::repaint_once;

use eframe::UserEvent;
use egui::{ViewportBuilder, ViewportCommand, ViewportId};
use winit::application::ApplicationHandler;
use winit::event_loop::{ActiveEventLoop, ControlFlow, EventLoop};

pub use console::{CONSOLE_BACKGROUND, console_ui};
pub use presenter::{Clock, Presenter, Windows, install_fonts};

use crate::show::{Action, Window};

/// How to present.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The deck file.
    pub deck: PathBuf,
    /// Monitor index for the audience window (winit's order, as `--list-screens` prints).
    pub screen: Option<usize>,
    /// Keep the audience window a normal window.
    pub windowed: bool,
    /// The talk's length, over the deck's `duration`.
    pub duration: Option<Duration>,
    /// Per-slide time, over the deck's `auto_advance` (Ignite, PechaKucha).
    pub auto_advance: Option<Duration>,
    /// Rehearsal mode: one window, runs recorded.
    pub rehearse: bool,
    /// How a PDF deck is read (`--notes`, `--no-overlays`).
    pub pdf: crate::deck::pdf::PdfOptions,
    /// Event mode: the session to run (`deck` is then only where its log goes).
    pub event: Option<crate::event::Session>,
}

/// A monitor as winit reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Monitor {
    /// Name (`HDMI-1`), when known.
    pub name: String,
    /// Size in physical pixels.
    pub size: [u32; 2],
    /// Top-left position in physical pixels.
    pub position: [i32; 2],
}

/// Opens the deck and presents it until the speaker quits.
pub fn run(options: Options) -> Result<(), String> {
    let started = Instant::now();
    let event = options
        .event
        .clone()
        .map(|s| session::EventRun::load(s, &options.pdf));
    if let Some(run) = &event {
        for problem in &run.problems {
            eprintln!("ltdeck: {problem}");
        }
        if run.decks.is_empty() {
            return Err("the session has no talk whose deck could be read".into());
        }
    }
    let mut deck = match &event {
        Some(run) => (*run.deck_for(run.queue.stage()).0).clone(),
        None => presenter::open(&options.deck, &options.pdf).map_err(|e| e.to_string())?,
    };
    let overrides = presenter::Overrides {
        duration: options.duration,
        auto_advance: options.auto_advance,
        pdf: options.pdf,
    };
    overrides.apply(&mut deck);
    let title = deck
        .meta
        .title
        .clone()
        .unwrap_or_else(|| options.deck.display().to_string());
    let monitors: Arc<Mutex<Vec<Monitor>>> = Arc::default();
    let native = native_options(&title, options.rehearse);
    let event_loop = EventLoop::<UserEvent>::with_user_event()
        .build()
        .map_err(|e| format!("cannot open a window (is there a display?): {e}"))?;
    let shared = Arc::clone(&monitors);
    let waker: Arc<Mutex<Option<egui::Context>>> = Arc::default();
    let app_waker = Arc::clone(&waker);
    let key_releases = Arc::new(AtomicBool::new(false));
    let app_key_releases = Arc::clone(&key_releases);
    let app = eframe::create_native(
        "ltdeck",
        native,
        Box::new(move |cc| {
            if let Ok(mut w) = app_waker.lock() {
                *w = Some(cc.egui_ctx.clone());
            }
            let mut app = App::new(cc, deck, options, shared, event);
            app.started = Some(started);
            app.key_releases = app_key_releases;
            Ok(Box::new(app))
        }),
        &event_loop,
    );
    let mut handler = MonitorWatch {
        inner: app,
        monitors,
        checked: None,
        #[cfg(all(unix, not(target_os = "macos")))]
        randr: randr::Randr::connect(),
        waker,
        key_releases,
    };
    event_loop.run_app(&mut handler).map_err(|e| e.to_string())
}

/// The console's window: its size and title. Where it goes and whether it is fullscreen come from
/// the command line and the show, never from a previous run: eframe would restore a talk's
/// fullscreen into the next `--windowed` rehearsal (only what the speaker sets, like the notes
/// size, is kept; see `App::save`).
fn native_options(title: &str, rehearse: bool) -> eframe::NativeOptions {
    let role = if rehearse {
        "rehearsal"
    } else {
        "presenter console"
    };
    eframe::NativeOptions {
        viewport: ViewportBuilder::default()
            .with_title(format!("ltdeck — {role} — {title}"))
            .with_app_id("ltdeck")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0]),
        persist_window: false,
        // Not eframe's app.ron: earlier versions saved the window there, fullscreen included,
        // and eframe restores what it finds whatever `persist_window` says.
        persistence_path: eframe::storage_dir("ltdeck").map(|d| d.join("settings.ron")),
        // Dithering hides banding in gradients ltdeck does not draw, and costs about a seventh of
        // a timer tick's CPU under software rendering (docs/BENCHMARKS.md).
        dithering: false,
        ..Default::default()
    }
}

/// Lists the monitors winit sees, in the order `--screen` uses.
pub fn list_screens() -> Result<Vec<Monitor>, String> {
    struct Lister(Vec<Monitor>);
    impl ApplicationHandler for Lister {
        fn resumed(&mut self, event_loop: &ActiveEventLoop) {
            self.0 = monitors_of(event_loop);
            event_loop.exit();
        }
        fn window_event(
            &mut self,
            _: &ActiveEventLoop,
            _: winit::window::WindowId,
            _: winit::event::WindowEvent,
        ) {
        }
    }
    let event_loop = EventLoop::new().map_err(|e| format!("cannot reach the display: {e}"))?;
    let mut lister = Lister(Vec::new());
    event_loop.run_app(&mut lister).map_err(|e| e.to_string())?;
    Ok(lister.0)
}

fn monitors_of(event_loop: &ActiveEventLoop) -> Vec<Monitor> {
    event_loop
        .available_monitors()
        .map(|m| {
            let size = m.size();
            let pos = m.position();
            Monitor {
                name: m.name().unwrap_or_else(|| "monitor".into()),
                size: [size.width, size.height],
                position: [pos.x, pos.y],
            }
        })
        .collect()
}

/// Whether every monitor in `list` has its size yet.
fn settled(list: &[Monitor]) -> bool {
    list.iter().all(|m| m.size[0] > 0 && m.size[1] > 0)
}

/// How often the monitor list is read: the slides reach a new projector, and the console is back
/// on the laptop after an unplug, within this and a quarter second (eframe's wait for a frame
/// before it runs the app's logic alone). An X server round trip, or winit's own list on
/// Wayland: nothing is drawn unless the list changed.
const MONITOR_POLL: Duration = Duration::from_millis(1000);

/// How long the projector waits at the start for the first slide's photos: a 4000×3000 JPEG
/// takes 0.1–0.3 s here; a bigger one pops in when it is ready. The UI thread does not wait.
const FIRST_SLIDE_WAIT: Duration = Duration::from_millis(500);

/// Wraps eframe's event handler to keep the monitor list fresh (projectors come and go).
struct MonitorWatch<'a> {
    inner: eframe::EframeWinitApplication<'a>,
    monitors: Arc<Mutex<Vec<Monitor>>>,
    checked: Option<Instant>,
    /// The X server, asked directly (winit's list can be stale).
    #[cfg(all(unix, not(target_os = "macos")))]
    randr: Option<randr::Randr>,
    /// Wakes the app when monitors come or go (it does not poll).
    waker: Arc<Mutex<Option<egui::Context>>>,
    /// Whether key releases reach egui: only while the console edits notes (set by the app).
    key_releases: Arc<AtomicBool>,
}

impl MonitorWatch<'_> {
    fn refresh(&mut self, event_loop: &ActiveEventLoop) {
        // Asking the X server for monitors costs a round trip: at most every two seconds.
        if self
            .checked
            .is_some_and(|t| t.elapsed() < MONITOR_POLL - Duration::from_millis(400))
        {
            return;
        }
        self.checked = Some(Instant::now());
        #[cfg(all(unix, not(target_os = "macos")))]
        let fresh = self.randr.as_mut().and_then(|r| r.monitors(Instant::now()));
        #[cfg(not(all(unix, not(target_os = "macos"))))]
        let fresh: Option<Vec<Monitor>> = None;
        let list = fresh.unwrap_or_else(|| monitors_of(event_loop));
        // A projector just plugged in is announced before its mode (0×0 on Wayland): a window
        // made to that size is a protocol error that ends the app. Wait for the next look.
        if !settled(&list) {
            return;
        }
        let changed = self.monitors.lock().is_ok_and(|mut m| {
            let changed = *m != list;
            *m = list;
            changed
        });
        if changed
            && let Ok(w) = self.waker.lock()
            && let Some(ctx) = w.as_ref()
        {
            ctx.request_repaint();
        }
    }
}

impl ApplicationHandler<UserEvent> for MonitorWatch<'_> {
    fn resumed(&mut self, event_loop: &ActiveEventLoop) {
        self.refresh(event_loop);
        self.inner.resumed(event_loop);
    }
    fn window_event(
        &mut self,
        event_loop: &ActiveEventLoop,
        id: winit::window::WindowId,
        event: winit::event::WindowEvent,
    ) {
        // eframe paints a window for every key event, and a release changes nothing the
        // windows show (commands act on the press): on a software renderer that frame was a
        // third of a slide change. The notes editor gets them, as a text field expects.
        if let winit::event::WindowEvent::KeyboardInput { event: key, .. } = &event
            && key.state == winit::event::ElementState::Released
            && !self.key_releases.load(Ordering::Relaxed)
        {
            return;
        }
        self.inner.window_event(event_loop, id, event);
    }
    fn new_events(&mut self, event_loop: &ActiveEventLoop, cause: winit::event::StartCause) {
        self.inner.new_events(event_loop, cause);
    }
    fn user_event(&mut self, event_loop: &ActiveEventLoop, event: UserEvent) {
        self.inner.user_event(event_loop, event);
    }
    fn device_event(
        &mut self,
        event_loop: &ActiveEventLoop,
        id: winit::event::DeviceId,
        event: winit::event::DeviceEvent,
    ) {
        self.inner.device_event(event_loop, id, event);
    }
    fn about_to_wait(&mut self, event_loop: &ActiveEventLoop) {
        self.refresh(event_loop);
        self.inner.about_to_wait(event_loop);
        // winit reports no monitor changes: wake at least every 2 s to look (no frame is drawn
        // unless the list changed), so a projector plugged in at any time gets the slides.
        let look = Instant::now() + MONITOR_POLL;
        let wake = match event_loop.control_flow() {
            ControlFlow::WaitUntil(t) if t < look => t,
            ControlFlow::Poll => return,
            _ => look,
        };
        event_loop.set_control_flow(ControlFlow::WaitUntil(wake));
    }
    fn suspended(&mut self, event_loop: &ActiveEventLoop) {
        self.inner.suspended(event_loop);
    }
    fn exiting(&mut self, event_loop: &ActiveEventLoop) {
        self.inner.exiting(event_loop);
    }
    fn memory_warning(&mut self, event_loop: &ActiveEventLoop) {
        self.inner.memory_warning(event_loop);
    }
}

/// One frame of the audience window: its keys, a close request, the slide. Returns whether the
/// console must repaint: input here changed what it shows, or left effects for it to carry out.
pub fn audience_frame(ui: &mut egui::Ui, p: &mut Presenter) -> bool {
    let seen = p.show.generation();
    p.handle_keys(ui.ctx(), Window::Audience);
    if ui.input(|i| i.viewport().close_requested()) {
        p.close_requested(Window::Audience);
    }
    p.audience_ui(ui);
    p.show.generation() != seen || !p.pending.is_empty()
}

/// The eframe app: the presenter plus window bookkeeping.
///
/// The audience window is a deferred viewport: it repaints only when what it shows changes (a
/// slide, a blank screen, an arriving photo, the time bar's next visible step), not each time
/// the console's clock ticks. The console repaints whenever the show's generation moved, from
/// whichever window the input came. Both windows share the presenter behind a mutex; they run
/// on the same thread, one after the other.
struct App {
    p: Arc<Mutex<Presenter>>,
    options: Options,
    monitors: Arc<Mutex<Vec<Monitor>>>,
    audience_id: ViewportId,
    /// What effects are carried out on: the audience viewport and the monitors.
    windows: Windows,
    /// The console window is fullscreen showing slides (one monitor, Tab).
    root_fullscreen: bool,
    /// The console went fullscreen on its own monitor once (two monitors, not `--windowed`).
    console_placed: bool,
    /// What the audience window last drew, to repaint it only on a change.
    audience_shown: AudienceWatch,
    /// The console's pixels per point, to place the audience window in points.
    ppp: f32,
    /// When `run` began, until the first frame is drawn (for `LTDECK_REPORT_FIRST_FRAME`).
    started: Option<Instant>,
    /// Until when the audience window waits for the first slide's photos; None once it opened.
    audience_from: Option<Instant>,
    /// Keys whose press each window's input hook took (their releases go too).
    taken_console: HashSet<egui::Key>,
    taken_audience: HashSet<egui::Key>,
    /// Tells the event handler whether key releases reach egui (while notes are edited).
    key_releases: Arc<AtomicBool>,
    /// The GPU's largest texture side, as eframe last told a window's pass.
    gpu_texture_side: Option<usize>,
    /// The screen saver held off, for as long as the app lives.
    awake: Option<crate::idle::Awake>,
}

/// Everything the audience view depends on, but time.
#[derive(Debug, Clone, PartialEq)]
struct AudienceKey {
    slide: usize,
    step: usize,
    blank: Option<crate::show::Blank>,
    bar: bool,
    /// The deck on screen, by address (a reload makes a new one).
    deck: usize,
}

impl AudienceKey {
    fn of(p: &Presenter) -> Self {
        Self {
            slide: p.show.slide(),
            step: p.show.step(),
            blank: p.show.blank(),
            bar: p.show.audience_bar(),
            deck: p.deck() as *const crate::deck::Deck as usize,
        }
    }
}

/// What the audience window last drew, written by its own frame and read by the console's:
/// a key pressed there draws the new slide at once, and the console's next look finds it
/// shown instead of asking for the same picture again (one frame a slide, not two).
#[derive(Clone, Default)]
struct AudienceWatch(Arc<Mutex<Option<AudienceKey>>>);

impl AudienceWatch {
    /// The audience frame drew what `p` shows.
    fn drawn(&self, p: &Presenter) {
        *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(AudienceKey::of(p));
    }

    /// Whether the audience must repaint: it shows something else than `p`, or a photo it
    /// showed loading arrived.
    fn stale(&self, p: &Presenter, images_changed: bool) -> bool {
        let shown = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        images_changed || shown.as_ref() != Some(&AudienceKey::of(p))
    }
}

fn lock(p: &Mutex<Presenter>) -> std::sync::MutexGuard<'_, Presenter> {
    // A panic while drawing must not take the talk down with it: keep using the state.
    p.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl App {
    fn new(
        cc: &eframe::CreationContext<'_>,
        deck: crate::deck::Deck,
        options: Options,
        monitors: Arc<Mutex<Vec<Monitor>>>,
        event: Option<session::EventRun>,
    ) -> Self {
        // In an event the fonts cover every talk and every card.
        let fonts_for = event.as_ref().map(|e| e.font_deck());
        let (plan, failed) =
            presenter::install_fonts(&cc.egui_ctx, fonts_for.as_ref().unwrap_or(&deck));
        cc.egui_ctx.set_visuals(egui::Visuals::dark());
        cc.egui_ctx.options_mut(|o| {
            // egui's own Ctrl+Q closes whichever window has focus (the projector, or the talk at
            // once) and Ctrl+± zooms it: quitting is the state machine's, zoom is not wanted.
            o.quit_shortcuts.clear();
            o.zoom_with_keyboard = false;
        });
        let overrides = presenter::Overrides {
            duration: options.duration,
            auto_advance: options.auto_advance,
            pdf: options.pdf,
        };
        let mut p = Presenter::new(deck);
        p.overrides = overrides;
        p.check_fonts(&plan);
        p.page_fonts = crate::pages::Fallbacks::from_plan(&plan);
        p.font_warnings
            .extend(failed.into_iter().map(|f| format!("cannot load font {f}")));
        p.load_history(options.rehearse);
        if let Some(run) = event {
            p.start_event(run);
        }
        if let Some(storage) = cc.storage
            && let Some(scale) = eframe::get_value::<f32>(storage, "notes_scale")
        {
            p.apply(Action::NotesScale(scale));
        }
        if let Some(n) = options.screen {
            p.apply(Action::Screen(n));
        }
        let audience_id = ViewportId::from_hash_of("ltdeck-audience");
        install_damage(cc, audience_id);
        p.watch(&cc.egui_ctx);
        p.check_images(&cc.egui_ctx);
        // The first slide's photos decode while the first frames are drawn; the audience
        // window opens when they are there (see `App::audience_waits`).
        p.prefetch(&cc.egui_ctx);
        Self {
            p: Arc::new(Mutex::new(p)),
            options,
            monitors,
            audience_id,
            windows: Windows {
                wayland: on_wayland(cc),
                ..Windows::default()
            },
            root_fullscreen: false,
            console_placed: false,
            audience_shown: AudienceWatch::default(),
            ppp: 1.0,
            started: None,
            audience_from: Some(Instant::now() + FIRST_SLIDE_WAIT),
            taken_console: HashSet::new(),
            taken_audience: HashSet::new(),
            key_releases: Arc::default(),
            gpu_texture_side: None,
            awake: Some(keep_awake(cc)),
        }
    }

    /// Where the audience window goes: `None` when it is not shown (one monitor, rehearsing,
    /// or closed by the speaker until F5); `Some(None)` for a normal window.
    fn audience_placement(&self, p: &Presenter) -> Option<Option<usize>> {
        // Rehearsing is one window: the console, with Tab to the slides.
        if p.show.audience_hidden() || self.options.rehearse {
            return None;
        }
        if self.options.windowed {
            return Some(None);
        }
        // The show decides: never while the projector is missing, never on the console's.
        p.show.audience_monitor().map(Some)
    }

    fn audience_builder(&self, p: &Presenter, monitor: Option<usize>) -> ViewportBuilder {
        let title = p.deck().meta.title.clone().unwrap_or_default();
        let b = ViewportBuilder::default()
            .with_title(format!("ltdeck — audience — {title}"))
            .with_app_id("ltdeck-audience");
        match monitor {
            // Fullscreen on monitor i; its place and size from the fresh list too, so the window
            // covers the projector even where winit's own list has not caught up yet.
            Some(i) => {
                let b = b.with_monitor(i).with_decorations(false);
                match self.windows.monitors.get(i) {
                    Some(m) => {
                        let ppp = self.ppp.max(0.1);
                        b.with_position([m.position[0] as f32 / ppp, m.position[1] as f32 / ppp])
                            .with_inner_size([m.size[0] as f32 / ppp, m.size[1] as f32 / ppp])
                    }
                    None => b,
                }
            }
            None => b
                .with_inner_size([1280.0, 720.0])
                .with_fullscreen(!self.options.windowed && p.show.audience_fullscreen()),
        }
    }

    fn show_audience(&mut self, ctx: &egui::Context, builder: ViewportBuilder) {
        let p = Arc::clone(&self.p);
        let shown = self.audience_shown.clone();
        let audience = self.audience_id;
        ctx.show_viewport_deferred(self.audience_id, builder, move |ui, _class| {
            if std::env::var_os("LTDECK_DEBUG_FRAMES").is_some() {
                debug_frame("audience", ui.ctx());
            }
            let mut p = lock(&p);
            let console_too = audience_frame(ui, &mut p);
            shown.drawn(&p);
            if console_too {
                repaint_once(ui.ctx(), ViewportId::ROOT);
            }
            crate::fonts::redraw_if_atlas_overflowed(ui.ctx(), &[ViewportId::ROOT, audience]);
        });
    }

    /// At the start the audience window opens only once the first slide's photos have arrived
    /// (or [`FIRST_SLIDE_WAIT`] has passed), so the projector's first picture is the whole
    /// slide, not its text and then its photo. The console is drawn meanwhile; the image worker
    /// wakes it when a photo arrives, and the deadline wakes it too.
    fn audience_waits(&mut self, ctx: &egui::Context, p: &Presenter, now: Instant) -> bool {
        let Some(from) = self.audience_from else {
            return false;
        };
        if now < from && !p.images_arrived() {
            ctx.request_repaint_after(from - now);
            return true;
        }
        self.audience_from = None;
        false
    }

    /// Asks the audience window to repaint when what it shows changed.
    fn refresh_audience(&mut self, ctx: &egui::Context, p: &Presenter, images_changed: bool) {
        if self.audience_shown.stale(p, images_changed) {
            repaint_once(ctx, self.audience_id);
        }
    }

    /// With two monitors the console fills its own screen, as pdfpc's does (once, at start;
    /// F11 toggles it, and `--windowed` keeps it a window).
    fn place_console(&mut self, p: &mut Presenter) {
        if self.console_placed || self.options.windowed || self.options.rehearse {
            return;
        }
        if self.windows.monitors.len() >= 2 {
            self.console_placed = true;
            if !p.show.console_fullscreen() {
                p.apply(Action::Command(crate::action::Command::ConsoleFullscreen));
            }
        }
    }
}

/// Whether the console's window is a Wayland surface.
fn on_wayland(cc: &eframe::CreationContext<'_>) -> bool {
    use winit::raw_window_handle::{HasWindowHandle, RawWindowHandle};
    cc.window_handle()
        .is_ok_and(|h| matches!(h.as_raw(), RawWindowHandle::Wayland(_)))
}

/// Holds off the screen saver and blanking for the console's window: its session's mechanisms
/// (see [`crate::idle`]).
fn keep_awake(cc: &eframe::CreationContext<'_>) -> crate::idle::Awake {
    use crate::idle::{Awake, Surface};
    use winit::raw_window_handle::{
        HasDisplayHandle, HasWindowHandle, RawDisplayHandle, RawWindowHandle,
    };
    let window = cc.window_handle().map(|h| h.as_raw());
    let display = cc.display_handle().map(|h| h.as_raw());
    let surface = match (window, display) {
        (Ok(RawWindowHandle::Xlib(_) | RawWindowHandle::Xcb(_)), _) => Surface::X11,
        (Ok(RawWindowHandle::Wayland(w)), Ok(RawDisplayHandle::Wayland(d))) => Surface::Wayland {
            display: d.display.as_ptr(),
            surface: w.surface.as_ptr(),
        },
        _ => Surface::Other,
    };
    // SAFETY: the console is eframe's root window: it lives until the app (which owns the
    // result) is dropped, and its display with it.
    unsafe { Awake::start(surface) }
}

/// Under software OpenGL on X11, frames paint only what changed (see [`damage`]);
/// `LTDECK_FULL_FRAMES` paints every frame whole, as eframe does.
fn install_damage(cc: &eframe::CreationContext<'_>, audience: ViewportId) {
    use egui_glow::glow::HasContext;
    use winit::raw_window_handle::{HasWindowHandle, RawWindowHandle};
    let Some(gl) = cc.gl.as_ref() else {
        return;
    };
    // SAFETY: eframe made this context current on this thread for the app's creation, and
    // RENDERER is a constant string query with no other precondition.
    let renderer = unsafe { gl.get_parameter_string(egui_glow::glow::RENDERER) };
    let x11 = cc.window_handle().is_ok_and(|h| {
        matches!(
            h.as_raw(),
            RawWindowHandle::Xlib(_) | RawWindowHandle::Xcb(_)
        )
    });
    if x11
        && damage::keeps_last_frame(&renderer)
        && std::env::var_os("LTDECK_FULL_FRAMES").is_none()
    {
        cc.egui_ctx.add_plugin(damage::Damage::new(
            CONSOLE_BACKGROUND.to_normalized_gamma_f32(),
            vec![(ViewportId::ROOT, "console"), (audience, "audience")],
        ));
    }
}

/// `LTDECK_DEBUG_FRAMES`: one line a frame on stderr — the window, egui's time, what asked
/// for the frame (file:line of each repaint request) and the input events it brought.
fn debug_frame(window: &str, ctx: &egui::Context) {
    let causes: Vec<String> = ctx.repaint_causes().iter().map(|c| c.to_string()).collect();
    let events: Vec<String> = ctx.input(|i| {
        i.raw
            .events
            .iter()
            .map(|e| match e {
                egui::Event::Key { key, pressed, .. } => {
                    format!("{key:?}{}", if *pressed { "↓" } else { "↑" })
                }
                egui::Event::PointerMoved(_) => "move".into(),
                other => format!("{other:?}").chars().take(24).collect(),
            })
            .collect()
    });
    // The glyph atlas's size and the rows its glyphs fill (egui's fill ratio is of its width).
    let (atlas, rows) = ctx.fonts(|f| {
        let [w, h] = f.font_image_size();
        let rows = f.font_atlas_fill_ratio() * w.max(h) as f32;
        ([w, h], rows.round() as usize)
    });
    eprintln!(
        "{window} frame {:.3} causes {causes:?} events {events:?} atlas {}x{} ({rows} rows used)",
        ctx.input(|i| i.time),
        atlas[0],
        atlas[1],
    );
}

impl App {
    /// Monitors came or went: the show is told, and the console is put back fullscreen on its
    /// own screen and focused at once. Runs in [`eframe::App::logic`], which eframe calls even
    /// while the console gets no frames: on Wayland, unplugging the projector while the slides
    /// have the focus moves their workspace onto the laptop and hides the console's, and a
    /// hidden window is never drawn. Asking for fullscreen on the laptop's output brings the
    /// console onto the workspace that shows; its next frame closes the slides window.
    fn follow_monitors(&mut self, ctx: &egui::Context, p: &mut Presenter) {
        // The watcher's list is copied (and told to the show) only when it changed.
        let list = match self.monitors.lock() {
            Ok(list) if *list != self.windows.monitors => list.clone(),
            _ => return,
        };
        let first = self.windows.monitors.is_empty();
        self.windows.monitors = list;
        p.apply(Action::Monitors(self.windows.monitors.len()));
        self.place_console(p);
        if first || self.options.windowed || self.options.rehearse || !p.show.console_fullscreen() {
            return;
        }
        let laptop = p.show.console_monitor().unwrap_or(0);
        ctx.send_viewport_cmd_to(ViewportId::ROOT, ViewportCommand::SetMonitor(laptop));
        ctx.send_viewport_cmd_to(ViewportId::ROOT, ViewportCommand::Focus);
    }
}

impl eframe::App for App {
    /// What the show decides, whether or not the console is drawn: monitor changes, the screen
    /// saver's report, and the effects of keys pressed in the slides window.
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        let shared = Arc::clone(&self.p);
        let mut p = lock(&shared);
        self.follow_monitors(ctx, &mut p);
        if let Some(report) = self.awake.as_mut().and_then(crate::idle::Awake::report) {
            p.awake = Some(report);
        }
        p.carry_out(ctx, &self.windows);
    }

    /// Each window's command keys are applied here, before egui reads the input (see
    /// [`Presenter::take_keys`]): → on the projector paints it twice (the press, and the release
    /// eframe repaints for) and the console once, where it painted them four times and twice.
    fn raw_input_hook(&mut self, ctx: &egui::Context, raw: &mut egui::RawInput) {
        // eframe tells each window's first pass the GPU's largest texture; every pass is told
        // the side that bounds the glyph atlas (see `fonts::texture_side`).
        if let Some(told) = raw.max_texture_side {
            self.gpu_texture_side = Some(told);
        }
        let gpu = self.gpu_texture_side.unwrap_or(2048);
        let screens = self.windows.monitors.iter().map(|m| m.size);
        raw.max_texture_side = Some(crate::fonts::texture_side(screens, gpu));
        let (window, taken) = match raw.viewport_id {
            ViewportId::ROOT => (Window::Console, &mut self.taken_console),
            id if id == self.audience_id => (Window::Audience, &mut self.taken_audience),
            _ => return,
        };
        let mut p = lock(&self.p);
        let applied = p.take_keys(&mut raw.events, window, taken);
        // Keys on the projector change what the console shows, and its effects run there.
        if applied && window == Window::Audience {
            repaint_once(ctx, ViewportId::ROOT);
        }
        // Keys on the console that change the slides: the projector's frame goes first.
        if applied
            && window == Window::Console
            && self.windows.audience.is_some()
            && self.audience_shown.stale(&p, false)
            && let Some(damage) = ctx.plugin_opt::<damage::Damage>()
        {
            damage
                .lock()
                .paint_first(self.audience_id, ViewportId::ROOT, Instant::now());
        }
    }

    fn clear_color(&self, _visuals: &egui::Visuals) -> [f32; 4] {
        CONSOLE_BACKGROUND.to_normalized_gamma_f32()
    }

    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        if std::env::var_os("LTDECK_DEBUG_FRAMES").is_some() {
            debug_frame("console", &ctx);
        }
        let shared = Arc::clone(&self.p);
        let mut p = lock(&shared);
        p.previews.set_backend(frame.gl().is_some());
        self.ppp = ctx.pixels_per_point();
        let images_changed = p.update(&ctx);
        p.handle_input(&ctx);
        if ctx.input(|i| i.viewport().close_requested()) {
            p.close_requested(Window::Console);
        }
        let placement = self.audience_placement(&p);
        // One monitor: Tab turns this window into the slides, fullscreen.
        let slides_here = placement.is_none() && p.show.slides_view();
        if slides_here != self.root_fullscreen {
            self.root_fullscreen = slides_here;
            let on = slides_here || p.show.console_fullscreen();
            ctx.send_viewport_cmd(ViewportCommand::Fullscreen(on));
        }
        if slides_here {
            p.audience_ui(ui);
        } else {
            console_ui(ui, &mut p);
        }
        let placement = placement.filter(|_| !self.audience_waits(&ctx, &p, Instant::now()));
        self.windows.audience = placement.map(|_| self.audience_id);
        p.carry_out(&ctx, &self.windows);
        self.key_releases
            .store(p.show.editing().is_some(), Ordering::Relaxed);
        if let Some(monitor) = placement {
            // Not while the projector's frame is waited for: that frame comes first.
            let waits = ctx
                .plugin_opt::<damage::Damage>()
                .is_some_and(|d| d.lock().waits(ViewportId::ROOT, Instant::now()));
            if !waits {
                p.lay_out_ahead(ui);
            }
            let builder = self.audience_builder(&p, monitor);
            self.refresh_audience(&ctx, &p, images_changed);
            drop(p);
            self.show_audience(&ctx, builder);
        }
        crate::fonts::redraw_if_atlas_overflowed(&ctx, &[ViewportId::ROOT, self.audience_id]);
        if let Some(started) = self.started.take()
            && std::env::var_os("LTDECK_REPORT_FIRST_FRAME").is_some()
        {
            eprintln!(
                "ltdeck: first frame {} ms after start",
                started.elapsed().as_millis()
            );
        }
    }

    /// The screens may sleep again; released here, while the console's window (whose surface
    /// holds the Wayland inhibitor) still exists.
    fn on_exit(&mut self, _gl: Option<&egui_glow::glow::Context>) {
        self.awake = None;
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        let scale = lock(&self.p).show.notes_scale();
        eframe::set_value(storage, "notes_scale", &scale);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::Command;

    fn sample() -> Presenter {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("decks/welcome.md");
        Presenter::new(crate::deck::load(&path).expect("the sample deck loads"))
    }

    #[test]
    fn a_monitor_without_its_size_yet_is_not_acted_on() {
        let monitor = |w, h| Monitor {
            name: "WL-2".into(),
            size: [w, h],
            position: [1920, 0],
        };
        assert!(settled(&[monitor(1920, 1080), monitor(1280, 720)]));
        assert!(!settled(&[monitor(1920, 1080), monitor(0, 0)]));
        assert!(settled(&[]));
    }

    #[test]
    fn window_placement_is_never_restored_from_a_previous_run() {
        let native = native_options("Talk", true);
        assert!(
            !native.persist_window,
            "eframe must not restore fullscreen or a place"
        );
        assert_eq!(native.viewport.fullscreen, None);
        assert!(
            native
                .viewport
                .title
                .as_deref()
                .is_some_and(|t| t.contains("rehearsal"))
        );
    }

    #[test]
    fn a_slide_the_audience_drew_itself_is_not_asked_for_again() {
        let mut p = sample();
        let watch = AudienceWatch::default();
        assert!(watch.stale(&p, false), "nothing drawn yet");
        watch.drawn(&p);
        assert!(!watch.stale(&p, false));
        // → pressed in the audience window: its frame draws slide 2 and says so.
        p.apply(Action::Command(Command::Next));
        assert!(watch.stale(&p, false));
        watch.drawn(&p);
        assert!(!watch.stale(&p, false), "the console's look finds it shown");
        // A photo that arrived while it showed loading is drawn in.
        assert!(watch.stale(&p, true));
        // Blanking is a change too.
        p.apply(Action::Command(Command::BlackScreen));
        assert!(watch.stale(&p, false));
    }

    /// One pass of a 1920×1080 window drawing `ui_fn`, and whether it put new glyphs into the
    /// font atlas.
    fn adds_glyphs(ctx: &egui::Context, ui_fn: &mut dyn FnMut(&mut egui::Ui)) -> bool {
        let raw = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1920.0, 1080.0),
            )),
            ..Default::default()
        };
        let mut textures = ctx.run_ui(raw, |ui| ui_fn(ui)).textures_delta;
        let glyphs = textures.set.contains_key(&egui::TextureId::default());
        textures.clear();
        glyphs
    }

    fn presenter(text: &str) -> Presenter {
        Presenter::new(crate::deck::parse(
            text.as_bytes(),
            std::path::Path::new("."),
        ))
    }

    fn three_slides() -> Presenter {
        presenter(
            "# One\n\n---\n\n# Quick zebras vex jumpy wolves\n\nPack my box with liquor\n\n\
             ---\n\n# Sphinx of black quartz\n\nJudge my vow, 다람쥐 헌 쳇바퀴\n",
        )
    }

    /// Draws with `draw` in one pass, lays out ahead in the next when `ahead` (and checks that
    /// this put glyphs into the atlas), presses →, and says whether `draw`'s pass then put
    /// glyphs into the atlas.
    fn adds_glyphs_after_next(
        mut p: Presenter,
        ahead: bool,
        draw: &dyn Fn(&mut egui::Ui, &mut Presenter),
    ) -> bool {
        let ctx = egui::Context::default();
        adds_glyphs(&ctx, &mut |ui| draw(ui, &mut p));
        if ahead {
            assert!(adds_glyphs(&ctx, &mut |ui| p.lay_out_ahead(ui)));
        }
        p.apply(Action::Command(Command::Next));
        adds_glyphs(&ctx, &mut |ui| draw(ui, &mut p))
    }

    /// `draw`'s frame after → adds no glyph when laid out ahead, and does without.
    fn laid_out_ahead(
        deck: &dyn Fn() -> Presenter,
        draw: &dyn Fn(&mut egui::Ui, &mut Presenter),
        what: &str,
    ) {
        assert!(
            !adds_glyphs_after_next(deck(), true, draw),
            "laid out ahead, {what} adds no glyph"
        );
        assert!(
            adds_glyphs_after_next(deck(), false, draw),
            "without the look-ahead, {what} does"
        );
    }

    #[test]
    fn the_projectors_next_slide_is_laid_out_ahead_in_a_console_frame() {
        let projector = |ui: &mut egui::Ui, p: &mut Presenter| p.audience_ui(ui);
        laid_out_ahead(&three_slides, &projector, "the projector's frame");
    }

    #[test]
    fn the_consoles_next_previews_are_laid_out_ahead_too() {
        use super::previews::Slot;
        let now = egui::Rect::from_min_size(egui::pos2(10.0, 100.0), egui::vec2(1000.0, 562.0));
        let next = egui::Rect::from_min_size(egui::pos2(1100.0, 100.0), egui::vec2(600.0, 338.0));
        // The console's two previews, as its frame draws them.
        let previews = |ui: &mut egui::Ui, p: &mut Presenter| {
            let here = (p.show.slide(), p.show.step());
            p.preview(ui, Slot::Current, now, here);
            if let Some(after) = p.show.next_position() {
                p.preview(ui, Slot::Next, next, after);
            }
        };
        laid_out_ahead(&three_slides, &previews, "the previews' frame");
    }

    #[test]
    fn the_next_slides_notes_are_laid_out_ahead_too() {
        let text = "# One\n\n<!-- 안녕하세요 -->\n\n---\n\n# Two\n\n\
                    <!-- 다람쥐 헌 쳇바퀴에 타고파, quick zebras vex jumpy wolves -->\n";
        let deck = || presenter(text);
        let place = (
            egui::Rect::from_min_size(egui::pos2(1100.0, 500.0), egui::vec2(700.0, 400.0)),
            1.3,
        );
        // The console's notes, as its frame draws them.
        let notes = |ui: &mut egui::Ui, p: &mut Presenter| {
            let slide = p.show.slide();
            p.notes(ui, place.0, place.1, slide);
        };
        laid_out_ahead(&deck, &notes, "the notes' frame");
    }

    fn key(key: egui::Key, pressed: bool) -> egui::Event {
        egui::Event::Key {
            key,
            physical_key: None,
            pressed,
            repeat: false,
            modifiers: egui::Modifiers::NONE,
        }
    }

    #[test]
    fn command_keys_are_taken_out_of_the_input_before_egui_sees_them() {
        use egui::Key;
        let mut p = sample();
        let mut taken = HashSet::new();
        let moved = egui::Event::PointerMoved(egui::pos2(1.0, 1.0));
        // → and its release, a key no command has, a pointer move.
        let mut events = vec![
            key(Key::ArrowRight, true),
            key(Key::ArrowRight, false),
            key(Key::F13, true),
            moved.clone(),
        ];
        assert!(p.take_keys(&mut events, Window::Audience, &mut taken));
        assert_eq!(p.show.slide(), 1, "→ on the projector moved on");
        assert_eq!(events, [key(Key::F13, true), moved], "egui gets the rest");
        assert!(taken.is_empty(), "the release went with its press");
        // A release whose press egui saw (it came before) stays for egui.
        let mut events = vec![key(Key::F13, false)];
        assert!(!p.take_keys(&mut events, Window::Audience, &mut taken));
        assert_eq!(events.len(), 1);
        // A press now, its release in a later frame.
        let mut events = vec![key(Key::ArrowLeft, true)];
        assert!(p.take_keys(&mut events, Window::Console, &mut taken));
        assert_eq!(p.show.slide(), 0);
        let mut events = vec![key(Key::ArrowLeft, false)];
        p.take_keys(&mut events, Window::Console, &mut taken);
        assert!(events.is_empty() && taken.is_empty());
        // While the console edits notes its keys are the editor's: nothing is taken there.
        p.apply(Action::Command(Command::EditNotes));
        assert!(p.show.editing().is_some());
        let mut events = vec![key(Key::ArrowRight, true), key(Key::Escape, true)];
        assert!(!p.take_keys(&mut events, Window::Console, &mut taken));
        assert_eq!(events.len(), 2);
        // Ctrl+E's press was taken before editing began: its release goes too.
        taken.insert(Key::E);
        let mut events = vec![key(Key::E, false), key(Key::ArrowRight, false)];
        p.take_keys(&mut events, Window::Console, &mut taken);
        assert_eq!(events, [key(Key::ArrowRight, false)]);
        // …while the projector's → still presents.
        let mut events = vec![key(Key::ArrowRight, true)];
        assert!(p.take_keys(&mut events, Window::Audience, &mut taken));
        assert_eq!(p.show.slide(), 1);
    }
}
