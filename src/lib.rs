//! ltdeck: a presenter for lightning talks written in Markdown.
//!
//! The library holds everything that can be tested without a window: the deck model and parser
//! ([`deck`]) and deck checks and speaking-time estimates ([`check`]).

pub mod check;
pub mod deck;
