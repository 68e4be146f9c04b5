//! Issue 18, signals: the real binary in tmux under an interactive bash. A stop from
//! outside (`kill -TSTP`, as job control sends) or Ctrl-Z gives the terminal back and
//! `fg` takes it again in raw mode, so Enter is a new line and never deletes; SIGTERM,
//! SIGHUP and SIGINT record what is typed and leave the terminal as it was found.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::demo_cli::demo_db;
use common::tmux::{have_tmux, Tmux};

/// The roundtable process working on `db` (found in /proc: no procps needed).
fn pid_of(db: &Path) -> i32 {
    let needle = db.to_str().unwrap();
    let start = Instant::now();
    loop {
        for e in std::fs::read_dir("/proc").unwrap().flatten() {
            let Ok(pid) = e.file_name().to_string_lossy().parse::<i32>() else {
                continue;
            };
            let cmd = std::fs::read(e.path().join("cmdline")).unwrap_or_default();
            let cmd = String::from_utf8_lossy(&cmd).replace('\0', " ");
            if cmd.contains(needle) && cmd.contains("roundtable") && !cmd.contains("bash") {
                return pid;
            }
        }
        assert!(start.elapsed() < Duration::from_secs(10), "no process");
        sleep(Duration::from_millis(100));
    }
}

fn kill(sig: &str, pid: i32) {
    let st = Command::new("sh")
        .args(["-c", &format!("kill -{sig} {pid}")])
        .status()
        .unwrap();
    assert!(st.success());
}

/// The meeting on screen, at the first case of item 7, typing into its minutes.
fn at_a_case(t: &Tmux, db: &Path) {
    t.text(&format!(
        "{} --db {}",
        common::bin().display(),
        db.display()
    ));
    t.keys(&["Enter"]);
    t.sign_in(3);
    t.keys(&["PageDown", "PageDown", "PageDown", "PageDown"]);
    t.wait_for("7. New referrals (18 and over)");
    t.keys(&["Enter"]);
    t.wait_for("case 1 of");
}

fn minutes(db: &Path) -> String {
    let c = rusqlite::Connection::open(db).unwrap();
    let mut st = c
        .prepare("SELECT minutes FROM case_discussion ORDER BY id")
        .unwrap();
    let rows = st.query_map([], |r| r.get::<_, String>(0)).unwrap();
    rows.map(|r| r.unwrap()).collect::<Vec<_>>().join("\n---\n")
}

fn wait_until(what: &str, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while !f() {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "timed out: {what}"
        );
        sleep(Duration::from_millis(100));
    }
}

#[test]
fn a_stop_from_outside_and_fg_keep_enter_a_new_line() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let t = Tmux::shell("tstp");
    at_a_case(&t, &db);
    t.text("line one");
    let pid = pid_of(&db);
    kill("TSTP", pid);
    t.wait_for("Stopped");
    assert_eq!(
        t.var("alternate_on"),
        "0",
        "the shell has its own screen back"
    );
    assert_eq!(t.var("cursor_flag"), "1", "and its cursor");
    assert!(
        minutes(&db).contains("line one"),
        "recorded before stopping"
    );
    t.text("fg");
    t.keys(&["Enter"]);
    t.wait_for("case 1 of");
    assert_eq!(t.var("alternate_on"), "1");
    t.keys(&["Enter"]);
    t.text("line two");
    t.wait_for("line two");
    t.keys(&["C-q"]);
    t.wait_for("rt-shell$");
    wait_until("both lines recorded", || {
        minutes(&db).contains("line one\nline two")
    });
    assert_eq!(t.var("alternate_on"), "0");
}

#[test]
fn ctrl_z_suspends_and_fg_brings_the_meeting_back() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let t = Tmux::shell("ctrlz");
    at_a_case(&t, &db);
    t.text("before the pause");
    t.keys(&["C-z"]);
    t.wait_for("Stopped");
    assert_eq!(t.var("alternate_on"), "0");
    assert!(minutes(&db).contains("before the pause"));
    t.text("fg");
    t.keys(&["Enter"]);
    t.wait_for("before the pause");
    t.keys(&["Enter"]);
    t.text("after it");
    t.wait_for("after it");
    t.keys(&["C-q"]);
    t.wait_for("rt-shell$");
    wait_until("recorded", || {
        minutes(&db).contains("before the pause\nafter it")
    });
}

/// SIGTERM, SIGHUP and SIGINT: what is typed is committed to the record (not only
/// the journal) and the terminal is left out of the alternate screen, cursor shown.
#[test]
fn term_hup_and_int_record_the_typing_and_restore_the_terminal() {
    if !have_tmux() {
        return;
    }
    for sig in ["TERM", "HUP", "INT"] {
        let dir = tempfile::tempdir().unwrap();
        let db = demo_db(dir.path());
        let t = Tmux::shell(&format!("sig{sig}"));
        at_a_case(&t, &db);
        let words = format!("typed before SIG{sig}");
        t.text(&words);
        t.wait_for(&words);
        kill(sig, pid_of(&db));
        t.wait_for("rt-shell$");
        wait_until("the program ended", || t.var("alternate_on") == "0");
        assert_eq!(t.var("cursor_flag"), "1", "SIG{sig}: cursor shown");
        assert!(minutes(&db).contains(&words), "SIG{sig}: committed");
    }
}

/// A `kill -9` leaves the terminal in the alternate screen with the old frame (and
/// whatever the shell printed since) on it: the next start's first frame clears the
/// whole terminal, so no cell of what was there before is left where it draws blank.
#[test]
fn a_start_after_kill_9_clears_what_the_killed_screen_left() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let t = Tmux::shell("kill9");
    at_a_case(&t, &db);
    kill("KILL", pid_of(&db));
    t.wait_for("rt-shell$");
    // Fill the pane, as the killed program's screen and the shell's lines do, then
    // start again in the same pane.
    t.text(&format!(
        "stty sane; yes ZZLEFTOVERZZ | head -60; {} --db {}",
        common::bin().display(),
        db.display()
    ));
    t.keys(&["Enter"]);
    let s = t.wait_for("case 1 of");
    assert!(
        !s.contains("ZZLEFTOVERZZ"),
        "the first frame clears the terminal:\n{s}"
    );
}
