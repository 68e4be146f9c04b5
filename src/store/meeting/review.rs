//! Section 7.9: a lead agency may ask the chair to bring a case's review forward when
//! risk has risen or the person is not complying.

use chrono::NaiveDate;

use crate::domain::paperwork::Rule;
use crate::domain::types::CaseStatus;
use crate::store::ids::*;
use crate::store::write::{date, text, Table};
use crate::store::{Result, Store, StoreError};

impl Store {
    /// Bring case `id`'s next review forward to `to`, asked for on `on` for `reason`
    /// (section 7.9). Returns the earlier review date. Errors: `Rule` for a case that
    /// is not open, a blank reason, or a date not before the review already set or
    /// before `on`; `NotFound`.
    pub fn bring_review_forward(
        &self,
        id: ReferralId,
        to: NaiveDate,
        on: NaiveDate,
        reason: &str,
    ) -> Result<Option<NaiveDate>> {
        let r = self.referral(id)?;
        if r.status != CaseStatus::Open {
            return Err(StoreError::Rule(format!(
                "case {id} is {}: only an open case has a review to bring forward",
                r.status.label()
            )));
        }
        if reason.trim().is_empty() {
            // MAGPan's section 7.9 gives the grounds; another panel is asked for a reason.
            let cite = self.panel_info(None)?.paperwork.cite;
            return Err(StoreError::Rule(match cite.get(Rule::BroughtForward) {
                Some(s) => {
                    format!("say why ({s}: risk significantly increased, or not complying)")
                }
                None => "say why the review is brought forward".into(),
            }));
        }
        if to < on {
            return Err(StoreError::Rule(format!(
                "{} is in the past",
                to.format("%Y-%m-%d")
            )));
        }
        if r.next_review_on.is_some_and(|d| to >= d) {
            return Err(StoreError::Rule(format!(
                "the review is already due on {}: an early review is before that",
                r.next_review_on
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default()
            )));
        }
        self.atomic(|s| {
            let t = Table::Referral;
            s.set_field(t, id.0, "next_review_on", date(to))?;
            s.set_field(t, id.0, "early_review_requested_on", date(on))?;
            s.set_field(t, id.0, "early_review_reason", text(reason.trim()))?;
            Ok(())
        })?;
        Ok(r.next_review_on)
    }
}
