//! Screening a referral before its meeting (section 11): what the checks need, and
//! recording what was decided.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::OptionalExtension;

use super::{Pending, ReferralRow};
use crate::domain::age::age_on;
use crate::domain::screening::{CheckedScreening, ScreenContext};
use crate::domain::types::*;
use crate::store::ids::*;
use crate::store::rows::{extra, opt_date, referral};
use crate::store::write::{date, text, Table};
use crate::store::{Result, Store, StoreError};

impl Store {
    /// A referral to screen, with what the screening checks need. Refused (`Rule`)
    /// when there is no such referral, and once it has been heard: screening comes
    /// before the meeting.
    pub fn pending_referral(&self, id: ReferralId, today: NaiveDate) -> Result<Pending> {
        let sql = format!(
            "SELECT {}, m.date AS meeting_date,
                (SELECT COUNT(*) FROM case_discussion d WHERE d.referral_id = r.id) AS discussions
             FROM {} LEFT JOIN meeting m ON m.id = r.meeting_id
             WHERE r.id = ?1",
            referral::COLUMNS,
            referral::FROM
        );
        let row = self
            .conn
            .prepare_cached(&sql)?
            .query_row([id], |r| {
                let heard: i64 = extra(r, "discussions")?;
                Ok((referral::from_row(r)?, opt_date(r, "meeting_date")?, heard))
            })
            .optional()?;
        let Some((r, meeting, heard)) = row else {
            return Err(StoreError::Rule(format!("no referral #{id}")));
        };
        if heard > 0
            || !matches!(
                r.status,
                CaseStatus::Received | CaseStatus::OnAgenda | CaseStatus::Excluded
            )
        {
            return Err(StoreError::Rule(format!(
                "referral #{id} ({}) has been on a meeting's agenda (status: {}); screening is recorded before the meeting",
                r.name,
                r.status.label()
            )));
        }
        let rules = crate::store::panel::PanelInfo::load(&self.conn, Some(r.panel))?.paperwork;
        Ok(Pending {
            panel: r.panel,
            name: r.name,
            status: r.status,
            meeting,
            context: ScreenContext {
                today,
                received: r.date_received,
                age: r
                    .date_of_birth
                    .and_then(|d| age_on(d, meeting.unwrap_or(today))),
                mappa_level: r.mappa_level,
                rules,
            },
        })
    }

    /// Record a checked screening and list the referral again for its meeting
    /// (on the agenda once screened, excluded at MAPPA level 2/3). Errors as
    /// [`Store::pending_referral`].
    pub fn record_screening(
        &self,
        id: ReferralId,
        sc: &CheckedScreening,
        today: NaiveDate,
    ) -> Result<ReferralRow> {
        let p = self.pending_referral(id, today)?;
        self.atomic(|s| {
            let t = Table::Referral;
            if let Some(l) = sc.mappa_level {
                s.set_field(t, id.0, "mappa_level", Value::Integer(l.into()))?;
            }
            if let Some(c) = sc.mappa_category {
                s.set_field(t, id.0, "mappa_category", Value::Integer(c.into()))?;
            }
            let mut screening = sc.screening;
            if sc.lifts_exclusion && screening == Some(Screening::Pending) {
                // Section 10.1: back at level 1 the case can be heard; an assessment
                // already recorded before the exclusion still stands.
                let before = s.referral(id)?;
                if !before.screening_by.trim().is_empty() && before.screening_on.is_some() {
                    screening = Some(Screening::Intelligence);
                } else if before.referrer_informed_on.is_some() {
                    screening = Some(Screening::NoIntelligence);
                }
            }
            if let Some(v) = screening {
                s.set_field(t, id.0, "screening", text(v.code()))?;
            }
            if let Some(b) = &sc.by {
                s.set_field(t, id.0, "screening_by", text(b.clone()))?;
            }
            if let Some(d) = sc.on {
                s.set_field(t, id.0, "screening_on", date(d))?;
            }
            if let Some(d) = sc.referrer_informed_on {
                s.set_field(t, id.0, "referrer_informed_on", date(d))?;
            }
            if let Some(note) = &sc.note {
                let old = s.referral(id)?.screening_note;
                if !old.contains(note.as_str()) {
                    let new = if old.trim().is_empty() {
                        note.clone()
                    } else {
                        format!("{}\n{note}", old.trim_end())
                    };
                    s.set_field(t, id.0, "screening_note", text(new))?;
                }
            }
            s.place_referrals(p.panel, today, Some(id))?;
            Ok(())
        })?;
        self.referral_rows(p.panel, today, true)?
            .into_iter()
            .find(|r| r.id == id)
            .ok_or_else(|| StoreError::NotFound(format!("referral {id}")))
    }
}
