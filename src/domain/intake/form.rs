//! The referral form as typed, what the checks know of the panel, and the referral
//! once checked.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::destination::Destination;
use super::fields::{fmt, FieldIssue};
use crate::domain::age::StatedAge;
use crate::domain::agenda::{AgendaItemDef, AgendaKind};
use crate::domain::calendar::WorkingCalendar;
use crate::domain::paperwork::Paperwork;
use crate::domain::subject_kind::SubjectKind;
use crate::domain::types::*;

/// One row of Appendix A's household table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdForm {
    pub name: String,
    pub dob_or_age: String,
    pub relationship: String,
}

impl HouseholdForm {
    pub(super) fn is_blank(&self) -> bool {
        self.name.trim().is_empty()
            && self.dob_or_age.trim().is_empty()
            && self.relationship.trim().is_empty()
    }
}

/// The referral form as typed: every field text (or a flag), so nothing typed is
/// lost when a field is wrong. Field names are the keys of a referral file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReferralForm {
    // Appendix A.
    pub referring_agency: String,
    pub referrer_contact: String,
    pub name: String,
    pub date_of_birth: String,
    /// Age in years as the form states it, used only when no date of birth is given.
    pub age: String,
    pub address: String,
    pub ethnicity: String,
    pub education_employment: String,
    /// yes | parents_only | no | not_known (blank: not known).
    pub awareness: String,
    pub household: Vec<HouseholdForm>,
    pub concerns: String,
    pub other_referrals: String,
    /// Prefilled with today by [`ReferralForm::new`].
    pub date_received: String,
    pub urgent: bool,
    // Section 12 fields known at referral.
    pub gender: String,
    pub postcode: String,
    pub ward: String,
    pub welfare_legal_status: String,
    pub criminal_legal_status: String,
    pub core_reason: String,
    pub cse_issue: String,
    pub radicalisation_issue: String,
    pub named_gang: String,
    pub mappa_category: String,
    pub mappa_level: String,
    // A panel's own form (`[[form]]`, issue 20): its code, and the answers to its
    // fields other than the core ones above, stored per field. Empty for MAGPan's
    // Appendix A form.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub form: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<crate::domain::paperwork::FormAnswer>,
    // The kind of subject (issue 22, D1), set from a panel's own form: its code
    // (empty: a person), a group's or location's area, what happens at a location or
    // what a group is, and a group's size.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub subject: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub area: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub group_size: String,
    /// The case has a person of role child (`[people_per_case]`: MARAC's children's
    /// table), set by the store from the case's people before the checks; never read
    /// from a referral file. Routes the referral (see
    /// [`crate::domain::case_items::CaseFacts::children`]).
    #[serde(skip)]
    pub case_children: bool,
    /// The coordinator's reason for taking the referral in although its form's
    /// checklist fails (issue 22, MAVE MV1); empty: no override. Set by
    /// [`crate::domain::paperwork::check_form_with`], never read from a referral file.
    #[serde(skip)]
    pub checklist_override: String,
}

impl ReferralForm {
    /// A blank form with the date received set to today.
    pub fn new(today: NaiveDate) -> Self {
        ReferralForm {
            date_received: fmt(today),
            ..Default::default()
        }
    }
}

/// What the checks need to know about the panel.
#[derive(Debug, Clone)]
pub struct IntakeContext {
    pub today: NaiveDate,
    /// `(code, name)` of each agency.
    pub agencies: Vec<(String, String)>,
    /// Planned meetings a new referral may go to.
    pub meetings: Vec<NaiveDate>,
    pub cutoff_days: u32,
    pub calendar: WorkingCalendar,
    /// The panel's agenda: which new-referrals item hears which ages.
    pub agenda: Vec<AgendaItemDef>,
    /// The panel's rules: ages heard, exclusions, citations.
    pub rules: Paperwork,
}

/// A referral that passed every check, with its values parsed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckedReferral {
    pub referring_agency: String,
    pub referrer_contact: String,
    pub name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub address: String,
    pub ethnicity: String,
    pub education_employment: String,
    pub awareness: Awareness,
    pub household: Vec<HouseholdForm>,
    pub concerns: String,
    pub other_referrals: String,
    pub date_received: NaiveDate,
    pub urgent: bool,
    pub gender: String,
    pub postcode: String,
    pub ward: String,
    pub welfare_legal_status: String,
    pub criminal_legal_status: String,
    pub core_reason: Option<CoreReason>,
    pub cse_issue: IssueRole,
    pub radicalisation_issue: IssueRole,
    pub named_gang: String,
    pub mappa_category: Option<u8>,
    pub mappa_level: Option<u8>,
    pub destination: Destination,
    /// Age on the meeting date (or on the date received when there is no meeting yet);
    /// approximate when `stated_age` is set.
    pub age: Option<u32>,
    /// The age the form stated when it gave no date of birth; `date_of_birth` is then
    /// the estimate [`StatedAge::estimated_birth`].
    pub stated_age: Option<StatedAge>,
    /// The kind it is heard under: the item's (MAGPan: item 6 or 7 by age on the
    /// meeting date), or at a `cases` item `new_referrals`.
    pub item: AgendaKind,
    /// The number of the agenda item that hears it (issue 21, E2).
    pub item_number: u32,
    /// Section 10.1 reason when managed at MAPPA level 2 or 3.
    pub excluded: Option<String>,
    /// Allowed, but worth saying (e.g. aged 25 or over, section 9).
    pub warnings: Vec<FieldIssue>,
    /// The kind of subject (issue 22): a person unless the form says otherwise.
    #[serde(skip_serializing_if = "crate::domain::subject_kind::is_person")]
    pub kind: SubjectKind,
    /// A group's or location's area (a location's postcode district when none given).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub area: String,
    /// What happens at a location, or what a group is.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_size: Option<u32>,
}
