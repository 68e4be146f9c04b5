#![allow(dead_code, clippy::unwrap_used)]
//! docs/json.md as a tested contract (issue 25): every ```shape block there lists each
//! field of one payload with its JSON types; [`compare`] checks one command's output
//! against it (a field documented but absent, unless marked `?`, present but
//! undocumented, or of a type not listed is a difference) and [`lookups`] runs every
//! lookup on one panel's database, so each shipped panel's outputs are held to the
//! same contract as MAGPan's demo.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// path -> (types allowed, may be absent)
pub type Shape = BTreeMap<String, (BTreeSet<String>, bool)>;

/// The doc's shape blocks by name.
pub fn shapes() -> BTreeMap<String, Shape> {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/json.md"))
        .unwrap();
    let mut all = BTreeMap::new();
    let mut lines = doc.lines();
    while let Some(line) = lines.next() {
        let Some(name) = line.strip_prefix("```shape ") else {
            continue;
        };
        let mut shape = Shape::new();
        for l in lines.by_ref() {
            if l.starts_with("```") {
                break;
            }
            let (path, types) = l
                .split_once(": ")
                .unwrap_or_else(|| panic!("`path: types` in {name}: {l}"));
            let optional = types.ends_with('?');
            let types = types.trim_end_matches('?');
            let set = types.split('|').map(str::to_string).collect();
            assert!(
                shape.insert(path.to_string(), (set, optional)).is_none(),
                "{name}: {path} twice"
            );
        }
        assert!(
            all.insert(name.trim().to_string(), shape).is_none(),
            "{name} twice"
        );
    }
    all
}

fn type_of(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "bool",
        serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

/// Every difference between `v` (at `path`) and `shape`, added to `problems`.
pub fn check(shape: &Shape, path: &str, v: &serde_json::Value, problems: &mut BTreeSet<String>) {
    match shape.get(path) {
        None if path.is_empty() => {}
        None => {
            problems.insert(format!(
                "{path}: present but not documented ({})",
                type_of(v)
            ));
        }
        Some((types, _)) if !types.contains(type_of(v)) => {
            problems.insert(format!("{path}: a {}, not {types:?}", type_of(v)));
        }
        _ => {}
    }
    match v {
        serde_json::Value::Object(o) => {
            let prefix = if path.is_empty() {
                String::new()
            } else {
                format!("{path}.")
            };
            for (k, x) in o {
                check(shape, &format!("{prefix}{k}"), x, problems);
            }
            // Documented children of this object that it lacks.
            for (p, (_, optional)) in shape.range(prefix.clone()..) {
                let Some(rest) = p.strip_prefix(&prefix) else {
                    break;
                };
                // A direct child only: `x[]` (the elements of `x`) is checked by `x`.
                if !*optional && !rest.contains(['.', '[']) && !o.contains_key(rest) {
                    problems.insert(format!("{p}: documented but absent"));
                }
            }
        }
        serde_json::Value::Array(a) => {
            for x in a {
                check(shape, &format!("{path}[]"), x, problems);
            }
        }
        _ => {}
    }
}

/// Compare `out`, what `args` printed with `--json`, less `schema_version`, with
/// shape `name`; the differences, each naming the shape and the command.
pub fn compare(
    out: &str,
    shapes: &BTreeMap<String, Shape>,
    name: &str,
    args: &[&str],
    seen: &mut BTreeSet<String>,
) -> Vec<String> {
    let shape = shapes
        .get(name)
        .unwrap_or_else(|| panic!("docs/json.md has no shape {name}"));
    seen.insert(name.to_string());
    let mut v: serde_json::Value = serde_json::from_str(out).unwrap();
    assert_eq!(v["schema_version"], 1, "{args:?}");
    v.as_object_mut().unwrap().remove("schema_version");
    let mut problems = BTreeSet::new();
    check(shape, "", &v, &mut problems);
    problems
        .into_iter()
        .map(|p| format!("{name} ({}): {p}", args.join(" ")))
        .collect()
}

/// Every `--json` lookup that changes nothing, run by `run` (the binary on one panel's
/// database; it returns standard output) and compared with docs/json.md: actions,
/// agenda, report (suppressed and exact), calendar, members, meetings, referrals,
/// audit, case search, every case, and the minutes of the last meeting held before
/// `today` (written into `dir`). The differences, and the shapes used.
pub fn lookups(
    run: &mut dyn FnMut(&[&str]) -> String,
    dir: &Path,
    today: &str,
) -> (Vec<String>, BTreeSet<String>) {
    let shapes = shapes();
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    let mut go = |name: &str, args: &[&str], run: &mut dyn FnMut(&[&str]) -> String| {
        let out = run(args);
        // A panel with its own return (`[return]`) prints `return`, not section 12's `report`.
        let own = name == "report" && out.contains("\"return\"");
        let name = if own { "return" } else { name };
        problems.extend(compare(&out, &shapes, name, args, &mut seen));
        out
    };
    go("actions", &["actions", "--status", "all", "--json"], run);
    go("agenda", &["agenda", "--json"], run);
    let from = "2000-01-01";
    go(
        "report",
        &["report", "--from", from, "--to", today, "--json"],
        run,
    );
    go(
        "report",
        &["report", "--from", from, "--to", today, "--exact", "--json"],
        run,
    );
    let ics = dir.join("contract.ics");
    go(
        "events",
        &["calendar", "--out", ics.to_str().unwrap(), "--json"],
        run,
    );
    go("members", &["members", "list", "--all", "--json"], run);
    let meetings = go("meetings", &["meetings", "list", "--all", "--json"], run);
    let referrals = go("referrals", &["referral", "list", "--all", "--json"], run);
    go("changes", &["audit", "--json"], run);
    go("cases", &["case", "--find", "a", "--json"], run);
    let referrals: serde_json::Value = serde_json::from_str(&referrals).unwrap();
    for r in referrals["referrals"].as_array().unwrap() {
        go("case", &["case", &r["id"].to_string(), "--json"], run);
    }
    let meetings: serde_json::Value = serde_json::from_str(&meetings).unwrap();
    let held = meetings["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["date"].as_str().unwrap() < today)
        .filter(|m| m["state"].as_str() != Some("planned"))
        .map(|m| m["date"].as_str().unwrap().to_string())
        .next_back();
    if let Some(held) = held {
        let out = dir.join("contract-minutes");
        std::fs::create_dir_all(&out).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o700)).unwrap();
        }
        go(
            "files",
            &[
                "minutes",
                "--meeting",
                &held,
                "--out",
                out.to_str().unwrap(),
                "--json",
            ],
            run,
        );
    }
    (problems, seen)
}
