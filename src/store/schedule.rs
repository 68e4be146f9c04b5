//! Scheduled meetings between meetings: the list with cut-off and agenda circulation
//! dates (section 11), an extra meeting, a changed date or venue, and the placing of
//! new referrals on the meeting the 15-working-day rule gives them.

use chrono::NaiveDate;
use rusqlite::params;
use rusqlite::types::Value;
use serde::Serialize;

use super::ids::*;
use super::rows::meeting::{self, Meeting};
use super::rows::referral::{self, Referral};
use super::rows::{extra, opt_date};
use super::write::{date, text, Table};
use super::{Result, Store, StoreError};
use crate::domain::calendar::WorkingCalendar;
use crate::domain::intake::{destination, status_before_meeting};
use crate::domain::meeting_ref::{ambiguous, normal_time, MeetingKind, MeetingRef};
use crate::domain::paperwork::{DeadlineDue, RelativeTo};
use crate::domain::types::*;

/// A meeting as the schedule lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScheduledMeeting {
    pub id: MeetingId,
    pub date: NaiveDate,
    pub start_time: Option<String>,
    pub venue: String,
    pub state: String,
    /// Ordinary, emergency or single case (left out of the JSON when ordinary).
    #[serde(skip_serializing_if = "is_ordinary")]
    pub kind: MeetingKind,
    /// The label of its `[[meeting_type]]` (left out of the JSON for a panel without
    /// types).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting_type: Option<String>,
    /// When its minutes were sent to members (`minutes sent`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minutes_sent_on: Option<NaiveDate>,
    /// Last date a referral may be received to go to this meeting (section 11).
    pub cutoff: NaiveDate,
    /// The agenda goes out this many working days before (section 11 a: five).
    pub agenda_out: NaiveDate,
    /// New referrals listed for it.
    pub referrals: i64,
    /// The panel's own deadlines for it (`[[deadline]]`): papers before it, minutes
    /// after it. Left out of the JSON when the panel sets none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deadlines: Vec<DeadlineDue>,
    /// A meeting for chosen cases: its cases by id and initials, never names (left
    /// out of the JSON for any other meeting).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cases: Vec<super::meeting::ChosenCase>,
}

fn is_ordinary(k: &MeetingKind) -> bool {
    *k == MeetingKind::Ordinary
}

/// A new referral whose meeting or status changed when the schedule changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Replacement {
    pub referral: ReferralId,
    pub name: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub status: String,
}

/// What `meetings add` gives beside the date.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExtraMeeting<'a> {
    /// `HH:MM` (default: the panel's usual start time).
    pub time: Option<&'a str>,
    pub kind: MeetingKind,
    /// Default: the panel's usual venue.
    pub venue: Option<&'a str>,
}

/// What `meetings move` changes: the date, the start time, the venue.
#[derive(Debug, Clone, Copy, Default)]
pub struct MeetingChange<'a> {
    pub to: Option<NaiveDate>,
    pub time: Option<&'a str>,
    pub venue: Option<&'a str>,
}

/// "the meetings on 2027-01-13 are at 10:00 and 14:00".
fn day_words(day: &[Meeting]) -> String {
    let Some(first) = day.first() else {
        return String::new();
    };
    let times: Vec<String> = day
        .iter()
        .map(|m| normal_time(m.start_time.as_deref()).unwrap_or_else(|| "no time".into()))
        .collect();
    if day.len() == 1 {
        format!("the meeting on {} is at {}", fmt(first.date), times[0])
    } else {
        format!(
            "the meetings on {} are at {}",
            fmt(first.date),
            times.join(" and ")
        )
    }
}

fn fmt(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A meeting at `start_time` (`HH:MM`) on `day`, as that night's clock change leaves
/// it (issue 18; see [`crate::domain::clock::meeting_start`]): `Rule` naming it when
/// the clocks go forward over it, `Some(warning)` when they go back over it.
pub fn check_meeting_time(day: NaiveDate, start_time: Option<&str>) -> Result<Option<String>> {
    crate::domain::clock::meeting_start(day, start_time).map_err(StoreError::Rule)
}

impl Store {
    /// The panel's meeting time on `day` checked as [`check_meeting_time`] does: for
    /// the warning to show after a meeting is added, moved or scheduled.
    pub fn meeting_time_note(&self, panel: PanelId, day: NaiveDate) -> Result<Option<String>> {
        let info = self.panel_info(Some(panel))?;
        check_meeting_time(day, info.pattern.start_time.as_deref())
    }

    /// The panel in this database (the first, if there were ever more).
    pub fn only_panel(&self) -> Result<PanelId> {
        self.conn
            .prepare_cached("SELECT id FROM panel ORDER BY id LIMIT 1")?
            .query_row([], |r| r.get("id"))
            .map_err(|_| {
                StoreError::Rule("no panel in this database: run `roundtable init` first".into())
            })
    }

    /// `(cut-off working days, agenda circulation working days)` of a panel.
    pub fn panel_days(&self, panel: PanelId) -> Result<(u32, u32)> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT cutoff_working_days, agenda_circulation_working_days FROM panel WHERE id = ?1",
            )?
            .query_row([panel], |r| {
                Ok((
                    r.get("cutoff_working_days")?,
                    r.get("agenda_circulation_working_days")?,
                ))
            })?)
    }

    /// Planned meetings on or after `today`, earliest first: the meetings a new
    /// referral may still go to (not a meeting for chosen cases: only the cases named
    /// for it go there).
    pub fn planned_meetings(
        &self,
        panel: PanelId,
        today: NaiveDate,
    ) -> Result<Vec<(MeetingId, NaiveDate)>> {
        let sql = format!(
            "SELECT {} FROM {} WHERE m.panel_id = ?1 AND m.state = 'planned' AND m.date >= ?2
             ORDER BY m.date",
            meeting::COLUMNS,
            meeting::FROM
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(params![panel, today], |r| {
            let m = meeting::from_row(r)?;
            Ok((m.id, m.date))
        })?;
        let rows: Vec<(MeetingId, NaiveDate)> = rows.collect::<rusqlite::Result<_>>()?;
        // A meeting for chosen cases takes only the cases named for it.
        let mut open = vec![];
        for (m, d) in rows {
            if !self.for_chosen_cases(m)? {
                open.push((m, d));
            }
        }
        Ok(open)
    }

    /// Meetings with their cut-off and agenda dates; closed ones only if `all`.
    pub fn meeting_rows(&self, panel: PanelId, all: bool) -> Result<Vec<ScheduledMeeting>> {
        let (cutoff_days, circulation_days) = self.panel_days(panel)?;
        let paperwork = self.panel_info(Some(panel))?.paperwork;
        let (deadlines, types) = (paperwork.deadlines, paperwork.meeting_types);
        let cal = WorkingCalendar::england_and_wales();
        let sql = format!(
            "SELECT {}, (SELECT COUNT(*) FROM referral r WHERE r.meeting_id = m.id) AS referrals
             FROM {} WHERE m.panel_id = ?1 AND (?2 OR m.state != 'closed')
             ORDER BY m.date, ifnull(m.start_time, ''), m.id",
            meeting::COLUMNS,
            meeting::FROM
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(params![panel, all], |r| {
            let m = meeting::from_row(r)?;
            Ok(ScheduledMeeting {
                id: m.id,
                date: m.date,
                start_time: m.start_time,
                venue: m.venue,
                state: m.state.code().to_string(),
                kind: m.kind,
                meeting_type: crate::domain::paperwork::type_of(&types, m.type_code.as_deref())
                    .map(|t| t.label.clone()),
                minutes_sent_on: m.minutes_sent_on,
                cutoff: cal.cutoff(m.date, cutoff_days),
                agenda_out: cal.working_days_before(m.date, circulation_days),
                referrals: extra(r, "referrals")?,
                deadlines: deadlines.for_meeting(m.date, &cal),
                cases: vec![],
            })
        })?;
        let mut rows: Vec<ScheduledMeeting> = rows.collect::<rusqlite::Result<_>>()?;
        for m in &mut rows {
            m.cases = self.chosen_cases(m.id)?;
        }
        Ok(rows)
    }

    /// The panel's meetings on `day`, by start time.
    fn meetings_on(&self, panel: PanelId, day: NaiveDate) -> Result<Vec<Meeting>> {
        let sql = format!(
            "SELECT {} FROM {} WHERE m.panel_id = ?1 AND m.date = ?2
             ORDER BY ifnull(m.start_time, ''), m.id",
            meeting::COLUMNS,
            meeting::FROM
        );
        let mut st = self.conn.prepare_cached(&sql)?;
        let rows = st.query_map(params![panel, day], meeting::from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The panel's meeting `which` names: the day's one, or with a time the one
    /// starting then. Errors: `Rule` naming the day's meetings when the date alone
    /// names two, or when none matches.
    pub fn find_meeting(&self, panel: PanelId, which: MeetingRef) -> Result<Meeting> {
        let day = self.meetings_on(panel, which.date)?;
        let want = which.time_text();
        let mut found: Vec<Meeting> = match &want {
            Some(t) => day
                .iter()
                .filter(|m| normal_time(m.start_time.as_deref()).as_ref() == Some(t))
                .cloned()
                .collect(),
            None => day.clone(),
        };
        match found.len() {
            1 => Ok(found.remove(0)),
            0 if day.is_empty() => Err(StoreError::Rule(format!(
                "no meeting on {}",
                fmt(which.date)
            ))),
            0 => Err(StoreError::Rule(format!(
                "no meeting at {which}; {}",
                day_words(&day)
            ))),
            _ => Err(StoreError::Rule(ambiguous(
                which.date,
                &day.iter()
                    .map(|m| (normal_time(m.start_time.as_deref()), m.kind))
                    .collect::<Vec<_>>(),
            ))),
        }
    }

    /// Refuse a meeting at `start` on `day` that another meeting of the panel would
    /// share (`except`: the meeting being moved). Two may share a day, never a start
    /// time; a day's meetings all have a start time once there are two.
    fn check_day_free(
        &self,
        panel: PanelId,
        day: NaiveDate,
        start: Option<&str>,
        except: Option<MeetingId>,
    ) -> Result<()> {
        let others: Vec<Meeting> = self
            .meetings_on(panel, day)?
            .into_iter()
            .filter(|m| Some(m.id) != except)
            .collect();
        if others.is_empty() {
            return Ok(());
        }
        let start = normal_time(start);
        if let Some(m) = others
            .iter()
            .find(|m| normal_time(m.start_time.as_deref()) == start)
        {
            return Err(StoreError::Rule(match &start {
                Some(t) => format!(
                    "there is already a meeting on {} at {t} ({}): give another --time HH:MM",
                    fmt(day),
                    m.kind.label()
                ),
                None => format!(
                    "there is already a meeting on {}: a second one that day needs a start time (--time HH:MM)",
                    fmt(day)
                ),
            }));
        }
        if start.is_none() {
            return Err(StoreError::Rule(format!(
                "{}: a second meeting that day needs a start time (--time HH:MM)",
                day_words(&others)
            )));
        }
        if others
            .iter()
            .any(|m| normal_time(m.start_time.as_deref()).is_none())
        {
            return Err(StoreError::Rule(format!(
                "the meeting on {} has no start time: give it one first (`roundtable meetings move {} --time HH:MM`) so that each meeting that day is named by its time",
                fmt(day),
                fmt(day)
            )));
        }
        Ok(())
    }

    /// Add a meeting (section 11: "the Panel may sit more frequently to meet
    /// demand"; an emergency or single-case meeting), at the panel's usual venue and
    /// start time unless given, and place new referrals. Another meeting may be held
    /// the same day at another time.
    pub fn add_extra_meeting(
        &self,
        panel: PanelId,
        day: NaiveDate,
        extra: &ExtraMeeting<'_>,
        today: NaiveDate,
    ) -> Result<(MeetingId, Vec<Replacement>)> {
        if day < today {
            return Err(StoreError::Rule(format!(
                "{} is in the past; meetings are added from today ({}) on",
                fmt(day),
                fmt(today)
            )));
        }
        let info = self.panel_info(Some(panel))?;
        let start = extra.time.or(info.pattern.start_time.as_deref());
        if let Some(t) = extra.time {
            if normal_time(Some(t)).is_none() {
                return Err(StoreError::Rule(format!("'{t}' is not a time HH:MM")));
            }
        }
        let start = start.map(|t| normal_time(Some(t)).unwrap_or_else(|| t.to_string()));
        self.check_day_free(panel, day, start.as_deref(), None)?;
        check_meeting_time(day, start.as_deref())?;
        let venue = extra
            .venue
            .map_or(info.venue.clone(), |v| v.trim().to_string());
        self.atomic(|s| {
            let id = s.create_meeting(panel, day, &venue, start.as_deref())?;
            if extra.kind != MeetingKind::Ordinary {
                s.set_field(Table::Meeting, id.0, "kind", text(extra.kind.code()))?;
            }
            let moved = s.place_referrals(panel, today, None)?;
            Ok((id, moved))
        })
    }

    /// Change the date and/or venue of a planned meeting, and place new referrals
    /// again where the new date changes where they go.
    pub fn move_meeting(
        &self,
        panel: PanelId,
        which: MeetingRef,
        change: &MeetingChange<'_>,
        today: NaiveDate,
    ) -> Result<Vec<Replacement>> {
        let MeetingChange { to, time, venue } = *change;
        let day = which.date;
        let Meeting {
            id,
            state,
            start_time,
            ..
        } = self.find_meeting(panel, which)?;
        if state != MeetingState::Planned {
            return Err(StoreError::Rule(format!(
                "the meeting on {} is {}; only a planned meeting can be changed",
                fmt(day),
                state.label()
            )));
        }
        if to.is_none() && venue.is_none() && time.is_none() {
            return Err(StoreError::Rule(
                "give a new date (--to), a start time (--time) or a venue (--venue)".into(),
            ));
        }
        if let Some(t) = time {
            if normal_time(Some(t)).is_none() {
                return Err(StoreError::Rule(format!("'{t}' is not a time HH:MM")));
            }
        }
        let new_time = time.map_or(start_time.clone(), |t| normal_time(Some(t)));
        let new_day = to.unwrap_or(day);
        if let Some(to) = to.filter(|t| *t != day) {
            if to < today {
                return Err(StoreError::Rule(format!(
                    "{} is in the past; today is {}",
                    fmt(to),
                    fmt(today)
                )));
            }
        }
        if new_day != day || new_time != start_time {
            self.check_day_free(panel, new_day, new_time.as_deref(), Some(id))?;
            check_meeting_time(new_day, new_time.as_deref())?;
        }
        self.atomic(|s| {
            if time.is_some() {
                let v = new_time.as_deref().map_or(Value::Null, text);
                s.set_field(Table::Meeting, id.0, "start_time", v)?;
            }
            if let Some(to) = to {
                s.set_field(Table::Meeting, id.0, "date", date(to))?;
                // Reviews and intervention plans set for the meeting's old date go
                // with it (the agenda, the calendar and the lead agencies' Appendix B
                // deadline follow).
                for col in ["next_review_on", "plan_due_on"] {
                    let sql = format!(
                        "SELECT r.id FROM referral r JOIN subject s ON s.id = r.subject_id
                         WHERE s.panel_id = ?1 AND r.status = 'open' AND r.{col} = ?2"
                    );
                    let ids: Vec<i64> = s
                        .conn
                        .prepare_cached(&sql)?
                        .query_map(rusqlite::params![panel, fmt(day)], |r| r.get(0))?
                        .collect::<rusqlite::Result<_>>()?;
                    for r in ids {
                        s.set_field(Table::Referral, r, col, date(to))?;
                    }
                }
            }
            if let Some(v) = venue {
                s.set_field(Table::Meeting, id.0, "venue", text(v.trim()))?;
            }
            s.place_referrals(panel, today, None)
        })
    }

    /// Record that the minutes of `meeting` were sent to members on `on` (in the
    /// change log). Returns the panel's minutes deadlines for it, to say whether they
    /// were met. Errors: `Rule` for a meeting not yet held, or a day before the
    /// meeting or after `today`.
    pub fn record_minutes_sent(
        &self,
        meeting: MeetingId,
        on: NaiveDate,
        today: NaiveDate,
    ) -> Result<Vec<DeadlineDue>> {
        let sql = format!(
            "SELECT {} FROM {} WHERE m.id = ?1",
            meeting::COLUMNS,
            meeting::FROM
        );
        let m = self
            .conn
            .prepare_cached(&sql)?
            .query_row([meeting], meeting::from_row)?;
        if m.state == MeetingState::Planned {
            return Err(StoreError::Rule(format!(
                "the meeting on {} has not been held: there are no minutes to send",
                fmt(m.date)
            )));
        }
        if on < m.date || on > today {
            return Err(StoreError::Rule(format!(
                "minutes are sent on or after the meeting ({}) and by today ({}): not {}",
                fmt(m.date),
                fmt(today),
                fmt(on)
            )));
        }
        self.set_field(Table::Meeting, meeting.0, "minutes_sent_on", date(on))?;
        let cal = WorkingCalendar::england_and_wales();
        let paperwork = self.panel_info(Some(m.panel))?.paperwork;
        Ok(paperwork
            .deadlines
            .for_meeting(m.date, &cal)
            .into_iter()
            .filter(|d| d.relative_to == RelativeTo::Minutes)
            .collect())
    }

    /// Put each new referral not yet heard on the meeting the 15-working-day rule
    /// gives it among the planned meetings from `today` (section 11), and its status
    /// in line (see [`status_before_meeting`]). Referrals already on the agenda of a
    /// meeting that has started are left alone. `only` limits this to one referral,
    /// which is placed even if its meeting has passed (a MAPPA level lowered to 1).
    /// Returns the referrals whose meeting or status changed.
    pub fn place_referrals(
        &self,
        panel: PanelId,
        today: NaiveDate,
        only: Option<ReferralId>,
    ) -> Result<Vec<Replacement>> {
        let (cutoff_days, _) = self.panel_days(panel)?;
        let rules = self.panel_info(Some(panel))?.paperwork;
        let cal = WorkingCalendar::england_and_wales();
        // A meeting whose type holds no new-referrals item takes none (issue 21, B10).
        let mut planned = vec![];
        for (m, d) in self.planned_meetings(panel, today)? {
            if self.takes_new_referrals(m)? {
                planned.push((m, d));
            }
        }
        let dates: Vec<NaiveDate> = planned.iter().map(|(_, d)| *d).collect();
        let next = dates.first().copied();
        let sql = format!(
            "SELECT {}, m.date AS meeting_date
             FROM {} LEFT JOIN meeting m ON m.id = r.meeting_id
             WHERE s.panel_id = ?1 AND r.status IN ('received', 'on_agenda', 'excluded')
               AND (?2 IS NULL OR r.id = ?2)
               AND (r.meeting_id IS NULL OR m.state = 'planned' OR r.id = ?2)
               AND NOT EXISTS (SELECT 1 FROM case_discussion d WHERE d.referral_id = r.id)
             ORDER BY r.id",
            referral::COLUMNS,
            referral::FROM
        );
        let rows: Vec<(Referral, Option<NaiveDate>)> = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params![panel, only], |r| {
                Ok((referral::from_row(r)?, opt_date(r, "meeting_date")?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        // A referral chosen for a meeting for chosen cases is listed for it.
        let chosen = self.chosen_placements(panel)?;
        let mut changed = vec![];
        self.atomic(|s| {
            for (r, current) in rows {
                let id = r.id;
                let (target, meeting) = match chosen.get(&id) {
                    Some((m, d)) => (Some(*d), Some(*m)),
                    None => {
                        let t = destination(&cal, r.date_received, r.urgent, &dates, cutoff_days)
                            .meeting();
                        let m = t
                            .and_then(|t| planned.iter().find(|(_, d)| *d == t))
                            .map(|(m, _)| *m);
                        (t, m)
                    }
                };
                let new_status = status_before_meeting(
                    r.screening,
                    crate::domain::rules::check_mappa(r.mappa_level, &rules).is_err(),
                    target.is_some() && (target == next || chosen.contains_key(&id)),
                    rules.screening.required,
                );
                let meeting_changed = s.set_field(
                    Table::Referral,
                    id.0,
                    "meeting_id",
                    meeting.map_or(Value::Null, |m| Value::Integer(m.0)),
                )?;
                let status_changed =
                    s.set_field(Table::Referral, id.0, "status", text(new_status.code()))?;
                if meeting_changed || (status_changed && r.status != new_status) {
                    changed.push(Replacement {
                        referral: id,
                        name: r.name,
                        from: current,
                        to: target,
                        status: new_status.code().into(),
                    });
                }
            }
            Ok(())
        })?;
        Ok(changed)
    }
}
