//! Issue 21 (E1, E2): a generic `cases` item in the meeting runner. At MARAC's "Cases
//! with children" item (data/panels/marac.toml, 003 App 3A "Clients consent") the case
//! page offers the decisions the panel gives new referrals (App 3A, "Chairing and
//! Minutes"), takes one and is done; the other case waits at the next item. Driven by
//! key events with the store the real runner uses.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::app_run::Run;
use common::new_panel::{referral_id, Panel};
use ratatui::crossterm::event::KeyCode;
use roundtable::domain::types::MeetingState;
use roundtable::domain::AgendaKind;

/// Invented people in MARAC's agencies.
const MEMBERS: &str = r#"
[[member]]
name = "Peregrine Vashti"
post = "Detective Inspector, Community Safety Unit"
agency = "POL"
role = "chair"

[[member]]
name = "Winnifred Osei-Laird"
post = "MARAC Co-ordinator"
agency = "DVA"
role = "coordinator"

[[member]]
name = "Thaddeus Morrow"
post = "Children's Social Care Representative"
agency = "CSC"
"#;

/// A MARAC referral (App 3B) received on `received`, with or without children.
fn referral(victim: &str, received: &str, children: bool) -> String {
    let rows = if children {
        "children_in_household = \"yes\"\nchildren = [[\"Linnea Brockhurst\", \"2017-08-21\", \"F\", \"\", \"\"]]\n"
    } else {
        "children_in_household = \"no\"\n"
    };
    format!(
        r#"referrer_name = "PC Gideon Falconer"
referring_agency = "POL"
email = "gideon.falconer@example.org"
caada_risk_level = "High"
reasons = "Strangulation disclosed; escalating threats"
selection = ["high_risk"]
date_received = {received}
consent = "yes"
{rows}victim_name = "{victim}"
victim_dob = 1989-11-30
perpetrators = [["Rufus Hallam", "1986-01-09", "", ""]]
"#
    )
}

#[test]
fn app_3a_the_case_with_children_is_decided_at_its_own_item_with_the_new_referral_decisions() {
    let p = Panel::empty();
    let members = p.write("members.toml", MEMBERS);
    p.ok(&[
        "init",
        "--no-encrypt",
        "--panel",
        "marac",
        "--members",
        members.to_str().unwrap(),
    ]);
    let add = |name: &str, text: String| {
        let f = p.write(name, &text);
        referral_id(&p.ok(&["referral", "add", "--from", f.to_str().unwrap()]))
    };
    // The dates of the shipped four-weekly pattern are the runner's business: both
    // referrals in time for the first meeting after today, the adult one first.
    let meeting: String = p.q("SELECT MIN(date) FROM meeting WHERE state = 'planned'");
    let day: chrono::NaiveDate = meeting.parse().unwrap();
    let early = |n: i64| {
        (day - chrono::Duration::days(n))
            .format("%Y-%m-%d")
            .to_string()
    };
    let adult = add(
        "adult.toml",
        referral("Hermione Castellan", &early(30), false),
    );
    let family = add(
        "family.toml",
        referral("Saskia Penhallow", &early(29), true),
    );

    let mut run = Run::open(&p);
    run.key(KeyCode::Enter);
    if run.app.data.state == MeetingState::Planned {
        run.key(KeyCode::Enter);
    }
    assert_eq!(run.app.data.state, MeetingState::InProgress);
    let n = run.app.attendance_rows().len();
    for _ in 0..n {
        run.key(KeyCode::Char('p'));
    }
    while run.app.kind() != AgendaKind::Confidentiality {
        run.key(KeyCode::PageDown);
    }
    for _ in 0..n {
        run.key(KeyCode::Char(' '));
    }
    while run.app.kind() != AgendaKind::Cases {
        run.key(KeyCode::PageDown);
    }
    assert_eq!(run.app.item, 4, "{}", run.message());
    let here: Vec<i64> = run.app.cases().iter().map(|c| c.referral.id.0).collect();
    assert_eq!(here, [family], "only the case with children at item 4");
    run.key(KeyCode::Enter);
    let c = run.app.current_case().unwrap();
    assert_eq!(c.kind, AgendaKind::NewReferrals, "heard as a new referral");
    // The panel's decisions for new referrals are offered at the cases item.
    run.focus("Decision");
    run.typ("risk management");
    run.key(KeyCode::Enter);
    run.focus("Reasons");
    run.typ("Children at risk: safety plan and strategy discussion agreed.");
    run.focus("Initial risk");
    run.typ("high");
    run.key(KeyCode::Tab);
    run.ctrl('d');
    let (decision, done, item, kind): (String, bool, i64, String) = run
        .store
        .conn()
        .query_row(
            "SELECT decision, completed_at IS NOT NULL, agenda_item, item_kind
             FROM case_discussion WHERE referral_id = ?1",
            [family],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (decision.as_str(), done, item, kind.as_str()),
        ("actions_agreed", true, 4, "new_referrals"),
        "{}",
        run.message()
    );
    // The other case is at the next item, not yet heard.
    run.key(KeyCode::Esc);
    run.key(KeyCode::PageDown);
    assert_eq!(run.app.item, 5, "{}", run.message());
    let there: Vec<i64> = run.app.cases().iter().map(|c| c.referral.id.0).collect();
    assert_eq!(there, [adult]);
}
