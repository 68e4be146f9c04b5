//! Issue 20, gap rows B2 and B3: meeting patterns other than monthly. Each panel's
//! dates over a whole year of the England and Wales calendar, bank holidays moved to
//! the next working day, and what ending a meeting proposes next. Patterns from the
//! seeds: MAVE "every two weeks" (001 "Frequency"), MARAC "held four weekly ... on a
//! Tuesday at 1300hours" (003 App 3A "Frequency of Meetings"), DYO "the fourth
//! Thursday of every month" (003 App 4A "Meeting Schedule"), MAGPan the second
//! Wednesday (000 section 3.3); the quarterly panel is invented.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

use chrono::NaiveDate;
use roundtable::domain::cadence::Cadence;
use roundtable::domain::calendar::WorkingCalendar;
use roundtable::domain::panel_def::{shipped_file, PanelDef, MAGPAN_TOML};
use roundtable::store::meeting::default_next_meeting;

const MAGPAN_PATTERN: &str = "[meeting_pattern]
# Section 3.3: at least monthly.
every = \"month\"
weekday = \"Wednesday\"
week_of_month = 2
start_time = \"10:00\"
";

/// MAGPan's file with its `[meeting_pattern]` replaced by `pattern`.
fn panel(pattern: &str) -> Result<PanelDef, String> {
    assert!(
        MAGPAN_TOML.contains(MAGPAN_PATTERN),
        "the shipped pattern moved"
    );
    PanelDef::parse(&MAGPAN_TOML.replace(MAGPAN_PATTERN, pattern), &shipped_file)
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn dates(list: &[&str]) -> Vec<NaiveDate> {
    list.iter().map(|s| d(s)).collect()
}

/// The panel's meetings in 2027.
fn year_2027(p: &PanelDef) -> Vec<NaiveDate> {
    let cal = WorkingCalendar::shipped();
    p.meetings_from(d("2027-01-01"), 60, &cal)
        .into_iter()
        .take_while(|m| *m < d("2028-01-01"))
        .collect()
}

#[test]
fn fortnightly_monday_panel_over_2027_moves_easter_and_summer_bank_holidays() {
    // MAVE meets "every two weeks" (001 "Frequency"); on Mondays here so that bank
    // holidays fall on the series: Easter Monday 29 March and the Summer bank
    // holiday 30 August move to the Tuesday after.
    let p = panel(
        "[meeting_pattern]\nevery = \"weeks\"\ninterval = 2\nanchor = \"2027-01-04\"\nweekday = \"Monday\"\nstart_time = \"09:30\"\nduration_minutes = 180\n",
    )
    .unwrap();
    let want = dates(&[
        "2027-01-04",
        "2027-01-18",
        "2027-02-01",
        "2027-02-15",
        "2027-03-01",
        "2027-03-15",
        "2027-03-30",
        "2027-04-12",
        "2027-04-26",
        "2027-05-10",
        "2027-05-24",
        "2027-06-07",
        "2027-06-21",
        "2027-07-05",
        "2027-07-19",
        "2027-08-02",
        "2027-08-16",
        "2027-08-31",
        "2027-09-13",
        "2027-09-27",
        "2027-10-11",
        "2027-10-25",
        "2027-11-08",
        "2027-11-22",
        "2027-12-06",
        "2027-12-20",
    ]);
    assert_eq!(year_2027(&p), want);
    assert_eq!(
        p.meeting_pattern.duration_minutes,
        Some(180),
        "001: three hours"
    );
    // Ending the meeting before Easter proposes the Tuesday after Easter Monday.
    assert_eq!(
        default_next_meeting(d("2027-03-15"), &p.meeting_pattern),
        d("2027-03-30")
    );
    // The series runs on from the moved meeting, not from the Tuesday.
    assert_eq!(
        default_next_meeting(d("2027-03-30"), &p.meeting_pattern),
        d("2027-04-12")
    );
}

#[test]
fn four_weekly_tuesday_panel_over_2027_moves_the_boxing_day_substitute() {
    // MARAC: "held four weekly ... on a Tuesday at 1300hours" (003 App 3A). The
    // 28 December 2027 meeting falls on the Boxing Day substitute bank holiday.
    let p = panel(
        "[meeting_pattern]\nevery = \"weeks\"\ninterval = 4\nanchor = \"2027-01-26\"\nstart_time = \"13:00\"\n",
    )
    .unwrap();
    let want = dates(&[
        "2027-01-26",
        "2027-02-23",
        "2027-03-23",
        "2027-04-20",
        "2027-05-18",
        "2027-06-15",
        "2027-07-13",
        "2027-08-10",
        "2027-09-07",
        "2027-10-05",
        "2027-11-02",
        "2027-11-30",
        "2027-12-29",
    ]);
    assert_eq!(year_2027(&p), want);
    // The anchor may be any meeting of the series: one 52 weeks earlier gives the same.
    let earlier = panel(
        "[meeting_pattern]\nevery = \"weeks\"\ninterval = 4\nanchor = \"2026-01-27\"\nweekday = \"Tuesday\"\n",
    )
    .unwrap();
    assert_eq!(year_2027(&earlier), want);
    // The meeting before the first of 2027 (29 December 2026) is found from 28 Dec.
    let cal = WorkingCalendar::shipped();
    assert_eq!(
        p.meetings_from(d("2026-12-28"), 2, &cal),
        dates(&["2026-12-29", "2027-01-26"])
    );
}

#[test]
fn weekly_and_six_weekly_intervals() {
    let weekly =
        panel("[meeting_pattern]\nevery = \"weeks\"\ninterval = 1\nanchor = \"2027-04-28\"\n")
            .unwrap();
    assert_eq!(year_2027(&weekly).len(), 52, "every Wednesday of 2027");
    let six =
        panel("[meeting_pattern]\nevery = \"weeks\"\ninterval = 6\nanchor = \"2027-01-08\"\n")
            .unwrap();
    // Fridays six weeks apart: Good Friday (26 March) falls between 19 February and
    // 2 April, so none of these moves.
    assert_eq!(
        year_2027(&six),
        dates(&[
            "2027-01-08",
            "2027-02-19",
            "2027-04-02",
            "2027-05-14",
            "2027-06-25",
            "2027-08-06",
            "2027-09-17",
            "2027-10-29",
            "2027-12-10",
        ])
    );
}

#[test]
fn quarterly_panel_first_monday_of_every_third_month_moves_early_may() {
    // An invented quarterly board: the 1st Monday of February, May, August and
    // November (the anchor names one of its months). 3 May 2027 is the Early May bank
    // holiday: the meeting moves to Tuesday 4 May.
    let p = panel(
        "[meeting_pattern]\nevery = \"quarter\"\nanchor = \"2027-05-01\"\nweekday = \"Monday\"\nweek_of_month = 1\n",
    )
    .unwrap();
    assert_eq!(
        year_2027(&p),
        dates(&["2027-02-01", "2027-05-04", "2027-08-02", "2027-11-01"])
    );
    assert_eq!(
        default_next_meeting(d("2027-11-01"), &p.meeting_pattern),
        d("2028-02-07")
    );
}

#[test]
fn monthly_patterns_are_as_before() {
    // MAGPan (000 section 3.3): the 2nd Wednesday; ending a meeting proposes next
    // month's, and the shipped file gives the same dates as before issue 20.
    let m = PanelDef::magpan();
    let cal = WorkingCalendar::shipped();
    assert_eq!(
        m.meetings_from(d("2026-11-12"), 3, &cal),
        dates(&["2026-12-09", "2027-01-13", "2027-02-10"])
    );
    assert_eq!(
        default_next_meeting(d("2026-12-09"), &m.meeting_pattern),
        d("2027-01-13")
    );
    // An extra meeting on 2 December: the pattern's next is still 9 December.
    assert_eq!(
        default_next_meeting(d("2026-12-02"), &m.meeting_pattern),
        d("2026-12-09")
    );
    // DYO: the fourth Thursday of every month (003 App 4A "Meeting Schedule"); 24
    // December 2026 is not a bank holiday, so it stays.
    let dyo =
        panel("[meeting_pattern]\nevery = \"month\"\nweekday = \"Thursday\"\nweek_of_month = 4\n")
            .unwrap();
    assert_eq!(
        dyo.meetings_from(d("2026-12-01"), 2, &cal),
        dates(&["2026-12-24", "2027-01-28"])
    );
    assert_eq!(
        dyo.cadence(),
        Cadence::Monthly {
            weekday: chrono::Weekday::Thu,
            nth: 4
        }
    );
    assert_eq!(dyo.cadence().describe(), "the 4th Thursday of every month");
}

#[test]
fn a_pattern_that_does_not_hold_is_refused_naming_its_key() {
    let err = |pattern: &str| panel(pattern).unwrap_err();
    let e = err("[meeting_pattern]\nevery = \"fortnight\"\nweekday = \"Monday\"\n");
    assert!(
        e.contains("meeting_pattern.every: \"fortnight\": one of"),
        "{e}"
    );
    let e = err("[meeting_pattern]\nevery = \"weeks\"\ninterval = 2\n");
    assert!(e.contains("meeting_pattern.anchor: needed"), "{e}");
    let e = err("[meeting_pattern]\nevery = \"weeks\"\nanchor = \"2027-01-04\"\n");
    assert!(e.contains("meeting_pattern.interval: needed"), "{e}");
    // 4 January 2027 is a Monday.
    let e = err("[meeting_pattern]\nevery = \"weeks\"\ninterval = 2\nanchor = \"2027-01-04\"\nweekday = \"Thursday\"\n");
    assert!(
        e.contains("meeting_pattern.weekday: Thursday but the anchor 2027-01-04 is a Mon"),
        "{e}"
    );
    let e = err("[meeting_pattern]\nevery = \"month\"\ninterval = 2\nweekday = \"Monday\"\nweek_of_month = 1\n");
    assert!(
        e.contains("meeting_pattern.interval: only with every = \"weeks\""),
        "{e}"
    );
    let e =
        err("[meeting_pattern]\nevery = \"quarter\"\nweekday = \"Monday\"\nweek_of_month = 1\n");
    assert!(
        e.contains("meeting_pattern.anchor: needed with every = \"quarter\""),
        "{e}"
    );
    let e = err("[meeting_pattern]\nevery = \"month\"\nweekday = \"Monday\"\nweek_of_month = 6\n");
    assert!(
        e.contains("meeting_pattern.week_of_month: must be 1 to 5"),
        "{e}"
    );
    let e = err("[meeting_pattern]\nevery = \"month\"\nweekday = \"Monday\"\nweek_of_month = 1\nstart_time = \"ten\"\n");
    assert!(e.contains("meeting_pattern.start_time"), "{e}");
    let e = err("[meeting_pattern]\nevery = \"month\"\nweekday = \"Monday\"\nweek_of_month = 1\nfrequency = 2\n");
    assert!(e.contains("frequency"), "an unknown key is named: {e}");
}
