//! Small forms opened on purpose (add an action, a visitor, an intervention row, a
//! MAPPA note; confirm the formal close or the end). Their text is kept as a draft
//! until confirmed, so closing one with Esc or a crash loses nothing.

mod between;
mod case;
pub mod chair;
mod guest;
pub mod level;
mod meeting;
mod record;

use chrono::NaiveDate;

pub use between::*;
pub use case::*;
pub use guest::{guest, GUEST_TITLE};
pub use meeting::*;
pub use record::{checklist_answer, disclosure, escalation, escalation_outcome};

use super::form::{Bind, Field, Form, Kind};
use super::Effect;
use crate::domain::types::{AttendanceStatus, VolunteeredHow};
use crate::store::ids::*;
use crate::store::meeting::MeetingData;

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
    /// A guest for one case, agreed by the chair in advance (issue 21).
    Guest,
    /// A MAPPA level changed at a decision (issue 21, B10).
    Level {
        discussion: DiscussionId,
    },
    Deputy {
        member: MemberId,
    },
    /// What an absent member's written submission said (section 5.5).
    Submission {
        member: MemberId,
    },
    Override,
    /// The chair lets decisions be taken without a quorum, with a reason.
    QuorumOverride,
    AddMappa,
    /// Put right or complete a MAPPA note already made.
    EditMappa {
        note: MappaNoteId,
    },
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
    /// A question of the chair's checklist answered for a case (issue 21).
    ChecklistAnswer {
        discussion: DiscussionId,
        key: String,
    },
    /// A sharing or disclosure decision for a case.
    Disclosure {
        discussion: DiscussionId,
    },
    /// An issue referred on from a case, with its time limit.
    Escalation {
        discussion: DiscussionId,
    },
    /// What came of escalation `id`.
    EscalationOutcome {
        discussion: DiscussionId,
        id: i64,
    },
    /// The coordinator's override of a failed referral checklist on F7 (MV1).
    ChecklistOverride,
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
            DialogKind::Guest => "guest".into(),
            DialogKind::Level { discussion } => format!("level:{discussion}"),
            DialogKind::Deputy { member } => format!("deputy:{member}"),
            DialogKind::Submission { member } => format!("submission:{member}"),
            DialogKind::Override => "override".into(),
            DialogKind::QuorumOverride => "quorum-override".into(),
            DialogKind::AddMappa => "mappa".into(),
            DialogKind::EditMappa { note } => format!("mappa:{note}"),
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
            DialogKind::ChecklistAnswer { discussion, key } => {
                format!("checklist:{discussion}:{key}")
            }
            DialogKind::Disclosure { discussion } => format!("disclosure:{discussion}"),
            DialogKind::Escalation { discussion } => format!("escalation:{discussion}"),
            DialogKind::EscalationOutcome { id, .. } => format!("escalation-outcome:{id}"),
            DialogKind::ChecklistOverride => "checklist-override".into(),
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
                Kind::Choice { committed, .. } => {
                    committed.map(|s| s.to_string()).unwrap_or_default()
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
                    let mut fresh = crate::app::form::TextField::new(v, t.multiline);
                    fresh.suggestion = t.suggestion.take();
                    *t = fresh;
                }
                Kind::Choice {
                    options,
                    selected,
                    committed,
                    ..
                } => {
                    if let Ok(i) = v.parse::<usize>() {
                        if i < options.len() {
                            *selected = Some(i);
                            *committed = Some(i);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// A one-line text field named `name` in its dialog.
fn text(name: &'static str, label: &str, value: &str) -> Field {
    Field::text(label, Bind::Dialog(name), value, false)
}

/// A choice field named `name` in its dialog.
fn choice(name: &'static str, label: &str, options: Vec<String>, selected: Option<usize>) -> Field {
    Field::choice(label, Bind::Dialog(name), options, selected)
}

fn agency_choice(
    name: &'static str,
    label: &str,
    data: &MeetingData,
    selected: Option<AgencyId>,
) -> Field {
    Field::choice(
        label,
        Bind::Dialog(name),
        data.agencies
            .iter()
            .map(|a| format!("{} — {}", a.code, a.name))
            .collect(),
        selected.and_then(|s| data.agencies.iter().position(|a| a.id == s)),
    )
}

/// Who can volunteer an action (section 7.2): each person in the room (a deputy as
/// such), each agency that sent a written submission, and the panel's agreement for
/// an agency not present, in that order.
#[derive(Debug, Clone, PartialEq)]
pub struct Volunteer {
    /// As offered in the dialog.
    pub label: String,
    /// The person recorded (empty for the panel's agreement).
    pub name: String,
    pub member: Option<MemberId>,
    /// The agency they speak for; `None` for the panel's agreement.
    pub agency: Option<AgencyId>,
    pub how: VolunteeredHow,
}

pub fn volunteers(data: &MeetingData) -> Vec<Volunteer> {
    let code = |a: Option<AgencyId>| data.agency_code(a);
    let mut out: Vec<Volunteer> = data
        .present()
        .iter()
        .filter(|a| a.left_at.is_none())
        .map(|a| Volunteer {
            label: format!("{} ({})", a.name, code(a.agency)),
            name: a.name.clone(),
            member: a.member,
            agency: a.agency,
            how: if a.status == AttendanceStatus::Deputy {
                VolunteeredHow::Deputy
            } else {
                VolunteeredHow::InPerson
            },
        })
        .collect();
    out.extend(
        data.attendance
            .iter()
            .filter(|a| a.status == AttendanceStatus::WrittenSubmission)
            .map(|a| Volunteer {
                label: format!("{} by written submission ({})", code(a.agency), a.name),
                name: a.name.clone(),
                member: a.member,
                agency: a.agency,
                how: VolunteeredHow::WrittenSubmission,
            }),
    );
    out.push(Volunteer {
        label: "agreed by the panel (agency not present)".into(),
        name: String::new(),
        member: None,
        agency: None,
        how: VolunteeredHow::Agreement,
    });
    out
}

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
        DialogKind::Guest => guest(data),
        DialogKind::Level { discussion } => {
            let case = data.cases.iter().find(|c| c.discussion == *discussion)?;
            level::level(data, case)
        }
        DialogKind::AddMappa => add_mappa(None),
        DialogKind::EditMappa { note } => {
            add_mappa(Some(data.mappa.iter().find(|n| n.id == *note)?))
        }
        DialogKind::CarryOver { action } => carry_over(*action, data.next_meeting),
        DialogKind::Deputy { member } => return deputy(data, *member),
        DialogKind::Submission { member } => return submission(data, *member),
        DialogKind::ChecklistAnswer { discussion, key } => {
            return checklist_answer(data, *discussion, key)
        }
        DialogKind::Disclosure { discussion } => disclosure(*discussion),
        DialogKind::Escalation { discussion } => escalation(data, *discussion),
        DialogKind::EscalationOutcome { discussion, id } => {
            return escalation_outcome(data, *discussion, *id)
        }
        _ => return None,
    })
}

fn parse_date(s: &str, what: &str) -> Result<NaiveDate, String> {
    crate::domain::dates::parse_typed_date(s).map_err(|e| format!("{what}: {e}"))
}

/// Check a dialog and turn it into effects, or say what is wrong: each dialog has its
/// own check below.
pub fn confirm(d: &Dialog, data: &MeetingData) -> Result<Vec<Effect>, String> {
    let r = Values::of(d, data);
    match &d.kind {
        DialogKind::AddAction { referral, .. } => confirm_add_action(&r, data, referral),
        DialogKind::Intervention { referral, existing } => {
            confirm_intervention(&r, data, referral, existing)
        }
        DialogKind::Visitor => confirm_visitor(&r, data),
        DialogKind::Guest => guest::confirm_guest(&r, data),
        DialogKind::Level { discussion } => level::confirm_level(&r, *discussion),
        DialogKind::Deputy { member } => confirm_deputy(&r, data, member),
        DialogKind::Submission { member } => Ok(vec![Effect::Submission {
            member: *member,
            text: r.text("text"),
        }]),
        DialogKind::Override => confirm_override_gate(&r, data),
        DialogKind::QuorumOverride => confirm_override_quorum(&r),
        DialogKind::AddMappa => confirm_add_mappa(&r, data, None),
        DialogKind::EditMappa { note } => confirm_add_mappa(&r, data, Some(*note)),
        DialogKind::CarryOver { action } => confirm_carry_over(&r, data, action),
        DialogKind::FormalClose { .. } => Ok(vec![Effect::FormalClose]),
        DialogKind::Member { existing } => confirm_member(&r, data, existing),
        DialogKind::Retire { member } => confirm_retire(&r, data, member),
        DialogKind::Meeting { existing } => confirm_meeting(&r, data, existing),
        DialogKind::WhichSubject { .. }
        | DialogKind::Screen { .. }
        | DialogKind::ChecklistOverride => Err("handled by the referrals screen".into()),
        DialogKind::EndMeeting => confirm_end_meeting(&r, data),
        DialogKind::ChecklistAnswer { discussion, key } => {
            record::confirm_checklist_answer(&r, data, *discussion, key)
        }
        DialogKind::Disclosure { discussion } => record::confirm_disclosure(&r, data, *discussion),
        DialogKind::Escalation { discussion } => record::confirm_escalation(&r, data, *discussion),
        DialogKind::EscalationOutcome { discussion, id } => {
            record::confirm_outcome(&r, *discussion, *id)
        }
    }
}

/// A dialog's values as typed, read by each field's name.
pub struct Values<'a> {
    d: &'a Dialog,
    data: &'a MeetingData,
}

impl<'a> Values<'a> {
    /// Read `d`'s fields (agency choices against `data`'s agencies).
    pub fn of(d: &'a Dialog, data: &'a MeetingData) -> Self {
        Values { d, data }
    }

    fn field(&self, name: &str) -> Option<&Field> {
        self.d
            .form
            .fields
            .iter()
            .find(|f| matches!(f.bind, Bind::Dialog(n) if n == name))
    }

    /// The text typed into the field `name`, trimmed ("" if there is none). A field
    /// left empty takes the value it suggests on screen ("Enter takes …").
    pub fn text(&self, name: &str) -> String {
        let Some(f) = self.field(name) else {
            return String::new();
        };
        let typed = f
            .text_value()
            .map(|t| t.trim().to_string())
            .unwrap_or_default();
        match &f.kind {
            Kind::Text(t) if typed.is_empty() => t.suggestion.clone().unwrap_or_default(),
            _ => typed,
        }
    }

    /// The option chosen in the choice `name`, if one is chosen.
    pub fn sel(&self, name: &str) -> Option<usize> {
        self.field(name).and_then(Field::chosen)
    }

    /// The agency chosen in the agency choice `name`.
    pub fn agency_at(&self, name: &str) -> Option<AgencyId> {
        self.sel(name)
            .and_then(|s| self.data.agencies.get(s))
            .map(|a| a.id)
    }
}
