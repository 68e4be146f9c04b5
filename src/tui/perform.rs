//! Carry out the app's effects against the store. Each effect is one transaction.

use rusqlite::types::Value;

use crate::app::Effect;
use crate::domain::agenda::AgendaKind;
use crate::store::write::{text, time, Table};
use crate::store::{MeetingId, Store, StoreError};

/// Why effects were not performed.
pub struct Failure {
    pub effects: Vec<Effect>,
    pub error: String,
    /// Worth trying again (a busy or failing disk), not a refusal by the rules.
    pub transient: bool,
}

/// Perform effects in order. On failure returns the failed effect and every one
/// after it (so they can be tried again), with the reason.
pub fn perform(store: &Store, meeting: &mut MeetingId, fx: Vec<Effect>) -> Result<(), Failure> {
    let mut it = fx.into_iter();
    while let Some(e) = it.next() {
        if let Err(err) = perform_one(store, meeting, &e) {
            let transient = err.is_transient();
            let mut rest = vec![e];
            if transient {
                // Keep the order: what came after waits for the failed one.
                rest.extend(it);
            } else {
                // A refusal: report it and carry on with the rest.
                let _ = perform(store, meeting, it.collect());
            }
            return Err(Failure {
                effects: rest,
                error: err.to_string(),
                transient,
            });
        }
    }
    Ok(())
}

fn perform_one(store: &Store, meeting: &mut MeetingId, e: &Effect) -> Result<(), StoreError> {
    let m = *meeting;
    match e {
        Effect::Set {
            table,
            id,
            col,
            value,
        } => {
            store.set_field(*table, *id, col, value.clone())?;
        }
        Effect::StartMeeting => store.start_meeting(m)?,
        Effect::MarkMember {
            member,
            status,
            note,
        } => {
            let day = store.load_meeting(m)?.date;
            let panel = store.panel_info(None)?.id;
            let mem = store
                .members(panel, day)?
                .into_iter()
                .find(|x| x.id == *member)
                .ok_or_else(|| StoreError::NotFound(format!("member {member}")))?;
            store.atomic(|s| {
                let a = s.mark_member(m, &mem, *status)?;
                s.set_field(Table::Attendance, a.0, "note", text(note.clone()))?;
                Ok(())
            })?;
        }
        Effect::AddAttendee(a) => {
            store.add_attendance(a)?;
        }
        Effect::Override { reason } => store.atomic(|s| {
            s.set_field(
                Table::Meeting,
                m.0,
                "gate_override_reason",
                text(reason.clone()),
            )?;
            s.set_field(Table::Meeting, m.0, "gate_override_at", time(s.now()))?;
            Ok(())
        })?,
        Effect::SetIntel {
            agency,
            police,
            body,
        } => {
            store.set_intelligence(m, *agency, *police, body)?;
        }
        Effect::SetOnward {
            discussion,
            kind,
            state,
        } => {
            store.set_onward(*discussion, *kind, *state, None, "")?;
        }
        Effect::AddAction(a) => {
            store.add_action(a)?;
        }
        Effect::CheckAction { action, status } => {
            let day = store.load_meeting(m)?.date;
            store.complete_action(
                *action,
                *status,
                day,
                &format!("Checked at the meeting: {}", status.label()),
                Some(m),
            )?;
        }
        Effect::CarryOver { action, new_due } => {
            let day = store.load_meeting(m)?.date;
            store.carry_over_action(*action, m, *new_due, day)?;
        }
        Effect::AddIntervention { referral, row } => {
            store.add_intervention(*referral, Some(m), row)?;
        }
        Effect::EditIntervention { id, row } => store.atomic(|s| {
            let t = Table::Intervention;
            s.set_field(t, id.0, "core_issue", text(row.core_issue.clone()))?;
            s.set_field(t, id.0, "intervention", text(row.intervention.clone()))?;
            s.set_field(
                t,
                id.0,
                "level_of_contact",
                text(row.level_of_contact.clone()),
            )?;
            s.set_field(
                t,
                id.0,
                "agency_id",
                row.agency.map_or(Value::Null, |a| Value::Integer(a.0)),
            )?;
            s.set_field(t, id.0, "progress", text(row.progress.clone()))?;
            s.set_field(t, id.0, "updated_at", time(s.now()))?;
            Ok(())
        })?,
        Effect::CompleteCase { discussion } => {
            let data = store.load_meeting(m)?;
            let case = data
                .cases
                .iter()
                .find(|c| c.discussion == *discussion)
                .ok_or_else(|| StoreError::NotFound(format!("discussion {discussion}")))?;
            store.complete_case(m, case, data.date)?;
        }
        Effect::FormalClose => {
            let data = store.load_meeting(m)?;
            store.formally_close(m)?;
            if let Some(item) = data
                .panel
                .agenda
                .iter()
                .find(|i| i.kind == AgendaKind::Mappa)
            {
                store.set_field(
                    Table::Meeting,
                    m.0,
                    "current_item",
                    Value::Integer(item.number as i64),
                )?;
                store.set_field(Table::Meeting, m.0, "current_discussion_id", Value::Null)?;
            }
        }
        Effect::EndMeeting { next } => {
            store.end_meeting(m, *next)?;
            if let Some(id) = store.meeting_to_run()? {
                *meeting = id;
            }
        }
        Effect::AddMappa {
            name,
            category,
            level,
            note,
        } => {
            store.add_mappa_note(m, name, *category, *level, note)?;
        }
        Effect::AddMember(member) => {
            store.add_member(member)?;
        }
        Effect::AddMeeting { date, venue } => {
            let panel = store.panel_info(None)?;
            store.create_meeting(panel.id, *date, venue, panel.pattern.start_time.as_deref())?;
        }
        Effect::SaveDraft { key, body } => store.save_draft(key, body)?,
        Effect::ClearDraft { key } => store.clear_draft(key)?,
    }
    Ok(())
}
