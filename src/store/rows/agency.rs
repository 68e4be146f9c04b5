//! `agency`: the agencies of a panel.

use rusqlite::Row;

use super::ByName;

use crate::store::ids::AgencyId;

/// An agency of the panel: its short code (`YOS`), its full name, and whether it is
/// the police (whose intelligence is heard first).
#[derive(Debug, Clone, PartialEq)]
pub struct Agency {
    pub id: AgencyId,
    pub code: String,
    pub name: String,
    pub police: bool,
}

/// The columns [`from_row`] reads, from [`FROM`].
pub const COLUMNS: &str =
    "ag.id AS id, ag.code AS code, ag.name AS name, ag.is_police AS is_police";

/// The table [`COLUMNS`] come from, as `ag`.
pub const FROM: &str = "agency ag";

/// One agency, by column name. Errors: a column missing or of the wrong type.
pub fn from_row(r: &Row<'_>) -> rusqlite::Result<Agency> {
    let c = ByName::new(r);
    Ok(Agency {
        id: c.get("id")?,
        code: c.get("code")?,
        name: c.get("name")?,
        police: c.get("is_police")?,
    })
}
