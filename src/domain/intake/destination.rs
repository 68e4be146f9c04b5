//! Where a referral goes under the 15-working-day rule (section 11), and where it
//! stands before its meeting.

use chrono::NaiveDate;
use serde::Serialize;

use super::fields::{fmt, parse_date};
use super::form::{IntakeContext, ReferralForm};
use crate::domain::calendar::{Placement, WorkingCalendar};
use crate::domain::paperwork::{Citations, Rule};
use crate::domain::types::{CaseStatus, Screening};

/// Where a referral goes under section 11.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Destination {
    /// Received on or before the cut-off of the next meeting.
    InTime {
        meeting: NaiveDate,
        cutoff: NaiveDate,
    },
    /// Received after the cut-off, but urgent: heard at the next meeting anyway.
    LateUrgent {
        meeting: NaiveDate,
        cutoff: NaiveDate,
    },
    /// Received after the cut-off of `missed` and not urgent: held over to `meeting`
    /// (`None` while the following meeting is not yet scheduled).
    HeldOver {
        missed: NaiveDate,
        cutoff: NaiveDate,
        meeting: Option<NaiveDate>,
    },
    /// No meeting scheduled on or after the date received.
    NoMeeting,
}

impl Destination {
    /// The meeting the referral is listed for, if any.
    pub fn meeting(&self) -> Option<NaiveDate> {
        match *self {
            Destination::InTime { meeting, .. } | Destination::LateUrgent { meeting, .. } => {
                Some(meeting)
            }
            Destination::HeldOver { meeting, .. } => meeting,
            Destination::NoMeeting => None,
        }
    }

    /// One line for people, citing the panel's section for the cut-off (`cite`).
    pub fn describe(&self, cite: &Citations) -> String {
        let at = cite.paren(Rule::Cutoff);
        match *self {
            Destination::InTime { meeting, cutoff } => format!(
                "goes to the meeting on {}: received by its cut-off of {}{at}",
                fmt(meeting),
                fmt(cutoff)
            ),
            Destination::LateUrgent { meeting, cutoff } => format!(
                "goes to the meeting on {} as urgent: received after its cut-off of {}{at}",
                fmt(meeting),
                fmt(cutoff)
            ),
            Destination::HeldOver {
                missed,
                cutoff,
                meeting,
            } => format!(
                "late for the meeting on {} (cut-off {}): held over to {}; it needs the urgent flag to go to {}{at}",
                fmt(missed),
                fmt(cutoff),
                meeting.map_or("the following meeting, not yet scheduled".into(), |m| {
                    format!("the meeting on {}", fmt(m))
                }),
                fmt(missed)
            ),
            Destination::NoMeeting => {
                "no meeting is scheduled on or after the date received: it will be placed when one is"
                    .into()
            }
        }
    }
}

/// Where a referral received on `received` goes among the scheduled `meetings`
/// (section 11: at least `cutoff_days` working days before, unless urgent).
pub fn destination(
    cal: &WorkingCalendar,
    received: NaiveDate,
    urgent: bool,
    meetings: &[NaiveDate],
    cutoff_days: u32,
) -> Destination {
    let mut sorted = meetings.to_vec();
    sorted.sort();
    let Some(next) = sorted.iter().copied().find(|m| *m >= received) else {
        return Destination::NoMeeting;
    };
    let cutoff = cal.cutoff(next, cutoff_days);
    match cal.placement(received, urgent, next, cutoff_days) {
        Placement::InTime => Destination::InTime {
            meeting: next,
            cutoff,
        },
        Placement::LateUrgent => Destination::LateUrgent {
            meeting: next,
            cutoff,
        },
        Placement::HeldOver | Placement::AfterMeeting => Destination::HeldOver {
            missed: next,
            cutoff,
            meeting: cal.target_meeting(received, urgent, &sorted, cutoff_days),
        },
    }
}

/// The destination of a form as far as its date received and urgent flag can be
/// read, for a form to show while the rest is still being typed.
pub fn form_destination(form: &ReferralForm, ctx: &IntakeContext) -> Option<Destination> {
    let received = parse_date(&form.date_received).ok()?;
    Some(destination(
        &ctx.calendar,
        received,
        form.urgent,
        &ctx.meetings,
        ctx.cutoff_days,
    ))
}

/// Where a new referral stands before its meeting, as the agenda preparation reads
/// it (`screening_required`: the panel's `[screening] required`): `excluded` by the
/// panel's `[exclusion]` (MAGPan: MAPPA level 2/3, section
/// 10.1; see [`crate::domain::rules::check_mappa`]); on the agenda once screened
/// (section 11: a full risk assessment, or mentioned as one to watch) when listed
/// for the next meeting; else received (waiting for screening, or held over).
pub fn status_before_meeting(
    screening: Screening,
    excluded: bool,
    for_next_meeting: bool,
    screening_required: bool,
) -> CaseStatus {
    if excluded {
        CaseStatus::Excluded
    } else if for_next_meeting
        && (!screening_required
            || matches!(
                screening,
                Screening::Intelligence | Screening::NoIntelligence
            ))
    {
        CaseStatus::OnAgenda
    } else {
        CaseStatus::Received
    }
}
