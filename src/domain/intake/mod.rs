//! Between meetings: the referral form (Appendix A, and the section 12 fields known
//! at referral) checked field by field, and where a referral goes under the
//! 15-working-day rule (section 11). Pure functions over plain structs: no database,
//! no terminal. The command line uses them now; a terminal form calls the same ones,
//! showing each [`FieldIssue`] at its field and keeping what was typed. Screening is
//! in `screening.rs`, members in `members.rs`.
//!
//! Here: reading single fields (`fields.rs`), the form and the checked referral
//! (`form.rs`), the checks (`check.rs`), and where a referral goes
//! (`destination.rs`).

mod check;
mod destination;
mod fields;
mod form;

pub use check::check_referral;
pub use destination::{destination, form_destination, status_before_meeting, Destination};
pub use fields::{agency_code, parse_date, FieldIssue};
pub(crate) use fields::{code_key, coded, codes, fmt, mappa_number, required};
pub use form::{CheckedReferral, HouseholdForm, IntakeContext, ReferralForm};

#[cfg(test)]
mod tests;
