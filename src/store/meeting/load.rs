//! Reading a meeting whole, and the panel lists the runner shows beside it
//! (agencies, members, the roster, the schedule).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension};

use super::{Agency, Attendee, Intel, MappaNote, MeetingData, Member, RosterRow, ScheduleRow};
use crate::domain::calendar::{Placement, WorkingCalendar};
use crate::domain::rules::check_mappa;
use crate::store::ids::*;
use crate::store::panel::PanelInfo;
use crate::store::rows::{agency, attendance, intelligence, mappa_note, meeting, member, referral};
use crate::store::{Result, Store, StoreError};

impl Store {
    /// A meeting's date, without loading the whole meeting.
    pub fn meeting_date(&self, id: MeetingId) -> Result<NaiveDate> {
        Ok(self
            .conn
            .prepare_cached("SELECT date FROM meeting WHERE id = ?1")?
            .query_row([id], |r| r.get("date"))?)
    }

    /// The meeting to open: one in progress (or formally closed), else the earliest planned.
    pub fn meeting_to_run(&self) -> Result<Option<MeetingId>> {
        let running: Option<MeetingId> = self
            .conn
            .prepare_cached(
                "SELECT id FROM meeting WHERE state IN ('in_progress', 'formally_closed') ORDER BY date, ifnull(start_time, ''), id LIMIT 1",
            )?
            .query_row([], |r| r.get("id"))
            .optional()?;
        if running.is_some() {
            return Ok(running);
        }
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM meeting WHERE state = 'planned' ORDER BY date, ifnull(start_time, ''), id LIMIT 1")?
            .query_row([], |r| r.get("id"))
            .optional()?)
    }

    /// The panel `panel`, or the first in the file (see [`PanelInfo::load`]).
    pub fn panel_info(&self, panel: Option<PanelId>) -> Result<PanelInfo> {
        PanelInfo::load(&self.conn, panel)
    }

    /// The panel a meeting belongs to.
    pub fn panel_info_of_meeting(&self, id: MeetingId) -> Result<PanelInfo> {
        let panel: PanelId = self
            .conn
            .prepare_cached("SELECT panel_id FROM meeting WHERE id = ?1")?
            .query_row([id], |r| r.get("panel_id"))?;
        self.panel_info(Some(panel))
    }

    /// One meeting row. Errors: `NotFound` when there is no meeting `id`.
    pub(crate) fn meeting_row(&self, id: MeetingId) -> Result<meeting::Meeting> {
        let sql = format!(
            "SELECT {} FROM {} WHERE m.id = ?1",
            meeting::COLUMNS,
            meeting::FROM
        );
        self.conn
            .prepare_cached(&sql)?
            .query_row([id], meeting::from_row)
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("meeting {id}")))
    }

    /// The panel's agencies, in the order they were added.
    pub fn agencies(&self, panel: PanelId) -> Result<Vec<Agency>> {
        let sql = format!(
            "SELECT {} FROM {} WHERE ag.panel_id = ?1 ORDER BY ag.id",
            agency::COLUMNS,
            agency::FROM
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map([panel], agency::from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The members of the panel on `on`: those not retired on or before it.
    pub fn members(&self, panel: PanelId, on: NaiveDate) -> Result<Vec<Member>> {
        let sql = format!(
            "SELECT {} FROM {} WHERE mb.panel_id = ?1 AND (mb.retired_on IS NULL OR mb.retired_on > ?2)
             ORDER BY mb.id",
            member::COLUMNS,
            member::FROM
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(params![panel, on], member::from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Load everything the runner shows for one meeting. Errors: `NotFound` when
    /// there is no meeting `id`; `Rule` when its panel is damaged.
    pub fn load_meeting(&self, id: MeetingId) -> Result<MeetingData> {
        self.load_meeting_with(id, true)
    }

    /// [`Store::load_meeting`], with the referrals screen's rows only when
    /// `referrals` (reading them reads every referral of the panel: the runner's
    /// first frame does not wait for them; see [`Store::waiting_referrals`]).
    pub fn load_meeting_with(&self, id: MeetingId, referrals: bool) -> Result<MeetingData> {
        let m = self.meeting_row(id)?;
        let day = m.date;
        let panel = self.panel_info(Some(m.panel))?;
        let (cases, broken) = self.cases_whole(id, day, None)?;
        let next_meeting: Option<NaiveDate> = self
            .conn
            .prepare_cached(
                "SELECT MIN(date) AS next FROM meeting WHERE panel_id = ?1 AND date > ?2",
            )?
            .query_row(params![panel.id, day], |r| r.get("next"))?;
        let previous: Option<NaiveDate> = self
            .conn
            .prepare_cached(
                "SELECT MAX(date) AS previous FROM meeting WHERE panel_id = ?1 AND date < ?2",
            )?
            .query_row(params![panel.id, day], |r| r.get("previous"))?;
        Ok(MeetingData {
            id,
            date: day,
            venue: m.venue,
            state: m.state,
            current_item: m.current_item,
            current_discussion: m.current_discussion,
            started_at: m.started_at,
            formally_closed_at: m.formally_closed_at,
            closed_at: m.closed_at,
            gate_override: m.gate_override,
            quorum_override: m.quorum_override,
            agencies: self.agencies(panel.id)?,
            members: self.members(panel.id, day)?,
            attendance: self.attendance(id)?,
            guests: super::guests_at(&self.conn, id)?,
            intelligence: self.intelligence(id)?,
            cases,
            set_aside: self.set_aside(id, day, &panel)?,
            mappa: self.mappa_notes(id)?,
            next_meeting,
            listed_new: self.listed_new(id, day, &panel)?,
            listed_reviews: if self.for_chosen_cases(id)? {
                self.chosen_open(id)?
            } else {
                self.reviews_due(day)?
            },
            roster: self.roster(panel.id)?,
            schedule: self.schedule(panel.id)?,
            referrals: if referrals {
                self.waiting_referrals(panel.id)?
            } else {
                vec![]
            },
            referrals_loaded: referrals,
            item_opened_at: self.opened_at(id, "current_item")?,
            case_opened_at: self.opened_at(id, "current_discussion_id")?,
            broken,
            room: self.room_state(id)?,
            meeting_type: crate::domain::paperwork::type_of(
                &panel.paperwork.meeting_types,
                m.type_code.as_deref(),
            )
            .cloned(),
            chaired_by: m.chaired_by,
            chosen: self.chosen_cases(id)?,
            returns: self.returns_for_meeting(day, previous)?,
            panel,
        })
    }

    /// The referrals screen's rows: the panel's referrals not yet heard.
    pub fn waiting_referrals(
        &self,
        panel: PanelId,
    ) -> Result<Vec<crate::store::intake::ReferralRow>> {
        self.referral_rows(panel, self.today(), false)
    }

    /// Everyone who has been a member of the panel: current ones first, then retired.
    pub fn roster(&self, panel: PanelId) -> Result<Vec<RosterRow>> {
        let sql = format!(
            "SELECT {} FROM {} WHERE mb.panel_id = ?1 ORDER BY mb.retired_on IS NOT NULL, mb.id",
            member::COLUMNS,
            member::FROM
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map([panel], |r| {
            let member = member::from_row(r)?;
            Ok(RosterRow {
                retired_on: member.retired_on,
                deputy_for: member.deputy_for,
                member,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every meeting of the panel, oldest first.
    pub fn schedule(&self, panel: PanelId) -> Result<Vec<ScheduleRow>> {
        let sql = format!(
            "SELECT {} FROM {} WHERE m.panel_id = ?1 ORDER BY m.date",
            meeting::COLUMNS,
            meeting::FROM
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map([panel], |r| {
            let m = meeting::from_row(r)?;
            Ok(ScheduleRow {
                id: m.id,
                date: m.date,
                venue: m.venue,
                state: m.state,
                cases: vec![],
            })
        })?;
        let mut rows: Vec<ScheduleRow> = rows.collect::<rusqlite::Result<_>>()?;
        for row in &mut rows {
            row.cases = self.chosen_cases(row.id)?;
        }
        Ok(rows)
    }

    /// The meeting's attendance rows, in the order they were made.
    fn attendance(&self, id: MeetingId) -> Result<Vec<Attendee>> {
        let sql = format!(
            "SELECT {} FROM {} WHERE att.meeting_id = ?1 ORDER BY att.id",
            attendance::COLUMNS,
            attendance::FROM
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map([id], attendance::from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The meeting's intelligence notes, in the order they were made.
    fn intelligence(&self, id: MeetingId) -> Result<Vec<Intel>> {
        let sql = format!(
            "SELECT {} FROM {} WHERE il.meeting_id = ?1 ORDER BY il.id",
            intelligence::COLUMNS,
            intelligence::FROM
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map([id], intelligence::from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The MAPPA cases noted at the meeting, in their order.
    fn mappa_notes(&self, id: MeetingId) -> Result<Vec<MappaNote>> {
        let sql = format!(
            "SELECT {} FROM {} WHERE mn.meeting_id = ?1 ORDER BY mn.position, mn.id",
            mappa_note::COLUMNS,
            mappa_note::FROM
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map([id], mappa_note::from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// New referrals listed for the meeting that it can hear: in time (or late and
    /// urgent) and not excluded at MAPPA level 2/3.
    fn listed_new(&self, id: MeetingId, day: NaiveDate, panel: &PanelInfo) -> Result<usize> {
        let cal = WorkingCalendar::england_and_wales();
        let sql = format!(
            "SELECT {} FROM {} WHERE r.meeting_id = ?1 AND r.status IN ('on_agenda', 'received')",
            referral::COLUMNS,
            referral::FROM
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map([id], referral::from_row)?;
        // A case chosen for its meeting is heard whenever it was received.
        let chosen = self.for_chosen_cases(id)?;
        let mut n = 0;
        for r in rows {
            let r = r?;
            if check_mappa(r.mappa_level, &panel.paperwork).is_ok()
                && (chosen
                    || matches!(
                        cal.placement(r.date_received, r.urgent, day, panel.cutoff_days),
                        Placement::InTime | Placement::LateUrgent
                    ))
            {
                n += 1;
            }
        }
        Ok(n)
    }

    /// Open cases whose review is due on or before `day`.
    fn reviews_due(&self, day: NaiveDate) -> Result<usize> {
        let n: i64 = self
            .conn
            .prepare_cached(
                "SELECT COUNT(*) AS n FROM referral WHERE status = 'open' AND next_review_on <= ?1",
            )?
            .query_row([day], |r| r.get("n"))?;
        Ok(n as usize)
    }

    /// When the meeting's `col` (`current_item`, `current_discussion_id`) last
    /// changed, from the change log: so the item and case timers carry on after a
    /// restart.
    fn opened_at(&self, id: MeetingId, col: &str) -> Result<Option<DateTime<Utc>>> {
        let at: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT at FROM change_log WHERE tbl = 'meeting' AND row_id = ?1 AND col = ?2
                 ORDER BY id DESC LIMIT 1",
            )?
            .query_row(params![id, col], |r| r.get("at"))
            .optional()?;
        Ok(at.as_deref().and_then(crate::domain::clock::parse_stamp))
    }
}
