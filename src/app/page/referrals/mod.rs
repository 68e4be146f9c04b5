//! The referral screen (issue 4): the list of new referrals with where each stands,
//! the Appendix A intake form with the section 12 fields known at referral, and
//! screening (section 11). Checks are the domain's, shown at the field.

mod draw;
mod form;
pub mod override_checklist;
mod panel_form;
mod screening;

pub use form::{build, context, read};
pub use screening::{screening_confirm, screening_dialog};

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::app::dialog::{Dialog, DialogKind};
use crate::app::form::{Bind, Field, Form};
use crate::app::keys::Command;
use crate::app::{open_dialog, App, Effect};
use crate::domain::intake::{check_referral, form_destination, FieldIssue, ReferralForm};

/// The intake form while it is open.
pub struct IntakeState {
    pub form: Form,
    pub errors: Vec<FieldIssue>,
    pub warnings: Vec<FieldIssue>,
    /// The coordinator's override of a failed checklist, once given (Ctrl-O, MV1).
    pub override_reason: Option<String>,
}

pub const DRAFT: &str = "intake:new";

/// The F7 list's line for a kept draft referral (QA fault 6).
pub const DRAFT_LINE: &str = "1 draft referral (n resumes it)";

/// Is a half-typed new referral form (MAGPan's, or a panel's own) kept as a draft?
pub fn draft_waiting(app: &crate::app::App) -> bool {
    app.drafts
        .iter()
        .any(|(k, body)| k.starts_with("intake:") && !body.trim().is_empty())
}

/// The referral form on screen: Appendix A's, or the core of the panel's own form.
fn on_screen(app: &App, form: &Form) -> ReferralForm {
    match panel_form::form_def(&app.data, app.screens.referrals.form_at) {
        Some(def) => panel_form::core_so_far(def, form, app.today()),
        None => read(&app.data, form),
    }
}

/// The live line: which meeting the referral will go to (section 11).
pub fn destination_line(app: &App) -> Option<String> {
    let st = app.screens.referrals.form.as_ref()?;
    let f = on_screen(app, &st.form);
    let rules = &app.data.panel.paperwork;
    if let Err(refusal) =
        crate::domain::rules::check_mappa(f.mappa_level.trim().parse().ok(), rules)
    {
        return Some(format!("excluded, {refusal}"));
    }
    form_destination(&f, &context(&app.data, app.today())).map(|d| d.describe(&rules.cite))
}

fn open_form(app: &mut App) {
    if let Some(def) = panel_form::form_def(&app.data, app.screens.referrals.form_at) {
        let answers = app
            .drafts
            .get(&panel_form::draft_key(def))
            .and_then(|b| serde_json::from_str(b).ok())
            .unwrap_or_default();
        let form = panel_form::build(def, &answers);
        app.screens.referrals.form = Some(IntakeState {
            form,
            errors: vec![],
            warnings: vec![],
            override_reason: None,
        });
        return;
    }
    let f = app
        .drafts
        .get(DRAFT)
        .and_then(|b| serde_json::from_str::<ReferralForm>(b).ok())
        .unwrap_or_else(|| ReferralForm::new(app.today()));
    let form = build(&app.data, &f);
    app.screens.referrals.form = Some(IntakeState {
        form,
        errors: vec![],
        warnings: vec![],
        override_reason: None,
    });
}

/// The panel's next referral form for `n` (one form: nothing to change).
fn next_form(app: &mut App) {
    let n = app.data.panel.paperwork.forms.len();
    if n < 2 {
        return;
    }
    let at = (app.screens.referrals.form_at + 1) % n;
    app.screens.referrals.form_at = at;
    let title = app.data.panel.paperwork.forms[at].title.clone();
    app.say(format!(
        "{} opens: {title}",
        crate::app::keys::key(Command::New)
    ));
}

/// Keys on the referrals screen: the list, or the open form.
pub fn key(app: &mut App, key: KeyEvent, cmd: Option<Command>, fx: &mut Vec<Effect>) {
    if app.screens.referrals.form.is_some() {
        return form_key(app, key, cmd, fx);
    }
    let len = app.data.referrals.len();
    match key.code {
        KeyCode::Up if app.screens.referrals.sel > 0 => app.screens.referrals.sel -= 1,
        KeyCode::Down if app.screens.referrals.sel + 1 < len => app.screens.referrals.sel += 1,
        _ if cmd == Some(Command::New) => open_form(app),
        _ if cmd == Some(Command::NextForm) => next_form(app),
        _ if cmd == Some(Command::ScreenReferral) => {
            if let Some(r) = app.data.referrals.get(app.screens.referrals.sel) {
                let d = screening_dialog(r, &app.data.panel.paperwork);
                open_dialog(app, d);
            }
        }
        _ => {}
    }
}

fn form_key(app: &mut App, key: KeyEvent, cmd: Option<Command>, fx: &mut Vec<Effect>) {
    let mono = app.mono;
    let Some(st) = app.screens.referrals.form.as_mut() else {
        return;
    };
    match cmd {
        Some(Command::NextField) | Some(Command::PrevField) => {
            if st.form.leave(cmd == Some(Command::NextField)) {
                // The choice is recorded in the form: kept in its draft at once.
                app.screens.referrals.dirty = Some(mono);
            }
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
            app.screens.referrals.form = None;
            app.message = Some((
                "Referral form closed; what you typed is kept for when you reopen it".into(),
                false,
            ));
            return;
        }
        Some(Command::CaseDone) => return submit(app, fx),
        Some(Command::Override) => return override_checklist::open(app),
        _ => {}
    }
    let Some(field) = st.form.focused_mut() else {
        return;
    };
    if key.code == KeyCode::Enter && field.pending() {
        // Enter records the choice on screen (it reaches the database with the form).
        field.record();
        app.screens.referrals.dirty = Some(mono);
        return;
    }
    let changed = field.key(key, mono);
    if changed {
        // The red mark goes once the field is being put right; Ctrl-D checks again.
        match &field.bind {
            Bind::Intake(k) => st
                .errors
                .retain(|e| e.field != *k && !e.field.starts_with(&format!("{k}["))),
            Bind::Answer(k) | Bind::AnswerOption(k, _) => st.errors.retain(|e| e.field != *k),
            _ => {}
        }
        app.screens.referrals.dirty = Some(mono);
    }
}

/// Keep the form as a draft now.
pub fn save_draft(app: &mut App, fx: &mut Vec<Effect>) {
    let Some(st) = &app.screens.referrals.form else {
        return;
    };
    let (key, body) = match panel_form::form_def(&app.data, app.screens.referrals.form_at) {
        Some(def) => (
            panel_form::draft_key(def),
            serde_json::to_string(&panel_form::read(def, &st.form)).unwrap_or_default(),
        ),
        None => (
            DRAFT.to_string(),
            serde_json::to_string(&read(&app.data, &st.form)).unwrap_or_default(),
        ),
    };
    app.drafts.insert(key.clone(), body.clone());
    fx.push(Effect::SaveDraft { key, body });
    app.screens.referrals.dirty = None;
}

/// Check the form; take it in, or show each problem at its field.
fn submit(app: &mut App, fx: &mut Vec<Effect>) {
    let today = app.today();
    let Some(st) = app.screens.referrals.form.as_mut() else {
        return;
    };
    let ctx = context(&app.data, today);
    let def = panel_form::form_def(&app.data, app.screens.referrals.form_at);
    let filled = match def {
        Some(d) => panel_form::check(
            d,
            &st.form,
            &ctx.agencies,
            today,
            st.override_reason.as_deref(),
        ),
        None => Ok((read(&app.data, &st.form), vec![])),
    };
    let checked = filled.and_then(|(f, notes)| {
        let c = check_referral(&f, &ctx).map_err(|e| match def {
            Some(d) => panel_form::at_fields(d, e),
            None => e,
        })?;
        Ok((f, notes, c))
    });
    match checked {
        Err(errors) => {
            let n = errors.len();
            st.errors = errors;
            st.warnings.clear();
            app.message = Some((
                format!("Not taken in: {n} field(s) to put right, each shown at its field"),
                true,
            ));
            save_draft(app, fx);
        }
        Ok((f, mut notes, checked)) => {
            st.errors.clear();
            notes.extend(match def {
                Some(d) => panel_form::at_fields(d, checked.warnings.clone()),
                None => checked.warnings.clone(),
            });
            st.warnings = notes;
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
    let st = app
        .screens
        .referrals
        .form
        .as_ref()
        .ok_or("the referral form is not open")?;
    let form = match panel_form::form_def(&app.data, app.screens.referrals.form_at) {
        Some(def) => {
            let ctx = context(&app.data, app.today());
            let why = st.override_reason.as_deref();
            panel_form::check(def, &st.form, &ctx.agencies, app.today(), why)
                .map_err(|e| {
                    format!(
                        "the form has {} problem(s): {} shows them",
                        e.len(),
                        crate::app::keys::key(Command::CaseDone)
                    )
                })?
                .0
        }
        None => read(&app.data, &st.form),
    };
    Ok(vec![Effect::TakeReferral {
        form: Box::new(form),
        choice,
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
        DialogKind::ChecklistOverride => Some(override_checklist::confirm(d, app)),
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

/// The new referrals screen's own state.
#[derive(Default)]
pub struct ReferralsState {
    /// The selected referral in the list.
    pub sel: usize,
    /// The intake form, while open.
    pub form: Option<IntakeState>,
    /// Monotonic ms of the first change not yet kept as a draft.
    pub dirty: Option<u64>,
    /// Which of the panel's forms `n` opens (issue 22: MAVE has three).
    pub form_at: usize,
}
