//! The meeting runner's state. `update` takes a message (a key, a paste, a tick,
//! fresh data) and returns effects (saves) for the runner to perform: no I/O here.

pub mod between;
pub mod dialog;
pub mod form;
pub mod intake;
pub mod keys;
pub mod page;
pub mod pages;
pub mod save;
pub mod text;

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind};
use rusqlite::types::Value;

use crate::domain::agenda::{item_words, items_words, visible_items, AgendaItemDef, AgendaKind};
use crate::domain::rules::{confidentiality_gate, Gate};
use crate::domain::types::*;
use crate::store::ids::*;
use crate::store::live::{TextSaved, TextTarget};
use crate::store::meeting::{default_next_meeting, Case, MeetingData};
use crate::store::write::{NewAction, NewAttendance, NewIntervention, Table};
use dialog::{Dialog, DialogKind};
use form::{Form, Kind};
use keys::Command;

pub use save::{DEBOUNCE_MS, MAX_UNCOMMITTED_MS, RETRY_MS};

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Set {
        table: Table,
        id: i64,
        col: &'static str,
        value: Value,
    },
    StartMeeting,
    MarkMember {
        member: MemberId,
        status: AttendanceStatus,
        note: String,
    },
    AddAttendee(NewAttendance),
    Override {
        reason: String,
    },
    /// Keep an editor's current text in the typing journal (every change).
    Journal {
        target: TextTarget,
        base: String,
        body: String,
    },
    /// Commit an editor's text to the record if it still holds `base` (else join).
    CommitText {
        target: TextTarget,
        base: String,
        body: String,
    },
    /// This terminal's place (item, case); the room's too when it shows the room.
    Place {
        item: u32,
        discussion: Option<DiscussionId>,
    },
    /// Show the room this terminal's place from now on.
    TakeRoom,
    /// A case page opened: note when it was first started.
    StartCase {
        discussion: DiscussionId,
    },
    SetOnward {
        discussion: DiscussionId,
        kind: OnwardKind,
        state: OnwardState,
    },
    AddAction(NewAction),
    CheckAction {
        action: ActionId,
        status: ActionStatus,
    },
    CarryOver {
        action: ActionId,
        new_due: NaiveDate,
    },
    /// Take back a carry-over made by mistake, then set `then` (open: nothing more).
    UndoCarryOver {
        action: ActionId,
        then: ActionStatus,
    },
    AddIntervention {
        referral: ReferralId,
        row: NewIntervention,
    },
    EditIntervention {
        id: InterventionId,
        row: NewIntervention,
    },
    CompleteCase {
        discussion: DiscussionId,
    },
    FormalClose,
    EndMeeting {
        next: NaiveDate,
    },
    AddMappa {
        name: String,
        category: u8,
        level: u8,
        note: String,
    },
    AddMember(crate::store::write::NewMember),
    RetireMember {
        member: MemberId,
        on: NaiveDate,
    },
    AddMeeting {
        date: NaiveDate,
        venue: String,
    },
    MoveMeeting {
        from: NaiveDate,
        to: NaiveDate,
        venue: String,
    },
    TakeReferral {
        form: Box<crate::domain::intake::ReferralForm>,
        choice: crate::store::intake::SubjectChoice,
    },
    Screen {
        referral: ReferralId,
        form: Box<crate::domain::screening::ScreeningForm>,
    },
    SaveDraft {
        key: String,
        body: String,
    },
    ClearDraft {
        key: String,
    },
}

impl Effect {
    /// Whether the meeting must be read again after this. Drafts, the journal and
    /// places change nothing on screen; committed text is already in its editor.
    pub fn changes_data(&self) -> bool {
        !matches!(
            self,
            Effect::SaveDraft { .. }
                | Effect::ClearDraft { .. }
                | Effect::Journal { .. }
                | Effect::CommitText { .. }
                | Effect::Place { .. }
                | Effect::StartCase { .. }
        )
    }
}

pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Tick {
        now: NaiveDateTime,
        mono_ms: u64,
    },
    /// Fresh data after saves (or another meeting after the end).
    Loaded(Box<MeetingData>),
    Saved {
        at: NaiveDateTime,
    },
    /// A new referral may be about someone the panel knows: ask which.
    NeedsSubject {
        candidates: Vec<(SubjectId, String)>,
    },
    /// A referral was taken in (what happened, for the status line).
    ReferralTaken {
        message: String,
    },
    /// Something done that the user should hear about.
    Info {
        message: String,
    },
    /// Text reached the record (perhaps joined with another terminal's).
    TextSaved {
        target: TextTarget,
        sent: String,
        saved: TextSaved,
    },
    /// Text did not reach the record; the editor keeps it and tries again.
    TextFailed {
        target: TextTarget,
        error: String,
        transient: bool,
        /// Another program holds the write lock: wait, without alarm.
        busy: bool,
    },
    /// One case page read again after a change to it.
    CaseLoaded(Box<Case>),
    /// Another terminal saved these texts (target key, stored text).
    TextChanged(Vec<(String, String)>),
    SaveFailed {
        effects: Vec<Effect>,
        error: String,
        /// A busy or failing disk: try again. Otherwise a refusal by the rules.
        retry: bool,
        /// Another program holds the write lock: wait, without alarm.
        busy: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum SaveState {
    Idle,
    Saved(NaiveDateTime),
    /// Text on screen not yet in the record (it is in the typing journal).
    Typing,
    /// Another program is writing: what is on screen is saved when it has finished.
    Waiting,
    Pending,
    Failed(String),
}

/// Which screen is showing: the meeting, or the between-meetings screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Meeting,
    Members,
    Referrals,
    Schedule,
}

pub struct App {
    pub screen: Screen,
    /// The referral intake form, while open.
    pub intake: Option<intake::IntakeState>,
    pub intake_dirty: Option<u64>,
    /// Selected row on the members or meetings screen.
    pub list_sel: usize,
    pub data: MeetingData,
    pub now: NaiveDateTime,
    pub mono: u64,
    /// Agenda item number on screen.
    pub item: u32,
    /// Index into the item's cases when a case page is open.
    pub case: Option<usize>,
    /// Selected row in the page's list (attendance, signing, case list, MAPPA notes).
    pub sel: usize,
    pub form: Form,
    pub dialog: Option<Dialog>,
    pub dialog_dirty: Option<u64>,
    pub help: bool,
    pub blank: bool,
    pub initials: bool,
    pub message: Option<(String, bool)>,
    pub missing: Vec<String>,
    pub save: SaveState,
    pub retry: Vec<Effect>,
    pub last_retry: u64,
    pub item_since: NaiveDateTime,
    pub case_since: NaiveDateTime,
    pub drafts: BTreeMap<String, String>,
    pub quit: bool,
    /// Quit was asked for twice while saves were failing: go anyway.
    pub quit_anyway: bool,
    /// Item 3: the whole confidentiality statement on screen, scrolled this far.
    pub statement: Option<u16>,
    /// Text committed since the meeting was last read (target key → stored text):
    /// editors built from the older data start from this.
    pub saved_text: BTreeMap<String, String>,
    /// Journal rows left by a kill that could not be committed (target key →
    /// (base, body)): their editors start from them, unsaved.
    pub typed: BTreeMap<String, (String, String)>,
    /// This terminal, as the store names it (its place and whether it shows the room).
    pub terminal: String,
    /// Drafts of pending choices another terminal overtook, to be removed.
    pub dropped_drafts: Vec<String>,
}

impl App {
    pub fn new(data: MeetingData, now: NaiveDateTime, drafts: BTreeMap<String, String>) -> Self {
        let mut app = App {
            screen: Screen::Meeting,
            intake: None,
            intake_dirty: None,
            list_sel: 0,
            item: 1,
            case: None,
            sel: 0,
            form: Form::default(),
            dialog: None,
            dialog_dirty: None,
            help: false,
            blank: false,
            initials: false,
            message: None,
            missing: vec![],
            save: SaveState::Idle,
            retry: vec![],
            last_retry: 0,
            item_since: now,
            case_since: now,
            drafts,
            quit: false,
            quit_anyway: false,
            statement: None,
            saved_text: BTreeMap::new(),
            typed: BTreeMap::new(),
            terminal: String::new(),
            dropped_drafts: vec![],
            now,
            mono: 0,
            data,
        };
        app.reset_position();
        // Carry the item and case timers on from before a restart.
        app.item_since = app.data.item_opened_at.filter(|t| *t <= now).unwrap_or(now);
        app.case_since = app.data.case_opened_at.filter(|t| *t <= now).unwrap_or(now);
        app
    }

    /// Go to this terminal's own saved place (item and case), with its timers.
    pub fn restore_place(&mut self, place: crate::store::live::Place) {
        if let Some(item) = place.item {
            self.data.current_item = Some(item);
            self.data.current_discussion = place.discussion;
            self.reset_position();
            if let Some(t) = place.item_opened_at.filter(|t| *t <= self.now) {
                self.item_since = t;
            }
            if let Some(t) = place.case_opened_at.filter(|t| *t <= self.now) {
                self.case_since = t;
            }
        }
    }

    /// Put the screen where the meeting was: its saved item and case.
    fn reset_position(&mut self) {
        let first = self.first_item();
        self.item = self.data.current_item.unwrap_or(first);
        if !self.visible().iter().any(|i| i.number == self.item) {
            self.item = first;
        }
        self.case = None;
        self.sel = 0;
        if let Some(d) = self.data.current_discussion {
            if let Some(i) = self.cases().iter().position(|c| c.discussion == d) {
                self.case = Some(i);
                self.sel = i;
            }
        }
        self.rebuild_form();
    }

    /// The panel's first agenda item (where a meeting starts).
    pub fn first_item(&self) -> u32 {
        self.data.panel.agenda.first().map_or(1, |i| i.number)
    }

    pub fn visible(&self) -> Vec<AgendaItemDef> {
        let closed = matches!(
            self.data.state,
            MeetingState::FormallyClosed | MeetingState::Closed
        );
        visible_items(&self.data.panel.agenda, closed)
            .into_iter()
            .cloned()
            .collect()
    }

    pub fn kind(&self) -> AgendaKind {
        self.kind_of(self.item)
    }

    pub fn kind_of(&self, item: u32) -> AgendaKind {
        self.data
            .panel
            .agenda
            .iter()
            .find(|i| i.number == item)
            .map(|i| i.kind)
            .unwrap_or(AgendaKind::Introductions)
    }

    pub fn cases(&self) -> Vec<&Case> {
        self.data.cases_for(self.item)
    }

    pub fn current_case(&self) -> Option<&Case> {
        self.case.and_then(|i| self.cases().get(i).copied())
    }

    /// The confidentiality gate (Appendix C) as it stands.
    pub fn gate(&self) -> Gate {
        let present: Vec<(String, bool)> = self
            .data
            .present()
            .iter()
            .filter(|a| a.left_at.is_none())
            .map(|a| (a.name.clone(), a.signed_at.is_some()))
            .collect();
        confidentiality_gate(&present, self.data.gate_override.as_deref())
    }

    /// Rows of the attendance list: every member, then deputies and visitors.
    pub fn attendance_rows(&self) -> Vec<AttendanceRow> {
        let mut rows: Vec<AttendanceRow> = self
            .data
            .members
            .iter()
            .map(|m| AttendanceRow::Member(m.id))
            .collect();
        rows.extend(
            self.data
                .attendance
                .iter()
                .filter(|a| a.member.is_none())
                .map(|a| AttendanceRow::Other(a.id)),
        );
        rows
    }

    /// People to sign at item 3: everyone present.
    pub fn signers(&self) -> Vec<&crate::store::meeting::Attendee> {
        self.data.present()
    }

    /// Rows in the current page's list.
    pub fn page_len(&self) -> usize {
        page::of(self.kind()).len(self)
    }

    fn rebuild_form(&mut self) {
        let old = std::mem::take(&mut self.form);
        let mut new = page::of(self.kind()).form(self);
        // Text committed since the data was read, text a kill left in the journal, and
        // choices left pending.
        let meeting = self.data.id;
        let mono = self.mono;
        for f in &mut new.fields {
            if let Some(key) = save::choice_key(&self.terminal, &f.bind) {
                if let (
                    Some(label),
                    Kind::Choice {
                        options, selected, ..
                    },
                ) = (self.drafts.get(&key), &mut f.kind)
                {
                    if let Some(i) = options.iter().position(|o| o == label) {
                        *selected = Some(i);
                    }
                }
                continue;
            }
            let Some(key) = save::target(&f.bind, meeting).map(|t| t.key()) else {
                continue;
            };
            let Kind::Text(t) = &mut f.kind else { continue };
            if let Some(stored) = self.saved_text.get(&key) {
                t.set_text(stored);
                t.base = stored.clone();
            }
            if let Some((base, body)) = self.typed.remove(&key) {
                t.set_text(&body);
                t.base = base;
                t.touch(mono);
            }
        }
        let overtaken = new.keep_editors_from(old);
        self.form = new;
        if !overtaken.is_empty() {
            // Another terminal recorded these while a choice here was pending.
            for f in &self.form.fields {
                if let Some(key) = save::choice_key(&self.terminal, &f.bind) {
                    if overtaken.contains(&f.label) && self.drafts.remove(&key).is_some() {
                        self.dropped_drafts.push(key);
                    }
                }
            }
            self.warn(format!(
                "Another terminal recorded {} meanwhile: your pending choice was not recorded; choose again if you still want it",
                overtaken.join(", ")
            ));
        }
    }

    /// Called after the quit key's saves were tried: true if it is safe to stop now.
    /// While saves are failing the first quit is held back with a warning; a second
    /// quit goes, and the runner writes what is unsaved to a file beside the database
    /// ([`App::unsaved`]) so nothing is dropped.
    pub fn quit_is_safe(&mut self) -> bool {
        // Quit has just tried to commit everything: whatever is still unsaved failed.
        let unsaved = self.retry.len() + usize::from(save::typing(self));
        if unsaved == 0 || self.quit_anyway {
            return true;
        }
        self.quit = false;
        self.quit_anyway = true;
        self.warn(format!(
            "{unsaved} change(s) are not saved yet (kept and retried): Ctrl-Q again writes them to a private file beside the database and quits"
        ));
        false
    }

    /// What is not in the record yet, as readable text: each editor with uncommitted
    /// text (its label and text) and each change still waiting to be saved.
    pub fn unsaved(&self) -> String {
        let mut out = String::new();
        for f in &self.form.fields {
            if let Kind::Text(t) = &f.kind {
                if t.dirty_since.is_some() {
                    out.push_str(&format!("## {}\n{}\n\n", f.label, t.value()));
                }
            }
        }
        for e in &self.retry {
            out.push_str(&format!("## change not saved\n{e:?}\n\n"));
        }
        out
    }

    fn say(&mut self, s: impl Into<String>) {
        self.message = Some((s.into(), false));
    }

    fn warn(&mut self, s: impl Into<String>) {
        self.message = Some((s.into(), true));
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttendanceRow {
    Member(MemberId),
    Other(AttendanceId),
}

/// The one entry point: apply a message, return what must be saved.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let mut fx = vec![];
    match msg {
        Msg::Tick { now, mono_ms } => {
            app.now = now;
            app.mono = mono_ms;
            if !app.retry.is_empty() && mono_ms.saturating_sub(app.last_retry) >= RETRY_MS {
                app.last_retry = mono_ms;
                fx.append(&mut app.retry);
            }
        }
        Msg::Loaded(data) => {
            let other_meeting = data.id != app.data.id;
            let now_formally_closed = app.data.state == MeetingState::InProgress
                && data.state == MeetingState::FormallyClosed;
            app.data = *data;
            // Fresh data holds every committed text.
            app.saved_text.clear();
            if now_formally_closed {
                // Item 9 opens as the room empties.
                if let Some(n) = app.data.current_item {
                    app.item = n;
                    app.case = None;
                    app.sel = 0;
                    app.item_since = app.now;
                }
            }
            if other_meeting {
                app.dialog = None;
                app.item_since = app.now;
                app.case_since = app.now;
                app.reset_position();
            } else {
                if !app.visible().iter().any(|i| i.number == app.item) {
                    app.item = app.first_item();
                    app.case = None;
                }
                if app.case.is_some_and(|c| c >= app.cases().len()) {
                    app.case = None;
                }
                app.sel = app.sel.min(app.page_len().saturating_sub(1));
                app.rebuild_form();
            }
        }
        Msg::Saved { at } => save::saved(app, at),
        Msg::TextSaved {
            target,
            sent,
            saved,
        } => save::text_saved(app, &target, &sent, saved),
        Msg::TextFailed {
            target,
            error,
            transient,
            busy,
        } => save::text_failed(app, &target, error, transient, busy),
        Msg::CaseLoaded(case) => {
            if let Some(c) = app
                .data
                .cases
                .iter_mut()
                .find(|c| c.discussion == case.discussion)
            {
                *c = *case;
            }
            app.rebuild_form();
        }
        Msg::TextChanged(texts) => {
            for (key, stored) in texts {
                app.saved_text.insert(key, stored);
            }
            app.rebuild_form();
        }
        Msg::SaveFailed {
            effects,
            error,
            retry,
            busy,
        } => {
            if busy {
                app.save = SaveState::Waiting;
                app.say(save::WAITING);
                for e in effects {
                    save::enqueue(&mut app.retry, e);
                }
            } else if retry {
                app.save = SaveState::Failed(error.clone());
                app.warn(format!(
                    "Save failed ({error}); your text is kept and will be saved again"
                ));
                for e in effects {
                    save::enqueue(&mut app.retry, e);
                }
            } else {
                // A refusal by the rules, not a disk problem: say why; trying again would not help.
                app.warn(format!("Not saved: {error}"));
                app.save = SaveState::Idle;
            }
        }
        Msg::NeedsSubject { candidates } => intake::ask_subject(app, candidates),
        Msg::Info { message } => app.say(message),
        Msg::ReferralTaken { message } => {
            app.intake = None;
            app.intake_dirty = None;
            app.drafts.remove(intake::DRAFT);
            fx.push(Effect::ClearDraft {
                key: intake::DRAFT.into(),
            });
            app.say(message);
        }
        Msg::Paste(s) => {
            if app.blank || app.help {
                return fx;
            }
            let mono = app.mono;
            if let Some(d) = app.dialog.as_mut() {
                if let Some(f) = d.form.focused_mut() {
                    if let Kind::Text(t) = &mut f.kind {
                        if t.paste(&s, mono) {
                            app.dialog_dirty.get_or_insert(mono);
                        }
                    }
                }
            } else if let Some(st) = app
                .intake
                .as_mut()
                .filter(|_| app.screen == Screen::Referrals)
            {
                if let Some(Field {
                    kind: Kind::Text(t),
                    ..
                }) = st.form.focused_mut()
                {
                    if t.paste(&s, mono) {
                        app.intake_dirty = Some(mono);
                    }
                }
            } else if let Some(f) = app.form.focused_mut() {
                if let Kind::Text(t) = &mut f.kind {
                    t.paste(&s, mono);
                }
            }
        }
        Msg::Key(key) => {
            if key.kind == KeyEventKind::Release {
                return fx;
            }
            on_key(app, key, &mut fx);
        }
    }
    // Every change to text reaches the journal before the next frame.
    save::flush(app, &mut fx, false);
    if !app.retry.is_empty() {
        // Saves are failing: what comes now waits behind them, in order, a newer
        // write to the same place replacing an older one.
        let (queue, now): (Vec<Effect>, Vec<Effect>) = fx.into_iter().partition(save::queued);
        for e in queue {
            save::enqueue(&mut app.retry, e);
        }
        fx = now;
    }
    if fx.iter().any(Effect::changes_data) {
        app.save = SaveState::Pending;
    }
    fx
}

/// Leaving the focused field (Tab): record its pending choice and commit every
/// editor's text now. A choice left pending elsewhere (kept over a kill) stays so.
fn leave_field(app: &mut App, fx: &mut Vec<Effect>) {
    page::cases::commit_choice(app, app.form.focus, fx, true);
    save::flush(app, fx, true);
}

/// Leaving a page, an item or the program: record pending choices and commit
/// every editor's text now.
fn settle(app: &mut App, fx: &mut Vec<Effect>) {
    for i in 0..app.form.fields.len() {
        page::cases::commit_choice(app, i, fx, true);
    }
    save::flush(app, fx, true);
}

fn on_key(app: &mut App, key: KeyEvent, fx: &mut Vec<Effect>) {
    let cmd = keys::command_for(&key);
    if cmd == Some(Command::Quit) {
        // Whatever is open (help, a blank screen, a dialog, a form): what was typed
        // and chosen is recorded before the program stops.
        settle(app, fx);
        app.quit = true;
        return;
    }
    if app.blank {
        if cmd == Some(Command::Blank) {
            app.blank = false;
        }
        return;
    }
    if cmd == Some(Command::Blank) {
        app.blank = true;
        return;
    }
    if app.help {
        if matches!(cmd, Some(Command::Help | Command::Back)) || key.code == KeyCode::Char('?') {
            app.help = false;
        }
        return;
    }
    if app.dialog.is_some() {
        dialog_key(app, key, cmd, fx);
        return;
    }
    // `?` opens the help unless it is being typed into a text box.
    let typing = match app.screen {
        Screen::Referrals => app
            .intake
            .as_ref()
            .is_some_and(|st| st.form.focused().is_some_and(Field::is_text)),
        Screen::Meeting => app.form.focused().is_some_and(Field::is_text),
        _ => false,
    };
    let cmd = if key.code == KeyCode::Char('?') && !typing {
        Some(Command::Help)
    } else {
        cmd
    };
    match cmd {
        Some(Command::Help) => {
            app.help = true;
            return;
        }
        Some(Command::ScreenMeeting)
        | Some(Command::ScreenMembers)
        | Some(Command::ScreenIntake)
        | Some(Command::ScreenSchedule) => {
            settle(app, fx);
            app.screen = match cmd {
                Some(Command::ScreenMembers) => Screen::Members,
                Some(Command::ScreenIntake) => Screen::Referrals,
                Some(Command::ScreenSchedule) => Screen::Schedule,
                _ => Screen::Meeting,
            };
            app.list_sel = 0;
            app.message = None;
            return;
        }
        Some(Command::ShowRoom) => {
            fx.push(Effect::TakeRoom);
            save_place(app, fx);
            app.say("The room now follows this terminal");
            return;
        }
        Some(Command::Initials) => {
            app.initials = !app.initials;
            app.rebuild_form();
            app.say(if app.initials {
                "Subjects shown by initials"
            } else {
                "Subjects shown by name"
            });
            return;
        }
        _ => {}
    }
    match app.screen {
        Screen::Members => return between::members_key(app, key),
        Screen::Referrals => return intake::key(app, key, cmd, fx),
        Screen::Schedule => return between::schedule_key(app, key),
        Screen::Meeting => {}
    }
    if app.data.state == MeetingState::Planned {
        if key.code == KeyCode::Enter {
            fx.push(Effect::StartMeeting);
            app.item_since = app.now;
            app.say("Meeting started");
        }
        return;
    }
    if app.data.state == MeetingState::Closed {
        return;
    }
    app.message = None;
    match cmd {
        Some(Command::NextItem) => return goto_item(app, true, fx),
        Some(Command::PrevItem) => return goto_item(app, false, fx),
        Some(Command::NextCase) => return step_case(app, true, fx),
        Some(Command::PrevCase) => return step_case(app, false, fx),
        Some(Command::FormalClose) => return open_formal_close(app, fx),
        Some(Command::EndMeeting) => return open_end(app, fx),
        _ => {}
    }
    page::of(app.kind()).key(app, key, cmd, fx);
}

fn move_sel(app: &mut App, key: &KeyEvent) -> bool {
    let len = app.page_len();
    match key.code {
        KeyCode::Up if app.sel > 0 => app.sel -= 1,
        KeyCode::Down if app.sel + 1 < len => app.sel += 1,
        KeyCode::Home => app.sel = 0,
        KeyCode::End => app.sel = len.saturating_sub(1),
        KeyCode::Up | KeyCode::Down => {}
        _ => return false,
    }
    true
}

fn goto_item(app: &mut App, forward: bool, fx: &mut Vec<Effect>) {
    let items = app.visible();
    let Some(pos) = items.iter().position(|i| i.number == app.item) else {
        return;
    };
    let target = if forward {
        match items.get(pos + 1) {
            Some(i) => i.clone(),
            None => {
                if app.data.state == MeetingState::InProgress {
                    app.say(
                        "That was the last item before the formal close: Ctrl-F to formally close",
                    );
                }
                return;
            }
        }
    } else {
        match pos.checked_sub(1).and_then(|p| items.get(p)) {
            Some(i) => i.clone(),
            None => return,
        }
    };
    if target.kind.is_case_item() {
        if let Gate::Locked { unsigned } = app.gate() {
            if unsigned.is_empty() {
                let at = items_words(
                    &app.data.panel.agenda,
                    &[
                        AgendaKind::Introductions,
                        AgendaKind::Apologies,
                        AgendaKind::Confidentiality,
                    ],
                );
                app.warn(format!(
                    "Case items are locked: nobody is marked present yet ({at})"
                ));
            } else {
                app.warn(format!(
                    "Case items are locked until everyone present has signed (Appendix C). Not signed: {}. Ctrl-O at {} for a chair override",
                    unsigned.join(", "),
                    item_words(&app.data.panel.agenda, AgendaKind::Confidentiality)
                ));
            }
            return;
        }
    }
    settle(app, fx);
    app.statement = None;
    app.item = target.number;
    app.case = None;
    app.sel = 0;
    app.missing.clear();
    app.item_since = app.now;
    if app.kind() == AgendaKind::Confidentiality {
        // Start at the first person still to sign.
        app.sel = app
            .signers()
            .iter()
            .position(|a| a.signed_at.is_none())
            .unwrap_or(0);
    }
    app.rebuild_form();
    save_place(app, fx);
}

/// Remember where this terminal is, so a restart comes back here (and move the room's
/// view when this terminal shows the room).
fn save_place(app: &App, fx: &mut Vec<Effect>) {
    fx.push(Effect::Place {
        item: app.item,
        discussion: app.current_case().map(|c| c.discussion),
    });
}

fn open_case(app: &mut App, idx: usize, fx: &mut Vec<Effect>) {
    settle(app, fx);
    let Some(case) = app.cases().get(idx).copied() else {
        return;
    };
    let d = case.discussion;
    let started = case.completed_at.is_none();
    app.case = Some(idx);
    app.sel = idx;
    app.case_since = app.now;
    app.missing.clear();
    app.rebuild_form();
    save_place(app, fx);
    if started {
        fx.push(Effect::StartCase { discussion: d });
    }
}

fn step_case(app: &mut App, forward: bool, fx: &mut Vec<Effect>) {
    if !app.kind().is_case_item() || app.kind() == AgendaKind::Mappa {
        return;
    }
    let n = app.cases().len();
    if n == 0 {
        return;
    }
    let cur = app.case.unwrap_or(app.sel);
    let next = if app.case.is_none() {
        cur
    } else if forward {
        if cur + 1 >= n {
            app.say("Last case of this item: PgDn for the next item");
            return;
        }
        cur + 1
    } else {
        match cur.checked_sub(1) {
            Some(p) => p,
            None => return,
        }
    };
    open_case(app, next, fx);
}

fn back_to_list(app: &mut App, fx: &mut Vec<Effect>) {
    settle(app, fx);
    app.case = None;
    app.missing.clear();
    app.rebuild_form();
    save_place(app, fx);
}

use form::Field;

fn open_formal_close(app: &mut App, fx: &mut Vec<Effect>) {
    if app.data.state != MeetingState::InProgress {
        app.say("The meeting has already formally closed");
        return;
    }
    // The formal close comes once the last case item is reached, in the panel's order.
    let agenda = &app.data.panel.agenda;
    let last_case = agenda.iter().rposition(|i| i.kind.has_case_pages());
    let here = agenda.iter().position(|i| i.number == app.item);
    if let (Some(last), Some(here)) = (last_case, here) {
        if here < last {
            app.warn(format!(
                "The formal close comes after item {}: finish the agenda first",
                agenda[last].number
            ));
            return;
        }
    }
    settle(app, fx);
    let leaving: Vec<String> = app
        .data
        .present()
        .iter()
        .filter(|a| a.left_at.is_none() && !app.data.stays_after_formal_close(a))
        .map(|a| a.name.clone())
        .collect();
    let unfinished = app.data.unfinished_cases();
    let stay = app.data.panel.after_close_words();
    open_dialog(app, dialog::formal_close(leaving, unfinished, &stay));
}

fn open_end(app: &mut App, fx: &mut Vec<Effect>) {
    if app.data.state != MeetingState::FormallyClosed {
        let after = item_words(&app.data.panel.agenda, AgendaKind::Mappa);
        app.warn(format!(
            "The meeting ends after the formal close and {after} (Ctrl-F first)"
        ));
        return;
    }
    settle(app, fx);
    let next = app
        .data
        .next_meeting
        .unwrap_or_else(|| default_next_meeting(app.data.date, &app.data.panel.pattern));
    let unfinished = app.data.unfinished_cases();
    open_dialog(app, dialog::end_meeting(next, unfinished));
}

pub(crate) fn open_dialog(app: &mut App, mut d: Dialog) {
    let key = d.draft_key(app.data.id);
    if let Some(body) = app.drafts.get(&key) {
        if let Ok(values) = serde_json::from_str::<Vec<String>>(body) {
            d.restore(&values);
        }
    }
    app.dialog = Some(d);
    app.dialog_dirty = None;
}

fn dialog_key(app: &mut App, key: KeyEvent, cmd: Option<Command>, fx: &mut Vec<Effect>) {
    let mono = app.mono;
    match cmd {
        Some(Command::Back) => {
            // Esc keeps the text as a draft: reopening brings it back.
            settle(app, fx);
            let carry = matches!(
                app.dialog.as_ref().map(|d| &d.kind),
                Some(DialogKind::CarryOver { .. })
            );
            app.dialog = None;
            if carry {
                // Not carried over after all: show the action as it stands.
                app.rebuild_form();
            }
            app.say("Closed; what you typed is kept for when you reopen it");
            return;
        }
        Some(Command::NextField) | Some(Command::PrevField) => {
            if let Some(d) = app.dialog.as_mut() {
                d.form.move_focus(cmd == Some(Command::NextField));
            }
            return;
        }
        Some(Command::Help) => {
            app.help = true;
            return;
        }
        _ => {}
    }
    let Some(d) = app.dialog.as_mut() else { return };
    let last = d
        .form
        .fields
        .iter()
        .rposition(|f| f.focusable())
        .unwrap_or(0);
    let at_last = d.form.fields.is_empty() || d.form.focus >= last;
    if key.code == KeyCode::Enter {
        // Enter fills an empty suggested field first, else moves on, and confirms on the last field.
        if let Some(Field {
            kind: Kind::Text(t),
            ..
        }) = d.form.focused_mut()
        {
            if t.value().is_empty() && t.suggestion.is_some() {
                t.key(key, mono);
                app.dialog_dirty.get_or_insert(mono);
                return;
            }
        }
        if !at_last {
            d.form.move_focus(true);
            return;
        }
        let outcome = {
            let d = app.dialog.as_ref().expect("dialog open");
            intake::confirm(d, app).unwrap_or_else(|| dialog::confirm(d, &app.data))
        };
        let Some(d) = app.dialog.as_mut() else { return };
        match outcome {
            Ok(mut effects) => {
                let draft = d.draft_key(app.data.id);
                if d.kind == DialogKind::Visitor {
                    // Show the visitor just added (the last row; clamped on reload).
                    app.sel = app.attendance_rows().len();
                }
                app.drafts.remove(&draft);
                fx.append(&mut effects);
                fx.push(Effect::ClearDraft { key: draft });
                app.dialog = None;
                app.dialog_dirty = None;
            }
            Err(e) => d.error = Some(e),
        }
        return;
    }
    let Some(f) = d.form.focused_mut() else {
        return;
    };
    let changed = f.key(key, mono);
    if changed {
        app.dialog_dirty = Some(mono);
    }
}
