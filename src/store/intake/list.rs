//! Every referral of the panel with where it stands: the meeting and agenda item it
//! goes to, held over, excluded, or heard.

use chrono::NaiveDate;

use super::{fmt, ReferralRow};
use crate::domain::age::age_on;
use crate::domain::calendar::{Placement, WorkingCalendar};
use crate::domain::case_items::{route_case_or_first, CaseFacts};
use crate::domain::paperwork::{Paperwork, Rule};
use crate::domain::rules::check_mappa;
use crate::domain::types::*;
use crate::store::ids::*;
use crate::store::rows::{extra, opt_date, referral};
use crate::store::{Result, Store};

/// A referral as read, with what its placement is worked out from: the state of
/// the meeting it is listed for, and when it was heard (if it was).
struct Listed {
    row: ReferralRow,
    /// The referral's MAPPA category, for routing.
    category: Option<u8>,
    meeting_state: Option<String>,
    /// The meeting that finished hearing it.
    heard_on: Option<NaiveDate>,
    /// A closed meeting that had it on the agenda and did not finish it.
    not_reached_on: Option<NaiveDate>,
}

impl Store {
    /// Every referral of the panel with where it stands; only those not yet heard
    /// unless `all`. Ages are on the meeting date (today when not placed).
    pub fn referral_rows(
        &self,
        panel: PanelId,
        today: NaiveDate,
        all: bool,
    ) -> Result<Vec<ReferralRow>> {
        let (cutoff_days, _) = self.panel_days(panel)?;
        let info = self.panel_info(Some(panel))?;
        let (agenda, rules) = (info.agenda, info.paperwork);
        let cal = WorkingCalendar::england_and_wales();
        let meetings: Vec<NaiveDate> = self
            .conn
            .prepare_cached("SELECT date FROM meeting WHERE panel_id = ?1 ORDER BY date")?
            .query_map([panel], |r| r.get::<_, String>("date"))?
            .filter_map(|d| d.ok().and_then(|d| d.parse().ok()))
            .collect();
        let mut out = vec![];
        for listed in self.listed_referrals(panel, all)? {
            let Listed {
                mut row,
                category,
                meeting_state,
                heard_on,
                not_reached_on,
            } = listed;
            let listed_for = row.meeting;
            row.pending = heard_on.is_none()
                && matches!(row.status.as_str(), "received" | "on_agenda" | "excluded")
                && (listed_for.is_none() || meeting_state.as_deref() == Some("planned"));
            if !all && !row.pending {
                continue;
            }
            row.meeting = heard_on.or(listed_for);
            row.age = row
                .date_of_birth
                .and_then(|d| age_on(d, row.meeting.unwrap_or(today)));
            if row.age_approximate {
                // An estimate places the person; it is never shown as a date of birth.
                row.date_of_birth = None;
            }
            // The item that hears it, by the one routing rule (issue 21, E2).
            row.item = match row.meeting {
                Some(on) => {
                    let facts = CaseFacts {
                        review: false,
                        age: row.age,
                        level: row.mappa_level,
                        category,
                        children: super::has_children(&self.conn, row.id.0, row.date_received, on)?,
                        kind: row.kind,
                    };
                    route_case_or_first(&agenda, &facts).map(|i| i.number)
                }
                None => None,
            };
            // Not reached at an earlier meeting, else held over by the cut-off rule
            // from the meeting before the one it is listed for (as the agenda says).
            row.not_reached_on = not_reached_on.filter(|_| heard_on.is_none());
            row.held_over_from = row.not_reached_on.or_else(|| {
                let before = listed_for.and_then(|m| meetings.iter().copied().rfind(|p| *p < m));
                cal.held_over_from(row.date_received, row.urgent, before, cutoff_days)
            });
            row.placement = placement(&row, listed_for, heard_on, &cal, cutoff_days, &rules);
            out.push(row);
        }
        Ok(out)
    }

    /// The panel's referrals by date received (only those that may still be
    /// pending unless `all`), with the meeting they are listed for and when they
    /// were last heard.
    fn listed_referrals(&self, panel: PanelId, all: bool) -> Result<Vec<Listed>> {
        let sql = format!(
            "SELECT {}, ag.code AS referring_agency_code, m.date AS meeting_date,
                m.state AS meeting_state,
                (SELECT m2.date FROM case_discussion d JOIN meeting m2 ON m2.id = d.meeting_id
                 WHERE d.referral_id = r.id AND d.completed_at IS NOT NULL
                 ORDER BY m2.date DESC LIMIT 1) AS heard_on,
                (SELECT m3.date FROM case_discussion d3 JOIN meeting m3 ON m3.id = d3.meeting_id
                 WHERE d3.referral_id = r.id AND d3.completed_at IS NULL AND m3.state = 'closed'
                 ORDER BY m3.date DESC LIMIT 1) AS not_reached_on
             FROM {} JOIN agency ag ON ag.id = r.referring_agency_id
             LEFT JOIN meeting m ON m.id = r.meeting_id
             WHERE s.panel_id = ?1
               AND (?2 OR r.status IN ('received', 'on_agenda', 'excluded'))
             ORDER BY r.date_received, r.id",
            referral::COLUMNS,
            referral::FROM
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(rusqlite::params![panel, all], |r| {
            let f = referral::from_row(r)?;
            Ok(Listed {
                row: ReferralRow {
                    id: f.id,
                    subject: f.subject,
                    name: f.name,
                    date_of_birth: f.date_of_birth,
                    age_approximate: f.stated_age.is_some(),
                    age: None,
                    referring_agency: extra(r, "referring_agency_code")?,
                    date_received: f.date_received,
                    urgent: f.urgent,
                    previously_known: f.previously_known,
                    screening: f.screening.code().to_string(),
                    status: f.status.code().to_string(),
                    meeting: opt_date(r, "meeting_date")?,
                    item: None,
                    held_over_from: None,
                    not_reached_on: None,
                    pending: false,
                    placement: String::new(),
                    mappa_level: f.mappa_level,
                    kind: f.kind,
                    screened: super::ScreeningDone {
                        by: f.screening_by.clone(),
                        on: f.screening_on,
                        note: f.screening_note.clone(),
                        told: f.referrer_informed_on,
                    },
                },
                category: f.mappa_category,
                meeting_state: extra(r, "meeting_state")?,
                heard_on: opt_date(r, "heard_on")?,
                not_reached_on: opt_date(r, "not_reached_on")?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Where a referral stands, in words: heard, excluded, the item and meeting it goes
/// to and whether in time, or not yet placed.
fn placement(
    row: &ReferralRow,
    listed_for: Option<NaiveDate>,
    heard_on: Option<NaiveDate>,
    cal: &WorkingCalendar,
    cutoff_days: u32,
    rules: &Paperwork,
) -> String {
    if let Some(h) = heard_on {
        let status = CaseStatus::from_code(&row.status)
            .map_or(row.status.clone(), |s| s.label().to_string());
        return format!("heard {}: {status}", fmt(h));
    }
    if row.status == CaseStatus::Excluded.code() || check_mappa(row.mappa_level, rules).is_err() {
        let why = row.mappa_level.map_or_else(
            || format!("MAPPA level {}", rules.exclusion.levels_slash()),
            |l| format!("MAPPA level {l}"),
        );
        let cite = rules.cite.paren(Rule::Exclusion);
        return match listed_for {
            Some(m) => format!("excluded: {why}{cite}; noted for {}", fmt(m)),
            None => format!("excluded: {why}{cite}"),
        };
    }
    let Some(m) = listed_for else {
        return "not placed: no meeting scheduled for it yet".to_string();
    };
    let how = match cal.placement(row.date_received, row.urgent, m, cutoff_days) {
        Placement::InTime => match (row.not_reached_on, row.held_over_from) {
            (Some(n), _) => format!("not reached on {}", fmt(n)),
            (None, Some(h)) => format!("held over from {}", fmt(h)),
            (None, None) => "in time".to_string(),
        },
        Placement::LateUrgent => "late, urgent".to_string(),
        Placement::HeldOver | Placement::AfterMeeting => "late for this meeting".to_string(),
    };
    match row.item {
        Some(n) => format!("item {n} on {}, {how}", fmt(m)),
        None => format!("{} on {}, {how}", fmt(m), "no new-referrals item"),
    }
}
