//! The referral screen (issue 4): the list of new referrals with where each stands,
//! the Appendix A intake form with the section 12 fields known at referral, and
//! screening (section 11). Checks are the domain's, shown at the field.

mod draw;

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::app::dialog::{Dialog, DialogKind};
use crate::app::form::{Bind, Field, Form, Kind};
use crate::app::keys::Command;
use crate::app::{open_dialog, App, Effect};
use crate::domain::calendar::WorkingCalendar;
use crate::domain::intake::{
    check_referral, form_destination, FieldIssue, HouseholdForm, IntakeContext, ReferralForm,
};
use crate::domain::screening::{check_screening, ScreenContext, ScreeningForm, ScreeningOutcome};
use crate::domain::types::*;
use crate::store::meeting::MeetingData;

/// The intake form while it is open.
pub struct IntakeState {
    pub form: Form,
    pub errors: Vec<FieldIssue>,
    pub warnings: Vec<FieldIssue>,
}

pub const DRAFT: &str = "intake:new";

const MAPPA: &[(&str, &str)] = &[("", "not under MAPPA"), ("1", "1"), ("2", "2"), ("3", "3")];

fn text(label: &str, key: &'static str, value: &str, multiline: bool) -> Field {
    Field::text(label, Bind::Intake(key), value, multiline)
}

fn choice(label: &str, key: &'static str, options: Vec<String>, selected: Option<usize>) -> Field {
    Field::choice(label, Bind::Intake(key), options, selected)
}

/// Option labels and the codes they stand for, for each choice field.
fn codes(data: &MeetingData, key: &str) -> Vec<(String, String)> {
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
        "urgent" => pairs(&[
            ("no", "no"),
            ("yes", "yes: needs a more urgent response (section 11)"),
        ]),
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
            "Core referral reason (section 12)",
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
    }
}

/// The live line: which meeting the referral will go to (section 11).
pub fn destination_line(app: &App) -> Option<String> {
    let st = app.intake.as_ref()?;
    let f = read(&app.data, &st.form);
    if let Err(refusal) = crate::domain::rules::check_mappa(f.mappa_level.trim().parse().ok()) {
        return Some(format!("excluded, {refusal}"));
    }
    form_destination(&f, &context(&app.data, app.today())).map(|d| d.describe())
}

fn open_form(app: &mut App) {
    let f = app
        .drafts
        .get(DRAFT)
        .and_then(|b| serde_json::from_str::<ReferralForm>(b).ok())
        .unwrap_or_else(|| ReferralForm::new(app.today()));
    let form = build(&app.data, &f);
    app.intake = Some(IntakeState {
        form,
        errors: vec![],
        warnings: vec![],
    });
}

/// Keys on the referrals screen: the list, or the open form.
pub fn key(app: &mut App, key: KeyEvent, cmd: Option<Command>, fx: &mut Vec<Effect>) {
    if app.intake.is_some() {
        return form_key(app, key, cmd, fx);
    }
    let len = app.data.referrals.len();
    match key.code {
        KeyCode::Up if app.list_sel > 0 => app.list_sel -= 1,
        KeyCode::Down if app.list_sel + 1 < len => app.list_sel += 1,
        KeyCode::Char('n') => open_form(app),
        KeyCode::Char('s') => {
            if let Some(r) = app.data.referrals.get(app.list_sel) {
                let d = screening_dialog(r);
                open_dialog(app, d);
            }
        }
        _ => {}
    }
}

fn form_key(app: &mut App, key: KeyEvent, cmd: Option<Command>, fx: &mut Vec<Effect>) {
    let mono = app.mono;
    let Some(st) = app.intake.as_mut() else {
        return;
    };
    match cmd {
        Some(Command::NextField) | Some(Command::PrevField) => {
            st.form.leave(cmd == Some(Command::NextField));
            return;
        }
        Some(Command::Back) if st.form.focused_mut().is_some_and(Field::abandon) => {
            app.say(crate::app::PUT_BACK);
            return;
        }
        Some(Command::CaseDone) if st.form.pending_label().is_some() => {
            let label = st.form.pending_label().unwrap_or_default().to_string();
            app.warn(crate::app::pending_refusal(&label));
            return;
        }
        Some(Command::Back) => {
            // The form is kept as a draft: F7 then n brings it back.
            save_draft(app, fx);
            app.intake = None;
            app.message = Some((
                "Referral form closed; what you typed is kept for when you reopen it".into(),
                false,
            ));
            return;
        }
        Some(Command::CaseDone) => return submit(app, fx),
        _ => {}
    }
    let Some(field) = st.form.focused_mut() else {
        return;
    };
    if key.code == KeyCode::Enter && field.pending() {
        // Enter records the choice on screen (it reaches the database with the form).
        field.record();
        app.intake_dirty = Some(mono);
        return;
    }
    let changed = field.key(key, mono);
    if changed {
        // The red mark goes once the field is being put right; Ctrl-D checks again.
        if let Bind::Intake(k) = field.bind {
            st.errors
                .retain(|e| e.field != k && !e.field.starts_with(&format!("{k}[")));
        }
        app.intake_dirty = Some(mono);
    }
}

/// Keep the form as a draft now.
pub fn save_draft(app: &mut App, fx: &mut Vec<Effect>) {
    let Some(st) = &app.intake else { return };
    let body = serde_json::to_string(&read(&app.data, &st.form)).unwrap_or_default();
    app.drafts.insert(DRAFT.into(), body.clone());
    fx.push(Effect::SaveDraft {
        key: DRAFT.into(),
        body,
    });
    app.intake_dirty = None;
}

/// Check the form; take it in, or show each problem at its field.
fn submit(app: &mut App, fx: &mut Vec<Effect>) {
    let today = app.today();
    let Some(st) = app.intake.as_mut() else {
        return;
    };
    let f = read(&app.data, &st.form);
    match check_referral(&f, &context(&app.data, today)) {
        Err(errors) => {
            let n = errors.len();
            st.errors = errors;
            st.warnings.clear();
            app.message = Some((
                format!("Not taken in: {n} field(s) to put right, marked in red"),
                true,
            ));
            save_draft(app, fx);
        }
        Ok(checked) => {
            st.errors.clear();
            st.warnings = checked.warnings.clone();
            save_draft(app, fx);
            fx.push(Effect::TakeReferral {
                form: Box::new(f),
                choice: crate::store::intake::SubjectChoice::Auto,
            });
        }
    }
}

/// The runner found people the referral may be about: ask which.
pub fn ask_subject(app: &mut App, candidates: Vec<(crate::store::SubjectId, String)>) {
    let mut options: Vec<String> = candidates.iter().map(|(_, d)| d.clone()).collect();
    options.push("a new person: none of these".into());
    let d = Dialog {
        kind: DialogKind::WhichSubject {
            candidates: candidates.iter().map(|(id, _)| *id).collect(),
        },
        title: "Is this someone the panel already knows?".into(),
        note: vec![
            "A referral with this name or date of birth exists. Link it to the person, or".into(),
            "record a new person. Nobody is merged or duplicated without your choice.".into(),
        ],
        form: Form::new(vec![Field::choice(
            "This referral is about",
            Bind::Dialog("subject"),
            options,
            None,
        )]),
        error: None,
    };
    open_dialog(app, d);
}

/// The answer to `ask_subject`.
pub fn subject_chosen(
    app: &App,
    candidates: &[crate::store::SubjectId],
    sel: Option<usize>,
) -> Result<Vec<Effect>, String> {
    let sel = sel.ok_or("This referral is about: choose (Left/Right)")?;
    let choice = match candidates.get(sel) {
        Some(id) => crate::store::intake::SubjectChoice::Existing(*id),
        None => crate::store::intake::SubjectChoice::New,
    };
    let st = app.intake.as_ref().ok_or("the referral form is not open")?;
    Ok(vec![Effect::TakeReferral {
        form: Box::new(read(&app.data, &st.form)),
        choice,
    }])
}

pub fn screening_dialog(r: &crate::store::intake::ReferralRow) -> Dialog {
    let outcomes = vec![
        "supporting intelligence: full risk assessment done".to_string(),
        "no supporting intelligence: one to watch".to_string(),
    ];
    Dialog {
        kind: DialogKind::Screen { referral: r.id },
        title: format!("Screening of case {} (section 11)", r.id),
        note: vec![format!(
            "Received {} · {}",
            r.date_received.format("%Y-%m-%d"),
            r.placement
        )],
        form: Form::new(vec![
            Field::choice("Outcome", Bind::Dialog("outcome"), outcomes, None),
            Field::text("Risk assessment by (name)", Bind::Dialog("by"), "", false),
            Field::text(
                "On (YYYY-MM-DD; blank: today)",
                Bind::Dialog("on"),
                "",
                false,
            ),
            Field::text(
                "Referrer told on (one to watch)",
                Bind::Dialog("told"),
                "",
                false,
            ),
            Field::text(
                "YOS screening note and advice (under 18s)",
                Bind::Dialog("yos_note"),
                "",
                false,
            ),
            Field::choice(
                "MAPPA level",
                Bind::Dialog("mappa_level"),
                MAPPA.iter().map(|(_, l)| l.to_string()).collect(),
                None,
            ),
            advice_choice(ADVICE_FIELDS[0], "YOS advised a child protection referral"),
            advice_choice(ADVICE_FIELDS[1], "YOS advised a Channel referral"),
            advice_choice(ADVICE_FIELDS[2], "YOS advised a MARAC referral"),
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

/// Dialog confirmations that belong to this screen.
pub fn confirm(d: &Dialog, app: &App) -> Option<Result<Vec<Effect>, String>> {
    match &d.kind {
        DialogKind::WhichSubject { candidates } => {
            let sel = d.form.fields.first().and_then(Field::chosen);
            Some(subject_chosen(app, candidates, sel))
        }
        DialogKind::Screen { referral } => {
            Some(screening_confirm(d, &app.data, app.today(), *referral))
        }
        _ => None,
    }
}

/// The new referrals screen (F7): the referrals received, screening, and the intake
/// form (Appendix A and section 12).
pub struct Referrals;

impl crate::app::page::Page for Referrals {
    fn len(&self, app: &App) -> usize {
        app.data.referrals.len()
    }

    fn key(&self, app: &mut App, k: KeyEvent, cmd: Option<Command>, fx: &mut Vec<Effect>) {
        key(app, k, cmd, fx)
    }

    fn draw(&self, app: &App, frame: &mut ratatui::Frame, area: ratatui::layout::Rect) {
        draw::screen(app, frame, area)
    }
}
