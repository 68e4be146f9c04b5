//! The people of a case and its marks (issue 21, gap rows D2, D7, D11): each person
//! of a referral's form tables (`[people_per_case]`: MARAC's children and alleged
//! perpetrators) stored with their role and linked to the case, matched at intake by
//! the subjects' rule (the same name and the same date of birth); a case brought
//! anonymously, under a label, never matched by name; a repeat, with the date the
//! victim was last heard. Written with the referral in its transaction, each row
//! change-logged.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::domain::names::{name_key, same_name};
use crate::domain::paperwork::CasePerson;
use crate::store::ids::{PanelId, ReferralId, SubjectId};
use crate::store::{Result, Store};

/// The people of a case and its marks (migration 19; the lead may renumber it at
/// merge). `case_person`: one row per person of a case other than its subject, with
/// the role, the name as written and as matched, the date of birth, the row's other
/// cells, and the earlier case they were matched to. `case_mark`: one row per case
/// that is anonymous (its label) or a repeat (the date last heard).
pub const MIGRATION_CASE_PEOPLE: &str = r#"
CREATE TABLE case_person (
    id INTEGER PRIMARY KEY,
    referral_id INTEGER NOT NULL REFERENCES referral(id),
    position INTEGER NOT NULL,
    role TEXT NOT NULL CHECK (role <> ''),
    role_label TEXT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    date_of_birth TEXT,
    details TEXT NOT NULL DEFAULT '',
    known_from_referral_id INTEGER REFERENCES referral(id),
    created_at TEXT NOT NULL
);
CREATE INDEX case_person_referral ON case_person(referral_id);
CREATE INDEX case_person_key ON case_person(name_key, date_of_birth);
CREATE TABLE case_mark (
    id INTEGER PRIMARY KEY,
    referral_id INTEGER NOT NULL UNIQUE REFERENCES referral(id),
    anonymous INTEGER NOT NULL DEFAULT 0 CHECK (anonymous IN (0, 1)),
    label TEXT,
    repeat_last_heard TEXT,
    created_at TEXT NOT NULL
);
"#;

/// A person of a case as stored and shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredPerson {
    pub role: String,
    pub role_label: String,
    pub name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub details: String,
    /// The earlier case they were matched to at intake.
    pub known_from: Option<ReferralId>,
}

/// A case's marks: brought anonymously (its label), a repeat (the date last heard).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CaseMarks {
    pub anonymous: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeat_last_heard: Option<NaiveDate>,
}

impl CaseMarks {
    /// Nothing to mark.
    pub fn is_empty(&self) -> bool {
        !self.anonymous && self.repeat_last_heard.is_none()
    }
}

/// Does `conn` have the tables (a read-only file not yet upgraded has not)?
pub(super) fn has_tables(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'case_mark')",
        )?
        .query_row([], |r| r.get(0))?)
}

/// The people of case `id`, in the form's order.
pub fn people_of(conn: &Connection, id: i64) -> Result<Vec<StoredPerson>> {
    if !has_tables(conn)? {
        return Ok(vec![]);
    }
    let mut st = conn.prepare_cached(
        "SELECT role, role_label, name, date_of_birth, details, known_from_referral_id
         FROM case_person WHERE referral_id = ?1 ORDER BY position, id",
    )?;
    let rows = st.query_map([id], |r| {
        Ok(StoredPerson {
            role: r.get("role")?,
            role_label: r.get("role_label")?,
            name: r.get("name")?,
            date_of_birth: r.get("date_of_birth")?,
            details: r.get("details")?,
            known_from: r
                .get::<_, Option<i64>>("known_from_referral_id")?
                .map(ReferralId),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Case `id`'s marks (none: not anonymous, not a repeat).
pub fn marks_of(conn: &Connection, id: i64) -> Result<CaseMarks> {
    if !has_tables(conn)? {
        return Ok(CaseMarks::default());
    }
    Ok(conn
        .prepare_cached(
            "SELECT anonymous, label, repeat_last_heard FROM case_mark WHERE referral_id = ?1",
        )?
        .query_row([id], |r| {
            Ok(CaseMarks {
                anonymous: r.get::<_, i64>("anonymous")? != 0,
                label: r.get("label")?,
                repeat_last_heard: r.get("repeat_last_heard")?,
            })
        })
        .optional()?
        .unwrap_or_default())
}

/// SQL: subject `?` was brought anonymously (never matched by name).
pub const ANONYMOUS_SUBJECT: &str = "EXISTS (SELECT 1 FROM referral ar JOIN case_mark am
    ON am.referral_id = ar.id WHERE ar.subject_id = s.id AND am.anonymous = 1)";

impl Store {
    /// The label for the next case of `panel` brought anonymously: `label` and a number.
    pub(crate) fn next_anonymous_label(&self, panel: PanelId, label: &str) -> Result<String> {
        let n: i64 = self
            .conn
            .prepare_cached(
                "SELECT COUNT(*) FROM case_mark m JOIN referral r ON r.id = m.referral_id
                 JOIN subject s ON s.id = r.subject_id
                 WHERE s.panel_id = ?1 AND m.anonymous = 1",
            )?
            .query_row([panel], |r| r.get(0))?;
        Ok(format!("{} {}", label.trim(), n + 1))
    }

    /// Was subject `id` brought anonymously?
    pub(crate) fn anonymous_subject(&self, id: SubjectId) -> Result<bool> {
        let sql = format!("SELECT {ANONYMOUS_SUBJECT} FROM subject s WHERE s.id = ?1");
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([id], |r| r.get(0))
            .optional()?
            .unwrap_or(false))
    }

    /// The last meeting at which a case of subject `id` was heard (its page done),
    /// on or before `on`.
    pub(crate) fn last_heard(&self, id: SubjectId, on: NaiveDate) -> Result<Option<NaiveDate>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT MAX(m.date) FROM case_discussion d JOIN meeting m ON m.id = d.meeting_id
                 JOIN referral r ON r.id = d.referral_id
                 WHERE r.subject_id = ?1 AND d.completed_at IS NOT NULL AND m.date <= ?2",
            )?
            .query_row(params![id, on], |r| r.get(0))?)
    }

    /// The latest other case of `panel` a person of this name and date of birth is in,
    /// as its subject or one of its people; never a case brought anonymously.
    fn known_from(
        &self,
        panel: PanelId,
        p: &CasePerson,
        not: ReferralId,
    ) -> Result<Option<ReferralId>> {
        let Some(dob) = p.date_of_birth else {
            return Ok(None);
        };
        if name_key(&p.name).is_empty() {
            return Ok(None);
        }
        let sql = format!(
            "SELECT r.id, s.name FROM referral r JOIN subject s ON s.id = r.subject_id
             WHERE s.panel_id = ?1 AND s.date_of_birth = ?2 AND r.id <> ?3
               AND NOT {ANONYMOUS_SUBJECT}
             UNION ALL
             SELECT p.referral_id, p.name FROM case_person p
               JOIN referral r ON r.id = p.referral_id JOIN subject s ON s.id = r.subject_id
             WHERE s.panel_id = ?1 AND p.date_of_birth = ?2 AND p.referral_id <> ?3
               AND NOT {ANONYMOUS_SUBJECT}
             ORDER BY 1 DESC"
        );
        let rows: Vec<(i64, String)> = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params![panel, dob, not], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows
            .into_iter()
            .find(|(_, n)| same_name(n, &p.name))
            .map(|(id, _)| ReferralId(id)))
    }

    /// Write case `id`'s people (each matched against the panel's earlier cases) and
    /// its marks, each row logged, in one transaction (inside the caller's).
    pub(crate) fn add_case_people(
        &self,
        panel: PanelId,
        id: ReferralId,
        people: &[CasePerson],
        marks: &CaseMarks,
    ) -> Result<()> {
        self.atomic(|s| {
            let now = crate::domain::clock::stamp(s.now());
            for (i, p) in people.iter().enumerate() {
                let known = s.known_from(panel, p, id)?;
                s.conn
                    .prepare_cached(
                        "INSERT INTO case_person (referral_id, position, role, role_label, name,
                            name_key, date_of_birth, details, known_from_referral_id, created_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                    )?
                    .execute(params![
                        id.0,
                        i as i64,
                        p.role,
                        p.label,
                        p.name,
                        name_key(&p.name),
                        p.date_of_birth,
                        p.details,
                        known.map(|k| k.0),
                        now
                    ])?;
                if s.log_changes {
                    let row = s.conn.last_insert_rowid();
                    // Who was added, as the case shows them (issue 21: `audit --case`).
                    let born = p
                        .date_of_birth
                        .map(|d| format!(", born {}", d.format("%Y-%m-%d")))
                        .unwrap_or_default();
                    let what = format!("case person: {}: {}{born}", p.label, p.name);
                    s.append_log("case_person", row, "*", None, Some(what))?;
                }
            }
            if !marks.is_empty() {
                s.conn
                    .prepare_cached(
                        "INSERT INTO case_mark (referral_id, anonymous, label, repeat_last_heard, created_at)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                    )?
                    .execute(params![
                        id.0,
                        i64::from(marks.anonymous),
                        marks.label,
                        marks.repeat_last_heard,
                        now
                    ])?;
                if s.log_changes {
                    let row = s.conn.last_insert_rowid();
                    let what = if marks.anonymous { "anonymous" } else { "repeat" };
                    s.append_log("case_mark", row, "*", None, Some(format!("case mark: {what}")))?;
                }
            }
            Ok(())
        })
    }

    /// Case `id`'s people.
    pub fn case_people(&self, id: ReferralId) -> Result<Vec<StoredPerson>> {
        people_of(&self.conn, id.0)
    }

    /// Case `id`'s marks.
    pub fn case_marks(&self, id: ReferralId) -> Result<CaseMarks> {
        marks_of(&self.conn, id.0)
    }
}

/// A referral form read as a case of a panel with `[people_per_case]`: the form to
/// check (an anonymous case's name is its label) and the case's shape.
pub(super) struct Shaped {
    pub form: crate::domain::intake::ReferralForm,
    pub shape: Option<crate::domain::paperwork::CaseShape>,
}

impl Store {
    /// Read `form` as a case of `panel` whose rules are `rules`: unchanged (no shape)
    /// for a panel without `[people_per_case]` or a form not its own. Problems with the
    /// form are `Err` inside (each at its field).
    pub(super) fn shape_case(
        &self,
        panel: PanelId,
        rules: &crate::domain::paperwork::Paperwork,
        form: &crate::domain::intake::ReferralForm,
    ) -> Result<std::result::Result<Shaped, Vec<crate::domain::intake::FieldIssue>>> {
        let plain = || Shaped {
            form: form.clone(),
            shape: None,
        };
        let (Some(p), false) = (&rules.people_per_case, form.form.is_empty()) else {
            return Ok(Ok(plain()));
        };
        let Ok(def) = rules.form(&form.form) else {
            return Ok(Ok(plain()));
        };
        let shape = match p.shape(def, form, &rules.cite) {
            Ok(s) => s,
            Err(e) => return Ok(Err(e)),
        };
        let mut form = form.clone();
        // A case with children is routed to the item for such cases (issue 21, E2).
        form.case_children = shape
            .people
            .iter()
            .any(|p| p.role == crate::domain::case_items::CHILD_ROLE);
        if shape.anonymous {
            let label = p
                .anonymous
                .as_ref()
                .map_or("Anonymous case", |a| a.label.as_str());
            form.name = self.next_anonymous_label(panel, label)?;
        }
        Ok(Ok(Shaped {
            form,
            shape: Some(shape),
        }))
    }

    /// Write a case's people and marks once its referral `intake` is taken in, and the
    /// answers a repeat prefills; returns the marks and the people as stored.
    pub(super) fn record_case(
        &self,
        panel: PanelId,
        rules: &crate::domain::paperwork::Paperwork,
        form: &crate::domain::intake::ReferralForm,
        shape: &crate::domain::paperwork::CaseShape,
        intake: &super::Intake,
        received: NaiveDate,
    ) -> Result<(CaseMarks, Vec<crate::domain::paperwork::FormAnswer>)> {
        let mut marks = CaseMarks {
            anonymous: shape.anonymous,
            label: shape.anonymous.then(|| form.name.clone()),
            repeat_last_heard: None,
        };
        let mut prefill = vec![];
        if let (Some(p), Some(k), Ok(def)) = (
            &rules.people_per_case,
            &intake.linked,
            rules.form(&form.form),
        ) {
            if let Some(last) = self.last_heard(k.id, received)? {
                if p.is_repeat(last, received) {
                    marks.repeat_last_heard = Some(last);
                    prefill = p.repeat_answers(def, form, last);
                }
            }
        }
        self.add_case_people(panel, intake.referral, &shape.people, &marks)?;
        Ok((marks, prefill))
    }
}
