//! `roundtable report --exact` (issue 25): the coordinator's return with every count
//! exact, marked not for publication on every output. Protocol section 12 (the
//! monitoring return); small numbers are suppressed in the published one.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::demo_cli::*;

const FROM: &str = "2025-12-01";
const TO: &str = "2026-11-30";

fn args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec!["report", "--from", FROM, "--to", TO];
    a.extend_from_slice(extra);
    a
}

#[test]
fn exact_shows_every_count_and_says_not_for_publication_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    // The published return hides small numbers; the exact one hides none.
    let published = ok(&db, &args(&["--csv"]));
    assert!(published.contains(",<5,"), "the demo has small groups");
    let exact = ok(&db, &args(&["--exact", "--csv"]));
    assert!(!exact.contains('<'), "{exact}");

    // Each count matches the database.
    let v = json(&db, &args(&["--exact", "--json"]));
    assert_eq!(v["exact"], true);
    let received = int(
        &db,
        "SELECT COUNT(*) FROM referral WHERE date_received BETWEEN ?1 AND ?2",
        &[text(FROM), text(TO)],
    );
    assert_eq!(v["referrals"]["received"].as_i64().unwrap(), received);
    let ward_sum: i64 = v["by_ward"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_i64().unwrap())
        .sum();
    assert_eq!(ward_sum, received, "no ward count hidden");
    let published_json = json(&db, &args(&["--json"]));
    assert_eq!(published_json["exact"], false);

    // Not for publication: top and bottom of the text, every CSV row, the JSON
    // marking, every printed page of the HTML.
    let words = "NOT FOR PUBLICATION";
    let text_out = ok(&db, &args(&["--exact"]));
    let lines: Vec<&str> = text_out.lines().filter(|l| !l.is_empty()).collect();
    assert!(lines.first().unwrap().contains(words), "{text_out}");
    assert!(lines.last().unwrap().contains(words), "{text_out}");
    let mut rdr = csv::Reader::from_reader(exact.trim_start_matches('\u{feff}').as_bytes());
    for r in rdr.records() {
        assert!(r.unwrap()[4].contains(words));
    }
    assert!(v["protective_marking"].as_str().unwrap().contains(words));
    let html = ok(&db, &args(&["--exact", "--html", "-"]));
    assert!(
        html.contains(&format!("@top-center{{content:\"RESTRICTED - {words}")),
        "{html}"
    );
    assert!(!ok(&db, &args(&[])).contains(words));
}
