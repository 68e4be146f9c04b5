//! Indexes added for the lookups on encrypted databases (issue 24), where every page
//! read from the file costs a check and a decryption: a lookup should read only the
//! pages of what it prints.

/// The calendar publishes a closed case's plan date still to come as cancelled: the
/// closed cases with a plan date from today are found by this index (status, then
/// plan date) instead of reading every closed case's row (3,174 rows, most of the
/// referral table, in the ten-year demo).
pub const MIGRATION_LOOKUP_INDEXES: &str = r#"
CREATE INDEX referral_status_plan ON referral(status, plan_due_on);
"#;

/// The return's intervention-plan rows set in a period (section 12): those set at a
/// meeting are found from the period's meetings by this index; those recorded between
/// meetings (no meeting) by the same index, then by when they were recorded. Before,
/// every plan row was read to look at its meeting's date (on an encrypted database:
/// 355 of the 884 pages a year's return read at 107,000 actions).
pub const MIGRATION_INTERVENTION_INDEXES: &str = r#"
CREATE INDEX intervention_meeting ON intervention(meeting_id, created_at);
"#;

/// The draft agenda's "Between meetings" (issue 26's drift): the open actions carried
/// over, with what an escalation line prints, in a small index of their own (only
/// open actions with a `carried_from` link), so the escalations no longer read every
/// open action; and each case's last completed action from an index of the done
/// actions by case and day (the plans not progressing), not their rows.
pub const MIGRATION_DRIFT_INDEXES: &str = r#"
CREATE INDEX action_open_carried ON action(id, carried_from_action_id, agency_id, due_on,
    referral_id) WHERE status = 'open' AND carried_from_action_id IS NOT NULL;
CREATE INDEX action_done_by_case ON action(referral_id, completed_on)
    WHERE status = 'done';
"#;

/// How many times each action has been carried over (issue 24): the links up its
/// chain of `carried_from_action_id` (an action never carried over: 0; carried from an
/// action that was not: 1; at most 1,000), kept in `action.carried_over` so the lists,
/// the escalation line, the agenda's "Between meetings" and the status sheets read a
/// number instead of walking each chain (at 1,000,000 actions the walks read ~420 of
/// the ~1,160 pages of an agency's overdue list, each decrypted on a real database).
///
/// Kept by the database itself, whatever writes the row: a new carried action takes
/// its parent's count plus one (`action_carried_over_new`: a writer may give the
/// count itself, as the demo's bulk load does, and only a count that is not that is
/// written again); a link changed (the
/// purge unlinks actions whose parent goes) counts the action and every action carried
/// from it again by the walk (`action_carried_over_relink`). The existing rows are
/// counted by the same walk the lookups ran before. The open actions' covering
/// indexes are made again with the count, and the open carried actions' index leads
/// with it (the agenda's escalations are those at or over a number).
pub const MIGRATION_CARRIED_OVER: &str = r#"
ALTER TABLE action ADD COLUMN carried_over INTEGER NOT NULL DEFAULT 0;
CREATE INDEX action_carried_children ON action(carried_from_action_id)
    WHERE carried_from_action_id IS NOT NULL;
UPDATE action SET carried_over = (WITH RECURSIVE up(prev, n) AS (
        SELECT action.carried_from_action_id, 0
        UNION ALL
        SELECT p.carried_from_action_id, up.n + 1 FROM up
        LEFT JOIN action p INDEXED BY action_carried_from
          ON p.id = up.prev AND p.carried_from_action_id IS NOT NULL
        WHERE up.prev IS NOT NULL AND up.n < 1000)
    SELECT max(n) FROM up)
WHERE carried_from_action_id IS NOT NULL;
CREATE TRIGGER action_carried_over_new AFTER INSERT ON action
WHEN NEW.carried_from_action_id IS NOT NULL AND NEW.carried_over IS NOT min(1000, 1 + coalesce(
        (SELECT p.carried_over FROM action p WHERE p.id = NEW.carried_from_action_id), 0))
BEGIN
    UPDATE action SET carried_over = min(1000, 1 + coalesce(
        (SELECT p.carried_over FROM action p WHERE p.id = NEW.carried_from_action_id), 0))
    WHERE id = NEW.id;
END;
CREATE TRIGGER action_carried_over_relink AFTER UPDATE OF carried_from_action_id ON action
BEGIN
    UPDATE action SET carried_over = (WITH RECURSIVE up(prev, n) AS (
            SELECT action.carried_from_action_id, 0
            UNION ALL
            SELECT p.carried_from_action_id, up.n + 1 FROM up
            LEFT JOIN action p INDEXED BY action_carried_from
              ON p.id = up.prev AND p.carried_from_action_id IS NOT NULL
            WHERE up.prev IS NOT NULL AND up.n < 1000)
        SELECT max(n) FROM up)
    WHERE id IN (WITH RECURSIVE down(id) AS (
            SELECT NEW.id
            UNION
            SELECT c.id FROM action c INDEXED BY action_carried_children
            JOIN down ON c.carried_from_action_id = down.id)
        SELECT id FROM down);
END;
DROP INDEX action_open_agency_due;
CREATE INDEX action_open_agency_due ON action(agency_id, status, due_on, id, meeting_id,
    referral_id, description, person, volunteered_by, volunteered_by_member_id, completed_on,
    completion_note, reviewed_at_meeting_id, carried_from_action_id, volunteered_how,
    carried_over)
    WHERE status = 'open';
DROP INDEX action_open_due;
CREATE INDEX action_open_due ON action(status, due_on, id, agency_id, meeting_id,
    referral_id, description, person, volunteered_by, volunteered_by_member_id, completed_on,
    completion_note, reviewed_at_meeting_id, carried_from_action_id, volunteered_how,
    carried_over)
    WHERE status = 'open';
DROP INDEX action_open_carried;
CREATE INDEX action_open_carried ON action(carried_over, agency_id, due_on, id,
    referral_id, carried_from_action_id) WHERE status = 'open' AND carried_from_action_id IS NOT NULL;
"#;
