//! `roundtable agenda`: the draft agenda circulated five working days before a
//! meeting (section 11 "The Panel Meeting" a and b; Appendix D).
//!
//! Here the draft is put together; `listing` reads and places the cases (through
//! the shared row mappers), `render` prints the draft.

mod listing;
mod render;
mod updates;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::panel::{
    later_meetings, load_panel, previous_meeting, resolve_meeting, PanelInfo, PrintedMeeting,
};
use super::Result;
use crate::domain::agenda::{item_words, AgendaKind};
use crate::domain::calendar::WorkingCalendar;
use crate::domain::meeting_ref::MeetingRef;
use crate::domain::paperwork::RelativeTo;
use listing::{new_referrals, reviews_due, slots, Listing};
pub use render::{csv_table, render_plain};

/// Approximate minutes per part of the meeting, for the time slots.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// Items 1 to 5 together.
    pub opening: u32,
    /// Each new referral presented with a full risk assessment.
    pub referral: u32,
    /// Each review, and each "one to watch" mention.
    pub review: u32,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            opening: 30,
            referral: 10,
            review: 5,
        }
    }
}

/// A case on the draft agenda: a new referral (in time, late and urgent, or held
/// over) or a review, with its slot and a note of why it is there.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub item: u32,
    pub case_id: i64,
    pub name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub age_on_meeting: Option<u32>,
    pub referring_agency: Option<String>,
    pub date_received: Option<NaiveDate>,
    pub urgent: bool,
    /// `in_time`, `late_urgent`, `held_over` (new referrals) or `review`.
    pub placement: &'static str,
    pub lead_agency: Option<String>,
    pub risk: Option<String>,
    /// The date allocated for the review or intervention plan.
    pub review_due: Option<NaiveDate>,
    /// Why it is there; `null` in JSON when there is nothing to say.
    #[serde(serialize_with = "blank_as_null")]
    pub note: String,
    /// Approximate start, `HH:MM`.
    pub slot: Option<String>,
    #[serde(skip)]
    invite: bool,
}

/// An agenda item with its approximate start (`HH:MM`), if it has one.
#[derive(Debug, Clone, Serialize)]
pub struct ItemLine {
    pub number: u32,
    /// What the item does: which entries it lists.
    #[serde(skip)]
    pub kind: AgendaKind,
    pub title: String,
    pub after_formal_close: bool,
    pub slot: Option<String>,
}

/// A referring agency to invite to present its case, and when.
#[derive(Debug, Clone, Serialize)]
pub struct Invitation {
    pub slot: String,
    pub agency: String,
    pub case_id: i64,
}

/// The draft agenda of one meeting (serialised for `--json`).
#[derive(Debug, Clone, Serialize)]
pub struct DraftAgenda {
    pub panel: PanelInfo,
    pub meeting: PrintedMeeting,
    pub circulate_by: NaiveDate,
    pub referral_cutoff: NaiveDate,
    pub following_meeting: Option<NaiveDate>,
    pub items: Vec<ItemLine>,
    pub new_under_18: Vec<Entry>,
    pub new_over_18: Vec<Entry>,
    pub reviews: Vec<Entry>,
    /// Open cases due a brief update at an `updates` item (CAMP); absent when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub updates: Vec<Entry>,
    pub held_over: Vec<Entry>,
    /// Referrals excluded under section 10.1 (MAPPA level 2/3): counted, not listed.
    pub excluded: usize,
    pub invitations: Vec<Invitation>,
    pub notes: Vec<String>,
    /// Between meetings (issue 26): each agency's return since the meeting before,
    /// actions for escalation, plans not progressing; absent when there is nothing.
    #[serde(skip_serializing_if = "crate::lookup::between::drift::Drift::is_empty")]
    pub between: crate::lookup::between::drift::Drift,
}

/// The draft agenda for the meeting on `date`, from the referrals and open cases
/// as they stand now. Errors: `NotFound` when there is no meeting that day.
pub fn draft(conn: &Connection, at: impl Into<MeetingRef>, timing: Timing) -> Result<DraftAgenda> {
    let meeting = resolve_meeting(conn, at)?;
    let date = meeting.date;
    let panel = load_panel(conn, Some(meeting.panel))?;
    let cal = WorkingCalendar::england_and_wales();
    let referral_cutoff = cal.cutoff(date, panel.cutoff_days);
    let circulate_by = cal.working_days_before(date, panel.circulation_days);
    let previous = previous_meeting(conn, meeting.panel, date)?;
    let later = later_meetings(conn, meeting.panel, date)?;
    let following = later.first().copied();

    let mut notes: Vec<String> = panel
        .paperwork
        .deadlines
        .for_meeting(date, &cal)
        .iter()
        .filter(|d| d.relative_to == RelativeTo::Meeting)
        .map(|d| format!("{}.", d.line()))
        .collect();
    if meeting.state != "planned" {
        notes.push(format!(
            "This meeting is {}: the draft shows referrals and reviews as they stand now, not as they stood then.",
            meeting.state.replace('_', " ")
        ));
    }
    let at = Listing {
        meeting: &meeting,
        panel: &panel,
        previous,
        later: &later,
    };
    let mut new = new_referrals(conn, &at)?;
    // MAGPan's rule (Appendix D): no date of birth, item 6. Elsewhere each entry is
    // listed under the item its filters route it to, and says nothing more.
    let magpan_rule =
        crate::domain::agenda::item_of(&panel.agenda, AgendaKind::NewReferralsUnder18).is_some();
    if magpan_rule && dob_unknown(&new.under) {
        notes.push(format!(
            "A referral without a date of birth is listed under {}.",
            item_words(&panel.agenda, AgendaKind::NewReferralsUnder18)
        ));
    }
    let mut reviews = reviews_due(conn, &at)?;
    let updates = updates::updates_due(conn, &at)?;
    let (items, invitations) = slots(&at, timing, &mut new.under, &mut new.over, &mut reviews);
    let rules = panel.paperwork.reminders();
    let between = crate::lookup::between::drift::drift(
        conn,
        date,
        previous,
        rules.escalate_after_carry_overs,
        rules.plan_stalled_weeks,
    )?;
    Ok(DraftAgenda {
        panel,
        meeting,
        circulate_by,
        referral_cutoff,
        following_meeting: following,
        items,
        new_under_18: new.under,
        new_over_18: new.over,
        reviews,
        updates,
        held_over: new.held,
        excluded: new.excluded,
        invitations,
        notes,
        between,
    })
}

fn dob_unknown(v: &[Entry]) -> bool {
    v.iter().any(|e| e.date_of_birth.is_none())
}

/// Text nobody wrote is `null` in JSON, never `""` (docs/json.md).
fn blank_as_null<S: serde::Serializer>(text: &str, s: S) -> std::result::Result<S::Ok, S::Error> {
    if text.is_empty() {
        s.serialize_none()
    } else {
        s.serialize_str(text)
    }
}
