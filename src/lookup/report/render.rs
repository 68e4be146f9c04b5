//! The monitoring return printed: a readable text, or one long CSV table.

use crate::domain::paperwork::{Paperwork, Rule};
use std::fmt::Write as _;

use super::{Count, MonitoringReturn, ReferralFigures};
use crate::domain::disclosure::Shown;
use crate::lookup::fmt_date;
use crate::lookup::format::{one_line, plain, user, Cell, Table};

pub(super) fn count_sections(
    r: &MonitoringReturn,
) -> Vec<(&'static str, &'static str, &Vec<Count>)> {
    vec![
        ("by_core_reason", "Core referral reason", &r.by_core_reason),
        (
            "by_age_band",
            "Age band (on the date received)",
            &r.by_age_band,
        ),
        ("by_gender", "Gender", &r.by_gender),
        ("by_ethnicity", "Ethnicity", &r.by_ethnicity),
        ("by_ward", "Ward", &r.by_ward),
        (
            "by_referring_agency",
            "Referring agency",
            &r.by_referring_agency,
        ),
        (
            "by_lead_agency",
            "Lead agency (accepted referrals)",
            &r.by_lead_agency,
        ),
        (
            "sexual_exploitation",
            "Sexual exploitation issues",
            &r.sexual_exploitation,
        ),
        ("radicalisation", "Radicalisation issues", &r.radicalisation),
        (
            "onward_referrals_made",
            "Onward referrals made",
            &r.onward_referrals_made,
        ),
        (
            "child_protection_for",
            "Child protection referrals made, for",
            &r.child_protection_for,
        ),
        (
            "welfare_legal_status",
            "Welfare legal status (under 18s)",
            &r.welfare_legal_status,
        ),
        (
            "criminal_legal_status",
            "Criminal legal status",
            &r.criminal_legal_status,
        ),
        (
            "closed_by_month",
            "Discharged from the panel, by month",
            &r.closed_by_month,
        ),
        (
            "closed_why",
            "Discharged from the panel, why",
            &r.closed_why,
        ),
        (
            "core_issues",
            "Core issues (intervention plans)",
            &r.core_issues,
        ),
        ("interventions", "Interventions", &r.interventions),
        (
            "agencies_involved",
            "Agencies involved in interventions",
            &r.agencies_involved,
        ),
        (
            "offending_before_referral",
            "Proven offending before referral",
            &r.offending_before_referral,
        ),
        (
            "offending_during_intervention",
            "Proven offending during intervention",
            &r.offending_during_intervention,
        ),
    ]
}

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
pub fn render_plain(r: &MonitoringReturn) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{}\n", r.protective_marking);
    let _ = writeln!(
        o,
        "{}: monitoring return{}, {} to {}",
        one_line(&r.panel),
        r.rules.cite.paren(Rule::MonitoringReturn),
        fmt_date(r.from),
        fmt_date(r.to)
    );

    attendance_text(&mut o, r);

    let _ = writeln!(o, "\nReferrals received");
    let mut t = Table::new(&["", "Number"]);
    for (_, label, n) in referral_figures(&r.referrals, &r.rules) {
        t.push(vec![plain(label), plain(n.to_string())]);
    }
    push_table(&mut o, &t);

    let _ = writeln!(o, "\nReferrals declined, with reasons");
    if r.referrals.declined.exact().is_none() {
        let _ = writeln!(
            o,
            "  withheld: fewer than {} declined (small numbers are not shown)",
            r.small_number_threshold
        );
    } else if r.declined.is_empty() {
        let _ = writeln!(o, "  none");
    } else {
        let mut t = Table::new(&["Case", "Decided", "Reasons"]);
        for d in &r.declined {
            t.push(vec![
                plain(d.case_id.to_string()),
                plain(d.decided_on.map(fmt_date).unwrap_or_default()),
                user(&d.reasons),
            ]);
        }
        push_table(&mut o, &t);
    }

    for (_, title, list) in count_sections(r) {
        let _ = writeln!(o, "\n{title}");
        if list.is_empty() {
            let _ = writeln!(o, "  none");
            continue;
        }
        let mut t = Table::new(&["", "Number"]);
        for c in list {
            t.push(vec![user(&c.key), plain(c.count.to_string())]);
        }
        push_table(&mut o, &t);
    }

    closures_text(&mut o, r);
    let _ = writeln!(o, "\n{}", r.protective_marking);
    o
}

/// Agency attendance: per agency over the period, then per meeting.
fn attendance_text(o: &mut String, r: &MonitoringReturn) {
    let _ = writeln!(o, "\nAgency attendance ({} meetings)", r.meetings.len());
    if r.meetings.is_empty() {
        let _ = writeln!(o, "  no meetings held in this period");
    } else {
        let mut t = Table::new(&["Agency", "Attended", "Apologies", "Absent", "Attended %"]);
        for a in &r.attendance_by_agency {
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
        for m in &r.meetings {
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

/// Risk at the start and end of closed cases, closures and MAPPA.
fn closures_text(o: &mut String, r: &MonitoringReturn) {
    let k = &r.risk_at_start_and_end;
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
    let _ = writeln!(o, "  Cases closed to the panel: {}", r.closures);
    let _ = writeln!(
        o,
        "  Discharged as they entered the MAPPA process: {}",
        r.discharged_to_mappa
    );
    let _ = writeln!(
        o,
        "  MAPPA level 2/3 cases noted after the formal close: {}",
        r.mappa_level_2_3_noted
    );
}

/// The return as one long table: section, group, key, value.
pub fn csv_table(r: &MonitoringReturn) -> Table {
    let mut t = Table::new(&["section", "group", "key", "value"]);
    let mut add = |s: &str, g: Cell, k: Cell, v: Cell| t.push(vec![plain(s), g, k, v]);
    let n = |v: Shown| plain(v.to_string());
    add("period", plain(""), plain("from"), plain(fmt_date(r.from)));
    add("period", plain(""), plain("to"), plain(fmt_date(r.to)));
    for a in &r.attendance_by_agency {
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
    for m in &r.meetings {
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
    for (k, _, v) in referral_figures(&r.referrals, &r.rules) {
        add("referrals", plain(""), plain(k), n(v));
    }
    for d in &r.declined {
        add(
            "declined",
            plain(d.case_id.to_string()),
            plain(d.decided_on.map(fmt_date).unwrap_or_default()),
            user(one_line(&d.reasons)),
        );
    }
    for (section, _, list) in count_sections(r) {
        for c in list {
            add(section, plain(""), user(&c.key), n(c.count));
        }
    }
    let k = &r.risk_at_start_and_end;
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
    add("closures", plain(""), plain("closed"), n(r.closures));
    add(
        "closures",
        plain(""),
        plain("discharged_to_mappa"),
        n(r.discharged_to_mappa),
    );
    add(
        "mappa",
        plain(""),
        plain("level_2_3_noted"),
        n(r.mappa_level_2_3_noted),
    );
    t
}
