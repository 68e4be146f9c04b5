//! The limit on deputies per agency (issue 22, MAVE MV8): "Each agency must name a lead
//! representative ... They should also nominate two deputies who may attend in their
//! place" (001 "Who sits on the MAVE Panel?"). `max_deputies` in the panel file, on an
//! `[[agency]]` or panel-wide; registering one more is warned of in one line, never
//! refused.

use rusqlite::params;

use crate::store::ids::{AgencyId, PanelId};
use crate::store::{Result, Store};

impl Store {
    /// The warning when agency `agency` of panel `panel` has more serving deputies
    /// (members registered as deputy for another, not retired today) than the panel
    /// file allows; `None` within the limit or with none set.
    pub fn deputy_limit_warning(&self, panel: PanelId, agency: AgencyId) -> Result<Option<String>> {
        let code: String = self
            .conn
            .prepare_cached("SELECT code FROM agency WHERE id = ?1")?
            .query_row([agency.0], |r| r.get(0))?;
        let today = self.today().format("%Y-%m-%d").to_string();
        let count: i64 = self
            .conn
            .prepare_cached(
                "SELECT COUNT(*) FROM member WHERE panel_id = ?1 AND agency_id = ?2
                 AND deputy_for_member_id IS NOT NULL
                 AND (retired_on IS NULL OR retired_on > ?3)",
            )?
            .query_row(params![panel.0, agency.0, today], |r| r.get(0))?;
        let pw = self.panel_info(Some(panel))?.paperwork;
        Ok(pw.deputy_warning(&code, usize::try_from(count).unwrap_or(0)))
    }
}
