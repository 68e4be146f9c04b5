//! The chair's lasting sign of the room's screen (QA session 5, fault 1d): which
//! terminal the room follows, and, while it lasts, that a full name or intelligence
//! text is on show there. Drawn in the header of every meeting screen.

use super::keys::{key, Command};
use super::App;
use crate::domain::types::MeetingState;

/// The header's room mark, and whether it is an alarm (something revealed, or the
/// room following nobody); `None` when no meeting is running.
pub fn room_mark(app: &App) -> Option<(String, bool)> {
    if !matches!(
        app.data.state,
        MeetingState::InProgress | MeetingState::FormallyClosed
    ) {
        return None;
    }
    let room = &app.data.room;
    let who = match room.follows() {
        _ if room.here => "here".to_string(),
        // A long terminal name is cut: the mark must leave the header its words.
        Some(t) if room.alive => t.chars().take(16).collect(),
        _ => return Some((format!("room: none ({})", key(Command::ShowRoom)), true)),
    };
    let shown = if room.flags.blank {
        None
    } else if room.flags.reveal_discussion.is_some() {
        Some("FULL NAME")
    } else if room.flags.reveal_item.is_some() {
        Some("INTELLIGENCE")
    } else {
        None
    };
    Some(match shown {
        Some(what) => (format!("ROOM {who}: {what} SHOWN"), true),
        None if room.flags.blank => (format!("room {who}: blank"), false),
        None => (format!("room: {who}"), false),
    })
}
