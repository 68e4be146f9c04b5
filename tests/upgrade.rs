//! A database made by the release before the live record and items by kind (schema 2,
//! `tests/fixtures/release-schema2.db`: the demo as of 2026-11-22, 14 meetings with
//! their case discussions) opens in this build: every migration runs, each case
//! discussion learns the kind of item it was heard under, and the data still reads.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use roundtable::domain::AgendaKind;
use roundtable::store::schema::MIGRATIONS;
use roundtable::store::Store;

fn upgraded() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/release-schema2.db"
        ),
        &db,
    )
    .unwrap();
    (dir, db)
}

#[test]
fn a_schema_2_database_is_brought_up_to_date_with_items_by_kind() {
    let (_dir, db) = upgraded();
    let before: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(before, 2);
    let store = Store::open_existing(&db, None).unwrap();
    assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
    let c = store.conn();
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let fk: i64 = c
        .query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0);
    // Every discussion has the kind its item number had in MAGPan's agenda.
    let rows: Vec<(i64, String)> = c
        .prepare("SELECT agenda_item, item_kind FROM case_discussion")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(
        rows.len() > 50,
        "the fixture has discussions: {}",
        rows.len()
    );
    for (n, kind) in rows {
        let want = match n {
            6 => AgendaKind::NewReferralsUnder18,
            7 => AgendaKind::NewReferralsOver18,
            8 => AgendaKind::Reviews,
            _ => panic!("unexpected item {n}"),
        };
        assert_eq!(AgendaKind::from_code(&kind), Some(want), "item {n}");
    }
    // The live-record tables exist and the next meeting loads with its cases by kind.
    let journal: i64 = c
        .query_row("SELECT COUNT(*) FROM typing", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journal, 0);
    let m = store.meeting_to_run().unwrap().unwrap();
    store.start_meeting(m).unwrap();
    let data = store.load_meeting(m).unwrap();
    assert!(!data.cases.is_empty());
    for case in &data.cases {
        let item = data
            .panel
            .agenda
            .iter()
            .find(|i| i.kind == case.kind)
            .unwrap();
        assert_eq!(case.item, item.number);
    }
}

#[test]
fn the_lookups_answer_on_an_upgraded_database() {
    let (dir, db) = upgraded();
    let out = dir.path().join("minutes");
    let o = common::run(&[
        "--db",
        db.to_str().unwrap(),
        "minutes",
        "--meeting",
        "2026-11-11",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let general = std::fs::read_to_string(out.join("2026-11-11-general.md")).unwrap();
    assert!(general.contains("Decisions (items 6 to 8)"), "{general}");
}

#[test]
fn an_upgraded_database_gets_its_own_identity_and_the_papers_columns() {
    let (_dir, db) = upgraded();
    let (_dir2, db2) = upgraded();
    let a = Store::open_existing(&db, None).unwrap();
    let b = Store::open_existing(&db2, None).unwrap();
    let (ua, ub) = (a.database_uid().unwrap(), b.database_uid().unwrap());
    assert_eq!(ua.len(), 32, "{ua}");
    assert_ne!(ua, ub, "two upgraded copies share an identity");
    let threshold: i64 = a
        .conn()
        .query_row("SELECT small_number_threshold FROM panel", [], |r| r.get(0))
        .unwrap();
    assert_eq!(threshold, 5);
    // Reopening keeps the identity (the migration runs once).
    drop(a);
    let again = Store::open_existing(&db, None).unwrap();
    assert_eq!(again.database_uid().unwrap(), ua);
}

#[test]
fn an_upgraded_database_holds_answers_to_a_panel_form_beside_its_old_referrals() {
    use roundtable::domain::paperwork::FormAnswer;
    use roundtable::store::ReferralId;
    let (_dir, db) = upgraded();
    let store = Store::open_existing(&db, None).unwrap();
    let first: i64 = store
        .conn()
        .query_row("SELECT MIN(id) FROM referral", [], |r| r.get(0))
        .unwrap();
    let id = ReferralId(first);
    assert!(
        store.answers(id).unwrap().is_empty(),
        "old referrals have none"
    );
    let a = FormAnswer {
        field: "borough".into(),
        label: "Borough of residence".into(),
        value: "bromley".into(),
        shown: "Bromley".into(),
    };
    store.add_answers(id, "camp", &[a]).unwrap();
    let got = store.answers(id).unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(
        (got[0].form.as_str(), got[0].shown.as_str()),
        ("camp", "Bromley")
    );
    // A field is answered once per referral.
    assert!(store
        .add_answers(
            id,
            "camp",
            &[FormAnswer {
                field: "borough".into(),
                ..FormAnswer::default()
            }]
        )
        .is_err());
    assert_eq!(
        store.answers(id).unwrap().len(),
        1,
        "the failed write left nothing"
    );
}
