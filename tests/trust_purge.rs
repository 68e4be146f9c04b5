//! Issue 12, retention: `roundtable purge --closed-before DATE` removes subjects whose
//! cases all ended before the date, with everything about them, keeps anonymous counts
//! so the monitoring return still adds up, and leaves no trace of a purged name in the
//! raw file.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::path::Path;

use common::demo_cli::*;
use roundtable::store::write::{text, Table};

const BEFORE: &str = "2026-09-01";

/// The file and its write-ahead log, as bytes.
fn raw(db: &Path) -> Vec<u8> {
    let mut b = std::fs::read(db).unwrap();
    if let Ok(w) = std::fs::read(format!("{}-wal", db.display())) {
        b.extend(w);
    }
    b
}

fn holds(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn purge_removes_every_trace_and_keeps_the_counts() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let listed = json(
        &db,
        &["purge", "--closed-before", BEFORE, "--dry-run", "--json"],
    );
    let listed = listed.as_array().unwrap().clone();
    assert!(
        listed.len() >= 2,
        "the demo has cases closed before {BEFORE}: {listed:?}"
    );
    let gone = listed[0]["name"].as_str().unwrap().to_string();
    let case = listed[0]["case_ids"][0].as_i64().unwrap();
    let kept: String = open(&db)
        .conn()
        .query_row(
            "SELECT s.name FROM subject s JOIN referral r ON r.subject_id = s.id
             WHERE r.status = 'open' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // The purged name in typed text and in the change log too.
    {
        let s = open(&db);
        let d: i64 = s
            .conn()
            .query_row(
                "SELECT MIN(id) FROM case_discussion WHERE referral_id = ?1",
                [case],
                |r| r.get(0),
            )
            .unwrap();
        s.set_field(
            Table::Discussion,
            d,
            "minutes",
            text(format!(
                "{gone} was seen at the youth club. {}",
                "More. ".repeat(200)
            )),
        )
        .unwrap();
        s.set_field(
            Table::Discussion,
            d,
            "minutes",
            text(format!(
                "{gone} was seen at the youth club twice. {}",
                "More. ".repeat(200)
            )),
        )
        .unwrap();
        let a: i64 = s
            .conn()
            .query_row(
                "SELECT MIN(id) FROM action WHERE referral_id = ?1",
                [case],
                |r| r.get(0),
            )
            .unwrap();
        let stays: i64 = s
            .conn()
            .query_row(
                "SELECT MIN(a.id) FROM action a JOIN referral r ON r.id = a.referral_id WHERE r.status = 'open'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        drop(s);
        ok(
            &db,
            &[
                "actions",
                "annotate",
                &a.to_string(),
                &format!("Spoke to {gone}"),
            ],
        );
        ok(
            &db,
            &[
                "actions",
                "annotate",
                &stays.to_string(),
                "A note on a case that stays",
            ],
        );
    }
    let report = |db: &Path| {
        ok(
            db,
            &[
                "report",
                "--from",
                "2026-01-01",
                "--to",
                "2026-12-31",
                "--json",
            ],
        )
    };
    let before_report = report(&db);
    let before_dump = common::dump(&open(&db));
    assert!(
        holds(&raw(&db), &gone),
        "the name is in the file to begin with"
    );

    // A dry run and an unconfirmed run change nothing.
    let o = rt(&db, &["purge", "--closed-before", BEFORE, "--dry-run"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let o = rt(&db, &["purge", "--closed-before", BEFORE]);
    assert_eq!(o.status.code(), Some(2), "{}", common::stderr(&o));
    assert!(common::stderr(&o).contains("--yes"));
    assert_eq!(common::dump(&open(&db)), before_dump);

    let o = rt(&db, &["purge", "--closed-before", BEFORE, "--yes"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let out = common::stdout(&o);
    assert!(
        out.contains(&format!("removed {} subjects", listed.len())),
        "{out}"
    );
    let bytes = raw(&db);
    assert!(!holds(&bytes, &gone), "no trace of {gone} in the raw file");
    assert!(holds(&bytes, &kept), "{kept} is still there");
    let s = open(&db);
    let left: i64 = s
        .conn()
        .query_row(
            "SELECT (SELECT COUNT(*) FROM referral WHERE id = ?1)
                  + (SELECT COUNT(*) FROM case_discussion WHERE referral_id = ?1)
                  + (SELECT COUNT(*) FROM action WHERE referral_id = ?1)
                  + (SELECT COUNT(*) FROM intervention WHERE referral_id = ?1)
                  + (SELECT COUNT(*) FROM household_member WHERE referral_id = ?1)
                  + (SELECT COUNT(*) FROM change_log WHERE tbl = 'referral' AND row_id = ?1)",
            [case],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);
    let fk: i64 = s
        .conn()
        .query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0);
    drop(s);
    // The monitoring return for the year is the same, from the counts kept.
    assert_eq!(report(&db), before_report);
    // The change log still verifies, and records the purge by numbers only.
    let o = rt(&db, &["audit", "verify"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let audit = ok(&db, &["audit"]);
    assert!(
        audit.contains("retention:") && !audit.contains(&gone),
        "{audit}"
    );
    assert!(audit.contains("A note on a case that stays"), "{audit}");
    // Nothing more to remove.
    let again = ok(&db, &["purge", "--closed-before", BEFORE, "--yes"]);
    assert!(again.contains("nothing to remove"), "{again}");
}

#[test]
fn a_dry_run_warns_of_open_actions_and_of_a_date_after_today() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    // An action still open in a case that ended long ago (declined, say).
    let (_case, action): (i64, i64) = open(&db)
        .conn()
        .query_row(
            "SELECT r.id, a.id FROM referral r JOIN action a ON a.referral_id = r.id
             WHERE r.status = 'closed' ORDER BY r.closed_on, a.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    open(&db)
        .set_field(Table::Action, action, "status", text("open"))
        .unwrap();
    let o = rt(
        &db,
        &["purge", "--closed-before", "2030-01-01", "--dry-run"],
    );
    assert!(o.status.success(), "{}", common::stderr(&o));
    let err = common::stderr(&o);
    assert!(err.contains("2030-01-01 is after today"), "{err}");
    assert!(
        err.contains("still open in these cases would be removed"),
        "{err}"
    );
}
