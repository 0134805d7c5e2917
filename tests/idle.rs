//! Keeping the screens awake: on a private session bus, stand-ins for the desktop's
//! `org.freedesktop.ScreenSaver` and the portal's `Inhibit` record what ltdeck asks of them;
//! under Xvfb, the X server's screen saver stays off while ltdeck presents, and comes back
//! when it quits.
//!
//! Needs `dbus-daemon`, and Xvfb for the X11 part (`.ci/run` installs them). Without them the
//! tests skip, unless `LTDECK_REQUIRE_E2E=1` makes that a failure.

use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ltdeck::idle::dbus::{self, Bus};
use zbus::zvariant::{OwnedObjectPath, OwnedValue};

mod common;

fn required(tools: &[&str]) -> bool {
    common::required(tools, "keeping the screens awake")
}

/// Kills the child when dropped.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A private bus: `dbus-daemon` on a socket in `dir`, and its address.
fn private_bus(dir: &Path) -> (Guard, String) {
    let socket = dir.join("bus");
    let address = format!("unix:path={}", socket.display());
    let daemon = Guard(
        Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--nopidfile"])
            .arg(format!("--address={address}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon starts"),
    );
    let end = Instant::now() + Duration::from_secs(10);
    while !socket.exists() {
        assert!(Instant::now() < end, "dbus-daemon made no socket");
        std::thread::sleep(Duration::from_millis(20));
    }
    (daemon, address)
}

type Calls = Arc<Mutex<Vec<String>>>;

struct ScreenSaver(Calls);

#[zbus::interface(name = "org.freedesktop.ScreenSaver")]
impl ScreenSaver {
    fn inhibit(&self, app: &str, reason: &str) -> u32 {
        self.0
            .lock()
            .unwrap()
            .push(format!("Inhibit {app}: {reason}"));
        7
    }
    fn un_inhibit(&self, cookie: u32) {
        self.0.lock().unwrap().push(format!("UnInhibit {cookie}"));
    }
}

struct Portal(Calls);

#[zbus::interface(name = "org.freedesktop.portal.Inhibit")]
impl Portal {
    fn inhibit(
        &self,
        window: &str,
        flags: u32,
        options: HashMap<String, OwnedValue>,
    ) -> OwnedObjectPath {
        let reason = options
            .get("reason")
            .and_then(|v| String::try_from(v.clone()).ok())
            .unwrap_or_default();
        self.0
            .lock()
            .unwrap()
            .push(format!("portal Inhibit {window:?} {flags}: {reason}"));
        OwnedObjectPath::try_from("/org/freedesktop/portal/desktop/request/1/ltdeck").unwrap()
    }
}

struct Request(Calls);

#[zbus::interface(name = "org.freedesktop.portal.Request")]
impl Request {
    fn close(&self) {
        self.0.lock().unwrap().push("portal Close".into());
    }
}

/// Serves the stand-ins on the bus at `address`; the connections must stay alive.
fn stand_ins(address: &str, calls: &Calls) -> Vec<zbus::blocking::Connection> {
    let screensaver = zbus::blocking::connection::Builder::address(address)
        .unwrap()
        .name("org.freedesktop.ScreenSaver")
        .unwrap()
        .serve_at("/org/freedesktop/ScreenSaver", ScreenSaver(calls.clone()))
        .unwrap()
        .build()
        .expect("the ScreenSaver stand-in is on the bus");
    let portal = zbus::blocking::connection::Builder::address(address)
        .unwrap()
        .name("org.freedesktop.portal.Desktop")
        .unwrap()
        .serve_at("/org/freedesktop/portal/desktop", Portal(calls.clone()))
        .unwrap()
        .serve_at(
            "/org/freedesktop/portal/desktop/request/1/ltdeck",
            Request(calls.clone()),
        )
        .unwrap()
        .build()
        .expect("the portal stand-in is on the bus");
    vec![screensaver, portal]
}

#[test]
fn the_screensaver_and_the_portal_are_asked_to_hold_off_idle_and_then_let_go() {
    if !required(&["dbus-daemon"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (_daemon, address) = private_bus(dir.path());
    let bus = Bus::Address(address.clone());
    // Nobody serves either yet: the report says so, and nothing is held.
    let (held, report) = dbus::inhibit(&bus);
    assert!(report.kept_by.is_empty(), "{report:?}");
    assert!(
        report.line().contains("nothing keeps the screens awake"),
        "{}",
        report.line()
    );
    assert!(report.line().contains("not running"), "{}", report.line());
    held.expect("connected").release();

    let calls: Calls = Arc::default();
    let _services = stand_ins(&address, &calls);
    assert_eq!(dbus::probe(bus.clone()).not, Vec::new(), "both are offered");
    let (held, report) = dbus::inhibit(&bus);
    assert_eq!(
        report.kept_by,
        ["org.freedesktop.ScreenSaver", "the desktop portal"],
        "{report:?}"
    );
    assert_eq!(
        *calls.lock().unwrap(),
        [
            "Inhibit ltdeck: presenting slides (ltdeck)",
            "portal Inhibit \"\" 8: presenting slides (ltdeck)",
        ],
        "idle (8) is what the portal is asked to hold off"
    );
    held.expect("held").release();
    assert_eq!(
        calls.lock().unwrap()[2..],
        ["UnInhibit 7".to_string(), "portal Close".to_string()],
        "released with the cookie and the request handle it got"
    );
}

#[test]
fn the_presenters_thread_reports_once_and_releases_when_told() {
    if !required(&["dbus-daemon"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (_daemon, address) = private_bus(dir.path());
    let calls: Calls = Arc::default();
    let _services = stand_ins(&address, &calls);
    let (release, report) = dbus::on_a_thread(Bus::Address(address));
    let report = report
        .recv_timeout(Duration::from_secs(10))
        .expect("a report");
    assert_eq!(report.kept_by.len(), 2, "{report:?}");
    drop(release);
    let end = Instant::now() + Duration::from_secs(10);
    while calls.lock().unwrap().len() < 4 {
        assert!(
            Instant::now() < end,
            "not released: {:?}",
            calls.lock().unwrap()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The X server's screen saver state: whether it is on (blanking) now.
fn screen_saver_on(display: &str) -> bool {
    use x11rb::connection::Connection as _;
    use x11rb::protocol::screensaver::{ConnectionExt as _, State};
    let (conn, screen) = x11rb::connect(Some(display)).expect("the X server answers");
    let root = conn.setup().roots[screen].root;
    let info = conn
        .screensaver_query_info(root)
        .expect("MIT-SCREEN-SAVER")
        .reply()
        .expect("a reply");
    info.state == u8::from(State::ON)
}

#[test]
fn under_x11_the_screen_saver_stays_off_while_presenting_and_returns_after() {
    if !required(&["Xvfb", "xset", "xdotool"]) {
        return;
    }
    let n = (150..190)
        .find(|n| !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists())
        .expect("a free display");
    let display = format!(":{n}");
    let _x = Guard(
        Command::new("Xvfb")
            .args([
                display.as_str(),
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
                // Without -noreset the server starts over when its last client (xset) leaves,
                // and forgets the screen saver's settings.
                "-noreset",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb starts"),
    );
    let xset = |args: &[&str]| {
        Command::new("xset")
            .args(args)
            .env("DISPLAY", &display)
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let end = Instant::now() + Duration::from_secs(20);
    while !xset(&["q"]) {
        assert!(Instant::now() < end, "Xvfb did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    // Blank after 2 s without input, as `xset s 5 5` did in the report (shorter here).
    assert!(xset(&["s", "2", "2"]));
    std::thread::sleep(Duration::from_millis(3000));
    assert!(
        screen_saver_on(&display),
        "the screen saver works on this server"
    );
    assert!(xset(&["s", "reset"]));

    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("talk.md");
    std::fs::write(&deck, "# 발표\n\n---\n\n# Two\n").unwrap();
    let log = dir.path().join("ltdeck.log");
    let mut app = Guard(
        Command::new(env!("CARGO_BIN_EXE_ltdeck"))
            .arg("--windowed")
            .arg(&deck)
            .env("DISPLAY", &display)
            .env_remove("WAYLAND_DISPLAY")
            .env("XDG_CONFIG_HOME", dir.path())
            .env("XDG_DATA_HOME", dir.path())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("ltdeck starts"),
    );
    let end = Instant::now() + Duration::from_secs(60);
    loop {
        let out = Command::new("xdotool")
            .args(["search", "--name", "presenter console"])
            .env("DISPLAY", &display)
            .output()
            .unwrap();
        if !out.stdout.is_empty() {
            break;
        }
        assert!(
            app.0.try_wait().unwrap().is_none(),
            "ltdeck exited: {}",
            std::fs::read_to_string(&log).unwrap_or_default()
        );
        assert!(Instant::now() < end, "no console window in 60 s");
        std::thread::sleep(Duration::from_millis(200));
    }
    // Six seconds without input: three times the screen saver's timeout.
    for _ in 0..12 {
        std::thread::sleep(Duration::from_millis(500));
        assert!(
            !screen_saver_on(&display),
            "the screen went blank while presenting"
        );
    }
    drop(app);
    // ltdeck is gone: the server lifted the suspension, and the screen blanks again.
    std::thread::sleep(Duration::from_millis(3500));
    assert!(
        screen_saver_on(&display),
        "the screen saver did not come back after ltdeck quit"
    );
}
