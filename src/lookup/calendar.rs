//! `roundtable calendar`: review and intervention-plan dates per open case and the
//! coming meetings as an RFC 5545 iCalendar file (the `icalendar` crate). People
//! appear by initials only.
//!
//! An event's UID is made of this database's random identity (made at `init`, or
//! on upgrade) and the stable id of its row, never of a date: a meeting moved keeps
//! its UID, so a calendar that imports the file again moves it. SEQUENCE counts the
//! changes to what the event shows (from the change log), so a calendar takes the
//! newer one. A case closed while a review or plan date was still to come is
//! published as cancelled, so the date leaves every calendar.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::format::{clean, initials};
use super::panel::{load_panel, resolve_agency, PanelInfo};
use super::{cleaned, fmt_date, nonblank, opt_text, Result};
use crate::domain::calendar::WorkingCalendar;
use crate::domain::paperwork::{DeadlineFor, RelativeTo};
use crate::store::rows::{meeting, referral};
use crate::store::AgencyId;

/// One calendar event: a case date, a meeting, or a deadline before one.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Event {
    pub uid: String,
    /// `review`, `plan`, `meeting`, `referral_cutoff`, `agenda_circulation`
    /// or `deadline` (the panel's `[[deadline]]` before a meeting).
    pub kind: &'static str,
    pub case_id: Option<i64>,
    pub date: NaiveDate,
    /// Start time (UK local time) for meetings with a known start; else all day.
    pub start_time: Option<String>,
    /// How long a timed meeting lasts, when the panel's pattern says
    /// (`duration_minutes`); else it is shown as two hours.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_minutes: Option<u32>,
    pub summary: String,
    pub description: String,
    pub location: Option<String>,
    /// How many times what the event shows has changed (RFC 5545 SEQUENCE).
    pub sequence: u32,
    /// Published as cancelled: the case was closed before the date.
    pub cancelled: bool,
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

/// Minutes a meeting is shown to last in a calendar when its pattern gives no
/// `duration_minutes`.
const MEETING_MINUTES: i64 = 120;

/// What every event names: the panel, its short name and this database's identity.
struct Names<'a> {
    panel: &'a PanelInfo,
    short: &'a str,
    db: &'a str,
}

impl Names<'_> {
    /// `rt-<database>-<what>-<row id>@roundtable`.
    fn uid(&self, what: &str, id: i64) -> String {
        format!("rt-{}-{what}-{id}@roundtable", self.db)
    }
}

/// How many changes the change log holds to the columns `cols` of row `id` of
/// `table`: the event's SEQUENCE.
fn changes(conn: &Connection, table: &str, id: i64, cols: [&str; 3]) -> Result<u32> {
    let n: i64 = conn
        .prepare_cached(
            "SELECT COUNT(*) AS n FROM change_log
             WHERE tbl = ?1 AND row_id = ?2 AND col IN (?3, ?4, ?5)",
        )?
        .query_row(
            rusqlite::params![table, id, cols[0], cols[1], cols[2]],
            |r| r.get("n"),
        )?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Events from `today` on, their UIDs made with `database` (the store's
/// [`crate::store::Store::database_uid`]). With `agency`, only cases that agency
/// leads (the meetings and deadlines are kept: every agency attends). Errors:
/// `NotFound` for an unknown agency or no panel.
pub fn events(
    conn: &Connection,
    today: NaiveDate,
    agency: Option<&str>,
    database: &str,
) -> Result<(PanelInfo, Vec<Event>)> {
    let panel = load_panel(conn, None)?;
    let agency = agency.map(|a| resolve_agency(conn, a)).transpose()?;
    let short = if panel.short_name.trim().is_empty() {
        "panel".to_string()
    } else {
        panel.short_name.trim().to_string()
    };
    let at = Names {
        panel: &panel,
        short: &short,
        db: database,
    };
    let lead = agency.map(|a| a.id);
    let mut out = case_events(conn, &at, today, lead)?;
    out.extend(cancelled_case_events(conn, &at, today, lead)?);
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
           AND (r.next_review_on IS NOT NULL OR r.plan_due_on >= ?3)
         ORDER BY r.id",
        referral::COLUMNS,
        referral::FROM
    );
    // A review whose date has passed unheard (a meeting did not reach it) is on the
    // next meeting's agenda (`reviews_due`): the calendar shows it there too.
    let next_meeting: Option<NaiveDate> = conn
        .prepare_cached(
            "SELECT date FROM meeting WHERE panel_id = ?1 AND date >= ?2 AND state != 'closed'
             ORDER BY date LIMIT 1",
        )?
        .query_row(rusqlite::params![at.panel.id, fmt_date(today)], |r| {
            super::opt_date(r, "date")
        })
        .optional()?
        .flatten();
    let rows: Vec<(referral::Referral, Option<String>)> = conn
        .prepare_cached(&sql)?
        .query_map(rusqlite::params![at.panel.id, lead, fmt_date(today)], |r| {
            Ok((referral::from_row(r)?, opt_text(r, "lead_agency_code")?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = vec![];
    for (f, lead) in rows {
        let (id, name) = (f.id.0, cleaned(&f.name));
        let lead = lead.unwrap_or_else(|| "not appointed".into());
        for (kind, date, col) in [
            ("plan", f.plan_due_on, "plan_due_on"),
            ("review", f.next_review_on, "next_review_on"),
        ] {
            let Some(set) = date else {
                continue;
            };
            let mut sequence = changes(conn, "referral", id, [col, "lead_agency_id", "status"])?;
            let date = if set >= today {
                set
            } else if kind == "review" {
                let Some(next) = next_meeting else {
                    continue;
                };
                // Moved once for each meeting held since it was due, so a calendar
                // that had it on an earlier date takes the later one.
                sequence += meetings_since(conn, at.panel.id, set, today)?;
                next
            } else {
                continue;
            };
            out.push(case_event(
                at, kind, id, &name, &lead, date, sequence, false,
            ));
        }
    }
    Ok(out)
}

/// How many of the panel's meetings fell on or after `from` and before `today`.
fn meetings_since(
    conn: &Connection,
    panel: crate::store::PanelId,
    from: NaiveDate,
    today: NaiveDate,
) -> Result<u32> {
    let n: i64 = conn
        .prepare_cached(
            "SELECT COUNT(*) AS n FROM meeting WHERE panel_id = ?1 AND date >= ?2 AND date < ?3",
        )?
        .query_row(
            rusqlite::params![panel, fmt_date(from), fmt_date(today)],
            |r| r.get("n"),
        )?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// The closed cases with a review or plan date still to come (`?1` the panel, `?2`
/// a lead agency or NULL, `?3` today), found by index (`src/lookup/plans.rs`).
pub(crate) fn cancelled_sql() -> String {
    format!(
        "SELECT {}, lag.code AS lead_agency_code,
            (SELECT c.old_value FROM change_log c
             WHERE c.tbl = 'referral' AND c.row_id = r.id AND c.col = 'next_review_on'
               AND c.new_value IS NULL ORDER BY c.id DESC LIMIT 1) AS last_review_on
         FROM {} LEFT JOIN agency lag ON lag.id = r.lead_agency_id
         WHERE s.panel_id = ?1 AND r.status = 'closed'
           AND (?2 IS NULL OR r.lead_agency_id = ?2)
           -- Only cases with a date still to come: found by index, so the county's
           -- thousands of long-closed cases are not each read whole.
           AND (r.plan_due_on >= ?3 OR EXISTS (
               SELECT 1 FROM change_log c
               WHERE c.tbl = 'referral' AND c.row_id = r.id AND c.col = 'next_review_on'
                 AND c.new_value IS NULL AND c.old_value >= ?3))
         ORDER BY r.id",
        referral::COLUMNS,
        referral::FROM
    )
}

/// Review and plan dates still to come of cases closed since they were set: the
/// same UIDs, published as cancelled.
fn cancelled_case_events(
    conn: &Connection,
    at: &Names<'_>,
    today: NaiveDate,
    lead: Option<AgencyId>,
) -> Result<Vec<Event>> {
    let sql = cancelled_sql();
    type Closed = (referral::Referral, Option<String>, Option<NaiveDate>);
    let rows: Vec<Closed> = conn
        .prepare_cached(&sql)?
        .query_map(
            rusqlite::params![at.panel.id, lead, super::fmt_date(today)],
            |r| {
                Ok((
                    referral::from_row(r)?,
                    opt_text(r, "lead_agency_code")?,
                    super::opt_date(r, "last_review_on")?,
                ))
            },
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = vec![];
    for (f, lead, last_review) in rows {
        let (id, name) = (f.id.0, cleaned(&f.name));
        let lead = lead.unwrap_or_else(|| "not appointed".into());
        for (kind, date, col) in [
            ("plan", f.plan_due_on, "plan_due_on"),
            ("review", last_review, "next_review_on"),
        ] {
            let Some(date) = date.filter(|d| *d >= today) else {
                continue;
            };
            let sequence = changes(conn, "referral", id, [col, "lead_agency_id", "status"])?;
            out.push(case_event(at, kind, id, &name, &lead, date, sequence, true));
        }
    }
    Ok(out)
}

/// One case date as an event: who by case ID and initials, the lead agency, and
/// when the lead agency's Appendix B update is due.
#[allow(clippy::too_many_arguments)]
fn case_event(
    at: &Names<'_>,
    kind: &'static str,
    id: i64,
    name: &str,
    lead: &str,
    date: NaiveDate,
    sequence: u32,
    cancelled: bool,
) -> Event {
    let who = format!("case {id} ({})", initials(name));
    let what = if kind == "plan" {
        "intervention plan due"
    } else {
        "review"
    };
    let closed = if cancelled {
        " (cancelled: case closed)"
    } else {
        ""
    };
    // The lead agency's update is due by the panel's review deadline (MAGPan:
    // Appendix B, "two weeks prior", section 7.6); a panel without one says nothing.
    let update = at
        .panel
        .paperwork
        .deadlines
        .review()
        .map_or(String::new(), |d| {
            format!(
                " The lead agency's {} update is due by {} ({}{}).",
                d.what.trim(),
                fmt_date(d.due(date, &WorkingCalendar::england_and_wales())),
                d.interval_words(),
                d.comma_cite()
            )
        });
    Event {
        uid: format!("rt-{}-case-{id}-{kind}@roundtable", at.db),
        kind,
        case_id: Some(id),
        date,
        start_time: None,
        duration_minutes: None,
        summary: format!("{} {what}: {who}, lead {lead}{closed}", at.short),
        description: format!(
            "{}. {} {what} for {who}. Lead agency: {lead}.{update}{closed}",
            at.panel.marking(),
            at.short,
        ),
        location: None,
        sequence,
        cancelled,
    }
}

/// The coming meetings, with their referral cut-off and agenda circulation dates.
fn meeting_events(conn: &Connection, at: &Names<'_>, today: NaiveDate) -> Result<Vec<Event>> {
    let (panel, short) = (at.panel, at.short);
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
        let mid = m.id.0;
        let sequence = changes(conn, "meeting", mid, ["date", "venue", "start_time"])?;
        out.push(Event {
            uid: at.uid("meeting", mid),
            kind: "meeting",
            case_id: None,
            date,
            start_time: start,
            duration_minutes: panel.pattern.duration_minutes,
            // A panel's own meeting type names the meeting (issue 21, B10).
            summary: crate::domain::paperwork::type_of(
                &panel.paperwork.meeting_types,
                m.type_code.as_deref(),
            )
            .map_or_else(
                || format!("{short} meeting"),
                |t| format!("{short}: {}", t.label),
            ),
            description: format!(
                "{}. {} meeting. Everyone present signs the confidentiality statement before case items.",
                panel.marking(),
                panel.name
            ),
            location: venue.or_else(|| Some(panel.venue.clone()).filter(|v| !v.is_empty())),
            sequence,
            cancelled: false,
        });
        // The panel's own deadlines before the meeting (`[[deadline]]`: CAMP's papers
        // "at least 7 days prior", 003 App 5A "Working Parameters").
        let deadlines = panel
            .paperwork
            .deadlines
            .0
            .iter()
            .enumerate()
            .filter(|(_, d)| {
                d.applies_to == DeadlineFor::Meeting && d.relative_to == RelativeTo::Meeting
            });
        for (i, d) in deadlines {
            let due = d.due(date, &cal);
            if due < today {
                continue;
            }
            out.push(Event {
                uid: at.uid(&format!("deadline{i}"), mid),
                kind: "deadline",
                case_id: None,
                date: due,
                start_time: None,
                duration_minutes: None,
                summary: format!("{short}: {}", d.what.trim()),
                description: format!(
                    "{}. {short}: {} for the {ds} meeting ({}{}).",
                    panel.marking(),
                    d.what.trim(),
                    d.interval_words(),
                    d.comma_cite()
                ),
                location: None,
                sequence,
                cancelled: false,
            });
        }
        for (kind, d, what) in [
            (
                "referral_cutoff",
                cal.cutoff(date, panel.cutoff_days),
                format!(
                    "last day for referrals to be heard at the {ds} meeting ({} working days before{})",
                    panel.cutoff_days,
                    panel.paperwork.cite.comma(crate::domain::paperwork::Rule::Cutoff)
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
                uid: at.uid(kind, mid),
                kind,
                case_id: None,
                date: d,
                start_time: None,
                duration_minutes: None,
                summary: format!("{short}: {}", what.split(" (").next().unwrap_or(&what)),
                description: format!("{}. {short}: {what}.", panel.marking()),
                location: None,
                sequence,
                cancelled: false,
            });
        }
    }
    Ok(out)
}

/// The iCalendar text (RFC 5545, written by the `icalendar` crate: CRLF, folded
/// lines, escaped text). `dtstamp` is the UTC time the file is made.
pub fn ics(panel: &PanelInfo, events: &[Event], dtstamp: NaiveDateTime) -> String {
    ics_of(
        &format!("{} ({})", panel.short_name, panel.marking()),
        events.iter().map(|e| (panel.short_name.as_str(), e)),
        dtstamp,
    )
}

/// A calendar named `name` of events each with the category of its panel (a
/// workspace's calendar holds several panels' events, each keeping its own UID).
pub fn ics_of<'a>(
    name: &str,
    events: impl IntoIterator<Item = (&'a str, &'a Event)>,
    dtstamp: NaiveDateTime,
) -> String {
    use icalendar::{
        Calendar, CalendarDateTime, Class, Component, EventLike, EventStatus, Property,
    };
    let mut cal = Calendar::empty();
    cal.append_property(Property::new("VERSION", "2.0"));
    cal.append_property(Property::new(
        "PRODID",
        format!(
            "-//Roundtable//Roundtable {}//EN",
            env!("CARGO_PKG_VERSION")
        ),
    ));
    cal.append_property(Property::new("CALSCALE", "GREGORIAN"));
    cal.append_property(Property::new("METHOD", "PUBLISH"));
    cal.append_property(Property::new("X-WR-CALNAME", clean(name)));
    let stamp = dtstamp.and_utc();
    for (category, e) in events {
        let mut ev = icalendar::Event::new();
        ev.uid(&e.uid)
            .timestamp(stamp)
            .sequence(e.sequence)
            .summary(&clean(&e.summary))
            .description(&clean(&e.description))
            .class(Class::Confidential)
            .status(if e.cancelled {
                EventStatus::Cancelled
            } else {
                EventStatus::Confirmed
            });
        ev.categories(vec![clean(category)]);
        let timed = e
            .start_time
            .as_deref()
            .and_then(|t| NaiveTime::parse_from_str(t, "%H:%M").ok());
        match timed {
            Some(t) => {
                let start = e.date.and_time(t);
                let end = start
                    + Duration::minutes(e.duration_minutes.map_or(MEETING_MINUTES, i64::from));
                let at = |date_time| CalendarDateTime::WithTimezone {
                    date_time,
                    tzid: TZID.to_string(),
                };
                ev.starts(at(start)).ends(at(end));
            }
            None => {
                ev.starts(e.date).ends(e.date + Duration::days(1));
                ev.add_property("TRANSP", "TRANSPARENT");
            }
        }
        if let Some(l) = &e.location {
            ev.location(&clean(l));
        }
        cal.push(ev.done());
    }
    let text = cal.to_string();
    // The crate writes no VTIMEZONE (and would give a parsed one a UID and a
    // DTSTAMP, which a time zone must not have): it goes in before the events. It is
    // written always: RFC 5545 (3.6) wants at least one component, and a calendar
    // with nothing to come has no event.
    let tz: String = VTIMEZONE_LONDON
        .iter()
        .map(|l| format!("{l}\r\n"))
        .collect();
    match text
        .find("BEGIN:VEVENT")
        .or_else(|| text.find("END:VCALENDAR"))
    {
        Some(at) => format!("{}{tz}{}", &text[..at], &text[at..]),
        None => text,
    }
}
