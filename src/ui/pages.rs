//! The non-case pages: planned, attendance, signing, intelligence, case lists, MAPPA.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use super::style::*;
use super::truncate;
use crate::app::form::Kind;
use crate::app::pages::subject_name;
use crate::app::text::{clean, one_line};
use crate::app::{App, AttendanceRow};
use crate::domain::agenda::AgendaKind;
use crate::domain::rules::Gate;
use crate::domain::types::*;

fn title(app: &App) -> String {
    app.data
        .panel
        .agenda
        .iter()
        .find(|i| i.number == app.item)
        .map(|i| format!("{}. {}", i.number, i.title))
        .unwrap_or_default()
}

fn heading(text: String) -> Line<'static> {
    Line::from(Span::styled(
        text,
        Style::default().add_modifier(Modifier::BOLD),
    ))
}

fn hint(text: &str) -> Line<'static> {
    Line::from(Span::styled(text.to_string(), Style::default().fg(MUTED)))
}

pub fn planned(app: &App, frame: &mut Frame, area: Rect) {
    let d = &app.data;
    let lines = vec![
        heading(format!("Next meeting: {}", d.date.format("%A %-d %B %Y"))),
        Line::from(format!("Venue: {}", one_line(&d.venue))),
        Line::from(""),
        Line::from(format!(
            "On the agenda: {} new referral(s) and {} review(s) due.",
            d.listed_new, d.listed_reviews
        )),
        Line::from(format!(
            "Listed apart: {} referral(s) that cannot be heard (held over or excluded).",
            d.set_aside.len()
        )),
        Line::from(""),
        Line::from(Span::styled(
            "Press Enter to start the meeting.",
            Style::default().fg(FOCUS).add_modifier(Modifier::BOLD),
        )),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

pub fn closed(app: &App, frame: &mut Frame, area: Rect) {
    let lines = vec![
        heading(format!(
            "The meeting of {} is closed.",
            app.data.date.format("%-d %B %Y")
        )),
        Line::from(""),
        Line::from("Minutes, actions and the next agenda are in the database."),
    ];
    frame.render_widget(Paragraph::new(lines), area);
}

/// Attendance in a column of 22: the minutes use the full words.
fn short_status(s: AttendanceStatus) -> &'static str {
    match s {
        AttendanceStatus::WrittenSubmission => "written submission",
        AttendanceStatus::Deputy => "deputy",
        other => other.label(),
    }
}

pub fn attendance(app: &App, frame: &mut Frame, area: Rect) {
    let mut lines = vec![
        heading(title(app)),
        hint(
            "p present · a apology · d deputy · w written submission · x absent · v add a visitor",
        ),
        Line::from(""),
    ];
    let rows = app.attendance_rows();
    let height = area.height.saturating_sub(4) as usize;
    let start = scroll_start(app.sel, height);
    let w = area.width as usize;
    for (i, row) in rows.iter().enumerate().skip(start).take(height) {
        let text = match row {
            AttendanceRow::Member(m) => {
                let mem = app.data.members.iter().find(|x| x.id == *m);
                let att = app.data.attendee_for(*m);
                let status = att.map(|a| {
                    let short = short_status(a.status);
                    if a.note.is_empty() {
                        short.to_string()
                    } else {
                        format!("{short} ({})", one_line(&a.note))
                    }
                });
                let mem = mem.map(|m| {
                    (
                        one_line(&m.name),
                        one_line(&m.post),
                        app.data.agency_code(Some(m.agency)),
                        m.role,
                    )
                });
                let (name, post, agency, role) =
                    mem.unwrap_or((String::new(), String::new(), String::new(), Role::Member));
                let role = if role == Role::Member {
                    String::new()
                } else {
                    format!(" [{}]", role.label())
                };
                format!(
                    "{:<24} {:<6} {:<22} {}{}",
                    truncate(&name, 24),
                    agency,
                    status.unwrap_or_else(|| "— not marked".into()),
                    truncate(&post, 30),
                    role
                )
            }
            AttendanceRow::Other(a) => {
                let a = app.data.attendance.iter().find(|x| x.id == *a);
                match a {
                    Some(a) => {
                        let what = if let Some(m) = a.deputy_for {
                            let n = app
                                .data
                                .members
                                .iter()
                                .find(|x| x.id == m)
                                .map(|x| one_line(&x.name))
                                .unwrap_or_default();
                            format!("deputy for {n}")
                        } else if let Some(r) = a.visitor_for {
                            format!("visitor for case {r}")
                        } else {
                            "visitor".into()
                        };
                        format!(
                            "{:<24} {:<6} {:<22} {}",
                            truncate(&one_line(&a.name), 24),
                            app.data.agency_code(a.agency),
                            short_status(a.status),
                            what
                        )
                    }
                    None => String::new(),
                }
            }
        };
        lines.push(Line::from(Span::styled(
            truncate(&text, w),
            selected(i == app.sel),
        )));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

pub fn signing(app: &App, frame: &mut Frame, area: Rect) {
    if let Some(offset) = app.statement {
        // The whole statement, for the room to read before signing (Appendix C).
        let p = Paragraph::new(clean(&app.data.panel.statement, true))
            .wrap(Wrap { trim: false })
            .scroll((offset, 0))
            .block(Block::default().borders(Borders::ALL).title(format!(
                " {} — confidentiality statement (Up/Down scroll · s or Esc: back to signing) ",
                app.data.panel.short_name
            )));
        frame.render_widget(p, area);
        return;
    }
    let list_h = (app.signers().len() as u16 + 3).clamp(5, area.height.saturating_sub(5).max(5));
    let parts = Layout::vertical([Constraint::Min(4), Constraint::Length(list_h)]).split(area);
    let statement = Paragraph::new(clean(&app.data.panel.statement, true))
        .wrap(Wrap { trim: false })
        .block(Block::default().borders(Borders::ALL).title(format!(
            " {} — confidentiality statement · s: show it all ",
            title(app)
        )));
    frame.render_widget(statement, parts[0]);
    let gate = match app.gate() {
        Gate::Open => Line::from(Span::styled(
            "Everyone present has signed: case items are open.",
            Style::default().fg(DONE),
        )),
        Gate::Overridden { reason } => Line::from(Span::styled(
            format!("Chair override recorded: {}", one_line(&reason)),
            Style::default().fg(WARN),
        )),
        Gate::Locked { unsigned } => Line::from(Span::styled(
            format!(
                "Locked: {} not signed · Space signs · Ctrl-O chair override",
                unsigned.len()
            ),
            Style::default().fg(WARN).add_modifier(Modifier::BOLD),
        )),
    };
    let mut lines = vec![gate, Line::from("")];
    let signers = app.signers();
    let height = parts[1].height.saturating_sub(2) as usize;
    let start = scroll_start(app.sel, height);
    for (i, a) in signers.iter().enumerate().skip(start).take(height) {
        let signed = match a.signed_at {
            Some(t) => format!("signed {}", t.format("%H:%M")),
            None => "NOT SIGNED".into(),
        };
        let text = format!(
            "{:<12} {:<24} {:<6} {}",
            signed,
            truncate(&one_line(&a.name), 24),
            app.data.agency_code(a.agency),
            one_line(&a.post)
        );
        lines.push(Line::from(Span::styled(
            truncate(&text, parts[1].width as usize),
            selected(i == app.sel),
        )));
    }
    if signers.is_empty() {
        lines.push(hint(&format!(
            "Nobody is marked present yet ({}).",
            crate::domain::agenda::items_words(
                &app.data.panel.agenda,
                &[
                    crate::domain::AgendaKind::Introductions,
                    crate::domain::AgendaKind::Apologies
                ]
            )
        )));
    }
    frame.render_widget(Paragraph::new(lines), parts[1]);
}

pub fn intel(app: &App, frame: &mut Frame, area: Rect) {
    let rows = Layout::vertical([Constraint::Length(2), Constraint::Min(3)]).split(area);
    frame.render_widget(
        Paragraph::new(vec![
            heading(title(app)),
            hint("Type the note (it saves as you type) · Tab: the agency list, Up/Down to choose another"),
        ]),
        rows[0],
    );
    let cols = Layout::horizontal([Constraint::Length(12), Constraint::Min(10)]).split(rows[1]);
    let focus = app.form.focus;
    for (i, f) in app.form.fields.iter().enumerate() {
        let area = if i == 0 { cols[0] } else { cols[1] };
        let border = if i == focus {
            Style::default().fg(FOCUS)
        } else {
            Style::default().fg(MUTED)
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(border)
            .title(format!(" {} ", f.label));
        match &f.kind {
            Kind::List { rows, selected: s } => {
                let lines: Vec<Line> = rows
                    .iter()
                    .enumerate()
                    .map(|(j, r)| Line::from(Span::styled(r.clone(), selected(j == *s))))
                    .collect();
                frame.render_widget(Paragraph::new(lines).block(block), area);
            }
            Kind::Text(t) => super::case::text_area(t, i == focus, block, frame, area),
            _ => {}
        }
    }
    if app.form.fields.is_empty() {
        frame.render_widget(
            Paragraph::new(hint("No agencies of this kind in the panel.")),
            rows[1],
        );
    }
}

pub fn case_list(app: &App, frame: &mut Frame, area: Rect) {
    let review = app.kind() == AgendaKind::Reviews;
    let mut lines = vec![
        heading(title(app)),
        hint("Up/Down choose · Enter open the case page · Ctrl-N/Ctrl-P step through cases"),
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
        let extra = if review {
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
            .map(|d| format!(" · {}", d.label()))
            .unwrap_or_default();
        let text = format!(
            "{done}  {:>5}  {:<22} {}{}",
            format!("#{}", r.id),
            truncate(&subject_name(&r.name, app.initials), 22),
            extra,
            decision
        );
        lines.push(Line::from(Span::styled(
            truncate(&text, w),
            selected(i == app.sel),
        )));
    }
    if cases.is_empty() {
        lines.push(hint("No cases for this item."));
    }
    let aside: Vec<_> = app
        .data
        .set_aside
        .iter()
        .filter(|s| s.item == app.item)
        .collect();
    if !aside.is_empty() && !review {
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
                        subject_name(&s.referral.name, app.initials)
                    },
                    s.reason
                ),
                Style::default().fg(MUTED),
            )));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

pub fn mappa(app: &App, frame: &mut Frame, area: Rect) {
    let mut lines = vec![
        heading(title(app)),
        hint("For data only: the panel plays no part in assessing these cases. Ctrl-A add · Ctrl-E end the meeting"),
        Line::from(""),
    ];
    for (i, n) in app.data.mappa.iter().enumerate() {
        let text = format!(
            "{}  category {} · level {} · {}",
            subject_name(&n.name, app.initials),
            n.category,
            n.level,
            one_line(&n.note)
        );
        lines.push(Line::from(Span::styled(
            truncate(&text, area.width as usize),
            selected(i == app.sel),
        )));
    }
    if app.data.mappa.is_empty() {
        lines.push(hint("No MAPPA cases noted yet."));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
