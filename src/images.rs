//! Images off the UI thread: decoded by worker threads, downscaled to the size they are shown
//! at, uploaded as textures on the UI thread, cached, and fetched ahead for the next slides.
//!
//! Owns decoding limits (a 30000×30000 image is refused, not allowed to eat the machine's
//! memory) and the cache. The UI thread never waits: until an image arrives, the renderer draws
//! a placeholder of its size (known from the header, which a worker reads first).

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};

use egui::{ColorImage, TextureHandle, TextureOptions};
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};

use crate::anim::{self, Thinner, Timing};
use crate::deck::{Image, ImageSource};
use crate::render::images::{ImageState, Images, Moving};

/// Largest image side accepted for decoding; bigger images are refused with a message.
pub const MAX_SOURCE_SIDE: u32 = 16_384;

/// Largest allocation a decode may make (bytes).
pub const MAX_DECODE_BYTES: u64 = 512 * 1024 * 1024;

/// Most pixels an image may have to be decoded (a 108-megapixel phone photo still is): a
/// 16000×16000 PNG of a few kilobytes would otherwise take a gigabyte while presenting.
pub const MAX_PIXELS: u64 = 110_000_000;

/// A decoded image, ready to upload.
#[derive(Debug)]
pub struct Decoded {
    /// Original size in pixels.
    pub original: [u32; 2],
    /// Downscaled pixels (an animation's first frame).
    pub pixels: ColorImage,
    /// The frames of an animated GIF, WebP or APNG (more than one frame).
    pub animation: Option<Frames>,
    /// Every pixel of every frame is opaque.
    pub opaque: bool,
    /// How bright it is where (the first frame), for text drawn over it.
    pub tone: Option<Arc<crate::color::Tone>>,
}

/// The brightness map of a picture decoded at any size (the map is the same at any size; a
/// copy a few hundred pixels wide gives it).
pub fn tone_of_image(image: &DynamicImage) -> Option<Arc<crate::color::Tone>> {
    let small = image.thumbnail(480, 480).into_rgb8();
    let (w, h) = small.dimensions();
    crate::color::Tone::of(w as usize, h as usize, |x, y| {
        small.get_pixel(x as u32, y as u32).0
    })
    .map(Arc::new)
}

/// The brightness map of decoded pixels.
fn tone_of(image: &ColorImage) -> Option<Arc<crate::color::Tone>> {
    let [w, h] = image.size;
    crate::color::Tone::of(w, h, |x, y| {
        let [r, g, b, _] = image.pixels[y * w + x].to_srgba_unmultiplied();
        [r, g, b]
    })
    .map(Arc::new)
}

fn is_opaque(image: &ColorImage) -> bool {
    image.pixels.iter().all(|p| p.a() == 255)
}

/// An animation's frames, downscaled, within [`anim::FRAME_BUDGET`].
#[derive(Debug)]
pub struct Frames {
    pub frames: Vec<ColorImage>,
    pub timing: Timing,
    /// Frames in the file (more than kept when thinned).
    pub in_file: usize,
    /// Frames were dropped to stay within the budget: it plays at a lower frame rate.
    pub thinned: bool,
    /// The file broke off: the frames before the break play.
    pub truncated: Option<String>,
}

/// Reads an image's size from its header (an SVG's from its markup).
pub fn header_size(path: &Path) -> Result<[u32; 2], String> {
    if crate::svg::is_svg(path) {
        return crate::svg::size(path);
    }
    let (w, h) = reader(path)?
        .into_dimensions()
        .map_err(|e| unreadable(path, e.to_string()))?;
    Ok([w, h])
}

/// Why an image cannot be read, with a way out for formats ltdeck does not decode.
pub fn unreadable(path: &Path, why: String) -> String {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let name = path
        .file_name()
        .map_or("image".into(), |n| n.to_string_lossy().into_owned());
    let stem = path
        .file_stem()
        .map_or("image".into(), |n| n.to_string_lossy().into_owned());
    match ext.as_str() {
        "avif" | "heic" | "heif" | "jxl" | "tif" | "tiff" => format!(
            "{} images are not supported; convert it: `magick {name} {stem}.png` (or save it as PNG or JPEG)",
            ext.to_ascii_uppercase()
        ),
        _ => why,
    }
}

/// The file, opened with its format guessed from its bytes.
fn reader(path: &Path) -> Result<ImageReader<std::io::BufReader<std::fs::File>>, String> {
    ImageReader::open(path)
        .map_err(|e| e.to_string())?
        .with_guessed_format()
        .map_err(|e| e.to_string())
}

/// The file, opened for decoding: refused when missing or empty.
fn readable(path: &Path) -> Result<ImageReader<std::io::BufReader<std::fs::File>>, String> {
    let meta = std::fs::metadata(path).map_err(|_| "not found".to_string())?;
    if meta.len() == 0 {
        return Err("the file is empty".into());
    }
    if meta.len() < 1024 {
        let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
        if crate::files::is_lfs_pointer(&bytes) {
            return Err(
                "it is a Git LFS pointer, not the picture; run `git lfs pull` in its repository"
                    .into(),
            );
        }
    }
    reader(path)
}

/// What a header tells without decoding pixels: the size as shown (EXIF rotation applied),
/// whether the file is a JPEG (by its bytes) and whether it is drawn as stored (no rotation or
/// mirroring) — a JPEG drawn as stored is one export can embed as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub size: [u32; 2],
    pub jpeg: bool,
    pub as_stored: bool,
}

impl Header {
    /// A JPEG whose bytes show it as the slide does.
    pub fn plain_jpeg(&self) -> bool {
        self.jpeg && self.as_stored
    }
}

/// Reads an image's [`Header`].
pub fn header(path: &Path) -> Result<Header, String> {
    if crate::svg::is_svg(path) {
        return Ok(Header {
            size: crate::svg::size(path)?,
            jpeg: false,
            as_stored: true,
        });
    }
    let reader = readable(path)?;
    let jpeg = reader.format() == Some(image::ImageFormat::Jpeg);
    let mut decoder = reader.into_decoder().map_err(too_large)?;
    let (w, h) = decoder.dimensions();
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    use image::metadata::Orientation::*;
    let turned = matches!(
        orientation,
        Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH
    );
    Ok(Header {
        size: if turned { [h, w] } else { [w, h] },
        jpeg,
        as_stored: orientation == NoTransforms,
    })
}

/// Decodes an image, applies its EXIF orientation and downscales it to fit `max` pixels.
pub fn decode(path: &Path, max: [u32; 2]) -> Result<Decoded, String> {
    if crate::svg::is_svg(path) {
        return decode_svg(path, max);
    }
    let decoder = limited_decoder(path)?;
    let (w, h) = decoder.dimensions();
    if let Some(frames) = animation(path, [w, h], max)? {
        let pixels = frames.frames[0].clone();
        return Ok(Decoded {
            original: [w, h],
            tone: tone_of(&pixels),
            pixels,
            opaque: frames.frames.iter().all(is_opaque),
            animation: Some(frames),
        });
    }
    let img = oriented(decoder)?;
    let original = [img.width(), img.height()];
    // A photo without an alpha channel is opaque: no need to look at its pixels.
    let alpha = img.color().has_alpha();
    let pixels = downscale(img, max)?;
    Ok(Decoded {
        original,
        opaque: !alpha || is_opaque(&pixels),
        tone: tone_of(&pixels),
        pixels,
        animation: None,
    })
}

/// An SVG drawn from its vectors as large as fits `max`: sharp wherever it is shown smaller.
fn decode_svg(path: &Path, max: [u32; 2]) -> Result<Decoded, String> {
    let (image, original) = crate::svg::rasterize(path, max)?;
    let size = [image.width() as usize, image.height() as usize];
    let pixels = ColorImage::from_rgba_unmultiplied(size, image.as_raw());
    Ok(Decoded {
        original,
        opaque: is_opaque(&pixels),
        tone: tone_of(&pixels),
        pixels,
        animation: None,
    })
}

/// The side an SVG is drawn at when export needs its pixels: only to judge how bright it is
/// under text (the PDF gets its vectors).
const SVG_STILL_SIDE: u32 = 512;

/// Decodes a still image at its full size, EXIF orientation applied (an animation's first
/// frame), within the same limits as [`decode`]: what export embeds. An SVG is drawn at 512 px
/// on its longer side (export embeds its vectors, not these pixels).
pub fn decode_still(path: &Path) -> Result<DynamicImage, String> {
    if crate::svg::is_svg(path) {
        let (image, _) = crate::svg::rasterize(path, [SVG_STILL_SIDE; 2])?;
        return Ok(DynamicImage::ImageRgba8(image));
    }
    oriented(limited_decoder(path)?)
}

/// The file's decoder, within the size and memory limits.
fn limited_decoder(path: &Path) -> Result<Box<dyn ImageDecoder>, String> {
    let mut reader = readable(path)?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SOURCE_SIDE);
    limits.max_image_height = Some(MAX_SOURCE_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let decoder = reader
        .into_decoder()
        .map_err(|e| unreadable(path, too_large(e)))?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!(
            "too large to show ({w}×{h} px, over {} megapixels); resize it, to 4000 px wide say",
            MAX_PIXELS / 1_000_000
        ));
    }
    Ok(Box::new(decoder))
}

fn oriented(mut decoder: Box<dyn ImageDecoder>) -> Result<DynamicImage, String> {
    let orientation = decoder.orientation().ok();
    let mut img = DynamicImage::from_decoder(decoder).map_err(too_large)?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    Ok(img)
}

/// The frames of an animated GIF, WebP or APNG, downscaled to fit `max` and thinned to the
/// budget while they are read; `None` for a still image (one frame, or not animated at all).
pub fn animation(path: &Path, size: [u32; 2], max: [u32; 2]) -> Result<Option<Frames>, String> {
    let Some((frames, loops)) = anim::frames(path)? else {
        return Ok(None);
    };
    let shown = anim::shown_size(size, max);
    let mut thinner = Thinner::new(anim::FRAME_BUDGET, anim::decoded_bytes(1, shown));
    let mut truncated = None;
    for frame in frames {
        match frame {
            Ok(frame) => {
                let delay = anim::delay_of(&frame);
                let pixels = downscale(DynamicImage::ImageRgba8(frame.into_buffer()), max)?;
                thinner.push(pixels, delay);
            }
            Err(e) => {
                truncated = Some(e.to_string());
                break;
            }
        }
    }
    let in_file = thinner.seen();
    let thinned = thinner.thinned();
    let kept = thinner.finish();
    if kept.is_empty() {
        return Err(truncated.unwrap_or_else(|| "no frames".into()));
    }
    if kept.len() == 1 && truncated.is_none() {
        return Ok(None);
    }
    let (frames, delays): (Vec<ColorImage>, Vec<std::time::Duration>) = kept.into_iter().unzip();
    Ok(Some(Frames {
        timing: Timing::new(delays, loops),
        frames,
        in_file,
        thinned,
        truncated,
    }))
}

fn too_large(e: image::ImageError) -> String {
    match e {
        image::ImageError::Limits(_) => {
            format!("too large to show (over {MAX_SOURCE_SIDE} px a side); resize it")
        }
        other => other.to_string(),
    }
}

/// Shrinks to fit within `max` (never enlarges) and converts to egui pixels. Lanczos3, as
/// export resizes: sharper than averaging boxes of pixels, and five times faster than `image`'s
/// `thumbnail` on a 12-megapixel photo (70 → 14 ms, docs/BENCHMARKS.md) — a photo decoded ahead
/// competes with the frames on two cores.
fn downscale(img: DynamicImage, max: [u32; 2]) -> Result<ColorImage, String> {
    let (w, h) = (img.width(), img.height());
    let f = (max[0] as f32 / w.max(1) as f32).min(max[1] as f32 / h.max(1) as f32);
    let to = if f < 1.0 {
        [
            ((w as f32 * f).round() as u32).max(1),
            ((h as f32 * f).round() as u32).max(1),
        ]
    } else {
        [w, h]
    };
    let size = [to[0] as usize, to[1] as usize];
    if img.color().has_alpha() {
        let rgba = resample(img.into_rgba8().into_raw(), true, [w, h], to)?;
        return Ok(ColorImage::from_rgba_unmultiplied(size, &rgba));
    }
    let rgb = resample(img.into_rgb8().into_raw(), false, [w, h], to)?;
    let pixels = rgb
        .chunks_exact(3)
        .map(|p| egui::Color32::from_rgb(p[0], p[1], p[2]))
        .collect();
    Ok(ColorImage::new(size, pixels))
}

/// Resamples RGB (`alpha: false`) or RGBA pixels from `from` to `to` (untouched when equal).
pub fn resample(
    pixels: Vec<u8>,
    alpha: bool,
    from: [u32; 2],
    to: [u32; 2],
) -> Result<Vec<u8>, String> {
    use pic_scale::{ResamplingFunction, Scaler};
    if from == to {
        return Ok(pixels);
    }
    let scaler = Scaler::new(ResamplingFunction::Lanczos3);
    if alpha {
        run::<4>(&pixels, from, to, |a, b| {
            scaler.plan_rgba_resampling(a, b, true)
        })
    } else {
        run::<3>(&pixels, from, to, |a, b| scaler.plan_rgb_resampling(a, b))
    }
}

/// Resamples `N`-channel pixels with the plan `plan` makes for the two sizes.
fn run<const N: usize>(
    pixels: &[u8],
    from: [u32; 2],
    to: [u32; 2],
    plan: impl FnOnce(
        pic_scale::ImageSize,
        pic_scale::ImageSize,
    )
        -> Result<std::sync::Arc<pic_scale::Resampling<u8, N>>, pic_scale::PicScaleError>,
) -> Result<Vec<u8>, String> {
    use pic_scale::{ImageSize, ImageStore, ImageStoreMut};
    let err = |e: pic_scale::PicScaleError| format!("cannot resize: {e:?}");
    let [sw, sh] = from.map(|v| v as usize);
    let [dw, dh] = to.map(|v| v as usize);
    let mut out = vec![0; dw * dh * N];
    let src = ImageStore::<u8, N>::from_slice(pixels, sw, sh).map_err(err)?;
    let mut dst = ImageStoreMut::<u8, N>::from_slice(&mut out, dw, dh).map_err(err)?;
    let plan = plan(ImageSize::new(sw, sh), ImageSize::new(dw, dh)).map_err(err)?;
    plan.resample(&src, &mut dst).map_err(err)?;
    Ok(out)
}

/// Whether two paths name one file: equal, or equal once made absolute and normalised (the
/// file may be gone, so no `canonicalize`).
fn same_file(a: &Path, b: &Path) -> bool {
    a == b || normalised(a) == normalised(b)
}

fn normalised(path: &Path) -> PathBuf {
    use std::path::Component;
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Of `(last frame used, key)` pairs, the keys to drop so that `keep` remain, least recently
/// used first — never one used in the frame before `now` (what is on screen stays, however
/// many that is).
pub(crate) fn least_recent<K: Ord>(mut used: Vec<(u64, K)>, keep: usize, now: u64) -> Vec<K> {
    let excess = used.len().saturating_sub(keep);
    used.sort();
    used.into_iter()
        .take(excess)
        .filter(|(last, _)| last + 1 < now)
        .map(|(_, key)| key)
        .collect()
}

/// A message from a worker.
enum Done {
    Header(PathBuf, Result<[u32; 2], String>),
    Image(PathBuf, Result<Decoded, String>),
}

enum Entry {
    Pending {
        size: Option<[u32; 2]>,
        /// Something drew its placeholder (not only a prefetch): its arrival changes a picture.
        drawn: bool,
    },
    Ready {
        texture: TextureHandle,
        size: [u32; 2],
        opaque: bool,
        animation: Option<Box<Playing>>,
        tone: Option<Arc<crate::color::Tone>>,
    },
    Failed(String),
}

/// An animation on the UI thread: its frames, and one texture updated in place with the frame
/// due (the still `texture` of its entry keeps frame 0 for the next-slide preview and the
/// overview).
struct Playing {
    frames: Frames,
    texture: TextureHandle,
    shown: std::cell::Cell<usize>,
}

impl Entry {
    /// What a picture of this entry shows.
    fn state(&self) -> ImageState {
        match self {
            Entry::Pending { size, .. } => ImageState::Loading { size: *size },
            Entry::Ready {
                texture,
                size,
                opaque,
                ..
            } => ImageState::Ready {
                texture: texture.id(),
                size: *size,
                opaque: *opaque,
            },
            Entry::Failed(e) => ImageState::Failed(e.clone()),
        }
    }
}

/// How many decoded images stay uploaded besides those asked for in the last frame; the least
/// recently asked for go first beyond this. The slides within two keys either way are asked
/// for every frame (prefetched), so what the speaker can reach always stays, however many
/// photos that is; a photo fitted to 1920×1200 is about 8 MB of texture, so few more are kept.
pub const KEEP_TEXTURES: usize = 2;

/// The image cache: ask with [`Images::state`]; call [`ImageCache::poll`] once a frame.
pub struct ImageCache {
    ctx: egui::Context,
    entries: RefCell<HashMap<PathBuf, Entry>>,
    /// The frame (poll count) at which each image was last asked for.
    used: RefCell<HashMap<PathBuf, u64>>,
    frame: std::cell::Cell<u64>,
    keep: usize,
    jobs: Sender<PathBuf>,
    done: Receiver<Done>,
    /// A PDF deck's rendered pages.
    pages: Option<crate::pages::PageCache>,
    /// The pages of the PDF before it was saved again, drawn until the new ones arrive (a
    /// reload never flashes blank paper at the audience).
    old_pages: RefCell<Option<crate::pages::PageCache>>,
}

impl ImageCache {
    /// Starts `workers` decoding threads; images are downscaled to fit `max` pixels.
    pub fn new(ctx: &egui::Context, workers: usize, max: [u32; 2]) -> Self {
        let (jobs, job_rx) = channel::<PathBuf>();
        let (done_tx, done) = channel();
        let job_rx = Arc::new(Mutex::new(job_rx));
        for i in 0..workers.max(1) {
            let rx = Arc::clone(&job_rx);
            let tx = done_tx.clone();
            let ctx = ctx.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("ltdeck-image-{i}"))
                .spawn(move || worker(&rx, &tx, &ctx, max));
            if let Err(e) = spawned {
                eprintln!("ltdeck: cannot start an image thread: {e}");
            }
        }
        Self {
            ctx: ctx.clone(),
            entries: RefCell::new(HashMap::new()),
            used: RefCell::new(HashMap::new()),
            frame: std::cell::Cell::new(0),
            keep: KEEP_TEXTURES,
            jobs,
            done,
            pages: None,
            old_pages: RefCell::new(None),
        }
    }

    /// Draws a PDF deck's pages from `pages`; the pages drawn so far stay on screen until the new
    /// ones have arrived.
    pub fn set_pages(&mut self, pages: Option<crate::pages::PageCache>) {
        let old = std::mem::replace(&mut self.pages, pages);
        if old.is_some() {
            *self.old_pages.get_mut() = old;
        }
    }

    /// The PDF deck's pages, when the deck is a PDF.
    pub fn pages(&self) -> Option<&crate::pages::PageCache> {
        self.pages.as_ref()
    }

    /// Keeps at most `keep` images uploaded (at least one).
    pub fn with_keep(mut self, keep: usize) -> Self {
        self.keep = keep.max(1);
        self
    }

    /// Drops the least recently asked-for textures beyond the limit; images asked for this
    /// frame stay (an open overview keeps all of its thumbnails).
    fn evict(&self) {
        let mut entries = self.entries.borrow_mut();
        let used = self.used.borrow();
        let now = self.frame.get();
        // Animations hold many frames: at most a few stay decoded.
        let playing: Vec<(u64, PathBuf)> = entries
            .iter()
            .filter(|(_, e)| {
                matches!(
                    e,
                    Entry::Ready {
                        animation: Some(_),
                        ..
                    }
                )
            })
            .map(|(p, _)| (used.get(p).copied().unwrap_or(0), p.clone()))
            .collect();
        for path in least_recent(playing, crate::anim::KEEP_ANIMATIONS, now) {
            entries.remove(&path);
        }
        let ready: Vec<(u64, PathBuf)> = entries
            .iter()
            .filter(|(_, e)| matches!(e, Entry::Ready { .. }))
            .map(|(p, _)| (used.get(p).copied().unwrap_or(0), p.clone()))
            .collect();
        for path in least_recent(ready, self.keep, now) {
            entries.remove(&path);
        }
    }

    /// Takes finished work from the workers and uploads textures. Returns whether anything drawn
    /// changed: an image only prefetched arrives without a repaint (its slide is not on screen).
    pub fn poll(&self) -> bool {
        self.frame.set(self.frame.get() + 1);
        self.evict();
        let mut changed = self.pages.as_ref().is_some_and(|p| p.poll());
        if self
            .pages
            .as_ref()
            .is_some_and(|p| p.settled() && p.uploaded() > 0)
        {
            self.old_pages.borrow_mut().take();
        }
        while let Ok(done) = self.done.try_recv() {
            let mut entries = self.entries.borrow_mut();
            let path = match &done {
                Done::Header(path, _) | Done::Image(path, _) => path,
            };
            changed |= matches!(
                entries.get(path),
                Some(Entry::Pending { drawn: true, .. }) | None
            );
            match done {
                Done::Header(path, Ok(size)) => {
                    if let Some(Entry::Pending { size: s, .. }) = entries.get_mut(&path) {
                        *s = Some(size);
                    }
                }
                Done::Header(path, Err(e)) | Done::Image(path, Err(e)) => {
                    entries.insert(path, Entry::Failed(e));
                }
                Done::Image(path, Ok(decoded)) => {
                    let name = path.display().to_string();
                    let animation = decoded.animation.map(|frames| {
                        let texture = self.ctx.load_texture(
                            format!("{name} (playing)"),
                            frames.frames[0].clone(),
                            TextureOptions::LINEAR,
                        );
                        Box::new(Playing {
                            frames,
                            texture,
                            shown: std::cell::Cell::new(0),
                        })
                    });
                    let texture =
                        self.ctx
                            .load_texture(name, decoded.pixels, TextureOptions::LINEAR);
                    entries.insert(
                        path,
                        Entry::Ready {
                            texture,
                            size: decoded.original,
                            opaque: decoded.opaque,
                            animation,
                            tone: decoded.tone,
                        },
                    );
                }
            }
        }
        changed
    }

    /// Whether none of `images` is still decoding (each has arrived or failed). The projector
    /// opens when the first slide's photos have arrived, so its first picture is the whole slide.
    pub fn arrived<'a>(&self, images: impl IntoIterator<Item = &'a Image>) -> bool {
        !images
            .into_iter()
            .any(|i| matches!(self.peek(i), Some(ImageState::Loading { .. })))
    }

    /// The state of an image that was already asked for; never starts loading one.
    pub fn peek(&self, image: &Image) -> Option<ImageState> {
        match file_of(image) {
            Ok(path) => self.entries.borrow().get(path).map(Entry::state),
            Err(never) => Some(never),
        }
    }

    /// Forgets an image (it changed on disk); the next ask decodes it again.
    /// The watcher names files by absolute path; the deck may name them relatively (with
    /// `..`). Returns whether an image was forgotten (it is decoded again when next drawn,
    /// including one that failed before).
    pub fn invalidate(&self, path: &Path) -> bool {
        let mut entries = self.entries.borrow_mut();
        let before = entries.len();
        entries.retain(|key, _| !same_file(key, path));
        entries.len() != before
    }

    /// Whether an image has arrived and is animated.
    pub fn is_animated(&self, image: &Image) -> bool {
        let ImageSource::File(path) = &image.source else {
            return false;
        };
        matches!(
            self.entries.borrow().get(path),
            Some(Entry::Ready {
                animation: Some(_),
                ..
            })
        )
    }

    /// Forgets every image.
    pub fn clear(&self) {
        self.entries.borrow_mut().clear();
    }

    /// Whether every image asked for so far has arrived (or failed).
    pub fn settled(&self) -> bool {
        self.pages.as_ref().is_none_or(|p| p.settled())
            && self
                .entries
                .borrow()
                .values()
                .all(|e| !matches!(e, Entry::Pending { .. }))
    }

    /// Asks for the images of slides, so they are decoded before they are shown.
    pub fn prefetch<'a>(&self, images: impl IntoIterator<Item = &'a Image>) {
        for image in images {
            let _ = self.ask(image, false);
        }
    }

    /// An image's state, loading it if it was never asked for; `drawn` when a picture shows it.
    fn ask(&self, image: &Image, drawn: bool) -> ImageState {
        let path = match file_of(image) {
            Ok(path) => path,
            Err(never) => return never,
        };
        self.used
            .borrow_mut()
            .insert(path.clone(), self.frame.get());
        let mut entries = self.entries.borrow_mut();
        let entry = entries.entry(path.clone()).or_insert_with(|| {
            if self.jobs.send(path.clone()).is_err() {
                return Entry::Failed("the image threads stopped".into());
            }
            Entry::Pending { size: None, drawn }
        });
        if let Entry::Pending { drawn: d, .. } = entry {
            *d |= drawn;
        }
        entry.state()
    }
}

/// The file an image is read from, or the state of one that never is (a remote image).
fn file_of(image: &Image) -> Result<&PathBuf, ImageState> {
    match &image.source {
        ImageSource::File(path) => Ok(path),
        ImageSource::Remote(_) => Err(ImageState::Failed("remote images are never fetched".into())),
    }
}

impl Images for ImageCache {
    fn page(&self, page: usize, pixels: [u32; 2]) -> ImageState {
        let Some(pages) = &self.pages else {
            return match self.old_pages.borrow().as_ref().and_then(|p| p.peek(page)) {
                Some(state) => state,
                None => ImageState::Loading { size: None },
            };
        };
        let state = pages.state(page, pixels);
        if matches!(state, ImageState::Loading { .. })
            && let Some(old) = self.old_pages.borrow().as_ref().and_then(|p| p.peek(page))
        {
            return old;
        }
        state
    }

    fn tone(&self, image: &Image) -> Option<Arc<crate::color::Tone>> {
        let ImageSource::File(path) = &image.source else {
            return None;
        };
        match self.entries.borrow().get(path)? {
            Entry::Ready { tone, .. } => tone.clone(),
            _ => None,
        }
    }

    fn moving(&self, image: &Image, playing: std::time::Duration) -> Option<Moving> {
        let ImageSource::File(path) = &image.source else {
            return None;
        };
        self.used
            .borrow_mut()
            .insert(path.clone(), self.frame.get());
        let entries = self.entries.borrow();
        let Some(Entry::Ready {
            animation: Some(a), ..
        }) = entries.get(path)
        else {
            return None;
        };
        let (frame, next) = a.frames.timing.frame_at(playing);
        if a.shown.get() != frame
            && let Some(pixels) = a.frames.frames.get(frame)
        {
            // One texture per animation, updated in place with the frame due.
            a.texture
                .clone()
                .set(pixels.clone(), TextureOptions::LINEAR);
            a.shown.set(frame);
        }
        Some(Moving {
            texture: a.texture.id(),
            next,
        })
    }

    fn state(&self, image: &Image) -> ImageState {
        self.ask(image, true)
    }
}

fn worker(
    jobs: &Mutex<Receiver<PathBuf>>,
    done: &Sender<Done>,
    ctx: &egui::Context,
    max: [u32; 2],
) {
    behind_the_frames();
    loop {
        let job = match jobs.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(path) = job else { return };
        let header = header_size(&path);
        let failed = header.is_err();
        if done.send(Done::Header(path.clone(), header)).is_err() {
            return;
        }
        repaint_once(ctx, egui::ViewportId::ROOT);
        if failed {
            continue;
        }
        let result = decode(&path, max);
        if done.send(Done::Image(path, result)).is_err() {
            return;
        }
        repaint_once(ctx, egui::ViewportId::ROOT);
        give_back_freed_memory();
    }
}

/// Asks for one frame of `viewport` now. A request without delay makes egui paint two frames
/// "to let things settle"; a slide or an arriving picture has nothing to settle, and on a
/// software renderer each frame of a fullscreen window costs tens of milliseconds.
pub fn repaint_once(ctx: &egui::Context, viewport: egui::ViewportId) {
    ctx.request_repaint_after_for(std::time::Duration::from_nanos(1), viewport);
}

/// Decoding yields to drawing: on two cores a photo decoded ahead competed with the frame of
/// the slide just shown (the nice value is the thread's own on Linux).
fn behind_the_frames() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: setpriority only changes this thread's scheduling priority.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t, 10);
    }
}

/// Returns the pages freed in every allocator arena to the system: the working buffers of a
/// decode (and of drawing threads) otherwise stay resident in their threads' arenas.
fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory; it is thread-safe.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn png(dir: &Path, name: &str, w: u32, h: u32) -> PathBuf {
        let path = dir.join(name);
        image::RgbImage::from_pixel(w, h, image::Rgb([200, 10, 10]))
            .save(&path)
            .expect("save");
        path
    }

    /// A GIF of `n` frames of `w`×`h` with `delay_ms` each (the encoder's loop default: for ever).
    fn gif(path: &Path, n: usize, [w, h]: [u32; 2], delay_ms: u32) {
        use image::codecs::gif::{GifEncoder, Repeat};
        let file = std::fs::File::create(path).expect("create");
        let mut enc = GifEncoder::new_with_speed(file, 30);
        enc.set_repeat(Repeat::Infinite).expect("repeat");
        let frames = (0..n).map(|i| {
            let shade = (i * 37 % 256) as u8;
            image::Frame::from_parts(
                image::RgbaImage::from_pixel(w, h, image::Rgba([shade, 255 - shade, 90, 255])),
                0,
                0,
                image::Delay::from_numer_denom_ms(delay_ms, 1),
            )
        });
        enc.encode_frames(frames).expect("encode");
    }

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/anim")
            .join(name)
    }

    #[test]
    fn gif_webp_and_apng_decode_as_animations_with_their_timing() {
        for (name, loops) in [
            ("moving.gif", None),
            ("moving.png", None),
            ("moving.webp", Some(3)),
        ] {
            let d = decode(&fixture(name), [1920, 1080]).expect(name);
            let a = d.animation.expect(name);
            assert_eq!(a.frames.len(), 6, "{name}");
            assert_eq!(a.timing.duration(), Duration::from_millis(480), "{name}");
            assert_eq!(a.timing.loops(), loops, "{name}");
            assert!(!a.thinned && a.truncated.is_none());
            // Frames differ: the dot moves.
            assert_ne!(a.frames[0].pixels, a.frames[5].pixels, "{name}");
        }
        // A still PNG is no animation.
        let dir = tempfile::tempdir().expect("tempdir");
        let still = png(dir.path(), "still.png", 20, 10);
        assert!(decode(&still, [100, 100]).expect("png").animation.is_none());
    }

    #[test]
    fn zero_delays_play_at_ten_frames_a_second() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("zero.gif");
        gif(&path, 4, [8, 8], 0);
        let a = decode(&path, [100, 100])
            .expect("gif")
            .animation
            .expect("animated");
        assert_eq!(a.timing.duration(), Duration::from_millis(400));
    }

    #[test]
    fn a_truncated_gif_plays_the_frames_before_the_break() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("cut.gif");
        gif(&path, 10, [40, 30], 50);
        let bytes = std::fs::read(&path).expect("read");
        std::fs::write(&path, &bytes[..bytes.len() * 6 / 10]).expect("cut");
        match decode(&path, [100, 100]) {
            Ok(d) => {
                let a = d.animation.expect("frames before the break");
                assert!(
                    a.frames.len() < 10 && a.frames.len() >= 2,
                    "{}",
                    a.frames.len()
                );
                assert!(a.truncated.is_some());
            }
            Err(e) => panic!("a truncated GIF with whole frames failed: {e}"),
        }
        // Cut inside the first frame: an error, shown as a placeholder.
        std::fs::write(&path, &bytes[..40]).expect("cut");
        assert!(decode(&path, [100, 100]).is_err());
    }

    #[test]
    fn ten_thousand_tiny_frames_and_a_gif_named_png_are_fine() {
        let dir = tempfile::tempdir().expect("tempdir");
        let many = dir.path().join("many.gif");
        gif(&many, 10_000, [1, 1], 20);
        let a = decode(&many, [100, 100])
            .expect("gif")
            .animation
            .expect("animated");
        assert_eq!(a.frames.len(), 10_000);
        assert_eq!(a.in_file, 10_000);
        let renamed = dir.path().join("meme.png");
        std::fs::copy(fixture("moving.gif"), &renamed).expect("copy");
        let a = decode(&renamed, [100, 100])
            .expect("gif")
            .animation
            .expect("animated");
        assert_eq!(a.frames.len(), 6);
    }

    #[test]
    fn large_animations_are_thinned_to_the_budget() {
        let dir = tempfile::tempdir().expect("tempdir");
        let big = dir.path().join("big.gif");
        // 40 frames of 1280×720: 3.7 MB each decoded, 147 MB in all, over the 64 MB budget.
        // One full frame, then small patches (quick to encode; each decodes to the full canvas).
        {
            use image::codecs::gif::GifEncoder;
            let file = std::fs::File::create(&big).expect("create");
            let mut enc = GifEncoder::new_with_speed(file, 30);
            let delay = image::Delay::from_numer_denom_ms(100, 1);
            let full = image::RgbaImage::from_pixel(1280, 720, image::Rgba([20, 40, 60, 255]));
            let mut frames = vec![image::Frame::from_parts(full, 0, 0, delay)];
            for i in 1..40u32 {
                let patch = image::RgbaImage::from_pixel(8, 8, image::Rgba([250, 200, 40, 255]));
                frames.push(image::Frame::from_parts(patch, i * 16, i * 8, delay));
            }
            enc.encode_frames(frames).expect("encode");
        }
        let a = decode(&big, [1920, 1080])
            .expect("gif")
            .animation
            .expect("animated");
        assert!(a.thinned);
        assert_eq!(a.in_file, 40);
        let bytes: u64 = a.frames.iter().map(|f| f.pixels.len() as u64 * 4).sum();
        assert!(bytes <= anim::FRAME_BUDGET, "{bytes}");
        // The same four seconds, at a lower frame rate.
        assert_eq!(a.timing.duration(), Duration::from_secs(4));
    }

    #[test]
    fn decode_downscales_to_fit_and_keeps_the_original_size() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = png(dir.path(), "a.png", 400, 200);
        let d = decode(&path, [100, 100]).expect("decode");
        assert_eq!(d.original, [400, 200]);
        assert_eq!(d.pixels.size, [100, 50]);
        let small = decode(&path, [1000, 1000]).expect("decode");
        assert_eq!(small.pixels.size, [400, 200], "never enlarged");
    }

    #[test]
    fn slivers_and_single_pixels_downscale_too() {
        let dir = tempfile::tempdir().expect("tempdir");
        for (name, [w, h], alpha) in [
            ("wide.png", [5000, 1], false),
            ("tall.png", [1, 5000], true),
            ("wide-alpha.png", [4000, 3], true),
            ("dot.png", [1, 1], false),
        ] {
            let path = dir.path().join(name);
            if alpha {
                image::RgbaImage::from_pixel(w, h, image::Rgba([10, 200, 10, 128]))
                    .save(&path)
                    .expect("save");
            } else {
                image::RgbImage::from_pixel(w, h, image::Rgb([10, 200, 10]))
                    .save(&path)
                    .expect("save");
            }
            let d = decode(&path, [1920, 1200]).unwrap_or_else(|e| panic!("{name}: {e}"));
            let [dw, dh] = d.pixels.size;
            assert!(
                dw <= 1920 && dh <= 1200 && dw >= 1 && dh >= 1,
                "{name}: {dw}×{dh}"
            );
            let [_, g, _, _] = d.pixels.pixels[0].to_srgba_unmultiplied();
            assert!(g > 180, "{name}: green became {g}");
        }
    }

    #[test]
    fn downscaling_keeps_colours_edges_and_clean_transparency() {
        let dir = tempfile::tempdir().expect("tempdir");
        // Opaque: red left, blue right.
        let path = dir.path().join("halves.png");
        image::RgbImage::from_fn(400, 200, |x, _| {
            image::Rgb(if x < 200 { [220, 0, 0] } else { [0, 0, 220] })
        })
        .save(&path)
        .expect("save");
        let d = decode(&path, [100, 100]).expect("decode");
        assert!(d.opaque);
        let at = |x: usize, y: usize| d.pixels.pixels[y * 100 + x].to_array();
        assert_eq!(at(10, 25), [220, 0, 0, 255]);
        assert_eq!(at(90, 25), [0, 0, 220, 255]);
        // Transparent pixels' colour (green here) must not bleed into the opaque half.
        let path = dir.path().join("cut-out.png");
        image::RgbaImage::from_fn(400, 200, |x, _| {
            image::Rgba(if x < 200 {
                [220, 0, 0, 255]
            } else {
                [0, 255, 0, 0]
            })
        })
        .save(&path)
        .expect("save");
        let d = decode(&path, [100, 100]).expect("decode");
        assert!(!d.opaque);
        for p in &d.pixels.pixels {
            let [r, g, _, a] = p.to_srgba_unmultiplied();
            if a > 8 {
                assert!(g < 24 && r > 150, "{p:?} shows the hidden green");
            }
        }
        assert_eq!(
            d.pixels.pixels[25 * 100 + 90].a(),
            0,
            "the cut-out stays clear"
        );
    }

    #[test]
    fn broken_empty_and_missing_files_fail_with_a_reason() {
        let dir = tempfile::tempdir().expect("tempdir");
        let empty = dir.path().join("e.png");
        std::fs::write(&empty, b"").expect("write");
        assert_eq!(
            decode(&empty, [10, 10]).err().as_deref(),
            Some("the file is empty")
        );
        let junk = dir.path().join("j.jpg");
        std::fs::write(&junk, b"\xFF\xD8\xFFgarbage").expect("write");
        assert!(decode(&junk, [10, 10]).is_err());
        assert_eq!(
            decode(&dir.path().join("none.png"), [10, 10])
                .err()
                .as_deref(),
            Some("not found")
        );
    }

    /// A PNG of `w`×`h` with a header and no pixel data: limits must refuse it before any
    /// allocation, so such a test neither takes memory nor time.
    fn header_only_png(path: &Path, w: u32, h: u32) {
        let mut bytes = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
        bytes.extend(w.to_be_bytes());
        bytes.extend(h.to_be_bytes());
        bytes.extend([8, 2, 0, 0, 0]);
        let crc = crc32(&bytes[12..]);
        bytes.extend(crc.to_be_bytes());
        for chunk in [&b"IDAT"[..], b"IEND"] {
            bytes.extend(0u32.to_be_bytes());
            bytes.extend(chunk);
            bytes.extend(crc32(chunk).to_be_bytes());
        }
        std::fs::write(path, &bytes).expect("write");
    }

    #[test]
    fn a_huge_image_is_refused_by_the_limits_not_decoded() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("huge.png");
        header_only_png(&path, 30_000, 30_000);
        assert_eq!(header_size(&path), Ok([30_000, 30_000]));
        let err = decode(&path, [100, 100]).expect_err("refused");
        assert!(err.contains("too large"), "{err}");
    }

    #[test]
    fn an_image_of_too_many_pixels_is_refused_with_a_hint_before_decoding() {
        // 16000×16000 is under the side limit but 256 megapixels: a gigabyte once decoded.
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("wide.png");
        header_only_png(&path, 16_000, 16_000);
        let err = decode(&path, [1920, 1200]).expect_err("refused");
        assert!(
            err.contains("16000×16000") && err.contains("resize"),
            "{err}"
        );
    }

    fn image_of(path: &Path) -> Image {
        Image {
            line: 1,
            column: 1,
            src: path.display().to_string(),
            source: ImageSource::File(path.to_path_buf()),
            alt: String::new(),
            placement: crate::deck::Placement::Inline,
            size: crate::deck::ImageSize::default(),
        }
    }

    /// Polls until every image is in a state `arrived` accepts; returns whether any poll
    /// reported a change.
    fn poll_until(
        cache: &ImageCache,
        images: &[Image],
        arrived: fn(Option<ImageState>) -> bool,
    ) -> bool {
        let end = std::time::Instant::now() + std::time::Duration::from_secs(10);
        let mut changed = false;
        while std::time::Instant::now() < end {
            changed |= cache.poll();
            if images.iter().all(|i| arrived(cache.peek(i))) {
                return changed;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        panic!("images did not arrive");
    }

    fn ready(state: Option<ImageState>) -> bool {
        matches!(state, Some(ImageState::Ready { .. }))
    }

    /// Polls until the images are ready; returns whether any poll reported a change.
    fn wait_ready(cache: &ImageCache, images: &[Image]) -> bool {
        poll_until(cache, images, ready)
    }

    #[test]
    fn images_ready_or_failed_have_arrived() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = ImageCache::new(&egui::Context::default(), 1, [64, 64]);
        let images = [
            image_of(&png(dir.path(), "a.png", 8, 8)),
            image_of(&png(dir.path(), "b.png", 8, 8)),
            image_of(&dir.path().join("missing.png")),
        ];
        cache.prefetch(images.iter());
        poll_until(&cache, &images, |s| {
            matches!(s, Some(ImageState::Ready { .. } | ImageState::Failed(_)))
        });
        assert!(cache.arrived(&images));
    }

    /// A file that cannot be read yet (a pipe nobody writes to) keeps its image decoding, not
    /// arrived, until the worker is let go.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[test]
    fn an_image_still_decoding_has_not_arrived() {
        let dir = tempfile::tempdir().expect("tempdir");
        let fifo = dir.path().join("slow.png");
        let c_path = std::ffi::CString::new(fifo.display().to_string()).expect("path");
        // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0, "mkfifo");
        let cache = ImageCache::new(&egui::Context::default(), 2, [64, 64]); // one is held by the pipe
        let images = [image_of(&fifo), image_of(&png(dir.path(), "a.png", 8, 8))];
        cache.prefetch(images.iter());
        poll_until(&cache, &images[1..], ready);
        assert!(!cache.arrived(&images), "the pipe is still being read");
        assert!(cache.arrived(&images[1..]));
        // Let the worker go: it reads an empty file and fails.
        drop(std::fs::OpenOptions::new().write(true).open(&fifo));
        poll_until(&cache, &images[..1], |s| {
            matches!(s, Some(ImageState::Failed(_)))
        });
        assert!(cache.arrived(&images));
    }

    #[test]
    fn a_prefetched_image_arrives_without_a_repaint_and_a_drawn_one_with_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let ctx = egui::Context::default();
        let cache = ImageCache::new(&ctx, 1, [64, 64]);
        let ahead = [image_of(&png(dir.path(), "ahead.png", 8, 8))];
        cache.prefetch(ahead.iter());
        assert!(
            !wait_ready(&cache, &ahead),
            "nothing on screen showed the prefetched photo"
        );
        // Drawn while it loads (its placeholder is on screen): its arrival changes the picture.
        let shown = [image_of(&png(dir.path(), "shown.png", 8, 8))];
        cache.prefetch(shown.iter());
        assert!(matches!(cache.state(&shown[0]), ImageState::Loading { .. }));
        assert!(wait_ready(&cache, &shown));
        // A failure that was drawn is a change too (the placeholder says why).
        let broken = dir.path().join("broken.png");
        std::fs::write(&broken, b"not a png").expect("write");
        let broken = [image_of(&broken)];
        cache.state(&broken[0]);
        assert!(poll_until(&cache, &broken, |s| matches!(
            s,
            Some(ImageState::Failed(_))
        )));
    }

    #[test]
    fn textures_beyond_the_limit_are_dropped_least_recently_used_first() {
        let dir = tempfile::tempdir().expect("tempdir");
        let ctx = egui::Context::default();
        let cache = ImageCache::new(&ctx, 1, [64, 64]).with_keep(2);
        let images: Vec<Image> = (0..3)
            .map(|i| image_of(&png(dir.path(), &format!("{i}.png"), 8, 8)))
            .collect();
        for image in &images {
            cache.state(image);
        }
        wait_ready(&cache, &images);
        // Only the last image stays in use for a few frames: the other two are least recent.
        for _ in 0..3 {
            cache.state(&images[2]);
            cache.poll();
        }
        let ready: Vec<bool> = images
            .iter()
            .map(|i| matches!(cache.peek(i), Some(ImageState::Ready { .. })))
            .collect();
        assert_eq!(ready.iter().filter(|r| **r).count(), 2, "{ready:?}");
        assert!(ready[2], "the image in use stays");
        // Asking again decodes it again.
        let evicted = images
            .iter()
            .position(|i| cache.peek(i).is_none())
            .expect("one was dropped");
        cache.state(&images[evicted]);
        wait_ready(&cache, &images[evicted..=evicted]);
    }

    #[test]
    fn what_is_asked_for_every_frame_stays_and_little_else() {
        let dir = tempfile::tempdir().expect("tempdir");
        let ctx = egui::Context::default();
        let cache = ImageCache::new(&ctx, 1, [64, 64]);
        let images: Vec<Image> = (0..KEEP_TEXTURES + 4)
            .map(|i| image_of(&png(dir.path(), &format!("{i}.png"), 8, 8)))
            .collect();
        let ready = |cache: &ImageCache| images.iter().filter(|i| ready(cache.peek(i))).count();
        // The slides within reach are prefetched each frame, as the presenter does.
        let end = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while ready(&cache) < images.len() && std::time::Instant::now() < end {
            cache.prefetch(images.iter());
            cache.poll();
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        // All of them stay, past the limit.
        for _ in 0..3 {
            cache.prefetch(images.iter());
            cache.poll();
        }
        assert_eq!(ready(&cache), images.len());
        // Out of reach, only the most recently asked for stay beside what is in use.
        for _ in 0..3 {
            cache.prefetch(images[..1].iter());
            cache.poll();
        }
        assert_eq!(ready(&cache), KEEP_TEXTURES);
        assert!(matches!(
            cache.peek(&images[0]),
            Some(ImageState::Ready { .. })
        ));
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in data {
            crc ^= b as u32;
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
}
