//! Issue 24: `roundtable actions` into a pipe or a file makes its table straight from
//! the query's rows (`lookup::listed::table`: only the columns the table shows, text
//! cleaned where it needs it), not from the full actions every other output builds.
//! It must be the same text, count and escalation line as the table written from
//! those actions (`lookup::list::write_actions` on `lookup::actions::find`), for every
//! kind of query and for text that needs cleaning: blank, spaced, controls,
//! combining letters, wide letters, no case.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use roundtable::lookup::actions::{self, ActionQuery, StatusFilter};
use roundtable::lookup::{list, listed};
use roundtable::store::Store;

/// The table both ways for `q`: (from the full actions, straight from the rows).
fn both(store: &Store, q: &ActionQuery) -> (String, String) {
    let today = common::as_of();
    let (rows, _) = actions::find(store.conn(), q, today).unwrap();
    let mut full = vec![];
    list::write_actions(&mut full, &rows, today, false).unwrap();
    let carried: Vec<(i64, u32)> = rows
        .iter()
        .filter(|a| a.status == "open" && a.carried_from.is_some())
        .map(|a| (a.id, a.carried_over))
        .collect();
    let mut full = String::from_utf8(full).unwrap();
    full.push_str(&format!("{carried:?}\n"));

    let (table, listing) = listed::table(store.conn(), q, today, false).unwrap();
    assert_eq!(table.rows(), rows.len());
    let mut piped = vec![];
    table.write(&mut piped, &list::HEADERS).unwrap();
    let mut piped = String::from_utf8(piped).unwrap();
    piped.push_str(&actions::summary_line_of(
        listing.rows,
        listing.overdue,
        today,
    ));
    piped.push('\n');
    piped.push_str(&format!("{:?}\n", listing.carried));
    (full, piped)
}

#[test]
fn the_table_made_from_the_rows_is_the_table_made_from_the_actions() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::demo_store(dir.path());
    let c = store.conn();
    // Text that needs cleaning, in the fields the table shows, on open actions of the
    // agency owing most (some overdue): the demo's own text is plain.
    let agency: i64 = c
        .query_row(
            "SELECT agency_id FROM action WHERE status = 'open'
             GROUP BY agency_id ORDER BY count(*) DESC, agency_id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let odd = [
        ("  Visit\tthe  family \n twice ", "  "),
        (
            "Call \u{1b}[31mred\u{1b}[0m and a\u{7} bell",
            "Nia\u{202e} Okafor",
        ),
        ("Cafe\u{301} meeting, e\u{301}crit", " Jo  Bright "),
        ("日本語 wide letters", "\u{200b}"),
        ("", "Sam Lee"),
    ];
    let ids: Vec<i64> = c
        .prepare(
            "SELECT id FROM action WHERE agency_id = ?1 AND status = 'open' ORDER BY id LIMIT 5",
        )
        .unwrap()
        .query_map([agency], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(ids.len(), odd.len(), "the demo's agency has open actions");
    for (id, (description, person)) in ids.iter().zip(odd) {
        c.execute(
            "UPDATE action SET description = ?1, person = ?2 WHERE id = ?3",
            rusqlite::params![description, person, id],
        )
        .unwrap();
    }
    // An action with no case (no subject).
    c.execute(
        "UPDATE action SET referral_id = NULL WHERE id = ?1",
        [ids[0]],
    )
    .unwrap();
    let code: String = c
        .query_row("SELECT code FROM agency WHERE id = ?1", [agency], |r| {
            r.get(0)
        })
        .unwrap();
    let (case, subject, meeting): (i64, String, String) = c
        .query_row(
            "SELECT a.referral_id, s.name, m.date FROM action a
             JOIN referral r ON r.id = a.referral_id JOIN subject s ON s.id = r.subject_id
             JOIN meeting m ON m.id = a.meeting_id
             WHERE a.carried_from_action_id IS NOT NULL ORDER BY a.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    let q = |f: &dyn Fn(&mut ActionQuery)| {
        let mut q = ActionQuery::default();
        f(&mut q);
        q
    };
    let queries = [
        q(&|_| {}),
        q(&|q| q.overdue = true),
        q(&|q| {
            q.agency = Some(code.clone());
            q.overdue = true;
        }),
        q(&|q| {
            q.agency = Some(code.clone());
            q.status = StatusFilter::All;
        }),
        q(&|q| q.status = StatusFilter::Done),
        q(&|q| {
            q.case = Some(case);
            q.status = StatusFilter::All;
        }),
        q(&|q| q.subject = Some(subject.clone())),
        q(&|q| q.meeting = Some(meeting.parse::<chrono::NaiveDate>().unwrap().into())),
        q(&|q| q.due_within = Some(30)),
    ];
    let mut carried_seen = false;
    for q in &queries {
        let (full, piped) = both(&store, q);
        assert_eq!(piped, full, "{q:?}");
        carried_seen |= !full.ends_with("[]\n");
    }
    assert!(carried_seen, "some list has open carried actions");
    // The odd text reached the list (not lost in the cleaning either way).
    let (all, _) = both(&store, &queries[0]);
    assert!(all.contains("Visit the family twice"), "{all}");
    assert!(all.contains("日本語 wide letters"));
}
