//! Setting up a panel in an empty database (`roundtable init`): the panel and its
//! agencies from a panel file, its first meetings, and its members, in one transaction.

use chrono::NaiveDate;
use rusqlite::types::Value;

use super::ids::*;
use super::write::Table;
use super::{Result, Store, StoreError};
use crate::domain::members::CheckedMember;
use crate::domain::names::same_name;
use crate::domain::panel_def::PanelDef;

/// A member to add at set-up; `deputy_for` names another member of the same list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupMember {
    pub member: CheckedMember,
    pub deputy_for: Option<String>,
}

impl Store {
    /// The name of the panel this database already holds, if any.
    pub fn panel_name(&self) -> Result<Option<String>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT name FROM panel ORDER BY id LIMIT 1")?;
        let mut rows = st.query_map([], |r| r.get(0))?;
        Ok(rows.next().transpose()?)
    }

    /// Create the panel, its meetings on `meetings` and its members. Refused if the
    /// database already holds a panel; nothing is written unless all of it is.
    pub fn set_up_panel(
        &self,
        def: &PanelDef,
        meetings: &[NaiveDate],
        members: &[SetupMember],
        today: NaiveDate,
    ) -> Result<PanelId> {
        if let Some(name) = self.panel_name()? {
            return Err(StoreError::Rule(format!(
                "{} already holds a panel ({name}); nothing changed",
                self.path().display()
            )));
        }
        for d in meetings {
            super::schedule::check_meeting_time(*d, def.meeting_pattern.start_time.as_deref())?;
        }
        self.atomic(|s| {
            let panel = s.create_panel(def)?;
            for d in meetings {
                s.create_meeting(
                    panel,
                    *d,
                    &def.venue,
                    def.meeting_pattern.start_time.as_deref(),
                )?;
            }
            let mut ids = vec![];
            for m in members {
                ids.push(s.add_panel_member(panel, &m.member, None, today)?);
            }
            for (m, id) in members.iter().zip(&ids) {
                let Some(target) = &m.deputy_for else {
                    continue;
                };
                let found = members
                    .iter()
                    .position(|o| same_name(&o.member.name, target));
                let Some(pos) = found.filter(|p| ids[*p] != *id) else {
                    return Err(StoreError::Rule(format!(
                        "{}: deputy_for '{target}' is not a member in the file",
                        m.member.name
                    )));
                };
                s.set_field(
                    Table::Member,
                    id.0,
                    "deputy_for_member_id",
                    Value::Integer(ids[pos].0),
                )?;
            }
            s.log_event(&format!("panel set up: {}", def.name))?;
            Ok(panel)
        })
    }
}
