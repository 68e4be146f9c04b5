//! Meeting types inside one panel (issue 21, gap row B10), the chair of each meeting
//! (C2) and the seniority of those present (C7).
//!
//! A meeting of a panel with `[[meeting_type]]` keeps its built-in kind (`emergency`
//! for a type marked `emergency`, else `ordinary`) and, beside it, the type's code
//! (`meeting.type_code`; none: the first type, the pattern's). A new column rather
//! than new values in `kind`: `kind` has a CHECK that SQLite can drop only by
//! rebuilding `meeting`, a parent of eleven tables, and the built-in kinds keep their
//! meaning for every panel.
//!
//! The chair is one of the attendance rows of the meeting (a member, a deputy or a
//! visitor present): MAPPA's level 2 chair comes "from within referring agency" and
//! the level 3 chair "generally via co-ordinator" (003 App 2B 2 step 3), so not
//! always the panel's standing chair. Seniority is a mark on an attendance row, not on
//! a post: it is who came to this meeting that the level 3 rule is about
//! ("Membership should include senior managers from all relevant agencies involved",
//! 003 1 MAPPA), and a deputy may stand in who is not senior.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

use crate::domain::paperwork::{find_type, type_of, MeetingTypeDef, Rule};
use crate::domain::types::{AttendanceStatus, MeetingState};
use chrono::NaiveDate;

use crate::domain::meeting_ref::MeetingKind;
use crate::store::ids::{AttendanceId, MeetingId, PanelId};
use crate::store::schedule::{ExtraMeeting, Replacement};
use crate::store::write::{text, Table};
use crate::store::{Result, Store, StoreError};

/// The meeting's type, its chair and the senior mark (the lead may renumber the
/// migration at merge).
pub const MIGRATION_MEETING_TYPES: &str = r#"
ALTER TABLE meeting ADD COLUMN type_code TEXT;
ALTER TABLE meeting ADD COLUMN chaired_by_attendance_id INTEGER REFERENCES attendance(id);
ALTER TABLE attendance ADD COLUMN senior INTEGER NOT NULL DEFAULT 0 CHECK (senior IN (0, 1));
CREATE TABLE level_change (
    id INTEGER PRIMARY KEY,
    discussion_id INTEGER NOT NULL REFERENCES case_discussion(id),
    from_level INTEGER,
    to_level INTEGER NOT NULL CHECK (to_level IN (2, 3)),
    reason TEXT NOT NULL CHECK (reason <> ''),
    decided_by TEXT NOT NULL CHECK (decided_by <> ''),
    created_at TEXT NOT NULL
);
CREATE INDEX level_change_discussion ON level_change(discussion_id);
"#;

/// The chair of a meeting as the minutes name them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChairLine {
    pub attendance: AttendanceId,
    pub name: String,
    pub post: String,
    /// The agency's name, or "" for none.
    pub agency: String,
}

impl ChairLine {
    /// "Ada Quenby, Probation Officer (Probation Service)".
    pub fn words(&self) -> String {
        let mut s = self.name.clone();
        if !self.post.is_empty() {
            s.push_str(&format!(", {}", self.post));
        }
        if !self.agency.is_empty() {
            s.push_str(&format!(" ({})", self.agency));
        }
        s
    }
}

impl Store {
    /// The type of meeting `id`: its stored type, or the panel's first; `None` for a
    /// panel without `[[meeting_type]]`.
    pub fn meeting_type(&self, id: MeetingId) -> Result<Option<MeetingTypeDef>> {
        let m = self.meeting_row(id)?;
        let panel = self.panel_info(Some(m.panel))?;
        Ok(type_of(&panel.paperwork.meeting_types, m.type_code.as_deref()).cloned())
    }

    /// Give a planned meeting the panel's type `code` (`meetings add --type`): the
    /// built-in kind follows (`emergency` or `ordinary`). Errors: `Rule` in one line
    /// when the panel has no such type, listing those it has, or the meeting is not
    /// planned.
    pub fn set_meeting_type(&self, id: MeetingId, code: &str) -> Result<MeetingTypeDef> {
        let m = self.meeting_row(id)?;
        let panel = self.panel_info(Some(m.panel))?;
        let t = find_type(&panel.paperwork.meeting_types, code)
            .map_err(StoreError::Rule)?
            .clone();
        if m.state != MeetingState::Planned {
            return Err(StoreError::Rule(format!(
                "the meeting on {} is {}; only a planned meeting's type can be set",
                m.date.format("%Y-%m-%d"),
                m.state.label()
            )));
        }
        let kind = if t.emergency { "emergency" } else { "ordinary" };
        self.atomic(|s| {
            s.set_field(Table::Meeting, id.0, "type_code", text(&t.code))?;
            s.set_field(Table::Meeting, id.0, "kind", text(kind))?;
            Ok(())
        })?;
        Ok(t)
    }

    /// `meetings add --type CODE`: an extra meeting of the panel's type `code`, added
    /// and typed in one transaction. Errors: `Rule` in one line when the panel has no
    /// such type (listing those it has), else as [`Store::add_extra_meeting`].
    pub fn add_meeting_of_type(
        &self,
        panel: PanelId,
        day: NaiveDate,
        extra: &ExtraMeeting<'_>,
        code: &str,
        today: NaiveDate,
    ) -> Result<(MeetingId, Vec<Replacement>, MeetingTypeDef)> {
        let info = self.panel_info(Some(panel))?;
        let t = find_type(&info.paperwork.meeting_types, code).map_err(StoreError::Rule)?;
        let kind = if t.emergency {
            MeetingKind::Emergency
        } else {
            MeetingKind::Ordinary
        };
        let extra = ExtraMeeting { kind, ..*extra };
        self.atomic(|s| {
            let (id, moved) = s.add_extra_meeting(panel, day, &extra, today)?;
            let t = s.set_meeting_type(id, &t.code)?;
            Ok((id, moved, t))
        })
    }

    /// Does meeting `id` hear new referrals: a panel without types, or a type that
    /// holds a new-referrals item? New referrals are placed only at such meetings.
    pub fn takes_new_referrals(&self, id: MeetingId) -> Result<bool> {
        let Some(t) = self.meeting_type(id)? else {
            return Ok(true);
        };
        let agenda = self.panel_info_of_meeting(id)?.agenda;
        Ok(agenda
            .iter()
            .any(|i| i.takes_new_referrals() && t.holds(i.number)))
    }

    /// The filter step of `prepare_agenda`: a meeting holds only its type's items
    /// (`items` on `[[meeting_type]]`). A case just placed on an item the type does
    /// not hold is taken off again (nothing yet recorded at it; the removal logged),
    /// a new referral back to received for the meeting it is listed for, a review
    /// still due for the next meeting that holds it. Nothing for a panel without
    /// types or a type that holds every item.
    pub(super) fn keep_to_meeting_type(&self, id: MeetingId) -> Result<()> {
        let Some(t) = self.meeting_type(id)? else {
            return Ok(());
        };
        if t.items.is_empty() {
            return Ok(());
        }
        let rows: Vec<(i64, i64, u32)> = self
            .conn
            .prepare_cached(
                "SELECT d.id, d.referral_id, d.agenda_item FROM case_discussion d
                 WHERE d.meeting_id = ?1 AND d.started_at IS NULL AND d.completed_at IS NULL
                   AND d.decision IS NULL
                 ORDER BY d.id",
            )?
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        self.atomic(|s| {
            for (d, referral, item) in rows.into_iter().filter(|(_, _, i)| !t.holds(*i)) {
                s.conn
                    .prepare_cached("DELETE FROM case_discussion WHERE id = ?1")?
                    .execute([d])?;
                if s.log_changes {
                    s.append_log(
                        Table::Discussion.name(),
                        d,
                        "*",
                        None,
                        Some(format!(
                            "case {referral} taken off agenda item {item}: not an item of a {}",
                            t.label
                        )),
                    )?;
                }
                let status: String = s
                    .conn
                    .prepare_cached("SELECT status FROM referral WHERE id = ?1")?
                    .query_row([referral], |r| r.get(0))?;
                if status == "on_agenda" {
                    s.set_field(Table::Referral, referral, "status", text("received"))?;
                }
            }
            Ok(())
        })
    }

    /// Record who chairs meeting `id`: attendance row `who`, present at it (a member,
    /// a deputy or a visitor). Errors: `Rule` when they are not present at this
    /// meeting or the meeting is over.
    pub fn set_chair(&self, id: MeetingId, who: AttendanceId) -> Result<()> {
        let m = self.meeting_row(id)?;
        if !matches!(m.state, MeetingState::Planned | MeetingState::InProgress) {
            return Err(StoreError::Rule(
                "the chair is recorded before the meeting formally closes".into(),
            ));
        }
        let row: Option<(i64, String)> = self
            .conn
            .prepare_cached("SELECT meeting_id, status FROM attendance WHERE id = ?1")?
            .query_row([who], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        match row {
            Some((mid, status)) if mid == id.0 => {
                if !AttendanceStatus::from_code(&status).is_some_and(AttendanceStatus::is_present) {
                    return Err(StoreError::Rule(
                        "the chair is someone present at the meeting".into(),
                    ));
                }
            }
            _ => {
                return Err(StoreError::Rule(
                    "the chair is someone in this meeting's attendance".into(),
                ))
            }
        }
        self.set_field(
            Table::Meeting,
            id.0,
            "chaired_by_attendance_id",
            Value::Integer(who.0),
        )?;
        Ok(())
    }

    /// Who chairs meeting `id`, as recorded (`None`: not recorded).
    pub fn chair_of(&self, id: MeetingId) -> Result<Option<ChairLine>> {
        chair_at(&self.conn, id)
    }

    /// Mark attendance row `who` senior (or not). Logged like every attendance change.
    pub fn mark_senior(&self, who: AttendanceId, senior: bool) -> Result<()> {
        self.set_field(
            Table::Attendance,
            who.0,
            "senior",
            Value::Integer(i64::from(senior)),
        )?;
        Ok(())
    }

    /// The seniority warning of meeting `id` (`senior = true` on its type): the
    /// agencies present with nobody marked senior, by name in the order of the
    /// panel's agencies; `None` when its type asks for no seniority.
    pub fn seniority_gaps(&self, id: MeetingId) -> Result<Option<Vec<String>>> {
        if !self.meeting_type(id)?.is_some_and(|t| t.senior) {
            return Ok(None);
        }
        Ok(Some(senior_gaps_at(&self.conn, id)?))
    }

    /// The one-line seniority warning for meeting `id`, citing the panel's rule:
    /// "no senior attendee from: Police, Housing (003 1)"; `None` when its type asks
    /// for none or every agency present has a senior attendee.
    pub fn seniority_warning(&self, id: MeetingId) -> Result<Option<String>> {
        let Some(gaps) = self.seniority_gaps(id)? else {
            return Ok(None);
        };
        if gaps.is_empty() {
            return Ok(None);
        }
        let cite = self.panel_info_of_meeting(id)?.paperwork.cite;
        Ok(Some(seniority_line(&gaps, &cite.paren(Rule::Seniority))))
    }
}

/// "No attendee marked senior from: Police, Housing (003 1)".
pub fn seniority_line(gaps: &[String], cite: &str) -> String {
    format!("No attendee marked senior from: {}{cite}", gaps.join(", "))
}

/// Who chairs meeting `id`, as recorded; `None` when not recorded or in a database
/// older than the column.
pub fn chair_at(conn: &Connection, id: MeetingId) -> Result<Option<ChairLine>> {
    Ok(conn
        .prepare_cached(
            "SELECT att.id, att.name, att.post_title, COALESCE(ag.name, '')
             FROM meeting m JOIN attendance att ON att.id = m.chaired_by_attendance_id
             LEFT JOIN member mb ON mb.id = att.member_id
             LEFT JOIN agency ag ON ag.id = COALESCE(att.agency_id, mb.agency_id)
             WHERE m.id = ?1",
        )?
        .query_row([id], |r| {
            Ok(ChairLine {
                attendance: r.get(0)?,
                name: r.get(1)?,
                post: r.get(2)?,
                agency: r.get(3)?,
            })
        })
        .optional()?)
}

/// The agencies present at meeting `id` (a member, deputy or visitor of theirs
/// present) with nobody marked senior, by name in the order of the panel's agencies.
pub fn senior_gaps_at(conn: &Connection, id: MeetingId) -> Result<Vec<String>> {
    let names = conn
        .prepare_cached(
            "SELECT ag.name FROM attendance att
             LEFT JOIN member mb ON mb.id = att.member_id
             JOIN agency ag ON ag.id = COALESCE(att.agency_id, mb.agency_id)
             WHERE att.meeting_id = ?1 AND att.status IN ('present', 'deputy')
             GROUP BY ag.id HAVING MAX(att.senior) = 0
             ORDER BY ag.id",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(names)
}
