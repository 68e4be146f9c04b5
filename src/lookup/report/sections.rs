//! A return laid out in sections (`[[return.section]]`): MAGPan's section 12 return
//! is the `[return]` of data/panels/magpan.toml in this layout, and a panel whose
//! stored file has no `[return]` (a database made before returns were data) gets the
//! built-in MAGPan one ([`crate::domain::paperwork::Paperwork::magpan`]).
//!
//! The raw figures are read once (with the anonymous counts retention kept of removed
//! cases added back, [`super::retained`]); each section of the file then picks its
//! figure and publishes it with small numbers suppressed.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde_json::{json, Map, Value};

use super::*;
use crate::domain::paperwork::{
    Paperwork, ReturnSection, ReturnSpec, SectionBy, SectionCount, SectionKind,
};

/// One section as published.
#[derive(Debug, Clone)]
pub enum SectionOut {
    Attendance {
        title: String,
        meetings: Vec<MeetingAttendance>,
        by_agency: Vec<AgencyAttendance>,
    },
    Referrals {
        title: String,
        figures: ReferralFigures,
    },
    Declined {
        title: String,
        /// How many were declined, as published beside the other outcomes.
        shown: Shown,
        list: Vec<Declined>,
    },
    Counts {
        key: String,
        title: String,
        rows: Vec<Count>,
    },
    RiskAndClosures {
        risk: RiskOutcome,
        closures: Shown,
        discharged_to_mappa: Shown,
        mappa_level_2_3_noted: Shown,
    },
}

/// A return laid out in sections, for one period.
#[derive(Debug, Clone)]
pub struct SectionsReturn {
    pub panel: String,
    /// The panel's rules: its citations and exclusion, for the headings.
    pub rules: Paperwork,
    /// The return's title ("monitoring return") and whom it is for.
    pub title: String,
    pub for_whom: String,
    pub protective_marking: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Counts below this are shown as `<N` (0 when exact).
    pub small_number_threshold: u32,
    /// Every count exact (`report --exact`): not for publication.
    pub exact: bool,
    pub sections: Vec<SectionOut>,
}

impl SectionsReturn {
    /// As printed by `report --json`: the period and marking, and each section's
    /// figures under its name.
    pub fn to_json(&self) -> serde_json::Result<Value> {
        let mut m = Map::new();
        m.insert("panel".into(), json!(self.panel));
        m.insert("protective_marking".into(), json!(self.protective_marking));
        m.insert("from".into(), serde_json::to_value(self.from)?);
        m.insert("to".into(), serde_json::to_value(self.to)?);
        m.insert(
            "small_number_threshold".into(),
            json!(self.small_number_threshold),
        );
        m.insert("exact".into(), json!(self.exact));
        for s in &self.sections {
            match s {
                SectionOut::Attendance {
                    meetings,
                    by_agency,
                    ..
                } => {
                    m.insert("meetings".into(), serde_json::to_value(meetings)?);
                    m.insert(
                        "attendance_by_agency".into(),
                        serde_json::to_value(by_agency)?,
                    );
                }
                SectionOut::Referrals { figures, .. } => {
                    m.insert("referrals".into(), serde_json::to_value(figures)?);
                }
                SectionOut::Declined { list, .. } => {
                    m.insert("declined".into(), serde_json::to_value(list)?);
                }
                SectionOut::Counts { key, rows, .. } => {
                    m.insert(key.clone(), serde_json::to_value(rows)?);
                }
                SectionOut::RiskAndClosures {
                    risk,
                    closures,
                    discharged_to_mappa,
                    mappa_level_2_3_noted,
                } => {
                    m.insert("risk_at_start_and_end".into(), serde_json::to_value(risk)?);
                    m.insert("closures".into(), serde_json::to_value(closures)?);
                    m.insert(
                        "discharged_to_mappa".into(),
                        serde_json::to_value(discharged_to_mappa)?,
                    );
                    m.insert(
                        "mappa_level_2_3_noted".into(),
                        serde_json::to_value(mappa_level_2_3_noted)?,
                    );
                }
            }
        }
        Ok(Value::Object(m))
    }
}

/// The return of a panel whose `[return]` is laid out in sections, or whose file has
/// no `[return]` (MAGPan's built-in one), for `from` to `to`, both included; every
/// count exact when `exact` (`report --exact`, for the coordinator: the threshold is
/// 0 and the marking carries [`NOT_FOR_PUBLICATION`]). Errors: `Invalid` when `from`
/// is after `to`; `NotFound` when the database holds no panel.
pub fn sections_return(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
    exact: bool,
) -> Result<SectionsReturn> {
    if from > to {
        return Err(LookupError::Invalid(format!(
            "--from {} is after --to {}",
            fmt_date(from),
            fmt_date(to)
        )));
    }
    let panel = load_panel(conn, None)?;
    let spec = sections_spec(&panel.paperwork);
    let range = Range {
        panel: panel.id,
        from: fmt_date(from),
        to: fmt_date(to),
    };
    let k = if exact {
        0
    } else {
        panel.small_number_threshold
    };
    // The figures of the rows as they stand, and the anonymous counts retention kept
    // of the cases it removed.
    let mut raw = retained::raw(conn, &range, &panel)?;
    retained::apply(&mut raw, &retained::load(conn, &range)?, &panel);
    let figures = raw.t.refs.published(k);
    let mut sections = vec![];
    for s in &spec.sections {
        sections.push(match s.kind {
            SectionKind::Attendance => {
                let (meetings, by_agency) = attendance_in(conn, &range)?;
                SectionOut::Attendance {
                    title: s.title.clone(),
                    meetings,
                    by_agency,
                }
            }
            SectionKind::ReferralOutcomes => SectionOut::Referrals {
                title: s.title.clone(),
                figures: figures.clone(),
            },
            SectionKind::Declined => SectionOut::Declined {
                title: s.title.clone(),
                shown: figures.declined,
                // The reasons of fewer declined referrals than the threshold would
                // show how many.
                list: if disclosure::single(raw.t.refs.declined, k).exact().is_some() {
                    raw.t.declined.clone()
                } else {
                    vec![]
                },
            },
            SectionKind::Counts => SectionOut::Counts {
                key: s.key.clone(),
                title: s.title.clone(),
                rows: section_counts(&raw, &panel, s, k),
            },
            SectionKind::RiskAndClosures => SectionOut::RiskAndClosures {
                risk: raw.risk.published(k),
                closures: disclosure::single(raw.closures, k),
                discharged_to_mappa: disclosure::single(raw.discharged, k),
                mappa_level_2_3_noted: disclosure::single(mappa_noted(conn, &range)?, k),
            },
        });
    }
    Ok(SectionsReturn {
        protective_marking: if exact {
            format!("{} - {NOT_FOR_PUBLICATION}", panel.marking())
        } else {
            panel.marking().to_string()
        },
        exact,
        rules: panel.paperwork.clone(),
        title: one_line_of(&spec.title),
        for_whom: one_line_of(&spec.for_whom),
        panel: panel.name,
        from,
        to,
        small_number_threshold: k,
        sections,
    })
}

fn one_line_of(s: &str) -> String {
    crate::lookup::format::one_line(s)
}

/// The panel's return if it is laid out in sections; MAGPan's built-in one when its
/// file has no `[return]`.
fn sections_spec(pw: &Paperwork) -> ReturnSpec {
    match &pw.monitoring_return {
        Some(r) if !r.sections.is_empty() => r.clone(),
        _ => Paperwork::magpan()
            .monitoring_return
            .unwrap_or_else(|| ReturnSpec {
                title: "monitoring return".into(),
                ..ReturnSpec::default()
            }),
    }
}

/// The first ages of the age bands of the panel's return (its own, or MAGPan's
/// built-in one), after the youngest.
pub(super) fn bands(pw: &Paperwork) -> &[u32] {
    match &pw.monitoring_return {
        Some(r) => r.bands(),
        None => &crate::domain::paperwork::AGE_BANDS,
    }
}

/// Does the panel's return print in sections (its own, or MAGPan's built-in one)?
pub fn in_sections(pw: &Paperwork) -> bool {
    pw.monitoring_return
        .as_ref()
        .is_none_or(|r| !r.sections.is_empty())
}

/// MAPPA level 2/3 cases noted at meetings held in the range: a person noted at
/// several meetings, or carried from a referral, counts once.
fn mappa_noted(conn: &Connection, range: &Range) -> Result<usize> {
    let n: i64 = conn
        .prepare_cached(
            "SELECT COUNT(DISTINCT COALESCE('r' || n.referral_id, 'n' || n.id)) AS n
             FROM mappa_note n JOIN meeting m ON m.id = n.meeting_id
             WHERE m.panel_id = ?1 AND m.date BETWEEN ?2 AND ?3",
        )?
        .query_row(range.params(), |r| r.get("n"))?;
    Ok(n.max(0) as usize)
}

/// A `counts` section's rows: its count by its key, against the total they add up
/// to where there is one.
fn section_counts(raw: &retained::Raw, panel: &PanelInfo, s: &ReturnSection, k: u32) -> Vec<Count> {
    use SectionBy as B;
    use SectionCount as C;
    let t = &raw.t;
    let received = Some(t.refs.received);
    let closures = Some(raw.closures);
    let (Some(count), Some(by)) = (s.count, s.by) else {
        return vec![];
    };
    let (m, total): (&Counts, Option<usize>) = match (count, by) {
        (C::Referrals, B::CoreReason) => (&t.reason, received),
        (C::Referrals, B::AgeBand) => {
            return by_band_order(t.band.clone(), t.refs.received, k, &t.bands);
        }
        (C::Referrals, B::Gender) => (&t.gender, received),
        (C::Referrals, B::Ethnicity) => (&t.ethnicity, received),
        (C::Referrals, B::Ward) => (&t.ward, received),
        (C::Referrals, B::ReferringAgency) => (&t.referring, received),
        (C::Referrals, B::SexualExploitation) => (&t.cse, received),
        (C::Referrals, B::Radicalisation) => (&t.radical, received),
        (C::Referrals, B::CriminalLegalStatus) => (&t.criminal, received),
        (C::Accepted, B::LeadAgency) => (&t.lead, Some(t.refs.accepted)),
        (C::ReferralsUnder18, B::WelfareLegalStatus) => (&t.welfare, Some(t.under_18)),
        (C::OnwardReferrals, B::OnwardKind) => (&raw.onward, None),
        (C::OnwardFor, B::ForWhom) => {
            let made = panel
                .paperwork
                .onward_kinds
                .iter()
                .find(|k| k.asks_for_whom)
                .and_then(|k| raw.onward.get(&k.label))
                .copied();
            (&raw.cp, made)
        }
        (C::Closures, B::Month) => (&raw.s12[0], closures),
        (C::Closures, B::Why) => (&raw.s12[1], closures),
        (C::Interventions, B::CoreIssue) => (&raw.s12[2], None),
        (C::Interventions, B::Intervention) => (&raw.s12[3], None),
        (C::Interventions, B::Agency) => (&raw.s12[4], None),
        (C::OffendingBeforeReferral, B::Offence) => (&raw.s12[5], None),
        (C::OffendingDuringIntervention, B::Offence) => (&raw.s12[6], None),
        // Refused when the file is read (`ReturnSpec::problems`).
        _ => return vec![],
    };
    counts(m.clone(), total, k)
}
