//! `ltdeck convert`: fixture drafts become decks with the expected titles, lists and notes; the
//! output is a valid deck; converting twice changes nothing; files are never overwritten.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use ltdeck::convert::{Conversion, Options, convert};
use ltdeck::deck::{BlockKind, Deck, Severity, parse};

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/convert")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Converts, then checks what every conversion must satisfy: the deck has no errors and a
/// second conversion gives the same deck.
fn converted(input: &[u8], options: &Options) -> (Conversion, Deck) {
    let c = convert(input, options).expect("converts");
    let deck = parse(c.deck.as_bytes(), Path::new("/nowhere"));
    let report = ltdeck::check::check(&deck);
    let errors: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}\n{}", c.deck);
    let again = convert(c.deck.as_bytes(), options).expect("converts again");
    assert_eq!(again.deck, c.deck, "converting a converted deck changed it");
    (c, deck)
}

fn titles(deck: &Deck) -> Vec<&str> {
    deck.slides
        .iter()
        .map(|s| s.title.as_deref().unwrap_or(""))
        .collect()
}

fn list_items(deck: &Deck, slide: usize) -> Vec<String> {
    deck.slides[slide]
        .blocks
        .iter()
        .find_map(|b| match &b.kind {
            BlockKind::List { items, .. } => Some(
                items
                    .iter()
                    .map(|i| match i.blocks.first().map(|b| &b.kind) {
                        Some(BlockKind::Paragraph(c)) => ltdeck::deck::plain_text(c),
                        _ => String::new(),
                    })
                    .collect(),
            ),
            _ => None,
        })
        .unwrap_or_default()
}

#[test]
fn blog_post_becomes_sections_with_key_phrases_and_prose_in_notes() {
    let (c, deck) = converted(&fixture("blog-post.md"), &Options::default());
    assert_eq!(
        titles(&deck),
        [
            "What I learned running a meetup for a year",
            "Speakers were the easy part",
            "What actually took time (1/2)",
            "What actually took time (2/2)",
            "Keep the talks short",
            "Thanks",
        ]
    );
    assert_eq!(deck.meta.author.as_deref(), Some("Dana Park"));
    assert_eq!(deck.meta.date.as_deref(), Some("2026-03-02"));
    assert_eq!(deck.meta.duration, Duration::from_secs(300));
    // The long paragraph: whole in the notes, a key phrase from it on the slide.
    let speakers = &deck.slides[1];
    assert!(
        speakers
            .notes_markdown()
            .starts_with("It turned out that people love to talk")
    );
    assert!(
        speakers
            .notes_markdown()
            .ends_with("first-time speakers say yes to it.")
    );
    assert_eq!(
        list_items(&deck, 1),
        ["People love to talk about what they build"]
    );
    // The eight-item list splits six and two; the short paragraph after it stays on screen.
    assert_eq!(list_items(&deck, 2).len(), 6);
    assert_eq!(
        list_items(&deck, 3),
        ["Following up with speakers", "Cleaning up afterwards"]
    );
    assert!(ltdeck::check::screen_text(&deck.slides[3]).contains("roughly in order"));
    // The intro is the title slide's notes; the title slide shows its title only.
    assert!(
        deck.slides[0]
            .notes_markdown()
            .starts_with("Twelve months ago")
    );
    assert_eq!(
        ltdeck::check::screen_text(&deck.slides[0]).trim(),
        "What I learned running a meetup for a year"
    );
    // A quote is the section's own material: it stays, the prose goes to the notes.
    assert!(matches!(deck.slides[4].blocks[1].kind, BlockKind::Quote(_)));
    assert!(
        deck.slides[4]
            .notes_markdown()
            .starts_with("Short talks keep")
    );
    assert!(
        c.summary().starts_with("6 slides · notes ≈ "),
        "{}",
        c.summary()
    );
}

#[test]
fn outline_keeps_nested_and_numbered_lists() {
    let (_, deck) = converted(&fixture("outline.md"), &Options::default());
    assert_eq!(
        titles(&deck),
        [
            "Testing GUIs without a screen",
            "Why it is hard",
            "What works",
            "What we still do by hand"
        ]
    );
    assert_eq!(deck.meta.author.as_deref(), Some("Lee"));
    assert_eq!(
        list_items(&deck, 1),
        [
            "No display on CI",
            "Fonts differ between machines",
            "Timing is flaky"
        ]
    );
    let BlockKind::List { items, .. } = &deck.slides[1].blocks[1].kind else {
        panic!("list")
    };
    assert!(
        matches!(items[1].blocks[1].kind, BlockKind::List { .. }),
        "nesting kept"
    );
    let BlockKind::List { start, .. } = &deck.slides[2].blocks[1].kind else {
        panic!("list")
    };
    assert_eq!(*start, Some(1));
    assert!(deck.slides.iter().all(|s| s.notes.is_empty()));
}

#[test]
fn korean_plain_text_gets_titles_questions_links_and_notes() {
    let (c, deck) = converted(&fixture("korean-writeup.txt"), &Options::default());
    assert_eq!(
        titles(&deck),
        [
            "파이썬 비동기, 어디서부터 시작할까",
            "왜 비동기인가",
            "자주 받는 질문",
            "정리",
            "참고 자료"
        ]
    );
    assert_eq!(deck.meta.author.as_deref(), Some("김파이"));
    assert_eq!(deck.meta.date.as_deref(), Some("2026-08-15"));
    assert!(
        deck.slides[1]
            .notes_markdown()
            .starts_with("웹 서버는 대부분의 시간을")
    );
    assert_eq!(
        list_items(&deck, 2),
        [
            "asyncio는 스레드보다 빠른가요?",
            "기존 코드를 전부 바꿔야 하나요?",
            "어떤 라이브러리부터 써 보면 좋을까요?"
        ]
    );
    let links: Vec<bool> = deck.slides[4]
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::List { items, .. } => Some(items.iter().map(|i| {
                matches!(&i.blocks[0].kind, BlockKind::Paragraph(c) if matches!(c[0], ltdeck::deck::Inline::Link { .. }))
            })),
            _ => None,
        })
        .flatten()
        .collect();
    assert_eq!(links, [true, true]);
    // Estimated by syllables: the notes are a few hundred syllables, well under a minute each.
    assert!(c.notes_time > Duration::from_secs(20) && c.notes_time < Duration::from_secs(120));
}

#[test]
fn images_get_slides_of_their_own_or_sit_beside_short_text_and_code_is_kept() {
    let (_, deck) = converted(&fixture("images-and-code.md"), &Options::default());
    assert_eq!(
        titles(&deck),
        [
            "Shipping a CLI in Rust",
            "The binary",
            "Parsing arguments",
            "Release",
            // The section goes on after its picture: its two parts are told apart.
            "Benchmarks (1/2)",
            "",
            "Benchmarks (2/2)"
        ]
    );
    use ltdeck::deck::{Placement, Side};
    let beside = |i: usize| deck.slides[i].images[0].placement;
    assert!(matches!(
        beside(1),
        Placement::Split {
            side: Side::Right,
            ..
        }
    ));
    assert!(matches!(
        beside(3),
        Placement::Split {
            side: Side::Right,
            ..
        }
    ));
    assert_eq!(
        deck.slides[5].images[0].placement,
        Placement::Large,
        "own slide after a table"
    );
    assert_eq!(deck.slides[5].images[0].alt, "Chart");
    assert!(
        matches!(&deck.slides[2].blocks[1].kind, BlockKind::Code { lang: Some(l), .. } if l == "rust")
    );
    assert!(matches!(
        deck.slides[4].blocks[1].kind,
        BlockKind::Table { .. }
    ));
}

#[test]
fn split_level_and_duration_options() {
    let draft = b"# T\n\n## A\n\n### A.1\n\ntext\n\n### A.2\n\nmore";
    let (_, h2) = converted(draft, &Options::default());
    assert_eq!(titles(&h2), ["T", "A"]);
    let (c, h3) = converted(
        draft,
        &Options {
            split: 3,
            duration: Some(Duration::from_secs(270)),
            ..Options::default()
        },
    );
    assert_eq!(titles(&h3), ["T", "A", "A.1", "A.2"]);
    assert!(c.deck.contains("duration: 4m30s\n"), "{}", c.deck);
    assert_eq!(h3.meta.duration, Duration::from_secs(270));
}

#[test]
fn bom_and_crlf_convert_like_lf() {
    let lf = convert(&fixture("blog-post.md"), &Options::default()).expect("lf");
    let mut crlf = b"\xEF\xBB\xBF".to_vec();
    crlf.extend(
        String::from_utf8_lossy(&fixture("blog-post.md"))
            .replace('\n', "\r\n")
            .bytes(),
    );
    let crlf = convert(&crlf, &Options::default()).expect("crlf");
    assert_eq!(crlf.deck, lf.deck);
}

#[test]
fn empty_and_blank_drafts_are_an_error() {
    for input in [&b""[..], b"\n\n   \n", b"\xEF\xBB\xBF"] {
        assert!(convert(input, &Options::default()).is_err(), "{input:?}");
    }
}

#[test]
fn every_sample_and_peer_deck_converts_idempotently() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![
        root.join("decks/welcome.md"),
        root.join("decks/pycon-korea.md"),
    ];
    if let Ok(entries) =
        std::fs::read_dir(root.join("../shared/peer-decks/mfontanini__presenterm/examples"))
    {
        files.extend(
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "md")),
        );
    }
    for file in files {
        let bytes = std::fs::read(&file).expect("read");
        converted(&bytes, &Options::default());
    }
}

// The command line: stdin/stdout, -o, --force, and never writing over a file without asking.

fn ltdeck(args: &[&str], stdin: &[u8], dir: &Path) -> std::process::Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_ltdeck"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    if let Some(mut input) = child.stdin.take() {
        // A command that fails on its arguments exits without reading: a broken pipe is fine.
        let _ = input.write_all(stdin);
    }
    child.wait_with_output().expect("wait")
}

#[test]
fn stdin_to_stdout_with_summary_on_stderr() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = ltdeck(
        &["convert", "-"],
        "Title\n\nA paragraph of prose.\n".as_bytes(),
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    let deck = String::from_utf8_lossy(&out.stdout);
    assert!(deck.starts_with("---\ntitle: Title\n"), "{deck}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("1 slides · notes ≈ 0:0"), "{stderr}");
    assert!(stderr.contains("fits a 5:00 talk"), "{stderr}");
}

#[test]
fn output_file_is_written_and_never_overwritten_without_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("draft.md"), "# T\n\n## A\n\ntext").expect("write");
    std::fs::write(dir.path().join("talk.md"), "precious").expect("write");
    let refused = ltdeck(&["convert", "draft.md", "-o", "talk.md"], b"", dir.path());
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("talk.md")).expect("read"),
        "precious"
    );

    let forced = ltdeck(
        &["convert", "draft.md", "-o", "talk.md", "--force"],
        b"",
        dir.path(),
    );
    assert_eq!(
        forced.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&forced.stderr)
    );
    let written = std::fs::read_to_string(dir.path().join("talk.md")).expect("read");
    assert!(written.contains("## A"), "{written}");
    assert!(String::from_utf8_lossy(&forced.stderr).contains("→ talk.md"));

    let own = ltdeck(
        &["convert", "draft.md", "-o", "draft.md", "--force"],
        b"",
        dir.path(),
    );
    assert_eq!(own.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("draft.md")).expect("read"),
        "# T\n\n## A\n\ntext"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn empty_input_and_bad_options_exit_nonzero_with_a_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let empty = ltdeck(&["convert", "-"], b"", dir.path());
    assert_eq!(empty.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&empty.stderr).contains("empty"));
    let bad = ltdeck(&["convert", "-", "--duration", "soon"], b"x", dir.path());
    assert_eq!(bad.status.code(), Some(2));
    let missing = ltdeck(&["convert", "nope.md"], b"", dir.path());
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).starts_with("ltdeck: cannot read nope.md"));
}

/// What a slide shows on screen, line by line, without its title.
fn screen_lines(deck: &Deck, slide: usize) -> Vec<String> {
    ltdeck::check::screen_text(&deck.slides[slide])
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn a_write_up_of_several_talks_gets_a_slide_per_talk_with_words_on_it() {
    let (c, deck) = converted(&fixture("multi-talk-writeup.txt"), &Options::default());
    assert_eq!(
        titles(&deck),
        [
            "파이콘 한국 2026 라이트닝 토크 세션 후기",
            "타입 힌트를 늦게 도입한 팀의 이야기: 레거시 코드 20만 줄에 mypy 붙이기 — 김파이 님 (1/2)",
            "타입 힌트를 늦게 도입한 팀의 이야기: 레거시 코드 20만 줄에 mypy 붙이기 — 김파이 님 (2/2)",
            "비동기 웹 서버, 정말 빨라질까 — 이서버 님",
            "발표 오 분을 지키는 법 — 박타이머 님",
            "마치며",
        ]
    );
    // The byline with its reading time and the 구독하기 button is front matter, not a slide.
    assert_eq!(deck.meta.author.as_deref(), Some("한지우"));
    assert_eq!(deck.meta.date.as_deref(), Some("2026-08-16"));
    assert!(!c.deck.contains("구독하기") && !c.deck.contains("6분 분량"));
    // The `--` separators are gone.
    assert!(!c.deck.lines().any(|l| l.trim() == "--"), "{}", c.deck);
    // Every talk slide has words on screen: its own list, else key phrases in slide endings.
    assert_eq!(
        list_items(&deck, 3),
        [
            "기다림이 많으면 비동기",
            "계산이 많으면 프로세스를 늘리기",
            "측정하기 전에는 바꾸지 않기"
        ]
    );
    assert_eq!(
        list_items(&deck, 1),
        [
            "결제 팀에서 십 년 된 코드에 타입 힌트를 붙인 경험을 이야기했음",
            "가장 인상 깊었던 것은 타입 힌트를 문서로 본다는 관점이었음"
        ]
    );
    for slide in 1..deck.slides.len() {
        let lines = screen_lines(&deck, slide);
        assert!(!lines.is_empty(), "slide {} has no words", slide + 1);
        for line in lines {
            assert!(
                ltdeck::convert::width(&line) <= ltdeck::convert::PHRASE_WIDTH
                    && !line.ends_with("니다"),
                "slide {}: {line}",
                slide + 1
            );
        }
    }
    // The first talk has over a minute of notes: two slides, split between paragraphs.
    assert!(
        deck.slides[2]
            .notes_markdown()
            .starts_with("그 설정은 엄격한 규칙을")
    );
    for slide in &deck.slides {
        let paragraphs = slide.notes_markdown().split("\n\n").count();
        assert!(
            ltdeck::check::slide_speaking_time(slide) <= ltdeck::convert::NOTES_PER_SLIDE
                || paragraphs == 1,
            "{:?}",
            slide.title
        );
    }
}

#[test]
fn a_medium_post_loses_its_buttons_and_keeps_its_subtitle() {
    let (c, deck) = converted(&fixture("medium-post.txt"), &Options::default());
    assert_eq!(
        titles(&deck),
        [
            "Our test suite went from 40 minutes to 4",
            "Measure first",
            "Share the database",
            "Run in parallel",
            "What I would do again",
        ]
    );
    assert_eq!(deck.meta.author.as_deref(), Some("Dana Park"));
    assert_eq!(deck.meta.date.as_deref(), Some("2026-03-02"));
    for furniture in ["Follow", "Listen", "Share\n", "min read"] {
        assert!(!c.deck.contains(furniture), "{furniture}\n{}", c.deck);
    }
    assert_eq!(
        screen_lines(&deck, 0),
        ["What we changed, in the order we changed it"]
    );
    assert!(
        deck.slides[0]
            .notes_markdown()
            .starts_with("Last spring our continuous integration")
    );
    assert_eq!(
        list_items(&deck, 3)[0],
        "We split the suite across eight workers"
    );
    // Plain-text prose is the speaker's: in the notes, its first clause on screen.
    assert_eq!(screen_lines(&deck, 4), ["Measure before changing anything"]);
    assert!(
        deck.slides[4]
            .notes_markdown()
            .contains("slowest one percent")
    );
}

#[test]
fn a_saved_web_page_becomes_a_deck_with_its_images_next_to_it() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/convert");
    let options = Options::default();
    let (c, deck) = converted(&fixture("saved-page.html"), &options);
    assert_eq!(
        titles(&deck),
        [
            "금요일 배포를 멈춘 이유",
            "무엇이 문제였나",
            "바꾼 것",
            "결과"
        ]
    );
    assert_eq!(deck.meta.author.as_deref(), Some("김파이"));
    assert_eq!(deck.meta.date.as_deref(), Some("2026-07-03"));
    // Navigation, sharing, comments, the sidebar and the footer are gone.
    for furniture in [
        "홈",
        "공유하기",
        "댓글",
        "인기 글",
        "©",
        "dataLayer",
        "font-family",
    ] {
        assert!(!c.deck.contains(furniture), "{furniture}\n{}", c.deck);
    }
    // The image is found next to the page, its %20 decoded.
    let on_disk = parse(c.deck.as_bytes(), &dir);
    let images: Vec<_> = ltdeck::check::check(&on_disk)
        .slides
        .into_iter()
        .flat_map(|s| s.images)
        .collect();
    assert_eq!(images.len(), 1, "{}", c.deck);
    assert!(images[0].exists, "{:?}", images[0]);
    assert_eq!(images[0].src, "saved-page_files/chart 1.png");
    // Beside the picture, the prose's key phrase; the list and the code stay as they were.
    assert_eq!(
        list_items(&deck, 1),
        [
            "장애의 원인은 대부분 작은 설정 변경이었음",
            "금요일에는 문제를 발견해도 고칠 사람이 퇴근한 뒤였음"
        ]
    );
    assert_eq!(list_items(&deck, 2).len(), 3);
    assert!(c.deck.contains("```yaml\ndeploy:"));
    // Written elsewhere, the deck names the image by its full path.
    let elsewhere = Options {
        images_from: Some(dir.clone()),
        ..options
    };
    let moved = convert(&fixture("saved-page.html"), &elsewhere).expect("converts");
    let full = dir.join("saved-page_files/chart 1.png");
    assert!(
        moved.deck.contains(&format!("(<{}>)", full.display())),
        "{}",
        moved.deck
    );
}

#[test]
fn notes_over_the_talk_name_the_slides_to_cut() {
    let (c, deck) = converted(
        &fixture("multi-talk-writeup.txt"),
        &Options {
            duration: Some(Duration::from_secs(90)),
            ..Options::default()
        },
    );
    let over = c.notes_time - c.duration;
    assert!(!c.cuts.is_empty());
    // Most notes first; the cuts cover the overrun.
    let times: Vec<Duration> = c.cuts.iter().map(|cut| cut.notes).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");
    let longest = deck
        .slides
        .iter()
        .map(ltdeck::check::slide_speaking_time)
        .max()
        .unwrap_or_default();
    assert_eq!(c.cuts[0].notes, longest);
    let cut: Duration = c.cuts.iter().map(|cut| cut.by).sum();
    assert!(cut + Duration::from_secs(1) >= over, "{cut:?} < {over:?}");
    let summary = c.summary();
    assert!(
        summary.contains(&format!(
            "over a 1:30 talk — cut slide {} “{}” by ",
            c.cuts[0].slide, c.cuts[0].title
        )),
        "{summary}"
    );
}

#[test]
fn separator_lines_are_never_slides() {
    for draft in [
        "Talk\n\nIntro text here.\n\n--\n\nSection\nBody of the section, long enough.\n\n* * *\n\nEnd\nBye.",
        "# Talk\n\nIntro.\n\n--\n\n## Section\n\nBody.\n\n· · ·\n\n## End\n\nBye.",
    ] {
        let (c, deck) = converted(draft.as_bytes(), &Options::default());
        assert_eq!(titles(&deck), ["Talk", "Section", "End"], "{}", c.deck);
        assert!(!c.deck.contains("--\n") || c.deck.matches("---").count() > 0);
        assert!(
            !c.deck.contains("· · ·") && !c.deck.contains("* * *"),
            "{}",
            c.deck
        );
    }
}

#[test]
fn a_saved_page_converts_from_the_command_line_and_the_deck_checks_clean() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/convert");
    let dir = tempfile::tempdir().expect("tempdir");
    let page = dir.path().join("Saved Post.html");
    std::fs::copy(src.join("saved-page.html"), &page).expect("copy page");
    std::fs::create_dir(dir.path().join("saved-page_files")).expect("mkdir");
    std::fs::copy(
        src.join("saved-page_files/chart 1.png"),
        dir.path().join("saved-page_files/chart 1.png"),
    )
    .expect("copy image");
    // Beside the page: the image is named relatively.
    let out = ltdeck(
        &["convert", "Saved Post.html", "-o", "talk.md"],
        b"",
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let deck = std::fs::read_to_string(dir.path().join("talk.md")).expect("deck");
    assert!(deck.contains("(<saved-page_files/chart 1.png>)"), "{deck}");
    let check = ltdeck(&["check", "talk.md"], b"", dir.path());
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(
        check.status.success() && report.contains("0 errors, 0 warnings"),
        "{report}{}",
        String::from_utf8_lossy(&check.stderr)
    );
    // In another folder: by its full path, and the image is still found.
    std::fs::create_dir(dir.path().join("talks")).expect("mkdir");
    let out = ltdeck(
        &["convert", "Saved Post.html", "-o", "talks/talk.md"],
        b"",
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let check = ltdeck(&["check", "talks/talk.md"], b"", dir.path());
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(
        check.status.success() && report.contains("0 errors, 0 warnings"),
        "{report}"
    );
}
