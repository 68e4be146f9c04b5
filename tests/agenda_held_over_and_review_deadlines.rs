//! Issue 11, lists and the next agenda: a referral a meeting did not reach is listed
//! for the next one and says so; reviews show the Appendix B deadline (section 7.6).
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

/// Hold the 9 December meeting and end it without reaching any new referral.
fn meeting_that_reaches_no_new_referral() -> (Harness, Vec<i64>) {
    let mut h = Harness::new();
    h.start_and_sign(3);
    let unheard: Vec<i64> = h
        .app
        .data
        .cases
        .iter()
        .filter(|c| c.kind.is_new_referrals())
        .map(|c| c.referral.id.0)
        .collect();
    assert!(!unheard.is_empty());
    h.goto(8);
    h.ctrl('f');
    h.key(KeyCode::Enter);
    h.ctrl('e');
    h.key(KeyCode::Enter);
    assert_eq!(h.app.data.date.to_string(), "2027-01-13");
    (h, unheard)
}

#[test]
fn a_referral_not_reached_is_listed_for_the_next_meeting_and_says_so() {
    let (h, unheard) = meeting_that_reaches_no_new_referral();
    let id = unheard[0];
    // `referral list --meeting NEXT` lists it (it was omitted), as not reached.
    let list = shell(
        &h,
        "2026-12-10",
        &["referral", "list", "--meeting", "2027-01-13", "--json"],
    );
    let v: serde_json::Value = serde_json::from_str(&list).unwrap();
    let rows = v
        .as_object()
        .and_then(|o| o.values().find_map(|x| x.as_array()))
        .unwrap();
    let row = rows
        .iter()
        .find(|r| r["id"].as_i64() == Some(id))
        .unwrap_or_else(|| panic!("case {id} missing from {list}"));
    assert!(
        row["placement"]
            .as_str()
            .unwrap()
            .contains("not reached on 2026-12-09"),
        "{row}"
    );
    // `--all` no longer calls it "on agenda" as if heard.
    let all = shell(&h, "2026-12-10", &["referral", "list", "--all"]);
    let line = all
        .lines()
        .find(|l| l.contains("not reached on 2026-12-09"));
    assert!(line.is_some(), "{all}");
    // The next agenda says it was not reached.
    let agenda = shell(&h, "2026-12-10", &["agenda", "--meeting", "2027-01-13"]);
    assert!(
        agenda.contains("not reached at the meeting on 2026-12-09"),
        "{agenda}"
    );
}

#[test]
fn section_7_6_the_agenda_gives_each_review_its_appendix_b_deadline() {
    let h = Harness::new();
    let agenda = shell(&h, "2026-11-25", &["agenda", "--meeting", "2026-12-09"]);
    // Two weeks before 9 December.
    assert!(
        agenda.contains("Appendix B by 2026-11-25 (section 7.6)"),
        "{agenda}"
    );
}

#[test]
fn reviews_set_for_a_meeting_move_with_it() {
    // A trial: after `meetings move`, reviews stayed on the old date in the calendar
    // and the agenda ("Due 2026-12-09" for a meeting now on the 16th).
    let h = Harness::new();
    let due: i64 = h
        .q("SELECT COUNT(*) FROM referral WHERE status = 'open' AND next_review_on = '2026-12-09'");
    assert!(due > 0);
    shell(
        &h,
        "2026-11-25",
        &["meetings", "move", "2026-12-09", "--to", "2026-12-16"],
    );
    let moved: i64 = h
        .q("SELECT COUNT(*) FROM referral WHERE status = 'open' AND next_review_on = '2026-12-16'");
    let left: i64 = h
        .q("SELECT COUNT(*) FROM referral WHERE status = 'open' AND next_review_on = '2026-12-09'");
    assert_eq!((moved, left), (due, 0));
    let agenda = shell(&h, "2026-11-25", &["agenda", "--meeting", "2026-12-16"]);
    // Only the circulation date (five working days before) is the 9th now.
    assert_eq!(agenda.matches("2026-12-09").count(), 1, "{agenda}");
    assert!(agenda.contains("Circulate by 2026-12-09"), "{agenda}");
}
