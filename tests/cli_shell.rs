//! Shell conventions (issue 13): a closed pipe ends a command quietly, every
//! option and argument has help, free text may start with `-`, one date parser.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use clap::CommandFactory;
use common::{bin, demo_store, stderr, stdout, AS_OF};

/// Run the binary on `db` with its standard output a pipe whose reader is already
/// closed: every write gets EPIPE, as after `| head -0`.
fn run_closed(db: &Path, args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Command::new(bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .env("ROUNDTABLE_TODAY", AS_OF)
        .env_remove("ROUNDTABLE_DB")
        .env_remove("ROUNDTABLE_KEY")
        .env("ROUNDTABLE_CONFIG", "")
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

fn run_on(db: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .env("ROUNDTABLE_TODAY", AS_OF)
        .env_remove("ROUNDTABLE_DB")
        .env_remove("ROUNDTABLE_KEY")
        .env("ROUNDTABLE_CONFIG", "")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn every_command_ends_quietly_on_a_closed_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let (store, s) = demo_store(dir.path());
    drop(store);
    let db = dir.path().join("demo.db");
    let out = dir.path().join("out");
    let ics = dir.path().join("c.ics");
    let next = s.next_meeting.format("%Y-%m-%d").to_string();
    let commands: Vec<Vec<&str>> = vec![
        vec!["--help"],
        vec!["--version"],
        vec!["run"],
        vec!["actions"],
        vec!["actions", "--json"],
        vec!["actions", "--csv"],
        vec!["case", "1"],
        vec!["case", "1", "--json"],
        vec!["agenda", "--meeting", &next],
        vec!["report", "--from", "2026-01-01", "--to", "2026-11-22"],
        vec![
            "report",
            "--from",
            "2026-01-01",
            "--to",
            "2026-11-22",
            "--csv",
        ],
        vec!["calendar", "--out", "-"],
        vec!["calendar", "--out", ics.to_str().unwrap()],
        vec![
            "minutes",
            "--meeting",
            "2026-11-11",
            "--out",
            out.to_str().unwrap(),
        ],
        vec!["members", "list", "--all"],
        vec!["members", "list", "--json"],
        vec!["referral", "list", "--all"],
        vec!["meetings", "list", "--all"],
        vec!["meetings", "list", "--json"],
        vec!["agenda"],
        vec!["case", "--find", "a"],
        vec!["case", "11", "--html", "-"],
        vec![
            "report",
            "--from",
            "2026-01-01",
            "--to",
            "2026-11-22",
            "--html",
            "-",
        ],
        vec!["completions", "bash"],
        vec!["man"],
        vec!["actions", "annotate", "1", "piped away"],
    ];
    for args in &commands {
        let o = run_closed(&db, args);
        assert!(
            o.status.success(),
            "{args:?}: exit {:?}: {}",
            o.status.code(),
            stderr(&o)
        );
        assert!(!stderr(&o).contains("panicked"), "{args:?}: {}", stderr(&o));
    }
    // A change is saved though nobody reads what the command says about it.
    let o = run_closed(&db, &["meetings", "move", &next, "--venue", "-Annexe-"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let list = stdout(&run_on(&db, &["meetings", "list"]));
    assert!(list.contains("-Annexe-"), "{list}");
}

#[test]
fn every_option_and_argument_has_help() {
    fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for a in cmd.get_arguments() {
            let id = a.get_id().as_str();
            if matches!(id, "help" | "version") {
                continue;
            }
            if a.get_help().is_none() && a.get_long_help().is_none() {
                missing.push(format!("{path} {id}"));
            }
        }
        for sub in cmd.get_subcommands() {
            if sub.get_about().is_none() {
                missing.push(format!("{path} {} (command)", sub.get_name()));
            }
            walk(sub, &format!("{path} {}", sub.get_name()), missing);
        }
    }
    let mut missing = vec![];
    walk(&roundtable::cli::Cli::command(), "roundtable", &mut missing);
    assert!(missing.is_empty(), "no help text: {missing:#?}");
}

/// A demo database (as of [`AS_OF`]) in a temporary folder.
fn demo() -> (tempfile::TempDir, std::path::PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let (store, s) = demo_store(dir.path());
    drop(store);
    let db = dir.path().join("demo.db");
    (dir, db, s.next_meeting.format("%Y-%m-%d").to_string())
}

fn ok(db: &Path, args: &[&str]) -> String {
    let o = run_on(db, args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

fn json(db: &Path, args: &[&str]) -> serde_json::Value {
    common::payload(&ok(db, args))
}

fn change_log(db: &Path, id: i64) -> Vec<(String, Option<String>)> {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut st = c
        .prepare("SELECT col, new_value FROM change_log WHERE tbl = 'action' AND row_id = ?1 ORDER BY id")
        .unwrap();
    let rows = st
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    rows
}

#[test]
fn actions_are_closed_reopened_moved_and_annotated_from_the_shell() {
    let (_dir, db, _) = demo();
    let open = json(&db, &["actions", "--json"]);
    let id = open[0]["id"].as_i64().unwrap();
    let ids = id.to_string();
    // A note that starts with '-' is a value, not an option.
    let said = ok(
        &db,
        &[
            "actions",
            "done",
            &ids,
            "--note",
            "-ve drugs test, no concerns",
        ],
    );
    assert!(said.contains("closed as done"), "{said}");
    let o = run_on(&db, &["actions", "done", &ids, "--note", "again"]);
    assert_eq!(o.status.code(), Some(2), "closing twice is refused");
    // Moving a closed action's date is refused until it is reopened.
    let o = run_on(&db, &["actions", "due", &ids, "2027-02-01"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    ok(
        &db,
        &["actions", "reopen", &ids, "--note", "result disputed"],
    );
    let said = ok(&db, &["actions", "due", &ids, "01/02/2027"]);
    assert!(said.contains("now due 2027-02-01"), "{said}");
    let said = ok(&db, &["actions", "annotate", &ids, "-- spoke to school"]);
    assert!(said.contains("2 so far"), "{said}");
    let all = json(&db, &["actions", "--json", "--status", "all"]);
    let row = all
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap();
    assert_eq!(row["status"], "open");
    assert_eq!(row["due_on"], "2027-02-01");
    let log = change_log(&db, id);
    let cols: Vec<&str> = log.iter().map(|(c, _)| c.as_str()).collect();
    for want in ["status", "completion_note", "progress_note", "due_on"] {
        assert!(
            cols.contains(&want),
            "{want} not in the change log: {cols:?}"
        );
    }
    assert!(log.iter().any(
        |(c, v)| c == "completion_note" && v.as_deref() == Some("-ve drugs test, no concerns")
    ));
    assert!(log
        .iter()
        .any(|(c, v)| c == "progress_note" && v.as_deref() == Some("-- spoke to school")));
    // The notes are part of the case's history.
    let case = row["case_id"].as_i64().unwrap().to_string();
    let history = json(&db, &["case", &case, "--json"]);
    let notes: Vec<&str> = history["action_notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["action_id"] == id)
        .map(|n| n["note"].as_str().unwrap())
        .collect();
    assert_eq!(notes, ["result disputed", "-- spoke to school"]);
    assert!(ok(&db, &["case", &case]).contains("-- spoke to school"));
    let o = run_on(&db, &["actions", "annotate", "999999", "x"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn agenda_defaults_to_the_next_meeting_and_dates_take_either_form() {
    let (_dir, db, next) = demo();
    let by_default = ok(&db, &["agenda"]);
    assert_eq!(by_default, ok(&db, &["agenda", "--meeting", &next]));
    let uk = chrono::NaiveDate::parse_from_str(&next, "%Y-%m-%d")
        .unwrap()
        .format("%d/%m/%Y")
        .to_string();
    assert_eq!(by_default, ok(&db, &["agenda", "--meeting", &uk]));
    assert_eq!(
        ok(
            &db,
            &["report", "--from", "01/01/2026", "--to", "22/11/2026"]
        ),
        ok(
            &db,
            &["report", "--from", "2026-01-01", "--to", "2026-11-22"]
        )
    );
    let o = run_on(&db, &["report", "--from", "01/01/26", "--to", "22/11/26"]);
    assert_eq!(o.status.code(), Some(2), "two-digit years are refused");
}

#[test]
fn a_case_is_found_by_part_of_a_name_initials_or_date_of_birth() {
    let (_dir, db, _) = demo();
    let case = json(&db, &["case", "1", "--json"]);
    let name = case["subject"]["name"].as_str().unwrap().to_string();
    let born = case["subject"]["date_of_birth"]
        .as_str()
        .unwrap()
        .to_string();
    let surname = name.split_whitespace().last().unwrap().to_lowercase();
    let initials: String = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| w.chars().next())
        .map(|c| format!("{}.", c.to_uppercase()))
        .collect();
    for typed in [surname.as_str(), initials.as_str(), born.as_str()] {
        let found = json(&db, &["case", "--find", typed, "--json"]);
        let ids: Vec<i64> = found
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["case_id"].as_i64().unwrap())
            .collect();
        assert!(ids.contains(&1), "{typed}: {ids:?}");
    }
    let o = run_on(&db, &["case", "--find", "Nobody Ofthisname"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no case matches"));
}

/// Run the binary with `ROUNDTABLE_CONFIG` naming `config` and no --db.
fn run_with_config(config: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .env("ROUNDTABLE_TODAY", AS_OF)
        .env_remove("ROUNDTABLE_DB")
        .env_remove("ROUNDTABLE_KEY")
        .env("ROUNDTABLE_CONFIG", config)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn the_config_file_is_honoured_and_a_bad_one_reported_with_its_line() {
    let (dir, db, _) = demo();
    let config = dir.path().join("config.toml");
    // The database relative to the config file's folder; actions for one agency;
    // dates in tables the UK way.
    std::fs::write(
        &config,
        "database = \"demo.db\"\nagency = \"YOS\"\ndate_style = \"uk\"\n",
    )
    .unwrap();
    let o = run_with_config(&config, &["actions", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = common::payload(&stdout(&o));
    let rows = rows.as_array().unwrap();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["agency"] == "YOS"), "{rows:?}");
    let every = json(&db, &["actions", "--json"]);
    assert!(every.as_array().unwrap().len() > rows.len());
    let all = run_with_config(&config, &["actions", "--agency", "all", "--json"]);
    assert_eq!(common::payload(&stdout(&all)), every);
    // The plain table shows DD/MM/YYYY; JSON keeps YYYY-MM-DD.
    let table = stdout(&run_with_config(&config, &["actions"]));
    let due = rows[0]["due_on"].as_str().unwrap();
    let uk = chrono::NaiveDate::parse_from_str(due, "%Y-%m-%d")
        .unwrap()
        .format("%d/%m/%Y")
        .to_string();
    assert!(table.contains(&uk), "{table}");
    // --db still wins over the file.
    let other = dir.path().join("other.db");
    let o = run_with_config(&config, &["--db", other.to_str().unwrap(), "actions"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("other.db"), "{}", stderr(&o));

    std::fs::write(&config, "agency = \"YOS\"\n\ndatabse = \"demo.db\"\n").unwrap();
    let o = run_with_config(&config, &["actions"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("config.toml") && err.contains("line 3"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

/// Issue 25: a value from the config file the panel does not know is reported with
/// the file and the key it came from.
#[test]
fn a_bad_agency_in_the_config_file_names_the_file_and_the_key() {
    let (dir, _db, _) = demo();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "database = \"demo.db\"\nagency = \"NOPE\"\n").unwrap();
    let o = run_with_config(&config, &["actions"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains(&config.display().to_string()), "{err}");
    assert!(err.contains("agency = \"NOPE\""), "{err}");
    assert!(err.contains("unknown agency 'NOPE'"), "{err}");
    // Given on the command line, the config file is not blamed.
    let o = run_with_config(&config, &["actions", "--agency", "NOPE"]);
    assert!(!stderr(&o).contains("config file"), "{}", stderr(&o));
}

#[test]
fn completions_and_man_pages_are_generated() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef roundtable"),
        ("fish", "complete -c roundtable"),
    ] {
        let o = common::run(&["completions", shell]);
        assert!(o.status.success(), "{shell}: {}", stderr(&o));
        let text = stdout(&o);
        assert!(
            text.contains(marker),
            "{shell}: {}",
            &text[..200.min(text.len())]
        );
        assert!(
            text.contains("annotate"),
            "{shell} completes the subcommands"
        );
    }
    let man = stdout(&common::run(&["man"]));
    assert!(
        man.contains(".TH roundtable 1"),
        "{}",
        &man[..200.min(man.len())]
    );
    let dir = tempfile::tempdir().unwrap();
    let o = common::run(&["man", "--out", dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    for page in [
        "roundtable.1",
        "roundtable-actions.1",
        "roundtable-actions-annotate.1",
    ] {
        let text = std::fs::read_to_string(dir.path().join(page)).unwrap();
        assert!(
            text.contains(".SH OPTIONS") || text.contains(".SH NAME"),
            "{page}"
        );
    }
}

#[test]
fn bank_holidays_are_updated_from_the_data_folder_and_dates_past_the_list_warn() {
    let (dir, db, _) = demo();
    let data = dir.path().join("xdg");
    let run = |args: &[&str]| {
        Command::new(bin())
            .arg("--db")
            .arg(&db)
            .args(args)
            .env("ROUNDTABLE_TODAY", AS_OF)
            .env("ROUNDTABLE_CONFIG", "")
            .env("XDG_DATA_HOME", &data)
            .env_remove("ROUNDTABLE_DB")
            .output()
            .unwrap()
    };
    // Friday 5 April 2041: past the shipped list (2040).
    let o = run(&["meetings", "add", "2041-04-05"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("after 2040"), "{}", stderr(&o));
    assert!(stderr(&o).contains("bank_holidays_england_wales.json"));
    // The published JSON, as it is, in the data folder: Good Friday 2041.
    let folder = data.join("roundtable");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("bank_holidays_england_wales.json"),
        r#"{"england-and-wales":{"division":"england-and-wales","events":[
            {"title":"New Year’s Day","date":"2041-01-01","notes":"","bunting":true},
            {"title":"Good Friday","date":"2041-04-19","notes":"","bunting":false}]}}"#,
    )
    .unwrap();
    let o = run(&["meetings", "add", "2041-04-19"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(!err.contains("after 2040"), "{err}");
    assert!(
        err.contains("not a working day"),
        "the new list's Good Friday: {err}"
    );
    // A file that cannot be read stops the command, naming it.
    std::fs::write(folder.join("bank_holidays_england_wales.json"), "{").unwrap();
    let o = run(&["meetings", "list"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("bank_holidays_england_wales.json"),
        "{}",
        stderr(&o)
    );
}

/// Issue 25: `--advice` completes to its values (the program's own, the same for
/// every panel); a panel's values (`--agency`: its agencies are in its database, not
/// in a script written once) and ids (`--case`) get no fixed list and never file
/// names; only an option that takes a file completes paths. Any text is still taken
/// on the command line.
#[test]
fn completions_offer_program_values_and_no_fixed_panel_list_or_files() {
    let bash = stdout(&common::run(&["completions", "bash"]));
    let reply = |flag: &str| {
        let at = bash.find(&format!("{flag})")).unwrap();
        bash[at..].lines().nth(1).unwrap().to_string()
    };
    let advice = reply("--advice");
    assert!(advice.contains("compgen -W"), "{advice}");
    for v in ["child_protection", "channel", "marac"] {
        assert!(advice.contains(v), "--advice offers {v}: {advice}");
    }
    for flag in ["--agency", "--case", "--meeting", "--subject"] {
        let line = reply(flag);
        assert!(!line.contains("compgen -f"), "{flag}: {line}");
        assert!(
            !line.contains("POL"),
            "{flag}: no built-in agency list: {line}"
        );
    }
    assert!(
        !bash.contains("POL YOS"),
        "MAGPan's agencies are not built in"
    );
    assert!(
        reply("--out").contains("compgen -f"),
        "a file option completes paths"
    );
    let fish = stdout(&common::run(&["completions", "fish"]));
    let agency = fish.lines().find(|l| l.contains("-l agency")).unwrap();
    assert!(
        agency.contains("-r -f") && !agency.contains("POL"),
        "{agency}"
    );
    let zsh = stdout(&common::run(&["completions", "zsh"]));
    assert!(!zsh.contains("POL"), "{zsh}");
    let help = stdout(&common::run(&["actions", "--help"]));
    assert!(!help.contains("possible values"), "{help}");
}
