//! `roundtable report`: the section 12 monitoring return for the Partnership
//! Delivery Board over a date range.
//!
//! Referral figures cover referrals *received* in the range, with their outcome
//! as recorded now; attendance and onward referrals cover meetings *held* in the
//! range; closures cover cases *closed* in the range.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::format::{one_line, plain, user, Cell, Table};
use super::panel::load_panel;
use super::{fmt_date, get, opt_date, opt_text, text, LookupError, Result};
use crate::domain::age::{age_band, age_on};
use crate::domain::types::{CoreReason, CpFor, IssueRole, OnwardKind};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Count {
    pub key: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct MeetingAttendance {
    pub date: NaiveDate,
    pub attended: Vec<String>,
    pub apologies: Vec<String>,
    pub absent: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgencyAttendance {
    pub code: String,
    pub name: String,
    pub meetings: usize,
    pub attended: usize,
    pub apologies: usize,
    pub absent: usize,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Referrals {
    pub received: usize,
    pub accepted: usize,
    pub one_to_watch: usize,
    pub declined: usize,
    pub referred_elsewhere: usize,
    pub excluded_mappa: usize,
    pub awaiting_decision: usize,
    pub previously_known: usize,
    pub urgent: usize,
    pub linked_to_named_gang: usize,
    pub mappa_level_1: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Declined {
    pub case_id: i64,
    pub decided_on: Option<NaiveDate>,
    pub reasons: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RiskChange {
    pub start: String,
    pub end: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct RiskOutcome {
    pub closed_cases: usize,
    pub reduced: usize,
    pub unchanged: usize,
    pub increased: usize,
    pub not_recorded: usize,
    pub changes: Vec<RiskChange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MonitoringReturn {
    pub panel: String,
    pub protective_marking: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub meetings: Vec<MeetingAttendance>,
    pub attendance_by_agency: Vec<AgencyAttendance>,
    pub referrals: Referrals,
    pub declined: Vec<Declined>,
    pub by_core_reason: Vec<Count>,
    pub by_age_band: Vec<Count>,
    pub by_gender: Vec<Count>,
    pub by_ethnicity: Vec<Count>,
    pub by_ward: Vec<Count>,
    pub by_referring_agency: Vec<Count>,
    pub by_lead_agency: Vec<Count>,
    pub sexual_exploitation: Vec<Count>,
    pub radicalisation: Vec<Count>,
    pub risk_at_start_and_end: RiskOutcome,
    pub onward_referrals_made: Vec<Count>,
    pub child_protection_for: Vec<Count>,
    pub closures: usize,
    pub discharged_to_mappa: usize,
    pub mappa_level_2_3_noted: usize,
}

fn counts(m: BTreeMap<String, usize>) -> Vec<Count> {
    let mut v: Vec<Count> = m
        .into_iter()
        .map(|(key, count)| Count { key, count })
        .collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    v
}

fn bump(m: &mut BTreeMap<String, usize>, k: impl Into<String>) {
    let k = k.into();
    let k = if k.trim().is_empty() {
        "not recorded".to_string()
    } else {
        k
    };
    *m.entry(k).or_default() += 1;
}

const NOT_RECORDED: &str = "not recorded";

/// Age bands in age order (the other counts are by size).
fn by_band_order(m: BTreeMap<String, usize>) -> Vec<Count> {
    let order = |k: &str| {
        [0u32, 10, 14, 16, 18, 21, 25]
            .iter()
            .position(|a| age_band(*a) == k)
            .unwrap_or(usize::MAX)
    };
    let mut v: Vec<Count> = m
        .into_iter()
        .map(|(key, count)| Count { key, count })
        .collect();
    v.sort_by_key(|c| order(&c.key));
    v
}

pub fn monitoring_return(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<MonitoringReturn> {
    if from > to {
        return Err(LookupError::Invalid(format!(
            "--from {} is after --to {}",
            fmt_date(from),
            fmt_date(to)
        )));
    }
    let panel = load_panel(conn, None)?;
    let range = rusqlite::params![panel.id, fmt_date(from), fmt_date(to)];

    // Agency attendance per meeting held in the range.
    let meeting_dates: Vec<(i64, NaiveDate)> = conn
        .prepare_cached(
            "SELECT m.id, m.date FROM meeting m
             WHERE m.panel_id = ?1 AND m.date BETWEEN ?2 AND ?3
               AND EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = m.id)
             ORDER BY m.date",
        )?
        .query_map(range, |r| Ok((get(r, 0)?, opt_date(r, 1)?)))?
        .filter_map(|r| match r {
            Ok((id, Some(d))) => Some(Ok((id, d))),
            Ok(_) => None,
            Err(e) => Some(Err(e)),
        })
        .collect::<rusqlite::Result<_>>()?;
    let agencies: Vec<(i64, String, String)> = conn
        .prepare_cached(
            "SELECT ag.id, ag.code, ag.name FROM agency ag
             WHERE ag.panel_id = ?1 AND (
                EXISTS (SELECT 1 FROM member mb WHERE mb.agency_id = ag.id)
                OR EXISTS (SELECT 1 FROM attendance a JOIN meeting m ON m.id = a.meeting_id
                           WHERE a.agency_id = ag.id AND m.date BETWEEN ?2 AND ?3))
             ORDER BY ag.code",
        )?
        .query_map(range, |r| Ok((get(r, 0)?, text(r, 1)?, text(r, 2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut by_agency: Vec<AgencyAttendance> = agencies
        .iter()
        .map(|(_, code, name)| AgencyAttendance {
            code: code.clone(),
            name: name.clone(),
            meetings: meeting_dates.len(),
            attended: 0,
            apologies: 0,
            absent: 0,
        })
        .collect();
    let mut meetings = vec![];
    let mut st = conn.prepare_cached(
        "SELECT agency_id, status FROM attendance WHERE meeting_id = ?1 AND agency_id IS NOT NULL",
    )?;
    for (mid, date) in &meeting_dates {
        // Best mark per agency: in the room, else an apology (written or not).
        let mut best: BTreeMap<i64, u8> = BTreeMap::new();
        for row in st.query_map([mid], |r| Ok((get::<i64>(r, 0)?, text(r, 1)?)))? {
            let (agency, status) = row?;
            let rank = match status.as_str() {
                "present" | "deputy" => 2,
                "apology" | "written_submission" => 1,
                _ => 0,
            };
            let e = best.entry(agency).or_default();
            *e = (*e).max(rank);
        }
        let mut m = MeetingAttendance {
            date: *date,
            attended: vec![],
            apologies: vec![],
            absent: vec![],
        };
        for (i, (id, code, _)) in agencies.iter().enumerate() {
            match best.get(id).copied().unwrap_or(0) {
                2 => {
                    m.attended.push(code.clone());
                    by_agency[i].attended += 1;
                }
                1 => {
                    m.apologies.push(code.clone());
                    by_agency[i].apologies += 1;
                }
                _ => {
                    m.absent.push(code.clone());
                    by_agency[i].absent += 1;
                }
            }
        }
        meetings.push(m);
    }

    // Referrals received in the range, with the first decision on each.
    let mut refs = Referrals::default();
    let mut declined = vec![];
    let (mut reason, mut band, mut gender, mut ethnicity, mut ward, mut referring, mut lead) =
        Default::default();
    let (mut cse, mut radical): (BTreeMap<String, usize>, BTreeMap<String, usize>) =
        Default::default();
    let mut st = conn.prepare_cached(
        "SELECT r.id, s.date_of_birth, s.gender, s.ethnicity, r.date_received, r.ward,
            r.core_reason, r.cse_issue, r.radicalisation_issue, r.named_gang, r.mappa_level,
            r.previously_known, r.screening, r.urgent, rag.code, lag.code,
            d.decision, d.decision_reasons, m.date
         FROM referral r
         JOIN subject s ON s.id = r.subject_id
         JOIN agency rag ON rag.id = r.referring_agency_id
         LEFT JOIN agency lag ON lag.id = r.lead_agency_id
         LEFT JOIN case_discussion d ON d.id = (
            SELECT d2.id FROM case_discussion d2 JOIN meeting m2 ON m2.id = d2.meeting_id
            WHERE d2.referral_id = r.id
              AND d2.decision IN ('open', 'one_to_watch', 'decline', 'refer_elsewhere')
            ORDER BY m2.date, d2.id LIMIT 1)
         LEFT JOIN meeting m ON m.id = d.meeting_id
         WHERE s.panel_id = ?1 AND r.date_received BETWEEN ?2 AND ?3
         ORDER BY r.date_received, r.id",
    )?;
    let mut rows = st.query(range)?;
    while let Some(r) = rows.next()? {
        refs.received += 1;
        let id: i64 = get(r, 0)?;
        let dob = opt_date(r, 1)?;
        let received = opt_date(r, 4)?;
        let screening = text(r, 12)?;
        let decision = opt_text(r, 16)?;
        match decision.as_deref() {
            Some("open") => refs.accepted += 1,
            Some("one_to_watch") => refs.one_to_watch += 1,
            Some("decline") => {
                refs.declined += 1;
                declined.push(Declined {
                    case_id: id,
                    decided_on: opt_date(r, 18)?,
                    reasons: opt_text(r, 17)?.unwrap_or_else(|| "no reasons recorded".into()),
                });
            }
            Some(_) => refs.referred_elsewhere += 1,
            None if screening == "excluded" => refs.excluded_mappa += 1,
            None => refs.awaiting_decision += 1,
        }
        if get::<bool>(r, 11)? {
            refs.previously_known += 1;
        }
        if get::<bool>(r, 13)? {
            refs.urgent += 1;
        }
        if opt_text(r, 9)?.is_some() {
            refs.linked_to_named_gang += 1;
        }
        if get::<Option<i64>>(r, 10)? == Some(1) {
            refs.mappa_level_1 += 1;
        }
        let core = opt_text(r, 6)?
            .map(|c| {
                CoreReason::from_code(&c)
                    .map(|x| x.label().to_string())
                    .unwrap_or(c)
            })
            .unwrap_or_default();
        bump(&mut reason, core);
        let age = match (dob, received) {
            (Some(b), Some(on)) => age_on(b, on).map(age_band).unwrap_or(NOT_RECORDED),
            _ => NOT_RECORDED,
        };
        bump(&mut band, age);
        bump(&mut gender, text(r, 2)?);
        bump(&mut ethnicity, text(r, 3)?);
        bump(&mut ward, text(r, 5)?);
        bump(&mut referring, text(r, 14)?);
        if decision.as_deref() == Some("open") {
            bump(&mut lead, opt_text(r, 15)?.unwrap_or_default());
        }
        let issue = |c: String| {
            IssueRole::from_code(&c)
                .map(|x| x.label().to_string())
                .unwrap_or(c)
        };
        bump(&mut cse, issue(text(r, 7)?));
        bump(&mut radical, issue(text(r, 8)?));
    }

    // Risk at the start and end of cases closed in the range.
    let mut risk = RiskOutcome::default();
    let mut pairs: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut closures = 0;
    let mut discharged = 0;
    let mut st = conn.prepare_cached(
        "SELECT r.risk_start, r.risk_current, r.discharged_to_mappa
         FROM referral r JOIN subject s ON s.id = r.subject_id
         WHERE s.panel_id = ?1 AND r.status = 'closed' AND r.closed_on BETWEEN ?2 AND ?3",
    )?;
    let mut rows = st.query(range)?;
    while let Some(r) = rows.next()? {
        closures += 1;
        if get::<bool>(r, 2)? {
            discharged += 1;
        }
        let (start, end) = (opt_text(r, 0)?, opt_text(r, 1)?);
        risk.closed_cases += 1;
        match (&start, &end) {
            (Some(a), Some(b)) => {
                match panel.risk.change(a, b) {
                    Some(c) if c < 0 => risk.reduced += 1,
                    Some(0) => risk.unchanged += 1,
                    Some(_) => risk.increased += 1,
                    None => risk.not_recorded += 1,
                }
                *pairs.entry((a.clone(), b.clone())).or_default() += 1;
            }
            _ => risk.not_recorded += 1,
        }
    }
    let rank = |s: &str| panel.risk.rank(s).unwrap_or(usize::MAX);
    let mut changes: Vec<RiskChange> = pairs
        .into_iter()
        .map(|((start, end), count)| RiskChange { start, end, count })
        .collect();
    changes.sort_by_key(|c| (rank(&c.start), rank(&c.end)));
    risk.changes = changes;

    // Onward referrals made at meetings in the range.
    let mut onward: BTreeMap<String, usize> = BTreeMap::new();
    let mut cp: BTreeMap<String, usize> = BTreeMap::new();
    let mut st = conn.prepare_cached(
        "SELECT o.kind, o.cp_for FROM onward_referral o
         JOIN case_discussion d ON d.id = o.discussion_id
         JOIN meeting m ON m.id = d.meeting_id
         WHERE m.panel_id = ?1 AND m.date BETWEEN ?2 AND ?3 AND o.state = 'made'",
    )?;
    let mut rows = st.query(range)?;
    while let Some(r) = rows.next()? {
        let kind = text(r, 0)?;
        if kind == "child_protection" {
            let who = opt_text(r, 1)?
                .map(|c| {
                    CpFor::from_code(&c)
                        .map(|x| x.label().to_string())
                        .unwrap_or(c)
                })
                .unwrap_or_default();
            bump(&mut cp, who);
        }
        bump(
            &mut onward,
            OnwardKind::from_code(&kind)
                .map(|k| k.label().to_string())
                .unwrap_or(kind),
        );
    }
    for k in OnwardKind::ALL {
        onward.entry(k.label().to_string()).or_default();
    }

    let mappa_noted: i64 = conn
        .prepare_cached(
            "SELECT COUNT(*) FROM mappa_note n JOIN meeting m ON m.id = n.meeting_id
             WHERE m.panel_id = ?1 AND m.date BETWEEN ?2 AND ?3",
        )?
        .query_row(range, |r| r.get(0))?;

    let marking = panel.marking().to_string();
    Ok(MonitoringReturn {
        panel: panel.name,
        protective_marking: marking,
        from,
        to,
        meetings,
        attendance_by_agency: by_agency,
        referrals: refs,
        declined,
        by_core_reason: counts(reason),
        by_age_band: by_band_order(band),
        by_gender: counts(gender),
        by_ethnicity: counts(ethnicity),
        by_ward: counts(ward),
        by_referring_agency: counts(referring),
        by_lead_agency: counts(lead),
        sexual_exploitation: counts(cse),
        radicalisation: counts(radical),
        risk_at_start_and_end: risk,
        onward_referrals_made: counts(onward),
        child_protection_for: counts(cp),
        closures,
        discharged_to_mappa: discharged,
        mappa_level_2_3_noted: mappa_noted as usize,
    })
}

fn count_sections(r: &MonitoringReturn) -> Vec<(&'static str, &'static str, &Vec<Count>)> {
    vec![
        ("by_core_reason", "Core referral reason", &r.by_core_reason),
        (
            "by_age_band",
            "Age band (on the date received)",
            &r.by_age_band,
        ),
        ("by_gender", "Gender", &r.by_gender),
        ("by_ethnicity", "Ethnicity", &r.by_ethnicity),
        ("by_ward", "Ward", &r.by_ward),
        (
            "by_referring_agency",
            "Referring agency",
            &r.by_referring_agency,
        ),
        (
            "by_lead_agency",
            "Lead agency (accepted referrals)",
            &r.by_lead_agency,
        ),
        (
            "sexual_exploitation",
            "Sexual exploitation issues",
            &r.sexual_exploitation,
        ),
        ("radicalisation", "Radicalisation issues", &r.radicalisation),
        (
            "onward_referrals_made",
            "Onward referrals made",
            &r.onward_referrals_made,
        ),
        (
            "child_protection_for",
            "Child protection referrals made, for",
            &r.child_protection_for,
        ),
    ]
}

fn referral_figures(r: &Referrals) -> Vec<(&'static str, &'static str, usize)> {
    vec![
        ("received", "Received", r.received),
        ("accepted", "Accepted (opened to the panel)", r.accepted),
        ("one_to_watch", "One to watch", r.one_to_watch),
        ("declined", "Declined", r.declined),
        (
            "referred_elsewhere",
            "Referred elsewhere",
            r.referred_elsewhere,
        ),
        (
            "excluded_mappa",
            "Excluded: MAPPA level 2/3 (section 10.1)",
            r.excluded_mappa,
        ),
        (
            "awaiting_decision",
            "Awaiting a decision",
            r.awaiting_decision,
        ),
        (
            "previously_known",
            "Previously known to the panel",
            r.previously_known,
        ),
        ("urgent", "Marked urgent", r.urgent),
        (
            "linked_to_named_gang",
            "Linked to a named gang",
            r.linked_to_named_gang,
        ),
        ("mappa_level_1", "Managed at MAPPA level 1", r.mappa_level_1),
    ]
}

fn push_table(o: &mut String, t: &Table) {
    for l in t.plain().lines() {
        let _ = writeln!(o, "  {l}");
    }
}

pub fn render_plain(r: &MonitoringReturn) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{}\n", r.protective_marking);
    let _ = writeln!(
        o,
        "{}: monitoring return (section 12), {} to {}",
        one_line(&r.panel),
        fmt_date(r.from),
        fmt_date(r.to)
    );

    let _ = writeln!(o, "\nAgency attendance ({} meetings)", r.meetings.len());
    if r.meetings.is_empty() {
        let _ = writeln!(o, "  no meetings held in this period");
    } else {
        let mut t = Table::new(&["Agency", "Attended", "Apologies", "Absent", "Attended %"]);
        for a in &r.attendance_by_agency {
            let pct = (a.attended * 100 + a.meetings / 2)
                .checked_div(a.meetings)
                .unwrap_or(0);
            t.push(vec![
                user(format!("{} {}", a.code, a.name)),
                plain(a.attended.to_string()),
                plain(a.apologies.to_string()),
                plain(a.absent.to_string()),
                plain(format!("{pct}%")),
            ]);
        }
        push_table(&mut o, &t);
        let mut t = Table::new(&["Meeting", "Agencies attending", "Apologies from"]);
        for m in &r.meetings {
            t.push(vec![
                plain(fmt_date(m.date)),
                plain(m.attended.len().to_string()),
                user(m.apologies.join(" ")),
            ]);
        }
        o.push('\n');
        push_table(&mut o, &t);
    }

    let _ = writeln!(o, "\nReferrals received");
    let mut t = Table::new(&["", "Number"]);
    for (_, label, n) in referral_figures(&r.referrals) {
        t.push(vec![plain(label), plain(n.to_string())]);
    }
    push_table(&mut o, &t);

    let _ = writeln!(o, "\nReferrals declined, with reasons");
    if r.declined.is_empty() {
        let _ = writeln!(o, "  none");
    } else {
        let mut t = Table::new(&["Case", "Decided", "Reasons"]);
        for d in &r.declined {
            t.push(vec![
                plain(d.case_id.to_string()),
                plain(d.decided_on.map(fmt_date).unwrap_or_default()),
                user(&d.reasons),
            ]);
        }
        push_table(&mut o, &t);
    }

    for (_, title, list) in count_sections(r) {
        let _ = writeln!(o, "\n{title}");
        if list.is_empty() {
            let _ = writeln!(o, "  none");
            continue;
        }
        let mut t = Table::new(&["", "Number"]);
        for c in list {
            t.push(vec![user(&c.key), plain(c.count.to_string())]);
        }
        push_table(&mut o, &t);
    }

    let k = &r.risk_at_start_and_end;
    let _ = writeln!(
        o,
        "\nRisk level at start and end of the {} cases closed in the period",
        k.closed_cases
    );
    let _ = writeln!(
        o,
        "  reduced {}, unchanged {}, increased {}, not recorded {}",
        k.reduced, k.unchanged, k.increased, k.not_recorded
    );
    if !k.changes.is_empty() {
        let mut t = Table::new(&["Start", "End", "Number"]);
        for c in &k.changes {
            t.push(vec![
                user(&c.start),
                user(&c.end),
                plain(c.count.to_string()),
            ]);
        }
        push_table(&mut o, &t);
    }

    let _ = writeln!(o, "\nClosures and discharges");
    let _ = writeln!(o, "  Cases closed to the panel: {}", r.closures);
    let _ = writeln!(
        o,
        "  Discharged as they entered the MAPPA process: {}",
        r.discharged_to_mappa
    );
    let _ = writeln!(
        o,
        "  MAPPA level 2/3 cases noted after the formal close: {}",
        r.mappa_level_2_3_noted
    );
    let _ = writeln!(o, "\n{}", r.protective_marking);
    o
}

/// The return as one long table: section, group, key, value.
pub fn csv_table(r: &MonitoringReturn) -> Table {
    let mut t = Table::new(&["section", "group", "key", "value"]);
    let mut add = |s: &str, g: Cell, k: Cell, v: Cell| t.push(vec![plain(s), g, k, v]);
    let n = |v: usize| plain(v.to_string());
    add("period", plain(""), plain("from"), plain(fmt_date(r.from)));
    add("period", plain(""), plain("to"), plain(fmt_date(r.to)));
    for a in &r.attendance_by_agency {
        for (k, v) in [
            ("meetings", a.meetings),
            ("attended", a.attended),
            ("apologies", a.apologies),
            ("absent", a.absent),
        ] {
            add("attendance_by_agency", user(&a.code), plain(k), n(v));
        }
    }
    for m in &r.meetings {
        for (k, v) in [
            ("attended", &m.attended),
            ("apologies", &m.apologies),
            ("absent", &m.absent),
        ] {
            add(
                "attendance_by_meeting",
                plain(fmt_date(m.date)),
                plain(k),
                user(v.join(" ")),
            );
        }
    }
    for (k, _, v) in referral_figures(&r.referrals) {
        add("referrals", plain(""), plain(k), n(v));
    }
    for d in &r.declined {
        add(
            "declined",
            plain(d.case_id.to_string()),
            plain(d.decided_on.map(fmt_date).unwrap_or_default()),
            user(one_line(&d.reasons)),
        );
    }
    for (section, _, list) in count_sections(r) {
        for c in list {
            add(section, plain(""), user(&c.key), n(c.count));
        }
    }
    let k = &r.risk_at_start_and_end;
    for (key, v) in [
        ("closed_cases", k.closed_cases),
        ("reduced", k.reduced),
        ("unchanged", k.unchanged),
        ("increased", k.increased),
        ("not_recorded", k.not_recorded),
    ] {
        add("risk_outcome", plain(""), plain(key), n(v));
    }
    for c in &k.changes {
        add("risk_start_end", user(&c.start), user(&c.end), n(c.count));
    }
    add("closures", plain(""), plain("closed"), n(r.closures));
    add(
        "closures",
        plain(""),
        plain("discharged_to_mappa"),
        n(r.discharged_to_mappa),
    );
    add(
        "mappa",
        plain(""),
        plain("level_2_3_noted"),
        n(r.mappa_level_2_3_noted),
    );
    t
}
