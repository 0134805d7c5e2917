//! PDF decks: generated PDFs (ltdeck's own export, which writes page labels and notes as text
//! annotations, and small hand-written files) read as decks — slides, overlay steps, notes from a
//! pdfpc sidecar and from annotations, split notes pages, hidden pages, durations — and drawn:
//! Korean text in a font the PDF does not embed, damaged and encrypted files.
//!
//! The encrypted file is made by `qpdf`; a machine without it skips that test unless
//! `LTDECK_REQUIRE_POPPLER=1` (set by `.ci/run`, which installs qpdf with poppler-utils).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use ltdeck::deck::pdf::PdfOptions;
use ltdeck::deck::{self, Deck, Edge, LoadError};
use ltdeck::export;
use ltdeck::pages::{Fallbacks, render_once};

mod common;

/// The faces of a machine with no fonts at all.
fn bare_plan(text: &str) -> ltdeck::fonts::discover::FontPlan {
    ltdeck::fonts::discover::plan_from(&fontdb::Database::new(), Some("ko"), text, None)
}

/// A PDF of a Markdown deck, as `ltdeck export` writes it (steps as pages, when asked).
fn exported(markdown: &str, options: &export::Options) -> Vec<u8> {
    let deck = deck::parse(markdown.as_bytes(), Path::new("."));
    let plan = bare_plan(&ltdeck::check::deck_text(&deck));
    let out = export::pdf_with_fonts(&deck, options, &plan);
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    out.pdf
}

const TALK: &str = "\
# 안녕하세요

<!-- 첫 인사: 천천히 -->

---

# Steps

- one

<!-- pause -->

- two

<!-- The second slide's note. -->

---

# End
";

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path
}

fn steps() -> export::Options {
    export::Options {
        steps: true,
        ..export::Options::default()
    }
}

fn notes(deck: &Deck) -> Vec<String> {
    deck.slides.iter().map(|s| s.notes_markdown()).collect()
}

#[test]
fn pages_with_one_label_are_one_slide_with_a_step_per_page() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "talk.pdf", &exported(TALK, &steps()));
    let deck = deck::load(&path).expect("a PDF deck");
    let pages: Vec<Vec<usize>> = deck
        .slides
        .iter()
        .map(|s| s.page.as_ref().expect("a page slide").pages.clone())
        .collect();
    assert_eq!(pages, vec![vec![0], vec![1, 2], vec![3]]);
    assert_eq!(
        deck.slides.iter().map(|s| s.steps).collect::<Vec<_>>(),
        [1, 2, 1]
    );
    let labels: Vec<&str> = deck
        .slides
        .iter()
        .map(|s| s.page.as_ref().unwrap().label.as_str())
        .collect();
    assert_eq!(labels, ["1", "2", "3"]);
    // Notes come from the text annotations, once per slide though each step page carries them.
    assert_eq!(
        notes(&deck),
        ["첫 인사: 천천히", "The second slide's note.", ""]
    );
    assert_eq!(deck.meta.title.as_deref(), Some("안녕하세요"));
    assert_eq!(deck.meta.aspect, deck::Aspect::Wide);
    assert!(deck.diagnostics.is_empty(), "{:?}", deck.diagnostics);
    // `--no-overlays`: every page is a slide.
    let flat = deck::load_with(
        &path,
        &PdfOptions {
            overlays: false,
            ..PdfOptions::default()
        },
    )
    .unwrap();
    assert_eq!(flat.slides.len(), 4);
    assert!(flat.slides.iter().all(|s| s.steps == 1));
}

/// The talk exported as `talk.pdf` with `sidecar` as its `talk.pdfpc`, loaded.
fn with_sidecar(sidecar: &str) -> (tempfile::TempDir, Deck) {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "talk.pdf",
        &exported(TALK, &export::Options::default()),
    );
    write(dir.path(), "talk.pdfpc", sidecar.as_bytes());
    let deck = deck::load(&path).unwrap();
    (dir, deck)
}

#[test]
fn pdfpcs_older_text_sidecar_gives_its_notes_and_duration() {
    let (_dir, deck) = with_sidecar(
        "[file]\ntalk.pdf\n[duration]\n4\n[font_size]\n20\n[notes]\n### 2\n두 번째 노트\n\n### 3\nThe end.\n",
    );
    assert!(deck.diagnostics.is_empty(), "{:?}", deck.diagnostics);
    assert_eq!(deck.meta.duration, Duration::from_secs(240));
    assert_eq!(
        notes(&deck),
        ["첫 인사: 천천히", "두 번째 노트", "The end."],
        "the sidecar's notes, the first slide's own annotation where it has none"
    );
}

#[test]
fn a_pdfpc_sidecar_gives_notes_duration_warnings_and_hidden_pages() {
    let (_dir, deck) = with_sidecar(
        r#"{
  "pdfpcFormat": 2,
  "duration": 3,
  "lastMinutes": 1,
  "noteFontSize": 20,
  "pages": [
    {"idx": 0, "label": "1", "overlay": 0, "note": "사이드카 노트: **굵게**"},
    {"idx": 1, "label": "2", "overlay": 0, "hidden": true},
    {"idx": 2, "label": "3", "overlay": 0, "note": "Last words."}
  ]
}"#,
    );
    assert_eq!(deck.meta.duration, Duration::from_secs(180));
    assert_eq!(
        deck.meta.warnings,
        [Duration::from_secs(60), Duration::from_secs(30)]
    );
    // The hidden page is left out; the sidecar's note is the speaker's latest word, so the
    // page's own annotation note is not shown beside it (an edit saved there is not doubled).
    assert_eq!(deck.slides.len(), 2);
    assert_eq!(deck.slides[1].page.as_ref().unwrap().pages, [2]);
    assert_eq!(deck.slides[0].notes_markdown(), "사이드카 노트: **굵게**");
    assert_eq!(deck.slides[1].notes_markdown(), "Last words.");
    // Markdown notes are read as Markdown.
    let blocks: Vec<_> = deck.slides[0].notes_blocks().collect();
    assert!(
        format!("{:?}", blocks[0].kind).contains("Strong"),
        "{blocks:?}"
    );
    assert!(deck.diagnostics.is_empty(), "{:?}", deck.diagnostics);
}

#[test]
fn a_broken_sidecar_is_reported_in_its_file_and_the_pdf_still_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "talk.pdf",
        &exported(TALK, &export::Options::default()),
    );
    write(dir.path(), "talk.pdfpc", b"{\"pages\": [\n  {\"idx\": 0,\n");
    let deck = deck::load(&path).unwrap();
    assert_eq!(deck.slides.len(), 3);
    let text = deck.diagnostics[0].render("talk.pdf");
    assert!(
        text.starts_with(&format!("{}:3:", dir.path().join("talk.pdfpc").display())),
        "{text}"
    );
    assert!(text.contains("not valid JSON"), "{text}");
}

#[test]
fn beamer_notes_pages_are_split_into_slide_and_notes_halves() {
    let dir = tempfile::tempdir().unwrap();
    // Pages twice as wide as a slide, as `show notes on second screen=right` makes them.
    let wide = export::Options {
        size: Some([3840, 1080]),
        ..export::Options::default()
    };
    let path = write(dir.path(), "beamer.pdf", &exported(TALK, &wide));
    let whole = deck::load(&path).unwrap();
    assert!(
        whole
            .diagnostics
            .iter()
            .any(|d| d.hint.contains("--notes right")),
        "{:?}",
        whole.diagnostics
    );
    let split = deck::load_with(
        &path,
        &PdfOptions {
            notes: Some(Edge::Right),
            ..PdfOptions::default()
        },
    )
    .unwrap();
    let page = split.slides[0].page.as_ref().unwrap();
    let [w, h] = whole.slides[0].page.as_ref().unwrap().size;
    assert_eq!(page.size, [w / 2.0, h]);
    assert_eq!(page.slide_part(), [0.0, 0.0, 0.5, 1.0]);
    assert_eq!(page.notes_part(), Some([0.5, 0.0, 1.0, 1.0]));
    assert!(split.diagnostics.is_empty(), "{:?}", split.diagnostics);
    // The sidecar's `notesPosition` does the same without the flag.
    write(
        dir.path(),
        "beamer.pdfpc",
        br#"{"pdfpcFormat": 2, "notesPosition": "left", "pages": []}"#,
    );
    let from_sidecar = deck::load(&path).unwrap();
    let page = from_sidecar.slides[0].page.as_ref().unwrap();
    assert_eq!(page.slide_part(), [0.5, 0.0, 1.0, 1.0]);
}

/// A one-page PDF whose text is in a Korean CID font it does not embed (as Hanword and old
/// LaTeX setups write), with correct cross-reference offsets.
fn korean_unembedded_pdf() -> Vec<u8> {
    let text: String = "안녕하세요"
        .encode_utf16()
        .map(|u| format!("{u:04X}"))
        .collect();
    let content = format!("BT /F1 72 Tf 40 200 Td <{text}> Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 480 360] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type0 /BaseFont /HYGoThic-Medium /Encoding /UniKS-UCS2-H /DescendantFonts [6 0 R] >>".to_string(),
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HYGoThic-Medium /CIDSystemInfo << /Registry (Adobe) /Ordering (Korea1) /Supplement 1 >> /FontDescriptor 7 0 R /DW 1000 >>".to_string(),
        "<< /Type /FontDescriptor /FontName /HYGoThic-Medium /Flags 6 /FontBBox [0 -148 1001 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>".to_string(),
    ];
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// Pixels darker than mid-grey: ink on the white page.
fn ink(image: &egui::ColorImage) -> usize {
    image
        .pixels
        .iter()
        .filter(|p| (p.r() as u32 + p.g() as u32 + p.b() as u32) < 3 * 128)
        .count()
}

#[test]
fn korean_text_in_a_font_the_pdf_does_not_embed_is_drawn_with_the_hangul_face() {
    let pdf = korean_unembedded_pdf();
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "hangul.pdf", &pdf);
    let deck = deck::load(&path).unwrap();
    assert_eq!(deck.slides.len(), 1);
    assert_eq!(deck.meta.aspect, deck::Aspect::Standard);
    let plan = bare_plan("안녕하세요");
    let with = render_once(pdf.clone(), 0, [960, 720], &Fallbacks::from_plan(&plan)).unwrap();
    let without = render_once(pdf, 0, [960, 720], &Fallbacks::default()).unwrap();
    assert_eq!(with.size, [960, 720]);
    // Five syllables at 72 pt (144 px): thousands of dark pixels with the Hangul face; the
    // standard fonts have no Hangul at all.
    assert!(ink(&with) > 5_000, "ink {}", ink(&with));
    assert!(
        ink(&without) < ink(&with) / 4,
        "{} vs {}",
        ink(&without),
        ink(&with)
    );
}

#[test]
fn exported_pages_render_at_the_size_asked_without_their_note_icons() {
    let pdf = exported(TALK, &export::Options::default());
    let image = render_once(pdf, 0, [1920, 1080], &Fallbacks::default()).unwrap();
    assert_eq!(image.size, [1920, 1080]);
    // The dark theme's background, not paper: the page itself was drawn.
    let corner = image.pixels[1920 * 10 + 10];
    assert!(corner.r() < 80, "{corner:?}");
    assert!(
        render_once(
            exported(TALK, &export::Options::default()),
            7,
            [64, 64],
            &Fallbacks::default()
        )
        .unwrap_err()
        .contains("page 8 is not in the PDF")
    );
}

#[test]
fn a_pdf_that_is_empty_or_not_a_pdf_says_so_instead_of_opening_blank() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes, size) in [
        ("talk.pdf", &b""[..], "0 bytes"),
        ("Talk.PDF", &b"<html>404 Not Found</html>"[..], "26 bytes"),
    ] {
        let path = write(dir.path(), name, bytes);
        let err = deck::load(&path).expect_err("not a deck");
        assert!(matches!(err, LoadError::NotPdf { .. }), "{err}");
        let text = err.to_string();
        assert!(
            text.contains(&format!("{name}: not a PDF ({size})")),
            "{text}"
        );
    }
}

#[test]
fn a_git_lfs_pointer_says_to_pull_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let pointer = b"version https://git-lfs.github.com/spec/v1\noid sha256:0ceaf6c133ef629b7e85bb8b047bbbff01527881cfe0d190b8c279c67a201411\nsize 22458\n";
    let pdf = write(dir.path(), "presentation.pdf", pointer);
    let err = deck::load(&pdf).expect_err("a pointer is no deck");
    assert!(matches!(err, LoadError::LfsPointer { .. }), "{err}");
    assert!(err.to_string().contains("git lfs pull"), "{err}");
    // A picture that is a pointer: the placeholder's warning says the same.
    let png = write(dir.path(), "photo.png", pointer);
    let why = ltdeck::images::header(&png).expect_err("a pointer is no picture");
    assert!(why.contains("Git LFS pointer"), "{why}");
}

#[test]
fn damaged_pdfs_are_named_as_damaged_and_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let good = exported(TALK, &export::Options::default());
    // No pages at all.
    let empty = write(
        dir.path(),
        "empty.pdf",
        b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n",
    );
    let err = deck::load(&empty).unwrap_err();
    assert!(matches!(err, LoadError::PdfDamaged { .. }), "{err}");
    assert!(err.to_string().contains("damaged PDF"), "{err}");
    // Cut anywhere: it opens (hayro rebuilds what it can) or is reported; rendering what opens
    // never panics.
    for cut in [good.len() / 4, good.len() / 2, good.len() - 40] {
        let path = write(dir.path(), "cut.pdf", &good[..cut]);
        match deck::load(&path) {
            Ok(deck) => {
                for slide in &deck.slides {
                    let page = slide.page.as_ref().unwrap().pages[0];
                    let _ = render_once(
                        good[..cut].to_vec(),
                        page,
                        [320, 180],
                        &Fallbacks::default(),
                    );
                }
            }
            Err(e) => assert!(matches!(e, LoadError::PdfDamaged { .. }), "{e}"),
        }
    }
    // Garbage in a page's content stream: the page renders (blank) or is an error.
    let mut mangled = korean_unembedded_pdf();
    let at = mangled.windows(2).position(|w| w == b"BT").unwrap();
    mangled[at..at + 20].copy_from_slice(b"q 1 0 0 1 x y cm )))");
    let _ = render_once(mangled, 0, [320, 240], &Fallbacks::default());
}

fn have_qpdf() -> bool {
    common::have_pdf_tool("qpdf", "--version", "qpdf")
}

#[test]
fn a_password_protected_pdf_says_how_to_open_it_and_an_owner_password_alone_opens() {
    if !have_qpdf() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let plain = write(
        dir.path(),
        "talk.pdf",
        &exported(TALK, &export::Options::default()),
    );
    let locked = dir.path().join("locked.pdf");
    let owner_only = dir.path().join("owner.pdf");
    for (user, out) in [("secret", &locked), ("", &owner_only)] {
        let status = Command::new("qpdf")
            .args(["--encrypt", user, "owner", "256", "--"])
            .arg(&plain)
            .arg(out)
            .status()
            .expect("qpdf runs");
        assert!(status.success());
    }
    let err = deck::load(&locked).unwrap_err();
    assert!(matches!(err, LoadError::PdfLocked { .. }), "{err}");
    assert!(err.to_string().contains("password"), "{err}");
    // Only permissions are locked: it opens, with its notes.
    let deck = deck::load(&owner_only).expect("opens");
    assert_eq!(deck.slides.len(), 3);
    assert_eq!(deck.slides[0].notes_markdown(), "첫 인사: 천천히");
    // The command line says it and exits 2.
    let out = Command::new(env!("CARGO_BIN_EXE_ltdeck"))
        .arg("check")
        .arg(&locked)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("password-protected PDF"), "{stderr}");
}

#[test]
fn a_500_page_pdf_opens_as_500_slides() {
    let markdown: String = (1..=500)
        .map(|i| format!("# Slide {i}\n\n<!-- note {i} -->\n\n---\n\n"))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "long.pdf",
        &exported(
            markdown.trim_end_matches("---\n\n"),
            &export::Options::default(),
        ),
    );
    let deck = deck::load(&path).unwrap();
    assert_eq!(deck.slides.len(), 500);
    assert_eq!(deck.slides[499].notes_markdown(), "note 500");
}

#[test]
fn rehearsal_runs_of_a_pdf_match_its_slides_by_position_after_a_page_is_added() {
    use ltdeck::rehearsal::{Recorder, history_path, match_slides, times_for};
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "talk.pdf", &exported(TALK, &steps()));
    let deck = deck::load(&path).unwrap();
    assert_eq!(history_path(&path), dir.path().join("talk.rehearsals.json"));
    let mut rec = Recorder::new(deck.slides.len());
    rec.change(1, Duration::from_secs(10));
    rec.change(2, Duration::from_secs(40));
    let run = rec.finish(Duration::from_secs(55), &deck, "2026-12-02 10:00");
    // The talk exported again with a closing page: the first three slides keep their times.
    let longer = format!("{TALK}\n---\n\n# Questions?\n");
    write(dir.path(), "talk.pdf", &exported(&longer, &steps()));
    let again = deck::load(&path).unwrap();
    assert_eq!(again.slides.len(), 4);
    assert_eq!(
        match_slides(&again, &run),
        [Some(0), Some(1), Some(2), None]
    );
    assert_eq!(
        times_for(&again, &run),
        [Some(10.0), Some(30.0), Some(15.0), None]
    );
}

#[test]
fn check_reports_a_pdf_deck() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "talk.pdf", &exported(TALK, &steps()));
    let out = Command::new(env!("CARGO_BIN_EXE_ltdeck"))
        .arg("check")
        .arg(&path)
        .env_remove("DISPLAY")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("3 slides"), "{stdout}");
    // A PDF is not exported again.
    let out = Command::new(env!("CARGO_BIN_EXE_ltdeck"))
        .arg("export")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a PDF already"));
}

mod ui {
    use super::*;
    use egui::{Key, TextureId};
    use egui_kittest::Harness;
    use ltdeck::ui::{Presenter, Windows, console_ui};

    fn pdf_presenter(dir: &Path) -> Presenter {
        let path = write(dir, "talk.pdf", &exported(TALK, &steps()));
        let deck = deck::load(&path).unwrap();
        let mut p = Presenter::new(deck);
        p.page_fonts = Fallbacks::from_plan(&bare_plan("안녕하세요"));
        p
    }

    /// Runs frames until the page thread has delivered what was asked (bounded: a page is
    /// milliseconds of work).
    fn settle(h: &mut Harness<'_, Presenter>) {
        for _ in 0..400 {
            h.run();
            let done = h
                .state()
                .images
                .as_ref()
                .and_then(|c| c.pages())
                .is_some_and(|p| p.settled() && p.uploaded() > 0);
            if done {
                h.run();
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("the pages never arrived");
    }

    fn pictures(h: &Harness<'_, Presenter>) -> Vec<(TextureId, egui::Rect)> {
        common::painted_pictures(h)
    }

    #[test]
    fn the_audience_sees_the_page_and_keys_step_through_its_overlay_pages() {
        let dir = tempfile::tempdir().unwrap();
        let mut h = common::builder(&pdf_presenter(dir.path()), [1280.0, 720.0]).build_ui_state(
            |ui, p: &mut Presenter| {
                p.update(ui.ctx());
                p.handle_input(ui.ctx());
                p.audience_ui(ui);
            },
            pdf_presenter(dir.path()),
        );
        settle(&mut h);
        let first = pictures(&h);
        assert_eq!(first.len(), 1, "{first:?}");
        // The 16:9 page fills the harness's area (the window less egui's 8-point margin), in
        // its own shape.
        let r = first[0].1;
        assert!(r.height() >= 703.0, "{r:?}");
        assert!((r.width() / r.height() - 16.0 / 9.0).abs() < 0.01, "{r:?}");
        let mut seen = vec![first[0].0];
        for _ in 0..3 {
            // The pages ahead were rendered while the first one showed: the frame after the
            // key already draws the next page (no blank paper in between).
            h.key_press(Key::ArrowRight);
            h.step();
            let now = pictures(&h);
            assert_eq!(now.len(), 1, "{now:?}");
            seen.push(now[0].0);
            settle(&mut h);
        }
        // Slide 2's two steps are pages 2 and 3; slide 3 is page 4: four pages, four pictures.
        assert_eq!((h.state().show.slide(), h.state().show.step()), (2, 0));
        seen.dedup();
        assert_eq!(seen.len(), 4, "{seen:?}");
    }

    #[test]
    fn the_console_shows_the_pages_notes_and_counts_slides_not_pages() {
        let dir = tempfile::tempdir().unwrap();
        let p = pdf_presenter(dir.path());
        let mut h = common::builder(&p, [1280.0, 800.0]).build_ui_state(
            |ui, p: &mut Presenter| {
                p.update(ui.ctx());
                p.handle_input(ui.ctx());
                console_ui(ui, p);
                p.carry_out(ui.ctx(), &Windows::default());
            },
            pdf_presenter(dir.path()),
        );
        settle(&mut h);
        use egui_kittest::kittest::Queryable;
        h.get_by_label("1 / 3");
        h.get_by_label_contains("첫 인사");
        // The current and the next page are drawn as pictures.
        let shown: Vec<TextureId> = pictures(&h).into_iter().map(|(t, _)| t).collect();
        assert!(shown.len() >= 2, "{shown:?}");
        h.key_press(Key::ArrowRight);
        settle(&mut h);
        h.get_by_label("2 / 3");
        h.get_by_label_contains("second slide's note");
        drop(p);
    }
}

mod reload {
    use super::*;
    use egui::TextureId;
    use ltdeck::ui::Presenter;
    use ltdeck::ui::presenter::RELOAD_SETTLE;
    use ltdeck::watch::Change;

    fn audience(p: Presenter) -> egui_kittest::Harness<'static, Presenter> {
        common::builder(&p, [640.0, 360.0]).build_ui_state(
            |ui, p: &mut Presenter| {
                p.update(ui.ctx());
                p.audience_ui(ui);
            },
            p,
        )
    }

    fn textures(h: &egui_kittest::Harness<'_, Presenter>) -> Vec<TextureId> {
        common::painted_pictures(h)
            .into_iter()
            .map(|(t, _)| t)
            .collect()
    }

    fn settled(h: &mut egui_kittest::Harness<'_, Presenter>) {
        for _ in 0..400 {
            h.run();
            let p = h.state();
            if p.images
                .as_ref()
                .and_then(|c| c.pages())
                .is_some_and(|c| c.settled() && c.uploaded() > 0)
            {
                h.run();
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("pages never arrived");
    }

    #[test]
    fn a_pdf_saved_again_is_redrawn_without_blank_paper_in_between() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "talk.pdf",
            &exported(TALK, &export::Options::default()),
        );
        let mut h = audience(Presenter::new(deck::load(&path).unwrap()));
        settled(&mut h);
        let before = textures(&h);
        assert_eq!(before.len(), 1);
        // Exported again with another first slide; the presenter reads it.
        write(
            dir.path(),
            "talk.pdf",
            &exported(
                &TALK.replace("안녕하세요", "Hello"),
                &export::Options::default(),
            ),
        );
        h.state_mut().reload();
        // The next frames draw the old page until the new one is here: never nothing.
        for _ in 0..3 {
            h.step();
            assert_eq!(textures(&h).len(), 1, "a frame without the page");
        }
        settled(&mut h);
        let after = textures(&h);
        assert_eq!(after.len(), 1);
        assert_ne!(before, after, "the new file's page");
        assert_eq!(h.state().deck().meta.title.as_deref(), Some("Hello"));
    }

    #[test]
    fn a_saved_pdfpc_sidecar_reloads_the_notes() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            dir.path(),
            "talk.pdf",
            &exported(TALK, &export::Options::default()),
        );
        let mut p = Presenter::new(deck::load(&path).unwrap());
        let sidecar = write(
            dir.path(),
            "talk.pdfpc",
            br#"{"pdfpcFormat": 2, "pages": [{"idx": 2, "note": "New closing note"}]}"#,
        );
        assert!(
            !p.file_changed(Change::Image(sidecar)),
            "no image was forgotten"
        );
        std::thread::sleep(RELOAD_SETTLE + std::time::Duration::from_millis(50));
        p.reload_if_due();
        assert_eq!(p.deck().slides[2].notes_markdown(), "New closing note");
    }
}
