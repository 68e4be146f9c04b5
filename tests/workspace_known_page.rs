//! Issue 23 item 3 on screen: the intake page (F7) of a panel in a workspace says a new
//! referral's person is known to another panel, by its name and whether open there
//! only (REQUIREMENTS.md section 8 X5; MAGPan does not hear MAPPA level 2/3 cases,
//! 000 10.1). The real binary in tmux, on an encrypted MAGPan database, with a
//! workspace of MAGPan and MAPPA each under its own key.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::new_panel::MAPPA_FORM_FIELDS;
use common::tmux::{have_tmux, Tmux};
use common::workspace::{both, config, init, refer};

const TODAY: &str = "2026-11-10";

#[test]
fn the_intake_page_names_the_other_panel_and_nothing_of_its_case() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let magpan = init(d, "MAGPan", "magpan", "YOS", None, TODAY);
    let mappa = init(d, "MAPPA", "mappa", "PROB", None, TODAY);
    let cfg = config(d, &[&magpan, &mappa]);
    let o = refer(
        &cfg,
        &mappa,
        TODAY,
        "m.json",
        &format!(
            r#"{{"referring_agency": "PROB", "name": "Corin Ashby-Lane", "date_of_birth": "2007-05-04",
                "harm_when_and_to_whom": "Released on licence; threats to a former partner at Quillon Court",
                "date_received": "2026-11-09", "mappa_category": "2", "mappa_level": "2", {MAPPA_FORM_FIELDS}}}"#
        ),
    );
    assert!(o.status.success(), "{}", both(&o));

    let t = Tmux::shell("known-page");
    t.text(&format!(
        "ROUNDTABLE_TODAY={TODAY} ROUNDTABLE_CONFIG={} {} --db {} --key-file {}",
        cfg.display(),
        common::bin().display(),
        magpan.db.display(),
        magpan.key.display()
    ));
    t.keys(&["Enter"]);
    t.wait_for("Press Enter to start");
    t.keys(&["F7"]);
    t.wait_for("New referrals not yet heard");
    t.keys(&["n"]);
    t.wait_for("New referral (Appendix A");
    t.keys(&["Right", "Tab"]); // the first agency; on to the contact
    t.text("Duty desk, secure email");
    t.keys(&["Tab"]);
    t.text("Corin Ashby-Lane");
    t.keys(&["Tab"]);
    t.text("2007-05-04");
    t.keys(&["Tab", "Tab"]); // past the age
    t.text("7 Weaver Way, Harrowfield");
    t.keys(&["Tab"]);
    t.text("HF2 7QD");
    for _ in 0..7 {
        t.keys(&["Tab"]);
    }
    t.text("Seen carrying a knife outside school.");
    t.keys(&["C-d"]);
    t.wait_for("known to another panel: MAPPA (open there);");
    let screen = t.screen();
    assert!(
        screen.contains("Case 1 taken in: known to another panel: MAPPA (open there);"),
        "{screen}"
    );
    for secret in ["Quillon", "Released on licence", "OASys", "PROB"] {
        assert!(!screen.contains(secret), "{secret} on screen:\n{screen}");
    }
    t.keys(&["C-q"]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(mappa
        .events()
        .join("\n")
        .contains("matched by name and date of birth from MAGPan (intake)"));
    assert!(magpan
        .events()
        .join("\n")
        .contains("case #1 (subject #1) known to MAPPA (open there), checked at intake"));
}
