use super::*;
use crate::domain::panel_def::{agenda_problems, PanelDef};

/// An agenda from `[[agenda]]` tables.
fn agenda(toml_text: &str) -> Vec<AgendaItemDef> {
    #[derive(serde::Deserialize)]
    struct A {
        agenda: Vec<AgendaItemDef>,
    }
    toml::from_str::<A>(toml_text)
        .expect("agenda parses")
        .agenda
}

const OPENING: &str = r#"
[[agenda]]
number = 1
title = "Introductions"
kind = "introductions"
[[agenda]]
number = 2
title = "Confidentiality"
kind = "confidentiality"
"#;

fn marac() -> Vec<AgendaItemDef> {
    agenda(&format!(
        "{OPENING}
[[agenda]]
number = 3
title = \"Cases with children\"
kind = \"cases\"
children = true
[[agenda]]
number = 4
title = \"Other cases\"
kind = \"cases\"
"
    ))
}

fn mappa() -> Vec<AgendaItemDef> {
    agenda(&format!(
        "{OPENING}
[[agenda]]
number = 3
title = \"Level 3 cases\"
kind = \"cases\"
levels = [3]
[[agenda]]
number = 4
title = \"Level 2 cases\"
kind = \"cases\"
levels = [2]
"
    ))
}

fn at(agenda: &[AgendaItemDef], f: CaseFacts) -> Option<u32> {
    route_case(agenda, &f).map(|i| i.number)
}

#[test]
fn appendix_d_magpan_routes_as_before() {
    // 000 Appendix D items 6-8: under 18 (or no date of birth) at 6, 18 and over at
    // 7, every review at 8, whatever else is known of the case.
    let a = PanelDef::magpan().agenda;
    assert_eq!(at(&a, CaseFacts::new_referral(Some(17))), Some(6));
    assert_eq!(at(&a, CaseFacts::new_referral(Some(18))), Some(7));
    assert_eq!(at(&a, CaseFacts::new_referral(None)), Some(6));
    let review = CaseFacts {
        review: true,
        age: Some(30),
        level: Some(3),
        children: true,
        ..CaseFacts::default()
    };
    assert_eq!(at(&a, review), Some(8));
    assert_eq!(stored_kind(&a[7], true), AgendaKind::Reviews);
    assert_eq!(stored_kind(&a[5], false), AgendaKind::NewReferralsUnder18);
}

#[test]
fn app_3a_marac_case_with_children_goes_to_the_first_item() {
    // 003 App 3A "Clients consent": children in the household change how a case is
    // handled; the panel file hears those cases first.
    let a = marac();
    let child = CaseFacts {
        children: true,
        ..CaseFacts::default()
    };
    assert_eq!(at(&a, child), Some(3));
    assert_eq!(at(&a, CaseFacts::default()), Some(4));
    let review = CaseFacts {
        review: true,
        children: true,
        ..CaseFacts::default()
    };
    assert_eq!(at(&a, review), Some(3), "cases = \"any\": reviews too");
    assert_eq!(stored_kind(&a[2], true), AgendaKind::Reviews);
    assert_eq!(stored_kind(&a[2], false), AgendaKind::NewReferrals);
}

#[test]
fn app_2a_mappa_levels_go_to_their_items_and_level_1_to_none() {
    // 003 App 2A "Framework": level 1 is not heard ("Panel will not meet on these
    // cases"); levels 2 and 3 each at their own item.
    let a = mappa();
    let level = |l: Option<u8>, review: bool| CaseFacts {
        review,
        level: l,
        ..CaseFacts::default()
    };
    assert_eq!(at(&a, level(Some(3), false)), Some(3));
    assert_eq!(at(&a, level(Some(2), false)), Some(4));
    assert_eq!(at(&a, level(Some(2), true)), Some(4));
    assert_eq!(at(&a, level(Some(1), false)), None);
    assert_eq!(at(&a, level(None, false)), None, "no level: no level item");
    assert_eq!(a[2].why_not(&level(Some(1), false)), Some("levels"));
    // On its way to a meeting, a case is never dropped: the first case item.
    assert_eq!(
        route_case_or_first(&a, &level(Some(1), true)).map(|i| i.number),
        Some(3)
    );
    assert_eq!(
        a[2].takes_words(),
        "new referrals and reviews, at MAPPA level 3"
    );
}

#[test]
fn filters_combine_and_the_sort_is_kept() {
    let a = agenda(&format!(
        "{OPENING}
[[agenda]]
number = 3
title = \"New young cases\"
kind = \"cases\"
cases = \"new\"
max_age = 17
categories = [1, 2]
children = false
[[agenda]]
number = 4
title = \"Reviews\"
kind = \"cases\"
cases = \"review\"
"
    ));
    let f = CaseFacts {
        age: Some(16),
        category: Some(2),
        ..CaseFacts::default()
    };
    assert_eq!(at(&a, f), Some(3));
    assert_eq!(at(&a, CaseFacts { age: Some(18), ..f }), None);
    assert_eq!(a[2].why_not(&CaseFacts { age: Some(18), ..f }), Some("age"));
    assert_eq!(
        a[2].why_not(&CaseFacts {
            category: Some(3),
            ..f
        }),
        Some("categories")
    );
    assert_eq!(
        a[2].why_not(&CaseFacts {
            children: true,
            ..f
        }),
        Some("children")
    );
    assert_eq!(at(&a, CaseFacts { review: true, ..f }), Some(4));
    assert_eq!(a[3].why_not(&f), Some("cases"));
    assert_eq!(
        a[2].takes_words(),
        "new referrals, aged up to 17, of MAPPA category 1 or 2, without children"
    );
    assert!(agenda_problems(&a).is_empty(), "{:?}", agenda_problems(&a));
}

#[test]
fn two_cases_items_are_accepted_and_bad_filters_are_named_by_their_key() {
    assert!(agenda_problems(&marac()).is_empty());
    assert!(agenda_problems(&mappa()).is_empty());
    let bad = agenda(&format!(
        "{OPENING}
[[agenda]]
number = 3
title = \"Cases\"
kind = \"cases\"
levels = [2, 5]
categories = [0]
min_age = 18
max_age = 10
[[agenda]]
number = 4
title = \"Reviews\"
kind = \"reviews\"
levels = [3]
children = true
min_age = 18
"
    ));
    let p = agenda_problems(&bad);
    for want in [
        "agenda item 3: levels: 5 is not a MAPPA level (1-3)",
        "agenda item 3: categories: 0 is not a MAPPA category (1-3)",
        "agenda item 3: min_age: 18 is above max_age 10",
        "agenda item 4: levels: only a cases item takes cases by levels, not reviews",
        "agenda item 4: children: only a cases item takes cases by children, not reviews",
        "agenda item 4: min_age: only an item that takes new referrals has ages, not reviews",
    ] {
        assert!(p.iter().any(|l| l == want), "{want} missing from {p:?}");
    }
    assert_eq!(p.len(), 6, "{p:?}");
    // MAGPan's kinds still come once each.
    let twice = agenda(&format!(
        "{OPENING}
[[agenda]]
number = 3
title = \"Reviews\"
kind = \"reviews\"
[[agenda]]
number = 4
title = \"More reviews\"
kind = \"reviews\"
"
    ));
    assert!(agenda_problems(&twice)
        .iter()
        .any(|l| l == "agenda[3].kind: reviews appears twice"));
}

#[test]
fn a_stored_discussion_is_shown_under_its_cases_item_or_its_kind() {
    let a = marac();
    assert_eq!(case_item_number(&a, AgendaKind::NewReferrals, 4), Some(4));
    assert_eq!(case_item_number(&a, AgendaKind::Reviews, 3), Some(3));
    assert_eq!(case_item_number(&a, AgendaKind::Reviews, 9), None);
    let m = PanelDef::magpan().agenda;
    assert_eq!(case_item_number(&m, AgendaKind::Reviews, 18), Some(8));
}

#[test]
fn household_members_under_18_are_children() {
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    let (received, meeting) = (d("2026-03-02"), d("2026-03-17"));
    assert!(household_child("9", received, meeting));
    assert!(household_child("17", received, meeting));
    assert!(
        !household_child("17", received, d("2027-03-17")),
        "18 by then"
    );
    assert!(household_child("2015-06-01", received, meeting));
    assert!(household_child("01/06/2015", received, meeting));
    assert!(!household_child("1990-06-01", received, meeting));
    assert!(!household_child("teenager", received, meeting));
    assert!(!household_child("", received, meeting));
}
