//! The panel's rules as plain types and functions: no terminal, no database.
//!
//! Section numbers refer to the MAGPan operating protocol
//! (`shared/seeds/000_caf5b29099a46c2c.txt`).

pub mod age;
pub mod agenda;
pub mod cadence;
pub mod calendar;
pub mod case_items;
pub mod clean;
pub mod clock;
pub mod dates;
pub mod disclosure;
pub mod guest;
pub mod intake;
pub mod iso;
pub mod marking;
pub mod meeting_ref;
pub mod members;
pub mod merge;
pub mod names;
pub mod offending;
pub mod panel_def;
pub mod paperwork;
pub mod postcode;
pub mod restricted;
pub mod risk;
pub mod rules;
pub mod screening;
pub mod subject_kind;
pub mod time_box;
pub mod toml_errors;
pub mod trend;
pub mod types;

pub use age::{age_on, new_referral_item};
pub use agenda::{AgendaItemDef, AgendaKind};
pub use calendar::WorkingCalendar;
pub use risk::{RiskLevel, RiskScale};
pub use types::*;
pub mod due;
