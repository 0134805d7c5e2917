//! Notes edited in the console, saved into the deck: only the note's bytes change, for every
//! notes syntax, every peer deck (../shared/peer-decks) and random decks; a file changed under
//! the editor is never overwritten; the console edits and the audience never sees it; a PDF's
//! notes go into its pdfpc sidecar.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use egui::{Event, Key, Modifiers};
use egui_kittest::kittest::Queryable;
use proptest::prelude::*;

use ltdeck::deck::edit::{EditError, original_offset, rewrite};
use ltdeck::deck::{self, Deck, Slide};
use ltdeck::ui::draft::{Draft, Problem, Saved};
use ltdeck::ui::presenter::Clock;
use ltdeck::ui::{Presenter, Windows, audience_frame, console_ui};
use ltdeck::watch::Change;

mod common;

/// Korean and English, several lines, a comment's end, a rule and a slide separator's dashes.
const NEW: &str = "천천히: 숨 쉬고 시작\n\nThen the demo — `-->` ends a comment\n---\n- 마지막 줄";

/// The notes' texts of every slide.
fn notes(deck: &Deck) -> Vec<String> {
    deck.slides.iter().map(Slide::notes_markdown).collect()
}

/// What every slide shows, without notes or lines (those move when a note grows).
fn bodies(deck: &Deck) -> Vec<String> {
    deck.slides
        .iter()
        .map(|s| {
            let shown = format!("{:?}", (&s.title, &s.blocks, s.steps, &s.images));
            shown
                .split("line: ")
                .map(|p| p.trim_start_matches(|c: char| c.is_ascii_digit()))
                .collect::<Vec<_>>()
                .join("line: ")
        })
        .collect()
}

/// The bytes of the file the slide's notes may touch: its notes' spans and where a new note
/// goes, in the file's bytes (as `[start, end)` over all of them).
fn touched(bytes: &[u8], slide: &Slide) -> (usize, usize) {
    let end = slide.origin.as_ref().expect("origin").end;
    let mut lo = end;
    let mut hi = end;
    for n in &slide.notes {
        let span = &n.source.as_ref().expect("source").span;
        lo = lo.min(span.start);
        hi = hi.max(span.end);
    }
    // A removed note takes its line end with it.
    (
        original_offset(bytes, lo.saturating_sub(1)),
        original_offset(bytes, hi + 1),
    )
}

/// Edits slide `at` of the deck in `bytes` to `text` and checks, without trusting the writer:
/// the bytes outside the slide's notes are the same, the notes read back as written, and every
/// other slide reads as before.
fn check_edit(bytes: &[u8], base: &Path, at: usize, text: &str, name: &str) -> Vec<u8> {
    let before = deck::parse(bytes, base);
    let slide = &before.slides[at];
    let end = slide.origin.as_ref().expect("origin").end;
    let out = rewrite(bytes, base, end, text).unwrap_or_else(|e| panic!("{name} slide {at}: {e}"));
    let (lo, hi) = touched(bytes, slide);
    let tail = bytes.len() - hi.min(bytes.len());
    assert_eq!(&out[..lo], &bytes[..lo], "{name} slide {at}: bytes before");
    assert_eq!(
        &out[out.len() - tail..],
        &bytes[bytes.len() - tail..],
        "{name} slide {at}: bytes after"
    );
    let after = deck::parse(&out, base);
    assert_eq!(after.slides.len(), before.slides.len(), "{name} slide {at}");
    let (old, new) = (notes(&before), notes(&after));
    for i in 0..old.len() {
        if i == at {
            assert_eq!(new[i], text.trim(), "{name} slide {at}");
        } else {
            assert_eq!(new[i], old[i], "{name} slide {i} after editing {at}");
        }
    }
    assert_eq!(bodies(&after), bodies(&before), "{name} slide {at}");
    out
}

#[test]
fn every_notes_syntax_keeps_its_form_and_every_other_byte() {
    let decks = [
        (
            "comment",
            "# A\n\n<!-- old -->\n\n---\n\n# B\n\n<!-- b -->\n",
            "<!--",
        ),
        (
            "speaker_note",
            "---\ntitle: t\n---\n\n# A\n\n<!-- speaker_note: old -->\n\n<!-- end_slide -->\n\n# B\n",
            "speaker_note: |",
        ),
        ("caret", "# A\n\n^ old\n\n---\n\n# B\n\n^ b\n", "^ 천천히"),
        (
            "remark",
            "class: center\n\n# A\n\n???\nold\n\n---\n\n# B\n\n???\nb\n",
            "???",
        ),
        (
            "reveal",
            "# A\n\nNote: old\n\n---\n\n# B\n\nNote: b\n",
            "Note:",
        ),
        (
            "reveal notes",
            "# A\n\nNotes:\nold\n\n---\n\n# B\n",
            "Notes:",
        ),
    ];
    for (name, text, form) in decks {
        for crlf in [false, true] {
            let mut bytes = text.to_string();
            if crlf {
                bytes = format!("\u{feff}{}", bytes.replace('\n', "\r\n"));
            }
            let at = usize::from(name == "speaker_note");
            let plain = "just one line";
            let out = check_edit(bytes.as_bytes(), Path::new("."), at, plain, name);
            let out_text = String::from_utf8(out).expect("utf-8");
            // A one-line text keeps the note's own form.
            let marker = form
                .split(' ')
                .next()
                .unwrap_or(form)
                .trim_end_matches(" |");
            assert!(out_text.contains(marker), "{name}: {out_text}");
            let out = check_edit(bytes.as_bytes(), Path::new("."), at, NEW, name);
            let out_text = String::from_utf8(out).expect("utf-8");
            if crlf {
                assert!(out_text.starts_with('\u{feff}'), "{name}: BOM kept");
                assert!(
                    !out_text.replace("\r\n", "").contains('\n'),
                    "{name}: every line end is CRLF: {out_text:?}"
                );
            }
        }
    }
}

fn peer_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/peer-decks");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("LTDECK_REQUIRE_PEER_DECKS").as_deref() != Ok("1"),
        "{} is missing and LTDECK_REQUIRE_PEER_DECKS=1",
        dir.display()
    );
    common::skip(&format!("{} not found", dir.display()));
    None
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "md" || e == "markdown")
            && !path.ends_with("SOURCES.md")
        {
            out.push(path);
        }
    }
}

#[test]
fn every_slide_of_every_peer_deck_takes_new_notes() {
    let Some(dir) = peer_dir() else {
        return;
    };
    let mut files = Vec::new();
    markdown_files(&dir, &mut files);
    assert!(files.len() >= 10, "{files:?}");
    let (mut edited, mut refused) = (0, Vec::new());
    for path in &files {
        let bytes = std::fs::read(path).expect("read");
        let base = deck::base_dir(path);
        let name = path
            .strip_prefix(&dir)
            .unwrap_or(path)
            .display()
            .to_string();
        let deck = deck::parse(&bytes, &base);
        for (at, slide) in deck.slides.iter().enumerate() {
            if slide.origin.is_none() {
                continue;
            }
            if slide.notes.iter().any(|n| n.source.is_none()) {
                // A note inside a quote or list: refused, the file untouched.
                let end = slide.origin.as_ref().expect("origin").end;
                assert_eq!(
                    rewrite(&bytes, &base, end, NEW),
                    Err(EditError::Nested),
                    "{name} slide {at}"
                );
                refused.push(format!("{name} slide {at}"));
                continue;
            }
            check_edit(&bytes, &base, at, NEW, &name);
            check_edit(&bytes, &base, at, "", &name);
            edited += 1;
        }
    }
    // Nearly every slide of the real decks is editable in place.
    assert!(edited > 150, "{edited} edited, refused: {refused:?}");
    assert!(refused.len() * 50 < edited, "refused: {refused:?}");
}

/// Pieces random decks are made of: slide bodies and notes in each syntax.
const BODIES: &[&str] = &[
    "# 제목",
    "## Heading\n\ntext with **bold**",
    "- one\n- two\n\n<!-- pause -->\n\n- three",
    "```rust\nfn main() {}\n```",
    "![](photo.jpg)",
    "> quoted\n> text",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "plain words",
];

const NOTE_FORMS: &[&str] = &["", "<!-- {} -->", "<!--\n{}\n-->", "^ {}", "Note: {}"];

const TEXTS: &[&str] = &[
    "새 노트",
    "two\nlines",
    "a --> b",
    "x\n---\ny",
    "pause",
    "",
    "- list\n- items",
    "first\n\n\nsecond",
    "<!-- nested -->",
    "???",
];

fn random_deck() -> impl Strategy<Value = (String, usize, String)> {
    (
        proptest::collection::vec((0..BODIES.len(), 0..NOTE_FORMS.len(), 0..TEXTS.len()), 1..6),
        any::<proptest::sample::Index>(),
        proptest::collection::vec(0..TEXTS.len(), 1..3),
        any::<bool>(),
    )
        .prop_map(|(slides, at, text, crlf)| {
            let parts: Vec<String> = slides
                .iter()
                .map(|&(b, n, t)| {
                    let note = NOTE_FORMS[n].replace("{}", TEXTS[t].lines().next().unwrap_or("x"));
                    format!("{}\n\n{note}\n", BODIES[b])
                })
                .collect();
            let mut deck = parts.join("\n---\n\n");
            if crlf {
                deck = deck.replace('\n', "\r\n");
            }
            let text: Vec<&str> = text.iter().map(|&t| TEXTS[t]).collect();
            (deck, at.index(slides.len()), text.join("\n"))
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_note_edits_change_only_their_slide((deck, at, text) in random_deck()) {
        let before = deck::parse(deck.as_bytes(), Path::new("."));
        prop_assume!(at < before.slides.len());
        let slide = &before.slides[at];
        prop_assume!(slide.notes.iter().all(|n| n.source.is_some()));
        let end = slide.origin.as_ref().expect("origin").end;
        match rewrite(deck.as_bytes(), Path::new("."), end, &text) {
            Ok(_) => {
                check_edit(deck.as_bytes(), Path::new("."), at, &text, "random");
            }
            // A text no form can hold in this slide (nothing written) is the only refusal.
            Err(e) => prop_assert_eq!(e, EditError::Unsafe, "{:?} {:?}", deck, text),
        }
    }
}

/// A deck file in a temp folder.
fn deck_file(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("talk.md");
    std::fs::write(&path, text).expect("write");
    (dir, path)
}

const TALK: &str = "# 하나\n\n<!-- first note -->\n\n---\n\n# 둘\n\ntext\n";

#[test]
fn a_file_changed_under_the_editor_is_not_overwritten_until_the_speaker_says_so() {
    let (_dir, path) = deck_file(TALK);
    let deck = deck::load(&path).expect("load");
    let mut draft = Draft::begin(&path, 0, &deck.slides[0]).expect("begin");
    assert_eq!(draft.text, "first note");
    draft.text = "edited in the console".into();
    // Someone saves the deck in their editor meanwhile.
    let theirs = TALK.replace("text", "their new text");
    std::fs::write(&path, &theirs).expect("write");
    assert_eq!(draft.save(), Err(Problem::Changed));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
    assert_eq!(draft.text, "edited in the console", "the edit is kept");
    // "Save over it": the edit goes into the file as it is now, keeping their change too.
    let now = deck::load(&path).expect("load");
    draft.retarget(&path, &now.slides[0]).expect("retarget");
    assert!(matches!(draft.save(), Ok(Saved::Written(..))));
    let saved = std::fs::read_to_string(&path).unwrap();
    assert_eq!(saved, theirs.replace("first note", "edited in the console"));
}

#[test]
fn an_unchanged_draft_writes_nothing() {
    let (_dir, path) = deck_file(TALK);
    let deck = deck::load(&path).expect("load");
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    let mut draft = Draft::begin(&path, 1, &deck.slides[1]).expect("begin");
    assert_eq!(draft.save(), Ok(Saved::Unchanged));
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        modified
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), TALK);
}

type Shared = Arc<Mutex<Presenter>>;

fn harnesses(
    path: &Path,
    t0: Instant,
) -> (
    egui_kittest::Harness<'static, Shared>,
    egui_kittest::Harness<'static, Shared>,
) {
    let mut p = Presenter::new(deck::load(path).expect("load"));
    p.clock = Clock::Fixed(t0, "14:05".into());
    // Frames a 60th of a second apart: two clicks in two frames are a double-click.
    let console = common::builder(&p, [1280.0, 800.0]).with_step_dt(1.0 / 60.0);
    let audience = common::builder(&p, [1280.0, 720.0]);
    let shared: Shared = Arc::new(Mutex::new(p));
    let c = console.build_ui_state(
        |ui, p: &mut Shared| {
            let mut p = p.lock().expect("lock");
            p.update(ui.ctx());
            p.handle_input(ui.ctx());
            console_ui(ui, &mut p);
            p.carry_out(ui.ctx(), &Windows::default());
        },
        Arc::clone(&shared),
    );
    let a = audience.build_ui_state(
        |ui, p: &mut Shared| {
            let mut p = p.lock().expect("lock");
            audience_frame(ui, &mut p);
        },
        shared,
    );
    (c, a)
}

fn ctrl() -> Modifiers {
    Modifiers {
        command: true,
        ctrl: true,
        ..Modifiers::NONE
    }
}

#[test]
fn ctrl_e_edits_in_the_console_esc_saves_and_the_audience_never_sees_it() {
    let t0 = Instant::now();
    let (_dir, path) = deck_file(TALK);
    let (mut c, mut a) = harnesses(&path, t0);
    c.run();
    a.run();
    // The clicker moves on first: the timer runs.
    a.key_press(Key::ArrowRight);
    a.step();
    c.run();
    assert!(c.state().lock().unwrap().show.timer().started());
    // Ctrl+E in the focused audience window: the console edits slide 2's notes.
    a.key_press_modifiers(ctrl(), Key::E);
    a.step();
    c.run();
    assert_eq!(c.state().lock().unwrap().show.editing(), Some(1));
    assert!(
        common::painted_text(&c).contains("EDITING"),
        "{}",
        common::painted_text(&c)
    );
    // Typing: arrows and letters are text now, not slide changes.
    c.event(Event::Text("발표 메모 ".into()));
    c.key_press(Key::ArrowLeft);
    c.key_press(Key::N);
    c.event(Event::Text("note".into()));
    c.run();
    assert_eq!(c.state().lock().unwrap().show.slide(), 1);
    assert!(
        c.state()
            .lock()
            .unwrap()
            .draft
            .as_ref()
            .unwrap()
            .text
            .contains("발표 메모")
    );
    // The audience window shows the slide, never the editor.
    a.run();
    let seen = common::painted_text(&a);
    assert!(
        !seen.contains("발표") && !seen.contains("EDITING"),
        "{seen}"
    );
    // Esc ends editing and saves into the deck: only the new comment is added.
    c.key_press(Key::Escape);
    c.run();
    let p = c.state().lock().unwrap();
    assert_eq!(p.show.editing(), None);
    assert!(
        p.draft.is_none(),
        "saved: {:?}",
        p.draft.as_ref().map(|d| &d.problem)
    );
    let saved = std::fs::read_to_string(&path).unwrap();
    let note = p.show.deck().slides[1].notes_markdown();
    assert!(note.contains("발표 메모"), "{note}");
    assert_eq!(saved, format!("{}\n\n<!-- {note} -->\n", TALK.trim_end()));
    // The timer kept running, the position stayed.
    assert!(p.show.timer().started() && p.show.slide() == 1);
    drop(p);
    // The watcher's report of its own write reads no deck again: nothing changes.
    let generation = c.state().lock().unwrap().show.generation();
    c.state().lock().unwrap().file_changed(Change::Deck);
    c.state().lock().unwrap().clock = Clock::Fixed(t0 + Duration::from_secs(2), "14:05".into());
    c.run();
    let p = c.state().lock().unwrap();
    assert_eq!(p.show.generation(), generation);
    assert!(p.reload_error.is_none());
}

#[test]
fn a_double_click_on_the_notes_edits_them_and_ctrl_enter_saves() {
    let t0 = Instant::now();
    let (_dir, path) = deck_file(TALK);
    let (mut c, _a) = harnesses(&path, t0);
    c.run();
    c.get_by_label("first note").hover();
    let pos = c.get_by_label("first note").rect().center();
    for _ in 0..2 {
        c.step();
        c.event(Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed: true,
            modifiers: Modifiers::NONE,
        });
        c.event(Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed: false,
            modifiers: Modifiers::NONE,
        });
    }
    c.run();
    assert_eq!(c.state().lock().unwrap().show.editing(), Some(0));
    // Select all and type over it.
    c.key_press_modifiers(ctrl(), Key::A);
    c.event(Event::Text("다시 쓴 노트".into()));
    c.key_press_modifiers(ctrl(), Key::Enter);
    c.run();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        TALK.replace("first note", "다시 쓴 노트")
    );
}

#[test]
fn a_pdf_decks_notes_go_into_its_pdfpc_sidecar() {
    let dir = tempfile::tempdir().expect("tempdir");
    let markdown = "# 하나\n\n<!-- from the export -->\n\n---\n\n# 둘\n";
    let md = deck::parse(markdown.as_bytes(), Path::new("."));
    let plan = ltdeck::fonts::discover::plan_from(
        &fontdb::Database::new(),
        Some("ko"),
        &ltdeck::check::deck_text(&md),
        None,
    );
    let pdf = ltdeck::export::pdf_with_fonts(&md, &ltdeck::export::Options::default(), &plan);
    let path = dir.path().join("talk.pdf");
    std::fs::write(&path, &pdf.pdf).expect("write");
    let deck = deck::load(&path).expect("load");
    assert_eq!(deck.slides[0].notes_markdown(), "from the export");
    // No sidecar yet: saving makes one, in pdfpc's format.
    let mut draft = Draft::begin(&path, 0, &deck.slides[0]).expect("begin");
    draft.text = "사이드카에 저장\n둘째 줄".into();
    assert!(matches!(draft.save(), Ok(Saved::Written(..))));
    let sidecar = dir.path().join("talk.pdfpc");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&sidecar).expect("sidecar")).expect("json");
    assert_eq!(json["pdfpcFormat"], 2);
    assert_eq!(json["pages"][0]["idx"], 0);
    assert_eq!(json["pages"][0]["note"], "사이드카에 저장\n둘째 줄");
    let again = deck::load(&path).expect("load");
    assert_eq!(notes(&again), ["사이드카에 저장\n둘째 줄", ""]);
    // A second edit keeps the sidecar's other keys and entries, in their order.
    std::fs::write(
        &sidecar,
        r#"{"pdfpcFormat": 2, "duration": 5, "pages": [{"idx": 0, "label": "1", "overlay": 0, "note": "old"}, {"idx": 1, "label": "2", "overlay": 0, "note": "second"}], "noteFontSize": 20}"#,
    )
    .expect("write");
    let deck = deck::load(&path).expect("load");
    let mut draft = Draft::begin(&path, 1, &deck.slides[1]).expect("begin");
    draft.text = "new second".into();
    assert!(matches!(draft.save(), Ok(Saved::Written(..))));
    let text = std::fs::read_to_string(&sidecar).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(json["duration"], 5);
    assert_eq!(json["noteFontSize"], 20);
    assert_eq!(json["pages"][0]["note"], "old");
    assert_eq!(json["pages"][1]["note"], "new second");
    assert!(
        text.find("pdfpcFormat") < text.find("noteFontSize"),
        "{text}"
    );
    assert_eq!(notes(&deck::load(&path).unwrap()), ["old", "new second"]);
}

#[test]
fn a_slide_imported_from_another_file_keeps_its_notes_there() {
    let dir = tempfile::tempdir().expect("tempdir");
    let main = dir.path().join("slides.md");
    let part = dir.path().join("part.md");
    let main_text =
        "---\ntheme: default\n---\n\n# Main\n\n<!-- main note -->\n\n---\nsrc: ./part.md\n---\n";
    let part_text = "# Imported\n\n<!-- imported note -->\n";
    std::fs::write(&main, main_text).expect("write");
    std::fs::write(&part, part_text).expect("write");
    let deck = deck::load(&main).expect("load");
    assert_eq!(notes(&deck), ["main note", "imported note"]);
    let mut draft = Draft::begin(&main, 1, &deck.slides[1]).expect("begin");
    draft.text = "고친 노트".into();
    assert!(matches!(draft.save(), Ok(Saved::Written(p, _)) if p == part));
    assert_eq!(std::fs::read_to_string(&main).unwrap(), main_text);
    assert_eq!(
        std::fs::read_to_string(&part).unwrap(),
        "# Imported\n\n<!-- 고친 노트 -->\n"
    );
    assert_eq!(
        notes(&deck::load(&main).unwrap()),
        ["main note", "고친 노트"]
    );
}

#[test]
fn editing_again_types_at_the_end_wherever_the_last_edit_left_the_cursor() {
    let t0 = Instant::now();
    let (_dir, path) = deck_file(TALK);
    let (mut c, _a) = harnesses(&path, t0);
    c.run();
    c.key_press_modifiers(ctrl(), Key::E);
    c.run();
    // Move to the start of the text, type there, save.
    c.key_press_modifiers(ctrl(), Key::Home);
    c.key_press(Key::Home);
    c.event(Event::Text("A ".into()));
    c.key_press(Key::Escape);
    c.run();
    assert_eq!(
        c.state().lock().unwrap().show.deck().slides[0].notes_markdown(),
        "A first note"
    );
    // Editing again: the cursor is at the end, not where it was left.
    c.key_press_modifiers(ctrl(), Key::E);
    c.run();
    c.event(Event::Text(" Z".into()));
    c.key_press(Key::Escape);
    c.run();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        TALK.replace("first note", "A first note Z")
    );
}

#[test]
fn quitting_while_editing_saves_the_notes_and_keeps_what_cannot_be_saved_beside_the_deck() {
    let (_dir, path) = deck_file(TALK);
    let mut p = Presenter::new(deck::load(&path).expect("load"));
    let deck = p.deck().clone();
    p.draft = Some(Draft::begin(&path, 0, &deck.slides[0]).expect("begin"));
    p.draft.as_mut().unwrap().text = "saved on quit".into();
    p.keep_draft();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        TALK.replace("first note", "saved on quit")
    );
    // The file changes under a second edit: the quit leaves it alone and keeps the text beside.
    let deck = deck::load(&path).expect("load");
    p.draft = Some(Draft::begin(&path, 0, &deck.slides[0]).expect("begin"));
    p.draft.as_mut().unwrap().text = "kept beside".into();
    std::fs::write(&path, "# changed\n").expect("write");
    p.keep_draft();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "# changed\n");
    let kept = std::fs::read_to_string(path.with_file_name("talk.md.unsaved-notes.md")).unwrap();
    assert!(kept.contains("kept beside"), "{kept}");
}
