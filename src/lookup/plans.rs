//! The indexes the lookups rely on at county scale (issue 14), checked by `EXPLAIN
//! QUERY PLAN` on the SQL the lookups run, so a later change to a query or the
//! schema cannot quietly fall back to reading a whole table. (SQLite has no
//! statistics here, so its plans do not depend on how much data there is.)
#![cfg(test)]

use chrono::NaiveDate;
use rusqlite::types::Value;

use super::actions::{self, ActionQuery, StatusFilter};
use super::report;
use crate::demo::{generate, DemoOptions, Scale};
use crate::store::Store;

const AS_OF: &str = "2026-11-22";

fn demo() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("plans.db"), None).expect("open");
    generate(
        &mut store,
        &DemoOptions {
            seed: 1,
            years: 1,
            scale: Scale::Small,
            as_of: AS_OF.parse().expect("date"),
        },
    )
    .expect("demo data");
    (dir, store)
}

/// The plan's lines for `sql` with `params`, joined.
fn plan(s: &Store, sql: &str, params: &[Value]) -> String {
    let mut st = s
        .conn()
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .expect("explain");
    let lines: Vec<String> = st
        .query_map(rusqlite::params_from_iter(params), |r| {
            r.get::<_, String>(3)
        })
        .expect("plan")
        .map(|l| l.expect("line"))
        .collect();
    lines.join("\n")
}

/// The plan of the query `roundtable actions` runs for `q`.
fn actions_plan(s: &Store, q: &ActionQuery) -> String {
    let today: NaiveDate = AS_OF.parse().expect("date");
    let (sql, params, _) = actions::query(s.conn(), q, today).expect("query");
    plan(s, &sql, &params)
}

fn has(plan: &str, what: &str) {
    assert!(plan.contains(what), "expected {what} in:\n{plan}");
}

#[test]
fn an_agencys_open_overdue_and_due_actions_read_only_the_open_actions_index() {
    let (_d, s) = demo();
    let agency = Some("YOS".to_string());
    for q in [
        ActionQuery {
            agency: agency.clone(),
            overdue: true,
            ..Default::default()
        },
        ActionQuery {
            agency: agency.clone(),
            due_within: Some(14),
            ..Default::default()
        },
        ActionQuery {
            agency,
            ..Default::default()
        },
    ] {
        let p = actions_plan(&s, &q);
        has(
            &p,
            "USING COVERING INDEX action_open_agency_due (agency_id=? AND status=?",
        );
        assert!(!p.contains("TEMP B-TREE"), "sorted again:\n{p}");
        has(
            &p,
            "SEARCH r USING COVERING INDEX referral_id_subject (id=?)",
        );
        has(&p, "SEARCH s USING COVERING INDEX subject_id_name (id=?)");
    }
}

#[test]
fn every_agencys_overdue_actions_read_only_the_open_actions_index() {
    let (_d, s) = demo();
    let p = actions_plan(
        &s,
        &ActionQuery {
            overdue: true,
            ..Default::default()
        },
    );
    has(
        &p,
        "USING COVERING INDEX action_open_due (status=? AND due_on<?)",
    );
    assert!(!p.contains("TEMP B-TREE"), "sorted again:\n{p}");
}

#[test]
fn a_cases_and_a_meetings_actions_by_their_own_index_whatever_the_status() {
    let (_d, s) = demo();
    let statuses = [StatusFilter::Open, StatusFilter::Done, StatusFilter::All];
    for (status, agency) in statuses
        .into_iter()
        .flat_map(|s| [(s, None), (s, Some("YOS"))])
    {
        let agency = agency.map(String::from);
        let case = ActionQuery {
            case: Some(1),
            status,
            agency: agency.clone(),
            ..Default::default()
        };
        // A case's open actions from the covering index of open actions by case
        // (issue 24: no action row read); any other status by the case's index.
        has(
            &actions_plan(&s, &case),
            if status == StatusFilter::Open {
                "USING COVERING INDEX action_open_referral (referral_id=?"
            } else {
                "INDEX action_referral_status_due (referral_id=?"
            },
        );
        let meeting = ActionQuery {
            meeting: Some(
                "2026-11-11"
                    .parse::<chrono::NaiveDate>()
                    .expect("date")
                    .into(),
            ),
            status,
            agency,
            ..Default::default()
        };
        has(
            &actions_plan(&s, &meeting),
            "INDEX action_meeting_status_due (meeting_id=?",
        );
    }
}

#[test]
fn a_name_search_starts_from_the_name_index_not_from_every_open_action() {
    let (_d, s) = demo();
    for agency in [None, Some("YOS".to_string())] {
        let p = actions_plan(
            &s,
            &ActionQuery {
                subject: Some("ali".into()),
                overdue: true,
                agency,
                ..Default::default()
            },
        );
        has(&p, "SCAN subject_name VIRTUAL TABLE");
        has(&p, "INDEX referral_subject (subject_id=?)");
        // Each case's open actions from the covering index of open actions by case
        // (issue 24), not from every open action by date or agency.
        has(
            &p,
            "USING COVERING INDEX action_open_referral (referral_id=?)",
        );
        assert!(!p.contains("action_status_due"), "by status:\n{p}");
        assert!(!p.contains("action_open_due"), "by open actions:\n{p}");
        assert!(
            !p.contains("action_open_agency_due"),
            "by open actions:\n{p}"
        );
    }
}

#[test]
fn minutes_read_a_meetings_actions_raised_and_checked_by_index() {
    let (_d, s) = demo();
    let (raised, reviewed) = actions::at_meeting_sql();
    let m = [Value::Integer(1)];
    has(
        &plan(&s, &raised, &m),
        "INDEX action_meeting_status_due (meeting_id=?)",
    );
    has(
        &plan(&s, &reviewed, &m),
        "INDEX action_reviewed_at (reviewed_at_meeting_id=?)",
    );
}

#[test]
fn the_return_finds_agencies_attending_and_cases_closed_by_index() {
    let (_d, s) = demo();
    let range = [
        Value::Integer(1),
        Value::Text("2025-12-01".into()),
        Value::Text("2026-11-30".into()),
    ];
    let p = plan(&s, &report::agencies_sql(), &range);
    has(&p, "INDEX member_agency (agency_id=?)");
    has(&p, "INDEX attendance_agency (agency_id=?)");
    let p = plan(&s, &report::onward_made_sql(), &range);
    has(
        &p,
        "SEARCH o USING COVERING INDEX onward_made_kind (discussion_id=?)",
    );
    // Issue 24: the referrals received read from the index of what the return counts
    // of each, not their rows.
    let p = plan(&s, &report::received_sql(), &range);
    has(
        &p,
        "SEARCH r USING COVERING INDEX referral_received_tally (date_received>? AND date_received<?)",
    );
    assert!(!p.contains("subject_key_dob"), "from every subject:\n{p}");
    // Issue 24: each referral's first decision from the index of its discussions, and
    // only a decline's reasons from the index of declines, never a discussion's row.
    has(
        &p,
        "SEARCH fd USING COVERING INDEX discussion_referral_outcome (referral_id=?)",
    );
    has(
        &p,
        "SEARCH d2 USING COVERING INDEX discussion_referral_outcome (referral_id=?",
    );
    has(
        &p,
        "SEARCH x USING COVERING INDEX discussion_declined (id=?)",
    );
    // The cases closed in the period, with what the return counts of them, from the
    // index of closed cases by day and the subjects' panels, not their rows.
    let p = plan(&s, &report::closures_sql(), &range);
    has(
        &p,
        "SEARCH r USING COVERING INDEX referral_closed_risk (closed_on>? AND closed_on<?)",
    );
    has(&p, "SEARCH s USING COVERING INDEX subject_id_panel (id=?");
}

/// Issue 24: the calendar's closed cases with a date still to come are found in the
/// status-and-plan index, not by reading every closed case's row (on an encrypted
/// database each page read is checked and decrypted).
#[test]
fn the_calendar_finds_closed_cases_with_dates_to_come_by_index() {
    let (_d, s) = demo();
    let params = [Value::Integer(1), Value::Null, Value::Text(AS_OF.into())];
    let p = plan(&s, &super::calendar::cancelled_sql(), &params);
    has(&p, "INDEX referral_status_plan (status=?)");
    assert!(
        !p.contains("referral_status_closed"),
        "by closing date:\n{p}"
    );
}

#[test]
fn the_minutes_find_each_cases_plan_rows_without_listing_every_meeting() {
    let (_d, s) = demo();
    let p = plan(
        &s,
        &super::minutes::interventions_sql(),
        &[Value::Integer(1), Value::Text(AS_OF.into())],
    );
    has(&p, "INDEX intervention_referral (referral_id=?)");
    has(&p, "SEARCH m USING INTEGER PRIMARY KEY (rowid=?)");
    // Not `LIST SUBQUERY` (every meeting up to the date, built again for each case).
    assert!(!p.contains("LIST SUBQUERY"), "a list of meetings:\n{p}");
    assert!(!p.contains("SCAN m"), "every meeting read:\n{p}");
}
