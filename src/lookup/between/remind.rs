//! `remind`: per agency, a message listing its open actions due soon and those
//! overdue (plain text and `.eml`, marked, a case by its ID and initials only), on
//! the days the panel file's `[reminders] working_days_before` sets before each
//! meeting.
//!
//! Each reminder of a meeting is made once: its files are named by the meeting and
//! the number of working days, and an agency whose files exist already is passed
//! over. Run daily (from cron or a scheduled task), `remind` writes each reminder on
//! its day, or on the first run after it, and never twice.

use chrono::{Duration, NaiveDate};
use rusqlite::Connection;

use super::{open_actions, SheetAction};
use crate::domain::calendar::WorkingCalendar;
use crate::lookup::panel::{load_panel, next_meeting};
use crate::lookup::{fmt_date, Result};

/// Which reminder of a meeting this is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    /// The one `working_days_before` sets: so many working days before, due on
    /// this day (a later run says it is late rather than a wrong count of days).
    Before(u32, NaiveDate),
    /// Asked for by hand (`--now`), on this day.
    Now(NaiveDate),
}

impl Stage {
    /// The part of a file name that tells reminders of one meeting apart.
    pub fn tag(&self) -> String {
        match self {
            Stage::Before(n, _) => format!("{n}wd"),
            Stage::Now(d) => format!("on-{}", fmt_date(*d)),
        }
    }
}

/// Whether a reminder is due today for the next meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Due {
    /// This reminder, due since `on`.
    Yes { stage: Stage, on: NaiveDate },
    /// None yet: the first falls on this day.
    NotYet { first: NaiveDate, days: u32 },
}

/// The reminder due on `today` for a meeting on `meeting` with reminders `days`
/// working days before it (the latest whose day has come).
pub fn due(meeting: NaiveDate, days: &[u32], today: NaiveDate, cal: &WorkingCalendar) -> Due {
    let mut by_day: Vec<(NaiveDate, u32)> = days
        .iter()
        .map(|&d| (cal.working_days_before(meeting, d), d))
        .collect();
    by_day.sort();
    match by_day.iter().rev().find(|(on, _)| *on <= today) {
        Some(&(on, d)) => Due::Yes {
            stage: Stage::Before(d, on),
            on,
        },
        None => {
            let (first, days) = by_day.first().copied().unwrap_or((meeting, 0));
            Due::NotYet { first, days }
        }
    }
}

/// One agency's reminder.
#[derive(Debug, Clone)]
pub struct Message {
    pub agency: String,
    pub agency_name: String,
    pub subject: String,
    pub text: String,
    pub eml: String,
    pub overdue: usize,
    pub due_soon: usize,
}

/// Every agency's reminder for the meeting on `meeting`, written `today`: open
/// actions due by `until` and every overdue one. An agency with none gets none.
pub fn messages(
    conn: &Connection,
    meeting: NaiveDate,
    today: NaiveDate,
    until: NaiveDate,
    stage: &Stage,
) -> Result<Vec<Message>> {
    let panel = load_panel(conn, None)?;
    let names: std::collections::HashMap<String, String> = conn
        .prepare_cached("SELECT code, name FROM agency")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let rows: Vec<SheetAction> = open_actions(conn, None)?
        .into_iter()
        .filter(|a| a.due_on <= until)
        .collect();
    let escalate = panel.paperwork.reminders().escalate_after_carry_overs;
    let mut out = vec![];
    for group in rows.chunk_by(|a, b| a.agency_code == b.agency_code) {
        let code = group[0].agency_code.clone();
        let name = names.get(&code).cloned().unwrap_or_else(|| code.clone());
        let (late, soon): (Vec<&SheetAction>, Vec<&SheetAction>) =
            group.iter().partition(|a| a.due_on < today);
        let when = match stage {
            Stage::Before(n, on) => {
                let days = format!("{n} working day{}", if *n == 1 { "" } else { "s" });
                if *on < today {
                    // Written on a later run than its day: say so, never a false count.
                    format!(
                        "the reminder due {} ({days} before the meeting on {}), sent late",
                        fmt_date(*on),
                        fmt_date(meeting)
                    )
                } else {
                    format!("{days} before the meeting on {}", fmt_date(meeting))
                }
            }
            Stage::Now(_) => format!("before the meeting on {}", fmt_date(meeting)),
        };
        let mut t = format!("{}\n\n", panel.marking);
        t.push_str(&format!(
            "{} ({}): actions for {name} ({code})\nReminder of {}, {when}.\n",
            panel.name,
            panel.short_name,
            fmt_date(today)
        ));
        let line = |a: &SheetAction| {
            let case = a
                .case_id
                .map(|c| format!(", case {c} ({})", a.initials))
                .unwrap_or_default();
            let late = if a.due_on < today {
                format!(", {} days overdue", (today - a.due_on).num_days())
            } else {
                String::new()
            };
            let carried = match a.carried_over {
                0 => String::new(),
                n if n >= escalate => {
                    format!("; carried over {n} times: for escalation to the board")
                }
                1 => "; carried over once".into(),
                n => format!("; carried over {n} times"),
            };
            format!(
                "  action {}{case}: {}\n    due {}{late}{carried}\n",
                a.id,
                crate::lookup::format::clean(&a.description),
                fmt_date(a.due_on)
            )
        };
        if !late.is_empty() {
            t.push_str(&format!("\nOverdue ({}):\n", late.len()));
            late.iter().for_each(|a| t.push_str(&line(a)));
        }
        if !soon.is_empty() {
            t.push_str(&format!("\nDue by {} ({}):\n", fmt_date(until), soon.len()));
            soon.iter().for_each(|a| t.push_str(&line(a)));
        }
        t.push_str(&format!(
            "\nPlease report on each before the meeting (done with its date, not done, or in progress, with a note), on the status sheet the coordinator sends.\n\n{}\n",
            panel.marking
        ));
        let subject = format!(
            "[{}] {}: {code} actions due before the meeting on {}",
            panel.marking,
            panel.short_name,
            fmt_date(meeting)
        );
        let eml = eml(&subject, &code, &t);
        out.push(Message {
            agency: code,
            agency_name: name,
            subject,
            text: t,
            eml,
            overdue: late.len(),
            due_soon: soon.len(),
        });
    }
    Ok(out)
}

/// The next meeting on or after `today` and the last day a reminder lists: `within`
/// days from today, else the panel file's `due_within_days`, else the meeting.
pub fn window(
    conn: &Connection,
    today: NaiveDate,
    within: Option<u32>,
) -> Result<(NaiveDate, NaiveDate)> {
    let meeting = next_meeting(conn, today)?;
    let file = load_panel(conn, None)?
        .paperwork
        .reminders()
        .due_within_days;
    let until = match within.or(file) {
        Some(n) => today + Duration::days(i64::from(n)),
        None => meeting,
    };
    Ok((meeting, until))
}

/// A draft e-mail (RFC 5322): no recipient (the coordinator's mail client adds the
/// agency's secure address), the subject encoded when it is not ASCII, the text as
/// UTF-8, lines ending CRLF. `X-Unsent: 1` opens it as a draft in Outlook.
fn eml(subject: &str, agency: &str, text: &str) -> String {
    let subject = if subject.is_ascii() {
        subject.to_string()
    } else {
        format!("=?utf-8?B?{}?=", base64(subject.as_bytes()))
    };
    let mut out = format!(
        "Subject: {subject}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\nX-Unsent: 1\r\nX-Roundtable-Agency: {agency}\r\n\r\n"
    );
    for l in text.lines() {
        out.push_str(l);
        out.push_str("\r\n");
    }
    out
}

/// Standard base64 (RFC 4648), by the `base64` crate.
fn base64(b: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn the_latest_reminder_whose_day_has_come() {
        let cal = WorkingCalendar::england_and_wales();
        // Thursday 2027-01-28: 10 working days before is Thursday 14 January, 3
        // before is Monday 25 January.
        let m = d("2027-01-28");
        assert_eq!(
            due(m, &[10, 3], d("2027-01-13"), &cal),
            Due::NotYet {
                first: d("2027-01-14"),
                days: 10
            }
        );
        assert_eq!(
            due(m, &[10, 3], d("2027-01-14"), &cal),
            Due::Yes {
                stage: Stage::Before(10, d("2027-01-14")),
                on: d("2027-01-14")
            }
        );
        assert_eq!(
            due(m, &[10, 3], d("2027-01-26"), &cal),
            Due::Yes {
                stage: Stage::Before(3, d("2027-01-25")),
                on: d("2027-01-25")
            }
        );
    }

    #[test]
    fn base64_as_rfc_4648() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
    }
}
