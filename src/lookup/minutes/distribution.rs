//! The minutes' distribution on their front (issue 21, G4): the day they were sent to
//! members and the chair who agreed, once `minutes sent --agreed-by` has recorded both.
//! Nothing is printed before then, so minutes never sent read as before.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::super::{fmt_date, opt_text, Result};
use crate::store::MeetingId;

/// Minutes sent to members with a chair's agreement.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Distribution {
    /// The day sent (`minutes sent --on`).
    pub sent_on: NaiveDate,
    /// The chair who agreed (`--agreed-by`).
    pub agreed_by: String,
}

impl Distribution {
    /// The line on the minutes' front.
    pub fn line(&self) -> String {
        format!(
            "sent to members on {} with the chair's agreement ({})",
            fmt_date(self.sent_on),
            self.agreed_by
        )
    }
}

/// Meeting `m`'s distribution, when sent with a chair's agreement.
pub(super) fn distribution_of(conn: &Connection, m: MeetingId) -> Result<Option<Distribution>> {
    let (sent, by) = conn
        .prepare_cached("SELECT minutes_sent_on, minutes_agreed_by FROM meeting WHERE id = ?1")?
        .query_row([m], |r| {
            Ok((
                super::super::opt_date(r, "minutes_sent_on")?,
                opt_text(r, "minutes_agreed_by")?,
            ))
        })?;
    Ok(match (sent, by) {
        (Some(sent_on), Some(agreed_by)) => Some(Distribution {
            sent_on,
            agreed_by: super::super::cleaned(&agreed_by),
        }),
        _ => None,
    })
}
