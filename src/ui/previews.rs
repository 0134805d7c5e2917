//! The console's slide previews, each kept as a picture on the GPU.
//!
//! A console frame that only moves the countdown should not lay out, tessellate and shade two
//! slides again: under software rendering (llvmpipe) shading those pixels — slide background,
//! photo and text on top of each other — was most of a timer frame. With the glow backend each
//! preview is drawn once into its own framebuffer texture when what it shows changes (slide, step,
//! deck, images, size) and copied to the window on every other frame: one pass over its pixels.
//!
//! The slide is drawn by the one renderer ([`crate::render::slide`]) into a scratch layer, then
//! tessellated by egui and painted into the texture by a paint callback, with the textures (fonts,
//! photos) of eframe's own painter: the picture is the one the window would show. With another
//! backend (wgpu in the snapshot tests), or if anything on the GPU fails, previews are drawn
//! straight into the window as before.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use egui::emath::GuiRounding as _;
use egui::epaint::{ClippedPrimitive, Primitive, Vertex, ViewportInPixels};
use egui::{Id, LayerId, Order, PaintCallback, PaintCallbackInfo, Rect, Ui};
use egui_glow::glow::{self, HasContext};

/// What a preview shows; the picture is drawn again when any part changes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PreviewKey {
    /// The deck on screen, by address (a reload makes a new one).
    pub deck: usize,
    /// Slide and step.
    pub position: (usize, usize),
    /// Where, in points, at what pixels per point.
    pub rect: Rect,
    pub pixels_per_point: f32,
    /// Counts image arrivals and forgettings: a photo that arrives is drawn in.
    pub images: u64,
    /// The font atlas size: glyph coordinates in a picture refer to it.
    pub atlas: [usize; 2],
}

/// The console's two previews.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Current = 0,
    Next = 1,
}

/// Cached previews for the console; shared with the paint callbacks.
#[derive(Default)]
pub struct Previews {
    /// eframe paints with glow (set each frame by the app).
    enabled: bool,
    /// What each slot shows and its paint callback, used again while the picture stays: an
    /// unchanged preview is then an unchanged shape, which a frame that paints only what
    /// changed leaves alone (`damage`).
    shown: [Option<(PreviewKey, Arc<dyn std::any::Any + Send + Sync>)>; 2],
    gpu: Arc<Gpu>,
}

/// The GPU side, touched only inside paint callbacks (where the GL context is current).
#[derive(Default)]
struct Gpu {
    /// Something failed on the GPU: draw previews straight into the window from now on.
    failed: AtomicBool,
    /// A picture no longer fits its place on screen (the window changed): draw it again.
    stale: AtomicBool,
    state: Mutex<Option<GlState>>,
}

struct GlState {
    program: glow::Program,
    origin: Option<glow::UniformLocation>,
    size: Option<glow::UniformLocation>,
    ppp: Option<glow::UniformLocation>,
    vao: glow::VertexArray,
    vbo: glow::Buffer,
    ebo: glow::Buffer,
    pictures: [Option<Picture>; 2],
}

/// One preview's framebuffer and where on screen its pixels go.
struct Picture {
    fbo: glow::Framebuffer,
    texture: glow::Texture,
    at: Place,
}

/// A rectangle of window pixels: left and top edges, bottom edge counted from the window's
/// bottom (as GL counts), width and height.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Place {
    left: i32,
    top: i32,
    from_bottom: i32,
    width: i32,
    height: i32,
}

impl From<ViewportInPixels> for Place {
    fn from(v: ViewportInPixels) -> Self {
        Self {
            left: v.left_px,
            top: v.top_px,
            from_bottom: v.from_bottom_px,
            width: v.width_px,
            height: v.height_px,
        }
    }
}

impl Previews {
    /// Says whether previews may be cached: only with the glow backend.
    pub fn set_backend(&mut self, glow: bool) {
        self.enabled = glow && !self.gpu.failed.load(Ordering::Relaxed);
    }

    /// Draws one preview: from its cached picture when `key` is what it shows, else draws it
    /// again with `draw` (which paints the slide with the painter it is given).
    pub fn show(
        &mut self,
        ui: &Ui,
        slot: Slot,
        key: PreviewKey,
        draw: impl FnOnce(&egui::Painter),
    ) {
        if !self.enabled || self.gpu.failed.load(Ordering::Relaxed) {
            self.forget();
            draw(ui.painter());
            return;
        }
        if self.gpu.stale.swap(false, Ordering::Relaxed) {
            self.forget();
        }
        let i = slot as usize;
        let callback = match &self.shown[i] {
            Some((shown, callback)) if *shown == key => Arc::clone(callback),
            _ => {
                let job = record(ui.ctx(), key.rect, slot, draw);
                let callback: Arc<dyn std::any::Any + Send + Sync> =
                    Arc::new(self.callback(ui.ctx(), i, job));
                self.shown[i] = Some((key, Arc::clone(&callback)));
                callback
            }
        };
        ui.painter().add(PaintCallback {
            rect: key.rect,
            callback,
        });
    }

    /// Both pictures are drawn again next time (and a callback that never ran lets go of its
    /// slide).
    fn forget(&mut self) {
        self.shown = [None, None];
    }

    /// The paint callback of one slot: draws the new picture the first time it runs (`job`),
    /// then copies the picture to the window every time.
    fn callback(&self, ctx: &egui::Context, i: usize, job: Recorded) -> egui_glow::CallbackFn {
        let gpu = Arc::clone(&self.gpu);
        let ctx = ctx.clone();
        let job = Mutex::new(Some(job));
        egui_glow::CallbackFn::new(move |info, painter| {
            if gpu.failed.load(Ordering::Relaxed) {
                return; // the other preview failed in this frame; the next draws both directly
            }
            // Tessellated here, when the frame's glyphs are all in the font atlas: glyph
            // coordinates are fractions of the atlas's size, and text laid out later in the
            // frame (the other window, the notes) can make the atlas taller after the preview
            // was recorded — tessellated then, its text was garbled until the next frame.
            let job = job
                .lock()
                .ok()
                .and_then(|mut j| j.take())
                .map(|r| r.tessellate(&ctx));
            if let Err(e) = gpu.paint(i, &info, painter, job) {
                eprintln!("ltdeck: slide previews are drawn directly: {e}");
                gpu.failed.store(true, Ordering::Relaxed);
                ctx.request_repaint();
            } else if gpu.stale.load(Ordering::Relaxed) {
                ctx.request_repaint();
            }
        })
    }
}

/// Paints with `draw` into a layer no window shows (clipped to `rect`) and returns what it
/// painted; the layer is left empty.
pub fn scratch(
    ctx: &egui::Context,
    rect: Rect,
    layer: impl std::hash::Hash + std::fmt::Debug,
    draw: impl FnOnce(&egui::Painter),
) -> Vec<egui::epaint::ClippedShape> {
    let layer = LayerId::new(Order::Background, Id::unique(layer));
    let painter = egui::Painter::new(ctx.clone(), layer, rect);
    draw(&painter);
    ctx.graphics_mut(|g| {
        g.get_mut(layer)
            .map(|list| {
                let shapes = list.all_entries().cloned().collect();
                *list = Default::default();
                shapes
            })
            .unwrap_or_default()
    })
}

/// A picture to draw: cleared to a colour (gamma, 0–1), then these meshes painted over it.
struct Job {
    clear: [f32; 4],
    primitives: Vec<ClippedPrimitive>,
}

/// A picture as painted, before tessellation: the clear colour, the shapes over it and the
/// pixels per point.
struct Recorded {
    clear: [f32; 4],
    shapes: Vec<egui::epaint::ClippedShape>,
    pixels_per_point: f32,
}

impl Recorded {
    /// The meshes, as egui tessellates a frame's shapes, against the font atlas as it is now.
    fn tessellate(self, ctx: &egui::Context) -> Job {
        Job {
            clear: self.clear,
            primitives: ctx.tessellate(self.shapes, self.pixels_per_point),
        }
    }
}

/// Paints a slide into a scratch layer. The slide's background becomes the picture's clear
/// colour (see [`super::damage::over_cover`]).
fn record(
    ctx: &egui::Context,
    rect: Rect,
    slot: Slot,
    draw: impl FnOnce(&egui::Painter),
) -> Recorded {
    let shapes = scratch(ctx, rect, ("ltdeck-preview", slot as usize), draw);
    let ppp = ctx.pixels_per_point();
    // The picture's pixels, as the paint callback will be given them.
    let pixels = rect.round_to_pixels(ppp);
    let (clear, shapes) = super::damage::over_cover(shapes, pixels, [0.0; 4]);
    Recorded {
        clear,
        shapes,
        pixels_per_point: ppp,
    }
}

impl Gpu {
    /// Inside the paint callback: draws a new picture if there is one, then copies the picture
    /// to the window.
    fn paint(
        &self,
        slot: usize,
        info: &PaintCallbackInfo,
        painter: &egui_glow::Painter,
        job: Option<Job>,
    ) -> Result<(), String> {
        let gl = painter.gl();
        let mut state = self.state.lock().map_err(|_| "a preview thread panicked")?;
        if state.is_none() {
            // SAFETY: egui_glow calls paint callbacks with its context current on this thread.
            *state = Some(unsafe { GlState::new(gl)? });
        }
        let Some(state) = state.as_mut() else {
            return Ok(());
        };
        let at = Place::from(info.viewport_in_pixels());
        if at.width <= 0 || at.height <= 0 {
            return Ok(());
        }
        // SAFETY: the context is current (a paint callback) and the GL objects used are this
        // state's own; egui's framebuffer is bound again below, whatever the draw did.
        unsafe {
            let drawn = match job {
                Some(job) => state.draw(gl, painter, slot, at, info.pixels_per_point, &job),
                None => Ok(()),
            };
            // Whatever happened, egui goes on drawing into the window, and it does not bind the
            // window itself: a picture's framebuffer left bound would swallow every later frame
            // of both windows (they share the context).
            gl.bind_framebuffer(glow::FRAMEBUFFER, painter.intermediate_fbo());
            drawn?;
            match &state.pictures[slot] {
                Some(picture) if picture.at == at => copy_to_window(
                    gl,
                    picture,
                    info.clip_rect_in_pixels(),
                    painter.intermediate_fbo(),
                ),
                _ => self.stale.store(true, Ordering::Relaxed),
            }
        }
        Ok(())
    }
}

const VERTEX: &str = r"
uniform vec2 u_origin;
uniform vec2 u_size;
uniform float u_ppp;
in vec2 a_pos;
in vec4 a_srgba;
in vec2 a_tc;
out vec4 v_rgba;
out vec2 v_tc;
void main() {
    vec2 p = a_pos * u_ppp - u_origin;
    gl_Position = vec4(2.0 * p.x / u_size.x - 1.0, 1.0 - 2.0 * p.y / u_size.y, 0.0, 1.0);
    v_rgba = a_srgba / 255.0;
    v_tc = a_tc;
}
";

/// Colours multiplied in gamma space, premultiplied alpha: as egui's own painter does.
const FRAGMENT: &str = r"
uniform sampler2D u_sampler;
in vec4 v_rgba;
in vec2 v_tc;
out vec4 f_color;
void main() {
    f_color = v_rgba * texture(u_sampler, v_tc);
}
";

impl GlState {
    // SAFETY: unsafe to call: the caller has `gl` current on this thread.
    unsafe fn new(gl: &glow::Context) -> Result<Self, String> {
        let version = egui_glow::ShaderVersion::get(gl);
        if !version.is_new_shader_interface() {
            return Err(format!("{version:?} shaders are too old"));
        }
        let header = format!(
            "{}{}",
            version.version_declaration(),
            if gl.version().is_embedded {
                "precision highp float;\n"
            } else {
                ""
            }
        );
        // SAFETY: `gl` is current (this function's contract); every object made here is owned
        // by the returned state and deleted with it.
        unsafe {
            let program = gl.create_program()?;
            let mut shaders = Vec::new();
            for (kind, source) in [
                (glow::VERTEX_SHADER, VERTEX),
                (glow::FRAGMENT_SHADER, FRAGMENT),
            ] {
                let shader = gl.create_shader(kind)?;
                gl.shader_source(shader, &format!("{header}{source}"));
                gl.compile_shader(shader);
                if !gl.get_shader_compile_status(shader) {
                    return Err(gl.get_shader_info_log(shader));
                }
                gl.attach_shader(program, shader);
                shaders.push(shader);
            }
            gl.link_program(program);
            if !gl.get_program_link_status(program) {
                return Err(gl.get_program_info_log(program));
            }
            for shader in shaders {
                gl.detach_shader(program, shader);
                gl.delete_shader(shader);
            }
            let vao = gl.create_vertex_array()?;
            let vbo = gl.create_buffer()?;
            let ebo = gl.create_buffer()?;
            gl.bind_vertex_array(Some(vao));
            gl.bind_buffer(glow::ARRAY_BUFFER, Some(vbo));
            let stride = std::mem::size_of::<Vertex>() as i32;
            let attributes = [
                ("a_pos", 2, glow::FLOAT, std::mem::offset_of!(Vertex, pos)),
                ("a_tc", 2, glow::FLOAT, std::mem::offset_of!(Vertex, uv)),
                (
                    "a_srgba",
                    4,
                    glow::UNSIGNED_BYTE,
                    std::mem::offset_of!(Vertex, color),
                ),
            ];
            for (name, size, kind, offset) in attributes {
                let location = gl
                    .get_attrib_location(program, name)
                    .ok_or_else(|| format!("no attribute {name}"))?;
                gl.vertex_attrib_pointer_f32(location, size, kind, false, stride, offset as i32);
                gl.enable_vertex_attrib_array(location);
            }
            gl.bind_vertex_array(None);
            Ok(Self {
                origin: gl.get_uniform_location(program, "u_origin"),
                size: gl.get_uniform_location(program, "u_size"),
                ppp: gl.get_uniform_location(program, "u_ppp"),
                program,
                vao,
                vbo,
                ebo,
                pictures: [None, None],
            })
        }
    }

    /// Makes (or remakes, at a new size) a slot's framebuffer.
    // SAFETY: unsafe to call: the caller has `gl` current on this thread.
    unsafe fn picture(
        &mut self,
        gl: &glow::Context,
        slot: usize,
        at: Place,
    ) -> Result<glow::Framebuffer, String> {
        if let Some(p) = &mut self.pictures[slot]
            && (p.at.width, p.at.height) == (at.width, at.height)
        {
            p.at = at;
            return Ok(p.fbo);
        }
        // SAFETY: `gl` is current (this function's contract); the old picture's objects are
        // deleted before their handles are dropped.
        unsafe {
            if let Some(old) = self.pictures[slot].take() {
                gl.delete_framebuffer(old.fbo);
                gl.delete_texture(old.texture);
            }
            let texture = gl.create_texture()?;
            gl.bind_texture(glow::TEXTURE_2D, Some(texture));
            for parameter in [glow::TEXTURE_MIN_FILTER, glow::TEXTURE_MAG_FILTER] {
                gl.tex_parameter_i32(glow::TEXTURE_2D, parameter, glow::NEAREST as i32);
            }
            gl.tex_image_2d(
                glow::TEXTURE_2D,
                0,
                glow::RGBA8 as i32,
                at.width,
                at.height,
                0,
                glow::RGBA,
                glow::UNSIGNED_BYTE,
                glow::PixelUnpackData::Slice(None),
            );
            let fbo = gl.create_framebuffer()?;
            gl.bind_framebuffer(glow::FRAMEBUFFER, Some(fbo));
            gl.framebuffer_texture_2d(
                glow::FRAMEBUFFER,
                glow::COLOR_ATTACHMENT0,
                glow::TEXTURE_2D,
                Some(texture),
                0,
            );
            let status = gl.check_framebuffer_status(glow::FRAMEBUFFER);
            self.pictures[slot] = Some(Picture { fbo, texture, at });
            if status != glow::FRAMEBUFFER_COMPLETE {
                return Err(format!("preview framebuffer incomplete ({status:#x})"));
            }
            Ok(fbo)
        }
    }

    /// Paints tessellated shapes into a slot's picture, with the painter's textures.
    // SAFETY: unsafe to call: the caller has `gl` current on this thread.
    unsafe fn draw(
        &mut self,
        gl: &glow::Context,
        painter: &egui_glow::Painter,
        slot: usize,
        at: Place,
        ppp: f32,
        job: &Job,
    ) -> Result<(), String> {
        // SAFETY: `gl` is current (this function's contract), and the buffers uploaded live
        // until the draw calls that read them return.
        unsafe {
            let fbo = self.picture(gl, slot, at)?;
            gl.bind_framebuffer(glow::FRAMEBUFFER, Some(fbo));
            gl.viewport(0, 0, at.width, at.height);
            gl.disable(glow::SCISSOR_TEST);
            let [r, g, b, a] = job.clear;
            gl.clear_color(r, g, b, a);
            gl.clear(glow::COLOR_BUFFER_BIT);
            gl.enable(glow::SCISSOR_TEST);
            gl.enable(glow::BLEND);
            gl.blend_equation_separate(glow::FUNC_ADD, glow::FUNC_ADD);
            gl.blend_func_separate(
                glow::ONE,
                glow::ONE_MINUS_SRC_ALPHA,
                glow::ONE_MINUS_DST_ALPHA,
                glow::ONE,
            );
            gl.use_program(Some(self.program));
            gl.uniform_2_f32(self.origin.as_ref(), at.left as f32, at.top as f32);
            gl.uniform_2_f32(self.size.as_ref(), at.width as f32, at.height as f32);
            gl.uniform_1_f32(self.ppp.as_ref(), ppp);
            gl.active_texture(glow::TEXTURE0);
            gl.bind_vertex_array(Some(self.vao));
            gl.bind_buffer(glow::ARRAY_BUFFER, Some(self.vbo));
            gl.bind_buffer(glow::ELEMENT_ARRAY_BUFFER, Some(self.ebo));
            for ClippedPrimitive {
                clip_rect,
                primitive,
            } in &job.primitives
            {
                let Primitive::Mesh(mesh) = primitive else {
                    continue;
                };
                let Some(texture) = painter.texture(mesh.texture_id) else {
                    continue;
                };
                let [x, y, w, h] = scissor(*clip_rect, ppp, &at);
                if w <= 0 || h <= 0 {
                    continue;
                }
                gl.scissor(x, y, w, h);
                gl.buffer_data_u8_slice(
                    glow::ARRAY_BUFFER,
                    bytes(&mesh.vertices),
                    glow::STREAM_DRAW,
                );
                gl.buffer_data_u8_slice(
                    glow::ELEMENT_ARRAY_BUFFER,
                    bytes(&mesh.indices),
                    glow::STREAM_DRAW,
                );
                gl.bind_texture(glow::TEXTURE_2D, Some(texture));
                gl.draw_elements(
                    glow::TRIANGLES,
                    mesh.indices.len() as i32,
                    glow::UNSIGNED_INT,
                    0,
                );
            }
            gl.bind_vertex_array(None);
            gl.bind_buffer(glow::ARRAY_BUFFER, None);
            gl.bind_buffer(glow::ELEMENT_ARRAY_BUFFER, None);
            match gl.get_error() {
                glow::NO_ERROR => Ok(()),
                e => Err(format!("GL error {e:#x} drawing a preview")),
            }
        }
    }
}

/// A clip rectangle (points, window coordinates) as a scissor box in a picture's pixels
/// (x, y from the bottom, width, height).
fn scissor(clip: Rect, ppp: f32, at: &Place) -> [i32; 4] {
    let left = ((clip.min.x * ppp).round() as i32 - at.left).clamp(0, at.width);
    let right = ((clip.max.x * ppp).round() as i32 - at.left).clamp(left, at.width);
    let top = ((clip.min.y * ppp).round() as i32 - at.top).clamp(0, at.height);
    let bottom = ((clip.max.y * ppp).round() as i32 - at.top).clamp(top, at.height);
    [left, at.height - bottom, right - left, bottom - top]
}

/// Copies a picture to its place in the window, pixel for pixel, within the clip rectangle
/// egui gave the preview (a frame that paints only what changed narrows it).
// SAFETY: unsafe to call: the caller has `gl` current and `picture` made with it.
unsafe fn copy_to_window(
    gl: &glow::Context,
    picture: &Picture,
    clip: ViewportInPixels,
    window: Option<glow::Framebuffer>,
) {
    let at = &picture.at;
    // SAFETY: `gl` is current (this function's contract); the scissor test is switched off
    // again before returning.
    unsafe {
        gl.enable(glow::SCISSOR_TEST);
        gl.scissor(
            clip.left_px,
            clip.from_bottom_px,
            clip.width_px,
            clip.height_px,
        );
        gl.bind_framebuffer(glow::READ_FRAMEBUFFER, Some(picture.fbo));
        gl.bind_framebuffer(glow::DRAW_FRAMEBUFFER, window);
        gl.blit_framebuffer(
            0,
            0,
            at.width,
            at.height,
            at.left,
            at.from_bottom,
            at.left + at.width,
            at.from_bottom + at.height,
            glow::COLOR_BUFFER_BIT,
            glow::NEAREST,
        );
        gl.bind_framebuffer(glow::FRAMEBUFFER, window);
    }
}

/// A mesh's vertices or indices as the bytes GL reads.
fn bytes<T: Copy>(items: &[T]) -> &[u8] {
    // SAFETY: `Vertex` (repr(C): f32 pairs and four bytes) and `u32` are plain data with no
    // padding; the slice covers exactly `items`.
    unsafe { std::slice::from_raw_parts(items.as_ptr().cast::<u8>(), std::mem::size_of_val(items)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(left: i32, top: i32, width: i32, height: i32, screen_h: i32) -> Place {
        Place {
            left,
            top,
            from_bottom: screen_h - top - height,
            width,
            height,
        }
    }

    #[test]
    fn scissor_boxes_are_in_picture_pixels_from_the_bottom() {
        let place = at(100, 50, 400, 300, 1080);
        // The whole window clips nothing: the whole picture.
        let all = Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1920.0, 1080.0));
        assert_eq!(scissor(all, 1.0, &place), [0, 0, 400, 300]);
        // The top 100 px of the picture are at the top of GL's y-up box.
        let top = Rect::from_min_max(egui::pos2(100.0, 50.0), egui::pos2(500.0, 150.0));
        assert_eq!(scissor(top, 1.0, &place), [0, 200, 400, 100]);
        // At 2 pixels per point the same clip in points covers twice the pixels.
        let place = at(200, 100, 800, 600, 2160);
        assert_eq!(scissor(top, 2.0, &place), [0, 400, 800, 200]);
        // A clip outside the picture is empty.
        let away = Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(50.0, 40.0));
        let [_, _, w, h] = scissor(away, 1.0, &at(100, 50, 400, 300, 1080));
        assert!(w == 0 || h == 0);
    }

    /// A preview of slide 1 in a 160×90 box.
    fn key() -> PreviewKey {
        PreviewKey {
            deck: 0,
            position: (0, 0),
            rect: Rect::from_min_size(egui::pos2(0.0, 0.0), egui::vec2(160.0, 90.0)),
            pixels_per_point: 1.0,
            images: 0,
            atlas: [0, 0],
        }
    }

    #[test]
    fn without_glow_previews_are_drawn_every_frame() {
        let ctx = egui::Context::default();
        let mut previews = Previews::default();
        previews.set_backend(false);
        let key = key();
        let mut drawn = 0;
        for _ in 0..3 {
            let mut out = ctx.run_ui(egui::RawInput::default(), |ui| {
                previews.show(ui, Slot::Current, key, |_| drawn += 1);
            });
            out.textures_delta.clear();
        }
        assert_eq!(drawn, 3);
    }

    #[test]
    fn with_glow_a_preview_is_drawn_again_only_when_what_it_shows_changes() {
        let ctx = egui::Context::default();
        let mut previews = Previews::default();
        previews.set_backend(true);
        let mut key = key();
        let mut drawn = Vec::new();
        let mut frame = |previews: &mut Previews, key: PreviewKey, n: usize| {
            let mut out = ctx.run_ui(egui::RawInput::default(), |ui| {
                previews.show(ui, Slot::Current, key, |_| drawn.push(n));
                previews.show(
                    ui,
                    Slot::Next,
                    PreviewKey {
                        position: (1, 0),
                        ..key
                    },
                    |_| drawn.push(100 + n),
                );
            });
            out.textures_delta.clear();
        };
        frame(&mut previews, key, 0);
        frame(&mut previews, key, 1);
        key.images = 1;
        frame(&mut previews, key, 2);
        key.position = (0, 1);
        frame(&mut previews, key, 3);
        frame(&mut previews, key, 4);
        // A GPU failure falls back to drawing every frame.
        previews.gpu.failed.store(true, Ordering::Relaxed);
        frame(&mut previews, key, 5);
        frame(&mut previews, key, 6);
        assert_eq!(drawn, vec![0, 100, 2, 102, 3, 5, 105, 6, 106]);
    }

    #[test]
    fn an_unchanged_preview_is_the_same_shape_from_frame_to_frame() {
        let ctx = egui::Context::default();
        let mut previews = Previews::default();
        previews.set_backend(true);
        let mut frame = |key: PreviewKey| {
            let mut out = ctx.run_ui(egui::RawInput::default(), |ui| {
                previews.show(ui, Slot::Current, key, |_| {});
            });
            out.textures_delta.clear();
            out.shapes
                .into_iter()
                .filter(|s| matches!(s.shape, egui::Shape::Callback(_)))
                .collect::<Vec<_>>()
        };
        let key = key();
        let (first, second) = (frame(key), frame(key));
        assert_eq!(first.len(), 1);
        // A frame that paints only what changed leaves it alone…
        assert_eq!(first, second);
        // …until it shows something else.
        let moved = frame(PreviewKey {
            position: (1, 0),
            ..key
        });
        assert_ne!(second, moved);
    }

    #[test]
    fn a_slides_background_is_its_pictures_clear_colour() {
        let ctx = egui::Context::default();
        let mut jobs = Vec::new();
        let mut out = ctx.run_ui(egui::RawInput::default(), |ui| {
            let slide = |painter: &egui::Painter| {
                painter.rect_filled(painter.clip_rect(), 0.0, egui::Color32::WHITE);
                let line = Rect::from_min_size(egui::pos2(20.0, 20.0), egui::vec2(50.0, 10.0));
                painter.rect_filled(line, 0.0, egui::Color32::BLUE);
            };
            jobs.push(record(ui.ctx(), key().rect, Slot::Current, slide).tessellate(ui.ctx()));
            // Off whole pixels the background leaves its edge pixels half covered: painted.
            let off = key().rect.translate(egui::vec2(0.3, 0.0));
            jobs.push(record(ui.ctx(), off, Slot::Next, slide).tessellate(ui.ctx()));
        });
        out.textures_delta.clear();
        assert_eq!(
            jobs[0].clear,
            egui::Color32::WHITE.to_normalized_gamma_f32()
        );
        assert_eq!(jobs[0].primitives.len(), 1, "only the line is painted");
        assert_eq!(jobs[1].clear, [0.0; 4]);
        assert_eq!(jobs[1].primitives.len(), 1, "one mesh with both rectangles");
        let vertices = |j: &Job| match &j.primitives[0].primitive {
            Primitive::Mesh(m) => m.vertices.len(),
            Primitive::Callback(_) => 0,
        };
        assert!(vertices(&jobs[1]) > vertices(&jobs[0]));
    }
}
