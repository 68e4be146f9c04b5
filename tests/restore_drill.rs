//! Issue 27 item 3, the restore drill of docs/deploy.md, tested: a meeting on an
//! encrypted database in tmux, the chair typing minutes continuously; every few
//! seconds `roundtable backup --into BACKUPS --keep 3` (as the systemd timer does)
//! and the newest backup copied to a replica folder (as rsync to the other host
//! does). Then the host is lost: the meeting killed (-9) mid-typing and the whole
//! folder deleted. `roundtable restore` from the replica into a new folder, opened
//! with the key (kept apart from the host): every word that was on the screen when
//! the last copied backup began is there, `audit verify` passes, and the replica
//! and the restored file are encrypted and owner-only.
//!
//! The bound: what is lost is what was typed after the last backup that reached the
//! replica began: at most the interval plus one backup and copy (printed; 3 s here,
//! 5 minutes on the schedule of docs/deploy.md). `RT_DRILL_SECS` (default 15) and
//! `RT_DRILL_EVERY` (default 3) scale it.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
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

/// The highest `zqNNNN` on the screen.
fn highest(screen: &str) -> Option<u32> {
    let mut best = None;
    let mut rest = screen;
    while let Some(at) = rest.find("zq") {
        let digits: String = rest[at + 2..].chars().take(4).collect();
        if digits.len() == 4 && digits.chars().all(|c| c.is_ascii_digit()) {
            let n: u32 = digits.parse().unwrap();
            best = Some(best.map_or(n, |b: u32| b.max(n)));
        }
        rest = &rest[at + 2..];
    }
    best
}

fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn encrypted(p: &Path) -> bool {
    !std::fs::read(p).unwrap().starts_with(b"SQLite format 3")
}

/// Sets the flag when dropped: the typist stops even if the test fails first.
struct StopOnDrop<'a>(&'a AtomicBool);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// A backup taken: its copy on the replica, the highest word on screen as it began.
struct Taken {
    replica: PathBuf,
    on_screen: u32,
    began: Instant,
}

#[test]
fn a_lost_host_is_restored_from_its_replica_with_the_loss_bounded() {
    if !have_tmux() {
        return;
    }
    let secs = env_num("RT_DRILL_SECS", 15);
    let every = Duration::from_secs(env_num("RT_DRILL_EVERY", 3));
    let root = tempfile::tempdir().unwrap();
    // The host's folder, the other host's replica, the key kept apart from both.
    let host = root.path().join("host");
    let replica = root.path().join("replica");
    let keys = root.path().join("keys");
    for d in [&host, &replica, &keys] {
        std::fs::create_dir(d).unwrap();
    }
    let (made, made_key, key_text) = encrypted_demo(&host);
    let key = keys.join("county.key");
    std::fs::rename(&made_key, &key).unwrap();
    let db = made;
    let backups = host.join("backups");
    std::fs::create_dir(&backups).unwrap();

    let chair = Tmux::start_as(
        "drill",
        &db,
        &format!("--key-file {}", key.display()),
        "drill-chair",
        (120, 50),
    );
    chair_opens_the_reviews(&chair);
    focus_box(&chair, "Minutes");

    let stop = AtomicBool::new(false);
    let mut taken: Vec<Taken> = Vec::new();
    let mut killed_at = Instant::now();
    let typed = std::thread::scope(|s| {
        let typist = s.spawn(|| {
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                n += 1;
                let word = format!("zq{n:04} ");
                for part in [&word[..3], &word[3..5], &word[5..]] {
                    chair.tmux(&["send-keys", "-t", "rt", "-l", part]);
                    sleep(Duration::from_millis(60));
                }
                sleep(Duration::from_millis(150 + (n % 5) * 100));
            }
            n
        });
        let _stop = StopOnDrop(&stop);
        let until = Instant::now() + Duration::from_secs(secs);
        while Instant::now() < until {
            sleep(every);
            let on_screen = highest(&chair.screen()).unwrap_or(0);
            let began = Instant::now();
            let said = ok(&rt(
                &db,
                Some(&key),
                &["backup", "--into", backups.to_str().unwrap(), "--keep", "3"],
            ));
            assert!(said.contains("change log intact"), "{said}");
            // rsync's part: the newest backup to the other host (mode kept).
            let newest = std::fs::read_dir(&backups)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "db"))
                .max()
                .unwrap();
            let copy = replica.join(newest.file_name().unwrap());
            std::fs::copy(&newest, &copy).unwrap();
            taken.push(Taken {
                replica: copy,
                on_screen,
                began,
            });
        }
        // The host is lost mid-typing, half an interval after the last backup.
        sleep(every / 2);
        let pid = chair.pid();
        killed_at = Instant::now();
        let st = std::process::Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status()
            .unwrap();
        assert!(st.success());
        stop.store(true, Ordering::SeqCst);
        typist.join().unwrap()
    });
    drop(chair);
    std::fs::remove_dir_all(&host).unwrap();
    assert!(!db.exists());
    let backups_kept = std::fs::read_dir(&replica).unwrap().count();
    assert!(
        backups_kept >= 2,
        "backups reached the replica: {backups_kept}"
    );

    // Only SQLCipher files on the replica, owner-only.
    for e in std::fs::read_dir(&replica).unwrap() {
        let p = e.unwrap().path();
        assert!(encrypted(&p), "{} is plain", p.display());
        assert_eq!(mode(&p), 0o600, "{}", p.display());
    }

    // Restore the last backup that reached the replica into a new folder.
    let last = taken.last().unwrap();
    let new_host = root.path().join("new-host");
    std::fs::create_dir(&new_host).unwrap();
    let restored = new_host.join("county.db");
    let said = ok(&rt(
        &restored,
        Some(&key),
        &["restore", last.replica.to_str().unwrap()],
    ));
    assert!(said.contains("change log intact"), "{said}");
    assert!(encrypted(&restored));
    assert_eq!(mode(&restored), 0o600);
    let verified = ok(&rt(&restored, Some(&key), &["audit", "verify"]));
    assert!(verified.contains("change log intact"), "{verified}");

    // Every word on screen when the last backup began is in the restored minutes.
    let store = Store::open_existing(&restored, Some(&key_text)).unwrap();
    let minutes: String = store
        .conn()
        .query_row(
            "SELECT group_concat(minutes, ' ') FROM case_discussion WHERE instr(minutes, 'zq') > 0",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        last.on_screen > 0,
        "words were on screen before the last backup"
    );
    let missing: Vec<u32> = (1..=last.on_screen)
        .filter(|n| !minutes.contains(&format!("zq{n:04}")))
        .collect();
    assert!(
        missing.is_empty(),
        "lost before the last backup: {missing:?}"
    );
    let restored_words = (1..=typed as u32)
        .filter(|n| minutes.contains(&format!("zq{n:04}")))
        .count();
    eprintln!(
        "{} backups every {every:?}, {backups_kept} on the replica (kept 3 on the host); {typed} words typed, {restored_words} restored; \
         the last backup began {:.1} s before the kill: lost {} word(s) typed after it (the bound: the interval plus one backup and copy)",
        taken.len(),
        (killed_at - last.began).as_secs_f64(),
        typed as usize - restored_words
    );
}
