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
