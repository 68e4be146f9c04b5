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

/// `s` cut to `max` display cells, keeping a closing " (...)" whole when it takes
/// at most two thirds of the width: a one-line message cut at a narrow terminal still
/// shows the rule it cites ("Not saved: 2026-12-24: a review is set … (App 4A, New
/// Cases 6)").
pub fn truncate_keeping_citation(s: &str, max: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    if s.width() <= max || !s.ends_with(')') {
        return truncate(s, max);
    }
    match s.rfind(" (") {
        Some(i) if s[i..].width() * 3 <= max * 2 => {
            let tail = &s[i..];
            format!("{}{tail}", truncate(&s[..i], max - tail.width()))
        }
        _ => truncate(s, max),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_message_keeps_its_citation() {
        let m = "Not saved: 2026-12-24: a review is set 2 to 6 months after the meeting (2027-01-26 to 2027-05-26) (App 4A, New Cases 6)";
        let cut = truncate_keeping_citation(m, 80);
        assert_eq!(
            cut,
            "Not saved: 2026-12-24: a review is set 2 to 6 months afte… (App 4A, New Cases 6)"
        );
        assert!(cut.ends_with("… (App 4A, New Cases 6)"), "{cut}");
        assert_eq!(unicode_width::UnicodeWidthStr::width(cut.as_str()), 80);
        // What fits, or has no closing citation, or too long a one, is as before.
        assert_eq!(truncate_keeping_citation("Case 1 done", 80), "Case 1 done");
        let plain = "x".repeat(100);
        assert_eq!(truncate_keeping_citation(&plain, 80), truncate(&plain, 80));
        let long_tail = format!("head ({})", "y".repeat(60));
        assert_eq!(
            truncate_keeping_citation(&long_tail, 40),
            truncate(&long_tail, 40)
        );
    }
}
