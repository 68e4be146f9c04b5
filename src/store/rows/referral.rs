//! `referral` with its `subject`: a referral (Appendix A and the section 12 fields)
//! and the person it is about. A case is a referral: its id is the case number.

use chrono::NaiveDate;
use rusqlite::Row;

use super::{ByName, Memo};
use crate::domain::age::{age_on, StatedAge};
use crate::domain::subject_kind::SubjectKind;
use crate::domain::types::{Awareness, CaseStatus, CoreReason, IssueRole, Screening};
use crate::store::ids::{AgencyId, MeetingId, PanelId, ReferralId, SubjectId};

/// A person the panel has had a referral about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub id: SubjectId,
    pub panel: PanelId,
    pub name: String,
    /// Known, or estimated from `stated_age`.
    pub date_of_birth: Option<NaiveDate>,
    pub gender: String,
    pub ethnicity: String,
    /// The age a form stated when no date of birth was known: the date of birth is
    /// then approximate.
    pub stated_age: Option<StatedAge>,
    /// What it is (issue 22): a person, a group, a person of concern or a location,
    /// with a group's or location's area, what a location is or a group does, and a
    /// group's size.
    pub kind: SubjectKind,
    pub area: String,
    pub description: String,
    pub group_size: Option<u32>,
}

/// A referral and its subject, as stored. Text fields are empty when not given.
#[derive(Debug, Clone, PartialEq)]
pub struct Referral {
    pub id: ReferralId,
    pub subject: SubjectId,
    /// The subject's panel.
    pub panel: PanelId,
    pub name: String,
    /// Known, or estimated from `stated_age`.
    pub date_of_birth: Option<NaiveDate>,
    /// Whole years on the date given to [`Referral::aged_on`]; `None` from the mapper.
    pub age: Option<u32>,
    /// The age a form stated when no date of birth was known (`age` is approximate).
    pub stated_age: Option<StatedAge>,
    pub gender: String,
    pub ethnicity: String,
    /// The subject's kind and its details (see [`Subject`]).
    pub kind: SubjectKind,
    pub area: String,
    pub description: String,
    pub group_size: Option<u32>,
    pub referring_agency: AgencyId,
    pub referrer_contact: String,
    pub address: String,
    pub postcode: String,
    pub ward: String,
    /// School, college or work.
    pub education: String,
    /// Whether the subject knows of the referral; unknown codes read as not known.
    pub awareness: Awareness,
    pub concerns: String,
    pub other_referrals: String,
    pub date_received: NaiveDate,
    pub urgent: bool,
    pub welfare_legal_status: String,
    pub criminal_legal_status: String,
    pub previously_known: bool,
    pub core_reason: Option<CoreReason>,
    /// Sexual exploitation issue; unknown codes read as none.
    pub cse_issue: IssueRole,
    /// Radicalisation issue; unknown codes read as none.
    pub radicalisation_issue: IssueRole,
    pub named_gang: String,
    /// MAPPA category 1-3 and level 1-3, when managed under MAPPA (section 10.1).
    pub mappa_category: Option<u8>,
    pub mappa_level: Option<u8>,
    /// Unknown codes read as pending.
    pub screening: Screening,
    pub screening_by: String,
    pub screening_on: Option<NaiveDate>,
    pub screening_note: String,
    pub referrer_informed_on: Option<NaiveDate>,
    /// Unknown codes read as received.
    pub status: CaseStatus,
    /// The meeting it is listed for (a new referral) or was last listed for.
    pub meeting: Option<MeetingId>,
    pub lead_agency: Option<AgencyId>,
    /// Risk levels on the panel's scale, at opening and now.
    pub risk_start: Option<String>,
    pub risk_current: Option<String>,
    pub opened_on: Option<NaiveDate>,
    pub plan_due_on: Option<NaiveDate>,
    pub next_review_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub closure_reason: String,
    pub discharged_to_mappa: bool,
    /// When a lead agency asked for the review to be brought forward, and why (7.9).
    pub early_review_requested_on: Option<NaiveDate>,
    pub early_review_reason: String,
}

impl Referral {
    /// The date of birth when it is known, not estimated from a stated age: what a
    /// page prints as "born" (an estimate is never printed as fact).
    pub fn known_date_of_birth(&self) -> Option<NaiveDate> {
        self.date_of_birth.filter(|_| self.stated_age.is_none())
    }

    /// The same referral with the subject's age on `day` (the meeting date).
    pub fn aged_on(mut self, day: NaiveDate) -> Referral {
        self.age = self.date_of_birth.and_then(|d| age_on(d, day));
        self
    }
}

macro_rules! subject_columns {
    () => {
        "s.id AS subject_id, s.panel_id AS panel_id, s.name AS name, \
         s.date_of_birth AS date_of_birth, s.gender AS gender, s.ethnicity AS ethnicity, \
         s.stated_age AS stated_age, s.stated_age_on AS stated_age_on, \
         s.kind AS subject_kind, s.area AS subject_area, s.description AS subject_description, \
         s.group_size AS group_size"
    };
}

/// The columns [`subject_from_row`] reads, from [`SUBJECT_FROM`].
pub const SUBJECT_COLUMNS: &str = subject_columns!();

/// The table [`SUBJECT_COLUMNS`] come from, as `s`.
pub const SUBJECT_FROM: &str = "subject s";

/// The columns [`from_row`] reads (the subject's among them), from [`FROM`].
pub const COLUMNS: &str = concat!(
    subject_columns!(),
    ", r.id AS id, r.referring_agency_id AS referring_agency_id, \
     r.referrer_contact AS referrer_contact, r.address AS address, r.postcode AS postcode, \
     r.ward AS ward, r.education_employment AS education_employment, \
     r.awareness AS awareness, r.concerns AS concerns, r.other_referrals AS other_referrals, \
     r.date_received AS date_received, r.urgent AS urgent, \
     r.welfare_legal_status AS welfare_legal_status, \
     r.criminal_legal_status AS criminal_legal_status, \
     r.previously_known AS previously_known, r.core_reason AS core_reason, \
     r.cse_issue AS cse_issue, r.radicalisation_issue AS radicalisation_issue, \
     r.named_gang AS named_gang, r.mappa_category AS mappa_category, \
     r.mappa_level AS mappa_level, r.screening AS screening, r.screening_by AS screening_by, \
     r.screening_on AS screening_on, r.screening_note AS screening_note, \
     r.referrer_informed_on AS referrer_informed_on, r.status AS status, \
     r.meeting_id AS meeting_id, r.lead_agency_id AS lead_agency_id, \
     r.risk_start AS risk_start, r.risk_current AS risk_current, r.opened_on AS opened_on, \
     r.plan_due_on AS plan_due_on, r.next_review_on AS next_review_on, \
     r.closed_on AS closed_on, r.closure_reason AS closure_reason, \
     r.discharged_to_mappa AS discharged_to_mappa, \
     r.early_review_requested_on AS early_review_requested_on, \
     r.early_review_reason AS early_review_reason"
);

/// The tables [`COLUMNS`] come from, as `r` and `s`.
pub const FROM: &str = "referral r JOIN subject s ON s.id = r.subject_id";

/// One subject, by column name. Errors: a column missing or of the wrong type.
pub fn subject_from_row(r: &Row<'_>) -> rusqlite::Result<Subject> {
    subject_of(&ByName::new(r))
}

/// The subject's columns of a row being read.
fn subject_of(c: &ByName<'_, '_>) -> rusqlite::Result<Subject> {
    Ok(Subject {
        id: c.get("subject_id")?,
        panel: c.get("panel_id")?,
        name: c.get("name")?,
        date_of_birth: c.opt_date("date_of_birth")?,
        gender: c.get("gender")?,
        ethnicity: c.get("ethnicity")?,
        stated_age: match (
            c.get::<Option<u32>>("stated_age")?,
            c.opt_date("stated_age_on")?,
        ) {
            (Some(years), Some(on)) => Some(StatedAge { years, on }),
            _ => None,
        },
        kind: SubjectKind::from_code(&c.get::<String>("subject_kind")?).unwrap_or_default(),
        area: c.get("subject_area")?,
        description: c.get("subject_description")?,
        group_size: c.get("group_size")?,
    })
}

/// One referral with its subject, by column name; `age` is left for
/// [`Referral::aged_on`]. Errors: a column missing or of the wrong type, or a date
/// received that is not a date.
pub fn from_row(r: &Row<'_>) -> rusqlite::Result<Referral> {
    read(&ByName::new(r))
}

/// [`from_row`] for each row of one statement, its column positions kept in
/// `memo` (one memo per statement). Errors: as [`from_row`].
pub fn from_row_memo(r: &Row<'_>, memo: &Memo) -> rusqlite::Result<Referral> {
    read(&ByName::with_memo(r, memo))
}

fn read(c: &ByName<'_, '_>) -> rusqlite::Result<Referral> {
    let s = subject_of(c)?;
    Ok(Referral {
        id: c.get("id")?,
        subject: s.id,
        panel: s.panel,
        name: s.name,
        date_of_birth: s.date_of_birth,
        age: None,
        stated_age: s.stated_age,
        gender: s.gender,
        ethnicity: s.ethnicity,
        kind: s.kind,
        area: s.area,
        description: s.description,
        group_size: s.group_size,
        referring_agency: c.get("referring_agency_id")?,
        referrer_contact: c.get("referrer_contact")?,
        address: c.get("address")?,
        postcode: c.get("postcode")?,
        ward: c.get("ward")?,
        education: c.get("education_employment")?,
        awareness: c
            .code("awareness", Awareness::from_code)?
            .unwrap_or(Awareness::NotKnown),
        concerns: c.get("concerns")?,
        other_referrals: c.get("other_referrals")?,
        date_received: c.date("date_received")?,
        urgent: c.get("urgent")?,
        welfare_legal_status: c.get("welfare_legal_status")?,
        criminal_legal_status: c.get("criminal_legal_status")?,
        previously_known: c.get("previously_known")?,
        core_reason: c.code("core_reason", CoreReason::from_code)?,
        cse_issue: c
            .code("cse_issue", IssueRole::from_code)?
            .unwrap_or(IssueRole::None),
        radicalisation_issue: c
            .code("radicalisation_issue", IssueRole::from_code)?
            .unwrap_or(IssueRole::None),
        named_gang: c.get("named_gang")?,
        mappa_category: c.get("mappa_category")?,
        mappa_level: c.get("mappa_level")?,
        screening: c
            .code("screening", Screening::from_code)?
            .unwrap_or(Screening::Pending),
        screening_by: c.get("screening_by")?,
        screening_on: c.opt_date("screening_on")?,
        screening_note: c.get("screening_note")?,
        referrer_informed_on: c.opt_date("referrer_informed_on")?,
        status: c
            .code("status", CaseStatus::from_code)?
            .unwrap_or(CaseStatus::Received),
        meeting: c.get("meeting_id")?,
        lead_agency: c.get("lead_agency_id")?,
        risk_start: c.get("risk_start")?,
        risk_current: c.get("risk_current")?,
        opened_on: c.opt_date("opened_on")?,
        plan_due_on: c.opt_date("plan_due_on")?,
        next_review_on: c.opt_date("next_review_on")?,
        closed_on: c.opt_date("closed_on")?,
        closure_reason: c.get("closure_reason")?,
        discharged_to_mappa: c.get("discharged_to_mappa")?,
        early_review_requested_on: c.opt_date("early_review_requested_on")?,
        early_review_reason: c.get("early_review_reason")?,
    })
}
