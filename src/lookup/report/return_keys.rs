//! What a table of a panel's return counts, read from the database: one entry per
//! counted thing (a case, a person, a meeting, an action, a decision, an attendance, an
//! onward referral), each with its keys for the table's breakdown. A thing has one
//! key, except a case broken down by a multi-choice field, which has one per option
//! ticked (none when none is).

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::domain::age::age_on;
use crate::domain::meeting_ref::MeetingKind;
use crate::domain::paperwork::{age_band_in, field_def, By, Counted, FieldType, ReturnTable};
use crate::lookup::Result;
use crate::store::panel::PanelInfo;

/// The period and panel a return's queries are bound to: `?1` the panel, `?2` and
/// `?3` the first and last day.
pub(super) struct Period {
    pub(super) panel: i64,
    pub(super) from: String,
    pub(super) to: String,
}

/// The keys of every counted thing of table `t`, by its breakdown (one empty key
/// each when there is none).
pub(super) fn keys_of(
    conn: &Connection,
    t: &ReturnTable,
    p: &Period,
    panel: &PanelInfo,
) -> Result<Vec<Vec<String>>> {
    let by_field = t.by == Some(By::Field);
    let sql = match t.count {
        Counted::Referrals => case_sql("r.date_received BETWEEN ?2 AND ?3", by_field),
        Counted::CasesHeard => case_sql(HEARD, by_field),
        Counted::Repeats => case_sql(
            &format!("{HEARD} AND cm.repeat_last_heard IS NOT NULL"),
            by_field,
        ),
        Counted::BroughtBack => case_sql(&format!("{HEARD} AND {BEFORE}"), by_field),
        Counted::Children => format!(
            "SELECT '' AS k FROM case_person p JOIN referral r ON r.id = p.referral_id
             JOIN subject s ON s.id = r.subject_id LEFT JOIN case_mark cm ON cm.referral_id = r.id
             WHERE s.panel_id = ?1 AND p.role = 'child' AND {HEARD}"
        ),
        Counted::Meetings => "SELECT m.kind AS k FROM meeting m
             WHERE m.panel_id = ?1 AND m.date BETWEEN ?2 AND ?3 AND m.state <> 'planned'"
            .into(),
        Counted::Actions => "SELECT ag.code AS k, a.status AS status FROM action a
             JOIN meeting m ON m.id = a.meeting_id JOIN agency ag ON ag.id = a.agency_id
             WHERE m.panel_id = ?1 AND m.date BETWEEN ?2 AND ?3"
            .into(),
        Counted::Attendance => "SELECT DISTINCT m.id AS mid, ag.code AS k FROM attendance a
             JOIN meeting m ON m.id = a.meeting_id JOIN agency ag ON ag.id = a.agency_id
             WHERE m.panel_id = ?1 AND m.date BETWEEN ?2 AND ?3 AND m.state <> 'planned'
               AND a.status IN ('present', 'deputy')"
            .into(),
        Counted::OnwardReferrals => "SELECT o.kind AS k FROM onward_referral o
             JOIN case_discussion d ON d.id = o.discussion_id JOIN meeting m ON m.id = d.meeting_id
             WHERE m.panel_id = ?1 AND m.date BETWEEN ?2 AND ?3 AND o.state = 'made'"
            .into(),
        Counted::Closures => case_sql(
            "r.status = 'closed' AND r.closed_on BETWEEN ?2 AND ?3",
            by_field,
        ),
        Counted::Decisions => "SELECT d.decision AS k FROM case_discussion d
             JOIN meeting m ON m.id = d.meeting_id
             WHERE m.panel_id = ?1 AND m.date BETWEEN ?2 AND ?3 AND m.state <> 'planned'
               AND d.decision IS NOT NULL AND d.completed_at IS NOT NULL"
            .into(),
    };
    let mut st = conn.prepare_cached(&sql)?;
    let mut rows = if by_field {
        st.query(rusqlite::params![p.panel, p.from, p.to, t.field.trim()])?
    } else {
        st.query(rusqlite::params![p.panel, p.from, p.to])?
    };
    let pw = &panel.paperwork;
    let mut out = vec![];
    while let Some(r) = rows.next()? {
        let key = match (t.count, t.by) {
            (_, None) => String::new(),
            (_, Some(By::Field)) => {
                out.push(field_keys(r, t, panel)?);
                continue;
            }
            (Counted::Meetings, Some(_)) => MeetingKind::from_code(&r.get::<_, String>("k")?)
                .label()
                .to_string(),
            (Counted::Actions, Some(By::Outcome)) => {
                action_outcome(&r.get::<_, String>("status")?).to_string()
            }
            (Counted::Actions | Counted::Attendance, Some(_)) => r.get::<_, String>("k")?,
            (Counted::OnwardReferrals, Some(_)) => pw.onward_label(&r.get::<_, String>("k")?),
            (Counted::Decisions, Some(_)) => pw.decision_label(&r.get::<_, String>("k")?),
            (_, Some(by)) => case_key(r, by, panel)?,
        };
        out.push(vec![key]);
    }
    Ok(out)
}

/// An action's status in words (a status this build does not know: "other").
pub(super) fn action_outcome(status: &str) -> &'static str {
    match status {
        "done" => "done",
        "not_done_circumstances" => "not done: circumstances changed",
        "not_done_agency" => "not done by the agency",
        "carried_over" => "carried over",
        "open" => "still open",
        _ => "other",
    }
}

/// A case heard in the period: discussed (a decision or the page done) at a meeting
/// held in it.
const HEARD: &str = "EXISTS (SELECT 1 FROM case_discussion d JOIN meeting m ON m.id = d.meeting_id
     WHERE d.referral_id = r.id AND m.date BETWEEN ?2 AND ?3 AND m.state <> 'planned'
       AND (d.decision IS NOT NULL OR d.completed_at IS NOT NULL))";

/// The case was heard at a meeting before its last hearing in the period.
const BEFORE: &str =
    "EXISTS (SELECT 1 FROM case_discussion d1 JOIN meeting m1 ON m1.id = d1.meeting_id
     WHERE d1.referral_id = r.id AND m1.state <> 'planned'
       AND (d1.decision IS NOT NULL OR d1.completed_at IS NOT NULL)
       AND m1.date < (SELECT MAX(m2.date) FROM case_discussion d2
            JOIN meeting m2 ON m2.id = d2.meeting_id
            WHERE d2.referral_id = r.id AND m2.date BETWEEN ?2 AND ?3 AND m2.state <> 'planned'
              AND (d2.decision IS NOT NULL OR d2.completed_at IS NOT NULL)))";

/// One row per case matching `filter`, with every field a breakdown reads (and, with
/// `answer`, the case's answer to the form field bound as `?4`).
fn case_sql(filter: &str, answer: bool) -> String {
    let answer = if answer {
        ", (SELECT a.value FROM referral_answer a WHERE a.referral_id = r.id AND a.field = ?4)
            AS answer"
    } else {
        ""
    };
    format!(
        "SELECT r.id, ra.code AS referring, la.code AS lead, s.gender, s.ethnicity,
                s.date_of_birth, r.date_received, r.ward, r.mappa_category, r.mappa_level, s.kind AS subject_kind,
                r.urgent, r.risk_start, r.risk_current, r.closure_reason,
                COALESCE(cm.anonymous, 0) AS anonymous, cm.repeat_last_heard,
                (SELECT d.decision FROM case_discussion d JOIN meeting m ON m.id = d.meeting_id
                  WHERE d.referral_id = r.id AND m.date <= ?3 AND d.decision IS NOT NULL
                    AND d.completed_at IS NOT NULL
                  ORDER BY m.date DESC, d.id DESC LIMIT 1) AS decision{answer}
         FROM referral r JOIN subject s ON s.id = r.subject_id
         JOIN agency ra ON ra.id = r.referring_agency_id
         LEFT JOIN agency la ON la.id = r.lead_agency_id
         LEFT JOIN case_mark cm ON cm.referral_id = r.id
         WHERE s.panel_id = ?1 AND {filter}"
    )
}

const NOT_RECORDED: &str = "not recorded";

/// A case's keys for its answer to the table's field: the panel's words for each
/// option, yes / no, "not recorded" when unanswered; an option the form no longer
/// lists is "other" (never the stored text).
fn field_keys(r: &rusqlite::Row, t: &ReturnTable, panel: &PanelInfo) -> Result<Vec<String>> {
    let value = r
        .get::<_, Option<String>>("answer")?
        .filter(|v| !v.trim().is_empty());
    let Some(value) = value else {
        return Ok(vec![NOT_RECORDED.into()]);
    };
    let Some(f) = field_def(&panel.paperwork.forms, &t.field) else {
        return Ok(vec!["other".into()]);
    };
    let label = |code: &str| {
        f.option(code)
            .map_or_else(|| "other".to_string(), |o| o.label().to_string())
    };
    Ok(match f.kind {
        FieldType::MultiChoice => value
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(label)
            .collect(),
        FieldType::YesNo => vec![match value.trim().to_lowercase().as_str() {
            "yes" | "true" | "y" => "yes".to_string(),
            "no" | "false" | "n" => "no".to_string(),
            _ => "other".to_string(),
        }],
        _ => vec![label(&value)],
    })
}

/// A case's key for breakdown `by`: a code or the panel's words, never free text that
/// could name someone (a closure reason the panel file does not list is "other").
fn case_key(r: &rusqlite::Row, by: By, panel: &PanelInfo) -> Result<String> {
    let paperwork = &panel.paperwork;
    let opt = |c: &str| -> rusqlite::Result<Option<String>> {
        Ok(r.get::<_, Option<String>>(c)?
            .filter(|s| !s.trim().is_empty()))
    };
    let text = |c: &str| -> rusqlite::Result<String> {
        Ok(opt(c)?.unwrap_or_else(|| NOT_RECORDED.into()))
    };
    let yes_no = |b: bool| if b { "yes" } else { "no" }.to_string();
    let level = |c: &str| -> rusqlite::Result<String> {
        Ok(r.get::<_, Option<i64>>(c)?
            .map_or_else(|| NOT_RECORDED.into(), |n| n.to_string()))
    };
    Ok(match by {
        By::ReferringAgency => text("referring")?,
        By::LeadAgency => r
            .get::<_, Option<String>>("lead")?
            .unwrap_or_else(|| "none".into()),
        By::Gender => text("gender")?,
        By::Ethnicity => text("ethnicity")?,
        By::AgeBand => {
            let dob: Option<NaiveDate> = r.get("date_of_birth")?;
            let on: NaiveDate = r.get("date_received")?;
            dob.and_then(|d| age_on(d, on)).map_or_else(
                || NOT_RECORDED.into(),
                |a| age_band_in(a, super::sections::bands(paperwork)),
            )
        }
        By::Ward => text("ward")?,
        By::MappaCategory => format!("category {}", level("mappa_category")?),
        By::MappaLevel => format!("level {}", level("mappa_level")?),
        By::CategoryLevel => format!(
            "category {}, level {}",
            level("mappa_category")?,
            level("mappa_level")?
        ),
        By::Decision => r.get::<_, Option<String>>("decision")?.map_or_else(
            || "no decision yet".into(),
            |c| paperwork.decision_label(&c),
        ),
        By::Risk => format!("{} → {}", text("risk_start")?, text("risk_current")?),
        By::RiskChange => {
            let (start, now) = (opt("risk_start")?, opt("risk_current")?);
            match start.zip(now).and_then(|(a, b)| panel.risk.change(&a, &b)) {
                Some(c) if c < 0 => "reduced".into(),
                Some(0) => "unchanged".into(),
                Some(_) => "increased".into(),
                None => NOT_RECORDED.into(),
            }
        }
        By::Repeat => yes_no(r.get::<_, Option<String>>("repeat_last_heard")?.is_some()),
        By::Anonymous => yes_no(r.get::<_, i64>("anonymous")? != 0),
        By::Urgent => yes_no(r.get::<_, i64>("urgent")? != 0),
        By::ClosureReason => {
            let why = r.get::<_, String>("closure_reason")?;
            if paperwork.closure.reasons.contains(&why) {
                why
            } else {
                "other".into()
            }
        }
        By::SubjectKind => {
            let code = r.get::<_, String>("subject_kind")?;
            match crate::domain::subject_kind::SubjectKind::from_code(&code) {
                Some(crate::domain::subject_kind::SubjectKind::Person) => "Person".into(),
                Some(k) => k.heading().to_string(),
                None => "other".into(),
            }
        }
        By::Agency | By::Kind | By::OnwardKind | By::Field | By::Outcome => String::new(),
    })
}
