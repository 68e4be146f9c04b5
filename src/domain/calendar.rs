//! Working days and the referral cut-off (section 11).

use std::collections::BTreeSet;
use std::sync::{LazyLock, OnceLock};

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// England & Wales bank holidays, read from `data/bank_holidays_england_wales.txt`.
pub const ENGLAND_WALES_BANK_HOLIDAYS: &str =
    include_str!("../../data/bank_holidays_england_wales.txt");

/// The England & Wales calendar this run uses, when the program has loaded one
/// (the shipped list updated from a file in the data folder); else the shipped one.
static ENGLAND_WALES: OnceLock<WorkingCalendar> = OnceLock::new();

/// The shipped list, parsed once per process (parsing its 250-odd dates on every call
/// cost an agenda at 1M actions ~30 ms: it is asked for once per case).
static SHIPPED: LazyLock<WorkingCalendar> = LazyLock::new(|| {
    WorkingCalendar::parse(ENGLAND_WALES_BANK_HOLIDAYS).expect("shipped bank holiday file parses")
});

/// Use `cal` as the England & Wales calendar for the rest of this run (once; later
/// calls are ignored).
pub fn install_england_and_wales(cal: WorkingCalendar) {
    let _ = ENGLAND_WALES.set(cal);
}

/// Monday to Friday, less bank holidays.
#[derive(Debug, Clone, Default)]
pub struct WorkingCalendar {
    holidays: BTreeSet<NaiveDate>,
}

/// Where a referral goes under the section 11 cut-off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Received at least the cut-off number of working days before the meeting.
    InTime,
    /// Received late, but urgent: heard at this meeting anyway.
    LateUrgent,
    /// Received late and not urgent: held over to the following meeting.
    HeldOver,
    /// Received after the meeting date: cannot be heard at it.
    AfterMeeting,
}

impl WorkingCalendar {
    /// Parse the data file: one `YYYY-MM-DD name` per line, `#` comments.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut holidays = BTreeSet::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let date = line.split_whitespace().next().unwrap_or_default();
            let d = NaiveDate::parse_from_str(date, "%Y-%m-%d")
                .map_err(|e| format!("bank holiday file line {}: {e}", n + 1))?;
            holidays.insert(d);
        }
        Ok(Self { holidays })
    }

    /// The England & Wales calendar: the one installed for this run (see
    /// [`install_england_and_wales`]), else the shipped list.
    pub fn england_and_wales() -> Self {
        ENGLAND_WALES
            .get()
            .unwrap_or_else(|| LazyLock::force(&SHIPPED))
            .clone()
    }

    /// The shipped England & Wales list (parsed once per process).
    pub fn shipped() -> Self {
        SHIPPED.clone()
    }

    /// Read the published England & Wales JSON as it is (`{"england-and-wales":
    /// {"events": [{"date": "YYYY-MM-DD", ...}]}}`, or that division alone).
    pub fn parse_published_json(text: &str) -> Result<Self, String> {
        let v: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("bank holiday JSON: {e}"))?;
        let division = v.get("england-and-wales").unwrap_or(&v);
        let events = division
            .get("events")
            .and_then(|e| e.as_array())
            .ok_or("bank holiday JSON: no england-and-wales events")?;
        let mut holidays = BTreeSet::new();
        for (i, e) in events.iter().enumerate() {
            let d = e
                .get("date")
                .and_then(|d| d.as_str())
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .ok_or_else(|| format!("bank holiday JSON: events[{i}] has no date YYYY-MM-DD"))?;
            holidays.insert(d);
        }
        Ok(Self { holidays })
    }

    /// This calendar with `newer` over it: for every year `newer` lists, its
    /// dates replace these (a holiday moved or added); other years are kept.
    pub fn updated_by(mut self, newer: &WorkingCalendar) -> Self {
        let years: BTreeSet<i32> = newer.holidays.iter().map(|d| d.year()).collect();
        self.holidays.retain(|d| !years.contains(&d.year()));
        self.holidays.extend(newer.holidays.iter().copied());
        self
    }

    /// The last year the list knows bank holidays for.
    pub fn last_year(&self) -> Option<i32> {
        self.holidays.iter().next_back().map(|d| d.year())
    }

    /// A warning when `d` is in a year after the list's last: working days are
    /// then counted without bank holidays.
    pub fn beyond_list(&self, d: NaiveDate) -> Option<String> {
        let last = self.last_year()?;
        (d.year() > last).then(|| {
            format!(
                "{} is after {last}, the last year of the bank holiday list: working days are counted without bank holidays",
                d.format("%Y-%m-%d")
            )
        })
    }

    pub fn is_bank_holiday(&self, d: NaiveDate) -> bool {
        self.holidays.contains(&d)
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !self.is_bank_holiday(d)
    }

    /// The date `n` working days before `d` (counting back from `d`, not counting `d`).
    pub fn working_days_before(&self, d: NaiveDate, n: u32) -> NaiveDate {
        let mut left = n;
        let mut cur = d;
        while left > 0 {
            cur -= Duration::days(1);
            if self.is_working_day(cur) {
                left -= 1;
            }
        }
        cur
    }

    /// The date `n` working days after `d`.
    pub fn working_days_after(&self, d: NaiveDate, n: u32) -> NaiveDate {
        let mut left = n;
        let mut cur = d;
        while left > 0 {
            cur += Duration::days(1);
            if self.is_working_day(cur) {
                left -= 1;
            }
        }
        cur
    }

    /// Last date a referral may be received and still go to the meeting on `meeting`:
    /// `working_days` working days before it (section 11: "received at least 15
    /// working days prior to the next MAGPan").
    pub fn cutoff(&self, meeting: NaiveDate, working_days: u32) -> NaiveDate {
        self.working_days_before(meeting, working_days)
    }

    /// The meeting a referral was held over from (section 11: received after its
    /// cut-off): `previous` (the meeting before the one it is listed for) when it was
    /// received by that meeting's date but after its cut-off. The one place this is
    /// worked out, for the agenda and the referral list alike.
    pub fn held_over_from(
        &self,
        received: NaiveDate,
        urgent: bool,
        previous: Option<NaiveDate>,
        cutoff_days: u32,
    ) -> Option<NaiveDate> {
        previous
            .filter(|p| self.placement(received, urgent, *p, cutoff_days) == Placement::HeldOver)
    }

    /// Where a referral received on `received` stands for the meeting on `meeting`.
    pub fn placement(
        &self,
        received: NaiveDate,
        urgent: bool,
        meeting: NaiveDate,
        working_days: u32,
    ) -> Placement {
        if received > meeting {
            Placement::AfterMeeting
        } else if received <= self.cutoff(meeting, working_days) {
            Placement::InTime
        } else if urgent {
            Placement::LateUrgent
        } else {
            Placement::HeldOver
        }
    }

    /// The first of `meetings` (any order) that a referral received on `received`
    /// goes to: the first it is in time for, or for an urgent one, the first on or
    /// after the date received. `None` when no listed meeting fits yet.
    pub fn target_meeting(
        &self,
        received: NaiveDate,
        urgent: bool,
        meetings: &[NaiveDate],
        working_days: u32,
    ) -> Option<NaiveDate> {
        let mut sorted: Vec<NaiveDate> = meetings.to_vec();
        sorted.sort();
        sorted.into_iter().find(|m| {
            matches!(
                self.placement(received, urgent, *m, working_days),
                Placement::InTime | Placement::LateUrgent
            )
        })
    }

    /// A date moved forward to the next working day if it is not one.
    pub fn next_working_day_on_or_after(&self, d: NaiveDate) -> NaiveDate {
        let mut cur = d;
        while !self.is_working_day(cur) {
            cur += Duration::days(1);
        }
        cur
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn cal() -> WorkingCalendar {
        WorkingCalendar::england_and_wales()
    }

    #[test]
    fn shipped_file_has_known_holidays() {
        let c = cal();
        assert!(c.is_bank_holiday(d("2026-12-25")));
        assert!(
            c.is_bank_holiday(d("2026-12-28")),
            "Boxing Day 2026 substitute"
        );
        assert!(c.is_bank_holiday(d("2022-09-19")), "State funeral");
        assert!(!c.is_bank_holiday(d("2026-12-24")));
        assert!(!c.is_working_day(d("2026-11-21")), "Saturday");
    }

    #[test]
    fn section_11_cutoff_is_three_weeks_without_holidays() {
        // Meeting Wed 11 Nov 2026: 15 working days before is Wed 21 Oct 2026.
        assert_eq!(cal().cutoff(d("2026-11-11"), 15), d("2026-10-21"));
    }

    #[test]
    fn section_11_received_exactly_15_working_days_before_is_in_time() {
        // "received at least 15 working days prior ... will most likely be discussed at the next meeting"
        let p = cal().placement(d("2026-10-21"), false, d("2026-11-11"), 15);
        assert_eq!(p, Placement::InTime);
    }

    #[test]
    fn section_11_received_14_working_days_before_is_held_over() {
        // "received with less than 15 days before the next meeting will be held over"
        let p = cal().placement(d("2026-10-22"), false, d("2026-11-11"), 15);
        assert_eq!(p, Placement::HeldOver);
    }

    #[test]
    fn section_11_late_but_urgent_is_heard() {
        // "... unless the referral requires a more urgent response"
        let p = cal().placement(d("2026-11-09"), true, d("2026-11-11"), 15);
        assert_eq!(p, Placement::LateUrgent);
    }

    #[test]
    fn section_11_bank_holiday_inside_window_moves_cutoff_back_a_day() {
        // Meeting Wed 13 May 2026; Mon 4 May 2026 is the Early May bank holiday,
        // so 15 working days back reaches Tue 21 Apr, not Wed 22 Apr.
        let c = cal();
        assert_eq!(c.cutoff(d("2026-05-13"), 15), d("2026-04-21"));
        assert_eq!(
            c.placement(d("2026-04-22"), false, d("2026-05-13"), 15),
            Placement::HeldOver
        );
        assert_eq!(
            c.placement(d("2026-04-21"), false, d("2026-05-13"), 15),
            Placement::InTime
        );
    }

    #[test]
    fn section_11_christmas_and_boxing_day_substitute_both_skipped() {
        // Meeting Wed 13 Jan 2027. Back from it: 12,11,8,7,6,5,4 Jan (7), 1 Jan is a
        // holiday, 31,30,29 Dec (10), 28 and 25 Dec holidays, 24,23,22,21,18 Dec (15).
        assert_eq!(cal().cutoff(d("2027-01-13"), 15), d("2026-12-18"));
    }

    #[test]
    fn section_11_weekend_receipt_counts_by_date() {
        // Received on Sat 17 Oct 2026, before the Wed 21 Oct cut-off: in time.
        assert_eq!(
            cal().placement(d("2026-10-17"), false, d("2026-11-11"), 15),
            Placement::InTime
        );
    }

    #[test]
    fn section_11_late_referral_goes_to_following_meeting() {
        let meetings = [d("2026-12-09"), d("2026-11-11"), d("2027-01-13")];
        let c = cal();
        assert_eq!(
            c.target_meeting(d("2026-10-20"), false, &meetings, 15),
            Some(d("2026-11-11"))
        );
        assert_eq!(
            c.target_meeting(d("2026-11-02"), false, &meetings, 15),
            Some(d("2026-12-09"))
        );
        assert_eq!(
            c.target_meeting(d("2026-11-02"), true, &meetings, 15),
            Some(d("2026-11-11"))
        );
        assert_eq!(
            c.target_meeting(d("2027-01-12"), false, &meetings, 15),
            None
        );
    }

    #[test]
    fn received_after_meeting_never_goes_to_it_even_if_urgent() {
        assert_eq!(
            cal().placement(d("2026-11-12"), true, d("2026-11-11"), 15),
            Placement::AfterMeeting
        );
    }

    #[test]
    fn parse_rejects_bad_line() {
        assert!(WorkingCalendar::parse("2026-13-01 nonsense").is_err());
        assert!(WorkingCalendar::parse("# only a comment\n\n").is_ok());
    }
}

#[cfg(test)]
mod update_tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn the_published_json_updates_the_years_it_lists_and_dates_past_the_list_warn() {
        let json = r#"{"england-and-wales": {"division": "england-and-wales", "events": [
            {"title": "New Year's Day", "date": "2041-01-01", "notes": "", "bunting": true},
            {"title": "Extra bank holiday", "date": "2040-06-04", "notes": "", "bunting": true}
        ]}, "scotland": {"division": "scotland", "events": []}}"#;
        let newer = WorkingCalendar::parse_published_json(json).unwrap_or_default();
        let cal = WorkingCalendar::shipped();
        assert!(cal.is_bank_holiday(d("2040-12-25")));
        assert_eq!(cal.last_year(), Some(2040));
        assert!(cal.beyond_list(d("2041-03-01")).is_some());
        assert!(cal.beyond_list(d("2040-03-01")).is_none());
        let cal = cal.updated_by(&newer);
        assert!(cal.is_bank_holiday(d("2041-01-01")));
        assert!(cal.is_bank_holiday(d("2040-06-04")));
        // 2040 is listed in the newer file, so its list replaces the shipped year.
        assert!(!cal.is_bank_holiday(d("2040-12-25")));
        assert!(cal.is_bank_holiday(d("2039-12-26")));
        assert_eq!(cal.last_year(), Some(2041));
        assert!(WorkingCalendar::parse_published_json("{}").is_err());
    }
}
