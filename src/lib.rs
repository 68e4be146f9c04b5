//! Roundtable: run multi-agency safeguarding panel meetings from the terminal.

pub mod domain;
pub mod store;
pub mod demo;
pub mod paths;
pub mod cli;
pub mod summary;
