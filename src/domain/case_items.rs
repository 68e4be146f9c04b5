//! Which agenda item hears a case (issue 21, gap rows E1 and E2): one rule for every
//! panel. An item takes cases by its kind (MAGPan's new-referrals items by age, its
//! reviews item every review) or, for a generic `kind = "cases"` item, by its filters:
//! `cases = "new" | "review" | "any"`, `min_age`/`max_age`, `levels`, `categories`
//! and `children`. A case goes to the first item in agenda order whose filters take
//! it; a new referral that no item takes is refused at intake.
//!
//! A discussion records the number of the item it is heard at and the case's own
//! kind: a new referral or a review ([`stored_kind`]), so the decisions a panel offers
//! at `new_referrals` and at `reviews` hold for a `cases` item too.

use chrono::NaiveDate;

use super::age::{age_on, StatedAge};
use super::agenda::{number_of, AgendaItemDef, AgendaKind, CaseSort};
use super::subject_kind::SubjectKind;

/// The role of a person of a case (`[[people_per_case.rows]] role`) that makes it a
/// case with children: MARAC's "Children's Details" (003 App 3B).
pub const CHILD_ROLE: &str = "child";

/// The highest MAPPA level and category (levels 1-3, 003 App 2A "Framework";
/// categories 1-3, 002 "How MAPPA works").
pub const MAPPA_MAX: u8 = 3;

/// What routing needs to know about a case, worked out on the meeting date.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CaseFacts {
    /// A review of an open case (`false`: a new referral).
    pub review: bool,
    /// Whole years on the meeting date; `None`: not known.
    pub age: Option<u32>,
    /// The referral's MAPPA level and category as they stand now.
    pub level: Option<u8>,
    pub category: Option<u8>,
    /// The case has children: a person of role [`CHILD_ROLE`] (MARAC's children's
    /// table, whatever their age: the form lists them as the case's children), or a
    /// household member under 18 on the meeting date (Appendix A's household table;
    /// a member whose age cannot be read is not counted). See [`household_child`].
    pub children: bool,
    /// What the case is about (issue 22): a person, a group, a person of concern or
    /// a location; a `cases` item with `subjects` takes only its kinds.
    pub kind: SubjectKind,
}

impl CaseFacts {
    /// A new referral of `age`, nothing else known (MAGPan's routing).
    pub fn new_referral(age: Option<u32>) -> Self {
        CaseFacts {
            age,
            ..Self::default()
        }
    }
}

impl AgendaItemDef {
    /// Does this item take new referrals (`review = false`) or reviews?
    fn takes_sort(&self, review: bool) -> bool {
        match self.kind {
            k if k.is_new_referrals() => !review,
            AgendaKind::Reviews => review,
            AgendaKind::Cases => match self.cases {
                CaseSort::New => !review,
                CaseSort::Review => review,
                CaseSort::Any => true,
            },
            _ => false,
        }
    }

    /// Does this item hear the case? MAGPan's kinds as they always did (new
    /// referrals by age, every review at the reviews item); a `cases` item by all its
    /// filters. An updates item takes its cases by their last decision, not here.
    pub fn hears(&self, f: &CaseFacts) -> bool {
        self.why_not(f).is_none()
    }

    /// The key of the first filter of this item that turns the case away; `None`
    /// when the item hears it.
    pub fn why_not(&self, f: &CaseFacts) -> Option<&'static str> {
        if !self.takes_sort(f.review) {
            return Some(if self.kind == AgendaKind::Cases {
                "cases"
            } else {
                "kind"
            });
        }
        if !self.takes_subject(f.kind) {
            return Some("subjects");
        }
        if self.kind == AgendaKind::Reviews {
            return None;
        }
        if !self.ages_fit(f.age) {
            return Some("age");
        }
        if self.kind != AgendaKind::Cases {
            return None;
        }
        let listed =
            |list: &[u8], v: Option<u8>| list.is_empty() || v.is_some_and(|v| list.contains(&v));
        if !listed(&self.levels, f.level) {
            return Some("levels");
        }
        if !listed(&self.categories, f.category) {
            return Some("categories");
        }
        if self.children.is_some_and(|c| c != f.children) {
            return Some("children");
        }
        None
    }

    /// Does this item take cases about `kind`? Every kind unless `subjects` is given
    /// (issue 22; MAVE items 1-4, 001 "What is the structure ...?"); an item that is
    /// not a `cases` item takes every kind at a reviews item, only people at a
    /// new-referrals item (MAGPan's and DYO's, by age).
    pub fn takes_subject(&self, kind: SubjectKind) -> bool {
        if self.kind.is_new_referrals() {
            return kind == SubjectKind::Person;
        }
        if self.kind != AgendaKind::Cases {
            return true;
        }
        self.subjects.is_empty() || self.subjects.contains(&kind)
    }

    /// What the item takes, in words for a refusal: "10 to 17" for a new-referrals
    /// item (as MAGPan's messages always said), "new referrals and reviews at MAPPA
    /// level 3, with children" for a `cases` item.
    pub fn takes_words(&self) -> String {
        let ages = match self.age_bounds() {
            (Some(lo), Some(hi)) => format!("{lo} to {hi}"),
            (Some(lo), None) => format!("{lo} and over"),
            (None, Some(hi)) => format!("up to {hi}"),
            (None, None) => "any age".into(),
        };
        if self.kind != AgendaKind::Cases {
            return ages;
        }
        let mut out = vec![match self.cases {
            CaseSort::New => "new referrals".to_string(),
            CaseSort::Review => "reviews".to_string(),
            CaseSort::Any => "new referrals and reviews".to_string(),
        }];
        if self.age_bounds() != (None, None) {
            out.push(format!("aged {ages}"));
        }
        let or = |v: &[u8]| v.iter().map(u8::to_string).collect::<Vec<_>>().join(" or ");
        if !self.levels.is_empty() {
            out.push(format!("at MAPPA level {}", or(&self.levels)));
        }
        if !self.categories.is_empty() {
            out.push(format!("of MAPPA category {}", or(&self.categories)));
        }
        if !self.subjects.is_empty() {
            let plural: Vec<&str> = self.subjects.iter().map(|k| k.plural()).collect();
            out.push(format!("about {}", plural.join(" or ")));
        }
        match self.children {
            Some(true) => out.push("with children".into()),
            Some(false) => out.push("without children".into()),
            None => {}
        }
        out.join(", ")
    }
}

/// The item that hears the case: the first in agenda order whose filters take it.
/// `None`: no item of this agenda does. The one place this rule is written.
pub fn route_case<'a>(agenda: &'a [AgendaItemDef], f: &CaseFacts) -> Option<&'a AgendaItemDef> {
    agenda.iter().find(|i| i.hears(f))
}

/// Where a case on its way to a meeting is heard when it fits no item any more (a
/// person who aged out since intake, a level changed to one no item takes): the
/// first item that takes its sort (new referral or review), so no case is dropped;
/// the case page says the rule. `None` when the agenda has no such item.
pub fn route_case_or_first<'a>(
    agenda: &'a [AgendaItemDef],
    f: &CaseFacts,
) -> Option<&'a AgendaItemDef> {
    route_case(agenda, f).or_else(|| agenda.iter().find(|i| i.takes_sort(f.review)))
}

/// The kind a discussion records for a case heard at `item`: the item's own kind,
/// or for a `cases` item the case's: `new_referrals` or `reviews`.
pub fn stored_kind(item: &AgendaItemDef, review: bool) -> AgendaKind {
    match item.kind {
        AgendaKind::Cases if review => AgendaKind::Reviews,
        AgendaKind::Cases => AgendaKind::NewReferrals,
        k => k,
    }
}

/// The number of the item a discussion of `kind` recorded at item `stored` is shown
/// under on the panel's agenda now: the `cases` item of that number when there is
/// one, else the panel's item of its kind (so a renumbered MAGPan file still shows
/// its cases), else `None`.
pub fn case_item_number(agenda: &[AgendaItemDef], kind: AgendaKind, stored: i64) -> Option<u32> {
    agenda
        .iter()
        .find(|i| i.kind == AgendaKind::Cases && i64::from(i.number) == stored)
        .map(|i| i.number)
        .or_else(|| number_of(agenda, kind))
}

/// Is a household member whose "date of birth or age" reads `dob_or_age` under 18 on
/// `on`? A date (`YYYY-MM-DD` or `DD/MM/YYYY`) is aged on `on`; a whole number is the
/// age stated on `received`, aged from then. Anything else cannot be read: `false`.
pub fn household_child(dob_or_age: &str, received: NaiveDate, on: NaiveDate) -> bool {
    let t = dob_or_age.trim();
    let born = match t.parse::<u32>() {
        Ok(years) => StatedAge {
            years,
            on: received,
        }
        .estimated_birth(),
        Err(_) => super::dates::parse_typed_date(t).ok(),
    };
    born.and_then(|b| age_on(b, on)).is_some_and(|a| a < 18)
}

/// What is wrong with the items' case filters, each naming its item and key:
/// `cases`, `levels`, `categories` and `children` belong to a `cases` item, ages to
/// an item that takes new referrals; levels and categories are MAPPA's 1 to 3; the
/// lowest age is not above the highest.
pub fn filter_problems(agenda: &[AgendaItemDef]) -> Vec<String> {
    let mut out = vec![];
    for item in agenda {
        let at = format!("agenda item {}", item.number);
        let generic = item.kind == AgendaKind::Cases;
        let takes_new = item.kind.is_new_referrals() || generic;
        let kind = item.kind.code();
        let mut only_cases = |key: &str, given: bool| {
            if given && !generic {
                out.push(format!(
                    "{at}: {key}: only a cases item takes cases by {key}, not {kind}"
                ));
            }
        };
        only_cases("cases", !item.cases.is_any());
        only_cases("levels", !item.levels.is_empty());
        only_cases("categories", !item.categories.is_empty());
        only_cases("children", item.children.is_some());
        only_cases("subjects", !item.subjects.is_empty());
        for (key, given) in [("min_age", item.min_age), ("max_age", item.max_age)] {
            if given.is_some() && !takes_new {
                out.push(format!(
                    "{at}: {key}: only an item that takes new referrals has ages, not {kind}"
                ));
            }
        }
        if let (Some(lo), Some(hi)) = (item.min_age, item.max_age) {
            if lo > hi {
                out.push(format!("{at}: min_age: {lo} is above max_age {hi}"));
            }
        }
        for (key, list, what) in [
            ("levels", &item.levels, "level"),
            ("categories", &item.categories, "category"),
        ] {
            for v in list.iter().filter(|v| !(1..=MAPPA_MAX).contains(*v)) {
                out.push(format!(
                    "{at}: {key}: {v} is not a MAPPA {what} (1-{MAPPA_MAX})"
                ));
            }
        }
    }
    out
}

#[cfg(test)]
#[path = "case_items_tests.rs"]
mod tests;
