//! Decisions against the panel's own lists and rules (`[[decision]]`, `[closure]`,
//! `[review]`, `[quorum]`): a code is checked before it is written, and a case page
//! is completed only when its decision is one the panel offers at the item, the
//! quorum is met (or the chair has overridden it) and the next date is within bounds.

use chrono::NaiveDate;
use rusqlite::types::Value;

use super::{Case, MeetingData, PanelInfo};
use crate::domain::agenda::AgendaKind;
use crate::domain::paperwork::{
    quorum_gate, required_absent, DecisionDef, InRoom, Need, Paperwork, QuorumGate,
};
use crate::store::ids::{DiscussionId, MeetingId};
use crate::store::write::{text, time, Table};
use crate::store::{Result, Store, StoreError};

/// The panel's decision `code` if it is offered at an item of kind `kind`; else a
/// one-line refusal naming what is offered.
pub(crate) fn offered<'a>(
    paperwork: &'a Paperwork,
    code: &str,
    kind: AgendaKind,
) -> Result<&'a DecisionDef> {
    paperwork
        .decision(code)
        .filter(|d| d.offered_at(kind))
        .ok_or_else(|| {
            let codes: Vec<&str> = paperwork
                .decisions_at(kind)
                .iter()
                .map(|d| d.code.as_str())
                .collect();
            StoreError::Rule(format!(
                "decision: {code} is not one of this panel's decisions at this item (one of {})",
                codes.join(", ")
            ))
        })
}

impl MeetingData {
    /// Panel members in the room, for the quorum: members and deputies marked
    /// present (visitors presenting a case do not count), with their agency's code.
    pub fn in_room(&self) -> Vec<InRoom> {
        self.attendance
            .iter()
            .filter(|a| a.status.is_present())
            .filter(|a| a.member.is_some() || a.deputy_for.is_some())
            .map(|a| InRoom {
                name: a.name.clone(),
                agency: self.agency_code(a.agency),
            })
            .collect()
    }

    /// The quorum gate on decisions, as things stand.
    pub fn quorum(&self) -> QuorumGate {
        quorum_gate(
            self.panel.paperwork.quorum.as_ref(),
            &self.in_room(),
            self.quorum_override.as_deref(),
        )
    }

    /// The panel's required agencies with nobody in the room (by code).
    pub fn required_absent(&self) -> Vec<String> {
        let codes: Vec<String> = self
            .attendance
            .iter()
            .filter(|a| a.status.is_present())
            .map(|a| self.agency_code(a.agency))
            .collect();
        required_absent(&self.panel.paperwork.agencies, &codes)
    }
}

impl Store {
    /// The quorum gate of `meeting` from what is stored.
    pub fn quorum_of(&self, meeting: MeetingId, panel: &PanelInfo) -> Result<QuorumGate> {
        let Some(q) = panel.paperwork.quorum.as_ref() else {
            return Ok(QuorumGate::NotSet);
        };
        let present: Vec<InRoom> = self
            .conn
            .prepare_cached(
                "SELECT att.name AS name, a.code AS code FROM attendance att
                 JOIN agency a ON a.id = att.agency_id
                 WHERE att.meeting_id = ?1 AND att.status IN ('present', 'deputy')
                   AND (att.member_id IS NOT NULL OR att.deputy_for_member_id IS NOT NULL)",
            )?
            .query_map([meeting], |r| {
                Ok(InRoom {
                    name: r.get("name")?,
                    agency: r.get("code")?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let over: Option<String> = self
            .conn
            .prepare_cached("SELECT quorum_override_reason FROM meeting WHERE id = ?1")?
            .query_row([meeting], |r| r.get(0))?;
        Ok(quorum_gate(Some(q), &present, over.as_deref()))
    }

    /// What the rules refuse of decision `def` on `case` at `meeting` (held on
    /// `day`): no quorum, a next date outside the review bounds, a closure reason not
    /// on the panel's list.
    pub(super) fn check_decision_allowed(
        &self,
        meeting: MeetingId,
        panel: &PanelInfo,
        case: &Case,
        def: &DecisionDef,
        day: NaiveDate,
    ) -> Result<()> {
        let pw = &panel.paperwork;
        if let Some(line) = self.quorum_of(meeting, panel)?.refusal(&pw.cite) {
            return Err(StoreError::Rule(line));
        }
        if def.needs(Need::NextDate) {
            if let Some(line) = case
                .next_date
                .and_then(|n| pw.review.check(n, day, &pw.cite))
            {
                return Err(StoreError::Rule(line));
            }
        }
        if def.needs(Need::ClosureReason) {
            let listed = case
                .closure_reason
                .as_deref()
                .is_some_and(|r| pw.closure.reasons.iter().any(|x| x == r));
            if !listed {
                return Err(StoreError::Rule(format!(
                    "closure reason: choose one of the panel's reasons ({})",
                    pw.closure.reasons.join("; ")
                )));
            }
        }
        Ok(())
    }

    /// The chair lets decisions be taken without a quorum, for `reason` (recorded on
    /// the meeting with the time, in the change log and the minutes).
    pub fn override_quorum(&self, meeting: MeetingId, reason: &str) -> Result<()> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::Rule(
                "the chair's reason for going on without a quorum cannot be blank".into(),
            ));
        }
        self.atomic(|s| {
            s.set_field(
                Table::Meeting,
                meeting.0,
                "quorum_override_reason",
                text(reason),
            )?;
            s.set_field(
                Table::Meeting,
                meeting.0,
                "quorum_override_at",
                time(s.now()),
            )?;
            Ok(())
        })
    }

    /// Before `set_field` writes: a decision code must be one of the panel's decisions
    /// at the discussion's item, a closure reason one of its reasons, and a next date
    /// within its review bounds (`[review]`). Other columns pass.
    pub(crate) fn check_rules(
        &self,
        table: Table,
        id: i64,
        col: &str,
        value: &Value,
    ) -> Result<()> {
        if table == Table::Discussion && col == "agreed_by_attendance_id" {
            return self.check_agreed_by(id, value);
        }
        if table != Table::Discussion || !matches!(col, "decision" | "closure_reason" | "next_date")
        {
            return Ok(());
        }
        let Value::Text(v) = value else {
            return Ok(());
        };
        let meeting = self.discussion_meeting(DiscussionId(id))?;
        let panel = self.panel_info_of_meeting(meeting)?;
        let pw = &panel.paperwork;
        match col {
            "decision" => {
                let kind: Option<String> = self
                    .conn
                    .prepare_cached("SELECT item_kind FROM case_discussion WHERE id = ?1")?
                    .query_row([id], |r| r.get(0))?;
                let kind = kind
                    .as_deref()
                    .and_then(AgendaKind::from_code)
                    .unwrap_or(AgendaKind::NewReferralsUnder18);
                offered(pw, v, kind)?;
            }
            "closure_reason" if !pw.closure.reasons.iter().any(|r| r == v) => {
                return Err(StoreError::Rule(format!(
                    "closure reason: '{v}' is not one of the panel's reasons"
                )));
            }
            "next_date" => {
                let day: NaiveDate = self
                    .conn
                    .prepare_cached("SELECT date FROM meeting WHERE id = ?1")?
                    .query_row([meeting], |r| r.get(0))?;
                let next = v
                    .parse::<NaiveDate>()
                    .map_err(|e| StoreError::Rule(e.to_string()))?;
                if let Some(line) = pw.review.check(next, day, &pw.cite) {
                    return Err(StoreError::Rule(line));
                }
            }
            _ => {}
        }
        Ok(())
    }
}
