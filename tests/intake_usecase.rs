//! Issue 19: taking a referral form in and screening it are one store use case each
//! (`Store::take_referral_form`, `Store::screen_referral`), called by the new-referral
//! screen and by `roundtable referral add|screen`. These pin what the two front ends
//! rely on: problems are outcomes with nothing saved (Appendix A), and who the person
//! is is settled the one way each front end needs (section 11: a referral is about
//! one person, never silently duplicated).
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use roundtable::domain::intake::{FieldIssue, ReferralForm};
use roundtable::domain::screening::ScreeningForm;
use roundtable::store::intake::{Linking, Screened, SubjectChoice, TakeRequest, Taking, Who};
use roundtable::store::write::NewSubject;
use roundtable::store::{PanelId, Store};

fn referrals(store: &Store) -> i64 {
    store
        .conn()
        .query_row("SELECT COUNT(*) FROM referral", [], |r| r.get(0))
        .unwrap()
}

fn form(store: &Store, panel: PanelId, name: &str, dob: &str) -> ReferralForm {
    let mut f = ReferralForm::new(common::as_of());
    f.referring_agency = store.agencies(panel).unwrap()[0].code.clone();
    f.name = name.into();
    f.date_of_birth = dob.into();
    f.concerns = "Seen carrying for an older group near the station.".into();
    f
}

fn request(form: &ReferralForm, linking: Linking, dry_run: bool) -> TakeRequest<'_> {
    TakeRequest {
        form,
        known_issues: &[],
        choice: SubjectChoice::Auto,
        linking,
        dry_run,
    }
}

#[test]
fn problems_found_reading_the_form_are_kept_and_the_checks_add_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::demo_store(dir.path());
    let panel = store.panel_info(None).unwrap().id;
    let before = referrals(&store);
    let mut f = form(&store, panel, "Tamsin Orrell", "2010-04-02");
    f.concerns.clear();
    let read = [
        FieldIssue::new("date_of_birth", "as read from the file"),
        FieldIssue::new("concerns", "as read from the file"),
    ];
    let mut req = request(&f, Linking::ExactMatch, false);
    req.known_issues = &read;
    let Taking::Refused(issues) = store
        .take_referral_form(panel, &req, common::as_of())
        .unwrap()
    else {
        panic!("a form with problems must be refused");
    };
    // The file's problems stand for their fields; the check's own problem with the
    // same field is not said twice.
    assert_eq!(issues, read.to_vec());
    assert_eq!(referrals(&store), before, "nothing saved");

    // With nothing read wrong, the check's own problem is the refusal.
    let req = request(&f, Linking::ExactMatch, false);
    let Taking::Refused(issues) = store
        .take_referral_form(panel, &req, common::as_of())
        .unwrap()
    else {
        panic!("a form without concerns must be refused");
    };
    assert_eq!(
        issues.iter().map(|i| i.field.as_str()).collect::<Vec<_>>(),
        ["concerns"]
    );
    assert_eq!(referrals(&store), before, "nothing saved");
}

#[test]
fn one_exact_match_among_similar_is_asked_about_on_screen_and_linked_by_the_command() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::demo_store(dir.path());
    let panel = store.panel_info(None).unwrap().id;
    let subject = |dob: &str| NewSubject {
        name: "Ilse Marrow".into(),
        date_of_birth: dob.parse().ok(),
        ..Default::default()
    };
    let exact = store.add_subject(panel, &subject("2010-04-02")).unwrap();
    let other = store.add_subject(panel, &subject("2009-01-15")).unwrap();
    let f = form(&store, panel, "Ilse  Marrow", "02/04/2010");
    let before = referrals(&store);

    // The screen asks, offering the exact match first.
    let asked = store
        .take_referral_form(panel, &request(&f, Linking::Sure, false), common::as_of())
        .unwrap();
    let Taking::Ask { who, .. } = asked else {
        panic!("the screen must ask: {asked:?}");
    };
    assert!(matches!(who, Who::ExactAmong { .. }), "{who:?}");
    let ids: Vec<_> = who.candidates().iter().map(|k| k.id).collect();
    assert_eq!(ids, [exact, other]);
    assert_eq!(referrals(&store), before, "nothing saved while asking");

    // A dry run of the command settles it the same way and saves nothing.
    let checked = store
        .take_referral_form(
            panel,
            &request(&f, Linking::ExactMatch, true),
            common::as_of(),
        )
        .unwrap();
    assert!(matches!(checked, Taking::Checked { .. }), "{checked:?}");
    assert_eq!(referrals(&store), before, "a dry run saves nothing");

    // The command links the exact match (and says who else was close).
    let taken = store
        .take_referral_form(
            panel,
            &request(&f, Linking::ExactMatch, false),
            common::as_of(),
        )
        .unwrap();
    let Taking::Taken { intake, who, .. } = taken else {
        panic!("the command must take it in: {taken:?}");
    };
    assert_eq!(intake.subject, exact);
    assert_eq!(who.candidates().len(), 2);
    assert_eq!(referrals(&store), before + 1);

    // Now their referral waits to be heard: a second one is asked about on screen
    // and, by the command, not taken either.
    for linking in [Linking::Sure, Linking::ExactMatch] {
        let again = store
            .take_referral_form(panel, &request(&f, linking, false), common::as_of())
            .unwrap();
        assert!(
            matches!(&again, Taking::Ask { who: Who::Waiting { exact: k, .. }, .. } if k.id == exact),
            "{again:?}"
        );
    }
    assert_eq!(referrals(&store), before + 1);
}

#[test]
fn a_screening_with_problems_is_refused_and_records_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::demo_store(dir.path());
    let panel = store.panel_info(None).unwrap().id;
    let f = form(&store, panel, "Odile Farrant", "2011-08-14");
    let Taking::Taken { intake, .. } = store
        .take_referral_form(
            panel,
            &request(&f, Linking::ExactMatch, false),
            common::as_of(),
        )
        .unwrap()
    else {
        panic!("a new person is taken in");
    };
    let screening = |store: &Store| -> String {
        store
            .conn()
            .query_row(
                "SELECT screening FROM referral WHERE id = ?1",
                [intake.referral.0],
                |r| r.get(0),
            )
            .unwrap()
    };
    let bad = ScreeningForm {
        mappa_level: "7".into(),
        ..Default::default()
    };
    let out = store
        .screen_referral(intake.referral, &bad, common::as_of())
        .unwrap();
    assert!(
        matches!(&out, Screened::Refused(i) if i.iter().any(|i| i.field == "mappa_level")),
        "{out:?}"
    );
    assert_eq!(screening(&store), "pending", "nothing recorded");
}
