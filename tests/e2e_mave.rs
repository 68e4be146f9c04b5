//! MAVE end to end from its own file, as its users would run it (issue 22, "Tests"):
//! `init --panel mave` with two co-chairs (001 "Who chairs the MAVE Panel?"), one
//! referral on each of 001's three forms (the individual checklist failing, then
//! passing, MV1; a group; a person of concern and a location on "MAVE Panel Persons
//! and Locations of Concern Referral"), a whole meeting in tmux at 80x24 with both
//! co-chairs present and the room's screen (`present`) in a second terminal, each
//! case decided at its kind's item with the date it comes back (001 "What is the
//! structure for a MAVE Panel meeting?" items 1-4; MV11, 001 "How will the MAVE
//! Panel be supported?"), then the minutes and the MACE briefing (001 "How do we
//! respond to the collective knowledge and intelligence gained at the MAVE Panel?").
//! The restricted intelligence ("which may be limited by criminal investigations",
//! 001 "How do I refer a perpetrator ...?", MV10) is on no room frame and not in the
//! general minutes; a person of concern is never named in the room. No output carries
//! MAGPan's sections or words. Every name and place is invented.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::panel_flow::Flow;
use common::tmux::have_tmux;

/// The cut-off day of the meeting of Wednesday 25 November 2026 (fortnightly, 001
/// "Frequency"; five working days, decided in mave.toml).
const INTAKE: &str = "2026-11-18";
const MEETING: &str = "2026-11-25";
const AFTER: &str = "2026-11-26";

/// Posts of 001 "Who chairs the MAVE Panel?" and "How will the MAVE Panel be
/// supported?"; names invented.
const MEMBERS: &str = r#"
[[member]]
name = "Rowena Kittredge"
post = "Co-chair, Assistant Director, Children's Social Care"
agency = "CSC"
role = "co_chair"

[[member]]
name = "Caspian Ordway"
post = "Co-chair, Detective Inspector, Central South BCU"
agency = "POL"
role = "co_chair"

[[member]]
name = "Melisande Yarrow"
post = "MAVE Panel Coordinator"
agency = "CSC"
role = "coordinator"

[[member]]
name = "Thaddeus Nkemelu"
post = "Youth Justice Service Manager"
agency = "YJS"

[[member]]
name = "Perpetua Hollins"
post = "Gangs Exit & Operations Manager"
agency = "CS"
"#;

/// The restricted intelligence of form 3's question 2: never in the room or the
/// general minutes.
const POC_INTEL: &str = "Gives children lifts from the Quillfield lock-ups";
const PLACE_INTEL: &str = "Older males meet children in the Larkspur stairwell";

const INDIVIDUAL: &str = r#"
form = "individual"
date_of_referral = "2026-11-16"
referrer_name = "Wenna Corrigan-Hale"
referrer_agency = "CSC"
name = "Tavish Okonkwo-Reed"
date_of_birth = 2010-04-17
meeting_held = "yes"
blocks = ["remit_unclear"]
request = "A school place outside the borough this term"
how_safer = "Away from the older males who wait at his school gate"
approver = "Ilse Marchetti, Service Manager"
approved = "yes"
approval_date = "2026-11-13"
"#;

const GROUP: &str = r#"
form = "group"
date_of_referral = "2026-11-16"
referrer_name = "Osian Fairbrother"
referrer_agency = "YJS"
group_name = "Marlowe Court boys"
area = "Kennington"
group_size = 5
members = [
    ["Ezra Pellow", "2011-05-01", "Male", "", "Friends", "Vane Academy", "CSC"],
    ["Tobi Lark", "2010-09-12", "Male", "", "Cousin of Ezra", "", "YJS"],
]
peer_map = "Peer map of 2026-11-10, YJS case file"
nature_of_harm = "Seen carrying parcels for older males"
ideas = "Youth club places on Friday evenings"
approver = "Ilse Marchetti, Service Manager"
approved = "yes"
approval_date = "2026-11-14"
"#;

fn person_of_concern() -> String {
    format!(
        r#"
form = "concern"
date_of_referral = "2026-11-17"
referrer_name = "Harlan Boswick"
referrer_agency = "POL"
poc_name = "Dorian Vell"
poc_date_of_birth = 1994-02-03
concerns = "{POC_INTEL}"
prevent_disrupt = "A child abduction warning notice"
"#
    )
}

fn location() -> String {
    format!(
        r#"
form = "concern"
date_of_referral = "2026-11-17"
referrer_name = "Harlan Boswick"
referrer_agency = "Brixford Housing Trust"
location_address = "Stairwell B, Arden Walk"
location_postcode = "SE11 4QT"
location_description = "Stairwell behind the chicken shop"
concerns = "{PLACE_INTEL}"
prevent_disrupt = "CCTV and a community guardian"
"#
    )
}

/// What no room frame may show: the restricted intelligence, a person of concern's
/// name, a location's address, a group's members, any person's full name.
const NEVER_IN_THE_ROOM: [&str; 10] = [
    POC_INTEL,
    PLACE_INTEL,
    "Quillfield",
    "Larkspur",
    "Dorian",
    "Vell",
    "Arden Walk",
    "Ezra Pellow",
    "Tobi Lark",
    "Tavish Okonkwo-Reed",
];

#[test]
fn mave_runs_a_whole_meeting_of_four_kinds_with_co_chairs_and_restricted_intelligence() {
    if !have_tmux() {
        return;
    }
    let f = Flow::new();
    let said = f.init_with_members(INTAKE, "mave", MEMBERS);
    assert!(
        said.contains("set up MAVE Panel (MAVE)") && said.contains("5 members"),
        "{said}"
    );

    // MV1, 001 "MAVE Case Panel Checklist": no strategy meeting, refused; then taken.
    let failing = f.write(
        "failing.toml",
        &INDIVIDUAL.replace(r#"meeting_held = "yes""#, r#"meeting_held = "no""#),
    );
    let err = f.fails(INTAKE, &["referral", "add", "--from", &failing]);
    assert!(
        err.contains("  meeting_held: refer only after a Strategy Meeting (for children) or a Professionals Meeting (for young adults) (MAVE Case Panel Checklist)"),
        "{err}"
    );
    for (name, text, item) in [
        ("individual", INDIVIDUAL.to_string(), "agenda item 3"),
        ("group", GROUP.to_string(), "agenda item 4"),
        ("poc", person_of_concern(), "agenda item 5"),
        ("location", location(), "agenda item 6"),
    ] {
        let file = f.write(&format!("{name}.toml"), &text);
        let said = f.ok(INTAKE, &["referral", "add", "--from", &file]);
        assert!(said.contains(item), "{name}: {said}");
        assert!(said.contains("goes to the meeting on 2026-11-25"), "{said}");
    }

    let room = run_the_meeting(&f);
    assert!(room.len() >= 8, "frames seen: {}", room.len());
    for frame in &room {
        for never in NEVER_IN_THE_ROOM {
            assert!(
                !frame.contains(never),
                "{never} on the room's screen:\n{frame}"
            );
        }
    }

    // MV11: every case kept open has the date it comes back; the escalated person
    // of concern at the next meeting (001 "Issue resolution").
    let decided: String = f.q("SELECT group_concat(referral_id || ' ' || decision || ' ' || next_date, '; ') FROM (SELECT * FROM case_discussion ORDER BY referral_id)");
    assert_eq!(
        decided,
        "1 accepted 2026-12-23; 2 accepted 2026-12-23; 3 escalated 2026-12-09; 4 accepted 2026-12-23"
    );

    // The minutes: both co-chairs named; the cases by kind; nothing restricted in the
    // general minutes, and the restricted answer on no page at all.
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
    assert!(said.contains("MAVE minutes of 2026-11-25"), "{said}");
    let files = f.keep_files(&out);
    assert!(
        files.contains(&"2026-11-25-general.md".to_string()),
        "{files:?}"
    );
    let general = std::fs::read_to_string(out.join("2026-11-25-general.md")).unwrap();
    for line in [
        "- **Co-chairs:** Rowena Kittredge and Caspian Ordway",
        "| 2 | Group: Marlowe Court boys | 4 | Accepted: the block is confirmed and the panel acts on it | YJS |",
        "| 3 | Person of concern (case \\#3) | 5 | Escalated under the LSCP Escalation Policy | POL |",
        "| 4 | Location: SE11 | 6 | Accepted: the block is confirmed and the panel acts on it | PPEL |",
    ] {
        assert!(general.contains(line), "{line}\n{general}");
    }
    // MV5: each case page names the co-chair who agreed its decision (the one chairing).
    let agreed = files
        .iter()
        .filter(|n| n.contains("-case-") && n.ends_with(".md"))
        .filter(|n| {
            std::fs::read_to_string(out.join(n))
                .unwrap()
                .lines()
                .any(|l| l.contains("Agreed by") && l.contains("Co-chair, "))
        })
        .count();
    assert_eq!(agreed, 4, "{files:?}");
    for never in [
        POC_INTEL,
        PLACE_INTEL,
        "Quillfield",
        "Larkspur",
        "Dorian Vell",
    ] {
        assert!(!general.contains(never), "{never} in the general minutes");
    }
    for name in &files {
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        for never in [POC_INTEL, PLACE_INTEL] {
            assert!(!text.contains(never), "{never} in {name}");
        }
    }
    // The chair's record keeps it, marked.
    let case = f.ok(AFTER, &["case", "3"]);
    assert!(
        case.contains(&format!(
            "  Restricted: Please summarise your concerns about this person or location: {POC_INTEL}"
        )),
        "{case}"
    );

    // The next agenda: each case back at its own kind's item on its date.
    let agenda = f.ok(AFTER, &["agenda"]);
    assert!(agenda.contains("Meeting 2026-12-09 at 10:00"), "{agenda}");
    let item5 = agenda.split("5. Perpetrators: disrupt").nth(1).unwrap();
    assert!(
        item5.split("\n6. ").next().unwrap().contains("Dorian Vell"),
        "{agenda}"
    );

    // The MACE briefing (001 "How do we respond ...?"), marked, no person named.
    let mace = f.ok(
        AFTER,
        &[
            "extract",
            "--mace",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
        ],
    );
    assert!(
        mace.starts_with("OFFICIAL-SENSITIVE") && mace.trim_end().ends_with("OFFICIAL-SENSITIVE"),
        "{mace}"
    );
    for line in [
        "  people               1",
        "  groups               1",
        "  persons of concern   1",
        "  locations            1",
        "  Kennington           1",
        "  SE11                 1",
        "  case 2: Group: Marlowe Court boys, received 2026-11-16, open",
        "    5 young people; 2 members known",
        "  case 3: Person of concern (case #3), received 2026-11-17, open",
        "  case 4: Location: SE11, received 2026-11-17, open",
    ] {
        assert!(mace.contains(line), "{line}\n{mace}");
    }
    for never in NEVER_IN_THE_ROOM {
        assert!(!mace.contains(never), "{never} in the MACE briefing");
    }
    f.assert_no_magpan(&[]);
}

/// The meeting of 25 November 2026 in tmux at 80x24, with the room's screen in a
/// second terminal; every room frame seen, returned.
fn run_the_meeting(f: &Flow) -> Vec<String> {
    let m = f.meeting("mave");
    m.start();
    let mut room = f.room("mave-room");
    // 001 "Who sits on the MAVE Panel?": both co-chairs and three members present.
    m.mark_attendance(
        "1. Introductions and apologies",
        &["p"; 5],
        "Perpetua Hollins  CS     present",
    );
    // MV5 (001 "Who chairs the MAVE Panel?"): the first co-chair chairs this meeting,
    // so each decision is agreed by them unless the page says otherwise.
    m.keys(&["Up"; 5]);
    m.keys(&["c"]);
    m.wait_for("Chaired by");
    m.keys(&["PageDown"]);
    // 001 "Confidentiality": every one present agrees.
    m.all_sign("2. Confidentiality", 5);
    m.keys(&["PageDown", "Enter"]);

    // Item 3 (001 item 1): the individual, 45 minutes for the item (MV13): the time
    // used against the box first on the page's heading, the meeting against its three
    // hours (001 "Frequency") on the status line.
    let s = m.wait_for("Tavish Okonkwo-Reed");
    assert!(s.contains(" of 45:00 · Individual child"), "{s}");
    assert!(s.contains("/3:00:00 · item "), "{s}");
    room.look("T.O.R.");
    decide(
        &m,
        "Block: no school place offered outside the borough.",
        "Accepted",
        "Accepted: the block is confirmed",
        "Education to find a place out of the borough this term.",
        "CSC",
        "2026-12-23",
    );
    room.look("Decision so far: Accepted");
    next_item(&m);

    // Item 4 (001 item 2): the group, by its label.
    m.wait_for("Group: Marlowe Court boys  · Kennington · case 2");
    room.look("Group: Marlowe Court boys");
    decide(
        &m,
        "Peer map seen; divert and support the younger boys.",
        "Accepted",
        "Accepted: the block is confirmed",
        "Cohort confirmed: youth club places and disruption.",
        "YJS",
        "2026-12-23",
    );
    room.look("Decision so far: Accepted");
    next_item(&m);

    // Item 5 (001 item 3): the person of concern, named to the chair, never in the
    // room.
    m.wait_for("Person of concern: Dorian Vell");
    room.look("Person of concern (case #3)");
    decide(
        &m,
        "Disruption led by the police.",
        "Escalated",
        "Escalated under the LSCP Escalation Policy",
        "Warning notice delayed: escalated to the LSCP.",
        "POL",
        "2026-12-09",
    );
    room.look("Decision so far: Escalated");
    next_item(&m);

    // Item 6 (001 item 4): the location, by its postcode district.
    m.wait_for("Location: Stairwell B, Arden Walk  · SE11 · case 4");
    room.look("Location: SE11");
    decide(
        &m,
        "Location assessment agreed; CCTV asked for.",
        "Accepted",
        "Accepted: the block is confirmed",
        "Assess, plan, support: a community guardian and CCTV.",
        "PPEL",
        "2026-12-23",
    );
    room.look("Decision so far: Accepted");
    m.keys(&["C-d"]);
    m.wait_for("All cases of this item are on record");
    m.keys(&["PageDown"]);
    m.wait_for("7. Intelligence for MACE");
    m.text("Map SE11 stairwells for the analysts.");
    room.look("7. Intelligence for MACE");
    m.keys(&["C-f"]);
    m.wait_for("Formal close");
    m.keys(&["Enter"]);
    m.wait_for("formally closed");
    m.keys(&["C-e"]);
    m.wait_for("End the meeting");
    m.keys(&["Enter"]);
    m.wait_for("Wed 9 Dec 2026 · planned");
    m.keys(&["C-q"]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    // The room's terminal closed as the frames are handed back.
    room.frames()
}

/// Record a case: its minutes, the decision (typed, then the words it shows), the
/// reasons, the lead agency (typed) and the date it comes back (MV11).
fn decide(
    m: &common::panel_flow::Screen,
    minutes: &str,
    decision: &str,
    shown: &str,
    reasons: &str,
    lead: &str,
    back: &str,
) {
    m.text(minutes);
    m.tab_to("Decision");
    m.text(decision);
    m.wait_for(shown);
    m.keys(&["Enter"]);
    m.tab_to("Reasons");
    m.text(reasons);
    m.tab_to("Lead agency");
    m.text(lead);
    m.wait_for(&format!("◀  {lead} — "));
    m.keys(&["Enter"]);
    m.tab_to("Review date");
    m.text(back);
    m.keys(&["Tab"]);
    m.wait_for(&format!("Review date (YYYY-MM-DD): {back}"));
}

/// The case done (Ctrl-D), then on to the next item's first case.
fn next_item(m: &common::panel_flow::Screen) {
    m.keys(&["C-d"]);
    m.wait_for("All cases of this item are on record");
    m.keys(&["PageDown", "Enter"]);
}
