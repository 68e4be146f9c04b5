#![allow(dead_code, clippy::unwrap_used)]
//! The app on a shipped panel set up straight in the store (no binary, no demo), for
//! the F7 intake tests and MAVE's clock: `shipped_panel` sets the panel up,
//! `add_member` adds a member by agency code, `Harness::on` opens the app; the open
//! intake form's fields are reached by Tab (`tab_to_field`, `answer`) and its errors read
//! (`form_errors`).

use ratatui::crossterm::event::KeyCode;
use roundtable::app::form::Bind;
use roundtable::domain::calendar::WorkingCalendar;
use roundtable::domain::panel_def::{shipped_file, PanelDef};
use roundtable::domain::types::Role;
use roundtable::store::write::NewMember;
use roundtable::store::{AgencyId, Store};

use super::harness::{t, Harness};

/// The panel of shipped file text `toml` set up on `today` (YYYY-MM-DD) with its next
/// three meetings and no members, in database `file` of a new folder.
pub fn shipped_panel(toml: &str, file: &str, today: &str) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let def = PanelDef::parse(toml, &shipped_file).unwrap();
    let today = today.parse().unwrap();
    let meetings = def.meetings_from(today, 3, &WorkingCalendar::england_and_wales());
    let store = Store::open_for_init(&dir.path().join(file), None).unwrap();
    store.set_up_panel(&def, &meetings, &[], today).unwrap();
    (dir, store)
}

/// The app on the panel of `toml` set up on `today`, open at 10:00 that day.
pub fn open_on_the_day(toml: &str, file: &str, today: &str) -> Harness {
    let (dir, store) = shipped_panel(toml, file, today);
    Harness::on(dir, store, t(&format!("{today} 10:00:00")))
}

/// Member `name` (`post`) of the first panel, for the agency coded `agency`, as `role`.
pub fn add_member(store: &Store, name: &str, post: &str, agency: &str, role: Role) {
    let agency: i64 = store
        .conn()
        .query_row("SELECT id FROM agency WHERE code = ?1", [agency], |r| {
            r.get(0)
        })
        .unwrap();
    store
        .add_member(&NewMember {
            panel: Some(store.panel_info(None).unwrap().id),
            name: name.into(),
            post_title: post.into(),
            agency: Some(AgencyId(agency)),
            role: Some(role),
            deputy_for: None,
        })
        .unwrap();
}

impl Harness {
    /// Tab until the open intake form's field bound to `bind` has the focus.
    pub fn tab_to_field(&mut self, bind: Bind) {
        for _ in 0..120 {
            let st = self.app.screens.referrals.form.as_ref().expect("form open");
            if st.form.focused().is_some_and(|f| f.bind == bind) {
                return;
            }
            self.key(KeyCode::Tab);
        }
        panic!("no field {bind:?}");
    }

    /// Type `text` into the open form's answer `key`.
    pub fn answer(&mut self, key: &str, text: &str) {
        self.tab_to_field(Bind::Answer(key.into()));
        self.typ(text);
    }

    /// The choice `rights` steps right of where field `bind` stands, recorded with Enter.
    pub fn choose(&mut self, bind: Bind, rights: usize) {
        self.tab_to_field(bind);
        for _ in 0..rights {
            self.key(KeyCode::Right);
        }
        self.key(KeyCode::Enter);
    }

    /// The open intake form's field labels, in order.
    pub fn form_labels(&self) -> Vec<String> {
        let st = self.app.screens.referrals.form.as_ref().expect("form open");
        st.form.fields.iter().map(|f| f.label.clone()).collect()
    }

    /// The open intake form's errors (none when no form is open).
    pub fn form_errors(&self) -> Vec<String> {
        self.app
            .screens
            .referrals
            .form
            .as_ref()
            .map(|s| s.errors.iter().map(ToString::to_string).collect())
            .unwrap_or_default()
    }
}
