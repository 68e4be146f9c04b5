//! docs/json.md as a tested contract (issue 25): every ```shape block there lists each
//! field of one payload with its JSON types; every `--json` command is run on the demo
//! and its output compared. A field documented but absent (unless marked `?`), present
//! but undocumented, or of a type not listed fails.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::demo_cli::{demo_db, ok};

/// path -> (types allowed, may be absent)
type Shape = BTreeMap<String, (BTreeSet<String>, bool)>;

/// The doc's shape blocks by name.
fn shapes() -> BTreeMap<String, Shape> {
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
fn check(shape: &Shape, path: &str, v: &serde_json::Value, problems: &mut BTreeSet<String>) {
    match shape.get(path) {
        None if path.is_empty() => {}
        None => {
            problems.insert(format!("{path}: present but not documented"));
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
                let key = rest.trim_end_matches("[]");
                if !*optional && !key.contains(['.', '[']) && !o.contains_key(key) {
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

/// Run `args` on `db` and compare its JSON, less `schema_version`, with shape `name`.
fn compare(
    db: &Path,
    shapes: &BTreeMap<String, Shape>,
    name: &str,
    args: &[&str],
    seen: &mut BTreeSet<String>,
) -> Vec<String> {
    let shape = shapes
        .get(name)
        .unwrap_or_else(|| panic!("docs/json.md has no shape {name}"));
    seen.insert(name.to_string());
    let mut v: serde_json::Value = serde_json::from_str(&ok(db, args)).unwrap();
    assert_eq!(v["schema_version"], 1, "{args:?}");
    v.as_object_mut().unwrap().remove("schema_version");
    let mut problems = BTreeSet::new();
    check(shape, "", &v, &mut problems);
    problems
        .into_iter()
        .map(|p| format!("{name} ({}): {p}", args.join(" ")))
        .collect()
}

#[test]
fn every_json_command_on_the_demo_matches_docs_json_md() {
    let shapes = shapes();
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    let mut run =
        |name: &str, args: &[&str]| problems.extend(compare(&db, &shapes, name, args, &mut seen));
    run("actions", &["actions", "--status", "all", "--json"]);
    run("agenda", &["agenda", "--json"]);
    run(
        "report",
        &[
            "report",
            "--from",
            "2025-11-01",
            "--to",
            "2026-11-22",
            "--json",
        ],
    );
    run(
        "report",
        &[
            "report",
            "--from",
            "2025-11-01",
            "--to",
            "2026-11-22",
            "--exact",
            "--json",
        ],
    );
    let ics = dir.path().join("c.ics");
    run(
        "events",
        &["calendar", "--out", ics.to_str().unwrap(), "--json"],
    );
    run("members", &["members", "list", "--all", "--json"]);
    run("meetings", &["meetings", "list", "--all", "--json"]);
    run("referrals", &["referral", "list", "--all", "--json"]);
    run("changes", &["audit", "--json"]);
    run(
        "would_remove",
        &[
            "purge",
            "--dry-run",
            "--closed-before",
            "2026-11-22",
            "--json",
        ],
    );
    run("cases", &["case", "--find", "a", "--json"]);
    let referrals: serde_json::Value =
        serde_json::from_str(&ok(&db, &["referral", "list", "--all", "--json"])).unwrap();
    let ids: Vec<String> = referrals["referrals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].to_string())
        .collect();
    assert!(ids.len() > 5, "the demo has referrals");
    for id in &ids {
        run("case", &["case", id, "--json"]);
    }
    let meetings: serde_json::Value =
        serde_json::from_str(&ok(&db, &["meetings", "list", "--all", "--json"])).unwrap();
    let held = meetings["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .rfind(|m| m["date"].as_str().unwrap() < common::AS_OF)
        .unwrap()["date"]
        .as_str()
        .unwrap()
        .to_string();
    let out = dir.path().join("minutes");
    std::fs::create_dir(&out).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    run(
        "files",
        &[
            "minutes",
            "--meeting",
            &held,
            "--out",
            out.to_str().unwrap(),
            "--json",
        ],
    );
    run(
        "removed",
        &["purge", "--yes", "--closed-before", "2026-11-22", "--json"],
    );
    let audit: serde_json::Value = serde_json::from_str(&ok(&db, &["audit", "--json"])).unwrap();
    assert!(!audit["changes"].as_array().unwrap().is_empty());
    let unused: Vec<&String> = shapes.keys().filter(|k| !seen.contains(*k)).collect();
    assert!(
        unused.is_empty(),
        "shapes no command was compared with: {unused:?}"
    );
    assert!(
        problems.is_empty(),
        "docs/json.md and the output differ:\n{}",
        problems.join("\n")
    );
}
