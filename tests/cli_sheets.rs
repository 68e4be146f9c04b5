//! Spreadsheets and the marking in CSV (issue 25): `--xlsx FILE` wherever `--csv` is
//! offered, read back by unzipping the file and reading its XML; `--csv` on the lists.
//! Protocol section 9: every document carries the protective marking.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

mod common;

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;
use common::demo_cli::*;

/// One cell as the sheet stores it: its type attribute (`s` shared string, `b`
/// boolean, none for a number), its style index and its value (the string itself
/// for a shared string).
#[derive(Debug, Clone, PartialEq)]
struct XCell {
    t: String,
    style: String,
    v: String,
}

struct Sheet {
    cells: HashMap<String, XCell>,
    sheet_xml: String,
    styles_xml: String,
}

fn part(zip: &mut zip::ZipArchive<std::fs::File>, name: &str) -> String {
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn attr(tag: &str, name: &str) -> String {
    let key = format!(" {name}=\"");
    tag.find(&key)
        .map(|i| {
            let rest = &tag[i + key.len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .unwrap_or_default()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn read_sheet(path: &Path) -> Sheet {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let shared_xml = part(&mut zip, "xl/sharedStrings.xml");
    let shared: Vec<String> = shared_xml
        .split("<si>")
        .skip(1)
        .map(|si| {
            let t = &si[si.find("<t").unwrap()..];
            let t = &t[t.find('>').unwrap() + 1..];
            unescape(&t[..t.find("</t>").unwrap()])
        })
        .collect();
    let sheet_xml = part(&mut zip, "xl/worksheets/sheet1.xml");
    let styles_xml = part(&mut zip, "xl/styles.xml");
    let mut cells = HashMap::new();
    for c in sheet_xml.split("<c ").skip(1) {
        let tag = format!(" {}", &c[..c.find('>').unwrap()]);
        let t = attr(&tag, "t");
        let v = c
            .find("<v>")
            .map(|i| c[i + 3..c.find("</v>").unwrap()].to_string())
            .unwrap_or_default();
        let v = if t == "s" {
            shared[v.parse::<usize>().unwrap()].clone()
        } else {
            v
        };
        cells.insert(
            attr(&tag, "r"),
            XCell {
                t,
                style: attr(&tag, "s"),
                v,
            },
        );
    }
    Sheet {
        cells,
        sheet_xml,
        styles_xml,
    }
}

impl Sheet {
    fn at(&self, r: &str) -> XCell {
        self.cells
            .get(r)
            .cloned()
            .unwrap_or_else(|| panic!("no cell {r}"))
    }

    /// The number format code of a cell's style (`General` when it has none).
    fn format_of(&self, cell: &XCell) -> String {
        let xfs = &self.styles_xml[self.styles_xml.find("<cellXfs").unwrap()..];
        let xf = xfs
            .split("<xf ")
            .skip(1)
            .nth(cell.style.parse::<usize>().unwrap_or(0))
            .unwrap();
        let id = attr(&format!(" {xf}"), "numFmtId");
        match id.as_str() {
            "0" | "" => "General".into(),
            "49" => "@".into(),
            _ => {
                let at = self
                    .styles_xml
                    .find(&format!("numFmtId=\"{id}\" formatCode=\""))
                    .unwrap();
                attr(&format!(" {}", &self.styles_xml[at..]), "formatCode")
            }
        }
    }
}

fn marking(db: &Path) -> String {
    strings(db, "SELECT protective_marking FROM panel", &[])
        .pop()
        .unwrap()
}

/// Days since 1899-12-30: how a spreadsheet stores a date.
fn serial(d: &str) -> String {
    let d: NaiveDate = d.parse().unwrap();
    (d - NaiveDate::from_ymd_opt(1899, 12, 30).unwrap())
        .num_days()
        .to_string()
}

#[test]
fn actions_xlsx_has_typed_cells_the_same_rows_as_json_and_the_marking_on_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let file = dir.path().join("actions.xlsx");
    let said = ok(
        &db,
        &[
            "actions",
            "--status",
            "all",
            "--xlsx",
            file.to_str().unwrap(),
        ],
    );
    assert!(said.contains("owner-only"), "{said}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let v = json(&db, &["actions", "--status", "all", "--json"]);
    let rows = v.as_array().unwrap();
    assert!(rows.len() > 10, "the demo has actions");
    let s = read_sheet(&file);
    assert_eq!(s.at("A1").v, "id");
    assert_eq!(s.at("B1").v, "due_on");
    for (i, r) in rows.iter().enumerate() {
        let n = i + 2;
        let id = s.at(&format!("A{n}"));
        assert_eq!((id.t.as_str(), id.v.clone()), ("", r["id"].to_string()));
        let due = s.at(&format!("B{n}"));
        assert_eq!(due.t, "", "a date is a number with a date format");
        assert_eq!(due.v, serial(r["due_on"].as_str().unwrap()));
        assert_eq!(s.format_of(&due), "yyyy-mm-dd");
        let overdue = s.at(&format!("D{n}"));
        assert_eq!(overdue.t, "b");
        assert_eq!(overdue.v, if r["overdue"] == true { "1" } else { "0" });
        let agency = s.at(&format!("F{n}"));
        assert_eq!(agency.t, "s");
        assert_eq!(s.format_of(&agency), "@", "people's text is a text cell");
        assert_eq!(agency.v, r["agency"].as_str().unwrap());
    }
    let m = marking(&db);
    assert!(
        s.sheet_xml
            .contains(&format!("<oddHeader>&amp;C{m}</oddHeader>")),
        "{}",
        s.sheet_xml
    );
    assert!(s
        .sheet_xml
        .contains(&format!("<oddFooter>&amp;C{m}</oddFooter>")));
}

#[test]
fn text_a_person_typed_stays_text_in_xlsx_and_carries_the_marking_in_csv() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    for (name, post) in [("Wenna Catterall", "0042"), ("Osric Pellow", "=1+1")] {
        ok(
            &db,
            &[
                "members", "add", "--name", name, "--post", post, "--agency", "YOS",
            ],
        );
    }
    let file = dir.path().join("members.xlsx");
    ok(&db, &["members", "list", "--xlsx", file.to_str().unwrap()]);
    let s = read_sheet(&file);
    assert_eq!(s.at("C1").v, "post");
    let posts: Vec<XCell> = (2..200)
        .filter_map(|n| s.cells.get(&format!("C{n}")).cloned())
        .collect();
    let zeros = posts.iter().find(|c| c.v == "0042").unwrap();
    assert_eq!(zeros.t, "s", "0042 stays text, not the number 42");
    assert_eq!(s.format_of(zeros), "@");
    let formula = posts.iter().find(|c| c.v == "=1+1");
    assert!(formula.is_some(), "no formula guard shown: {posts:?}");
    assert!(!s.sheet_xml.contains("<f>"), "never a formula");

    // CSV: RFC 4180 with the marking in a last column of every record, and the
    // formula guard kept for programs that would run it.
    let m = marking(&db);
    let text = ok(&db, &["members", "list", "--csv"]);
    let mut rdr = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = rdr.headers().unwrap().clone();
    assert_eq!(headers.iter().next_back(), Some("marking"));
    let recs: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert!(recs.iter().any(|r| &r[2] == "0042"));
    assert!(recs.iter().any(|r| &r[2] == "'=1+1"));
    for r in &recs {
        assert_eq!(r.len(), headers.len());
        assert_eq!(&r[headers.len() - 1], m);
    }
}

#[test]
fn every_list_and_table_offers_csv_with_the_marking_and_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let m = marking(&db);
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("actions", vec!["actions", "--status", "all"]),
        ("meetings", vec!["meetings", "list", "--all"]),
        ("referrals", vec!["referral", "list", "--all"]),
        ("members", vec!["members", "list", "--all"]),
        ("agenda", vec!["agenda"]),
        (
            "report",
            vec!["report", "--from", "2026-01-01", "--to", "2026-11-22"],
        ),
    ];
    for (name, args) in cases {
        let mut csv_args = args.clone();
        csv_args.push("--csv");
        let text = ok(&db, &csv_args);
        let mut rdr = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let n = rdr.headers().unwrap().len();
        assert_eq!(rdr.headers().unwrap().get(n - 1), Some("marking"), "{name}");
        let recs: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
        assert!(!recs.is_empty(), "{name}: the demo has rows");
        assert!(recs.iter().all(|r| r[n - 1] == *m), "{name}");

        let file = dir.path().join(format!("{name}.xlsx"));
        let mut x_args = args.clone();
        x_args.extend(["--xlsx", file.to_str().unwrap()]);
        ok(&db, &x_args);
        let s = read_sheet(&file);
        assert!(s.sheet_xml.contains(&format!("&amp;C{m}")), "{name}");
        // The same rows as the CSV (plus the header row).
        let rows_in_sheet = s.sheet_xml.matches("<row ").count();
        assert_eq!(rows_in_sheet, recs.len() + 1, "{name}");
    }
}

#[test]
fn a_spreadsheet_is_not_printed_and_not_mixed_with_other_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    fails(&db, &["actions", "--xlsx", "-"], 2, "needs a file name");
    let o = rt(&db, &["members", "list", "--json", "--xlsx", "x.xlsx"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!dir.path().join("x.xlsx").exists());
}
