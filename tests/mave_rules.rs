//! MAVE's other rules (issue 22 item 2): MV8, "Each agency must name a lead
//! representative ... They should also nominate two deputies who may attend in their
//! place" (001 "Who sits on the MAVE Panel?"): a third deputy is warned of in one line,
//! at `members add` and on the members screen, never refused.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::app_run::Run;
use common::new_panel::{err, Panel};
use ratatui::crossterm::event::KeyCode;
use roundtable::app::Screen;

const THIRD: &str = "CSC now has 3 deputies: the panel names at most 2 per agency beside its lead (Who sits on the MAVE Panel?); retire one who no longer deputises";

/// MAVE with a CSC lead (#1) and two CSC deputies for them.
fn mave_with_two_deputies() -> Panel {
    let p = Panel::empty();
    p.ok(&["init", "--no-encrypt", "--panel", "mave"]);
    p.ok(&[
        "members",
        "add",
        "--name",
        "Hollis Brandvold",
        "--post",
        "Service Manager",
        "--agency",
        "CSC",
    ]);
    for name in ["Aurelie Fenwick-Dunn", "Joss Marchetti-Hale"] {
        let o = p.run(&[
            "members",
            "add",
            "--name",
            name,
            "--post",
            "Team Manager",
            "--agency",
            "CSC",
            "--deputy-for",
            "1",
        ]);
        assert!(o.status.success());
        assert!(!err(&o).contains("deputies"), "{}", err(&o));
    }
    p
}

#[test]
fn mave_who_sits_a_third_deputy_added_with_members_add_is_warned_of() {
    let p = mave_with_two_deputies();
    let o = p.run(&[
        "members",
        "add",
        "--name",
        "Pim Oyelaran",
        "--post",
        "Team Manager",
        "--agency",
        "CSC",
        "--deputy-for",
        "1",
    ]);
    assert!(o.status.success(), "a warning, not a refusal");
    assert_eq!(err(&o), format!("warning: deputy_for: {THIRD}\n"));
    let n: i64 = p.q("SELECT COUNT(*) FROM member WHERE deputy_for_member_id = 1");
    assert_eq!(n, 3);
    // Another agency's first deputy: within its limit.
    p.ok(&[
        "members",
        "add",
        "--name",
        "Ros Quaile",
        "--post",
        "DS",
        "--agency",
        "POL",
    ]);
    let o = p.run(&[
        "members",
        "add",
        "--name",
        "Tam Ebbesen",
        "--post",
        "DC",
        "--agency",
        "POL",
        "--deputy-for",
        "5",
    ]);
    assert!(err(&o).is_empty(), "{}", err(&o));
    // Deputies retired no longer count: two left, one more makes three.
    p.ok(&["members", "retire", "2", "--on", "2026-11-20"]);
    p.ok(&["members", "retire", "4", "--on", "2026-11-20"]);
    let o = p.run(&[
        "members",
        "add",
        "--name",
        "Ulla Brechin",
        "--post",
        "Team Manager",
        "--agency",
        "CSC",
        "--deputy-for",
        "1",
    ]);
    assert!(!err(&o).contains("deputies"), "{}", err(&o));
}

#[test]
fn mave_who_sits_a_third_deputy_added_on_the_members_screen_is_warned_of() {
    let p = mave_with_two_deputies();
    let mut run = Run::open(&p);
    run.key(KeyCode::F(6));
    assert_eq!(run.app.screen, Screen::Members);
    run.key(KeyCode::Char('n'));
    run.typ("Pim Oyelaran");
    run.key(KeyCode::Enter);
    run.typ("Team Manager");
    run.key(KeyCode::Enter);
    run.typ("CSC");
    run.key(KeyCode::Enter); // on to the role
    run.key(KeyCode::Enter); // on to "deputy for"
    run.typ("Hollis");
    run.key(KeyCode::Enter);
    assert!(
        run.app.dialog.is_none(),
        "{:?}",
        run.app.dialog.as_ref().and_then(|d| d.error.clone())
    );
    let n: i64 = run.q("SELECT COUNT(*) FROM member WHERE deputy_for_member_id = 1");
    assert_eq!(n, 3, "added");
    assert_eq!(run.message(), THIRD);
}
