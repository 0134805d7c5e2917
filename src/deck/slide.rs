//! One slide chunk to a [`Slide`]: the line pass, the Markdown, image placement, per-slide
//! settings (Slidev front matter, remark properties) and the time budget.
//!
//! Owns what is decided inside one slide. Settings that carry from slide to slide (Marp's
//! `paginate`, `footer`, colours) are only collected here; `deck` applies them in order.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::alt::resolve;
use super::blocks::{self, plain_text};
use super::columns;
use super::diagnostic::Diagnostic;
use super::front_matter::{parse_bool, scalar};
use super::lines;
use super::model::{
    Block, BlockKind, Dialect, Fit, Image, ImageSize, Inline, NoteSource, Origin, Placement, Side,
    Slide,
};
use super::time::{DURATION_FORMS, parse_duration};

/// A slide before deck-wide settings are applied.
#[derive(Debug, Default)]
pub struct Draft {
    /// The slide, without index and style.
    pub slide: Slide,
    /// Directives and commands in order: (key, value, line).
    pub directives: Vec<(String, String, usize)>,
    /// The slide is not shown (remark templates, `exclude`, Slidev `hide`).
    pub hidden: bool,
    /// Slidev `src:` import, with its line.
    pub import: Option<(String, usize)>,
}

/// Everything `build` needs to know about the deck around a slide.
pub struct Context<'a> {
    /// The deck's dialect.
    pub dialect: Dialect,
    /// Folder image paths are resolved against.
    pub base_dir: &'a Path,
    /// Slidev's `public/` folder, beside the deck presented (an imported page's `/x.png` is
    /// there too, not beside the page).
    pub public_dir: &'a Path,
    /// Lists build item by item.
    pub build_lists: bool,
    /// HTML comments are notes: everywhere but in a deck that is Deckset's by its global lines
    /// (`footer:`, `slidenumbers:`), where a comment is hidden and `^` paragraphs are the notes.
    pub comment_notes: bool,
    /// The file's decoded text and the byte offset each of its lines starts at: where notes are
    /// written, for saving edited ones.
    pub source: &'a str,
    /// Byte offset of each line of `source`.
    pub line_starts: &'a [usize],
}

impl Context<'_> {
    /// Byte range of the 0-based file line `line`, without its newline.
    fn line_bytes(&self, line: usize) -> Option<std::ops::Range<usize>> {
        let start = *self.line_starts.get(line)?;
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(self.source.len(), |next| next - 1);
        Some(start..end)
    }
}

/// Builds one slide from its lines. `code[i]` says whether `lines[i]` is code.
pub fn build(
    lines: &[&str],
    code: &[bool],
    first_line: usize,
    front: Option<(&BTreeMap<String, Value>, usize)>,
    cx: &Context<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Draft {
    let pass = lines::run(lines, code, first_line, cx.dialect);
    let text = pass.content.join("\n");
    let build_lists = pass
        .commands
        .iter()
        .find(|(k, _, _)| k == "build-lists")
        .map_or(cx.build_lists, |(_, v, _)| {
            parse_bool(v).unwrap_or(cx.build_lists)
        });
    let mut content = blocks::build(&text, first_line, cx.base_dir, build_lists);
    if !cx.comment_notes {
        // A deck's `<!-- target: 25 slides -->`, an editor's `<!-- Local Variables: -->`.
        content.notes.clear();
    }
    if cx.dialect == Dialect::Slidev {
        // Slidev: "the last comment block of each slide" is the note — when it ends the slide
        // (its parser's rule); earlier ones, and one with a tag or text after it, are comments.
        let ends_slide = |note: &crate::deck::Note| {
            note.source
                .as_ref()
                .and_then(|s| text.get(s.span.end..))
                .is_none_or(|rest| rest.trim().is_empty())
        };
        let last = content
            .notes
            .pop()
            .filter(|n| content.last_comment_note && ends_slide(n));
        content.notes = last.into_iter().collect();
    }
    let mut draft = Draft::default();
    let slide = &mut draft.slide;
    slide.line = first_slide_line(lines, first_line, front.map(|(_, line)| line));
    slide.blocks = content.blocks;
    slide.images = content.images;
    slide.steps = content.steps;
    let top = first_line.saturating_sub(1);
    slide.notes = pass.notes;
    for (note, (form, span)) in slide.notes.iter_mut().zip(pass.spans) {
        let first = cx.line_bytes(top + span.start);
        let last = cx.line_bytes(top + span.end.saturating_sub(1));
        if let (Some(first), Some(last)) = (first, last) {
            note.source = Some(NoteSource {
                form,
                span: first.start..last.end,
            });
        }
    }
    for mut note in content.notes {
        note.source = note.source.take().and_then(|mut source| {
            source.span = in_file(&text, source.span, top, cx)?;
            Some(source)
        });
        slide.notes.push(note);
    }
    slide.notes.sort_by_key(|n| n.line);
    let last_line = lines
        .iter()
        .rposition(|l| !l.trim().is_empty())
        .unwrap_or(0);
    slide.origin = cx.line_bytes(top + last_line).map(|end| Origin {
        file: None,
        end: end.end,
    });
    for note in &mut slide.notes {
        super::comments::unescape_note(&mut note.text);
        // Markdown only: the text is already a note, so no notes marker or directive inside it
        // is read again. Every block is visible from the first step.
        note.blocks = blocks::build(&note.text, note.line, cx.base_dir, false).blocks;
        note.blocks.iter_mut().for_each(|b| b.step = 0);
    }
    place_images(slide, &content.explicit, cx.dialect);
    if cx.dialect == Dialect::Slidev {
        drop_vue_components(slide, diags);
        from_public(slide, cx.public_dir);
    }
    if let Some((time, line)) = content.time {
        match parse_duration(&time) {
            Ok(d) => slide.time_budget = Some(d),
            Err(e) => diags.push(Diagnostic::warning(
                line,
                format!("slide time budget: {e}"),
                DURATION_FORMS,
            )),
        }
    }
    draft.directives = pass.commands;
    draft.directives.extend(content.directives);
    draft.directives.sort_by_key(|d| d.2);
    // Columns come from comments (presenterm) and from class lines (remark).
    draft.slide.blocks = columns::arrange(
        std::mem::take(&mut draft.slide.blocks),
        &draft.directives,
        diags,
    );
    draft.slide.title = title(&draft.slide.blocks);
    apply_remark_properties(&mut draft, cx);
    if let Some((map, line)) = front {
        apply_slide_front_matter(&mut draft, map, line, cx);
    }
    if cx.dialect == Dialect::Slidev {
        // Slot markers (`::right::`) never show as text, whatever the layout.
        draft.slide.blocks.retain(|b| slot(b).is_none());
    }
    draft
}

/// The bytes of `span` of the slide's Markdown `text` in the file, when the file has the same
/// text there (a line the line pass rewrote does not).
fn in_file(
    text: &str,
    span: std::ops::Range<usize>,
    top: usize,
    cx: &Context<'_>,
) -> Option<std::ops::Range<usize>> {
    // A slide has a note or two: counting lines up to each is cheaper than indexing them all.
    let before = text.get(..span.start)?.as_bytes();
    let line = before.iter().filter(|&&b| b == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let start = cx.line_starts.get(top + line)? + (span.start - line_start);
    let end = start + span.len();
    (cx.source.get(start..end)? == text.get(span)?).then_some(start..end)
}

/// The first non-blank line of the slide (1-based), for messages and go-to; for a slide that is
/// only its front matter (Slidev's `---` / `layout: cover` / `---`, perhaps at the end of the
/// file), the front matter's first line.
fn first_slide_line(lines: &[&str], first_line: usize, front: Option<usize>) -> usize {
    lines
        .iter()
        .position(|l| !l.trim().is_empty())
        .map(|i| first_line + i)
        .or(front)
        .unwrap_or(first_line)
}

/// Plain text of the first heading, looking inside quotes and lists too.
fn title(blocks: &[Block]) -> Option<String> {
    blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Heading { content, .. } => Some(plain_text(content)).filter(|t| !t.is_empty()),
        BlockKind::Quote(inner) => title(inner),
        BlockKind::Columns { columns, .. } => columns.iter().find_map(|c| title(c)),
        _ => None,
    })
}

/// Decides where each image goes and takes background and split images out of the text flow.
fn place_images(slide: &mut Slide, explicit: &[bool], dialect: Dialect) {
    let lone: Vec<(usize, usize)> = slide
        .blocks
        .iter()
        .enumerate()
        .filter_map(|(bi, b)| lone_image(b).map(|ii| (bi, ii)))
        .collect();
    let body_blocks = slide
        .blocks
        .iter()
        .filter(|b| !matches!(b.kind, BlockKind::Html(_)))
        .count();
    for &(_, ii) in &lone {
        let Some(image) = slide.images.get_mut(ii) else {
            continue;
        };
        if explicit.get(ii).copied().unwrap_or(false) {
            continue;
        }
        image.placement = if dialect == Dialect::Deckset {
            Placement::Background { fit: Fit::Cover }
        } else if body_blocks == 1 {
            Placement::Large
        } else {
            Placement::Inline
        };
    }
    let images = &slide.images;
    let out_of_flow = |i: usize| {
        images.get(i).is_some_and(|im| {
            matches!(
                im.placement,
                Placement::Background { .. } | Placement::Split { .. }
            )
        })
    };
    for block in &mut slide.blocks {
        if let BlockKind::Paragraph(content) = &mut block.kind {
            content.retain(|i| !matches!(i, Inline::Image(n) if out_of_flow(*n)));
        }
    }
    slide.blocks.retain(|b| match &b.kind {
        BlockKind::Paragraph(c) => c.iter().any(|i| match i {
            Inline::Text(t) => !t.trim().is_empty(),
            Inline::SoftBreak | Inline::HardBreak => false,
            _ => true,
        }),
        _ => true,
    });
}

/// The image index when a paragraph holds one image and nothing else.
fn lone_image(block: &Block) -> Option<usize> {
    let BlockKind::Paragraph(content) = &block.kind else {
        return None;
    };
    let mut found = None;
    for inline in content {
        match inline {
            Inline::Image(i) if found.is_none() => found = Some(*i),
            Inline::Text(t) if t.trim().is_empty() => {}
            Inline::SoftBreak | Inline::HardBreak => {}
            _ => return None,
        }
    }
    found
}

fn apply_remark_properties(draft: &mut Draft, cx: &Context<'_>) {
    if cx.dialect != Dialect::Remark {
        return;
    }
    // A template (`layout: true`) lends its class to the slides after it, until the next
    // template or `layout: false`; any other slide's class is its own.
    let layout = draft
        .directives
        .iter()
        .find(|(k, _, _)| k == "layout")
        .and_then(|(_, v, _)| parse_bool(v));
    for (key, _, _) in &mut draft.directives {
        if key == "class" && layout != Some(true) {
            *key = "_class".into();
        }
    }
    if layout.is_some() {
        draft
            .directives
            .insert(0, ("class".into(), String::new(), draft.slide.line));
    }
    for (key, value, line) in draft.directives.clone() {
        match key.as_str() {
            "layout" if parse_bool(&value) == Some(true) => draft.hidden = true,
            "exclude" if parse_bool(&value) == Some(true) => draft.hidden = true,
            "background-image" => {
                let url = value
                    .trim()
                    .trim_start_matches("url(")
                    .trim_end_matches(')')
                    .trim_matches(['"', '\'']);
                push_image(
                    &mut draft.slide,
                    url,
                    line,
                    Placement::Background { fit: Fit::Cover },
                    cx,
                );
            }
            _ => {}
        }
    }
}

fn apply_slide_front_matter(
    draft: &mut Draft,
    map: &BTreeMap<String, Value>,
    line: usize,
    cx: &Context<'_>,
) {
    let get = |k: &str| map.get(k).and_then(scalar);
    if get("hide")
        .or_else(|| get("disabled"))
        .as_deref()
        .and_then(parse_bool)
        == Some(true)
    {
        draft.hidden = true;
    }
    if let Some(src) = get("src") {
        draft.import = Some((src, line));
    }
    // A slide of front matter alone (a `layout: section` divider with a `title:`) shows its
    // title, as a section divider does, and is found by it in the overview.
    if draft.slide.blocks.is_empty()
        && let Some(title) = get("title").filter(|t| !t.trim().is_empty())
    {
        let heading =
            super::blocks::build(&format!("# {}", title.trim()), line, cx.base_dir, false);
        draft.slide.blocks = heading.blocks;
        draft.slide.title = Some(title.trim().to_string());
    }
    let layout = get("layout").unwrap_or_default();
    // Slidev's centred layouts draw as ltdeck's centred class, unless the slide names its own.
    let centred = matches!(
        layout.as_str(),
        "center" | "cover" | "intro" | "end" | "fact" | "statement" | "quote" | "section"
    );
    if let Some(class) = get("class").or_else(|| centred.then(|| "center".to_string())) {
        draft.directives.push(("_class".into(), class, line));
    }
    if matches!(layout.as_str(), "two-cols" | "two-cols-header") {
        draft.slide.blocks = two_columns(std::mem::take(&mut draft.slide.blocks));
    }
    let side = match layout.as_str() {
        "image-right" => Some(Side::Right),
        "image-left" => Some(Side::Left),
        _ => None,
    };
    if let (Some(side), Some(image)) = (side, get("image")) {
        let placement = Placement::Split {
            side,
            ratio: 0.5,
            fit: Fit::Cover,
        };
        push_image(&mut draft.slide, &image, line, placement, cx);
    } else if let Some(bg) = get("background").or_else(|| get("image")) {
        push_image(
            &mut draft.slide,
            &bg,
            line,
            Placement::Background { fit: Fit::Cover },
            cx,
        );
    }
}

/// A Slidev slot marker (`::right::`, `::left::`, `::default::`) standing alone: its name.
fn slot(block: &Block) -> Option<&str> {
    let BlockKind::Paragraph(content) = &block.kind else {
        return None;
    };
    let [Inline::Text(t)] = content.as_slice() else {
        return None;
    };
    let name = t.trim().strip_prefix("::")?.strip_suffix("::")?;
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .then_some(name)
}

/// Slidev's `two-cols` (and `two-cols-header`): what stands before `::left::` is a header
/// across the slide, then the left slot, then from `::right::` the right one — as two equal
/// columns, drawn by the columns code presenterm's layouts use.
fn two_columns(blocks: Vec<Block>) -> Vec<Block> {
    let has_left = blocks.iter().any(|b| slot(b) == Some("left"));
    let mut header = Vec::new();
    let mut left = Vec::new();
    let mut right = Vec::new();
    let mut at = if has_left { 0 } else { 1 };
    for block in blocks {
        match slot(&block) {
            Some("left" | "default") => at = 1,
            Some("right") => at = 2,
            Some(_) => {}
            None => [&mut header, &mut left, &mut right][at].push(block),
        }
    }
    let line = left.first().or(right.first()).map_or(1, |b: &Block| b.line);
    header.push(Block {
        line,
        step: 0,
        kind: BlockKind::Columns {
            widths: vec![1, 1],
            columns: vec![left, right],
        },
    });
    header
}

/// Slidev serves its `public/` folder at the site's root: `/logo.png` is `public/logo.png`
/// beside the deck (Vite's rule), never a file at the root of the disk.
fn from_public(slide: &mut Slide, public_dir: &std::path::Path) {
    for image in &mut slide.images {
        let src = image.src.trim();
        if let Some(rest) = src.strip_prefix('/').filter(|r| !r.starts_with('/')) {
            image.source = super::alt::resolve(rest, public_dir);
        }
    }
}

/// Vue components in a Slidev slide (`<Toc />`, `<v-click>`, `<Tweet id=…/>`) are not drawn:
/// their tags go, with one info line per kind; the Markdown between them stays.
fn drop_vue_components(slide: &mut Slide, diags: &mut Vec<Diagnostic>) {
    let mut seen: Vec<String> = Vec::new();
    slide.blocks.retain(|b| {
        let BlockKind::Html(html) = &b.kind else {
            return true;
        };
        let tags: Vec<String> = html
            .split('<')
            .skip(1)
            .map(|t| {
                t.trim_start_matches('/')
                    .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
                    .next()
                    .unwrap_or("")
                    .to_string()
            })
            .filter(|t| !t.is_empty())
            .collect();
        let vue = !tags.is_empty()
            && tags
                .iter()
                .all(|t| t.starts_with(|c: char| c.is_ascii_uppercase()) || t.starts_with("v-"));
        if vue {
            for t in tags {
                if !seen.contains(&t) {
                    diags.push(Diagnostic::new(
                        crate::deck::Severity::Info,
                        b.line,
                        1,
                        format!("Slidev component <{t}> is not drawn"),
                        "ltdeck shows the slide's Markdown; the component's content is left out",
                    ));
                    seen.push(t);
                }
            }
        }
        !vue
    });
}

pub(crate) fn push_image(
    slide: &mut Slide,
    src: &str,
    line: usize,
    placement: Placement,
    cx: &Context<'_>,
) {
    if src.trim().is_empty() {
        return;
    }
    slide.images.push(Image {
        line,
        column: 1,
        src: src.to_string(),
        source: resolve(src, cx.base_dir),
        alt: String::new(),
        placement,
        size: ImageSize::default(),
    });
}
