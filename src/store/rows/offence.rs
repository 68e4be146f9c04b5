//! `offence`: a case subject's proven offences (section 12).

use chrono::NaiveDate;
use rusqlite::Row;

use super::ByName;
use crate::store::ids::ReferralId;

/// One proven offence. Text fields are empty when not given.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Offence {
    pub id: i64,
    pub referral: Option<ReferralId>,
    pub on: Option<NaiveDate>,
    pub offence_type: String,
    /// Gravity score 1-8 (`domain::offending::SERIOUSNESS`).
    pub seriousness: Option<u8>,
    pub location: String,
    pub outcome: String,
    pub knife: bool,
    pub gun: bool,
    pub other_weapon: bool,
    /// The drug linked to the offence, if any.
    pub drug_type: String,
    pub drug_use: bool,
    pub drug_supply: bool,
}

/// The columns [`from_row`] reads, from [`FROM`].
pub const COLUMNS: &str = "o.id AS id, o.referral_id AS referral_id, o.offence_on AS offence_on, \
     o.offence_type AS offence_type, o.seriousness AS seriousness, o.location AS location, \
     o.outcome AS outcome, o.knife AS knife, o.gun AS gun, o.other_weapon AS other_weapon, \
     o.drug_type AS drug_type, o.drug_use AS drug_use, o.drug_supply AS drug_supply";

/// The table [`COLUMNS`] come from, as `o`.
pub const FROM: &str = "offence o";

/// One offence, by column name. Errors: a column missing or of the wrong type.
pub fn from_row(r: &Row<'_>) -> rusqlite::Result<Offence> {
    let c = ByName::new(r);
    Ok(Offence {
        id: c.get("id")?,
        referral: c.get("referral_id")?,
        on: c.opt_date("offence_on")?,
        offence_type: c.get("offence_type")?,
        seriousness: c.get("seriousness")?,
        location: c.get("location")?,
        outcome: c.get("outcome")?,
        knife: c.get("knife")?,
        gun: c.get("gun")?,
        other_weapon: c.get("other_weapon")?,
        drug_type: c.get("drug_type")?,
        drug_use: c.get("drug_use")?,
        drug_supply: c.get("drug_supply")?,
    })
}
