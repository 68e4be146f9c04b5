#![allow(dead_code, clippy::unwrap_used)]
//! A new panel from an empty folder (`common::new_panel::Panel`, first used by the
//! between-meetings tests of issue 4): `roundtable init` with the shipped MAGPan
//! panel and invented members, then the built binary with `ROUNDTABLE_TODAY` set
//! and no stdin.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use roundtable::store::Store;

/// The day the tests run "as of": a Wednesday. The next pattern meeting (second
/// Wednesday) is 2026-12-09, cut-off 2026-11-18; the following is 2027-01-13.
pub const TODAY: &str = "2026-11-25";

pub const MEMBERS: &str = r#"
[[member]]
name = "Priya Denholm"
post = "Detective Inspector"
agency = "POL"
role = "chair"

[[member]]
name = "Gareth Tolland"
post = "Operations Manager"
agency = "YOS"
role = "vice_chair"

[[member]]
name = "Nell Sarrazin"
post = "Serious Youth Violence Coordinator"
agency = "SYV"
role = "coordinator"

[[member]]
name = "Bram Eskildsen"
post = "MAPPA Coordinator"
agency = "NPS"
role = "mappa_coordinator"

[[member]]
name = "Owen Kastrup"
post = "Detective Sergeant"
agency = "POL"
deputy_for = "Priya Denholm"
"#;

/// A MAPPA panel's members: invented people in the App 2A "Membership" agencies (and
/// the chair's posts), for `init --panel mappa --members`.
pub const MAPPA_MEMBERS: &str = r#"
[[member]]
name = "Rosalind Achterberg"
post = "MAPPA Chair"
agency = "PROB"
role = "chair"

[[member]]
name = "Caspian Oduya"
post = "MAPPA Co-ordinator"
agency = "PROB"
role = "mappa_coordinator"

[[member]]
name = "Ilse Marchbank"
post = "Police MAPPA Manager"
agency = "POL"

[[member]]
name = "Dagny Roscoe-Hale"
post = "Children's Social Care Manager"
agency = "CSC"

[[member]]
name = "Theo Balakrishnan"
post = "Housing Manager"
agency = "HOU"

[[member]]
name = "Wren Castellanos"
post = "Mental Health Service Manager"
agency = "MH"

[[member]]
name = "Magnus Treloar"
post = "CAIT Detective Sergeant"
agency = "CAIT"
"#;

pub struct Panel {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Panel {
    /// An empty folder; no database yet.
    pub fn empty() -> Panel {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("panel.db");
        Panel { dir, db }
    }

    /// `roundtable init` with the shipped MAGPan panel and the members above.
    pub fn new() -> Panel {
        let p = Panel::empty();
        let members = p.write("members.toml", MEMBERS);
        p.ok(&[
            "init",
            "--no-encrypt",
            "--members",
            members.to_str().unwrap(),
        ]);
        p
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Run the binary on this database as of `today`.
    pub fn run_on(&self, today: &str, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_roundtable"))
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .env_remove("ROUNDTABLE_DB")
            .env_remove("ROUNDTABLE_KEY")
            .env("ROUNDTABLE_TODAY", today)
            .env("CI", "true")
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.run_on(TODAY, args)
    }

    /// Run and expect success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(
            o.status.success(),
            "{args:?} failed: {}{}",
            out(&o),
            err(&o)
        );
        out(&o)
    }

    /// Run and expect failure; returns stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(!o.status.success(), "{args:?} succeeded: {}", out(&o));
        assert_ne!(o.status.code(), Some(0));
        err(&o)
    }

    /// Take in a referral given as JSON; returns stdout.
    pub fn refer(&self, name: &str, json: &str, extra: &[&str]) -> String {
        let f = self.write(&format!("{name}.json"), json);
        let mut args = vec!["referral", "add", "--from", f.to_str().unwrap()];
        args.extend_from_slice(extra);
        self.ok(&args)
    }

    pub fn store(&self) -> Store {
        Store::open(&self.db, None).unwrap()
    }

    /// Every table as text: to show that a refused command wrote nothing.
    pub fn dump(&self) -> String {
        crate::common::dump(&self.store())
    }

    pub fn q<T: rusqlite::types::FromSql>(&self, sql: &str) -> T {
        self.store()
            .conn()
            .query_row(sql, [], |r| r.get(0))
            .unwrap()
    }
}

pub fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The id after `referral #` in a command's output.
pub fn referral_id(stdout: &str) -> i64 {
    let at = stdout.find("referral #").expect("referral id in output") + "referral #".len();
    stdout[at..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect::<String>()
        .parse()
        .unwrap()
}

/// The fields of MAPPA's own referral form (REQUIREMENTS.md 4.4) that a test's MAPPA
/// referral does not vary, as JSON members to put after its own: one place for every
/// test, so a change to the form is made once.
pub const MAPPA_FORM_FIELDS: &str = r#""referring_officer": "Offender manager, secure email", "lead_manager": "Senior probation officer", "likelihood_of_reoffending": "High", "risk_of_serious_harm": "High", "imminence": "Within weeks of release", "who_to_invite": "Police, housing and mental health", "risk_assessment": "OASys, 2026-11-01", "outline_plan": "Licence conditions and police checks", "emergency": "no""#;
