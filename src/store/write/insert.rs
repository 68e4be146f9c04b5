//! New rows: the panel and its agencies, members, meetings, attendance,
//! intelligence, subjects and referrals, case discussions, onward referrals,
//! intervention rows and MAPPA notes. Each is logged in the change log.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension};

use super::{
    fmt_date, fmt_time, text, time, HouseholdRow, NewAttendance, NewIntervention, NewMappaNote,
    NewMember, NewReferral, NewSubject, Table,
};
use crate::domain::agenda::{number_of, AgendaItemDef, AgendaKind};
use crate::domain::panel_def::PanelDef;
use crate::store::ids::*;
use crate::store::{Result, Store, StoreError};

impl Store {
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
                        risk_scale, agenda, meeting_pattern, created_at, roles, after_close_roles,
                        small_number_threshold, paperwork)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
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
                    def.small_number_threshold,
                    def.paperwork.to_json(),
                ])?;
            let panel = PanelId(s.conn.last_insert_rowid());
            s.log_insert(Table::Panel, panel.0, &def.name)?;
            for a in &def.agencies {
                s.add_agency(panel, &a.code, &a.name, a.police)?;
            }
            Ok(panel)
        })
    }

    /// Add an agency to a panel. Errors: SQLite, for a code the panel already has.
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

    /// Add a member. Errors: `Rule` without a panel, agency, role or name.
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

    /// Schedule a meeting on `date` (`start_time` `HH:MM`). Errors: SQLite, for a
    /// second meeting of the panel that day.
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

    /// Record one attendance row (a member, a deputy or a visitor).
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
                .query_row(params![meeting, agency], |r| r.get("id"))
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

    /// Add a subject (a person referred). Errors: `Rule` for a blank name.
    pub fn add_subject(&self, panel: PanelId, sub: &NewSubject) -> Result<SubjectId> {
        if sub.name.trim().is_empty() {
            return Err(StoreError::Rule("a subject needs a name".into()));
        }
        self.atomic(|s| {
            s.conn
                .prepare_cached(
                    "INSERT INTO subject (panel_id, name, date_of_birth, gender, ethnicity, created_at,
                        stated_age, stated_age_on, name_key)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )?
                .execute(params![
                    panel,
                    sub.name.trim(),
                    sub.date_of_birth.map(fmt_date),
                    sub.gender,
                    sub.ethnicity,
                    fmt_time(s.now()),
                    sub.stated_age.map(|a| a.years),
                    sub.stated_age.map(|a| fmt_date(a.on)),
                    crate::domain::names::name_key(&sub.name),
                ])?;
            let id = s.conn.last_insert_rowid();
            s.log_insert(Table::Subject, id, "subject created")?;
            Ok(SubjectId(id))
        })
    }

    /// Record a referral with its household, in one transaction.
    pub fn add_referral(&self, r: &NewReferral) -> Result<ReferralId> {
        self.atomic(|s| {
            let mut cols = NewReferral::COLUMNS.to_vec();
            cols.push("created_at");
            let mut values = r.values().to_vec();
            values.push(time(s.now()));
            s.conn
                .prepare_cached(&Table::Referral.insert_sql(&cols)?)?
                .execute(params_from_iter(values))?;
            let id = s.conn.last_insert_rowid();
            s.log_insert(Table::Referral, id, "referral received")?;
            for (i, h) in r.household.iter().enumerate() {
                s.conn
                    .prepare_cached(&household_sql()?)?
                    .execute(params_from_iter(household_values(id, i, h)))?;
                s.log_insert(
                    Table::Household,
                    s.conn.last_insert_rowid(),
                    "household member",
                )?;
            }
            Ok(ReferralId(id))
        })
    }

    /// Put a case on a meeting's agenda under the panel's item of `kind`; returns
    /// the existing discussion if it is already there.
    pub fn add_discussion(
        &self,
        meeting: MeetingId,
        referral: ReferralId,
        kind: AgendaKind,
        position: i64,
    ) -> Result<DiscussionId> {
        let agenda: String = self
            .conn
            .prepare_cached(
                "SELECT p.agenda FROM meeting m JOIN panel p ON p.id = m.panel_id WHERE m.id = ?1",
            )?
            .query_row([meeting], |r| r.get("agenda"))?;
        let items: Vec<AgendaItemDef> = serde_json::from_str(&agenda).unwrap_or_default();
        let item = number_of(&items, kind).ok_or_else(|| {
            StoreError::Rule(format!(
                "the panel's agenda has no {} item",
                kind.code().replace('_', " ")
            ))
        })?;
        self.add_discussion_at(meeting, referral, item, kind, position)
    }

    /// Put a case on a meeting's agenda at item number `item`, recording `kind` (at
    /// a `cases` item, the case's own: see [`crate::domain::case_items::stored_kind`]);
    /// returns the existing discussion if it is already there.
    pub fn add_discussion_at(
        &self,
        meeting: MeetingId,
        referral: ReferralId,
        item: u32,
        kind: AgendaKind,
        position: i64,
    ) -> Result<DiscussionId> {
        self.atomic(|s| {
            let existing: Option<i64> = s
                .conn
                .prepare_cached("SELECT id FROM case_discussion WHERE meeting_id = ?1 AND referral_id = ?2")?
                .query_row(params![meeting, referral], |r| r.get("id"))
                .optional()?;
            if let Some(id) = existing {
                return Ok(DiscussionId(id));
            }
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

    /// Add a row at the end of a case's intervention plan (Appendix B).
    pub fn add_intervention(
        &self,
        referral: ReferralId,
        meeting: Option<MeetingId>,
        i: &NewIntervention,
    ) -> Result<InterventionId> {
        self.atomic(|s| {
            let position: i64 = s
                .conn
                .prepare_cached("SELECT COALESCE(MAX(position) + 1, 0) AS next FROM intervention WHERE referral_id = ?1")?
                .query_row([referral], |r| r.get("next"))?;
            let values = intervention_values(referral, meeting, position, i, time(s.now()));
            s.conn
                .prepare_cached(&intervention_sql()?)?
                .execute(params_from_iter(values))?;
            let id = s.conn.last_insert_rowid();
            s.log_insert(Table::Intervention, id, &i.core_issue)?;
            Ok(InterventionId(id))
        })
    }

    /// Put right or complete MAPPA note `id`: every field set to `n`'s (each change
    /// in the change log). Errors: as [`Store::add_mappa_note`].
    pub fn update_mappa_note(&self, id: MappaNoteId, n: &NewMappaNote) -> Result<()> {
        if !(2..=3).contains(&n.level) || !(1..=3).contains(&n.category) {
            return Err(StoreError::Rule(
                "the MAPPA item notes category 1-3 cases at level 2 or 3".into(),
            ));
        }
        if n.name.trim().is_empty() {
            return Err(StoreError::Rule("a MAPPA note needs a name".into()));
        }
        let d = &n.data;
        let opt = |x: Option<NaiveDate>| x.map_or(Value::Null, |d| text(fmt_date(d)));
        let fields: [(&str, Value); 15] = [
            ("name", text(n.name.trim())),
            ("category", Value::Integer(n.category.into())),
            ("level", Value::Integer(n.level.into())),
            ("note", text(n.note.clone())),
            ("date_of_birth", opt(d.date_of_birth)),
            ("gender", text(d.gender.clone())),
            ("ethnicity", text(d.ethnicity.clone())),
            ("postcode", text(d.postcode.clone())),
            ("ward", text(d.ward.clone())),
            ("welfare_legal_status", text(d.welfare_legal_status.clone())),
            (
                "criminal_legal_status",
                text(d.criminal_legal_status.clone()),
            ),
            ("referral_date", opt(d.referral_date)),
            ("end_date", opt(d.end_date)),
            ("core_reason", text(d.core_reason.clone())),
            ("onward_referrals", text(d.onward_referrals.clone())),
        ];
        self.atomic(|s| {
            for (col, v) in fields.iter() {
                s.set_field(Table::MappaNote, id.0, col, v.clone())?;
            }
            Ok(())
        })
    }

    /// Note a MAPPA level 2/3 case at `meeting` (item after the formal close), with
    /// section 12's data set. A case linked to a referral is noted once per meeting.
    /// Errors: `Rule` for a category outside 1-3, a level outside 2-3 or a blank name.
    pub fn add_mappa_note(&self, meeting: MeetingId, n: &NewMappaNote) -> Result<MappaNoteId> {
        if !(2..=3).contains(&n.level) || !(1..=3).contains(&n.category) {
            return Err(StoreError::Rule(
                "the MAPPA item notes category 1-3 cases at level 2 or 3".into(),
            ));
        }
        if n.name.trim().is_empty() {
            return Err(StoreError::Rule("a MAPPA note needs a name".into()));
        }
        self.atomic(|s| {
            let position: i64 = s
                .conn
                .prepare_cached("SELECT COALESCE(MAX(position) + 1, 0) AS next FROM mappa_note WHERE meeting_id = ?1")?
                .query_row([meeting], |r| r.get("next"))?;
            let d = &n.data;
            s.conn
                .prepare_cached(
                    "INSERT INTO mappa_note (meeting_id, position, name, category, level, note, created_at,
                        referral_id, date_of_birth, gender, ethnicity, postcode, ward, welfare_legal_status,
                        criminal_legal_status, referral_date, end_date, core_reason, onward_referrals)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
                )?
                .execute(params![
                    meeting,
                    position,
                    n.name.trim(),
                    n.category,
                    n.level,
                    n.note,
                    fmt_time(s.now()),
                    n.referral,
                    d.date_of_birth.map(fmt_date),
                    d.gender,
                    d.ethnicity,
                    d.postcode,
                    d.ward,
                    d.welfare_legal_status,
                    d.criminal_legal_status,
                    d.referral_date.map(fmt_date),
                    d.end_date.map(fmt_date),
                    d.core_reason,
                    d.onward_referrals,
                ])?;
            let id = s.conn.last_insert_rowid();
            s.log_insert(Table::MappaNote, id, "MAPPA note")?;
            Ok(MappaNoteId(id))
        })
    }
}

/// The insert of a household row: its referral and position, then the form's
/// columns ([`HouseholdRow::COLUMNS`]); shared with the bulk load.
pub(crate) fn household_sql() -> Result<String> {
    let mut cols = vec!["referral_id", "position"];
    cols.extend(HouseholdRow::COLUMNS);
    Table::Household.insert_sql(&cols)
}

/// The values for [`household_sql`]: row `i` of referral `id`'s household.
pub(crate) fn household_values(id: i64, i: usize, h: &HouseholdRow) -> Vec<Value> {
    let mut v = vec![Value::Integer(id), Value::Integer(i as i64)];
    v.extend(h.values());
    v
}

/// The insert of an intervention row: its case, meeting and position, the form's
/// columns ([`NewIntervention::COLUMNS`]), then when it was made and last changed
/// (the same instant); shared with the bulk load.
pub(crate) fn intervention_sql() -> Result<String> {
    let mut cols = vec!["referral_id", "meeting_id", "position"];
    cols.extend(NewIntervention::COLUMNS);
    cols.extend(["created_at", "updated_at"]);
    Table::Intervention.insert_sql(&cols)
}

/// The values for [`intervention_sql`]: row `i` at `position` in `referral`'s plan,
/// added at `meeting`, made (and last changed) at `made`.
pub(crate) fn intervention_values(
    referral: ReferralId,
    meeting: Option<MeetingId>,
    position: i64,
    i: &NewIntervention,
    made: Value,
) -> Vec<Value> {
    let mut v = vec![
        Value::Integer(referral.0),
        meeting.map_or(Value::Null, |m| Value::Integer(m.0)),
        Value::Integer(position),
    ];
    v.extend(i.values());
    v.extend([made.clone(), made]);
    v
}
