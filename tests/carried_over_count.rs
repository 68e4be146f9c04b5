//! Issue 24: each action's carry-over count is kept in its row (`action.carried_over`)
//! by the database, so the lists, the escalation line (issue 26), the agenda's
//! "Between meetings" and the status sheets read a number instead of walking each
//! chain of `carried_from_action_id` links. The count must always be what the walk
//! gives: the links up the chain (never carried: 0; carried from an action that was
//! not: 1). Checked here against the walk itself, done in Rust from the links, after
//! an upgrade, a demo, carry-overs at a review and their undo, and a link cleared as
//! the retention purge clears one.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::collections::HashMap;

use roundtable::store::{ActionId, MeetingId, Store};

/// Every action's (stored count, the walk's count), by id.
fn counts(store: &Store) -> HashMap<i64, (i64, i64)> {
    let rows: Vec<(i64, Option<i64>, i64)> = store
        .conn()
        .prepare("SELECT id, carried_from_action_id, carried_over FROM action")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let up: HashMap<i64, Option<i64>> = rows.iter().map(|(id, from, _)| (*id, *from)).collect();
    rows.iter()
        .map(|(id, from, stored)| {
            // Each link is one carry-over, the link to an action no longer there too.
            let (mut n, mut at) = (0, *from);
            while let Some(p) = at {
                n += 1;
                at = up.get(&p).copied().flatten();
                assert!(n <= 1000, "a chain of over 1,000 links at action {id}");
            }
            (*id, (*stored, n))
        })
        .collect()
}

/// The stored count is the walk's for every action; the highest count.
fn all_agree(store: &Store) -> i64 {
    let c = counts(store);
    for (id, (stored, walked)) in &c {
        assert_eq!(
            stored, walked,
            "action {id}: stored {stored}, walk {walked}"
        );
    }
    c.values().map(|(s, _)| *s).max().unwrap_or(0)
}

#[test]
fn a_database_upgraded_from_an_old_release_counts_every_chain() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::old_database(dir.path(), "release-schema2.db");
    let store = Store::open_existing(&db, None).unwrap();
    // The fixture has actions carried over twice: the count is not just "has a link".
    assert_eq!(all_agree(&store), 2);
}

#[test]
fn the_demo_counts_agree_with_the_walk() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::demo_store(dir.path());
    assert!(all_agree(&store) >= 1, "the demo has carried actions");
}

/// An open action carried over at least once, and the meeting after its own.
fn carried_open(store: &Store) -> (ActionId, i64, MeetingId) {
    store
        .conn()
        .query_row(
            "SELECT a.id, a.carried_over,
                (SELECT m.id FROM meeting m WHERE m.date > am.date ORDER BY m.date LIMIT 1)
             FROM action a JOIN meeting am ON am.id = a.meeting_id
             WHERE a.status = 'open' AND a.carried_from_action_id IS NOT NULL
               AND EXISTS (SELECT 1 FROM meeting m WHERE m.date > am.date)
             ORDER BY a.carried_over DESC, a.id LIMIT 1",
            [],
            |r| Ok((ActionId(r.get(0)?), r.get(1)?, MeetingId(r.get(2)?))),
        )
        .unwrap()
}

fn count_of(store: &Store, id: ActionId) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT carried_over FROM action WHERE id = ?1",
            [id.0],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn each_carry_over_at_a_review_counts_one_more_and_its_undo_leaves_the_rest_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::demo_store(dir.path());
    let (first, n, meeting) = carried_open(&store);
    assert!(n >= 1);
    let day = "2026-11-20".parse().unwrap();
    let second = store
        .carry_over_action(first, meeting, "2026-12-20".parse().unwrap(), day)
        .unwrap();
    assert_eq!(count_of(&store, second), n + 1);
    let third = store
        .carry_over_action(second, meeting, "2027-01-20".parse().unwrap(), day)
        .unwrap();
    assert_eq!(count_of(&store, third), n + 2);
    all_agree(&store);
    store.undo_carry_over(second, meeting).unwrap();
    assert_eq!(
        count_of(&store, second),
        n + 1,
        "the action open again keeps its count"
    );
    all_agree(&store);
}

#[test]
fn a_link_cleared_as_the_purge_clears_one_counts_the_actions_after_it_again() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::demo_store(dir.path());
    let (first, n, meeting) = carried_open(&store);
    let day = "2026-11-20".parse().unwrap();
    let second = store
        .carry_over_action(first, meeting, "2026-12-20".parse().unwrap(), day)
        .unwrap();
    let third = store
        .carry_over_action(second, meeting, "2027-01-20".parse().unwrap(), day)
        .unwrap();
    assert_eq!(count_of(&store, third), n + 2);
    // What `purge` runs for an action whose parent it removes (src/store/purge.rs).
    store
        .conn()
        .execute(
            "UPDATE action SET carried_from_action_id = NULL WHERE carried_from_action_id IN (?1)",
            [first.0],
        )
        .unwrap();
    assert_eq!(count_of(&store, second), 0);
    assert_eq!(count_of(&store, third), 1);
    assert_eq!(count_of(&store, first), n, "the chain above is untouched");
    all_agree(&store);
}

#[test]
fn a_count_given_by_a_writer_is_kept_only_when_it_is_the_chains() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::demo_store(dir.path());
    let (parent, n, meeting) = carried_open(&store);
    let c = store.conn();
    let insert = |given: i64| -> ActionId {
        c.execute(
            "INSERT INTO action (meeting_id, referral_id, description, agency_id, due_on,
                carried_from_action_id, created_at, carried_over)
             SELECT ?1, referral_id, description, agency_id, '2027-02-01', id,
                '2026-11-20T10:00:00Z', ?2
             FROM action WHERE id = ?3",
            rusqlite::params![meeting.0, given, parent.0],
        )
        .unwrap();
        ActionId(c.last_insert_rowid())
    };
    // As the demo's bulk load gives it: kept.
    assert_eq!(count_of(&store, insert(n + 1)), n + 1);
    // A wrong count (or none) is counted again.
    assert_eq!(count_of(&store, insert(n + 7)), n + 1);
    assert_eq!(count_of(&store, insert(0)), n + 1);
    all_agree(&store);
}
