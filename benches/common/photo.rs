//! A phone photo for the benchmarks: 4000×3000 JPEG with photo-like detail.

/// Writes a 4000×3000 JPEG with photo-like detail (smooth gradients plus noise).
pub fn photo(path: &std::path::Path) {
    let mut seed = 0x2545_f491_u32;
    let img = image::RgbImage::from_fn(4000, 3000, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let n = (seed % 24) as u8;
        image::Rgb([
            (x / 16) as u8 ^ n,
            (y / 12) as u8 ^ n,
            ((x + y) / 28) as u8 ^ n,
        ])
    });
    img.save(path).expect("write jpeg");
}
