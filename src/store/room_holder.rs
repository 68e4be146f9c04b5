//! Which terminal the room's screen follows, and the one rule for what the room is
//! shown beyond initials (QA of session 5, faults 1 and 2):
//!
//! - the room follows one *process*, not a terminal name: a terminal's name is its
//!   tty (`alice@pts/5`), which the system gives again to the next window, so the
//!   holder is stored as `TERMINAL#PID.START` (the process id and its start time in
//!   clock ticks since boot, from `/proc/self/stat`): a stranger that happens to get
//!   a dead terminal's tty is not the room;
//! - a holder whose process is gone is noticed (by any presenter, see
//!   [`Store::release_gone_room`]) and the room falls back to initials, following no
//!   terminal, logged; F9 on a terminal takes it again;
//! - a reveal (F4) is only of what the room shows now, and only from the terminal the
//!   room follows ([`Store::set_room_reveal`] refuses anything else);
//! - a reveal ends whenever the room's view moves: another item or case, a blank, a
//!   takeover, the holder gone ([`Store::end_reveal`], called from each of those).
//!
//! Terminals are on one host (the database is a local file, docs/deploy.md), so the
//! process table is the heartbeat: nothing is written while nothing changes.

use std::sync::OnceLock;

use rusqlite::types::Value;

use super::ids::{DiscussionId, MeetingId};
use super::live::RoomFlags;
use super::write::Table;
use super::{Result, Store, StoreError};

/// What a terminal refused a reveal says (one place for the words).
pub const NOT_THE_ROOM: &str = "This terminal is not showing the room";

/// What the room's screen says while it follows no running terminal.
pub const ROOM_UNFOLLOWED: &str =
    "This screen follows no terminal (the one it followed has closed): initials only. F9 on a terminal shows its place.";

/// The room as a terminal needs to know it: whom it follows, whether that is this
/// terminal (its own process), whether that process is still running, and its flags.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RoomState {
    /// The stored holder, `TERMINAL#PID.START` (older databases: `TERMINAL`).
    pub holder: Option<String>,
    /// This process holds the room.
    pub here: bool,
    /// The holder's process is running (false when there is no holder).
    pub alive: bool,
    pub flags: RoomFlags,
}

impl RoomState {
    /// The terminal the room follows, as people read it (without the process).
    pub fn follows(&self) -> Option<&str> {
        self.holder.as_deref().map(terminal_of)
    }
}

/// The terminal part of a stored holder.
pub fn terminal_of(holder: &str) -> &str {
    holder.rsplit_once('#').map_or(holder, |(t, _)| t)
}

/// This process: `PID.START`, the same for the whole run.
pub fn process_tag() -> &'static str {
    static TAG: OnceLock<String> = OnceLock::new();
    TAG.get_or_init(|| {
        let pid = std::process::id();
        let start = start_ticks(pid).unwrap_or_else(|| {
            // No /proc: the time this process first asked, which no other has.
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64)
        });
        format!("{pid}.{start}")
    })
}

/// A process's start time in clock ticks since boot (field 22 of `/proc/PID/stat`).
fn start_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces and brackets: count after the last ')'.
    let after = &stat[stat.rfind(')')? + 1..];
    after.split_whitespace().nth(19)?.parse().ok()
}

/// Is the process named in `holder` still running? A holder without a process (an
/// older database's) cannot be checked and counts as gone; on a system without
/// `/proc` every holder counts as running.
pub fn holder_alive(holder: &str) -> bool {
    if !std::path::Path::new("/proc/self/stat").exists() {
        return true;
    }
    let Some((_, tag)) = holder.rsplit_once('#') else {
        return false;
    };
    let Some((pid, start)) = tag.split_once('.') else {
        return false;
    };
    match (pid.parse::<u32>(), start.parse::<u64>()) {
        (Ok(pid), Ok(start)) => start_ticks(pid) == Some(start),
        _ => false,
    }
}

impl Store {
    /// This terminal as the room's holder: its name and its process.
    pub fn room_holder(&self) -> String {
        format!("{}#{}", self.terminal(), process_tag())
    }

    /// The room of `meeting` as this terminal sees it.
    pub fn room_state(&self, meeting: MeetingId) -> Result<RoomState> {
        let holder = self.room_terminal(meeting)?;
        Ok(RoomState {
            here: holder.as_deref() == Some(self.room_holder().as_str()),
            alive: holder.as_deref().is_some_and(holder_alive),
            holder,
            flags: self.room_flags(meeting)?,
        })
    }

    /// Make this terminal the one the room follows (F9, or starting the meeting):
    /// whatever was revealed ends (logged).
    pub fn take_room_here(&self, meeting: MeetingId) -> Result<()> {
        self.take_room(meeting, &self.room_holder())
    }

    /// If the room follows a process that is no longer running, it follows no
    /// terminal from now and shows nothing revealed (logged). True when it did.
    pub fn release_gone_room(&self, meeting: MeetingId) -> Result<bool> {
        let Some(holder) = self.room_terminal(meeting)? else {
            return Ok(false);
        };
        if holder_alive(&holder) {
            return Ok(false);
        }
        self.atomic(|s| {
            // Another presenter may have done it, or a terminal taken the room, meanwhile.
            if s.room_terminal(meeting)?.as_deref() != Some(holder.as_str()) {
                return Ok(false);
            }
            s.end_reveal(meeting)?;
            s.set_field(Table::Meeting, meeting.0, "room_terminal", Value::Null)?;
            Ok(true)
        })
    }

    /// End any reveal on the room's screen (logged only when there was one). Called
    /// by every change that moves the room's view.
    pub(crate) fn end_reveal(&self, meeting: MeetingId) -> Result<()> {
        for col in ["room_reveal_discussion_id", "room_reveal_item"] {
            self.set_field(Table::Meeting, meeting.0, col, Value::Null)?;
        }
        Ok(())
    }

    /// Reveal (F4) on the room's screen the full name of case `discussion` or the
    /// intelligence text of item `item`, or (both `None`) hide it again. Refused
    /// unless this terminal's process is the one the room follows and the room shows
    /// that case or item now: a reveal is of what the room sees at that moment.
    pub fn set_room_reveal(
        &self,
        meeting: MeetingId,
        discussion: Option<DiscussionId>,
        item: Option<u32>,
    ) -> Result<()> {
        self.atomic(|s| {
            if discussion.is_some() || item.is_some() {
                if s.room_terminal(meeting)?.as_deref() != Some(s.room_holder().as_str()) {
                    return Err(StoreError::Rule(format!("{NOT_THE_ROOM}.")));
                }
                let (now_item, now_case) = s.room_place(meeting)?;
                if discussion.is_some_and(|d| now_case != Some(d))
                    || item.is_some_and(|i| now_item != Some(i))
                {
                    return Err(StoreError::Rule(
                        "The room has moved on: nothing revealed.".into(),
                    ));
                }
            }
            s.set_field(
                Table::Meeting,
                meeting.0,
                "room_reveal_discussion_id",
                discussion.map_or(Value::Null, |d| Value::Integer(d.0)),
            )?;
            s.set_field(
                Table::Meeting,
                meeting.0,
                "room_reveal_item",
                item.map_or(Value::Null, |i| Value::Integer(i.into())),
            )?;
            Ok(())
        })
    }

    /// The room's place: its item and case.
    pub(crate) fn room_place(
        &self,
        meeting: MeetingId,
    ) -> Result<(Option<u32>, Option<DiscussionId>)> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT current_item, current_discussion_id FROM meeting WHERE id = ?1",
            )?
            .query_row([meeting], |r| {
                Ok((
                    r.get("current_item")?,
                    r.get::<_, Option<i64>>("current_discussion_id")?
                        .map(DiscussionId),
                ))
            })?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_running_and_a_made_up_one_is_not() {
        let me = format!("alice@pts/5#{}", process_tag());
        assert!(holder_alive(&me));
        assert_eq!(terminal_of(&me), "alice@pts/5");
        if std::path::Path::new("/proc/self/stat").exists() {
            // The same pid started at another time is another process.
            let pid = std::process::id();
            assert!(!holder_alive(&format!("alice@pts/5#{pid}.1")));
            assert!(
                !holder_alive("alice@pts/5"),
                "an old holder cannot be checked"
            );
            assert!(!holder_alive("alice@pts/5#x.y"));
        }
    }
}
