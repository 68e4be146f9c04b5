//! The draft agenda printed: a readable text, or a CSV table of its cases.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::{DraftAgenda, Entry};
use crate::domain::agenda::AgendaKind;
use crate::domain::paperwork::Rule;
use crate::lookup::fmt_date;
use crate::lookup::format::{one_line, plain, user, Table};

fn d(v: Option<NaiveDate>) -> String {
    v.map(fmt_date).unwrap_or_default()
}

fn s<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn new_table(v: &[Entry], with_time: bool) -> Table {
    let headers = [
        "Time",
        "Case",
        "Name",
        "Born",
        "Age",
        "Referred by",
        "Received",
        "Note",
    ];
    let mut t = Table::new(if with_time { &headers } else { &headers[1..] });
    for e in v {
        let mut row = vec![];
        if with_time {
            row.push(plain(s(&e.slot)));
        }
        row.extend([
            plain(e.case_id.to_string()),
            user(&e.name),
            plain(d(e.date_of_birth)),
            plain(s(&e.age_on_meeting)),
            user(s(&e.referring_agency)),
            plain(d(e.date_received)),
            user(&e.note),
        ]);
        t.push(row);
    }
    t
}

fn review_table(v: &[Entry]) -> Table {
    let mut t = Table::new(&[
        "Time",
        "Case",
        "Name",
        "Born",
        "Lead agency",
        "Risk",
        "Due",
        "Note",
    ]);
    for e in v {
        t.push(vec![
            plain(s(&e.slot)),
            plain(e.case_id.to_string()),
            user(&e.name),
            plain(d(e.date_of_birth)),
            user(s(&e.lead_agency)),
            user(s(&e.risk)),
            plain(d(e.review_due)),
            user(&e.note),
        ]);
    }
    t
}

fn indented(o: &mut String, t: &Table, empty: &str) {
    if t.is_empty() {
        let _ = writeln!(o, "   {empty}");
        return;
    }
    o.push_str(&t.plain_indented(3));
}

/// The readable draft agenda, between its protective markings.
pub fn render_plain(a: &DraftAgenda) -> String {
    let mut o = String::new();
    let marking = a.panel.marking();
    let _ = writeln!(o, "{marking}\n");
    let _ = writeln!(o, "{}: draft agenda", one_line(&a.panel.name));
    let venue = if a.meeting.venue.is_empty() {
        one_line(&a.panel.venue)
    } else {
        one_line(&a.meeting.venue)
    };
    let _ = writeln!(
        o,
        "Meeting {} at {}, {venue}",
        fmt_date(a.meeting.date),
        a.items
            .first()
            .and_then(|i| i.slot.clone())
            .unwrap_or_default()
    );
    let _ = writeln!(
        o,
        "Circulate by {} ({} working days before). Referral cut-off {} ({} working days before).",
        fmt_date(a.circulate_by),
        a.panel.circulation_days,
        fmt_date(a.referral_cutoff),
        a.panel.cutoff_days
    );
    for n in &a.notes {
        let _ = writeln!(o, "Note: {n}");
    }
    o.push('\n');
    for i in &a.items {
        if i.after_formal_close {
            let _ = writeln!(
                o,
                "   -- The meeting formally closes: only {} stay --",
                a.panel.after_close_words()
            );
        }
        let slot = i
            .slot
            .as_deref()
            .map(|s| format!("  (~{s})"))
            .unwrap_or_default();
        let _ = writeln!(o, "{}. {}{slot}", i.number, one_line(&i.title));
        // Each case item lists the entries placed under its own number, whatever
        // the panel numbers it.
        if i.kind.has_case_pages() {
            let here: Vec<Entry> = a
                .new_under_18
                .iter()
                .chain(&a.new_over_18)
                .chain(&a.reviews)
                .chain(&a.updates)
                .filter(|e| e.item == i.number)
                .cloned()
                .collect();
            if i.kind == AgendaKind::Reviews {
                indented(&mut o, &review_table(&here), "no reviews due");
            } else if i.kind == AgendaKind::Updates {
                indented(&mut o, &review_table(&here), "no updates due");
            } else if i.kind == AgendaKind::Cases {
                // A generic case item: its new referrals, then its reviews.
                let (due, new): (Vec<Entry>, Vec<Entry>) =
                    here.into_iter().partition(|e| e.placement == "review");
                indented(&mut o, &new_table(&new, true), "no new referrals");
                indented(&mut o, &review_table(&due), "no reviews due");
            } else {
                indented(&mut o, &new_table(&here, true), "no new referrals");
            }
        }
    }
    let _ = writeln!(
        o,
        "\nHeld over to {}",
        a.following_meeting
            .map(|f| format!("the meeting on {}", fmt_date(f)))
            .unwrap_or_else(|| "the following meeting".into())
    );
    indented(&mut o, &new_table(&a.held_over, false), "none");
    if a.excluded > 0 {
        let _ = writeln!(
            o,
            "\nNot listed: {} referral{} excluded{} (MAPPA level {}).",
            a.excluded,
            if a.excluded == 1 { "" } else { "s" },
            a.panel
                .paperwork
                .cite
                .get(Rule::Exclusion)
                .map(|c| format!(" under {c}"))
                .unwrap_or_default(),
            a.panel.paperwork.exclusion.levels_slash()
        );
    }
    let _ = writeln!(o, "\nReferring agencies to invite (approximate times)");
    let mut t = Table::new(&["Time", "Agency", "Case"]);
    for i in &a.invitations {
        t.push(vec![
            plain(&i.slot),
            user(&i.agency),
            plain(i.case_id.to_string()),
        ]);
    }
    indented(&mut o, &t, "none");
    if !a.between.is_empty() {
        // Issue 26: returns, escalations, plans not progressing.
        let _ = writeln!(o, "\nBetween meetings");
        for l in a.between.lines() {
            let _ = writeln!(o, "   {}", one_line(&l));
        }
    }
    let _ = writeln!(o, "\n{marking}");
    o
}

/// Every case on the draft agenda, one row each, for CSV.
pub fn csv_table(a: &DraftAgenda) -> Table {
    let mut t = Table::new(&[
        "section",
        "item",
        "slot",
        "case_id",
        "name",
        "date_of_birth",
        "age_on_meeting",
        "referring_agency",
        "date_received",
        "urgent",
        "placement",
        "lead_agency",
        "risk",
        "review_due",
        "note",
    ]);
    let sections: [(&str, &Vec<Entry>); 5] = [
        ("new_under_18", &a.new_under_18),
        ("new_over_18", &a.new_over_18),
        ("review", &a.reviews),
        ("update", &a.updates),
        ("held_over", &a.held_over),
    ];
    for (section, list) in sections {
        for e in list {
            t.push(vec![
                plain(section),
                plain(e.item.to_string()),
                plain(s(&e.slot)),
                plain(e.case_id.to_string()),
                user(&e.name),
                plain(d(e.date_of_birth)),
                plain(s(&e.age_on_meeting)),
                user(s(&e.referring_agency)),
                plain(d(e.date_received)),
                plain(e.urgent.to_string()),
                plain(e.placement),
                user(s(&e.lead_agency)),
                user(s(&e.risk)),
                plain(d(e.review_due)),
                user(&e.note),
            ]);
        }
    }
    t
}
