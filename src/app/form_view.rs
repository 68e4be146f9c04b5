//! Drawing a form's fields with the kit: text areas, choices, lists and read-only
//! blocks stacked, scrolled so the focused field shows. It receives what it draws (the
//! form, the panel's risk scale for the risk colours), never the whole app.

use crate::app::keys::{key as KEY, Command as C};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::app::form::{Bind, Field, Form, Kind};
use crate::domain::risk::RiskScale;
use crate::kit::*;

/// Rows for a field. `compact` (a short terminal): fields not being edited take one
/// row (label and the start of the text) so that more of the page is seen together.
fn height(f: &Field, focused: bool, width: u16, compact: bool) -> u16 {
    if compact && !focused {
        match &f.kind {
            Kind::Text(_) => return 1,
            Kind::Info(lines) => return (lines.len().min(3) + 1) as u16,
            Kind::List { rows, .. } => return (rows.len().clamp(1, 2) + 1) as u16,
            Kind::Choice { .. } => {}
        }
    }
    match &f.kind {
        Kind::Info(lines) => {
            let w = width.max(1) as usize;
            let rows: usize = lines
                .iter()
                .map(|l| {
                    1 + unicode_width::UnicodeWidthStr::width(l.as_str()).saturating_sub(1) / w
                })
                .sum();
            rows.min(8) as u16 + 1
        }
        Kind::Text(t) if t.multiline => {
            let text_w = width.saturating_sub(2).max(1) as usize;
            let wrapped: usize = t
                .area
                .lines()
                .iter()
                .map(|l| 1 + unicode_width::UnicodeWidthStr::width(l.as_str()) / text_w)
                .sum();
            let want = if focused {
                wrapped.max(4) + 1
            } else {
                wrapped.clamp(1, 3)
            };
            want.min(10) as u16 + 2
        }
        Kind::Text(_) => 3,
        Kind::Choice {
            options, selected, ..
        } => {
            // A long label (an earlier action, a long question) gets a line of its own.
            let label_w = unicode_width::UnicodeWidthStr::width(f.label.as_str());
            let value_w = selected
                .and_then(|i| options.get(i))
                .map_or(40, |v| unicode_width::UnicodeWidthStr::width(v.as_str()));
            if label_w + value_w + 10 > width as usize {
                1 + (label_w + 2).div_ceil(width.max(1) as usize).min(3) as u16
            } else {
                1
            }
        }
        Kind::List { rows, .. } => (rows.len().clamp(1, 6) + 1) as u16,
    }
}

/// Draw a form's fields from the top of `area`, scrolled so the focused field shows.
/// `problems` are (field key, message) pairs shown in red at their field.
pub fn form_body(
    risk: &RiskScale,
    form: &Form,
    problems: &[(String, String)],
    frame: &mut Frame,
    area: Rect,
) {
    let top = area.y;
    let bottom = area.y + area.height;
    // A short page: one row for each field not being edited (decision, lead agency and
    // risk then show together at 80×24).
    let compact = area.height < 26;
    let heights: Vec<u16> = form
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| height(f, i == form.focus, area.width, compact))
        .collect();
    if heights.is_empty() {
        return;
    }
    // First field to draw: far enough down that the focused field fits.
    let avail = bottom.saturating_sub(top);
    let mut first = 0;
    loop {
        let used: u16 = heights[first..=form.focus.min(heights.len() - 1)]
            .iter()
            .sum();
        if used <= avail || first >= form.focus {
            break;
        }
        first += 1;
    }
    let mut y = top;
    for (i, f) in form.fields.iter().enumerate().skip(first) {
        let h = heights[i].min(bottom.saturating_sub(y));
        if h == 0 {
            break;
        }
        let r = Rect {
            x: area.x,
            y,
            width: area.width,
            height: h,
        };
        let problem = problem_at(&f.bind, problems);
        field(risk, f, i == form.focus, problem, frame, r);
        y += h;
    }
}

/// The problem shown at the field bound by `bind`, from (field key, message) pairs
/// (the screen-reader mode says the same words at the field).
/// The hint for the part of `form` with the focus: what its keys do there, then where
/// Tab goes. Every page's hint about its fields comes from here, so it follows the
/// focus (it said "Tab: agencies" while the agency list had it).
pub fn focus_hint(form: &Form) -> String {
    let Some(f) = form.focused() else {
        return String::new();
    };
    // The field's own label is on its box: the hint says what the keys do there.
    let here = match &f.kind {
        Kind::Text(_) => "Type: it saves itself",
        Kind::List { .. } => "Up/Down: choose",
        Kind::Choice { .. } => "Left/Right: choose; Enter records it",
        Kind::Info(_) => "",
    };
    // The next field Tab focuses, as `Form::move_focus` steps.
    let n = form.fields.len();
    let next = (1..n)
        .map(|step| &form.fields[(form.focus + step) % n])
        .find(|f| f.focusable());
    match next {
        Some(n) => format!("{here} · {}: {}", KEY(C::NextField), n.label),
        None => here.to_string(),
    }
}

pub fn problem_at<'a>(bind: &Bind, problems: &'a [(String, String)]) -> Option<&'a str> {
    match bind {
        Bind::Intake(key) => problems
            .iter()
            .find(|(k, _)| k == key || k.starts_with(&format!("{key}[")))
            .map(|(_, m)| m.as_str()),
        Bind::Answer(key) | Bind::AnswerOption(key, _) => problems
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, m)| m.as_str()),
        _ => None,
    }
}

fn label_style(focused: bool) -> Style {
    if focused {
        Style::default().fg(FOCUS).add_modifier(Modifier::BOLD)
    } else {
        Style::default().add_modifier(Modifier::BOLD)
    }
}

fn field(
    risk: &RiskScale,
    f: &Field,
    focused: bool,
    problem: Option<&str>,
    frame: &mut Frame,
    r: Rect,
) {
    let w = r.width as usize;
    let label = match problem {
        Some(p) => format!("{} — {}", f.label, p),
        None => f.label.clone(),
    };
    let label_style = |focused: bool| {
        if problem.is_some() {
            Style::default().fg(ERROR).add_modifier(Modifier::BOLD)
        } else {
            label_style(focused)
        }
    };
    match &f.kind {
        Kind::Info(lines) => {
            let lines: Vec<Line> = lines.iter().map(|l| Line::from(l.clone())).collect();
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), r);
        }
        Kind::Text(t) if r.height == 1 => {
            let first = expand_tabs(&t.area.lines().first().cloned().unwrap_or_default());
            let more = if t.area.lines().len() > 1 { " …" } else { "" };
            let line = Line::from(vec![
                Span::styled(format!("  {label}: "), label_style(focused)),
                Span::raw(truncate(
                    &format!("{first}{more}"),
                    w.saturating_sub(label.len() + 4),
                )),
            ]);
            frame.render_widget(Paragraph::new(line), r);
        }
        Kind::Text(t) => {
            let block = field_box(
                Span::styled(format!(" {label} "), label_style(focused)),
                focused,
            );
            crate::kit::text_area(&t.area, t.suggestion.as_deref(), focused, block, frame, r);
        }
        Kind::Choice {
            options,
            selected,
            suggestion,
            committed,
            typed,
        } => {
            let c = ChoiceView {
                options,
                selected: *selected,
                suggestion: *suggestion,
                committed: *committed,
                typed,
            };
            choice(risk, f, &c, focused, &label, &label_style, frame, r)
        }
        Kind::List { rows, selected } => {
            let mut lines = vec![Line::from(Span::styled(
                truncate(&f.label, w),
                label_style(focused),
            ))];
            if rows.is_empty() {
                lines.push(Line::from(Span::styled(
                    format!("  (none yet — {} adds)", KEY(C::Add)),
                    Style::default().fg(MUTED),
                )));
            }
            let room = r.height.saturating_sub(1) as usize;
            // Rows that do not fit are counted, never hidden without a word: the last
            // row gives way to "+N more" when the list is longer than its room.
            let more = rows.len() > room && room > 0;
            let shown = if more { room - 1 } else { room };
            let start = scroll_start(*selected, shown).min(rows.len().saturating_sub(shown));
            for (i, row) in rows.iter().enumerate().skip(start).take(shown) {
                let st = if focused && i == *selected {
                    Style::default().add_modifier(Modifier::REVERSED)
                } else {
                    Style::default()
                };
                lines.push(Line::from(Span::styled(
                    truncate(&format!("  {row}"), w),
                    st,
                )));
            }
            if more {
                let hidden = rows.len() - shown;
                lines.push(Line::from(Span::styled(
                    format!("  +{hidden} more (Up/Down)"),
                    Style::default().fg(MUTED),
                )));
            }
            frame.render_widget(Paragraph::new(lines), r);
        }
    }
}

/// A choice field's values, for drawing.
struct ChoiceView<'a> {
    options: &'a [String],
    selected: Option<usize>,
    suggestion: Option<usize>,
    committed: Option<usize>,
    typed: &'a str,
}

/// A choice: its label, the value (risk levels in their colour), and whether it is
/// pending ("not recorded: Enter"); the label on a line of its own when long.
#[allow(clippy::too_many_arguments)]
fn choice(
    risk: &RiskScale,
    f: &Field,
    c: &ChoiceView,
    focused: bool,
    label: &str,
    label_style: &dyn Fn(bool) -> Style,
    frame: &mut Frame,
    r: Rect,
) {
    let ChoiceView {
        options,
        selected,
        suggestion,
        committed,
        ..
    } = c;
    let w = r.width as usize;
    let marker = if focused { "▸ " } else { "  " };
    let two_lines = r.height >= 2;
    let mut spans = if two_lines {
        vec![Span::raw("    ")]
    } else {
        let value_w = selected.and_then(|i| options.get(i)).map_or(24, |v| {
            unicode_width::UnicodeWidthStr::width(v.as_str()) + 6
        });
        let label_w = w.saturating_sub(value_w + 4).max(w / 3);
        vec![Span::styled(
            format!("{marker}{}: ", truncate(label, label_w)),
            label_style(focused),
        )]
    };
    match selected {
        Some(i) => {
            let v = options.get(*i).cloned().unwrap_or_default();
            let style = if let Bind::Risk { .. } = f.bind {
                risk.get(&v)
                    .map(|l| risk_style(&l.colour))
                    .unwrap_or_default()
            } else {
                Style::default().add_modifier(Modifier::BOLD)
            };
            if focused {
                spans.push(Span::raw("◀ "));
            }
            spans.push(Span::styled(format!(" {v} "), style));
            if focused {
                spans.push(Span::raw(" ▶"));
            }
            spans.extend(choice_notes(&ChoiceNotes {
                typed: c.typed,
                matched: crate::app::form::find_option(c.options, c.typed).is_some(),
                pending: selected != committed,
            }));
        }
        None => {
            let s = match suggestion.and_then(|s| options.get(s)) {
                Some(s) => format!("not set — suggested {s} (Enter accepts)"),
                None => "not set (Left/Right)".into(),
            };
            spans.push(Span::styled(s, Style::default().fg(WARN)));
            spans.extend(choice_notes(&ChoiceNotes {
                typed: c.typed,
                matched: crate::app::form::find_option(c.options, c.typed).is_some(),
                pending: selected != committed,
            }));
        }
    }
    if two_lines {
        let label_rows = r.height - 1;
        let head = Paragraph::new(Span::styled(
            format!("{marker}{label}:"),
            label_style(focused),
        ))
        .wrap(Wrap { trim: false });
        frame.render_widget(
            head,
            Rect {
                height: label_rows,
                ..r
            },
        );
        frame.render_widget(
            Paragraph::new(Line::from(spans)),
            Rect {
                y: r.y + label_rows,
                height: 1,
                ..r
            },
        );
    } else {
        frame.render_widget(Paragraph::new(Line::from(spans)), r);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;

    fn drawn(rows: usize, selected: usize, height: u16) -> String {
        let mut f = Field::list(
            "Interventions",
            Bind::Info,
            (1..=rows).map(|i| format!("row {i}")).collect(),
        );
        if let Kind::List { selected: s, .. } = &mut f.kind {
            *s = selected;
        }
        let mut t = Terminal::new(TestBackend::new(40, height)).unwrap();
        t.draw(|fr| field(&RiskScale::default_scale(), &f, true, None, fr, fr.area()))
            .unwrap();
        let buf = t.backend().buffer().clone();
        (0..height)
            .map(|y| {
                (0..40)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn a_list_longer_than_its_room_says_how_many_more() {
        let s = drawn(3, 0, 3);
        assert!(s.contains("row 1") && s.contains("+2 more"), "{s}");
        assert!(!s.contains("row 3"));
        let s = drawn(3, 0, 4);
        assert!(s.contains("row 3") && !s.contains("more"), "{s}");
        let s = drawn(6, 5, 3);
        assert!(s.contains("row 6"), "the selected row shows: {s}");
    }
}
