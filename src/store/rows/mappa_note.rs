//! `mappa_note`: MAPPA level 2 and 3 cases noted after the formal close (section 10).

use rusqlite::Row;

use super::ByName;

use crate::store::ids::MappaNoteId;

/// One MAPPA case noted at a meeting, for data purposes only.
#[derive(Debug, Clone, PartialEq)]
pub struct MappaNote {
    pub id: MappaNoteId,
    pub name: String,
    /// MAPPA category, 1 to 3.
    pub category: u8,
    /// MAPPA level, 2 or 3.
    pub level: u8,
    pub note: String,
}

/// The columns [`from_row`] reads, from [`FROM`].
pub const COLUMNS: &str = "mn.id AS id, mn.name AS name, mn.category AS category, \
     mn.level AS level, mn.note AS note";

/// The table [`COLUMNS`] come from, as `mn`.
pub const FROM: &str = "mappa_note mn";

/// One MAPPA note, by column name. Errors: a column missing or of the wrong type.
pub fn from_row(r: &Row<'_>) -> rusqlite::Result<MappaNote> {
    let c = ByName::new(r);
    Ok(MappaNote {
        id: c.get("id")?,
        name: c.get("name")?,
        category: c.get("category")?,
        level: c.get("level")?,
        note: c.get("note")?,
    })
}
