//! The chair's lasting sign of the room's screen (QA session 5, fault 1d): which
//! terminal the room follows, and, while it lasts, that a full name or intelligence
//! text is on show there. Drawn in the header of every meeting screen.

use super::keys::{key, Command};
use super::App;
use crate::domain::types::MeetingState;

/// What the room's screen is doing, as the chair needs to know it.
enum RoomNow {
    /// The room follows no live terminal.
    Nobody,
    /// The room follows `who` ("here" for this terminal), showing `shown` if anything
    /// beyond the defaults ("FULL NAME", "INTELLIGENCE"), or blank.
    Follows {
        who: String,
        shown: Option<&'static str>,
        blank: bool,
    },
}

fn room_now(app: &App) -> Option<RoomNow> {
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
        _ => return Some(RoomNow::Nobody),
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
    Some(RoomNow::Follows {
        who,
        shown,
        blank: room.flags.blank,
    })
}

/// The header's room mark, and whether it is an alarm (something revealed, or the
/// room following nobody); `None` when no meeting is running.
pub fn room_mark(app: &App) -> Option<(String, bool)> {
    Some(match room_now(app)? {
        RoomNow::Nobody => (format!("room: none ({})", key(Command::ShowRoom)), true),
        RoomNow::Follows {
            who,
            shown: Some(what),
            ..
        } => (format!("ROOM {who}: {what} SHOWN"), true),
        RoomNow::Follows { who, blank, .. } if blank => (format!("room {who}: blank"), false),
        RoomNow::Follows { who, .. } => (format!("room: {who}"), false),
    })
}

/// The same in one sentence for screen-reader mode, said whenever it changes:
/// "The room's screen follows this terminal and shows the full name".
pub fn room_sentence(app: &App) -> Option<String> {
    Some(match room_now(app)? {
        RoomNow::Nobody => format!(
            "The room's screen follows no terminal: {} takes it",
            key(Command::ShowRoom)
        ),
        RoomNow::Follows { who, shown, blank } => {
            let who = if who == "here" {
                "this terminal".to_string()
            } else {
                format!("terminal {who}")
            };
            match (shown, blank) {
                (Some(what), _) => format!(
                    "The room's screen follows {who} and shows the {}",
                    what.to_lowercase()
                ),
                (None, true) => format!("The room's screen follows {who} and is blank"),
                (None, false) => format!("The room's screen follows {who}"),
            }
        }
    })
}
