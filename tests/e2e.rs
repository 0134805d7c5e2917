//! End to end, as a person would: the real binary under Xvfb opens a sample deck with
//! `--windowed`, both windows appear, keys move it (next, blank, overview, Esc), a screenshot is
//! not blank, and Ctrl+Q — pressed twice, as the timer runs — quits cleanly. Then on two monitors (Xorg's dummy driver, openbox):
//! both windows fullscreen on their own monitors, S on the focused audience window runs the
//! console's countdown, the projector never shows the console, and the slides follow the
//! projector as it is unplugged, plugged back and connected after launch (xrandr).
//!
//! Needs Xvfb, xdotool and ImageMagick's `import`, and for two monitors Xorg's dummy driver,
//! xrandr and openbox (`.ci/run` installs them). Without them the tests skip, unless
//! `LTDECK_REQUIRE_E2E=1` (set by `.ci/run`) makes that a failure.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

mod common;

use common::have;

fn tools_present() -> bool {
    let ok = ["Xvfb", "xdotool", "import"].iter().all(|t| have(t));
    if !ok && std::env::var("LTDECK_REQUIRE_E2E").as_deref() == Ok("1") {
        panic!("Xvfb, xdotool and import are required (LTDECK_REQUIRE_E2E=1)");
    }
    ok
}

/// Kills the child when dropped, so a failed assertion leaves no process behind.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        // SIGTERM first: an X server killed outright leaves its lock and socket behind, and the
        // display numbers run out after enough runs.
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        for _ in 0..40 {
            if matches!(self.0.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Whether X display `n` is free: no lock file, or one left by a server that is gone.
fn display_free(n: u32) -> bool {
    let lock = format!("/tmp/.X{n}-lock");
    match std::fs::read_to_string(&lock) {
        Err(_) => !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists(),
        Ok(pid) => {
            let pid = pid.trim();
            !pid.is_empty() && !Path::new(&format!("/proc/{pid}")).exists()
        }
    }
}

fn xdotool(display: &str, args: &[&str]) -> String {
    let out = Command::new("xdotool")
        .args(args)
        .env("DISPLAY", display)
        .output()
        .expect("xdotool runs");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// The id of the first window named `name`; fails with the app's messages if it exits first.
fn wait_for_window(display: &str, name: &str, app: &mut Guard, log: &Path) -> String {
    let end = Instant::now() + Duration::from_secs(60);
    while Instant::now() < end {
        let found = xdotool(display, &["search", "--name", name]);
        if let Some(id) = found.lines().next() {
            return id.to_string();
        }
        if let Some(status) = app.0.try_wait().expect("status") {
            panic!(
                "ltdeck exited ({status}) before a window named {name:?} appeared:\n{}",
                std::fs::read_to_string(log).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    panic!(
        "no window named {name:?} appeared in 60 s; ltdeck said:\n{}",
        std::fs::read_to_string(log).unwrap_or_default()
    );
}

/// Waits until the X server answers (a loaded machine can take seconds to start Xvfb).
fn wait_for_display(display: &str) {
    let end = Instant::now() + Duration::from_secs(30);
    while xdotool(display, &["getdisplaygeometry"]).is_empty() {
        assert!(Instant::now() < end, "Xvfb did not start on {display}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn key(display: &str, window: &str, keys: &str) {
    xdotool(display, &["windowfocus", window]);
    press(display, keys, 400);
}

/// Presses `keys` in the focused window, then waits `ms` milliseconds.
fn press(display: &str, keys: &str, ms: u64) {
    xdotool(display, &["key", "--clearmodifiers", keys]);
    std::thread::sleep(Duration::from_millis(ms));
}

/// Distinct colours in a screenshot: a blank screen has one or two.
fn colours(png: &Path) -> usize {
    let img = image::open(png).expect("screenshot decodes").to_rgb8();
    let mut seen = std::collections::HashSet::new();
    for p in img.pixels().step_by(7) {
        seen.insert(p.0);
    }
    seen.len()
}

#[test]
fn the_binary_presents_a_deck_under_xvfb_and_quits_on_a_second_ctrl_q() {
    if !tools_present() {
        common::skip("the end-to-end test needs Xvfb, xdotool and import (imagemagick)");
        return;
    }
    // Xvfb picks a free display itself and writes its number to stdout (`-displayfd 1`). It
    // must not reset when its last client leaves: the readiness probe below is a client, and an
    // app connecting during the reset finds no server.
    let mut xvfb = Guard(
        Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-noreset",
                "-screen",
                "0",
                "1920x1080x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb starts"),
    );
    // Kept open to the end: Xvfb must not meet a closed pipe.
    let mut xvfb_out = std::io::BufReader::new(xvfb.0.stdout.take().expect("Xvfb's stdout"));
    let mut number = String::new();
    std::io::BufRead::read_line(&mut xvfb_out, &mut number).expect("Xvfb names its display");
    let display = format!(":{}", number.trim());
    wait_for_display(&display);
    let dir = tempfile::tempdir().expect("tempdir");
    let deck = Path::new(env!("CARGO_MANIFEST_DIR")).join("decks/welcome.md");
    // The app's messages go to a file: an unread pipe could fill and stall it.
    let log = dir.path().join("ltdeck.log");
    let mut app = launch(&display, &["--windowed"], &deck, dir.path(), &log);
    let console = wait_for_window(&display, "presenter console", &mut app, &log);
    wait_for_window(&display, "audience", &mut app, &log);
    std::thread::sleep(Duration::from_millis(1500));

    for keys in ["Right", "Right", "b", "b", "o", "Escape", "Right"] {
        key(&display, &console, keys);
    }
    let shot = dir.path().join("shot.png");
    let status = Command::new("import")
        .args(["-window", "root", shot.to_str().expect("utf-8 path")])
        .env("DISPLAY", &display)
        .status()
        .expect("import runs");
    assert!(status.success());
    let n = colours(&shot);
    assert!(n > 50, "the screenshot looks blank ({n} colours)");
    still_running(&mut app, "ltdeck died while presenting");

    // The timer runs (the first → started it): one Ctrl+Q only asks; a second one quits.
    key(&display, &console, "ctrl+q");
    std::thread::sleep(Duration::from_millis(600));
    still_running(&mut app, "one Ctrl+Q ended a running talk");
    key(&display, &console, "ctrl+q");
    let end = Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(status) = app.0.try_wait().expect("status") {
            break status;
        }
        assert!(Instant::now() < end, "ltdeck did not quit on Ctrl+Q");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "ltdeck exited with {status}");
}

/// An Xorg dummy server with two 1920×1080 monitors side by side and openbox, as
/// `../shared/tools/two-monitors.sh` starts it (Xvfb shows winit one monitor only).
struct TwoMonitors {
    display: String,
    _xorg: Guard,
    _wm: Guard,
    /// One two-monitor server at a time: tests run in parallel and would race for a display.
    _alone: std::sync::MutexGuard<'static, ()>,
}

static TWO_MONITORS: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn two_monitors() -> Option<TwoMonitors> {
    let conf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/xorg-two-monitors.conf");
    let ok = conf.is_file()
        && ["Xorg", "openbox", "xrandr", "xwininfo"]
            .iter()
            .all(|t| have(t));
    if !ok {
        assert!(
            std::env::var("LTDECK_REQUIRE_E2E").as_deref() != Ok("1"),
            "Xorg (xserver-xorg-video-dummy), openbox, xrandr and ../shared/tools are required"
        );
        common::skip("two monitors need Xorg's dummy driver, openbox, xrandr and ../shared/tools");
        return None;
    }
    // A test that failed while it held the server leaves the lock poisoned, not the server.
    let alone = TWO_MONITORS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let n = (97..140)
        .find(|&n| display_free(n))
        .expect("a free display number");
    let display = format!(":{n}");
    let log = std::env::temp_dir().join(format!("ltdeck-xorg-{n}.log"));
    let xorg = Guard(
        Command::new("Xorg")
            .args([display.as_str(), "-config"])
            .arg(&conf)
            .args(["-noreset", "-nolisten", "tcp", "-logfile"])
            .arg(&log)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xorg starts"),
    );
    wait_for_display(&display);
    let xrandr = |args: &[&str]| {
        Command::new("xrandr")
            .args(args)
            .env("DISPLAY", &display)
            .status()
            .expect("xrandr runs")
    };
    xrandr(&["--addmode", "DUMMY1", "1920x1080"]);
    projector(&display, true);
    let wm = Guard(
        Command::new("openbox")
            .env("DISPLAY", &display)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("openbox starts"),
    );
    std::thread::sleep(Duration::from_millis(500));
    Some(TwoMonitors {
        display,
        _xorg: xorg,
        _wm: wm,
        _alone: alone,
    })
}

/// ltdeck presenting a deck of `text` (in a fresh folder) on two monitors, with `env`: both
/// windows open and settled. `None` (the test skips) without the tools.
struct Presenting {
    x: TwoMonitors,
    dir: tempfile::TempDir,
    deck: std::path::PathBuf,
    log: std::path::PathBuf,
    app: Guard,
    console: String,
    audience: String,
}

fn present(text: &str, env: &[(&str, &str)]) -> Option<Presenting> {
    if !tools_present() {
        common::skip("the end-to-end test needs Xvfb, xdotool and import (imagemagick)");
        return None;
    }
    let x = two_monitors()?;
    let dir = tempfile::tempdir().expect("tempdir");
    let deck = dir.path().join("talk.md");
    std::fs::write(&deck, text).expect("write deck");
    let log = dir.path().join("ltdeck.log");
    let mut app = launch_with(&x.display, &[], &deck, dir.path(), &log, env);
    let console = wait_for_window(&x.display, "presenter console", &mut app, &log);
    let audience = wait_for_window(&x.display, "audience", &mut app, &log);
    std::thread::sleep(Duration::from_millis(2000));
    Some(Presenting {
        x,
        dir,
        deck,
        log,
        app,
        console,
        audience,
    })
}

/// A window's absolute position and size, from `xwininfo`.
fn geometry(display: &str, window: &str) -> (i32, i32, u32, u32) {
    let out = Command::new("xwininfo")
        .args(["-id", window])
        .env("DISPLAY", display)
        .output()
        .expect("xwininfo runs");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let field = |name: &str| -> i64 {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(name))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("no {name} in {text}"))
    };
    (
        field("Absolute upper-left X:") as i32,
        field("Absolute upper-left Y:") as i32,
        field("Width:") as u32,
        field("Height:") as u32,
    )
}

fn screenshot(display: &str, path: &Path) -> image::RgbImage {
    let status = Command::new("import")
        .args(["-window", "root", path.to_str().expect("utf-8 path")])
        .env("DISPLAY", display)
        .status()
        .expect("import runs");
    assert!(status.success());
    image::open(path).expect("screenshot decodes").to_rgb8()
}

/// Pixels that differ between two pictures inside a rectangle (x, y, w, h).
fn changed(a: &image::RgbImage, b: &image::RgbImage, (x, y, w, h): (u32, u32, u32, u32)) -> usize {
    let mut n = 0;
    for yy in y..y + h {
        for xx in x..x + w {
            if a.get_pixel(xx, yy) != b.get_pixel(xx, yy) {
                n += 1;
            }
        }
    }
    n
}

#[test]
fn on_two_monitors_keys_reach_the_console_and_the_slides_follow_the_projector() {
    let Some(Presenting {
        x,
        dir,
        deck,
        log,
        mut app,
        console,
        audience,
    }) = present(
        "# First slide\n\nHello\n\n<!-- Notes: remember the demo laptop -->\n\n---\n\n# Second\n",
        &[],
    )
    else {
        return;
    };
    let display = x.display.as_str();
    assert_eq!(
        geometry(display, &audience),
        (1920, 0, 1920, 1080),
        "audience on monitor 2"
    );
    assert_eq!(
        geometry(display, &console),
        (0, 0, 1920, 1080),
        "console fills monitor 1"
    );
    // After launch the audience window has the focus, as on a laptop; S goes there.
    assert_eq!(xdotool(display, &["getwindowfocus"]), audience);
    let before = screenshot(display, &dir.path().join("before.png"));
    press(display, "s", 1500);
    let after = screenshot(display, &dir.path().join("after.png"));
    // The countdown sits in the console's lower left; it must have started.
    let timer_area = (0, 700, 1100, 380);
    assert!(
        changed(&before, &after, timer_area) > 500,
        "the console's timer did not change within 1.5 s of S on the slides"
    );
    // The projector never shows the console: no pixel of the console's background there.
    let console_bg = image::Rgb([0x1b, 0x1e, 0x24]);
    let on_projector = (1920..3840)
        .step_by(4)
        .flat_map(|x| (0..1080).step_by(4).map(move |y| (x, y)))
        .filter(|&(x, y)| *after.get_pixel(x, y) == console_bg)
        .count();
    assert_eq!(on_projector, 0, "console pixels on the projector");
    // The console's NOW preview shows the slide (under glow it is a cached picture), and shows
    // the next one after a move: the picture is drawn again when the slide changes.
    let slide_bg = *after.get_pixel(1920 + 8, 540);
    let now_area = (60, 200, 900, 400);
    let of_slide = |shot: &image::RgbImage| {
        let (x0, y0, w, h) = now_area;
        (x0..x0 + w)
            .step_by(3)
            .flat_map(|x| (y0..y0 + h).step_by(3).map(move |y| (x, y)))
            .filter(|&(x, y)| *shot.get_pixel(x, y) == slide_bg)
            .count()
    };
    assert!(
        of_slide(&after) > 300 * 133 / 2,
        "the NOW preview does not show the slide's background"
    );
    press(display, "Right", 1000);
    let moved = screenshot(display, &dir.path().join("moved.png"));
    assert!(
        changed(&after, &moved, now_area) > 200,
        "the NOW preview kept the old slide after a move"
    );
    assert!(of_slide(&moved) > 300 * 133 / 2);
    press(display, "Left", 500);

    // One Ctrl+Q on the slides while the timer runs closes nothing: it only asks.
    press(display, "ctrl+q", 700);
    assert!(slides_on_projector(display), "Ctrl+Q closed the slides");
    still_running(&mut app, "Ctrl+Q ended the talk");
    press(display, "Escape", 0);

    // A clicker's slideshow button (F5, Shift+F5, then Esc) mid-talk: the projector keeps its
    // slide and stays fullscreen.
    let projector_area = (1920, 0, 1920, 1080);
    press(display, "Right", 1000);
    let here = screenshot(display, &dir.path().join("here.png"));
    for k in ["F5", "shift+F5", "Escape"] {
        press(display, k, 800);
        let now = screenshot(display, &dir.path().join("f5.png"));
        assert_eq!(
            changed(&here, &now, projector_area),
            0,
            "{k} changed the projector"
        );
    }
    // The window manager closes the slides (Alt+F4 in openbox): hidden, not closed for good;
    // F5 on the console brings them back on the same slide.
    key(display, &audience, "alt+F4");
    wait_until(|| visible(display, "audience").is_empty(), "the slides hid");
    still_running(&mut app, "closing the slides ended the talk");
    key(display, &console, "F5");
    wait_until(
        || slides_on_projector(display),
        "F5 brought the slides back",
    );
    std::thread::sleep(Duration::from_millis(800));
    let back = screenshot(display, &dir.path().join("back.png"));
    assert_eq!(
        changed(&here, &back, projector_area),
        0,
        "F5 brought the slides back on another slide"
    );

    // The projector unplugged while the slides have the focus: the slides are hidden (never
    // moved over the console), and the console has the focus...
    key(display, &visible(display, "audience")[0], "shift");
    projector(display, false);
    wait_until(|| visible(display, "audience").is_empty(), "the slides hid");
    assert_eq!(geometry(display, &console), (0, 0, 1920, 1080));
    wait_until(
        || xdotool(display, &["getwindowfocus"]) == console,
        "the console has the focus",
    );
    // ...and plugged back in: fullscreen on it again within two seconds and a little.
    projector(display, true);
    wait_until(
        || slides_on_projector(display),
        "the slides came back on the projector",
    );
    still_running(&mut app, "ltdeck died while presenting");
    // Quit as a speaker does (the timer runs: Ctrl+Q twice), so eframe saves its settings.
    key(display, &console, "ctrl+q");
    press(display, "ctrl+q", 0);
    wait_until(
        || matches!(app.0.try_wait(), Ok(Some(_))),
        "ltdeck quit on the second Ctrl+Q",
    );
    drop(app);

    // The next run with --windowed, in the same settings folder, opens a window, not the last
    // run's fullscreen.
    let mut windowed = launch(display, &["--windowed"], &deck, dir.path(), &log);
    let window = wait_for_window(display, "presenter console", &mut windowed, &log);
    std::thread::sleep(Duration::from_millis(1500));
    let (_, _, w, h) = geometry(display, &window);
    assert!(
        w < 1920 && h < 1080,
        "--windowed opened {w}×{h}: the last run's fullscreen"
    );
    drop(windowed);

    // A projector connected after launch gets the slides too.
    projector(display, false);
    let mut late = launch(display, &[], &deck, dir.path(), &log);
    wait_for_window(display, "presenter console", &mut late, &log);
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        visible(display, "audience").is_empty(),
        "no slides without a projector"
    );
    projector(display, true);
    wait_until(
        || slides_on_projector(display),
        "a late projector got the slides",
    );
}

#[test]
fn frames_that_paint_only_what_changed_leave_the_screens_as_whole_frames_would() {
    let Some(Presenting {
        x,
        dir,
        log,
        mut app,
        ..
    }) = present(
        "# 첫 슬라이드\n\n- one\n- two\n\n<!-- Notes: 천천히 말하기, then the demo -->\n\n---\n\n\
         # Second\n\n- three\n- 넷\n\n<!-- Notes: the long note about the second slide -->\n",
        &[("LTDECK_DEBUG_FRAMES", "1")],
    )
    else {
        return;
    };
    let display = x.display.as_str();
    inside_a_minute();
    // The countdown runs with the audience time bar on: both windows change every second.
    press(display, "Right", 0);
    press(display, "t", 5500);
    press(display, "s", 1500);
    let partial = screenshot(display, &dir.path().join("partial.png"));
    let said = std::fs::read_to_string(&log).expect("log");
    // On 1920×1080 screens egui's glyph atlas is 2,048 wide (`fonts::texture_side`), not as
    // wide as the GPU's largest texture (16,384 under Mesa).
    let atlases: Vec<&str> = said
        .lines()
        .filter_map(|l| l.split(" atlas ").nth(1))
        .collect();
    assert!(
        !atlases.is_empty() && atlases.iter().all(|a| a.starts_with("2048x")),
        "{atlases:?}"
    );
    // The console out of fullscreen and back (a new size starts over with whole frames), the
    // black screen on and off (the whole projector changes): each window paints whole frames.
    for k in ["F11", "F11", "b", "b"] {
        press(display, k, 700);
    }
    std::thread::sleep(Duration::from_millis(1000));
    let whole = screenshot(display, &dir.path().join("whole.png"));
    let after = std::fs::read_to_string(&log).expect("log");
    let after = after.get(said.len()..).unwrap_or_default();
    let partial_frames = |window: &str| {
        said.lines()
            .filter(|l| l.starts_with(&format!("{window} paints ")) && l.contains(" part(s), "))
            .filter(|l| !l.contains(" paints 0 part(s)"))
            .count()
    };
    assert!(
        partial_frames("console") >= 3 && partial_frames("audience") >= 3,
        "the countdown and the time bar did not paint partial frames:\n{said}"
    );
    for window in ["console", "audience"] {
        assert!(
            after.contains(&format!("{window} paints whole")),
            "the {window} painted no whole frame after the keys:\n{after}"
        );
    }
    same_screens(
        &partial,
        &whole,
        dir,
        "the screen after partial frames and after whole ones (partial.png and whole.png)",
    );
    still_running(&mut app, "ltdeck died while presenting");
}

/// Fails with `what` when ltdeck has exited.
fn still_running(app: &mut Guard, what: &str) {
    assert!(app.0.try_wait().expect("status").is_none(), "{what}");
}

/// Fails when the two screens (both monitors) differ in any pixel, keeping `dir` (the
/// screenshots) to look at; `what` says what was compared.
fn same_screens(a: &image::RgbImage, b: &image::RgbImage, dir: tempfile::TempDir, what: &str) {
    let differ = changed(a, b, (0, 0, 3840, 1080));
    if differ != 0 {
        let kept = dir.keep();
        panic!(
            "{differ} pixels differ between {what} in {}",
            kept.display()
        );
    }
}

/// Keeps the console's wall clock out of a comparison of screenshots: waits, when need be, until
/// a minute has started, so the next 15 s keep one minute.
fn inside_a_minute() {
    let second = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock after 1970")
            .as_secs()
            % 60
    };
    if second() > 45 {
        std::thread::sleep(Duration::from_secs(62 - second()));
    }
}

#[test]
fn a_key_on_the_console_reaches_the_projector_before_the_console_repaints() {
    let Some(Presenting {
        x,
        dir,
        log,
        mut app,
        console,
        ..
    }) = present(
        "# 하나\n\n- one\n\n<!-- Notes: first -->\n\n---\n\n# 둘\n\n- two\n\n<!-- Notes: second -->\n",
        &[("LTDECK_DEBUG_FRAMES", "1")],
    )
    else {
        return;
    };
    let display = x.display.as_str();
    inside_a_minute();
    xdotool(display, &["windowactivate", "--sync", &console]);
    std::thread::sleep(Duration::from_millis(500));
    let said = std::fs::read_to_string(&log).expect("log").len();
    press(display, "Right", 1000);
    // Paused, so the console stands still for the screenshots.
    press(display, "s", 1000);
    let after_key = screenshot(display, &dir.path().join("after-key.png"));
    let all = std::fs::read_to_string(&log).expect("log");
    let frames: Vec<&str> = all
        .get(said..)
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains(" paints ") || l.contains(" holds "))
        .filter(|l| !l.contains(" paints 0 part(s)"))
        .collect();
    // From the key on (the console's clock may have painted just before it).
    let held = frames
        .iter()
        .position(|l| *l == "console holds for the audience")
        .unwrap_or_else(|| panic!("the console did not wait for the projector:\n{frames:#?}"));
    let first = |window: &str| frames[held..].iter().position(|l| l.starts_with(window));
    assert!(
        first("audience paints").is_some() && first("audience paints") < first("console paints"),
        "the console painted before the projector:\n{frames:#?}"
    );
    // What the console painted after waiting is what a whole frame paints (out of fullscreen
    // and back: a new size starts over with whole frames).
    for k in ["F11", "F11"] {
        press(display, k, 700);
    }
    std::thread::sleep(Duration::from_millis(800));
    let whole = screenshot(display, &dir.path().join("whole.png"));
    same_screens(
        &after_key,
        &whole,
        dir,
        "the screens after the key and after whole frames (after-key.png and whole.png)",
    );
    still_running(&mut app, "ltdeck died while presenting");
}

/// Starts ltdeck on `deck` with `args`, settings in `home`, its messages to `log` (an unread
/// pipe could fill and stall it).
fn launch(display: &str, args: &[&str], deck: &Path, home: &Path, log: &Path) -> Guard {
    launch_with(display, args, deck, home, log, &[])
}

/// [`launch`] with more environment.
fn launch_with(
    display: &str,
    args: &[&str],
    deck: &Path,
    home: &Path,
    log: &Path,
    env: &[(&str, &str)],
) -> Guard {
    Guard(
        Command::new(env!("CARGO_BIN_EXE_ltdeck"))
            .args(args)
            .arg(deck)
            .envs(env.iter().copied())
            .env("DISPLAY", display)
            .env("XDG_CONFIG_HOME", home)
            .env("XDG_DATA_HOME", home)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(log).expect("log file"))
            .spawn()
            .expect("ltdeck starts"),
    )
}

/// Whether the slides fill the second monitor.
fn slides_on_projector(display: &str) -> bool {
    visible(display, "audience")
        .first()
        .is_some_and(|w| geometry(display, w) == (1920, 0, 1920, 1080))
}

/// Plugs the second monitor in or out, as `xrandr` does on a laptop.
fn projector(display: &str, on: bool) {
    let args: &[&str] = if on {
        &[
            "--output",
            "DUMMY1",
            "--mode",
            "1920x1080",
            "--right-of",
            "DUMMY0",
        ]
    } else {
        &["--output", "DUMMY1", "--off"]
    };
    let status = Command::new("xrandr")
        .args(args)
        .env("DISPLAY", display)
        .status()
        .expect("xrandr runs");
    assert!(status.success());
}

/// Mapped windows whose name contains `name`.
fn visible(display: &str, name: &str) -> Vec<String> {
    xdotool(display, &["search", "--onlyvisible", "--name", name])
        .lines()
        .map(str::to_string)
        .collect()
}

/// Waits up to 3.5 s (the monitor list is read every 2 s) for `done`.
fn wait_until(mut done: impl FnMut() -> bool, what: &str) {
    let end = Instant::now() + Duration::from_millis(3500);
    while !done() {
        assert!(Instant::now() < end, "not within 3.5 s: {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}
