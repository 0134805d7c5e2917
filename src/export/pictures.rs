//! The export's images: headers read for layout, pixels decoded only to be embedded, at no more
//! than twice the size they are shown at. A JPEG small enough (and not rotated by EXIF) goes in
//! as it is; a larger one is decoded, shrunk and encoded again; other formats go in lossless.
//! Unreadable images are reported once and drawn as the screen's placeholder.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use egui::epaint::ClippedShape;
use egui::{Shape, TextureId, Vec2};

use super::pdf::Picture;
use crate::deck::{Deck, Image, ImageSource};
use crate::images::Header;
use crate::render::images::{ImageState, Images};

/// JPEG quality for photos that had to be shrunk.
const JPEG_QUALITY: u8 = 88;

/// Photos are embedded at most this many times the pixels they are shown at.
const OVERSAMPLE: f32 = 2.0;

/// The export's image table.
pub struct Pictures {
    inner: RefCell<Inner>,
    file: String,
}

#[derive(Default)]
struct Inner {
    entries: Vec<Entry>,
    by_path: HashMap<PathBuf, usize>,
    embedded: HashMap<(usize, [u32; 2]), Picture>,
    warnings: Vec<String>,
}

struct Entry {
    path: PathBuf,
    state: Result<Header, String>,
    line: usize,
    /// How bright it is where, once asked (text over it is given a colour and backing).
    tone: Option<Option<std::sync::Arc<crate::color::Tone>>>,
    /// Pixels decoded for the tone, kept until the picture is embedded (decoded once).
    pixels: Option<image::DynamicImage>,
}

impl Pictures {
    pub fn new(deck: &Deck) -> Self {
        let file = deck
            .path
            .as_ref()
            .map_or_else(|| "deck".into(), |p| p.display().to_string());
        Self {
            inner: RefCell::default(),
            file,
        }
    }

    /// Problems met, one line each.
    pub fn warnings(&self) -> Vec<String> {
        self.inner.borrow().warnings.clone()
    }

    /// Decodes what the page shows; `true` when an image failed (the page must be painted
    /// again: it now shows the placeholder).
    pub fn prepare(&self, shapes: &[ClippedShape]) -> bool {
        let mut failed = false;
        for (id, shown) in uses(shapes) {
            failed |= self.embed(id as usize, shown).is_none();
        }
        failed
    }

    fn entry(&self, path: &PathBuf, line: usize) -> usize {
        let mut inner = self.inner.borrow_mut();
        if let Some(&i) = inner.by_path.get(path) {
            return i;
        }
        let state = crate::images::header(path);
        if let Err(why) = &state {
            let msg = self.placeholder(line, path, why);
            inner.warnings.push(msg);
        }
        let i = inner.entries.len();
        inner.entries.push(Entry {
            path: path.clone(),
            state,
            line,
            tone: None,
            pixels: None,
        });
        inner.by_path.insert(path.clone(), i);
        i
    }

    fn embed(&self, id: usize, shown: Vec2) -> Option<Picture> {
        let (path, header, line) = {
            let inner = self.inner.borrow();
            let entry = inner.entries.get(id)?;
            let header = *entry.state.as_ref().ok()?;
            (entry.path.clone(), header, entry.line)
        };
        // An SVG goes in as vectors, whatever size it is shown at.
        let vector = crate::svg::is_svg(&path);
        let target = if vector {
            [0, 0]
        } else {
            target_size(header.size, shown)
        };
        // Pixels decoded for the tone serve the embedding once, then go.
        let pixels = self.inner.borrow_mut().entries[id].pixels.take();
        if let Some(image) = self.inner.borrow().embedded.get(&(id, target)) {
            return Some(image.clone());
        }
        let picture = if vector {
            crate::svg::tree(&path).map(|t| Picture::Vector(std::sync::Arc::new(t)))
        } else {
            encode(&path, header, target, pixels).map(Picture::Raster)
        };
        match picture {
            Ok(image) => {
                self.inner
                    .borrow_mut()
                    .embedded
                    .insert((id, target), image.clone());
                Some(image)
            }
            Err(why) => {
                let msg = self.placeholder(line, &path, &why);
                let mut inner = self.inner.borrow_mut();
                inner.warnings.push(msg);
                inner.entries[id].state = Err(why);
                None
            }
        }
    }

    /// The warning for an image the page shows as a placeholder.
    fn placeholder(&self, line: usize, path: &Path, why: &str) -> String {
        format!(
            "{}:{line}: image {}: {why}; the page shows a placeholder",
            self.file,
            path.display()
        )
    }
}

impl Images for Pictures {
    fn state(&self, image: &Image) -> ImageState {
        let path = match &image.source {
            ImageSource::File(path) => path,
            ImageSource::Remote(url) => {
                return ImageState::Failed(format!("remote image {url} is not fetched"));
            }
        };
        let id = self.entry(path, image.line);
        match &self.inner.borrow().entries[id].state {
            Ok(header) => ImageState::Ready {
                texture: TextureId::User(id as u64),
                size: header.size,
                opaque: false,
            },
            Err(why) => ImageState::Failed(why.clone()),
        }
    }

    fn tone(&self, image: &Image) -> Option<std::sync::Arc<crate::color::Tone>> {
        let ImageSource::File(path) = &image.source else {
            return None;
        };
        let id = self.entry(path, image.line);
        if let Some(known) = &self.inner.borrow().entries[id].tone {
            return known.clone();
        }
        // Decoded once: the pixels stay for the embedding that follows on this page.
        let pixels = self.inner.borrow().entries[id]
            .state
            .is_ok()
            .then(|| crate::images::decode_still(path).ok())
            .flatten();
        let tone = pixels.as_ref().and_then(crate::images::tone_of_image);
        let mut inner = self.inner.borrow_mut();
        inner.entries[id].tone = Some(tone.clone());
        inner.entries[id].pixels = pixels;
        tone
    }
}

impl super::pdf::Pictures for Pictures {
    fn picture(&self, id: u64, shown: Vec2) -> Option<Picture> {
        self.embed(id as usize, shown)
    }
}

/// The images a page paints: texture id and the size (canvas pixels) of the whole image.
fn uses(shapes: &[ClippedShape]) -> Vec<(u64, Vec2)> {
    fn walk(shape: &Shape, out: &mut Vec<(u64, Vec2)>) {
        match shape {
            Shape::Vec(v) => v.iter().for_each(|s| walk(s, out)),
            Shape::Mesh(mesh) => {
                if let TextureId::User(id) = mesh.texture_id
                    && let Some(shown) = super::pdf::shown_size(mesh)
                {
                    out.push((id, shown));
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for s in shapes {
        walk(&s.shape, &mut out);
    }
    out
}

/// An image barely larger than it needs to be goes in as it is: shrinking a photo by a few per
/// cent would cost a second JPEG compression (and its artefacts) for a few per cent of bytes.
const SLACK: f32 = 1.1;

/// Pixels to embed for an image of `size` shown at `shown`: twice that, never more than it has;
/// its own size when that is within [`SLACK`] of twice the shown size.
pub fn target_size(size: [u32; 2], shown: Vec2) -> [u32; 2] {
    let f = (OVERSAMPLE * shown.x / size[0].max(1) as f32)
        .max(OVERSAMPLE * shown.y / size[1].max(1) as f32);
    if f * SLACK >= 1.0 {
        return size;
    }
    [
        ((size[0] as f32 * f).round() as u32).max(1),
        ((size[1] as f32 * f).round() as u32).max(1),
    ]
}

/// The image as PDF: a JPEG at its own size as it is; anything else decoded, shrunk to
/// `target` (pic-scale's SIMD Lanczos, the one hayro uses) and encoded again — a JPEG as JPEG,
/// other formats lossless (screenshots and diagrams keep their edges).
/// `pixels`: the image already decoded, if it was.
fn encode(
    path: &Path,
    header: Header,
    target: [u32; 2],
    pixels: Option<image::DynamicImage>,
) -> Result<krilla::image::Image, String> {
    let jpeg = header.jpeg;
    if header.plain_jpeg() && target == header.size {
        let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
        return krilla::image::Image::from_jpeg(bytes.into(), true);
    }
    let img = match pixels {
        Some(img) => img,
        None => crate::images::decode_still(path)?,
    };
    let size = [img.width(), img.height()];
    if jpeg || !img.color().has_alpha() {
        let rgb = crate::images::resample(img.into_rgb8().into_raw(), false, size, target)?;
        if jpeg {
            let mut out = Vec::new();
            let side = |v: u32| u16::try_from(v).map_err(|_| "too large".to_string());
            jpeg_encoder::Encoder::new(&mut out, JPEG_QUALITY)
                .encode(
                    &rgb,
                    side(target[0])?,
                    side(target[1])?,
                    jpeg_encoder::ColorType::Rgb,
                )
                .map_err(|e| e.to_string())?;
            return krilla::image::Image::from_jpeg(out.into(), true);
        }
        let rgba = rgb
            .chunks_exact(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect();
        return Ok(krilla::image::Image::from_rgba8(rgba, target[0], target[1]));
    }
    let rgba = crate::images::resample(img.into_rgba8().into_raw(), true, size, target)?;
    Ok(krilla::image::Image::from_rgba8(rgba, target[0], target[1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photos_go_in_at_twice_the_shown_size_at_most() {
        // A 4000×3000 photo shown at half a 1920 px slide: 960×720 shown, 1920×1440 embedded.
        assert_eq!(
            target_size([4000, 3000], Vec2::new(960.0, 720.0)),
            [1920, 1440]
        );
        // Shown larger than half its pixels: embedded as it is.
        assert_eq!(
            target_size([800, 600], Vec2::new(1600.0, 1200.0)),
            [800, 600]
        );
        assert_eq!(target_size([800, 600], Vec2::new(500.0, 375.0)), [800, 600]);
        // A 4000×3000 photo covering a 1920×1080 slide (shown 1920×1440, wanted 3840×2880):
        // within 10 % of it, so it goes in untouched.
        assert_eq!(
            target_size([4000, 3000], Vec2::new(1920.0, 1440.0)),
            [4000, 3000]
        );
        // 20 % over: shrunk.
        assert_eq!(
            target_size([4600, 3450], Vec2::new(1920.0, 1440.0)),
            [3840, 2880]
        );
    }
}
