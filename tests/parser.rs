//! Table-driven tests of the deck format, one syntax (or trap) per case, through the public API.

use std::path::{Path, PathBuf};
use std::time::Duration;

use ltdeck::deck::{
    Align, BlockKind, Deck, Dialect, Fit, ImageSource, Inline, Placement, Severity, Side, parse,
    plain_text,
};

fn deck(text: &str) -> Deck {
    parse(text.as_bytes(), Path::new("/talk"))
}

fn titles(d: &Deck) -> Vec<String> {
    d.slides
        .iter()
        .map(|s| s.title.clone().unwrap_or_default())
        .collect()
}

fn notes(d: &Deck) -> Vec<String> {
    d.slides.iter().map(|s| s.notes_markdown()).collect()
}

fn errors(d: &Deck) -> usize {
    d.diagnostics
        .iter()
        .filter(|x| x.severity == Severity::Error)
        .count()
}

#[test]
fn separators_and_their_traps() {
    // (case, deck, expected slide titles)
    let cases: &[(&str, &str, &[&str])] = &[
        ("dashes", "# A\n\n---\n\n# B", &["A", "B"]),
        ("stars", "# A\n\n***\n\n# B", &["A", "B"]),
        (
            "underscores",
            "# A\n\n___\n\n# B\n\n___\n\n# C",
            &["A", "B", "C"],
        ),
        ("spaced dashes", "# A\n\n- - -\n\n# B", &["A", "B"]),
        ("end_slide", "# A\n<!-- end_slide -->\n# B", &["A", "B"]),
        (
            "setext underline is a heading, not a break",
            "Title\n---\ntext\n\n---\n\n# B",
            &["Title", "B"],
        ),
        (
            "--- inside a fenced code block is code",
            "# A\n\n```yaml\n---\nkey: v\n---\n```\n\n---\n\n# B",
            &["A", "B"],
        ),
        (
            "--- inside an indented code block is code",
            "# A\n\n    ---\n    x\n\n---\n\n# B",
            &["A", "B"],
        ),
        (
            "attribution line is text",
            "> Simple things should be simple.\n\n-- Alan Kay\n\n---\n\n# B",
            &["", "B"],
        ),
        (
            "trailing separator makes no empty slide",
            "# A\n\n---\n",
            &["A"],
        ),
        (
            "leading separator makes no empty slide",
            "---\n\n# A\n\n---\n\n# B",
            &["A", "B"],
        ),
        (
            "blank slide in the middle is kept",
            "# A\n\n---\n\n---\n\n# B",
            &["A", "", "B"],
        ),
        (
            "mixed dialects: --- and end_slide both end slides",
            "# A\n\n---\n\n# More\n<!-- end_slide -->\n# B\n\n***\n\n# C",
            &["A", "More", "B", "C"],
        ),
        (
            "presenterm: a rare --- is a rule once end_slide is used more",
            "# A\n\n---\n\nmore\n<!-- end_slide -->\n# B\n<!-- end_slide -->\n# C",
            &["A", "B", "C"],
        ),
        (
            "remark: --- under text still separates",
            "# A\ntext\n---\n# B\n???\nnote",
            &["A", "B"],
        ),
        (
            "reveal: blank-line runs separate when there is no ---",
            "# A\n\n\n## B\n\nNote: n\n\n\n## C",
            &["A", "B", "C"],
        ),
        (
            "slidev front matter is part of the separator",
            "# A\n\n---\nlayout: center\n---\n\n# B",
            &["A", "B"],
        ),
    ];
    for (case, text, want) in cases {
        let d = deck(text);
        assert_eq!(titles(&d), *want, "{case}");
        assert_eq!(errors(&d), 0, "{case}: {:?}", d.diagnostics);
    }
}

#[test]
fn heading_divider_starts_slides_at_headings() {
    let d = deck("---\nheading_divider: 2\n---\n# A\n\nintro\n\n## B\n\n### B.1\n\n## C");
    assert_eq!(titles(&d), ["A", "B", "C"]);
    let marp = deck("---\nheadingDivider: 1\n---\n# A\n## not split\n# B");
    assert_eq!(titles(&marp), ["A", "B"]);
}

#[test]
fn every_note_syntax_and_they_join_in_order() {
    let cases: &[(&str, &str, &str)] = &[
        ("marp comment", "# A\n\n<!-- say *hello* -->", "say *hello*"),
        ("deckset caret", "# A\n\n^ say hello\n\nbody", "say hello"),
        ("remark ???", "# A\n???\nsay\n\n- point", "say\n\n- point"),
        ("reveal Note:", "# A\n\nNote: say\nmore", "say\nmore"),
        ("reveal notes: lowercase", "# A\n\nnotes: say", "say"),
        (
            "presenterm one line",
            "# A\n<!-- speaker_note: say hi -->",
            "say hi",
        ),
        (
            "presenterm YAML block",
            "# A\n<!-- speaker_note: |\n  line one\n  line two\n-->",
            "line one\nline two",
        ),
        (
            "several notes in order",
            "# A\n<!-- one -->\n\ntext\n\n^ two\n\n<!-- speaker_note: three -->",
            "one\n\ntwo\n\nthree",
        ),
        (
            "directives are not notes",
            "# A\n<!-- _class: lead -->\n<!-- pause -->\n<!-- time: 20s -->\n\nx",
            "",
        ),
        (
            "comment inside code is code",
            "# A\n\n```md\n<!-- not a note -->\n```",
            "",
        ),
    ];
    for (case, text, want) in cases {
        let d = deck(text);
        assert_eq!(d.slides.len(), 1, "{case}");
        assert_eq!(notes(&d)[0], *want, "{case}");
    }
}

#[test]
fn notes_are_not_on_screen() {
    let d = deck("# A\n\nvisible\n\n^ hidden\n\n<!-- hidden too -->\n\nNote: hidden three");
    let screen = ltdeck::check::screen_text(&d.slides[0]);
    assert!(screen.contains("visible"));
    assert!(!screen.contains("hidden"), "{screen}");
}

#[test]
fn pauses_make_steps_and_blocks_know_their_step() {
    let d = deck("# A\n\none\n\n<!-- pause -->\n\ntwo\n\n--\n\nthree");
    let s = &d.slides[0];
    assert_eq!(s.steps, 3);
    let steps: Vec<usize> = s.blocks.iter().map(|b| b.step).collect();
    assert_eq!(steps, [0, 0, 1, 2]);
    assert_eq!(
        deck("# A\n\nx\n\n<!-- pause -->").slides[0].steps,
        1,
        "a trailing pause reveals nothing"
    );
}

#[test]
fn build_lists_reveal_items_one_by_one() {
    let d = deck("---\nbuild_lists: true\n---\n# A\n\n- one\n- two\n- three");
    let s = &d.slides[0];
    assert_eq!(s.steps, 3);
    let BlockKind::List { items, .. } = &s.blocks[1].kind else {
        panic!("list expected: {:?}", s.blocks)
    };
    assert_eq!(items.iter().map(|i| i.step).collect::<Vec<_>>(), [0, 1, 2]);
    let deckset = deck("# A\n\n[.build-lists: true]\n\n- one\n- two");
    assert_eq!(deckset.slides[0].steps, 2);
}

#[test]
fn time_budget_and_bad_budget_warning() {
    let d = deck("# A\n<!-- time: 20s -->\n\n---\n\n# B\n<!-- time: soon -->");
    assert_eq!(d.slides[0].time_budget, Some(Duration::from_secs(20)));
    assert_eq!(d.slides[1].time_budget, None);
    let w = &d.diagnostics[0];
    assert_eq!((w.severity, w.line), (Severity::Warning, 7));
}

#[test]
fn marp_directives_carry_and_spot_directives_do_not() {
    let d = deck(
        "---\npaginate: true\n_paginate: false\n---\n# A\n\n---\n\n# B\n<!-- backgroundColor: beige -->\n\n---\n\n# C\n<!-- _class: lead -->\n<!-- paginate: false -->\n\n---\n\n# D",
    );
    let numbers: Vec<bool> = d.slides.iter().map(|s| s.style.slide_number).collect();
    assert_eq!(numbers, [false, true, false, false]);
    let bg: Vec<Option<&str>> = d
        .slides
        .iter()
        .map(|s| s.style.background_color.as_deref())
        .collect();
    assert_eq!(bg, [None, Some("beige"), Some("beige"), Some("beige")]);
    let class: Vec<Option<&str>> = d.slides.iter().map(|s| s.style.class.as_deref()).collect();
    assert_eq!(class, [None, None, Some("lead"), None]);
}

#[test]
fn deckset_globals_and_slide_commands() {
    let d = deck(
        "footer: My talk\nslidenumbers: true\n\n# A\n\n---\n\n[.hide-footer]\n[.slidenumbers: false]\n\n# B",
    );
    assert_eq!(d.meta.dialect, Dialect::Deckset);
    assert_eq!(d.slides[0].style.footer.as_deref(), Some("My talk"));
    assert!(d.slides[0].style.slide_number);
    assert_eq!(d.slides[1].style.footer, None);
    assert!(!d.slides[1].style.slide_number);
}

#[test]
fn fit_headings_in_every_spelling() {
    for text in [
        "# [fit] Big",
        "#[fit] Big",
        "# <!--fit--> Big",
        "## [fit]Big",
    ] {
        let d = deck(text);
        let BlockKind::Heading { fit, content, .. } = &d.slides[0].blocks[0].kind else {
            panic!("{text}: heading expected")
        };
        assert!(fit, "{text}");
        assert_eq!(ltdeck::deck::plain_text(content), "Big", "{text}");
    }
}

#[test]
fn image_placements_from_alt_text() {
    let cases: &[(&str, Placement)] = &[
        (
            "![bg](a.jpg)\n\n# T",
            Placement::Background { fit: Fit::Cover },
        ),
        (
            "![background fit](a.jpg)\n\n# T",
            Placement::Background { fit: Fit::Contain },
        ),
        (
            "![bg left:40%](a.jpg)\n\n# T",
            Placement::Split {
                side: Side::Left,
                ratio: 0.4,
                fit: Fit::Cover,
            },
        ),
        (
            "![right, fit](a.jpg)\n\n# T",
            Placement::Split {
                side: Side::Right,
                ratio: 0.5,
                fit: Fit::Contain,
            },
        ),
        ("# T\n\ntext ![inline](a.jpg) more", Placement::Inline),
        ("![a photo](a.jpg)", Placement::Large),
        ("# T\n\n![a photo](a.jpg)", Placement::Inline),
        ("# T\n\n![fit](a.jpg)", Placement::Large),
    ];
    for (text, want) in cases {
        let d = deck(text);
        assert_eq!(d.slides[0].images[0].placement, *want, "{text}");
    }
}

#[test]
fn background_and_split_images_leave_the_text_flow() {
    let d = deck("![bg right](a.jpg)\n\n# Title\n\ntext");
    let s = &d.slides[0];
    assert_eq!(s.blocks.len(), 2, "{:?}", s.blocks);
    assert_eq!(s.title.as_deref(), Some("Title"));
}

#[test]
fn deckset_lone_image_is_a_background() {
    let d = deck("slidenumbers: true\n\n![](photo.jpg)\n\n# Over the photo");
    assert_eq!(
        d.slides[0].images[0].placement,
        Placement::Background { fit: Fit::Cover }
    );
    let fit = deck("slidenumbers: true\n\n![fit](photo.jpg)");
    assert_eq!(fit.slides[0].images[0].placement, Placement::Large);
}

#[test]
fn image_sizes_and_alt_text() {
    let d = deck("# T\n\n![Logo w:200 h:1.5em 50%](logo.png)");
    let im = &d.slides[0].images[0];
    assert_eq!(im.alt, "Logo");
    assert_eq!(im.size.width, Some(200.0));
    assert_eq!(im.size.height, Some(48.0));
    assert_eq!(im.size.scale, Some(0.5));
}

#[test]
fn image_sources_resolve_against_the_deck_folder() {
    let d = deck(
        "![](img/a.png)\n![](/abs/b.png)\n![](file:///abs/c.png)\n![](https://x.org/d.png)\n![](my%20e.png)",
    );
    let sources: Vec<ImageSource> = d.slides[0]
        .images
        .iter()
        .map(|i| i.source.clone())
        .collect();
    assert_eq!(
        sources,
        [
            ImageSource::File(PathBuf::from("/talk/img/a.png")),
            ImageSource::File(PathBuf::from("/abs/b.png")),
            ImageSource::File(PathBuf::from("/abs/c.png")),
            ImageSource::Remote("https://x.org/d.png".into()),
            ImageSource::File(PathBuf::from("/talk/my e.png")),
        ]
    );
}

#[test]
fn image_link_split_across_lines() {
    let d = deck("# T\n\n![bg right:50% 70%](https://example.com/long/path/cover.jpg\n)\n\ntext");
    let im = &d.slides[0].images[0];
    assert_eq!(im.src, "https://example.com/long/path/cover.jpg");
    assert_eq!(im.line, 3);
    assert!(matches!(
        im.placement,
        Placement::Split {
            side: Side::Right,
            ..
        }
    ));
    let alt = deck("# T\n\n![a long\ndescription](a.png)");
    assert_eq!(alt.slides[0].images[0].alt, "a long description");
}

#[test]
fn crlf_and_bom_read_like_lf() {
    let lf = deck("---\ntitle: T\n---\n# A\r\n\r\n^ note\r\n\r\n---\r\n\r\n# B");
    let crlf_bom = parse(
        b"\xEF\xBB\xBF---\r\ntitle: T\r\n---\r\n# A\r\n\r\n^ note\r\n\r\n---\r\n\r\n# B",
        Path::new("/talk"),
    );
    assert_eq!(titles(&crlf_bom), ["A", "B"]);
    assert_eq!(crlf_bom.meta.title.as_deref(), Some("T"));
    assert_eq!(notes(&crlf_bom), notes(&lf));
    assert_eq!(crlf_bom.slides[1].line, lf.slides[1].line);
}

#[test]
fn non_utf8_is_an_error_naming_the_offset() {
    let d = parse(b"# A\n\n\xC7\xD1\xB1\xDB", Path::new("/talk"));
    assert_eq!(errors(&d), 1);
    let e = &d.diagnostics[0];
    assert_eq!(e.line, 3);
    assert!(e.message.contains("byte offset 5"), "{}", e.message);
    assert!(e.hint.contains("cp949"), "{}", e.hint);
}

#[test]
fn unclosed_code_fence_warns_and_keeps_going() {
    let d = deck("# A\n\n```python\nprint(1)\n\n---\n\n# not a slide");
    assert_eq!(d.slides.len(), 1);
    let w = &d.diagnostics[0];
    assert_eq!((w.severity, w.line), (Severity::Warning, 3));
    assert!(w.message.contains("never closed"));
}

#[test]
fn blocks_keep_source_lines_and_markdown_structure() {
    let d = deck(
        "---\ntitle: t\n---\n# Head\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n  1. nested\n\n> quote\n\n```rust\nfn main() {}\n```\n\n~~old~~ **bold** *it* `code` [link](https://x.org)[^1]\n\n[^1]: note",
    );
    let s = &d.slides[0];
    let lines: Vec<usize> = s.blocks.iter().map(|b| b.line).collect();
    assert_eq!(lines, [4, 6, 10, 14, 16, 20, 22]);
    let BlockKind::Table {
        align,
        header,
        rows,
    } = &s.blocks[1].kind
    else {
        panic!("table")
    };
    assert_eq!(align, &[Align::Left, Align::Right]);
    assert_eq!((header.len(), rows.len()), (2, 1));
    let BlockKind::List { items, start: None } = &s.blocks[2].kind else {
        panic!("list")
    };
    assert_eq!(items[0].task, Some(true));
    assert_eq!(items[1].task, Some(false));
    assert!(matches!(
        items[1].blocks[1].kind,
        BlockKind::List { start: Some(1), .. }
    ));
    assert!(matches!(s.blocks[3].kind, BlockKind::Quote(_)));
    assert_eq!(
        s.blocks[4].kind,
        BlockKind::Code {
            lang: Some("rust".into()),
            text: "fn main() {}".into()
        }
    );
    let BlockKind::Paragraph(inl) = &s.blocks[5].kind else {
        panic!("paragraph")
    };
    assert!(matches!(inl[0], Inline::Strike(_)));
    assert!(inl.iter().any(|i| matches!(i, Inline::Strong(_))));
    assert!(inl.iter().any(|i| matches!(i, Inline::Emphasis(_))));
    assert!(
        inl.iter()
            .any(|i| matches!(i, Inline::Link { url, .. } if url == "https://x.org"))
    );
    assert!(inl.iter().any(|i| matches!(i, Inline::FootnoteRef(_))));
    assert!(matches!(s.blocks[6].kind, BlockKind::Footnote { .. }));
}

#[test]
fn slide_lines_point_at_content() {
    let d = deck("---\ntitle: t\n---\n\n# A\n\n---\n\n\n# B");
    let lines: Vec<usize> = d.slides.iter().map(|s| s.line).collect();
    assert_eq!(lines, [5, 10]);
    assert_eq!(d.slides.iter().map(|s| s.index).collect::<Vec<_>>(), [0, 1]);
}

#[test]
fn remark_layout_templates_and_excluded_slides_are_not_shown() {
    let d = deck(
        "layout: true\nclass: center\n---\n# A\n???\nn\n---\nexclude: true\n# Hidden\n---\n# B",
    );
    assert_eq!(titles(&d), ["A", "B"]);
}

#[test]
fn empty_deck_has_no_slides_and_says_so() {
    for text in ["", "\n\n  \n", "---\ntitle: x\n---\n"] {
        let d = deck(text);
        assert!(d.slides.is_empty(), "{text:?}");
        assert!(
            d.diagnostics
                .iter()
                .any(|x| x.message.contains("no slides")),
            "{text:?}"
        );
    }
}

#[test]
fn title_falls_back_to_the_first_heading() {
    assert_eq!(
        deck("text\n\n---\n\n# First").meta.title.as_deref(),
        Some("First")
    );
    assert_eq!(
        deck("---\ntitle: Given\n---\n# First")
            .meta
            .title
            .as_deref(),
        Some("Given")
    );
}

#[test]
fn column_comments_on_adjacent_lines_open_a_layout_and_pick_a_column() {
    let d = deck(
        "# Why columns\n\n<!-- column_layout: [7, 3] -->\n<!-- column: 0 -->\n\n- wide\n- left\n\n\
         <!-- column: 1 -->\n\nright\n\n<!-- reset_layout -->\n\nFull width again.\n",
    );
    let s = &d.slides[0];
    assert_eq!(s.title.as_deref(), Some("Why columns"));
    assert_eq!(s.blocks.len(), 3, "{:?}", s.blocks);
    let BlockKind::Columns { widths, columns } = &s.blocks[1].kind else {
        panic!("{:?}", s.blocks[1]);
    };
    assert_eq!(widths, &[7, 3]);
    assert!(matches!(columns[0][0].kind, BlockKind::List { .. }));
    assert!(matches!(&columns[1][0].kind, BlockKind::Paragraph(c) if plain_text(c) == "right"));
    assert!(
        matches!(&s.blocks[2].kind, BlockKind::Paragraph(c) if plain_text(c) == "Full width again.")
    );
    // Directives are not notes, and nothing here is wrong.
    assert!(s.notes.is_empty());
    assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);
}

#[test]
fn remark_classes_belong_to_their_slide_and_templates_lend_theirs_until_layout_false() {
    let d = deck(
        "layout: true\nclass: center\n\n---\n\n# A\n\n???\nnote\n\n---\n\n# B\n\n---\n\
         layout: false\n\n# C\n\n---\nclass: middle\n\n# D\n\n---\n\n# E\n",
    );
    assert_eq!(d.meta.dialect, Dialect::Remark);
    let classes: Vec<Option<&str>> = d.slides.iter().map(|s| s.style.class.as_deref()).collect();
    assert_eq!(titles(&d), ["A", "B", "C", "D", "E"]);
    assert_eq!(
        classes,
        [Some("center"), Some("center"), None, Some("middle"), None]
    );
}

#[test]
fn notes_that_look_like_notes_markers_or_settings_survive_into_the_notes_blocks() {
    // Each note's text is Markdown once it is a note: nothing in it is read as deck syntax.
    let cases = [
        (
            "<!-- Notes: remember the demo laptop -->",
            "Notes: remember the demo laptop",
        ),
        (
            "<!-- Link: https://example.org/talk -->",
            "Link: https://example.org/talk",
        ),
        ("<!--\nNote: the second line\n-->", "Note: the second line"),
        ("<!-- ^ a caret first -->", "^ a caret first"),
        (
            "<!-- ??? three question marks -->",
            "??? three question marks",
        ),
        (
            "<!-- status: draft, ask Mina -->",
            "status: draft, ask Mina",
        ),
        (
            "^ title: a caret note that reads like YAML",
            "title: a caret note that reads like YAML",
        ),
    ];
    for (note, want) in cases {
        let d = deck(&format!("# Slide\n\nbody\n\n{note}\n"));
        let text = ltdeck::check::notes_text(&d.slides[0]);
        assert_eq!(text, want, "{note}");
        assert!(d.slides[0].notes_blocks().next().is_some(), "{note}");
    }
}

#[test]
fn emoji_shortcodes_become_emoji_in_text_and_notes_but_not_in_code() {
    let deck = parse(
        b"# Ship it :rocket:\n\nThanks :+1: and `:+1:` in code\n\n```\n:tada:\n```\n\n<!-- well done :tada: -->\n",
        Path::new("."),
    );
    let slide = &deck.slides[0];
    assert_eq!(slide.title.as_deref(), Some("Ship it 🚀"));
    let screen = ltdeck::check::screen_text(slide);
    assert!(screen.contains("Thanks 👍 and :+1: in code"), "{screen}");
    let code = slide.blocks.iter().find_map(|b| match &b.kind {
        ltdeck::deck::BlockKind::Code { text, .. } => Some(text.as_str()),
        _ => None,
    });
    assert_eq!(code, Some(":tada:"), "a code block keeps its text");
    assert!(ltdeck::check::notes_text(slide).contains("well done 🎉"));
}

#[test]
fn slidev_two_cols_slots_become_columns_and_components_are_not_text() {
    let deck = parse(
        b"---\ntheme: default\ntransition: slide-left\n---\n\n# Intro\n\n<Toc />\n\n---\nlayout: two-cols\n---\n\n# Left side\n\n- a\n\n::right::\n\n# Right side\n\n- b\n\n---\nlayout: center\n---\n\n# Centred\n",
        Path::new("."),
    );
    assert_eq!(deck.meta.dialect, ltdeck::deck::Dialect::Slidev);
    let intro = ltdeck::check::screen_text(&deck.slides[0]);
    assert!(!intro.contains("Toc"), "{intro}");
    assert!(
        deck.diagnostics.iter().any(|d| d.message.contains("<Toc>")),
        "{:?}",
        deck.diagnostics
    );
    let two = &deck.slides[1];
    let columns = two.blocks.iter().find_map(|b| match &b.kind {
        ltdeck::deck::BlockKind::Columns { widths, columns } => {
            Some((widths.clone(), columns.len()))
        }
        _ => None,
    });
    assert_eq!(columns, Some((vec![1, 1], 2)));
    let text = ltdeck::check::screen_text(two);
    assert!(!text.contains("::right::"), "{text}");
    assert!(
        text.contains("Left side") && text.contains("Right side"),
        "{text}"
    );
    assert_eq!(deck.slides[2].style.class.as_deref(), Some("center"));
}

#[test]
fn marp_theme_names_pick_marp_themes_and_unknown_ones_warn() {
    for (name, theme) in [
        ("default", ltdeck::deck::ThemeName::Default),
        ("gaia", ltdeck::deck::ThemeName::Gaia),
        ("uncover", ltdeck::deck::ThemeName::Uncover),
        ("light", ltdeck::deck::ThemeName::Light),
    ] {
        let deck = parse(
            format!("---\nmarp: true\ntheme: {name}\n---\n\n# T\n").as_bytes(),
            Path::new("."),
        );
        assert_eq!(deck.meta.theme, theme, "{name}");
        assert!(!deck.diagnostics.iter().any(|d| d.message.contains("theme")));
    }
    let deck = parse(b"---\ntheme: rose-pine\n---\n\n# T\n", Path::new("."));
    assert_eq!(deck.meta.theme, ltdeck::deck::ThemeName::Dark);
    let warned: Vec<_> = deck
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("theme"))
        .collect();
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert!(warned[0].hint.contains("gaia"));
}

#[test]
fn presenterm_theme_overrides_give_every_slide_its_background_and_colours() {
    let deck = ltdeck::deck::parse(
        b"---\ntheme:\n  name: catppuccin-latte\n  override:\n    default:\n      colors:\n        foreground: \"e6e6e6\"\n        background: \"040312\"\n      background_image:\n        path: bg.png\n        fit: contain\n---\n\nFirst\n---\n\ntext\n\n<!-- end_slide -->\n\n![bg](own.png)\n\nSecond\n",
        std::path::Path::new("/talks"),
    );
    assert!(
        !deck.diagnostics.iter().any(|d| d.message.contains("theme")),
        "{:?}",
        deck.diagnostics
    );
    assert_eq!(deck.meta.theme, ltdeck::deck::ThemeName::Light);
    assert_eq!(deck.slides.len(), 2);
    for slide in &deck.slides {
        assert_eq!(slide.style.background_color.as_deref(), Some("#040312"));
        assert_eq!(slide.style.color.as_deref(), Some("#e6e6e6"));
    }
    let bg = |i: usize| -> Vec<(String, ltdeck::deck::Placement)> {
        deck.slides[i]
            .images
            .iter()
            .map(|im| (im.src.clone(), im.placement))
            .collect()
    };
    assert_eq!(
        bg(0),
        [(
            "bg.png".to_string(),
            ltdeck::deck::Placement::Background {
                fit: ltdeck::deck::Fit::Contain
            }
        )]
    );
    // A slide with its own background keeps it, alone.
    assert_eq!(bg(1).len(), 1);
    assert_eq!(bg(1)[0].0, "own.png");
}

#[test]
fn r_markdown_chunks_their_author_hid_are_not_drawn() {
    let deck = ltdeck::deck::parse(
        b"# Setup\n\n```{r setup, include=FALSE}\noptions(htmltools.dir.version = FALSE)\n```\n\n```{r echo = FALSE}\nplot(cars)\n```\n\n```{r eval=FALSE}\nshown(1)\n```\n",
        std::path::Path::new("/talks"),
    );
    let codes: Vec<&str> = deck.slides[0]
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            ltdeck::deck::BlockKind::Code { text, lang } => {
                assert_eq!(lang.as_deref(), Some("r"));
                Some(text.as_str())
            }
            _ => None,
        })
        .collect();
    assert_eq!(codes, ["shown(1)"]);
}

#[test]
fn marps_own_marker_key_is_accepted_quietly() {
    let deck = ltdeck::deck::parse(
        b"---\nmarp: true\n---\n\n# One\n",
        std::path::Path::new("/t"),
    );
    assert!(deck.diagnostics.is_empty(), "{:?}", deck.diagnostics);
}

#[test]
fn a_markdown_title_is_shown_as_its_words() {
    let deck = ltdeck::deck::parse(
        b"---\ntitle: Introducing _presenterm_\n---\n\nOne\n---\n\ntext\n\n<!-- end_slide -->\n\nTwo\n---\n",
        std::path::Path::new("/t"),
    );
    assert_eq!(deck.meta.title.as_deref(), Some("Introducing presenterm"));
    // A plain title is left as written (`#` and all).
    let deck = ltdeck::deck::parse(
        b"---\ntitle: 'C# in 5 minutes'\n---\n\n# A\n",
        std::path::Path::new("/t"),
    );
    assert_eq!(deck.meta.title.as_deref(), Some("C# in 5 minutes"));
}

/// Found by `deck_shaped_text_never_panics_and_positions_are_inside`: a slide that is only
/// Slidev front matter, closed on the file's last line, was placed on a line past the end.
#[test]
fn a_slide_of_front_matter_alone_is_on_its_front_matters_line() {
    // The headmatter's own slide (empty but titled, as Slidev counts it) is on its first key.
    let d = deck("---\ntitle: t\nduration: 4m\n---\n---\nlayout: true\n---");
    let lines: Vec<usize> = d.slides.iter().map(|s| s.line).collect();
    assert_eq!(lines, [2, 6]);
    // The same in the middle of a deck, and a slide with a body keeps its first line.
    let d = deck("# One\n\n---\nlayout: cover\n---\n\n---\n\n# Three\n");
    let lines: Vec<usize> = d.slides.iter().map(|s| s.line).collect();
    assert_eq!(lines, [1, 4, 9]);
}

/// What each peer tool's own rules make of a deck that names its dialect: an explicit marker
/// beats every guess from the body.
#[test]
fn an_explicit_marp_deck_keeps_its_breaks_and_gets_no_presenterm_title_slide() {
    let d = deck(
        "---\nmarp: true\ntitle: My talk\n---\n\n# One\n\n<!-- end_slide -->\n\n# Two\n\n---\n\n# Three\n",
    );
    assert_eq!(d.meta.dialect, Dialect::Common);
    assert_eq!(titles(&d), ["One", "Two", "Three"]);
    assert!(
        d.diagnostics
            .iter()
            .all(|x| !x.message.contains("horizontal rule")),
        "{:?}",
        d.diagnostics
    );
}

#[test]
fn a_marp_heading_divider_written_as_a_comment_splits_before_headings() {
    let d = deck(
        "---\nmarp: true\n---\n\n<!-- headingDivider: 2 -->\n\n# Title\n\nintro\n\n## A\n\ntext\n\n\
         ## B\n\n### c\n\nmore\n",
    );
    assert_eq!(titles(&d), ["Title", "A", "B"], "### stays in its slide");
    // Without `marp: true` too, and the last one wins.
    let d =
        deck("# T\n\n<!-- headingDivider: 1 -->\n\n## A\n\n<!-- headingDivider: 2 -->\n\n## B\n");
    assert_eq!(titles(&d), ["T", "A", "B"]);
    assert!(
        notes(&d).iter().all(String::is_empty),
        "a directive is no note"
    );
}

#[test]
fn deckset_notes_without_a_space_and_slide_commands_that_stay_on_their_slide() {
    let d = deck(
        "footer: © global\nslidenumbers: true\n\n# One\n\n^Say hello first\n\n---\n\n# Two\n\n\
         [.footer: photo credit]\n\n![](a.jpg)\n\n<!-- target: 25 slides -->\n\n---\n\n# Three\n\n\
         ^ spaced note\n\n<!-- Local Variables: -->\n",
    );
    assert_eq!(d.meta.dialect, Dialect::Deckset);
    // In a deck that is Deckset's by its global lines an HTML comment is hidden, never a note.
    assert_eq!(notes(&d), ["Say hello first", "", "spaced note"]);
    let footers: Vec<Option<String>> = d.slides.iter().map(|s| s.style.footer.clone()).collect();
    assert_eq!(
        footers,
        [
            Some("© global".to_string()),
            Some("photo credit".to_string()),
            Some("© global".to_string())
        ],
        "a slide's [.footer:] is that slide's"
    );
    // Outside Deckset, a line that merely starts with a caret is text.
    let d = deck("# A\n\n^caret text\n");
    assert_eq!(notes(&d), [""]);
}

#[test]
fn reveal_md_separates_on_dash_lines_even_under_text_and_on_vertical_separators() {
    let d = deck(
        "---\ntitle: Talk\nrevealOptions:\n  transition: fade\n---\n\n# One\nSome text\n---\n# Two\n\n\
         more\n----\n# Two down\n\n```\n---\n```\n",
    );
    assert_eq!(d.meta.dialect, Dialect::RevealMd);
    assert_eq!(titles(&d), ["One", "Two", "Two down"]);
    assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);
    // Without reveal-md's keys a `---` under text is a setext heading, as CommonMark says.
    assert_eq!(titles(&deck("# One\nSome text\n---\n# Two\n")).len(), 1);
}

#[test]
fn a_slidev_slide_of_front_matter_alone_is_kept_and_shows_its_title() {
    let d = deck(
        "---\nlayout: cover\nhighlighter: shiki\nlineNumbers: true\ndrawings:\n  persist: false\n---\n\n\
         # Cover\n\n---\nlayout: section\ntitle: Part 1\n---\n\n---\n\n# Slide\n",
    );
    assert_eq!(d.meta.dialect, Dialect::Slidev);
    assert_eq!(titles(&d), ["Cover", "Part 1", "Slide"]);
    assert!(
        d.diagnostics
            .iter()
            .all(|x| !x.message.contains("not used")),
        "Slidev's own keys are not warned: {:?}",
        d.diagnostics
    );
}

#[test]
fn slidev_breaks_at_every_dashed_line_and_keeps_a_headmatter_only_first_slide() {
    // The headmatter is the first slide's front matter: with nothing under it, that slide is
    // still there (Slidev counts it), showing its title. `---` under a line of text ends the
    // slide in Slidev; `- - -` and `***` are rules on the slide.
    let d = deck(
        "---\ntitle: 표지\nlayout: cover\ncoverTitle: 특강\n---\n\n\n---\nlayout: center\n---\n\n\
         # 목차\n- 하나\n---\n\n# 둘\n\n- - -\n\ntext\n\n***\n\nmore\n",
    );
    assert_eq!(d.meta.dialect, Dialect::Slidev);
    assert_eq!(titles(&d), ["표지", "목차", "둘"]);
    assert!(
        d.diagnostics
            .iter()
            .all(|x| !x.message.contains("coverTitle")),
        "a theme's layout props are not warned: {:?}",
        d.diagnostics
    );
}

#[test]
fn a_slidev_note_is_the_comment_that_ends_the_slide() {
    // Slidev's parser: the last comment is the note only when nothing follows it.
    let d = deck(
        "---\nlayout: cover\n---\n\n# One\n\n<!-- an aside -->\n\n<!-- 발표 노트 -->\n\n---\n\n# Two\n\n\
         <!-- a link for me, then a picture -->\n<img src=\"x.png\">\n\n---\n\n# Three\n\n\
         <!-- about the script -->\n<script setup>\nconst x = 1\n</script>\n",
    );
    assert_eq!(d.meta.dialect, Dialect::Slidev);
    assert_eq!(notes(&d), ["발표 노트", "", ""]);
}

#[test]
fn slidev_imported_pages_find_site_root_images_in_the_decks_public_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("pages")).unwrap();
    std::fs::create_dir_all(dir.path().join("public")).unwrap();
    std::fs::write(dir.path().join("public/chart.png"), b"png").unwrap();
    std::fs::write(
        dir.path().join("pages/part.md"),
        "---\ntitle: 2부\nlayout: section\nsubject: 2부\n---\n\n---\n\n# 그림\n\n![](/chart.png)\n",
    )
    .unwrap();
    let main = dir.path().join("slides.md");
    std::fs::write(
        &main,
        "---\ntheme: seriph\n---\n\n# 시작\n\n---\nsrc: ./pages/part.md\n---\n",
    )
    .unwrap();
    let d = ltdeck::deck::load(&main).unwrap();
    assert_eq!(titles(&d), ["시작", "2부", "그림"]);
    assert_eq!(
        d.slides[2].images[0].source,
        ImageSource::File(dir.path().join("public/chart.png"))
    );
    assert!(
        d.diagnostics.iter().all(|x| !x.message.contains("subject")),
        "{:?}",
        d.diagnostics
    );
}

#[test]
fn img_tags_are_images_at_their_size_and_slidev_site_root_paths_are_in_public() {
    let d = deck(
        "---\nlayout: default\n---\n\n# Logos\n\n<div class=\"grid\">\n  <img src=\"/logo.png\" width=\"300\">\n  \
         <img src=\"img/b.jpg\" style=\"height: 120px\" alt=\"B\">\n</div>\n\nText with <img src=\"c.png\"> inline.\n\n\
         ---\n\n# Yak{.important-text-3em}\n\n---\n\nAnthony's{.op50.text-2xl} and {#intro.big} go\n",
    );
    assert_eq!(d.meta.dialect, Dialect::Slidev);
    let images = &d.slides[0].images;
    assert_eq!(images.len(), 3, "{images:?}");
    assert_eq!(
        images[0].source,
        ImageSource::File(PathBuf::from("/talk/public/logo.png")),
        "a site-root path is in public/"
    );
    assert_eq!(images[0].size.width, Some(300.0));
    assert_eq!(
        (
            images[1].source.clone(),
            images[1].size.height,
            images[1].alt.as_str()
        ),
        (
            ImageSource::File(PathBuf::from("/talk/img/b.jpg")),
            Some(120.0),
            "B"
        )
    );
    assert_eq!(titles(&d)[1], "Yak", "MDC attributes are not text");
    let BlockKind::Paragraph(chained) = &d.slides[2].blocks[0].kind else {
        panic!("a paragraph: {:?}", d.slides[2].blocks);
    };
    assert_eq!(
        plain_text(chained),
        "Anthony's and go",
        "chained classes are attributes too"
    );
    // In any dialect an <img> is an image; a site-root path outside Slidev stays as written.
    let d = deck("# Marp\n\n<img src=\"/abs/x.png\" height=\"200\">\n");
    assert_eq!(
        d.slides[0].images[0].source,
        ImageSource::File(PathBuf::from("/abs/x.png"))
    );
    assert_eq!(d.slides[0].images[0].size.height, Some(200.0));
}

#[test]
fn an_image_in_a_footer_is_drawn_there_and_never_shown_as_markup() {
    let d = deck(
        "footer: ![inline 8%](logo.png) Photos © 김파이\nslidenumbers: true\n\n# One\n\n---\n\n# Two\n\n\
         [.footer: plain credit]\n",
    );
    let one = &d.slides[0];
    assert_eq!(one.style.footer.as_deref(), Some("Photos © 김파이"));
    let footer: Vec<&str> = one
        .images
        .iter()
        .filter(|i| i.placement == Placement::Footer)
        .map(|i| i.src.as_str())
        .collect();
    assert_eq!(footer, ["logo.png"]);
    assert_eq!(
        one.images[0].source,
        ImageSource::File(PathBuf::from("/talk/logo.png"))
    );
    assert_eq!(d.slides[1].style.footer.as_deref(), Some("plain credit"));
    assert!(d.slides[1].images.is_empty());
}

#[test]
fn reveal_md_separators_set_in_the_front_matter_are_the_deck_s_own() {
    let d = deck(
        "---\nseparator: '<!--s-->'\nverticalSeparator: '<!--v-->'\n---\n\n# One\n\n---\n\nstill one\n\n<!--s-->\n\n# Two\n\n<!--v-->\n\n# Two down\n",
    );
    assert_eq!(d.meta.dialect, Dialect::RevealMd);
    assert_eq!(titles(&d), ["One", "Two", "Two down"]);
    assert!(
        notes(&d).iter().all(String::is_empty),
        "a separator comment is no note: {:?}",
        notes(&d)
    );
}
