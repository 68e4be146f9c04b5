//! MAVE's other rules (issue 22 item 2): MV8, "Each agency must name a lead
//! representative ... They should also nominate two deputies who may attend in their
//! place" (001 "Who sits on the MAVE Panel?"): a third deputy is warned of in one line,
//! at `members add` and on the members screen, never refused. MV1, "A child's or
//! young adult's case should only be referred when: ..." (001 "MAVE Case Panel
//! Checklist"): the coordinator's override with a reason (`referral add
//! --override-checklist`), kept, change-logged, on the case page and in `case ID`.
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

/// Form 1 with no strategy meeting and no block ticked, approved (001 "MAVE Case Panel
/// Checklist" fails; "How do I refer ...?" sign-off given).
const NO_CHECKLIST: &str = r#"
form = "individual"
date_of_referral = "2026-11-16"
referrer_name = "Wenna Corrigan-Hale"
referrer_agency = "YJS"
name = "Tavish Okonkwo-Reed"
date_of_birth = 2010-04-17
meeting_held = "no"
blocks = []
request = "A school place outside the borough this term"
how_safer = "Away from the group that exploits him on the way to school"
approver = "Ilse Marchetti, Service Manager"
approved = "yes"
approval_date = "2026-11-13"
"#;

#[test]
fn mave_case_panel_checklist_the_coordinator_overrides_it_with_a_reason() {
    let p = Panel::empty();
    p.ok(&["init", "--no-encrypt", "--panel", "mave"]);
    let file = p.write("referral.toml", NO_CHECKLIST);
    let file = file.to_str().unwrap();
    // Refused without an override, and with a blank reason.
    let e = p.fails(&["referral", "add", "--from", file]);
    assert!(e.contains("  meeting_held: refer only after"), "{e}");
    let e = p.fails(&[
        "referral",
        "add",
        "--from",
        file,
        "--override-checklist",
        " ",
    ]);
    assert!(
        e.contains("override_checklist: give the reason the checklist is overridden"),
        "{e}"
    );
    // An approval is never overridden (MV2).
    let unapproved = NO_CHECKLIST.replace(r#"approved = "yes""#, r#"approved = "no""#);
    let f2 = p.write("unapproved.toml", &unapproved);
    let e = p.fails(&[
        "referral",
        "add",
        "--from",
        f2.to_str().unwrap(),
        "--override-checklist",
        "Urgent",
    ]);
    assert!(e.contains("approved: not listed until approved"), "{e}");
    let n: i64 = p.q("SELECT COUNT(*) FROM referral");
    assert_eq!(n, 0, "nothing saved");

    let why = "Strategy meeting booked for 2026-11-27; the block cannot wait";
    let o = p.run(&[
        "referral",
        "add",
        "--from",
        file,
        "--override-checklist",
        why,
    ]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        err(&o).contains("warning: blocks: checklist not met, overridden by the coordinator: tick at least one reason"),
        "{}",
        err(&o)
    );
    let kept: String = p.q("SELECT checklist_override FROM referral WHERE id = 1");
    assert_eq!(kept, why);
    let logged: i64 = p
        .q("SELECT COUNT(*) FROM change_log WHERE tbl = 'referral' AND col = 'checklist_override'");
    assert_eq!(logged, 1);
    let case = p.ok(&["case", "1"]);
    assert!(
        case.contains(&format!(
            "  Checklist not met: taken in on the coordinator's override: {why}\n"
        )),
        "{case}"
    );
    let json = p.ok(&["case", "1", "--json"]);
    assert!(
        json.contains(&format!("\"checklist_override\": \"{why}\"")),
        "{json}"
    );

    // On the chair's case page.
    let mut run = Run::open(&p);
    run.key(KeyCode::Enter);
    if run.app.data.state == roundtable::domain::types::MeetingState::Planned {
        run.key(KeyCode::Enter);
    }
    let c = &run.app;
    let case = c.data.cases.first().unwrap();
    assert_eq!(case.checklist_override.as_deref(), Some(why));
    let lines = roundtable::app::page::cases::form::summary_lines(&c.data, case, false);
    assert!(
        lines
            .iter()
            .any(|l| l.ends_with(&format!("coordinator's override: {why}"))),
        "{lines:?}"
    );
}

#[test]
fn mave_case_panel_checklist_an_override_where_it_holds_records_nothing() {
    let p = Panel::empty();
    p.ok(&["init", "--no-encrypt", "--panel", "mave"]);
    let good = NO_CHECKLIST
        .replace(r#"meeting_held = "no""#, r#"meeting_held = "yes""#)
        .replace("blocks = []", r#"blocks = ["no_services"]"#);
    let file = p.write("good.toml", &good);
    let o = p.run(&[
        "referral",
        "add",
        "--from",
        file.to_str().unwrap(),
        "--override-checklist",
        "Urgent",
    ]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(
        err(&o).contains("override_checklist: the checklist holds: no override recorded"),
        "{}",
        err(&o)
    );
    let kept: Option<String> = p.q("SELECT checklist_override FROM referral WHERE id = 1");
    assert_eq!(kept, None);
}
