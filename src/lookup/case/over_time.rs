//! A case's risk over time in its history (issue 28 item 4): the risk level and lead
//! agency at each meeting, and the actions completed between meetings, in text,
//! JSON (`over_time`) and the printable page.

use std::fmt::Write as _;

use super::CaseHistory;
use crate::domain::trend::{Heard, Trend};
use crate::lookup::doc::Block;
use crate::lookup::fmt_date;
use crate::lookup::format::one_line;

/// The trend of the case's discussions and its completed actions.
pub fn trend(h: &CaseHistory) -> Trend {
    let heard: Vec<Heard> = h
        .discussions
        .iter()
        .filter_map(|d| {
            Some(Heard {
                date: d.meeting_date?,
                risk: d.risk_after.clone().or_else(|| d.risk_before.clone()),
                lead: d.lead_agency.clone(),
            })
        })
        .collect();
    let done: Vec<(i64, chrono::NaiveDate)> = h
        .actions
        .iter()
        .filter(|a| a.status == "done")
        .filter_map(|a| Some((a.id, a.completed_on?)))
        .collect();
    Trend::of(&heard, &done)
}

/// What an action was, in a few words: `#12 YOS: Home visit`.
fn action(h: &CaseHistory, id: i64) -> String {
    h.actions.iter().find(|a| a.id == id).map_or_else(
        || format!("#{id}"),
        |a| format!("#{id} {}: {}", a.agency_code, one_line(&a.description)),
    )
}

fn or_dash(v: &Option<String>) -> String {
    v.as_deref().map_or_else(|| "-".to_string(), one_line)
}

/// A step's risk and lead agency with what they were before: `High (was Medium)`.
fn was(now: &Option<String>, before: &Option<String>) -> String {
    match before {
        Some(b) => format!("{} (was {})", or_dash(now), one_line(b)),
        None => or_dash(now),
    }
}

/// The readable section: one line per meeting, then what was done since the last.
pub fn text(o: &mut String, h: &CaseHistory) {
    let t = &h.over_time;
    if t.meetings.is_empty() {
        return;
    }
    let _ = writeln!(o, "\nRisk over time");
    for s in &t.meetings {
        let n = s.actions_completed_since_last.len();
        let done = if n == 0 {
            String::new()
        } else {
            let list: Vec<String> = s
                .actions_completed_since_last
                .iter()
                .map(|a| action(h, *a))
                .collect();
            format!(
                "  {n} completed since the meeting before: {}",
                list.join("; ")
            )
        };
        let _ = writeln!(
            o,
            "  {}  risk {}  lead {}{done}",
            fmt_date(s.meeting_date),
            was(&s.risk, &s.risk_was),
            was(&s.lead_agency, &s.lead_was)
        );
    }
    if let Some(last) = t.meetings.last() {
        let list: Vec<String> = t.completed_since.iter().map(|a| action(h, *a)).collect();
        let _ = writeln!(
            o,
            "  since {}: {} action(s) completed{}",
            fmt_date(last.meeting_date),
            list.len(),
            if list.is_empty() {
                String::new()
            } else {
                format!(": {}", list.join("; "))
            }
        );
    }
}

/// The printable page's table: meeting, risk, lead agency, actions completed.
pub fn blocks(b: &mut Vec<Block>, h: &CaseHistory) {
    let t = &h.over_time;
    if t.meetings.is_empty() {
        return;
    }
    b.push(Block::Heading("Risk over time".into()));
    let mut rows: Vec<Vec<String>> = t
        .meetings
        .iter()
        .map(|s| {
            let done: Vec<String> = s
                .actions_completed_since_last
                .iter()
                .map(|a| action(h, *a))
                .collect();
            vec![
                fmt_date(s.meeting_date),
                was(&s.risk, &s.risk_was),
                was(&s.lead_agency, &s.lead_was),
                if done.is_empty() {
                    "-".into()
                } else {
                    done.join("; ")
                },
            ]
        })
        .collect();
    if let Some(last) = t.meetings.last() {
        let done: Vec<String> = t.completed_since.iter().map(|a| action(h, *a)).collect();
        rows.push(vec![
            format!("since {}", fmt_date(last.meeting_date)),
            "-".into(),
            "-".into(),
            if done.is_empty() {
                "-".into()
            } else {
                done.join("; ")
            },
        ]);
    }
    b.push(Block::Table(
        [
            "Meeting",
            "Risk",
            "Lead agency",
            "Actions completed since the meeting before",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    ));
}
