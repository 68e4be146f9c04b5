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
    let db = common::old_database(dir.path(), "release-schema2.db");
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

/// Issue 20: a database made before the panel's rules were data ran MAGPan's rules
/// (the code applied them to every panel); upgraded, it reads MAGPan's paperwork, so
/// nothing it did changes: the MAPPA level 2/3 exclusion (section 10.1), the over-25
/// note (section 9) and the lead-agency rule (section 7.8) with their sections.
#[test]
fn an_upgraded_database_keeps_magpans_rules_and_their_sections() {
    let (_dir, db) = upgraded();
    let store = Store::open_existing(&db, None).unwrap();
    let stored: Option<String> = store
        .conn()
        .query_row("SELECT paperwork FROM panel", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, None, "the column is new and empty");
    let rules = store.panel_info(None).unwrap().paperwork;
    assert_eq!(rules, roundtable::domain::paperwork::Paperwork::magpan());
    assert_eq!(rules.exclusion.mappa_levels, [2, 3]);
    assert_eq!(rules.age.note_from, Some(25));
    assert!(rules.lead_agency.change_only_at_review);
    assert_eq!(
        rules
            .cite
            .get(roundtable::domain::paperwork::Rule::Exclusion),
        Some("section 10.1")
    );
}

/// A database at the schema before decisions were data (16: `release-schema16.db`, the
/// demo as made by that build) with decisions, onward referrals and members: migration
/// 18 rebuilds their tables without the CHECK lists, keeps every row, link, index and
/// the change log, and the store then takes a code the panel's file gives and refuses
/// one it does not.
#[test]
fn a_schema_16_database_keeps_its_decisions_onward_referrals_and_members() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::old_database(dir.path(), "release-schema16.db");
    let count = |c: &rusqlite::Connection, sql: &str| -> i64 {
        c.query_row(sql, [], |r| r.get(0)).unwrap()
    };
    let sqls = [
        "SELECT COUNT(*) FROM case_discussion WHERE decision IS NOT NULL",
        "SELECT COUNT(*) FROM onward_referral",
        "SELECT COUNT(*) FROM member",
        "SELECT COUNT(*) FROM change_log",
        "SELECT COUNT(*) FROM member WHERE role = 'chair'",
        "SELECT SUM(id * length(decision)) FROM case_discussion",
    ];
    let before: Vec<i64> = {
        let c = rusqlite::Connection::open(&db).unwrap();
        assert_eq!(count(&c, "PRAGMA user_version"), 16);
        sqls.iter().map(|s| count(&c, s)).collect()
    };
    assert!(
        before[0] > 50 && before[1] > 50 && before[2] > 10,
        "{before:?}"
    );
    let store = Store::open_existing(&db, None).unwrap();
    assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
    let c = store.conn();
    let after: Vec<i64> = sqls.iter().map(|s| count(c, s)).collect();
    assert_eq!(after, before, "every row kept, with its id");
    assert_eq!(count(c, "SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let fk: i64 = count(c, "PRAGMA foreign_keys");
    assert_eq!(fk, 1, "foreign keys are on again after the rebuild");
    // The CHECK lists are gone from the schema; the indexes are back.
    let sql: String = c
        .query_row(
            "SELECT group_concat(sql, ' ') FROM sqlite_master WHERE tbl_name IN ('case_discussion', 'onward_referral', 'member')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    for gone in [
        "'refer_elsewhere'",
        "'prevent_channel'",
        "'mappa_coordinator'",
    ] {
        assert!(!sql.contains(gone), "{gone} still listed: {sql}");
    }
    for index in [
        "discussion_referral",
        "discussion_meeting",
        "onward_discussion_state",
        "member_panel",
        "member_agency",
    ] {
        assert!(sql.contains(index), "{index} missing: {sql}");
    }
    // A foreign key still refuses a broken link.
    assert!(c
        .execute("UPDATE onward_referral SET discussion_id = 999999 WHERE id = (SELECT MIN(id) FROM onward_referral)", [])
        .is_err());
    // A code the panel does not have is refused by the store in one line; its own
    // decision at the item is taken.
    let (d, kind): (i64, String) = c
        .query_row(
            "SELECT id, item_kind FROM case_discussion WHERE item_kind = 'reviews' LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(kind, "reviews");
    let set = |v: &str| {
        store.set_field(
            roundtable::store::write::Table::Discussion,
            d,
            "decision",
            rusqlite::types::Value::Text(v.into()),
        )
    };
    let err = set("meets_criteria").unwrap_err().to_string();
    assert!(
        err.contains("meets_criteria is not one of this panel's decisions at this item")
            && !err.contains('\n'),
        "{err}"
    );
    assert!(
        set("open").is_err(),
        "open is offered at new referrals, not reviews"
    );
    set("close").unwrap();
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

/// Issue 20 (migration 18): the meeting table is rebuilt without `UNIQUE (panel_id,
/// date)`: every meeting keeps its id, date and links, is an ordinary meeting with no
/// minutes sent, the change log still verifies, and a second meeting may then be
/// added on a day that has one.
#[test]
fn an_upgraded_database_keys_meetings_by_id_and_takes_two_on_a_day() {
    let (_dir, db) = upgraded();
    let before: Vec<(i64, String)> = {
        let c = rusqlite::Connection::open(&db).unwrap();
        let rows = c
            .prepare("SELECT id, date FROM meeting ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows
    };
    assert_eq!(before.len(), 14);
    let store = Store::open_existing(&db, None).unwrap();
    let c = store.conn();
    let after: Vec<(i64, String)> = c
        .prepare("SELECT id, date FROM meeting ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(after, before);
    let ordinary: i64 = c
        .query_row(
            "SELECT COUNT(*) FROM meeting WHERE kind = 'ordinary' AND minutes_sent_on IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(ordinary, 14);
    let fk: i64 = c
        .query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0);
    let attended: i64 = c
        .query_row(
            "SELECT COUNT(*) FROM attendance a JOIN meeting m ON m.id = a.meeting_id",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(attended > 0, "attendance still joins its meetings");
    drop(store);
    let verify = common::rt(&db, None, &["audit", "verify"]);
    assert!(verify.status.success(), "{}", common::stderr(&verify));
    // The next planned meeting's day takes an emergency meeting in the afternoon.
    let next: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT date FROM meeting WHERE state = 'planned' ORDER BY date LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let o = common::rt(
        &db,
        None,
        &[
            "meetings",
            "add",
            &next,
            "--time",
            "16:00",
            "--kind",
            "emergency",
        ],
    );
    assert!(o.status.success(), "{}", common::stderr(&o));
}

/// Issue 21: the case record's tables arrive on an upgraded database, each row tied to
/// its case discussion (so retention's link-following removes it with the case), and
/// MAGPan, whose file has no checklist and no sharing decisions, is refused both.
#[test]
fn an_upgraded_database_has_the_case_record_tables_and_magpan_records_none() {
    use roundtable::store::case_record::{NewDisclosure, RecordChange};
    use roundtable::store::DiscussionId;
    let (_dir, db) = upgraded();
    let store = Store::open_existing(&db, None).unwrap();
    for table in [
        "checklist_answer",
        "risk_rating",
        "disclosure",
        "escalation",
    ] {
        let parent: String = store
            .conn()
            .query_row(
                &format!("SELECT \"table\" FROM pragma_foreign_key_list('{table}')"),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(parent, "case_discussion", "{table}");
    }
    let d: i64 = store
        .conn()
        .query_row("SELECT MIN(id) FROM case_discussion", [], |r| r.get(0))
        .unwrap();
    let record = roundtable::store::case_record::record_of(store.conn(), d).unwrap();
    assert!(record.is_empty(), "old discussions have no record");
    let answer = RecordChange::Answer {
        discussion: DiscussionId(d),
        key: "M1".into(),
        answer: "yes".into(),
        note: String::new(),
    };
    let err = store.record_change(&answer).unwrap_err().to_string();
    assert!(
        err.contains("checklist M1: not a question of this panel's checklist"),
        "{err}"
    );
    let share = RecordChange::Disclosure {
        discussion: DiscussionId(d),
        row: NewDisclosure {
            to_whom: "A school".into(),
            what: "A photograph".into(),
            why: "Safeguarding".into(),
            with_offender: true,
            agreed_by: "Chair".into(),
            ..NewDisclosure::default()
        },
    };
    let err = store.record_change(&share).unwrap_err().to_string();
    assert!(
        err.contains("this panel records no sharing decisions"),
        "{err}"
    );
    let n: i64 = store
        .conn()
        .query_row("SELECT COUNT(*) FROM disclosure", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
}

/// Issue 21 (B10, C2, C7): an upgraded MAGPan database has the meeting type, chair,
/// senior and level-change columns, every old meeting with no type, chair or senior
/// attendee; the minutes of an old meeting read as before (no type, no chair line);
/// a meeting type is refused, MAGPan defining none.
#[test]
fn an_upgraded_database_has_meeting_types_chairs_and_seniority_and_magpan_uses_none() {
    let (_dir, db) = upgraded();
    let store = Store::open_existing(&db, None).unwrap();
    let q = |sql: &str| -> i64 { store.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
    assert!(q("SELECT COUNT(*) FROM meeting") > 0);
    assert_eq!(
        q("SELECT COUNT(*) FROM meeting WHERE type_code IS NOT NULL OR chaired_by_attendance_id IS NOT NULL"),
        0
    );
    assert_eq!(q("SELECT COUNT(*) FROM attendance WHERE senior <> 0"), 0);
    assert_eq!(q("SELECT COUNT(*) FROM level_change"), 0);
    let parent: String = store
        .conn()
        .query_row(
            "SELECT \"table\" FROM pragma_foreign_key_list('level_change')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(parent, "case_discussion");
    let m = roundtable::store::MeetingId(q("SELECT MIN(id) FROM meeting WHERE state = 'closed'"));
    assert_eq!(store.meeting_type(m).unwrap(), None);
    assert_eq!(store.seniority_gaps(m).unwrap(), None);
    assert_eq!(store.chair_of(m).unwrap(), None);
    let refused = store.set_meeting_type(m, "level3_case").unwrap_err();
    assert!(refused.to_string().contains("defines no meeting types"));
    let day = store.load_meeting(m).unwrap().date;
    let minutes = roundtable::lookup::minutes::load(store.conn(), day).unwrap();
    assert!(minutes.meeting_type.is_none() && minutes.chaired_by.is_none());
    let page = format!(
        "{:?}",
        roundtable::lookup::minutes::general_page(&minutes).blocks
    );
    assert!(page.contains("(\"Chair\", "), "the chair as before: {page}");
    assert!(
        !page.contains("Chaired by") && !page.contains("senior"),
        "{page}"
    );
}

/// Issue 21: the schema-2 fixture (MAGPan's demo) takes the guests table and the
/// chair's agreement column; every old row is kept, a guest for one case is invited,
/// joins and shows in `audit --case`, and minutes sent with a chair's agreement print
/// it on their front. MAGPan's file does not require the agreement (no `[records]`).
#[test]
fn an_upgraded_database_takes_guests_for_one_case_and_the_chairs_agreement_to_minutes() {
    use roundtable::domain::guest::Capacity;
    use roundtable::store::meeting::{guests_at, NewGuest};
    let (_dir, db) = upgraded();
    let counts = [
        "SELECT COUNT(*) FROM meeting",
        "SELECT COUNT(*) FROM case_discussion",
        "SELECT COUNT(*) FROM attendance",
        "SELECT COUNT(*) FROM referral",
        "SELECT COUNT(*) FROM action",
    ];
    let count = |c: &rusqlite::Connection, sql: &str| -> i64 {
        c.query_row(sql, [], |r| r.get(0)).unwrap()
    };
    let before: Vec<i64> = {
        let c = rusqlite::Connection::open(&db).unwrap();
        counts.iter().map(|s| count(&c, s)).collect()
    };
    let store = Store::open_existing(&db, None).unwrap();
    let c = store.conn();
    let after: Vec<i64> = counts.iter().map(|s| count(c, s)).collect();
    assert_eq!(after, before, "every row kept");
    let parents: Vec<String> = c
        .prepare("SELECT \"table\" FROM pragma_foreign_key_list('case_guest') ORDER BY \"table\"")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(parents, ["agency", "attendance", "case_discussion"]);
    assert_eq!(count(c, "SELECT COUNT(*) FROM case_guest"), 0);
    assert_eq!(
        count(
            c,
            "SELECT COUNT(*) FROM meeting WHERE minutes_agreed_by IS NOT NULL"
        ),
        0,
        "no old meeting has an agreement it never had"
    );

    // A guest for one case at the next meeting, agreed the day before it.
    let m = store.meeting_to_run().unwrap().unwrap();
    store.prepare_agenda(m).unwrap();
    let data = store.load_meeting(m).unwrap();
    let case = data.cases.first().unwrap();
    let chair: String = c
        .query_row(
            "SELECT name FROM member WHERE role = 'chair' AND retired_on IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let id = store
        .invite_guest(&NewGuest {
            discussion: case.discussion,
            name: "Hartley Quenby".into(),
            post: "School nurse".into(),
            capacity: Capacity::Professional,
            agency: None,
            agency_text: "School nursing service".into(),
            agreed_by: chair.clone(),
            agreed_on: data.date.pred_opt(),
        })
        .unwrap();
    store.start_meeting(m).unwrap();
    store.guest_joins(m, id).unwrap();
    let g = guests_at(c, m).unwrap();
    assert_eq!(g.len(), 1);
    assert!(g[0].joined_at.is_some(), "{g:?}");
    let audit = roundtable::lookup::audit::entries(
        c,
        &roundtable::lookup::audit::AuditQuery {
            case: Some(case.referral.id.0),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(
        audit.iter().any(|e| e.table == "case_guest"),
        "the invitation is in the case's audit"
    );

    // The last held meeting's minutes sent with the chair's agreement.
    let (held, date): (i64, String) = c
        .query_row(
            "SELECT id, date FROM meeting WHERE state = 'closed' ORDER BY date DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let day: chrono::NaiveDate = date.parse().unwrap();
    let (_, agreed) = store
        .record_minutes_sent_agreed(
            roundtable::store::MeetingId(held),
            day,
            day + chrono::Days::new(3),
            Some(&chair.to_uppercase()),
        )
        .unwrap();
    assert_eq!(
        agreed.as_deref(),
        Some(chair.as_str()),
        "as the member list spells it"
    );
    let minutes = roundtable::lookup::minutes::load(c, day).unwrap();
    let front = roundtable::lookup::minutes::general_page(&minutes);
    let md = roundtable::lookup::doc::markdown(&front);
    assert!(
        md.contains(&format!(
            "sent to members on {date} with the chair's agreement ({chair})"
        )),
        "{md}"
    );
    // Not a chair: refused, naming who may agree; nothing changed.
    let err = store
        .record_minutes_sent_agreed(
            roundtable::store::MeetingId(held),
            day,
            day + chrono::Days::new(3),
            Some("Hartley Quenby"),
        )
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("Hartley Quenby: the agreement is a chair's") && err.contains(&chair),
        "{err}"
    );
}

/// Issue 21 (B9, B10): the schema-2 fixture (MAGPan's demo) takes the table of the
/// cases chosen for a meeting, empty, every old meeting hearing every case due as
/// before; a single-case meeting added for one of its open cases hears only that case,
/// as a review, its review date kept.
#[test]
fn an_upgraded_database_takes_meetings_for_chosen_cases_and_its_meetings_hear_all_as_before() {
    use roundtable::domain::meeting_ref::MeetingKind;
    use roundtable::store::schedule::ExtraMeeting;
    let (_dir, db) = upgraded();
    let store = Store::open_existing(&db, None).unwrap();
    let c = store.conn();
    let count = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT COUNT(*) FROM meeting_case"), 0);
    let parents: Vec<String> = c
        .prepare("SELECT \"table\" FROM pragma_foreign_key_list('meeting_case') ORDER BY \"table\"")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(parents, ["meeting", "referral"]);
    let ids: Vec<i64> = c
        .prepare("SELECT id FROM meeting")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for id in ids {
        let m = roundtable::store::MeetingId(id);
        assert!(!store.for_chosen_cases(m).unwrap(), "meeting {id}");
        assert!(store.chosen_cases(m).unwrap().is_empty());
    }

    // A single-case meeting the day before the next one, for an open case.
    let next = store.meeting_to_run().unwrap().unwrap();
    let day = store.meeting_date(next).unwrap();
    let (case, review_on): (i64, String) = c
        .query_row(
            "SELECT id, next_review_on FROM referral WHERE status = 'open' AND next_review_on IS NOT NULL ORDER BY next_review_on DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let panel = store.only_panel().unwrap();
    let extra = ExtraMeeting {
        kind: MeetingKind::SingleCase,
        time: Some("15:00"),
        ..Default::default()
    };
    let (single, moved) = store
        .add_meeting_for_cases(
            panel,
            day.pred_opt().unwrap(),
            &extra,
            None,
            &[case],
            day - chrono::Days::new(2),
        )
        .unwrap();
    assert!(
        moved.iter().all(|r| r.referral.0 != case),
        "an open case does not move"
    );
    store.prepare_agenda(single).unwrap();
    let heard: Vec<(i64, bool)> = store
        .load_meeting(single)
        .unwrap()
        .cases
        .iter()
        .map(|x| (x.referral.id.0, x.kind.is_new_referrals()))
        .collect();
    assert_eq!(heard, vec![(case, false)], "only its case, as a review");
    let kept: String = c
        .query_row(
            "SELECT next_review_on FROM referral WHERE id = ?1",
            [case],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, review_on);
}

#[test]
fn an_upgraded_database_holds_subject_kinds_and_its_old_subjects_are_people() {
    // Issue 22 (D1): every subject of the old file reads as a person; the kind
    // column refuses a kind the engine does not know.
    use roundtable::domain::subject_kind::SubjectKind;
    let (_dir, db) = upgraded();
    let store = Store::open_existing(&db, None).unwrap();
    let c = store.conn();
    let count = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
    let all = count("SELECT COUNT(*) FROM subject");
    assert!(all > 0);
    assert_eq!(
        count("SELECT COUNT(*) FROM subject WHERE kind = 'person'"),
        all
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM subject WHERE match_key IS NOT NULL"),
        0
    );
    let rows = store
        .referral_rows(store.only_panel().unwrap(), common::as_of(), true)
        .unwrap();
    assert!(rows.iter().all(|r| r.kind == SubjectKind::Person));
    let bad = c.execute(
        "UPDATE subject SET kind = 'gang' WHERE id = (SELECT MIN(id) FROM subject)",
        [],
    );
    assert!(bad.is_err(), "a kind not known is refused");
}
