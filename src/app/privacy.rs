//! What the room may see: the one privacy filter. The presenter (`roundtable
//! present`) and the editing terminal's screen-safe mode both draw only a
//! [`RoomView`], and a `RoomView` can only be made by [`room_view`], which applies
//! every rule here and nowhere else:
//!
//! - a subject by initials and age only, unless the chair has revealed the full name
//!   of this case (it hides again when the room moves to another case);
//! - a subject managed at MAPPA level 2/3 is never named, not even by initials
//!   (section 10.1);
//! - a subject that is not a person (issue 22) by its kind: a group by its label
//!   (the name it is known by), a location by its area (postcode district), never
//!   its address; a person of concern never by name, not even when revealed, only
//!   as "Person of concern" and the case number;
//! - intelligence only as a count of notes, unless the chair has revealed this item;
//! - nothing of the after-close (MAPPA) item before the formal close;
//! - a guest invited for one case is named only on that case, while they are in the
//!   room for it (issue 21, 003 App 3A "Attendance by other agencies/professionals"),
//!   never on another case or another item;
//! - household members, addresses and dates of birth are never in a `RoomView` at all
//!   (it has no field for them);
//! - nor is a referral's concerns or any answer to its form, so restricted
//!   intelligence (issue 22, MAVE MV10: [`crate::domain::restricted`]) never reaches
//!   the room, revealed or not: `Case::restricted` is for the chair's case page only
//!   (tests/mave_restricted.rs scans every frame);
//! - a blanked room sees nothing.

use chrono::{DateTime, Utc};

use crate::domain::agenda::AgendaKind;
use crate::domain::rules::check_mappa;
use crate::domain::subject_kind::{public_label, SubjectKind};
use crate::domain::types::MeetingState;
use crate::store::ids::DiscussionId;
use crate::store::live::RoomFlags;
use crate::store::meeting::{Case, MeetingData};

use super::text::{initials, one_line};

/// An agenda line for the room: number, title, and where the meeting is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomItem {
    pub number: u32,
    pub title: String,
    pub current: bool,
    pub done: bool,
    /// Case pages marked done of all, for a case item.
    pub cases: Option<(usize, usize)>,
}

/// The case on the room's screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomCase {
    /// Initials, the full name when revealed, or "a case managed under MAPPA".
    pub who: String,
    pub age: Option<u32>,
    /// Risk level in words, and its colour name from the panel's scale.
    pub risk: Option<(String, String)>,
    pub lead_agency: Option<String>,
    pub decision: Option<String>,
    /// What agencies agreed to do so far: agency code, due date, what.
    pub actions: Vec<String>,
    /// The guests in the room for this case only: name (agency).
    pub guests: Vec<String>,
}

/// A time used against a time box (minutes), if the panel sets one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timer {
    pub since: Option<DateTime<Utc>>,
    pub box_minutes: Option<u32>,
}

impl Timer {
    /// Seconds used at `now`.
    pub fn used(&self, now: DateTime<Utc>) -> Option<i64> {
        self.since.map(|s| (now - s).num_seconds().max(0))
    }

    /// Past its time box at `now`.
    pub fn overrun(&self, now: DateTime<Utc>) -> bool {
        match (self.used(now), self.box_minutes) {
            (Some(u), Some(b)) => u > i64::from(b) * 60,
            _ => false,
        }
    }
}

/// Everything the room may see, and nothing else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoomView {
    /// Blanked from a terminal.
    Blank,
    /// Before the meeting starts, after it ends, or while the after-close item is not
    /// yet for the room: a neutral screen.
    Holding {
        panel: String,
        line: String,
    },
    Meeting(Box<RoomMeeting>),
}

/// The room's view of a meeting in progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomMeeting {
    pub panel: String,
    pub marking: String,
    pub agenda: Vec<RoomItem>,
    pub item_title: String,
    pub meeting: Timer,
    pub item: Timer,
    pub case_timer: Timer,
    pub case: Option<RoomCase>,
    /// Intelligence notes on this item: how many, and their text only if revealed.
    pub intelligence: Option<(usize, Vec<String>)>,
    /// On the confidentiality item, what everyone present signs: the statement, and
    /// how many of those present have signed it (Appendix C; the room reads it there).
    pub statement: Option<RoomStatement>,
    /// Said on the room's screen above everything else: that it follows no terminal
    /// (the one it followed is gone), so it shows initials and stays where it was.
    pub notice: Option<String>,
}

/// The confidentiality statement as the room sees it on its item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomStatement {
    pub text: String,
    pub signed: usize,
    pub present: usize,
    /// Shown whole from this word of it, scrolled with the editor's `s` (issue 25);
    /// `None`: from its start.
    pub from_word: Option<u32>,
}

/// The room's view of `data` at the room's place (`item`, `discussion`), under `flags`.
pub fn room_view(
    data: &MeetingData,
    item: Option<u32>,
    discussion: Option<DiscussionId>,
    flags: &RoomFlags,
) -> RoomView {
    let panel = data.panel.short_name.clone();
    if flags.blank {
        return RoomView::Blank;
    }
    let when = data.date.format("%A %-d %B %Y").to_string();
    match data.state {
        MeetingState::Planned => {
            return RoomView::Holding {
                panel,
                line: format!("The meeting on {when} has not started yet."),
            }
        }
        MeetingState::Closed => {
            return RoomView::Holding {
                panel,
                line: format!("The meeting on {when} has ended."),
            }
        }
        _ => {}
    }
    let agenda = &data.panel.agenda;
    let here = item
        .and_then(|n| agenda.iter().find(|i| i.number == n))
        .or(agenda.first());
    let Some(here) = here else {
        return RoomView::Holding {
            panel,
            line: String::new(),
        };
    };
    let closed = data.state != MeetingState::InProgress;
    if here.after_formal_close {
        // Before the formal close nothing of it; after it, only that the item is on.
        return RoomView::Holding {
            panel,
            line: if closed {
                "The meeting has formally closed.".into()
            } else {
                String::new()
            },
        };
    }
    let lines = agenda_lines(data, here.number);
    let case = discussion
        .filter(|_| here.kind.has_case_pages())
        .and_then(|d| {
            data.cases
                .iter()
                .find(|c| c.discussion == d && c.item == here.number)
        })
        .map(|c| room_case(data, c, flags.reveal_discussion == Some(c.discussion)));
    let intelligence = intelligence(data, here, flags);
    let statement = (here.kind == AgendaKind::Confidentiality).then(|| {
        let present: Vec<_> = data
            .present()
            .into_iter()
            .filter(|a| a.left_at.is_none())
            .collect();
        RoomStatement {
            text: super::text::clean(&data.panel.statement, true),
            signed: present.iter().filter(|a| a.signed_at.is_some()).count(),
            present: present.len(),
            from_word: flags.statement_word,
        }
    });
    RoomView::Meeting(Box::new(RoomMeeting {
        panel,
        marking: data.panel.marking().to_string(),
        agenda: lines,
        item_title: format!("{}. {}", here.number, one_line(&here.title)),
        meeting: Timer {
            since: data.started_at,
            // The meeting's length from the panel file (MV13); none for MAGPan.
            box_minutes: data.panel.pattern.duration_minutes,
        },
        item: Timer {
            since: data.item_opened_at,
            box_minutes: here.time_box_minutes,
        },
        case_timer: Timer {
            since: case.as_ref().and(data.case_opened_at),
            box_minutes: here.case_time_box_minutes,
        },
        case,
        intelligence,
        statement,
        notice: None,
    }))
}

/// The agenda as the room sees it: done, current, ahead; case items with their count.
fn agenda_lines(data: &MeetingData, current: u32) -> Vec<RoomItem> {
    use super::progress::{case_tally, progress, Progress};
    data.panel
        .agenda
        .iter()
        .filter(|i| !i.after_formal_close)
        .map(|i| RoomItem {
            number: i.number,
            title: one_line(&i.title),
            current: i.number == current,
            // Done when its work is done (the same rule as the chair's sidebar), not
            // merely passed.
            done: progress(data, i, current) == Progress::Done,
            cases: case_tally(data, i),
        })
        .collect()
}

/// Intelligence on an intelligence item: how many notes, and their text only when the
/// chair has revealed this item.
fn intelligence(
    data: &MeetingData,
    here: &crate::domain::agenda::AgendaItemDef,
    flags: &RoomFlags,
) -> Option<(usize, Vec<String>)> {
    matches!(
        here.kind,
        AgendaKind::PoliceIntelligence | AgendaKind::AgencyIntelligence
    )
    .then(|| {
        let items = &data.panel.agenda;
        let notes: Vec<_> = data
            .intelligence
            .iter()
            .filter(|i| {
                crate::domain::agenda::takes_agency_note(items, here.kind, i.police)
                    && !i.body.trim().is_empty()
            })
            .collect();
        let text = if flags.reveal_item == Some(here.number) {
            notes
                .iter()
                .map(|i| {
                    format!(
                        "{}: {}",
                        data.agency_code(Some(i.agency)),
                        one_line(&i.body)
                    )
                })
                .collect()
        } else {
            vec![]
        };
        (notes.len(), text)
    })
}

/// How the room names a case's subject: a person by initials (the full name when
/// revealed); any other kind by [`public_label`], whatever is revealed (issue 22).
pub fn room_name(
    kind: SubjectKind,
    name: &str,
    area: &str,
    postcode: &str,
    case: i64,
    revealed: bool,
) -> String {
    match public_label(kind, name, area, postcode, case) {
        Some(label) => label,
        None if revealed => one_line(name),
        None => initials(name),
    }
}

/// One case as the room may see it.
fn room_case(data: &MeetingData, c: &Case, revealed: bool) -> RoomCase {
    let mappa = check_mappa(c.referral.mappa_level, &data.panel.paperwork).is_err();
    let r = &c.referral;
    let who = if mappa {
        "a case managed under MAPPA (not named)".to_string()
    } else {
        room_name(r.kind, &r.name, &r.area, &r.postcode, r.id.0, revealed)
    };
    // Only a person's age is shown (a person of concern's would help name them).
    let no_age = mappa || r.kind != SubjectKind::Person;
    let risk = c
        .risk_after
        .as_deref()
        .or(c.risk_before.as_deref())
        .map(|r| {
            let colour = data
                .panel
                .risk
                .get(r)
                .map(|l| l.colour.clone())
                .unwrap_or_default();
            (one_line(r), colour)
        });
    RoomCase {
        who,
        age: if no_age { None } else { c.referral.age },
        risk,
        lead_agency: c.lead_agency.map(|a| data.agency_code(Some(a))),
        decision: c
            .decision
            .as_deref()
            .map(|d| data.panel.paperwork.decision_label(d)),
        guests: data
            .guests
            .iter()
            .filter(|g| {
                g.discussion == c.discussion && g.joined_at.is_some() && g.left_at.is_none()
            })
            .map(|g| format!("{} ({})", one_line(&g.name), one_line(&g.agency_name)))
            .collect(),
        actions: c
            .actions
            .iter()
            .map(|a| {
                format!(
                    "{} by {}: {}",
                    data.agency_code(Some(a.agency)),
                    a.due_on.format("%d %b"),
                    one_line(&a.description)
                )
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_room_names_each_kind_by_what_it_may_see() {
        // 001 "Persons and Locations of Concern": the room never sees a person's name.
        let k =
            |kind, revealed| room_name(kind, "Dorian Vell", "Kennington", "SE11 4QT", 7, revealed);
        assert_eq!(k(SubjectKind::Person, false), "D.V.");
        assert_eq!(k(SubjectKind::Person, true), "Dorian Vell");
        assert_eq!(
            k(SubjectKind::Perpetrator, true),
            "Person of concern (case #7)"
        );
        assert_eq!(
            k(SubjectKind::Perpetrator, false),
            "Person of concern (case #7)"
        );
        assert_eq!(k(SubjectKind::Location, true), "Location: SE11");
        assert_eq!(
            room_name(
                SubjectKind::Location,
                "Stairwell B",
                "Kennington",
                "",
                8,
                true
            ),
            "Location: Kennington"
        );
        assert_eq!(
            room_name(
                SubjectKind::Group,
                "Marlowe Court boys",
                "Kennington",
                "",
                9,
                false
            ),
            "Group: Marlowe Court boys"
        );
    }
}
