//! F7 on MAVE, whose file has three forms (issue 22; 001 "MAVE Panel Group Referral",
//! "MAVE Panel Persons and Locations of Concern Referral"): `f` on the list chooses
//! the form `n` opens; a group taken in through the screen, refused first with one
//! member (a group is two or more, OPEN (13) in mave.toml); a location taken in on
//! form 3's location part (MV4), stored as its kind. Key events sent to `App`.
//! Every name and place is invented.
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
use roundtable::domain::panel_def::{shipped_file, PanelDef, MAVE_TOML};
use roundtable::store::Store;
use roundtable::tui::Watch;

/// A MAVE panel set up on 2026-11-16, the app open at 10:00 that day.
fn mave() -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let def = PanelDef::parse(MAVE_TOML, &shipped_file).unwrap();
    let today = "2026-11-16".parse().unwrap();
    let meetings = def.meetings_from(today, 3, &WorkingCalendar::england_and_wales());
    let store = Store::open_for_init(&dir.path().join("mave.db"), None).unwrap();
    store.set_up_panel(&def, &meetings, &[], today).unwrap();
    let clock = Arc::new(AtomicI64::new(t("2026-11-16 10:00:00").timestamp()));
    let c2 = clock.clone();
    let store = store
        .with_clock(Box::new(move || {
            chrono::DateTime::from_timestamp(c2.load(Ordering::SeqCst), 0).unwrap()
        }))
        .with_actor("tester")
        .with_terminal("terminal-a");
    let meeting = store.meeting_to_run().unwrap().unwrap();
    let data = store.load_meeting(meeting).unwrap();
    let mut app = App::new(data, t("2026-11-16 10:00:00"), Default::default());
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

/// The screen at 80x24, as text.
fn screen(h: &Harness) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    t.draw(|f| roundtable::ui::render(&h.app, f)).unwrap();
    format!("{}", t.backend())
}

fn labels(h: &Harness) -> Vec<String> {
    h.app
        .screens
        .referrals
        .form
        .as_ref()
        .unwrap()
        .form
        .fields
        .iter()
        .map(|f| f.label.clone())
        .collect()
}

fn set(h: &mut Harness, key: &str, text: &str) {
    let bind = Bind::Answer(key.into());
    for _ in 0..120 {
        let st = h.app.screens.referrals.form.as_ref().expect("form open");
        if st.form.focused().is_some_and(|f| f.bind == bind) {
            h.typ(text);
            return;
        }
        h.key(KeyCode::Tab);
    }
    panic!("no field {key}");
}

/// The stored subject of the last referral: kind, name, area.
fn last_subject(h: &Harness) -> (String, String, String) {
    h.store
        .conn()
        .query_row(
            "SELECT s.kind, s.name, s.area FROM referral r JOIN subject s ON s.id = r.subject_id
             ORDER BY r.id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
}

fn errors(h: &Harness) -> Vec<String> {
    h.app
        .screens
        .referrals
        .form
        .as_ref()
        .map(|s| s.errors.iter().map(|e| e.to_string()).collect())
        .unwrap_or_default()
}

#[test]
fn mave_f7_takes_a_group_on_form_2_and_a_location_on_form_3() {
    let mut h = mave();
    h.key(KeyCode::F(7));
    assert_eq!(h.app.screen, Screen::Referrals);
    assert!(
        screen(&h).contains("n opens: MAVE Panel Individual Referral & Checklist"),
        "{}",
        screen(&h)
    );
    // `f`: the group form.
    h.key(KeyCode::Char('f'));
    assert!(
        screen(&h).contains("n opens: MAVE Panel Group Referral"),
        "{}",
        screen(&h)
    );
    h.key(KeyCode::Char('n'));
    let l = labels(&h);
    assert_eq!(l[6], "Name or label the group is known by *");
    assert!(
        l.contains(
            &"Details of the group/cohort you are referring (one per line, cells split by ;) *"
                .to_string()
        ),
        "{l:?}"
    );
    assert!(!l.iter().any(|x| x.starts_with("Date of birth")), "{l:?}");
    set(&mut h, "date_of_referral", "2026-11-16");
    set(&mut h, "referrer_name", "Osian Fairbrother");
    set(&mut h, "referrer_agency", "YJS");
    set(&mut h, "group_name", "Marlowe Court boys");
    set(&mut h, "area", "Kennington");
    set(
        &mut h,
        "members",
        "Ezra Pellow; 2011-05-01; Male; ; Friends; Vane Academy; CSC",
    );
    set(&mut h, "peer_map", "Peer map of 2026-11-10, YJS case file");
    set(&mut h, "nature_of_harm", "Seen carrying parcels");
    set(&mut h, "ideas", "Youth club places");
    set(&mut h, "approver", "Ilse Marchetti, Service Manager");
    set(&mut h, "approval_date", "2026-11-14");
    let bind = Bind::Answer("approved".into());
    for _ in 0..120 {
        let st = h.app.screens.referrals.form.as_ref().unwrap();
        if st.form.focused().is_some_and(|f| f.bind == bind) {
            break;
        }
        h.key(KeyCode::Tab);
    }
    h.key(KeyCode::Right); // Yes
    h.key(KeyCode::Enter);
    h.ctrl('d');
    assert_eq!(
        errors(&h),
        ["members: at least 2 rows (1 given)"],
        "a group of one is an individual referral"
    );
    let n: i64 = h.q("SELECT COUNT(*) FROM referral");
    assert_eq!(n, 0, "nothing saved");
    set(
        &mut h,
        "members",
        "\nTobi Lark; 2010-09-12; Male; ; Cousin; ; YJS",
    );
    h.ctrl('d');
    assert!(h.app.screens.referrals.form.is_none(), "{:?}", errors(&h));
    assert_eq!(
        last_subject(&h),
        (
            "group".into(),
            "Marlowe Court boys".into(),
            "Kennington".into()
        )
    );
    let members: i64 = h.q("SELECT COUNT(*) FROM case_person WHERE role = 'group_member'");
    assert_eq!(members, 2);

    // `f` again: form 3; its location part only (MV4).
    h.key(KeyCode::Char('f'));
    assert!(
        screen(&h).contains("n opens: MAVE Panel Persons and Locations of Concern Referral"),
        "{}",
        screen(&h)
    );
    h.key(KeyCode::Char('n'));
    set(&mut h, "date_of_referral", "2026-11-16");
    set(&mut h, "referrer_name", "Harlan Boswick");
    set(&mut h, "referrer_agency", "Brixford Housing Trust");
    set(&mut h, "location_address", "Stairwell B, Arden Walk");
    set(&mut h, "location_postcode", "se11 4qt");
    set(
        &mut h,
        "location_description",
        "Stairwell behind the chicken shop",
    );
    set(&mut h, "concerns", "Older males meet children here");
    set(&mut h, "prevent_disrupt", "CCTV and a community guardian");
    h.ctrl('d');
    assert!(h.app.screens.referrals.form.is_none(), "{:?}", errors(&h));
    assert_eq!(
        last_subject(&h),
        (
            "location".into(),
            "Stairwell B, Arden Walk".into(),
            "SE11".into()
        )
    );
}
