//! Issue 27 item 1: a county's day on one host. N terminals on one encrypted
//! database, each the real binary in its own tmux: a chair (started the meeting, shows
//! the room, blanks and shows it again every few seconds), presenters following the
//! room, editors typing continuously (two on each case, one in its Minutes and one in
//! its Reasons, so each sees the other's field; the cases all different), and a shell
//! running lookups and `actions done` / `actions reopen` in a loop. For S seconds.
//!
//! Asserts: every word typed is in the database at the end, in its case and field (0
//! lost keystrokes); no screen ever shows "locked" and no command fails; every editor
//! sees its partner's saved words and every presenter the chair's blanking (each
//! within 10 s, else a failure: a bound on correctness, not a timing target); `audit
//! verify` passes. Prints the delays measured (saved in the database -> on the other
//! screen, p50/p99/max), what the shell ran, and CPU per idle terminal.
//!
//! `RT_LOAD_TERMINALS` (default 6, at least 5) and `RT_LOAD_SECS` (default 20) scale
//! it; `RT_LOAD_IDLE_SECS` (default 5) is the idle CPU sample. The 20-terminal run
//! is scripts/county-load.sh (figures in BENCHMARKS.md).
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::path::Path;
use std::sync::Mutex;
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::county::{chair_opens_the_reviews, encrypted_demo, focus_box};
use common::tmux::{have_tmux, Tmux};
use common::{ok, rt};
use roundtable::store::Store;

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A small deterministic generator (xorshift) for the typing rhythm.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// The field an editor types into, by its label on screen and its column.
fn field(editor: usize) -> (&'static str, &'static str) {
    if editor.is_multiple_of(2) {
        ("Minutes", "minutes")
    } else {
        ("Reasons (or reason for closing)", "decision_reasons")
    }
}

/// An editor on review case `case` (0-based), its field focused.
fn editor_takes_place(t: &Tmux, editor: usize, case: usize) {
    t.wait_for("case 1 of 13");
    for _ in 0..case {
        t.keys(&["C-n"]);
    }
    t.wait_for(&format!("case {} of 13", case + 1));
    focus_box(t, field(editor).0);
}

/// Type words `wEExNNNN` until `until`, each at the start of the field (Home first,
/// so the newest word is the first thing another terminal shows of it), a word in
/// three bursts of keys with a pause of 0.1-0.9 s after it (some pauses commit, some
/// do not). Returns the words whose every key was sent.
fn type_words(t: &Tmux, editor: usize, until: Instant, seed: u64) -> Vec<String> {
    let mut rng = Rng(seed | 1);
    let mut typed = Vec::new();
    let mut n = 0;
    while Instant::now() < until {
        n += 1;
        let word = format!("w{editor:02}x{n:04} ");
        t.tmux(&[
            "send-keys",
            "-t",
            "rt",
            "Home",
            ";",
            "send-keys",
            "-t",
            "rt",
            "-l",
            &word[..3],
        ]);
        sleep(Duration::from_millis(40 + rng.below(80)));
        t.tmux(&["send-keys", "-t", "rt", "-l", &word[3..6]]);
        sleep(Duration::from_millis(40 + rng.below(80)));
        t.tmux(&["send-keys", "-t", "rt", "-l", &word[6..]]);
        typed.push(word.trim().to_string());
        sleep(Duration::from_millis(100 + rng.below(800)));
    }
    typed
}

/// The newest saved word of `editor` (the first in its field), if any.
fn newest(store: &Store, editor: usize) -> Option<String> {
    let (_, col) = field(editor);
    let prefix = format!("w{editor:02}x");
    // `col` is one of two fixed column names, never user text.
    let sql = format!("SELECT {col} FROM case_discussion WHERE instr({col}, ?1) > 0");
    let text: Option<String> = store.conn().query_row(&sql, [&prefix], |r| r.get(0)).ok();
    let text = text?;
    let at = text.find(&prefix)?;
    text.get(at..at + 8).map(str::to_string)
}

/// Wait for a new saved word of `writer`, then for it on `observer`'s screen: the
/// delay from the last database read that did not hold it to the first screen that
/// shows it (an upper bound). `None` when the writer saved nothing new for 5 s.
fn measure_pair(
    store: &Store,
    writer: usize,
    observer: (usize, &Tmux),
    until: Instant,
) -> Option<Duration> {
    let before = newest(store, writer);
    let mut last_without = Instant::now();
    let word = loop {
        let start = Instant::now();
        if let Some(now) = newest(store, writer).filter(|n| Some(n) != before.as_ref()) {
            break now;
        }
        if start > until || start - last_without > Duration::from_secs(5) {
            return None;
        }
        last_without = start;
        sleep(Duration::from_millis(10));
    };
    loop {
        let s = observer.1.screen();
        let seen = Instant::now();
        if s.contains(&word) {
            return Some(seen - last_without);
        }
        assert!(
            seen - last_without < Duration::from_secs(10),
            "editor {} did not show editor {writer}'s saved word {word} within 10 s:\n{s}",
            observer.0
        );
        sleep(Duration::from_millis(5));
    }
}

/// The chair blanks the room (or shows it again): how long until each presenter shows it.
fn blank_toggle(chair: &Tmux, presenters: &[Tmux], blank: bool) -> Vec<Duration> {
    let t0 = Instant::now();
    chair.tmux(&["send-keys", "-t", "rt", "C-b"]);
    let mut took: Vec<Option<Duration>> = vec![None; presenters.len()];
    while took.iter().any(Option::is_none) {
        for (i, p) in presenters.iter().enumerate() {
            if took[i].is_some() {
                continue;
            }
            let s = p.screen();
            if s.trim().is_empty() == blank {
                took[i] = Some(t0.elapsed());
            }
            assert!(
                t0.elapsed() < Duration::from_secs(10),
                "presenter {i} did not follow the chair's blanking ({blank}) within 10 s:\n{s}"
            );
        }
        sleep(Duration::from_millis(5));
    }
    took.into_iter().flatten().collect()
}

/// No screen says "locked"; how many say "waiting to save" (a write waiting its turn).
fn sweep(all: &[(String, &Tmux)]) -> usize {
    let mut waiting = 0;
    for (name, t) in all {
        let s = t.screen();
        assert!(
            !s.to_lowercase().contains("locked"),
            "{name} shows \"locked\":\n{s}"
        );
        waiting += usize::from(s.contains("waiting to save"));
    }
    waiting
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn figures(what: &str, mut d: Vec<Duration>) {
    d.sort();
    eprintln!(
        "{what}: n={} p50={:.0} ms p99={:.0} ms max={:.0} ms",
        d.len(),
        pct(&d, 0.5),
        pct(&d, 0.99),
        d.last().map_or(f64::NAN, |x| x.as_secs_f64() * 1000.0)
    );
}

/// utime + stime of a process, in clock ticks.
fn cpu_ticks(pid: i32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<u64> = after
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0))
        .collect();
    f.get(11).copied().unwrap_or(0) + f.get(12).copied().unwrap_or(0)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The shell loop's process, stopped if the test fails before it says stop.
struct Shell(std::process::Child);

impl Drop for Shell {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The shell: lookups and `actions done` / `reopen` in a loop until `stop` exists;
/// each command's result is a line of `shell.log` ("ok ..." or "FAIL ...").
fn shell_loop(dir: &Path, db: &Path, key: &Path, actions: &[i64]) -> Shell {
    let script = dir.join("loop.sh");
    let ids: Vec<String> = actions.iter().map(i64::to_string).collect();
    std::fs::write(
        &script,
        format!(
            r#"run() {{
  if "$RT" --db "$DB" --key-file "$KEY" "$@" >/dev/null 2>>"$DIR/shell.err"; then
    echo "ok $*" >>"$DIR/shell.log"
  else
    echo "FAIL $*" >>"$DIR/shell.log"
  fi
}}
while [ -d "$DIR" ] && [ ! -e "$DIR/stop" ]; do
  for id in {ids}; do
    [ -e "$DIR/stop" ] && break
    run actions --overdue
    run case 9
    run meetings list
    run actions done "$id" --note "Checked at the county load test"
    run actions reopen "$id" --note "Opened again by the county load test"
  done
done
"#,
            ids = ids.join(" ")
        ),
    )
    .unwrap();
    std::process::Command::new("sh")
        .arg(&script)
        .env("RT", common::bin())
        .env("DB", db)
        .env("KEY", key)
        .env("DIR", dir)
        .env("ROUNDTABLE_CONFIG", "")
        .env("CI", "true")
        .env_remove("ROUNDTABLE_DB")
        .env_remove("ROUNDTABLE_KEY")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(Shell)
        .unwrap()
}

#[test]
fn a_county_day_of_terminals_on_one_encrypted_database_loses_nothing() {
    if !have_tmux() {
        return;
    }
    let terminals = env_num("RT_LOAD_TERMINALS", 6).max(5) as usize;
    let secs = env_num("RT_LOAD_SECS", 20);
    let idle_secs = env_num("RT_LOAD_IDLE_SECS", 5);
    let presenters_n = (terminals / 10).max(1);
    let editors_n = terminals - 2 - presenters_n;
    eprintln!(
        "{terminals} terminals: 1 shell, 1 chair, {presenters_n} presenter(s), {editors_n} editors; {secs} s; load average {}",
        load_average()
    );
    let dir = tempfile::tempdir().unwrap();
    let (db, key, key_text) = encrypted_demo(dir.path());
    let key_arg = format!("--key-file {}", key.display());

    // Open actions for the shell to close and reopen.
    let listed = ok(&rt(&db, Some(&key), &["actions", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&listed).unwrap();
    let actions: Vec<i64> = v["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["id"].as_i64())
        .take(5)
        .collect();
    assert!(!actions.is_empty(), "the demo has open actions");

    let chair = Tmux::start_as("chair", &db, &key_arg, "load-chair", (120, 50));
    chair_opens_the_reviews(&chair);
    let presenters: Vec<Tmux> = (0..presenters_n)
        .map(|i| {
            let p = Tmux::start_as(
                &format!("p{i}"),
                &db,
                &format!("{key_arg} present"),
                &format!("load-p{i}"),
                (120, 40),
            );
            let start = Instant::now();
            while p.screen().trim().is_empty() {
                assert!(
                    start.elapsed() < Duration::from_secs(15),
                    "presenter {i} shows nothing"
                );
                sleep(Duration::from_millis(100));
            }
            p
        })
        .collect();
    let editors: Vec<Tmux> = (0..editors_n)
        .map(|i| {
            let t = Tmux::start_as(
                &format!("e{i}"),
                &db,
                &key_arg,
                &format!("load-e{i}"),
                (120, 60),
            );
            editor_takes_place(&t, i, i / 2);
            t
        })
        .collect();
    let pairs: Vec<(usize, usize)> = (0..editors_n / 2)
        .flat_map(|k| [(2 * k, 2 * k + 1), (2 * k + 1, 2 * k)])
        .collect();
    let mut all: Vec<(String, &Tmux)> = vec![("chair".into(), &chair)];
    all.extend(
        presenters
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("presenter {i}"), p)),
    );
    all.extend(
        editors
            .iter()
            .enumerate()
            .map(|(i, e)| (format!("editor {i}"), e)),
    );

    let mut shell = shell_loop(dir.path(), &db, &key, &actions);
    let reader = Store::open_existing(&db, Some(&key_text)).unwrap();
    let until = Instant::now() + Duration::from_secs(secs);
    let typed: Mutex<Vec<Vec<String>>> = Mutex::new(vec![Vec::new(); editors_n]);
    let mut seen = Vec::new();
    let mut followed = Vec::new();
    let mut waiting = 0;
    std::thread::scope(|s| {
        for (i, t) in editors.iter().enumerate() {
            let typed = &typed;
            s.spawn(move || {
                let words = type_words(t, i, until, 0x9e37_79b9 * (i as u64 + 1));
                typed.lock().unwrap()[i] = words;
            });
        }
        let mut next_probe = Instant::now() + Duration::from_secs(2);
        let mut k = 0;
        while Instant::now() < until {
            if let Some(&(w, o)) = pairs.get(k % pairs.len().max(1)) {
                if let Some(d) = measure_pair(&reader, w, (o, &editors[o]), until) {
                    seen.push(d);
                }
            } else {
                sleep(Duration::from_millis(200));
            }
            k += 1;
            if Instant::now() >= next_probe {
                followed.extend(blank_toggle(&chair, &presenters, true));
                followed.extend(blank_toggle(&chair, &presenters, false));
                waiting += sweep(&all);
                next_probe = Instant::now() + Duration::from_secs(3);
            }
        }
    });
    std::fs::write(dir.path().join("stop"), "").unwrap();
    let shell_status = shell.0.wait().unwrap();
    waiting += sweep(&all);
    eprintln!("load average at the end of typing {}", load_average());

    // Nobody types: CPU per idle terminal.
    sleep(Duration::from_secs(1));
    let pids: Vec<i32> = all.iter().map(|(_, t)| t.pid()).collect();
    let before: Vec<u64> = pids.iter().map(|p| cpu_ticks(*p)).collect();
    let t0 = Instant::now();
    sleep(Duration::from_secs(idle_secs));
    let wall = t0.elapsed().as_secs_f64();
    let tck: f64 = std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100.0);
    let idle: Vec<f64> = pids
        .iter()
        .zip(&before)
        .map(|(p, b)| cpu_ticks(*p).saturating_sub(*b) as f64 / tck / wall * 100.0)
        .collect();

    // Everyone quits (typed text is committed on the way out).
    for (_, t) in &all {
        t.tmux(&["send-keys", "-t", "rt", "C-q"]);
    }
    for (name, t) in &all {
        let start = Instant::now();
        while !t.tmux(&["list-sessions"]).trim().is_empty() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "{name} did not quit:\n{}",
                t.screen()
            );
            sleep(Duration::from_millis(100));
        }
    }

    // The shell's commands all succeeded; none said "locked".
    let log = std::fs::read_to_string(dir.path().join("shell.log")).unwrap_or_default();
    let err = std::fs::read_to_string(dir.path().join("shell.err")).unwrap_or_default();
    assert!(shell_status.success());
    let runs = log.lines().count();
    assert!(runs > 0, "the shell ran nothing");
    assert!(
        !log.contains("FAIL"),
        "a shell command failed:\n{log}\n{err}"
    );
    assert!(!err.to_lowercase().contains("locked"), "{err}");

    // Every word typed is in its own case's field; the pairs share a case, the cases differ.
    let typed = typed.into_inner().unwrap();
    let store = Store::open_existing(&db, Some(&key_text)).unwrap();
    let mut case_of = Vec::new();
    for (i, words) in typed.iter().enumerate() {
        assert!(!words.is_empty(), "editor {i} typed nothing");
        let (_, col) = field(i);
        let sql = format!("SELECT id, {col} FROM case_discussion WHERE instr({col}, ?1) > 0");
        let (id, text): (i64, String) = store
            .conn()
            .query_row(&sql, [&words[0]], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap_or_else(|e| panic!("editor {i}'s first word {} is lost: {e}", words[0]));
        let lost: Vec<&String> = words
            .iter()
            .filter(|w| !text.contains(w.as_str()))
            .collect();
        assert!(
            lost.is_empty(),
            "editor {i} lost {} word(s): {lost:?}",
            lost.len()
        );
        case_of.push(id);
    }
    for i in 0..editors_n {
        for j in 0..editors_n {
            assert_eq!(
                case_of[i] == case_of[j],
                i / 2 == j / 2,
                "editors {i} and {j}"
            );
        }
    }
    let journal: i64 = store
        .conn()
        .query_row("SELECT COUNT(*) FROM typing", [], |r| r.get(0))
        .unwrap();
    assert_eq!(journal, 0, "everything typed was committed on quitting");
    drop(store);
    drop(reader);
    let verified = ok(&rt(&db, Some(&key), &["audit", "verify"]));
    assert!(verified.contains("intact"), "{verified}");

    let words: usize = typed.iter().map(Vec::len).sum();
    eprintln!("{words} words typed by {editors_n} editors in {secs} s, all in the database");
    figures("editor -> partner editor (saved -> shown)", seen);
    figures("chair's blank key -> presenter shows it", followed);
    eprintln!(
        "shell: {runs} commands, none failed; 'waiting to save' seen on {waiting} screen sweeps"
    );
    let mean = idle.iter().sum::<f64>() / idle.len() as f64;
    let max = idle.iter().cloned().fold(0.0, f64::max);
    eprintln!(
        "CPU per idle terminal over {wall:.1} s: mean {mean:.2}% of a core, max {max:.2}%; load average {}",
        load_average()
    );
}
