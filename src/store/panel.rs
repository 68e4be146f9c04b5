//! The panel as the database holds it: one reader, used by the meeting screens and
//! the lookups alike.

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::ids::PanelId;
use super::{Result, StoreError};
use crate::domain::agenda::AgendaItemDef;
use crate::domain::panel_def::{MeetingPattern, RoleDef};
use crate::domain::paperwork::Paperwork;
use crate::domain::risk::RiskScale;
use crate::domain::types::Role;

/// A panel: its name, marking and statement (on every document), its agenda, risk
/// scale, meeting pattern, posts and who stays after the formal close. Serialised
/// (for `--json`) with the panel file's key names.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PanelInfo {
    #[serde(skip)]
    pub id: PanelId,
    pub name: String,
    pub short_name: String,
    #[serde(rename = "protective_marking")]
    pub marking: String,
    #[serde(rename = "confidentiality_statement")]
    pub statement: String,
    pub venue: String,
    /// Section 11: working days before a meeting by which a referral must arrive.
    #[serde(rename = "cutoff_working_days")]
    pub cutoff_days: u32,
    /// Section 11 a: working days before a meeting the agenda is circulated.
    #[serde(rename = "agenda_circulation_working_days")]
    pub circulation_days: u32,
    /// Counts in the monitoring return below this are shown as `<N`.
    pub small_number_threshold: u32,
    #[serde(skip)]
    pub risk: RiskScale,
    #[serde(skip)]
    pub agenda: Vec<AgendaItemDef>,
    #[serde(skip)]
    pub under_18_lead: Option<String>,
    #[serde(skip)]
    pub pattern: MeetingPattern,
    /// The panel file's posts: role, post title, agency.
    #[serde(skip)]
    pub roles: Vec<RoleDef>,
    /// Roles that stay in the room after the formal close.
    #[serde(skip)]
    pub after_close: Vec<Role>,
    /// The panel's rules, deadlines, decisions and forms.
    #[serde(skip)]
    pub paperwork: Paperwork,
}

impl PanelInfo {
    /// The panel `id`, or the first panel in the file when `None`. Errors: `NotFound`
    /// when the file holds no panel; `Rule` when a stored part of it is damaged.
    pub fn load(conn: &Connection, id: Option<PanelId>) -> Result<PanelInfo> {
        type Row = (
            PanelInfo,
            String,
            String,
            String,
            String,
            String,
            Option<String>,
        );
        let row: Option<Row> = conn
            .prepare_cached(
                "SELECT id, name, short_name, protective_marking, confidentiality_statement, venue,
                    cutoff_working_days, agenda_circulation_working_days, under_18_lead_agency,
                    risk_scale, agenda, meeting_pattern, roles, after_close_roles,
                    small_number_threshold, paperwork
                 FROM panel WHERE (?1 IS NULL OR id = ?1) ORDER BY id LIMIT 1",
            )?
            .query_row([id], |r| {
                Ok((
                    PanelInfo {
                        id: r.get("id")?,
                        name: r.get("name")?,
                        short_name: r.get("short_name")?,
                        marking: r.get("protective_marking")?,
                        statement: r.get("confidentiality_statement")?,
                        venue: r.get("venue")?,
                        cutoff_days: r.get("cutoff_working_days")?,
                        circulation_days: r.get("agenda_circulation_working_days")?,
                        small_number_threshold: r.get("small_number_threshold")?,
                        under_18_lead: r.get("under_18_lead_agency")?,
                        risk: RiskScale::default_scale(),
                        agenda: vec![],
                        pattern: MeetingPattern::default(),
                        roles: vec![],
                        after_close: vec![],
                        paperwork: Paperwork::default(),
                    },
                    r.get("risk_scale")?,
                    r.get("agenda")?,
                    r.get("meeting_pattern")?,
                    r.get("roles")?,
                    r.get("after_close_roles")?,
                    r.get("paperwork")?,
                ))
            })
            .optional()?;
        let Some((mut p, risk, agenda, pattern, roles, after_close, paperwork)) = row else {
            return Err(StoreError::NotFound("no panel in this database".into()));
        };
        let bad = |what: &str, e: String| StoreError::Rule(format!("panel {what} is damaged: {e}"));
        p.risk = RiskScale::from_json(&risk).map_err(|e| bad("risk scale", e))?;
        p.agenda = serde_json::from_str(&agenda).map_err(|e| bad("agenda", e.to_string()))?;
        p.pattern =
            serde_json::from_str(&pattern).map_err(|e| bad("meeting pattern", e.to_string()))?;
        p.roles = serde_json::from_str(&roles).map_err(|e| bad("roles", e.to_string()))?;
        let codes: Vec<String> =
            serde_json::from_str(&after_close).map_err(|e| bad("roles", e.to_string()))?;
        p.after_close = codes.iter().filter_map(|c| Role::from_code(c)).collect();
        p.paperwork =
            Paperwork::from_stored(paperwork.as_deref()).map_err(|e| bad("paperwork", e))?;
        Ok(p)
    }

    /// The marking, never blank: RESTRICTED when the panel row has none.
    pub fn marking(&self) -> &str {
        if self.marking.trim().is_empty() {
            "RESTRICTED"
        } else {
            self.marking.trim()
        }
    }

    /// The meetings' usual start time (`HH:MM`), if the pattern gives one.
    pub fn start_time(&self) -> Option<&str> {
        self.pattern.start_time.as_deref()
    }

    /// The panel's own post title for `role` ("Serious Youth Violence Coordinator"),
    /// or the role's general name when the panel file gives none.
    pub fn post_of(&self, role: Role) -> String {
        self.roles
            .iter()
            .find(|r| r.role == role.code())
            .map_or_else(|| role.label().to_string(), |r| r.post.clone())
    }

    /// "the Chair (Detective Inspector), ... and the MAPPA Coordinator": who stays after
    /// the formal close, in the panel's own titles.
    pub fn after_close_words(&self) -> String {
        let words: Vec<String> = self
            .after_close
            .iter()
            .map(|r| {
                let post = self.post_of(*r);
                if post == r.label() {
                    format!("the {post}")
                } else {
                    format!("the {} ({post})", r.label())
                }
            })
            .collect();
        match words.as_slice() {
            [] => "nobody".into(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        }
    }
}
