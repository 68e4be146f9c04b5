//! DYO end to end from its own file, as its users would run it (issue 20, "Done
//! when"): `init --panel dyo` with members, referrals of DYO's own form, an
//! 8-year-old refused, a whole meeting in tmux at 80x24 (the quorum, the chair's
//! override, the key worker, a review date outside 2-6 months refused), then the
//! minutes, the next agenda, the calendar, actions and the case. Every rule asserted
//! cites 003 Appendix 4 A; no output carries MAGPan's sections or words.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::panel_flow::Flow;
use common::tmux::have_tmux;

/// Before the cut-off of the first meeting (Thursday 26 November 2026, the fourth
/// Thursday: 003 App 4A "Meeting Schedule").
const INTAKE: &str = "2026-11-02";
/// The day after the meeting.
const AFTER: &str = "2026-11-27";

const MEMBERS: &str = r#"
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

[[member]]
name = "Tobias Wrenfield"
post = "CAMHS Representative"
agency = "CAMHS"

[[member]]
name = "Halima Brackenbury"
post = "Deter Panel Administrator"
agency = "YOT"
role = "coordinator"
"#;

/// A referral on DYO's form (003 App 4A "New Cases" 1: the referring agency's report).
fn referral(name: &str, born: &str, agency: &str, catchment: &str, issues: &str) -> String {
    format!(
        r#"
form = "dyo"
referring_agency = "{agency}"
referrer = "Case officer, {agency}, 020 7946 0011"
date_received = {INTAKE}
name = "{name}"
date_of_birth = {born}
gender = "Male"
catchment = "{catchment}"
presenting_issues = "{issues}"
family = [["Ama Oyelaran", "Mother", "41"]]
assessments = ["asset", "police_intelligence"]
assessment_dates = "ASSET 2026-10-12"
"#
    )
}

#[test]
fn dyo_runs_a_whole_meeting_from_its_own_file_with_its_own_rules() {
    if !have_tmux() {
        return;
    }
    let f = Flow::new();
    let said = f.init_with_members(INTAKE, "dyo", MEMBERS);
    assert!(
        said.contains("set up Deter Young Offenders Panel (DYO)") && said.contains("5 members"),
        "{said}"
    );
    assert!(said.contains("next meeting 2026-11-26"), "{said}");

    // Referrals of DYO's own form.
    let one = f.write(
        "kasimir.toml",
        &referral(
            "Kasimir Oyelaran",
            "2011-06-14",
            "POL",
            "resident",
            "Repeated thefts with older peers; two arrests in October",
        ),
    );
    let said = f.ok(INTAKE, &["referral", "add", "--from", &one]);
    assert!(
        said.contains("referral #1 saved: Kasimir Oyelaran"),
        "{said}"
    );
    assert!(said.contains("agenda item 3 (New cases)"), "{said}");
    // 003 App 4A "Role": "high-risk 10-17 year olds": an 8-year-old is refused in one
    // line citing it, and nothing is saved.
    let young = f.write(
        "eight.toml",
        &referral(
            "Rafferty Lindqvist",
            "2018-03-01",
            "CYP",
            "resident",
            "Criminal damage with older children",
        ),
    );
    let err = f.fails(INTAKE, &["referral", "add", "--from", &young]);
    assert!(
        err.contains("  date_of_birth: aged 8 on the meeting date: the panel hears people aged 10 to 17 (App 4A, Role)\n"),
        "{err}"
    );
    assert!(err.contains("referral not saved: 1 problem"), "{err}");
    let two = f.write(
        "imani.toml",
        &referral(
            "Imani Castellanos-Reed",
            "2012-09-30",
            "EWS",
            "associating",
            "Persistent absence; seen with older youths during thefts",
        ),
    );
    assert!(f
        .ok(INTAKE, &["referral", "add", "--from", &two])
        .contains("referral #2 saved: Imani Castellanos-Reed"));
    // 003 App 4A "Risk Assessment": police intelligence among the assessments.
    let said = f.ok(
        INTAKE,
        &[
            "referral",
            "screen",
            "1",
            "--intelligence",
            "--by",
            "Kit Abernethy",
        ],
    );
    assert!(said.contains("supporting intelligence"), "{said}");
    let list = f.ok(INTAKE, &["referral", "list", "--all"]);
    assert!(
        !list.contains("Rafferty"),
        "the refused one is not saved: {list}"
    );
    let agenda = f.ok(INTAKE, &["agenda"]);
    assert!(agenda.contains("3. New cases"), "{agenda}");
    assert!(
        agenda.contains("Kasimir Oyelaran") && agenda.contains("Imani Castellanos-Reed"),
        "{agenda}"
    );

    run_the_meeting(&f);

    // What the meeting left on record.
    assert_eq!(
        f.q::<i64>("SELECT COUNT(*) FROM attendance WHERE signed_at IS NOT NULL"),
        3
    );
    assert_eq!(
        f.q::<String>("SELECT quorum_override_reason FROM meeting WHERE date = '2026-11-26'"),
        "CAMHS representative joined by phone for the new cases"
    );
    assert_eq!(
        f.q::<String>("SELECT status || ' ' || next_review_on FROM referral WHERE id = 1"),
        "open 2027-02-25"
    );
    assert_eq!(
        f.q::<String>("SELECT status FROM referral WHERE id = 2"),
        "declined"
    );
    assert_eq!(
        f.q::<String>("SELECT state FROM meeting WHERE date = '2026-11-26'"),
        "closed"
    );

    // The minutes: 003 App 4A "Meeting Schedule": the meeting not quorate and why
    // decisions were taken; "New Cases" 5: the key worker.
    let out = f.dir.path().join("minutes");
    let said = f.ok(
        AFTER,
        &[
            "minutes",
            "--meeting",
            "2026-11-26",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(said.contains("DYO minutes of 2026-11-26"), "{said}");
    let files = f.keep_files(&out);
    assert!(
        !files.iter().any(|n| n.contains("mappa")),
        "DYO has no MAPPA item: {files:?}"
    );
    let general = std::fs::read_to_string(out.join("2026-11-26-general.md")).unwrap();
    assert!(
        general.contains("The meeting was not quorate; the chair let decisions be taken: CAMHS representative joined by phone for the new cases"),
        "{general}"
    );
    assert!(
        general.contains(
            "| 1 | K.O. | 3 | Meets the criteria: on the Deter list | YOT | Low | 2027-02-25 |"
        ),
        "{general}"
    );
    assert!(
        general.contains("| 2 | I.C.R. | 3 | Does not meet the criteria |"),
        "{general}"
    );
    let case = std::fs::read_to_string(out.join("2026-11-26-case-1.md")).unwrap();
    assert!(
        case.contains("- **Key worker:** Nadia Colquhoun (YOT)"),
        "{case}"
    );
    assert!(
        case.contains("Arrange an ASSET review with the family"),
        "{case}"
    );

    // The next meeting's agenda (the fourth Thursday of December), the calendar,
    // the actions and the case.
    let agenda = f.ok(AFTER, &["agenda"]);
    assert!(agenda.contains("Meeting 2026-12-24 at 10:00"), "{agenda}");
    assert!(
        agenda.contains("3. New cases  (~10:30)\n   no new referrals"),
        "{agenda}"
    );
    let ics = f
        .ok(AFTER, &["calendar", "--out", "-"])
        .replace("\r\n ", "");
    f.keep("calendar, unfolded", &ics);
    assert!(
        ics.contains("SUMMARY:DYO review: case 1 (K.O.)\\, lead YOT"),
        "{ics}"
    );
    assert!(ics.contains("DTSTART;VALUE=DATE:20270225"), "{ics}");
    assert!(
        ics.contains("DTSTART;TZID=Europe/London:20261224T100000"),
        "{ics}"
    );
    let actions = f.ok(AFTER, &["actions"]);
    assert!(
        actions.contains("Arrange an ASSET review with the family") && actions.contains("YOT"),
        "{actions}"
    );
    let case = f.ok(AFTER, &["case", "1"]);
    for line in [
        "Next review 2027-02-25",
        "Key worker: Nadia Colquhoun (YOT)",
        "  Catchment: the young person is: resident in the London Borough of Bromley",
        "Meets the criteria: on the Deter list",
    ] {
        assert!(case.contains(line), "{line}\n{case}");
    }

    // Issue 25: this panel's --json outputs hold to docs/json.md as MAGPan's do.
    f.json_contract(AFTER);
    f.assert_no_magpan(&[]);
}

/// The meeting of 26 November 2026 in tmux at 80x24.
fn run_the_meeting(f: &Flow) {
    let m = f.meeting("dyo");
    m.start();
    // Apologies: the chair, the police officer and the administrator are present
    // (three members from two agencies); EWS and CAMHS send apologies.
    m.mark_attendance(
        "1. Apologies and quorum",
        &["p", "p", "a", "a", "p"],
        "Halima Brackenbu… YOT    present",
    );
    m.keys(&["PageDown"]);
    m.wait_for("2. Basis of information exchange");
    m.all_sign("Confidentiality statement · s: show the room", 3);
    m.keys(&["PageDown"]);
    m.wait_for("3. New cases");
    m.keys(&["Enter"]);
    m.wait_for("New cases — case 1 of 2");
    m.text("Two arrests in October; ASSET high.");

    // 003 App 4A "Meeting Schedule": "a quorum of at least three panel members ...
    // from at least three agencies, in order to make justified decisions": refused.
    m.tab_to("Decision");
    m.keys(&["Right", "Enter"]);
    let s =
        m.wait_for("Quorum not met (App 4A, Meeting Schedule): 3 members present from 2 agencies");
    assert!(
        s.contains("not set (Left/Right)"),
        "no decision taken:\n{s}"
    );
    assert_eq!(
        f.q::<Option<String>>("SELECT decision FROM case_discussion WHERE referral_id = 1"),
        None
    );
    // The chair's override, with its reason.
    m.keys(&["C-o"]);
    m.wait_for("Chair override: take decisions without a quorum");
    m.text("CAMHS representative joined by phone for the new cases");
    m.keys(&["C-d"]);
    m.wait_gone("Chair override");
    m.tab_to("Decision");
    m.keys(&["Right", "Enter"]);
    m.wait_for("Meets the criteria: on the Deter list");
    m.tab_to("Reasons");
    m.text("Meets the criteria for this stage: repeat offending with older peers.");
    m.tab_to("Lead agency");
    m.keys(&["Enter"]); // the suggestion: YOT (App 4A "Case Management")
    m.tab_to("Initial risk level");
    m.keys(&["Right"]);
    // "New Cases" 5: the nominated key worker.
    m.tab_to("Key worker (name)");
    m.text("Nadia Colquhoun");
    m.tab_to("Key worker's agency");
    m.keys(&["Right"]);
    m.wait_for("YOT — Youth Offending Team");
    // "New Cases" 6: "a date for the review of progress at an interval of 2-6
    // months": the next meeting is refused, citing it in full at 80 columns.
    m.tab_to("Review date");
    m.text("2026-12-24");
    m.keys(&["Tab"]);
    m.wait_for("(App 4A, New Cases 6)");
    m.wait_for("Not saved: 2026-12-24: a review is set 2 to 6 months");
    assert_eq!(
        f.q::<Option<String>>("SELECT next_date FROM case_discussion WHERE referral_id = 1"),
        None
    );
    m.keys(&["BTab"]);
    m.keys(&["BSpace"; 10]);
    m.text("2027-02-25");
    m.keys(&["Tab"]);
    m.wait_for("Review date (YYYY-MM-DD): 2027-02-25");
    // 003 App 4A "Individual Planning (Action Plan)": activities and responsibilities.
    m.keys(&["C-a"]);
    m.wait_for("Add an action (volunteered by an agency)");
    m.text("Arrange an ASSET review with the family");
    m.keys(&["Tab", "Right", "Tab"]);
    m.text("Nadia Colquhoun");
    m.keys(&["Tab", "Enter", "Tab", "Right"]);
    m.wait_for("Volunteered by: ◀ Odette Ravensworth (YOT)");
    m.keys(&["Enter"]);
    m.wait_for("due 2026-12-24 · YOT · Arrange an ASSET");
    m.keys(&["C-d"]);
    m.wait_for("New cases — case 2 of 2");
    m.text("Absence is being met by EWS.");
    m.tab_to("Decision");
    m.keys(&["Right", "Right", "Enter"]);
    m.wait_for("Does not meet the criteria");
    m.tab_to("Reasons");
    m.text("No offending pattern: needs met by EWS.");
    m.keys(&["C-d"]);
    m.wait_for("All cases of this item are on record");
    m.keys(&["PageDown"]);
    m.wait_for("No cases for this item.");
    m.keys(&["PageDown"]);
    m.wait_for("5. Developments and performance information");
    m.text("Deter caseload at 14; first-time entrants down on last year.");
    m.keys(&["C-f"]);
    let s = m.wait_for("Formal close");
    assert!(!s.contains("MAPPA"), "DYO has no MAPPA item:\n{s}");
    m.keys(&["Enter"]);
    m.wait_for("formally closed");
    m.keys(&["C-e"]);
    m.wait_for("End the meeting");
    m.keys(&["Enter"]);
    m.wait_for("Thu 24 Dec 2026 · planned");
    m.keys(&["C-q"]);
    std::thread::sleep(std::time::Duration::from_millis(300));
}
