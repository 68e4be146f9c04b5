//! `onward_referral`: referrals to other services considered at a case discussion,
//! of the panel's own kinds (`[[onward_kind]]`; MAGPan: child protection, adult
//! safeguarding, MARAC, Prevent/Channel, CSEP).

use rusqlite::Row;

use super::ByName;
use crate::domain::types::{CpFor, OnwardState};

/// One onward referral recorded at a discussion.
#[derive(Debug, Clone, PartialEq)]
pub struct Onward {
    pub id: i64,
    /// The kind's code: one of the panel's `[[onward_kind]]` codes, or a code an
    /// earlier panel file listed (shown by its code).
    pub kind: String,
    /// `None` for a code this build does not know.
    pub state: Option<OnwardState>,
    /// For a kind that asks whom it is for (MAGPan's child protection).
    pub cp_for: Option<CpFor>,
    pub note: String,
}

/// The columns [`from_row`] reads, from [`FROM`].
pub const COLUMNS: &str =
    "o.id AS id, o.kind AS kind, o.state AS state, o.cp_for AS cp_for, o.note AS note";

/// The table [`COLUMNS`] come from, as `o`.
pub const FROM: &str = "onward_referral o";

/// One onward referral, by column name. Errors: a column missing or of the wrong
/// type.
pub fn from_row(r: &Row<'_>) -> rusqlite::Result<Onward> {
    let c = ByName::new(r);
    Ok(Onward {
        id: c.get("id")?,
        kind: c.get("kind")?,
        state: c.code("state", OnwardState::from_code)?,
        cp_for: c.code("cp_for", CpFor::from_code)?,
        note: c.get("note")?,
    })
}
