//! Issue 23 item 5: `actions --workspace` over five panels of ten years each, every one
//! its own database encrypted under its own raw key (`encrypt --generate-key`), against
//! `actions` on one of them: opening N databases should cost N opens, not more. Whole
//! processes, as a person at a shell waits for them; p50 and p99 wall clock.
//!
//! ```sh
//! cargo bench --bench workspace                      # 5 panels, 100 runs each
//! RT_BENCH_RUNS=20 cargo bench --bench workspace     # a quick look
//! RT_BENCH_DIR=/tmp/rt-ws cargo bench --bench workspace  # keep and reuse the databases
//! ```
#![allow(clippy::unwrap_used)] // a bench: a failure is a panic with its message

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;

fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

fn roundtable(today: NaiveDate, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_roundtable"));
    c.args(args)
        .env("ROUNDTABLE_TODAY", today.to_string())
        .env_remove("ROUNDTABLE_DB")
        .env_remove("ROUNDTABLE_KEY")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    c
}

/// Run `c` to the end, its output read and dropped; the wall-clock time. `ok`: it must
/// succeed.
fn time(c: &mut Command) -> Duration {
    let t = Instant::now();
    let out = c
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let d = t.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    d
}

fn pct(t: &[Duration], p: f64) -> Duration {
    let rank = (t.len() as f64 * p).ceil() as usize;
    t[rank.clamp(1, t.len()) - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// Panel `n`: a large demo (seed `n`, ten years) encrypted under its own raw key.
fn panel(dir: &Path, n: usize, today: NaiveDate, keep: bool) -> (PathBuf, PathBuf) {
    let db = dir.join(format!("panel{n}.db"));
    let key = dir.join(format!("panel{n}.key"));
    if keep && db.exists() && key.exists() {
        return (db, key);
    }
    for p in [&db, &key] {
        let _ = std::fs::remove_file(p);
    }
    let (d, seed, day) = (db.to_str().unwrap(), n.to_string(), today.to_string());
    let made = time(&mut roundtable(
        today,
        &[
            "--db", d, "demo", "--scale", "large", "--seed", &seed, "--as-of", &day,
        ],
    ));
    let k = key.to_str().unwrap();
    let enc = time(&mut roundtable(
        today,
        &["--db", d, "encrypt", "--generate-key", k],
    ));
    println!(
        "panel {n}: demo --scale large --seed {n} in {:.0} ms, encrypted in {:.0} ms",
        ms(made),
        ms(enc)
    );
    (db, key)
}

/// `runs` timed runs (after 3 to warm up): p50, p99 and the mean.
fn measure(runs: usize, mut make: impl FnMut() -> Command) -> (f64, f64, f64) {
    for _ in 0..3 {
        time(&mut make());
    }
    let mut t: Vec<Duration> = (0..runs).map(|_| time(&mut make())).collect();
    let mean = t.iter().map(|d| ms(*d)).sum::<f64>() / t.len() as f64;
    t.sort();
    (ms(pct(&t, 0.5)), ms(pct(&t, 0.99)), mean)
}

/// How a row of the table makes its command.
type MakeCommand<'a> = Box<dyn Fn() -> Command + 'a>;

fn main() {
    let runs = env_num("RT_BENCH_RUNS", 100).max(1);
    let panels = env_num("RT_BENCH_PANELS", 5).max(1);
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let keep = std::env::var_os("RT_BENCH_DIR").map(PathBuf::from);
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let dir = keep.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    std::fs::create_dir_all(&dir).unwrap();
    println!(
        "workspace bench: today {today}, {panels} panels, {runs} runs, load average {}",
        load()
    );
    let all: Vec<(PathBuf, PathBuf)> = (1..=panels)
        .map(|n| panel(&dir, n, today, keep.is_some()))
        .collect();
    let mut config = String::new();
    for (n, (db, key)) in all.iter().enumerate() {
        config.push_str(&format!(
            "[[panel]]\nname = \"P{}\"\ndatabase = \"{}\"\nkey_file = \"{}\"\nagency = \"YOS\"\n\n",
            n + 1,
            db.display(),
            key.display()
        ));
    }
    let cfg = dir.join("workspace.toml");
    std::fs::write(&cfg, config).unwrap();
    let (db1, key1) = &all[0];
    let one = |args: &[&str]| {
        let mut c = roundtable(today, &["--db", db1.to_str().unwrap()]);
        c.arg("--key-file")
            .arg(key1)
            .args(args)
            .env("ROUNDTABLE_CONFIG", "");
        c
    };
    let ws = |args: &[&str]| {
        let mut c = roundtable(today, args);
        c.env("ROUNDTABLE_CONFIG", &cfg);
        c
    };
    println!("\n| lookup | panels | p50 ms | p99 ms | mean ms |\n|---|---:|---:|---:|---:|");
    let rows: [(&str, usize, MakeCommand); 4] = [
        (
            "`actions --agency YOS` (one database)",
            1,
            Box::new(|| one(&["actions", "--agency", "YOS"])),
        ),
        (
            "`actions --workspace --agency mine`",
            panels,
            Box::new(|| ws(&["actions", "--workspace", "--agency", "mine"])),
        ),
        (
            "`actions --workspace --agency mine --overdue`",
            panels,
            Box::new(|| ws(&["actions", "--workspace", "--agency", "mine", "--overdue"])),
        ),
        (
            "`actions --workspace --agency all --json`",
            panels,
            Box::new(|| ws(&["actions", "--workspace", "--agency", "all", "--json"])),
        ),
    ];
    for (label, n, make) in rows {
        let (p50, p99, mean) = measure(runs, make);
        println!("| {label} | {n} | {p50:.1} | {p99:.1} | {mean:.1} |");
    }
    println!("\nload average after: {}", load());
}
