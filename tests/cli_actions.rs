//! `roundtable actions`: filters cross-checked against the database, empty
//! results, unknown names, closing an action from the shell, CSV round trip.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use chrono::{Duration, NaiveDate};
use common::demo_cli::*;
use common::AS_OF;
use rusqlite::types::Value;

fn today() -> NaiveDate {
    common::as_of()
}

fn rows(v: &serde_json::Value) -> &Vec<serde_json::Value> {
    v.as_array().unwrap()
}

fn due(r: &serde_json::Value) -> NaiveDate {
    r["due_on"].as_str().unwrap().parse().unwrap()
}

fn assert_sorted_by_due(v: &serde_json::Value) {
    let keys: Vec<(NaiveDate, i64)> = rows(v)
        .iter()
        .map(|r| (due(r), r["id"].as_i64().unwrap()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "sorted by due date, then id");
}

#[test]
fn overdue_for_an_agency_is_exactly_that_agencys_overdue_open_actions() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let v = json(&db, &["actions", "--agency", "yos", "--overdue", "--json"]);
    let want = ints(
        &db,
        "SELECT a.id FROM action a JOIN agency g ON g.id = a.agency_id
         WHERE g.code = 'YOS' AND a.status = 'open' AND a.due_on < ?1 ORDER BY a.due_on, a.id",
        &[text(AS_OF)],
    );
    assert!(!want.is_empty(), "the demo data has overdue YOS actions");
    assert_eq!(ids(&v, "id"), want);
    for r in rows(&v) {
        assert_eq!(r["agency"], "YOS");
        assert_eq!(r["status"], "open");
        assert_eq!(r["overdue"], true);
        assert!(due(r) < today());
        assert_eq!(
            r["days_overdue"].as_i64().unwrap(),
            (today() - due(r)).num_days()
        );
    }

    // The table shows the same rows, each marked overdue, and a summary line.
    let out = ok(&db, &["actions", "--agency", "YOS", "--overdue"]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("ID"), "{out}");
    let body = &lines[2..lines.len() - 1];
    assert_eq!(body.len(), want.len(), "{out}");
    for (l, id) in body.iter().zip(&want) {
        assert!(l.starts_with(&format!("{id} ")), "{l}");
        assert!(l.contains("OVERDUE"), "{l}");
        assert!(l.contains(" YOS "), "{l}");
    }
    assert_eq!(
        lines.last().unwrap(),
        &format!(
            "{} action{}, {} overdue (today {AS_OF})",
            want.len(),
            if want.len() == 1 { "" } else { "s" },
            want.len()
        )
    );
    assert!(!out.contains('\u{1b}'), "no colour when piped");
}

#[test]
fn agency_by_full_name_in_any_case_matches_the_code() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let by_code = json(&db, &["actions", "--agency", "POL", "--json"]);
    let by_name = json(&db, &["actions", "--agency", "pOLICE", "--json"]);
    assert!(!rows(&by_code).is_empty());
    assert_eq!(by_code, by_name);
    let by_long = json(
        &db,
        &["actions", "--agency", "youth offending SERVICE", "--json"],
    );
    assert_eq!(
        by_long,
        json(&db, &["actions", "--agency", "yos", "--json"])
    );
}

#[test]
fn default_is_every_open_action_by_due_date_with_overdue_marked() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let v = json(&db, &["actions", "--json"]);
    let want = ints(
        &db,
        "SELECT id FROM action WHERE status = 'open' ORDER BY due_on, id",
        &[],
    );
    assert_eq!(ids(&v, "id"), want);
    assert_sorted_by_due(&v);
    let mut overdue = 0;
    for r in rows(&v) {
        assert_eq!(r["overdue"], due(r) < today());
        overdue += usize::from(due(r) < today());
    }
    assert!(
        overdue > 0 && overdue < want.len(),
        "a mix of overdue and not"
    );
}

#[test]
fn case_subject_meeting_and_due_within_filters() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());

    // --case: a case with actions of several statuses.
    let case = int(
        &db,
        "SELECT referral_id FROM action GROUP BY referral_id
         ORDER BY COUNT(DISTINCT status) DESC, COUNT(*) DESC, referral_id LIMIT 1",
        &[],
    );
    let cs = case.to_string();
    let v = json(
        &db,
        &["actions", "--case", &cs, "--status", "all", "--json"],
    );
    let want = ints(
        &db,
        "SELECT id FROM action WHERE referral_id = ?1 ORDER BY due_on, id",
        &[Value::Integer(case)],
    );
    assert_eq!(ids(&v, "id"), want);
    assert!(rows(&v).iter().all(|r| r["case_id"] == case));

    // --subject: part of a name, any case; every row's subject contains it.
    let name = strings(
        &db,
        "SELECT s.name FROM subject s JOIN referral r ON r.subject_id = s.id
         JOIN action a ON a.referral_id = r.id WHERE a.status = 'open' ORDER BY a.id LIMIT 1",
        &[],
    )
    .remove(0);
    let surname = name.split_whitespace().last().unwrap().to_string();
    let part = surname[1..surname.len() - 1].to_uppercase();
    let v = json(&db, &["actions", "--subject", &part, "--json"]);
    let want = ints(
        &db,
        "SELECT a.id FROM action a JOIN referral r ON r.id = a.referral_id
         JOIN subject s ON s.id = r.subject_id
         WHERE a.status = 'open' AND instr(lower(s.name), lower(?1)) > 0
         ORDER BY a.due_on, a.id",
        &[text(&part)],
    );
    assert!(!want.is_empty());
    assert_eq!(ids(&v, "id"), want);
    for r in rows(&v) {
        let s = r["subject"].as_str().unwrap().to_lowercase();
        assert!(s.contains(&part.to_lowercase()), "{s} / {part}");
    }
    // LIKE wildcards typed by the user are literal.
    let v = json(&db, &["actions", "--subject", "%", "--json"]);
    assert!(rows(&v).is_empty());

    // --meeting: actions agreed at that meeting.
    let v = json(
        &db,
        &[
            "actions",
            "--meeting",
            "2026-11-11",
            "--status",
            "all",
            "--json",
        ],
    );
    let want = ints(
        &db,
        "SELECT a.id FROM action a JOIN meeting m ON m.id = a.meeting_id
         WHERE m.date = '2026-11-11' ORDER BY a.due_on, a.id",
        &[],
    );
    assert!(!want.is_empty());
    assert_eq!(ids(&v, "id"), want);
    assert!(rows(&v).iter().all(|r| r["meeting_date"] == "2026-11-11"));

    // --due-within: open actions due by today + N (overdue ones included).
    let v = json(&db, &["actions", "--due-within", "14", "--json"]);
    let limit = today() + Duration::days(14);
    let want = ints(
        &db,
        "SELECT id FROM action WHERE status = 'open' AND due_on <= ?1 ORDER BY due_on, id",
        &[text(&limit.to_string())],
    );
    assert_eq!(ids(&v, "id"), want);
    assert!(
        rows(&v).iter().any(|r| due(r) >= today()),
        "some not yet due"
    );
    assert!(rows(&v).iter().all(|r| due(r) <= limit));

    // --overdue with --due-within: still only overdue ones.
    let v = json(
        &db,
        &["actions", "--due-within", "14", "--overdue", "--json"],
    );
    assert!(rows(&v).iter().all(|r| r["overdue"] == true));
}

#[test]
fn status_done_and_all() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let done = json(&db, &["actions", "--status", "done", "--json"]);
    let want = ints(
        &db,
        "SELECT id FROM action WHERE status = 'done' ORDER BY due_on, id",
        &[],
    );
    assert!(!want.is_empty());
    assert_eq!(ids(&done, "id"), want);
    for r in rows(&done) {
        assert_eq!(r["overdue"], false);
        assert!(r["completed_on"].is_string());
    }
    let all = json(&db, &["actions", "--status", "all", "--json"]);
    assert_eq!(
        rows(&all).len() as i64,
        int(&db, "SELECT COUNT(*) FROM action", &[])
    );
    assert_sorted_by_due(&all);
    fails(
        &db,
        &["actions", "--status", "done", "--overdue"],
        2,
        "--overdue",
    );
}

#[test]
fn no_match_is_a_friendly_line_and_exit_zero() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    // A case with no open actions.
    let case = int(
        &db,
        "SELECT r.id FROM referral r WHERE NOT EXISTS (
            SELECT 1 FROM action a WHERE a.referral_id = r.id AND a.status = 'open')
         ORDER BY r.id LIMIT 1",
        &[],
    )
    .to_string();
    let out = ok(&db, &["actions", "--case", &case]);
    assert_eq!(out, format!("no actions match (today {AS_OF})\n"));
    assert_eq!(
        json(&db, &["actions", "--case", &case, "--json"]),
        serde_json::json!([])
    );
    let csv = ok(&db, &["actions", "--case", &case, "--csv"]);
    assert_eq!(csv.lines().count(), 1, "header only: {csv}");
    assert!(
        csv.starts_with("\u{feff}id,due_on,status,"),
        "a byte-order mark for Excel"
    );
    let plain = ok(&db, &["actions", "--case", &case, "--csv", "--no-bom"]);
    assert!(plain.starts_with("id,due_on,status,"));
    assert_eq!(
        ok(&db, &["actions", "--subject", "Nobody Atall"]).trim(),
        format!("no actions match (today {AS_OF})")
    );
}

#[test]
fn unknown_agency_case_or_meeting_is_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    fails(
        &db,
        &["actions", "--agency", "NOPE"],
        1,
        "unknown agency 'NOPE'",
    );
    fails(&db, &["actions", "--agency", "NOPE"], 1, "YOS");
    fails(&db, &["actions", "--case", "99999"], 1, "no case 99999");
    fails(
        &db,
        &["actions", "--meeting", "2026-11-12"],
        1,
        "no meeting on 2026-11-12",
    );
    fails(
        &db,
        &["actions", "--meeting", "2026-11-12"],
        1,
        "2026-11-11",
    );
    // DD/MM/YYYY is a date like any other (issue 13: one date parser)...
    let o = rt(
        &db,
        &["actions", "--meeting", "11/11/2026", "--status", "all"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    // ...but a two-digit year is not a date at all: clap's usage error.
    let o = rt(&db, &["actions", "--meeting", "11/11/26"]);
    assert_eq!(o.status.code(), Some(2));
    // A bad ROUNDTABLE_TODAY is refused, not guessed (a two-digit year, issue 11).
    let o = rt_env(&db, &["actions"], &[("ROUNDTABLE_TODAY", "22/11/26")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(common::stderr(&o).contains("ROUNDTABLE_TODAY"));
}

#[test]
fn a_missing_database_is_an_error_and_is_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nothing-here.db");
    for args in [
        vec!["actions"],
        vec!["case", "1"],
        vec!["agenda", "--meeting", "2026-12-09"],
        vec!["report", "--from", "2026-01-01", "--to", "2026-12-31"],
        vec!["minutes", "--meeting", "2026-11-11", "--out", "m"],
        vec!["calendar", "--out", "c.ics"],
    ] {
        let o = rt(&missing, &args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = common::stderr(&o);
        assert!(err.contains("no database at"), "{err}");
        assert_eq!(err.lines().count(), 1);
        assert!(!missing.exists(), "{args:?} created the database");
    }
}

#[test]
fn done_closes_an_action_with_a_note_and_logs_the_os_user() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let id = int(
        &db,
        "SELECT id FROM action WHERE status = 'open' ORDER BY id LIMIT 1",
        &[],
    );
    let ids_ = id.to_string();
    let o = rt_env(
        &db,
        &[
            "actions",
            "done",
            &ids_,
            "--note",
            "Home visit made; shared with YOS.",
        ],
        &[("USER", "tester-on-shell")],
    );
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert!(common::stdout(&o).contains(&format!("action {id} closed as done on {AS_OF}")));
    let s = open(&db);
    let (status, on, note): (String, String, String) = s
        .conn()
        .query_row(
            "SELECT status, completed_on, completion_note FROM action WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (status.as_str(), on.as_str(), note.as_str()),
        ("done", AS_OF, "Home visit made; shared with YOS.")
    );
    let logged: Vec<(String, String)> = s
        .conn()
        .prepare(
            "SELECT col, os_user FROM change_log WHERE tbl = 'action' AND row_id = ?1 ORDER BY id",
        )
        .unwrap()
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let cols: Vec<&str> = logged.iter().map(|(c, _)| c.as_str()).collect();
    // The three fields, then the marker that lets `actions undo` find the change.
    assert_eq!(
        cols,
        ["status", "completed_on", "completion_note", "from_shell"]
    );
    // The OS account from the process's user id, not $USER (anyone can set that).
    let me = roundtable::store::os_user();
    assert_ne!(me, "tester-on-shell");
    assert!(logged.iter().all(|(_, u)| *u == me), "{logged:?}");
    drop(s);

    // It no longer shows as open; closing it again is refused and changes nothing.
    let open_ids = ids(&json(&db, &["actions", "--json"]), "id");
    assert!(!open_ids.contains(&id));
    let before = common::dump(&open(&db));
    fails(
        &db,
        &["actions", "done", &ids_, "--note", "again"],
        2,
        &format!("action {id} is already closed (done on {AS_OF})"),
    );
    fails(
        &db,
        &["actions", "done", &ids_, "--note", "  "],
        2,
        "--note",
    );
    fails(
        &db,
        &["actions", "done", "99999", "--note", "x"],
        1,
        "no action 99999",
    );
    assert_eq!(before, common::dump(&open(&db)));
    // --note is required.
    assert_eq!(rt(&db, &["actions", "done", &ids_]).status.code(), Some(2));
}

#[test]
fn csv_round_trips_through_a_csv_parser() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    // Awkward text: commas, quotes, a line break, a leading '=', a non-ASCII name.
    let (action, subject) = {
        let s = open(&db);
        let (a, r): (i64, i64) = s
            .conn()
            .query_row(
                "SELECT id, referral_id FROM action WHERE status = 'open' ORDER BY id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        s.conn()
            .execute(
                "UPDATE action SET description = ?1, person = ?2 WHERE id = ?3",
                rusqlite::params!["Visit, then \"check\"\nin writing", "=HYPERLINK(\"x\")", a],
            )
            .unwrap();
        s.conn()
            .execute(
                "UPDATE subject SET name = 'Zoë O''Brien-Ńwosu, Jr' WHERE id =
                    (SELECT subject_id FROM referral WHERE id = ?1)",
                [r],
            )
            .unwrap();
        (a, r)
    };
    let _ = subject;
    let csv_text = ok(&db, &["actions", "--status", "all", "--csv"]);
    assert!(csv_text.contains("\r\n"), "RFC 4180 line ends");
    let json_rows = json(&db, &["actions", "--status", "all", "--json"]);
    let mut rdr = csv::Reader::from_reader(csv_text.as_bytes());
    let headers: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    // Every field, then the protective marking in its own last column (issue 25).
    let mut want = roundtable::lookup::actions::CSV_HEADERS.to_vec();
    want.push("marking");
    assert_eq!(headers, want);
    let records: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), rows(&json_rows).len());
    let col = |n: &str| headers.iter().position(|h| h == n).unwrap();
    for (rec, j) in records.iter().zip(rows(&json_rows)) {
        assert_eq!(
            rec[col("id")].parse::<i64>().unwrap(),
            j["id"].as_i64().unwrap()
        );
        assert_eq!(&rec[col("due_on")], j["due_on"].as_str().unwrap());
        assert_eq!(&rec[col("description")], j["description"].as_str().unwrap());
        assert_eq!(&rec[col("subject")], j["subject"].as_str().unwrap_or(""));
        assert_eq!(&rec[col("agency")], j["agency"].as_str().unwrap());
        assert_eq!(&rec[col("overdue")], j["overdue"].to_string());
        if j["id"].as_i64() == Some(action) {
            assert_eq!(
                &rec[col("description")],
                "Visit, then \"check\"\nin writing"
            );
            assert_eq!(&rec[col("subject")], "Zoë O'Brien-Ńwosu, Jr");
            // A formula is defused for spreadsheets; JSON keeps the text as typed.
            assert_eq!(&rec[col("person")], "'=HYPERLINK(\"x\")");
            assert_eq!(j["person"], "=HYPERLINK(\"x\")");
        }
    }
}
