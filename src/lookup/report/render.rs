//! A return laid out in sections (MAGPan's section 12) printed: a readable text, or
//! one long CSV table, each section in the order of the panel file.

use crate::domain::paperwork::{Paperwork, Rule};
use std::fmt::Write as _;

use super::sections::{SectionOut, SectionsReturn};
use super::{AgencyAttendance, Count, Declined, MeetingAttendance, ReferralFigures, RiskOutcome};
use crate::domain::disclosure::Shown;
use crate::lookup::fmt_date;
use crate::lookup::format::{one_line, plain, user, Cell, Table};

pub(super) fn referral_figures(
    r: &ReferralFigures,
    rules: &Paperwork,
) -> Vec<(&'static str, String, Shown)> {
    let excluded = format!(
        "Excluded: MAPPA level {}{}",
        rules.exclusion.levels_slash(),
        rules.cite.paren(Rule::Exclusion)
    );
    let rows: Vec<(&'static str, &str, Shown)> = vec![
        ("received", "Received", r.received),
        ("accepted", "Accepted (opened to the panel)", r.accepted),
        ("one_to_watch", "One to watch", r.one_to_watch),
        ("declined", "Declined", r.declined),
        (
            "referred_elsewhere",
            "Referred elsewhere",
            r.referred_elsewhere,
        ),
        ("excluded_mappa", &excluded, r.excluded_mappa),
        (
            "awaiting_decision",
            "Awaiting a decision",
            r.awaiting_decision,
        ),
        (
            "previously_known",
            "Previously known to the panel",
            r.previously_known,
        ),
        ("urgent", "Marked urgent", r.urgent),
        (
            "linked_to_named_gang",
            "Linked to a named gang",
            r.linked_to_named_gang,
        ),
        ("mappa_level_1", "Managed at MAPPA level 1", r.mappa_level_1),
    ];
    rows.into_iter()
        .map(|(k, label, n)| (k, label.to_string(), n))
        .collect()
}

fn push_table(o: &mut String, t: &Table) {
    o.push_str(&t.plain_indented(2));
}

/// The readable return, between its protective markings.
pub fn render_plain(r: &SectionsReturn) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{}\n", r.protective_marking);
    let _ = writeln!(
        o,
        "{}: {}{}, {} to {}",
        one_line(&r.panel),
        r.title,
        r.rules.cite.paren(Rule::MonitoringReturn),
        fmt_date(r.from),
        fmt_date(r.to)
    );
    for s in &r.sections {
        match s {
            SectionOut::Attendance {
                title,
                meetings,
                by_agency,
            } => attendance_text(&mut o, title, meetings, by_agency),
            SectionOut::Referrals { title, figures } => {
                let _ = writeln!(o, "\n{}", one_line(title));
                let mut t = Table::new(&["", "Number"]);
                for (_, label, n) in referral_figures(figures, &r.rules) {
                    t.push(vec![plain(label), plain(n.to_string())]);
                }
                push_table(&mut o, &t);
            }
            SectionOut::Declined { title, shown, list } => {
                declined_text(&mut o, title, *shown, list, r.small_number_threshold);
            }
            SectionOut::Counts { title, rows, .. } => counts_text(&mut o, title, rows),
            SectionOut::RiskAndClosures {
                risk,
                closures,
                discharged_to_mappa,
                mappa_level_2_3_noted,
            } => closures_text(
                &mut o,
                risk,
                [*closures, *discharged_to_mappa, *mappa_level_2_3_noted],
            ),
        }
    }
    let _ = writeln!(o, "\n{}", r.protective_marking);
    o
}

fn declined_text(o: &mut String, title: &str, shown: Shown, list: &[Declined], k: u32) {
    let _ = writeln!(o, "\n{}", one_line(title));
    if shown.exact().is_none() {
        let _ = writeln!(
            o,
            "  withheld: fewer than {k} declined (small numbers are not shown)"
        );
    } else if list.is_empty() {
        let _ = writeln!(o, "  none");
    } else {
        let mut t = Table::new(&["Case", "Decided", "Reasons"]);
        for d in list {
            t.push(vec![
                plain(d.case_id.to_string()),
                plain(d.decided_on.map(fmt_date).unwrap_or_default()),
                user(&d.reasons),
            ]);
        }
        push_table(o, &t);
    }
}

fn counts_text(o: &mut String, title: &str, list: &[Count]) {
    let _ = writeln!(o, "\n{}", one_line(title));
    if list.is_empty() {
        let _ = writeln!(o, "  none");
        return;
    }
    let mut t = Table::new(&["", "Number"]);
    for c in list {
        t.push(vec![user(&c.key), plain(c.count.to_string())]);
    }
    push_table(o, &t);
}

/// Agency attendance: per agency over the period, then per meeting.
fn attendance_text(
    o: &mut String,
    title: &str,
    meetings: &[MeetingAttendance],
    by_agency: &[AgencyAttendance],
) {
    let _ = writeln!(o, "\n{} ({} meetings)", one_line(title), meetings.len());
    if meetings.is_empty() {
        let _ = writeln!(o, "  no meetings held in this period");
    } else {
        let mut t = Table::new(&["Agency", "Attended", "Apologies", "Absent", "Attended %"]);
        for a in by_agency {
            let pct = (a.attended * 100 + a.meetings / 2)
                .checked_div(a.meetings)
                .unwrap_or(0);
            t.push(vec![
                user(format!("{} {}", a.code, a.name)),
                plain(a.attended.to_string()),
                plain(a.apologies.to_string()),
                plain(a.absent.to_string()),
                plain(format!("{pct}%")),
            ]);
        }
        push_table(o, &t);
        let mut t = Table::new(&["Meeting", "Agencies attending", "Apologies from"]);
        for m in meetings {
            t.push(vec![
                plain(fmt_date(m.date)),
                plain(m.attended.len().to_string()),
                user(m.apologies.join(" ")),
            ]);
        }
        o.push('\n');
        push_table(o, &t);
    }
}

/// Risk at the start and end of closed cases; closures, discharged to MAPPA and
/// MAPPA level 2/3 cases noted.
fn closures_text(o: &mut String, k: &RiskOutcome, [closed, mappa, noted]: [Shown; 3]) {
    let _ = writeln!(
        o,
        "\nRisk level at start and end of the {} cases closed in the period",
        k.closed_cases
    );
    let _ = writeln!(
        o,
        "  reduced {}, unchanged {}, increased {}, not recorded {}",
        k.reduced, k.unchanged, k.increased, k.not_recorded
    );
    if !k.changes.is_empty() {
        let mut t = Table::new(&["Start", "End", "Number"]);
        for c in &k.changes {
            t.push(vec![
                user(&c.start),
                user(&c.end),
                plain(c.count.to_string()),
            ]);
        }
        push_table(o, &t);
    }

    let _ = writeln!(o, "\nClosures and discharges");
    let _ = writeln!(o, "  Cases closed to the panel: {closed}");
    let _ = writeln!(o, "  Discharged as they entered the MAPPA process: {mappa}");
    let _ = writeln!(
        o,
        "  MAPPA level 2/3 cases noted after the formal close: {noted}"
    );
}

/// The return as one long table: section, group, key, value.
pub fn csv_table(r: &SectionsReturn) -> Table {
    let mut t = Table::new(&["section", "group", "key", "value"]);
    let mut add = |s: &str, g: Cell, k: Cell, v: Cell| t.push(vec![plain(s), g, k, v]);
    let n = |v: Shown| plain(v.to_string());
    add("period", plain(""), plain("from"), plain(fmt_date(r.from)));
    add("period", plain(""), plain("to"), plain(fmt_date(r.to)));
    for s in &r.sections {
        match s {
            SectionOut::Attendance {
                meetings,
                by_agency,
                ..
            } => {
                for a in by_agency {
                    for (k, v) in [
                        ("meetings", a.meetings),
                        ("attended", a.attended),
                        ("apologies", a.apologies),
                        ("absent", a.absent),
                    ] {
                        add(
                            "attendance_by_agency",
                            user(&a.code),
                            plain(k),
                            plain(v.to_string()),
                        );
                    }
                }
                for m in meetings {
                    for (k, v) in [
                        ("attended", &m.attended),
                        ("apologies", &m.apologies),
                        ("absent", &m.absent),
                    ] {
                        add(
                            "attendance_by_meeting",
                            plain(fmt_date(m.date)),
                            plain(k),
                            user(v.join(" ")),
                        );
                    }
                }
            }
            SectionOut::Referrals { figures, .. } => {
                for (k, _, v) in referral_figures(figures, &r.rules) {
                    add("referrals", plain(""), plain(k), n(v));
                }
            }
            SectionOut::Declined { list, .. } => {
                for d in list {
                    add(
                        "declined",
                        plain(d.case_id.to_string()),
                        plain(d.decided_on.map(fmt_date).unwrap_or_default()),
                        user(one_line(&d.reasons)),
                    );
                }
            }
            SectionOut::Counts { key, rows, .. } => {
                for c in rows {
                    add(key, plain(""), user(&c.key), n(c.count));
                }
            }
            SectionOut::RiskAndClosures {
                risk: k,
                closures,
                discharged_to_mappa,
                mappa_level_2_3_noted,
            } => {
                for (key, v) in [
                    ("closed_cases", k.closed_cases),
                    ("reduced", k.reduced),
                    ("unchanged", k.unchanged),
                    ("increased", k.increased),
                    ("not_recorded", k.not_recorded),
                ] {
                    add("risk_outcome", plain(""), plain(key), n(v));
                }
                for c in &k.changes {
                    add("risk_start_end", user(&c.start), user(&c.end), n(c.count));
                }
                add("closures", plain(""), plain("closed"), n(*closures));
                add(
                    "closures",
                    plain(""),
                    plain("discharged_to_mappa"),
                    n(*discharged_to_mappa),
                );
                add(
                    "mappa",
                    plain(""),
                    plain("level_2_3_noted"),
                    n(*mappa_level_2_3_noted),
                );
            }
        }
    }
    t
}
