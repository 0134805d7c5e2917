//! PDF decks: reading a PDF into a deck, and rendering its pages at the projector's size — a
//! text page and a page with a 12-megapixel photo (the cost of a page flip that was not rendered
//! ahead, and of each page rendered ahead).

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

#[path = "common/photo.rs"]
mod photo;

/// A two-page PDF as `ltdeck export` writes it: a text slide, then a full-bleed photo.
fn pdf(dir: &Path) -> Vec<u8> {
    photo::photo(&dir.join("photo.jpg"));
    let markdown =
        "# 발표 제목\n\n- 짧으면 집중한다\n- The quick brown fox\n\n---\n\n![bg](photo.jpg)\n";
    let deck = ltdeck::deck::parse(markdown.as_bytes(), dir);
    let plan = ltdeck::check::font_plan(&deck);
    ltdeck::export::pdf_with_fonts(&deck, &ltdeck::export::Options::default(), &plan).pdf
}

fn pages_benchmark(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let bytes = pdf(dir.path());
    let path = dir.path().join("talk.pdf");
    std::fs::write(&path, &bytes).expect("write");
    let fallbacks = ltdeck::pages::Fallbacks::default();
    let mut group = c.benchmark_group("pages");
    group.sample_size(10);
    group.bench_function("load a 2-page PDF as a deck", |b| {
        b.iter(|| ltdeck::deck::load(black_box(&path)).expect("loads"))
    });
    for (name, page) in [("text page", 0), ("photo page", 1)] {
        group.bench_function(format!("render the {name} at 1920x1080"), |b| {
            b.iter(|| {
                ltdeck::pages::render_once(bytes.clone(), black_box(page), [1920, 1080], &fallbacks)
                    .expect("renders")
            })
        });
    }
    group.finish();
}

criterion_group!(benches, pages_benchmark);
criterion_main!(benches);
