//! The people of a case and its marks (issue 21: MARAC's victim, children and alleged
//! perpetrators; an anonymous case; a repeat), in one place for every output: the
//! intake's lines, `case ID` (text, `--json`, documents), the minutes' case pages.

use std::fmt::Write;

use chrono::NaiveDate;

use super::CaseHistory;
use crate::domain::paperwork::{Citations, Rule};
use crate::lookup::doc::Block;
use crate::store::intake::{CaseMarks, StoredPerson};

/// The heading over the people of a case, in every output.
pub const HEADING: &str = "People of the case";

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// One person in one line: "Child: Mina Oduya, born 2019-03-02 (Sex: F); also in case 2".
pub fn person_line(p: &StoredPerson) -> String {
    let name = match p.name.trim() {
        "" => "name not given",
        n => n,
    };
    let mut s = format!("{}: {}", p.role_label, crate::lookup::cleaned(name));
    if let Some(d) = p.date_of_birth {
        let _ = write!(s, ", born {}", day(d));
    }
    if !p.details.trim().is_empty() {
        let _ = write!(s, " ({})", crate::lookup::cleaned(&p.details));
    }
    if let Some(k) = p.known_from {
        let _ = write!(s, "; also in case {k}");
    }
    s
}

/// The marks in lines: anonymous (its label, the rule), a repeat (the date last heard).
pub fn mark_lines(m: &CaseMarks, cite: &Citations) -> Vec<String> {
    let mut out = vec![];
    if m.anonymous {
        out.push(format!(
            "Brought anonymously as {}: no identifying details recorded; never matched by name{}",
            m.label.as_deref().unwrap_or("an anonymous case"),
            cite.paren(Rule::Anonymous)
        ));
    }
    if let Some(d) = m.repeat_last_heard {
        out.push(format!(
            "Repeat referral: last heard on {}{}",
            day(d),
            cite.paren(Rule::Repeat)
        ));
    }
    out
}

/// The note on a draft agenda's line: "repeat: last heard 2027-01-05".
pub fn agenda_note(m: &CaseMarks) -> Option<String> {
    m.repeat_last_heard
        .map(|d| format!("repeat: last heard {}", day(d)))
}

/// The lines said when a referral is taken in.
pub fn intake_lines(m: &CaseMarks, people: &[StoredPerson], cite: &Citations) -> Vec<String> {
    let mut out: Vec<String> = mark_lines(m, cite)
        .into_iter()
        .map(|l| {
            let mut c = l.chars();
            c.next()
                .map_or(String::new(), |f| f.to_lowercase().chain(c).collect())
        })
        .collect();
    if !people.is_empty() {
        out.push(format!(
            "people of the case{}:",
            cite.paren(Rule::CasePeople)
        ));
        out.extend(people.iter().map(|p| format!("  {}", person_line(p))));
    }
    out
}

/// The text output of `case ID`.
pub(super) fn text(o: &mut String, h: &CaseHistory) {
    for l in mark_lines(&h.marks, &h.paperwork.cite) {
        let _ = writeln!(o, "{l}");
    }
    if h.people.is_empty() {
        return;
    }
    let _ = writeln!(o, "\n{HEADING}");
    for p in &h.people {
        let _ = writeln!(o, "  {}", person_line(p));
    }
}

/// The blocks of a case document or a minutes case page.
pub fn blocks(b: &mut Vec<Block>, marks: &CaseMarks, people: &[StoredPerson], cite: &Citations) {
    for l in mark_lines(marks, cite) {
        b.push(Block::Para(l));
    }
    if people.is_empty() {
        return;
    }
    b.push(Block::Heading(HEADING.into()));
    b.push(Block::List(people.iter().map(person_line).collect()));
}
