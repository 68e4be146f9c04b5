//! Signals while a screen runs: the terminal is always given back as it was found.
//!
//! - SIGTSTP (Ctrl-Z from a shell's job control, or `kill -TSTP`): what is typed is
//!   recorded, the terminal restored, and the program stops; SIGCONT (`fg`) puts the
//!   terminal back in raw mode and redraws the whole screen.
//! - SIGTERM, SIGHUP (a closed SSH session) and SIGINT: what is typed is recorded, as
//!   quitting does, without asking, and the terminal is restored.
//!
//! The handlers only note the signal (signal-hook); the runner acts on it between
//! frames, within one tick.

use std::io::stdout;

use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGTSTP};

/// What the signals received since the last look ask of the runner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asked {
    Nothing,
    /// Record what is typed and stop (SIGTERM, SIGHUP, SIGINT).
    Stop,
    /// Record what is typed, give the terminal back and stop until continued (SIGTSTP).
    Suspend,
    /// Continued after a stop the program did not see coming (SIGSTOP, then `fg`):
    /// take the terminal again and redraw.
    Resume,
}

/// The signals a screen listens for.
pub struct Signals(signal_hook::iterator::Signals);

impl Signals {
    /// Listen for SIGTSTP, SIGCONT, SIGTERM, SIGHUP and SIGINT.
    pub fn new() -> std::io::Result<Signals> {
        signal_hook::iterator::Signals::new([SIGTSTP, SIGCONT, SIGTERM, SIGHUP, SIGINT])
            .map(Signals)
    }

    /// What the signals since the last call ask for, the most pressing first.
    pub fn pending(&mut self) -> Asked {
        let mut asked = Asked::Nothing;
        for s in self.0.pending() {
            let this = match s {
                SIGTERM | SIGHUP | SIGINT => Asked::Stop,
                SIGTSTP => Asked::Suspend,
                _ => Asked::Resume,
            };
            asked = match (asked, this) {
                (Asked::Stop, _) | (_, Asked::Stop) => Asked::Stop,
                (Asked::Suspend, _) | (_, Asked::Suspend) => Asked::Suspend,
                _ => this,
            };
        }
        asked
    }
}

/// Give the terminal back: paste mode off, the main screen, the cursor shown, cooked
/// mode. Each step is tried even if one fails (a hung-up terminal fails them all).
pub fn leave_terminal() {
    let _ = execute!(stdout(), DisableBracketedPaste, LeaveAlternateScreen, Show);
    let _ = disable_raw_mode();
}

/// Take the terminal for a screen (the meeting, the presenter): raw mode, the
/// alternate screen, and the whole terminal cleared before the first frame. A program
/// killed with `kill -9` leaves the alternate screen on with its last frame (and what
/// the shell printed since) on it; ratatui draws only the cells that differ from a
/// blank screen, so without the clear that leftover stays wherever the new frame is
/// blank. Every screen starts here, as every resume goes through [`resume`].
pub fn take_terminal() -> std::io::Result<ratatui::DefaultTerminal> {
    let mut terminal = ratatui::try_init()?;
    terminal.clear()?;
    Ok(terminal)
}

/// Take the terminal again after a stop and draw the whole screen afresh.
pub fn resume(terminal: &mut ratatui::DefaultTerminal) {
    let _ = enable_raw_mode();
    let _ = execute!(stdout(), EnterAlternateScreen, EnableBracketedPaste);
    let _ = terminal.clear();
}

/// Stop the program as the shell asked (the terminal given back first); on `fg`,
/// take the terminal again and redraw.
pub fn suspend(terminal: &mut ratatui::DefaultTerminal) {
    leave_terminal();
    // SIGTSTP's default action, which the handler replaced: stop until SIGCONT.
    let _ = signal_hook::low_level::emulate_default_handler(SIGTSTP);
    resume(terminal);
}
