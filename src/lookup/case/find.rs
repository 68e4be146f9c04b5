//! `roundtable case --find TEXT`: cases found by part of a name, initials or a date
//! of birth, for when the case number is not to hand.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::super::format::{initials, plain, user, Table};
use super::super::{cleaned, fmt_date, Result};
use super::status_label;
use crate::domain::intake::parse_date;
use crate::domain::names::{fold, name_key};
use crate::store::rows::referral;
use unicode_normalization::UnicodeNormalization;

/// One case found: its number, the subject and where the case stands.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Found {
    pub case_id: i64,
    pub name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub date_received: NaiveDate,
    pub status: String,
}

/// What the text typed is taken as. Names are compared [`fold`]ed (issue 18): in any
/// Unicode form, case or accents.
enum Wanted {
    Born(NaiveDate),
    /// Initials, folded (`J.A.S.` or `jas` give `jas`); typed without dots
    /// (`word`) they may also be a whole name in capitals (`ZOË`, `LEE`).
    Initials {
        letters: String,
        word: bool,
    },
    /// Part of a name, folded.
    Part(String),
}

fn wanted(typed: &str) -> Wanted {
    let t: String = typed.trim().nfc().collect();
    if let Ok(d) = parse_date(&t) {
        return Wanted::Born(d);
    }
    let letters: String = t.chars().filter(|c| c.is_alphabetic()).collect();
    let dotted = t.contains('.') && t.chars().all(|c| c.is_alphabetic() || c == '.');
    let short = !t.contains(' ') && (2..=4).contains(&letters.chars().count());
    if dotted || (short && t.chars().all(char::is_uppercase)) {
        return Wanted::Initials {
            letters: fold(&letters),
            word: !dotted,
        };
    }
    Wanted::Part(name_key(&t))
}

/// Whether a name matches what was typed: part of it, its initials, or (initials
/// typed without dots) one of its words.
fn matches(w: &Wanted, name: &str, born: Option<NaiveDate>) -> bool {
    match w {
        Wanted::Born(d) => born == Some(*d),
        Wanted::Initials { letters, word } => {
            fold(&initials(name).replace('.', "")) == *letters
                || (*word && name_key(name).split([' ', '-']).any(|w| w == letters))
        }
        Wanted::Part(p) => name_key(name).contains(p.as_str()),
    }
}

/// Cases whose subject matches `typed`: a date of birth (`YYYY-MM-DD` or
/// `DD/MM/YYYY`), initials (`J.A.S.`, or `JAS` in capitals) or part of a name, in
/// any case and with or without accents. Newest case first.
pub fn find(conn: &Connection, typed: &str) -> Result<Vec<Found>> {
    let w = wanted(typed);
    let sql = format!(
        "SELECT {} FROM {} ORDER BY r.date_received DESC, r.id DESC",
        referral::COLUMNS,
        referral::FROM
    );
    let mut st = conn.prepare_cached(&sql)?;
    let mut out = vec![];
    for row in st.query_map([], referral::from_row)? {
        let f = row?;
        let name = cleaned(&f.name);
        // An estimate from a stated age is neither matched nor shown as a date.
        let born = f.known_date_of_birth();
        if matches(&w, &name, born) {
            out.push(Found {
                case_id: f.id.0,
                name,
                date_of_birth: born,
                date_received: f.date_received,
                status: f.status.code().to_string(),
            });
        }
    }
    Ok(out)
}

/// The cases found, as a table.
pub fn found_table(rows: &[Found]) -> Table {
    let mut t = Table::new(&["CASE", "NAME", "BORN", "RECEIVED", "STATUS"]);
    for f in rows {
        t.push(vec![
            plain(f.case_id.to_string()),
            user(&f.name),
            plain(f.date_of_birth.map(fmt_date).unwrap_or_default()),
            plain(fmt_date(f.date_received)),
            plain(status_label(&f.status)),
        ]);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_is_a_date_initials_or_part_of_a_name() {
        let born = NaiveDate::from_ymd_opt(2009, 3, 4);
        let name = "Tamsin Okonjo-Vale";
        assert!(matches(&wanted("04/03/2009"), name, born));
        assert!(matches(&wanted("2009-03-04"), name, born));
        assert!(!matches(&wanted("2009-03-05"), name, born));
        assert!(matches(&wanted("T.O.V."), name, born));
        assert!(matches(&wanted("TOV"), name, born));
        assert!(matches(&wanted("okonjo"), name, born));
        assert!(matches(&wanted("tov"), "Tovah Reyes", None));
        assert!(!matches(&wanted("TOV"), "Tovah Reyes", None));
    }

    #[test]
    fn any_form_case_or_accent_finds_the_name() {
        // Issue 18: NFC, NFD, no accent, other case, a whole name in capitals.
        let name = "Zo\u{eb} Marchbank-Ilori";
        for typed in [
            "Zo\u{eb}",
            "Zoe\u{308}",
            "Zoe",
            "zo\u{eb}",
            "ZO\u{cb}",
            "ZOE\u{308}",
            "ZOE",
            "MARCHBANK",
        ] {
            assert!(matches(&wanted(typed), name, None), "{typed:?}");
        }
        assert!(matches(&wanted("ZMI"), name, None));
        assert!(matches(
            &wanted("z.m.i."),
            "Zoe\u{308} Marchbank-Ilori",
            None
        ));
        assert!(!matches(&wanted("ZOEY"), name, None));
    }
}
