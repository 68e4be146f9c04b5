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

use std::rc::Rc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use common::harness::{t, Harness};
use common::new_panel::{err, Panel};
use ratatui::crossterm::event::KeyCode;
use roundtable::app::form::Bind;
use roundtable::app::page::referrals::override_checklist::{no_coordinator, TITLE};
use roundtable::app::App;
use roundtable::domain::calendar::WorkingCalendar;
use roundtable::domain::panel_def::{shipped_file, PanelDef, MAVE_TOML};
use roundtable::domain::types::Role;
use roundtable::store::write::NewMember;
use roundtable::store::{AgencyId, Store};
use roundtable::tui::Watch;

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
    let dir = tempfile::tempdir().unwrap();
    let def = PanelDef::parse(MAVE_TOML, &shipped_file).unwrap();
    let today = "2026-11-16".parse().unwrap();
    let meetings = def.meetings_from(today, 3, &WorkingCalendar::england_and_wales());
    let store = Store::open_for_init(&dir.path().join("mave.db"), None).unwrap();
    store.set_up_panel(&def, &meetings, &[], today).unwrap();
    let csc: i64 = store
        .conn()
        .query_row("SELECT id FROM agency WHERE code = 'CSC'", [], |r| r.get(0))
        .unwrap();
    let add = |name: &str, post: &str, role: Role| {
        store
            .add_member(&NewMember {
                panel: Some(store.panel_info(None).unwrap().id),
                name: name.into(),
                post_title: post.into(),
                agency: Some(AgencyId(csc)),
                role: Some(role),
                deputy_for: None,
            })
            .unwrap();
    };
    add("Hollis Brandvold", "Service Manager", Role::Member);
    if coordinator {
        add(
            "Marit Quennell",
            "MAVE Panel Coordinator",
            Role::Coordinator,
        );
    }
    let clock = Arc::new(AtomicI64::new(t("2026-11-16 10:00:00").timestamp()));
    let c2 = clock.clone();
    let store = store
        .with_clock(Box::new(move || {
            chrono::DateTime::from_timestamp(c2.load(Ordering::SeqCst), 0).unwrap()
        }))
        .with_actor("tester")
        .with_terminal("terminal-a");
    let meeting = store.meeting_to_run().unwrap().unwrap();
    let data = store.load_meeting(meeting).unwrap();
    let mut app = App::new(data, t("2026-11-16 10:00:00"), Default::default());
    app.terminal = store.terminal().to_string();
    let watch = Watch::new(&store).unwrap();
    Harness {
        store,
        meeting,
        app,
        clock,
        mono: 0,
        watch,
        _dir: Rc::new(dir),
    }
}

fn screen(h: &Harness, w: u16, ht: u16) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, ht)).unwrap();
    t.draw(|f| roundtable::ui::render(&h.app, f)).unwrap();
    format!("{}", t.backend())
}

/// Tab to the answer `key` of the open form.
fn to(h: &mut Harness, key: &str) {
    let bind = Bind::Answer(key.into());
    for _ in 0..120 {
        let st = h.app.screens.referrals.form.as_ref().expect("form open");
        if st.form.focused().is_some_and(|f| f.bind == bind) {
            return;
        }
        h.key(KeyCode::Tab);
    }
    panic!("no field {key}");
}

fn set(h: &mut Harness, key: &str, text: &str) {
    to(h, key);
    h.typ(text);
}

/// A yes/no answer: `rights` steps from "not given" (1 yes, 2 no), recorded.
fn yes_no(h: &mut Harness, key: &str, rights: usize) {
    to(h, key);
    for _ in 0..rights {
        h.key(KeyCode::Right);
    }
    h.key(KeyCode::Enter);
}

/// F7, form 1 open, filled in: no strategy meeting, no block ticked (the checklist
/// fails), the request only an update of partners, the approval not yet given.
fn form_failing_checklist(h: &mut Harness) {
    h.key(KeyCode::F(7));
    h.key(KeyCode::Char('n'));
    set(h, "date_of_referral", "2026-11-16");
    set(h, "referrer_name", "Wenna Corrigan-Hale");
    set(h, "referrer_agency", "YJS");
    set(h, "name", "Tavish Okonkwo-Reed");
    set(h, "date_of_birth", "2010-04-17");
    yes_no(h, "meeting_held", 2);
    set(h, "request", "Update partners on the risks");
    set(h, "how_safer", "Everyone knows the plan");
    set(h, "approver", "Ilse Marchetti, Service Manager");
    set(h, "approval_date", "2026-11-13");
}

fn errors(h: &Harness) -> Vec<String> {
    let st = h.app.screens.referrals.form.as_ref().unwrap();
    st.errors.iter().map(ToString::to_string).collect()
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
    let s = screen(&h, 200, 60);
    assert_eq!(s.matches(&format!("Note: {HINT}")).count(), 1, "{s}");
    assert!(
        s.contains("Ctrl-D takes it in · Esc keeps it as a draft · Ctrl-O coordinator's override"),
        "{s}"
    );

    // The checklist refuses it.
    h.ctrl('d');
    let e = errors(&h);
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
    yes_no(&mut h, "approved", 1);
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
