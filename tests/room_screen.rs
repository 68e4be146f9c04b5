//! Issue 10: what the room sees. A whole scripted meeting is run in the editor; every
//! frame of the presenter (and of the editor's screen-safe mode) is drawn and scanned:
//! no full name, no date of birth, no address, no household member, no intelligence
//! text, nothing of the after-close item. Reveal and blank work from the chair's keys.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::harness::Harness;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use ratatui::Terminal;
use roundtable::app::privacy::RoomView;
use roundtable::tui::present::current_view;

fn frame(view: &RoomView, h: &Harness, w: u16, ht: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, ht)).unwrap();
    t.draw(|f| roundtable::ui::presenter::draw(view, h.app.now, f, f.area()))
        .unwrap();
    // One line of text per row, so a name split across cells is still found.
    format!("{}", t.backend())
        .lines()
        .map(|l| l.trim_matches('"').to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

fn editor_frame(h: &Harness) -> String {
    let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
    t.draw(|f| roundtable::ui::render(&h.app, f)).unwrap();
    format!("{}", t.backend())
}

/// Everything private in the database now: full names, dates of birth, addresses,
/// household members, intelligence text, MAPPA note names.
fn secrets(h: &Harness) -> Vec<String> {
    let c = h.store.conn();
    let mut out = vec![];
    for sql in [
        "SELECT name FROM subject",
        "SELECT date_of_birth FROM subject WHERE date_of_birth IS NOT NULL",
        "SELECT address FROM referral WHERE address <> ''",
        "SELECT name FROM household_member",
        "SELECT body FROM intelligence WHERE body <> ''",
        "SELECT name FROM mappa_note",
    ] {
        let mut st = c.prepare(sql).unwrap();
        let rows = st.query_map([], |r| r.get::<_, String>(0)).unwrap();
        out.extend(rows.map(|r| r.unwrap()).filter(|s| s.trim().len() > 3));
    }
    out
}

/// Scan the presenter's frame (two sizes) and the editor's screen-safe frame.
fn scan(h: &mut Harness, step: &str) -> usize {
    let secrets = secrets(h);
    let view = current_view(&h.store).unwrap();
    let mut frames = vec![frame(&view, h, 200, 60), frame(&view, h, 80, 24)];
    h.app.screen_safe = true;
    frames.push(editor_frame(h));
    h.app.screen_safe = false;
    for f in &frames {
        for s in &secrets {
            assert!(
                !f.contains(s.as_str()),
                "{step}: {s:?} is on the room's screen:\n{f}"
            );
        }
    }
    secrets.len()
}

#[test]
fn every_frame_of_a_whole_meeting_keeps_private_things_off_the_rooms_screen() {
    let mut h = Harness::new();
    scan(&mut h, "before the start");
    h.start_and_sign(3);
    scan(&mut h, "signed in");
    h.goto(4);
    h.typ("Stabbing reported near Ferrow Quay on Friday");
    h.wait(400);
    let n = scan(&mut h, "police intelligence");
    assert!(n > 10, "the scan has things to look for: {n}");
    let view = current_view(&h.store).unwrap();
    let f = frame(&view, &h, 200, 60);
    assert!(f.contains("1 note(s) of intelligence"), "{f}");
    h.goto(6);
    for _ in 0..3 {
        h.key(KeyCode::Enter);
        scan(&mut h, "a new referral's case page");
        h.focus("Minutes");
        h.typ("Discussed; school and family engaged.");
        h.focus("Decision");
        h.key(KeyCode::Right);
        h.key(KeyCode::Enter);
        h.wait(400);
        scan(&mut h, "a decision recorded");
        h.key(KeyCode::Esc);
        h.key(KeyCode::Down);
    }
    h.goto(8);
    h.key(KeyCode::Enter);
    scan(&mut h, "a review");
    h.key(KeyCode::Esc);
    h.ctrl('f');
    h.key(KeyCode::Enter);
    assert!(h.app.data.formally_closed_at.is_some() || h.app.item == 9);
    h.ctrl('a');
    h.typ("Tobiah Quell");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Right);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Right);
    h.key(KeyCode::Tab);
    h.typ("Managed by probation.");
    h.key(KeyCode::Enter);
    scan(&mut h, "the after-close item");
    let view = current_view(&h.store).unwrap();
    assert!(
        matches!(view, RoomView::Holding { .. }),
        "nothing of the after-close item: {view:?}"
    );
}

#[test]
fn the_chair_reveals_a_name_until_the_case_changes_and_blanks_the_room() {
    let mut h = Harness::new();
    h.open_first_case(6);
    let name = h.app.current_case().unwrap().referral.name.clone();
    let shown = |h: &Harness| frame(&current_view(&h.store).unwrap(), h, 200, 60);
    assert!(!shown(&h).contains(&name));
    assert!(shown(&h).contains(&roundtable::app::text::initials(&name)));
    h.key(KeyCode::F(4));
    assert!(shown(&h).contains(&name), "revealed:\n{}", shown(&h));
    h.ctrl('n');
    assert!(!shown(&h).contains(&name), "hidden again on the next case");
    // Blank from the editor: the room sees nothing; again: it comes back.
    h.ctrl('b');
    assert_eq!(current_view(&h.store).unwrap(), RoomView::Blank);
    h.ctrl('b');
    assert!(matches!(
        current_view(&h.store).unwrap(),
        RoomView::Meeting(_)
    ));
    // Blank from the presenter's side (the flag in the database).
    let m = h.meeting;
    h.store.set_room_blank(m, true).unwrap();
    assert_eq!(current_view(&h.store).unwrap(), RoomView::Blank);
    h.store.set_room_blank(m, false).unwrap();
    assert!(matches!(
        current_view(&h.store).unwrap(),
        RoomView::Meeting(_)
    ));
}

#[test]
fn a_mappa_level_2_or_3_subject_is_never_named_even_when_revealed() {
    let mut h = Harness::new();
    h.open_first_case(6);
    let case = h.app.current_case().unwrap().clone();
    h.store
        .conn()
        .execute(
            "UPDATE referral SET mappa_level = 2 WHERE id = ?1",
            [case.referral.id.0],
        )
        .unwrap();
    h.key(KeyCode::F(4));
    let f = frame(&current_view(&h.store).unwrap(), &h, 200, 60);
    assert!(!f.contains(&case.referral.name), "{f}");
    assert!(
        !f.contains(&roundtable::app::text::initials(&case.referral.name)),
        "not even by initials:\n{f}"
    );
    assert!(f.contains("not named"), "{f}");
}

/// Issue 25: on the confidentiality item the room reads what it signs: the whole
/// statement and how many of those present have signed (Appendix C; Appendix D item
/// 3), not only the item's title.
#[test]
fn the_room_reads_the_statement_and_the_signed_count_on_its_item() {
    let mut h = Harness::new();
    h.start_and_sign(3);
    h.goto(3);
    assert_eq!(
        h.app.kind(),
        roundtable::domain::AgendaKind::Confidentiality
    );
    let view = current_view(&h.store).unwrap();
    let RoomView::Meeting(m) = &view else {
        panic!("{view:?}")
    };
    let s = m.statement.as_ref().expect("the statement on its item");
    assert!(
        s.text.contains("Freedom of Information Act 2000"),
        "{}",
        s.text
    );
    let present = h.app.data.present().len();
    assert_eq!(s.present, present);
    let shown = frame(&view, &h, 200, 60);
    assert!(
        shown.contains(&format!(
            "Signed by {} of the {present} people present",
            s.signed
        )),
        "{shown}"
    );
    assert!(shown.contains("Freedom of Information Act 2000"), "{shown}");
}
