//! Issue 21: meeting types inside one panel (gap row B10), the chair of each meeting
//! (C2), seniority (C7) and a MAPPA level changed at a decision, on MAPPA's own file
//! (`data/panels/mappa.toml`, 003 Appendix 2 A, B and C). Every person invented.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::new_panel::MAPPA_FORM_FIELDS;

use common::new_panel::{referral_id, Panel};
use roundtable::domain::meeting_ref::MeetingRef;
use roundtable::domain::types::AttendanceStatus;
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

[[member]]
name = "Tamsin Okonkwo-Reyes"
post = "Police MAPPA Manager"
agency = "POL"

[[member]]
name = "Ludovic Pembridge"
post = "Housing Manager"
agency = "HOU"
"#;

/// `init --panel FILE` (a shipped name or a path) with the members above.
fn init(p: &Panel, panel: &str) {
    let members = p.write("members.toml", MEMBERS);
    p.ok(&[
        "init",
        "--no-encrypt",
        "--panel",
        panel,
        "--members",
        members.to_str().unwrap(),
    ]);
}

fn mappa() -> Panel {
    let p = Panel::empty();
    init(&p, "mappa");
    p
}

/// The shipped MAPPA file with `extra` put after its last meeting type.
fn mappa_with(extra: &str) -> String {
    let text = roundtable::domain::panel_def::shipped_panel("mappa").unwrap();
    let anchor = "emergency = true\n";
    assert!(text.contains(anchor));
    text.replacen(anchor, &format!("{anchor}\n{extra}\n"), 1)
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

fn refer(p: &Panel, tag: &str, name: &str, level: u8) -> i64 {
    let out = p.refer(
        tag,
        &format!(
            r#"{{"referring_agency": "PROB", "name": "{name}", "date_of_birth": "1981-04-17",
                "harm_when_and_to_whom": "Released on licence; threats to a former partner.",
                "date_received": "2026-11-20", "mappa_category": "2", "mappa_level": "{level}", {MAPPA_FORM_FIELDS}}}"#
        ),
        &[],
    );
    referral_id(&out)
}

/// `meetings add DAY --type CODE` for a meeting for one case (003 App 2B 2 steps
/// 6-7): such a meeting names its case (`--case`), here a new referral taken in for
/// it at the level of the type. Returns the command's output.
fn add_for_one_case(p: &Panel, day: &str, code: &str) -> String {
    let level = if code == "level3_case" { 3 } else { 2 };
    let case = refer(p, &format!("for-{day}"), "Ignatius Vellacott-Rowe", level);
    p.ok(&[
        "meetings",
        "add",
        day,
        "--type",
        code,
        "--case",
        &case.to_string(),
    ])
}

/// A started meeting with every member present.
fn started_with_everyone(store: &Store, m: MeetingId) {
    store.start_meeting(m).unwrap();
    let data = store.load_meeting(m).unwrap();
    for member in &data.members {
        store
            .mark_member(m, member, AttendanceStatus::Present)
            .unwrap();
    }
}

fn general_text(store: &Store, day: &str) -> String {
    let day: chrono::NaiveDate = day.parse().unwrap();
    let m = roundtable::lookup::minutes::load(store.conn(), day).unwrap();
    format!("{:?}", roundtable::lookup::minutes::general_page(&m).blocks)
}

#[test]
fn app_2b_2_mappa_types_are_read_and_a_bad_type_is_refused_naming_its_key() {
    let p = mappa();
    let info = p.store().panel_info(None).unwrap();
    let codes: Vec<&str> = info
        .paperwork
        .meeting_types
        .iter()
        .map(|t| t.code.as_str())
        .collect();
    assert_eq!(
        codes,
        ["level2_monthly", "level2_case", "level3_case", "emergency"]
    );
    let l3 = &info.paperwork.meeting_types[2];
    assert!(l3.senior, "level 3: senior managers (003 1 MAPPA)");
    assert!(l3.chair.contains("co-ordinator") || l3.chair.contains("Co-ordinator"));

    // Items that are not agenda numbers, a code given twice, an empty label.
    let bad = Panel::empty();
    let file = bad.write(
        "bad.toml",
        &mappa_with("[[meeting_type]]\ncode = \"level3_case\"\nlabel = \"\"\nitems = [1, 2, 9]\n"),
    );
    let members = bad.write("members.toml", MEMBERS);
    let said = bad.fails(&[
        "init",
        "--no-encrypt",
        "--panel",
        file.to_str().unwrap(),
        "--members",
        members.to_str().unwrap(),
    ]);
    for want in [
        "meeting_type[5].code: level3_case appears twice",
        "meeting_type[5].label: empty",
        "meeting_type[5].items: 9 is not an agenda item (one of 1, 2, 3, 4)",
    ] {
        assert!(said.contains(want), "{want} in {said}");
    }
    assert!(!bad.db.exists(), "nothing created");
}

#[test]
fn app_2b_2_meetings_add_type_and_an_unknown_type_refused_in_one_line() {
    let p = mappa();
    let out = add_for_one_case(&p, "2026-12-02", "level3_case");
    assert!(
        out.contains(
            "added a meeting (Level 3 meeting for one case) on 2026-12-02 at Police station"
        ),
        "{out}"
    );
    let list = p.ok(&["meetings", "list"]);
    let line = list.lines().find(|l| l.contains("2026-12-02")).unwrap();
    assert!(
        line.contains("planned (Level 3 meeting for one case)"),
        "{list}"
    );
    // The pattern's meetings are of the first type.
    let line = list.lines().find(|l| l.contains("2026-12-16")).unwrap();
    assert!(line.contains("planned (Level 2 monthly meeting)"), "{list}");
    let json: serde_json::Value =
        serde_json::from_str(&p.ok(&["meetings", "list", "--json"])).unwrap();
    assert_eq!(
        json["meetings"][0]["meeting_type"],
        "Level 3 meeting for one case"
    );

    // An emergency type is stored with the built-in emergency kind.
    p.ok(&[
        "meetings",
        "add",
        "2026-12-04",
        "--type",
        "emergency",
        "--time",
        "14:00",
    ]);
    let kind: String = p.q("SELECT kind FROM meeting WHERE date = '2026-12-04'");
    assert_eq!(kind, "emergency");

    let said = p.fails(&["meetings", "add", "2026-12-03", "--type", "level4_case"]);
    assert_eq!(said.trim().lines().count(), 1, "one line: {said}");
    assert!(
        said.contains(
            "no meeting type level4_case (this panel has level2_monthly, level2_case, level3_case, emergency)"
        ),
        "{said}"
    );
    let n: i64 = p.q("SELECT COUNT(*) FROM meeting WHERE date = '2026-12-03'");
    assert_eq!(n, 0, "nothing added");

    // MAGPan defines no types: refused, the built-in kinds named.
    let magpan = Panel::new();
    let said = magpan.fails(&["meetings", "add", "2026-12-03", "--type", "level3_case"]);
    assert!(said.contains("defines no meeting types"), "{said}");
}

#[test]
fn a_meeting_holds_only_its_types_items_and_new_referrals_go_where_they_are_heard() {
    // Two types of our own: one for new cases only (items 1-3), one for reviews only
    // (items 1, 2 and 4).
    // Items 3 and 4 split by new and review here (the shipped file splits them by
    // level), so that a type of new cases and one of reviews can be told apart.
    let p = Panel::empty();
    let file = p.write(
        "mappa_split.toml",
        &mappa_with(
            "[[meeting_type]]\ncode = \"new_cases\"\nlabel = \"New cases meeting\"\nitems = [1, 2, 3]\n\n\
             [[meeting_type]]\ncode = \"reviews_only\"\nlabel = \"Reviews meeting\"\nitems = [1, 2, 4]\n",
        )
        .replacen("levels = [3]", "cases = \"new\"", 1)
        .replacen("levels = [2]", "cases = \"review\"", 1),
    );
    init(&p, file.to_str().unwrap());
    // A reviews-only meeting takes no new referral: the referral stays listed for the
    // monthly meeting although it is in time for the earlier one.
    p.ok(&["meetings", "add", "2026-12-09", "--type", "reviews_only"]);
    let new_case = refer(&p, "n1", "Barnaby Okafor-Lindgren", 2);
    let listed: String = p.q(&format!(
        "SELECT m.date FROM referral r JOIN meeting m ON m.id = r.meeting_id WHERE r.id = {new_case}"
    ));
    assert_eq!(listed, "2026-12-16");

    // A new-cases meeting earlier still takes it; a review due then is not heard there
    // but at the next meeting that holds reviews.
    p.ok(&["meetings", "add", "2026-12-07", "--type", "new_cases"]);
    let listed: String = p.q(&format!(
        "SELECT m.date FROM referral r JOIN meeting m ON m.id = r.meeting_id WHERE r.id = {new_case}"
    ));
    assert_eq!(listed, "2026-12-07");
    let review = refer(&p, "r1", "Cressida Vanterpool", 3);
    let store = p.store();
    store
        .conn()
        .execute(
            "UPDATE referral SET status = 'open', meeting_id = NULL, next_review_on = '2026-12-01' WHERE id = ?1",
            [review],
        )
        .unwrap();
    let first = meeting(&store, "2026-12-07");
    store.prepare_agenda(first).unwrap();
    let heard: Vec<i64> = store
        .load_meeting(first)
        .unwrap()
        .cases
        .iter()
        .map(|c| c.referral.id.0)
        .collect();
    assert_eq!(heard, vec![new_case], "no review at a new-cases meeting");
    let logged: i64 = p.q(
        "SELECT COUNT(*) FROM change_log WHERE tbl = 'case_discussion'
           AND new_value LIKE 'case % taken off agenda item 4: not an item of a New cases meeting'",
    );
    assert_eq!(logged, 1, "the case taken off again is logged");
    let reviews = meeting(&store, "2026-12-09");
    store.prepare_agenda(reviews).unwrap();
    let heard: Vec<i64> = store
        .load_meeting(reviews)
        .unwrap()
        .cases
        .iter()
        .map(|c| c.referral.id.0)
        .collect();
    assert_eq!(heard, vec![review], "the review at the reviews meeting");
}

#[test]
fn mp4_a_level_3_meeting_warns_of_an_agency_without_a_senior_attendee_and_minutes_it() {
    let p = mappa();
    add_for_one_case(&p, "2026-12-02", "level3_case");
    let store = p.store();
    let m = meeting(&store, "2026-12-02");
    started_with_everyone(&store, m);
    let data = store.load_meeting(m).unwrap();
    let by_name = |n: &str| data.attendance.iter().find(|a| a.name == n).unwrap().id;
    // Probation's chair and the police manager are senior; housing's manager is not.
    store
        .mark_senior(by_name("Hesper Quigley-Nowak"), true)
        .unwrap();
    store
        .mark_senior(by_name("Tamsin Okonkwo-Reyes"), true)
        .unwrap();
    let warning = store.seniority_warning(m).unwrap().unwrap();
    assert_eq!(
        warning,
        "No attendee marked senior from: Local Authority Housing (003 1, MAPPA Level 3)"
    );
    assert!(
        store
            .load_meeting(m)
            .unwrap()
            .attendance
            .iter()
            .filter(|a| a.senior)
            .count()
            == 2,
        "the marks are on the attendance"
    );
    let minutes = general_text(&store, "2026-12-02");
    assert!(
        minutes.contains(
            "No attendee marked senior from: Local Authority Housing (003 1, MAPPA Level 3)."
        ),
        "{minutes}"
    );
    assert!(
        minutes.contains("Police MAPPA Manager (senior)"),
        "{minutes}"
    );

    // Housing's manager marked senior: no warning, and the minutes say so.
    store
        .mark_senior(by_name("Ludovic Pembridge"), true)
        .unwrap();
    assert_eq!(store.seniority_warning(m).unwrap(), None);
    let minutes = general_text(&store, "2026-12-02");
    assert!(
        minutes.contains("Every agency present had an attendee marked senior"),
        "{minutes}"
    );

    // The monthly level 2 meeting asks for no seniority.
    let monthly = meeting(&store, "2026-12-16");
    assert_eq!(store.seniority_gaps(monthly).unwrap(), None);
}

#[test]
fn app_2b_2_step_3_the_chair_of_a_level_2_meeting_is_recorded_and_in_the_minutes() {
    let p = mappa();
    add_for_one_case(&p, "2026-12-02", "level2_case");
    let store = p.store();
    let m = meeting(&store, "2026-12-02");
    started_with_everyone(&store, m);
    let data = store.load_meeting(m).unwrap();
    // Chaired from within the referring agency (here the police) rather than by the
    // standing MAPPA chair.
    let police = data
        .attendance
        .iter()
        .find(|a| a.name == "Tamsin Okonkwo-Reyes")
        .unwrap()
        .id;
    store.set_chair(m, police).unwrap();
    assert_eq!(store.load_meeting(m).unwrap().chaired_by, Some(police));
    let chair = store.chair_of(m).unwrap().unwrap();
    assert_eq!(
        chair.words(),
        "Tamsin Okonkwo-Reyes, Police MAPPA Manager (Police)"
    );
    let minutes = general_text(&store, "2026-12-02");
    assert!(
        minutes.contains("(\"Meeting\", \"Level 2 meeting for one case\")"),
        "{minutes}"
    );
    assert!(
        minutes
            .contains("(\"Chaired by\", \"Tamsin Okonkwo-Reyes, Police MAPPA Manager (Police)\")"),
        "{minutes}"
    );
    assert!(
        minutes
            .contains("(\"Chair rule\", \"From within the referring agency (App 2B 2 step 3)\")"),
        "{minutes}"
    );
    assert!(
        !minutes.contains("(\"Chair\", \"Hesper"),
        "the standing chair is not named as chair: {minutes}"
    );
    let logged: i64 =
        p.q("SELECT COUNT(*) FROM change_log WHERE tbl = 'meeting' AND col = 'chaired_by_attendance_id'");
    assert_eq!(logged, 1);

    // Someone not present cannot chair.
    let apology = data
        .attendance
        .iter()
        .find(|a| a.name == "Ludovic Pembridge")
        .unwrap();
    let member = data
        .members
        .iter()
        .find(|x| Some(x.id) == apology.member)
        .unwrap()
        .clone();
    store
        .mark_member(m, &member, AttendanceStatus::Apology)
        .unwrap();
    let refused = store.set_chair(m, apology.id).unwrap_err().to_string();
    assert!(refused.contains("someone present"), "{refused}");
}

#[test]
fn app_2c_a_level_changed_at_a_decision_is_recorded_logged_and_minuted() {
    let p = mappa();
    let id = refer(&p, "l2", "Evander Szabo-Whitlock", 2);
    let store = p.store();
    let m = meeting(&store, "2026-12-16");
    started_with_everyone(&store, m);
    let d = store
        .load_meeting(m)
        .unwrap()
        .cases
        .into_iter()
        .find(|c| c.referral.id.0 == id)
        .unwrap()
        .discussion;
    let refused = store.change_level(d, 3, "  ", "Hesper Quigley-Nowak");
    assert!(refused.unwrap_err().to_string().contains("give the reason"));
    let refused = store.change_level(d, 2, "No change", "Hesper Quigley-Nowak");
    assert!(refused
        .unwrap_err()
        .to_string()
        .contains("already at level 2"));
    store
        .change_level(
            d,
            3,
            "Management now needs senior oversight and exceptional resources.",
            "Hesper Quigley-Nowak",
        )
        .unwrap();
    let level: i64 = p.q(&format!("SELECT mappa_level FROM referral WHERE id = {id}"));
    assert_eq!(level, 3);
    let logged: i64 = p.q(&format!(
        "SELECT COUNT(*) FROM change_log WHERE tbl = 'referral' AND row_id = {id} AND col = 'mappa_level'
           AND old_value = '2' AND new_value = '3'"
    ));
    assert_eq!(logged, 1);
    let day: chrono::NaiveDate = "2026-12-16".parse().unwrap();
    let minutes = roundtable::lookup::minutes::load(store.conn(), day).unwrap();
    let c = minutes.cases.iter().find(|c| c.case_id == id).unwrap();
    let page = format!(
        "{:?}",
        roundtable::lookup::minutes::case_page(&minutes, c).blocks
    );
    assert!(
        page.contains("MAPPA level changed (App 2C, The role of the Local Authority and DTCs)"),
        "{page}"
    );
    assert!(
        page.contains("MAPPA level changed from 2 to 3 (decided by Hesper Quigley-Nowak): Management now needs senior oversight and exceptional resources."),
        "{page}"
    );
}

/// The meeting's own screen (003 App 2B 2 step 3; MP4): the header names the type;
/// on the attendance page `s` marks the selected person senior and says which
/// agencies present still have nobody senior, `c` records them as the chair with the
/// type's chair rule; the calendar names the type.
#[test]
fn app_2b_2_the_attendance_page_records_the_chair_and_the_senior_marks() {
    use ratatui::crossterm::event::KeyCode;
    let p = mappa();
    add_for_one_case(&p, "2026-12-02", "level3_case");
    let ics = p.dir.path().join("c.ics");
    let cal: serde_json::Value =
        serde_json::from_str(&p.ok(&["calendar", "--out", ics.to_str().unwrap(), "--json"]))
            .unwrap();
    let summaries: Vec<String> = cal["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "meeting")
        .map(|e| e["summary"].as_str().unwrap().to_string())
        .collect();
    assert!(
        summaries.contains(&"MAPPA: Level 3 meeting for one case".to_string()),
        "{summaries:?}"
    );
    assert!(summaries.contains(&"MAPPA: Level 2 monthly meeting".to_string()));

    let mut run = common::app_run::Run::open(&p);
    assert_eq!(run.app.data.date.to_string(), "2026-12-02");
    let top = run.screen_at(120, 30);
    assert!(
        top.contains("MAPPA · Wed 2 Dec 2026 · Level 3 meeting for one case · planned"),
        "{top}"
    );
    run.key(KeyCode::Enter);
    run.key(KeyCode::Enter);
    let n = run.app.attendance_rows().len();
    for _ in 0..n {
        run.key(KeyCode::Char('p'));
    }
    for _ in 0..n {
        run.key(KeyCode::Up);
    }
    // The first row: the MAPPA chair (probation).
    run.key(KeyCode::Char('s'));
    let said = run.message();
    assert!(
        said.contains("Hesper Quigley-Nowak marked senior. No attendee marked senior from: Police, Local Authority Housing (003 1, MAPPA Level 3)"),
        "{said}"
    );
    run.key(KeyCode::Char('c'));
    let said = run.message();
    assert_eq!(
        said,
        "Chaired by Hesper Quigley-Nowak (chair rule: Generally via the MAPPA Co-ordinator (App 2B 2 step 3))"
    );
    let senior: i64 = run.q("SELECT COUNT(*) FROM attendance WHERE senior = 1");
    assert_eq!(senior, 1);
    let chair: String = run.q(
        "SELECT a.name FROM meeting m JOIN attendance a ON a.id = m.chaired_by_attendance_id
         WHERE m.date = '2026-12-02'",
    );
    assert_eq!(chair, "Hesper Quigley-Nowak");
    // Pressed again: no longer senior.
    run.key(KeyCode::Char('s'));
    assert!(run.message().contains("no longer marked senior"));
    let senior: i64 = run.q("SELECT COUNT(*) FROM attendance WHERE senior = 1");
    assert_eq!(senior, 0);
}
