//! Issue 28 item 1, the screen-reader mode beyond the case page's fields: the rows of
//! the members, new referrals and meetings screens, a case's summary and risk over
//! time read on arriving, guests invited and joining, a dialog's notes as sentences
//! and its refusal alone, a suggested value, the referral form's destination and what
//! to put right, and saves said only when the record changed. Driven with keys on
//! the invented demo panel (MAGPan, seed 000), no terminal (src/app/announce.rs).
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::announce::{ctrl, has, heard, k, say};
use common::harness::Harness;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use roundtable::app::announce::announce;
use roundtable::app::form::Kind;
use roundtable::app::Effect;
use roundtable::domain::clean::one_line;

fn typ(h: &mut Harness, s: &str) -> Vec<String> {
    let mut all = vec![];
    for c in s.chars() {
        all.extend(say(h, k(KeyCode::Char(c))));
    }
    all
}

#[test]
fn the_members_referrals_and_meetings_screens_read_their_rows() {
    let mut h = Harness::new();
    h.key(KeyCode::Enter);
    let lines = say(&mut h, k(KeyCode::F(6)));
    assert!(has(&lines, "Members screen"), "{lines:?}");
    let d = h.app.data.clone();
    let n = d.roster.len();
    let first = &d.roster[0].member;
    let code = d.agency_code(Some(first.agency));
    assert!(
        lines.contains(&format!(
            "Row 1 of {n}: {}, {code}, {}, {}",
            first.name,
            first.role.label(),
            first.post
        )),
        "{lines:?}"
    );
    let lines = say(&mut h, k(KeyCode::Down));
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with(&format!("Row 2 of {n}: {}, ", d.roster[1].member.name)),
        "{lines:?}"
    );
    // New referrals: each by its case number and where it stands.
    let lines = say(&mut h, k(KeyCode::F(7)));
    assert!(has(&lines, "New referrals screen"), "{lines:?}");
    let r = &d.referrals[0];
    assert!(
        lines.iter().any(|l| l.starts_with(&format!(
            "Row 1 of {}: Case {}: {}, from {}, received {}",
            d.referrals.len(),
            r.id,
            r.name,
            r.referring_agency,
            r.date_received.format("%Y-%m-%d")
        ))),
        "{lines:?}"
    );
    // The meetings: each date, state and cut-off; no field of another screen said.
    let lines = say(&mut h, k(KeyCode::F(8)));
    assert!(has(&lines, "Meetings schedule screen"), "{lines:?}");
    let m = &d.schedule[0];
    assert!(
        lines.iter().any(|l| l.starts_with(&format!(
            "Row 1 of {}: {}, {}, cut-off ",
            d.schedule.len(),
            m.date.format("%Y-%m-%d"),
            m.state.label()
        ))),
        "{lines:?}"
    );
    assert!(!has(&lines, "Field "), "{lines:?}");
    let lines = say(&mut h, k(KeyCode::Down));
    assert!(
        has(
            &lines,
            &format!(
                "Row 2 of {}: {}",
                d.schedule.len(),
                d.schedule[1].date.format("%Y-%m-%d")
            )
        ),
        "{lines:?}"
    );
}

#[test]
fn a_review_case_reads_its_summary_and_risk_over_time_on_arriving_and_not_again() {
    let mut h = Harness::new();
    h.start_and_sign(3);
    h.goto(8);
    let lines = say(&mut h, k(KeyCode::Enter));
    let info: Vec<String> = h
        .app
        .form
        .fields
        .iter()
        .filter_map(|f| match &f.kind {
            Kind::Info(lines) => Some(lines.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    assert!(info.len() >= 3, "{info:?}");
    let info: Vec<String> = info.iter().map(|l| one_line(l)).collect();
    assert!(
        lines.contains(&format!("Referral: {}", info[0])),
        "{lines:?}"
    );
    for l in &info[1..] {
        assert!(lines.contains(l), "{l:?} not read: {lines:?}");
    }
    // The review's third line is the risk at each meeting and the lead agency.
    assert!(info[2].to_lowercase().contains("risk"), "{info:?}");
    // Said after the case, before its field.
    let at = |p: &str| lines.iter().position(|l| l.starts_with(p)).unwrap();
    assert!(at("Case 1 of ") < at("Referral: ") && at("Referral: ") < at("Field "));
    // A list field's columns are read with pauses, and the prompt names the field
    // without its explanation.
    let mut found = false;
    for _ in 0..12 {
        let lines = say(&mut h, k(KeyCode::BackTab));
        if has(&lines, "Field Interventions") {
            assert!(!lines.iter().any(|l| l.contains(" | ")), "{lines:?}");
            assert!(announce(&h.app).place.ends_with(", field Interventions"));
            found = true;
            break;
        }
    }
    assert!(found, "no interventions field on a review");
    // A dialog over the case does not read the summary again.
    let lines = say(&mut h, ctrl('a'));
    assert!(has(&lines, "Dialog: "), "{lines:?}");
    assert!(!has(&lines, "Referral: "), "{lines:?}");
    say(&mut h, k(KeyCode::Esc));
    // The next case reads its own.
    let lines = say(&mut h, ctrl('n'));
    assert!(has(&lines, "Case 2 of "), "{lines:?}");
    assert!(has(&lines, "Referral: "), "{lines:?}");
}

#[test]
fn a_guest_invited_and_joining_is_said_on_the_attendance_page_and_the_case_page() {
    let mut h = Harness::new();
    h.start_and_sign(3);
    h.goto(1);
    let lines = say(&mut h, k(KeyCode::Char('g')));
    assert!(
        has(&lines, "Dialog: Invite a guest for one case."),
        "{lines:?}"
    );
    typ(&mut h, "Odile Brackwater");
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    h.key(KeyCode::Right); // a panel agency
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Right); // the first case
    let lines = say(&mut h, k(KeyCode::Tab));
    // The chair's name is offered: the field says so.
    assert!(
        has(
            &lines,
            "Field Agreed by (the chair), text, empty: Enter takes "
        ),
        "{lines:?}"
    );
    h.key(KeyCode::Enter);
    h.key(KeyCode::Tab);
    typ(&mut h, "2026-12-01");
    let lines = say(&mut h, k(KeyCode::Enter));
    assert!(
        h.app.dialog.is_none(),
        "{:?}",
        h.app.dialog.as_ref().map(|d| &d.error)
    );
    let guest = h.app.data.guests[0].clone();
    assert!(
        lines.iter().any(|l| l.starts_with(&format!(
            "Guests for one case: Odile Brackwater (case {}, invited)",
            guest.referral
        ))),
        "{lines:?}"
    );
    assert!(
        lines.iter().position(|l| l == "Dialog closed")
            < lines
                .iter()
                .position(|l| l.starts_with("Guests for one case"))
    );
    // At the guest's case: the guest line, then Alt-J joins them.
    let case = h
        .app
        .data
        .cases
        .iter()
        .find(|c| c.discussion == guest.discussion)
        .unwrap();
    h.goto(case.item);
    let at = h
        .app
        .cases()
        .iter()
        .position(|c| c.discussion == guest.discussion)
        .unwrap();
    for _ in 0..at {
        h.key(KeyCode::Down);
    }
    let lines = say(&mut h, k(KeyCode::Enter));
    assert!(
        has(&lines, "Guests for this case: Odile Brackwater ("),
        "{lines:?}"
    );
    assert!(has(&lines, "invited · Alt-J joins"), "{lines:?}");
    let lines = say(&mut h, KeyEvent::new(KeyCode::Char('j'), KeyModifiers::ALT));
    assert!(
        has(&lines, "Odile Brackwater joined for this case"),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(
            |l| l.starts_with("Guests for this case: Odile Brackwater (")
                && l.contains("): joined ")
        ),
        "{lines:?}"
    );
}

#[test]
fn a_dialog_reads_its_notes_as_sentences_and_a_refusal_alone() {
    let mut h = Harness::new();
    h.start_and_sign(3);
    h.goto(8);
    let lines = say(&mut h, ctrl('f'));
    let d = lines
        .iter()
        .find(|l| l.starts_with("Dialog: Formal close. "))
        .unwrap();
    // Wrapped lines joined again: no full stop inside a sentence, no empty sentence;
    // the names of those leaving follow "Leaving now:" in one sentence.
    assert!(!d.contains(". ."), "{d}");
    assert!(!d.contains(":."), "{d}");
    assert!(!d.contains("the. "), "{d}");
    assert!(
        d.contains("Leaving now: ") || d.contains("Nobody else is in the room."),
        "{d}"
    );
    say(&mut h, k(KeyCode::Esc));
    // Lines that were not wrapped stay sentences of their own.
    h.goto(1);
    while h.app.sel < 3 {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Char('p'));
    let late = h.app.data.members[3].name.clone();
    h.goto(3);
    let lines = say(&mut h, ctrl('o'));
    assert!(
        has(
            &lines,
            &format!("Not signed: {late}. The reason is recorded in the minutes.")
        ),
        "{lines:?}"
    );
    say(&mut h, k(KeyCode::Esc));
    // A refusal is one line; typing clears it without reading the dialog again.
    h.goto(1);
    say(&mut h, k(KeyCode::Char('g')));
    let lines = say(&mut h, ctrl('d'));
    let err = h.app.dialog.as_ref().unwrap().error.clone().unwrap();
    assert_eq!(lines, vec![format!("Refused: {err}")]);
    let lines = say(&mut h, k(KeyCode::Char('W')));
    assert!(lines.is_empty(), "{lines:?}");
    assert!(h.app.dialog.as_ref().unwrap().error.is_none());
}

#[test]
fn a_suggested_value_is_said_with_its_field() {
    let mut h = Harness::new();
    h.open_first_case(6);
    say(&mut h, ctrl('a'));
    let next = h
        .app
        .data
        .next_meeting
        .unwrap()
        .format("%Y-%m-%d")
        .to_string();
    let mut heard_it = false;
    for _ in 0..6 {
        let lines = say(&mut h, k(KeyCode::Tab));
        heard_it |= has(
            &lines,
            &format!("Due date (YYYY-MM-DD), text, empty: Enter takes {next}"),
        );
    }
    assert!(heard_it, "the due date's suggestion was not said");
}

#[test]
fn the_referral_form_says_where_it_goes_and_each_thing_to_put_right() {
    let mut h = Harness::new();
    h.key(KeyCode::Enter);
    h.key(KeyCode::F(7));
    let lines = say(&mut h, k(KeyCode::Char('n')));
    assert!(has(&lines, "Referral form open: "), "{lines:?}");
    assert!(has(&lines, "Destination: "), "{lines:?}");
    let lines = say(&mut h, ctrl('d'));
    let errors = h
        .app
        .screens
        .referrals
        .form
        .as_ref()
        .unwrap()
        .errors
        .clone();
    assert!(!errors.is_empty());
    let put_right: Vec<&String> = lines
        .iter()
        .filter(|l| l.starts_with("To put right, "))
        .collect();
    assert_eq!(put_right.len(), errors.len(), "{lines:?}");
    for e in &errors {
        assert!(
            put_right
                .iter()
                .any(|l| l.ends_with(&format!(": {}", e.message))),
            "{e:?}"
        );
    }
    // No meaning by colour alone.
    assert!(!lines.iter().any(|l| l.contains(" red")), "{lines:?}");
    // At a field with a problem, the field says it.
    let mut said = false;
    for _ in 0..12 {
        let lines = say(&mut h, k(KeyCode::Tab));
        said |= lines
            .iter()
            .any(|l| l.starts_with("Field ") && l.contains(". To put right: "));
    }
    assert!(said, "no field said its problem");
}

#[test]
fn a_draft_kept_while_typing_in_a_dialog_is_not_said_but_a_recorded_change_is() {
    let mut h = Harness::new();
    h.key(KeyCode::Enter);
    say(&mut h, k(KeyCode::Char('g')));
    // Each key typed keeps the dialog's draft at once: not news, and it would break
    // into the typing.
    let mut drafts = 0;
    for c in "Wren".chars() {
        let before = announce(&h.app);
        let fx = h.key(KeyCode::Char(c));
        drafts += fx
            .iter()
            .filter(|e| matches!(e, Effect::SaveDraft { .. }))
            .count();
        let lines = heard(&h, &before, &fx);
        assert!(lines.is_empty(), "{lines:?}");
    }
    assert!(drafts > 0, "no draft kept");
    say(&mut h, k(KeyCode::Esc));
    // A mark is recorded: said.
    let lines = say(&mut h, k(KeyCode::Char('p')));
    assert!(
        lines.iter().any(|l| l.starts_with("Saved at ")),
        "{lines:?}"
    );
}

#[test]
fn a_deputy_added_is_said_as_a_new_row_and_the_member_it_stands_for_as_changed() {
    let mut h = Harness::new();
    h.key(KeyCode::Enter);
    h.key(KeyCode::Down);
    let member = h.app.data.members[1].name.clone();
    let lines = say(&mut h, k(KeyCode::Char('d')));
    assert!(
        has(&lines, &format!("Dialog: Deputy for {member}")),
        "{lines:?}"
    );
    typ(&mut h, "Pim Ashgrove");
    let n = announce(&h.app).rows.len();
    let mut lines = vec![];
    for _ in 0..4 {
        if h.app.dialog.is_none() {
            break;
        }
        lines = say(&mut h, k(KeyCode::Enter));
    }
    assert!(h.app.dialog.is_none());
    assert!(
        lines.iter().any(|l| l.starts_with(&format!(
            "Row {} of {} now: Pim Ashgrove, ",
            n + 1,
            n + 1
        )) && l.ends_with(&format!("deputy for {member}"))),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("Row 2 of {} now: {member}, ", n + 1))),
        "{lines:?}"
    );
}

#[test]
fn after_the_formal_close_the_mappa_item_is_said_without_the_signing_gate() {
    let mut h = Harness::new();
    h.start_and_sign(3);
    h.goto(8);
    say(&mut h, ctrl('f'));
    let lines = say(&mut h, k(KeyCode::Enter));
    assert!(has(&lines, "formally closed"), "{lines:?}");
    let n = h.app.data.mappa.len();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Item 9 of 9: ") && l.ends_with(&format!(", {n} noted"))),
        "{lines:?}"
    );
    assert!(!has(&lines, "Case items"), "{lines:?}");
    if n > 0 {
        assert!(has(&lines, &format!("Row 1 of {n}: ")), "{lines:?}");
    }
}

#[test]
fn screen_safe_says_what_the_room_may_see_and_a_name_only_when_revealed() {
    let mut h = Harness::new();
    h.open_first_case(6);
    let name = h.app.current_case().unwrap().referral.name.clone();
    let lines = say(&mut h, k(KeyCode::F(2)));
    let safe = lines
        .iter()
        .find(|l| l.starts_with("Screen-safe: the room may see 6. "))
        .unwrap_or_else(|| panic!("{lines:?}"));
    assert!(safe.contains(", case "), "{safe}");
    assert!(!safe.contains(&name), "a name the room may not see: {safe}");
    say(&mut h, k(KeyCode::F(2)));
    say(&mut h, k(KeyCode::F(4)));
    let lines = say(&mut h, k(KeyCode::F(2)));
    assert!(has(&lines, &format!(", case {name}")), "{lines:?}");
}
