//! MAVE at intake (issue 22): MV12, "The panel is not a forum to repeat or duplicate a
//! strategy discussion ..."; "Don't Refer, Take Action ... You want to update partners
//! about specific risks & information. Call a Strategy, Professionals, or Core Group
//! meeting" (001 "Why would someone be referred to the MAVE Panel?"): a one-line hint
//! from the panel file (`[[form.warn]]`), at `referral add` and live on F7, never a
//! refusal. MV1 on F7: "A child's or young adult's case should only be referred when:
//! ..." (001 "MAVE Case Panel Checklist"): Ctrl-O, a serving coordinator and a reason,
//! kept the way `--override-checklist` keeps it. Every name and place is invented.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::harness::{t, Harness};
use common::intake_form::{add_member, shipped_panel};
use common::new_panel::{err, Panel};
use ratatui::crossterm::event::KeyCode;
use roundtable::app::form::Bind;
use roundtable::app::page::referrals::override_checklist::{no_coordinator, TITLE};
use roundtable::domain::panel_def::MAVE_TOML;
use roundtable::domain::types::Role;

const HINT: &str = "request: if the request is only to update partners, don't refer: call a Strategy, Professionals or Core Group meeting (Why would someone be referred to the MAVE Panel?)";

/// Form 1 filled in and passing its checklist; `request` the ask of the panel.
fn individual(request: &str) -> String {
    format!(
        r#"
form = "individual"
date_of_referral = "2026-11-16"
referrer_name = "Wenna Corrigan-Hale"
referrer_agency = "YJS"
name = "Tavish Okonkwo-Reed"
date_of_birth = 2010-04-17
meeting_held = "yes"
blocks = ["agency_not_completed"]
request = "{request}"
how_safer = "Away from the group that exploits him on the way to school"
approver = "Ilse Marchetti, Service Manager"
approved = "yes"
approval_date = "2026-11-13"
"#
    )
}

#[test]
fn mave_dont_refer_take_action_a_request_only_to_update_partners_is_warned_of_not_refused() {
    let p = Panel::empty();
    p.ok(&["init", "--no-encrypt", "--panel", "mave"]);
    let f = p.write(
        "update.toml",
        &individual("To update partners about the risks from the Marlowe Court group"),
    );
    let o = p.run(&["referral", "add", "--from", f.to_str().unwrap()]);
    assert!(o.status.success(), "taken in: {}", err(&o));
    let said = err(&o);
    assert_eq!(
        said.lines().filter(|l| l.contains(HINT)).count(),
        1,
        "one line: {said}"
    );
    let n: i64 = p.q("SELECT COUNT(*) FROM referral");
    assert_eq!(n, 1);

    // A request for something the panel does: no hint ("update partnership" is not
    // "update partners": whole words).
    let f = p.write(
        "school.toml",
        &individual("A school place outside the borough; update partnership boards later")
            .replace("Tavish Okonkwo-Reed", "Corin Aldous-Penn"),
    );
    let o = p.run(&["referral", "add", "--from", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(!err(&o).contains("update partners"), "{}", err(&o));
}

#[test]
fn a_panel_files_hint_on_a_field_that_is_not_text_is_refused_by_init_with_its_key() {
    let p = Panel::empty();
    let bad = MAVE_TOML.replacen(
        "[[form.warn]]\nfield = \"request\"",
        "[[form.warn]]\nfield = \"meeting_held\"",
        1,
    );
    assert_ne!(bad, MAVE_TOML, "the hint is in the shipped file");
    let file = p.write("mave.toml", &bad);
    let said = p.fails(&["init", "--no-encrypt", "--panel", file.to_str().unwrap()]);
    assert!(
        said.contains("form[1].warn[1].field: meeting_held is a yes_no field, not text"),
        "{said}"
    );
}

/// A MAVE panel set up on 2026-11-16, the app open at 10:00 that day; with a serving
/// coordinator when `coordinator`.
fn mave(coordinator: bool) -> Harness {
    let (dir, store) = shipped_panel(MAVE_TOML, "mave.db", "2026-11-16");
    add_member(
        &store,
        "Hollis Brandvold",
        "Service Manager",
        "CSC",
        Role::Member,
    );
    if coordinator {
        add_member(
            &store,
            "Marit Quennell",
            "MAVE Panel Coordinator",
            "CSC",
            Role::Coordinator,
        );
    }
    Harness::on(dir, store, t("2026-11-16 10:00:00"))
}

/// F7, form 1 open, filled in: no strategy meeting, no block ticked (the checklist
/// fails), the request only an update of partners, the approval not yet given.
fn form_failing_checklist(h: &mut Harness) {
    h.key(KeyCode::F(7));
    h.key(KeyCode::Char('n'));
    h.answer("date_of_referral", "2026-11-16");
    h.answer("referrer_name", "Wenna Corrigan-Hale");
    h.answer("referrer_agency", "YJS");
    h.answer("name", "Tavish Okonkwo-Reed");
    h.answer("date_of_birth", "2010-04-17");
    h.choose(Bind::Answer("meeting_held".into()), 2);
    h.answer("request", "Update partners on the risks");
    h.answer("how_safer", "Everyone knows the plan");
    h.answer("approver", "Ilse Marchetti, Service Manager");
    h.answer("approval_date", "2026-11-13");
}

fn dialog_error(h: &Harness) -> String {
    h.app
        .dialog
        .as_ref()
        .and_then(|d| d.error.clone())
        .unwrap_or_default()
}

#[test]
fn mave_f7_says_the_update_partners_hint_as_it_is_typed_and_the_coordinator_overrides_the_checklist(
) {
    let mut h = mave(true);
    form_failing_checklist(&mut h);
    // MV12, live: one line, before anything is taken in.
    let s = h.screen_at(200, 60);
    assert_eq!(s.matches(&format!("Note: {HINT}")).count(), 1, "{s}");
    assert!(
        s.contains("Ctrl-D takes it in · Esc keeps it as a draft · Ctrl-O coordinator's override"),
        "{s}"
    );

    // The checklist refuses it.
    h.ctrl('d');
    let e = h.form_errors();
    assert!(
        e.iter()
            .any(|x| x.starts_with("meeting_held: refer only after")),
        "{e:?}"
    );
    let n: i64 = h.q("SELECT COUNT(*) FROM referral");
    assert_eq!(n, 0);

    // Ctrl-O: the coordinator, chosen already as the only one serving; a blank
    // reason and a missing approval are each refused in the dialog.
    h.ctrl('o');
    let d = h.app.dialog.as_ref().expect("override dialog");
    assert_eq!(d.title, TITLE);
    h.ctrl('d');
    assert_eq!(
        dialog_error(&h),
        "Reason: the coordinator's reason is kept and cannot be blank"
    );
    h.key(KeyCode::Tab);
    h.typ("Strategy meeting booked for 2026-11-27; the block cannot wait");
    h.ctrl('d');
    assert!(
        dialog_error(&h)
            .contains("problem(s) an override does not cover, first approved: required: yes or no"),
        "{}",
        dialog_error(&h)
    );
    let n: i64 = h.q("SELECT COUNT(*) FROM referral");
    assert_eq!(n, 0, "an approval is never overridden");
    h.key(KeyCode::Esc);
    assert!(h.app.dialog.is_none());

    // Approved: the override takes it in, kept with who gave it, change-logged.
    h.choose(Bind::Answer("approved".into()), 1);
    h.ctrl('o');
    h.key(KeyCode::Tab);
    h.ctrl('d');
    assert!(h.app.dialog.is_none(), "{}", dialog_error(&h));
    assert!(h.app.screens.referrals.form.is_none(), "taken in");
    let kept: String = h.q("SELECT checklist_override FROM referral WHERE id = 1");
    assert_eq!(
        kept,
        "Strategy meeting booked for 2026-11-27; the block cannot wait (override by Marit Quennell, MAVE Panel Coordinator)"
    );
    let logged: i64 = h
        .q("SELECT COUNT(*) FROM change_log WHERE tbl = 'referral' AND col = 'checklist_override'");
    assert_eq!(logged, 1);
}

#[test]
fn mave_f7_override_needs_a_serving_coordinator() {
    let mut h = mave(false);
    form_failing_checklist(&mut h);
    h.ctrl('o');
    assert!(h.app.dialog.is_none());
    let said = h.app.message.clone().unwrap_or_default();
    assert_eq!(said, (no_coordinator(), true));
    assert!(said.0.contains("add one on F6"), "{}", said.0);
}
