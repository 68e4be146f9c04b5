//! A form field's pieces: its box, a text area, the notes after a choice.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;
use ratatui_textarea::TextArea;

use crate::kit::*;

/// A bordered box for a field, its border and title in the focus colour when focused.
pub fn field_box(title: Span<'static>, focused: bool) -> Block<'static> {
    let border = if focused {
        Style::default().fg(FOCUS)
    } else {
        Style::default().fg(MUTED)
    };
    Block::default()
        .borders(ratatui::widgets::Borders::ALL)
        .border_style(border)
        .title(title)
}

/// Columns between tab stops, on the screen and in the editors (as a terminal's).
pub const TAB_STOP: usize = 8;

/// `s` with each tab shown as the spaces to the next tab stop of its line: a tab
/// kept in the text (minutes laid out in columns) is shown as it is laid out, never
/// dropped and never as a control character.
pub fn expand_tabs(s: &str) -> String {
    if !s.contains('\t') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut col = 0;
    for c in s.chars() {
        match c {
            '\t' => {
                let n = TAB_STOP - col % TAB_STOP;
                out.extend(std::iter::repeat_n(' ', n));
                col += n;
            }
            '\n' => {
                out.push(c);
                col = 0;
            }
            c => {
                out.push(c);
                col += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            }
        }
    }
    out
}

/// Draw a text field: the live editor (`area`, with its cursor) when focused, else its
/// text wrapped, or when empty "(empty)" and the value Enter would take.
pub fn text_area(
    editor: &TextArea<'static>,
    suggestion: Option<&str>,
    focused: bool,
    block: Block<'_>,
    frame: &mut Frame,
    area: Rect,
) {
    if focused {
        let mut ta = editor.clone();
        ta.set_block(block);
        ta.set_cursor_line_style(Style::default());
        frame.render_widget(&ta, area);
    } else {
        let value = expand_tabs(&editor.lines().join("\n"));
        let p = if value.is_empty() {
            let s = suggestion
                .map(|s| format!("(empty — Enter takes {s})"))
                .unwrap_or_else(|| "(empty)".into());
            Paragraph::new(Span::styled(s, Style::default().fg(MUTED)))
        } else {
            Paragraph::new(value).wrap(Wrap { trim: false })
        };
        frame.render_widget(p.block(block), area);
    }
}

/// What is said after a choice's value.
pub struct ChoiceNotes<'a> {
    /// What was typed to find an option (empty: nothing).
    pub typed: &'a str,
    /// Whether what was typed matches an option.
    pub matched: bool,
    /// The value on screen is not recorded yet.
    pub pending: bool,
}

/// After a choice's value: what was typed to find it (or that nothing matches), and
/// whether the value on screen is still to be recorded.
pub fn choice_notes(n: &ChoiceNotes) -> Vec<Span<'static>> {
    let mut out = vec![];
    if !n.typed.is_empty() {
        let t = n.typed.replace(['\n', '\r'], " ");
        out.push(Span::styled(
            if n.matched {
                format!(" typed \"{t}\"")
            } else {
                format!(" no option matches \"{t}\" (Backspace)")
            },
            Style::default().fg(if n.matched { MUTED } else { WARN }),
        ));
    }
    if n.pending {
        out.push(Span::styled(
            " not recorded: Enter (Esc puts it back)",
            Style::default().fg(WARN),
        ));
    }
    out
}
