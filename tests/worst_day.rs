//! A speaker's worst day, one regression test per case: saves that are half written or leave a
//! fence open, images replaced or fixed on disk. Time is the presenter's fixed clock and files
//! live in temp dirs, so every case is exact.

use std::path::Path;
use std::time::{Duration, Instant};

use egui_kittest::kittest::Queryable;

use ltdeck::deck;
use ltdeck::render::images::ImageState;
use ltdeck::ui::presenter::RELOAD_SETTLE;
use ltdeck::ui::{Clock, Presenter};
use ltdeck::watch::Change;

mod common;

fn eight_slides() -> String {
    (1..=8)
        .map(|i| format!("# Slide {i}\n\nText {i}\n\n<!-- note {i} -->\n"))
        .collect::<Vec<_>>()
        .join("\n---\n\n")
}

fn presenting(path: &Path, t0: Instant) -> Presenter {
    let mut p = Presenter::new(deck::load(path).expect("deck loads"));
    p.clock = Clock::Fixed(t0, "20:00".into());
    p
}

fn at(p: &mut Presenter, t: Instant) {
    p.clock = Clock::Fixed(t, "20:00".into());
}

#[test]
fn a_save_with_an_unclosed_fence_keeps_the_last_good_deck_and_the_position() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("talk.md");
    std::fs::write(&path, eight_slides()).expect("write");
    let mut p = presenting(&path, Instant::now());
    p.apply(ltdeck::show::Action::GoTo(5));
    // The speaker types a fence on slide 2 and saves before closing it.
    let broken = eight_slides().replace("Text 2\n", "Text 2\n\n```python\nprint(1)\n");
    std::fs::write(&path, broken).expect("write");
    p.reload();
    assert_eq!(p.deck().slides.len(), 8, "the last good deck stays");
    assert_eq!(p.show.slide(), 5);
    let error = p.reload_error.clone().expect("the console says why");
    assert!(
        error.contains("talk.md:") && error.contains("never closed"),
        "{error}"
    );
    // The fix is taken, and the talk is still on slide 6.
    std::fs::write(&path, eight_slides().replace("Text 6", "Text six")).expect("write");
    p.reload();
    assert!(p.reload_error.is_none());
    assert_eq!(p.show.slide(), 5);
    assert!(ltdeck::check::screen_text(&p.deck().slides[5]).contains("Text six"));
}

#[test]
fn a_save_in_two_parts_is_read_once_it_is_still_and_never_moves_the_talk() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("talk.md");
    let whole = eight_slides();
    std::fs::write(&path, &whole).expect("write");
    let t0 = Instant::now();
    let mut p = presenting(&path, t0);
    p.apply(ltdeck::show::Action::GoTo(5));
    // First half written...
    let cut = whole.find("# Slide 4").expect("slide 4");
    std::fs::write(&path, &whole[..cut]).expect("write");
    p.file_changed(Change::Deck);
    at(&mut p, t0 + Duration::from_millis(150));
    p.reload_if_due();
    assert_eq!(p.deck().slides.len(), 8, "not read while still changing");
    // ...the rest 0.15 s later: the wait starts again.
    std::fs::write(&path, &whole).expect("write");
    p.file_changed(Change::Deck);
    at(&mut p, t0 + RELOAD_SETTLE);
    p.reload_if_due();
    assert_eq!(p.deck().slides.len(), 8);
    at(&mut p, t0 + Duration::from_millis(150) + RELOAD_SETTLE);
    p.reload_if_due();
    assert_eq!((p.deck().slides.len(), p.show.slide()), (8, 5));
    // Even a truncated deck that did get read only clamps for a moment.
    std::fs::write(&path, &whole[..cut]).expect("write");
    p.reload();
    assert_eq!(p.show.slide(), 2);
    std::fs::write(&path, &whole).expect("write");
    p.reload();
    assert_eq!(
        p.show.slide(),
        5,
        "back on slide 6 once the whole file is there"
    );
}

fn png(path: &Path, w: u32, h: u32) {
    image::RgbImage::from_pixel(w, h, image::Rgb([200, 40, 40]))
        .save(path)
        .expect("save png");
}

/// Runs console frames until the image has a settled state.
fn settled(h: &mut egui_kittest::Harness<'_, Presenter>) -> ImageState {
    for _ in 0..200 {
        std::thread::sleep(Duration::from_millis(10));
        h.run();
        let p = h.state();
        let image = &p.deck().slides[0].images[0];
        if let Some(state) = p.images.as_ref().and_then(|c| c.peek(image))
            && !matches!(state, ImageState::Loading { .. })
        {
            return state;
        }
    }
    panic!("the image never settled");
}

#[test]
fn images_changed_on_disk_are_decoded_again_a_broken_one_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("deck")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("pics")).expect("mkdir");
    let path = dir.path().join("deck/talk.md");
    let photo = dir.path().join("pics/photo.png");
    std::fs::write(&photo, b"not a png").expect("write");
    std::fs::write(&path, "# Photo\n\n![](../pics/photo.png)\n").expect("write");
    let mut h = common::console(presenting(&path, Instant::now()));
    assert!(matches!(settled(&mut h), ImageState::Failed(_)));
    // Fixed on disk: the watcher reports an absolute path, the deck says `../pics/photo.png`.
    png(&photo, 40, 20);
    let absolute = std::path::absolute(&photo).expect("abs");
    assert!(h.state_mut().file_changed(Change::Image(absolute.clone())));
    assert!(matches!(
        settled(&mut h),
        ImageState::Ready { size: [40, 20], .. }
    ));
    // Replaced by another picture.
    png(&photo, 80, 20);
    assert!(h.state_mut().file_changed(Change::Image(absolute)));
    assert!(matches!(
        settled(&mut h),
        ImageState::Ready { size: [80, 20], .. }
    ));
    assert!(h.query_by_label_contains("cannot be shown").is_none());
}
