//! Harnesses shared by the UI test files: a presenter with its deck's fonts installed (kittest
//! panics on a missing glyph, so tofu fails a test).

#![allow(dead_code)] // each test file uses its own part of this

use egui_kittest::{Harness, HarnessBuilder};

use ltdeck::ui::{Presenter, Windows, console_ui, install_fonts};

/// A harness builder with the presenter's deck fonts installed before the first frame.
pub fn builder<S>(p: &Presenter, size: [f32; 2]) -> HarnessBuilder<S> {
    let deck = p.deck().clone();
    Harness::builder()
        .with_size(size)
        .with_context_setup(move |ctx| {
            install_fonts(ctx, &deck);
        })
}

/// A harness builder for a machine with no fonts at all: the plan comes from an empty font
/// database, so only egui's own fonts and ltdeck's bundled face are there.
pub fn bare_builder<S>(p: &Presenter, size: [f32; 2]) -> HarnessBuilder<S> {
    let deck = p.deck().clone();
    Harness::builder()
        .with_size(size)
        .with_context_setup(move |ctx| {
            let text = ltdeck::check::deck_text(&deck);
            let plan = ltdeck::fonts::discover::plan_from(
                &fontdb::Database::new(),
                deck.meta.lang.as_deref(),
                &text,
                None,
            );
            assert!(plan.missing(&text).is_empty(), "{plan:?}");
            ltdeck::fonts::install(ctx, &plan);
        })
}

/// The console, driven as the app drives it: update, keys, draw.
pub fn console(p: Presenter) -> Harness<'static, Presenter> {
    let mut h = builder(&p, [1280.0, 800.0]).build_ui_state(
        |ui, p: &mut Presenter| {
            p.update(ui.ctx());
            p.handle_input(ui.ctx());
            console_ui(ui, p);
            p.carry_out(ui.ctx(), &Windows::default());
        },
        p,
    );
    h.run();
    h
}

/// Says on the terminal that a test skipped, and why. Written to stderr directly: the test
/// harness captures `eprintln!` of passing tests, and a skip must never pass silently.
pub fn skip(why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "skipping: {why}");
}

/// Whether the PDF command-line tool `tool` (run with `arg`) is here; a skip says so, and
/// `LTDECK_REQUIRE_POPPLER=1` (set by `.ci/run`, which installs `package`) makes it a failure.
pub fn have_pdf_tool(tool: &str, arg: &str, package: &str) -> bool {
    let found = std::process::Command::new(tool).arg(arg).output().is_ok();
    if !found && std::env::var("LTDECK_REQUIRE_POPPLER").as_deref() == Ok("1") {
        panic!("{tool} is missing and LTDECK_REQUIRE_POPPLER=1 (install {package})");
    }
    if !found {
        skip(&format!("{package} not installed ({tool})"));
    }
    found
}

/// Every shape painted in the harness's last frame, nested lists opened, in paint order.
pub fn painted_shapes<S>(h: &Harness<'_, S>) -> Vec<egui::Shape> {
    fn walk(shape: &egui::Shape, out: &mut Vec<egui::Shape>) {
        match shape {
            egui::Shape::Vec(v) => v.iter().for_each(|s| walk(s, out)),
            other => out.push(other.clone()),
        }
    }
    let mut out = Vec::new();
    for clipped in &h.output().shapes {
        walk(&clipped.shape, &mut out);
    }
    out
}

/// The pictures (textured meshes other than the font atlas) painted in the last frame, with
/// where they were painted.
pub fn painted_pictures<S>(h: &Harness<'_, S>) -> Vec<(egui::TextureId, egui::Rect)> {
    painted_shapes(h)
        .into_iter()
        .filter_map(|shape| match shape {
            egui::Shape::Mesh(m) if m.texture_id != egui::TextureId::default() => {
                Some((m.texture_id, m.calc_bounds()))
            }
            _ => None,
        })
        .collect()
}

/// Every text shape painted in the harness's last frame, one per line.
pub fn painted_text<S>(h: &Harness<'_, S>) -> String {
    painted_shapes(h)
        .iter()
        .filter_map(|s| match s {
            egui::Shape::Text(t) => Some(t.galley.text().to_string()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether `tool` is on the PATH.
pub fn have(tool: &str) -> bool {
    std::process::Command::new("which")
        .arg(tool)
        .stdout(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Whether every tool is there; without them a test skips, and says so — unless
/// `LTDECK_REQUIRE_E2E=1` (set by `.ci/run`, which installs them) makes that a failure.
pub fn required(tools: &[&str], what: &str) -> bool {
    let ok = tools.iter().all(|t| have(t));
    if !ok {
        assert!(
            std::env::var("LTDECK_REQUIRE_E2E").as_deref() != Ok("1"),
            "{what} needs {tools:?} (LTDECK_REQUIRE_E2E=1)"
        );
        skip(&format!("{what} needs {tools:?}"));
    }
    ok
}
