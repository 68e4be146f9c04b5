//! Issue 20, gap row A2: `panel update --panel FILE` applies a panel file again after
//! `init`, checked against what is stored. A MARAC reviews its terms "every six
//! months" (REQUIREMENTS section 3; 003 App 3A); here MAGPan's own file (000) is
//! changed as a review would change it: an agency joins, the venue moves, the panel
//! meets fortnightly and sets a minutes deadline. What the records still use cannot
//! be removed; every change is in the change log.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::new_panel::Panel;
use roundtable::domain::panel_def::MAGPAN_TOML;

fn update(p: &Panel, text: &str) -> std::process::Output {
    let file = p.write("panel.toml", text);
    p.run(&["panel", "update", "--panel", file.to_str().unwrap()])
}

#[test]
fn the_file_as_it_was_changes_nothing() {
    let p = Panel::new();
    let before = p.dump();
    let o = update(&p, MAGPAN_TOML);
    let out = common::new_panel::out(&o);
    assert!(o.status.success(), "{}", common::new_panel::err(&o));
    assert!(out.contains("nothing changed"), "{out}");
    assert_eq!(p.dump(), before);
}

#[test]
fn an_agency_added_the_venue_pattern_and_deadlines_changed_each_logged() {
    let p = Panel::new();
    let text = MAGPAN_TOML
        .replace(
            "venue = \"Youth Offending Service, meeting room 1\"",
            "venue = \"Civic Centre, room 2\"",
        )
        .replace(
            "every = \"month\"\nweekday = \"Wednesday\"\nweek_of_month = 2\n",
            "every = \"weeks\"\ninterval = 2\nanchor = \"2026-12-09\"\n",
        )
        .replace(
            "[meeting_pattern]",
            "[[deadline]]\nwhat = \"Minutes sent to members\"\ndays = 10\nrelative_to = \"minutes\"\n\n[meeting_pattern]",
        )
        + "\n[[agency]]\ncode = \"PRB\"\nname = \"Invented Probation Trust\"\n";
    let o = update(&p, &text);
    let out = common::new_panel::out(&o);
    assert!(o.status.success(), "{}", common::new_panel::err(&o));
    for line in [
        "venue changed",
        "meeting_pattern changed",
        "paperwork changed",
        "agency PRB added (Invented Probation Trust)",
        "planned meetings keep their dates",
    ] {
        assert!(out.contains(line), "{line}: {out}");
    }
    let store = p.store();
    let info = store.panel_info(None).unwrap();
    assert_eq!(info.venue, "Civic Centre, room 2");
    assert_eq!(info.pattern.every, "weeks");
    assert_eq!(
        info.paperwork.deadlines.0.len(),
        2,
        "Appendix B and the minutes"
    );
    // Ending the 9 December meeting now proposes the fortnight after.
    assert_eq!(
        roundtable::store::meeting::default_next_meeting(
            "2026-12-09".parse().unwrap(),
            &info.pattern
        )
        .to_string(),
        "2026-12-23"
    );
    for (tbl, col) in [
        ("panel", "venue"),
        ("panel", "meeting_pattern"),
        ("panel", "paperwork"),
        ("agency", "*"),
    ] {
        let n: i64 = p.q(&format!(
            "SELECT COUNT(*) FROM change_log WHERE tbl = '{tbl}' AND col = '{col}' AND at >= (SELECT MAX(created_at) FROM panel)"
        ));
        assert!(n >= 1, "{tbl}.{col} in the change log");
    }
    // The second run finds nothing to do.
    let again = common::new_panel::out(&update(&p, &text));
    assert!(again.contains("nothing changed"), "{again}");
}

#[test]
fn an_agency_in_use_cannot_be_removed_and_one_unused_can() {
    let p = Panel::new();
    let before = p.dump();
    // The chair (a member) is of the police: POL is in use.
    let without_pol = MAGPAN_TOML
        .replacen(
            "[[agency]]\ncode = \"POL\"\nname = \"Police\"\npolice = true\n",
            "",
            1,
        )
        .replace(
            "agency = \"POL\"\nrole = \"chair\"",
            "agency = \"YOS\"\nrole = \"chair\"",
        );
    let o = update(&p, &without_pol);
    assert!(!o.status.success());
    let err = common::new_panel::err(&o);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains(
            "agency POL is not in the file but is named in the records (member.agency_id: 2)"
        ),
        "{err}"
    );
    assert_eq!(p.dump(), before, "nothing written");
    // The Fire and Rescue Service has no member, referral or action: it goes.
    let without_fire = MAGPAN_TOML
        .replace("[[agency]]\ncode = \"FIRE\"\nname = \"Fire and Rescue Service\"\n", "")
        .replace(
            "[[role]]\npost = \"Prevention Delivery Manager\"\nagency = \"FIRE\"\nrole = \"member\"\n",
            "",
        );
    let o = update(&p, &without_fire);
    let out = common::new_panel::out(&o);
    assert!(o.status.success(), "{}", common::new_panel::err(&o));
    assert!(
        out.contains("agency FIRE removed (no record names it)"),
        "{out}"
    );
    let n: i64 = p.q("SELECT COUNT(*) FROM agency WHERE code = 'FIRE'");
    assert_eq!(n, 0);
}

#[test]
fn an_agenda_kind_cases_were_heard_under_cannot_be_removed() {
    // The release fixture: 14 MAGPan meetings whose reviews were heard at item 8.
    let dir = tempfile::tempdir().unwrap();
    let db = common::old_database(dir.path(), "release-schema2.db");
    let file = dir.path().join("panel.toml");
    let no_reviews = MAGPAN_TOML.replace(
        "[[agenda]]\nnumber = 8\ntitle = \"Reviews: updates from lead agencies\"\nkind = \"reviews\"\n",
        "",
    );
    assert_ne!(no_reviews, MAGPAN_TOML);
    std::fs::write(&file, no_reviews).unwrap();
    let o = common::rt(
        &db,
        None,
        &["panel", "update", "--panel", file.to_str().unwrap()],
    );
    assert!(!o.status.success());
    let err = common::stderr(&o);
    assert!(
        err.contains("agenda kind reviews is not in the file but cases were heard under it"),
        "{err}"
    );
}

#[test]
fn a_running_meeting_is_not_changed_under_it() {
    let p = Panel::new();
    let store = p.store();
    let m = store.meeting_to_run().unwrap().unwrap();
    store.start_meeting(m).unwrap();
    drop(store);
    let o = update(
        &p,
        &MAGPAN_TOML.replace("short_name = \"MAGPan\"", "short_name = \"MAG\""),
    );
    assert!(!o.status.success());
    assert!(
        common::new_panel::err(&o)
            .contains("the meeting on 2026-12-09 is running: update the panel after it ends"),
        "{}",
        common::new_panel::err(&o)
    );
}
