//! Front matter: YAML between a first `---` line and the next, or Deckset's global lines.
//!
//! Owns reading deck-wide settings into a checked [`Meta`], with a diagnostic (line, hint) for
//! every key it cannot use. It does not split slides; it only says where the body starts.

use crate::deck::Fit;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use serde_json::Value;

use super::diagnostic::{Diagnostic, Severity};
use super::model::{Aspect, Dialect, Meta, ThemeName};
use super::time::{DURATION_FORMS, parse_duration};

/// Keys ltdeck reads from YAML front matter, for hints.
const KNOWN_KEYS: &str = "title, sub_title, location, author, event, date, duration, warnings, auto_advance, theme, \
    aspect, footer, slide_numbers, lang, heading_divider, font, audience_timer, build_lists";

/// Deckset's global settings, written as the first lines of a file without `---`.
const DECKSET_KEYS: &[&str] = &[
    "autoscale",
    "background-color",
    "build-lists",
    "code-language",
    "fit-header",
    "footer",
    "footer-style",
    "header",
    "header-strong",
    "link",
    "list",
    "presenter-notes",
    "quote",
    "quote-author",
    "slide-dividers",
    "slide-transition",
    "slidecount",
    "slidenumber-style",
    "slidenumbers",
    "text",
    "text-strong",
    "theme",
];

/// Deck settings and where the slides begin.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    /// Checked settings.
    pub meta: Meta,
    /// 0-based index of the first body line.
    pub body_start: usize,
    /// Marp directives given in the front matter (`backgroundColor`, `_paginate`, …) with their line.
    pub directives: Vec<(String, String, usize)>,
    /// Every YAML key, for telling dialects apart.
    pub keys: Vec<String>,
    /// presenterm's `sub_title` and `location` (its introduction slide shows them).
    pub subtitle: Option<String>,
    pub location: Option<String>,
    /// A background image for every slide (presenterm's `theme.override.…background_image`):
    /// path as written, fit, 1-based line.
    pub background_image: Option<(String, Fit, usize)>,
    /// reveal-md's `separator` and `verticalSeparator`, as the lines they match (each `None`
    /// when not given: reveal-md's defaults, `---` and `----`, apply).
    pub reveal_separators: [Option<String>; 2],
    /// Warnings for keys ltdeck does not read, given out once the dialect is known: in a Slidev
    /// deck any key is a prop for the slide's layout (a theme's `coverTitle`), never a mistake.
    pub unknown_keys: Vec<Diagnostic>,
    /// The front matter as read: in Slidev it is also the first slide's front matter.
    pub map: BTreeMap<String, Value>,
}

/// Headmatter keys only Slidev uses.
const SLIDEV_KEYS: &[&str] = &[
    "layout",
    "drawings",
    "mdc",
    "comark",
    "highlighter",
    "colorSchema",
    "addons",
    "themeConfig",
    "info",
];

/// Slidev's other headmatter and per-slide keys that ltdeck does not draw (with
/// [`SLIDEV_KEYS`]: accepted quietly).
const SLIDEV_QUIET: &[&str] = &[
    "titleTemplate",
    "keywords",
    "presenter",
    "download",
    "exportFilename",
    "export",
    "lineNumbers",
    "monaco",
    "monacoTypesSource",
    "monacoTypesAdditionalPackages",
    "monacoRunAdditionalDeps",
    "remoteAssets",
    "selectable",
    "record",
    "contextMenu",
    "wakeLock",
    "photoSnapshot",
    "routerMode",
    "aspectRatio",
    "canvasWidth",
    "favicon",
    "plantUmlServer",
    "fonts",
    "defaults",
    "htmlAttrs",
    "editor",
    "seoMeta",
    "background",
    "class",
    "hideInToc",
    "level",
    "clicks",
    "zoom",
    "preload",
    "dragPos",
    "overviewSnapshots",
    "disabled",
    "routeAlias",
    "css",
    "transition",
];

/// reveal-md's front matter keys: any of them names the deck a reveal-md deck.
const REVEAL_MD_KEYS: &[&str] = &[
    "revealOptions",
    "separator",
    "verticalSeparator",
    "notesSeparator",
    "highlightTheme",
    "scripts",
    "preprocessor",
    "template",
    "listingTemplate",
];

impl FrontMatter {
    /// The headmatter uses keys only Slidev knows.
    pub fn is_slidev(&self) -> bool {
        self.keys.iter().any(|k| SLIDEV_KEYS.contains(&k.as_str()))
    }

    /// The dialect the front matter names outright, which beats every guess from the body:
    /// `marp: true` (Marp: `---` separates, whatever comments say), reveal-md's keys, Slidev's
    /// headmatter.
    pub fn explicit_dialect(&self) -> Option<Dialect> {
        let has = |key: &str| self.keys.iter().any(|k| k == key);
        if has("marp") {
            Some(Dialect::Common)
        } else if ["revealOptions", "separator", "verticalSeparator"]
            .iter()
            .any(|k| has(k))
        {
            Some(Dialect::RevealMd)
        } else if self.is_slidev() {
            Some(Dialect::Slidev)
        } else {
            None
        }
    }
}

/// Reads the front matter at the top of `lines`, pushing diagnostics for what it cannot use.
pub fn read(lines: &[&str], diags: &mut Vec<Diagnostic>) -> FrontMatter {
    if lines.first().is_some_and(|l| l.trim_end() == "---") {
        if let Some(fm) = read_yaml(lines, diags) {
            return fm;
        }
        return FrontMatter::default();
    }
    read_deckset(lines)
}

/// YAML front matter; `None` when the first `---` is a slide separator rather than front matter.
fn read_yaml(lines: &[&str], diags: &mut Vec<Diagnostic>) -> Option<FrontMatter> {
    let close = lines
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, l)| matches!(l.trim_end(), "---" | "..."))
        .map(|(i, _)| i);
    let Some(close) = close else {
        if looks_like_yaml(lines.get(1).copied().unwrap_or("")) {
            diags.push(Diagnostic::error(
                1,
                "front matter opened here is never closed",
                "add a line `---` after the last front matter key",
            ));
        }
        return None;
    };
    let yaml = lines[1..close].join("\n");
    let map = match parse_mapping(&yaml) {
        Ok(map) => map,
        Err(None) => return None,
        Err(Some((line, message))) => {
            // Marp reads such front matter leniently, line by line; so does ltdeck, loudly.
            let fallback = simple_key_values(&lines[1..close]);
            let severity = if fallback.is_some() {
                Severity::Warning
            } else {
                Severity::Error
            };
            diags.push(Diagnostic::new(
                severity,
                line + 2,
                1,
                format!("front matter is not valid YAML: {message}"),
                if fallback.is_some() {
                    "read it as plain `key: value` lines; quote values that start with `@`, `[`, `{`, `*` or `#`"
                } else {
                    "front matter is `key: value` lines; quote values that contain `: ` or start with `@`, `[`, `{`, `*` or `#`"
                },
            ));
            fallback.unwrap_or_default()
        }
    };
    let mut fm = FrontMatter {
        body_start: close + 1,
        ..FrontMatter::default()
    };
    // A blog post's `layout: post` (Jekyll, Hugo) names a page template, not a Slidev layout.
    let page_layout = map
        .get("layout")
        .and_then(scalar)
        .is_some_and(|l| matches!(l.as_str(), "post" | "page" | "home" | "single" | "archive"));
    fm.keys = map
        .keys()
        .filter(|k| !(page_layout && k.as_str() == "layout"))
        .cloned()
        .collect();
    for (key, value) in &map {
        let line = key_line(lines, close, key);
        apply_key(&mut fm, key, value, line, diags);
    }
    fm.map = map;
    Some(fm)
}

/// Front matter read as flat `key: value` lines, for YAML that a strict parser rejects.
fn simple_key_values(lines: &[&str]) -> Option<BTreeMap<String, Value>> {
    let mut map = BTreeMap::new();
    for line in lines {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let key = yaml_key(line)?;
        let value = line[key.len() + 1..].trim().trim_matches(['"', '\'']);
        map.insert(key.to_string(), Value::String(value.to_string()));
    }
    Some(map)
}

/// Whether a line reads as the start of a YAML mapping (`key:`) or a YAML comment.
pub fn looks_like_yaml(line: &str) -> bool {
    let t = line.trim_start();
    if t.starts_with('#') && !line.starts_with('#') {
        return true;
    }
    yaml_key(line).is_some()
}

/// The key of a `key: value` line (Marp, Slidev and remark keys: letters, digits, `_`, `-`, `.`).
pub fn yaml_key(line: &str) -> Option<&str> {
    let (key, rest) = line.split_once(':')?;
    let valid = !key.is_empty()
        && key
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    (valid && (rest.is_empty() || rest.starts_with([' ', '\t']))).then_some(key)
}

/// Parses YAML text into a mapping. `Err(None)`: it is not a mapping at all (not front matter);
/// `Err(Some((line, message)))`: it is meant as YAML but is broken (0-based line in the text).
pub fn parse_mapping(yaml: &str) -> Result<BTreeMap<String, Value>, Option<(usize, String)>> {
    if yaml.trim().is_empty() {
        return Ok(BTreeMap::new());
    }
    // Only `#` lines: Markdown headings after a leading separator, not YAML comments.
    if yaml.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#')
    }) {
        return Err(None);
    }
    match serde_saphyr::from_str::<Value>(yaml) {
        Ok(Value::Object(map)) => Ok(map.into_iter().collect()),
        Ok(_) => Err(None),
        Err(e) => {
            let first = yaml
                .lines()
                .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
            if !first.is_some_and(looks_like_yaml) {
                return Err(None);
            }
            let line = e
                .location()
                .map_or(0, |l| (l.line() as usize).saturating_sub(1));
            let message = yaml_message(&e.to_string());
            Err(Some((line, message)))
        }
    }
}

/// The first line of a YAML error without its `error: line N column M:` prefix (the diagnostic
/// carries the position).
fn yaml_message(text: &str) -> String {
    let first = text.lines().next().unwrap_or("syntax error");
    let first = first.strip_prefix("error: ").unwrap_or(first);
    match first.strip_prefix("line ").and_then(|r| r.split_once(": ")) {
        Some((pos, rest)) if pos.contains("column") => rest.to_string(),
        _ => first.to_string(),
    }
}

/// 0-based line of `key:` in the front matter (for diagnostics); the `---` line if not found.
fn key_line(lines: &[&str], close: usize, key: &str) -> usize {
    (1..close)
        .find(|&i| lines[i].starts_with(key) && lines[i][key.len()..].trim_start().starts_with(':'))
        .unwrap_or(0)
}

/// A YAML value as text (`true`, `5`, `5m`); `None` for maps, lists and null.
pub fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Reads `true`/`false`/`yes`/`no`/`on`/`off`.
pub fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "1" => Some(true),
        "false" | "no" | "off" | "0" => Some(false),
        _ => None,
    }
}

fn apply_key(
    fm: &mut FrontMatter,
    key: &str,
    value: &Value,
    line: usize,
    diags: &mut Vec<Diagnostic>,
) {
    let line1 = line + 1;
    let text = scalar(value);
    let meta = &mut fm.meta;
    let mut bad = |what: &str, hint: &str| {
        diags.push(Diagnostic::warning(
            line1,
            format!("front matter `{key}`: {what}"),
            hint.to_string(),
        ));
    };
    match key {
        "title" => meta.title = text,
        "sub_title" | "subtitle" => fm.subtitle = text,
        "location" => fm.location = text,
        "author" => meta.author = text,
        "event" => meta.event = text,
        "date" => meta.date = text,
        "lang" => meta.lang = text,
        "footer" => meta.footer = text,
        "duration" => match text.as_deref().map(parse_duration) {
            Some(Ok(d)) if !d.is_zero() => meta.duration = d,
            _ => diags.push(Diagnostic::error(
                line1,
                format!("front matter `duration`: cannot read {}", show(value)),
                DURATION_FORMS,
            )),
        },
        "warnings" => match parse_warnings(value) {
            Some(w) => meta.warnings = w,
            None => diags.push(Diagnostic::error(
                line1,
                format!("front matter `warnings`: cannot read {}", show(value)),
                "give a list of remaining times, e.g. `warnings: [1m, 30s]`",
            )),
        },
        "auto_advance" | "autoAdvance" => match text.as_deref().map(parse_duration) {
            Some(Ok(d)) if !d.is_zero() => meta.auto_advance = Some(d),
            _ => diags.push(Diagnostic::error(
                line1,
                format!("front matter `{key}`: cannot read {}", show(value)),
                "give the time per slide, e.g. `auto_advance: 15s` (Ignite) or `20s` (PechaKucha)",
            )),
        },
        "theme" if matches!(value, Value::Object(_)) => presenterm_theme(fm, value, line1),
        "theme" => match text.as_deref().map(str::to_ascii_lowercase).as_deref() {
            Some("dark") | Some("default-dark") => meta.theme = ThemeName::Dark,
            Some("light") => meta.theme = ThemeName::Light,
            Some("default") => meta.theme = ThemeName::Default,
            Some("gaia") => meta.theme = ThemeName::Gaia,
            Some("uncover") => meta.theme = ThemeName::Uncover,
            _ => bad(
                &format!("theme {} is not built in; using dark", show(value)),
                "ltdeck has `dark` and `light`, and Marp's `default`, `gaia` and `uncover`",
            ),
        },
        "aspect" | "size" | "aspectRatio" => match text.as_deref().map(str::trim) {
            Some("16:9") | Some("16/9") => meta.aspect = Aspect::Wide,
            Some("4:3") | Some("4/3") => meta.aspect = Aspect::Standard,
            _ => bad(
                &format!("aspect {} is not supported; using 16:9", show(value)),
                "write `aspect: 16:9` or `aspect: 4:3`",
            ),
        },
        "slide_numbers" | "slidenumbers" | "paginate" => match text.as_deref().and_then(parse_bool)
        {
            Some(b) => meta.slide_numbers = b,
            None => bad("expected true or false", "write `slide_numbers: true`"),
        },
        // Marp's marker that a file is a Marp deck: nothing to set.
        "marp" => {}
        "separator" | "verticalSeparator" => {
            let which = usize::from(key == "verticalSeparator");
            match text.as_deref().map(literal_separator) {
                Some(Some(line)) => fm.reveal_separators[which] = Some(line),
                _ => bad(
                    "is a pattern ltdeck cannot read as one line; reveal-md's default is used",
                    "write a separator that is one whole line, such as `separator: '^---$'` or `separator: <!--s-->`",
                ),
            }
        }
        "heading_divider" | "headingDivider" => match text.as_deref().map(str::parse::<u8>) {
            Some(Ok(n @ 1..=6)) => meta.heading_divider = Some(n),
            _ => bad(
                "expected a heading level from 1 to 6",
                "write `heading_divider: 2`",
            ),
        },
        "font" => meta.font = text.map(PathBuf::from),
        "audience_timer" => match text.as_deref().map(str::to_ascii_lowercase).as_deref() {
            Some("bar") | Some("true") | Some("on") => meta.audience_timer = true,
            Some("off") | Some("false") | Some("none") => meta.audience_timer = false,
            _ => bad("expected `bar` or `off`", "write `audience_timer: bar`"),
        },
        "build_lists" | "incremental_lists" => match text.as_deref().and_then(parse_bool) {
            Some(b) => meta.build_lists = b,
            None => bad("expected true or false", "write `build_lists: true`"),
        },
        // Another tool's own keys: accepted quietly (docs/deck-format.md lists them).
        _ if [SLIDEV_KEYS, SLIDEV_QUIET, REVEAL_MD_KEYS]
            .iter()
            .any(|keys| keys.contains(&key)) => {}
        _ if is_marp_style_directive(key) => {
            if let Some(text) = text {
                fm.directives.push((key.to_string(), text, line1));
            }
        }
        _ => fm.unknown_keys.push(Diagnostic::warning(
            line1,
            format!("front matter key `{key}` is not used by ltdeck (ignored)"),
            format!("ltdeck reads: {KNOWN_KEYS}"),
        )),
    }
}

/// The line a reveal-md separator pattern matches, when it matches exactly one whole line:
/// `^---$`, `\r?\n---\r?\n`, `\n\n\n` is not one (blank lines), `<!--s-->` is.
fn literal_separator(pattern: &str) -> Option<String> {
    let mut line = pattern.trim();
    for mark in ["^", "\\r?\\n", "\\n", "\\r"] {
        while let Some(rest) = line.strip_prefix(mark) {
            line = rest;
        }
    }
    for mark in ["$", "\\r?\\n", "\\n", "\\r"] {
        while let Some(rest) = line.strip_suffix(mark) {
            line = rest;
        }
    }
    let literal = !line.is_empty()
        && !line.contains([
            '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '\\', '^', '$',
        ]);
    literal.then(|| line.to_string())
}

/// presenterm's theme mapping: `name:` (its light themes draw as `light`, the rest as `dark`)
/// and `override:` → `default:` → `colors:` (`foreground`, `background`, hex without `#`) and
/// `background_image:` (`path`, `fit: cover | contain | stretch`), which apply to every slide.
fn presenterm_theme(fm: &mut FrontMatter, value: &Value, line: usize) {
    let get = |v: &Value, key: &str| match v {
        Value::Object(map) => map.get(key).cloned(),
        _ => None,
    };
    if let Some(name) = get(value, "name").as_ref().and_then(scalar) {
        let name = name.to_ascii_lowercase();
        fm.meta.theme = if ["light", "latte", "day"].iter().any(|w| name.contains(w)) {
            ThemeName::Light
        } else {
            ThemeName::Dark
        };
    }
    let Some(default) = get(value, "override").and_then(|o| get(&o, "default")) else {
        return;
    };
    let hex = |c: String| {
        let c = c.trim().trim_start_matches('#').to_string();
        format!("#{c}")
    };
    if let Some(colors) = get(&default, "colors") {
        for (from, to) in [("background", "backgroundColor"), ("foreground", "color")] {
            if let Some(c) = get(&colors, from).as_ref().and_then(scalar) {
                fm.directives.push((to.into(), hex(c), line));
            }
        }
    }
    if let Some(image) = get(&default, "background_image") {
        let path = get(&image, "path").as_ref().and_then(scalar);
        let fit = match get(&image, "fit").as_ref().and_then(scalar).as_deref() {
            Some("contain") => Fit::Contain,
            // `stretch` fills the screen exactly; the nearest ltdeck draws is cover.
            _ => Fit::Cover,
        };
        if let Some(path) = path {
            fm.background_image = Some((path, fit, line));
        }
    }
}

/// Marp directives about slide looks that ltdeck applies per slide.
pub fn is_marp_style_directive(key: &str) -> bool {
    matches!(
        key.trim_start_matches('_'),
        "backgroundColor" | "color" | "class" | "header"
    ) || key.starts_with('_')
}

fn parse_warnings(value: &Value) -> Option<Vec<Duration>> {
    let items: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let mut out = Vec::new();
    for item in items {
        out.push(parse_duration(&scalar(item)?).ok()?);
    }
    out.sort_by(|a, b| b.cmp(a));
    Some(out)
}

/// A value for a message: strings quoted, maps and lists named rather than dumped.
fn show(value: &Value) -> String {
    match value {
        Value::String(s) if s.chars().count() > 60 => {
            format!("{:?}…", s.chars().take(60).collect::<String>())
        }
        Value::String(s) => format!("{s:?}"),
        Value::Object(_) => "a map of settings".to_string(),
        Value::Array(_) => "a list".to_string(),
        other => other.to_string(),
    }
}

/// Deckset's global lines (`footer: …`, `slidenumbers: true`) at the very top of the file.
fn read_deckset(lines: &[&str]) -> FrontMatter {
    let mut fm = FrontMatter::default();
    let mut count = 0;
    for line in lines {
        let Some(key) = yaml_key(line) else { break };
        let key = key.to_ascii_lowercase();
        if !DECKSET_KEYS.contains(&key.as_str()) {
            break;
        }
        let value = line[key.len() + 1..].trim();
        match key.as_str() {
            "footer" => fm.meta.footer = Some(value.to_string()),
            "slidenumbers" => fm.meta.slide_numbers = parse_bool(value).unwrap_or(false),
            "build-lists" => fm.meta.build_lists = parse_bool(value).unwrap_or(false),
            _ => {}
        }
        count += 1;
    }
    if count > 0 {
        fm.meta.dialect = Dialect::Deckset;
        fm.body_start = count;
    }
    fm
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> (FrontMatter, Vec<Diagnostic>) {
        let lines: Vec<&str> = text.split('\n').collect();
        let mut diags = Vec::new();
        (read(&lines, &mut diags), diags)
    }

    #[test]
    fn reads_every_key() {
        let (fm, diags) = read_text(
            "---\ntitle: 발표\nauthor: Kim\nevent: PyCon Korea\ndate: 2026-08-15\nduration: 4m30s\n\
             warnings: [30s, 1m]\nauto_advance: 15s\ntheme: light\naspect: '4:3'\nfooter: hi\n\
             slide_numbers: true\nlang: ko\nheading_divider: 2\nfont: /f.ttf\naudience_timer: bar\n\
             build_lists: yes\n---\n# A",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let m = fm.meta;
        assert_eq!(m.title.as_deref(), Some("발표"));
        assert_eq!(m.event.as_deref(), Some("PyCon Korea"));
        assert_eq!(m.date.as_deref(), Some("2026-08-15"));
        assert_eq!(m.duration, Duration::from_secs(270));
        assert_eq!(
            m.warnings,
            vec![Duration::from_secs(60), Duration::from_secs(30)]
        );
        assert_eq!(m.auto_advance, Some(Duration::from_secs(15)));
        assert_eq!(m.theme, ThemeName::Light);
        assert_eq!(m.aspect, Aspect::Standard);
        assert!(m.slide_numbers && m.audience_timer && m.build_lists);
        assert_eq!(m.heading_divider, Some(2));
        assert_eq!(m.font, Some(PathBuf::from("/f.ttf")));
        assert_eq!(fm.body_start, 18);
    }

    #[test]
    fn duration_forms_and_numbers() {
        for (v, secs) in [
            ("300", 300),
            ("'5:00'", 300),
            ("5m", 300),
            ("300s", 300),
            ("4m30s", 270),
        ] {
            let (fm, diags) = read_text(&format!("---\nduration: {v}\n---\n"));
            assert!(diags.is_empty(), "{v}: {diags:?}");
            assert_eq!(fm.meta.duration, Duration::from_secs(secs), "{v}");
        }
    }

    #[test]
    fn reveal_md_separators_are_read_as_the_lines_they_match() {
        for (pattern, line) in [
            ("^---$", Some("---")),
            ("\\r?\\n---\\r?\\n", Some("---")),
            ("<!--s-->", Some("<!--s-->")),
            ("^\\n\\n\\n", None),
            ("^-{3,}$", None),
        ] {
            assert_eq!(literal_separator(pattern).as_deref(), line, "{pattern}");
        }
        let (fm, diags) =
            read_text("---\nseparator: '<!--s-->'\nverticalSeparator: '^-{4}$'\n---\n");
        assert_eq!(fm.reveal_separators[0].as_deref(), Some("<!--s-->"));
        assert_eq!(fm.reveal_separators[1], None);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].message.contains("verticalSeparator"));
    }

    #[test]
    fn unknown_keys_warn_and_marp_paginate_means_slide_numbers() {
        // `marp: true` only says the file is a Marp deck, and `transition` is a directive of
        // Marp's (and a key of Slidev's): quiet. An unknown key warns.
        let (fm, diags) =
            read_text("---\nmarp: true\npaginate: true\ntransition: fade\nsparkles: lots\n---\n");
        assert!(fm.meta.slide_numbers);
        assert!(diags.is_empty(), "{diags:?}");
        // Held until the dialect is known (a Slidev layout takes any key as a prop).
        let unknown = &fm.unknown_keys;
        assert_eq!(unknown.len(), 1);
        assert_eq!(unknown[0].severity, Severity::Warning);
        assert_eq!(unknown[0].line, 5);
        assert!(unknown[0].message.contains("`sparkles`"));
        let marp = crate::deck::parse(
            b"---\nmarp: true\nsparkles: lots\n---\n\n# A\n",
            std::path::Path::new("."),
        );
        assert!(
            marp.diagnostics
                .iter()
                .any(|d| d.message.contains("`sparkles`")),
            "{:?}",
            marp.diagnostics
        );
        let slidev = crate::deck::parse(
            b"---\ntheme: neat\nlayout: cover\ncoverTitle: \xed\x91\x9c\xec\xa7\x80\n---\n\n# A\n",
            std::path::Path::new("."),
        );
        assert!(
            !slidev
                .diagnostics
                .iter()
                .any(|d| d.message.contains("coverTitle")),
            "{:?}",
            slidev.diagnostics
        );
    }

    #[test]
    fn bad_duration_is_an_error_on_its_line() {
        let (fm, diags) = read_text("---\ntitle: x\nduration: five minutes\n---\n");
        assert_eq!(fm.meta.duration, Duration::from_secs(300));
        assert_eq!(diags[0].severity, Severity::Error);
        assert_eq!(diags[0].line, 3);
        assert!(diags[0].hint.contains("4m30s"));
    }

    #[test]
    fn broken_yaml_is_an_error_with_a_line() {
        let (_, diags) = read_text("---\ntitle: [unclosed\n  - author x\n---\n");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].severity, Severity::Error);
        assert!(diags[0].line >= 2);
    }

    #[test]
    fn yaml_a_strict_parser_rejects_is_read_line_by_line_with_a_warning() {
        let (fm, diags) =
            read_text("---\ntitle: Lab\nstyle: @import url('x.css');\nduration: 4m\n---\n# A");
        assert_eq!(fm.meta.title.as_deref(), Some("Lab"));
        assert_eq!(fm.meta.duration, Duration::from_secs(240));
        assert_eq!(diags[0].severity, Severity::Warning);
        assert!(diags[0].message.contains("not valid YAML"));
        assert!(
            diags[0].message.ends_with("unexpected character: `@'"),
            "{}",
            diags[0].message
        );
        assert_eq!(diags[0].line, 3);
    }

    #[test]
    fn leading_separator_before_content_is_not_front_matter() {
        let (fm, diags) = read_text("---\n# Title\n\nSome text\n---\n");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(fm.body_start, 0);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let (_, diags) = read_text("---\ntitle: x\n\n# Slide");
        assert_eq!(diags[0].severity, Severity::Error);
        assert!(diags[0].message.contains("never closed"));
    }

    #[test]
    fn deckset_globals_at_the_top() {
        let (fm, diags) = read_text("footer: © Me\nslidenumbers: true\nbuild-lists: true\n\n# A");
        assert!(diags.is_empty());
        assert_eq!(fm.meta.footer.as_deref(), Some("© Me"));
        assert!(fm.meta.slide_numbers && fm.meta.build_lists);
        assert_eq!(fm.meta.dialect, Dialect::Deckset);
        assert_eq!(fm.body_start, 3);
    }

    #[test]
    fn prose_with_a_colon_is_not_deckset_globals() {
        let (fm, _) = read_text("Note: this is text\n");
        assert_eq!(fm.body_start, 0);
        assert_eq!(fm.meta.dialect, Dialect::Common);
    }
}
