//! When a panel meets: its `[meeting_pattern]` read as a cadence (monthly on the n-th
//! weekday, every so many weeks from an anchor date, or quarterly), and the dates it
//! gives, each moved to the next working day when it falls on a bank holiday.
//!
//! MAGPan meets on the 2nd Wednesday of every month (000 section 3.3), DYO on the 4th
//! Thursday (003 App 4A "Meeting Schedule"), MARAC "four weekly ... on a Tuesday"
//! (003 App 3A), MAVE "every two weeks" (001 "Frequency").

use chrono::{Datelike, Duration, Months, NaiveDate, NaiveTime, Weekday};

use super::calendar::WorkingCalendar;
use super::panel_def::MeetingPattern;

/// How far a bank holiday can push a meeting (Christmas and Boxing Day with their
/// substitutes and a weekend): a date this far before `from` may land on or after it.
const LONGEST_MOVE_DAYS: i64 = 7;

/// A meeting pattern, checked: the one thing that gives a panel's meeting dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cadence {
    /// The `nth` `weekday` of every month (a 5th that a month lacks is its 4th).
    Monthly { weekday: Weekday, nth: u8 },
    /// Every `weeks` weeks, on `anchor` and the dates a whole number of steps from it.
    Weekly { anchor: NaiveDate, weeks: u32 },
    /// The `nth` `weekday` of the anchor's month and of every third month from it.
    Quarterly {
        anchor: NaiveDate,
        weekday: Weekday,
        nth: u8,
    },
}

/// The n-th `wd` of the month holding `month` (a 5th the month lacks: the 4th).
fn nth_weekday(month: NaiveDate, wd: Weekday, nth: u8) -> NaiveDate {
    let (y, m) = (month.year(), month.month());
    NaiveDate::from_weekday_of_month_opt(y, m, wd, nth)
        .or_else(|| NaiveDate::from_weekday_of_month_opt(y, m, wd, 4))
        .expect("a 4th weekday exists in every month")
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).expect("day 1 exists")
}

/// A weekday as the panel file writes it ("Thursday", "thu").
fn weekday(s: &str) -> Option<Weekday> {
    s.trim().parse::<Weekday>().ok()
}

impl Cadence {
    /// The cadence of `p`, or every problem with it, each naming its key
    /// (`meeting_pattern.interval: ...`).
    pub fn from_pattern(p: &MeetingPattern) -> Result<Self, Vec<String>> {
        let mut out = vec![];
        let key = |k: &str, why: &str| format!("meeting_pattern.{k}: {why}");
        let wd = if p.weekday.trim().is_empty() {
            None
        } else {
            let w = weekday(&p.weekday);
            if w.is_none() {
                out.push(key(
                    "weekday",
                    &format!("unknown weekday {} (Monday to Sunday)", p.weekday),
                ));
            }
            w
        };
        if let Some(t) = p.start_time.as_deref() {
            if NaiveTime::parse_from_str(t.trim(), "%H:%M").is_err() {
                out.push(key("start_time", &format!("\"{t}\" is not a time HH:MM")));
            }
        }
        if p.duration_minutes == Some(0) {
            out.push(key("duration_minutes", "must be at least 1"));
        }
        let every = p.every.trim().to_ascii_lowercase();
        let nth = || -> Option<u8> {
            (1..=5)
                .contains(&p.week_of_month)
                .then_some(p.week_of_month as u8)
        };
        let cadence = match every.as_str() {
            "month" | "quarter" => {
                if p.interval.is_some() {
                    out.push(key("interval", "only with every = \"weeks\""));
                }
                if p.weekday.trim().is_empty() {
                    out.push(key("weekday", &format!("needed with every = \"{every}\"")));
                }
                if nth().is_none() {
                    out.push(key("week_of_month", "must be 1 to 5"));
                }
                match (every.as_str(), wd, nth(), p.anchor) {
                    ("month", Some(weekday), Some(nth), _) => {
                        Some(Cadence::Monthly { weekday, nth })
                    }
                    ("quarter", Some(weekday), Some(nth), Some(anchor)) => {
                        Some(Cadence::Quarterly {
                            anchor,
                            weekday,
                            nth,
                        })
                    }
                    ("quarter", _, _, None) => {
                        out.push(key(
                            "anchor",
                            "needed with every = \"quarter\" (a date in a month the panel meets)",
                        ));
                        None
                    }
                    _ => None,
                }
            }
            "weeks" => {
                if p.week_of_month != 0 {
                    out.push(key(
                        "week_of_month",
                        "only with every = \"month\" or \"quarter\"",
                    ));
                }
                let weeks = match p.interval {
                    Some(n) if (1..=52).contains(&n) => Some(n),
                    Some(n) => {
                        out.push(key("interval", &format!("{n}: must be 1 to 52 weeks")));
                        None
                    }
                    None => {
                        out.push(key(
                            "interval",
                            "needed with every = \"weeks\" (1 weekly, 2 fortnightly, 4 four-weekly)",
                        ));
                        None
                    }
                };
                let anchor = p.anchor;
                if anchor.is_none() {
                    out.push(key(
                        "anchor",
                        "needed with every = \"weeks\" (the date of one meeting of the series)",
                    ));
                }
                if let (Some(a), Some(w)) = (anchor, wd) {
                    if a.weekday() != w {
                        out.push(key(
                            "weekday",
                            &format!(
                                "{} but the anchor {} is a {}: give the anchor's weekday or none",
                                p.weekday.trim(),
                                a.format("%Y-%m-%d"),
                                a.weekday()
                            ),
                        ));
                    }
                }
                match (anchor, weeks) {
                    (Some(anchor), Some(weeks)) => Some(Cadence::Weekly { anchor, weeks }),
                    _ => None,
                }
            }
            _ => {
                out.push(key(
                    "every",
                    &format!("\"{}\": one of \"month\", \"weeks\", \"quarter\"", p.every),
                ));
                None
            }
        };
        match cadence {
            Some(c) if out.is_empty() => Ok(c),
            _ => Err(out),
        }
    }

    /// The pattern's dates as written (before any bank-holiday move) that fall on
    /// or after `from`, earliest first, without end.
    fn nominal_from(self, from: NaiveDate) -> Box<dyn Iterator<Item = NaiveDate>> {
        match self {
            Cadence::Monthly { weekday, nth } => {
                let start = first_of_month(from);
                Box::new(
                    (0u32..)
                        .map(move |i| nth_weekday(start + Months::new(i), weekday, nth))
                        .filter(move |d| *d >= from),
                )
            }
            Cadence::Quarterly {
                anchor,
                weekday,
                nth,
            } => {
                // The first quarter month on or before `from`'s month.
                let a = first_of_month(anchor);
                let f = first_of_month(from);
                let months = (f.year() - a.year()) * 12 + f.month() as i32 - a.month() as i32;
                let back = months.rem_euclid(3) as u32;
                let start = f - Months::new(back);
                Box::new(
                    (0u32..)
                        .map(move |i| nth_weekday(start + Months::new(3 * i), weekday, nth))
                        .filter(move |d| *d >= from),
                )
            }
            Cadence::Weekly { anchor, weeks } => {
                let step = 7 * i64::from(weeks);
                let k = (from - anchor).num_days().div_euclid(step);
                let first = anchor + Duration::days(k * step);
                Box::new(
                    (0i64..)
                        .map(move |i| first + Duration::days(i * step))
                        .filter(move |d| *d >= from),
                )
            }
        }
    }

    /// The first `count` meetings on or after `from`, each moved to the next working
    /// day when it falls on a bank holiday (or a weekend).
    pub fn meetings_from(
        self,
        from: NaiveDate,
        count: usize,
        cal: &WorkingCalendar,
    ) -> Vec<NaiveDate> {
        let mut out: Vec<NaiveDate> = Vec::with_capacity(count);
        for d in self.nominal_from(from - Duration::days(LONGEST_MOVE_DAYS)) {
            if out.len() >= count {
                break;
            }
            let moved = cal.next_working_day_on_or_after(d);
            if moved >= from && out.last().is_none_or(|l| moved > *l) {
                out.push(moved);
            }
        }
        out
    }

    /// The pattern's first meeting after `day` (as moved): what ending the meeting
    /// on `day` proposes for the next.
    pub fn next_after(self, day: NaiveDate, cal: &WorkingCalendar) -> NaiveDate {
        self.meetings_from(day + Duration::days(1), 1, cal)[0]
    }

    /// The pattern in words: "the 2nd Wednesday of every month", "every 2 weeks on
    /// Thursday from 2027-01-07".
    pub fn describe(self) -> String {
        let ord = |n: u8| match n {
            1 => "1st",
            2 => "2nd",
            3 => "3rd",
            4 => "4th",
            _ => "5th",
        };
        match self {
            Cadence::Monthly { weekday, nth } => {
                format!("the {} {} of every month", ord(nth), day_name(weekday))
            }
            Cadence::Quarterly {
                anchor,
                weekday,
                nth,
            } => format!(
                "the {} {} of every third month from {}",
                ord(nth),
                day_name(weekday),
                anchor.format("%B %Y")
            ),
            Cadence::Weekly { anchor, weeks } => {
                let every = if weeks == 1 {
                    "every week".to_string()
                } else {
                    format!("every {weeks} weeks")
                };
                format!(
                    "{every} on {} from {}",
                    day_name(anchor.weekday()),
                    anchor.format("%Y-%m-%d")
                )
            }
        }
    }
}

/// "Wednesday".
fn day_name(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}
