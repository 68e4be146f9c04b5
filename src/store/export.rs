//! `roundtable export --plain --out FILE`: a decrypted copy of the whole database for an
//! analyst, with a few documented views (docs/export.md). The copy is made by SQLCipher's
//! own `sqlcipher_export` into a file attached with an empty key (so it is a plain
//! SQLite file any `sqlite3` opens), created new and owner-only (0600), written beside
//! its final name and renamed into place only once it opens without a key and checks
//! whole. The export itself is written to the change log (who and where), since the
//! copy carries every name the database holds out of its encryption.

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::backup::{create_private, new_file_problem, sync_folder, with_suffix};
use super::schema::APPLICATION_ID;
use super::{Result, Store, StoreError};

/// The views every plain export carries, documented in docs/export.md: one row per
/// action with its agency code and meeting date (`v_actions`), one row per case with
/// its subject and lead agency (`v_cases`). Views in an attached database may name only
/// its own tables, so these are created in the copy after the export.
pub const VIEWS: &str = "
CREATE VIEW v_actions AS
SELECT a.id AS action_id, a.referral_id AS case_id, ag.code AS agency, a.person,
       a.description, a.due_on, a.status, a.completed_on, a.completion_note,
       m.date AS meeting_date
FROM action a
JOIN agency ag ON ag.id = a.agency_id
JOIN meeting m ON m.id = a.meeting_id;
CREATE VIEW v_cases AS
SELECT r.id AS case_id, s.name, s.date_of_birth, s.gender, r.status, r.date_received,
       ra.code AS referring_agency, la.code AS lead_agency, r.risk_start, r.risk_current,
       r.opened_on, r.next_review_on, r.closed_on, r.closure_reason
FROM referral r
JOIN subject s ON s.id = r.subject_id
JOIN agency ra ON ra.id = r.referring_agency_id
LEFT JOIN agency la ON la.id = r.lead_agency_id;
";

/// What an export made: the file and its size in bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainExport {
    pub path: PathBuf,
    pub bytes: u64,
}

impl Store {
    /// Write a decrypted copy of this database to `out` (see the module). Errors:
    /// `Rule` when `out` exists, is in a folder that does not exist or has a name
    /// SQLite keeps for its own files (nothing is written), or when the copy does not
    /// check out (the partial file is removed).
    pub fn export_plain(&self, out: &Path) -> Result<PlainExport> {
        // A database that was never encrypted gives a copy, not a decrypted one.
        let what = if self.is_encrypted() {
            "decrypted copy"
        } else {
            "copy"
        };
        new_file_problem(
            out,
            &format!("{what} (an existing file is never overwritten)"),
        )?;
        let tmp = with_suffix(out, ".partial");
        if tmp.exists() {
            // Left by an export that was stopped: only ever a partial copy.
            fs::remove_file(&tmp)?;
        }
        create_private(&tmp)?;
        let made = (|| -> Result<PlainExport> {
            let version: i64 = self
                .conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))?;
            let name = tmp.to_string_lossy().into_owned();
            self.conn
                .execute("ATTACH DATABASE ?1 AS plain_copy KEY ''", [&name])?;
            let copied = (|| -> Result<()> {
                self.conn
                    .query_row("SELECT sqlcipher_export('plain_copy')", [], |r| {
                        r.get::<_, Option<String>>(0)
                    })?;
                self.conn
                    .pragma_update(Some("plain_copy"), "user_version", version)?;
                self.conn
                    .pragma_update(Some("plain_copy"), "application_id", APPLICATION_ID)?;
                Ok(())
            })();
            let detached = self.conn.execute_batch("DETACH DATABASE plain_copy");
            copied?;
            detached?;
            let c = Connection::open_with_flags(&tmp, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
            c.execute_batch(VIEWS)?;
            let ok: String = c.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
            let v: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            drop(c);
            if ok != "ok" || v != version {
                return Err(StoreError::Rule(format!(
                    "the {what} did not check out (schema {v}, {ok}); nothing was exported"
                )));
            }
            fs::File::open(&tmp)?.sync_all()?;
            Ok(PlainExport {
                path: out.to_path_buf(),
                bytes: fs::metadata(&tmp)?.len(),
            })
        })();
        match made {
            Ok(m) => {
                fs::rename(&tmp, out)?;
                sync_folder(out)?;
                self.log_event(&format!(
                    "{what} exported to {} ({} bytes)",
                    out.display(),
                    m.bytes
                ))?;
                Ok(m)
            }
            Err(e) => {
                let _ = fs::remove_file(&tmp);
                Err(e)
            }
        }
    }
}
