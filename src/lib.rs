//! Roundtable: run multi-agency safeguarding panel meetings from the terminal.

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
