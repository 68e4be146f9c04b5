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
