//! Issue 22, returns as data: MAGPan's section 12 return (000 section 12) in every form
//! it is printed (text, CSV, JSON, HTML, XLSX; published and `--exact`) is held
//! byte for byte in tests/golden/report/, written from the code before section 12 was
//! re-expressed as the `[return]` of data/panels/magpan.toml. Databases: the small demo
//! (a year), the same after `purge` (the retained counts of the cases removed), and the
//! large demo (ten years), over a year, a quarter, a decade and a period with nothing
//! in it. `UPDATE_GOLDEN=1` rewrites the files (only ever on purpose).
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::io::Read as _;
use std::path::Path;

use common::demo_cli::{demo_db, ok};

/// The parts of an XLSX file, each named, but its creation time (docProps/core.xml
/// holds the moment it was written).
fn xlsx_text(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut names: Vec<String> = (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    names.sort();
    let mut out = String::new();
    for name in names {
        if name == "docProps/core.xml" {
            continue;
        }
        let mut s = String::new();
        zip.by_name(&name).unwrap().read_to_string(&mut s).unwrap();
        out.push_str(&format!("=== {name}\n{s}\n"));
    }
    out
}

fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/report")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 writes it)", path.display()));
    if expected != actual {
        let at = expected
            .bytes()
            .zip(actual.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.len().min(actual.len()));
        let from = at.saturating_sub(200);
        panic!(
            "{name} differs from its golden file at byte {at}:\nexpected …{}\nactual   …{}",
            &expected[from..(at + 200).min(expected.len())],
            &actual[from..(at + 200).min(actual.len())]
        );
    }
}

/// Every form of the return over `from`..`to` against its golden files `stem.*`.
fn every_form(db: &Path, stem: &str, from: &str, to: &str, exact: bool) {
    let mut base = vec!["report", "--from", from, "--to", to];
    if exact {
        base.push("--exact");
    }
    let with = |more: &[&str]| {
        let mut a = base.clone();
        a.extend_from_slice(more);
        ok(db, &a)
    };
    golden(&format!("{stem}.txt"), &with(&[]));
    golden(&format!("{stem}.csv"), &with(&["--csv"]));
    golden(&format!("{stem}.json"), &with(&["--json"]));
    golden(&format!("{stem}.html"), &with(&["--html", "-"]));
    let file = db.with_file_name(format!("{stem}.xlsx"));
    with(&["--xlsx", file.to_str().unwrap()]);
    golden(&format!("{stem}.xlsx.txt"), &xlsx_text(&file));
}

#[test]
fn the_small_demo_and_its_purge_give_the_golden_returns() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    every_form(&db, "small-2026", "2026-01-01", "2026-12-31", false);
    every_form(&db, "small-2026-exact", "2026-01-01", "2026-12-31", true);
    every_form(&db, "small-q3", "2026-07-01", "2026-09-30", false);
    every_form(&db, "small-empty", "2030-01-01", "2030-03-31", false);
    // Retention keeps anonymous counts of what it removes (issue 12): the return over
    // the year still counts the purged cases.
    // (It warns on stderr of the open actions it removes with them.)
    let o = common::demo_cli::rt(&db, &["purge", "--closed-before", "2026-09-01", "--yes"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    every_form(&db, "purged-2026", "2026-01-01", "2026-12-31", false);
    every_form(&db, "purged-2026-exact", "2026-01-01", "2026-12-31", true);
    every_form(&db, "purged-q3", "2026-07-01", "2026-09-30", false);
}

#[test]
fn the_large_demo_gives_the_golden_returns() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("large.db");
    ok(
        &db,
        &[
            "demo",
            "--scale",
            "large",
            "--seed",
            "1",
            "--as-of",
            common::AS_OF,
        ],
    );
    every_form(&db, "large-2026", "2026-01-01", "2026-12-31", false);
    every_form(&db, "large-2026-exact", "2026-01-01", "2026-12-31", true);
    every_form(&db, "large-decade", "2017-01-01", "2026-12-31", false);
}
