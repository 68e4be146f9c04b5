//! `actions --subject NAME` by the trigram index on names (issue 14): the same
//! actions a plain substring match finds, in any case, kept up to date when a name
//! is corrected, and safe with any text.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use roundtable::lookup::actions::{find, ActionQuery, StatusFilter};
use roundtable::store::write::{text, Table};
use roundtable::store::Store;

fn ids(s: &Store, subject: &str) -> Vec<i64> {
    let q = ActionQuery {
        subject: Some(subject.into()),
        status: StatusFilter::All,
        ..Default::default()
    };
    let (rows, _) = find(s.conn(), &q, common::as_of()).unwrap();
    rows.iter().map(|a| a.id).collect()
}

/// The actions of subjects whose name contains `part` (ASCII, any case), by a
/// plain scan, in the lookup's order.
fn by_scan(s: &Store, part: &str) -> Vec<i64> {
    s.conn()
        .prepare(
            "SELECT a.id FROM action a JOIN referral r ON r.id = a.referral_id
             JOIN subject s ON s.id = r.subject_id
             WHERE instr(lower(s.name), lower(?1)) > 0 ORDER BY a.due_on, a.id",
        )
        .unwrap()
        .query_map([part], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

#[test]
fn finds_what_a_substring_scan_finds_in_any_case() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = common::demo_store(dir.path());
    let name: String = s
        .conn()
        .query_row("SELECT name FROM subject ORDER BY id LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    // Three letters or more go by the index; fewer by a scan of names.
    let middle: String = name.chars().skip(1).take(4).collect();
    for part in [
        middle.to_uppercase(),
        middle.to_lowercase(),
        name.clone(),
        name[..2].to_string(),
    ] {
        let found = ids(&s, &part);
        assert!(!found.is_empty(), "{part}");
        assert_eq!(found, by_scan(&s, &part), "{part}");
    }
    assert!(ids(&s, "zzqqxx").is_empty());
}

#[test]
fn any_text_is_a_literal_search() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = common::demo_store(dir.path());
    for part in [
        "\"",
        "a\"b",
        "NEAR(a b)",
        "x OR y",
        "*",
        "%",
        "_a",
        "a'b",
        "\\",
    ] {
        assert_eq!(ids(&s, part), by_scan(&s, part), "{part}");
    }
}

#[test]
fn a_corrected_name_is_found_by_its_new_spelling_only() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = common::demo_store(dir.path());
    let (id, old): (i64, String) = s
        .conn()
        .query_row(
            "SELECT s.id, s.name FROM subject s JOIN referral r ON r.subject_id = s.id
             JOIN action a ON a.referral_id = r.id ORDER BY s.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let before = ids(&s, &old);
    assert!(!before.is_empty());
    s.set_field(Table::Subject, id, "name", text("Quillon Vestergaard"))
        .unwrap();
    assert_eq!(ids(&s, "vestergaard"), by_scan(&s, "Vestergaard"));
    assert!(!ids(&s, "vestergaard").is_empty());
    assert_eq!(ids(&s, &old), by_scan(&s, &old));
    assert!(ids(&s, &old).len() < before.len());
}
