//! The live record: text journalled as it is typed and committed with a
//! compare-and-set, each terminal's own place, and noticing other terminals' saves.
//!
//! The rule for typed text (see the README, "Several terminals"):
//! 1. every change to an editor is written to the `typing` journal before the next
//!    frame, so a kill loses nothing on screen;
//! 2. on a pause, on leaving the field and on quitting it is committed to its field in
//!    one `IMMEDIATE` transaction that also clears the journal row; the commit compares
//!    the stored text with the text the editor started from, and if another terminal
//!    changed it meanwhile the two are joined by [`merge3`] so neither's words are lost;
//! 3. on start, journal rows left by a kill are committed the same way.

use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension};

use super::ids::*;
use super::rows::intelligence;
use super::write::{text, time, Live, Table};
use super::{Result, Store, StoreError};
use crate::domain::merge::{merge3, Merge};

/// Where typed text is committed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextTarget {
    /// A text column.
    Field {
        table: Table,
        id: i64,
        col: &'static str,
    },
    /// A date column, typed as `YYYY-MM-DD` (empty clears it).
    Date {
        table: Table,
        id: i64,
        col: &'static str,
    },
    /// An agency's intelligence for a meeting (the row is made on first save).
    Intel {
        meeting: MeetingId,
        agency: AgencyId,
        police: bool,
    },
}

impl TextTarget {
    /// A stable key naming the target, e.g. `f:case_discussion:12:minutes`.
    pub fn key(&self) -> String {
        match self {
            TextTarget::Field { table, id, col } => format!("f:{}:{id}:{col}", table.name()),
            TextTarget::Date { table, id, col } => format!("d:{}:{id}:{col}", table.name()),
            TextTarget::Intel {
                meeting,
                agency,
                police,
            } => format!("i:{}:{}:{}", meeting.0, agency.0, u8::from(*police)),
        }
    }

    /// Read a key made by [`TextTarget::key`]; `None` for anything else.
    pub fn parse(key: &str) -> Option<TextTarget> {
        let parts: Vec<&str> = key.split(':').collect();
        match parts.as_slice() {
            [k @ ("f" | "d"), tbl, id, col] => {
                let table = Table::from_name(tbl)?;
                let col = table.editable().iter().copied().find(|c| c == col)?;
                let id = id.parse().ok()?;
                Some(if *k == "f" {
                    TextTarget::Field { table, id, col }
                } else {
                    TextTarget::Date { table, id, col }
                })
            }
            ["i", m, a, p] => Some(TextTarget::Intel {
                meeting: MeetingId(m.parse().ok()?),
                agency: AgencyId(a.parse().ok()?),
                police: *p == "1",
            }),
            _ => None,
        }
    }
}

/// Texts another terminal committed: (target key, stored text).
pub type TextChanges = Vec<(String, String)>;

/// How a commit met the stored text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joined {
    /// Nobody else had changed it.
    Alone,
    /// Another terminal had changed it; both edits are in place.
    Clean,
    /// Another terminal had changed the same words; both are kept, ours marked.
    Both,
}

/// What a text commit stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextSaved {
    /// The text now in the record (the editor shows this and starts from it).
    pub stored: String,
    pub joined: Joined,
}

/// A journal row of this terminal that could not be committed (e.g. a half-typed
/// date): the editor starts from it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Typed {
    pub target: String,
    pub base: String,
    pub body: String,
}

/// A terminal's own place in a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Place {
    pub item: Option<u32>,
    pub discussion: Option<DiscussionId>,
    pub item_opened_at: Option<chrono::DateTime<chrono::Utc>>,
    pub case_opened_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// What the room's screen may show beyond the defaults, and whether it is blank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RoomFlags {
    /// Blanked from a terminal: the room sees nothing until it is shown again.
    pub blank: bool,
    /// The case whose full name the chair has revealed (hidden again on another case).
    pub reveal_discussion: Option<DiscussionId>,
    /// The item whose intelligence text the chair has revealed.
    pub reveal_item: Option<u32>,
    /// The whole confidentiality statement shown to the room (the editor's `s` on its
    /// item), with this word of it at the top of the screen (issue 25).
    pub statement_word: Option<u32>,
}

/// Journal rows of other terminals older than this are committed by any running
/// terminal: a live one commits its text within 2 s of typing it (and deletes the row),
/// so an older row was left by a terminal that was killed or whose saves are failing.
pub const STALE_SECS: i64 = 10;

impl Store {
    /// `PRAGMA data_version`: changes whenever another connection commits.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// One case page of a meeting, read again after a change to it (a decision, an
    /// action): what a save costs is that case, not the meeting. `NotFound` if gone.
    pub fn load_case(
        &self,
        meeting: MeetingId,
        discussion: DiscussionId,
    ) -> Result<crate::store::meeting::Case> {
        let m = self.meeting_row(meeting)?;
        self.cases(meeting, m.date, Some(discussion))?
            .pop()
            .ok_or_else(|| StoreError::NotFound(format!("discussion {discussion}")))
    }

    /// Mark a case page as started, the first time it is opened (logged once).
    pub fn start_case(&self, discussion: DiscussionId) -> Result<()> {
        self.record_once(
            Table::Discussion,
            discussion.0,
            "started_at",
            time(self.now()),
        )?;
        Ok(())
    }

    /// The newest change-log id (0 for none).
    pub fn last_change_id(&self) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT COALESCE(MAX(id), 0) AS last FROM change_log")?
            .query_row([], |r| r.get("last"))?)
    }

    /// What changed after change-log id `after`: the newest id, and either the typed
    /// texts that changed (target key, stored text) when that is all that changed, or
    /// `None` when anything else did (the meeting must be read again).
    pub fn changes_since(&self, after: i64) -> Result<(i64, Option<TextChanges>)> {
        let rows: Vec<(i64, String, i64, String, Option<String>)> = self
            .conn
            .prepare_cached(
                "SELECT id, tbl, row_id, col, new_value FROM change_log WHERE id > ?1 ORDER BY id",
            )?
            .query_map([after], |r| {
                Ok((
                    r.get("id")?,
                    r.get("tbl")?,
                    r.get("row_id")?,
                    r.get("col")?,
                    r.get("new_value")?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let last = rows.last().map_or(after, |r| r.0);
        let mut texts = vec![];
        for (id, tbl, row, col, new) in rows {
            let target = match Table::live_column(&tbl, &col) {
                Some((table, col, Live::Text)) => TextTarget::Field {
                    table,
                    id: row,
                    col,
                },
                Some((table, col, Live::Date)) => TextTarget::Date {
                    table,
                    id: row,
                    col,
                },
                // Where the room is looking moves no data.
                Some((_, _, Live::Place)) => continue,
                // Another terminal's screen-safe mode is its own screen.
                None if col == super::room_log::SCREEN_SAFE => continue,
                None => return Ok((last, None)),
            };
            // A long text change is logged as its edit: the whole text is rebuilt.
            let text = match new {
                Some(t) => t,
                None => super::audit::value_after(&self.conn, id)?.unwrap_or_default(),
            };
            texts.push((target.key(), text));
        }
        Ok((last, Some(texts)))
    }

    /// Write an editor's current text to the journal (no change log: not yet a record).
    pub fn journal_text(
        &self,
        terminal: &str,
        target: &TextTarget,
        base: &str,
        body: &str,
    ) -> Result<()> {
        self.atomic(|s| {
            s.conn
                .prepare_cached(
                    "INSERT INTO typing (target, terminal, base, body, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT(target, terminal) DO UPDATE SET base = ?3, body = ?4, updated_at = ?5",
                )?
                .execute(params![target.key(), terminal, base, body, time(s.now())])?;
            Ok(())
        })
    }

    /// Commit typed text to its target if it still holds `base`; otherwise join it with
    /// what another terminal stored (see the module rule). Clears the journal row.
    /// Errors: a date that is not `YYYY-MM-DD` is refused (`StoreError::Rule`) and the
    /// journal row is kept; a missing row is `NotFound`.
    pub fn commit_text(&self, target: &TextTarget, base: &str, body: &str) -> Result<TextSaved> {
        self.commit_typed(&self.terminal, target, base, body)
    }

    /// [`Store::commit_text`] for `terminal`'s journal row (a killed terminal's, on replay).
    fn commit_typed(
        &self,
        terminal: &str,
        target: &TextTarget,
        base: &str,
        body: &str,
    ) -> Result<TextSaved> {
        self.atomic(|s| {
            let saved = match target {
                TextTarget::Field { table, id, col } => {
                    let stored = s.stored_text(*table, *id, col)?;
                    let (new, joined) = join(base, body, &stored);
                    s.set_field(*table, *id, col, text(new.clone()))?;
                    TextSaved {
                        stored: new,
                        joined,
                    }
                }
                TextTarget::Date { table, id, col } => {
                    let value = if body.trim().is_empty() {
                        Value::Null
                    } else {
                        let d = crate::domain::dates::parse_typed_date(body).map_err(|e| {
                            StoreError::Rule(format!("{e}; kept as typed, not saved yet"))
                        })?;
                        text(d.format("%Y-%m-%d").to_string())
                    };
                    let stored = s.stored_text(*table, *id, col)?;
                    let joined = if stored == base || stored == body.trim() {
                        Joined::Alone
                    } else {
                        // One date can hold only one value: the one typed here is kept,
                        // the other is in the change log, and the person is told.
                        Joined::Both
                    };
                    s.set_field(*table, *id, col, value.clone())?;
                    let stored = match value {
                        Value::Text(t) => t,
                        _ => String::new(),
                    };
                    TextSaved { stored, joined }
                }
                TextTarget::Intel {
                    meeting,
                    agency,
                    police,
                } => {
                    let sql = format!(
                        "SELECT {} FROM {} WHERE il.meeting_id = ?1 AND il.agency_id = ?2",
                        intelligence::COLUMNS,
                        intelligence::FROM
                    );
                    let existing = s
                        .conn
                        .prepare_cached(&sql)?
                        .query_row(params![meeting, agency], intelligence::from_row)
                        .optional()?;
                    let stored = existing.map(|e| e.body).unwrap_or_default();
                    let (new, joined) = join(base, body, &stored);
                    s.set_intelligence(*meeting, *agency, *police, &new)?;
                    TextSaved {
                        stored: new,
                        joined,
                    }
                }
            };
            s.conn
                .prepare_cached("DELETE FROM typing WHERE target = ?1 AND terminal = ?2")?
                .execute(params![target.key(), terminal])?;
            Ok(saved)
        })
    }

    /// A column's stored value as text ("" for NULL); `NotFound` if the row is gone.
    fn stored_text(&self, table: Table, id: i64, col: &str) -> Result<String> {
        let sql = format!("SELECT {col} FROM {} WHERE id = ?1", table.name());
        let v: Option<Value> = self
            .conn
            .prepare_cached(&sql)?
            .query_row([id], |r| r.get(0))
            .optional()?;
        match v {
            None => Err(StoreError::NotFound(format!("{} {id}", table.name()))),
            Some(Value::Text(t)) => Ok(t),
            Some(Value::Integer(i)) => Ok(i.to_string()),
            Some(_) => Ok(String::new()),
        }
    }

    /// Commit every journal row, whoever typed it: a restored backup has no terminal
    /// of its own running, and its lookups should show what was typed. Rows that
    /// cannot be committed (a half-typed date) stay in the journal. Returns how many
    /// were committed.
    pub fn commit_journal(&self) -> Result<usize> {
        let terminals: Vec<String> = self
            .conn
            .prepare_cached("SELECT DISTINCT terminal FROM typing")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut done = 0;
        for t in terminals {
            done += self.replay_typing(&t, true)?.1;
        }
        Ok(done)
    }

    /// Commit journal rows left by killed terminals: on start (`own`) this terminal's
    /// rows and stale rows of any other; while running, only others' stale rows (its
    /// own belong to its live editors). Returns this terminal's rows that could not be
    /// committed (its editors start from them) and how many were committed.
    pub fn replay_typing(&self, terminal: &str, own: bool) -> Result<(Vec<Typed>, usize)> {
        let before = self.now() - chrono::Duration::seconds(STALE_SECS);
        let cutoff = time(before);
        // Rows written before times were stored in UTC hold local time.
        let old_cutoff = crate::domain::clock::local(before)
            .format(crate::domain::clock::LOCAL_FORMAT)
            .to_string();
        let rows: Vec<(String, String, String, String)> = self
            .conn
            .prepare_cached(
                "SELECT target, terminal, base, body FROM typing
                 WHERE (?3 AND terminal = ?1) OR (terminal <> ?1
                   AND CASE WHEN updated_at LIKE '%Z' THEN updated_at < ?2 ELSE updated_at < ?4 END)
                 ORDER BY updated_at",
            )?
            .query_map(params![terminal, cutoff, own, old_cutoff], |r| {
                Ok((
                    r.get("target")?,
                    r.get("terminal")?,
                    r.get("base")?,
                    r.get("body")?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut left = vec![];
        let mut done = 0;
        for (key, owner, base, body) in rows {
            let Some(target) = TextTarget::parse(&key) else {
                continue;
            };
            match self.commit_typed(&owner, &target, &base, &body) {
                Ok(_) => done += 1,
                Err(e) if e.is_transient() => return Err(e),
                Err(StoreError::NotFound(_)) => {
                    // The row it was typed into is gone: keep the words in the change log.
                    self.atomic(|s| {
                        s.log_event(&format!("typed text for a removed row ({key}): {body}"))?;
                        s.conn
                            .prepare_cached(
                                "DELETE FROM typing WHERE target = ?1 AND terminal = ?2",
                            )?
                            .execute(params![&key, &owner])?;
                        Ok(())
                    })?;
                }
                Err(_) if owner == terminal => left.push(Typed {
                    target: key,
                    base,
                    body,
                }),
                Err(_) => {}
            }
        }
        Ok((left, done))
    }

    /// The other terminals with typing in the journal not yet written into the record.
    pub fn terminals_typing(&self, terminal: &str) -> Result<Vec<String>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT DISTINCT terminal FROM typing WHERE terminal <> ?1 ORDER BY terminal",
            )?
            .query_map([terminal], |r| r.get("terminal"))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// This terminal's place in a meeting, if it has been there before.
    pub fn place(&self, meeting: MeetingId, terminal: &str) -> Result<Option<Place>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT item, discussion_id, item_opened_at, case_opened_at FROM terminal_place
                 WHERE meeting_id = ?1 AND terminal = ?2",
            )?
            .query_row(params![meeting, terminal], |r| {
                let t =
                    |s: Option<String>| s.as_deref().and_then(crate::domain::clock::parse_stamp);
                Ok(Place {
                    item: r.get("item")?,
                    discussion: r.get("discussion_id")?,
                    item_opened_at: t(r.get("item_opened_at")?),
                    case_opened_at: t(r.get("case_opened_at")?),
                })
            })
            .optional()?)
    }

    /// Remember where this terminal is (item and case). When `room` is true this
    /// terminal shows the room, and the meeting's shown place moves too (logged).
    pub fn save_place(
        &self,
        meeting: MeetingId,
        terminal: &str,
        item: u32,
        discussion: Option<DiscussionId>,
        room: bool,
    ) -> Result<()> {
        self.atomic(|s| {
            let now = time(s.now());
            s.conn
                .prepare_cached(
                    "INSERT INTO terminal_place (meeting_id, terminal, item, discussion_id, item_opened_at, case_opened_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?5)
                     ON CONFLICT(meeting_id, terminal) DO UPDATE SET
                       item_opened_at = CASE WHEN item IS ?3 THEN item_opened_at ELSE ?5 END,
                       case_opened_at = CASE WHEN discussion_id IS ?4 THEN case_opened_at ELSE ?5 END,
                       item = ?3, discussion_id = ?4",
                )?
                .execute(params![meeting, terminal, item, discussion, now])?;
            if room {
                // The room's view moves: whatever was revealed on it ends.
                if s.room_place(meeting)? != (Some(item), discussion) {
                    s.end_reveal(meeting)?;
                }
                s.set_field(Table::Meeting, meeting.0, "current_item", Value::Integer(item.into()))?;
                s.set_field(
                    Table::Meeting,
                    meeting.0,
                    "current_discussion_id",
                    discussion.map_or(Value::Null, |d| Value::Integer(d.0)),
                )?;
            }
            Ok(())
        })
    }

    /// The room screen's flags for `meeting`.
    pub fn room_flags(&self, meeting: MeetingId) -> Result<RoomFlags> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT room_blank, room_reveal_discussion_id, room_reveal_item, room_statement_word
                 FROM meeting WHERE id = ?1",
            )?
            .query_row([meeting], |r| {
                Ok(RoomFlags {
                    blank: r.get("room_blank")?,
                    reveal_discussion: r
                        .get::<_, Option<i64>>("room_reveal_discussion_id")?
                        .map(DiscussionId),
                    reveal_item: r.get("room_reveal_item")?,
                    statement_word: r.get("room_statement_word")?,
                })
            })?)
    }

    /// Blank the room's screen, or show it again (logged).
    /// Blanking ends whatever was revealed: shown again, the room sees initials.
    pub fn set_room_blank(&self, meeting: MeetingId, blank: bool) -> Result<()> {
        self.atomic(|s| {
            if blank {
                s.end_reveal(meeting)?;
            }
            s.set_field(
                Table::Meeting,
                meeting.0,
                "room_blank",
                Value::Integer(blank.into()),
            )?;
            Ok(())
        })
    }

    /// Show the room the whole confidentiality statement from word `word` of it, or
    /// (`None`) its item as usual again (logged: it changes what the room sees).
    pub fn set_room_statement(&self, meeting: MeetingId, word: Option<u32>) -> Result<()> {
        self.set_field(
            Table::Meeting,
            meeting.0,
            "room_statement_word",
            word.map_or(Value::Null, |w| Value::Integer(w.into())),
        )?;
        Ok(())
    }

    /// Make `holder` (a terminal and its process, see [`super::room_holder`]) the
    /// one whose place the room is shown; whatever was revealed ends (logged).
    /// A terminal takes the room with [`Store::take_room_here`].
    pub fn take_room(&self, meeting: MeetingId, holder: &str) -> Result<()> {
        self.atomic(|s| {
            s.end_reveal(meeting)?;
            s.set_field(Table::Meeting, meeting.0, "room_terminal", text(holder))?;
            Ok(())
        })
    }

    /// The terminal whose place the room is shown, if any.
    pub fn room_terminal(&self, meeting: MeetingId) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT room_terminal FROM meeting WHERE id = ?1")?
            .query_row([meeting], |r| r.get("room_terminal"))?)
    }
}

/// Join typed text with the stored text (see the module rule).
fn join(base: &str, ours: &str, stored: &str) -> (String, Joined) {
    if stored == base || stored == ours {
        return (ours.to_string(), Joined::Alone);
    }
    match merge3(base, ours, stored) {
        Merge::Clean(t) => (t, Joined::Clean),
        Merge::Both(t) => (t, Joined::Both),
    }
}
