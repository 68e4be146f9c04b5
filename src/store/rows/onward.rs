//! `onward_referral`: urgent referrals considered at a case discussion (child
//! protection, adult safeguarding, MARAC, Prevent/Channel, CSEP).

use rusqlite::Row;

use super::ByName;
use crate::domain::types::{CpFor, OnwardKind, OnwardState};

/// One onward referral recorded at a discussion.
#[derive(Debug, Clone, PartialEq)]
pub struct Onward {
    pub id: i64,
    pub kind: OnwardKind,
    /// `None` for a code this build does not know.
    pub state: Option<OnwardState>,
    /// For a child protection referral: for whom.
    pub cp_for: Option<CpFor>,
    pub note: String,
}

/// The columns [`from_row`] reads, from [`FROM`].
pub const COLUMNS: &str =
    "o.id AS id, o.kind AS kind, o.state AS state, o.cp_for AS cp_for, o.note AS note";

/// The table [`COLUMNS`] come from, as `o`.
pub const FROM: &str = "onward_referral o";

/// One onward referral, by column name. Errors: a column missing or of the wrong
/// type, or a kind this build does not know.
pub fn from_row(r: &Row<'_>) -> rusqlite::Result<Onward> {
    let c = ByName::new(r);
    let kind: String = c.get("kind")?;
    let Some(kind_code) = OnwardKind::from_code(&kind) else {
        let i = r.as_ref().column_index("kind")?;
        return Err(rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            format!("kind: unknown onward referral '{kind}'").into(),
        ));
    };
    Ok(Onward {
        id: c.get("id")?,
        kind: kind_code,
        state: c.code("state", OnwardState::from_code)?,
        cp_for: c.code("cp_for", CpFor::from_code)?,
        note: c.get("note")?,
    })
}
