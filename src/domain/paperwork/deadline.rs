//! `[[deadline]]`: the dates a panel's paperwork must meet, each so many working or
//! calendar days before a meeting or after it (minutes). One calculator for every
//! panel: MAGPan's Appendix B "two weeks prior to the allocated meeting date" (000
//! section 7.6), CAMP's papers "at least 7 days prior to the meeting" (003 App 5A
//! "Working Parameters"), MAPPA's minutes within ten working days.
//!
//! The referral cut-off and the agenda's circulation keep their own keys
//! (`cutoff_working_days`, `agenda_circulation_working_days`).

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::calendar::WorkingCalendar;

/// How a deadline's days are counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayUnit {
    /// Monday to Friday less bank holidays ([`WorkingCalendar`]).
    #[default]
    Working,
    /// Every day.
    Calendar,
}

/// What a deadline counts from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelativeTo {
    /// Days before the meeting.
    #[default]
    Meeting,
    /// Days after the meeting: the minutes go out by then.
    Minutes,
}

/// Whom a deadline binds: the panel's papers for the meeting, or each case due for
/// review at it (the lead agency's update: MAGPan's Appendix B).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineFor {
    /// One date per meeting.
    #[default]
    Meeting,
    /// One date per case due for review at the meeting, shown beside the case.
    Review,
}

/// One `[[deadline]]` of the panel file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    /// What is due, in the panel's words ("Appendix B", "Papers and actions e-mailed
    /// to members").
    pub what: String,
    pub days: u32,
    #[serde(default)]
    pub unit: DayUnit,
    #[serde(default)]
    pub relative_to: RelativeTo,
    /// Where the panel's document sets it ("section 7.6"); empty: quoted without one.
    #[serde(default)]
    pub cite: String,
    /// `"review"`: due for each case reviewed at the meeting (default: the meeting).
    #[serde(default, rename = "for")]
    pub applies_to: DeadlineFor,
}

/// A deadline worked out for one meeting (serialised in `meetings list --json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeadlineDue {
    pub what: String,
    pub due: NaiveDate,
    /// "section 7.6", or empty.
    pub cite: String,
    /// `meeting` or `minutes`.
    pub relative_to: RelativeTo,
}

/// "two", "three": small numbers as words, larger as figures.
fn number_words(n: u32) -> String {
    match n {
        1 => "one".into(),
        2 => "two".into(),
        3 => "three".into(),
        4 => "four".into(),
        5 => "five".into(),
        6 => "six".into(),
        _ => n.to_string(),
    }
}

impl Deadline {
    /// The date it falls on for the meeting held on `meeting`.
    pub fn due(&self, meeting: NaiveDate, cal: &WorkingCalendar) -> NaiveDate {
        let days = i64::from(self.days);
        match (self.relative_to, self.unit) {
            (RelativeTo::Meeting, DayUnit::Working) => cal.working_days_before(meeting, self.days),
            (RelativeTo::Meeting, DayUnit::Calendar) => meeting - Duration::days(days),
            (RelativeTo::Minutes, DayUnit::Working) => cal.working_days_after(meeting, self.days),
            (RelativeTo::Minutes, DayUnit::Calendar) => meeting + Duration::days(days),
        }
    }

    /// The deadline for the meeting on `meeting`, worked out.
    pub fn for_meeting(&self, meeting: NaiveDate, cal: &WorkingCalendar) -> DeadlineDue {
        DeadlineDue {
            what: self.what.trim().to_string(),
            due: self.due(meeting, cal),
            cite: self.cite.trim().to_string(),
            relative_to: self.relative_to,
        }
    }

    /// "two weeks before", "7 working days after the meeting".
    pub fn interval_words(&self) -> String {
        let span = match self.unit {
            DayUnit::Calendar if self.days.is_multiple_of(7) && self.days > 0 => {
                let w = self.days / 7;
                format!("{} week{}", number_words(w), if w == 1 { "" } else { "s" })
            }
            DayUnit::Calendar => {
                format!("{} day{}", self.days, if self.days == 1 { "" } else { "s" })
            }
            DayUnit::Working => format!(
                "{} working day{}",
                self.days,
                if self.days == 1 { "" } else { "s" }
            ),
        };
        match self.relative_to {
            RelativeTo::Meeting => format!("{span} before"),
            RelativeTo::Minutes => format!("{span} after the meeting"),
        }
    }

    /// ", section 7.6" to follow words in brackets, or "".
    pub fn comma_cite(&self) -> String {
        match self.cite.trim() {
            "" => String::new(),
            c => format!(", {c}"),
        }
    }

    /// Everything wrong with the deadline at `[[deadline]]` number `i`, each naming
    /// its key.
    fn problems(&self, i: usize) -> Vec<String> {
        let mut out = vec![];
        if self.what.trim().is_empty() {
            out.push(format!("deadline[{i}].what: empty"));
        }
        if self.days == 0 || self.days > 366 {
            out.push(format!(
                "deadline[{i}].days: {}: must be 1 to 366",
                self.days
            ));
        }
        if self.applies_to == DeadlineFor::Review && self.relative_to == RelativeTo::Minutes {
            out.push(format!(
                "deadline[{i}].for: a review's deadline is before the meeting (relative_to = \"meeting\")"
            ));
        }
        out
    }
}

impl DeadlineDue {
    /// "Appendix B by 2026-11-25 (section 7.6)".
    pub fn line(&self) -> String {
        let cite = if self.cite.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.cite)
        };
        format!("{} by {}{cite}", self.what, self.due.format("%Y-%m-%d"))
    }
}

/// The panel's deadlines as a list (`[[deadline]]`), with the questions the engine
/// asks of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Deadlines(pub Vec<Deadline>);

impl Deadlines {
    /// The deadline each case due for review must meet (MAGPan: Appendix B), if any.
    pub fn review(&self) -> Option<&Deadline> {
        self.0.iter().find(|d| d.applies_to == DeadlineFor::Review)
    }

    /// The meeting's own deadlines (papers before it, minutes after it), in the file's
    /// order, worked out for the meeting on `meeting`.
    pub fn for_meeting(&self, meeting: NaiveDate, cal: &WorkingCalendar) -> Vec<DeadlineDue> {
        self.0
            .iter()
            .filter(|d| d.applies_to == DeadlineFor::Meeting)
            .map(|d| d.for_meeting(meeting, cal))
            .collect()
    }

    /// Every problem, each naming its key.
    pub fn problems(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .0
            .iter()
            .enumerate()
            .flat_map(|(i, d)| d.problems(i))
            .collect();
        if self
            .0
            .iter()
            .filter(|d| d.applies_to == DeadlineFor::Review)
            .count()
            > 1
        {
            out.push("deadline: more than one with for = \"review\"".into());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap_or_default()
    }

    fn deadline(days: u32, unit: DayUnit, relative_to: RelativeTo) -> Deadline {
        Deadline {
            what: "Papers".into(),
            days,
            unit,
            relative_to,
            cite: String::new(),
            applies_to: DeadlineFor::Meeting,
        }
    }

    #[test]
    fn calendar_and_working_days_before_and_after_a_meeting() {
        let cal = WorkingCalendar::shipped();
        // 003 App 5A "Working Parameters": papers "at least 7 days prior" (calendar).
        let camp = deadline(7, DayUnit::Calendar, RelativeTo::Meeting);
        assert_eq!(camp.due(d("2027-01-28"), &cal), d("2027-01-21"));
        assert_eq!(camp.interval_words(), "one week before");
        // Working days skip the Christmas and New Year bank holidays of 2026-27.
        let working = deadline(5, DayUnit::Working, RelativeTo::Meeting);
        assert_eq!(working.due(d("2027-01-06"), &cal), d("2026-12-29"));
        // Minutes ten working days after a meeting on Friday 24 December 2027: the
        // 27th and 28th and 3 January 2028 are bank holidays.
        let minutes = deadline(10, DayUnit::Working, RelativeTo::Minutes);
        assert_eq!(minutes.due(d("2027-12-24"), &cal), d("2028-01-12"));
        assert_eq!(
            minutes.interval_words(),
            "10 working days after the meeting"
        );
    }

    #[test]
    fn a_deadline_without_days_or_words_is_named() {
        let mut bad = deadline(0, DayUnit::Working, RelativeTo::Meeting);
        bad.what = " ".into();
        let p = Deadlines(vec![bad]).problems();
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].starts_with("deadline[0].what"), "{p:?}");
        assert!(p[1].starts_with("deadline[0].days"), "{p:?}");
    }
}
