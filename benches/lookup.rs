//! The lookups' figures (issue 14): every lookup run as a whole process (what an
//! agency representative waits for at a shell), p50 and p99 wall-clock time and
//! peak memory, on the large demo (ten years of a monthly panel, about 107,000
//! actions) and the county demo (a weekly panel, about 1,000,000 actions); then
//! `actions --overdue --agency YOS` side by side with Taskwarrior 2.6 on the same
//! actions. Run with `cargo bench --bench lookup`; it prints, and asserts nothing.
//!
//! The demos are made "as of" today (the date `task` counts overdue from), so both
//! programs see the same actions overdue.
//!
//! Settings (environment):
//! - `RT_BENCH_RUNS`: timed runs per lookup (default 200; p99 needs 100 or more);
//! - `RT_BENCH_SCALES`: `large`, `county` or both (default `large,county`);
//! - `RT_BENCH_TASK_RUNS`: runs of each side-by-side pair (default 10; 0 skips it);
//! - `RT_BENCH_DIR`: keep the demo databases (and the Taskwarrior data) there and
//!   reuse one made the same day;
//! - `RT_BENCH_KEYS`: which forms of each demo, `plain,raw,passphrase` by default
//!   (issue 24: a raw key file, a passphrase in a key file);
//! - `RT_BENCH_FRAME_RUNS`: starts of the meeting screen timed per form (default 50).
//!
//! Peak memory is the maximum resident set of one more run of each command, read
//! with GNU time (`/usr/bin/time -f %M`); without it memory is not shown. The
//! commands that write files (`calendar`, `minutes`) run a quarter as often, each
//! into an emptied folder after `sync`.
#![allow(clippy::unwrap_used)] // a bench: a failure is a panic with its message

#[path = "lookup/keys.rs"]
mod keys;
#[path = "lookup/taskwarrior.rs"]
mod taskwarrior;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{Duration as Days, NaiveDate};
use roundtable::store::Store;

const GNU_TIME: &str = "/usr/bin/time";

/// The roundtable binary on `db`, "today" fixed to `today`.
pub fn roundtable(db: &Path, today: NaiveDate, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_roundtable"));
    c.arg("--db")
        .arg(db)
        .args(args)
        .env("ROUNDTABLE_TODAY", today.to_string())
        .env_remove("ROUNDTABLE_DB")
        .env_remove("ROUNDTABLE_KEY")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    c
}

/// Run `c` to the end, its output read and dropped; the wall-clock time.
pub fn time(c: &mut Command) -> Duration {
    let t = Instant::now();
    let out = c
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let d = t.elapsed();
    assert!(
        out.status.success(),
        "{c:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    d
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The `p`-th percentile (nearest rank) of sorted `t`.
pub fn pct(t: &[Duration], p: f64) -> Duration {
    let rank = (t.len() as f64 * p).ceil() as usize;
    t[rank.clamp(1, t.len()) - 1]
}

fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// Peak resident memory in MB of one run of `program args` (GNU time), if there
/// is a GNU time to ask.
fn peak_mb(program: &Path, args: &[String], today: NaiveDate) -> Option<f64> {
    if !Path::new(GNU_TIME).exists() {
        return None;
    }
    let out = Command::new(GNU_TIME)
        .args(["-f", "%M"])
        .arg(program)
        .args(args)
        .env("ROUNDTABLE_TODAY", today.to_string())
        .env_remove("ROUNDTABLE_DB")
        .env_remove("ROUNDTABLE_KEY")
        .stdin(Stdio::null())
        .output()
        .ok()?;
    let err = String::from_utf8_lossy(&out.stderr);
    let kb: f64 = err.lines().last()?.trim().parse().ok()?;
    Some(kb / 1024.0)
}

/// What one scale's lookups are asked about, found in its database.
struct Subjects {
    actions: i64,
    open: i64,
    case: i64,
    case_actions: i64,
    surname: String,
    last_meeting: String,
    last_meeting_cases: i64,
    next_meeting: String,
}

fn subjects(db: &Path, key_file: Option<&Path>) -> Subjects {
    let key = key_file.map(|k| std::fs::read_to_string(k).unwrap().trim().to_string());
    let s = Store::open_existing(db, key.as_deref()).unwrap();
    let c = s.conn();
    let one = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
    let text = |sql: &str| -> String { c.query_row(sql, [], |r| r.get(0)).unwrap() };
    // The case with the longest history: most discussions, then most actions.
    let (case, case_actions): (i64, i64) = c
        .query_row(
            "SELECT r.id, (SELECT COUNT(*) FROM action a WHERE a.referral_id = r.id) AS na
             FROM referral r
             ORDER BY (SELECT COUNT(*) FROM case_discussion d WHERE d.referral_id = r.id) DESC,
                 na DESC, r.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let name: String = c
        .query_row(
            "SELECT s.name FROM subject s JOIN referral r ON r.subject_id = s.id WHERE r.id = ?1",
            [case],
            |r| r.get(0),
        )
        .unwrap();
    let last_meeting =
        text("SELECT date FROM meeting WHERE state = 'closed' ORDER BY date DESC LIMIT 1");
    let last_meeting_cases: i64 = c
        .query_row(
            "SELECT COUNT(*) FROM case_discussion d JOIN meeting m ON m.id = d.meeting_id
             WHERE m.date = ?1",
            [&last_meeting],
            |r| r.get(0),
        )
        .unwrap();
    Subjects {
        actions: one("SELECT COUNT(*) FROM action"),
        open: one("SELECT COUNT(*) FROM action WHERE status = 'open'"),
        case,
        case_actions,
        surname: name.split_whitespace().last().unwrap_or("a").to_string(),
        last_meeting,
        last_meeting_cases,
        next_meeting: text(
            "SELECT date FROM meeting WHERE state = 'planned' ORDER BY date LIMIT 1",
        ),
    }
}

/// The demo database of `scale` as of `today`: made (timed, with its peak memory)
/// unless `keep` holds one made the same day.
fn demo(scale: &str, today: NaiveDate, dir: &Path, keep: bool) -> PathBuf {
    let db = dir.join(format!("{scale}-{today}.db"));
    if keep && db.exists() {
        println!("{scale} demo: reusing {}", db.display());
        return db;
    }
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let args: Vec<String> = ["--db", &db.to_string_lossy(), "demo", "--scale", scale]
        .iter()
        .map(|s| s.to_string())
        .chain(["--as-of".to_string(), today.to_string()])
        .collect();
    let t = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_roundtable"))
        .args(&args)
        .env_remove("ROUNDTABLE_KEY")
        .output()
        .unwrap();
    let took = t.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let target = if scale == "county" { 30.0 } else { 3.0 };
    println!(
        "{scale} demo built in {:.1} s (target ≤ {target:.0} s): {}",
        took.as_secs_f64(),
        String::from_utf8_lossy(&out.stdout).trim()
    );
    db
}

/// One lookup: its label, its arguments, and a folder or file it writes (emptied
/// before each run, outside the timing, so each run writes afresh).
struct Lookup {
    label: String,
    args: Vec<String>,
    writes: Option<PathBuf>,
    /// Target p50 and p99 in ms.
    target: f64,
}

fn lookups(s: &Subjects, today: NaiveDate, out: &Path, county: bool) -> Vec<Lookup> {
    let list = if county { 50.0 } else { 10.0 };
    // Writing a meeting's minutes (two files a case) has its own target: 100 ms.
    let minutes = 100.0;
    let year_ago = today - Days::days(364);
    let case = s.case.to_string();
    let plain = |label: &str, args: &[&str]| Lookup {
        label: label.to_string(),
        args: args.iter().map(|a| a.to_string()).collect(),
        writes: None,
        target: list,
    };
    let m = s.last_meeting.as_str();
    let minutes_dir = out.join("minutes");
    let ics = out.join("panel.ics");
    let from = year_ago.to_string();
    let to = today.to_string();
    vec![
        plain(
            "actions --overdue --agency YOS",
            &["actions", "--overdue", "--agency", "YOS"],
        ),
        plain(
            "actions --overdue --agency YOS --json",
            &["actions", "--overdue", "--agency", "YOS", "--json"],
        ),
        plain(
            "actions --overdue --agency YOS --csv",
            &["actions", "--overdue", "--agency", "YOS", "--csv"],
        ),
        plain(
            "actions --agency YOS (open)",
            &["actions", "--agency", "YOS"],
        ),
        plain(
            "actions --agency YOS --due-within 14",
            &["actions", "--agency", "YOS", "--due-within", "14"],
        ),
        plain(
            &format!("actions --subject {}", s.surname),
            &["actions", "--subject", &s.surname],
        ),
        plain(
            &format!("actions --case {case} --status all"),
            &["actions", "--case", &case, "--status", "all"],
        ),
        plain(
            &format!("actions --meeting {m}"),
            &["actions", "--meeting", m],
        ),
        plain(
            &format!("actions --meeting {m} --status done --agency YOS"),
            &[
                "actions",
                "--meeting",
                m,
                "--status",
                "done",
                "--agency",
                "YOS",
            ],
        ),
        plain(&format!("case {case}"), &["case", &case]),
        plain(
            &format!("agenda --meeting {}", s.next_meeting),
            &["agenda", "--meeting", &s.next_meeting],
        ),
        plain(
            &format!("report --from {from} --to {to}"),
            &["report", "--from", &from, "--to", &to],
        ),
        Lookup {
            label: "calendar --out FILE".into(),
            args: vec![
                "calendar".into(),
                "--out".into(),
                ics.to_string_lossy().into(),
            ],
            writes: Some(ics),
            target: list,
        },
        Lookup {
            label: format!(
                "minutes --meeting {m} --out DIR ({} cases)",
                s.last_meeting_cases
            ),
            args: vec![
                "minutes".into(),
                "--meeting".into(),
                m.into(),
                "--out".into(),
                minutes_dir.to_string_lossy().into(),
            ],
            writes: Some(minutes_dir),
            target: minutes,
        },
    ]
}

fn clear(p: &Path) {
    if p.is_dir() {
        std::fs::remove_dir_all(p).unwrap();
    } else if p.exists() {
        std::fs::remove_file(p).unwrap();
    }
}

fn bench_scale(scale: &str, form: &keys::Form, today: NaiveDate, runs: usize, out: &Path) {
    let db = form.db.as_path();
    let key: Vec<String> = form
        .key
        .iter()
        .flat_map(|k| ["--key-file".to_string(), k.to_string_lossy().into()])
        .collect();
    let s = subjects(&form.db, form.key.as_deref());
    println!(
        "{scale}: {} actions, {} open ({:.1}%); case {} ({} actions); last meeting {}, next {}",
        s.actions,
        s.open,
        100.0 * s.open as f64 / s.actions as f64,
        s.case,
        s.case_actions,
        s.last_meeting,
        s.next_meeting
    );
    println!("  {} ({}):", scale, form.label);
    println!(
        "  {:<58} {:>8} {:>8} {:>8} {:>9}  target (p99; peak ≤ 50 MB)",
        "lookup", "p50 ms", "p99 ms", "max ms", "peak MB"
    );
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_roundtable"));
    let floor = Lookup {
        label: "--version (the process floor)".into(),
        args: vec!["--version".into()],
        writes: None,
        target: 10.0,
    };
    for mut l in std::iter::once(floor).chain(lookups(&s, today, out, scale == "county")) {
        l.args.splice(0..0, key.iter().cloned());
        let args: Vec<&str> = l.args.iter().map(String::as_str).collect();
        // A command that writes files starts each run with its output removed and
        // the disk idle (`sync`, untimed): one person writing the minutes once, not
        // hundreds of runs piling up writes for the disk to catch up with.
        let run = || {
            if let Some(w) = &l.writes {
                clear(w);
                let _ = Command::new("sync").status();
            }
            time(&mut roundtable(db, today, &args))
        };
        for _ in 0..3 {
            run();
        }
        let n = if l.writes.is_some() {
            runs.div_ceil(4)
        } else {
            runs
        };
        let mut t: Vec<Duration> = (0..n).map(|_| run()).collect();
        t.sort();
        let mut full = vec!["--db".to_string(), db.to_string_lossy().into()];
        full.extend(l.args.iter().cloned());
        if let Some(w) = &l.writes {
            clear(w);
        }
        let peak = peak_mb(&bin, &full, today);
        let p99 = ms(pct(&t, 0.99));
        let met = p99 <= l.target && peak.is_none_or(|p| p <= 50.0);
        println!(
            "  {:<58} {:>8.1} {:>8.1} {:>8.1} {:>9}  ≤ {:.0} ms {}",
            l.label,
            ms(pct(&t, 0.5)),
            p99,
            ms(t[t.len() - 1]),
            peak.map_or("-".to_string(), |p| format!("{p:.1}")),
            l.target,
            if met { "met" } else { "MISSED" }
        );
    }
}

/// The 1, 5 and 15 minute load averages: other work on the machine slows every figure.
fn load() -> String {
    let l = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    l.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}

fn main() {
    let runs = env_num("RT_BENCH_RUNS", 200).max(1);
    let task_runs = env_num("RT_BENCH_TASK_RUNS", 10);
    let scales = std::env::var("RT_BENCH_SCALES").unwrap_or_else(|_| "large,county".into());
    let today = chrono::Local::now().date_naive();
    let keep = std::env::var_os("RT_BENCH_DIR").map(PathBuf::from);
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let dir = keep.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&dir).unwrap();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!(
        "lookup bench: today {today}, {runs} runs a lookup, {cores} cores, load average {}",
        load()
    );
    for scale in scales.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        assert!(
            matches!(scale, "large" | "county"),
            "RT_BENCH_SCALES: large or county, not {scale}"
        );
        let db = demo(scale, today, &dir, keep.is_some());
        let out = tmp.path().join(format!("{scale}-out"));
        std::fs::create_dir_all(&out).unwrap();
        let forms = keys::forms(&db, today, keep.is_some());
        for form in &forms {
            bench_scale(scale, form, today, runs, &out);
        }
        let frames = env_num("RT_BENCH_FRAME_RUNS", 50).max(1);
        for form in &forms {
            let (p50, p99) = keys::first_frame(form, frames);
            println!(
                "  meeting screen start -> first frame, {scale} ({}): p50 {p50:.1} ms, p99 {p99:.1} ms ({frames} starts; target ≤ 50 ms)",
                form.label
            );
        }
        if task_runs > 0 {
            taskwarrior::side_by_side(scale, &forms, today, task_runs, &dir, keep.is_some());
        }
        println!("  (load average now {})\n", load());
    }
}
