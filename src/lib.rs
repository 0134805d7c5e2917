//! ltdeck: a presenter for lightning talks written in Markdown.
//!
//! The library holds everything that can be tested without a window: the deck model and parser
//! ([`deck`]), deck checks and speaking-time estimates ([`check`]), and draft-to-deck conversion
//! ([`convert`]).

pub mod action;
pub mod anim;
pub mod check;
pub mod color;
pub mod convert;
pub mod deck;
pub mod event;
pub mod export;
pub mod files;
pub mod fonts;
pub mod idle;
pub mod images;
pub mod pages;
pub mod rehearsal;
pub mod render;
pub mod show;
pub mod svg;
pub mod timer;
pub mod ui;
pub mod watch;
