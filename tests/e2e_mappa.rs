//! MAPPA level 2 and level 3 end to end from its own file, as its users would run it
//! (issue 21, "Tests"): `init --panel mappa` with members, a level 3 and a level 2
//! referral with their categories through the binary, a whole monthly meeting in tmux
//! at 80x24 (attendance with the mental health member's apology, the confidentiality
//! agreement signed, the chair's checklist of 003 App 2B 3 answered on the case page
//! with a "no" at M12 that needs an interim plan and a "no" at M2 that needs the case
//! deferred, risk measures, a sharing decision with dissent, an escalation, an action,
//! the formal close), then `minutes sent` with the chair's agreement (App 2C "Process"
//! and "Confidentiality and disclosure"), the minutes, `actions`, `case` and `case
//! --html`. No output carries MAGPan's sections or words.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::new_panel::{MAPPA_FORM_FIELDS, MAPPA_MEMBERS};

use common::panel_flow::{Flow, Screen};
use common::tmux::have_tmux;
use roundtable::domain::paperwork::AnswerType;

/// Before the cut-off (2026-12-02) of the first monthly level 2 meeting, the third
/// Wednesday: 16 December 2026 (App 2C "Process": "held on a monthly basis").
const INTAKE: &str = "2026-11-20";
/// Two days after the meeting: within its 10 working days for the minutes.
const AFTER: &str = "2026-12-18";
const MEETING: &str = "2026-12-16";

/// A referral with its MAPPA category (1-3, 002 "How MAPPA works") and the level
/// proposed (App 2B 2 step 1).
fn referral(name: &str, born: &str, agency: &str, concerns: &str, cat: u8, level: u8) -> String {
    format!(
        r#"{{"referring_agency": "{agency}", "name": "{name}", "date_of_birth": "{born}",
            "harm_when_and_to_whom": "{concerns}", "date_received": "{INTAKE}",
            "mappa_category": "{cat}", "mappa_level": "{level}", {MAPPA_FORM_FIELDS}}}"#
    )
}

#[test]
fn mappa_runs_a_level_2_and_3_meeting_from_its_own_file_with_its_checklist_and_records() {
    if !have_tmux() {
        return;
    }
    let f = Flow::new();
    let said = f.init_with_members(INTAKE, "mappa", MAPPA_MEMBERS);
    assert!(
        said.contains("set up MAPPA Level 2 and Level 3 Meetings (MAPPA)")
            && said.contains("7 members"),
        "{said}"
    );
    assert!(said.contains("next meeting 2026-12-16"), "{said}");

    // App 2A "Framework": the panel hears its own level 3 ("the critical few") and
    // level 2 cases; nothing is excluded.
    let l3 = f.write(
        "l3.json",
        &referral(
            "Fenwick Galloway-Stroud",
            "1984-03-09",
            "PROB",
            "Released on licence; threats to a former partner; exceptionally high risk of harm.",
            2,
            3,
        ),
    );
    let said = f.ok(INTAKE, &["referral", "add", "--from", &l3]);
    assert!(
        said.contains("referral #1 saved: Fenwick Galloway-Stroud"),
        "{said}"
    );
    assert!(
        said.contains("agenda item 3 (Level 3 cases: new, then reviewed)"),
        "{said}"
    );
    assert!(!said.to_lowercase().contains("exclu"), "{said}");
    let l2 = f.write(
        "l2.json",
        &referral(
            "Barnaby Quillfeather",
            "1971-10-02",
            "POL",
            "Registered sexual offender; a new partner with two children.",
            1,
            2,
        ),
    );
    let said = f.ok(INTAKE, &["referral", "add", "--from", &l2]);
    assert!(
        said.contains("referral #2 saved: Barnaby Quillfeather"),
        "{said}"
    );
    // Category and level recorded (002 "How MAPPA works"; App 2B 2 step 1).
    for (id, want) in [("1", "category 2 level 3"), ("2", "category 1 level 2")] {
        let case = f.ok(INTAKE, &["case", id]);
        assert!(case.contains("MAPPA "), "{case}");
        assert!(case.contains(want), "{want}\n{case}");
    }
    let agenda = f.ok(INTAKE, &["agenda"]);
    assert!(
        agenda.contains("Fenwick Galloway-Stroud") && agenda.contains("Barnaby Quillfeather"),
        "{agenda}"
    );

    run_the_meeting(&f);

    // What the meeting left on record.
    assert_eq!(
        f.q::<i64>("SELECT COUNT(*) FROM attendance WHERE signed_at IS NOT NULL"),
        6
    );
    assert_eq!(
        f.q::<String>(
            "SELECT group_concat(decision, ' ') FROM (SELECT decision FROM case_discussion ORDER BY referral_id)"
        ),
        "interim_plan deferred"
    );
    assert_eq!(
        f.q::<i64>("SELECT COUNT(*) FROM checklist_answer"),
        34,
        "every question of App 2B 3 answered for both cases"
    );
    assert_eq!(
        f.q::<String>(
            "SELECT a.answer || ': ' || a.note FROM checklist_answer a JOIN case_discussion d
             ON d.id = a.discussion_id WHERE d.referral_id = 2 AND a.key = 'M2'"
        ),
        "no: Mental health service absent: its view is key to the children's safety"
    );
    assert_eq!(
        f.q::<String>(
            "SELECT group_concat(measure || '=' || level, ' ') FROM (SELECT measure, level FROM risk_rating ORDER BY measure)"
        ),
        "imminence=Imminent reoffending=High rosh_known_adult=Very High"
    );
    assert_eq!(
        f.q::<String>("SELECT dissent_by || ': ' || dissent_why FROM disclosure"),
        "Theo Balakrishnan (HOU): Risk of displacement to his hostel"
    );
    assert_eq!(
        f.q::<String>("SELECT to_whom || ' by ' || due_on FROM escalation"),
        "Head of Housing Needs by 2027-01-06"
    );
    assert_eq!(
        f.q::<String>("SELECT state FROM meeting WHERE date = '2026-12-16'"),
        "closed"
    );

    // App 2C "Process": minutes distributed within 10 working days; "must not be
    // shared outside the MAPPA framework without the consent of the MAPPA chair"
    // (App 2C "Confidentiality and disclosure"): the chair's agreement is recorded.
    let err = f.fails(AFTER, &["minutes", "sent", "--meeting", MEETING]);
    assert!(
        err.contains("the minutes of 2026-12-16 leaves MAPPA's members only with a chair's agreement (App 2C, Confidentiality and disclosure): give --agreed-by NAME"),
        "{err}"
    );
    let err = f.fails(
        AFTER,
        &[
            "minutes",
            "sent",
            "--meeting",
            MEETING,
            "--agreed-by",
            "Theo Balakrishnan",
        ],
    );
    assert!(
        err.contains("Theo Balakrishnan: the agreement is a chair's (App 2C, Confidentiality and disclosure): a chair of the panel: Rosalind Achterberg"),
        "{err}"
    );
    assert_eq!(
        f.q::<Option<String>>("SELECT minutes_sent_on FROM meeting WHERE date = '2026-12-16'"),
        None,
        "a refusal records nothing"
    );
    let said = f.ok(
        AFTER,
        &[
            "minutes",
            "sent",
            "--meeting",
            MEETING,
            "--agreed-by",
            "rosalind achterberg",
        ],
    );
    assert!(
        said.contains("minutes of 2026-12-16 recorded as sent on 2026-12-18 with the chair's agreement (Rosalind Achterberg)")
            && said.contains("in time"),
        "{said}"
    );

    // The minutes: brief, with reasons for decisions (App 2C); the checklist, the
    // sharing decision with its dissent, the deferral's reason.
    let out = f.dir.path().join("minutes");
    let said = f.ok(
        AFTER,
        &[
            "minutes",
            "--meeting",
            MEETING,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(said.contains("MAPPA minutes of 2026-12-16"), "{said}");
    let files = f.keep_files(&out);
    assert!(
        files.contains(&"2026-12-16-case-2.html".to_string()),
        "{files:?}"
    );
    let general = std::fs::read_to_string(out.join("2026-12-16-general.md")).unwrap();
    assert!(
        general.contains(
            "sent to members on 2026-12-18 with the chair's agreement (Rosalind Achterberg)"
        ),
        "{general}"
    );
    let html = std::fs::read_to_string(out.join("2026-12-16-general.html")).unwrap();
    assert!(
        html.contains("with the chair&#39;s agreement (Rosalind Achterberg)")
            || html.contains("with the chair's agreement (Rosalind Achterberg)"),
        "{html}"
    );
    let case1 = std::fs::read_to_string(out.join("2026-12-16-case-1.md")).unwrap();
    for want in [
        "Interim plan agreed: not enough information to manage the risk",
        "Chair's checklist (App 2B, 3)",
        "M12",
        "Daily police checks at the former partner's address until the OASys review",
        "Likelihood of re-offending",
        "Sharing and disclosure (App 2C, Confidentiality and disclosure)",
        "Former partner's employer (security manager)",
        "Not shared with the offender: Telling him would reveal where she works",
        "Theo Balakrishnan (HOU)",
        "Risk of displacement to his hostel",
        "Escalations (App 2C, Resolution)",
        "Head of Housing Needs",
        "Daily checks at the former partner's address",
    ] {
        assert!(case1.contains(want), "{want} missing from:\n{case1}");
    }
    let case2 = std::fs::read_to_string(out.join("2026-12-16-case-2.md")).unwrap();
    for want in [
        "Deferred: key people missing or the meeting not likely to be effective",
        "Mental health service could not attend; deferred to the January meeting.",
        "Mental health service absent: its view is key to the children's safety",
    ] {
        assert!(case2.contains(want), "{want} missing from:\n{case2}");
    }
    let case2_html = std::fs::read_to_string(out.join("2026-12-16-case-2.html")).unwrap();
    assert!(
        case2_html.contains("deferred to the January meeting"),
        "{case2_html}"
    );

    // Lookups: the action by agency, the case's record.
    let actions = f.ok(AFTER, &["actions"]);
    assert!(
        actions.contains("Daily checks at the former partner's address") && actions.contains("POL"),
        "{actions}"
    );
    let case = f.ok(AFTER, &["case", "1"]);
    for want in [
        "M12 no: Daily police checks",
        "Likelihood of re-offending: High",
        "dissent: Theo Balakrishnan (HOU)",
        "Head of Housing Needs",
    ] {
        assert!(case.contains(want), "{want} missing from:\n{case}");
    }
    // A case's record in a file leaves the members only with the chair's agreement
    // (MP8), which the change log keeps.
    let page = f.dir.path().join("case1.html");
    let err = f.fails(AFTER, &["case", "1", "--html", page.to_str().unwrap()]);
    assert!(
        err.contains("case 1 written to a file leaves MAPPA's members only with a chair's agreement (App 2C, Confidentiality and disclosure)"),
        "{err}"
    );
    assert!(!page.exists(), "nothing written");
    f.ok(
        AFTER,
        &[
            "case",
            "1",
            "--html",
            page.to_str().unwrap(),
            "--agreed-by",
            "Rosalind Achterberg",
        ],
    );
    assert!(page.exists());
    let audit = f.ok(AFTER, &["audit"]);
    assert!(
        audit.contains("case 1 written to a file: agreed by the chair, Rosalind Achterberg"),
        "{audit}"
    );

    // Issue 25: this panel's --json outputs hold to docs/json.md as MAGPan's do.
    f.json_contract(AFTER);
    f.assert_no_magpan(&[]);
}

/// The meeting of 16 December 2026 in tmux at 80x24.
fn run_the_meeting(f: &Flow) {
    let m = f.meeting("mappa");
    m.start();
    // App 2A "Membership": the mental health member sends apologies; the rest present.
    m.mark_attendance(
        "1. Introductions: attendance",
        &["p", "p", "p", "p", "p", "a", "p"],
        "Required agencies with nobody present: MH",
    );
    m.keys(&["PageDown"]);
    // App 2B 3: "Has the Confidentiality agreement signed by all participants?"
    m.all_sign("2. Confidentiality agreement signed", 6);
    m.keys(&["PageDown", "Enter"]);
    m.wait_for("Level 3 cases: new, then reviewed — case 1 of 1");
    m.wait_for("Fenwick Galloway-Stroud");
    m.text("Presented by the offender manager: threats to a former partner on licence.");

    // App 2B 3 "In the absence of sufficient information to properly manage risk,
    // agree an interim plan."
    m.tab_to("Decision");
    m.text("Interim");
    m.keys(&["Enter"]);
    m.wait_for("Interim plan agreed");
    m.tab_to("Reasons");
    m.text("Not enough information to manage the risk until the OASys review.");
    m.tab_to("Lead agency");
    m.text("PROB");
    m.keys(&["Enter"]);
    m.wait_for("PROB — Probation Service");
    m.tab_to("Initial risk level");
    m.text("Very");
    m.keys(&["Enter"]);
    m.tab_to("Review date");
    m.text("2027-01-20");
    m.keys(&["Tab"]);
    m.wait_for("Review date (YYYY-MM-DD): 2027-01-20");
    // App 2C "Protocols Objectives": the likelihood of re-offending, serious harm
    // and its imminence, to whom.
    for (label, level) in [
        ("Likelihood of re-offending", "High"),
        ("Imminence of serious harm", "Imminent"),
        ("Risk of serious harm to a known adult", "Very"),
    ] {
        m.tab_to(label);
        m.text(level);
        m.keys(&["Enter"]);
    }
    answer_checklist(
        &m,
        f,
        &[
            ("M6", "First meeting", ""),
            ("M7", "Offender manager, Probation Service", ""),
            ("M9", "None asked before the meeting", ""),
            (
                "M12",
                "no",
                "Daily police checks at the former partner's address until the OASys review",
            ),
            (
                "M19",
                "Notes within 10 working days; corrections to the Co-ordinator",
                "",
            ),
        ],
    );
    // App 2B 3 M17 and App 2C "Confidentiality and disclosure": to whom, what, how,
    // why, not to the offender and why, the disclosing agencies' agreement, and the
    // member who advised against it.
    m.tab_to("Risk of serious harm to staff");
    m.keys(&["Tab", "C-a"]);
    m.wait_for("Sharing or disclosure decision");
    for s in [
        "Former partner's employer (security manager)",
        "Photograph and the licence exclusion zone",
        "Police visit",
        "To protect the former partner at work",
        "no",
        "Telling him would reveal where she works",
        "Chair; POL and PROB as disclosing agencies",
        "Theo Balakrishnan (HOU)",
    ] {
        m.text(s);
        m.keys(&["Tab"]);
    }
    m.text("Risk of displacement to his hostel");
    m.keys(&["C-d"]);
    m.wait_for("to Former partner's employer");
    // App 2C "Resolution": referred to superiors within the panel's time limit.
    m.keys(&["Tab", "C-a"]);
    m.wait_for("Escalation (App 2C, Resolution)");
    m.text("Approved premises place beyond the housing member's authority");
    m.keys(&["Tab"]);
    m.text("Head of Housing Needs");
    m.keys(&["Tab"]);
    m.text("2027-01-06");
    m.keys(&["C-d"]);
    m.wait_for("due 2027-01-06 · to Head of Housing Needs");
    // An action volunteered by the police.
    m.tab_to("Review date");
    m.keys(&["Tab", "C-a"]);
    m.wait_for("Add an action (volunteered by an agency)");
    m.text("Daily checks at the former partner's address");
    m.keys(&["Tab", "Right", "Tab"]);
    m.text("DS Hollis Wraxall");
    m.keys(&["Tab", "Enter", "Tab", "Right", "Right", "Right"]);
    m.wait_for("Volunteered by: ◀ Ilse Marchbank (POL)");
    m.keys(&["Enter"]);
    m.wait_for("due 2027-01-20 · POL · Daily checks");
    m.keys(&["C-d"]);
    // App 2A "Framework": level 3 cases apart from level 2 (item 3, then item 4).
    m.wait_for("All cases of this item are on record");
    m.keys(&["PageDown", "Enter"]);

    // The level 2 case: the mental health member is missing; App 2B 3 "Is the
    // meeting likely to be effective if key people are missing? If not, then the
    // option to defer the case should be considered."
    m.wait_for("Level 2 cases: new, then reviewed — case 1 of 1");
    m.wait_for("Barnaby Quillfeather");
    m.text("Police presented the new partner's circumstances.");
    answer_checklist(
        &m,
        f,
        &[
            (
                "M2",
                "no",
                "Mental health service absent: its view is key to the children's safety",
            ),
            ("M6", "First meeting", ""),
            ("M7", "Public protection officer, Police", ""),
            ("M9", "None", ""),
            ("M19", "Notes within 10 working days", ""),
        ],
    );
    m.keys(&["C-d"]);
    m.wait_for("M2 answered no: the case");
    assert_eq!(
        f.q::<Option<String>>("SELECT completed_at FROM case_discussion WHERE referral_id = 2"),
        None,
        "not done while the checklist's no is not met"
    );
    m.tab_to("Decision");
    m.text("Deferred");
    m.keys(&["Enter"]);
    m.wait_for("Deferred: key people missing");
    m.tab_to("Reasons");
    m.text("Mental health service could not attend; deferred to the January meeting.");
    m.tab_to("Review date");
    m.text("2027-01-20");
    m.keys(&["Tab"]);
    m.wait_for("Review date (YYYY-MM-DD): 2027-01-20");
    m.keys(&["C-d"]);
    m.wait_for("All cases of this item are on record");
    m.keys(&["C-f"]);
    m.wait_for("Formal close");
    m.keys(&["Enter"]);
    m.wait_for("formally closed");
    m.keys(&["C-e"]);
    m.wait_for("End the meeting");
    m.keys(&["Enter"]);
    m.wait_for("Wed 20 Jan 2027 · Level 2 monthly meeting · planned");
    m.keys(&["C-q"]);
    std::thread::sleep(std::time::Duration::from_millis(300));
}

/// Answer every question of the chair's checklist (App 2B 3) on the case page, in
/// its order, through its dialog: "yes" to a yes/no question unless `special` gives
/// the answer and a note (for a "no", what it requires: the interim plan, the reason).
fn answer_checklist(m: &Screen, f: &Flow, special: &[(&str, &str, &str)]) {
    let store = roundtable::store::Store::open_existing(&f.db, None).unwrap();
    let questions = store.panel_info(None).unwrap().paperwork.checklist;
    drop(store);
    m.tab_to("Review date");
    m.keys(&["Tab"]);
    m.keys(&["Up"; 20]);
    for q in &questions {
        let (answer, note) = special
            .iter()
            .find(|s| s.0 == q.key)
            .map_or(("yes", ""), |s| (s.1, s.2));
        m.keys(&["Enter"]);
        let title = format!("Chair's checklist {} (", q.key);
        m.wait_for(&title);
        m.text(answer);
        match q.answer {
            // Enter records the choice and goes on to the note.
            AnswerType::YesNo | AnswerType::Choice => m.keys(&["Enter"]),
            AnswerType::Text => m.keys(&["Tab"]),
        }
        if !note.is_empty() {
            m.text(note);
        }
        m.keys(&["C-d"]);
        m.wait_gone(&title);
        m.keys(&["Down"]);
    }
}
