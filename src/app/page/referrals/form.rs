//! The intake form (Appendix A and section 12): built from a referral form or a draft,
//! read back as typed.

use crate::app::form::{Bind, Field, Form, Kind};
use crate::domain::calendar::WorkingCalendar;
use crate::domain::intake::{HouseholdForm, IntakeContext, ReferralForm};
use crate::domain::paperwork::Rule;
use crate::domain::types::*;
use crate::store::meeting::MeetingData;
use chrono::NaiveDate;

pub(super) const MAPPA: &[(&str, &str)] =
    &[("", "not under MAPPA"), ("1", "1"), ("2", "2"), ("3", "3")];

fn text(label: &str, key: &'static str, value: &str, multiline: bool) -> Field {
    Field::text(label, Bind::Intake(key), value, multiline)
}

fn choice(label: &str, key: &'static str, options: Vec<String>, selected: Option<usize>) -> Field {
    Field::choice(label, Bind::Intake(key), options, selected)
}

/// Option labels and the codes they stand for, for each choice field.
pub(super) fn codes(data: &MeetingData, key: &str) -> Vec<(String, String)> {
    let pairs = |all: &[(&'static str, &'static str)]| {
        all.iter()
            .map(|(c, l)| (c.to_string(), l.to_string()))
            .collect()
    };
    match key {
        "referring_agency" => data
            .agencies
            .iter()
            .map(|a| (a.code.clone(), format!("{} — {}", a.code, a.name)))
            .collect(),
        "awareness" => Awareness::ALL
            .iter()
            .map(|a| (a.code().into(), a.label().into()))
            .collect(),
        "urgent" => vec![
            ("no".into(), "no".into()),
            (
                "yes".into(),
                format!(
                    "yes: needs a more urgent response{}",
                    data.panel.paperwork.cite.paren(Rule::Cutoff)
                ),
            ),
        ],
        "core_reason" => CoreReason::ALL
            .iter()
            .map(|a| (a.code().into(), a.label().into()))
            .collect(),
        "cse_issue" | "radicalisation_issue" => IssueRole::ALL
            .iter()
            .map(|a| (a.code().into(), a.label().into()))
            .collect(),
        "mappa_level" => pairs(MAPPA),
        "mappa_category" => pairs(&[("", "none"), ("1", "1"), ("2", "2"), ("3", "3")]),
        _ => vec![],
    }
}

fn pick(data: &MeetingData, key: &'static str, label: &str, value: &str) -> Field {
    let opts = codes(data, key);
    let sel = opts.iter().position(|(c, _)| c == value);
    choice(label, key, opts.into_iter().map(|(_, l)| l).collect(), sel)
}

/// The form, filled from `f` (a fresh form or a draft).
pub fn build(data: &MeetingData, f: &ReferralForm) -> Form {
    let household: Vec<String> = f
        .household
        .iter()
        .map(|h| format!("{}; {}; {}", h.name, h.dob_or_age, h.relationship))
        .collect();
    Form::new(vec![
        pick(
            data,
            "referring_agency",
            "Referring agency",
            &f.referring_agency,
        ),
        text(
            "Agency contact details",
            "referrer_contact",
            &f.referrer_contact,
            false,
        ),
        text("Name of person being referred", "name", &f.name, false),
        text(
            "Date of birth (YYYY-MM-DD)",
            "date_of_birth",
            &f.date_of_birth,
            false,
        ),
        text(
            "Age, if no date of birth (approximate)",
            "age",
            &f.age,
            false,
        ),
        text("Home address", "address", &f.address, false),
        text("Postcode", "postcode", &f.postcode, false),
        text("Ward", "ward", &f.ward, false),
        text("Ethnicity (if known)", "ethnicity", &f.ethnicity, false),
        text("Gender", "gender", &f.gender, false),
        text(
            "Education / employment status",
            "education_employment",
            &f.education_employment,
            false,
        ),
        pick(
            data,
            "awareness",
            "Is the person (or parents) aware of the referral?",
            &f.awareness,
        ),
        text(
            "Others in the household: one per line, name; date of birth or age; relationship",
            "household",
            &household.join("\n"),
            true,
        ),
        text(
            "Description of the issues and reasons for concern",
            "concerns",
            &f.concerns,
            true,
        ),
        text(
            "Other referrals made, and their outcomes",
            "other_referrals",
            &f.other_referrals,
            true,
        ),
        text(
            "Date received (YYYY-MM-DD)",
            "date_received",
            &f.date_received,
            false,
        ),
        pick(
            data,
            "urgent",
            "Urgent",
            if f.urgent { "yes" } else { "no" },
        ),
        pick(
            data,
            "core_reason",
            &format!(
                "Core referral reason{}",
                data.panel.paperwork.cite.paren(Rule::MonitoringReturn)
            ),
            &f.core_reason,
        ),
        text(
            "Welfare legal status (under 18s)",
            "welfare_legal_status",
            &f.welfare_legal_status,
            false,
        ),
        text(
            "Criminal legal status (open to YOS / Probation / CRC)",
            "criminal_legal_status",
            &f.criminal_legal_status,
            false,
        ),
        pick(
            data,
            "cse_issue",
            "Sexual exploitation issues",
            &f.cse_issue,
        ),
        pick(
            data,
            "radicalisation_issue",
            "Radicalisation issues",
            &f.radicalisation_issue,
        ),
        text("Link to a named gang", "named_gang", &f.named_gang, false),
        pick(data, "mappa_level", "MAPPA level", &f.mappa_level),
        pick(data, "mappa_category", "MAPPA category", &f.mappa_category),
    ])
}

/// Read the form back as typed.
pub fn read(data: &MeetingData, form: &Form) -> ReferralForm {
    let mut f = ReferralForm::default();
    for field in &form.fields {
        let Bind::Intake(key) = field.bind else {
            continue;
        };
        let value = match &field.kind {
            Kind::Text(t) => t.value(),
            Kind::Choice { committed, .. } => committed
                .and_then(|i| codes(data, key).get(i).map(|(c, _)| c.clone()))
                .unwrap_or_default(),
            _ => continue,
        };
        match key {
            "referring_agency" => f.referring_agency = value,
            "referrer_contact" => f.referrer_contact = value,
            "name" => f.name = value,
            "date_of_birth" => f.date_of_birth = value,
            "age" => f.age = value,
            "address" => f.address = value,
            "postcode" => f.postcode = value,
            "ward" => f.ward = value,
            "ethnicity" => f.ethnicity = value,
            "gender" => f.gender = value,
            "education_employment" => f.education_employment = value,
            "awareness" => f.awareness = value,
            "household" => {
                f.household = value
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| {
                        let mut parts = l.splitn(3, ';').map(|p| p.trim().to_string());
                        HouseholdForm {
                            name: parts.next().unwrap_or_default(),
                            dob_or_age: parts.next().unwrap_or_default(),
                            relationship: parts.next().unwrap_or_default(),
                        }
                    })
                    .collect()
            }
            "concerns" => f.concerns = value,
            "other_referrals" => f.other_referrals = value,
            "date_received" => f.date_received = value,
            "urgent" => f.urgent = value == "yes",
            "core_reason" => f.core_reason = value,
            "welfare_legal_status" => f.welfare_legal_status = value,
            "criminal_legal_status" => f.criminal_legal_status = value,
            "cse_issue" => f.cse_issue = value,
            "radicalisation_issue" => f.radicalisation_issue = value,
            "named_gang" => f.named_gang = value,
            "mappa_level" => f.mappa_level = value,
            "mappa_category" => f.mappa_category = value,
            _ => {}
        }
    }
    f
}

/// What the referral checks need, from the data on screen.
pub fn context(data: &MeetingData, today: NaiveDate) -> IntakeContext {
    IntakeContext {
        today,
        agencies: data
            .agencies
            .iter()
            .map(|a| (a.code.clone(), a.name.clone()))
            .collect(),
        meetings: data
            .schedule
            .iter()
            .filter(|m| m.state == MeetingState::Planned && m.date >= today)
            .map(|m| m.date)
            .collect(),
        cutoff_days: data.panel.cutoff_days,
        calendar: WorkingCalendar::england_and_wales(),
        agenda: data.panel.agenda.clone(),
        rules: data.panel.paperwork.clone(),
    }
}
