//! Issue 28 item 4: a case's risk over time. `case ID` (text, JSON, HTML) shows the
//! risk level and lead agency at each meeting, oldest first, and the actions
//! completed between one meeting and the next; the meeting screen's case page of a
//! review opens with the same in one line (at 80x24 too), so the chair sees what
//! changed since last time before the case opens (MAGPan, 000 section 7 reviews).
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::demo_cli::*;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use ratatui::Terminal;
use roundtable::store::write::Table;
use rusqlite::types::Value;

/// A case heard at three meetings or more (the first such).
fn case_heard_thrice(db: &std::path::Path) -> i64 {
    int(
        db,
        "SELECT referral_id FROM case_discussion GROUP BY referral_id
         HAVING COUNT(*) >= 3 ORDER BY referral_id LIMIT 1",
        &[],
    )
}

#[test]
fn risk_over_three_meetings_is_shown_in_order_with_what_changed_between() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let case = case_heard_thrice(&db);
    let cs = case.to_string();
    // Three meetings that rate the case Low, then High, then Medium; the lead agency
    // changes at the second.
    let discussions = ints(
        &db,
        "SELECT d.id FROM case_discussion d JOIN meeting m ON m.id = d.meeting_id
         WHERE d.referral_id = ?1 ORDER BY m.date LIMIT 3",
        &[Value::Integer(case)],
    );
    let agencies = strings(&db, "SELECT code FROM agency ORDER BY id", &[]);
    {
        let s = open(&db);
        for (d, risk) in discussions.iter().zip(["Low", "High", "Medium"]) {
            s.set_field(
                Table::Discussion,
                *d,
                "risk_after",
                Value::Text(risk.into()),
            )
            .unwrap();
        }
        let code_of = |c: &str| -> i64 {
            s.conn()
                .query_row("SELECT id FROM agency WHERE code = ?1", [c], |r| r.get(0))
                .unwrap()
        };
        for (d, a) in discussions
            .iter()
            .zip([&agencies[0], &agencies[1], &agencies[1]])
        {
            s.set_field(
                Table::Discussion,
                *d,
                "lead_agency_id",
                Value::Integer(code_of(a)),
            )
            .unwrap();
        }
    }
    let dates = strings(
        &db,
        "SELECT m.date FROM case_discussion d JOIN meeting m ON m.id = d.meeting_id
         WHERE d.referral_id = ?1 ORDER BY m.date",
        &[Value::Integer(case)],
    );

    // JSON: every meeting in order, with its risk and lead agency, and the actions
    // completed between it and the meeting before, as the database has them.
    let h = json(&db, &["case", &cs, "--json"]);
    let steps = h["over_time"]["meetings"].as_array().unwrap();
    let got: Vec<&str> = steps
        .iter()
        .map(|s| s["meeting_date"].as_str().unwrap())
        .collect();
    assert_eq!(got, dates);
    let risks: Vec<&str> = steps[..3]
        .iter()
        .map(|s| s["risk"].as_str().unwrap())
        .collect();
    assert_eq!(risks, ["Low", "High", "Medium"]);
    assert!(steps[0]["risk_was"].is_null());
    assert_eq!(steps[1]["risk_was"], "Low");
    assert_eq!(steps[2]["risk_was"], "High");
    assert_eq!(steps[1]["lead_agency"], agencies[1].as_str());
    assert_eq!(steps[1]["lead_was"], agencies[0].as_str());
    assert!(steps[2]["lead_was"].is_null());
    for (i, s) in steps.iter().enumerate().skip(1) {
        let between = ints(
            &db,
            "SELECT id FROM action WHERE referral_id = ?1 AND status = 'done'
               AND completed_on > ?2 AND completed_on <= ?3 ORDER BY completed_on, id",
            &[Value::Integer(case), text(&dates[i - 1]), text(&dates[i])],
        );
        let got: Vec<i64> = s["actions_completed_since_last"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_i64().unwrap())
            .collect();
        assert_eq!(got, between, "actions completed before {}", dates[i]);
    }

    // Text: a "Risk over time" section, one line per meeting, in order.
    let t = ok(&db, &["case", &cs]);
    let section = t.split("\nRisk over time\n").nth(1).unwrap();
    let lines: Vec<&str> = section.lines().take(3).collect();
    assert!(
        lines[0].contains(&format!("{}  risk Low  lead {}", dates[0], agencies[0])),
        "{t}"
    );
    assert!(
        lines[1].contains(&format!(
            "{}  risk High (was Low)  lead {} (was {})",
            dates[1], agencies[1], agencies[0]
        )),
        "{t}"
    );
    assert!(
        lines[2].contains(&format!("{}  risk Medium (was High)", dates[2])),
        "{t}"
    );
    assert!(
        t.find("\nRisk over time\n") < t.find("\nDiscussions\n"),
        "before the discussions"
    );

    // HTML: the same table on the printable page.
    let html = ok(&db, &["case", &cs, "--html", "-"]);
    let at = html.find("<h2>Risk over time</h2>").expect("the section");
    let table = &html[at..html[at..].find("</table>").unwrap() + at];
    let low = table.find(">Low<").unwrap();
    let high = table.find(">High (was Low)<").unwrap();
    let medium = table.find(">Medium (was High)<").unwrap();
    assert!(low < high && high < medium, "{table}");
}

#[test]
fn a_review_opens_with_its_risk_at_earlier_meetings_in_one_line_at_80x24() {
    let mut h = common::harness::Harness::new();
    h.open_first_case(8);
    let case = h.app.current_case().unwrap().clone();
    let earlier: Vec<String> = {
        let mut st = h
            .store
            .conn()
            .prepare(
                "SELECT COALESCE(NULLIF(d.risk_after, ''), d.risk_before) FROM case_discussion d
                 JOIN meeting m ON m.id = d.meeting_id
                 WHERE d.referral_id = ?1 AND m.date < ?2 ORDER BY m.date",
            )
            .unwrap();
        let rows = st
            .query_map(
                rusqlite::params![case.referral.id.0, h.meeting_date().to_string()],
                |r| r.get::<_, String>(0),
            )
            .unwrap();
        rows.map(|r| r.unwrap()).collect()
    };
    assert!(earlier.len() >= 2, "a review heard before: {earlier:?}");
    let last3 = earlier[earlier.len().saturating_sub(3)..].join("→");
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| roundtable::ui::render(&h.app, f)).unwrap();
    let frame = format!("{}", t.backend());
    assert!(
        frame.contains(&format!("Risk {last3} (last")),
        "wanted Risk {last3} on the case page:\n{frame}"
    );
    assert!(frame.contains("done since"), "{frame}");
    // A new referral has no earlier meeting: no such line.
    h.key(KeyCode::Esc);
    h.goto(6);
    h.key(KeyCode::Enter);
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| roundtable::ui::render(&h.app, f)).unwrap();
    assert!(!format!("{}", t.backend()).contains("done since"));
}
