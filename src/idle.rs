//! Keeping the screens awake while ltdeck presents or rehearses: a demo, a long question or an
//! event's "next up" card is exactly when nobody touches the keyboard.
//!
//! Every mechanism the session offers is used, since none covers every desktop:
//! - the X server's screen saver and DPMS, suspended through the MIT-SCREEN-SAVER extension
//!   (`x11rb`), on X11;
//! - the idle-inhibit protocol on ltdeck's own surface, on Wayland (sway, KDE, GNOME 46+…);
//! - `org.freedesktop.ScreenSaver.Inhibit` and the desktop portal's `Inhibit` over the session
//!   D-Bus (GNOME, KDE, Xfce, and any desktop running a portal).
//!
//! Each is released when the presenter ends ([`Awake`]'s drop), and by the other side when the
//! process dies: the X server, the compositor and the bus each drop what a closed connection
//! held. Owns no window: the window layer hands it its raw handles. What took effect and what
//! could not comes back as a [`Report`], said once in the console and by `ltdeck check`.

use std::sync::mpsc;

/// What each mechanism did: the ones keeping the screens awake, and why the others could not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Mechanisms that took effect.
    pub kept_by: Vec<String>,
    /// Mechanisms that could not, with why.
    pub not: Vec<(String, String)>,
}

impl Report {
    /// One line for the console or `ltdeck check`.
    pub fn line(&self) -> String {
        let not = self
            .not
            .iter()
            .map(|(m, why)| format!("{m} ({why})"))
            .collect::<Vec<_>>()
            .join(", ");
        match (self.kept_by.is_empty(), not.is_empty()) {
            (true, _) => format!(
                "nothing keeps the screens awake: {not}; turn the screen saver off by hand before the talk"
            ),
            (false, true) => format!("screens kept awake by {}", self.kept_by.join(", ")),
            (false, false) => format!(
                "screens kept awake by {}; not by {not}",
                self.kept_by.join(", ")
            ),
        }
    }

    /// Whether nothing took effect.
    pub fn failed(&self) -> bool {
        self.kept_by.is_empty()
    }

    fn add(&mut self, name: &str, result: Result<(), String>) {
        match result {
            Ok(()) => self.kept_by.push(name.to_string()),
            Err(why) => self.not.push((name.to_string(), why)),
        }
    }
}

/// The desktop's idle actions held off for as long as this lives.
pub struct Awake {
    /// Held for its drop, which lifts the suspension.
    #[cfg(all(unix, not(target_os = "macos")))]
    _x11: Option<x11::Suspended>,
    /// Held for its drop, which destroys the inhibitor.
    #[cfg(all(unix, not(target_os = "macos")))]
    _wayland: Option<wayland::Inhibited>,
    /// Tells the D-Bus thread to release its inhibitions.
    dbus: Option<mpsc::Sender<()>>,
    /// What the D-Bus thread reports, once.
    dbus_report: Option<mpsc::Receiver<Report>>,
    report: Report,
}

/// The window the screens are kept awake for, as its raw handles.
pub enum Surface {
    /// An X11 window (the screen saver is the X server's).
    X11,
    /// A Wayland surface and its display (`wl_surface*`, `wl_display*`).
    Wayland {
        /// The `wl_display` pointer.
        display: *mut std::ffi::c_void,
        /// The `wl_surface` pointer.
        surface: *mut std::ffi::c_void,
    },
    /// Anything else: only D-Bus is tried.
    Other,
}

impl Awake {
    /// Holds off the screen saver, screen blanking and idle actions through every mechanism
    /// `surface`'s session offers. The D-Bus calls run on their own thread (a bus that hangs
    /// never holds up the first frame); [`Awake::report`] says how they went once they did.
    ///
    /// # Safety
    /// A `Surface::Wayland`'s pointers must be the live display and surface of a window that
    /// outlives this value.
    // SAFETY: unsafe to call, not to run: the pointers are only handed on to Wayland.
    pub unsafe fn start(surface: Surface) -> Self {
        let mut report = Report::default();
        #[cfg(all(unix, not(target_os = "macos")))]
        let x11 = match surface {
            Surface::X11 => keep(&mut report, "the X11 screen saver and DPMS", x11::suspend()),
            _ => None,
        };
        #[cfg(all(unix, not(target_os = "macos")))]
        let wayland = match surface {
            // SAFETY: the caller vouches for the pointers (this function's contract).
            Surface::Wayland { display, surface } => {
                keep(&mut report, "Wayland idle-inhibit", unsafe {
                    wayland::inhibit(display, surface)
                })
            }
            _ => None,
        };
        let (dbus, dbus_report) = dbus::on_a_thread(dbus::Bus::Session);
        Self {
            #[cfg(all(unix, not(target_os = "macos")))]
            _x11: x11,
            #[cfg(all(unix, not(target_os = "macos")))]
            _wayland: wayland,
            dbus: Some(dbus),
            dbus_report: Some(dbus_report),
            report,
        }
    }

    /// What took effect, once the D-Bus calls answered (`None` until then, and after the
    /// first time it was given).
    pub fn report(&mut self) -> Option<Report> {
        let from_bus = self.dbus_report.as_ref()?.try_recv();
        let from_bus = match from_bus {
            Ok(r) => r,
            Err(mpsc::TryRecvError::Empty) => return None,
            Err(mpsc::TryRecvError::Disconnected) => Report::default(),
        };
        self.dbus_report = None;
        let mut report = self.report.clone();
        report.kept_by.extend(from_bus.kept_by);
        report.not.extend(from_bus.not);
        Some(report)
    }
}

impl Drop for Awake {
    fn drop(&mut self) {
        if let Some(release) = self.dbus.take() {
            let _ = release.send(());
        }
    }
}

fn keep<T>(report: &mut Report, name: &str, held: Result<T, String>) -> Option<T> {
    match held {
        Ok(h) => {
            report.add(name, Ok(()));
            Some(h)
        }
        Err(why) => {
            report.add(name, Err(why));
            None
        }
    }
}

/// What `ltdeck check` can say without a window: which mechanisms this session offers.
pub fn probe() -> Report {
    let mut report = Report::default();
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        if set("WAYLAND_DISPLAY") {
            report.add("Wayland idle-inhibit", wayland::offered());
        } else if set("DISPLAY") {
            report.add("the X11 screen saver and DPMS", x11::offered());
        } else {
            report.add("a display", Err("none in this session".into()));
        }
    }
    let bus = dbus::probe(dbus::Bus::Session);
    report.kept_by.extend(bus.kept_by);
    report.not.extend(bus.not);
    report
}

#[cfg(all(unix, not(target_os = "macos")))]
mod x11 {
    //! The X server's screen saver and DPMS, suspended for as long as the connection lives.
    use x11rb::connection::{Connection, RequestConnection};
    use x11rb::protocol::screensaver::{self, ConnectionExt as _};
    use x11rb::rust_connection::RustConnection;

    /// The suspension: the X server lifts it when this connection closes.
    pub struct Suspended(RustConnection);

    impl Drop for Suspended {
        fn drop(&mut self) {
            let _ = self.0.screensaver_suspend(0);
            let _ = self.0.flush();
        }
    }

    fn connect() -> Result<RustConnection, String> {
        let (conn, _) = x11rb::connect(None).map_err(|e| e.to_string())?;
        match conn.extension_information(screensaver::X11_EXTENSION_NAME) {
            Ok(Some(_)) => Ok(conn),
            _ => Err("the X server has no MIT-SCREEN-SAVER extension".into()),
        }
    }

    /// Whether the X server can suspend its screen saver.
    pub fn offered() -> Result<(), String> {
        connect().map(drop)
    }

    /// Suspends the screen saver and DPMS (MIT-SCREEN-SAVER 1.1's Suspend covers both).
    pub fn suspend() -> Result<Suspended, String> {
        let conn = connect()?;
        conn.screensaver_suspend(1)
            .map_err(|e| e.to_string())?
            .check()
            .map_err(|e| e.to_string())?;
        Ok(Suspended(conn))
    }
}

#[cfg(all(unix, not(target_os = "macos")))]
mod wayland {
    //! The idle-inhibit protocol on ltdeck's surface, through the window's own connection.
    use wayland_backend::client::{Backend, ObjectId};
    use wayland_client::globals::{GlobalListContents, registry_queue_init};
    use wayland_client::protocol::{wl_registry::WlRegistry, wl_surface::WlSurface};
    use wayland_client::{Connection, Dispatch, EventQueue, Proxy, QueueHandle};
    use wayland_protocols::wp::idle_inhibit::zv1::client::{
        zwp_idle_inhibit_manager_v1::ZwpIdleInhibitManagerV1,
        zwp_idle_inhibitor_v1::ZwpIdleInhibitorV1,
    };

    /// No events to handle: the protocol's objects send none.
    pub struct State;

    impl Dispatch<WlRegistry, GlobalListContents> for State {
        fn event(
            _: &mut Self,
            _: &WlRegistry,
            _: <WlRegistry as Proxy>::Event,
            _: &GlobalListContents,
            _: &Connection,
            _: &QueueHandle<Self>,
        ) {
        }
    }
    wayland_client::delegate_noop!(State: ignore ZwpIdleInhibitManagerV1);
    wayland_client::delegate_noop!(State: ignore ZwpIdleInhibitorV1);

    /// The inhibitor, destroyed on drop (the compositor drops it too when the client goes).
    pub struct Inhibited {
        inhibitor: ZwpIdleInhibitorV1,
        conn: Connection,
        _queue: EventQueue<State>,
    }

    impl Drop for Inhibited {
        fn drop(&mut self) {
            self.inhibitor.destroy();
            let _ = self.conn.flush();
        }
    }

    fn manager(conn: &Connection) -> Result<(ZwpIdleInhibitManagerV1, EventQueue<State>), String> {
        let (globals, queue) = registry_queue_init::<State>(conn).map_err(|e| e.to_string())?;
        let manager = globals
            .bind::<ZwpIdleInhibitManagerV1, _, _>(&queue.handle(), 1..=1, ())
            .map_err(|_| "the compositor has no idle-inhibit protocol".to_string())?;
        Ok((manager, queue))
    }

    /// Whether the compositor offers idle-inhibit (its own connection: `ltdeck check`).
    pub fn offered() -> Result<(), String> {
        let conn = Connection::connect_to_env().map_err(|e| e.to_string())?;
        manager(&conn).map(drop)
    }

    /// Inhibits idle while `surface` is visible.
    ///
    /// # Safety
    /// `display` and `surface` are the live `wl_display*` and `wl_surface*` of a window that
    /// outlives the result.
    // SAFETY: unsafe to call; the two uses of the pointers inside say why each is sound.
    pub unsafe fn inhibit(
        display: *mut std::ffi::c_void,
        surface: *mut std::ffi::c_void,
    ) -> Result<Inhibited, String> {
        // SAFETY: `display` is the window's live wl_display (this function's contract); the
        // backend made from it does not close it.
        let backend = unsafe { Backend::from_foreign_display(display.cast()) };
        let conn = Connection::from_backend(backend);
        let (manager, queue) = manager(&conn)?;
        // SAFETY: `surface` is a live wl_surface proxy of that display (the contract).
        let id = unsafe { ObjectId::from_ptr(WlSurface::interface(), surface.cast()) }
            .map_err(|e| format!("the window's surface: {e:?}"))?;
        let surface = WlSurface::from_id(&conn, id).map_err(|e| e.to_string())?;
        let inhibitor = manager.create_inhibitor(&surface, &queue.handle(), ());
        conn.flush().map_err(|e| e.to_string())?;
        Ok(Inhibited {
            inhibitor,
            conn,
            _queue: queue,
        })
    }
}

pub mod dbus {
    //! `org.freedesktop.ScreenSaver` and the desktop portal's `Inhibit`, over a bus.
    use std::collections::HashMap;
    use std::sync::mpsc;

    use zbus::blocking::Connection;
    use zbus::zvariant::{OwnedObjectPath, Value};

    use super::Report;

    const SCREENSAVER: &str = "org.freedesktop.ScreenSaver";
    const PORTAL: &str = "org.freedesktop.portal.Desktop";
    const PORTAL_PATH: &str = "/org/freedesktop/portal/desktop";
    /// The portal's flag for "idle" (1 logout, 2 user switch, 4 suspend, 8 idle).
    const IDLE: u32 = 8;
    const REASON: &str = "presenting slides (ltdeck)";

    /// Which bus to talk to.
    #[derive(Debug, Clone)]
    pub enum Bus {
        /// The session's bus (`DBUS_SESSION_BUS_ADDRESS`).
        Session,
        /// A bus by address (tests run a private one).
        Address(String),
    }

    fn connect(bus: &Bus) -> Result<Connection, String> {
        let conn = match bus {
            Bus::Session => Connection::session(),
            Bus::Address(a) => {
                zbus::blocking::connection::Builder::address(a.as_str()).and_then(|b| b.build())
            }
        };
        // The address and OS error say nothing a speaker can act on.
        conn.map_err(|_| "no session bus".to_string())
    }

    /// What is held on the bus; released by [`Held::release`], or by the services when the
    /// connection closes (the process ended).
    pub struct Held {
        conn: Connection,
        screensaver: Option<(&'static str, u32)>,
        portal: Option<OwnedObjectPath>,
    }

    /// Asks every service on `bus` to hold off idle.
    pub fn inhibit(bus: &Bus) -> (Option<Held>, Report) {
        let mut report = Report::default();
        let conn = match connect(bus) {
            Ok(c) => c,
            Err(why) => {
                report.add("D-Bus", Err(why));
                return (None, report);
            }
        };
        let screensaver = screensaver_inhibit(&conn);
        let portal = portal_inhibit(&conn);
        let held = Held {
            screensaver: keep(&mut report, SCREENSAVER, screensaver),
            portal: keep(&mut report, "the desktop portal", portal),
            conn,
        };
        (Some(held), report)
    }

    fn keep<T>(report: &mut Report, name: &str, r: Result<T, String>) -> Option<T> {
        super::keep(report, name, r)
    }

    /// GNOME and KDE serve the interface at either path.
    fn screensaver_inhibit(conn: &Connection) -> Result<(&'static str, u32), String> {
        let mut why = String::new();
        for path in ["/org/freedesktop/ScreenSaver", "/ScreenSaver"] {
            let reply = conn.call_method(
                Some(SCREENSAVER),
                path,
                Some(SCREENSAVER),
                "Inhibit",
                &("ltdeck", REASON),
            );
            match reply.and_then(|m| m.body().deserialize::<u32>()) {
                Ok(cookie) => return Ok((path, cookie)),
                Err(e) => why = short(&e),
            }
        }
        Err(why)
    }

    fn portal_inhibit(conn: &Connection) -> Result<OwnedObjectPath, String> {
        let options: HashMap<&str, Value<'_>> = HashMap::from([("reason", Value::from(REASON))]);
        conn.call_method(
            Some(PORTAL),
            PORTAL_PATH,
            Some("org.freedesktop.portal.Inhibit"),
            "Inhibit",
            &("", IDLE, options),
        )
        .and_then(|m| m.body().deserialize::<OwnedObjectPath>())
        .map_err(|e| short(&e))
    }

    /// A D-Bus error without its boilerplate: "not running" for a service nobody provides.
    fn short(e: &zbus::Error) -> String {
        match e {
            zbus::Error::MethodError(name, _, _)
                if name.as_str() == "org.freedesktop.DBus.Error.ServiceUnknown" =>
            {
                "not running".into()
            }
            other => other.to_string(),
        }
    }

    impl Held {
        /// Lets the screens sleep again.
        pub fn release(self) {
            if let Some((path, cookie)) = self.screensaver {
                let _ = self.conn.call_method(
                    Some(SCREENSAVER),
                    path,
                    Some(SCREENSAVER),
                    "UnInhibit",
                    &(cookie,),
                );
            }
            if let Some(handle) = self.portal {
                let _ = self.conn.call_method(
                    Some(PORTAL),
                    handle.as_str(),
                    Some("org.freedesktop.portal.Request"),
                    "Close",
                    &(),
                );
            }
        }
    }

    /// Inhibits on its own thread, reports once, and releases when told (or when the sender
    /// goes: the presenter ended).
    pub fn on_a_thread(bus: Bus) -> (mpsc::Sender<()>, mpsc::Receiver<Report>) {
        let (release, released) = mpsc::channel::<()>();
        let (report_to, report) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("ltdeck-awake".into())
            .spawn(move || {
                let (held, said) = inhibit(&bus);
                let _ = report_to.send(said);
                let _ = released.recv();
                if let Some(held) = held {
                    held.release();
                }
            });
        if let Err(e) = spawned {
            let mut said = Report::default();
            said.add("D-Bus", Err(format!("no thread for it: {e}")));
            let (to, from) = mpsc::channel();
            let _ = to.send(said);
            return (release, from);
        }
        (release, report)
    }

    /// Which services `bus` has, without inhibiting anything.
    pub fn probe(bus: Bus) -> Report {
        let mut report = Report::default();
        let conn = match connect(&bus) {
            Ok(c) => c,
            Err(why) => {
                report.add("D-Bus", Err(why));
                return report;
            }
        };
        for (name, service) in [(SCREENSAVER, SCREENSAVER), ("the desktop portal", PORTAL)] {
            report.add(name, has_owner(&conn, service));
        }
        report
    }

    /// Whether a service is running or can be started on the bus.
    fn has_owner(conn: &Connection, service: &str) -> Result<(), String> {
        let ask = |method: &str| {
            conn.call_method(
                Some("org.freedesktop.DBus"),
                "/org/freedesktop/DBus",
                Some("org.freedesktop.DBus"),
                method,
                &(),
            )
            .and_then(|m| m.body().deserialize::<Vec<String>>())
            .unwrap_or_default()
        };
        let known = ask("ListNames")
            .into_iter()
            .chain(ask("ListActivatableNames"))
            .any(|n| n == service);
        if known {
            Ok(())
        } else {
            Err("not running".into())
        }
    }
}
