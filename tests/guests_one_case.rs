//! Issue 21, guests for one case (gap C6) in every panel, here MAPPA's: a professional
//! invited for one case with the chair's agreement given in advance, from any agency,
//! joining at their case and leaving after it, change-logged; a victim or family
//! member refused (003 App 3A "Attendance by other agencies/professionals" and
//! "Attendance by Victims and/or family members"). Every person invented.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::new_panel::MAPPA_FORM_FIELDS;

use common::new_panel::{referral_id, Panel};
use roundtable::domain::guest::Capacity;
use roundtable::store::meeting::{guests_at, NewGuest};
use roundtable::store::{DiscussionId, MeetingId, Store};

const MEMBERS: &str = r#"
[[member]]
name = "Ottilie Brackenbury"
post = "MAPPA Chair"
agency = "PROB"
role = "chair"

[[member]]
name = "Jerome Ashworth-Pike"
post = "MAPPA Co-ordinator"
agency = "PROB"
role = "mappa_coordinator"

[[member]]
name = "Saoirse Lindqvist"
post = "Police MAPPA Manager"
agency = "POL"
"#;

/// A MAPPA database with two level 3 referrals on the agenda of its first meeting
/// (prepared, not started): the panel, the meeting, the two referral ids.
fn two_cases() -> (Panel, MeetingId, i64, i64) {
    let p = Panel::empty();
    let members = p.write("members.toml", MEMBERS);
    p.ok(&[
        "init",
        "--no-encrypt",
        "--panel",
        "mappa",
        "--members",
        members.to_str().unwrap(),
    ]);
    let mut ids = vec![];
    for (i, name) in ["Cuthbert Varga-Ellison", "Leopold Strachan-Ibe"]
        .iter()
        .enumerate()
    {
        let out = p.refer(
            &format!("r{i}"),
            &format!(
                r#"{{"referring_agency": "PROB", "name": "{name}", "date_of_birth": "1979-06-02",
                    "harm_when_and_to_whom": "Released on licence; threats to a neighbour.",
                    "date_received": "2026-11-20", "mappa_category": "2", "mappa_level": "3", {MAPPA_FORM_FIELDS}}}"#
            ),
            &[],
        );
        ids.push(referral_id(&out));
    }
    let store = p.store();
    let meeting = store.meeting_to_run().unwrap().unwrap();
    store.prepare_agenda(meeting).unwrap();
    (p, meeting, ids[0], ids[1])
}

fn discussion(store: &Store, m: MeetingId, referral: i64) -> DiscussionId {
    store
        .load_meeting(m)
        .unwrap()
        .cases
        .into_iter()
        .find(|c| c.referral.id.0 == referral)
        .unwrap()
        .discussion
}

fn guest(d: DiscussionId, capacity: Capacity, agreed_on: &str) -> NewGuest {
    NewGuest {
        discussion: d,
        name: "Perpetua Haldane".into(),
        post: "Outreach worker".into(),
        capacity,
        agency: None,
        agency_text: "Refuge outreach service".into(),
        agreed_by: "Ottilie Brackenbury".into(),
        agreed_on: agreed_on.parse().ok(),
    }
}

#[test]
fn app_3a_a_guest_is_agreed_in_advance_joins_at_their_case_and_leaves_after_it() {
    let (p, meeting, a, b) = two_cases();
    let store = p.store().with_terminal("coordinator-desktop");
    let day = store.load_meeting(meeting).unwrap().date;
    let da = discussion(&store, meeting, a);

    // "victims, family members or other interested parties will not be invited".
    for c in [Capacity::Victim, Capacity::FamilyMember] {
        let refused = store
            .invite_guest(&guest(da, c, "2026-12-01"))
            .unwrap_err()
            .to_string();
        assert!(refused.contains("is not invited"), "{refused}");
    }
    // "The Chair, in advance of the meeting must agree any such invitations."
    let late = (day + chrono::Days::new(1)).to_string();
    let refused = store
        .invite_guest(&guest(da, Capacity::Professional, &late))
        .unwrap_err()
        .to_string();
    assert!(
        refused.contains("Agreed on: the chair agrees before the meeting"),
        "{refused}"
    );
    let mut nobody = guest(da, Capacity::Professional, "2026-12-01");
    nobody.agreed_by = String::new();
    assert!(store.invite_guest(&nobody).is_err());
    assert!(
        guests_at(store.conn(), meeting).unwrap().is_empty(),
        "nothing recorded"
    );

    // A professional of an agency not on the panel, in words, for case A only.
    let id = store
        .invite_guest(&guest(da, Capacity::Professional, "2026-12-01"))
        .unwrap();
    let refused = store.guest_joins(meeting, id).unwrap_err().to_string();
    assert!(
        refused.contains("in progress"),
        "joins at their case: {refused}"
    );

    store.start_meeting(meeting).unwrap();
    let att = store.guest_joins(meeting, id).unwrap();
    assert!(store.guest_joins(meeting, id).is_err(), "joins once");
    let data = store.load_meeting(meeting).unwrap();
    let row = data.attendance.iter().find(|x| x.id == att).unwrap();
    assert_eq!(
        row.visitor_for.map(|r| r.0),
        Some(a),
        "a visitor for case A"
    );
    assert_eq!(row.post, "Outreach worker, Refuge outreach service");
    assert!(data.present().iter().any(|x| x.id == att), "in the room");

    // Case B's guests: none; the guest leaves when case A is done, not before.
    let db = discussion(&store, meeting, b);
    assert!(store.guests_leave_case(db).unwrap().is_empty());
    assert_eq!(
        store.guests_leave_case(da).unwrap(),
        ["Perpetua Haldane".to_string()]
    );
    let g = guests_at(store.conn(), meeting).unwrap().remove(0);
    assert_eq!(g.agreed_on, "2026-12-01");
    assert_eq!(g.agency_name, "Refuge outreach service");
    assert!(g.joined_at.is_some() && g.left_at.is_some() && g.left_at >= g.joined_at);
    assert!(
        store.guests_leave_case(da).unwrap().is_empty(),
        "left once; the time stands"
    );

    // Each step in the change log.
    let logged: Vec<String> = store
        .conn()
        .prepare("SELECT tbl || '.' || col FROM change_log WHERE tbl IN ('case_guest', 'attendance') ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for want in [
        "case_guest.*",
        "attendance.*",
        "case_guest.joined_at",
        "attendance.left_at",
    ] {
        assert!(logged.iter().any(|l| l == want), "{want} in {logged:?}");
    }

    // The minutes: on case A's page only (the attendance lists a visitor for case A).
    let m = roundtable::lookup::minutes::load(store.conn(), day).unwrap();
    let page_text = |referral: i64| {
        let c = m.cases.iter().find(|c| c.case_id == referral).unwrap();
        format!("{:?}", roundtable::lookup::minutes::case_page(&m, c).blocks)
    };
    let on_a = page_text(a);
    assert!(on_a.contains("Guests for this case"), "{on_a}");
    assert!(
        on_a.contains("Perpetua Haldane, Outreach worker (Refuge outreach service): invited with the agreement of Ottilie Brackenbury on 2026-12-01; joined "),
        "{on_a}"
    );
    assert!(on_a.contains(", left "), "{on_a}");
    let on_b = page_text(b);
    assert!(
        !on_b.contains("Perpetua") && !on_b.contains("Guests"),
        "{on_b}"
    );
}
