//! What keeps the demo believable to a panel (issue 25, "Demo data that a panel would
//! not believe"): a first name that fits the recorded gender, a school year that fits
//! the date of birth, pronouns in a concern that fit the subject, and a relationship
//! held as data, never inside a name. Pure functions of what the generator already
//! drew, so the random stream (and every count the tests rely on) is unchanged.

use chrono::{Datelike, NaiveDate};

use super::names::FIRST_NAMES;

const MALE_FIRST: &[&str] = &[
    "Aaron", "Abdi", "Adebayo", "Aiden", "Alfie", "Amir", "Ayaan", "Brandon", "Caleb", "Callum",
    "Chidi", "Connor", "Dante", "Darnell", "Deshawn", "Elijah", "Emre", "Ezra", "Faisal", "Hassan",
    "Idris", "Isaac", "Jamal", "Josiah", "Kacper", "Keanu", "Kian", "Kofi", "Leon", "Levi", "Luca",
    "Malik", "Marcus", "Mason", "Nathan", "Omari", "Oscar", "Rafi", "Reece", "Rohan", "Ruben",
    "Ryan", "Tariq", "Tyler", "Tyrese", "Yusuf", "Zain", "Jayden", "Kayden", "Mikey",
];
const FEMALE_FIRST: &[&str] = &[
    "Amara",
    "Aniyah",
    "Chantelle",
    "Demi",
    "Imani",
    "Kemi",
    "Lacey",
    "Nia",
    "Precious",
    "Tia",
    "Zara",
    "Aisha",
    "Fatima",
    "Grace",
    "Jasmine",
    "Keisha",
    "Layla",
    "Leah",
    "Maya",
    "Shanice",
];
const NEUTRAL_FIRST: &[&str] = &[
    "Bailey", "Dami", "Eden", "Harley", "Jaden", "Jordan", "Kai", "Riley", "Sami", "Shay", "Tayo",
];

/// The first names that fit `gender` ("Male", "Female", anything else: names used for
/// any gender).
fn names_for(gender: &str) -> &'static [&'static str] {
    match gender {
        "Male" => MALE_FIRST,
        "Female" => FEMALE_FIRST,
        _ => NEUTRAL_FIRST,
    }
}

/// Does `name`'s first name fit `gender` (see [`fit_first_name`])?
pub fn first_name_fits(name: &str, gender: &str) -> bool {
    let first = name.split(' ').next().unwrap_or(name);
    names_for(gender).contains(&first)
}

/// `name` ("First Surname") with its first name swapped, when it does not fit
/// `gender`, for one that does, chosen by the drawn name's place in the list (so the
/// same draw always gives the same name).
pub(super) fn fit_first_name(name: &str, gender: &str) -> String {
    let (first, rest) = name.split_once(' ').unwrap_or((name, ""));
    let fits = names_for(gender);
    if fits.contains(&first) {
        return name.to_string();
    }
    let at = FIRST_NAMES.iter().position(|f| *f == first).unwrap_or(0);
    let first = fits[at % fits.len()];
    if rest.is_empty() {
        first.to_string()
    } else {
        format!("{first} {rest}")
    }
}

/// The school year (England and Wales) of a child born on `dob`, on `on`: children
/// born from 1 September to 31 August are one year group; Year 1 starts the September
/// after the fifth birthday's school year begins (born March 2010: Year 1 from
/// September 2015). Below Year 1 (reception and younger) is `None`.
pub fn school_year(dob: NaiveDate, on: NaiveDate) -> Option<u32> {
    let cohort = if dob.month() >= 9 {
        dob.year() + 1
    } else {
        dob.year()
    };
    let start = if on.month() >= 9 {
        on.year()
    } else {
        on.year() - 1
    };
    let year = start - cohort - 4;
    u32::try_from(year).ok().filter(|y| *y >= 1)
}

/// The education line for a child: a drawn "In school, Year N" (or "College", which
/// a child below Year 12 does not attend) becomes the year that fits the date of birth:
/// "In school, Year N" to Year 11, "Sixth form, Year N" for Years 12 and 13; anything
/// else drawn (excluded, not in education) stands.
pub(super) fn fit_education(drawn: &str, dob: NaiveDate, on: NaiveDate) -> String {
    let Some(year) = school_year(dob, on) else {
        return drawn.to_string();
    };
    let in_school = drawn.starts_with("In school");
    match (in_school, drawn == "College", year) {
        (true, _, 12..) => format!("Sixth form, Year {year}"),
        (true, _, _) | (false, true, ..=11) => format!("In school, Year {year}"),
        _ => drawn.to_string(),
    }
}

/// `text` with `{they}`, `{them}` and `{their}` put as `gender` says: he/him/his,
/// she/her/her, else they/them/their.
pub(super) fn pronouns(text: &str, gender: &str) -> String {
    let (they, them, their) = match gender {
        "Male" => ("he", "him", "his"),
        "Female" => ("she", "her", "her"),
        _ => ("they", "them", "their"),
    };
    text.replace("{they}", they)
        .replace("{them}", them)
        .replace("{their}", their)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_school_year_follows_the_date_of_birth() {
        // The example: born 2014-02-26 is in Year 8 in November 2026, not Year 11.
        assert_eq!(school_year(d("2014-02-26"), d("2026-11-22")), Some(8));
        // Born in September joins the next year's cohort.
        assert_eq!(school_year(d("2010-09-01"), d("2026-11-22")), Some(11));
        assert_eq!(school_year(d("2010-08-31"), d("2026-11-22")), Some(12));
        // In July the year has not moved on yet.
        assert_eq!(school_year(d("2014-02-26"), d("2027-07-20")), Some(8));
        assert_eq!(school_year(d("2014-02-26"), d("2027-09-01")), Some(9));
        assert_eq!(school_year(d("2022-01-10"), d("2026-11-22")), None);
    }

    #[test]
    fn education_fits_the_year() {
        let on = d("2026-11-22");
        assert_eq!(
            fit_education("In school, Year 11", d("2014-02-26"), on),
            "In school, Year 8"
        );
        assert_eq!(
            fit_education("In school, Year 10", d("2009-10-01"), on),
            "Sixth form, Year 12"
        );
        assert_eq!(
            fit_education("College", d("2013-05-05"), on),
            "In school, Year 9"
        );
        assert_eq!(fit_education("College", d("2009-05-05"), on), "College");
        assert_eq!(
            fit_education("Not in education", d("2013-05-05"), on),
            "Not in education"
        );
    }

    #[test]
    fn a_first_name_fits_the_gender_and_is_kept_when_it_does() {
        assert_eq!(fit_first_name("Isaac Harcastle", "Male"), "Isaac Harcastle");
        let swapped = fit_first_name("Isaac Harcastle", "Female");
        let first = swapped.split(' ').next().unwrap();
        assert!(FEMALE_FIRST.contains(&first), "{swapped}");
        assert!(swapped.ends_with(" Harcastle"));
        assert_eq!(
            fit_first_name("Isaac Harcastle", "Female"),
            swapped,
            "stable"
        );
        let nb = fit_first_name("Zara Quill", "Non-binary");
        assert!(
            NEUTRAL_FIRST.contains(&nb.split(' ').next().unwrap()),
            "{nb}"
        );
    }

    #[test]
    fn pronouns_follow_the_gender() {
        let t = "a retaliation is planned against {them}; {they} will not say";
        assert_eq!(
            pronouns(t, "Male"),
            "a retaliation is planned against him; he will not say"
        );
        assert_eq!(
            pronouns(t, "Female"),
            "a retaliation is planned against her; she will not say"
        );
        assert_eq!(
            pronouns(t, "Non-binary"),
            "a retaliation is planned against them; they will not say"
        );
    }
}
