//! Issue 21: MAPPA level 2 and level 3 meetings from their own panel file
//! (`data/panels/mappa.toml`, after 003 Appendix 2 A, B and C), end to end: `init`,
//! a level 3 referral taken and heard (the panel has no `[exclusion]`), the chair's
//! checklist of App 2B 3 answered on the case page with key events, a "no" forcing
//! an interim plan or a deferral, a sharing decision with dissent and an escalation,
//! then the minutes and `case ID` from the binary.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::app_run::Run;
use common::new_panel::{referral_id, Panel, MAPPA_FORM_FIELDS, MAPPA_MEMBERS};
use ratatui::crossterm::event::KeyCode;
use roundtable::domain::types::MeetingState;
use roundtable::domain::AgendaKind;

/// The monthly level 2 meeting: third Wednesday after 2026-11-25 (App 2C "Process").
const MEETING: &str = "2026-12-16";

impl Run {
    /// Start; everyone present; the confidentiality agreement signed; the first case
    /// of the new cases item open.
    fn open_meeting(&mut self) {
        self.key(KeyCode::Enter);
        if self.app.data.state == MeetingState::Planned {
            self.key(KeyCode::Enter);
        }
        assert_eq!(self.app.data.state, MeetingState::InProgress);
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
        // The first case item: level 3 cases (mappa.toml's generic case items).
        while !self.app.kind().has_case_pages() {
            self.key(KeyCode::PageDown);
        }
        self.key(KeyCode::Enter);
        assert!(
            self.app.case.is_some(),
            "the case page opens: {}",
            self.message()
        );
    }

    /// Answer checklist question `key` through its dialog: `answer` typed into the
    /// choice (or the text), `note` into the note; saved with Ctrl-D.
    fn answer(&mut self, key: &str, answer: &str, note: &str) {
        self.focus("Chair's checklist");
        let row = self
            .app
            .data
            .panel
            .paperwork
            .checklist
            .iter()
            .position(|q| q.key == key);
        let row = row.unwrap_or_else(|| panic!("no question {key}"));
        for _ in 0..30 {
            self.key(KeyCode::Up);
        }
        for _ in 0..row {
            self.key(KeyCode::Down);
        }
        self.key(KeyCode::Enter);
        let title = self.app.dialog.as_ref().map(|d| d.title.clone()).unwrap();
        assert!(
            title.starts_with(&format!("Chair's checklist {key} (App 2")),
            "{title}"
        );
        self.typ(answer);
        self.key(KeyCode::Tab);
        self.typ(note);
        self.ctrl('d');
    }

    /// Every question answered "yes" (or in words), but those in `except`.
    fn answer_all_but(&mut self, except: &[&str]) {
        let qs: Vec<(String, roundtable::domain::paperwork::AnswerType)> = self
            .app
            .data
            .panel
            .paperwork
            .checklist
            .iter()
            .map(|q| (q.key.clone(), q.answer))
            .collect();
        for (key, kind) in qs {
            if except.contains(&key.as_str()) {
                continue;
            }
            let a = match kind {
                roundtable::domain::paperwork::AnswerType::YesNo => "yes",
                roundtable::domain::paperwork::AnswerType::Choice => "first",
                roundtable::domain::paperwork::AnswerType::Text => "Recorded at the meeting",
            };
            self.answer(&key, a, "");
            assert!(self.app.dialog.is_none(), "{key}: {}", self.message());
        }
    }
}

/// `init --panel mappa` with the members, and a level 3 category 2 referral from
/// probation, received before the cut-off.
fn mappa_with_a_level_3_referral() -> (Panel, i64) {
    let p = Panel::empty();
    let members = p.write("members.toml", MAPPA_MEMBERS);
    let said = p.ok(&[
        "init",
        "--no-encrypt",
        "--panel",
        "mappa",
        "--members",
        members.to_str().unwrap(),
    ]);
    assert!(
        said.contains("MAPPA Level 2 and Level 3 Meetings (MAPPA)"),
        "{said}"
    );
    let out = p.refer(
        "level3",
        &format!(
            r#"{{"referring_agency": "PROB", "name": "Fenwick Galloway-Stroud", "date_of_birth": "1984-03-09",
            "harm_when_and_to_whom": "Released on licence; threats to a former partner; exceptionally high risk of harm.",
            "date_received": "2026-11-20", "mappa_category": "2", "mappa_level": "3", {MAPPA_FORM_FIELDS}}}"#
        ),
        &[],
    );
    assert!(!out.to_lowercase().contains("exclu"), "{out}");
    (p, referral_id(&out))
}

#[test]
fn app_2a_framework_a_mappa_panel_hears_its_own_level_3_case() {
    let (p, id) = mappa_with_a_level_3_referral();
    let mut run = Run::open(&p);
    assert_eq!(run.app.data.date.to_string(), MEETING);
    assert_eq!(run.app.data.listed_new, 1, "listed for the meeting");
    assert!(run
        .app
        .data
        .panel
        .paperwork
        .exclusion
        .mappa_levels
        .is_empty());
    // Heard: the level 3 case opens on the new cases item, not set aside as MAGPan's
    // section 10.1 exclusion would.
    run.open_meeting();
    let listed: Vec<i64> = run.app.data.cases.iter().map(|c| c.referral.id.0).collect();
    assert_eq!(listed, vec![id], "set aside: {:?}", run.app.data.set_aside);
    assert!(run.app.data.set_aside.is_empty());
    let c = run.app.current_case().unwrap();
    assert_eq!(c.referral.mappa_level, Some(3));
    assert_eq!(c.referral.name, "Fenwick Galloway-Stroud");
}

#[test]
fn app_2b_3_the_checklist_gates_the_case_and_m2_no_needs_a_deferral() {
    let (p, id) = mappa_with_a_level_3_referral();
    let mut run = Run::open(&p);
    run.open_meeting();
    let d = run.app.current_case().unwrap().discussion.0;
    run.focus("Decision");
    run.typ("risk man");
    run.key(KeyCode::Enter);
    run.focus("Reasons");
    run.typ("Plan agreed by all agencies.");
    run.focus("Lead agency");
    run.typ("prob");
    run.focus("Initial risk");
    run.typ("very");
    run.focus("Review date");
    run.typ("2027-02-17");
    run.key(KeyCode::Tab);
    // Nothing answered: refused, naming the first question and how many more.
    run.ctrl('d');
    let said = run.message();
    assert!(
        said.contains("Missing: checklist M1 (Is all the data completed on the Case Details form?) and 16 more"),
        "{said}"
    );
    // M2 "no": key people missing, the case must be deferred (App 2B 3).
    run.answer_all_but(&["M2"]);
    run.answer("M2", "no", "");
    assert!(run.app.dialog.is_none(), "{}", run.message());
    run.ctrl('d');
    let said = run.message();
    assert!(
        said.contains("Missing: M2 answered no: the case deferred"),
        "{said}"
    );
    let done: Option<String> = run.q(&format!(
        "SELECT completed_at FROM case_discussion WHERE id = {d}"
    ));
    assert_eq!(done, None, "not done while the gate refuses");
    // Deferred, with its reason: done.
    run.focus("Decision");
    run.typ("defer");
    run.key(KeyCode::Enter);
    run.focus("Reasons");
    for _ in 0..40 {
        run.key(KeyCode::Backspace);
    }
    run.typ("Police and housing could not attend; deferred to the next meeting.");
    run.key(KeyCode::Tab);
    run.ctrl('d');
    let said = run.message();
    assert!(
        said.contains("All cases of this item are on record"),
        "{said}"
    );
    let decision: String = run.q(&format!(
        "SELECT decision FROM case_discussion WHERE id = {d}"
    ));
    assert_eq!(decision, "deferred");
    let answers: i64 = run.q(&format!(
        "SELECT COUNT(*) FROM checklist_answer WHERE discussion_id = {d}"
    ));
    assert_eq!(answers, 17);
    let m2: String = run.q("SELECT answer FROM checklist_answer WHERE key = 'M2'");
    assert_eq!(m2, "no");
    let logged: i64 = run.q("SELECT COUNT(*) FROM change_log WHERE tbl = 'checklist_answer'");
    assert!(logged >= 17, "every answer is in the change log: {logged}");
    let _ = id;
}

#[test]
fn app_2b_3_m11_no_needs_an_information_action() {
    let (p, _) = mappa_with_a_level_3_referral();
    let mut run = Run::open(&p);
    run.open_meeting();
    run.focus("Decision");
    run.typ("defer");
    run.key(KeyCode::Enter);
    run.focus("Reasons");
    run.typ("Awaiting the prison's report.");
    run.focus("Review date");
    run.typ("2027-01-20");
    run.key(KeyCode::Tab);
    run.answer_all_but(&["M11"]);
    run.answer("M11", "no", "");
    run.ctrl('d');
    let said = run.message();
    assert!(
        said.contains("Missing: M11 answered no: an information-gathering action"),
        "{said}"
    );
}

#[test]
fn app_2_a_level_3_case_heard_with_an_interim_plan_a_disclosure_with_dissent_and_an_escalation() {
    let (p, id) = mappa_with_a_level_3_referral();
    let mut run = Run::open(&p);
    run.open_meeting();
    let d = run.app.current_case().unwrap().discussion.0;
    run.focus("Decision");
    run.typ("interim");
    run.key(KeyCode::Enter);
    run.focus("Reasons");
    run.typ("Not enough information to manage the risk until the OASys review.");
    run.focus("Lead agency");
    run.typ("prob");
    run.focus("Initial risk");
    run.typ("very");
    run.focus("Review date");
    run.typ("2027-01-20");
    run.key(KeyCode::Tab);
    // Risk measures beside the one risk level (App 2C "Protocols Objectives").
    run.focus("Likelihood of re-offending");
    run.typ("high");
    run.key(KeyCode::Enter);
    run.focus("Imminence of serious harm");
    run.typ("imminent");
    run.key(KeyCode::Enter);
    run.focus("Risk of serious harm to a known adult");
    run.typ("very");
    run.key(KeyCode::Enter);
    // M12 "no" without the plan is refused in the dialog and by nothing saved.
    run.answer_all_but(&["M12"]);
    run.answer("M12", "no", "");
    let err = run.app.dialog.as_ref().and_then(|x| x.error.clone());
    assert_eq!(
        err.as_deref(),
        Some("If no: write an interim plan (App 2B, 3)"),
        "{}",
        run.message()
    );
    run.typ("Daily police checks at the former partner's address until the OASys review");
    run.ctrl('d');
    assert!(run.app.dialog.is_none(), "{}", run.message());
    // A disclosure to the former partner's employer, not to the offender, with dissent.
    run.focus("Sharing and disclosure");
    run.ctrl('a');
    assert!(run.app.dialog.is_some(), "the sharing dialog opens");
    for s in [
        "Former partner's employer (security manager)",
        "Photograph and the licence exclusion zone",
        "Police visit",
        "To protect the former partner at work",
    ] {
        run.typ(s);
        run.key(KeyCode::Tab);
    }
    run.typ("no");
    run.key(KeyCode::Tab);
    run.typ("Telling him would reveal where she works");
    run.key(KeyCode::Tab);
    run.typ("Chair; POL and PROB as disclosing agencies");
    run.key(KeyCode::Tab);
    run.typ("Theo Balakrishnan (HOU)");
    run.key(KeyCode::Tab);
    run.typ("Risk of displacement to his hostel");
    run.ctrl('d');
    assert!(run.app.dialog.is_none(), "{}", run.message());
    // An escalation: housing resources beyond the member's authority (App 2C "Resolution").
    run.focus("Escalations");
    run.ctrl('a');
    run.typ("Approved premises place beyond the housing member's authority");
    run.key(KeyCode::Tab);
    run.typ("Head of Housing Needs");
    run.key(KeyCode::Tab);
    run.typ("2027-01-06");
    run.ctrl('d');
    assert!(run.app.dialog.is_none(), "{}", run.message());
    // M11 was "yes"; an action for the interim plan anyway.
    run.ctrl('d');
    let said = run.message();
    assert!(
        said.contains("All cases of this item are on record"),
        "{said}"
    );
    let status: String = run.q(&format!("SELECT status FROM referral WHERE id = {id}"));
    assert_eq!(status, "open");
    let dissent: String = run.q(&format!(
        "SELECT dissent_by || ': ' || dissent_why FROM disclosure WHERE discussion_id = {d}"
    ));
    assert_eq!(
        dissent,
        "Theo Balakrishnan (HOU): Risk of displacement to his hostel"
    );
    let rated: i64 = run.q(&format!(
        "SELECT COUNT(*) FROM risk_rating WHERE discussion_id = {d}"
    ));
    assert_eq!(rated, 3);

    // Minutes: brief, with reasons for decisions (App 2C); the checklist, the ratings,
    // the sharing decision with its dissent and the escalation on the case page.
    let out = p.dir.path().join("minutes");
    p.ok(&[
        "minutes",
        "--meeting",
        MEETING,
        "--out",
        out.to_str().unwrap(),
    ]);
    let page = std::fs::read_to_string(out.join(format!("{MEETING}-case-{id}.md"))).unwrap();
    for want in [
        "Interim plan agreed: not enough information to manage the risk",
        "Chair's checklist (App 2B, 3)",
        "M12",
        "Daily police checks at the former partner's address",
        "Likelihood of re-offending",
        "Imminent",
        "Sharing and disclosure (App 2C, Confidentiality and disclosure)",
        "Former partner's employer (security manager)",
        "Not shared with the offender: Telling him would reveal where she works",
        "Theo Balakrishnan (HOU)",
        "Escalations (App 2C, Resolution)",
        "Head of Housing Needs",
        "2027-01-06",
    ] {
        assert!(page.contains(want), "{want} missing from:\n{page}");
    }
    let general = std::fs::read_to_string(out.join(format!("{MEETING}-general.md"))).unwrap();
    assert!(general.contains("OFFICIAL-SENSITIVE"), "{general}");
    assert!(
        !general.contains("Theo Balakrishnan (HOU): Risk"),
        "the dissent stays on the case page"
    );

    // case ID: the checklist, the ratings start -> now, the sharing and the escalation.
    let history = p.ok(&["case", &id.to_string()]);
    for want in [
        "Chair's checklist",
        "M12 no: Daily police checks",
        "Likelihood of re-offending: High",
        "Sharing and disclosure",
        "dissent: Theo Balakrishnan (HOU)",
        "Escalation",
        "Head of Housing Needs",
    ] {
        assert!(history.contains(want), "{want} missing from:\n{history}");
    }
    // The change log of the case lists the record's rows (audit --case).
    let audit = p.ok(&["audit", "--case", &id.to_string()]);
    for table in [
        "checklist_answer",
        "risk_rating",
        "disclosure",
        "escalation",
    ] {
        assert!(audit.contains(table), "{table} missing from:\n{audit}");
    }
    let json = p.ok(&["case", &id.to_string(), "--json"]);
    assert!(
        json.contains("\"dissent_why\": \"Risk of displacement to his hostel\""),
        "{json}"
    );
}

/// Tab in the open dialog to the field labelled `label...` and type `text` there.
fn dialog_type(run: &mut Run, label: &str, text: &str) {
    for _ in 0..10 {
        let d = run.app.dialog.as_ref().expect("a dialog is open");
        if d.form.focused().is_some_and(|f| f.label.starts_with(label)) {
            run.typ(text);
            return;
        }
        run.key(KeyCode::Tab);
    }
    panic!("no dialog field {label}");
}

#[test]
fn app_2b_2_alt_l_records_a_new_level_with_the_chairs_reason_and_refuses_without_one() {
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
    let (p, id) = mappa_with_a_level_3_referral();
    let mut run = Run::open(&p);
    run.open_meeting();
    run.send(KeyEvent::new(KeyCode::Char('l'), KeyModifiers::ALT));
    let d = run.app.dialog.as_ref().expect("the level dialog opens");
    assert_eq!(d.title, "Change the MAPPA level");
    assert!(
        d.note
            .iter()
            .any(|n| n.starts_with("Now managed at level 3")),
        "{:?}",
        d.note
    );
    // No reason: refused in one line, nothing recorded.
    run.ctrl('d');
    let err = run.app.dialog.as_ref().unwrap().error.clone().unwrap();
    assert!(err.starts_with("Reason:"), "{err}");
    let n: i64 = run.q("SELECT COUNT(*) FROM level_change");
    assert_eq!(n, 0);
    dialog_type(
        &mut run,
        "Reason",
        "Risk now manageable at level 2: licence conditions in place",
    );
    dialog_type(&mut run, "Decided by", "Rosalind Achterberg");
    run.ctrl('d');
    assert!(run.app.dialog.is_none(), "{}", run.message());
    let level: i64 = run.q(&format!("SELECT mappa_level FROM referral WHERE id = {id}"));
    assert_eq!(level, 2, "the case is now at level 2");
    let why: String = run.q("SELECT reason FROM level_change");
    assert_eq!(
        why,
        "Risk now manageable at level 2: licence conditions in place"
    );
}
