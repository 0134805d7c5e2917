//! The monitor list read fresh from the X server (RandR), each time it is asked.
//!
//! winit caches its monitor list and, on some X servers, never refreshes it when a projector is
//! unplugged or plugged in; the presenter must know at once. Owns one X connection for the
//! query (pure Rust, no libxcb); on Wayland or without X it is simply absent and winit's list
//! is used.

use x11rb::connection::Connection;
use x11rb::protocol::randr::ConnectionExt as _;
use x11rb::rust_connection::RustConnection;

use super::Monitor;

/// A connection to the X server for monitor queries.
pub struct Randr {
    conn: RustConnection,
    root: u32,
}

impl Randr {
    /// Connects to `$DISPLAY`; `None` where there is no X server (Wayland, tests).
    pub fn connect() -> Option<Self> {
        std::env::var_os("DISPLAY")?;
        let (conn, screen) = x11rb::connect(None).ok()?;
        let root = conn.setup().roots.get(screen)?.root;
        Some(Self { conn, root })
    }

    /// The monitors now, in winit's order (the screen resources' CRTCs that show something).
    pub fn monitors(&self) -> Option<Vec<Monitor>> {
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
