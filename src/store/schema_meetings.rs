//! The meeting table rebuilt (issue 20, gap row B9): meetings are known by their id,
//! so two may share a day (an emergency meeting on the day of an ordinary one), each
//! with its kind; and the day its minutes were sent (B8).
//!
//! SQLite cannot drop the `UNIQUE (panel_id, date)` of [`super::schema`]'s first
//! migration, so the table is rebuilt inside the migration's one transaction: its
//! rows are copied aside, the table dropped and made again with the same columns,
//! ids and foreign keys, and the rows put back. Foreign keys stay on: with
//! `defer_foreign_keys` the children of `meeting` (attendance, intelligence,
//! referral, case_discussion, intervention, action, mappa_note, terminal_place and
//! meeting itself) are checked when the rows are back, before the commit, so a
//! database whose links do not hold is not changed at all. A meeting's two optional
//! links to rows that no longer exist (its current discussion, the meeting that
//! approved its minutes: rows deleted outside Roundtable) are left empty, as nothing
//! could follow them. The change log keeps its rows: they name meetings by the ids
//! kept here.
//!
//! Two meetings of a panel may not share a day *and* a start time
//! (`meeting_day_time`): a date with its time (`2027-01-13@14:00`) always names one
//! meeting.

/// The rebuild, `kind` and `minutes_sent_on`; see the module documentation.
pub const MIGRATION_MEETINGS: &str = r#"
PRAGMA defer_foreign_keys = ON;
CREATE TABLE meeting_before_18 AS SELECT * FROM meeting;
DROP TABLE meeting;
CREATE TABLE meeting (
    id INTEGER PRIMARY KEY,
    panel_id INTEGER NOT NULL REFERENCES panel(id),
    date TEXT NOT NULL,
    start_time TEXT,
    venue TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'planned'
        CHECK (state IN ('planned', 'in_progress', 'formally_closed', 'closed')),
    current_item INTEGER,
    current_discussion_id INTEGER REFERENCES case_discussion(id),
    started_at TEXT,
    formally_closed_at TEXT,
    closed_at TEXT,
    gate_override_reason TEXT,
    gate_override_at TEXT,
    quorum_override_reason TEXT,
    quorum_override_at TEXT,
    room_terminal TEXT,
    room_blank INTEGER NOT NULL DEFAULT 0,
    room_reveal_discussion_id INTEGER,
    room_reveal_item INTEGER,
    minutes_approved_on TEXT,
    minutes_approved_at_meeting_id INTEGER REFERENCES meeting(id),
    kind TEXT NOT NULL DEFAULT 'ordinary'
        CHECK (kind IN ('ordinary', 'emergency', 'single_case')),
    minutes_sent_on TEXT
);
INSERT INTO meeting (id, panel_id, date, start_time, venue, state, current_item,
    current_discussion_id, started_at, formally_closed_at, closed_at, gate_override_reason,
    gate_override_at, quorum_override_reason, quorum_override_at, room_terminal, room_blank,
    room_reveal_discussion_id, room_reveal_item, minutes_approved_on,
    minutes_approved_at_meeting_id)
SELECT id, panel_id, date, start_time, venue, state, current_item,
    (SELECT d.id FROM case_discussion d WHERE d.id = b.current_discussion_id),
    started_at, formally_closed_at, closed_at, gate_override_reason,
    gate_override_at, quorum_override_reason, quorum_override_at, room_terminal, room_blank,
    room_reveal_discussion_id, room_reveal_item, minutes_approved_on,
    (SELECT a.id FROM meeting_before_18 a WHERE a.id = b.minutes_approved_at_meeting_id)
FROM meeting_before_18 b ORDER BY id;
DROP TABLE meeting_before_18;
CREATE INDEX meeting_panel_date ON meeting(panel_id, date, start_time);
CREATE UNIQUE INDEX meeting_day_time ON meeting(panel_id, date, ifnull(start_time, ''));
"#;

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::super::schema::MIGRATIONS;

    /// A database at schema 17 with two meetings of one panel, the first's minutes
    /// approved at the second (a link forward), attendance and an action at both.
    fn at_17() -> Connection {
        let c = Connection::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
        c.pragma_update(None, "foreign_keys", "ON")
            .unwrap_or_default();
        let here = MIGRATIONS
            .iter()
            .position(|m| *m == super::MIGRATION_MEETINGS)
            .unwrap_or_else(|| panic!("the meetings migration is listed"));
        for sql in &MIGRATIONS[..here] {
            c.execute_batch(sql).unwrap_or_else(|e| panic!("{e}"));
        }
        c.execute_batch(
            "INSERT INTO panel (id, name, short_name, protective_marking, confidentiality_statement,
                risk_scale, agenda, meeting_pattern, created_at)
             VALUES (1, 'Invented Panel', 'IP', 'OFFICIAL', 's', '[]', '[]', '{}', '2026-01-01');
             INSERT INTO agency (id, panel_id, code, name) VALUES (1, 1, 'POL', 'Police');
             INSERT INTO meeting (id, panel_id, date, state) VALUES (1, 1, '2026-11-11', 'closed');
             INSERT INTO meeting (id, panel_id, date, state) VALUES (2, 1, '2026-12-09', 'planned');
             UPDATE meeting SET minutes_approved_on = '2026-12-09', minutes_approved_at_meeting_id = 2
                WHERE id = 1;
             INSERT INTO attendance (meeting_id, name, status) VALUES (1, 'Ada Quenby', 'present');
             INSERT INTO attendance (meeting_id, name, status) VALUES (2, 'Ada Quenby', 'apology');
             INSERT INTO action (meeting_id, description, agency_id, due_on, created_at)
                VALUES (1, 'Visit', 1, '2026-12-01', '2026-11-11');",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        c
    }

    fn count(c: &Connection, sql: &str) -> i64 {
        c.query_row(sql, [], |r| r.get(0)).unwrap_or(-1)
    }

    #[test]
    fn the_rebuild_keeps_ids_links_and_foreign_keys_and_lets_two_meetings_share_a_day() {
        let mut c = at_17();
        let tx = c.transaction().unwrap_or_else(|e| panic!("{e}"));
        tx.execute_batch(super::MIGRATION_MEETINGS)
            .unwrap_or_else(|e| panic!("{e}"));
        tx.commit().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            count(&c, "SELECT COUNT(*) FROM pragma_foreign_key_check"),
            0
        );
        assert_eq!(
            count(
                &c,
                "SELECT minutes_approved_at_meeting_id FROM meeting WHERE id = 1"
            ),
            2
        );
        assert_eq!(
            count(&c, "SELECT COUNT(*) FROM meeting WHERE kind = 'ordinary'"),
            2
        );
        assert_eq!(count(&c, "SELECT COUNT(*) FROM attendance"), 2);
        // Foreign keys still hold against the new table.
        assert!(c
            .execute(
                "INSERT INTO attendance (meeting_id, name, status) VALUES (9, 'X', 'present')",
                []
            )
            .is_err());
        // Two meetings on one day at different times; not at the same time.
        c.execute_batch(
            "UPDATE meeting SET start_time = '10:00' WHERE id = 2;
             INSERT INTO meeting (panel_id, date, start_time, kind)
                VALUES (1, '2026-12-09', '14:00', 'emergency');",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(c
            .execute("INSERT INTO meeting (panel_id, date, start_time) VALUES (1, '2026-12-09', '14:00')", [])
            .is_err());
        assert!(
            c.execute(
                "INSERT INTO meeting (panel_id, date, kind) VALUES (1, '2026-12-10', 'adhoc')",
                []
            )
            .is_err(),
            "kind is one of three"
        );
    }

    #[test]
    fn a_link_to_a_row_deleted_outside_roundtable_is_left_empty() {
        let mut c = at_17();
        c.execute_batch(
            "PRAGMA foreign_keys = OFF;
             UPDATE meeting SET current_discussion_id = 77 WHERE id = 2;
             PRAGMA foreign_keys = ON;",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let tx = c.transaction().unwrap_or_else(|e| panic!("{e}"));
        tx.execute_batch(super::MIGRATION_MEETINGS)
            .unwrap_or_else(|e| panic!("{e}"));
        tx.commit().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            count(
                &c,
                "SELECT COUNT(*) FROM meeting WHERE current_discussion_id IS NULL"
            ),
            2
        );
        assert_eq!(
            count(&c, "SELECT COUNT(*) FROM pragma_foreign_key_check"),
            0
        );
    }
}
