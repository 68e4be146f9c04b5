//! `household_member`: the people a referral lists in the subject's household
//! (Appendix A).

use rusqlite::Row;

use super::ByName;

/// One member of the subject's household, as the referral gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdMember {
    pub name: String,
    /// Free text: a date of birth or an age, as the referrer wrote it.
    pub dob_or_age: String,
    pub relationship: String,
}

/// The columns [`from_row`] reads, from [`FROM`].
pub const COLUMNS: &str =
    "h.name AS name, h.dob_or_age AS dob_or_age, h.relationship AS relationship";

/// The table [`COLUMNS`] come from, as `h`.
pub const FROM: &str = "household_member h";

/// One household member, by column name. Errors: a column missing or of the wrong type.
pub fn from_row(r: &Row<'_>) -> rusqlite::Result<HouseholdMember> {
    let c = ByName::new(r);
    Ok(HouseholdMember {
        name: c.get("name")?,
        dob_or_age: c.get("dob_or_age")?,
        relationship: c.get("relationship")?,
    })
}
