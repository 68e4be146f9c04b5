//! MARAC end to end from its own file, as its users would run it (issue 21, "Tests"):
//! `init --panel marac` with members, a referral on the App 3B form with a victim, two
//! children and an alleged perpetrator, a case brought anonymously (no consent and no
//! children: App 3A "Clients consent") after one with a name is refused, a whole
//! meeting in tmux at 80x24 with the room's screen (`present`) beside it, the minutes
//! and `minutes --decision-sheet` in Markdown, HTML and CSV grouped by agency (App 3A
//! "Chairing and Minutes"), then a repeat referral recognised at intake with the date
//! last heard (App 3B "Is this a repeat"). The victim's address and the anonymous
//! case's identity appear nowhere on the room's screen or in the minutes; no output
//! carries MAGPan's sections or words.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::panel_flow::Flow;
use common::tmux::have_tmux;

/// Before the cut-off (2026-11-27) of the meeting of Tuesday 8 December 2026 (four
/// weekly on a Tuesday at 13:00, App 3A "Frequency of Meetings"; "at least 7 working
/// days before the meeting", App 3A "Referral to the MARAC").
const INTAKE: &str = "2026-11-20";
const MEETING: &str = "2026-12-08";
/// The professional invited for case 1 only (invented).
const GUEST: &str = "Wenna Castellane";
/// After the meeting, before the next one's cut-off (2027-01-05).
const AFTER: &str = "2026-12-18";

/// Posts of App 3A "Chairing and Minutes" and the referral form's agencies.
const MEMBERS: &str = r#"
[[member]]
name = "Perpetua Lindgren"
post = "Detective Inspector, Community Safety Unit"
agency = "POL"
role = "chair"

[[member]]
name = "Anselm Whitcombe"
post = "MARAC Co-ordinator"
agency = "DVA"
role = "coordinator"

[[member]]
name = "Greer Oyinlola"
post = "Children's Social Care Representative"
agency = "CSC"

[[member]]
name = "Torvald Pennington"
post = "Probation Representative"
agency = "PROB"

[[member]]
name = "Isadora Kettering"
post = "Housing Representative"
agency = "HOU"
"#;

const REFERRER: &str = r#"
referrer_name = "PC Hester Vaughan-Lyle"
referring_agency = "POL"
email = "hester.vaughan-lyle@example.org"
caada_risk_level = "High"
reasons = "Threats to kill after separation; strangulation disclosed"
selection = ["high_risk", "child_protection"]
"#;

/// The victim's permanent and temporary addresses: never on the room's screen or in
/// the minutes.
const ADDRESS: &str = "27 Hazelmere Walk";
const TEMPORARY: &str = "Refuge at Orchard Lodge";

/// App 3B: the primary victim, the children's details, the perpetrator's details.
fn family(received: &str) -> String {
    format!(
        r#"{REFERRER}
date_received = {received}
consent = "yes"
children_in_household = "yes"
victim_name = "Maeve Tallowford"
victim_dob = 1989-05-17
victim_address = "{ADDRESS}, Bromley"
victim_temporary_address = "{TEMPORARY}"
children = [
  ["Rory Tallowford", "2018-04-11", "M", "", "Beechcroft Primary"],
  ["Sinead Tallowford", "2020-08-23", "F", "", ""],
]
perpetrators = [["Lucan Brightwater", "1986-12-01", "5 Tanner's Yard", ""]]
"#
    )
}

/// App 3A "Clients consent": no consent and no children; `name` is the identity the
/// referrer wrongly gave.
fn anonymous(name: Option<&str>) -> String {
    let name = name
        .map(|n| format!("victim_name = \"{n}\"\n"))
        .unwrap_or_default();
    format!(
        r#"{REFERRER}
date_received = 2026-11-19
consent = "no"
children_in_household = "no"
no_consent_reason = "No children: advice sought on a client who declines services"
{name}"#
    )
}

/// The identity the anonymous case must never carry anywhere.
const ANON_NAME: &str = "Bronagh Keswick";

#[test]
fn marac_runs_a_whole_meeting_from_its_own_file_with_people_anonymity_and_repeats() {
    if !have_tmux() {
        return;
    }
    let f = Flow::new();
    let said = f.init_with_members(INTAKE, "marac", MEMBERS);
    assert!(
        said.contains("set up Multi-Agency Risk Assessment Conference (MARAC)")
            && said.contains("5 members"),
        "{said}"
    );
    assert!(
        said.contains("next meeting 2026-12-08")
            && said.contains(
                "referrals received by 2026-11-27 go to it (App 3A, Referral to the MARAC)"
            ),
        "{said}"
    );

    // App 3B: a victim, two children and an alleged perpetrator, each a person of
    // the case.
    let one = f.write("family.toml", &family("2026-11-19"));
    let said = f.ok(INTAKE, &["referral", "add", "--from", &one]);
    for line in [
        "referral #1 saved: Maeve Tallowford",
        "people of the case (App 3B, Referral form):",
        "  Child: Rory Tallowford, born 2018-04-11",
        "  Child: Sinead Tallowford, born 2020-08-23",
        "  Alleged perpetrator: Lucan Brightwater, born 1986-12-01",
        "agenda item 4 (Cases with children (repeat referrals marked))",
    ] {
        assert!(said.contains(line), "{line}\n{said}");
    }
    assert!(
        !said.contains("repeat referral:"),
        "a first referral: {said}"
    );
    // `audit --case` names who was added to the case.
    let audit = f.ok(INTAKE, &["audit", "--case", "1"]);
    for who in [
        "case person: Child: Rory Tallowford, born 2018-04-11",
        "case person: Child: Sinead Tallowford, born 2020-08-23",
        "case person: Alleged perpetrator: Lucan Brightwater, born 1986-12-01",
    ] {
        assert!(audit.contains(who), "{who}\n{audit}");
    }

    // App 3A "Clients consent": "personal identifying details of the client will not
    // be disclosed": a name is refused, and the case is taken under a label.
    let named = f.write("named.toml", &anonymous(Some(ANON_NAME)));
    let err = f.fails(INTAKE, &["referral", "add", "--from", &named]);
    assert!(
        err.contains("  victim_name: leave it blank: the case is brought anonymously (no consent and no children), so no identifying details are recorded (App 3A, Clients consent)"),
        "{err}"
    );
    let anon = f.write("anon.toml", &anonymous(None));
    let o = f.run(INTAKE, &["referral", "add", "--from", &anon]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let said = common::stdout(&o);
    assert!(
        said.contains("referral #2 saved: Anonymous case 1")
            && said.contains("brought anonymously as Anonymous case 1"),
        "{said}"
    );
    // An anonymous case has no date of birth by design, and MARAC's case item takes
    // any age: no warning about which item its age would put it on.
    let warned = common::stderr(&o);
    assert!(
        !warned.contains("victim_dob") && !warned.contains("under 18s"),
        "{warned}"
    );
    let agenda = f.ok(INTAKE, &["agenda"]);
    assert!(
        agenda.contains("Maeve Tallowford") && agenda.contains("Anonymous case 1"),
        "{agenda}"
    );

    // 003 App 3A "Attendance by other agencies/professionals" (C6): a professional
    // invited for case 1 only, agreed by the chair before the meeting.
    let said = f.ok(
        INTAKE,
        &[
            "meetings",
            "guest",
            "invite",
            "--meeting",
            MEETING,
            "--case",
            "1",
            "--name",
            GUEST,
            "--post",
            "Outreach worker",
            "--agency-text",
            "Refuge outreach service",
            "--agreed-by",
            "Perpetua Lindgren",
            "--agreed-on",
            INTAKE,
        ],
    );
    assert!(said.contains(GUEST), "{said}");

    let room = run_the_meeting(&f);
    assert_eq!(
        f.q::<i64>(
            "SELECT COUNT(*) FROM case_guest g JOIN attendance a ON a.id = g.attendance_id WHERE g.joined_at IS NOT NULL AND a.left_at IS NOT NULL"
        ),
        1,
        "the guest joined at case 1 and left when it was done"
    );

    assert_eq!(
        f.q::<i64>("SELECT COUNT(*) FROM attendance WHERE signed_at IS NOT NULL"),
        5
    );
    assert_eq!(
        f.q::<String>(
            "SELECT group_concat(decision, ' ') FROM (SELECT decision FROM case_discussion ORDER BY referral_id)"
        ),
        "actions_agreed recommendations_only"
    );
    assert_eq!(
        f.q::<String>("SELECT state FROM meeting WHERE date = '2026-12-08'"),
        "closed"
    );

    // The minutes: the people of the case on its page, the anonymous case by its
    // label.
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
    assert!(said.contains("MARAC minutes of 2026-12-08"), "{said}");
    f.keep_files(&out);
    let case1 = std::fs::read_to_string(out.join("2026-12-08-case-1.md")).unwrap();
    assert!(
        case1.contains("People of the case") && case1.contains("Child: Rory Tallowford"),
        "{case1}"
    );
    let case2 = std::fs::read_to_string(out.join("2026-12-08-case-2.md")).unwrap();
    assert!(
        case2.contains("Brought anonymously as Anonymous case 1"),
        "{case2}"
    );
    // C6: the guest in the minutes of their case only.
    assert!(case1.contains(GUEST), "{case1}");
    assert!(!case2.contains(GUEST), "{case2}");

    // App 3A "Chairing and Minutes": the decision sheet, actions by agency, marked, in
    // Markdown, HTML and CSV, cases by ID only.
    let sheet = f.dir.path().join("sheet");
    let said = f.ok(
        AFTER,
        &[
            "minutes",
            "--meeting",
            MEETING,
            "--out",
            sheet.to_str().unwrap(),
            "--decision-sheet",
        ],
    );
    assert!(
        said.contains("MARAC decision sheet of 2026-12-08 written to")
            && said.contains("(3 actions for 3 agencies, each file marked CONFIDENTIAL)"),
        "{said}"
    );
    let names = f.keep_files(&sheet);
    assert_eq!(
        names,
        [
            "2026-12-08-decision-sheet.csv",
            "2026-12-08-decision-sheet.html",
            "2026-12-08-decision-sheet.md"
        ]
    );
    let md = std::fs::read_to_string(sheet.join("2026-12-08-decision-sheet.md")).unwrap();
    assert!(md.starts_with("**CONFIDENTIAL**"), "{md}");
    let (csc, dva, pol) = (
        md.find("CSC: Children's Social Care").unwrap(),
        md.find("DVA: Domestic violence and abuse service").unwrap(),
        md.find("POL: Police, Community Safety Unit").unwrap(),
    );
    assert!(csc < dva && dva < pol, "grouped by agency, in order: {md}");
    assert!(
        md[csc..dva].contains("Strategy discussion for both children")
            && md[dva..pol].contains("Safety planning advice to the referrer")
            && md[pol..].contains("Flag the address for an urgent police response"),
        "{md}"
    );
    let html = std::fs::read_to_string(sheet.join("2026-12-08-decision-sheet.html")).unwrap();
    assert!(
        html.contains("CONFIDENTIAL") && html.contains("Safety planning advice to the referrer"),
        "{html}"
    );
    let csv = std::fs::read_to_string(sheet.join("2026-12-08-decision-sheet.csv")).unwrap();
    let rows: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        rows[0],
        "agency,agency_name,case,action,who,due_on,status,marking"
    );
    let want = [
        "CSC,Children's Social Care,1,Strategy discussion for both children,Greer Oyinlola,2026-12-15,open,CONFIDENTIAL",
        "DVA,Domestic violence and abuse service,2,Safety planning advice to the referrer,Anselm Whitcombe,2026-12-10,open,CONFIDENTIAL",
        "POL,\"Police, Community Safety Unit\",1,Flag the address for an urgent police response,Perpetua Lindgren,2026-12-11,open,CONFIDENTIAL",
    ];
    assert_eq!(rows[1..], want, "{csv}");
    for text in [&md, &html, &csv] {
        assert!(!text.contains("Tallowford"), "cases by ID only: {text}");
    }

    // Privacy (App 3A "Clients consent" and "Confidentiality"): the victim's
    // addresses and the anonymous case's identity on no room frame and in no file of
    // the minutes or the sheet.
    let mut papers = room.clone();
    for d in [&out, &sheet] {
        for e in std::fs::read_dir(d).unwrap() {
            papers.push(std::fs::read_to_string(e.unwrap().path()).unwrap());
        }
    }
    for p in &papers {
        for never in [ADDRESS, TEMPORARY, ANON_NAME, "Bronagh", "Keswick"] {
            assert!(!p.contains(never), "{never} in:\n{p}");
        }
    }
    for frame in &room {
        for never in ["Rory", "Sinead", "Lucan", "Brightwater", "1989-05-17"] {
            assert!(
                !frame.contains(never),
                "{never} on the room's screen:\n{frame}"
            );
        }
    }
    let dump = common::dump(&roundtable::store::Store::open(&f.db, None).unwrap());
    assert!(!dump.contains(ANON_NAME), "never stored");

    // App 3B "Is this a repeat? If Yes, date when last at MARAC": the victim again
    // within the panel's 12 months, recognised at intake from its own record.
    let again = f.write("again.toml", &family(AFTER));
    let said = f.ok(AFTER, &["referral", "add", "--from", &again]);
    assert!(said.contains("matched existing subject #1"), "{said}");
    assert!(
        said.contains("repeat referral: last heard on 2026-12-08 (App 3B, Is this a repeat)"),
        "{said}"
    );
    assert!(
        said.contains("  Child: Rory Tallowford, born 2018-04-11 (Sex: M; Name Of School: Beechcroft Primary); also in case 1"),
        "{said}"
    );
    let agenda = f.ok(AFTER, &["agenda"]);
    assert!(agenda.contains("Meeting 2027-01-05 at 13:00"), "{agenda}");
    assert!(agenda.contains("repeat: last heard 2026-12-08"), "{agenda}");
    let case3 = f.ok(AFTER, &["case", "3"]);
    assert!(
        case3.contains("Repeat referral: last heard on 2026-12-08 (App 3B, Is this a repeat)"),
        "{case3}"
    );
    let actions = f.ok(AFTER, &["actions"]);
    assert!(
        actions.contains("Flag the address for an urgent police response")
            && actions.contains("Strategy discussion for both children"),
        "{actions}"
    );

    // Issue 25: this panel's --json outputs hold to docs/json.md as MAGPan's do.
    f.json_contract(AFTER);
    f.assert_no_magpan(&[]);
}

/// The meeting of 8 December 2026 in tmux at 80x24, with the room's screen in a
/// second terminal; every room frame seen, returned.
fn run_the_meeting(f: &Flow) -> Vec<String> {
    let m = f.meeting("marac");
    m.start();
    let mut room = f.room("marac-room");
    m.mark_attendance(
        "1. Introductions and apologies",
        &["p"; 5],
        "Isadora Kettering HOU    present",
    );
    m.keys(&["PageDown"]);
    // App 3A "Confidentiality": every member agrees.
    m.all_sign("2. Confidentiality", 5);
    m.keys(&["PageDown"]);
    m.wait_for("3. Actions from the last meeting");
    m.text("First meeting of the year's series: no actions carried over.");
    m.keys(&["PageDown", "Enter"]);

    // The item's title gives way to the case's place at 80 columns (issue 25).
    m.wait_for("Cases with children (repeat");
    m.wait_for("— case 1 of 1 · #");
    m.wait_for("Maeve Tallowford");
    room.look("M.T.");
    // C6: the guest invited for this case joins at it (Alt-J), and the room may name
    // them here, at their own case, while they are in.
    m.keys(&["M-j"]);
    m.wait_for("joined");
    room.look(GUEST);
    m.text("Victim now in a refuge; the perpetrator is on bail with conditions.");
    m.tab_to("Decision");
    m.text("Risk management");
    m.keys(&["Enter"]);
    m.wait_for("Risk management plan: actions agreed");
    m.tab_to("Reasons");
    m.text("High risk: strangulation and threats to kill; two children at home.");
    m.tab_to("Initial risk level");
    m.text("High");
    m.keys(&["Enter"]);
    // App 3A "Follow-up action": actions volunteered by each agency.
    add_action(
        &m,
        "Strategy discussion for both children",
        "CSC",
        "Greer Oyinlola",
        "2026-12-15",
    );
    m.wait_for("due 2026-12-15 · CSC · Strategy discussion");
    add_action(
        &m,
        "Flag the address for an urgent police response",
        "POL",
        "Perpetua Lindgren",
        "2026-12-11",
    );
    m.wait_for("due 2026-12-11 · POL · Flag the address");
    room.look("Flag the address");
    m.keys(&["C-d"]);
    // Cases with children first (item 4), then the others (item 5).
    m.wait_for("All cases of this item are on record");
    m.keys(&["PageDown", "Enter"]);

    // The anonymous case: heard under its label (App 3A "Clients consent": "the
    // circumstances of the case may be discussed and recommendations made").
    m.wait_for("Other cases (repeat");
    m.wait_for("— case 1 of 1 · #");
    m.wait_for("Anonymous case 1");
    let case2 = room.look("A.C.1.");
    assert!(
        !case2.contains(GUEST),
        "the guest of case 1 named at case 2:\n{case2}"
    );
    m.text("Advice sought for a client who declines services.");
    m.tab_to("Decision");
    m.text("Anonymous");
    m.keys(&["Enter"]);
    m.wait_for("Anonymous case: recommendations recorded");
    m.tab_to("Reasons");
    m.text("Recommendations made to the referrer; no identifying details shared.");
    add_action(
        &m,
        "Safety planning advice to the referrer",
        "DVA",
        "Anselm Whitcombe",
        "2026-12-10",
    );
    m.wait_for("due 2026-12-10 · DVA · Safety planning");
    let case2 = room.look("Safety planning advice");
    assert!(!case2.contains(GUEST), "{case2}");
    m.keys(&["C-d"]);
    m.wait_for("All cases of this item are on record");
    m.keys(&["C-f"]);
    m.wait_for("Formal close");
    m.keys(&["Enter"]);
    m.wait_for("formally closed");
    m.keys(&["C-e"]);
    m.wait_for("End the meeting");
    m.keys(&["Enter"]);
    m.wait_for("Tue 5 Jan 2027 · planned");
    m.keys(&["C-q"]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    // The room's terminal closed as the frames are handed back.
    room.frames()
}

/// Add an action from the case page's decision field: what, the agency (typed), the
/// person, the due date, and the member who volunteered it (typed).
fn add_action(m: &common::panel_flow::Screen, what: &str, agency: &str, who: &str, due: &str) {
    m.tab_to("Decision");
    m.keys(&["C-a"]);
    m.wait_for("Add an action (volunteered by an agency");
    m.text(what);
    m.keys(&["Tab"]);
    m.text(agency);
    m.keys(&["Tab"]);
    m.text(who);
    m.keys(&["Tab"]);
    m.text(due);
    m.keys(&["Tab"]);
    m.text(who);
    m.wait_for(&format!("Volunteered by: ◀ {who}"));
    m.keys(&["Enter"]);
    m.wait_gone("Add an action");
}
