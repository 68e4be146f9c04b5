//! Issue 20, gap rows B3, B7 and B8: a panel's own deadlines from its file, shown in
//! `meetings list`, the draft `agenda` and `calendar`, and the meeting's length from
//! `duration_minutes` in the calendar. The panel is CAMP-shaped and invented: papers
//! "e.mailed to all parties at least 7 days prior to the meeting" (003 App 5A
//! "Working Parameters"; seven calendar days as written) and minutes ten working days
//! after (a MAPPA-style distribution deadline); MAGPan's own deadline (Appendix B,
//! 000 section 7.6) stays beside each review, as before.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::new_panel::Panel;

/// An invented monthly panel meeting on the 4th Thursday at 10:00 for two hours.
pub const CAMP_LIKE: &str = r#"
name = "Westmarsh Case Management Panel"
short_name = "WCMP"
protective_marking = "OFFICIAL-SENSITIVE"
venue = "Westmarsh Probation Office"
confidentiality_statement = "Shared here for the panel's work only."

[meeting_pattern]
every = "month"
weekday = "Thursday"
week_of_month = 4
start_time = "10:00"
duration_minutes = 120

[[deadline]]
what = "Papers and actions e-mailed to members"
days = 7
unit = "calendar"
relative_to = "meeting"
cite = "App 5A, Working Parameters"

[[deadline]]
what = "Minutes sent to members"
days = 10
unit = "working"
relative_to = "minutes"

[[agency]]
code = "PRO"
name = "Probation"
[[agency]]
code = "POL"
name = "Police"
police = true

[[role]]
post = "Senior Probation Officer"
agency = "PRO"
role = "chair"

[[agenda]]
number = 1
title = "Attendance"
kind = "apologies"
[[agenda]]
number = 2
title = "Information sharing"
kind = "confidentiality"
[[agenda]]
number = 3
title = "New cases"
kind = "new_referrals_over_18"
[[agenda]]
number = 4
title = "Progress reports"
kind = "reviews"
"#;

/// `init` with the panel above as of 25 November 2026: meetings on 26 November, 24
/// December 2026 and 28 January 2027 (4th Thursdays; none a bank holiday).
pub fn camp_like() -> Panel {
    let p = Panel::empty();
    let file = p.write("wcmp.toml", CAMP_LIKE);
    let out = p.ok(&[
        "init",
        "--no-encrypt",
        "--panel",
        file.to_str().unwrap(),
        "--meetings",
        "3",
    ]);
    assert!(out.contains("next meeting 2026-11-26"), "{out}");
    p
}

#[test]
fn the_panels_deadlines_are_listed_with_each_meeting() {
    let p = camp_like();
    let out = p.ok(&["meetings", "list"]);
    assert!(out.contains("deadlines:"), "{out}");
    // 7 calendar days before Thursday 24 December: Thursday 17 December.
    assert!(
        out.contains("2026-12-24: Papers and actions e-mailed to members by 2026-12-17 (App 5A, Working Parameters)"),
        "{out}"
    );
    // 10 working days after 24 December 2026: 25 and 28 December and 1 January are
    // bank holidays, so 12 January 2027.
    assert!(
        out.contains("2026-12-24: Minutes sent to members by 2027-01-12\n"),
        "{out}"
    );
    let json = p.ok(&["meetings", "list", "--json"]);
    assert!(json.contains("\"due\": \"2027-01-21\""), "{json}");
}

#[test]
fn the_draft_agenda_and_the_calendar_carry_the_papers_deadline() {
    let p = camp_like();
    let agenda = p.ok(&["agenda", "--meeting", "2027-01-28"]);
    assert!(
        agenda.contains(
            "Note: Papers and actions e-mailed to members by 2027-01-21 (App 5A, Working Parameters)."
        ),
        "{agenda}"
    );
    assert!(
        !agenda.contains("Appendix B"),
        "MAGPan's deadline is MAGPan's: {agenda}"
    );
    let ics = p.ok(&["calendar", "--out", "-"]);
    let unfolded = ics.replace("\r\n ", "");
    assert!(
        unfolded.contains("SUMMARY:WCMP: Papers and actions e-mailed to members"),
        "{unfolded}"
    );
    assert!(
        unfolded.contains(
            "for the 2027-01-28 meeting (one week before\\, App 5A\\, Working Parameters)"
        ),
        "{unfolded}"
    );
    // duration_minutes = 120: the meeting of 28 January ends at noon.
    assert!(
        unfolded.contains("DTSTART;TZID=Europe/London:20270128T100000\r\n"),
        "{unfolded}"
    );
    assert!(
        unfolded.contains("DTEND;TZID=Europe/London:20270128T120000\r\n"),
        "{unfolded}"
    );
}

#[test]
fn magpan_keeps_its_appendix_b_deadline_and_lists_no_meeting_deadlines() {
    let p = Panel::new();
    let out = p.ok(&["meetings", "list"]);
    assert!(!out.contains("deadlines:"), "{out}");
    let json = p.ok(&["meetings", "list", "--json"]);
    assert!(!json.contains("deadlines"), "{json}");
}

#[test]
fn minutes_not_sent_by_the_panels_deadline_are_warned_until_recorded() {
    let p = camp_like();
    let store = p.store();
    let m: i64 = p.q("SELECT id FROM meeting WHERE date = '2026-11-26'");
    let m = roundtable::store::MeetingId(m);
    store.start_meeting(m).unwrap();
    store.formally_close(m).unwrap();
    store.end_meeting(m, "2026-12-24".parse().unwrap()).unwrap();
    drop(store);
    // Ten working days after Thursday 26 November: Thursday 10 December. On the 10th
    // nothing is said; on the 11th `meetings list` warns.
    let on_time = p.run_on("2026-12-10", &["meetings", "list"]);
    assert!(
        common::new_panel::err(&on_time).is_empty(),
        "{}",
        common::new_panel::err(&on_time)
    );
    let late = p.run_on("2026-12-11", &["meetings", "list"]);
    let warning = common::new_panel::err(&late);
    assert_eq!(
        warning.trim(),
        "warning: the minutes of the meeting on 2026-11-26 are not recorded as sent: Minutes sent to members by 2026-12-10, passed; record them with `roundtable minutes sent --meeting 2026-11-26`"
    );
    // A planned meeting has no minutes to send; a day before the meeting is refused.
    let err = p.fails(&["minutes", "sent", "--meeting", "2026-12-24"]);
    assert!(
        err.contains("the meeting on 2026-12-24 has not been held"),
        "{err}"
    );
    let o = p.run_on(
        "2026-12-11",
        &[
            "minutes",
            "sent",
            "--meeting",
            "2026-11-26",
            "--on",
            "2026-11-20",
        ],
    );
    assert!(!o.status.success());
    let o = p.run_on(
        "2026-12-11",
        &["minutes", "sent", "--meeting", "2026-11-26"],
    );
    let out = common::new_panel::out(&o);
    assert!(
        out.starts_with("minutes of 2026-11-26 recorded as sent on 2026-12-11"),
        "{out}{}",
        common::new_panel::err(&o)
    );
    assert!(
        out.contains("after the deadline: Minutes sent to members by 2026-12-10"),
        "{out}"
    );
    let after = p.run_on("2026-12-11", &["meetings", "list", "--all"]);
    assert!(common::new_panel::err(&after).is_empty());
    assert!(
        common::new_panel::out(&after)
            .contains("2026-11-26: Minutes sent to members by 2026-12-10 (sent 2026-12-11)"),
        "{}",
        common::new_panel::out(&after)
    );
    let logged: i64 = p.q(
        "SELECT COUNT(*) FROM change_log WHERE tbl = 'meeting' AND col = 'minutes_sent_on' AND new_value = '2026-12-11'",
    );
    assert_eq!(logged, 1, "the day sent is in the change log");
}
