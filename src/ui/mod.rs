//! Drawing only: `render(&App, &mut Frame)` reads the state and never changes it.

mod overlay;
pub(crate) mod pages;
pub mod presenter;

use crate::app::keys::{key as KEY, Command as C};
use chrono::{DateTime, Utc};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::{App, SaveState};
use crate::domain::agenda::AgendaKind;
use crate::domain::rules::Gate;
use crate::domain::types::MeetingState;
use crate::kit::*;

pub use crate::app::{MIN_HEIGHT, MIN_WIDTH};

/// Screen-safe mode: this terminal shows what the room may see of its own place,
/// through the same filter as the presenter.
fn screen_safe(app: &App, frame: &mut Frame, area: Rect) {
    use crate::app::privacy::{room_view, RoomView};
    let case = app.current_case().map(|c| c.discussion);
    let flags = app.screen_safe_flags();
    let mut view = room_view(&app.data, Some(app.item), case, &flags);
    if let RoomView::Meeting(m) = &mut view {
        // This terminal's own clocks.
        m.item.since = Some(app.item_since);
        m.case_timer.since = case.map(|_| app.case_since);
    }
    let rows = Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).split(area);
    presenter::draw(&view, app.now, frame, rows[0]);
    frame.render_widget(
        Paragraph::new(Span::styled(
            format!(
                "SCREEN-SAFE: what the room may see · {} back to editing · {} blank",
                KEY(C::ScreenSafe),
                KEY(C::Blank)
            ),
            Style::default().fg(MUTED),
        )),
        rows[1],
    );
}

pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if app.blank {
        let msg = Paragraph::new(vec![
            Line::from(""),
            Line::from("Screen blanked"),
            Line::from(format!("{} to show it again", KEY(C::Blank))),
        ])
        .alignment(ratatui::layout::Alignment::Center)
        .style(Style::default().fg(MUTED));
        frame.render_widget(msg, centred(area, 30, 5));
        return;
    }
    if app.screen_safe {
        return screen_safe(app, frame, area);
    }
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = Paragraph::new(format!(
            "Terminal too small ({}×{}). Roundtable needs at least {}×{}. Nothing is lost: make the window bigger.",
            area.width, area.height, MIN_WIDTH, MIN_HEIGHT
        ))
        .wrap(Wrap { trim: true });
        frame.render_widget(msg, area);
        return;
    }
    let rows = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(5),
        Constraint::Length(2),
    ])
    .split(area);
    header(app, frame, rows[0]);
    if app.screen != crate::app::Screen::Meeting {
        let inner = Rect {
            x: rows[1].x + 1,
            width: rows[1].width.saturating_sub(2),
            ..rows[1]
        };
        crate::app::page::current(app).draw(app, frame, inner);
        status(app, frame, rows[2]);
        if let Some(d) = &app.dialog {
            overlay::dialog(d, app.dialog_scroll, frame, area);
        }
        if app.help {
            overlay::help(app.help_scroll, frame, area);
        }
        return;
    }
    let sidebar_w = crate::app::sidebar_width(area.width);
    let body = if sidebar_w > 0 {
        let cols =
            Layout::horizontal([Constraint::Length(sidebar_w), Constraint::Min(20)]).split(rows[1]);
        agenda(app, frame, cols[0]);
        cols[1]
    } else {
        rows[1]
    };
    main(app, frame, body);
    status(app, frame, rows[2]);
    if let Some(d) = &app.dialog {
        overlay::dialog(d, app.dialog_scroll, frame, area);
    }
    if app.help {
        overlay::help(app.help_scroll, frame, area);
    }
}

fn header(app: &App, frame: &mut Frame, area: Rect) {
    let d = &app.data;
    let state = match d.state {
        MeetingState::Planned => "planned",
        MeetingState::InProgress => "in progress",
        MeetingState::FormallyClosed => "formally closed",
        MeetingState::Closed => "closed",
    };
    // A panel's own meeting type, when it has types (issue 21, B10).
    let kind = d
        .meeting_type
        .as_ref()
        .map_or(String::new(), |t| format!(" · {}", t.label));
    // The marking, the panel, the date and the state are never cut; the meeting type's
    // label (free text) gives way first (issue 25: headings wider than the terminal).
    let marking = format!(" {} ", d.panel.marking);
    // Whom the room's screen follows, and what is on show there (never cut).
    let whole = format!(
        " {} · {} · {state}",
        d.panel.short_name,
        d.date.format("%a %-d %b %Y")
    )
    .chars()
    .count();
    // A plain mark gives way to the date and state on a narrow screen; an alarm
    // (a name on show, the room following nobody) never does.
    let room = crate::app::room_mark::room_mark(app).filter(|(r, alarm)| {
        *alarm || whole + marking.chars().count() + r.chars().count() + 2 <= area.width as usize
    });
    let room_w = room.as_ref().map_or(0, |(r, _)| r.chars().count() + 2);
    let left = fit_free(
        &format!(
            " {} · {}",
            d.panel.short_name,
            d.date.format("%a %-d %b %Y")
        ),
        &kind,
        &format!(" · {state}"),
        (area.width as usize).saturating_sub(marking.chars().count() + room_w),
    );
    let pad = (area.width as usize)
        .saturating_sub(left.chars().count() + marking.chars().count() + room_w);
    let room = room.map(|(r, alarm)| {
        let style = if alarm {
            Style::default()
                .fg(ERROR)
                .add_modifier(Modifier::BOLD | Modifier::REVERSED)
        } else {
            Style::default()
        };
        Span::styled(format!(" {r} "), style)
    });
    let line = Line::from(vec![
        Span::styled(left, Style::default().add_modifier(Modifier::BOLD)),
        Span::raw(" ".repeat(pad)),
        room.unwrap_or_default(),
        Span::styled(
            marking,
            Style::default()
                .fg(MARKING)
                .add_modifier(Modifier::BOLD | Modifier::REVERSED),
        ),
    ]);
    frame.render_widget(
        Paragraph::new(line).style(Style::default().add_modifier(Modifier::REVERSED)),
        area,
    );
}

fn agenda(app: &App, frame: &mut Frame, area: Rect) {
    let mut lines = vec![];
    // (mark and number, count and title, style)
    let mut titles: Vec<(String, String, Style)> = vec![];
    use crate::app::progress::{case_tally, progress, Progress};
    let locked = matches!(app.gate(), Gate::Locked { .. });
    for item in app.visible().iter() {
        // (done, total) for items that hold cases or notes.
        let tally = match item.kind {
            AgendaKind::Mappa if app.data.state != MeetingState::Planned => {
                Some((app.data.mappa.len(), app.data.mappa.len()))
            }
            _ => case_tally(&app.data, item),
        };
        let (mark, style) = match progress(&app.data, item, app.item) {
            _ if item.number == app.item => (
                "▶",
                Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            ),
            // Passed with its work still to do (case pages, marks, signatures).
            Progress::Unfinished => ("…", Style::default().fg(WARN)),
            Progress::Done => ("✓", Style::default().fg(DONE)),
            _ if item.kind.is_case_item() && locked => ("·", Style::default().fg(MUTED)),
            _ => (" ", Style::default()),
        };
        // The count comes first so it survives a narrow sidebar.
        let count = match (item.kind, tally) {
            (AgendaKind::Mappa, Some((n, _))) => format!("[{n}] "),
            (_, Some((done, total))) => format!("[{done}/{total}] "),
            _ => String::new(),
        };
        let prefix = format!("{mark} {} ", item.number);
        // Its time box (MV13): the time used against it on the current item.
        let boxed = match crate::app::clock::box_words(item.time_box_minutes) {
            Some(b) if item.number != app.item || crate::app::clock::item(app).is_none() => {
                format!(" ({b})")
            }
            _ => String::new(),
        };
        titles.push((prefix, format!("{count}{}{boxed}", item.title), style));
    }
    // Whole titles, wrapped under themselves, when the sidebar has the rows for them.
    let w = area.width.saturating_sub(2) as usize;
    let wrapped: Vec<Vec<String>> = titles
        .iter()
        .map(|(prefix, t, _)| crate::app::text::wrap_hanging(prefix, t, w))
        .collect();
    let (item_clock, meeting_clock) = sidebar_clocks(app, w);
    // The rows beside the titles: the block's title, the formal close and the lock's
    // lines when shown, and the clocks (MV13); never fewer than the six kept before
    // the clocks, so a panel without them wraps as it did.
    let in_progress = app.data.state == MeetingState::InProgress;
    let locked_lines = locked && app.data.state != MeetingState::Planned;
    let reserve = (1
        + 2 * usize::from(in_progress)
        + 3 * usize::from(locked_lines)
        + item_clock.len()
        + meeting_clock.len())
    .max(6);
    let rows_needed: usize = wrapped.iter().map(Vec::len).sum::<usize>() + reserve;
    let whole = rows_needed <= area.height as usize;
    for (((prefix, t, style), parts), item) in titles.iter().zip(wrapped).zip(app.visible()) {
        if whole {
            for part in parts {
                lines.push(Line::from(Span::styled(part, *style)));
            }
        } else {
            lines.push(Line::from(Span::styled(
                truncate(&format!("{prefix}{t}"), w),
                *style,
            )));
        }
        if item.number == app.item {
            lines.extend(item_clock.iter().cloned());
        }
    }
    if in_progress {
        lines.push(Line::from(""));
        lines.extend(meeting_clock);
        lines.push(Line::from(Span::styled(
            format!("— formal close ({}) —", KEY(C::FormalClose)),
            Style::default().fg(MUTED),
        )));
    }
    if locked_lines {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            "Case items locked:",
            Style::default().fg(WARN),
        )));
        lines.push(Line::from(Span::styled(
            "not everyone has signed",
            Style::default().fg(WARN),
        )));
    }
    let block = Block::default().borders(Borders::RIGHT).title(" Agenda ");
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// The sidebar's clocks (MV13): the current item's time against its box, shown under
/// it, and the meeting's against its length, shown below the agenda; an overrun in
/// words ("OVER by …") and in the error colour, bold.
fn sidebar_clocks(app: &App, w: usize) -> (Vec<Line<'static>>, Vec<Line<'static>>) {
    let lines = |c: Option<crate::app::clock::ClockLine>, indent: &str| {
        let Some(c) = c else { return vec![] };
        let style = if c.over {
            Style::default().fg(ERROR).add_modifier(Modifier::BOLD)
        } else {
            Style::default().fg(MUTED)
        };
        crate::app::text::wrap_hanging(indent, &c.text, w)
            .into_iter()
            .map(|part| Line::from(Span::styled(part, style)))
            .collect()
    };
    (
        lines(crate::app::clock::item(app), "    "),
        lines(crate::app::clock::meeting(app), ""),
    )
}

fn main(app: &App, frame: &mut Frame, area: Rect) {
    let inner = Rect {
        x: area.x + 1,
        y: area.y,
        width: area.width.saturating_sub(2),
        height: area.height,
    };
    match app.data.state {
        MeetingState::Planned => return pages::planned(app, frame, inner),
        MeetingState::Closed => return pages::closed(app, frame, inner),
        _ => {}
    }
    crate::app::page::of(app.kind()).draw(app, frame, inner);
}

/// Elapsed time: m:ss under an hour, h:mm:ss from an hour (a two-hour meeting reads 2:00:00).
fn mmss(from: Option<DateTime<Utc>>, now: DateTime<Utc>) -> String {
    match from {
        Some(f) => {
            let s = (now - f).num_seconds().max(0);
            if s >= 3600 {
                format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
            } else {
                format!("{}:{:02}", s / 60, s % 60)
            }
        }
        None => "–".into(),
    }
}

fn status(app: &App, frame: &mut Frame, area: Rect) {
    let rows = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).split(area);
    let save = match crate::app::save::status(app) {
        SaveState::Idle => Span::styled("✓ all saved", Style::default().fg(DONE)),
        SaveState::Saved(t) => Span::styled(
            format!(
                "✓ saved {}",
                crate::domain::clock::local(t).format("%H:%M:%S")
            ),
            Style::default().fg(DONE),
        ),
        SaveState::Typing => Span::styled("… typing", Style::default().fg(MUTED)),
        SaveState::Waiting => Span::styled("… waiting to save", Style::default().fg(WARN)),
        SaveState::Pending => Span::styled("… saving", Style::default().fg(WARN)),
        SaveState::Failed(_) => Span::styled(
            "✗ NOT SAVED, retrying",
            Style::default().fg(ERROR).add_modifier(Modifier::BOLD),
        ),
    };
    // Time used against the panel's time boxes, marked when over.
    let item_def = app.data.panel.agenda.iter().find(|i| i.number == app.item);
    let boxed = |since: DateTime<Utc>, minutes: Option<u32>| {
        crate::domain::time_box::compact((app.now - since).num_seconds(), minutes)
    };
    // The meeting against its length (MV13), when the panel file gives one.
    let meeting = match app.data.started_at {
        Some(s) => boxed(s, app.data.panel.pattern.duration_minutes),
        None => mmss(None, app.now),
    };
    let clock = format!(
        " {} · meeting {meeting} · item {}{}",
        crate::domain::clock::local(app.now).format("%H:%M"),
        boxed(app.item_since, item_def.and_then(|i| i.time_box_minutes)),
        if app.case.is_some() {
            format!(
                " · case {}",
                boxed(
                    app.case_since,
                    item_def.and_then(|i| i.case_time_box_minutes)
                )
            )
        } else {
            String::new()
        }
    );
    // The save state whole, then the clocks, leaving out whole parts (the time of day,
    // the meeting's) before the item's or the case's; never a time cut (issue 25).
    let save_w = unicode_width::UnicodeWidthStr::width(save.content.as_ref());
    let clock = format!(
        "{} │ ",
        fit_hint(&clock, (area.width as usize).saturating_sub(save_w + 3))
    );
    // As many whole hints as fit after the clock and the save state.
    let used = unicode_width::UnicodeWidthStr::width(clock.as_str()) + save_w;
    let mut hints = String::new();
    for h in [
        format!("{} help", KEY(C::Help)),
        format!("{} quit", KEY(C::Quit)),
        format!("{} blank", KEY(C::Blank)),
        format!("{}/{} item", KEY(C::NextItem), KEY(C::PrevItem)),
        format!("{} field", KEY(C::NextField)),
    ] {
        let sep = if hints.is_empty() { " │ " } else { " · " };
        if used + hints.chars().count() + sep.chars().count() + h.chars().count()
            > area.width as usize
        {
            break;
        }
        hints.push_str(sep);
        hints.push_str(&h);
    }
    let line = Line::from(vec![
        Span::raw(clock),
        save,
        Span::styled(hints, Style::default().fg(MUTED)),
    ]);
    frame.render_widget(
        Paragraph::new(line).style(Style::default().add_modifier(Modifier::REVERSED)),
        rows[0],
    );
    if let Some((m, warn)) = &app.message {
        let st = if *warn {
            Style::default().fg(ERROR).add_modifier(Modifier::BOLD)
        } else {
            Style::default().fg(DONE)
        };
        frame.render_widget(
            Paragraph::new(Span::styled(
                truncate_keeping_citation(m, area.width as usize),
                st,
            )),
            rows[1],
        );
    }
}
