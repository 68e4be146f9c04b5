//! The meeting clock on the editing screen (issue 22, MAVE MV13; gap B3): the time the
//! meeting has run against its length (`[meeting_pattern] duration_minutes`, MAVE's
//! "It will run for three hours", 001 "Frequency") and the current item's time against
//! its box (`time_box_minutes`, MAVE's item 1 "– 45 min", 001 "What is the structure
//! for a MAVE Panel meeting?"). Read from `app.now`, so a test sets the time. Shown
//! only while the meeting is in progress and only where the panel file sets a box:
//! a panel without boxes (MAGPan) sees its screens as before. The words are
//! [`crate::domain::time_box`]'s.

use crate::app::App;
use crate::domain::time_box::{against, over_by};
use crate::domain::types::MeetingState;

/// A clock line: its words and whether it has run over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockLine {
    pub text: String,
    pub over: bool,
}

fn running(app: &App) -> bool {
    app.data.state == MeetingState::InProgress && app.data.started_at.is_some()
}

/// The current item's time box, if the panel file sets one.
pub(crate) fn item_box(app: &App) -> Option<u32> {
    app.data
        .panel
        .agenda
        .iter()
        .find(|i| i.number == app.item)
        .and_then(|i| i.time_box_minutes)
}

/// The current item's time against its box: "12:04 of 45:00", past it with
/// "OVER by …"; `None` without a box or outside a meeting in progress.
pub fn item(app: &App) -> Option<ClockLine> {
    let minutes = item_box(app).filter(|_| running(app))?;
    let used = (app.now - app.item_since).num_seconds().max(0);
    Some(ClockLine {
        text: against(used, Some(minutes)),
        over: over_by(used, Some(minutes)).is_some(),
    })
}

/// The meeting's time against its length: "Meeting 1:02:03 of 3:00:00", past it with
/// "OVER by …"; `None` without a length or outside a meeting in progress.
pub fn meeting(app: &App) -> Option<ClockLine> {
    let minutes = app.data.panel.pattern.duration_minutes;
    let started = app.data.started_at.filter(|_| running(app))?;
    minutes?;
    let used = (app.now - started).num_seconds().max(0);
    Some(ClockLine {
        text: format!("Meeting {}", against(used, minutes)),
        over: over_by(used, minutes).is_some(),
    })
}

/// An item's box in words for the sidebar ("45 min"), whatever the meeting's state.
pub fn box_words(minutes: Option<u32>) -> Option<String> {
    minutes.map(|m| format!("{m} min"))
}
