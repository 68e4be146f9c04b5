//! `intelligence`: what each agency shared at a meeting (items 4 and 5).

use rusqlite::Row;

use super::ByName;

use crate::store::ids::{AgencyId, IntelligenceId};

/// One agency's intelligence at one meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct Intel {
    pub id: IntelligenceId,
    pub agency: AgencyId,
    /// Police intelligence (item 4) rather than another agency's (item 5).
    pub police: bool,
    pub body: String,
}

/// The columns [`from_row`] reads, from [`FROM`].
pub const COLUMNS: &str =
    "il.id AS id, il.agency_id AS agency_id, il.is_police AS is_police, il.body AS body";

/// The table [`COLUMNS`] come from, as `il`.
pub const FROM: &str = "intelligence il";

/// One intelligence note, by column name. Errors: a column missing or of the wrong type.
pub fn from_row(r: &Row<'_>) -> rusqlite::Result<Intel> {
    let c = ByName::new(r);
    Ok(Intel {
        id: c.get("id")?,
        agency: c.get("agency_id")?,
        police: c.get("is_police")?,
        body: c.get("body")?,
    })
}
