//! Property tests: the parser never panics, and every position it reports is inside the file.

use std::path::Path;

use ltdeck::deck::{Block, BlockKind, Deck, parse};
use proptest::prelude::*;

/// Lines that exercise every syntax and trap the parser knows, to be shuffled into decks.
const FRAGMENTS: &[&str] = &[
    "",
    "",
    "---",
    "***",
    "___",
    "- - -",
    "--",
    "-- Alan Kay",
    "```",
    "```rust",
    "~~~",
    "    code",
    "<!--",
    "-->",
    "<!-- pause -->",
    "<!-- end_slide -->",
    "<!-- time: 20s -->",
    "<!-- time: x -->",
    "<!-- _class: lead -->",
    "<!-- speaker_note: |",
    "<!-- note -->",
    "???",
    "Note: hi",
    "^ note",
    "^",
    "# [fit] Big",
    "#[fit] x",
    "## Title",
    "Title",
    "===",
    "![bg left:40%](a.png",
    ")",
    "![](b.jpg)",
    "![fit w:100 h:2em 50%](<c d.png>)",
    "|a|b|",
    "|:-|-:|",
    "|1|2|",
    "- item",
    "  - nested",
    "1. one",
    "- [x] done",
    "> quote",
    "[^1]: foot",
    "text[^1]",
    "layout: true",
    "exclude: true",
    "title: x",
    "key: [unclosed",
    "footer: f",
    "slidenumbers: true",
    "[.hide-footer]",
    "[.build-lists: true]",
    ".left-column[",
    "]",
    "한글 텍스트 **굵게**",
    "日本語",
    "<div>",
    "</div>",
    "<br>",
    "$$",
    "\u{FEFF}",
    "\t---",
    "  ---",
    "***bold***",
    "~~s~~",
];

fn deckish() -> impl Strategy<Value = String> {
    let line = prop::sample::select(FRAGMENTS);
    (
        prop::collection::vec(line, 0..60),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(lines, crlf, fm)| {
            let sep = if crlf { "\r\n" } else { "\n" };
            let mut text = String::new();
            if fm {
                text.push_str(&format!("---{sep}title: t{sep}duration: 4m{sep}---{sep}"));
            }
            text.push_str(&lines.join(sep));
            text
        })
}

fn line_count(bytes: &[u8]) -> usize {
    let text = String::from_utf8_lossy(bytes)
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    text.split('\n').count()
}

fn block_lines(blocks: &[Block], out: &mut Vec<usize>) {
    for b in blocks {
        out.push(b.line);
        match &b.kind {
            BlockKind::Quote(inner) | BlockKind::Footnote { blocks: inner, .. } => {
                block_lines(inner, out)
            }
            BlockKind::List { items, .. } => items.iter().for_each(|i| block_lines(&i.blocks, out)),
            BlockKind::Columns { columns, .. } => columns.iter().for_each(|c| block_lines(c, out)),
            _ => {}
        }
    }
}

fn assert_positions_inside(deck: &Deck, lines: usize) -> Result<(), TestCaseError> {
    for d in &deck.diagnostics {
        prop_assert!(
            d.line >= 1 && d.line <= lines,
            "diagnostic line {} of {lines}: {d:?}",
            d.line
        );
        prop_assert!(d.column >= 1);
    }
    for s in &deck.slides {
        prop_assert!(
            s.line >= 1 && s.line <= lines,
            "slide line {} of {lines}",
            s.line
        );
        prop_assert!(s.steps >= 1);
        let mut bl = Vec::new();
        block_lines(&s.blocks, &mut bl);
        for l in bl {
            prop_assert!(l >= 1 && l <= lines, "block line {l} of {lines}");
        }
        for n in &s.notes {
            prop_assert!(
                n.line >= 1 && n.line <= lines,
                "note line {} of {lines}",
                n.line
            );
        }
        for i in &s.images {
            prop_assert!(
                i.line >= 1 && i.line <= lines,
                "image line {} of {lines}",
                i.line
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..3000)) {
        let deck = parse(&bytes, Path::new("/talk"));
        assert_positions_inside(&deck, line_count(&bytes))?;
    }

    #[test]
    fn deck_shaped_text_never_panics_and_positions_are_inside(text in deckish()) {
        let deck = parse(text.as_bytes(), Path::new("/talk"));
        assert_positions_inside(&deck, line_count(text.as_bytes()))?;
        let report = ltdeck::check::check(&deck);
        prop_assert_eq!(report.slides.len(), deck.slides.len());
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{0,400}") {
        let deck = parse(text.as_bytes(), Path::new("/talk"));
        assert_positions_inside(&deck, line_count(text.as_bytes()))?;
    }
}

/// Lines of drafts: headings, prose of both lengths, Korean, lists, images, code, notes, bylines.
/// Pieces of web pages, in and out of order (unclosed tags included, as real pages have them).
const HTML_PARTS: &[&str] = &[
    "<article>",
    "</article>",
    "<h1>Title</h1>",
    "<h2>Section — 김파이 님</h2>",
    "<p>A paragraph of prose that is long enough to go into the notes of a slide, surely.</p>",
    "<p>짧은 문단입니다.</p>",
    "<p>",
    "</p>",
    "<ul><li>one</li><li>two <b>bold</b></li></ul>",
    "<ol><li>first<ol><li>nested</li></ol></li></ol>",
    "<pre><code class=\"language-py\">x = 1\n```\n</code></pre>",
    "<blockquote><p>quoted</p></blockquote>",
    "<img src=\"a b.png\" alt=\"x]\">",
    "<img src=\"data:image/png;base64,AA\">",
    "<figure><img src=\"p.jpg\"><figcaption>cap</figcaption></figure>",
    "<table><tr><th>a|b</th></tr><tr><td>1</td><td>2</td></tr></table>",
    "<nav><a href=\"/\">Home</a></nav>",
    "<script>alert(1)</script>",
    "<div class=\"comments\"><p>nice</p></div>",
    "<a href=\"https://x.org\">link</a>",
    "<br>",
    "<hr>",
    "text * with _ marks [ and ] <!-- -->",
    "<!-- a comment -->",
    "&lt;tag&gt; &amp;",
];

const DRAFT_LINES: &[&str] = &[
    "",
    "",
    "# Title",
    "## Section",
    "### Sub",
    "Short text.",
    "A much longer paragraph that goes on and on about lightning talks and the people who give them at meetups.",
    "웹 서버는 대부분의 시간을 기다리는 데 씁니다. 데이터베이스의 응답을 기다리고, 외부 API의 응답을 기다립니다.",
    "- item",
    "- item two",
    "1. one",
    "2. two",
    "![alt](a.png)",
    "```",
    "code",
    "> quote",
    "---",
    "<!-- note -->",
    "<!-- pause -->",
    "| a | b |",
    "|---|---|",
    "| 1 | 2 |",
    "By Kim",
    "2026-01-01",
    "Title line",
    "https://x.org",
    "작성자: 김파이",
    "1) 질문인가요?",
    "• 항목",
    "Note: spoken",
    "^ caret",
    "??? ",
    "[.hide-footer]",
    "<!--",
    "-->",
    "    indented",
    "* star",
    "+ plus",
    "#[fit] Big",
    "7 min read · Aug 15, 2026",
    "Follow",
    "김파이 · 2026. 8. 15. 14:30 · 5분 분량",
    "--",
    "· · ·",
    "타입 힌트를 늦게 도입한 팀의 이야기: 레거시 코드 20만 줄에 mypy 붙이기 — 김파이 님",
    "비동기 웹 서버, 정말 빨라질까 — 이서버 님",
    "저는 결제 시스템을 운영하고 있습니다. 금요일 배포를 두려워합니다.",
    "So, 1. *this* [starts](x) with `marks` <b>",
    "Setext",
    "===",
    "- [x] task",
    "[^1]: foot",
    "<div>",
    "~~~",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn converting_a_converted_draft_changes_nothing(
        lines in prop::collection::vec(prop::sample::select(DRAFT_LINES), 1..40)
    ) {
        let options = ltdeck::convert::Options::default();
        if let Ok(first) = ltdeck::convert::convert(lines.join("\n").as_bytes(), &options) {
            let again = ltdeck::convert::convert(first.deck.as_bytes(), &options);
            prop_assert_eq!(again.map(|c| c.deck).ok(), Some(first.deck));
        }
    }

    #[test]
    fn web_pages_convert_to_decks_and_stay_put(
        parts in prop::collection::vec(prop::sample::select(HTML_PARTS), 1..30)
    ) {
        let page = format!("<!DOCTYPE html><html><body>{}</body></html>", parts.concat());
        let options = ltdeck::convert::Options::default();
        if let Ok(first) = ltdeck::convert::convert(page.as_bytes(), &options) {
            let deck = parse(first.deck.as_bytes(), Path::new("/talk"));
            let report = ltdeck::check::check(&deck);
            prop_assert!(!report.has_errors(), "{:?}\n{}", report.diagnostics, first.deck);
            let again = ltdeck::convert::convert(first.deck.as_bytes(), &options);
            prop_assert_eq!(again.map(|c| c.deck).ok(), Some(first.deck));
        }
    }

    #[test]
    fn convert_never_panics_and_its_output_is_a_deck(text in deckish()) {
        let options = ltdeck::convert::Options::default();
        if let Ok(c) = ltdeck::convert::convert(text.as_bytes(), &options) {
            let deck = parse(c.deck.as_bytes(), Path::new("/talk"));
            let report = ltdeck::check::check(&deck);
            prop_assert!(!report.has_errors(), "{:?}\n{}", report.diagnostics, c.deck);
        }
    }
}
