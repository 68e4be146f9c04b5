//! Moving about the meeting: items, cases, fields; and recording what was typed or
//! chosen when a person leaves it.

use crate::app::keys::{key as KEY, Command as C};
use crate::domain::paperwork::Rule;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::*;
use crate::domain::agenda::{item_words, items_words, AgendaKind};
use crate::domain::rules::Gate;
use crate::domain::types::*;

/// Leaving the focused field (Tab): record its pending choice and commit every
/// editor's text now. A choice left pending elsewhere (kept over a kill) stays so.
pub(super) fn leave_field(app: &mut App, fx: &mut Vec<Effect>) {
    page::cases::commit_choice(app, app.form.focus, fx, true);
    save::flush(app, fx, true);
}

/// Leaving a page, an item or the program: record pending choices and commit
/// every editor's text now.
pub(super) fn settle(app: &mut App, fx: &mut Vec<Effect>) {
    for i in 0..app.form.fields.len() {
        page::cases::commit_choice(app, i, fx, true);
    }
    save::flush(app, fx, true);
}

pub(super) fn move_sel(app: &mut App, key: &KeyEvent) -> bool {
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

pub(super) fn goto_item(app: &mut App, forward: bool, fx: &mut Vec<Effect>) {
    let items = app.visible();
    let Some(pos) = items.iter().position(|i| i.number == app.item) else {
        return;
    };
    let target = if forward {
        match items.get(pos + 1) {
            Some(i) => i.clone(),
            None => {
                if app.data.state == MeetingState::InProgress {
                    app.say(format!(
                        "That was the last item before the formal close: {} to formally close",
                        KEY(C::FormalClose)
                    ));
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
                    "Case items are locked until everyone present has signed{}. Not signed: {}. {} at {} for a chair override",
                    app.data.panel.paperwork.cite.paren(Rule::Confidentiality),
                    unsigned.join(", "),
                    KEY(C::Override),
                    item_words(&app.data.panel.agenda, AgendaKind::Confidentiality)
                ));
            }
            return;
        }
    }
    settle(app, fx);
    if app.screens.signing.statement.is_some() {
        super::page::signing::show_statement(app, None, fx);
    }
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
pub(super) fn save_place(app: &mut App, fx: &mut Vec<Effect>) {
    // What was revealed to the room ends when the room's place changes: the store
    // ends it with the move (`Store::save_place`).
    fx.push(Effect::Place {
        item: app.item,
        discussion: app.current_case().map(|c| c.discussion),
    });
}

pub(super) fn open_case(app: &mut App, idx: usize, fx: &mut Vec<Effect>) {
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
    app.focus_minutes();
    save_place(app, fx);
    if started {
        fx.push(Effect::StartCase { discussion: d });
    }
}

pub(super) fn step_case(app: &mut App, forward: bool, fx: &mut Vec<Effect>) {
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
            app.say(format!(
                "Last case of this item: {} for the next item",
                KEY(C::NextItem)
            ));
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

pub(super) fn back_to_list(app: &mut App, fx: &mut Vec<Effect>) {
    settle(app, fx);
    app.case = None;
    app.missing.clear();
    app.rebuild_form();
    save_place(app, fx);
}
