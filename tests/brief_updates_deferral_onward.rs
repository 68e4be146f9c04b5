//! Issue 20, the last of the decisions and items: brief updates (E5), deferral (F13)
//! and onward-referral kinds from the panel file (F9), on the shipped CAMP and DYO
//! panels (003 Appendix 5 A and B; Appendix 4 A) and through the store, the minutes
//! and the case history as a meeting would use them. Every person is invented.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::path::{Path, PathBuf};

use common::{ok, rt};
use roundtable::domain::types::{CaseStatus, OnwardState};
use roundtable::domain::AgendaKind;
use roundtable::lookup::doc::Block;
use roundtable::lookup::minutes;
use roundtable::store::meeting::Case;
use roundtable::store::write::Table;
use roundtable::store::{MeetingId, Store};
use rusqlite::types::Value;

/// A CAMP referral of the panel's own form, for `first` `surname`.
fn camp_referral(first: &str, surname: &str) -> String {
    format!(
        r#"
form = "camp"
date_referral_made = "2026-11-20"
by_officer = "DC Imogen Vasquez-Reilly"
from_agency = "Metropolitan Police"
reasons = ["other"]
other_reason_details = "Prolific shoplifting, not engaged with services"
first_name = "{first}"
surname = "{surname}"
borough = "Bromley"
dob = 1991-02-17
consent = true
"#
    )
}

/// A CAMP database with two referrals taken in from the panel's form.
fn camp_with_two_referrals(dir: &Path) -> PathBuf {
    let db = dir.join("panel.db");
    ok(&rt(&db, None, &["init", "--no-encrypt", "--panel", "camp"]));
    for (i, (first, last)) in [("Tobiah", "Quennell"), ("Marit", "Oyelowo-Hanks")]
        .into_iter()
        .enumerate()
    {
        let f = dir.join(format!("r{i}.toml"));
        std::fs::write(&f, camp_referral(first, last)).unwrap();
        ok(&rt(
            &db,
            None,
            &["referral", "add", "--from", f.to_str().unwrap()],
        ));
    }
    db
}

fn set(store: &Store, c: &Case, col: &str, v: &str) {
    store
        .set_field(
            Table::Discussion,
            c.discussion.0,
            col,
            Value::Text(v.into()),
        )
        .unwrap();
}

fn agency(store: &Store, code: &str) -> i64 {
    store
        .conn()
        .query_row("SELECT id FROM agency WHERE code = ?1", [code], |r| {
            r.get(0)
        })
        .unwrap()
}

fn case_of(store: &Store, m: MeetingId, referral: i64) -> Case {
    store
        .load_meeting(m)
        .unwrap()
        .cases
        .into_iter()
        .find(|c| c.referral.id.0 == referral)
        .unwrap_or_else(|| panic!("case {referral} is on the agenda"))
}

/// The referral's own columns, to show that a page changed nothing in the case.
fn referral_row(store: &Store, id: i64) -> String {
    store
        .conn()
        .query_row(
            "SELECT status || '|' || COALESCE(next_review_on, '') || '|' || COALESCE(lead_agency_id, '')
                || '|' || COALESCE(risk_current, '') || '|' || COALESCE(meeting_id, '')
                || '|' || COALESCE(closed_on, '') FROM referral WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap()
}

/// The minutes' case page of `referral` at the meeting on `date`, flattened: each
/// field as "Label: value", each heading and paragraph as it is.
fn minuted(store: &Store, date: &str, referral: i64) -> Vec<String> {
    let m = minutes::load(store.conn(), date.parse::<chrono::NaiveDate>().unwrap()).unwrap();
    let c = m.cases.iter().find(|c| c.case_id == referral).unwrap();
    let mut out = vec![];
    for b in minutes::case_page(&m, c).blocks {
        match b {
            Block::Fields(f) => out.extend(f.into_iter().map(|(k, v)| format!("{k}: {v}"))),
            Block::Heading(h) | Block::Para(h) => out.push(h),
            _ => {}
        }
    }
    out
}

#[test]
fn camp_app_5a_2_ppo_an_agency_level_case_is_briefly_updated_until_its_review_and_app_5b_3_a_deferred_case_goes_to_the_next_meeting(
) {
    let dir = tempfile::tempdir().unwrap();
    let db = camp_with_two_referrals(dir.path());
    let store = Store::open(&db, None).unwrap();
    let first = store.meeting_to_run().unwrap().unwrap();
    store.start_meeting(first).unwrap();
    let day = store.load_meeting(first).unwrap().date;
    assert_eq!(day.to_string(), "2026-12-08");
    // The chair's checklist first (003 App 5B 3): the store refuses a case without it.
    for r in [1, 2] {
        common::checklist::answer_all(&store, first, case_of(&store, first, r).discussion);
    }

    // 003 App 5A "2. PPO": "All other PPO offenders will be dealt at agency level".
    let a = case_of(&store, first, 1);
    assert_eq!(a.kind, AgendaKind::NewReferrals);
    set(&store, &a, "decision", "agency_level");
    set(
        &store,
        &a,
        "decision_reasons",
        "Not complex: probation manages it.",
    );
    set(&store, &a, "next_date", "2027-03-08");
    store
        .set_field(
            Table::Discussion,
            a.discussion.0,
            "lead_agency_id",
            Value::Integer(agency(&store, "PROB")),
        )
        .unwrap();
    store
        .complete_case(&case_of(&store, first, 1), day)
        .unwrap();

    // 003 App 5B 3: "If not, then the option to defer the case should be considered."
    let b = case_of(&store, first, 2);
    set(&store, &b, "decision", "deferred");
    let refused = store
        .complete_case(&case_of(&store, first, 2), day)
        .unwrap_err()
        .to_string();
    assert!(
        refused.contains("deferral: give the reason the case goes to the next meeting"),
        "{refused}"
    );
    set(&store, &b, "decision_reasons", "The DIP worker is absent.");
    let before = referral_row(&store, 2);
    store
        .complete_case(&case_of(&store, first, 2), day)
        .unwrap();
    assert_eq!(
        referral_row(&store, 2),
        before,
        "a deferral changes nothing"
    );
    assert!(
        minuted(&store, "2026-12-08", 2)
            .contains(&"Decision: Deferred: The DIP worker is absent.".to_string()),
        "{:?}",
        minuted(&store, "2026-12-08", 2)
    );

    store.formally_close(first).unwrap();
    let second = store
        .end_meeting(first, "2027-01-12".parse().unwrap())
        .unwrap();
    // The deferred new referral is listed for the next meeting, still on the agenda.
    let (status, listed): (String, i64) = store
        .conn()
        .query_row(
            "SELECT status, meeting_id FROM referral WHERE id = 2",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (status.as_str(), listed),
        (CaseStatus::OnAgenda.code(), second.0)
    );

    // The printed draft agenda of that meeting lists the case under item 5, not as a
    // new referral (003 App 5A "2. PPO").
    let draft = roundtable::lookup::agenda::draft(
        store.conn(),
        "2027-01-12".parse::<chrono::NaiveDate>().unwrap(),
        Default::default(),
    )
    .unwrap();
    assert_eq!(
        draft
            .updates
            .iter()
            .map(|e| (e.item, e.case_id))
            .collect::<Vec<_>>(),
        [(5, 1)]
    );
    let printed = roundtable::lookup::agenda::render_plain(&draft);
    let item5 = &printed[printed.find("5. Other PPO").unwrap()..];
    let item5 = &item5[..item5.find("6. ").unwrap()];
    assert!(!item5.contains("no new referrals"), "{item5}");
    assert!(item5.contains("brief update"), "{item5}");

    store.start_meeting(second).unwrap();
    let day2 = store.load_meeting(second).unwrap().date;
    assert_eq!(
        case_of(&store, second, 2).kind,
        AgendaKind::NewReferrals,
        "heard again as a new referral"
    );
    // "Update on each case will be briefly presented at CAMP": item 5, no decision.
    let u = case_of(&store, second, 1);
    assert_eq!(u.kind, AgendaKind::Updates);
    let data = store.load_meeting(second).unwrap();
    assert_eq!(
        data.cases_for(5)
            .iter()
            .map(|c| c.referral.id.0)
            .collect::<Vec<_>>(),
        [1]
    );
    assert!(data.cases_for(4).is_empty(), "its review is not yet due");
    let refused = store.complete_case(&u, day2).unwrap_err().to_string();
    assert!(
        refused.contains("brief update: the update is blank"),
        "{refused}"
    );
    set(&store, &u, "minutes", "Reporting weekly; no new offences.");
    let before = referral_row(&store, 1);
    store
        .complete_case(&case_of(&store, second, 1), day2)
        .unwrap();
    assert_eq!(
        referral_row(&store, 1),
        before,
        "a brief update changes nothing"
    );
    let page = minuted(&store, "2027-01-12", 1);
    for line in [
        "Decision: Brief update",
        "Brief update",
        "Reporting weekly; no new offences.",
    ] {
        assert!(page.contains(&line.to_string()), "{line}: {page:?}");
    }
    assert!(
        !page.iter().any(|l| l.starts_with("Risk level")),
        "a brief update has no risk: {page:?}"
    );

    // At the meeting of its review date it is reviewed, not updated.
    store.formally_close(second).unwrap();
    let third = store
        .end_meeting(second, "2027-02-09".parse().unwrap())
        .unwrap();
    store.start_meeting(third).unwrap();
    assert_eq!(case_of(&store, third, 1).kind, AgendaKind::Updates);
    store.formally_close(third).unwrap();
    let fourth = store
        .end_meeting(third, "2027-03-09".parse().unwrap())
        .unwrap();
    store.start_meeting(fourth).unwrap();
    assert_eq!(case_of(&store, fourth, 1).kind, AgendaKind::Reviews);
}

#[test]
fn camp_onward_kinds_are_the_panel_files_and_a_kind_no_longer_listed_is_shown_by_its_code() {
    let dir = tempfile::tempdir().unwrap();
    let db = camp_with_two_referrals(dir.path());
    let store = Store::open(&db, None).unwrap();
    let m = store.meeting_to_run().unwrap().unwrap();
    store.start_meeting(m).unwrap();
    let c = case_of(&store, m, 1);
    // 003 App 5B "Monitoring effectiveness" (MARAC, MAPPA) and App 5A 1 (police
    // enforcement), in the file's order, with no "for whom" question.
    let kinds: Vec<(&str, &str, bool)> = c
        .onward
        .iter()
        .map(|o| (o.code.as_str(), o.label.as_str(), o.asks_for_whom))
        .collect();
    assert_eq!(
        kinds,
        [
            ("police_enforcement", "Police enforcement", false),
            ("marac", "MARAC", false),
            ("mappa", "MAPPA", false),
            ("dyo", "Deter panel (DYO)", false),
        ]
    );
    let refused = store
        .set_onward_state(c.discussion, "child_protection", OnwardState::Made)
        .unwrap_err()
        .to_string();
    assert_eq!(
        refused,
        "onward referral: child_protection is not one of this panel's kinds (one of police_enforcement, marac, mappa, dyo)"
    );
    store
        .set_onward_state(c.discussion, "mappa", OnwardState::Made)
        .unwrap();
    // A kind an earlier panel file listed, recorded then.
    store
        .conn()
        .execute(
            "INSERT INTO onward_referral (discussion_id, kind, state, note) VALUES (?1, 'housing_panel', 'made', 'Sent to the housing panel')",
            [c.discussion.0],
        )
        .unwrap();
    let c = case_of(&store, m, 1);
    let last = c.onward.last().unwrap();
    assert_eq!(
        (last.code.as_str(), last.label.as_str()),
        ("housing_panel", "housing_panel")
    );
    assert_eq!(
        c.onward[2].recorded.as_ref().and_then(|r| r.state),
        Some(OnwardState::Made)
    );
    let history = ok(&rt(&db, None, &["case", "1"]));
    assert!(
        history.contains("MAPPA: made; housing_panel: made"),
        "{history}"
    );
    let page = minuted(&store, "2026-12-08", 1);
    assert!(
        page.contains(&"Urgent referrals considered".to_string()),
        "{page:?}"
    );
}

#[test]
fn a_brief_update_item_or_a_deferral_written_wrong_is_refused_with_its_key() {
    let camp = std::fs::read_to_string(format!(
        "{}/data/panels/camp.toml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let parse = |text: &str| {
        roundtable::domain::panel_def::PanelDef::parse(
            text,
            &roundtable::domain::panel_def::shipped_file,
        )
    };
    assert!(parse(&camp).is_ok());
    let wrong = camp
        .replace(
            "after_decisions = [\"agency_level\"]",
            "after_decisions = [\"deferred\", \"gone\"]",
        )
        .replace(
            "defer = true\nneeds = [\"reasons\"]",
            "defer = true\nstatus_after = \"open\"\nneeds = [\"reasons\", \"next_date\"]",
        );
    let err = parse(&wrong).unwrap_err();
    for line in [
        "panel file: agenda[4].after_decisions: deferred is a deferral (a deferred case goes back to its own item)",
        "panel file: agenda[4].after_decisions: gone is not one of the panel's decisions",
        "status_after: a deferral leaves the case as it is (leave status_after out)",
        "needs: a deferral needs only its reasons",
    ] {
        assert!(err.contains(line), "{line}\n{err}");
    }
    let brief_reviews = camp.replace(
        "kind = \"reviews\"\n",
        "kind = \"reviews\"\ndecision = \"none\"\n",
    );
    let err = parse(&brief_reviews).unwrap_err();
    assert!(
        err.contains(
            "agenda[3].decision: \"none\" (brief updates) is for an updates item, not reviews"
        ),
        "{err}"
    );
}
