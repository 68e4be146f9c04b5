//! Tests of the referral checks and of where a referral goes.

use chrono::NaiveDate;

use super::*;
use crate::domain::agenda::AgendaKind;
use crate::domain::calendar::WorkingCalendar;
use crate::domain::panel_def::PanelDef;
use crate::domain::paperwork::Paperwork;
use crate::domain::types::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Wednesday meetings on 9 Dec 2026 (cut-off 18 Nov) and 13 Jan 2027 (cut-off 18 Dec).
fn ctx() -> IntakeContext {
    IntakeContext {
        today: d("2026-11-25"),
        agencies: vec![
            ("POL".into(), "Police".into()),
            ("YOS".into(), "Youth Offending Service".into()),
            ("EDU".into(), "Education".into()),
        ],
        meetings: vec![d("2027-01-13"), d("2026-12-09")],
        cutoff_days: 15,
        calendar: WorkingCalendar::england_and_wales(),
        agenda: PanelDef::magpan().agenda,
        rules: Paperwork::magpan(),
    }
}

fn form() -> ReferralForm {
    ReferralForm {
        referring_agency: "edu".into(),
        referrer_contact: "Pastoral lead, Kestrel Academy".into(),
        name: "  Rowan   Achterberg ".into(),
        date_of_birth: "2010-04-02".into(),
        concerns: "Seen with older youths linked to a knife incident.".into(),
        date_received: "2026-11-16".into(),
        postcode: "hf2 7bn".into(),
        awareness: "Parents only".into(),
        ..ReferralForm::new(d("2026-11-25"))
    }
}

fn fields(e: &[FieldIssue]) -> Vec<&str> {
    e.iter().map(|i| i.field.as_str()).collect()
}

#[test]
fn appendix_a_referral_in_time_goes_to_next_meeting_item_6() {
    let c = check_referral(&form(), &ctx()).unwrap();
    assert_eq!(c.name, "Rowan Achterberg");
    assert_eq!(c.referring_agency, "EDU");
    assert_eq!(c.postcode, "HF2 7BN");
    assert_eq!(c.awareness, Awareness::ParentsOnly);
    assert_eq!(
        c.destination,
        Destination::InTime {
            meeting: d("2026-12-09"),
            cutoff: d("2026-11-18")
        }
    );
    assert_eq!(c.age, Some(16));
    assert_eq!(c.item, AgendaKind::NewReferralsUnder18);
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
}

#[test]
fn section_11_late_referral_held_over_and_needs_urgent_flag() {
    let mut f = form();
    f.date_received = "2026-11-24".into();
    let c = check_referral(&f, &ctx()).unwrap();
    assert_eq!(
        c.destination,
        Destination::HeldOver {
            missed: d("2026-12-09"),
            cutoff: d("2026-11-18"),
            meeting: Some(d("2027-01-13"))
        }
    );
    assert!(c
        .destination
        .describe(&Paperwork::magpan().cite)
        .contains("urgent flag"));
    f.urgent = true;
    let c = check_referral(&f, &ctx()).unwrap();
    assert_eq!(c.destination.meeting(), Some(d("2026-12-09")));
    assert!(matches!(c.destination, Destination::LateUrgent { .. }));
}

#[test]
fn section_11_held_over_with_no_following_meeting_yet() {
    let mut c = ctx();
    c.meetings = vec![d("2026-12-09")];
    let mut f = form();
    f.date_received = "2026-11-24".into();
    let got = check_referral(&f, &c).unwrap();
    assert_eq!(got.destination.meeting(), None);
    assert!(got
        .destination
        .describe(&Paperwork::magpan().cite)
        .contains("not yet scheduled"));
}

#[test]
fn appendix_d_age_on_meeting_date_decides_item_7() {
    let mut f = form();
    // 18 on 2026-12-01: 17 when received, 18 at the meeting.
    f.date_of_birth = "01/12/2008".into();
    let c = check_referral(&f, &ctx()).unwrap();
    assert_eq!((c.age, c.item), (Some(18), AgendaKind::NewReferralsOver18));
}

#[test]
fn date_of_birth_in_the_future_is_an_error_at_the_field() {
    let mut f = form();
    f.date_of_birth = "2027-02-01".into();
    let e = check_referral(&f, &ctx()).unwrap_err();
    assert_eq!(fields(&e), ["date_of_birth"]);
    assert!(e[0].message.contains("future"), "{}", e[0]);
}

#[test]
fn received_after_today_is_an_error() {
    let mut f = form();
    f.date_received = "2026-11-26".into();
    let e = check_referral(&f, &ctx()).unwrap_err();
    assert_eq!(fields(&e), ["date_received"]);
    assert!(e[0].message.contains("after today"));
}

#[test]
fn section_9_aged_25_and_over_allowed_with_note() {
    let mut f = form();
    f.date_of_birth = "1999-05-05".into();
    let c = check_referral(&f, &ctx()).unwrap();
    assert_eq!(c.item, AgendaKind::NewReferralsOver18);
    assert_eq!(fields(&c.warnings), ["date_of_birth"]);
    assert!(c.warnings[0].message.contains("section 9"));
}

#[test]
fn missing_required_fields_each_reported() {
    let f = ReferralForm {
        date_received: String::new(),
        ..ReferralForm::default()
    };
    let e = check_referral(&f, &ctx()).unwrap_err();
    assert_eq!(
        fields(&e),
        ["name", "concerns", "referring_agency", "date_received"]
    );
    assert!(e.iter().all(|i| i.message == "required"));
}

#[test]
fn unknown_agency_lists_valid_codes() {
    let mut f = form();
    f.referring_agency = "NHS".into();
    let e = check_referral(&f, &ctx()).unwrap_err();
    assert_eq!(fields(&e), ["referring_agency"]);
    assert!(e[0].message.contains("POL, YOS, EDU"), "{}", e[0]);
}

#[test]
fn malformed_postcode_and_bad_codes_reported_together() {
    let mut f = form();
    f.postcode = "HF2 7B".into();
    f.awareness = "maybe".into();
    f.core_reason = "bored".into();
    f.mappa_level = "4".into();
    f.household = vec![
        HouseholdForm::default(),
        HouseholdForm {
            dob_or_age: "12".into(),
            ..Default::default()
        },
    ];
    let e = check_referral(&f, &ctx()).unwrap_err();
    assert_eq!(
        fields(&e),
        [
            "postcode",
            "awareness",
            "core_reason",
            "mappa_level",
            "household[2].name"
        ]
    );
}

#[test]
fn section_10_1_mappa_level_2_recorded_as_excluded() {
    let mut f = form();
    f.mappa_level = "2".into();
    f.mappa_category = "1".into();
    let c = check_referral(&f, &ctx()).unwrap();
    assert_eq!(c.mappa_level, Some(2));
    assert!(c.excluded.as_deref().unwrap().contains("section 10.1"));
    f.mappa_level = "1".into();
    assert!(check_referral(&f, &ctx()).unwrap().excluded.is_none());
}

#[test]
fn missing_date_of_birth_is_a_warning_and_item_6() {
    let mut f = form();
    f.date_of_birth.clear();
    let c = check_referral(&f, &ctx()).unwrap();
    assert_eq!((c.age, c.item), (None, AgendaKind::NewReferralsUnder18));
    assert_eq!(fields(&c.warnings), ["date_of_birth"]);
}

#[test]
fn section_11_status_before_meeting() {
    use CaseStatus::*;
    assert_eq!(
        status_before_meeting(Screening::Pending, false, true, true),
        Received
    );
    assert_eq!(
        status_before_meeting(Screening::Intelligence, false, true, true),
        OnAgenda
    );
    assert_eq!(
        status_before_meeting(Screening::NoIntelligence, false, true, true),
        OnAgenda
    );
    assert_eq!(
        status_before_meeting(Screening::Intelligence, false, false, true),
        Received,
        "held over: listed for the following meeting"
    );
    assert_eq!(
        status_before_meeting(Screening::Intelligence, true, true, true),
        Excluded
    );
}

#[test]
fn a_panel_without_screening_puts_a_referral_in_time_on_the_agenda() {
    // DYO (003 App 4A "New Cases" 1) considers the referring agency's reports at the
    // meeting: no screening step before it, unlike MAGPan's section 11.
    assert_eq!(
        status_before_meeting(Screening::Pending, false, true, false),
        CaseStatus::OnAgenda
    );
    assert_eq!(
        status_before_meeting(Screening::Pending, false, false, false),
        CaseStatus::Received,
        "held over all the same"
    );
}

#[test]
fn one_date_parser_takes_iso_and_uk_and_refuses_two_digit_years() {
    use super::parse_date;
    let d = |y, m, dd| chrono::NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    assert_eq!(parse_date("2026-12-09"), Ok(d(2026, 12, 9)));
    assert_eq!(parse_date(" 09/12/2026 "), Ok(d(2026, 12, 9)));
    assert_eq!(parse_date("9/1/2027"), Ok(d(2027, 1, 9)));
    for bad in [
        "09/12/26",
        "26-12-09",
        "2026-13-01",
        "31/02/2026",
        "2026/12/09",
        "",
        "12/2026",
    ] {
        assert!(parse_date(bad).is_err(), "{bad} accepted");
    }
}

/// A panel that hears 10 to 17 year olds at one new-cases item (DYO, 003 App 4A
/// "Role": "high-risk 10-17 year olds").
fn ten_to_seventeen() -> IntakeContext {
    let mut c = ctx();
    c.rules = Paperwork::default();
    c.rules.age.min = Some(10);
    c.rules.age.max = Some(17);
    c.rules
        .cite
        .0
        .insert("age".into(), "Appendix 4A, Role".into());
    c.agenda = toml::from_str::<toml::Value>(
        r#"agenda = [
            { number = 1, title = "Apologies", kind = "apologies" },
            { number = 2, title = "Information sharing", kind = "confidentiality" },
            { number = 3, title = "New cases", kind = "new_referrals" },
            { number = 4, title = "Existing cases", kind = "reviews" },
        ]"#,
    )
    .unwrap()["agenda"]
        .clone()
        .try_into()
        .unwrap();
    c
}

#[test]
fn app_4a_role_an_8_year_old_is_refused_in_one_line_with_the_panels_section() {
    let mut f = form();
    f.date_of_birth = "2018-06-01".into();
    let errs = check_referral(&f, &ten_to_seventeen()).unwrap_err();
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].field, "date_of_birth");
    assert_eq!(
        errs[0].message,
        "aged 8 on the meeting date: the panel hears people aged 10 to 17 (Appendix 4A, Role)"
    );
}

#[test]
fn app_4a_role_an_adult_is_refused_and_never_told_magpans_sections() {
    let mut f = form();
    f.date_of_birth = "1990-06-01".into();
    let errs = check_referral(&f, &ten_to_seventeen()).unwrap_err();
    let all: String = errs.iter().map(|e| e.to_string()).collect();
    assert!(all.contains("aged 36"), "{all}");
    for magpan in ["section 9", "section 11", "section 10.1"] {
        assert!(!all.contains(magpan), "{all}");
    }
}

#[test]
fn a_referral_in_range_goes_to_the_panels_own_new_cases_item_without_magpan_sections() {
    let f = form();
    let c = check_referral(&f, &ten_to_seventeen()).unwrap();
    assert_eq!(c.item, AgendaKind::NewReferrals);
    let line = c.destination.describe(&ten_to_seventeen().rules.cite);
    assert!(
        line.starts_with("goes to the meeting on 2026-12-09"),
        "{line}"
    );
    assert!(!line.contains("section"), "{line}");
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
}

#[test]
fn a_referral_no_item_hears_is_refused_naming_what_each_item_takes() {
    // An agenda that hears only adults, and the panel's age rule says nothing.
    let mut c = ten_to_seventeen();
    c.rules.age = Default::default();
    c.agenda[2].min_age = Some(18);
    c.agenda[2].max_age = None;
    let errs = check_referral(&form(), &c).unwrap_err();
    assert_eq!(errs.len(), 1);
    assert_eq!(
        errs[0].message,
        "aged 16 on the meeting date: no item of the agenda hears this referral (item 3 (New cases) takes 18 and over)"
    );
}
