//! The quorum and the required agencies in the minutes (`[quorum]`, `required` on
//! `[[agency]]`): "quorate", or the chair's override with its reason; the required
//! agencies nobody attended for. Nothing for a panel that sets neither.

use rusqlite::Connection;

use super::super::Result;
use crate::domain::paperwork::{quorum_gate, required_absent, InRoom};
use crate::store::panel::PanelInfo;
use crate::store::MeetingId;

/// The quorum sentence (`None`: the panel sets no quorum) and the required agencies
/// with nobody present, by code.
pub(super) fn quorum_of(
    conn: &Connection,
    panel: &PanelInfo,
    m: MeetingId,
) -> Result<(Option<String>, Vec<String>)> {
    let pw = &panel.paperwork;
    if pw.quorum.is_none() && !pw.agencies.iter().any(|a| a.required) {
        return Ok((None, vec![]));
    }
    // Panel members and deputies in the room (a visitor presenting a case does not
    // count towards the quorum, but their agency was there).
    let rows: Vec<(String, String, bool)> = conn
        .prepare_cached(
            "SELECT att.name AS name, a.code AS code,
                (att.member_id IS NOT NULL OR att.deputy_for_member_id IS NOT NULL) AS panel_member
             FROM attendance att JOIN agency a ON a.id = att.agency_id
             WHERE att.meeting_id = ?1 AND att.status IN ('present', 'deputy')",
        )?
        .query_map([m], |r| {
            Ok((r.get("name")?, r.get("code")?, r.get("panel_member")?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let in_room: Vec<InRoom> = rows
        .iter()
        .filter(|(_, _, member)| *member)
        .map(|(name, agency, _)| InRoom {
            name: name.clone(),
            agency: agency.clone(),
        })
        .collect();
    let over: Option<String> = conn
        .prepare_cached("SELECT quorum_override_reason FROM meeting WHERE id = ?1")?
        .query_row([m], |r| r.get(0))?;
    let line = quorum_gate(pw.quorum.as_ref(), &in_room, over.as_deref()).minutes_line();
    let codes: Vec<String> = rows.into_iter().map(|(_, code, _)| code).collect();
    Ok((line, required_absent(&pw.agencies, &codes)))
}
