//! The case page's record beyond the decision (issue 21), shown only when the panel
//! file asks for it: the chair's checklist (`[[checklist]]`, one row per question,
//! Enter answers it), a choice per risk measure (`[[risk_measure]]`), sharing and
//! disclosure decisions and escalations (`[records]`, added with the add key). The
//! checklist is answered in full, and each "no" given what it requires, before the case
//! can be marked done.

use crate::app::keys::{key as KEY, Command as C};

use crate::app::dialog;
use crate::app::dialog_keys::open_dialog;
use crate::app::form::{Bind, Field};
use crate::app::text::one_line;
use crate::app::{App, Effect};
use crate::domain::paperwork::{checklist_missing, Answered, Paperwork, Rule};
use crate::domain::types::Role;
use crate::store::case_record::RecordChange;
use crate::store::ids::{AttendanceId, DiscussionId};
use crate::store::meeting::{Attendee, Case, MeetingData};
use crate::store::write::Table;
use rusqlite::types::Value;

/// What a record field of the case page is bound to.
#[derive(Debug, Clone, PartialEq)]
pub enum RecordBind {
    /// The checklist: each question's key, and what the case holds for the gate
    /// (answers as key, answer, note; the actions agreed at this meeting).
    Checklist {
        discussion: DiscussionId,
        keys: Vec<String>,
        answers: Vec<(String, String, String)>,
        actions: usize,
    },
    /// A rating on the risk measure `key`, one of `levels`.
    Rating {
        discussion: DiscussionId,
        key: String,
        levels: Vec<String>,
    },
    /// The sharing and disclosure decisions.
    Sharing { discussion: DiscussionId },
    /// The escalations, by row id.
    Escalations {
        discussion: DiscussionId,
        ids: Vec<i64>,
    },
    /// Which of the co-chairs present agreed the decision (issue 22, MAVE MV5): their
    /// attendance rows, in the order offered.
    AgreedBy {
        discussion: DiscussionId,
        chairs: Vec<AttendanceId>,
    },
}

/// Whether `a` and `b` bind the same field of a page rebuilt after a save: the
/// checklist's and the escalations' binds carry what they hold (answers, row ids),
/// which a save changes, yet the field stays the one focused, on its row (a chair
/// answering M5 stays at M5, not back at the page's top).
pub fn same_field(a: &Bind, b: &Bind) -> bool {
    use RecordBind::{Checklist, Escalations};
    match (a, b) {
        (
            Bind::Record(Checklist { discussion: x, .. }),
            Bind::Record(Checklist { discussion: y, .. }),
        )
        | (
            Bind::Record(Escalations { discussion: x, .. }),
            Bind::Record(Escalations { discussion: y, .. }),
        ) => x == y,
        _ => a == b,
    }
}

/// The record fields of `case`'s page, in the panel's order; none for a panel that
/// asks for none (MAGPan).
pub fn fields(data: &MeetingData, case: &Case) -> Vec<Field> {
    let pw = &data.panel.paperwork;
    let d = case.discussion;
    let rec = &case.record;
    let mut f = vec![];
    if !pw.checklist.is_empty() {
        let rows = pw
            .checklist
            .iter()
            .map(|q| {
                let answer = match rec.answer(&q.key) {
                    Some(a) if a.note.is_empty() => one_line(&a.answer),
                    Some(a) => format!("{}: {}", one_line(&a.answer), one_line(&a.note)),
                    None => "not answered".into(),
                };
                format!("{} {} — {answer}", q.key, one_line(&q.question))
            })
            .collect();
        f.push(Field::list(
            &format!(
                "Chair's checklist{} (Enter answers the selected question)",
                pw.cite.paren(Rule::Checklist)
            ),
            Bind::Record(RecordBind::Checklist {
                discussion: d,
                keys: pw.checklist.iter().map(|q| q.key.clone()).collect(),
                answers: rec
                    .checklist
                    .iter()
                    .map(|a| (a.key.clone(), a.answer.clone(), a.note.clone()))
                    .collect(),
                actions: case.actions.len(),
            }),
            rows,
        ));
    }
    for m in &pw.risk_measures {
        let chosen = rec
            .rating(&m.key)
            .and_then(|l| m.scale.iter().position(|x| x == l));
        f.push(Field::choice(
            &m.label,
            Bind::Record(RecordBind::Rating {
                discussion: d,
                key: m.key.clone(),
                levels: m.scale.clone(),
            }),
            m.scale.clone(),
            chosen,
        ));
    }
    if pw.records.sharing {
        let rows = rec
            .disclosures
            .iter()
            .map(|x| {
                let offender = if x.with_offender {
                    "shared with the offender".to_string()
                } else {
                    format!("not with the offender: {}", one_line(&x.offender_reason))
                };
                let dissent = if x.dissent_by.is_empty() {
                    String::new()
                } else {
                    format!(
                        " · dissent: {} ({})",
                        one_line(&x.dissent_by),
                        one_line(&x.dissent_why)
                    )
                };
                format!(
                    "to {} · {} · {offender} · agreed by {}{dissent}",
                    one_line(&x.to_whom),
                    one_line(&x.what),
                    one_line(&x.agreed_by)
                )
            })
            .collect();
        f.push(Field::list(
            &format!(
                "Sharing and disclosure{} ({} add)",
                pw.cite.paren(Rule::Sharing),
                KEY(C::Add)
            ),
            Bind::Record(RecordBind::Sharing { discussion: d }),
            rows,
        ));
    }
    if pw.records.escalations {
        let rows = rec
            .escalations
            .iter()
            .map(|e| {
                format!(
                    "due {} · to {} · {}{}",
                    e.due_on.format("%Y-%m-%d"),
                    one_line(&e.to_whom),
                    one_line(&e.issue),
                    if e.outcome.is_empty() {
                        String::new()
                    } else {
                        format!(" · outcome: {}", one_line(&e.outcome))
                    }
                )
            })
            .collect();
        f.push(Field::list(
            &format!(
                "Escalations{} ({} add, Enter records the outcome)",
                pw.cite.paren(Rule::Escalation),
                KEY(C::Add)
            ),
            Bind::Record(RecordBind::Escalations {
                discussion: d,
                ids: rec.escalations.iter().map(|e| e.id).collect(),
            }),
            rows,
        ));
    }
    f
}

/// What the checklist still needs before the case is done, with the decision chosen
/// on the page (`decision`, a code).
pub fn missing(bind: &RecordBind, decision: Option<&str>, pw: &Paperwork) -> Vec<String> {
    let RecordBind::Checklist {
        answers, actions, ..
    } = bind
    else {
        return vec![];
    };
    let answered: Vec<Answered<'_>> = answers
        .iter()
        .map(|(key, answer, note)| Answered { key, answer, note })
        .collect();
    checklist_missing(&pw.checklist, &answered, decision, *actions)
}

/// Enter on row `sel` of a record list: answer that question, or record the outcome
/// of that escalation.
pub fn enter(app: &mut App, bind: &RecordBind, sel: usize) {
    let d = match bind {
        RecordBind::Checklist {
            discussion, keys, ..
        } => keys
            .get(sel)
            .and_then(|k| dialog::checklist_answer(&app.data, *discussion, k)),
        RecordBind::Escalations { discussion, ids } => ids
            .get(sel)
            .and_then(|id| dialog::escalation_outcome(&app.data, *discussion, *id)),
        RecordBind::Sharing { discussion } => Some(dialog::disclosure(*discussion)),
        RecordBind::Rating { .. } | RecordBind::AgreedBy { .. } => None,
    };
    if let Some(d) = d {
        open_dialog(app, d);
    }
}

/// The add key on a record list: a new sharing decision or escalation. Returns
/// whether it was one.
pub fn add(app: &mut App, bind: &RecordBind) -> bool {
    let d = match bind {
        RecordBind::Sharing { discussion } => dialog::disclosure(*discussion),
        RecordBind::Escalations { discussion, .. } => dialog::escalation(&app.data, *discussion),
        _ => return false,
    };
    open_dialog(app, d);
    true
}

/// Choosing option `i` of a record choice (a rating).
pub fn choice(bind: &RecordBind, i: usize) -> Option<Effect> {
    match bind {
        RecordBind::Rating {
            discussion,
            key,
            levels,
        } => Some(Effect::Record(RecordChange::Rating {
            discussion: *discussion,
            key: key.clone(),
            level: levels.get(i)?.clone(),
        })),
        RecordBind::AgreedBy { discussion, chairs } => {
            Some(agreed_by_effect(*discussion, *chairs.get(i)?))
        }
        _ => None,
    }
}

/// The co-chairs present at the meeting, in the order of the attendance list.
pub fn co_chairs_present(data: &MeetingData) -> Vec<&Attendee> {
    data.attendance
        .iter()
        .filter(|a| a.status.is_present() && a.role == Some(Role::CoChair))
        .collect()
}

fn agreed_by_effect(discussion: DiscussionId, chair: AttendanceId) -> Effect {
    Effect::Set {
        table: Table::Discussion,
        id: discussion.0,
        col: "agreed_by_attendance_id",
        value: Value::Integer(chair.0),
    }
}

/// "Agreed by (co-chair)": with two co-chairs present (MAVE MV5, "Co-chaired by a CSC
/// Assistant Director and DI", 001 "Who chairs the MAVE Panel?"), a choice among them,
/// "post (AGENCY)", the one who chairs the meeting suggested; no field with one chair
/// (MAGPan: nothing changes).
pub fn agreed_by(data: &MeetingData, case: &Case) -> Option<Field> {
    let chairs = co_chairs_present(data);
    if chairs.len() < 2 {
        return None;
    }
    let options = chairs
        .iter()
        .map(|a| {
            let who = if a.post.trim().is_empty() {
                &a.name
            } else {
                &a.post
            };
            let agency = a.agency.or_else(|| {
                a.member
                    .and_then(|m| data.members.iter().find(|x| x.id == m))
                    .map(|m| m.agency)
            });
            match agency {
                Some(id) => format!("{} ({})", one_line(who), data.agency_code(Some(id))),
                None => one_line(who),
            }
        })
        .collect();
    let pos = |id: Option<AttendanceId>| id.and_then(|x| chairs.iter().position(|a| a.id == x));
    let mut f = Field::choice(
        &format!(
            "Agreed by (co-chair){}",
            data.panel.paperwork.cite.paren(Rule::Chair)
        ),
        Bind::Record(RecordBind::AgreedBy {
            discussion: case.discussion,
            chairs: chairs.iter().map(|a| a.id).collect(),
        }),
        options,
        pos(case.agreed_by),
    );
    if let crate::app::form::Kind::Choice { suggestion, .. } = &mut f.kind {
        *suggestion = pos(data.chaired_by);
    }
    Some(f)
}

/// The co-chair recorded with a decision just chosen when none is yet: the one who
/// chairs the meeting, if they are a co-chair present (MV5's default); `None`
/// otherwise (one chair; already recorded; nobody recorded as chairing).
pub fn default_agreed_by(data: &MeetingData, case: &Case) -> Option<Effect> {
    if case.agreed_by.is_some() {
        return None;
    }
    let chairs = co_chairs_present(data);
    let chair = data.chaired_by?;
    (chairs.len() >= 2 && chairs.iter().any(|a| a.id == chair))
        .then(|| agreed_by_effect(case.discussion, chair))
}

/// "co-chair who agreed" when `form` offers the co-chairs and none is chosen.
pub fn agreed_by_missing(form: &crate::app::form::Form) -> Option<String> {
    form.fields.iter().find_map(|f| match (&f.bind, &f.kind) {
        (
            Bind::Record(RecordBind::AgreedBy { .. }),
            crate::app::form::Kind::Choice { selected: None, .. },
        ) => Some("co-chair who agreed".to_string()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checklist(d: i64, answers: &[(&str, &str)]) -> Bind {
        Bind::Record(RecordBind::Checklist {
            discussion: DiscussionId(d),
            keys: vec!["M1".into(), "M2".into()],
            answers: answers
                .iter()
                .map(|(k, a)| (k.to_string(), a.to_string(), String::new()))
                .collect(),
            actions: 0,
        })
    }

    #[test]
    fn a_record_list_is_the_same_field_after_a_save_changes_what_it_holds() {
        let before = checklist(7, &[]);
        let after = checklist(7, &[("M1", "yes")]);
        assert_ne!(before, after, "the bind carries the answers");
        assert!(same_field(&before, &after));
        assert!(!same_field(&before, &checklist(8, &[])), "another case's");
        let esc = |ids: Vec<i64>| {
            Bind::Record(RecordBind::Escalations {
                discussion: DiscussionId(7),
                ids,
            })
        };
        assert!(same_field(&esc(vec![]), &esc(vec![3])));
        assert!(!same_field(&esc(vec![]), &before));
    }
}
