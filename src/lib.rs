//! Roundtable: run multi-agency safeguarding panel meetings from the terminal.

// An item marked `pub` is reachable from outside the crate (tests, benches, the
// binary) or it says `pub(crate)`: so a public function nobody can use shows.
#![warn(unreachable_pub)]

pub mod app;
pub mod cli;
pub mod demo;
pub mod domain;
pub mod kit;
pub mod lookup;
pub mod paths;
pub mod store;
pub mod summary;
pub mod tui;
pub mod ui;
