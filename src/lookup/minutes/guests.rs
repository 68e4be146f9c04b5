//! Guests for one case in the minutes (issue 21, gap C6): listed on the page of their
//! own case only, with the chair's agreement and when they joined and left. The
//! meeting's attendance lists them as visitors for their case, as before.

use std::collections::HashMap;

use rusqlite::Connection;
use serde::Serialize;

use super::super::{cleaned, fmt_time, Result};
use crate::lookup::doc::Block;
use crate::store::ids::{DiscussionId, MeetingId};

/// A guest of the case, as minuted.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MinutedGuest {
    pub name: String,
    pub post: String,
    /// The agency's code, or the agency in words when it is not a panel agency.
    pub agency: String,
    pub agreed_by: String,
    pub agreed_on: String,
    pub joined_at: Option<String>,
    pub left_at: Option<String>,
}

/// The guests of each discussion at meeting `meeting`, as invited: read once for the
/// meeting, not once a case (issue 24).
pub fn by_discussion(
    conn: &Connection,
    meeting: MeetingId,
) -> Result<HashMap<DiscussionId, Vec<MinutedGuest>>> {
    let mut out: HashMap<DiscussionId, Vec<MinutedGuest>> = HashMap::new();
    for g in crate::store::meeting::guests_at(conn, meeting)? {
        out.entry(g.discussion).or_default().push(MinutedGuest {
            name: cleaned(&g.name),
            post: cleaned(&g.post),
            agency: cleaned(&g.agency_name),
            agreed_by: cleaned(&g.agreed_by),
            agreed_on: g.agreed_on,
            joined_at: g.joined_at.map(fmt_time),
            left_at: g.left_at.map(fmt_time),
        });
    }
    Ok(out)
}

/// The case page's "Guests for this case" block; nothing when it had none. `cite` is
/// the panel's citation for guests (" (App 3A, ...)" or "").
pub fn blocks(guests: &[MinutedGuest], cite: &str, b: &mut Vec<Block>) {
    if guests.is_empty() {
        return;
    }
    b.push(Block::Heading(format!("Guests for this case{cite}")));
    b.push(Block::List(
        guests
            .iter()
            .map(|g| {
                let post = if g.post.is_empty() {
                    String::new()
                } else {
                    format!(", {}", g.post)
                };
                let mut s = format!(
                    "{}{post} ({}): invited with the agreement of {} on {}",
                    g.name, g.agency, g.agreed_by, g.agreed_on
                );
                match (&g.joined_at, &g.left_at) {
                    (Some(j), Some(l)) => s.push_str(&format!("; joined {j}, left {l}")),
                    (Some(j), None) => s.push_str(&format!("; joined {j}")),
                    _ => s.push_str("; did not join"),
                }
                s
            })
            .collect(),
    ));
}
