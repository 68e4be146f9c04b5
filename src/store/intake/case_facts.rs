//! What routing needs to know of a case, read from the database (issue 21, E2): its
//! age, MAPPA level and category, new or a review, and whether it has children. The
//! meeting (prepare_agenda, the set-aside list), the referrals list and the printed
//! agenda all route through [`facts_of`] and
//! [`crate::domain::case_items::route_case`], so they never disagree.

use chrono::NaiveDate;
use rusqlite::Connection;

use crate::domain::age::age_on;
use crate::domain::case_items::{household_child, CaseFacts, CHILD_ROLE};
use crate::store::rows::referral::Referral;
use crate::store::Result;

/// Does case `id` (received on `received`) have children on `on`: a person of role
/// [`CHILD_ROLE`] (MARAC's children's table), or a household member under 18 (see
/// [`household_child`])?
pub fn has_children(
    conn: &Connection,
    id: i64,
    received: NaiveDate,
    on: NaiveDate,
) -> Result<bool> {
    if super::case_people::has_tables(conn)? {
        let child: bool = conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM case_person WHERE referral_id = ?1 AND role = ?2)",
            )?
            .query_row(rusqlite::params![id, CHILD_ROLE], |r| r.get(0))?;
        if child {
            return Ok(true);
        }
    }
    let ages: Vec<String> = conn
        .prepare_cached("SELECT dob_or_age FROM household_member WHERE referral_id = ?1")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ages.iter().any(|a| household_child(a, received, on)))
}

/// The facts of referral `r` for a meeting on `on`: a review or a new referral, its
/// age then, its MAPPA level and category as they stand, and its children.
pub fn facts_of(conn: &Connection, r: &Referral, on: NaiveDate, review: bool) -> Result<CaseFacts> {
    Ok(CaseFacts {
        review,
        age: r.date_of_birth.and_then(|d| age_on(d, on)),
        level: r.mappa_level,
        category: r.mappa_category,
        children: has_children(conn, r.id.0, r.date_received, on)?,
        kind: r.kind,
    })
}
