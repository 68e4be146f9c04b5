//! Issue 26 item 4, across panels: with the workspace (`[[panel]]` in the config file)
//! `actions request --workspace` covers every panel the agency sits on, one sheet per
//! panel, each from that panel's own database; a panel it does not sit on is named.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use common::workspace::panel_owing;

use std::path::Path;
use std::process::{Command, Output};

use roundtable::store::Store;

const TODAY: &str = "2026-12-01";

fn rt(config: &Path, args: &[&str]) -> Output {
    Command::new(common::bin())
        .args(args)
        .env_remove("ROUNDTABLE_DB")
        .env_remove("ROUNDTABLE_KEY")
        .env("ROUNDTABLE_CONFIG", config)
        .env("ROUNDTABLE_TODAY", TODAY)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn one_sheet_per_panel_the_agency_sits_on() {
    let dir = tempfile::tempdir().unwrap();
    let (marac, marac_key) = panel_owing(
        dir.path(),
        "marac",
        &[(
            "POL",
            "Flag the address for an urgent response",
            "2026-11-28",
        )],
    );
    let (magpan, magpan_key) = panel_owing(
        dir.path(),
        "magpan",
        &[
            ("POL", "Check known associates", "2026-12-10"),
            ("POL", "Share the intelligence log", "2026-12-12"),
            ("YOS", "Home visit with the case worker", "2026-12-10"),
        ],
    );
    let (dyo, dyo_key) = panel_owing(dir.path(), "dyo", &[]);
    let mut cfg = String::new();
    for (name, db, key) in [
        ("MARAC", &marac, &marac_key),
        ("MAGPan", &magpan, &magpan_key),
        ("DYO", &dyo, &dyo_key),
    ] {
        cfg.push_str(&format!(
            "[[panel]]\nname = \"{name}\"\ndatabase = \"{}\"\nkey_file = \"{}\"\n\n",
            db.display(),
            key.display()
        ));
    }
    let cfg_path = dir.path().join("config.toml");
    std::fs::write(&cfg_path, cfg).unwrap();
    let out = dir.path().join("sheets");
    let o = rt(
        &cfg_path,
        &[
            "actions",
            "request",
            "--agency",
            "POL",
            "--workspace",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let said = common::stdout(&o);
    assert!(o.status.success(), "{said}{}", common::stderr(&o));
    let mut files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|f| f.ends_with(".csv"))
        .collect();
    files.sort();
    let short = |db: &Path, key: &Path| -> String {
        let k = std::fs::read_to_string(key).unwrap();
        let s = Store::open_existing(db, Some(k.trim())).unwrap();
        s.conn()
            .query_row("SELECT short_name FROM panel", [], |r| r.get(0))
            .unwrap()
    };
    let mut want = vec![
        format!("{}-status-POL-{TODAY}.csv", short(&magpan, &magpan_key)),
        format!("{}-status-POL-{TODAY}.csv", short(&marac, &marac_key)),
    ];
    want.sort();
    assert_eq!(files, want, "{said}");
    let magpan_sheet = std::fs::read_to_string(out.join(format!(
        "{}-status-POL-{TODAY}.csv",
        short(&magpan, &magpan_key)
    )))
    .unwrap();
    assert_eq!(
        magpan_sheet.lines().count(),
        3,
        "POL's two MAGPan actions: {magpan_sheet}"
    );
    assert!(!magpan_sheet.contains("Home visit"), "not YOS's");
    // Each sheet is recorded in its own panel's database.
    let issued = |db: &Path, key: &Path| -> i64 {
        let k = std::fs::read_to_string(key).unwrap();
        let s = Store::open_existing(db, Some(k.trim())).unwrap();
        s.conn()
            .query_row("SELECT count(*) FROM status_request_row", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(issued(&magpan, &magpan_key), 2);
    assert_eq!(issued(&marac, &marac_key), 1);
    // DYO has POL, with no open action: no sheet, and said so.
    assert!(
        said.contains("panel DYO:\nPOL: no open actions; no sheet"),
        "{said}"
    );
}
