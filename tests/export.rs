//! `ltdeck export`: pages per mode, real text read back by poppler, embedded fonts, notes as
//! text annotations (read back by a PDF parser through the incremental update), the handout,
//! no overwriting, placeholders for broken images, PNG pictures, photo sizes, and page 1 compared
//! with the screen renderer's snapshot of the same slide.
//!
//! The poppler tools (`pdftotext`, `pdffonts`, `pdfimages`, `pdfinfo`) come from poppler-utils;
//! a machine without them skips those checks unless `LTDECK_REQUIRE_POPPLER=1` (set by `.ci/run`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use hayro::hayro_syntax::Pdf;
use hayro::hayro_syntax::object::{Array, Dict, Name};

use ltdeck::deck::{self, Deck};
use ltdeck::export::{self, Options};

mod common;

fn sample(name: &str) -> Deck {
    deck::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join(name)).expect("sample deck loads")
}

/// The faces of a machine with no fonts at all (ltdeck's bundled Hangul and egui's own), as the
/// snapshot tests use.
fn bare_fonts(deck: &Deck) -> ltdeck::fonts::discover::FontPlan {
    ltdeck::fonts::discover::plan_from(
        &fontdb::Database::new(),
        deck.meta.lang.as_deref(),
        &ltdeck::check::deck_text(deck),
        None,
    )
}

fn export(deck: &Deck, options: &Options) -> Vec<u8> {
    let out = export::pdf_with_fonts(deck, options, &bare_fonts(deck));
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    out.pdf
}

fn page_count(pdf: &[u8]) -> usize {
    Pdf::new(pdf.to_vec())
        .expect("the PDF parses")
        .pages()
        .len()
}

fn ltdeck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ltdeck"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        // Export needs no display: none is given.
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("run ltdeck")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Whether poppler's tools are here; a skip says so, and CI makes it a failure.
fn have_poppler() -> bool {
    common::have_pdf_tool("pdftotext", "-v", "poppler-utils")
}

fn write_temp(pdf: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("out.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    (dir, path)
}

fn pdftotext(path: &Path, page: usize) -> String {
    let out = Command::new("pdftotext")
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

/// Asserts that `words` appear in `got` in this order.
fn in_order(got: &str, words: &[&str]) {
    let mut at = 0;
    for w in words {
        match got[at..].find(w) {
            Some(i) => at += i + w.len(),
            None => panic!("{w:?} missing (or out of order) in {got:?}"),
        }
    }
}

#[test]
fn a_page_per_slide_per_step_or_per_handout_page() {
    let deck = sample("decks/welcome.md");
    let slides = deck.slides.len();
    let steps: usize = deck.slides.iter().map(|s| s.steps.max(1)).sum();
    assert!(steps > slides, "the sample deck has reveal steps");
    assert_eq!(page_count(&export(&deck, &Options::default())), slides);
    let by_step = Options {
        steps: true,
        ..Options::default()
    };
    assert_eq!(page_count(&export(&deck, &by_step)), steps);
    let handout = Options {
        handout: true,
        ..Options::default()
    };
    let pdf = Pdf::new(export(&deck, &handout)).expect("parses");
    assert_eq!(pdf.pages().len(), slides);
    // A4 portrait.
    let (w, h) = pdf.pages()[0].base_dimensions();
    assert!(
        (w - 595.0).abs() < 1.0 && (h - 842.0).abs() < 1.0,
        "{w}×{h}"
    );
}

#[test]
fn korean_and_english_slides_read_back_as_text() {
    if !have_poppler() {
        return;
    }
    let korean = sample("decks/pycon-korea.md");
    let (_dir, path) = write_temp(&export(&korean, &Options::default()));
    in_order(
        &pdftotext(&path, 2),
        &[
            "발표자 소개",
            "백엔드 개발자 7년 차",
            "파이썬으로 결제 시스템 운영",
        ],
    );
    // Code keeps its characters (Hangul identifiers in a monospace face).
    in_order(
        &pdftotext(&path, 5),
        &[
            "def 환불(주문_id: int",
            "-> 영수증:",
            "읽는 사람에게는 문서",
        ],
    );
    let english = sample("decks/welcome.md");
    let (_dir2, path2) = write_temp(&export(&english, &Options::default()));
    let page = pdftotext(&path2, 2);
    assert!(page.contains("Five minutes."), "{page}");
}

#[test]
fn every_font_is_embedded_as_a_subset() {
    if !have_poppler() {
        return;
    }
    let deck = sample("decks/pycon-korea.md");
    let (_dir, path) = write_temp(&export(&deck, &Options::default()));
    let out = Command::new("pdffonts")
        .arg(&path)
        .output()
        .expect("pdffonts");
    let listing = text(&out.stdout);
    let rows: Vec<&str> = listing.lines().skip(2).collect();
    assert!(rows.len() >= 2, "{listing}");
    for row in rows {
        // name type encoding emb sub uni: a subset's name starts with six letters and '+'.
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{row}");
        assert_eq!(cols[0].find('+'), Some(6), "{row}");
    }
}

#[test]
fn ligatures_and_kerning_read_back_as_the_letters_written() {
    if !have_poppler() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("deck.md");
    let line = "The official affluent waffle: AVATAR, Type, Wave — ﬁne print, 한글 ﬃ";
    std::fs::write(&path, format!("# Office efficiency\n\n{line}\n")).unwrap();
    let deck = deck::load(&path).unwrap();
    let (_d, pdf) = write_temp(&export(&deck, &Options::default()));
    let got = pdftotext(&pdf, 1);
    assert!(got.contains("Office efficiency"), "{got}");
    // Letters shaped into one glyph (fi, ffl) come back as the letters.
    let plain: String = got.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        plain.contains("The official affluent waffle: AVATAR, Type, Wave"),
        "{plain}"
    );
}

#[test]
fn an_animation_exports_its_first_frame() {
    use image::codecs::gif::{GifEncoder, Repeat};
    use image::{Delay, Frame, Rgba, RgbaImage};
    let dir = tempfile::tempdir().expect("tempdir");
    let gif = dir.path().join("meme.gif");
    {
        let file = std::fs::File::create(&gif).unwrap();
        let mut enc = GifEncoder::new(file);
        enc.set_repeat(Repeat::Infinite).unwrap();
        for color in [[220, 30, 30, 255], [30, 30, 220, 255]] {
            let img = RgbaImage::from_pixel(160, 90, Rgba(color));
            enc.encode_frame(Frame::from_parts(
                img,
                0,
                0,
                Delay::from_numer_denom_ms(100, 1),
            ))
            .unwrap();
        }
    }
    let path = dir.path().join("deck.md");
    std::fs::write(&path, "![bg](meme.gif)\n").unwrap();
    let deck = deck::load(&path).unwrap();
    let pdf = export(&deck, &Options::default());
    let png = export::png_pages(&pdf, 480).unwrap();
    let page = image::load_from_memory(&png[0]).unwrap().to_rgb8();
    let p = page.get_pixel(240, 135);
    assert!(
        p[0] > 180 && p[2] < 80,
        "the first (red) frame, not the second: {p:?}"
    );
}

/// Each page's text annotations' contents, read through the PDF's cross-reference chain.
fn annotation_notes(pdf: &[u8]) -> Vec<Vec<String>> {
    let pdf = Pdf::new(pdf.to_vec()).expect("parses");
    pdf.pages()
        .iter()
        .map(|page| {
            let Some(annots) = page.raw().get::<Array>("Annots") else {
                return Vec::new();
            };
            annots
                .iter::<Dict>()
                .filter(|a| {
                    a.get::<Name>("Subtype")
                        .is_some_and(|n| n.as_str() == "Text")
                })
                .filter_map(|a| a.get::<hayro::hayro_syntax::object::String>("Contents"))
                .map(|s| utf16(s.as_bytes()))
                .collect()
        })
        .collect()
}

fn utf16(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .strip_prefix(&[0xFE, 0xFF])
        .unwrap_or(bytes)
        .chunks_exact(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16_lossy(&units)
}

#[test]
fn speaker_notes_are_text_annotations_on_their_pages() {
    let deck = sample("decks/pycon-korea.md");
    let notes = annotation_notes(&export(&deck, &Options::default()));
    assert_eq!(notes.len(), deck.slides.len());
    for (slide, got) in deck.slides.iter().zip(&notes) {
        let want = slide.notes_markdown();
        if want.trim().is_empty() {
            assert!(got.is_empty(), "slide {}: {got:?}", slide.index + 1);
        } else {
            assert_eq!(got, &[want.trim().to_string()], "slide {}", slide.index + 1);
        }
    }
    // With --steps every page of a slide carries its notes.
    let steps = Options {
        steps: true,
        ..Options::default()
    };
    let deck = sample("decks/welcome.md");
    let pages = export::pages(&deck, true);
    let notes = annotation_notes(&export(&deck, &steps));
    for (page, got) in pages.iter().zip(&notes) {
        let has = !deck.slides[page.slide].notes_markdown().trim().is_empty();
        assert_eq!(got.len(), usize::from(has), "{page:?}");
    }
}

#[test]
fn the_handout_holds_the_notes_as_text() {
    if !have_poppler() {
        return;
    }
    let deck = sample("decks/pycon-korea.md");
    let handout = Options {
        handout: true,
        ..Options::default()
    };
    let (_dir, path) = write_temp(&export(&deck, &handout));
    let page = pdftotext(&path, 2);
    in_order(
        &page,
        &["발표자 소개", "결제 시스템을 파이썬으로 운영하고", "2 / 10"],
    );
    let page = pdftotext(&path, 1);
    assert!(
        page.contains("타입 힌트, 5분이면 충분합니다 · 2026"),
        "{page}"
    );
}

#[test]
fn metadata_outline_and_page_labels() {
    let deck = sample("decks/pycon-korea.md");
    let pdf = export(&deck, &Options::default());
    let body = String::from_utf8_lossy(&pdf);
    // Page labels: one numbering range per page, each starting at its slide number.
    assert_eq!(
        body.matches("/S/D/St ").count(),
        deck.slides.len(),
        "page labels"
    );
    assert!(body.contains("/Outlines"), "an outline");
    if have_poppler() {
        let (_dir, path) = write_temp(&pdf);
        let out = Command::new("pdfinfo")
            .arg(&path)
            .output()
            .expect("pdfinfo");
        let info = text(&out.stdout);
        assert!(info.contains("타입 힌트, 5분이면 충분합니다"), "{info}");
        assert!(info.contains("김파이"), "{info}");
        assert!(info.contains("Pages:           10"), "{info}");
    }
}

#[test]
fn links_are_clickable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("deck.md");
    std::fs::write(
        &path,
        "# Links\n\nSee [the schedule](https://2026.pycon.kr/schedule) today.\n",
    )
    .unwrap();
    let deck = deck::load(&path).unwrap();
    let pdf = Pdf::new(export(&deck, &Options::default())).unwrap();
    let page = &pdf.pages()[0];
    let annots = page.raw().get::<Array>("Annots").expect("annotations");
    let links: Vec<Dict> = annots
        .iter::<Dict>()
        .filter(|a| {
            a.get::<Name>("Subtype")
                .is_some_and(|n| n.as_str() == "Link")
        })
        .collect();
    assert_eq!(links.len(), 1);
    let action = links[0].get::<Dict>("A").expect("an action");
    let uri = action
        .get::<hayro::hayro_syntax::object::String>("URI")
        .expect("a URI");
    assert_eq!(uri.as_bytes(), b"https://2026.pycon.kr/schedule");
    let rect = links[0]
        .get::<hayro::hayro_syntax::object::Rect>("Rect")
        .expect("rect");
    // On the text line, not the whole page.
    assert!(rect.width() > 40.0 && rect.width() < 400.0, "{rect:?}");
    assert!(rect.height() > 5.0 && rect.height() < 80.0, "{rect:?}");
}

#[test]
fn export_never_overwrites_without_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("talk.pdf");
    std::fs::write(&out, b"the speaker's own file").unwrap();
    let o = out.to_str().unwrap();
    let run = ltdeck(&["export", "decks/pycon-korea.md", "-o", o]);
    assert_eq!(run.status.code(), Some(1), "{}", text(&run.stderr));
    assert!(
        text(&run.stderr).contains("--force"),
        "{}",
        text(&run.stderr)
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"the speaker's own file");
    let run = ltdeck(&["export", "decks/pycon-korea.md", "-o", o, "--force"]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    assert!(
        text(&run.stderr).contains("10 pages"),
        "{}",
        text(&run.stderr)
    );
    assert_eq!(page_count(&std::fs::read(&out).unwrap()), 10);
    // Nothing is left beside it (the write went through a temporary file and a rename).
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1);
}

#[test]
fn a_missing_image_is_a_placeholder_and_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let deck = dir.path().join("deck.md");
    std::fs::write(
        &deck,
        "# One\n\n![](gone.png)\n\n---\n\n![bg](broken.jpg)\n\n# Two\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("broken.jpg"),
        b"\xff\xd8\xff not really a jpeg",
    )
    .unwrap();
    let run = ltdeck(&["export", deck.to_str().unwrap()]);
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("gone.png") && stderr.contains("placeholder"),
        "{stderr}"
    );
    assert!(stderr.contains("broken.jpg"), "{stderr}");
    let pdf = std::fs::read(dir.path().join("deck.pdf")).expect("DECK.pdf beside the deck");
    assert_eq!(page_count(&pdf), 2);
}

#[test]
fn png_pictures_one_per_page_at_the_projector_size() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("pictures");
    let run = ltdeck(&[
        "export",
        "decks/pycon-korea.md",
        "--png",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, export::png_names(10));
    assert_eq!(names[0], "01.png");
    let first = image::open(out.join("01.png")).expect("a PNG");
    assert_eq!((first.width(), first.height()), (1920, 1080));
    // A dark theme's title slide over a night photo: the picture is not blank.
    let rgb = first.to_rgb8();
    let distinct: std::collections::HashSet<_> = rgb.pixels().step_by(97).collect();
    assert!(distinct.len() > 50, "{}", distinct.len());
    let run = ltdeck(&[
        "export",
        "decks/pycon-korea.md",
        "--png",
        out.to_str().unwrap(),
        "--size",
        "1280x720",
    ]);
    assert_eq!(run.status.code(), Some(1), "refuses to overwrite");
}

#[test]
fn photos_go_in_at_no_more_than_twice_their_shown_size() {
    if !have_poppler() {
        return;
    }
    // A 4000×3000 photo as half a slide (split right): shown at 960×1080 canvas pixels of
    // 1920, covered (cropped), so embedded at most 2 × 1440 = 2880 px wide — not 4000.
    let dir = tempfile::tempdir().expect("tempdir");
    let photo = dir.path().join("big.jpg");
    let img = image::RgbImage::from_fn(4000, 3000, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x + y) % 239) as u8])
    });
    img.save(&photo).unwrap();
    let small = dir.path().join("small.jpg");
    image::RgbImage::from_fn(300, 200, |x, _| image::Rgb([x as u8, 90, 160]))
        .save(&small)
        .unwrap();
    let deck_path = dir.path().join("deck.md");
    std::fs::write(
        &deck_path,
        "![bg right](big.jpg)\n\n# Half\n\n---\n\n# Small\n\n![](small.jpg)\n",
    )
    .unwrap();
    let deck = deck::load(&deck_path).unwrap();
    let (_d, path) = write_temp(&export(&deck, &Options::default()));
    let out = Command::new("pdfimages")
        .arg("-list")
        .arg(&path)
        .output()
        .unwrap();
    let listing = text(&out.stdout);
    let rows: Vec<Vec<&str>> = listing
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows.len(), 2, "{listing}");
    let width = |r: &Vec<&str>| r[3].parse::<u32>().unwrap();
    assert!(
        width(&rows[0]) <= 2880 && width(&rows[0]) >= 1400,
        "{listing}"
    );
    assert_eq!(rows[0][8], "jpeg", "re-encoded as JPEG: {listing}");
    // The small JPEG goes in as it is, byte for byte.
    assert_eq!(width(&rows[1]), 300, "{listing}");
    let bytes = std::fs::read(&path).unwrap();
    let original = std::fs::read(&small).unwrap();
    assert!(
        bytes.windows(original.len()).any(|w| w == original),
        "the small JPEG is passed through"
    );
}

#[test]
fn an_svg_goes_in_as_vectors_and_draws_as_itself() {
    if !have_poppler() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("logo.svg"),
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 160 90">
  <rect width="160" height="90" fill="#d02020"/>
  <circle cx="80" cy="45" r="30" fill="#2020d0"/>
</svg>"##,
    )
    .unwrap();
    let path = dir.path().join("deck.md");
    std::fs::write(&path, "![bg](logo.svg)\n").unwrap();
    let deck = deck::load(&path).unwrap();
    let pdf = export(&deck, &Options::default());
    // No bitmap: the picture is the SVG's paths.
    let (_d, file) = write_temp(&pdf);
    let out = Command::new("pdfimages")
        .arg("-list")
        .arg(&file)
        .output()
        .unwrap();
    let listing = text(&out.stdout);
    assert_eq!(listing.lines().skip(2).count(), 0, "{listing}");
    // And it draws: red at the corner, blue in the middle, a sharp edge between.
    let png = export::png_pages(&pdf, 1920).unwrap();
    let page = image::load_from_memory(&png[0]).unwrap().to_rgb8();
    let (w, h) = page.dimensions();
    let red = page.get_pixel(w / 10, h / 10);
    let blue = page.get_pixel(w / 2, h / 2);
    assert!(red[0] > 180 && red[2] < 80, "corner {red:?}");
    assert!(blue[2] > 180 && blue[0] < 80, "middle {blue:?}");
    let pure = |p: &image::Rgb<u8>| p[0] > 180 && p[2] < 80 || p[2] > 180 && p[0] < 80;
    let blended = (w / 2..w)
        .filter(|&x| !pure(page.get_pixel(x, h / 2)))
        .count();
    assert!(
        blended <= 4,
        "{blended} blended pixels across the circle's edge"
    );
}

/// Page 1 rasterised (hayro, the PNG path) against the screen renderer's stored snapshot of the
/// same slide (egui's wgpu renderer, `tests/snapshots/`). The snapshot's harness gives the
/// audience view its window less an 8 px margin, 1264×704 of 1280×720: the page is exported at
/// that size, so both are the same layout, letterbox included.
#[test]
fn page_one_matches_the_screen_snapshot() {
    let deck = sample("decks/pycon-korea.md");
    let options = Options {
        size: Some([1264, 704]),
        ..Options::default()
    };
    let pdf = export(&deck, &options);
    let png = export::png_pages(&pdf, 1264).expect("rasterised");
    let page = image::load_from_memory(&png[0]).unwrap().to_rgb8();
    let screen = image::open(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/korean-01-title.png"),
    )
    .unwrap()
    .to_rgb8();
    let screen = image::imageops::crop_imm(&screen, 8, 8, 1264, 704).to_image();
    assert_eq!(page.dimensions(), screen.dimensions());
    let (mean, far) = difference(&page, &screen);
    eprintln!(
        "page 1 against the snapshot: mean {mean:.2} levels, {:.3} % far",
        far * 100.0
    );
    // Two rasterisers draw the same shapes: glyph edges and photo resampling differ by a few
    // levels; a text run or a box out of place by a few pixels makes thousands of pixels far.
    assert!(mean < 4.0, "mean difference {mean:.2} levels");
    assert!(
        far < 0.01,
        "{:.2} % of pixels differ by more than 64 levels",
        far * 100.0
    );
}

/// Mean absolute difference per channel (levels of 255) and the share of pixels whose largest
/// channel difference is over 64.
fn difference(a: &image::RgbImage, b: &image::RgbImage) -> (f64, f64) {
    let mut sum = 0u64;
    let mut far = 0usize;
    for (p, q) in a.pixels().zip(b.pixels()) {
        let d: Vec<u64> = (0..3).map(|i| u64::from(p[i].abs_diff(q[i]))).collect();
        sum += d.iter().sum::<u64>();
        if d.iter().any(|&v| v > 64) {
            far += 1;
        }
    }
    let n = (a.width() * a.height()) as f64;
    (sum as f64 / (n * 3.0), far as f64 / n)
}
