//! What a case discussion records beyond its decision (issue 21): the chair's checklist
//! answers (gap F7), sharing and disclosure decisions (F8), ratings on the panel's risk
//! measures (F4) and escalations (F16). Each row hangs off its case discussion (so
//! retention's link-following removes it with the case), is written and changed only
//! here, and every write is in the change log.
//!
//! Read whole for a case page ([`record_of`]), the minutes and `case ID`.

mod write;

use rusqlite::Connection;
use serde::Serialize;

use super::Result;
pub use write::{NewDisclosure, NewEscalation, RecordChange};

/// The four tables (the lead may renumber the migration at merge). A checklist answer
/// and a rating are one row per question or measure per discussion, changed in place
/// (old and new in the change log); a disclosure and an escalation are rows added.
pub const MIGRATION_CASE_RECORD: &str = r#"
CREATE TABLE checklist_answer (
    id INTEGER PRIMARY KEY,
    discussion_id INTEGER NOT NULL REFERENCES case_discussion(id),
    position INTEGER NOT NULL,
    key TEXT NOT NULL CHECK (key <> ''),
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    answered_at TEXT NOT NULL,
    UNIQUE (discussion_id, key)
);
CREATE TABLE risk_rating (
    id INTEGER PRIMARY KEY,
    discussion_id INTEGER NOT NULL REFERENCES case_discussion(id),
    position INTEGER NOT NULL,
    measure TEXT NOT NULL CHECK (measure <> ''),
    label TEXT NOT NULL,
    level TEXT NOT NULL,
    rated_at TEXT NOT NULL,
    UNIQUE (discussion_id, measure)
);
CREATE TABLE disclosure (
    id INTEGER PRIMARY KEY,
    discussion_id INTEGER NOT NULL REFERENCES case_discussion(id),
    to_whom TEXT NOT NULL CHECK (to_whom <> ''),
    what TEXT NOT NULL CHECK (what <> ''),
    how TEXT NOT NULL DEFAULT '',
    why TEXT NOT NULL CHECK (why <> ''),
    with_offender INTEGER NOT NULL CHECK (with_offender IN (0, 1)),
    offender_reason TEXT NOT NULL DEFAULT '',
    agreed_by TEXT NOT NULL CHECK (agreed_by <> ''),
    dissent_by TEXT NOT NULL DEFAULT '',
    dissent_why TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX disclosure_discussion ON disclosure(discussion_id);
CREATE TABLE escalation (
    id INTEGER PRIMARY KEY,
    discussion_id INTEGER NOT NULL REFERENCES case_discussion(id),
    issue TEXT NOT NULL CHECK (issue <> ''),
    to_whom TEXT NOT NULL CHECK (to_whom <> ''),
    due_on TEXT NOT NULL,
    outcome TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX escalation_discussion ON escalation(discussion_id);
"#;

/// A checklist question answered at a discussion, with the question as it was asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChecklistAnswer {
    pub key: String,
    pub question: String,
    /// "yes", "no", an option or words.
    pub answer: String,
    /// What a "no" required (the interim plan, the reason), or a note.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A rating on one of the panel's risk measures at a discussion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rating {
    pub measure: String,
    pub label: String,
    pub level: String,
}

/// A sharing or disclosure decision (to whom, what, how, why), whether the offender
/// is told (and why not), who agreed and any dissent with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Disclosure {
    pub id: i64,
    pub to_whom: String,
    pub what: String,
    pub how: String,
    pub why: String,
    pub with_offender: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub offender_reason: String,
    pub agreed_by: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub dissent_by: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub dissent_why: String,
}

/// An issue referred on (to superiors, those with authority, the SMB) with the time
/// limit the panel set, and its outcome once known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Escalation {
    pub id: i64,
    pub issue: String,
    pub to_whom: String,
    pub due_on: chrono::NaiveDate,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub outcome: String,
}

/// Everything one discussion recorded in these tables.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CaseRecord {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub checklist: Vec<ChecklistAnswer>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ratings: Vec<Rating>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub disclosures: Vec<Disclosure>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub escalations: Vec<Escalation>,
}

impl CaseRecord {
    /// Nothing recorded (every MAGPan case).
    pub fn is_empty(&self) -> bool {
        self.checklist.is_empty()
            && self.ratings.is_empty()
            && self.disclosures.is_empty()
            && self.escalations.is_empty()
    }

    /// The answer to checklist question `key`, if answered.
    pub fn answer(&self, key: &str) -> Option<&ChecklistAnswer> {
        self.checklist.iter().find(|a| a.key == key)
    }

    /// The rating on measure `key`, if rated.
    pub fn rating(&self, key: &str) -> Option<&str> {
        self.ratings
            .iter()
            .find(|r| r.measure == key)
            .map(|r| r.level.as_str())
    }
}

/// Does `conn` have the tables (a read-only file not yet upgraded has not)?
fn has_tables(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'checklist_answer')",
        )?
        .query_row([], |r| r.get(0))?)
}

/// Discussion `discussion`'s record, in the panel's order; empty in a database older
/// than the tables.
pub fn record_of(conn: &Connection, discussion: i64) -> Result<CaseRecord> {
    if !has_tables(conn)? {
        return Ok(CaseRecord::default());
    }
    let checklist = conn
        .prepare_cached(
            "SELECT key, question, answer, note FROM checklist_answer
             WHERE discussion_id = ?1 ORDER BY position, id",
        )?
        .query_map([discussion], |r| {
            Ok(ChecklistAnswer {
                key: r.get("key")?,
                question: r.get("question")?,
                answer: r.get("answer")?,
                note: r.get("note")?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let ratings = conn
        .prepare_cached(
            "SELECT measure, label, level FROM risk_rating
             WHERE discussion_id = ?1 ORDER BY position, id",
        )?
        .query_map([discussion], |r| {
            Ok(Rating {
                measure: r.get("measure")?,
                label: r.get("label")?,
                level: r.get("level")?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let disclosures = conn
        .prepare_cached(
            "SELECT id, to_whom, what, how, why, with_offender, offender_reason, agreed_by,
                dissent_by, dissent_why
             FROM disclosure WHERE discussion_id = ?1 ORDER BY id",
        )?
        .query_map([discussion], |r| {
            Ok(Disclosure {
                id: r.get("id")?,
                to_whom: r.get("to_whom")?,
                what: r.get("what")?,
                how: r.get("how")?,
                why: r.get("why")?,
                with_offender: r.get::<_, i64>("with_offender")? != 0,
                offender_reason: r.get("offender_reason")?,
                agreed_by: r.get("agreed_by")?,
                dissent_by: r.get("dissent_by")?,
                dissent_why: r.get("dissent_why")?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let escalations = conn
        .prepare_cached(
            "SELECT id, issue, to_whom, due_on, outcome FROM escalation
             WHERE discussion_id = ?1 ORDER BY due_on, id",
        )?
        .query_map([discussion], |r| {
            Ok(Escalation {
                id: r.get("id")?,
                issue: r.get("issue")?,
                to_whom: r.get("to_whom")?,
                due_on: r.get("due_on")?,
                outcome: r.get("outcome")?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(CaseRecord {
        checklist,
        ratings,
        disclosures,
        escalations,
    })
}
