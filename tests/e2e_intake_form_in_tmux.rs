//! The intake form on screen (issue 4): from an empty database, `roundtable init`,
//! then the real binary in tmux takes in one referral through the F7 form, bad input
//! first. The same journey by commands alone is `intake_commands_to_next_agenda.rs`.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use chrono::NaiveDate;
use common::tmux::{have_tmux, Tmux};
use roundtable::domain::calendar::WorkingCalendar;
use roundtable::domain::intake::destination;

#[test]
fn intake_form_in_tmux_takes_in_a_referral_after_fixing_bad_input() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("panel.db");
    let o = common::run(&["init", "--no-encrypt", "--db", db.to_str().unwrap()]);
    assert!(o.status.success(), "{}", common::stderr(&o));

    let t = Tmux::start("intake", &db);
    t.wait_for("Press Enter to start");
    t.keys(&["F7"]);
    t.wait_for("New referrals not yet heard");
    t.keys(&["n"]);
    t.wait_for("New referral (Appendix A");
    t.keys(&["Right", "Tab"]); // the first agency; on to the contact
    t.text("Duty desk, secure email");
    t.keys(&["Tab"]);
    t.text("Corin Ashby-Lane");
    t.keys(&["Tab"]);
    t.text("2011-05-04");
    t.keys(&["Tab", "Tab"]); // past the age (only for when there is no date of birth)
    t.text("7 Weaver Way, Harrowfield");
    t.keys(&["Tab"]);
    t.text("NOT A CODE");
    for _ in 0..7 {
        t.keys(&["Tab"]);
    }
    t.text("Seen carrying a knife outside school.");
    t.keys(&["C-d"]);
    t.wait_for("to put right");
    let screen = t.screen();
    assert!(!screen.contains("Case 1 taken in"), "{screen}");
    // Back to the postcode, put it right, and take the referral in.
    for _ in 0..7 {
        t.keys(&["BTab"]);
    }
    for _ in 0..10 {
        t.keys(&["BSpace"]);
    }
    t.text("hf2 7qd");
    t.keys(&["C-d"]);
    t.wait_for("Case 1 taken in");
    t.keys(&["C-q"]);
    std::thread::sleep(std::time::Duration::from_millis(300));

    let s = roundtable::store::Store::open(&db, None).unwrap();
    let (postcode, received, meeting): (String, NaiveDate, NaiveDate) = s
        .conn()
        .query_row(
            "SELECT r.postcode, r.date_received, m.date FROM referral r JOIN meeting m ON m.id = r.meeting_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(postcode, "HF2 7QD");
    // The meeting is the one section 11 gives for the date received (today).
    let meetings: Vec<NaiveDate> = s
        .conn()
        .prepare("SELECT date FROM meeting WHERE state = 'planned'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    let want = destination(
        &WorkingCalendar::england_and_wales(),
        received,
        false,
        &meetings,
        15,
    )
    .meeting();
    assert_eq!(Some(meeting), want);
    assert_eq!(
        s.conn()
            .query_row("SELECT COUNT(*) FROM draft", [], |r| r.get::<_, i64>(0))
            .unwrap(),
        0
    );
}
