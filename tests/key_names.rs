//! Issue 19: the key a message or hint names is the key that works. Every user-facing
//! string in the screens takes key names from the key table (`app::keys::key`), so no
//! string literal in `src/app`, `src/ui` or `src/tui` (outside the tables themselves
//! and tests) spells a key such as "Ctrl-D", "F4", "PgDn" or "Esc".
#![allow(clippy::unwrap_used)] // a test: a failure is a panic with its message

use std::path::Path;

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The string literals on a line of code (comments left out).
fn literals(line: &str) -> Vec<String> {
    let code = line.split("//").next().unwrap_or("");
    code.split('"')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s.to_string())
        .collect()
}

fn names_a_key(s: &str) -> bool {
    let words: Vec<&str> = s
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .collect();
    words.iter().any(|w| {
        w.starts_with("Ctrl-")
            || w.starts_with("Alt-")
            || matches!(*w, "PgDn" | "PgUp" | "Esc")
            || (w.len() <= 3
                && w.starts_with('F')
                && w.len() > 1
                && w[1..].chars().all(|c| c.is_ascii_digit()))
    })
}

#[test]
fn no_screen_string_spells_a_key_the_table_does_not_give() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = vec![];
    for d in ["app", "ui", "tui"] {
        files(&root.join(d), &mut all);
    }
    let mut found = vec![];
    for p in all {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if name == "keys.rs" || name == "edit_keys.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        for (n, line) in code.lines().enumerate() {
            for lit in literals(line) {
                if names_a_key(&lit) {
                    found.push(format!("{}:{}: {lit:?}", p.display(), n + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "key names spelled by hand (use app::keys::key):\n{}",
        found.join("\n")
    );
}
