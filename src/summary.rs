//! A plain-text overview of the next meeting, printed when no terminal UI is wanted.

use std::io::Write;

use crate::store::rows::{extra, meeting};
use crate::store::Store;

/// One line: the panel, the next meeting not yet closed, and its state; or that
/// none is planned. Errors: writing to `out` failed.
pub fn print_next_meeting(store: &Store, out: &mut dyn Write) -> crate::store::Result<()> {
    let sql = format!(
        "SELECT {}, p.name AS panel_name FROM {} JOIN panel p ON p.id = m.panel_id
         WHERE m.state != 'closed' ORDER BY m.date LIMIT 1",
        meeting::COLUMNS,
        meeting::FROM
    );
    let row: Option<(meeting::Meeting, String)> = store
        .conn()
        .prepare_cached(&sql)
        .and_then(|mut st| {
            st.query_row([], |r| Ok((meeting::from_row(r)?, extra(r, "panel_name")?)))
        })
        .ok();
    match row {
        Some((m, panel)) => writeln!(
            out,
            "{panel}: next meeting {} ({})",
            m.date.format("%Y-%m-%d"),
            m.state.code()
        )?,
        None => writeln!(out, "no meeting planned")?,
    }
    Ok(())
}
