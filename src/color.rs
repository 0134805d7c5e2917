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
}
