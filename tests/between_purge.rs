//! Issue 26 with retention (issue 12): a status sheet issued to an agency lists the
//! actions it was asked about (`status_request_row`). When `purge` removes a subject,
//! the sheet rows of its actions go with them; rows of actions that stay are kept,
//! the sheet's own record (agency, dates) stays, and the change log still verifies.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::demo_cli::*;
use roundtable::store::{ActionId, AgencyId};
use rusqlite::types::Value;

const BEFORE: &str = "2026-09-01";

#[test]
fn a_purge_takes_the_sheet_rows_of_its_actions_and_keeps_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let listed = json(
        &db,
        &["purge", "--closed-before", BEFORE, "--dry-run", "--json"],
    );
    let case = listed[0]["case_ids"][0].as_i64().unwrap();
    let gone_actions = ints(
        &db,
        "SELECT id FROM action WHERE referral_id = ?1 ORDER BY id",
        &[Value::Integer(case)],
    );
    assert!(!gone_actions.is_empty(), "case {case} has actions");
    let gone_agency = ints(
        &db,
        "SELECT agency_id FROM action WHERE id = ?1",
        &[Value::Integer(gone_actions[0])],
    )[0];
    // An open action of a case that stays, for its own agency's sheet.
    let (kept, kept_agency) = {
        let s = open(&db);
        s.conn()
            .query_row(
                "SELECT a.id, a.agency_id FROM action a JOIN referral r ON r.id = a.referral_id
                 WHERE r.status = 'open' AND a.status = 'open' ORDER BY a.id LIMIT 1",
                [],
                |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)),
            )
            .unwrap()
    };
    {
        // Sheets issued in the summer, when the purged case's actions were open.
        let s = open(&db);
        let day = "2026-06-01".parse().unwrap();
        let rows: Vec<(ActionId, String)> = gone_actions
            .iter()
            .map(|a| (ActionId(*a), format!("{a:016x}")))
            .collect();
        s.issue_status_request(AgencyId(gone_agency), day, &rows)
            .unwrap();
        s.issue_status_request(
            AgencyId(kept_agency),
            day,
            &[(ActionId(kept), "00000000000000aa".into())],
        )
        .unwrap();
    }
    let rows_of = |ids: &[i64]| -> i64 {
        let ids = serde_json::to_string(ids).unwrap();
        ints(
            &db,
            "SELECT COUNT(*) FROM status_request_row
             WHERE action_id IN (SELECT value FROM json_each(?1))",
            &[Value::Text(ids)],
        )[0]
    };
    assert_eq!(rows_of(&gone_actions), gone_actions.len() as i64);

    // (It warns on stderr of open actions removed with their cases.)
    let o = rt(&db, &["purge", "--closed-before", BEFORE, "--yes"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let out = common::stdout(&o);
    assert!(
        out.contains("rows of status sheets issued to agencies"),
        "the purge names the sheet rows it took: {out}"
    );
    assert_eq!(rows_of(&gone_actions), 0, "the purged actions' rows went");
    assert_eq!(
        rows_of(&[kept]),
        1,
        "the row of an action that stays is kept"
    );
    let sheets = ints(&db, "SELECT COUNT(*) FROM status_request", &[]);
    assert_eq!(sheets, [2], "each sheet's record (agency, dates) stays");
    let fk = ints(&db, "SELECT COUNT(*) FROM pragma_foreign_key_check", &[]);
    assert_eq!(fk, [0]);
    let o = rt(&db, &["audit", "verify"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
}
