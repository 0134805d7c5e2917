//! Finding system fonts for the scripts a deck uses: a Korean face for Hangul (Noto Sans CJK KR is
//! face 1 of its `.ttc`, not face 0), Japanese and Chinese faces for Kana and Han, a Latin face
//! and bold faces. Fonts are read from the system at run time. One face is shipped: a Hangul
//! subset ([`BUNDLED_HANGUL`], SIL OFL), the last choice for Hangul when no system face covers it,
//! so a Korean deck never shows boxes on a fresh machine.
//!
//! Owns the choice (fontdb for the list, skrifa for glyph coverage). It does not touch egui, so
//! `check` uses it too, to say which package to install when a script has no font.

use std::path::{Path, PathBuf};

use fontdb::{Database, FaceInfo, Source, Style, Weight};
use skrifa::{FontRef, MetadataProvider};

/// A script that egui's built-in fonts cannot show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Korean syllables and jamo.
    Hangul,
    /// Japanese kana.
    Kana,
    /// Chinese characters (also used in Japanese and Korean).
    Han,
}

impl Script {
    /// A character of the script, to test coverage with.
    fn probe(self) -> char {
        match self {
            Script::Hangul => '가',
            Script::Kana => 'あ',
            Script::Han => '漢',
        }
    }

    /// What to install when no font covers it.
    pub fn install_hint(self) -> &'static str {
        match self {
            Script::Hangul => {
                "install a Korean font: `apt install fonts-nanum` or `fonts-noto-cjk`"
            }
            Script::Kana => {
                "install a Japanese font: `apt install fonts-noto-cjk` or `fonts-ipafont`"
            }
            Script::Han => "install a CJK font: `apt install fonts-noto-cjk`",
        }
    }

    /// The script's name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Script::Hangul => "Hangul",
            Script::Kana => "Kana",
            Script::Han => "Han",
        }
    }
}

/// The CJK scripts that appear in `text`.
pub fn scripts_in(text: &str) -> Vec<Script> {
    let mut out = Vec::new();
    for ch in text.chars() {
        let script = match ch {
            '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' => {
                Script::Hangul
            }
            '\u{3040}'..='\u{30FF}' => Script::Kana,
            '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' => Script::Han,
            _ => continue,
        };
        if !out.contains(&script) {
            out.push(script);
        }
    }
    out
}

/// Where a face's bytes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaceSource {
    /// A font file on this machine.
    File(PathBuf),
    /// Built into ltdeck.
    Bundled(&'static [u8]),
}

/// One face of a font file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Face {
    /// Where the font is.
    pub source: FaceSource,
    /// Face index inside a collection (`.ttc`).
    pub index: u32,
    /// Family name, for messages.
    pub family: String,
}

/// The faces chosen for a deck.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FontPlan {
    /// The deck's own `font:`, first for all text.
    pub user: Option<Face>,
    /// Latin text.
    pub latin: Option<Face>,
    /// Latin bold.
    pub latin_bold: Option<Face>,
    /// Hangul (regular and bold).
    pub hangul: Option<Face>,
    /// Hangul bold.
    pub hangul_bold: Option<Face>,
    /// Kana.
    pub kana: Option<Face>,
    /// Han.
    pub han: Option<Face>,
    /// Monospace with Hangul (code with Korean comments).
    pub mono_hangul: Option<Face>,
    /// Emoji beyond the few egui ships (a monochrome face such as Symbola).
    pub emoji: Option<Face>,
    /// Scripts the deck's own `font:` covers (read once, when planning).
    pub user_covers: Vec<Script>,
    /// The deck is Korean: Hangul faces go first, so Latin and Hangul match.
    pub korean_first: bool,
}

/// The family name of the bundled Hangul face (a renamed NanumGothic subset; assets/fonts).
pub const BUNDLED_HANGUL: &str = "ltdeck Gothic KR";
static BUNDLED_REGULAR: &[u8] = include_bytes!("../../assets/fonts/ltdeckGothicKR-Regular.ttf");
static BUNDLED_BOLD: &[u8] = include_bytes!("../../assets/fonts/ltdeckGothicKR-Bold.ttf");

/// The bundled Hangul face's file, regular or bold.
pub fn bundled_hangul_bytes(bold: bool) -> &'static [u8] {
    if bold { BUNDLED_BOLD } else { BUNDLED_REGULAR }
}

/// The bundled Hangul face, regular or bold.
pub fn bundled_hangul(bold: bool) -> Face {
    Face {
        source: FaceSource::Bundled(if bold { BUNDLED_BOLD } else { BUNDLED_REGULAR }),
        index: 0,
        family: BUNDLED_HANGUL.to_string(),
    }
}

const HANGUL_FAMILIES: &[&str] = &[
    "Noto Sans CJK KR",
    "Noto Sans KR",
    "Pretendard",
    "Source Han Sans K",
    "NanumBarunGothic",
    "NanumGothic",
    "NanumSquare",
    "Apple SD Gothic Neo",
    "Malgun Gothic",
];
const KANA_FAMILIES: &[&str] = &[
    "Noto Sans CJK JP",
    "Noto Sans JP",
    "Source Han Sans",
    "IPAGothic",
    "IPAexGothic",
    "TakaoGothic",
    "VL Gothic",
];
const HAN_FAMILIES: &[&str] = &[
    "Noto Sans CJK SC",
    "Noto Sans CJK TC",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "AR PL UMing CN",
];
const LATIN_FAMILIES: &[&str] = &[
    "Noto Sans",
    "Inter",
    "Open Sans",
    "DejaVu Sans",
    "Liberation Sans",
    "Cantarell",
    "Ubuntu",
];
const MONO_HANGUL_FAMILIES: &[&str] = &["D2Coding", "NanumGothicCoding", "Noto Sans Mono CJK KR"];
const EMOJI_FAMILIES: &[&str] = &[
    "Symbola",
    "Noto Emoji",
    "Noto Sans Symbols2",
    "Noto Sans Symbols 2",
    "DejaVu Sans",
];

/// Chooses faces from the system's fonts. `lang` is the deck's `lang:`; `text` is the deck's
/// text (its scripts decide too); `user_font` is the deck's `font:`.
pub fn plan(lang: Option<&str>, text: &str, user_font: Option<&Path>) -> FontPlan {
    let mut db = Database::new();
    db.load_system_fonts();
    plan_from(&db, lang, text, user_font)
}

/// [`plan`] over a given font database.
pub fn plan_from(
    db: &Database,
    lang: Option<&str>,
    text: &str,
    user_font: Option<&Path>,
) -> FontPlan {
    let scripts = scripts_in(text);
    let korean_lang = lang.is_some_and(|l| l.to_ascii_lowercase().starts_with("ko"));
    let system_hangul = pick(db, HANGUL_FAMILIES, Script::Hangul, false);
    let hangul_bold = match &system_hangul {
        Some(h) => {
            bold_of(db, &h.family).or_else(|| pick(db, HANGUL_FAMILIES, Script::Hangul, true))
        }
        None => Some(bundled_hangul(true)),
    };
    FontPlan {
        user_covers: user_font.map(file_covers).unwrap_or_default(),
        user: user_font.filter(|p| p.is_file()).map(|p| Face {
            source: FaceSource::File(p.to_path_buf()),
            index: 0,
            family: p.display().to_string(),
        }),
        latin: pick_latin(db, false),
        latin_bold: pick_latin(db, true),
        hangul_bold,
        hangul: system_hangul.or_else(|| Some(bundled_hangul(false))),
        kana: pick(db, KANA_FAMILIES, Script::Kana, false),
        han: pick(db, HAN_FAMILIES, Script::Han, false),
        mono_hangul: pick(db, MONO_HANGUL_FAMILIES, Script::Hangul, false),
        emoji: pick_covering(db, EMOJI_FAMILIES, '🙂'),
        korean_first: korean_lang
            || scripts.contains(&Script::Hangul) && !scripts.contains(&Script::Kana),
    }
}

impl FontPlan {
    /// Scripts in `text` that no chosen face covers.
    pub fn missing(&self, text: &str) -> Vec<Script> {
        scripts_in(text)
            .into_iter()
            .filter(|s| !self.user_covers.contains(s) && self.face_for(*s).is_none())
            .collect()
    }

    /// Scripts in `text` that only the bundled face covers (worth saying once, as info).
    pub fn bundled(&self, text: &str) -> Vec<Script> {
        scripts_in(text)
            .into_iter()
            .filter(|s| !self.user_covers.contains(s))
            .filter(|s| {
                self.face_for(*s)
                    .is_some_and(|f| matches!(f.source, FaceSource::Bundled(_)))
            })
            .collect()
    }

    /// The face chosen for a script; `pick` only chooses faces that cover it.
    fn face_for(&self, script: Script) -> Option<&Face> {
        match script {
            Script::Hangul => self.hangul.as_ref(),
            Script::Kana => self.kana.as_ref(),
            Script::Han => self.han.as_ref(),
        }
    }
}

fn file_of(info: &FaceInfo) -> Option<PathBuf> {
    match &info.source {
        Source::File(p) => Some(p.clone()),
        Source::SharedFile(p, _) => Some(p.clone()),
        Source::Binary(_) => None,
    }
}

fn face_of(info: &FaceInfo) -> Option<Face> {
    Some(Face {
        source: FaceSource::File(file_of(info)?),
        index: info.index,
        family: info
            .families
            .first()
            .map(|(f, _)| f.clone())
            .unwrap_or_default(),
    })
}

fn has_family(info: &FaceInfo, family: &str) -> bool {
    info.families
        .iter()
        .any(|(f, _)| f.eq_ignore_ascii_case(family))
}

fn is_bold(info: &FaceInfo) -> bool {
    info.weight >= Weight::SEMIBOLD
}

/// Plain upright faces of the wanted boldness, regular weight first.
fn upright<'a>(db: &'a Database, bold: bool) -> impl Iterator<Item = &'a FaceInfo> + 'a {
    db.faces()
        .filter(move |f| f.style == Style::Normal && is_bold(f) == bold)
        .filter(move |f| f.weight >= Weight::NORMAL || bold)
}

fn covers(db: &Database, info: &FaceInfo, ch: char) -> bool {
    db.with_face_data(info.id, |data, index| {
        FontRef::from_index(data, index).is_ok_and(|f| f.charmap().map(ch).is_some())
    })
    .unwrap_or(false)
}

/// The scripts a font file covers (from its character map).
fn file_covers(path: &Path) -> Vec<Script> {
    let Ok(data) = super::file_bytes(path) else {
        return Vec::new();
    };
    let Ok(font) = FontRef::from_index(data, 0) else {
        return Vec::new();
    };
    let map = font.charmap();
    [Script::Hangul, Script::Kana, Script::Han]
        .into_iter()
        .filter(|s| map.map(s.probe()).is_some())
        .collect()
}

/// The first preferred family present (and covering the script), else any face covering it.
fn pick(db: &Database, families: &[&str], script: Script, bold: bool) -> Option<Face> {
    let probe = script.probe();
    for family in families {
        let found = upright(db, bold)
            .filter(|f| has_family(f, family))
            .min_by_key(|f| f.weight.0.abs_diff(if bold { 700 } else { 400 }));
        if let Some(info) = found
            && covers(db, info, probe)
        {
            return face_of(info);
        }
    }
    upright(db, bold)
        .filter(|f| !f.monospaced)
        .find(|f| covers(db, f, probe))
        .and_then(face_of)
}

/// The first preferred family present that covers `ch` (no fallback search: scanning every
/// face for an emoji would read every font file).
fn pick_covering(db: &Database, families: &[&str], ch: char) -> Option<Face> {
    families.iter().find_map(|family| {
        db.faces()
            .find(|f| has_family(f, family) && f.style == Style::Normal && covers(db, f, ch))
            .and_then(face_of)
    })
}

fn pick_latin(db: &Database, bold: bool) -> Option<Face> {
    LATIN_FAMILIES.iter().find_map(|family| {
        upright(db, bold)
            .filter(|f| has_family(f, family))
            .min_by_key(|f| f.weight.0.abs_diff(if bold { 700 } else { 400 }))
            .and_then(face_of)
    })
}

fn bold_of(db: &Database, family: &str) -> Option<Face> {
    upright(db, true)
        .filter(|f| has_family(f, family))
        .min_by_key(|f| f.weight.0.abs_diff(700))
        .and_then(face_of)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_scripts_in_text() {
        assert_eq!(scripts_in("hello"), []);
        assert_eq!(
            scripts_in("안녕 漢字 かな"),
            [Script::Hangul, Script::Han, Script::Kana]
        );
    }

    #[test]
    fn an_empty_font_database_falls_back_to_the_bundled_hangul_face_only() {
        let db = Database::new();
        let plan = plan_from(&db, Some("ko"), "발표 かな 漢字", None);
        assert_eq!(plan.hangul, Some(bundled_hangul(false)));
        assert_eq!(plan.hangul_bold, Some(bundled_hangul(true)));
        assert!(plan.korean_first);
        assert_eq!(plan.missing("발표 かな 漢字"), [Script::Kana, Script::Han]);
        assert_eq!(plan.bundled("발표 かな"), [Script::Hangul]);
        assert!(Script::Kana.install_hint().contains("fonts-noto-cjk"));
    }

    #[test]
    fn the_bundled_face_covers_every_modern_syllable_jamo_and_ascii() {
        let font = FontRef::new(BUNDLED_REGULAR).expect("a font");
        let map = font.charmap();
        let chars = ('\u{AC00}'..='\u{D7A3}')
            .chain('\u{3131}'..='\u{318E}')
            .chain('\u{1100}'..='\u{1112}')
            .chain(' '..='~')
            .chain("·“”‘’…「」①→■".chars());
        let missing: Vec<char> = chars.filter(|c| map.map(*c).is_none()).collect();
        assert!(missing.is_empty(), "not covered: {missing:?}");
        let bold = FontRef::new(BUNDLED_BOLD).expect("a bold font");
        assert!(bold.charmap().map('한').is_some());
        assert!(map.map('漢').is_none(), "Hanja are left out of the subset");
    }

    #[test]
    fn a_system_hangul_face_wins_over_the_bundled_one() {
        // An installed copy of the same glyphs is a system face: the plan takes the file.
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("system-korean.ttf");
        std::fs::write(&path, BUNDLED_REGULAR).expect("write");
        let mut db = Database::new();
        db.load_font_file(&path).expect("load");
        let plan = plan_from(&db, None, "한글", None);
        assert_eq!(
            plan.hangul.clone().map(|f| f.source),
            Some(FaceSource::File(path.clone()))
        );
        assert!(plan.bundled("한글").is_empty());
    }

    #[test]
    fn nanum_is_found_when_installed() {
        // Needs fonts-nanum, which .ci/run installs: on CI a missing font fails the test.
        let path = Path::new("/usr/share/fonts/truetype/nanum/NanumBarunGothic.ttf");
        if !path.exists() {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must install fonts-nanum"
            );
            let _ = std::io::Write::write_fmt(
                &mut std::io::stderr(),
                format_args!(
                    "skipping: fonts-nanum is not installed ({})\n",
                    path.display()
                ),
            );
            return;
        }
        let mut db = Database::new();
        db.load_fonts_dir("/usr/share/fonts/truetype/nanum");
        let plan = plan_from(&db, None, "한글", None);
        let hangul = plan.hangul.clone().expect("a Korean face");
        assert!(hangul.family.starts_with("Nanum"), "{hangul:?}");
        assert!(matches!(
            plan.hangul_bold,
            Some(Face {
                source: FaceSource::File(_),
                ..
            })
        ));
        assert!(plan.missing("한글").is_empty());
    }
}
