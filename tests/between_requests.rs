//! Issue 26, between meetings: `actions request` writes each agency's status sheet
//! and `actions import` reads it back. Agencies "report back to the MARAC on action
//! taken and the outcomes" (003 App 3A "Follow-up action"); "the action points must
//! be checked and outcomes/actions recorded" (003 App 2C, 5B): a returned sheet
//! updates exactly the actions it was issued for, never another, and says so.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};
use common::demo_cli::*;
use common::AS_OF;

/// A CSV file's header and rows (the byte-order mark dropped).
fn read_csv(p: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(p).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut all: Vec<Vec<String>> = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect();
    let h = all.remove(0);
    (h, all)
}

fn write_csv(p: &Path, h: &[String], rows: &[Vec<String>]) {
    let mut w = csv::Writer::from_path(p).unwrap();
    w.write_record(h).unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
}

fn col(h: &[String], name: &str) -> usize {
    h.iter().position(|x| x == name).unwrap()
}

fn sheet_files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    v
}

fn open_ids(db: &Path, agency: &str) -> Vec<i64> {
    ints(
        db,
        "SELECT a.id FROM action a JOIN agency g ON g.id = a.agency_id
         WHERE g.code = ?1 AND a.status = 'open' ORDER BY a.due_on, a.id",
        &[text(agency)],
    )
}

#[test]
fn a_request_for_every_agency_lists_each_agencys_open_actions_by_initials_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let out = dir.path().join("sheets");
    let said = ok(
        &db,
        &[
            "actions",
            "request",
            "--agency",
            "all",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let agencies = strings(
        &db,
        "SELECT DISTINCT g.code FROM action a JOIN agency g ON g.id = a.agency_id
         WHERE a.status = 'open' ORDER BY g.code",
        &[],
    );
    assert!(
        agencies.len() > 3,
        "the demo has open actions for several agencies"
    );
    let csvs = sheet_files(&out, "csv");
    assert_eq!(csvs.len(), agencies.len(), "{said}");
    assert_eq!(sheet_files(&out, "xlsx").len(), agencies.len());
    assert!(
        said.contains(&format!("{} sheets issued", agencies.len())),
        "{said}"
    );
    let names = strings(&db, "SELECT name FROM subject", &[]);
    let uid = strings(&db, "SELECT uid FROM database_identity", &[]).remove(0);
    for code in &agencies {
        let p = out.join(format!("MAGPan-status-{code}-{AS_OF}.csv"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "owner-only: {}", p.display());
        }
        let (h, rows) = read_csv(&p);
        assert_eq!(h.last().unwrap(), "marking");
        let ids: Vec<i64> = rows.iter().map(|r| r[0].parse().unwrap()).collect();
        assert_eq!(
            ids,
            open_ids(&db, code),
            "{code}: its open actions, by due date"
        );
        for r in &rows {
            assert_eq!(r[col(&h, "agency")], *code);
            assert_eq!(r[col(&h, "database")], uid);
            assert_eq!(r[col(&h, "marking")], "RESTRICTED");
            assert_eq!(r[col(&h, "fingerprint")].len(), 16);
            assert!(r[col(&h, "status")].is_empty() && r[col(&h, "note")].is_empty());
            let due: chrono::NaiveDate = r[col(&h, "due_on")].parse().unwrap();
            assert_eq!(r[col(&h, "overdue")] == "overdue", due < common::as_of());
        }
        let text = std::fs::read_to_string(&p).unwrap();
        for n in &names {
            assert!(!text.contains(n.as_str()), "{code}'s sheet names {n}");
        }
    }
    // One sheet recorded per agency, with one row per action issued.
    assert_eq!(
        int(&db, "SELECT count(*) FROM status_request", &[]),
        agencies.len() as i64
    );
    assert_eq!(
        int(&db, "SELECT count(*) FROM status_request_row", &[]),
        int(
            &db,
            "SELECT count(*) FROM action WHERE status = 'open'",
            &[]
        )
    );
    // Asked again the same day into the same folder: refused, nothing issued.
    fails(
        &db,
        &[
            "actions",
            "request",
            "--agency",
            "all",
            "--out",
            out.to_str().unwrap(),
        ],
        2,
        "exists already",
    );
    assert_eq!(
        int(&db, "SELECT count(*) FROM status_request", &[]),
        agencies.len() as i64
    );
}

#[test]
fn the_workbook_reads_back_as_the_csv_with_its_marking_and_a_status_list() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let out = dir.path().join("s");
    ok(
        &db,
        &[
            "actions",
            "request",
            "--agency",
            "YOS",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let x = out.join(format!("MAGPan-status-YOS-{AS_OF}.xlsx"));
    let (h, rows) = read_csv(&out.join(format!("MAGPan-status-YOS-{AS_OF}.csv")));
    let mut book: Xlsx<_> = calamine::open_workbook(&x).unwrap();
    assert_eq!(book.sheet_names(), vec!["YOS status".to_string()]);
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let grid: Vec<&[Data]> = range.rows().collect();
    let header: Vec<String> = grid[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(header, h, "the same columns");
    assert_eq!(grid.len() - 1, rows.len(), "the same rows");
    for (g, r) in grid[1..].iter().zip(&rows) {
        assert_eq!(
            g[0],
            Data::Float(r[0].parse().unwrap()),
            "action id a number"
        );
        assert!(
            matches!(g[col(&h, "due_on")], Data::DateTime(_)),
            "due date a date cell"
        );
        for name in ["sheet", "database", "fingerprint", "initials", "agency"] {
            assert_eq!(g[col(&h, name)].to_string(), r[col(&h, name)], "{name}");
        }
    }
    // The page header and footer carry the marking; the status column offers the words.
    let f = std::fs::File::open(&x).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut z.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(
        xml.contains("<oddHeader>&amp;CRESTRICTED</oddHeader>"),
        "{xml}"
    );
    assert!(xml.contains("<oddFooter>&amp;CRESTRICTED</oddFooter>"));
    assert!(
        xml.contains("done,not done,in progress"),
        "status list: {xml}"
    );
}

/// Issue YOS's sheet and return its CSV path and contents.
fn yos_sheet(db: &Path, out: &Path) -> (PathBuf, Vec<String>, Vec<Vec<String>>) {
    ok(
        db,
        &[
            "actions",
            "request",
            "--agency",
            "yos",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    let p = out.join(format!("MAGPan-status-YOS-{AS_OF}.csv"));
    let (h, rows) = read_csv(&p);
    assert!(
        rows.len() >= 3,
        "the demo gives YOS three open actions or more"
    );
    (p, h, rows)
}

fn change_log_rows(db: &Path) -> i64 {
    int(db, "SELECT count(*) FROM change_log", &[])
}

#[test]
fn a_returned_sheet_is_shown_then_applied_in_one_go_and_its_refusals_listed() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let (_, h, mut rows) = yos_sheet(&db, dir.path());
    let (status, done_on, note) = (col(&h, "status"), col(&h, "done_on"), col(&h, "note"));
    let ids: Vec<i64> = rows.iter().map(|r| r[0].parse().unwrap()).collect();
    // Done with a date and a note; not done with a note; only a note.
    rows[0][status] = "Done".into();
    rows[0][done_on] = "20/11/2026".into();
    rows[0][note] = "Assessment shared with the lead agency".into();
    rows[1][status] = "not done".into();
    rows[1][note] = "Family away until December".into();
    rows[2][note] = "Booked for 1 December".into();
    // A forged row: another agency's action copied under YOS's sheet.
    let pol = int(
        &db,
        "SELECT a.id FROM action a JOIN agency g ON g.id = a.agency_id
         WHERE g.code = 'POL' AND a.status = 'open' LIMIT 1",
        &[],
    );
    let mut forged = rows[2].clone();
    forged[0] = pol.to_string();
    forged[status] = "done".into();
    rows.push(forged);
    // A row whose fingerprint was made up.
    let mut altered = rows[1].clone();
    altered[col(&h, "fingerprint")] = "0000000000000000".into();
    let back = dir.path().join("returned.csv");
    write_csv(&back, &h, &rows);

    // Changed since issue: the coordinator moves the third action's due date.
    ok(&db, &["actions", "due", &ids[2].to_string(), "2026-12-20"]);
    let log_before = change_log_rows(&db);
    let preview = ok(&db, &["actions", "import", back.to_str().unwrap()]);
    assert!(preview.contains("would change 2 actions:"), "{preview}");
    let line = preview
        .lines()
        .find(|l| l.contains(&format!("action {} ", ids[0])))
        .unwrap_or_default();
    assert!(
        line.ends_with("done on 2026-11-20: Assessment shared with the lead agency"),
        "{preview}"
    );
    assert!(preview.contains("not done, stays open; note: Family away until December"));
    assert!(
        preview.contains("refused 2 rows, never applied:"),
        "{preview}"
    );
    assert!(
        preview.contains(&format!(
            "action {} changed since the sheet was issued",
            ids[2]
        )),
        "{preview}"
    );
    assert!(
        preview.contains(&format!("action {pol} is POL's, not YOS's")),
        "{preview}"
    );
    assert!(preview.contains("nothing changed: run again with --yes"));
    assert_eq!(
        change_log_rows(&db),
        log_before,
        "a preview changes nothing"
    );
    assert_eq!(
        strings(
            &db,
            "SELECT status FROM action WHERE id = ?1",
            &[rusqlite::types::Value::Integer(ids[0])]
        ),
        vec!["open"]
    );

    let applied = ok(&db, &["actions", "import", back.to_str().unwrap(), "--yes"]);
    assert!(applied.contains("changed 2 actions:"), "{applied}");
    let id = |i: i64| rusqlite::types::Value::Integer(i);
    assert_eq!(
        strings(
            &db,
            "SELECT status || ' ' || completed_on || ' ' || completion_note FROM action WHERE id = ?1",
            &[id(ids[0])]
        ),
        vec!["done 2026-11-20 Assessment shared with the lead agency"]
    );
    assert_eq!(
        strings(
            &db,
            "SELECT status FROM action WHERE id = ?1",
            &[id(ids[1])]
        ),
        vec!["open"],
        "not done stays open for the panel to decide"
    );
    assert_eq!(
        strings(&db, "SELECT note FROM action_note WHERE action_id = ?1", &[id(ids[1])]),
        vec![format!(
            "reported not done by YOS in its return of {AS_OF} (sheet issued {AS_OF}): Family away until December"
        )]
    );
    assert_eq!(
        int(
            &db,
            "SELECT count(*) FROM action_note WHERE action_id = ?1",
            &[id(ids[2])]
        ),
        0,
        "changed since issue: its note is not applied"
    );
    assert_eq!(
        strings(&db, "SELECT status FROM action WHERE id = ?1", &[id(pol)]),
        vec!["open"],
        "the forged row changed nothing"
    );
    // The change log: each applied row closed by a marker naming the agency, the
    // date it reported and its sheet; the sheet marked as come back.
    let marks = strings(
        &db,
        "SELECT row_id || ': ' || new_value FROM change_log WHERE col = 'from_return' ORDER BY id",
        &[],
    );
    assert_eq!(marks.len(), 2, "{marks:?}");
    let sheet = strings(&db, "SELECT sheet FROM status_request", &[]).remove(0);
    assert!(marks[0].starts_with(&format!(
        "{}: reported by YOS on {AS_OF} through its return (sheet {sheet} issued {AS_OF}), log rows",
        ids[0]
    )), "{marks:?}");
    assert_eq!(
        strings(&db, "SELECT returned_on FROM status_request", &[]),
        vec![AS_OF.to_string()]
    );
    let v = rt(&db, &["audit", "verify"]);
    assert!(
        v.status.success(),
        "{}{}",
        common::stdout(&v),
        common::stderr(&v)
    );
    // Imported again: every applied row refused as already applied; nothing changes.
    let log_after = change_log_rows(&db);
    let again = rt(&db, &["actions", "import", back.to_str().unwrap(), "--yes"]);
    let again = common::stdout(&again);
    assert!(again.contains("changed 0 actions"), "{again}");
    assert!(again.contains("already applied from this sheet"), "{again}");
    assert_eq!(change_log_rows(&db), log_after);
    // The altered fingerprint is refused on its own.
    let back2 = dir.path().join("altered.csv");
    write_csv(&back2, &h, &[altered]);
    let t = ok(&db, &["actions", "import", back2.to_str().unwrap()]);
    assert!(t.contains("its fingerprint is not the one issued"), "{t}");
    // The draft agenda says YOS's return came back.
    let agenda = ok(&db, &["agenda"]);
    assert!(
        agenda.contains(&format!("YOS: return received {AS_OF} (asked {AS_OF})")),
        "{agenda}"
    );
}

#[test]
fn a_returned_workbook_is_read_as_the_agency_filled_it_dates_as_date_cells() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let out = dir.path().join("s");
    ok(
        &db,
        &[
            "actions",
            "request",
            "--agency",
            "EDU",
            "--xlsx-only",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(sheet_files(&out, "csv").is_empty(), "--xlsx-only");
    let x = out.join(format!("MAGPan-status-EDU-{AS_OF}.xlsx"));
    let mut book: Xlsx<_> = calamine::open_workbook(&x).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let grid: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    let h: Vec<String> = grid[0].iter().map(|c| c.to_string()).collect();
    // The agency's spreadsheet program saves it again: the done date as a date cell.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in grid.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                Data::Float(f) => {
                    ws.write_number(r, c, *f).unwrap();
                }
                Data::DateTime(d) => {
                    ws.write_number(r, c, d.as_f64()).unwrap();
                }
                Data::Empty => {}
                other => {
                    ws.write_string(r, c, other.to_string()).unwrap();
                }
            }
        }
    }
    let fmt = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 11, 19).unwrap();
    ws.write_string(1, col(&h, "status") as u16, "done")
        .unwrap();
    ws.write_datetime_with_format(1, col(&h, "done_on") as u16, &date, &fmt)
        .unwrap();
    let back = dir.path().join("back.xlsx");
    wb.save(&back).unwrap();
    let first: i64 = grid[1][0].to_string().parse().unwrap();
    let t = ok(&db, &["actions", "import", back.to_str().unwrap(), "--yes"]);
    assert!(t.contains(&format!("action {first} (case")), "{t}");
    let on = strings(
        &db,
        "SELECT status || ' ' || completed_on FROM action WHERE id = ?1",
        &[rusqlite::types::Value::Integer(first)],
    );
    assert_eq!(on, vec!["done 2026-11-19"]);
}

#[test]
fn a_sheet_from_another_database_or_never_issued_is_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let other_dir = tempfile::tempdir().unwrap();
    let other = demo_db(other_dir.path());
    let (_, h, mut rows) = yos_sheet(&other, other_dir.path());
    for r in &mut rows {
        r[col(&h, "status")] = "done".into();
    }
    let back = dir.path().join("theirs.csv");
    write_csv(&back, &h, &rows);
    let before = change_log_rows(&db);
    fails(
        &db,
        &["actions", "import", back.to_str().unwrap(), "--yes"],
        2,
        "the sheet comes from another database",
    );
    assert_eq!(change_log_rows(&db), before);
    // This database's id with a sheet id it never issued.
    let uid = strings(&db, "SELECT uid FROM database_identity", &[]).remove(0);
    for r in &mut rows {
        r[col(&h, "database")] = uid.clone();
    }
    write_csv(&back, &h, &rows);
    fails(
        &db,
        &["actions", "import", back.to_str().unwrap(), "--yes"],
        2,
        "was never issued by this database",
    );
    assert_eq!(change_log_rows(&db), before);
    // Not a status sheet at all.
    let plain = dir.path().join("plain.csv");
    std::fs::write(&plain, "id,status\n1,done\n").unwrap();
    fails(
        &db,
        &["actions", "import", plain.to_str().unwrap()],
        2,
        "not a status sheet",
    );
}

#[test]
fn a_sheet_is_issued_only_for_actions_open_for_its_agency_at_that_moment() {
    use roundtable::domain::types::ActionStatus;
    use roundtable::store::{ActionId, AgencyId};
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let s = open(&db);
    let (yos, other): (i64, i64) = s
        .conn()
        .query_row(
            "SELECT (SELECT id FROM agency WHERE code = 'YOS'), (SELECT id FROM agency WHERE code <> 'YOS' LIMIT 1)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let ids = open_ids(&db, "YOS");
    let rows = |ids: &[i64]| -> Vec<(ActionId, String)> {
        ids.iter()
            .map(|a| (ActionId(*a), format!("{a:016x}")))
            .collect()
    };
    let sheets = || int(&db, "SELECT count(*) FROM status_request", &[]);
    let issue = |agency: i64, r: &[(ActionId, String)]| {
        s.issue_open_status_request(AgencyId(agency), common::as_of(), r, |_, sheet| {
            Ok(sheet.to_string())
        })
    };
    // Another agency's actions, and an action closed since it was read: nothing issued.
    assert!(issue(other, &rows(&ids)).is_err());
    s.complete_action(
        ActionId(ids[0]),
        ActionStatus::Done,
        common::as_of(),
        "Seen by the family worker",
        None,
    )
    .unwrap();
    let e = issue(yos, &rows(&ids)).unwrap_err().to_string();
    assert!(
        e.contains(&format!("action {} is no longer open", ids[0])),
        "{e}"
    );
    assert_eq!(sheets(), 0, "nothing recorded");
    // The open ones: recorded with the sheet id the files were written under.
    let (sheet, written) = issue(yos, &rows(&ids[1..])).unwrap();
    assert_eq!(sheet, written);
    assert_eq!(
        int(
            &db,
            "SELECT count(*) FROM status_request_row r JOIN status_request q ON q.id = r.request_id WHERE q.sheet = ?1",
            &[text(&sheet)]
        ),
        ids.len() as i64 - 1
    );
    // Links are checked again after it: an action that does not exist is refused.
    let e = s
        .conn()
        .execute(
            "INSERT INTO status_request_row (request_id, action_id, fingerprint) VALUES (1, 99999999, 'x')",
            [],
        )
        .unwrap_err();
    assert!(e.to_string().contains("FOREIGN KEY"), "{e}");
}
