//! The draft agenda of the next meeting while one is being held (issue 5 with the
//! runner of issue 3): cases heard now are not listed again; unfinished ones come back.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::process::Command;

fn agenda_ids(db: &std::path::Path, date: &str) -> Vec<i64> {
    let o = Command::new(common::bin())
        .args([
            "--db",
            db.to_str().unwrap(),
            "agenda",
            "--meeting",
            date,
            "--json",
        ])
        .env("ROUNDTABLE_TODAY", common::AS_OF)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", common::stderr(&o));
    let v = common::payload(&common::stdout(&o));
    let mut ids = vec![];
    for key in ["new_under_18", "new_over_18", "held_over"] {
        for e in v[key].as_array().unwrap() {
            ids.push(e["case_id"].as_i64().unwrap());
        }
    }
    ids
}

#[test]
fn cases_being_heard_are_not_on_the_next_agenda_until_left_unfinished() {
    let dir = tempfile::tempdir().unwrap();
    let (store, s) = common::demo_store(dir.path());
    let db = dir.path().join("demo.db");
    let m = store.meeting_to_run().unwrap().unwrap();
    store.start_meeting(m).unwrap();
    let data = store.load_meeting(m).unwrap();
    let heard: Vec<i64> = data
        .cases
        .iter()
        .filter(|c| c.item != 8)
        .map(|c| c.referral.id.0)
        .collect();
    assert!(!heard.is_empty());
    let next = data.next_meeting.unwrap().format("%Y-%m-%d").to_string();
    let listed = agenda_ids(&db, &next);
    for id in &heard {
        assert!(
            !listed.contains(id),
            "case {id} is being heard on {}",
            s.next_meeting
        );
    }
    // The meeting ends with them unfinished: they go to the next agenda.
    store.formally_close(m).unwrap();
    store.end_meeting(m, data.next_meeting.unwrap()).unwrap();
    let listed = agenda_ids(&db, &next);
    for id in &heard {
        assert!(
            listed.contains(id),
            "unfinished case {id} is on the next agenda"
        );
    }
}
