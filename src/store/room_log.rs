//! What the room saw (issue 28 item 2): every change to what the presenter shows is a
//! change-log row of the meeting (its shown place, blank, reveals, which terminal it
//! follows, its state), written where the change is made; a terminal's screen-safe
//! mode, which is that terminal's own, is written here. [`Store::room_changes`] reads
//! them back in order for `roundtable room-log`.

use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::ids::{DiscussionId, IntelligenceId, MeetingId};
use super::write::Table;
use super::{Result, Store};

/// The meeting's columns whose change changes what the room's screen shows.
pub const ROOM_COLUMNS: [&str; 9] = [
    "state",
    "current_item",
    "current_discussion_id",
    "room_terminal",
    "room_blank",
    "room_reveal_discussion_id",
    "room_reveal_item",
    SCREEN_SAFE,
    "room_statement_word",
];

/// Issue 25: the editor's `s` on the confidentiality item shows the room the whole
/// statement, scrolled with the editor's. `room_statement_word` is the word (counted
/// from 0 over the whole statement) at the top of the room's screen, so a projector
/// of another width shows the same words at the top; empty when the room sees the
/// item as usual.
pub const MIGRATION_ROOM_STATEMENT: &str = r#"
ALTER TABLE meeting ADD COLUMN room_statement_word INTEGER;
"#;

/// The change-log column of a terminal's screen-safe mode (not a column of `meeting`).
pub const SCREEN_SAFE: &str = "screen_safe";

/// Where a terminal was when it showed, or stopped showing, the room's view of its
/// own place (screen-safe mode); stored as the change-log row's JSON value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreenSafe {
    pub terminal: String,
    pub on: bool,
    pub item: u32,
    pub discussion: Option<i64>,
    /// The case's name or the item's intelligence revealed on that terminal.
    pub revealed: bool,
}

/// One change-log row about what the room saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomChange {
    pub log_id: i64,
    pub at: String,
    pub os_user: String,
    pub attendee: Option<String>,
    pub col: String,
    pub new_value: Option<String>,
}

impl Store {
    /// Record that this terminal went into screen-safe mode at its place (`on`), or
    /// back to editing: what it showed was the room's view, so it is in the room log.
    pub fn log_screen_safe(
        &self,
        meeting: MeetingId,
        on: bool,
        item: u32,
        discussion: Option<DiscussionId>,
        revealed: bool,
    ) -> Result<()> {
        let value = ScreenSafe {
            terminal: self.terminal().to_string(),
            on,
            item,
            discussion: discussion.map(|d| d.0),
            revealed,
        };
        let json = serde_json::to_string(&value)
            .map_err(|e| super::StoreError::Rule(format!("screen-safe record: {e}")))?;
        self.append_log(
            Table::Meeting.name(),
            meeting.0,
            SCREEN_SAFE,
            None,
            Some(json),
        )
    }

    /// Every change to what the room's screen showed at `meeting`, oldest first.
    pub fn room_changes(&self, meeting: MeetingId) -> Result<Vec<RoomChange>> {
        let cols = serde_json::to_string(&ROOM_COLUMNS)
            .map_err(|e| super::StoreError::Rule(e.to_string()))?;
        let rows = self
            .conn
            .prepare_cached(
                "SELECT id, at, os_user, attendee, col, new_value FROM change_log
                 WHERE tbl = ?1 AND row_id = ?2 AND col IN (SELECT value FROM json_each(?3))
                 ORDER BY id",
            )?
            .query_map(params![Table::Meeting.name(), meeting.0, cols], |r| {
                Ok(RoomChange {
                    log_id: r.get("id")?,
                    at: r.get("at")?,
                    os_user: r.get("os_user")?,
                    attendee: r.get("attendee")?,
                    col: r.get("col")?,
                    new_value: r.get("new_value")?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}

/// One saved text of an intelligence note: the change-log row, the note, its text
/// after that change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteText {
    pub log_id: i64,
    pub note: IntelligenceId,
    pub body: String,
}

/// A change to a field the room's name for a case turns on ([`AS_AT_FIELDS`]): the
/// change-log row, the table and row, the column, and the value it had before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub log_id: i64,
    pub tbl: String,
    pub row: i64,
    pub col: String,
    /// The value before the change (`None`: it was NULL).
    pub old: Option<String>,
}

/// The fields whose value decides how the room's screen names a case: the subject's
/// name and area, the referral's postcode and MAPPA level (a MAPPA case is never
/// named). The room log reads each as it stood at every change (issue 28 item 2), not
/// as corrected later.
pub const AS_AT_FIELDS: [(&str, &str); 4] = [
    ("subject", "name"),
    ("subject", "area"),
    ("referral", "postcode"),
    ("referral", "mappa_level"),
];

/// What the room log needs beyond the room's own changes to say what the room saw
/// then: the notes' saved texts and the case fields' earlier values, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoomHistory {
    pub notes: Vec<NoteText>,
    pub fields: Vec<FieldChange>,
}

impl Store {
    /// The history the room log replays `meeting` against ([`RoomHistory`]).
    pub fn room_history(&self, meeting: MeetingId) -> Result<RoomHistory> {
        Ok(RoomHistory {
            notes: self.note_texts(meeting)?,
            fields: self.field_changes(meeting)?,
        })
    }

    /// Every change to [`AS_AT_FIELDS`] of `meeting`'s cases, oldest first, with the
    /// value before it (rebuilt from the log when only a reference to it was kept).
    fn field_changes(&self, meeting: MeetingId) -> Result<Vec<FieldChange>> {
        let fields = serde_json::to_string(&AS_AT_FIELDS.map(|(t, c)| format!("{t}.{c}")))
            .map_err(|e| super::StoreError::Rule(e.to_string()))?;
        let rows: Vec<(FieldChange, Option<i64>)> = self
            .conn
            .prepare_cached(
                "SELECT cl.id AS id, cl.tbl AS tbl, cl.row_id AS row_id, cl.col AS col,
                        cl.old_value AS old_value, cl.old_ref AS old_ref
                 FROM change_log cl
                 JOIN (SELECT 'referral' AS tbl, r.id AS row_id
                         FROM case_discussion d JOIN referral r ON r.id = d.referral_id
                        WHERE d.meeting_id = ?1
                       UNION
                       SELECT 'subject', r.subject_id
                         FROM case_discussion d JOIN referral r ON r.id = d.referral_id
                        WHERE d.meeting_id = ?1) mine
                   ON cl.tbl = mine.tbl AND cl.row_id = mine.row_id
                 WHERE cl.tbl || '.' || cl.col IN (SELECT value FROM json_each(?2))
                 ORDER BY cl.id",
            )?
            .query_map(params![meeting.0, fields], |r| {
                let change = FieldChange {
                    log_id: r.get("id")?,
                    tbl: r.get("tbl")?,
                    row: r.get("row_id")?,
                    col: r.get("col")?,
                    old: r.get("old_value")?,
                };
                Ok((change, r.get("old_ref")?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(mut change, old_ref)| {
                if let (None, Some(r)) = (&change.old, old_ref) {
                    change.old = super::audit::value_after(&self.conn, r)?;
                }
                Ok(change)
            })
            .collect()
    }

    /// Every saved text of `meeting`'s intelligence notes, oldest first, so the room
    /// log counts the notes there were when the room saw an item (QA session 5,
    /// fault 3), not the ones typed later.
    fn note_texts(&self, meeting: MeetingId) -> Result<Vec<NoteText>> {
        let rows: Vec<(i64, i64, Option<String>)> = self
            .conn
            .prepare_cached(
                "SELECT cl.id AS id, cl.row_id AS row_id, cl.new_value AS new_value
                 FROM change_log cl JOIN intelligence il ON il.id = cl.row_id
                 WHERE cl.tbl = ?1 AND cl.col = 'body' AND il.meeting_id = ?2
                 ORDER BY cl.id",
            )?
            .query_map(params![Table::Intelligence.name(), meeting.0], |r| {
                Ok((r.get("id")?, r.get("row_id")?, r.get("new_value")?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(log_id, note, new)| {
                // A long text's change is logged as its edit: the text is rebuilt.
                let body = match new {
                    Some(t) => t,
                    None => super::audit::value_after(&self.conn, log_id)?.unwrap_or_default(),
                };
                Ok(NoteText {
                    log_id,
                    note: IntelligenceId(note),
                    body,
                })
            })
            .collect()
    }
}
