//! Issue 12, clean at the door: terminal escapes, control characters and direction
//! overrides given to any command (arguments and files) are not stored, and none
//! that is already in a database (an older release stored them) is printed by any
//! command that prints people's text.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::new_panel::{self, Panel};

/// Every kind of hostile sequence: a colour, a window title (OSC), a clear screen,
/// a C1 CSI, a bell, a backspace, a carriage return and a right-to-left override.
const HOSTILE: &str =
    "\u{1b}[31mRed\u{1b}[0m\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}1m\u{8}\r\u{202e}Tail";

fn assert_clean(what: &str, s: &str) {
    for (i, c) in s.chars().enumerate() {
        let bad = (c < ' ' && c != '\n' && c != '\t' && c != '\r')
            || ('\u{7f}'..='\u{9f}').contains(&c)
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c);
        assert!(!bad, "{what}: U+{:04X} at {i} in {s:?}", c as u32);
    }
    assert!(
        !s.contains("]0;pwned") && !s.contains("[31m"),
        "{what}: {s}"
    );
    for line in s.replace("\r\n", "\n").split('\n') {
        assert!(!line.contains('\r'), "{what}: a lone CR in {line:?}");
    }
}

fn text_of(p: &Panel, sql: &str) -> String {
    p.q::<String>(sql)
}

#[test]
fn commands_store_no_escapes_and_reply_without_them() {
    let p = Panel::new();
    let hostile_name = format!("Oriel {HOSTILE} Vance");
    let mut replies = vec![];
    replies.push(p.ok(&[
        "members",
        "add",
        "--name",
        &hostile_name,
        "--post",
        &format!("Lead {HOSTILE}"),
        "--agency",
        "CSC",
    ]));
    let stored = text_of(
        &p,
        "SELECT name || post_title FROM member ORDER BY id DESC LIMIT 1",
    );
    assert_clean("member stored", &stored);
    assert!(
        stored.starts_with("Oriel Red Tail Vance"),
        "letters kept: {stored:?}"
    );
    replies.push(p.ok(&[
        "meetings",
        "move",
        "2026-12-09",
        "--venue",
        &format!("Room 1\nsecond line {HOSTILE}"),
    ]));
    replies.push(p.ok(&["meetings", "add", "2027-02-03", "--venue", HOSTILE]));
    assert_clean(
        "venues stored",
        &text_of(&p, "SELECT group_concat(venue, '|') FROM meeting"),
    );
    let json = r#"{"referring_agency": "EDU", "name": "Cass \u001b]0;t\u0007Merrow\u202e", "date_of_birth": "2010-04-02",
        "concerns": "Seen \u001b[2J with \r older youths.", "date_received": "2026-11-16",
        "household": [{"name": "Kit \u001b[5mMerrow", "relationship": "Brother"}]}"#;
    let out = p.refer("hostile", json, &[]);
    replies.push(out.clone());
    let id = new_panel::referral_id(&out).to_string();
    assert_clean(
        "referral stored",
        &text_of(
            &p,
            "SELECT s.name || r.concerns || (SELECT group_concat(name) FROM household_member)
             FROM referral r JOIN subject s ON s.id = r.subject_id ORDER BY r.id DESC LIMIT 1",
        ),
    );
    replies.push(p.ok(&[
        "referral",
        "screen",
        &id,
        "--intelligence",
        "--by",
        &format!("DS {HOSTILE}"),
    ]));
    for (i, r) in replies.iter().enumerate() {
        assert_clean(&format!("reply {i}"), r);
    }
    for args in [
        vec!["members", "list", "--all"],
        vec!["members", "list", "--json"],
        vec!["meetings", "list", "--all"],
        vec!["meetings", "list", "--json"],
        vec!["referral", "list", "--all"],
        vec!["referral", "list", "--all", "--json"],
        vec!["case", &id],
        vec!["agenda"],
    ] {
        assert_clean(&format!("{args:?}"), &p.ok(&args));
    }
    // A venue with a line break stays on its table row.
    let list = p.ok(&["meetings", "list"]);
    let row = list.lines().find(|l| l.contains("2026-12-09")).unwrap();
    assert!(row.contains("Room 1 second line"), "{list}");
}

#[test]
fn escapes_already_stored_are_never_printed() {
    let p = Panel::new();
    let out = p.refer(
        "plain",
        r#"{"referring_agency": "EDU", "name": "Ines Talbot", "date_of_birth": "2010-04-02",
        "concerns": "Concern.", "date_received": "2026-11-16"}"#,
        &[],
    );
    let id = new_panel::referral_id(&out).to_string();
    // As an older release would have stored them: straight into the file.
    {
        let s = p.store();
        let c = s.conn();
        c.execute(
            "UPDATE member SET name = name || ?1, post_title = ?1",
            [HOSTILE],
        )
        .unwrap();
        c.execute(
            "UPDATE meeting SET venue = ?1",
            [format!("Hall\n{HOSTILE}")],
        )
        .unwrap();
        c.execute("UPDATE subject SET name = name || ?1", [HOSTILE])
            .unwrap();
        c.execute("UPDATE referral SET concerns = ?1", [HOSTILE])
            .unwrap();
    }
    for args in [
        vec!["members", "list", "--all"],
        vec!["members", "list", "--json"],
        vec!["meetings", "list", "--all"],
        vec!["meetings", "list", "--json"],
        vec!["referral", "list", "--all"],
        vec!["referral", "list", "--all", "--json"],
        vec!["case", &id],
        vec!["case", &id, "--json"],
        vec!["case", "--find", "Ines"],
        vec!["agenda"],
        vec!["agenda", "--csv"],
        vec!["members", "retire", "3"],
    ] {
        let out = p.ok(&args);
        assert_clean(&format!("{args:?}"), &out);
    }
    // An error naming stored text is cleaned too.
    let o = p.run(&["meetings", "add", "2026-12-09"]);
    assert_clean("error", &new_panel::err(&o));
}

#[test]
fn action_notes_from_the_command_line_are_stored_clean() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::demo_store(dir.path());
    let db = store.path().to_path_buf();
    let id: i64 = store
        .conn()
        .query_row(
            "SELECT id FROM action WHERE status = 'open' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    drop(store);
    let id = id.to_string();
    let run = |args: &[&str]| {
        let o = std::process::Command::new(common::bin())
            .args(args)
            .arg("--db")
            .arg(&db)
            .env("ROUNDTABLE_TODAY", common::AS_OF)
            .env_remove("ROUNDTABLE_KEY")
            .env_remove("ROUNDTABLE_DB")
            .output()
            .unwrap();
        assert!(o.status.success(), "{args:?}: {}", common::stderr(&o));
        common::stdout(&o)
    };
    let mut out = run(&["actions", "done", &id, "--note", HOSTILE]);
    out += &run(&["actions", "reopen", &id, "--note", HOSTILE]);
    out += &run(&["actions", "annotate", &id, HOSTILE]);
    out += &run(&["actions", "--status", "all"]);
    out += &run(&["actions", "--status", "all", "--csv"]);
    assert_clean("actions replies", &out);
    let s = roundtable::store::Store::open(&db, None).unwrap();
    let logged: String = s
        .conn()
        .query_row(
            "SELECT group_concat(COALESCE(new_value, ''), '|') FROM change_log WHERE tbl = 'action' AND row_id = ?1",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        logged.contains("Tail"),
        "the note closing it is logged: {logged:?}"
    );
    assert_clean("action changes logged", &logged);
    let notes: String = s
        .conn()
        .query_row("SELECT group_concat(note, '|') FROM action_note", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(
        notes.contains("RedTail") || notes.contains("Red\nTail"),
        "{notes:?}"
    );
    assert_clean("progress notes stored", &notes);
}
