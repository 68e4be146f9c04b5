//! The monitoring return's counts as published: small numbers suppressed (see
//! [`crate::domain::disclosure`]) against the totals they add up to.

use std::collections::BTreeMap;

use super::{Count, ReferralFigures, RiskChange, RiskOutcome};
use crate::domain::disclosure::{self, Shown};

/// Referrals received in the period, by outcome and by flag, as counted.
#[derive(Debug, Clone, Default)]
pub(super) struct RawReferrals {
    pub(super) received: usize,
    pub(super) accepted: usize,
    pub(super) one_to_watch: usize,
    pub(super) declined: usize,
    pub(super) referred_elsewhere: usize,
    pub(super) excluded_mappa: usize,
    pub(super) awaiting_decision: usize,
    pub(super) previously_known: usize,
    pub(super) urgent: usize,
    pub(super) linked_to_named_gang: usize,
    pub(super) mappa_level_1: usize,
}

impl RawReferrals {
    pub(super) fn published(&self, threshold: u32) -> ReferralFigures {
        let (o, total) = disclosure::group(
            &[
                self.accepted,
                self.one_to_watch,
                self.declined,
                self.referred_elsewhere,
                self.excluded_mappa,
                self.awaiting_decision,
            ],
            Some(self.received),
            threshold,
        );
        let one = |n| disclosure::single(n, threshold);
        ReferralFigures {
            received: total.unwrap_or(Shown::Exact(self.received)),
            accepted: o[0],
            one_to_watch: o[1],
            declined: o[2],
            referred_elsewhere: o[3],
            excluded_mappa: o[4],
            awaiting_decision: o[5],
            previously_known: one(self.previously_known),
            urgent: one(self.urgent),
            linked_to_named_gang: one(self.linked_to_named_gang),
            mappa_level_1: one(self.mappa_level_1),
        }
    }
}

/// Risk at the start and end of the cases closed in the period, as counted.
#[derive(Debug, Clone, Default)]
pub(super) struct RawRisk {
    pub(super) closed_cases: usize,
    pub(super) reduced: usize,
    pub(super) unchanged: usize,
    pub(super) increased: usize,
    pub(super) not_recorded: usize,
    pub(super) changes: Vec<(String, String, usize)>,
}

impl RawRisk {
    pub(super) fn published(&self, threshold: u32) -> RiskOutcome {
        let (o, total) = disclosure::group(
            &[
                self.reduced,
                self.unchanged,
                self.increased,
                self.not_recorded,
            ],
            Some(self.closed_cases),
            threshold,
        );
        let pairs: Vec<usize> = self.changes.iter().map(|c| c.2).collect();
        let known = self.closed_cases - self.not_recorded.min(self.closed_cases);
        let (p, _) = disclosure::group(&pairs, Some(known), threshold);
        RiskOutcome {
            closed_cases: total.unwrap_or(Shown::Exact(self.closed_cases)),
            reduced: o[0],
            unchanged: o[1],
            increased: o[2],
            not_recorded: o[3],
            changes: self
                .changes
                .iter()
                .zip(p)
                .map(|((start, end, _), count)| RiskChange {
                    start: start.clone(),
                    end: end.clone(),
                    count,
                })
                .collect(),
        }
    }
}

/// Counts by key, published: small ones suppressed (see [`disclosure::group`])
/// against `total` when the counts add up to a total shown elsewhere; largest
/// first, the suppressed ones last by key (their order would say which is larger).
pub(super) fn counts(
    m: BTreeMap<String, usize>,
    total: Option<usize>,
    threshold: u32,
) -> Vec<Count> {
    counts_and_total(m, total, threshold).0
}

/// [`counts`], with the total as published beside them (withheld when the group's
/// suppression needs it to be).
pub(super) fn counts_and_total(
    m: BTreeMap<String, usize>,
    total: Option<usize>,
    threshold: u32,
) -> (Vec<Count>, Option<Shown>) {
    let raw: Vec<usize> = m.values().copied().collect();
    let (shown, total) = disclosure::group(&raw, total, threshold);
    let mut v: Vec<Count> = m
        .into_keys()
        .zip(shown)
        .map(|(key, count)| Count { key, count })
        .collect();
    let rank = |c: &Count| std::cmp::Reverse(c.count.exact().map_or(0, |n| n + 1));
    v.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.key.cmp(&b.key)));
    (v, total)
}
