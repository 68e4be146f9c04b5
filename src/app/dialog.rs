//! Small forms opened on purpose (add an action, a visitor, an intervention row, a
//! MAPPA note; confirm the formal close or the end). Their text is kept as a draft
//! until confirmed, so closing one with Esc or a crash loses nothing.

use crate::domain::AgendaKind;
use chrono::NaiveDate;

use super::form::{Bind, Field, Form, Kind};
use super::Effect;
use crate::domain::types::*;
use crate::store::ids::*;
use crate::store::meeting::MeetingData;
use crate::store::write::{NewAction, NewAttendance, NewIntervention};

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum DialogKind {
    AddAction {
        discussion: DiscussionId,
        referral: ReferralId,
    },
    Intervention {
        referral: ReferralId,
        existing: Option<InterventionId>,
    },
    Visitor,
    Deputy {
        member: MemberId,
    },
    Override,
    AddMappa,
    CarryOver {
        action: ActionId,
    },
    FormalClose {
        leaving: Vec<String>,
    },
    EndMeeting,
    Member {
        existing: Option<MemberId>,
    },
    Retire {
        member: MemberId,
    },
    Meeting {
        existing: Option<MeetingId>,
    },
    WhichSubject {
        candidates: Vec<SubjectId>,
    },
    Screen {
        referral: ReferralId,
    },
}

pub struct Dialog {
    pub kind: DialogKind,
    pub title: String,
    pub note: Vec<String>,
    pub form: Form,
    pub error: Option<String>,
}

impl Dialog {
    /// The draft key: one per dialog purpose and terminal, so reopening it brings the
    /// text back, e.g. `dialog:12:alice@pts/3:action:40`.
    pub fn draft_key(&self, meeting: MeetingId, terminal: &str) -> String {
        let k = match &self.kind {
            DialogKind::AddAction { discussion, .. } => format!("action:{discussion}"),
            DialogKind::Intervention { referral, existing } => {
                format!(
                    "intervention:{referral}:{}",
                    existing.map_or("new".into(), |e| e.to_string())
                )
            }
            DialogKind::Visitor => "visitor".into(),
            DialogKind::Deputy { member } => format!("deputy:{member}"),
            DialogKind::Override => "override".into(),
            DialogKind::AddMappa => "mappa".into(),
            DialogKind::CarryOver { action } => format!("carry:{action}"),
            DialogKind::FormalClose { .. } => "formal-close".into(),
            DialogKind::EndMeeting => "end".into(),
            DialogKind::Member { existing } => format!(
                "member:{}",
                existing.map_or("new".into(), |e| e.to_string())
            ),
            DialogKind::Retire { member } => format!("retire:{member}"),
            DialogKind::WhichSubject { .. } => "which-subject".into(),
            DialogKind::Screen { referral } => format!("screen:{referral}"),
            DialogKind::Meeting { existing } => format!(
                "schedule:{}",
                existing.map_or("new".into(), |e| e.to_string())
            ),
        };
        format!("{}{k}", draft_prefix(meeting, terminal))
    }

    /// The draft's body: the dialog's kind (to build it again after a restart) and the
    /// values of its fields.
    pub fn draft_body(&self) -> String {
        serde_json::to_string(&DialogDraft {
            kind: self.kind.clone(),
            values: self.values(),
        })
        .unwrap_or_default()
    }

    /// The values of the fields, for the draft.
    pub fn values(&self) -> Vec<String> {
        self.form
            .fields
            .iter()
            .map(|f| match &f.kind {
                Kind::Text(t) => t.value(),
                Kind::Choice { selected, .. } => {
                    selected.map(|s| s.to_string()).unwrap_or_default()
                }
                _ => String::new(),
            })
            .collect()
    }

    /// Put back values from a draft.
    pub fn restore(&mut self, values: &[String]) {
        for (f, v) in self.form.fields.iter_mut().zip(values) {
            match &mut f.kind {
                Kind::Text(t) if !v.is_empty() => {
                    let mut fresh = super::form::TextField::new(v, t.multiline);
                    fresh.suggestion = t.suggestion.take();
                    *t = fresh;
                }
                Kind::Choice {
                    options, selected, ..
                } => {
                    if let Ok(i) = v.parse::<usize>() {
                        if i < options.len() {
                            *selected = Some(i);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

fn text(label: &str, value: &str) -> Field {
    Field::text(label, Bind::Dialog, value, false)
}

fn agency_choice(label: &str, data: &MeetingData, selected: Option<AgencyId>) -> Field {
    Field::choice(
        label,
        Bind::Dialog,
        data.agencies
            .iter()
            .map(|a| format!("{} — {}", a.code, a.name))
            .collect(),
        selected.and_then(|s| data.agencies.iter().position(|a| a.id == s)),
    )
}

fn people_in_room(data: &MeetingData) -> Vec<String> {
    data.present()
        .iter()
        .filter(|a| a.left_at.is_none())
        .map(|a| a.name.clone())
        .collect()
}

pub fn add_action(data: &MeetingData, discussion: DiscussionId, referral: ReferralId) -> Dialog {
    let mut due = text("Due date (YYYY-MM-DD)", "");
    if let Kind::Text(t) = &mut due.kind {
        t.suggestion = data.next_meeting.map(|d| d.format("%Y-%m-%d").to_string());
    }
    Dialog {
        kind: DialogKind::AddAction {
            discussion,
            referral,
        },
        title: "Add an action (volunteered by an agency, section 7.2)".into(),
        note: vec![
            "Enter on the last field saves the action; Esc keeps what you typed for later.".into(),
        ],
        form: Form::new(vec![
            text("What", ""),
            agency_choice("Agency", data, None),
            text("Person (optional)", ""),
            due,
            Field::choice("Volunteered by", Bind::Dialog, people_in_room(data), None),
        ]),
        error: None,
    }
}

pub fn intervention(
    data: &MeetingData,
    referral: ReferralId,
    existing: Option<&crate::store::meeting::InterventionRow>,
) -> Dialog {
    let v = |f: fn(&crate::store::meeting::InterventionRow) -> &String| {
        existing.map(|e| f(e).clone()).unwrap_or_default()
    };
    Dialog {
        kind: DialogKind::Intervention {
            referral,
            existing: existing.map(|e| e.id),
        },
        title: if existing.is_some() {
            "Edit intervention (Appendix B)"
        } else {
            "Add intervention (Appendix B)"
        }
        .into(),
        note: vec![],
        form: Form::new(vec![
            text("Core issue identified", &v(|e| &e.core_issue)),
            text("Intervention", &v(|e| &e.intervention)),
            text("Level of contact", &v(|e| &e.level_of_contact)),
            agency_choice(
                "Agency undertaking it",
                data,
                existing.and_then(|e| e.agency),
            ),
            text("Progress", &v(|e| &e.progress)),
        ]),
        error: None,
    }
}

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
                        super::text::initials(&c.referral.name)
                    )
                }),
        )
        .collect();
    Dialog {
        kind: DialogKind::Visitor,
        title: "Add a visitor (a referring agency presenting a case)".into(),
        note: vec![],
        form: Form::new(vec![
            text("Name", ""),
            text("Post title", ""),
            agency_choice("Agency", data, None),
            Field::choice("For case", Bind::Dialog, cases, Some(0)),
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
        form: Form::new(vec![text("Deputy's name", ""), text("Post title", "")]),
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
        form: Form::new(vec![text("Reason", "")]),
        error: None,
    }
}

pub fn add_mappa() -> Dialog {
    Dialog {
        kind: DialogKind::AddMappa,
        title: "Note a MAPPA level 2/3 case (data only; the panel plays no part)".into(),
        note: vec![],
        form: Form::new(vec![
            text("Name", ""),
            Field::choice(
                "MAPPA category",
                Bind::Dialog,
                vec!["1".into(), "2".into(), "3".into()],
                None,
            ),
            Field::choice(
                "MAPPA level",
                Bind::Dialog,
                vec!["2".into(), "3".into()],
                None,
            ),
            text("Note", ""),
        ]),
        error: None,
    }
}

pub fn carry_over(action: ActionId, default_date: Option<NaiveDate>) -> Dialog {
    let mut f = text("New due date (YYYY-MM-DD)", "");
    if let Kind::Text(t) = &mut f.kind {
        t.suggestion = default_date.map(|d| d.format("%Y-%m-%d").to_string());
    }
    Dialog {
        kind: DialogKind::CarryOver { action },
        title: "Carry the action over".into(),
        note: vec![
            "Enter on an empty field takes the suggested date; Enter again confirms.".into(),
        ],
        form: Form::new(vec![f]),
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

/// Break `text` into lines of at most `width` characters at spaces (a longer word
/// stands on a line of its own).
fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![];
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The formal close: who leaves now; `stay` names who stays, in the panel's own titles.
pub fn formal_close(leaving: Vec<String>, unfinished: usize, stay: &str) -> Dialog {
    let mut note = unfinished_note(unfinished);
    note.extend(wrap_words(
        &format!(
            "The meeting formally closes. Everyone leaves except {stay}; the time each leaves is recorded."
        ),
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
            "Next meeting (YYYY-MM-DD)",
            &default_next.format("%Y-%m-%d").to_string(),
        )]),
        error: None,
    }
}

const ROLES: &[Role] = &[
    Role::Member,
    Role::Chair,
    Role::ViceChair,
    Role::Coordinator,
    Role::MappaCoordinator,
];

/// Where the drafts of this meeting's dialogs in this terminal start.
pub fn draft_prefix(meeting: MeetingId, terminal: &str) -> String {
    format!("dialog:{meeting}:{terminal}:")
}

/// A dialog's draft as kept in the database.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct DialogDraft {
    pub kind: DialogKind,
    pub values: Vec<String>,
}

impl DialogDraft {
    /// Read a draft body (also the older form, a bare list of values).
    pub fn parse(body: &str) -> Option<(Option<DialogKind>, Vec<String>)> {
        if let Ok(d) = serde_json::from_str::<DialogDraft>(body) {
            return Some((Some(d.kind), d.values));
        }
        serde_json::from_str::<Vec<String>>(body)
            .ok()
            .map(|v| (None, v))
    }
}

/// Build a case dialog again from its kind, as it was before a restart; `None` for
/// dialogs that are only confirmations or that belong to another screen.
pub fn rebuild(kind: &DialogKind, data: &MeetingData) -> Option<Dialog> {
    Some(match kind {
        DialogKind::AddAction {
            discussion,
            referral,
        } => add_action(data, *discussion, *referral),
        DialogKind::Intervention { referral, existing } => {
            let row = existing.and_then(|id| {
                data.cases
                    .iter()
                    .flat_map(|c| c.interventions.iter())
                    .find(|i| i.id == id)
            });
            intervention(data, *referral, row)
        }
        DialogKind::Visitor => visitor(data),
        DialogKind::AddMappa => add_mappa(),
        DialogKind::CarryOver { action } => carry_over(*action, data.next_meeting),
        DialogKind::Deputy { member } => {
            let name = data.members.iter().find(|m| m.id == *member)?.name.clone();
            deputy(*member, &name)
        }
        _ => return None,
    })
}

/// Add a member, or edit one (section 5.4: name, post title, agency, role).
pub fn member(data: &MeetingData, existing: Option<&crate::store::meeting::Member>) -> Dialog {
    Dialog {
        kind: DialogKind::Member {
            existing: existing.map(|m| m.id),
        },
        title: if existing.is_some() {
            "Edit member"
        } else {
            "New member"
        }
        .into(),
        note: vec![],
        form: Form::new(vec![
            text("Name", existing.map_or("", |m| m.name.as_str())),
            text("Post title", existing.map_or("", |m| m.post.as_str())),
            agency_choice("Agency", data, existing.map(|m| m.agency)),
            Field::choice(
                "Panel role",
                Bind::Dialog,
                ROLES.iter().map(|r| r.label().to_string()).collect(),
                Some(
                    existing
                        .and_then(|m| ROLES.iter().position(|r| *r == m.role))
                        .unwrap_or(0),
                ),
            ),
            Field::choice(
                "Named deputy for (section 5.5)",
                Bind::Dialog,
                std::iter::once("nobody: a member in their own right".to_string())
                    .chain(
                        deputy_candidates(data, existing.map(|m| m.id))
                            .iter()
                            .map(|m| format!("{} ({})", m.name, m.post)),
                    )
                    .collect(),
                Some(
                    existing
                        .and_then(|m| current_deputy_index(data, m.id))
                        .unwrap_or(0),
                ),
            ),
        ]),
        error: None,
    }
}

/// Where a member's present deputy-for sits among the dialog's options.
fn current_deputy_index(data: &MeetingData, id: MemberId) -> Option<usize> {
    let of = data.roster.iter().find(|r| r.member.id == id)?.deputy_for?;
    deputy_candidates(data, Some(id))
        .iter()
        .position(|m| m.id == of)
        .map(|i| i + 1)
}

/// Current members someone could deputise for.
fn deputy_candidates(
    data: &MeetingData,
    not: Option<MemberId>,
) -> Vec<crate::store::meeting::Member> {
    data.roster
        .iter()
        // Not themselves, and not someone who deputises for them (no pairs of deputies).
        .filter(|r| {
            r.retired_on.is_none()
                && Some(r.member.id) != not
                && (not.is_none() || r.deputy_for != not)
        })
        .map(|r| r.member.clone())
        .collect()
}

pub fn retire(m: &crate::store::meeting::Member, today: NaiveDate) -> Dialog {
    Dialog {
        kind: DialogKind::Retire { member: m.id },
        title: format!("Retire {}", m.name),
        note: vec![
            "They stay in past attendance and minutes, and are not offered for later meetings."
                .into(),
        ],
        form: Form::new(vec![text(
            "Retired on (YYYY-MM-DD)",
            &today.format("%Y-%m-%d").to_string(),
        )]),
        error: None,
    }
}

/// Add an extra meeting (section 11: the panel may sit more often), or move a planned one.
pub fn meeting(
    data: &MeetingData,
    existing: Option<&crate::store::meeting::ScheduleRow>,
) -> Dialog {
    Dialog {
        kind: DialogKind::Meeting {
            existing: existing.map(|m| m.id),
        },
        title: if existing.is_some() {
            "Change the date or venue"
        } else {
            "Add a meeting"
        }
        .into(),
        note: vec![],
        form: Form::new(vec![
            text(
                "Date (YYYY-MM-DD)",
                &existing
                    .map(|m| m.date.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
            ),
            text(
                "Venue",
                existing.map_or(data.venue.as_str(), |m| m.venue.as_str()),
            ),
        ]),
        error: None,
    }
}

fn parse_date(s: &str, what: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{what}: write the date as YYYY-MM-DD"))
}

/// Check a dialog and turn it into effects, or say what is wrong.
pub fn confirm(d: &Dialog, data: &MeetingData) -> Result<Vec<Effect>, String> {
    let v = d.values();
    let sel = |i: usize| -> Option<usize> {
        match &d.form.fields.get(i).map(|f| &f.kind) {
            Some(Kind::Choice { selected, .. }) => *selected,
            _ => None,
        }
    };
    let agency_at = |i: usize| sel(i).and_then(|s| data.agencies.get(s)).map(|a| a.id);
    match &d.kind {
        DialogKind::AddAction { referral, .. } => {
            if v[0].trim().is_empty() {
                return Err("What: say what the agency will do".into());
            }
            let agency =
                agency_at(1).ok_or("Agency: choose the agency that will do it (Left/Right)")?;
            let due = parse_date(&v[3], "Due date")?;
            if due < data.date {
                return Err("Due date: it is before the meeting".into());
            }
            let people = people_in_room(data);
            let volunteered = sel(4)
                .and_then(|i| people.get(i).cloned())
                .ok_or("Volunteered by: choose who offered it (section 7.2)")?;
            let member = data
                .members
                .iter()
                .find(|m| m.name == volunteered)
                .map(|m| m.id);
            Ok(vec![Effect::AddAction(NewAction {
                meeting: data.id,
                referral: Some(*referral),
                description: v[0].trim().to_string(),
                agency,
                person: v[2].trim().to_string(),
                volunteered_by: volunteered,
                volunteered_by_member: member,
                due_on: due,
                carried_from: None,
            })])
        }
        DialogKind::Intervention { referral, existing } => {
            if v[0].trim().is_empty() && v[1].trim().is_empty() {
                return Err("Core issue or intervention: write at least one".into());
            }
            let row = NewIntervention {
                core_issue: v[0].trim().into(),
                intervention: v[1].trim().into(),
                level_of_contact: v[2].trim().into(),
                agency: agency_at(3),
                progress: v[4].trim().into(),
            };
            Ok(vec![match existing {
                Some(id) => Effect::EditIntervention { id: *id, row },
                None => Effect::AddIntervention {
                    referral: *referral,
                    row,
                },
            }])
        }
        DialogKind::Visitor => {
            if v[0].trim().is_empty() {
                return Err("Name: who is visiting?".into());
            }
            let cases: Vec<ReferralId> = data
                .cases
                .iter()
                .filter(|c| c.kind != AgendaKind::Reviews)
                .map(|c| c.referral.id)
                .collect();
            let visitor_for = sel(3)
                .filter(|i| *i > 0)
                .and_then(|i| cases.get(i - 1).copied());
            Ok(vec![Effect::AddAttendee(NewAttendance {
                meeting: data.id,
                member: None,
                name: v[0].trim().into(),
                post_title: v[1].trim().into(),
                agency: agency_at(2),
                status: AttendanceStatus::Present,
                deputy_for: None,
                visitor_for,
            })])
        }
        DialogKind::Deputy { member } => {
            if v[0].trim().is_empty() {
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
                    name: v[0].trim().into(),
                    post_title: if v[1].trim().is_empty() {
                        format!("Deputy for {}", m.post)
                    } else {
                        v[1].trim().into()
                    },
                    agency: Some(m.agency),
                    status: AttendanceStatus::Deputy,
                    deputy_for: Some(*member),
                    visitor_for: None,
                }),
            ])
        }
        DialogKind::Override => {
            if v[0].trim().is_empty() {
                return Err("Reason: the chair's reason is recorded and cannot be blank".into());
            }
            Ok(vec![Effect::Override {
                reason: v[0].trim().into(),
            }])
        }
        DialogKind::AddMappa => {
            if v[0].trim().is_empty() {
                return Err("Name: whose case is it?".into());
            }
            let category = sel(1)
                .map(|i| i as u8 + 1)
                .ok_or("MAPPA category: choose 1, 2 or 3")?;
            let level = sel(2)
                .map(|i| i as u8 + 2)
                .ok_or("MAPPA level: choose 2 or 3")?;
            Ok(vec![Effect::AddMappa {
                name: v[0].trim().into(),
                category,
                level,
                note: v[3].trim().into(),
            }])
        }
        DialogKind::CarryOver { action } => {
            let due = parse_date(&v[0], "New due date")?;
            if due <= data.date {
                return Err("New due date: it must be after this meeting".into());
            }
            Ok(vec![Effect::CarryOver {
                action: *action,
                new_due: due,
            }])
        }
        DialogKind::FormalClose { .. } => Ok(vec![Effect::FormalClose]),
        DialogKind::Member { existing } => {
            if v[0].trim().is_empty() {
                return Err("Name: who is it?".into());
            }
            let agency = agency_at(2).ok_or("Agency: choose the member's agency (Left/Right)")?;
            let role = sel(3)
                .and_then(|i| ROLES.get(i).copied())
                .unwrap_or(Role::Member);
            let sole = [
                Role::Chair,
                Role::ViceChair,
                Role::Coordinator,
                Role::MappaCoordinator,
            ];
            if sole.contains(&role) {
                if let Some(other) = data.roster.iter().find(|r| {
                    r.retired_on.is_none()
                        && r.member.role == role
                        && Some(r.member.id) != *existing
                }) {
                    return Err(format!(
                        "Panel role: {} is already the {}; retire or change them first",
                        other.member.name,
                        role.label()
                    ));
                }
            }
            Ok(match existing {
                None => vec![Effect::AddMember(crate::store::write::NewMember {
                    panel: Some(data.panel.id),
                    name: v[0].trim().into(),
                    post_title: v[1].trim().into(),
                    agency: Some(agency),
                    role: Some(role),
                    deputy_for: sel(4)
                        .filter(|i| *i > 0)
                        .and_then(|i| deputy_candidates(data, None).get(i - 1).map(|m| m.id)),
                })],
                Some(id) => {
                    let set = |col: &'static str, value: rusqlite::types::Value| Effect::Set {
                        table: crate::store::write::Table::Member,
                        id: id.0,
                        col,
                        value,
                    };
                    let deputy = sel(4)
                        .filter(|i| *i > 0)
                        .and_then(|i| deputy_candidates(data, Some(*id)).get(i - 1).map(|m| m.id));
                    vec![
                        set(
                            "deputy_for_member_id",
                            deputy.map_or(rusqlite::types::Value::Null, |d| {
                                rusqlite::types::Value::Integer(d.0)
                            }),
                        ),
                        set("name", rusqlite::types::Value::Text(v[0].trim().into())),
                        set(
                            "post_title",
                            rusqlite::types::Value::Text(v[1].trim().into()),
                        ),
                        set("agency_id", rusqlite::types::Value::Integer(agency.0)),
                        set("role", rusqlite::types::Value::Text(role.code().into())),
                    ]
                }
            })
        }
        DialogKind::Retire { member } => {
            let on = parse_date(&v[0], "Retired on")?;
            Ok(vec![Effect::RetireMember {
                member: *member,
                on,
            }])
        }
        DialogKind::Meeting { existing } => {
            let date = parse_date(&v[0], "Date")?;
            if data
                .schedule
                .iter()
                .any(|m| m.date == date && Some(m.id) != *existing)
            {
                return Err(format!(
                    "Date: there is already a meeting on {}",
                    date.format("%Y-%m-%d")
                ));
            }
            Ok(match existing {
                None => vec![Effect::AddMeeting {
                    date,
                    venue: v[1].trim().into(),
                }],
                Some(id) => {
                    let from = data
                        .schedule
                        .iter()
                        .find(|m| m.id == *id)
                        .map(|m| m.date)
                        .ok_or("that meeting is gone")?;
                    vec![Effect::MoveMeeting {
                        from,
                        to: date,
                        venue: v[1].trim().into(),
                    }]
                }
            })
        }
        DialogKind::WhichSubject { .. } | DialogKind::Screen { .. } => {
            Err("handled by the referrals screen".into())
        }
        DialogKind::EndMeeting => {
            let next = parse_date(&v[0], "Next meeting")?;
            if next <= data.date {
                return Err("Next meeting: it must be after this one".into());
            }
            Ok(vec![Effect::EndMeeting { next }])
        }
    }
}
