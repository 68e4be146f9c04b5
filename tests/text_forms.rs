//! Text as people write it (issue 18): a name typed composed (NFC "Zoë") or decomposed
//! (NFD "Zoe" + U+0308), in capitals or without its accent is one person, to intake,
//! `case --find` and `actions --subject`; joiners (ZWNJ in a Persian name, ZWJ in an
//! emoji sequence) are kept through files and commands; a database from before is
//! upgraded to one form, and subjects who turn out near-identical are listed.
//! Names are invented.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::new_panel::Panel;
use roundtable::lookup::actions::{find, ActionQuery, StatusFilter};
use roundtable::store::audit::{verify, Verdict};
use roundtable::store::Store;

const NFC: &str = "Zo\u{eb} Marchbank-Ilori";
const NFD: &str = "Zoe\u{308} Marchbank-Ilori";
const PERSIAN: &str = "Mehr\u{200c}nush Farrokhzadi";
const FAMILY: &str = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";

fn referral_json(name: &str, concerns: &str, received: &str) -> String {
    serde_json::json!({
        "referring_agency": "EDU",
        "name": name,
        "date_of_birth": "2010-04-02",
        "concerns": concerns,
        "date_received": received,
    })
    .to_string()
}

fn subject_names(p: &Panel) -> Vec<String> {
    p.store()
        .conn()
        .prepare("SELECT name FROM subject ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect()
}

#[test]
fn nfc_and_nfd_referrals_are_one_subject() {
    let p = Panel::new();
    // By a JSON file, decomposed: stored composed.
    p.refer(
        "a",
        &referral_json(NFD, "Seen near the canal.", "2026-11-16"),
        &[],
    );
    assert_eq!(subject_names(&p), [NFC]);
    // The same child again, composed, by a TOML file: found as the subject known,
    // whose referral is still waiting (not a second subject).
    let toml = format!(
        "referring_agency = \"EDU\"\nname = \"{NFC}\"\ndate_of_birth = 2010-04-02\nconcerns = \"Again.\"\ndate_received = 2026-11-17\n"
    );
    let f = p.write("b.toml", &toml);
    let err = p.fails(&["referral", "add", "--from", f.to_str().unwrap()]);
    assert!(
        err.contains("already has referral #1 waiting"),
        "matched the known subject: {err}"
    );
    // And in capitals without the accent, by JSON.
    let err = {
        let f = p.write(
            "c.json",
            &referral_json("ZOE MARCHBANK-ILORI", "x", "2026-11-17"),
        );
        p.fails(&["referral", "add", "--from", f.to_str().unwrap()])
    };
    assert!(err.contains("already has referral #1 waiting"), "{err}");
    assert_eq!(subject_names(&p), [NFC], "one subject");
    // A name typed on the command line is composed at the door too.
    p.ok(&[
        "members",
        "add",
        "--name",
        "Noe\u{308}l Quarrington",
        "--post",
        "Youth worker",
        "--agency",
        "YOS",
    ]);
    let members: Vec<String> = p
        .store()
        .conn()
        .prepare("SELECT name FROM member WHERE name LIKE '%Quarrington'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(members, ["No\u{eb}l Quarrington"]);
}

#[test]
fn case_find_in_any_form_case_or_accent_finds_the_one_subject() {
    let p = Panel::new();
    p.refer(
        "a",
        &referral_json(NFC, "Seen near the canal.", "2026-11-16"),
        &[],
    );
    for typed in [
        "Zo\u{eb}",
        "Zoe\u{308}",
        "Zoe",
        "zoe",
        "zo\u{eb}",
        "ZO\u{cb}",
        "ZOE\u{308}",
        "marchbank-ilori",
        "MARCHBANK",
    ] {
        let out = p.ok(&["case", "--find", typed, "--json"]);
        let found = common::payload(&out);
        let found = found.as_array().unwrap();
        assert_eq!(found.len(), 1, "{typed:?}: {out}");
        assert_eq!(found[0]["name"], NFC, "{typed:?}");
    }
    let out = p.ok(&["case", "--find", "Zoey", "--json"]);
    assert!(
        common::payload(&out).as_array().unwrap().is_empty(),
        "{out}"
    );
}

#[test]
fn joiners_are_kept_through_a_file_and_a_command() {
    let p = Panel::new();
    let concerns = format!("Drew his family as {FAMILY} at school.");
    p.refer("a", &referral_json(PERSIAN, &concerns, "2026-11-16"), &[]);
    assert_eq!(subject_names(&p), [PERSIAN], "ZWNJ kept from the file");
    let stored: String = p.q("SELECT concerns FROM referral WHERE id = 1");
    assert_eq!(stored, concerns, "ZWJ sequence kept from the file");
    // Typed on the command line with its ZWNJ, or without it: found, and printed
    // with the joiner as written.
    for typed in ["Mehr\u{200c}nush", "Mehrnush", "mehrnush farrokhzadi"] {
        let out = p.ok(&["case", "--find", typed]);
        assert!(out.contains(PERSIAN), "{typed:?}: {out}");
    }
    let out = p.ok(&["case", "1"]);
    assert!(out.contains(FAMILY), "ZWJ sequence printed whole: {out}");
    // A command's own text keeps them too.
    p.ok(&[
        "members",
        "add",
        "--name",
        PERSIAN,
        "--post",
        "Family worker",
        "--agency",
        "YOS",
    ]);
    let n: i64 = p.q(&format!(
        "SELECT COUNT(*) FROM member WHERE name = '{PERSIAN}'"
    ));
    assert_eq!(n, 1, "ZWNJ kept from the command line");
}

#[test]
fn actions_subject_matches_in_any_form_by_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::demo_store(dir.path());
    // Rename the subject of a case with actions, decomposed, as an old file may hold.
    let id: i64 = store
        .conn()
        .query_row(
            "SELECT r.subject_id FROM action a JOIN referral r ON r.id = a.referral_id
             ORDER BY a.id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    store
        .set_field(
            roundtable::store::write::Table::Subject,
            id,
            "name",
            roundtable::store::write::text(NFD),
        )
        .unwrap();
    let ids = |typed: &str| {
        let q = ActionQuery {
            subject: Some(typed.into()),
            status: StatusFilter::All,
            ..Default::default()
        };
        let (rows, _) = find(store.conn(), &q, common::as_of()).unwrap();
        rows.iter().map(|a| a.id).collect::<Vec<_>>()
    };
    let all = ids(NFD);
    assert!(!all.is_empty());
    for typed in [NFC, "zoe marchbank", "ZOË", "Zo", "zoe\u{308}"] {
        assert_eq!(ids(typed), all, "{typed:?}");
    }
}

/// The schema-2 fixture with three subjects added by hand as an old build could have
/// written them: the same child composed and decomposed (same date of birth), and one
/// other decomposed name.
fn old_database() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = common::old_database(dir.path(), "release-schema2.db");
    let c = rusqlite::Connection::open(&db).unwrap();
    for (id, name, born) in [
        (901, NFC, "2010-04-02"),
        (902, NFD, "2010-04-02"),
        (903, "Anai\u{308}s Verlaine", "2011-06-30"),
    ] {
        c.execute(
            "INSERT INTO subject (id, panel_id, name, date_of_birth, created_at)
             VALUES (?1, 1, ?2, ?3, '2026-10-01 09:00:00')",
            rusqlite::params![id, name, born],
        )
        .unwrap();
    }
    (dir, db)
}

#[test]
fn upgrade_writes_names_in_nfc_and_lists_the_near_identical_pair() {
    let (_dir, db) = old_database();
    let store = Store::open_existing(&db, None).unwrap();
    let name = |id: i64| -> String {
        store
            .conn()
            .query_row("SELECT name FROM subject WHERE id = ?1", [id], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(name(902), NFC);
    assert_eq!(name(903), "Ana\u{ef}s Verlaine");
    // Each change is in the change log, appended to a chain that still holds.
    let logged: i64 = store
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM change_log WHERE tbl = 'subject' AND col = 'name'
             AND row_id IN (902, 903)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(logged, 2);
    assert!(
        matches!(verify(store.conn()).unwrap(), Verdict::Intact { .. }),
        "the chain holds"
    );
    // The pair is listed, and named in the upgrade's line.
    let groups = store.near_identical_subjects().unwrap();
    let ids: Vec<Vec<i64>> = groups
        .iter()
        .map(|g| g.iter().map(|s| s.id.0).collect())
        .collect();
    assert_eq!(ids, [[901, 902]]);
    let notes = store.upgrade_notes().join("\n");
    assert!(notes.contains("2 names changed"), "{notes}");
    assert!(notes.contains("#901 and #902"), "{notes}");
    // Every key is filled and the index finds them by folded name.
    let unkeyed: i64 = store
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM subject WHERE name_key IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unkeyed, 0);
    let found: Vec<i64> = store
        .conn()
        .prepare("SELECT rowid FROM subject_name WHERE subject_name MATCH '\"anais\"'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(found, [903]);
}

#[test]
fn the_upgrade_says_so_once_and_referral_duplicates_lists_the_pair() {
    let (_dir, db) = old_database();
    let db = db.to_str().unwrap();
    let o = common::run(&["--db", db, "referral", "duplicates"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let err = common::stderr(&o);
    assert!(
        err.contains("may be one person (#901 and #902)"),
        "the upgrade's line: {err}"
    );
    let out = common::stdout(&o);
    assert!(
        out.contains(&format!("#901 {NFC}, born 2010-04-02")),
        "{out}"
    );
    assert!(
        out.contains(&format!("#902 {NFC}, born 2010-04-02")),
        "{out}"
    );
    assert!(!out.contains("#903"), "{out}");
    // Opened again: nothing more to say, the list the same.
    let o = common::run(&["--db", db, "referral", "duplicates", "--json"]);
    assert!(common::stderr(&o).is_empty(), "{}", common::stderr(&o));
    let groups = common::payload(&common::stdout(&o));
    assert_eq!(groups[0][1]["id"], 902, "{groups}");
}
