//! The columns a new row's form fills, named once for both writers: one row at a
//! time ([`Store::add_referral`](crate::store::Store::add_referral) and the like,
//! each in the change log) and the demo's bulk load (`store::bulk`). Each list is in
//! the order of its `values`, and every name is one [`Table`](super::Table) knows.

use rusqlite::types::Value;

use super::{date, text, HouseholdRow, NewIntervention, NewReferral};

/// An id (or a link) to write.
fn id(i: i64) -> Value {
    Value::Integer(i)
}

/// An optional link or small number to write, or NULL.
fn opt(i: Option<i64>) -> Value {
    i.map_or(Value::Null, Value::Integer)
}

impl NewReferral {
    /// The `referral` columns the form fills (Appendix A and section 12's fields
    /// known on receipt), in [`NewReferral::values`] order.
    pub const COLUMNS: [&'static str; 21] = [
        "subject_id",
        "referring_agency_id",
        "referrer_contact",
        "address",
        "postcode",
        "ward",
        "education_employment",
        "awareness",
        "concerns",
        "other_referrals",
        "date_received",
        "urgent",
        "welfare_legal_status",
        "criminal_legal_status",
        "previously_known",
        "core_reason",
        "cse_issue",
        "radicalisation_issue",
        "named_gang",
        "mappa_category",
        "mappa_level",
    ];

    /// The form's values for [`NewReferral::COLUMNS`], as stored (codes as text,
    /// dates `YYYY-MM-DD`, flags 0 or 1). The household goes in its own rows.
    pub fn values(&self) -> [Value; 21] {
        [
            id(self.subject.0),
            id(self.referring_agency.0),
            text(self.referrer_contact.as_str()),
            text(self.address.as_str()),
            text(self.postcode.as_str()),
            text(self.ward.as_str()),
            text(self.education_employment.as_str()),
            text(self.awareness.code()),
            text(self.concerns.as_str()),
            text(self.other_referrals.as_str()),
            date(self.date_received),
            id(i64::from(self.urgent)),
            text(self.welfare_legal_status.as_str()),
            text(self.criminal_legal_status.as_str()),
            id(i64::from(self.previously_known)),
            self.core_reason.map_or(Value::Null, |c| text(c.code())),
            text(self.cse_issue.code()),
            text(self.radicalisation_issue.code()),
            text(self.named_gang.as_str()),
            opt(self.mappa_category.map(i64::from)),
            opt(self.mappa_level.map(i64::from)),
        ]
    }
}

impl HouseholdRow {
    /// The `household_member` columns a referral's household row fills, after its
    /// `referral_id` and `position`, in [`HouseholdRow::values`] order.
    pub const COLUMNS: [&'static str; 3] = ["name", "dob_or_age", "relationship"];

    /// The values for [`HouseholdRow::COLUMNS`].
    pub fn values(&self) -> [Value; 3] {
        [
            text(self.name.as_str()),
            text(self.dob_or_age.as_str()),
            text(self.relationship.as_str()),
        ]
    }
}

impl NewIntervention {
    /// The `intervention` columns a plan row (Appendix B) fills, in
    /// [`NewIntervention::values`] order.
    pub const COLUMNS: [&'static str; 5] = [
        "core_issue",
        "intervention",
        "level_of_contact",
        "agency_id",
        "progress",
    ];

    /// The values for [`NewIntervention::COLUMNS`].
    pub fn values(&self) -> [Value; 5] {
        [
            text(self.core_issue.as_str()),
            text(self.intervention.as_str()),
            text(self.level_of_contact.as_str()),
            opt(self.agency.map(|a| a.0)),
            text(self.progress.as_str()),
        ]
    }
}
