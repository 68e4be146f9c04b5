//! When the whole file was last read and found whole, and when a change must read it
//! whole again first (issue 26; the rule and its reasons are in SECURITY.md, "The
//! whole-file check").
//!
//! An encrypted database (SQLCipher) checks each page's HMAC-SHA512 as SQLite reads
//! it: damage on any page a change reads is met at that moment, the change's
//! transaction is rolled back and the command says so in one line
//! ([`super::sql_text`]); and a change writes only pages it has read (or pages taken
//! from the free list, which are written whole). So a change to an encrypted file
//! reads the whole file first (`PRAGMA quick_check`) only when no whole read has
//! passed in the last [`RECHECK_AFTER`]. A plain file has no such check on its pages
//! and is read whole before every change, as before.

use chrono::{DateTime, Duration, Utc};
use rusqlite::OptionalExtension;

use super::{Result, Store};

/// Issue 26: when a whole-file check last passed on this file (one row).
pub const MIGRATION_WHOLE_CHECK: &str = r#"
CREATE TABLE whole_check (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    passed_at TEXT NOT NULL
);
"#;

/// How long a passed whole-file check of an encrypted file stands for the changes
/// after it.
pub const RECHECK_AFTER: Duration = Duration::hours(24);

/// Must a change read the whole file first? A plain file: always. An encrypted one:
/// when no check has passed (`last`), or the last passed [`RECHECK_AFTER`] or more
/// before `now`, or after `now` (a clock set back: not trusted).
pub fn due(encrypted: bool, last: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    if !encrypted {
        return true;
    }
    match last {
        Some(at) => at > now || now - at >= RECHECK_AFTER,
        None => true,
    }
}

impl Store {
    /// When a whole-file check last passed on this file, as recorded in it.
    pub fn whole_check_passed_at(&self) -> Result<Option<DateTime<Utc>>> {
        let at: Option<String> = self
            .conn
            .prepare_cached("SELECT passed_at FROM whole_check WHERE id = 1")?
            .query_row([], |r| r.get(0))
            .optional()?;
        Ok(at.and_then(|s| crate::domain::clock::parse_stamp(&s)))
    }

    /// Must a change read the whole file before it writes ([`due`])?
    pub fn whole_check_due(&self) -> Result<bool> {
        if !self.encrypted {
            return Ok(true);
        }
        Ok(due(true, self.whole_check_passed_at()?, self.now()))
    }

    /// Record that a whole-file check passed now (an encrypted file only: a plain
    /// one is read whole before every change whatever is recorded, and is left
    /// unchanged by a command that is refused). Not in the change log: it records
    /// the file's state, not the panel's record. A record that cannot be written
    /// (a busy or read-only file) only means the next change reads the file whole.
    pub fn record_whole_check(&self) -> Result<()> {
        if !self.encrypted {
            return Ok(());
        }
        self.conn
            .prepare_cached(
                "INSERT INTO whole_check (id, passed_at) VALUES (1, ?1)
                 ON CONFLICT(id) DO UPDATE SET passed_at = excluded.passed_at",
            )?
            .execute([crate::domain::clock::stamp(self.now())])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: i64, m: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_790_000_000, 0).unwrap_or_default()
            + Duration::hours(h)
            + Duration::minutes(m)
    }

    #[test]
    fn a_plain_file_is_always_read_whole_an_encrypted_one_once_a_day() {
        assert!(due(false, Some(at(0, 0)), at(0, 1)), "plain: every time");
        assert!(due(true, None, at(0, 0)), "never checked");
        assert!(!due(true, Some(at(0, 0)), at(0, 0)));
        assert!(!due(true, Some(at(0, 0)), at(23, 59)));
        assert!(due(true, Some(at(0, 0)), at(24, 0)), "24 hours on");
        assert!(
            due(true, Some(at(1, 0)), at(0, 0)),
            "recorded in the future"
        );
    }
}
