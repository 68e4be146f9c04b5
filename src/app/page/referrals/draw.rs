//! The referrals screen: new referrals with where each stands, and the intake form.

use crate::app::keys::{key as KEY, Command as C};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::app::page::cases::form::subject_name;
use crate::app::page::referrals::destination_line;
use crate::app::App;
use crate::domain::paperwork::Rule;
use crate::kit::truncate;
use crate::kit::*;

pub(super) fn screen(app: &App, frame: &mut Frame, area: Rect) {
    match &app.screens.referrals.form {
        Some(st) => form(app, st, frame, area),
        None => list(app, frame, area),
    }
}

fn list(app: &App, frame: &mut Frame, area: Rect) {
    let w = area.width as usize;
    let mut lines = vec![
        Line::from(Span::styled(
            "New referrals not yet heard",
            Style::default().add_modifier(Modifier::BOLD),
        )),
        crate::kit::hint(
            &format!(
                "{} new referral{} · {} screen the selected one{} · {} back to the meeting",
                KEY(C::New),
                app.data.panel.paperwork.cite.paren(Rule::ReferralForm),
                KEY(C::ScreenReferral),
                app.data.panel.paperwork.cite.paren(Rule::Screening),
                KEY(C::ScreenMeeting)
            ),
            w,
        ),
        Line::from(""),
    ];
    // Several forms (MAVE's three, issue 22): which one `n` opens, and the key to
    // another.
    let forms = &app.data.panel.paperwork.forms;
    if forms.len() > 1 {
        let title = super::panel_form::form_def(&app.data, app.screens.referrals.form_at)
            .map(|f| f.title.as_str())
            .unwrap_or_default();
        let line = crate::kit::hint(
            &format!(
                "{} opens: {title} · {} the next form",
                KEY(C::New),
                KEY(C::NextForm)
            ),
            w,
        );
        lines.insert(2, line);
    }
    let height = area.height.saturating_sub(lines.len() as u16) as usize;
    let start = scroll_start(app.screens.referrals.sel, height);
    for (i, r) in app
        .data
        .referrals
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
    {
        let text = format!(
            "#{:<5} {:<22} {:<5} rec'd {}{} · {} · {}",
            r.id,
            truncate(&subject_name(&r.name, app.initials), 22),
            r.referring_agency,
            r.date_received.format("%Y-%m-%d"),
            if r.urgent { " URGENT" } else { "" },
            r.placement,
            crate::domain::types::Screening::from_code(&r.screening)
                .map_or(r.screening.as_str(), |x| x.label())
        );
        lines.push(Line::from(Span::styled(
            truncate(&text, w),
            selected(i == app.screens.referrals.sel),
        )));
    }
    // A half-typed referral form kept as a draft is announced (QA fault 6).
    if crate::app::page::referrals::draft_waiting(app) {
        lines.push(Line::from(Span::styled(
            crate::app::page::referrals::DRAFT_LINE,
            Style::default().fg(MUTED),
        )));
    }
    if app.unread == Some(crate::app::unread::Unread::Referrals) {
        // Not read: never "none waiting" (there may be).
        lines.push(Line::from(Span::styled(
            crate::app::unread::Unread::Referrals.line(),
            Style::default().fg(WARN),
        )));
    } else if app.data.referrals.is_empty() {
        lines.push(Line::from(Span::styled(
            "No new referrals waiting. n takes one in.",
            Style::default().fg(MUTED),
        )));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn form(app: &App, st: &crate::app::page::referrals::IntakeState, frame: &mut Frame, area: Rect) {
    // A panel's own form by its title; MAGPan's Appendix A form as before.
    let what = super::panel_form::form_def(&app.data, app.screens.referrals.form_at).map_or(
        {
            let cite = &app.data.panel.paperwork.cite;
            let sources: Vec<&str> = [Rule::ReferralForm, Rule::MonitoringReturn]
                .into_iter()
                .filter_map(|r| cite.get(r))
                .collect();
            if sources.is_empty() {
                "New referral".to_string()
            } else {
                format!("New referral ({})", sources.join(" and "))
            }
        },
        |f| format!("New referral: {}", f.title),
    );
    // A form with a checklist the coordinator may override says so (MV1).
    let over = super::panel_form::form_def(&app.data, app.screens.referrals.form_at)
        .filter(|d| super::override_checklist::overridable(d))
        .map_or(String::new(), |_| {
            format!(" · {} coordinator's override", KEY(C::Override))
        });
    let mut head = vec![Line::from(Span::styled(
        format!(
            "{what} — {} takes it in · {} keeps it as a draft{over}",
            KEY(C::CaseDone),
            KEY(C::Back)
        ),
        Style::default().add_modifier(Modifier::BOLD),
    ))];
    let place = destination_line(app)
        .unwrap_or_else(|| "Date received: write it as YYYY-MM-DD to see which meeting".into());
    head.push(Line::from(Span::styled(
        format!("Goes to: {place}"),
        Style::default().fg(FOCUS),
    )));
    if !st.errors.is_empty() {
        head.push(Line::from(Span::styled(
            format!("{} field(s) to put right (in red below)", st.errors.len()),
            Style::default().fg(ERROR).add_modifier(Modifier::BOLD),
        )));
    }
    // The panel file's hints (MV12) as the answers are typed, then the notes of the
    // last check; each once.
    let def = super::panel_form::form_def(&app.data, app.screens.referrals.form_at);
    let mut notes = def.map_or(vec![], |d| super::panel_form::hints(d, &st.form));
    notes.retain(|h| !st.warnings.contains(h));
    notes.extend(st.warnings.iter().cloned());
    if let Some(why) = &st.override_reason {
        notes.push(crate::domain::intake::FieldIssue::new(
            crate::domain::paperwork::OVERRIDE_KEY,
            why.clone(),
        ));
    }
    for w in &notes {
        head.push(Line::from(Span::styled(
            format!("Note: {w}"),
            Style::default().fg(WARN),
        )));
    }
    let w = area.width.max(1) as usize;
    let rows: usize = head
        .iter()
        .map(|l| 1 + l.width().saturating_sub(1) / w)
        .sum();
    let head_h = (rows as u16 + 1).min(area.height);
    frame.render_widget(
        Paragraph::new(head).wrap(Wrap { trim: false }),
        Rect {
            height: head_h,
            ..area
        },
    );
    let problems: Vec<(String, String)> = st
        .errors
        .iter()
        .map(|e| (e.field.clone(), e.message.clone()))
        .collect();
    let body = Rect {
        y: area.y + head_h,
        height: area.height.saturating_sub(head_h),
        ..area
    };
    crate::app::form_view::form_body(&app.data.panel.risk, &st.form, &problems, frame, body);
}
