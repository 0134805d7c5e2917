//! PDF decks: a PDF's pages read as the same deck model as Markdown decks.
//!
//! Each page is a slide; consecutive pages with the same page label are one slide with a step
//! per page (pdfpc's rule for Beamer overlays). Notes come from a pdfpc sidecar (`talk.pdfpc`,
//! JSON `pdfpcFormat` 2) and from the PDF's text annotations (the form Marp's `--pdf-notes` and
//! `ltdeck export` write). The sidecar's `duration` and `lastMinutes` set the countdown as a
//! deck's front matter does. Beamer's notes-on-a-second-screen pages are split: the audience
//! sees one half, the console shows the other. Nothing here draws a page: `crate::pages` does.
//!
//! Uses hayro's PDF parser; no egui, no threads.

use std::path::Path;
use std::time::Duration;

use hayro::hayro_syntax::Pdf;
use hayro::hayro_syntax::object::{Array, Dict, Name};

use super::diagnostic::{Diagnostic, Severity};
use super::{Aspect, Deck, Edge, LoadError, Meta, Note, PageRef, Slide};

/// The largest PDF opened: photo-heavy exports are large, but not this large.
pub const MAX_PDF_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// How to read a PDF deck.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PdfOptions {
    /// Where Beamer put the notes on each page (`--notes right`): the audience sees the other
    /// half. `None` takes the sidecar's `notesPosition`, else whole pages.
    pub notes: Option<Edge>,
    /// Group consecutive pages with the same label into one slide with steps.
    pub overlays: bool,
}

impl Default for PdfOptions {
    fn default() -> Self {
        Self {
            notes: None,
            overlays: true,
        }
    }
}

/// Whether `bytes` (a file's beginning) is a PDF: `%PDF-` within the first KB, as the standard
/// allows.
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
}

/// What one page of the PDF holds for the deck.
struct PageInfo {
    size: [f32; 2],
    label: Option<String>,
    notes: Vec<String>,
}

/// Reads a PDF deck from its bytes; `path` is where it lives (the sidecar is `path.pdfpc`).
pub fn read(path: &Path, bytes: Vec<u8>, options: &PdfOptions) -> Result<Deck, LoadError> {
    let pdf = Pdf::new(bytes).map_err(|e| match e {
        hayro::hayro_syntax::LoadPdfError::Decryption(_) => LoadError::PdfLocked {
            path: path.to_path_buf(),
        },
        hayro::hayro_syntax::LoadPdfError::Invalid => LoadError::PdfDamaged {
            path: path.to_path_buf(),
            why: "its structure cannot be read".into(),
        },
    })?;
    let infos = page_infos(&pdf);
    if infos.is_empty() {
        return Err(LoadError::PdfDamaged {
            path: path.to_path_buf(),
            why: "it has no pages".into(),
        });
    }
    let mut diagnostics = Vec::new();
    let sidecar = sidecar_path(path);
    let sidecar = match std::fs::read(&sidecar) {
        Ok(bytes) => Sidecar::parse(&bytes, &sidecar.display().to_string(), &mut diagnostics),
        Err(_) => Sidecar::default(),
    };
    let notes_at = options.notes.or(sidecar.notes_position);
    // A PDF without page labels (Typst/polylux, Touying) groups its pages by the sidecar's.
    let mut infos = infos;
    if infos.iter().all(|i| i.label.is_none()) {
        for (&page, label) in &sidecar.labels {
            if let Some(info) = infos.get_mut(page) {
                info.label = Some(label.clone());
            }
        }
    }
    let groups = group_pages(&infos, options.overlays, &sidecar.hidden, &sidecar.joined);
    let base = super::base_dir(path);
    let slides = groups
        .into_iter()
        .enumerate()
        .map(|(index, pages)| {
            slide_of(
                index,
                &pages,
                &infos,
                &sidecar,
                notes_at,
                !sidecar.plain,
                &base,
            )
        })
        .collect::<Vec<_>>();
    let meta = meta_of(&pdf, path, &slides, &sidecar);
    if notes_at.is_none()
        && let Some(first) = slides.first().and_then(|s| s.page.as_ref())
        && first.size[0] >= 2.5 * first.size[1]
    {
        diagnostics.push(Diagnostic::on_page(
            Severity::Info,
            1,
            "the pages are more than twice as wide as tall: Beamer's notes on a second screen?",
            "present with `--notes right` (or left) to show the slide half to the audience and the notes half in the console",
        ));
    }
    Ok(Deck {
        path: Some(path.to_path_buf()),
        meta,
        slides,
        diagnostics,
    })
}

/// The pdfpc notes file (`existing`, or a new one) with the notes of the slide showing `page`
/// set to `text`, in pdfpc's format 2: the note on the slide's first page entry (by 0-based
/// `idx`), none on its other pages; every other key and page entry is kept.
pub fn rewrite_sidecar(
    existing: Option<&[u8]>,
    page: &PageRef,
    text: &str,
) -> Result<Vec<u8>, String> {
    use serde_json::{Value, json};
    if existing.is_some_and(|b| String::from_utf8_lossy(b).trim_start().starts_with('[')) {
        return Err(
            "the pdfpc notes file is in pdfpc's older text format, which ltdeck reads but does not write; nothing was saved (open it in pdfpc once to convert it)"
                .into(),
        );
    }
    let mut root: Value = match existing {
        Some(bytes) => {
            serde_json::from_str(String::from_utf8_lossy(bytes).trim_start_matches('\u{feff}'))
                .map_err(|e| {
                    format!("the pdfpc notes file is not valid JSON ({e}); nothing was saved")
                })?
        }
        None => json!({"pdfpcFormat": 2, "pages": []}),
    };
    let not_pdfpc = || "the pdfpc notes file is not pdfpc's format; nothing was saved".to_string();
    let list = root
        .as_object_mut()
        .ok_or_else(not_pdfpc)?
        .entry("pages")
        .or_insert_with(|| Value::Array(Vec::new()))
        .as_array_mut()
        .ok_or_else(not_pdfpc)?;
    let first = page.pages.first().copied().unwrap_or(0);
    let idx = |e: &Value| e.get("idx").and_then(Value::as_u64).map(|i| i as usize);
    for entry in list.iter_mut() {
        if idx(entry).is_some_and(|i| i != first && page.pages.contains(&i))
            && let Some(map) = entry.as_object_mut()
        {
            map.remove("note");
        }
    }
    let text = text.trim();
    match list.iter_mut().find(|e| idx(e) == Some(first)) {
        Some(Value::Object(map)) if text.is_empty() => {
            map.remove("note");
        }
        Some(Value::Object(map)) => {
            map.insert("note".into(), Value::String(text.to_string()));
        }
        Some(_) => return Err(not_pdfpc()),
        None if text.is_empty() => {}
        None => {
            list.push(json!({"idx": first, "label": page.label, "overlay": 0, "note": text}));
            list.sort_by_key(|e| idx(e).unwrap_or(usize::MAX));
        }
    }
    let mut out = serde_json::to_vec_pretty(&root).map_err(|e| e.to_string())?;
    out.push(b'\n');
    Ok(out)
}

/// Where pdfpc keeps a PDF's notes and settings: `talk.pdfpc` beside `talk.pdf`.
pub fn sidecar_path(path: &Path) -> std::path::PathBuf {
    path.with_extension("pdfpc")
}

fn page_infos(pdf: &Pdf) -> Vec<PageInfo> {
    let labels = page_labels(pdf);
    pdf.pages()
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let (w, h) = page.render_dimensions();
            PageInfo {
                size: [w.max(1.0), h.max(1.0)],
                label: labels.get(i).cloned().flatten(),
                notes: annotation_notes(page.raw()),
            }
        })
        .collect()
}

/// Whether a page's annotations hold speaker notes (then they are not drawn on the slide).
pub fn has_note_annotations(page: &Dict<'_>) -> bool {
    !annotation_notes(page).is_empty()
}

/// The text of a page's Text and FreeText annotations: sticky notes, the form Marp's
/// `--pdf-notes` and `ltdeck export` write notes in.
fn annotation_notes(page: &Dict<'_>) -> Vec<String> {
    let Some(annots) = page.get::<Array<'_>>("Annots") else {
        return Vec::new();
    };
    annots
        .iter::<Dict<'_>>()
        .filter(|a| {
            a.get::<Name<'_>>("Subtype")
                .is_some_and(|n| matches!(n.as_str(), "Text" | "FreeText"))
        })
        .filter_map(|a| a.get::<hayro::hayro_syntax::object::String<'_>>("Contents"))
        .map(|s| text_string(s.as_bytes()).trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// A PDF text string: UTF-16BE with its byte-order mark, UTF-8 with its mark (PDF 2.0), else
/// PDFDocEncoding (Latin-1 for the characters that matter here).
pub fn text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    bytes.iter().map(|&b| b as char).collect()
}

/// Each page's label from the catalog's `/PageLabels` number tree (`None` where the PDF gives
/// no labels at all).
fn page_labels(pdf: &Pdf) -> Vec<Option<String>> {
    let count = pdf.pages().len();
    let Some(root) = pdf.xref().get::<Dict<'_>>(pdf.xref().root_id()) else {
        return vec![None; count];
    };
    let Some(tree) = root.get::<Dict<'_>>("PageLabels") else {
        return vec![None; count];
    };
    let mut ranges = Vec::new();
    number_tree(&tree, &mut ranges, 0);
    ranges.sort_by_key(|(start, _)| *start);
    if ranges.is_empty() {
        return vec![None; count];
    }
    (0..count)
        .map(|page| {
            let (start, range) = ranges.iter().rev().find(|(s, _)| *s <= page)?;
            Some(range.label(page - start))
        })
        .collect()
}

/// One range of a page-label tree: pages from its start are labelled `prefix` + a number in
/// `style`, counting from `first`.
struct LabelRange {
    style: Option<char>,
    prefix: String,
    first: usize,
}

impl LabelRange {
    fn label(&self, offset: usize) -> String {
        let n = self.first + offset;
        let number = match self.style {
            Some('D') => n.to_string(),
            Some('R') => roman(n).to_uppercase(),
            Some('r') => roman(n),
            Some('A') => letters(n).to_uppercase(),
            Some('a') => letters(n),
            _ => String::new(),
        };
        format!("{}{number}", self.prefix)
    }
}

fn number_tree(node: &Dict<'_>, out: &mut Vec<(usize, LabelRange)>, depth: usize) {
    if depth > 16 {
        return;
    }
    if let Some(nums) = node.get::<Array<'_>>("Nums") {
        let mut items = nums.flex_iter();
        while let Some(start) = items.next::<i64>() {
            let Some(dict) = items.next::<Dict<'_>>() else {
                break;
            };
            let style = dict
                .get::<Name<'_>>("S")
                .and_then(|n| n.as_str().chars().next());
            let prefix = dict
                .get::<hayro::hayro_syntax::object::String<'_>>("P")
                .map(|s| text_string(s.as_bytes()))
                .unwrap_or_default();
            let first = dict.get::<i64>("St").unwrap_or(1).max(1) as usize;
            out.push((
                start.max(0) as usize,
                LabelRange {
                    style,
                    prefix,
                    first,
                },
            ));
        }
    }
    if let Some(kids) = node.get::<Array<'_>>("Kids") {
        for kid in kids.iter::<Dict<'_>>() {
            number_tree(&kid, out, depth + 1);
        }
    }
}

fn roman(mut n: usize) -> String {
    const DIGITS: [(usize, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, digits) in DIGITS {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// PDF's letter numbering: a … z, aa … zz, aaa …
fn letters(n: usize) -> String {
    let n = n.max(1) - 1;
    let letter = (b'a' + (n % 26) as u8) as char;
    std::iter::repeat_n(letter, n / 26 + 1).collect()
}

/// The pages of each slide: consecutive pages with the same label are one slide (overlays),
/// a `joined` page (pdfpc's `forcedOverlay`) is a step of the slide before it, hidden pages
/// are left out.
fn group_pages(
    infos: &[PageInfo],
    overlays: bool,
    hidden: &[usize],
    joined: &[usize],
) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut last_label: Option<&str> = None;
    for (i, info) in infos.iter().enumerate() {
        let label = info.label.as_deref();
        let same = overlays && label.is_some() && label == last_label;
        last_label = label;
        if hidden.contains(&i) {
            continue;
        }
        match groups.last_mut() {
            Some(group) if overlays && joined.contains(&i) => group.push(i),
            Some(group)
                if same
                    && group
                        .last()
                        .is_some_and(|&p| infos[p].label.as_deref() == label) =>
            {
                group.push(i)
            }
            _ => groups.push(vec![i]),
        }
    }
    groups
}

fn slide_of(
    index: usize,
    pages: &[usize],
    infos: &[PageInfo],
    sidecar: &Sidecar,
    notes_at: Option<Edge>,
    markdown: bool,
    base: &Path,
) -> Slide {
    let first = &infos[pages[0]];
    let [w, h] = first.size;
    let size = match notes_at {
        Some(Edge::Left | Edge::Right) => [w / 2.0, h],
        Some(Edge::Top | Edge::Bottom) => [w, h / 2.0],
        None => [w, h],
    };
    // The notes of every page of the slide, each once (a PDF exported with a page per step
    // carries the same note on each).
    // Notes saved in the sidecar (by pdfpc, or edited in ltdeck's console) are the speaker's
    // latest word: the page annotations' notes count only for a slide the sidecar has none for.
    let by_slide = sidecar.slide_notes.get(&index).map(String::as_str);
    let in_sidecar = by_slide.is_some() || pages.iter().any(|p| sidecar.notes.contains_key(p));
    let mut texts: Vec<&str> = by_slide.into_iter().collect();
    for &p in pages {
        let from_sidecar = sidecar.notes.get(&p).map(String::as_str);
        let from_page = (!in_sidecar)
            .then_some(&infos[p].notes)
            .into_iter()
            .flatten();
        for text in from_sidecar
            .into_iter()
            .chain(from_page.map(String::as_str))
        {
            if !text.trim().is_empty() && !texts.contains(&text) {
                texts.push(text);
            }
        }
    }
    let notes = texts
        .into_iter()
        .map(|text| note_of(text, pages[0] + 1, markdown, base))
        .collect();
    Slide {
        index,
        line: pages[0] + 1,
        title: None,
        notes,
        steps: pages.len(),
        page: Some(PageRef {
            pages: pages.to_vec(),
            label: first
                .label
                .clone()
                .unwrap_or_else(|| (pages[0] + 1).to_string()),
            size,
            notes_at,
        }),
        ..Slide::default()
    }
}

/// A note read into blocks: Markdown (pdfpc's default), or plain text kept line by line.
fn note_of(text: &str, page: usize, markdown: bool, base: &Path) -> Note {
    let mut note = Note::new(page, text.to_string());
    let source = if markdown {
        text.to_string()
    } else {
        // Plain notes keep their line breaks and never turn `*` or `#` into formatting.
        text.lines()
            .map(|l| {
                let mut escaped = String::new();
                for c in l.chars() {
                    if c.is_ascii_punctuation() {
                        escaped.push('\\');
                    }
                    escaped.push(c);
                }
                escaped + "\\"
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    note.blocks = super::blocks::build(&source, page, base, false).blocks;
    note
}

fn meta_of(pdf: &Pdf, path: &Path, slides: &[Slide], sidecar: &Sidecar) -> Meta {
    let info = pdf.metadata();
    // Tools fill these with placeholders (reportlab's `untitled` by `anonymous`): not a title.
    let text = |b: &Option<Box<[u8]>>| {
        b.as_deref()
            .map(text_string)
            .map(|s| s.trim().to_string())
            .filter(|s| {
                !s.is_empty()
                    && !["untitled", "anonymous", "unspecified", "unknown"]
                        .contains(&s.to_lowercase().as_str())
            })
    };
    let aspect = slides
        .first()
        .and_then(|s| s.page.as_ref())
        .map_or(Aspect::Wide, |p| {
            if p.size[0] / p.size[1] < 1.55 {
                Aspect::Standard
            } else {
                Aspect::Wide
            }
        });
    let mut meta = Meta {
        title: text(&info.title)
            .or_else(|| path.file_stem().map(|s| s.to_string_lossy().into_owned())),
        author: text(&info.author),
        aspect,
        ..Meta::default()
    };
    if let Some(d) = sidecar.duration {
        meta.duration = d;
    }
    if let Some(last) = sidecar.last_minutes {
        meta.warnings = std::iter::once(last)
            .chain(meta.warnings.iter().copied().filter(|w| *w < last))
            .collect();
    }
    meta
}

/// The sections pdfpc's older text format has.
const LEGACY_SECTIONS: &[&str] = &[
    "[file]",
    "[duration]",
    "[end_time]",
    "[start_time]",
    "[end_user_slide]",
    "[font_size]",
    "[last_minutes]",
    "[notes]",
    "[skip]",
    "[notes_position]",
    "[disable_markdown]",
];

/// A page's `label` in the sidecar: pdfpc writes text, some tool chains a number.
fn label_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// What a pdfpc sidecar says.
#[derive(Debug, Default)]
struct Sidecar {
    /// Notes by 0-based page index.
    notes: std::collections::HashMap<usize, String>,
    /// 0-based indices of pages left out of the talk.
    hidden: Vec<usize>,
    duration: Option<Duration>,
    last_minutes: Option<Duration>,
    notes_position: Option<Edge>,
    /// `disableMarkdown`: the notes are plain text.
    plain: bool,
    /// Notes by 0-based slide (pdfpc's older text format numbers user slides, `### 1`).
    slide_notes: std::collections::HashMap<usize, String>,
    /// Page labels by 0-based page (`pages[].label`), for a PDF that has none of its own.
    labels: std::collections::HashMap<usize, String>,
    /// 0-based pages that are a step of the slide before them: `forcedOverlay` (the speaker
    /// pressed pdfpc's overlay key there), or an `overlay` above 0 on a page without a label.
    joined: Vec<usize>,
}

impl Sidecar {
    /// Reads pdfpc's JSON (format 2, and format 1's same keys). What it cannot use is said in
    /// `diagnostics`, placed in the sidecar file.
    fn parse(bytes: &[u8], file: &str, diagnostics: &mut Vec<Diagnostic>) -> Self {
        let mut out = Sidecar::default();
        let text = String::from_utf8_lossy(bytes);
        if text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('[')
        {
            return Self::parse_legacy(&text);
        }
        let value: serde_json::Value =
            match serde_json::from_str(text.trim_start_matches('\u{feff}')) {
                Ok(v) => v,
                Err(e) => {
                    diagnostics.push(
                    Diagnostic::new(
                        Severity::Warning,
                        e.line(),
                        e.column(),
                        format!("the pdfpc notes file is not valid JSON: {e}"),
                        "fix it or let pdfpc write it again; the PDF is shown without its notes",
                    )
                    .in_file(file),
                );
                    return out;
                }
            };
        let at_line = |key: &str| {
            text.find(&format!("\"{key}\""))
                .map_or(1, |at| text[..at].matches('\n').count() + 1)
        };
        let warn = |key: &str, message: String, hint: &str| {
            Diagnostic::warning(at_line(key), message, hint).in_file(file)
        };
        let Some(map) = value.as_object() else {
            diagnostics.push(warn(
                "",
                "the pdfpc notes file is not a JSON object".into(),
                "pdfpc writes `{\"pdfpcFormat\": 2, \"pages\": […]}`",
            ));
            return out;
        };
        for (key, v) in map {
            match key.as_str() {
                "pdfpcFormat" => {
                    if v.as_u64().is_some_and(|f| f > 2) {
                        diagnostics.push(warn(
                            key,
                            format!("pdfpcFormat {v} is newer than ltdeck knows (2)"),
                            "notes are read as format 2",
                        ));
                    }
                }
                "duration" => match v.as_f64().or_else(|| v.as_str()?.parse().ok()) {
                    Some(m) if m > 0.0 => out.duration = Some(Duration::from_secs_f64(m * 60.0)),
                    _ => diagnostics.push(warn(
                        key,
                        format!("duration {v} is not a number of minutes"),
                        "write `\"duration\": 5`",
                    )),
                },
                "lastMinutes" => match v.as_f64() {
                    Some(m) if m > 0.0 => {
                        out.last_minutes = Some(Duration::from_secs_f64(m * 60.0))
                    }
                    _ => diagnostics.push(warn(
                        key,
                        format!("lastMinutes {v} is not a number of minutes"),
                        "write `\"lastMinutes\": 1`",
                    )),
                },
                "notesPosition" => {
                    out.notes_position = v.as_str().and_then(Edge::parse);
                }
                "disableMarkdown" => out.plain = v.as_bool().unwrap_or(false),
                "pages" => out.read_pages(v, &warn, diagnostics),
                "endTime" | "startTime" => diagnostics.push(warn(
                    key,
                    format!("{key} {v} is not used: ltdeck counts down the talk's duration"),
                    "set `\"duration\"` (minutes), or present with --duration",
                )),
                // pdfpc's own view settings, understood and not needed here.
                "noteFontSize" | "endSlide" | "startSlide" | "defaultTransition" | "savedAt"
                | "endUserSlide" | "fontSize" => {}
                other => diagnostics.push(
                    Diagnostic::info(
                        at_line(other),
                        format!("`{other}` in the pdfpc notes file is not used by ltdeck"),
                        "",
                    )
                    .in_file(file),
                ),
            }
        }
        out
    }

    /// pdfpc's older text format (before 4.5, still written by Beamer tool chains):
    /// `[duration]`, `[last_minutes]`, `[notes]` with `### N` per user slide, `[skip]` (pages
    /// left out), one value a line under each section; `[file]`, `[font_size]` and the rest
    /// are pdfpc's own.
    fn parse_legacy(text: &str) -> Self {
        let mut out = Sidecar::default();
        let mut section = String::new();
        let mut note: Option<(usize, String)> = None;
        let flush = |out: &mut Sidecar, note: &mut Option<(usize, String)>| {
            if let Some((slide, text)) = note.take()
                && !text.trim().is_empty()
            {
                out.slide_notes.insert(slide, text.trim().to_string());
            }
        };
        for line in text.trim_start_matches('\u{feff}').lines() {
            let trimmed = line.trim();
            // Inside the notes only pdfpc's own section names end them (`[pause]` is note text).
            let header = LEGACY_SECTIONS.contains(&trimmed.to_ascii_lowercase().as_str())
                || (section != "[notes]" && trimmed.starts_with('[') && trimmed.ends_with(']'));
            if header {
                flush(&mut out, &mut note);
                section = trimmed.to_ascii_lowercase();
                continue;
            }
            let minutes = || trimmed.parse::<f64>().ok().filter(|m| *m > 0.0);
            match section.as_str() {
                "[notes]" => {
                    if let Some(n) = trimmed.strip_prefix("###").map(str::trim)
                        && let Ok(n @ 1..) = n.parse::<usize>()
                    {
                        flush(&mut out, &mut note);
                        note = Some((n - 1, String::new()));
                    } else if let Some((_, text)) = &mut note {
                        text.push_str(line);
                        text.push('\n');
                    }
                }
                "[duration]" => {
                    if let Some(m) = minutes() {
                        out.duration = Some(Duration::from_secs_f64(m * 60.0));
                    }
                }
                "[last_minutes]" => {
                    if let Some(m) = minutes() {
                        out.last_minutes = Some(Duration::from_secs_f64(m * 60.0));
                    }
                }
                "[skip]" => out.hidden.extend(
                    trimmed
                        .split(',')
                        .filter_map(|n| n.trim().parse::<usize>().ok())
                        .filter_map(|n| n.checked_sub(1)),
                ),
                _ => {}
            }
        }
        flush(&mut out, &mut note);
        out
    }

    fn read_pages(
        &mut self,
        pages: &serde_json::Value,
        warn: &dyn Fn(&str, String, &str) -> Diagnostic,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let Some(pages) = pages.as_array() else {
            diagnostics.push(warn(
                "pages",
                "`pages` is not a list".into(),
                "pdfpc writes `\"pages\": [{\"idx\": 0, \"note\": \"…\"}]`",
            ));
            return;
        };
        for page in pages {
            // pdfpc's `idx` is the 0-based page index.
            let Some(idx) = page.get("idx").and_then(serde_json::Value::as_u64) else {
                continue;
            };
            let idx = idx as usize;
            if let Some(note) = page.get("note").and_then(serde_json::Value::as_str)
                && !note.trim().is_empty()
            {
                self.notes.insert(idx, note.to_string());
            }
            if page.get("hidden").and_then(serde_json::Value::as_bool) == Some(true) {
                self.hidden.push(idx);
            }
            let label = page.get("label").and_then(label_text);
            let overlay = page.get("overlay").and_then(serde_json::Value::as_u64);
            let forced = page
                .get("forcedOverlay")
                .and_then(serde_json::Value::as_bool);
            if forced == Some(true) || (label.is_none() && overlay.is_some_and(|o| o > 0)) {
                self.joined.push(idx);
            }
            if let Some(label) = label {
                self.labels.insert(idx, label);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_count_in_their_style() {
        let r = |style, first| LabelRange {
            style,
            prefix: String::new(),
            first,
        };
        assert_eq!(r(Some('r'), 1).label(3), "iv");
        assert_eq!(r(Some('R'), 1).label(13), "XIV");
        assert_eq!(r(Some('a'), 1).label(27), "bb");
        assert_eq!(r(Some('D'), 5).label(0), "5");
        let prefixed = LabelRange {
            style: Some('D'),
            prefix: "A-".into(),
            first: 1,
        };
        assert_eq!(prefixed.label(1), "A-2");
        assert_eq!(r(None, 1).label(4), "");
    }

    fn info(label: Option<&str>) -> PageInfo {
        PageInfo {
            size: [400.0, 300.0],
            label: label.map(str::to_string),
            notes: Vec::new(),
        }
    }

    #[test]
    fn pages_with_one_label_are_one_slide_and_hidden_pages_are_left_out() {
        let infos: Vec<PageInfo> = ["1", "2", "2", "2", "3", "3", "4"]
            .iter()
            .map(|l| info(Some(l)))
            .collect();
        assert_eq!(
            group_pages(&infos, true, &[], &[]),
            vec![vec![0], vec![1, 2, 3], vec![4, 5], vec![6]]
        );
        assert_eq!(group_pages(&infos, false, &[], &[]).len(), 7);
        assert_eq!(
            group_pages(&infos, true, &[2, 6], &[]),
            vec![vec![0], vec![1, 3], vec![4, 5]]
        );
        // Without labels every page is a slide.
        let bare: Vec<PageInfo> = (0..3).map(|_| info(None)).collect();
        assert_eq!(group_pages(&bare, true, &[], &[]).len(), 3);
        // pdfpc's forcedOverlay makes a page a step of the slide before it, labels or not.
        assert_eq!(group_pages(&bare, true, &[], &[1, 2]), vec![vec![0, 1, 2]]);
        assert_eq!(
            group_pages(&infos, true, &[], &[4]),
            vec![vec![0], vec![1, 2, 3, 4, 5], vec![6]]
        );
        // With overlays switched off every page is its own slide again.
        assert_eq!(group_pages(&bare, false, &[], &[1, 2]).len(), 3);
    }

    #[test]
    fn text_strings_decode_utf16_utf8_and_latin1() {
        let utf16: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("발표 노트".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(text_string(&utf16), "발표 노트");
        assert_eq!(text_string(b"\xEF\xBB\xBFcaf\xC3\xA9"), "café");
        assert_eq!(text_string(b"caf\xE9"), "café");
    }

    #[test]
    fn sidecar_reads_notes_duration_warnings_and_hidden_pages() {
        let json = r#"{
  "pdfpcFormat": 2,
  "duration": 5,
  "lastMinutes": 1,
  "notesPosition": "right",
  "noteFontSize": 20,
  "endTime": "15:30",
  "pages": [
    {"idx": 0, "label": "1", "overlay": 0, "note": "첫 장: **인사**"},
    {"idx": 2, "label": "2", "overlay": 1, "hidden": true},
    {"idx": 3, "label": "2", "overlay": 2, "forcedOverlay": true},
    {"idx": 5, "overlay": 1},
    {"idx": 6, "overlay": 0}
  ]
}"#;
        let mut d = Vec::new();
        let s = Sidecar::parse(json.as_bytes(), "talk.pdfpc", &mut d);
        assert_eq!(s.duration, Some(Duration::from_secs(300)));
        assert_eq!(s.last_minutes, Some(Duration::from_secs(60)));
        assert_eq!(s.notes_position, Some(Edge::Right));
        assert_eq!(s.notes.get(&0).map(String::as_str), Some("첫 장: **인사**"));
        assert_eq!(s.hidden, vec![2]);
        // Forced overlays and unlabelled pages with an overlay index join the slide before.
        assert_eq!(s.joined, vec![3, 5]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].render("talk.pdf")
                .starts_with("talk.pdfpc:7:1: warning: endTime"),
            "{}",
            d[0].render("talk.pdf")
        );
    }

    #[test]
    fn the_older_text_sidecar_gives_notes_by_slide_duration_and_skipped_pages() {
        let text = "[file]\ntalk.pdf\n[duration]\n10\n[skip]\n3,5\n[font_size]\n20\n\
                    [notes]\n### 1\nWelcome everyone\n[pause] and breathe\n\n### 3\n발표 노트\n";
        let mut d = Vec::new();
        let s = Sidecar::parse(text.as_bytes(), "talk.pdfpc", &mut d);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(s.duration, Some(Duration::from_secs(600)));
        assert_eq!(s.hidden, [2, 4]);
        assert_eq!(
            s.slide_notes.get(&0).map(String::as_str),
            Some("Welcome everyone\n[pause] and breathe"),
            "a bracketed line inside a note is note text"
        );
        assert_eq!(s.slide_notes.get(&2).map(String::as_str), Some("발표 노트"));
    }

    #[test]
    fn an_older_text_sidecar_is_never_overwritten_by_a_notes_edit() {
        let page = PageRef {
            pages: vec![0],
            label: "1".into(),
            size: [100.0, 100.0],
            notes_at: None,
        };
        let err =
            rewrite_sidecar(Some(b"[notes]\n### 1\nold\n"), &page, "new").expect_err("not written");
        assert!(err.contains("older text format"), "{err}");
    }

    #[test]
    fn sidecar_labels_group_the_pages_of_a_pdf_without_labels() {
        let json = r#"{"pdfpcFormat": 2, "pages": [
            {"idx": 0, "label": "1"}, {"idx": 1, "label": "2", "overlay": 0},
            {"idx": 2, "label": "2", "overlay": 1}, {"idx": 3, "label": 3}]}"#;
        let mut d = Vec::new();
        let s = Sidecar::parse(json.as_bytes(), "talk.pdfpc", &mut d);
        let mut infos: Vec<PageInfo> = (0..4).map(|_| info(None)).collect();
        for (page, label) in &s.labels {
            infos[*page].label = Some(label.clone());
        }
        assert_eq!(
            group_pages(&infos, true, &[], &[]),
            [vec![0], vec![1, 2], vec![3]]
        );
    }

    #[test]
    fn a_broken_sidecar_is_a_warning_with_its_place() {
        let mut d = Vec::new();
        let s = Sidecar::parse(b"{\n  \"pages\": [\n", "talk.pdfpc", &mut d);
        assert!(s.notes.is_empty());
        assert_eq!(d.len(), 1);
        assert!(
            d[0].render("talk.pdf").starts_with("talk.pdfpc:3:"),
            "{d:?}"
        );
    }

    #[test]
    fn plain_notes_keep_their_lines_and_punctuation() {
        let n = note_of("# not a heading\n*stars*", 1, false, Path::new("."));
        let crate::deck::BlockKind::Paragraph(content) = &n.blocks[0].kind else {
            panic!("a paragraph: {:?}", n.blocks);
        };
        let text = crate::deck::plain_text(content);
        assert!(text.contains("# not a heading"), "{text:?}");
        assert!(text.contains("*stars*"), "{text:?}");
    }
}
