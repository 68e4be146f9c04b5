//! Issue 25, what the last tester and the lead's read-back left: a one-line field
//! longer than its box shows its start unless it is typed in; every dialog fits or
//! scrolls at the smallest size the app draws; a pasted tab is never silently made
//! a space. Screens drawn with TestBackend; names are invented.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::harness::Harness;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use ratatui::Terminal;
use roundtable::app::form::Kind;
use roundtable::app::{MIN_HEIGHT, MIN_WIDTH};

fn screen(h: &Harness, w: u16, ht: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, ht)).unwrap();
    t.draw(|f| roundtable::ui::render(&h.app, f)).unwrap();
    format!("{}", t.backend())
}

const LONG: &str = "Startword alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango Endword";

#[test]
fn a_one_line_field_longer_than_its_box_shows_its_start_unless_typed_in() {
    let mut h = Harness::new();
    h.open_first_case(6);
    h.ctrl('a');
    assert_eq!(
        h.app.dialog.as_ref().unwrap().form.focused().unwrap().label,
        "What"
    );
    h.paste(LONG);
    let s = screen(&h, 80, 24);
    assert!(
        s.contains("Endword"),
        "typing: the cursor's part shows\n{s}"
    );
    h.key(KeyCode::Home);
    let s = screen(&h, 80, 24);
    assert!(
        s.contains("Startword"),
        "the cursor at the start: the start\n{s}"
    );
    h.key(KeyCode::End);
    h.key(KeyCode::Tab);
    let s = screen(&h, 80, 24);
    assert!(
        s.contains("Startword") && !s.contains("Endword"),
        "not focused: the start, cut at the box\n{s}"
    );
}

/// Every line of `s` that is inside the dialog's frame: the dialog is drawn whole
/// when its top and bottom borders both show.
fn framed(s: &str, title: &str) -> bool {
    let start: String = title.chars().take(12).collect();
    let top = s.lines().position(|l| l.contains(&format!(" {start}")));
    let Some(top) = top else { return false };
    let col = s.lines().nth(top).unwrap().find('┌');
    col.is_some() && s.lines().skip(top + 1).any(|l| l.contains('└'))
}

#[test]
fn the_formal_close_dialog_fits_or_scrolls_at_the_smallest_size() {
    let mut h = Harness::new();
    h.start_and_sign(3);
    h.goto(8);
    h.ctrl('f');
    let d = h.app.dialog.as_ref().expect("the formal close dialog");
    let title = d.title.clone();
    let last = d
        .note
        .iter()
        .rev()
        .find(|n| !n.trim().is_empty())
        .unwrap()
        .trim()
        .to_string();
    let s = screen(&h, MIN_WIDTH, MIN_HEIGHT);
    assert!(framed(&s, &title), "{s}");
    if !s.contains(&last) {
        // Cut: it says so, and PgDn brings the rest.
        assert!(
            s.contains("PgDn"),
            "a cut dialog says how to see the rest\n{s}"
        );
        for _ in 0..10 {
            h.key(KeyCode::PageDown);
        }
        let s = screen(&h, MIN_WIDTH, MIN_HEIGHT);
        assert!(s.contains(&last), "scrolled to its end\n{s}");
        assert_eq!(h.app.item, 8, "PgDn in a dialog scrolls it, not the agenda");
    }
}

/// The open dialog at the smallest size: its frame whole; each field on screen as
/// Tab reaches it; when its notes are cut, the border says PgDn and PgDn shows the
/// rest. Closed with Esc after. Returns its title.
fn check_open_dialog(h: &mut Harness) -> String {
    let d = h.app.dialog.as_ref().unwrap();
    let (title, n) = (d.title.clone(), d.form.fields.len());
    for _ in 0..n.max(1) {
        let s = screen(h, MIN_WIDTH, MIN_HEIGHT);
        assert!(framed(&s, &title), "{title}:\n{s}");
        if let Some(f) = h.app.dialog.as_ref().unwrap().form.focused() {
            let label: String = f.label.chars().take(8).collect();
            assert!(s.contains(&label), "{title}: {label:?} not shown\n{s}");
        }
        h.key(KeyCode::Tab);
    }
    let d = h.app.dialog.as_ref().unwrap();
    if let Some(last) = d.note.iter().rev().find(|n| !n.trim().is_empty()) {
        let last: String = last.trim().chars().take(20).collect();
        let s = screen(h, MIN_WIDTH, MIN_HEIGHT);
        if !s.contains(&last) {
            assert!(
                s.contains("PgDn") || s.contains("PgUp"),
                "{title}: cut without a word\n{s}"
            );
        }
    }
    for _ in 0..3 {
        if h.app.dialog.is_none() {
            break;
        }
        h.key(KeyCode::Esc);
    }
    assert!(h.app.dialog.is_none(), "{title}: Esc closes it");
    title
}

/// Every dialog of the meeting screen and the screens between meetings, opened by
/// its key on the demo, checked at the smallest size the app draws.
#[test]
fn every_dialog_fits_or_scrolls_at_the_smallest_size() {
    let mut h = Harness::new();
    let mut seen = vec![];
    let open = |h: &mut Harness, keys: &[KeyCode], ctrl: Option<char>, seen: &mut Vec<String>| {
        for k in keys {
            h.key(*k);
        }
        if let Some(c) = ctrl {
            h.ctrl(c);
        }
        if h.app.dialog.is_some() {
            seen.push(check_open_dialog(h));
        }
    };
    h.key(KeyCode::Enter); // start
    h.key(KeyCode::Char('p'));
    open(&mut h, &[KeyCode::Char('v')], None, &mut seen); // a visitor
    open(&mut h, &[KeyCode::Char('g')], None, &mut seen); // a guest
    open(
        &mut h,
        &[KeyCode::Down, KeyCode::Char('w')],
        None,
        &mut seen,
    ); // a written submission
    h.goto(3);
    open(&mut h, &[], Some('o'), &mut seen); // the gate override
    for _ in 0..3 {
        h.key(KeyCode::Char(' '));
    }
    h.goto(6);
    h.key(KeyCode::Enter);
    open(&mut h, &[], Some('a'), &mut seen); // an action
    h.key(KeyCode::Esc);
    h.goto(8);
    open(&mut h, &[], Some('f'), &mut seen); // the formal close
    h.ctrl('f');
    h.key(KeyCode::Enter);
    open(&mut h, &[], Some('a'), &mut seen); // a MAPPA note
    open(&mut h, &[], Some('e'), &mut seen); // the end of the meeting
    open(
        &mut h,
        &[KeyCode::F(6), KeyCode::Char('n')],
        None,
        &mut seen,
    ); // a member
    open(&mut h, &[KeyCode::Char('r')], None, &mut seen); // retire one
    open(
        &mut h,
        &[KeyCode::F(8), KeyCode::Char('n')],
        None,
        &mut seen,
    ); // a meeting
    open(
        &mut h,
        &[KeyCode::F(7), KeyCode::Char('s')],
        None,
        &mut seen,
    ); // screening
    assert!(seen.len() >= 12, "dialogs checked: {seen:?}");
}

/// A tab pasted into minutes is kept (a table laid out with tabs stays one) and
/// shown expanded, never as a control character; in a one-line field it becomes a
/// space and the status line says so, with what else was changed.
#[test]
fn a_pasted_tab_is_kept_in_minutes_and_said_in_a_one_line_field() {
    let mut h = Harness::new();
    h.open_first_case(6);
    h.focus("Minutes");
    h.paste("Agency\tAction\nEDU\tvisit");
    assert!(
        h.text().ends_with("Agency\tAction\nEDU\tvisit"),
        "{:?}",
        h.text()
    );
    let s = screen(&h, 120, 40);
    assert!(
        s.contains("Agency  Action") && s.contains("EDU     visit"),
        "{s}"
    );
    h.wait(5000);
    let stored: i64 = h.q(
        "SELECT count(*) FROM case_discussion WHERE instr(minutes, 'EDU' || char(9) || 'visit') > 0",
    );
    assert_eq!(stored, 1, "the tab is in the record");
    // Not focused, the minutes show the tab the same way.
    h.key(KeyCode::Tab);
    let s = screen(&h, 120, 40);
    assert!(s.contains("EDU     visit"), "{s}");

    h.ctrl('a');
    h.paste("Call\tthe school\nby Friday");
    let d = h.app.dialog.as_ref().unwrap();
    let Kind::Text(t) = &d.form.focused().unwrap().kind else {
        panic!()
    };
    assert_eq!(t.value(), "Call the school by Friday");
    let said = h
        .app
        .message
        .as_ref()
        .map(|(m, _)| m.clone())
        .unwrap_or_default();
    assert!(
        said.contains("tab") && said.contains("line break") && said.contains("space"),
        "{said:?}"
    );
}
