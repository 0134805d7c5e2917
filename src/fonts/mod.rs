//! Fonts for egui: the faces [`discover`] chose, installed so Hangul, Kana and Han render in
//! titles, body, notes and code, with a named bold family so `**bold**` is bold.
//!
//! Owns the egui font setup. Choosing faces is [`discover`]'s job; this only loads them.

pub mod discover;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use egui::{FontData, FontDefinitions, FontFamily};

use discover::{Face, FaceSource, FontPlan};

/// The family name of bold text.
pub const BOLD: &str = "ltdeck-bold";

/// The bold font family.
pub fn bold_family() -> FontFamily {
    FontFamily::Name(BOLD.into())
}

/// A font file's bytes for the life of the program, mapped rather than read: only the pages of
/// the tables and glyphs drawn become resident. A Hangul face is 4 MB of which a talk draws a few
/// hundred glyphs; read whole, the five faces of a Korean deck held 12 MB of heap. Each file is
/// mapped once (fonts are installed again when the deck is reloaded).
pub fn file_bytes(path: &Path) -> std::io::Result<&'static [u8]> {
    static MAPPED: Mutex<BTreeMap<PathBuf, &'static [u8]>> = Mutex::new(BTreeMap::new());
    let mut mapped = MAPPED.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(bytes) = mapped.get(path) {
        return Ok(bytes);
    }
    let file = std::fs::File::open(path)?;
    // A font file written over in place while mapped would change under the reader, as it
    // would under FreeType, which maps font files the same way; packages and font managers put
    // a new file in its place, which leaves the mapped one as it was.
    // SAFETY: the map is only read, and stays for the life of the program.
    let map = unsafe { memmap2::Mmap::map(&file)? };
    let bytes: &'static [u8] = &Box::leak(Box::new(map))[..];
    mapped.insert(path.to_path_buf(), bytes);
    Ok(bytes)
}

/// Builds egui font definitions from a plan. Faces that fail to load are skipped (and
/// returned by name, so the console can say so); egui's own fonts stay as the last fallback,
/// which keeps emoji working.
pub fn definitions(plan: &FontPlan) -> (FontDefinitions, Vec<String>) {
    let mut defs = FontDefinitions::default();
    let mut failed = Vec::new();
    let mut load = |name: &str, face: &Option<Face>| -> Option<String> {
        let face = face.as_ref()?;
        let mut data = match &face.source {
            // Built in: no copy, no read.
            FaceSource::Bundled(bytes) => FontData::from_static(bytes),
            FaceSource::File(path) => match file_bytes(path) {
                Ok(bytes) => FontData::from_static(bytes),
                Err(e) => {
                    failed.push(format!("{}: {e}", path.display()));
                    return None;
                }
            },
        };
        data.index = face.index;
        defs.font_data.insert(name.to_string(), Arc::new(data));
        Some(name.to_string())
    };
    let user = load("user", &plan.user);
    let latin = load("latin", &plan.latin);
    let latin_bold = load("latin-bold", &plan.latin_bold);
    let hangul = load("hangul", &plan.hangul);
    let hangul_bold = load("hangul-bold", &plan.hangul_bold);
    let kana = load("kana", &plan.kana);
    let han = load("han", &plan.han);
    let mono_hangul = load("mono-hangul", &plan.mono_hangul);
    let emoji = load("emoji", &plan.emoji);

    let builtin_prop = defs
        .families
        .get(&FontFamily::Proportional)
        .cloned()
        .unwrap_or_default();
    let builtin_mono = defs
        .families
        .get(&FontFamily::Monospace)
        .cloned()
        .unwrap_or_default();
    let cjk: Vec<String> = if plan.korean_first {
        [hangul.clone(), kana.clone(), han.clone()]
            .into_iter()
            .flatten()
            .collect()
    } else {
        [kana.clone(), han.clone(), hangul.clone()]
            .into_iter()
            .flatten()
            .collect()
    };
    let regular_first: Vec<String> = if plan.korean_first {
        [user.clone(), hangul.clone(), latin.clone()]
            .into_iter()
            .flatten()
            .collect()
    } else {
        [user.clone(), latin.clone()]
            .into_iter()
            .flatten()
            .collect()
    };
    let bold_first: Vec<String> = if plan.korean_first {
        vec![hangul_bold, latin_bold, user, hangul, latin]
    } else {
        vec![latin_bold, hangul_bold, user, latin]
    }
    .into_iter()
    .flatten()
    .collect();

    let chain = |first: Vec<String>, rest: &[String]| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for name in first
            .into_iter()
            .chain(cjk.iter().cloned())
            .chain(rest.iter().cloned())
        {
            if !out.contains(&name) {
                out.push(name);
            }
        }
        out
    };
    // egui's own emoji go before the system's: they are drawn for it; the system face fills gaps.
    let builtin_prop: Vec<String> = builtin_prop.into_iter().chain(emoji).collect();
    let proportional = chain(regular_first, &builtin_prop);
    let bold = chain(bold_first, &builtin_prop);
    let mono_first: Vec<String> = builtin_mono
        .iter()
        .take(1)
        .cloned()
        .chain(mono_hangul)
        .collect();
    let monospace = chain(mono_first, &builtin_mono);
    defs.families.insert(FontFamily::Proportional, proportional);
    defs.families.insert(FontFamily::Monospace, monospace);
    defs.families.insert(bold_family(), bold);
    whole_pixel_glyphs(&mut defs);
    (defs, failed)
}

/// Every face draws each glyph at whole pixels (egui's sub-pixel binning off). Binning keeps up to
/// four bitmaps of every Latin glyph at every size, one for each quarter pixel it may start at;
/// slides have large text at three sizes (projector and both previews), so that was a third of
/// the glyph atlas (16,384 px wide; held by egui and again by the driver). At slide sizes a
/// quarter pixel of spacing is not visible, and whole-pixel glyphs are the sharper ones. Hangul,
/// Kana and Han are drawn at whole pixels by egui anyway.
fn whole_pixel_glyphs(defs: &mut FontDefinitions) {
    for data in defs.font_data.values_mut() {
        Arc::make_mut(data).tweak.subpixel_binning = Some(false);
    }
}

/// The largest texture side egui is told of, which is also how wide egui makes its glyph atlas:
/// as wide as the widest screen, in a power of two, at least 2,048 (egui's own default), never
/// above what the GPU takes.
///
/// egui starts its atlas over only when 80 % of a square as wide as it is full. Told the GPU's
/// limit (16,384 under Mesa) it never did: every glyph at every size stayed, in rows as tall as
/// their tallest glyph, and on a 32-slide Korean deck the atlas grew to 16,384×1,024 (67 MB, held
/// by egui and again by the driver). At 2,048 it is at most 2,048×2,048 (17 MB) and starts over
/// when 1,638 rows are full, twice in that deck. One frame's new glyphs took at most 326 of the
/// 410 rows left (a dense slide in both previews); a frame that takes more is drawn again at
/// once ([`redraw_if_atlas_overflowed`]). A 4K screen's glyphs have four times the area, and so
/// has its atlas. Every texture ltdeck makes fits: photos are fitted to 1920×1200, PDF pages are
/// clamped to this side (see [`crate::pages`]).
pub fn texture_side(screens: impl IntoIterator<Item = [u32; 2]>, gpu: usize) -> usize {
    let widest = screens
        .into_iter()
        .map(|[w, h]| w.max(h) as usize)
        .max()
        .unwrap_or(0);
    widest.max(2048).next_power_of_two().min(gpu)
}

/// After a pass that filled the glyph atlas (more new glyphs than its free part holds, which
/// egui then draws over glyphs already placed), asks every window for a frame: egui starts the
/// atlas over at the next pass, which draws them right.
pub fn redraw_if_atlas_overflowed(ctx: &egui::Context, windows: &[egui::ViewportId]) {
    if ctx.fonts(|f| f.font_atlas_fill_ratio()) >= 1.0 {
        for id in windows {
            crate::images::repaint_once(ctx, *id);
        }
    }
}

/// Installs the plan's fonts into an egui context.
pub fn install(ctx: &egui::Context, plan: &FontPlan) -> Vec<String> {
    let (defs, failed) = definitions(plan);
    ctx.set_fonts(defs);
    failed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_font_file_is_mapped_once_and_reads_as_its_bytes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("face.ttf");
        let bytes: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes).expect("write");
        let first = file_bytes(&path).expect("maps");
        assert_eq!(first, &bytes[..]);
        let again = file_bytes(&path).expect("maps");
        assert!(std::ptr::eq(first, again), "mapped anew");
        assert!(file_bytes(&dir.path().join("missing.ttf")).is_err());
    }

    /// Pixels with any ink in the atlas after laying out `text` in a fresh context.
    fn atlas_ink(defs: &FontDefinitions, text: &str) -> usize {
        let ctx = egui::Context::default();
        ctx.set_fonts(defs.clone());
        let mut ink = 0;
        for _ in 0..2 {
            let mut out = ctx.run_ui(Default::default(), |ui| {
                // An advance that is not a whole pixel puts the glyphs at every quarter pixel.
                ui.label(egui::RichText::new(text).size(37.3));
                ink = ui
                    .ctx()
                    .fonts(|f| f.image().pixels.iter().filter(|p| p.a() > 0).count());
            });
            out.textures_delta.clear();
        }
        ink
    }

    #[test]
    fn egui_is_told_textures_as_large_as_the_largest_screen() {
        let gpu = 16_384;
        assert_eq!(texture_side([[1920, 1080]], gpu), 2048);
        assert_eq!(texture_side([[1280, 800], [1920, 1200]], gpu), 2048);
        // A 4K projector's slides have glyphs four times the area: the atlas grows with it, and
        // a page shown on it fits.
        assert_eq!(texture_side([[1920, 1080], [3840, 2160]], gpu), 4096);
        assert_eq!(texture_side([[2560, 1440]], gpu), 4096);
        assert_eq!(
            texture_side([[1080, 1920]], gpu),
            2048,
            "a screen on its side"
        );
        assert_eq!(texture_side([], gpu), 2048, "no screens known yet");
        assert_eq!(
            texture_side([[3840, 2160]], 2048),
            2048,
            "never above the GPU's"
        );
    }

    /// Lays out the alphabet at `sizes` in one pass of `ctx`, told textures of `side`; returns
    /// the atlas's size after it.
    fn lay_out_sizes(ctx: &egui::Context, side: usize, sizes: std::ops::Range<u16>) -> [usize; 2] {
        let input = egui::RawInput {
            max_texture_side: Some(side),
            ..Default::default()
        };
        let mut out = ctx.run_ui(input, |ui| {
            for size in sizes.clone() {
                ui.label(
                    egui::RichText::new("abcdefghijklmnopqrstuvwxyz0123456789")
                        .size(f32::from(size)),
                );
            }
        });
        out.textures_delta.clear();
        ctx.fonts(|f| f.font_image_size())
    }

    #[test]
    fn the_glyph_atlas_starts_over_at_the_side_egui_is_told() {
        // A talk shows text at ever new sizes and characters: here, the alphabet one size larger
        // each frame, as a deck of new Hangul each slide does.
        let atlas_over_a_talk = |side: usize| {
            let ctx = egui::Context::default();
            (10..120)
                .map(|size| lay_out_sizes(&ctx, side, size..size + 1))
                .collect::<Vec<_>>()
        };
        let bounded = atlas_over_a_talk(texture_side([[1920, 1080]], 16_384));
        assert!(
            bounded.iter().all(|&[w, h]| w == 2048 && h <= 2048),
            "{bounded:?}"
        );
        assert!(
            bounded.windows(2).any(|w| w[1][1] < w[0][1]),
            "the atlas never started over: {bounded:?}"
        );
        // Told the GPU's limit, the same frames only ever add to it.
        let gpu = atlas_over_a_talk(16_384);
        let [w, h] = gpu[gpu.len() - 1];
        assert!(w * h > 2048 * 2048, "{w}×{h}");
        assert!(gpu.windows(2).all(|w| w[1][1] >= w[0][1]));
    }

    #[test]
    fn a_frame_that_overfills_the_glyph_atlas_is_drawn_again() {
        let ctx = egui::Context::default();
        let root = egui::ViewportId::ROOT;
        for _ in 0..3 {
            lay_out_sizes(&ctx, 1024, 10..11);
        }
        assert!(!ctx.has_requested_repaint(), "settled");
        // More new glyphs than a 1024×1024 atlas (egui's smallest) holds, in one frame.
        lay_out_sizes(&ctx, 1024, 10..80);
        assert!(
            ctx.fonts(|f| f.font_atlas_fill_ratio()) >= 1.0,
            "overfilled"
        );
        let asked = ctx.has_requested_repaint();
        redraw_if_atlas_overflowed(&ctx, &[root]);
        assert!(!asked && ctx.has_requested_repaint());
        // The next frame starts the atlas over and draws every glyph into it.
        lay_out_sizes(&ctx, 1024, 10..11);
        assert!(ctx.fonts(|f| f.font_atlas_fill_ratio()) < 0.8);
    }

    #[test]
    fn a_glyph_repeated_along_a_line_is_drawn_once_into_the_atlas() {
        let plan = discover::plan_from(&fontdb::Database::new(), None, "naïve", None);
        let (defs, failed) = definitions(&plan);
        assert!(failed.is_empty(), "{failed:?}");
        let one = atlas_ink(&defs, "n");
        let many = atlas_ink(&defs, "nnnnnnnnnnnnnnnn");
        assert!(one > 100, "the glyph was drawn: {one}");
        assert_eq!(one, many, "one bitmap of 'n', wherever it starts");

        // The same line with egui's default of four bitmaps a glyph takes more: the test can fail.
        let mut binned = defs.clone();
        for data in binned.font_data.values_mut() {
            Arc::make_mut(data).tweak.subpixel_binning = None;
        }
        assert!(atlas_ink(&binned, "nnnnnnnnnnnnnnnn") > one);
    }
}
