//! F7 on MAVE, whose file has three forms (issue 22; 001 "MAVE Panel Group Referral",
//! "MAVE Panel Persons and Locations of Concern Referral"): `f` on the list chooses
//! the form `n` opens; a group taken in through the screen, refused first with one
//! member (a group is two or more, OPEN (13) in mave.toml); a location taken in on
//! form 3's location part (MV4), stored as its kind. Key events sent to `App`.
//! Every name and place is invented.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::harness::Harness;
use common::intake_form::open_on_the_day;
use ratatui::crossterm::event::KeyCode;
use roundtable::app::form::Bind;
use roundtable::app::Screen;
use roundtable::domain::panel_def::MAVE_TOML;

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

#[test]
fn mave_f7_takes_a_group_on_form_2_and_a_location_on_form_3() {
    let mut h = open_on_the_day(MAVE_TOML, "mave.db", "2026-11-16");
    h.key(KeyCode::F(7));
    assert_eq!(h.app.screen, Screen::Referrals);
    assert!(
        h.screen_at(80, 24)
            .contains("n opens: MAVE Panel Individual Referral & Checklist"),
        "{}",
        h.screen_at(80, 24)
    );
    // `f`: the group form.
    h.key(KeyCode::Char('f'));
    assert!(
        h.screen_at(80, 24)
            .contains("n opens: MAVE Panel Group Referral"),
        "{}",
        h.screen_at(80, 24)
    );
    h.key(KeyCode::Char('n'));
    let l = h.form_labels();
    assert_eq!(l[6], "Name or label the group is known by *");
    assert!(
        l.contains(
            &"Details of the group/cohort you are referring (one per line, cells split by ;) *"
                .to_string()
        ),
        "{l:?}"
    );
    assert!(!l.iter().any(|x| x.starts_with("Date of birth")), "{l:?}");
    h.answer("date_of_referral", "2026-11-16");
    h.answer("referrer_name", "Osian Fairbrother");
    h.answer("referrer_agency", "YJS");
    h.answer("group_name", "Marlowe Court boys");
    h.answer("area", "Kennington");
    h.answer(
        "members",
        "Ezra Pellow; 2011-05-01; Male; ; Friends; Vane Academy; CSC",
    );
    h.answer("peer_map", "Peer map of 2026-11-10, YJS case file");
    h.answer("nature_of_harm", "Seen carrying parcels");
    h.answer("ideas", "Youth club places");
    h.answer("approver", "Ilse Marchetti, Service Manager");
    h.answer("approval_date", "2026-11-14");
    h.tab_to_field(Bind::Answer("approved".into()));
    h.key(KeyCode::Right); // Yes
    h.key(KeyCode::Enter);
    h.ctrl('d');
    assert_eq!(
        h.form_errors(),
        ["members: at least 2 rows (1 given)"],
        "a group of one is an individual referral"
    );
    let n: i64 = h.q("SELECT COUNT(*) FROM referral");
    assert_eq!(n, 0, "nothing saved");
    h.answer("members", "\nTobi Lark; 2010-09-12; Male; ; Cousin; ; YJS");
    h.ctrl('d');
    assert!(
        h.app.screens.referrals.form.is_none(),
        "{:?}",
        h.form_errors()
    );
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
        h.screen_at(80, 24)
            .contains("n opens: MAVE Panel Persons and Locations of Concern Referral"),
        "{}",
        h.screen_at(80, 24)
    );
    h.key(KeyCode::Char('n'));
    h.answer("date_of_referral", "2026-11-16");
    h.answer("referrer_name", "Harlan Boswick");
    h.answer("referrer_agency", "Brixford Housing Trust");
    h.answer("location_address", "Stairwell B, Arden Walk");
    h.answer("location_postcode", "se11 4qt");
    h.answer("location_description", "Stairwell behind the chicken shop");
    h.answer("concerns", "Older males meet children here");
    h.answer("prevent_disrupt", "CCTV and a community guardian");
    h.ctrl('d');
    assert!(
        h.app.screens.referrals.form.is_none(),
        "{:?}",
        h.form_errors()
    );
    assert_eq!(
        last_subject(&h),
        (
            "location".into(),
            "Stairwell B, Arden Walk".into(),
            "SE11".into()
        )
    );
}
