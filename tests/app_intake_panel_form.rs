//! F7 on a panel with its own form (issue 20): the intake form is built from the
//! panel file's `[[form]]` (here CAMP's, 003 "CAMP referral form"), a referral whose
//! checklist fails is kept on screen with the rule at its field, and one that passes
//! is taken in with its answers stored per field. Key events sent to `App`.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::rc::Rc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use common::harness::{t, Harness};
use ratatui::crossterm::event::KeyCode;
use roundtable::app::form::Bind;
use roundtable::app::{App, Screen};
use roundtable::domain::calendar::WorkingCalendar;
use roundtable::domain::panel_def::{shipped_file, PanelDef, CAMP_TOML};
use roundtable::store::Store;
use roundtable::tui::Watch;

/// A CAMP panel set up on 2026-11-25, the app open at 10:00 that day.
fn camp() -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let def = PanelDef::parse(CAMP_TOML, &shipped_file).unwrap();
    let today = "2026-11-25".parse().unwrap();
    let meetings = def.meetings_from(today, 3, &WorkingCalendar::england_and_wales());
    let store = Store::open_for_init(&dir.path().join("camp.db"), None).unwrap();
    store.set_up_panel(&def, &meetings, &[], today).unwrap();
    let clock = Arc::new(AtomicI64::new(t("2026-11-25 10:00:00").timestamp()));
    let c2 = clock.clone();
    let store = store
        .with_clock(Box::new(move || {
            chrono::DateTime::from_timestamp(c2.load(Ordering::SeqCst), 0).unwrap()
        }))
        .with_actor("tester")
        .with_terminal("terminal-a");
    let meeting = store.meeting_to_run().unwrap().unwrap();
    let data = store.load_meeting(meeting).unwrap();
    let mut app = App::new(data, t("2026-11-25 10:00:00"), Default::default());
    app.terminal = store.terminal().to_string();
    let watch = Watch::new(&store).unwrap();
    Harness {
        store,
        meeting,
        app,
        clock,
        mono: 0,
        watch,
        _dir: Rc::new(dir),
    }
}

fn to(h: &mut Harness, bind: Bind) {
    for _ in 0..120 {
        let st = h.app.screens.referrals.form.as_ref().expect("form open");
        if st.form.focused().is_some_and(|f| f.bind == bind) {
            return;
        }
        h.key(KeyCode::Tab);
    }
    panic!("no field {bind:?}");
}

fn set(h: &mut Harness, key: &str, text: &str) {
    to(h, Bind::Answer(key.into()));
    h.typ(text);
}

/// The choice one step right of where it stands, recorded with Enter.
fn pick(h: &mut Harness, bind: Bind) {
    to(h, bind);
    h.key(KeyCode::Right);
    h.key(KeyCode::Enter);
}

fn count(h: &Harness, sql: &str) -> i64 {
    h.q(sql)
}

#[test]
fn camp_form_through_f7_refuses_no_reason_ticked_then_takes_the_referral_in() {
    let mut h = camp();
    h.key(KeyCode::F(7));
    assert_eq!(h.app.screen, Screen::Referrals);
    h.key(KeyCode::Char('n'));
    let labels: Vec<String> = h
        .app
        .screens
        .referrals
        .form
        .as_ref()
        .unwrap()
        .form
        .fields
        .iter()
        .map(|f| f.label.clone())
        .collect();
    assert_eq!(
        labels[0], "Date referral made (YYYY-MM-DD) *",
        "CAMP's own first field"
    );
    assert!(labels.contains(&"Main reasons for referral: Complex PPO".to_string()));
    assert!(!labels
        .iter()
        .any(|l| l.contains("Appendix A") || l.contains("MAPPA level")));

    set(&mut h, "date_referral_made", "2026-11-20");
    set(&mut h, "by_officer", "DC Imogen Vasquez-Reilly");
    set(&mut h, "from_agency", "MPS");
    set(&mut h, "first_name", "Tobiah");
    set(&mut h, "surname", "Quennell");
    set(&mut h, "dob", "1994-03-08");
    pick(&mut h, Bind::Answer("borough".into())); // Bromley
    pick(&mut h, Bind::Answer("consent".into())); // Yes
    h.ctrl('d');
    let st = h.app.screens.referrals.form.as_ref().expect("still open");
    assert_eq!(st.errors.len(), 1, "{:?}", st.errors);
    assert_eq!(st.errors[0].field, "reasons");
    assert_eq!(
        st.errors[0].message,
        "tick at least one main reason for referral (CAMP referral form, 1. Main reasons for referral)"
    );
    assert_eq!(
        count(&h, "SELECT COUNT(*) FROM referral"),
        0,
        "nothing saved"
    );

    pick(
        &mut h,
        Bind::AnswerOption("reasons".into(), "dip_prolific".into()),
    );
    h.ctrl('d');
    assert!(
        h.app.screens.referrals.form.is_none(),
        "{:?}",
        h.app
            .screens
            .referrals
            .form
            .as_ref()
            .map(|s| s.errors.clone())
    );
    let (name, agency, received): (String, String, String) = h
        .store
        .conn()
        .query_row(
            "SELECT s.name, a.code, r.date_received FROM referral r
             JOIN subject s ON s.id = r.subject_id JOIN agency a ON a.id = r.referring_agency_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (name.as_str(), agency.as_str(), received.as_str()),
        ("Tobiah Quennell", "MPS", "2026-11-20")
    );
    let answers: Vec<(String, String)> = h
        .store
        .conn()
        .prepare("SELECT field, value FROM referral_answer ORDER BY position")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let want: Vec<(String, String)> = [
        ("reasons", "dip_prolific"),
        ("borough", "bromley"),
        ("consent", "yes"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(answers, want);
}
