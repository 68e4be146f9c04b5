//! The screen-reader mode (`roundtable run --plain`, or `accessible = true` in the
//! config file; issue 28 item 1): the same [`App`], the same `update`, the same
//! effects and saves as the full screen, but nothing is drawn. After each key the
//! runner prints, as plain lines, what changed ([`crate::app::announce::changes`]),
//! then a prompt that says where the user is. No alternate screen, no box drawing, no
//! colour, no cursor movement: a screen reader reads each line as it is printed.
//! Raw mode is kept so every command is still a key; typed characters are echoed.

use std::io::{stdout, Write};
use std::time::Instant;

use ratatui::crossterm::event::{
    self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{disable_raw_mode, enable_raw_mode};

use super::{apply, settle, signals, start, Watch, REPLAY_MS, TICK};
use crate::app::announce::{announce, changes, Announcement};
use crate::app::form::Kind;
use crate::app::{update, App, Effect, Msg};
use crate::store::{IntactCheck, MeetingId, Store, StoreError};

/// Lines printed to the terminal: each ends with CR LF (raw mode does not add the CR),
/// and an echoed half line is ended before the next announcement.
struct Out {
    /// Something (a prompt, echoed typing) is on the current line.
    open: bool,
}

impl Out {
    fn lines(&mut self, lines: &[String]) {
        let mut o = stdout().lock();
        if self.open && !lines.is_empty() {
            let _ = write!(o, "\r\n");
            self.open = false;
        }
        for l in lines {
            // Nothing printed may move the cursor or colour text: controls go.
            let clean: String = l.chars().filter(|c| !c.is_control()).collect();
            let _ = write!(o, "{clean}\r\n");
        }
        let _ = o.flush();
    }

    fn prompt(&mut self, place: &str) {
        let mut o = stdout().lock();
        if self.open {
            let _ = write!(o, "\r\n");
        }
        let _ = write!(o, "{place}> ");
        let _ = o.flush();
        self.open = true;
    }

    fn echo(&mut self, s: &str) {
        let mut o = stdout().lock();
        let text: String = s
            .chars()
            .filter(|c| *c == '\n' || !c.is_control())
            .collect();
        let _ = write!(o, "{}", text.replace('\n', "\r\n"));
        let _ = o.flush();
        self.open = true;
    }
}

/// The focused text field's label and value, wherever it is (meeting page, dialog,
/// referral form): what typing changes.
fn typing_in(app: &App) -> Option<(String, String)> {
    let form = match &app.dialog {
        Some(d) => &d.form,
        None if app.screen == crate::app::Screen::Meeting => &app.form,
        None if app.screen == crate::app::Screen::Referrals => {
            &app.screens.referrals.form.as_ref()?.form
        }
        None => return None,
    };
    let f = form.focused()?;
    match &f.kind {
        Kind::Text(t) => Some((f.label.clone(), t.value())),
        _ => None,
    }
}

/// What typing did to a field, as the user should hear it: the characters added, or
/// a line for a deletion or an edit elsewhere in the text.
pub fn typed_echo(before: &str, after: &str) -> Option<Result<String, String>> {
    if before == after {
        return None;
    }
    if let Some(added) = after.strip_prefix(before) {
        return Some(Ok(added.to_string()));
    }
    if let Some(gone) = before.strip_prefix(after) {
        return Some(Err(format!("Deleted: {gone}")));
    }
    Some(Err(format!(
        "Text now: {}",
        crate::domain::clean::one_line(after)
    )))
}

/// Run the meeting in screen-reader mode (see the module's words).
pub fn run(store: Store) -> Result<(), StoreError> {
    store.check_can_write()?;
    let mut check = Some(store.check_intact_beside()?);
    let Some(mut meeting) = store.meeting_to_run()? else {
        return Err(StoreError::Rule(
            "no meeting is planned in this database: `roundtable init` sets up a panel and its meetings, `roundtable meetings add DATE` adds one".into(),
        ));
    };
    let mut app = start(&store, meeting)?;
    let mut signals = signals::Signals::new()?;
    enable_raw_mode()?;
    let _ = execute!(stdout(), EnableBracketedPaste);
    let result = plain_loop(&store, &mut meeting, &mut app, &mut signals, &mut check);
    if !app.quit {
        let fx = update(&mut app, Msg::Stop);
        apply(&store, &mut meeting, &mut app, fx);
    }
    let _ = execute!(stdout(), DisableBracketedPaste);
    let _ = disable_raw_mode();
    println!("Roundtable closed");
    super::keep_unsaved(&store, &app);
    result
}

fn plain_loop(
    store: &Store,
    meeting: &mut MeetingId,
    app: &mut App,
    signals: &mut signals::Signals,
    check: &mut Option<IntactCheck>,
) -> Result<(), StoreError> {
    let begun = Instant::now();
    let mono = || begun.elapsed().as_millis() as u64;
    let mut watch = Watch::new(store)?;
    let mut last_replay = 0;
    let mut out = Out { open: false };
    let mut said = announce(app);
    let mut first = vec![format!(
        "Roundtable, screen-reader mode: each change is one line; {} lists the keys",
        crate::app::keys::key(crate::app::keys::Command::Help)
    )];
    first.extend(changes(&Announcement::default(), &said));
    out.lines(&first);
    out.prompt(&said.place);
    loop {
        match signals.pending() {
            signals::Asked::Nothing | signals::Asked::Resume => {}
            signals::Asked::Stop | signals::Asked::Suspend => {
                // No shell job control here: a stop is a quit that keeps what is typed.
                let fx = update(app, Msg::Stop);
                apply(store, meeting, app, fx);
                return Ok(());
            }
        }
        settle(store, app, check);
        let mut fx = update(
            app,
            Msg::Tick {
                now: store.now(),
                mono_ms: mono(),
            },
        );
        if let Some(msg) = watch.poll_with(store, *meeting, app.data.referrals_loaded) {
            fx.extend(update(app, msg));
        }
        if event::poll(TICK)? {
            let msg = match event::read()? {
                Event::Key(k) if k.kind != KeyEventKind::Release => Some(Msg::Key(k)),
                Event::Paste(s) => Some(Msg::Paste(s)),
                // The size does not matter here: nothing is drawn.
                _ => None,
            };
            if let Some(msg) = msg {
                let before = typing_in(app);
                fx.extend(update(
                    app,
                    Msg::Tick {
                        now: store.now(),
                        mono_ms: mono(),
                    },
                ));
                fx.extend(update(app, msg));
                if let (Some((l0, v0)), Some((l1, v1))) = (&before, typing_in(app)) {
                    if *l0 == l1 {
                        match typed_echo(v0, &v1) {
                            Some(Ok(added)) => out.echo(&added),
                            Some(Err(line)) => {
                                out.lines(&[line]);
                                out.prompt(&said.place);
                            }
                            None => {}
                        }
                    }
                }
            }
        }
        if mono().saturating_sub(last_replay) >= REPLAY_MS {
            last_replay = mono();
            if let Ok((_, n)) = store.replay_typing(store.terminal(), false) {
                if n > 0 {
                    if let Ok(d) = store.load_meeting(*meeting) {
                        fx.extend(update(app, Msg::Loaded(Box::new(d))));
                    }
                }
            }
        }
        if fx.iter().any(|e| matches!(e, Effect::Suspend)) {
            // No job control here: the screen reader would lose its place.
            fx.retain(|e| !matches!(e, Effect::Suspend));
            out.lines(&[format!(
                "Suspending is not offered in screen-reader mode: {} quits, keeping what is typed",
                crate::app::keys::key(crate::app::keys::Command::Quit)
            )]);
            out.prompt(&said.place);
        }
        let wrote = !fx.is_empty();
        let recorded = fx.iter().any(Effect::changes_data);
        apply(store, meeting, app, fx);
        if wrote {
            watch.own_writes(store);
        }
        let mut now = announce(app);
        now.wrote = recorded;
        let lines = changes(&said, &now);
        if !lines.is_empty() {
            out.lines(&lines);
            out.prompt(&now.place);
        } else if now.place != said.place {
            out.prompt(&now.place);
        }
        said = now;
        if app.quit && !app.quit_is_safe() {
            continue;
        }
        if app.quit {
            out.lines(&[]);
            return Ok(());
        }
    }
}
