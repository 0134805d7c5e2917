//! Image directives in alt text (Marp's `bg left:40% 80%`, Deckset's `right, fit`) and image
//! sources (relative paths, `file://`, remote URLs).
//!
//! Owns turning `![alt](src)` into placement, size and a resolved source. It never touches the
//! file system: whether a file exists is `check`'s business.

use std::path::Path;

use super::model::{Fit, ImageSize, ImageSource, Placement, Side};

/// Canvas pixels per `em` in Marp sizes such as `h:1.5em` (ltdeck's body text size).
pub const EM_PX: f32 = 32.0;

/// What the alt text asks for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AltDirectives {
    /// Alt text left once keywords are taken out.
    pub alt: String,
    /// `bg` or `background`.
    pub background: bool,
    /// `fit`/`contain` or `cover`/`fill`.
    pub fit: Option<Fit>,
    /// `left`/`right`, with an optional `:N%` share of the slide.
    pub side: Option<(Side, Option<f32>)>,
    /// `inline`.
    pub inline: bool,
    /// `w:`, `h:` and `N%`.
    pub size: ImageSize,
}

/// Keywords peers use that ltdeck accepts without acting on (filters, video options).
const IGNORED: &[&str] = &[
    "opacity",
    "blur",
    "grayscale",
    "sepia",
    "invert",
    "saturate",
    "brightness",
    "contrast",
    "hue-rotate",
    "drop-shadow",
    "vertical",
    "filtered",
    "original",
    "autoplay",
    "loop",
    "mute",
    "hide",
    "corner-radius",
    "auto",
];

/// Splits alt text into directives and the remaining description.
pub fn parse_alt(alt: &str) -> AltDirectives {
    let mut d = AltDirectives::default();
    let mut words = Vec::new();
    for token in alt.split([' ', ',', '\t', '\n']).filter(|t| !t.is_empty()) {
        if apply_token(&mut d, token).is_none() {
            words.push(token);
        }
    }
    d.alt = words.join(" ");
    d
}

/// Applies one keyword; `None` when it is an ordinary word of the description.
fn apply_token(d: &mut AltDirectives, token: &str) -> Option<()> {
    let lower = token.to_ascii_lowercase();
    let (key, value) = match lower.split_once(':') {
        Some((k, v)) => (k, Some(v)),
        None => (lower.as_str(), None),
    };
    match (key, value) {
        ("bg" | "background", None) => d.background = true,
        ("fit" | "contain", None) => d.fit = Some(Fit::Contain),
        ("cover" | "fill", None) => d.fit = Some(Fit::Cover),
        ("inline", None) => d.inline = true,
        ("left" | "right", v) => {
            let side = if key == "left" {
                Side::Left
            } else {
                Side::Right
            };
            let ratio = match v {
                Some(v) => Some(percent(v).filter(|r| *r > 0.0 && *r < 1.0)?),
                None => None,
            };
            d.side = Some((side, ratio));
        }
        ("w" | "width", Some(v)) => d.size.width = Some(length(v)?),
        ("h" | "height", Some(v)) => d.size.height = Some(length(v)?),
        (k, _) if IGNORED.contains(&k) => {}
        (k, None) if k.ends_with('%') => d.size.scale = Some(percent(k)?),
        _ => return None,
    }
    Some(())
}

fn percent(text: &str) -> Option<f32> {
    let v: f32 = text.strip_suffix('%')?.parse().ok()?;
    (v > 0.0 && v.is_finite()).then_some(v / 100.0)
}

/// An HTML `<img>` tag's image: `src`, `alt`, and `width`/`height` (attributes, or the same in
/// a `style`), as the deck wrote them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImgTag {
    /// The `src` attribute.
    pub src: String,
    /// The `alt` attribute.
    pub alt: String,
    /// Width and height in canvas pixels.
    pub size: ImageSize,
}

/// Every `<img …>` tag in a piece of HTML, in order (decks from Slidev, reveal.js and Marp write
/// images so, with a size). Tags without a `src` are skipped.
pub fn img_tags(html: &str) -> Vec<ImgTag> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = lower.get(from..).and_then(|s| s.find("<img")) {
        let start = from + at + 4;
        let end = lower[start..].find('>').map_or(html.len(), |e| start + e);
        let attrs = attributes(html.get(start..end).unwrap_or(""));
        let get = |name: &str| {
            attrs
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.clone())
        };
        let style = get("style").unwrap_or_default();
        let from_style = |name: &str| {
            style.split(';').find_map(|decl| {
                let (k, v) = decl.split_once(':')?;
                (k.trim().eq_ignore_ascii_case(name)).then(|| v.trim().to_string())
            })
        };
        let size = |name: &str| {
            get(name)
                .or_else(|| from_style(name))
                .and_then(|v| length(&v))
        };
        if let Some(src) = get("src").filter(|s| !s.trim().is_empty()) {
            out.push(ImgTag {
                src,
                alt: get("alt").unwrap_or_default(),
                size: ImageSize {
                    width: size("width"),
                    height: size("height"),
                    scale: None,
                },
            });
        }
        from = end;
    }
    out
}

/// `name="value"`, `name='value'`, `name=value` and bare `name` pairs of a tag's inside.
pub fn attributes(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let name_end = rest
            .find(|c: char| c == '=' || c.is_whitespace() || c == '/')
            .unwrap_or(rest.len());
        let name = &rest[..name_end];
        rest = rest[name_end..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, tail) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let inner = &after[1..];
                    let close = inner.find(q).unwrap_or(inner.len());
                    (&inner[..close], inner.get(close + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = v.to_string();
            rest = tail.trim_start();
        } else if name.is_empty() {
            // A stray `/` (self-closing) or other mark: skip one character.
            rest = rest.get(1..).unwrap_or("").trim_start();
        }
        if !name.is_empty() {
            out.push((name.to_string(), value));
        }
    }
    out
}

/// `300`, `300px` or `1.5em`, in canvas pixels.
fn length(text: &str) -> Option<f32> {
    let (number, factor) = if let Some(n) = text.strip_suffix("px") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix("em") {
        (n, EM_PX)
    } else {
        (text, 1.0)
    };
    let v: f32 = number.parse().ok()?;
    (v > 0.0 && v.is_finite()).then_some(v * factor)
}

impl AltDirectives {
    /// Placement the directives ask for; `None` when they leave it to the slide's layout.
    pub fn placement(&self) -> Option<Placement> {
        if self.inline {
            return Some(Placement::Inline);
        }
        if let Some((side, ratio)) = self.side {
            return Some(Placement::Split {
                side,
                ratio: ratio.unwrap_or(0.5),
                fit: self.fit.unwrap_or(Fit::Cover),
            });
        }
        if self.background {
            return Some(Placement::Background {
                fit: self.fit.unwrap_or(Fit::Cover),
            });
        }
        self.fit.map(|_| Placement::Large)
    }
}

/// Resolves an image link against the deck's folder.
pub fn resolve(src: &str, base_dir: &Path) -> ImageSource {
    let src = src.trim().trim_start_matches('<').trim_end_matches('>');
    let lower = src.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("data:") {
        return ImageSource::Remote(src.to_string());
    }
    let path = src.strip_prefix("file://").unwrap_or(src);
    let path = percent_decode(path);
    let path = Path::new(&path);
    if path.is_absolute() {
        ImageSource::File(path.to_path_buf())
    } else {
        ImageSource::File(base_dir.join(path))
    }
}

/// Decodes `%20` and friends; leaves malformed escapes as they are.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn img_tags_give_their_source_alt_and_size() {
        let tags = img_tags(
            "<div><img src=\"/logo.png\" width=\"300\" alt='Logo'><IMG SRC=a.jpg style=\"height: 2em; x:y\"/>\
             <img alt=\"no source\"></div>",
        );
        assert_eq!(tags.len(), 2);
        assert_eq!(
            (
                tags[0].src.as_str(),
                tags[0].alt.as_str(),
                tags[0].size.width
            ),
            ("/logo.png", "Logo", Some(300.0))
        );
        assert_eq!(
            (tags[1].src.as_str(), tags[1].size.height),
            ("a.jpg", Some(2.0 * EM_PX))
        );
        assert!(img_tags("<p>no images</p>").is_empty());
    }

    #[test]
    fn reads_marp_and_deckset_keywords() {
        let cases: [(&str, Option<Placement>); 10] = [
            ("", None),
            ("bg", Some(Placement::Background { fit: Fit::Cover })),
            (
                "background fit",
                Some(Placement::Background { fit: Fit::Contain }),
            ),
            (
                "bg contain",
                Some(Placement::Background { fit: Fit::Contain }),
            ),
            (
                "bg left:40%",
                Some(Placement::Split {
                    side: Side::Left,
                    ratio: 0.4,
                    fit: Fit::Cover,
                }),
            ),
            (
                "right, fit",
                Some(Placement::Split {
                    side: Side::Right,
                    ratio: 0.5,
                    fit: Fit::Contain,
                }),
            ),
            (
                "bg right:50% 70%",
                Some(Placement::Split {
                    side: Side::Right,
                    ratio: 0.5,
                    fit: Fit::Cover,
                }),
            ),
            ("fit", Some(Placement::Large)),
            ("inline, fit", Some(Placement::Inline)),
            (
                "bg opacity blur",
                Some(Placement::Background { fit: Fit::Cover }),
            ),
        ];
        for (alt, want) in cases {
            assert_eq!(parse_alt(alt).placement(), want, "{alt:?}");
        }
    }

    #[test]
    fn sizes_and_alt_words() {
        let d = parse_alt("Marp logo w:300 h:1.5em 60%");
        assert_eq!(d.alt, "Marp logo");
        assert_eq!(d.size.width, Some(300.0));
        assert_eq!(d.size.height, Some(1.5 * EM_PX));
        assert_eq!(d.size.scale, Some(0.6));
        let d = parse_alt("height:150px");
        assert_eq!(d.size.height, Some(150.0));
        assert_eq!(d.alt, "");
        let d = parse_alt("width:wide photo");
        assert_eq!(d.alt, "width:wide photo");
    }

    #[test]
    fn resolves_sources() {
        let base = Path::new("/talks/a");
        assert_eq!(
            resolve("img/x.png", base),
            ImageSource::File(PathBuf::from("/talks/a/img/x.png"))
        );
        assert_eq!(
            resolve("/abs/y.jpg", base),
            ImageSource::File(PathBuf::from("/abs/y.jpg"))
        );
        assert_eq!(
            resolve("file:///abs/y.jpg", base),
            ImageSource::File(PathBuf::from("/abs/y.jpg"))
        );
        assert_eq!(
            resolve("my%20photo.jpg", base),
            ImageSource::File(PathBuf::from("/talks/a/my photo.jpg"))
        );
        assert_eq!(
            resolve("https://e.com/a.png", base),
            ImageSource::Remote("https://e.com/a.png".into())
        );
        assert_eq!(
            resolve("<a b.png>", base),
            ImageSource::File(PathBuf::from("/talks/a/a b.png"))
        );
    }
}
