//! What `update` takes (messages: keys, ticks, what the store answered) and what it
//! returns (effects: what must be saved), and how saving stands.

use chrono::{DateTime, NaiveDate, Utc};
use ratatui::crossterm::event::KeyEvent;
use rusqlite::types::Value;

use crate::domain::types::*;
use crate::store::ids::*;
use crate::store::live::{TextSaved, TextTarget};
use crate::store::meeting::{Case, MeetingData};
use crate::store::write::{NewAction, NewAttendance, NewIntervention, Table};

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Suspend the program to the shell (Ctrl-Z), once what it holds is recorded.
    Suspend,
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
    /// A member sent a written submission saying `text` (section 5.5).
    Submission {
        member: MemberId,
        text: String,
    },
    /// A member sent a deputy (section 5.5): both marked in one transaction.
    MarkDeputy {
        member: MemberId,
        who: crate::store::meeting::DeputyWho,
    },
    Override {
        reason: String,
    },
    /// The chair lets decisions be taken without a quorum (`[quorum]`).
    QuorumOverride {
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
    /// Blank the room's screen (every presenter), or show it again.
    RoomBlank(bool),
    /// Reveal on the room's screen this case's full name or this item's intelligence;
    /// both `None` hides them again.
    RoomReveal {
        discussion: Option<DiscussionId>,
        item: Option<u32>,
    },
    /// Show the room the whole confidentiality statement from this word of it, or
    /// (`None`) its item as usual again (issue 25).
    RoomStatement(Option<u32>),
    /// Read the referrals screen's rows (a read, nothing written): the screen opened
    /// and the runner started without them (issue 24).
    LoadReferrals {
        panel: PanelId,
    },
    /// Read the meeting again (a read, nothing written): the retry after a read that
    /// failed ([`super::unread`]).
    Reload,
    /// This terminal shows the room's view of its own place (screen-safe mode), or
    /// goes back to editing: recorded for the room log (issue 28).
    ScreenSafe {
        on: bool,
        item: u32,
        discussion: Option<DiscussionId>,
        revealed: bool,
    },
    /// A case page opened: note when it was first started.
    StartCase {
        discussion: DiscussionId,
    },
    /// The state of an onward referral; its other fields are kept.
    SetOnward {
        discussion: DiscussionId,
        /// The panel's onward-referral kind code.
        kind: String,
        state: OnwardState,
    },
    /// Whom an onward referral of kind `kind` is for (MAGPan's child protection,
    /// section 12).
    SetCpFor {
        discussion: DiscussionId,
        kind: String,
        cp_for: CpFor,
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
    /// A MAPPA level 2/3 case noted after the formal close, with its data set.
    AddMappa(crate::store::write::NewMappaNote),
    /// A MAPPA note put right or completed (every field as now shown).
    UpdateMappa {
        id: MappaNoteId,
        note: crate::store::write::NewMappaNote,
    },
    /// A checklist answer, a risk rating, a sharing decision or an escalation on a
    /// case page (issue 21).
    Record(crate::store::case_record::RecordChange),
    /// A guest for one case invited or joining, or someone leaving the room (issue 21).
    Guest(crate::store::meeting::GuestChange),
    /// Record a new MAPPA level for a case at this meeting, with the reason and the
    /// chair who decided (issue 21, B10).
    ChangeLevel {
        discussion: DiscussionId,
        to: u8,
        reason: String,
        by: String,
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
                | Effect::Suspend
                | Effect::ClearDraft { .. }
                | Effect::Journal { .. }
                | Effect::CommitText { .. }
                | Effect::Place { .. }
                | Effect::StartCase { .. }
                | Effect::RoomBlank(_)
                | Effect::RoomReveal { .. }
                | Effect::RoomStatement(_)
                | Effect::ScreenSafe { .. }
                | Effect::LoadReferrals { .. }
                | Effect::Reload
        )
    }
}

pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    /// The terminal is now this many columns and rows.
    Resize {
        width: u16,
        height: u16,
    },
    /// A signal asked the program to stop (SIGTERM, SIGHUP, SIGINT): record what was
    /// typed and chosen, as quitting does, without asking.
    Stop,
    Tick {
        now: DateTime<Utc>,
        mono_ms: u64,
    },
    /// Fresh data after saves (or another meeting after the end).
    Loaded(Box<MeetingData>),
    Saved {
        at: DateTime<Utc>,
    },
    /// A new referral may be about someone the panel knows: ask which.
    NeedsSubject {
        candidates: Vec<(SubjectId, String)>,
    },
    /// The referrals screen's rows, read when it first opened.
    ReferralsLoaded(Vec<crate::store::intake::ReferralRow>),
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
    /// A read failed (nothing was being saved): what could not be read, and why.
    ReadFailed {
        what: super::unread::Unread,
        error: String,
    },
    SaveFailed {
        effects: Vec<Effect>,
        error: String,
        /// A busy or failing disk: try again. Otherwise a refusal by the rules.
        retry: bool,
        /// Another program holds the write lock: wait, without alarm.
        busy: bool,
    },
    /// The room as it stands after this terminal changed it (or tried to).
    Room(crate::store::room_holder::RoomState),
}

#[derive(Debug, Clone, PartialEq)]
pub enum SaveState {
    Idle,
    Saved(DateTime<Utc>),
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
