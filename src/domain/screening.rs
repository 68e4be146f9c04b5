//! Screening a referral before the meeting (section 11): supporting intelligence and
//! a full risk assessment, or no intelligence and 'one to watch'; the YOS screening
//! note for under-18 low-risk referrals; exclusion at MAPPA level 2/3 (section 10.1).

use chrono::NaiveDate;
use serde::Serialize;

use super::intake::{code_key, codes, fmt, mappa_number, parse_date, FieldIssue};
use super::paperwork::{Paperwork, Rule};
use super::rules::check_mappa;
use super::types::Screening;

/// Advice the YOS may give a referrer when screening an under-18 low-risk referral
/// (section 11: "referring via local child protection procedures Channel Panel,
/// MARAC etc").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Advice {
    ChildProtection,
    Channel,
    Marac,
}

impl Advice {
    pub const ALL: &'static [Advice] = &[Advice::ChildProtection, Advice::Channel, Advice::Marac];

    pub fn code(self) -> &'static str {
        match self {
            Advice::ChildProtection => "child_protection",
            Advice::Channel => "channel",
            Advice::Marac => "marac",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Advice::ChildProtection => "child protection",
            Advice::Channel => "Channel",
            Advice::Marac => "MARAC",
        }
    }
}

/// The screening outcomes a coordinator records (exclusion follows from the MAPPA level).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreeningOutcome {
    /// Supporting intelligence: a full risk assessment was done.
    Intelligence,
    /// No supporting intelligence: one to watch, the referrer told.
    NoIntelligence,
}

/// The screening form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScreeningForm {
    pub outcome: Option<ScreeningOutcome>,
    /// Who did the full risk assessment (or the screening).
    pub by: String,
    /// When; blank: today.
    pub on: String,
    /// Date the referrer was told the case will not come to the panel.
    pub told: String,
    pub yos_note: String,
    pub advice: Vec<String>,
    pub mappa_level: String,
    pub mappa_category: String,
}

/// What the referral looks like before screening.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenContext {
    pub today: NaiveDate,
    pub received: NaiveDate,
    /// Age on the meeting date the referral is listed for.
    pub age: Option<u32>,
    pub mappa_level: Option<u8>,
    /// The panel's rules: exclusions, the youth screening note, citations.
    pub rules: Paperwork,
}

/// A screening that passed its checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedScreening {
    /// The new screening value (`None`: unchanged).
    pub screening: Option<Screening>,
    pub by: Option<String>,
    pub on: Option<NaiveDate>,
    pub referrer_informed_on: Option<NaiveDate>,
    /// Text to add to the screening note.
    pub note: Option<String>,
    pub mappa_level: Option<u8>,
    pub mappa_category: Option<u8>,
    /// Section 10.1 reason when the case is (still) at MAPPA level 2 or 3.
    pub exclusion: Option<String>,
    /// The level went from 2/3 down to 1: the exclusion no longer applies.
    pub lifts_exclusion: bool,
}

fn screening_date(
    errors: &mut Vec<FieldIssue>,
    field: &str,
    value: &str,
    ctx: &ScreenContext,
) -> Option<NaiveDate> {
    let d = match parse_date(value) {
        Ok(d) => d,
        Err(e) => {
            errors.push(FieldIssue::new(field, e));
            return None;
        }
    };
    if d > ctx.today {
        errors.push(FieldIssue::new(
            field,
            format!("{} is after today ({})", fmt(d), fmt(ctx.today)),
        ));
        None
    } else if d < ctx.received {
        errors.push(FieldIssue::new(
            field,
            format!(
                "{} is before the referral was received ({})",
                fmt(d),
                fmt(ctx.received)
            ),
        ));
        None
    } else {
        Some(d)
    }
}

/// Check a screening (section 11) against the referral it is for.
pub fn check_screening(
    form: &ScreeningForm,
    ctx: &ScreenContext,
) -> Result<CheckedScreening, Vec<FieldIssue>> {
    let mut errors = vec![];
    let mappa_level = mappa_number(&mut errors, "mappa_level", &form.mappa_level);
    let mappa_category = mappa_number(&mut errors, "mappa_category", &form.mappa_category);
    let mut notes: Vec<String> = vec![];
    let (by, on, told) = check_outcome(&mut errors, &mut notes, form, ctx);
    let advice = check_advice(&mut errors, &form.advice);
    let yos = !form.yos_note.trim().is_empty() || !advice.is_empty();
    if yos {
        notes.push(yos_note(&mut errors, form, ctx, &advice));
    }
    if form.outcome.is_none()
        && !yos
        && form.advice.is_empty()
        && form.mappa_level.trim().is_empty()
        && form.mappa_category.trim().is_empty()
    {
        let note = match &ctx.rules.screening.youth_agency {
            Some(a) => format!(", a {a} screening note"),
            None => String::new(),
        };
        errors.push(FieldIssue::new(
            "outcome",
            format!(
                "nothing to record: give an outcome (intelligence / no intelligence){note} or a MAPPA level"
            ),
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let level = mappa_level.or(ctx.mappa_level);
    let exclusion = check_mappa(level, &ctx.rules).err().map(|r| r.to_string());
    let lifts_exclusion = exclusion.is_none() && check_mappa(ctx.mappa_level, &ctx.rules).is_err();
    let screening = if exclusion.is_some() {
        if mappa_level.is_some() {
            notes.push(format!("Excluded: {}.", exclusion.as_deref().unwrap_or("")));
        }
        Some(Screening::Excluded)
    } else {
        match form.outcome {
            Some(ScreeningOutcome::Intelligence) => Some(Screening::Intelligence),
            Some(ScreeningOutcome::NoIntelligence) => Some(Screening::NoIntelligence),
            None if lifts_exclusion => Some(Screening::Pending),
            None => None,
        }
    };
    Ok(CheckedScreening {
        screening,
        by,
        on,
        referrer_informed_on: told,
        note: (!notes.is_empty()).then(|| notes.join(" ")),
        mappa_level,
        mappa_category,
        exclusion,
        lifts_exclusion,
    })
}

/// Who screened, when, and when the referrer was told, as the outcome needs them;
/// the outcome's note is added to `notes`.
fn check_outcome(
    errors: &mut Vec<FieldIssue>,
    notes: &mut Vec<String>,
    form: &ScreeningForm,
    ctx: &ScreenContext,
) -> (Option<String>, Option<NaiveDate>, Option<NaiveDate>) {
    let on_text = if form.on.trim().is_empty() {
        fmt(ctx.today)
    } else {
        form.on.clone()
    };
    let (mut by, mut on, mut told) = (None, None, None);
    match form.outcome {
        Some(ScreeningOutcome::Intelligence) => {
            if form.by.trim().is_empty() {
                errors.push(FieldIssue::new(
                    "by",
                    "required: who completed the full risk assessment",
                ));
            }
            on = screening_date(errors, "on", &on_text, ctx);
            by = Some(form.by.trim().to_string());
            if let (Some(b), Some(d)) = (&by, on) {
                notes.push(format!(
                    "Supporting intelligence: full risk assessment by {b} on {}; referrer invited to present the case.",
                    fmt(d)
                ));
            }
        }
        Some(ScreeningOutcome::NoIntelligence) => {
            if form.told.trim().is_empty() {
                errors.push(FieldIssue::new(
                    "told",
                    "required: the date the referrer was told the case will not come to the panel",
                ));
            } else {
                told = screening_date(errors, "told", &form.told, ctx);
            }
            on = screening_date(errors, "on", &on_text, ctx);
            by = Some(form.by.trim().to_string()).filter(|b| !b.is_empty());
            notes.push(
                "No supporting intelligence: no risk assessment; to be mentioned as one to watch."
                    .into(),
            );
        }
        None => {}
    }
    (by, on, told)
}

/// The advice given, as typed (comma-separated codes); each kind once.
fn check_advice(errors: &mut Vec<FieldIssue>, typed: &[String]) -> Vec<Advice> {
    let mut advice = vec![];
    for a in typed {
        let key = code_key(a);
        match Advice::ALL.iter().find(|x| x.code() == key) {
            Some(x) if !advice.contains(x) => advice.push(*x),
            Some(_) => {}
            None => errors.push(FieldIssue::new(
                "advice",
                format!(
                    "'{}' is not one of {}",
                    a.trim(),
                    codes(Advice::ALL, Advice::code)
                ),
            )),
        }
    }
    advice
}

/// The youth screening note (with the advice given), by the panel's
/// `[screening] youth_agency` for people under `youth_under` (MAGPan, section 11: the
/// YOS, under 18s).
fn yos_note(
    errors: &mut Vec<FieldIssue>,
    form: &ScreeningForm,
    ctx: &ScreenContext,
    advice: &[Advice],
) -> String {
    let rules = &ctx.rules.screening;
    let cite = ctx.rules.cite.paren(Rule::Screening);
    let Some(agency) = rules.youth_agency.as_deref() else {
        errors.push(FieldIssue::new(
            "yos_note",
            "this panel's file names no agency that screens young people's referrals",
        ));
        return String::new();
    };
    if let (Some(age), Some(under)) = (ctx.age, rules.youth_under) {
        if age >= under {
            errors.push(FieldIssue::new(
                "yos_note",
                format!(
                    "the {agency} screens referrals of under {under}s{cite}; this person is {age}"
                ),
            ));
        }
    }
    let mut n = format!("{agency} screening");
    if !form.yos_note.trim().is_empty() {
        n.push_str(": ");
        n.push_str(form.yos_note.trim());
        if !n.ends_with('.') {
            n.push('.');
        }
    } else {
        n.push('.');
    }
    if !advice.is_empty() {
        let list: Vec<&str> = advice.iter().map(|a| a.label()).collect();
        n.push_str(&format!(
            " Referrer advised to refer to: {}.",
            list.join(", ")
        ));
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn fields(e: &[FieldIssue]) -> Vec<&str> {
        e.iter().map(|i| i.field.as_str()).collect()
    }

    fn sctx() -> ScreenContext {
        ScreenContext {
            today: d("2026-11-25"),
            received: d("2026-11-16"),
            age: Some(16),
            mappa_level: None,
            rules: Paperwork::magpan(),
        }
    }

    #[test]
    fn section_11_intelligence_needs_who_did_the_risk_assessment() {
        let f = ScreeningForm {
            outcome: Some(ScreeningOutcome::Intelligence),
            ..Default::default()
        };
        let e = check_screening(&f, &sctx()).unwrap_err();
        assert_eq!(fields(&e), ["by"]);
        let f = ScreeningForm {
            by: "Ines Calloway".into(),
            on: "2026-11-20".into(),
            ..f
        };
        let c = check_screening(&f, &sctx()).unwrap();
        assert_eq!(c.screening, Some(Screening::Intelligence));
        assert_eq!(c.on, Some(d("2026-11-20")));
        assert!(c.note.unwrap().contains("Ines Calloway"));
    }

    #[test]
    fn section_11_no_intelligence_needs_date_referrer_told() {
        let f = ScreeningForm {
            outcome: Some(ScreeningOutcome::NoIntelligence),
            ..Default::default()
        };
        assert_eq!(fields(&check_screening(&f, &sctx()).unwrap_err()), ["told"]);
        let f = ScreeningForm {
            told: "2026-11-15".into(),
            ..f
        };
        let e = check_screening(&f, &sctx()).unwrap_err();
        assert!(e[0].message.contains("before the referral was received"));
        let f = ScreeningForm {
            told: "2026-11-23".into(),
            ..f
        };
        let c = check_screening(&f, &sctx()).unwrap();
        assert_eq!(c.screening, Some(Screening::NoIntelligence));
        assert_eq!(c.referrer_informed_on, Some(d("2026-11-23")));
    }

    #[test]
    fn section_11_yos_note_with_advice_only_for_under_18s() {
        let f = ScreeningForm {
            yos_note: "Low risk; meets criteria".into(),
            advice: vec!["channel".into(), "Child protection".into()],
            ..Default::default()
        };
        let c = check_screening(&f, &sctx()).unwrap();
        assert_eq!(c.screening, None, "a note alone leaves the outcome");
        let note = c.note.unwrap();
        assert!(
            note.starts_with("YOS screening: Low risk; meets criteria."),
            "{note}"
        );
        assert!(note.contains("Channel, child protection"), "{note}");
        let adult = ScreenContext {
            age: Some(19),
            ..sctx()
        };
        assert_eq!(
            fields(&check_screening(&f, &adult).unwrap_err()),
            ["yos_note"]
        );
        let bad = ScreeningForm {
            advice: vec!["police".into()],
            ..Default::default()
        };
        assert_eq!(
            fields(&check_screening(&bad, &sctx()).unwrap_err()),
            ["advice"]
        );
    }

    #[test]
    fn section_10_1_mappa_level_at_screening_excludes_and_level_1_lifts() {
        let f = ScreeningForm {
            outcome: Some(ScreeningOutcome::Intelligence),
            by: "Ines Calloway".into(),
            mappa_level: "3".into(),
            ..Default::default()
        };
        let c = check_screening(&f, &sctx()).unwrap();
        assert_eq!(c.screening, Some(Screening::Excluded));
        assert!(c.exclusion.unwrap().contains("section 10.1"));
        let was_excluded = ScreenContext {
            mappa_level: Some(2),
            ..sctx()
        };
        let f = ScreeningForm {
            mappa_level: "1".into(),
            ..Default::default()
        };
        let c = check_screening(&f, &was_excluded).unwrap();
        assert!(c.lifts_exclusion);
        assert_eq!(c.screening, Some(Screening::Pending));
    }

    #[test]
    fn nothing_to_record_is_an_error() {
        let e = check_screening(&ScreeningForm::default(), &sctx()).unwrap_err();
        assert_eq!(fields(&e), ["outcome"]);
        assert!(e[0].message.contains("a YOS screening note"), "{e:?}");
        // A panel with no youth screening agency (DYO, CAMP) is not told of MAGPan's.
        let dyo = ScreenContext {
            rules: Paperwork::default(),
            ..sctx()
        };
        let e = check_screening(&ScreeningForm::default(), &dyo).unwrap_err();
        assert_eq!(
            e[0].message,
            "nothing to record: give an outcome (intelligence / no intelligence) or a MAPPA level"
        );
    }
}
