//! Instants and wall-clock times (issue 18, "time runs backwards").
//!
//! Every moment the store records (a change, a signature, a start) is an instant in
//! UTC, written by [`stamp`] as RFC 3339 with a `Z` ("2026-10-25T00:30:00Z"), so the
//! stored text never jumps when the clocks change. Databases written before stored
//! local time without an offset ("2026-10-25 01:30:00"); [`parse_stamp`] reads both,
//! taking an old row as local time (the earlier instant when that night's hour
//! happens twice). What a person sees is local time again ([`local`], [`shown`]).
//!
//! A meeting's planned date and time stay wall-clock ("19:00 on the day") and are
//! checked against that night's clock change by [`check_wall_time`].
//!
//! Local time is the process's time zone (`TZ`, else the system's).

use chrono::{
    DateTime, Duration, Local, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc,
};

/// How an old, offset-less stored time is written (and how times are shown).
pub const LOCAL_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// An instant as stored: RFC 3339 in UTC to the second, e.g. `2026-10-25T00:30:00Z`.
pub fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A stored instant: RFC 3339 with any offset (as [`stamp`] writes), or the old
/// offset-less local form `YYYY-MM-DD HH:MM:SS` read as local time (see
/// [`from_local`]). `None` for anything else.
pub fn parse_stamp(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    NaiveDateTime::parse_from_str(s, LOCAL_FORMAT)
        .ok()
        .map(from_local)
}

/// A local wall-clock time as an instant: the earlier one when the hour happens
/// twice (the clocks go back); a time the clocks skip (they go forward) is read
/// with the offset in force just before the change, as a clock not yet put forward
/// would show it.
pub fn from_local(t: NaiveDateTime) -> DateTime<Utc> {
    match Local.from_local_datetime(&t) {
        LocalResult::Single(l) => l.with_timezone(&Utc),
        LocalResult::Ambiguous(a, b) => a.with_timezone(&Utc).min(b.with_timezone(&Utc)),
        LocalResult::None => {
            let before = t - Duration::hours(3);
            let offset = Local
                .from_local_datetime(&before)
                .earliest()
                .map_or(0, |l| l.offset().local_minus_utc());
            t.and_utc() - Duration::seconds(offset.into())
        }
    }
}

/// An instant in local wall-clock time.
pub fn local(t: DateTime<Utc>) -> NaiveDateTime {
    t.with_timezone(&Local).naive_local()
}

/// The local date at an instant ("today" for a clock reading).
pub fn local_date(t: DateTime<Utc>) -> NaiveDate {
    local(t).date()
}

/// A stored instant as a person reads it: local `YYYY-MM-DD HH:MM:SS`. Text that is
/// not a stored time is shown as it is.
pub fn shown(s: &str) -> String {
    match parse_stamp(s) {
        Some(t) => local(t).format(LOCAL_FORMAT).to_string(),
        None => s.to_string(),
    }
}

/// The local date of a stored instant, or the first ten characters' date (a plain
/// `YYYY-MM-DD`, or a time not in either stored form).
pub fn stored_date(s: &str) -> Option<NaiveDate> {
    if s.len() > 10 {
        if let Some(t) = parse_stamp(s) {
            return Some(local_date(t));
        }
    }
    s.get(..10).and_then(super::iso::parse_date)
}

/// A wall-clock time on a date, as that night's clock change leaves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WallTime {
    /// It happens once.
    Once,
    /// The clocks go forward over it: it never happens. Refuse it.
    Skipped(String),
    /// The clocks go back over it: it happens twice. Warn; the earlier is meant.
    Twice(String),
}

/// Check `time` on `date` in local time (the meeting times of section 4 are wall
/// times): [`WallTime::Skipped`] and [`WallTime::Twice`] carry a one-line message
/// naming the date and time.
pub fn check_wall_time(date: NaiveDate, time: NaiveTime) -> WallTime {
    let at = format!("{} {}", date.format("%Y-%m-%d"), time.format("%H:%M"));
    match Local.from_local_datetime(&date.and_time(time)) {
        LocalResult::Single(_) => WallTime::Once,
        LocalResult::None => WallTime::Skipped(format!(
            "{at} does not exist: the clocks go forward that night; choose another date or time"
        )),
        LocalResult::Ambiguous(a, b) => WallTime::Twice(format!(
            "{at} happens twice: the clocks go back that night; the first ({}) is meant",
            a.min(b).format("UTC%:z")
        )),
    }
}

/// [`check_wall_time`] as a result: `Err` with its message for a time that does
/// not exist, `Ok(Some(warning))` for one that happens twice, `Ok(None)` else.
pub fn wall_time_ok(date: NaiveDate, time: NaiveTime) -> Result<Option<String>, String> {
    match check_wall_time(date, time) {
        WallTime::Once => Ok(None),
        WallTime::Skipped(m) => Err(m),
        WallTime::Twice(m) => Ok(Some(m)),
    }
}

/// A meeting's start (`start_time` `HH:MM`, the panel's) on `day`, as that night's
/// clock change leaves it: `Err` naming it when the clocks go forward over it (it
/// never happens: refuse it); `Ok(Some(warning))` when they go back over it (it
/// happens twice; the first is meant); `Ok(None)` else, and for no start time or
/// one not `HH:MM` (the panel file's checks speak to that).
pub fn meeting_start(day: NaiveDate, start_time: Option<&str>) -> Result<Option<String>, String> {
    let Some(time) = start_time.and_then(|t| NaiveTime::parse_from_str(t.trim(), "%H:%M").ok())
    else {
        return Ok(None);
    };
    wall_time_ok(day, time)
        .map_err(|m| format!("the meeting time {m}"))
        .map(|w| w.map(|m| format!("the meeting time {m}")))
}
