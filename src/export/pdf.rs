//! The PDF backend: egui's shapes — what the one renderer painted — written as PDF drawing.
//!
//! Text stays text: each row of a galley is cut into runs of one font face, size and colour,
//! placed where egui placed them and shaped by krilla with the same face, so `pdftotext` reads
//! the words back (Hangul included) and the fonts are embedded as subsets. Which face draws a
//! character is decided as egui decides it: the first face of the family's fallback chain
//! that has the character. Rectangles, lines and other shapes become filled paths (egui's
//! tessellation without anti-aliasing fringes); photos become images, embedded at no more
//! than twice the size they are shown at.

use std::collections::HashMap;
use std::sync::Arc;

use egui::epaint::{ClippedShape, Mesh, TessellationOptions, Tessellator, TextShape};
use egui::{Color32, FontDefinitions, FontFamily, Pos2, Rect, Shape, TextureId, Vec2};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Size, Transform};
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, FillRule};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

/// Where photos come from: the export's image table, by the texture id the renderer was given.
pub trait Pictures {
    /// The image `id` to embed, shown as a whole at `shown` canvas pixels; `None` when it
    /// cannot be read.
    fn picture(&self, id: u64, shown: Vec2) -> Option<Picture>;
}

/// An image as the PDF holds it.
#[derive(Clone)]
pub enum Picture {
    /// Pixels (a photo, a screenshot).
    Raster(krilla::image::Image),
    /// An SVG's paths and text, drawn as PDF vectors: sharp at any zoom.
    Vector(std::sync::Arc<resvg::usvg::Tree>),
}

/// The deck's fonts as PDF fonts, with egui's fallback rule.
pub struct FontBook {
    faces: Vec<Face>,
    families: HashMap<FontFamily, Vec<usize>>,
    resolved: HashMap<(FontFamily, char), Option<usize>>,
}

struct Face {
    bytes: Bytes,
    index: u32,
    tweak: egui::FontTweak,
    /// Made on first use: only faces that draw something are embedded.
    font: Option<Option<Font>>,
}

type Bytes = Arc<dyn AsRef<[u8]> + Send + Sync>;

impl FontBook {
    /// The faces and families of egui font definitions (the deck's font plan).
    pub fn new(defs: &FontDefinitions) -> Self {
        let mut faces = Vec::new();
        let mut by_name = HashMap::new();
        for (name, data) in &defs.font_data {
            let bytes = data.font.clone();
            by_name.insert(name.clone(), faces.len());
            faces.push(Face {
                bytes,
                index: data.index,
                tweak: data.tweak.clone(),
                font: None,
            });
        }
        let families = defs
            .families
            .iter()
            .map(|(family, names)| {
                let chain = names.iter().filter_map(|n| by_name.get(n).copied());
                (family.clone(), chain.collect())
            })
            .collect();
        Self {
            faces,
            families,
            resolved: HashMap::new(),
        }
    }

    /// The face that draws `c` in `family`: the first of its chain that has it (egui's rule).
    fn resolve(&mut self, family: &FontFamily, c: char) -> Option<usize> {
        if let Some(found) = self.resolved.get(&(family.clone(), c)) {
            return *found;
        }
        let chain = self.families.get(family).cloned().unwrap_or_default();
        let found = chain
            .iter()
            .copied()
            .find(|&i| has_char(&self.faces[i], c))
            .or_else(|| chain.first().copied());
        self.resolved.insert((family.clone(), c), found);
        found
    }

    fn font(&mut self, face: usize) -> Option<Font> {
        let f = &mut self.faces[face];
        f.font
            .get_or_insert_with(|| {
                let data: krilla::Data = f.bytes.clone().into();
                Font::new(data, f.index)
            })
            .clone()
    }
}

fn has_char(face: &Face, c: char) -> bool {
    use skrifa::MetadataProvider;
    skrifa::FontRef::from_index((*face.bytes).as_ref(), face.index)
        .ok()
        .and_then(|f| f.charmap().map(c))
        .is_some_and(|g| g.to_u32() != 0)
}

/// Writes one page's shapes (canvas pixels) onto a surface already scaled to the page.
pub struct Painter<'a> {
    pub fonts: &'a mut FontBook,
    pub pictures: &'a dyn Pictures,
    /// The canvas: shapes clipped to all of it need no clip path.
    pub canvas: Rect,
}

impl Painter<'_> {
    /// Draws the shapes in order.
    pub fn shapes(&mut self, surface: &mut Surface<'_>, shapes: &[ClippedShape]) {
        for clipped in shapes {
            let clip = clipped.clip_rect;
            let clipped_here = !clip.contains_rect(self.canvas);
            if clipped_here {
                // Clipped away entirely: nothing of it shows.
                let Some(path) = rect_path(clip) else {
                    continue;
                };
                surface.push_clip_path(&path, &FillRule::NonZero);
            }
            self.shape(surface, &clipped.shape, clip);
            if clipped_here {
                surface.pop();
            }
        }
    }

    fn shape(&mut self, surface: &mut Surface<'_>, shape: &Shape, clip: Rect) {
        match shape {
            Shape::Noop | Shape::Callback(_) => {}
            Shape::Vec(shapes) => {
                for s in shapes {
                    self.shape(surface, s, clip);
                }
            }
            Shape::Text(text) => self.text(surface, text),
            Shape::Mesh(mesh) => match mesh.texture_id {
                TextureId::User(id) => self.image(surface, mesh, id, clip),
                _ => solid_mesh(surface, mesh, |_| true),
            },
            Shape::Rect(r) if r.brush.is_some() => {
                // A texture-filled rectangle: tessellate to a mesh of the texture.
                let mut mesh = Mesh::default();
                tessellator().tessellate_shape(shape.clone(), &mut mesh);
                self.shape(surface, &Shape::mesh(mesh), clip);
            }
            other => {
                let mut mesh = Mesh::default();
                tessellator().tessellate_shape(other.clone(), &mut mesh);
                solid_mesh(surface, &mesh, |_| true);
            }
        }
    }

    fn image(&mut self, surface: &mut Surface<'_>, mesh: &Mesh, id: u64, clip: Rect) {
        let (Some(dest), Some(uv), Some(full)) = (
            bounds(mesh, |v| v.pos),
            bounds(mesh, |v| v.uv),
            shown_size(mesh),
        ) else {
            return;
        };
        // Unreadable pictures were found before painting (the page then shows a placeholder).
        let Some(picture) = self.pictures.picture(id, full) else {
            return;
        };
        let origin = dest.min - uv.min.to_vec2() * full;
        let (Some(size), Some(shown)) = (
            Size::from_wh(full.x, full.y),
            rect_path(dest.intersect(clip)),
        ) else {
            return;
        };
        surface.push_clip_path(&shown, &FillRule::NonZero);
        surface.push_transform(&Transform::from_translate(origin.x, origin.y));
        match picture {
            Picture::Raster(image) => surface.draw_image(image, size),
            Picture::Vector(tree) => {
                use krilla_svg::SurfaceExt;
                // Text in the SVG goes in as outlines: its fonts are the SVG's, not the deck's.
                let settings = krilla_svg::SvgSettings {
                    embed_text: false,
                    ..krilla_svg::SvgSettings::default()
                };
                _ = surface.draw_svg(&tree, size, settings);
            }
        }
        surface.pop();
        surface.pop();
    }

    fn text(&mut self, surface: &mut Surface<'_>, text: &TextShape) {
        let galley = &text.galley;
        if galley.is_empty() || text.opacity_factor <= 0.0 {
            return;
        }
        let formats = char_formats(galley);
        // A copy of text in another colour (a shadow) is drawn as outlines, not as text: the
        // words are read back once.
        let outlined = text.override_text_color.is_some();
        let mut char_index = 0;
        for placed in &galley.rows {
            let row = &placed.row;
            let origin = text.pos + placed.pos.to_vec2();
            let glyphs = row.visuals.glyph_vertex_range.clone();
            let translated = translate_mesh(&row.visuals.mesh, origin.to_vec2());
            solid_mesh(surface, &translated, |i| !glyphs.contains(&i));
            let mut run: Option<Run> = None;
            for glyph in &row.glyphs {
                let (family, size) = formats
                    .get(char_index)
                    .cloned()
                    .unwrap_or((FontFamily::Proportional, 14.0));
                char_index += 1;
                let c = glyph.chr;
                if c == '\t' || c == '\n' || c == '\r' {
                    flush(surface, self.fonts, run.take(), outlined);
                    continue;
                }
                let color = glyph_color(text, row, glyph);
                let face = match &run {
                    // Spaces stay in the run: one face shapes them as well as any.
                    Some(r) if c.is_whitespace() && r.family == family => Some(r.face),
                    _ => self.fonts.resolve(&family, c),
                };
                let Some(face) = face else { continue };
                let baseline = origin + glyph.pos.to_vec2();
                let same = run.as_ref().is_some_and(|r| {
                    r.face == face
                        && r.size == size
                        && r.family == family
                        && (r.color == color || c.is_whitespace())
                        && (r.start.y - baseline.y).abs() < 0.01
                });
                if same {
                    if let Some(r) = run.as_mut() {
                        r.text.push(c);
                    }
                } else {
                    flush(surface, self.fonts, run.take(), outlined);
                    run = Some(Run {
                        face,
                        family,
                        size,
                        color,
                        start: baseline,
                        text: c.to_string(),
                    });
                }
            }
            flush(surface, self.fonts, run.take(), outlined);
            if placed.ends_with_newline {
                char_index += 1;
            }
        }
    }
}

/// Consecutive glyphs of one face, size and colour on one baseline.
struct Run {
    face: usize,
    family: FontFamily,
    size: f32,
    color: Color32,
    start: Pos2,
    text: String,
}

fn flush(surface: &mut Surface<'_>, fonts: &mut FontBook, run: Option<Run>, outlined: bool) {
    let Some(run) = run else { return };
    if run.text.trim().is_empty() {
        return;
    }
    let Some(font) = fonts.font(run.face) else {
        return;
    };
    let tweak = &fonts.faces[run.face].tweak;
    let size = run.size * tweak.scale;
    let y = run.start.y + size * tweak.y_offset_factor + tweak.y_offset;
    surface.set_fill(Some(fill(run.color)));
    surface.set_stroke(None);
    surface.draw_text(
        Point::from_xy(run.start.x, y),
        font,
        size,
        &run.text,
        outlined,
        TextDirection::Auto,
    );
}

/// The font family and size of each character of a galley's text (its sections follow each
/// other through the text).
fn char_formats(galley: &egui::Galley) -> Vec<(FontFamily, f32)> {
    let job = &galley.job;
    let mut out = Vec::with_capacity(job.text.len());
    for section in &job.sections {
        let chars = job
            .text
            .get(bytes(&section.byte_range))
            .map_or(0, |t| t.chars().count());
        let format = (
            section.format.font_id.family.clone(),
            section.format.font_id.size,
        );
        out.extend(std::iter::repeat_n(format, chars));
    }
    out
}

/// A glyph's colour as egui's tessellator would paint it.
fn glyph_color(
    text: &TextShape,
    row: &egui::epaint::text::Row,
    glyph: &egui::epaint::text::Glyph,
) -> Color32 {
    let base = text.override_text_color.unwrap_or_else(|| {
        let c = row
            .visuals
            .mesh
            .vertices
            .get(glyph.first_vertex as usize)
            .map_or(text.fallback_color, |v| v.color);
        if c == Color32::PLACEHOLDER {
            text.fallback_color
        } else {
            c
        }
    });
    base.gamma_multiply(text.opacity_factor)
}

fn tessellator() -> Tessellator {
    let options = TessellationOptions {
        feathering: false,
        ..TessellationOptions::default()
    };
    // Curves are flattened finely: the page is looked at enlarged, and printed.
    Tessellator::new(4.0, options, [1, 1], Vec::new())
}

/// Fills a mesh's triangles (those whose vertices pass `keep`), one path per run of colour.
fn solid_mesh(surface: &mut Surface<'_>, mesh: &Mesh, keep: impl Fn(usize) -> bool) {
    let mut current: Option<(Color32, PathBuilder)> = None;
    for tri in mesh.indices.chunks_exact(3) {
        let idx = [tri[0] as usize, tri[1] as usize, tri[2] as usize];
        if !idx.iter().all(|&i| i < mesh.vertices.len() && keep(i)) {
            continue;
        }
        let v = idx.map(|i| mesh.vertices[i]);
        // The most opaque corner's colour: an anti-aliasing fringe is not a shape of its own.
        let color = v
            .iter()
            .map(|v| v.color)
            .max_by_key(|c| c.a())
            .unwrap_or_default();
        if color.a() == 0 {
            continue;
        }
        if current.as_ref().is_some_and(|(c, _)| *c != color) {
            fill_path(surface, current.take());
        }
        let (_, path) = current.get_or_insert_with(|| (color, PathBuilder::new()));
        // Every triangle wound the same way, so overlaps add up under the non-zero rule.
        let [a, b, c] = [v[0].pos, v[1].pos, v[2].pos];
        let (b, c) = if (b - a).x * (c - a).y - (b - a).y * (c - a).x < 0.0 {
            (c, b)
        } else {
            (b, c)
        };
        path.move_to(a.x, a.y);
        path.line_to(b.x, b.y);
        path.line_to(c.x, c.y);
        path.close();
    }
    fill_path(surface, current);
}

fn fill_path(surface: &mut Surface<'_>, path: Option<(Color32, PathBuilder)>) {
    let Some((color, builder)) = path else { return };
    let Some(path) = builder.finish() else { return };
    surface.set_stroke(None);
    surface.set_fill(Some(fill(color)));
    surface.draw_path(&path);
}

/// A krilla fill of an egui (premultiplied) colour.
fn fill(color: Color32) -> Fill {
    let [r, g, b, a] = color.to_srgba_unmultiplied();
    Fill {
        paint: rgb::Color::new(r, g, b).into(),
        opacity: NormalizedF32::new(f32::from(a) / 255.0).unwrap_or(NormalizedF32::ONE),
        rule: FillRule::NonZero,
    }
}

/// A rectangle as a path; `None` when it is empty.
fn rect_path(rect: Rect) -> Option<krilla::geom::Path> {
    let r = krilla::geom::Rect::from_ltrb(rect.left(), rect.top(), rect.right(), rect.bottom())?;
    let mut b = PathBuilder::new();
    b.push_rect(r);
    b.finish()
}

fn translate_mesh(mesh: &Mesh, by: Vec2) -> Mesh {
    let mut out = mesh.clone();
    for v in &mut out.vertices {
        v.pos += by;
    }
    out
}

fn bounds(mesh: &Mesh, f: impl Fn(&egui::epaint::Vertex) -> Pos2) -> Option<Rect> {
    let mut points = mesh.vertices.iter().map(f);
    let first = points.next()?;
    Some(points.fold(Rect::from_min_max(first, first), |r, p| {
        r.union(Rect::from_min_max(p, p))
    }))
}

fn bytes(range: &std::ops::Range<egui::epaint::text::ByteIndex>) -> std::ops::Range<usize> {
    range.start.0..range.end.0
}

/// The size (canvas pixels) of the whole image an image mesh shows part of.
pub fn shown_size(mesh: &Mesh) -> Option<Vec2> {
    let dest = bounds(mesh, |v| v.pos)?;
    let uv = bounds(mesh, |v| v.uv)?;
    (uv.width() > 0.0 && uv.height() > 0.0 && dest.is_positive())
        .then(|| Vec2::new(dest.width() / uv.width(), dest.height() / uv.height()))
}

/// Rectangles (canvas pixels) of underlined text runs — links, as the renderer draws them —
/// with their text, in painting order.
pub fn underlined_runs(shapes: &[ClippedShape]) -> Vec<(String, Vec<Rect>)> {
    let mut out = Vec::new();
    for clipped in shapes {
        let Shape::Text(text) = &clipped.shape else {
            continue;
        };
        if text.override_text_color.is_some() {
            continue;
        }
        let job = &text.galley.job;
        let mut runs: Vec<(String, std::ops::Range<usize>)> = Vec::new();
        for section in &job.sections {
            if section.format.underline.width <= 0.0 {
                continue;
            }
            let range = bytes(&section.byte_range);
            let piece = job.text.get(range.clone()).unwrap_or_default();
            match runs.last_mut() {
                Some((t, r)) if r.end == range.start => {
                    t.push_str(piece);
                    r.end = range.end;
                }
                _ => runs.push((piece.to_string(), range)),
            }
        }
        for (run_text, range) in runs {
            out.push((run_text, glyph_rects(text, range)));
        }
    }
    out
}

/// One rectangle per row of the glyphs whose characters lie in `range` (bytes of the job text).
fn glyph_rects(text: &TextShape, range: std::ops::Range<usize>) -> Vec<Rect> {
    let galley = &text.galley;
    let bytes: Vec<usize> = galley.job.text.char_indices().map(|(b, _)| b).collect();
    let mut rects = Vec::new();
    let mut index = 0;
    for placed in &galley.rows {
        let mut row_rect = Rect::NOTHING;
        for glyph in &placed.row.glyphs {
            if bytes.get(index).is_some_and(|b| range.contains(b)) {
                let r = glyph
                    .logical_rect()
                    .translate(text.pos.to_vec2() + placed.pos.to_vec2());
                row_rect = row_rect.union(r);
            }
            index += 1;
        }
        if placed.ends_with_newline {
            index += 1;
        }
        if row_rect.is_positive() {
            rects.push(row_rect);
        }
    }
    rects
}
