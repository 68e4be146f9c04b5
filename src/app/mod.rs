//! The meeting runner's state. `update` takes a message (a key, a paste, a tick,
//! fresh data) and returns effects (saves) for the runner to perform: no I/O here.

pub mod announce;
mod announce_words;
pub mod clock;
pub mod close;
pub mod dialog;
pub mod dialog_keys;
pub mod edit_keys;
pub mod form;
pub mod form_view;
pub mod keys;
pub mod message;
mod nav;
pub mod page;
pub mod privacy;
pub mod progress;
mod received;
pub mod room_log;
pub mod room_mark;
pub mod save;
pub mod state;
pub mod text;
pub mod text_field;
pub mod unread;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use crate::domain::types::*;
use form::Field;
use keys::Command;

pub use save::{DEBOUNCE_MS, MAX_UNCOMMITTED_MS, RETRY_MS};

use close::*;
use dialog_keys::*;
pub use message::*;
use nav::*;
pub use state::*;

/// What Esc says to the quit question while saves fail (QA fault 7).
pub const STAYING: &str = "Staying: what is not saved yet stays on screen and is tried again";

/// What Esc on a pending choice says.
pub(crate) const PUT_BACK: &str = "Choice put back as recorded: nothing changed";

/// What saving a form says while its focused choice is pending.
pub(crate) fn pending_refusal(label: &str) -> String {
    format!(
        "{label}: the choice on screen is not recorded — Enter records it, {} puts it back",
        keys::key(Command::Back)
    )
}

/// The one entry point: apply a message, return what must be saved.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let mut fx = vec![];
    match msg {
        Msg::Tick { now, mono_ms } => {
            app.now = now;
            app.mono = mono_ms;
            if !app.retry.is_empty() && mono_ms.saturating_sub(app.last_retry) >= RETRY_MS {
                app.last_retry = mono_ms;
                fx.append(&mut app.retry);
            }
        }
        Msg::Loaded(data) => {
            unread::read(app, unread::Unread::Meeting);
            received::on_loaded(app, data)
        }
        Msg::Saved { at } => save::saved(app, at),
        Msg::TextSaved {
            target,
            sent,
            saved,
        } => save::text_saved(app, &target, &sent, saved),
        Msg::TextFailed {
            target,
            error,
            transient,
            busy,
        } => save::text_failed(app, &target, error, transient, busy),
        Msg::CaseLoaded(case) => {
            if let Some(c) = app
                .data
                .cases
                .iter_mut()
                .find(|c| c.discussion == case.discussion)
            {
                *c = *case;
            }
            app.rebuild_form();
        }
        Msg::TextChanged(texts) => {
            for (key, stored) in texts {
                app.saved_text.insert(key, stored);
            }
            app.rebuild_form();
        }
        Msg::SaveFailed {
            effects,
            error,
            retry,
            busy,
        } => received::on_save_failed(app, effects, error, retry, busy),
        Msg::ReadFailed { what, error } => unread::failed(app, what, &error),
        Msg::NeedsSubject { candidates } => page::referrals::ask_subject(app, candidates),
        Msg::Info { message } => app.say(message),
        Msg::Room(room) => app.data.room = room,
        Msg::ReferralsLoaded(rows) => {
            unread::read(app, unread::Unread::Referrals);
            app.data.referrals = rows;
            app.data.referrals_loaded = true;
            let len = app.data.referrals.len();
            app.screens.referrals.sel = app.screens.referrals.sel.min(len.saturating_sub(1));
        }
        Msg::ReferralTaken { message } => {
            app.screens.referrals.form = None;
            app.screens.referrals.dirty = None;
            app.drafts.remove(page::referrals::DRAFT);
            fx.push(Effect::ClearDraft {
                key: page::referrals::DRAFT.into(),
            });
            app.say(message);
        }
        Msg::Paste(s) if app.hidden() => drop(s),
        Msg::Paste(s) => received::on_paste(app, s),
        Msg::Resize { width, height } => app.size = Some((width, height)),
        Msg::Stop => {
            // Typed text is committed; a choice still pending stays pending (kept as a
            // draft, on screen again at the next start): nobody chose it.
            save::flush(app, &mut fx, true);
            app.quit = true;
            app.quit_anyway = true;
        }
        Msg::Key(key) => {
            if key.kind == KeyEventKind::Release {
                return fx;
            }
            on_key(app, key, &mut fx);
        }
    }
    // Every change to text reaches the journal before the next frame.
    save::flush(app, &mut fx, false);
    if !app.retry.is_empty() {
        // Saves are failing: what comes now waits behind them, in order, a newer
        // write to the same place replacing an older one.
        let (queue, now): (Vec<Effect>, Vec<Effect>) = fx.into_iter().partition(save::queued);
        for e in queue {
            save::enqueue(&mut app.retry, e);
        }
        fx = now;
    }
    if fx.iter().any(Effect::changes_data) {
        app.save = SaveState::Pending;
    }
    fx
}

/// The referrals screen's rows are read when it first opens, not before the
/// runner's first frame (issue 24).
pub fn load_referrals(app: &App, fx: &mut Vec<Effect>) {
    if app.screen == Screen::Referrals && !app.data.referrals_loaded {
        fx.push(Effect::LoadReferrals {
            panel: app.data.panel.id,
        });
    }
}

/// Commands that work on every screen of the meeting: help, switching screens, the
/// room, initials. Returns whether `cmd` was one.
fn screen_command(app: &mut App, cmd: Option<Command>, fx: &mut Vec<Effect>) -> bool {
    match cmd {
        Some(Command::Help) => {
            app.help = true;
            true
        }
        Some(Command::ScreenMeeting)
        | Some(Command::ScreenMembers)
        | Some(Command::ScreenIntake)
        | Some(Command::ScreenSchedule)
        | Some(Command::NextScreen) => {
            settle(app, fx);
            app.screen = match cmd {
                Some(Command::ScreenMembers) => Screen::Members,
                Some(Command::ScreenIntake) => Screen::Referrals,
                Some(Command::ScreenSchedule) => Screen::Schedule,
                Some(Command::NextScreen) => match app.screen {
                    Screen::Meeting => Screen::Members,
                    Screen::Members => Screen::Referrals,
                    Screen::Referrals => Screen::Schedule,
                    Screen::Schedule => Screen::Meeting,
                },
                _ => Screen::Meeting,
            };
            app.screens.members.sel = 0;
            app.screens.referrals.sel = 0;
            app.screens.schedule.sel = 0;
            app.message = None;
            load_referrals(app, fx);
            unread::retry(app, fx);
            true
        }
        Some(Command::ShowRoom) => {
            fx.push(Effect::TakeRoom);
            save_place(app, fx);
            app.say("The room now follows this terminal");
            true
        }
        Some(Command::ScreenSafe) => {
            app.screen_safe = !app.screen_safe;
            fx.push(screen_safe_effect(app));
            true
        }
        Some(Command::Reveal) => {
            reveal(app, fx);
            true
        }
        Some(Command::Saved) => {
            app.say("Saved already: everything is saved as you type");
            true
        }
        Some(Command::Initials) => {
            app.initials = !app.initials;
            app.rebuild_form();
            app.say(if app.initials {
                "Subjects shown by initials"
            } else {
                "Subjects shown by name"
            });
            true
        }
        _ => false,
    }
}

/// What this terminal's screen-safe mode shows (or stopped showing), for the room log.
fn screen_safe_effect(app: &App) -> Effect {
    Effect::ScreenSafe {
        on: app.screen_safe,
        item: app.item,
        discussion: app.current_case().map(|c| c.discussion),
        revealed: app.revealed(),
    }
}

/// F4: reveal to the room the current case's full name, or the current item's
/// intelligence text, or hide it again when it is on show. Only what the room shows
/// now, from the terminal the room follows; the room moving on hides it by itself
/// (the store ends it: [`crate::store::room_holder`]).
fn reveal(app: &mut App, fx: &mut Vec<Effect>) {
    let case = app.current_case().map(|c| c.discussion);
    let intel = matches!(
        app.kind(),
        crate::domain::AgendaKind::PoliceIntelligence
            | crate::domain::AgendaKind::AgencyIntelligence
    );
    if case.is_none() && !intel {
        app.say(format!(
            "Nothing to reveal here: {} works on a case page or an intelligence item",
            keys::key(Command::Reveal)
        ));
        return;
    }
    if app.revealed() {
        fx.push(Effect::RoomReveal {
            discussion: None,
            item: None,
        });
        app.say("Hidden again on the room's screen");
        return;
    }
    if !app.data.room.here {
        app.say(format!(
            "{} ({} takes it): nothing revealed",
            crate::store::room_holder::NOT_THE_ROOM,
            keys::key(Command::ShowRoom)
        ));
        return;
    }
    fx.push(Effect::RoomReveal {
        discussion: case,
        item: intel.then_some(app.item),
    });
    app.say(format!(
        "Revealed on the room's screen until the room moves on ({} hides it)",
        keys::key(Command::Reveal)
    ));
}

/// Where a key is pressed, for the key table: the page whose letters act, and whether
/// a text field (or a dialog, whose letters are its own) has the keys.
fn key_context(app: &App) -> keys::Ctx {
    use keys::When;
    let typing = !app.help
        && (app.dialog.is_some()
            || match app.screen {
                Screen::Referrals => app
                    .screens
                    .referrals
                    .form
                    .as_ref()
                    .is_some_and(|st| st.form.focused().is_some_and(Field::is_text)),
                Screen::Meeting => app.form.focused().is_some_and(Field::is_text),
                _ => false,
            });
    let page = match app.screen {
        _ if app.help || app.dialog.is_some() => None,
        Screen::Members => Some(When::Members),
        Screen::Schedule => Some(When::Schedule),
        Screen::Referrals if app.screens.referrals.form.is_none() => Some(When::Referrals),
        Screen::Referrals => None,
        Screen::Meeting => match app.kind() {
            crate::domain::AgendaKind::Introductions | crate::domain::AgendaKind::Apologies => {
                Some(When::Attendance)
            }
            crate::domain::AgendaKind::Confidentiality => Some(When::Confidentiality),
            _ => None,
        },
    };
    keys::Ctx { page, typing }
}

fn on_key(app: &mut App, key: KeyEvent, fx: &mut Vec<Effect>) {
    let cmd = keys::command_for(&key, &key_context(app));
    if cmd == Some(Command::Quit) {
        // Whatever is open (help, a blank screen, a dialog, a form): what was typed is
        // committed and what was chosen is recorded before the program stops; a choice
        // still pending ("not recorded") stays pending, kept as a draft for next time.
        save::flush(app, fx, true);
        app.quit = true;
        return;
    }
    if app.quit_anyway && key.code == ratatui::crossterm::event::KeyCode::Esc {
        // Esc answers the quit question (QA fault 7): stay, saves still retried.
        app.quit_anyway = false;
        app.say(STAYING);
        return;
    }
    if cmd == Some(Command::Suspend) {
        // As quitting: what was typed is committed before the shell has the terminal.
        save::flush(app, fx, true);
        fx.push(Effect::Suspend);
        return;
    }
    if app.blank {
        if cmd == Some(Command::Blank) {
            app.blank = false;
            fx.push(Effect::RoomBlank(false));
        }
        return;
    }
    if cmd == Some(Command::Blank) {
        // Blank here and the room's screen at once.
        app.blank = true;
        fx.push(Effect::RoomBlank(true));
        return;
    }
    if app.too_small() {
        // "Terminal too small" hides everything: nothing may act unseen.
        return;
    }
    if app.screen_safe {
        // The room's view hides the forms: only going back to them acts.
        if cmd == Some(Command::ScreenSafe) {
            app.screen_safe = false;
            fx.push(screen_safe_effect(app));
        }
        return;
    }
    if app.help {
        match key.code {
            KeyCode::Up => app.help_scroll = app.help_scroll.saturating_sub(1),
            KeyCode::Down => app.help_scroll = app.help_scroll.saturating_add(1),
            KeyCode::PageUp => app.help_scroll = app.help_scroll.saturating_sub(10),
            KeyCode::PageDown => app.help_scroll = app.help_scroll.saturating_add(10),
            _ => {}
        }
        if matches!(cmd, Some(Command::Help | Command::Back)) {
            app.help = false;
            app.help_scroll = 0;
        }
        return;
    }
    if app.dialog.is_some() {
        dialog_key(app, key, cmd, fx);
        return;
    }
    if screen_command(app, cmd, fx) {
        return;
    }
    if app.screen != Screen::Meeting {
        // As on the meeting's pages: what the last key said does not outlive the next
        // (a "put back" or "only a planned meeting" stayed on after later keys).
        app.message = None;
        return page::current(app).key(app, key, cmd, fx);
    }
    if app.data.state == MeetingState::Planned {
        if key.code != KeyCode::Enter {
            if std::mem::take(&mut app.start_other_day) {
                app.message = None; // not started after all
            }
            return;
        }
        let today = app.today();
        if today != app.data.date && !app.start_other_day {
            app.start_other_day = true;
            app.warn(format!(
                "Dated {}, not today ({}): Enter again starts it",
                app.data.date.format("%-d %B %Y"),
                today.format("%-d %B %Y")
            ));
            return;
        }
        app.start_other_day = false;
        fx.push(Effect::StartMeeting);
        app.item_since = app.now;
        app.say("Meeting started");
        return;
    }
    if app.data.state == MeetingState::Closed {
        return;
    }
    app.message = None;
    if cmd == Some(Command::Back) && app.form.focused_mut().is_some_and(Field::abandon) {
        // Esc puts a pending choice back: nothing reaches the record.
        save::keep_pending_choice(app, app.form.focus, fx);
        app.say(PUT_BACK);
        return;
    }
    match cmd {
        Some(Command::NextItem) => return goto_item(app, true, fx),
        Some(Command::PrevItem) => return goto_item(app, false, fx),
        Some(Command::NextCase) => return step_case(app, true, fx),
        Some(Command::PrevCase) => return step_case(app, false, fx),
        Some(Command::FormalClose) => return open_formal_close(app, fx),
        Some(Command::EndMeeting) => return open_end(app, fx),
        _ => {}
    }
    page::of(app.kind()).key(app, key, cmd, fx);
}
