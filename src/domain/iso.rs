//! Dates as `YYYY-MM-DD` text, written and read without chrono's format machinery
//! (a list of a hundred thousand actions formats and parses several dates a row).
//! The same text as chrono's `%Y-%m-%d` and `NaiveDate::from_str`.

use chrono::{Datelike, NaiveDate};

/// Append `d` as `YYYY-MM-DD` (years outside 0-9999 as chrono writes them).
pub fn push_date(out: &mut String, d: NaiveDate) {
    let y = d.year();
    if !(0..=9999).contains(&y) {
        out.push_str(&d.format("%Y-%m-%d").to_string());
        return;
    }
    let digits = |n: u32, width: usize, out: &mut String| {
        let mut buf = [b'0'; 4];
        let mut n = n;
        for i in (0..width).rev() {
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
        }
        out.extend(buf[..width].iter().map(|&b| b as char));
    };
    digits(y as u32, 4, out);
    out.push('-');
    digits(d.month(), 2, out);
    out.push('-');
    digits(d.day(), 2, out);
}

/// `d` as `YYYY-MM-DD`.
pub fn date_string(d: NaiveDate) -> String {
    let mut s = String::with_capacity(10);
    push_date(&mut s, d);
    s
}

/// A date written `YYYY-MM-DD`: the common exact form read directly, anything else
/// as chrono's `NaiveDate::from_str` reads it. `None` when it is not a date.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let digit = |i: usize| b[i].wrapping_sub(b'0');
    let exact = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9].iter().all(|&i| digit(i) < 10);
    if !exact {
        return s.parse().ok();
    }
    let num = |r: std::ops::Range<usize>| r.fold(0u32, |n, i| n * 10 + u32::from(digit(i)));
    NaiveDate::from_ymd_opt(num(0..4) as i32, num(5..7), num(8..10))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_as_chrono_both_ways() {
        for s in ["2026-11-22", "0001-01-01", "2024-02-29", "9999-12-31"] {
            let d = s.parse::<NaiveDate>().ok();
            assert_eq!(parse_date(s), d, "{s}");
            assert_eq!(d.map(date_string).as_deref(), Some(s));
        }
        for s in [
            "2023-02-29",
            "2026-13-01",
            "2026-1-5",
            "26-11-22",
            "2026/11/22",
            "",
            "x",
        ] {
            assert_eq!(parse_date(s), s.parse::<NaiveDate>().ok(), "{s}");
        }
        let d = NaiveDate::from_ymd_opt(2026, 3, 7).unwrap();
        assert_eq!(date_string(d), d.format("%Y-%m-%d").to_string());
    }
}
