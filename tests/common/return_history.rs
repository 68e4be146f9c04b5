#![allow(dead_code, clippy::unwrap_used)]
//! A panel's history written as its meetings would write it, for the tests of each
//! panel's own return (tests/panel_returns_*.rs, issue 22): meetings held with who
//! attended, decisions, actions with what became of them; and the rows of a table of
//! the text return.

use std::path::Path;
use std::process::{Command, Output};

/// The binary on `db` with today `today`, no config, no stdin.
pub fn at(db: &Path, today: &str, args: &[&str]) -> Output {
    Command::new(crate::common::bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ROUNDTABLE_DB")
        .env_remove("ROUNDTABLE_KEY")
        .env("ROUNDTABLE_CONFIG", "")
        .env("ROUNDTABLE_TODAY", today)
        .env("CI", "true")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

/// Run SQL on the database (the meetings' records, written as a meeting would).
pub fn sql(db: &Path, text: &str, p: impl rusqlite::Params) {
    let c = rusqlite::Connection::open(db).unwrap();
    c.execute(text, p).unwrap();
}

/// Meeting `date` held, with `present` agencies present and `apology` sending
/// apologies.
pub fn held(db: &Path, date: &str, present: &[&str], apology: &[&str]) {
    sql(
        db,
        "UPDATE meeting SET state = 'closed' WHERE date = ?1",
        [date],
    );
    for (status, codes) in [("present", present), ("apology", apology)] {
        for code in codes {
            sql(
                db,
                "INSERT INTO attendance (meeting_id, name, agency_id, status)
                 SELECT m.id, 'Rep of ' || a.code, a.id, ?2 FROM meeting m, agency a
                 WHERE m.date = ?1 AND a.code = ?3",
                rusqlite::params![date, status, code],
            );
        }
    }
}

/// Case `id` decided (`decision`) at meeting `date`, its page done.
pub fn decided(db: &Path, date: &str, id: i64, decision: &str) {
    sql(
        db,
        "INSERT INTO case_discussion (meeting_id, referral_id, agenda_item, position, decision,
             decision_reasons, started_at, completed_at, item_kind)
         SELECT m.id, ?2, 3, ?2, ?3, 'Agreed by the panel', ?1 || ' 10:00:00',
             ?1 || ' 10:20:00', 'new_referrals' FROM meeting m WHERE m.date = ?1",
        rusqlite::params![date, id, decision],
    );
}

/// An action agreed at meeting `date` on case `id` for `agency`, now `status`.
pub fn action(db: &Path, date: &str, id: i64, agency: &str, status: &str) {
    sql(
        db,
        "INSERT INTO action (meeting_id, referral_id, description, agency_id, due_on, status,
             created_at)
         SELECT m.id, ?2, 'Plan review with the family', a.id, ?1, ?4, ?1 || ' 10:10:00'
         FROM meeting m, agency a WHERE m.date = ?1 AND a.code = ?3",
        rusqlite::params![date, id, agency, status],
    );
}

/// The rows of the table headed `title` in the text return, spaces squeezed.
pub fn table(text: &str, title: &str) -> Vec<String> {
    let after = text
        .split(&format!("\n{title}"))
        .nth(1)
        .unwrap_or_else(|| panic!("{title}\n{text}"));
    after
        .lines()
        .skip(3)
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}
