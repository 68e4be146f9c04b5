//! The meeting's pages, one file each, behind one small trait: what a page's list
//! holds, the fields it edits, how it takes keys and how it is drawn. The agenda item's
//! kind (from the panel file) picks the page; nothing else matches on it.

mod after_close;
pub(crate) mod attendance;
pub mod cases;
mod intelligence;
pub mod members;
pub mod referrals;
pub mod schedule;
pub mod signing;

use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::Frame;

use super::form::Form;
use super::keys::Command;
use super::{App, Effect};
use crate::domain::agenda::AgendaKind;

/// One page of the meeting. Pages hold no state of their own: what they show and edit
/// is in `App` (the meeting's data, the selected row, the form), so `update` stays pure.
pub trait Page: Sync {
    /// Rows in the page's list, for Up/Down.
    fn len(&self, app: &App) -> usize;
    /// The page's fields, built from the meeting's data (none for a plain list).
    fn form(&self, _app: &App) -> Form {
        Form::default()
    }
    /// A key the global keys did not take; what must be saved goes to `fx`.
    fn key(&self, app: &mut App, key: KeyEvent, cmd: Option<Command>, fx: &mut Vec<Effect>);
    /// Draw the page into `area`.
    fn draw(&self, app: &App, frame: &mut Frame, area: Rect);
}

/// The heading of the agenda item on screen in one line of `width` cells: its number
/// kept, its title (free text) cut first (issue 25: headings wider than the terminal).
pub(crate) fn item_heading(app: &App, width: u16) -> ratatui::text::Line<'static> {
    let item = app.data.panel.agenda.iter().find(|i| i.number == app.item);
    crate::kit::heading_fitted(
        // Its time against its box first, when the panel file sets one (MV13).
        &format!(
            "{}{}",
            super::clock::item(app)
                .map(|c| format!("{} · ", c.text))
                .unwrap_or_default(),
            item.map(|i| format!("{}. ", i.number)).unwrap_or_default()
        ),
        &item
            .map(|i| super::text::one_line(&i.title))
            .unwrap_or_default(),
        "",
        usize::from(width),
    )
}

/// The page on screen: the members, new referrals or schedule screen, or the meeting's
/// page for the agenda item on screen.
pub fn current(app: &App) -> &'static dyn Page {
    match app.screen {
        super::Screen::Members => &members::Members,
        super::Screen::Referrals => &referrals::Referrals,
        super::Screen::Schedule => &schedule::Schedule,
        super::Screen::Meeting => of(app.kind()),
    }
}

/// The page for an agenda item of `kind`.
pub fn of(kind: AgendaKind) -> &'static dyn Page {
    match kind {
        AgendaKind::Introductions | AgendaKind::Apologies => &attendance::Attendance,
        AgendaKind::Confidentiality => &signing::Signing,
        AgendaKind::PoliceIntelligence | AgendaKind::AgencyIntelligence => {
            &intelligence::Intelligence
        }
        AgendaKind::NewReferralsUnder18
        | AgendaKind::NewReferralsOver18
        | AgendaKind::NewReferrals
        | AgendaKind::Reviews
        | AgendaKind::Updates
        | AgendaKind::Cases => &cases::Cases,
        AgendaKind::Mappa => &after_close::AfterClose,
    }
}

/// Each screen's own state; the rest of `App` is what every screen shares (the
/// meeting, the place, the clocks, the save queue, the overlays).
#[derive(Default)]
pub struct Screens {
    pub members: members::MembersState,
    pub referrals: referrals::ReferralsState,
    pub schedule: schedule::ScheduleState,
    pub signing: signing::SigningState,
}
