//! How far each agenda item has got, one rule for the chair's sidebar and the room's
//! agenda: an item is done when its work is done, not when the meeting has moved past
//! it (attendance marked, everyone present signed, every case page marked done),
//! unfinished when the meeting has passed it with work left, and otherwise ahead.

use crate::domain::agenda::{AgendaItemDef, AgendaKind};
use crate::domain::rules::{confidentiality_gate, Gate};
use crate::domain::types::MeetingState;
use crate::store::meeting::MeetingData;

/// Where an agenda item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Not reached yet (or the meeting has not started).
    Ahead,
    /// The item on screen.
    Current,
    /// Passed, with its work done.
    Done,
    /// Passed with work left (case pages not done, nobody marked, not everyone signed).
    Unfinished,
}

/// Case pages marked done of all, for an item that has case pages; `None` before the
/// meeting starts (the cases are made when it starts) and for other items.
pub fn case_tally(data: &MeetingData, item: &AgendaItemDef) -> Option<(usize, usize)> {
    if data.state == MeetingState::Planned {
        return None;
    }
    match item.kind {
        AgendaKind::NewReferralsUnder18
        | AgendaKind::NewReferralsOver18
        | AgendaKind::NewReferrals
        | AgendaKind::Reviews
        | AgendaKind::Updates
        | AgendaKind::Cases => {
            let cases = data.cases_for(item.number);
            Some((
                cases.iter().filter(|c| c.completed_at.is_some()).count(),
                cases.len(),
            ))
        }
        _ => None,
    }
}

/// Whether `item`'s own work is done, whatever the meeting's position.
fn work_done(data: &MeetingData, item: &AgendaItemDef) -> bool {
    match item.kind {
        AgendaKind::Introductions | AgendaKind::Apologies => !data.attendance.is_empty(),
        AgendaKind::Confidentiality => {
            let present: Vec<(String, bool)> = data
                .present()
                .iter()
                .filter(|a| a.left_at.is_none())
                .map(|a| (a.name.clone(), a.signed_at.is_some()))
                .collect();
            !present.is_empty()
                && !matches!(
                    confidentiality_gate(&present, data.gate_override.as_deref()),
                    Gate::Locked { .. }
                )
        }
        // An intelligence item is done when an agency it takes has said something:
        // passing it with every box empty leaves it unfinished (issue 25).
        AgendaKind::PoliceIntelligence | AgendaKind::AgencyIntelligence => {
            data.intelligence.iter().any(|i| {
                crate::domain::agenda::takes_agency_note(&data.panel.agenda, item.kind, i.police)
                    && !i.body.trim().is_empty()
            })
        }
        _ => match case_tally(data, item) {
            Some((done, total)) => done == total,
            None => true,
        },
    }
}

/// Where `item` stands when the meeting is at item number `current`.
pub fn progress(data: &MeetingData, item: &AgendaItemDef, current: u32) -> Progress {
    if data.state == MeetingState::Planned {
        return Progress::Ahead;
    }
    if item.number == current && data.state != MeetingState::Closed {
        return Progress::Current;
    }
    let agenda = &data.panel.agenda;
    let at = |n: u32| agenda.iter().position(|i| i.number == n);
    let passed = data.state == MeetingState::Closed
        || matches!((at(item.number), at(current)), (Some(a), Some(c)) if a < c);
    match (passed, work_done(data, item)) {
        (false, _) => Progress::Ahead,
        (true, true) => Progress::Done,
        (true, false) => Progress::Unfinished,
    }
}
