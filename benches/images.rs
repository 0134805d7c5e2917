//! Image decoding: a 4000×3000 JPEG (a phone photo) decoded and downscaled to a 1920×1080 screen.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

#[path = "common/photo.rs"]
mod photo;
use photo::photo;

fn decode_benchmark(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("photo.jpg");
    photo(&path);
    let mut group = c.benchmark_group("images");
    group.sample_size(20);
    group.bench_function("decode+downscale 4000x3000 jpeg to 1920x1080", |b| {
        b.iter(|| ltdeck::images::decode(black_box(&path), [1920, 1080]).expect("decodes"))
    });
    group.bench_function("read header of 4000x3000 jpeg", |b| {
        b.iter(|| ltdeck::images::header_size(black_box(&path)).expect("header"))
    });
    group.finish();
}

criterion_group!(benches, decode_benchmark);
criterion_main!(benches);
