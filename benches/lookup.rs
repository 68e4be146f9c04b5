//! Whole-process timings of the lookups on a large demo database (about ten
//! years, 5,000 subjects, 100,000 actions). Run with `cargo bench --bench lookup`.
//! Prints median and p95 wall-clock milliseconds per command; asserts nothing.
//! `RT_BENCH_RUNS` sets the runs per command (default 200).
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use roundtable::store::Store;

const AS_OF: &str = "2026-11-22";

fn roundtable(db: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_roundtable"));
    c.args(args)
        .arg("--db")
        .arg(db)
        .env("ROUNDTABLE_TODAY", AS_OF)
        .env_remove("ROUNDTABLE_DB")
        .env_remove("ROUNDTABLE_KEY")
        .stdin(Stdio::null());
    c
}

fn run_once(db: &Path, args: &[&str]) -> Duration {
    let t = Instant::now();
    let out = roundtable(db, args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("run roundtable");
    let d = t.elapsed();
    assert!(
        out.status.success(),
        "roundtable {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    d
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn bench(db: &Path, label: &str, args: &[&str], runs: usize) {
    for _ in 0..5 {
        run_once(db, args);
    }
    let mut t: Vec<Duration> = (0..runs).map(|_| run_once(db, args)).collect();
    t.sort();
    let pct = |p: f64| t[((t.len() as f64 * p).ceil() as usize).clamp(1, t.len()) - 1];
    println!(
        "{label:<44} runs {runs:>4}  median {:>6.2} ms  p95 {:>6.2} ms  min {:>6.2} ms  max {:>6.2} ms",
        ms(pct(0.5)),
        ms(pct(0.95)),
        ms(t[0]),
        ms(t[t.len() - 1])
    );
}

fn main() {
    let runs: usize = std::env::var("RT_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("large.db");
    let t = Instant::now();
    let out = roundtable(&db, &["demo", "--scale", "large", "--as-of", AS_OF])
        .output()
        .expect("run demo");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    println!(
        "large demo database built in {:.1} s: {}",
        t.elapsed().as_secs_f64(),
        String::from_utf8_lossy(&out.stdout).trim()
    );

    // The case with the longest history: most discussions, then most actions.
    let (case, discussions, actions, overdue): (i64, i64, i64, i64) = {
        let s = Store::open_existing(&db, None).expect("open");
        let (case, d, a) = s
            .conn()
            .query_row(
                "SELECT r.id,
                    (SELECT COUNT(*) FROM case_discussion d WHERE d.referral_id = r.id) AS nd,
                    (SELECT COUNT(*) FROM action a WHERE a.referral_id = r.id) AS na
                 FROM referral r ORDER BY nd DESC, na DESC, r.id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .expect("a case");
        let overdue = s
            .conn()
            .query_row(
                "SELECT COUNT(*) FROM action a JOIN agency g ON g.id = a.agency_id
                 WHERE g.code = 'YOS' AND a.status = 'open' AND a.due_on < ?1",
                [AS_OF],
                |r| r.get(0),
            )
            .expect("count");
        (case, d, a, overdue)
    };
    let case_s = case.to_string();
    println!(
        "case {case}: {discussions} discussions, {actions} actions; YOS overdue actions: {overdue}"
    );
    bench(
        &db,
        "actions --overdue --agency YOS",
        &["actions", "--overdue", "--agency", "YOS"],
        runs,
    );
    bench(&db, &format!("case {case}"), &["case", &case_s], runs);
    bench(
        &db,
        "actions --overdue --agency YOS --json",
        &["actions", "--overdue", "--agency", "YOS", "--json"],
        runs,
    );
    bench(
        &db,
        "actions --agency YOS --due-within 14",
        &["actions", "--agency", "YOS", "--due-within", "14"],
        runs,
    );
    let few = (runs / 10).max(5);
    bench(
        &db,
        "agenda --meeting 2026-12-09",
        &["agenda", "--meeting", "2026-12-09"],
        few,
    );
    bench(
        &db,
        "report --from 2025-12-01 --to 2026-11-30",
        &["report", "--from", "2025-12-01", "--to", "2026-11-30"],
        few,
    );
    let out_dir = dir.path().join("minutes");
    let out_s = out_dir.to_string_lossy().into_owned();
    bench(
        &db,
        "minutes --meeting 2026-11-11",
        &["minutes", "--meeting", "2026-11-11", "--out", &out_s],
        few,
    );
    let ics = dir.path().join("c.ics").to_string_lossy().into_owned();
    bench(
        &db,
        "calendar --out c.ics",
        &["calendar", "--out", &ics],
        few,
    );
}
