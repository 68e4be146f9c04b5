//! Proven offending for the section 12 return: "pre referral, during intervention –
//! inc offence type, seriousness, frequency, offence location, outcome, involvement of
//! knives, involvement of guns, involvement of other weapon, link to drugs in
//! commission of offence – drug type, drug use, drug supply".

use chrono::NaiveDate;

/// When a proven offence happened, against the case's own dates. Worked out, never
/// typed, so one offence is counted the same way by everyone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OffencePeriod {
    /// Before the referral was received.
    BeforeReferral,
    /// While the case was open to the panel (from opening to closure, or now).
    DuringIntervention,
    /// Between referral and opening, after closure, or for a case never opened.
    Other,
}

impl OffencePeriod {
    /// The period of an offence on `on` for a case received on `received`, opened on
    /// `opened` (if it was) and closed on `closed` (if it was).
    pub fn of(
        on: NaiveDate,
        received: NaiveDate,
        opened: Option<NaiveDate>,
        closed: Option<NaiveDate>,
    ) -> OffencePeriod {
        if on < received {
            return OffencePeriod::BeforeReferral;
        }
        match opened {
            Some(o) if on >= o && closed.is_none_or(|c| on <= c) => {
                OffencePeriod::DuringIntervention
            }
            _ => OffencePeriod::Other,
        }
    }

    /// As the return heads it.
    pub fn label(self) -> &'static str {
        match self {
            OffencePeriod::BeforeReferral => "before referral",
            OffencePeriod::DuringIntervention => "during intervention",
            OffencePeriod::Other => "other times",
        }
    }
}

/// Seriousness on the Youth Justice Board's gravity scale, 1 (least) to 8.
pub const SERIOUSNESS: std::ops::RangeInclusive<u8> = 1..=8;

/// A seriousness band for the return: 1-3 low, 4-6 medium, 7-8 high.
pub fn seriousness_band(score: u8) -> &'static str {
    match score {
        0..=3 => "gravity 1-3",
        4..=6 => "gravity 4-6",
        _ => "gravity 7-8",
    }
}

/// How often one person offended in a period, banded for the return.
pub fn frequency_band(offences: usize) -> &'static str {
    match offences {
        0 | 1 => "1 offence",
        2..=4 => "2-4 offences",
        _ => "5 or more offences",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn section_12_pre_referral_and_during_intervention_follow_the_cases_dates() {
        let (rec, open, close) = (
            d("2026-03-01"),
            Some(d("2026-03-11")),
            Some(d("2026-09-09")),
        );
        let p = |on| OffencePeriod::of(d(on), rec, open, close);
        assert_eq!(p("2026-02-28"), OffencePeriod::BeforeReferral);
        assert_eq!(
            p("2026-03-05"),
            OffencePeriod::Other,
            "referred, not yet open"
        );
        assert_eq!(p("2026-03-11"), OffencePeriod::DuringIntervention);
        assert_eq!(p("2026-09-09"), OffencePeriod::DuringIntervention);
        assert_eq!(p("2026-09-10"), OffencePeriod::Other, "after closure");
        assert_eq!(
            OffencePeriod::of(d("2027-01-01"), rec, open, None),
            OffencePeriod::DuringIntervention,
            "still open"
        );
        assert_eq!(
            OffencePeriod::of(d("2026-04-01"), rec, None, None),
            OffencePeriod::Other
        );
    }

    #[test]
    fn bands() {
        assert_eq!(seriousness_band(3), "gravity 1-3");
        assert_eq!(seriousness_band(4), "gravity 4-6");
        assert_eq!(seriousness_band(8), "gravity 7-8");
        assert_eq!(frequency_band(1), "1 offence");
        assert_eq!(frequency_band(4), "2-4 offences");
        assert_eq!(frequency_band(5), "5 or more offences");
    }
}
