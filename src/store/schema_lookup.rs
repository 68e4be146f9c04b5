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
