//! Which meeting a command means, and what kind of meeting it is (issue 20, gap row
//! B9). Meetings are keyed by id; two may share a day (an emergency meeting on the
//! day of an ordinary one: MAPPA "an emergency Level 2 (or level 3) may be convened",
//! 003 App 2C; MARAC "may be called for an emergency meeting", 003 App 3A) but never a
//! day *and* a start time, so `DATE@HH:MM` always names one.

use std::fmt;

use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;

/// The kind of a meeting (`meeting.kind`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    /// A meeting of the panel's pattern, or an extra one like it.
    #[default]
    Ordinary,
    /// Called at short notice for urgent cases.
    Emergency,
    /// Held for one case (MAPPA's per-case level 2 and 3 meetings).
    SingleCase,
}

impl MeetingKind {
    /// Every kind, in the order they are offered.
    pub const ALL: [MeetingKind; 3] = [
        MeetingKind::Ordinary,
        MeetingKind::Emergency,
        MeetingKind::SingleCase,
    ];

    /// As stored.
    pub fn code(self) -> &'static str {
        match self {
            MeetingKind::Ordinary => "ordinary",
            MeetingKind::Emergency => "emergency",
            MeetingKind::SingleCase => "single_case",
        }
    }

    /// The kind stored as `code`; an unknown code reads as ordinary.
    pub fn from_code(code: &str) -> MeetingKind {
        Self::ALL
            .into_iter()
            .find(|k| k.code() == code)
            .unwrap_or_default()
    }

    /// "emergency", "single case".
    pub fn label(self) -> &'static str {
        match self {
            MeetingKind::Ordinary => "ordinary",
            MeetingKind::Emergency => "emergency",
            MeetingKind::SingleCase => "single case",
        }
    }
}

/// A meeting as a command names it: its date, and when two meetings share that day,
/// its start time (`2027-01-13@14:00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeetingRef {
    pub date: NaiveDate,
    /// `None`: the date alone, which names a meeting only when it is the day's one.
    pub time: Option<NaiveTime>,
}

impl From<NaiveDate> for MeetingRef {
    fn from(date: NaiveDate) -> Self {
        MeetingRef { date, time: None }
    }
}

impl MeetingRef {
    /// Read `DATE` or `DATE@HH:MM`, the date as `parse_date` reads dates
    /// (YYYY-MM-DD or DD/MM/YYYY).
    pub fn parse(
        s: &str,
        parse_date: &dyn Fn(&str) -> Result<NaiveDate, String>,
    ) -> Result<MeetingRef, String> {
        let (day, time) = match s.trim().split_once('@') {
            Some((d, t)) => (d, Some(t.trim())),
            None => (s.trim(), None),
        };
        let date = parse_date(day.trim())?;
        let time = time
            .map(|t| {
                NaiveTime::parse_from_str(t, "%H:%M").map_err(|_| {
                    format!("'{t}' is not a time HH:MM (a meeting is DATE or DATE@HH:MM)")
                })
            })
            .transpose()?;
        Ok(MeetingRef { date, time })
    }

    /// The start time as stored (`HH:MM`), if given.
    pub fn time_text(&self) -> Option<String> {
        self.time.map(|t| t.format("%H:%M").to_string())
    }
}

impl fmt::Display for MeetingRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.date.format("%Y-%m-%d"))?;
        if let Some(t) = self.time {
            write!(f, "@{}", t.format("%H:%M"))?;
        }
        Ok(())
    }
}

/// A stored start time ("10:00", " 9:30 ") as `HH:MM`, or `None` when it is no time.
pub fn normal_time(stored: Option<&str>) -> Option<String> {
    stored
        .and_then(|t| NaiveTime::parse_from_str(t.trim(), "%H:%M").ok())
        .map(|t| t.format("%H:%M").to_string())
}

/// The one line a command prints when a date names more than one meeting: each by
/// `DATE@HH:MM` (or, for one with no start time, `DATE` alone cannot name it and the
/// time must be set first with `meetings move`).
pub fn ambiguous(date: NaiveDate, times: &[(Option<String>, MeetingKind)]) -> String {
    let day = date.format("%Y-%m-%d");
    let each: Vec<String> = times
        .iter()
        .map(|(t, k)| match t {
            Some(t) => format!("{day}@{t} ({})", k.label()),
            None => format!("{day} with no time ({})", k.label()),
        })
        .collect();
    format!(
        "{} meetings on {day}: name one by its start time, {}",
        times.len(),
        each.join(" or ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Result<NaiveDate, String> {
        s.parse::<NaiveDate>().map_err(|e| e.to_string())
    }

    #[test]
    fn a_date_with_or_without_a_time() {
        let r = MeetingRef::parse("2027-01-13@14:00", &date).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.to_string(), "2027-01-13@14:00");
        assert_eq!(r.time_text().as_deref(), Some("14:00"));
        let r = MeetingRef::parse("2027-01-13", &date).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.time, None);
        let e = MeetingRef::parse("2027-01-13@2pm", &date).unwrap_err();
        assert!(e.contains("'2pm' is not a time HH:MM"), "{e}");
    }

    #[test]
    fn two_meetings_on_a_day_are_named_by_their_times() {
        let d = NaiveDate::from_ymd_opt(2027, 1, 13).unwrap_or_default();
        let line = ambiguous(
            d,
            &[
                (Some("10:00".into()), MeetingKind::Ordinary),
                (Some("14:00".into()), MeetingKind::Emergency),
            ],
        );
        assert_eq!(
            line,
            "2 meetings on 2027-01-13: name one by its start time, 2027-01-13@10:00 (ordinary) or 2027-01-13@14:00 (emergency)"
        );
    }
}
