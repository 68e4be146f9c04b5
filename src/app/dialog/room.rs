//! Dialogs about who is in the room and the meeting itself: a visitor, a deputy, the
//! chair's override of the signing gate, the formal close, the end.

use chrono::NaiveDate;

use super::*;
use crate::app::form::Form;
use crate::app::Effect;
use crate::domain::types::*;
use crate::domain::AgendaKind;
use crate::store::ids::*;
use crate::store::meeting::MeetingData;
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

pub fn deputy(member: MemberId, for_name: &str) -> Dialog {
    Dialog {
        kind: DialogKind::Deputy { member },
        title: format!("Deputy for {for_name}"),
        note: vec![
            "The member is marked as sending a deputy; the deputy signs the confidentiality statement with everyone present.".into(),
        ],
        form: Form::new(vec![
            text("name", "Deputy's name", ""),
            text("post", "Post title", ""),
        ]),
        error: None,
    }
}

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
    note.extend(crate::app::text::wrap(
        &format!(
            "The meeting formally closes. Everyone leaves except {stay}; the time each leaves is recorded."
        ),
        56,
        56,
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
    note.push("Enter: formally close · Esc: not yet".into());
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
    if r.text("name").is_empty() {
        return Err("Deputy's name: who came instead?".into());
    }
    let m = data
        .members
        .iter()
        .find(|m| m.id == *member)
        .ok_or("member not found")?;
    Ok(vec![
        Effect::MarkMember {
            member: *member,
            status: AttendanceStatus::Apology,
            note: "sent a deputy".into(),
        },
        Effect::AddAttendee(NewAttendance {
            meeting: data.id,
            member: None,
            name: r.text("name"),
            post_title: if r.text("post").is_empty() {
                format!("Deputy for {}", m.post)
            } else {
                r.text("post")
            },
            agency: Some(m.agency),
            status: AttendanceStatus::Deputy,
            deputy_for: Some(*member),
            visitor_for: None,
        }),
    ])
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
    Ok(vec![Effect::EndMeeting { next }])
}
