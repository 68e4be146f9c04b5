//! Issue 22 (MAVE, 001), one migration: restricted intelligence (MV10, gap D13) and
//! which co-chair agreed each decision (MV5). The lead may renumber it at merge.

/// `referral.restricted_reason`: the coordinator restricted the whole referral's
/// intelligence, for this reason (NULL: not restricted); `referral_answer.restricted`:
/// the answer of a field marked `restricted = true`; `case_discussion.
/// agreed_by_attendance_id`: with two co-chairs present, the one who agreed the
/// decision (one of the meeting's attendance rows).
pub const MIGRATION_MAVE: &str = r#"
ALTER TABLE referral ADD COLUMN restricted_reason TEXT;
ALTER TABLE referral_answer ADD COLUMN restricted INTEGER NOT NULL DEFAULT 0
    CHECK (restricted IN (0, 1));
ALTER TABLE case_discussion ADD COLUMN agreed_by_attendance_id INTEGER
    REFERENCES attendance(id);
"#;

/// Has `table` a column `col` (a read-only database not yet upgraded may lack it)?
pub fn has_column(conn: &rusqlite::Connection, table: &str, col: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2)")?
        .query_row(rusqlite::params![table, col], |r| r.get(0))
}

/// Issue 22 (MAVE MV1), one more migration: `referral.checklist_override`, the
/// coordinator's reason for taking a referral in although its form's checklist fails
/// (NULL: no override). The lead may renumber it at merge.
pub const MIGRATION_MAVE_OVERRIDE: &str = r#"
ALTER TABLE referral ADD COLUMN checklist_override TEXT;
"#;
