//! Issue 23 item 3, "known to another panel" (REQUIREMENTS.md section 8 X5): at intake
//! (`referral add`) and on the draft agenda (`agenda`) a case is matched, by the rule a
//! panel uses for its own subjects (name however written, and date of birth), against
//! the other panels of the person's workspace, each its own database under its own
//! key. Only the other panel's name and whether the case is open there are said; no
//! text of that panel's case (its concerns, the names of others on it, its agencies)
//! reaches the output; each match is in both change logs; an anonymous case (003 App
//! 3A "Clients consent") is never matched; a panel whose key is wrong is named in one
//! line while the others answer. Why: MAGPan does not hear MAPPA level 2/3 cases [000
//! 10.1]; CAMP excludes offenders engaged in MAPPA, MARAC, DYO [003 App 5A
//! "Objectives"].
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::new_panel::MAPPA_FORM_FIELDS;
use common::workspace::{both, config, init, refer, refer_ok, rt, rt_ok, WsPanel};
use common::{stderr, stdout};

const TODAY: &str = "2026-11-10";

/// What MAPPA's case holds that no other panel's user may read.
const MAPPA_TEXT: &str = "Released on licence; threats to a former partner at Quillon Court";

/// What MARAC's case holds that no other panel's user may read.
const MARAC_TEXT: &[&str] = &[
    "Threats to kill",
    "Dermot Ashgrove",
    "Ciaran Fennimore",
    "Larkspur Row",
    "Ilse Marrow",
    "Refuge",
];

fn mappa_referral(name: &str, dob: &str) -> String {
    format!(
        r#"{{"referring_agency": "PROB", "name": "{name}", "date_of_birth": "{dob}",
            "harm_when_and_to_whom": "{MAPPA_TEXT}",
            "date_received": "2026-11-09", "mappa_category": "2", "mappa_level": "2", {MAPPA_FORM_FIELDS}}}"#
    )
}

const MARAC_FAMILY: &str = r#"
referrer_name = "PC Ilse Marrow"
referring_agency = "POL"
email = "ilse.marrow@example.org"
caada_risk_level = "High"
reasons = "Threats to kill after separation; strangulation disclosed"
selection = ["high_risk", "child_protection"]
date_received = 2026-11-09
consent = "yes"
children_in_household = "yes"
victim_name = "Orla Fennimore"
victim_dob = 2004-07-14
victim_address = "14 Larkspur Row, Bromley"
victim_temporary_address = "Refuge, address withheld"
children = [["Ciaran Fennimore", "2024-05-02", "M", "", ""]]
perpetrators = [["Dermot Ashgrove", "1998-02-11", "9 Quarry Lane", ""]]
"#;

const MARAC_ANONYMOUS: &str = r#"
referrer_name = "PC Ilse Marrow"
referring_agency = "POL"
email = "ilse.marrow@example.org"
caada_risk_level = "High"
reasons = "Advice sought on a client who declines services"
selection = ["high_risk"]
date_received = 2026-11-09
consent = "no"
children_in_household = "no"
no_consent_reason = "No children: advice sought on a client who declines services"
"#;

fn magpan_referral(name: &str, dob: &str) -> String {
    format!(
        r#"{{"referring_agency": "EDU", "name": "{name}", "date_of_birth": "{dob}",
            "concerns": "Seen with older youths near the station.", "date_received": "2026-11-09"}}"#
    )
}

/// MAGPan, MAPPA and MARAC, each under its own key.
fn three(dir: &std::path::Path) -> (WsPanel, WsPanel, WsPanel) {
    (
        init(dir, "MAGPan", "magpan", "YOS", None, TODAY),
        init(dir, "MAPPA", "mappa", "PROB", None, TODAY),
        init(dir, "MARAC", "marac", "POL", None, TODAY),
    )
}

fn assert_nothing_of(out: &str, texts: &[&str]) {
    for t in texts {
        assert!(!out.contains(t), "{t} reached another panel's user:\n{out}");
    }
}

#[test]
fn a_match_says_only_the_panel_and_whether_open_and_is_in_both_change_logs() {
    let dir = tempfile::tempdir().unwrap();
    let (magpan, mappa, marac) = three(dir.path());
    let cfg = config(dir.path(), &[&magpan, &mappa, &marac]);

    let o = refer_ok(
        &cfg,
        &mappa,
        TODAY,
        "m.json",
        &mappa_referral("Jasper Oakenfold", "2006-03-05"),
    );
    assert!(!both(&o).contains("known to another panel"), "{}", both(&o));
    refer_ok(&cfg, &marac, TODAY, "f.toml", MARAC_FAMILY);

    // The same name however written and the same date of birth (the rule within a panel).
    let o = refer_ok(
        &cfg,
        &magpan,
        TODAY,
        "j.json",
        &magpan_referral("jasper  OAKENFOLD", "2006-03-05"),
    );
    let out = both(&o);
    assert!(
        out.contains("known to another panel: MAPPA (open there)\n"),
        "{out}"
    );
    assert!(!out.contains("MARAC"), "{out}");
    assert_nothing_of(
        &out,
        &[
            MAPPA_TEXT,
            "Quillon",
            "PROB",
            "OASys",
            "Licence conditions",
            "level 2",
        ],
    );
    let o = refer(
        &cfg,
        &magpan,
        TODAY,
        "o.json",
        &magpan_referral("Orla Fennimore", "2004-07-14"),
    );
    let out = both(&o);
    assert!(
        out.contains("known to another panel: MARAC (open there)\n"),
        "{out}"
    );
    assert!(!out.contains("MAPPA"), "{out}");
    assert_nothing_of(&out, MARAC_TEXT);
    // Someone nobody else knows, and a different date of birth: no line.
    let o = refer(
        &cfg,
        &magpan,
        TODAY,
        "n.json",
        &magpan_referral("Jasper Oakenfold", "2006-03-06"),
    );
    assert!(!both(&o).contains("known to another panel"), "{}", both(&o));

    // Both change logs: here the case and the panel, there the subject and who asked.
    let here = magpan.events().join("\n");
    assert!(here.contains("known to another panel: case #1 (subject #1) known to MAPPA (open there), checked at intake"), "{here}");
    assert!(
        here.contains("case #2 (subject #2) known to MARAC (open there)"),
        "{here}"
    );
    let there = mappa.events().join("\n");
    assert!(there.contains("known to another panel: subject #1 matched by name and date of birth from MAGPan (intake); told: open here"), "{there}");
    assert!(!there.contains("Orla"), "{there}");
    assert!(marac
        .events()
        .join("\n")
        .contains("subject #1 matched by name and date of birth from MAGPan"));

    // The draft agenda: both cases, MARAC's now closed there; its text still kept in.
    marac.exec("UPDATE referral SET status = 'closed', closed_on = '2026-11-10'");
    let before = marac.events().len();
    let o = rt_ok(&cfg, &magpan, TODAY, &["agenda"]);
    let out = stdout(&o);
    let at = out
        .find("Known to another panel")
        .unwrap_or_else(|| panic!("{out}"));
    let section = &out[at..];
    assert!(
        section.contains("  case #1 jasper OAKENFOLD: MAPPA (open there)\n"),
        "{section}"
    );
    assert!(section.contains(": MARAC (not open there)"), "{section}");
    assert!(
        section.trim_end().ends_with("RESTRICTED"),
        "the marking stays last:\n{out}"
    );
    assert_nothing_of(&out, MARAC_TEXT);
    assert_nothing_of(&out, &[MAPPA_TEXT, "PROB"]);
    assert_eq!(
        marac.events().len(),
        before + 1,
        "the agenda's match logged at MARAC too"
    );
    assert!(marac
        .events()
        .last()
        .unwrap()
        .contains("(the draft agenda for"));
    // JSON keeps its shape; the matches go to standard error.
    let o = rt(&cfg, &magpan, TODAY, &["agenda", "--json"]);
    assert!(
        stderr(&o).contains("case #1: known to another panel: MAPPA (open there)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_anonymous_case_is_never_matched_on_either_side() {
    let dir = tempfile::tempdir().unwrap();
    let (magpan, mappa, marac) = three(dir.path());
    let cfg = config(dir.path(), &[&magpan, &mappa, &marac]);
    // App 3A "Clients consent": no consent, no children: brought anonymously.
    let o = refer_ok(&cfg, &marac, TODAY, "a.toml", MARAC_ANONYMOUS);
    assert!(!both(&o).contains("known to another panel"));
    // Even were a name and date of birth to reach the anonymous case's record, it is
    // not matched.
    marac.exec("UPDATE subject SET name = 'Tamsin Woolcombe', date_of_birth = '2003-01-20'");
    let o = refer_ok(
        &cfg,
        &magpan,
        TODAY,
        "t.json",
        &magpan_referral("Tamsin Woolcombe", "2003-01-20"),
    );
    assert!(!both(&o).contains("known to another panel"), "{}", both(&o));
    assert!(!marac.events().join("\n").contains("known to another panel"));
    // And the anonymous case at intake is matched against nobody: MAGPan now knows
    // Tamsin, MARAC's second anonymous case asks nothing of MAGPan.
    refer_ok(&cfg, &marac, TODAY, "a2.toml", MARAC_ANONYMOUS);
    assert!(!magpan
        .events()
        .join("\n")
        .contains("known to another panel"));
    assert!(!mappa.events().join("\n").contains("known to another panel"));
}

#[test]
fn a_wrong_key_for_one_panel_is_named_in_one_line_and_the_others_answer() {
    let dir = tempfile::tempdir().unwrap();
    let (magpan, mappa, marac) = three(dir.path());
    let cfg = config(dir.path(), &[&magpan, &mappa, &marac]);
    refer_ok(
        &cfg,
        &mappa,
        TODAY,
        "m.json",
        &mappa_referral("Jasper Oakenfold", "2006-03-05"),
    );
    // MARAC listed with MAPPA's key.
    let wrong = WsPanel {
        key: mappa.key.clone(),
        ..marac.clone()
    };
    let cfg = config(dir.path(), &[&magpan, &mappa, &wrong]);
    let o = refer(
        &cfg,
        &magpan,
        TODAY,
        "j.json",
        &magpan_referral("Jasper Oakenfold", "2006-03-05"),
    );
    assert!(o.status.success(), "the referral is taken in: {}", both(&o));
    assert!(
        stdout(&o).contains("known to another panel: MAPPA (open there)"),
        "{}",
        both(&o)
    );
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("MARAC")).collect();
    assert_eq!(lines.len(), 1, "{}", stderr(&o));
    assert!(
        lines[0].starts_with("warning: could not check MARAC for cases known there: panel MARAC:"),
        "{}",
        lines[0]
    );
}
