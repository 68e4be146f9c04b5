//! The formal close and the end of the meeting (their dialogs).

use super::dialog::{self};
use super::*;
use crate::app::keys::{key as KEY, Command as C};
use crate::domain::agenda::{item_words, AgendaKind};
use crate::domain::types::*;
use crate::store::meeting::default_next_meeting;

pub(super) fn open_formal_close(app: &mut App, fx: &mut Vec<Effect>) {
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

pub(super) fn open_end(app: &mut App, fx: &mut Vec<Effect>) {
    if app.data.state != MeetingState::FormallyClosed {
        let after = item_words(&app.data.panel.agenda, AgendaKind::Mappa);
        app.warn(format!(
            "The meeting ends after the formal close and {after} ({} first)",
            KEY(C::FormalClose)
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
