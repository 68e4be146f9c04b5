//! `minutes approve`: the minutes of an ended meeting approved at a later meeting that
//! has been held (QA fault 4).

use chrono::NaiveDate;

use super::super::panel::resolve_meeting;
use super::super::{fmt_date, Result};
use crate::domain::meeting_ref::MeetingRef;

/// Record that the minutes of the meeting on `meeting` were approved at the
/// meeting on `at` (default: the next meeting after it), on `today`; in the change
/// log. Returns the day recorded and the approving meeting's date. Errors:
/// `NotFound` for an unknown meeting; `Invalid` when `at` is not after it, the meeting
/// has not ended, or the approving meeting has not been held (is still planned).
pub fn approve(
    store: &crate::store::Store,
    meeting: impl Into<MeetingRef>,
    at: Option<MeetingRef>,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveDate)> {
    let conn = store.conn();
    let m = resolve_meeting(conn, meeting)?;
    let meeting = m.date;
    let at_date = match at {
        Some(d) => d.date,
        None => {
            super::super::panel::following_meeting(conn, m.panel, meeting)?.ok_or_else(|| {
                super::super::LookupError::Invalid(format!(
                    "no meeting after {} to approve its minutes: give --at DATE",
                    fmt_date(meeting)
                ))
            })?
        }
    };
    if at_date <= meeting {
        return Err(super::super::LookupError::Invalid(format!(
            "minutes are approved at a later meeting: {} is not after {}",
            fmt_date(at_date),
            fmt_date(meeting)
        )));
    }
    let by = resolve_meeting(conn, at.unwrap_or_else(|| at_date.into()))?;
    // Only minutes of an ended meeting are approved, and only at a meeting that has
    // been held (it started in the app, or has ended) (QA fault 4).
    if m.state != "closed" {
        return Err(super::super::LookupError::Invalid(format!(
            "the meeting on {} has not ended ({}): its minutes can be approved once it is ended; nothing changed",
            fmt_date(meeting),
            m.state.replace('_', " ")
        )));
    }
    if by.state == "planned" {
        return Err(super::super::LookupError::Invalid(format!(
            "the approving meeting on {} has not been held (still planned); nothing changed",
            fmt_date(at_date)
        )));
    }
    store.approve_minutes(m.id, today, by.id)?;
    Ok((today, at_date))
}
