//! Every write: one row or one field at a time, each in a savepoint with its
//! change-log rows, so a multi-row change lands whole or not at all.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension};

use super::ids::*;
use super::{Result, Store, StoreError};
use crate::domain::agenda::{number_of, AgendaItemDef, AgendaKind};
use crate::domain::panel_def::PanelDef;
use crate::domain::types::*;

/// Tables whose fields the app may edit, each with its editable columns. Column
/// names used in SQL text come only from these lists, never from user input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Panel,
    Agency,
    Member,
    Meeting,
    Attendance,
    Intelligence,
    Subject,
    Referral,
    Household,
    Discussion,
    Onward,
    Intervention,
    Action,
    MappaNote,
}

const ALL_TABLES: [Table; 14] = [
    Table::Panel,
    Table::Agency,
    Table::Member,
    Table::Meeting,
    Table::Attendance,
    Table::Intelligence,
    Table::Subject,
    Table::Referral,
    Table::Household,
    Table::Discussion,
    Table::Onward,
    Table::Intervention,
    Table::Action,
    Table::MappaNote,
];

impl Table {
    pub fn name(self) -> &'static str {
        match self {
            Table::Panel => "panel",
            Table::Agency => "agency",
            Table::Member => "member",
            Table::Meeting => "meeting",
            Table::Attendance => "attendance",
            Table::Intelligence => "intelligence",
            Table::Subject => "subject",
            Table::Referral => "referral",
            Table::Household => "household_member",
            Table::Discussion => "case_discussion",
            Table::Onward => "onward_referral",
            Table::Intervention => "intervention",
            Table::Action => "action",
            Table::MappaNote => "mappa_note",
        }
    }

    /// The table named `name` in SQL, if the app may edit it.
    pub fn from_name(name: &str) -> Option<Table> {
        ALL_TABLES.iter().copied().find(|t| t.name() == name)
    }

    pub fn editable(self) -> &'static [&'static str] {
        match self {
            Table::Panel => &[
                "name",
                "short_name",
                "protective_marking",
                "venue",
                "risk_scale",
                "confidentiality_statement",
            ],
            Table::Agency => &["name", "is_police"],
            Table::Member => &[
                "name",
                "post_title",
                "agency_id",
                "role",
                "deputy_for_member_id",
                "retired_on",
            ],
            Table::Meeting => &[
                "date",
                "start_time",
                "venue",
                "state",
                "current_item",
                "current_discussion_id",
                "started_at",
                "formally_closed_at",
                "closed_at",
                "gate_override_reason",
                "gate_override_at",
                "room_terminal",
                "room_blank",
                "room_reveal_discussion_id",
                "room_reveal_item",
            ],
            Table::Attendance => &[
                "status",
                "deputy_for_member_id",
                "signed_at",
                "left_at",
                "note",
                "name",
                "post_title",
                "agency_id",
            ],
            Table::Intelligence => &["body", "updated_at"],
            Table::Subject => &["name", "date_of_birth", "gender", "ethnicity"],
            Table::Referral => &[
                "referring_agency_id",
                "referrer_contact",
                "address",
                "postcode",
                "ward",
                "education_employment",
                "awareness",
                "concerns",
                "other_referrals",
                "date_received",
                "urgent",
                "welfare_legal_status",
                "criminal_legal_status",
                "previously_known",
                "core_reason",
                "cse_issue",
                "radicalisation_issue",
                "named_gang",
                "mappa_category",
                "mappa_level",
                "screening",
                "screening_by",
                "screening_on",
                "screening_note",
                "referrer_informed_on",
                "status",
                "meeting_id",
                "lead_agency_id",
                "risk_start",
                "risk_current",
                "opened_on",
                "plan_due_on",
                "next_review_on",
                "closed_on",
                "closure_reason",
                "discharged_to_mappa",
            ],
            Table::Household => &["name", "dob_or_age", "relationship"],
            Table::Discussion => &[
                "lead_update",
                "minutes",
                "decision",
                "decision_reasons",
                "risk_before",
                "risk_after",
                "lead_agency_id",
                "next_date",
                "started_at",
                "completed_at",
            ],
            Table::Onward => &["state", "cp_for", "note"],
            Table::Intervention => &[
                "core_issue",
                "intervention",
                "level_of_contact",
                "agency_id",
                "progress",
                "updated_at",
            ],
            Table::Action => &[
                "description",
                "agency_id",
                "person",
                "volunteered_by",
                "due_on",
                "status",
                "completed_on",
                "completion_note",
                "reviewed_at_meeting_id",
            ],
            Table::MappaNote => &["name", "category", "level", "note"],
        }
    }
}

pub fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

pub fn date(d: NaiveDate) -> Value {
    Value::Text(d.format("%Y-%m-%d").to_string())
}

pub fn opt_date(d: Option<NaiveDate>) -> Value {
    d.map_or(Value::Null, date)
}

pub fn time(t: NaiveDateTime) -> Value {
    Value::Text(t.format("%Y-%m-%d %H:%M:%S").to_string())
}

fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Integer(i) => Some(i.to_string()),
        Value::Real(r) => Some(r.to_string()),
        Value::Text(s) => Some(s.clone()),
        Value::Blob(b) => Some(format!("<{} bytes>", b.len())),
    }
}

fn fmt_time(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

fn fmt_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewMember {
    pub panel: Option<PanelId>,
    pub name: String,
    pub post_title: String,
    pub agency: Option<AgencyId>,
    pub role: Option<Role>,
    pub deputy_for: Option<MemberId>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewAttendance {
    pub meeting: MeetingId,
    pub member: Option<MemberId>,
    pub name: String,
    pub post_title: String,
    pub agency: Option<AgencyId>,
    pub status: AttendanceStatus,
    pub deputy_for: Option<MemberId>,
    pub visitor_for: Option<ReferralId>,
}

#[derive(Debug, Clone, Default)]
pub struct NewSubject {
    pub name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub gender: String,
    pub ethnicity: String,
}

#[derive(Debug, Clone, Default)]
pub struct HouseholdRow {
    pub name: String,
    pub dob_or_age: String,
    pub relationship: String,
}

/// A referral: every field of Appendix A, and the section 12 fields known on receipt.
#[derive(Debug, Clone)]
pub struct NewReferral {
    pub subject: SubjectId,
    pub referring_agency: AgencyId,
    pub referrer_contact: String,
    pub address: String,
    pub postcode: String,
    pub ward: String,
    pub education_employment: String,
    pub awareness: Awareness,
    pub household: Vec<HouseholdRow>,
    pub concerns: String,
    pub other_referrals: String,
    pub date_received: NaiveDate,
    pub urgent: bool,
    pub welfare_legal_status: String,
    pub criminal_legal_status: String,
    pub previously_known: bool,
    pub core_reason: Option<CoreReason>,
    pub cse_issue: IssueRole,
    pub radicalisation_issue: IssueRole,
    pub named_gang: String,
    pub mappa_category: Option<u8>,
    pub mappa_level: Option<u8>,
}

impl NewReferral {
    pub fn new(subject: SubjectId, referring_agency: AgencyId, date_received: NaiveDate) -> Self {
        NewReferral {
            subject,
            referring_agency,
            referrer_contact: String::new(),
            address: String::new(),
            postcode: String::new(),
            ward: String::new(),
            education_employment: String::new(),
            awareness: Awareness::NotKnown,
            household: vec![],
            concerns: String::new(),
            other_referrals: String::new(),
            date_received,
            urgent: false,
            welfare_legal_status: String::new(),
            criminal_legal_status: String::new(),
            previously_known: false,
            core_reason: None,
            cse_issue: IssueRole::None,
            radicalisation_issue: IssueRole::None,
            named_gang: String::new(),
            mappa_category: None,
            mappa_level: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewAction {
    pub meeting: MeetingId,
    pub referral: Option<ReferralId>,
    pub description: String,
    pub agency: AgencyId,
    pub person: String,
    pub volunteered_by: String,
    pub volunteered_by_member: Option<MemberId>,
    pub due_on: NaiveDate,
    pub carried_from: Option<ActionId>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewIntervention {
    pub core_issue: String,
    pub intervention: String,
    pub level_of_contact: String,
    pub agency: Option<AgencyId>,
    pub progress: String,
}

impl Store {
    /// Run `f` as one write: all of it lands, or none of it.
    ///
    /// Outside a transaction this begins `IMMEDIATE`, so the write lock is taken first
    /// and the busy timeout waits out another writer (no "database is locked" after a
    /// read); a failed step or a failed `COMMIT` (a full disk) is rolled back, so the
    /// connection is left clean and nothing later is swallowed into a dead transaction.
    /// Inside one it is a savepoint.
    pub fn atomic<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        if self.conn.is_autocommit() {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
            let out = f(self).and_then(|v| {
                self.conn.execute_batch("COMMIT")?;
                Ok(v)
            });
            if out.is_err() && !self.conn.is_autocommit() {
                let _ = self.conn.execute_batch("ROLLBACK");
            }
            return out;
        }
        self.conn.execute_batch("SAVEPOINT rt_atomic")?;
        match f(self) {
            Ok(v) => {
                self.conn.execute_batch("RELEASE rt_atomic")?;
                Ok(v)
            }
            Err(e) => {
                let _ = self
                    .conn
                    .execute_batch("ROLLBACK TO rt_atomic; RELEASE rt_atomic");
                Err(e)
            }
        }
    }

    fn log(
        &self,
        table: Table,
        row: i64,
        col: &str,
        old: Option<String>,
        new: Option<String>,
    ) -> Result<()> {
        if !self.log_changes {
            return Ok(());
        }
        self.conn
            .prepare_cached(
                "INSERT INTO change_log (at, os_user, tbl, row_id, col, old_value, new_value)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                fmt_time(self.now()),
                self.actor(),
                table.name(),
                row,
                col,
                old,
                new
            ])?;
        Ok(())
    }

    fn log_insert(&self, table: Table, row: i64, summary: &str) -> Result<()> {
        self.log(table, row, "*", None, Some(summary.to_string()))
    }

    /// Write a note to the change log that is not tied to a field (e.g. "demo data generated").
    pub fn log_event(&self, what: &str) -> Result<()> {
        self.atomic(|s| {
            s.conn
                .prepare_cached(
                    "INSERT INTO change_log (at, os_user, tbl, row_id, col, old_value, new_value)
                     VALUES (?1, ?2, 'event', 0, '*', NULL, ?3)",
                )?
                .execute(params![fmt_time(s.now()), s.actor(), what])?;
            Ok(())
        })
    }

    /// Set one field, logging old and new value. Returns whether anything changed.
    pub fn set_field(&self, table: Table, id: i64, col: &str, value: Value) -> Result<bool> {
        let Some(col) = table.editable().iter().copied().find(|c| *c == col) else {
            return Err(StoreError::Rule(format!(
                "{}.{} is not an editable field",
                table.name(),
                col
            )));
        };
        self.atomic(|s| {
            let sql_get = format!("SELECT {col} FROM {} WHERE id = ?1", table.name());
            let old: Option<Value> = s
                .conn
                .prepare_cached(&sql_get)?
                .query_row([id], |r| r.get(0))
                .optional()?;
            let Some(old) = old else {
                return Err(StoreError::NotFound(format!("{} {id}", table.name())));
            };
            if old == value {
                return Ok(false);
            }
            let sql_set = format!("UPDATE {} SET {col} = ?1 WHERE id = ?2", table.name());
            s.conn
                .prepare_cached(&sql_set)?
                .execute(params![value, id])?;
            s.log(table, id, col, value_text(&old), value_text(&value))?;
            Ok(true)
        })
    }

    /// Create a panel and its agencies from a panel definition.
    pub fn create_panel(&self, def: &PanelDef) -> Result<PanelId> {
        self.atomic(|s| {
            let agenda = serde_json::to_string(&def.agenda).expect("agenda serialises");
            let pattern = serde_json::to_string(&def.meeting_pattern).expect("pattern serialises");
            let roles = serde_json::to_string(&def.roles).expect("roles serialise");
            let after_close: Vec<&str> = def.after_close_roles.iter().map(|r| r.code()).collect();
            let after_close = serde_json::to_string(&after_close).expect("roles serialise");
            s.conn
                .prepare_cached(
                    "INSERT INTO panel (name, short_name, protective_marking, venue, cutoff_working_days,
                        agenda_circulation_working_days, under_18_lead_agency, confidentiality_statement,
                        risk_scale, agenda, meeting_pattern, created_at, roles, after_close_roles)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                )?
                .execute(params![
                    def.name,
                    def.short_name,
                    def.protective_marking,
                    def.venue,
                    def.cutoff_working_days,
                    def.agenda_circulation_working_days,
                    def.under_18_lead_agency,
                    def.confidentiality_statement,
                    def.risk_scale.to_json(),
                    agenda,
                    pattern,
                    fmt_time(s.now()),
                    roles,
                    after_close,
                ])?;
            let panel = PanelId(s.conn.last_insert_rowid());
            s.log_insert(Table::Panel, panel.0, &def.name)?;
            for a in &def.agencies {
                s.add_agency(panel, &a.code, &a.name, a.police)?;
            }
            Ok(panel)
        })
    }

    pub fn add_agency(
        &self,
        panel: PanelId,
        code: &str,
        name: &str,
        police: bool,
    ) -> Result<AgencyId> {
        self.conn
            .prepare_cached(
                "INSERT INTO agency (panel_id, code, name, is_police) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![panel, code, name, police])?;
        let id = self.conn.last_insert_rowid();
        self.log_insert(Table::Agency, id, code)?;
        Ok(AgencyId(id))
    }

    pub fn add_member(&self, m: &NewMember) -> Result<MemberId> {
        let (Some(panel), Some(agency), Some(role)) = (m.panel, m.agency, m.role) else {
            return Err(StoreError::Rule(
                "a member needs a panel, an agency and a role".into(),
            ));
        };
        if m.name.trim().is_empty() {
            return Err(StoreError::Rule("a member needs a name".into()));
        }
        self.atomic(|s| {
            s.conn
                .prepare_cached(
                    "INSERT INTO member (panel_id, name, post_title, agency_id, role, deputy_for_member_id, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![panel, m.name.trim(), m.post_title, agency, role.code(), m.deputy_for, fmt_time(s.now())])?;
            let id = s.conn.last_insert_rowid();
            s.log_insert(Table::Member, id, m.name.trim())?;
            Ok(MemberId(id))
        })
    }

    pub fn create_meeting(
        &self,
        panel: PanelId,
        date: NaiveDate,
        venue: &str,
        start_time: Option<&str>,
    ) -> Result<MeetingId> {
        self.atomic(|s| {
            s.conn
                .prepare_cached("INSERT INTO meeting (panel_id, date, venue, start_time) VALUES (?1, ?2, ?3, ?4)")?
                .execute(params![panel, fmt_date(date), venue, start_time])?;
            let id = s.conn.last_insert_rowid();
            s.log_insert(Table::Meeting, id, &fmt_date(date))?;
            Ok(MeetingId(id))
        })
    }

    pub fn add_attendance(&self, a: &NewAttendance) -> Result<AttendanceId> {
        self.atomic(|s| {
            s.conn
                .prepare_cached(
                    "INSERT INTO attendance (meeting_id, member_id, name, post_title, agency_id, status,
                        deputy_for_member_id, visitor_for_referral_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?
                .execute(params![
                    a.meeting,
                    a.member,
                    a.name,
                    a.post_title,
                    a.agency,
                    a.status.code(),
                    a.deputy_for,
                    a.visitor_for
                ])?;
            let id = s.conn.last_insert_rowid();
            s.log_insert(Table::Attendance, id, &a.name)?;
            Ok(AttendanceId(id))
        })
    }

    /// The intelligence note of one agency at one meeting, created on first write.
    pub fn set_intelligence(
        &self,
        meeting: MeetingId,
        agency: AgencyId,
        police: bool,
        body: &str,
    ) -> Result<IntelligenceId> {
        self.atomic(|s| {
            let existing: Option<i64> = s
                .conn
                .prepare_cached("SELECT id FROM intelligence WHERE meeting_id = ?1 AND agency_id = ?2")?
                .query_row(params![meeting, agency], |r| r.get(0))
                .optional()?;
            match existing {
                Some(id) => {
                    s.set_field(Table::Intelligence, id, "body", text(body))?;
                    s.set_field(Table::Intelligence, id, "updated_at", time(s.now()))?;
                    Ok(IntelligenceId(id))
                }
                None => {
                    s.conn
                        .prepare_cached(
                            "INSERT INTO intelligence (meeting_id, agency_id, is_police, body, updated_at)
                             VALUES (?1, ?2, ?3, ?4, ?5)",
                        )?
                        .execute(params![meeting, agency, police, body, fmt_time(s.now())])?;
                    let id = s.conn.last_insert_rowid();
                    s.log(Table::Intelligence, id, "body", None, Some(body.to_string()))?;
                    Ok(IntelligenceId(id))
                }
            }
        })
    }

    pub fn add_subject(&self, panel: PanelId, sub: &NewSubject) -> Result<SubjectId> {
        if sub.name.trim().is_empty() {
            return Err(StoreError::Rule("a subject needs a name".into()));
        }
        self.atomic(|s| {
            s.conn
                .prepare_cached(
                    "INSERT INTO subject (panel_id, name, date_of_birth, gender, ethnicity, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![
                    panel,
                    sub.name.trim(),
                    sub.date_of_birth.map(fmt_date),
                    sub.gender,
                    sub.ethnicity,
                    fmt_time(s.now())
                ])?;
            let id = s.conn.last_insert_rowid();
            s.log_insert(Table::Subject, id, "subject created")?;
            Ok(SubjectId(id))
        })
    }

    /// Record a referral with its household, in one transaction.
    pub fn add_referral(&self, r: &NewReferral) -> Result<ReferralId> {
        self.atomic(|s| {
            s.conn
                .prepare_cached(
                    "INSERT INTO referral (subject_id, referring_agency_id, referrer_contact, address, postcode,
                        ward, education_employment, awareness, concerns, other_referrals, date_received, urgent,
                        welfare_legal_status, criminal_legal_status, previously_known, core_reason, cse_issue,
                        radicalisation_issue, named_gang, mappa_category, mappa_level, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                        ?19, ?20, ?21, ?22)",
                )?
                .execute(params![
                    r.subject,
                    r.referring_agency,
                    r.referrer_contact,
                    r.address,
                    r.postcode,
                    r.ward,
                    r.education_employment,
                    r.awareness.code(),
                    r.concerns,
                    r.other_referrals,
                    fmt_date(r.date_received),
                    r.urgent,
                    r.welfare_legal_status,
                    r.criminal_legal_status,
                    r.previously_known,
                    r.core_reason.map(|c| c.code()),
                    r.cse_issue.code(),
                    r.radicalisation_issue.code(),
                    r.named_gang,
                    r.mappa_category,
                    r.mappa_level,
                    fmt_time(s.now()),
                ])?;
            let id = s.conn.last_insert_rowid();
            s.log_insert(Table::Referral, id, "referral received")?;
            for (i, h) in r.household.iter().enumerate() {
                s.conn
                    .prepare_cached(
                        "INSERT INTO household_member (referral_id, position, name, dob_or_age, relationship)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                    )?
                    .execute(params![id, i as i64, h.name, h.dob_or_age, h.relationship])?;
                s.log_insert(Table::Household, s.conn.last_insert_rowid(), "household member")?;
            }
            Ok(ReferralId(id))
        })
    }

    /// Put a case on a meeting's agenda under `item`; returns the existing
    /// discussion if it is already there.
    pub fn add_discussion(
        &self,
        meeting: MeetingId,
        referral: ReferralId,
        kind: AgendaKind,
        position: i64,
    ) -> Result<DiscussionId> {
        self.atomic(|s| {
            let existing: Option<i64> = s
                .conn
                .prepare_cached("SELECT id FROM case_discussion WHERE meeting_id = ?1 AND referral_id = ?2")?
                .query_row(params![meeting, referral], |r| r.get(0))
                .optional()?;
            if let Some(id) = existing {
                return Ok(DiscussionId(id));
            }
            let agenda: String = s
                .conn
                .prepare_cached("SELECT p.agenda FROM meeting m JOIN panel p ON p.id = m.panel_id WHERE m.id = ?1")?
                .query_row([meeting], |r| r.get(0))?;
            let items: Vec<AgendaItemDef> = serde_json::from_str(&agenda).unwrap_or_default();
            let item = number_of(&items, kind).ok_or_else(|| {
                StoreError::Rule(format!("the panel's agenda has no {} item", kind.code().replace('_', " ")))
            })?;
            s.conn
                .prepare_cached(
                    "INSERT INTO case_discussion (meeting_id, referral_id, agenda_item, item_kind, position) VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![meeting, referral, item, kind.code(), position])?;
            let id = s.conn.last_insert_rowid();
            s.log_insert(Table::Discussion, id, &format!("case {referral} on agenda item {item}"))?;
            Ok(DiscussionId(id))
        })
    }

    /// Record an onward referral (considered / made / not needed) for a discussion.
    pub fn set_onward(
        &self,
        discussion: DiscussionId,
        kind: OnwardKind,
        state: OnwardState,
        cp_for: Option<CpFor>,
        note: &str,
    ) -> Result<OnwardId> {
        self.atomic(|s| {
            let existing: Option<i64> = s
                .conn
                .prepare_cached("SELECT id FROM onward_referral WHERE discussion_id = ?1 AND kind = ?2")?
                .query_row(params![discussion, kind.code()], |r| r.get(0))
                .optional()?;
            let id = match existing {
                Some(id) => {
                    s.set_field(Table::Onward, id, "state", text(state.code()))?;
                    s.set_field(Table::Onward, id, "cp_for", cp_for.map_or(Value::Null, |c| text(c.code())))?;
                    s.set_field(Table::Onward, id, "note", text(note))?;
                    id
                }
                None => {
                    s.conn
                        .prepare_cached(
                            "INSERT INTO onward_referral (discussion_id, kind, state, cp_for, note) VALUES (?1, ?2, ?3, ?4, ?5)",
                        )?
                        .execute(params![discussion, kind.code(), state.code(), cp_for.map(|c| c.code()), note])?;
                    let id = s.conn.last_insert_rowid();
                    s.log_insert(Table::Onward, id, &format!("{} {}", kind.code(), state.code()))?;
                    id
                }
            };
            Ok(OnwardId(id))
        })
    }

    pub fn add_intervention(
        &self,
        referral: ReferralId,
        meeting: Option<MeetingId>,
        i: &NewIntervention,
    ) -> Result<InterventionId> {
        self.atomic(|s| {
            let position: i64 = s
                .conn
                .prepare_cached("SELECT COALESCE(MAX(position) + 1, 0) FROM intervention WHERE referral_id = ?1")?
                .query_row([referral], |r| r.get(0))?;
            let now = fmt_time(s.now());
            s.conn
                .prepare_cached(
                    "INSERT INTO intervention (referral_id, meeting_id, position, core_issue, intervention,
                        level_of_contact, agency_id, progress, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
                )?
                .execute(params![
                    referral,
                    meeting,
                    position,
                    i.core_issue,
                    i.intervention,
                    i.level_of_contact,
                    i.agency,
                    i.progress,
                    now
                ])?;
            let id = s.conn.last_insert_rowid();
            s.log_insert(Table::Intervention, id, &i.core_issue)?;
            Ok(InterventionId(id))
        })
    }

    pub fn add_action(&self, a: &NewAction) -> Result<ActionId> {
        if a.description.trim().is_empty() {
            return Err(StoreError::Rule("an action needs a description".into()));
        }
        self.atomic(|s| {
            s.conn
                .prepare_cached(
                    "INSERT INTO action (meeting_id, referral_id, description, agency_id, person, volunteered_by,
                        volunteered_by_member_id, due_on, carried_from_action_id, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                )?
                .execute(params![
                    a.meeting,
                    a.referral,
                    a.description,
                    a.agency,
                    a.person,
                    a.volunteered_by,
                    a.volunteered_by_member,
                    fmt_date(a.due_on),
                    a.carried_from,
                    fmt_time(s.now()),
                ])?;
            let id = s.conn.last_insert_rowid();
            s.log_insert(Table::Action, id, &a.description)?;
            Ok(ActionId(id))
        })
    }

    /// Close, or mark not done, an action: status, date and note in one change.
    pub fn complete_action(
        &self,
        id: ActionId,
        status: ActionStatus,
        on: NaiveDate,
        note: &str,
        at_meeting: Option<MeetingId>,
    ) -> Result<()> {
        self.atomic(|s| {
            let row = Table::Action;
            s.set_field(row, id.0, "status", text(status.code()))?;
            s.set_field(row, id.0, "completed_on", date(on))?;
            s.set_field(row, id.0, "completion_note", text(note))?;
            if let Some(m) = at_meeting {
                s.set_field(row, id.0, "reviewed_at_meeting_id", Value::Integer(m.0))?;
            }
            Ok(())
        })
    }

    /// Carry an action over to a new date at a review: the old one is marked carried
    /// over, and a new open action with the new date is raised at `meeting`.
    pub fn carry_over_action(
        &self,
        id: ActionId,
        meeting: MeetingId,
        new_due: NaiveDate,
        on: NaiveDate,
    ) -> Result<ActionId> {
        self.atomic(|s| {
            let mut a = s.action_for_carry(id)?;
            s.complete_action(
                id,
                ActionStatus::CarriedOver,
                on,
                &format!("carried over to {}", fmt_date(new_due)),
                Some(meeting),
            )?;
            a.meeting = meeting;
            a.due_on = new_due;
            a.carried_from = Some(id);
            s.add_action(&a)
        })
    }

    /// Undo a carry-over made by mistake at `meeting`: the action raised for it is
    /// removed (while still open and untouched) and the old one is open again. The
    /// change log keeps both steps.
    pub fn undo_carry_over(&self, id: ActionId, meeting: MeetingId) -> Result<()> {
        self.atomic(|s| {
            let new: Option<(i64, String)> = s
                .conn
                .prepare_cached(
                    "SELECT id, description FROM action
                     WHERE carried_from_action_id = ?1 AND meeting_id = ?2 AND status = 'open'",
                )?
                .query_row(params![id, meeting], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let Some((new_id, what)) = new else {
                return Err(StoreError::Rule(
                    "the carried-over action has been changed since: close it with `roundtable actions done` instead".into(),
                ));
            };
            s.conn.prepare_cached("DELETE FROM action WHERE id = ?1")?.execute([new_id])?;
            s.log(Table::Action, new_id, "*", Some(what), None)?;
            let t = Table::Action;
            s.set_field(t, id.0, "status", text(ActionStatus::Open.code()))?;
            s.set_field(t, id.0, "completed_on", Value::Null)?;
            s.set_field(t, id.0, "completion_note", text(""))?;
            s.set_field(t, id.0, "reviewed_at_meeting_id", Value::Null)?;
            Ok(())
        })
    }

    fn action_for_carry(&self, id: ActionId) -> Result<NewAction> {
        self.conn
            .prepare_cached(
                "SELECT meeting_id, referral_id, description, agency_id, person, volunteered_by,
                    volunteered_by_member_id, due_on FROM action WHERE id = ?1",
            )?
            .query_row([id], |r| {
                Ok(NewAction {
                    meeting: r.get(0)?,
                    referral: r.get(1)?,
                    description: r.get(2)?,
                    agency: r.get(3)?,
                    person: r.get(4)?,
                    volunteered_by: r.get(5)?,
                    volunteered_by_member: r.get(6)?,
                    due_on: r.get(7)?,
                    carried_from: None,
                })
            })
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("action {id}")))
    }

    pub fn add_mappa_note(
        &self,
        meeting: MeetingId,
        name: &str,
        category: u8,
        level: u8,
        note: &str,
    ) -> Result<MappaNoteId> {
        if !(2..=3).contains(&level) || !(1..=3).contains(&category) {
            return Err(StoreError::Rule(
                "the MAPPA item notes category 1-3 cases at level 2 or 3".into(),
            ));
        }
        self.atomic(|s| {
            let position: i64 = s
                .conn
                .prepare_cached("SELECT COALESCE(MAX(position) + 1, 0) FROM mappa_note WHERE meeting_id = ?1")?
                .query_row([meeting], |r| r.get(0))?;
            s.conn
                .prepare_cached(
                    "INSERT INTO mappa_note (meeting_id, position, name, category, level, note, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![meeting, position, name, category, level, note, fmt_time(s.now())])?;
            let id = s.conn.last_insert_rowid();
            s.log_insert(Table::MappaNote, id, "MAPPA note")?;
            Ok(MappaNoteId(id))
        })
    }
}

impl Store {
    /// Keep the text of an unconfirmed form.
    pub fn save_draft(&self, key: &str, body: &str) -> Result<()> {
        self.atomic(|s| {
            s.conn
                .prepare_cached(
                    "INSERT INTO draft (key, body, updated_at) VALUES (?1, ?2, ?3)
                     ON CONFLICT(key) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
                )?
                .execute(params![key, body, fmt_time(s.now())])?;
            Ok(())
        })
    }

    pub fn load_draft(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT body FROM draft WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?)
    }

    pub fn all_drafts(&self) -> Result<Vec<(String, String)>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT key, body FROM draft ORDER BY key")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn clear_draft(&self, key: &str) -> Result<()> {
        self.atomic(|s| {
            s.conn
                .prepare_cached("DELETE FROM draft WHERE key = ?1")?
                .execute([key])?;
            Ok(())
        })
    }
}
