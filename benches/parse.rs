//! Parsing speed: a generated 1,000-slide deck that mixes every block kind and note syntax.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// A deck of `n` slides: headings, lists, code, tables, images, Hangul, notes and pauses.
fn generated_deck(n: usize) -> String {
    let mut s = String::from("---\ntitle: Benchmark\nduration: 5m\nslide_numbers: true\n---\n\n");
    for i in 0..n {
        s.push_str(&format!("## Slide {i}: 발표 슬라이드\n\n"));
        match i % 5 {
            0 => s.push_str("- first point with **bold**\n- second with `code`\n- third, [a link](https://x.org)\n"),
            1 => s.push_str("```python\ndef f(x: int) -> int:\n    return x * 2\n```\n"),
            2 => s.push_str("| a | b |\n|:--|--:|\n| 1 | 2 |\n| 3 | 4 |\n"),
            3 => s.push_str("![bg right:40%](photo.jpg)\n\nText beside a photo, *emphasised*.\n"),
            _ => s.push_str("one\n\n<!-- pause -->\n\ntwo\n"),
        }
        s.push_str(&format!(
            "\n<!-- Note for slide {i}: say something useful here, in a sentence or two. -->\n\n^ 한국어 노트 {i}\n\n---\n\n"
        ));
    }
    s
}

fn parse_benchmark(c: &mut Criterion) {
    let deck = generated_deck(1000);
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(deck.len() as u64));
    group.bench_function("1000 slides", |b| {
        b.iter(|| ltdeck::deck::parse(black_box(deck.as_bytes()), Path::new("/talk")))
    });
    // Freeing the previous deck happens off the critical path (after a reload has swapped it).
    group.bench_function("1000 slides, without freeing", |b| {
        b.iter_with_large_drop(|| {
            ltdeck::deck::parse(black_box(deck.as_bytes()), Path::new("/talk"))
        })
    });
    // A real talk: the English sample deck (12 slides).
    let welcome =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/decks/welcome.md")).unwrap_or_default();
    group.throughput(Throughput::Bytes(welcome.len() as u64));
    group.bench_function("decks/welcome.md", |b| {
        b.iter(|| ltdeck::deck::parse(black_box(&welcome), Path::new("/talk")))
    });
    group.finish();
}

/// Saving an edited note (the console does it on the UI thread when editing ends): the file's
/// new bytes, checked by parsing the deck before and after each form tried.
fn save_note_benchmark(c: &mut Criterion) {
    let deck = generated_deck(1000);
    let parsed = ltdeck::deck::parse(deck.as_bytes(), Path::new("/talk"));
    let end = |i: usize| parsed.slides[i].origin.as_ref().map_or(0, |o| o.end);
    let text = "새 노트: 천천히\n\n- a list item\n- `-->` in code";
    let mut group = c.benchmark_group("save note");
    group.bench_function("1000 slides, slide 500", |b| {
        b.iter(|| {
            ltdeck::deck::edit::rewrite(
                black_box(deck.as_bytes()),
                Path::new("/talk"),
                end(500),
                text,
            )
        })
    });
    let welcome =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/decks/welcome.md")).unwrap_or_default();
    let small = ltdeck::deck::parse(&welcome, Path::new("/talk"));
    let at = small
        .slides
        .get(3)
        .and_then(|s| s.origin.as_ref())
        .map_or(0, |o| o.end);
    group.bench_function("decks/welcome.md, slide 4", |b| {
        b.iter(|| ltdeck::deck::edit::rewrite(black_box(&welcome), Path::new("/talk"), at, text))
    });
    group.finish();
}

criterion_group!(benches, parse_benchmark, save_note_benchmark);
criterion_main!(benches);
