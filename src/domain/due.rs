//! One rule for an action's due date, however it is set (QA fault 5): from the shell
//! (`actions due`, `actions modify --due`) it is today or later; in a meeting's dialogs it is
//! the meeting's date or later (a meeting may be written up after its day). A date before
//! that would make the action overdue the moment it is set.

use chrono::NaiveDate;

/// The earliest an action's due date may be, and what that date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Earliest {
    /// Set from the shell: today.
    Today(NaiveDate),
    /// Set in a meeting's dialog: that meeting's date.
    Meeting(NaiveDate),
}

/// Refuse a due date before the earliest allowed, in one line (no "nothing changed":
/// the caller says what was left as it was).
pub fn check_due(due: NaiveDate, earliest: Earliest) -> Result<(), String> {
    match earliest {
        Earliest::Today(t) if due < t => Err(format!(
            "due date {} is in the past (today {})",
            super::iso::date_string(due),
            super::iso::date_string(t)
        )),
        Earliest::Meeting(m) if due < m => Err("Due date: it is before the meeting".into()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn today_and_later_are_allowed_from_the_shell_and_yesterday_is_not() {
        let today = d("2026-12-09");
        assert_eq!(check_due(today, Earliest::Today(today)), Ok(()));
        assert_eq!(check_due(d("2027-01-13"), Earliest::Today(today)), Ok(()));
        assert_eq!(
            check_due(d("2026-12-08"), Earliest::Today(today)),
            Err("due date 2026-12-08 is in the past (today 2026-12-09)".into())
        );
        assert!(check_due(d("1900-01-01"), Earliest::Today(today)).is_err());
    }

    #[test]
    fn in_a_meeting_the_meetings_day_is_the_earliest() {
        let m = d("2026-11-11");
        assert_eq!(check_due(m, Earliest::Meeting(m)), Ok(()));
        assert_eq!(
            check_due(d("2026-11-10"), Earliest::Meeting(m)),
            Err("Due date: it is before the meeting".into())
        );
    }
}
