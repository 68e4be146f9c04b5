//! Which cases a meeting's agenda lists, where, and at about what time.

use chrono::{Duration, NaiveDate, NaiveTime};
use rusqlite::Connection;

use super::{Entry, Invitation, ItemLine, Timing};
use crate::domain::age::age_on;
use crate::domain::agenda::{AgendaItemDef, AgendaKind};
use crate::domain::calendar::{Placement, WorkingCalendar};
use crate::domain::case_items::route_case_or_first;
use crate::domain::paperwork::Rule;
use crate::domain::rules::review_due;
use crate::domain::types::Screening;
use crate::lookup::panel::{PanelInfo, PrintedMeeting};
use crate::lookup::{cleaned, fmt_date, nonblank, opt_text, Result};
use crate::store::rows::referral;

/// What listing a case on a meeting's agenda depends on: the meeting, its panel,
/// the meeting before it and those after.
pub(super) struct Listing<'a> {
    pub meeting: &'a PrintedMeeting,
    pub panel: &'a PanelInfo,
    pub previous: Option<NaiveDate>,
    pub later: &'a [NaiveDate],
}

/// New referrals for a meeting: in time (or late and urgent) under and over 18,
/// held over to a later meeting, and how many are excluded (MAPPA level 2/3).
#[derive(Default)]
pub(super) struct NewReferrals {
    pub under: Vec<Entry>,
    pub over: Vec<Entry>,
    pub held: Vec<Entry>,
    pub excluded: usize,
}

/// The date of the last closed meeting before `?2` at which case `r` was on the
/// agenda and not finished ("not reached"), as SQL over `r`: from the index of each
/// case's discussions, not their rows (issue 24).
const NOT_REACHED: &str = "(SELECT m3.date
      FROM case_discussion d3 INDEXED BY discussion_referral_outcome
      JOIN meeting m3 ON m3.id = d3.meeting_id
      WHERE d3.referral_id = r.id AND d3.completed_at IS NULL AND m3.state = 'closed' AND m3.date < ?2
      ORDER BY m3.date DESC LIMIT 1)";

/// The new referrals not yet heard at another meeting, placed by the cut-off rule.
pub(super) fn new_referrals(conn: &Connection, at: &Listing<'_>) -> Result<NewReferrals> {
    let date = at.meeting.date;
    let sql = new_referrals_sql();
    let rows: Vec<(referral::Referral, Option<String>, Option<NaiveDate>)> = conn
        .prepare_cached(&sql)?
        .query_map(rusqlite::params![at.meeting.panel, fmt_date(date)], |r| {
            Ok((
                referral::from_row(r)?,
                opt_text(r, "referring_agency_code")?,
                crate::store::rows::opt_date(r, "not_reached_on")?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = NewReferrals::default();
    for (f, referrer, not_reached) in rows {
        if f.screening == Screening::Excluded {
            out.excluded += 1;
            continue;
        }
        // Issue 21: a repeat referral is marked with the date last heard.
        let repeat = crate::lookup::case::people::agenda_note(&crate::store::intake::marks_of(
            conn, f.id.0,
        )?);
        // The item that hears it, by the one routing rule (issue 21, E2).
        let facts = crate::store::intake::facts_of(conn, &f, at.meeting.date, false)?;
        let routed = route_case_or_first(&at.panel.agenda, &facts);
        place_new(at, f, routed, referrer, not_reached, repeat, &mut out);
    }
    // Excluded at screening and recorded against this meeting (status 'excluded').
    let excluded_here: i64 = conn
        .prepare_cached(
            "SELECT COUNT(*) AS n FROM referral
             WHERE meeting_id = ?1 AND status = 'excluded' AND screening = 'excluded'",
        )?
        .query_row([at.meeting.id], |r| r.get("n"))?;
    out.excluded += excluded_here as usize;
    Ok(out)
}

/// The new referrals for a meeting (`?1` the panel, `?2` its date), each with its
/// referring agency and the last meeting that did not reach it.
fn new_referrals_sql() -> String {
    format!(
        "SELECT {}, ag.code AS referring_agency_code, {NOT_REACHED} AS not_reached_on
         FROM {} JOIN agency ag ON ag.id = r.referring_agency_id
         WHERE s.panel_id = ?1 AND r.status IN ('received', 'on_agenda') AND r.date_received <= ?2
           -- not heard, or being heard, at another meeting (unfinished ones from a
           -- closed meeting come back)
           AND NOT EXISTS (
               SELECT 1 FROM case_discussion d INDEXED BY discussion_referral_outcome
               JOIN meeting m2 ON m2.id = d.meeting_id
               WHERE d.referral_id = r.id AND m2.date <> ?2
                 AND (d.completed_at IS NOT NULL OR m2.state <> 'closed'))
         ORDER BY r.date_received, r.id",
        referral::COLUMNS,
        referral::FROM
    )
}

/// Put one new referral `f` where the cut-off rule puts it: in time or late and
/// urgent under its item (`routed`), held over, or (received after the meeting)
/// nowhere.
fn place_new(
    at: &Listing<'_>,
    f: referral::Referral,
    routed: Option<&AgendaItemDef>,
    referrer: Option<String>,
    not_reached: Option<NaiveDate>,
    repeat: Option<String>,
    out: &mut NewReferrals,
) {
    let cal = WorkingCalendar::england_and_wales();
    let (date, cutoff_days) = (at.meeting.date, at.panel.cutoff_days);
    let (received, urgent) = (f.date_received, f.urgent);
    let mut note: Vec<String> = repeat.into_iter().collect();
    let mut invite = true;
    match f.screening {
        Screening::NoIntelligence => {
            note.push(format!(
                "one to watch: no supporting intelligence{}",
                at.panel.paperwork.cite.paren(Rule::Screening)
            ));
            invite = false;
        }
        Screening::Pending if at.panel.paperwork.screening.required => {
            note.push("screening pending".to_string())
        }
        _ => {}
    }
    if let Some(p) = not_reached {
        note.push(format!("not reached at the meeting on {}", fmt_date(p)));
    } else if let Some(p) = cal.held_over_from(received, urgent, at.previous, cutoff_days) {
        note.push(format!("held over from {}", fmt_date(p)));
    }
    let dob = f.date_of_birth;
    if f.stated_age.is_some() {
        note.push("date of birth not known: age approximate, as stated".to_string());
    }
    let age = dob.and_then(|d| age_on(d, date));
    let kind = routed.map_or(AgendaKind::NewReferrals, |i| i.kind);
    let mut e = Entry {
        item: routed.map_or(0, |i| i.number),
        case_id: f.id.0,
        name: cleaned(&f.name),
        date_of_birth: f.known_date_of_birth(),
        age_on_meeting: age,
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
    match cal.placement(received, urgent, date, cutoff_days) {
        Placement::InTime => {}
        Placement::LateUrgent => {
            e.placement = "late_urgent";
            note.insert(0, "received after the cut-off; urgent".into());
        }
        Placement::HeldOver => {
            e.placement = "held_over";
            note.insert(
                0,
                match cal.target_meeting(received, urgent, at.later, cutoff_days) {
                    Some(to) => format!(
                        "received after the cut-off: to the meeting on {}",
                        fmt_date(to)
                    ),
                    None => "received after the cut-off: to the following meeting".into(),
                },
            );
            e.note = note.join("; ");
            out.held.push(e);
            return;
        }
        Placement::AfterMeeting => return,
    }
    e.note = note.join("; ");
    if kind == AgendaKind::NewReferralsOver18 {
        out.over.push(e);
    } else {
        out.under.push(e);
    }
}

/// The note beside a case due for review at the meeting on `meeting`: the panel's
/// `[[deadline]]` with `for = "review"` ("Appendix B by 2026-11-25 (section 7.6)" for
/// MAGPan, whose section 7.6 wants it "two weeks prior to the allocated meeting
/// date"); `None` when the panel sets no such deadline.
pub(super) fn appendix_b_due(panel: &PanelInfo, meeting: NaiveDate) -> Option<String> {
    let cal = WorkingCalendar::england_and_wales();
    let d = panel.paperwork.deadlines.review()?;
    Some(d.for_meeting(meeting, &cal).line())
}

/// Open cases whose review is due by the meeting (section 7.6), by review date.
pub(super) fn reviews_due(conn: &Connection, at: &Listing<'_>) -> Result<Vec<Entry>> {
    let date = at.meeting.date;
    let sql = reviews_sql();
    type Row = (referral::Referral, Option<String>, i64, Option<NaiveDate>);
    let rows: Vec<Row> = conn
        .prepare_cached(&sql)?
        .query_map(rusqlite::params![at.meeting.panel, fmt_date(date)], |r| {
            Ok((
                referral::from_row(r)?,
                opt_text(r, "lead_agency_code")?,
                r.get("reviews_held")?,
                crate::store::rows::opt_date(r, "not_reached_on")?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut reviews = vec![];
    for (f, lead, reviews_held, not_reached) in rows {
        let next = f.next_review_on;
        if !review_due(f.status, next, date) {
            continue;
        }
        let mut note = vec![if reviews_held == 0 && f.plan_due_on.is_some() {
            "intervention plan presented".to_string()
        } else {
            "review".to_string()
        }];
        // The lead agency's update (MAGPan: Appendix B, section 7.6) is due by the
        // panel's review deadline.
        note.extend(appendix_b_due(at.panel, date));
        if let Some(p) = not_reached {
            note.push(format!("not reached at the meeting on {}", fmt_date(p)));
        } else if let (Some(n), Some(p)) = (next, at.previous) {
            if n <= p {
                note.push(format!("was due {}; not yet reviewed", fmt_date(n)));
            }
        }
        if f.early_review_requested_on.is_some() {
            note.push(format!(
                "brought forward at the lead agency's request{}: {}",
                at.panel.paperwork.cite.paren(Rule::BroughtForward),
                cleaned(&f.early_review_reason)
            ));
        }
        // Routed as the case stands now (a MAPPA level changed goes to its new item).
        let facts = crate::store::intake::facts_of(conn, &f, date, true)?;
        let item = route_case_or_first(&at.panel.agenda, &facts).map_or(0, |i| i.number);
        reviews.push(Entry {
            item,
            case_id: f.id.0,
            name: cleaned(&f.name),
            date_of_birth: f.known_date_of_birth(),
            age_on_meeting: f.date_of_birth.and_then(|d| age_on(d, date)),
            referring_agency: None,
            date_received: None,
            urgent: false,
            placement: "review",
            lead_agency: lead,
            risk: f.risk_current.as_deref().and_then(nonblank),
            review_due: next,
            note: note.join("; "),
            slot: None,
            invite: false,
        });
    }
    Ok(reviews)
}

/// The open cases due for review by a meeting (`?1` the panel, `?2` its date), each
/// with its lead agency, how many reviews it has had and the last meeting that did
/// not reach it.
fn reviews_sql() -> String {
    format!(
        "SELECT {}, lag.code AS lead_agency_code,
            (SELECT COUNT(*) FROM case_discussion d INDEXED BY discussion_referral_outcome
              WHERE d.referral_id = r.id AND d.item_kind = 'reviews') AS reviews_held,
            {NOT_REACHED} AS not_reached_on
         FROM {} LEFT JOIN agency lag ON lag.id = r.lead_agency_id
         WHERE s.panel_id = ?1 AND r.status = 'open' AND r.next_review_on <= ?2
         ORDER BY r.next_review_on, r.id",
        referral::COLUMNS,
        referral::FROM
    )
}

/// Approximate times (section 11 b: "an approximate time for a case to be heard"):
/// each case's slot, each item's start, and the referring agencies to invite.
pub(super) fn slots(
    at: &Listing<'_>,
    timing: Timing,
    under: &mut [Entry],
    over: &mut [Entry],
    reviews: &mut [Entry],
) -> (Vec<ItemLine>, Vec<Invitation>) {
    let panel = at.panel;
    let start = at
        .meeting
        .start_time
        .as_deref()
        .or(panel.start_time())
        .and_then(|t| NaiveTime::parse_from_str(t.trim(), "%H:%M").ok())
        .unwrap_or_else(|| NaiveTime::from_hms_opt(10, 0, 0).expect("valid"));
    let mut clock = start;
    let hhmm = |t: NaiveTime| t.format("%H:%M").to_string();
    let mut invitations = vec![];
    let mut item_slot = std::collections::HashMap::new();
    // The opening items share one slot; then each case item in the panel's order; the
    // items after the case items start when the cases are done.
    if let Some(first) = panel.agenda.first() {
        item_slot.insert(first.number, hhmm(start));
    }
    clock += Duration::minutes(i64::from(timing.opening));
    for item in panel.agenda.iter().filter(|i| i.kind.has_case_pages()) {
        // A `cases` item hears new referrals (listed under 18 for JSON) and reviews,
        // new ones first.
        let list: Vec<&mut Entry> = match item.kind {
            AgendaKind::NewReferralsOver18 => over.iter_mut().collect(),
            AgendaKind::Reviews => reviews.iter_mut().collect(),
            AgendaKind::Cases => under.iter_mut().chain(reviews.iter_mut()).collect(),
            _ => under.iter_mut().collect(),
        };
        item_slot.insert(item.number, hhmm(clock));
        for e in list.into_iter().filter(|e| e.item == item.number) {
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
            let mins = if e.placement == "review" || !e.invite {
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
    let items = panel
        .agenda
        .iter()
        .map(|i| ItemLine {
            number: i.number,
            kind: i.kind,
            title: i.title.clone(),
            after_formal_close: i.after_formal_close,
            slot: item_slot.get(&i.number).cloned(),
        })
        .collect();
    (items, invitations)
}

/// Issue 24: each case's discussions are read from their index (decision, item,
/// completion and meeting by case), never their rows with the minutes' text (on an
/// encrypted database each page read is checked and decrypted).
#[cfg(test)]
mod plan {

    fn plan(sql: &str) -> String {
        crate::lookup::between::drift::plan::plan(sql, (1, "2026-11-25"))
    }

    /// Every step on `case_discussion` is a search of the covering index by case.
    fn discussions_by_index(plan: &str, aliases: &[&str]) {
        for a in aliases {
            let wanted = format!(
                "SEARCH {a} USING COVERING INDEX discussion_referral_outcome (referral_id=?)"
            );
            assert!(plan.contains(&wanted), "expected {wanted} in:\n{plan}");
        }
        for step in plan.lines().map(str::trim) {
            let on_discussion = aliases.iter().any(|a| {
                step.starts_with(&format!("SEARCH {a} ")) || step.starts_with(&format!("SCAN {a} "))
            });
            assert!(
                !on_discussion || step.contains("COVERING INDEX discussion_referral_outcome"),
                "a discussion read by row: {step}\n{plan}"
            );
        }
    }

    #[test]
    fn the_reviews_due_count_reviews_and_find_not_reached_in_the_discussions_index() {
        discussions_by_index(&plan(&super::reviews_sql()), &["d", "d3"]);
    }

    #[test]
    fn the_new_referrals_look_for_other_hearings_in_the_discussions_index() {
        discussions_by_index(&plan(&super::new_referrals_sql()), &["d", "d3"]);
    }
}
