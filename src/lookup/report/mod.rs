//! `roundtable report`: the panel's monitoring return over a date range, as its file
//! defines it (`[return]`): in tables ([`panel_return`]) or in sections
//! ([`sections_return`]; MAGPan's section 12 return for the Partnership Delivery Board
//! is data/panels/magpan.toml's, and a panel stored without `[return]` gets it).
//!
//! Referral figures cover referrals *received* in the range, with their outcome
//! as recorded now; attendance and onward referrals cover meetings *held* in the
//! range; closures cover cases *closed* in the range.
//!
//! Here the raw figures of the sections are read (through the shared row mappers);
//! `sections` picks each section's, `render` and `page` print them.

mod page;
mod panel_return;
mod publish;
mod render;
pub mod retained;
mod return_keys;
mod section12;
mod sections;
mod turnout;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::panel::{load_panel, PanelInfo};
use super::{cleaned, fmt_date, nonblank, opt_date, opt_text, text, LookupError, Result};
use crate::domain::age::age_on;
use crate::domain::disclosure::{self, Shown};
use crate::domain::paperwork::{age_band_in, age_band_labels};
use crate::domain::types::{AttendanceStatus, CoreReason, CpFor, IssueRole, Screening};
use crate::store::rows::{agency, meeting, ByName, Memo};
use crate::store::PanelId;
pub use page::report_document;
pub use panel_return::{
    panel_return, render_return, return_document, return_table, PanelReturn, ReturnTableOut,
};
use publish::{counts, RawReferrals, RawRisk};
pub use render::{csv_table, render_plain};
pub use sections::{in_sections, sections_return, SectionOut, SectionsReturn};
#[cfg(test)]
pub(crate) use turnout::agencies_sql;
use turnout::attendance_in;

/// How many have this key (a label, a code, an age band): the number, or `<5`
/// where a small number is suppressed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Count {
    pub key: String,
    pub count: Shown,
}

/// Which agencies attended one meeting, sent apologies, or were absent (by code).
#[derive(Debug, Clone, Serialize)]
pub struct MeetingAttendance {
    pub date: NaiveDate,
    pub attended: Vec<String>,
    pub apologies: Vec<String>,
    pub absent: Vec<String>,
}

/// One agency's attendance over the meetings held in the period.
#[derive(Debug, Clone, Serialize)]
pub struct AgencyAttendance {
    pub code: String,
    pub name: String,
    pub meetings: usize,
    pub attended: usize,
    pub apologies: usize,
    pub absent: usize,
}

/// Referrals received in the period, by outcome and by flag, small numbers
/// suppressed (the outcomes add up to `received`).
#[derive(Debug, Clone, Serialize)]
pub struct ReferralFigures {
    pub received: Shown,
    pub accepted: Shown,
    pub one_to_watch: Shown,
    pub declined: Shown,
    pub referred_elsewhere: Shown,
    pub excluded_mappa: Shown,
    pub awaiting_decision: Shown,
    pub previously_known: Shown,
    pub urgent: Shown,
    pub linked_to_named_gang: Shown,
    pub mappa_level_1: Shown,
}

/// A referral declined: when and why.
#[derive(Debug, Clone, Serialize)]
pub struct Declined {
    pub case_id: i64,
    pub decided_on: Option<NaiveDate>,
    pub reasons: String,
}

/// How many closed cases went from risk level `start` to `end`.
#[derive(Debug, Clone, Serialize)]
pub struct RiskChange {
    pub start: String,
    pub end: String,
    pub count: Shown,
}

/// Risk at the start and end of the cases closed in the period, small numbers
/// suppressed.
#[derive(Debug, Clone, Serialize)]
pub struct RiskOutcome {
    pub closed_cases: Shown,
    pub reduced: Shown,
    pub unchanged: Shown,
    pub increased: Shown,
    pub not_recorded: Shown,
    pub changes: Vec<RiskChange>,
}

/// A panel's return for a period, in the layout its file gives it.
#[derive(Debug, Clone)]
pub enum Return {
    /// `[[return.table]]`: each table one count, as one figure or broken down.
    Tables(PanelReturn),
    /// `[[return.section]]` (MAGPan's section 12; a panel without `[return]`).
    Sections(Box<SectionsReturn>),
}

/// The panel's return for `from` to `to`, both included, as its file defines it;
/// every count exact when `exact` (`report --exact`, marked not for publication).
/// Errors: `Invalid` when `from` is after `to`; `NotFound` when the database holds no
/// panel.
pub fn the_return(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    exact: bool,
) -> Result<Return> {
    Ok(match panel_return(conn, from, to, exact)? {
        Some(r) => Return::Tables(r),
        None => Return::Sections(Box::new(sections_return(conn, from, to, exact)?)),
    })
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

/// Age bands (starting at `bands`) in age order (the other counts are by size).
fn by_band_order(
    m: BTreeMap<String, usize>,
    total: usize,
    threshold: u32,
    bands: &[u32],
) -> Vec<Count> {
    let labels = age_band_labels(bands);
    let order = |k: &str| labels.iter().position(|l| l == k).unwrap_or(usize::MAX);
    let mut v = counts(m, Some(total), threshold);
    v.sort_by_key(|c| order(&c.key));
    v
}

/// The panel and the dates a return covers, as bound to its queries.
struct Range {
    panel: PanelId,
    from: String,
    to: String,
}

impl Range {
    /// `?1` the panel, `?2` and `?3` the first and last day.
    fn params(&self) -> (PanelId, &str, &str) {
        (self.panel, self.from.as_str(), self.to.as_str())
    }
}

/// The words added to the marking of an exact return (`report --exact`).
pub const NOT_FOR_PUBLICATION: &str = "NOT FOR PUBLICATION: exact counts, small numbers shown";

/// The referral figures of a return, counted as the referrals are read.
#[derive(Default)]
struct ReferralTally {
    refs: RawReferrals,
    declined: Vec<Declined>,
    reason: Counts,
    band: Counts,
    gender: Counts,
    ethnicity: Counts,
    ward: Counts,
    referring: Counts,
    lead: Counts,
    cse: Counts,
    radical: Counts,
    welfare: Counts,
    criminal: Counts,
    /// Referrals of people under 18 on the date received (the welfare total).
    under_18: usize,
    /// The first ages of the age bands after the youngest (the return's).
    bands: Vec<u32>,
}

/// The first decision made on a referral (open, one to watch, decline, refer
/// elsewhere), with its reasons and the date of the meeting that made it.
struct FirstDecision {
    decision: Option<String>,
    reasons: Option<String>,
    on: Option<NaiveDate>,
}

impl ReferralTally {
    /// Count one referral received in the range.
    fn add(&mut self, f: &Received, referring: String, lead: String, first: FirstDecision) {
        self.refs.received += 1;
        match first.decision.as_deref() {
            Some("open") => self.refs.accepted += 1,
            Some("one_to_watch") => self.refs.one_to_watch += 1,
            Some("decline") => {
                self.refs.declined += 1;
                self.declined.push(Declined {
                    case_id: f.id,
                    decided_on: first.on,
                    reasons: first
                        .reasons
                        .unwrap_or_else(|| "no reasons recorded".into()),
                });
            }
            Some(_) => self.refs.referred_elsewhere += 1,
            None if f.screening == Screening::Excluded => self.refs.excluded_mappa += 1,
            None => self.refs.awaiting_decision += 1,
        }
        self.refs.previously_known += usize::from(f.previously_known);
        self.refs.urgent += usize::from(f.urgent);
        self.refs.linked_to_named_gang += usize::from(nonblank(&f.named_gang).is_some());
        self.refs.mappa_level_1 += usize::from(f.mappa_level == Some(1));
        bump(
            &mut self.reason,
            f.core_reason.map(|c| c.label()).unwrap_or_default(),
        );
        let age = f
            .date_of_birth
            .and_then(|b| age_on(b, f.date_received))
            .map_or_else(|| NOT_RECORDED.to_string(), |a| age_band_in(a, &self.bands));
        bump(&mut self.band, age);
        bump(&mut self.gender, cleaned(&f.gender));
        bump(&mut self.ethnicity, cleaned(&f.ethnicity));
        bump(&mut self.ward, cleaned(&f.ward));
        bump(&mut self.referring, referring);
        if first.decision.as_deref() == Some("open") {
            bump(&mut self.lead, lead);
        }
        if f.date_of_birth
            .and_then(|b| age_on(b, f.date_received))
            .is_some_and(|a| a < 18)
        {
            self.under_18 += 1;
            bump(&mut self.welfare, cleaned(&f.welfare_legal_status));
        }
        bump(&mut self.criminal, cleaned(&f.criminal_legal_status));
        bump(&mut self.cse, f.cse_issue.label());
        bump(&mut self.radical, f.radicalisation_issue.label());
    }
}

/// Referrals received in a range (`?1` panel, `?2`-`?3` the range), with the first
/// decision on each. Found by the date-received index: the panel's condition is not
/// an index's (`+`), or SQLite starts from every subject of the panel and reads every
/// referral row (on an encrypted database each page read is checked and decrypted).
/// The first decision is found, and read, in the index of each case's discussions;
/// only a decline's row is read, for its reasons (the only first decision whose
/// reasons the return prints).
pub(crate) fn received_sql() -> String {
    format!(
        "SELECT {RECEIVED_COLUMNS}, rag.code AS referring_agency_code, lag.code AS lead_agency_code,
            fd.decision AS first_decision,
            CASE WHEN fd.decision = 'decline' THEN
              (SELECT x.decision_reasons FROM case_discussion x INDEXED BY discussion_declined
                WHERE x.id = fd.id AND x.decision = 'decline')
            END AS first_decision_reasons,
            fm.date AS first_decision_on
         FROM referral r INDEXED BY referral_received_tally
         JOIN subject s ON s.id = r.subject_id
         JOIN agency rag ON rag.id = r.referring_agency_id
         LEFT JOIN agency lag ON lag.id = r.lead_agency_id
         LEFT JOIN case_discussion fd INDEXED BY discussion_referral_outcome
           ON fd.referral_id = r.id AND fd.id = (
            SELECT d2.id FROM case_discussion d2 INDEXED BY discussion_referral_outcome
            JOIN meeting m2 ON m2.id = d2.meeting_id
            WHERE d2.referral_id = r.id
              AND d2.decision IN ('open', 'one_to_watch', 'decline', 'refer_elsewhere')
            ORDER BY m2.date, d2.id LIMIT 1)
         LEFT JOIN meeting fm ON fm.id = fd.meeting_id
         WHERE +s.panel_id = ?1 AND r.date_received BETWEEN ?2 AND ?3
         ORDER BY r.date_received, r.id"
    )
}

/// What the return counts of a referral received (read by [`Received::from_row`]):
/// its referral columns all in the index of referrals by day received
/// (`referral_received_tally`), so the referral rows, with their free text, are not
/// read (issue 24).
const RECEIVED_COLUMNS: &str = "r.id AS id, r.date_received AS date_received,
    r.screening AS screening, r.previously_known AS previously_known, r.urgent AS urgent,
    r.named_gang AS named_gang, r.mappa_level AS mappa_level, r.core_reason AS core_reason,
    r.ward AS ward, r.welfare_legal_status AS welfare_legal_status,
    r.criminal_legal_status AS criminal_legal_status, r.cse_issue AS cse_issue,
    r.radicalisation_issue AS radicalisation_issue,
    s.date_of_birth AS date_of_birth, s.gender AS gender, s.ethnicity AS ethnicity";

/// A referral received in the return's period: what [`ReferralTally::add`] counts,
/// read as [`referral::from_row`] reads the same columns.
struct Received {
    id: i64,
    date_received: NaiveDate,
    screening: Screening,
    previously_known: bool,
    urgent: bool,
    named_gang: String,
    mappa_level: Option<u8>,
    core_reason: Option<CoreReason>,
    ward: String,
    welfare_legal_status: String,
    criminal_legal_status: String,
    cse_issue: IssueRole,
    radicalisation_issue: IssueRole,
    /// Known, or estimated from a stated age (as stored).
    date_of_birth: Option<NaiveDate>,
    gender: String,
    ethnicity: String,
}

impl Received {
    fn from_row(r: &rusqlite::Row<'_>, memo: &Memo) -> rusqlite::Result<Received> {
        let c = ByName::with_memo(r, memo);
        Ok(Received {
            id: c.get("id")?,
            date_received: c.date("date_received")?,
            screening: c
                .code("screening", Screening::from_code)?
                .unwrap_or(Screening::Pending),
            previously_known: c.get("previously_known")?,
            urgent: c.get("urgent")?,
            named_gang: c.get("named_gang")?,
            mappa_level: c.get("mappa_level")?,
            core_reason: c.code("core_reason", CoreReason::from_code)?,
            ward: c.get("ward")?,
            welfare_legal_status: c.get("welfare_legal_status")?,
            criminal_legal_status: c.get("criminal_legal_status")?,
            cse_issue: c
                .code("cse_issue", IssueRole::from_code)?
                .unwrap_or(IssueRole::None),
            radicalisation_issue: c
                .code("radicalisation_issue", IssueRole::from_code)?
                .unwrap_or(IssueRole::None),
            date_of_birth: c.opt_date("date_of_birth")?,
            gender: c.get("gender")?,
            ethnicity: c.get("ethnicity")?,
        })
    }
}

/// Referrals received in the range, with the first decision on each.
fn referrals_received(conn: &Connection, range: &Range, bands: &[u32]) -> Result<ReferralTally> {
    let sql = received_sql();
    let mut t = ReferralTally {
        bands: bands.to_vec(),
        ..ReferralTally::default()
    };
    let mut st = conn.prepare_cached(&sql)?;
    let mut rows = st.query(range.params())?;
    let memo = Memo::default();
    while let Some(r) = rows.next()? {
        let first = FirstDecision {
            decision: opt_text(r, "first_decision")?,
            reasons: opt_text(r, "first_decision_reasons")?,
            on: opt_date(r, "first_decision_on")?,
        };
        t.add(
            &Received::from_row(r, &memo)?,
            text(r, "referring_agency_code")?,
            opt_text(r, "lead_agency_code")?.unwrap_or_default(),
            first,
        );
    }
    Ok(t)
}

/// Risk at the start and end of cases closed in the range; how many closed, and
/// how many of them were discharged to MAPPA.
fn closures_in(
    conn: &Connection,
    range: &Range,
    panel: &PanelInfo,
) -> Result<(RawRisk, usize, usize)> {
    let sql = closures_sql();
    let mut risk = RawRisk::default();
    let mut pairs: BTreeMap<(String, String), usize> = BTreeMap::new();
    let (mut closures, mut discharged) = (0, 0);
    let mut st = conn.prepare_cached(&sql)?;
    for row in st.query_map(range.params(), Closed::from_row)? {
        let f = row?;
        closures += 1;
        discharged += usize::from(f.discharged_to_mappa);
        let start = f.risk_start.as_deref().and_then(nonblank);
        let end = f.risk_current.as_deref().and_then(nonblank);
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
    let mut changes: Vec<(String, String, usize)> = pairs
        .into_iter()
        .map(|((start, end), count)| (start, end, count))
        .collect();
    changes.sort_by_key(|c| (rank(&c.0), rank(&c.1)));
    risk.changes = changes;
    Ok((risk, closures, discharged))
}

/// What the return counts of a case closed in its range.
struct Closed {
    closed_on: Option<NaiveDate>,
    discharged_to_mappa: bool,
    risk_start: Option<String>,
    risk_current: Option<String>,
}

impl Closed {
    /// A row of [`closures_sql`] (its columns in that order).
    fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Closed> {
        Ok(Closed {
            closed_on: crate::store::rows::opt_date_at(r, 0)?,
            discharged_to_mappa: r.get(1)?,
            risk_start: r.get(2)?,
            risk_current: r.get(3)?,
        })
    }
}

/// Cases closed in a range (`?1` panel, `?2`-`?3` the range): only what the return
/// counts of them, from the index of closed cases by day closed, not their referral
/// rows (issue 24: on an encrypted database each page read is checked and decrypted).
pub(crate) fn closures_sql() -> String {
    "SELECT r.closed_on AS closed_on, r.discharged_to_mappa AS discharged_to_mappa,
        r.risk_start AS risk_start, r.risk_current AS risk_current
     FROM referral r INDEXED BY referral_closed_risk
     JOIN subject s INDEXED BY subject_id_panel ON s.id = r.subject_id
     WHERE s.panel_id = ?1 AND r.status = 'closed' AND r.closed_on BETWEEN ?2 AND ?3"
        .to_string()
}

/// Onward referrals made at meetings in a range (`?1` panel, `?2`-`?3` the range):
/// the kind of each and whom it is for, from the index of those made (issue 24: not
/// the index of every onward referral with its note).
pub(crate) fn onward_made_sql() -> String {
    "SELECT o.kind AS kind, o.cp_for AS cp_for FROM onward_referral o INDEXED BY onward_made_kind
     JOIN case_discussion d ON d.id = o.discussion_id
     JOIN meeting m ON m.id = d.meeting_id
     WHERE m.panel_id = ?1 AND m.date BETWEEN ?2 AND ?3 AND o.state = 'made'"
        .to_string()
}

/// Counts by key (a label, a code).
type Counts = BTreeMap<String, usize>;

/// Onward referrals made at meetings in the range, by the panel's label for each kind
/// (every kind of the panel listed; a kind it no longer lists by its code), and the
/// referrals of a kind that asks whom it is for (MAGPan's child protection) by whom.
fn onward_made(conn: &Connection, range: &Range, panel: &PanelInfo) -> Result<(Counts, Counts)> {
    let pw = &panel.paperwork;
    let sql = onward_made_sql();
    let mut made = Counts::new();
    let mut cp = Counts::new();
    let mut st = conn.prepare_cached(&sql)?;
    let rows = st.query_map(range.params(), |r| {
        Ok((
            r.get::<_, String>(0)?,
            crate::store::rows::code_at(r, 1, CpFor::from_code)?,
        ))
    })?;
    for row in rows {
        let (kind, cp_for) = row?;
        if pw.asks_for_whom(&kind) {
            bump(&mut cp, cp_for.map(|c| c.label()).unwrap_or_default());
        }
        bump(&mut made, pw.onward_label(&kind));
    }
    for k in &pw.onward_kinds {
        made.entry(k.label.clone()).or_default();
    }
    Ok((made, cp))
}
