//! `member`: the people of a panel, current and retired (section 5.4).

use chrono::NaiveDate;
use rusqlite::Row;

use super::ByName;
use crate::domain::types::Role;
use crate::store::ids::{AgencyId, MemberId};

/// A member of the panel.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub id: MemberId,
    pub name: String,
    /// Their post title ("Detective Inspector").
    pub post: String,
    pub agency: AgencyId,
    /// Their panel role; a code this build does not know reads as `Member`.
    pub role: Role,
    /// The member this person is the named deputy for (section 5.5).
    pub deputy_for: Option<MemberId>,
    /// From this date they are no longer offered for meetings.
    pub retired_on: Option<NaiveDate>,
}

/// The columns [`from_row`] reads, from [`FROM`].
pub const COLUMNS: &str = "mb.id AS id, mb.name AS name, mb.post_title AS post_title, \
     mb.agency_id AS agency_id, mb.role AS role, \
     mb.deputy_for_member_id AS deputy_for_member_id, mb.retired_on AS retired_on";

/// The table [`COLUMNS`] come from, as `mb`.
pub const FROM: &str = "member mb";

/// One member, by column name. Errors: a column missing or of the wrong type.
pub fn from_row(r: &Row<'_>) -> rusqlite::Result<Member> {
    let c = ByName::new(r);
    Ok(Member {
        id: c.get("id")?,
        name: c.get("name")?,
        post: c.get("post_title")?,
        agency: c.get("agency_id")?,
        role: c.code("role", Role::from_code)?.unwrap_or(Role::Member),
        deputy_for: c.get("deputy_for_member_id")?,
        retired_on: c.opt_date("retired_on")?,
    })
}
