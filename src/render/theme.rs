//! Slide themes: every colour and size the renderer uses, in one serde struct.
//!
//! Colours are chosen for a washed-out projector: high contrast, no thin greys for text.

use egui::Color32;
use serde::{Deserialize, Serialize};

use crate::deck::ThemeName;

/// Colours and sizes (sizes in logical canvas pixels: 1280×720 for 16:9).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Theme {
    /// Slide background.
    pub background: Color32,
    /// Body text.
    pub text: Color32,
    /// Headings.
    pub heading: Color32,
    /// Links, bullets, quote bars.
    pub accent: Color32,
    /// Footer, slide numbers, table rules.
    pub muted: Color32,
    /// Code block and inline code background.
    pub code_background: Color32,
    /// Placeholder boxes for images not (yet) shown.
    pub placeholder: Color32,
    /// Heading sizes for levels 1 to 6.
    pub heading_sizes: [f32; 6],
    /// Body text size.
    pub body_size: f32,
    /// Code size.
    pub code_size: f32,
    /// Footer and slide number size.
    pub footer_size: f32,
    /// Space around the content.
    pub margin: f32,
    /// Space between blocks.
    pub block_gap: f32,
    /// Indent of list items and quotes.
    pub indent: f32,
    /// Largest size for a one-line (Takahashi) slide.
    pub big_size: f32,
    /// Every slide is centred, as if it had the `lead` class (Marp's `uncover`).
    pub centred: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Self::dark()
    }
}

impl Theme {
    /// The theme a deck names.
    pub fn named(name: ThemeName) -> Self {
        match name {
            ThemeName::Dark => Self::dark(),
            ThemeName::Light => Self::light(),
            ThemeName::Default => Self::marp_default(),
            ThemeName::Gaia => Self::gaia(),
            ThemeName::Uncover => Self::uncover(),
        }
    }

    /// Marp's `default` theme: GitHub's dark text on white.
    pub fn marp_default() -> Self {
        Self {
            background: Color32::WHITE,
            text: Color32::from_rgb(0x1f, 0x23, 0x28),
            heading: Color32::from_rgb(0x1f, 0x23, 0x28),
            accent: Color32::from_rgb(0x09, 0x69, 0xda),
            muted: Color32::from_rgb(0x59, 0x63, 0x6e),
            code_background: Color32::from_rgb(0xf6, 0xf8, 0xfa),
            placeholder: Color32::from_rgb(0xdd, 0xe0, 0xe6),
            ..Self::sizes()
        }
    }

    /// Marp's `gaia` theme: slate on cream, blue accents.
    pub fn gaia() -> Self {
        Self {
            background: Color32::from_rgb(0xff, 0xf8, 0xe1),
            text: Color32::from_rgb(0x45, 0x5a, 0x64),
            heading: Color32::from_rgb(0x45, 0x5a, 0x64),
            accent: Color32::from_rgb(0x02, 0x77, 0xbd),
            muted: Color32::from_rgb(0x60, 0x74, 0x7e),
            code_background: Color32::from_rgb(0xfc, 0xef, 0xc8),
            placeholder: Color32::from_rgb(0xe8, 0xe0, 0xc8),
            ..Self::sizes()
        }
    }

    /// Marp's `uncover` theme: near-black on white, every slide centred.
    pub fn uncover() -> Self {
        Self {
            background: Color32::from_rgb(0xfd, 0xfc, 0xff),
            text: Color32::from_rgb(0x20, 0x22, 0x28),
            heading: Color32::from_rgb(0x20, 0x22, 0x28),
            accent: Color32::from_rgb(0x00, 0x7a, 0xa8),
            muted: Color32::from_rgb(0x5a, 0x5c, 0x62),
            code_background: Color32::from_rgb(0xee, 0xee, 0xf2),
            placeholder: Color32::from_rgb(0xdd, 0xdd, 0xe4),
            centred: true,
            ..Self::sizes()
        }
    }

    /// The theme's colours turned around (Marp's `invert` class, and `gaia`'s `gaia` class):
    /// its text colour as the background, its background as the text.
    pub fn inverted(&self) -> Self {
        Self {
            background: self.text,
            text: self.background,
            heading: self.background,
            muted: self.placeholder,
            code_background: self.muted,
            placeholder: self.muted,
            ..self.clone()
        }
    }

    /// Light text on near-black.
    pub fn dark() -> Self {
        Self {
            background: Color32::from_rgb(0x12, 0x14, 0x1a),
            text: Color32::from_rgb(0xf2, 0xf2, 0xf2),
            heading: Color32::WHITE,
            accent: Color32::from_rgb(0x5c, 0xc8, 0xff),
            muted: Color32::from_rgb(0xa8, 0xad, 0xb8),
            code_background: Color32::from_rgb(0x22, 0x26, 0x30),
            placeholder: Color32::from_rgb(0x2a, 0x2e, 0x38),
            ..Self::sizes()
        }
    }

    /// Dark text on white.
    pub fn light() -> Self {
        Self {
            background: Color32::WHITE,
            text: Color32::from_rgb(0x1a, 0x1a, 0x1a),
            heading: Color32::BLACK,
            accent: Color32::from_rgb(0x00, 0x5f, 0xc0),
            muted: Color32::from_rgb(0x55, 0x5a, 0x64),
            code_background: Color32::from_rgb(0xee, 0xf0, 0xf4),
            placeholder: Color32::from_rgb(0xdd, 0xe0, 0xe6),
            ..Self::sizes()
        }
    }

    fn sizes() -> Self {
        Self {
            background: Color32::BLACK,
            text: Color32::WHITE,
            heading: Color32::WHITE,
            accent: Color32::WHITE,
            muted: Color32::GRAY,
            code_background: Color32::BLACK,
            placeholder: Color32::DARK_GRAY,
            heading_sizes: [64.0, 52.0, 44.0, 38.0, 34.0, 34.0],
            body_size: 34.0,
            code_size: 26.0,
            footer_size: 18.0,
            margin: 64.0,
            block_gap: 20.0,
            indent: 44.0,
            big_size: 150.0,
            centred: false,
        }
    }

    /// Whether the background is dark (for code highlighting).
    pub fn is_dark(&self) -> bool {
        let [r, g, b, _] = self.background.to_array();
        (r as u32 + g as u32 + b as u32) < 384
    }

    /// Parses a CSS-ish colour from a directive: `#123`, `#112233`, or a few names.
    pub fn parse_color(text: &str) -> Option<Color32> {
        crate::color::parse(text).map(|[r, g, b, a]| Color32::from_rgba_unmultiplied(r, g, b, a))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn themes_differ_and_know_their_darkness() {
        assert!(Theme::dark().is_dark());
        assert!(!Theme::light().is_dark());
        assert_eq!(Theme::named(ThemeName::Light), Theme::light());
    }

    #[test]
    fn directive_colours_parse() {
        assert_eq!(
            Theme::parse_color("#123"),
            Some(Color32::from_rgb(0x11, 0x22, 0x33))
        );
        assert_eq!(
            Theme::parse_color("\"#102030\""),
            Some(Color32::from_rgb(0x10, 0x20, 0x30))
        );
        assert_eq!(
            Theme::parse_color("beige"),
            Some(Color32::from_rgb(0xf5, 0xf5, 0xdc))
        );
        assert_eq!(Theme::parse_color("nonsense"), None);
        assert_eq!(Theme::parse_color("#12"), None);
    }

    #[test]
    fn theme_round_trips_through_json() {
        let json = serde_json::to_string(&Theme::light()).expect("serialize");
        let back: Theme = serde_json::from_str(&json).expect("deserialize");
        assert_eq!(back, Theme::light());
    }
}
