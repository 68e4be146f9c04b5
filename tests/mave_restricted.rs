//! Issue 22 (MAVE MV10, gap D13): restricted intelligence. "Referrals will include
//! intelligence (which may be limited by criminal investigations)" (001 "How do I
//! refer a perpetrator ...?", "How do I refer a location ...?"). A form field marked
//! `restricted = true` and the coordinator's `referral restrict ID --reason` keep the
//! text off the room's screen (every presenter frame scanned, name hidden and
//! revealed) and out of the minutes (every file scanned); the chair's case page and
//! `case ID` show it, marked "Restricted".
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::path::{Path, PathBuf};

use common::app_run::Run;
use common::{ok, payload, rt, stderr};
use ratatui::crossterm::event::KeyCode;
use roundtable::app::page::cases::form::summary_lines;
use roundtable::app::privacy::{room_view, RoomView};
use roundtable::store::live::RoomFlags;

/// The restricted field's text and the restricted referral's concerns: never in
/// the room or the minutes.
const FIELD_TEXT: &str = "Seen handing packages at the Quillfield lock-ups";
const CONCERNS_TEXT: &str = "Larkspur Row flat used by older males";

/// MAVE's shipped file with one restricted field added to form 1 (before its first
/// rule: forms 2 and 3 follow it).
fn panel_file(dir: &Path) -> PathBuf {
    let shipped = std::fs::read_to_string(format!(
        "{}/data/panels/mave.toml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let file = dir.join("mave.toml");
    std::fs::write(
        &file,
        shipped.replacen(
            "\n[[form.rule]]\n",
            "\n[[form.field]]\nkey = \"intelligence\"\nlabel = \"Intelligence (may be limited by criminal investigations)\"\ntype = \"long_text\"\nrestricted = true\n\n[[form.rule]]\n",
            1,
        ),
    )
    .unwrap();
    file
}

fn referral(name: &str, request: &str, intelligence: &str) -> String {
    format!(
        r#"
form = "individual"
date_of_referral = "2026-11-16"
referrer_name = "Wenna Corrigan-Hale"
referrer_agency = "CSC"
name = "{name}"
date_of_birth = 2009-02-11
meeting_held = "yes"
blocks = ["agency_not_completed"]
request = "{request}"
how_safer = "Fewer nights missing"
approver = "Ilse Marchetti, Service Manager"
approved = "yes"
approval_date = "2026-11-13"
intelligence = "{intelligence}"
"#
    )
}

fn frame(view: &RoomView, w: u16, h: u16) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    t.draw(|f| roundtable::ui::presenter::draw(view, chrono::Utc::now(), f, f.area()))
        .unwrap();
    format!("{}", t.backend())
}

/// Every file under `dir`, as text.
fn all_text(dir: &Path) -> String {
    let mut out = String::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.push_str(&all_text(&p));
        } else {
            out.push_str(&String::from_utf8_lossy(&std::fs::read(&p).unwrap()));
        }
    }
    out
}

#[test]
fn mv10_a_restricted_field_must_not_fill_a_core_field() {
    let dir = tempfile::tempdir().unwrap();
    let shipped = std::fs::read_to_string(format!(
        "{}/data/panels/mave.toml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let bad = shipped.replacen(
        "core = \"address\"\n",
        "core = \"address\"\nrestricted = true\n",
        1,
    );
    let file = dir.path().join("bad.toml");
    std::fs::write(&file, bad).unwrap();
    let db = dir.path().join("bad.db");
    let o = rt(
        &db,
        None,
        &["init", "--no-encrypt", "--panel", file.to_str().unwrap()],
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("form[1].field[11].restricted: a restricted answer is kept apart, so it cannot fill core = \"address\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn mv10_restricted_intelligence_never_in_the_room_or_the_minutes_and_marked_for_the_chair() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("mave.db");
    let file = panel_file(dir.path());
    ok(&rt(
        &db,
        None,
        &["init", "--no-encrypt", "--panel", file.to_str().unwrap()],
    ));
    for (n, text) in [
        referral("Ashby Tremlow", "A youth worker for evenings", FIELD_TEXT),
        referral("Bryony Castellane", CONCERNS_TEXT, ""),
    ]
    .iter()
    .enumerate()
    {
        let f = dir.path().join(format!("r{n}.toml"));
        std::fs::write(&f, text).unwrap();
        ok(&rt(
            &db,
            None,
            &["referral", "add", "--from", f.to_str().unwrap()],
        ));
    }
    // The coordinator restricts the second referral's whole intelligence.
    let o = rt(&db, None, &["referral", "restrict", "2", "--reason", " "]);
    assert!(!o.status.success(), "a reason is needed");
    let said = ok(&rt(
        &db,
        None,
        &[
            "referral",
            "restrict",
            "2",
            "--reason",
            "Police investigation under way",
        ],
    ));
    assert!(
        said.contains("case 2: its intelligence (concerns and every answer) is restricted"),
        "{said}"
    );

    // case ID: marked.
    let one = ok(&rt(&db, None, &["case", "1"]));
    assert!(
        one.contains(&format!(
            "  Restricted: Intelligence (may be limited by criminal investigations): {FIELD_TEXT}"
        )),
        "{one}"
    );
    assert!(
        one.contains("\n  Do you approve this referral?: Yes\n"),
        "not restricted: {one}"
    );
    let json = payload(&ok(&rt(&db, None, &["case", "1", "--json"])));
    let flagged: Vec<&str> = json["answers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["restricted"] == true)
        .map(|a| a["field"].as_str().unwrap())
        .collect();
    assert_eq!(flagged, ["intelligence"]);
    let two = ok(&rt(&db, None, &["case", "2"]));
    for line in [
        "  Restricted (not for the room or the general minutes): Police investigation under way\n",
        "    Concerns (Restricted):\n",
        "  Restricted: Do you approve this referral?: Yes\n",
    ] {
        assert!(two.contains(line), "{line}\n{two}");
    }
    assert!(
        two.contains(CONCERNS_TEXT),
        "the chair's record has it: {two}"
    );

    // The meeting: the chair's case page shows it marked; the room never.
    let mut run = Run::open_db(&db);
    run.key(KeyCode::Enter);
    run.key(KeyCode::Enter);
    let data = run.store.load_meeting(run.meeting).unwrap();
    assert_eq!(data.cases.len(), 2, "both on item 3");
    let chair_page: Vec<String> = data
        .cases
        .iter()
        .flat_map(|c| summary_lines(&data, c, false))
        .collect();
    let page = chair_page.join("\n");
    assert!(
        page.contains(&format!(
            "Restricted: Intelligence (may be limited by criminal investigations): {FIELD_TEXT}"
        )),
        "{page}"
    );
    assert!(
        page.contains("Concerns (Restricted): The Professional network cannot agree"),
        "{page}"
    );
    assert!(page.contains(CONCERNS_TEXT), "{page}");
    let hidden = data
        .cases
        .iter()
        .flat_map(|c| summary_lines(&data, c, true))
        .collect::<Vec<_>>()
        .join("\n");
    for s in [FIELD_TEXT, CONCERNS_TEXT] {
        assert!(!hidden.contains(s), "hidden with the names: {hidden}");
    }
    assert!(
        hidden.contains("Restricted: hidden while names are hidden"),
        "{hidden}"
    );
    for c in &data.cases {
        for reveal in [None, Some(c.discussion)] {
            let flags = RoomFlags {
                reveal_discussion: reveal,
                ..Default::default()
            };
            let view = room_view(&data, Some(c.item), Some(c.discussion), &flags);
            for (w, h) in [(80, 24), (200, 60)] {
                let shown = frame(&view, w, h);
                for s in [
                    FIELD_TEXT,
                    CONCERNS_TEXT,
                    "Quillfield",
                    "Larkspur",
                    "Restricted",
                ] {
                    assert!(!shown.contains(s), "{s} on the room's screen:\n{shown}");
                }
            }
        }
    }
    drop(run);

    // The meeting held (both accepted), then its minutes: nothing restricted in any file.
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute_batch(
        "UPDATE case_discussion SET decision = 'accepted', decision_reasons = 'Block confirmed',
             next_date = '2026-12-23', completed_at = '2026-11-25 10:40:00';
         UPDATE meeting SET state = 'closed' WHERE date = '2026-11-25';",
    )
    .unwrap();
    let out = dir.path().join("minutes");
    ok(&rt(
        &db,
        None,
        &[
            "minutes",
            "--meeting",
            "2026-11-25",
            "--out",
            out.to_str().unwrap(),
        ],
    ));
    let minutes = all_text(&out);
    assert!(
        minutes.contains("Block confirmed"),
        "the minutes were written"
    );
    for s in [FIELD_TEXT, CONCERNS_TEXT, "Quillfield", "Larkspur"] {
        assert!(!minutes.contains(s), "{s} in the minutes");
    }

    // Lifted: the field stays restricted, the concerns are no longer marked.
    ok(&rt(&db, None, &["referral", "restrict", "2", "--lift"]));
    let two = ok(&rt(&db, None, &["case", "2"]));
    assert!(!two.contains("Concerns (Restricted)"), "{two}");
    assert!(two.contains("    Concerns:\n"), "{two}");
}
