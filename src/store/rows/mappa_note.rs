//! `mappa_note`: MAPPA level 2 and 3 cases noted after the formal close (section 10),
//! with section 12's MAPPA data set.

use chrono::NaiveDate;
use rusqlite::Row;

use super::ByName;

use crate::store::ids::{MappaNoteId, ReferralId};

/// One MAPPA case noted at a meeting, for data purposes only. Text fields are empty
/// when not given.
#[derive(Debug, Clone, PartialEq)]
pub struct MappaNote {
    pub id: MappaNoteId,
    /// The referral it came from (excluded at intake, or discharged to MAPPA).
    pub referral: Option<ReferralId>,
    pub name: String,
    /// MAPPA category, 1 to 3.
    pub category: u8,
    /// MAPPA level, 2 or 3.
    pub level: u8,
    pub note: String,
    /// Section 12's MAPPA level 2/3 data set.
    pub data: MappaData,
}

/// Section 12's MAPPA level 2/3 data set, beside name, category and level.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MappaData {
    pub date_of_birth: Option<NaiveDate>,
    pub gender: String,
    pub ethnicity: String,
    pub postcode: String,
    pub ward: String,
    pub welfare_legal_status: String,
    pub criminal_legal_status: String,
    /// The date of the referral to MAPPA (or to the panel, when it came through it).
    pub referral_date: Option<NaiveDate>,
    /// When MAPPA management ended.
    pub end_date: Option<NaiveDate>,
    /// The core reason's code (see `CoreReason`), or empty.
    pub core_reason: String,
    pub onward_referrals: String,
}

/// The columns [`from_row`] reads, from [`FROM`].
pub const COLUMNS: &str = "mn.id AS id, mn.referral_id AS referral_id, mn.name AS name, \
     mn.category AS category, mn.level AS level, mn.note AS note, \
     mn.date_of_birth AS date_of_birth, mn.gender AS gender, mn.ethnicity AS ethnicity, \
     mn.postcode AS postcode, mn.ward AS ward, mn.welfare_legal_status AS welfare_legal_status, \
     mn.criminal_legal_status AS criminal_legal_status, mn.referral_date AS referral_date, \
     mn.end_date AS end_date, mn.core_reason AS core_reason, \
     mn.onward_referrals AS onward_referrals";

/// The table [`COLUMNS`] come from, as `mn`.
pub const FROM: &str = "mappa_note mn";

/// One MAPPA note, by column name. Errors: a column missing or of the wrong type.
pub fn from_row(r: &Row<'_>) -> rusqlite::Result<MappaNote> {
    let c = ByName::new(r);
    Ok(MappaNote {
        id: c.get("id")?,
        referral: c.get("referral_id")?,
        name: c.get("name")?,
        category: c.get("category")?,
        level: c.get("level")?,
        note: c.get("note")?,
        data: MappaData {
            date_of_birth: c.opt_date("date_of_birth")?,
            gender: c.get("gender")?,
            ethnicity: c.get("ethnicity")?,
            postcode: c.get("postcode")?,
            ward: c.get("ward")?,
            welfare_legal_status: c.get("welfare_legal_status")?,
            criminal_legal_status: c.get("criminal_legal_status")?,
            referral_date: c.opt_date("referral_date")?,
            end_date: c.opt_date("end_date")?,
            core_reason: c.get("core_reason")?,
            onward_referrals: c.get("onward_referrals")?,
        },
    })
}
