//! `roundtable case ID`: one case's whole history with the panel.
//!
//! `load` reads it (through the shared row mappers), `render` prints it.

mod answers;
mod find;
mod load;
pub mod over_time;
mod page;
pub mod people;
mod render;

use chrono::NaiveDate;
use serde::Serialize;

use super::actions::PrintedAction;
use crate::domain::paperwork::Paperwork;
use crate::domain::types::{CaseStatus, CpFor, OnwardState};
pub use find::{find, found_table, Found};
pub use load::{history, onward};
pub use page::case_document;
pub use render::render_plain;

/// The person a case is about; age in whole years on the day asked.
#[derive(Debug, Clone, Serialize)]
pub struct CaseSubject {
    pub name: String,
    /// Only a known date of birth (none when the age was stated instead).
    pub date_of_birth: Option<NaiveDate>,
    /// Approximate when `age_stated` is set.
    pub age_today: Option<u32>,
    /// The age a form stated when no date of birth was known, and the day.
    pub age_stated: Option<crate::domain::age::StatedAge>,
    pub gender: Option<String>,
    pub ethnicity: Option<String>,
    /// What the case is about (issue 22) and a group's or location's area; left out
    /// for a person.
    #[serde(skip_serializing_if = "crate::domain::subject_kind::is_person")]
    pub kind: crate::domain::subject_kind::SubjectKind,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub area: String,
}

/// One member of the household the referral lists.
#[derive(Debug, Clone, Serialize)]
pub struct Household {
    pub name: String,
    pub dob_or_age: Option<String>,
    pub relationship: Option<String>,
}

/// Appendix A and the section 12 fields, as recorded.
#[derive(Debug, Clone, Serialize)]
pub struct CaseReferral {
    pub referring_agency: String,
    pub referrer_contact: Option<String>,
    pub date_received: Option<NaiveDate>,
    pub urgent: bool,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub ward: Option<String>,
    pub education_employment: Option<String>,
    pub awareness: String,
    pub concerns: Option<String>,
    pub other_referrals: Option<String>,
    pub welfare_legal_status: Option<String>,
    pub criminal_legal_status: Option<String>,
    pub previously_known: bool,
    pub core_reason: Option<String>,
    pub cse_issue: String,
    pub radicalisation_issue: String,
    pub named_gang: Option<String>,
    pub mappa_category: Option<i64>,
    pub mappa_level: Option<i64>,
    pub screening: String,
    pub screening_note: Option<String>,
    /// Who screened the referral (section 11) and when.
    pub screening_by: Option<String>,
    pub screening_on: Option<NaiveDate>,
    /// When the referring agency was told the panel's decision (section 5.5).
    pub referrer_informed_on: Option<NaiveDate>,
    /// A review brought forward at the lead agency's request (section 7.9): when
    /// asked, and why.
    pub early_review_requested_on: Option<NaiveDate>,
    pub early_review_reason: Option<String>,
    pub status: String,
    pub meeting_date: Option<NaiveDate>,
    pub lead_agency: Option<String>,
    pub risk_start: Option<String>,
    pub risk_current: Option<String>,
    pub opened_on: Option<NaiveDate>,
    pub plan_due_on: Option<NaiveDate>,
    pub next_review_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub closure_reason: Option<String>,
    pub discharged_to_mappa: bool,
}

/// An onward referral recorded at a discussion: kind, state and `cp_for` as codes.
#[derive(Debug, Clone, Serialize)]
pub struct CaseOnward {
    pub kind: String,
    pub state: String,
    pub cp_for: Option<String>,
    pub note: Option<String>,
}

/// One discussion of the case: decision as a code (see [`decision_label`]), risk,
/// lead agency code and the next date, with its onward referrals.
#[derive(Debug, Clone, Serialize)]
pub struct CaseDiscussion {
    pub meeting_date: Option<NaiveDate>,
    pub agenda_item: i64,
    pub decision: Option<String>,
    pub decision_reasons: Option<String>,
    pub risk_before: Option<String>,
    pub risk_after: Option<String>,
    pub lead_agency: Option<String>,
    pub next_date: Option<NaiveDate>,
    pub lead_update: Option<String>,
    pub minutes: Option<String>,
    pub onward_referrals: Vec<CaseOnward>,
    /// The key worker or case manager named at this discussion: "name (AGENCY)".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_worker: Option<String>,
    /// The closure or removal reason chosen from the panel's list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closure_reason: Option<String>,
    /// With two co-chairs present, the one who agreed the decision: "post (AGENCY)"
    /// (issue 22, MAVE MV5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agreed_by: Option<String>,
    /// Changes to this discussion after its meeting's minutes were approved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amended: Option<crate::lookup::amendment::Amendment>,
    #[serde(skip)]
    id: i64,
    #[serde(skip)]
    meeting: crate::store::ids::MeetingId,
}

/// A lead agency appointed (`from` none) or changed, by agency code.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct LeadChange {
    pub on: Option<NaiveDate>,
    /// The meeting at which the panel made the change, if it was made at one.
    pub at_meeting: Option<NaiveDate>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// OS user who recorded it, from the change log.
    pub recorded_by: Option<String>,
}

/// One row of the intervention plan (Appendix B), agency by code.
#[derive(Debug, Clone, Serialize)]
pub struct CaseIntervention {
    pub core_issue: Option<String>,
    pub intervention: Option<String>,
    pub level_of_contact: Option<String>,
    pub agency: Option<String>,
    pub progress: Option<String>,
    pub meeting_date: Option<NaiveDate>,
    pub updated_on: Option<NaiveDate>,
}

/// A progress note on one of the case's actions: which, when, by whom (OS user).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CaseActionNote {
    pub action_id: i64,
    pub at: String,
    pub by: String,
    pub note: String,
}

/// Another referral of the same person: its case number and status code.
#[derive(Debug, Clone, Serialize)]
pub struct OtherReferral {
    pub case_id: i64,
    pub date_received: Option<NaiveDate>,
    pub status: String,
}

/// One case's whole history (serialised for `--json`).
#[derive(Debug, Clone, Serialize)]
pub struct CaseHistory {
    pub case_id: i64,
    pub protective_marking: String,
    pub subject: CaseSubject,
    pub referral: CaseReferral,
    pub household: Vec<Household>,
    /// Answers to the panel's own referral form (none for MAGPan's Appendix A).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<crate::store::intake::StoredAnswer>,
    /// Why the coordinator restricted the referral's whole intelligence (issue 22,
    /// MAVE MV10); `None`: not restricted (restricted fields are marked on answers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restricted_reason: Option<String>,
    /// The coordinator's reason for taking the referral in although its form's
    /// checklist failed (issue 22, MAVE MV1); `None`: no override.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checklist_override: Option<String>,
    /// Anonymous or a repeat (issue 21).
    #[serde(skip_serializing_if = "crate::store::intake::CaseMarks::is_empty")]
    pub marks: crate::store::intake::CaseMarks,
    /// The people of the case other than its subject, with their roles (issue 21).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<crate::store::intake::StoredPerson>,
    pub discussions: Vec<CaseDiscussion>,
    /// The risk and lead agency at each meeting and the actions completed between
    /// meetings (issue 28); left out before the first meeting.
    #[serde(skip_serializing_if = "trend_is_empty")]
    pub over_time: crate::domain::trend::Trend,
    pub lead_agency_changes: Vec<LeadChange>,
    pub interventions: Vec<CaseIntervention>,
    pub actions: Vec<PrintedAction>,
    /// Progress notes added to the case's actions (`actions annotate`), oldest first.
    pub action_notes: Vec<CaseActionNote>,
    pub other_referrals_of_subject: Vec<OtherReferral>,
    /// Each discussion's checklist, risk ratings, sharing decisions and escalations
    /// (issue 21), oldest first; none for a panel that records none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<crate::lookup::record::DatedRecord>,
    /// The panel's paperwork: the words for its decision codes.
    #[serde(skip)]
    pub paperwork: Paperwork,
}

fn trend_is_empty(t: &crate::domain::trend::Trend) -> bool {
    t.meetings.is_empty()
}

fn label<T: Copy>(code: &str, from: fn(&str) -> Option<T>, lab: fn(T) -> &'static str) -> String {
    from(code).map(lab).unwrap_or(code).to_string()
}

/// Marks a decision recorded on a case page that was never marked done.
pub const PROVISIONAL: &str = "provisional:";

/// The decision a discussion puts on the record, the one rule for every reading of it
/// (case history, minutes, the sealed record; QA fault 10): its code once the case page
/// is marked done (Ctrl-D); before then `provisional:none`, whatever was chosen on the
/// page, for a choice on an unfinished page is not the panel's decision.
pub fn recorded_decision(page_done: bool, decision: Option<String>) -> Option<String> {
    if page_done {
        decision
    } else {
        Some(format!("{PROVISIONAL}none"))
    }
}

/// Words for a decision code, or for a provisional one ([`PROVISIONAL`]: the page not
/// finished, its choice not shown), from the panel's own `[[decision]]` labels (an unknown
/// code as it is).
pub fn decision_label(pw: &Paperwork, code: &str) -> String {
    match code.strip_prefix(PROVISIONAL) {
        Some(_) => "not taken (page not finished)".into(),
        None => pw.decision_label(code),
    }
}

/// Words for a case status code; an unknown code as it is.
pub fn status_label(code: &str) -> String {
    label(code, CaseStatus::from_code, CaseStatus::label)
}

/// "Child protection: made (for siblings)": an onward referral in words, its kind by
/// the panel's label (a kind the panel no longer lists by its code).
pub fn onward_label(pw: &Paperwork, o: &CaseOnward) -> String {
    let kind = pw.onward_label(&o.kind);
    let state = label(&o.state, OnwardState::from_code, OnwardState::label);
    let cp = o
        .cp_for
        .as_deref()
        .map(|c| format!(" (for {})", label(c, CpFor::from_code, CpFor::label)))
        .unwrap_or_default();
    format!("{kind}: {state}{cp}")
}
