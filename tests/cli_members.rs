//! `roundtable members list|add|retire` (issue 4, section 5.4).
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use chrono::NaiveDate;
use common::new_panel::{self, Panel};
use roundtable::domain::types::AttendanceStatus;
use roundtable::store::MeetingId;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn add_then_list_as_table_and_json() {
    let p = Panel::new();
    let out = p.ok(&[
        "members",
        "add",
        "--name",
        " Hollis  Verity ",
        "--post",
        "Team Manager",
        "--agency",
        "csc",
        "--deputy-for",
        "2",
    ]);
    assert!(
        out.contains("added member #6 Hollis Verity, Team Manager (CSC, Member)"),
        "{out}"
    );
    let table = p.ok(&["members", "list"]);
    let line = table.lines().find(|l| l.contains("Hollis Verity")).unwrap();
    assert!(
        line.contains("CSC") && line.contains("#2 Gareth Tolland"),
        "{line}"
    );
    assert!(table.lines().next().unwrap().starts_with("ID  NAME"));
    let json = common::payload(&p.ok(&["members", "list", "--json"]));
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), 6);
    assert_eq!(rows[5]["name"], "Hollis Verity");
    assert_eq!(rows[5]["agency"], "CSC");
    assert_eq!(rows[5]["role"], "member");
    assert_eq!(rows[5]["deputy_for"], 2);
    assert_eq!(
        p.q::<i64>("SELECT COUNT(*) FROM change_log WHERE tbl = 'member' AND row_id = 6"),
        1
    );
}

#[test]
fn a_second_chair_is_allowed_with_a_warning() {
    let p = Panel::new();
    let o = p.run(&[
        "members",
        "add",
        "--name",
        "Ada Quist",
        "--post",
        "Detective Inspector",
        "--agency",
        "POL",
        "--role",
        "chair",
    ]);
    assert!(o.status.success());
    assert!(
        new_panel::err(&o).contains("Priya Denholm (#1) is already Chair"),
        "{}",
        new_panel::err(&o)
    );
}

#[test]
fn unknown_agency_bad_role_and_missing_post_refused_listing_valid_codes() {
    let p = Panel::new();
    let before = p.dump();
    let err = p.fails(&[
        "members",
        "add",
        "--name",
        "Ada Quist",
        "--post",
        " ",
        "--agency",
        "NHS",
        "--role",
        "boss",
    ]);
    assert!(err.contains("post: required"), "{err}");
    assert!(
        err.contains("agency: unknown agency 'NHS'; valid codes: POL, YOS, SYV"),
        "{err}"
    );
    assert!(
        err.contains(
            "role: 'boss' is not one of chair, vice_chair, coordinator, mappa_coordinator, member"
        ),
        "{err}"
    );
    let err = p.fails(&[
        "members",
        "add",
        "--name",
        "Ada Quist",
        "--post",
        "Nurse",
        "--agency",
        "CCS",
        "--deputy-for",
        "99",
    ]);
    assert!(err.contains("no current member #99"), "{err}");
    assert_eq!(p.dump(), before, "nothing written");
}

#[test]
fn retired_member_kept_in_past_attendance_not_offered_for_new_meetings() {
    let p = Panel::new();
    // Gareth attends the December meeting.
    let store = p.store();
    let december = store.meeting_to_run().unwrap().unwrap();
    store.start_meeting(december).unwrap();
    let m = store.load_meeting(december).unwrap();
    let gareth = m
        .members
        .iter()
        .find(|x| x.name == "Gareth Tolland")
        .unwrap()
        .clone();
    store
        .mark_member(december, &gareth, AttendanceStatus::Present)
        .unwrap();
    drop(store);

    let out = p.ok(&[
        "members",
        "retire",
        &gareth.id.to_string(),
        "--on",
        "2026-12-20",
    ]);
    assert!(
        out.contains("retired #2 Gareth Tolland from 2026-12-20"),
        "{out}"
    );

    let store = p.store();
    let m = store.load_meeting(december).unwrap();
    assert!(
        m.members.iter().any(|x| x.id == gareth.id),
        "still a member on the day"
    );
    assert_eq!(m.attendee_for(gareth.id).unwrap().name, "Gareth Tolland");
    let january: i64 = p.q("SELECT id FROM meeting WHERE date = '2027-01-13'");
    let j = store.load_meeting(MeetingId(january)).unwrap();
    assert!(
        !j.members.iter().any(|x| x.id == gareth.id),
        "not offered after retiring"
    );

    // Listed as current until the date, with --all after it.
    let now = p.ok(&["members", "list"]);
    assert!(now.contains("Gareth Tolland"));
    let later = p.run_on("2026-12-21", &["members", "list"]);
    assert!(!new_panel::out(&later).contains("Gareth Tolland"));
    let all = new_panel::out(&p.run_on("2026-12-21", &["members", "list", "--all"]));
    let line = all.lines().find(|l| l.contains("Gareth Tolland")).unwrap();
    assert!(line.ends_with("2026-12-20"), "{line}");
    let panel = store.only_panel().unwrap();
    assert!(store
        .members(panel, d("2026-12-20"))
        .unwrap()
        .iter()
        .all(|x| x.id != gareth.id));

    let err = p.fails(&["members", "retire", "2"]);
    assert!(err.contains("already retired on 2026-12-20"), "{err}");
    let err = p.fails(&["members", "retire", "42"]);
    assert!(err.contains("no member #42"), "{err}");
}

#[test]
fn commands_on_a_missing_database_say_to_run_init_and_create_nothing() {
    let p = Panel::empty();
    let err = p.fails(&["members", "list"]);
    assert!(err.contains("roundtable init"), "{err}");
    assert!(!p.db.exists());
}
