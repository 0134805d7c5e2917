//! SVG images (logos and diagrams in Marp, reveal.js and Slidev decks): read with `usvg`,
//! rasterised with `resvg` on the image threads, at the size they are drawn.
//!
//! Owns turning an SVG file into its size and pixels; no egui, no threads of its own. Text in
//! an SVG is drawn with the system's fonts, read once for the process.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use image::RgbaImage;
use resvg::usvg;

/// The largest side an SVG is rasterised at, whatever it is asked for.
const MAX_SIDE: u32 = 8192;

/// Whether `path` names an SVG (`.svg`, `.svgz`), or its first bytes are SVG markup.
pub fn is_svg(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if matches!(ext.as_str(), "svg" | "svgz") {
        return true;
    }
    // Only a regular file is sniffed: opening a pipe would wait for a writer.
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let mut head = [0u8; 256];
    let n = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    let text = String::from_utf8_lossy(&head[..n]);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.starts_with("<svg") || (text.starts_with("<?xml") && text.contains("<svg"))
}

/// Faces that stand in for `sans-serif`, `serif` and `monospace`, best first; the bundled
/// Hangul face is the last resort (a machine with no fonts still draws an SVG's text).
const SANS: &[&str] = &[
    "Noto Sans",
    "DejaVu Sans",
    "Liberation Sans",
    "Arial",
    "Helvetica",
    "Nimbus Sans",
    "Noto Sans CJK KR",
    "NanumGothic",
    crate::fonts::discover::BUNDLED_HANGUL,
];
const SERIF: &[&str] = &[
    "Noto Serif",
    "DejaVu Serif",
    "Liberation Serif",
    "Times New Roman",
    "Nimbus Roman",
];
const MONO: &[&str] = &[
    "Noto Sans Mono",
    "DejaVu Sans Mono",
    "Liberation Mono",
    "Courier New",
    "Nimbus Mono PS",
];

/// The system's fonts for text in SVGs, loaded once (mapped, not read), with the generic
/// families set to faces that are installed (fontdb's own defaults name Windows fonts).
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_system_fonts();
            for bold in [false, true] {
                db.load_font_data(crate::fonts::discover::bundled_hangul_bytes(bold).to_vec());
            }
            let installed = |names: &[&str]| {
                names
                    .iter()
                    .find(|name| {
                        db.faces()
                            .any(|f| f.families.iter().any(|(fam, _)| fam == *name))
                    })
                    .map(|name| name.to_string())
            };
            let sans = installed(SANS);
            let serif = installed(SERIF).or_else(|| sans.clone());
            let mono = installed(MONO).or_else(|| sans.clone());
            if let Some(f) = sans {
                db.set_sans_serif_family(f);
            }
            if let Some(f) = serif {
                db.set_serif_family(f);
            }
            if let Some(f) = mono {
                db.set_monospace_family(f);
            }
            Arc::new(db)
        })
        .clone()
}

/// The parsed picture; relative references (`<image href="x.png">`) resolve beside the file.
/// Export draws it into the PDF as vectors.
pub fn tree(path: &Path) -> Result<usvg::Tree, String> {
    let data = std::fs::read(path).map_err(|e| e.to_string())?;
    if data.is_empty() {
        return Err("the file is empty".into());
    }
    let options = usvg::Options {
        resources_dir: path.parent().map(Path::to_path_buf),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_data(&data, &options).map_err(|e| format!("not a readable SVG: {e}"))
}

/// The SVG's own size in pixels (its `width`/`height`, or its `viewBox`).
pub fn size(path: &Path) -> Result<[u32; 2], String> {
    let size = tree(path)?.size();
    Ok([
        (size.width().ceil() as u32).max(1),
        (size.height().ceil() as u32).max(1),
    ])
}

/// The picture rasterised as large as fits `max` (straight RGBA): drawn from its vectors at the
/// size shown, never an enlarged bitmap. Also returns its own size.
pub fn rasterize(path: &Path, max: [u32; 2]) -> Result<(RgbaImage, [u32; 2]), String> {
    let tree = tree(path)?;
    let size = tree.size();
    let (w, h) = (size.width().max(1.0), size.height().max(1.0));
    let bound = [max[0].clamp(1, MAX_SIDE), max[1].clamp(1, MAX_SIDE)];
    let scale = (bound[0] as f32 / w).min(bound[1] as f32 / h);
    let to = [
        ((w * scale).round() as u32).clamp(1, MAX_SIDE),
        ((h * scale).round() as u32).clamp(1, MAX_SIDE),
    ];
    let mut pixmap = resvg::tiny_skia::Pixmap::new(to[0], to[1])
        .ok_or_else(|| format!("cannot draw it at {}×{}", to[0], to[1]))?;
    let transform = resvg::tiny_skia::Transform::from_scale(to[0] as f32 / w, to[1] as f32 / h);
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    // tiny-skia keeps premultiplied alpha; the rest of ltdeck takes it straight.
    let rgba: Vec<u8> = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    let image = RgbaImage::from_raw(to[0], to[1], rgba)
        .ok_or_else(|| "the drawn picture has the wrong size".to_string())?;
    Ok((image, [w.ceil() as u32, h.ceil() as u32]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50" viewBox="0 0 100 50">
  <rect width="100" height="50" fill="#ff0000"/>
  <circle cx="50" cy="25" r="20" fill="#0000ff"/>
</svg>"##;

    fn logo(dir: &Path, name: &str) -> std::path::PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, LOGO).expect("written");
        path
    }

    #[test]
    fn an_svg_is_drawn_from_its_vectors_at_the_size_asked() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = logo(dir.path(), "logo.svg");
        assert!(is_svg(&path));
        assert_eq!(size(&path), Ok([100, 50]));
        // Asked for a screen: drawn at 1920 wide, not the 100 px it declares, and sharp: the
        // circle's edge is one or two pixels of blend, not a blurred ramp.
        let (img, own) = rasterize(&path, [1920, 1200]).expect("drawn");
        assert_eq!((img.dimensions(), own), ((1920, 960), [100, 50]));
        assert_eq!(img.get_pixel(10, 10).0, [255, 0, 0, 255]);
        assert_eq!(img.get_pixel(960, 480).0, [0, 0, 255, 255]);
        let row: Vec<[u8; 4]> = (600..1000).map(|x| img.get_pixel(x, 480).0).collect();
        let blended = row
            .iter()
            .filter(|p| **p != [255, 0, 0, 255] && **p != [0, 0, 255, 255])
            .count();
        assert!(blended <= 3, "{blended} blended pixels across the edge");
    }

    #[test]
    fn text_in_an_svg_is_drawn_with_an_installed_or_the_bundled_face() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("words.svg");
        std::fs::write(
            &path,
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 50"><rect width="200" height="50"/>
            <text x="10" y="38" font-family="sans-serif" font-size="32" fill="white">PyCon 한국</text></svg>"#,
        )
        .expect("written");
        let (img, _) = rasterize(&path, [400, 100]).expect("drawn");
        let lit = img.pixels().filter(|p| p.0[0] > 200).count();
        assert!(lit > 500, "the text drew {lit} light pixels");
    }

    #[test]
    fn svg_markup_is_found_by_its_bytes_and_a_broken_one_says_why() {
        let dir = tempfile::tempdir().expect("tempdir");
        let renamed = logo(dir.path(), "logo.img");
        assert!(is_svg(&renamed));
        let broken = dir.path().join("broken.svg");
        std::fs::write(&broken, "<svg><g>").expect("written");
        let err = rasterize(&broken, [100, 100]).expect_err("broken");
        assert!(err.contains("not a readable SVG"), "{err}");
        let png = dir.path().join("x.png");
        std::fs::write(&png, [0x89, b'P', b'N', b'G']).expect("written");
        assert!(!is_svg(&png));
    }
}
