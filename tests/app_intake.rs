//! The referral intake form in the TUI (issue 4: Appendix A, section 11 placement,
//! known people, bad input at the field, drafts, screening).
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::harness::Harness;
use ratatui::crossterm::event::KeyCode;
use roundtable::app::form::Bind;
use roundtable::app::Screen;

/// Tab to the section 11 form's field `key`.
fn to(h: &mut Harness, key: &str) {
    h.tab_to_field(Bind::Intake(Box::leak(key.to_string().into_boxed_str())));
}

fn set(h: &mut Harness, key: &str, text: &str) {
    to(h, key);
    h.typ(text);
}

fn open_form(h: &mut Harness) {
    h.key(KeyCode::F(7));
    assert_eq!(h.app.screen, Screen::Referrals);
    h.key(KeyCode::Char('n'));
    assert!(h.app.screens.referrals.form.is_some());
}

/// A complete under-18 referral; today is 2026-12-09 (a meeting day).
fn fill(h: &mut Harness, name: &str, dob: &str) {
    to(h, "referring_agency");
    h.key(KeyCode::Right); // first agency
    set(h, "referrer_contact", "Duty desk, secure email");
    set(h, "name", name);
    set(h, "date_of_birth", dob);
    set(h, "address", "7 Weaver Way, Harrowfield");
    set(h, "postcode", "hf2 7qd");
    set(h, "ward", "Riverside");
    set(h, "concerns", "Seen carrying a knife outside school.");
    set(h, "household", "Ruth Ashby-Lane; 41; mother");
}

fn count(h: &Harness, sql: &str) -> i64 {
    h.q(sql)
}

#[test]
fn section_11_form_shows_the_meeting_as_it_is_typed_and_takes_the_referral_in() {
    let mut h = Harness::new();
    let before = count(&h, "SELECT COUNT(*) FROM referral");
    open_form(&mut h);
    fill(&mut h, "Corin Ashby-Lane", "2011-05-04");
    let line = roundtable::app::page::referrals::destination_line(&h.app).unwrap();
    assert!(
        line.contains("held over to the meeting on 2027-01-13"),
        "{line}"
    );
    // Urgent: heard at today's meeting after all (section 11).
    to(&mut h, "urgent");
    h.key(KeyCode::Right);
    h.key(KeyCode::Enter); // a choice is recorded by Enter (issue 18)
    let line = roundtable::app::page::referrals::destination_line(&h.app).unwrap();
    assert!(
        line.starts_with("goes to the meeting on 2026-12-09 as urgent"),
        "{line}"
    );
    h.key(KeyCode::Left); // back to not urgent
    h.key(KeyCode::Enter); // a choice is recorded by Enter (issue 18)
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
    assert_eq!(count(&h, "SELECT COUNT(*) FROM referral"), before + 1);
    let (postcode, meeting, household): (String, String, i64) = h
        .store
        .conn()
        .query_row(
            "SELECT r.postcode, m.date, (SELECT COUNT(*) FROM household_member x WHERE x.referral_id = r.id)
             FROM referral r JOIN meeting m ON m.id = r.meeting_id ORDER BY r.id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (postcode.as_str(), meeting.as_str(), household),
        ("HF2 7QD", "2027-01-13", 1)
    );
    let (msg, _) = h.app.message.clone().unwrap();
    assert!(msg.contains("taken in"), "{msg}");
    assert_eq!(
        count(&h, "SELECT COUNT(*) FROM draft"),
        0,
        "the draft is gone once taken in"
    );
}

#[test]
fn bad_input_is_shown_at_the_field_and_nothing_is_saved() {
    let mut h = Harness::new();
    let before =
        count(&h, "SELECT COUNT(*) FROM referral") + count(&h, "SELECT COUNT(*) FROM subject");
    open_form(&mut h);
    fill(&mut h, "Corin Ashby-Lane", "2031-01-01"); // in the future
    to(&mut h, "postcode");
    for _ in 0..8 {
        h.key(KeyCode::Backspace);
    }
    h.typ("NOT A CODE");
    h.ctrl('d');
    let st = h
        .app
        .screens
        .referrals
        .form
        .as_ref()
        .expect("form stays open");
    let fields: Vec<&str> = st.errors.iter().map(|e| e.field.as_str()).collect();
    assert!(fields.contains(&"date_of_birth"), "{fields:?}");
    assert!(fields.contains(&"postcode"), "{fields:?}");
    assert_eq!(
        count(&h, "SELECT COUNT(*) FROM referral") + count(&h, "SELECT COUNT(*) FROM subject"),
        before
    );
    // What was typed is still there.
    let f = roundtable::app::page::referrals::read(&h.app.data, &st.form);
    assert_eq!(
        (f.name.as_str(), f.postcode.as_str()),
        ("Corin Ashby-Lane", "NOT A CODE")
    );
}

#[test]
fn a_known_person_is_linked_after_showing_the_match() {
    let mut h = Harness::new();
    let (name, dob, subject): (String, String, i64) = h
        .store
        .conn()
        .query_row(
            "SELECT name, date_of_birth, id FROM subject ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let subjects = count(&h, "SELECT COUNT(*) FROM subject");
    open_form(&mut h);
    fill(&mut h, &name, &dob);
    h.ctrl('d');
    assert_eq!(
        count(&h, "SELECT COUNT(*) FROM subject"),
        subjects,
        "not duplicated"
    );
    let (linked, known): (i64, bool) = h
        .store
        .conn()
        .query_row(
            "SELECT subject_id, previously_known FROM referral ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((linked, known), (subject, true));
    assert!(h
        .app
        .message
        .clone()
        .unwrap()
        .0
        .contains("previously known"));
}

#[test]
fn same_name_other_birth_date_asks_who_it_is() {
    let mut h = Harness::new();
    let name: String = h
        .store
        .conn()
        .query_row("SELECT name FROM subject ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let subjects = count(&h, "SELECT COUNT(*) FROM subject");
    open_form(&mut h);
    fill(&mut h, &name, "2012-02-02");
    h.ctrl('d');
    let d = h.app.dialog.as_ref().expect("asks which person");
    assert!(d.title.contains("already knows"));
    assert_eq!(
        count(&h, "SELECT COUNT(*) FROM subject"),
        subjects,
        "nothing written while asking"
    );
    h.key(KeyCode::Left); // the last option: a new person
    h.key(KeyCode::Enter);
    assert!(h.app.dialog.is_none());
    assert_eq!(count(&h, "SELECT COUNT(*) FROM subject"), subjects + 1);
}

#[test]
fn esc_keeps_the_form_as_a_draft_and_reopening_brings_it_back() {
    let mut h = Harness::new();
    open_form(&mut h);
    set(&mut h, "name", "Corin Ashby-Lane");
    set(&mut h, "concerns", "Half-typed concern");
    h.key(KeyCode::Esc);
    assert!(h.app.screens.referrals.form.is_none());
    assert_eq!(
        count(
            &h,
            "SELECT COUNT(*) FROM draft WHERE body LIKE '%Half-typed concern%'"
        ),
        1
    );
    // As after a restart: a fresh app with the drafts from the database.
    let drafts = h.store.all_drafts().unwrap().into_iter().collect();
    let data = h.store.load_meeting(h.meeting).unwrap();
    h.app = roundtable::app::App::new(data, h.app.now, drafts);
    open_form(&mut h);
    let f = roundtable::app::page::referrals::read(
        &h.app.data,
        &h.app.screens.referrals.form.as_ref().unwrap().form,
    );
    assert_eq!(
        (f.name.as_str(), f.concerns.as_str()),
        ("Corin Ashby-Lane", "Half-typed concern")
    );
}

#[test]
fn typing_is_kept_as_a_draft_at_once() {
    // Issue 8: every change reaches the database before the next frame.
    let mut h = Harness::new();
    open_form(&mut h);
    set(&mut h, "name", "Corin");
    assert_eq!(
        count(&h, "SELECT COUNT(*) FROM draft WHERE body LIKE '%Corin%'"),
        1
    );
}

#[test]
fn section_11_screening_from_the_referrals_screen() {
    let mut h = Harness::new();
    open_form(&mut h);
    fill(&mut h, "Corin Ashby-Lane", "2011-05-04");
    h.ctrl('d');
    let id: i64 = h.q("SELECT MAX(id) FROM referral");
    let pos = h
        .app
        .data
        .referrals
        .iter()
        .position(|r| r.id.0 == id)
        .expect("listed");
    for _ in 0..pos {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Char('s'));
    assert!(h.app.dialog.is_some());
    h.key(KeyCode::Right); // supporting intelligence
    h.key(KeyCode::Tab);
    h.typ("Sam Orrell-Pike");
    for _ in 0..5 {
        h.key(KeyCode::Tab);
    }
    h.key(KeyCode::Right); // advised a child protection referral
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Enter);
    assert!(
        h.app.dialog.is_none(),
        "{:?}",
        h.app.dialog.as_ref().and_then(|d| d.error.clone())
    );
    let (screening, by): (String, String) = h
        .store
        .conn()
        .query_row(
            "SELECT screening, screening_by FROM referral WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (screening.as_str(), by.as_str()),
        ("intelligence", "Sam Orrell-Pike")
    );
}

#[test]
fn the_same_referral_twice_asks_before_saving_again() {
    let mut h = Harness::new();
    open_form(&mut h);
    fill(&mut h, "Corin Ashby-Lane", "2011-05-04");
    h.ctrl('d');
    let before = count(&h, "SELECT COUNT(*) FROM referral");
    h.key(KeyCode::Char('n'));
    fill(&mut h, "Corin Ashby-Lane", "2011-05-04");
    h.ctrl('d');
    assert!(
        h.app
            .dialog
            .as_ref()
            .is_some_and(|d| d.title.contains("already knows")),
        "asks first"
    );
    assert_eq!(
        count(&h, "SELECT COUNT(*) FROM referral"),
        before,
        "nothing saved while asking"
    );
}

#[test]
fn section_9_and_10_notes_are_shown_when_taken_in() {
    let mut h = Harness::new();
    open_form(&mut h);
    fill(&mut h, "Kit Overend-Marsh", "2000-01-01"); // 26 at the meeting
    h.ctrl('d');
    let (msg, _) = h.app.message.clone().unwrap();
    assert!(msg.contains("section 9"), "{msg}");
    h.key(KeyCode::Char('n'));
    fill(&mut h, "Max Tollgate-Reyes", "2001-02-02");
    to(&mut h, "mappa_level");
    h.key(KeyCode::Right);
    h.key(KeyCode::Right);
    h.key(KeyCode::Right); // level 2
    h.key(KeyCode::Enter); // a choice is recorded by Enter (issue 18)
    let line = roundtable::app::page::referrals::destination_line(&h.app).unwrap();
    assert!(
        line.starts_with("excluded") && line.contains("section 10.1"),
        "{line}"
    );
    h.ctrl('d');
    let (msg, _) = h.app.message.clone().unwrap();
    assert!(
        msg.contains("excluded") && msg.contains("section 10.1"),
        "{msg}"
    );
}

#[test]
fn a_red_mark_goes_as_soon_as_the_field_is_being_put_right() {
    let mut h = Harness::new();
    open_form(&mut h);
    fill(&mut h, "Corin Ashby-Lane", "2031-01-01");
    h.ctrl('d');
    let has = |h: &Harness, f: &str| {
        h.app
            .screens
            .referrals
            .form
            .as_ref()
            .unwrap()
            .errors
            .iter()
            .any(|e| e.field == f)
    };
    assert!(has(&h, "date_of_birth"));
    to(&mut h, "date_of_birth");
    h.key(KeyCode::Backspace);
    assert!(!has(&h, "date_of_birth"));
}
