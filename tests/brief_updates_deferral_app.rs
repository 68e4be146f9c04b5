//! Issue 20 (E5, F13) in the meeting app, with key events: a DYO case deferred by a
//! meeting short of its quorum (003 App 4A "Meeting Schedule"; CAMP's App 5B 3 gives
//! the deferral itself), and a CAMP brief update done with its one line and no
//! decision (003 App 5A "2. PPO"). Every person is invented.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::app_run::Run;

use std::path::{Path, PathBuf};

use common::{ok, rt};
use ratatui::crossterm::event::KeyCode;
use roundtable::domain::types::MeetingState;
use roundtable::domain::AgendaKind;
use roundtable::store::write::Table;
use roundtable::store::Store;
use rusqlite::types::Value;

impl Run {
    /// Start; the first `present` members present, the rest sending apologies; the
    /// statement signed; on to the item of `kind` and its first case page.
    fn open_at(&mut self, present: usize, kind: AgendaKind) {
        self.key(KeyCode::Enter);
        if self.app.data.state == MeetingState::Planned {
            self.key(KeyCode::Enter);
        }
        assert_eq!(self.app.data.state, MeetingState::InProgress);
        let n = self.app.attendance_rows().len();
        for i in 0..n {
            self.key(KeyCode::Char(if i < present { 'p' } else { 'a' }));
        }
        while self.app.kind() != AgendaKind::Confidentiality {
            self.key(KeyCode::PageDown);
        }
        for _ in 0..present {
            self.key(KeyCode::Char(' '));
        }
        while self.app.kind() != kind {
            self.key(KeyCode::PageDown);
        }
        self.key(KeyCode::Enter);
        assert!(self.app.case.is_some(), "{}", self.message());
    }
}

fn init(dir: &Path, panel: &str, members: &str) -> PathBuf {
    let db = dir.join("panel.db");
    let m = dir.join("members.toml");
    std::fs::write(&m, members).unwrap();
    ok(&rt(
        &db,
        None,
        &[
            "init",
            "--no-encrypt",
            "--panel",
            panel,
            "--members",
            m.to_str().unwrap(),
        ],
    ));
    db
}

fn refer(db: &Path, dir: &Path, text: &str) {
    let f = dir.join("referral.toml");
    std::fs::write(&f, text).unwrap();
    ok(&rt(
        db,
        None,
        &["referral", "add", "--from", f.to_str().unwrap()],
    ));
}

#[test]
fn dyo_a_meeting_short_of_its_quorum_defers_a_case_with_a_reason_and_decides_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(
        dir.path(),
        "dyo",
        r#"
[[member]]
name = "Odette Ravensworth"
post = "YOT Manager"
agency = "YOT"
role = "chair"
[[member]]
name = "Kit Abernethy"
post = "Lead YOT Police Officer for Deter"
agency = "POL"
[[member]]
name = "Marisol Penhallow"
post = "Education Welfare Officer"
agency = "EWS"
"#,
    );
    refer(
        &db,
        dir.path(),
        r#"
referring_agency = "YOT"
referrer = "Case officer, YOT"
name = "Kasimir Oyelaran"
date_of_birth = 2011-06-14
date_received = 2026-11-02
presenting_issues = "Repeated thefts with older peers"
catchment = "resident"
"#,
    );
    let mut run = Run::open_db(&db);
    // Two members from two agencies: 003 App 4A "Meeting Schedule" wants three.
    run.open_at(2, AgendaKind::NewReferrals);
    let d = run.app.current_case().unwrap().discussion.0;
    run.focus("Decision");
    run.typ("meets");
    run.key(KeyCode::Enter);
    assert!(
        run.message().contains("Quorum not met"),
        "{}",
        run.message()
    );
    run.focus("Decision");
    run.typ("def");
    run.key(KeyCode::Enter);
    let stored: Option<String> = run.q(&format!(
        "SELECT decision FROM case_discussion WHERE id = {d}"
    ));
    assert_eq!(stored.as_deref(), Some("deferred"), "{}", run.message());
    run.ctrl('d');
    assert!(
        run.message().contains("Missing: reasons"),
        "{}",
        run.message()
    );
    run.focus("Reasons");
    run.typ("Not quorate: CAMHS and the police officer's deputy absent.");
    run.key(KeyCode::Tab);
    run.ctrl('d');
    let done: Option<String> = run.q(&format!(
        "SELECT completed_at FROM case_discussion WHERE id = {d}"
    ));
    assert!(done.is_some(), "{}", run.message());
    let (status, review): (String, Option<String>) = run
        .store
        .conn()
        .query_row("SELECT status, next_review_on FROM referral", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((status.as_str(), review), ("on_agenda", None));
}

#[test]
fn camp_app_5a_2_ppo_a_brief_update_page_needs_its_line_and_no_decision() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(
        dir.path(),
        "camp",
        r#"
[[member]]
name = "Rosalind Achterberg"
post = "CAMP Chair"
agency = "PROB"
role = "chair"
[[member]]
name = "Declan Moberly-Finch"
post = "Police Representative"
agency = "MPS"
"#,
    );
    refer(
        &db,
        dir.path(),
        r#"
form = "camp"
date_referral_made = "2026-11-20"
by_officer = "DC Imogen Vasquez-Reilly"
from_agency = "Metropolitan Police"
reasons = ["complex_ppo"]
complex_ppo_details = "Support needs in housing and health"
first_name = "Tobiah"
surname = "Quennell"
borough = "Bromley"
dob = 1991-02-17
consent = true
"#,
    );
    // The first meeting keeps the case at agency level (through the store).
    let store = Store::open(&db, None).unwrap();
    let first = store.meeting_to_run().unwrap().unwrap();
    store.start_meeting(first).unwrap();
    let data = store.load_meeting(first).unwrap();
    let d = data.cases[0].discussion.0;
    let lead: i64 = store
        .conn()
        .query_row("SELECT id FROM agency WHERE code = 'PROB'", [], |r| {
            r.get(0)
        })
        .unwrap();
    for (col, v) in [
        ("decision", Value::Text("agency_level".into())),
        ("decision_reasons", Value::Text("Not complex.".into())),
        ("next_date", Value::Text("2027-03-08".into())),
        ("lead_agency_id", Value::Integer(lead)),
    ] {
        store.set_field(Table::Discussion, d, col, v).unwrap();
    }
    // The chair's checklist first (003 App 5B 3): the store refuses the case without it.
    common::checklist::answer_all(&store, first, data.cases[0].discussion);
    let case = store.load_meeting(first).unwrap().cases.remove(0);
    store.complete_case(&case, data.date).unwrap();
    store.formally_close(first).unwrap();
    store
        .end_meeting(first, "2027-01-12".parse().unwrap())
        .unwrap();
    drop(store);

    let mut run = Run::open_db(&db);
    run.open_at(2, AgendaKind::Updates);
    assert_eq!(run.app.item, 5, "item 5: Other PPO: brief updates");
    let labels: Vec<String> = run
        .app
        .form
        .fields
        .iter()
        .map(|f| f.label.clone())
        .collect();
    assert_eq!(labels, ["Referral", "Brief update (one line)"]);
    run.ctrl('d');
    assert!(
        run.message().contains("Missing: brief update"),
        "{}",
        run.message()
    );
    run.focus("Brief update");
    run.typ("Reporting weekly to probation; no new offences.");
    run.key(KeyCode::Tab);
    run.ctrl('d');
    let (minutes, done, decision): (String, Option<String>, Option<String>) = run
        .store
        .conn()
        .query_row(
            "SELECT minutes, completed_at, decision FROM case_discussion WHERE item_kind = 'updates'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(minutes, "Reporting weekly to probation; no new offences.");
    assert!(done.is_some(), "{}", run.message());
    assert_eq!(decision, None);
    let review: String = run.q("SELECT next_review_on FROM referral WHERE id = 1");
    assert_eq!(review, "2027-03-08", "the case record is as it was");
}
