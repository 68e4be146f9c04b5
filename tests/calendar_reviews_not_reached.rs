//! Issue 20: the calendar agrees with the agenda about reviews a meeting did not
//! reach. The 9 December meeting ends with its reviews (item 8, MAGPan Appendix D)
//! unheard; the next agenda lists them for 13 January (section 7.6: reviews are heard
//! at the panel), and the calendar now shows each review on 13 January too, with the
//! same UID and a higher SEQUENCE so a calendar that had it on 9 December moves it,
//! instead of keeping it on the past date.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::harness::Harness;
use ratatui::crossterm::event::KeyCode;

fn shell(h: &Harness, today: &str, args: &[&str]) -> String {
    let o = std::process::Command::new(common::bin())
        .arg("--db")
        .arg(h.store.path())
        .args(args)
        .env("ROUNDTABLE_TODAY", today)
        .env_remove("ROUNDTABLE_DB")
        .env_remove("ROUNDTABLE_KEY")
        .output()
        .unwrap();
    assert!(o.status.success(), "{args:?}: {}", common::stderr(&o));
    common::stdout(&o)
}

/// The calendar's review events as (case id, date YYYYMMDD, sequence), from the
/// .ics text.
fn reviews(h: &Harness, today: &str) -> Vec<(i64, String, i64)> {
    let ics = shell(h, today, &["calendar", "--out", "-"]).replace("\r\n ", "");
    let mut out = vec![];
    for block in ics.split("BEGIN:VEVENT").skip(1) {
        let field = |name: &str| {
            block
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.rsplit(':').next())
                .unwrap_or_default()
                .trim()
                .to_string()
        };
        let uid = field("UID:");
        let Some(case) = uid
            .split("-case-")
            .nth(1)
            .and_then(|rest| rest.strip_suffix("-review@roundtable"))
        else {
            continue;
        };
        out.push((
            case.parse().unwrap(),
            field("DTSTART"),
            field("SEQUENCE:").parse().unwrap(),
        ));
    }
    out
}

#[test]
fn reviews_a_meeting_did_not_reach_move_to_the_next_meeting_in_the_calendar() {
    let mut h = Harness::new();
    let before = reviews(&h, "2026-11-25");
    let due: Vec<(i64, i64)> = before
        .iter()
        .filter(|(_, d, _)| d == "20261209")
        .map(|(id, _, seq)| (*id, *seq))
        .collect();
    assert!(!due.is_empty(), "reviews due on 9 December: {before:?}");
    // Hold the meeting and end it without hearing a review.
    h.start_and_sign(3);
    h.goto(8);
    h.ctrl('f');
    h.key(KeyCode::Enter);
    h.ctrl('e');
    h.key(KeyCode::Enter);
    assert_eq!(h.app.data.date.to_string(), "2027-01-13");
    let agenda = shell(&h, "2026-12-10", &["agenda", "--meeting", "2027-01-13"]);
    let after = reviews(&h, "2026-12-10");
    for (id, seq) in due {
        let row = agenda
            .lines()
            .find(|l| l.split_whitespace().nth(1) == Some(&id.to_string()));
        assert!(row.is_some(), "case {id} is on the next agenda: {agenda}");
        let (_, date, new_seq) = after
            .iter()
            .find(|(c, _, _)| *c == id)
            .unwrap_or_else(|| panic!("case {id}'s review left the calendar: {after:?}"));
        assert_eq!(date, "20270113", "case {id}");
        assert!(*new_seq > seq, "case {id}: sequence {seq} -> {new_seq}");
    }
}
