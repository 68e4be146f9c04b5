//! `roundtable calendar`: review and intervention-plan dates per open case and the
//! coming meetings as an RFC 5545 iCalendar file. People appear by initials only.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::Connection;
use serde::Serialize;

use super::format::{clean, initials};
use super::panel::{load_panel, resolve_agency, PanelInfo};
use super::{cleaned, fmt_date, nonblank, opt_text, Result};
use crate::domain::calendar::WorkingCalendar;
use crate::store::rows::{meeting, referral};
use crate::store::AgencyId;

/// One calendar event: a case date, a meeting, or a deadline before one.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Event {
    pub uid: String,
    /// `review`, `plan`, `plan_and_review`, `meeting`, `referral_cutoff` or `agenda_circulation`.
    pub kind: &'static str,
    pub case_id: Option<i64>,
    pub date: NaiveDate,
    /// Start time (UK local time) for meetings with a known start; else all day.
    pub start_time: Option<String>,
    pub summary: String,
    pub description: String,
    pub location: Option<String>,
}

/// Meetings are held in England or Wales (the working-day calendar is theirs):
/// their local times are given in UK time, with the rules for it.
const TZID: &str = "Europe/London";
const VTIMEZONE_LONDON: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Europe/London",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19810329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19961027T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// Minutes a meeting is shown to last in a calendar.
const MEETING_MINUTES: i64 = 120;

/// What every event names: the panel, its short name and the stem of its UIDs.
struct Names<'a> {
    panel: &'a PanelInfo,
    short: &'a str,
    uid_base: &'a str,
}

/// Events from `today` on. With `agency`, only cases that agency leads (the
/// meetings and deadlines are kept: every agency attends). Errors: `NotFound` for
/// an unknown agency or no panel.
pub fn events(
    conn: &Connection,
    today: NaiveDate,
    agency: Option<&str>,
) -> Result<(PanelInfo, Vec<Event>)> {
    let panel = load_panel(conn, None)?;
    let agency = agency.map(|a| resolve_agency(conn, a)).transpose()?;
    let short = if panel.short_name.trim().is_empty() {
        "panel".to_string()
    } else {
        panel.short_name.trim().to_string()
    };
    let uid_base = short
        .to_lowercase()
        .replace(|c: char| !c.is_ascii_alphanumeric(), "-");
    let at = Names {
        panel: &panel,
        short: &short,
        uid_base: &uid_base,
    };
    let mut out = case_events(conn, &at, today, agency.map(|a| a.id))?;
    out.extend(meeting_events(conn, &at, today)?);
    out.sort_by(|a, b| (a.date, &a.uid).cmp(&(b.date, &b.uid)));
    Ok((panel, out))
}

/// Review and intervention-plan dates of open cases from `today` (of those `lead`
/// leads, if given), people by initials.
fn case_events(
    conn: &Connection,
    at: &Names<'_>,
    today: NaiveDate,
    lead: Option<AgencyId>,
) -> Result<Vec<Event>> {
    let sql = format!(
        "SELECT {}, lag.code AS lead_agency_code
         FROM {} LEFT JOIN agency lag ON lag.id = r.lead_agency_id
         WHERE s.panel_id = ?1 AND r.status = 'open'
           AND (?2 IS NULL OR r.lead_agency_id = ?2)
           AND (r.next_review_on >= ?3 OR r.plan_due_on >= ?3)
         ORDER BY r.id",
        referral::COLUMNS,
        referral::FROM
    );
    let rows: Vec<(referral::Referral, Option<String>)> = conn
        .prepare_cached(&sql)?
        .query_map(rusqlite::params![at.panel.id, lead, fmt_date(today)], |r| {
            Ok((referral::from_row(r)?, opt_text(r, "lead_agency_code")?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = vec![];
    for (f, lead) in rows {
        let (id, name) = (f.id.0, cleaned(&f.name));
        let (review, plan) = (f.next_review_on, f.plan_due_on);
        let who = format!("case {id} ({})", initials(&name));
        let lead = lead.unwrap_or_else(|| "not appointed".into());
        let review = review.filter(|d| *d >= today);
        let plan = plan.filter(|d| *d >= today);
        let appendix_b = |d: NaiveDate| {
            format!(
                " The lead agency's Appendix B update is due by {} (two weeks before, section 7.6).",
                fmt_date(d - Duration::days(14))
            )
        };
        let mut push = |kind: &'static str, date: NaiveDate, what: &str| {
            out.push(Event {
                uid: format!("{}-case-{id}-{kind}@roundtable", at.uid_base),
                kind,
                case_id: Some(id),
                date,
                start_time: None,
                summary: format!("{} {what}: {who}, lead {lead}", at.short),
                description: format!(
                    "{}. {} {what} for {who}. Lead agency: {lead}.{}",
                    at.panel.marking(),
                    at.short,
                    appendix_b(date)
                ),
                location: None,
            });
        };
        match (review, plan) {
            (Some(r), Some(p)) if r == p => {
                push("plan_and_review", r, "intervention plan and review")
            }
            (r, p) => {
                if let Some(p) = p {
                    push("plan", p, "intervention plan due");
                }
                if let Some(r) = r {
                    push("review", r, "review");
                }
            }
        }
    }
    Ok(out)
}

/// The coming meetings, with their referral cut-off and agenda circulation dates.
fn meeting_events(conn: &Connection, at: &Names<'_>, today: NaiveDate) -> Result<Vec<Event>> {
    let (panel, short, uid_base) = (at.panel, at.short, at.uid_base);
    let cal = WorkingCalendar::england_and_wales();
    let sql = format!(
        "SELECT {} FROM {} WHERE m.panel_id = ?1 AND m.date >= ?2 AND m.state != 'closed'
         ORDER BY m.date",
        meeting::COLUMNS,
        meeting::FROM
    );
    let rows: Vec<meeting::Meeting> = conn
        .prepare_cached(&sql)?
        .query_map(
            rusqlite::params![panel.id, fmt_date(today)],
            meeting::from_row,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = vec![];
    for m in rows {
        let (date, start, venue) = (
            m.date,
            m.start_time.as_deref().and_then(nonblank),
            nonblank(&m.venue),
        );
        let ds = fmt_date(date);
        let start = start
            .or_else(|| panel.start_time().map(str::to_string))
            .and_then(|t| NaiveTime::parse_from_str(t.trim(), "%H:%M").ok())
            .map(|t| t.format("%H:%M").to_string());
        out.push(Event {
            uid: format!("{uid_base}-meeting-{ds}@roundtable"),
            kind: "meeting",
            case_id: None,
            date,
            start_time: start,
            summary: format!("{short} meeting"),
            description: format!(
                "{}. {} meeting. Everyone present signs the confidentiality statement before case items.",
                panel.marking(),
                panel.name
            ),
            location: venue.or_else(|| Some(panel.venue.clone()).filter(|v| !v.is_empty())),
        });
        for (kind, d, what) in [
            (
                "referral_cutoff",
                cal.cutoff(date, panel.cutoff_days),
                format!(
                    "last day for referrals to be heard at the {ds} meeting ({} working days before, section 11)",
                    panel.cutoff_days
                ),
            ),
            (
                "agenda_circulation",
                cal.working_days_before(date, panel.circulation_days),
                format!(
                    "agenda for the {ds} meeting to be circulated ({} working days before)",
                    panel.circulation_days
                ),
            ),
        ] {
            if d < today {
                continue;
            }
            out.push(Event {
                uid: format!("{uid_base}-{kind}-{ds}@roundtable"),
                kind,
                case_id: None,
                date: d,
                start_time: None,
                summary: format!("{short}: {}", what.split(" (").next().unwrap_or(&what)),
                description: format!("{}. {short}: {what}.", panel.marking()),
                location: None,
            });
        }
    }
    Ok(out)
}

/// Escape a TEXT value (RFC 5545 section 3.3.11).
pub fn escape_text(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in clean(s).chars() {
        match c {
            '\\' => o.push_str("\\\\"),
            ';' => o.push_str("\\;"),
            ',' => o.push_str("\\,"),
            '\n' => o.push_str("\\n"),
            c => o.push(c),
        }
    }
    o
}

/// Fold a content line at 75 octets (RFC 5545 section 3.1), never inside a
/// UTF-8 character, and end it with CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
    out
}

fn ics_date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// The iCalendar text. `dtstamp` is the UTC time the file is made.
pub fn ics(panel: &PanelInfo, events: &[Event], dtstamp: NaiveDateTime) -> String {
    let mut o = String::new();
    let mut line = |l: String| o.push_str(&fold(&l));
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line(format!(
        "PRODID:-//Roundtable//Roundtable {}//EN",
        env!("CARGO_PKG_VERSION")
    ));
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!(
        "X-WR-CALNAME:{}",
        escape_text(&format!("{} ({})", panel.short_name, panel.marking()))
    ));
    if events.iter().any(|e| e.start_time.is_some()) {
        for l in VTIMEZONE_LONDON {
            line((*l).into());
        }
    }
    let stamp = dtstamp.format("%Y%m%dT%H%M%SZ").to_string();
    for e in events {
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}", escape_text(&e.uid)));
        line(format!("DTSTAMP:{stamp}"));
        let timed = e
            .start_time
            .as_deref()
            .and_then(|t| NaiveTime::parse_from_str(t, "%H:%M").ok());
        match timed {
            Some(t) => {
                let start = e.date.and_time(t);
                let end = start + Duration::minutes(MEETING_MINUTES);
                line(format!(
                    "DTSTART;TZID={TZID}:{}",
                    start.format("%Y%m%dT%H%M%S")
                ));
                line(format!("DTEND;TZID={TZID}:{}", end.format("%Y%m%dT%H%M%S")));
            }
            None => {
                line(format!("DTSTART;VALUE=DATE:{}", ics_date(e.date)));
                line(format!(
                    "DTEND;VALUE=DATE:{}",
                    ics_date(e.date + Duration::days(1))
                ));
                line("TRANSP:TRANSPARENT".into());
            }
        }
        line(format!("SUMMARY:{}", escape_text(&e.summary)));
        line(format!("DESCRIPTION:{}", escape_text(&e.description)));
        if let Some(l) = &e.location {
            line(format!("LOCATION:{}", escape_text(l)));
        }
        line("CLASS:CONFIDENTIAL".into());
        line(format!("CATEGORIES:{}", escape_text(&panel.short_name)));
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escaping() {
        assert_eq!(escape_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(escape_text("x\u{1b}[1my"), "xy");
    }

    #[test]
    fn folding_at_75_octets_keeps_characters_whole() {
        let long = format!("SUMMARY:{}", "é".repeat(60));
        let folded = fold(&long);
        for l in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        let unfolded = folded.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{long}\r\n"));
        assert_eq!(fold("SHORT"), "SHORT\r\n");
    }
}
