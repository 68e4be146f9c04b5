//! Writing a discussion's record: each change checked against the panel's own
//! paperwork (its checklist, its measures) and the rules of a sharing decision, in one
//! transaction with its change-log rows.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};

use crate::domain::paperwork::{AnswerType, Paperwork, Rule};
use crate::store::ids::DiscussionId;
use crate::store::{Result, Store, StoreError};

/// A sharing or disclosure decision to record (see [`super::Disclosure`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewDisclosure {
    pub to_whom: String,
    pub what: String,
    pub how: String,
    pub why: String,
    pub with_offender: bool,
    pub offender_reason: String,
    pub agreed_by: String,
    pub dissent_by: String,
    pub dissent_why: String,
}

impl NewDisclosure {
    /// What is missing or wrong, in one line naming the field; `cite` gives the
    /// panel's section for sharing.
    pub fn problem(&self, cite: &str) -> Option<String> {
        let blank = |s: &str| s.trim().is_empty();
        Some(if blank(&self.to_whom) {
            "To whom: name who is told (a person, an employer, a school, the public)".into()
        } else if blank(&self.what) {
            "What: say what is shared".into()
        } else if blank(&self.why) {
            "Why: the reason for sharing is recorded".into()
        } else if !self.with_offender && blank(&self.offender_reason) {
            format!("Not shared with the offender: state why{cite}")
        } else if blank(&self.agreed_by) {
            format!("Agreed by: the panel and the disclosing agencies agree first{cite}")
        } else if blank(&self.dissent_by) != blank(&self.dissent_why) {
            format!("Dissent: name who advised against it and why{cite}")
        } else {
            return None;
        })
    }
}

/// An escalation to record: the issue, to whom it is referred and the time limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEscalation {
    pub issue: String,
    pub to_whom: String,
    pub due_on: NaiveDate,
}

/// One change to a discussion's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordChange {
    /// Answer checklist question `key` (again: the answer is replaced, logged).
    Answer {
        discussion: DiscussionId,
        key: String,
        answer: String,
        note: String,
    },
    /// Rate measure `key` at `level` of its scale.
    Rating {
        discussion: DiscussionId,
        key: String,
        level: String,
    },
    Disclosure {
        discussion: DiscussionId,
        row: NewDisclosure,
    },
    Escalation {
        discussion: DiscussionId,
        row: NewEscalation,
    },
    /// What came of escalation `id` (raised at `discussion`).
    Outcome {
        discussion: DiscussionId,
        id: i64,
        outcome: String,
    },
}

impl RecordChange {
    /// The discussion it changes.
    pub fn discussion(&self) -> DiscussionId {
        match self {
            RecordChange::Answer { discussion, .. }
            | RecordChange::Rating { discussion, .. }
            | RecordChange::Disclosure { discussion, .. }
            | RecordChange::Escalation { discussion, .. }
            | RecordChange::Outcome { discussion, .. } => *discussion,
        }
    }
}

impl Store {
    /// The paperwork of the panel that heard discussion `d`.
    fn paperwork_of(&self, d: DiscussionId) -> Result<Paperwork> {
        let stored: Option<Option<String>> = self
            .conn
            .prepare_cached(
                "SELECT p.paperwork FROM case_discussion d JOIN meeting m ON m.id = d.meeting_id
                 JOIN panel p ON p.id = m.panel_id WHERE d.id = ?1",
            )?
            .query_row([d.0], |r| r.get(0))
            .optional()?;
        let Some(json) = stored else {
            return Err(StoreError::NotFound(format!("discussion {d}")));
        };
        Paperwork::from_stored(json.as_deref())
            .map_err(|e| StoreError::Rule(format!("panel paperwork is damaged: {e}")))
    }

    /// Record `change`, checked against the panel's paperwork, with its change-log rows.
    /// Errors: `Rule` (one line) for an answer, rating or row the panel's rules refuse.
    pub fn record_change(&self, change: &RecordChange) -> Result<()> {
        let d = change.discussion();
        let pw = self.paperwork_of(d)?;
        let rule = |s: String| StoreError::Rule(s);
        self.atomic(|s| match change {
            RecordChange::Answer {
                key, answer, note, ..
            } => {
                let (pos, item) = pw
                    .checklist
                    .iter()
                    .enumerate()
                    .find(|(_, i)| i.key == *key)
                    .ok_or_else(|| {
                        rule(format!(
                            "checklist {key}: not a question of this panel's checklist"
                        ))
                    })?;
                item.check_answer(answer).map_err(rule)?;
                let answer = answer.trim();
                if item.answer == AnswerType::YesNo && answer == "no" {
                    if let Some(need) = item.if_no.filter(|n| n.needs_note()) {
                        if note.trim().is_empty() {
                            return Err(rule(format!(
                                "{key} answered no: write {}{}",
                                need.label(),
                                pw.cite.paren(Rule::Checklist)
                            )));
                        }
                    }
                }
                s.upsert(
                    "checklist_answer",
                    d,
                    ("key", key),
                    pos,
                    &[("question", &item.question)],
                    &[("answer", answer), ("note", note.trim())],
                    "answered_at",
                )
            }
            RecordChange::Rating { key, level, .. } => {
                let (pos, m) = pw
                    .risk_measures
                    .iter()
                    .enumerate()
                    .find(|(_, m)| m.key == *key)
                    .ok_or_else(|| rule(format!("risk measure {key}: not one of this panel's")))?;
                if !m.scale.iter().any(|l| l == level) {
                    return Err(rule(format!(
                        "{}: {level} is not on its scale ({})",
                        m.label,
                        m.scale.join(", ")
                    )));
                }
                s.upsert(
                    "risk_rating",
                    d,
                    ("measure", key),
                    pos,
                    &[("label", &m.label)],
                    &[("level", level)],
                    "rated_at",
                )
            }
            RecordChange::Disclosure { row, .. } => {
                if !pw.records.sharing {
                    return Err(rule(
                        "this panel records no sharing decisions ([records] sharing)".into(),
                    ));
                }
                if let Some(p) = row.problem(&pw.cite.paren(Rule::Sharing)) {
                    return Err(rule(p));
                }
                s.conn
                    .prepare_cached(
                        "INSERT INTO disclosure (discussion_id, to_whom, what, how, why,
                            with_offender, offender_reason, agreed_by, dissent_by, dissent_why,
                            created_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                    )?
                    .execute(params![
                        d.0,
                        row.to_whom.trim(),
                        row.what.trim(),
                        row.how.trim(),
                        row.why.trim(),
                        i64::from(row.with_offender),
                        row.offender_reason.trim(),
                        row.agreed_by.trim(),
                        row.dissent_by.trim(),
                        row.dissent_why.trim(),
                        crate::domain::clock::stamp(s.now()),
                    ])?;
                s.logged_insert(
                    "disclosure",
                    &format!("disclosure to {}", row.to_whom.trim()),
                )
            }
            RecordChange::Escalation { row, .. } => {
                if !pw.records.escalations {
                    return Err(rule(
                        "this panel records no escalations ([records] escalations)".into(),
                    ));
                }
                if row.issue.trim().is_empty() || row.to_whom.trim().is_empty() {
                    return Err(rule(format!(
                        "Escalation: say what the issue is and to whom it is referred{}",
                        pw.cite.paren(Rule::Escalation)
                    )));
                }
                s.conn
                    .prepare_cached(
                        "INSERT INTO escalation (discussion_id, issue, to_whom, due_on, created_at)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                    )?
                    .execute(params![
                        d.0,
                        row.issue.trim(),
                        row.to_whom.trim(),
                        row.due_on,
                        crate::domain::clock::stamp(s.now()),
                    ])?;
                s.logged_insert(
                    "escalation",
                    &format!("escalation to {}", row.to_whom.trim()),
                )
            }
            RecordChange::Outcome { id, outcome, .. } => {
                let old: Option<String> = s
                    .conn
                    .prepare_cached(
                        "SELECT outcome FROM escalation WHERE id = ?1 AND discussion_id = ?2",
                    )?
                    .query_row(params![id, d.0], |r| r.get(0))
                    .optional()?;
                let old = old.ok_or_else(|| StoreError::NotFound(format!("escalation {id}")))?;
                if old == outcome.trim() {
                    return Ok(());
                }
                s.conn
                    .prepare_cached("UPDATE escalation SET outcome = ?1 WHERE id = ?2")?
                    .execute(params![outcome.trim(), id])?;
                s.logged(
                    "escalation",
                    *id,
                    "outcome",
                    Some(old),
                    Some(outcome.trim()),
                )
            }
        })
    }

    /// Insert or change the row of `table` for discussion `d` and `unique` (its key
    /// column and value): `fixed` columns are written once, `values` logged old and new.
    #[allow(clippy::too_many_arguments)]
    fn upsert(
        &self,
        table: &'static str,
        d: DiscussionId,
        unique: (&'static str, &str),
        position: usize,
        fixed: &[(&'static str, &str)],
        values: &[(&'static str, &str)],
        stamp_col: &'static str,
    ) -> Result<()> {
        let (kcol, kval) = unique;
        // Table and column names here are this module's constants, never user text.
        let sql = format!("SELECT id FROM {table} WHERE discussion_id = ?1 AND {kcol} = ?2");
        let found: Option<i64> = self
            .conn
            .prepare_cached(&sql)?
            .query_row(params![d.0, kval], |r| r.get(0))
            .optional()?;
        let now = crate::domain::clock::stamp(self.now());
        match found {
            Some(id) => {
                for (col, v) in values {
                    let sql = format!("SELECT {col} FROM {table} WHERE id = ?1");
                    let old: String = self
                        .conn
                        .prepare_cached(&sql)?
                        .query_row([id], |r| r.get(0))?;
                    if old == *v {
                        continue;
                    }
                    let sql =
                        format!("UPDATE {table} SET {col} = ?1, {stamp_col} = ?2 WHERE id = ?3");
                    self.conn
                        .prepare_cached(&sql)?
                        .execute(params![v, now, id])?;
                    self.logged(table, id, col, Some(old), Some(v))?;
                }
                Ok(())
            }
            None => {
                let mut cols = vec!["discussion_id", "position", kcol, stamp_col];
                cols.extend(fixed.iter().map(|(c, _)| *c));
                cols.extend(values.iter().map(|(c, _)| *c));
                let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
                let sql = format!(
                    "INSERT INTO {table} ({}) VALUES ({})",
                    cols.join(", "),
                    marks.join(", ")
                );
                let mut vals: Vec<rusqlite::types::Value> = vec![
                    d.0.into(),
                    (position as i64).into(),
                    kval.to_string().into(),
                    now.into(),
                ];
                vals.extend(fixed.iter().map(|(_, v)| v.to_string().into()));
                vals.extend(values.iter().map(|(_, v)| v.to_string().into()));
                self.conn
                    .prepare_cached(&sql)?
                    .execute(rusqlite::params_from_iter(vals))?;
                let summary = values
                    .iter()
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(c, v)| format!("{c} {v}"))
                    .collect::<Vec<_>>()
                    .join("; ");
                self.logged_insert(table, &format!("{kval}: {summary}"))
            }
        }
    }

    /// Log the row just inserted into `table`.
    fn logged_insert(&self, table: &str, summary: &str) -> Result<()> {
        let row = self.conn.last_insert_rowid();
        if !self.log_changes {
            return Ok(());
        }
        self.append_log(table, row, "*", None, Some(summary.to_string()))
    }

    /// Log one field's change.
    fn logged(
        &self,
        table: &str,
        row: i64,
        col: &str,
        old: Option<String>,
        new: Option<&str>,
    ) -> Result<()> {
        if !self.log_changes {
            return Ok(());
        }
        self.append_log(table, row, col, old, new.map(str::to_string))
    }
}
