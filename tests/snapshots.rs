//! Rendered-image snapshots of sample slides (a Korean slide among them) and of the console,
//! drawn by egui_kittest's wgpu renderer (Mesa's software Vulkan on CI). A changed picture fails
//! the test; `UPDATE_SNAPSHOTS=1 cargo test --test snapshots` accepts the new pictures.
//!
//! A machine with no wgpu adapter at all (no GPU and no `mesa-vulkan-drivers`) skips them, unless
//! `LTDECK_REQUIRE_SNAPSHOTS=1` (set by `.ci/run`) makes that a failure.

use std::path::Path;
use std::time::{Duration, Instant};

use egui_kittest::{Harness, SnapshotOptions};

use ltdeck::deck;
use ltdeck::ui::{CONSOLE_BACKGROUND, Clock, Presenter, console_ui};

mod common;

fn presenter(deck_file: &str, slide: usize) -> Presenter {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(deck_file);
    let deck = deck::load(&path).expect("sample deck loads");
    let mut p = Presenter::new(deck);
    p.clock = Clock::Fixed(Instant::now(), "14:05".into());
    p.apply(ltdeck::show::Action::GoTo(slide));
    for _ in 1..p.show.steps_of(slide) {
        p.apply(ltdeck::show::Action::Command(ltdeck::action::Command::Next));
    }
    p
}

/// Runs frames until every image asked for has arrived (decoding happens on worker threads).
fn settle(h: &mut Harness<'_, Presenter>) {
    let end = Instant::now() + Duration::from_secs(20);
    loop {
        h.run();
        let settled = h.state().images.as_ref().is_none_or(|c| c.settled());
        if settled || Instant::now() > end {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    h.run();
}

fn options() -> SnapshotOptions {
    // Software rasterisers differ in anti-aliasing by a pixel here and there.
    SnapshotOptions::new().threshold(2.0).max_failed_pixels(400)
}

/// Whether wgpu finds an adapter here (creating one panics inside egui_kittest when it cannot).
fn have_adapter() -> bool {
    let found = std::panic::catch_unwind(|| {
        egui_kittest::wgpu::create_render_state(
            egui_kittest::wgpu::default_wgpu_setup(),
            egui_wgpu::RendererOptions::default(),
        )
    })
    .is_ok();
    if !found && std::env::var("LTDECK_REQUIRE_SNAPSHOTS").as_deref() == Ok("1") {
        panic!("no wgpu adapter, and LTDECK_REQUIRE_SNAPSHOTS=1 (install mesa-vulkan-drivers)");
    }
    if !found {
        common::skip("no wgpu adapter (install mesa-vulkan-drivers to run snapshot tests)");
    }
    found
}

/// Draws one view of a presenter at `slide` and compares it with the stored picture. Fonts come
/// from ltdeck and egui alone (no system face), so the pictures are the same on every machine.
fn snapshot(
    deck_file: &str,
    slide: usize,
    name: &str,
    size: [f32; 2],
    view: fn(&mut egui::Ui, &mut Presenter),
) {
    if !have_adapter() {
        return;
    }
    let p = presenter(deck_file, slide);
    let mut h = common::bare_builder(&p, size).wgpu().build_ui_state(
        move |ui, p: &mut Presenter| {
            p.update(ui.ctx());
            view(ui, p);
        },
        p,
    );
    settle(&mut h);
    h.snapshot_options(name, &options());
}

/// The audience view of one slide.
fn slide_snapshot(deck_file: &str, slide: usize, name: &str) {
    snapshot(deck_file, slide, name, [1280.0, 720.0], |ui, p| {
        p.audience_ui(ui)
    });
}

#[test]
fn title_slide_with_background_photo() {
    slide_snapshot("decks/welcome.md", 0, "welcome-01-title");
}

#[test]
fn code_slide_is_highlighted() {
    slide_snapshot("decks/welcome.md", 5, "welcome-06-code");
}

#[test]
fn table_slide_keeps_alignment() {
    slide_snapshot("decks/welcome.md", 6, "welcome-07-table");
}

#[test]
fn split_slide_puts_the_image_beside_the_text() {
    slide_snapshot("decks/welcome.md", 4, "welcome-05-split");
}

#[test]
fn task_list_strikethrough_and_footnote() {
    slide_snapshot("decks/welcome.md", 10, "welcome-11-tasks");
}

#[test]
fn korean_title_over_a_photo() {
    slide_snapshot("decks/pycon-korea.md", 0, "korean-01-title");
}

#[test]
fn korean_code_and_steps() {
    slide_snapshot("decks/pycon-korea.md", 4, "korean-05-code");
}

#[test]
fn korean_meme_is_shown_as_large_as_it_fits() {
    slide_snapshot("decks/pycon-korea.md", 2, "korean-03-meme");
}

#[test]
fn text_on_a_beige_background_is_dark() {
    slide_snapshot("tests/fixtures/looks/marp.md", 0, "looks-beige");
}

#[test]
fn text_over_a_bright_busy_photo_is_dark_with_a_backing() {
    slide_snapshot("tests/fixtures/looks/marp.md", 1, "looks-bright-photo");
}

#[test]
fn text_over_a_dark_photo_stays_light() {
    slide_snapshot("tests/fixtures/looks/marp.md", 2, "looks-dark-photo");
}

#[test]
fn emoji_shortcodes_in_a_heading_are_emoji() {
    slide_snapshot("tests/fixtures/looks/marp.md", 3, "looks-shortcodes");
}

#[test]
fn a_lead_slide_is_centred() {
    slide_snapshot("tests/fixtures/looks/marp.md", 4, "looks-lead");
}

#[test]
fn a_slidev_two_cols_slide_has_two_columns() {
    slide_snapshot("tests/fixtures/looks/slidev.md", 1, "looks-slidev-two-cols");
}

#[test]
fn console_with_notes_and_next_slide() {
    snapshot(
        "decks/pycon-korea.md",
        1,
        "console-korean",
        [1280.0, 800.0],
        |ui, p| {
            // The app clears the window to this colour; kittest's renderer clears to its own.
            ui.painter()
                .rect_filled(ui.max_rect(), 0.0, CONSOLE_BACKGROUND);
            console_ui(ui, p)
        },
    );
}
