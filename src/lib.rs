//! Roundtable: run multi-agency safeguarding panel meetings from the terminal.

pub mod domain;
