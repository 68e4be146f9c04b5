//! The app's state: what is global (screen, place, clocks, save state, help, blank)
//! and the meeting's data; pages keep no state of their own.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::dialog::Dialog;
use super::form::{Form, Kind};
use super::*;
use crate::domain::agenda::{visible_items, AgendaItemDef, AgendaKind};
use crate::domain::rules::{confidentiality_gate, Gate};
use crate::domain::types::*;
use crate::store::ids::*;
use crate::store::meeting::{Case, MeetingData};

/// Below this size (columns, rows) the screen says it is too small instead of drawing,
/// and keys other than quit and suspend do nothing (they would act unseen).
pub const MIN_WIDTH: u16 = 50;
pub const MIN_HEIGHT: u16 = 14;

/// The meeting screen's agenda sidebar on a terminal `width` columns wide (none below
/// 76): one rule for the frame that draws it and the pages that size what they draw.
pub fn sidebar_width(width: u16) -> u16 {
    match width {
        160.. => 46,
        120.. => 36,
        76.. => 26,
        _ => 0,
    }
}

pub struct App {
    pub screen: Screen,
    /// Each screen's own state (its selection, its form).
    pub screens: super::page::Screens,
    pub data: MeetingData,
    pub now: DateTime<Utc>,
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
    pub item_since: DateTime<Utc>,
    pub case_since: DateTime<Utc>,
    pub drafts: BTreeMap<String, String>,
    pub quit: bool,
    /// Quit was asked for twice while saves were failing: go anyway.
    pub quit_anyway: bool,
    /// Since when (mono ms) saves have waited for another program's write lock: held
    /// too long ([`crate::app::save::LOCK_TOO_LONG_MS`]) it is shown as a failure, in red.
    pub waiting_since: Option<u64>,
    /// Where quitting while saves fail writes what is unsaved, as the question says it
    /// (`<db>.unsaved-<time>.txt`); empty: "a private file beside the database".
    pub unsaved_file: String,
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
    /// Screen-safe: this screen shows only what the room may see.
    pub screen_safe: bool,
    /// The terminal's size (columns, rows), once the runner has said it.
    pub size: Option<(u16, u16)>,
    /// How far the help overlay is scrolled (rows).
    pub help_scroll: u16,
    /// How far the open dialog is scrolled (rows; PgUp/PgDn): the drawing keeps the
    /// focused field in view whatever this says.
    pub dialog_scroll: u16,
    /// Enter was pressed once to start a meeting on another day than its date: the
    /// next Enter starts it (issue 11).
    pub start_other_day: bool,
    /// What could not be read and waits for its retry (a screen's key).
    pub unread: Option<super::unread::Unread>,
}

impl App {
    /// This terminal's place is on the room's screen with its case's full name or its
    /// item's intelligence revealed (from the room's record, not remembered here).
    pub fn revealed(&self) -> bool {
        let room = &self.data.room;
        if !room.here {
            return false;
        }
        match self.current_case() {
            Some(c) => room.flags.reveal_discussion == Some(c.discussion),
            None => room.flags.reveal_item == Some(self.item),
        }
    }

    /// What the room may see of this terminal's own place (screen-safe mode, on the
    /// screen and in plain mode's words): never blank, a name or intelligence only as
    /// the room's record has it revealed here, the statement as this terminal shows it.
    pub fn screen_safe_flags(&self) -> crate::store::live::RoomFlags {
        let case = self.current_case().map(|c| c.discussion);
        crate::store::live::RoomFlags {
            blank: false,
            reveal_discussion: case.filter(|_| self.revealed()),
            reveal_item: self.revealed().then_some(self.item),
            statement_word: self.screens.signing.statement,
        }
    }

    pub fn new(data: MeetingData, now: DateTime<Utc>, drafts: BTreeMap<String, String>) -> Self {
        let mut app = App {
            screen: Screen::Meeting,
            screens: Default::default(),
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
            waiting_since: None,
            unsaved_file: String::new(),
            saved_text: BTreeMap::new(),
            typed: BTreeMap::new(),
            terminal: String::new(),
            dropped_drafts: vec![],
            screen_safe: false,
            size: None,
            help_scroll: 0,
            now,
            mono: 0,
            data,
            start_other_day: false,
            unread: None,
            dialog_scroll: 0,
        };
        app.reset_position();
        // Carry the item and case timers on from before a restart.
        app.item_since = app.data.item_opened_at.filter(|t| *t <= now).unwrap_or(now);
        app.case_since = app.data.case_opened_at.filter(|t| *t <= now).unwrap_or(now);
        app
    }

    /// Today's local date by the app's clock (`now` is UTC).
    pub fn today(&self) -> chrono::NaiveDate {
        crate::domain::clock::local_date(self.now)
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
    pub(crate) fn reset_position(&mut self) {
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
        // Back on a case page after a restart: where opening it puts the cursor.
        if self.case.is_some() {
            self.focus_minutes();
        }
    }

    /// A case page opens on its minutes, where the minute-taker types (a review's lead
    /// agency update and earlier actions are a Shift-Tab away): opened from the case
    /// list and on a restart alike (issue 25).
    pub(crate) fn focus_minutes(&mut self) {
        if let Some(i) = self
            .form
            .fields
            .iter()
            .position(|f| matches!(f.bind, super::form::Bind::Text { col: "minutes", .. }))
        {
            self.form.focus = i;
        }
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

    /// The kind the case on screen is heard as: its own (at a `cases` item a new
    /// referral or a review, issue 21), else the item's.
    pub fn case_kind(&self) -> AgendaKind {
        self.current_case().map_or_else(|| self.kind(), |c| c.kind)
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

    pub(crate) fn rebuild_form(&mut self) {
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

    /// Does the screen hide the forms (blank, screen-safe, help, too small)? Then a paste
    /// or a key must not reach them.
    pub fn hidden(&self) -> bool {
        self.blank || self.help || self.screen_safe || self.too_small()
    }

    /// Is the terminal too small to draw this screen? Then keys would act unseen.
    pub fn too_small(&self) -> bool {
        self.size
            .is_some_and(|(w, h)| w < MIN_WIDTH || h < MIN_HEIGHT)
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
        let to = if self.unsaved_file.is_empty() {
            "a private file beside the database"
        } else {
            self.unsaved_file.as_str()
        };
        self.warn(format!(
            "{unsaved} change(s) not saved yet: {} again writes them to {to} and quits; {} stays",
            crate::app::keys::key(crate::app::keys::Command::Quit),
            crate::app::keys::key(crate::app::keys::Command::Back)
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

    pub(crate) fn say(&mut self, s: impl Into<String>) {
        self.message = Some((s.into(), false));
    }

    pub(crate) fn warn(&mut self, s: impl Into<String>) {
        self.message = Some((s.into(), true));
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttendanceRow {
    Member(MemberId),
    Other(AttendanceId),
}
