//! Age on the meeting date, and from it the agenda item for a new referral.

use chrono::{Datelike, NaiveDate};

use super::agenda::AgendaItemDef;
#[cfg(test)]
use super::agenda::AgendaKind;
use super::case_items::CaseFacts;

/// Whole years completed on `on`. A person born on 29 February reaches a new
/// year of age on 1 March in years without a 29 February (the usual UK reading).
/// Returns `None` when `on` is before the date of birth.
pub fn age_on(date_of_birth: NaiveDate, on: NaiveDate) -> Option<u32> {
    if on < date_of_birth {
        return None;
    }
    let mut years = on.year() - date_of_birth.year();
    if (on.month(), on.day()) < (date_of_birth.month(), date_of_birth.day()) {
        years -= 1;
    }
    u32::try_from(years).ok()
}

/// The agenda item a new referral is heard under, by age on the meeting date: the
/// first item whose filters take a new referral of that age (MAGPan, Appendix D items
/// 6 and 7: 18 and over, else under 18, also when the date of birth is not known).
/// `None`: no item of this panel hears that age. Routing by everything else known of
/// a case is [`crate::domain::case_items::route_case`].
pub fn new_referral_item(
    agenda: &[AgendaItemDef],
    date_of_birth: Option<NaiveDate>,
    meeting: NaiveDate,
) -> Option<&AgendaItemDef> {
    route(agenda, date_of_birth.and_then(|d| age_on(d, meeting)))
}

/// The same rule from an age already worked out (`None`: not known).
pub fn route(agenda: &[AgendaItemDef], age: Option<u32>) -> Option<&AgendaItemDef> {
    super::case_items::route_case(agenda, &CaseFacts::new_referral(age))
}

/// Where a new referral that fits no item is heard all the same (a person who aged
/// out between intake and the meeting): the first item that takes new referrals, so
/// no case is dropped; the case page says the age rule. `None` when the agenda has
/// none.
pub fn route_or_first(agenda: &[AgendaItemDef], age: Option<u32>) -> Option<&AgendaItemDef> {
    super::case_items::route_case_or_first(agenda, &CaseFacts::new_referral(age))
}

/// An age stated on a form that gives no date of birth, and the day it was stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct StatedAge {
    /// Whole years.
    pub years: u32,
    /// The day the age was true (the date the referral was received).
    pub on: NaiveDate,
}

impl StatedAge {
    /// The oldest age a form can state and be believed.
    pub const MAX_YEARS: u32 = 100;

    /// An estimated date of birth: half a year before the latest birthday the age
    /// allows, so [`age_on`] gives `years` on the day stated and the estimate is at
    /// most six months out. `None` when the date would be out of range.
    pub fn estimated_birth(&self) -> Option<NaiveDate> {
        self.on.checked_sub_months(chrono::Months::new(
            self.years.checked_mul(12)?.checked_add(6)?,
        ))
    }
}

/// Age bands for the section 12 monitoring return.
pub fn age_band(age: u32) -> &'static str {
    match age {
        0..=9 => "under 10",
        10..=13 => "10-13",
        14..=15 => "14-15",
        16..=17 => "16-17",
        18..=20 => "18-20",
        21..=24 => "21-24",
        _ => "25 and over",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn kind(dob: &str, meeting: &str) -> Option<AgendaKind> {
        let panel = crate::domain::panel_def::PanelDef::magpan();
        new_referral_item(&panel.agenda, Some(d(dob)), d(meeting)).map(|i| i.kind)
    }

    #[test]
    fn appendix_d_eighteenth_birthday_on_meeting_date_goes_to_item_7() {
        // Appendix D: item 6 is "New Referrals (under 18s)", item 7 "over 18s".
        // On the 18th birthday the person is 18, so no longer under 18.
        assert_eq!(age_on(d("2008-03-11"), d("2026-03-11")), Some(18));
        assert_eq!(
            kind("2008-03-11", "2026-03-11"),
            Some(AgendaKind::NewReferralsOver18)
        );
    }

    #[test]
    fn appendix_d_day_before_eighteenth_birthday_is_item_6() {
        assert_eq!(age_on(d("2008-03-12"), d("2026-03-11")), Some(17));
        assert_eq!(
            kind("2008-03-12", "2026-03-11"),
            Some(AgendaKind::NewReferralsUnder18)
        );
        let panel = crate::domain::panel_def::PanelDef::magpan();
        assert_eq!(
            route(&panel.agenda, None).map(|i| i.number),
            Some(6),
            "Appendix D: no date of birth is heard at item 6"
        );
    }

    #[test]
    fn an_item_narrowed_to_10_to_17_takes_no_one_else() {
        // 003 App 4A "Role": DYO hears 10-17 year olds, at one new-cases item.
        let item: AgendaItemDef = toml::from_str(
            "number = 3\ntitle = \"New cases\"\nkind = \"new_referrals\"\nmin_age = 10\nmax_age = 17",
        )
        .unwrap();
        let agenda = [item];
        assert!(route(&agenda, Some(8)).is_none());
        assert!(route(&agenda, Some(18)).is_none());
        assert_eq!(route(&agenda, Some(10)).map(|i| i.number), Some(3));
        assert!(
            route(&agenda, None).is_none(),
            "an unknown age has no lower bound"
        );
        assert_eq!(route_or_first(&agenda, Some(18)).map(|i| i.number), Some(3));
    }

    #[test]
    fn leap_day_birthday_counts_from_first_of_march() {
        assert_eq!(age_on(d("2008-02-29"), d("2026-02-28")), Some(17));
        assert_eq!(age_on(d("2008-02-29"), d("2026-03-01")), Some(18));
        assert_eq!(age_on(d("2008-02-29"), d("2028-02-29")), Some(20));
    }

    #[test]
    fn meeting_before_birth_has_no_age() {
        assert_eq!(age_on(d("2026-05-01"), d("2026-04-30")), None);
        assert_eq!(age_on(d("2026-05-01"), d("2026-05-01")), Some(0));
    }

    #[test]
    fn section_9_age_bands_cover_under_25_and_over() {
        assert_eq!(age_band(17), "16-17");
        assert_eq!(age_band(18), "18-20");
        assert_eq!(age_band(24), "21-24");
        assert_eq!(age_band(25), "25 and over");
    }
}
