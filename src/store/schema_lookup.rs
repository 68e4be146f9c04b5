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

/// The links up an action's chain of `carried_from_action_id` (the row `action` being
/// updated), walked in the index of carried actions; at most 1,000. One text for the
/// count of existing rows and for the trigger that counts again after a link changes.
macro_rules! carry_walk {
    () => {
        "(WITH RECURSIVE up(prev, n) AS (
        SELECT action.carried_from_action_id, 0
        UNION ALL
        SELECT p.carried_from_action_id, up.n + 1 FROM up
        LEFT JOIN action p INDEXED BY action_carried_from
          ON p.id = up.prev AND p.carried_from_action_id IS NOT NULL
        WHERE up.prev IS NOT NULL AND up.n < 1000)
    SELECT max(n) FROM up)"
    };
}

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
/// written again); a link changed (the purge unlinks actions whose parent goes)
/// counts the action and every action carried from it again by the walk (`action_carried_over_relink`). The existing rows are
/// counted by the same walk the lookups ran before. The open actions' covering
/// indexes are made again with the count, and the open carried actions' index leads
/// with it (the agenda's escalations are those at or over a number).
pub const MIGRATION_CARRIED_OVER: &str = concat!(
    "
ALTER TABLE action ADD COLUMN carried_over INTEGER NOT NULL DEFAULT 0;
CREATE INDEX action_carried_children ON action(carried_from_action_id)
    WHERE carried_from_action_id IS NOT NULL;
UPDATE action SET carried_over = ",
    carry_walk!(),
    "
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
    UPDATE action SET carried_over = ",
    carry_walk!(),
    "
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
"
);

/// What the draft agenda and the year's return read of each case's discussions and of
/// the cases closed, in indexes of their own (issue 24, at 1M actions under a raw
/// key): each case's discussions by case with their decision, item, completion and
/// meeting (the return's first decision on each referral received, the agenda's
/// reviews held and "not reached", the updates' last decision), not their rows with
/// the minutes' text (the return read ~700 discussion pages for 2,000 referrals); and
/// the closed cases by day closed with what the return counts of them (risk at the
/// start and end, discharged to MAPPA), not their whole referral rows; the reasons
/// of each decision to decline (what the return prints of a first decision) apart
/// from the other discussions; and each subject's panel, for the return's checks
/// that a case is the panel's, not the subject's row; and the plan rows' core issue,
/// intervention and agency beside their meeting and day recorded (the return counts
/// those three of each row set in its period), not the rows with their progress; and
/// the referrals by day received with what the return counts of each (outcome, flags,
/// core reason, ward, legal statuses, issues, the agencies), not the referral rows
/// with their concerns, address and contacts; and the onward referrals made by
/// discussion with their kind and whom they are for, without every one considered
/// and its note.
pub const MIGRATION_OUTCOME_INDEXES: &str = r#"
CREATE INDEX discussion_referral_outcome ON case_discussion(referral_id, decision,
    item_kind, completed_at, meeting_id);
CREATE INDEX discussion_declined ON case_discussion(id, decision_reasons)
    WHERE decision = 'decline';
CREATE INDEX referral_closed_risk ON referral(closed_on, discharged_to_mappa, risk_start,
    risk_current, subject_id) WHERE status = 'closed';
CREATE INDEX subject_id_panel ON subject(id, panel_id);
CREATE INDEX intervention_meeting_issue ON intervention(meeting_id, created_at,
    referral_id, agency_id, core_issue, intervention);
CREATE INDEX referral_received_tally ON referral(date_received, id, subject_id,
    referring_agency_id, lead_agency_id, screening, previously_known, urgent, named_gang,
    mappa_level, core_reason, ward, welfare_legal_status, criminal_legal_status, cse_issue,
    radicalisation_issue);
CREATE INDEX onward_made_kind ON onward_referral(discussion_id, kind, cp_for)
    WHERE state = 'made';
"#;

/// The draft agenda's plans not progressing (issue 26's drift): the open cases opened
/// by a day, with their subjects, from a small index of open cases (issue 24: the
/// 438 open cases' wide rows were ~200 of the agenda's pages at 1,000,000 actions).
pub const MIGRATION_STALLED_INDEX: &str = r#"
CREATE INDEX referral_open_opened ON referral(opened_on, id, subject_id)
    WHERE status = 'open';
"#;

/// A case's open actions, and those of the cases of everyone with a name, in a
/// covering index of their own (issue 24): `actions --case ID` and `actions --subject
/// NAME` read the index, not each action's row (a common surname in a county's ten
/// years is some 2,000 open actions, ~2,500 pages decrypted). Every column a list
/// reads, as in the open actions' indexes by agency and by date.
pub const MIGRATION_OPEN_BY_CASE: &str = r#"
CREATE INDEX action_open_referral ON action(referral_id, due_on, id, status, meeting_id,
    agency_id, description, person, volunteered_by, volunteered_by_member_id, completed_on,
    completion_note, reviewed_at_meeting_id, carried_from_action_id, volunteered_how,
    carried_over)
    WHERE status = 'open';
"#;
