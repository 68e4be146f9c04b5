//! Intake by commands, through to the next agenda (issue 4 "Done when"): from
//! nothing, `roundtable init`, members, four referrals by `referral add` (under 18 in
//! time, over 18 in time, one late, one late and urgent), screening, and the next
//! meeting's agenda shows exactly the right cases in items 6 and 7. No screen: the
//! intake form in tmux is `e2e_intake_form_in_tmux.rs`.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use chrono::NaiveDate;
use common::new_panel::{self, referral_id, Panel};

fn names(cases: &[&roundtable::store::meeting::Case]) -> Vec<String> {
    cases.iter().map(|c| c.referral.name.clone()).collect()
}

#[test]
fn from_nothing_to_the_next_agenda() {
    let p = Panel::empty();
    assert!(!p.db.exists());

    // Set up the panel; add one more member from the command line.
    let members = p.write("members.toml", new_panel::MEMBERS);
    let out = p.ok(&[
        "init",
        "--no-encrypt",
        "--members",
        members.to_str().unwrap(),
    ]);
    assert!(
        out.contains("6 meetings (2026-12-09 to 2027-05-12)"),
        "{out}"
    );
    p.ok(&[
        "members",
        "add",
        "--name",
        "Hollis Verity",
        "--post",
        "Team Manager",
        "--agency",
        "CSC",
    ]);

    // Section 11: the meeting on Wed 9 Dec 2026 takes referrals received by Wed 18 Nov.
    let under_18 = referral_id(&p.refer(
        "u18",
        r#"{"referring_agency": "EDU", "name": "Rowan Achterberg", "date_of_birth": "2010-04-02",
            "concerns": "Seen with older youths linked to a stabbing.", "date_received": "2026-11-16",
            "postcode": "HF2 7BN", "household": [{"name": "Marta Achterberg", "dob_or_age": "41", "relationship": "Mother"}]}"#,
        &[],
    ));
    let over_18 = referral_id(&p.refer(
        "o18",
        r#"{"referring_agency": "POL", "name": "Dev Haldane", "date_of_birth": "2004-06-30",
            "concerns": "Named as a runner for a county line.", "date_received": "2026-11-10"}"#,
        &[],
    ));
    let late_out = p.refer(
        "late",
        r#"{"referring_agency": "CSC", "name": "Lulu Ferreira", "date_of_birth": "2011-08-14",
            "concerns": "Missing episodes; found with older males.", "date_received": "2026-11-24"}"#,
        &[],
    );
    assert!(
        late_out.contains("held over to the meeting on 2027-01-13"),
        "{late_out}"
    );
    assert!(late_out.contains("urgent flag"), "{late_out}");
    let late = referral_id(&late_out);
    let urgent_out = p.refer(
        "urgent",
        r#"{"referring_agency": "HOSP", "name": "Sami Okonkwo-Reyes", "date_of_birth": "2009-01-20",
            "concerns": "Treated for a stab wound.", "urgent": true}"#,
        &[],
    );
    assert!(
        urgent_out.contains("goes to the meeting on 2026-12-09 as urgent"),
        "{urgent_out}"
    );
    let urgent = referral_id(&urgent_out);

    // Screen them all before the meeting.
    for id in [under_18, over_18, late, urgent] {
        let out = p.ok(&[
            "referral",
            "screen",
            &id.to_string(),
            "--intelligence",
            "--by",
            "Ines Calloway",
        ]);
        assert!(out.contains("invite the referrer"), "{out}");
    }

    // The next meeting, as the runner opens it.
    let store = p.store();
    let meeting = store.meeting_to_run().unwrap().unwrap();
    store.start_meeting(meeting).unwrap();
    let m = store.load_meeting(meeting).unwrap();
    assert_eq!(m.date, NaiveDate::from_ymd_opt(2026, 12, 9).unwrap());
    assert_eq!(
        names(&m.cases_for(6)),
        ["Rowan Achterberg", "Sami Okonkwo-Reyes"],
        "item 6: under 18 in time, then the late urgent one"
    );
    assert_eq!(
        names(&m.cases_for(7)),
        ["Dev Haldane"],
        "item 7: over 18 in time"
    );
    assert!(m.cases_for(8).is_empty());
    assert_eq!(m.set_aside.len(), 1, "{:?}", m.set_aside);
    assert_eq!(m.set_aside[0].referral.id.0, late);
    assert!(
        m.set_aside[0].reason.starts_with("Held over to 2027-01-13"),
        "{}",
        m.set_aside[0].reason
    );
    // The members set up are the ones offered for attendance.
    let offered: Vec<&str> = m.members.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(
        offered,
        [
            "Priya Denholm",
            "Gareth Tolland",
            "Nell Sarrazin",
            "Bram Eskildsen",
            "Owen Kastrup",
            "Hollis Verity"
        ]
    );

    // The late one is on the following meeting's agenda, item 6.
    let following: i64 = p.q("SELECT id FROM meeting WHERE date = '2027-01-13'");
    let following = roundtable::store::MeetingId(following);
    store.prepare_agenda(following).unwrap();
    let f = store.load_meeting(following).unwrap();
    assert_eq!(names(&f.cases_for(6)), ["Lulu Ferreira"]);
    assert!(f.cases_for(7).is_empty());
}

#[test]
fn mappa_level_2_referral_is_set_aside_with_the_section_10_1_reason() {
    let p = Panel::new();
    let out = p.refer(
        "mappa",
        r#"{"referring_agency": "NPS", "name": "Corin Waddell", "date_of_birth": "2002-02-02",
            "concerns": "Released on licence; gang associates.", "date_received": "2026-11-02",
            "mappa_category": 2, "mappa_level": 2}"#,
        &[],
    );
    assert!(
        out.contains("excluded") && out.contains("section 10.1"),
        "{out}"
    );
    let store = p.store();
    let meeting = store.meeting_to_run().unwrap().unwrap();
    store.start_meeting(meeting).unwrap();
    let m = store.load_meeting(meeting).unwrap();
    assert!(m.cases_for(7).is_empty());
    assert_eq!(m.set_aside.len(), 1);
    assert!(
        m.set_aside[0].reason.starts_with("Excluded:"),
        "{}",
        m.set_aside[0].reason
    );
    let (screening, status): (String, String) = p
        .store()
        .conn()
        .query_row("SELECT screening, status FROM referral", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(
        (screening.as_str(), status.as_str()),
        ("excluded", "excluded")
    );
}
