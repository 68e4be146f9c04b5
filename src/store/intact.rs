//! The whole-file check beside a running meeting (issue 24): the meeting screen draws
//! its first frame without reading every page; `PRAGMA quick_check` runs on its own
//! read-only connection in a background thread, and its answer settles what the
//! meeting's connection may do.
//!
//! What is written before the answer, and why that is safe: everything the meeting
//! writes (the typing journal on each keystroke, marks, choices, replayed journal
//! text) goes into the write-ahead log only. Checkpoints are off on the meeting's
//! connection (`wal_autocheckpoint = 0`, and none on close) until the check passes,
//! so the database file itself stays byte for byte as it was found. If the check
//! finds damage, the connection is made query-only: nothing more is written, what is
//! on screen stays there (and is kept in a file beside the database on quitting), and
//! the log holding what was written meanwhile stays beside the file, where `restore`
//! keeps it with the damaged copy for recovery.

use std::sync::mpsc::{self, TryRecvError};

use rusqlite::config::DbConfig;

use super::{open, Result, Store, StoreError};

/// SQLite's default: a checkpoint once the log holds this many pages.
const AUTOCHECKPOINT_PAGES: i64 = 1000;

/// A whole-file check running in a background thread ([`Store::check_intact_beside`]).
pub struct IntactCheck {
    rx: mpsc::Receiver<Result<()>>,
}

impl IntactCheck {
    /// The answer, once it is in: `Ok(())` for a whole file, else why not
    /// ([`StoreError::Damaged`], [`StoreError::Truncated`], or the check could not
    /// run). `None` while it is still reading.
    pub fn poll(&self) -> Option<Result<()>> {
        match self.rx.try_recv() {
            Ok(r) => Some(r),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(StoreError::Rule(
                "the whole-file check stopped without an answer".into(),
            ))),
        }
    }
}

impl Store {
    /// Start [`Store::check_intact`] beside the meeting: its own read-only connection
    /// (keyed as this one) in a background thread, so nothing waits for the read of
    /// every page. Until [`Store::intact_confirmed`], this connection writes to the
    /// log only (no checkpoint, not even on close): the file stays as it was found.
    pub fn check_intact_beside(&self) -> Result<IntactCheck> {
        self.hold_checkpoints()?;
        let (tx, rx) = mpsc::channel();
        let path = self.path.clone();
        let key = self.key.clone();
        let keyed = self.encrypted;
        std::thread::Builder::new()
            .name("whole-file check".into())
            .spawn(move || {
                let answer = (|| {
                    let len = std::fs::metadata(&path)?.len();
                    let conn = open::open_read_only(&path, key.as_deref().map(String::as_str))?;
                    open::intact(&path, &conn, len, keyed)
                })();
                let _ = tx.send(answer);
            })?;
        Ok(IntactCheck { rx })
    }

    /// Until [`Store::intact_confirmed`], this connection writes to the log only (no
    /// checkpoint, not even on close): the file stays as it was found. The meeting
    /// screen holds them before it writes anything and starts the check itself
    /// ([`Store::check_intact_beside`]) once its first frame is drawn, so the frame
    /// does not share the two cores with the read of every page (issue 24).
    pub fn hold_checkpoints(&self) -> Result<()> {
        self.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        self.conn
            .set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
        Ok(())
    }

    /// The check passed: checkpoints as usual from here on, and the pass recorded
    /// (the changes of the next 24 hours to an encrypted file need not read the
    /// whole file again: [`Store::check_writable`]).
    pub fn intact_confirmed(&self) -> Result<()> {
        self.conn
            .set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false)?;
        self.conn
            .pragma_update(None, "wal_autocheckpoint", AUTOCHECKPOINT_PAGES)?;
        // Not written (another terminal writing): the next change reads it whole.
        let _ = self.record_whole_check();
        Ok(())
    }

    /// The check found damage (`why`, one line): nothing more is written on this
    /// connection (`PRAGMA query_only`), and every failed save says `why`
    /// ([`Store::writing_stopped`]).
    pub fn stop_writing(&self, why: String) -> Result<()> {
        if let Ok(mut s) = self.stopped.lock() {
            *s = Some(why);
        }
        self.conn.pragma_update(None, "query_only", "ON")?;
        Ok(())
    }

    /// Why writing was stopped ([`Store::stop_writing`]), if it was.
    pub fn writing_stopped(&self) -> Option<String> {
        self.stopped.lock().ok().and_then(|s| s.clone())
    }
}
