//! `roundtable minutes`: the restricted minutes of one meeting, a general page
//! plus one file per case (named by case id, never by name) and the MAPPA item
//! in its own file, each in Markdown and standalone HTML.
//!
//! Here the minutes are read (through the shared row mappers); `pages` lays them
//! out and `files` writes them.

mod approve;
pub mod bundle;
mod case_page;
mod decision_sheet;
mod distribution;
mod files;
pub mod guests;
pub mod meeting_type;
mod pages;
mod quorum;
pub use approve::approve;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::actions::{self, PrintedAction};
use super::case::{onward, CaseOnward};
use super::panel::{load_panel, resolve_meeting, PanelInfo, PrintedMeeting};
use super::{cleaned, fmt_date, fmt_time, nonblank, opt_text, text, LookupError, Result};
use crate::domain::age::age_on;
use crate::domain::agenda::{is_brief, AgendaKind};
use crate::domain::meeting_ref::MeetingRef;
use crate::domain::types::MeetingState;
use crate::store::rows::{
    attendance, case_discussion, intelligence, intervention, mappa_note, referral,
};
use crate::store::MeetingId;
pub use case_page::case_page;
pub use decision_sheet::{by_agency, sheet_page, sheet_table, write_sheet};
pub use distribution::Distribution;
pub use files::{write, write_private, write_private_bytes, Formats, Written};
pub use pages::{general_page, mappa_page};

/// A person marked at the meeting, as minuted: role and status as codes, the
/// signature and leaving times as stored (`YYYY-MM-DD HH:MM:SS`).
#[derive(Debug, Clone, Serialize)]
pub struct MinutedAttendee {
    pub name: String,
    pub post_title: Option<String>,
    pub agency: Option<String>,
    pub role: Option<String>,
    pub status: String,
    pub deputy_for: Option<String>,
    pub signed_at: Option<String>,
    pub left_at: Option<String>,
    pub note: Option<String>,
    /// What a written submission said (section 5.5).
    pub submission: Option<String>,
    /// Marked senior at this meeting (issue 21, C7).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub senior: bool,
}

/// Intelligence shared at the meeting, by agency name.
#[derive(Debug, Clone, Serialize)]
pub struct MinutedIntelligence {
    pub agency: String,
    pub police: bool,
    pub body: String,
}

/// One intervention plan row as minuted, agency by code (empty for none).
#[derive(Debug, Clone, Serialize)]
pub struct MinutedIntervention {
    pub core_issue: String,
    pub intervention: String,
    pub level_of_contact: String,
    pub agency: String,
    pub progress: String,
}

/// One case's minute: its particulars, decision (a code, `provisional:` while the
/// case page is not done), risk, lead agency (`CODE (Name)`), actions and plan.
#[derive(Debug, Clone, Serialize)]
pub struct CaseMinute {
    pub case_id: i64,
    pub agenda_item: i64,
    /// The kind of item it was heard under (`reviews`, `new_referrals_under_18`, ...).
    pub item_kind: AgendaKind,
    pub item_title: String,
    pub name: String,
    /// What the case is about (issue 22), with a group's or location's area and the
    /// postcode district; left out for a person.
    #[serde(skip_serializing_if = "crate::domain::subject_kind::is_person")]
    pub subject_kind: crate::domain::subject_kind::SubjectKind,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub area: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub postcode: String,
    pub date_of_birth: Option<NaiveDate>,
    pub age_on_meeting: Option<u32>,
    pub address: Option<String>,
    pub referring_agency: String,
    pub date_received: Option<NaiveDate>,
    pub urgent: bool,
    pub decision: Option<String>,
    /// Heard at an item of brief updates (`decision = "none"`): no decision taken.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub brief_update: bool,
    pub decision_reasons: Option<String>,
    /// With two co-chairs present, the one who agreed the decision: "post (AGENCY)"
    /// (issue 22, MAVE MV5); `None` with one chair.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agreed_by: Option<String>,
    /// The closure or removal reason chosen from the panel's list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closure_reason: Option<String>,
    /// The key worker or case manager named: "name (AGENCY)".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_worker: Option<String>,
    pub risk_before: Option<String>,
    pub risk_after: Option<String>,
    pub lead_agency: Option<String>,
    /// The lead agency before this meeting, when this review changed it (section 7.8).
    pub lead_changed_from: Option<String>,
    pub next_date: Option<NaiveDate>,
    pub lead_update: Option<String>,
    pub minutes: Option<String>,
    pub onward_referrals: Vec<CaseOnward>,
    pub interventions: Vec<MinutedIntervention>,
    pub actions_agreed: Vec<PrintedAction>,
    pub actions_reviewed: Vec<PrintedAction>,
    /// Anonymous or a repeat (issue 21).
    #[serde(skip_serializing_if = "crate::store::intake::CaseMarks::is_empty")]
    pub marks: crate::store::intake::CaseMarks,
    /// The people of the case other than its subject (issue 21).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<crate::store::intake::StoredPerson>,
    /// The chair's checklist, risk ratings, sharing decisions and escalations (issue 21).
    #[serde(skip_serializing_if = "crate::store::case_record::CaseRecord::is_empty")]
    pub record: crate::store::case_record::CaseRecord,
    /// Guests invited for this case only (issue 21).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub guests: Vec<guests::MinutedGuest>,
    /// Changes of MAPPA level decided at this case, one line each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub level_changes: Vec<String>,
}

/// A MAPPA case noted after the formal close: category 1-3, level 2 or 3.
#[derive(Debug, Clone, Serialize)]
pub struct MappaItem {
    pub name: String,
    pub category: i64,
    pub level: i64,
    pub note: Option<String>,
    /// Section 12's MAPPA data set as recorded, in one line ("born …; gender; …").
    pub data_set: Option<String>,
}

/// Everything minuted at one meeting (serialised for `--json`).
#[derive(Debug, Clone, Serialize)]
pub struct Minutes {
    pub panel: PanelInfo,
    pub meeting: PrintedMeeting,
    pub attendance: Vec<MinutedAttendee>,
    pub gate_override_reason: Option<String>,
    /// "The meeting was quorate." or the chair's override; `None` when the panel sets
    /// no quorum.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quorum: Option<String>,
    /// The panel's required agencies nobody attended for, by code.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub required_absent: Vec<String>,
    /// The meeting's `[[meeting_type]]`, for a panel that defines types.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting_type: Option<meeting_type::MinutedType>,
    /// Who chaired it, as recorded for this meeting.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chaired_by: Option<String>,
    pub intelligence: Vec<MinutedIntelligence>,
    pub cases: Vec<CaseMinute>,
    pub mappa: Vec<MappaItem>,
    /// When the minutes were approved, and at which meeting (the next one); `None`
    /// while they are a draft.
    pub approved: Option<Approval>,
    /// Changes to the record after approval (issue 28): printed beside APPROVED.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amended: Option<crate::lookup::amendment::Amendment>,
    /// Sent to members with a chair's agreement (issue 21, G4).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distribution: Option<Distribution>,
}

/// Minutes approved: on which day, at the meeting on which date.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Approval {
    pub on: NaiveDate,
    pub at_meeting: Option<NaiveDate>,
}

impl Minutes {
    /// `DRAFT`, or `APPROVED at the meeting on ...`: printed on every page.
    pub fn status(&self) -> String {
        match &self.amended {
            Some(a) => format!("{}; {}", self.approval(), a.line()),
            None => self.approval(),
        }
    }

    /// `DRAFT`, or `APPROVED at the meeting on ...`.
    fn approval(&self) -> String {
        match &self.approved {
            None => "DRAFT: not yet approved".into(),
            Some(Approval {
                at_meeting: Some(d),
                ..
            }) => format!("APPROVED at the meeting on {}", fmt_date(*d)),
            Some(a) => format!("APPROVED on {}", fmt_date(a.on)),
        }
    }
}

/// The approval of the minutes of meeting `m`, if recorded.
fn approval_of(conn: &Connection, m: MeetingId) -> Result<Option<Approval>> {
    let row = conn
        .prepare_cached(
            "SELECT m.minutes_approved_on AS approved_on, am.date AS at_meeting
             FROM meeting m LEFT JOIN meeting am ON am.id = m.minutes_approved_at_meeting_id
             WHERE m.id = ?1",
        )?
        .query_row([m], |r| {
            Ok((
                super::opt_date(r, "approved_on")?,
                super::opt_date(r, "at_meeting")?,
            ))
        })?;
    Ok(row.0.map(|on| Approval {
        on,
        at_meeting: row.1,
    }))
}

fn hhmm(t: &Option<String>) -> String {
    t.as_deref()
        .and_then(|s| s.get(11..16))
        .unwrap_or("")
        .to_string()
}

/// Everything minuted at the meeting on `date`. Errors: `NotFound` when there is
/// no meeting that day or no panel.
pub fn load(conn: &Connection, at: impl Into<MeetingRef>) -> Result<Minutes> {
    let meeting = resolve_meeting(conn, at)?;
    let date = meeting.date;
    if meeting.state == MeetingState::Planned.code() {
        // Issue 11: minutes of a planned meeting were written, empty.
        return Err(LookupError::Invalid(format!(
            "the meeting on {} has not been held (it is still planned): there are no minutes yet; `roundtable agenda` shows what it will hear",
            fmt_date(date)
        )));
    }
    let panel = load_panel(conn, Some(meeting.panel))?;
    let m = meeting.id;
    let gate_override_reason = conn
        .prepare_cached("SELECT gate_override_reason FROM meeting WHERE id = ?1")?
        .query_row([m], |r| opt_text(r, "gate_override_reason"))?;
    let cases = cases(conn, &panel, &meeting)?;
    let (quorum, required_absent) = quorum::quorum_of(conn, &panel, m)?;
    let (meeting_type, chaired_by) = meeting_type::of_meeting(conn, &panel, m)?;
    Ok(Minutes {
        meeting_type,
        chaired_by,
        attendance: attendance_of(conn, m)?,
        gate_override_reason,
        quorum,
        required_absent,
        intelligence: intelligence_of(conn, m)?,
        cases,
        mappa: mappa_of(conn, m)?,
        approved: approval_of(conn, m)?,
        amended: crate::lookup::amendment::of_meeting(conn, m)?,
        distribution: distribution::distribution_of(conn, m)?,
        panel,
        meeting,
    })
}

/// Everyone marked at the meeting, in the order they were marked; a visitor's name
/// says which case they came for.
fn attendance_of(conn: &Connection, m: MeetingId) -> Result<Vec<MinutedAttendee>> {
    let sql = format!(
        "SELECT {}, ag.code AS agency_code, dep.name AS deputy_for_name
         FROM {} LEFT JOIN agency ag ON ag.id = att.agency_id
         LEFT JOIN member dep ON dep.id = att.deputy_for_member_id
         WHERE att.meeting_id = ?1 ORDER BY att.id",
        attendance::COLUMNS,
        attendance::FROM
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_map([m], |r| {
            let a = attendance::from_row(r)?;
            let name = match a.visitor_for {
                None => cleaned(&a.name),
                Some(case) => cleaned(&format!("{} (visitor for case {case})", a.name)),
            };
            Ok(MinutedAttendee {
                name,
                post_title: nonblank(&a.post),
                agency: opt_text(r, "agency_code")?,
                role: a.role.map(|x| x.code().to_string()),
                status: a.status.code().to_string(),
                deputy_for: opt_text(r, "deputy_for_name")?,
                signed_at: a.signed_at.map(fmt_time),
                left_at: a.left_at.map(fmt_time),
                note: nonblank(&a.note),
                submission: nonblank(&a.submission),
                senior: a.senior,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The intelligence shared at the meeting: the police first, then by agency code.
fn intelligence_of(conn: &Connection, m: MeetingId) -> Result<Vec<MinutedIntelligence>> {
    let sql = format!(
        "SELECT {}, ag.name AS agency_name FROM {} JOIN agency ag ON ag.id = il.agency_id
         WHERE il.meeting_id = ?1 ORDER BY il.is_police DESC, ag.code",
        intelligence::COLUMNS,
        intelligence::FROM
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_map([m], |r| {
            let i = intelligence::from_row(r)?;
            Ok(MinutedIntelligence {
                agency: text(r, "agency_name")?,
                police: i.police,
                body: cleaned(&i.body),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The cases discussed, in the panel's order of items, then as listed within an item.
fn cases(
    conn: &Connection,
    panel: &PanelInfo,
    meeting: &PrintedMeeting,
) -> Result<Vec<CaseMinute>> {
    let sql = format!(
        "SELECT {}, lag.code || ' (' || lag.name || ')' AS lead_agency_label,
            (SELECT pag.code || ' (' || pag.name || ')' FROM case_discussion d2
               JOIN meeting m2 ON m2.id = d2.meeting_id JOIN agency pag ON pag.id = d2.lead_agency_id
              WHERE d2.referral_id = d.referral_id AND m2.date < (SELECT date FROM meeting WHERE id = d.meeting_id)
                AND d2.lead_agency_id IS NOT NULL
              ORDER BY m2.date DESC LIMIT 1) AS lead_agency_before
         FROM {} LEFT JOIN agency lag ON lag.id = d.lead_agency_id
         WHERE d.meeting_id = ?1 ORDER BY d.position, d.id",
        case_discussion::COLUMNS,
        case_discussion::FROM
    );
    let rows: Vec<(case_discussion::Discussion, Option<String>, Option<String>)> = conn
        .prepare_cached(&sql)?
        .query_map([meeting.id], |r| {
            Ok((
                case_discussion::from_row(r)?,
                opt_text(r, "lead_agency_label")?,
                opt_text(r, "lead_agency_before")?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let (mut agreed, mut reviewed) = actions::at_meeting(conn, meeting.id, meeting.date)?;
    let mut guests = guests::by_discussion(conn, meeting.id)?;
    let mut levels = meeting_type::level_lines(conn, meeting.id)?;
    let mut cases = vec![];
    for (d, lead, before) in rows {
        let mut c = case_minute(conn, panel, meeting.date, &d, lead, before)?;
        c.guests = guests.remove(&d.id).unwrap_or_default();
        c.level_changes = levels.remove(&d.id).unwrap_or_default();
        c.onward_referrals = onward(conn, &panel.paperwork, d.id.0)?;
        if c.item_kind == AgendaKind::Reviews || c.lead_update.is_some() {
            c.interventions = interventions(conn, c.case_id, meeting.date)?;
        }
        c.actions_agreed = agreed.remove(&c.case_id).unwrap_or_default();
        c.actions_reviewed = reviewed.remove(&c.case_id).unwrap_or_default();
        cases.push(c);
    }
    // In the agenda's order of items (several `cases` items each in their place),
    // each item's cases as they were heard.
    let order = |n: i64| panel.agenda.iter().position(|i| i64::from(i.number) == n);
    cases.sort_by_key(|c| order(c.agenda_item));
    Ok(cases)
}

/// One case's minute from its discussion `d` and its referral (read here): the
/// decision marked provisional while the case page is not done. `lead` and `before`
/// are the lead agency now and at the case's last earlier discussion.
fn case_minute(
    conn: &Connection,
    panel: &PanelInfo,
    day: NaiveDate,
    d: &case_discussion::Discussion,
    lead: Option<String>,
    before: Option<String>,
) -> Result<CaseMinute> {
    let sql = format!(
        "SELECT {}, rag.code AS referring_agency_code
         FROM {} JOIN agency rag ON rag.id = r.referring_agency_id WHERE r.id = ?1",
        referral::COLUMNS,
        referral::FROM
    );
    let (f, referring_agency) = conn.prepare_cached(&sql)?.query_row([d.referral], |r| {
        Ok((referral::from_row(r)?, text(r, "referring_agency_code")?))
    })?;
    // The `cases` item it was heard at, else the panel's number for the kind; the
    // number recorded then if it has none.
    let item = crate::domain::case_items::case_item_number(&panel.agenda, d.kind, d.agenda_item)
        .map_or(d.agenda_item, i64::from);
    let item_title = panel
        .agenda
        .iter()
        .find(|i| i64::from(i.number) == item)
        .map(|i| i.title.clone())
        .unwrap_or_default();
    let decision =
        crate::lookup::case::recorded_decision(d.completed_at.is_some(), d.decision.clone());
    Ok(CaseMinute {
        case_id: f.id.0,
        agenda_item: item,
        item_kind: d.kind,
        item_title,
        name: cleaned(&f.name),
        subject_kind: f.kind,
        area: f.area.clone(),
        postcode: if f.kind == crate::domain::subject_kind::SubjectKind::Person {
            String::new()
        } else {
            f.postcode.clone()
        },
        date_of_birth: f.known_date_of_birth(),
        age_on_meeting: f.date_of_birth.and_then(|b| age_on(b, day)),
        // Withheld where the panel file says so (MARAC: a victim's address, 003 App 3A).
        address: nonblank(&f.address).filter(|_| !panel.paperwork.records.withhold_address),
        referring_agency,
        date_received: Some(f.date_received),
        urgent: f.urgent,
        decision,
        brief_update: is_brief(&panel.agenda, d.kind),
        decision_reasons: nonblank(&d.reasons),
        agreed_by: crate::store::meeting::agreed_by_words(conn, d.id.0)?,
        closure_reason: d.closure_reason.as_deref().and_then(nonblank),
        key_worker: key_worker(conn, d)?,
        risk_before: d.risk_before.as_deref().and_then(nonblank),
        risk_after: d.risk_after.as_deref().and_then(nonblank),
        lead_changed_from: before.filter(|b| lead.as_ref().is_some_and(|n| n != b)),
        lead_agency: lead,
        next_date: d.next_date,
        lead_update: nonblank(&d.lead_update),
        minutes: nonblank(&d.minutes),
        onward_referrals: vec![],
        interventions: vec![],
        actions_agreed: vec![],
        actions_reviewed: vec![],
        marks: crate::store::intake::marks_of(conn, f.id.0)?,
        people: crate::store::intake::people_of(conn, f.id.0)?,
        record: crate::store::case_record::record_of(conn, d.id.0)?,
        // Filled by `cases` from the meeting's guests and level changes, read once.
        guests: vec![],
        level_changes: vec![],
    })
}

/// The key worker named at a discussion, with their agency's code: "name (AGENCY)".
fn key_worker(conn: &Connection, d: &case_discussion::Discussion) -> Result<Option<String>> {
    let Some(name) = nonblank(&d.key_worker) else {
        return Ok(None);
    };
    let agency: Option<String> = match d.key_worker_agency {
        Some(a) => conn
            .prepare_cached("SELECT code FROM agency WHERE id = ?1")?
            .query_row([a], |r| text(r, "code"))
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })?,
        None => None,
    };
    Ok(Some(match agency {
        Some(a) => format!("{name} ({a})"),
        None => name,
    }))
}

/// Appendix B rows recorded for the case at or before the meeting: added at a
/// meeting on or before its date (whenever the clock said it was), or between
/// meetings up to its date.
fn interventions(conn: &Connection, case: i64, on: NaiveDate) -> Result<Vec<MinutedIntervention>> {
    let sql = interventions_sql();
    Ok(conn
        .prepare_cached(&sql)?
        .query_map(rusqlite::params![case, fmt_date(on)], |r| {
            let i = intervention::from_row(r)?;
            Ok(MinutedIntervention {
                core_issue: cleaned(&i.core_issue),
                intervention: cleaned(&i.intervention),
                level_of_contact: cleaned(&i.level_of_contact),
                agency: text(r, "agency_code")?,
                progress: cleaned(&i.progress),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The SQL of [`interventions`]: each row's meeting is looked up by its id (a
/// correlated `EXISTS`), never a list of every meeting up to the date built for each
/// case (`meeting_id IN (SELECT ...)`: some 500 meetings at county scale, a tenth of
/// the minutes' work there; issue 24). The same rows.
pub(in crate::lookup) fn interventions_sql() -> String {
    format!(
        "SELECT {}, COALESCE(ag.code, '') AS agency_code
         FROM {} LEFT JOIN agency ag ON ag.id = iv.agency_id
         WHERE iv.referral_id = ?1
           AND (EXISTS (SELECT 1 FROM meeting m WHERE m.id = iv.meeting_id AND m.date <= ?2)
                OR (iv.meeting_id IS NULL AND {} <= ?2))
         ORDER BY iv.position, iv.id",
        intervention::COLUMNS,
        intervention::FROM,
        crate::lookup::local_date_sql("iv.created_at")
    )
}

/// The MAPPA cases noted after the formal close, in their order.
fn mappa_of(conn: &Connection, m: MeetingId) -> Result<Vec<MappaItem>> {
    let sql = format!(
        "SELECT {} FROM {} WHERE mn.meeting_id = ?1 ORDER BY mn.position, mn.id",
        mappa_note::COLUMNS,
        mappa_note::FROM
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_map([m], |r| {
            let n = mappa_note::from_row(r)?;
            let d = &n.data;
            let date = |x: Option<NaiveDate>| x.map(fmt_date);
            let core = crate::domain::types::CoreReason::from_code(&d.core_reason)
                .map(|c| c.label().to_string());
            let parts: Vec<String> = [
                date(d.date_of_birth).map(|x| format!("born {x}")),
                nonblank(&d.gender),
                nonblank(&d.ethnicity),
                nonblank(&d.postcode),
                nonblank(&d.ward),
                nonblank(&d.welfare_legal_status).map(|x| format!("welfare: {x}")),
                nonblank(&d.criminal_legal_status).map(|x| format!("criminal: {x}")),
                core,
                date(d.referral_date).map(|x| format!("referred {x}")),
                date(d.end_date).map(|x| format!("ended {x}")),
                nonblank(&d.onward_referrals).map(|x| format!("onward: {x}")),
            ]
            .into_iter()
            .flatten()
            .collect();
            Ok(MappaItem {
                name: cleaned(&n.name),
                category: i64::from(n.category),
                level: i64::from(n.level),
                note: nonblank(&n.note),
                data_set: (!parts.is_empty()).then(|| parts.join("; ")),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}
