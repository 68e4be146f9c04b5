//! Counts kept when retention (`roundtable purge`) removes cases: the monitoring
//! return's raw figures for a month, flattened to (section, group, key) → number, so
//! that what a purge takes away can be stored as anonymous counts (`retained_count`,
//! by month) and added back into any later return whose range holds that month's
//! first day. No name, date of birth, address or case number is kept.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;

use super::{closures_in, onward_made, referrals_received, Counts, Range, RawRisk, ReferralTally};
use super::{LookupError, Result};
use crate::lookup::panel::{load_panel, PanelInfo};

/// Figures by (section, group, key).
pub type Flat = BTreeMap<(String, String, String), i64>;

/// The raw figures of a return, before small numbers are suppressed.
pub(super) struct Raw {
    pub(super) t: ReferralTally,
    pub(super) risk: RawRisk,
    pub(super) closures: usize,
    pub(super) discharged: usize,
    pub(super) onward: Counts,
    pub(super) cp: Counts,
    /// Section 12's further counts (see [`S12`]), in that order.
    pub(super) s12: [Counts; 7],
}

/// The names of [`Raw::s12`]'s counts, as kept.
pub(super) const S12: [&str; 7] = [
    "closed_by_month",
    "closed_why",
    "core_issues",
    "interventions",
    "agencies_involved",
    "offending_before_referral",
    "offending_during_intervention",
];

pub(super) fn raw(conn: &Connection, range: &Range, panel: &PanelInfo) -> Result<Raw> {
    let t = referrals_received(conn, range, super::sections::bands(&panel.paperwork))?;
    let (risk, closures, discharged) = closures_in(conn, range, panel)?;
    let (onward, cp) = onward_made(conn, range, panel)?;
    let (month, why) = super::section12::closed_by(conn, range)?;
    let (issues, what, agencies) = super::section12::interventions(conn, range)?;
    let (before, during) = super::section12::offending(conn, range)?;
    Ok(Raw {
        t,
        risk,
        closures,
        discharged,
        onward,
        cp,
        s12: [month, why, issues, what, agencies, before, during],
    })
}

const PAIR: char = '\u{1f}';

/// Pairs of (group, field) for the referral outcomes and flags.
fn fields(r: &mut super::RawReferrals) -> [(&'static str, &'static str, &mut usize); 11] {
    [
        ("total", "", &mut r.received),
        ("outcome", "accepted", &mut r.accepted),
        ("outcome", "one_to_watch", &mut r.one_to_watch),
        ("outcome", "declined", &mut r.declined),
        ("outcome", "referred_elsewhere", &mut r.referred_elsewhere),
        ("outcome", "excluded_mappa", &mut r.excluded_mappa),
        ("outcome", "awaiting_decision", &mut r.awaiting_decision),
        ("flag", "previously_known", &mut r.previously_known),
        ("flag", "urgent", &mut r.urgent),
        ("flag", "linked_to_named_gang", &mut r.linked_to_named_gang),
        ("flag", "mappa_level_1", &mut r.mappa_level_1),
    ]
}

fn maps(t: &mut ReferralTally) -> [(&'static str, &mut Counts); 11] {
    [
        ("core_reason", &mut t.reason),
        ("age_band", &mut t.band),
        ("gender", &mut t.gender),
        ("ethnicity", &mut t.ethnicity),
        ("ward", &mut t.ward),
        ("referring_agency", &mut t.referring),
        ("lead_agency", &mut t.lead),
        ("cse", &mut t.cse),
        ("radicalisation", &mut t.radical),
        ("welfare_legal_status", &mut t.welfare),
        ("criminal_legal_status", &mut t.criminal),
    ]
}

fn risk_fields(r: &mut RawRisk) -> [(&'static str, &mut usize); 4] {
    [
        ("reduced", &mut r.reduced),
        ("unchanged", &mut r.unchanged),
        ("increased", &mut r.increased),
        ("not_recorded", &mut r.not_recorded),
    ]
}

fn key(s: &str, g: &str, k: &str) -> (String, String, String) {
    (s.to_string(), g.to_string(), k.to_string())
}

/// The figures as (section, group, key) → number; zeros left out.
pub(super) fn flatten(mut raw: Raw) -> Flat {
    let mut out = Flat::new();
    let mut put = |s: &str, g: &str, k: &str, n: usize| {
        if n > 0 {
            *out.entry(key(s, g, k)).or_default() += n as i64;
        }
    };
    for (g, k, n) in fields(&mut raw.t.refs) {
        put("received", g, k, *n);
    }
    for (g, m) in maps(&mut raw.t) {
        for (k, n) in m.iter() {
            put("received", g, k, *n);
        }
    }
    put("received", "under_18", "", raw.t.under_18);
    for (name, m) in S12.iter().zip(&raw.s12) {
        for (k, n) in m {
            put("section12", name, k, *n);
        }
    }
    put("closed", "total", "", raw.closures);
    put("closed", "discharged_to_mappa", "", raw.discharged);
    for (k, n) in risk_fields(&mut raw.risk) {
        put("closed", "risk", k, *n);
    }
    for (a, b, n) in &raw.risk.changes {
        put("closed", "risk_change", &format!("{a}{PAIR}{b}"), *n);
    }
    for (k, n) in &raw.onward {
        put("onward", "made", k, *n);
    }
    for (k, n) in &raw.cp {
        put("onward", "child_protection_for", k, *n);
    }
    out
}

/// Add kept counts into the raw figures of a return.
pub(super) fn apply(raw: &mut Raw, kept: &Flat, panel: &PanelInfo) {
    let get =
        |s: &str, g: &str, k: &str| kept.get(&key(s, g, k)).map_or(0, |n| (*n).max(0) as usize);
    for (g, k, n) in fields(&mut raw.t.refs) {
        *n += get("received", g, k);
    }
    for ((s, g, k), n) in kept {
        let n = (*n).max(0) as usize;
        match s.as_str() {
            "received" => {
                if let Some((_, m)) = maps(&mut raw.t).into_iter().find(|(name, _)| name == g) {
                    *m.entry(k.clone()).or_default() += n;
                }
            }
            "section12" => {
                if let Some(i) = S12.iter().position(|name| name == g) {
                    *raw.s12[i].entry(k.clone()).or_default() += n;
                }
            }
            "onward" if g == "made" => *raw.onward.entry(k.clone()).or_default() += n,
            "onward" if g == "child_protection_for" => *raw.cp.entry(k.clone()).or_default() += n,
            "closed" if g == "risk_change" => {
                if let Some((a, b)) = k.split_once(PAIR) {
                    match raw.risk.changes.iter_mut().find(|c| c.0 == a && c.1 == b) {
                        Some(c) => c.2 += n,
                        None => raw.risk.changes.push((a.to_string(), b.to_string(), n)),
                    }
                }
            }
            _ => {}
        }
    }
    raw.t.under_18 += get("received", "under_18", "");
    let closed = get("closed", "total", "");
    raw.closures += closed;
    raw.risk.closed_cases += closed;
    raw.discharged += get("closed", "discharged_to_mappa", "");
    for (k, n) in risk_fields(&mut raw.risk) {
        *n += get("closed", "risk", k);
    }
    let rank = |s: &str| panel.risk.rank(s).unwrap_or(usize::MAX);
    raw.risk.changes.sort_by_key(|c| (rank(&c.0), rank(&c.1)));
}

/// The counts kept for the months whose first day lies in the range.
pub(super) fn load(conn: &Connection, range: &Range) -> Result<Flat> {
    let mut out = Flat::new();
    let mut st = conn.prepare_cached(
        "SELECT section, grp, key, SUM(n) AS n FROM retained_count
         WHERE month || '-01' BETWEEN ?1 AND ?2 GROUP BY section, grp, key",
    )?;
    let rows = st.query_map([&range.from, &range.to], |r| {
        Ok((
            key(
                &r.get::<_, String>(0)?,
                &r.get::<_, String>(1)?,
                &r.get::<_, String>(2)?,
            ),
            r.get::<_, i64>(3)?,
        ))
    })?;
    for row in rows {
        let (k, n) = row?;
        out.insert(k, n);
    }
    Ok(out)
}

/// The raw figures of the whole month `month` (`YYYY-MM`), from the rows as they
/// stand (kept counts not included): what retention compares before and after.
pub fn month_figures(conn: &Connection, month: &str) -> Result<Flat> {
    let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .map_err(|e| LookupError::Invalid(format!("month {month}: {e}")))?;
    let next = if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
    };
    let last = next
        .and_then(|d| d.pred_opt())
        .ok_or_else(|| LookupError::Invalid(format!("month {month}")))?;
    let panel = load_panel(conn, None)?;
    let range = Range {
        panel: panel.id,
        from: super::fmt_date(first),
        to: super::fmt_date(last),
    };
    Ok(flatten(raw(conn, &range, &panel)?))
}
