//! Between meetings: the referral form (Appendix A, and the section 12 fields known
//! at referral) checked field by field, and where a referral goes under the
//! 15-working-day rule (section 11). Pure functions over plain structs: no database,
//! no terminal. The command line uses them now; a terminal form calls the same ones,
//! showing each [`FieldIssue`] at its field and keeping what was typed. Screening is
//! in `screening.rs`, members in `members.rs`.

use crate::domain::agenda::AgendaKind;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::age::age_on;
use super::calendar::{Placement, WorkingCalendar};
use super::postcode::normalise_postcode;
use super::rules::{check_mappa, over_25_note};
use super::types::*;

/// A problem (or, among warnings, a note) at one field of a form. `field` is the
/// key used in referral files (`date_of_birth`, `household[2].name`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldIssue {
    pub field: String,
    pub message: String,
}

impl FieldIssue {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldIssue {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for FieldIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// A date as typed: `YYYY-MM-DD`, or the UK `DD/MM/YYYY`.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .map_err(|_| format!("'{s}' is not a date (use YYYY-MM-DD or DD/MM/YYYY)"))
}

pub(crate) fn fmt(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A code as typed: lower case, spaces and hyphens as underscores, so that a label
/// such as "Parents only" is read as the code `parents_only`.
pub(crate) fn code_key(s: &str) -> String {
    s.trim()
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

pub(crate) fn codes<T: Copy>(all: &[T], code: impl Fn(T) -> &'static str) -> String {
    all.iter().map(|v| code(*v)).collect::<Vec<_>>().join(", ")
}

/// Find an agency by its short code (case-insensitive) among `(code, name)` pairs.
/// The error lists the valid codes.
pub fn agency_code(input: &str, agencies: &[(String, String)]) -> Result<String, String> {
    let want = input.trim();
    agencies
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(want))
        .map(|(c, _)| c.clone())
        .ok_or_else(|| {
            let valid: Vec<&str> = agencies.iter().map(|(c, _)| c.as_str()).collect();
            format!("unknown agency '{want}'; valid codes: {}", valid.join(", "))
        })
}

/// One row of Appendix A's household table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdForm {
    pub name: String,
    pub dob_or_age: String,
    pub relationship: String,
}

impl HouseholdForm {
    fn is_blank(&self) -> bool {
        self.name.trim().is_empty()
            && self.dob_or_age.trim().is_empty()
            && self.relationship.trim().is_empty()
    }
}

/// The referral form as typed: every field text (or a flag), so nothing typed is
/// lost when a field is wrong. Field names are the keys of a referral file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReferralForm {
    // Appendix A.
    pub referring_agency: String,
    pub referrer_contact: String,
    pub name: String,
    pub date_of_birth: String,
    pub address: String,
    pub ethnicity: String,
    pub education_employment: String,
    /// yes | parents_only | no | not_known (blank: not known).
    pub awareness: String,
    pub household: Vec<HouseholdForm>,
    pub concerns: String,
    pub other_referrals: String,
    /// Prefilled with today by [`ReferralForm::new`].
    pub date_received: String,
    pub urgent: bool,
    // Section 12 fields known at referral.
    pub gender: String,
    pub postcode: String,
    pub ward: String,
    pub welfare_legal_status: String,
    pub criminal_legal_status: String,
    pub core_reason: String,
    pub cse_issue: String,
    pub radicalisation_issue: String,
    pub named_gang: String,
    pub mappa_category: String,
    pub mappa_level: String,
}

impl ReferralForm {
    /// A blank form with the date received set to today.
    pub fn new(today: NaiveDate) -> Self {
        ReferralForm {
            date_received: fmt(today),
            ..Default::default()
        }
    }
}

/// What the checks need to know about the panel.
#[derive(Debug, Clone)]
pub struct IntakeContext {
    pub today: NaiveDate,
    /// `(code, name)` of each agency.
    pub agencies: Vec<(String, String)>,
    /// Planned meetings a new referral may go to.
    pub meetings: Vec<NaiveDate>,
    pub cutoff_days: u32,
    pub calendar: WorkingCalendar,
}

/// Where a referral goes under section 11.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Destination {
    /// Received on or before the cut-off of the next meeting.
    InTime {
        meeting: NaiveDate,
        cutoff: NaiveDate,
    },
    /// Received after the cut-off, but urgent: heard at the next meeting anyway.
    LateUrgent {
        meeting: NaiveDate,
        cutoff: NaiveDate,
    },
    /// Received after the cut-off of `missed` and not urgent: held over to `meeting`
    /// (`None` while the following meeting is not yet scheduled).
    HeldOver {
        missed: NaiveDate,
        cutoff: NaiveDate,
        meeting: Option<NaiveDate>,
    },
    /// No meeting scheduled on or after the date received.
    NoMeeting,
}

impl Destination {
    /// The meeting the referral is listed for, if any.
    pub fn meeting(&self) -> Option<NaiveDate> {
        match *self {
            Destination::InTime { meeting, .. } | Destination::LateUrgent { meeting, .. } => {
                Some(meeting)
            }
            Destination::HeldOver { meeting, .. } => meeting,
            Destination::NoMeeting => None,
        }
    }

    /// One line for people.
    pub fn describe(&self) -> String {
        match *self {
            Destination::InTime { meeting, cutoff } => format!(
                "goes to the meeting on {}: received by its cut-off of {} (section 11)",
                fmt(meeting),
                fmt(cutoff)
            ),
            Destination::LateUrgent { meeting, cutoff } => format!(
                "goes to the meeting on {} as urgent: received after its cut-off of {} (section 11)",
                fmt(meeting),
                fmt(cutoff)
            ),
            Destination::HeldOver {
                missed,
                cutoff,
                meeting,
            } => format!(
                "late for the meeting on {} (cut-off {}): held over to {}; it needs the urgent flag to go to {} (section 11)",
                fmt(missed),
                fmt(cutoff),
                meeting.map_or("the following meeting, not yet scheduled".into(), |m| {
                    format!("the meeting on {}", fmt(m))
                }),
                fmt(missed)
            ),
            Destination::NoMeeting => {
                "no meeting is scheduled on or after the date received: it will be placed when one is"
                    .into()
            }
        }
    }
}

/// Where a referral received on `received` goes among the scheduled `meetings`
/// (section 11: at least `cutoff_days` working days before, unless urgent).
pub fn destination(
    cal: &WorkingCalendar,
    received: NaiveDate,
    urgent: bool,
    meetings: &[NaiveDate],
    cutoff_days: u32,
) -> Destination {
    let mut sorted = meetings.to_vec();
    sorted.sort();
    let Some(next) = sorted.iter().copied().find(|m| *m >= received) else {
        return Destination::NoMeeting;
    };
    let cutoff = cal.cutoff(next, cutoff_days);
    match cal.placement(received, urgent, next, cutoff_days) {
        Placement::InTime => Destination::InTime {
            meeting: next,
            cutoff,
        },
        Placement::LateUrgent => Destination::LateUrgent {
            meeting: next,
            cutoff,
        },
        Placement::HeldOver | Placement::AfterMeeting => Destination::HeldOver {
            missed: next,
            cutoff,
            meeting: cal.target_meeting(received, urgent, &sorted, cutoff_days),
        },
    }
}

/// The destination of a form as far as its date received and urgent flag can be
/// read, for a form to show while the rest is still being typed.
pub fn form_destination(form: &ReferralForm, ctx: &IntakeContext) -> Option<Destination> {
    let received = parse_date(&form.date_received).ok()?;
    Some(destination(
        &ctx.calendar,
        received,
        form.urgent,
        &ctx.meetings,
        ctx.cutoff_days,
    ))
}

/// Where a new referral stands before its meeting, as the agenda preparation reads
/// it: excluded at MAPPA level 2/3 (section 10.1); on the agenda once screened
/// (section 11: a full risk assessment, or mentioned as one to watch) when listed
/// for the next meeting; else received (waiting for screening, or held over).
pub fn status_before_meeting(
    screening: Screening,
    mappa_level: Option<u8>,
    for_next_meeting: bool,
) -> CaseStatus {
    if check_mappa(mappa_level).is_err() {
        CaseStatus::Excluded
    } else if for_next_meeting
        && matches!(
            screening,
            Screening::Intelligence | Screening::NoIntelligence
        )
    {
        CaseStatus::OnAgenda
    } else {
        CaseStatus::Received
    }
}

/// A referral that passed every check, with its values parsed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckedReferral {
    pub referring_agency: String,
    pub referrer_contact: String,
    pub name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub address: String,
    pub ethnicity: String,
    pub education_employment: String,
    pub awareness: Awareness,
    pub household: Vec<HouseholdForm>,
    pub concerns: String,
    pub other_referrals: String,
    pub date_received: NaiveDate,
    pub urgent: bool,
    pub gender: String,
    pub postcode: String,
    pub ward: String,
    pub welfare_legal_status: String,
    pub criminal_legal_status: String,
    pub core_reason: Option<CoreReason>,
    pub cse_issue: IssueRole,
    pub radicalisation_issue: IssueRole,
    pub named_gang: String,
    pub mappa_category: Option<u8>,
    pub mappa_level: Option<u8>,
    pub destination: Destination,
    /// Age on the meeting date (or on the date received when there is no meeting yet).
    pub age: Option<u32>,
    /// Agenda item 6 or 7.
    /// The kind of agenda item it is heard under (by age on the meeting date).
    pub item: AgendaKind,
    /// Section 10.1 reason when managed at MAPPA level 2 or 3.
    pub excluded: Option<String>,
    /// Allowed, but worth saying (e.g. aged 25 or over, section 9).
    pub warnings: Vec<FieldIssue>,
}

pub(crate) fn required(errors: &mut Vec<FieldIssue>, field: &str, value: &str) {
    if value.trim().is_empty() {
        errors.push(FieldIssue::new(field, "required"));
    }
}

pub(crate) fn coded<T: Copy>(
    errors: &mut Vec<FieldIssue>,
    field: &str,
    value: &str,
    default: T,
    all: &[T],
    code: impl Fn(T) -> &'static str,
) -> T {
    if value.trim().is_empty() {
        return default;
    }
    let key = code_key(value);
    match all.iter().copied().find(|v| code(*v) == key) {
        Some(v) => v,
        None => {
            errors.push(FieldIssue::new(
                field,
                format!("'{}' is not one of {}", value.trim(), codes(all, code)),
            ));
            default
        }
    }
}

pub(crate) fn mappa_number(errors: &mut Vec<FieldIssue>, field: &str, value: &str) -> Option<u8> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    match v.parse::<u8>() {
        Ok(n @ 1..=3) => Some(n),
        _ => {
            errors.push(FieldIssue::new(field, format!("'{v}' is not 1, 2 or 3")));
            None
        }
    }
}

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

    let agency = if form.referring_agency.trim().is_empty() {
        errors.push(FieldIssue::new("referring_agency", "required"));
        String::new()
    } else {
        agency_code(&form.referring_agency, &ctx.agencies).unwrap_or_else(|e| {
            errors.push(FieldIssue::new("referring_agency", e));
            String::new()
        })
    };

    let received = if form.date_received.trim().is_empty() {
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
    };

    let dob = if form.date_of_birth.trim().is_empty() {
        warnings.push(FieldIssue::new(
            "date_of_birth",
            "not given: the agenda item (6 under 18, 7 for 18 and over) cannot be worked out; listed under 18s until it is known",
        ));
        None
    } else {
        match parse_date(&form.date_of_birth) {
            Ok(d) if d > ctx.today => {
                errors.push(FieldIssue::new(
                    "date_of_birth",
                    format!("{} is in the future", fmt(d)),
                ));
                None
            }
            Ok(d) if received.is_some_and(|r| d > r) => {
                errors.push(FieldIssue::new(
                    "date_of_birth",
                    format!("{} is after the date received", fmt(d)),
                ));
                None
            }
            Ok(d) => Some(d),
            Err(e) => {
                errors.push(FieldIssue::new("date_of_birth", e));
                None
            }
        }
    };

    let postcode = if form.postcode.trim().is_empty() {
        String::new()
    } else {
        normalise_postcode(&form.postcode).unwrap_or_else(|e| {
            errors.push(FieldIssue::new("postcode", e));
            form.postcode.trim().to_string()
        })
    };

    let awareness = coded(
        &mut errors,
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
            &mut errors,
            "core_reason",
            &form.core_reason,
            None,
            &all,
            |c: Option<CoreReason>| c.map_or("", CoreReason::code),
        )
    };
    let cse_issue = coded(
        &mut errors,
        "cse_issue",
        &form.cse_issue,
        IssueRole::None,
        IssueRole::ALL,
        IssueRole::code,
    );
    let radicalisation_issue = coded(
        &mut errors,
        "radicalisation_issue",
        &form.radicalisation_issue,
        IssueRole::None,
        IssueRole::ALL,
        IssueRole::code,
    );
    let mappa_category = mappa_number(&mut errors, "mappa_category", &form.mappa_category);
    let mappa_level = mappa_number(&mut errors, "mappa_level", &form.mappa_level);

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
    if let Some(note) = over_25_note(age) {
        warnings.push(FieldIssue::new("date_of_birth", note));
    }
    let excluded = check_mappa(mappa_level).err().map(|r| r.to_string());
    let t = |s: &str| s.trim().to_string();
    Ok(CheckedReferral {
        referring_agency: agency,
        referrer_contact: t(&form.referrer_contact),
        name: form.name.split_whitespace().collect::<Vec<_>>().join(" "),
        date_of_birth: dob,
        address: t(&form.address),
        ethnicity: t(&form.ethnicity),
        education_employment: t(&form.education_employment),
        awareness,
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
        core_reason,
        cse_issue,
        radicalisation_issue,
        named_gang: t(&form.named_gang),
        mappa_category,
        mappa_level,
        destination,
        age,
        item: crate::domain::age::kind_for_age(age),
        excluded,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(c.destination.describe().contains("urgent flag"));
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
        assert!(got.destination.describe().contains("not yet scheduled"));
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
            status_before_meeting(Screening::Pending, None, true),
            Received
        );
        assert_eq!(
            status_before_meeting(Screening::Intelligence, None, true),
            OnAgenda
        );
        assert_eq!(
            status_before_meeting(Screening::NoIntelligence, Some(1), true),
            OnAgenda
        );
        assert_eq!(
            status_before_meeting(Screening::Intelligence, None, false),
            Received,
            "held over: listed for the following meeting"
        );
        assert_eq!(
            status_before_meeting(Screening::Intelligence, Some(3), true),
            Excluded
        );
    }
}
