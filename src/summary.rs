//! A plain-text overview of the next meeting, printed when no terminal UI is wanted.

use std::io::Write;

use crate::store::Store;

pub fn print_next_meeting(store: &Store, out: &mut dyn Write) -> crate::store::Result<()> {
    let row: Option<(String, String, String)> = store
        .conn()
        .query_row(
            "SELECT m.date, m.state, p.name FROM meeting m JOIN panel p ON p.id = m.panel_id
             WHERE m.state != 'closed' ORDER BY m.date LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .ok();
    match row {
        Some((date, state, panel)) => writeln!(out, "{panel}: next meeting {date} ({state})")?,
        None => writeln!(out, "no meeting planned")?,
    }
    Ok(())
}
