//! Issue 21: what the room sees at a MARAC (003 App 3A "Clients consent" and
//! "Confidentiality"). The shipped panel is set up through the binary, a family case
//! (a victim, two children, an alleged perpetrator) and an anonymous case are taken
//! in on its own form, the meeting is started in the app, and the presenter's frame of
//! every case is drawn (80x24 and 200x60, name hidden and revealed) and scanned: no
//! address, no child, no perpetrator, no date of birth, ever; the anonymous case by
//! its label only.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::path::Path;
use std::process::Command;

use common::app_run::Run;
use ratatui::crossterm::event::KeyCode;
use roundtable::app::privacy::{room_view, RoomView};
use roundtable::store::live::RoomFlags;

fn binary(db: &Path, args: &[&str]) {
    let o = Command::new(common::bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ROUNDTABLE_DB")
        .env_remove("ROUNDTABLE_KEY")
        .env("ROUNDTABLE_CONFIG", "")
        .env("ROUNDTABLE_TODAY", "2026-11-20")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", common::stderr(&o));
}

const FAMILY: &str = r#"
referrer_name = "PC Wren Halloway"
referring_agency = "POL"
email = "wren.halloway@example.org"
caada_risk_level = "High"
reasons = "Threats after separation"
selection = ["high_risk", "child_protection"]
date_received = 2026-11-19
consent = "yes"
children_in_household = "yes"
victim_name = "Maren Thistlewood"
victim_dob = 1991-03-08
victim_address = "7 Pennyroyal Close, Bromley"
victim_temporary_address = "Refuge, address withheld"
children = [["Tobin Thistlewood", "2018-01-12", "M", "", "Elm Lane Primary"]]
perpetrators = [["Corvin Saltmarsh", "1987-06-21", "22 Wharf Street", ""]]
"#;

const ANONYMOUS: &str = r#"
referrer_name = "PC Wren Halloway"
referring_agency = "POL"
email = "wren.halloway@example.org"
caada_risk_level = "High"
reasons = "Advice sought"
selection = ["high_risk"]
date_received = 2026-11-19
consent = "no"
children_in_household = "no"
no_consent_reason = "No children: the client declines services"
"#;

fn frame(view: &RoomView, w: u16, h: u16) -> String {
    let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    t.draw(|f| roundtable::ui::presenter::draw(view, chrono::Utc::now(), f, f.area()))
        .unwrap();
    format!("{}", t.backend())
        .lines()
        .map(|l| l.trim_matches('"').to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn app_3a_the_rooms_screen_shows_no_address_child_or_perpetrator_and_the_anonymous_case_by_its_label(
) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("marac.db");
    binary(&db, &["init", "--no-encrypt", "--panel", "marac"]);
    for (name, text) in [("family.toml", FAMILY), ("anon.toml", ANONYMOUS)] {
        let f = dir.path().join(name);
        std::fs::write(&f, text).unwrap();
        binary(&db, &["referral", "add", "--from", f.to_str().unwrap()]);
    }
    let mut run = Run::open_db(&db);
    run.key(KeyCode::Enter);
    run.key(KeyCode::Enter);
    let data = run.store.load_meeting(run.meeting).unwrap();
    assert_eq!(data.cases.len(), 2, "both cases on the agenda");
    let label: String = run.q("SELECT name FROM subject WHERE id = 2");
    assert!(label.starts_with("Anonymous case"), "{label}");
    let never = [
        "Pennyroyal",
        "Refuge",
        "Tobin",
        "Corvin",
        "Saltmarsh",
        "Wharf",
        "1991-03-08",
        "2018-01-12",
        "1987-06-21",
        "Elm Lane",
    ];
    for c in &data.cases {
        for reveal in [None, Some(c.discussion)] {
            let flags = RoomFlags {
                reveal_discussion: reveal,
                ..Default::default()
            };
            let view = room_view(&data, Some(c.item), Some(c.discussion), &flags);
            for (w, h) in [(80, 24), (200, 60)] {
                let shown = frame(&view, w, h);
                for s in never {
                    assert!(!shown.contains(s), "{s} on the room's screen:\n{shown}");
                }
                if reveal.is_none() {
                    assert!(!shown.contains("Maren"), "hidden until revealed:\n{shown}");
                }
                if c.referral.id.0 == 1 && reveal.is_some() && w == 200 {
                    assert!(shown.contains("Maren Thistlewood"), "revealed:\n{shown}");
                }
                if c.referral.id.0 == 2 && reveal.is_some() && w == 200 {
                    assert!(shown.contains(&label), "the label, revealed:\n{shown}");
                }
            }
        }
    }
}
