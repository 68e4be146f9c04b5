//! Taking in a referral (Appendix A) and screening it (section 11): the store side.
//! `usecase` is each use case whole, as the new-referral screen and `roundtable
//! referral` both call it: the typed form checked by `domain::intake` /
//! `domain::screening`, who the person is, then the write, whole in one transaction
//! or not at all.
//!
//! `subjects`: who a new referral may be about; `take`: taking a checked one in;
//! `screen`: recording a checked screening; `list`: every referral with where it
//! stands.

mod answers;
mod case_facts;
mod case_people;
mod checklist_override;
mod kinds;
mod list;
mod restricted;
mod screen;
mod subjects;
mod take;
mod usecase;

pub use answers::{answers_of, StoredAnswer, MIGRATION_ANSWERS};
pub use case_facts::{facts_of, has_children};
pub use case_people::{
    marks_of, people_of, CaseMarks, StoredPerson, ANONYMOUS_SUBJECT, MIGRATION_CASE_PEOPLE,
};
pub use checklist_override::{checklist_override_of, override_line};
pub use kinds::{key_of, members_of, GROUP_MEMBER_ROLE, MIGRATION_KINDS};
pub use restricted::restricted_of;
pub use usecase::{Linking, Screened, ScreeningRecorded, TakeRequest, Taking, Who};

use chrono::NaiveDate;
use serde::Serialize;

use super::ids::*;
use crate::domain::screening::ScreenContext;
use crate::domain::types::*;

/// A subject the panel already knows, as shown when a new referral may be them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KnownSubject {
    pub id: SubjectId,
    pub name: String,
    pub date_of_birth: Option<NaiveDate>,
    /// Set when `date_of_birth` is an estimate from a stated age.
    pub stated_age: Option<crate::domain::age::StatedAge>,
    /// What the subject is (issue 22), and a group's or location's area.
    #[serde(skip_serializing_if = "crate::domain::subject_kind::is_person")]
    pub kind: crate::domain::subject_kind::SubjectKind,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub area: String,
    pub referrals: i64,
    /// Status of their latest referral.
    pub last_status: Option<String>,
    pub last_referral: Option<ReferralId>,
}

impl KnownSubject {
    /// One line: `#4 Rowan Achterberg, born 2010-04-02, 1 referral (last: closed)`;
    /// a group or a location by its kind and area: `#6 Group: Eastfield Riders,
    /// Kennington, 1 referral`.
    pub fn describe(&self) -> String {
        use crate::domain::subject_kind::SubjectKind;
        let born = match (self.date_of_birth, self.stated_age) {
            _ if !self.kind.has_birth() => match self.area.trim() {
                "" => "area not given".to_string(),
                a => a.to_string(),
            },
            (_, Some(a)) => format!(
                "aged {} on {} (approximate)",
                a.years,
                a.on.format("%Y-%m-%d")
            ),
            (Some(d), None) => format!("born {}", d.format("%Y-%m-%d")),
            (None, None) => "date of birth not known".into(),
        };
        let last = self
            .last_status
            .as_deref()
            .and_then(CaseStatus::from_code)
            .map_or(String::new(), |s| format!(" (last: {})", s.label()));
        let n = self.referrals;
        let plural = if n == 1 { "" } else { "s" };
        let who = match self.kind {
            SubjectKind::Person => self.name.clone(),
            k => k.headed(&self.name),
        };
        format!("#{} {who}, {born}, {n} referral{plural}{last}", self.id)
    }

    /// Their last referral is still waiting to be heard: a new one for them is most
    /// likely the same referral taken in twice.
    pub fn waiting(&self) -> bool {
        self.last_status.as_deref().is_some_and(|s| {
            [CaseStatus::Received.code(), CaseStatus::OnAgenda.code()].contains(&s)
        })
    }

    /// The refusal given when `waiting`.
    pub fn waiting_refusal(&self) -> String {
        format!(
            "{} already has referral #{} waiting to be heard; if this is a second referral, take it in with the subject chosen (--subject {})",
            self.name,
            self.last_referral.map_or("?".into(), |id| id.to_string()),
            self.id
        )
    }

    /// Their last referral was closed to the panel: this one is a re-referral (section 7.7).
    pub fn closed(&self) -> bool {
        self.last_status.as_deref() == Some(CaseStatus::Closed.code())
    }
}

/// Subjects a new referral may be about.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SubjectMatches {
    /// Same name (ignoring case and spacing) and the same date of birth.
    pub exact: Vec<KnownSubject>,
    /// Same name with another or no date of birth, or the same date of birth and a
    /// similar name.
    pub similar: Vec<KnownSubject>,
}

/// Which subject a new referral is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectChoice {
    /// The one exact match if there is one and nothing else is close; a new subject
    /// if nobody is close; otherwise refused, so nobody is silently duplicated.
    Auto,
    /// A new subject, whatever matches.
    New,
    /// This existing subject.
    Existing(SubjectId),
}

/// What taking in a referral did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Intake {
    pub referral: ReferralId,
    pub subject: SubjectId,
    /// The known subject it was linked to, as they were before this referral.
    pub linked: Option<KnownSubject>,
    pub meeting: Option<NaiveDate>,
    pub status: String,
    /// Brought anonymously (its label) or a repeat (the date last heard), issue 21.
    #[serde(skip_serializing_if = "CaseMarks::is_empty")]
    pub marks: CaseMarks,
    /// The people of the case other than its subject (`[people_per_case]`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<StoredPerson>,
}

/// A referral before screening, with where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub panel: PanelId,
    pub name: String,
    pub status: CaseStatus,
    pub meeting: Option<NaiveDate>,
    pub context: ScreenContext,
}

/// A referral as `roundtable referral list` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReferralRow {
    pub id: ReferralId,
    pub subject: SubjectId,
    pub name: String,
    /// Known; `None` when only an age was stated (see `age_approximate`).
    pub date_of_birth: Option<NaiveDate>,
    /// On the meeting date (or today when not placed).
    pub age: Option<u32>,
    /// The age comes from an age the form stated, not a date of birth.
    pub age_approximate: bool,
    pub referring_agency: String,
    pub date_received: NaiveDate,
    pub urgent: bool,
    pub previously_known: bool,
    pub screening: String,
    pub status: String,
    pub meeting: Option<NaiveDate>,
    /// The panel's number for the new-referrals item it goes under at that meeting.
    pub item: Option<u32>,
    /// The earlier meeting whose cut-off it missed (section 11), or that did not
    /// reach it.
    pub held_over_from: Option<NaiveDate>,
    /// A meeting that had it on the agenda and ended before finishing it.
    pub not_reached_on: Option<NaiveDate>,
    /// Not yet heard.
    pub pending: bool,
    pub placement: String,
    /// MAPPA level recorded (section 10.1 excludes 2 and 3).
    pub mappa_level: Option<u8>,
    /// What the case is about (issue 22); left out of `--json` for a person.
    #[serde(skip_serializing_if = "crate::domain::subject_kind::is_person")]
    pub kind: crate::domain::subject_kind::SubjectKind,
    /// What screening recorded, for the screening dialog to open on (not printed:
    /// `referral list` shows the outcome only).
    #[serde(skip)]
    pub screened: ScreeningDone,
}

/// What was recorded when a referral was screened (section 11): by whom, on what day,
/// the screening note, and when the referrer was told.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScreeningDone {
    pub by: String,
    pub on: Option<NaiveDate>,
    pub note: String,
    pub told: Option<NaiveDate>,
}

fn fmt(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_subject_describes_last_status() {
        let k = KnownSubject {
            id: SubjectId(4),
            name: "Rowan Achterberg".into(),
            date_of_birth: "2010-04-02".parse().ok(),
            stated_age: None,
            kind: Default::default(),
            area: String::new(),
            referrals: 1,
            last_status: Some("closed".into()),
            last_referral: Some(ReferralId(9)),
        };
        assert_eq!(
            k.describe(),
            "#4 Rowan Achterberg, born 2010-04-02, 1 referral (last: closed)"
        );
        assert!(k.closed());
    }
}
