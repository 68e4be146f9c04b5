//! `actions --overdue --agency YOS` side by side with Taskwarrior 2.6 (issue 14;
//! since issue 24 on each form of the database, plain and encrypted):
//! every action of the demo, open or not, in a private Taskwarrior data folder and
//! rc file (open actions pending, done ones completed, the rest deleted; project =
//! agency code; due at the end of the due day, so that both count the same actions
//! overdue), then `task project:YOS +OVERDUE list` against `roundtable actions
//! --overdue --agency YOS`, and `task ... export` against `--json`, run alternately.
//!
//! The actions are written into Taskwarrior's own data files (its `[name:"value"]`
//! lines, as `task import` leaves them) rather than imported one by one, which at a
//! million actions would take hours.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime};
use roundtable::store::Store;

use super::keys::Form;
use super::{ms, pct, roundtable, time};

/// `s` as a Taskwarrior data-file value: JSON-escaped, brackets as entities.
fn ff4(s: &str) -> String {
    let json = serde_json::to_string(s).unwrap();
    json[1..json.len() - 1]
        .replace('[', "&open;")
        .replace(']', "&close;")
}

fn epoch(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp()
}

fn end_of(d: NaiveDate) -> i64 {
    epoch(d.and_hms_opt(23, 59, 59).unwrap())
}

/// Write every action of `db` into Taskwarrior data files in `data`; the number of
/// pending tasks.
fn write_data(db: &Path, data: &Path) -> usize {
    let s = Store::open_existing(db, None).unwrap();
    let mut st = s
        .conn()
        .prepare(
            "SELECT a.id, a.description, ag.code, a.due_on, a.status, a.completed_on, a.created_at
             FROM action a JOIN agency ag ON ag.id = a.agency_id ORDER BY a.id",
        )
        .unwrap();
    let mut pending =
        std::io::BufWriter::new(std::fs::File::create(data.join("pending.data")).unwrap());
    let mut done =
        std::io::BufWriter::new(std::fs::File::create(data.join("completed.data")).unwrap());
    let mut rows = st.query([]).unwrap();
    let (mut n, mut line) = (0, String::new());
    while let Some(r) = rows.next().unwrap() {
        let id: i64 = r.get(0).unwrap();
        let description: String = r.get(1).unwrap();
        let code: String = r.get(2).unwrap();
        let due: NaiveDate = r.get(3).unwrap();
        let status: String = r.get(4).unwrap();
        let completed: Option<NaiveDate> = r.get(5).unwrap();
        // Stored in UTC with its `Z` (as the store writes every time).
        let created: chrono::DateTime<chrono::Utc> = r.get(6).unwrap();
        let entry = created.timestamp();
        line.clear();
        let _ = write!(
            line,
            "[description:\"{}\" due:\"{}\" ",
            ff4(&description),
            end_of(due)
        );
        if let Some(c) = completed.filter(|_| status != "open") {
            let _ = write!(line, "end:\"{}\" ", epoch(c.and_hms_opt(12, 0, 0).unwrap()));
        }
        let tw_status = match status.as_str() {
            "open" => "pending",
            "done" => "completed",
            _ => "deleted",
        };
        let _ = writeln!(
            line,
            "entry:\"{entry}\" modified:\"{entry}\" project:\"{}\" status:\"{tw_status}\" uuid:\"00000000-0000-4000-8000-{id:012x}\"]",
            ff4(&code)
        );
        if tw_status == "pending" {
            n += 1;
            pending.write_all(line.as_bytes()).unwrap();
        } else {
            done.write_all(line.as_bytes()).unwrap();
        }
    }
    pending.flush().unwrap();
    done.flush().unwrap();
    n
}

fn task(rc: &Path, args: &[&str]) -> Command {
    let mut c = Command::new("task");
    c.arg(format!("rc:{}", rc.display()))
        .args(args)
        .env_remove("TASKRC")
        .env_remove("TASKDATA")
        .stdin(Stdio::null());
    c
}

/// p50 and p99 in ms of sorted-in-place `t`.
fn p50_p99(t: &mut [Duration]) -> (f64, f64) {
    t.sort();
    (ms(pct(t, 0.5)), ms(pct(t, 0.99)))
}

/// Taskwarrior beside each of `forms` (the plain demo first). The Taskwarrior data is
/// kept in `dir` (`task-SCALE-TODAY`) and reused when `keep` and already written.
pub fn side_by_side(
    scale: &str,
    forms: &[Form],
    today: NaiveDate,
    runs: usize,
    dir: &Path,
    keep: bool,
) {
    let version = Command::new("task").arg("--version").output();
    let Ok(version) = version.map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string()) else {
        println!("Taskwarrior: `task` is not installed here; the side by side is skipped (Debian: apt-get install taskwarrior)");
        return;
    };
    let Some(plain) = forms.iter().find(|f| f.key.is_none()) else {
        println!("Taskwarrior: the side by side needs the plain form (RT_BENCH_KEYS)");
        return;
    };
    let db = plain.db.as_path();
    let dir = dir.join(format!("task-{scale}-{today}"));
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    let rc = dir.join("taskrc");
    std::fs::write(
        &rc,
        format!(
            "data.location={}\nconfirmation=off\nhooks=off\nnews.version={version}\n",
            data.display()
        ),
    )
    .unwrap();
    let pending = if keep && data.join("pending.data").exists() {
        println!("  Taskwarrior data: reusing {}", data.display());
        0
    } else {
        write_data(db, &data)
    };
    let tw_count = task(&rc, &["project:YOS", "+OVERDUE", "count"])
        .output()
        .unwrap();
    let tw_count = String::from_utf8_lossy(&tw_count.stdout).trim().to_string();
    let rt_count: i64 = Store::open_existing(db, None)
        .unwrap()
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM action a JOIN agency ag ON ag.id = a.agency_id
             WHERE ag.code = 'YOS' AND a.status = 'open' AND a.due_on < ?1",
            [today.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    println!(
        "  Taskwarrior {version} side by side ({pending} pending tasks written; YOS overdue: task {tw_count}, roundtable {rt_count}); {runs} runs each, alternately:"
    );
    for form in forms {
        let key: Vec<String> = form
            .key
            .iter()
            .flat_map(|k| ["--key-file".to_string(), k.to_string_lossy().into()])
            .collect();
        let with_key = |args: &[&str]| -> Vec<String> {
            key.iter()
                .cloned()
                .chain(args.iter().map(|a| a.to_string()))
                .collect()
        };
        let rt_list = with_key(&["actions", "--overdue", "--agency", "YOS"]);
        let rt_json = with_key(&["actions", "--overdue", "--agency", "YOS", "--json"]);
        let rt_list: Vec<&str> = rt_list.iter().map(String::as_str).collect();
        let rt_json: Vec<&str> = rt_json.iter().map(String::as_str).collect();
        let tw_list = ["project:YOS", "+OVERDUE", "list"];
        let tw_json = ["project:YOS", "+OVERDUE", "export"];
        let db = form.db.as_path();
        time(&mut roundtable(db, today, &rt_list));
        time(&mut task(&rc, &tw_list));
        let (mut a, mut b, mut c, mut d) = (vec![], vec![], vec![], vec![]);
        for _ in 0..runs {
            a.push(time(&mut roundtable(db, today, &rt_list)));
            b.push(time(&mut task(&rc, &tw_list)));
            c.push(time(&mut roundtable(db, today, &rt_json)));
            d.push(time(&mut task(&rc, &tw_json)));
        }
        for (what, rt, tw) in [
            ("list (table)", &mut a, &mut b),
            ("export (JSON)", &mut c, &mut d),
        ] {
            let (rt50, rt99) = p50_p99(rt);
            let (tw50, tw99) = p50_p99(tw);
            println!(
                "    {:<11} {what:<14} roundtable p50 {rt50:7.1} ms p99 {rt99:7.1} ms | task p50 {tw50:8.1} ms p99 {tw99:8.1} ms | task/roundtable {:.0}× (target ≥ 100×)",
                form.label,
                tw50 / rt50
            );
        }
    }
}
