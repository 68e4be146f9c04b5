//! Inviting a guest for one case (issue 21, gap C6), from the attendance page, before
//! or during the meeting: a professional involved in one case on the agenda (reviews
//! included), from a panel agency or one named in words, with the chair's agreement
//! given in advance (who, on what day). The checks are the store's own
//! ([`invitation_problem`]): a refusal is one line in the dialog and nothing is saved.

use super::*;
use crate::app::form::Form;
use crate::app::text::initials;
use crate::app::Effect;
use crate::domain::guest::{invitation_problem, Capacity, Invitation};
use crate::domain::paperwork::Rule;
use crate::domain::types::Role;
use crate::store::meeting::{Case, GuestChange, MeetingData, NewGuest};

/// The dialog's title.
pub const GUEST_TITLE: &str = "Invite a guest for one case";

/// The cases a guest may be invited for: every case on the agenda, in agenda order.
fn guest_cases(data: &MeetingData) -> Vec<&Case> {
    let mut cases: Vec<&Case> = data.cases.iter().collect();
    cases.sort_by_key(|c| c.item);
    cases
}

/// The name the "Agreed by" field suggests: the panel's chair (or first co-chair).
fn chair_name(data: &MeetingData) -> Option<String> {
    [Role::Chair, Role::CoChair]
        .iter()
        .find_map(|r| data.members.iter().find(|m| m.role == *r))
        .map(|m| m.name.clone())
}

/// What the room would call case `c` in the dialog: its number, initials and item.
fn case_label(data: &MeetingData, c: &Case) -> String {
    let item = data
        .panel
        .agenda
        .iter()
        .find(|i| i.number == c.item)
        .map(|i| format!(" · item {} {}", i.number, i.title))
        .unwrap_or_default();
    format!(
        "case {} ({}){item}",
        c.referral.id,
        initials(&c.referral.name)
    )
}

/// The invitation dialog for the meeting in `data`.
pub fn guest(data: &MeetingData) -> Dialog {
    let cases = guest_cases(data);
    let labels: Vec<String> = cases.iter().map(|c| case_label(data, c)).collect();
    let one = (labels.len() == 1).then_some(0);
    let cite = data.panel.paperwork.cite.paren(Rule::Guests);
    let mut agreed_by = text("agreed_by", "Agreed by (the chair)", "");
    if let (Some(name), Kind::Text(t)) = (chair_name(data), &mut agreed_by.kind) {
        t.suggestion = Some(name);
    }
    Dialog {
        kind: DialogKind::Guest,
        title: GUEST_TITLE.into(),
        note: vec![format!(
            "A professional for one case only, agreed by the chair before the meeting{cite}. Victims and family are not invited."
        )],
        form: Form::new(vec![
            text("name", "Name", ""),
            choice(
                "as",
                "Attends as",
                Capacity::ALL.iter().map(|c| c.label().to_string()).collect(),
                Some(0),
            ),
            text("post", "Post title", ""),
            agency_choice("agency", "Panel agency", data, None),
            text("agency_text", "Or their agency, in words", ""),
            choice("case", "For case", labels, one),
            agreed_by,
            text("agreed_on", "Agreed on (YYYY-MM-DD)", ""),
        ]),
        error: None,
    }
}

/// Check the invitation as the store will, and turn it into its effect.
pub(super) fn confirm_guest(r: &Values, data: &MeetingData) -> Result<Vec<Effect>, String> {
    let capacity = r
        .sel("as")
        .and_then(|i| Capacity::ALL.get(i).copied())
        .unwrap_or(Capacity::Professional);
    let agency = r.agency_at("agency");
    let agency_text = r.text("agency_text");
    let agreed_on = match r.text("agreed_on") {
        s if s.is_empty() => None,
        s => Some(parse_date(&s, "Agreed on")?),
    };
    let (name, agreed_by) = (r.text("name"), r.text("agreed_by"));
    let inv = Invitation {
        name: &name,
        capacity,
        panel_agency: agency.is_some(),
        agency_text: &agency_text,
        agreed_by: &agreed_by,
        agreed_on,
    };
    let cite = data.panel.paperwork.cite.paren(Rule::Guests);
    if let Some(problem) = invitation_problem(&inv, data.date, &cite) {
        return Err(problem);
    }
    if agency.is_some() && !agency_text.is_empty() {
        return Err("Agency: a panel agency or one in words, not both".into());
    }
    let case = r
        .sel("case")
        .and_then(|i| guest_cases(data).get(i).copied())
        .ok_or("For case: which case on the agenda is the guest for?")?;
    Ok(vec![Effect::Guest(GuestChange::Invite(NewGuest {
        discussion: case.discussion,
        name,
        post: r.text("post"),
        capacity,
        agency,
        agency_text,
        agreed_by,
        agreed_on,
    }))])
}
