//! Dialogs about who is in the room and the meeting itself: a visitor, a deputy, the
//! chair's override of the signing gate, the formal close, the end.

use crate::app::keys::{key as KEY, Command as C};
use chrono::NaiveDate;

use super::*;
use crate::app::form::Form;
use crate::app::Effect;
use crate::domain::types::*;
use crate::domain::AgendaKind;
use crate::store::ids::*;
use crate::store::meeting::{DeputyWho, MeetingData, Member};
use crate::store::write::NewAttendance;

pub fn visitor(data: &MeetingData) -> Dialog {
    let cases: Vec<String> = std::iter::once("(no particular case)".to_string())
        .chain(
            data.cases
                .iter()
                .filter(|c| c.kind != AgendaKind::Reviews)
                .map(|c| {
                    format!(
                        "case {} ({})",
                        c.referral.id,
                        crate::app::text::initials(&c.referral.name)
                    )
                }),
        )
        .collect();
    Dialog {
        kind: DialogKind::Visitor,
        title: "Add a visitor (a referring agency presenting a case)".into(),
        note: vec![],
        form: Form::new(vec![
            text("name", "Name", ""),
            text("post", "Post title", ""),
            agency_choice("agency", "Agency", data, None),
            choice("case", "For case", cases, Some(0)),
        ]),
        error: None,
    }
}

/// The registered deputies of `member` (members whose `deputy_for` names them),
/// offered first in the deputy dialog (section 5.5).
fn registered_deputies(data: &MeetingData, member: MemberId) -> Vec<&Member> {
    data.members
        .iter()
        .filter(|m| m.deputy_for == Some(member))
        .collect()
}

/// Who came in place of `member`: their registered deputies first, then someone
/// else by name (section 5.5). `None` when the member is not on the panel.
pub fn deputy(data: &MeetingData, member: MemberId) -> Option<Dialog> {
    let absent = data.members.iter().find(|m| m.id == member)?;
    let registered = registered_deputies(data, member);
    let mut note = vec![
        "The member is marked as sending a deputy; the deputy signs the confidentiality statement with everyone present.".into(),
    ];
    let mut fields = vec![];
    if !registered.is_empty() {
        let mut options: Vec<String> = registered
            .iter()
            .map(|m| format!("{} ({})", m.name, m.post))
            .collect();
        options.push(SOMEONE_ELSE.into());
        fields.push(choice("who", "Deputy", options, Some(0)));
        note.push("Name and post are only for someone who is not a member.".into());
    }
    fields.push(text("name", "Deputy's name", ""));
    fields.push(text("post", "Post title", ""));
    Some(Dialog {
        kind: DialogKind::Deputy { member },
        title: format!("Deputy for {}", absent.name),
        note,
        form: Form::new(fields),
        error: None,
    })
}

/// What `member`'s written submission says, to reach the minutes (section 5.5);
/// opened when the member is marked as sending one. `None` when not on the panel.
pub fn submission(data: &MeetingData, member: MemberId) -> Option<Dialog> {
    let m = data.members.iter().find(|m| m.id == member)?;
    let existing = data
        .attendee_for(member)
        .map(|a| a.submission.clone())
        .unwrap_or_default();
    Some(Dialog {
        kind: DialogKind::Submission { member },
        title: format!(
            "Written submission from {} ({})",
            m.name,
            data.agency_code(Some(m.agency))
        ),
        note: vec![
            "What it says goes into the minutes.".into(),
            format!(
                "Enter saves; {} keeps what you typed for later.",
                KEY(C::Back)
            ),
        ],
        form: Form::new(vec![text("text", "What it says", &existing)]),
        error: None,
    })
}

const SOMEONE_ELSE: &str = "someone else (type their name)";

pub fn override_gate(unsigned: &[String]) -> Dialog {
    Dialog {
        kind: DialogKind::Override,
        title: "Chair override: start case items before everyone has signed".into(),
        note: vec![
            format!("Not signed: {}", unsigned.join(", ")),
            "The reason is recorded in the minutes.".into(),
        ],
        form: Form::new(vec![text("reason", "Reason", "")]),
        error: None,
    }
}

/// What happens to case pages not marked done, for the close and end dialogs.
fn unfinished_note(unfinished: usize) -> Vec<String> {
    if unfinished == 0 {
        return vec![];
    }
    vec![
        format!("{unfinished} case page(s) are not marked done: new referrals go to the"),
        "next meeting and reviews stay due; what was typed stays in the minutes.".into(),
        String::new(),
    ]
}

/// The formal close: who leaves now; `stay` names who stays, in the panel's own titles.
pub fn formal_close(leaving: Vec<String>, unfinished: usize, stay: &str) -> Dialog {
    let mut note = unfinished_note(unfinished);
    // One line: the dialog wraps it to its width, and plain mode reads it whole.
    note.push(format!(
        "The meeting formally closes. Everyone leaves except {stay}; the time each leaves is recorded."
    ));
    note.push(String::new());
    if leaving.is_empty() {
        note.push("Nobody else is in the room.".into());
    } else {
        note.push("Leaving now:".into());
        for chunk in leaving.chunks(3) {
            note.push(format!("  {}", chunk.join(", ")));
        }
    }
    note.push(String::new());
    note.push(format!("Enter: formally close · {}: not yet", KEY(C::Back)));
    Dialog {
        kind: DialogKind::FormalClose { leaving },
        title: "Formal close".into(),
        note,
        form: Form::new(vec![]),
        error: None,
    }
}

pub fn end_meeting(default_next: NaiveDate, unfinished: usize) -> Dialog {
    let mut note = unfinished_note(unfinished);
    note.push("The meeting is closed and the next one scheduled. Enter confirms.".into());
    Dialog {
        kind: DialogKind::EndMeeting,
        title: "End the meeting".into(),
        note,
        form: Form::new(vec![text(
            "next",
            "Next meeting (YYYY-MM-DD)",
            &default_next.format("%Y-%m-%d").to_string(),
        )]),
        error: None,
    }
}

pub(super) fn confirm_visitor(r: &Values, data: &MeetingData) -> Result<Vec<Effect>, String> {
    if r.text("name").is_empty() {
        return Err("Name: who is visiting?".into());
    }
    let cases: Vec<ReferralId> = data
        .cases
        .iter()
        .filter(|c| c.kind != AgendaKind::Reviews)
        .map(|c| c.referral.id)
        .collect();
    let visitor_for = r
        .sel("case")
        .filter(|i| *i > 0)
        .and_then(|i| cases.get(i - 1).copied());
    Ok(vec![Effect::AddAttendee(NewAttendance {
        meeting: data.id,
        member: None,
        name: r.text("name"),
        post_title: r.text("post"),
        agency: r.agency_at("agency"),
        status: AttendanceStatus::Present,
        deputy_for: None,
        visitor_for,
    })])
}

pub(super) fn confirm_deputy(
    r: &Values,
    data: &MeetingData,
    member: &MemberId,
) -> Result<Vec<Effect>, String> {
    let registered = registered_deputies(data, *member);
    let who = match r.sel("who") {
        Some(i) if i < registered.len() => DeputyWho::Member(registered[i].id),
        _ if r.text("name").is_empty() => {
            return Err("Deputy's name: who came instead?".into());
        }
        _ => DeputyWho::Named {
            name: r.text("name"),
            post: r.text("post"),
        },
    };
    Ok(vec![Effect::MarkDeputy {
        member: *member,
        who,
    }])
}

pub(super) fn confirm_override_gate(
    r: &Values,
    _data: &MeetingData,
) -> Result<Vec<Effect>, String> {
    if r.text("reason").is_empty() {
        return Err("Reason: the chair's reason is recorded and cannot be blank".into());
    }
    Ok(vec![Effect::Override {
        reason: r.text("reason"),
    }])
}

pub(super) fn confirm_end_meeting(r: &Values, data: &MeetingData) -> Result<Vec<Effect>, String> {
    let next = parse_date(&r.text("next"), "Next meeting")?;
    if next <= data.date {
        return Err("Next meeting: it must be after this one".into());
    }
    // A date beside the planned next meeting would add a second one: move that one
    // instead (F8), or keep its date.
    if let Some(planned) = data
        .schedule
        .iter()
        .filter(|m| m.state == MeetingState::Planned && m.date > data.date)
        .map(|m| m.date)
        .min()
        .filter(|p| *p != next)
    {
        return Err(format!(
            "Next meeting: {} is already planned; keep it, or move it ({}) once this one has ended",
            planned.format("%Y-%m-%d"),
            KEY(C::ScreenSchedule)
        ));
    }
    Ok(vec![Effect::EndMeeting { next }])
}
