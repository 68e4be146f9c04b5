//! Issue 21: what the room sees at a MARAC (003 App 3A "Clients consent" and
//! "Confidentiality"). The shipped panel is set up through the binary, a family case
//! (a victim, two children, an alleged perpetrator) and an anonymous case are taken
//! in on its own form, the meeting is started in the app, and the presenter's frame of
//! every case is drawn (80x24 and 200x60, name hidden and revealed) and scanned: no
//! address, no child, no perpetrator, no date of birth, ever; the anonymous case by
//! its label only. A guest invited for case 2 who joins there is named on case 2's frame
//! while in the room, and on no other frame: not cases 1 and 3, not the attendance or
//! the statement (App 3A "Attendance by other agencies/professionals").
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

/// A named case of the MARAC form for victim `victim`, without children.
fn named_case(victim: &str, dob: &str) -> String {
    format!(
        r#"
referrer_name = "PC Wren Halloway"
referring_agency = "POL"
email = "wren.halloway@example.org"
caada_risk_level = "High"
reasons = "Threats after separation"
selection = ["high_risk"]
date_received = 2026-11-19
consent = "yes"
children_in_household = "no"
victim_name = "{victim}"
victim_dob = {dob}
victim_address = "3 Sorrel Row, Bromley"
perpetrators = [["Anselm Goodwright", "1984-02-11", "9 Quarry Lane", ""]]
"#
    )
}

#[test]
fn app_3a_a_guest_for_case_2_is_named_on_the_rooms_screen_at_case_2_only() {
    use roundtable::domain::guest::Capacity;
    use roundtable::store::meeting::NewGuest;

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("marac.db");
    binary(&db, &["init", "--no-encrypt", "--panel", "marac"]);
    for (i, (victim, dob)) in [
        ("Maren Thistlewood", "1991-03-08"),
        ("Ysolde Brackwater", "1988-09-30"),
        ("Henrike Ollerton", "1979-12-02"),
    ]
    .iter()
    .enumerate()
    {
        let f = dir.path().join(format!("case{i}.toml"));
        std::fs::write(&f, named_case(victim, dob)).unwrap();
        binary(&db, &["referral", "add", "--from", f.to_str().unwrap()]);
    }
    let mut run = Run::open_db(&db);
    run.key(KeyCode::Enter);
    run.key(KeyCode::Enter);
    let data = run.store.load_meeting(run.meeting).unwrap();
    assert_eq!(data.cases.len(), 3, "three cases on the agenda");
    let second = data.cases[1].discussion;
    // "Invitations will be to participate in discussion of a specific case".
    let guest = run
        .store
        .invite_guest(&NewGuest {
            discussion: second,
            name: "Perpetua Haldane".into(),
            post: "Outreach worker".into(),
            capacity: Capacity::Professional,
            agency: None,
            agency_text: "Refuge outreach service".into(),
            agreed_by: "Imelda Quarrington".into(),
            agreed_on: Some(data.date),
        })
        .unwrap();
    run.store.guest_joins(run.meeting, guest).unwrap();
    let data = run.store.load_meeting(run.meeting).unwrap();

    // Every frame of the meeting: each item without a case (the attendance and the
    // statement among them) and each case, hidden and revealed, at two sizes.
    let mut frames: Vec<(String, Option<usize>)> = vec![];
    for item in &data.panel.agenda {
        let view = room_view(&data, Some(item.number), None, &RoomFlags::default());
        for (w, h) in [(80, 24), (200, 60)] {
            frames.push((frame(&view, w, h), None));
        }
    }
    for (i, c) in data.cases.iter().enumerate() {
        for reveal in [None, Some(c.discussion)] {
            let flags = RoomFlags {
                reveal_discussion: reveal,
                ..Default::default()
            };
            let view = room_view(&data, Some(c.item), Some(c.discussion), &flags);
            for (w, h) in [(80, 24), (200, 60)] {
                frames.push((frame(&view, w, h), Some(i)));
            }
        }
    }
    for (shown, case) in &frames {
        if *case == Some(1) {
            // At their own case, while they are in the room for it.
            assert!(shown.contains("Perpetua Haldane"), "case 2:\n{shown}");
        } else {
            for s in ["Perpetua", "Haldane", "Refuge outreach"] {
                assert!(!shown.contains(s), "{s} outside case 2:\n{shown}");
            }
        }
    }

    // Case 2 done: the guest has left, and is named nowhere any more.
    run.store.guests_leave_case(second).unwrap();
    let data = run.store.load_meeting(run.meeting).unwrap();
    let view = room_view(
        &data,
        Some(data.cases[1].item),
        Some(second),
        &RoomFlags::default(),
    );
    let shown = frame(&view, 200, 60);
    assert!(!shown.contains("Perpetua"), "after leaving:\n{shown}");
}
