//! A case item (new referrals under or over 18, reviews): the list of its cases, and
//! each case on its own page (Appendix D items 6-8: minutes, decision and reasons,
//! lead agency, risk, onward referrals, actions, interventions).

pub(crate) mod draw;
pub mod form;
pub(crate) mod guests;
mod missing;
pub mod record;

use crate::app::keys::{key as KEY, Command as C};
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;
use rusqlite::types::Value;

use super::super::form::{Bind, Field, Form, Kind};
use super::super::keys::Command;
use super::super::*;
use super::Page;
use crate::domain::paperwork::QuorumGate;
use crate::domain::rules::{check_lead_agency_change, check_mappa};
use crate::domain::types::*;
use crate::kit::hint;
use crate::kit::truncate;
use crate::kit::*;
use crate::store::write::Table;

/// A case item's list and its case pages.
pub struct Cases;

impl Page for Cases {
    fn len(&self, app: &App) -> usize {
        app.cases().len()
    }

    fn form(&self, app: &App) -> Form {
        match app.current_case() {
            Some(c) => form::case_form(&app.data, c, app.initials, c.kind),
            None => Form::default(),
        }
    }

    fn key(&self, app: &mut App, key: KeyEvent, cmd: Option<Command>, fx: &mut Vec<Effect>) {
        if app.case.is_some() {
            case_key(app, key, cmd, fx);
            if !app.missing.is_empty() && app.case.is_some() {
                // Keep "what is missing" true as the page is filled in.
                app.missing = form::missing(&app.form, app.case_kind(), &app.data.panel.paperwork);
            }
        } else {
            case_list_key(app, key, cmd, fx)
        }
    }

    fn draw(&self, app: &App, frame: &mut Frame, area: Rect) {
        if app.case.is_some() {
            draw::page(app, frame, area)
        } else {
            case_list(app, frame, area)
        }
    }
}

fn case_list_key(app: &mut App, key: KeyEvent, cmd: Option<Command>, fx: &mut Vec<Effect>) {
    if cmd == Some(Command::Override) {
        return override_quorum(app);
    }
    if cmd == Some(Command::GuestJoins) {
        return guests::join(app, fx);
    }
    if move_sel(app, &key) {
        return;
    }
    if key.code == KeyCode::Enter && app.sel < app.cases().len() {
        let i = app.sel;
        open_case(app, i, fx);
    }
}

fn case_key(app: &mut App, key: KeyEvent, cmd: Option<Command>, fx: &mut Vec<Effect>) {
    match cmd {
        Some(Command::NextField) | Some(Command::PrevField) => {
            leave_field(app, fx);
            app.form.move_focus(cmd == Some(Command::NextField));
            return;
        }
        Some(Command::Back) => return back_to_list(app, fx),
        Some(Command::CaseDone) => return case_done(app, fx),
        Some(Command::Add) => return case_add(app),
        Some(Command::GuestJoins) => return guests::join(app, fx),
        Some(Command::ChangeLevel) => return change_level(app),
        Some(Command::Override) => return override_quorum(app),
        _ => {}
    }
    let mono = app.mono;
    let focus = app.form.focus;
    let Some(field) = app.form.fields.get_mut(focus) else {
        return;
    };
    let bind = field.bind.clone();
    match &mut field.kind {
        Kind::Text(t) => {
            t.key(key, mono);
        }
        Kind::List { rows, selected } => match key.code {
            KeyCode::Up if *selected > 0 => *selected -= 1,
            KeyCode::Down if *selected + 1 < rows.len() => *selected += 1,
            KeyCode::Enter => {
                let sel = *selected;
                if let Bind::Record(r) = &bind {
                    return record::enter(app, r, sel);
                }
                if let Bind::Interventions { referral } = bind {
                    let row = app
                        .current_case()
                        .and_then(|c| c.interventions.get(sel))
                        .cloned();
                    if let Some(row) = row {
                        let d = dialog::intervention(&app.data, referral, Some(&row));
                        open_dialog(app, d);
                    }
                }
            }
            _ => {}
        },
        Kind::Choice {
            selected,
            suggestion,
            ..
        } => {
            if key.code == KeyCode::Enter {
                if selected.is_none() && suggestion.is_some() {
                    *selected = *suggestion;
                }
                commit_choice(app, focus, fx, false);
            } else {
                // Left/Right and letters move a pending choice; Enter or leaving records it.
                field.key(key, mono);
                save::keep_pending_choice(app, focus, fx);
            }
        }
        Kind::Info(_) => {}
    }
}

/// Record field `idx`'s pending choice, if it has one: the one value a person settled
/// on reaches the record, not every option passed on the way. When `leaving`, a choice
/// that needs a dialog of its own (carrying an action over) is put back instead.
pub(crate) fn commit_choice(app: &mut App, idx: usize, fx: &mut Vec<Effect>, leaving: bool) {
    let Some(Field {
        bind,
        kind: Kind::Choice {
            selected,
            committed,
            ..
        },
        ..
    }) = app.form.fields.get(idx)
    else {
        return;
    };
    let (bind, selected, committed) = (bind.clone(), *selected, *committed);
    let Some(i) = selected.filter(|_| selected != committed) else {
        return;
    };
    let needs_dialog = matches!(bind, Bind::EarlierAction { .. })
        && form::CHECK_OPTIONS.get(i) == Some(&ActionStatus::CarriedOver);
    let outcome = if leaving && needs_dialog {
        Err(String::new())
    } else {
        choice_effect(app, &bind, i)
    };
    let settled = match outcome {
        Ok(Some(e)) => {
            fx.push(e);
            if matches!(bind, Bind::Decision { .. }) {
                // MV5: the co-chair chairing the meeting agrees it unless another is chosen.
                let case = app.current_case();
                fx.extend(case.and_then(|c| record::default_agreed_by(&app.data, c)));
            }
            follow_done_case(app, fx);
            selected
        }
        Ok(None) if needs_dialog => committed,
        Ok(None) => selected,
        Err(why) => {
            if !why.is_empty() {
                app.warn(why);
            }
            committed
        }
    };
    if let Some(Field {
        kind: Kind::Choice {
            selected,
            committed,
            ..
        },
        ..
    }) = app.form.fields.get_mut(idx)
    {
        *committed = settled;
        if settled != Some(i) {
            *selected = settled;
        }
        if let Some(Field {
            kind: Kind::Choice { typed, .. },
            ..
        }) = app.form.fields.get_mut(idx)
        {
            typed.clear();
        }
    }
    save::keep_pending_choice(app, idx, fx);
}

/// On a case page already marked done, a recorded change reaches the case record at
/// once (the referral's status, risk, lead agency and review date follow the page), as
/// marking it done again would; if the change leaves the page incomplete, say so.
pub(crate) fn follow_done_case(app: &mut App, fx: &mut Vec<Effect>) {
    let Some(c) = app.current_case().filter(|c| c.completed_at.is_some()) else {
        return;
    };
    let discussion = c.discussion;
    let missing = form::missing(&app.form, app.case_kind(), &app.data.panel.paperwork);
    if missing.is_empty() {
        fx.push(Effect::CompleteCase { discussion });
    } else {
        app.warn(format!(
            "Recorded, but the case record keeps its earlier values until this page is complete: missing {}",
            missing.join(", ")
        ));
    }
}

/// What choosing option `i` of a choice field saves, or why the rules refuse it.
fn choice_effect(app: &mut App, bind: &Bind, i: usize) -> Result<Option<Effect>, String> {
    let case = app.current_case().cloned();
    Ok(Some(match bind {
        Bind::Decision {
            discussion,
            options,
        } => {
            let code = options[i].clone();
            let def = app.data.panel.paperwork.decision(&code);
            // A deferral decides nothing about the case: it needs no quorum (it is
            // what a meeting short of one may do, 003 App 5B 3).
            let defer = def.is_some_and(|d| d.defer);
            if let Some(line) = app
                .data
                .quorum()
                .refusal(&app.data.panel.paperwork.cite)
                .filter(|_| !defer)
            {
                return Err(format!(
                    "{line}: {} for a chair override with a reason",
                    KEY(C::Override)
                ));
            }
            let opens = def.is_some_and(|d| !d.defer && d.status() == CaseStatus::Open);
            if opens && app.case_kind().is_new_referrals() {
                if let Some(c) = &case {
                    check_mappa(c.referral.mappa_level, &app.data.panel.paperwork)
                        .map_err(|e| format!("Cannot open: {e}"))?;
                }
            }
            Effect::Set {
                table: Table::Discussion,
                id: discussion.0,
                col: "decision",
                value: Value::Text(code),
            }
        }
        Bind::Record(r) => return Ok(record::choice(r, i)),
        Bind::ClosureReason { discussion } => Effect::Set {
            table: Table::Discussion,
            id: discussion.0,
            col: "closure_reason",
            value: Value::Text(app.data.panel.paperwork.closure.reasons[i].clone()),
        },
        Bind::KeyWorkerAgency { discussion } => Effect::Set {
            table: Table::Discussion,
            id: discussion.0,
            col: "key_worker_agency_id",
            value: Value::Integer(app.data.agencies[i].id.0),
        },
        Bind::Risk { discussion } => {
            let name = app.data.panel.risk.levels[i].name.clone();
            Effect::Set {
                table: Table::Discussion,
                id: discussion.0,
                col: "risk_after",
                value: Value::Text(name),
            }
        }
        Bind::Lead { discussion } => {
            let a = app.data.agencies[i].id;
            let current = case.as_ref().and_then(|c| c.referral.lead_agency);
            check_lead_agency_change(
                current.as_ref(),
                Some(&a),
                app.case_kind(),
                &app.data.panel.paperwork,
            )
            .map_err(|e| e.to_string())?;
            Effect::Set {
                table: Table::Discussion,
                id: discussion.0,
                col: "lead_agency_id",
                value: Value::Integer(a.0),
            }
        }
        Bind::Onward { discussion, kind } => Effect::SetOnward {
            discussion: *discussion,
            kind: kind.clone(),
            state: form::ONWARD_OPTIONS[i],
        },
        Bind::CpFor { discussion, kind } => Effect::SetCpFor {
            discussion: *discussion,
            kind: kind.clone(),
            cp_for: CpFor::ALL[i],
        },
        Bind::EarlierAction { action } => {
            let status = form::CHECK_OPTIONS[i];
            let current = case
                .as_ref()
                .and_then(|c| c.earlier_actions.iter().find(|a| a.id == *action))
                .map(|a| a.status);
            if current == Some(ActionStatus::CarriedOver) && status != ActionStatus::CarriedOver {
                // Undo the carry-over first; the chosen status follows.
                return Ok(Some(Effect::UndoCarryOver {
                    action: *action,
                    then: status,
                }));
            }
            match status {
                // Back to open: undo a check made by mistake.
                ActionStatus::Open if current.is_some_and(|c| c != ActionStatus::Open) => {
                    Effect::CheckAction {
                        action: *action,
                        status,
                    }
                }
                ActionStatus::Open => return Ok(None),
                ActionStatus::CarriedOver => {
                    let d = dialog::carry_over(*action, app.data.next_meeting);
                    open_dialog(app, d);
                    return Ok(None);
                }
                s => Effect::CheckAction {
                    action: *action,
                    status: s,
                },
            }
        }
        _ => return Ok(None),
    }))
}

/// The chair's override of the quorum (`[quorum]`), asked for a reason; without a
/// quorum rule, or with it met, there is nothing to override.
fn override_quorum(app: &mut App) {
    let gate = app.data.quorum();
    match gate.refusal(&app.data.panel.paperwork.cite) {
        Some(line) => open_dialog(app, dialog::override_quorum(&line)),
        None => match gate {
            QuorumGate::NotSet => app.say("This panel sets no quorum: no override needed"),
            QuorumGate::Overridden { .. } => {
                app.say("The chair's override of the quorum is recorded already")
            }
            _ => app.say("The meeting is quorate: no override needed"),
        },
    }
}

/// Alt-L: the level dialog for this case, or one line saying why there is none.
fn change_level(app: &mut App) {
    let Some(c) = app.current_case().cloned() else {
        return;
    };
    match dialog::level::level_refusal(&app.data, &c) {
        Some(why) => app.say(why),
        None => {
            let d = dialog::level::level(&app.data, &c);
            open_dialog(app, d);
        }
    }
}

fn case_add(app: &mut App) {
    let Some(c) = app.current_case().cloned() else {
        return;
    };
    if let Some(Bind::Record(r)) = app.form.focused().map(|f| f.bind.clone()) {
        if record::add(app, &r) {
            return;
        }
    }
    let on_interventions = app
        .form
        .focused()
        .is_some_and(|f| matches!(f.bind, Bind::Interventions { .. }));
    let d = if on_interventions {
        dialog::intervention(&app.data, c.referral.id, None)
    } else {
        dialog::add_action(&app.data, c.discussion, c.referral.id)
    };
    open_dialog(app, d);
}

fn case_done(app: &mut App, fx: &mut Vec<Effect>) {
    let Some(c) = app.current_case().cloned() else {
        return;
    };
    settle(app, fx);
    let missing = form::missing(&app.form, app.case_kind(), &app.data.panel.paperwork);
    if !missing.is_empty() {
        app.warn(format!("Not done yet. Missing: {}", missing.join(", ")));
        app.missing = missing;
        return;
    }
    app.missing.clear();
    fx.push(Effect::CompleteCase {
        discussion: c.discussion,
    });
    app.say(format!("Case {} done", c.referral.id));
    let n = app.cases().len();
    let idx = app.case.unwrap_or(0);
    if idx + 1 < n {
        open_case(app, idx + 1, fx);
    } else {
        back_to_list(app, fx);
        app.say(format!(
            "All cases of this item are on record: {} for the next item",
            KEY(C::NextItem)
        ));
    }
}

fn case_list(app: &App, frame: &mut Frame, area: Rect) {
    let mut lines = vec![
        crate::app::page::item_heading(app, area.width),
        hint(
            &format!(
                "Up/Down choose · {}/{} step through cases · Enter open the case page",
                KEY(C::NextCase),
                KEY(C::PrevCase)
            ),
            area.width as usize,
        ),
        Line::from(""),
    ];
    let cases = app.cases();
    let w = area.width as usize;
    for (i, c) in cases.iter().enumerate() {
        let r = &c.referral;
        let done = if c.completed_at.is_some() {
            "✓ done "
        } else {
            "  to do"
        };
        // Each case as what it is: at a `cases` item, new referrals and reviews mix.
        let extra = if !c.kind.is_new_referrals() {
            let lead = app.data.agency_code(c.lead_agency.or(r.lead_agency));
            match (c.risk_before.as_deref(), c.risk_after.as_deref()) {
                (Some(b), Some(a)) if b != a => format!("lead {lead} · risk {b} → {a}"),
                (b, a) => format!("lead {lead} · risk {}", a.or(b).unwrap_or("—")),
            }
        } else {
            format!(
                "age {} · from {}{}",
                r.age.map(|a| a.to_string()).unwrap_or_else(|| "?".into()),
                app.data.agency_code(Some(r.referring_agency)),
                if r.urgent { " · URGENT" } else { "" }
            )
        };
        let decision = c
            .decision
            .as_deref()
            .map(|d| format!(" · {}", app.data.panel.paperwork.decision_label(d)))
            .unwrap_or_default();
        let text = format!(
            "{done}  {:>5}  {:<22} {}{}",
            format!("#{}", r.id),
            truncate(&form::case_name(r, app.initials), 22),
            extra,
            decision
        );
        lines.push(Line::from(Span::styled(
            truncate(&text, w),
            selected(i == app.sel),
        )));
    }
    if cases.is_empty() {
        lines.push(hint("No cases for this item.", w));
    }
    let aside: Vec<_> = app
        .data
        .set_aside
        .iter()
        .filter(|s| s.item == app.item)
        .collect();
    let takes_new =
        app.kind().is_new_referrals() || app.kind() == crate::domain::agenda::AgendaKind::Cases;
    if !aside.is_empty() && takes_new {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            "Cannot be heard at this meeting:",
            Style::default().fg(WARN).add_modifier(Modifier::BOLD),
        )));
        for s in aside {
            lines.push(Line::from(Span::styled(
                format!(
                    "  #{} {} — {}",
                    s.referral.id,
                    // MAPPA level 2/3 cases are for those who stay after the formal close
                    // after the formal close (item 9): not named to the room.
                    if s.referral.mappa_level.is_some_and(|l| l >= 2) {
                        "(name withheld)".to_string()
                    } else {
                        form::case_name(&s.referral, app.initials)
                    },
                    s.reason
                ),
                Style::default().fg(MUTED),
            )));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
