//! Colours as decks write them (`#123`, `#112233`, `beige`) and the contrast between two of
//! them, as WCAG 2 measures it. egui-free: `check` warns with it, the renderer picks readable
//! text with it.

/// WCAG AA for body text: the contrast a text colour needs against its background.
pub const AA: f32 = 4.5;

/// WCAG AA for large text (headings, footers): 3:1.
pub const AA_LARGE: f32 = 3.0;

/// Parses a CSS-ish colour: `#123`, `#112233`, `#11223344`, or a few names; RGBA.
pub fn parse(text: &str) -> Option<[u8; 4]> {
    let t = text.trim().trim_matches(['"', '\'']);
    if let Some(hex) = t.strip_prefix('#') {
        let hex = expand_hex(hex)?;
        let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
        let alpha = if hex.len() == 8 { byte(6)? } else { 255 };
        return Some([byte(0)?, byte(2)?, byte(4)?, alpha]);
    }
    let [r, g, b] = match t.to_ascii_lowercase().as_str() {
        "black" => [0, 0, 0],
        "white" => [255, 255, 255],
        "red" => [0xd0, 0x30, 0x30],
        "green" => [0x2e, 0x9e, 0x44],
        "blue" => [0x22, 0x55, 0xcc],
        "navy" => [0x00, 0x1f, 0x5c],
        "beige" => [0xf5, 0xf5, 0xdc],
        "gray" | "grey" => [0x80, 0x80, 0x80],
        "orange" => [0xf0, 0x8c, 0x00],
        "yellow" => [0xf5, 0xd0, 0x00],
        _ => return None,
    };
    Some([r, g, b, 255])
}

fn expand_hex(hex: &str) -> Option<String> {
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    match hex.len() {
        3 => Some(hex.chars().flat_map(|c| [c, c]).collect()),
        6 | 8 => Some(hex.to_string()),
        _ => None,
    }
}

/// Relative luminance (WCAG 2) of an sRGB colour.
pub fn luminance([r, g, b]: [u8; 3]) -> f32 {
    let lin = |c: u8| {
        let c = f32::from(c) / 255.0;
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// Whether a colour is light (text of it wants a dark backing, and reads on dark).
pub fn is_light(c: [u8; 3]) -> bool {
    luminance(c) >= 0.18
}

/// Contrast ratio of two colours, 1 to 21.
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `preferred` when it reaches `needed` against `background`, else black or white, whichever
/// contrasts more (one of them always reaches 4.5:1).
pub fn readable(background: [u8; 3], preferred: [u8; 3], needed: f32) -> [u8; 3] {
    if contrast(background, preferred) >= needed {
        return preferred;
    }
    let (black, white) = ([0x11, 0x11, 0x11], [0xff, 0xff, 0xff]);
    if contrast(background, black) >= contrast(background, white) {
        black
    } else {
        white
    }
}

/// How bright a photo is, cell by cell: a coarse map of its pixels, kept with the image so text
/// drawn over it can be given a readable colour and, where needed, a backing.
#[derive(Debug, Clone, PartialEq)]
pub struct Tone {
    columns: usize,
    rows: usize,
    /// Per cell: mean colour, and the darkest and brightest pixel's luminance.
    cells: Vec<Cell>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Cell {
    mean: [u8; 3],
    darkest: f32,
    brightest: f32,
}

/// The statistics of a region of a photo.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Region {
    /// Mean colour.
    pub mean: [u8; 3],
    /// Luminance of the darkest and the brightest pixel.
    pub darkest: f32,
    pub brightest: f32,
}

/// Cells along each side of a [`Tone`].
const TONE_CELLS: usize = 24;

impl Tone {
    /// The map of a `width` × `height` picture whose pixel `(x, y)` is `pixel(x, y)`. The
    /// darkest and brightest of a cell are those of its 4×4 blocks' mean colours, so the map
    /// of a picture is the same at any size it was decoded at (the screen's copy and export's).
    pub fn of(
        width: usize,
        height: usize,
        pixel: impl Fn(usize, usize) -> [u8; 3],
    ) -> Option<Self> {
        if width == 0 || height == 0 {
            return None;
        }
        let blocks = TONE_CELLS * 4;
        let (bx, by) = (blocks.min(width), blocks.min(height));
        // Mean colour of each block.
        let mut means = Vec::with_capacity(bx * by);
        for row in 0..by {
            let (y0, y1) = (
                row * height / by,
                ((row + 1) * height / by).max(row * height / by + 1),
            );
            for col in 0..bx {
                let (x0, x1) = (
                    col * width / bx,
                    ((col + 1) * width / bx).max(col * width / bx + 1),
                );
                let mut sum = [0u64; 3];
                let mut n = 0u64;
                for y in y0..y1.min(height) {
                    for x in x0..x1.min(width) {
                        let p = pixel(x, y);
                        for (total, v) in sum.iter_mut().zip(p) {
                            *total += u64::from(v);
                        }
                        n += 1;
                    }
                }
                means.push(sum.map(|v| (v / n.max(1)) as u8));
            }
        }
        let (columns, rows) = (TONE_CELLS.min(bx), TONE_CELLS.min(by));
        let mut cells = Vec::with_capacity(columns * rows);
        for row in 0..rows {
            for col in 0..columns {
                let mut sum = [0u32; 3];
                let (mut darkest, mut brightest, mut n) = (f32::MAX, 0.0f32, 0u32);
                for y in row * by / rows..((row + 1) * by / rows).max(row * by / rows + 1) {
                    for x in
                        col * bx / columns..((col + 1) * bx / columns).max(col * bx / columns + 1)
                    {
                        let m = means[y.min(by - 1) * bx + x.min(bx - 1)];
                        for (total, v) in sum.iter_mut().zip(m) {
                            *total += u32::from(v);
                        }
                        let l = luminance(m);
                        darkest = darkest.min(l);
                        brightest = brightest.max(l);
                        n += 1;
                    }
                }
                cells.push(Cell {
                    mean: sum.map(|v| (v / n.max(1)) as u8),
                    darkest,
                    brightest,
                });
            }
        }
        Some(Self {
            columns,
            rows,
            cells,
        })
    }

    /// The region `[u0, v0] – [u1, v1]` of the picture (0 to 1 across and down); `None` when
    /// it lies outside.
    pub fn region(&self, [u0, v0, u1, v1]: [f32; 4]) -> Option<Region> {
        let span = |a: f32, b: f32, n: usize| {
            let lo = (a.clamp(0.0, 1.0) * n as f32).floor() as usize;
            let hi = ((b.clamp(0.0, 1.0) * n as f32).ceil() as usize).min(n);
            (lo < hi).then_some(lo..hi)
        };
        let (xs, ys) = (span(u0, u1, self.columns)?, span(v0, v1, self.rows)?);
        let mut sum = [0u32; 3];
        let (mut darkest, mut brightest, mut n) = (f32::MAX, 0.0f32, 0u32);
        for y in ys {
            for x in xs.clone() {
                let cell = self.cells[y * self.columns + x];
                for (total, v) in sum.iter_mut().zip(cell.mean) {
                    *total += u32::from(v);
                }
                darkest = darkest.min(cell.darkest);
                brightest = brightest.max(cell.brightest);
                n += 1;
            }
        }
        Some(Region {
            mean: sum.map(|v| (v / n) as u8),
            darkest,
            brightest,
        })
    }
}

/// The text colour for a photo region: light or dark, whichever reads better on its mean.
pub fn text_over(region: Region) -> [u8; 3] {
    let (dark, light) = ([0x11, 0x11, 0x11], [0xff, 0xff, 0xff]);
    if contrast(region.mean, light) >= contrast(region.mean, dark) {
        light
    } else {
        dark
    }
}

/// Text of colour `text` over a photo region: the colour (black under light text, white under
/// dark) and opacity of the least backing that keeps `needed` contrast against every pixel of
/// the region; opacity 0 when none is needed.
pub fn backing(text: [u8; 3], region: Region, needed: f32) -> ([u8; 3], f32) {
    let t = luminance(text);
    let light_text = is_light(text);
    // The pixel the text reads worst on: the brightest under light text, the darkest under dark.
    let (worst, backing) = if light_text {
        (region.brightest, [0u8; 3])
    } else {
        (region.darkest, [255u8; 3])
    };
    let ratio = |l: f32| (t.max(l) + 0.05) / (t.min(l) + 0.05);
    if ratio(worst) >= needed {
        return (backing, 0.0);
    }
    // A grey of the worst pixel's luminance, covered by the backing at `a` (blended as egui
    // blends, in gamma space): the least `a` that reaches the contrast.
    let grey = grey_of(worst);
    let blended = |a: f32| {
        let v = f32::from(grey) * (1.0 - a) + f32::from(backing[0]) * a;
        let v = v.round().clamp(0.0, 255.0) as u8;
        luminance([v, v, v])
    };
    let (mut lo, mut hi) = (0.0f32, 1.0f32);
    for _ in 0..16 {
        let mid = (lo + hi) / 2.0;
        if ratio(blended(mid)) >= needed {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    (backing, hi)
}

/// The sRGB grey whose luminance is at least `l`.
fn grey_of(l: f32) -> u8 {
    (0..=255u8)
        .find(|&v| luminance([v, v, v]) >= l)
        .unwrap_or(255)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_wcag_for_known_pairs() {
        for (a, b, ratio) in [
            ([0, 0, 0], [255, 255, 255], 21.0),
            ([255, 255, 255], [255, 255, 255], 1.0),
            // #777 on white: the classic just-below-AA grey.
            ([0x77, 0x77, 0x77], [255, 255, 255], 4.48),
            ([0x76, 0x76, 0x76], [255, 255, 255], 4.54),
            // Beige under white text: unreadable.
            ([0xf5, 0xf5, 0xdc], [255, 255, 255], 1.1),
        ] {
            let got = contrast(a, b);
            assert!((got - ratio).abs() < 0.05, "{a:?} {b:?}: {got}");
        }
    }

    #[test]
    fn readable_text_keeps_a_good_colour_and_replaces_a_bad_one() {
        let white = [255, 255, 255];
        // White text on beige fails: dark text instead.
        let on_beige = readable([0xf5, 0xf5, 0xdc], white, AA);
        assert!(contrast([0xf5, 0xf5, 0xdc], on_beige) >= AA);
        assert_ne!(on_beige, white);
        // White on navy passes: kept.
        assert_eq!(readable([0x00, 0x1f, 0x5c], white, AA), white);
        // On a mid grey one of black and white still reaches AA.
        let grey = [0x80, 0x80, 0x80];
        assert!(contrast(grey, readable(grey, [0x90, 0x90, 0x90], AA)) >= AA);
    }

    #[test]
    fn colours_parse_as_decks_write_them() {
        assert_eq!(parse("#123"), Some([0x11, 0x22, 0x33, 255]));
        assert_eq!(parse("\"#102030\""), Some([0x10, 0x20, 0x30, 255]));
        assert_eq!(parse("#10203080"), Some([0x10, 0x20, 0x30, 0x80]));
        assert_eq!(parse("Beige"), Some([0xf5, 0xf5, 0xdc, 255]));
        assert_eq!(parse("nonsense"), None);
        assert_eq!(parse("#12"), None);
    }

    /// A 200×100 picture: black on the left half, white on the right.
    fn half_and_half() -> Tone {
        Tone::of(200, 100, |x, _| if x < 100 { [0, 0, 0] } else { [255; 3] }).unwrap()
    }

    #[test]
    fn a_tone_knows_each_region_of_the_picture() {
        let tone = half_and_half();
        let left = tone.region([0.0, 0.0, 0.4, 1.0]).unwrap();
        assert_eq!(left.mean, [0, 0, 0]);
        assert_eq!(left.brightest, 0.0);
        let right = tone.region([0.6, 0.2, 1.0, 0.8]).unwrap();
        assert_eq!(right.mean, [255; 3]);
        // Across the middle: the mean is grey, the extremes are both there.
        let both = tone.region([0.3, 0.0, 0.7, 1.0]).unwrap();
        assert!(both.darkest < 0.01 && both.brightest > 0.99, "{both:?}");
        assert!(tone.region([1.2, 0.0, 1.5, 1.0]).is_none());
    }

    #[test]
    fn text_over_a_photo_keeps_aa_against_its_worst_pixel() {
        // A dark photo: light text, and no backing.
        let dark = Region {
            mean: [20, 20, 30],
            darkest: 0.0,
            brightest: luminance([60, 60, 70]),
        };
        assert_eq!(text_over(dark), [255; 3]);
        assert_eq!(backing([255; 3], dark, AA).1, 0.0);
        // A bright photo: dark text, no backing.
        let bright = Region {
            mean: [240, 240, 230],
            darkest: luminance([200; 3]),
            brightest: 1.0,
        };
        assert_eq!(text_over(bright), [0x11, 0x11, 0x11]);
        assert_eq!(backing([0x11, 0x11, 0x11], bright, AA), ([255; 3], 0.0));
        // A night city with bright windows: light text on its dark mean, and a dark backing
        // strong enough that even a white window under the text keeps 4.5:1.
        let city = Region {
            mean: [40, 40, 60],
            darkest: 0.0,
            brightest: 1.0,
        };
        let text = text_over(city);
        assert_eq!(text, [255; 3]);
        let (under, a) = backing(text, city, AA);
        assert_eq!(under, [0; 3]);
        assert!(a > 0.4 && a < 0.7, "{a}");
        let v = (255.0 * (1.0 - a)).round() as u8;
        assert!(
            contrast(text, [v, v, v]) >= AA - 0.01,
            "{}",
            contrast(text, [v, v, v])
        );
        // Half a grain less and it would not.
        let v = (255.0 * (1.0 - (a - 0.02))).round() as u8;
        assert!(contrast(text, [v, v, v]) < AA);
    }
}
