//! CAMP end to end from its own file, as its users would run it (issue 20, "Done
//! when"): `init --panel camp` with members, referrals of the CAMP referral form,
//! one with no reason ticked refused (form §1), a whole meeting in tmux at 80x24
//! (a case accepted on a three-month plan with its case manager, a review date past
//! the plan refused), then the minutes, the next agenda, the calendar, actions and
//! the case. Every rule asserted cites 003 Appendix 5 A or the CAMP form; no output
//! carries MAGPan's sections or words.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::panel_flow::Flow;
use common::tmux::have_tmux;

/// Before the cut-off (2026-11-24) of the first meeting, Tuesday 8 December 2026
/// (monthly, 003 App 5A "Working Parameters"; the second Tuesday, decided in camp.toml).
const INTAKE: &str = "2026-11-20";
/// The day after the meeting.
const AFTER: &str = "2026-12-09";

const MEMBERS: &str = r#"
[[member]]
name = "Rosalind Achterberg"
post = "CAMP Chair"
agency = "PROB"
role = "chair"

[[member]]
name = "Declan Moorcroft"
post = "Police Representative"
agency = "MPS"

[[member]]
name = "Yusra Pemberton-Hale"
post = "DIP Representative"
agency = "DIP"

[[member]]
name = "Fenella Ostrowski"
post = "Housing Representative"
agency = "HOU"

[[member]]
name = "Ignatius Varga"
post = "CAMP Coordinator"
agency = "CS"
role = "coordinator"
"#;

/// A referral on the CAMP referral form, with the reasons ticked in its §1.
fn referral(first: &str, surname: &str, reasons: &str) -> String {
    format!(
        r#"
form = "camp"
date_referral_made = {INTAKE}
by_officer = "DC Imogen Vasquez-Reilly"
from_agency = "Metropolitan Police"
referrer_email = "imogen.vasquez-reilly@example.invalid"
reasons = {reasons}
complex_ppo_details = "Wide range of support needs; known to MARAC"
first_name = "{first}"
surname = "{surname}"
borough = "Bromley"
gender = "Male"
dob = 1994-03-08
childcare = "yes"
children_ages = "4 and 7"
primary_drug = "Heroin"
primary_iv = "no"
issues = ["homelessness", "outstanding_legal"]
consent = true
"#
    )
}

#[test]
fn camp_runs_a_whole_meeting_from_its_own_file_with_its_own_rules() {
    if !have_tmux() {
        return;
    }
    let f = Flow::new();
    let said = f.init_with_members(INTAKE, "camp", MEMBERS);
    assert!(
        said.contains("set up Case Assessment and Management Panel (CAMP)")
            && said.contains("5 members"),
        "{said}"
    );
    // The cut-off quotes CAMP's own section.
    assert!(
        said.contains("referrals received by 2026-11-24 go to it (App 5A, Working Parameters)"),
        "{said}"
    );

    // CAMP form §1 "Main reasons for referral (Please tick all that apply)": none
    // ticked is refused with the rule named, and nothing is saved.
    let none = f.write("none.toml", &referral("Philippa", "Strathearn", "[]"));
    let err = f.fails(INTAKE, &["referral", "add", "--from", &none]);
    assert!(
        err.contains("  reasons: tick at least one main reason for referral (CAMP referral form, 1. Main reasons for referral)\n"),
        "{err}"
    );
    assert!(err.contains("referral not saved: 1 problem"), "{err}");
    let one = f.write(
        "tobiah.toml",
        &referral("Tobiah", "Quennell", r#"["dip_prolific", "complex_ppo"]"#),
    );
    let said = f.ok(INTAKE, &["referral", "add", "--from", &one]);
    assert!(
        said.contains("referral #1 saved: Tobiah Quennell"),
        "{said}"
    );
    assert!(
        said.contains(
            "agenda item 3 (New referrals: DIP, complex PPO and others including Vigilance)"
        ),
        "{said}"
    );
    let list = f.ok(INTAKE, &["referral", "list", "--all"]);
    assert!(
        !list.contains("Strathearn"),
        "the refused one is not saved: {list}"
    );
    let agenda = f.ok(INTAKE, &["agenda"]);
    assert!(agenda.contains("Tobiah Quennell"), "{agenda}");

    run_the_meeting(&f);

    // App 5A "1. Drug Intervention programme": the actions "delivered intensively
    // over a period of three months" (the plan ends three months on) and "the case
    // manager will report to CAMP on a monthly basis" (reviewed at the next meeting).
    assert_eq!(
        f.q::<String>(
            "SELECT status || ' ' || plan_due_on || ' ' || next_review_on FROM referral WHERE id = 1"
        ),
        "open 2027-03-08 2027-01-12"
    );
    assert_eq!(
        f.q::<String>(
            "SELECT decision || ' ' || key_worker FROM case_discussion WHERE referral_id = 1"
        ),
        "accepted Yusra Pemberton-Hale"
    );
    assert_eq!(
        f.q::<i64>("SELECT COUNT(*) FROM attendance WHERE signed_at IS NOT NULL"),
        4
    );

    let out = f.dir.path().join("minutes");
    let said = f.ok(
        AFTER,
        &[
            "minutes",
            "--meeting",
            "2026-12-08",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(said.contains("CAMP minutes of 2026-12-08"), "{said}");
    let files = f.keep_files(&out);
    assert!(
        !files.iter().any(|n| n.contains("mappa")),
        "CAMP has no MAPPA item: {files:?}"
    );
    let case = std::fs::read_to_string(out.join("2026-12-08-case-1.md")).unwrap();
    for line in [
        "- **Decision:** Accepted: three-month intensive plan",
        "- **Key worker:** Yusra Pemberton-Hale (DIP)",
        "- **Lead agency:** DIP (Drug Intervention Programme)",
        "Book a Tier 3 treatment assessment",
    ] {
        assert!(case.contains(line), "{line}\n{case}");
    }

    // The next meeting (the second Tuesday of January): the case manager's report.
    let agenda = f.ok(AFTER, &["agenda"]);
    assert!(agenda.contains("Meeting 2027-01-12 at 10:00"), "{agenda}");
    let reviews = agenda
        .split("4. Cases on a three-month plan: case managers' monthly progress")
        .nth(1)
        .unwrap();
    assert!(
        reviews
            .split("\n5. ")
            .next()
            .unwrap()
            .contains("Tobiah Quennell"),
        "{agenda}"
    );
    let ics = f
        .ok(AFTER, &["calendar", "--out", "-"])
        .replace("\r\n ", "");
    f.keep("calendar, unfolded", &ics);
    assert!(
        ics.contains("SUMMARY:CAMP review: case 1 (T.Q.)\\, lead DIP"),
        "{ics}"
    );
    assert!(
        ics.contains("DTSTART;VALUE=DATE:20270308"),
        "the plan's end: {ics}"
    );
    let actions = f.ok(AFTER, &["actions"]);
    assert!(
        actions.contains("Book a Tier 3 treatment assessment") && actions.contains("DIP"),
        "{actions}"
    );
    let case = f.ok(AFTER, &["case", "1"]);
    for line in [
        "Next review 2027-01-12; intervention plan due 2027-03-08",
        "Key worker: Yusra Pemberton-Hale (DIP)",
        "  Main reasons for referral: DIP client identified as prolific re-offender; Complex PPO",
    ] {
        assert!(case.contains(line), "{line}\n{case}");
    }

    // Issue 25: this panel's --json outputs hold to docs/json.md as MAGPan's do.
    f.json_contract(AFTER);
    f.assert_no_magpan(&[]);
}

/// The meeting of 8 December 2026 in tmux at 80x24.
fn run_the_meeting(f: &Flow) {
    let m = f.meeting("camp");
    m.start();
    // App 5B 3 "Are all invitees present?": four present, housing's apology.
    m.mark_attendance(
        "1. Attendance: invitees present",
        &["p", "p", "p", "a", "p"],
        "Ignatius Varga    CS     present",
    );
    m.keys(&["PageDown"]);
    m.wait_for("2. Information sharing");
    m.all_sign("Confidentiality statement · s: show the room", 4);
    m.keys(&["PageDown", "Enter"]);
    // At 80 columns the long item title gives way to "— case 1 of 1" (issue 25).
    m.wait_for("— case 1 of 1");
    m.wait_for("Tobiah Quennell  · age 32 on the meeting date");
    m.text("Third arrest since August; not in treatment.");
    // CAMP has no quorum rule: the decision is taken at once.
    m.tab_to("Decision");
    m.keys(&["Right", "Enter"]);
    m.wait_for("Accepted: three-month intensive plan");
    m.tab_to("Reasons");
    m.text("Prolific DIP client, third offence: intensive plan agreed.");
    m.tab_to("Lead agency");
    m.keys(&["Right", "Right", "Right", "Right"]);
    m.wait_for("DIP — Drug Intervention Programme");
    m.tab_to("Initial risk level");
    m.keys(&["Right"]);
    // App 5A 1: "a case manager would be identified according to the most prevalent
    // issue".
    m.tab_to("Key worker (name)");
    m.text("Yusra Pemberton-Hale");
    m.tab_to("Key worker's agency");
    m.keys(&["Right", "Right", "Right", "Right"]);
    // The plan runs three months: a review after it is refused, citing App 5A 1.
    m.tab_to("Review date");
    m.text("2027-03-09");
    m.keys(&["Tab"]);
    m.wait_for("… (App 5A, 1. Drug Intervention programme)");
    m.wait_for("Not saved: 2027-03-09: a review is set");
    assert_eq!(
        f.q::<Option<String>>("SELECT next_date FROM case_discussion WHERE referral_id = 1"),
        None
    );
    m.keys(&["BTab"]);
    m.keys(&["BSpace"; 10]);
    m.text("2027-01-12");
    m.keys(&["Tab"]);
    m.wait_for("Review date (YYYY-MM-DD): 2027-01-12");
    // App 5A 1: "the range of agencies and actions to be delivered".
    m.keys(&["C-a"]);
    m.wait_for("Add an action (volunteered by an agency)");
    m.text("Book a Tier 3 treatment assessment");
    m.keys(&["Tab", "Right", "Right", "Right", "Right", "Tab"]);
    m.text("Yusra Pemberton-Hale");
    m.keys(&["Tab", "Enter", "Tab", "Right", "Right", "Right"]);
    m.wait_for("Volunteered by: ◀ Yusra Pemberton-Hale (DIP)");
    m.keys(&["Enter"]);
    m.wait_for("due 2027-01-12 · DIP · Book a Tier 3");
    // App 5B 3, the chair's guidance: the case is not done until the checklist is.
    m.keys(&["C-d"]);
    m.wait_for("Missing: checklist C1");
    answer_the_checklist_from_a_second_terminal(f);
    // The screen picks another terminal's saves up within a moment: until it has all
    // fourteen answers, Ctrl-D is refused again (not an error).
    let mut done = false;
    for _ in 0..40 {
        m.keys(&["C-d"]);
        std::thread::sleep(std::time::Duration::from_millis(250));
        if m.t
            .screen()
            .contains("All cases of this item are on record")
        {
            done = true;
            break;
        }
    }
    assert!(done, "{}", m.t.screen());
    // Item 5 holds brief updates of cases dealt with at agency level (none yet).
    m.keys(&["PageDown", "PageDown"]);
    m.wait_for("5. Other PPO: brief updates");
    m.keys(&["PageDown"]);
    m.wait_for("6. Referrals to other IOM panels");
    m.text("No referrals to MARAC or MAPPA this month.");
    m.keys(&["C-f"]);
    let s = m.wait_for("Formal close");
    assert!(!s.contains("MAPPA Coordinator"), "{s}");
    m.keys(&["Enter"]);
    m.wait_for("formally closed");
    m.keys(&["C-e"]);
    m.wait_for("End the meeting");
    m.keys(&["Enter"]);
    m.wait_for("Tue 12 Jan 2027 · planned");
    m.keys(&["C-q"]);
    std::thread::sleep(std::time::Duration::from_millis(300));
}

/// The coordinator's terminal answers every question of the chair's checklist (App 5B
/// 3), yes or in words, through the store as the case page does; the meeting screen
/// picks the answers up as it does any other terminal's.
fn answer_the_checklist_from_a_second_terminal(f: &Flow) {
    use roundtable::domain::paperwork::AnswerType;
    use roundtable::store::case_record::RecordChange;
    let store = roundtable::store::Store::open_existing(&f.db, None)
        .unwrap()
        .with_terminal("coordinator");
    let rules = store.panel_info(None).unwrap().paperwork;
    let discussion: i64 = f.q("SELECT id FROM case_discussion WHERE referral_id = 1");
    for q in &rules.checklist {
        let answer = match q.answer {
            AnswerType::YesNo => "yes".to_string(),
            AnswerType::Choice => q.options[0].clone(),
            AnswerType::Text => "Agreed at the meeting.".to_string(),
        };
        store
            .record_change(&RecordChange::Answer {
                discussion: roundtable::store::DiscussionId(discussion),
                key: q.key.clone(),
                answer,
                note: String::new(),
            })
            .unwrap_or_else(|e| panic!("{}: {e}", q.key));
    }
}
