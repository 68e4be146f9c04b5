//! Issue 25, "First run": what a newcomer meets before any panel exists. A missing
//! database says how to make one, a panel file's problems come one per line with the
//! file's own line and column, a file it names is said to be looked for beside it, and
//! a passphrase that is too short is asked for again after the minimum is stated.
#![allow(clippy::unwrap_used)]

mod common;

use std::process::Command;

use common::tmux::{have_tmux, Tmux};

fn in_home(home: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(common::bin())
        .args(args)
        .env_remove("ROUNDTABLE_DB")
        .env_remove("ROUNDTABLE_KEY")
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .output()
        .unwrap()
}

#[test]
fn with_no_database_a_lookup_says_to_run_init_or_the_demo() {
    let home = tempfile::tempdir().unwrap();
    let o = in_home(home.path(), &["actions"]);
    assert!(!o.status.success());
    let err = common::stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("no database at"), "{err}");
    assert!(
        err.contains("roundtable init") && err.contains("--demo"),
        "{err}"
    );
    assert!(!err.contains("mkdir"), "{err}");
    assert!(
        !home.path().join("data").exists(),
        "nothing is made by a lookup"
    );
}

#[test]
fn a_panel_files_problems_are_listed_one_per_line_and_nothing_is_set_up() {
    let dir = tempfile::tempdir().unwrap();
    let magpan = include_str!("../data/panels/magpan.toml");
    let bad = magpan
        .replacen("code = \"YOS\"", "code = \"POL\"", 1)
        .replace("week_of_month = 2", "week_of_month = 9");
    let file = dir.path().join("bad.toml");
    std::fs::write(&file, bad).unwrap();
    let db = dir.path().join("p.db");
    let o = common::init_from_file(&db, &file);
    assert!(!o.status.success());
    let err = common::stderr(&o);
    let listed: Vec<&str> = err.lines().filter(|l| l.starts_with("  ")).collect();
    assert!(listed.len() >= 3, "{err}");
    assert!(
        listed
            .iter()
            .any(|l| l.contains("agency[1].code: POL appears twice")),
        "{err}"
    );
    assert!(
        listed
            .iter()
            .any(|l| l.contains("meeting_pattern.week_of_month: must be 1 to 5")),
        "{err}"
    );
    assert!(
        !err.contains(" | "),
        "no problems joined on one line: {err}"
    );
    assert!(err.contains("nothing was set up"), "{err}");
    assert!(!db.exists());

    // A TOML mistake: one line with the file's line and column, no drawn excerpt.
    std::fs::write(&file, "name = \"X\"\nshort_name = 1\n").unwrap();
    let o = common::init_from_file(&db, &file);
    let err = common::stderr(&o);
    // Issue 25: every problem is listed, one a line (this file also lacks keys), each
    // with its line and column and no drawn excerpt.
    assert!(!err.contains('^') && !err.contains(" | "), "{err}");
    assert!(err.contains("line 2, column 14: invalid type"), "{err}");
    assert!(err.contains("missing field `protective_marking`"), "{err}");

    // A statement file named but not there: where it was looked for.
    std::fs::write(
        &file,
        magpan.replace(
            "confidentiality_statement_file = \"confidentiality_statement.txt\"",
            "confidentiality_statement_file = \"eastmere_statement.txt\"",
        ),
    )
    .unwrap();
    let o = common::init_from_file(&db, &file);
    let err = common::stderr(&o);
    assert!(
        err.contains(
            "cannot read eastmere_statement.txt: looked beside the panel file, then among the shipped files"
        ),
        "{err}"
    );
    // Issue 25: and the path it looked at.
    let beside = file.parent().unwrap().join("eastmere_statement.txt");
    assert!(err.contains(&beside.display().to_string()), "{err}");
}

#[test]
fn a_short_passphrase_is_asked_for_again_after_the_minimum_is_said() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let t = Tmux::shell("first-run-pass");
    // Prompts are for a person at a terminal: CI's own variable is not theirs.
    t.text(&format!(
        "env -u CI {} --db {} init; echo exit-$?-status",
        common::bin().display(),
        db.display()
    ));
    t.keys(&["Enter"]);
    t.wait_for("New passphrase for");
    let screen = t.wait_for("at least 8 characters");
    assert!(
        screen.contains("A passphrase of at least 8 characters"),
        "{screen}"
    );
    t.text("short");
    t.keys(&["Enter"]);
    t.wait_for("try again");
    t.text("three long words");
    t.keys(&["Enter"]);
    t.wait_for("The same passphrase again");
    t.text("three long words");
    t.keys(&["Enter"]);
    let screen = t.wait_for("exit-0-status");
    assert!(screen.contains("encrypted"), "{screen}");
}

/// Issue 25, "First run": the config file's `key_file` is the key of the config file's
/// database; a database chosen on the day with `--db` is opened as it is (it was
/// opened with that key, and a plain one refused).
#[test]
fn the_config_files_key_is_used_only_for_the_config_files_database() {
    let dir = tempfile::tempdir().unwrap();
    let key = common::key_file(dir.path(), "panel.key", "a passphrase for the panel");
    let (real, other) = (dir.path().join("real.db"), dir.path().join("other.db"));
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "database = {:?}\nkey_file = {:?}\n",
            real.display().to_string(),
            key.display().to_string()
        ),
    )
    .unwrap();
    let run = |args: &[&str]| {
        Command::new(common::bin())
            .args(args)
            .env_remove("ROUNDTABLE_DB")
            .env_remove("ROUNDTABLE_KEY")
            .env("ROUNDTABLE_CONFIG", &config)
            .output()
            .unwrap()
    };
    let o = run(&["init"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let o = run(&["--db", other.to_str().unwrap(), "init", "--no-encrypt"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let o = run(&["meetings", "list"]);
    assert!(
        o.status.success(),
        "the config's database with its key: {}",
        common::stderr(&o)
    );
    let o = run(&["--db", other.to_str().unwrap(), "meetings", "list"]);
    assert!(
        o.status.success(),
        "another database is not opened with the config's key: {}",
        common::stderr(&o)
    );
}
