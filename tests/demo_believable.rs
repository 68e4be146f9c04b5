//! Issue 25, "Demo data that a panel would not believe": the demo every newcomer,
//! screenshot and benchmark sees holds together. A first name fits the recorded gender;
//! a child's school year fits the date of birth; a concern's pronouns fit the subject;
//! a household member's relationship is data, never inside the name, and a mother is
//! old enough to be one; no two agencies read out the same intelligence at a meeting.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::collections::HashSet;

use chrono::NaiveDate;
use roundtable::demo::consistent::{first_name_fits, school_year};
use roundtable::domain::age::age_on;

fn rows<T>(
    c: &rusqlite::Connection,
    sql: &str,
    f: impl FnMut(&rusqlite::Row) -> rusqlite::Result<T>,
) -> Vec<T> {
    let mut st = c.prepare(sql).unwrap();
    let v = st
        .query_map([], f)
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    v
}

#[test]
fn the_demo_holds_together() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::demo_store(dir.path());
    let c = store.conn();

    let subjects = rows(c, "SELECT name, gender FROM subject", |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    });
    assert!(subjects.len() > 20);
    for (name, gender) in &subjects {
        assert!(first_name_fits(name, gender), "{name} recorded {gender}");
    }

    let referrals = rows(
        c,
        "SELECT s.date_of_birth, r.date_received, r.education_employment, r.concerns, s.gender, r.id
         FROM referral r JOIN subject s ON s.id = r.subject_id",
        |r| {
            Ok((
                r.get::<_, Option<NaiveDate>>(0)?,
                r.get::<_, NaiveDate>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
            ))
        },
    );
    let mut years_checked = 0;
    for (dob, received, education, concerns, gender, id) in &referrals {
        if let (Some(dob), Some((_, n))) = (dob, education.split_once("Year ")) {
            let n: u32 = n.parse().unwrap();
            assert_eq!(
                Some(n),
                school_year(*dob, *received),
                "case {id}: {education}, born {dob}"
            );
            years_checked += 1;
        }
        let words: Vec<&str> = concerns.split(|ch: char| !ch.is_alphabetic()).collect();
        let wrong: &[&str] = match gender.as_str() {
            "Male" => &["she", "her", "they", "them"],
            "Female" => &["he", "him", "his", "they", "them"],
            _ => &["he", "him", "his", "she", "her"],
        };
        for w in wrong {
            assert!(!words.contains(w), "case {id} ({gender}): {concerns}");
        }
        assert!(
            !concerns.contains('{'),
            "case {id}: a placeholder left: {concerns}"
        );
    }
    assert!(
        years_checked > 5,
        "school years were checked ({years_checked})"
    );

    let household = rows(
        c,
        "SELECT h.name, h.dob_or_age, h.relationship, s.date_of_birth, r.date_received
         FROM household_member h JOIN referral r ON r.id = h.referral_id
         JOIN subject s ON s.id = r.subject_id",
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<NaiveDate>>(3)?,
                r.get::<_, NaiveDate>(4)?,
            ))
        },
    );
    let mut mothers = 0;
    for (name, age, relationship, dob, on) in &household {
        assert!(
            !name.contains('('),
            "a relationship inside the name: {name}"
        );
        assert!(!relationship.is_empty(), "{name}: relationship is data");
        if relationship == "Mother" {
            mothers += 1;
            assert!(first_name_fits(name, "Female"), "mother {name}");
            let child = dob.and_then(|d| age_on(d, *on)).unwrap();
            let age: u32 = age.parse().unwrap();
            assert!(
                age >= child + 17,
                "mother {name} is {age}, her child {child}"
            );
        }
    }
    assert!(mothers > 5);

    let intel = rows(c, "SELECT meeting_id, body FROM intelligence", |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    });
    let mut seen = HashSet::new();
    for (meeting, body) in &intel {
        assert!(
            seen.insert((meeting, body)),
            "meeting {meeting} hears twice: {body}"
        );
    }
    assert!(intel.len() > 12);
}
