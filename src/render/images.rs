//! What the renderer needs to know about an image: ready (a texture), loading (maybe its size,
//! from the header) or failed. The cache in `crate::images` answers; tests can answer too.

use egui::TextureId;

use crate::deck::Image;

/// An image as the renderer sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum ImageState {
    /// Decoded and uploaded.
    Ready {
        /// The texture.
        texture: TextureId,
        /// Its original size in pixels.
        size: [u32; 2],
        /// Every pixel (of every frame) is opaque: nothing under it shows through.
        opaque: bool,
    },
    /// Not decoded yet; the size once the header is read.
    Loading {
        /// Original size in pixels, when known.
        size: Option<[u32; 2]>,
    },
    /// Missing, remote, corrupt or too large; why.
    Failed(String),
}

/// A frame of an animation to draw now.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Moving {
    /// The animation's texture, holding the frame due now.
    pub texture: TextureId,
    /// How long until the next frame (`None`: it has stopped).
    pub next: Option<std::time::Duration>,
}

/// A source of image states (and a place to ask for decoding).
pub trait Images {
    /// The state of an image; asking starts loading it.
    fn state(&self, image: &Image) -> ImageState;

    /// For an animated image that has arrived: its frame `playing` after its slide appeared.
    /// Still images (and sources without animations) answer `None`: draw [`Images::state`].
    fn moving(&self, _image: &Image, _playing: std::time::Duration) -> Option<Moving> {
        None
    }

    /// For an image that has arrived: how bright it is where (text over a photo is given a
    /// readable colour and backing from it). `None`: not known.
    fn tone(&self, _image: &Image) -> Option<std::sync::Arc<crate::color::Tone>> {
        None
    }

    /// Page `page` (0-based) of a PDF deck, to be drawn `pixels` large (the whole page); asking
    /// starts rendering it. Sources without a PDF answer loading.
    fn page(&self, _page: usize, _pixels: [u32; 2]) -> ImageState {
        ImageState::Loading { size: None }
    }
}

/// No images at all: every image is still loading (for tests and thumbnails without a cache).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoImages;

impl Images for NoImages {
    fn state(&self, _image: &Image) -> ImageState {
        ImageState::Loading { size: None }
    }
}
