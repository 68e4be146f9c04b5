//! Reading a case's history: the referral and subject, household, discussions with
//! their onward referrals, lead agency changes, interventions, actions and the
//! subject's other referrals, each through its table's shared mapper.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};

use super::{
    CaseDiscussion, CaseHistory, CaseIntervention, CaseOnward, CaseReferral, CaseSubject,
    Household, LeadChange, OtherReferral,
};
use crate::domain::age::age_on;
use crate::domain::paperwork::Paperwork;
use crate::lookup::actions::{self, ActionQuery, StatusFilter};
use crate::lookup::{cleaned, nonblank, opt_date, opt_text, text, LookupError, Result};
use crate::store::rows::{agency, case_discussion, household, intervention, onward, referral};

/// Agency short codes (cleaned) by agency id.
type Codes = HashMap<i64, String>;

fn agency_codes(conn: &Connection) -> Result<Codes> {
    let sql = format!("SELECT {} FROM {}", agency::COLUMNS, agency::FROM);
    Ok(conn
        .prepare_cached(&sql)?
        .query_map([], |r| {
            let a = agency::from_row(r)?;
            Ok((a.id.0, cleaned(&a.code)))
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// The code of an agency id, if it has one.
fn code(codes: &Codes, id: Option<crate::store::AgencyId>) -> Option<String> {
    id.and_then(|i| codes.get(&i.0).cloned())
}

/// Nullable stored text, cleaned; empty counts as absent.
fn nonblank_opt(v: &Option<String>) -> Option<String> {
    v.as_deref().and_then(nonblank)
}

/// The history of case `id` (a referral id) as it stands on `today`. Errors:
/// `NotFound` when there is no case `id`.
pub fn history(conn: &Connection, id: i64, today: NaiveDate) -> Result<CaseHistory> {
    let codes = agency_codes(conn)?;
    let Some((subject_id, subject, referral)) = case_referral(conn, id, today, &codes)? else {
        return Err(LookupError::NotFound(format!("no case {id}")));
    };
    let (marking, paperwork): (String, Option<String>) = conn
        .prepare_cached("SELECT protective_marking, paperwork FROM panel ORDER BY id LIMIT 1")?
        .query_row([], |r| {
            Ok((text(r, "protective_marking")?, r.get("paperwork")?))
        })
        .optional()?
        .unwrap_or_default();
    let marking = if marking.trim().is_empty() {
        "RESTRICTED".to_string()
    } else {
        marking
    };
    let paperwork = Paperwork::from_stored(paperwork.as_deref())
        .map_err(|e| crate::store::StoreError::Rule(format!("panel paperwork is damaged: {e}")))?;
    let mut discussions = discussions(conn, id, &codes)?;
    for d in &mut discussions {
        d.onward_referrals = onward(conn, &paperwork, d.id)?;
        d.agreed_by = crate::store::meeting::agreed_by_words(conn, d.id)?;
        d.amended = crate::lookup::amendment::of_discussion(conn, d.meeting, d.id)?;
    }
    let lead_agency_changes = lead_changes(conn, id, &discussions, &codes)?;
    let mut records = vec![];
    for d in &discussions {
        let record = crate::store::case_record::record_of(conn, d.id)?;
        if !record.is_empty() {
            records.push(crate::lookup::record::DatedRecord {
                meeting_date: d.meeting_date,
                record,
            });
        }
    }
    let (actions, _) = actions::find(
        conn,
        &ActionQuery {
            case: Some(id),
            status: StatusFilter::All,
            ..Default::default()
        },
        today,
    )?;
    let mut h = CaseHistory {
        paperwork,
        case_id: id,
        protective_marking: marking,
        subject,
        referral,
        household: household_of(conn, id)?,
        answers: crate::store::intake::answers_of(conn, id)?,
        restricted_reason: crate::store::intake::restricted_of(conn, id)?.reason,
        checklist_override: crate::store::intake::checklist_override_of(conn, id)?,
        marks: crate::store::intake::marks_of(conn, id)?,
        people: crate::store::intake::people_of(conn, id)?,
        discussions,
        over_time: Default::default(),
        lead_agency_changes,
        interventions: interventions(conn, id, &codes)?,
        actions,
        action_notes: action_notes(conn, id)?,
        other_referrals_of_subject: other_referrals(conn, subject_id, id)?,
        records,
    };
    h.over_time = super::over_time::trend(&h);
    Ok(h)
}

/// The progress notes on case `id`'s actions, oldest first.
fn action_notes(conn: &Connection, id: i64) -> Result<Vec<super::CaseActionNote>> {
    let mut st = conn.prepare_cached(
        "SELECT n.action_id AS action_id, n.created_at AS created_at, n.os_user AS os_user,
            n.note AS note
         FROM action_note n JOIN action a ON a.id = n.action_id
         WHERE a.referral_id = ?1 ORDER BY n.id",
    )?;
    let rows = st.query_map([id], |r| {
        Ok(super::CaseActionNote {
            action_id: r.get("action_id")?,
            at: crate::domain::clock::shown(&text(r, "created_at")?),
            by: text(r, "os_user")?,
            note: text(r, "note")?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The referral and its subject (with the subject's id), if there is one `id`.
fn case_referral(
    conn: &Connection,
    id: i64,
    today: NaiveDate,
    codes: &Codes,
) -> Result<Option<(i64, CaseSubject, CaseReferral)>> {
    let sql = format!(
        "SELECT {}, m.date AS meeting_date FROM {} LEFT JOIN meeting m ON m.id = r.meeting_id
         WHERE r.id = ?1",
        referral::COLUMNS,
        referral::FROM
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], |r| {
            let f = referral::from_row(r)?;
            let subject = CaseSubject {
                name: cleaned(&f.name),
                date_of_birth: f.known_date_of_birth(),
                age_stated: f.stated_age,
                age_today: f.date_of_birth.and_then(|d| age_on(d, today)),
                gender: nonblank(&f.gender),
                ethnicity: nonblank(&f.ethnicity),
                kind: f.kind,
                area: f.area.clone(),
            };
            let referral = CaseReferral {
                referring_agency: code(codes, Some(f.referring_agency)).unwrap_or_default(),
                referrer_contact: nonblank(&f.referrer_contact),
                date_received: Some(f.date_received),
                urgent: f.urgent,
                address: nonblank(&f.address),
                postcode: nonblank(&f.postcode),
                ward: nonblank(&f.ward),
                education_employment: nonblank(&f.education),
                awareness: f.awareness.code().to_string(),
                concerns: nonblank(&f.concerns),
                other_referrals: nonblank(&f.other_referrals),
                welfare_legal_status: nonblank(&f.welfare_legal_status),
                criminal_legal_status: nonblank(&f.criminal_legal_status),
                previously_known: f.previously_known,
                core_reason: f.core_reason.map(|c| c.code().to_string()),
                cse_issue: f.cse_issue.code().to_string(),
                radicalisation_issue: f.radicalisation_issue.code().to_string(),
                named_gang: nonblank(&f.named_gang),
                mappa_category: f.mappa_category.map(i64::from),
                mappa_level: f.mappa_level.map(i64::from),
                screening: f.screening.code().to_string(),
                screening_note: nonblank(&f.screening_note),
                screening_by: nonblank(&f.screening_by),
                screening_on: f.screening_on,
                referrer_informed_on: f.referrer_informed_on,
                early_review_requested_on: f.early_review_requested_on,
                early_review_reason: nonblank(&f.early_review_reason),
                status: f.status.code().to_string(),
                meeting_date: opt_date(r, "meeting_date")?,
                lead_agency: code(codes, f.lead_agency),
                risk_start: nonblank_opt(&f.risk_start),
                risk_current: nonblank_opt(&f.risk_current),
                opened_on: f.opened_on,
                plan_due_on: f.plan_due_on,
                next_review_on: f.next_review_on,
                closed_on: f.closed_on,
                closure_reason: nonblank(&f.closure_reason),
                discharged_to_mappa: f.discharged_to_mappa,
            };
            Ok((f.subject.0, subject, referral))
        })
        .optional()?)
}

/// The household the referral lists, in its order.
fn household_of(conn: &Connection, id: i64) -> Result<Vec<Household>> {
    let sql = format!(
        "SELECT {} FROM {} WHERE h.referral_id = ?1 ORDER BY h.position, h.id",
        household::COLUMNS,
        household::FROM
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_map([id], |r| {
            let h = household::from_row(r)?;
            Ok(Household {
                name: cleaned(&h.name),
                dob_or_age: nonblank(&h.dob_or_age),
                relationship: nonblank(&h.relationship),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Every discussion of the case, oldest meeting first (onward referrals left empty).
fn discussions(conn: &Connection, id: i64, codes: &Codes) -> Result<Vec<CaseDiscussion>> {
    let sql = format!(
        "SELECT {}, m.date AS meeting_date FROM {} JOIN meeting m ON m.id = d.meeting_id
         WHERE d.referral_id = ?1 ORDER BY m.date, d.id",
        case_discussion::COLUMNS,
        case_discussion::FROM
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_map([id], |r| {
            let d = case_discussion::from_row(r)?;
            Ok(CaseDiscussion {
                id: d.id.0,
                meeting: d.meeting,
                amended: None,
                meeting_date: opt_date(r, "meeting_date")?,
                agenda_item: d.agenda_item,
                key_worker: nonblank(&d.key_worker).map(|w| {
                    match code(codes, d.key_worker_agency) {
                        Some(a) => format!("{w} ({a})"),
                        None => w,
                    }
                }),
                closure_reason: d.closure_reason.as_deref().and_then(nonblank),
                agreed_by: None,
                decision: super::recorded_decision(d.completed_at.is_some(), d.decision),
                decision_reasons: nonblank(&d.reasons),
                risk_before: nonblank_opt(&d.risk_before),
                risk_after: nonblank_opt(&d.risk_after),
                lead_agency: code(codes, d.lead_agency),
                next_date: d.next_date,
                lead_update: nonblank(&d.lead_update),
                minutes: nonblank(&d.minutes),
                onward_referrals: vec![],
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The case's intervention plan (Appendix B), row by row.
fn interventions(conn: &Connection, id: i64, codes: &Codes) -> Result<Vec<CaseIntervention>> {
    let sql = format!(
        "SELECT {}, m.date AS meeting_date FROM {} LEFT JOIN meeting m ON m.id = iv.meeting_id
         WHERE iv.referral_id = ?1 ORDER BY iv.position, iv.id",
        intervention::COLUMNS,
        intervention::FROM
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_map([id], |r| {
            let i = intervention::from_row(r)?;
            Ok(CaseIntervention {
                core_issue: nonblank(&i.core_issue),
                intervention: nonblank(&i.intervention),
                level_of_contact: nonblank(&i.level_of_contact),
                agency: code(codes, i.agency),
                progress: nonblank(&i.progress),
                meeting_date: opt_date(r, "meeting_date")?,
                updated_on: i.updated_on,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The subject's other referrals, by date received.
fn other_referrals(conn: &Connection, subject: i64, id: i64) -> Result<Vec<OtherReferral>> {
    let sql = format!(
        "SELECT {} FROM {} WHERE r.subject_id = ?1 AND r.id != ?2 ORDER BY r.date_received, r.id",
        referral::COLUMNS,
        referral::FROM
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_map(rusqlite::params![subject, id], |r| {
            let f = referral::from_row(r)?;
            Ok(OtherReferral {
                case_id: f.id.0,
                date_received: Some(f.date_received),
                status: f.status.code().to_string(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Onward referrals recorded at one discussion, in the order of the panel's
/// `[[onward_kind]]`s; a kind the panel no longer lists after them.
pub fn onward(conn: &Connection, pw: &Paperwork, discussion: i64) -> Result<Vec<CaseOnward>> {
    let sql = format!(
        "SELECT {} FROM {} WHERE o.discussion_id = ?1 ORDER BY o.id",
        onward::COLUMNS,
        onward::FROM
    );
    let mut v = conn
        .prepare_cached(&sql)?
        .query_map([discussion], |r| {
            let o = onward::from_row(r)?;
            Ok(CaseOnward {
                kind: o.kind,
                state: o.state.map(|s| s.code().to_string()).unwrap_or_default(),
                cp_for: o.cp_for.map(|c| c.code().to_string()),
                note: nonblank(&o.note),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let pos = |k: &str| {
        pw.onward_kinds
            .iter()
            .position(|o| o.code == k)
            .unwrap_or(usize::MAX)
    };
    v.sort_by_key(|o| pos(&o.kind));
    Ok(v)
}

/// Lead agency appointed and changed: from the discussions (the panel's record,
/// meeting by meeting), joined with the change log (who recorded a change, and
/// any made outside a discussion).
fn lead_changes(
    conn: &Connection,
    id: i64,
    discussions: &[CaseDiscussion],
    codes: &Codes,
) -> Result<Vec<LeadChange>> {
    let mut out: Vec<LeadChange> = vec![];
    let mut prev: Option<String> = None;
    for d in discussions {
        if let Some(l) = &d.lead_agency {
            if prev.as_ref() != Some(l) {
                out.push(LeadChange {
                    on: d.meeting_date,
                    at_meeting: d.meeting_date,
                    from: prev.clone(),
                    to: Some(l.clone()),
                    recorded_by: None,
                });
                prev = Some(l.clone());
            }
        }
    }
    let logged = conn
        .prepare_cached(
            "SELECT at, os_user, old_value, new_value FROM change_log
             WHERE tbl = 'referral' AND row_id = ?1 AND col = 'lead_agency_id' ORDER BY id",
        )?
        .query_map([id], |r| {
            Ok((
                opt_date(r, "at")?,
                opt_text(r, "os_user")?,
                r.get::<_, Option<String>>("old_value")?,
                r.get::<_, Option<String>>("new_value")?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let code = |v: Option<String>| {
        v.and_then(|s| s.parse::<i64>().ok())
            .and_then(|i| codes.get(&i).cloned())
    };
    for (on, by, old, new) in logged {
        let (from, to) = (code(old), code(new));
        if let Some(c) = out
            .iter_mut()
            .find(|c| c.from == from && c.to == to && c.recorded_by.is_none())
        {
            c.recorded_by = by;
        } else {
            out.push(LeadChange {
                on,
                at_meeting: None,
                from,
                to,
                recorded_by: by,
            });
        }
    }
    out.sort_by_key(|c| c.on);
    Ok(out)
}
