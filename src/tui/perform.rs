//! Carry out the app's effects against the store. Each effect is one transaction.

use rusqlite::types::Value;

use crate::app::{Effect, Msg};
use crate::domain::agenda::AgendaKind;
use crate::domain::types::ActionStatus;
use crate::store::intake::{Linking, Screened, SubjectChoice, TakeRequest, Taking};
use crate::store::write::{text, time, Table};
use crate::store::{MeetingId, Store, StoreError};

/// Why effects were not performed.
pub struct Failure {
    pub effects: Vec<Effect>,
    pub error: String,
    /// Worth trying again (a busy or failing disk), not a refusal by the rules.
    pub transient: bool,
    /// Another program holds the write lock.
    pub busy: bool,
    /// Messages for the app from the effects that were performed.
    pub follow: Vec<Msg>,
}

/// Perform effects in order. On failure returns the failed effect and every one
/// after it (so they can be tried again), with the reason.
pub fn perform(
    store: &Store,
    meeting: &mut MeetingId,
    fx: Vec<Effect>,
) -> Result<Vec<Msg>, Failure> {
    let mut follow = vec![];
    let mut it = fx.into_iter();
    while let Some(e) = it.next() {
        if let Some(msg) = perform_text(store, &e) {
            // Text answers for itself: its editor keeps it until it is in the record.
            follow.push(msg);
            continue;
        }
        if let Err(err) = perform_one(store, meeting, &e, &mut follow) {
            let transient = err.is_transient();
            let busy = err.is_busy();
            let mut rest = vec![e];
            if transient {
                // Keep the order: what came after waits for the failed one, except
                // typed text, which its editors keep and retry.
                for e in it {
                    match perform_text(store, &e) {
                        Some(msg) => follow.push(msg),
                        None => rest.push(e),
                    }
                }
            } else {
                // A refusal: report it and carry on with the rest.
                match perform(store, meeting, it.collect()) {
                    Ok(msgs) => follow.extend(msgs),
                    Err(f) => follow.extend(f.follow),
                }
            }
            return Err(Failure {
                effects: rest,
                error: err.to_string(),
                transient,
                busy,
                follow,
            });
        }
    }
    Ok(follow)
}

/// Journal or commit typed text; `None` if `e` is not about typed text. A journal
/// failure is reported as a failed commit, so the editor stays unsaved and retries.
fn perform_text(store: &Store, e: &Effect) -> Option<Msg> {
    let failed = |target: &crate::store::live::TextTarget, err: StoreError| Msg::TextFailed {
        target: target.clone(),
        transient: err.is_transient(),
        busy: err.is_busy(),
        error: err.to_string(),
    };
    match e {
        Effect::Journal { target, base, body } => store
            .journal_text(store.terminal(), target, base, body)
            .err()
            .map(|err| failed(target, err)),
        Effect::CommitText { target, base, body } => {
            Some(match store.commit_text(target, base, body) {
                Ok(saved) => Msg::TextSaved {
                    target: target.clone(),
                    sent: body.clone(),
                    saved,
                },
                Err(err) => failed(target, err),
            })
        }
        _ => None,
    }
}

/// After the schedule changes: if the meeting on screen has not started, show the one
/// that now comes first (an extra meeting may have been added before it).
fn follow_schedule(store: &Store, meeting: &mut MeetingId) -> Result<(), StoreError> {
    let state: String =
        store
            .conn()
            .query_row("SELECT state FROM meeting WHERE id = ?1", [*meeting], |r| {
                r.get(0)
            })?;
    if state == crate::domain::types::MeetingState::Planned.code() {
        if let Some(id) = store.meeting_to_run()? {
            *meeting = id;
        }
    }
    Ok(())
}

/// Perform one effect; messages for the app (questions, results) go to `follow`.
fn perform_one(
    store: &Store,
    meeting: &mut MeetingId,
    e: &Effect,
    follow: &mut Vec<Msg>,
) -> Result<(), StoreError> {
    match e {
        Effect::AddAction(..)
        | Effect::CheckAction { .. }
        | Effect::UndoCarryOver { .. }
        | Effect::CarryOver { .. }
        | Effect::AddIntervention { .. }
        | Effect::EditIntervention { .. }
        | Effect::SetOnward { .. }
        | Effect::SetCpFor { .. }
        | Effect::CompleteCase { .. } => perform_case(store, meeting, e, follow),
        Effect::AddMember(..)
        | Effect::RetireMember { .. }
        | Effect::AddMeeting { .. }
        | Effect::MoveMeeting { .. }
        | Effect::TakeReferral { .. }
        | Effect::Screen { .. }
        | Effect::SaveDraft { .. }
        | Effect::ClearDraft { .. } => perform_between(store, meeting, e, follow),
        // The runner suspends; nothing to write.
        Effect::Suspend => Ok(()),
        // Reads answer for themselves: a failed one is said as a read, never as a
        // failed save (nothing was being saved), and its screen's key tries again.
        Effect::LoadReferrals { panel } => {
            follow.push(match store.waiting_referrals(*panel) {
                Ok(rows) => Msg::ReferralsLoaded(rows),
                Err(e) => Msg::ReadFailed {
                    what: crate::app::unread::Unread::Referrals,
                    error: e.to_string(),
                },
            });
            Ok(())
        }
        // The reading is the runner's, after the effects (`tui::apply`).
        Effect::Reload => Ok(()),
        Effect::Record(change) => store.record_change(change),
        Effect::Guest(change) => store.guest_change(change),
        Effect::ChangeLevel {
            discussion,
            to,
            reason,
            by,
        } => store.change_level(*discussion, *to, reason, by),
        _ => perform_meeting(store, meeting, e, follow),
    }
}

/// The meeting itself: fields, attendance, places, the close and the end.
fn perform_meeting(
    store: &Store,
    meeting: &mut MeetingId,
    e: &Effect,
    follow: &mut Vec<Msg>,
) -> Result<(), StoreError> {
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
        Effect::StartMeeting => {
            store.start_meeting(m)?;
            if !store.room_state(m)?.alive {
                // Whoever starts the meeting shows the room until another terminal takes it.
                store.take_room_here(m)?;
            }
            follow.push(crate::app::unread::room_read(store.room_state(m)));
        }
        Effect::MarkMember {
            member,
            status,
            note,
        } => {
            let mem = store.meeting_member(m, *member)?;
            store.atomic(|s| {
                let a = s.mark_member(m, &mem, *status)?;
                s.set_field(Table::Attendance, a.0, "note", text(note.clone()))?;
                Ok(())
            })?;
        }
        Effect::Submission { member, text: said } => {
            let mem = store.meeting_member(m, *member)?;
            store.atomic(|s| {
                let a = s.mark_member(
                    m,
                    &mem,
                    crate::domain::types::AttendanceStatus::WrittenSubmission,
                )?;
                s.set_field(Table::Attendance, a.0, "submission", text(said.clone()))?;
                Ok(())
            })?;
        }
        Effect::MarkDeputy { member, who } => {
            let absent = store.meeting_member(m, *member)?;
            store.mark_deputy(m, &absent, who)?;
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
        Effect::QuorumOverride { reason } => store.override_quorum(m, reason)?,
        Effect::Journal { .. } | Effect::CommitText { .. } => {}
        Effect::Place { item, discussion } => {
            let room = store.room_state(m)?.here;
            store.save_place(m, store.terminal(), *item, *discussion, room)?;
            if room {
                follow.push(crate::app::unread::room_read(store.room_state(m)));
            }
        }
        Effect::TakeRoom => {
            store.take_room_here(m)?;
            follow.push(crate::app::unread::room_read(store.room_state(m)));
        }
        Effect::RoomBlank(blank) => {
            store.set_room_blank(m, *blank)?;
            follow.push(crate::app::unread::room_read(store.room_state(m)));
        }
        Effect::RoomReveal { discussion, item } => {
            // Refused (not the room, or it moved): the terminal hears why, and what
            // the room shows now.
            let done = store.set_room_reveal(m, *discussion, *item);
            follow.push(crate::app::unread::room_read(store.room_state(m)));
            done?;
        }
        Effect::RoomStatement(word) => store.set_room_statement(m, *word)?,
        Effect::ScreenSafe {
            on,
            item,
            discussion,
            revealed,
        } => store.log_screen_safe(m, *on, *item, *discussion, *revealed)?,
        Effect::StartCase { discussion } => store.start_case(*discussion)?,
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
            let panel = store.panel_info(None)?.id;
            schedule_note(store, panel, *next, 0, follow)?;
            if let Some(id) = store.meeting_to_run()? {
                *meeting = id;
            }
        }
        Effect::AddMappa(n) => {
            store.add_mappa_note(m, n)?;
        }
        Effect::UpdateMappa { id, note } => store.update_mappa_note(*id, note)?,
        _ => unreachable!("dispatched by perform_one"),
    }
    Ok(())
}

/// What a case page records: actions, interventions, onward referrals, done.
fn perform_case(
    store: &Store,
    meeting: &mut MeetingId,
    e: &Effect,
    follow: &mut Vec<Msg>,
) -> Result<(), StoreError> {
    let m = *meeting;
    match e {
        Effect::SetOnward {
            discussion,
            kind,
            state,
        } => {
            store.set_onward_state(*discussion, kind, *state)?;
        }
        Effect::SetCpFor {
            discussion,
            kind,
            cp_for,
        } => {
            store.set_cp_for(*discussion, kind, *cp_for)?;
        }
        Effect::AddAction(a) => {
            store.add_action(a)?;
        }
        Effect::CheckAction {
            action,
            status: ActionStatus::Open,
        } => store.atomic(|s| {
            let t = Table::Action;
            s.set_field(t, action.0, "status", text(ActionStatus::Open.code()))?;
            s.set_field(t, action.0, "completed_on", Value::Null)?;
            s.set_field(t, action.0, "completion_note", text(""))?;
            s.set_field(t, action.0, "reviewed_at_meeting_id", Value::Null)?;
            Ok(())
        })?,
        Effect::CheckAction { action, status } => {
            let day = store.meeting_date(m)?;
            store.complete_action(*action, *status, day, "checked at the meeting", Some(m))?;
        }
        Effect::UndoCarryOver { action, then } => {
            store.undo_carry_over(*action, m)?;
            if *then != ActionStatus::Open {
                perform_one(
                    store,
                    meeting,
                    &Effect::CheckAction {
                        action: *action,
                        status: *then,
                    },
                    follow,
                )?;
            }
        }
        Effect::CarryOver { action, new_due } => {
            let day = store.meeting_date(m)?;
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
            store.complete_case(case, data.date)?;
            // Guests invited for this case leave after it (issue 21).
            store.guests_leave_case(*discussion)?;
        }
        _ => unreachable!("dispatched by perform_one"),
    }
    Ok(())
}

/// The between-meetings screens and drafts: members, meetings, referrals.
fn perform_between(
    store: &Store,
    meeting: &mut MeetingId,
    e: &Effect,
    follow: &mut Vec<Msg>,
) -> Result<(), StoreError> {
    match e {
        Effect::AddMember(member) => {
            store.add_member(member)?;
            if let (Some(_), Some(agency)) = (member.deputy_for, member.agency) {
                let panel = member
                    .panel
                    .map_or_else(|| store.panel_info(None).map(|p| p.id), Ok)?;
                if let Some(message) = store.deputy_limit_warning(panel, agency)? {
                    follow.push(Msg::Info { message });
                }
            }
        }
        Effect::RetireMember { member, on } => {
            let panel = store.panel_info(None)?.id;
            store.retire_member(panel, *member, *on)?;
        }
        Effect::AddMeeting { date, venue } => {
            let panel = store.panel_info(None)?.id;
            let today = store.today();
            let extra = crate::store::schedule::ExtraMeeting {
                venue: Some(venue),
                ..Default::default()
            };
            let (_, moved) = store.add_extra_meeting(panel, *date, &extra, today)?;
            schedule_note(store, panel, *date, moved.len(), follow)?;
            follow_schedule(store, meeting)?;
        }
        Effect::MoveMeeting { from, to, venue } => {
            let panel = store.panel_info(None)?.id;
            let today = store.today();
            let change = crate::store::schedule::MeetingChange {
                to: Some(*to),
                time: None,
                venue: Some(venue),
            };
            let moved = store.move_meeting(panel, (*from).into(), &change, today)?;
            schedule_note(store, panel, *to, moved.len(), follow)?;
            follow_schedule(store, meeting)?;
        }
        Effect::TakeReferral { form, choice } => take_referral(store, form, *choice, follow)?,
        Effect::Screen { referral, form } => {
            match store.screen_referral(*referral, form, store.today())? {
                Screened::Refused(errs) => return Err(refusal(&errs)),
                Screened::Recorded(done) => follow.push(Msg::Info {
                    message: format!("Case {} screened: {}", done.row.id, done.row.placement),
                }),
            }
        }
        Effect::SaveDraft { key, body } => store.save_draft(key, body)?,
        Effect::ClearDraft { key } => store.clear_draft(key)?,
        _ => unreachable!("dispatched by perform_one"),
    }
    Ok(())
}

/// Say on the status line, in one message, that the meeting now on `day` is at a time
/// that happens twice that night (issue 18; one that never happens was refused) and
/// how many new referrals now go to a different meeting.
fn schedule_note(
    store: &Store,
    panel: crate::store::PanelId,
    day: chrono::NaiveDate,
    moved: usize,
    follow: &mut Vec<Msg>,
) -> Result<(), StoreError> {
    let mut said: Vec<String> = store.meeting_time_note(panel, day)?.into_iter().collect();
    if moved > 0 {
        said.push(format!("{moved} referral(s) now go to a different meeting"));
    }
    if !said.is_empty() {
        follow.push(Msg::Info {
            message: said.join("; "),
        });
    }
    Ok(())
}

/// The form's problems as one refusal for the status line.
fn refusal(errs: &[crate::domain::intake::FieldIssue]) -> StoreError {
    StoreError::Rule(
        errs.iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("; "),
    )
}

/// Take in a referral typed into the form ([`Store::take_referral_form`]): a possible
/// known person is asked about, and what happened goes to the status line.
fn take_referral(
    store: &Store,
    form: &crate::domain::intake::ReferralForm,
    choice: SubjectChoice,
    follow: &mut Vec<Msg>,
) -> Result<(), StoreError> {
    let panel = store.panel_info(None)?.id;
    let req = TakeRequest {
        form,
        known_issues: &[],
        choice,
        linking: Linking::Sure,
        dry_run: false,
    };
    let (checked, done) = match store.take_referral_form(panel, &req, store.today())? {
        Taking::Refused(errs) => return Err(refusal(&errs)),
        Taking::Ask { who, .. } | Taking::Checked { who, .. } => {
            let candidates = who
                .candidates()
                .into_iter()
                .map(|k| (k.id, k.describe()))
                .collect();
            follow.push(Msg::NeedsSubject { candidates });
            return Ok(());
        }
        Taking::Taken {
            checked, intake, ..
        } => (checked, intake),
    };
    let info = store.panel_info(None)?;
    let place = match &checked.excluded {
        Some(refusal) => format!(
            "excluded, {refusal}; it is noted at {}",
            crate::domain::agenda::item_words(&info.agenda, AgendaKind::Mappa)
        ),
        None => checked.destination.describe(&info.paperwork.cite),
    };
    let linked = done
        .linked
        .map(|k| {
            let dob = match (k.date_of_birth, checked.date_of_birth) {
                (Some(kept), Some(typed)) if kept != typed => format!(
                    " Their recorded date of birth {} is kept (the referral said {}).",
                    kept.format("%Y-%m-%d"),
                    typed.format("%Y-%m-%d")
                ),
                _ => String::new(),
            };
            format!(
                " Linked to {}: previously known to the panel.{dob}",
                k.describe()
            )
        })
        .unwrap_or_default();
    let notes: String = checked
        .warnings
        .iter()
        .map(|w| format!(" Note: {w}."))
        .collect();
    // Known to another panel of the workspace (issue 23, X5): named only.
    let elsewhere = crate::cli::across::intake_words(store, done.referral);
    follow.push(Msg::ReferralTaken {
        message: format!(
            "Case {} taken in:{elsewhere} {place}.{linked}{notes}",
            done.referral
        ),
    });
    Ok(())
}
