//! Checking a referral form field by field (Appendix A and section 12): every
//! problem is reported at its field, in the order of the form.

use chrono::NaiveDate;

use super::destination::destination;
use super::fields::{agency_code, coded, fmt, mappa_number, parse_date, required, FieldIssue};
use super::form::{CheckedReferral, HouseholdForm, IntakeContext, ReferralForm};
use crate::domain::age::{age_on, StatedAge};
use crate::domain::case_items::{household_child, route_case, stored_kind, CaseFacts};
use crate::domain::paperwork::AgeVerdict;
use crate::domain::postcode::normalise_postcode;
use crate::domain::rules::check_mappa;
use crate::domain::subject_kind::{postcode_district, SubjectKind};
use crate::domain::types::*;

/// Check a referral form. On success the parsed referral, where it goes, and any
/// warnings; otherwise every problem, one per field.
pub fn check_referral(
    form: &ReferralForm,
    ctx: &IntakeContext,
) -> Result<CheckedReferral, Vec<FieldIssue>> {
    let mut errors = vec![];
    let mut warnings = vec![];
    required(&mut errors, "name", &form.name);
    required(&mut errors, "concerns", &form.concerns);
    let agency = referring_agency(&mut errors, form, ctx);
    let received = date_received(&mut errors, form, ctx);
    let kind = subject_kind(&mut errors, form);
    // A group or a location has no date of birth (issue 22): nothing to ask or warn.
    let (dob, stated_age) = if kind.has_birth() {
        date_of_birth(&mut errors, &mut warnings, form, ctx, received)
    } else {
        (None, None)
    };
    let group_size = group_size(&mut errors, form);
    let postcode = postcode(&mut errors, form);
    let codes = coded_fields(&mut errors, form);
    let household = household(&mut errors, form);

    let destination = received.map(|r| {
        destination(
            &ctx.calendar,
            r,
            form.urgent,
            &ctx.meetings,
            ctx.cutoff_days,
        )
    });

    let (Some(received), Some(destination), true) = (received, destination, errors.is_empty())
    else {
        return Err(errors);
    };
    let age_day = destination.meeting().unwrap_or(received);
    let age = dob.and_then(|d| age_on(d, age_day));
    let age_field = if form.date_of_birth.trim().is_empty() && !form.age.trim().is_empty() {
        "age"
    } else {
        "date_of_birth"
    };
    // The panel's ages are those of the people it protects: a person of concern is
    // "an adult of any age" (001, REQUIREMENTS.md 2.3), a group or place has none.
    let verdict = if kind == SubjectKind::Person {
        ctx.rules.age.check(age, &ctx.rules.cite)
    } else {
        AgeVerdict::Fits
    };
    match verdict {
        AgeVerdict::Fits => {}
        AgeVerdict::Note(n) | AgeVerdict::Warned(n) => {
            warnings.push(FieldIssue::new(age_field, n));
        }
        AgeVerdict::Refused(why) => return Err(vec![FieldIssue::new(age_field, why)]),
    }
    let excluded = check_mappa(codes.mappa_level, &ctx.rules)
        .err()
        .map(|r| r.to_string());
    // The item that hears it (issue 21, E2): by every filter of the panel's items.
    let facts = CaseFacts {
        review: false,
        age,
        level: codes.mappa_level,
        category: codes.mappa_category,
        children: form.case_children
            || household
                .iter()
                .any(|h| household_child(&h.dob_or_age, received, age_day)),
        kind,
    };
    let Some(item) = route_case(&ctx.agenda, &facts) else {
        let (field, why) = no_item_words(&ctx.agenda, &facts);
        let field = match field {
            "levels" => "mappa_level",
            "categories" => "mappa_category",
            "children" => "household",
            "subjects" => "subject",
            _ => age_field,
        };
        return Err(vec![FieldIssue::new(field, why)]);
    };
    let (item_number, item) = (item.number, stored_kind(item, false));
    // No date of birth on a panel whose items take any age (MARAC: an anonymous case
    // gives none): the item does not depend on it, so nothing to warn of.
    let by_age = ctx
        .agenda
        .iter()
        .any(|i| i.takes_new_referrals() && [0, 17, 18, 120].iter().any(|a| !i.ages_fit(Some(*a))));
    if !by_age && dob.is_none() && stated_age.is_none() {
        warnings.retain(|w| w.field != "date_of_birth");
    }
    let t = |s: &str| s.trim().to_string();
    let area = match form.area.trim() {
        "" if kind == SubjectKind::Location => postcode_district(&postcode),
        a => a.to_string(),
    };
    Ok(CheckedReferral {
        referring_agency: agency,
        referrer_contact: t(&form.referrer_contact),
        name: form.name.split_whitespace().collect::<Vec<_>>().join(" "),
        date_of_birth: dob,
        stated_age,
        address: t(&form.address),
        ethnicity: t(&form.ethnicity),
        education_employment: t(&form.education_employment),
        awareness: codes.awareness,
        household,
        concerns: t(&form.concerns),
        other_referrals: t(&form.other_referrals),
        date_received: received,
        urgent: form.urgent,
        gender: t(&form.gender),
        postcode,
        ward: t(&form.ward),
        welfare_legal_status: t(&form.welfare_legal_status),
        criminal_legal_status: t(&form.criminal_legal_status),
        core_reason: codes.core_reason,
        cse_issue: codes.cse_issue,
        radicalisation_issue: codes.radicalisation_issue,
        named_gang: t(&form.named_gang),
        mappa_category: codes.mappa_category,
        mappa_level: codes.mappa_level,
        destination,
        age,
        item,
        item_number,
        excluded,
        warnings,
        kind,
        area,
        description: t(&form.description),
        group_size,
    })
}

/// The kind of subject the form refers (blank: a person).
fn subject_kind(errors: &mut Vec<FieldIssue>, form: &ReferralForm) -> SubjectKind {
    match form.subject.trim() {
        "" => SubjectKind::Person,
        c => SubjectKind::from_code(c).unwrap_or_else(|| {
            errors.push(FieldIssue::new(
                "subject",
                format!(
                    "'{c}' is not one of {}",
                    SubjectKind::words(&SubjectKind::ALL)
                ),
            ));
            SubjectKind::Person
        }),
    }
}

/// A group's size: blank, or a whole number.
fn group_size(errors: &mut Vec<FieldIssue>, form: &ReferralForm) -> Option<u32> {
    let t = form.group_size.trim();
    if t.is_empty() {
        return None;
    }
    match t.parse::<u32>() {
        Ok(n) => Some(n),
        Err(_) => {
            errors.push(FieldIssue::new(
                "group_size",
                format!("'{t}' is not a number of young people"),
            ));
            None
        }
    }
}

/// Why no item of the agenda hears a new referral with these facts: one line naming
/// what each item that takes new referrals takes, and the key of the first filter
/// that turned it away at the first such item ("age" when only ages are involved, as
/// for MAGPan and DYO).
fn no_item_words(
    agenda: &[crate::domain::agenda::AgendaItemDef],
    f: &CaseFacts,
) -> (&'static str, String) {
    let takers: Vec<&crate::domain::agenda::AgendaItemDef> = agenda
        .iter()
        .filter(|i| i.why_not(f) != Some("cases") && i.why_not(f) != Some("kind"))
        .collect();
    let items: Vec<String> = takers
        .iter()
        .map(|i| format!("item {} ({}) takes {}", i.number, i.title, i.takes_words()))
        .collect();
    let mut who = vec![match (f.kind.has_birth(), f.age) {
        (false, _) => f.kind.singular_words().to_string(),
        (true, Some(a)) => format!("aged {a} on the meeting date"),
        (true, None) => "of unknown age".into(),
    }];
    // The other facts only when an item filters on them.
    let filters = |key: &str| takers.iter().any(|i| i.why_not(f) == Some(key));
    if filters("levels") {
        who.push(
            f.level
                .map_or("no MAPPA level".into(), |l| format!("MAPPA level {l}")),
        );
    }
    if filters("categories") {
        who.push(f.category.map_or("no MAPPA category".into(), |c| {
            format!("MAPPA category {c}")
        }));
    }
    if filters("subjects") && f.kind.has_birth() {
        who.push(f.kind.singular_words().into());
    }
    if filters("children") {
        who.push(
            if f.children {
                "with children"
            } else {
                "without children"
            }
            .into(),
        );
    }
    let who = who.join(", ");
    let key = takers.first().and_then(|i| i.why_not(f)).unwrap_or("age");
    if items.is_empty() {
        (
            key,
            format!("{who}: the panel's agenda has no item for new referrals"),
        )
    } else {
        (
            key,
            format!(
                "{who}: no item of the agenda hears this referral ({})",
                items.join("; ")
            ),
        )
    }
}

/// The referring agency's code: required, and one of the panel's agencies.
fn referring_agency(
    errors: &mut Vec<FieldIssue>,
    form: &ReferralForm,
    ctx: &IntakeContext,
) -> String {
    if form.referring_agency.trim().is_empty() {
        errors.push(FieldIssue::new("referring_agency", "required"));
        String::new()
    } else {
        agency_code(&form.referring_agency, &ctx.agencies).unwrap_or_else(|e| {
            errors.push(FieldIssue::new("referring_agency", e));
            String::new()
        })
    }
}

/// The date received: required, and not after today.
fn date_received(
    errors: &mut Vec<FieldIssue>,
    form: &ReferralForm,
    ctx: &IntakeContext,
) -> Option<NaiveDate> {
    if form.date_received.trim().is_empty() {
        errors.push(FieldIssue::new("date_received", "required"));
        None
    } else {
        match parse_date(&form.date_received) {
            Ok(d) if d > ctx.today => {
                errors.push(FieldIssue::new(
                    "date_received",
                    format!("{} is after today ({})", fmt(d), fmt(ctx.today)),
                ));
                None
            }
            Ok(d) => Some(d),
            Err(e) => {
                errors.push(FieldIssue::new("date_received", e));
                None
            }
        }
    }
}

/// The date of birth: blank is allowed with a warning; else not in the future, not
/// after the date `received`, and not giving an age over [`StatedAge::MAX_YEARS`].
/// With no date of birth, a stated `age` places the person (issue 11): the estimate
/// is returned as the date of birth, with the stated age beside it.
fn date_of_birth(
    errors: &mut Vec<FieldIssue>,
    warnings: &mut Vec<FieldIssue>,
    form: &ReferralForm,
    ctx: &IntakeContext,
    received: Option<NaiveDate>,
) -> (Option<NaiveDate>, Option<StatedAge>) {
    if form.date_of_birth.trim().is_empty() {
        return stated_age(errors, warnings, form, received);
    }
    let d = match parse_date(&form.date_of_birth) {
        Ok(d) => d,
        Err(e) => {
            errors.push(FieldIssue::new("date_of_birth", e));
            return (None, None);
        }
    };
    let problem = if d > ctx.today {
        Some(format!("{} is in the future", fmt(d)))
    } else if received.is_some_and(|r| d > r) {
        Some(format!("{} is after the date received", fmt(d)))
    } else {
        age_on(d, received.unwrap_or(ctx.today))
            .filter(|a| *a > StatedAge::MAX_YEARS)
            .map(|a| format!("{} gives an age of {a}: check the year", fmt(d)))
    };
    match problem {
        Some(p) => {
            errors.push(FieldIssue::new("date_of_birth", p));
            (None, None)
        }
        None => (Some(d), None),
    }
}

/// No date of birth: the age the form states, if any, on the date received.
fn stated_age(
    errors: &mut Vec<FieldIssue>,
    warnings: &mut Vec<FieldIssue>,
    form: &ReferralForm,
    received: Option<NaiveDate>,
) -> (Option<NaiveDate>, Option<StatedAge>) {
    let typed = form.age.trim();
    if typed.is_empty() {
        warnings.push(FieldIssue::new(
            "date_of_birth",
            "not given: the agenda item (6 under 18, 7 for 18 and over) cannot be worked out; listed under 18s until it is known",
        ));
        return (None, None);
    }
    let years = match typed.parse::<u32>() {
        Ok(a) if a <= StatedAge::MAX_YEARS => a,
        _ => {
            errors.push(FieldIssue::new(
                "age",
                format!(
                    "'{typed}' is not an age in whole years (0 to {})",
                    StatedAge::MAX_YEARS
                ),
            ));
            return (None, None);
        }
    };
    let Some(on) = received else {
        return (None, None);
    };
    let stated = StatedAge { years, on };
    warnings.push(FieldIssue::new(
        "date_of_birth",
        format!(
            "not given: placed by the stated age, aged {years} on {} (approximate)",
            fmt(on)
        ),
    ));
    (stated.estimated_birth(), Some(stated))
}

/// The postcode, normalised; blank is allowed. A malformed one is kept as typed.
fn postcode(errors: &mut Vec<FieldIssue>, form: &ReferralForm) -> String {
    if form.postcode.trim().is_empty() {
        String::new()
    } else {
        normalise_postcode(&form.postcode).unwrap_or_else(|e| {
            errors.push(FieldIssue::new("postcode", e));
            form.postcode.trim().to_string()
        })
    }
}

/// The fields chosen from a list of codes or numbers.
struct CodedFields {
    awareness: Awareness,
    core_reason: Option<CoreReason>,
    cse_issue: IssueRole,
    radicalisation_issue: IssueRole,
    mappa_category: Option<u8>,
    mappa_level: Option<u8>,
}

fn coded_fields(errors: &mut Vec<FieldIssue>, form: &ReferralForm) -> CodedFields {
    let awareness = coded(
        errors,
        "awareness",
        &form.awareness,
        Awareness::NotKnown,
        Awareness::ALL,
        Awareness::code,
    );
    let core_reason = if form.core_reason.trim().is_empty() {
        None
    } else {
        let all: Vec<Option<CoreReason>> = CoreReason::ALL.iter().map(|c| Some(*c)).collect();
        coded(
            errors,
            "core_reason",
            &form.core_reason,
            None,
            &all,
            |c: Option<CoreReason>| c.map_or("", CoreReason::code),
        )
    };
    let cse_issue = coded(
        errors,
        "cse_issue",
        &form.cse_issue,
        IssueRole::None,
        IssueRole::ALL,
        IssueRole::code,
    );
    let radicalisation_issue = coded(
        errors,
        "radicalisation_issue",
        &form.radicalisation_issue,
        IssueRole::None,
        IssueRole::ALL,
        IssueRole::code,
    );
    let mappa_category = mappa_number(errors, "mappa_category", &form.mappa_category);
    let mappa_level = mappa_number(errors, "mappa_level", &form.mappa_level);
    CodedFields {
        awareness,
        core_reason,
        cse_issue,
        radicalisation_issue,
        mappa_category,
        mappa_level,
    }
}

/// The household rows given (blank rows dropped), trimmed; each needs a name.
fn household(errors: &mut Vec<FieldIssue>, form: &ReferralForm) -> Vec<HouseholdForm> {
    let mut household = vec![];
    for (i, h) in form.household.iter().enumerate() {
        if h.is_blank() {
            continue;
        }
        if h.name.trim().is_empty() {
            errors.push(FieldIssue::new(
                format!("household[{}].name", i + 1),
                "required for each household member listed",
            ));
        }
        household.push(HouseholdForm {
            name: h.name.trim().to_string(),
            dob_or_age: h.dob_or_age.trim().to_string(),
            relationship: h.relationship.trim().to_string(),
        });
    }
    household
}
