//! The meeting's type, its chair and the seniority warning in the minutes' header
//! (issue 21: B10, C2, C7), and a case's change of MAPPA level on its page. A panel
//! without `[[meeting_type]]` and a meeting with no chair recorded print as before.

use rusqlite::Connection;
use serde::Serialize;

use super::Result;
use crate::domain::paperwork::{type_of, Citations, Rule};
use crate::lookup::doc::Block;
use crate::lookup::panel::PanelInfo;
use crate::store::meeting::{chair_at, level_changes_at, senior_gaps_at, seniority_line};
use crate::store::{DiscussionId, MeetingId};

/// The meeting's type as minuted.
#[derive(Debug, Clone, Serialize)]
pub struct MinutedType {
    /// The type's label.
    pub label: String,
    /// Who chairs a meeting of this type, in the panel's words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chair_rule: Option<String>,
    /// For a type with `senior = true`: the agencies present with nobody marked
    /// senior (empty: every agency had one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub no_senior_from: Option<Vec<String>>,
}

/// The type of meeting `m` (`None` for a panel without types) and its chair as
/// recorded, in words (`None`: not recorded).
pub fn of_meeting(
    conn: &Connection,
    panel: &PanelInfo,
    m: MeetingId,
) -> Result<(Option<MinutedType>, Option<String>)> {
    let chair = chair_at(conn, m)?.map(|c| c.words());
    let stored: Option<String> = conn
        .prepare_cached("SELECT type_code FROM meeting WHERE id = ?1")?
        .query_row([m], |r| r.get(0))?;
    let Some(t) = type_of(&panel.paperwork.meeting_types, stored.as_deref()) else {
        return Ok((None, chair));
    };
    let no_senior_from = if t.senior {
        Some(senior_gaps_at(conn, m)?)
    } else {
        None
    };
    Ok((
        Some(MinutedType {
            label: t.label.clone(),
            chair_rule: Some(t.chair.clone()).filter(|c| !c.trim().is_empty()),
            no_senior_from,
        }),
        chair,
    ))
}

/// The header's fields for the type and the chair recorded: "Meeting", "Chair" and
/// "Chair rule".
pub fn fields(t: Option<&MinutedType>, chair: Option<&str>, out: &mut Vec<(String, String)>) {
    if let Some(t) = t {
        out.push(("Meeting".into(), t.label.clone()));
    }
    if let Some(c) = chair {
        out.push(("Chaired by".into(), c.to_string()));
    }
    if let Some(rule) = t.and_then(|t| t.chair_rule.as_ref()) {
        out.push(("Chair rule".into(), rule.clone()));
    }
}

/// The seniority line under the attendance, for a type that asks for seniority.
pub fn seniority_blocks(t: Option<&MinutedType>, cite: &Citations, b: &mut Vec<Block>) {
    let Some(gaps) = t.and_then(|t| t.no_senior_from.as_ref()) else {
        return;
    };
    b.push(Block::Para(if gaps.is_empty() {
        format!(
            "Every agency present had an attendee marked senior{}.",
            cite.paren(Rule::Seniority)
        )
    } else {
        format!("{}.", seniority_line(gaps, &cite.paren(Rule::Seniority)))
    }));
}

/// The changes of MAPPA level recorded at each discussion of meeting `m`, one line
/// each: read once for the meeting, not once a case (issue 24).
pub fn level_lines(
    conn: &Connection,
    m: MeetingId,
) -> Result<std::collections::HashMap<DiscussionId, Vec<String>>> {
    let mut out: std::collections::HashMap<DiscussionId, Vec<String>> = Default::default();
    for c in level_changes_at(conn, m)? {
        out.entry(c.discussion).or_default().push(c.line());
    }
    Ok(out)
}

/// The case page's "MAPPA level" heading with each change, when there was one.
pub fn level_blocks(lines: &[String], cite: &Citations, b: &mut Vec<Block>) {
    if lines.is_empty() {
        return;
    }
    b.push(Block::Heading(format!(
        "MAPPA level changed{}",
        cite.paren(Rule::LevelChange)
    )));
    b.push(Block::List(lines.to_vec()));
}
