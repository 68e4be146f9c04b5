//! Issue 21 (gap rows B9, B10): a meeting for chosen cases. MAPPA's level 2 meeting
//! for one case is convened by the referring agency ("will issue invitations, set date
//! and book suitable accommodation", 003 App 2B 2 step 6) and the level 3 one by the
//! "Administrator and co-ordinator" (step 7), beside "A level 2 meeting will be held
//! on a monthly basis" (003 App 2C "Process"). Such a meeting hears only the cases it
//! is convened for; MAGPan's single-case meeting the same. Every person invented.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::new_panel::{referral_id, Panel};
use roundtable::domain::agenda::AgendaKind;
use roundtable::domain::meeting_ref::MeetingRef;
use roundtable::store::{MeetingId, Store};

const MEMBERS: &str = r#"
[[member]]
name = "Hesper Quigley-Nowak"
post = "MAPPA Chair"
agency = "PROB"
role = "chair"

[[member]]
name = "Anselm Freyberg"
post = "MAPPA Co-ordinator"
agency = "PROB"
role = "mappa_coordinator"
"#;

fn mappa() -> Panel {
    let p = Panel::empty();
    let members = p.write("members.toml", MEMBERS);
    p.ok(&[
        "init",
        "--no-encrypt",
        "--panel",
        "mappa",
        "--members",
        members.to_str().unwrap(),
    ]);
    p
}

/// A MAPPA referral at `level` received on 20 Nov: in time for the monthly level 2
/// meeting of 16 Dec 2026.
fn refer(p: &Panel, tag: &str, name: &str, level: u8) -> i64 {
    let out = p.refer(
        tag,
        &format!(
            r#"{{"referring_agency": "PROB", "name": "{name}", "date_of_birth": "1979-02-11",
                "harm_when_and_to_whom": "On release; threats to a neighbour.",
                "date_received": "2026-11-20", "mappa_category": "2", "mappa_level": "{level}", "referring_officer": "Offender manager", "lead_manager": "Senior probation officer", "likelihood_of_reoffending": "High", "risk_of_serious_harm": "Very high", "imminence": "Within days of release", "who_to_invite": "Police and housing", "risk_assessment": "OASys, 2026-11-02", "outline_plan": "Approved premises and licence conditions", "emergency": "no"}}"#
        ),
        &[],
    );
    referral_id(&out)
}

fn meeting(store: &Store, day: &str) -> MeetingId {
    let panel = store.only_panel().unwrap();
    store
        .find_meeting(
            panel,
            MeetingRef::from(day.parse::<chrono::NaiveDate>().unwrap()),
        )
        .unwrap()
        .id
}

fn listed_for(p: &Panel, referral: i64) -> String {
    p.q(&format!(
        "SELECT ifnull(m.date, 'none') FROM referral r LEFT JOIN meeting m ON m.id = r.meeting_id WHERE r.id = {referral}"
    ))
}

/// The cases on meeting `m`'s agenda once prepared, by id.
fn heard(store: &Store, m: MeetingId) -> Vec<i64> {
    store.prepare_agenda(m).unwrap();
    store
        .load_meeting(m)
        .unwrap()
        .cases
        .iter()
        .map(|c| c.referral.id.0)
        .collect()
}

#[test]
fn app_2b_2_step_7_a_level_3_meeting_for_one_case_hears_only_it() {
    let p = mappa();
    let chosen = refer(&p, "a", "Evander Szabo-Whitlock", 3);
    let other = refer(&p, "b", "Cressida Vanterpool", 3);
    assert_eq!(listed_for(&p, chosen), "2026-12-16");
    let out = p.ok(&[
        "meetings",
        "add",
        "2026-12-02",
        "--type",
        "level3_case",
        "--case",
        &chosen.to_string(),
    ]);
    assert!(
        out.contains(&format!("A meeting for case {chosen} (E.S.W.)")),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "case {chosen} (E.S.W.) moves here from the meeting on 2026-12-16; that meeting no longer lists it"
        )),
        "{out}"
    );
    assert!(!out.contains("Evander"), "no name: {out}");
    // The chosen referral is listed for the per-case meeting; the other level 3
    // referral in time stays at the monthly meeting (003 App 2C "Process").
    assert_eq!(listed_for(&p, chosen), "2026-12-02");
    assert_eq!(listed_for(&p, other), "2026-12-16");
    let store = p.store();
    let per_case = meeting(&store, "2026-12-02");
    assert_eq!(heard(&store, per_case), vec![chosen]);
    let monthly = meeting(&store, "2026-12-16");
    assert_eq!(
        heard(&store, monthly),
        vec![other],
        "the monthly meeting unchanged"
    );
    let data = store.load_meeting(per_case).unwrap();
    assert_eq!(data.listed_new, 1);
    assert_eq!(data.chosen.len(), 1);
    assert_eq!(data.chosen[0].initials, "E.S.W.");
    let logged: i64 = p.q(&format!(
        "SELECT COUNT(*) FROM change_log WHERE tbl = 'meeting_case'
           AND new_value = 'case {chosen} chosen for the meeting on 2026-12-02'"
    ));
    assert_eq!(logged, 1, "the choice is change-logged");

    // `meetings list` names the case by id and initials, never by name.
    let list = p.ok(&["meetings", "list"]);
    assert!(
        list.contains(&format!("2026-12-02: A meeting for case {chosen} (E.S.W.)")),
        "{list}"
    );
    assert!(
        !list.contains("Evander") && !list.contains("Szabo"),
        "{list}"
    );
    let json = common::payload(&p.ok(&["meetings", "list", "--json"]));
    let row = json
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["date"] == "2026-12-02")
        .unwrap();
    assert_eq!(row["cases"][0]["case"], chosen);
    assert_eq!(row["cases"][0]["initials"], "E.S.W.");
    let monthly_row = json
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["date"] == "2026-12-16")
        .unwrap();
    assert!(monthly_row.get("cases").is_none(), "{monthly_row}");

    // A new referral taken in now is never listed for the per-case meeting.
    let later = refer(&p, "c", "Ottoline Brackwater", 2);
    assert_eq!(listed_for(&p, later), "2026-12-16");
}

#[test]
fn app_2b_2_step_6_an_open_case_is_brought_to_its_meeting_as_a_review() {
    let p = mappa();
    let open = refer(&p, "a", "Thaddeus Orrin-Blake", 2);
    let due = refer(&p, "b", "Marisol Quennell", 2);
    // Both opened at earlier meetings: one reviewed in March, one due now.
    p.store()
        .conn()
        .execute_batch(&format!(
            "UPDATE referral SET status = 'open', meeting_id = NULL, next_review_on = '2027-03-03' WHERE id = {open};
             UPDATE referral SET status = 'open', meeting_id = NULL, next_review_on = '2026-12-01' WHERE id = {due};"
        ))
        .unwrap();
    let out = p.ok(&[
        "meetings",
        "add",
        "2026-12-02",
        "--type",
        "level2_case",
        "--case",
        &open.to_string(),
    ]);
    assert!(
        out.contains(&format!("A meeting for case {open} (T.O.B.)")),
        "{out}"
    );
    let store = p.store();
    let per_case = meeting(&store, "2026-12-02");
    // Heard there as a review whatever its review date; the review due is not.
    assert_eq!(heard(&store, per_case), vec![open]);
    let data = store.load_meeting(per_case).unwrap();
    assert!(!data.cases[0].kind.is_new_referrals(), "a review");
    assert_eq!(data.listed_reviews, 1);
    let review_on: String = p.q(&format!(
        "SELECT next_review_on FROM referral WHERE id = {open}"
    ));
    assert_eq!(review_on, "2027-03-03", "its review date unchanged");
    // The monthly meeting hears the review due, not the chosen case.
    let monthly = meeting(&store, "2026-12-16");
    assert_eq!(heard(&store, monthly), vec![due]);
    assert!(store
        .load_meeting(monthly)
        .unwrap()
        .cases
        .iter()
        .all(|c| c.kind != AgendaKind::Updates));
}

#[test]
fn a_meeting_for_chosen_cases_without_a_case_or_with_a_case_not_its_own_is_refused() {
    let p = mappa();
    let own = refer(&p, "a", "Leopold Vantongeren", 3);
    let before = p.dump();
    // No --case: one line, nothing added.
    let said = p.fails(&["meetings", "add", "2026-12-02", "--type", "level3_case"]);
    assert_eq!(said.trim().lines().count(), 1, "one line: {said}");
    assert!(
        said.contains(
            "a Level 3 meeting for one case is for chosen cases: name at least one with --case ID"
        ),
        "{said}"
    );
    // An unknown case.
    let said = p.fails(&[
        "meetings",
        "add",
        "2026-12-02",
        "--type",
        "level3_case",
        "--case",
        "9999",
    ]);
    assert!(said.contains("no case 9999"), "{said}");
    assert_eq!(p.dump(), before, "nothing added");

    // A case of another panel in the same database.
    let store = p.store();
    let text = roundtable::domain::panel_def::shipped_panel("marac").unwrap();
    let def = roundtable::domain::panel_def::PanelDef::parse(text, &|_| None).unwrap();
    let marac = store.create_panel(&def).unwrap();
    let theirs = refer(&p, "b", "Philippa Sandringham", 2);
    store
        .conn()
        .execute(
            "UPDATE subject SET panel_id = ?1 WHERE id = (SELECT subject_id FROM referral WHERE id = ?2)",
            rusqlite::params![marac.0, theirs],
        )
        .unwrap();
    let before = p.dump();
    let said = p.fails(&[
        "meetings",
        "add",
        "2026-12-02",
        "--type",
        "level3_case",
        "--case",
        &own.to_string(),
        "--case",
        &theirs.to_string(),
    ]);
    assert!(
        said.contains(&format!("case {theirs} is not a case of this panel")),
        "{said}"
    );
    assert_eq!(p.dump(), before, "nothing added, not even the first case");

    // --case on a meeting that hears every case due: refused.
    let said = p.fails(&[
        "meetings",
        "add",
        "2026-12-02",
        "--type",
        "level2_monthly",
        "--case",
        &own.to_string(),
    ]);
    assert!(
        said.contains("a Level 2 monthly meeting hears every case due"),
        "{said}"
    );
    let said = p.fails(&[
        "meetings",
        "cases",
        "add",
        "--meeting",
        "2026-12-16",
        "--case",
        &own.to_string(),
    ]);
    assert!(
        said.contains("the meeting on 2026-12-16 is not a meeting for chosen cases"),
        "{said}"
    );
}

#[test]
fn cases_added_and_removed_while_planned_move_between_the_meetings() {
    let p = mappa();
    let first = refer(&p, "a", "Wilhelmina Ostrander", 3);
    let second = refer(&p, "b", "Ambrose Tillinghast", 3);
    p.ok(&[
        "meetings",
        "add",
        "2026-12-02",
        "--type",
        "level3_case",
        "--case",
        &first.to_string(),
    ]);
    let out = p.ok(&[
        "meetings",
        "cases",
        "add",
        "--meeting",
        "2026-12-02",
        "--case",
        &second.to_string(),
    ]);
    assert!(
        out.contains(&format!("now for cases {first} (W.O.) and {second} (A.T.)")),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "case {second} (A.T.) moves here from the meeting on 2026-12-16"
        )),
        "{out}"
    );
    assert_eq!(listed_for(&p, second), "2026-12-02");
    // Choosing it twice is refused.
    let said = p.fails(&[
        "meetings",
        "cases",
        "add",
        "--meeting",
        "2026-12-02",
        "--case",
        &second.to_string(),
    ]);
    assert!(
        said.contains("already a case of the meeting on 2026-12-02"),
        "{said}"
    );
    // Prepared, then the first taken off: it goes back to the monthly meeting.
    let store = p.store();
    let per_case = meeting(&store, "2026-12-02");
    assert_eq!(heard(&store, per_case), vec![first, second]);
    let out = p.ok(&[
        "meetings",
        "cases",
        "remove",
        "--meeting",
        "2026-12-02",
        "--case",
        &first.to_string(),
    ]);
    assert!(
        out.contains(&format!(
            "case {first} (W.O.) goes back to the meeting on 2026-12-16"
        )),
        "{out}"
    );
    assert_eq!(listed_for(&p, first), "2026-12-16");
    assert_eq!(heard(&store, per_case), vec![second]);
    // The last case stays.
    let said = p.fails(&[
        "meetings",
        "cases",
        "remove",
        "--meeting",
        "2026-12-02",
        "--case",
        &second.to_string(),
    ]);
    assert!(said.contains("keeps at least one"), "{said}");
}

const MAGPAN_IN_TIME: &str = r#"{"referring_agency": "EDU", "name": "Rowan Achterberg", "dob": "2010-04-02",
    "concerns": "Seen with older youths.", "date_received": "2026-11-16"}"#;
const MAGPAN_OTHER: &str = r#"{"referring_agency": "CSC", "name": "Lulu Ferreira", "dob": "2011-08-14",
    "concerns": "Missing episodes.", "date_received": "2026-11-16"}"#;

#[test]
fn magpans_single_case_meeting_hears_only_its_case() {
    let p = Panel::new();
    let chosen = referral_id(&p.refer("a", MAGPAN_IN_TIME, &[]));
    let other = referral_id(&p.refer("b", MAGPAN_OTHER, &[]));
    assert_eq!(listed_for(&p, chosen), "2026-12-09");
    let said = p.fails(&["meetings", "add", "2026-12-03", "--kind", "single-case"]);
    assert!(
        said.contains(
            "a single case meeting is for chosen cases: name at least one with --case ID"
        ),
        "{said}"
    );
    let out = p.ok(&[
        "meetings",
        "add",
        "2026-12-03",
        "--kind",
        "single-case",
        "--case",
        &chosen.to_string(),
    ]);
    assert!(
        out.starts_with("added a single case meeting on 2026-12-03"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "case {chosen} (R.A.) moves here from the meeting on 2026-12-09"
        )),
        "{out}"
    );
    assert!(!out.contains("Rowan"), "{out}");
    assert_eq!(listed_for(&p, chosen), "2026-12-03");
    assert_eq!(listed_for(&p, other), "2026-12-09");
    let store = p.store();
    let single = meeting(&store, "2026-12-03");
    let ordinary = meeting(&store, "2026-12-09");
    // MAGPan screens before the agenda: both screened, then each heard at its own.
    for id in [chosen, other] {
        p.ok(&[
            "referral",
            "screen",
            &id.to_string(),
            "--intelligence",
            "--by",
            "Ines Calloway",
        ]);
    }
    assert_eq!(
        listed_for(&p, chosen),
        "2026-12-03",
        "screening keeps it there"
    );
    assert_eq!(heard(&store, single), vec![chosen]);
    assert_eq!(heard(&store, ordinary), vec![other]);
}

/// The app: the meeting screen's first page of a per-case meeting says which case it
/// is for, and the schedule (F8) names it beside the meeting, by id and initials only.
#[test]
fn the_meeting_screen_and_the_schedule_name_the_chosen_case_by_initials() {
    use ratatui::crossterm::event::KeyCode;
    let p = mappa();
    let chosen = refer(&p, "a", "Evander Szabo-Whitlock", 3);
    p.ok(&[
        "meetings",
        "add",
        "2026-12-02",
        "--type",
        "level3_case",
        "--case",
        &chosen.to_string(),
    ]);
    let mut run = common::app_run::Run::open(&p);
    let first = run.screen_at(120, 30);
    assert!(
        first.contains(&format!("A meeting for case {chosen} (E.S.W.)")),
        "{first}"
    );
    assert!(!first.contains("Evander"), "{first}");
    run.key(KeyCode::F(8));
    let schedule = run.screen_at(140, 30);
    let line = schedule
        .lines()
        .find(|l| l.contains("2026-12-02"))
        .unwrap_or_default();
    assert!(
        line.contains(&format!("for case {chosen} (E.S.W.)")),
        "{schedule}"
    );
    assert!(!schedule.contains("Evander"), "{schedule}");
    let monthly = schedule
        .lines()
        .find(|l| l.contains("2026-12-16"))
        .unwrap_or_default();
    assert!(!monthly.contains("for case"), "{monthly}");
}

/// A chosen new referral the per-case meeting did not finish goes on to the next
/// meeting that hears every case due, not to another meeting for chosen cases.
#[test]
fn an_unfinished_chosen_case_goes_on_to_the_next_ordinary_meeting() {
    let p = mappa();
    let first = refer(&p, "a", "Wilhelmina Ostrander", 3);
    let second = refer(&p, "b", "Ambrose Tillinghast", 3);
    for (day, case) in [("2026-12-02", first), ("2026-12-09", second)] {
        p.ok(&[
            "meetings",
            "add",
            day,
            "--type",
            "level3_case",
            "--case",
            &case.to_string(),
        ]);
    }
    let store = p.store();
    let per_case = meeting(&store, "2026-12-02");
    store.start_meeting(per_case).unwrap();
    store.formally_close(per_case).unwrap();
    store
        .end_meeting(per_case, "2026-12-16".parse().unwrap())
        .unwrap();
    assert_eq!(listed_for(&p, first), "2026-12-16");
    assert_eq!(listed_for(&p, second), "2026-12-09");
}
