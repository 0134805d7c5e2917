//! Real decks written for other presenters (../shared/peer-decks) parse with no error, into the
//! slides and notes a reader of their own dialect expects.
//!
//! The folder sits beside the repository and is never copied into it. Without it the tests
//! skip, unless `LTDECK_REQUIRE_PEER_DECKS=1` (set by `.ci/run`) makes a missing folder fail.

use std::path::{Path, PathBuf};

mod common;

use ltdeck::deck::{Block, BlockKind, Deck, Dialect, Inline, Severity, load};

fn peer_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/peer-decks");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("LTDECK_REQUIRE_PEER_DECKS").as_deref() == Ok("1") {
        panic!(
            "{} is missing and LTDECK_REQUIRE_PEER_DECKS=1",
            dir.display()
        );
    }
    common::skip(&format!("{} not found", dir.display()));
    None
}

fn open(dir: &Path, rel: &str) -> Deck {
    let path = dir.join(rel);
    let deck = load(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let errors: Vec<_> = deck
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{rel}: {errors:?}");
    deck
}

/// (file, dialect, slides, total steps) for every deck in the folder.
const EXPECTED: &[(&str, Dialect, usize, usize)] = &[
    (
        // presenterm makes an introduction slide of the front matter's title: so does ltdeck.
        "mfontanini__presenterm/examples/demo.md",
        Dialect::Presenterm,
        11,
        13,
    ),
    (
        "mfontanini__presenterm/examples/speaker-notes.md",
        Dialect::Presenterm,
        2,
        2,
    ),
    (
        "mfontanini__presenterm/examples/code.md",
        Dialect::Presenterm,
        4,
        4,
    ),
    (
        "mfontanini__presenterm/examples/columns.md",
        Dialect::Common,
        1,
        3,
    ),
    (
        "mfontanini__presenterm/examples/footer.md",
        Dialect::Presenterm,
        2,
        2,
    ),
    (
        "mfontanini__presenterm/examples/background-image.md",
        Dialect::Presenterm,
        3,
        3,
    ),
    (
        "mfontanini__presenterm/examples/background-image-cover.md",
        Dialect::Presenterm,
        3,
        3,
    ),
    (
        "mfontanini__presenterm/examples/background-image-contain.md",
        Dialect::Presenterm,
        3,
        3,
    ),
    ("marp-team__marp-cli/docs/demo.md", Dialect::Common, 3, 3),
    ("yhatt__marp-cli-example/PITCHME.md", Dialect::Common, 8, 8),
    (
        "ddps-lab__ddps-lab-marp-theme/sample.md",
        Dialect::Common,
        14,
        14,
    ),
    (
        "benelog__presentations/20220413-yonsei-stats-rc101/slides.md",
        Dialect::Common,
        32,
        32,
    ),
    (
        "hakimel__reveal.js/examples/markdown.md",
        Dialect::Reveal,
        8,
        8,
    ),
    (
        "slidevjs__slidev/demo/starter/slides.md",
        Dialect::Slidev,
        16,
        16,
    ),
    (
        "slidevjs__slidev/demo/starter/pages/imported-slides.md",
        Dialect::Common,
        1,
        1,
    ),
    (
        "gnab__remark/index.html.textarea.md",
        Dialect::Remark,
        19,
        19,
    ),
    (
        "yihui__xaringan/inst/rmarkdown/templates/xaringan/skeleton/skeleton.Rmd",
        Dialect::Remark,
        39,
        43,
    ),
    (
        "jj1bdx__writing-otp-modules/eefsfbay2017-slides/eefsf2017-rikitake.md",
        Dialect::Deckset,
        31,
        31,
    ),
    (
        "n8ebel__Slides/conferences/androidsummit18/fun()_talk_exploring_kotiln_functions.md",
        Dialect::Deckset,
        138,
        140, // one slide says `[.build-lists: true]` over three items
    ),
    (
        "kevinlin__Deckset-presentations/Examples/10 Deckset basics.md",
        Dialect::Deckset,
        22,
        22,
    ),
];

#[test]
fn every_peer_deck_parses_into_the_slides_its_dialect_expects() {
    let Some(dir) = peer_dir() else { return };
    for &(rel, dialect, slides, steps) in EXPECTED {
        let deck = open(&dir, rel);
        assert_eq!(deck.meta.dialect, dialect, "{rel}");
        assert_eq!(deck.slides.len(), slides, "{rel}");
        let total: usize = deck.slides.iter().map(|s| s.steps).sum();
        assert_eq!(total, steps, "{rel}");
    }
}

#[test]
fn the_table_covers_every_deck_in_the_folder() {
    let Some(dir) = peer_dir() else { return };
    let mut found = Vec::new();
    collect_decks(&dir, &dir, &mut found);
    found.sort();
    let mut listed: Vec<String> = EXPECTED.iter().map(|e| e.0.to_string()).collect();
    listed.sort();
    assert_eq!(found, listed);
}

fn collect_decks(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_decks(root, &path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("md" | "Rmd")
        ) && path.file_name().is_some_and(|n| n != "SOURCES.md")
        {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            out.push(rel.to_string_lossy().into_owned());
        }
    }
}

/// Lines of a file that start with `prefix` (outside fenced code), 1-based.
fn lines_starting(dir: &Path, rel: &str, prefix: &str) -> Vec<usize> {
    let text = std::fs::read_to_string(dir.join(rel)).unwrap_or_default();
    let mut in_fence = false;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        } else if !in_fence && line.starts_with(prefix) {
            out.push(i + 1);
        }
    }
    out
}

fn note_lines(deck: &Deck) -> Vec<usize> {
    deck.slides
        .iter()
        .flat_map(|s| s.notes.iter().map(|n| n.line))
        .collect()
}

#[test]
fn deckset_caret_lines_each_become_a_note() {
    let Some(dir) = peer_dir() else { return };
    for rel in [
        "n8ebel__Slides/conferences/androidsummit18/fun()_talk_exploring_kotiln_functions.md",
        "jj1bdx__writing-otp-modules/eefsfbay2017-slides/eefsf2017-rikitake.md",
        "kevinlin__Deckset-presentations/Examples/10 Deckset basics.md",
    ] {
        let deck = open(&dir, rel);
        let carets = lines_starting(&dir, rel, "^");
        assert!(!carets.is_empty(), "{rel}");
        let notes = note_lines(&deck);
        for line in &carets {
            assert!(
                notes.contains(line),
                "{rel}: the ^ note on line {line} is missing"
            );
        }
        for slide in &deck.slides {
            let screen = ltdeck::check::screen_text(slide);
            assert!(
                !screen.contains("^ "),
                "{rel}: a note is on screen: {screen}"
            );
        }
    }
}

#[test]
fn presenterm_speaker_notes_are_per_slide_and_in_order() {
    let Some(dir) = peer_dir() else { return };
    let deck = open(&dir, "mfontanini__presenterm/examples/speaker-notes.md");
    let counts: Vec<usize> = deck.slides.iter().map(|s| s.notes.len()).collect();
    assert_eq!(
        counts,
        [2, 3],
        "the example inside the ```markdown fence is not a note"
    );
    assert_eq!(
        deck.slides[0].notes[0].text,
        "This is a speaker note from slide 1."
    );
    assert_eq!(deck.slides[1].notes[2].text, "Isn't that cool?");
}

#[test]
fn remark_and_reveal_notes_run_to_the_slide_end() {
    let Some(dir) = peer_dir() else { return };
    let remark = open(&dir, "gnab__remark/index.html.textarea.md");
    let with_notes: Vec<usize> = remark
        .slides
        .iter()
        .filter(|s| !s.notes.is_empty())
        .map(|s| s.index)
        .collect();
    assert_eq!(with_notes, [14]);
    assert!(
        remark.slides[14].notes[0]
            .text
            .starts_with("Congratulations")
    );
    assert!(
        remark.slides[14].notes[0]
            .text
            .contains("toggle it back off")
    );
    assert_eq!(remark.slides[0].title.as_deref(), Some("remark"));

    let reveal = open(&dir, "hakimel__reveal.js/examples/markdown.md");
    assert_eq!(
        reveal.slides[1].notes_markdown(),
        "This will only appear in the speaker notes window."
    );
    assert_eq!(reveal.slides[1].title.as_deref(), Some("External 1.1"));
}

#[test]
fn marp_comments_are_notes_and_directives_are_not() {
    let Some(dir) = peer_dir() else { return };
    let deck = open(&dir, "yhatt__marp-cli-example/PITCHME.md");
    assert_eq!(
        deck.slides[0].notes_markdown(),
        "This is presenter note. You can write down notes through HTML comment."
    );
    assert!(
        deck.slides[2].notes.is_empty(),
        "_backgroundColor is a directive"
    );
    assert_eq!(
        deck.slides[2].style.background_color.as_deref(),
        Some("#123")
    );
    assert_eq!(
        deck.slides[3].style.background_color, None,
        "spot directive"
    );
    assert!(
        !deck.slides[0].style.slide_number,
        "_paginate: false in the front matter"
    );
    assert!(deck.slides[1].style.slide_number);
}

#[test]
fn slidev_keeps_the_last_comment_and_imports_slides() {
    let Some(dir) = peer_dir() else { return };
    let deck = open(&dir, "slidevjs__slidev/demo/starter/slides.md");
    assert!(
        deck.slides[0]
            .notes_markdown()
            .starts_with("The last comment block")
    );
    assert_eq!(deck.slides[13].title.as_deref(), Some("Imported Slides"));
    assert!(
        deck.slides[4]
            .notes_markdown()
            .starts_with("Notes can also sync with clicks")
    );
    assert_eq!(
        deck.slides.last().and_then(|s| s.title.as_deref()),
        Some("Learn More")
    );
}

#[test]
fn korean_marp_deck_keeps_hangul_titles_and_split_images() {
    let Some(dir) = peer_dir() else { return };
    let deck = open(
        &dir,
        "benelog__presentations/20220413-yonsei-stats-rc101/slides.md",
    );
    assert_eq!(deck.meta.title.as_deref(), Some("컴퓨터 프로그래밍과 진로"));
    assert_eq!(
        deck.slides[1].title.as_deref(),
        Some("컴퓨터 프로그래밍과 진로")
    );
    assert!(deck.meta.slide_numbers);
    // The image whose URL and `)` sit on separate lines.
    let split = &deck.slides[11].images[0];
    assert!(
        split.src.ends_with("46275165.jpg") || split.src.contains("575731"),
        "{split:?}"
    );
    assert!(matches!(
        split.placement,
        ltdeck::deck::Placement::Split {
            side: ltdeck::deck::Side::Right,
            ..
        }
    ));
}

/// What each block of a column is, in a word.
fn column_kinds(blocks: &[Block]) -> Vec<&'static str> {
    blocks
        .iter()
        .map(|b| match &b.kind {
            BlockKind::Paragraph(c) if c.iter().any(|i| matches!(i, Inline::Image(_))) => "image",
            BlockKind::Paragraph(_) => "paragraph",
            BlockKind::List { .. } => "list",
            BlockKind::Code { .. } => "code",
            _ => "other",
        })
        .collect()
}

/// Every column layout on a slide: (widths, columns).
fn layouts(slide: &ltdeck::deck::Slide) -> Vec<(&[u32], &[Vec<Block>])> {
    slide
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Columns { widths, columns } => Some((widths.as_slice(), columns.as_slice())),
            _ => None,
        })
        .collect()
}

#[test]
fn presenterm_front_matter_makes_the_introduction_slide() {
    let Some(dir) = peer_dir() else { return };
    let deck = open(
        &dir,
        "mfontanini__presenterm/examples/background-image-cover.md",
    );
    let intro = &deck.slides[0];
    assert_eq!(intro.title.as_deref(), Some("fit: cover"));
    let mut text = String::new();
    prose(&intro.blocks, &mut text);
    assert!(text.contains("Background image — cover mode"), "{text}");
    assert!(text.contains("presenterm"), "{text}");
    assert_eq!(intro.style.class.as_deref(), Some("center"));
    // The deck's background image is behind it too.
    assert_eq!(intro.images.len(), 1);
    assert_eq!(
        deck.slides[1].title.as_deref(),
        Some("cover — square image (800x800)")
    );
    // `sub_title` is read, not warned.
    assert!(
        !deck
            .diagnostics
            .iter()
            .any(|d| d.message.contains("sub_title")),
        "{:?}",
        deck.diagnostics
    );
}

#[test]
fn presenterm_column_layouts_become_columns() {
    let Some(dir) = peer_dir() else { return };
    let deck = open(&dir, "mfontanini__presenterm/examples/demo.md");
    let slide = deck
        .slides
        .iter()
        .find(|s| s.title.as_deref() == Some("Column layouts"))
        .expect("the column layouts slide");
    let columns = layouts(slide);
    assert_eq!(columns.len(), 1, "{:?}", slide.blocks);
    let (widths, cols) = columns[0];
    assert_eq!(widths, &[7, 3]);
    assert_eq!(column_kinds(&cols[0]), ["paragraph", "list", "code"]);
    assert_eq!(column_kinds(&cols[1]), ["image"]);
    // After `reset_layout` the slide goes on full width: a rule, a paragraph, the Python code.
    let last = slide.blocks.last().expect("blocks");
    assert!(matches!(&last.kind, BlockKind::Code { lang: Some(l), .. } if l == "python"));

    // Pauses inside columns keep their steps: the right column shows first, the left after.
    let deck = open(&dir, "mfontanini__presenterm/examples/columns.md");
    let slide = &deck.slides[0];
    let Some(BlockKind::Columns { columns, .. }) = slide
        .blocks
        .iter()
        .map(|b| &b.kind)
        .find(|k| matches!(k, BlockKind::Columns { .. }))
    else {
        panic!("no columns: {:?}", slide.blocks);
    };
    let first_step = |blocks: &[Block]| blocks.iter().map(|b| b.step).min();
    assert_eq!(first_step(&columns[1]), Some(1));
    assert_eq!(first_step(&columns[0]), Some(2));
}

#[test]
fn remark_column_classes_become_columns() {
    let Some(dir) = peer_dir() else { return };
    let deck = open(&dir, "gnab__remark/index.html.textarea.md");
    let mut seen = 0;
    for slide in &deck.slides {
        for (widths, columns) in layouts(slide) {
            seen += 1;
            assert_eq!(widths.len(), 2, "slide {}", slide.index);
            assert!(
                !columns[1].is_empty(),
                "slide {}: right column empty",
                slide.index
            );
        }
    }
    // Thirteen `.left-column[` / `.right-column[` pairs and one `.pull-left[` / `.pull-right[`.
    assert_eq!(seen, 14);
    // The first of them: the left column holds the heading, the right one the text and list.
    let slide = deck
        .slides
        .iter()
        .find(|s| !layouts(s).is_empty())
        .expect("a slide with columns");
    assert_eq!(slide.title.as_deref(), Some("What is it?"));
    assert!(matches!(slide.blocks[0].kind, BlockKind::Columns { .. }));
    let (widths, columns) = layouts(slide)[0];
    assert_eq!(widths, &[1, 4]);
    assert_eq!(column_kinds(&columns[0]), ["other"]);
    // Text, list, and the footnote as text (`.footnote[.red[*] …]` is not a list item).
    assert_eq!(
        column_kinds(&columns[1]),
        ["paragraph", "list", "paragraph"]
    );
    // Inline classes (`.red[*]`, `.footnote[…]`) leave their text and nothing of themselves.
    for slide in &deck.slides {
        let screen = ltdeck::check::screen_text(slide);
        assert!(
            !screen.contains(".red[") && !screen.contains(".footnote["),
            "slide {}: {screen}",
            slide.index
        );
    }
}

#[test]
fn xaringan_pull_left_and_right_keep_their_lists_apart() {
    let Some(dir) = peer_dir() else { return };
    let deck = open(
        &dir,
        "yihui__xaringan/inst/rmarkdown/templates/xaringan/skeleton/skeleton.Rmd",
    );
    let slide = deck
        .slides
        .iter()
        .find(|s| s.title.as_deref() == Some("remark.js vs xaringan"))
        .expect("the comparison slide");
    let (widths, columns) = *layouts(slide).first().expect("columns");
    assert_eq!(widths, &[1, 1]);
    for column in columns {
        let items: Vec<usize> = column
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::List { items, .. } => Some(items.len()),
                _ => None,
            })
            .collect();
        assert_eq!(items, [6], "{column:?}");
    }
}

/// The text a slide shows, code left out (code keeps `:+1:` and `::right::` as written).
fn prose(blocks: &[Block], out: &mut String) {
    fn inlines(content: &[Inline], out: &mut String) {
        for i in content {
            match i {
                Inline::Text(t) => {
                    out.push_str(t);
                    out.push(' ');
                }
                Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strike(c) => inlines(c, out),
                Inline::Link { content, .. } => inlines(content, out),
                _ => {}
            }
        }
    }
    for block in blocks {
        match &block.kind {
            BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) => {
                inlines(content, out)
            }
            BlockKind::List { items, .. } => {
                for item in items {
                    prose(&item.blocks, out);
                }
            }
            BlockKind::Quote(b) | BlockKind::Footnote { blocks: b, .. } => prose(b, out),
            BlockKind::Columns { columns, .. } => {
                for c in columns {
                    prose(c, out);
                }
            }
            BlockKind::Table { header, rows, .. } => {
                for cell in header.iter().chain(rows.iter().flatten()) {
                    inlines(cell, out);
                }
            }
            _ => {}
        }
    }
}

#[test]
fn no_slot_marker_or_emoji_shortcode_is_drawn_as_text() {
    let Some(dir) = peer_dir() else { return };
    let mut checked_shortcodes = 0;
    for &(rel, ..) in EXPECTED {
        let deck = open(&dir, rel);
        let source = std::fs::read_to_string(dir.join(rel)).unwrap();
        for slide in &deck.slides {
            let mut text = String::new();
            prose(&slide.blocks, &mut text);
            for marker in ["::right::", "::left::", "::default::"] {
                assert!(
                    !text.contains(marker),
                    "{rel} slide {}: {text}",
                    slide.index + 1
                );
            }
            for word in text.split_whitespace() {
                let Some(name) = word
                    .trim_matches(|c: char| !c.is_alphanumeric() && c != ':' && c != '+')
                    .strip_prefix(':')
                    .and_then(|w| w.strip_suffix(':'))
                else {
                    continue;
                };
                assert!(
                    emojis::get_by_shortcode(name).is_none(),
                    "{rel} slide {}: :{name}: shown as text",
                    slide.index + 1
                );
            }
        }
        checked_shortcodes += source.matches(":+1:").count();
    }
    // The folder has decks that use shortcodes (Marp's demo): the check saw some.
    assert!(checked_shortcodes > 0);
}
