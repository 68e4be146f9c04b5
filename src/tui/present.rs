//! `roundtable present`: the room's screen. Read-only except for blanking: it follows
//! the place the chair's terminal shows the room (the meeting's room place), rereads
//! only when another terminal has saved (`PRAGMA data_version`), and draws nothing but
//! a [`RoomView`](crate::app::privacy::RoomView).

use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};

use crate::app::privacy::{room_view, RoomView};
use crate::domain::types::MeetingState;
use crate::store::live::RoomFlags;
use crate::store::room_holder::ROOM_UNFOLLOWED;
use crate::store::{Store, StoreError};

/// How often the presenter looks for changes (and redraws its clocks).
const TICK: Duration = Duration::from_millis(50);

/// What the presenter shows now: the meeting in progress (or else the next one), at
/// the room's place, through the privacy filter.
pub fn current_view(store: &Store) -> Result<RoomView, StoreError> {
    let Some(meeting) = store.meeting_to_run()? else {
        return Ok(RoomView::Holding {
            panel: store.panel_info(None)?.short_name,
            line: "No meeting is planned.".into(),
        });
    };
    let mut data = store.load_meeting(meeting)?;
    let running = matches!(
        data.state,
        MeetingState::InProgress | MeetingState::FormallyClosed
    );
    if running && data.room.holder.is_some() && !data.room.alive {
        // The terminal the room followed is gone: the room follows none (logged), so
        // nothing it revealed stays and no stranger on its tty moves the room. A
        // refused write (a read-only copy, a lock) still shows the safe view below.
        if store.release_gone_room(meeting).unwrap_or(false) {
            data.room = store.room_state(meeting)?;
        }
    }
    let followed = data.room.alive;
    let flags = if followed {
        data.room.flags
    } else {
        RoomFlags {
            reveal_discussion: None,
            reveal_item: None,
            ..data.room.flags
        }
    };
    let mut view = room_view(&data, data.current_item, data.current_discussion, &flags);
    if let (RoomView::Meeting(m), false, true) = (&mut view, followed, running) {
        m.notice = Some(ROOM_UNFOLLOWED.to_string());
    }
    Ok(view)
}

/// Run the presenter until q, Esc or Ctrl-Q. Ctrl-B blanks the room's screen (for every
/// presenter) and shows it again.
pub fn run(store: Store) -> Result<(), StoreError> {
    let mut signals = super::signals::Signals::new()?;
    let mut terminal = super::signals::take_terminal()?;
    let result = present_loop(&store, &mut terminal, &mut signals);
    super::signals::leave_terminal();
    result
}

fn present_loop(
    store: &Store,
    terminal: &mut ratatui::DefaultTerminal,
    signals: &mut super::signals::Signals,
) -> Result<(), StoreError> {
    use super::signals::{resume, suspend, Asked};
    let mut version = None;
    let mut view = current_view(store)?;
    let mut last_read = Instant::now();
    let colour = crate::kit::style::colour_wanted(true);
    loop {
        match signals.pending() {
            Asked::Nothing => {}
            Asked::Stop => return Ok(()),
            Asked::Suspend => suspend(terminal),
            Asked::Resume => resume(terminal),
        }
        let now = store.now();
        terminal.draw(|f| {
            crate::ui::presenter::draw(&view, now, f, f.area());
            crate::kit::style::finish(colour, f.buffer_mut());
        })?;
        if event::poll(TICK)? {
            if let Event::Key(k) = event::read()? {
                if k.kind == KeyEventKind::Release {
                    continue;
                }
                let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
                match k.code {
                    KeyCode::Char('q') | KeyCode::Esc => return Ok(()),
                    KeyCode::Char('c') if ctrl => return Ok(()),
                    KeyCode::Char('z') if ctrl => suspend(terminal),
                    KeyCode::Char('b') if ctrl => {
                        if let Some(m) = store.meeting_to_run()? {
                            let blank = store.room_flags(m)?.blank;
                            store.set_room_blank(m, !blank)?;
                            version = None;
                        }
                    }
                    _ => {}
                }
            }
        }
        // Reread when another terminal saved, and now and then for a new meeting.
        let v = store.data_version().ok();
        if v != version || last_read.elapsed() > Duration::from_secs(5) {
            version = v;
            last_read = Instant::now();
            if let Ok(fresh) = current_view(store) {
                view = fresh;
            }
        }
    }
}
