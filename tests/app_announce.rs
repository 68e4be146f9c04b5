//! Issue 28 item 1, the screen-reader mode: what the meeting screen says as lines
//! (src/app/announce.rs), driven with keys and no terminal on the invented demo
//! panel (MAGPan, seed 000: items 1-2 attendance, 3 the confidentiality statement of
//! Appendix C, 6 new referrals under 18). Each key's change is one line; nothing is
//! drawn, so no line holds box drawing.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::announce::{has, k, say};
use common::harness::Harness;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use roundtable::app::announce::{announce, changes, key_lines, Announcement, HELP};
use roundtable::tui::plain::typed_echo;

#[test]
fn starting_the_meeting_is_said_with_its_save_and_the_row_chosen() {
    let mut h = Harness::new();
    let first = changes(&Announcement::default(), &announce(&h.app));
    assert!(has(&first, "planned: Enter starts it"), "{first:?}");
    assert!(has(&first, "Item 1 of "), "{first:?}");
    assert_eq!(announce(&h.app).place, "Item 1");
    let lines = say(&mut h, k(KeyCode::Enter));
    assert!(has(&lines, "in progress"), "{lines:?}");
    assert!(has(&lines, "Meeting started"), "{lines:?}");
    assert!(
        lines.iter().any(|l| l.starts_with("Saved at ")),
        "{lines:?}"
    );
    // Nothing changed, nothing said.
    let a = announce(&h.app);
    assert!(changes(&a, &a).is_empty());
}

#[test]
fn a_mark_says_who_was_marked_and_who_is_chosen_next_and_the_gate_follows() {
    let mut h = Harness::new();
    h.key(KeyCode::Enter);
    let name = h.app.data.members[0].name.clone();
    let next = h.app.data.members[1].name.clone();
    let lines = say(&mut h, k(KeyCode::Char('p')));
    let n = announce(&h.app).rows.len();
    // Each row says the name, the agency and the mark (and a role other than member).
    let agency = |i: usize| {
        let m = &h.app.data.members[i];
        h.app.data.agency_code(Some(m.agency))
    };
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("Row 1 of {n} now: {name}, {}, present", agency(0)))),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("Row 2 of {n}: {next}, {}, not marked", agency(1)))),
        "{lines:?}"
    );
    assert!(has(&lines, "Case items locked: 1 not signed"), "{lines:?}");
    // To the signing item: the item, then the first to sign.
    h.key(KeyCode::PageDown);
    let lines = say(&mut h, k(KeyCode::PageDown));
    assert!(has(&lines, "Item 3 of "), "{lines:?}");
    assert!(
        lines.contains(&format!("Row 1 of 1: {name}, not signed")),
        "{lines:?}"
    );
    let lines = say(&mut h, k(KeyCode::Char(' ')));
    assert!(has(&lines, &format!("{name}, signed")), "{lines:?}");
    assert!(
        has(&lines, "Everyone present has signed: case items are open"),
        "{lines:?}"
    );
}

#[test]
fn a_case_page_says_item_case_and_field_and_the_prompt_says_where() {
    let mut h = Harness::new();
    h.start_and_sign(3);
    h.goto(6);
    let lines = say(&mut h, k(KeyCode::Enter));
    let n = h.app.cases().len();
    let c = h.app.current_case().unwrap().referral.clone();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("Case 1 of {n}: "))
                && l.contains(&format!(", {}", c.age.unwrap()))),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"Field Minutes, text, empty".to_string()),
        "{lines:?}"
    );
    assert_eq!(
        announce(&h.app).place,
        format!("Item 6, case 1 of {n}, field Minutes")
    );
    // Typing is echoed by the runner, not said again as a line.
    let lines = say(&mut h, k(KeyCode::Char('W')));
    assert!(lines.is_empty(), "{lines:?}");
    // The next field is said with its value; a choice stepped is said at once.
    let lines = say(&mut h, k(KeyCode::Tab));
    assert!(has(&lines, "Field Decision, choice of"), "{lines:?}");
    let lines = say(&mut h, k(KeyCode::Right));
    assert!(has(&lines, "(not recorded: Enter records it)"), "{lines:?}");
    // Back to the first field: its value now.
    say(&mut h, k(KeyCode::Enter));
    let lines = say(&mut h, k(KeyCode::BackTab));
    assert!(
        lines.contains(&"Field Minutes, text: W".to_string()),
        "{lines:?}"
    );
    // Done refused: the warning is said.
    let lines = say(
        &mut h,
        KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL),
    );
    assert!(has(&lines, "Warning: Not done yet. Missing:"), "{lines:?}");
    // Esc: back to the list, said.
    let lines = say(&mut h, k(KeyCode::Esc));
    assert!(has(&lines, "Back to the case list"), "{lines:?}");
    assert!(has(&lines, &format!("Row 1 of {n}: ")), "{lines:?}");
}

#[test]
fn a_dialog_says_what_it_asks_and_that_it_closed() {
    let mut h = Harness::new();
    h.open_first_case(6);
    let lines = say(
        &mut h,
        KeyEvent::new(KeyCode::Char('a'), KeyModifiers::CONTROL),
    );
    let d = h.app.dialog.as_ref().unwrap();
    // One line: the title, then the notes as sentences (their wrapped lines joined).
    let said = lines
        .iter()
        .find(|l| l.starts_with(&format!("Dialog: {}", d.title)))
        .unwrap_or_else(|| panic!("{lines:?}"));
    for n in d.note.iter().filter(|n| !n.trim().is_empty()) {
        assert!(said.contains(n.trim()), "{n:?} not in {said:?}");
    }
    let label = d.form.focused().unwrap().label.clone();
    assert!(has(&lines, &format!("Field {label}")), "{lines:?}");
    assert!(announce(&h.app).place.contains(", dialog, field "));
    let lines = say(&mut h, k(KeyCode::Esc));
    assert!(has(&lines, "Dialog closed"), "{lines:?}");
}

#[test]
fn help_reads_every_key_as_a_line_and_esc_says_where_you_are_back() {
    let mut h = Harness::new();
    let lines = say(&mut h, k(KeyCode::F(1)));
    assert_eq!(lines[0], HELP);
    let keys = key_lines();
    assert_eq!(keys.len(), roundtable::app::keys::rows().len() + 2);
    for l in &keys {
        assert!(lines.contains(l), "{l} not read");
    }
    let lines = say(&mut h, k(KeyCode::Esc));
    assert!(lines.contains(&"Back: Item 1".to_string()), "{lines:?}");
}

#[test]
fn a_failed_save_and_its_recovery_are_said_but_typing_saves_are_not() {
    let saved = Announcement {
        save: "Saved at 10:00:01".into(),
        ..Default::default()
    };
    let failed = Announcement {
        save: "NOT SAVED, retrying: disk full".into(),
        ..Default::default()
    };
    let typing = Announcement {
        save: "Typing, kept in the journal".into(),
        ..Default::default()
    };
    assert_eq!(changes(&saved, &failed), vec![failed.save.clone()]);
    assert_eq!(changes(&failed, &saved), vec![saved.save.clone()]);
    assert!(changes(&typing, &saved).is_empty());
    assert!(changes(&saved, &typing).is_empty());
    // A draft kept (nothing recorded) is not news; a change recorded is, even in
    // the same second as the last one said.
    let later = Announcement {
        save: "Saved at 10:00:02".into(),
        ..Default::default()
    };
    assert!(changes(&saved, &later).is_empty());
    let recorded = Announcement {
        wrote: true,
        ..saved.clone()
    };
    assert_eq!(changes(&saved, &recorded), vec![saved.save.clone()]);
    // Waiting for another program's write is said, and the save after it.
    let waiting = Announcement {
        save: "Waiting to save: another program is writing".into(),
        ..Default::default()
    };
    assert_eq!(changes(&saved, &waiting), vec![waiting.save.clone()]);
    assert_eq!(changes(&waiting, &later), vec![later.save.clone()]);
}

#[test]
fn typing_is_echoed_as_typed_and_a_deletion_is_said() {
    assert_eq!(typed_echo("Wren", "Wren a"), Some(Ok(" a".into())));
    assert_eq!(typed_echo("Wren", "Wre"), Some(Err("Deleted: n".into())));
    assert_eq!(
        typed_echo("Wren", "Bren"),
        Some(Err("Text now: Bren".into()))
    );
    assert_eq!(typed_echo("Wren", "Wren"), None);
}
