//! Issue 19: the layers stay layers. The drawing kit (`src/kit`) imports nothing of
//! the app, the frame or the runner; the app (`src/app`) imports neither the frame
//! (`src/ui`) nor the runner (`src/tui`), so there is no app <-> ui circle.
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

use std::path::{Path, PathBuf};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out
}

/// Lines of `folder` (under src/) that name any of `forbidden` (comments left out).
fn imports(folder: &str, forbidden: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join(folder);
    let mut found = vec![];
    for p in files(&root) {
        let text = std::fs::read_to_string(&p).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if forbidden.iter().any(|f| code.contains(f)) {
                found.push(format!("{}:{}: {}", p.display(), n + 1, line.trim()));
            }
        }
    }
    found
}

#[test]
fn the_drawing_kit_imports_nothing_of_the_app() {
    let found = imports(
        "kit",
        &[
            "crate::app",
            "crate::ui",
            "crate::tui",
            "crate::store",
            "super::super",
        ],
    );
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_app_imports_neither_the_frame_nor_the_runner() {
    let found = imports("app", &["crate::ui", "crate::tui"]);
    assert!(found.is_empty(), "{}", found.join("\n"));
}
