//! Issue 25: headings wider than the terminal. At 80x24 and narrower, every heading
//! keeps what identifies it whole (an item's number; which case of how many and
//! whether it is done; the meeting's date, state and marking; the save state and its
//! time; the key a box title names) and cuts its free text first, with an ellipsis.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::harness::Harness;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use ratatui::Terminal;

const SIZES: [(u16, u16); 3] = [(80, 24), (60, 20), (50, 14)];

fn screen(h: &Harness, w: u16, ht: u16) -> Vec<String> {
    let mut t = Terminal::new(TestBackend::new(w, ht)).unwrap();
    t.draw(|f| roundtable::ui::render(&h.app, f)).unwrap();
    format!("{}", t.backend())
        .lines()
        .map(|l| l.trim_matches('"').to_string())
        .collect()
}

/// The page's own text on row `row`: right of the sidebar when there is one.
fn page_row(s: &[String], row: usize) -> String {
    let l = &s[row];
    match l.split_once('│') {
        Some((_, page)) => page.trim().to_string(),
        None => l.trim().to_string(),
    }
}

/// The header keeps the date, the state and the marking; the status row keeps the
/// save state and its time whole.
fn check_frame(s: &[String], w: u16) {
    assert!(
        s[0].contains("Wed 9 Dec 2026 · in progress") && s[0].contains(" RESTRICTED "),
        "{w}: {}",
        s[0]
    );
    let status = s.iter().rev().find(|l| l.contains('│')).unwrap();
    let saved = status.contains("✓ all saved")
        || status
            .split("✓ saved ")
            .nth(1)
            .is_some_and(|t| t.len() >= 8 && t[..8].chars().filter(|c| *c == ':').count() == 2);
    assert!(saved, "{w}: the save state whole: {status}");
}

#[test]
fn every_item_heading_keeps_its_number_and_every_case_heading_its_place() {
    let mut h = Harness::new();
    h.start_and_sign(2);
    let items: Vec<(u32, String)> = h
        .app
        .visible()
        .iter()
        .map(|i| (i.number, i.title.clone()))
        .collect();
    for (n, title) in &items {
        h.goto(*n);
        for (w, ht) in SIZES {
            let s = screen(&h, w, ht);
            check_frame(&s, w);
            let page: Vec<String> = (1..4).map(|r| page_row(&s, r)).collect();
            let head = page
                .iter()
                .find(|l| l.contains(&format!("{n}. ")))
                .unwrap_or_else(|| panic!("{w}x{ht}: item {n}'s heading:\n{}", s.join("\n")));
            // The number whole, then the title (cut first when the row is short).
            let start: String = title.chars().take(4).collect();
            assert!(head.contains(&format!("{n}. {start}")), "{w}x{ht}: {head}");
            if h.app.kind() == roundtable::domain::AgendaKind::Confidentiality {
                let title = page_row(&s, 2);
                assert!(
                    title.contains("Confidentiality statement · s: show the room"),
                    "{w}x{ht}: the key kept whole: {title}"
                );
            }
        }
    }
    // A case page: which case of how many, whole, at every size.
    h.goto(8);
    h.key(KeyCode::Enter);
    let total = h.app.cases().len();
    assert!(total > 9, "a two-digit count");
    let id = h.app.current_case().unwrap().referral.id;
    // Type on, so the page scrolls to the minutes: the heading row stays.
    for _ in 0..12 {
        h.key(KeyCode::Enter);
    }
    h.wait(3000); // saved
    for (w, ht) in SIZES {
        let s = screen(&h, w, ht);
        check_frame(&s, w);
        let head = page_row(&s, 1);
        assert!(
            head.ends_with(&format!("— case 1 of {total} · #{id}")),
            "{w}x{ht}: {head}"
        );
    }
    // At 50 columns the item's title gives way, not the place.
    let s = screen(&h, 50, 14);
    assert!(page_row(&s, 1).contains("… — case 1 of"), "{}", s[1]);
}

#[test]
fn a_box_title_of_free_text_is_cut_with_an_ellipsis_not_at_the_border() {
    let mut h = Harness::new();
    h.start_and_sign(2);
    h.goto(5);
    // Tab to the agencies, down to one with a long name.
    h.key(KeyCode::Tab);
    let long = h
        .app
        .data
        .agencies
        .iter()
        .map(|a| a.name.clone())
        .max_by_key(|n| n.chars().count())
        .unwrap();
    for _ in 0..30 {
        if h.app
            .form
            .fields
            .get(1)
            .is_some_and(|f| f.label.contains(&long))
        {
            break;
        }
        h.key(KeyCode::Down);
    }
    let s = screen(&h, 80, 24);
    let title = s.iter().find(|l| l.contains("┌ Agency")).unwrap();
    let label = h.app.form.fields[1].label.clone();
    assert!(
        label.chars().count() > 46,
        "a label longer than its box: {label}"
    );
    assert!(
        title.contains("… ─") || title.contains("… ┐"),
        "cut with an ellipsis inside the box: {title}"
    );
}
