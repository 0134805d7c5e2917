//! PDF pages as textures: one worker thread owns the document (hayro's render cache is not
//! `Send`), renders the pages asked for at the size they are shown, and sends the pixels over a
//! channel; the UI thread uploads them. The current page and its neighbours are asked for ahead,
//! so a page flip only swaps a texture.
//!
//! A page is rendered once at the largest size it was asked for (the audience window's pixels);
//! the console's smaller previews draw the same texture. A larger ask (a bigger
//! projector) renders it again; until then the smaller picture is shown.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, OnceLock};

use egui::{ColorImage, TextureHandle, TextureOptions};
use hayro::hayro_interpret::font::{FontData, FontQuery};
use hayro::hayro_interpret::hayro_cmap::CidFamily;
use hayro::hayro_interpret::{InterpreterSettings, RenderContent};
use hayro::hayro_syntax::Pdf;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{PixmapSettings, RenderCache, RenderSettings};

use crate::fonts::discover::{Face, FaceSource, FontPlan};
use crate::render::images::ImageState;

/// How many rendered pages stay uploaded; the least recently drawn go first beyond this (and
/// never a page drawn this frame: an open overview keeps all its thumbnails).
pub const KEEP_PAGES: usize = 4;

/// The size pages ahead are rendered at before any window asked for more: a 1080p projector.
const PROJECTOR: [u32; 2] = [1920, 1080];

/// The largest page rendered, in pixels per side (a 4K projector), unless egui is told of a
/// smaller largest texture (see [`crate::fonts::texture_side`]: as large as the largest screen).
const MAX_SIDE: u32 = 4096;

/// Faces for text a PDF does not embed: CJK fonts resolve to these by their character
/// collection (a Korean CID font to the Hangul face). A face is read from disk the first time a
/// page needs it, on the page thread.
#[derive(Clone, Default)]
pub struct Fallbacks {
    korean: Arc<Lazy>,
    japanese: Arc<Lazy>,
    chinese: Arc<Lazy>,
}

/// A face and, once read, its bytes.
#[derive(Default)]
struct Lazy {
    face: Option<Face>,
    data: OnceLock<Option<(FontData, u32)>>,
}

impl Lazy {
    fn new(face: Option<Face>) -> Arc<Self> {
        Arc::new(Self {
            face,
            data: OnceLock::new(),
        })
    }

    fn get(&self) -> Option<(FontData, u32)> {
        self.data
            .get_or_init(|| {
                let face = self.face.as_ref()?;
                let data: FontData = match &face.source {
                    FaceSource::Bundled(bytes) => Arc::new(*bytes),
                    FaceSource::File(path) => Arc::new(crate::fonts::file_bytes(path).ok()?),
                };
                Some((data, face.index))
            })
            .clone()
    }
}

impl Fallbacks {
    /// The faces of ltdeck's font plan: Japanese and Chinese text without a face of its own
    /// takes the Hangul face (it has the common Han characters and Latin).
    pub fn from_plan(plan: &FontPlan) -> Self {
        let korean = plan.hangul.clone();
        Self {
            japanese: Lazy::new(plan.kana.clone().or_else(|| korean.clone())),
            chinese: Lazy::new(plan.han.clone().or_else(|| korean.clone())),
            korean: Lazy::new(korean),
        }
    }

    fn settings(&self, draw_annotations: bool) -> InterpreterSettings {
        let fallbacks = self.clone();
        let standard = InterpreterSettings::default().font_resolver;
        InterpreterSettings {
            font_resolver: Arc::new(move |query: &FontQuery| {
                if let FontQuery::Fallback(f) = query
                    && let Some(cc) = &f.character_collection
                {
                    let face = match cc.family {
                        CidFamily::AdobeKorea1 => Some(&fallbacks.korean),
                        CidFamily::AdobeJapan1 => Some(&fallbacks.japanese),
                        CidFamily::AdobeGB1 | CidFamily::AdobeCNS1 => Some(&fallbacks.chinese),
                        _ => None,
                    };
                    if let Some(face) = face.and_then(|f| f.get()) {
                        return Some(face);
                    }
                }
                standard(query)
            }),
            render_content: if draw_annotations {
                RenderContent::all()
            } else {
                RenderContent::PAGE
            },
            ..InterpreterSettings::default()
        }
    }
}

struct Job {
    page: usize,
    size: [u32; 2],
}

struct Done {
    page: usize,
    result: Result<ColorImage, String>,
}

enum Entry {
    /// Asked for at `asked` pixels, not here yet.
    Pending {
        asked: [u32; 2],
    },
    /// Here at `size`; a rendering at `asked` is on its way when that is larger.
    Ready {
        texture: TextureHandle,
        size: [u32; 2],
        asked: [u32; 2],
    },
    Failed(String),
}

/// Whether `want` pixels need a rendering larger than `have` (within a tenth is sharp enough).
fn larger(want: [u32; 2], have: [u32; 2]) -> bool {
    let more = |w: u32, h: u32| w as f32 > h as f32 * 1.1;
    more(want[0], have[0]) && more(want[1], have[1])
}

/// Rendered pages of one PDF: ask with [`PageCache::state`]; call [`PageCache::poll`] once a
/// frame.
pub struct PageCache {
    ctx: egui::Context,
    entries: RefCell<HashMap<usize, Entry>>,
    used: RefCell<HashMap<usize, u64>>,
    frame: Cell<u64>,
    keep: usize,
    /// The largest size asked for so far: pages asked for ahead are rendered at it.
    largest: Cell<[u32; 2]>,
    jobs: Sender<Job>,
    done: Receiver<Done>,
    /// The file, and its length and time of change when it was opened.
    file: PathBuf,
    stamp: Option<Stamp>,
}

type Stamp = (u64, Option<std::time::SystemTime>);

fn stamp(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.len(), m.modified().ok()))
}

impl PageCache {
    /// Starts the worker that opens `path` and renders its pages.
    pub fn open(ctx: &egui::Context, path: &Path, fallbacks: Fallbacks) -> Self {
        let (jobs, job_rx) = channel::<Job>();
        let (done_tx, done) = channel();
        let file = path.to_path_buf();
        let opened = stamp(path);
        let path = path.to_path_buf();
        let waker = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("ltdeck-pages".into())
            .spawn(move || worker(&path, &fallbacks, &job_rx, &done_tx, &waker));
        if let Err(e) = spawned {
            eprintln!("ltdeck: cannot start the page thread: {e}");
        }
        Self {
            ctx: ctx.clone(),
            entries: RefCell::new(HashMap::new()),
            used: RefCell::new(HashMap::new()),
            frame: Cell::new(0),
            keep: KEEP_PAGES,
            // A projector's size until a window asks for more: the pages ahead (the current one
            // first) are rendered once, at the audience's size, not first at a preview's.
            largest: Cell::new(PROJECTOR),
            jobs,
            done,
            file,
            stamp: opened,
        }
    }

    /// Whether the PDF on disk changed since these pages were opened (saved again).
    pub fn is_stale(&self) -> bool {
        stamp(&self.file) != self.stamp
    }

    /// Keeps at most `keep` pages uploaded (at least one).
    pub fn with_keep(mut self, keep: usize) -> Self {
        self.keep = keep.max(1);
        self
    }

    /// Page `page` to be drawn `size` pixels large (the whole page); asking starts rendering
    /// it, or renders it again larger.
    pub fn state(&self, page: usize, size: [u32; 2]) -> ImageState {
        let most = MAX_SIDE.min(self.ctx.input(|i| i.max_texture_side) as u32);
        let size = [size[0].clamp(1, most), size[1].clamp(1, most)];
        let [lw, lh] = self.largest.get();
        self.largest.set([lw.max(size[0]), lh.max(size[1])]);
        self.used.borrow_mut().insert(page, self.frame.get());
        let mut entries = self.entries.borrow_mut();
        let entry = entries.entry(page).or_insert_with(|| {
            if self.jobs.send(Job { page, size }).is_err() {
                return Entry::Failed("the page thread stopped".into());
            }
            Entry::Pending { asked: size }
        });
        // Asked for larger than before (the projector's window after the console's preview):
        // rendered again at that size; what is here meanwhile is drawn.
        if let Entry::Pending { asked } | Entry::Ready { asked, .. } = entry
            && larger(size, *asked)
            && self.jobs.send(Job { page, size }).is_ok()
        {
            *asked = size;
        }
        match entry {
            Entry::Pending { .. } => ImageState::Loading { size: None },
            Entry::Failed(why) => ImageState::Failed(why.clone()),
            Entry::Ready { texture, size, .. } => ImageState::Ready {
                texture: texture.id(),
                size: *size,
                opaque: true,
            },
        }
    }

    /// A page as it is here now, never asking for it (`None`: not here).
    pub fn peek(&self, page: usize) -> Option<ImageState> {
        match self.entries.borrow().get(&page)? {
            Entry::Ready { texture, size, .. } => Some(ImageState::Ready {
                texture: texture.id(),
                size: *size,
                opaque: true,
            }),
            _ => None,
        }
    }

    /// Asks for pages ahead of being drawn, at the largest size asked for so far; pages already
    /// here count as drawn (they are kept while they are ahead).
    pub fn prefetch(&self, pages: impl IntoIterator<Item = usize>) {
        let size = self.largest.get();
        for page in pages {
            if self.entries.borrow().contains_key(&page) {
                self.used.borrow_mut().insert(page, self.frame.get());
            } else {
                let _ = self.state(page, size);
            }
        }
    }

    /// Whether every page asked for has arrived (or failed).
    pub fn settled(&self) -> bool {
        self.entries.borrow().values().all(|e| match e {
            Entry::Pending { .. } => false,
            Entry::Ready { size, asked, .. } => !larger(*asked, *size),
            Entry::Failed(_) => true,
        })
    }

    /// The pages that failed so far (0-based) and why, in page order.
    pub fn failures(&self) -> Vec<(usize, String)> {
        let mut out: Vec<(usize, String)> = self
            .entries
            .borrow()
            .iter()
            .filter_map(|(p, e)| match e {
                Entry::Failed(why) => Some((*p, why.clone())),
                _ => None,
            })
            .collect();
        out.sort();
        out
    }

    /// How many pages are uploaded now.
    pub fn uploaded(&self) -> usize {
        self.entries
            .borrow()
            .values()
            .filter(|e| matches!(e, Entry::Ready { .. }))
            .count()
    }

    /// Takes rendered pages from the worker and uploads them. Returns whether anything changed.
    pub fn poll(&self) -> bool {
        self.frame.set(self.frame.get() + 1);
        self.evict();
        let mut changed = false;
        while let Ok(done) = self.done.try_recv() {
            changed = true;
            let mut entries = self.entries.borrow_mut();
            let entry = match done.result {
                Ok(image) => {
                    let size = [image.size[0] as u32, image.size[1] as u32];
                    // No mipmaps: the previews are drawn from the audience-sized picture at most
                    // about three times smaller (sharp enough), and mipmaps cost a quarter more
                    // memory per page (25 MB after ten photo slides, docs/BENCHMARKS.md).
                    let options = TextureOptions::LINEAR;
                    match entries.get_mut(&done.page) {
                        // A larger rendering replaces the picture in place.
                        Some(Entry::Ready {
                            texture,
                            size: have,
                            ..
                        }) => {
                            texture.set(image, options);
                            *have = size;
                            continue;
                        }
                        Some(Entry::Pending { asked }) => Entry::Ready {
                            texture: self.ctx.load_texture(
                                format!("page {}", done.page + 1),
                                image,
                                options,
                            ),
                            size,
                            asked: *asked,
                        },
                        // Forgotten meanwhile (evicted, failed): not wanted now.
                        _ => continue,
                    }
                }
                Err(why) => Entry::Failed(why),
            };
            entries.insert(done.page, entry);
        }
        changed
    }

    fn evict(&self) {
        let mut entries = self.entries.borrow_mut();
        let used = self.used.borrow();
        let now = self.frame.get();
        let ready: Vec<(u64, usize)> = entries
            .iter()
            .filter(
                |(_, e)| matches!(e, Entry::Ready { size, asked, .. } if !larger(*asked, *size)),
            )
            .map(|(p, _)| (used.get(p).copied().unwrap_or(0), *p))
            .collect();
        for page in crate::images::least_recent(ready, self.keep, now) {
            entries.remove(&page);
        }
    }
}

/// The worker: opens the document once, then renders what is asked, latest asks for a page
/// merged into one (the largest size).
fn worker(
    path: &PathBuf,
    fallbacks: &Fallbacks,
    jobs: &Receiver<Job>,
    done: &Sender<Done>,
    waker: &egui::Context,
) {
    let opened = std::fs::read(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
        .and_then(|bytes| {
            Pdf::new(bytes).map_err(|e| format!("{} cannot be opened: {e:?}", path.display()))
        });
    let cache = RenderCache::new();
    let with_notes = fallbacks.settings(false);
    let plain = fallbacks.settings(true);
    while let Ok(first) = jobs.recv() {
        let mut queue = vec![first];
        queue.extend(jobs.try_iter());
        let mut merged: Vec<Job> = Vec::new();
        for job in queue {
            match merged.iter_mut().find(|j| j.page == job.page) {
                Some(j) => {
                    j.size = [j.size[0].max(job.size[0]), j.size[1].max(job.size[1])];
                }
                None => merged.push(job),
            }
        }
        for job in merged {
            let result = match &opened {
                Ok(pdf) => render_page(pdf, &cache, job.page, job.size, &plain, &with_notes),
                Err(why) => Err(why.clone()),
            };
            if done
                .send(Done {
                    page: job.page,
                    result,
                })
                .is_err()
            {
                return;
            }
            crate::images::repaint_once(waker, egui::ViewportId::ROOT);
        }
    }
}

/// Renders page `index` of the PDF in `bytes` to fit `size` pixels, on this thread (tests,
/// benchmarks, `check`): what the page thread does for one page.
pub fn render_once(
    bytes: Vec<u8>,
    index: usize,
    size: [u32; 2],
    fallbacks: &Fallbacks,
) -> Result<ColorImage, String> {
    let pdf = Pdf::new(bytes).map_err(|e| format!("the PDF cannot be opened: {e:?}"))?;
    let cache = RenderCache::new();
    render_page(
        &pdf,
        &cache,
        index,
        size,
        &fallbacks.settings(true),
        &fallbacks.settings(false),
    )
}

/// Draws every page of the PDF at `path` small, as `ltdeck check` does before a talk: a page
/// that fails, or whose fonts or images the renderer could not use, is reported with its
/// number (the talk shows a placeholder, or the page without them).
pub fn check_pages(path: &Path, fallbacks: &Fallbacks) -> Vec<crate::deck::Diagnostic> {
    use crate::deck::{Diagnostic, Severity};
    use hayro::hayro_interpret::InterpreterWarning;
    let Ok(bytes) = std::fs::read(path) else {
        return Vec::new();
    };
    let Ok(pdf) = Pdf::new(bytes) else {
        return Vec::new();
    };
    let cache = RenderCache::new();
    let seen: Arc<std::sync::Mutex<Vec<InterpreterWarning>>> = Arc::default();
    let sink = Arc::clone(&seen);
    let with_sink = |annotations| InterpreterSettings {
        warning_sink: {
            let sink = Arc::clone(&sink);
            Arc::new(move |w| {
                if let Ok(mut s) = sink.lock() {
                    s.push(w);
                }
            })
        },
        ..fallbacks.settings(annotations)
    };
    let (plain, with_notes) = (with_sink(true), with_sink(false));
    let mut out = Vec::new();
    for index in 0..pdf.pages().len() {
        let page = index + 1;
        if let Err(why) = render_page(&pdf, &cache, index, [480, 480], &plain, &with_notes) {
            out.push(Diagnostic::on_page(
                Severity::Warning,
                page,
                why,
                "the talk shows a placeholder for it; export the PDF again from the slide program",
            ));
        }
        let warnings = seen
            .lock()
            .map(|mut s| std::mem::take(&mut *s))
            .unwrap_or_default();
        let font = warnings
            .iter()
            .any(|w| matches!(w, InterpreterWarning::UnsupportedFont));
        let image = warnings
            .iter()
            .any(|w| matches!(w, InterpreterWarning::ImageDecodeFailure));
        if font {
            out.push(Diagnostic::on_page(
                Severity::Warning,
                page,
                "a font on this page cannot be read; some text may be missing",
                "export the PDF with fonts embedded (PDF/A, or \"embed all fonts\")",
            ));
        }
        if image {
            out.push(Diagnostic::on_page(
                Severity::Warning,
                page,
                "an image on this page cannot be decoded; it is left out",
                "export the PDF again, or replace the image in the slide program",
            ));
        }
    }
    out
}

/// Renders one page to fit `size` pixels, on white. A page whose annotations are speaker notes
/// is drawn without its annotations (no note icon on the slide). A page that fails (or makes
/// the renderer panic) is an error, and the next page renders as usual.
fn render_page<'a>(
    pdf: &'a Pdf,
    cache: &RenderCache<'a>,
    index: usize,
    size: [u32; 2],
    plain: &InterpreterSettings,
    with_notes: &InterpreterSettings,
) -> Result<ColorImage, String> {
    let pages = pdf.pages();
    let page = pages
        .get(index)
        .ok_or_else(|| format!("page {} is not in the PDF", index + 1))?;
    let (w, h) = page.render_dimensions();
    if !(w > 0.0 && h > 0.0) {
        return Err(format!("page {} has no size", index + 1));
    }
    let scale = (size[0] as f32 / w).min(size[1] as f32 / h);
    let settings = if crate::deck::pdf::has_note_annotations(page.raw()) {
        with_notes
    } else {
        plain
    };
    let drawn = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        hayro::render(
            page,
            cache,
            settings,
            &RenderSettings::default(),
            &PixmapSettings {
                x_scale: scale,
                y_scale: scale,
                bg_color: WHITE,
            },
        )
    }))
    .map_err(|_| {
        format!(
            "page {} could not be drawn (the PDF is damaged there)",
            index + 1
        )
    })?;
    let dims = [drawn.width() as usize, drawn.height() as usize];
    if dims[0] == 0 || dims[1] == 0 {
        return Err(format!("page {} has no size", index + 1));
    }
    Ok(ColorImage::from_rgba_premultiplied(
        dims,
        drawn.data_as_u8_slice(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PDF of `n` slides, as `ltdeck export` writes it, in a temporary folder.
    fn pdf_file(n: usize) -> (tempfile::TempDir, PathBuf) {
        let markdown: Vec<String> = (1..=n).map(|i| format!("# Page {i}")).collect();
        let deck = crate::deck::parse(markdown.join("\n\n---\n\n").as_bytes(), Path::new("."));
        let plan = crate::fonts::discover::plan_from(&fontdb::Database::new(), None, "Page", None);
        let pdf = crate::export::pdf_with_fonts(&deck, &crate::export::Options::default(), &plan);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("talk.pdf");
        std::fs::write(&path, pdf.pdf).unwrap();
        (dir, path)
    }

    /// Polls until every page asked for is here (bounded).
    fn wait(cache: &PageCache) {
        for _ in 0..500 {
            cache.poll();
            if cache.settled() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        panic!("pages never arrived");
    }

    fn size_of(state: ImageState) -> [u32; 2] {
        match state {
            ImageState::Ready { size, .. } => size,
            other => panic!("not ready: {other:?}"),
        }
    }

    #[test]
    fn a_page_is_rendered_at_the_size_asked_and_again_only_when_asked_larger() {
        let (_dir, path) = pdf_file(3);
        let ctx = egui::Context::default();
        let cache = PageCache::open(&ctx, &path, Fallbacks::default());
        assert!(matches!(
            cache.state(0, [320, 180]),
            ImageState::Loading { .. }
        ));
        wait(&cache);
        assert_eq!(size_of(cache.state(0, [320, 180])), [320, 180]);
        // Within a tenth: the same picture, nothing rendered again.
        assert_eq!(size_of(cache.state(0, [340, 190])), [320, 180]);
        assert!(cache.settled());
        // Larger: the small picture meanwhile, then the large one in its place.
        assert_eq!(size_of(cache.state(0, [1280, 720])), [320, 180]);
        assert!(!cache.settled());
        wait(&cache);
        assert_eq!(size_of(cache.state(0, [1280, 720])), [1280, 720]);
        // Pages ahead come at the largest size asked so far, at least a projector's.
        cache.prefetch([1, 2]);
        wait(&cache);
        assert_eq!(size_of(cache.state(2, [64, 36])), [1920, 1080]);
        // A page that is not there fails with its number; the others still render.
        assert!(matches!(
            cache.state(7, [64, 36]),
            ImageState::Loading { .. }
        ));
        wait(&cache);
        // The same file: not stale; written again: stale (a reload renders its pages anew).
        assert!(!cache.is_stale());
        std::fs::write(
            &path,
            [std::fs::read(&path).unwrap(), b"\n".to_vec()].concat(),
        )
        .unwrap();
        assert!(cache.is_stale());
        assert_eq!(
            cache.failures(),
            vec![(7, "page 8 is not in the PDF".to_string())]
        );
    }

    #[test]
    fn pages_beyond_the_keep_limit_are_dropped_least_recently_drawn_first() {
        let (_dir, path) = pdf_file(4);
        let ctx = egui::Context::default();
        let cache = PageCache::open(&ctx, &path, Fallbacks::default()).with_keep(2);
        for page in 0..4 {
            let _ = cache.state(page, [64, 36]);
            wait(&cache);
            // A frame passes: the next poll may drop what was not drawn in it.
            cache.poll();
        }
        cache.poll();
        assert_eq!(cache.uploaded(), 2);
        // The two drawn last are the ones kept.
        assert!(matches!(cache.state(3, [64, 36]), ImageState::Ready { .. }));
        assert!(matches!(
            cache.state(0, [64, 36]),
            ImageState::Loading { .. }
        ));
    }

    #[test]
    fn pages_ahead_stay_while_they_are_ahead_and_are_not_rendered_again() {
        let (_dir, path) = pdf_file(4);
        let ctx = egui::Context::default();
        let cache = PageCache::open(&ctx, &path, Fallbacks::default()).with_keep(1);
        // Frames as the presenter runs them: take what arrived, then ask for the pages ahead.
        for _ in 0..500 {
            cache.poll();
            cache.prefetch([0, 1, 2]);
            if cache.uploaded() == 3 {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        // Frames pass with the same pages ahead: all three stay, none is asked for again (a
        // page dropped and asked for again would be pending now).
        for _ in 0..5 {
            cache.poll();
            cache.prefetch([0, 1, 2]);
            assert!(cache.settled());
        }
        assert_eq!(cache.uploaded(), 3);
        // Once they are behind, the limit applies.
        cache.prefetch([3]);
        wait(&cache);
        cache.poll();
        cache.poll();
        assert_eq!(cache.uploaded(), 1);
    }

    #[test]
    fn an_unreadable_file_fails_every_page_with_one_reason() {
        let ctx = egui::Context::default();
        let cache = PageCache::open(
            &ctx,
            Path::new("/nonexistent/talk.pdf"),
            Fallbacks::default(),
        );
        let _ = cache.state(0, [64, 36]);
        let _ = cache.state(1, [64, 36]);
        wait(&cache);
        let failures = cache.failures();
        assert_eq!(failures.len(), 2);
        assert!(
            failures[0].1.contains("cannot read /nonexistent/talk.pdf"),
            "{failures:?}"
        );
        assert_eq!(failures[0].1, failures[1].1);
    }

    #[test]
    fn fallbacks_pick_the_hangul_face_for_korean() {
        let plan = FontPlan {
            hangul: Some(crate::fonts::discover::bundled_hangul(false)),
            ..FontPlan::default()
        };
        let f = Fallbacks::from_plan(&plan);
        let (data, index) = f.korean.get().expect("the bundled face");
        assert_eq!(index, 0);
        assert!((*data).as_ref().len() > 100_000);
        // Without a Kana or Han face, the Hangul face's Han and Latin glyphs are the best there is.
        assert!(f.japanese.get().is_some() && f.chinese.get().is_some());
        assert!(Fallbacks::default().korean.get().is_none());
    }
}
