//! The write path, app side: what reaches the record and when.
//!
//! - Typed text: every change is journalled before the next frame
//!   ([`Effect::Journal`]); it is committed to its field ([`Effect::CommitText`]) after
//!   a pause of [`DEBOUNCE_MS`], at the latest [`MAX_UNCOMMITTED_MS`] after the first
//!   uncommitted change, and at once on leaving the field or quitting. The editor stays
//!   "typing…" until the store says its text is in the record; a failed commit is tried
//!   again with the editor's *current* text, never an older copy.
//! - Dialog and form text (not yet a record) is kept as a draft on every change.
//! - Other effects that fail for a transient reason wait in `App::retry`, in order;
//!   later effects queue behind them and a newer write to the same place replaces an
//!   older one, so a retry never writes older over newer.

use chrono::{DateTime, Utc};

use super::form::{Bind, Kind};
use super::{App, Effect, SaveState};
use crate::store::ids::{DiscussionId, ReferralId};
use crate::store::live::{Joined, TextSaved, TextTarget};
use crate::store::meeting::MeetingData;
use crate::store::write::Table;
use crate::store::MeetingId;

/// Text is committed this long after the last change (and at once on leaving the field).
pub const DEBOUNCE_MS: u64 = 300;
/// ... and never later than this after the first uncommitted change, however steady
/// the typing.
pub const MAX_UNCOMMITTED_MS: u64 = 2000;
/// A failed save is tried again this often.
pub const RETRY_MS: u64 = 2000;

/// Where a form field's text is committed, if it is record text.
pub fn target(bind: &Bind, meeting: MeetingId) -> Option<TextTarget> {
    match bind {
        Bind::Text { table, id, col } => Some(TextTarget::Field {
            table: *table,
            id: *id,
            col,
        }),
        Bind::Date { table, id, col } => Some(TextTarget::Date {
            table: *table,
            id: *id,
            col,
        }),
        Bind::Intel { agency, police } => Some(TextTarget::Intel {
            meeting,
            agency: *agency,
            police: *police,
        }),
        _ => None,
    }
}

/// The draft key that keeps a pending choice of the record over a kill, e.g.
/// `choice:alice@pts/3:decision:12`; `None` for choices that are not record fields.
pub fn choice_key(terminal: &str, bind: &Bind) -> Option<String> {
    let what = match bind {
        Bind::Decision { discussion, .. } => format!("decision:{}", discussion.0),
        Bind::Risk { discussion } => format!("risk:{}", discussion.0),
        Bind::Lead { discussion } => format!("lead:{}", discussion.0),
        Bind::Onward { discussion, kind } => {
            format!("onward:{}:{kind}", discussion.0)
        }
        Bind::EarlierAction { action } => format!("action:{}", action.0),
        Bind::CpFor { discussion, kind } => format!("cpfor:{}:{kind}", discussion.0),
        Bind::ClosureReason { discussion } => format!("closure:{}", discussion.0),
        Bind::KeyWorkerAgency { discussion } => format!("keyworker:{}", discussion.0),
        _ => return None,
    };
    // Each terminal's pending choice is its own.
    Some(format!("choice:{terminal}:{what}"))
}

/// Keep field `idx`'s choice as a draft while it is pending, and drop the draft once
/// it is recorded or put back.
pub fn keep_pending_choice(app: &mut App, idx: usize, fx: &mut Vec<Effect>) {
    let Some(f) = app.form.fields.get(idx) else {
        return;
    };
    let Some(key) = choice_key(&app.terminal, &f.bind) else {
        return;
    };
    let Kind::Choice {
        options,
        selected,
        committed,
        ..
    } = &f.kind
    else {
        return;
    };
    match selected.filter(|_| selected != committed) {
        Some(i) => {
            // Written every time, whatever this terminal last wrote: the database is
            // what a restart reads.
            let body = options.get(i).cloned().unwrap_or_default();
            app.drafts.insert(key.clone(), body.clone());
            fx.push(Effect::SaveDraft { key, body });
        }
        None => {
            if app.drafts.remove(&key).is_some() {
                fx.push(Effect::ClearDraft { key });
            }
        }
    }
}

/// Journal every changed editor, and commit those due (all of them if `all`).
pub fn flush(app: &mut App, fx: &mut Vec<Effect>, all: bool) {
    let mono = app.mono;
    let meeting = app.data.id;
    let mut next_date_committed = false;
    for f in &mut app.form.fields {
        let Kind::Text(t) = &mut f.kind else { continue };
        let Some(target) = target(&f.bind, meeting) else {
            continue;
        };
        let Some(since) = t.dirty_since else { continue };
        let waiting = t.retry_at.is_some_and(|r| mono < r);
        let value = t.value();
        if t.unjournaled && (!waiting || all) {
            fx.push(Effect::Journal {
                target: target.clone(),
                base: t.base.clone(),
                body: value.clone(),
            });
            t.unjournaled = false;
        }
        let quiet = mono.saturating_sub(t.last_change) >= DEBOUNCE_MS;
        let long = mono.saturating_sub(since) >= MAX_UNCOMMITTED_MS;
        // A date is committed on a pause only once it is whole (YYYY-MM-DD or
        // DD/MM/YYYY): "2027-01-1" on the way to "2027-01-13" must not be taken as the
        // 1st. Leaving the field commits whatever it holds (the parser decides).
        let whole = !matches!(f.bind, Bind::Date { .. }) || {
            let v = value.trim();
            v.is_empty() || v.chars().count() == 10
        };
        if all || ((quiet || long) && !waiting && whole) {
            fx.push(Effect::CommitText {
                target,
                base: t.base.clone(),
                body: value,
            });
            // Cleared when the store confirms; held back if it fails.
            t.retry_at = Some(mono + RETRY_MS);
            if matches!(
                f.bind,
                Bind::Date {
                    table: crate::store::write::Table::Discussion,
                    col: "next_date",
                    ..
                }
            ) {
                next_date_committed = true;
            }
        }
    }
    if next_date_committed {
        // The review date of a page already done reaches the case record too.
        super::page::cases::follow_done_case(app, fx);
    }
    for key in app.dropped_drafts.drain(..) {
        fx.push(Effect::ClearDraft { key });
    }
    if app.screens.referrals.dirty.is_some() {
        super::page::referrals::save_draft(app, fx);
    }
    if let Some(d) = &app.dialog {
        if app.dialog_dirty.is_some() {
            let key = d.draft_key(app.data.id, &app.terminal);
            let body = d.draft_body();
            app.drafts.insert(key.clone(), body.clone());
            fx.push(Effect::SaveDraft { key, body });
            app.dialog_dirty = None;
        }
    }
}

/// The store committed `sent` to `target`: the editor now starts from what is stored.
pub fn text_saved(app: &mut App, target: &TextTarget, sent: &str, saved: TextSaved) {
    let key = target.key();
    app.waiting_since = None;
    app.saved_text.insert(key.clone(), saved.stored.clone());
    let meeting = app.data.id;
    for f in &mut app.form.fields {
        if super::save::target(&f.bind, meeting).is_none_or(|t| t.key() != key) {
            continue;
        }
        let Kind::Text(t) = &mut f.kind else { continue };
        t.base = saved.stored.clone();
        t.failed = None;
        t.waiting = false;
        t.retry_at = None;
        if t.value() == sent {
            t.dirty_since = None;
            t.unjournaled = false;
            if saved.stored != sent {
                t.set_text(&saved.stored);
            }
        }
    }
    // The meeting's record as this terminal knows it follows what was saved, so what
    // reads it (the sidebar's ticks, the room's count) agrees without a reread.
    if let TextTarget::Intel { agency, police, .. } = target {
        let notes = &mut app.data.intelligence;
        match notes.iter_mut().find(|i| i.agency == *agency) {
            Some(i) => i.body = saved.stored.clone(),
            None => notes.push(crate::store::rows::intelligence::Intel {
                // Not read by the screens; the next reread brings the real id.
                id: crate::store::ids::IntelligenceId(0),
                agency: *agency,
                police: *police,
                body: saved.stored.clone(),
            }),
        }
    }
    match saved.joined {
        Joined::Alone => {}
        Joined::Clean => app.say("Joined with another terminal's edit to the same text"),
        Joined::Both => app.warn(
            "Someone else changed the same words at the same time: both versions are kept, yours marked",
        ),
    }
}

/// Said while another program holds the write lock.
pub const WAITING: &str =
    "Waiting for another program to finish writing; what is on screen is saved as soon as it has";

/// Another program's write lock held this long (ms) is a failure to save, shown in red
/// as the README says, no longer a wait (QA fault 7).
pub const LOCK_TOO_LONG_MS: u64 = 10_000;

/// A save waits for another program's lock: start the clock, and say so unless the
/// quit question is on screen (it must stay there until answered).
pub(super) fn waiting(app: &mut App) {
    app.waiting_since.get_or_insert(app.mono);
    if !app.quit_anyway {
        app.say(WAITING);
    }
}

/// A busy database is tried again this often (ms): a lock is usually let go quickly.
pub const BUSY_RETRY_MS: u64 = 250;

/// A commit of `target` failed: the editor keeps its text and tries again.
pub fn text_failed(app: &mut App, target: &TextTarget, error: String, transient: bool, busy: bool) {
    let key = target.key();
    let meeting = app.data.id;
    let mono = app.mono;
    for f in &mut app.form.fields {
        if super::save::target(&f.bind, meeting).is_none_or(|t| t.key() != key) {
            continue;
        }
        let Kind::Text(t) = &mut f.kind else { continue };
        t.failed = (!busy).then(|| error.clone());
        t.waiting = busy;
        // Journal again when it is retried: the journal write may have failed too.
        t.unjournaled = true;
        // A refusal (a half-typed date) waits for the next change or for leaving.
        t.retry_at = Some(if busy {
            mono + BUSY_RETRY_MS
        } else if transient {
            mono + RETRY_MS
        } else {
            u64::MAX
        });
    }
    if busy {
        app.save = SaveState::Waiting;
        waiting(app);
    } else if transient {
        app.warn(format!(
            "Save failed ({error}); your text is on screen and will be saved again"
        ));
    } else {
        app.warn(format!("Not saved: {error}"));
    }
}

/// A text editor with words not yet in the record.
pub fn typing(app: &App) -> bool {
    let text_dirty =
        |f: &super::form::Field| matches!(&f.kind, Kind::Text(t) if t.dirty_since.is_some());
    app.form.fields.iter().any(text_dirty)
}

/// Text whose commit is failing.
pub fn failing_text(app: &App) -> Option<String> {
    app.form.fields.iter().find_map(|f| match &f.kind {
        Kind::Text(t) if t.dirty_since.is_some() => t.failed.clone(),
        _ => None,
    })
}

/// What the status line says about saving.
pub fn status(app: &App) -> SaveState {
    if let Some(e) = failing_text(app) {
        return SaveState::Failed(e);
    }
    if let SaveState::Failed(e) = &app.save {
        if !app.retry.is_empty() {
            return SaveState::Failed(e.clone());
        }
    }
    let waiting_text = app
        .form
        .fields
        .iter()
        .any(|f| matches!(&f.kind, Kind::Text(t) if t.dirty_since.is_some() && t.waiting));
    if waiting_text || (app.save == SaveState::Waiting && !app.retry.is_empty()) {
        if app
            .waiting_since
            .is_some_and(|t| app.mono.saturating_sub(t) >= LOCK_TOO_LONG_MS)
        {
            return SaveState::Failed(format!(
                "another program has held the database for over {} s",
                LOCK_TOO_LONG_MS / 1000
            ));
        }
        return SaveState::Waiting;
    }
    if typing(app) {
        return SaveState::Typing;
    }
    app.save.clone()
}

/// What must be read again after effects are performed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reread {
    Nothing,
    /// These case pages only (a decision, an onward referral, an action, a row).
    Cases(Vec<DiscussionId>),
    /// The whole meeting (attendance, the agenda, the schedule, a case completed).
    Meeting,
}

/// What `fx` changed on screen: nothing, some case pages, or the meeting. A save
/// costs what it changed: a change to one case rereads that case.
pub fn reread(fx: &[Effect], data: &MeetingData) -> Reread {
    if fx.contains(&Effect::Reload) {
        return Reread::Meeting;
    }
    let by_referral = |r: ReferralId| {
        data.cases
            .iter()
            .filter(move |c| c.referral.id == r)
            .map(|c| c.discussion)
    };
    let mut cases = vec![];
    for e in fx.iter().filter(|e| e.changes_data()) {
        let found: Vec<DiscussionId> = match e {
            Effect::Set {
                table: Table::Discussion,
                id,
                col,
                ..
            } if *col != "completed_at" => vec![DiscussionId(*id)],
            Effect::SetOnward { discussion, .. } | Effect::SetCpFor { discussion, .. } => {
                vec![*discussion]
            }
            Effect::Record(change) => vec![change.discussion()],
            Effect::AddAction(a) if a.referral.is_some() => {
                a.referral.map(by_referral).into_iter().flatten().collect()
            }
            Effect::AddIntervention { referral, .. } => by_referral(*referral).collect(),
            Effect::EditIntervention { id, .. } => data
                .cases
                .iter()
                .filter(|c| c.interventions.iter().any(|i| i.id == *id))
                .map(|c| c.discussion)
                .collect(),
            Effect::CheckAction { action, .. }
            | Effect::CarryOver { action, .. }
            | Effect::UndoCarryOver { action, .. } => data
                .cases
                .iter()
                .filter(|c| {
                    c.actions
                        .iter()
                        .chain(&c.earlier_actions)
                        .any(|a| a.id == *action)
                })
                .map(|c| c.discussion)
                .collect(),
            _ => return Reread::Meeting,
        };
        if found.is_empty() {
            return Reread::Meeting;
        }
        cases.extend(found);
    }
    cases.sort();
    cases.dedup();
    if cases.is_empty() {
        Reread::Nothing
    } else {
        Reread::Cases(cases)
    }
}

/// The target an effect writes to, for replacing an older queued write with a newer.
fn slot(e: &Effect) -> Option<String> {
    match e {
        Effect::Set { table, id, col, .. } => Some(format!("{}:{id}:{col}", table.name())),
        Effect::SaveDraft { key, .. } | Effect::ClearDraft { key } => Some(format!("draft:{key}")),
        Effect::Place { .. } => Some("place".into()),
        _ => None,
    }
}

/// Queue `e` behind failed effects, replacing an older write to the same place.
pub fn enqueue(queue: &mut Vec<Effect>, e: Effect) {
    if let Some(s) = slot(&e) {
        queue.retain(|q| slot(q).as_ref() != Some(&s));
    }
    if !queue.contains(&e) {
        queue.push(e);
    }
}

/// Text effects are retried from the editors; everything else from the queue.
pub fn queued(e: &Effect) -> bool {
    !matches!(
        e,
        Effect::Journal { .. }
            | Effect::CommitText { .. }
            | Effect::Suspend
            | Effect::LoadReferrals { .. }
            | Effect::Reload
    )
}

/// When the store last confirmed a save.
pub fn saved(app: &mut App, at: DateTime<Utc>) {
    if app.retry.is_empty() {
        app.waiting_since = None;
        app.save = SaveState::Saved(at);
        let stale = |m: &str| m.starts_with("Save failed") || m == WAITING;
        if app.message.as_ref().is_some_and(|(m, _)| stale(m)) {
            app.message = None;
        }
    }
}
