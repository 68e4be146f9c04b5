//! F7 on a panel with its own form (issue 20): the intake form is built from the
//! panel file's `[[form]]` (here CAMP's, 003 "CAMP referral form"), a referral whose
//! checklist fails is kept on screen with the rule at its field, and one that passes
//! is taken in with its answers stored per field. Key events sent to `App`.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::intake_form::open_on_the_day;
use ratatui::crossterm::event::KeyCode;
use roundtable::app::form::Bind;
use roundtable::app::Screen;
use roundtable::domain::panel_def::CAMP_TOML;

#[test]
fn camp_form_through_f7_refuses_no_reason_ticked_then_takes_the_referral_in() {
    let mut h = open_on_the_day(CAMP_TOML, "camp.db", "2026-11-25");
    h.key(KeyCode::F(7));
    assert_eq!(h.app.screen, Screen::Referrals);
    h.key(KeyCode::Char('n'));
    let labels = h.form_labels();
    assert_eq!(
        labels[0], "Date referral made (YYYY-MM-DD) *",
        "CAMP's own first field"
    );
    assert!(labels.contains(&"Main reasons for referral: Complex PPO".to_string()));
    assert!(!labels
        .iter()
        .any(|l| l.contains("Appendix A") || l.contains("MAPPA level")));

    h.answer("date_referral_made", "2026-11-20");
    h.answer("by_officer", "DC Imogen Vasquez-Reilly");
    h.answer("from_agency", "MPS");
    h.answer("first_name", "Tobiah");
    h.answer("surname", "Quennell");
    h.answer("dob", "1994-03-08");
    h.choose(Bind::Answer("borough".into()), 1); // Bromley
    h.choose(Bind::Answer("consent".into()), 1); // Yes
    h.ctrl('d');
    let st = h.app.screens.referrals.form.as_ref().expect("still open");
    assert_eq!(st.errors.len(), 1, "{:?}", st.errors);
    assert_eq!(st.errors[0].field, "reasons");
    assert_eq!(
        st.errors[0].message,
        "tick at least one main reason for referral (CAMP referral form, 1. Main reasons for referral)"
    );
    assert_eq!(
        h.q::<i64>("SELECT COUNT(*) FROM referral"),
        0,
        "nothing saved"
    );

    h.choose(
        Bind::AnswerOption("reasons".into(), "dip_prolific".into()),
        1,
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
