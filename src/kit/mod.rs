//! The drawing kit: the pieces every screen draws with (a heading, a hint, a field's
//! box, a text area, a choice, truncation, the colours). A leaf: it knows nothing of
//! the app, so a screen passes in exactly what is drawn (text, colours, flags).

pub mod field;
pub mod style;

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

pub use field::{choice_notes, field_box, text_area, ChoiceNotes};
pub use style::*;

/// A page's heading: bold.
pub fn heading(text: String) -> Line<'static> {
    Line::from(Span::styled(
        text,
        Style::default().add_modifier(Modifier::BOLD),
    ))
}

/// A line saying what the keys do here: muted.
pub fn hint(text: &str) -> Line<'static> {
    Line::from(Span::styled(text.to_string(), Style::default().fg(MUTED)))
}

/// A box of `w` by `h` cells in the middle of `area` (no larger than it).
pub fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// `s` cut to `max` display cells, with an ellipsis where it was cut.
pub fn truncate(s: &str, max: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let mut w = 0;
    let mut out = String::new();
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > max {
            if max > 0 {
                out.pop();
                out.push('…');
            }
            return out;
        }
        w += cw;
        out.push(c);
    }
    out
}
