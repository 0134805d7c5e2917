//! Frames that repaint only what changed, under software OpenGL on X11.
//!
//! eframe 0.37 clears, paints and presents the whole window every frame. With a GPU that costs
//! the CPU little; under Mesa's software rasterizers (llvmpipe, softpipe) a frame costs what its
//! pixels cost, and the console's one frame a second for the countdown shaded 1920×1080 pixels
//! to change a few digits. This egui plugin compares each window's shapes with those of its
//! last painted frame and, when little changed, keeps the frame to the changed rectangles: only
//! they are cleared, and every shape is clipped to them, so egui draws nothing else.
//!
//! It needs the window to keep its last frame after a swap. Mesa's software drivers on X11 do:
//! the back buffer is one image that the swap copies to the window. eframe clears the window
//! before it paints; the last callback of a frame turns on `GL_RASTERIZER_DISCARD`, under which
//! GL ignores a clear (egui's painter never touches it), and the first callback of the next frame
//! turns it off and clears what will be painted. A window's first frames are whole, and
//! each checks a marker the frame before wrote into the alpha of the window's first pixel (which
//! X does not show): only after [`VERIFIED_FRAMES`] frames found it may a frame be partial, so a
//! driver that hands out another buffer each frame is found out before any frame relies on it,
//! and from then on every frame is whole. A window made anew, resized or moved to another
//! monitor (its builder changed: eframe may make it anew) starts over.
//!
//! It does not decide what a frame shows, nor when frames are drawn: that is the app's. Nothing
//! here runs with a GPU driver, another backend (the wgpu snapshot tests) or on Wayland.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::time::{Duration, Instant};

use egui::epaint::{ClippedShape, Shape, TextureId, textures::TexturesDelta};
use egui::{
    Color32, CornerRadius, FullOutput, OrderedViewportIdMap, PaintCallback, Rect, ViewportBuilder,
    ViewportId, ViewportIdMap,
};
use egui_glow::glow::{self, HasContext};

/// A partial frame that would paint more than this share of the window paints it whole. A
/// slide change paints 51 % of the console in seven rectangles (both previews, the slide
/// number, the notes): painted as parts, the ten steps of the peers deck cost 5 % less of
/// llvmpipe's time than whole (`perf record` over the walk), so parts pay until they are nearly
/// the whole window.
const MOST_OF_THE_WINDOW: f32 = 0.8;

/// How many frames in a row must find the last frame's marker before a window's frames may be
/// partial (checking reads the window back: a wait for the rasterizer, so only at first).
const VERIFIED_FRAMES: u8 = 3;

/// More separate changed rectangles than this are painted as the one rectangle around them.
const MOST_RECTANGLES: usize = 8;

/// What a frame paints, in window pixels (left, top, right, bottom; right and bottom
/// exclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// The whole window.
    Whole,
    /// Only these rectangles (none when nothing changed).
    Parts(Vec<[i32; 4]>),
}

/// Whether this renderer keeps a window's last frame after a swap: Mesa's software
/// rasterizers (llvmpipe, softpipe), not zink (a Vulkan swapchain underneath) nor a GPU.
pub fn keeps_last_frame(renderer: &str) -> bool {
    let r = renderer.to_ascii_lowercase();
    ["llvmpipe", "softpipe", "swrast"]
        .iter()
        .any(|s| r.contains(s))
        && !r.contains("zink")
}

/// Textures whose pixels changed since a window's last frame, in any window's pass (they are
/// shared, and uploaded by whichever pass changed them).
#[derive(Debug, Default, Clone)]
pub struct Retextured {
    /// Textures set or updated in place (an animation's next frame, a sharper PDF page).
    ids: HashSet<TextureId>,
    /// The font atlas was made anew: every glyph may have moved.
    atlas_remade: bool,
}

impl Retextured {
    /// Adds a pass's texture changes; `atlas_remade`: they made the font atlas anew (see
    /// `remakes_font_atlas`). New glyphs added to the atlas leave every drawn glyph where it
    /// was, so only an atlas made anew counts.
    pub fn add(&mut self, textures: &TexturesDelta, atlas_remade: bool) {
        self.atlas_remade |= atlas_remade;
        self.ids.extend(
            textures
                .set
                .keys()
                .filter(|id| **id != TextureId::default()),
        );
    }
}

/// Whether a pass's texture changes made the font atlas anew, given its size before them
/// (`atlas`, updated). egui sends the whole atlas when it starts it over (every glyph may move)
/// and when it grows: then it is the same width, taller, with every row where it was, so every
/// drawn glyph is still there. A 2,048-wide atlas grows six times from its first rows; painted
/// whole, each growth repainted both windows whole. An atlas of unknown size before counts as
/// new.
fn remakes_font_atlas(textures: &TexturesDelta, atlas: &mut Option<[usize; 2]>) -> bool {
    let mut remade = false;
    let whole = textures
        .set
        .get(&TextureId::default())
        .into_iter()
        .flatten();
    for delta in whole.filter(|d| d.pos.is_none()) {
        let size = delta.image.size();
        let grown = atlas.is_some_and(|[w, h]| size[0] == w && size[1] > h);
        remade |= !grown;
        *atlas = Some(size);
    }
    remade
}

/// What changed between two frames' shapes (same window size), in points: `None` when the
/// whole window must be painted.
///
/// Shapes are painted in order, so outside the common start and end of the two lists a pixel
/// is only touched by shapes that are equal in both; inside, every shape that differs (and, when
/// the lists have different lengths, every shape between) counts with its old and its new place.
/// A texture that changed counts wherever a shape shows it.
pub fn changes(
    before: &[ClippedShape],
    after: &[ClippedShape],
    retextured: &Retextured,
) -> Option<Vec<Rect>> {
    if retextured.atlas_remade {
        return None;
    }
    let start = before
        .iter()
        .zip(after)
        .take_while(|(a, b)| same(a, b))
        .count();
    let end = before
        .get(start..)
        .unwrap_or_default()
        .iter()
        .rev()
        .zip(after.get(start..).unwrap_or_default().iter().rev())
        .take_while(|(a, b)| same(a, b))
        .count();
    let old = before.get(start..before.len() - end).unwrap_or_default();
    let new = after.get(start..after.len() - end).unwrap_or_default();
    let mut rects = Vec::new();
    if old.len() == new.len() {
        for (a, b) in old.iter().zip(new) {
            if !same(a, b) {
                rects.extend([shown(a), shown(b)]);
            }
        }
    } else {
        rects.extend(old.iter().chain(new).map(shown));
    }
    if !retextured.ids.is_empty() {
        rects.extend(
            after
                .iter()
                .filter(|s| uses_any(&s.shape, &retextured.ids))
                .map(shown),
        );
    }
    rects.retain(|r| r.is_positive());
    Some(rects)
}

/// Whether two shapes paint the same. Text laid out again is usually the very galley egui's
/// cache handed out last frame: the same `Arc` needs no glyph-by-glyph comparison.
fn same(a: &ClippedShape, b: &ClippedShape) -> bool {
    let (Shape::Text(x), Shape::Text(y)) = (&a.shape, &b.shape) else {
        return a == b;
    };
    // Every field named, so a field epaint adds is not silently left out.
    let egui::epaint::TextShape {
        pos,
        galley,
        underline,
        fallback_color,
        override_text_color,
        opacity_factor,
        angle,
    } = x;
    a.clip_rect == b.clip_rect
        && a.transform_after_tessellation == b.transform_after_tessellation
        && (Arc::ptr_eq(galley, &y.galley) || galley == &y.galley)
        && *pos == y.pos
        && *underline == y.underline
        && *fallback_color == y.fallback_color
        && *override_text_color == y.override_text_color
        && *opacity_factor == y.opacity_factor
        && *angle == y.angle
}

/// Whether a shape (or a shape inside it) shows one of these textures.
fn uses_any(shape: &Shape, textures: &HashSet<TextureId>) -> bool {
    match shape {
        Shape::Vec(shapes) => shapes.iter().any(|s| uses_any(s, textures)),
        Shape::Mesh(_) | Shape::Rect(_) => textures.contains(&shape.texture_id()),
        _ => false,
    }
}

/// Where a shape can touch pixels: its visual bounds, widened for anti-aliasing, within its
/// clip rectangle.
fn shown(s: &ClippedShape) -> Rect {
    let bounds = s.transform_after_tessellation * s.shape.visual_bounding_rect();
    bounds.expand(1.0).intersect(s.clip_rect)
}

/// Turns changed rectangles (points) into what to paint (pixels): whole pixels, overlapping
/// ones merged, the whole window when they cover most of it or are too many to keep apart.
pub fn plan(changed: Option<Vec<Rect>>, ppp: f32, window: [i32; 2]) -> Plan {
    let Some(changed) = changed else {
        return Plan::Whole;
    };
    let mut parts: Vec<[i32; 4]> = changed
        .iter()
        .filter_map(|r| to_pixels(*r, ppp, window))
        .collect();
    merge_overlapping(&mut parts);
    if parts.len() > MOST_RECTANGLES {
        parts = parts.iter().copied().reduce(union).into_iter().collect();
    }
    let area: i64 = parts.iter().map(|p| area(*p)).sum();
    let whole = i64::from(window[0]) * i64::from(window[1]);
    if area as f32 > MOST_OF_THE_WINDOW * whole as f32 {
        return Plan::Whole;
    }
    Plan::Parts(parts)
}

/// A rectangle in points as the window pixels it touches, or `None` when it is outside.
fn to_pixels(r: Rect, ppp: f32, [w, h]: [i32; 2]) -> Option<[i32; 4]> {
    let p = [
        ((r.min.x * ppp).floor() as i32).clamp(0, w),
        ((r.min.y * ppp).floor() as i32).clamp(0, h),
        ((r.max.x * ppp).ceil() as i32).clamp(0, w),
        ((r.max.y * ppp).ceil() as i32).clamp(0, h),
    ];
    (p[0] < p[2] && p[1] < p[3]).then_some(p)
}

/// Window pixels as the rectangle in points they are.
fn to_points(p: [i32; 4], ppp: f32) -> Rect {
    Rect::from_min_max(
        egui::pos2(p[0] as f32 / ppp, p[1] as f32 / ppp),
        egui::pos2(p[2] as f32 / ppp, p[3] as f32 / ppp),
    )
}

fn overlap(a: [i32; 4], b: [i32; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

fn union(a: [i32; 4], b: [i32; 4]) -> [i32; 4] {
    [
        a[0].min(b[0]),
        a[1].min(b[1]),
        a[2].max(b[2]),
        a[3].max(b[3]),
    ]
}

fn area(p: [i32; 4]) -> i64 {
    i64::from(p[2] - p[0]) * i64::from(p[3] - p[1])
}

/// Merges overlapping rectangles until none overlap (a merge can make a new overlap).
fn merge_overlapping(parts: &mut Vec<[i32; 4]>) {
    let mut merged = true;
    while merged {
        merged = false;
        'outer: for i in 0..parts.len() {
            for j in i + 1..parts.len() {
                if overlap(parts[i], parts[j]) {
                    parts[i] = union(parts[i], parts[j]);
                    parts.swap_remove(j);
                    merged = true;
                    break 'outer;
                }
            }
        }
    }
}

/// The shapes that show in `part` (points), clipped to it, in their order.
fn clip_to(shapes: &[ClippedShape], part: Rect) -> Vec<ClippedShape> {
    shapes
        .iter()
        .filter(|s| shown(s).intersects(part))
        .map(|s| ClippedShape {
            clip_rect: s.clip_rect.intersect(part),
            ..s.clone()
        })
        .collect()
}

/// The last of `shapes` that hides everything before it in `region` (points): a plain opaque
/// rectangle over all of the region, as a slide's background is on the projector. Clearing the
/// region to its colour and painting only the shapes after it gives the same pixels (every
/// pixel of the region is at least half a pixel inside the rectangle's edges, where egui's
/// anti-aliasing leaves it whole). Under software rendering that is most of a slide's frame:
/// a full-window background shaded like any other shape. A paint callback is never passed
/// over: it may draw elsewhere too, as a preview draws its picture.
fn cover(shapes: &[ClippedShape], region: Rect) -> Option<(usize, Color32)> {
    let mut found = None;
    for (i, s) in shapes.iter().enumerate() {
        if matches!(s.shape, Shape::Callback(_)) {
            break;
        }
        if let Some(colour) = opaque_over(s, region) {
            found = Some((i, colour));
        }
    }
    found
}

/// The colour of `s` if it is a plain opaque rectangle that covers `region`.
fn opaque_over(s: &ClippedShape, region: Rect) -> Option<Color32> {
    let Shape::Rect(r) = &s.shape else {
        return None;
    };
    let plain = r.fill.is_opaque()
        && r.brush.is_none()
        && r.stroke.is_empty()
        && r.corner_radius == CornerRadius::ZERO
        && r.blur_width <= 0.0
        && r.angle == 0.0;
    let covers = (s.transform_after_tessellation * r.rect).intersect(s.clip_rect);
    // Thin rectangles are drawn as lines; a cover is wider than any anti-aliased edge.
    let wide = covers.width() > 2.0 && covers.height() > 2.0;
    (plain && wide && region.is_positive() && covers.contains_rect(region)).then_some(r.fill)
}

/// What painting `shapes` in `region` (points) takes: the colour to clear it to (the `cover`'s,
/// else `clear`, gamma 0–1) and the shapes to paint over that (those above the cover).
pub fn over_cover(
    shapes: Vec<ClippedShape>,
    region: Rect,
    clear: [f32; 4],
) -> ([f32; 4], Vec<ClippedShape>) {
    match cover(&shapes, region) {
        Some((i, colour)) => (
            colour.to_normalized_gamma_f32(),
            shapes.into_iter().skip(i + 1).collect(),
        ),
        None => (clear, shapes),
    }
}

/// A frame's clearing: the whole window or one part (pixels), to a colour (gamma, 0–1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Clear {
    pub part: Option<[i32; 4]>,
    pub colour: [f32; 4],
}

/// What a frame clears and then paints: each region (the whole window, or each part) cleared to
/// `clear` or to the colour of the `cover` over it, then the shapes above that cover, clipped
/// to the part ([`over_cover`]). Parts do not overlap, so each pixel is painted by its shapes in their order.
pub fn painting(
    plan: &Plan,
    shapes: Vec<ClippedShape>,
    full: Rect,
    ppp: f32,
    clear: [f32; 4],
) -> (Vec<Clear>, Vec<ClippedShape>) {
    match plan {
        Plan::Whole => {
            let (colour, painted) = over_cover(shapes, full, clear);
            (vec![Clear { part: None, colour }], painted)
        }
        Plan::Parts(parts) => {
            let mut clears = Vec::with_capacity(parts.len());
            let mut painted = Vec::new();
            for p in parts {
                let region = to_points(*p, ppp);
                let (colour, shown) = over_cover(clip_to(&shapes, region), region, clear);
                clears.push(Clear {
                    part: Some(*p),
                    colour,
                });
                painted.extend(shown);
            }
            (clears, painted)
        }
    }
}

/// What a frame's first callback found of the marker the frame before left.
const NOT_CHECKED: u8 = 0;
const KEPT: u8 = 1;
const LOST: u8 = 2;

/// One frame of one window: what it paints and what its callbacks report back.
pub struct Frame {
    /// What it paints.
    pub plan: Plan,
    /// The window's size in pixels.
    pub window: [i32; 2],
    /// The marker the first callback must find (while the window is being verified).
    pub check: Option<u8>,
    /// The marker the last callback writes, while the window is being verified (the next
    /// frame may check it).
    pub marker: Option<u8>,
    /// Set by the last callback: the frame was painted and presented.
    pub painted: Arc<AtomicBool>,
    /// Set by the first callback: what it found of the frame before's marker.
    pub found: Arc<AtomicU8>,
}

/// A window's last frame: what it showed, at what size, and what became of it.
struct Seen {
    shapes: Vec<ClippedShape>,
    screen: Rect,
    ppp: f32,
    marker: Option<u8>,
    painted: Arc<AtomicBool>,
    found: Arc<AtomicU8>,
    /// Frames in a row, up to this one's predecessor, that found the marker before them.
    verified: u8,
    /// Textures changed since, by any window's pass.
    retextured: Retextured,
}

/// A window's size in pixels.
fn pixels(screen: Rect, ppp: f32) -> [i32; 2] {
    [
        (screen.width() * ppp).round() as i32,
        (screen.height() * ppp).round() as i32,
    ]
}

/// What each window showed last; decides what its next frame paints. No GL here.
#[derive(Default)]
pub struct Windows {
    seen: HashMap<ViewportId, Seen>,
    builders: ViewportIdMap<ViewportBuilder>,
    /// Counts frames, for the markers.
    frames: u8,
    /// The font atlas's size, as the last whole atlas sent had it.
    atlas: Option<[usize; 2]>,
}

impl Windows {
    /// The window's last frame, if the next may build on it (it was painted, at this size), and
    /// how many frames in a row up to it found their marker.
    fn base(&self, id: ViewportId, screen: Rect, ppp: f32) -> (Option<&Seen>, u8) {
        let before = self
            .seen
            .get(&id)
            .filter(|s| s.painted.load(Ordering::Relaxed) && s.screen == screen && s.ppp == ppp);
        let verified = before.map_or(0, |s| match s.found.load(Ordering::Relaxed) {
            KEPT => s.verified.saturating_add(1),
            NOT_CHECKED => s.verified,
            _ => 0,
        });
        (before, verified)
    }

    /// A pass's texture changes: painted at every window's next painted frame (the window whose
    /// pass it is paints them now when its frame is not held).
    fn retextured(&mut self, textures: &TexturesDelta) {
        let remade = remakes_font_atlas(textures, &mut self.atlas);
        for s in self.seen.values_mut() {
            s.retextured.add(textures, remade);
        }
    }

    /// A frame of window `id` that paints nothing, so that another window is painted first:
    /// the window keeps showing its last frame, which stays what its next frame is compared
    /// with (this pass's texture changes are painted then). `None` when there is no verified
    /// last frame to keep showing; the frame must then be one of [`Windows::next`].
    pub fn hold(
        &mut self,
        id: ViewportId,
        screen: Rect,
        ppp: f32,
        textures: &TexturesDelta,
        off: bool,
    ) -> Option<Frame> {
        let (before, verified) = self.base(id, screen, ppp);
        if off || before.is_none() || verified < VERIFIED_FRAMES {
            return None;
        }
        self.retextured(textures);
        Some(Frame {
            plan: Plan::Parts(Vec::new()),
            window: pixels(screen, ppp),
            check: None,
            marker: None,
            painted: Arc::default(),
            found: Arc::default(),
        })
    }

    /// A window made anew (its builder changed: eframe may rebuild it) or gone starts over
    /// with whole frames. `outputs` are the pass's viewport outputs: every window alive.
    pub fn forget_rebuilt(&mut self, outputs: &OrderedViewportIdMap<egui::ViewportOutput>) {
        self.seen.retain(|id, _| outputs.contains_key(id));
        for (id, o) in outputs {
            if self.builders.get(id) != Some(&o.builder) {
                self.builders.insert(*id, o.builder.clone());
                self.seen.remove(id);
            }
        }
        self.builders.retain(|id, _| outputs.contains_key(id));
    }

    /// The next frame of window `id` (`screen` in points), which shows `shapes`. `off`: every
    /// frame is whole.
    pub fn next(
        &mut self,
        id: ViewportId,
        screen: Rect,
        ppp: f32,
        shapes: &[ClippedShape],
        textures: &TexturesDelta,
        off: bool,
    ) -> Frame {
        let window = pixels(screen, ppp);
        self.retextured(textures);
        let (before, verified) = self.base(id, screen, ppp);
        let plan = match before {
            Some(s) if !off && verified >= VERIFIED_FRAMES => {
                plan(changes(&s.shapes, shapes, &s.retextured), ppp, window)
            }
            _ => Plan::Whole,
        };
        let verifying = !off && verified < VERIFIED_FRAMES;
        let check = before.filter(|_| verifying).and_then(|s| s.marker);
        self.frames = self.frames.wrapping_add(1);
        let frame = Frame {
            plan,
            window,
            check,
            marker: verifying.then_some(251 + self.frames % 4),
            painted: Arc::default(),
            found: Arc::default(),
        };
        self.seen.insert(
            id,
            Seen {
                shapes: shapes.to_vec(),
                screen,
                ppp,
                marker: frame.marker,
                painted: Arc::clone(&frame.painted),
                found: Arc::clone(&frame.found),
                verified,
                retextured: Retextured::default(),
            },
        );
        frame
    }
}

/// The plugin (see the module doc). Install it only where [`keeps_last_frame`] holds.
pub struct Damage {
    windows: Windows,
    /// A window did not keep its last frame: every frame is painted whole from now on (set
    /// by a paint callback).
    off: Arc<AtomicBool>,
    /// eframe's clear colour (the app's `clear_color`), which whole frames clear to.
    clear: [f32; 4],
    /// The window whose pass runs, and its size in points (from the pass's input).
    pass: Option<(ViewportId, Rect)>,
    /// `LTDECK_DEBUG_FRAMES`: say what each frame of each window (by name) paints.
    debug: Option<Vec<(ViewportId, &'static str)>>,
    /// A window whose frames wait for another's next frame.
    order: Option<First>,
}

/// The longest a window's frames wait for the window painted first: one that never paints
/// (hidden, gone) must not freeze the other.
const WAIT_AT_MOST: Duration = Duration::from_millis(150);

/// Window `first` is painted before window `then`: `then`'s frames paint nothing until
/// `first`'s next frame was painted (or until `until`), and `then` is painted right after it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct First {
    first: ViewportId,
    then: ViewportId,
    until: Instant,
}

impl First {
    /// Whether window `id`'s frame at `now` waits.
    fn holds(&self, id: ViewportId, now: Instant) -> bool {
        id == self.then && now < self.until
    }
}

impl Damage {
    /// A plugin for windows cleared to `clear` (eframe's `App::clear_color`); `names` name the
    /// windows in `LTDECK_DEBUG_FRAMES`' lines.
    pub fn new(clear: [f32; 4], names: Vec<(ViewportId, &'static str)>) -> Self {
        Self {
            windows: Windows::default(),
            off: Arc::default(),
            clear,
            pass: None,
            debug: std::env::var_os("LTDECK_DEBUG_FRAMES").map(|_| names),
            order: None,
        }
    }

    /// Paints window `first` before window `then` (see [`First`]): a key pressed in the console
    /// that changes the slide reaches the projector a console frame sooner (under software
    /// rendering a whole console frame is about 20 ms; holding it costs its egui pass).
    pub fn paint_first(&mut self, first: ViewportId, then: ViewportId, now: Instant) {
        self.order = Some(First {
            first,
            then,
            until: now + WAIT_AT_MOST,
        });
    }

    /// Whether window `id`'s frame at `now` waits for another window's (see
    /// [`Damage::paint_first`]): work that can wait should not delay that other frame.
    pub fn waits(&self, id: ViewportId, now: Instant) -> bool {
        self.order.is_some_and(|o| o.holds(id, now))
    }

    /// This pass's frame of window `id` at `now`, and the window it waits for: held while it
    /// waits, else what changed since its last frame. Asks for the frames that order needs.
    fn frame(
        &mut self,
        ctx: &egui::Context,
        id: ViewportId,
        screen: Rect,
        out: &FullOutput,
        now: Instant,
    ) -> (Frame, Option<ViewportId>) {
        let (ppp, textures) = (out.pixels_per_point, &out.textures_delta);
        let off = self.off.load(Ordering::Relaxed);
        let order = self.order;
        if let Some(o) = order.filter(|o| o.holds(id, now))
            && let Some(frame) = self.windows.hold(id, screen, ppp, textures, off)
        {
            ctx.request_repaint_after_for(o.until - now, id);
            return (frame, Some(o.first));
        }
        if let Some(o) = order.filter(|o| o.then == id || o.first == id) {
            self.order = None;
            if o.first == id {
                crate::images::repaint_once(ctx, o.then);
            }
        }
        let frame = self
            .windows
            .next(id, screen, ppp, &out.shapes, textures, off);
        (frame, None)
    }

    /// The frame's first shape: turns painting on, checks the last frame's marker while the
    /// window is being verified, and clears what is painted.
    fn begin(&self, full: Rect, frame: &Frame, clears: Vec<Clear>) -> ClippedShape {
        let off = Arc::clone(&self.off);
        let found = Arc::clone(&frame.found);
        let (check, window) = (frame.check, frame.window);
        let callback = egui_glow::CallbackFn::new(move |_info, painter| {
            let gl = painter.gl();
            // SAFETY: egui_glow runs paint callbacks with its context current on this thread.
            unsafe {
                gl.disable(glow::RASTERIZER_DISCARD);
                if let Some(expected) = check {
                    let kept = first_alpha(gl, window) == expected;
                    found.store(if kept { KEPT } else { LOST }, Ordering::Relaxed);
                    if !kept && !off.swap(true, Ordering::Relaxed) {
                        eprintln!(
                            "ltdeck: this driver does not keep a window's last frame: every frame is painted whole"
                        );
                    }
                }
                for Clear { part, colour: c } in &clears {
                    gl.clear_color(c[0], c[1], c[2], c[3]);
                    match part {
                        None => gl.disable(glow::SCISSOR_TEST),
                        Some(p) => {
                            gl.enable(glow::SCISSOR_TEST);
                            gl.scissor(p[0], window[1] - p[3], p[2] - p[0], p[3] - p[1]);
                        }
                    }
                    gl.clear(glow::COLOR_BUFFER_BIT);
                }
            }
        });
        callback_shape(full, callback)
    }

    /// The frame's last shape: writes the marker (while the window is being verified) and has
    /// GL ignore eframe's next clear.
    fn end(&self, full: Rect, frame: &Frame) -> ClippedShape {
        let off = Arc::clone(&self.off);
        let painted = Arc::clone(&frame.painted);
        let (marker, [_, h]) = (frame.marker, frame.window);
        let callback = egui_glow::CallbackFn::new(move |_info, painter| {
            let gl = painter.gl();
            // SAFETY: egui_glow runs paint callbacks with its context current on this thread.
            unsafe {
                if let Some(marker) = marker {
                    gl.enable(glow::SCISSOR_TEST);
                    gl.scissor(0, h - 1, 1, 1);
                    gl.color_mask(false, false, false, true);
                    gl.clear_color(0.0, 0.0, 0.0, f32::from(marker) / 255.0);
                    gl.clear(glow::COLOR_BUFFER_BIT);
                    gl.color_mask(true, true, true, true);
                }
                if !off.load(Ordering::Relaxed) {
                    gl.enable(glow::RASTERIZER_DISCARD);
                }
            }
            painted.store(true, Ordering::Relaxed);
        });
        callback_shape(full, callback)
    }
}

impl egui::Plugin for Damage {
    fn debug_name(&self) -> &'static str {
        "ltdeck damage"
    }

    fn input_hook(&mut self, _ctx: &egui::Context, input: &mut egui::RawInput) {
        self.pass = Some((
            input.viewport_id,
            input.screen_rect.unwrap_or(Rect::NOTHING),
        ));
    }

    fn output_hook(&mut self, ctx: &egui::Context, out: &mut FullOutput) {
        let Some((id, screen)) = self.pass.take() else {
            return;
        };
        self.windows.forget_rebuilt(&out.viewport_output);
        let ppp = out.pixels_per_point;
        let (frame, waits_for) = self.frame(ctx, id, screen, out, Instant::now());
        if let Some(names) = &self.debug {
            let name = |id: ViewportId| {
                names
                    .iter()
                    .find(|(n, _)| *n == id)
                    .map_or("window", |n| n.1)
            };
            match waits_for {
                Some(first) => eprintln!("{} holds for the {}", name(id), name(first)),
                None => eprintln!(
                    "{} paints {}",
                    name(id),
                    describe(&frame.plan, frame.window)
                ),
            }
        }
        let full = Rect::from_min_size(egui::Pos2::ZERO, screen.size());
        let shapes = std::mem::take(&mut out.shapes);
        let (clears, shapes) = painting(&frame.plan, shapes, full, ppp, self.clear);
        let mut painted = Vec::with_capacity(shapes.len() + 2);
        painted.push(self.begin(full, &frame, clears));
        painted.extend(shapes);
        painted.push(self.end(full, &frame));
        out.shapes = painted;
    }
}

/// One line for `LTDECK_DEBUG_FRAMES`.
fn describe(plan: &Plan, [w, h]: [i32; 2]) -> String {
    match plan {
        Plan::Whole => format!("whole {w}x{h}"),
        Plan::Parts(parts) => {
            let area: i64 = parts.iter().map(|p| area(*p)).sum();
            format!(
                "{} part(s), {:.1} % of {w}x{h}: {parts:?}",
                parts.len(),
                area as f64 * 100.0 / (i64::from(w) * i64::from(h)).max(1) as f64
            )
        }
    }
}

fn callback_shape(full: Rect, callback: egui_glow::CallbackFn) -> ClippedShape {
    ClippedShape {
        clip_rect: full,
        shape: Shape::Callback(PaintCallback {
            rect: full,
            callback: Arc::new(callback),
        }),
        transform_after_tessellation: Default::default(),
    }
}

/// The alpha of the window's top-left pixel as the last frame left it.
// SAFETY: unsafe to call: the caller has `gl` current on this thread.
unsafe fn first_alpha(gl: &glow::Context, [_, h]: [i32; 2]) -> u8 {
    let mut pixel = [0u8; 4];
    // SAFETY: `gl` is current; one RGBA pixel is read into a buffer of four bytes.
    unsafe {
        gl.bind_framebuffer(glow::READ_FRAMEBUFFER, None);
        gl.read_pixels(
            0,
            h - 1,
            1,
            1,
            glow::RGBA,
            glow::UNSIGNED_BYTE,
            glow::PixelPackData::Slice(Some(&mut pixel)),
        );
    }
    pixel[3]
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::epaint::{ImageDelta, Mesh, RectShape};
    use egui::{Color32, ColorImage, CornerRadius, Stroke, StrokeKind, TextureOptions, pos2, vec2};

    fn rect(x: f32, y: f32, w: f32, h: f32) -> Rect {
        Rect::from_min_size(pos2(x, y), vec2(w, h))
    }

    fn screen() -> Rect {
        rect(0.0, 0.0, 1000.0, 500.0)
    }

    /// A filled rectangle, clipped to the window.
    fn filled(r: Rect, colour: Color32) -> ClippedShape {
        ClippedShape {
            clip_rect: screen(),
            shape: Shape::Rect(RectShape::filled(r, CornerRadius::ZERO, colour)),
            transform_after_tessellation: Default::default(),
        }
    }

    /// A picture of texture `id`.
    fn picture(r: Rect, id: TextureId) -> ClippedShape {
        let mut mesh = Mesh::with_texture(id);
        mesh.add_rect_with_uv(r, rect(0.0, 0.0, 1.0, 1.0), Color32::WHITE);
        ClippedShape {
            clip_rect: screen(),
            shape: Shape::mesh(mesh),
            transform_after_tessellation: Default::default(),
        }
    }

    fn no_textures() -> TexturesDelta {
        TexturesDelta::default()
    }

    /// A pass that sets texture `id` to a `size` picture, whole or at `at` (cleared by the test
    /// before it drops).
    fn set_texture(id: TextureId, size: [usize; 2], at: Option<[usize; 2]>) -> TexturesDelta {
        let image = ColorImage::filled(size, Color32::BLUE);
        let delta = match at {
            None => ImageDelta::full(image, TextureOptions::LINEAR),
            Some(pos) => ImageDelta::partial(pos, image, TextureOptions::LINEAR),
        };
        let mut textures = TexturesDelta::default();
        textures.set.insert(id, [delta].into());
        textures
    }

    /// A pass that gives texture `id` a new picture.
    fn new_picture(id: TextureId) -> TexturesDelta {
        set_texture(id, [2, 2], None)
    }

    /// A console: a frame, the countdown, the notes.
    fn console(countdown: Color32) -> Vec<ClippedShape> {
        vec![
            ClippedShape {
                shape: Shape::Rect(RectShape::stroke(
                    rect(10.0, 10.0, 980.0, 480.0),
                    CornerRadius::ZERO,
                    Stroke::new(2.0, Color32::GRAY),
                    StrokeKind::Inside,
                )),
                ..filled(Rect::NOTHING, Color32::BLACK)
            },
            filled(rect(20.0, 400.0, 200.0, 60.0), countdown),
            filled(rect(500.0, 50.0, 400.0, 300.0), Color32::WHITE),
        ]
    }

    #[test]
    fn the_same_shapes_change_nothing() {
        let a = console(Color32::GREEN);
        assert_eq!(
            changes(&a, &a.clone(), &Retextured::default()),
            Some(vec![])
        );
    }

    #[test]
    fn a_changed_shape_counts_where_it_was_and_where_it_is() {
        let a = console(Color32::GREEN);
        let mut b = a.clone();
        b[1] = filled(rect(30.0, 410.0, 100.0, 40.0), Color32::RED);
        let changed = changes(&a, &b, &Retextured::default()).expect("not the whole window");
        assert_eq!(changed.len(), 2);
        // Widened by a point for anti-aliasing, clipped to the window.
        assert_eq!(changed[0], rect(19.0, 399.0, 202.0, 62.0));
        assert_eq!(changed[1], rect(29.0, 409.0, 102.0, 42.0));
    }

    #[test]
    fn a_shape_that_comes_or_goes_counts_with_those_between() {
        let a = console(Color32::GREEN);
        let mut b = a.clone();
        b.insert(2, filled(rect(600.0, 100.0, 50.0, 50.0), Color32::BLUE));
        let changed = changes(&a, &b, &Retextured::default()).expect("partial");
        assert_eq!(changed, vec![rect(599.0, 99.0, 52.0, 52.0)]);
        // Gone again: the same place.
        assert_eq!(changes(&b, &a, &Retextured::default()), Some(changed));
    }

    #[test]
    fn text_is_the_same_when_its_galley_and_place_are() {
        let ctx = egui::Context::default();
        // Fonts come with the first pass.
        let mut out = ctx.run_ui(egui::RawInput::default(), |_| {});
        out.textures_delta.clear();
        let galley = |t: &str| {
            ctx.fonts_mut(|f| {
                f.layout_no_wrap(t.into(), egui::FontId::proportional(20.0), Color32::WHITE)
            })
        };
        let text = |g: Arc<egui::Galley>, x: f32| ClippedShape {
            shape: Shape::galley(pos2(x, 10.0), g, Color32::WHITE),
            ..filled(Rect::NOTHING, Color32::BLACK)
        };
        let (one, again, other) = (galley("4:51"), galley("4:51"), galley("4:50"));
        assert!(same(&text(one.clone(), 10.0), &text(one.clone(), 10.0)));
        // A galley laid out anew with the same text is equal, though not the same Arc.
        assert!(same(&text(one.clone(), 10.0), &text(again, 10.0)));
        assert!(!same(&text(one.clone(), 10.0), &text(other, 10.0)));
        assert!(!same(&text(one.clone(), 10.0), &text(one, 11.0)));
    }

    #[test]
    fn two_shapes_that_swap_places_in_the_order_count() {
        let a = vec![
            filled(rect(0.0, 0.0, 100.0, 100.0), Color32::RED),
            filled(rect(50.0, 50.0, 100.0, 100.0), Color32::BLUE),
        ];
        let b = vec![a[1].clone(), a[0].clone()];
        let changed = changes(&a, &b, &Retextured::default()).expect("partial");
        assert!(changed.iter().any(|r| r.contains(pos2(75.0, 75.0))));
    }

    #[test]
    fn a_new_clip_rectangle_is_a_change() {
        let a = console(Color32::GREEN);
        let mut b = a.clone();
        b[2].clip_rect = rect(500.0, 50.0, 200.0, 300.0);
        let changed = changes(&a, &b, &Retextured::default()).expect("partial");
        assert_eq!(changed.len(), 2);
        assert!(changed[1].max.x <= 700.0, "the new one is clipped");
    }

    #[test]
    fn a_changed_texture_counts_where_it_is_shown_and_a_remade_font_atlas_everywhere() {
        let photo = TextureId::Managed(7);
        let shapes = vec![
            filled(rect(0.0, 0.0, 100.0, 100.0), Color32::RED),
            picture(rect(200.0, 100.0, 300.0, 200.0), photo),
        ];
        let textures = new_picture(photo);
        // New glyphs added to the font atlas leave every drawn glyph where it was.
        let glyphs = set_texture(TextureId::default(), [2, 2], Some([0, 0]));
        // A font atlas made anew may have moved every glyph; one grown taller moved none.
        let atlas = set_texture(TextureId::default(), [2, 2], None);
        let grown = set_texture(TextureId::default(), [2, 4], None);
        let found = [&textures, &glyphs, &atlas, &grown].map(|t| {
            let mut retextured = Retextured::default();
            retextured.add(t, remakes_font_atlas(t, &mut Some([2, 2])));
            changes(&shapes, &shapes, &retextured)
        });
        // (A delta must be handed on or cleared before it is dropped.)
        for mut t in [textures, glyphs, atlas, grown] {
            t.clear();
        }
        assert_eq!(found[0], Some(vec![rect(199.0, 99.0, 302.0, 202.0)]));
        assert_eq!(found[1], Some(vec![]));
        assert_eq!(found[2], None);
        assert_eq!(found[3], Some(vec![]));
    }

    #[test]
    fn a_font_atlas_grown_taller_is_not_made_anew_and_anything_else_whole_is() {
        let mut atlas = None;
        let mut seen = Vec::new();
        for (size, pos) in [
            ([2048, 32], None),        // the first: its size was not known
            ([2048, 64], None),        // grown
            ([30, 20], Some([0, 40])), // new glyphs
            ([2048, 512], None),       // grown
            ([2048, 512], None),       // started over and grown back to the same size
            ([2048, 32], None),        // started over
            ([4096, 64], None),        // told a larger side: another width
        ] {
            let mut t = set_texture(TextureId::default(), size, pos);
            seen.push((remakes_font_atlas(&t, &mut atlas), atlas));
            t.clear();
        }
        let remade: Vec<bool> = seen.iter().map(|s| s.0).collect();
        assert_eq!(remade, [true, false, false, false, true, true, true]);
        assert_eq!(seen[2].1, Some([2048, 64]), "a part leaves the size");
        assert_eq!(atlas, Some([4096, 64]));
        // Another texture's changes leave the font atlas alone.
        let mut photo = new_picture(TextureId::Managed(3));
        assert!(!remakes_font_atlas(&photo, &mut atlas));
        photo.clear();
    }

    #[test]
    fn plans_are_whole_pixels_and_whole_windows_when_most_changed() {
        let window = [1000, 500];
        assert_eq!(plan(None, 1.0, window), Plan::Whole);
        assert_eq!(plan(Some(vec![]), 1.0, window), Plan::Parts(vec![]));
        // At 1.5 pixels a point a rectangle takes every pixel it touches.
        let r = rect(10.2, 20.0, 10.0, 10.0);
        assert_eq!(
            plan(Some(vec![r]), 1.5, [1500, 750]),
            Plan::Parts(vec![[15, 30, 31, 45]])
        );
        // Overlapping ones become one; apart ones stay apart.
        let merged = plan(
            Some(vec![
                rect(0.0, 0.0, 10.0, 10.0),
                rect(5.0, 5.0, 10.0, 10.0),
                rect(100.0, 100.0, 10.0, 10.0),
            ]),
            1.0,
            window,
        );
        assert_eq!(
            merged,
            Plan::Parts(vec![[0, 0, 15, 15], [100, 100, 110, 110]])
        );
        // A rectangle outside the window is nothing to paint.
        assert_eq!(
            plan(Some(vec![rect(2000.0, 0.0, 5.0, 5.0)]), 1.0, window),
            Plan::Parts(vec![])
        );
        // Most of the window: whole.
        assert_eq!(
            plan(Some(vec![rect(0.0, 0.0, 900.0, 450.0)]), 1.0, window),
            Plan::Whole
        );
        assert_eq!(
            plan(Some(vec![rect(0.0, 0.0, 800.0, 400.0)]), 1.0, window),
            Plan::Parts(vec![[0, 0, 800, 400]])
        );
        // Too many to keep apart: the one rectangle around them.
        let many: Vec<Rect> = (0..12)
            .map(|i| rect(i as f32 * 20.0, 0.0, 5.0, 5.0))
            .collect();
        assert_eq!(
            plan(Some(many), 1.0, window),
            Plan::Parts(vec![[0, 0, 225, 5]])
        );
    }

    /// A part (pixels) as points at one pixel per point.
    fn region(p: [i32; 4]) -> Rect {
        to_points(p, 1.0)
    }

    const GREY: [f32; 4] = [0.5, 0.5, 0.5, 1.0];

    #[test]
    fn a_partial_frame_paints_only_the_shapes_there_clipped_to_it() {
        let shapes = console(Color32::GREEN);
        let parts = vec![[0, 390, 300, 470]];
        let (clears, painted) = painting(&Plan::Parts(parts), shapes.clone(), screen(), 1.0, GREY);
        // The border (all around the window) and the countdown; not the notes.
        assert_eq!(painted.len(), 2);
        assert_eq!(painted[1].shape, shapes[1].shape);
        for s in &painted {
            assert_eq!(s.clip_rect, rect(0.0, 390.0, 300.0, 80.0));
        }
        let part = Some([0, 390, 300, 470]);
        assert_eq!(clears, vec![Clear { part, colour: GREY }]);
        // Two parts paint a shape under both twice, once in each.
        let parts = vec![[0, 0, 50, 50], [950, 450, 1000, 500]];
        let (clears, painted) = painting(&Plan::Parts(parts), shapes, screen(), 1.0, GREY);
        assert_eq!(painted.len(), 2);
        assert_ne!(painted[0].clip_rect, painted[1].clip_rect);
        assert_eq!(clears.len(), 2);
    }

    /// A slide on the projector: a panel's fill, the slide's background over all of it, a line
    /// of text.
    fn slide() -> Vec<ClippedShape> {
        vec![
            filled(screen(), Color32::BLACK),
            filled(screen(), Color32::WHITE),
            filled(rect(100.0, 100.0, 300.0, 40.0), Color32::BLUE),
        ]
    }

    #[test]
    fn an_opaque_rectangle_over_a_region_hides_all_before_it() {
        let shapes = slide();
        // The last one over the whole region counts; what lies above it does not matter.
        assert_eq!(cover(&shapes, screen()), Some((1, Color32::WHITE)));
        assert_eq!(
            cover(&shapes, region([100, 100, 200, 120])),
            Some((2, Color32::BLUE))
        );
        // A region a pixel wider than the rectangle is not covered by it.
        assert_eq!(
            cover(&shapes, region([99, 100, 200, 120])),
            Some((1, Color32::WHITE))
        );
        // Not plain, not opaque or not over all of it: no cover.
        let mut rounded = RectShape::filled(screen(), CornerRadius::same(8), Color32::WHITE);
        let unlike: Vec<Shape> = vec![
            Shape::Rect(rounded.clone()),
            Shape::Rect(RectShape::filled(
                screen(),
                CornerRadius::ZERO,
                Color32::from_black_alpha(200),
            )),
            Shape::Rect(RectShape::new(
                screen(),
                CornerRadius::ZERO,
                Color32::WHITE,
                Stroke::new(2.0, Color32::RED),
                StrokeKind::Outside,
            )),
            Shape::Rect({
                rounded.corner_radius = CornerRadius::ZERO;
                rounded.blur_width = 4.0;
                rounded
            }),
            Shape::image(
                TextureId::Managed(7),
                screen(),
                rect(0.0, 0.0, 1.0, 1.0),
                Color32::WHITE,
            ),
        ];
        for shape in unlike {
            let shapes = vec![ClippedShape {
                shape,
                ..filled(screen(), Color32::WHITE)
            }];
            assert_eq!(cover(&shapes, screen()), None, "{:?}", shapes[0].shape);
        }
        // Clipped short of the region, it does not cover it.
        let clipped = ClippedShape {
            clip_rect: rect(0.0, 0.0, 1000.0, 499.0),
            ..filled(screen(), Color32::WHITE)
        };
        assert_eq!(cover(&[clipped], screen()), None);
        // At 1.5 pixels per point a part is covered where its pixels are.
        let (clears, _) = painting(
            &Plan::Parts(vec![[0, 0, 300, 300]]),
            slide(),
            screen(),
            1.5,
            GREY,
        );
        assert_eq!(clears[0].colour, Color32::WHITE.to_normalized_gamma_f32());
        let moved = vec![filled(rect(0.4, 0.0, 999.0, 500.0), Color32::WHITE)];
        let (clears, _) = painting(
            &Plan::Parts(vec![[0, 0, 300, 300]]),
            moved.clone(),
            screen(),
            1.5,
            GREY,
        );
        assert_eq!(
            clears[0].colour, GREY,
            "its first pixel column is not covered"
        );
        let (clears, _) = painting(
            &Plan::Parts(vec![[1, 0, 300, 300]]),
            moved,
            screen(),
            1.5,
            GREY,
        );
        assert_eq!(clears[0].colour, Color32::WHITE.to_normalized_gamma_f32());
        // A paint callback may draw elsewhere: nothing after it is a cover either.
        let callback = callback_shape(screen(), egui_glow::CallbackFn::new(|_, _| {}));
        let shapes = vec![
            filled(screen(), Color32::BLACK),
            callback,
            filled(screen(), Color32::WHITE),
        ];
        assert_eq!(cover(&shapes, screen()), Some((0, Color32::BLACK)));
    }

    #[test]
    fn a_region_under_a_cover_is_cleared_to_its_colour_and_painted_from_above_it() {
        let shapes = slide();
        let (clears, painted) = painting(&Plan::Whole, shapes.clone(), screen(), 1.0, GREY);
        let white = Color32::WHITE.to_normalized_gamma_f32();
        assert_eq!(
            clears,
            vec![Clear {
                part: None,
                colour: white
            }]
        );
        assert_eq!(painted, shapes[2..].to_vec());
        // Parts: one over the text (cleared blue, nothing else to paint), one beside it (white,
        // the text not there), one beyond the slide's place (the panel's black).
        let mut shapes = shapes;
        shapes[1].clip_rect = rect(0.0, 0.0, 800.0, 500.0);
        let parts = vec![
            [120, 105, 200, 130],
            [500, 300, 600, 400],
            [900, 0, 1000, 100],
        ];
        let (clears, painted) = painting(&Plan::Parts(parts), shapes.clone(), screen(), 1.0, GREY);
        let colours: Vec<[f32; 4]> = clears.iter().map(|c| c.colour).collect();
        let black = Color32::BLACK.to_normalized_gamma_f32();
        assert_eq!(
            colours,
            vec![Color32::BLUE.to_normalized_gamma_f32(), white, black]
        );
        assert!(painted.is_empty(), "{painted:?}");
        // A part across the slide's edge: only the panel covers it; the slide is painted there.
        let parts = vec![[700, 0, 900, 100]];
        let (clears, painted) = painting(&Plan::Parts(parts), shapes.clone(), screen(), 1.0, GREY);
        assert_eq!(clears[0].colour, black);
        assert_eq!(
            painted,
            vec![ClippedShape {
                clip_rect: rect(700.0, 0.0, 100.0, 100.0),
                ..shapes[1].clone()
            }]
        );
        // Without the panel nothing covers it: cleared as the window is.
        let (clears, painted) = painting(
            &Plan::Parts(vec![[700, 0, 900, 100]]),
            shapes[1..].to_vec(),
            screen(),
            1.0,
            GREY,
        );
        assert_eq!(clears[0].colour, GREY);
        assert_eq!(painted.len(), 1);
    }

    #[test]
    fn software_renderers_keep_the_last_frame_and_others_do_not() {
        assert!(keeps_last_frame("llvmpipe (LLVM 15.0.6, 256 bits)"));
        assert!(keeps_last_frame("softpipe"));
        assert!(!keeps_last_frame(
            "zink Vulkan 1.3(llvmpipe (LLVM 15.0.6, 256 bits))"
        ));
        assert!(!keeps_last_frame(
            "Mesa Intel(R) UHD Graphics 620 (KBL GT2)"
        ));
        assert!(!keeps_last_frame(
            "AMD Radeon RX 6600 (radeonsi, navi23, LLVM 15.0.7)"
        ));
    }

    /// What the paint callbacks would report for a frame.
    fn painted(frame: &Frame, found: u8) {
        frame.painted.store(true, Ordering::Relaxed);
        if frame.check.is_some() {
            frame.found.store(found, Ordering::Relaxed);
        }
    }

    #[test]
    fn a_window_is_verified_for_three_frames_before_its_frames_are_partial() {
        let mut w = Windows::default();
        let id = ViewportId::ROOT;
        let a = console(Color32::GREEN);
        let b = console(Color32::RED);
        let mut frames = Vec::new();
        for i in 0..6 {
            let shapes = if i % 2 == 0 { &a } else { &b };
            let f = w.next(id, screen(), 1.0, shapes, &no_textures(), false);
            painted(&f, KEPT);
            frames.push(f);
        }
        // The first frame has nothing to check; the next three check the one before's marker.
        assert_eq!(frames[0].check, None);
        for i in 1..4 {
            assert!(frames[i].check.is_some());
            assert_eq!(frames[i].check, frames[i - 1].marker);
            assert_eq!(frames[i].plan, Plan::Whole);
        }
        // Then only the countdown is painted, and nothing is checked any more.
        for f in &frames[4..] {
            assert_eq!(f.check, None);
            assert_eq!(f.marker, None, "no frame will check it");
            assert_eq!(f.plan, Plan::Parts(vec![[19, 399, 221, 461]]));
        }
        // Markers differ from frame to frame (so an older buffer is told apart).
        assert_ne!(frames[1].marker, frames[2].marker);
    }

    #[test]
    fn a_lost_frame_an_unpainted_one_or_a_new_size_starts_verifying_again() {
        let id = ViewportId::ROOT;
        let a = console(Color32::GREEN);
        let verified = || {
            let mut w = Windows::default();
            for _ in 0..4 {
                let f = w.next(id, screen(), 1.0, &a, &no_textures(), false);
                painted(&f, KEPT);
            }
            w
        };
        // A check that found another buffer: whole frames again.
        let mut w = Windows::default();
        for found in [KEPT, KEPT, LOST] {
            let f = w.next(id, screen(), 1.0, &a, &no_textures(), false);
            painted(&f, found);
        }
        let f = w.next(id, screen(), 1.0, &a, &no_textures(), false);
        assert_eq!(f.plan, Plan::Whole);
        // A frame that was not painted (the window hidden) is no base for the next.
        let mut w = verified();
        let hidden = w.next(id, screen(), 1.0, &a, &no_textures(), false);
        assert_eq!(hidden.plan, Plan::Parts(vec![]));
        let f = w.next(id, screen(), 1.0, &a, &no_textures(), false);
        assert_eq!((f.plan, f.check), (Plan::Whole, None));
        // A resized window.
        let mut w = verified();
        let f = w.next(
            id,
            rect(0.0, 0.0, 800.0, 500.0),
            1.0,
            &a,
            &no_textures(),
            false,
        );
        assert_eq!(f.plan, Plan::Whole);
        // Whole frames only, once the driver was found out.
        let mut w = verified();
        let f = w.next(id, screen(), 1.0, &a, &no_textures(), true);
        assert_eq!((f.plan, f.check), (Plan::Whole, None));
    }

    #[test]
    fn a_held_frame_paints_nothing_and_the_next_paints_all_that_changed_meanwhile() {
        let id = ViewportId::ROOT;
        // The console shows a photo; the countdown changes colour.
        let photo = TextureId::Managed(3);
        let with_photo = |countdown| {
            let mut shapes = console(countdown);
            shapes.push(picture(rect(600.0, 100.0, 100.0, 100.0), photo));
            shapes
        };
        let (a, shown) = (with_photo(Color32::GREEN), with_photo(Color32::RED));
        let mut w = Windows::default();
        assert!(
            w.hold(id, screen(), 1.0, &no_textures(), false).is_none(),
            "nothing painted yet to keep showing"
        );
        for _ in 0..3 {
            painted(&w.next(id, screen(), 1.0, &a, &no_textures(), false), KEPT);
        }
        assert!(
            w.hold(id, screen(), 1.0, &no_textures(), false).is_none(),
            "still being verified"
        );
        painted(&w.next(id, screen(), 1.0, &a, &no_textures(), false), KEPT);
        // The pass that holds brings the photo's new picture.
        let mut arrived = new_picture(photo);
        let held = w.hold(id, screen(), 1.0, &arrived, false);
        arrived.clear();
        let held = held.expect("a verified window can wait");
        assert_eq!(held.plan, Plan::Parts(vec![]));
        assert_eq!((held.check, held.marker), (None, None));
        // Its release holds too; the frame after paints the countdown's change and the photo
        // against the last frame painted.
        assert!(w.hold(id, screen(), 1.0, &no_textures(), false).is_some());
        let f = w.next(id, screen(), 1.0, &shown, &no_textures(), false);
        assert_eq!(
            f.plan,
            Plan::Parts(vec![[19, 399, 221, 461], [599, 99, 701, 201]])
        );
        painted(&f, KEPT);
        // Never once the driver was found out, nor at another size.
        assert!(w.hold(id, screen(), 1.0, &no_textures(), true).is_none());
        let smaller = rect(0.0, 0.0, 800.0, 500.0);
        assert!(w.hold(id, smaller, 1.0, &no_textures(), false).is_none());
    }

    #[test]
    fn the_console_waits_for_the_projectors_next_frame_and_is_asked_for_right_after_it() {
        let ctx = egui::Context::default();
        let desk = ViewportId::from_hash_of("desk");
        let projector = ViewportId::from_hash_of("projector");
        let mut d = Damage::new([0.0; 4], vec![]);
        let out = |shapes: &Vec<ClippedShape>| FullOutput {
            shapes: shapes.clone(),
            pixels_per_point: 1.0,
            ..Default::default()
        };
        let (a, b) = (console(Color32::GREEN), console(Color32::RED));
        let t0 = Instant::now();
        for _ in 0..4 {
            for id in [desk, projector] {
                painted(&d.frame(&ctx, id, screen(), &out(&a), t0).0, KEPT);
            }
        }
        assert!(!ctx.has_requested_repaint_for(&desk));
        let ms = Duration::from_millis;
        // A key on the console changed the slide: its frame waits, and is asked for again at
        // the latest when the wait ends.
        d.paint_first(projector, desk, t0);
        let (held, waits_for) = d.frame(&ctx, desk, screen(), &out(&b), t0);
        assert_eq!(waits_for, Some(projector));
        assert_eq!(held.plan, Plan::Parts(vec![]));
        assert!(ctx.has_requested_repaint_for(&desk));
        // The key's release brings another frame: it waits too.
        let again = d.frame(&ctx, desk, screen(), &out(&b), t0 + ms(5)).0;
        assert_eq!(again.plan, Plan::Parts(vec![]));
        // The projector paints and asks for the console at once (seen in a context of its own);
        // the console paints what changed since its last painted frame.
        let fresh = egui::Context::default();
        let shown = d
            .frame(&fresh, projector, screen(), &out(&b), t0 + ms(20))
            .0;
        painted(&shown, KEPT);
        assert_eq!(shown.plan, Plan::Parts(vec![[19, 399, 221, 461]]));
        assert!(fresh.has_requested_repaint_for(&desk));
        let after = d.frame(&ctx, desk, screen(), &out(&b), t0 + ms(25)).0;
        painted(&after, KEPT);
        assert_eq!(after.plan, Plan::Parts(vec![[19, 399, 221, 461]]));
        // A projector that never paints (hidden, gone) holds the console no longer than the
        // wait.
        let t1 = t0 + ms(1000);
        d.paint_first(projector, desk, t1);
        let waits = d.frame(&ctx, desk, screen(), &out(&a), t1 + ms(10)).0;
        assert_eq!(waits.plan, Plan::Parts(vec![]));
        let late = d.frame(&ctx, desk, screen(), &out(&a), t1 + WAIT_AT_MOST).0;
        assert_eq!(late.plan, Plan::Parts(vec![[19, 399, 221, 461]]));
        assert!(d.order.is_none(), "the order is forgotten once it ran out");
    }

    #[test]
    fn the_window_painted_first_is_waited_for_only_so_long() {
        let (desk, projector) = (ViewportId::ROOT, ViewportId::from_hash_of("audience"));
        let now = Instant::now();
        let order = First {
            first: projector,
            then: desk,
            until: now + WAIT_AT_MOST,
        };
        assert!(order.holds(desk, now));
        assert!(order.holds(desk, now + WAIT_AT_MOST - Duration::from_millis(1)));
        assert!(!order.holds(desk, now + WAIT_AT_MOST));
        assert!(!order.holds(projector, now));
    }

    #[test]
    fn a_texture_changed_in_one_windows_pass_is_painted_at_the_others_next_frame() {
        let (desk, projector) = (ViewportId::ROOT, ViewportId::from_hash_of("audience"));
        let gif = TextureId::Managed(9);
        let slide = vec![
            filled(rect(0.0, 0.0, 100.0, 100.0), Color32::RED),
            picture(rect(200.0, 100.0, 300.0, 200.0), gif),
        ];
        let notes = console(Color32::GREEN);
        let mut w = Windows::default();
        for _ in 0..5 {
            for (id, shapes) in [(desk, &notes), (projector, &slide)] {
                painted(
                    &w.next(id, screen(), 1.0, shapes, &no_textures(), false),
                    KEPT,
                );
            }
        }
        // The console's pass moves the animation on (a texture updated in place)…
        let mut next_frame = new_picture(gif);
        let at_console = w.next(desk, screen(), 1.0, &notes, &next_frame, false);
        next_frame.clear();
        painted(&at_console, KEPT);
        assert_eq!(
            at_console.plan,
            Plan::Parts(vec![]),
            "the console does not show it"
        );
        // …and the projector's next frame, with no change in its own pass, paints it.
        let at_audience = w.next(projector, screen(), 1.0, &slide, &no_textures(), false);
        painted(&at_audience, KEPT);
        assert_eq!(at_audience.plan, Plan::Parts(vec![[199, 99, 501, 301]]));
        // Once.
        let after = w.next(projector, screen(), 1.0, &slide, &no_textures(), false);
        assert_eq!(after.plan, Plan::Parts(vec![]));
    }

    #[test]
    fn a_window_whose_builder_changed_or_that_went_starts_over() {
        let id = ViewportId::from_hash_of("audience");
        let a = console(Color32::GREEN);
        let mut outputs = OrderedViewportIdMap::default();
        let output = |title: &str| egui::ViewportOutput {
            parent: ViewportId::ROOT,
            class: egui::ViewportClass::Deferred,
            builder: ViewportBuilder::default().with_title(title),
            viewport_ui_cb: None,
            commands: vec![],
            repaint_delay: std::time::Duration::MAX,
        };
        outputs.insert(id, output("slides"));
        let mut w = Windows::default();
        for _ in 0..5 {
            w.forget_rebuilt(&outputs);
            let f = w.next(id, screen(), 1.0, &a, &no_textures(), false);
            painted(&f, KEPT);
        }
        assert_eq!(
            w.next(id, screen(), 1.0, &a, &no_textures(), false).plan,
            Plan::Parts(vec![])
        );
        // Moved to the other monitor: eframe may make the window anew.
        outputs.insert(id, output("slides, elsewhere"));
        w.forget_rebuilt(&outputs);
        let f = w.next(id, screen(), 1.0, &a, &no_textures(), false);
        assert_eq!((&f.plan, f.check), (&Plan::Whole, None));
        painted(&f, KEPT);
        // Gone (the projector unplugged) and back.
        w.forget_rebuilt(&OrderedViewportIdMap::default());
        w.forget_rebuilt(&outputs);
        let f = w.next(id, screen(), 1.0, &a, &no_textures(), false);
        assert_eq!((f.plan, f.check), (Plan::Whole, None));
    }
}
