//! MAVE's four kinds of subject from its shipped file, through the real binary (issue
//! 22 items 1-2): one referral on each of 001's three forms ("MAVE Panel Individual
//! Referral & Checklist", "MAVE Panel Group Referral", "MAVE Panel Persons and
//! Locations of Concern Referral"), each heard at its own item of "What is the
//! structure for a MAVE Panel meeting?" (items 1-4, here 3-6) and printed there on
//! the draft agenda; the individual checklist failing, then passing (MV1); a group
//! known again by its name and area, a location by its postcode and description; a
//! group of one refused (OPEN (13)), an unapproved group refused (OPEN (6)); form 3
//! one part only (MV4), its concerns restricted (MV10).
//!
//! Every name and place is invented.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::{ok, payload, rt, stderr};
use std::path::{Path, PathBuf};

fn init(dir: &Path) -> PathBuf {
    let db = dir.join("mave.db");
    ok(&rt(&db, None, &["init", "--no-encrypt", "--panel", "mave"]));
    db
}

/// `referral add --from` a file holding `text`.
fn add(db: &Path, name: &str, text: &str, extra: &[&str]) -> std::process::Output {
    let f = db.parent().unwrap().join(format!("{name}.toml"));
    std::fs::write(&f, text).unwrap();
    let mut args = vec!["referral", "add", "--from", f.to_str().unwrap()];
    args.extend_from_slice(extra);
    rt(db, None, &args)
}

fn referrals(db: &Path) -> usize {
    payload(&ok(&rt(db, None, &["referral", "list", "--all", "--json"])))
        .as_array()
        .unwrap()
        .len()
}

/// Form 1, passing its checklist (a strategy meeting held and a block) and approved.
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

/// Form 2: a group of two named young people, approved.
fn group(name: &str, area: &str) -> String {
    format!(
        r#"
form = "group"
date_of_referral = "2026-11-16"
referrer_name = "Osian Fairbrother"
referrer_agency = "YJS"
group_name = "{name}"
area = "{area}"
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
"#
    )
}

/// Form 3, part 2 a): a person of concern.
const PERSON_OF_CONCERN: &str = r#"
form = "concern"
date_of_referral = "2026-11-17"
referrer_name = "Harlan Boswick"
referrer_agency = "POL"
poc_name = "Dorian Vell"
poc_date_of_birth = 1994-02-03
concerns = "Gives children lifts and gifts at the Quillfield lock-ups"
prevent_disrupt = "A child abduction warning notice"
"#;

/// Form 3, part 1 b): a location, from a referrer outside the panel (D14).
fn location(postcode: &str, description: &str) -> String {
    format!(
        r#"
form = "concern"
date_of_referral = "2026-11-17"
referrer_name = "Harlan Boswick"
referrer_agency = "Brixford Housing Trust"
location_address = "Stairwell B, Arden Walk"
location_postcode = "{postcode}"
location_description = "{description}"
concerns = "Older males meet children in the Larkspur stairwell after school"
prevent_disrupt = "CCTV and a community guardian"
"#
    )
}

#[test]
fn mave_each_kind_on_its_own_form_is_heard_at_its_own_item_and_printed_there() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());

    // MV1 (001 "MAVE Case Panel Checklist"): no block ticked, refused; then taken.
    let failing = INDIVIDUAL.replace(r#"["remit_unclear"]"#, "[]");
    let o = add(&db, "failing", &failing, &[]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("  blocks: tick at least one reason"),
        "{}",
        stderr(&o)
    );
    assert_eq!(referrals(&db), 0, "nothing saved");

    // 001 "What is the structure for a MAVE Panel meeting?": items 1-4 here 3-6. A
    // group or a location has no age: its area is said instead.
    for (file, text, item) in [
        (
            "individual",
            INDIVIDUAL.to_string(),
            "agenda item 3 (Individual children or adults where there is a system block); aged 16 on",
        ),
        (
            "group",
            group("Marlowe Court boys", "Kennington"),
            "agenda item 4 (Groups of young people: problem solve, disrupt, divert, support); Kennington\n",
        ),
        (
            "poc",
            PERSON_OF_CONCERN.to_string(),
            "agenda item 5 (Perpetrators: disrupt)",
        ),
        (
            "location",
            location("se11 4qt", "Stairwell behind the chicken shop"),
            "agenda item 6 (Locations: assess, plan, support, disrupt); SE11\n",
        ),
    ] {
        let said = ok(&add(&db, file, &text, &[]));
        assert!(said.contains(item), "{file}: {said}");
    }
    let kinds: Vec<String> = {
        let c = rusqlite::Connection::open(&db).unwrap();
        let mut s = c.prepare("SELECT kind FROM subject ORDER BY id").unwrap();
        s.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert_eq!(kinds, ["person", "group", "perpetrator", "location"]);

    // The group's members are people of its case (001 group form section 2); its
    // peer map a reference.
    let case = ok(&rt(&db, None, &["case", "2"]));
    for line in [
        "Case 2: Group: Marlowe Court boys (Kennington)",
        "  Group member: Ezra Pellow, born 2011-05-01 (Gender: Male; Relationship: Friends; School/Employer: Vane Academy; Lead agency: CSC)",
        "  Peer map: the document and where it is held: Peer map of 2026-11-10, YJS case file",
        "      Seen carrying parcels for older males",
        "      Youth club places on Friday evenings",
    ] {
        assert!(case.contains(line), "{line}\n{case}");
    }
    // A location is placed by its postcode, its concerns restricted (MV10; "may be
    // limited by criminal investigations", 001 "How do I refer a location ...?").
    let case = ok(&rt(&db, None, &["case", "4"]));
    for line in [
        "Case 4: Location: Stairwell B, Arden Walk (SE11)",
        "  Postcode                SE11 4QT",
        "  Restricted: Please summarise your concerns about this person or location: Older males meet children in the Larkspur stairwell after school",
        "      CCTV and a community guardian",
        "  Referrer: Agency: Brixford Housing Trust",
    ] {
        assert!(case.contains(line), "{line}\n{case}");
    }

    // The draft agenda: each case under its own kind's item.
    let agenda = ok(&rt(&db, None, &["agenda"]));
    let at = |s: &str| agenda.find(s).unwrap_or_else(|| panic!("{s}\n{agenda}"));
    let items = [
        at("3. Individual children"),
        at("4. Groups of young people"),
        at("5. Perpetrators: disrupt"),
        at("6. Locations: assess"),
        at("7. Intelligence for MACE"),
    ];
    for (n, name) in [
        "Tavish Okonkwo-Reed",
        "Marlowe Court boys",
        "Dorian Vell",
        "Stairwell B, Arden Walk",
    ]
    .iter()
    .enumerate()
    {
        let p = at(name);
        assert!(
            items[n] < p && p < items[n + 1],
            "{name} under item {}\n{agenda}",
            n + 3
        );
    }
    // The restricted concerns are not on the members' agenda.
    assert!(!agenda.contains("Larkspur"), "{agenda}");
}

#[test]
fn mave_a_group_is_known_by_name_and_area_and_a_location_by_postcode_and_description() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());
    ok(&add(
        &db,
        "g1",
        &group("Marlowe Court boys", "Kennington"),
        &[],
    ));
    // The same group written otherwise: the one already waiting.
    let o = add(
        &db,
        "g2",
        &group("marlowe court  BOYS", " kennington "),
        &[],
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("Marlowe Court boys already has referral #1 waiting"),
        "{}",
        stderr(&o)
    );
    // Another area: close only; the coordinator says it is another group.
    let o = add(&db, "g3", &group("Marlowe Court boys", "Stockwell"), &[]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("#1 Group: Marlowe Court boys, Kennington"),
        "{}",
        stderr(&o)
    );
    let said = ok(&add(
        &db,
        "g3",
        &group("Marlowe Court boys", "Stockwell"),
        &["--new-subject"],
    ));
    assert!(said.contains("referral #2 saved"), "{said}");

    ok(&add(
        &db,
        "l1",
        &location("SE11 4QT", "Stairwell behind the chicken shop"),
        &[],
    ));
    let o = add(
        &db,
        "l2",
        &location("se114qt", "stairwell, behind the chicken-shop"),
        &[],
    );
    assert!(
        stderr(&o).contains("already has referral #3 waiting"),
        "{}",
        stderr(&o)
    );
    let o = add(
        &db,
        "l3",
        &location("SE11 4QT", "Garages behind Arden Walk"),
        &[],
    );
    assert!(
        stderr(&o).contains("#3 Location: Stairwell B, Arden Walk, SE11"),
        "{}",
        stderr(&o)
    );
    assert_eq!(referrals(&db), 3);
}

#[test]
fn mave_group_of_one_unapproved_group_and_form_3_with_both_parts_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = init(dir.path());
    // OPEN (13), decided in mave.toml: a group has at least two members ("a group or
    // cohort of young people", 001 "Why would someone be referred ...?").
    let one = group("Arden Walk lot", "Kennington").replace(
        "    [\"Tobi Lark\", \"2010-09-12\", \"Male\", \"\", \"Cousin of Ezra\", \"\", \"YJS\"],\n",
        "",
    );
    let o = add(&db, "one", &one, &[]);
    assert!(
        stderr(&o).contains("  members: at least 2 rows (1 given)"),
        "{}",
        stderr(&o)
    );
    // OPEN (6): the group form's "Agency approval" block is needed.
    let unapproved =
        group("Arden Walk lot", "Kennington").replace(r#"approved = "yes""#, r#"approved = "no""#);
    let o = add(&db, "unapproved", &unapproved, &[]);
    assert!(
        stderr(&o).contains("  approved: not listed until approved: the referrer's Service Manager approves the group referral (Yes) (MAVE Panel Group Referral)"),
        "{}",
        stderr(&o)
    );
    // MV4, form 3's "OR": a person or a location, not both, not neither.
    let both = format!(
        "{}location_address = \"Arden Walk\"\nlocation_postcode = \"SE11 4QT\"\n",
        PERSON_OF_CONCERN
    );
    let o = add(&db, "both", &both, &[]);
    assert!(
        stderr(&o).contains("  poc_name: one referral is about one perpetrator or location, not both: fill in one part only"),
        "{}",
        stderr(&o)
    );
    let neither = PERSON_OF_CONCERN
        .replace("poc_name = \"Dorian Vell\"\n", "")
        .replace("poc_date_of_birth = 1994-02-03\n", "");
    let o = add(&db, "neither", &neither, &[]);
    let e = stderr(&o);
    assert!(
        e.contains("  poc_name: fill in the part of the form for one of: perpetrator or location"),
        "{e}"
    );
    assert!(!e.contains("required"), "one problem, not each part's: {e}");
    // A location without its postcode (what identifies it, DERIVED).
    let no_postcode = location("", "Stairwell");
    let o = add(&db, "nopc", &no_postcode, &[]);
    assert!(
        stderr(&o).contains("  location_postcode: required"),
        "{}",
        stderr(&o)
    );
    assert_eq!(referrals(&db), 0, "nothing saved");
}
