//! The meeting's case pages (each discussion with its referral, onward referrals,
//! actions and intervention plan) and the referrals set aside from it.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::params;

use super::agreed_by::agreed_by_of;
use super::{ActionRow, Case, InterventionRow, Referral, SetAside};
use crate::domain::agenda::AgendaKind;
use crate::domain::calendar::{Placement, WorkingCalendar};
use crate::domain::case_items::{case_item_number, route_case_or_first, stored_kind};
use crate::domain::paperwork::{OnwardKindDef, Rule};
use crate::domain::rules::check_mappa;
use crate::domain::types::*;
use crate::store::ids::*;
use crate::store::panel::PanelInfo;
use crate::store::rows::{action, case_discussion, intervention, onward, referral};
use crate::store::{Result, Store, StoreError};

impl Store {
    /// The meeting's case pages, or only the one for `only`; ages are on `day`;
    /// each numbered from the panel's agenda ([`case_item_number`]: 0 when it has no
    /// item for it). A discussion whose referral is missing is left out (see
    /// [`Store::cases_whole`]).
    pub(crate) fn cases(
        &self,
        id: MeetingId,
        day: NaiveDate,
        only: Option<DiscussionId>,
    ) -> Result<Vec<Case>> {
        Ok(self.cases_whole(id, day, only)?.0)
    }

    /// [`Store::cases`], and one line naming each discussion left out because its
    /// referral is missing (a row deleted outside Roundtable): one broken row never
    /// stops the rest of the meeting opening.
    pub(crate) fn cases_whole(
        &self,
        id: MeetingId,
        day: NaiveDate,
        only: Option<DiscussionId>,
    ) -> Result<(Vec<Case>, Vec<String>)> {
        let sql = format!(
            "SELECT {} FROM {} WHERE d.meeting_id = ?1 AND (?2 IS NULL OR d.id = ?2)
             ORDER BY d.position, d.id",
            case_discussion::COLUMNS,
            case_discussion::FROM
        );
        let discussions: Vec<case_discussion::Discussion> = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params![id, only], case_discussion::from_row)?
            .collect::<rusqlite::Result<_>>()?;
        // The cases' referrals in one query (a meeting hears each case once).
        let sql = format!(
            "SELECT {} FROM {} WHERE r.id IN (
                SELECT d.referral_id FROM case_discussion d
                WHERE d.meeting_id = ?1 AND (?2 IS NULL OR d.id = ?2))",
            referral::COLUMNS,
            referral::FROM
        );
        let mut referrals: HashMap<ReferralId, Referral> = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params![id, only], |r| {
                let f = referral::from_row(r)?.aged_on(day);
                Ok((f.id, f))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let panel = self.panel_info_of_meeting(id)?;
        let kinds = &panel.paperwork.onward_kinds;
        let (mut cases, mut broken) = (Vec::new(), Vec::new());
        for d in discussions {
            let item = case_item_number(&panel.agenda, d.kind, d.agenda_item).unwrap_or(0);
            match referrals.remove(&d.referral) {
                Some(referral) => {
                    let mut c = self.case_page(id, d, referral, kinds)?;
                    c.item = item;
                    cases.push(c);
                }
                None => broken.push(format!(
                    "case discussion {} cannot be opened: its referral {} is missing (removed outside Roundtable; `roundtable audit verify` lists every broken link)",
                    d.id, d.referral
                )),
            }
        }
        Ok((cases, broken))
    }

    /// One case page of meeting `meeting`: the discussion `d` and its referral, with
    /// what hangs off them; `kinds` are the panel's onward-referral kinds.
    fn case_page(
        &self,
        meeting: MeetingId,
        d: case_discussion::Discussion,
        referral: Referral,
        kinds: &[OnwardKindDef],
    ) -> Result<Case> {
        let onward = self.onward_rows(d.id)?;
        let mut c = Case {
            discussion: d.id,
            item: 0,
            kind: d.kind,
            lead_update: d.lead_update,
            minutes: d.minutes,
            decision: d.decision,
            reasons: d.reasons,
            key_worker: d.key_worker,
            key_worker_agency: d.key_worker_agency,
            closure_reason: d.closure_reason,
            risk_before: d.risk_before,
            risk_after: d.risk_after,
            lead_agency: d.lead_agency,
            next_date: d.next_date,
            completed_at: d.completed_at,
            onward: onward_lines(kinds, onward),
            actions: vec![],
            earlier_actions: vec![],
            interventions: self.interventions_of(referral.id)?,
            record: crate::store::case_record::record_of(&self.conn, d.id.0)?,
            restricted: crate::store::intake::restricted_of(&self.conn, referral.id.0)?,
            agreed_by: agreed_by_of(&self.conn, d.id.0)?,
            checklist_override: crate::store::intake::checklist_override_of(
                &self.conn,
                referral.id.0,
            )?,
            trend: super::trend::trend_before(&self.conn, referral.id, meeting)?,
            referral,
        };
        for a in self.actions_at(c.referral.id, meeting)? {
            if a.meeting == meeting {
                c.actions.push(a);
            } else if c.kind == AgendaKind::Reviews
                && (a.status == ActionStatus::Open || a.reviewed_at == Some(meeting))
            {
                c.earlier_actions.push(a);
            }
        }
        Ok(c)
    }

    /// One referral with its subject (ages left unset). Errors: `NotFound`.
    pub(crate) fn referral(&self, id: ReferralId) -> Result<Referral> {
        let sql = format!(
            "SELECT {} FROM {} WHERE r.id = ?1",
            referral::COLUMNS,
            referral::FROM
        );
        self.conn
            .prepare_cached(&sql)?
            .query_row([id], referral::from_row)
            .map_err(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => {
                    StoreError::NotFound(format!("referral {id}"))
                }
                e => e.into(),
            })
    }

    /// The onward referrals discussion `d` recorded.
    fn onward_rows(&self, d: DiscussionId) -> Result<Vec<onward::Onward>> {
        let sql = format!(
            "SELECT {} FROM {} WHERE o.discussion_id = ?1",
            onward::COLUMNS,
            onward::FROM
        );
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_map([d], onward::from_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Actions of a case raised at `meeting`, still open, or checked at `meeting`,
    /// by due date.
    fn actions_at(&self, case: ReferralId, meeting: MeetingId) -> Result<Vec<ActionRow>> {
        let sql = format!(
            "SELECT {} FROM {} WHERE a.referral_id = ?1
               AND (a.meeting_id = ?2 OR a.status = 'open' OR a.reviewed_at_meeting_id = ?2)
             ORDER BY a.due_on, a.id",
            action::COLUMNS,
            action::FROM
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(params![case, meeting], action::from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A case's intervention plan, row by row.
    fn interventions_of(&self, case: ReferralId) -> Result<Vec<InterventionRow>> {
        let sql = format!(
            "SELECT {} FROM {} WHERE iv.referral_id = ?1 ORDER BY iv.position, iv.id",
            intervention::COLUMNS,
            intervention::FROM
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map([case], intervention::from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Referrals listed for this meeting that cannot be heard: held over (section 11)
    /// or excluded at MAPPA level 2/3 (section 10.1).
    pub(super) fn set_aside(
        &self,
        id: MeetingId,
        day: NaiveDate,
        panel: &PanelInfo,
    ) -> Result<Vec<SetAside>> {
        let cal = WorkingCalendar::england_and_wales();
        let cutoff = cal.cutoff(day, panel.cutoff_days);
        let sql = format!(
            "SELECT {} FROM {}
             WHERE (r.meeting_id = ?1 OR (r.status = 'received' AND r.date_received > ?2 AND r.date_received <= ?3))
               AND NOT EXISTS (SELECT 1 FROM case_discussion d WHERE d.referral_id = r.id AND d.meeting_id = ?1)
             ORDER BY r.date_received, r.id",
            referral::COLUMNS,
            referral::FROM
        );
        let refs: Vec<Referral> = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params![id, cutoff, day], |r| {
                Ok(referral::from_row(r)?.aged_on(day))
            })?
            .collect::<rusqlite::Result<_>>()?;
        // Meetings after this one, for where a late referral is held over to.
        let later: Vec<NaiveDate> = self
            .conn
            .prepare_cached(
                "SELECT date FROM meeting WHERE panel_id = ?1 AND date > ?2 ORDER BY date",
            )?
            .query_map(params![panel.id, day], |r| r.get("date"))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = vec![];
        for r in refs {
            let facts = crate::store::intake::facts_of(&self.conn, &r, day, false)?;
            let routed = route_case_or_first(&panel.agenda, &facts);
            let kind = routed.map_or(AgendaKind::NewReferrals, |i| stored_kind(i, false));
            let item = routed.map_or(0, |i| i.number);
            let reason = if let Err(refusal) = check_mappa(r.mappa_level, &panel.paperwork) {
                format!("Excluded: {refusal}")
            } else if cal.placement(r.date_received, r.urgent, day, panel.cutoff_days)
                == Placement::HeldOver
            {
                let to = cal.target_meeting(r.date_received, r.urgent, &later, panel.cutoff_days);
                format!(
                    "Held over to {}: received {}, after the cut-off of {}{}, not urgent",
                    to.map_or("the following meeting".into(), |d| d
                        .format("%Y-%m-%d")
                        .to_string()),
                    r.date_received.format("%Y-%m-%d"),
                    cutoff.format("%Y-%m-%d"),
                    panel.paperwork.cite.paren(Rule::Cutoff)
                )
            } else {
                continue;
            };
            out.push(SetAside {
                referral: r,
                item,
                kind,
                reason,
            });
        }
        Ok(out)
    }
}

/// An onward-referral kind on a case page, with what was recorded for it.
#[derive(Debug, Clone, PartialEq)]
pub struct OnwardLine {
    pub code: String,
    /// The panel's label; the code itself for a kind the panel no longer lists.
    pub label: String,
    /// Asks whom the referral is for (`asks_for_whom`; MAGPan's child protection).
    pub asks_for_whom: bool,
    /// The row recorded, if any (its state, for whom, its note).
    pub recorded: Option<onward::Onward>,
}

/// Every onward-referral kind of the panel in its file's order, with the row
/// recorded for it; then each row of a kind the panel no longer lists, by its code,
/// so that nothing recorded is hidden.
pub(crate) fn onward_lines(
    kinds: &[OnwardKindDef],
    mut got: Vec<onward::Onward>,
) -> Vec<OnwardLine> {
    let mut out: Vec<OnwardLine> = kinds
        .iter()
        .map(|k| OnwardLine {
            code: k.code.clone(),
            label: k.label.clone(),
            asks_for_whom: k.asks_for_whom,
            recorded: got
                .iter()
                .position(|o| o.kind == k.code)
                .map(|i| got.remove(i)),
        })
        .collect();
    got.sort_by_key(|o| o.id);
    out.extend(got.into_iter().map(|o| OnwardLine {
        code: o.kind.clone(),
        label: o.kind.clone(),
        asks_for_whom: o.cp_for.is_some(),
        recorded: Some(o),
    }));
    out
}
