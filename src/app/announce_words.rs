//! The screen-reader mode's words for what a page shows beside its focused field (issue
//! 28 item 1): the rows of its list, on every screen (attendance, signing, a case list,
//! MAPPA notes, members, new referrals, meetings), and its notes (a case's summary with
//! its risk over time, the guests, agencies with nobody present, status returns, the
//! referral form's destination and what to put right). Pure: [`super::announce`] puts
//! them in the announcement; nothing here depends on colour to mean anything.

use super::form::{Bind, Field, Kind};
use super::{App, AttendanceRow, Screen};
use crate::domain::agenda::AgendaKind as K;
use crate::domain::calendar::WorkingCalendar;
use crate::domain::clean::one_line;
use crate::domain::clock::local;

/// The selected row of the list on screen.
pub(super) fn sel(app: &App) -> usize {
    match app.screen {
        Screen::Meeting => app.sel,
        Screen::Members => app.screens.members.sel,
        Screen::Referrals => app.screens.referrals.sel,
        Screen::Schedule => app.screens.schedule.sel,
    }
}

/// Every row of the list on screen, in words (empty where there is none: a case page,
/// an intelligence item, the referral form).
pub(super) fn rows(app: &App) -> Vec<String> {
    let d = &app.data;
    match app.screen {
        Screen::Meeting if app.case.is_none() => (0..app.page_len())
            .map_while(|i| meeting_row(app, i))
            .collect(),
        Screen::Meeting => vec![],
        Screen::Members => d.roster.iter().map(|r| member_row(app, r)).collect(),
        Screen::Referrals if app.screens.referrals.form.is_some() => vec![],
        Screen::Referrals => d.referrals.iter().map(|r| referral_row(app, r)).collect(),
        Screen::Schedule => {
            let cal = WorkingCalendar::england_and_wales();
            let ymd = |x: chrono::NaiveDate| x.format("%Y-%m-%d").to_string();
            d.schedule
                .iter()
                .map(|m| {
                    let venue = one_line(&m.venue);
                    let venue = if venue.is_empty() {
                        String::new()
                    } else {
                        format!(", at {venue}")
                    };
                    let cases = if m.cases.is_empty() {
                        String::new()
                    } else {
                        format!(", for {}", crate::store::meeting::chosen_words(&m.cases))
                    };
                    format!(
                        "{}, {}, cut-off {}, papers out by {}{venue}{cases}",
                        ymd(m.date),
                        m.state.label(),
                        ymd(cal.cutoff(m.date, d.panel.cutoff_days)),
                        ymd(cal.working_days_before(m.date, 5)),
                    )
                })
                .collect()
        }
    }
}

/// A member on the members screen: name, agency, role, post, retired or not.
fn member_row(app: &App, r: &crate::store::meeting::RosterRow) -> String {
    let m = &r.member;
    let retired = r
        .retired_on
        .map(|d| format!(", retired {}", d.format("%Y-%m-%d")))
        .unwrap_or_default();
    format!(
        "{}, {}, {}, {}{retired}",
        one_line(&m.name),
        app.data.agency_code(Some(m.agency)),
        m.role.label(),
        one_line(&m.post)
    )
}

/// A new referral on the referrals screen: its number, subject, referrer, where it stands.
fn referral_row(app: &App, r: &crate::store::intake::ReferralRow) -> String {
    let screening = crate::domain::types::Screening::from_code(&r.screening)
        .map_or(r.screening.as_str(), |x| x.label());
    format!(
        "Case {}: {}, from {}, received {}{}, {}, {screening}",
        r.id,
        super::page::cases::form::subject_name(&r.name, app.initials),
        r.referring_agency,
        r.date_received.format("%Y-%m-%d"),
        if r.urgent { ", URGENT" } else { "" },
        one_line(&r.placement),
    )
}

/// An attendee's mark, or when they left before the end.
fn status_words(a: &crate::store::meeting::Attendee) -> String {
    let status = match a.left_at {
        Some(t) => format!("left {}", local(t).format("%H:%M")),
        None => a.status.label().to_string(),
    };
    if a.note.trim().is_empty() {
        status
    } else {
        format!("{status} ({})", one_line(&a.note))
    }
}

/// Row `i` of the meeting page's list in words.
fn meeting_row(app: &App, i: usize) -> Option<String> {
    let d = &app.data;
    Some(match app.kind() {
        K::Introductions | K::Apologies => match app.attendance_rows().get(i)? {
            AttendanceRow::Member(m) => {
                let mem = d.members.iter().find(|x| x.id == *m)?;
                let status = d.attendee_for(*m).map_or("not marked".into(), status_words);
                let role = if mem.role == crate::domain::types::Role::Member {
                    String::new()
                } else {
                    format!(", {}", mem.role.label())
                };
                format!(
                    "{}, {}, {status}{role}",
                    one_line(&mem.name),
                    d.agency_code(Some(mem.agency))
                )
            }
            AttendanceRow::Other(id) => {
                let a = d.attendance.iter().find(|a| a.id == *id)?;
                let what = if let Some(m) = a.deputy_for {
                    let n = d.members.iter().find(|x| x.id == m);
                    format!(
                        "deputy for {}",
                        n.map(|x| one_line(&x.name)).unwrap_or_default()
                    )
                } else if let Some(r) = a.visitor_for {
                    let guest = d.guests.iter().any(|g| g.attendance == Some(a.id));
                    format!("{} for case {r}", if guest { "guest" } else { "visitor" })
                } else {
                    "visitor".into()
                };
                let agency = d.agency_code(a.agency);
                let agency = if agency.is_empty() {
                    String::new()
                } else {
                    format!(", {agency}")
                };
                format!("{}{agency}, {}, {what}", one_line(&a.name), status_words(a))
            }
        },
        K::Confidentiality => {
            let a = *app.signers().get(i)?;
            let signed = match a.signed_at {
                Some(t) => format!("signed {}", local(t).format("%H:%M")),
                None => "not signed".into(),
            };
            format!("{}, {signed}", one_line(&a.name))
        }
        K::Mappa => {
            let n = d.mappa.get(i)?;
            let note = one_line(&n.note);
            let note = if note.is_empty() {
                String::new()
            } else {
                format!(", {note}")
            };
            format!(
                "{}, category {}, level {}{note}",
                super::page::cases::form::subject_name(&n.name, app.initials),
                n.category,
                n.level,
            )
        }
        k if k.is_case_item() => case_words(app, i)?,
        _ => return None,
    })
}

/// A case as the minute-taker's list names it: its subject (initials when chosen)
/// and age, and whether it is done.
pub(super) fn case_words(app: &App, i: usize) -> Option<String> {
    let c = *app.cases().get(i)?;
    let r = &c.referral;
    let name = super::page::cases::form::case_name(r, app.initials);
    let age = r.age.map(|a| format!(", {a}")).unwrap_or_default();
    let done = if c.completed_at.is_some() {
        ", done"
    } else {
        ""
    };
    Some(format!("{name}{age}{done}"))
}

/// What the page shows beside its list and its focused field, a sentence each.
pub(super) fn notes(app: &App) -> Vec<String> {
    let d = &app.data;
    let mut out = vec![];
    match app.screen {
        Screen::Meeting if app.case.is_some() => {
            // The case's summary (the risk at each meeting, the lead agency, concerns):
            // what the chair reads before the case opens.
            for f in &app.form.fields {
                if let Kind::Info(lines) = &f.kind {
                    let mut it = lines.iter().map(|l| one_line(l));
                    if let Some(first) = it.next() {
                        out.push(format!("{}: {first}", one_line(&f.label)));
                    }
                    out.extend(it.filter(|l| !l.trim().is_empty()));
                }
            }
            out.extend(super::page::cases::guests::line(app));
        }
        Screen::Meeting => match app.kind() {
            K::Introductions | K::Apologies => {
                let absent = d.required_absent();
                if !absent.is_empty() {
                    out.push(format!(
                        "Required agencies with nobody present: {}",
                        absent.join(", ")
                    ));
                }
                out.extend(super::page::attendance::draw::returns_line(app).map(|(l, _)| l));
                out.extend(super::page::attendance::draw::guests_line(app));
            }
            K::Confidentiality if app.signers().is_empty() => {
                out.push("Nobody is marked present yet".into());
            }
            K::PoliceIntelligence | K::AgencyIntelligence if app.form.fields.is_empty() => {
                out.push("No agencies of this kind in the panel".into());
            }
            K::Mappa if d.mappa.is_empty() => out.push("No MAPPA cases noted yet".into()),
            _ => {}
        },
        Screen::Referrals => {
            match &app.screens.referrals.form {
                Some(st) => {
                    let forms = &d.panel.paperwork.forms;
                    let title = forms
                        .get(app.screens.referrals.form_at)
                        .or_else(|| forms.first())
                        .map_or_else(
                            || {
                                use crate::domain::paperwork::Rule;
                                let cite = &d.panel.paperwork.cite;
                                let from: Vec<&str> = [Rule::ReferralForm, Rule::MonitoringReturn]
                                    .into_iter()
                                    .filter_map(|r| cite.get(r))
                                    .collect();
                                if from.is_empty() {
                                    "new referral".to_string()
                                } else {
                                    format!("new referral, {}", from.join(" and "))
                                }
                            },
                            |f| one_line(&f.title),
                        );
                    out.push(format!(
                        "Referral form open: {title}; {} takes it in, {} keeps it as a draft",
                        super::keys::key(super::keys::Command::CaseDone),
                        super::keys::key(super::keys::Command::Back)
                    ));
                    out.push(match super::page::referrals::destination_line(app) {
                    Some(goes) => format!("Destination: {goes}"),
                    None => "Destination: write the date received as YYYY-MM-DD to hear which meeting".into(),
                });
                    for e in &st.errors {
                        let pairs = [(e.field.clone(), e.message.clone())];
                        let label = st
                            .form
                            .fields
                            .iter()
                            .find(|f| super::form_view::problem_at(&f.bind, &pairs).is_some())
                            .map_or(e.field.clone(), |f| one_line(&f.label));
                        out.push(format!("To put right, {label}: {}", one_line(&e.message)));
                    }
                    out.extend(
                        st.warnings
                            .iter()
                            .map(|w| format!("Note: {}", one_line(&w.to_string()))),
                    );
                }
                None => {
                    let forms = &d.panel.paperwork.forms;
                    if forms.len() > 1 {
                        let at = app.screens.referrals.form_at.min(forms.len() - 1);
                        out.push(format!(
                            "{} opens: {}; {} the next form",
                            super::keys::key(super::keys::Command::New),
                            one_line(&forms[at].title),
                            super::keys::key(super::keys::Command::NextForm)
                        ));
                    }
                    if d.referrals.is_empty() {
                        out.push("No new referrals waiting".into());
                    }
                }
            }
        }
        Screen::Members | Screen::Schedule => {}
    }
    out
}

/// What is wrong at the focused field of the referral form, if anything.
pub(super) fn problem(app: &App, f: &Field) -> Option<String> {
    if app.screen != Screen::Referrals || app.dialog.is_some() {
        return None;
    }
    let st = app.screens.referrals.form.as_ref()?;
    let pairs: Vec<(String, String)> = st
        .errors
        .iter()
        .map(|e| (e.field.clone(), e.message.clone()))
        .collect();
    if matches!(f.bind, Bind::Info) {
        return None;
    }
    super::form_view::problem_at(&f.bind, &pairs).map(one_line)
}

/// A dialog's notes as one run of sentences: a line that goes on in lower case (or
/// after a colon) joined to the one before with a space, an indented line continuing
/// a list with a comma, and every other line and paragraph ended with a full stop.
pub(super) fn paragraphs(lines: &[String]) -> String {
    let mut paras: Vec<Vec<&str>> = vec![vec![]];
    for l in lines {
        if l.trim().is_empty() {
            paras.push(vec![]);
        } else if let Some(p) = paras.last_mut() {
            p.push(l.as_str());
        }
    }
    let end = |s: &mut String| {
        if !s.is_empty() && !s.ends_with(['.', '!', '?', ':']) {
            s.push('.');
        }
    };
    let mut out = String::new();
    for para in paras.iter().filter(|p| !p.is_empty()) {
        end(&mut out);
        if !out.is_empty() {
            out.push(' ');
        }
        for (i, l) in para.iter().enumerate() {
            let t = one_line(l);
            let t = t.trim();
            if i > 0 {
                let p = para[i - 1].trim_end();
                // A note's lines are its sentences (the dialog wraps them to its
                // width): one goes on from the line before only where it starts in
                // lower case or that line ends with a colon. Never guessed from the
                // lines' widths, which made a long line and the sentence after it one.
                let wrapped = t.starts_with(char::is_lowercase) || p.ends_with(':');
                if l.starts_with(char::is_whitespace) && !p.ends_with(':') {
                    out.push_str(", ");
                } else if wrapped {
                    out.push(' ');
                } else {
                    end(&mut out);
                    out.push(' ');
                }
            }
            out.push_str(t);
        }
    }
    end(&mut out);
    out
}

/// What the room may see of this terminal's place (screen-safe mode), in words:
/// through the same filter as the presenter, so a name is said only if revealed.
pub(super) fn room_words(app: &App) -> String {
    use super::privacy::{room_view, RoomView};
    let case = app.current_case().map(|c| c.discussion);
    let flags = app.screen_safe_flags();
    match room_view(&app.data, Some(app.item), case, &flags) {
        RoomView::Blank => "nothing (blanked)".into(),
        RoomView::Holding { line, .. } if line.is_empty() => "the holding screen".into(),
        RoomView::Holding { line, .. } => format!("the holding screen: {}", one_line(&line)),
        RoomView::Meeting(m) => {
            let mut out = one_line(&m.item_title);
            if let Some(c) = &m.case {
                out.push_str(&format!(", case {}", one_line(&c.who)));
                if let Some(a) = c.age {
                    out.push_str(&format!(", {a}"));
                }
                if let Some((risk, _)) = &c.risk {
                    out.push_str(&format!(", risk {risk}"));
                }
                if let Some(l) = &c.lead_agency {
                    out.push_str(&format!(", lead agency {l}"));
                }
                if let Some(d) = &c.decision {
                    out.push_str(&format!(", decision {}", one_line(d)));
                }
                if !c.actions.is_empty() {
                    out.push_str(&format!(", {} action(s) agreed", c.actions.len()));
                }
                if !c.guests.is_empty() {
                    out.push_str(&format!(", guests {}", c.guests.join(", ")));
                }
            }
            if let Some((n, texts)) = &m.intelligence {
                if texts.is_empty() {
                    out.push_str(&format!(", {n} intelligence note(s), text not shown"));
                } else {
                    out.push_str(&format!(", {n} intelligence note(s) shown"));
                }
            }
            out
        }
    }
}
