//! Issue 14: CSV written a row at a time is the same text as the table's CSV (issue 13:
//! the csv crate, a byte-order mark, people's text cleaned and guarded against formulas).
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

use roundtable::lookup::format::{plain, user, write_csv, Table};

#[test]
fn csv_written_a_row_at_a_time_is_the_tables_csv() {
    let mut t = Table::new(&["id", "what", "who"]);
    let rows = vec![
        vec![
            plain("1"),
            user("=cmd|' /C calc'!A0"),
            user("Zoë \u{1b}[31mred"),
        ],
        vec![plain("2"), user("a, \"quoted\"\nline"), plain("")],
    ];
    t.rows = rows.clone();
    for bom in [true, false] {
        let mut out = vec![];
        write_csv(
            &mut out,
            bom,
            &["id", "what", "who"],
            rows.clone().into_iter(),
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            t.csv_with(bom),
            "bom {bom}"
        );
    }
}
