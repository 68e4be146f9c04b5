//! MAVE's co-chairs (issue 22 item 2, MV5): "Co-chaired by a CSC Assistant Director
//! and DI from the Central South BCU" (001 "Who chairs the MAVE Panel?"), both "the
//! Chairs" (001 "Confidentiality"). With both present each decision records which
//! co-chair agreed it: on the case page a choice among the co-chairs present, the one
//! who chairs the meeting saved with the decision unless another is chosen, through the
//! store and change-logged; printed on the minutes' case page and in `case ID`. With one
//! co-chair present nothing is asked and nothing printed.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::app_run::Run;
use common::new_panel::Panel;
use ratatui::crossterm::event::KeyCode;
use roundtable::domain::types::MeetingState;
use roundtable::domain::AgendaKind;

/// Invented people in the posts of mave.toml.
const MEMBERS: &str = r#"
[[member]]
name = "Rosalind Achterberg"
post = "Co-chair, Assistant Director, Children's Social Care"
agency = "CSC"
role = "co_chair"

[[member]]
name = "Dunstan Okafor-Lisle"
post = "Co-chair, Detective Inspector, Central South BCU"
agency = "POL"
role = "co_chair"

[[member]]
name = "Maelle Thorsby"
post = "MAVE Panel Coordinator"
agency = "CSC"
role = "coordinator"

[[member]]
name = "Ifan Castellano"
post = "Team Manager"
agency = "YJS"
"#;

/// Form 1, passing its checklist and approved (001 "MAVE Panel Individual Referral &
/// Checklist").
const REFERRAL: &str = r#"
form = "individual"
date_of_referral = "2026-11-16"
referrer_name = "Wenna Corrigan-Hale"
referrer_agency = "YJS"
name = "Tavish Okonkwo-Reed"
date_of_birth = 2010-04-17
meeting_held = "yes"
blocks = ["no_services"]
request = "A school place outside the borough this term"
how_safer = "Away from the group that exploits him on the way to school"
approver = "Ilse Marchetti, Service Manager"
approved = "yes"
approval_date = "2026-11-13"
"#;

const AD: &str = "Co-chair, Assistant Director, Children's Social Care (CSC)";
const DI: &str = "Co-chair, Detective Inspector, Central South BCU (POL)";

fn mave() -> Panel {
    let p = Panel::empty();
    let members = p.write("members.toml", MEMBERS);
    p.ok(&[
        "init",
        "--no-encrypt",
        "--panel",
        "mave",
        "--members",
        members.to_str().unwrap(),
    ]);
    let file = p.write("referral.toml", REFERRAL);
    p.ok(&["referral", "add", "--from", file.to_str().unwrap()]);
    p
}

impl Run {
    /// Start; everyone present but those named absent (apologies); `chair` (a name)
    /// recorded as chairing; the statement signed; the case page of item 3 open.
    fn open_mave(&mut self, away: &[&str], chair: Option<&str>) {
        self.key(KeyCode::Enter);
        if self.app.data.state == MeetingState::Planned {
            self.key(KeyCode::Enter);
        }
        assert_eq!(self.app.data.state, MeetingState::InProgress);
        let n = self.app.attendance_rows().len();
        for _ in 0..n {
            self.key(KeyCode::Up);
        }
        for i in 0..n {
            let name = self.app.data.members.get(i).map(|m| m.name.clone());
            let here = !name.as_deref().is_some_and(|n| away.contains(&n));
            self.key(KeyCode::Char(if here { 'p' } else { 'a' }));
        }
        if let Some(chair) = chair {
            let at = self
                .app
                .data
                .members
                .iter()
                .position(|m| m.name == chair)
                .unwrap();
            for _ in 0..n {
                self.key(KeyCode::Up);
            }
            for _ in 0..at {
                self.key(KeyCode::Down);
            }
            self.key(KeyCode::Char('c'));
            assert!(self.message().contains("Chaired by"), "{}", self.message());
        }
        while self.app.kind() != AgendaKind::Confidentiality {
            self.key(KeyCode::PageDown);
        }
        for _ in 0..(n - away.len()) {
            self.key(KeyCode::Char(' '));
        }
        while self.app.item != 3 {
            self.key(KeyCode::PageDown);
        }
        self.key(KeyCode::Enter);
        assert!(self.app.case.is_some(), "{}", self.message());
    }

    /// The case page is marked done.
    fn assert_done(&self) {
        let done: i64 =
            self.q("SELECT COUNT(*) FROM case_discussion WHERE completed_at IS NOT NULL");
        assert_eq!(done, 1, "{}", self.message());
    }

    /// The labels of the case page's fields.
    fn labels(&self) -> Vec<String> {
        self.app
            .form
            .fields
            .iter()
            .map(|f| f.label.clone())
            .collect()
    }

    /// Fill what MAVE's "accepted" needs (001 "How will the MAVE Panel be supported?":
    /// brought back "to an agreed timescale") and mark the page done.
    fn accept(&mut self) {
        self.focus("Decision");
        self.typ("Accepted");
        self.key(KeyCode::Enter);
        self.focus("Reasons");
        self.typ("The block is confirmed: no school place offered");
        self.focus("Lead agency");
        self.typ("EDU");
        self.key(KeyCode::Enter);
        self.focus("Review date");
        self.typ("2026-12-23");
        self.key(KeyCode::Tab);
    }
}

#[test]
fn mave_who_chairs_two_co_chairs_present_each_decision_records_the_one_who_agreed() {
    let p = mave();
    let mut run = Run::open(&p);
    run.open_mave(&[], Some("Dunstan Okafor-Lisle"));
    let d = run.app.current_case().unwrap().discussion.0;
    let field = "Agreed by (co-chair) (Who chairs the MAVE Panel?)";
    assert!(
        run.labels().iter().any(|l| l == field),
        "{:?}",
        run.labels()
    );

    // The decision taken: the co-chair chairing the meeting agreed it, saved with it.
    run.accept();
    let who: String = run.q(&format!(
        "SELECT att.post_title FROM case_discussion d JOIN attendance att
         ON att.id = d.agreed_by_attendance_id WHERE d.id = {d}"
    ));
    assert_eq!(who, "Co-chair, Detective Inspector, Central South BCU");

    // The other co-chair chosen instead: saved through the store, in the change log.
    run.focus("Agreed by");
    run.typ("Co-chair, A");
    run.key(KeyCode::Enter);
    let who: String = run.q(&format!(
        "SELECT att.post_title FROM case_discussion d JOIN attendance att
         ON att.id = d.agreed_by_attendance_id WHERE d.id = {d}"
    ));
    assert_eq!(who, "Co-chair, Assistant Director, Children's Social Care");
    let logged: i64 = run.q(&format!(
        "SELECT COUNT(*) FROM change_log WHERE tbl = 'case_discussion'
         AND col = 'agreed_by_attendance_id' AND row_id = {d}"
    ));
    assert_eq!(logged, 2, "the default, then the change");
    run.ctrl('d');
    run.assert_done();

    // Printed on the minutes' case page, and in `case ID` (text and JSON).
    let out = p.dir.path().join("minutes");
    p.ok(&[
        "minutes",
        "--meeting",
        "2026-11-25",
        "--out",
        out.to_str().unwrap(),
        "--format",
        "md",
    ]);
    let case_page = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .find(|t| t.contains("Tavish Okonkwo-Reed"))
        .unwrap();
    assert!(
        case_page
            .lines()
            .any(|l| l.contains("Agreed by") && l.contains(AD)),
        "{case_page}"
    );
    let case = p.ok(&["case", "1"]);
    assert!(case.contains(&format!("    Agreed by: {AD}\n")), "{case}");
    let json = p.ok(&["case", "1", "--json"]);
    assert!(json.contains(&format!("\"agreed_by\": \"{AD}\"")), "{json}");
}

#[test]
fn mave_who_chairs_nobody_recorded_chairing_the_page_asks_and_the_store_takes_only_a_co_chair() {
    let p = mave();
    let mut run = Run::open(&p);
    run.open_mave(&[], None);
    let d = run.app.current_case().unwrap().discussion.0;
    // No co-chair recorded as chairing: no default; the page is not done without one.
    run.accept();
    let agreed: Option<i64> = run.q("SELECT agreed_by_attendance_id FROM case_discussion");
    assert_eq!(agreed, None);
    run.ctrl('d');
    assert!(
        run.message().contains("Missing: co-chair who agreed"),
        "{}",
        run.message()
    );
    // The store refuses anyone but a co-chair present.
    let youth: i64 = run.q("SELECT id FROM attendance WHERE name = 'Ifan Castellano'");
    let refused = run
        .store
        .set_field(
            roundtable::store::write::Table::Discussion,
            d,
            "agreed_by_attendance_id",
            rusqlite::types::Value::Integer(youth),
        )
        .unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("agreed by: one of the co-chairs present at this meeting"),
        "{refused}"
    );
    // Chosen on the page: done.
    run.focus("Agreed by");
    run.typ("Co-chair, D");
    run.key(KeyCode::Enter);
    run.ctrl('d');
    run.assert_done();
    assert!(p
        .ok(&["case", "1"])
        .contains(&format!("    Agreed by: {DI}\n")));
}

#[test]
fn mave_who_chairs_one_co_chair_present_nothing_asked_nothing_printed() {
    let p = mave();
    let mut run = Run::open(&p);
    run.open_mave(&["Dunstan Okafor-Lisle"], Some("Rosalind Achterberg"));
    assert!(
        !run.labels().iter().any(|l| l.starts_with("Agreed by")),
        "{:?}",
        run.labels()
    );
    run.accept();
    run.ctrl('d');
    run.assert_done();
    let agreed: Option<i64> = run.q("SELECT agreed_by_attendance_id FROM case_discussion");
    assert_eq!(agreed, None);
    assert!(!p.ok(&["case", "1"]).contains("Agreed by"));
}
