//! Colours, chosen to read on a projector; meaning is never carried by colour alone.

use std::str::FromStr;

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};

pub const MUTED: Color = Color::DarkGray;
pub const DONE: Color = Color::Green;
pub const WARN: Color = Color::Yellow;
pub const ERROR: Color = Color::LightRed;
pub const MARKING: Color = Color::Red;
pub const FOCUS: Color = Color::Cyan;

/// Whether to use colour: the one rule for the command line and the screens alike.
/// Colour only on a terminal (`terminal`: standard output is one), never with
/// `NO_COLOR` set to anything, never on a terminal that says it has none
/// (`TERM=dumb`).
pub fn colour_wanted(terminal: bool) -> bool {
    colour_for(
        terminal,
        std::env::var_os("NO_COLOR").as_deref(),
        std::env::var_os("TERM").as_deref(),
    )
}

/// [`colour_wanted`] from what it reads: a terminal, `NO_COLOR` and `TERM`.
pub fn colour_for(
    terminal: bool,
    no_color: Option<&std::ffi::OsStr>,
    term: Option<&std::ffi::OsStr>,
) -> bool {
    terminal && no_color.is_none_or(|v| v.is_empty()) && term.is_none_or(|t| t != "dumb")
}

/// The style switch, applied to a drawn frame when colour is off: every colour
/// goes, and what it meant is kept without it. A background (a risk level's
/// badge) becomes reverse video; a coloured foreground other than [`MUTED`]
/// (a warning, an error, the marking, "saved", the focus) becomes bold. The
/// words were always there: colour never carried meaning alone.
pub fn monochrome(buf: &mut Buffer) {
    for cell in buf.content.iter_mut() {
        let mut add = Modifier::empty();
        if cell.bg != Color::Reset {
            add |= Modifier::REVERSED;
        }
        if cell.fg != Color::Reset && cell.fg != MUTED && cell.bg == Color::Reset {
            add |= Modifier::BOLD;
        }
        cell.fg = Color::Reset;
        cell.bg = Color::Reset;
        cell.underline_color = Color::Reset;
        cell.modifier |= add;
    }
}

/// A frame as the terminal shows it: left alone with `colour`, else through
/// [`monochrome`].
pub fn finish(colour: bool, buf: &mut Buffer) {
    if !colour {
        monochrome(buf);
    }
}

/// A risk level in its colour, always with its name in words.
pub fn risk_style(colour: &str) -> Style {
    let bg = Color::from_str(colour).unwrap_or(Color::Gray);
    Style::default()
        .bg(bg)
        .fg(Color::Black)
        .add_modifier(Modifier::BOLD)
}

/// The selected row of a list.
pub fn selected(on: bool) -> Style {
    if on {
        Style::default().add_modifier(Modifier::REVERSED)
    } else {
        Style::default()
    }
}

/// Keep row `sel` in view: the first row to draw when `height` rows fit.
pub fn scroll_start(sel: usize, height: usize) -> usize {
    if height == 0 || sel < height {
        0
    } else {
        sel + 1 - height
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use std::ffi::OsStr;

    #[test]
    fn no_colour_on_a_dumb_terminal_a_pipe_or_with_no_color() {
        let some = |s| Some(OsStr::new(s));
        assert!(colour_for(true, None, some("xterm-256color")));
        assert!(colour_for(true, some(""), None));
        assert!(!colour_for(true, None, some("dumb")));
        assert!(!colour_for(true, some("1"), some("xterm")));
        assert!(!colour_for(false, None, some("xterm")));
    }

    #[test]
    fn monochrome_keeps_meaning_without_colour() {
        let mut b = Buffer::empty(Rect::new(0, 0, 4, 1));
        b[(0, 0)]
            .set_symbol("R")
            .set_style(Style::default().fg(MARKING));
        b[(1, 0)]
            .set_symbol("m")
            .set_style(Style::default().fg(MUTED));
        b[(2, 0)].set_symbol("H").set_style(risk_style("red"));
        b[(3, 0)].set_symbol("x");
        finish(true, &mut b);
        assert_eq!(b[(0, 0)].fg, MARKING, "colour on: left alone");
        finish(false, &mut b);
        for c in &b.content {
            assert_eq!((c.fg, c.bg), (Color::Reset, Color::Reset));
        }
        assert!(b[(0, 0)].modifier.contains(Modifier::BOLD));
        assert!(!b[(1, 0)].modifier.contains(Modifier::BOLD));
        assert!(b[(2, 0)].modifier.contains(Modifier::REVERSED));
        assert_eq!(b[(3, 0)].modifier, Modifier::empty());
        assert_eq!(b[(2, 0)].symbol(), "H");
    }
}
