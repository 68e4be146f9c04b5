//! The screening dialog (section 11): intelligence, the full risk assessment, the
//! referrer told, advice, MAPPA level; checked as the store will check it.

use super::form::MAPPA;
use crate::app::dialog::{Dialog, DialogKind};
use crate::app::form::{Bind, Field, Form};
use crate::app::Effect;
use crate::domain::paperwork::{Paperwork, Rule};
use crate::domain::screening::{check_screening, ScreenContext, ScreeningForm, ScreeningOutcome};
use crate::store::meeting::MeetingData;
use chrono::NaiveDate;

/// The dialog for referral `r`, in the panel's words: its citation for screening and
/// its youth screening agency (MAGPan: the YOS, section 11), or none.
pub fn screening_dialog(r: &crate::store::intake::ReferralRow, pw: &Paperwork) -> Dialog {
    let youth = pw.screening.youth_agency.as_deref();
    let advised = |what: &str| match youth {
        Some(a) => format!("{a} advised {what}"),
        None => format!("Advised {what}"),
    };
    let outcomes = vec![
        "supporting intelligence: full risk assessment done".to_string(),
        "no supporting intelligence: one to watch".to_string(),
    ];
    let recorded = match crate::domain::types::Screening::from_code(&r.screening) {
        Some(crate::domain::types::Screening::Intelligence) => Some(0),
        Some(crate::domain::types::Screening::NoIntelligence) => Some(1),
        _ => None,
    };
    // A referral screened already opens on everything recorded, not on blanks.
    let done = &r.screened;
    let day = |d: Option<NaiveDate>| {
        d.map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    Dialog {
        kind: DialogKind::Screen { referral: r.id },
        title: format!(
            "Screening of case {}{}",
            r.id,
            pw.cite.paren(Rule::Screening)
        ),
        note: vec![format!(
            "Received {} · {}",
            r.date_received.format("%Y-%m-%d"),
            r.placement
        )],
        form: Form::new(vec![
            // A referral screened already opens on what was recorded.
            Field::choice("Outcome", Bind::Dialog("outcome"), outcomes, recorded),
            Field::text(
                "Risk assessment by (name)",
                Bind::Dialog("by"),
                &done.by,
                false,
            ),
            Field::text(
                "On (YYYY-MM-DD; blank: today)",
                Bind::Dialog("on"),
                &day(done.on),
                false,
            ),
            Field::text(
                "Referrer told on (one to watch)",
                Bind::Dialog("told"),
                &day(done.told),
                false,
            ),
            Field::text(
                &match (youth, pw.screening.youth_under) {
                    (Some(a), Some(n)) => format!("{a} screening note and advice (under {n}s)"),
                    (Some(a), None) => format!("{a} screening note and advice"),
                    (None, _) => "Screening note and advice".to_string(),
                },
                Bind::Dialog("yos_note"),
                &done.note,
                false,
            ),
            Field::choice(
                "MAPPA level",
                Bind::Dialog("mappa_level"),
                MAPPA.iter().map(|(_, l)| l.to_string()).collect(),
                r.mappa_level
                    .and_then(|l| MAPPA.iter().position(|(code, _)| *code == l.to_string())),
            ),
            advice_choice(ADVICE_FIELDS[0], &advised("a child protection referral")),
            advice_choice(ADVICE_FIELDS[1], &advised("a Channel referral")),
            advice_choice(ADVICE_FIELDS[2], &advised("a MARAC referral")),
        ]),
        error: None,
    }
}

/// The screening dialog's advice fields, in the order of `Advice::ALL`.
const ADVICE_FIELDS: [&str; 3] = ["advice_child_protection", "advice_channel", "advice_marac"];

/// Advice the YOS gave the referrer at screening (section 11), one yes/no each.
fn advice_choice(name: &'static str, label: &str) -> Field {
    Field::choice(
        label,
        Bind::Dialog(name),
        vec!["no".into(), "yes".into()],
        Some(0),
    )
}

/// Check a screening dialog against the referral, as the store will.
pub fn screening_confirm(
    d: &Dialog,
    data: &MeetingData,
    today: NaiveDate,
    referral: crate::store::ReferralId,
) -> Result<Vec<Effect>, String> {
    let r = data
        .referrals
        .iter()
        .find(|r| r.id == referral)
        .ok_or("that referral is no longer listed")?;
    let v = crate::app::dialog::Values::of(d, data);
    let form = ScreeningForm {
        outcome: match v.sel("outcome") {
            Some(0) => Some(ScreeningOutcome::Intelligence),
            Some(1) => Some(ScreeningOutcome::NoIntelligence),
            _ => None,
        },
        by: v.text("by"),
        on: v.text("on"),
        told: v.text("told"),
        yos_note: v.text("yos_note"),
        advice: crate::domain::screening::Advice::ALL
            .iter()
            .zip(ADVICE_FIELDS)
            .filter(|(_, name)| v.sel(name) == Some(1))
            .map(|(a, _)| a.code().to_string())
            .collect(),
        mappa_level: v
            .sel("mappa_level")
            .map(|i| MAPPA[i].0.to_string())
            .unwrap_or_default(),
        mappa_category: String::new(),
    };
    let ctx = ScreenContext {
        today,
        received: r.date_received,
        age: r.age,
        mappa_level: r.mappa_level,
        rules: data.panel.paperwork.clone(),
    };
    check_screening(&form, &ctx).map_err(|errs| {
        errs.iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    Ok(vec![Effect::Screen {
        referral,
        form: Box::new(form),
    }])
}
