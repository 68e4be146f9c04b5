//! The terminal runner: draw, read keys, perform effects, reload. The terminal is
//! restored on exit and on panic.

pub mod perform;

use std::collections::BTreeMap;
use std::io::stdout;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use ratatui::crossterm::execute;

use crate::app::{update, App, Effect, Msg};
use crate::store::{MeetingId, Store, StoreError};

/// Tick often enough for the 300 ms text debounce and the clocks.
const TICK: Duration = Duration::from_millis(100);

/// Open the meeting in progress, or else the next planned one, and run it.
pub fn run(store: Store) -> Result<(), StoreError> {
    let Some(mut meeting) = store.meeting_to_run()? else {
        return Err(StoreError::Rule(
            "no meeting is planned in this database: `roundtable init` sets up a panel and its meetings, `roundtable meetings add DATE` adds one, `roundtable demo --db FILE` makes demo data to try".into(),
        ));
    };
    let data = store.load_meeting(meeting)?;
    let drafts: BTreeMap<String, String> = store.all_drafts()?.into_iter().collect();
    let mut app = App::new(data, store.now(), drafts);
    let mut terminal = ratatui::try_init()?;
    let _ = execute!(stdout(), EnableBracketedPaste);
    let result = event_loop(&store, &mut meeting, &mut app, &mut terminal);
    let _ = execute!(stdout(), DisableBracketedPaste);
    ratatui::restore();
    result
}

fn event_loop(
    store: &Store,
    meeting: &mut MeetingId,
    app: &mut App,
    terminal: &mut ratatui::DefaultTerminal,
) -> Result<(), StoreError> {
    let start = Instant::now();
    let mono = || start.elapsed().as_millis() as u64;
    loop {
        terminal.draw(|f| crate::ui::render(app, f))?;
        let mut fx = update(
            app,
            Msg::Tick {
                now: store.now(),
                mono_ms: mono(),
            },
        );
        if event::poll(TICK)? {
            let msg = match event::read()? {
                Event::Key(k) => Some(Msg::Key(k)),
                Event::Paste(s) => Some(Msg::Paste(s)),
                _ => None,
            };
            if let Some(msg) = msg {
                fx.extend(update(
                    app,
                    Msg::Tick {
                        now: store.now(),
                        mono_ms: mono(),
                    },
                ));
                fx.extend(update(app, msg));
            }
        }
        apply(store, meeting, app, fx);
        if app.quit && !app.quit_is_safe() {
            // A save is failing: do not drop what it holds without asking.
            continue;
        }
        if app.quit {
            // Everything typed was flushed into effects by the quit key.
            return Ok(());
        }
    }
}

/// Perform effects, report the outcome to the app, and reload if data changed.
pub fn apply(store: &Store, meeting: &mut MeetingId, app: &mut App, fx: Vec<Effect>) {
    if fx.is_empty() {
        return;
    }
    let reload = fx.iter().any(Effect::changes_data);
    let mut follow = vec![];
    match perform::perform(store, meeting, fx) {
        Ok(msgs) => {
            let _ = update(app, Msg::Saved { at: store.now() });
            follow = msgs;
        }
        Err(f) => {
            let _ = update(
                app,
                Msg::SaveFailed {
                    effects: f.effects,
                    error: f.error,
                    retry: f.transient,
                },
            );
        }
    }
    let mut more = vec![];
    for m in follow {
        more.extend(update(app, m));
    }
    if reload {
        match store.load_meeting(*meeting) {
            Ok(data) => {
                let _ = update(app, Msg::Loaded(Box::new(data)));
            }
            Err(e) => {
                let _ = update(
                    app,
                    Msg::SaveFailed {
                        retry: true,
                        effects: vec![],
                        error: e.to_string(),
                    },
                );
            }
        }
    }
    // What the follow-up messages asked for (e.g. dropping a draft once used).
    apply(store, meeting, app, more);
}
