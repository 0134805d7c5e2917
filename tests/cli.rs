//! The `ltdeck check` command as a speaker runs it: output, JSON schema and exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn ltdeck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ltdeck"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run ltdeck")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A temp folder with a deck file in it.
fn deck_file(content: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("deck.md");
    std::fs::write(&path, content).expect("write deck");
    (dir, path)
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("utf-8 temp path")
}

#[test]
fn sample_decks_check_clean() {
    let out = ltdeck(&["check", "decks/welcome.md", "decks/pycon-korea.md"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert_eq!(
        stdout.matches("0 errors, 0 warnings").count(),
        2,
        "{stdout}"
    );
    assert!(stdout.contains("decks/welcome.md: 12 slides"), "{stdout}");
}

#[test]
fn warnings_print_compiler_style_and_exit_zero() {
    let (_dir, path) = deck_file(b"# Title\n\n---\n\n![a meme](missing-image.png)\n");
    let out = ltdeck(&["check", arg(&path)]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let want = format!(
        "{}:5:1: warning: image not found: missing-image.png",
        path.display()
    );
    assert!(stdout.lines().any(|l| l == want), "{stdout}");
    assert!(
        stdout.contains("  hint: paths are relative to the deck's folder"),
        "{stdout}"
    );
    assert!(stdout.contains("2 slides · 2 steps · 1 images"), "{stdout}");
}

#[test]
fn errors_exit_one() {
    let (_dir, path) = deck_file(b"---\ntitle: t\nduration: soon\n---\n# A\n");
    let out = ltdeck(&["check", arg(&path)]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(":3:1: error: front matter `duration`"),
        "{stdout}"
    );
    assert!(stdout.contains("1 errors, 0 warnings"), "{stdout}");
}

#[test]
fn non_utf8_deck_is_an_error_not_a_crash() {
    let (_dir, path) = deck_file(b"# \xC7\xD1\xB1\xDB\n");
    let out = ltdeck(&["check", arg(&path)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("not UTF-8"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn missing_file_is_a_one_line_usage_error() {
    let out = ltdeck(&["check", "no/such/deck.md"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("ltdeck: cannot read no/such/deck.md"),
        "{stderr}"
    );
}

#[test]
fn no_arguments_is_a_usage_error() {
    assert_eq!(ltdeck(&["check"]).status.code(), Some(2));
    assert_eq!(ltdeck(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn json_has_the_documented_schema() {
    let out = ltdeck(&["check", "--json", "decks/welcome.md"]);
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(v["title"], "Welcome to ltdeck");
    assert_eq!(v["duration_secs"], 300.0);
    assert!(
        v["estimate_secs"]
            .as_f64()
            .is_some_and(|e| e > 60.0 && e < 300.0)
    );
    let slides = v["slides"].as_array().expect("slides");
    assert_eq!(slides.len(), 12);
    let first = &slides[0];
    assert_eq!(first["index"], 0);
    assert_eq!(first["line"], 16);
    assert_eq!(first["title"], "ltdeck");
    assert_eq!(first["steps"], 1);
    assert!(
        first["notes"]
            .as_str()
            .is_some_and(|n| n.starts_with("Welcome!"))
    );
    let image = &first["images"][0];
    assert_eq!(image["src"], "../assets/stage.jpg");
    assert_eq!(image["exists"], true);
    assert_eq!(image["width"], 1920);
    assert_eq!(image["height"], 1080);
    assert_eq!(image["placement"]["kind"], "background");
    assert!(
        image["resolved"]
            .as_str()
            .is_some_and(|r| r.ends_with("assets/stage.jpg"))
    );
    assert_eq!(slides[3]["steps"], 3);
    assert_eq!(slides[4]["images"][0]["placement"]["kind"], "split");
    assert_eq!(slides[4]["images"][0]["placement"]["side"], "right");
    assert!(v["diagnostics"].as_array().is_some_and(Vec::is_empty));
}

#[test]
fn json_diagnostics_carry_position_and_hint() {
    let (_dir, path) = deck_file(b"# A\n\n![x](https://example.com/a.png)\n");
    let out = ltdeck(&["check", "--json", arg(&path)]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let d = &v["diagnostics"][0];
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["line"], 3);
    assert_eq!(d["column"], 1);
    assert!(
        d["message"]
            .as_str()
            .is_some_and(|m| m.contains("never fetched"))
    );
    assert!(d["hint"].as_str().is_some_and(|h| !h.is_empty()));
    assert_eq!(v["slides"][0]["images"][0]["exists"], false);
}

#[test]
fn korean_deck_titles_and_notes_survive() {
    let out = ltdeck(&["check", "--json", "decks/pycon-korea.md"]);
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["title"], "타입 힌트, 5분이면 충분합니다");
    assert_eq!(v["slides"][1]["title"], "발표자 소개");
    assert!(
        v["slides"][0]["notes"]
            .as_str()
            .is_some_and(|n| n.contains("김파이입니다"))
    );
}

#[test]
fn rehearsals_prints_each_run_and_the_slides_most_over_budget() {
    let dir = tempfile::tempdir().expect("tempdir");
    let deck = dir.path().join("talk.md");
    std::fs::write(&deck, "---\nduration: 1m\n---\n# One\n\n---\n\n# Two\n").expect("write deck");
    let empty = ltdeck(&["rehearsals", arg(&deck)]);
    assert!(
        text(&empty.stdout).contains("no rehearsals yet"),
        "{}",
        text(&empty.stdout)
    );
    let history = r#"{"schema":1,"runs":[
        {"date":"2026-11-24 20:00","duration_secs":60,"total_secs":75,"slides":[
            {"title":"One","position":0,"secs":45,"budget_secs":null},
            {"title":"Two","position":1,"secs":30,"budget_secs":null}]},
        {"date":"2026-11-25 09:00","duration_secs":60,"total_secs":58,"slides":[
            {"title":"One","position":0,"secs":35,"budget_secs":null},
            {"title":"Two","position":1,"secs":23,"budget_secs":null}]}]}"#;
    std::fs::write(dir.path().join("talk.rehearsals.json"), history).expect("write history");
    let out = ltdeck(&["rehearsals", arg(&deck)]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("2 runs, talk 1:00"), "{stdout}");
    assert!(
        stdout.contains("2026-11-24 20:00  1:15  0:15 over"),
        "{stdout}"
    );
    assert!(
        stdout.contains("2026-11-25 09:00  0:58  0:02 under  ← best"),
        "{stdout}"
    );
    assert!(
        stdout.contains("+0:10  One"),
        "One averages 40 s against 30 s: {stdout}"
    );
    let json = ltdeck(&["rehearsals", "--json", arg(&deck)]);
    let v: Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(v["runs"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["runs"][0]["over_secs"], 15.0);
    assert_eq!(v["best"], "2026-11-25 09:00");
    assert_eq!(v["most_over_budget"][0]["title"], "One");
}

#[test]
fn rehearsals_counts_one_run_marks_one_best_and_reads_runs_kept_in_the_data_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let deck = dir.path().join("talk.md");
    std::fs::write(&deck, "---\nduration: 1m\n---\n# One\n").expect("write deck");
    let run = |date: &str, total: u32| {
        format!(
            r#"{{"date":"{date}","duration_secs":60,"total_secs":{total},"slides":[
            {{"title":"One","position":0,"secs":{total},"budget_secs":null}}]}}"#
        )
    };
    let history = |runs: &[String]| format!(r#"{{"schema":1,"runs":[{}]}}"#, runs.join(","));
    std::fs::write(
        dir.path().join("talk.rehearsals.json"),
        history(&[run("2026-12-01 10:00", 70)]),
    )
    .expect("write history");
    let data = dir.path().join("data");
    let rehearsals = || {
        let out = Command::new(env!("CARGO_BIN_EXE_ltdeck"))
            .args(["rehearsals", arg(&deck)])
            .env("XDG_DATA_HOME", &data)
            .output()
            .expect("run ltdeck");
        text(&out.stdout)
    };
    let one = rehearsals();
    assert!(one.contains(": 1 run, talk 1:00"), "{one}");
    // Two runs of one minute kept in the data folder, when the deck's folder was read-only.
    let kept = ltdeck::rehearsal::kept_path(&deck, &data.join("ltdeck"));
    std::fs::create_dir_all(kept.parent().expect("a parent")).expect("mkdir");
    std::fs::write(
        &kept,
        history(&[run("2026-12-02 09:00", 75), run("2026-12-02 09:00", 61)]),
    )
    .expect("write kept runs");
    let all = rehearsals();
    assert!(all.contains(": 3 runs"), "{all}");
    assert!(all.contains(&kept.display().to_string()), "{all}");
    assert_eq!(all.matches("← best").count(), 1, "{all}");
    assert!(
        all.contains("2026-12-02 09:00  1:01  0:01 over  ← best"),
        "{all}"
    );
}

#[test]
fn check_reads_svg_images_and_says_how_to_convert_an_avif() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("logo.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40"><rect width="120" height="40" fill="teal"/></svg>"#,
    )
    .expect("svg");
    // An AVIF's first bytes (ftyp avif): a real one needs a decoder ltdeck does not have.
    std::fs::write(
        dir.path().join("photo.avif"),
        b"\0\0\0\x20ftypavif\0\0\0\0avifmif1miafMA1B",
    )
    .expect("avif");
    let deck = dir.path().join("talk.md");
    std::fs::write(
        &deck,
        "# Logo\n\n![w:300](logo.svg)\n\n---\n\n# Photo\n\n![](photo.avif)\n",
    )
    .expect("deck");
    let out = ltdeck(&["check", arg(&deck)]);
    let stdout = text(&out.stdout);
    assert!(!stdout.contains("logo.svg"), "the SVG is fine: {stdout}");
    assert!(
        stdout.contains("photo.avif") && stdout.contains("magick photo.avif photo.png"),
        "{stdout}"
    );
}

#[test]
fn check_refuses_devices_folders_and_huge_files_with_a_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let huge = dir.path().join("huge.md");
    std::fs::File::create(&huge)
        .and_then(|f| f.set_len(ltdeck::deck::MAX_DECK_BYTES + 1))
        .expect("sparse file");
    for (path, says) in [
        ("/dev/zero", "not a regular file"),
        (dir.path().to_str().expect("utf-8"), "not a regular file"),
        (arg(&huge), "over the 64 MB"),
    ] {
        let out = ltdeck(&["check", path]);
        assert_eq!(out.status.code(), Some(2), "{path}");
        assert!(
            text(&out.stderr).contains(says),
            "{path}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn rehearsals_reports_a_broken_history_and_moves_nothing() {
    let (dir, deck) = deck_file(b"# One\n\n---\n\n# Two\n");
    let history = dir.path().join("deck.rehearsals.json");
    std::fs::write(&history, b"{\"schema\": 1, \"runs\": [\xff").expect("write");
    let out = ltdeck(&["rehearsals", arg(&deck)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("not a rehearsal history"),
        "{}",
        text(&out.stderr)
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("broken")), "{names:?}");
    assert_eq!(std::fs::read(&history).expect("read").last(), Some(&0xff));
}

#[test]
fn a_pdf_without_pages_is_named_as_a_damaged_pdf() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("talk.pdf");
    std::fs::write(
        &path,
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
    )
    .unwrap();
    for cmd in [&["check"][..], &["export"][..]] {
        let mut args = cmd.to_vec();
        args.push(arg(&path));
        let out = ltdeck(&args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("is a damaged PDF"), "{stderr}");
        assert!(stderr.contains("export it again"), "{stderr}");
        assert!(!stderr.contains("UTF-8"), "{stderr}");
    }
}

#[test]
fn check_reads_a_session_and_every_deck_in_it_and_event_summary_prints_the_log() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.md"), "# 하나\n\ntext\n").unwrap();
    let session = dir.path().join("lt.yaml");
    std::fs::write(
        &session,
        "title: LT\ntalks:\n  - deck: a.md\n    speaker: 김파이\n  - deck: gone.md\n",
    )
    .unwrap();
    let out = ltdeck(&["check", arg(&session)]);
    let said = text(&out.stdout);
    assert!(
        said.contains("lt.yaml:5:1: error: deck `gone.md` not found"),
        "{said}"
    );
    assert!(
        said.contains("a session of 1 talks") && said.contains("a.md"),
        "{said}"
    );
    assert_eq!(out.status.code(), Some(1), "{said}");
    // No log yet: a clear message, not a panic.
    let out = ltdeck(&["event", "--summary", arg(&session)]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("no log yet"),
        "{}",
        text(&out.stderr)
    );
    std::fs::write(
        dir.path().join("lt.yaml.log.json"),
        r#"{"title":"LT","talks":[{"title":"하나","speaker":"김파이","deck":"a.md","planned_start":"0:00","planned_seconds":300,"start":"14:00","end":"14:05","actual_seconds":312,"over_seconds":12}]}"#,
    )
    .unwrap();
    let out = ltdeck(&["event", "--summary", arg(&session)]);
    let said = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        said.contains("14:00") && said.contains("+0:12") && said.contains("하나 — 김파이"),
        "{said}"
    );
}
