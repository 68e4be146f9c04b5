//! The chair's agreement to papers leaving the members (issue 21, G4 and MAPPA's MP8):
//! who agreed to a meeting's minutes being sent, recorded beside the day they were sent
//! and printed on the minutes' front; and, on a panel whose file sets `[records]
//! export_needs_chair = true`, a chair named before any paper leaves the panel's members
//! (`minutes sent`, `case ID --html`), the agreement in the change log. MAPPA: "must not
//! be shared outside the MAPPA framework without the consent of the MAPPA chair" (003
//! App 2C "Confidentiality and disclosure").

use chrono::NaiveDate;
use rusqlite::params;

use crate::domain::paperwork::DeadlineDue;

use crate::domain::paperwork::Rule;
use crate::store::ids::*;
use crate::store::write::Table;
use crate::store::{Result, Store, StoreError};

/// The column that holds who agreed to a meeting's minutes being sent (the lead may
/// renumber the migration at merge).
pub const MIGRATION_MINUTES_AGREED: &str = r#"
ALTER TABLE meeting ADD COLUMN minutes_agreed_by TEXT;
"#;

/// The roles that chair a panel's meetings.
const CHAIR_ROLES: &str = "('chair', 'vice_chair', 'co_chair')";

impl Store {
    /// The panel's serving chairs (chair, vice-chair, co-chairs), by name.
    fn chairs(&self, panel: PanelId) -> Result<Vec<String>> {
        let sql = format!(
            "SELECT name FROM member WHERE panel_id = ?1 AND retired_on IS NULL
             AND role IN {CHAIR_ROLES} ORDER BY id"
        );
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_map(params![panel], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// `name` as one of the panel's serving chairs spells it (any case, spaces
    /// trimmed), or a one-line refusal naming who may agree.
    pub fn chair_named(&self, panel: PanelId, name: &str) -> Result<String> {
        let chairs = self.chairs(panel)?;
        let want = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(c) = chairs.iter().find(|c| c.eq_ignore_ascii_case(&want)) {
            return Ok(c.clone());
        }
        let cite = self.panel_info(Some(panel))?.paperwork.cite;
        let who = if chairs.is_empty() {
            "the panel has no chair among its members: add one with `roundtable members add`"
                .to_string()
        } else {
            format!("a chair of the panel: {}", chairs.join(", "))
        };
        Err(StoreError::Rule(format!(
            "{want}: the agreement is a chair's{}: {who}",
            cite.paren(Rule::Confidentiality)
        )))
    }

    /// The chair who agreed to `what` leaving the members: `agreed_by` checked as a
    /// serving chair; on a panel with `export_needs_chair` none given is a one-line
    /// refusal naming the rule and the option. Nothing is written.
    pub fn chair_for(
        &self,
        panel: PanelId,
        what: &str,
        agreed_by: Option<&str>,
    ) -> Result<Option<String>> {
        let Some(by) = agreed_by else {
            let info = self.panel_info(Some(panel))?;
            if info.paperwork.records.export_needs_chair {
                return Err(StoreError::Rule(format!(
                    "{what} leaves {}'s members only with a chair's agreement{}: give --agreed-by NAME (a chair of the panel)",
                    info.short_name,
                    info.paperwork.cite.paren(Rule::Confidentiality)
                )));
            }
            return Ok(None);
        };
        self.chair_named(panel, by).map(Some)
    }

    /// Before a paper leaves the members ([`Store::chair_for`]): the agreement, if
    /// any, logged as an event naming `what`. Returns the chair as recorded.
    pub fn chair_agrees_export(
        &self,
        panel: PanelId,
        what: &str,
        agreed_by: Option<&str>,
    ) -> Result<Option<String>> {
        let chair = self.chair_for(panel, what, agreed_by)?;
        if let Some(c) = &chair {
            self.log_event(&format!("{what}: agreed by the chair, {c}"))?;
        }
        Ok(chair)
    }

    /// `minutes sent`: the day the minutes of `meeting` were sent
    /// ([`Store::record_minutes_sent`]) and the chair who agreed ([`Store::chair_for`]),
    /// in one transaction, each change-logged. Returns the minutes deadlines and the
    /// chair as recorded.
    pub fn record_minutes_sent_agreed(
        &self,
        meeting: MeetingId,
        on: NaiveDate,
        today: NaiveDate,
        agreed_by: Option<&str>,
    ) -> Result<(Vec<DeadlineDue>, Option<String>)> {
        let m = self.meeting_row(meeting)?;
        let what = format!("the minutes of {}", m.date.format("%Y-%m-%d"));
        let chair = self.chair_for(m.panel, &what, agreed_by)?;
        self.atomic(|s| {
            let due = s.record_minutes_sent(meeting, on, today)?;
            if let Some(c) = &chair {
                s.set_field(
                    Table::Meeting,
                    meeting.0,
                    "minutes_agreed_by",
                    rusqlite::types::Value::Text(c.clone()),
                )?;
            }
            Ok((due, chair.clone()))
        })
    }
}
