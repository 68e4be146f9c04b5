//! `[reminders]`: between meetings, when each agency is reminded of the actions it
//! owes, and when an action or a case is flagged as drifting (issue 26).
//!
//! The seeds ask agencies to report on their actions before the next meeting (MARAC:
//! "The MARAC member from each agency will take agreed follow up action and report
//! back to the MARAC on action taken and the outcomes", 003 App 3A "Follow-up
//! action"; MAPPA and CAMP: "the action points must be checked and outcomes/actions
//! recorded", 003 App 2C and 5B). None says when a reminder goes out or when an
//! action is escalated; those are this section's keys, each with a default used when
//! the panel file is silent.
//!
//! ```toml
//! [reminders]
//! working_days_before = [10, 3]   # reminders 10 and 3 working days before a meeting
//! due_within_days = 14            # what a reminder lists beside the overdue ones
//! escalate_after_carry_overs = 2  # flagged for the panel's board after 2 carry-overs
//! plan_stalled_weeks = 8          # an open case with no action done for 8 weeks
//! ```

use serde::{Deserialize, Serialize};

/// Carry-overs after which an action is flagged for escalation when the panel file
/// says nothing (issue 26: "default 2").
pub const DEFAULT_ESCALATE_AFTER: u32 = 2;

/// Weeks without an action completed after which an open case is flagged "plan not
/// progressing" when the panel file says nothing: two monthly meetings.
pub const DEFAULT_STALLED_WEEKS: u32 = 8;

/// Working days before a meeting a reminder goes out when the panel file says
/// nothing: ten, the example of issue 26.
pub const DEFAULT_DAYS_BEFORE: u32 = 10;

/// One number or a list of them (`working_days_before = 10` or `= [10, 3]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Days {
    One(u32),
    Many(Vec<u32>),
}

impl Default for Days {
    fn default() -> Self {
        Days::One(DEFAULT_DAYS_BEFORE)
    }
}

impl Days {
    /// The numbers, largest (earliest reminder) first, each once.
    pub fn values(&self) -> Vec<u32> {
        let mut v = match self {
            Days::One(n) => vec![*n],
            Days::Many(v) => v.clone(),
        };
        v.sort_unstable_by(|a, b| b.cmp(a));
        v.dedup();
        v
    }
}

/// The `[reminders]` section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Reminders {
    /// Working days before each meeting on which agencies are reminded.
    pub working_days_before: Days,
    /// A reminder lists open actions due within this many days of the day it is
    /// written, and every overdue one; none: every one due by the meeting.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_within_days: Option<u32>,
    /// An action carried over this many times is flagged for escalation.
    pub escalate_after_carry_overs: u32,
    /// An open case with no action completed for this many weeks is flagged "plan
    /// not progressing".
    pub plan_stalled_weeks: u32,
}

impl Default for Reminders {
    fn default() -> Self {
        Reminders {
            working_days_before: Days::default(),
            due_within_days: None,
            escalate_after_carry_overs: DEFAULT_ESCALATE_AFTER,
            plan_stalled_weeks: DEFAULT_STALLED_WEEKS,
        }
    }
}

impl Reminders {
    /// Everything wrong with the section, each naming its key. Empty when sound.
    pub fn problems(&self) -> Vec<String> {
        let mut out = vec![];
        let days = self.working_days_before.values();
        if days.is_empty() {
            out.push(
                "reminders.working_days_before: give at least one number of working days".into(),
            );
        }
        for d in days {
            if d == 0 || d > 60 {
                out.push(format!(
                    "reminders.working_days_before: {d} is not between 1 and 60 working days"
                ));
            }
        }
        if let Some(0) = self.due_within_days {
            out.push("reminders.due_within_days: must be at least 1 (or left out)".into());
        }
        if self.escalate_after_carry_overs == 0 {
            out.push(
                "reminders.escalate_after_carry_overs: must be at least 1 (a new action has not been carried over)".into(),
            );
        }
        if self.plan_stalled_weeks == 0 {
            out.push("reminders.plan_stalled_weeks: must be at least 1".into());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Reminders {
        #[derive(Deserialize)]
        struct F {
            reminders: Reminders,
        }
        toml::from_str::<F>(text)
            .unwrap_or_else(|e| panic!("{e}"))
            .reminders
    }

    #[test]
    fn defaults_when_the_file_is_silent() {
        let r = parse("[reminders]\n");
        assert_eq!(r, Reminders::default());
        assert_eq!(r.working_days_before.values(), vec![10]);
        assert_eq!(r.escalate_after_carry_overs, 2);
        assert!(r.problems().is_empty());
    }

    #[test]
    fn one_number_or_a_list_earliest_first() {
        let r = parse("[reminders]\nworking_days_before = [3, 10, 3]\n");
        assert_eq!(r.working_days_before.values(), vec![10, 3]);
        let r = parse("[reminders]\nworking_days_before = 5\nescalate_after_carry_overs = 3\n");
        assert_eq!(r.working_days_before.values(), vec![5]);
        assert_eq!(r.escalate_after_carry_overs, 3);
    }

    #[test]
    fn each_problem_names_its_key() {
        let r = parse(
            "[reminders]\nworking_days_before = [0, 90]\ndue_within_days = 0\nescalate_after_carry_overs = 0\nplan_stalled_weeks = 0\n",
        );
        let p = r.problems();
        assert_eq!(p.len(), 5, "{p:?}");
        assert!(
            p[0].starts_with("reminders.working_days_before: 90"),
            "{p:?}"
        );
        assert!(
            p[1].starts_with("reminders.working_days_before: 0"),
            "{p:?}"
        );
        assert!(p[2].starts_with("reminders.due_within_days"), "{p:?}");
        assert!(
            p[3].starts_with("reminders.escalate_after_carry_overs"),
            "{p:?}"
        );
        assert!(p[4].starts_with("reminders.plan_stalled_weeks"), "{p:?}");
        assert!(toml::from_str::<toml::Value>("[reminders]\nwhen = 3\n")
            .ok()
            .and_then(|v| v.get("reminders").cloned())
            .map(|v| v.try_into::<Reminders>().is_err())
            .unwrap_or(false));
    }
}
