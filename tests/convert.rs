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
fn blog_post_becomes_sections_with_short_forms_and_prose_in_notes() {
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
    // The long paragraph: whole in the notes, a cut first sentence on the slide.
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
    let screen = ltdeck::check::screen_text(speakers);
    assert!(screen.trim_end().ends_with('…'), "{screen}");
    assert!(
        ltdeck::convert::width(screen.lines().nth(1).unwrap_or("")) <= 80,
        "{screen}"
    );
    // The eight-item list splits six and two.
    assert_eq!(list_items(&deck, 2).len(), 6);
    assert_eq!(
        list_items(&deck, 3),
        ["Following up with speakers", "Cleaning up afterwards"]
    );
    // The intro paragraph is long: the title slide keeps its first sentence, the notes all of it.
    assert!(
        deck.slides[0]
            .notes_markdown()
            .starts_with("Twelve months ago")
    );
    assert!(
        ltdeck::check::screen_text(&deck.slides[0])
            .contains("Twelve months ago I volunteered to run our city's Python meetup.\n")
    );
    assert!(matches!(deck.slides[4].blocks[1].kind, BlockKind::Quote(_)));
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
            "Benchmarks",
            "",
            "Benchmarks"
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
