//! A panel's meeting driven in the app by key events, with the store the real runner
//! uses (`tui::start`, `tui::apply`): for panels set up with `new_panel::Panel`.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use roundtable::app::{update, App, Msg};
use roundtable::store::{MeetingId, Store};

use super::new_panel::Panel;

pub struct Run {
    pub store: Store,
    pub meeting: MeetingId,
    pub app: App,
}

impl Run {
    /// The meeting the runner would open, on the chair's laptop.
    pub fn open(p: &Panel) -> Run {
        Self::on(p.store())
    }

    /// The same for a plain database at `db`.
    pub fn open_db(db: &std::path::Path) -> Run {
        Self::on(Store::open(db, None).unwrap())
    }

    fn on(store: Store) -> Run {
        let store = store.with_terminal("chair-laptop");
        let meeting = store.meeting_to_run().unwrap().unwrap();
        let app = roundtable::tui::start(&store, meeting).unwrap();
        Run {
            store,
            meeting,
            app,
        }
    }

    pub fn send(&mut self, key: KeyEvent) {
        let fx = update(&mut self.app, Msg::Key(key));
        roundtable::tui::apply(&self.store, &mut self.meeting, &mut self.app, fx);
    }

    pub fn key(&mut self, code: KeyCode) {
        self.send(KeyEvent::new(code, KeyModifiers::NONE));
    }

    pub fn ctrl(&mut self, c: char) {
        self.send(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    }

    /// Each character as a key.
    pub fn typ(&mut self, s: &str) {
        for c in s.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    /// The status line's message, or "".
    pub fn message(&self) -> String {
        self.app
            .message
            .as_ref()
            .map(|(m, _)| m.clone())
            .unwrap_or_default()
    }

    /// Tab until the field whose label starts with `label` has the focus.
    pub fn focus(&mut self, label: &str) {
        for _ in 0..80 {
            if self
                .app
                .form
                .focused()
                .is_some_and(|f| f.label.starts_with(label))
            {
                return;
            }
            self.key(KeyCode::Tab);
        }
        panic!("no field labelled {label}");
    }

    /// One value from the database.
    pub fn q<T: rusqlite::types::FromSql>(&self, sql: &str) -> T {
        self.store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    /// The editor's screen at `width`×`height`, as text.
    pub fn screen_at(&self, width: u16, height: u16) -> String {
        let mut t =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
        t.draw(|f| roundtable::ui::render(&self.app, f)).unwrap();
        format!("{}", t.backend())
    }
}
