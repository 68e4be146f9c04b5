//! The coordinator's override of a failed checklist on F7's intake form (issue 22,
//! MAVE MV1: "A child's or young adult's case should only be referred when: ...", 001
//! "MAVE Case Panel Checklist"; enforced at intake "with a coordinator override that
//! records a reason", REQUIREMENTS.md 2.6, DERIVED). Ctrl-O on the open form asks
//! which of the panel's serving coordinators overrides and why; the form is checked as
//! `referral add --override-checklist REASON` checks a file (an approval and what the
//! referral is about are never overridden), and the reason, with the coordinator's
//! name and post, is kept on the referral the same way (`referral.checklist_override`,
//! change-logged in the intake transaction).

use crate::app::dialog::{Dialog, DialogKind, Values};
use crate::app::form::{Bind, Field, Form};
use crate::app::keys::{key as KEY, Command};
use crate::app::{open_dialog, App, Effect};
use crate::domain::paperwork::{FormDef, FormRule};
use crate::domain::types::Role;
use crate::store::meeting::Member;

use super::panel_form;

/// The dialog's title.
pub const TITLE: &str = "Coordinator override: take this referral in although its checklist fails";
/// Said when the form on screen has no rule an override lets through.
pub const NO_CHECKLIST: &str = "this referral form has no checklist to override";
/// Said when nobody serving may override.
pub fn no_coordinator() -> String {
    format!(
        "only a coordinator overrides the checklist, and the panel has none serving: add one on {} (role coordinator)",
        KEY(Command::ScreenMembers)
    )
}

/// Does `def` have a rule the coordinator may override (`all_of`, `any_of`)?
pub(super) fn overridable(def: &FormDef) -> bool {
    def.rules
        .iter()
        .any(|r: &FormRule| !r.all_of.is_empty() || !r.any_of.is_empty())
}

/// The panel's coordinators serving today, in the members' order.
fn coordinators(app: &App) -> Vec<&Member> {
    let today = app.today();
    app.data
        .members
        .iter()
        .filter(|m| m.role == Role::Coordinator && m.retired_on.is_none_or(|d| d > today))
        .collect()
}

/// Ctrl-O on the open intake form: the override dialog, or one line saying why not.
pub fn open(app: &mut App) {
    let Some(def) = panel_form::form_def(&app.data, app.screens.referrals.form_at) else {
        return app.warn(NO_CHECKLIST);
    };
    if !overridable(def) {
        return app.warn(NO_CHECKLIST);
    }
    let who: Vec<String> = coordinators(app)
        .iter()
        .map(|m| format!("{} — {}", m.name, m.post))
        .collect();
    if who.is_empty() {
        return app.warn(no_coordinator());
    }
    let only = (who.len() == 1).then_some(0);
    let d = Dialog {
        kind: DialogKind::ChecklistOverride,
        title: TITLE.into(),
        note: vec![
            "The reason is kept with the referral, on the chair's case page and in case ID.".into(),
            "An approval is never overridden.".into(),
        ],
        form: Form::new(vec![
            Field::choice("Coordinator", Bind::Dialog("coordinator"), who, only),
            Field::text("Reason", Bind::Dialog("reason"), "", false),
        ]),
        error: None,
    };
    open_dialog(app, d);
}

/// The reason as kept: what was typed, then who overrode; an error line for the dialog.
pub fn reason(d: &Dialog, app: &App) -> Result<String, String> {
    let r = Values::of(d, &app.data);
    let who = coordinators(app);
    let m = r
        .sel("coordinator")
        .and_then(|i| who.get(i))
        .ok_or("Coordinator: choose who overrides (Left/Right)")?;
    let typed = r.text("reason");
    if typed.is_empty() {
        return Err("Reason: the coordinator's reason is kept and cannot be blank".into());
    }
    Ok(format!("{typed} (override by {}, {})", m.name, m.post))
}

/// Confirm the dialog: the referral to take in with its override, or what stops it.
pub fn confirm(d: &Dialog, app: &App) -> Result<Vec<Effect>, String> {
    let why = reason(d, app)?;
    let st = app
        .screens
        .referrals
        .form
        .as_ref()
        .ok_or("the referral form is not open")?;
    let def = panel_form::form_def(&app.data, app.screens.referrals.form_at).ok_or(NO_CHECKLIST)?;
    let ctx = super::context(&app.data, app.today());
    let (form, _) = panel_form::check(def, &st.form, &ctx.agencies, app.today(), Some(&why))
        .map_err(|e| {
            let first = e.first().map(ToString::to_string).unwrap_or_default();
            format!(
                "{} problem(s) an override does not cover, first {first}; {}, then {} shows them",
                e.len(),
                KEY(Command::Back),
                KEY(Command::CaseDone)
            )
        })?;
    if form.checklist_override.is_empty() {
        return Err(format!(
            "the checklist holds: no override needed; {}, then {} takes it in",
            KEY(Command::Back),
            KEY(Command::CaseDone)
        ));
    }
    Ok(vec![Effect::TakeReferral {
        form: Box::new(form),
        choice: crate::store::intake::SubjectChoice::Auto,
    }])
}

/// After the dialog is confirmed: the override stays with the form on screen, so a
/// question of who the referral is about (or a second Ctrl-D) takes it in the same way.
pub fn keep(app: &mut App, why: Option<String>) {
    if let (Some(st), Some(why)) = (app.screens.referrals.form.as_mut(), why) {
        st.override_reason = Some(why);
    }
}
