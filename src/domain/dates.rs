//! Dates as a person types them. One reader for every form, dialog and command.

use chrono::NaiveDate;

/// A typed date: `YYYY-MM-DD` or the UK `DD/MM/YYYY` (day and month may have one
/// digit). The year must be written with four digits: "14/03/09" is refused rather
/// than read as the year 9 (or guessed as 1909 or 2009).
///
/// Errors: a one-line message naming the value and the two accepted forms.
pub fn parse_typed_date(s: &str) -> Result<NaiveDate, String> {
    let s = s.trim();
    let parts: Vec<&str> = if s.contains('/') {
        let p: Vec<&str> = s.split('/').collect();
        if p.len() == 3 {
            vec![p[2], p[1], p[0]]
        } else {
            p
        }
    } else {
        s.split('-').collect()
    };
    let bad = || format!("'{s}' is not a date (use YYYY-MM-DD or DD/MM/YYYY)");
    let [y, m, d] = parts[..] else {
        return Err(bad());
    };
    let digits = |p: &str, max: usize| {
        !p.is_empty() && p.len() <= max && p.bytes().all(|b| b.is_ascii_digit())
    };
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return Err(bad());
    }
    if y.len() != 4 {
        return Err(format!(
            "'{s}': write the year with four digits (e.g. 2009, not 09)"
        ));
    }
    let n = |p: &str| p.parse::<u32>().map_err(|_| bad());
    let year = i32::try_from(n(y)?).map_err(|_| bad())?;
    NaiveDate::from_ymd_opt(year, n(m)?, n(d)?).ok_or_else(|| format!("'{s}' is not a real date"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> String {
        parse_typed_date(s).unwrap().to_string()
    }

    #[test]
    fn both_forms_with_four_digit_years() {
        assert_eq!(ok("2009-03-14"), "2009-03-14");
        assert_eq!(ok("14/03/2009"), "2009-03-14");
        assert_eq!(ok(" 1/12/2026 "), "2026-12-01");
    }

    #[test]
    fn two_digit_years_are_refused_not_read_as_year_9() {
        // Issue 11: "14/03/09" was saved as the year 0009.
        for s in ["14/03/09", "20/11/26", "1/12/26", "09-03-14", "0026-12-01x"] {
            let e = parse_typed_date(s).unwrap_err();
            assert!(!e.is_empty(), "{s}");
        }
        assert!(parse_typed_date("1/12/26")
            .unwrap_err()
            .contains("four digits"));
    }

    #[test]
    fn impossible_days_and_junk_are_refused() {
        assert!(parse_typed_date("31/02/2026")
            .unwrap_err()
            .contains("not a real date"));
        assert!(parse_typed_date("next tuesday").is_err());
        assert!(parse_typed_date("").is_err());
        assert!(parse_typed_date("2026-1-2-3").is_err());
    }
}
