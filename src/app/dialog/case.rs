//! Dialogs on a case page: an action volunteered, an intervention row, carrying an
//! earlier action over, a MAPPA note. Each with its own check.

use crate::app::keys::{key as KEY, Command as C};
use chrono::NaiveDate;

use super::*;
use crate::app::form::{Form, Kind};
use crate::app::Effect;
use crate::domain::paperwork::{Citations, Rule};
use crate::domain::types::{CoreReason, VolunteeredHow};
use crate::store::ids::*;
use crate::store::meeting::MeetingData;
use crate::store::rows::mappa_note::{MappaData, MappaNote};
use crate::store::write::{NewAction, NewIntervention, NewMappaNote};

/// Where the panel writes its rules, for the dialogs' titles and refusals.
fn cite(data: &MeetingData) -> &Citations {
    &data.panel.paperwork.cite
}

pub fn add_action(data: &MeetingData, discussion: DiscussionId, referral: ReferralId) -> Dialog {
    let mut due = text("due", "Due date (YYYY-MM-DD)", "");
    if let Kind::Text(t) = &mut due.kind {
        t.suggestion = data.next_meeting.map(|d| d.format("%Y-%m-%d").to_string());
    }
    Dialog {
        kind: DialogKind::AddAction {
            discussion,
            referral,
        },
        title: format!(
            "Add an action (volunteered by an agency{})",
            cite(data).comma(Rule::Volunteered)
        ),
        note: vec![format!(
            "Enter on the last field saves the action; {} keeps what you typed for later.",
            KEY(C::Back)
        )],
        form: Form::new(vec![
            text("what", "What", ""),
            agency_choice("agency", "Agency", data, None),
            text("person", "Person (optional)", ""),
            due,
            choice(
                "by",
                "Volunteered by",
                volunteers(data).into_iter().map(|v| v.label).collect(),
                None,
            ),
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
        title: format!(
            "{} intervention{}",
            if existing.is_some() { "Edit" } else { "Add" },
            cite(data).paren(Rule::Plan)
        ),
        note: vec![],
        form: Form::new(vec![
            text("issue", "Core issue identified", &v(|e| &e.core_issue)),
            text("intervention", "Intervention", &v(|e| &e.intervention)),
            text("contact", "Level of contact", &v(|e| &e.level_of_contact)),
            agency_choice(
                "agency",
                "Agency undertaking it",
                data,
                existing.and_then(|e| e.agency),
            ),
            text("progress", "Progress", &v(|e| &e.progress)),
        ]),
        error: None,
    }
}

pub fn carry_over(action: ActionId, default_date: Option<NaiveDate>) -> Dialog {
    let mut f = text("due", "New due date (YYYY-MM-DD)", "");
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

/// Note a MAPPA level 2/3 case, or (with `existing`) put right or complete one already
/// noted: section 12's data set may follow later, the end date when MAPPA
/// management ends.
pub fn add_mappa(existing: Option<&MappaNote>) -> Dialog {
    let d = existing.map(|n| n.data.clone()).unwrap_or_default();
    let date = |x: Option<NaiveDate>| {
        x.map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    let reason = CoreReason::ALL
        .iter()
        .position(|c| c.code() == d.core_reason);
    Dialog {
        kind: match existing {
            Some(n) => DialogKind::EditMappa { note: n.id },
            None => DialogKind::AddMappa,
        },
        title: if existing.is_some() {
            "MAPPA level 2/3 case (data only; the panel plays no part)".into()
        } else {
            "Note a MAPPA level 2/3 case (data only; the panel plays no part)".into()
        },
        note: vec![format!(
            "{} saves; the section 12 data below may follow later.",
            KEY(C::CaseDone)
        )],
        form: Form::new(vec![
            text("name", "Name", existing.map_or("", |n| &n.name)),
            choice(
                "category",
                "MAPPA category",
                vec!["1".into(), "2".into(), "3".into()],
                existing.map(|n| usize::from(n.category.saturating_sub(1))),
            ),
            choice(
                "level",
                "MAPPA level",
                vec!["2".into(), "3".into()],
                existing.map(|n| usize::from(n.level.saturating_sub(2))),
            ),
            text("note", "Note", existing.map_or("", |n| &n.note)),
            // Section 12's MAPPA level 2/3 data set.
            text("dob", "Date of birth (YYYY-MM-DD)", &date(d.date_of_birth)),
            text("gender", "Gender", &d.gender),
            text("ethnicity", "Ethnicity", &d.ethnicity),
            text("postcode", "Postcode", &d.postcode),
            text("ward", "Ward", &d.ward),
            text("welfare", "Welfare legal status", &d.welfare_legal_status),
            text(
                "criminal",
                "Criminal legal status",
                &d.criminal_legal_status,
            ),
            text(
                "referred",
                "Referral date (YYYY-MM-DD)",
                &date(d.referral_date),
            ),
            choice(
                "reason",
                "Core reason",
                CoreReason::ALL
                    .iter()
                    .map(|c| c.label().to_string())
                    .collect(),
                reason,
            ),
            text("onward", "Onward referrals", &d.onward_referrals),
            text("ended", "End date (YYYY-MM-DD)", &date(d.end_date)),
        ]),
        error: None,
    }
}

pub(super) fn confirm_add_action(
    r: &Values,
    data: &MeetingData,
    referral: &ReferralId,
) -> Result<Vec<Effect>, String> {
    if r.text("what").is_empty() {
        return Err("What: say what the agency will do".into());
    }
    let agency = r
        .agency_at("agency")
        .ok_or("Agency: choose the agency that will do it (Left/Right)")?;
    let due = parse_date(&r.text("due"), "Due date")?;
    crate::domain::due::check_due(due, crate::domain::due::Earliest::Meeting(data.date))?;
    let all = volunteers(data);
    let v = r
        .sel("by")
        .and_then(|i| all.get(i).cloned())
        .ok_or_else(|| {
            format!(
                "Volunteered by: choose who offered it{}",
                cite(data).paren(Rule::Volunteered)
            )
        })?;
    let code = data.agency_code(Some(agency));
    if let Some(theirs) = v.agency.filter(|a| *a != agency) {
        return Err(format!(
            "Volunteered by: {} is {}, not {code}{}",
            v.name,
            data.agency_code(Some(theirs)),
            cite(data).paren(Rule::Volunteered)
        ));
    }
    let in_room = |x: &Volunteer| {
        x.agency == Some(agency)
            && matches!(x.how, VolunteeredHow::InPerson | VolunteeredHow::Deputy)
    };
    if v.how == VolunteeredHow::Agreement && all.iter().any(in_room) {
        return Err(format!(
            "Volunteered by: {code} is in the room and volunteers it{}",
            cite(data).paren(Rule::Volunteered)
        ));
    }
    Ok(vec![Effect::AddAction(NewAction {
        meeting: data.id,
        referral: Some(*referral),
        description: r.text("what"),
        agency,
        person: r.text("person"),
        volunteered_by: v.name,
        volunteered_by_member: v.member,
        volunteered_how: v.how,
        due_on: due,
        carried_from: None,
    })])
}

pub(super) fn confirm_intervention(
    r: &Values,
    _data: &MeetingData,
    referral: &ReferralId,
    existing: &Option<InterventionId>,
) -> Result<Vec<Effect>, String> {
    if r.text("issue").is_empty() && r.text("intervention").is_empty() {
        return Err("Core issue or intervention: write at least one".into());
    }
    let row = NewIntervention {
        core_issue: r.text("issue"),
        intervention: r.text("intervention"),
        level_of_contact: r.text("contact"),
        agency: r.agency_at("agency"),
        progress: r.text("progress"),
    };
    Ok(vec![match existing {
        Some(id) => Effect::EditIntervention { id: *id, row },
        None => Effect::AddIntervention {
            referral: *referral,
            row,
        },
    }])
}

pub(super) fn confirm_add_mappa(
    r: &Values,
    data: &MeetingData,
    editing: Option<MappaNoteId>,
) -> Result<Vec<Effect>, String> {
    if r.text("name").is_empty() {
        return Err("Name: whose case is it?".into());
    }
    let category = r
        .sel("category")
        .map(|i| i as u8 + 1)
        .ok_or("MAPPA category: choose 1, 2 or 3")?;
    let level = r
        .sel("level")
        .map(|i| i as u8 + 2)
        .ok_or("MAPPA level: choose 2 or 3")?;
    let date = |name: &str, what: &str| -> Result<Option<NaiveDate>, String> {
        let t = r.text(name);
        if t.is_empty() {
            Ok(None)
        } else {
            parse_date(&t, what).map(Some)
        }
    };
    let postcode = match r.text("postcode") {
        p if p.is_empty() => p,
        p => {
            crate::domain::postcode::normalise_postcode(&p).map_err(|e| format!("Postcode: {e}"))?
        }
    };
    let referral = editing
        .and_then(|id| data.mappa.iter().find(|n| n.id == id))
        .and_then(|n| n.referral);
    let note = NewMappaNote {
        referral,
        name: r.text("name"),
        category,
        level,
        note: r.text("note"),
        data: MappaData {
            date_of_birth: date("dob", "Date of birth")?,
            gender: r.text("gender"),
            ethnicity: r.text("ethnicity"),
            postcode,
            ward: r.text("ward"),
            welfare_legal_status: r.text("welfare"),
            criminal_legal_status: r.text("criminal"),
            referral_date: date("referred", "Referral date")?,
            end_date: date("ended", "End date")?,
            core_reason: r
                .sel("reason")
                .and_then(|i| CoreReason::ALL.get(i))
                .map(|c| c.code().to_string())
                .unwrap_or_default(),
            onward_referrals: r.text("onward"),
        },
    };
    Ok(vec![match editing {
        Some(id) => Effect::UpdateMappa { id, note },
        None => Effect::AddMappa(note),
    }])
}

pub(super) fn confirm_carry_over(
    r: &Values,
    data: &MeetingData,
    action: &ActionId,
) -> Result<Vec<Effect>, String> {
    let due = parse_date(&r.text("due"), "New due date")?;
    if due <= data.date {
        return Err("New due date: it must be after this meeting".into());
    }
    Ok(vec![Effect::CarryOver {
        action: *action,
        new_due: due,
    }])
}

/// The chair's override of the quorum (`[quorum]`): decisions may be taken without
/// it, for a reason recorded on the meeting and in the minutes. `short` is the line
/// saying what is missing.
pub fn override_quorum(short: &str) -> Dialog {
    Dialog {
        kind: DialogKind::QuorumOverride,
        title: "Chair override: take decisions without a quorum".into(),
        note: vec![
            short.to_string(),
            "The reason is recorded in the minutes.".into(),
        ],
        form: Form::new(vec![text("reason", "Reason", "")]),
        error: None,
    }
}

pub(super) fn confirm_override_quorum(r: &Values) -> Result<Vec<Effect>, String> {
    if r.text("reason").is_empty() {
        return Err("Reason: the chair's reason is recorded and cannot be blank".into());
    }
    Ok(vec![Effect::QuorumOverride {
        reason: r.text("reason"),
    }])
}
