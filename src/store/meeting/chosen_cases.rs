//! Meetings for chosen cases (issue 21, gap rows B9 and B10): MAPPA's "level 2
//! meeting for one case ... the referring agency will issue invitations, set date and
//! book suitable accommodation" and the level 3 one convened by "Administrator and
//! co-ordinator" (003 App 2B 2 steps 6-7), beside "A level 2 meeting will be held on
//! a monthly basis" (003 App 2C "Process"); MAGPan's built-in single-case meeting.
//!
//! Such a meeting (the built-in kind `single_case`, or a `[[meeting_type]]` with
//! `chosen_cases = true`) hears only the cases named for it (`meeting_case`): a new
//! referral chosen for it is listed for it and no longer for the ordinary meeting the
//! cut-off gave it; an open case is heard there as a review whatever its review date,
//! which stays as it is unless the decision sets a new one. No other new referral is
//! ever listed for it and no review due is brought to it.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use crate::domain::meeting_ref::MeetingKind;
use crate::domain::paperwork::{find_type, type_of};
use crate::domain::types::MeetingState;
use crate::store::ids::{MeetingId, PanelId, ReferralId};
use crate::store::rows::referral::{self, Referral};
use crate::store::schedule::{ExtraMeeting, Replacement};
use crate::store::write::Table;
use crate::store::{Result, Store, StoreError};

/// The cases named for each meeting for chosen cases (change-logged).
pub const MIGRATION_CHOSEN_CASES: &str = r#"
CREATE TABLE meeting_case (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting(id),
    referral_id INTEGER NOT NULL REFERENCES referral(id),
    created_at TEXT NOT NULL,
    UNIQUE (meeting_id, referral_id)
);
CREATE INDEX meeting_case_referral ON meeting_case(referral_id);
"#;

/// A case chosen for a meeting, as others may read it: its id and initials (an
/// anonymous case: its label), never a name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChosenCase {
    pub case: ReferralId,
    pub initials: String,
}

/// "case 12 (E.S.)"; "cases 12 (E.S.) and 14 (C.V.)"; "" for none.
pub fn chosen_words(cases: &[ChosenCase]) -> String {
    let each: Vec<String> = cases
        .iter()
        .map(|c| format!("{} ({})", c.case, c.initials))
        .collect();
    match each.as_slice() {
        [] => String::new(),
        [one] => format!("case {one}"),
        [init @ .., last] => format!("cases {} and {last}", init.join(", ")),
    }
}

/// "A meeting for case 12 (E.S.)": the first line of such a meeting's screen.
pub fn meeting_for_words(cases: &[ChosenCase]) -> String {
    format!("A meeting for {}", chosen_words(cases))
}

fn fmt(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

impl Store {
    /// Is meeting `id` one for chosen cases: the built-in single-case kind, or a type
    /// with `chosen_cases = true`?
    pub fn for_chosen_cases(&self, id: MeetingId) -> Result<bool> {
        let m = self.meeting_row(id)?;
        if m.kind == MeetingKind::SingleCase {
            return Ok(true);
        }
        let types = self.panel_info(Some(m.panel))?.paperwork.meeting_types;
        Ok(type_of(&types, m.type_code.as_deref()).is_some_and(|t| t.chosen_cases))
    }

    /// The cases chosen for meeting `id`, as chosen (by case id and initials).
    pub fn chosen_cases(&self, id: MeetingId) -> Result<Vec<ChosenCase>> {
        let rows: Vec<(ReferralId, String, Option<String>)> = self
            .conn
            .prepare_cached(
                "SELECT mc.referral_id, s.name,
                        (SELECT cm.label FROM case_mark cm
                          WHERE cm.referral_id = mc.referral_id AND cm.anonymous = 1)
                 FROM meeting_case mc JOIN referral r ON r.id = mc.referral_id
                 JOIN subject s ON s.id = r.subject_id
                 WHERE mc.meeting_id = ?1 ORDER BY mc.id",
            )?
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows
            .into_iter()
            .map(|(case, name, label)| ChosenCase {
                case,
                initials: label.unwrap_or_else(|| crate::lookup::format::initials(&name)),
            })
            .collect())
    }

    /// The new referrals chosen for a planned meeting for chosen cases, each with the
    /// earliest such meeting and its date: where [`Store::place_referrals`] lists them.
    pub(crate) fn chosen_placements(
        &self,
        panel: PanelId,
    ) -> Result<HashMap<ReferralId, (MeetingId, NaiveDate)>> {
        let rows: Vec<(ReferralId, MeetingId, NaiveDate)> = self
            .conn
            .prepare_cached(
                "SELECT mc.referral_id, m.id, m.date FROM meeting_case mc
                 JOIN meeting m ON m.id = mc.meeting_id
                 WHERE m.panel_id = ?1 AND m.state = 'planned'
                 ORDER BY m.date DESC, ifnull(m.start_time, '') DESC, m.id DESC",
            )?
            .query_map([panel], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        // Latest first, so the earliest meeting is the one kept.
        Ok(rows.into_iter().map(|(r, m, d)| (r, (m, d))).collect())
    }

    /// The open cases chosen for meeting `id` not yet on its agenda: heard there as
    /// reviews whatever their review date (`prepare_agenda`).
    pub(crate) fn chosen_reviews(&self, id: MeetingId) -> Result<Vec<Referral>> {
        let sql = format!(
            "SELECT {} FROM {} JOIN meeting_case mc ON mc.referral_id = r.id
             WHERE mc.meeting_id = ?1 AND r.status = 'open'
               AND NOT EXISTS (SELECT 1 FROM case_discussion d
                                WHERE d.referral_id = r.id AND d.meeting_id = ?1)
             ORDER BY mc.id",
            referral::COLUMNS,
            referral::FROM
        );
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_map([id], referral::from_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// How many open cases are chosen for meeting `id`: the reviews it lists.
    pub(crate) fn chosen_open(&self, id: MeetingId) -> Result<usize> {
        let n: i64 = self
            .conn
            .prepare_cached(
                "SELECT COUNT(*) FROM meeting_case mc JOIN referral r ON r.id = mc.referral_id
                 WHERE mc.meeting_id = ?1 AND r.status = 'open'",
            )?
            .query_row([id], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// `meetings add DATE (--kind single-case | --type CODE) --case ID ...`: the
    /// meeting and its cases in one transaction. Errors (`Rule`, one line, nothing
    /// added): a meeting for chosen cases without a case, cases for a meeting that is
    /// not one, a case refused by [`Store::choose_case`]; else as
    /// [`Store::add_extra_meeting`] and [`Store::add_meeting_of_type`].
    pub fn add_meeting_for_cases(
        &self,
        panel: PanelId,
        day: NaiveDate,
        extra: &ExtraMeeting<'_>,
        code: Option<&str>,
        cases: &[i64],
        today: NaiveDate,
    ) -> Result<(MeetingId, Vec<Replacement>)> {
        let (chosen, label) = match code {
            Some(code) => {
                let types = self.panel_info(Some(panel))?.paperwork.meeting_types;
                let t = find_type(&types, code).map_err(StoreError::Rule)?;
                (t.chosen_cases, t.label.clone())
            }
            None => (
                extra.kind == MeetingKind::SingleCase,
                format!("{} meeting", extra.kind.label()),
            ),
        };
        if chosen && cases.is_empty() {
            return Err(StoreError::Rule(format!(
                "a {label} is for chosen cases: name at least one with --case ID"
            )));
        }
        if !chosen && !cases.is_empty() {
            return Err(StoreError::Rule(format!(
                "--case names the cases of a meeting for chosen cases; a {label} hears every case due"
            )));
        }
        self.atomic(|s| {
            let (id, mut moved) = match code {
                Some(code) => {
                    let (id, moved, _) = s.add_meeting_of_type(panel, day, extra, code, today)?;
                    (id, moved)
                }
                None => s.add_extra_meeting(panel, day, extra, today)?,
            };
            for c in cases {
                for r in s.choose_case(id, ReferralId(*c), today)? {
                    moved.retain(|m| m.referral != r.referral);
                    moved.push(r);
                }
            }
            Ok((id, moved))
        })
    }

    /// Name case `case` for planned meeting `id`, a meeting for chosen cases. A new
    /// referral moves to it from the meeting it was listed for (returned, as
    /// `place_referrals` reports it). Errors (`Rule`, one line): the meeting is not
    /// planned or not for chosen cases; no such case, a case of another panel, one
    /// already chosen, or one that is neither a new referral nor open.
    pub fn choose_case(
        &self,
        id: MeetingId,
        case: ReferralId,
        today: NaiveDate,
    ) -> Result<Vec<Replacement>> {
        let m = self.chosen_meeting(id)?;
        let found: Option<(PanelId, String)> = self
            .conn
            .prepare_cached(
                "SELECT s.panel_id, r.status FROM referral r JOIN subject s ON s.id = r.subject_id
                 WHERE r.id = ?1",
            )?
            .query_row([case], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let status = match found {
            None => return Err(StoreError::Rule(format!("no case {case}"))),
            Some((p, _)) if p != m.panel => {
                return Err(StoreError::Rule(format!(
                    "case {case} is not a case of this panel"
                )))
            }
            Some((_, status)) => status,
        };
        if !matches!(status.as_str(), "received" | "on_agenda" | "open") {
            return Err(StoreError::Rule(format!(
                "case {case} is {}: a meeting hears a new referral or an open case",
                status.replace('_', " ")
            )));
        }
        if self.chosen_cases(id)?.iter().any(|c| c.case == case) {
            return Err(StoreError::Rule(format!(
                "case {case} is already a case of the meeting on {}",
                fmt(m.date)
            )));
        }
        self.atomic(|s| {
            s.conn
                .prepare_cached(
                    "INSERT INTO meeting_case (meeting_id, referral_id, created_at)
                     VALUES (?1, ?2, ?3)",
                )?
                .execute(params![id, case, crate::domain::clock::stamp(s.now())])?;
            let row = s.conn.last_insert_rowid();
            if s.log_changes {
                s.append_log(
                    "meeting_case",
                    row,
                    "*",
                    None,
                    Some(format!(
                        "case {case} chosen for the meeting on {}",
                        fmt(m.date)
                    )),
                )?;
            }
            if status == "open" {
                return Ok(vec![]);
            }
            // Listed for an ordinary planned meeting whose agenda was already put
            // together: taken off it (nothing recorded yet) so that it can move.
            s.take_off_planned_agendas(case)?;
            s.place_referrals(m.panel, today, Some(case))
        })
    }

    /// Take case `case` off planned meeting `id` (a meeting for chosen cases): a new
    /// referral goes back to the meeting the cut-off gives it (returned). Errors
    /// (`Rule`): the meeting is not planned or not for chosen cases, the case is not
    /// one of it, or it is its last case.
    pub fn unchoose_case(
        &self,
        id: MeetingId,
        case: ReferralId,
        today: NaiveDate,
    ) -> Result<Vec<Replacement>> {
        let m = self.chosen_meeting(id)?;
        let cases = self.chosen_cases(id)?;
        if !cases.iter().any(|c| c.case == case) {
            return Err(StoreError::Rule(format!(
                "case {case} is not a case of the meeting on {}",
                fmt(m.date)
            )));
        }
        if cases.len() == 1 {
            return Err(StoreError::Rule(format!(
                "case {case} is the only case of the meeting on {}: a meeting for chosen cases keeps at least one (add another first)",
                fmt(m.date)
            )));
        }
        self.atomic(|s| {
            let row: i64 = s
                .conn
                .prepare_cached(
                    "SELECT id FROM meeting_case WHERE meeting_id = ?1 AND referral_id = ?2",
                )?
                .query_row(params![id, case], |r| r.get(0))?;
            s.conn
                .prepare_cached("DELETE FROM meeting_case WHERE id = ?1")?
                .execute([row])?;
            if s.log_changes {
                s.append_log(
                    "meeting_case",
                    row,
                    "*",
                    Some(format!(
                        "case {case} chosen for the meeting on {}",
                        fmt(m.date)
                    )),
                    None,
                )?;
            }
            s.take_off_planned_agendas(case)?;
            s.place_referrals(m.panel, today, Some(case))
        })
    }

    /// Meeting `id` when it is planned and for chosen cases; else `Rule`.
    fn chosen_meeting(&self, id: MeetingId) -> Result<crate::store::rows::meeting::Meeting> {
        let m = self.meeting_row(id)?;
        if !self.for_chosen_cases(id)? {
            return Err(StoreError::Rule(format!(
                "the meeting on {} is not a meeting for chosen cases: it hears every case due",
                fmt(m.date)
            )));
        }
        if m.state != MeetingState::Planned {
            return Err(StoreError::Rule(format!(
                "the meeting on {} is {}; only a planned meeting's cases can be changed",
                fmt(m.date),
                m.state.label()
            )));
        }
        Ok(m)
    }

    /// Case `case`'s places on the agendas of planned meetings with nothing recorded
    /// yet, removed (logged), so that `place_referrals` may list it again.
    fn take_off_planned_agendas(&self, case: ReferralId) -> Result<()> {
        let rows: Vec<i64> = self
            .conn
            .prepare_cached(
                "SELECT d.id FROM case_discussion d JOIN meeting m ON m.id = d.meeting_id
                 WHERE d.referral_id = ?1 AND m.state = 'planned' AND d.started_at IS NULL
                   AND d.completed_at IS NULL AND d.decision IS NULL",
            )?
            .query_map([case], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for d in rows {
            self.conn
                .prepare_cached("DELETE FROM case_discussion WHERE id = ?1")?
                .execute([d])?;
            if self.log_changes {
                self.append_log(
                    Table::Discussion.name(),
                    d,
                    "*",
                    None,
                    Some(format!(
                        "case {case} taken off a planned agenda: chosen cases changed"
                    )),
                )?;
            }
        }
        Ok(())
    }
}
