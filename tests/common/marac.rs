#![allow(dead_code, clippy::unwrap_used)]
//! A MARAC set up through the binary as of 2026-11-20 (003 App 3A, 3B): two invented
//! members and named cases on the App 3B form, for the tests that then run its
//! meeting in the app (`app_run::Run`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Two invented members: the chair (police) and a health safeguarding lead.
pub const MEMBERS: &str = r#"
[[member]]
name = "Imelda Quarrington"
post = "Detective Inspector, Community Safety Unit"
agency = "POL"
role = "chair"

[[member]]
name = "Tobias Fernhall"
post = "Safeguarding Lead"
agency = "NHS"
"#;

/// The binary on `db` as of 2026-11-20, no config.
pub fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(super::bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ROUNDTABLE_DB")
        .env_remove("ROUNDTABLE_KEY")
        .env("ROUNDTABLE_CONFIG", "")
        .env("ROUNDTABLE_TODAY", "2026-11-20")
        .output()
        .unwrap()
}

/// [`run`] that must succeed (else a panic with its error).
pub fn binary(db: &Path, args: &[&str]) {
    let o = run(db, args);
    assert!(o.status.success(), "{}", super::stderr(&o));
}

/// A named case of the MARAC form (App 3B) for victim `victim`.
pub fn case_form(victim: &str) -> String {
    format!(
        r#"
referrer_name = "PC Wren Halloway"
referring_agency = "POL"
email = "wren.halloway@example.org"
caada_risk_level = "High"
reasons = "Threats after separation"
selection = ["high_risk"]
date_received = 2026-11-19
consent = "yes"
children_in_household = "no"
victim_name = "{victim}"
victim_dob = 1990-05-14
victim_address = "3 Sorrel Row, Bromley"
perpetrators = [["Anselm Goodwright", "1984-02-11", "9 Quarry Lane", ""]]
"#
    )
}

/// The shipped MARAC in `dir/marac.db` with [`MEMBERS`] and a case for each of
/// `victims`; its meeting planned. Its database.
pub fn with_cases(dir: &Path, victims: &[&str]) -> PathBuf {
    let db = dir.join("marac.db");
    let members = dir.join("members.toml");
    std::fs::write(&members, MEMBERS).unwrap();
    binary(
        &db,
        &[
            "init",
            "--no-encrypt",
            "--panel",
            "marac",
            "--members",
            members.to_str().unwrap(),
        ],
    );
    for (i, victim) in victims.iter().enumerate() {
        let f = dir.join(format!("case{i}.toml"));
        std::fs::write(&f, case_form(victim)).unwrap();
        binary(&db, &["referral", "add", "--from", f.to_str().unwrap()]);
    }
    db
}
