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
