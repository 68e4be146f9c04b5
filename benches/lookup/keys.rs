//! Issue 24: the same lookups on encrypted copies of a demo, one under a raw key
//! written by `encrypt --generate-key`, one under a passphrase in a key file; and the
//! meeting screen's start to its first frame on each.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use roundtable::store::Store;

use super::{ms, pct, roundtable, time};

/// How a copy of the demo is kept: its label, the database, and its key file.
pub struct Form {
    pub label: &'static str,
    pub db: PathBuf,
    pub key: Option<PathBuf>,
}

fn owner_only(p: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o600)).unwrap();
}

/// The forms `RT_BENCH_KEYS` asks for (`plain,raw,passphrase` by default) of `db`:
/// each encrypted one a copy made with `roundtable encrypt` (reused when `keep`).
pub fn forms(db: &Path, today: NaiveDate, keep: bool) -> Vec<Form> {
    let wanted = std::env::var("RT_BENCH_KEYS").unwrap_or_else(|_| "plain,raw,passphrase".into());
    let mut out = vec![];
    for w in wanted.split(',').map(str::trim) {
        let label = match w {
            "plain" => {
                out.push(Form {
                    label: "plain",
                    db: db.to_path_buf(),
                    key: None,
                });
                continue;
            }
            "raw" => "raw key",
            "passphrase" => "passphrase",
            other => panic!("RT_BENCH_KEYS: plain, raw or passphrase, not {other}"),
        };
        let copy = PathBuf::from(format!("{}.{w}.db", db.display()));
        let key = PathBuf::from(format!("{}.{w}.key", db.display()));
        if !(keep && copy.exists() && key.exists()) {
            for p in [&copy, &key] {
                let _ = std::fs::remove_file(p);
            }
            // Everything into the main file first (a lookup closes it checkpointed).
            time(&mut roundtable(db, today, &["meetings", "list"]));
            std::fs::copy(db, &copy).unwrap();
            let key_arg = key.to_string_lossy().to_string();
            let args: Vec<&str> = if w == "raw" {
                vec!["encrypt", "--generate-key", &key_arg]
            } else {
                std::fs::write(&key, "a long enough passphrase\n").unwrap();
                owner_only(&key);
                vec!["--key-file", &key_arg, "encrypt"]
            };
            time(&mut roundtable(&copy, today, &args));
        }
        out.push(Form {
            label,
            db: copy,
            key: Some(key),
        });
    }
    out
}

/// The key in a key file, as `roundtable` reads it.
fn key_text(f: &Form) -> Option<String> {
    f.key
        .as_ref()
        .map(|k| std::fs::read_to_string(k).unwrap().trim().to_string())
}

/// The meeting screen's start, in process: open the database (its checks), refuse a
/// read-only one, hold checkpoints, read the meeting and draw the first frame (into a
/// 160×48 buffer); then the whole-file check starts beside it, untimed. p50 and p99 in ms of `runs` starts.
pub fn first_frame(f: &Form, runs: usize) -> (f64, f64) {
    let key = key_text(f);
    let one = || -> Duration {
        let t = Instant::now();
        let store = Store::open_existing(&f.db, key.as_deref()).unwrap();
        store.check_can_write().unwrap();
        store.hold_checkpoints().unwrap();
        let meeting = store.meeting_to_run().unwrap().unwrap();
        let app = roundtable::tui::start(&store, meeting).unwrap();
        let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 48)).unwrap();
        term.draw(|fr| roundtable::ui::render(&app, fr)).unwrap();
        let d = t.elapsed();
        // As the meeting screen does: the whole-file check starts once the first frame
        // is drawn, and finishes beside (not timed).
        let check = store.check_intact_beside().unwrap();
        while check.poll().is_none() {
            std::thread::sleep(Duration::from_millis(5));
        }
        d
    };
    one();
    let mut t: Vec<Duration> = (0..runs).map(|_| one()).collect();
    t.sort();
    (ms(pct(&t, 0.5)), ms(pct(&t, 0.99)))
}
