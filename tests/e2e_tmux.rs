//! End-to-end: the real binary in tmux (meeting runner issue). Each test uses its
//! own tmux server socket and a temporary demo database.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::thread::sleep;
use std::time::Duration;

use common::tmux::{have_tmux, Tmux};

#[test]
fn short_meeting_from_introductions_to_mappa_item() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_by_binary(dir.path(), "e2e.db");
    let t = Tmux::start("meeting", &db);
    t.sign_in(4);
    t.keys(&["PageDown"]);
    t.wait_for("Police intelligence");
    t.text("Two stabbings near the market; tension rising.");
    t.keys(&["PageDown", "PageDown"]);
    t.wait_for("6. New referrals (under 18s)");
    t.keys(&["Enter"]);
    t.wait_for("case 1 of");
    t.text("Police confirm links to older nominals.");
    t.keys(&["Tab", "Right", "Tab"]);
    t.text("Clear link to serious youth violence");
    t.keys(&["Tab", "Enter", "Tab", "Right", "Right", "Right"]); // lead: accept YOS; risk: High
    for i in 0..5 {
        t.keys(&["Tab", "Right", "Right", "Right"]);
        if i == 0 {
            // Whom a child protection referral is for: left unset.
            t.keys(&["Tab"]);
        }
    }
    t.keys(&["Tab", "Enter", "C-d"]);
    t.wait_for("done");
    t.keys(&["Escape", "PageDown", "PageDown"]);
    t.wait_for("8. Reviews");
    t.keys(&["C-f"]);
    t.wait_for("Formal close");
    t.keys(&["Enter"]);
    t.wait_for("MAPPA level 2/3");
    t.keys(&["C-a"]);
    t.wait_for("Note a MAPPA");
    t.text("Noah Quenby-Marsh");
    t.keys(&["Enter", "Right", "Enter", "Right", "Enter"]);
    t.text("Link to serious youth violence through associates");
    t.keys(&["C-d"]);
    t.wait_for("Noah Quenby-Marsh");
    t.keys(&["C-e"]);
    t.wait_for("End the meeting");
    t.keys(&["Enter"]);
    t.wait_for("Press Enter to start");
    t.keys(&["C-q"]);
    sleep(Duration::from_millis(300));

    let s = roundtable::store::Store::open(&db, None).unwrap();
    let q = |sql: &str| -> i64 { s.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
    let m = "(SELECT id FROM meeting WHERE date = '2026-12-09')";
    assert_eq!(
        q(&format!(
            "SELECT COUNT(*) FROM attendance WHERE meeting_id = {m} AND signed_at IS NOT NULL"
        )),
        4
    );
    assert_eq!(q(&format!("SELECT COUNT(*) FROM intelligence WHERE meeting_id = {m} AND body LIKE 'Two stabbings%'")), 1);
    assert_eq!(
        q(&format!(
            "SELECT COUNT(*) FROM case_discussion WHERE meeting_id = {m} AND decision = 'open' AND risk_after = 'High'
             AND decision_reasons = 'Clear link to serious youth violence' AND next_date IS NOT NULL AND completed_at IS NOT NULL"
        )),
        1
    );
    assert_eq!(q(&format!("SELECT COUNT(*) FROM onward_referral o JOIN case_discussion d ON d.id = o.discussion_id WHERE d.meeting_id = {m} AND o.state = 'not_needed'")), 5);
    assert_eq!(
        q(&format!(
            "SELECT COUNT(*) FROM attendance WHERE meeting_id = {m} AND left_at IS NOT NULL"
        )),
        1,
        "the vice chair leaves at the formal close"
    );
    assert_eq!(
        q(&format!(
            "SELECT COUNT(*) FROM mappa_note WHERE meeting_id = {m} AND category = 1 AND level = 2"
        )),
        1
    );
    assert_eq!(q(&format!("SELECT COUNT(*) FROM meeting WHERE id = {m} AND state = 'closed' AND formally_closed_at IS NOT NULL")), 1);
    assert_eq!(
        q("SELECT COUNT(*) FROM meeting WHERE date = '2027-01-13' AND state = 'planned'"),
        1
    );
    // Every change went through the change log, and the file is sound.
    assert!(
        q("SELECT COUNT(*) FROM change_log WHERE tbl = 'case_discussion' AND col = 'decision'")
            >= 1
    );
    let ic: String = s
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ic, "ok");
    let fk = s
        .conn()
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |_| Ok(()))
        .unwrap()
        .count();
    assert_eq!(fk, 0);
}

#[test]
fn sigkill_mid_case_loses_nothing_typed() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = common::demo_by_binary(dir.path(), "e2e.db");
    let t = Tmux::start("kill", &db);
    t.sign_in(3);
    t.keys(&["PageDown", "PageDown", "PageDown", "PageDown"]);
    t.wait_for("7. New referrals (18 and over)");
    t.keys(&["Enter"]);
    t.wait_for("case 1 of");
    t.text("Typed just before the kill: sister is at risk too");
    sleep(Duration::from_millis(800)); // the 300 ms save debounce, with room to spare
    t.kill_9();
    drop(t);
    let t = Tmux::start("kill2", &db);
    let screen = t.wait_for("Typed just before the kill: sister is at risk too");
    assert!(
        screen.contains("New referrals (18 and over) — case 1 of"),
        "reopened at the same item and case:\n{screen}"
    );
}
