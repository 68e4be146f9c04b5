//! Issue 9: a panel whose agenda is reordered and renumbered runs a whole meeting.
//! The invented Eastbrook Youth Safety Panel hears reviews (item 5) before new
//! referrals (items 6 and 7), has no agency-intelligence item, notes MAPPA cases at
//! item 12 after the formal close, and keeps only its chair and its administrator
//! (the coordinator) after the close. Every case lands under the right item; the
//! screens, the minutes and the formal close show the panel's own numbers and titles.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::app_run::Run;

use common::new_panel::{referral_id, Panel};
use ratatui::crossterm::event::KeyCode;
use roundtable::app::{update, Msg};
use roundtable::domain::types::MeetingState;
use roundtable::domain::AgendaKind;

const PANEL: &str = r#"
name = "Eastbrook Youth Safety Panel"
short_name = "EYSP"
protective_marking = "OFFICIAL-SENSITIVE"
venue = "Eastbrook Civic Centre, room 4"
confidentiality_statement = "What is said here stays here."
under_18_lead_agency = "YJS"
after_close_roles = ["chair", "coordinator"]

[meeting_pattern]
every = "month"
weekday = "Wednesday"
week_of_month = 2

[[agency]]
code = "POL"
name = "Police"
police = true
[[agency]]
code = "YJS"
name = "Youth Justice Service"
[[agency]]
code = "CSP"
name = "Community Safety Partnership"
[[agency]]
code = "PRB"
name = "Probation"

[[role]]
post = "Head of Community Safety"
agency = "CSP"
role = "chair"
[[role]]
post = "Panel Administrator"
agency = "CSP"
role = "coordinator"
[[role]]
post = "Offender Manager (MAPPA)"
agency = "PRB"
role = "mappa_coordinator"

[[agenda]]
number = 1
title = "Welcome and attendance"
kind = "introductions"
[[agenda]]
number = 2
title = "Apologies"
kind = "apologies"
[[agenda]]
number = 3
title = "Confidentiality agreement"
kind = "confidentiality"
[[agenda]]
number = 4
title = "Police briefing"
kind = "police_intelligence"
[[agenda]]
number = 5
title = "Open cases: lead agency updates"
kind = "reviews"
[[agenda]]
number = 6
title = "New referrals: children"
kind = "new_referrals_under_18"
[[agenda]]
number = 7
title = "New referrals: adults"
kind = "new_referrals_over_18"
[[agenda]]
number = 12
title = "MAPPA-managed cases noted"
kind = "mappa"
after_formal_close = true
"#;

const MEMBERS: &str = r#"
[[member]]
name = "Talia Brennock"
post = "Head of Community Safety"
agency = "CSP"
role = "chair"

[[member]]
name = "Joss Ferriday"
post = "Panel Administrator"
agency = "CSP"
role = "coordinator"

[[member]]
name = "Imre Calloway-Nash"
post = "Offender Manager (MAPPA)"
agency = "PRB"
role = "mappa_coordinator"

[[member]]
name = "Wren Addleby"
post = "Team Manager"
agency = "YJS"
"#;

impl Run {
    fn screen(&self) -> String {
        self.screen_at(140, 45)
    }

    fn names_at(&self, item: u32) -> Vec<String> {
        self.app
            .data
            .cases_for(item)
            .iter()
            .map(|c| c.referral.name.clone())
            .collect()
    }

    /// Start, mark everyone present and have them sign.
    fn open_meeting(&mut self) {
        self.key(KeyCode::Enter);
        if self.app.data.state == MeetingState::Planned {
            // Started on another day than its date: the runner asks once.
            self.key(KeyCode::Enter);
        }
        assert_eq!(self.app.data.state, MeetingState::InProgress);
        assert_eq!(self.app.item, 1, "the panel's first item");
        let n = self.app.attendance_rows().len();
        for _ in 0..n {
            self.key(KeyCode::Char('p'));
        }
        while self.app.kind() != AgendaKind::Confidentiality {
            self.key(KeyCode::PageDown);
        }
        for _ in 0..n {
            self.key(KeyCode::Char(' '));
        }
    }

    fn goto(&mut self, item: u32) {
        for _ in 0..12 {
            if self.app.item == item {
                return;
            }
            self.key(if self.app.item < item {
                KeyCode::PageDown
            } else {
                KeyCode::PageUp
            });
        }
        panic!("could not reach item {item}: {:?}", self.app.message);
    }

    /// Record each case of the meeting as open to the panel, reviewed next meeting.
    fn decide_all_open(&mut self, next: &str) {
        let data = self.store.load_meeting(self.meeting).unwrap();
        let lead = data.agencies.iter().find(|a| a.code == "YJS").unwrap().id;
        for c in &data.cases {
            let c2 = self.store.conn();
            c2.execute(
                "UPDATE case_discussion SET decision = 'open', decision_reasons = 'Agreed at panel',
                    risk_after = 'Medium', risk_before = COALESCE(risk_before, 'Medium'),
                    lead_agency_id = ?2, next_date = ?3 WHERE id = ?1",
                rusqlite::params![c.discussion.0, lead.0, next],
            )
            .unwrap();
        }
        let data = self.store.load_meeting(self.meeting).unwrap();
        for c in &data.cases {
            self.store.complete_case(c, data.date).unwrap();
        }
        let fresh = self.store.load_meeting(self.meeting).unwrap();
        update(&mut self.app, Msg::Loaded(Box::new(fresh)));
    }
}

fn panel() -> Panel {
    let p = Panel::empty();
    let file = p.write("eastbrook.toml", PANEL);
    let members = p.write("members.toml", MEMBERS);
    p.ok(&[
        "init",
        "--no-encrypt",
        "--panel",
        file.to_str().unwrap(),
        "--members",
        members.to_str().unwrap(),
    ]);
    p
}

#[test]
fn a_reordered_renumbered_panel_runs_a_whole_meeting() {
    let p = panel();
    let child = referral_id(&p.refer(
        "child",
        r#"{"referring_agency": "YJS", "name": "Corin Maddox-Vale", "date_of_birth": "2011-02-03",
            "concerns": "Carrying a knife at school.", "date_received": "2026-11-10"}"#,
        &[],
    ));
    let adult = referral_id(&p.refer(
        "adult",
        r#"{"referring_agency": "POL", "name": "Ash Tendring", "date_of_birth": "2001-09-19",
            "concerns": "Recruiting younger people to deal.", "date_received": "2026-11-09"}"#,
        &[],
    ));
    for id in [child, adult] {
        p.ok(&[
            "referral",
            "screen",
            &id.to_string(),
            "--intelligence",
            "--by",
            "Sefa Orrin",
        ]);
    }

    let mut run = Run::open(&p);
    run.open_meeting();
    // No agency-intelligence item: police briefing (4), then reviews (5).
    run.key(KeyCode::PageDown);
    assert_eq!(run.app.item, 4);
    run.key(KeyCode::PageDown);
    assert_eq!(run.app.item, 5);
    assert_eq!(run.app.kind(), AgendaKind::Reviews);
    assert!(
        run.names_at(5).is_empty(),
        "no reviews at the first meeting"
    );
    assert_eq!(run.names_at(6), ["Corin Maddox-Vale"]);
    assert_eq!(run.names_at(7), ["Ash Tendring"]);
    run.goto(6);
    let screen = run.screen();
    assert!(screen.contains("New referrals: children"), "{screen}");
    run.key(KeyCode::Enter);
    let screen = run.screen();
    assert!(
        screen.contains("Corin Maddox-Vale") || screen.contains("C.M.V."),
        "{screen}"
    );
    run.key(KeyCode::Esc);

    // The formal close, from the last case item, keeps the panel's two roles.
    run.decide_all_open("2027-01-13");
    run.goto(7);
    run.ctrl('f');
    let screen = run.screen();
    assert!(screen.contains("Head of Community Safety"), "{screen}");
    assert!(screen.contains("Panel Administrator"), "{screen}");
    assert!(
        screen.contains("Imre Calloway-Nash") && screen.contains("Wren Addleby"),
        "the MAPPA post leaves on this panel: {screen}"
    );
    run.key(KeyCode::Enter);
    assert_eq!(
        run.app.item, 12,
        "the after-close item, by the panel's number"
    );
    let left: Vec<String> = {
        let c = run.store.conn();
        let mut st = c
            .prepare("SELECT name FROM attendance WHERE left_at IS NOT NULL ORDER BY name")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(left, ["Imre Calloway-Nash", "Wren Addleby"]);

    // The minutes carry the panel's numbers and titles.
    let out = p.dir.path().join("minutes");
    p.ok(&[
        "minutes",
        "--meeting",
        "2026-12-09",
        "--out",
        out.to_str().unwrap(),
    ]);
    let general = std::fs::read_to_string(out.join("2026-12-09-general.md")).unwrap();
    assert!(general.contains("Decisions (items 5 to 7)"), "{general}");
    assert!(general.contains("General page: items 1 to 4"), "{general}");
    assert!(general.contains("OFFICIAL-SENSITIVE"));
    let child_page =
        std::fs::read_to_string(out.join(format!("2026-12-09-case-{child}.md"))).unwrap();
    assert!(
        child_page.contains("Item 6: New referrals: children"),
        "{child_page}"
    );
    let adult_page =
        std::fs::read_to_string(out.join(format!("2026-12-09-case-{adult}.md"))).unwrap();
    assert!(
        adult_page.contains("Item 7: New referrals: adults"),
        "{adult_page}"
    );

    // End the meeting; at the next one both cases come back as reviews under item 5.
    run.ctrl('e');
    run.key(KeyCode::Enter);
    let mut next = Run::open(&p);
    next.open_meeting();
    assert_eq!(next.app.data.date.to_string(), "2027-01-13");
    let mut reviews = next.names_at(5);
    reviews.sort();
    assert_eq!(reviews, ["Ash Tendring", "Corin Maddox-Vale"]);
    assert!(next.names_at(6).is_empty() && next.names_at(7).is_empty());
    let kinds: Vec<String> = {
        let c = next.store.conn();
        let mut st = c
            .prepare(
                "SELECT DISTINCT item_kind || ':' || agenda_item FROM case_discussion ORDER BY 1",
            )
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(
        kinds,
        [
            "new_referrals_over_18:7",
            "new_referrals_under_18:6",
            "reviews:5"
        ]
    );
    // The draft agenda of the meeting lists reviews under the panel's item 5.
    let agenda = p.ok(&["agenda", "--meeting", "2027-01-13", "--json"]);
    let v = common::payload(&agenda);
    let items: Vec<u64> = v["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["item"].as_u64().unwrap())
        .collect();
    assert_eq!(items, [5, 5]);

    // Ending this meeting with both reviews unfinished: reviews stay due, they are not
    // moved on like unheard new referrals (by kind, whatever the item's number).
    let listed = |p: &Panel| -> Vec<Option<i64>> {
        let c = p.store();
        let mut st = c
            .conn()
            .prepare("SELECT meeting_id FROM referral ORDER BY id")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let before = listed(&p);
    next.goto(7);
    next.ctrl('f');
    next.key(KeyCode::Enter);
    next.ctrl('e');
    next.key(KeyCode::Enter);
    assert_eq!(listed(&p), before, "unfinished reviews are not moved on");
}

#[test]
fn bad_panel_files_are_refused_with_every_problem_and_nothing_is_created() {
    let bad = PANEL
        .replace(
            "number = 5\ntitle = \"Open cases: lead agency updates\"\nkind = \"reviews\"",
            "number = 5\ntitle = \"Open cases\"\nkind = \"new_referrals_over_18\"",
        )
        .replace("number = 12", "number = 3")
        .replace("role = \"coordinator\"", "role = \"scribe\"")
        .replace(
            "after_close_roles = [\"chair\", \"coordinator\"]",
            "after_close_roles = [\"chair\", \"janitor\"]",
        )
        .replace(
            "agency = \"PRB\"\nrole = \"mappa_coordinator\"",
            "agency = \"NOPE\"\nrole = \"mappa_coordinator\"",
        );
    let p = Panel::empty();
    let file = p.write("bad.toml", &bad);
    let err = p.fails(&["init", "--no-encrypt", "--panel", file.to_str().unwrap()]);
    for want in [
        "agenda[6].kind: new_referrals_over_18 appears twice",
        "agenda[7].number: 3 after 7: numbers must rise",
        "role[1].role: 'Panel Administrator' has unknown role scribe",
        "role[2].agency: 'Offender Manager (MAPPA)' names unknown agency NOPE",
        "after_close_roles: unknown role janitor",
    ] {
        assert!(err.contains(want), "{want:?} missing from:\n{err}");
    }
    assert!(!p.db.exists() || p.dump().is_empty(), "nothing created");

    // The after-close item before the case items; no confidentiality item.
    let early = PANEL
        .replace("number = 12\ntitle = \"MAPPA-managed cases noted\"\nkind = \"mappa\"\nafter_formal_close = true", "number = 13\ntitle = \"Spare\"\nkind = \"agency_intelligence\"")
        .replace(
            "number = 3\ntitle = \"Confidentiality agreement\"\nkind = \"confidentiality\"",
            "number = 3\ntitle = \"MAPPA first\"\nkind = \"mappa\"",
        );
    let file = p.write("early.toml", &early);
    let err = p.fails(&["init", "--no-encrypt", "--panel", file.to_str().unwrap()]);
    for want in [
        "a confidentiality item is needed before the case items",
        "agenda[2].kind: the mappa item must come after the case items",
        "agenda[2].after_formal_close: the mappa item is heard after the formal close",
    ] {
        assert!(err.contains(want), "{want:?} missing from:\n{err}");
    }
}

/// Issue 20: the printed agenda puts every table under its own item, whatever the
/// panel numbers it (it printed the children's referrals under "6." even when the
/// panel's item 6 was something else, and "no new referrals" under item 7).
#[test]
fn the_printed_agenda_lists_each_case_under_the_panels_own_item() {
    let p = panel();
    p.refer(
        "child",
        r#"{"referring_agency": "YJS", "name": "Corin Maddox-Vale", "date_of_birth": "2011-02-03",
            "concerns": "Carrying a knife at school.", "date_received": "2026-11-10"}"#,
        &[],
    );
    p.refer(
        "adult",
        r#"{"referring_agency": "POL", "name": "Ash Tendring", "date_of_birth": "2001-09-19",
            "concerns": "Recruiting younger people to deal.", "date_received": "2026-11-09"}"#,
        &[],
    );
    let agenda = p.ok(&["agenda", "--meeting", "2026-12-09"]);
    let section = |from: &str, to: &str| -> String {
        let a = agenda
            .find(from)
            .unwrap_or_else(|| panic!("{from}: {agenda}"));
        let b = agenda[a..].find(to).map_or(agenda.len(), |b| a + b);
        agenda[a..b].to_string()
    };
    let reviews = section("5. Open cases: lead agency updates", "6. New referrals");
    assert!(reviews.contains("no reviews due"), "{reviews}");
    assert!(!reviews.contains("Corin"), "{reviews}");
    let children = section("6. New referrals: children", "7. New referrals");
    assert!(children.contains("Corin Maddox-Vale"), "{children}");
    assert!(!children.contains("Ash Tendring"), "{children}");
    let adults = section("7. New referrals: adults", "12. MAPPA");
    assert!(adults.contains("Ash Tendring"), "{adults}");
    assert!(!adults.contains("no new referrals"), "{adults}");
}

/// Issue 20: the minutes' general page heads each opening item with the panel's own
/// number, and a panel without an agency-intelligence item has no such heading.
#[test]
fn the_general_page_numbers_only_the_items_the_panel_has() {
    let p = panel();
    let mut run = Run::open(&p);
    run.open_meeting();
    let out = p.dir.path().join("minutes");
    p.ok(&[
        "minutes",
        "--meeting",
        "2026-12-09",
        "--out",
        out.to_str().unwrap(),
    ]);
    let general = std::fs::read_to_string(out.join("2026-12-09-general.md")).unwrap();
    // Markdown headings escape the dot after a number ("## 1\\. Introductions").
    for heading in [
        "## 1\\. Introductions: present",
        "## 2\\. Apologies and absences",
        "## 3\\. Confidentiality statement",
        "## 4\\. Police intelligence",
    ] {
        assert!(general.contains(heading), "{heading}: {general}");
    }
    assert!(
        !general.contains("Intelligence from other agencies"),
        "{general}"
    );
}
