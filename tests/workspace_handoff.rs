//! Issue 23 item 4, hand-offs between panels (REQUIREMENTS.md section 8 X6, X11): an
//! onward referral recorded at one panel is written as a referral file for another
//! panel's form (MAGPan's Appendix A keys when it has none), prefilled from the case,
//! marked with the higher marking, owner-only, and only once the sending chair's
//! agreement is recorded (MARAC 003 App 3A "Confidentiality": not "to any non MARAC
//! agency without the agreement of the Chair"; MAGPan 000 7.5: "make referrals into
//! other specialist processes such as MAPPA, CSEG, child protection, MARAC"); the
//! receiving panel takes it with `referral add --from FILE`. The MAPPA co-ordinator
//! holding both keys lists MAGPan's open cases managed at MAPPA level 2/3 (000 Appendix
//! D item 9, 10.1) the same way. A missing key for one panel is named in one line while
//! the others answer.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::path::Path;

use common::new_panel::{MAPPA_FORM_FIELDS, MEMBERS};
use common::workspace::{both, config, init, refer_ok, rt, rt_ok, WsPanel};
use common::{stderr, stdout};

const TODAY: &str = "2026-11-10";

const MARAC_MEMBERS: &str = r#"
[[member]]
name = "Lorcan Whitby"
post = "Detective Inspector, Community Safety Unit"
agency = "POL"
role = "chair"
"#;

const MAPPA_MEMBERS: &str = r#"
[[member]]
name = "Imogen Castellan"
post = "MAPPA Chair"
agency = "PROB"
role = "chair"
"#;

fn magpan_referral(name: &str, dob: &str) -> String {
    format!(
        r#"{{"referring_agency": "EDU", "name": "{name}", "date_of_birth": "{dob}", "gender": "Male",
            "address": "3 Wicken Close", "postcode": "LU2 7QT",
            "concerns": "Seen with older youths near the station.", "date_received": "2026-11-09"}}"#
    )
}

fn mappa_referral(name: &str, dob: &str, level: &str) -> String {
    format!(
        r#"{{"referring_agency": "PROB", "name": "{name}", "date_of_birth": "{dob}",
            "harm_when_and_to_whom": "Released on licence; threats to a former partner at Quillon Court",
            "date_received": "2026-11-09", "mappa_category": "2", "mappa_level": "{level}", {MAPPA_FORM_FIELDS}}}"#
    )
}

/// Case `case` heard at the panel's first meeting with an onward referral of `kind`
/// made (what the meeting screen records); its id.
fn onward(p: &WsPanel, case: i64, kind: &str, note: &str) -> i64 {
    p.exec(&format!(
        "INSERT INTO case_discussion (meeting_id, referral_id, agenda_item, position, started_at, completed_at)
         SELECT MIN(id), {case}, 6, 1, '2026-11-11 10:30:00', '2026-11-11 10:45:00' FROM meeting;
         INSERT INTO onward_referral (discussion_id, kind, state, note)
         SELECT MAX(id), '{kind}', 'made', '{note}' FROM case_discussion;"
    ));
    p.q("SELECT MAX(id) FROM onward_referral")
}

fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_hand_off_is_refused_without_the_chairs_agreement_and_taken_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let magpan = init(d, "MAGPan", "magpan", "YOS", Some(MEMBERS), TODAY);
    let marac = init(d, "MARAC", "marac", "POL", Some(MARAC_MEMBERS), TODAY);
    let cfg = config(d, &[&magpan, &marac]);
    refer_ok(
        &cfg,
        &magpan,
        TODAY,
        "j.json",
        &magpan_referral("Jasper Oakenfold", "2006-03-05"),
    );
    let id = onward(&magpan, 1, "marac", "Risk to his mother at home").to_string();
    let file = d.join("to-marac.toml");
    let f = file.to_str().unwrap();
    let events = magpan.events().len();

    // 000 7.5 / 003 App 3A: none given, or someone who is not a chair: one line, no file.
    for extra in [&[][..], &["--agreed-by", "Nell Sarrazin"][..]] {
        let mut args = vec!["handoff", "write", &id, "--to", "MARAC", "--out", f];
        args.extend_from_slice(extra);
        let o = rt(&cfg, &magpan, TODAY, &args);
        assert!(!o.status.success(), "{}", both(&o));
        assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
        assert!(
            stderr(&o).contains("hand-off not written:"),
            "{}",
            stderr(&o)
        );
        assert!(!file.exists());
        assert_eq!(magpan.events().len(), events, "nothing recorded");
    }
    let o = rt_ok(
        &cfg,
        &magpan,
        TODAY,
        &[
            "handoff",
            "write",
            &id,
            "--to",
            "MARAC",
            "--out",
            f,
            "--agreed-by",
            "priya  denholm",
        ],
    );
    assert!(
        stdout(&o).contains("marked CONFIDENTIAL, owner-only; agreed by the chair, Priya Denholm"),
        "{}",
        stdout(&o)
    );
    assert_eq!(mode(&file), 0o600);
    let text = std::fs::read_to_string(&file).unwrap();
    // MARAC is CONFIDENTIAL, MAGPan RESTRICTED: the higher, first and last.
    assert!(
        text.starts_with("# CONFIDENTIAL\n") && text.trim_end().ends_with("# CONFIDENTIAL"),
        "{text}"
    );
    assert!(
        text.contains("victim_name = \"Jasper Oakenfold\""),
        "{text}"
    );
    assert!(text.contains("Risk to his mother at home"), "{text}");
    assert!(magpan.events().last().unwrap().contains("hand-off of onward referral #1 (marac) of case #1 to MARAC: agreed by the chair, Priya Denholm"));

    // Prefilled only: MARAC's required fields still to complete are listed, and
    // `referral add` names them until they are given.
    assert!(
        text.contains("# caada_risk_level = ...   CAADA Risk Level (required)"),
        "{text}"
    );
    let o = rt(&cfg, &marac, TODAY, &["referral", "add", "--from", f]);
    assert!(!o.status.success(), "{}", both(&o));
    assert!(stderr(&o).contains("caada_risk_level"), "{}", stderr(&o));
    let mut done = text.clone();
    done.push_str(COMPLETED);
    std::fs::write(&file, done).unwrap();
    let o = rt_ok(&cfg, &marac, TODAY, &["referral", "add", "--from", f]);
    assert!(
        stdout(&o).contains("referral #1 saved: Jasper Oakenfold"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("known to another panel: MAGPan (open there)"),
        "{}",
        stdout(&o)
    );
    assert_eq!(
        marac.q("SELECT COUNT(*) FROM referral WHERE concerns LIKE '%Risk to his mother at home%'"),
        1
    );

    // Back the other way, to a panel with no form of its own: Appendix A's keys, taken
    // as written.
    refer_ok(&cfg, &marac, TODAY, "o.toml", ORLA);
    let id = onward(
        &marac,
        2,
        "magpan",
        "Gang association reported by her school",
    )
    .to_string();
    let back = d.join("to-magpan.toml");
    let b = back.to_str().unwrap();
    rt_ok(
        &cfg,
        &marac,
        TODAY,
        &[
            "handoff",
            "write",
            &id,
            "--to",
            "MAGPan",
            "--out",
            b,
            "--agreed-by",
            "Lorcan Whitby",
        ],
    );
    let text = std::fs::read_to_string(&back).unwrap();
    assert!(
        text.contains("referring_agency = \"YOS\""),
        "the person's agency on MAGPan:\n{text}"
    );
    assert!(text.starts_with("# CONFIDENTIAL\n"), "{text}");
    let o = rt_ok(&cfg, &magpan, TODAY, &["referral", "add", "--from", b]);
    assert!(
        stdout(&o).contains("referral #2 saved: Orla Fennimore"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("known to another panel: MARAC (open there)"),
        "{}",
        stdout(&o)
    );
}

/// What the receiving panel's user adds to MARAC's prefilled file before taking it in.
const COMPLETED: &str = r#"
email = "referrals@example.org"
caada_risk_level = "High"
consent = "yes"
children_in_household = "no"
selection = ["high_risk"]
perpetrators = [["not known", "", "", ""]]
"#;

const ORLA: &str = r#"
referrer_name = "PC Ilse Marrow"
referring_agency = "POL"
email = "ilse.marrow@example.org"
caada_risk_level = "High"
reasons = "Threats to kill after separation"
selection = ["high_risk"]
date_received = 2026-11-09
consent = "yes"
children_in_household = "no"
victim_name = "Orla Fennimore"
victim_dob = 2004-07-14
victim_address = "14 Larkspur Row, Bromley"
perpetrators = [["not known", "", "", ""]]
"#;

#[test]
fn the_mappa_list_names_only_magpans_open_cases_at_level_2_or_3_and_a_missing_key_is_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let magpan = init(d, "MAGPan", "magpan", "YOS", Some(MEMBERS), TODAY);
    let mappa = init(d, "MAPPA", "mappa", "PROB", Some(MAPPA_MEMBERS), TODAY);
    let marac = init(d, "MARAC", "marac", "POL", Some(MARAC_MEMBERS), TODAY);
    // MARAC's key file is missing.
    let lost = WsPanel {
        key: d.join("lost.key"),
        ..marac.clone()
    };
    let cfg = config(d, &[&magpan, &mappa, &lost]);
    for (name, dob, level) in [
        ("Jasper Oakenfold", "2006-03-05", "2"),
        ("Horatio Quennell", "2005-01-30", "3"),
    ] {
        refer_ok(
            &cfg,
            &mappa,
            TODAY,
            "m.json",
            &mappa_referral(name, dob, level),
        );
    }
    for (name, dob) in [
        ("jasper  oakenfold", "2006-03-05"),
        ("Orla Fennimore", "2004-07-14"),
    ] {
        refer_ok(&cfg, &magpan, TODAY, "g.json", &magpan_referral(name, dob));
    }
    // 003 App 2C: not outside MAPPA without its chair's consent.
    let o = rt(
        &cfg,
        &mappa,
        TODAY,
        &["handoff", "mappa-list", "--to", "MAGPan"],
    );
    assert!(!o.status.success());
    assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("MAPPA list not written:"),
        "{}",
        stderr(&o)
    );
    let o = rt_ok(
        &cfg,
        &mappa,
        TODAY,
        &[
            "handoff",
            "mappa-list",
            "--to",
            "MAGPan",
            "--agreed-by",
            "Imogen Castellan",
        ],
    );
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    // MAPPA OFFICIAL-SENSITIVE, MAGPan RESTRICTED: of equal rank, both named.
    assert_eq!(
        lines.first(),
        Some(&"OFFICIAL-SENSITIVE / RESTRICTED"),
        "{out}"
    );
    assert_eq!(lines.last(), lines.first(), "{out}");
    let cases: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.starts_with("  case #"))
        .collect();
    assert_eq!(
        cases,
        ["  case #1 jasper oakenfold, born 2006-03-05: MAPPA level 2"],
        "{out}"
    );
    for t in ["Horatio", "Orla", "Quillon", "OASys"] {
        assert!(!out.contains(t), "{t} in\n{out}");
    }
    assert!(magpan.events().join("\n").contains("MAPPA level 2/3 list from MAPPA: case #1 listed as managed at MAPPA level 2, agreed by its chair, Imogen Castellan"));
    assert!(mappa
        .events()
        .join("\n")
        .contains("MAPPA level 2/3 list for MAGPan: subject #1 listed (level 2)"));

    // A hand-off to the panel whose key is missing: one line naming it; another panel
    // still takes one.
    let id = onward(&mappa, 1, "magpan", "").to_string();
    let f = d.join("h.toml");
    let args = |to: &'static str| -> Vec<String> {
        [
            "handoff",
            "write",
            &id,
            "--to",
            to,
            "--out",
            f.to_str().unwrap(),
            "--agreed-by",
            "Imogen Castellan",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let a = args("MARAC");
    let o = rt(
        &cfg,
        &mappa,
        TODAY,
        &a.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert!(!o.status.success());
    assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("panel MARAC:"), "{}", stderr(&o));
    assert!(!f.exists());
    let a = args("MAGPan");
    rt_ok(
        &cfg,
        &mappa,
        TODAY,
        &a.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert!(std::fs::read_to_string(&f)
        .unwrap()
        .starts_with("# OFFICIAL-SENSITIVE / RESTRICTED\n"));
}
