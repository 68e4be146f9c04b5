//! Issue 20, step 2: decisions, the quorum, the key worker, review bounds and removal
//! reasons from the panel's own file, driven through the app with key events.
//!
//! The panel is an invented Deter panel written after 003 Appendix 4 A: "a quorum of
//! at least three panel members present at the Deter meeting, from at least three
//! agencies" ("Meeting Schedule"); a new case on the list gets "the nominated key
//! worker" and "a date for the review of progress at an interval of 2-6 months"
//! ("New Cases" 5-6); removal is for one of four reasons ("Removal from Deter list").
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::app_run::Run;

use common::new_panel::{referral_id, Panel};
use ratatui::crossterm::event::KeyCode;
use roundtable::domain::types::MeetingState;
use roundtable::domain::AgendaKind;

const PANEL: &str = r#"
name = "Northmere Deter Panel"
short_name = "Deter"
protective_marking = "OFFICIAL-SENSITIVE"
confidentiality_statement = "Shared under the partnership's information-sharing protocol."
after_close_roles = ["chair"]

[cite]
quorum = "App 4A, Meeting Schedule"
review_interval = "App 4A, New Cases 6"
closure = "App 4A, Removal from Deter list"

[meeting_pattern]
every = "month"
weekday = "Thursday"
week_of_month = 4

[quorum]
min_members = 3
min_agencies = 3

[review]
min_months = 2
max_months = 6

[closure]
reasons = [
    "To CBTJ: offending escalates to PPO criteria",
    "Young person becomes 18 (refer to CBTJ)",
    "Exit strategy: ongoing work with mainstream providers",
    "Moves to reside in another local authority",
]

[[decision]]
code = "meets_criteria"
label = "Meets the criteria: on the Deter list"
items = ["new_referrals_under_18"]
status_after = "open"
needs = ["risk_level", "lead_agency", "key_worker", "next_date", "reasons"]
[[decision]]
code = "does_not_meet"
label = "Does not meet the criteria"
items = ["new_referrals_under_18"]
status_after = "declined"
needs = ["reasons"]
[[decision]]
code = "stays"
label = "Stays on the Deter list"
items = ["reviews"]
status_after = "open"
needs = ["risk_level", "lead_agency", "key_worker", "next_date", "reasons"]
[[decision]]
code = "removed"
label = "Removed from the Deter list"
items = ["reviews"]
status_after = "closed"
needs = ["closure_reason", "reasons"]

[[agency]]
code = "YOT"
name = "Youth Offending Team"
required = true
[[agency]]
code = "POL"
name = "Police"
police = true
required = true
[[agency]]
code = "EWS"
name = "Education Welfare Service"
[[agency]]
code = "CAMHS"
name = "Child and Adolescent Mental Health Services"

[[role]]
post = "YOT Manager"
agency = "YOT"
role = "chair"

[[agenda]]
number = 1
title = "Apologies; quorum check"
kind = "apologies"
[[agenda]]
number = 2
title = "Basis of information exchange"
kind = "confidentiality"
[[agenda]]
number = 3
title = "New cases"
kind = "new_referrals_under_18"
[[agenda]]
number = 4
title = "Existing cases"
kind = "reviews"
"#;

const MEMBERS: &str = r#"
[[member]]
name = "Odette Ravensworth"
post = "YOT Manager"
agency = "YOT"
role = "chair"

[[member]]
name = "Kit Abernethy"
post = "Lead YOT Police Officer"
agency = "POL"

[[member]]
name = "Marisol Penhallow"
post = "Education Welfare Officer"
agency = "EWS"

[[member]]
name = "Tobias Wrenfield"
post = "Clinical Lead"
agency = "CAMHS"
"#;

impl Run {
    /// Start; the first `present` members present, the rest sending apologies; the
    /// confidentiality statement signed; on to the new cases.
    fn open_meeting(&mut self, present: usize) {
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
        while self.app.kind() != AgendaKind::NewReferralsUnder18 {
            self.key(KeyCode::PageDown);
        }
        self.key(KeyCode::Enter);
        assert!(
            self.app.case.is_some(),
            "the case page opens: {} {:?} item {}",
            self.message(),
            self.app.data.cases.len(),
            self.app.item
        );
    }
}

fn panel_with_a_referral() -> (Panel, i64) {
    let p = Panel::empty();
    let file = p.write("deter.toml", PANEL);
    let members = p.write("members.toml", MEMBERS);
    p.ok(&[
        "init",
        "--no-encrypt",
        "--panel",
        file.to_str().unwrap(),
        "--members",
        members.to_str().unwrap(),
    ]);
    let id = referral_id(&p.refer(
        "young",
        r#"{"referring_agency": "YOT", "name": "Lorcan Ashdown-Pike", "date_of_birth": "2011-05-01",
            "concerns": "Repeated thefts with older associates.", "date_received": "2026-11-02"}"#,
        &[],
    ));
    p.ok(&[
        "referral",
        "screen",
        &id.to_string(),
        "--intelligence",
        "--by",
        "Kit Abernethy",
    ]);
    (p, id)
}

#[test]
fn dyo_meeting_schedule_a_decision_before_quorum_is_refused_and_the_chair_override_recorded() {
    let (p, id) = panel_with_a_referral();
    let mut run = Run::open(&p);
    // Two members from two agencies: the quorum of three from three is not met.
    run.open_meeting(2);
    assert!(
        run.app.data.required_absent().is_empty(),
        "the required agencies (YOT, police) are here"
    );
    let d = run.app.current_case().unwrap().discussion.0;
    run.focus("Decision");
    run.typ("meets");
    run.key(KeyCode::Enter);
    let said = run.message();
    assert!(
        said.contains("Quorum not met (App 4A, Meeting Schedule): 2 members present from 2 agencies (POL, YOT); 1 more member and 1 more agency needed before a decision"),
        "{said}"
    );
    assert!(said.contains("Ctrl-O"), "{said}");
    let stored: Option<String> = run.q(&format!(
        "SELECT decision FROM case_discussion WHERE id = {d}"
    ));
    assert_eq!(stored, None, "nothing recorded before the quorum");
    // The chair overrides, with a reason.
    run.ctrl('o');
    assert!(run.app.dialog.is_some(), "the override asks for a reason");
    run.typ("EWS officer joined by phone for this case");
    run.ctrl('d');
    assert!(run.app.dialog.is_none(), "{}", run.message());
    let reason: String = run.q("SELECT quorum_override_reason FROM meeting");
    assert_eq!(reason, "EWS officer joined by phone for this case");
    let logged: i64 = run.q(
        "SELECT COUNT(*) FROM change_log WHERE tbl = 'meeting' AND col = 'quorum_override_reason'",
    );
    assert_eq!(logged, 1, "the override is in the change log");
    // Now the decision is taken.
    run.focus("Decision");
    run.typ("meets");
    run.key(KeyCode::Enter);
    let stored: Option<String> = run.q(&format!(
        "SELECT decision FROM case_discussion WHERE id = {d}"
    ));
    assert_eq!(stored.as_deref(), Some("meets_criteria"));

    // "New Cases" 5-6: not done without a key worker and a review date 2 to 6 months on.
    run.ctrl('d');
    let said = run.message();
    assert!(said.contains("key worker"), "{said}");
    run.focus("Review date");
    run.typ("2026-12-24");
    run.key(KeyCode::Tab);
    let said = run.message();
    assert!(
        said.contains("2026-12-24: a review is set 2 to 6 months after the meeting (2027-01-26 to 2027-05-26) (App 4A, New Cases 6)"),
        "{said}"
    );
    let next: Option<String> = run.q(&format!(
        "SELECT next_date FROM case_discussion WHERE id = {d}"
    ));
    assert_eq!(next, None, "a date outside the bounds is not saved");

    // Filled in: the case is on the list with its key worker.
    run.focus("Review date");
    for _ in 0..10 {
        run.key(KeyCode::Backspace);
    }
    run.typ("2027-02-25");
    run.focus("Reasons");
    run.typ("Meets the criteria for this stage.");
    run.focus("Lead agency");
    run.typ("yot");
    run.focus("Initial risk");
    run.typ("high");
    run.focus("Key worker (name)");
    run.typ("Nadia Colquhoun");
    run.focus("Key worker's agency");
    run.typ("yot");
    run.key(KeyCode::Tab);
    run.ctrl('d');
    let said = run.message();
    assert!(
        said.contains("All cases of this item are on record"),
        "{said}"
    );
    let status: String = run.q(&format!("SELECT status FROM referral WHERE id = {id}"));
    assert_eq!(status, "open");
    let review: String = run.q(&format!(
        "SELECT next_review_on FROM referral WHERE id = {id}"
    ));
    assert_eq!(review, "2027-02-25");

    // The minutes say the meeting was not quorate and why decisions were taken; the
    // case page names the decision by the panel's label and the key worker.
    let out = p.dir.path().join("minutes");
    p.ok(&[
        "minutes",
        "--meeting",
        "2026-11-26",
        "--out",
        out.to_str().unwrap(),
    ]);
    let general = std::fs::read_to_string(out.join("2026-11-26-general.md")).unwrap();
    assert!(
        general.contains("The meeting was not quorate; the chair let decisions be taken: EWS officer joined by phone for this case"),
        "{general}"
    );
    let page = std::fs::read_to_string(out.join(format!("2026-11-26-case-{id}.md"))).unwrap();
    assert!(
        page.contains("Meets the criteria: on the Deter list"),
        "{page}"
    );
    assert!(page.contains("Nadia Colquhoun (YOT)"), "{page}");
    let history = p.ok(&["case", &id.to_string()]);
    assert!(
        history.contains("Key worker: Nadia Colquhoun (YOT)"),
        "{history}"
    );
}

#[test]
fn dyo_meeting_schedule_three_members_from_three_agencies_decide_without_override() {
    let (p, _) = panel_with_a_referral();
    let mut run = Run::open(&p);
    run.open_meeting(3);
    let d = run.app.current_case().unwrap().discussion.0;
    run.focus("Decision");
    run.typ("does");
    run.key(KeyCode::Enter);
    let stored: Option<String> = run.q(&format!(
        "SELECT decision FROM case_discussion WHERE id = {d}"
    ));
    assert_eq!(
        stored.as_deref(),
        Some("does_not_meet"),
        "{}",
        run.message()
    );
    // Ctrl-O on a quorate meeting has nothing to override.
    run.ctrl('o');
    assert!(run.app.dialog.is_none());
    assert!(run.message().contains("quorate"), "{}", run.message());
    // A decision the panel does not offer is refused by the store in one line.
    let err = run
        .store
        .set_field(
            roundtable::store::write::Table::Discussion,
            d,
            "decision",
            rusqlite::types::Value::Text("open".into()),
        )
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("open is not one of this panel's decisions at this item (one of meets_criteria, does_not_meet)"),
        "{err}"
    );
    let out = p.dir.path().join("minutes");
    run.focus("Reasons");
    run.typ("No offending pattern yet.");
    run.ctrl('d');
    p.ok(&[
        "minutes",
        "--meeting",
        "2026-11-26",
        "--out",
        out.to_str().unwrap(),
    ]);
    let general = std::fs::read_to_string(out.join("2026-11-26-general.md")).unwrap();
    assert!(general.contains("The meeting was quorate."), "{general}");
}

#[test]
fn a_required_agency_sending_apologies_with_nobody_else_is_warned_of_at_apologies() {
    // `required = true` on the police and the YOT: the police's only member sends
    // apologies, and the page says so at once.
    let (p, _) = panel_with_a_referral();
    let mut run = Run::open(&p);
    run.key(KeyCode::Enter);
    if run.app.data.state == MeetingState::Planned {
        run.key(KeyCode::Enter);
    }
    let rows = run.app.attendance_rows().len();
    assert_eq!(rows, 4);
    run.key(KeyCode::Char('p')); // the YOT Manager
    run.key(KeyCode::Char('a')); // the only police member
    let said = run.message();
    assert_eq!(
        said,
        "POL is a required agency and nobody from it is present: a deputy or another member from it?"
    );
    assert_eq!(run.app.data.required_absent(), ["POL"]);
    run.key(KeyCode::Char('a')); // EWS is not required: no warning of it
    assert!(!run.message().contains("EWS"), "{}", run.message());
}

#[test]
fn dyo_removal_from_the_list_takes_one_of_the_four_reasons() {
    // 003 App 4A "Removal from Deter list": four reasons; the store takes only those.
    let (p, _) = panel_with_a_referral();
    let mut run = Run::open(&p);
    run.open_meeting(3);
    let d = run.app.current_case().unwrap().discussion.0;
    let set = |run: &Run, v: &str| {
        run.store.set_field(
            roundtable::store::write::Table::Discussion,
            d,
            "closure_reason",
            rusqlite::types::Value::Text(v.into()),
        )
    };
    let err = set(&run, "Lost touch").unwrap_err().to_string();
    assert_eq!(
        err,
        "closure reason: 'Lost touch' is not one of the panel's reasons"
    );
    set(&run, "Young person becomes 18 (refer to CBTJ)").unwrap();
    // The new-case page offers no removal (the reason list is for reviews).
    assert!(!run
        .app
        .form
        .fields
        .iter()
        .any(|f| f.label.starts_with("Closure reason")));
}
