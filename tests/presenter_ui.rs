//! The presenter driven as a speaker drives it (egui_kittest: keys in, labels and painted text
//! out): moving through slides and steps, blank screens, overview, help, go-to, and an audience
//! view that never shows notes or warnings.

use std::path::Path;
use std::time::Instant;

use egui::{Key, Modifiers, Shape};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use ltdeck::deck;
use ltdeck::show::Blank;
use ltdeck::ui::{Clock, Presenter, console_ui};

fn presenter(deck_file: &str) -> Presenter {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(deck_file);
    let deck = deck::load(&path).expect("sample deck loads");
    let mut p = Presenter::new(deck);
    p.clock = Clock::Fixed(Instant::now(), "14:05".into());
    p
}

mod common;

use common::{builder as harness, console};

fn audience(p: Presenter) -> Harness<'static, Presenter> {
    let mut h = harness(&p, [1280.0, 720.0]).build_ui_state(
        |ui, p: &mut Presenter| {
            p.update(ui.ctx());
            p.handle_input(ui.ctx());
            p.audience_ui(ui);
        },
        p,
    );
    h.run();
    h
}

fn press(h: &mut Harness<'_, Presenter>, key: Key) {
    h.key_press(key);
    h.run();
}

/// Every piece of text painted in the last frame (labels and painter text alike).
fn painted_text(h: &Harness<'_, Presenter>) -> String {
    painted_positions(h)
        .into_iter()
        .map(|(text, _)| text + "\n")
        .collect()
}

#[test]
fn keys_move_through_slides_and_the_counter_follows() {
    let mut h = console(presenter("decks/welcome.md"));
    h.get_by_label("1 / 12");
    press(&mut h, Key::ArrowRight);
    h.get_by_label("2 / 12");
    press(&mut h, Key::PageDown);
    press(&mut h, Key::Space);
    h.get_by_label("4 / 12");
    h.get_by_label("step 1 of 3");
    press(&mut h, Key::ArrowRight);
    h.get_by_label("step 2 of 3");
    press(&mut h, Key::ArrowLeft);
    press(&mut h, Key::ArrowLeft);
    h.get_by_label("3 / 12");
    press(&mut h, Key::End);
    h.get_by_label("12 / 12");
    press(&mut h, Key::Home);
    h.get_by_label("1 / 12");
}

#[test]
fn console_shows_notes_next_slide_clock_and_talk_length() {
    let h = console(presenter("decks/welcome.md"));
    h.get_by_label_contains("Welcome! This deck is a five-minute tour");
    h.get_by_label("14:05");
    h.get_by_label("5:00 talk");
    let painted = painted_text(&h);
    assert!(painted.contains("NEXT"), "{painted}");
    assert!(
        painted.contains("Five minutes."),
        "the next slide is drawn: {painted}"
    );
}

#[test]
fn digits_and_enter_go_to_a_slide_and_g_opens_the_prompt() {
    let mut h = console(presenter("decks/welcome.md"));
    press(&mut h, Key::Num1);
    press(&mut h, Key::Num1);
    assert!(painted_text(&h).contains("Go to slide: 11"));
    press(&mut h, Key::Enter);
    h.get_by_label("11 / 12");
    press(&mut h, Key::G);
    press(&mut h, Key::Num2);
    press(&mut h, Key::Enter);
    h.get_by_label("2 / 12");
    press(&mut h, Key::G);
    press(&mut h, Key::Escape);
    assert!(!painted_text(&h).contains("Go to slide"));
    h.get_by_label("2 / 12");
}

#[test]
fn blank_screens_show_in_the_console_and_blank_the_audience() {
    let mut h = console(presenter("decks/welcome.md"));
    press(&mut h, Key::B);
    h.get_by_label("AUDIENCE: BLACK");
    assert_eq!(h.state().show.blank(), Some(Blank::Black));
    press(&mut h, Key::Period);
    assert_eq!(h.state().show.blank(), None);
    press(&mut h, Key::W);
    h.get_by_label("AUDIENCE: WHITE");
    press(&mut h, Key::Escape);
    assert_eq!(h.state().show.blank(), None);

    let mut p = presenter("decks/welcome.md");
    p.apply(ltdeck::show::Action::Command(
        ltdeck::action::Command::BlackScreen,
    ));
    let a = audience(p);
    assert!(
        painted_text(&a).trim().is_empty(),
        "a black screen shows no text"
    );
}

#[test]
fn overview_opens_moves_and_jumps_then_esc_closes() {
    let mut h = console(presenter("decks/welcome.md"));
    press(&mut h, Key::O);
    assert_eq!(h.state().show.overview(), Some(0));
    let painted = painted_text(&h);
    assert!(
        painted.contains("12  Thank you"),
        "thumbnails are labelled: {painted}"
    );
    press(&mut h, Key::ArrowRight);
    press(&mut h, Key::ArrowRight);
    press(&mut h, Key::Enter);
    h.get_by_label("3 / 12");
    assert_eq!(h.state().show.overview(), None);
    press(&mut h, Key::O);
    press(&mut h, Key::Escape);
    assert_eq!(h.state().show.overview(), None);
    h.get_by_label("3 / 12");
}

#[test]
fn help_lists_every_command_from_the_registry() {
    let mut h = console(presenter("decks/welcome.md"));
    press(&mut h, Key::F1);
    for spec in ltdeck::action::COMMANDS {
        assert!(
            h.query_all_by_label(spec.label).next().is_some(),
            "{} missing",
            spec.label
        );
        assert!(
            h.query_all_by_label(spec.help).next().is_some(),
            "{} missing",
            spec.help
        );
    }
    press(&mut h, Key::Escape);
    assert!(!h.state().show.help());
}

#[test]
fn notes_size_keys_change_the_notes_scale() {
    let mut h = console(presenter("decks/welcome.md"));
    press(&mut h, Key::Plus);
    press(&mut h, Key::Plus);
    assert!(h.state().show.notes_scale() > 1.2);
    press(&mut h, Key::Minus);
    assert!(h.state().show.notes_scale() > 1.0 && h.state().show.notes_scale() < 1.2);
}

#[test]
fn ctrl_q_quits_and_plain_q_does_not() {
    let mut h = console(presenter("decks/welcome.md"));
    press(&mut h, Key::Q);
    assert!(!h.state().show.quitting());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Q);
    h.run();
    assert!(h.state().show.quitting());
}

#[test]
fn the_audience_view_shows_the_slide_and_never_notes_or_warnings() {
    let mut p = presenter("decks/welcome.md");
    p.reload_error = Some("reload failed: broken deck".into());
    p.font_warnings
        .push("no installed font has Hangul glyphs".into());
    let notes = p.deck().slides[0].notes_markdown();
    let mut a = audience(p);
    let painted = painted_text(&a);
    assert!(
        painted.contains("ltdeck"),
        "the slide's title is drawn: {painted}"
    );
    assert!(painted.contains("Lightning talks, on time."));
    let first_note_words: String = notes
        .split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        !painted.contains(&first_note_words),
        "notes leaked: {painted}"
    );
    assert!(!painted.contains("reload failed") && !painted.contains("Hangul glyphs"));
    assert!(a.query_by_label_contains("Welcome!").is_none());
    // Moving on keeps it clean: every slide's notes stay off the audience view.
    for _ in 0..12 {
        press(&mut a, Key::ArrowRight);
        let painted = painted_text(&a);
        let slide = &a.state().deck().slides[a.state().show.slide()];
        for note in &slide.notes {
            let words: String = note
                .text
                .split_whitespace()
                .take(5)
                .collect::<Vec<_>>()
                .join(" ");
            assert!(
                !painted.contains(&words),
                "slide {} leaked {words:?}",
                slide.index + 1
            );
        }
        assert!(!painted.contains("NOTES") && !painted.contains("NEXT"));
    }
}

#[test]
fn korean_slides_and_notes_are_laid_out() {
    let h = console(presenter("decks/pycon-korea.md"));
    h.get_by_label_contains("안녕하세요, 김파이입니다.");
    let painted = painted_text(&h);
    assert!(
        painted.contains("타입 힌트, 5분이면 충분합니다"),
        "{painted}"
    );
    assert!(
        painted.contains("발표자 소개"),
        "next slide title: {painted}"
    );
}

#[test]
fn prefetched_images_are_ready_in_the_first_frame_of_the_next_slide() {
    use ltdeck::render::images::{ImageState, Images};
    let mut p = presenter("decks/welcome.md");
    p.apply(ltdeck::show::Action::GoTo(3));
    let mut h = console(p);
    // Wait until the images asked for so far (this slide and the next two) are decoded.
    let end = Instant::now() + std::time::Duration::from_secs(20);
    while !h.state().images.as_ref().is_some_and(|c| c.settled()) && Instant::now() < end {
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.run();
    }
    press(&mut h, Key::ArrowRight);
    press(&mut h, Key::ArrowRight);
    press(&mut h, Key::ArrowRight);
    let p = h.state();
    assert_eq!(p.show.slide(), 4);
    let cache = p.images.as_ref().expect("cache");
    let image = &p.deck().slides[4].images[0];
    assert!(
        matches!(cache.state(image), ImageState::Ready { .. }),
        "{:?}",
        cache.state(image)
    );
}

#[test]
fn reload_keeps_the_slide_and_a_broken_save_keeps_the_last_good_deck() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("talk.md");
    std::fs::write(&path, "# One\n\n---\n\n# Two\n\n---\n\n# Three\n").expect("write");
    let mut p = Presenter::new(deck::load(&path).expect("loads"));
    p.clock = Clock::Fixed(Instant::now(), "14:05".into());
    p.apply(ltdeck::show::Action::GoTo(1));

    std::fs::write(
        &path,
        "# One\n\n---\n\n# Two, edited\n\n---\n\n# Three\n\n---\n\n# Four\n",
    )
    .expect("write");
    // The move to slide 2 started the timer, at the presenter's fixed instant.
    let t0 = p.clock.now();
    p.reload();
    assert!(p.show.timer().running(), "a reload never stops the timer");
    let later = t0 + std::time::Duration::from_secs(7);
    assert_eq!(
        p.show.timer().elapsed(later),
        std::time::Duration::from_secs(7)
    );
    assert_eq!(p.show.slide(), 1, "the current slide is kept");
    assert_eq!(p.deck().slides[1].title.as_deref(), Some("Two, edited"));
    assert_eq!(p.deck().slides.len(), 4);
    assert!(p.reload_error.is_none());

    std::fs::write(&path, "---\nduration: soon\n---\n# Broken\n").expect("write");
    p.reload();
    assert_eq!(p.deck().slides.len(), 4, "the last good deck stays");
    let error = p.reload_error.clone().expect("the error is shown");
    assert!(error.contains("duration"), "{error}");

    std::fs::remove_file(&path).expect("remove");
    p.reload();
    assert_eq!(
        p.deck().slides.len(),
        4,
        "a file briefly missing keeps the deck"
    );
    assert!(p.reload_error.is_some());

    std::fs::write(&path, "# Back\n").expect("write");
    p.reload();
    assert_eq!(p.show.slide(), 0, "clamped to the one slide left");
    assert!(p.reload_error.is_none());
}

#[test]
fn a_save_is_picked_up_by_the_watcher_and_shown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("talk.md");
    std::fs::write(&path, "# Before\n").expect("write");
    let p = Presenter::new(deck::load(&path).expect("loads"));
    let mut h = console(p);
    let ctx = h.ctx.clone();
    h.state_mut().watch(&ctx);
    h.run();
    // Editors save by writing a new file and renaming it over the old one.
    let tmp = dir.path().join(".talk.md.tmp");
    std::fs::write(&tmp, "# After\n\n---\n\n# Second\n").expect("write");
    std::fs::rename(&tmp, &path).expect("rename");
    let end = Instant::now() + std::time::Duration::from_secs(10);
    while h.state().deck().slides.len() != 2 && Instant::now() < end {
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.run();
    }
    assert_eq!(h.state().deck().slides[0].title.as_deref(), Some("After"));
    h.get_by_label("1 / 2");
}

#[test]
fn every_sample_slide_renders_every_glyph() {
    // kittest panics on a glyph no font has: this walks every slide of both sample decks,
    // Hangul, emoji and code included, on the audience view and the console.
    for file in ["decks/welcome.md", "decks/pycon-korea.md"] {
        let mut a = audience(presenter(file));
        let mut c = console(presenter(file));
        let n = a.state().deck().slides.len();
        for _ in 0..100 {
            if a.state().show.next_position().is_none() {
                break;
            }
            press(&mut a, Key::ArrowRight);
            press(&mut c, Key::ArrowRight);
        }
        assert_eq!(a.state().show.slide(), n - 1, "{file}");
    }
}

#[test]
fn with_no_system_fonts_the_bundled_face_draws_every_korean_glyph() {
    // kittest panics on a glyph no font has; the plan here comes from an empty font database.
    let p = presenter("decks/pycon-korea.md");
    let n = p.deck().slides.len();
    let draw = |ui: &mut egui::Ui, p: &mut Presenter| {
        p.update(ui.ctx());
        p.handle_input(ui.ctx());
        p.audience_ui(ui);
    };
    let mut a = common::bare_builder(&p, [1280.0, 720.0]).build_ui_state(draw, p);
    let mut c = common::bare_builder(&presenter("decks/pycon-korea.md"), [1280.0, 800.0])
        .build_ui_state(
            |ui, p: &mut Presenter| {
                p.update(ui.ctx());
                p.handle_input(ui.ctx());
                console_ui(ui, p);
            },
            presenter("decks/pycon-korea.md"),
        );
    a.run();
    c.run();
    c.get_by_label_contains("안녕하세요, 김파이입니다.");
    for _ in 0..n * 4 {
        press(&mut a, Key::ArrowRight);
        press(&mut c, Key::ArrowRight);
    }
    assert_eq!(a.state().show.slide(), n - 1);
}

fn at(h: &mut Harness<'_, Presenter>, t: Instant) {
    h.state_mut().clock = Clock::Fixed(t, "14:05".into());
    h.run();
}

#[test]
fn s_starts_the_countdown_and_the_console_reads_it() {
    let t0 = Instant::now();
    let mut h = console(presenter("decks/welcome.md"));
    at(&mut h, t0);
    h.get_by_label("5:00");
    h.get_by_label("press S or → to start");
    press(&mut h, Key::S);
    at(&mut h, t0 + std::time::Duration::from_millis(10_500));
    h.get_by_label("4:50");
    press(&mut h, Key::S);
    h.get_by_label("PAUSED");
    at(&mut h, t0 + std::time::Duration::from_secs(100));
    h.get_by_label("4:50");
    press(&mut h, Key::S);
    at(&mut h, t0 + std::time::Duration::from_secs(330));
    h.get_by_label("WARNING");
    at(&mut h, t0 + std::time::Duration::from_secs(360));
    h.get_by_label("CRITICAL");
    at(&mut h, t0 + std::time::Duration::from_secs(402));
    h.get_by_label("OVERTIME");
    h.get_by_label("+0:12");
}

#[test]
fn the_first_move_forward_starts_the_timer_and_brackets_nudge_it() {
    let mut h = console(presenter("decks/welcome.md"));
    assert!(!h.state().show.timer().started());
    press(&mut h, Key::ArrowRight);
    assert!(h.state().show.timer().running());
    press(&mut h, Key::CloseBracket);
    h.get_by_label("5:30 talk");
    press(&mut h, Key::OpenBracket);
    press(&mut h, Key::OpenBracket);
    h.get_by_label("4:30 talk");
}

/// Thin filled strips along the bottom edge of the view (the audience time bar: track and fill).
fn bottom_strips(h: &Harness<'_, Presenter>) -> usize {
    let rects: Vec<egui::Rect> = h
        .output()
        .shapes
        .iter()
        .filter_map(|c| match &c.shape {
            Shape::Rect(r) => Some(r.rect),
            _ => None,
        })
        .collect();
    let bottom = rects.iter().map(|r| r.bottom()).fold(0.0, f32::max);
    rects
        .iter()
        .filter(|r| r.height() < 10.0 && (r.bottom() - bottom).abs() < 0.5 && r.width() > 1.0)
        .count()
}

#[test]
fn the_audience_time_bar_shows_only_when_enabled() {
    // welcome.md asks for the bar with `audience_timer: bar`; T toggles it.
    let t0 = Instant::now();
    let mut a = audience(presenter("decks/welcome.md"));
    at(&mut a, t0);
    press(&mut a, Key::ArrowRight); // starts the timer
    at(&mut a, t0 + std::time::Duration::from_secs(60));
    assert_eq!(
        bottom_strips(&a),
        1 + 1,
        "on: the deck asks for it (audience_timer: bar)"
    );
    press(&mut a, Key::T);
    at(&mut a, t0 + std::time::Duration::from_secs(61));
    assert_eq!(bottom_strips(&a), 0, "T turns it off");
    press(&mut a, Key::T);
    at(&mut a, t0 + std::time::Duration::from_secs(62));
    assert_eq!(bottom_strips(&a), 2, "and on again");
}

#[test]
fn missing_images_are_listed_in_the_console_at_once_and_quietly_boxed_for_the_audience() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("talk.md");
    std::fs::write(
        &path,
        "# One\n\n---\n\n# Two\n\n---\n\n![a meme](missing-meme.png)\n",
    )
    .expect("write");
    let p = Presenter::new(deck::load(&path).expect("loads"));
    let mut h = console(p);
    let ctx = h.ctx.clone();
    h.state_mut().check_images(&ctx);
    let end = Instant::now() + std::time::Duration::from_secs(10);
    while h.state().image_warnings.is_empty() && Instant::now() < end {
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.run();
    }
    h.get_by_label_contains("image not found: missing-meme.png");
    // The console's preview names the file in its placeholder.
    h.state_mut().apply(ltdeck::show::Action::GoTo(2));
    for _ in 0..50 {
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.run();
    }
    assert!(
        painted_text(&h).contains("⚠ missing-meme.png"),
        "{}",
        painted_text(&h)
    );
    // The audience sees a neutral box on slide 3, never the file name or the warning.
    let mut p = Presenter::new(deck::load(&path).expect("loads"));
    p.apply(ltdeck::show::Action::GoTo(2));
    let mut a = audience(p);
    for _ in 0..50 {
        std::thread::sleep(std::time::Duration::from_millis(20));
        a.run();
    }
    let painted = painted_text(&a);
    assert!(!painted.contains("missing-meme"), "{painted}");
}

#[test]
fn every_peer_deck_slide_draws_in_both_views_without_panicking() {
    // Real decks from other presenters: raw HTML, KaTeX, remark classes, Slidev components,
    // missing and remote images, huge code blocks. The renderer must draw every step of every
    // slide, in the console and on the audience screen.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/peer-decks");
    if !dir.is_dir() {
        assert!(
            std::env::var("LTDECK_REQUIRE_PEER_DECKS").as_deref() != Ok("1"),
            "peer decks missing"
        );
        common::skip(&format!("{} not found", dir.display()));
        return;
    }
    let decks = [
        "gnab__remark/index.html.textarea.md",
        "slidevjs__slidev/demo/starter/slides.md",
        "yihui__xaringan/inst/rmarkdown/templates/xaringan/skeleton/skeleton.Rmd",
        "jj1bdx__writing-otp-modules/eefsfbay2017-slides/eefsf2017-rikitake.md",
        "benelog__presentations/20220413-yonsei-stats-rc101/slides.md",
        "mfontanini__presenterm/examples/demo.md",
        "yhatt__marp-cli-example/PITCHME.md",
        "ddps-lab__ddps-lab-marp-theme/sample.md",
    ];
    for rel in decks {
        let deck = deck::load(&dir.join(rel)).expect("peer deck loads");
        let mut p = Presenter::new(deck.clone());
        p.clock = Clock::Fixed(Instant::now(), "14:05".into());
        let mut h = harness(&p, [1280.0, 800.0])
            .allow_missing_glyphs()
            .build_ui_state(
                |ui, p: &mut Presenter| {
                    p.update(ui.ctx());
                    p.handle_input(ui.ctx());
                    console_ui(ui, p);
                    let rect =
                        egui::Rect::from_min_size(egui::pos2(0.0, 0.0), egui::vec2(640.0, 360.0));
                    let (slide, step) = (p.show.slide(), p.show.step());
                    p.draw_slide(ui, rect, slide, step, true);
                },
                p,
            );
        h.run();
        for _ in 0..300 {
            if h.state().show.next_position().is_none() {
                break;
            }
            h.key_press(Key::ArrowRight);
            // The running timer keeps asking for frames: step, rather than run until idle.
            h.run_steps(2);
        }
        assert_eq!(
            h.state().show.next_position(),
            None,
            "{rel}: reached the end"
        );
    }
}

/// Each painted text with the rectangle it covers.
fn painted_positions(h: &Harness<'_, Presenter>) -> Vec<(String, egui::Rect)> {
    common::painted_shapes(h)
        .into_iter()
        .filter_map(|shape| match shape {
            Shape::Text(t) => Some((t.galley.text().to_string(), t.visual_bounding_rect())),
            _ => None,
        })
        .collect()
}

/// Where the text `text` was painted.
fn painted_at(h: &Harness<'_, Presenter>, text: &str) -> Option<egui::Rect> {
    painted_positions(h)
        .into_iter()
        .find(|(t, _)| t == text)
        .map(|(_, r)| r)
}

#[test]
fn columns_sit_side_by_side_in_proportion_and_reveal_by_step() {
    let deck = deck::parse(
        b"# Columns\n\n<!-- column_layout: [2, 1] -->\n<!-- column: 1 -->\n\nright side\n\n\
          <!-- pause -->\n\n<!-- column: 0 -->\n\nleft side\n",
        Path::new("/talk"),
    );
    let mut a = audience(Presenter::new(deck));
    // Step 1: only the right column, which starts past two thirds of the slide's text width.
    let right = painted_at(&a, "right side").expect("the right column shows first");
    assert!(painted_at(&a, "left side").is_none());
    assert!(right.min.x > 1280.0 * 0.55, "{right:?}");
    press(&mut a, Key::ArrowRight);
    let left = painted_at(&a, "left side").expect("the left column after the pause");
    let heading = painted_at(&a, "Columns").expect("heading");
    // Both columns start at the same height (glyph bounds differ by a pixel between faces),
    // under the heading; the left one at the margin.
    assert!((left.min.y - right.min.y).abs() < 2.0, "{left:?} {right:?}");
    assert!(left.min.y > heading.max.y);
    assert!(
        (left.min.x - heading.min.x).abs() < 2.0,
        "{left:?} {heading:?}"
    );
}

#[test]
fn two_digit_list_numbers_stay_clear_of_their_items() {
    let items: String = (1..=12).map(|n| format!("{n}. item {n}\n")).collect();
    let deck = deck::parse(items.as_bytes(), Path::new("/talk"));
    let a = audience(Presenter::new(deck));
    let nine = painted_at(&a, "9.").expect("marker 9");
    let ten = painted_at(&a, "10.").expect("marker 10");
    // One line each, and the items start after the widest number.
    assert!(
        (ten.height() - nine.height()).abs() < 1.0,
        "{nine:?} {ten:?}"
    );
    let item_nine = painted_at(&a, "item 9").expect("item 9");
    let item_ten = painted_at(&a, "item 10").expect("item 10");
    assert!(ten.max.x < item_ten.min.x, "{ten:?} {item_ten:?}");
    assert_eq!(item_nine.min.x, item_ten.min.x);
}

#[test]
fn notes_that_begin_like_a_notes_marker_show_in_the_console() {
    let deck = deck::parse(
        b"# One\n\n<!-- Notes: remember the demo laptop -->\n\n---\n\n# Two\n\n<!-- Link: https://example.org -->\n",
        Path::new("/talk"),
    );
    let mut h = console(Presenter::new(deck));
    assert!(painted_text(&h).contains("Notes: remember the demo laptop"));
    assert!(h.query_by_label("No notes for this slide.").is_none());
    press(&mut h, Key::ArrowRight);
    assert!(painted_text(&h).contains("Link: https://example.org"));
}

/// The repaint the last frame asked for (egui's `Duration::MAX` is none).
fn repaint_delay(h: &Harness<'_, Presenter>) -> std::time::Duration {
    h.output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .map_or(std::time::Duration::MAX, |v| v.repaint_delay)
}

#[test]
fn a_slide_with_a_gif_repaints_at_its_frame_delays_and_the_next_slide_does_not() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gif = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/anim/moving.gif");
    std::fs::copy(&gif, dir.path().join("meme.gif")).expect("copy");
    let path = dir.path().join("talk.md");
    std::fs::write(&path, "![bg](meme.gif)\n\n---\n\n# After\n\nText.\n").expect("write");
    let mut p = Presenter::new(deck::load(&path).expect("loads"));
    p.clock = Clock::Fixed(Instant::now(), "14:05".into());
    let mut h = audience(p);
    let end = Instant::now() + std::time::Duration::from_secs(20);
    while !h.state().images.as_ref().is_some_and(|c| c.settled()) && Instant::now() < end {
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.run();
    }
    h.run();
    h.run();
    // The clock is frozen at the slide's start: frame 0 of 80 ms is up, the next is due in 80.
    assert_eq!(repaint_delay(&h), std::time::Duration::from_millis(80));
    press(&mut h, Key::ArrowRight);
    h.run();
    h.run();
    assert_eq!(h.state().show.slide(), 1);
    // The move started the countdown, which repaints once a second; nothing sooner.
    assert!(
        repaint_delay(&h) >= std::time::Duration::from_secs(1),
        "a slide without animations asks for no frame repaints: {:?}",
        repaint_delay(&h)
    );
}
