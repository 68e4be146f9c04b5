//! Dialogs of the between-meetings screens: a member, retiring one, a meeting.

use crate::domain::paperwork::Rule;
use chrono::NaiveDate;

use super::*;
use crate::app::form::Form;
use crate::app::Effect;
use crate::domain::types::*;
use crate::store::ids::*;
use crate::store::meeting::MeetingData;

const ROLES: &[Role] = &[
    Role::Member,
    Role::Chair,
    Role::CoChair,
    Role::ViceChair,
    Role::Coordinator,
    Role::MappaCoordinator,
];

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
            text("name", "Name", existing.map_or("", |m| m.name.as_str())),
            text(
                "post",
                "Post title",
                existing.map_or("", |m| m.post.as_str()),
            ),
            agency_choice("agency", "Agency", data, existing.map(|m| m.agency)),
            choice(
                "role",
                "Panel role",
                ROLES.iter().map(|r| r.label().to_string()).collect(),
                Some(
                    existing
                        .and_then(|m| ROLES.iter().position(|r| *r == m.role))
                        .unwrap_or(0),
                ),
            ),
            choice(
                "deputy_for",
                &format!(
                    "Named deputy for{}",
                    data.panel.paperwork.cite.paren(Rule::Deputies)
                ),
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
            "on",
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
                "date",
                "Date (YYYY-MM-DD)",
                &existing
                    .map(|m| m.date.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
            ),
            text(
                "venue",
                "Venue",
                existing.map_or(data.venue.as_str(), |m| m.venue.as_str()),
            ),
        ]),
        error: None,
    }
}

pub(super) fn confirm_member(
    r: &Values,
    data: &MeetingData,
    existing: &Option<MemberId>,
) -> Result<Vec<Effect>, String> {
    if r.text("name").is_empty() {
        return Err("Name: who is it?".into());
    }
    let agency = r
        .agency_at("agency")
        .ok_or("Agency: choose the member's agency (Left/Right)")?;
    let role = r
        .sel("role")
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
            r.retired_on.is_none() && r.member.role == role && Some(r.member.id) != *existing
        }) {
            return Err(format!(
                "Panel role: {} is already the {}; retire or change them first",
                other.member.name,
                role.label()
            ));
        }
    }
    let co_chairs = data
        .roster
        .iter()
        .filter(|r| r.retired_on.is_none() && r.member.role == Role::CoChair)
        .filter(|r| Some(r.member.id) != *existing)
        .count();
    if role == Role::CoChair && co_chairs >= 2 {
        return Err(
            "Panel role: the panel has two co-chairs already; retire or change one first".into(),
        );
    }
    Ok(match existing {
        None => vec![Effect::AddMember(crate::store::write::NewMember {
            panel: Some(data.panel.id),
            name: r.text("name"),
            post_title: r.text("post"),
            agency: Some(agency),
            role: Some(role),
            deputy_for: r
                .sel("deputy_for")
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
            let deputy = r
                .sel("deputy_for")
                .filter(|i| *i > 0)
                .and_then(|i| deputy_candidates(data, Some(*id)).get(i - 1).map(|m| m.id));
            vec![
                set(
                    "deputy_for_member_id",
                    deputy.map_or(rusqlite::types::Value::Null, |d| {
                        rusqlite::types::Value::Integer(d.0)
                    }),
                ),
                set("name", rusqlite::types::Value::Text(r.text("name"))),
                set("post_title", rusqlite::types::Value::Text(r.text("post"))),
                set("agency_id", rusqlite::types::Value::Integer(agency.0)),
                set("role", rusqlite::types::Value::Text(role.code().into())),
            ]
        }
    })
}

pub(super) fn confirm_retire(
    r: &Values,
    _data: &MeetingData,
    member: &MemberId,
) -> Result<Vec<Effect>, String> {
    let on = parse_date(&r.text("on"), "Retired on")?;
    Ok(vec![Effect::RetireMember {
        member: *member,
        on,
    }])
}

pub(super) fn confirm_meeting(
    r: &Values,
    data: &MeetingData,
    existing: &Option<MeetingId>,
) -> Result<Vec<Effect>, String> {
    let date = parse_date(&r.text("date"), "Date")?;
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
            venue: r.text("venue"),
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
                venue: r.text("venue"),
            }]
        }
    })
}
