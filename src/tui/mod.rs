//! The terminal runner: draw, read keys, perform effects, notice other terminals'
//! saves. The terminal is restored on exit and on panic.

mod leftover;
pub mod perform;
pub mod plain;
pub mod present;
pub mod signals;

use std::collections::BTreeMap;
use std::io::stdout;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, EnableBracketedPaste, Event};
use ratatui::crossterm::execute;

use crate::app::save::Reread;
use crate::app::{update, App, Effect, Msg};
use crate::store::{IntactCheck, MeetingId, Store, StoreError};

/// Tick often enough for the text debounce, the clocks and other terminals' saves.
pub(crate) const TICK: Duration = Duration::from_millis(50);

/// How often journal rows left by killed terminals are looked for (ms).
pub(crate) const REPLAY_MS: u64 = 5000;

/// How long one write waits for another program's write lock before the runner lets
/// the screen go on and tries again (the text stays on screen and is saved after).
pub const BUSY_WAIT: Duration = Duration::from_millis(200);

/// Most key events handled before the screen is drawn again (a paste arrives as many).
const MAX_BATCH: usize = 4096;

/// Open the meeting in progress, or else the next planned one, and run it.
///
/// The first frame does not wait for the whole file to be read: the whole-file check
/// starts once it is drawn and runs beside the meeting ([`Store::check_intact_beside`],
/// [`Store::hold_checkpoints`], which say what may be
/// written meanwhile) and, if it finds damage, writing stops and the screen says so.
pub fn run(store: Store) -> Result<(), StoreError> {
    store.check_can_write()?;
    // Nothing reaches the file itself until the whole-file check has passed; the
    // check starts once the first frame is drawn (`event_loop`).
    store.hold_checkpoints()?;
    let mut check = None;
    let Some(mut meeting) = store.meeting_to_run()? else {
        return Err(StoreError::Rule(
            "no meeting is planned in this database: `roundtable init` sets up a panel and its meetings, `roundtable meetings add DATE` adds one, `roundtable demo --db FILE` makes demo data to try".into(),
        ));
    };
    let mut app = start(&store, meeting)?;
    // Registered before the terminal changes mode, so no signal finds it half set up.
    let mut signals = signals::Signals::new()?;
    let mut terminal = signals::take_terminal()?;
    let _ = execute!(stdout(), EnableBracketedPaste);
    let result = event_loop(
        &store,
        &mut meeting,
        &mut app,
        &mut terminal,
        &mut signals,
        &mut check,
    );
    if !app.quit {
        // The loop ended without quitting (the terminal went away): record what is
        // typed and chosen, as quitting does.
        let fx = update(&mut app, Msg::Stop);
        apply(&store, &mut meeting, &mut app, fx);
    }
    signals::leave_terminal();
    // Once the terminal is itself again, so that the last resort can be printed.
    keep_unsaved(&store, &app);
    result
}

/// Make the app for `meeting` as this terminal left it: text a kill left in the typing
/// journal is committed first (what cannot be, a half-typed date, goes back into its
/// editor), then the meeting is read and the terminal's own place restored.
pub fn start(store: &Store, meeting: MeetingId) -> Result<App, StoreError> {
    store.set_busy_timeout(BUSY_WAIT)?;
    let (typed, _) = store.replay_typing(store.terminal(), true)?;
    // The referrals screen's rows wait until it opens (issue 24): the first frame
    // does not read every referral of the panel.
    let data = store.load_meeting_with(meeting, false)?;
    let drafts: BTreeMap<String, String> = store.all_drafts()?.into_iter().collect();
    let mut app = App::new(data, store.now(), drafts);
    app.terminal = store.terminal().to_string();
    app.typed = typed
        .into_iter()
        .map(|t| (t.target, (t.base, t.body)))
        .collect();
    app.unsaved_file = format!("{}.unsaved-<time>.txt", store.path().display());
    if let Some(place) = store.place(meeting, store.terminal())? {
        app.restore_place(place);
        crate::app::dialog_keys::reopen_kept_dialog(&mut app);
    } else if !app.typed.is_empty() {
        app.restore_place(crate::store::live::Place {
            item: Some(app.item),
            discussion: app.current_case().map(|c| c.discussion),
            ..Default::default()
        });
    }
    // A kept draft referral and a file of unsaved text from last time are said whether
    // or not this terminal's place was kept (QA faults 6 and 7).
    leftover::announce(store, &mut app);
    if app.data.broken.is_empty() && app.message.is_none() {
        // A referral deleted outside Roundtable leaves no case on a meeting not yet
        // started: say so rather than show one case fewer without a word.
        let missing = crate::store::links::missing_referrals(store.conn())?;
        if !missing.is_empty() {
            let ids: Vec<String> = missing.iter().map(i64::to_string).collect();
            app.warn(format!(
                "Referral(s) {} are missing from the record (deleted outside Roundtable), so not shown: `roundtable audit verify` names what is left",
                ids.join(", ")
            ));
        }
    }
    if !app.data.broken.is_empty() && app.message.is_none() {
        // Opened without what is broken: say what, once, so nobody thinks it gone.
        app.warn(format!(
            "Not shown (damaged outside Roundtable; `roundtable audit verify` names it): {}",
            app.data.broken.join("; ")
        ));
    }
    // Words another terminal typed and has not saved yet: if it stopped, they are
    // written in within seconds; say so, so nobody thinks them lost and types again.
    let others = store.terminals_typing(store.terminal())?;
    if !others.is_empty() && app.message.is_none() {
        app.message = Some((
            format!(
                "Typing from {} not yet saved: here within {} s if that terminal stopped",
                others.join(", "),
                crate::store::live::STALE_SECS as u64 + REPLAY_MS / 1000
            ),
            false,
        ));
    }
    Ok(app)
}

/// Take the whole-file check's answer once it is in: a whole file checkpoints as
/// usual from then on; damage stops every write on this connection and says so in
/// one line, which every failed save repeats (what is typed stays on screen and is
/// kept in a file beside the database on quitting).
pub fn settle(store: &Store, app: &mut App, check: &mut Option<IntactCheck>) {
    let Some(answer) = check.as_ref().and_then(IntactCheck::poll) else {
        return;
    };
    *check = None;
    match answer {
        Ok(()) => {
            let _ = store.intact_confirmed();
        }
        Err(e) => {
            let why = crate::domain::clean::one_line(&format!(
                "{e}. Nothing more is written: what you type stays on screen, and quitting keeps it in a file"
            ));
            let _ = store.stop_writing(why.clone());
            app.warn(why);
        }
    }
}

/// Noticing other terminals' saves: `PRAGMA data_version` on every tick, then only the
/// change-log rows after the last one seen.
pub struct Watch {
    version: i64,
    last_change: i64,
}

impl Watch {
    pub fn new(store: &Store) -> Result<Watch, StoreError> {
        Ok(Watch {
            version: store.data_version()?,
            last_change: store.last_change_id()?,
        })
    }

    /// After this terminal's own writes: move past its change-log rows, unless another
    /// terminal wrote meanwhile (the next [`Watch::poll`] reads those).
    pub fn own_writes(&mut self, store: &Store) {
        if store.data_version().ok() == Some(self.version) {
            if let Ok(id) = store.last_change_id() {
                self.last_change = id;
            }
        }
    }

    /// What another terminal saved since the last poll, as a message for the app.
    pub fn poll(&mut self, store: &Store, meeting: MeetingId) -> Option<Msg> {
        self.poll_with(store, meeting, true)
    }

    /// [`Watch::poll`], reading the referrals screen's rows only when `referrals`
    /// (the app has them already).
    pub fn poll_with(&mut self, store: &Store, meeting: MeetingId, referrals: bool) -> Option<Msg> {
        let v = store.data_version().ok()?;
        if v == self.version {
            return None;
        }
        self.version = v;
        let (last, texts) = store.changes_since(self.last_change).ok()?;
        self.last_change = last;
        match texts {
            Some(t) if t.is_empty() => None,
            Some(t) => Some(Msg::TextChanged(t)),
            None => store
                .load_meeting_with(meeting, referrals)
                .ok()
                .map(|d| Msg::Loaded(Box::new(d))),
        }
    }
}

fn event_loop(
    store: &Store,
    meeting: &mut MeetingId,
    app: &mut App,
    terminal: &mut ratatui::DefaultTerminal,
    signals: &mut signals::Signals,
    check: &mut Option<IntactCheck>,
) -> Result<(), StoreError> {
    let start = Instant::now();
    let mono = || start.elapsed().as_millis() as u64;
    let mut watch = Watch::new(store)?;
    let mut last_replay = 0;
    let mut drawn = false;
    // The screen is a terminal: NO_COLOR and TERM=dumb decide, as for the CLI.
    let colour = crate::kit::style::colour_wanted(true);
    if let Ok(size) = terminal.size() {
        let _ = update(
            app,
            Msg::Resize {
                width: size.width,
                height: size.height,
            },
        );
    }
    loop {
        match signals.pending() {
            signals::Asked::Nothing => {}
            signals::Asked::Stop => {
                let fx = update(app, Msg::Stop);
                apply(store, meeting, app, fx);
                return Ok(());
            }
            signals::Asked::Suspend => {
                let mut fx = update(app, Msg::Stop);
                app.quit = false;
                app.quit_anyway = false;
                fx.retain(|e| !matches!(e, Effect::Suspend));
                apply(store, meeting, app, fx);
                signals::suspend(terminal);
            }
            signals::Asked::Resume => signals::resume(terminal),
        }
        settle(store, app, check);
        terminal.draw(|f| {
            crate::ui::render(app, f);
            crate::kit::style::finish(colour, f.buffer_mut());
        })?;
        if !drawn {
            // The first frame is on screen: now the read of every page, beside it.
            drawn = true;
            *check = Some(store.check_intact_beside()?);
        }
        let tick = Msg::Tick {
            now: store.now(),
            mono_ms: mono(),
        };
        let mut fx = update(app, tick);
        if let Some(msg) = watch.poll_with(store, *meeting, app.data.referrals_loaded) {
            fx.extend(update(app, msg));
        }
        if event::poll(TICK)? {
            // Everything already typed (a paste arrives as many keys) is handled before
            // the next frame; a change that must be read back ends the batch.
            for _ in 0..MAX_BATCH {
                let msg = match event::read()? {
                    Event::Key(k) => Some(Msg::Key(k)),
                    Event::Paste(s) => Some(Msg::Paste(s)),
                    Event::Resize(width, height) => Some(Msg::Resize { width, height }),
                    _ => None,
                };
                if let Some(msg) = msg {
                    let tick = Msg::Tick {
                        now: store.now(),
                        mono_ms: mono(),
                    };
                    fx.extend(update(app, tick));
                    fx.extend(update(app, msg));
                }
                let more = event::poll(Duration::from_millis(1))?;
                if !more || app.quit || fx.iter().any(Effect::changes_data) {
                    break;
                }
            }
        }
        if mono().saturating_sub(last_replay) >= REPLAY_MS {
            // Text another terminal left in the journal when it was killed.
            last_replay = mono();
            if let Ok((_, n)) = store.replay_typing(store.terminal(), false) {
                if n > 0 {
                    if let Ok(d) = store.load_meeting_with(*meeting, app.data.referrals_loaded) {
                        fx.extend(update(app, Msg::Loaded(Box::new(d))));
                    }
                }
            }
        }
        let suspend = fx.iter().any(|e| matches!(e, Effect::Suspend));
        fx.retain(|e| !matches!(e, Effect::Suspend));
        let wrote = !fx.is_empty();
        apply(store, meeting, app, fx);
        if suspend {
            signals::suspend(terminal);
        }
        if wrote {
            watch.own_writes(store);
        }
        if app.quit && !app.quit_is_safe() {
            // A save is failing: do not drop what it holds without asking.
            continue;
        }
        if app.quit {
            return Ok(());
        }
    }
}

/// Quitting while saves fail: write what is not in the record to an owner-only file
/// beside the database, else in the home folder or the temporary folder (the disk
/// beside the database may be the full one), else print it, and say where.
pub(crate) fn keep_unsaved(store: &Store, app: &App) {
    let text = app.unsaved();
    if text.is_empty() {
        return;
    }
    let stamp = crate::domain::clock::local(store.now()).format("%Y%m%d-%H%M%S");
    let beside = {
        let mut name = store.path().as_os_str().to_owned();
        name.push(format!(".unsaved-{stamp}.txt"));
        std::path::PathBuf::from(name)
    };
    let elsewhere = [std::env::var_os("HOME"), Some(std::env::temp_dir().into())]
        .into_iter()
        .flatten()
        .map(|d| std::path::PathBuf::from(d).join(format!("roundtable.unsaved-{stamp}.txt")));
    for path in std::iter::once(beside).chain(elsewhere) {
        if write_private(&path, &text).is_ok() {
            eprintln!(
                "roundtable: what could not be saved is in {} (readable by you only)",
                path.display()
            );
            return;
        }
        let _ = std::fs::remove_file(&path);
    }
    eprintln!("roundtable: what could not be saved (no file could be written):\n{text}");
}

/// Write `text` to a new file readable by its owner only, and sync it.
fn write_private(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    let mut f = o.open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}

/// Of several journal writes for one field, the last says it all.
fn coalesce(fx: Vec<Effect>) -> Vec<Effect> {
    let last: std::collections::HashMap<String, usize> = fx
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match e {
            Effect::Journal { target, .. } => Some((target.key(), i)),
            _ => None,
        })
        .collect();
    fx.into_iter()
        .enumerate()
        .filter(|(i, e)| match e {
            Effect::Journal { target, .. } => last.get(&target.key()) == Some(i),
            _ => true,
        })
        .map(|(_, e)| e)
        .collect()
}

/// Perform effects, report the outcome to the app, and reload if data changed.
pub fn apply(store: &Store, meeting: &mut MeetingId, app: &mut App, fx: Vec<Effect>) {
    if fx.is_empty() {
        return;
    }
    let fx = coalesce(fx);
    let reread = crate::app::save::reread(&fx, &app.data);
    let mut follow = vec![];
    match perform::perform(store, meeting, fx) {
        Ok(msgs) => {
            let _ = update(app, Msg::Saved { at: store.now() });
            follow = msgs;
        }
        Err(f) => {
            follow = f.follow;
            let _ = update(
                app,
                Msg::SaveFailed {
                    effects: f.effects,
                    error: store.writing_stopped().unwrap_or(f.error),
                    retry: f.transient,
                    busy: f.busy,
                },
            );
        }
    }
    if let Some(why) = store.writing_stopped() {
        // A failed save says why nothing is written any more (damage found).
        for m in &mut follow {
            if let Msg::TextFailed { error, .. } = m {
                error.clone_from(&why);
            }
        }
    }
    let mut more = vec![];
    for m in follow {
        more.extend(update(app, m));
    }
    let read = match reread {
        Reread::Nothing => Ok(vec![]),
        Reread::Meeting => store
            .load_meeting_with(*meeting, app.data.referrals_loaded)
            .map(|d| vec![Msg::Loaded(Box::new(d))]),
        Reread::Cases(ds) => ds
            .into_iter()
            .map(|d| {
                store
                    .load_case(*meeting, d)
                    .map(|c| Msg::CaseLoaded(Box::new(c)))
            })
            .collect(),
    };
    match read {
        Ok(msgs) => {
            for m in msgs {
                more.extend(update(app, m));
            }
        }
        Err(e) => {
            // What was saved is saved: only the reading back failed. Said as a read,
            // with the key that tries again (`app::unread`).
            more.extend(update(
                app,
                Msg::ReadFailed {
                    what: crate::app::unread::Unread::Meeting,
                    error: e.to_string(),
                },
            ));
        }
    }
    // What the follow-up messages asked for (e.g. dropping a draft once used).
    apply(store, meeting, app, more);
}
