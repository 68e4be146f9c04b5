//! `roundtable meetings list|add|move` (issue 4, section 11).
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use chrono::NaiveDate;
use common::new_panel::{self, referral_id, Panel};
use roundtable::domain::calendar::WorkingCalendar;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const LATE: &str = r#"{"referring_agency": "CSC", "name": "Lulu Ferreira", "dob": "2011-08-14",
    "concerns": "Missing episodes.", "date_received": "2026-11-24"}"#;
const IN_TIME: &str = r#"{"referring_agency": "EDU", "name": "Rowan Achterberg", "dob": "2010-04-02",
    "concerns": "Seen with older youths.", "date_received": "2026-11-16"}"#;

fn meeting_of(p: &Panel, referral: i64) -> String {
    p.q(&format!(
        "SELECT m.date FROM referral r JOIN meeting m ON m.id = r.meeting_id WHERE r.id = {referral}"
    ))
}

#[test]
fn list_shows_cutoff_and_agenda_circulation_dates() {
    let p = Panel::new();
    let out = p.ok(&["meetings", "list"]);
    let first = out.lines().nth(1).unwrap();
    // Section 11: 15 working days before Wed 9 Dec 2026 is Wed 18 Nov; the agenda goes
    // out 5 working days before, Wed 2 Dec.
    assert!(
        first.starts_with("2026-12-09  Wed  10:00  planned  2026-11-18  2026-12-02"),
        "{first}"
    );
    let json = common::payload(&p.ok(&["meetings", "list", "--json"]));
    let cal = WorkingCalendar::england_and_wales();
    for m in json.as_array().unwrap() {
        let day = d(m["date"].as_str().unwrap());
        assert_eq!(m["cutoff"], cal.cutoff(day, 15).to_string());
        assert_eq!(m["agenda_out"], cal.working_days_before(day, 5).to_string());
    }
    // 13 Jan 2027: the Christmas and New Year bank holidays push the cut-off back.
    let jan = &json[1];
    assert_eq!(jan["date"], "2027-01-13");
    assert_eq!(jan["cutoff"], "2026-12-18");
}

#[test]
fn extra_meeting_takes_the_held_over_referral() {
    let p = Panel::new();
    let late = referral_id(&p.refer("late", LATE, &[]));
    assert_eq!(meeting_of(&p, late), "2027-01-13");
    // Section 11: "the Panel may sit more frequently to meet demand". Wed 16 Dec's
    // cut-off is Wed 25 Nov, so the referral received on 24 Nov is in time for it.
    let out = p.ok(&[
        "meetings",
        "add",
        "2026-12-16",
        "--venue",
        "Town Hall, room 4",
    ]);
    assert!(
        out.contains("added a meeting on 2026-12-16 at Town Hall, room 4; cut-off 2026-11-25"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "referral #{late} (Lulu Ferreira): 2027-01-13 -> 2026-12-16"
        )),
        "{out}"
    );
    assert_eq!(meeting_of(&p, late), "2026-12-16");
    let list = p.ok(&["meetings", "list"]);
    assert!(
        list.lines()
            .any(|l| l.starts_with("2026-12-16") && l.ends_with("Town Hall, room 4")),
        "{list}"
    );
}

#[test]
fn add_refuses_past_dates_and_clashes_and_warns_on_non_working_days() {
    let p = Panel::new();
    let before = p.dump();
    assert!(p
        .fails(&["meetings", "add", "2026-11-20"])
        .contains("in the past"));
    assert!(p
        .fails(&["meetings", "add", "2026-12-09"])
        .contains("already a meeting on 2026-12-09"));
    assert_eq!(p.dump(), before);
    let o = p.run(&["meetings", "add", "2026-12-28"]);
    assert!(o.status.success());
    assert!(
        new_panel::err(&o).contains("not a working day"),
        "{}",
        new_panel::err(&o)
    );
}

#[test]
fn moving_a_meeting_earlier_places_a_referral_again() {
    let p = Panel::new();
    let id = referral_id(&p.refer("a", IN_TIME, &[]));
    p.ok(&[
        "referral",
        "screen",
        &id.to_string(),
        "--intelligence",
        "--by",
        "Ines Calloway",
    ]);
    assert_eq!(p.q::<String>("SELECT status FROM referral"), "on_agenda");
    // Moved a week earlier, the cut-off becomes 11 Nov: received 16 Nov is late.
    let out = p.ok(&["meetings", "move", "2026-12-09", "--to", "2026-12-02"]);
    assert!(
        out.contains("now on 2026-12-02") && out.contains("cut-off 2026-11-11"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "referral #{id} (Rowan Achterberg): 2026-12-02 -> 2027-01-13 (received)"
        )),
        "{out}"
    );
    assert_eq!(meeting_of(&p, id), "2027-01-13");
    assert_eq!(
        p.q::<String>("SELECT status FROM referral"),
        "received",
        "held over, not on the next agenda"
    );
    // And back: in time again, on the next agenda again.
    p.ok(&["meetings", "move", "2026-12-02", "--to", "2026-12-09"]);
    assert_eq!(meeting_of(&p, id), "2026-12-09");
    assert_eq!(p.q::<String>("SELECT status FROM referral"), "on_agenda");
    // Venue only.
    let out = p.ok(&[
        "meetings",
        "move",
        "2026-12-09",
        "--venue",
        "Library annexe",
    ]);
    assert!(out.contains("at Library annexe"), "{out}");
    assert_eq!(
        p.q::<i64>("SELECT COUNT(*) FROM change_log WHERE tbl = 'meeting' AND col = 'venue'"),
        1
    );
}

#[test]
fn only_a_planned_meeting_can_be_moved() {
    let p = Panel::new();
    let store = p.store();
    store
        .start_meeting(store.meeting_to_run().unwrap().unwrap())
        .unwrap();
    drop(store);
    let before = p.dump();
    let err = p.fails(&["meetings", "move", "2026-12-09", "--to", "2026-12-10"]);
    assert!(
        err.contains("is in progress; only a planned meeting can be changed"),
        "{err}"
    );
    assert!(p
        .fails(&["meetings", "move", "2027-01-13", "--to", "2027-02-10"])
        .contains("already a meeting on 2027-02-10"));
    assert!(p
        .fails(&["meetings", "move", "2027-01-13", "--to", "2026-11-01"])
        .contains("in the past"));
    assert!(p
        .fails(&["meetings", "move", "2027-01-14", "--to", "2027-01-20"])
        .contains("no meeting on 2027-01-14"));
    assert!(p
        .fails(&["meetings", "move", "2027-01-13"])
        .contains("--to"));
    assert_eq!(p.dump(), before);
}
