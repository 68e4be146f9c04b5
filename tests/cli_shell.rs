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
