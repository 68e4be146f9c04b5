//! Panel members (section 5.4) between meetings: list, add, retire. A retired member
//! keeps their rows in past attendance and minutes (those hold their own copy of the
//! name); they are only no longer offered for new meetings.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::ids::*;
use super::rows::{extra, member};
use super::write::{date, NewMember, Table};
use super::{Result, Store, StoreError};
use crate::domain::members::{CheckedMember, MemberContext};

/// A member as `roundtable members list` shows it (serialised for `--json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberRow {
    pub id: MemberId,
    pub name: String,
    pub post: String,
    /// The agency's short code, and its full name.
    pub agency: String,
    pub agency_name: String,
    /// The role's code (`chair`, `member`, ...).
    pub role: String,
    /// The member this person is the named deputy for, and their name.
    pub deputy_for: Option<MemberId>,
    pub deputy_for_name: Option<String>,
    pub retired_on: Option<NaiveDate>,
}

impl Store {
    /// Members of the panel, current on `today` (retired ones too if `all`).
    pub fn member_rows(
        &self,
        panel: PanelId,
        today: NaiveDate,
        all: bool,
    ) -> Result<Vec<MemberRow>> {
        let sql = format!(
            "SELECT {}, ag.code AS agency_code, ag.name AS agency_name,
                dep.name AS deputy_for_name
             FROM {} JOIN agency ag ON ag.id = mb.agency_id
             LEFT JOIN member dep ON dep.id = mb.deputy_for_member_id
             WHERE mb.panel_id = ?1 AND (?2 OR mb.retired_on IS NULL OR mb.retired_on > ?3)
             ORDER BY mb.id",
            member::COLUMNS,
            member::FROM
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(params![panel, all, today], |r| {
            let m = member::from_row(r)?;
            Ok(MemberRow {
                id: m.id,
                name: m.name,
                post: m.post,
                agency: extra(r, "agency_code")?,
                agency_name: extra(r, "agency_name")?,
                role: m.role.code().to_string(),
                deputy_for: m.deputy_for,
                deputy_for_name: extra(r, "deputy_for_name")?,
                retired_on: m.retired_on,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// What the member checks need: agencies and current members with their roles.
    pub fn member_context(&self, panel: PanelId, today: NaiveDate) -> Result<MemberContext> {
        Ok(MemberContext {
            agencies: self
                .agencies(panel)?
                .into_iter()
                .map(|a| (a.code, a.name))
                .collect(),
            current: self
                .members(panel, today)?
                .into_iter()
                .map(|m| (m.id.0, m.name, m.role))
                .collect(),
        })
    }

    /// Add a checked member, optionally as deputy for a current member.
    pub fn add_panel_member(
        &self,
        panel: PanelId,
        m: &CheckedMember,
        deputy_for: Option<MemberId>,
        today: NaiveDate,
    ) -> Result<MemberId> {
        if let Some(d) = deputy_for {
            let current = self.members(panel, today)?;
            if !current.iter().any(|c| c.id == d) {
                return Err(StoreError::Rule(format!(
                    "deputy_for: no current member #{d}"
                )));
            }
        }
        let agency = self
            .agencies(panel)?
            .into_iter()
            .find(|a| a.code == m.agency)
            .ok_or_else(|| StoreError::Rule(format!("unknown agency {}", m.agency)))?;
        self.add_member(&NewMember {
            panel: Some(panel),
            name: m.name.clone(),
            post_title: m.post.clone(),
            agency: Some(agency.id),
            role: Some(m.role),
            deputy_for,
        })
    }

    /// Retire a member from `on`: from that date they are not offered for meetings.
    /// Returns their name.
    pub fn retire_member(&self, panel: PanelId, id: MemberId, on: NaiveDate) -> Result<String> {
        let sql = format!(
            "SELECT {} FROM {} WHERE mb.id = ?1 AND mb.panel_id = ?2",
            member::COLUMNS,
            member::FROM
        );
        let row = self
            .conn
            .prepare_cached(&sql)?
            .query_row(params![id, panel], member::from_row)
            .optional()?;
        let Some(member::Member {
            name,
            retired_on: retired,
            ..
        }) = row
        else {
            return Err(StoreError::Rule(format!("no member #{id}")));
        };
        if let Some(r) = retired {
            return Err(StoreError::Rule(format!(
                "{name} (#{id}) already retired on {}",
                r.format("%Y-%m-%d")
            )));
        }
        self.set_field(Table::Member, id.0, "retired_on", date(on))?;
        Ok(name)
    }
}
