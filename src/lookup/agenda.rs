//! `roundtable agenda`: the draft agenda circulated five working days before a
//! meeting (section 11 "The Panel Meeting" a and b; Appendix D).

use std::fmt::Write as _;

use chrono::{Duration, NaiveDate, NaiveTime};
use rusqlite::Connection;
use serde::Serialize;

use super::format::{one_line, plain, user, Table};
use super::panel::{
    later_meetings, load_panel, previous_meeting, resolve_meeting, Meeting, PanelInfo,
};
use super::{fmt_date, get, opt_date, opt_text, text, Result};
use crate::domain::age::{age_on, new_referral_item};
use crate::domain::agenda::AgendaKind;
use crate::domain::agenda::{item_words, number_of};
use crate::domain::calendar::{Placement, WorkingCalendar};
use crate::domain::rules::review_due;
use crate::domain::types::CaseStatus;

/// Approximate minutes per part of the meeting, for the time slots.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    /// Items 1 to 5 together.
    pub opening: u32,
    /// Each new referral presented with a full risk assessment.
    pub referral: u32,
    /// Each review, and each "one to watch" mention.
    pub review: u32,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            opening: 30,
            referral: 10,
            review: 5,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub item: u32,
    pub case_id: i64,
    pub name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub age_on_meeting: Option<u32>,
    pub referring_agency: Option<String>,
    pub date_received: Option<NaiveDate>,
    pub urgent: bool,
    /// `in_time`, `late_urgent`, `held_over` (new referrals) or `review`.
    pub placement: &'static str,
    pub lead_agency: Option<String>,
    pub risk: Option<String>,
    /// The date allocated for the review or intervention plan.
    pub review_due: Option<NaiveDate>,
    pub note: String,
    /// Approximate start, `HH:MM`.
    pub slot: Option<String>,
    #[serde(skip)]
    invite: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemLine {
    pub number: u32,
    pub title: String,
    pub after_formal_close: bool,
    pub slot: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Invitation {
    pub slot: String,
    pub agency: String,
    pub case_id: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct DraftAgenda {
    pub panel: PanelInfo,
    pub meeting: Meeting,
    pub circulate_by: NaiveDate,
    pub referral_cutoff: NaiveDate,
    pub following_meeting: Option<NaiveDate>,
    pub items: Vec<ItemLine>,
    pub new_under_18: Vec<Entry>,
    pub new_over_18: Vec<Entry>,
    pub reviews: Vec<Entry>,
    pub held_over: Vec<Entry>,
    /// Referrals excluded under section 10.1 (MAPPA level 2/3): counted, not listed.
    pub excluded: usize,
    pub invitations: Vec<Invitation>,
    pub notes: Vec<String>,
}

/// The draft agenda for the meeting on `date`, from the referrals and open cases
/// as they stand now.
pub fn draft(conn: &Connection, date: NaiveDate, timing: Timing) -> Result<DraftAgenda> {
    let meeting = resolve_meeting(conn, date)?;
    let panel = load_panel(conn, Some(meeting.panel))?;
    let cal = WorkingCalendar::england_and_wales();
    let cutoff_days = panel.cutoff_days;
    let referral_cutoff = cal.cutoff(date, cutoff_days);
    let circulate_by = cal.working_days_before(date, panel.circulation_days);
    let previous = previous_meeting(conn, meeting.panel, date)?;
    let later = later_meetings(conn, meeting.panel, date)?;
    let following = later.first().copied();

    let mut notes = vec![];
    if meeting.state != "planned" {
        notes.push(format!(
            "This meeting is {}: the draft shows referrals and reviews as they stand now, not as they stood then.",
            meeting.state.replace('_', " ")
        ));
    }

    let mut under = vec![];
    let mut over = vec![];
    let mut held = vec![];
    let mut excluded = 0;
    let mut st = conn.prepare_cached(
        "SELECT r.id, s.name, s.date_of_birth, ag.code, r.date_received, r.urgent, r.screening
         FROM referral r
         JOIN subject s ON s.id = r.subject_id
         JOIN agency ag ON ag.id = r.referring_agency_id
         WHERE s.panel_id = ?1 AND r.status IN ('received', 'on_agenda') AND r.date_received <= ?2
           -- not heard, or being heard, at another meeting (unfinished ones from a
           -- closed meeting come back)
           AND NOT EXISTS (
               SELECT 1 FROM case_discussion d JOIN meeting m2 ON m2.id = d.meeting_id
               WHERE d.referral_id = r.id AND m2.date <> ?2
                 AND (d.completed_at IS NOT NULL OR m2.state <> 'closed'))
         ORDER BY r.date_received, r.id",
    )?;
    let rows = st
        .query_map(rusqlite::params![meeting.panel, fmt_date(date)], |r| {
            Ok((
                get::<i64>(r, 0)?,
                text(r, 1)?,
                opt_date(r, 2)?,
                opt_text(r, 3)?,
                opt_date(r, 4)?,
                get::<bool>(r, 5)?,
                text(r, 6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, name, dob, referrer, received, urgent, screening) in rows {
        if screening == "excluded" {
            excluded += 1;
            continue;
        }
        let Some(received) = received else { continue };
        let placement = cal.placement(received, urgent, date, cutoff_days);
        let mut note = vec![];
        let mut invite = true;
        match screening.as_str() {
            "no_intelligence" => {
                note.push("one to watch: no supporting intelligence (section 11)".to_string());
                invite = false;
            }
            "pending" => note.push("screening pending".to_string()),
            _ => {}
        }
        if let Some(p) = previous {
            if cal.placement(received, urgent, p, cutoff_days) == Placement::HeldOver {
                note.push(format!("held over from {}", fmt_date(p)));
            }
        }
        let mut e = Entry {
            item: 0,
            case_id: id,
            name,
            date_of_birth: dob,
            age_on_meeting: dob.and_then(|d| age_on(d, date)),
            referring_agency: referrer,
            date_received: Some(received),
            urgent,
            placement: "in_time",
            lead_agency: None,
            risk: None,
            review_due: None,
            note: String::new(),
            slot: None,
            invite,
        };
        let kind = new_referral_item(dob, date);
        let item = number_of(&panel.agenda, kind).unwrap_or(0);
        match placement {
            Placement::InTime => {}
            Placement::LateUrgent => {
                e.placement = "late_urgent";
                note.insert(0, "received after the cut-off; urgent".into());
            }
            Placement::HeldOver => {
                e.placement = "held_over";
                e.item = item;
                note.insert(
                    0,
                    match cal.target_meeting(received, urgent, &later, cutoff_days) {
                        Some(f) => format!(
                            "received after the cut-off: to the meeting on {}",
                            fmt_date(f)
                        ),
                        None => "received after the cut-off: to the following meeting".into(),
                    },
                );
                e.note = note.join("; ");
                held.push(e);
                continue;
            }
            Placement::AfterMeeting => continue,
        }
        e.item = item;
        e.note = note.join("; ");
        if kind == AgendaKind::NewReferralsOver18 {
            over.push(e);
        } else {
            under.push(e);
        }
    }
    // Excluded at screening and recorded against this meeting (status 'excluded').
    let excluded_here: i64 = conn
        .prepare_cached(
            "SELECT COUNT(*) FROM referral
             WHERE meeting_id = ?1 AND status = 'excluded' AND screening = 'excluded'",
        )?
        .query_row([meeting.id], |r| r.get(0))?;
    excluded += excluded_here as usize;
    if dob_unknown(&under) {
        notes.push(format!(
            "A referral without a date of birth is listed under {}.",
            item_words(&panel.agenda, AgendaKind::NewReferralsUnder18)
        ));
    }

    let mut reviews = vec![];
    let mut st = conn.prepare_cached(
        "SELECT r.id, s.name, s.date_of_birth, lag.code, r.risk_current, r.next_review_on,
            r.plan_due_on, r.status,
            (SELECT COUNT(*) FROM case_discussion d WHERE d.referral_id = r.id AND d.item_kind = 'reviews')
         FROM referral r
         JOIN subject s ON s.id = r.subject_id
         LEFT JOIN agency lag ON lag.id = r.lead_agency_id
         WHERE s.panel_id = ?1 AND r.status = 'open' AND r.next_review_on <= ?2
         ORDER BY r.next_review_on, r.id",
    )?;
    let rows = st
        .query_map(rusqlite::params![meeting.panel, fmt_date(date)], |r| {
            Ok((
                get::<i64>(r, 0)?,
                text(r, 1)?,
                opt_date(r, 2)?,
                opt_text(r, 3)?,
                opt_text(r, 4)?,
                opt_date(r, 5)?,
                opt_date(r, 6)?,
                text(r, 7)?,
                get::<i64>(r, 8)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, name, dob, lead, risk, next, plan, status, reviews_held) in rows {
        let status = CaseStatus::from_code(&status).unwrap_or(CaseStatus::Open);
        if !review_due(status, next, date) {
            continue;
        }
        let mut note = vec![if reviews_held == 0 && plan.is_some() {
            "intervention plan presented".to_string()
        } else {
            "review".to_string()
        }];
        if let (Some(n), Some(p)) = (next, previous) {
            if n <= p {
                note.push(format!("was due {}; not yet reviewed", fmt_date(n)));
            }
        }
        reviews.push(Entry {
            item: number_of(&panel.agenda, AgendaKind::Reviews).unwrap_or(0),
            case_id: id,
            name,
            date_of_birth: dob,
            age_on_meeting: dob.and_then(|d| age_on(d, date)),
            referring_agency: None,
            date_received: None,
            urgent: false,
            placement: "review",
            lead_agency: lead,
            risk,
            review_due: next,
            note: note.join("; "),
            slot: None,
            invite: false,
        });
    }

    // Approximate times (section 11 b: "an approximate time for a case to be heard").
    let start = meeting
        .start_time
        .as_deref()
        .or(panel.start_time())
        .and_then(|t| NaiveTime::parse_from_str(t.trim(), "%H:%M").ok())
        .unwrap_or_else(|| NaiveTime::from_hms_opt(10, 0, 0).expect("valid"));
    let mut clock = start;
    let hhmm = |t: NaiveTime| t.format("%H:%M").to_string();
    let mut items = vec![];
    let mut invitations = vec![];
    let mut item_slot = std::collections::HashMap::new();
    // The opening items share one slot; then each case item in the panel's order; the
    // items after the case items start when the cases are done.
    if let Some(first) = panel.agenda.first() {
        item_slot.insert(first.number, hhmm(start));
    }
    clock += Duration::minutes(i64::from(timing.opening));
    for item in panel.agenda.iter().filter(|i| i.kind.has_case_pages()) {
        let list = match item.kind {
            AgendaKind::NewReferralsUnder18 => &mut under,
            AgendaKind::NewReferralsOver18 => &mut over,
            _ => &mut reviews,
        };
        item_slot.insert(item.number, hhmm(clock));
        for e in list.iter_mut() {
            e.slot = Some(hhmm(clock));
            if e.invite {
                if let Some(a) = &e.referring_agency {
                    invitations.push(Invitation {
                        slot: hhmm(clock),
                        agency: a.clone(),
                        case_id: e.case_id,
                    });
                }
            }
            let mins = if item.kind == AgendaKind::Reviews || !e.invite {
                timing.review
            } else {
                timing.referral
            };
            clock += Duration::minutes(i64::from(mins));
        }
    }
    for item in panel.agenda.iter().filter(|i| i.after_formal_close) {
        item_slot.insert(item.number, hhmm(clock));
    }
    for i in &panel.agenda {
        items.push(ItemLine {
            number: i.number,
            title: i.title.clone(),
            after_formal_close: i.after_formal_close,
            slot: item_slot.get(&i.number).cloned(),
        });
    }

    Ok(DraftAgenda {
        panel,
        meeting,
        circulate_by,
        referral_cutoff,
        following_meeting: following,
        items,
        new_under_18: under,
        new_over_18: over,
        reviews,
        held_over: held,
        excluded,
        invitations,
        notes,
    })
}

fn dob_unknown(v: &[Entry]) -> bool {
    v.iter().any(|e| e.date_of_birth.is_none())
}

fn d(v: Option<NaiveDate>) -> String {
    v.map(fmt_date).unwrap_or_default()
}

fn s<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn new_table(v: &[Entry], with_time: bool) -> Table {
    let headers = [
        "Time",
        "Case",
        "Name",
        "Born",
        "Age",
        "Referred by",
        "Received",
        "Note",
    ];
    let mut t = Table::new(if with_time { &headers } else { &headers[1..] });
    for e in v {
        let mut row = vec![];
        if with_time {
            row.push(plain(s(&e.slot)));
        }
        row.extend([
            plain(e.case_id.to_string()),
            user(&e.name),
            plain(d(e.date_of_birth)),
            plain(s(&e.age_on_meeting)),
            user(s(&e.referring_agency)),
            plain(d(e.date_received)),
            user(&e.note),
        ]);
        t.push(row);
    }
    t
}

fn review_table(v: &[Entry]) -> Table {
    let mut t = Table::new(&[
        "Time",
        "Case",
        "Name",
        "Born",
        "Lead agency",
        "Risk",
        "Due",
        "Note",
    ]);
    for e in v {
        t.push(vec![
            plain(s(&e.slot)),
            plain(e.case_id.to_string()),
            user(&e.name),
            plain(d(e.date_of_birth)),
            user(s(&e.lead_agency)),
            user(s(&e.risk)),
            plain(d(e.review_due)),
            user(&e.note),
        ]);
    }
    t
}

fn indented(o: &mut String, t: &Table, empty: &str) {
    if t.is_empty() {
        let _ = writeln!(o, "   {empty}");
        return;
    }
    for l in t.plain().lines() {
        let _ = writeln!(o, "   {l}");
    }
}

pub fn render_plain(a: &DraftAgenda) -> String {
    let mut o = String::new();
    let marking = a.panel.marking();
    let _ = writeln!(o, "{marking}\n");
    let _ = writeln!(o, "{}: draft agenda", one_line(&a.panel.name));
    let venue = if a.meeting.venue.is_empty() {
        one_line(&a.panel.venue)
    } else {
        one_line(&a.meeting.venue)
    };
    let _ = writeln!(
        o,
        "Meeting {} at {}, {venue}",
        fmt_date(a.meeting.date),
        a.items
            .first()
            .and_then(|i| i.slot.clone())
            .unwrap_or_default()
    );
    let _ = writeln!(
        o,
        "Circulate by {} ({} working days before). Referral cut-off {} ({} working days before).",
        fmt_date(a.circulate_by),
        a.panel.circulation_days,
        fmt_date(a.referral_cutoff),
        a.panel.cutoff_days
    );
    for n in &a.notes {
        let _ = writeln!(o, "Note: {n}");
    }
    o.push('\n');
    for i in &a.items {
        if i.after_formal_close {
            let _ = writeln!(
                o,
                "   -- The meeting formally closes: only {} stay --",
                a.panel.after_close_words()
            );
        }
        let slot = i
            .slot
            .as_deref()
            .map(|s| format!("  (~{s})"))
            .unwrap_or_default();
        let _ = writeln!(o, "{}. {}{slot}", i.number, one_line(&i.title));
        match i.number {
            6 => indented(
                &mut o,
                &new_table(&a.new_under_18, true),
                "no new referrals",
            ),
            7 => indented(&mut o, &new_table(&a.new_over_18, true), "no new referrals"),
            8 => indented(&mut o, &review_table(&a.reviews), "no reviews due"),
            _ => {}
        }
    }
    let _ = writeln!(
        o,
        "\nHeld over to {}",
        a.following_meeting
            .map(|f| format!("the meeting on {}", fmt_date(f)))
            .unwrap_or_else(|| "the following meeting".into())
    );
    indented(&mut o, &new_table(&a.held_over, false), "none");
    if a.excluded > 0 {
        let _ = writeln!(
            o,
            "\nNot listed: {} referral{} excluded under section 10.1 (MAPPA level 2/3).",
            a.excluded,
            if a.excluded == 1 { "" } else { "s" }
        );
    }
    let _ = writeln!(o, "\nReferring agencies to invite (approximate times)");
    let mut t = Table::new(&["Time", "Agency", "Case"]);
    for i in &a.invitations {
        t.push(vec![
            plain(&i.slot),
            user(&i.agency),
            plain(i.case_id.to_string()),
        ]);
    }
    indented(&mut o, &t, "none");
    let _ = writeln!(o, "\n{marking}");
    o
}

pub fn csv_table(a: &DraftAgenda) -> Table {
    let mut t = Table::new(&[
        "section",
        "item",
        "slot",
        "case_id",
        "name",
        "date_of_birth",
        "age_on_meeting",
        "referring_agency",
        "date_received",
        "urgent",
        "placement",
        "lead_agency",
        "risk",
        "review_due",
        "note",
    ]);
    let sections: [(&str, &Vec<Entry>); 4] = [
        ("new_under_18", &a.new_under_18),
        ("new_over_18", &a.new_over_18),
        ("review", &a.reviews),
        ("held_over", &a.held_over),
    ];
    for (section, list) in sections {
        for e in list {
            t.push(vec![
                plain(section),
                plain(e.item.to_string()),
                plain(s(&e.slot)),
                plain(e.case_id.to_string()),
                user(&e.name),
                plain(d(e.date_of_birth)),
                plain(s(&e.age_on_meeting)),
                user(s(&e.referring_agency)),
                plain(d(e.date_received)),
                plain(e.urgent.to_string()),
                plain(e.placement),
                user(s(&e.lead_agency)),
                user(s(&e.risk)),
                plain(d(e.review_due)),
                user(&e.note),
            ]);
        }
    }
    t
}
