//! Colours, chosen to read on a projector; meaning is never carried by colour alone.

use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};

pub const MUTED: Color = Color::DarkGray;
pub const DONE: Color = Color::Green;
pub const WARN: Color = Color::Yellow;
pub const ERROR: Color = Color::LightRed;
pub const MARKING: Color = Color::Red;
pub const FOCUS: Color = Color::Cyan;

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
