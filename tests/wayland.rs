//! End to end on Wayland, as a person would: the real binary on a nested sway with a laptop
//! output and a projector output that is really unplugged and plugged back
//! (`../shared/tools/wayland-two-outputs.sh`). Keys work from either window; after every unplug
//! and replug, whichever window had the focus, the console is fullscreen on the laptop, on the
//! workspace that shows, and focused within two seconds; the slides are gone while the
//! projector is, and come back on it, on the current slide; a projector connected after launch
//! gets the slides.
//!
//! Needs sway, grim, wtype, python3 and `../shared/tools` (`.ci/run` installs them). Without them
//! the test skips, unless `LTDECK_REQUIRE_E2E=1` makes that a failure.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;

fn harness() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/wayland-two-outputs.sh")
}

/// A nested sway with two outputs, and the harness's shell functions (`wl`, `wl_key`, …).
struct Sway {
    functions: PathBuf,
    _dir: tempfile::TempDir,
}

impl Sway {
    fn start() -> Option<Sway> {
        let tools = ["sway", "grim", "wtype", "python3", "runuser"];
        if !common::required(&tools, "the Wayland test") {
            return None;
        }
        assert!(
            harness().is_file(),
            "{} is missing: ../shared/tools sits beside the project",
            harness().display()
        );
        let dir = public_dir();
        let out = Command::new("bash")
            .arg(harness())
            .args(["start", &format!("ltci{}", std::process::id())])
            .stderr(Stdio::inherit())
            .output()
            .expect("the harness runs");
        assert!(out.status.success(), "the nested sway did not start");
        let functions = dir.path().join("wl.sh");
        std::fs::write(&functions, &out.stdout).expect("functions written");
        let sway = Sway {
            functions,
            _dir: dir,
        };
        let end = Instant::now() + Duration::from_secs(20);
        while sway.outputs() != 2 {
            assert!(Instant::now() < end, "the nested sway has no two outputs");
            std::thread::sleep(Duration::from_millis(200));
        }
        Some(sway)
    }

    /// Runs `command` with the harness's functions defined; its standard output.
    fn sh(&self, command: &str) -> String {
        let out = Command::new("bash")
            .arg("-c")
            .arg(format!("source {} && {command}", self.functions.display()))
            .stderr(Stdio::null())
            .output()
            .expect("bash runs");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    fn outputs(&self) -> usize {
        self.sh("wl_outputs")
            .lines()
            .filter(|l| l.contains(" active "))
            .count()
    }

    /// sway's window tree and workspaces, as JSON.
    fn tree(&self) -> serde_json::Value {
        serde_json::from_str(&self.sh("wl swaymsg -t get_tree -r")).unwrap_or_default()
    }

    fn visible_workspaces(&self) -> Vec<String> {
        let list: serde_json::Value =
            serde_json::from_str(&self.sh("wl swaymsg -t get_workspaces -r")).unwrap_or_default();
        list.as_array()
            .into_iter()
            .flatten()
            .filter(|w| w["visible"] == true)
            .filter_map(|w| w["name"].as_str().map(str::to_string))
            .collect()
    }

    /// Every window: (title, workspace, x, fullscreen, focused).
    fn windows(&self) -> Vec<Window> {
        let mut out = Vec::new();
        walk(&self.tree(), "", &mut out);
        out
    }

    /// Screenshot of one output.
    fn shot(&self, output: &str, path: &Path) -> image::RgbImage {
        self.sh(&format!("wl grim -o {output} {p}", p = path.display()));
        image::open(path)
            .unwrap_or_else(|e| panic!("grim's shot of {output}: {e}"))
            .to_rgb8()
    }
}

impl Drop for Sway {
    fn drop(&mut self) {
        self.sh("wl pkill -x ltdeck; wl_stop");
    }
}

#[derive(Debug, Clone)]
struct Window {
    title: String,
    workspace: String,
    x: i64,
    fullscreen: bool,
    focused: bool,
    /// sway's word that an idle inhibitor on this window is in force.
    inhibit_idle: bool,
}

fn walk(node: &serde_json::Value, workspace: &str, out: &mut Vec<Window>) {
    let workspace = if node["type"] == "workspace" {
        node["name"].as_str().unwrap_or_default()
    } else {
        workspace
    };
    if matches!(node["type"].as_str(), Some("con" | "floating_con"))
        && let Some(title) = node["name"].as_str()
    {
        out.push(Window {
            title: title.to_string(),
            workspace: workspace.to_string(),
            x: node["rect"]["x"].as_i64().unwrap_or(-1),
            fullscreen: node["fullscreen_mode"].as_i64().unwrap_or(0) != 0,
            focused: node["focused"] == true,
            inhibit_idle: node["inhibit_idle"] == true,
        });
    }
    for key in ["nodes", "floating_nodes"] {
        for child in node[key].as_array().into_iter().flatten() {
            walk(child, workspace, out);
        }
    }
}

/// A temp folder the unprivileged user sway runs as can read.
fn public_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).expect("chmod");
    dir
}

/// Starts ltdeck as the sway user on `deck`, from a copy of the binary it can run.
fn launch(sway: &Sway, dir: &Path, deck: &Path) {
    let bin = dir.join("ltdeck");
    if !bin.exists() {
        // A hard link costs no space; a copy is needed only across file systems.
        let built = env!("CARGO_BIN_EXE_ltdeck");
        if std::fs::hard_link(built, &bin).is_err() {
            std::fs::copy(built, &bin).expect("binary copied");
        }
    }
    sway.sh(&format!(
        "(wl env XDG_CONFIG_HOME={d} XDG_DATA_HOME={d} RUST_BACKTRACE=1 {bin} {deck} \
         >>{d}/ltdeck.log 2>&1 &)",
        d = dir.display(),
        bin = bin.display(),
        deck = deck.display()
    ));
}

/// Waits up to `secs` for `done`, failing with `what` and the windows as they are.
fn wait_for(sway: &Sway, secs: f64, what: &str, done: impl Fn(&[Window]) -> bool) {
    let end = Instant::now() + Duration::from_secs_f64(secs);
    loop {
        let windows = sway.windows();
        if done(&windows) {
            return;
        }
        assert!(
            Instant::now() < end,
            "not within {secs} s: {what}; windows: {windows:#?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn console(windows: &[Window]) -> Option<&Window> {
    windows
        .iter()
        .find(|w| w.title.contains("presenter console"))
}

fn slides(windows: &[Window]) -> Option<&Window> {
    windows.iter().find(|w| w.title.contains("audience"))
}

/// The console fullscreen on the laptop, on a workspace that shows, focused.
fn console_in_front(sway: &Sway, windows: &[Window]) -> bool {
    console(windows).is_some_and(|c| {
        c.fullscreen && c.focused && c.x == 0 && sway.visible_workspaces().contains(&c.workspace)
    })
}

/// The slides fullscreen on the projector, the console in front on the laptop.
fn presenting(sway: &Sway, windows: &[Window]) -> bool {
    slides(windows).is_some_and(|s| s.fullscreen && s.x == 1920) && console_in_front(sway, windows)
}

/// Pixels that differ between two pictures of one size.
fn differ(a: &image::RgbImage, b: &image::RgbImage) -> usize {
    a.pixels().zip(b.pixels()).filter(|(p, q)| p != q).count()
}

fn unplug_and_replug(sway: &Sway, focus: &str) {
    sway.sh(&format!("wl_focus '{focus}'"));
    wait_for(sway, 2.0, &format!("{focus} focused"), |w| {
        w.iter().any(|w| w.title.contains(focus) && w.focused)
    });
    sway.sh("wl_unplug");
    wait_for(
        sway,
        2.0,
        &format!("unplugged with the {focus} focused: the console in front, no slides"),
        |w| slides(w).is_none() && console_in_front(sway, w),
    );
    sway.sh("wl_replug");
    wait_for(
        sway,
        2.5,
        &format!("replugged (the {focus} had the focus): the slides back on the projector"),
        |w| presenting(sway, w),
    );
}

#[test]
fn on_wayland_the_console_stays_in_front_through_unplugs_and_the_slides_follow_the_projector() {
    let Some(sway) = Sway::start() else {
        return;
    };
    let dir = public_dir();
    let deck = dir.path().join("talk.md");
    std::fs::write(
        &deck,
        "# 첫 슬라이드\n\n<!-- 천천히 -->\n\n---\n\n# Second\n\n- two\n\n---\n\n# Third\n\n---\n\n# Fourth\n",
    )
    .expect("deck written");
    launch(&sway, dir.path(), &deck);
    let log = dir.path().join("ltdeck.log");
    let said = || std::fs::read_to_string(&log).unwrap_or_default();
    let end = Instant::now() + Duration::from_secs(60);
    while !presenting(&sway, &sway.windows()) {
        assert!(
            Instant::now() < end,
            "no console and slides in 60 s: {:#?}\n{}",
            sway.windows(),
            said()
        );
        std::thread::sleep(Duration::from_millis(300));
    }
    std::thread::sleep(Duration::from_millis(1000));
    // The compositor will not go idle (screen blanking, swayidle's lock) while ltdeck shows.
    assert!(
        console(&sway.windows()).is_some_and(|c| c.inhibit_idle),
        "no idle inhibitor on the console: {:#?}",
        sway.windows()
    );

    // Keys from either window move the slides on the projector.
    for (focus, key) in [("audience", "Right"), ("presenter console", "Right")] {
        let before = sway.shot("WL-2", &dir.path().join("before.png"));
        sway.sh(&format!("wl_focus '{focus}' && wl_key {key}"));
        std::thread::sleep(Duration::from_millis(700));
        let after = sway.shot("WL-2", &dir.path().join("after.png"));
        assert!(
            differ(&before, &after) > 1000,
            "{key} in the {focus} did not change the projector"
        );
    }

    // Unplugged with each window focused, then plugged back: twice each.
    for focus in [
        "audience",
        "presenter console",
        "audience",
        "presenter console",
    ] {
        unplug_and_replug(&sway, focus);
    }
    let projector = sway.sh("wl_projector");
    std::thread::sleep(Duration::from_millis(1000));
    let back = sway.shot(&projector, &dir.path().join("back.png"));
    // The slides came back on slide 3, where the talk was: F5 and Shift+F5 keep it there.
    for key in ["F5", "-M shift -k F5 -m shift"] {
        sway.sh(&format!("wl_focus audience && wl_key {key}"));
        std::thread::sleep(Duration::from_millis(700));
        let again = sway.shot(&projector, &dir.path().join("again.png"));
        // The audience's time bar may step meanwhile: a few hundred pixels at most.
        let moved = differ(&back, &again);
        if moved > 2000 {
            panic!(
                "{key} moved the talk: {moved} pixels differ ({}); windows: {:#?}; workspaces {:?}",
                dir.keep().display(),
                sway.windows(),
                sway.visible_workspaces()
            );
        }
    }
    assert!(!said().contains("panicked"), "ltdeck panicked:\n{}", said());

    // A projector connected after launch gets the slides.
    sway.sh("wl pkill -x ltdeck");
    wait_for(&sway, 5.0, "ltdeck quit", |w| console(w).is_none());
    sway.sh("wl_unplug");
    launch(&sway, dir.path(), &deck);
    // One screen at launch: the console is a window (a rehearsal at home), in front.
    wait_for(&sway, 60.0, "the console alone on one output", |w| {
        console(w).is_some_and(|c| c.focused && sway.visible_workspaces().contains(&c.workspace))
    });
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        slides(&sway.windows()).is_none(),
        "slides without a projector"
    );
    sway.sh("wl_replug");
    wait_for(&sway, 2.5, "a late projector got the slides", |w| {
        presenting(&sway, w)
    });
}
