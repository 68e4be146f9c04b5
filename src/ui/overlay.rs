//! Overlays: a dialog, and the help listing every key.

use crate::app::keys::{key as KEY, Command as C};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use ratatui::Frame;

use crate::app::dialog::Dialog;
use crate::app::form::Kind;
use crate::kit::*;
use crate::kit::{centred, truncate};

/// A dialog, centred. What does not fit scrolls (PgUp/PgDn, `scroll` rows down),
/// never cut without a word: the focused field is always in view, the error always
/// shown under it, and the bottom border says where more is.
pub(super) fn dialog(d: &Dialog, scroll: u16, frame: &mut Frame, area: Rect) {
    let w = (area.width * 4 / 5).clamp(40.min(area.width), 100);
    // Notes and the error are wrapped to the dialog's width, never cut.
    let text_w = usize::from(w.saturating_sub(2)).max(10);
    let lines = |t: &str| -> Vec<String> {
        if t.trim().is_empty() {
            return vec![String::new()];
        }
        // An indented line keeps its indent on every line it wraps to.
        let indent = t.len() - t.trim_start().len();
        let w = text_w.saturating_sub(indent).max(10);
        crate::app::text::wrap(t, w, w)
            .into_iter()
            .map(|l| format!("{}{l}", &t[..indent]))
            .collect()
    };
    let notes: Vec<String> = d.note.iter().flat_map(|n| lines(n)).collect();
    let error: Vec<String> = d.error.as_deref().map(lines).unwrap_or_default();
    let heights: Vec<u16> = d.form.fields.iter().map(field_height).collect();
    // The rows that scroll: the notes, then the fields.
    let content_h = notes.len() as u16 + heights.iter().sum::<u16>();
    let h = (content_h + 4 + error.len() as u16).min(area.height);
    let r = centred(area, w, h);
    frame.render_widget(Clear, r);
    let inner = Block::default().borders(Borders::ALL).inner(r);
    // The error stays in view under what scrolls (at most half the dialog).
    let err_h = (error.len() as u16).min(inner.height / 2);
    let view_h = inner.height.saturating_sub(err_h);
    let mut off = scroll.min(content_h.saturating_sub(view_h));
    // The focused field whole in view, whatever the scroll asks.
    let focus = d.form.focus.min(heights.len().saturating_sub(1));
    if !heights.is_empty() {
        let top = notes.len() as u16 + heights[..focus].iter().sum::<u16>();
        let bottom = top + heights[focus];
        if bottom > off + view_h {
            off = bottom.saturating_sub(view_h);
        }
        off = off.min(top);
    }
    let above = off > 0;
    let below = off + view_h < content_h;
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::default().fg(FOCUS))
        .title(format!(" {} ", d.title));
    if above || below {
        let more = match (above, below) {
            (true, true) => format!(
                " more above and below: {} / {} ",
                KEY(C::PrevItem),
                KEY(C::NextItem)
            ),
            (false, _) => format!(" more below: {} ", KEY(C::NextItem)),
            (true, false) => format!(" more above: {} ", KEY(C::PrevItem)),
        };
        block = block.title_bottom(Line::from(more).right_aligned());
    }
    frame.render_widget(block, r);
    // Content row `row` (of `rows`) on screen, if wholly in view.
    let at = |row: u16, rows: u16| -> Option<Rect> {
        (row >= off && row + rows <= off + view_h).then(|| Rect {
            y: inner.y + row - off,
            height: rows,
            ..inner
        })
    };
    for (i, n) in notes.iter().enumerate() {
        if let Some(line) = at(i as u16, 1) {
            frame.render_widget(Paragraph::new(truncate(n, inner.width as usize)), line);
        }
    }
    let mut row = notes.len() as u16;
    for (i, f) in d.form.fields.iter().enumerate() {
        if let Some(fr) = at(row, heights[i]) {
            dialog_field(f, i == d.form.focus, frame, fr);
        }
        row += heights[i];
    }
    let style = Style::default().fg(ERROR).add_modifier(Modifier::BOLD);
    for (i, e) in error.iter().take(err_h as usize).enumerate() {
        frame.render_widget(
            Paragraph::new(Span::styled(truncate(e, inner.width as usize), style)),
            Rect {
                y: inner.y + view_h + i as u16,
                height: 1,
                ..inner
            },
        );
    }
}

/// Rows a dialog field takes: a text box three, a choice one.
fn field_height(f: &crate::app::form::Field) -> u16 {
    if matches!(f.kind, Kind::Text(_)) {
        3
    } else {
        1
    }
}

/// One field of a dialog: a text box (three rows) or a choice (one row).
fn dialog_field(f: &crate::app::form::Field, focused: bool, frame: &mut Frame, fr: Rect) {
    match &f.kind {
        Kind::Text(t) => {
            let block = field_box(Span::raw(format!(" {} ", f.label)), focused);
            crate::kit::text_area(&t.area, t.suggestion.as_deref(), focused, block, frame, fr);
        }
        Kind::Choice {
            options,
            selected,
            committed,
            typed,
            ..
        } => {
            let v = selected
                .and_then(|s| options.get(s))
                .cloned()
                .unwrap_or_else(|| "not set (Left/Right)".into());
            let st = if focused {
                Style::default().fg(FOCUS).add_modifier(Modifier::BOLD)
            } else {
                Style::default()
            };
            let mut spans = vec![
                Span::styled(
                    format!("{}{}: ", if focused { "▸ " } else { "  " }, f.label),
                    st,
                ),
                Span::raw(if focused { format!("◀ {v} ▶") } else { v }),
            ];
            spans.extend(crate::kit::choice_notes(&crate::kit::ChoiceNotes {
                typed,
                matched: crate::app::form::find_option(options, typed).is_some(),
                pending: selected != committed,
            }));
            let line = Line::from(spans);
            frame.render_widget(Paragraph::new(line), fr);
        }
        _ => {}
    }
}

/// The keys, each wrapped to the width (key in its own column), scrolled by
/// `scroll` rows; the last rows are always reachable (Up/Down, PgUp/PgDn).
pub(super) fn help(scroll: u16, frame: &mut Frame, area: Rect) {
    let w = area.width.min(120);
    let inner_w = w.saturating_sub(2) as usize;
    let key_w = 18.min(inner_w / 3);
    let text_w = inner_w.saturating_sub(key_w + 1).max(10);
    let mut lines = vec![];
    for (keys, what, where_) in crate::app::keys::rows() {
        let text = format!("{what} ({where_})");
        let long = unicode_width::UnicodeWidthStr::width(keys) > key_w;
        if long {
            // A key list wider than its column has a line of its own, never cut.
            lines.push(Line::from(Span::styled(
                crate::kit::truncate(keys, inner_w),
                Style::default().add_modifier(Modifier::BOLD),
            )));
        }
        for (i, part) in crate::app::text::wrap(&text, text_w, text_w)
            .into_iter()
            .enumerate()
        {
            let key = if i == 0 && !long { keys } else { "" };
            lines.push(Line::from(vec![
                Span::styled(
                    format!("{key:<key_w$} "),
                    Style::default().add_modifier(Modifier::BOLD),
                ),
                Span::raw(part),
            ]));
        }
    }
    lines.push(Line::from(Span::styled(
        "Nothing to save: every change is written as you make it.",
        Style::default().fg(MUTED),
    )));
    let h = (lines.len() as u16 + 2).min(area.height);
    let r = centred(area, w, h);
    let visible = h.saturating_sub(2);
    let most = (lines.len() as u16).saturating_sub(visible);
    let scroll = scroll.min(most);
    frame.render_widget(Clear, r);
    let close = format!("{}, ? or {} to close", KEY(C::Help), KEY(C::Back));
    let title = if most > 0 {
        format!(" Keys — Up/Down to scroll · {close} ")
    } else {
        format!(" Keys — {close} ")
    };
    let block = Block::default().borders(Borders::ALL).title(title);
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), r);
}
