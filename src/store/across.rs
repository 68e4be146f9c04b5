//! One person on several panels (issue 23, REQUIREMENTS.md section 8 X5, X6, X11): what
//! one panel's database answers about a person for another panel's user, and nothing
//! more. A subject is "known here" by the rule a panel uses for its own subjects
//! ([`Store::subject_matches`]'s exact match: the same name however written and the
//! same date of birth), never by a date estimated from a stated age, and a case brought
//! anonymously is never matched (003 App 3A "Clients consent"). What leaves the
//! database is whether the person is known, whether their case is open, and (for
//! MAGPan's MAPPA item, 000 section 10.1) a MAPPA level of 2 or 3; never a case's text.

use chrono::NaiveDate;
use rusqlite::OptionalExtension;
use serde::Serialize;

use super::intake::ANONYMOUS_SUBJECT;
use super::rows::referral::Referral;
use super::{ReferralId, Result, Store, StoreError, SubjectId};

/// The statuses in which a case is open to its panel for the cross-panel signal:
/// waiting to be heard, open, or one to watch.
const ACTIVE: &str = "('received', 'on_agenda', 'open', 'one_to_watch')";

/// A person this panel knows, as another panel's user may be told of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Presence {
    /// This panel's subject (for this panel's change log only).
    pub subject: SubjectId,
    /// A case of theirs is open here (waiting, open or one to watch).
    pub open: bool,
    /// The highest MAPPA level, 2 or 3, of their open cases here.
    pub mappa_level: Option<i64>,
}

/// The person a case is about, as the cross-panel match reads them; none for a case
/// brought anonymously or without a known date of birth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseSubject {
    pub referral: ReferralId,
    pub subject: SubjectId,
    pub name: String,
    pub date_of_birth: NaiveDate,
}

/// An onward referral (`onward_referral`) with the case it was made for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Onward {
    pub id: i64,
    /// The onward kind's code (the panel file's onward kinds: "marac", "mappa", ...).
    pub kind: String,
    /// `considered`, `made` or `not_needed`.
    pub state: String,
    pub note: String,
    pub referral: ReferralId,
    pub meeting: NaiveDate,
    /// Brought anonymously: nothing identifying goes into a hand-off.
    pub anonymous: bool,
}

const CASE_SUBJECT: &str = "SELECT r.id, s.id, s.name, s.date_of_birth
     FROM referral r JOIN subject s ON s.id = r.subject_id";

fn case_subject(r: &rusqlite::Row<'_>) -> rusqlite::Result<CaseSubject> {
    Ok(CaseSubject {
        referral: r.get(0)?,
        subject: r.get(1)?,
        name: r.get(2)?,
        date_of_birth: r.get(3)?,
    })
}

impl Store {
    /// Is the person called `name`, born `dob`, known to this panel, and is a case of
    /// theirs open here? `None` when not known (or no date of birth was given).
    pub fn presence(&self, name: &str, dob: Option<NaiveDate>) -> Result<Option<Presence>> {
        let Some(dob) = dob else { return Ok(None) };
        let panel = self.only_panel()?;
        let found = self.subject_matches(panel, name, Some(dob))?;
        // A date estimated from a stated age is not a date of birth to match on.
        let exact: Vec<SubjectId> = found
            .exact
            .iter()
            .filter(|k| k.stated_age.is_none())
            .map(|k| k.id)
            .collect();
        let Some(first) = exact.first().copied() else {
            return Ok(None);
        };
        let sql = format!(
            "SELECT mappa_level FROM referral WHERE subject_id = ?1 AND status IN {ACTIVE}"
        );
        let mut open = false;
        let mut level: Option<i64> = None;
        for s in exact {
            let levels: Vec<Option<i64>> = self
                .conn
                .prepare_cached(&sql)?
                .query_map([s], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            open |= !levels.is_empty();
            for l in levels.into_iter().flatten().filter(|l| *l >= 2) {
                level = Some(level.map_or(l, |x| x.max(l)));
            }
        }
        Ok(Some(Presence {
            subject: first,
            open,
            mappa_level: level,
        }))
    }

    /// The person case `referral` is about, to match against other panels; `None`
    /// when brought anonymously or without a known date of birth.
    pub fn case_subject(&self, referral: ReferralId) -> Result<Option<CaseSubject>> {
        let sql = format!(
            "{CASE_SUBJECT} WHERE r.id = ?1 AND s.date_of_birth IS NOT NULL
             AND s.stated_age IS NULL AND NOT {ANONYMOUS_SUBJECT}"
        );
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([referral], case_subject)
            .optional()?)
    }

    /// Every open case (waiting, open or one to watch) of a named person with a known
    /// date of birth, by case number: the cases MAGPan's MAPPA item looks for.
    pub fn open_case_subjects(&self) -> Result<Vec<CaseSubject>> {
        let sql = format!(
            "{CASE_SUBJECT} WHERE r.status IN {ACTIVE} AND s.date_of_birth IS NOT NULL
             AND s.stated_age IS NULL AND NOT {ANONYMOUS_SUBJECT} ORDER BY r.id"
        );
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_map([], case_subject)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Every onward referral the panel has recorded, newest meeting first.
    pub fn onward_referrals(&self) -> Result<Vec<Onward>> {
        self.onward_where("1 = 1", None)
    }

    /// Onward referral `id`, or `NotFound`.
    pub fn onward(&self, id: i64) -> Result<Onward> {
        self.onward_where("o.id = ?1", Some(id))?
            .pop()
            .ok_or_else(|| StoreError::NotFound(format!("onward referral {id}")))
    }

    fn onward_where(&self, cond: &str, id: Option<i64>) -> Result<Vec<Onward>> {
        let sql = format!(
            "SELECT o.id, o.kind, o.state, o.note, d.referral_id, m.date, {ANONYMOUS_SUBJECT}
             FROM onward_referral o JOIN case_discussion d ON d.id = o.discussion_id
             JOIN meeting m ON m.id = d.meeting_id JOIN referral r ON r.id = d.referral_id
             JOIN subject s ON s.id = r.subject_id
             WHERE {cond} ORDER BY m.date DESC, o.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let row = |r: &rusqlite::Row<'_>| {
            Ok(Onward {
                id: r.get(0)?,
                kind: r.get(1)?,
                state: r.get(2)?,
                note: r.get(3)?,
                referral: r.get(4)?,
                meeting: r.get(5)?,
                anonymous: r.get(6)?,
            })
        };
        let rows = match id {
            Some(id) => stmt.query_map([id], row)?,
            None => stmt.query_map([], row)?,
        };
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The case an onward referral was made for, whole: what a hand-off is prefilled
    /// from.
    pub fn handoff_case(&self, onward: &Onward) -> Result<Referral> {
        self.referral(onward.referral)
    }
}
