//! The monitor list read fresh from the X server (RandR) whenever it may have changed.
//!
//! winit caches its monitor list and, on some X servers, never refreshes it when a projector is
//! unplugged or plugged in; the presenter must know at once. Owns one X connection for the
//! query (pure Rust, no libxcb); on Wayland or without X it is simply absent and winit's list
//! is used. The server tells this connection when screens, CRTCs or outputs change, so the list
//! is read again only then (asking costs a round trip per CRTC), and at least every
//! [`REREAD`] in case a server sends no such event.

use std::time::{Duration, Instant};

use x11rb::connection::Connection;
use x11rb::protocol::randr::{ConnectionExt as _, NotifyMask};
use x11rb::rust_connection::RustConnection;

use super::Monitor;

/// The list is read again at least this often, even when the server said nothing changed.
const REREAD: Duration = Duration::from_secs(10);

/// A connection to the X server for monitor queries.
pub struct Randr {
    conn: RustConnection,
    root: u32,
    /// The server sends this connection RandR's change events.
    told: bool,
    /// The last list read and when, while the server has reported no change since.
    last: Option<(Vec<Monitor>, Instant)>,
}

impl Randr {
    /// Connects to `$DISPLAY`; `None` where there is no X server (Wayland, tests).
    pub fn connect() -> Option<Self> {
        std::env::var_os("DISPLAY")?;
        let (conn, screen) = x11rb::connect(None).ok()?;
        let root = conn.setup().roots.get(screen)?.root;
        let changes =
            NotifyMask::SCREEN_CHANGE | NotifyMask::CRTC_CHANGE | NotifyMask::OUTPUT_CHANGE;
        // Without the events every look reads the list (as before they were used).
        let told = conn
            .randr_select_input(root, changes)
            .is_ok_and(|c| c.check().is_ok());
        Some(Self {
            conn,
            root,
            told,
            last: None,
        })
    }

    /// The monitors now: read again when the server reported a change (or [`REREAD`] passed),
    /// else the list read last.
    pub fn monitors(&mut self, now: Instant) -> Option<Vec<Monitor>> {
        let mut changed = false;
        while let Ok(Some(_)) = self.conn.poll_for_event() {
            changed = true;
        }
        if let Some((list, at)) = &self.last
            && self.told
            && !changed
            && now.duration_since(*at) < REREAD
        {
            return Some(list.clone());
        }
        let list = self.read()?;
        self.last = Some((list.clone(), now));
        Some(list)
    }

    /// The monitors as the server has them, in winit's order (the screen resources' CRTCs that
    /// show something).
    fn read(&self) -> Option<Vec<Monitor>> {
        let resources = self
            .conn
            .randr_get_screen_resources_current(self.root)
            .ok()?
            .reply()
            .ok()?;
        let mut out = Vec::new();
        for &crtc in &resources.crtcs {
            let Ok(info) = self
                .conn
                .randr_get_crtc_info(crtc, resources.config_timestamp)
                .map_err(|_| ())
                .and_then(|c| c.reply().map_err(|_| ()))
            else {
                continue;
            };
            if info.width == 0 || info.height == 0 || info.outputs.is_empty() {
                continue;
            }
            out.push(Monitor {
                name: format!("crtc {crtc}"),
                size: [u32::from(info.width), u32::from(info.height)],
                position: [i32::from(info.x), i32::from(info.y)],
            });
        }
        Some(out)
    }
}
