//! Issue 25, papercuts of the meeting screen. An agenda item is ticked when its work
//! is done, not when the meeting has passed it, on the chair's sidebar and the room's
//! agenda alike (one rule, `app::progress`); before the start no case counts are
//! shown; on the intelligence item the highlight follows the agency typed for.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::harness::Harness;
use ratatui::crossterm::event::KeyCode;
use roundtable::app::form::Kind;
use roundtable::app::privacy::{room_view, RoomView};
use roundtable::app::progress::{case_tally, progress, Progress};

fn item(h: &Harness, n: u32) -> roundtable::domain::agenda::AgendaItemDef {
    h.app
        .data
        .panel
        .agenda
        .iter()
        .find(|i| i.number == n)
        .unwrap()
        .clone()
}

#[test]
fn an_item_passed_with_its_work_undone_is_not_ticked() {
    let mut h = Harness::new();
    assert_eq!(
        case_tally(&h.app.data, &item(&h, 6)),
        None,
        "no [0/0] before the start"
    );
    h.key(KeyCode::Enter); // started: item 1, nobody marked
    h.key(KeyCode::PageDown);
    h.key(KeyCode::PageDown);
    assert_eq!(h.app.item, 3);
    // Introductions, appendix D item 1: passed, nobody marked.
    assert_eq!(progress(&h.app.data, &item(&h, 1), 3), Progress::Unfinished);
    let room = room_view(&h.app.data, Some(3), None, &Default::default());
    let RoomView::Meeting(m) = room else {
        panic!("the room sees the meeting")
    };
    assert!(
        m.agenda.iter().filter(|i| i.number <= 2).all(|i| !i.done),
        "the room does not tick items nobody did: {:?}",
        m.agenda
    );
    // Marked, it is done.
    h.goto(1);
    h.key(KeyCode::Char('p'));
    assert_eq!(progress(&h.app.data, &item(&h, 1), 3), Progress::Done);
}

#[test]
fn a_case_item_passed_with_pages_to_do_is_unfinished_for_the_room_too() {
    let mut h = Harness::new();
    h.start_and_sign(3);
    h.goto(8);
    let (done, total) = case_tally(&h.app.data, &item(&h, 7)).unwrap();
    assert!(total > done);
    assert_eq!(progress(&h.app.data, &item(&h, 7), 8), Progress::Unfinished);
    let RoomView::Meeting(m) = room_view(&h.app.data, Some(8), None, &Default::default()) else {
        panic!("the room sees the meeting")
    };
    let seven = m.agenda.iter().find(|i| i.number == 7).unwrap();
    assert!(!seven.done, "{seven:?}");
}

#[test]
fn the_agency_highlight_follows_the_agency_typed_for() {
    let mut h = Harness::new();
    h.start_and_sign(3);
    h.goto(5);
    if h.app.form.focus != 0 {
        h.key(KeyCode::Tab); // from the note to the agencies
    }
    assert_eq!(h.app.form.focus, 0);
    h.key(KeyCode::Down);
    let Kind::List { selected, .. } = &h.app.form.fields[0].kind else {
        panic!("the agency list first")
    };
    assert_eq!(*selected, 1);
    assert_eq!(h.app.sel, 1);
}

/// Issue 25: a case page opens on its minutes, where the minute-taker types; a review
/// too (it opened on the lead agency update).
#[test]
fn a_review_page_opens_on_its_minutes() {
    let mut h = Harness::new();
    h.open_first_case(8);
    assert_eq!(h.app.form.focused().unwrap().label, "Minutes");
    h.typ("Seen by the lead agency twice since");
    assert!(h.text().ends_with("Seen by the lead agency twice since"));
    // Started again on the same terminal, back on the page: on its minutes too (it
    // opened on the lead agency update, which scrolled the minutes out of a 60x20 view).
    let again = h.peer("terminal-a");
    assert!(again.app.case.is_some(), "back on the case page");
    assert_eq!(again.app.form.focused().unwrap().label, "Minutes");
}

/// Issue 25: the screening dialog for a referral screened already opens on the outcome
/// recorded (section 11), not "not set".
#[test]
fn a_screened_referral_opens_on_its_recorded_outcome() {
    let mut h = Harness::new();
    h.key(KeyCode::F(7));
    let at = h
        .app
        .data
        .referrals
        .iter()
        .position(|r| r.screening == "intelligence" || r.screening == "no_intelligence")
        .expect("the demo has a screened referral");
    let want = if h.app.data.referrals[at].screening == "intelligence" {
        0
    } else {
        1
    };
    for _ in 0..at {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Char('s'));
    let d = h.app.dialog.as_ref().expect("the screening dialog");
    assert_eq!(d.form.fields[0].chosen(), Some(want));
    // Who screened it and when, as recorded (section 11), not blanks.
    let (by, on): (String, String) = h
        .store
        .conn()
        .query_row(
            "SELECT screening_by, screening_on FROM referral WHERE id = ?1",
            [h.app.data.referrals[at].id.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(!by.is_empty());
    let shown = |label: &str| -> String {
        let f = d
            .form
            .fields
            .iter()
            .find(|f| f.label.starts_with(label))
            .unwrap();
        match &f.kind {
            Kind::Text(t) => t.value(),
            _ => panic!("{label} is text"),
        }
    };
    assert_eq!(shown("Risk assessment by"), by);
    assert_eq!(shown("On (YYYY-MM-DD"), on);
}

/// Issue 25: at 80×24 every key list in the help is shown whole somewhere as it scrolls
/// (a list wider than the key column has a line of its own).
#[test]
fn every_key_list_in_the_help_is_shown_whole_at_80x24() {
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;
    let mut h = Harness::new();
    h.key(KeyCode::F(1));
    assert!(h.app.help);
    let mut seen = String::new();
    for _ in 0..120 {
        let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
        t.draw(|f| roundtable::ui::render(&h.app, f)).unwrap();
        let buf = t.backend().buffer();
        for y in 0..24 {
            let row: String = (0..80).map(|x| buf[(x, y)].symbol().to_string()).collect();
            seen.push_str(&row);
            seen.push('\n');
        }
        h.key(KeyCode::Down);
    }
    for (keys, what, where_) in roundtable::app::keys::rows() {
        assert!(seen.contains(keys), "{keys:?} never shown whole");
        // A key list wider than the key column stands on a line of its own, so its
        // text is wrapped whole below it instead of running off the box.
        if keys.chars().count() > 18 {
            let own_line = seen.lines().any(|l| {
                l.split('│')
                    .nth(1)
                    .is_some_and(|inside| inside.trim_end() == keys)
            });
            assert!(own_line, "{keys:?} shares its line with text that is cut");
        }
        // The last word of its text is shown.
        let last = format!("{what} ({where_})")
            .split_whitespace()
            .last()
            .unwrap()
            .to_string();
        assert!(seen.contains(&last), "{keys}: {last:?} never shown");
    }
}

/// Issue 25: the room's screen started where there is no terminal (a script, a pipe)
/// says so in one line instead of the system's "No such device or address".
#[test]
fn present_without_a_terminal_says_what_it_needs() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_by_binary(dir.path(), "demo.db");
    let o = common::rt(&db, None, &["present"]);
    let err = common::stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("terminal window") && !err.contains("os error"),
        "{err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
}

/// Issue 25 (a trial): on the members, referrals and schedule screens what a key said
/// does not stay on after the next key, as on the meeting's pages.
#[test]
fn a_message_on_the_schedule_screen_goes_with_the_next_key() {
    let mut h = Harness::new();
    h.key(KeyCode::F(8));
    let closed = h
        .app
        .data
        .schedule
        .iter()
        .position(|m| m.state != roundtable::domain::types::MeetingState::Planned)
        .expect("a meeting held already");
    for _ in 0..closed {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Enter);
    let (m, _) = h.app.message.clone().unwrap();
    assert!(m.contains("Only a planned meeting"), "{m}");
    h.key(KeyCode::Down);
    assert_eq!(h.app.message, None);
}

#[test]
fn an_intelligence_item_passed_with_every_box_empty_is_not_ticked() {
    // Appendix D items 4 and 5: the police and the other agencies say what they know;
    // passing them with nothing typed is not done (a tester saw "✓" over "(empty)").
    let mut h = Harness::new();
    h.start_and_sign(3);
    h.goto(6);
    assert_eq!(progress(&h.app.data, &item(&h, 4), 6), Progress::Unfinished);
    assert_eq!(progress(&h.app.data, &item(&h, 5), 6), Progress::Unfinished);
    h.goto(4);
    h.key(KeyCode::Tab);
    h.typ("Two robberies near the station this month.");
    h.key(KeyCode::Tab);
    h.wait(3000); // saved, and the data read back
    let body: String = h
        .store
        .conn()
        .query_row(
            "SELECT body FROM intelligence WHERE is_police = 1 AND meeting_id = ?1",
            [h.meeting.0],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(body, "Two robberies near the station this month.");
    h.goto(6);
    assert_eq!(progress(&h.app.data, &item(&h, 4), 6), Progress::Done);
    assert_eq!(
        progress(&h.app.data, &item(&h, 5), 6),
        Progress::Unfinished,
        "the police's note does not tick the other agencies' item"
    );
}

#[test]
fn hints_at_80x24_leave_out_whole_parts_and_keep_the_way_back() {
    // A tester saw "F5 back to" and "Ctrl-O chair o" cut at 80 columns: a hint now
    // leaves out whole parts (" … ") and always keeps its last one.
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;
    let screen = |h: &Harness| {
        let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
        t.draw(|f| roundtable::ui::render(&h.app, f)).unwrap();
        format!("{}", t.backend())
    };
    for key in [KeyCode::F(6), KeyCode::F(7), KeyCode::F(8)] {
        let mut h = Harness::new();
        h.key(KeyCode::Enter);
        h.key(key);
        let s = screen(&h);
        let line = s
            .lines()
            .find(|l| l.contains("back to"))
            .unwrap_or_else(|| panic!("{s}"));
        assert!(line.contains("F5 back to the meeting"), "{line}");
    }
    let mut h = Harness::new();
    h.key(KeyCode::Enter);
    h.key(KeyCode::Char('p'));
    h.goto(3);
    let s = screen(&h);
    let line = s.lines().find(|l| l.contains("Locked:")).unwrap();
    assert!(line.contains("Ctrl-O chair override"), "{line}");
}

/// Issue 25: the hint under an item's heading comes from the part with the focus (it
/// read "Tab: agencies" while the agency list had it): on the list, how to choose
/// and that Tab goes to the note; in the note, that typing saves and Tab goes back.
#[test]
fn the_hint_follows_the_focused_part() {
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;
    let hint = |h: &Harness| {
        let mut t = Terminal::new(TestBackend::new(120, 30)).unwrap();
        t.draw(|f| roundtable::ui::render(&h.app, f)).unwrap();
        let s = format!("{}", t.backend());
        s.lines()
            .find(|l| l.contains("Tab:"))
            .unwrap_or_else(|| panic!("{s}"))
            .to_string()
    };
    let mut h = Harness::new();
    h.start_and_sign(3);
    h.goto(5);
    let note = h.app.form.fields[1].label.clone();
    if h.app.form.focus != 1 {
        h.key(KeyCode::Tab);
    }
    let line = hint(&h);
    assert!(
        line.contains("Type") && line.contains("Tab: Agency"),
        "{line}"
    );
    h.key(KeyCode::Tab);
    assert_eq!(h.app.form.focus, 0, "the agency list");
    let line = hint(&h);
    assert!(!line.contains("Type"), "{line}");
    assert!(line.contains("Up/Down"), "{line}");
    let short: String = note.chars().take(12).collect();
    assert!(line.contains(&format!("Tab: {short}")), "{line}");
}
