//! A meeting as the runner sees it: loaded whole (it is small), and the lifecycle
//! steps that change many rows at once (start, complete a case, formal close, end).
//!
//! The rows it is made of (agencies, members, attendance, intelligence, referrals,
//! actions, interventions, MAPPA notes) are the shared row types of
//! [`crate::store::rows`], read by the same mappers as the lookups.

mod agreed_by;
mod attendance;
mod cases;
mod chair_agreement;
mod checklist_gate;
mod chosen_cases;
mod decide;
mod guests;
mod level_change;
mod lifecycle;
mod load;
mod mappa;
mod meeting_types;
mod onward;
mod referrer;
mod review;
mod trend;
mod updates;

use chrono::{DateTime, Months, NaiveDate, Utc};

use super::ids::*;
pub use super::panel::PanelInfo;
pub use super::rows::action::Action as ActionRow;
pub use super::rows::agency::Agency;
pub use super::rows::attendance::Attendee;
pub use super::rows::intelligence::Intel;
pub use super::rows::intervention::Intervention as InterventionRow;
pub use super::rows::mappa_note::MappaNote;
pub use super::rows::member::Member;
pub use super::rows::referral::Referral;
use crate::domain::agenda::AgendaKind;
use crate::domain::calendar::WorkingCalendar;
use crate::domain::panel_def::MeetingPattern;
use crate::domain::rules::stays_after_formal_close;
use crate::domain::types::*;
pub use agreed_by::{agreed_by_of, agreed_by_words};
pub use attendance::DeputyWho;
pub use cases::OnwardLine;
pub use chair_agreement::MIGRATION_MINUTES_AGREED;
pub use chosen_cases::{chosen_words, meeting_for_words, ChosenCase, MIGRATION_CHOSEN_CASES};
pub use guests::{guests_at, Guest, GuestChange, NewGuest, MIGRATION_GUESTS};
pub use level_change::{level_changes_at, LevelChange};
pub use meeting_types::{
    chair_at, senior_gaps_at, seniority_line, ChairLine, MIGRATION_MEETING_TYPES,
};

/// A case page: one case discussion with its referral, onward referrals, actions
/// and intervention plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub discussion: DiscussionId,
    /// The panel's number for the item it is heard under: the `cases` item it was
    /// put on, else the panel's item of its `kind` (0: none).
    pub item: u32,
    /// The kind of agenda item it is heard under; at a `cases` item, the case's
    /// own: `new_referrals` or `reviews` (see [`crate::domain::case_items`]).
    pub kind: AgendaKind,
    pub referral: Referral,
    pub lead_update: String,
    pub minutes: String,
    /// The code of one of the panel's `[[decision]]`s.
    pub decision: Option<String>,
    pub reasons: String,
    /// The key worker or case manager named at this discussion, and their agency.
    pub key_worker: String,
    pub key_worker_agency: Option<AgencyId>,
    /// The closure or removal reason chosen from the panel's `[closure] reasons`.
    pub closure_reason: Option<String>,
    pub risk_before: Option<String>,
    pub risk_after: Option<String>,
    pub lead_agency: Option<AgencyId>,
    pub next_date: Option<NaiveDate>,
    pub completed_at: Option<DateTime<Utc>>,
    /// Every onward-referral kind of the panel, in its file's order, with what was
    /// recorded for it; then any kind recorded that the panel no longer lists.
    pub onward: Vec<OnwardLine>,
    /// Actions raised at this meeting for this case.
    pub actions: Vec<ActionRow>,
    /// Actions from earlier meetings to check at a review (open, or checked here).
    pub earlier_actions: Vec<ActionRow>,
    pub interventions: Vec<InterventionRow>,
    /// The chair's checklist answers, risk ratings, sharing decisions and escalations
    /// recorded at this discussion (issue 21).
    pub record: crate::store::case_record::CaseRecord,
    /// The referral's restricted intelligence (issue 22, MAVE MV10): for the chair's
    /// case page only, never the room's view.
    pub restricted: crate::domain::restricted::Restricted,
    /// With two co-chairs present, the one who agreed the decision (issue 22, MAVE
    /// MV5): one of `MeetingData::attendance`.
    pub agreed_by: Option<AttendanceId>,
    /// The coordinator's reason for taking the referral in although its form's
    /// checklist failed (issue 22, MAVE MV1).
    pub checklist_override: Option<String>,
    /// The case at earlier meetings and the actions completed since (issue 28).
    pub trend: crate::domain::trend::Trend,
}

/// A referral listed for this meeting that cannot be opened, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct SetAside {
    pub referral: Referral,
    /// The panel's number for the item it would be heard under, and that item's kind.
    pub item: u32,
    pub kind: AgendaKind,
    pub reason: String,
}

/// A member of the panel, past or present (members screen).
#[derive(Debug, Clone, PartialEq)]
pub struct RosterRow {
    pub member: Member,
    pub retired_on: Option<NaiveDate>,
    /// The member this person is the named deputy for (section 5.5).
    pub deputy_for: Option<MemberId>,
}

/// A meeting in the panel's schedule (meetings screen).
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleRow {
    pub id: MeetingId,
    pub date: NaiveDate,
    pub venue: String,
    pub state: MeetingState,
    /// A meeting for chosen cases: its cases by id and initials (none: empty).
    pub cases: Vec<ChosenCase>,
}

/// Everything the runner shows for one meeting, loaded whole by
/// [`Store::load_meeting`](crate::store::Store::load_meeting).
#[derive(Debug, Clone, PartialEq)]
pub struct MeetingData {
    pub id: MeetingId,
    pub date: NaiveDate,
    pub venue: String,
    pub state: MeetingState,
    pub current_item: Option<u32>,
    pub current_discussion: Option<DiscussionId>,
    pub started_at: Option<DateTime<Utc>>,
    pub formally_closed_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub gate_override: Option<String>,
    /// The chair's reason for letting decisions be taken without a quorum.
    pub quorum_override: Option<String>,
    pub panel: PanelInfo,
    pub agencies: Vec<Agency>,
    pub members: Vec<Member>,
    pub attendance: Vec<Attendee>,
    /// Guests invited for one case each (issue 21), by case and then as invited.
    pub guests: Vec<Guest>,
    pub intelligence: Vec<Intel>,
    pub cases: Vec<Case>,
    pub set_aside: Vec<SetAside>,
    pub mappa: Vec<MappaNote>,
    /// The next meeting after this one, if already scheduled.
    pub next_meeting: Option<NaiveDate>,
    /// For a planned meeting: new referrals listed for it, and open cases due for review.
    pub listed_new: usize,
    pub listed_reviews: usize,
    /// Everyone who has been a member, retired or not.
    pub roster: Vec<RosterRow>,
    /// Every meeting of the panel, oldest first.
    pub schedule: Vec<ScheduleRow>,
    /// New referrals not yet heard, with where each stands (referrals screen).
    /// Empty until `referrals_loaded` (the runner reads them when the screen opens).
    pub referrals: Vec<super::intake::ReferralRow>,
    /// Whether `referrals` has been read.
    pub referrals_loaded: bool,
    /// When the current item and case were opened (from the change log), so the
    /// timers carry on after a restart.
    pub item_opened_at: Option<DateTime<Utc>>,
    pub case_opened_at: Option<DateTime<Utc>>,
    /// What could not be opened, one line each (a case discussion whose referral is
    /// missing, deleted outside Roundtable): the rest of the meeting opens without
    /// it. Empty for a whole meeting.
    pub broken: Vec<String>,
    /// Whom the room's screen follows, whether that is this terminal, and what is
    /// revealed on it (QA session 5: the chair sees it; F4 acts on it).
    pub room: crate::store::room_holder::RoomState,
    /// The meeting's type (`[[meeting_type]]`); `None` for a panel without types.
    pub meeting_type: Option<crate::domain::paperwork::MeetingTypeDef>,
    /// Who chairs it, once recorded (one of `attendance`).
    pub chaired_by: Option<AttendanceId>,
    /// A meeting for chosen cases (issue 21, B9/B10): its cases by id and initials;
    /// empty for a meeting that hears every case due.
    pub chosen: Vec<ChosenCase>,
    /// Each agency's status return since the meeting before (issue 26), by agency
    /// code; empty when no sheet was issued.
    pub returns: Vec<crate::store::requests::ReturnState>,
}

impl MeetingData {
    /// The agency with this id, if it is the panel's.
    pub fn agency(&self, id: AgencyId) -> Option<&Agency> {
        self.agencies.iter().find(|a| a.id == id)
    }

    /// The short code of an agency (`YOS`); empty for none or an unknown id.
    pub fn agency_code(&self, id: Option<AgencyId>) -> String {
        id.and_then(|i| self.agency(i))
            .map(|a| a.code.clone())
            .unwrap_or_default()
    }

    /// Does this person stay after the formal close (by their role in the room and
    /// the panel's `after_close_roles`)?
    pub fn stays_after_formal_close(&self, a: &Attendee) -> bool {
        self.role_in_room(a)
            .is_some_and(|r| stays_after_formal_close(r, &self.panel.after_close))
    }

    /// The case pages heard under agenda item number `item` of this panel.
    pub fn cases_for(&self, item: u32) -> Vec<&Case> {
        match self.panel.agenda.iter().find(|i| i.number == item) {
            Some(i) if i.kind.has_case_pages() => {
                self.cases.iter().filter(|c| c.item == i.number).collect()
            }
            _ => vec![],
        }
    }

    /// The attendance row of a member, once they have been marked.
    pub fn attendee_for(&self, member: MemberId) -> Option<&Attendee> {
        self.attendance.iter().find(|a| a.member == Some(member))
    }

    /// The panel role a person in the room stands in: their own, or for a deputy, the
    /// role of the member they deputise for (so the MAPPA Coordinator's deputy stays
    /// for item 9).
    pub fn role_in_room(&self, a: &Attendee) -> Option<Role> {
        a.role.or_else(|| {
            let m = a.deputy_for?;
            self.members.iter().find(|x| x.id == m).map(|x| x.role)
        })
    }

    /// Case pages of the meeting not yet marked done.
    pub fn unfinished_cases(&self) -> usize {
        self.cases
            .iter()
            .filter(|c| c.completed_at.is_none())
            .count()
    }

    /// People in the room: present members, deputies and visitors, who have not left.
    pub fn present(&self) -> Vec<&Attendee> {
        self.attendance
            .iter()
            .filter(|a| a.status.is_present())
            .collect()
    }
}

/// The default date of the meeting after `day`: the pattern's first meeting after it
/// (monthly, weekly or quarterly), moved off a bank holiday; a month on for a pattern
/// stored damaged.
pub fn default_next_meeting(day: NaiveDate, pattern: &MeetingPattern) -> NaiveDate {
    let cal = WorkingCalendar::england_and_wales();
    match pattern.cadence() {
        Some(c) => c.next_after(day, &cal),
        None => cal.next_working_day_on_or_after(day + Months::new(1)),
    }
}
