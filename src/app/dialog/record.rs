//! Dialogs of a case page's record (issue 21): a checklist question answered, a
//! sharing or disclosure decision, an escalation and its outcome. Each checked here
//! in one line and again by the store.

use chrono::NaiveDate;

use super::*;
use crate::app::form::{Form, Kind};
use crate::app::keys::{key as KEY, Command as C};
use crate::app::Effect;
use crate::domain::paperwork::{AnswerType, ChecklistItem, Rule};
use crate::store::case_record::{NewDisclosure, NewEscalation, RecordChange};

const YES_NO: [&str; 2] = ["yes", "no"];
/// The offender choice of a sharing decision, "yes" first.
const OFFENDER: [&str; 2] = [
    "Yes: shared with the offender",
    "No: not shared with the offender",
];

fn item<'a>(data: &'a MeetingData, key: &str) -> Option<&'a ChecklistItem> {
    data.panel.paperwork.checklist.iter().find(|q| q.key == key)
}

fn saves_note() -> String {
    format!(
        "{} saves; {} keeps what you typed for later.",
        KEY(C::CaseDone),
        KEY(C::Back)
    )
}

/// Answer checklist question `key` at `discussion` (its answer so far filled in).
pub fn checklist_answer(data: &MeetingData, discussion: DiscussionId, key: &str) -> Option<Dialog> {
    let q = item(data, key)?;
    let was = data
        .cases
        .iter()
        .find(|c| c.discussion == discussion)
        .and_then(|c| c.record.answer(key));
    let answer = match q.answer {
        AnswerType::Text => text("answer", "Answer", was.map_or("", |a| &a.answer)),
        AnswerType::YesNo => choice(
            "answer",
            "Answer (yes or no)",
            YES_NO.iter().map(|s| s.to_string()).collect(),
            was.and_then(|a| YES_NO.iter().position(|x| *x == a.answer)),
        ),
        AnswerType::Choice => choice(
            "answer",
            "Answer",
            q.options.clone(),
            was.and_then(|a| q.options.iter().position(|x| *x == a.answer)),
        ),
    };
    let note_label = match q.if_no {
        Some(n) if n.needs_note() => format!("If no: {} (needed)", n.label()),
        _ => "Note (optional)".into(),
    };
    let mut note = vec![q.question.clone()];
    if let Some(n) = q.if_no {
        note.push(format!(
            "A \"no\" needs {} before the case is done.",
            n.label()
        ));
    }
    note.push(saves_note());
    Some(Dialog {
        kind: DialogKind::ChecklistAnswer {
            discussion,
            key: key.to_string(),
        },
        title: format!(
            "Chair's checklist {key}{}",
            if q.cite.is_empty() {
                String::new()
            } else {
                format!(" ({})", q.cite)
            }
        ),
        note,
        form: Form::new(vec![
            answer,
            text("note", &note_label, was.map_or("", |a| &a.note)),
        ]),
        error: None,
    })
}

pub(super) fn confirm_checklist_answer(
    r: &Values,
    data: &MeetingData,
    discussion: DiscussionId,
    key: &str,
) -> Result<Vec<Effect>, String> {
    let q = item(data, key).ok_or_else(|| format!("{key}: no longer on the checklist"))?;
    let answer = match q.answer {
        AnswerType::Text => r.text("answer"),
        AnswerType::YesNo => r
            .sel("answer")
            .map(|i| YES_NO[i].to_string())
            .unwrap_or_default(),
        AnswerType::Choice => r
            .sel("answer")
            .and_then(|i| q.options.get(i).cloned())
            .unwrap_or_default(),
    };
    q.check_answer(&answer)
        .map_err(|e| format!("Answer: {e}"))?;
    let note = r.text("note");
    if let Some(n) = q.if_no.filter(|n| n.needs_note()) {
        if answer == "no" && note.is_empty() {
            return Err(format!(
                "If no: write {}{}",
                n.label(),
                data.panel.paperwork.cite.paren(Rule::Checklist)
            ));
        }
    }
    Ok(vec![Effect::Record(RecordChange::Answer {
        discussion,
        key: key.to_string(),
        answer,
        note,
    })])
}

/// A sharing or disclosure decision at `discussion`.
pub fn disclosure(discussion: DiscussionId) -> Dialog {
    Dialog {
        kind: DialogKind::Disclosure { discussion },
        title: "Sharing or disclosure decision".into(),
        note: vec![
            "What, who, how and why; if not shared with the offender, state why. A member who advised against it is recorded with their reason.".into(),
            saves_note(),
        ],
        form: Form::new(vec![
            text("to", "To whom (person, employer, school, the public, media)", ""),
            text("what", "What is shared", ""),
            text("how", "How (letter, visit, briefing)", ""),
            text("why", "Why", ""),
            choice(
                "offender",
                "Shared with the offender",
                OFFENDER.iter().map(|s| s.to_string()).collect(),
                None,
            ),
            text("offender_why", "If not with the offender: why", ""),
            text("agreed", "Agreed by (chair and disclosing agencies)", ""),
            text("dissent_by", "Dissent: who advised against it (if anyone)", ""),
            text("dissent_why", "Dissent: their reason", ""),
        ]),
        error: None,
    }
}

pub(super) fn confirm_disclosure(
    r: &Values,
    data: &MeetingData,
    discussion: DiscussionId,
) -> Result<Vec<Effect>, String> {
    let with = r
        .sel("offender")
        .ok_or("Shared with the offender: choose yes or no")?;
    let row = NewDisclosure {
        to_whom: r.text("to"),
        what: r.text("what"),
        how: r.text("how"),
        why: r.text("why"),
        with_offender: with == 0,
        offender_reason: r.text("offender_why"),
        agreed_by: r.text("agreed"),
        dissent_by: r.text("dissent_by"),
        dissent_why: r.text("dissent_why"),
    };
    if let Some(p) = row.problem(&data.panel.paperwork.cite.paren(Rule::Sharing)) {
        return Err(p);
    }
    Ok(vec![Effect::Record(RecordChange::Disclosure {
        discussion,
        row,
    })])
}

/// An escalation at `discussion`: the issue, to whom, the time limit (the next meeting
/// suggested).
pub fn escalation(data: &MeetingData, discussion: DiscussionId) -> Dialog {
    let mut due = text("due", "Time limit set by the panel (YYYY-MM-DD)", "");
    if let Kind::Text(t) = &mut due.kind {
        t.suggestion = data.next_meeting.map(|d| d.format("%Y-%m-%d").to_string());
    }
    Dialog {
        kind: DialogKind::Escalation { discussion },
        title: format!(
            "Escalation{}",
            data.panel.paperwork.cite.paren(Rule::Escalation)
        ),
        note: vec![saves_note()],
        form: Form::new(vec![
            text("issue", "Issue not resolved at the meeting", ""),
            text(
                "to",
                "Referred to (superiors, those with authority, the SMB)",
                "",
            ),
            due,
        ]),
        error: None,
    }
}

pub(super) fn confirm_escalation(
    r: &Values,
    data: &MeetingData,
    discussion: DiscussionId,
) -> Result<Vec<Effect>, String> {
    if r.text("issue").is_empty() {
        return Err("Issue: say what is referred on".into());
    }
    if r.text("to").is_empty() {
        return Err("Referred to: name to whom".into());
    }
    let due: NaiveDate = parse_date(&r.text("due"), "Time limit")?;
    if due < data.date {
        return Err("Time limit: it is before the meeting".into());
    }
    Ok(vec![Effect::Record(RecordChange::Escalation {
        discussion,
        row: NewEscalation {
            issue: r.text("issue"),
            to_whom: r.text("to"),
            due_on: due,
        },
    })])
}

/// What came of escalation `id`.
pub fn escalation_outcome(data: &MeetingData, discussion: DiscussionId, id: i64) -> Option<Dialog> {
    let e = data
        .cases
        .iter()
        .find(|c| c.discussion == discussion)?
        .record
        .escalations
        .iter()
        .find(|e| e.id == id)?;
    Some(Dialog {
        kind: DialogKind::EscalationOutcome { discussion, id },
        title: "Outcome of the escalation".into(),
        note: vec![
            format!(
                "{} (to {}, due {})",
                e.issue,
                e.to_whom,
                e.due_on.format("%Y-%m-%d")
            ),
            saves_note(),
        ],
        form: Form::new(vec![text("outcome", "Outcome", &e.outcome)]),
        error: None,
    })
}

pub(super) fn confirm_outcome(
    r: &Values,
    discussion: DiscussionId,
    id: i64,
) -> Result<Vec<Effect>, String> {
    if r.text("outcome").is_empty() {
        return Err("Outcome: say what came of it".into());
    }
    Ok(vec![Effect::Record(RecordChange::Outcome {
        discussion,
        id,
        outcome: r.text("outcome"),
    })])
}
