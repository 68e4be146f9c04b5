//! The manual pages (issue 25): ENVIRONMENT, FILES and EXIT STATUS on `roundtable(1)`,
//! every page a reference points to is written, and none points to a page that is not
//! (there was a `roundtable-help(1)`).

mod common;

use common::{run, stderr, stdout};

/// The roff text of section `name` of a page (up to the next `.SH`).
fn section<'a>(page: &'a str, name: &str) -> &'a str {
    let starts = [format!(".SH {name}\n"), format!(".SH \"{name}\"\n")];
    let at = starts
        .iter()
        .find_map(|s| page.find(s.as_str()).map(|i| i + s.len()))
        .unwrap_or_else(|| panic!("no section {name} in:\n{page}"));
    let rest = &page[at..];
    &rest[..rest.find("\n.SH ").unwrap_or(rest.len())]
}

/// The page names `roundtable-x(1)` a roff text refers to.
fn references(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let plain = text.replace("\\-", "-");
    let mut rest = plain.as_str();
    while let Some(at) = rest.find("(1)") {
        let before = &rest[..at];
        let start = before
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .map_or(0, |i| i + 1);
        let name = &before[start..];
        if name.starts_with("roundtable") {
            found.push(name.to_string());
        }
        rest = &rest[at + 3..];
    }
    found
}

#[test]
fn the_main_page_has_environment_files_and_exit_status() {
    let o = run(&["man"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = stdout(&o);
    let env = section(&page, "ENVIRONMENT");
    for var in [
        "ROUNDTABLE_DB",
        "ROUNDTABLE_KEY",
        "ROUNDTABLE_CONFIG",
        "ROUNDTABLE_TODAY",
        "NO_COLOR",
        "TERM",
    ] {
        assert!(env.contains(&format!("\\fB{var}\\fR")), "{var} in:\n{env}");
    }
    let files = section(&page, "FILES");
    for f in [
        "config.toml",
        "roundtable.db",
        "DATABASE\\-wal",
        "DATABASE\\-shm",
        ".unsaved\\-",
    ] {
        assert!(files.contains(f), "{f} in:\n{files}");
    }
    let exit = section(&page, "EXIT STATUS");
    for code in ["0", "1", "2"] {
        assert!(exit.contains(&format!(".TP\n\\fB{code}\\fR\n")), "{code}");
    }
    assert!(
        !page.contains("roundtable\\-help"),
        "no help page is written"
    );
}

#[test]
fn every_page_referred_to_is_written_and_each_points_to_the_main_one() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&["man", "--out", dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let pages: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(pages.contains(&"roundtable.1".to_string()));
    assert!(pages.contains(&"roundtable-members-list.1".to_string()));
    assert!(
        pages.iter().all(|p| !p.contains("help")),
        "no help pages: {pages:?}"
    );
    for p in &pages {
        let text = std::fs::read_to_string(dir.path().join(p)).unwrap();
        for r in references(&text) {
            assert!(
                pages.contains(&format!("{r}.1")),
                "{p} refers to {r}(1), not written"
            );
        }
        section(&text, "EXIT STATUS");
        if p != "roundtable.1" {
            assert!(
                section(&text, "SEE ALSO").contains("\\fBroundtable\\fR(1)"),
                "{p}"
            );
        }
    }
    // The written main page is the printed one.
    let main = std::fs::read_to_string(dir.path().join("roundtable.1")).unwrap();
    assert_eq!(main, stdout(&run(&["man"])));
}

#[test]
fn the_main_page_reads_without_roff_warnings_where_groff_is_installed() {
    let Ok(check) = std::process::Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    else {
        eprintln!("groff not installed: roff not checked");
        return;
    };
    let mut check = check;
    use std::io::Write;
    check
        .stdin
        .take()
        .unwrap()
        .write_all(&run(&["man"]).stdout)
        .unwrap();
    let o = check.wait_with_output().unwrap();
    assert!(o.status.success());
    assert_eq!(String::from_utf8_lossy(&o.stderr), "", "groff warnings");
}
