//! Issue 23, one person on several panels: a workspace of panel databases in the config
//! file (`[[panel]]`: name, database, its own key file, the person's agency code there).
//! `actions --workspace` answers across all of them with a PANEL column, each row with
//! its panel's marking and the whole marked with the highest; `--agency mine` takes each
//! panel's own code (the same service is YOS on one panel and YOT on another);
//! `actions done PANEL:ID` changes that panel's action only; a panel whose key is wrong
//! is named in one line while the others still answer.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::workspace::panel_owing;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use roundtable::store::Store;

const TODAY: &str = "2026-12-01";

/// The binary with `config` as its config file, today fixed, no database given.
fn rt(config: &Path, args: &[&str]) -> Output {
    Command::new(common::bin())
        .args(args)
        .env_remove("ROUNDTABLE_DB")
        .env_remove("ROUNDTABLE_KEY")
        .env("ROUNDTABLE_CONFIG", config)
        .env("ROUNDTABLE_TODAY", TODAY)
        .env("CI", "true")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

fn config(dir: &Path, panels: &[(&str, &Path, &Path, &str)]) -> PathBuf {
    let mut text = String::new();
    for (name, db, key, agency) in panels {
        text.push_str(&format!(
            "[[panel]]\nname = \"{name}\"\ndatabase = \"{}\"\nkey_file = \"{}\"\nagency = \"{agency}\"\n\n",
            db.file_name().unwrap().to_str().unwrap(),
            key.file_name().unwrap().to_str().unwrap()
        ));
    }
    let p = dir.join("config.toml");
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn actions_across_panels_marked_with_the_highest_and_each_done_in_its_own_panel() {
    let dir = tempfile::tempdir().unwrap();
    let (marac, marac_key) = panel_owing(
        dir.path(),
        "marac",
        &[
            ("CSC", "Strategy discussion for the children", "2026-12-04"),
            (
                "POL",
                "Flag the address for an urgent response",
                "2026-11-28",
            ),
        ],
    );
    let (mappa, mappa_key) = panel_owing(
        dir.path(),
        "mappa",
        &[("YOT", "Share the young person's ASSET review", "2026-12-02")],
    );
    let (magpan, magpan_key) = panel_owing(
        dir.path(),
        "magpan",
        &[
            ("YOS", "Home visit with the case worker", "2026-12-10"),
            ("EDU", "Attendance figures to the lead agency", "2026-11-30"),
        ],
    );
    let cfg = config(
        dir.path(),
        &[
            ("MARAC", &marac, &marac_key, "CSC"),
            ("MAPPA", &mappa, &mappa_key, "YOT"),
            ("MAGPan", &magpan, &magpan_key, "YOS"),
        ],
    );

    let o = rt(&cfg, &["actions", "--workspace", "--agency", "all"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let out = common::stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    // MARAC is CONFIDENTIAL, MAPPA OFFICIAL-SENSITIVE, MAGPan RESTRICTED.
    assert_eq!(lines.first(), Some(&"CONFIDENTIAL"), "{out}");
    assert_eq!(lines.last(), Some(&"CONFIDENTIAL"), "{out}");
    let order: Vec<&str> = [
        "Flag the address",
        "Attendance figures",
        "Share the young person",
        "Strategy discussion",
        "Home visit",
    ]
    .into_iter()
    .collect();
    let at = |s: &str| out.find(s).unwrap_or_else(|| panic!("{s} in\n{out}"));
    for w in order.windows(2) {
        assert!(at(w[0]) < at(w[1]), "by due date: {w:?}\n{out}");
    }
    let row = |s: &str| *lines.iter().find(|l| l.contains(s)).unwrap();
    assert!(
        row("Flag the address").starts_with("MARAC")
            && row("Flag the address").ends_with("CONFIDENTIAL")
    );
    assert!(row("Home visit").starts_with("MAGPan") && row("Home visit").ends_with("RESTRICTED"));
    assert!(row("Share the young").contains("OFFICIAL-SENSITIVE"));

    // --agency mine: CSC on MARAC, YOT on MAPPA, YOS on MAGPan.
    let mine = common::stdout(&rt(&cfg, &["actions", "--workspace", "--agency", "mine"]));
    for (want, not) in [
        ("Strategy discussion", "Flag the address"),
        ("Share the young person", "Attendance figures"),
        ("Home visit", "Attendance figures"),
    ] {
        assert!(mine.contains(want) && !mine.contains(not), "{mine}");
    }

    // JSON: each row with its panel and marking.
    let v: serde_json::Value = serde_json::from_str(&common::stdout(&rt(
        &cfg,
        &["actions", "--workspace", "--agency", "all", "--json"],
    )))
    .unwrap();
    let rows = v["actions"].as_array().unwrap();
    assert_eq!(rows.len(), 5);
    assert!(rows
        .iter()
        .all(|r| r["panel"].is_string() && r["marking"].is_string()));

    // Done in MARAC only: MAGPan's action with the same id stays open.
    let id = rows
        .iter()
        .find(|r| {
            r["panel"] == "MARAC" && r["description"] == "Flag the address for an urgent response"
        })
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let o = rt(
        &cfg,
        &[
            "actions",
            "done",
            &format!("marac:{id}"),
            "--note",
            "Flag added on the police system",
        ],
    );
    assert!(o.status.success(), "{}", common::stderr(&o));
    let text = std::fs::read_to_string(&marac_key).unwrap();
    let status: String = Store::open_existing(&marac, Some(text.trim()))
        .unwrap()
        .conn()
        .query_row("SELECT status FROM action WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(status, "done");
    let text = std::fs::read_to_string(&magpan_key).unwrap();
    let open: i64 = Store::open_existing(&magpan, Some(text.trim()))
        .unwrap()
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM action WHERE status = 'open'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(open, 2, "the other panel's actions untouched");
    let o = rt(&cfg, &["actions", "done", "CAMP:1", "--note", "x"]);
    assert!(!o.status.success());
    assert!(
        common::stderr(&o).contains("no panel CAMP in the workspace (it has MARAC, MAPPA, MAGPan)"),
        "{}",
        common::stderr(&o)
    );

    // A wrong key for one panel: named in one line; the others still answer.
    std::fs::copy(&magpan_key, &mappa_key).unwrap();
    let o = rt(&cfg, &["actions", "--workspace", "--agency", "all"]);
    assert!(!o.status.success(), "a panel did not answer: exit 1");
    let err = common::stderr(&o);
    assert!(
        err.lines().next().unwrap().starts_with("panel MAPPA: "),
        "{err}"
    );
    let out = common::stdout(&o);
    assert!(
        out.contains("Home visit") && out.contains("Strategy discussion"),
        "{out}"
    );
    assert!(!out.contains("Share the young person"), "{out}");
}

#[test]
fn no_workspace_says_how_to_make_one() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "agency = \"YOS\"\n").unwrap();
    let o = rt(&cfg, &["actions", "--workspace"]);
    assert!(!o.status.success());
    let err = common::stderr(&o);
    assert!(err.contains("no workspace: add a [[panel]] table"), "{err}");
    std::fs::write(
        &cfg,
        "[[panel]]\nname = \"A\"\ndatabase = \"a.db\"\n[[panel]]\nname = \"a\"\ndatabase = \"b.db\"\n",
    )
    .unwrap();
    let err = common::stderr(&rt(&cfg, &["actions", "--workspace"]));
    assert!(err.contains("panel 2: name: a is given twice"), "{err}");
}

#[test]
fn a_meeting_added_on_a_day_another_panel_meets_is_warned_of() {
    let dir = tempfile::tempdir().unwrap();
    let (marac, marac_key) = panel_owing(dir.path(), "marac", &[]);
    let (magpan, magpan_key) = panel_owing(dir.path(), "magpan", &[]);
    let cfg = config(
        dir.path(),
        &[
            ("MARAC", &marac, &marac_key, "CSC"),
            ("MAGPan", &magpan, &magpan_key, "YOS"),
        ],
    );
    let text = std::fs::read_to_string(&marac_key).unwrap();
    let (day, time): (String, String) = Store::open_existing(&marac, Some(text.trim()))
        .unwrap()
        .conn()
        .query_row(
            "SELECT date, start_time FROM meeting ORDER BY date LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let add = |d: &str| {
        Command::new(common::bin())
            .arg("--db")
            .arg(&magpan)
            .arg("--key-file")
            .arg(&magpan_key)
            .args(["meetings", "add", d, "--time", "09:30"])
            .env_remove("ROUNDTABLE_DB")
            .env_remove("ROUNDTABLE_KEY")
            .env("ROUNDTABLE_CONFIG", &cfg)
            .env("ROUNDTABLE_TODAY", "2026-11-02")
            .output()
            .unwrap()
    };
    let o = add(&day);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let warned = common::stderr(&o);
    assert!(
        warned.contains(&format!("warning: you also have MARAC at {time} on {day}")),
        "{warned}"
    );
    // Nothing of MARAC's but its name and the time: no venue, no case.
    assert!(!warned.contains("Community Safety Unit"), "{warned}");
    // A day MARAC does not meet: no warning.
    let other = chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d").unwrap() + chrono::Days::new(1);
    let o = add(&other.format("%Y-%m-%d").to_string());
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert!(
        !common::stderr(&o).contains("you also have"),
        "{}",
        common::stderr(&o)
    );
}

#[test]
fn one_calendar_for_every_panel_each_event_keeping_its_panels_uid() {
    let dir = tempfile::tempdir().unwrap();
    let (marac, marac_key) = panel_owing(dir.path(), "marac", &[]);
    let (magpan, magpan_key) = panel_owing(dir.path(), "magpan", &[]);
    let cfg = config(
        dir.path(),
        &[
            ("MARAC", &marac, &marac_key, "CSC"),
            ("MAGPan", &magpan, &magpan_key, "YOS"),
        ],
    );
    let one = |db: &Path, key: &Path| -> String {
        let o = Command::new(common::bin())
            .arg("--db")
            .arg(db)
            .arg("--key-file")
            .arg(key)
            .args(["calendar", "--out", "-"])
            .env_remove("ROUNDTABLE_KEY")
            .env("ROUNDTABLE_CONFIG", "")
            .env("ROUNDTABLE_TODAY", TODAY)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", common::stderr(&o));
        common::stdout(&o)
    };
    let uids = |ics: &str| -> Vec<String> {
        ics.lines()
            .filter_map(|l| l.strip_prefix("UID:"))
            .map(|u| u.trim().to_string())
            .collect()
    };
    let (a, b) = (one(&marac, &marac_key), one(&magpan, &magpan_key));
    let o = rt(&cfg, &["calendar", "--workspace", "--out", "-"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let both = common::stdout(&o);
    assert!(
        both.contains("X-WR-CALNAME:My panels (CONFIDENTIAL)"),
        "{both}"
    );
    let mut want = uids(&a);
    want.extend(uids(&b));
    want.sort();
    let mut got = uids(&both);
    got.sort();
    assert!(!want.is_empty());
    assert_eq!(got, want, "every panel's events, each with its own UID");
    assert!(
        both.contains("CATEGORIES:MARAC") && both.contains("CATEGORIES:MAGPan"),
        "{both}"
    );
    assert_eq!(both.matches("BEGIN:VTIMEZONE").count(), 1);
}
