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

pub(super) fn dialog(d: &Dialog, frame: &mut Frame, area: Rect) {
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
    let err_h = error.len() as u16;
    let fields_h: u16 = d.form.fields.iter().map(field_height).sum();
    let h = (notes.len() as u16 + fields_h + 4 + err_h).min(area.height);
    let r = centred(area, w, h);
    frame.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(Style::default().fg(FOCUS))
        .title(format!(" {} ", d.title));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let mut y = inner.y;
    let bottom = inner.y + inner.height;
    // Rows for the fields: what the notes and the error leave.
    let fields_bottom = bottom.saturating_sub(err_h);
    for n in &notes {
        if y >= fields_bottom {
            break;
        }
        frame.render_widget(
            Paragraph::new(truncate(n, inner.width as usize)),
            Rect {
                y,
                height: 1,
                ..inner
            },
        );
        y += 1;
    }
    // A dialog taller than the screen scrolls so the focused field is always shown.
    let heights: Vec<u16> = d.form.fields.iter().map(field_height).collect();
    let room = fields_bottom.saturating_sub(y);
    let mut start = 0;
    while start < d.form.focus
        && heights[start..=d.form.focus.min(heights.len().saturating_sub(1))]
            .iter()
            .sum::<u16>()
            > room
    {
        start += 1;
    }
    for (i, f) in d.form.fields.iter().enumerate().skip(start) {
        let focused = i == d.form.focus;
        let h = field_height(f);
        if y + h > fields_bottom {
            break;
        }
        let fr = Rect {
            y,
            height: h,
            ..inner
        };
        dialog_field(f, focused, frame, fr);
        y += h;
    }
    let style = Style::default().fg(ERROR).add_modifier(Modifier::BOLD);
    for e in &error {
        if y >= bottom {
            break;
        }
        frame.render_widget(
            Paragraph::new(Span::styled(truncate(e, inner.width as usize), style)),
            Rect {
                y,
                height: 1,
                ..inner
            },
        );
        y += 1;
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
