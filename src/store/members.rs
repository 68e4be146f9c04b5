//! Panel members (section 5.4) between meetings: list, add, retire. A retired member
//! keeps their rows in past attendance and minutes (those hold their own copy of the
//! name); they are only no longer offered for new meetings.

use chrono::NaiveDate;
use rusqlite::params;
use serde::Serialize;

use super::ids::*;
use super::write::{date, NewMember, Table};
use super::{Result, Store, StoreError};
use crate::domain::members::{CheckedMember, MemberContext};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberRow {
    pub id: MemberId,
    pub name: String,
    pub post: String,
    pub agency: String,
    pub agency_name: String,
    pub role: String,
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
        let mut st = self.conn.prepare_cached(
            "SELECT m.id, m.name, m.post_title, a.code, a.name, m.role, m.deputy_for_member_id, d.name, m.retired_on
             FROM member m JOIN agency a ON a.id = m.agency_id LEFT JOIN member d ON d.id = m.deputy_for_member_id
             WHERE m.panel_id = ?1 AND (?2 OR m.retired_on IS NULL OR m.retired_on > ?3)
             ORDER BY m.id",
        )?;
        let rows = st.query_map(params![panel, all, today], |r| {
            Ok(MemberRow {
                id: r.get(0)?,
                name: r.get(1)?,
                post: r.get(2)?,
                agency: r.get(3)?,
                agency_name: r.get(4)?,
                role: r.get(5)?,
                deputy_for: r.get(6)?,
                deputy_for_name: r.get(7)?,
                retired_on: r.get(8)?,
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
        let row: Option<(String, Option<NaiveDate>)> = self
            .conn
            .prepare_cached("SELECT name, retired_on FROM member WHERE id = ?1 AND panel_id = ?2")?
            .query_row(params![id, panel], |r| Ok((r.get(0)?, r.get(1)?)))
            .ok();
        let Some((name, retired)) = row else {
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
